// The configuration handle behind flowstate_config, shared by the C ABI's configuration
// files (config.cc, config_running.cc).
#ifndef FLOWSTATE_CAPI_CONFIG_HANDLE_H_
#define FLOWSTATE_CAPI_CONFIG_HANDLE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/flink_version.h"
#include "common/redact.h"
#include "config/effective.h"
#include "flowstate/config.h"

struct flowstate_config {
  explicit flowstate_config(flowstate::core::FlinkVersion v)
      : builder(v), version_text(v.ToString()) {}

  struct History {
    std::string key, value, source;
  };
  struct Row {
    std::string value, normalized, source;
    std::vector<History> history;
  };

  flowstate::core::config::ConfigBuilder builder;
  std::string version_text;
  bool include_defaults = false;
  flowstate::core::config::Deployment deployment = flowstate::core::config::Deployment::kUnknown;
  flowstate::core::config::Submitter submitter = flowstate::core::config::Submitter::kUnknown;
  // The resolved configuration, rebuilt after any change.
  std::optional<flowstate::core::config::EffectiveConfig> built;
  std::vector<Row> rows;

  const flowstate::core::config::EffectiveConfig& Get() {
    if (!built) {
      flowstate::core::config::BuildOptions o;
      o.include_defaults = include_defaults;
      o.deployment = deployment;
      o.submitter = submitter;
      built = builder.Build(o);
      rows.clear();
      for (const flowstate::core::config::EffectiveEntry& e : built->entries()) {
        Row r;
        r.value = e.secret ? std::string(flowstate::core::kRedacted) : e.value;
        r.normalized = e.secret ? std::string(flowstate::core::kRedacted) : e.normalized;
        r.source = e.origin.ToString();
        for (const flowstate::core::config::Setting& h : e.history) {
          r.history.push_back({h.key,
                               e.secret || flowstate::core::IsSecretKey(h.key)
                                   ? std::string(flowstate::core::kRedacted)
                                   : h.value,
                               h.origin.ToString()});
        }
        rows.push_back(std::move(r));
      }
    }
    return *built;
  }
  void Changed() { built.reset(); }
};

#endif  // FLOWSTATE_CAPI_CONFIG_HANDLE_H_
