// Reading the program's inputs: a file, or standard input for "-".
//
// Files are read once: a regular file (also one redirected to standard input) is mapped
// and lent to the library as it is; a pipe is read into one anonymous mapping grown by
// doubling (mremap, no copies). No input is copied after it is read.
#ifndef FLOWSTATE_SRC_CLI_INPUT_H_
#define FLOWSTATE_SRC_CLI_INPUT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "flowstate/status.hpp"

namespace flowstate::cli {

// The content of an input, mapped or in a buffer. Move-only.
class InputText {
 public:
  InputText() = default;
  InputText(InputText&& other) noexcept;
  InputText& operator=(InputText&& other) noexcept;
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  ~InputText();

  std::string_view view() const { return view_; }
  size_t size() const { return view_.size(); }

 private:
  friend Result<InputText> MapInput(const std::string& path);
  void Release();
  void* map_ = nullptr;  // the file's mapping, or the anonymous one it was read into
  size_t map_size_ = 0;
  std::string_view view_;
};

// The whole content of `path` ("-" = standard input), without copies.
Result<InputText> MapInput(const std::string& path);

// The same as a string (for small inputs: configuration, settings).
Result<std::string> ReadInput(const std::string& path);

// How the input is named in diagnostics: the path, or "<stdin>".
std::string InputName(const std::string& path);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_INPUT_H_
