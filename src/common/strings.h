// String helpers of the core.
//
// The core speaks std::string_view. Debian's Abseil (LTS 2022-06-23) is built with its own
// absl::string_view, which does not convert from std::string_view; AV() bridges the two, and
// StrCat/StrAppend here accept std::string_view directly.
#ifndef FLOWSTATE_SRC_COMMON_STRINGS_H_
#define FLOWSTATE_SRC_COMMON_STRINGS_H_

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace flowstate::core {

inline absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view SV(absl::string_view s) { return std::string_view(s.data(), s.size()); }

// An absl::AlphaNum that also takes std::string_view.
class StrPiece : public absl::AlphaNum {
 public:
  using absl::AlphaNum::AlphaNum;
  StrPiece(std::string_view s) : absl::AlphaNum(AV(s)) {}  // NOLINT(google-explicit-constructor)
  StrPiece(const std::string& s) : absl::AlphaNum(s) {}    // NOLINT(google-explicit-constructor)
  StrPiece(const char* s) : absl::AlphaNum(s) {}           // NOLINT(google-explicit-constructor)
};

template <typename... Args>
std::string StrCat(const Args&... args) {
  return absl::StrCat(static_cast<const absl::AlphaNum&>(StrPiece(args))...);
}

template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  absl::StrAppend(out, static_cast<const absl::AlphaNum&>(StrPiece(args))...);
}

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
std::string_view StripAsciiWhitespace(std::string_view s);

// Quotes `s` for a message: 'value', with control characters escaped and the text cut
// to `max_len` bytes (marked with "...").
std::string Quote(std::string_view s, size_t max_len = 200);
// FNV-1a, 64 bits: a stable hash (not a secure one) of the bytes.
uint64_t Fnv1a64(std::string_view s);

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_STRINGS_H_
