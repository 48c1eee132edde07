// The job lifecycle as data: its states, the actions users and hosts ask for, the events the
// lifecycle observes of a run or learns from an operation, and one table of every legal
// transition. Anything the table has no row for is ILLEGAL_STATE naming the state and what
// was asked. The desired state (what the user last asked for) is kept apart from the
// observed one: actions set it, events never do.
//
// Idle states hold no run: NEW, SUSPENDED, CANCELLED, FINISHED, FAILED. Active states hold the
// job's one open run: STARTING, RUNNING, STOPPING, UNREACHABLE, LOST. DELETED is final.
// Only an idle job (or a LOST one, whose run a reachable JobManager no longer knows or whose
// cluster a user declared destroyed) can get a new run, so a job never has two; events apply
// to active states only, so an observation never overwrites an idle state; UNREACHABLE never
// becomes LOST by time alone (see src/job/README.md).
//
// Thread-safety: pure functions over static data.
#ifndef FLOWSTATE_SRC_JOB_LIFECYCLE_H_
#define FLOWSTATE_SRC_JOB_LIFECYCLE_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "common/enums.h"
#include "common/status.h"

namespace flowstate::core::job {

// Values are part of the C ABI (FLOWSTATE_JOB_*, FLOWSTATE_JOB_ACTION_*, FLOWSTATE_JOB_EVENT_*,
// FLOWSTATE_DESIRED_*): append only.
// The states are the catalog's, which stores them.
using State = catalog::JobState;
using Desired = catalog::DesiredState;
enum class Action : int { FLOWSTATE_ENUM_VALUES_JOB_ACTION(FLOWSTATE_ENUMERATOR) };
enum class Event : int { FLOWSTATE_ENUM_VALUES_JOB_EVENT(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Action) { return enum_type::job_action; }
constexpr int EnumTypeOf(Event) { return enum_type::job_event; }

// How a stop ends the run (the seed's four stops); it decides the desired state. Values are
// part of the C ABI (FLOWSTATE_STOP_*): append only.
enum class StopMode : int { FLOWSTATE_ENUM_VALUES_STOP_MODE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(StopMode) { return enum_type::stop_mode; }

using StateSet = uint32_t;
constexpr StateSet Of(State s) { return StateSet{1} << static_cast<int>(s); }
template <typename... S>
constexpr StateSet Of(State s, S... more) {
  return Of(s) | Of(more...);
}
inline constexpr StateSet kIdle =
    Of(State::kNew, State::kSuspended, State::kCancelled, State::kFinished, State::kFailed);
inline constexpr StateSet kActive =
    Of(State::kStarting, State::kRunning, State::kStopping, State::kUnreachable, State::kLost);
constexpr bool In(State s, StateSet set) { return (Of(s) & set) != 0; }

// One row of the table: `trigger` (an action or an event) from any state in `from` leads to
// `to`. An action row also says what it makes the desired state (nullopt: unchanged).
struct Rule {
  bool action = false;
  int trigger = 0;  // Action or Event
  StateSet from = 0;
  State to = State::kNew;
  std::optional<Desired> desired;
  const char* what = "";  // the guard and what is recorded, for people
  bool stays = false;     // the state does not change (`to` is unused)
};

// Every row; no (state, trigger) pair is in two rows.
const std::vector<Rule>& Table();

// The state `action` leads to from `state`, or ILLEGAL_STATE ("stop is not possible while the
// job is SUSPENDED: it needs RUNNING").
Result<State> AfterAction(State state, Action action);
// The state `event` leads to from `state`, or ILLEGAL_STATE the same way.
Result<State> AfterEvent(State state, Event event);
// What `action` (with `mode` for a stop) makes the desired state; nullopt: unchanged.
std::optional<Desired> DesiredAfter(Action action, StopMode mode = StopMode::kSmart);

// The event a Flink job status of the job's run is ("RUNNING" -> kObservedRunning), or
// nullopt for a status Flink does not have. CANCELED and FINISHED map to the plain
// observations: the lifecycle turns them into kStopped / kCancelled itself when a stop of its
// own recorded the run's state.
std::optional<Event> EventForFlinkStatus(std::string_view status);
// FINISHED, CANCELED or FAILED: a run in it has ended for good.
bool IsTerminalFlinkStatus(std::string_view status);

const char* StateName(State s);    // "RUNNING"
const char* ActionName(Action a);  // "stop"
const char* EventName(Event e);    // "observed-running"
const char* DesiredName(Desired d);
std::optional<State> ParseState(std::string_view s);  // "RUNNING" (any case)

}  // namespace flowstate::core::job

#endif  // FLOWSTATE_SRC_JOB_LIFECYCLE_H_
