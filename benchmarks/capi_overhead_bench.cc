// What crossing the C ABI costs: the same work called through libflowstate's exported C
// functions (what hosts, the C++ API and Python use) and directly on the C++ core.
#include <benchmark/benchmark.h>

#include <string>

#include "common/redact.h"
#include "flowstate/flowstate.h"
#include "flowstate/flowstate.hpp"

namespace {

void BM_CapiVersionNumber(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(flowstate_version_number());
}
BENCHMARK(BM_CapiVersionNumber);

void BM_CapiIsSecretKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(flowstate_redact_is_secret_key("sink.password"));
}
BENCHMARK(BM_CapiIsSecretKey);

void BM_CoreIsSecretKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(flowstate::core::IsSecretKey("sink.password"));
}
BENCHMARK(BM_CoreIsSecretKey);

void BM_CapiErrorPath(benchmark::State& state) {
  // A failing call: exception barrier, thread-local last error, message redaction.
  for (auto _ : state) benchmark::DoNotOptimize(flowstate_redact_add_pattern(nullptr));
}
BENCHMARK(BM_CapiErrorPath);

void BM_CppApiErrorToStatus(benchmark::State& state) {
  for (auto _ : state) {
    flowstate::Status s = flowstate::remove_redaction_pattern("*absent*");
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_CppApiErrorToStatus);

void BM_CapiDiagnosticsRead(benchmark::State& state) {
  flowstate_diagnostics* d = nullptr;
  flowstate_diagnostics_new(&d);
  for (int i = 0; i < 100; ++i) {
    flowstate_diagnostic e = FLOWSTATE_DIAGNOSTIC_INIT;
    e.severity = FLOWSTATE_SEVERITY_ERROR;
    e.code = FLOWSTATE_E_PARSE;
    e.message = "m";
    e.source = "f.sql";
    e.offset = i;
    e.line = 1;
    e.column = i + 1;
    flowstate_diagnostics_add(d, &e);
  }
  // One call reads a whole entry (before 0.2: one call per field).
  for (auto _ : state) {
    int64_t sum = 0;
    for (size_t i = 0; i < 100; ++i) {
      flowstate_diagnostic e = FLOWSTATE_DIAGNOSTIC_INIT;
      flowstate_diagnostics_get(d, i, &e);
      sum += e.column + e.line + e.offset;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * 100);
  flowstate_diagnostics_free(d);
}
BENCHMARK(BM_CapiDiagnosticsRead);

void BM_CapiRedactText(benchmark::State& state) {
  const std::string text =
      "EXECUTE CDCSOURCE s WITH ('connector' = 'mysql-cdc','hostname' = 'hadoop102','port' = "
      "'3306','username' = 'root','password' = '000000','checkpoint' = '3000')";
  for (auto _ : state) {
    char* out = nullptr;
    flowstate_redact_text(&out, text.data(), text.size());
    benchmark::DoNotOptimize(out);
    flowstate_string_free(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_CapiRedactText);

}  // namespace

BENCHMARK_MAIN();
