// The lifecycle vocabulary of a petition: the states it can be in and the actions taken on it,
// with their stored spellings. Records, index keys, tracking events (model/event.h) and the
// state machine (track/state_machine.h, which owns the transition table) all use these names.
//
//   ActionName(Action::kAssign)   // "assign"
//   ParseState("in_progress")     // State::kInProgress
//
// Thread safety: pure functions over constant tables; safe from any thread.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace pakn {

enum class State {
  kReceived,
  kAccepted,
  kRejectedInvalid,
  kAssigned,
  kInProgress,
  kAnswered,
  kPublished,
  kClosed,
  kRedirectedOut,
  kDuplicate,
  kWithdrawn,
};

enum class Action {
  kAccept,
  kReject,
  kAssign,
  kStart,
  kRespond,
  kPublish,
  kClose,
  kReopen,
  kTransfer,
  kDuplicate,
  kWithdraw,
  kRedirect,
  kNote,
  // Not a step of the handling: the record that someone was shown the petition's personal data
  // in clear (`actor`, and why in `note`). Applied in every state, it changes nothing but the
  // history; the state machine's table does not know it (the applier records it) and
  // kAllActions leaves it out. Made by `pakn show --reveal-pii` and the web view.
  kReveal,
};

inline constexpr std::array<State, 11> kAllStates = {
    State::kReceived,   State::kAccepted,  State::kRejectedInvalid, State::kAssigned,
    State::kInProgress, State::kAnswered,  State::kPublished,       State::kClosed,
    State::kRedirectedOut, State::kDuplicate, State::kWithdrawn};

inline constexpr std::array<Action, 13> kAllActions = {
    Action::kAccept,  Action::kReject,   Action::kAssign,    Action::kStart,   Action::kRespond,
    Action::kPublish, Action::kClose,    Action::kReopen,    Action::kTransfer,
    Action::kDuplicate, Action::kWithdraw, Action::kRedirect, Action::kNote};

// "received", "accepted", "rejected_invalid", "assigned", "in_progress", "answered",
// "published", "closed", "redirected_out", "duplicate", "withdrawn". These spellings are
// stored (StoredPetition::status, index keys): never rename one.
std::string_view StateName(State state);
// "accept", "reject", "assign", "start", "respond", "publish", "close", "reopen", "transfer",
// "duplicate", "withdraw", "redirect", "note", "reveal" (the `type` of an event on pakn.events).
std::string_view ActionName(Action action);

// Exact, case-sensitive inverses of StateName / ActionName; nullopt for anything else.
std::optional<State> ParseState(std::string_view name);
std::optional<Action> ParseAction(std::string_view name);

}  // namespace pakn
