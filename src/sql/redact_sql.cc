#include "sql/redact_sql.h"

#include <algorithm>
#include <vector>

#include "common/redact.h"
#include "sql/set_statement.h"
#include "sql/split.h"
#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

struct Edit {
  size_t begin, end;
  std::string with;
};

// The content of a string token (inside its quotes).
std::pair<size_t, size_t> Content(const Token& t) {
  size_t b = t.begin + 1;
  size_t e = t.terminated ? t.end - 1 : t.end;
  return {b, std::max(b, e)};
}

void Mask(size_t b, size_t e, std::vector<Edit>* edits) {
  if (e > b) edits->push_back({b, e, std::string(kRedacted)});
}

// A string literal that is not a secret value: only URL user info and `key=value` /
// `--key value` text inside it (Dinky's 'args', JDBC URLs, connection properties).
void ScanLiteral(std::string_view text, const Token& t, std::vector<Edit>* edits) {
  auto [b, e] = Content(t);
  std::string_view content = text.substr(b, e - b);
  std::string red = RedactText(content);
  if (red != content) edits->push_back({b, e, std::move(red)});
}

// Tokens of [from, to): 'key' = 'value' pairs (WITH lists, ALTER ... SET (...), SET 'k' =
// 'v') and string literals; hints between tokens are read the same way.
void ScanTokens(std::string_view text, size_t from, size_t to, std::vector<Edit>* edits) {
  Tokenizer tz(text, from, to);
  Token prev2, prev1;
  size_t gap_from = from;
  for (;;) {
    Token t = tz.Next();
    // A hint the tokenizer skipped: /*+ OPTIONS('k' = 'v') */ between gap_from and t.begin.
    size_t gap_to = t.type == TokenType::kEnd ? to : t.begin;
    std::string_view gap = text.substr(gap_from, gap_to - gap_from);
    for (size_t h = gap.find("/*+"); h != std::string_view::npos; h = gap.find("/*+", h + 3)) {
      size_t close = gap.rfind("*/");
      if (close == std::string_view::npos || close < h + 3) close = gap.size();
      ScanTokens(text, gap_from + h + 3, gap_from + close, edits);
      break;  // one hint per gap holds everything up to its end
    }
    if (t.type == TokenType::kEnd) return;
    gap_from = t.end;
    if (t.type == TokenType::kString) {
      if (prev2.type == TokenType::kString && tz.IsPunct(prev1, '=') &&
          IsSecretKey(UnquoteString(tz.TextOf(prev2)))) {
        auto [b, e] = Content(t);
        Mask(b, e, edits);
      } else {
        ScanLiteral(text, t, edits);
      }
    }
    prev2 = prev1;
    prev1 = t;
  }
}

// [b, e) trimmed of SQL whitespace.
void Trim(std::string_view text, size_t* b, size_t* e) {
  while (*b < *e && IsSqlSpace(static_cast<uint8_t>(text[*b]))) ++*b;
  while (*e > *b && IsSqlSpace(static_cast<uint8_t>(text[*e - 1]))) --*e;
}

// A value written at [b, e): a string literal's content, or the text as written.
void MaskValue(std::string_view text, size_t b, size_t e, std::vector<Edit>* edits) {
  Trim(text, &b, &e);
  if (b < e && text[b] == '\'') {
    Tokenizer tz(text, b, e);
    Token t = tz.Next();
    if (t.type == TokenType::kString && t.end == e) {
      auto [cb, ce] = Content(t);
      Mask(cb, ce, edits);
      return;
    }
  }
  Mask(b, e, edits);
}

void ScanSet(std::string_view text, const Statement& s, std::vector<Edit>* edits) {
  SetStatement set = ParseSetStatement(text, s, [](Severity, size_t, size_t, std::string) {});
  if (set.reset || !set.has_key || !IsSecretKey(set.key)) return;
  if (set.key_begin == set.value_begin && set.key_end == set.value_end) {
    // SET 'key = value': one string; the value is what follows its '='.
    size_t eq = text.substr(set.key_begin, set.key_end - set.key_begin).find('=');
    if (eq == std::string_view::npos) return;
    size_t b = set.key_begin + eq + 1;
    size_t e = set.key_end;
    if (e > b && text[e - 1] == '\'') --e;
    Trim(text, &b, &e);
    Mask(b, e, edits);
    return;
  }
  if (set.value_end > set.value_begin) MaskValue(text, set.value_begin, set.value_end, edits);
}

void ScanVariable(std::string_view text, const Statement& s, std::vector<Edit>* edits) {
  Tokenizer tz(text, s.begin, s.end);
  Token name = tz.Next();
  Token assign = tz.Next();
  if (name.type != TokenType::kWord || assign.type != TokenType::kAssign) return;
  if (!IsSecretKey(tz.TextOf(name))) return;
  MaskValue(text, assign.end, s.end, edits);
}

}  // namespace

std::string RedactStatement(std::string_view text, const Statement& s) {
  std::vector<Edit> edits;
  if (s.kind == StatementKind::kSet) ScanSet(text, s, &edits);
  if (s.kind == StatementKind::kVariable) ScanVariable(text, s, &edits);
  ScanTokens(text, s.begin, s.end, &edits);
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::string out;
  out.reserve(s.end - s.begin);
  size_t at = s.begin;
  for (const Edit& e : edits) {
    if (e.begin < at) continue;  // inside an edit already made (a masked value's literal)
    out.append(text.substr(at, e.begin - at));
    out.append(e.with);
    at = e.end;
  }
  out.append(text.substr(at, s.end - at));
  return out;
}

}  // namespace flowstate::core::sql
