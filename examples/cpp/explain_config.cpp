// Explains the configuration a job runs with on Flink 1.14: the cluster's flink-conf.yaml,
// then the script's SET statements. Prints every key set somewhere with its effective value and
// where it came from (secrets redacted), then the findings with their positions.
//
//   explain_config_cpp FLINK_CONF SCRIPT
#include <flowstate/flowstate.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

static bool slurp(const char* path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return static_cast<bool>(in);
}

int main(int argc, char** argv) {
  std::string conf, sql;
  if (argc != 3) {
    std::cerr << "usage: explain_config_cpp FLINK_CONF SCRIPT\n";
    return 2;
  }
  if (!slurp(argv[1], &conf) || !slurp(argv[2], &sql)) {
    std::cerr << "explain_config_cpp: cannot read the files\n";
    return 1;
  }
  auto config = flowstate::Config::create("1.14");
  if (!config.ok()) {
    std::cerr << "explain_config_cpp: " << config.status().to_string() << "\n";
    return 1;
  }
  flowstate::ParseOptions po;
  po.source_name = "job.sql";
  auto script = flowstate::Script::parse(sql, po);
  flowstate::Status st =
      config->add_file(conf, "flink-conf.yaml", flowstate::FileFormat::flink_conf);
  if (st.ok() && script.ok()) st = config->add_script(*script);
  if (!st.ok() || !script.ok()) {
    std::cerr << "explain_config_cpp: " << (st.ok() ? script.status() : st).to_string() << "\n";
    return 1;
  }
  for (const flowstate::ConfigEntry& e : config->entries()) {
    std::cout << e.key << " = " << e.normalized << "  (" << e.source << ")\n";
  }
  for (const auto& [finding, key] : config->diagnostics()) {
    std::cout << finding.source << ":" << finding.line << ":" << finding.column << " " << key
              << ": " << finding.message << "\n";
  }
  return 0;
}
