// The ingest loop without a broker: batching, rebalance, caught-up, give-up and the lost-store
// check, driven by a scripted Consumer (ingest/consumer.h) over a real RocksDB store and the
// project's own rules. The librdkafka side is the broker tests' (it_*).
#include "ingest/ingest_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/strings.h"
#include "pipeline/pipeline_testing.h"
#include "store/store.h"

#ifndef PAKN_SOURCE_DIR
#error "PAKN_SOURCE_DIR must be defined"
#endif

namespace pakn::ingest {
namespace {

std::string PetitionJson(int i) {
  return StrCat(R"({"schema_version":1,"id":"P-)", i,
                R"(","channel":"email","submitted_at":"2026-11-25T08:00:00+07:00",)",
                R"("title":"Ổ gà trên đường","content":"Đường có nhiều ổ gà, số )", i, R"("})");
}

// A broker in memory: one log per partition, a group's committed offsets, and a script of
// rebalances and faults the test plays into the listener at chosen polls.
class FakeConsumer final : public Consumer {
 public:
  struct Shared {
    std::map<TopicPartition, std::vector<std::string>> logs;
    std::map<TopicPartition, int64_t> committed;  // the group's
    // Poll number → what happens before that poll answers.
    std::map<int, std::function<void(ConsumerListener*, FakeConsumer*)>> script;
    std::vector<std::string> subscribed;
    std::vector<std::map<TopicPartition, int64_t>> commits;
    std::vector<std::vector<int64_t>> starts;  // what OnAssigned answered, per assignment
    int polls = 0;
    bool closed = false;
  };

  FakeConsumer(Shared* shared, ConsumerListener* listener) : s_(shared), listener_(listener) {}

  void Assign(const std::vector<TopicPartition>& tps) {
    const std::vector<int64_t> start = listener_->OnAssigned(tps);
    s_->starts.push_back(start);
    for (size_t i = 0; i < tps.size(); ++i) {
      position_[tps[i]] = start[i] == kOffsetBeginning ? 0 : start[i];
      eof_sent_.erase(tps[i]);
    }
  }
  void Revoke(const std::vector<TopicPartition>& tps) {
    listener_->OnRevoked(tps);
    for (const auto& tp : tps) position_.erase(tp);
  }

  Status Subscribe(const std::vector<std::string>& topics) override {
    s_->subscribed = topics;
    return OkStatus();
  }

  void LoseAll() {
    listener_->OnLostAll("rebalance error");
    position_.clear();
  }

  // One message of the assigned partitions in turn (round robin), else an end of partition
  // not yet reported, else a timeout (at once: the fake never waits).
  Polled Poll(int) override {
    if (auto it = s_->script.find(s_->polls++); it != s_->script.end()) it->second(listener_, this);
    Polled p;
    std::vector<TopicPartition> order;
    for (const auto& [tp, next] : position_) order.push_back(tp);
    if (!order.empty())
      std::rotate(order.begin(), order.begin() + (rr_++ % order.size()), order.end());
    for (const TopicPartition& tp : order) {
      int64_t& next = position_[tp];
      if (paused_.count(tp)) continue;
      const std::vector<std::string>& log = s_->logs[tp];
      if (next < static_cast<int64_t>(log.size())) {
        p.kind = Polled::Kind::kMessage;
        p.topic = tp.first;
        p.partition = tp.second;
        p.offset = next;
        p.payload = log[static_cast<size_t>(next)];
        p.key = "k";
        p.has_key = true;
        p.timestamp_ms = 1'795'651'200'000;  // 2026-11-26T00:00:00Z, after submitted_at
        ++next;
        eof_sent_.erase(tp);
        return p;
      }
      if (!eof_sent_.count(tp)) {
        eof_sent_.insert(tp);
        p.kind = Polled::Kind::kEndOfPartition;
        p.topic = tp.first;
        p.partition = tp.second;
        return p;
      }
    }
    p.kind = Polled::Kind::kTimedOut;
    return p;
  }

  void Pause(const std::vector<TopicPartition>& tps) override {
    paused_.insert(tps.begin(), tps.end());
  }
  void Resume(const std::vector<TopicPartition>& tps) override {
    for (const auto& tp : tps) paused_.erase(tp);
  }
  void CommitAsync(const std::map<TopicPartition, int64_t>& next) override {
    s_->commits.push_back(next);
    for (const auto& [tp, off] : next) s_->committed[tp] = off;
  }
  StatusOr<std::vector<int64_t>> Committed(const std::vector<TopicPartition>& tps, int) override {
    std::vector<int64_t> out;
    for (const auto& tp : tps) {
      auto it = s_->committed.find(tp);
      out.push_back(it == s_->committed.end() ? -1 : it->second);
    }
    return out;
  }
  void Close() override { s_->closed = true; }

