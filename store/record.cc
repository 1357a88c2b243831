#include "store/record.h"

#include <cmath>

#include "base/strings.h"
#include "base/hash.h"
#include "base/json_writer.h"
#include "simdjson.h"

namespace pakn::store {
namespace {

namespace dom = simdjson::dom;

void WriteReporter(JsonWriter& w, const Reporter& r) {
  w.Key("reporter");
  w.BeginObject();
  w.MemberIfNotEmpty("type", r.type);
  w.MemberIfNotEmpty("name", r.name);
  w.MemberIfNotEmpty("phone", r.phone);
  w.MemberIfNotEmpty("email", r.email);
  w.MemberIfNotEmpty("national_id", r.national_id);
  w.MemberIfNotEmpty("organization", r.organization);
  w.MemberIfNotEmpty("address", r.address);
  w.EndObject();
}

void WriteLocation(JsonWriter& w, const Location& l) {
  w.Key("location");
  w.BeginObject();
  w.MemberIfNotEmpty("province", l.province);
  w.MemberIfNotEmpty("ward", l.ward);
  w.MemberIfNotEmpty("address", l.address);
  if (l.lat) { w.Key("lat"); w.Double(*l.lat); }
  if (l.lon) { w.Key("lon"); w.Double(*l.lon); }
  w.EndObject();
}

std::string Str(dom::element e, const char* key) {
  std::string_view s;
  if (e[key].get(s)) return {};
  return std::string(s);
}

int64_t Int(dom::element e, const char* key) {
  int64_t v = 0;
  if (e[key].get(v)) return 0;
  return v;
}

uint64_t UInt(dom::element e, const char* key) {
  uint64_t v = 0;
  if (e[key].get(v)) return 0;
  return v;
}

// One DOM parser per thread: decoding happens on reader and apply paths alike.
dom::parser& ThreadParser() {
  thread_local dom::parser parser;
  return parser;
}

// The text part of a record: what the citizen wrote, cleaned (stored once in texts/, or
// inside the record in stores written before texts/ existed).
void WriteTextMembers(JsonWriter& w, const StoredPetition& s) {
  const Petition& p = s.petition;
  w.Member("title", p.title);
  w.Member("content", p.content);
  if (!s.repairs.empty()) {
    w.Key("repairs");
    w.BeginArray();
    for (const std::string& r : s.repairs) w.String(r);
    w.EndArray();
  }
  WriteReporter(w, p.reporter);
  WriteLocation(w, p.location);
  w.Key("attachments");
  w.BeginArray();
  for (const Attachment& a : p.attachments) {
    w.BeginObject();
    w.MemberIfNotEmpty("name", a.name);
    w.MemberIfNotEmpty("media_type", a.media_type);
    if (a.size) w.MemberInt("size", *a.size);
    w.MemberIfNotEmpty("sha256", a.sha256);
    w.MemberIfNotEmpty("url", a.url);
    w.EndObject();
  }
  w.EndArray();
}

// Reads the members WriteTextMembers writes, those that are there.
void ReadTextMembers(dom::element e, StoredPetition& s) {
  Petition& p = s.petition;
  p.title = Str(e, "title");
  p.content = Str(e, "content");
  if (dom::array arr; !e["repairs"].get(arr)) {
    for (dom::element r : arr) {
      std::string_view kind;
      if (!r.get(kind)) s.repairs.emplace_back(kind);
    }
  }
  if (dom::element r; !e["reporter"].get(r)) {
    p.reporter = Reporter{Str(r, "type"),        Str(r, "name"),         Str(r, "phone"),
                          Str(r, "email"),       Str(r, "national_id"),  Str(r, "organization"),
                          Str(r, "address")};
  }
  if (dom::element l; !e["location"].get(l)) {
    p.location.province = Str(l, "province");
    p.location.ward = Str(l, "ward");
    p.location.address = Str(l, "address");
    if (double d; !l["lat"].get(d)) p.location.lat = d;
    if (double d; !l["lon"].get(d)) p.location.lon = d;
  }
  if (dom::array arr; !e["attachments"].get(arr)) {
    for (dom::element a : arr) {
      Attachment att{Str(a, "name"), Str(a, "media_type"), std::nullopt, Str(a, "sha256"),
                     Str(a, "url")};
      if (int64_t size; !a["size"].get(size)) att.size = size;
      p.attachments.push_back(std::move(att));
    }
  }
}

}  // namespace

uint64_t PayloadHash(std::string_view payload) { return Fnv1a64(payload); }

void WriteRouteMembers(JsonWriter& w, const classify::RouteDecision& r) {
  w.Member("rule_id", r.rule_id);
  w.Member("agency", r.agency);
  w.Member("topic", r.topic);
  w.Member("priority", r.priority);
  w.MemberInt("deadline_days", r.deadline_days);
  w.Member("matched", r.matched);
  w.Member("ruleset_version", r.ruleset_version);
  w.MemberIfNotEmpty("deadline_policy", r.deadline_policy);
  w.MemberIfNotEmpty("agency_area", r.agency_area);
  for (const auto* list : {&r.tags, &r.also_matched}) {
    if (list->empty()) continue;
    w.Key(list == &r.tags ? "tags" : "also_matched");
    w.BeginArray();
    for (const std::string& v : *list) w.String(v);
    w.EndArray();
  }
  // The evidence and the model (docs/routing.md): absent in records routed before them.
  w.MemberIfNotEmpty("method", r.method);
  if (r.score != 0) w.MemberInt("score", r.score);
  if (r.margin != 0) w.MemberInt("margin", r.margin);
  if (r.decisive) {
    w.Key("decisive");
    w.Bool(true);
  }
  if (!r.model_version.empty()) {
    w.Member("model_version", r.model_version);
    w.Member("model_topic", r.model_topic);
    w.Key("model_probability");
    w.Double(std::round(r.model_probability * 10000) / 10000);
  }
  if (!r.candidates.empty()) WriteCandidates(w, r.candidates);
}

void WriteCandidates(JsonWriter& w, const std::vector<classify::RouteDecision::Candidate>& list) {
  w.Key("candidates");
  w.BeginArray();
  for (const auto& c : list) {
    w.BeginObject();
    w.Member("source", c.source);
    w.Member("topic", c.topic);
    w.Member("agency", c.agency);
    w.Key("score");
    w.Double(std::round(c.score * 10000) / 10000);  // four decimals: a probability or a score
    w.EndObject();
  }
  w.EndArray();
}

void WritePlaceMembers(JsonWriter& w, const PlaceCodes& p) {
  w.Member("province_code", p.province_code);
  w.Member("province_name", p.province_name);
  w.MemberIfNotEmpty("ward_code", p.ward_code);
  w.MemberIfNotEmpty("ward_name", p.ward_name);
  w.MemberIfNotEmpty("old_code", p.old_code);
  w.Member("method", p.method);
  w.Key("ambiguous");
  w.Bool(p.ambiguous);
}

void WritePositionMembers(JsonWriter& w, const SourcePosition& p) {
  w.Member("topic", p.topic);
  w.MemberInt("partition", p.partition);
  w.MemberInt("offset", p.offset);
}

std::string SearchKeyOf(const StoredPetition& p, const classify::Normalizer& normalizer) {
  if (!p.search_key.empty()) return p.search_key;
  return normalizer.SearchKeyFromCanonical(StrCat(p.petition.title, " ", p.petition.content));
}

std::string EncodePetition(const StoredPetition& s) {
  const Petition& p = s.petition;
  JsonWriter w;
  w.BeginObject();
  w.Member("id", p.id);
  w.Member("status", s.status);
  w.MemberInt("schema_version", p.schema_version);
  w.MemberIfNotEmpty("source", p.source);
  w.Member("channel", p.channel);
  w.MemberIfNotEmpty("kind", p.kind);
  w.Member("submitted_at", p.submitted_at);
  w.MemberInt("submitted_ms", p.submitted_at_ms);
  w.Member("day", s.day);
  w.MemberInt("received_ms", s.received_ms);
  w.MemberInt("due_ms", s.due_ms);
  w.Member("agency", s.agency);
  w.MemberIfNotEmpty("assignee", s.assignee);
  w.MemberIfNotEmpty("deadline_policy", s.deadline_policy);
  if (s.clock_start_ms) w.MemberInt("clock_start_ms", s.clock_start_ms);
  if (s.answered_ms) w.MemberInt("answered_ms", s.answered_ms);
  if (s.closed_ms) w.MemberInt("closed_ms", s.closed_ms);
  if (s.last_update_ms) w.MemberInt("last_update_ms", s.last_update_ms);
  if (s.next_update_ms) w.MemberInt("next_update_ms", s.next_update_ms);
  w.MemberIfNotEmpty("duplicate_of", s.duplicate_of);
  w.MemberIfNotEmpty("corrected_topic", s.corrected_topic);
  // Where the text part was found, it stays: in the record for stores written before texts/
  // (and by the commits that keyed payloads by arrival before texts/ existed), else in texts/.
  if (s.payload_seq == 0 || s.text_at == TextAt::kRecord) WriteTextMembers(w, s);
  if (s.place) {
    w.Key("place");
    w.BeginObject();
    WritePlaceMembers(w, *s.place);
    w.EndObject();
  }
  w.MemberIfNotEmpty("topic_hint", p.topic_hint);
  w.Key("route");
  w.BeginObject();
  WriteRouteMembers(w, s.route);
  w.EndObject();
  w.Key("origin");
  w.BeginObject();
  WritePositionMembers(w, s.origin);
  w.EndObject();
  w.MemberInt("version", s.version);
  if (s.payload_seq) w.MemberInt("payload_seq", static_cast<int64_t>(s.payload_seq));
  if (s.intake_seq) w.MemberInt("intake_seq", static_cast<int64_t>(s.intake_seq));
  w.Key("payload_hash");
  w.Int(static_cast<int64_t>(s.payload_hash));
  w.MemberInt("event_count", static_cast<int64_t>(s.event_count));
  if (s.pii_erased_ms) w.MemberInt("pii_erased_ms", s.pii_erased_ms);
  w.EndObject();
  return std::move(w).Take();
}

StatusOr<StoredPetition> DecodePetition(std::string_view json) {
  dom::element e;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(e))
    return DataLossError(StrCat("stored petition is not JSON: ",
                                            simdjson::error_message(err)));
  StoredPetition s;
  Petition& p = s.petition;
  p.id = Str(e, "id");
  s.status = Str(e, "status");
  p.schema_version = static_cast<int>(Int(e, "schema_version"));
  p.source = Str(e, "source");
  p.channel = Str(e, "channel");
  p.kind = Str(e, "kind");
  p.submitted_at = Str(e, "submitted_at");
  p.submitted_at_ms = Int(e, "submitted_ms");
  s.day = Str(e, "day");
  s.received_ms = Int(e, "received_ms");
  s.due_ms = Int(e, "due_ms");
  s.agency = Str(e, "agency");
  s.assignee = Str(e, "assignee");
  s.deadline_policy = Str(e, "deadline_policy");
  s.clock_start_ms = Int(e, "clock_start_ms");
  s.answered_ms = Int(e, "answered_ms");
  s.closed_ms = Int(e, "closed_ms");
  s.last_update_ms = Int(e, "last_update_ms");
  s.next_update_ms = Int(e, "next_update_ms");
  s.duplicate_of = Str(e, "duplicate_of");
  s.corrected_topic = Str(e, "corrected_topic");  // absent in records written before
  ReadTextMembers(e, s);
  s.search_key = Str(e, "search_key");  // records stored before it was dropped
  if (dom::element pl; !e["place"].get(pl)) {
    PlaceCodes codes{Str(pl, "province_code"), Str(pl, "province_name"), Str(pl, "ward_code"),
                     Str(pl, "ward_name"),     Str(pl, "old_code"),      Str(pl, "method")};
    if (bool b; !pl["ambiguous"].get(b)) codes.ambiguous = b;
    s.place = std::move(codes);
  }
  p.topic_hint = Str(e, "topic_hint");
  if (dom::element r; !e["route"].get(r)) {
    s.route.rule_id = Str(r, "rule_id");
    s.route.agency = Str(r, "agency");
    s.route.topic = Str(r, "topic");
    s.route.priority = Str(r, "priority");
    s.route.deadline_days = static_cast<int>(Int(r, "deadline_days"));
    s.route.matched = Str(r, "matched");
    s.route.ruleset_version = Str(r, "ruleset_version");
    s.route.deadline_policy = Str(r, "deadline_policy");
    s.route.agency_area = Str(r, "agency_area");
    for (auto [key, list] : {std::pair{"tags", &s.route.tags},
                             std::pair{"also_matched", &s.route.also_matched}}) {
      if (dom::array arr; !r[key].get(arr)) {
        for (dom::element v : arr) {
          std::string_view sv;
          if (!v.get(sv)) list->emplace_back(sv);
        }
      }
    }
    s.route.method = Str(r, "method");
    s.route.score = static_cast<int>(Int(r, "score"));
    s.route.margin = static_cast<int>(Int(r, "margin"));
    if (bool b; !r["decisive"].get(b)) s.route.decisive = b;
    s.route.model_version = Str(r, "model_version");
    s.route.model_topic = Str(r, "model_topic");
    if (double d; !r["model_probability"].get(d)) s.route.model_probability = d;
    if (dom::array arr; !r["candidates"].get(arr)) {
      for (dom::element c : arr) {
        classify::RouteDecision::Candidate x;
        x.source = Str(c, "source");
        x.topic = Str(c, "topic");
        x.agency = Str(c, "agency");
        if (double d; !c["score"].get(d)) x.score = d;
        s.route.candidates.push_back(std::move(x));
      }
    }
  }
  if (dom::element o; !e["origin"].get(o)) {
    s.origin.topic = Str(o, "topic");
    s.origin.partition = static_cast<int32_t>(Int(o, "partition"));
    s.origin.offset = Int(o, "offset");
  }
  s.version = static_cast<uint32_t>(Int(e, "version"));
  s.payload_hash = static_cast<uint64_t>(Int(e, "payload_hash"));
  s.event_count = UInt(e, "event_count");
  s.pii_erased_ms = Int(e, "pii_erased_ms");
  s.payload_seq = UInt(e, "payload_seq");
  s.intake_seq = UInt(e, "intake_seq");
  if (e["title"].error() != simdjson::NO_SUCH_FIELD) {
    s.text_at = TextAt::kRecord;
  } else if (s.payload_seq != 0) {
    s.text_at = TextAt::kPending;
  }
  if (s.agency.empty()) s.agency = s.route.agency;  // records written before tracking
  if (p.id.empty()) return DataLossError("stored petition has no id");
  return s;
}

