// ParseEvent, ValidateEvent and EncodeEvent (track/event.h). The JSON walking follows
// ingest/petition_parser.cc so that events and petitions fail in the same words.
#include "model/event.h"

#include <optional>
#include <string>
#include <utility>

#include "base/json_writer.h"
#include "base/strings.h"
#include "base/time.h"
#include "model/json_reader.h"
#include "simdjson.h"

namespace pakn {
namespace {


// Reads members of one event. Each method returns false after setting `error`.
class Reader : public JsonReader {
 public:
  // `response`: null counts as absent; unknown members inside are walked and dropped.
  bool Response(od::value& v, const std::string& base, TrackingEvent& ev) {
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, base, t)) return false;
    if (t == od::json_type::null) return true;
    if (t != od::json_type::object) return WrongType(base, "an object", t);
    od::object o;
    if (auto e = v.get_object().get(o)) return JsonError(base, e);
    ev.has_response = true;
    return ForEachMember(o, base, [&](std::string_view key, const std::string& path,
                                      od::value& fv) {
      if (key == "text") return String(fv, path, ev.response.text);
      if (key == "doc_number") return String(fv, path, ev.response.doc_number);
      if (key == "answered_by") return String(fv, path, ev.response.answered_by);
      return Validate(fv, path, 2);
    });
  }
};

constexpr std::string_view kTopicRule =
    "1 to 64 lower-case letters, digits, '-', '_' or '.' (e.g. giao_thong)";
static_assert(kMaxTopicCodeBytes == 64, "update kTopicRule");

// The semantic checks shared by ParseEvent and ValidateEvent, in a fixed order so that a
// message with several faults always gets the same rejection. Sets *at_ms when `at` parses.
std::optional<EventRejection> Check(const TrackingEvent& e, bool has_type, int64_t* at_ms) {
  if (e.schema_version != kEventSchemaVersion)
    return MakeRejection(RejectCode::kUnknownSchemaVersion, "$.schema_version",
                  StrCat("this pakn reads version ", kEventSchemaVersion, ", got ",
                         e.schema_version));
  auto check_id = [](const char* path, const std::string& id) -> std::optional<EventRejection> {
    if (id.empty())
      return MakeRejection(RejectCode::kMissingField, path, StrCat("required, expected ", kIdRule));
    if (!IsValidId(id)) return MakeRejection(RejectCode::kBadValue, path, StrCat("expected ", kIdRule));
    return std::nullopt;
  };
  if (auto bad = check_id("$.event_id", e.event_id)) return bad;
  if (auto bad = check_id("$.petition_id", e.petition_id)) return bad;
  if (!has_type)
    return MakeRejection(RejectCode::kMissingField, "$.type", "required, expected an action name");
  if (e.at.empty())
    return MakeRejection(RejectCode::kMissingField, "$.at",
                  "required, expected an RFC 3339 date-time with offset");
  auto ms = ParseRfc3339(e.at);
  if (!ms.ok())
    return MakeRejection(RejectCode::kBadValue, "$.at",
                  StrCat(ms.status().message(), ", got '", e.at.substr(0, 40), "'"));
  *at_ms = *ms;
  // Only the plausible years: an operator may date an act ahead (--now).
  if (const std::string_view why = OutsidePlausibleYears(*ms); !why.empty())
    return MakeRejection(RejectCode::kBadValue, "$.at",
                         StrCat("'", e.at.substr(0, 40), "' ", why));
  if (IsBlankText(e.actor))
    return MakeRejection(RejectCode::kMissingField, "$.actor", "required, expected a non-empty string");
  if (e.visibility != "internal" && e.visibility != "public")
    return MakeRejection(RejectCode::kBadValue, "$.visibility",
                  StrCat("expected internal or public, got '", e.visibility.substr(0, 40), "'"));
  if (std::optional<std::string_view> path = RequiredField(e.type)) {
    // A response EncodeEvent would not write (has_response unset) does not count.
    // Every branch a string_view: with a "" literal among std::strings the conditional's
    // type would be a temporary std::string, and the view would dangle (found by ASan).
    using SV = std::string_view;
    const SV value = *path == "$.agency" ? SV(e.agency)
                     : *path == "$.note" ? SV(e.note)
                     : *path == "$.of"   ? SV(e.of)
                     : e.has_response    ? SV(e.response.text)
                                         : SV();
    if (IsBlankText(value))
      return MakeRejection(RejectCode::kMissingField, std::string(*path),
                    StrCat("required for ", ActionName(e.type)));
  }
  // Free text from a producer that did not go through a JSON parser (the CLI's --text,
  // --reason, --actor, --file): a byte that is not UTF-8 would make the stored history
  // unreadable, and a consumer would dead-letter the message.
  for (const auto& [path, text] : {std::pair<const char*, const std::string&>{"$.actor", e.actor},
                                   {"$.note", e.note},
                                   {"$.response.text", e.response.text},
                                   {"$.response.doc_number", e.response.doc_number},
                                   {"$.response.answered_by", e.response.answered_by},
                                   {"$.topic", e.topic}}) {
    if (std::optional<Rejection> bad = CheckUtf8(path, text)) return bad;
  }
  if (!e.agency.empty() && !IsValidId(e.agency))
    return MakeRejection(RejectCode::kBadValue, "$.agency", StrCat("expected an agency code: ", kIdRule));
  if (!e.assignee.empty() && !IsValidId(e.assignee))
    return MakeRejection(RejectCode::kBadValue, "$.assignee",
                         StrCat("expected an account name: ", kIdRule));
  if (!e.of.empty()) {
    if (!IsValidId(e.of))
      return MakeRejection(RejectCode::kBadValue, "$.of", StrCat("expected a petition id: ", kIdRule));
    if (e.of == e.petition_id)
      return MakeRejection(RejectCode::kBadValue, "$.of", "a petition cannot duplicate itself");
  }
  if (!e.topic.empty() && !IsTopicCode(e.topic))
    return MakeRejection(RejectCode::kBadValue, "$.topic",
                         StrCat("expected a topic code: ", kTopicRule, ", got '",
                                e.topic.substr(0, 40), "'"));
  return std::nullopt;
}

