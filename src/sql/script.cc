#include "sql/script.h"

#include <cstring>

#include "common/redact.h"
#include "common/strings.h"
#include "sql/classify.h"
#include "sql/redact_sql.h"
#include "sql/split.h"
#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

struct PendingError {
  Severity severity;
  size_t begin, end;
  std::string message;
};

// Receives the splitter's statements, classifies them and groups statement sets as they
// arrive, so the list is written once.
class Builder {
 public:
  Builder(std::string_view text, StatementList* list, std::vector<PendingError>* errors)
      : text_(text), list_(list), errors_(errors) {}

  void OnStatement(size_t begin, size_t end, size_t terminator) {
    const bool terminated = terminator < text_.size();
    Statement s;
    s.begin = begin;
    s.end = end;
    if (!terminated) s.flags |= kFlagUnterminated;
    Classify(text_, &s);
    if (open_set_ >= 0) {
      AddToSet(s);
      return;
    }
    if (s.kind == StatementKind::kBeginStatementSet) {
      s.kind = StatementKind::kStatementSet;
      Open(s);
      return;
    }
    size_t body = StatementSetBodyStart(text_, s);
    if (body > 0) {
      Open(s);
      Tokenizer tz(text_, body, end);
      Token first = tz.Next();
      if (first.type != TokenType::kEnd) {
        Statement child;
        child.begin = first.begin;
        child.end = end;
        child.flags = s.flags & kFlagUnterminated;
        Classify(text_, &child);
        AddToSet(child);
      }
      return;
    }
    if (s.kind == StatementKind::kStatementSet) {
      errors_->push_back({Severity::kError, begin, end,
                          "EXECUTE STATEMENT SET must be followed by BEGIN ... END"});
    }
    if (s.kind == StatementKind::kEnd) {
      errors_->push_back({Severity::kError, begin, end, "END without a statement set to close"});
    }
    list_->push_back(s);
  }

  void OnComment(size_t, size_t, bool) {}
  void OnEmpty(size_t) {}

  void OnUnterminated(Construct what, size_t open) {
    const char* msg = what == Construct::kString ? "unterminated string literal: no closing '"
                      : what == Construct::kQuotedIdentifier
                          ? "unterminated quoted identifier: no closing `"
                          : "unterminated block comment: no closing */";
    errors_->push_back(
        {Severity::kError, open, open + (what == Construct::kBlockComment ? 2 : 1), msg});
  }

  void Finish() {
    if (open_set_ >= 0) {
      const Statement& unit = (*list_)[static_cast<size_t>(open_set_)];
      errors_->push_back({Severity::kError, unit.begin, unit.begin + 5,
                          "statement set is not closed: missing END"});
      open_set_ = -1;
    }
  }

 private:
  void Open(const Statement& s) {
    list_->push_back(s);
    open_set_ = static_cast<int32_t>(list_->size() - 1);
  }

  void AddToSet(Statement s) {
    Statement& unit = (*list_)[static_cast<size_t>(open_set_)];
    if (s.kind == StatementKind::kEnd) {
      unit.end = s.end;
      unit.flags =
          static_cast<uint16_t>((unit.flags & ~kFlagUnterminated) | (s.flags & kFlagUnterminated));
      open_set_ = -1;
      return;
    }
    if (s.kind == StatementKind::kBeginStatementSet || StatementSetBodyStart(text_, s) > 0) {
      errors_->push_back({Severity::kError, s.begin, s.end,
                          "a statement set cannot contain another statement set"});
    }
    s.parent = open_set_;
    unit.child_count++;
    unit.end = s.end;
    list_->push_back(s);
  }

  std::string_view text_;
  StatementList* list_;
  std::vector<PendingError>* errors_;
  int32_t open_set_ = -1;
};

}  // namespace

Script Script::Parse(std::string text, const ParseOptions& options) {
  auto owned = std::make_unique<std::string>(std::move(text));
  std::string_view view = *owned;
  return Build(std::move(owned), view, options);
}

Script Script::ParseView(std::string_view text, const ParseOptions& options) {
  return Build(nullptr, text, options);
}

