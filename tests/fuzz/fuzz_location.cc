// Locations as users, Flink and storage listings write them: parsing never crashes, and the
// canonical form the catalog records is a fixed point (canonical of canonical is itself).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/location.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto c = flowstate::core::storage::CanonicalLocation(in);
  if (c.ok()) {
    auto again = flowstate::core::storage::CanonicalLocation(*c);
    if (!again.ok() || *again != *c) std::abort();
  }
  (void)flowstate::core::storage::Location::Parse(in, "ns1");
  return 0;
}
