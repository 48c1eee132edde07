#include "sql/set_statement.h"

#include "common/strings.h"
#include "sql/split.h"
#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

// [b, e) without surrounding whitespace.
void Trim(std::string_view text, size_t* b, size_t* e) {
  while (*b < *e && IsSqlSpace(static_cast<uint8_t>(text[*b]))) ++*b;
  while (*e > *b && IsSqlSpace(static_cast<uint8_t>(text[*e - 1]))) --*e;
}

// Position of the first '=' at the statement's own level (not in a string), or npos.
size_t FindEquals(std::string_view text, size_t from, size_t to) {
  Tokenizer tz(text, from, to);
  for (;;) {
    Token t = tz.Next();
    if (t.type == TokenType::kEnd) return std::string_view::npos;
    if (tz.IsPunct(t, '=')) return t.begin;
  }
}

// The value in [b, e): one complete string literal is unquoted, anything else is taken as
// written (trimmed).
void ReadValue(std::string_view text, size_t b, size_t e, SetStatement* out) {
  Trim(text, &b, &e);
  out->value_begin = b;
  out->value_end = e;
  Tokenizer tz(text, b, e);
  Token t = tz.Next();
  if (t.type == TokenType::kString && t.terminated && t.end == e) {
    out->value = UnquoteString(tz.TextOf(t));
  } else {
    out->value = std::string(text.substr(b, e - b));
  }
}

}  // namespace

SetStatement ParseSetStatement(std::string_view text, const Statement& s, const ErrorSink& errors) {
  SetStatement out;
  out.reset = s.kind == StatementKind::kReset;
  Tokenizer tz(text, s.begin, s.end);
  Token keyword = tz.Next();  // SET / RESET
  Token first = tz.Next();
  if (first.type == TokenType::kEnd) return out;  // SET (list) or RESET (all)
  out.has_key = true;
  const char* verb = out.reset ? "RESET" : "SET";

  if (out.reset) {
    size_t b = first.begin, e = s.end;
    Trim(text, &b, &e);
    out.key_begin = b;
    out.key_end = e;
    if (first.type == TokenType::kString && first.end == e) {
      out.key = UnquoteString(tz.TextOf(first));
    } else {
      out.key = std::string(text.substr(b, e - b));
    }
  } else if (first.type == TokenType::kString) {
    Token after = tz.Next();
    if (tz.IsPunct(after, '=')) {
      out.key_begin = first.begin;
      out.key_end = first.end;
      out.key = UnquoteString(tz.TextOf(first));
      ReadValue(text, after.end, s.end, &out);
    } else if (after.type == TokenType::kEnd) {
      // SET 'key = value': one string holding both.
      std::string inner = UnquoteString(tz.TextOf(first));
      size_t eq = inner.find('=');
      if (eq == std::string::npos) {
        errors(Severity::kError, first.begin, first.end,
               StrCat("SET ", Quote(inner), " has no value: write SET 'key' = 'value'"));
        out.valid = false;
        return out;
      }
      out.key = std::string(StripAsciiWhitespace(std::string_view(inner).substr(0, eq)));
      out.value = std::string(StripAsciiWhitespace(std::string_view(inner).substr(eq + 1)));
      out.key_begin = out.value_begin = first.begin;
      out.key_end = out.value_end = first.end;
    } else {
      errors(Severity::kError, after.begin, after.end,
             StrCat("expected '=' after the key of SET, found ", Quote(tz.TextOf(after), 40)));
      out.valid = false;
      return out;
    }
  } else {
    size_t eq = FindEquals(text, first.begin, s.end);
    if (eq == std::string_view::npos) {
      errors(Severity::kError, first.begin, s.end,
             StrCat("expected '=' in SET: write SET key = value (found ",
                    Quote(text.substr(first.begin, s.end - first.begin), 60), ")"));
      out.valid = false;
      return out;
    }
    size_t kb = first.begin, ke = eq;
    Trim(text, &kb, &ke);
    out.key_begin = kb;
    out.key_end = ke;
    out.key = std::string(text.substr(kb, ke - kb));
    ReadValue(text, eq + 1, s.end, &out);
  }
  (void)keyword;

  if (out.key.empty()) {
    errors(Severity::kError, out.key_begin,
           out.key_end == out.key_begin ? out.key_begin + 1 : out.key_end,
           StrCat(verb, " without a key: write ", verb, " 'key'", out.reset ? "" : " = 'value'"));
    out.valid = false;
    return out;
  }
  for (char c : out.key) {
    if (IsSqlSpace(static_cast<uint8_t>(c))) {
      errors(Severity::kError, out.key_begin, out.key_end,
             StrCat("configuration key ", Quote(out.key, 80), " contains whitespace"));
      out.valid = false;
      break;
    }
  }
  if (!out.reset && out.value_begin == out.value_end && out.value.empty()) {
    errors(Severity::kError, out.value_begin, out.value_begin + 1,
           StrCat("SET ", Quote(out.key, 80), " without a value"));
    out.valid = false;
  }
  return out;
}

}  // namespace flowstate::core::sql
