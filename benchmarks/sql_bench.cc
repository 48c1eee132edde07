// Flink SQL script engine speed (issue targets: split + classify >= 500 MB/s, SET/WITH
// extraction >= 150 MB/s, peak memory <= input + 64 bytes per statement), on a generated
// ~100 MB script of realistic statements. `sql_bench --write-corpus FILE [--mb N]` writes the
// same script for the peer comparison (benchmarks/peers/dt-sql-parser).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "alloc_counter.h"
#include "common/text_check.h"
#include "sql/lint.h"
#include "sql/script.h"
#include "sql_corpus.h"

namespace {

namespace sql = flowstate::core::sql;
using flowstate::bench::GenerateSqlScript;

size_t g_mb = 100;

const std::string& Corpus() {
  static const std::string text = GenerateSqlScript(g_mb << 20);
  return text;
}

void SplitClassify(benchmark::State& state, sql::Isa isa) {
  const std::string& text = Corpus();
  sql::ParseOptions options;
  options.isa = isa;
  size_t statements = 0;
  long long extra_peak = 0;
  for (auto _ : state) {
    flowstate::bench::ResetPeak();
    long long before = flowstate::bench::HeapNow();
    sql::Script script = sql::Script::ParseView(text, options);
    extra_peak = flowstate::bench::HeapPeak() - before;
    statements = script.size();
    benchmark::DoNotOptimize(script);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.counters["statements"] = static_cast<double>(statements);
  state.counters["peak_bytes_per_stmt"] =
      static_cast<double>(extra_peak) / static_cast<double>(statements);
  state.SetLabel(sql::IsaName(sql::SelectBlockMaskFn(isa) == nullptr ? isa : isa));
}
BENCHMARK_CAPTURE(SplitClassify, scalar, sql::Isa::kScalar)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(SplitClassify, sse2, sql::Isa::kSse2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(SplitClassify, avx2, sql::Isa::kAvx2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// SET key/value and WITH option extraction over every statement that has them.
void SetWithExtraction(benchmark::State& state) {
  const std::string& text = Corpus();
  sql::Script script = sql::Script::ParseView(text);
  size_t options = 0, sets = 0;
  for (auto _ : state) {
    options = sets = 0;
    for (size_t i = 0; i < script.size(); ++i) {
      const sql::Statement& s = script[i];
      if (s.kind == sql::StatementKind::kSet || s.kind == sql::StatementKind::kReset) {
        sets += script.ReadSet(i, nullptr).has_key ? 1 : 0;
      } else if (sql::KindHasWithOptions(s.kind)) {
        options += script.ReadWithOptions(i, nullptr).options.size();
      }
    }
    benchmark::DoNotOptimize(options);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.counters["set_statements"] = static_cast<double>(sets);
  state.counters["with_options"] = static_cast<double>(options);
}
BENCHMARK(SetWithExtraction)->Unit(benchmark::kMillisecond)->UseRealTime();

// The bare loop the issue compares with: a byte at a time, tracking quotes and comments.
void BareByteLoop(benchmark::State& state) {
  const std::string& text = Corpus();
  for (auto _ : state) {
    size_t semis = 0;
    int st = 0;  // 0 normal, 1 string, 2 line comment, 3 block comment
    const char* p = text.data();
    const char* e = p + text.size();
    for (; p < e; ++p) {
      char c = *p;
      switch (st) {
        case 0:
          if (c == ';')
            ++semis;
          else if (c == '\'')
            st = 1;
          else if (c == '-' && p + 1 < e && p[1] == '-')
            st = 2;
          else if (c == '/' && p + 1 < e && p[1] == '*')
            st = 3;
          break;
        case 1:
          if (c == '\'') st = 0;
          break;
        case 2:
          if (c == '\n') st = 0;
          break;
        default:
          if (c == '*' && p + 1 < e && p[1] == '/') st = 0;
          break;
      }
    }
    benchmark::DoNotOptimize(semis);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BareByteLoop)->Unit(benchmark::kMillisecond)->UseRealTime();

void Memchr(benchmark::State& state) {
  const std::string& text = Corpus();
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::memchr(text.data(), 0x01, text.size()));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(Memchr)->Unit(benchmark::kMillisecond)->UseRealTime();

// The check every script passes where it enters the library (C ABI parse, catalog save):
// UTF-8 text without NUL bytes. The corpus is mostly ASCII with Chinese comments.
void TextCheck(benchmark::State& state) {
  const std::string& text = Corpus();
  for (auto _ : state) {
    benchmark::DoNotOptimize(flowstate::core::FirstNonText(text));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(TextCheck)->Unit(benchmark::kMillisecond)->UseRealTime();

void Lint(benchmark::State& state) {
  const std::string& text = Corpus();
  sql::Script script = sql::Script::ParseView(text);
  size_t found = 0;
  for (auto _ : state) {
    flowstate::core::Diagnostics d;
    sql::LintScript(script, {}, &d);
    found = d.size();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.counters["findings"] = static_cast<double>(found);
}
BENCHMARK(Lint)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mb") == 0 && i + 1 < argc) g_mb = std::stoul(argv[i + 1]);
  }
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--write-corpus") == 0 && i + 1 < argc) {
      std::ofstream(argv[i + 1], std::ios::binary) << Corpus();
      std::printf("wrote %zu bytes to %s\n", Corpus().size(), argv[i + 1]);
      return 0;
    }
  }
  // Drop our own flags before Google Benchmark sees them.
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mb") == 0) {
      ++i;
      continue;
    }
    argv[out++] = argv[i];
  }
  argc = out;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