Status DecodePetitionText(std::string_view json, StoredPetition& s) {
  dom::element e;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(e))
    return DataLossError(StrCat("stored text of ", s.petition.id, " is not JSON: ",
                                simdjson::error_message(err)));
  s.repairs.clear();
  s.petition.attachments.clear();
  ReadTextMembers(e, s);
  s.text_at = TextAt::kLoaded;
  return OkStatus();
}

std::string EncodeEvent(const StoredEvent& ev) {
  JsonWriter w;
  w.BeginObject();
  w.Key("seq");
  w.Int(static_cast<int64_t>(ev.seq));
  w.Member("type", ev.type);
  w.MemberInt("at_ms", ev.at_ms);
  w.Member("actor", ev.actor);
  w.Key("detail");
  w.Raw(ev.detail_json.empty() ? "{}" : ev.detail_json);
  w.EndObject();
  return std::move(w).Take();
}

namespace {
StoredEvent EventFrom(dom::element e) {
  StoredEvent ev;
  ev.seq = UInt(e, "seq");
  ev.type = Str(e, "type");
  ev.at_ms = Int(e, "at_ms");
  ev.actor = Str(e, "actor");
  if (dom::element d; !e["detail"].get(d)) ev.detail_json = simdjson::minify(d);
  return ev;
}
}  // namespace

