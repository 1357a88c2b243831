#include "store/retention.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/time.h"
#include "rocksdb/db.h"
#include "store/applier.h"
#include "store/day_counts_testing.h"

namespace pakn::store {
namespace {

constexpr std::string_view kOld = "2020-03-02T08:00:00+07:00";
constexpr std::string_view kRecent = "2026-11-02T08:00:00+07:00";
const std::string kName = "Vương Thị Riêngtư";
const std::string kPhone = "0966111222";

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pakn_retention_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto s = Store::OpenPrimary(dir_.string(), {});
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  IncomingPetition Petition(std::string id, int64_t offset, std::string_view submitted,
                            std::string payload_extra = "") {
    IncomingPetition in;
    in.position = {"pakn.petitions", 0, offset};
    in.received_ms = *ParseRfc3339(submitted);
    payloads_.push_back(
        std::make_unique<std::string>("{\"name\":\"" + kName + "\"" + payload_extra + "}"));
    in.payload = *payloads_.back();
    in.petition.id = std::move(id);
    in.petition.channel = "web";
    in.petition.submitted_at = std::string(submitted);
    in.petition.submitted_at_ms = *ParseRfc3339(submitted);
    in.petition.title = "Ổ gà trước nhà " + kName;
    in.petition.content = "Gọi " + kPhone;
    in.petition.reporter.name = kName;
    in.petition.reporter.phone = kPhone;
    in.petition.location.address = "ngõ Riêngtư";
    in.search_key = "o ga";
    in.route = {"r1", "SO-XD", "giao_thong", "normal", 20, "o ga", "v1"};
    in.due_ms = in.petition.submitted_at_ms + 20 * kMillisPerDay;
    return in;
  }
  static IncomingEvent Event(std::string event_id, std::string id, Action type,
                             std::string_view at) {
    IncomingEvent in;
    TrackingEvent& e = in.event;
    e.event_id = std::move(event_id);
    e.petition_id = std::move(id);
    e.type = type;
    e.at = std::string(at);
    e.at_ms = *ParseRfc3339(at);
    e.actor = "cb.nguyen";
    in.received_ms = e.at_ms;
    if (type == Action::kAssign) e.agency = "SO-XD";
    if (type == Action::kNote) e.note = "Đã gọi cho bà " + kName;
    if (type == Action::kRespond) {
      e.has_response = true;
      e.response.text = "Kính gửi bà " + kName;
      e.response.doc_number = "12/SXD";
    }
    return in;
  }
  // A closes in March 2020; B stays open since 2020; C closes in November 2026; D (2020) is
  // amended once and withdrawn. One rejected message in 2020, one in 2026.
  void Fill() {
    Applier applier(store_.get());
    std::vector<BatchItem> items = {Petition("A", 0, kOld), Petition("B", 1, kOld),
                                    Petition("C", 2, kRecent), Petition("D", 3, kOld)};
    ASSERT_TRUE(applier.Apply(items).ok());
    std::vector<BatchItem> more = {Petition("D", 4, kOld, ",\"v\":2")};
    payloads_.push_back(std::make_unique<std::string>("{\"name\":\"" + kName));
    more.push_back(IncomingRejection{{"pakn.petitions", 0, 5},
                                     "k",
                                     *ParseRfc3339(kOld),
                                     *payloads_.back(),
                                     Rejection{RejectCode::kInvalidJson, "$", "invalid_json: x"}});
    payloads_.push_back(std::make_unique<std::string>("{\"recent\":"));
    more.push_back(IncomingRejection{{"pakn.petitions", 0, 6},
                                     "k",
                                     *ParseRfc3339(kRecent),
                                     *payloads_.back(),
                                     Rejection{RejectCode::kInvalidJson, "$", "invalid_json: x"}});
    ASSERT_TRUE(applier.Apply(more).ok());
    std::vector<BatchItem> events;
    int n = 0;
    for (const auto& [id, at] : {std::pair{"A", "2020-03-03T09:00:00+07:00"},
                                 std::pair{"C", "2026-11-03T09:00:00+07:00"}}) {
      for (Action a : {Action::kAccept, Action::kAssign, Action::kStart, Action::kNote,
                       Action::kRespond, Action::kClose})
        events.push_back(Event("e" + std::to_string(n++), id, a, at));
    }
    events.push_back(Event("e-w", "D", Action::kWithdraw, "2020-03-04T09:00:00+07:00"));
    std::get<IncomingEvent>(events.back()).event.note = "tôi " + kName + " rút đơn";
    ASSERT_TRUE(applier.Apply(events).ok());
  }

