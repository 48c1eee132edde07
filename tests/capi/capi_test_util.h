// Helpers the C ABI tests share.
#ifndef FLOWSTATE_TESTS_CAPI_CAPI_TEST_UTIL_H_
#define FLOWSTATE_TESTS_CAPI_CAPI_TEST_UTIL_H_

#include <gtest/gtest.h>

#include "flowstate/flowstate.h"

namespace flowstate::testing {

// Entry `i` of a diagnostics list, as flowstate_diagnostics_get() fills it.
inline flowstate_diagnostic DiagAt(const flowstate_diagnostics* d, size_t i) {
  flowstate_diagnostic e = FLOWSTATE_DIAGNOSTIC_INIT;
  EXPECT_EQ(flowstate_diagnostics_get(d, i, &e), FLOWSTATE_OK);
  return e;
}

}  // namespace flowstate::testing

#endif  // FLOWSTATE_TESTS_CAPI_CAPI_TEST_UTIL_H_
