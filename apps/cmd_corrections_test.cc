// Tests of `pakn rules export-corrections` (apps/cmd_corrections.h): the label of a corrected
// record, the training row built from the payload as received, and the command over a real
// store in which operators transferred petitions with and without a corrected topic.
#include "apps/cmd_corrections.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "base/time.h"
#include "model/petition_parser.h"
#include "simdjson.h"
#include "store/applier.h"
#include "store/store.h"

namespace pakn::apps {
namespace {

// A petition as a portal might send it: pretty-printed, line breaks between members.
constexpr std::string_view kPretty = R"({
  "schema_version": 1,
  "id": "PAKN-2026-000123",
  "channel": "national_portal",
  "submitted_at": "2026-11-25T08:15:30+07:00",
  "title": "Đèn tín hiệu giao thông bị hỏng",
  "content": "Dòng một\nDòng hai: \"ngoặc\" và \\ gạch"
}
)";

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) ? std::string("<absent>") : std::string(v);
}

TEST(CorrectionsTest, LabelOfACorrectedRecord) {
  store::StoredPetition p;
  p.agency = "CONG-AN";
  p.route.topic = "xay_dung";
  EXPECT_EQ(CorrectionLabelOf(p), std::nullopt);  // transferred or not, no topic: no label
  p.corrected_topic = "an_ninh_trat_tu";
  std::optional<CorrectionLabel> l = CorrectionLabelOf(p);
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->topic, "an_ninh_trat_tu");
  EXPECT_EQ(l->agency, "CONG-AN");
  EXPECT_EQ(l->province, "");
  EXPECT_EQ(l->place, "none");
  p.place = store::PlaceCodes{"79", "Thành phố Hồ Chí Minh", "", "", "", "exact", false};
  EXPECT_EQ(CorrectionLabelOf(p)->province, "79");
  EXPECT_EQ(CorrectionLabelOf(p)->place, "location");
  p.place->method = "text";
  EXPECT_EQ(CorrectionLabelOf(p)->place, "text");
  p.place->province_code.clear();
  EXPECT_EQ(CorrectionLabelOf(p)->place, "none");
}

TEST(CorrectionsTest, RowIsThePayloadWithTheLabelFirstOnOneLine) {
  const CorrectionLabel label{"giao_thong", "SO-XD", "01", "location"};
  auto line = LabelledLine(kPretty, label);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->find('\n'), std::string::npos) << *line;
  EXPECT_EQ(line->find('\r'), std::string::npos) << *line;
  EXPECT_TRUE(line->starts_with(
      R"({"label":{"topic":"giao_thong","agency":"SO-XD","province":"01","place":"location"},)"))
      << *line;
  EXPECT_TRUE(line->ends_with("}")) << *line;
  // Still the petition it was, for the parser `pakn rules train/eval` reads rows with.
  PetitionParser parser;
  ParseResult parsed = parser.Parse(*line);
  ASSERT_TRUE(std::holds_alternative<Petition>(parsed))
      << std::get<Rejection>(parsed).reason << "\n" << *line;
  EXPECT_EQ(std::get<Petition>(parsed).id, "PAKN-2026-000123");
  EXPECT_EQ(std::get<Petition>(parsed).content, "Dòng một\nDòng hai: \"ngoặc\" và \\ gạch");
  simdjson::dom::parser json;
  simdjson::dom::element doc;
  ASSERT_FALSE(json.parse(*line).get(doc));
  EXPECT_EQ(Str(doc["label"], "topic"), "giao_thong");
  EXPECT_EQ(Str(doc["label"], "agency"), "SO-XD");
  EXPECT_EQ(Str(doc["label"], "province"), "01");
  EXPECT_EQ(Str(doc["label"], "place"), "location");
  // A compact payload keeps its bytes after the label.
  const std::string compact = R"({"schema_version":1,"id":"X"})";
  EXPECT_EQ(*LabelledLine(compact, {"t", "A", "", "none"}),
            R"({"label":{"topic":"t","agency":"A","province":"","place":"none"},)"
            R"("schema_version":1,"id":"X"})");
}

TEST(CorrectionsTest, RowRefusesAPayloadWithItsOwnLabelOrNoObject) {
  const CorrectionLabel label{"giao_thong", "SO-XD", "", "none"};
  auto own = LabelledLine(R"({"id":"X","label":"mine"})", label);
  ASSERT_FALSE(own.ok());
  EXPECT_NE(own.status().message().find("\"label\" member of its own"), std::string::npos);
  EXPECT_FALSE(LabelledLine("[1,2]", label).ok());
  EXPECT_FALSE(LabelledLine("", label).ok());
  EXPECT_FALSE(LabelledLine("{\"id\":", label).ok());
  // A nested "label" is the petition's business.
  EXPECT_TRUE(LabelledLine(R"({"id":"X","extra":{"label":1}})", label).ok());
}

