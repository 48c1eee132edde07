// The job lifecycle's table through the C ABI and the C++ API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "flowstate/error.h"
#include "flowstate/job.h"
#include "flowstate/job.hpp"

namespace {

using ::testing::HasSubstr;

TEST(JobCapiTest, TheTableThroughTheCAbi) {
  int out = -1;
  ASSERT_EQ(flowstate_job_after_action(&out, FLOWSTATE_JOB_RUNNING, FLOWSTATE_JOB_ACTION_STOP),
            FLOWSTATE_OK);
  EXPECT_EQ(out, FLOWSTATE_JOB_STOPPING);
  ASSERT_EQ(flowstate_job_after_event(&out, FLOWSTATE_JOB_STOPPING, FLOWSTATE_JOB_EVENT_STOPPED),
            FLOWSTATE_OK);
  EXPECT_EQ(out, FLOWSTATE_JOB_SUSPENDED);

  out = -1;
  EXPECT_EQ(flowstate_job_after_action(&out, FLOWSTATE_JOB_UNREACHABLE, FLOWSTATE_JOB_ACTION_START),
            FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_EQ(out, -1);
  EXPECT_STREQ(flowstate_error_last_message(),
               "start is not possible while the job is UNREACHABLE: it needs NEW, SUSPENDED, "
               "CANCELLED, FINISHED, FAILED");
  EXPECT_EQ(flowstate_job_after_event(&out, FLOWSTATE_JOB_SUSPENDED,
                                      FLOWSTATE_JOB_EVENT_OBSERVED_RUNNING),
            FLOWSTATE_E_ILLEGAL_STATE);
  // Values out of range and NULL.
  EXPECT_EQ(flowstate_job_after_action(&out, 11, FLOWSTATE_JOB_ACTION_STOP),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("job_state"));
  EXPECT_EQ(flowstate_job_after_action(&out, FLOWSTATE_JOB_RUNNING, 10),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_job_after_event(&out, FLOWSTATE_JOB_RUNNING, -1),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_job_after_action(nullptr, FLOWSTATE_JOB_RUNNING, FLOWSTATE_JOB_ACTION_STOP),
            FLOWSTATE_E_INVALID_ARGUMENT);

  ASSERT_EQ(flowstate_job_event_for_flink_status(&out, "RESTARTING"), FLOWSTATE_OK);
  EXPECT_EQ(out, FLOWSTATE_JOB_EVENT_OBSERVED_RECOVERING);
  EXPECT_EQ(flowstate_job_event_for_flink_status(&out, "PAUSED"), FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(flowstate_job_event_for_flink_status(&out, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);

  // The rows: every one has a trigger, states it applies in and a description; actions first.
  const size_t n = flowstate_job_rule_count();
  ASSERT_GT(n, 20u);
  bool events_started = false;
  for (size_t i = 0; i < n; ++i) {
    flowstate_job_rule r;
    flowstate_job_rule_init(&r);
    ASSERT_EQ(flowstate_job_rule_get(i, &r), FLOWSTATE_OK);
    EXPECT_NE(r.action == -1, r.event == -1) << i;
    EXPECT_NE(r.from_states, 0u) << i;
    EXPECT_NE(std::string(r.what), "") << i;
    if (r.event != -1) events_started = true;
    EXPECT_FALSE(events_started && r.action != -1) << "actions come first";
    if (r.action == FLOWSTATE_JOB_ACTION_START) {
      EXPECT_EQ(r.to, FLOWSTATE_JOB_STARTING);
      EXPECT_EQ(r.desired, FLOWSTATE_DESIRED_RUNNING);
      EXPECT_TRUE(r.from_states & (1u << FLOWSTATE_JOB_NEW));
      EXPECT_FALSE(r.from_states & (1u << FLOWSTATE_JOB_UNREACHABLE));
    }
  }
  flowstate_job_rule r;
  flowstate_job_rule_init(&r);
  EXPECT_EQ(flowstate_job_rule_get(n, &r), FLOWSTATE_E_INVALID_ARGUMENT);
  r.version = FLOWSTATE_JOB_RULE_VERSION + 1;
  EXPECT_EQ(flowstate_job_rule_get(0, &r), FLOWSTATE_E_UNSUPPORTED_VERSION);
}

TEST(JobCppTest, TheTableThroughTheCppApi) {
  using flowstate::JobAction;
  using flowstate::JobEvent;
  using flowstate::JobState;
  EXPECT_EQ(flowstate::job_after_action(JobState::lost, JobAction::resume).value(),
            JobState::starting);
  EXPECT_EQ(flowstate::job_after_event(JobState::running, JobEvent::not_found).value(),
            JobState::lost);
  auto refused = flowstate::job_after_action(JobState::stopping, JobAction::stop);
  EXPECT_EQ(refused.status().code(), flowstate::ErrorCode::illegal_state);
  EXPECT_THAT(refused.status().message(), HasSubstr("STOPPING"));
  EXPECT_EQ(flowstate::job_event_for_flink_status("FAILED").value(), JobEvent::observed_failed);
  std::set<JobAction> actions;
  for (const flowstate::JobRule& rule : flowstate::job_rules()) {
    if (rule.action && flowstate::job_rule_applies(rule, JobState::running)) {
      actions.insert(*rule.action);
    }
  }
  EXPECT_EQ(actions, (std::set<JobAction>{JobAction::savepoint, JobAction::stop, JobAction::cancel,
                                          JobAction::restart}));
}

}  // namespace
