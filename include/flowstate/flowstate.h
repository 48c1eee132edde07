/** @file
 * flowstate/flowstate.h: the whole C ABI of flowstate in one include.
 */
#ifndef FLOWSTATE_FLOWSTATE_H
#define FLOWSTATE_FLOWSTATE_H

#include "flowstate/build_info.h"
#include "flowstate/cancel.h"
#include "flowstate/catalog.h"
#include "flowstate/common.h"
#include "flowstate/config.h"
#include "flowstate/diagnostics.h"
#include "flowstate/endpoint.h"
#include "flowstate/enums.h"
#include "flowstate/error.h"
#include "flowstate/flink.h"
#include "flowstate/job.h"
#include "flowstate/lifecycle.h"
#include "flowstate/log.h"
#include "flowstate/redact.h"
#include "flowstate/sql.h"
#include "flowstate/storage.h"
#include "flowstate/version.h"

#endif /* FLOWSTATE_FLOWSTATE_H */
