#include "track/state_machine.h"

#include <string>

#include "base/strings.h"

namespace pakn::track {
namespace {

using S = State;
using A = Action;

// THE transition table. Everything else in this file reads it; change the rules here only.
constexpr Transition kTable[] = {
    // A new petition is checked for admissibility first. reject (not admissible: anonymous,
    // no content, ...) exists only here: accepting is that check, so an accepted petition that
    // turns out not to be the office's business leaves by redirect or transfer instead.
    {S::kReceived, A::kAccept, S::kAccepted},
    {S::kReceived, A::kReject, S::kRejectedInvalid},
    {S::kReceived, A::kDuplicate, S::kDuplicate},
    {S::kReceived, A::kWithdraw, S::kWithdrawn},
    {S::kReceived, A::kNote, S::kReceived},

    // redirect: complaints and denunciations follow other legal procedures (the Law on
    // Complaints / on Denunciations), so they leave the PAKN process. A transfer here hands
    // the petition straight to the responsible agency, which is an assignment.
    {S::kAccepted, A::kAssign, S::kAssigned},
    {S::kAccepted, A::kRedirect, S::kRedirectedOut},
    {S::kAccepted, A::kTransfer, S::kAssigned},
    {S::kAccepted, A::kDuplicate, S::kDuplicate},
    {S::kAccepted, A::kWithdraw, S::kWithdrawn},
    {S::kAccepted, A::kNote, S::kAccepted},

    {S::kRejectedInvalid, A::kNote, S::kRejectedInvalid},

    // The new agency of a transfer has not started work yet, hence back to assigned (also
    // from in_progress). Re-assigning within the same state is a transfer, not a second
    // assign, so that every change of agency reads the same in the history.
    {S::kAssigned, A::kStart, S::kInProgress},
    {S::kAssigned, A::kTransfer, S::kAssigned},
    {S::kAssigned, A::kDuplicate, S::kDuplicate},
    {S::kAssigned, A::kWithdraw, S::kWithdrawn},
    {S::kAssigned, A::kNote, S::kAssigned},

    {S::kInProgress, A::kRespond, S::kAnswered},
    {S::kInProgress, A::kTransfer, S::kAssigned},
    {S::kInProgress, A::kDuplicate, S::kDuplicate},
    {S::kInProgress, A::kWithdraw, S::kWithdrawn},
    {S::kInProgress, A::kNote, S::kInProgress},

    // Once answered the petition is no longer open: duplicate and withdraw would rewrite a
    // case the office has already answered. close without publish is allowed because only
    // answers of public interest are published; an answer about one person's own matter
    // goes to that person alone.
    {S::kAnswered, A::kPublish, S::kPublished},
    {S::kAnswered, A::kClose, S::kClosed},
    {S::kAnswered, A::kNote, S::kAnswered},

    {S::kPublished, A::kClose, S::kClosed},
    {S::kPublished, A::kNote, S::kPublished},

    // reopen goes back to work, not to assigned: the agency that answered keeps the case.
    {S::kClosed, A::kReopen, S::kInProgress},
    {S::kClosed, A::kNote, S::kClosed},

    // Terminal exits. They are never deleted (a duplicate stays linked to its original), and
    // notes remain possible so operators can explain them later.
    {S::kRedirectedOut, A::kNote, S::kRedirectedOut},
    {S::kDuplicate, A::kNote, S::kDuplicate},
    {S::kWithdrawn, A::kNote, S::kWithdrawn},
};

constexpr size_t kStateCount = kAllStates.size();
constexpr size_t kActionCount = kAllActions.size();
static_assert(static_cast<size_t>(State::kWithdrawn) + 1 == kStateCount);
static_assert(static_cast<size_t>(Action::kNote) + 1 == kActionCount);

constexpr size_t Index(State s) { return static_cast<size_t>(s); }

// A second (from, action) row would make the table ambiguous; catch it at compile time.
constexpr bool RowsAreUnique() {
  for (size_t i = 0; i < std::size(kTable); ++i)
    for (size_t j = i + 1; j < std::size(kTable); ++j)
      if (kTable[i].from == kTable[j].from && kTable[i].action == kTable[j].action) return false;
  return true;
}
static_assert(RowsAreUnique(), "a (state, action) pair appears twice in kTable");

// AllowedActions promises table order grouped by state; keep rows of one state together.
constexpr bool RowsAreGroupedByState() {
  for (size_t i = 1; i < std::size(kTable); ++i)
    if (Index(kTable[i].from) < Index(kTable[i - 1].from)) return false;
  return true;
}
static_assert(RowsAreGroupedByState(), "kTable rows must follow kAllStates order");

const Transition* Find(State from, Action action) {
  for (const Transition& t : kTable)
    if (t.from == from && t.action == action) return &t;
  return nullptr;
}

}  // namespace

bool IsOpen(State state) {
  switch (state) {
    case State::kReceived:
    case State::kAccepted:
    case State::kAssigned:
    case State::kInProgress:
      return true;
    case State::kRejectedInvalid:
    case State::kAnswered:
    case State::kPublished:
    case State::kClosed:
    case State::kRedirectedOut:
    case State::kDuplicate:
    case State::kWithdrawn:
      return false;
  }
  return false;
}

bool IsOpen(std::string_view state_name) {
  const std::optional<State> state = ParseState(state_name);
  return state && IsOpen(*state);
}

bool IsTerminal(State state) {
  switch (state) {
    case State::kRejectedInvalid:
    case State::kRedirectedOut:
    case State::kDuplicate:
    case State::kWithdrawn:
      return true;
    case State::kReceived:
    case State::kAccepted:
    case State::kAssigned:
    case State::kInProgress:
    case State::kAnswered:
    case State::kPublished:
    case State::kClosed:
      return false;
  }
  return false;
}

std::span<const Transition> TransitionTable() { return kTable; }

StatusOr<State> Apply(State from, Action action) {
  if (const Transition* t = Find(from, action)) return t->to;
  std::string allowed;
  for (Action a : AllowedActions(from)) {
    if (!allowed.empty()) allowed.append(", ");
    allowed.append(ActionName(a));
  }
  return FailedPreconditionError(StrCat("cannot ", ActionName(action), ": petition is '",
                                        StateName(from), "'; allowed: ", allowed));
}

std::vector<Action> AllowedActions(State from) {
  std::vector<Action> out;
  for (const Transition& t : kTable)
    if (t.from == from) out.push_back(t.action);
  return out;
}

}  // namespace pakn::track
