// Shared by the cluster-file fuzz targets: build an effective configuration from what a
// reader produced and render it in every format, for one version picked by the input.
#ifndef FLOWSTATE_TESTS_FUZZ_FUZZ_CONFIG_FILES_H_
#define FLOWSTATE_TESTS_FUZZ_FUZZ_CONFIG_FILES_H_

#include <cstdlib>

#include "config/effective.h"
#include "config/files.h"

namespace flowstate::core::config {

inline void Exercise(const ConfigFile& file, uint8_t selector) {
  static const FlinkVersion kVersions[] = {{1, 14}, {1, 17}, {1, 20}, {2, 0}, {2, 2}};
  for (const Setting& s : file.settings) {
    if (s.key.empty()) std::abort();
  }
  ConfigBuilder b(kVersions[selector % 5]);
  b.AddFile(file);
  BuildOptions o;
  o.include_defaults = (selector & 0x80) != 0;
  EffectiveConfig c = b.Build(o);
  if (c.diagnostics().size() != c.diagnostic_keys().size()) std::abort();
  Diagnostics problems;
  (void)c.Render(RenderFormat::kFlinkConf, false, &problems);
  (void)c.Render(RenderFormat::kConfigYaml, false, &problems);
  (void)c.Render(RenderFormat::kJson, false, &problems);
}

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_TESTS_FUZZ_FUZZ_CONFIG_FILES_H_
