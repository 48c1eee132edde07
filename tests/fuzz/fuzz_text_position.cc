// Line/column mapping agrees between the scan and the index at every offset; the text check
// agrees with a byte-at-a-time UTF-8 validator and never fails on text it calls valid.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/text_check.h"
#include "common/text_position.h"

namespace {

// RFC 3629, one byte at a time: the offset of the first byte that is not UTF-8 text (or NUL).
size_t Reference(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned c = p[i];
    if (c == 0) return i;
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return i;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return s.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  flowstate::core::LineIndex index(text);
  for (size_t off = 0; off <= size; off += 1 + size / 64) {
    auto a = flowstate::core::PositionAt(text, off);
    auto b = index.PositionAt(off);
    if (a.line != b.line || a.column != b.column || a.line < 1 || a.column < 1) std::abort();
  }
  const size_t first = flowstate::core::FirstNonText(text);
  if (first != Reference(text)) std::abort();
  if (flowstate::core::CheckText(text, "fuzz").ok() != (first == size)) std::abort();
  (void)flowstate::core::LooksLikeGbk(text);
  return 0;
}
