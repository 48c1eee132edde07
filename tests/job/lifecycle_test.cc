// The lifecycle's table against outcomes written here by hand, independently of it, for every
// state and every action or event; and its properties over random sequences: at most one run
// per job (P1), observations never destroy (P6), every step legal by a row or refused (P9).
#include "job/lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace flowstate::core::job {
namespace {

using ::testing::HasSubstr;

constexpr int kStates = 11;  // NEW ... DELETED
constexpr int kActions = 10;
constexpr int kEvents = 16;

// Per trigger, the outcome in each state, in the order NEW STARTING RUNNING STOPPING SUSPENDED
// CANCELLED FINISHED FAILED UNREACHABLE LOST DELETED: "-" refused, "=" stays, else the state.
const std::map<std::string, std::vector<std::string>>& ExpectedActions() {
  static const auto* m = new std::map<std::string, std::vector<std::string>>{
      // clang-format off
      //                    NEW         STARTING    RUNNING     STOPPING    SUSPENDED   CANCELLED   FINISHED    FAILED      UNREACHABLE LOST        DELETED
      {"start",            {"STARTING", "-",        "-",        "-",        "STARTING", "STARTING", "STARTING", "STARTING", "-",        "-",        "-"}},
      {"savepoint",        {"-",        "-",        "RUNNING",  "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-"}},
      {"stop",             {"-",        "-",        "STOPPING", "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-"}},
      {"cancel",           {"-",        "STOPPING", "STOPPING", "-",        "-",        "-",        "-",        "-",        "STOPPING", "-",        "-"}},
      {"restart",          {"-",        "-",        "STOPPING", "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-"}},
      {"resume",           {"-",        "-",        "-",        "-",        "STARTING", "STARTING", "STARTING", "STARTING", "-",        "STARTING", "-"}},
      {"adopt",            {"RUNNING",  "-",        "-",        "-",        "RUNNING",  "RUNNING",  "RUNNING",  "RUNNING",  "-",        "RUNNING",  "-"}},
      {"delete",           {"DELETED",  "-",        "-",        "-",        "DELETED",  "DELETED",  "DELETED",  "DELETED",  "-",        "-",        "-"}},
      {"move",             {"=",        "-",        "-",        "-",        "=",        "=",        "=",        "=",        "-",        "=",        "-"}},
      {"acknowledge-lost", {"-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "LOST",     "=",        "-"}},
      // clang-format on
  };
  return *m;
}

const std::map<std::string, std::vector<std::string>>& ExpectedEvents() {
  static const auto* m = new std::map<std::string, std::vector<std::string>>{
      // clang-format off
      //                       NEW  STARTING       RUNNING        STOPPING       SUSPENDED CANCELLED FINISHED FAILED UNREACHABLE    LOST           DELETED
      {"submitted",           {"-", "STARTING",    "-",           "-",           "-", "-", "-", "-", "-",           "-",           "-"}},
      {"submit-rejected",     {"-", "FAILED",      "-",           "-",           "-", "-", "-", "-", "-",           "-",           "-"}},
      {"submit-timed-out",    {"-", "FAILED",      "-",           "-",           "-", "-", "-", "-", "-",           "-",           "-"}},
      {"observed-starting",   {"-", "STARTING",    "STARTING",    "STOPPING",    "-", "-", "-", "-", "STARTING",    "STARTING",    "-"}},
      {"observed-running",    {"-", "RUNNING",     "RUNNING",     "STOPPING",    "-", "-", "-", "-", "RUNNING",     "RUNNING",     "-"}},
      {"observed-recovering", {"-", "RUNNING",     "RUNNING",     "STOPPING",    "-", "-", "-", "-", "RUNNING",     "RUNNING",     "-"}},
      {"observed-cancelling", {"-", "STOPPING",    "STOPPING",    "STOPPING",    "-", "-", "-", "-", "STOPPING",    "STOPPING",    "-"}},
      {"observed-canceled",   {"-", "CANCELLED",   "CANCELLED",   "CANCELLED",   "-", "-", "-", "-", "CANCELLED",   "CANCELLED",   "-"}},
      {"observed-finished",   {"-", "FINISHED",    "FINISHED",    "FINISHED",    "-", "-", "-", "-", "FINISHED",    "FINISHED",    "-"}},
      {"observed-failed",     {"-", "FAILED",      "FAILED",      "FAILED",      "-", "-", "-", "-", "FAILED",      "FAILED",      "-"}},
      {"unreachable",         {"-", "UNREACHABLE", "UNREACHABLE", "STOPPING",    "-", "-", "-", "-", "UNREACHABLE", "LOST",        "-"}},
      {"not-found",           {"-", "-",           "LOST",        "LOST",        "-", "-", "-", "-", "LOST",        "LOST",        "-"}},
      {"stopped",             {"-", "-",           "-",           "SUSPENDED",   "-", "-", "-", "-", "-",           "-",           "-"}},
      {"stop-failed",         {"-", "-",           "-",           "RUNNING",     "-", "-", "-", "-", "-",           "-",           "-"}},
      {"cancelled",           {"-", "-",           "-",           "CANCELLED",   "-", "-", "-", "-", "-",           "-",           "-"}},
      {"presumed-lost",       {"-", "-",           "-",           "-",           "-", "-", "-", "-", "LOST",        "-",           "-"}},
      // clang-format on
  };
  return *m;
}

TEST(LifecycleTest, EveryStateAndActionAsWrittenByHand) {
  ASSERT_EQ(ExpectedActions().size(), static_cast<size_t>(kActions));
  for (int a = 0; a < kActions; ++a) {
    const Action action = static_cast<Action>(a);
    const std::string name = ActionName(action);
    ASSERT_TRUE(ExpectedActions().count(name)) << name;
    const std::vector<std::string>& row = ExpectedActions().at(name);
    ASSERT_EQ(row.size(), static_cast<size_t>(kStates));
    for (int s = 0; s < kStates; ++s) {
      const State state = static_cast<State>(s);
      Result<State> got = AfterAction(state, action);
      const std::string& want = row[s];
      if (want == "-") {
        ASSERT_FALSE(got.ok()) << name << " from " << StateName(state);
        EXPECT_EQ(got.status().code(), Code::kIllegalState);
        EXPECT_THAT(got.status().message(), HasSubstr(name));
        EXPECT_THAT(got.status().message(), HasSubstr(StateName(state)));
      } else {
        ASSERT_TRUE(got.ok()) << name << " from " << StateName(state) << ": "
                              << got.status().ToString();
        EXPECT_EQ(StateName(*got), want == "=" ? StateName(state) : want)
            << name << " from " << StateName(state);
      }
    }
  }
}

TEST(LifecycleTest, EveryStateAndEventAsWrittenByHand) {
  ASSERT_EQ(ExpectedEvents().size(), static_cast<size_t>(kEvents));
  for (int e = 0; e < kEvents; ++e) {
    const Event event = static_cast<Event>(e);
    const std::string name = EventName(event);
    ASSERT_TRUE(ExpectedEvents().count(name)) << name;
    const std::vector<std::string>& row = ExpectedEvents().at(name);
    for (int s = 0; s < kStates; ++s) {
      const State state = static_cast<State>(s);
      Result<State> got = AfterEvent(state, event);
      if (row[s] == "-") {
        ASSERT_FALSE(got.ok()) << name << " in " << StateName(state);
        EXPECT_EQ(got.status().code(), Code::kIllegalState);
        EXPECT_THAT(got.status().message(), HasSubstr(name));
        EXPECT_THAT(got.status().message(), HasSubstr(StateName(state)));
      } else {
        ASSERT_TRUE(got.ok()) << name << " in " << StateName(state);
        EXPECT_EQ(StateName(*got), row[s]) << name << " in " << StateName(state);
      }
    }
  }
}

TEST(LifecycleTest, TheTableHasOneRowPerStateAndTrigger) {
  std::set<std::tuple<bool, int, int>> seen;
  for (const Rule& r : Table()) {
    EXPECT_NE(r.from, 0u);
    EXPECT_NE(std::string(r.what), "");
    for (int s = 0; s < kStates; ++s) {
      if (!In(static_cast<State>(s), r.from)) continue;
      EXPECT_TRUE(seen.insert({r.action, r.trigger, s}).second)
          << (r.action ? ActionName(static_cast<Action>(r.trigger))
                       : EventName(static_cast<Event>(r.trigger)))
          << " from " << StateName(static_cast<State>(s)) << " is in two rows";
    }
  }
}

TEST(LifecycleTest, MessagesSayWhatTheActionNeeds) {
  Result<State> r = AfterAction(State::kSuspended, Action::kStop);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "stop is not possible while the job is SUSPENDED: it needs RUNNING");
  r = AfterAction(State::kUnreachable, Action::kStart);
  EXPECT_EQ(r.status().message(),
            "start is not possible while the job is UNREACHABLE: it needs NEW, SUSPENDED, "
            "CANCELLED, FINISHED, FAILED");
  r = AfterEvent(State::kSuspended, Event::kObservedRunning);
  EXPECT_THAT(r.status().message(), HasSubstr("observed-running cannot happen to a job that is "
                                              "SUSPENDED"));
}

TEST(LifecycleTest, DesiredStateFollowsActionsOnly) {
  EXPECT_EQ(DesiredAfter(Action::kStart), Desired::kRunning);
  EXPECT_EQ(DesiredAfter(Action::kStop, StopMode::kPause), Desired::kSuspended);
  EXPECT_EQ(DesiredAfter(Action::kStop, StopMode::kStop), Desired::kSuspended);
  EXPECT_EQ(DesiredAfter(Action::kStop, StopMode::kSmart), Desired::kSuspended);
  EXPECT_EQ(DesiredAfter(Action::kStop, StopMode::kNormal), Desired::kStopped);
  EXPECT_EQ(DesiredAfter(Action::kCancel), Desired::kStopped);
  EXPECT_EQ(DesiredAfter(Action::kSavepoint), std::nullopt);
  EXPECT_EQ(DesiredAfter(Action::kMove), std::nullopt);
  EXPECT_EQ(DesiredAfter(Action::kDelete), Desired::kDeleted);
  for (const Rule& r : Table()) {
    if (!r.action) {
      EXPECT_FALSE(r.desired.has_value()) << EventName(static_cast<Event>(r.trigger));
    }
  }
}

TEST(LifecycleTest, FlinksJobStatusesMapOntoEvents) {
  const std::map<std::string, Event> want = {
      {"INITIALIZING", Event::kObservedStarting}, {"CREATED", Event::kObservedStarting},
      {"RUNNING", Event::kObservedRunning},       {"RESTARTING", Event::kObservedRecovering},
      {"FAILING", Event::kObservedRecovering},    {"RECONCILING", Event::kObservedRecovering},
      {"SUSPENDED", Event::kObservedRecovering},  {"CANCELLING", Event::kObservedCancelling},
      {"CANCELED", Event::kObservedCanceled},     {"FINISHED", Event::kObservedFinished},
      {"FAILED", Event::kObservedFailed},
  };
  for (const auto& [status, event] : want) EXPECT_EQ(EventForFlinkStatus(status), event) << status;
  EXPECT_EQ(EventForFlinkStatus("running"), std::nullopt);
  EXPECT_EQ(EventForFlinkStatus("CANCELLED"), std::nullopt);
  EXPECT_EQ(ParseState("running"), State::kRunning);
  EXPECT_EQ(ParseState("paused by ops"), std::nullopt);
}

// Random sequences of actions and events from NEW, with a fixed seed. A model counts the
// job's open runs: a start, resume or adopt opens one (a resume or adopt of a LOST job ends
// the lost run first), reaching an idle state ends it.
TEST(LifecycleTest, PropertiesHoldOverRandomSequences) {
  std::mt19937 rng(20261205);
  int refused = 0, applied = 0;
  for (int walk = 0; walk < 2000; ++walk) {
    State state = State::kNew;
    int open_runs = 0;
    for (int step = 0; step < 40; ++step) {
      const bool action = rng() % 3 == 0;
      const int trigger = static_cast<int>(rng() % (action ? kActions : kEvents));
      Result<State> next = action ? AfterAction(state, static_cast<Action>(trigger))
                                  : AfterEvent(state, static_cast<Event>(trigger));
      const std::string what = action ? ActionName(static_cast<Action>(trigger))
                                      : EventName(static_cast<Event>(trigger));
      // P9: a step is a row of the table or refused, naming the state and the trigger.
      bool in_table = false;
      for (const Rule& r : Table()) {
        in_table = in_table || (r.action == action && r.trigger == trigger && In(state, r.from));
      }
      ASSERT_EQ(next.ok(), in_table) << what << " from " << StateName(state);
      if (!next.ok()) {
        ++refused;
        EXPECT_EQ(next.status().code(), Code::kIllegalState);
        EXPECT_THAT(next.status().message(), HasSubstr(what));
        EXPECT_THAT(next.status().message(), HasSubstr(StateName(state)));
        continue;
      }
      ++applied;
      // P6: observations never touch an idle job, never delete or renew it, and a cluster
      // that does not answer never ends a run.
      if (!action) {
        EXPECT_FALSE(In(state, kIdle) || state == State::kDeleted) << what;
        EXPECT_NE(*next, State::kNew);
        EXPECT_NE(*next, State::kDeleted);
        if (trigger == static_cast<int>(Event::kUnreachable)) {
          EXPECT_TRUE(In(*next, kActive)) << StateName(state);
        }
      }
      // P1: at most one open run; a new one only where none may still be running.
      const bool opens = action && (trigger == static_cast<int>(Action::kStart) ||
                                    trigger == static_cast<int>(Action::kResume) ||
                                    trigger == static_cast<int>(Action::kAdopt));
      if (opens) {
        ASSERT_TRUE(In(state, kIdle) || state == State::kLost) << what << StateName(state);
        if (state == State::kLost) --open_runs;  // ended LOST
        ++open_runs;
      } else if (In(state, kActive) && In(*next, kIdle)) {
        --open_runs;
      }
      ASSERT_LE(open_runs, 1);
      ASSERT_GE(open_runs, 0);
      // The state says whether a run is open.
      ASSERT_EQ(open_runs == 1, In(*next, kActive)) << what << " to " << StateName(*next);
      state = *next;
    }
  }
  EXPECT_GT(applied, 10000);
  EXPECT_GT(refused, 10000);
}

}  // namespace
}  // namespace flowstate::core::job