StatusOr<StoredEvent> DecodeEvent(std::string_view json) {
  dom::element e;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(e))
    return DataLossError(StrCat("stored event is not JSON: ",
                                            simdjson::error_message(err)));
  return EventFrom(e);
}

std::string EncodePetitionText(const StoredPetition& s, std::span<const StoredEvent> intake) {
  JsonWriter w;
  w.BeginObject();
  WriteTextMembers(w, s);
  if (!intake.empty()) {
    w.Key("intake");
    w.BeginArray();
    for (const StoredEvent& ev : intake) w.Raw(EncodeEvent(ev));
    w.EndArray();
  }
  w.EndObject();
  return std::move(w).Take();
}

StatusOr<std::vector<StoredEvent>> DecodeIntake(std::string_view texts_json) {
  dom::element e;
  if (auto err = ThreadParser().parse(texts_json.data(), texts_json.size()).get(e))
    return DataLossError(StrCat("stored text is not JSON: ", simdjson::error_message(err)));
  std::vector<StoredEvent> events;
  if (dom::array arr; !e["intake"].get(arr))
    for (dom::element ev : arr) events.push_back(EventFrom(ev));
  return events;
}

std::string EncodeEventOutcome(const EventOutcome& o) {
  JsonWriter w;
  w.BeginObject();
  w.Member("petition_id", o.petition_id);
  w.Member("outcome", o.outcome);
  w.MemberIfNotEmpty("state", o.state);
  w.MemberIfNotEmpty("reason", o.reason);
  w.MemberInt("seq", static_cast<int64_t>(o.seq));
  w.EndObject();
  return std::move(w).Take();
}

