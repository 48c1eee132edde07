// The definition of flowstate_storage and the reading of flowstate_scan_options, shared by
// the C ABI files that take a storage.
#ifndef FLOWSTATE_CAPI_STORAGE_HANDLE_H_
#define FLOWSTATE_CAPI_STORAGE_HANDLE_H_

#include <memory>

#include "common/status.h"
#include "flowstate/storage.h"
#include "storage/layout.h"
#include "storage/storage.h"

struct flowstate_storage {
  std::unique_ptr<flowstate::core::storage::Storage> impl;
};

namespace flowstate::capi {

// Scan options from the C struct (NULL: the defaults); the cancel token is shared, the
// progress callback wrapped.
core::Result<core::storage::ScanOptions> ToScanOptions(const flowstate_scan_options* o);

// The location a caller names (INVALID_ARGUMENT for NULL or a malformed one).
core::Result<core::storage::Location> ParseLocation(const flowstate_storage* s, const char* uri);

}  // namespace flowstate::capi

#endif  // FLOWSTATE_CAPI_STORAGE_HANDLE_H_
