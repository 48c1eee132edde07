/// @file
/// flowstate/flowstate.hpp: the whole C++ API of flowstate in one include.
///
/// The C++ API is header-only over the C ABI (flowstate/flowstate.h): RAII handles, Status
/// and Result<T>, std::string_view in, owning types out.
#ifndef FLOWSTATE_FLOWSTATE_HPP
#define FLOWSTATE_FLOWSTATE_HPP

#include "flowstate/build_info.hpp"
#include "flowstate/cancel.hpp"
#include "flowstate/catalog.hpp"
#include "flowstate/config.hpp"
#include "flowstate/diagnostics.hpp"
#include "flowstate/endpoint.hpp"
#include "flowstate/enums.hpp"
#include "flowstate/flink.hpp"
#include "flowstate/job.hpp"
#include "flowstate/lifecycle.hpp"
#include "flowstate/log.hpp"
#include "flowstate/redact.hpp"
#include "flowstate/sql.hpp"
#include "flowstate/status.hpp"
#include "flowstate/storage.hpp"

#endif  // FLOWSTATE_FLOWSTATE_HPP
