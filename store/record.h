// What pakn keeps for each petition, event and rejection, and their encodings (JSON values in
// the column families of store/schema.h). Pure code: encode/decode only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_writer.h"
#include "base/status.h"
#include "classify/normalizer.h"
#include "classify/router.h"
#include "model/petition.h"

namespace pakn::store {

// Where a message came from.
struct SourcePosition {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
};

// The 2025 administrative unit a petition's location resolved to (classify::PlaceIndex); what
// the citizen wrote stays in petition.location.
struct PlaceCodes {
  std::string province_code, province_name;
  std::string ward_code, ward_name;  // empty when only the province is known
  std::string old_code;              // the pre-2025 unit named, if any
  std::string method;                // how it was matched ("exact", "alias", "old-name", ...)
  bool ambiguous = false;            // several candidates; this is the best guess
};

// Where a stored record's text part (title, content, repairs, reporter, location,
// attachments) is, for the struct that holds it.
enum class TextAt : uint8_t {
  kLoaded,   // in the struct: a record being built, or its texts/ entry read (Store::LoadText)
  kPending,  // in texts/PayloadSeqKey(payload_seq), not read yet: the fields are empty
  kRecord,   // inside the record (layouts before texts/); EncodePetition keeps it there
};

struct StoredPetition {
  Petition petition;        // title/content hold the canonical (normalized) text
  // Diacritic-free key of title + content. Not stored (it is derived, and was a fifth of
  // every record's bytes): set in memory at ingest, read from records stored before that
  // change, empty otherwise. Use SearchKeyOf.
  std::string search_key;
  std::vector<std::string> repairs;  // what normalization changed ("tone:style", ...)
  std::optional<PlaceCodes> place;   // resolved location, when the citizen gave one
  std::string status = "received";   // StateName of the current state
  classify::RouteDecision route;     // the routing decision (route.agency: where it was sent);
                                     // never changed by operators, so that it can be measured
  // What an operator said the petition is really about (`pakn transfer --topic`): a taxonomy
  // topic code, the last one given; "" = no correction. route.topic stays the router's.
  std::string corrected_topic;
  // Response tracking (track/state_machine.h); all changed only by tracking events.
  std::string agency;            // the agency holding it now: route.agency until assign/transfer
  std::string assignee;          // the officer handling it, when known
  std::string deadline_policy;   // name of the track::DeadlinePolicy in force
  int64_t clock_start_ms = 0;    // when the deadline clock started
  int64_t answered_ms = 0;       // the last answer (respond), 0 = none
  int64_t closed_ms = 0;         // the last close, 0 = none
  int64_t last_update_ms = 0;    // the last public progress note, 0 = none
  int64_t next_update_ms = 0;    // when the next progress update is due, 0 = none required
  std::string duplicate_of;      // duplicate: the original petition
  int64_t received_ms = 0;  // when the message reached Kafka (its timestamp)
  std::string day;          // local (Vietnam) day of submission, YYYY-MM-DD
  int64_t due_ms = 0;       // answer deadline
  SourcePosition origin;    // the message that created the record
  uint32_t version = 1;     // 1 + number of amendments
  uint64_t payload_seq = 0; // payloads/ and texts/ at PayloadSeqKey(payload_seq): the current
                            // version's bytes and text part; 0 in stores written before:
                            // payloads/PayloadKey(id, version), the text inside the record
  uint64_t payload_hash = 0;
  uint64_t event_count = 0; // events/<id>/<0..event_count-1>
  TextAt text_at = TextAt::kLoaded;  // where the text part is (not stored: DecodePetition
                                     // says from what the record holds)
  uint64_t intake_seq = 0;   // texts/PayloadSeqKey(intake_seq) holds events 0 and 1 (received,
                             // routed); 0 = they are in events/ (stores written before)
  // When the retention period erased its personal data (store/retention.h); 0 = not erased.
  int64_t pii_erased_ms = 0;
};

struct StoredEvent {
  uint64_t seq = 0;
  std::string type;         // received, routed, amended, ...
  int64_t at_ms = 0;
  std::string actor;        // "pakn-ingest" for events made by ingest
  std::string detail_json;  // a JSON object with the event's own fields
};

struct StoredRejection {
  SourcePosition position;
  std::string key;          // the Kafka message key
  int64_t received_ms = 0;
  Rejection rejection;
  std::string raw;          // the message bytes exactly as received
};

// What became of a tracking event (column family event_ids), for the CLI and for dedup.
struct EventOutcome {
  std::string petition_id;
  std::string outcome;  // "applied" | "refused" | "pending"
  std::string state;    // the petition's state after it (applied, refused)
  std::string reason;   // refused: why ("cannot respond: petition is 'accepted'; allowed: ...")
  uint64_t seq = 0;     // applied/refused: its place in the petition's history
};

// The search key of `p`: its own when set, else derived from the canonical title and content
// exactly as ingest derives it (classify::Normalizer::SearchKeyFromCanonical).
std::string SearchKeyOf(const StoredPetition& p, const classify::Normalizer& normalizer);

// The petitions/ value. The text part (title, content, repairs, reporter, location,
// attachments) is written by EncodePetitionText to texts/PayloadSeqKey(payload_seq) once per
// version, and left out of the record; records with payload_seq 0 (stores written before)
// keep it inside. DecodePetition reads what is there and sets text_at to kPending when the
// text is in texts/ (Store::LoadText, or Store::GetPetition, fill it in).
std::string EncodePetition(const StoredPetition& p);
StatusOr<StoredPetition> DecodePetition(std::string_view json);
// The first version's text part also holds the history's first events (`intake`: received,
// routed), which then are not written to events/: they never change, and events/ is compacted.
std::string EncodePetitionText(const StoredPetition& p, std::span<const StoredEvent> intake = {});
StatusOr<std::vector<StoredEvent>> DecodeIntake(std::string_view texts_json);
Status DecodePetitionText(std::string_view json, StoredPetition& p);

std::string EncodeEvent(const StoredEvent& e);
StatusOr<StoredEvent> DecodeEvent(std::string_view json);

std::string EncodeEventOutcome(const EventOutcome& o);
StatusOr<EventOutcome> DecodeEventOutcome(std::string_view json);

std::string EncodeRejection(const StoredRejection& r);
StatusOr<StoredRejection> DecodeRejection(std::string_view value);

// FNV-1a 64 of the payload: identical redeliveries are recognised by it (then confirmed
// byte-by-byte against the stored payload).
uint64_t PayloadHash(std::string_view payload);

// The members of a route decision / a source position, inside an object the caller opened.
// Shared by stored records, events and CLI output so that they spell fields the same way.
void WriteRouteMembers(JsonWriter& w, const classify::RouteDecision& r);
// "candidates": [...] of a triaged decision (also `pakn rules test --json`).
void WriteCandidates(JsonWriter& w, const std::vector<classify::RouteDecision::Candidate>& list);
void WritePositionMembers(JsonWriter& w, const SourcePosition& p);
void WritePlaceMembers(JsonWriter& w, const PlaceCodes& p);

}  // namespace pakn::store
