#include "job/lifecycle.h"

#include <string>

#include "common/strings.h"

namespace flowstate::core::job {
namespace {

using S = State;

Rule A(Action a, StateSet from, State to, std::optional<Desired> desired, const char* what) {
  return Rule{true, static_cast<int>(a), from, to, desired, what};
}
Rule E(Event e, StateSet from, State to, const char* what) {
  return Rule{false, static_cast<int>(e), from, to, std::nullopt, what};
}

Rule Stays(Rule r) {
  r.stays = true;
  return r;
}

// The states a run is in while the cluster answers for it.
constexpr StateSet kWatched = Of(S::kStarting, S::kRunning, S::kUnreachable, S::kLost);

std::vector<Rule> MakeTable() {
  const StateSet idle = kIdle;
  const StateSet ended = Of(S::kSuspended, S::kCancelled, S::kFinished, S::kFailed);
  return {
      // ---- actions -------------------------------------------------------------------
      A(Action::kStart, idle, S::kStarting, Desired::kRunning,
        "no open run; the restore decision yields a verified snapshot or the strategy allows "
        "an empty start; a new run with a job id chosen now, the SUBMIT operation's intent"),
      A(Action::kSavepoint, Of(S::kRunning), S::kRunning, std::nullopt,
        "no stop in flight; the SAVEPOINT operation's intent with its trigger id"),
      A(Action::kStop, Of(S::kRunning), S::kStopping, std::nullopt,
        "no stop in flight; the STOP operation's intent with its trigger id (desired: "
        "SUSPENDED when the stop keeps state, STOPPED for a normal stop)"),
      A(Action::kCancel, Of(S::kStarting, S::kRunning, S::kUnreachable), S::kStopping,
        Desired::kStopped, "the CANCEL operation's intent"),
      A(Action::kRestart, Of(S::kRunning), S::kStopping, Desired::kRunning,
        "the RESTART operation's intent: stop, wait until the run has ended, then start"),
      A(Action::kResume, ended | Of(S::kLost), S::kStarting, Desired::kRunning,
        "as start, with the state discovered on storage across all of the job's runs; a lost "
        "run is ended LOST"),
      A(Action::kAdopt, idle | Of(S::kLost), S::kRunning, Desired::kRunning,
        "the job id is running on the cluster; a run made from what the cluster reports"),
      A(Action::kDelete, idle, S::kDeleted, Desired::kDeleted, "no open run"),
      Stays(A(Action::kMove, idle | Of(S::kLost), S::kNew, std::nullopt,
              "no run the old cluster may still hold; audited, the state stays")),
      A(Action::kAcknowledgeLost, Of(S::kUnreachable), S::kLost, std::nullopt,
        "a user says the cluster is destroyed (audited): the run cannot be running"),
      Stays(A(Action::kAcknowledgeLost, Of(S::kLost), S::kLost, std::nullopt,
              "confirms a loss presumed from the cluster's silence (audited), which resume and "
              "move need")),
      // ---- what the lifecycle learns of a submission --------------------------------------
      E(Event::kSubmitted, Of(S::kStarting), S::kStarting, "the operation is SENT"),
      E(Event::kSubmitRejected, Of(S::kStarting), S::kFailed, "the operation FAILED, with why"),
      E(Event::kSubmitTimedOut, Of(S::kStarting), S::kFailed,
        "the deadline passed and the cluster does not have the job id"),
      // ---- observations of the run (Flink's job status) ------------------------------------
      E(Event::kObservedStarting, kWatched, S::kStarting, "INITIALIZING or CREATED"),
      E(Event::kObservedStarting, Of(S::kStopping), S::kStopping, "the stop goes on"),
      E(Event::kObservedRunning, kWatched, S::kRunning,
        "a start is confirmed (the restored snapshot checked), a lost run seen again"),
      E(Event::kObservedRunning, Of(S::kStopping), S::kStopping, "the stop goes on"),
      E(Event::kObservedRecovering, kWatched, S::kRunning,
        "RESTARTING, FAILING, RECONCILING or SUSPENDED: Flink recovers the run itself"),
      E(Event::kObservedRecovering, Of(S::kStopping), S::kStopping, "the stop goes on"),
      E(Event::kObservedCancelling, kWatched | Of(S::kStopping), S::kStopping,
        "a cancel from outside, or ours"),
      E(Event::kObservedCanceled, kWatched | Of(S::kStopping), S::kCancelled,
        "ended without a state recorded by a stop of ours; the newest retained checkpoint "
        "captured"),
      E(Event::kObservedFinished, kWatched | Of(S::kStopping), S::kFinished,
        "ended on its own (a stop's savepoint is looked for first)"),
      E(Event::kObservedFailed, kWatched | Of(S::kStopping), S::kFailed,
        "the newest completed checkpoint captured before the JobManager forgets it"),
      E(Event::kUnreachable, Of(S::kStarting, S::kRunning, S::kUnreachable), S::kUnreachable,
        "the last observed status is kept; nothing about its snapshots changes"),
      E(Event::kUnreachable, Of(S::kStopping), S::kStopping,
        "the stop waits for the cluster, within its deadline"),
      E(Event::kUnreachable, Of(S::kLost), S::kLost, "still lost"),
      E(Event::kPresumedLost, Of(S::kUnreachable), S::kLost,
        "no answer for the configured time and probes; presumed: resume and move need the loss "
        "acknowledged (the run may still be running)"),
      E(Event::kNotFound, Of(S::kRunning, S::kUnreachable, S::kStopping, S::kLost), S::kLost,
        "a reachable JobManager does not know the job id (a stop in flight is probed first)"),
      // ---- what the lifecycle learns of its own stops --------------------------------------
      E(Event::kStopped, Of(S::kStopping), S::kSuspended,
        "the state the stop recorded is verified on storage, committed with the transition"),
      E(Event::kStopFailed, Of(S::kStopping), S::kRunning,
        "the savepoint failed and the run goes on (no fallback, or it was forbidden)"),
      E(Event::kCancelled, Of(S::kStopping), S::kCancelled,
        "our cancel ended the run without a verified state to resume from"),
  };
}

std::string StatesOf(StateSet set) {
  std::string out;
  for (int i = 0; i <= static_cast<int>(S::kDeleted); ++i) {
    if (In(static_cast<State>(i), set)) {
      if (!out.empty()) out += ", ";
      out += StateName(static_cast<State>(i));
    }
  }
  return out;
}

Result<State> After(State state, bool action, int trigger, const char* name) {
  StateSet legal = 0;
  for (const Rule& r : Table()) {
    if (r.action != action || r.trigger != trigger) continue;
    if (In(state, r.from)) return r.stays ? state : r.to;
    legal |= r.from;
  }
  return Status(Code::kIllegalState,
                StrCat(name,
                       action ? " is not possible while the job is "
                              : " cannot happen to a "
                                "job that is ",
                       StateName(state),
                       legal == 0 ? std::string() : StrCat(": it needs ", StatesOf(legal))));
}

}  // namespace

const std::vector<Rule>& Table() {
  static const std::vector<Rule>* table = new std::vector<Rule>(MakeTable());
  return *table;
}

Result<State> AfterAction(State state, Action action) {
  return After(state, true, static_cast<int>(action), ActionName(action));
}

Result<State> AfterEvent(State state, Event event) {
  return After(state, false, static_cast<int>(event), EventName(event));
}

std::optional<Desired> DesiredAfter(Action action, StopMode mode) {
  if (action == Action::kStop) {
    return mode == StopMode::kNormal ? Desired::kStopped : Desired::kSuspended;
  }
  for (const Rule& r : Table()) {
    if (r.action && r.trigger == static_cast<int>(action)) return r.desired;
  }
  return std::nullopt;
}

bool IsTerminalFlinkStatus(std::string_view status) {
  return status == "FINISHED" || status == "CANCELED" || status == "FAILED";
}

std::optional<Event> EventForFlinkStatus(std::string_view status) {
  struct Row {
    const char* status;
    Event event;
  };
  static constexpr Row kRows[] = {
      {"INITIALIZING", Event::kObservedStarting}, {"CREATED", Event::kObservedStarting},
      {"RUNNING", Event::kObservedRunning},       {"RESTARTING", Event::kObservedRecovering},
      {"FAILING", Event::kObservedRecovering},    {"RECONCILING", Event::kObservedRecovering},
      {"SUSPENDED", Event::kObservedRecovering},  {"CANCELLING", Event::kObservedCancelling},
      {"CANCELED", Event::kObservedCanceled},     {"FINISHED", Event::kObservedFinished},
      {"FAILED", Event::kObservedFailed},
  };
  for (const Row& r : kRows) {
    if (status == r.status) return r.event;
  }
  return std::nullopt;
}

const char* StateName(State s) { return NameOr(s, "?"); }
const char* ActionName(Action a) { return NameOr(a, "?"); }
const char* EventName(Event e) { return NameOr(e, "?"); }
const char* DesiredName(Desired d) { return NameOr(d, "?"); }
std::optional<State> ParseState(std::string_view s) { return ParseAs<State>(s); }

}  // namespace flowstate::core::job
