#include "common/text_check.h"

#include <cstdint>
#include <cstring>

#include "common/strings.h"
#include "common/text_position.h"

namespace flowstate::core {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;

// True when the eight bytes at p are ASCII and none is NUL.
inline bool AsciiWord(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  const uint64_t zero =
      (w - kOnes) & ~w & kHighs;  // a high bit for each NUL byte (or after a borrow)
  return ((w & kHighs) | zero) == 0;
}

// Length of the UTF-8 sequence at p[0..n), or 0 when it is not one.
size_t Utf8Length(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  auto cont = [&](size_t i) { return i < n && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // a UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

size_t FirstNonText(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && AsciiWord(p + i)) {
      i += 8;
      continue;
    }
    const unsigned char c = p[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = Utf8Length(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

bool LooksLikeGbk(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  bool any = false;
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) return false;
      ++i;
      continue;
    }
    if (c == 0x80 || c == 0xFF || i + 1 >= n) return false;
    const unsigned char t = p[i + 1];
    if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
      i += 2;  // GBK's two-byte characters
    } else if (t >= 0x30 && t <= 0x39 && i + 3 < n && p[i + 2] >= 0x81 && p[i + 2] <= 0xFE &&
               p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
      i += 4;  // GB18030's four-byte characters
    } else {
      return false;
    }
    any = true;
  }
  return any;
}

Status CheckText(std::string_view text, std::string_view source) {
  const size_t at = FirstNonText(text);
  if (at == text.size()) return Status();
  const TextPosition pos = PositionAt(text, at);
  const std::string where = StrCat(source.empty() ? "<script>" : source, ":", pos.line, ":",
                                   pos.column, ": byte offset ", at, ": ");
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte == 0) {
    return Status::InvalidArgument(
        StrCat(where, "a NUL byte: a script is text, and this looks like a binary file"));
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::string hex = {'0', 'x', kHex[byte >> 4], kHex[byte & 15]};
  std::string message = StrCat(where, "byte ", hex, " is not UTF-8: a script is UTF-8 text");
  if (LooksLikeGbk(text)) {
    StrAppend(&message,
              "; the bytes read as GBK (a Chinese Windows code page): convert the file to UTF-8 "
              "first (iconv -f GBK -t UTF-8 FILE > FILE.utf8)");
  }
  return Status::InvalidArgument(message);
}

}  // namespace flowstate::core
