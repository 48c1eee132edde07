// Opens (or creates) a checkpoint catalog, records a cluster and a job in a folder, and lists
// the folder's jobs with where each stands. The C++ API throws nothing: every call returns a
// Result or a Status.
//
//   open_catalog_cpp CATALOG
#include <flowstate/flowstate.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: open_catalog_cpp CATALOG\n";
    return 2;
  }
  auto catalog = flowstate::Catalog::open(argv[1]);
  if (!catalog.ok()) {
    std::cerr << "open_catalog_cpp: " << catalog.status().to_string() << "\n";
    return 1;
  }
  std::cout << "catalog " << catalog->path() << ", schema " << catalog->schema_version() << "\n";

  flowstate::ClusterInfo cluster;
  cluster.name = "prod";
  cluster.rest_url = "http://flink-jobmanager:8081";  // recorded, not contacted
  cluster.flink_version = "1.14";
  cluster.checkpoint_dir = "file:///mnt/flink-volume/flink-cp";
  flowstate::JobInfo job;
  job.name = "emp";
  job.folder = "/cdc";
  job.cluster = "prod";
  if (auto c = catalog->put_cluster(cluster); !c.ok()) {
    std::cerr << "open_catalog_cpp: " << c.status().to_string() << "\n";
    return 1;
  }
  auto added = catalog->add_job(job);
  if (!added.ok() && added.status().code() != flowstate::ErrorCode::already_exists) {
    std::cerr << "open_catalog_cpp: " << added.status().to_string() << "\n";
    return 1;
  }

  flowstate::JobQuery query;
  query.folder = "/cdc";
  auto jobs = catalog->find_jobs(query);
  if (!jobs.ok()) {
    std::cerr << "open_catalog_cpp: " << jobs.status().to_string() << "\n";
    return 1;
  }
  for (const flowstate::JobInfo& j : *jobs) {
    std::cout << "job " << j.path << " on " << j.cluster << ": " << flowstate::to_string(j.state)
              << "\n";
  }
  return 0;
}
