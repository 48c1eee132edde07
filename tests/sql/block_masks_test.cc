#include "sql/block_masks.h"

#include <gtest/gtest.h>

#include <random>

namespace flowstate::core::sql {
namespace {

bool Same(const BlockMasks& a, const BlockMasks& b) {
  return a.semicolon == b.semicolon && a.quote == b.quote && a.backtick == b.backtick &&
         a.dash == b.dash && a.slash == b.slash && a.star == b.star && a.newline == b.newline;
}

TEST(BlockMasksTest, EveryInstructionSetGivesTheScalarMasks) {
  std::mt19937 rng(42);
  const char alphabet[] = ";'`-/*\nab \xE6\x80";
  BlockMaskFn scalar = SelectBlockMaskFn(Isa::kScalar);
  for (Isa isa : {Isa::kSse2, Isa::kAvx2}) {
    Isa chosen;
    BlockMaskFn fn = SelectBlockMaskFn(isa, &chosen);
    for (int round = 0; round < 2000; ++round) {
      uint8_t block[64];
      for (uint8_t& b : block) b = static_cast<uint8_t>(alphabet[rng() % (sizeof alphabet - 1)]);
      BlockMasks a, b;
      scalar(block, &a);
      fn(block, &b);
      ASSERT_TRUE(Same(a, b)) << IsaName(chosen) << " round " << round;
    }
  }
}

TEST(BlockMasksTest, BitPositionsMatchBytes) {
  uint8_t block[64] = {};
  block[0] = ';';
  block[17] = '\'';
  block[63] = '\n';
  BlockMasks m;
  SelectBlockMaskFn(Isa::kAuto)(block, &m);
  EXPECT_EQ(m.semicolon, 1ull);
  EXPECT_EQ(m.quote, 1ull << 17);
  EXPECT_EQ(m.newline, 1ull << 63);
  EXPECT_EQ(m.dash | m.slash | m.star | m.backtick, 0ull);
}

TEST(BlockMasksTest, AutoPicksTheBestAvailable) {
  Isa chosen;
  SelectBlockMaskFn(Isa::kAuto, &chosen);
  EXPECT_EQ(chosen, BestIsa());
  EXPECT_STREQ(IsaName(Isa::kScalar), "scalar");
}

}  // namespace
}  // namespace flowstate::core::sql
