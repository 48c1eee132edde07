// C ABI: the job lifecycle (include/flowstate/job.h).
#include <optional>

#include "capi/capi.h"
#include "common/strings.h"
#include "flowstate/job.h"
#include "job/lifecycle.h"

namespace core = flowstate::core;
namespace lc = flowstate::core::job;
using flowstate::capi::EnumArg;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::SetError;

namespace {

template <typename Trigger, typename F>
int After(int* out_state, int state, int trigger, F after) {
  if (out_state == nullptr) return NullArgument("out_state");
  auto s = EnumArg<lc::State>(state);
  if (!s.ok()) return SetError(s.status());
  auto t = EnumArg<Trigger>(trigger);
  if (!t.ok()) return SetError(t.status());
  core::Result<lc::State> next = after(*s, *t);
  if (!next.ok()) return SetError(next.status());
  *out_state = static_cast<int>(*next);
  return kOk;
}

}  // namespace

extern "C" {

FLOWSTATE_API int flowstate_job_after_action(int* out_state, int state, int action) {
  return Guard([&] { return After<lc::Action>(out_state, state, action, lc::AfterAction); });
}

FLOWSTATE_API int flowstate_job_after_event(int* out_state, int state, int event) {
  return Guard([&] { return After<lc::Event>(out_state, state, event, lc::AfterEvent); });
}

FLOWSTATE_API size_t flowstate_job_rule_count(void) {
  return GuardValue<size_t>(0, [] { return lc::Table().size(); });
}

FLOWSTATE_API int flowstate_job_rule_get(size_t index, flowstate_job_rule* out) {
  return Guard([&] {
    return flowstate::capi::FillOut(out, FLOWSTATE_JOB_RULE_VERSION, "flowstate_job_rule",
                                    flowstate::capi::At(&lc::Table(), index),
                                    [](const lc::Rule& r, flowstate_job_rule* x) {
                                      x->action = r.action ? r.trigger : -1;
                                      x->event = r.action ? -1 : r.trigger;
                                      x->from_states = r.from;
                                      x->to = static_cast<int>(r.to);
                                      x->stays = r.stays ? 1 : 0;
                                      x->desired = r.desired ? static_cast<int>(*r.desired) : -1;
                                      x->what = r.what;
                                    });
  });
}

FLOWSTATE_API int flowstate_job_event_for_flink_status(int* out_event, const char* status) {
  return Guard([&] {
    if (out_event == nullptr) return NullArgument("out_event");
    if (status == nullptr) return NullArgument("status");
    std::optional<lc::Event> e = lc::EventForFlinkStatus(status);
    if (!e) {
      return SetError(core::Status(core::Code::kNotFound,
                                   core::StrCat("'", status, "' is not a Flink job status")));
    }
    *out_event = static_cast<int>(*e);
    return kOk;
  });
}

}  // extern "C"
