// A tracking event: one operator or agency action on a petition, as carried by the Kafka topic
// pakn.events (keyed by petition_id) and produced by the CLI. Events drive the state machine
// (track/state_machine.h): `type` is the Action, and the members an action needs are checked
// here so that a well-formed event can only fail on the petition's current state.
//
//   {"schema_version":1, "event_id":"E-2026-000123", "petition_id":"H29.15-261126-0001",
//    "type":"assign", "at":"2026-11-26T09:00:00+07:00", "actor":"cb.nguyen",
//    "agency":"SO-XD", "assignee":"cb.tran", "note":"...", "visibility":"internal",
//    "of":"OTHER-ID", "topic":"giao_thong",
//    "response":{"text":"...", "doc_number":"123/SXD-QLĐT", "answered_by":"..."}}
//
//   auto r = ParseEvent(payload);
//   if (auto* e = std::get_if<TrackingEvent>(&r)) ...; else std::get<EventRejection>(r).reason
//
// Contract of ParseEvent:
//  - rejections use the codes of ingest/petition.h (the same enum, so the DLQ and the
//    `rejections` column family spell them alike) and name the field by JSON path; `reason`
//    reads "<code>: <field>: <what>", e.g. "missing_field: $.agency: required for assign";
//  - required always: schema_version (1), event_id and petition_id (1 to 128 printable ASCII
//    characters without spaces), type (an action name), at (RFC 3339 with offset), actor
//    (not blank);
//  - required per action (RequiredField): agency for assign and transfer; note, the reason,
//    for reject, reopen, withdraw and redirect; of, the original petition, for duplicate;
//    response.text for respond. A blank string counts as missing;
//  - agency, assignee and of are codes used in store keys, so they follow the id rule; of must differ
//    from petition_id;
//  - topic (optional; transfer: the operator's correction of what the petition is about) is a
//    taxonomy topic code: 1 to 64 lower-case ASCII letters, digits, '-', '_' or '.' (the shape
//    `pakn rules check` requires of [[topic]] codes; whether the taxonomy has it is the
//    producer's check, as the taxonomy may change between producing and applying);
//  - visibility is "internal" (the default: nothing is shown to the public by accident) or
//    "public"; it says who may read the note and the response;
//  - null counts as absent. Members that belong to another action (an agency on a note) are
//    kept. Unknown members are allowed, checked to be well-formed JSON, and dropped: they do
//    not appear in TrackingEvent nor in EncodeEvent's output;
//  - messages over `max_bytes` (default 64 KiB) are rejected as oversized unparsed.
//
// Thread safety: pure functions. ParseEvent reuses one simdjson parser per thread
// (thread_local), so concurrent calls from different threads do not share state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/json_writer.h"
#include "model/petition.h"
#include "model/lifecycle.h"

namespace pakn {

inline constexpr int kEventSchemaVersion = 1;
inline constexpr size_t kMaxEventBytes = 64 * 1024;
inline constexpr size_t kMaxTopicCodeBytes = 64;

struct TrackingEvent {
  int schema_version = kEventSchemaVersion;
  std::string event_id;     // the producer's id; redelivery of the same id is the same event
  std::string petition_id;  // also the Kafka key
  Action type = Action::kNote;
  std::string at;           // as sent
  int64_t at_ms = 0;        // `at` as Unix epoch milliseconds
  std::string actor;        // who acted (an operator's account)
  std::string agency;       // assign/transfer: the agency that now holds the petition
  std::string assignee;     // assign/transfer/start: the officer who handles it (optional)
  std::string note;         // free text; the reason for reject/reopen/withdraw/redirect
  std::string visibility = "internal";  // "internal" | "public"
  std::string of;           // duplicate: the original petition's id
  std::string topic;        // transfer: what the petition is really about (a taxonomy topic
                            // code), the operator's correction of the router's topic; optional
  struct Response {
    std::string text;
    std::string doc_number;   // the official letter's number, e.g. "123/SXD-QLĐT"
    std::string answered_by;
    bool operator==(const Response&) const = default;
  } response;
  bool has_response = false;  // the message had a `response` object

  bool operator==(const TrackingEvent&) const = default;
};

// Why a message is not a tracking event; same shape as pakn::Rejection.
// The petition's Rejection (ingest/petition.h): events and petitions fail in the same words.
using EventRejection = Rejection;

using EventParseResult = std::variant<TrackingEvent, EventRejection>;

EventParseResult ParseEvent(std::string_view json, size_t max_bytes = kMaxEventBytes);

// True when `code` has the shape of a taxonomy topic code (see ParseEvent's contract).
bool IsTopicCode(std::string_view code);

// The member (as a JSON path) that `action` requires besides the common ones, or nullopt:
// "$.agency", "$.note", "$.of" or "$.response.text".
std::optional<std::string_view> RequiredField(Action action);

// The checks of ParseEvent that apply to a built event (ids, at, actor, visibility, the
// action's required member), for producers such as the CLI. nullopt when the event is valid.
// It does not compare at_ms with at (EncodeEvent writes only `at`), and response.text counts
// only when has_response is set (otherwise EncodeEvent leaves the response out).
std::optional<EventRejection> ValidateEvent(const TrackingEvent& event);

// True when `s` holds no visible text: whitespace, control characters and the invisible
// characters petitions strip (NBSP, soft hyphen, zero-width space and joiners, word joiner,
// BOM). A required reason or answer like that counts as missing.
bool IsBlankText(std::string_view s);

// Compact JSON in the format above. Empty optional members are left out; `response` is
// written when has_response. For a valid event with at_ms matching at,
// ParseEvent(EncodeEvent(e)) == e.
std::string EncodeEvent(const TrackingEvent& event);

// The "response" member as EncodeEvent writes it (nothing without has_response), inside an
// object the caller opened: the store's history spells it the same way.
void WriteResponseMember(JsonWriter& w, const TrackingEvent& event);

}  // namespace pakn