 private:
  Shared* s_;
  ConsumerListener* listener_;
  std::map<TopicPartition, int64_t> position_;
  std::set<TopicPartition> eof_sent_;
  std::set<TopicPartition> paused_;
  size_t rr_ = 0;
};

class IngestRunnerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto suite = pipeline::TestSuitePipeline::Create(
        "pakn_ingest_runner_test", PAKN_SOURCE_DIR,
        "[kafka]\ntopics = [\"t\"]\nevents_topic = \"\"\ndlq_topic = \"\"\n"
        "[ingest]\nbatch_max_messages = 10\nbatch_max_wait_ms = 50\n"
        "give_up_after_ms = 1000\nworkers = 2\n");
    ASSERT_TRUE(suite.ok()) << suite.status().message();
    suite_ = suite->release();
  }
  static void TearDownTestSuite() { delete suite_; }

  void SetUp() override {
    store_path_ = suite_->FreshFolderForTest();
    OpenStore();
  }
  void OpenStore() {
    auto store = store::Store::OpenPrimary(store_path_, {});
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  // Runs ingest on the fake until it returns.
  Status Run(bool until_caught_up = true, bool rebuild = false) {
    IngestRunner runner(suite_->config(), store_.get(), suite_->pipeline(), nullptr,
                        [this](const PaknConfig&,
                               ConsumerListener* listener) -> StatusOr<std::unique_ptr<Consumer>> {
                          auto c = std::make_unique<FakeConsumer>(&broker_, listener);
                          fake_ = c.get();
                          return std::unique_ptr<Consumer>(std::move(c));
                        });
    runner.set_rebuild(rebuild);
    std::atomic<bool> stop{false};
    Status s = runner.Run(stop, until_caught_up);
    summary_ = runner.summary();
    return s;
  }

  void Fill(const TopicPartition& tp, int n, int first_id = 0) {
    for (int i = 0; i < n; ++i) broker_.logs[tp].push_back(PetitionJson(first_id + i));
  }
  void AssignAt(int poll, std::vector<TopicPartition> tps) {
    broker_.script[poll] = [tps](ConsumerListener*, FakeConsumer* c) { c->Assign(tps); };
  }
  int64_t Stored(const TopicPartition& tp) {
    auto next = store_->NextOffset(tp.first, tp.second);
    EXPECT_TRUE(next.ok());
    return next.ok() && next->has_value() ? **next : -1;
  }
  bool Has(int id) {
    auto p = store_->GetPetition(StrCat("P-", id));
    return p.ok() && p->has_value();
  }

  static pipeline::TestSuitePipeline* suite_;
  std::string store_path_;
  std::unique_ptr<store::Store> store_;
  FakeConsumer::Shared broker_;
  FakeConsumer* fake_ = nullptr;
  IngestSummary summary_;
};

pipeline::TestSuitePipeline* IngestRunnerTest::suite_ = nullptr;

TEST_F(IngestRunnerTest, StoresEveryMessageInBatchesAndStopsWhenCaughtUp) {
  Fill({"t", 0}, 25);
  Fill({"t", 1}, 7, 100);
  AssignAt(0, {{"t", 0}, {"t", 1}});
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(broker_.subscribed, std::vector<std::string>{"t"});
  EXPECT_EQ(summary_.messages, 32u);
  EXPECT_EQ(summary_.created, 32u) << summary_.rejected << " rejected";
  // batch_max_messages = 10: no WriteBatch held more.
  EXPECT_GE(summary_.batches, 4u);
  for (int i = 0; i < 25; ++i) EXPECT_TRUE(Has(i)) << i;
  for (int i = 100; i < 107; ++i) EXPECT_TRUE(Has(i)) << i;
  EXPECT_EQ(Stored({"t", 0}), 25);
  EXPECT_EQ(Stored({"t", 1}), 7);
  // The advisory commits end at the same offsets, and the consumer left the group.
  EXPECT_EQ(broker_.committed[TopicPartition("t", 0)], 25);
  EXPECT_EQ(broker_.committed[TopicPartition("t", 1)], 7);
  EXPECT_TRUE(broker_.closed);
}

TEST_F(IngestRunnerTest, AnAssignmentStartsAtTheStoredOffsetNotTheGroupsCommit) {
  Fill({"t", 0}, 12);
  AssignAt(0, {{"t", 0}});
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(Stored({"t", 0}), 12);
  // The group's commit went back (a Kafka-side mistake); more messages came.
  broker_.committed[TopicPartition("t", 0)] = 3;
  Fill({"t", 0}, 5, 12);
  broker_.polls = 0;
  broker_.starts.clear();
  ASSERT_TRUE(Run().ok());
  ASSERT_EQ(broker_.starts.size(), 1u);
  EXPECT_EQ(broker_.starts[0], std::vector<int64_t>{12});
  EXPECT_EQ(summary_.messages, 5u);
  EXPECT_EQ(summary_.duplicates, 0u);
  EXPECT_EQ(Stored({"t", 0}), 17);
}

