/// @file
/// flowstate/enums.hpp: the C++ view of flowstate/enums.h: every enumeration's values, names
/// and meanings, as the library describes them.
#ifndef FLOWSTATE_ENUMS_HPP
#define FLOWSTATE_ENUMS_HPP

#include <string>
#include <string_view>
#include <vector>

#include "flowstate/enum_types.hpp"
#include "flowstate/enums.h"
#include "flowstate/status.hpp"

namespace flowstate {

struct EnumValue {
  int value = 0;
  std::string constant;  ///< the C constant without its prefix: "LATEST_STATE"
  std::string name;      ///< what flowstate writes and reads: "LATEST_STATE"
  std::string doc;       ///< what it means; may be empty
};

/// The value's name, or nullptr when it is not one of the enumeration's (FLOWSTATE_ENUM_*).
inline const char* enum_name(int type, int value) { return flowstate_enum_name(type, value); }

/// The value named `text` (its name or constant, any case, '-' '_' ' ' alike).
inline Result<int> enum_parse(int type, std::string_view text) {
  std::string t(text);
  int out = 0;
  int rc = flowstate_enum_parse(&out, type, t.c_str());
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return out;
}

/// The name of `value` ("files" for VerifyLevel::files), or nullptr when it is none of E's.
template <typename E, typename = decltype(enum_id(E{}))>
const char* enum_name(E value) {
  return flowstate_enum_name(enum_id(E{}), static_cast<int>(value));
}

/// The name of `value` ("LATEST_STATE" for RestoreStrategy::latest_state); "" when it is none
/// of E's values.
template <typename E, typename = decltype(enum_id(E{}))>
std::string to_string(E value) {
  const char* name = enum_name(value);
  return name != nullptr ? name : "";
}

/// The value of E named `text`: enum_parse<VerifyLevel>("structure").
template <typename E, typename = decltype(enum_id(E{}))>
Result<E> enum_parse(std::string_view text) {
  Result<int> v = enum_parse(enum_id(E{}), text);
  if (!v.ok()) return v.status();
  return static_cast<E>(*v);
}

/// Every value of the enumeration, in order; empty for an unknown type.
inline std::vector<EnumValue> enum_values(int type) {
  std::vector<EnumValue> out;
  size_t n = flowstate_enum_count(type);
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    flowstate_enum_value_info info;
    flowstate_enum_value_info_init(&info);
    if (flowstate_enum_value_get(type, i, &info) != FLOWSTATE_OK) break;
    out.push_back(EnumValue{info.value, info.constant, info.name, info.doc});
  }
  return out;
}

}  // namespace flowstate

#endif  // FLOWSTATE_ENUMS_HPP
