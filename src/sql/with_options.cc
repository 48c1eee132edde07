#include "sql/with_options.h"

#include <unordered_map>

#include "common/strings.h"
#include "common/text_position.h"
#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

// Skips to the ',' or ')' that ends a broken entry, at the list's own level.
Token Recover(Tokenizer& tz, Token t) {
  int depth = 0;
  while (t.type != TokenType::kEnd) {
    if (tz.IsPunct(t, '(')) ++depth;
    if (tz.IsPunct(t, ')')) {
      if (depth == 0) return t;
      --depth;
    }
    if (depth == 0 && tz.IsPunct(t, ',')) return t;
    t = tz.Next();
  }
  return t;
}

std::string Shown(std::string_view text, const Token& t) {
  if (t.type == TokenType::kEnd) return "the end of the statement";
  return Quote(text.substr(t.begin, t.size()), 40);
}

}  // namespace

const Option* OptionList::Find(std::string_view key) const {
  for (const Option& o : options) {
    if (o.key == key) return &o;
  }
  return nullptr;
}

bool KindHasWithOptions(StatementKind kind) {
  switch (kind) {
    case StatementKind::kCreateTable:
    case StatementKind::kCreateCatalog:
    case StatementKind::kCreateDatabase:
    case StatementKind::kCreateModel:
    case StatementKind::kCreateMaterializedTable:
    case StatementKind::kExecuteCdcSource:
    case StatementKind::kExecuteJar:
    case StatementKind::kExecutePipeline:
      return true;
    default:
      return false;
  }
}

OptionList ParseWithOptions(std::string_view text, const Statement& s, const ErrorSink& errors) {
  OptionList out;
  Tokenizer tz(text, s.begin, s.end);
  // The first WITH followed by '(' at the statement's own level.
  for (;;) {
    Token t = tz.Next();
    if (t.type == TokenType::kEnd) return out;
    if (tz.IsPunct(t, '(')) {
      if (!tz.SkipParenthesized()) return out;
      continue;
    }
    if (tz.Is(t, "AS")) return out;  // the query of a CTAS starts: its WITH is a CTE
    if (tz.Is(t, "WITH")) {
      Token open = tz.Next();
      if (tz.IsPunct(open, '(')) {
        out.found = true;
        out.open = open.begin;
        break;
      }
      tz.Seek(open.begin);
    }
  }

  std::unordered_map<std::string, size_t> seen;  // key -> index in options
  auto unclosed = [&] {
    errors(Severity::kError, out.open, out.open + 1, "WITH list is not closed: missing ')'");
  };
  bool after_comma = false;
  for (;;) {
    Token t = tz.Next();
    if (t.type == TokenType::kEnd) {
      unclosed();
      return out;
    }
    if (tz.IsPunct(t, ')')) {
      out.trailing_comma = after_comma;
      out.close = t.begin;
      return out;
    }

    // One entry: 'key' = 'value', or a ${variable} standing for several.
    Token sep;
    size_t value_end = 0;
    if (t.type == TokenType::kVariable) {
      out.variable_entries.emplace_back(t.begin, t.end);
      sep = tz.Next();
    } else if (tz.IsPunct(t, '"')) {
      // "key": a habit from other SQL dialects; to Flink a double-quoted word is no string.
      const size_t close = text.find('"', t.end);
      const bool whole = close != std::string_view::npos && close - t.end <= 200 &&
                         text.substr(t.end, close - t.end).find('\n') == std::string_view::npos;
      const std::string key(whole ? text.substr(t.end, close - t.end) : std::string_view("key"));
      errors(
          Severity::kError, t.begin, whole ? close + 1 : t.end,
          StrCat("Flink needs single quotes in a WITH list: write '", key, "', not \"", key, "\""));
      sep = Recover(tz, t);
    } else if (t.type != TokenType::kString) {
      errors(Severity::kError, t.begin, t.end,
             StrCat("expected a quoted option key such as 'connector', found ", Shown(text, t)));
      sep = Recover(tz, t);
    } else if (!t.terminated) {
      errors(Severity::kError, t.begin, t.end, "unterminated string literal in the WITH list");
      return out;
    } else {
      Option o;
      o.key_begin = t.begin;
      o.key_end = t.end;
      o.key = UnquoteString(tz.TextOf(t));
      Token eq = tz.Next();
      if (!tz.IsPunct(eq, '=')) {
        errors(Severity::kError, eq.begin, eq.end,
               StrCat("expected '=' after option ", Quote(o.key, 80), ", found ", Shown(text, eq)));
        sep = Recover(tz, eq);
      } else {
        Token v = tz.Next();
        if (v.type == TokenType::kString && !v.terminated) {
          errors(Severity::kError, v.begin, v.end,
                 StrCat("unterminated string literal: the value of option ", Quote(o.key, 80)));
          return out;
        }
        if (v.type == TokenType::kString) {
          o.value = UnquoteString(tz.TextOf(v));
          sep = tz.Next();
        } else if (tz.IsPunct(v, ',') || tz.IsPunct(v, ')') || v.type == TokenType::kEnd) {
          errors(Severity::kError, v.begin, v.end,
                 StrCat("option ", Quote(o.key, 80), " has no value"));
          sep = v;
        } else {
          errors(Severity::kError, v.begin, v.end,
                 StrCat("the value of option ", Quote(o.key, 80),
                        " must be a quoted string, found ", Shown(text, v)));
          o.value = std::string(tz.TextOf(v));
          sep = tz.Next();
        }
        o.value_begin = v.begin;
        o.value_end = value_end = v.type == TokenType::kString ? v.end : v.begin;
        auto [it, inserted] = seen.emplace(o.key, out.options.size());
        if (!inserted) {
          const Option& first = out.options[it->second];
          TextPosition p = PositionAt(text, first.key_begin);
          errors(Severity::kError, o.key_begin, o.key_end,
                 StrCat("duplicate option ", Quote(o.key, 80), ": first set at line ", p.line,
                        ", column ", p.column));
          errors(Severity::kNote, first.key_begin, first.key_end,
                 StrCat("option ", Quote(o.key, 80), " first set here"));
        }
        out.options.push_back(std::move(o));
      }
    }

    // Its separator.
    if (!tz.IsPunct(sep, ',') && !tz.IsPunct(sep, ')') && sep.type != TokenType::kEnd) {
      errors(Severity::kError, sep.begin, sep.end,
             StrCat("expected ',' or ')' in the WITH list, found ", Shown(text, sep)));
      sep = Recover(tz, sep);
    }
    if (sep.type == TokenType::kEnd) {
      unclosed();
      return out;
    }
    if (tz.IsPunct(sep, ')')) {
      out.close = sep.begin;
      return out;
    }
    if (value_end > 0 && sep.begin > value_end) out.spaced_commas.push_back(sep.begin);
    after_comma = true;
    out.trailing_comma_at = sep.begin;
  }
}

}  // namespace flowstate::core::sql
