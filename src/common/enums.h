// flowstate's enumerations, from their one table (enums.inc): names, parsing and range checks
// for every layer. A module defines its `enum class` from the table's rows, e.g.
//
//   enum class Origin : int { FLOWSTATE_ENUM_VALUES_ORIGIN(FLOWSTATE_ENUMERATOR) };
//   constexpr int EnumTypeOf(Origin) { return enum_type::origin; }
//
// and NameOf(value) / ParseAs<Origin>(text) then work for it. Thread-safe: the tables are
// constant.
#ifndef FLOWSTATE_SRC_COMMON_ENUMS_H_
#define FLOWSTATE_SRC_COMMON_ENUMS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/enums.inc"

#define FLOWSTATE_ENUMERATOR(enumerator, value, constant, name, doc) enumerator = value,
#define FLOWSTATE_ENUM_COUNT_ONE(enumerator, value, constant, name, doc) +1

namespace flowstate::core {

// The enumerations' ids, in table order (FLOWSTATE_ENUM_<ID> in the C ABI).
namespace enum_type {
enum : int {
#define FLOWSTATE_ENUM_TYPE_ID(ID, id, prefix, doc) id,
  FLOWSTATE_ENUM_TYPES(FLOWSTATE_ENUM_TYPE_ID)
#undef FLOWSTATE_ENUM_TYPE_ID
      kCount
};
}  // namespace enum_type

struct EnumValueInfo {
  int value;
  const char* constant;  // the C constant without its prefix: "LATEST_STATE"
  const char* name;      // what flowstate writes and reads: "LATEST_STATE", "memory size"
  const char* doc;       // what it means; may be empty
};

struct EnumTypeInfo {
  const char* id;      // "restore_strategy"
  const char* prefix;  // "FLOWSTATE_RESTORE_"
  const char* doc;
  const EnumValueInfo* values;  // in table order
  size_t count;
};

size_t EnumTypeCount();
// nullptr when `type` is not an enumeration's id.
const EnumTypeInfo* EnumType(int type);
// The value's entry, or nullptr when `value` is not one of the type's values.
const EnumValueInfo* EnumValue(int type, int value);
// The value's name, or nullptr (unknown type or value).
const char* EnumName(int type, int value);
inline bool EnumValid(int type, int value) { return EnumValue(type, value) != nullptr; }
// A value from its name or its C constant's suffix, ignoring case and treating '-', '_' and
// ' ' alike ("latest-state", "LATEST_STATE", "memory size", "MEMORY_SIZE").
std::optional<int> EnumParse(int type, std::string_view text);
// The names, for messages and help: "none, header, structure, files".
std::string EnumChoices(int type, std::string_view separator = ", ");

// Typed forms, for an enum class E with a constexpr int EnumTypeOf(E) in its namespace.
template <typename E>
constexpr int EnumTypeId() {
  return EnumTypeOf(E{});  // found by argument-dependent lookup
}
template <typename E>
const char* NameOf(E value) {
  return EnumName(EnumTypeId<E>(), static_cast<int>(value));
}
// The name, or `fallback` for a value that is none of E's.
template <typename E>
const char* NameOr(E value, const char* fallback) {
  const char* name = NameOf(value);
  return name != nullptr ? name : fallback;
}
template <typename E>
std::optional<E> ParseAs(std::string_view text) {
  auto v = EnumParse(EnumTypeId<E>(), text);
  if (!v) return std::nullopt;
  return static_cast<E>(*v);
}
template <typename E>
bool IsValid(int value) {
  return EnumValid(EnumTypeId<E>(), value);
}

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_ENUMS_H_
