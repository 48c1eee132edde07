#include "sql/block_masks.h"

#if defined(__x86_64__) || defined(_M_X64)
#define FLOWSTATE_X86 1
#include <immintrin.h>
#endif

namespace flowstate::core::sql {
namespace {

void MasksScalar(const uint8_t* b, BlockMasks* m) {
  BlockMasks r{};
  for (int i = 0; i < 64; ++i) {
    const uint64_t bit = uint64_t{1} << i;
    switch (b[i]) {
      case ';':
        r.semicolon |= bit;
        break;
      case '\'':
        r.quote |= bit;
        break;
      case '`':
        r.backtick |= bit;
        break;
      case '-':
        r.dash |= bit;
        break;
      case '/':
        r.slash |= bit;
        break;
      case '*':
        r.star |= bit;
        break;
      case '\n':
        r.newline |= bit;
        break;
      default:
        break;
    }
  }
  *m = r;
}

#ifdef FLOWSTATE_X86

// SSE2 is part of x86-64, so this needs no run-time check.
inline uint64_t Eq16x4(__m128i a, __m128i b, __m128i c, __m128i d, char ch) {
  const __m128i k = _mm_set1_epi8(ch);
  uint64_t r0 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, k)));
  uint64_t r1 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, k)));
  uint64_t r2 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(c, k)));
  uint64_t r3 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(d, k)));
  return r0 | (r1 << 16) | (r2 << 32) | (r3 << 48);
}

void MasksSse2(const uint8_t* b, BlockMasks* m) {
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
  const __m128i c1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16));
  const __m128i c2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 32));
  const __m128i c3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 48));
  m->semicolon = Eq16x4(a, c1, c2, c3, ';');
  m->quote = Eq16x4(a, c1, c2, c3, '\'');
  m->backtick = Eq16x4(a, c1, c2, c3, '`');
  m->dash = Eq16x4(a, c1, c2, c3, '-');
  m->slash = Eq16x4(a, c1, c2, c3, '/');
  m->star = Eq16x4(a, c1, c2, c3, '*');
  m->newline = Eq16x4(a, c1, c2, c3, '\n');
}

__attribute__((target("avx2"))) inline uint64_t Eq32x2(__m256i lo, __m256i hi, char ch) {
  const __m256i k = _mm256_set1_epi8(ch);
  uint64_t a = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, k)));
  uint64_t b = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, k)));
  return a | (b << 32);
}

__attribute__((target("avx2"))) void MasksAvx2(const uint8_t* b, BlockMasks* m) {
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b));
  const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 32));
  m->semicolon = Eq32x2(lo, hi, ';');
  m->quote = Eq32x2(lo, hi, '\'');
  m->backtick = Eq32x2(lo, hi, '`');
  m->dash = Eq32x2(lo, hi, '-');
  m->slash = Eq32x2(lo, hi, '/');
  m->star = Eq32x2(lo, hi, '*');
  m->newline = Eq32x2(lo, hi, '\n');
}

bool CpuHasAvx2() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}

#endif  // FLOWSTATE_X86

}  // namespace

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kAuto:
      return "auto";
    case Isa::kScalar:
      return "scalar";
    case Isa::kSse2:
      return "sse2";
    case Isa::kAvx2:
      return "avx2";
  }
  return "unknown";
}

Isa BestIsa() {
#ifdef FLOWSTATE_X86
  return CpuHasAvx2() ? Isa::kAvx2 : Isa::kSse2;
#else
  return Isa::kScalar;
#endif
}

BlockMaskFn SelectBlockMaskFn(Isa isa, Isa* chosen) {
  if (isa == Isa::kAuto) isa = BestIsa();
#ifdef FLOWSTATE_X86
  if (isa == Isa::kAvx2 && !CpuHasAvx2()) isa = Isa::kSse2;
  if (isa == Isa::kAvx2) {
    if (chosen) *chosen = Isa::kAvx2;
    return &MasksAvx2;
  }
  if (isa == Isa::kSse2) {
    if (chosen) *chosen = Isa::kSse2;
    return &MasksSse2;
  }
#endif
  if (chosen) *chosen = Isa::kScalar;
  return &MasksScalar;
}

}  // namespace flowstate::core::sql
