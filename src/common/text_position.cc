#include "common/text_position.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>
#define FLOWSTATE_HAVE_SSE2 1
#endif

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

namespace {

#ifdef FLOWSTATE_HAVE_SSE2
// Counts bytes for which `match` gives 0xFF, 16 at a time: the 0xFF/0x00 masks are
// subtracted into byte counters (at most 255 rounds), then summed with psadbw. Needs only
// SSE2, unlike POPCNT, which x86-64's baseline lacks.
template <typename Match>
size_t CountSse2(const char* data, size_t size, Match match, size_t* done) {
  size_t total = 0, i = 0;
  const __m128i zero = _mm_setzero_si128();
  while (i + 16 <= size) {
    __m128i acc = zero;
    size_t rounds = std::min<size_t>((size - i) / 16, 255);
    for (size_t r = 0; r < rounds; ++r, i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      acc = _mm_sub_epi8(acc, match(v));
    }
    __m128i sums = _mm_sad_epu8(acc, zero);
    total += static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
  *done = i;
  return total;
}
#endif

}  // namespace

size_t CountNewlines(const char* data, size_t size) {
  size_t n = 0, i = 0;
#ifdef FLOWSTATE_HAVE_SSE2
  const __m128i nl = _mm_set1_epi8('\n');
  n = CountSse2(
      data, size, [nl](__m128i v) { return _mm_cmpeq_epi8(v, nl); }, &i);
#endif
  for (; i < size; ++i) n += data[i] == '\n' ? 1 : 0;
  return n;
}

size_t CountLeadBytes(const char* data, size_t size) {
  size_t n = 0, i = 0;
#ifdef FLOWSTATE_HAVE_SSE2
  // Continuation bytes are 0x80..0xBF, i.e. -128..-65 as signed bytes.
  const __m128i limit = _mm_set1_epi8(-65);
  n = CountSse2(
      data, size, [limit](__m128i v) { return _mm_cmpgt_epi8(v, limit); }, &i);
#endif
  for (; i < size; ++i) n += IsContinuation(static_cast<unsigned char>(data[i])) ? 0 : 1;
  return n;
}

size_t CountCodePoints(std::string_view text, size_t from, size_t to) {
  to = std::min(to, text.size());
  if (from >= to) return 0;
  return CountLeadBytes(text.data() + from, to - from);
}

PositionCursor::PositionCursor(std::string_view text) : text_(text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) offset_ = kUtf8Bom.size();
}

TextPosition PositionCursor::Advance(size_t offset) {
  offset = std::min(offset, text_.size());
  if (offset < offset_) {
    if (offset < kUtf8Bom.size()) return core::PositionAt(text_, offset);
    *this = PositionCursor(text_);  // went backwards: start over
  }
  // An offset inside a character counts as that character.
  while (offset > offset_ && offset < text_.size() &&
         IsContinuation(static_cast<unsigned char>(text_[offset]))) {
    --offset;
  }
  const char* a = text_.data() + offset_;
  const size_t len = offset - offset_;
  size_t newlines = CountNewlines(a, len);
  if (newlines > 0) {
    const char* last = static_cast<const char*>(memrchr(a, '\n', len));
    pos_.line += static_cast<int64_t>(newlines);
    pos_.column = 1 + static_cast<int64_t>(CountLeadBytes(
                          last + 1, static_cast<size_t>(text_.data() + offset - (last + 1))));
  } else {
    pos_.column += static_cast<int64_t>(CountLeadBytes(a, len));
  }
  offset_ = offset;
  return pos_;
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
