#include "storage/local_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "common/strings.h"

namespace flowstate::core::storage {
namespace {

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

FileType TypeOf(mode_t mode) {
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISREG(mode)) return FileType::kFile;
  if (S_ISLNK(mode)) return FileType::kSymlink;
  return FileType::kOther;
}

FileStatus StatusOf(std::string name, const struct stat& st) {
  FileStatus s;
  s.name = std::move(name);
  s.type = TypeOf(st.st_mode);
  s.size = s.type == FileType::kDirectory ? 0 : static_cast<uint64_t>(st.st_size);
  s.mtime_ms = MtimeMs(st);
  return s;
}

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }
std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Closes a descriptor on every path out of a scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

Status FsyncDir(const std::string& dir) {
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.fd < 0) return ErrnoStatus(errno, "open directory", dir);
  if (::fsync(d.fd) != 0 && errno != EINVAL) return ErrnoStatus(errno, "fsync directory", dir);
  return Status::Ok();
}

std::atomic<uint64_t> g_temp_counter{0};

}  // namespace

Status ErrnoStatus(int err, std::string_view op, std::string_view path) {
  std::string msg = StrCat(op, " ", path, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
      return Status::NotFound(std::move(msg));
    case EACCES:
    case EPERM:
    case EROFS:
      return Status::PermissionDenied(std::move(msg));
    case EEXIST:
    case ENOTEMPTY:
      return Status::AlreadyExists(std::move(msg));
    case ENOTDIR:
    case EISDIR:
    case ENAMETOOLONG:
      return Status::InvalidArgument(std::move(msg));
    case ENOMEM:
      return Status::NoMemory(std::move(msg));
    default:
      return Status::Io(std::move(msg));
  }
}

template <typename F>
auto LocalFileSystem::Retry(F&& f) -> decltype(f()) {
  for (int attempt = 0;; ++attempt) {
    errno = 0;
    auto r = f();
    if (errno != ESTALE || attempt >= options_.estale_retries) return r;
    ::usleep(static_cast<useconds_t>(10000 << attempt));  // the client revalidates meanwhile
  }
}

Result<FileStatus> LocalFileSystem::Stat(const std::string& path) {
  return Retry([&]() -> Result<FileStatus> {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "stat", path);
    return StatusOf(BaseName(path), st);
  });
}

Result<ListPage> LocalFileSystem::List(const std::string& path, const std::string& start_after) {
  return Retry([&]() -> Result<ListPage> {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return ErrnoStatus(errno, "list", path);
    ListPage page;
    const int dfd = ::dirfd(dir);
    errno = 0;
    while (struct dirent* e = ::readdir(dir)) {
      const char* n = e->d_name;
      if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
      if (!start_after.empty() && std::strcmp(n, start_after.c_str()) <= 0) continue;
      struct stat st;
      if (::fstatat(dfd, n, &st, 0) != 0) {
        if (errno == ENOENT) continue;  // deleted while we listed (retention at work)
        int err = errno;
        ::closedir(dir);
        return ErrnoStatus(err, "stat", StrCat(path, "/", n));
      }
      page.entries.push_back(StatusOf(n, st));
      errno = 0;
    }
    int err = errno;
    ::closedir(dir);
    if (err != 0) return ErrnoStatus(err, "list", path);
    std::sort(page.entries.begin(), page.entries.end(),
              [](const FileStatus& a, const FileStatus& b) { return a.name < b.name; });
    return page;
  });
}

Result<std::string> LocalFileSystem::Read(const std::string& path, uint64_t offset,
                                          uint64_t length) {
  return Retry([&]() -> Result<std::string> {
    Fd f(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (f.fd < 0) return ErrnoStatus(errno, "open", path);
    struct stat st;
    if (::fstat(f.fd, &st) != 0) return ErrnoStatus(errno, "stat", path);
    if (S_ISDIR(st.st_mode))
      return Status::InvalidArgument(StrCat("read ", path, ": is a directory"));
    uint64_t size = static_cast<uint64_t>(st.st_size);
    if (offset >= size) return std::string();
    uint64_t n = std::min(length, size - offset);
    std::string out(n, '\0');
    uint64_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(f.fd, out.data() + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(errno, "read", path);
      }
      if (r == 0) break;  // shrank while we read
      done += static_cast<uint64_t>(r);
    }
    out.resize(done);
    return out;
  });
}

