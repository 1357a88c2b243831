// RecordAction over the local transport, against a real store: the checks ingest would make,
// the outcomes the store records, and the errors a front end maps to exit codes.
#include "service/tracking.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/strings.h"
#include "base/time.h"
#include "ingest/processor.h"
#include "pipeline/pipeline_testing.h"
#include "store/applier.h"
#include "store/store.h"

#ifndef PAKN_SOURCE_DIR
#error "PAKN_SOURCE_DIR must be defined"
#endif

namespace pakn::service {
namespace {

namespace fs = std::filesystem;

class RecordActionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto suite = pipeline::TestSuitePipeline::Create("pakn_service_tracking_test", PAKN_SOURCE_DIR,
                                                     "[kafka]\nbrokers = \"\"\n");
    ASSERT_TRUE(suite.ok()) << suite.status().message();
    suite_ = suite->release();
  }
  static void TearDownTestSuite() { delete suite_; }

  void SetUp() override {
    store_dir_ = suite_->FreshFolderForTest();
    const pipeline::Pipeline* pipeline = suite_->pipeline();
    // One petition, stored as ingest stores it; the store is closed again (the transport opens
    // it as the primary, as `pakn accept --local` does).
    auto store = store::Store::OpenPrimary(store_dir_, {});
    ASSERT_TRUE(store.ok()) << store.status().message();
    ingest::MessageProcessor processor(&pipeline->normalizer(), &pipeline->cleaner(),
                                       pipeline->places(), pipeline->rules(), {}, 1, false,
                                       pipeline->calendar());
    const std::string json = R"({"schema_version":1,"id":"P-1","channel":"email",)"
                             R"("submitted_at":"2026-11-25T08:00:00+07:00","title":"Ổ gà",)"
                             R"("content":"Đường Nguyễn Trãi, Hà Nội có nhiều ổ gà"})";
    std::vector<store::BatchItem> items = {processor.ProcessOne(
        {{"t", 0, 0}, "P-1", json, *ParseRfc3339("2026-11-25T08:00:01+07:00")})};
    store::Applier applier(store->get(), store::TrackingContext{pipeline->calendar(), {}});
    auto stats = applier.Apply(items);
    ASSERT_TRUE(stats.ok()) << stats.status().message();
    ASSERT_EQ(stats->created, 1u);
  }

  TrackingEvent Event(Action type, std::string id = "E-1") {
    TrackingEvent e;
    e.event_id = std::move(id);
    e.petition_id = "P-1";
    e.type = type;
    e.at = "2026-11-26T09:00:00+07:00";
    e.at_ms = *ParseRfc3339(e.at);
    e.actor = "cb.nguyen";
    return e;
  }
  StatusOr<ActionOutcome> Record(const TrackingEvent& e, std::string store_dir = "") {
    auto transport =
        NewLocalEventTransport(suite_->config(), store_dir.empty() ? store_dir_ : store_dir,
                               "--store", *suite_->pipeline(), namer_);
    return RecordAction(e, e.at_ms, suite_->config(), *suite_->pipeline(), *transport, namer_);
  }

  static pipeline::TestSuitePipeline* suite_;
  std::string store_dir_;
  // The CLI's way of naming fields, for the messages.
  FieldNamer namer_ = [](std::string_view field) {
    return field == "$.agency" ? std::string("--agency") : std::string(field);
  };
};

pipeline::TestSuitePipeline* RecordActionTest::suite_ = nullptr;

TEST_F(RecordActionTest, AppliesAndReportsThePetitionAsStoredAfter) {
  auto done = Record(Event(Action::kAccept));
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->outcome.outcome, "applied");
  EXPECT_EQ(done->outcome.state, "accepted");
  EXPECT_EQ(done->via, "local");
  EXPECT_FALSE(done->repeated);
  ASSERT_TRUE(done->petition.has_value());
  EXPECT_EQ(done->petition->status, "accepted");
  // The same event again changes nothing, and says so.
  auto again = Record(Event(Action::kAccept));
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->repeated);
  EXPECT_EQ(again->petition->status, "accepted");
}

