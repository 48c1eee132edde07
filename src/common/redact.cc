#include "common/redact.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "common/log.h"
#include "common/strings.h"

namespace flowstate::core {
namespace {

// Flink's GlobalConfiguration.SENSITIVE_KEYS as substrings (its fs.azure.account.key as
// *account.key*), plus credential, private keys, Kafka's ssl.key and ssl.keystore.key (PEM
// keys), authorization (HTTP headers in logged requests) and delegation (WebHDFS tokens).
// A bare *.key would also hide `kv.key`, `my.key` and every `*.key` option that is not one.
const char* const kDefaultPatterns[] = {
    "*password*",     "*secret*",        "*token*",       "*credential*",  "*account.key*",
    "*private.key*",  "*private-key*",   "*ssl.key",      "*keystore.key", "*apikey*",
    "*api-key*",      "*auth-params*",   "*service-key*", "*basic-auth*",  "*jaas.config*",
    "*http-headers*", "*authorization*", "*delegation*",
};

using PatternList = std::vector<std::string>;

struct PatternState {
  std::mutex mu;
  std::shared_ptr<const PatternList> patterns;  // replaced, never mutated
};

PatternState& State() {
  static PatternState* state = [] {
    auto* s = new PatternState();
    s->patterns = std::make_shared<const PatternList>(DefaultRedactionPatterns());
    return s;
  }();
  return *state;
}

std::shared_ptr<const PatternList> Current() {
  PatternState& s = State();
  std::lock_guard lock(s.mu);
  return s.patterns;
}

bool IsKeyChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
         c == '$';
}

// Characters of a quoted key ('sink[0].password'); anything else means the quotes hold a
// value or prose, which is then scanned for bare assignments instead.
bool IsQuotedKeyChar(char c) { return IsKeyChar(c) || c == '[' || c == ']' || c == '/'; }

bool IsValueEnd(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '&' ||
         c == ')' || c == '}' || c == ']' || c == '"' || c == '\'' || c == '<' || c == '>';
}

// End of a quoted string starting at text[open] (the quote), honouring doubled quotes and
// backslash escapes; npos if it does not close on this line.
size_t QuotedEnd(std::string_view text, size_t open) {
  char q = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') return std::string_view::npos;
    if (c == '\\' && i + 1 < text.size()) {
      ++i;
      continue;
    }
    if (c == q) {
      if (i + 1 < text.size() && text[i + 1] == q) {
        ++i;
        continue;
      }
      return i;
    }
  }
  return std::string_view::npos;
}

size_t SkipBlanks(std::string_view text, size_t i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  return i;
}

bool IsAuthScheme(std::string_view word) {
  return EqualsIgnoreCase(word, "bearer") || EqualsIgnoreCase(word, "basic") ||
         EqualsIgnoreCase(word, "negotiate") || EqualsIgnoreCase(word, "token") ||
         EqualsIgnoreCase(word, "digest");
}

// RFC 3986 userinfo characters: unreserved, pct-encoded, sub-delims and ':'.
bool IsUserInfoChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("-._~%!$&'()*+,;=:").find(c) != std::string_view::npos;
}

