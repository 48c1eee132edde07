// Validating a script's configuration against the option registry (issue target: a
// 10,000-statement script in at most 5 ms; the registry lookup is a hash probe, not a scan).
//
// The script is 10,000 SET statements cycling through real keys and values of every type
// (the seed's 20 SETs among them), old and new names, with every 50th key unknown.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config/effective.h"
#include "config/files.h"
#include "config/registry.h"
#include "sql/script.h"

namespace {

namespace cfg = flowstate::core::config;
namespace sql = flowstate::core::sql;
using flowstate::core::FlinkVersion;

const char* const kSets[][2] = {
    {"pipeline.operator-chaining", "false"},
    {"table.local-time-zone", "Asia/Shanghai"},
    {"execution.runtime-mode", "streaming"},
    {"execution.checkpointing.interval", "6000"},
    {"execution.checkpointing.tolerable-failed-checkpoints", "10"},
    {"execution.checkpointing.timeout", "600000"},
    {"execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"},
    {"execution.checkpointing.mode", "EXACTLY_ONCE"},
    {"execution.checkpointing.unaligned", "true"},
    {"execution.checkpointing.max-concurrent-checkpoints", "1"},
    {"state.checkpoints.num-retained", "3"},
    {"restart-strategy", "fixed-delay"},
    {"restart-strategy.fixed-delay.attempts", "10"},
    {"restart-strategy.fixed-delay.delay", "20s"},
    {"table.exec.source.cdc-events-duplicate", "true"},
    {"table.sql-dialect", "default"},
    {"jobmanager.memory.process.size", "1600m"},
    {"taskmanager.memory.process.size", "1780m"},
    {"taskmanager.memory.managed.size", "200m"},
    {"taskmanager.numberOfTaskSlots", "1"},
    {"yarn.application.queue", "default"},
    {"state.checkpoints.dir", "hdfs:///flink/checkpoints"},
    {"execution.checkpointing.min-pause", "1 s"},
    {"state.backend.type", "rocksdb"},
    {"execution.checkpointing.incremental", "true"},
    {"pipeline.jars", "file:///opt/a.jar;file:///opt/b.jar"},
    {"pipeline.global-job-parameters", "region:eu,tier:gold"},
    {"kubernetes.jobmanager.cpu", "1.5"},
    {"table.exec.mini-batch.size", "5000"},
    {"table.exec.state.ttl", "36 h"},
    {"parallelism.default", "4"},
    {"pipeline.name", "orders"},
};

std::string MakeScript(size_t statements) {
  std::string out;
  out.reserve(statements * 60);
  const size_t n = sizeof kSets / sizeof *kSets;
  for (size_t i = 0; i < statements; ++i) {
    if (i % 50 == 49) {
      out += "SET 'connector.option." + std::to_string(i) + "' = 'x';\n";
      continue;
    }
    const auto& kv = kSets[i % n];
    const bool quote = i % 3 == 0 || std::string(kv[1]).find(';') != std::string::npos;
    out += quote ? "SET '" + std::string(kv[0]) + "' = '" + kv[1] + "';\n"
                 : "SET " + std::string(kv[0]) + " = " + kv[1] + ";\n";
  }
  return out;
}

const std::string& Script10k() {
  static const std::string s = MakeScript(10000);
  return s;
}

// Reading the SET statements and validating every key and value, then resolving the
// effective configuration with all checks across keys (the script is already parsed).
void BM_ValidateScript10k(benchmark::State& state) {
  sql::Script script = sql::Script::ParseView(Script10k());
  const FlinkVersion v{static_cast<int>(state.range(0)), static_cast<int>(state.range(1))};
  size_t diagnostics = 0;
  for (auto _ : state) {
    cfg::ConfigBuilder b(v);
    b.AddScript(script);
    cfg::EffectiveConfig c = b.Build();
    diagnostics = c.diagnostics().size();
    benchmark::DoNotOptimize(c);
  }
  state.counters["statements"] = static_cast<double>(script.size());
  state.counters["diagnostics"] = static_cast<double>(diagnostics);
  state.SetLabel("Flink " + v.ToString());
}
BENCHMARK(BM_ValidateScript10k)
    ->Args({1, 14})
    ->Args({1, 20})
    ->Args({2, 2})
    ->Unit(benchmark::kMillisecond);

// The same from the script text: split, classify and validate.
void BM_ParseAndValidateScript10k(benchmark::State& state) {
  for (auto _ : state) {
    sql::Script script = sql::Script::ParseView(Script10k());
    cfg::ConfigBuilder b(FlinkVersion{1, 20});
    b.AddScript(script);
    cfg::EffectiveConfig c = b.Build();
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(Script10k().size()));
}
BENCHMARK(BM_ParseAndValidateScript10k)->Unit(benchmark::kMillisecond);

std::vector<std::string> LookupKeys() {
  std::vector<std::string> keys;
  for (const auto& kv : kSets) keys.emplace_back(kv[0]);
  keys.emplace_back("not.a.registry.key");
  return keys;
}

// One registry lookup: a hash probe over every current and older name.
void BM_RegistryFind(benchmark::State& state) {
  const cfg::Registry& r = cfg::Registry::Get();
  std::vector<std::string> keys = LookupKeys();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(r.Find(keys[i]));
    if (++i == keys.size()) i = 0;
  }
}
BENCHMARK(BM_RegistryFind);

