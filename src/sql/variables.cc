#include "sql/variables.h"

#include <algorithm>

#include "common/strings.h"
#include "sql/split.h"
#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

bool IsPlaceholder(std::string_view name) {
  for (const char* p : kCdcSourcePlaceholders) {
    if (name == p) return true;
  }
  return false;
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsWordByte(static_cast<uint8_t>(c)) && c != '.' && c != '-') return false;
  }
  return true;
}

}  // namespace

size_t SourceMap::ToSource(size_t off) const {
  // The last replacement that starts at or before `off`.
  auto it = std::upper_bound(replacements_.begin(), replacements_.end(), off,
                             [](size_t o, const Replacement& r) { return o < r.text_begin; });
  if (it == replacements_.begin()) return off;
  --it;
  if (off < it->text_end) return it->source_begin;
  return it->source_end + (off - it->text_end);
}

std::string_view VariableValue(std::string_view text, const Statement& s) {
  std::string_view stmt = text.substr(s.begin, s.end - s.begin);
  size_t assign = stmt.find(":=");
  if (assign == std::string_view::npos) return {};
  return StripAsciiWhitespace(stmt.substr(assign + 2));
}

Substitution SubstituteVariables(std::string_view source, const StatementList& statements,
                                 const std::map<std::string, std::string>& host_variables,
                                 const ErrorSink& errors) {
  Substitution out;
  out.variables = host_variables;
  out.text.reserve(source.size());
  size_t copied = 0;  // source[0, copied) is in out.text

  // Replaces ${name} at source[b, e) if the name is known.
  auto use = [&](size_t b, size_t e, bool in_cdc_source) {
    std::string_view name = source.substr(b + 2, e - b - 3);
    if (in_cdc_source && IsPlaceholder(name)) return;
    // ${secret:NAME}: a reference the catalog put in place of a secret value; the host
    // resolves it, not the script.
    if (StartsWith(name, kSecretReferencePrefix) &&
        ValidName(name.substr(kSecretReferencePrefix.size())))
      return;
    auto it = out.variables.find(std::string(name));
    if (it == out.variables.end()) {
      errors(Severity::kError, b, e,
             ValidName(name)
                 ? StrCat("unknown variable ", Quote(name), ": define it with `", name,
                          " := value;` before this statement")
                 : StrCat("malformed variable reference ", Quote(source.substr(b, e - b))));
      return;
    }
    out.text.append(source.substr(copied, b - copied));
    size_t text_begin = out.text.size();
    out.text.append(it->second);
    out.map.Add({b, e, text_begin, out.text.size()});
    copied = e;
    out.changed = true;
  };

  for (size_t i = 0; i < statements.size(); ++i) {
    const Statement& s = statements[i];
    if (s.child_count > 0) continue;  // a statement set: its children carry its text
    if (s.kind == StatementKind::kVariable) {
      std::string name(source.substr(s.begin + s.name_offset, s.name_length));
      std::string value(VariableValue(source, s));
      // A definition may use earlier variables.
      for (size_t pos = value.find("${"); pos != std::string::npos; pos = value.find("${", pos)) {
        size_t close = value.find('}', pos);
        if (close == std::string::npos) break;
        auto it = out.variables.find(value.substr(pos + 2, close - pos - 2));
        if (it == out.variables.end()) {
          pos = close;
          continue;
        }
        value.replace(pos, close - pos + 1, it->second);
        pos += it->second.size();
      }
      out.variables[name] = value;
      continue;
    }
    std::string_view stmt = source.substr(s.begin, s.end - s.begin);
    if (stmt.find("${") == std::string_view::npos) continue;
    const bool cdc = s.kind == StatementKind::kExecuteCdcSource;
    Tokenizer tz(source, s.begin, s.end);
    for (Token t = tz.Next(); t.type != TokenType::kEnd; t = tz.Next()) {
      if (t.type == TokenType::kVariable) {
        use(t.begin, t.end, cdc);
      } else if (t.type == TokenType::kString || t.type == TokenType::kQuotedIdentifier) {
        std::string_view lit = tz.TextOf(t);
        for (size_t pos = lit.find("${"); pos != std::string_view::npos;
             pos = lit.find("${", pos)) {
          size_t close = lit.find('}', pos);
          if (close == std::string_view::npos) break;
          use(t.begin + pos, t.begin + close + 1, cdc);
          pos = close + 1;
        }
      }
    }
  }
  if (!out.changed) {
    out.text.clear();
    return out;
  }
  out.text.append(source.substr(copied));
  return out;
}

}  // namespace flowstate::core::sql
