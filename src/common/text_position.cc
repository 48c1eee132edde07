#include "common/text_position.h"

#include <algorithm>
#include <cstring>

namespace flowstate::core {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Column of `offset` on the line starting at `line_start`.
int64_t ColumnAt(std::string_view text, size_t line_start, size_t offset) {
  if (line_start == 0 && text.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    line_start = std::min(offset, kUtf8Bom.size());
  }
  while (offset > line_start && offset < text.size() &&
         IsContinuation(static_cast<unsigned char>(text[offset]))) {
    --offset;
  }
  return static_cast<int64_t>(CountCodePoints(text, line_start, offset)) + 1;
}

}  // namespace

size_t CountCodePoints(std::string_view text, size_t from, size_t to) {
  to = std::min(to, text.size());
  size_t n = 0;
  for (size_t i = from; i < to; ++i) {
    n += IsContinuation(static_cast<unsigned char>(text[i])) ? 0 : 1;
  }
  return n;
}

TextPosition PositionAt(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int64_t line = 1;
  size_t line_start = 0;
  const char* p = text.data();
  const char* end = text.data() + offset;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    ++line;
    line_start = static_cast<size_t>(p - text.data());
  }
  return TextPosition{line, ColumnAt(text, line_start, offset)};
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<size_t>(p - text.data()));
  }
}

TextPosition LineIndex::PositionAt(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  return TextPosition{static_cast<int64_t>(line_index) + 1,
                      ColumnAt(text_, line_starts_[line_index], offset)};
}

}  // namespace flowstate::core