// What a scan of the table would cost, for comparison.
void BM_RegistryLinearScanBaseline(benchmark::State& state) {
  const cfg::Registry& r = cfg::Registry::Get();
  std::vector<std::string> keys = LookupKeys();
  size_t i = 0;
  for (auto _ : state) {
    const cfg::OptionSpec* found = nullptr;
    for (const cfg::OptionSpec& s : r.options()) {
      for (const cfg::OptionName& n : s.names) {
        if (n.name == keys[i]) found = &s;
      }
    }
    benchmark::DoNotOptimize(found);
    if (++i == keys.size()) i = 0;
  }
}
BENCHMARK(BM_RegistryLinearScanBaseline);

// Explaining the seed's script against the seed's FlinkDeployment as pasted (no-break spaces
// and all), on Flink 1.14, a session cluster, a jar run: reading the resource and the script,
// resolving the effective configuration, the scope findings and the pods' storage check
// (issue target: under 1 ms).
std::string ReadData(const char* relative) {
  std::ifstream in(std::string(FLOWSTATE_SOURCE_DIR) + "/tests/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void BM_ExplainSeedScriptOnItsCluster(benchmark::State& state) {
  const std::string script_text = ReadData("sql/data/seed_emp_1.sql");
  const std::string resource = ReadData("config/data/seed_deployment_as_pasted.yaml");
  if (script_text.empty() || resource.empty()) {
    state.SkipWithError("test data missing");
    return;
  }
  cfg::BuildOptions options;
  options.deployment = cfg::Deployment::kSession;
  options.submitter = cfg::Submitter::kJar;
  size_t no_effect = 0;
  for (auto _ : state) {
    sql::Script script = sql::Script::Parse(script_text, {});
    auto file = cfg::ReadDeployment(resource, "deployment.yaml");
    cfg::ConfigBuilder b(FlinkVersion{1, 14});
    b.AddFile(std::move(*file));
    b.AddScript(script);
    cfg::EffectiveConfig c = b.Build(options);
    no_effect = 0;
    for (const auto& d : c.diagnostics().entries()) {
      no_effect += d.message.find(": no effect ") != std::string::npos;
    }
    benchmark::DoNotOptimize(c);
  }
  state.counters["no_effect"] = static_cast<double>(no_effect);
}
BENCHMARK(BM_ExplainSeedScriptOnItsCluster)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