std::string ActionList() {
  std::string out;
  for (Action a : kAllActions) StrAppend(&out, out.empty() ? "" : ", ", ActionName(a));
  return out;
}

}  // namespace

// A reason of "   " explains nothing, so blank counts as missing: whitespace, control
// characters (a "\u0000" note was applied) and the invisible characters petitions treat the
// same way (zero-width space, joiners, word joiner, soft hyphen, BOM).
bool IsBlankText(std::string_view s) {
  static constexpr std::string_view kInvisible[] = {
      "\u00A0", "\u00AD", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"};
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) <= 0x20 || s[i] == 0x7F) {
      ++i;
      continue;
    }
    bool invisible = false;
    for (std::string_view inv : kInvisible) {
      if (s.substr(i, inv.size()) == inv) {
        i += inv.size();
        invisible = true;
        break;
      }
    }
    if (!invisible) return false;
  }
  return true;
}

bool IsTopicCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxTopicCodeBytes) return false;
  for (char c : code)
    if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

std::optional<std::string_view> RequiredField(Action action) {
  switch (action) {
    case Action::kAssign:
    case Action::kTransfer:
      return "$.agency";
    case Action::kReject:
    case Action::kReopen:
    case Action::kWithdraw:
    case Action::kRedirect:
    case Action::kReveal:  // why it was shown
      return "$.note";
    case Action::kDuplicate:
      return "$.of";
    case Action::kRespond:
      return "$.response.text";
    case Action::kAccept:
    case Action::kStart:
    case Action::kPublish:
    case Action::kClose:
    case Action::kNote:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<EventRejection> ValidateEvent(const TrackingEvent& event) {
  int64_t at_ms = 0;
  return Check(event, /*has_type=*/true, &at_ms);
}

EventParseResult ParseEvent(std::string_view json, size_t max_bytes) {
  if (json.size() > max_bytes)
    return MakeRejection(RejectCode::kOversized, "$",
                  StrCat("message is ", json.size(), " bytes, the limit is ", max_bytes));
  if (std::optional<Rejection> bad = CheckUtf8("$", json)) return *std::move(bad);
  if (std::optional<Rejection> bad = CheckJsonText(json)) return *std::move(bad);
  if (std::optional<Rejection> bad = ValidateJsonSyntax(json)) return *std::move(bad);

  // Reused across calls: events are small and frequent, and a parser's buffers cost
  // allocations proportional to the message.
  thread_local od::parser parser;
  thread_local std::string buf;
  buf.assign(json);
  buf.resize(json.size() + simdjson::SIMDJSON_PADDING);

  od::document doc;
  if (auto e = parser.iterate(buf.data(), json.size(), buf.size()).get(doc))
    return MalformedJson("$", e);
  od::json_type root = od::json_type::null;
  if (auto e = doc.type().get(root)) return MalformedJson("$", e);
  if (root != od::json_type::object) {
    // On-demand only peeked at the first byte ("nonsense" looks like a null): read the scalar
    // to tell malformed JSON from a well-formed value of the wrong type.
    simdjson::error_code e = simdjson::SUCCESS;
    if (root == od::json_type::null) {
      bool is_null = false;
      e = doc.is_null().get(is_null);
      if (!e && !is_null) e = simdjson::N_ATOM_ERROR;
    } else if (root == od::json_type::boolean) {
      e = doc.get_bool().error();
    } else if (root == od::json_type::number) {
      e = doc.get_double().error();
    } else if (root == od::json_type::string) {
      e = doc.get_string().error();
    }
    if (e) return MalformedJson("$", e);
    return MakeRejection(RejectCode::kWrongType, "$",
                         StrCat("expected an object, got ", JsonTypeName(root)));
  }
  od::object obj;
  if (auto e = doc.get_object().get(obj)) return MalformedJson("$", e);

  Reader r;
  TrackingEvent ev;
  // schema_version decides how every other member is read, so it is looked at first.
  {
    const std::string path = "$.schema_version";
    od::value v;
    auto e = obj.find_field_unordered("schema_version").get(v);
    if (e == simdjson::NO_SUCH_FIELD)
      return MakeRejection(RejectCode::kMissingField, path,
                    StrCat("required, expected the integer ", kEventSchemaVersion));
    if (e) return MalformedJson(path, e);
    std::optional<int64_t> version;
    if (!r.Integer(v, path, version)) return *r.error;
    if (!version) return MakeRejection(RejectCode::kMissingField, path, "required, got null");
    if (*version != kEventSchemaVersion)
      return MakeRejection(RejectCode::kUnknownSchemaVersion, path,
                    StrCat("this pakn reads version ", kEventSchemaVersion, ", got ", *version));
    if (auto re = obj.reset().error()) return MalformedJson("$", re);
    // On-demand parsing stops at the object's end; anything but white space after it makes
    // the message malformed.
    std::string_view raw;
    if (auto re = obj.raw_json().get(raw)) return MalformedJson("$", re);
    const size_t end = static_cast<size_t>(raw.data() + raw.size() - buf.data());
    if (size_t extra = json.find_first_not_of(" \t\r\n", end); extra != std::string_view::npos)
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (content after the object at byte ", extra, ")"));
    if (auto re = obj.reset().error()) return MalformedJson("$", re);
  }

  bool has_type = false;
  const bool walked = r.ForEachMember(obj, "$", [&](std::string_view key,
                                                    const std::string& path, od::value& v) {
    std::string* target = key == "event_id"      ? &ev.event_id
                          : key == "petition_id" ? &ev.petition_id
                          : key == "at"          ? &ev.at
                          : key == "actor"       ? &ev.actor
                          : key == "agency"      ? &ev.agency
                          : key == "note"        ? &ev.note
                          : key == "visibility"  ? &ev.visibility
                          : key == "of"          ? &ev.of
                          : key == "assignee"    ? &ev.assignee
                          : key == "topic"       ? &ev.topic
                                                 : nullptr;
    if (target) return r.String(v, path, *target);
    if (key == "type") {
      od::json_type t = od::json_type::null;
      if (!r.TypeOf(v, path, t)) return false;
      if (t == od::json_type::null) return true;  // absent; reported after the walk
      std::string name;
      if (!r.String(v, path, name)) return false;
      std::optional<Action> action = ParseAction(name);
      if (!action)
        return r.Fail(MakeRejection(RejectCode::kBadValue, path,
                             StrCat("expected one of ", ActionList(), "; got '",
                                    name.substr(0, 40), "'")));
      ev.type = *action;
      has_type = true;
      return true;
    }
    if (key == "response") return r.Response(v, path, ev);
    return r.Validate(v, path, 1);  // schema_version (already read) and unknown members
  });
  if (!walked) return *r.error;

  if (std::optional<EventRejection> bad = Check(ev, has_type, &ev.at_ms)) return *bad;
  return ev;
}

std::string EncodeEvent(const TrackingEvent& event) {
  JsonWriter w;
  w.BeginObject();
  w.MemberInt("schema_version", event.schema_version);
  w.Member("event_id", event.event_id);
  w.Member("petition_id", event.petition_id);
  w.Member("type", ActionName(event.type));
  w.Member("at", event.at);
  w.Member("actor", event.actor);
  w.MemberIfNotEmpty("agency", event.agency);
  w.MemberIfNotEmpty("assignee", event.assignee);
  w.MemberIfNotEmpty("note", event.note);
  w.MemberIfNotEmpty("visibility", event.visibility);
  w.MemberIfNotEmpty("of", event.of);
  w.MemberIfNotEmpty("topic", event.topic);
  WriteResponseMember(w, event);
  w.EndObject();
  return std::move(w).Take();
}

void WriteResponseMember(JsonWriter& w, const TrackingEvent& event) {
  if (!event.has_response) return;
  w.Key("response");
  w.BeginObject();
  w.MemberIfNotEmpty("text", event.response.text);
  w.MemberIfNotEmpty("doc_number", event.response.doc_number);
  w.MemberIfNotEmpty("answered_by", event.response.answered_by);
  w.EndObject();
}

}  // namespace pakn
