// Is this text? Scripts enter the library as bytes; a NUL byte or bytes that are not UTF-8
// would be cut off or garbled on the way out (C strings, JSON, the terminal), so they are
// refused where a script enters, with the byte offset and line:column of the first bad byte.
//
// Thread-safety: pure functions.
#ifndef FLOWSTATE_SRC_COMMON_TEXT_CHECK_H_
#define FLOWSTATE_SRC_COMMON_TEXT_CHECK_H_

#include <cstddef>
#include <string_view>

#include "common/status.h"

namespace flowstate::core {

// Offset of the first byte that makes `text` not UTF-8 text (a NUL byte, a byte that starts
// no UTF-8 sequence, a cut-short, overlong or surrogate sequence, or one above U+10FFFF);
// text.size() when there is none. ASCII runs are checked eight bytes at a time.
size_t FirstNonText(std::string_view text);

// True when every byte above 0x7F belongs to a GBK or GB18030 character: text written in a
// Chinese Windows code page, which UTF-8 readers cannot read.
bool LooksLikeGbk(std::string_view text);

// OK for UTF-8 text without NUL bytes. Otherwise INVALID_ARGUMENT naming `source`, the line,
// column and byte offset of the first bad byte, what it is, and, when the bytes read as GBK,
// that the file should be converted to UTF-8 (with the command that does it).
Status CheckText(std::string_view text, std::string_view source);

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_TEXT_CHECK_H_
