// A host process for the lifecycle's kill tests: opens the catalog, runs one sequence of
// actions on a job, and kills itself with SIGKILL the n-th time it crosses the kill point
// named (or, with "record", prints every point it crosses and exits 0).
//
//   kill_host CATALOG JOB FLINK_JOB_ID SEQUENCE POINT N
//
// Sequences: savepoint-smart (adopt, savepoint, smart stop), fallback (adopt, smart stop
// whose savepoint fails: the test set the fault), normal (adopt, normal stop), cancel (adopt,
// cancel), stop (adopt, savepoint with cancellation), start (a job never run: start it
// through the cluster's runner, smart stop, start again from the savepoint), gateway (the
// same through the SQL Gateway). Exit codes: 0
// done, 3 an action failed, 2 usage.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "job/engine.h"

namespace job = flowstate::core::job;

namespace {
const char* g_point = nullptr;
long g_left = 0;
bool g_record = false;

void Hook(const char* point) {
  if (g_record) {
    std::printf("%s\n", point);
    std::fflush(stdout);
    return;
  }
  if (std::strcmp(point, g_point) == 0 && --g_left == 0) ::raise(SIGKILL);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) return 2;
  const std::string sequence = argv[4];
  g_point = argv[5];
  g_left = std::atol(argv[6]);
  g_record = std::strcmp(g_point, "record") == 0;
  auto cat = flowstate::core::catalog::Catalog::Open(argv[1], {});
  if (!cat.ok()) return 3;
  auto storage =
      flowstate::core::storage::Storage::Create(flowstate::core::storage::StorageConfig{});
  if (!storage.ok()) return 3;
  job::PlainClusterResolver resolver;
  job::LifecycleOptions o;
  o.poll_ms = 10;
  job::Lifecycle life(cat->get(), storage->get(), &resolver, o);
  job::SetKillHook(&Hook);
  flowstate::core::OperationContext ctx;
  ctx.deadline = flowstate::core::Deadline::After(std::chrono::seconds(20));
  const std::string ref = argv[2];
  job::StopOptions stop;
  if (sequence == "start" || sequence == "gateway") {
    job::StartOptions start;
    if (sequence == "gateway") start.path = job::SubmitPath::kGateway;
    const bool ok = life.Start(ref, start, ctx).ok() && life.Stop(ref, stop, ctx).ok() &&
                    life.Start(ref, start, ctx).ok();
    return ok ? 0 : 3;
  }
  if (!life.Adopt(ref, argv[3], ctx).ok()) return 3;
  bool ok = true;
  if (sequence == "savepoint-smart") {
    ok = life.Savepoint(ref, {}, ctx).ok() && life.Stop(ref, stop, ctx).ok();
  } else if (sequence == "fallback") {
    ok = life.Stop(ref, stop, ctx).ok();
  } else if (sequence == "normal") {
    stop.mode = job::StopMode::kNormal;
    ok = life.Stop(ref, stop, ctx).ok();
  } else if (sequence == "cancel") {
    ok = life.Cancel(ref, ctx).ok();
  } else if (sequence == "stop") {
    stop.mode = job::StopMode::kStop;
    ok = life.Stop(ref, stop, ctx).ok();
  } else {
    return 2;
  }
  return ok ? 0 : 3;
}
