#include "sql/lint.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "common/strings.h"
#include "sql/split.h"
#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

using K = StatementKind;

// Collects what the lint needs from a second walk over the source.
struct Collector {
  std::vector<std::pair<size_t, size_t>> comments;  // line and block comments
  std::vector<bool> comment_is_line;
  std::set<size_t> boundaries;  // ';' that end statements (also empty ones)
  void OnStatement(size_t, size_t, size_t terminator) { boundaries.insert(terminator); }
  void OnComment(size_t b, size_t e, bool line) {
    comments.emplace_back(b, e);
    comment_is_line.push_back(line);
  }
  void OnEmpty(size_t at) { boundaries.insert(at); }
  void OnUnterminated(Construct, size_t) {}
};

const char* const kStatementWords[] = {"SET",     "RESET", "CREATE",  "INSERT", "SELECT", "DROP",
                                       "ALTER",   "USE",   "EXECUTE", "BEGIN",  "SHOW",   "ADD",
                                       "EXPLAIN", "WITH",  "PRINT",   "DELETE", "UPDATE"};

// Number of "; KEYWORD" sequences inside a line comment's text.
size_t HiddenStatements(std::string_view comment) {
  size_t count = 0;
  for (size_t i = comment.find(';'); i != std::string_view::npos; i = comment.find(';', i + 1)) {
    size_t j = i + 1;
    while (j < comment.size() && IsSqlSpace(static_cast<uint8_t>(comment[j]))) ++j;
    size_t k = j;
    while (k < comment.size() && IsWordByte(static_cast<uint8_t>(comment[k]))) ++k;
    std::string_view word = comment.substr(j, k - j);
    for (const char* w : kStatementWords) {
      if (EqualsIgnoreCase(word, w)) {
        ++count;
        break;
      }
    }
  }
  return count;
}

// Whether parentheses balance in [b, e); reports the first problem.
void CheckParentheses(const Script& script, const Statement& s, Diagnostics* out) {
  Tokenizer tz(script.text(), s.begin, s.end);
  std::vector<size_t> open;
  for (Token t = tz.Next(); t.type != TokenType::kEnd; t = tz.Next()) {
    if (tz.IsPunct(t, '(')) {
      open.push_back(t.begin);
    } else if (tz.IsPunct(t, ')')) {
      if (open.empty()) {
        out->Add(script.MakeDiagnostic(Severity::kError, Code::kParse, t.begin, t.end,
                                       "unbalanced parentheses: this ')' closes nothing"));
        return;
      }
      open.pop_back();
    }
  }
  if (!open.empty()) {
    out->Add(script.MakeDiagnostic(Severity::kError, Code::kParse, open.back(), open.back() + 1,
                                   "unbalanced parentheses: this '(' is never closed"));
  }
}

bool IsFlinkDdlWithOptions(K kind) {
  return kind == K::kCreateTable || kind == K::kCreateCatalog || kind == K::kCreateDatabase ||
         kind == K::kCreateModel || kind == K::kCreateMaterializedTable;
}

// Dinky splits table-name at every ',': a regex quantifier like {1,3} is cut in two.
void CheckTableRegexes(const Script& script, const CdcSource& cdc, Diagnostics* out) {
  const Option* o = cdc.options.Find("table-name");
  if (o == nullptr) return;
  for (const std::string& piece : cdc.tables) {
    int braces = 0, brackets = 0, parens = 0;
    for (char c : piece) {
      braces += c == '{' ? 1 : c == '}' ? -1 : 0;
      brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
      parens += c == '(' ? 1 : c == ')' ? -1 : 0;
    }
    if (braces != 0 || brackets != 0 || parens != 0) {
      out->Add(
          script.MakeDiagnostic(Severity::kWarning, Code::kParse, o->value_begin, o->value_end,
                                StrCat("Dinky splits 'table-name' at every ',': ", Quote(piece, 60),
                                       " is not a complete pattern on its own")));
    }
  }
}

