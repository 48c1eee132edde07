// Every Flink REST answer decoder on arbitrary bytes: typed results or REMOTE errors, never a
// crash; error bodies give a message without a stack trace.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "flink/client.h"
#include "flink/decode.h"

using namespace flowstate::core;
using namespace flowstate::core::flink;

namespace {
template <typename T>
void Check(const Result<T>& r) {
  if (!r.ok() && r.status().code() != Code::kRemote) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  Check(DecodeOverview(json));
  Check(DecodeConfig(json));
  auto jobs = DecodeJobsOverview(json);
  Check(jobs);
  if (jobs.ok()) {
    for (const JobOverview& j : *jobs) {
      if (j.id.size() != 32) std::abort();
    }
  }
  Check(DecodeJobDetails(json));
  Check(DecodeJobStatus(json));
  Check(DecodeExceptions(json));
  Check(DecodeCheckpointStats(json));
  Check(DecodeCheckpointEntry(json));
  Check(DecodeCheckpointConfig(json));
  Check(DecodeJobConfig(json));
  Check(DecodeConfigurationEntries(json));
  auto trigger = DecodeTriggerId(json);
  Check(trigger);
  if (trigger.ok() && trigger->size() != 32) std::abort();
  auto sp = DecodeSavepointStatus(json);
  Check(sp);
  if (sp.ok() && sp->completed && sp->location.empty() && !sp->failure) std::abort();
  Check(DecodeJarUpload(json));
  Check(DecodeJarIds(json));
  Check(DecodeJarRun(json));
  Check(DecodeApiVersions(json));
  Check(DecodeGatewayInfo(json));
  Check(DecodeSessionHandle(json));
  Check(DecodeSessionConfig(json));
  Check(DecodeOperationHandle(json));
  Check(DecodeOperationStatus(json));
  Check(DecodeResultPage(json));
  Status e = ErrorFromAnswer(400 + static_cast<int>(size % 200), json, "GET /x");
  if (e.ok()) std::abort();
  (void)MeaningfulLine(json);
  return 0;
}
