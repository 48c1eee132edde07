#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "flowstate/flowstate.h"

namespace {

TEST(CancelCapiTest, CancelFromAnotherThread) {
  flowstate_cancel_token* token = nullptr;
  ASSERT_EQ(flowstate_cancel_token_new(&token), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_cancel_token_is_cancelled(token), 0);
  EXPECT_EQ(flowstate_cancel_token_wait(token, 1), FLOWSTATE_E_TIMEOUT);
  std::thread t([token] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    flowstate_cancel_token_cancel(token);
  });
  EXPECT_EQ(flowstate_cancel_token_wait(token, -1), FLOWSTATE_E_CANCELLED);
  t.join();
  EXPECT_EQ(flowstate_cancel_token_is_cancelled(token), 1);
  EXPECT_EQ(flowstate_cancel_token_cancel(token), FLOWSTATE_OK) << "idempotent";
  flowstate_cancel_token_free(token);
}

TEST(CancelCapiTest, NullToken) {
  EXPECT_EQ(flowstate_cancel_token_is_cancelled(nullptr), 0);
  EXPECT_EQ(flowstate_cancel_token_cancel(nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_cancel_token_wait(nullptr, 0), FLOWSTATE_E_INVALID_ARGUMENT);
}

}  // namespace