TEST_F(RecordActionTest, ARefusalIsAnOutcomeRecordedWithItsReason) {
  TrackingEvent respond = Event(Action::kRespond);  // received: not accepted nor assigned yet
  respond.has_response = true;
  respond.response.text = "Đã sửa xong.";
  auto done = Record(respond);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->outcome.outcome, "refused");
  EXPECT_NE(done->outcome.reason.find("allowed:"), std::string::npos) << done->outcome.reason;
  EXPECT_EQ(done->petition->status, "received");
}

TEST_F(RecordActionTest, RefusesWhatIngestWouldRefuseInTheCallersWords) {
  auto done = Record(Event(Action::kAssign));  // no agency
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(done.status().message(), "--agency: required for assign");
  TrackingEvent transfer = Event(Action::kTransfer);
  transfer.agency = "SO-YT";
  transfer.note = "không thuộc thẩm quyền";
  transfer.topic = "no_such_topic";
  done = Record(transfer);
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(done.status().message().find("$.topic: 'no_such_topic' is not a topic"),
            std::string::npos)
      << done.status().message();
  TrackingEvent note = Event(Action::kNote);
  note.note = std::string(suite_->config().ingest.max_message_bytes, 'a');
  done = Record(note);
  ASSERT_FALSE(done.ok());
  EXPECT_NE(done.status().message().find("too long"), std::string::npos);
}

TEST_F(RecordActionTest, NoSuchPetitionIsNotFoundAndNoStoreIsABadArgument) {
  TrackingEvent e = Event(Action::kAccept);
  e.petition_id = "P-404";
  auto done = Record(e);
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(done.status().message(), "no petition with id 'P-404'");
  done = Record(Event(Action::kAccept), (suite_->dir() / "nothing-here").string());
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(done.status().message().rfind("--store: ", 0), 0u) << done.status().message();
  EXPECT_FALSE(fs::exists(suite_->dir() / "nothing-here"));  // nothing is created
}

TEST_F(RecordActionTest, RevealsAreRecordedWithWhoAndWhyAndChangeNothing) {
  const int64_t now = *ParseRfc3339("2026-11-26T09:00:00+07:00");
  const auto namer = [](std::string_view f) {
    return f == "$.note" ? std::string("--reason") : std::string(f);
  };
  // Why is required, and not too long; nothing is written then.
  Status blank = RecordReveals(suite_->config(), store_dir_, {"P-1"}, "cb.an", "  ", now, namer);
  EXPECT_EQ(blank.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(blank.message(), "--reason: required for reveal");
  Status long_reason = RecordReveals(suite_->config(), store_dir_, {"P-1"}, "cb.an",
                                     std::string(1001, 'x'), now, namer);
  EXPECT_EQ(long_reason.code(), StatusCode::kInvalidArgument);
  // Without a broker (kafka.brokers is empty here) the store records it itself.
  ASSERT_TRUE(
      RecordReveals(suite_->config(), store_dir_, {"P-1"}, "cb.an", "gọi lại", now, namer).ok());
  auto store = store::Store::OpenReader(store_dir_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto rec = (*store)->GetRecord("P-1");
  ASSERT_TRUE(rec.ok() && rec->has_value());
  EXPECT_EQ((*rec)->status, "received");
  auto history = (*store)->History(**rec);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  const store::StoredEvent& e = history->back();
  EXPECT_EQ(e.type, "pii_revealed");
  EXPECT_EQ(e.actor, "cb.an");
  EXPECT_EQ(e.at_ms, now);
  EXPECT_NE(e.detail_json.find("\"note\":\"gọi lại\""), std::string::npos) << e.detail_json;
}

}  // namespace
}  // namespace pakn::service
