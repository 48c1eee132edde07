#include "cli/input.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace flowstate::cli {

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return text;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    // An ifstream opens a directory and reads nothing: the command would go on with an empty
    // input instead of saying what is wrong.
    return Status(ErrorCode::invalid_argument, "'" + path + "' is a directory; expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    ErrorCode code = err == ENOENT   ? ErrorCode::not_found
                     : err == EACCES ? ErrorCode::permission_denied
                                     : ErrorCode::io;
    return Status(code, "cannot read '" + path + "': " + std::strerror(err));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status(ErrorCode::io, "error while reading '" + path + "'");
  return buffer.str();
}

std::string InputName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace flowstate::cli
