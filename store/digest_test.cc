// The digest on a small fixture whose figures are worked out by hand below, including the day
// boundary at 00:00+07:00 (timestamps spelled with +07:00 and with Z), an empty day and a day
// with only rejections. Every case also checks that the counters equal a recomputation.
#include "store/digest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/time.h"
#include "rocksdb/write_batch.h"
#include "store/applier.h"

namespace pakn::store {
namespace {

using namespace std::string_literals;

int64_t At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }
int64_t EndOfDay(std::string_view day) { return *ParseLocalDate(day) + kMillisPerDay - 1; }

class DigestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pakn_digest_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto s = Store::OpenPrimary(dir_.string(), {});
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    applier_ = std::make_unique<Applier>(store_.get());
    WriteFixture();
  }
  void TearDown() override {
    applier_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  IncomingPetition Petition(std::string id, std::string_view submitted, std::string channel,
                            std::string province, std::string topic, std::string_view due_day) {
    IncomingPetition in;
    in.position = {"p", 0, next_offset_++};
    in.received_ms = At(submitted);
    payloads_.push_back(std::make_unique<std::string>("payload of " + id));
    in.payload = *payloads_.back();
    in.petition.id = std::move(id);
    in.petition.channel = std::move(channel);
    in.petition.submitted_at = std::string(submitted);
    in.petition.submitted_at_ms = At(submitted);
    in.petition.title = "Đường hỏng";
    in.petition.reporter.name = "Trần Thị Bích";
    in.petition.reporter.phone = "0912345678";
    in.route.agency = "SO-XD";
    in.route.topic = std::move(topic);
    in.route.deadline_days = 20;
    if (!province.empty()) in.place = PlaceCodes{.province_code = std::move(province)};
    in.due_ms = EndOfDay(due_day);
    return in;
  }

  IncomingEvent Event(std::string petition_id, Action type, std::string_view at) {
    IncomingEvent in;
    TrackingEvent& e = in.event;
    e.event_id = "ev-" + std::to_string(next_event_++);
    e.petition_id = std::move(petition_id);
    e.type = type;
    e.at = std::string(at);
    e.at_ms = At(at);
    e.actor = "cb.le";
    in.received_ms = e.at_ms;
    if (type == Action::kAssign || type == Action::kTransfer) e.agency = "SO-YT";
    if (type == Action::kReject || type == Action::kTransfer) e.note = "lý do";
    if (type == Action::kRespond) {
      e.has_response = true;
      e.response.text = "Đã sửa";
    }
    return in;
  }

  IncomingRejection Bad(std::string_view received) {
    IncomingRejection r;
    r.position = {"p", 0, next_offset_++};
    r.received_ms = At(received);
    r.payload = "{oops";
    r.rejection = Rejection{RejectCode::kInvalidJson, "$", "invalid_json: $: not JSON"};
    return r;
  }

  // The fixture (local days in Asia/Ho_Chi_Minh):
  //  P1 submitted 25/11 08:00+07:00, national_portal, province 01, giao_thong; accepted
  //     25/11 09:00 at SO-XD, assigned to SO-YT 10:00, started 11:00, answered 15:00 (due
  //     15/12: on time).
  //  P2 submitted 2026-11-24T17:30:00Z = 25/11 00:30 local, hotline, no province, dat_dai;
  //     rejected 25/11 11:00 at SO-XD.
  //  P3 submitted 2026-11-24T16:59:59Z = 24/11 23:59:59 local, email, province 79; accepted
  //     24/11 23:59:59.999+07:00; transferred to SO-YT 2026-11-24T17:00:00Z = 25/11 00:00.
  //  P4 submitted 01/10, due 21/10, open: 36 days overdue on 26/11. Its title names the
  //     reporter and her phone number.
  //  P5 submitted 01/11, due 21/11, open: 5 days overdue.
  //  P6 submitted 05/11, due 25/11, open: missed its deadline on 25/11, 1 day overdue.
  //  P7 submitted 26/11 07:00, rejected 26/11 07:30.
  //  Intake rejections: 2026-11-25T16:59:59.999Z (= 25/11 23:59:59.999) and
  //  2026-11-25T17:00:00Z (= 26/11 00:00).
  // Now: 26/11 08:00.
  void WriteFixture() {
    std::vector<BatchItem> items;
    items.push_back(Petition("P1", "2026-11-25T08:00:00+07:00", "national_portal", "01",
                             "giao_thong", "2026-12-15"));
    items.push_back(Event("P1", Action::kAccept, "2026-11-25T09:00:00+07:00"));
    items.push_back(Event("P1", Action::kAssign, "2026-11-25T10:00:00+07:00"));
    items.push_back(Event("P1", Action::kStart, "2026-11-25T11:00:00+07:00"));
    items.push_back(Event("P1", Action::kRespond, "2026-11-25T15:00:00+07:00"));
    items.push_back(Petition("P2", "2026-11-24T17:30:00Z", "hotline", "", "dat_dai",
                             "2026-12-15"));
    items.push_back(Event("P2", Action::kReject, "2026-11-25T11:00:00+07:00"));
    items.push_back(Petition("P3", "2026-11-24T16:59:59Z", "email", "79", "dat_dai",
                             "2026-12-14"));
    items.push_back(Event("P3", Action::kAccept, "2026-11-24T23:59:59.999+07:00"));
    items.push_back(Event("P3", Action::kTransfer, "2026-11-24T17:00:00Z"));
    IncomingPetition p4 = Petition("P4", "2026-10-01T09:00:00+07:00", "sms", "01", "dat_dai",
                                   "2026-10-21");
    p4.petition.title = "Trần Thị Bích (0912345678) báo đường hỏng";
    items.push_back(std::move(p4));
    items.push_back(Petition("P5", "2026-11-01T09:00:00+07:00", "sms", "01", "moi_truong",
                             "2026-11-21"));
    items.push_back(Petition("P6", "2026-11-05T09:00:00+07:00", "sms", "79", "moi_truong",
                             "2026-11-25"));
    items.push_back(Petition("P7", "2026-11-26T07:00:00+07:00", "email", "01", "dat_dai",
                             "2026-12-16"));
    items.push_back(Event("P7", Action::kReject, "2026-11-26T07:30:00+07:00"));
    items.push_back(Bad("2026-11-25T16:59:59.999Z"));
    items.push_back(Bad("2026-11-25T17:00:00Z"));
    auto stats = applier_->Apply(items);
    ASSERT_TRUE(stats.ok()) << stats.status();
    ASSERT_EQ(stats->created, 7u);
    ASSERT_EQ(stats->events_applied, 8u);
  }

  Digest Compute(std::string from, std::string to, std::string agency = "") {
    DigestRequest r{.from_day = std::move(from), .to_day = std::move(to),
                    .agency = std::move(agency), .now_ms = At("2026-11-26T08:00:00+07:00")};
    auto counted = ComputeDigest(*store_, r);
    EXPECT_TRUE(counted.ok()) << counted.status();
    auto recomputed = RecomputeDigest(*store_, r);
    EXPECT_TRUE(recomputed.ok()) << recomputed.status();
    if (!counted.ok() || !recomputed.ok()) return Digest{};
    EXPECT_EQ(DescribeDifference(*counted, *recomputed), "");
    EXPECT_TRUE(*counted == *recomputed);
    return *counted;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Applier> applier_;
  std::vector<std::unique_ptr<std::string>> payloads_;
  int64_t next_offset_ = 0;
  int next_event_ = 0;
};

using Counts = std::map<std::string, int64_t>;

TEST_F(DigestTest, DayFiguresMatchTheHandCount) {
  const Digest d = Compute("2026-11-25", "2026-11-25");
  const PeriodFigures& f = d.period;
  EXPECT_EQ(f.received, 2);  // P1 and P2 (00:30 local); not P3 (23:59:59 the day before)
  EXPECT_EQ(f.still_open, 0);
  EXPECT_EQ(f.by_channel, (Counts{{"hotline", 1}, {"national_portal", 1}}));
  EXPECT_EQ(f.by_province, (Counts{{"", 1}, {"01", 1}}));
  EXPECT_EQ(f.by_topic, (Counts{{"dat_dai", 1}, {"giao_thong", 1}}));
  EXPECT_EQ(f.by_agency, (Counts{{"SO-XD", 1}, {"SO-YT", 1}}));  // P1 is at SO-YT now
  EXPECT_EQ(f.by_status, (Counts{{"answered", 1}, {"rejected_invalid", 1}}));
  EXPECT_EQ(f.events, (Counts{{"accepted", 1},
                              {"answered", 1},
                              {"answered_on_time", 1},
                              {"assigned", 1},
                              {"rejected", 1},
                              {"started", 1},
                              {"transferred", 1}}));  // P3's at 00:00 local on the 25th
  EXPECT_EQ(f.intake_rejected, 1);  // 23:59:59.999 local; the one at 00:00 is the 26th's
  EXPECT_EQ(f.intake_rejected_by_code, (Counts{{"invalid_json", 1}}));
  EXPECT_EQ(f.newly_overdue, 1);  // P6
  EXPECT_EQ(CompletionRate(f), 1.0);
  EXPECT_EQ(OnTimeRate(f), 1.0);

  EXPECT_EQ(d.previous_from, "2026-11-24");
  EXPECT_EQ(d.previous.received, 1);  // P3
  EXPECT_EQ(d.previous.events, (Counts{{"accepted", 1}}));
  EXPECT_EQ(d.previous.by_province, (Counts{{"79", 1}}));
  EXPECT_EQ(d.week_before_from, "2026-11-18");
  EXPECT_EQ(d.week_before.received, 0);

  // Backlog as of 26/11 08:00: P3 (not due yet), P4 (36 days), P5 (5), P6 (1).
  EXPECT_EQ(d.backlog.open, 4);
  EXPECT_EQ(d.backlog.overdue, 3);
  EXPECT_EQ(d.backlog.overdue_1_7, 2);
  EXPECT_EQ(d.backlog.overdue_8_30, 0);
  EXPECT_EQ(d.backlog.overdue_over_30, 1);
  EXPECT_EQ(d.backlog.overdue_by_agency, (Counts{{"SO-XD", 3}}));
  EXPECT_EQ(OverdueRate(d.backlog), 0.75);
  ASSERT_EQ(d.oldest_overdue.size(), 3u);
  EXPECT_EQ(d.oldest_overdue[0].id, "P4");
  EXPECT_EQ(d.oldest_overdue[0].days_overdue, 36);
  EXPECT_EQ(d.oldest_overdue[1].id, "P5");
  EXPECT_EQ(d.oldest_overdue[1].days_overdue, 5);
  EXPECT_EQ(d.oldest_overdue[2].id, "P6");
  EXPECT_EQ(d.oldest_overdue[2].days_overdue, 1);
  // Personal data in a title is masked before it enters the digest.
  EXPECT_EQ(d.oldest_overdue[0].title_masked.find("Trần Thị Bích"), std::string::npos);
  EXPECT_EQ(d.oldest_overdue[0].title_masked.find("0912345678"), std::string::npos);

  ASSERT_EQ(d.trend.size(), 30u);
  EXPECT_EQ(d.trend.back().first, "2026-11-25");
  EXPECT_EQ(d.trend.back().second.received, 2);
  EXPECT_EQ(d.trend.front().first, "2026-10-27");
}

TEST_F(DigestTest, AgencyScopeCountsEventsWhereThePetitionWasThen) {
  const Digest d = Compute("2026-11-25", "2026-11-25", "SO-XD");
  EXPECT_EQ(d.period.received, 1);  // P2; P1 has moved to SO-YT
  // P1 was accepted while SO-XD held it; its assignment and answer count for SO-YT.
  EXPECT_EQ(d.period.events, (Counts{{"accepted", 1}, {"rejected", 1}}));
  EXPECT_EQ(d.period.intake_rejected, 0);  // never routed: not in an agency's digest
  EXPECT_EQ(d.backlog.open, 3);
  const Digest yt = Compute("2026-11-25", "2026-11-25", "SO-YT");
  EXPECT_EQ(yt.period.events, (Counts{{"answered", 1},
                                      {"answered_on_time", 1},
                                      {"assigned", 1},
                                      {"started", 1},
                                      {"transferred", 1}}));
  EXPECT_EQ(yt.backlog.open, 1);  // P3
  EXPECT_EQ(yt.backlog.overdue, 0);
}

TEST_F(DigestTest, EmptyDayHasZerosAndNoRates) {
  const Digest d = Compute("2026-11-20", "2026-11-20");
  EXPECT_TRUE(d.period == PeriodFigures{});
  EXPECT_EQ(CompletionRate(d.period), std::nullopt);
  EXPECT_EQ(OnTimeRate(d.period), std::nullopt);
  EXPECT_EQ(d.backlog.open, 4);  // the backlog is as of now, whatever the day
}

TEST_F(DigestTest, DayWithOnlyRejections) {
  const Digest d = Compute("2026-11-26", "2026-11-26");
  EXPECT_EQ(d.period.received, 1);  // P7, rejected the same morning
  EXPECT_EQ(d.period.events, (Counts{{"rejected", 1}}));
  EXPECT_EQ(d.period.by_status, (Counts{{"rejected_invalid", 1}}));
  EXPECT_EQ(d.period.intake_rejected, 1);  // the message at 00:00 local
  EXPECT_EQ(CompletionRate(d.period), 1.0);
  EXPECT_EQ(OnTimeRate(d.period), std::nullopt);
  EXPECT_EQ(d.period.newly_overdue, 0);  // nothing due on the 26th has passed by 08:00
}

TEST_F(DigestTest, RangeSumsItsDays) {
  const Digest d = Compute("2026-11-24", "2026-11-26");
  EXPECT_EQ(d.period.received, 4);  // P1, P2, P3, P7
  EXPECT_EQ(d.period.Event("rejected"), 2);
  EXPECT_EQ(d.period.Event("accepted"), 2);
  EXPECT_EQ(d.period.intake_rejected, 2);
  EXPECT_EQ(d.previous_from, "2026-11-21");
  EXPECT_EQ(d.previous_to, "2026-11-23");
  EXPECT_EQ(d.previous.newly_overdue, 1);  // P5, due 21/11
  EXPECT_EQ(d.week_before_from, "2026-11-17");
  EXPECT_EQ(d.week_before_to, "2026-11-19");
}

TEST_F(DigestTest, AmendmentMovesChannelAndProvince) {
  IncomingPetition again = Petition("P1", "2026-11-25T08:00:00+07:00", "email", "79",
                                    "giao_thong", "2026-12-15");
  payloads_.push_back(std::make_unique<std::string>("amended payload of P1"));
  again.payload = *payloads_.back();
  std::vector<BatchItem> items;
  items.push_back(std::move(again));
  auto stats = applier_->Apply(items);
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->amended, 1u);
  const Digest d = Compute("2026-11-25", "2026-11-25");
  EXPECT_EQ(d.period.by_channel, (Counts{{"email", 1}, {"hotline", 1}}));
  EXPECT_EQ(d.period.by_province, (Counts{{"", 1}, {"79", 1}}));
}

