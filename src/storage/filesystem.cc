#include "storage/filesystem.h"

namespace flowstate::core::storage {

Result<std::vector<FileStatus>> FileSystem::ListAll(const std::string& path) {
  std::vector<FileStatus> all;
  std::string after;
  for (int pages = 0;; ++pages) {
    FS_ASSIGN_OR_RETURN(ListPage page, List(path, after));
    for (FileStatus& s : page.entries) all.push_back(std::move(s));
    if (page.next.empty()) break;
    if (page.next <= after) return Status::Remote("listing did not advance: " + path);
    after = std::move(page.next);
  }
  return all;
}

}  // namespace flowstate::core::storage
