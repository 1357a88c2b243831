// The response-tracking state machine of a petition (docs/design.md 3: status is the fold of the
// petition's events). Every rule lives in ONE transition table (state_machine.cc); Apply,
// AllowedActions and the refusal messages are all read from it, so they cannot disagree.
//
//   StatusOr<State> next = Apply(State::kAccepted, Action::kAssign);  // kAssigned
//   Apply(State::kAccepted, Action::kRespond).status().message()
//     // "cannot respond: petition is 'accepted'; allowed: assign, redirect, transfer,
//     //  duplicate, withdraw, note"
//
// The lifecycle (arrows are actions):
//
//   received ─accept→ accepted ─assign→ assigned ─start→ in_progress ─respond→ answered
//   answered ─publish→ published ─close→ closed        answered ─close→ closed
//   closed ─reopen→ in_progress
//   accepted|assigned|in_progress ─transfer→ assigned (the new agency)
//   received ─reject→ rejected_invalid          accepted ─redirect→ redirected_out
//   received|accepted|assigned|in_progress ─duplicate→ duplicate, ─withdraw→ withdrawn
//   every state ─note→ itself
//
// Decisions the rules left open (why, in state_machine.cc beside the table):
//  - answered → closed is allowed: not every answer is published (answers about one person's
//    own matter go to that person only), so publishing is not a required step.
//  - reject only from received: acceptance is the decision that a petition is admissible;
//    after it, a petition that is not the office's business leaves by redirect or transfer.
//  - rejected_invalid, redirected_out, duplicate and withdrawn are terminal (only notes).
//  - `overdue` is not a state: it is derived from the deadline for petitions that IsOpen.
//
// Which event members each action requires (agency, note, of, response.text) is checked by
// the event parser (track/event.h), not here: the table only knows states and actions.
//
// Thread safety: pure functions over constant tables; safe from any thread.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/lifecycle.h"

namespace pakn::track {

// True while the office still owes an answer, i.e. the petition counts toward overdue:
// received, accepted, assigned, in_progress. False once answered (the deadline is about the
// answer) and for every exit (rejected_invalid, redirected_out, duplicate, withdrawn).
bool IsOpen(State state);
// The same for a stored state name (StateName); false for a name that is no state.
bool IsOpen(std::string_view state_name);

// True for the exits nothing leaves but notes: rejected_invalid, redirected_out, duplicate,
// withdrawn. (closed is not terminal: it can be reopened.)
bool IsTerminal(State state);

// One row of the transition table: `action` taken in state `from` leads to `to`.
struct Transition {
  State from;
  Action action;
  State to;
};

// The whole table, grouped by `from` in kAllStates order; within a state the rows go main
// line first, then side moves, then note. Each (from, action) pair appears at most once.
std::span<const Transition> TransitionTable();

// The state after `action` from `from`, or FAILED_PRECONDITION whose message names the action,
// the current state and the allowed actions:
//   "cannot respond: petition is 'accepted'; allowed: assign, redirect, transfer, duplicate,
//    withdraw, note"
StatusOr<State> Apply(State from, Action action);

// The actions the table allows from `from`, in table order (never empty: note is always
// allowed).
std::vector<Action> AllowedActions(State from);

}  // namespace pakn::track
