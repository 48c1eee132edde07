#include "common/enums.h"

#include <array>
#include <cctype>

namespace flowstate::core {
namespace {

#define FLOWSTATE_ENUM_VALUE_INFO(enumerator, value, constant, name, doc) \
  EnumValueInfo{value, constant, name, doc},
#define FLOWSTATE_ENUM_VALUE_ARRAY(ID, id, prefix, doc) \
  constexpr EnumValueInfo k_##id[] = {FLOWSTATE_ENUM_VALUES_##ID(FLOWSTATE_ENUM_VALUE_INFO)};
FLOWSTATE_ENUM_TYPES(FLOWSTATE_ENUM_VALUE_ARRAY)
#undef FLOWSTATE_ENUM_VALUE_ARRAY
#undef FLOWSTATE_ENUM_VALUE_INFO

constexpr EnumTypeInfo kTypes[] = {
#define FLOWSTATE_ENUM_TYPE_INFO(ID, id, prefix, doc) \
  EnumTypeInfo{#id, prefix, doc, k_##id, sizeof(k_##id) / sizeof(k_##id[0])},
    FLOWSTATE_ENUM_TYPES(FLOWSTATE_ENUM_TYPE_INFO)
#undef FLOWSTATE_ENUM_TYPE_INFO
};
static_assert(sizeof(kTypes) / sizeof(kTypes[0]) == enum_type::kCount);

// Values are unique within each type: the name and parse functions rely on it.
constexpr bool UniqueValues() {
  for (const auto& t : kTypes) {
    for (size_t i = 0; i < t.count; ++i) {
      for (size_t j = i + 1; j < t.count; ++j) {
        if (t.values[i].value == t.values[j].value) return false;
      }
    }
  }
  return true;
}
static_assert(UniqueValues(), "an enumeration in enums.inc repeats a value");

char Fold(char c) {
  if (c == '-' || c == ' ') return '_';
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool SameWord(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Fold(a[i]) != Fold(b[i])) return false;
  }
  return true;
}

}  // namespace

size_t EnumTypeCount() { return enum_type::kCount; }

const EnumTypeInfo* EnumType(int type) {
  if (type < 0 || type >= enum_type::kCount) return nullptr;
  return &kTypes[type];
}

const EnumValueInfo* EnumValue(int type, int value) {
  const EnumTypeInfo* t = EnumType(type);
  if (t == nullptr) return nullptr;
  for (size_t i = 0; i < t->count; ++i) {
    if (t->values[i].value == value) return &t->values[i];
  }
  return nullptr;
}

const char* EnumName(int type, int value) {
  const EnumValueInfo* v = EnumValue(type, value);
  return v == nullptr ? nullptr : v->name;
}

std::optional<int> EnumParse(int type, std::string_view text) {
  const EnumTypeInfo* t = EnumType(type);
  if (t == nullptr || text.empty()) return std::nullopt;
  for (size_t i = 0; i < t->count; ++i) {
    if (SameWord(text, t->values[i].name)) return t->values[i].value;
  }
  for (size_t i = 0; i < t->count; ++i) {
    if (SameWord(text, t->values[i].constant)) return t->values[i].value;
  }
  return std::nullopt;
}

std::string EnumChoices(int type, std::string_view separator) {
  std::string out;
  const EnumTypeInfo* t = EnumType(type);
  if (t == nullptr) return out;
  for (size_t i = 0; i < t->count; ++i) {
    if (i > 0) out.append(separator);
    out.append(t->values[i].name);
  }
  return out;
}

}  // namespace flowstate::core
