/// @file
/// flowstate/unstable.hpp: the C++ face of flowstate/unstable.h.
///
/// Nothing here is stable: names and behaviour may change or go in any release. The lifecycle
/// (flowstate/job.hpp) is what writes runs; these record them by hand, for tests and for
/// importing the history of another platform, and leave the job's state untouched.
#ifndef FLOWSTATE_UNSTABLE_HPP
#define FLOWSTATE_UNSTABLE_HPP

#include <cstdint>
#include <string>
#include <string_view>

#include "flowstate/catalog.hpp"
#include "flowstate/records.hpp"
#include "flowstate/status.hpp"
#include "flowstate/unstable.h"

namespace flowstate {
namespace unstable {
namespace detail {
inline Result<RunInfo> first_run(flowstate_run_list* list, int rc) {
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  flowstate_run_info c = FLOWSTATE_RUN_INFO_INIT;
  const bool got =
      flowstate_run_list_count(list) > 0 && flowstate_run_list_get(list, 0, &c) == FLOWSTATE_OK;
  Result<RunInfo> out = got ? Result<RunInfo>(flowstate::detail::from_c(c))
                            : Result<RunInfo>(Status(ErrorCode::internal, "no run returned"));
  flowstate_run_list_free(list);
  return out;
}
}  // namespace detail

/// Records a start of the job (see flowstate_catalog_start_run): ILLEGAL_STATE while another
/// run of the job is open.
inline Result<RunInfo> start_run(Catalog& catalog, std::string_view ref, const RunInfo& run = {}) {
  std::string r(ref);
  flowstate_run_info c = flowstate::detail::to_c(run);
  flowstate_run_list* l = nullptr;
  int rc = flowstate_catalog_start_run(&l, catalog.get(), r.c_str(), &c);
  return detail::first_run(l, rc);
}
/// Ends the open run (open_run: the one expected, -1: whichever) with final_status and starts
/// `run`, in one transaction.
inline Result<RunInfo> restart_run(Catalog& catalog, std::string_view ref,
                                   std::string_view final_status, const RunInfo& run = {},
                                   int64_t open_run = -1) {
  std::string r(ref), f(final_status);
  flowstate_run_info c = flowstate::detail::to_c(run);
  flowstate_run_list* l = nullptr;
  int rc = flowstate_catalog_restart_run(&l, catalog.get(), r.c_str(), open_run, f.c_str(), &c);
  return detail::first_run(l, rc);
}
/// \copybrief flowstate_catalog_set_run_job_id
/// (The C++ form of flowstate_catalog_set_run_job_id().)
inline Status set_run_job_id(Catalog& catalog, int64_t run_id, std::string_view flink_job_id) {
  std::string j(flink_job_id);
  return Status::from_c(flowstate_catalog_set_run_job_id(catalog.get(), run_id, j.c_str()));
}
/// \copybrief flowstate_catalog_end_run
/// (The C++ form of flowstate_catalog_end_run().)
inline Status end_run(Catalog& catalog, int64_t run_id, std::string_view final_status,
                      int64_t ended_ms = -1) {
  std::string s(final_status);
  return Status::from_c(flowstate_catalog_end_run(catalog.get(), run_id, s.c_str(), ended_ms));
}

}  // namespace unstable
}  // namespace flowstate

#endif  // FLOWSTATE_UNSTABLE_HPP
