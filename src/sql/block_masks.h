// Structural characters of a 64-byte block as bitmasks (bit i = byte i), the first stage
// of the splitter. One implementation per instruction set, chosen at run time from the
// CPU's features; all give identical masks (tests/sql compare them).
#ifndef FLOWSTATE_SRC_SQL_BLOCK_MASKS_H_
#define FLOWSTATE_SRC_SQL_BLOCK_MASKS_H_

#include <cstdint>

namespace flowstate::core::sql {

struct BlockMasks {
  uint64_t semicolon;  // ;
  uint64_t quote;      // '
  uint64_t backtick;   // `
  uint64_t dash;       // -   (line comments: --)
  uint64_t slash;      // /   (block comments and hints: /* /*+)
  uint64_t star;       // *   (end of block comments: */)
  uint64_t newline;    // \n  (end of line comments)
};

using BlockMaskFn = void (*)(const uint8_t* block, BlockMasks* out);

enum class Isa : int { kAuto = 0, kScalar = 1, kSse2 = 2, kAvx2 = 3 };

const char* IsaName(Isa isa);  // "scalar", "sse2", "avx2", "auto"

// The best instruction set this CPU and build support.
Isa BestIsa();

// The mask function for `isa` (kAuto: BestIsa()); falls back to scalar when the CPU or the
// build lacks it. *chosen (optional) receives the one actually used.
BlockMaskFn SelectBlockMaskFn(Isa isa, Isa* chosen = nullptr);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_BLOCK_MASKS_H_
