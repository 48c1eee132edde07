// Finds the newest checkpoint a job can be restored from, on storage alone (no cluster, no
// catalog), each newer candidate passed over with its reason.
//
//   latest_checkpoint_cpp ROOT...   (checkpoint directories or job-id directories)
#include <flowstate/flowstate.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: latest_checkpoint_cpp ROOT...\n";
    return 2;
  }
  auto storage = flowstate::Storage::create();
  if (!storage.ok()) {
    std::cerr << "latest_checkpoint_cpp: " << storage.status().to_string() << "\n";
    return 1;
  }
  const std::vector<std::string> roots(argv + 1, argv + argc);
  auto found = storage->find_latest(roots);  // verified down to the state files
  if (!found.ok()) {
    std::cerr << "latest_checkpoint_cpp: " << found.status().to_string() << "\n";
    return 1;
  }
  for (const flowstate::SnapshotInfo& s : found->snapshots) {
    if (!s.restorable) std::cout << "passed over " << s.location << ": " << s.reason << "\n";
  }
  if (!found->chosen) {
    std::cout << "nothing restorable\n";
    return 1;
  }
  const flowstate::SnapshotInfo& latest = found->snapshots[*found->chosen];
  std::cout << "latest " << latest.location << " (checkpoint " << latest.checkpoint_id << ", "
            << latest.operator_count << " operators)\n";
  return 0;
}
