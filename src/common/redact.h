// Secret redaction: which option keys name secrets, and how text is cleaned before it
// leaves the library (logs, error messages, CLI output, the catalog).
//
// Thread-safety: the process-wide pattern list is copy-on-write; every function may be
// called from any thread.
#ifndef FLOWSTATE_SRC_COMMON_REDACT_H_
#define FLOWSTATE_SRC_COMMON_REDACT_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace flowstate::core {

inline constexpr std::string_view kRedacted = "******";

// True when `key`, compared case-insensitively, matches one of the current patterns.
bool IsSecretKey(std::string_view key);

// `value` if `key` is not secret, else kRedacted (an empty value stays empty).
std::string RedactValue(std::string_view key, std::string_view value);

// Copy of `text` with the value of every secret-named assignment replaced by kRedacted.
// See include/flowstate/redact.h for the forms recognised.
std::string RedactText(std::string_view text);

// Case-insensitive glob match where '*' matches any run of characters.
bool GlobMatch(std::string_view pattern, std::string_view text);

// Pattern list management.
std::vector<std::string> DefaultRedactionPatterns();
std::vector<std::string> RedactionPatterns();
Status AddRedactionPattern(std::string_view pattern);
Status RemoveRedactionPattern(std::string_view pattern);
void ResetRedactionPatterns();

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_REDACT_H_