// The command over a store: only the petition whose topic an operator corrected is a row.
class ExportCorrectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pakn_corrections_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  store::IncomingPetition Petition(const std::string& id, int64_t offset,
                                   std::string_view submitted) {
    store::IncomingPetition in;
    in.position = {"pakn.petitions", 0, offset};
    in.received_ms = *ParseRfc3339(submitted);
    payloads_.push_back(std::make_unique<std::string>(
        "{\n \"schema_version\": 1,\n \"id\": \"" + id +
        "\",\n \"channel\": \"hotline\",\n \"submitted_at\": \"" + std::string(submitted) +
        "\",\n \"title\": \"Ổ gà\",\n \"content\": \"Đường có ổ gà\"\n}\n"));
    in.payload = *payloads_.back();
    in.petition.id = id;
    in.petition.channel = "hotline";
    in.petition.submitted_at = std::string(submitted);
    in.petition.submitted_at_ms = *ParseRfc3339(submitted);
    in.petition.title = "Ổ gà";
    in.petition.content = "Đường có ổ gà";
    in.route = {"r1", "SO-XD", "xay_dung", "normal", 20, "o ga", "v1"};
    in.due_ms = in.petition.submitted_at_ms + 20 * kMillisPerDay;
    return in;
  }

  static store::IncomingEvent Event(std::string event_id, std::string petition_id, Action type,
                                    std::string agency = "", std::string topic = "") {
    store::IncomingEvent in;
    TrackingEvent& e = in.event;
    e.event_id = std::move(event_id);
    e.petition_id = std::move(petition_id);
    e.type = type;
    e.at = "2026-11-26T09:00:00+07:00";
    e.at_ms = *ParseRfc3339(e.at);
    e.actor = "cb.nguyen";
    e.agency = std::move(agency);
    e.note = type == Action::kTransfer ? "không thuộc thẩm quyền" : "";
    e.topic = std::move(topic);
    in.received_ms = e.at_ms;
    return in;
  }

  std::vector<std::string> Lines(const std::filesystem::path& path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  std::filesystem::path dir_;
  std::vector<std::unique_ptr<std::string>> payloads_;
};

TEST_F(ExportCorrectionsTest, WritesThePetitionsWhoseTopicWasCorrected) {
  const std::string data = (dir_ / "data").string();
  {
    auto store = store::Store::OpenPrimary(data, {});
    ASSERT_TRUE(store.ok()) << store.status();
    store::Applier applier(store->get());
    store::IncomingPetition p1 = Petition("P1", 0, "2026-11-02T08:00:00+07:00");
    p1.place = store::PlaceCodes{"01", "Thành phố Hà Nội", "", "", "", "text", false};
    std::vector<store::BatchItem> items = {p1, Petition("P2", 1, "2026-11-03T08:00:00+07:00"),
                                           Petition("P3", 2, "2026-11-03T09:00:00+07:00")};
    for (const char* id : {"P1", "P2", "P3"})
      items.push_back(Event(std::string("acc-") + id, id, Action::kAccept));
    items.push_back(Event("t1", "P1", Action::kTransfer, "CONG-AN", "an_ninh_trat_tu"));
    items.push_back(Event("t2", "P2", Action::kTransfer, "SO-YT"));  // no topic
    auto stats = applier.Apply(items);
    ASSERT_TRUE(stats.ok()) << stats.status();
    ASSERT_EQ(stats->events_applied, 5u);
  }
  ExportCorrectionsCommand cmd;
  cmd.where.store_dir = data;
  cmd.out = (dir_ / "corrections.jsonl").string();
  ASSERT_EQ(RunExportCorrections(cmd), 0);
  const std::vector<std::string> lines = Lines(cmd.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].starts_with(R"({"label":{"topic":"an_ninh_trat_tu","agency":"CONG-AN",)"
                                   R"("province":"01","place":"text"},  "schema_version": 1,  "id": "P1",)"))
      << lines[0];
  EXPECT_FALSE(std::filesystem::exists(cmd.out + ".tmp"));

  // Submission days: P1 was submitted on the 2nd.
  cmd.from = "2026-11-03";
  ASSERT_EQ(RunExportCorrections(cmd), 0);
  EXPECT_TRUE(Lines(cmd.out).empty());
  cmd.from = "2026-11-01";
  cmd.to = "2026-11-02";
  ASSERT_EQ(RunExportCorrections(cmd), 0);
  EXPECT_EQ(Lines(cmd.out).size(), 1u);

  cmd.from = "2026-11-31";
  EXPECT_EQ(RunExportCorrections(cmd), 2);
  cmd.from = "2026-11-05";
  EXPECT_EQ(RunExportCorrections(cmd), 2);  // after --to
  cmd.from.clear();
  cmd.where.store_dir = (dir_ / "nothing-here").string();
  EXPECT_NE(RunExportCorrections(cmd), 0);
}

}  // namespace
}  // namespace pakn::apps