Status LocalFileSystem::WriteAtomic(const std::string& path, std::string_view data,
                                    bool overwrite) {
  const std::string dir = DirName(path);
  const std::string tmp =
      StrCat(dir, "/.", BaseName(path), ".tmp.", ::getpid(), ".", g_temp_counter.fetch_add(1));
  {
    Fd f(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (f.fd < 0) return ErrnoStatus(errno, "create", tmp);
    size_t done = 0;
    while (done < data.size()) {
      ssize_t w = ::write(f.fd, data.data() + done, data.size() - done);
      if (w < 0) {
        if (errno == EINTR) continue;
        Status s = ErrnoStatus(errno, "write", tmp);
        ::unlink(tmp.c_str());
        return s;
      }
      done += static_cast<size_t>(w);
    }
    if (options_.fsync && ::fsync(f.fd) != 0) {
      Status s = ErrnoStatus(errno, "fsync", tmp);
      ::unlink(tmp.c_str());
      return s;
    }
  }
  int rc = Retry([&] {
    // link() fails when the target exists: create-if-absent without a lock.
    return overwrite ? ::rename(tmp.c_str(), path.c_str()) : ::link(tmp.c_str(), path.c_str());
  });
  int err = errno;
  if (!overwrite || rc != 0) ::unlink(tmp.c_str());
  if (rc != 0) return ErrnoStatus(err, overwrite ? "rename into" : "create", path);
  return options_.fsync ? FsyncDir(dir) : Status::Ok();
}

Status LocalFileSystem::Mkdirs(const std::string& path) {
  std::string partial;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    partial = path.substr(0, j);
    i = j + 1;
    if (partial.empty()) continue;
    int rc = Retry([&] { return ::mkdir(partial.c_str(), 0755); });
    if (rc != 0 && errno != EEXIST) return ErrnoStatus(errno, "mkdir", partial);
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "mkdir", path);
  if (!S_ISDIR(st.st_mode))
    return Status::AlreadyExists(StrCat("mkdir ", path, ": a file is in the way"));
  return Status::Ok();
}

Status LocalFileSystem::Rename(const std::string& from, const std::string& to) {
  int rc = Retry(
      [&] { return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE); });
  if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
    // The file system cannot refuse to replace (NFS): check first; a race is possible.
    struct stat st;
    if (::stat(to.c_str(), &st) == 0)
      return Status::AlreadyExists(StrCat("rename to ", to, ": it exists"));
    rc = Retry([&] { return ::rename(from.c_str(), to.c_str()); });
  }
  if (rc != 0) return ErrnoStatus(errno, StrCat("rename ", from, " to"), to);
  if (options_.fsync) {
    FS_RETURN_IF_ERROR(FsyncDir(DirName(to)));
    if (DirName(to) != DirName(from)) FS_RETURN_IF_ERROR(FsyncDir(DirName(from)));
  }
  return Status::Ok();
}

Status LocalFileSystem::DeleteRecursive(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "delete", path);
  if (S_ISDIR(st.st_mode)) {
    FS_ASSIGN_OR_RETURN(ListPage page, List(path, ""));
    for (const FileStatus& e : page.entries) {
      Status s = DeleteRecursive(StrCat(path, "/", e.name));
      if (!s.ok() && !s.Is(Code::kNotFound)) return s;
    }
    if (Retry([&] { return ::rmdir(path.c_str()); }) != 0 && errno != ENOENT) {
      return ErrnoStatus(errno, "delete", path);
    }
    return Status::Ok();
  }
  if (Retry([&] { return ::unlink(path.c_str()); }) != 0 && errno != ENOENT) {
    return ErrnoStatus(errno, "delete", path);
  }
  return Status::Ok();
}

}  // namespace flowstate::core::storage
