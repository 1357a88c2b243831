#include "serve/open311.h"

#include <gtest/gtest.h>

namespace pakn::serve {
namespace {

const std::map<std::string, std::string, std::less<>> kServices = {{"giao_thong", "Giao thông"}};

PortalKey Portal() {
  PortalKey p;
  p.portal = "dichvucong.hanoi.gov.vn";
  p.channel = "provincial_portal";
  return p;
}

TEST(Open311Test, FormAndJsonGiveTheSameFields) {
  auto form = ReadFields("application/x-www-form-urlencoded; charset=UTF-8",
                         "service_code=giao_thong&description=%C4%90%C3%A8n+h%E1%BB%8Fng&lat=21.03"
                         "&attribute%5Btitle%5D=T");
  auto json = ReadFields("application/json",
                         R"({"service_code":"giao_thong","description":"Đèn hỏng","lat":21.03,)"
                         R"("attribute":{"title":"T"},"email":null})");
  ASSERT_TRUE(form.ok()) << form.status().message();
  ASSERT_TRUE(json.ok()) << json.status().message();
  EXPECT_EQ(*form, *json);
  EXPECT_EQ(form->at("description"), "Đèn hỏng");
}

TEST(Open311Test, BadBodiesNameTheFieldAndWhatWasExpected) {
  struct Case {
    const char* type;
    std::string body;
    const char* starts;
  } cases[] = {
      {"application/json", "{\"description\": ", "body: invalid_json"},
      {"application/json", "[1]", "body: wrong_type"},
      {"application/json", R"({"lat": [1]})", "lat: wrong_type"},
      {"application/json", R"({"nope": "x"})", "nope: unknown field"},
      {"application/x-www-form-urlencoded", "description=%FF%FE", "description: invalid_utf8"},
      {"application/x-www-form-urlencoded", "description=%G1", "description: a malformed"},
      {"application/x-www-form-urlencoded", "phone=1&phone=2", "phone: given more than once"},
      {"text/plain", "x", "Content-Type:"},
      {"application/json; charset=latin1", "{}", "Content-Type: only charset=utf-8"},
  };
  for (const Case& c : cases) {
    auto f = ReadFields(c.type, c.body);
    ASSERT_FALSE(f.ok()) << c.body;
    EXPECT_EQ(f.status().message().rfind(c.starts, 0), 0u) << f.status().message();
  }
}

TEST(Open311Test, TheIdComesFromThePortalThenTheIdempotencyKeyThenChance) {
  Fields with_id = {{"id", "HN-2026-1"}};
  auto a = ChooseId(with_id, Portal(), "key-1");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->id, "HN-2026-1");
  EXPECT_EQ(a->id_from, IdFrom::kPortal);
  auto b1 = ChooseId({}, Portal(), "key-1");
  auto b2 = ChooseId({}, Portal(), "key-1");
  PortalKey other = Portal();
  other.portal = "other";
  auto b3 = ChooseId({}, other, "key-1");
  EXPECT_EQ(b1->id, b2->id);  // a retry maps to the same petition
  EXPECT_NE(b1->id, b3->id);  // another portal's key is another petition
  EXPECT_EQ(b1->id.rfind("IK-", 0), 0u);
  auto c1 = ChooseId({}, Portal(), "");
  auto c2 = ChooseId({}, Portal(), "");
  EXPECT_NE(c1->id, c2->id);
  EXPECT_EQ(c1->id_from, IdFrom::kGenerated);
}

TEST(Open311Test, BuildsThePetitionFromGeoReportFields) {
  Fields f = {{"service_code", "giao_thong"},
              {"description", "Đèn tín hiệu hỏng\nĐề nghị sửa"},
              {"first_name", "An"},
              {"last_name", "Nguyễn Văn"},
              {"lat", "21.03"},
              {"long", "105.85"},
              {"address_string", "Ngã tư Lê Lợi"},
              {"media_url", "https://x/y.jpg"},
              {"device_id", "d1"}};
  auto built = ChooseId({{"id", "HN-1"}}, Portal(), "");
  ASSERT_TRUE(BuildPetition(f, Portal(), kServices, "2026-12-07T10:00:00+07:00", *built).ok());
  EXPECT_EQ(built->payload,
            R"({"schema_version":1,"id":"HN-1","source":"dichvucong.hanoi.gov.vn",)"
            R"("channel":"provincial_portal","submitted_at":"2026-12-07T10:00:00+07:00",)"
            R"("title":"Đèn tín hiệu hỏng","content":"Đèn tín hiệu hỏng\nĐề nghị sửa",)"
            R"("topic_hint":"giao_thong","reporter":{"name":"Nguyễn Văn An"},)"
            R"("location":{"address":"Ngã tư Lê Lợi","lat":21.03,"lon":105.85},)"
            R"("attachments":[{"url":"https://x/y.jpg"}],"open311":{"device_id":"d1"}})");
}

TEST(Open311Test, UnknownServiceAndBadNumbersAre400sNamingTheField) {
  auto built = ChooseId({}, Portal(), "k");
  Status s = BuildPetition({{"service_code", "nope"}, {"description", "x"}}, Portal(), kServices,
                           "2026-12-07T10:00:00+07:00", *built);
  EXPECT_EQ(s.message().rfind("service_code: bad_value: unknown service 'nope'", 0), 0u);
  s = BuildPetition({{"description", "x"}}, Portal(), kServices, "2026-12-07T10:00:00+07:00",
                    *built);
  EXPECT_EQ(s.message().rfind("service_code: missing_field", 0), 0u);
  s = BuildPetition({{"service_code", "giao_thong"}, {"description", "x"}, {"long", "nan"}},
                    Portal(), kServices, "2026-12-07T10:00:00+07:00", *built);
  EXPECT_EQ(s.message().rfind("long: wrong_type: expected a number", 0), 0u);
}

TEST(Open311Test, ALongFirstLineBecomesATitleCutAtAWord) {
  std::string description;
  for (int i = 0; i < 40; ++i) description += "đường ";
  auto built = ChooseId({}, Portal(), "k");
  ASSERT_TRUE(BuildPetition({{"service_code", "giao_thong"}, {"description", description}},
                            Portal(), kServices, "2026-12-07T10:00:00+07:00", *built)
                  .ok());
  const size_t at = built->payload.find("\"title\":\"") + 9;
  const std::string title = built->payload.substr(at, built->payload.find('"', at) - at);
  EXPECT_LE(title.size(), 124u);
  EXPECT_EQ(title.substr(title.size() - 3), "…");
  EXPECT_EQ(title.substr(title.size() - 12), "đường…");  // 9 bytes, then 3
}

TEST(Open311Test, PublicStatusShowsNoPersonalDataAndMapsOpenAndClosed) {
  classify::Taxonomy taxonomy;
  taxonomy.agencies.push_back({"SO-GTVT", "Sở Giao thông vận tải", "", "", {}});
  taxonomy.topics.push_back({"giao_thong", "Giao thông", "Transport", "SO-GTVT"});
  service::PublicStatus s;
  s.id = "HN-1";
  s.state = "answered";
  s.open = false;
  s.agency = "SO-GTVT";
  s.topic = "giao_thong";
  s.submitted_ms = 1'796'000'000'000;
  s.updated_ms = 1'796'100'000'000;
  s.due_ms = 1'797'000'000'000;
  s.notes.push_back({1'796'100'000'000, "answer", "Đã sửa xong", "12/SGTVT"});
  const std::string json = PublicStatusJson({s}, taxonomy);
  EXPECT_NE(json.find(R"("status":"closed","pakn_status":"answered")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("agency_responsible":"Sở Giao thông vận tải")"), std::string::npos);
  EXPECT_NE(json.find("Trả lời (12/SGTVT): Đã sửa xong"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("expected_datetime":"2026-12-1)"), std::string::npos) << json;
}

}  // namespace
}  // namespace pakn::serve
