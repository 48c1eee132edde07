// Every WebHDFS answer decoder on arbitrary bytes: typed results or REMOTE errors.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/webhdfs_json.h"

using namespace flowstate::core;
using namespace flowstate::core::storage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto one = DecodeFileStatus(json, "name");
  if (one.ok() && (one->name.empty() || one->name.find('/') != std::string::npos)) std::abort();
  auto many = DecodeFileStatuses(json);
  if (!many.ok() && many.status().code() != Code::kRemote) std::abort();
  auto batch = DecodeDirectoryListing(json);
  if (batch.ok() && batch->remaining < 0) std::abort();
  (void)DecodeBoolean(json);
  Status s = DecodeRemoteException(json, 400 + static_cast<int>(size % 200), "/p");
  if (s.ok()) std::abort();
  return 0;
}
