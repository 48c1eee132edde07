// Heap accounting for benchmarks: replaces global operator new/delete in the program that
// includes it (exactly one translation unit) and tracks current and peak bytes.
#ifndef FLOWSTATE_BENCHMARKS_ALLOC_COUNTER_H_
#define FLOWSTATE_BENCHMARKS_ALLOC_COUNTER_H_

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace flowstate::bench {
inline std::atomic<long long> g_heap_now{0};
inline std::atomic<long long> g_heap_peak{0};
inline void ResetPeak() { g_heap_peak.store(g_heap_now.load()); }
inline long long HeapNow() { return g_heap_now.load(); }
inline long long HeapPeak() { return g_heap_peak.load(); }
}  // namespace flowstate::bench

void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  long long now = flowstate::bench::g_heap_now += static_cast<long long>(malloc_usable_size(p));
  long long peak = flowstate::bench::g_heap_peak.load();
  while (now > peak && !flowstate::bench::g_heap_peak.compare_exchange_weak(peak, now)) {
  }
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  flowstate::bench::g_heap_now -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }

#endif  // FLOWSTATE_BENCHMARKS_ALLOC_COUNTER_H_
