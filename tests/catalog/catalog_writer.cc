// A catalog writer for the crash test: records snapshots one transaction at a time and
// prints each one's number once its transaction has committed, until it is killed.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "catalog/catalog.h"

using namespace flowstate::core::catalog;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: catalog_writer CATALOG FIRST\n");
    return 2;
  }
  auto cat = Catalog::Open(argv[1], {});
  if (!cat.ok()) {
    std::fprintf(stderr, "%s\n", cat.status().ToString().c_str());
    return 1;
  }
  auto job = (*cat)->GetJob("/crash/writer");
  if (!job.ok())
    job = (*cat)->AddJob([] {
      Job j;
      j.folder = "/crash";
      j.name = "writer";
      return j;
    }());
  if (!job.ok()) return 1;
  for (long n = std::atol(argv[2]);; ++n) {
    // Every other change is a batch of several rows in one transaction.
    std::vector<SnapshotRecord> batch;
    for (int k = 0; k < (n % 2 == 0 ? 1 : 5); ++k) {
      SnapshotRecord s;
      s.job_id = job->id;
      s.checkpoint_id = n;
      s.path = "hdfs://ns/cp/run/chk-" + std::to_string(n) + "-" + std::to_string(k);
      s.completion_ms = n;
      batch.push_back(s);
    }
    if (!(*cat)->AddSnapshots(batch).ok()) return 1;
    std::printf("%ld %zu\n", n, batch.size());
    std::fflush(stdout);
  }
}
