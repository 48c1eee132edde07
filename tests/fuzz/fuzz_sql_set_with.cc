// SET/RESET and WITH-list readers on statements built from the input: the input becomes the
// part after the keywords, so the fuzzer spends its time inside these grammars.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sql/script.h"

using namespace flowstate::core;
using namespace flowstate::core::sql;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const char* const kPrefixes[] = {"SET ", "RESET ", "CREATE TABLE t (a INT) WITH (",
                                          "EXECUTE CDCSOURCE j WITH (", "CREATE CATALOG c WITH ("};
  std::string text = std::string(kPrefixes[data[0] % 5]) + body;
  ParseOptions o;
  o.substitute_variables = VariableMode::kOff;
  Script s = Script::ParseView(text, o);
  for (size_t i = 0; i < s.size(); ++i) {
    Diagnostics d;
    StatementKind k = s[i].kind;
    if (k == StatementKind::kSet || k == StatementKind::kReset) {
      SetStatement set = s.ReadSet(i, &d);
      if (set.key_end > text.size() || set.value_end > text.size()) std::abort();
      if (!set.valid && !d.has_errors()) std::abort();
    } else if (KindHasWithOptions(k)) {
      OptionList list = s.ReadWithOptions(i, &d);
      for (const Option& opt : list.options) {
        if (opt.key_begin > opt.key_end || opt.value_end > text.size()) std::abort();
      }
      if (k == StatementKind::kExecuteCdcSource) (void)s.ReadCdcSource(i, &d);
    }
  }
  return 0;
}
