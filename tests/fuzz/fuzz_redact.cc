// Redaction must never crash, never grow text unboundedly, and be idempotent: redacting
// redacted text changes nothing, and no secret-named value survives it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/redact.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string once = flowstate::core::RedactText(text);
  std::string twice = flowstate::core::RedactText(once);
  if (once != twice) std::abort();
  if (once.size() > size * 6 + 6) std::abort();  // "x" -> "******" at most per byte
  (void)flowstate::core::IsSecretKey(text);
  if (size > 0) (void)flowstate::core::GlobMatch(text.substr(0, size / 2), text.substr(size / 2));
  return 0;
}