// What a statement set may hold: INSERT always; CREATE TABLE ... AS SELECT from Flink 1.16
// (FLINK-29219, with CTAS itself) and [CREATE OR] REPLACE TABLE ... AS from 1.18 (with RTAS).
void CheckStatementSetMember(const Script& script, const Statement& s, const LintOptions& options,
                             Diagnostics* out) {
  const bool ctas = s.kind == K::kCreateTable && s.has(kFlagAsSelect);
  const bool rtas = s.kind == K::kReplaceTable || (ctas && s.has(kFlagOrReplace));
  if (ctas || rtas) {
    const FlinkVersion since = rtas ? FlinkVersion{1, 18} : FlinkVersion{1, 16};
    if (!options.flink_version || !(*options.flink_version < since)) return;
    out->Add(
        script.MakeDiagnostic(Severity::kError, Code::kParse, s.begin, s.end,
                              StrCat(rtas ? "REPLACE TABLE ... AS" : "CREATE TABLE ... AS",
                                     " inside a statement set needs Flink ", since.ToString(),
                                     " or later; the target is ", options.flink_version->ToString(),
                                     ", where a statement set holds only INSERT statements")));
    return;
  }
  const bool newer = !options.flink_version || !(*options.flink_version < FlinkVersion{1, 18});
  out->Add(script.MakeDiagnostic(
      Severity::kError, Code::kParse, s.begin, s.end,
      StrCat("a statement set may contain only INSERT",
             newer ? ", CREATE TABLE ... AS and REPLACE TABLE ... AS" : "", " statements, found ",
             StatementKindName(static_cast<int>(s.kind)))));
}

void LintStatement(const Script& script, size_t i, const LintOptions& options, Diagnostics* out) {
  const Statement& s = script[i];
  if (s.kind == K::kExplain && s.has(kFlagExecute) && s.has(kFlagStatementSet) &&
      options.flink_version && *options.flink_version < FlinkVersion{2, 2}) {
    out->Add(script.MakeDiagnostic(
        Severity::kError, Code::kParse, s.begin, s.begin + 7,
        StrCat("EXPLAIN EXECUTE STATEMENT SET needs Flink 2.2 or later; the target is ",
               options.flink_version->ToString(), ": write EXPLAIN STATEMENT SET")));
  }
  if (s.child_count > 0 || (s.kind == K::kStatementSet && s.child_count == 0)) {
    if (s.child_count == 0) {
      // Flink's parser needs a statement between BEGIN and END; the SQL client's BEGIN
      // STATEMENT SET; END; only submits nothing.
      if (s.has(kFlagExecute)) {
        out->Add(
            script.MakeDiagnostic(Severity::kError, Code::kParse, s.begin, s.end,
                                  "empty statement set: Flink's parser needs at least one INSERT "
                                  "between BEGIN and END"));
      } else {
        out->Add(script.MakeDiagnostic(Severity::kWarning, Code::kParse, s.begin, s.end,
                                       "empty statement set: nothing is submitted"));
      }
    }
    return;  // its children are linted on their own
  }
  if (s.parent >= 0 && s.kind != K::kInsert) CheckStatementSetMember(script, s, options, out);
  CheckParentheses(script, s, out);
  switch (s.kind) {
    case K::kUnknown: {
      Tokenizer tz(script.text(), s.begin, s.end);
      Token t = tz.Next();
      out->Add(script.MakeDiagnostic(
          Severity::kWarning, Code::kParse, s.begin, std::min<size_t>(s.end, t.end),
          StrCat("statement not recognised (starts with ", Quote(tz.TextOf(t), 40),
                 "): neither Flink SQL nor a Dinky extension")));
      break;
    }
    case K::kSet:
    case K::kReset:
      script.ReadSet(i, out);
      break;
    case K::kExecuteCdcSource: {
      CdcSource cdc = script.ReadCdcSource(i, out);
      CheckTableRegexes(script, cdc, out);
      if (options.dinky) {
        for (size_t at : cdc.options.spaced_commas) {
          out->Add(script.MakeDiagnostic(
              Severity::kWarning, Code::kParse, at, at + 1,
              "Dinky reads CDCSOURCE options only when the ',' follows the closing quote "
              "directly: remove the space before it"));
        }
      }
      for (const Option& o : cdc.options.options) {
        if (o.value.find("',") != std::string::npos && options.dinky) {
          out->Add(script.MakeDiagnostic(
              Severity::kWarning, Code::kParse, o.value_begin, o.value_end,
              StrCat("Dinky would split the value of ", Quote(o.key), " at its \"',\"")));
        }
      }
      break;
    }
    default:
      if (KindHasWithOptions(s.kind)) {
        OptionList list = script.ReadWithOptions(i, out);
        if (list.trailing_comma && IsFlinkDdlWithOptions(s.kind)) {
          out->Add(script.MakeDiagnostic(
              Severity::kError, Code::kParse, list.trailing_comma_at, list.trailing_comma_at + 1,
              "Flink's SQL parser rejects a ',' after the last option of a WITH list"));
        }
        for (const auto& [b, e] : list.variable_entries) {
          out->Add(script.MakeDiagnostic(Severity::kError, Code::kParse, b, e,
                                         "variable in a WITH list was not substituted"));
        }
      }
      break;
  }
}

}  // namespace

