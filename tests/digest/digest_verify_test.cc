// `pakn digest --verify` at scale: a random history of 100,000 petitions with every kind of
// tracking event (refused ones, events before their petition, repeated event ids, amendments
// that move channel and province, intake rejections, times at local midnight) is written
// through store::Applier; then every figure of the digest computed from the counters must
// equal the same figure recomputed from the records and their histories, for several days,
// agencies and ranges.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/time.h"
#include "store/applier.h"
#include "store/digest.h"
#include "tests/digest/random_history.h"

namespace pakn::store {
namespace {

constexpr int64_t kStart = 1'764'522'000'000;  // 2025-12-01T00:00:00+07:00
constexpr int kDays = 60;

class DigestVerifyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("pakn_digest_verify_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    auto s = Store::OpenPrimary(dir_->string(), {});
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = s->release();
    Applier applier(store_, TrackingContext{nullptr, digest_testing::HistoryPolicies()});
    digest_testing::RandomHistory history({.petitions = 100'000,
                                           .seed = 2026,
                                           .start_ms = kStart,
                                           .days = kDays,
                                           .end_ms = kStart + (kDays + 20) * kMillisPerDay});
    Status written = history.Write(applier);
    ASSERT_TRUE(written.ok()) << written;
    events_ = history.events_written();
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  static void ExpectEqual(const std::string& from, const std::string& to,
                          const std::string& agency = "") {
    DigestRequest r{.from_day = from, .to_day = to, .agency = agency,
                    .now_ms = kStart + (kDays + 20) * kMillisPerDay + 9 * 3'600'000};
    auto counted = ComputeDigest(*store_, r);
    ASSERT_TRUE(counted.ok()) << counted.status();
    auto recomputed = RecomputeDigest(*store_, r);
    ASSERT_TRUE(recomputed.ok()) << recomputed.status();
    EXPECT_EQ(DescribeDifference(*counted, *recomputed), "") << from << ".." << to << " " << agency;
    EXPECT_TRUE(*counted == *recomputed);
    // Not a vacuous equality: the history has activity in the days asked for.
    EXPECT_GT(counted->period.received + counted->period.Event("note"), 0);
  }

  static std::filesystem::path* dir_;
  static Store* store_;
  static uint64_t events_;
};

std::filesystem::path* DigestVerifyTest::dir_ = nullptr;
Store* DigestVerifyTest::store_ = nullptr;
uint64_t DigestVerifyTest::events_ = 0;

TEST_F(DigestVerifyTest, HistoryHasEveryKindOfEvent) {
  EXPECT_GT(events_, 300'000u);
  const std::string first = LocalDate(kStart), last = LocalDate(kStart + (kDays - 1) * kMillisPerDay);
  DigestRequest r{.from_day = first, .to_day = last, .now_ms = kStart + 80 * kMillisPerDay};
  auto d = ComputeDigest(*store_, r);
  ASSERT_TRUE(d.ok()) << d.status();
  for (const char* what : {"accepted", "rejected", "assigned", "started", "answered",
                           "answered_on_time", "answered_late", "published", "closed",
                           "reopened", "transferred", "marked_duplicate", "withdrawn",
                           "redirected", "note", "refused"})
    EXPECT_GT(d->period.Event(what), 0) << what;
  EXPECT_GT(d->period.intake_rejected, 0);
  EXPECT_GT(d->backlog.overdue_1_7 + d->backlog.overdue_8_30, 0);
  EXPECT_GT(d->backlog.overdue_over_30, 0);
  EXPECT_EQ(d->period.by_channel.size(), 8u);
  EXPECT_EQ(d->period.by_province.size(), 35u);  // 34 provinces and "unknown"
}

TEST_F(DigestVerifyTest, SingleDaysEqualTheRecomputation) {
  for (int day : {0, 1, 17, 30, 59, 65})
    ExpectEqual(LocalDate(kStart + day * kMillisPerDay), LocalDate(kStart + day * kMillisPerDay));
}

TEST_F(DigestVerifyTest, RangesEqualTheRecomputation) {
  ExpectEqual(LocalDate(kStart + 7 * kMillisPerDay), LocalDate(kStart + 13 * kMillisPerDay));
  ExpectEqual(LocalDate(kStart), LocalDate(kStart + 79 * kMillisPerDay));
}

TEST_F(DigestVerifyTest, AgencyScopesEqualTheRecomputation) {
  ExpectEqual(LocalDate(kStart + 20 * kMillisPerDay), LocalDate(kStart + 20 * kMillisPerDay),
              "SO-XD");
  ExpectEqual(LocalDate(kStart + 30 * kMillisPerDay), LocalDate(kStart + 59 * kMillisPerDay),
              "UBND-P3");
}

}  // namespace
}  // namespace pakn::store
