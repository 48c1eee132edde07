// The definition of flowstate_flink_client, shared by the C ABI files that take a client.
#ifndef FLOWSTATE_CAPI_FLINK_HANDLE_H_
#define FLOWSTATE_CAPI_FLINK_HANDLE_H_

#include <memory>

#include "flink/client.h"
#include "flowstate/flink.h"

struct flowstate_flink_client {
  std::unique_ptr<flowstate::core::flink::RestClient> impl;
};

#endif  // FLOWSTATE_CAPI_FLINK_HANDLE_H_
