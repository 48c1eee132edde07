// The whole script reader on arbitrary bytes: split, classify, statement sets, variables,
// lint, and every detailed reader on every statement. The scalar and the SIMD splitter must
// agree, and nothing may point outside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sql/lint.h"
#include "sql/script.h"

using namespace flowstate::core;
using namespace flowstate::core::sql;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ParseOptions scalar;
  scalar.isa = Isa::kScalar;
  scalar.variables["v"] = "x; SELECT '${v}'";
  ParseOptions best = scalar;
  best.isa = Isa::kAuto;
  Script a = Script::ParseView(text, scalar);
  Script b = Script::ParseView(text, best);
  if (a.size() != b.size() || a.diagnostics().size() != b.diagnostics().size()) std::abort();
  for (size_t i = 0; i < a.size(); ++i) {
    const Statement& s = a[i];
    if (s.begin != b[i].begin || s.end != b[i].end || s.kind != b[i].kind) std::abort();
    if (s.begin > s.end || s.end > a.text().size()) std::abort();
    if (a.SourceBegin(i) > text.size() || a.SourceEnd(i) > text.size()) std::abort();
    if (s.begin_line < 1 || s.begin_column < 1) std::abort();
    (void)a.RedactedText(i);
    Diagnostics d;
    if (s.kind == StatementKind::kSet || s.kind == StatementKind::kReset) a.ReadSet(i, &d);
    if (KindHasWithOptions(s.kind)) a.ReadWithOptions(i, &d);
    if (s.kind == StatementKind::kExecuteCdcSource) a.ReadCdcSource(i, &d);
    for (const Diagnostic& e : d.entries()) {
      if (e.offset < 0 || static_cast<size_t>(e.offset) > text.size() || e.line < 1) std::abort();
    }
  }
  Diagnostics lint;
  LintScript(a, {}, &lint);
  for (const Diagnostic& e : lint.entries()) {
    if (e.offset < 0 || static_cast<size_t>(e.offset) > text.size()) std::abort();
  }
  (void)DinkySplitPoints(text);
  return 0;
}
