// RecordAction over the local transport, against a real store: the checks ingest would make,
// the outcomes the store records, and the errors a front end maps to exit codes.
#include "service/tracking.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
    // One folder per process: CTest runs each test in a process of its own, in parallel.
    dir_ = new fs::path(fs::path(::testing::TempDir()) /
                        ("pakn_service_tracking_test." + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    auto config = pipeline::WriteTestConfig(*dir_, PAKN_SOURCE_DIR, "[kafka]\nbrokers = \"\"\n");
    ASSERT_TRUE(config.ok()) << config.status().message();
    config_ = new PaknConfig(*config);
    auto p = pipeline::Pipeline::Create(*config_);
    ASSERT_TRUE(p.ok()) << p.status().message();
    pipeline_ = p->release();
  }
  static void TearDownTestSuite() {
    delete pipeline_;
    delete config_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  void SetUp() override {
    store_dir_ = (*dir_ / ::testing::UnitTest::GetInstance()->current_test_info()->name()).string();
    fs::remove_all(store_dir_);
    // One petition, stored as ingest stores it; the store is closed again (the transport opens
    // it as the primary, as `pakn accept --local` does).
    auto store = store::Store::OpenPrimary(store_dir_, {});
    ASSERT_TRUE(store.ok()) << store.status().message();
    ingest::MessageProcessor processor(&pipeline_->normalizer(), &pipeline_->cleaner(),
                                       pipeline_->places(), pipeline_->rules(), {}, 1, false,
                                       pipeline_->calendar());
    const std::string json = R"({"schema_version":1,"id":"P-1","channel":"email",)"
                             R"("submitted_at":"2026-11-25T08:00:00+07:00","title":"Ổ gà",)"
                             R"("content":"Đường Nguyễn Trãi, Hà Nội có nhiều ổ gà"})";
    std::vector<store::BatchItem> items = {processor.ProcessOne(
        {{"t", 0, 0}, "P-1", json, *ParseRfc3339("2026-11-25T08:00:01+07:00")})};
    store::Applier applier(store->get(), store::TrackingContext{pipeline_->calendar(), {}});
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
    auto transport = NewLocalEventTransport(*config_, store_dir.empty() ? store_dir_ : store_dir,
                                            "--store", *pipeline_, namer_);
    return RecordAction(e, e.at_ms, *config_, *pipeline_, *transport, namer_);
  }

  static fs::path* dir_;
  static PaknConfig* config_;
  static pipeline::Pipeline* pipeline_;
  std::string store_dir_;
  // The CLI's way of naming fields, for the messages.
  FieldNamer namer_ = [](std::string_view field) {
    return field == "$.agency" ? std::string("--agency") : std::string(field);
  };
};

fs::path* RecordActionTest::dir_ = nullptr;
PaknConfig* RecordActionTest::config_ = nullptr;
pipeline::Pipeline* RecordActionTest::pipeline_ = nullptr;

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
  note.note = std::string(config_->ingest.max_message_bytes, 'a');
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
  done = Record(Event(Action::kAccept), (*dir_ / "nothing-here").string());
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(done.status().message().rfind("--store: ", 0), 0u) << done.status().message();
  EXPECT_FALSE(fs::exists(*dir_ / "nothing-here"));  // nothing is created
}

}  // namespace
}  // namespace pakn::service
