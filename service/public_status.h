// What a citizen may see of a petition: the use case behind Open311's
// `GET /open311/v2/requests/{id}.json`. Only what the office has made public, never personal
// data: no reporter, no text of the petition, no address, no internal notes or assignee.
//
//   PAKN_ASSIGN_OR_RETURN(std::optional<PublicStatus> s, GetPublicStatus(store, "PAKN-1"));
//
// Thread safety: no state; the store may be read from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace pakn::service {

struct PublicNote {
  int64_t at_ms = 0;
  std::string kind;  // "answer" (the office's published answer) | "progress" (a public note)
  std::string text;
  std::string doc_number;  // answer: the official letter's number, when given
};

struct PublicStatus {
  std::string id;
  std::string state;   // pakn's state name (received, assigned, answered, ...)
  bool open = true;    // the office still owes an answer (track::IsOpen)
  std::string agency;  // code of the agency holding it now
  std::string topic;   // code of the topic it is routed to (an operator's correction wins)
  int64_t submitted_ms = 0;
  int64_t updated_ms = 0;         // the last event
  int64_t due_ms = 0;             // the legal deadline of the answer; 0 = none
  std::vector<PublicNote> notes;  // oldest first
};

// nullopt when the store has no such petition.
StatusOr<std::optional<PublicStatus>> GetPublicStatus(const store::Store& store,
                                                      std::string_view id);

}  // namespace pakn::service
