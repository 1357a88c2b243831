#include "service/public_status.h"

#include <simdjson.h>

#include "base/status_macros.h"
#include "track/state_machine.h"

namespace pakn::service {
namespace {

// The public parts of one stored event's detail: its visibility, note and answer.
struct Detail {
  bool is_public = false;
  std::string note, answer, doc_number;
};

Detail ReadDetail(simdjson::dom::parser& parser, const std::string& json) {
  Detail d;
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return d;
  std::string_view s;
  if (root["visibility"].get(s) == simdjson::SUCCESS) d.is_public = (s == "public");
  if (root["note"].get(s) == simdjson::SUCCESS) d.note = std::string(s);
  if (root["response"]["text"].get(s) == simdjson::SUCCESS) d.answer = std::string(s);
  if (root["response"]["doc_number"].get(s) == simdjson::SUCCESS) d.doc_number = std::string(s);
  return d;
}

}  // namespace

StatusOr<std::optional<PublicStatus>> GetPublicStatus(const store::Store& store,
                                                      std::string_view id) {
  // The record without its text part, and the events after received/routed: nothing of the
  // citizen's text is read, as nothing of it is shown.
  PAKN_ASSIGN_OR_RETURN(std::optional<store::StoredPetition> rec, store.GetRecord(id));
  if (!rec) return std::optional<PublicStatus>();
  // events/ holds nothing yet when the first two events are with the text and there are two:
  // no scan then (most lookups are of petitions nobody has acted on yet).
  std::vector<store::StoredEvent> history;
  if (rec->intake_seq == 0 || rec->event_count > 2) {
    PAKN_ASSIGN_OR_RETURN(history, store.LaterEvents(id));
  }
  PublicStatus out;
  out.id = rec->petition.id;
  out.state = rec->status;
  out.open = track::IsOpen(rec->status);
  out.agency = rec->agency.empty() ? rec->route.agency : rec->agency;
  out.topic = rec->corrected_topic.empty() ? rec->route.topic : rec->corrected_topic;
  out.submitted_ms = rec->petition.submitted_at_ms;
  out.due_ms = rec->due_ms;
  out.updated_ms = rec->received_ms;
  simdjson::dom::parser parser;
  // An answer becomes public when it is given as public or when the office publishes it later.
  std::optional<PublicNote> answer;
  bool answer_public = false;
  std::vector<PublicNote> notes;
  for (const store::StoredEvent& e : history) {
    // Internal notes and refused events change nothing a citizen sees: they do not move
    // updated_datetime either (it would tell when the office wrote something internal).
    if (e.type != "note" && e.type != "refused") out.updated_ms = std::max(out.updated_ms, e.at_ms);
    if (e.type == "answered") {
      const Detail d = ReadDetail(parser, e.detail_json);
      if (!d.answer.empty()) {
        answer = PublicNote{e.at_ms, "answer", d.answer, d.doc_number};
        answer_public = d.is_public;
      }
    } else if (e.type == "published") {
      answer_public = answer.has_value();
    } else if (e.type == "reopened") {
      answer.reset();  // the answer was found wanting; a new one will come
      answer_public = false;
    } else if (e.type == "note" || e.type == "accepted" || e.type == "assigned" ||
               e.type == "started" || e.type == "transferred" || e.type == "closed" ||
               e.type == "rejected" || e.type == "redirected" || e.type == "withdrawn" ||
               e.type == "marked_duplicate") {
      // The reason of an exit is public when the office made it so.
      const Detail d = ReadDetail(parser, e.detail_json);
      if (d.is_public && !d.note.empty()) {
        notes.push_back({e.at_ms, "progress", d.note, ""});
        out.updated_ms = std::max(out.updated_ms, e.at_ms);
      }
    }
  }
  if (answer && answer_public) notes.push_back(std::move(*answer));
  std::stable_sort(notes.begin(), notes.end(),
                   [](const PublicNote& a, const PublicNote& b) { return a.at_ms < b.at_ms; });
  out.notes = std::move(notes);
  return std::optional<PublicStatus>(std::move(out));
}

}  // namespace pakn::service
