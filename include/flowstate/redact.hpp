/// @file
/// flowstate/redact.hpp: secret redaction.
#ifndef FLOWSTATE_REDACT_HPP
#define FLOWSTATE_REDACT_HPP

#include <string>
#include <string_view>
#include <vector>

#include "flowstate/redact.h"
#include "flowstate/status.hpp"

namespace flowstate {

/// \copybrief flowstate_redact_is_secret_key
/// (The C++ form of flowstate_redact_is_secret_key().)
inline bool is_secret_key(std::string_view key) {
  std::string k(key);
  return flowstate_redact_is_secret_key(k.c_str()) != 0;
}

/// \copybrief flowstate_redact_text
/// (The C++ form of flowstate_redact_text().)
inline Result<std::string> redact_text(std::string_view text) {
  return detail::string_result(
      [&](char** out) { return flowstate_redact_text(out, text.data(), text.size()); });
}

/// \copybrief flowstate_redact_add_pattern
/// (The C++ form of flowstate_redact_add_pattern().)
inline Status add_redaction_pattern(std::string_view pattern) {
  std::string p(pattern);
  return Status::from_c(flowstate_redact_add_pattern(p.c_str()));
}

/// \copybrief flowstate_redact_remove_pattern
/// (The C++ form of flowstate_redact_remove_pattern().)
inline Status remove_redaction_pattern(std::string_view pattern) {
  std::string p(pattern);
  return Status::from_c(flowstate_redact_remove_pattern(p.c_str()));
}

/// \copybrief flowstate_redact_reset_patterns
/// (The C++ form of flowstate_redact_reset_patterns().)
inline void reset_redaction_patterns() { flowstate_redact_reset_patterns(); }

/// \copybrief flowstate_redact_patterns
/// (The C++ form of flowstate_redact_patterns().)
inline Result<std::vector<std::string>> redaction_patterns() {
  Result<std::string> all =
      detail::string_result([](char** out) { return flowstate_redact_patterns(out); });
  if (!all.ok()) return all.status();
  std::vector<std::string> out;
  std::string_view rest = *all;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    out.emplace_back(rest.substr(0, nl));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace flowstate

#endif  // FLOWSTATE_REDACT_HPP
