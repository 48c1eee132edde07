// The C ABI's view of the enumeration table (src/common/enums.inc).
#include "common/enums.h"
#include "capi/capi.h"
#include "common/strings.h"

namespace flowstate::capi {
namespace {

#define FLOWSTATE_ENUM_ID_CHECK(ID, id, prefix, doc)        \
  static_assert(FLOWSTATE_ENUM_##ID == core::enum_type::id, \
                "FLOWSTATE_ENUM_" #ID " in enums.h is not its position in enums.inc");
FLOWSTATE_ENUM_TYPES(FLOWSTATE_ENUM_ID_CHECK)
#undef FLOWSTATE_ENUM_ID_CHECK

int UnknownType(int type) {
  return SetError(core::Status::InvalidArgument(
      core::StrCat("no enumeration has id ", type, " (0 to ", core::EnumTypeCount() - 1, ")")));
}

}  // namespace
}  // namespace flowstate::capi

using namespace flowstate;
using namespace flowstate::capi;

extern "C" {

FLOWSTATE_API size_t flowstate_enum_type_count(void) {
  return GuardValue<size_t>(0, [] { return core::EnumTypeCount(); });
}

FLOWSTATE_API const char* flowstate_enum_type_name(int type) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const core::EnumTypeInfo* t = core::EnumType(type);
    return t == nullptr ? nullptr : t->id;
  });
}

FLOWSTATE_API size_t flowstate_enum_count(int type) {
  return GuardValue<size_t>(0, [&]() -> size_t {
    const core::EnumTypeInfo* t = core::EnumType(type);
    return t == nullptr ? 0 : t->count;
  });
}

FLOWSTATE_API int flowstate_enum_value_get(int type, size_t index, flowstate_enum_value_info* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v =
        CheckVersion(out->version, FLOWSTATE_ENUM_VALUE_INFO_VERSION, "flowstate_enum_value_info");
    if (!v.ok()) return SetError(v);
    const core::EnumTypeInfo* t = core::EnumType(type);
    if (t == nullptr) return UnknownType(type);
    if (index >= t->count) {
      return SetError(core::Status::InvalidArgument(
          core::StrCat("index ", index, " out of range: ", t->id, " has ", t->count, " values")));
    }
    const core::EnumValueInfo& e = t->values[index];
    out->value = e.value;
    out->constant = e.constant;
    out->name = e.name;
    out->doc = e.doc;
    out->prefix = t->prefix;
    return kOk;
  });
}

FLOWSTATE_API const char* flowstate_enum_name(int type, int value) {
  return GuardValue<const char*>(nullptr, [&] { return core::EnumName(type, value); });
}

FLOWSTATE_API int flowstate_enum_parse(int* out, int type, const char* text) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = 0;
    if (text == nullptr) return NullArgument("text");
    const core::EnumTypeInfo* t = core::EnumType(type);
    if (t == nullptr) return UnknownType(type);
    std::optional<int> v = core::EnumParse(type, text);
    if (!v) {
      return SetError(core::Status::InvalidArgument(core::StrCat(
          "'", text, "' is not a ", t->id, ": expected one of ", core::EnumChoices(type))));
    }
    *out = *v;
    return kOk;
  });
}

}  // extern "C"