TEST_F(IngestRunnerTest, ARevokedPartitionIsWrittenBeforeItIsGivenUp) {
  Fill({"t", 0}, 8);
  Fill({"t", 1}, 8, 100);
  AssignAt(0, {{"t", 0}, {"t", 1}});
  // After a few messages are read (not yet written), partition 1 is taken away: by the time
  // the consumer gives it up (OnRevoked returns), what was read from it is in the store with
  // its offset, for the next owner to go on from.
  int64_t stored_when_given_up = -1;
  broker_.script[4] = [&](ConsumerListener*, FakeConsumer* c) {
    c->Revoke({{"t", 1}});
    stored_when_given_up = Stored({"t", 1});
  };
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(stored_when_given_up, 2);  // polls 1 and 3 read t[1]@0 and @1 (round robin)
  EXPECT_EQ(Stored({"t", 1}), 2);      // and nothing after the revocation
  EXPECT_TRUE(Has(100));
  EXPECT_TRUE(Has(101));
  for (int i = 102; i < 108; ++i) EXPECT_FALSE(Has(i)) << i;
  EXPECT_EQ(Stored({"t", 0}), 8);  // partition 0 was read to its end
}

TEST_F(IngestRunnerTest, NothingAssignedYetIsNotCaughtUp) {
  Fill({"t", 0}, 3);
  Fill({"t", 1}, 3, 100);
  // The group takes a while to hand out partitions: ingest waits for them instead of taking
  // "no partition" for "every partition at its end".
  AssignAt(500, {{"t", 0}, {"t", 1}});
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(Stored({"t", 0}), 3);
  EXPECT_EQ(Stored({"t", 1}), 3);
}

TEST_F(IngestRunnerTest, CaughtUpWaitsForEveryAssignedPartition) {
  Fill({"t", 0}, 2);
  Fill({"t", 1}, 40, 100);  // longer than a batch: its end comes batches after partition 0's
  AssignAt(0, {{"t", 0}, {"t", 1}});
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(Stored({"t", 0}), 2);
  EXPECT_EQ(Stored({"t", 1}), 40);
  EXPECT_EQ(summary_.messages, 42u);
}

TEST_F(IngestRunnerTest, GivesUpWhenNoBrokerAnswersForGiveUpAfterMs) {
  // No assignment ever comes; librdkafka reports all brokers down.
  broker_.script[0] = [](ConsumerListener* l, FakeConsumer*) { l->OnBrokersDown(); };
  Status s = Run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("no Kafka broker reachable"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("ingest.give_up_after_ms"), std::string::npos) << s.message();
}

TEST_F(IngestRunnerTest, AFatalClientErrorStopsTheRunAndTheStoreStaysExact) {
  Fill({"t", 0}, 30);
  AssignAt(0, {{"t", 0}});
  broker_.script[15] = [](ConsumerListener* l, FakeConsumer*) {
    l->OnFatal("fatal Kafka error: Local: Fatal error: fenced");
  };
  Status s = Run(/*until_caught_up=*/false);  // only the error ends it
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("fenced"), std::string::npos) << s.message();
  // Whatever was written came with its offset, and nothing beyond it: a restart reads on from
  // there, nothing lost, nothing twice.
  const int64_t stored = Stored({"t", 0});
  EXPECT_LT(stored, 30);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(Has(i), i < stored) << i;
  EXPECT_TRUE(broker_.closed);
}

TEST_F(IngestRunnerTest, AnEmptyStoreRefusesPartitionsTheGroupHasReadUnlessRebuild) {
  Fill({"t", 0}, 5);
  broker_.committed[TopicPartition("t", 0)] = 5;  // another store read them
  AssignAt(0, {{"t", 0}});
  Status s = Run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("t[0] up to 5"), std::string::npos) << s.message();
  EXPECT_TRUE(summary_.store_lost);
  EXPECT_FALSE(Has(0));
  // --rebuild reads them again from the beginning into this store.
  broker_.polls = 0;
  ASSERT_TRUE(Run(/*until_caught_up=*/true, /*rebuild=*/true).ok());
  EXPECT_FALSE(summary_.store_lost);
  EXPECT_EQ(Stored({"t", 0}), 5);
  EXPECT_TRUE(Has(4));
}

TEST_F(IngestRunnerTest, ALostRebalanceForgetsEveryPartition) {
  Fill({"t", 0}, 3);
  AssignAt(0, {{"t", 0}});
  // The group's rebalance fails after a message was read: nothing is assigned any more, so
  // ingest is not "caught up"; the next assignment starts from the store again.
  broker_.script[1] = [](ConsumerListener*, FakeConsumer* c) { c->LoseAll(); };
  AssignAt(3, {{"t", 0}});
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(Stored({"t", 0}), 3);
  EXPECT_GE(broker_.starts.size(), 2u);
}

}  // namespace
}  // namespace pakn::ingest
