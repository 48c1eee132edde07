/// @file
/// flowstate/job.hpp: the job lifecycle, C++ API over flowstate/job.h.
#ifndef FLOWSTATE_JOB_HPP
#define FLOWSTATE_JOB_HPP

#include <string>
#include <string_view>
#include <vector>

#include "flowstate/enum_types.hpp"
#include "flowstate/job.h"
#include "flowstate/records.hpp"
#include "flowstate/status.hpp"

namespace flowstate {

/// The state `action` leads to from `state`; ErrorCode::illegal_state naming both when the
/// lifecycle's table has no such row.
inline Result<JobState> job_after_action(JobState state, JobAction action) {
  int out = 0;
  int rc = flowstate_job_after_action(&out, static_cast<int>(state), static_cast<int>(action));
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return static_cast<JobState>(out);
}

/// The same for an event.
inline Result<JobState> job_after_event(JobState state, JobEvent event) {
  int out = 0;
  int rc = flowstate_job_after_event(&out, static_cast<int>(state), static_cast<int>(event));
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return static_cast<JobState>(out);
}

/// The event a Flink job status ("RUNNING") is; ErrorCode::not_found for one Flink lacks.
inline Result<JobEvent> job_event_for_flink_status(std::string_view status) {
  std::string s(status);
  int out = 0;
  int rc = flowstate_job_event_for_flink_status(&out, s.c_str());
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return static_cast<JobEvent>(out);
}

/// Every row of the table, actions first.
inline std::vector<JobRule> job_rules() {
  std::vector<JobRule> out;
  for (size_t i = 0; i < flowstate_job_rule_count(); ++i) {
    flowstate_job_rule c;
    flowstate_job_rule_init(&c);
    if (flowstate_job_rule_get(i, &c) == FLOWSTATE_OK) out.push_back(detail::from_c(c));
  }
  return out;
}

/// Whether a rule's `from_states` holds `state`.
inline bool job_rule_applies(const JobRule& rule, JobState state) {
  return (rule.from_states >> static_cast<int>(state)) & 1u;
}

}  // namespace flowstate

#endif  // FLOWSTATE_JOB_HPP
