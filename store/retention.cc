#include "store/retention.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <span>
#include <vector>

#include "base/json_writer.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "rocksdb/write_batch.h"
#include "simdjson.h"
#include "track/state_machine.h"

namespace pakn::store {
namespace {

namespace dom = simdjson::dom;

// History members that are not free text: what happened, not what anyone wrote.
constexpr std::string_view kKept[] = {"action",
                                      "from",
                                      "to",
                                      "agency",
                                      "assignee",
                                      "visibility",
                                      "of",
                                      "topic",
                                      "topic_before",
                                      "on_time",
                                      "due_at",
                                      "event_id",
                                      "source",
                                      "was_pending",
                                      "channel",
                                      "payload_seq",
                                      "version",
                                      "payload_hash",
                                      "previous_payload_hash",
                                      "rule_id",
                                      "priority",
                                      "method",
                                      "deadline_policy",
                                      "deadline_policy_applied",
                                      "agency_area",
                                      "model_version",
                                      "model_topic",
                                      "model_probability",
                                      "reason"};

constexpr std::string_view kIngestActor = "pakn-ingest";

dom::parser& Parser() {
  thread_local dom::parser parser;
  return parser;
}

uint64_t DetailSeq(std::string_view detail) {
  dom::element e;
  uint64_t v = 0;
  if (Parser().parse(detail.data(), detail.size()).get(e) || e["payload_seq"].get(v)) return 0;
  return v;
}

// The text part of `rec` with nothing the citizen wrote in it.
StoredPetition Blank(const StoredPetition& rec) {
  StoredPetition b = rec;
  Petition& p = b.petition;
  p.title.clear();
  p.content.clear();
  p.reporter = Reporter{};
  p.location = Location{};
  p.attachments.clear();
  b.repairs.clear();
  b.search_key.clear();
  return b;
}

}  // namespace

std::string StripDetail(std::string_view detail_json) {
  dom::element e;
  dom::object o;
  if (Parser().parse(detail_json.data(), detail_json.size()).get(e) || e.get(o))
    return "{\"erased\":true}";
  JsonWriter w;
  w.BeginObject();
  for (auto field : o) {
    const std::string_view key = field.key;
    if (std::find(std::begin(kKept), std::end(kKept), key) == std::end(kKept)) continue;
    w.Key(key);
    w.Raw(simdjson::minify(field.value));
  }
  w.Key("erased");
  w.Bool(true);
  w.EndObject();
  return std::move(w).Take();
}

int64_t RetentionCutoff(int64_t now_ms, int64_t years) {
  using namespace std::chrono;
  const sys_time<milliseconds> now{milliseconds(now_ms)};
  const sys_days day = floor<days>(now);
  year_month_day ymd{day};
  ymd = (ymd.year() - std::chrono::years(years)) / ymd.month() / ymd.day();
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;  // 29 February → 28
  return (sys_days(ymd) + (now - day)).time_since_epoch().count();
}

StatusOr<ErasureStep> ErasePersonalData(Store& store, int64_t cutoff_ms, int64_t now_ms,
                                        ErasureCursor& cursor, size_t budget) {
  ErasureStep step;
  rocksdb::WriteBatch wb;
  budget = std::max<size_t>(budget, 1);
  if (!cursor.petitions_done) {
    // idx_day is in submission-day order: a petition submitted after the cutoff's day cannot
    // have been last active before it.
    const std::string cutoff_day = LocalDate(cutoff_ms);
    std::vector<std::string> ids;
    std::string next;
    PAKN_RETURN_IF_ERROR(
        store.Scan(kCfIdxDay, "", cursor.day_key, [&](std::string_view key, std::string_view) {
          const auto parts = SplitNul(key);
          if (parts.size() < 2 || parts[0] > cutoff_day) return false;
          if (ids.size() == budget) {
            next = std::string(key);
            return false;
          }
          ids.emplace_back(parts[1]);
          return true;
        }));
    cursor.day_key = next;
    cursor.petitions_done = next.empty();
    for (const std::string& id : ids) {
      ++step.examined;
      PAKN_ASSIGN_OR_RETURN(std::optional<StoredPetition> found, store.GetRecord(id));
      if (!found || found->pii_erased_ms != 0 || track::IsOpen(found->status)) continue;
      StoredPetition& rec = *found;
      // Last active: submitted, answered, closed, a progress note, or any operator's act (a
      // withdrawal, a note on a closed case). Not when ingest read it: history imported
      // from an older system counts from its own dates.
      int64_t last = std::max(
          {rec.petition.submitted_at_ms, rec.answered_ms, rec.closed_ms, rec.last_update_ms});
      if (last >= cutoff_ms) continue;
      PAKN_ASSIGN_OR_RETURN(std::vector<StoredEvent> history, store.History(rec));
      for (const StoredEvent& e : history)
        if (e.actor != kIngestActor && e.type != "pii_revealed") last = std::max(last, e.at_ms);
      if (last >= cutoff_ms) continue;
      // Every version's bytes: the current, the first, and those the history names.
      std::set<uint64_t> seqs;
      for (uint64_t s : {rec.payload_seq, rec.intake_seq})
        if (s) seqs.insert(s);
      for (const StoredEvent& e : history)
        if (e.type == "received" || e.type == "amended")
          if (uint64_t s = DetailSeq(e.detail_json)) seqs.insert(s);
      for (uint32_t v = 1; v <= rec.version; ++v)  // stores keyed by id and version
        wb.Delete(store.handle(kCfPayloads), PayloadKey(id, v));
      // The history without its free text: its first events (received, routed) go back with
      // the first version's text when that holds them (intake_seq), the others to events/.
      for (StoredEvent& e : history) e.detail_json = StripDetail(e.detail_json);
      const size_t in_text = rec.intake_seq != 0 ? std::min<size_t>(2, history.size()) : 0;
      const std::span<const StoredEvent> intake(history.data(), in_text);
      const StoredPetition blank = Blank(rec);
      for (uint64_t s : seqs) {
        const std::string key = PayloadSeqKey(s);
        wb.Delete(store.handle(kCfPayloads), key);
        if (s != rec.payload_seq && s != rec.intake_seq) {
          wb.Delete(store.handle(kCfTexts), key);
          continue;
        }
        wb.Put(
            store.handle(kCfTexts), key,
            store.Seal(kCfTexts, key,
                       EncodePetitionText(
                           blank, s == rec.intake_seq ? intake : std::span<const StoredEvent>())));
      }
      for (const StoredEvent& e : std::span<const StoredEvent>(history).subspan(in_text)) {
        const std::string key = EventKey(id, e.seq);
        wb.Put(store.handle(kCfEvents), key, store.Seal(kCfEvents, key, EncodeEvent(e)));
      }
      StoredPetition erased = rec.text_at == TextAt::kRecord || rec.payload_seq == 0 ? blank : rec;
      erased.search_key.clear();
      erased.pii_erased_ms = now_ms;
      wb.Put(store.handle(kCfPetitions), id, EncodePetition(erased));
      ++step.erased;
    }
  }
  if (cursor.petitions_done && step.examined < budget) {
    std::vector<std::string> old;
    std::string next;
    size_t seen = 0;
    Status bad;
    PAKN_RETURN_IF_ERROR(store.Scan(kCfRejections, "", cursor.rejection_key,
                                    [&](std::string_view key, std::string_view value) {
                                      if (seen++ == budget) {
                                        next = std::string(key);
                                        return false;
                                      }
                                      auto r = DecodeRejection(value);
                                      if (!r.ok()) {
                                        bad = r.status();
                                        return false;
                                      }
                                      if (r->received_ms < cutoff_ms) old.emplace_back(key);
                                      return true;
                                    }));
    PAKN_RETURN_IF_ERROR(bad);
    for (const std::string& key : old) {
      wb.Delete(store.handle(kCfRejections), key);
      wb.Delete(store.handle(kCfDlqOutbox), key);
    }
    step.rejections = old.size();
    cursor.rejection_key = next;
    cursor.done = next.empty();
  }
  if (wb.Count() > 0) PAKN_RETURN_IF_ERROR(store.Write(wb));
  return step;
}

}  // namespace pakn::store