TEST_F(DigestTest, RejectsBadRequestsNamingTheField) {
  DigestRequest r{.from_day = "2026-11-26", .to_day = "2026-11-25", .now_ms = 0};
  Status s = ValidateDigestRequest(r);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("from"), std::string::npos);
  r = {.from_day = "2026-13-01", .to_day = "2026-11-25"};
  EXPECT_NE(ValidateDigestRequest(r).message().find("from: expected a date"), std::string::npos);
  r = {.from_day = "2026-11-01", .to_day = "2026-11-25", .trend_days = 0};
  EXPECT_NE(ValidateDigestRequest(r).message().find("trend_days"), std::string::npos);
}

TEST_F(DigestTest, OldFourPartCountersStillCount) {
  // A counter written before channel and province were added to the key.
  rocksdb::WriteBatch wb;
  wb.Merge(store_->handle(kCfCounters), "P2026-11-20\0SO-XD\0dat_dai\0closed"s, EncodeCount(2));
  ASSERT_TRUE(store_->Write(wb).ok());
  DigestRequest r{.from_day = "2026-11-20", .to_day = "2026-11-20",
                  .now_ms = At("2026-11-26T08:00:00+07:00")};
  auto d = ComputeDigest(*store_, r);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->period.received, 2);
  EXPECT_EQ(d->period.by_channel, (Counts{{"", 2}}));
  EXPECT_EQ(d->period.by_province, (Counts{{"", 2}}));
}

}  // namespace
}  // namespace pakn::store
