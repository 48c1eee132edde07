#include "cli/input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace flowstate::cli {
namespace {

Status OpenError(const std::string& path, int err) {
  ErrorCode code = err == ENOENT   ? ErrorCode::not_found
                   : err == EACCES ? ErrorCode::permission_denied
                                   : ErrorCode::io;
  return Status(code, "cannot read '" + path + "': " + std::strerror(err));
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels refuse it and fault page by page
#endif

// Anonymous memory with its pages made present in one call: reading into it then takes no
// page fault per 4 KiB, which costs more than the copy itself on many virtual machines.
// Huge pages where the system offers them on request make it one fault per 2 MiB.
void Populate(char* from, size_t size) {
  ::madvise(from, size, MADV_HUGEPAGE);
  ::madvise(from, size, MADV_POPULATE_WRITE);
}

// Reads what is left of `fd` into one anonymous mapping: `hint` bytes first (a regular
// file's size), then doubling while more comes (pipes, files that grew, /proc files of
// size 0). mremap grows it by moving page tables, never by copying.
Status ReadAll(int fd, const std::string& name, size_t hint, void** map, size_t* capacity,
               size_t* size) {
  size_t cap = hint > 0 ? hint + 1 : size_t{1} << 22;  // +1: one read sees the end of the file
  void* buffer = ::mmap(nullptr, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buffer == MAP_FAILED)
    return Status(ErrorCode::no_memory, "out of memory reading '" + name + "'");
  Populate(static_cast<char*>(buffer), cap);
  size_t used = 0;
  for (;;) {
    if (used == cap) {
      void* grown = ::mremap(buffer, cap, cap * 2, MREMAP_MAYMOVE);
      if (grown == MAP_FAILED) {
        ::munmap(buffer, cap);
        return Status(ErrorCode::no_memory, "out of memory reading '" + name + "'");
      }
      buffer = grown;
      Populate(static_cast<char*>(buffer) + cap, cap);
      cap *= 2;
    }
    ssize_t n = ::read(fd, static_cast<char*>(buffer) + used, cap - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::munmap(buffer, cap);
      return Status(ErrorCode::io, "error while reading '" + name + "': " + std::strerror(err));
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  *map = buffer;
  *capacity = cap;
  *size = used;
  return Status();
}

}  // namespace

InputText::InputText(InputText&& other) noexcept { *this = std::move(other); }

InputText& InputText::operator=(InputText&& other) noexcept {
  if (this == &other) return *this;
  Release();
  map_ = std::exchange(other.map_, nullptr);
  map_size_ = std::exchange(other.map_size_, 0);
  view_ = std::exchange(other.view_, {});
  return *this;
}

InputText::~InputText() { Release(); }

void InputText::Release() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
  map_ = nullptr;
  map_size_ = 0;
  view_ = {};
}

Result<InputText> MapInput(const std::string& path) {
  bool stdin_input = path == "-";
  const std::string name = stdin_input ? std::string("<stdin>") : path;
  int fd = stdin_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OpenError(path, errno);
  struct Closer {
    int fd;
    bool close;
    ~Closer() {
      if (close) ::close(fd);
    }
  } closer{fd, !stdin_input};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return OpenError(path, errno);
  if (S_ISDIR(st.st_mode)) {
    // Reading a directory gives nothing (or EISDIR): the command would go on with an empty
    // input instead of saying what is wrong.
    return Status(ErrorCode::invalid_argument, "'" + path + "' is a directory; expected a file");
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    off_t offset = stdin_input ? ::lseek(fd, 0, SEEK_CUR) : 0;
    if (offset >= 0 && offset < st.st_size && offset % ::sysconf(_SC_PAGESIZE) == 0) {
      size_t size = static_cast<size_t>(st.st_size - offset);
      void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, offset);
      if (map != MAP_FAILED) {
        ::madvise(map, size, MADV_SEQUENTIAL);
        InputText text;
        text.map_ = map;
        text.map_size_ = size;
        text.view_ = std::string_view(static_cast<const char*>(map), size);
        return text;
      }
    }
  }
  size_t hint = S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
#ifdef F_SETPIPE_SZ
  // A pipe holds 64 KiB by default: every read would wait for the writer. A larger one
  // (up to the system's limit; failure is harmless) lets each read take a megabyte.
  if (S_ISFIFO(st.st_mode)) ::fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#endif
  InputText text;
  size_t size = 0;
  Status read = ReadAll(fd, name, hint, &text.map_, &text.map_size_, &size);
  if (!read.ok()) return read;
  text.view_ = std::string_view(static_cast<const char*>(text.map_), size);
  return text;
}

Result<std::string> ReadInput(const std::string& path) {
  Result<InputText> text = MapInput(path);
  if (!text.ok()) return text.status();
  return std::string(text->view());
}

std::string InputName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace flowstate::cli
