#include "storage/memory_fs.h"

#include <chrono>

#include "common/strings.h"

namespace flowstate::core::storage {
namespace {

std::string Parent(const std::string& p) {
  size_t slash = p.rfind('/');
  return slash == 0 ? "/" : p.substr(0, slash);
}

std::string Prefix(const std::string& dir) { return dir == "/" ? "/" : dir + "/"; }

}  // namespace

MemoryFileSystem::MemoryFileSystem() { nodes_["/"] = Node{true, "", Now()}; }

int64_t MemoryFileSystem::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status MemoryFileSystem::CheckParent(const std::string& path) const {
  auto it = nodes_.find(Parent(path));
  if (it == nodes_.end()) return Status::NotFound(StrCat("parent of ", path, " does not exist"));
  if (!it->second.dir) return Status::InvalidArgument(StrCat("parent of ", path, " is a file"));
  return Status::Ok();
}

Result<FileStatus> MemoryFileSystem::Stat(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(path);
  if (it == nodes_.end())
    return Status::NotFound(StrCat("stat ", path, ": no such file or directory"));
  FileStatus s;
  s.name = path.substr(path.rfind('/') + 1);
  s.type = it->second.dir ? FileType::kDirectory : FileType::kFile;
  s.size = it->second.dir ? 0 : it->second.data.size();
  s.mtime_ms = it->second.mtime_ms;
  return s;
}

Result<ListPage> MemoryFileSystem::List(const std::string& path, const std::string& start_after) {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(path);
  if (it == nodes_.end()) return Status::NotFound(StrCat("list ", path, ": no such directory"));
  if (!it->second.dir) return Status::InvalidArgument(StrCat("list ", path, ": not a directory"));
  const std::string prefix = Prefix(path);
  ListPage page;
  for (auto c = nodes_.upper_bound(prefix + start_after); c != nodes_.end(); ++c) {
    if (!StartsWith(c->first, prefix)) break;
    std::string rest = c->first.substr(prefix.size());
    if (rest.empty() || rest.find('/') != std::string::npos) continue;
    if (!start_after.empty() && rest <= start_after) continue;
    if (page_size_ > 0 && page.entries.size() == page_size_) {
      page.next = page.entries.back().name;
      break;
    }
    FileStatus s;
    s.name = rest;
    s.type = c->second.dir ? FileType::kDirectory : FileType::kFile;
    s.size = c->second.dir ? 0 : c->second.data.size();
    s.mtime_ms = c->second.mtime_ms;
    page.entries.push_back(std::move(s));
  }
  return page;
}

Result<std::string> MemoryFileSystem::Read(const std::string& path, uint64_t offset,
                                           uint64_t length) {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(path);
  if (it == nodes_.end()) return Status::NotFound(StrCat("open ", path, ": no such file"));
  if (it->second.dir) return Status::InvalidArgument(StrCat("read ", path, ": is a directory"));
  const std::string& d = it->second.data;
  if (offset >= d.size()) return std::string();
  return d.substr(static_cast<size_t>(offset),
                  static_cast<size_t>(std::min<uint64_t>(length, d.size() - offset)));
}

Status MemoryFileSystem::WriteAtomic(const std::string& path, std::string_view data,
                                     bool overwrite) {
  std::lock_guard lock(mu_);
  FS_RETURN_IF_ERROR(CheckParent(path));
  auto it = nodes_.find(path);
  if (it != nodes_.end()) {
    if (it->second.dir)
      return Status::AlreadyExists(StrCat("write ", path, ": a directory is there"));
    if (!overwrite) return Status::AlreadyExists(StrCat("create ", path, ": it exists"));
  }
  nodes_[path] = Node{false, std::string(data), Now()};
  nodes_[Parent(path)].mtime_ms = Now();
  return Status::Ok();
}

Status MemoryFileSystem::Mkdirs(const std::string& path) {
  std::lock_guard lock(mu_);
  std::string partial;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    partial = path.substr(0, j);
    i = j + 1;
    if (partial.empty()) continue;
    auto it = nodes_.find(partial);
    if (it == nodes_.end()) {
      nodes_[partial] = Node{true, "", Now()};
      nodes_[Parent(partial)].mtime_ms = Now();
    } else if (!it->second.dir) {
      return Status::AlreadyExists(StrCat("mkdir ", partial, ": a file is in the way"));
    }
  }
  return Status::Ok();
}

Status MemoryFileSystem::Rename(const std::string& from, const std::string& to) {
  std::lock_guard lock(mu_);
  if (nodes_.count(from) == 0) return Status::NotFound(StrCat("rename ", from, ": no such file"));
  if (nodes_.count(to) > 0) return Status::AlreadyExists(StrCat("rename to ", to, ": it exists"));
  FS_RETURN_IF_ERROR(CheckParent(to));
  std::map<std::string, Node> moved;
  const std::string prefix = Prefix(from);
  for (auto it = nodes_.begin(); it != nodes_.end();) {
    if (it->first == from || StartsWith(it->first, prefix)) {
      moved[to + it->first.substr(from.size())] = it->second;
      it = nodes_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [p, n] : moved) nodes_[p] = std::move(n);
  nodes_[Parent(to)].mtime_ms = Now();
  nodes_[Parent(from)].mtime_ms = Now();
  return Status::Ok();
}

Status MemoryFileSystem::DeleteRecursive(const std::string& path) {
  std::lock_guard lock(mu_);
  if (path == "/") return Status::InvalidArgument("refusing to delete the root");
  if (nodes_.count(path) == 0) return Status::NotFound(StrCat("delete ", path, ": no such file"));
  const std::string prefix = Prefix(path);
  for (auto it = nodes_.begin(); it != nodes_.end();) {
    it = (it->first == path || StartsWith(it->first, prefix)) ? nodes_.erase(it) : std::next(it);
  }
  nodes_[Parent(path)].mtime_ms = Now();
  return Status::Ok();
}

Status MemoryFileSystem::SetMtime(const std::string& path, int64_t mtime_ms) {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(path);
  if (it == nodes_.end()) return Status::NotFound(StrCat("no ", path));
  it->second.mtime_ms = mtime_ms;
  return Status::Ok();
}

void MemoryFileSystem::SetPageSize(size_t n) {
  std::lock_guard lock(mu_);
  page_size_ = n;
}

}  // namespace flowstate::core::storage