Script Script::Build(std::unique_ptr<std::string> owned, std::string_view text,
                     const ParseOptions& options) {
  Script s;
  s.owned_ = std::move(owned);
  s.source_ = s.text_ = text;
  s.source_name_ = options.source_name;
  s.variables_ = options.variables;
  BlockMaskFn fn = SelectBlockMaskFn(options.isa, &s.isa_);

  std::vector<PendingError> errors;
  {
    Builder builder(text, &s.statements_, &errors);
    SplitScript(text, fn, builder);
    builder.Finish();
  }

  bool has_variables = false;
  if (options.substitute_variables == VariableMode::kAlways) {
    has_variables = text.find("${") != std::string_view::npos;
  }
  if (options.substitute_variables != VariableMode::kOff) {
    // Variables are in play when the host gives some or the script defines some.
    has_variables = has_variables || !options.variables.empty();
    for (size_t i = 0; !has_variables && i < s.statements_.size(); ++i) {
      has_variables = s.statements_[i].kind == StatementKind::kVariable;
    }
  }
  if (has_variables) {
    std::vector<PendingError> var_errors;
    Substitution sub = SubstituteVariables(text, s.statements_, options.variables,
                                           [&](Severity sev, size_t b, size_t e, std::string m) {
                                             var_errors.push_back({sev, b, e, std::move(m)});
                                           });
    s.variables_ = std::move(sub.variables);
    // Substitution errors carry source offsets already.
    for (PendingError& e : var_errors) {
      Diagnostic d =
          s.MakeDiagnostic(e.severity, Code::kParse, e.begin, e.end, std::move(e.message));
      s.diagnostics_.Add(std::move(d));
    }
    if (sub.changed) {
      s.expanded_ = std::make_unique<std::string>(std::move(sub.text));
      s.map_ = std::move(sub.map);
      s.text_ = *s.expanded_;
      s.statements_ = StatementList();
      errors.clear();
      Builder builder(s.text_, &s.statements_, &errors);
      SplitScript(s.text_, fn, builder);
      builder.Finish();
    }
  }
  for (PendingError& e : errors) {
    s.diagnostics_.Add(
        s.MakeDiagnostic(e.severity, Code::kParse, e.begin, e.end, std::move(e.message)));
  }
  s.ComputePositions();
  return s;
}

void Script::ComputePositions() {
  PositionCursor cursor(source_);
  auto at = [&](size_t text_offset) { return cursor.Advance(map_.ToSource(text_offset)); };
  size_t pending = static_cast<size_t>(-1);  // a statement set whose end is still ahead
  auto flush = [&] {
    Statement& u = statements_[pending];
    TextPosition p = at(u.end);
    u.end_line = static_cast<uint32_t>(p.line);
    u.end_column = static_cast<uint32_t>(p.column);
    pending = static_cast<size_t>(-1);
  };
  for (size_t i = 0; i < statements_.size(); ++i) {
    Statement& s = statements_[i];
    if (pending != static_cast<size_t>(-1) && statements_[pending].end <= s.begin) flush();
    TextPosition b = at(s.begin);
    s.begin_line = static_cast<uint32_t>(b.line);
    s.begin_column = static_cast<uint32_t>(b.column);
    if (s.child_count > 0) {
      pending = i;
      continue;
    }
    TextPosition e = at(s.end);
    s.end_line = static_cast<uint32_t>(e.line);
    s.end_column = static_cast<uint32_t>(e.column);
  }
  if (pending != static_cast<size_t>(-1)) flush();
}

size_t Script::SourceEnd(size_t i) const {
  const Statement& s = statements_[i];
  if (s.end == s.begin) return map_.ToSource(s.end);
  // The end is just past the last character: map that character, then step past it.
  size_t last = map_.ToSource(s.end - 1);
  for (const SourceMap::Replacement& r : map_.replacements()) {
    if (r.source_begin == last && s.end - 1 >= r.text_begin && s.end - 1 < r.text_end)
      return r.source_end;
  }
  return last + 1;
}

std::string_view Script::RawText(size_t i) const {
  const Statement& s = statements_[i];
  return text_.substr(s.begin, s.end - s.begin);
}

std::string Script::RedactedText(size_t i) const { return RedactStatement(text_, statements_[i]); }

std::string_view Script::Name(size_t i) const {
  const Statement& s = statements_[i];
  if (s.name_length == 0) return {};
  return text_.substr(s.begin + s.name_offset, s.name_length);
}

TextPosition Script::SourcePosition(size_t source_offset) const {
  std::call_once(lazy_->once, [this] { lazy_->index = std::make_unique<LineIndex>(source_); });
  return lazy_->index->PositionAt(source_offset);
}

Diagnostic Script::MakeDiagnostic(Severity severity, Code code, size_t text_begin, size_t text_end,
                                  std::string message) const {
  Diagnostic d;
  d.severity = severity;
  d.code = code;
  d.message = std::move(message);
  d.source = source_name_;
  size_t b = map_.ToSource(text_begin);
  size_t e = std::max(b, map_.ToSource(text_end));
  d.offset = static_cast<int64_t>(b);
  d.end_offset = static_cast<int64_t>(e);
  TextPosition p = SourcePosition(b);
  d.line = p.line;
  d.column = p.column;
  return d;
}

ErrorSink Script::SinkTo(Diagnostics* diags) const {
  return [this, diags](Severity sev, size_t b, size_t e, std::string m) {
    if (diags != nullptr) diags->Add(MakeDiagnostic(sev, Code::kParse, b, e, std::move(m)));
  };
}

SetStatement Script::ReadSet(size_t i, Diagnostics* diags) const {
  return ParseSetStatement(text_, statements_[i], SinkTo(diags));
}

OptionList Script::ReadWithOptions(size_t i, Diagnostics* diags) const {
  return ParseWithOptions(text_, statements_[i], SinkTo(diags));
}

CdcSource Script::ReadCdcSource(size_t i, Diagnostics* diags) const {
  return ParseCdcSource(text_, statements_[i], SinkTo(diags));
}

}  // namespace flowstate::core::sql