// If text[i..] starts `scheme://user:password@`, the range of the password; else {0,0}.
std::pair<size_t, size_t> UrlPassword(std::string_view text, size_t i) {
  if (text.compare(i, 3, "://") != 0) return {0, 0};
  size_t start = i + 3;
  size_t colon = std::string_view::npos;
  for (size_t j = start; j < text.size(); ++j) {
    char c = text[j];
    if (c == '@')
      return colon == std::string_view::npos ? std::pair<size_t, size_t>{0, 0}
                                             : std::pair<size_t, size_t>{colon + 1, j};
    if (!IsUserInfoChar(c)) break;
    if (c == ':' && colon == std::string_view::npos) colon = j;
  }
  return {0, 0};
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard match with single backtrack point: linear for our patterns.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && absl::ascii_tolower(static_cast<unsigned char>(pattern[p])) ==
                                         absl::ascii_tolower(static_cast<unsigned char>(text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool IsSecretKey(std::string_view key) {
  if (key.empty()) return false;
  auto patterns = Current();
  return std::any_of(patterns->begin(), patterns->end(),
                     [&](const std::string& p) { return GlobMatch(p, key); });
}

std::string RedactValue(std::string_view key, std::string_view value) {
  if (value.empty() || !IsSecretKey(key)) return std::string(value);
  return std::string(kRedacted);
}

namespace {

// One pass of the rules over `text`.
std::string RedactOnce(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;  // text[0, copied) is already in out
  auto replace = [&](size_t from, size_t to) {
    out.append(text.substr(copied, from - copied));
    out.append(kRedacted);
    copied = to;
  };

  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    // URL user info: scheme://user:password@host
    if (c == ':') {
      auto [pw_from, pw_to] = UrlPassword(text, i);
      if (pw_to > pw_from) {
        replace(pw_from, pw_to);
        i = pw_to;
        continue;
      }
    }
    // A key: quoted, or a bare run of key characters starting at a word boundary.
    size_t key_from, key_to, after_key;
    if (c == '\'' || c == '"' || c == '`') {
      size_t close = i + 1;
      while (close < text.size() && close - i <= 256 && IsQuotedKeyChar(text[close])) ++close;
      if (close >= text.size() || text[close] != c || close == i + 1) {
        ++i;
        continue;
      }
      key_from = i + 1;
      key_to = close;
      after_key = close + 1;
    } else if (IsKeyChar(c) && (i == 0 || !IsKeyChar(text[i - 1]))) {
      size_t j = i;
      while (j < text.size() && IsKeyChar(text[j])) ++j;
      key_from = i;
      key_to = j;
      after_key = j;
    } else {
      ++i;
      continue;
    }
    size_t j = SkipBlanks(text, after_key);
    bool assign = false;
    if (j < text.size() && text[j] == '=') {
      assign = true;
      ++j;
    } else if (j < text.size() && text[j] == ':' && text.compare(j, 3, "://") != 0) {
      assign = true;
      ++j;
      if (j < text.size() && text[j] == '=') ++j;  // Dinky's `name := value`
    }
    std::string_view key = text.substr(key_from, key_to - key_from);
    if (!assign && c == '-' && key.size() > 1 && after_key < text.size() &&
        (text[after_key] == ' ' || text[after_key] == '\t') && IsSecretKey(key)) {
      // An argument: --password 000000, -token xyz. The next word is the value unless it is
      // another option.
      size_t v = SkipBlanks(text, after_key);
      size_t k = v;
      while (k < text.size() && !IsValueEnd(text[k])) ++k;
      if (k > v && text[v] != '-') {
        replace(v, k);
        i = k;
        continue;
      }
    }
    if (!assign || !IsSecretKey(key)) {
      i = (c == '\'' || c == '"' || c == '`') ? i + 1 : after_key;
      continue;
    }
    j = SkipBlanks(text, j);
    if (j >= text.size()) break;
    size_t value_from, value_to, resume;
    if (text[j] == '\'' || text[j] == '"') {
      size_t close = QuotedEnd(text, j);
      if (close == std::string_view::npos) {
        // Unterminated: hide everything to the end of the line rather than leak it.
        size_t eol = text.find('\n', j);
        value_from = j + 1;
        value_to = eol == std::string_view::npos ? text.size() : eol;
      } else {
        value_from = j + 1;
        value_to = close;
      }
      resume = value_to;
    } else {
      size_t k = j;
      while (k < text.size() && !IsValueEnd(text[k])) ++k;
      if (IsAuthScheme(text.substr(j, k - j)) && k < text.size() && text[k] == ' ') {
        size_t m = k + 1;
        while (m < text.size() && !IsValueEnd(text[m])) ++m;
        if (m > k + 1) {
          j = k + 1;  // keep the scheme word, hide the credentials
          k = m;
        }
      }
      value_from = j;
      value_to = k;
      resume = k;
    }
    if (value_to > value_from) replace(value_from, value_to);
    i = std::max(resume, i + 1);
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace

std::string RedactText(std::string_view text) {
  // The rules look at quotes and separators, and a replaced value can change what its
  // neighbours look like (a URL's user info may now end where a quoted value was). Applying
  // them until nothing changes makes the result stable: redacting it again is a no-op.
  std::string out = RedactOnce(text);
  for (int pass = 0; pass < 8; ++pass) {
    std::string next = RedactOnce(out);
    if (next == out) break;
    out = std::move(next);
  }
  return out;
}

std::vector<std::string> DefaultRedactionPatterns() {
  return std::vector<std::string>(std::begin(kDefaultPatterns), std::end(kDefaultPatterns));
}

std::vector<std::string> RedactionPatterns() { return *Current(); }

Status AddRedactionPattern(std::string_view pattern) {
  if (pattern.empty()) return Status::InvalidArgument("redaction pattern must not be empty");
  for (char c : pattern) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument("redaction pattern must not contain control characters");
    }
  }
  std::string lower = AsciiLower(pattern);
  {
    PatternState& s = State();
    std::lock_guard lock(s.mu);
    if (std::find(s.patterns->begin(), s.patterns->end(), lower) != s.patterns->end()) {
      return Status::Ok();
    }
    auto next = std::make_shared<PatternList>(*s.patterns);
    next->push_back(lower);
    s.patterns = std::move(next);
  }
  Log(LogLevel::kInfo, "redact", "redaction pattern added: ", lower);
  return Status::Ok();
}

Status RemoveRedactionPattern(std::string_view pattern) {
  std::string lower = AsciiLower(pattern);
  {
    PatternState& s = State();
    std::lock_guard lock(s.mu);
    auto it = std::find(s.patterns->begin(), s.patterns->end(), lower);
    if (it == s.patterns->end()) {
      return Status::NotFound(StrCat("no redaction pattern '", lower, "'"));
    }
    auto next = std::make_shared<PatternList>(*s.patterns);
    next->erase(next->begin() + (it - s.patterns->begin()));
    s.patterns = std::move(next);
  }
  Log(LogLevel::kWarn, "redact", "redaction pattern removed: ", lower);
  return Status::Ok();
}

void ResetRedactionPatterns() {
  PatternState& s = State();
  std::lock_guard lock(s.mu);
  s.patterns = std::make_shared<const PatternList>(DefaultRedactionPatterns());
}

}  // namespace flowstate::core
