#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "model/event.h"

namespace pakn {
namespace {

// An event as its members (key, raw JSON value) so that a case can drop or replace one.
using Members = std::vector<std::pair<std::string, std::string>>;

// The members `type` needs to be a good event, in the order a producer might send them.
Members Good(std::string_view type) {
  Members m = {{"schema_version", "1"},
               {"event_id", R"("E-2026-000123")"},
               {"petition_id", R"("H29.15-261126-0001")"},
               {"type", StrCat("\"", type, "\"")},
               {"at", R"("2026-11-26T09:00:00+07:00")"},
               {"actor", R"("cb.nguyen")"}};
  const std::optional<Action> action = ParseAction(type);
  const std::optional<std::string_view> field = action ? RequiredField(*action) : std::nullopt;
  if (field == "$.agency") m.emplace_back("agency", R"("SO-XD")");
  if (field == "$.note") m.emplace_back("note", R"("Không thuộc thẩm quyền")");
  if (field == "$.of") m.emplace_back("of", R"("H29.15-251126-0042")");
  if (field == "$.response.text")
    m.emplace_back("response",
                   R"({"text":"Đã sửa xong mặt đường.","doc_number":"123/SXD-QLĐT"})");
  return m;
}

// Replaces the member `key` (or appends it); an empty `raw` removes it.
Members With(Members m, std::string_view key, std::string_view raw) {
  auto it = std::find_if(m.begin(), m.end(), [&](const auto& kv) { return kv.first == key; });
  if (raw.empty()) {
    if (it != m.end()) m.erase(it);
  } else if (it != m.end()) {
    it->second = raw;
  } else {
    m.emplace_back(key, raw);
  }
  return m;
}

std::string Json(const Members& m) {
  std::string out = "{";
  for (const auto& [key, raw] : m)
    StrAppend(&out, out.size() > 1 ? "," : "", "\"", key, "\":", raw);
  return out + "}";
}

TrackingEvent MustParse(std::string_view json) {
  EventParseResult r = ParseEvent(json);
  if (auto* rej = std::get_if<EventRejection>(&r)) {
    ADD_FAILURE() << rej->reason << "\n" << json;
    return {};
  }
  return std::get<TrackingEvent>(r);
}

EventRejection MustReject(std::string_view json, size_t limit = kMaxEventBytes) {
  EventParseResult r = ParseEvent(json, limit);
  if (auto* rej = std::get_if<EventRejection>(&r)) return *rej;
  ADD_FAILURE() << "accepted: " << json;
  return {};
}

class GoodEventTest : public testing::TestWithParam<Action> {};

TEST_P(GoodEventTest, ParsesWithItsRequiredMembers) {
  const Action action = GetParam();
  const TrackingEvent e = MustParse(Json(Good(ActionName(action))));
  EXPECT_EQ(e.type, action);
  EXPECT_EQ(e.schema_version, 1);
  EXPECT_EQ(e.event_id, "E-2026-000123");
  EXPECT_EQ(e.petition_id, "H29.15-261126-0001");
  EXPECT_EQ(e.at, "2026-11-26T09:00:00+07:00");
  EXPECT_EQ(e.at_ms, 1795658400000);
  EXPECT_EQ(e.actor, "cb.nguyen");
  EXPECT_EQ(e.visibility, "internal");  // the default
  const std::optional<std::string_view> field = RequiredField(action);
  if (field == "$.agency") {
    EXPECT_EQ(e.agency, "SO-XD");
  } else if (field == "$.note") {
    EXPECT_EQ(e.note, "Không thuộc thẩm quyền");
  } else if (field == "$.of") {
    EXPECT_EQ(e.of, "H29.15-251126-0042");
  }
  EXPECT_EQ(e.has_response, field == "$.response.text");
  if (e.has_response) {
    EXPECT_EQ(e.response.text, "Đã sửa xong mặt đường.");
    EXPECT_EQ(e.response.doc_number, "123/SXD-QLĐT");
  }
  // And it survives encoding.
  EXPECT_EQ(MustParse(EncodeEvent(e)), e) << EncodeEvent(e);
  EXPECT_EQ(ValidateEvent(e), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(EveryType, GoodEventTest, testing::ValuesIn(kAllActions),
                         [](const testing::TestParamInfo<Action>& info) {
                           return std::string(ActionName(info.param));
                         });

struct BadCase {
  std::string_view type;  // the good event to start from
  std::string_view key;   // the member to change
  std::string_view raw;   // its new raw JSON value; empty removes it
  RejectCode code;
  std::string_view field;
  std::string_view reason;
};

constexpr std::string_view kIdRule = "1 to 128 printable ASCII characters without spaces";
const std::string kLongId(129, 'x');

const BadCase kBadCases[] = {
    {"note", "schema_version", "", RejectCode::kMissingField, "$.schema_version",
     "missing_field: $.schema_version: required, expected the integer 1"},
    {"note", "schema_version", "null", RejectCode::kMissingField, "$.schema_version",
     "missing_field: $.schema_version: required, got null"},
    {"note", "schema_version", "2", RejectCode::kUnknownSchemaVersion, "$.schema_version",
     "unknown_schema_version: $.schema_version: this pakn reads version 1, got 2"},
    {"note", "schema_version", R"("1")", RejectCode::kWrongType, "$.schema_version",
     "wrong_type: $.schema_version: expected an integer, got string"},
    {"note", "schema_version", "1.5", RejectCode::kBadValue, "$.schema_version",
     "bad_value: $.schema_version: expected an integer, got a fraction or overflow"},
    {"note", "event_id", "", RejectCode::kMissingField, "$.event_id",
     "missing_field: $.event_id: required, expected 1 to 128 printable ASCII characters "
     "without spaces"},
    {"note", "event_id", R"("E 1")", RejectCode::kBadValue, "$.event_id",
     "bad_value: $.event_id: expected 1 to 128 printable ASCII characters without spaces"},
    {"note", "event_id", R"("Ê-1")", RejectCode::kBadValue, "$.event_id",
     "bad_value: $.event_id: expected 1 to 128 printable ASCII characters without spaces"},
    {"note", "event_id", "42", RejectCode::kWrongType, "$.event_id",
     "wrong_type: $.event_id: expected a string, got number"},
    {"note", "petition_id", "", RejectCode::kMissingField, "$.petition_id",
     "missing_field: $.petition_id: required, expected 1 to 128 printable ASCII characters "
     "without spaces"},
    {"note", "petition_id", R"("")", RejectCode::kMissingField, "$.petition_id",
     "missing_field: $.petition_id: required, expected 1 to 128 printable ASCII characters "
     "without spaces"},
    {"note", "type", "", RejectCode::kMissingField, "$.type",
     "missing_field: $.type: required, expected an action name"},
    {"note", "type", "null", RejectCode::kMissingField, "$.type",
     "missing_field: $.type: required, expected an action name"},
    {"note", "type", R"("answer")", RejectCode::kBadValue, "$.type",
     "bad_value: $.type: expected one of accept, reject, assign, start, respond, publish, "
     "close, reopen, transfer, duplicate, withdraw, redirect, note; got 'answer'"},
    {"note", "type", R"("Assign")", RejectCode::kBadValue, "$.type",
     "bad_value: $.type: expected one of accept, reject, assign, start, respond, publish, "
     "close, reopen, transfer, duplicate, withdraw, redirect, note; got 'Assign'"},
    {"note", "type", "true", RejectCode::kWrongType, "$.type",
     "wrong_type: $.type: expected a string, got boolean"},
    {"note", "at", "", RejectCode::kMissingField, "$.at",
     "missing_field: $.at: required, expected an RFC 3339 date-time with offset"},
    {"note", "at", R"("2026-11-26T09:00:00.000")", RejectCode::kBadValue, "$.at",
     "bad_value: $.at: expected an RFC 3339 date-time with offset, like "
     "2026-11-25T08:15:30+07:00 (missing offset (Z or +hh:mm)), got '2026-11-26T09:00:00.000'"},
    {"note", "at", R"("2026-02-30T09:00:00+07:00")", RejectCode::kBadValue, "$.at",
     "bad_value: $.at: expected an RFC 3339 date-time with offset, like "
     "2026-11-25T08:15:30+07:00 (no such date), got '2026-02-30T09:00:00+07:00'"},
    {"note", "at", "1795658400000", RejectCode::kWrongType, "$.at",
     "wrong_type: $.at: expected a string, got number"},
    {"note", "actor", "", RejectCode::kMissingField, "$.actor",
     "missing_field: $.actor: required, expected a non-empty string"},
    {"note", "actor", R"("  ")", RejectCode::kMissingField, "$.actor",
     "missing_field: $.actor: required, expected a non-empty string"},
    {"note", "actor", R"(["cb.nguyen"])", RejectCode::kWrongType, "$.actor",
     "wrong_type: $.actor: expected a string, got array"},
    {"note", "visibility", R"("secret")", RejectCode::kBadValue, "$.visibility",
     "bad_value: $.visibility: expected internal or public, got 'secret'"},
    {"note", "visibility", R"("")", RejectCode::kBadValue, "$.visibility",
     "bad_value: $.visibility: expected internal or public, got ''"},
    {"assign", "agency", "", RejectCode::kMissingField, "$.agency",
     "missing_field: $.agency: required for assign"},
    {"transfer", "agency", R"("")", RejectCode::kMissingField, "$.agency",
     "missing_field: $.agency: required for transfer"},
    {"transfer", "agency", "null", RejectCode::kMissingField, "$.agency",
     "missing_field: $.agency: required for transfer"},
    {"assign", "agency", R"("SỞ XD")", RejectCode::kBadValue, "$.agency",
     "bad_value: $.agency: expected an agency code: 1 to 128 printable ASCII characters "
     "without spaces"},
    {"assign", "agency", "7", RejectCode::kWrongType, "$.agency",
     "wrong_type: $.agency: expected a string, got number"},
    {"reject", "note", "", RejectCode::kMissingField, "$.note",
     "missing_field: $.note: required for reject"},
    {"reopen", "note", "", RejectCode::kMissingField, "$.note",
     "missing_field: $.note: required for reopen"},
    {"withdraw", "note", R"("")", RejectCode::kMissingField, "$.note",
     "missing_field: $.note: required for withdraw"},
    {"redirect", "note", R"(" \n ")", RejectCode::kMissingField, "$.note",
     "missing_field: $.note: required for redirect"},
    {"note", "note", R"({"text":"x"})", RejectCode::kWrongType, "$.note",
     "wrong_type: $.note: expected a string, got object"},
    {"duplicate", "of", "", RejectCode::kMissingField, "$.of",
     "missing_field: $.of: required for duplicate"},
    {"duplicate", "of", R"("H29.15-261126-0001")", RejectCode::kBadValue, "$.of",
     "bad_value: $.of: a petition cannot duplicate itself"},
    {"duplicate", "of", R"("H29 15")", RejectCode::kBadValue, "$.of",
     "bad_value: $.of: expected a petition id: 1 to 128 printable ASCII characters without "
     "spaces"},
    {"respond", "response", "", RejectCode::kMissingField, "$.response.text",
     "missing_field: $.response.text: required for respond"},
    {"respond", "response", "null", RejectCode::kMissingField, "$.response.text",
     "missing_field: $.response.text: required for respond"},
    {"respond", "response", R"({"doc_number":"1/UBND"})", RejectCode::kMissingField,
     "$.response.text", "missing_field: $.response.text: required for respond"},
    {"respond", "response", R"("Đã sửa")", RejectCode::kWrongType, "$.response",
     "wrong_type: $.response: expected an object, got string"},
    {"respond", "response", R"({"text":5})", RejectCode::kWrongType, "$.response.text",
     "wrong_type: $.response.text: expected a string, got number"},
    {"transfer", "topic", R"("Giao_thong")", RejectCode::kBadValue, "$.topic",
     "bad_value: $.topic: expected a topic code: 1 to 64 lower-case letters, digits, '-', '_' "
     "or '.' (e.g. giao_thong), got 'Giao_thong'"},
    {"transfer", "topic", R"("giao thông")", RejectCode::kBadValue, "$.topic",
     "bad_value: $.topic: expected a topic code: 1 to 64 lower-case letters, digits, '-', '_' "
     "or '.' (e.g. giao_thong), got 'giao thông'"},
    {"transfer", "topic", R"(" ")", RejectCode::kBadValue, "$.topic",
     "bad_value: $.topic: expected a topic code: 1 to 64 lower-case letters, digits, '-', '_' "
     "or '.' (e.g. giao_thong), got ' '"},
    {"transfer", "topic", "7", RejectCode::kWrongType, "$.topic",
     "wrong_type: $.topic: expected a string, got number"},
    {"transfer", "topic", R"(["giao_thong"])", RejectCode::kWrongType, "$.topic",
     "wrong_type: $.topic: expected a string, got array"},
};

TEST(EventParserTest, EachMissingOrWrongMemberHasItsExactReason) {
  for (const BadCase& c : kBadCases) {
    const std::string json = Json(With(Good(c.type), c.key, c.raw));
    const EventRejection r = MustReject(json);
    EXPECT_EQ(r.code, c.code) << json;
    EXPECT_EQ(r.field, c.field) << json;
    EXPECT_EQ(r.reason, c.reason) << json;
  }
}

TEST(EventParserTest, RejectsTooLongIds) {
  const EventRejection r = MustReject(Json(With(Good("note"), "event_id", "\"" + kLongId + "\"")));
  EXPECT_EQ(r.reason, StrCat("bad_value: $.event_id: expected ", kIdRule));
  MustParse(Json(With(Good("note"), "event_id", "\"" + kLongId.substr(1) + "\"")));
}

TEST(EventParserTest, ReadsEveryMemberInAnyOrder) {
  const TrackingEvent e = MustParse(R"({
    "response": {"answered_by": "Phó Giám đốc Sở", "text": "Đã sửa.\n\"Xong\"",
                 "doc_number": "123/SXD-QLĐT"},
    "visibility": "public", "note": "Trả lời công khai", "actor": "cb.nguyen",
    "at": "2026-11-26T02:00:00Z", "type": "respond", "petition_id": "H29.15-261126-0001",
    "event_id": "E-2026-000123", "schema_version": 1})");
  EXPECT_EQ(e.type, Action::kRespond);
  EXPECT_EQ(e.at_ms, 1795658400000);
  EXPECT_EQ(e.visibility, "public");
  EXPECT_EQ(e.note, "Trả lời công khai");
  EXPECT_TRUE(e.has_response);
  EXPECT_EQ(e.response.text, "Đã sửa.\n\"Xong\"");
  EXPECT_EQ(e.response.answered_by, "Phó Giám đốc Sở");
  EXPECT_EQ(MustParse(EncodeEvent(e)), e);
}

TEST(EventParserTest, NullOptionalMembersCountAsAbsent) {
  Members m = Good("note");
  for (const char* key : {"agency", "note", "visibility", "of", "response", "topic"})
    m = With(std::move(m), key, "null");
  const TrackingEvent e = MustParse(Json(m));
  EXPECT_EQ(e.visibility, "internal");
  EXPECT_FALSE(e.has_response);
  EXPECT_TRUE(e.agency.empty() && e.note.empty() && e.of.empty() && e.topic.empty());
}

// transfer --topic: the operator's correction of what the petition is about travels with the
// event; events without one (every event written before) read as before.
TEST(EventParserTest, TransferCarriesACorrectedTopic) {
  const TrackingEvent e =
      MustParse(Json(With(Good("transfer"), "topic", R"("an_ninh_trat_tu")")));
  EXPECT_EQ(e.type, Action::kTransfer);
  EXPECT_EQ(e.agency, "SO-XD");
  EXPECT_EQ(e.topic, "an_ninh_trat_tu");
  const std::string encoded = EncodeEvent(e);
  EXPECT_TRUE(StrContains(encoded, R"("topic":"an_ninh_trat_tu")")) << encoded;
  EXPECT_EQ(MustParse(encoded), e);
  EXPECT_EQ(ValidateEvent(e), std::nullopt);

  // Backward compatible: an event without a topic has none, and none is written.
  const TrackingEvent old = MustParse(Json(Good("transfer")));
  EXPECT_TRUE(old.topic.empty());
  EXPECT_FALSE(StrContains(EncodeEvent(old), "topic")) << EncodeEvent(old);
  EXPECT_TRUE(MustParse(Json(With(Good("transfer"), "topic", R"("")"))).topic.empty());

  // The shape of a taxonomy code, the longest one included.
  for (std::string_view good : {"giao_thong", "y-te", "dat.dai", "t1", "9"})
    EXPECT_TRUE(IsTopicCode(good)) << good;
  EXPECT_TRUE(IsTopicCode(std::string(64, 'a')));
  for (std::string_view bad : {"", "Giao_thong", "giao thong", "giao/thong", "đất_đai", "a\n"})
    EXPECT_FALSE(IsTopicCode(bad)) << bad;
  EXPECT_FALSE(IsTopicCode(std::string(65, 'a')));
  EXPECT_EQ(MustReject(Json(With(Good("transfer"), "topic",
                                 "\"" + std::string(65, 'a') + "\""))).field,
            "$.topic");

  // Built by the CLI: named like the other members, and never a byte that is not UTF-8.
  TrackingEvent built = e;
  built.topic = "GIAO_THONG";
  ASSERT_TRUE(ValidateEvent(built).has_value());
  EXPECT_EQ(ValidateEvent(built)->field, "$.topic");
  EXPECT_EQ(ValidateEvent(built)->code, RejectCode::kBadValue);
  built.topic = "giao\xFF";
  ASSERT_TRUE(ValidateEvent(built).has_value());
  EXPECT_EQ(ValidateEvent(built)->code, RejectCode::kInvalidUtf8);
  EXPECT_EQ(ValidateEvent(built)->field, "$.topic");

  // Like other members that belong to another action, a topic on a note is kept (the store
  // applies it on transfers only).
  EXPECT_EQ(MustParse(Json(With(Good("note"), "topic", R"("giao_thong")"))).topic, "giao_thong");
}

TEST(EventParserTest, UnknownMembersAreAllowedButKeptOut) {
  Members m = Good("respond");
  m = With(std::move(m), "portal_extra", R"({"nested":[1,2,{"x":null}],"ok":true})");
  m = With(std::move(m), "response", R"({"text":"Đã sửa.","signature":{"alg":"none"}})");
  const TrackingEvent e = MustParse(Json(m));
  const TrackingEvent plain =
      MustParse(Json(With(Good("respond"), "response", R"({"text":"Đã sửa."})")));
  EXPECT_EQ(e, plain);
  const std::string encoded = EncodeEvent(e);
  EXPECT_FALSE(StrContains(encoded, "portal_extra")) << encoded;
  EXPECT_FALSE(StrContains(encoded, "signature")) << encoded;
}

TEST(EventParserTest, MembersOfOtherActionsAreKept) {
  const TrackingEvent e = MustParse(Json(With(Good("start"), "agency", R"("SO-XD")")));
  EXPECT_EQ(e.agency, "SO-XD");
}

TEST(EventParserTest, RejectsMalformedJsonAnywhere) {
  const std::string good = Json(Good("note"));
  EXPECT_EQ(MustReject("not json").code, RejectCode::kInvalidJson);
  EXPECT_EQ(MustReject(good.substr(0, good.size() - 1)).code, RejectCode::kInvalidJson);
  EXPECT_EQ(MustReject(Json(With(Good("note"), "extra", "[1,{\"x\":nul}]"))).code,
            RejectCode::kInvalidJson);
  const EventRejection trailing = MustReject(good + " }");
  EXPECT_EQ(trailing.reason,
            StrCat("invalid_json: $: malformed JSON at byte ", good.size() + 1,
                   ": expected the end of the JSON text after the value, found '}'"));
  MustParse(good + " \n");
}

TEST(EventParserTest, RejectsAWellFormedValueThatIsNotAnObject) {
  EXPECT_EQ(MustReject("[1]").reason, "wrong_type: $: expected an object, got array");
  EXPECT_EQ(MustReject("\"assign\"").reason, "wrong_type: $: expected an object, got string");
  EXPECT_EQ(MustReject("null").reason, "wrong_type: $: expected an object, got null");
}

TEST(EventParserTest, RejectsInvalidUtf8WithByteOffset) {
  const std::string json =
      Json(With(Good("reject"), "note", "\"Kh\xC3\x28ng thu\xE1\xBB\x99\""));
  const EventRejection r = MustReject(json);
  EXPECT_EQ(r.code, RejectCode::kInvalidUtf8);
  EXPECT_EQ(r.field, "$");
  EXPECT_EQ(r.reason, StrCat("invalid_utf8: $: expected UTF-8 text, invalid byte sequence at "
                             "byte ", json.find('\xC3')));
}

TEST(EventParserTest, RejectsDuplicateMembers) {
  // {"type":"note", ... "type":"reject", ...} was applied as reject.
  const std::string json = "{\"type\":\"note\"," + Json(Good("reject")).substr(1);
  const EventRejection r = MustReject(json);
  EXPECT_EQ(r.code, RejectCode::kBadValue);
  EXPECT_EQ(r.field, "$.type");
  EXPECT_NE(r.reason.find("duplicate member"), std::string::npos) << r.reason;
}

TEST(EventParserTest, RejectsOversizedMessagesBeforeParsing) {
  const std::string small = Json(Good("note"));
  EXPECT_EQ(MustReject(small, small.size() - 1).reason,
            StrCat("oversized: $: message is ", small.size(), " bytes, the limit is ",
                   small.size() - 1));
  EXPECT_TRUE(std::holds_alternative<TrackingEvent>(ParseEvent(small, small.size())));
  // The default limit is 64 KiB, whatever the content (even malformed).
  EXPECT_EQ(MustReject(std::string(kMaxEventBytes + 1, '{')).code, RejectCode::kOversized);
  const std::string big_note = "\"" + std::string(60 * 1024, 'a') + "\"";
  EXPECT_EQ(MustParse(Json(With(Good("note"), "note", big_note))).note.size(), 60u * 1024);
}

TEST(EventParserTest, EncodedEventsRoundTrip) {
  TrackingEvent e;
  e.event_id = "E-2026-000124";
  e.petition_id = "H29.15-261126-0001";
  e.type = Action::kRespond;
  e.at = "2026-11-26T09:00:00.250+07:00";
  e.at_ms = 1795658400250;
  e.actor = "cb.tran";
  e.note = "Ghi chú có \"ngoặc\", \\ và\ttab\x01";
  e.visibility = "public";
  e.has_response = true;
  e.response = {"Đã khắc phục.", "123/SXD-QLĐT", "Sở Xây dựng"};
  ASSERT_EQ(ValidateEvent(e), std::nullopt);
  const std::string json = EncodeEvent(e);
  EXPECT_EQ(MustParse(json), e) << json;
  EXPECT_TRUE(json.starts_with(R"({"schema_version":1,"event_id":"E-2026-000124",)"
                              R"("petition_id":"H29.15-261126-0001","type":"respond",)"))
      << json;
}

// An event as a producer such as the CLI builds it: the common members set, nothing else.
TrackingEvent BuiltEvent(Action type) {
  TrackingEvent e;
  e.event_id = "E-1";
  e.petition_id = "P-1";
  e.type = type;
  e.at = "2026-11-26T09:00:00+07:00";
  e.actor = "cb.nguyen";
  return e;
}

TEST(EventParserTest, ValidateEventChecksBuiltEvents) {
  TrackingEvent e = BuiltEvent(Action::kTransfer);
  std::optional<EventRejection> r = ValidateEvent(e);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->reason, "missing_field: $.agency: required for transfer");
  e.agency = "SO-TNMT";
  EXPECT_EQ(ValidateEvent(e), std::nullopt);
  // A response that EncodeEvent would drop does not satisfy respond.
  e.type = Action::kRespond;
  e.response.text = "Đã chuyển Sở Tài nguyên và Môi trường.";
  ASSERT_TRUE(ValidateEvent(e).has_value());
  EXPECT_EQ(ValidateEvent(e)->reason, "missing_field: $.response.text: required for respond");
  e.has_response = true;
  EXPECT_EQ(ValidateEvent(e), std::nullopt);
  e.schema_version = 2;
  ASSERT_TRUE(ValidateEvent(e).has_value());
  EXPECT_EQ(ValidateEvent(e)->code, RejectCode::kUnknownSchemaVersion);
}

// Text that did not come through a JSON parser (the CLI's options and --file) is checked for
// UTF-8, member by member: stored, a stray byte would make the history unreadable.
TEST(EventParserTest, ValidateEventRefusesTextThatIsNotUtf8) {
  TrackingEvent e = BuiltEvent(Action::kRespond);
  e.has_response = true;
  e.response.text = "Đã trả lời";
  ASSERT_EQ(ValidateEvent(e), std::nullopt);
  e.response.text = "Đã trả l\xFFi";
  std::optional<EventRejection> r = ValidateEvent(e);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, RejectCode::kInvalidUtf8);
  EXPECT_EQ(r->reason, "invalid_utf8: $.response.text: expected UTF-8 text, invalid byte "
                       "sequence at byte 12");
  e.response.text = "ok";
  e.response.doc_number = "12/UBND\xC3";
  ASSERT_TRUE(ValidateEvent(e).has_value());
  EXPECT_EQ(ValidateEvent(e)->field, "$.response.doc_number");
  e.response.doc_number.clear();
  e.actor = "c\xE1\xBB" "b";  // a truncated three-byte sequence
  ASSERT_TRUE(ValidateEvent(e).has_value());
  EXPECT_EQ(ValidateEvent(e)->field, "$.actor");
  e.actor = "cb.nguyen";
  e.type = Action::kNote;
  e.note = "ghi ch\xC3";
  ASSERT_TRUE(ValidateEvent(e).has_value());
  EXPECT_EQ(ValidateEvent(e)->field, "$.note");
}

// A required reason made only of control or invisible characters is missing, as petitions'
// invisible-only titles are.
TEST(EventParserTest, InvisibleReasonsCountAsMissing) {
  TrackingEvent e = BuiltEvent(Action::kReject);
  for (std::string note : {std::string(1, '\0'), std::string("\u200B \u00AD\t"),
                           std::string("\uFEFF\x01")}) {
    e.note = note;
    ASSERT_TRUE(ValidateEvent(e).has_value()) << note;
    EXPECT_EQ(ValidateEvent(e)->reason, "missing_field: $.note: required for reject");
  }
  e.note = "\u200BKhông thuộc thẩm quyền";
  EXPECT_EQ(ValidateEvent(e), std::nullopt);
  e.actor = std::string(1, '\0');
  ASSERT_TRUE(ValidateEvent(e).has_value());
  EXPECT_EQ(ValidateEvent(e)->field, "$.actor");
}

// Times outside the plausible years are refused for parsed and built events alike (a built
// one is what `pakn accept --local --now ...` applies).
TEST(EventParserTest, TimesOutsideThePlausibleYearsAreRefused) {
  TrackingEvent e = BuiltEvent(Action::kAccept);
  e.at = "2031-01-01T00:00:00+07:00";  // ahead is allowed: --now may date an act
  EXPECT_EQ(ValidateEvent(e), std::nullopt);
  for (std::string at : {"9999-12-31T23:59:59Z", "1999-12-31T23:59:59+07:00"}) {
    e.at = at;
    ASSERT_TRUE(ValidateEvent(e).has_value()) << at;
    EXPECT_EQ(ValidateEvent(e)->field, "$.at");
    EXPECT_EQ(MustReject(EncodeEvent(e)).field, "$.at");
  }
  EXPECT_EQ(ValidateEvent(e)->reason,
            "bad_value: $.at: '1999-12-31T23:59:59+07:00' is before 2000-01-01");
}

TEST(EventParserTest, RequiredFieldPerAction) {
  const std::pair<Action, std::optional<std::string_view>> kCases[] = {
      {Action::kAccept, std::nullopt},    {Action::kReject, "$.note"},
      {Action::kAssign, "$.agency"},      {Action::kStart, std::nullopt},
      {Action::kRespond, "$.response.text"}, {Action::kPublish, std::nullopt},
      {Action::kClose, std::nullopt},     {Action::kReopen, "$.note"},
      {Action::kTransfer, "$.agency"},    {Action::kDuplicate, "$.of"},
      {Action::kWithdraw, "$.note"},      {Action::kRedirect, "$.note"},
      {Action::kNote, std::nullopt},
  };
  ASSERT_EQ(std::size(kCases), kAllActions.size());
  for (const auto& [action, field] : kCases) EXPECT_EQ(RequiredField(action), field);
}

}  // namespace
}  // namespace pakn