std::vector<size_t> DinkySplitPoints(std::string_view text) {
  // Dinky first removes comments ('--' to the end of the line, '/* */' but not hints),
  // respecting '...' literals; then it splits at ';' followed by whitespace and a line break
  // or a '--' comment, with no regard for quotes.
  std::vector<size_t> points;
  const size_t n = text.size();
  // Comment ranges, quote-aware as Dinky's removeNote.
  std::vector<std::pair<size_t, size_t>> comments;
  for (size_t i = 0; i < n;) {
    char c = text[i];
    if (c == '\'') {
      size_t j = i + 1;
      while (j < n && !(text[j] == '\'' && (j + 1 >= n || text[j + 1] != '\'')))
        j += text[j] == '\'' ? 2 : 1;
      i = j + 1;
    } else if (c == '-' && i + 1 < n && text[i + 1] == '-') {
      size_t e = text.find('\n', i);
      if (e == std::string_view::npos) e = n;
      comments.emplace_back(i, e);
      i = e;
    } else if (c == '/' && i + 2 < n && text[i + 1] == '*' && text[i + 2] != '+') {
      size_t e = text.find("*/", i + 2);
      e = e == std::string_view::npos ? n : e + 2;
      comments.emplace_back(i, e);
      i = e;
    } else {
      ++i;
    }
  }
  auto in_comment = [&](size_t pos) {
    auto it = std::upper_bound(comments.begin(), comments.end(), std::make_pair(pos, n + 1));
    return it != comments.begin() && pos < std::prev(it)->second;
  };
  auto comment_at = [&](size_t pos) -> size_t {  // end of a comment starting at pos, or 0
    auto it = std::lower_bound(comments.begin(), comments.end(), std::make_pair(pos, size_t{0}));
    return it != comments.end() && it->first == pos ? it->second : 0;
  };
  for (size_t i = text.find(';'); i != std::string_view::npos; i = text.find(';', i + 1)) {
    if (in_comment(i)) continue;
    bool newline = false;
    size_t j = i + 1;
    while (j < n) {
      if (IsSqlSpace(static_cast<uint8_t>(text[j]))) {
        newline = newline || text[j] == '\n';
        ++j;
      } else if (size_t e = comment_at(j); e > 0) {
        if (text[j] == '-') newline = newline || e < n;  // the line break stays
        j = e;
      } else {
        break;
      }
    }
    if (newline && j < n) points.push_back(i);
  }
  return points;
}