  // The ids whose stored values (any column family, latest versions) hold `needle`.
  std::vector<std::string> FamiliesHolding(std::string_view needle) {
    std::vector<std::string> hits;
    for (int cf = 0; cf < kCfCount; ++cf) {
      bool hit = false;
      EXPECT_TRUE(store_
                      ->Scan(static_cast<ColumnFamily>(cf), "", "",
                             [&](std::string_view, std::string_view v) {
                               hit = v.find(needle) != std::string_view::npos;
                               return !hit;
                             })
                      .ok());
      if (hit) hits.push_back(kColumnFamilyNames[cf]);
    }
    return hits;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::unique_ptr<std::string>> payloads_;
};

TEST_F(RetentionTest, ErasesWhatIdentifiesTheCitizenOfPetitionsLongClosed) {
  Fill();
  const int64_t now = *ParseRfc3339("2026-12-01T00:00:00+07:00");
  const int64_t cutoff = RetentionCutoff(now, 5);  // 2021-12-01
  const auto before = ComputeDayDigest(*store_, "2020-03-02");
  ASSERT_TRUE(before.ok());
  auto a_history_before = store_->History("A");
  ASSERT_TRUE(a_history_before.ok());

  ErasureCursor cursor;
  ErasureStep total;
  int steps = 0;
  do {
    auto step = ErasePersonalData(*store_, cutoff, now, cursor, 1);  // one petition a step
    ASSERT_TRUE(step.ok()) << step.status();
    total += *step;
    ASSERT_LT(++steps, 20);
  } while (!cursor.done);
  EXPECT_EQ(total.examined, 3u);    // A, B, D: C was submitted after the cutoff
  EXPECT_EQ(total.erased, 2u);      // A (closed 2020), D (withdrawn 2020); B is open
  EXPECT_EQ(total.rejections, 1u);  // the 2020 one

  for (std::string id : {"A", "D"}) {
    auto rec = store_->GetPetition(id);
    ASSERT_TRUE(rec.ok() && rec->has_value()) << rec.status();
    const StoredPetition& p = **rec;
    EXPECT_EQ(p.pii_erased_ms, now);
    EXPECT_EQ(p.petition.title, "");
    EXPECT_EQ(p.petition.reporter.name, "");
    EXPECT_EQ(p.petition.location.address, "");
    EXPECT_EQ(p.route.agency, "SO-XD");  // the statistics stay
    auto payload = store_->Get(kCfPayloads, PayloadSeqKey(p.payload_seq));
    ASSERT_TRUE(payload.ok());
    EXPECT_FALSE(payload->has_value());
  }
  EXPECT_EQ((*store_->GetRecord("A"))->status, "closed");
  EXPECT_EQ((*store_->GetRecord("D"))->status, "withdrawn");
  EXPECT_EQ((*store_->GetRecord("D"))->version, 2u);
  // The history keeps its shape: the same entries, types, times and actors.
  auto a_history = store_->History("A");
  ASSERT_TRUE(a_history.ok()) << a_history.status();
  ASSERT_EQ(a_history->size(), a_history_before->size());
  for (size_t i = 0; i < a_history->size(); ++i) {
    EXPECT_EQ((*a_history)[i].type, (*a_history_before)[i].type);
    EXPECT_EQ((*a_history)[i].at_ms, (*a_history_before)[i].at_ms);
    EXPECT_EQ((*a_history)[i].actor, (*a_history_before)[i].actor);
    EXPECT_NE((*a_history)[i].detail_json.find("\"erased\":true"), std::string::npos);
  }
  EXPECT_NE((*a_history)[6].detail_json.find("\"to\":\"answered\""), std::string::npos)
      << (*a_history)[6].detail_json;
  // Nothing of A's or D's citizen anywhere; B (open) and C (recent) keep theirs.
  EXPECT_EQ(FamiliesHolding("Riêngtư"), (std::vector<std::string>{"payloads", "events", "texts"}));
  for (std::string id : {"B", "C"}) {
    auto rec = store_->GetPetition(id);
    ASSERT_TRUE(rec.ok() && rec->has_value());
    EXPECT_EQ((*rec)->petition.reporter.name, kName) << id;
    EXPECT_EQ((*rec)->pii_erased_ms, 0);
  }
  auto c_history = store_->History("C");
  ASSERT_TRUE(c_history.ok());
  EXPECT_NE((*c_history)[5].detail_json.find(kName), std::string::npos);  // C's note stays
  // The rejected message of 2020 is gone, that of 2026 stays; the counters do not move.
  EXPECT_FALSE(store_->Get(kCfRejections, RejectionKey("pakn.petitions", 0, 5))->has_value());
  EXPECT_TRUE(store_->Get(kCfRejections, RejectionKey("pakn.petitions", 0, 6))->has_value());
  const auto after = ComputeDayDigest(*store_, "2020-03-02");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->received, before->received);
  EXPECT_EQ(after->rejected, before->rejected);
  EXPECT_EQ(after->grid, before->grid);
  EXPECT_EQ(after->rejected_by_code, before->rejected_by_code);

  // A second pass finds nothing more to do.
  ErasureCursor again;
  ErasureStep second;
  do {
    auto step = ErasePersonalData(*store_, cutoff, now, again, 100);
    ASSERT_TRUE(step.ok());
    second += *step;
  } while (!again.done);
  EXPECT_EQ(second.erased, 0u);
  EXPECT_EQ(second.rejections, 0u);
}

TEST(RetentionCutoffTest, SameInstantYearsEarlier) {
  EXPECT_EQ(LocalDateTime(RetentionCutoff(*ParseRfc3339("2026-12-01T10:30:00+07:00"), 5)),
            "2021-12-01T10:30:00+07:00");
  // 29 February becomes 28 February in a year without it.
  EXPECT_EQ(RetentionCutoff(*ParseRfc3339("2028-02-29T12:00:00Z"), 1),
            *ParseRfc3339("2027-02-28T12:00:00Z"));
  EXPECT_EQ(RetentionCutoff(1000, 0), 1000);
}

TEST(StripDetailTest, KeepsWhatHappenedDropsWhatAnyoneWrote) {
  EXPECT_EQ(StripDetail(R"({"action":"respond","from":"in_progress","to":"answered",)"
                        R"("note":"gọi bà An","response":{"text":"Kính gửi","doc_number":"1"},)"
                        R"("visibility":"public","source":{"topic":"e","partition":0,"offset":3},)"
                        R"("on_time":true,"matched":"đèn"})"),
            R"({"action":"respond","from":"in_progress","to":"answered","visibility":"public",)"
            R"("source":{"topic":"e","partition":0,"offset":3},"on_time":true,"erased":true})");
  EXPECT_EQ(StripDetail("not json"), R"({"erased":true})");
}

}  // namespace
}  // namespace pakn::store
