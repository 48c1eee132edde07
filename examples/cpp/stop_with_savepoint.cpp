// Stops a running job with a savepoint: records the cluster and the job, adopts the Flink job
// the cluster runs, stops it with a savepoint (the run ends FINISHED) and prints the savepoint
// once verified on storage.
//
//   stop_with_savepoint_cpp CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR FLINK_JOB_ID
#include <flowstate/flowstate.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: stop_with_savepoint_cpp CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR "
                 "FLINK_JOB_ID\n";
    return 2;
  }
  auto fail = [](const flowstate::Status& s) {
    std::cerr << "stop_with_savepoint_cpp: " << s.to_string() << "\n";
    return 1;
  };
  auto catalog = flowstate::Catalog::open(argv[1]);
  if (!catalog.ok()) return fail(catalog.status());
  flowstate::ClusterInfo cluster;
  cluster.name = "prod";
  cluster.rest_url = argv[2];
  cluster.flink_version = "1.20";
  cluster.checkpoint_dir = argv[3];
  cluster.savepoint_dir = argv[4];
  flowstate::JobInfo job;
  job.name = "emp";
  job.folder = "/cdc";
  job.cluster = "prod";
  if (auto c = catalog->put_cluster(cluster); !c.ok()) return fail(c.status());
  if (auto j = catalog->add_job(job); !j.ok()) return fail(j.status());

  auto storage = flowstate::Storage::create();
  if (!storage.ok()) return fail(storage.status());
  flowstate::LifecycleOptions options;
  options.poll_ms = 20;
  auto life = flowstate::Lifecycle::open(*catalog, &*storage, options);
  if (!life.ok()) return fail(life.status());
  flowstate::ActionContext ctx;
  ctx.timeout_ms = 30000;  // the whole action's deadline, every request included
  if (auto adopted = life->adopt("/cdc/emp", argv[5], ctx); !adopted.ok()) {
    return fail(adopted.status());
  }
  flowstate::ActionOptions stop;
  stop.stop_mode = flowstate::StopMode::pause;  // stop-with-savepoint
  auto stopped = life->stop("/cdc/emp", stop, ctx);
  if (!stopped.ok()) return fail(stopped.status());
  for (const flowstate::SnapshotRecord& s : stopped->snapshots) {
    if (s.kind == flowstate::SnapshotKind::savepoint) {
      std::cout << "savepoint " << s.path << "\n";
      return 0;
    }
  }
  std::cerr << "stop_with_savepoint_cpp: the stop recorded no savepoint\n";
  return 1;
}
