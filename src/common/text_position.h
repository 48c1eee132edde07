// Byte offsets to 1-based line and code-point column, the way editors number them.
//
// A line ends at '\n' (so CRLF text numbers lines correctly, and the '\r' is the last
// column of its line). A UTF-8 byte-order mark at the start of the text takes no column.
// An offset inside a multi-byte character maps to that character's column.
#ifndef FLOWSTATE_SRC_COMMON_TEXT_POSITION_H_
#define FLOWSTATE_SRC_COMMON_TEXT_POSITION_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace flowstate::core {

struct TextPosition {
  int64_t line = 0;    // 1-based
  int64_t column = 0;  // 1-based, in code points
};

// Position of `offset` (clamped to text.size()) by a scan from the start: O(offset). Right
// for the occasional error; use LineIndex for many lookups in one text.
TextPosition PositionAt(std::string_view text, size_t offset);

// Code points in text[from, to): bytes that are not UTF-8 continuation bytes.
size_t CountCodePoints(std::string_view text, size_t from, size_t to);

// Positions of increasing offsets in one forward sweep: the cost of all lookups together is
// one pass over the text (newlines and code points counted 16 bytes at a time).
// Thread-safety: one owner. The text must outlive the cursor.
class PositionCursor {
 public:
  explicit PositionCursor(std::string_view text);
  // Position of `offset`. Offsets should not decrease between calls; one that does costs a
  // scan from the start.
  TextPosition Advance(size_t offset);

 private:
  std::string_view text_;
  size_t offset_ = 0;
  TextPosition pos_{1, 1};
};

// Occurrences of '\n', and code points (bytes that are not UTF-8 continuation bytes), in
// text[from, to): the counting kernels of PositionCursor.
size_t CountNewlines(const char* data, size_t size);
size_t CountLeadBytes(const char* data, size_t size);

// Start offsets of every line, built once, then O(log lines + line length) per lookup.
// Thread-safety: immutable after construction. The text must outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  TextPosition PositionAt(size_t offset) const;
  size_t line_count() const { return line_starts_.size(); }

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_TEXT_POSITION_H_