void LintScript(const Script& script, const LintOptions& options, Diagnostics* out) {
  Diagnostics found;
  found.Append(script.diagnostics());
  for (size_t i = 0; i < script.size(); ++i) LintStatement(script, i, options, &found);

  size_t cdc_sources = 0;
  for (size_t i = 0; i < script.size(); ++i) {
    if (script[i].kind != K::kExecuteCdcSource) continue;
    if (++cdc_sources == 2 && options.dinky) {
      found.Add(script.MakeDiagnostic(
          Severity::kWarning, Code::kParse, script[i].begin, script[i].end,
          "Dinky runs one EXECUTE CDCSOURCE per job: this one is the second"));
    }
  }

  // A second walk over the source for comments and the Dinky comparison. Offsets here are
  // source offsets; the script maps text offsets, so translate through a source-only path.
  std::string_view source = script.source();
  Collector c;
  SplitScript(source, SelectBlockMaskFn(Isa::kAuto), c);
  auto at_source = [&](Severity sev, size_t b, size_t e, std::string message) {
    Diagnostic d;
    d.severity = sev;
    d.code = Code::kParse;
    d.message = std::move(message);
    d.source = script.source_name();
    d.offset = static_cast<int64_t>(b);
    d.end_offset = static_cast<int64_t>(e);
    TextPosition p = script.SourcePosition(b);
    d.line = p.line;
    d.column = p.column;
    found.Add(std::move(d));
  };
  for (size_t k = 0; k < c.comments.size(); ++k) {
    if (!c.comment_is_line[k]) continue;
    auto [b, e] = c.comments[k];
    size_t hidden = HiddenStatements(source.substr(b, e - b));
    if (hidden > 0) {
      at_source(Severity::kWarning, b, e,
                StrCat("this line comment runs to the end of the line and hides ", hidden,
                       hidden == 1 ? " statement" : " statements",
                       " (text after ';' reads like SQL): was the script pasted onto one line?"));
    }
  }
  // Runs of ';' with nothing between them (empty statements): one finding per run.
  {
    std::vector<size_t> ends(c.boundaries.begin(), c.boundaries.end());
    auto only_space = [&](size_t from, size_t to) {
      for (size_t k = from; k < to; ++k) {
        if (!IsSqlSpace(static_cast<uint8_t>(source[k]))) return false;
      }
      return true;
    };
    for (size_t k = 0; k + 1 < ends.size();) {
      size_t last = k;
      while (last + 1 < ends.size() && ends[last + 1] < source.size() &&
             only_space(ends[last] + 1, ends[last + 1])) {
        ++last;
      }
      if (last > k && ends[last] < source.size()) {
        const size_t empty = last - k;
        at_source(Severity::kWarning, ends[k] + 1, ends[last] + 1,
                  StrCat(empty, empty == 1 ? " empty statement" : " empty statements",
                         ": nothing between these ';' (Flink's SQL client skips them)"));
      }
      k = last + 1;
    }
  }
  if (options.dinky) {
    std::vector<size_t> dinky = DinkySplitPoints(source);
    std::set<size_t> dinky_set(dinky.begin(), dinky.end());
    for (size_t at : dinky) {
      if (c.boundaries.count(at) == 0) {
        at_source(
            Severity::kWarning, at, at + 1,
            "Dinky would end a statement at this ';' (it splits at ';' before a line break "
            "regardless of quotes), but for Flink it is inside a string or quoted identifier");
      }
    }
    // Flink's client sends EXECUTE/EXPLAIN STATEMENT SET BEGIN ... END whole: the ';'
    // inside need no split from Dinky either.
    std::vector<std::pair<size_t, size_t>> whole_units;
    for (size_t i = 0; i < script.size(); ++i) {
      const Statement& s = script[i];
      if (s.child_count > 0 && (s.has(kFlagExecute) || s.kind == K::kExplain)) {
        whole_units.emplace_back(script.SourceBegin(i), script.SourceEnd(i));
      }
    }
    size_t unit = 0;  // boundaries come in order, and so do the units
    auto inside_unit = [&](size_t at) {
      while (unit < whole_units.size() && whole_units[unit].second <= at) ++unit;
      return unit < whole_units.size() && at >= whole_units[unit].first;
    };
    for (size_t at : c.boundaries) {
      if (at >= source.size() || dinky_set.count(at) > 0 || inside_unit(at)) continue;
      // Only when a statement follows: the last ';' needs no split. Of a run of ';' (empty
      // statements) only the last one counts, so ';;;' is one finding.
      size_t j = at + 1;
      Tokenizer tz(source, j, source.size());
      Token next = tz.Next();
      if (next.type == TokenType::kEnd || tz.IsPunct(next, ';')) continue;
      at_source(Severity::kWarning, at, at + 1,
                "Flink ends the statement at this ';', but Dinky splits only at a ';' followed "
                "by a line break: Dinky would read it and the next statement as one");
    }
  }

  // Ordered by position; a note stays right after the finding it explains.
  const std::vector<Diagnostic>& all = found.entries();
  std::vector<std::pair<int64_t, size_t>> order;
  order.reserve(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    bool note = all[i].severity == Severity::kNote && i > 0;
    order.emplace_back(note ? order.back().first : all[i].offset, i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, i] : order) out->Add(all[i]);
}

}  // namespace flowstate::core::sql
