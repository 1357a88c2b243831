#include "model/lifecycle.h"

namespace pakn {
namespace {

constexpr size_t kStateCount = kAllStates.size();
constexpr size_t kActionCount = kAllActions.size();
static_assert(static_cast<size_t>(State::kWithdrawn) + 1 == kStateCount);
static_assert(static_cast<size_t>(Action::kNote) + 1 == kActionCount);

constexpr std::array<std::string_view, kStateCount> kStateNames = {
    "received", "accepted",  "rejected_invalid", "assigned",  "in_progress", "answered",
    "published", "closed",   "redirected_out",   "duplicate", "withdrawn"};

constexpr std::array<std::string_view, kActionCount + 1> kActionNames = {
    "accept", "reject",   "assign",    "start",    "respond",  "publish", "close",
    "reopen", "transfer", "duplicate", "withdraw", "redirect", "note",    "reveal"};
static_assert(static_cast<size_t>(Action::kReveal) == kActionCount);

}  // namespace

std::string_view StateName(State state) {
  const size_t i = static_cast<size_t>(state);
  return i < kStateCount ? kStateNames[i] : "unknown";
}

std::string_view ActionName(Action action) {
  const size_t i = static_cast<size_t>(action);
  return i < kActionNames.size() ? kActionNames[i] : "unknown";
}

std::optional<State> ParseState(std::string_view name) {
  for (State s : kAllStates)
    if (StateName(s) == name) return s;
  return std::nullopt;
}

std::optional<Action> ParseAction(std::string_view name) {
  for (Action a : kAllActions)
    if (ActionName(a) == name) return a;
  if (name == ActionName(Action::kReveal)) return Action::kReveal;
  return std::nullopt;
}

}  // namespace pakn
