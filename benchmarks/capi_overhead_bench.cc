// What crossing the C ABI costs: the same work called through libflowstate's exported C
// functions (what hosts, the C++ API and Python use) and directly on the C++ core.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

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

// A listing of 100 files in memory; *storage is the caller's to free.
flowstate_file_list* ListOfHundred(flowstate_storage** storage) {
  flowstate_storage_new(storage, nullptr);
  flowstate_storage_mkdirs(*storage, "mem:///d");
  for (int i = 0; i < 100; ++i) {
    const std::string name = "mem:///d/f" + std::to_string(i);
    flowstate_storage_write(*storage, name.c_str(), "x", 1, 1);
  }
  flowstate_file_list* l = nullptr;
  flowstate_storage_list(&l, *storage, "mem:///d");
  return l;
}

// A file list's record through one call: the versioned struct filled by _get.
void BM_CapiFileListGet(benchmark::State& state) {
  flowstate_storage* s = nullptr;
  flowstate_file_list* l = ListOfHundred(&s);
  for (auto _ : state) {
    uint64_t sum = 0;
    for (size_t i = 0; i < 100; ++i) {
      flowstate_file_info f = FLOWSTATE_FILE_INFO_INIT;
      flowstate_file_list_get(l, i, &f);
      sum += f.size + static_cast<uint64_t>(f.type);
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * 100);
  flowstate_file_list_free(l);
  flowstate_storage_free(s);
}
BENCHMARK(BM_CapiFileListGet);

// The same list as C++ records: the generated conversion (detail::read_list, from_c) on top
// of the one _get call per entry, with a std::string per name.
void BM_CppFileListRecords(benchmark::State& state) {
  flowstate_storage* s = nullptr;
  flowstate_file_list* l = ListOfHundred(&s);
  for (auto _ : state) {
    std::vector<flowstate::FileEntry> entries =
        flowstate::detail::read_list(l, flowstate_file_list_count, flowstate_file_list_get);
    benchmark::DoNotOptimize(entries.data());
  }
  state.SetItemsProcessed(state.iterations() * 100);
  flowstate_file_list_free(l);
  flowstate_storage_free(s);
}
BENCHMARK(BM_CppFileListRecords);

// Enumerations from the table: a value's name and a name's value.
void BM_CapiEnumName(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        flowstate_enum_name(FLOWSTATE_ENUM_VERDICT, FLOWSTATE_VERDICT_CORRUPT));
  }
}
BENCHMARK(BM_CapiEnumName);

void BM_CapiEnumParse(benchmark::State& state) {
  for (auto _ : state) {
    int v = -1;
    flowstate_enum_parse(&v, FLOWSTATE_ENUM_RESTORE_STRATEGY, "latest_savepoint");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_CapiEnumParse);

// A struct's defaults from the library (what Python and C++ take them from).
void BM_CapiStructInit(benchmark::State& state) {
  for (auto _ : state) {
    flowstate_snapshot_info info;
    flowstate_snapshot_info_init(&info);
    benchmark::DoNotOptimize(info);
  }
}
BENCHMARK(BM_CapiStructInit);

}  // namespace

BENCHMARK_MAIN();
