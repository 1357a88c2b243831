#include "track/state_machine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <tuple>

#include "base/strings.h"

namespace pakn::track {
namespace {

using S = State;
using A = Action;

// The rules of the brief, written again here rule by rule (not row by row like the
// implementation's table) so that a wrong row in kTable shows up as a disagreement.
std::optional<State> Expected(State from, Action action) {
  // Notes are allowed in every state and never change it.
  if (action == A::kNote) return from;
  const bool open = from == S::kReceived || from == S::kAccepted || from == S::kAssigned ||
                    from == S::kInProgress;
  // Side exits from any open state.
  if (open && action == A::kDuplicate) return S::kDuplicate;
  if (open && action == A::kWithdraw) return S::kWithdrawn;
  // Transfer to another agency puts the petition back to assigned.
  if (action == A::kTransfer &&
      (from == S::kAccepted || from == S::kAssigned || from == S::kInProgress))
    return S::kAssigned;
  // The main line and its branches.
  struct Step {
    State from;
    Action action;
    State to;
  };
  static constexpr Step kSteps[] = {
      {S::kReceived, A::kAccept, S::kAccepted},
      {S::kReceived, A::kReject, S::kRejectedInvalid},
      {S::kAccepted, A::kAssign, S::kAssigned},
      {S::kAccepted, A::kRedirect, S::kRedirectedOut},
      {S::kAssigned, A::kStart, S::kInProgress},
      {S::kInProgress, A::kRespond, S::kAnswered},
      {S::kAnswered, A::kPublish, S::kPublished},
      {S::kAnswered, A::kClose, S::kClosed},  // decided: publishing is not required
      {S::kPublished, A::kClose, S::kClosed},
      {S::kClosed, A::kReopen, S::kInProgress},
  };
  for (const Step& s : kSteps)
    if (s.from == from && s.action == action) return s.to;
  return std::nullopt;
}

std::string Join(const std::vector<Action>& actions) {
  std::string out;
  for (Action a : actions) StrAppend(&out, out.empty() ? "" : ", ", ActionName(a));
  return out;
}

class EveryPairTest : public testing::TestWithParam<std::tuple<State, Action>> {};

TEST_P(EveryPairTest, AgreesWithTheRules) {
  const auto [from, action] = GetParam();
  const std::optional<State> expected = Expected(from, action);
  const StatusOr<State> got = Apply(from, action);
  const std::vector<Action> allowed = AllowedActions(from);
  const bool listed = std::find(allowed.begin(), allowed.end(), action) != allowed.end();
  if (expected) {
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(StateName(*got), StateName(*expected));
    EXPECT_TRUE(listed);
  } else {
    ASSERT_FALSE(got.ok()) << "allowed, to " << StateName(*got);
    EXPECT_EQ(got.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(got.status().message(), StrCat("cannot ", ActionName(action), ": petition is '",
                                             StateName(from), "'; allowed: ", Join(allowed)));
    EXPECT_FALSE(listed);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllStatesTimesAllActions, EveryPairTest,
    testing::Combine(testing::ValuesIn(kAllStates), testing::ValuesIn(kAllActions)),
    [](const testing::TestParamInfo<EveryPairTest::ParamType>& info) {
      return StrCat(StateName(std::get<0>(info.param)), "_", ActionName(std::get<1>(info.param)));
    });

TEST(StateMachineTest, AllowedActionsAreExactlyTheRulesInTableOrder) {
  const std::pair<State, std::string_view> kCases[] = {
      {S::kReceived, "accept, reject, duplicate, withdraw, note"},
      {S::kAccepted, "assign, redirect, transfer, duplicate, withdraw, note"},
      {S::kRejectedInvalid, "note"},
      {S::kAssigned, "start, transfer, duplicate, withdraw, note"},
      {S::kInProgress, "respond, transfer, duplicate, withdraw, note"},
      {S::kAnswered, "publish, close, note"},
      {S::kPublished, "close, note"},
      {S::kClosed, "reopen, note"},
      {S::kRedirectedOut, "note"},
      {S::kDuplicate, "note"},
      {S::kWithdrawn, "note"},
  };
  ASSERT_EQ(std::size(kCases), kAllStates.size());
  for (const auto& [state, allowed] : kCases) {
    EXPECT_EQ(Join(AllowedActions(state)), allowed) << StateName(state);
    for (Action a : AllowedActions(state)) EXPECT_TRUE(Expected(state, a)) << ActionName(a);
  }
}

TEST(StateMachineTest, RefusalNamesTheStateAndWhatIsAllowed) {
  EXPECT_EQ(Apply(S::kAccepted, A::kRespond).status().message(),
            "cannot respond: petition is 'accepted'; allowed: assign, redirect, transfer, "
            "duplicate, withdraw, note");
  EXPECT_EQ(Apply(S::kWithdrawn, A::kReopen).status().ToString(),
            "FAILED_PRECONDITION: cannot reopen: petition is 'withdrawn'; allowed: note");
}

TEST(StateMachineTest, WholeLifecycleFromReceivedToReopenedAndClosedAgain) {
  State s = S::kReceived;
  const std::pair<Action, State> kSteps[] = {
      {A::kNote, S::kReceived},     {A::kAccept, S::kAccepted},  {A::kAssign, S::kAssigned},
      {A::kStart, S::kInProgress},  {A::kTransfer, S::kAssigned}, {A::kStart, S::kInProgress},
      {A::kNote, S::kInProgress},   {A::kRespond, S::kAnswered}, {A::kPublish, S::kPublished},
      {A::kClose, S::kClosed},      {A::kReopen, S::kInProgress}, {A::kRespond, S::kAnswered},
      {A::kClose, S::kClosed},      {A::kNote, S::kClosed},
  };
  for (const auto& [action, want] : kSteps) {
    StatusOr<State> next = Apply(s, action);
    ASSERT_TRUE(next.ok()) << next.status();
    EXPECT_EQ(StateName(*next), StateName(want)) << "after " << ActionName(action);
    s = *next;
  }
}

TEST(StateMachineTest, SideExitsAreTerminalButKeepTakingNotes) {
  const std::pair<std::pair<State, Action>, State> kExits[] = {
      {{S::kReceived, A::kReject}, S::kRejectedInvalid},
      {{S::kAccepted, A::kRedirect}, S::kRedirectedOut},
      {{S::kInProgress, A::kDuplicate}, S::kDuplicate},
      {{S::kAssigned, A::kWithdraw}, S::kWithdrawn},
  };
  for (const auto& [step, exit] : kExits) {
    StatusOr<State> s = Apply(step.first, step.second);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(*s, exit);
    EXPECT_TRUE(IsTerminal(*s));
    EXPECT_FALSE(IsOpen(*s));
    EXPECT_EQ(AllowedActions(*s), std::vector<Action>{A::kNote});
  }
}

TEST(StateMachineTest, OpenMeansAnAnswerIsStillOwed) {
  std::set<State> open;
  for (State s : kAllStates)
    if (IsOpen(s)) open.insert(s);
  EXPECT_EQ(open, (std::set<State>{S::kReceived, S::kAccepted, S::kAssigned, S::kInProgress}));
  std::set<State> terminal;
  for (State s : kAllStates)
    if (IsTerminal(s)) terminal.insert(s);
  EXPECT_EQ(terminal, (std::set<State>{S::kRejectedInvalid, S::kRedirectedOut, S::kDuplicate,
                                       S::kWithdrawn}));
}

TEST(StateMachineTest, EveryStateIsReachableFromReceived) {
  std::set<State> seen = {S::kReceived};
  std::deque<State> queue = {S::kReceived};
  while (!queue.empty()) {
    const State s = queue.front();
    queue.pop_front();
    for (const Transition& t : TransitionTable())
      if (t.from == s && seen.insert(t.to).second) queue.push_back(t.to);
  }
  EXPECT_EQ(seen.size(), kAllStates.size());
}

TEST(StateMachineTest, TableHasOneRowPerAllowedPair) {
  size_t allowed = 0;
  for (State s : kAllStates)
    for (Action a : kAllActions) allowed += Expected(s, a).has_value();
  EXPECT_EQ(TransitionTable().size(), allowed);
}

TEST(StateMachineTest, NamesRoundTripAndAreStable) {
  EXPECT_EQ(StateName(S::kRejectedInvalid), "rejected_invalid");
  EXPECT_EQ(StateName(S::kInProgress), "in_progress");
  EXPECT_EQ(StateName(S::kRedirectedOut), "redirected_out");
  EXPECT_EQ(ActionName(A::kRespond), "respond");
  EXPECT_EQ(ActionName(A::kRedirect), "redirect");
  std::set<std::string_view> names;
  for (State s : kAllStates) {
    names.insert(StateName(s));
    EXPECT_EQ(ParseState(StateName(s)), s);
  }
  EXPECT_EQ(names.size(), kAllStates.size());
  names.clear();
  for (Action a : kAllActions) {
    names.insert(ActionName(a));
    EXPECT_EQ(ParseAction(ActionName(a)), a);
  }
  EXPECT_EQ(names.size(), kAllActions.size());
}

TEST(StateMachineTest, ParsingIsExact) {
  EXPECT_EQ(ParseState("Received"), std::nullopt);
  EXPECT_EQ(ParseState("overdue"), std::nullopt);  // derived from the deadline, not a state
  EXPECT_EQ(ParseState(""), std::nullopt);
  EXPECT_EQ(ParseAction("assign "), std::nullopt);
  EXPECT_EQ(ParseAction("answer"), std::nullopt);
}

}  // namespace
}  // namespace pakn::track