StatusOr<EventOutcome> DecodeEventOutcome(std::string_view json) {
  dom::element e;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(e))
    return DataLossError(StrCat("stored event outcome is not JSON: ",
                                simdjson::error_message(err)));
  return EventOutcome{Str(e, "petition_id"), Str(e, "outcome"), Str(e, "state"),
                      Str(e, "reason"), UInt(e, "seq")};
}

std::string EncodeRejection(const StoredRejection& r) {
  JsonWriter w;
  w.BeginObject();
  WritePositionMembers(w, r.position);
  w.Member("key", r.key);
  w.MemberInt("received_ms", r.received_ms);
  w.Member("code", RejectCodeName(r.rejection.code));
  w.Member("field", r.rejection.field);
  w.Member("reason", r.rejection.reason);
  w.MemberInt("raw_bytes", static_cast<int64_t>(r.raw.size()));
  w.EndObject();
  std::string meta = std::move(w).Take();
  std::string out;
  out.reserve(4 + meta.size() + r.raw.size());
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((meta.size() >> s) & 0xFF));
  out.append(meta);
  out.append(r.raw);
  return out;
}

StatusOr<StoredRejection> DecodeRejection(std::string_view value) {
  if (value.size() < 4) return DataLossError("stored rejection is truncated");
  uint32_t meta_len = 0;
  for (int i = 0; i < 4; ++i) meta_len = (meta_len << 8) | static_cast<unsigned char>(value[i]);
  if (value.size() < 4 + size_t{meta_len}) return DataLossError("stored rejection is truncated");
  const std::string_view meta = value.substr(4, meta_len);
  dom::element e;
  if (auto err = ThreadParser().parse(meta.data(), meta.size()).get(e))
    return DataLossError(StrCat("stored rejection is not JSON: ",
                                            simdjson::error_message(err)));
  StoredRejection r;
  r.position.topic = Str(e, "topic");
  r.position.partition = static_cast<int32_t>(Int(e, "partition"));
  r.position.offset = Int(e, "offset");
  r.key = Str(e, "key");
  r.received_ms = Int(e, "received_ms");
  const std::string code = Str(e, "code");
  r.rejection.code = RejectCode::kInvalidJson;
  for (int c = 0; c <= static_cast<int>(RejectCode::kUnknownSchemaVersion); ++c)
    if (RejectCodeName(static_cast<RejectCode>(c)) == code)
      r.rejection.code = static_cast<RejectCode>(c);
  r.rejection.field = Str(e, "field");
  r.rejection.reason = Str(e, "reason");
  r.raw.assign(value.substr(4 + meta_len));
  return r;
}

}  // namespace pakn::store
