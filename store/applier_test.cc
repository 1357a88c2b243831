#include "store/applier.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/time.h"
#include "rocksdb/db.h"
#include "store/day_counts_testing.h"
#include "store/query.h"

namespace pakn::store {
namespace {

class ApplierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pakn_applier_test_" + std::to_string(::getpid()) + "_" +
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

  IncomingPetition Make(std::string id, int64_t offset, const std::string& payload,
                        int32_t partition = 0) {
    IncomingPetition in;
    in.position = {"pakn.petitions", partition, offset};
    in.received_ms = 1'795'600'000'000;
    payloads_.push_back(std::make_unique<std::string>(payload));
    in.payload = *payloads_.back();
    in.petition.id = std::move(id);
    in.petition.channel = "email";
    in.petition.submitted_at = "2026-11-25T08:00:00+07:00";
    in.petition.submitted_at_ms = *ParseRfc3339(in.petition.submitted_at);
    in.petition.title = "Tiêu đề";
    in.petition.content = payload;
    in.petition.reporter.name = "Nguyễn Văn An";
    in.search_key = "tieu de";
    in.route = {"r1", "SO-XD", "giao_thong", "normal", 20, "o ga", "v1"};
    return in;
  }
  IncomingRejection Reject(int64_t offset) {
    payloads_.push_back(std::make_unique<std::string>("{broken"));
    return IncomingRejection{{"pakn.petitions", 0, offset}, "k", 1'795'600'000'000,
                             *payloads_.back(),
                             Rejection{RejectCode::kInvalidJson, "$", "invalid_json: $: x"}};
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::unique_ptr<std::string>> payloads_;
};

TEST_F(ApplierTest, WritesRecordHistoryIndexesCountersAndOffsets) {
  Applier applier(store_.get());
  std::vector<BatchItem> batch = {Make("A", 0, "a"), Reject(1), Make("B", 2, "b")};
  auto stats = applier.Apply(batch);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->created, 2u);
  EXPECT_EQ(stats->rejected, 1u);

  auto a = store_->GetPetition("A");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->route.agency, "SO-XD");
  EXPECT_EQ((*a)->day, "2026-11-25");
  EXPECT_EQ((*a)->petition.reporter.name, "Nguyễn Văn An");
  auto history = store_->History("A");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].type, "received");
  EXPECT_EQ((*history)[1].type, "routed");
  EXPECT_EQ(*store_->NextOffset("pakn.petitions", 0), std::optional<int64_t>(3));
  auto b = store_->GetPetition("B");
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_NE((*b)->payload_seq, 0u);
  auto payload = store_->Get(kCfPayloads, PayloadSeqKey((*b)->payload_seq));
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(payload->value_or(""), "b");
  auto outbox = store_->Get(kCfDlqOutbox, RejectionKey("pakn.petitions", 0, 1));
  ASSERT_TRUE(outbox.ok());
  EXPECT_TRUE(outbox->has_value());

  auto digest = ComputeDayDigest(*store_, "2026-11-25");
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->received, 2);
  EXPECT_EQ(digest->by_agency.at("SO-XD"), 2);
  auto recomputed = RecomputeDayDigest(*store_, "2026-11-25");
  ASSERT_TRUE(recomputed.ok());
  EXPECT_EQ(recomputed->grid, digest->grid);
}

TEST_F(ApplierTest, RedeliveryBelowStoredOffsetIsDropped) {
  Applier applier(store_.get());
  std::vector<BatchItem> first = {Make("A", 0, "a"), Make("B", 1, "b")};
  ASSERT_TRUE(applier.Apply(first).ok());
  Applier fresh(store_.get());  // a restarted process: no cache
  std::vector<BatchItem> again = {Make("A", 0, "a"), Make("B", 1, "b"), Make("C", 2, "c")};
  auto stats = fresh.Apply(again);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->stale, 2u);
  EXPECT_EQ(stats->created, 1u);
  EXPECT_EQ(store_->History("A")->size(), 2u);
}

TEST_F(ApplierTest, IdenticalMessageAtNewOffsetIsANoOp) {
  Applier applier(store_.get());
  std::vector<BatchItem> batch = {Make("A", 0, "same"), Make("A", 1, "same")};
  auto stats = applier.Apply(batch);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->created, 1u);
  EXPECT_EQ(stats->duplicates, 1u);
  std::vector<BatchItem> later = {Make("A", 2, "same")};
  stats = applier.Apply(later);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->duplicates, 1u);
  EXPECT_EQ(store_->History("A")->size(), 2u);
  EXPECT_EQ(*store_->NextOffset("pakn.petitions", 0), std::optional<int64_t>(3));
}

TEST_F(ApplierTest, SameIdWithOtherContentIsAnAmendment) {
  Applier applier(store_.get());
  std::vector<BatchItem> one = {Make("A", 0, "first")};
  ASSERT_TRUE(applier.Apply(one).ok());
  std::vector<BatchItem> two = {Make("A", 1, "second"), Make("A", 2, "third")};
  auto stats = applier.Apply(two);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->amended, 2u);
  auto rec = store_->GetPetition("A");
  ASSERT_TRUE(rec.ok() && rec->has_value());
  EXPECT_EQ((*rec)->version, 3u);
  EXPECT_EQ((*rec)->petition.content, "third");
  auto history = store_->History("A");
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[2].type, "amended");
  EXPECT_EQ((*history)[3].seq, 3u);
  // Every version's bytes are kept, named by the history (received, amended) and the record.
  std::vector<std::string> versions;
  for (const StoredEvent& e : *history) {
    const size_t at = e.detail_json.find("\"payload_seq\":");
    if (at == std::string::npos) continue;
    const uint64_t seq = std::stoull(e.detail_json.substr(at + 14));
    versions.push_back(store_->Get(kCfPayloads, PayloadSeqKey(seq))->value_or("?"));
  }
  EXPECT_EQ(versions, (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(store_->Get(kCfPayloads, PayloadSeqKey((*rec)->payload_seq))->value_or(""), "third");
  // Counted once, not three times.
  EXPECT_EQ(ComputeDayDigest(*store_, "2026-11-25")->received, 1);
}

TEST_F(ApplierTest, RecordsStoredBeforePayloadSeqStillDeduplicate) {
  // The layout of stores written before payloads were keyed by arrival: payloads/id\0version,
  // and no payload_seq in the record.
  Applier applier(store_.get());
  std::vector<BatchItem> one = {Make("A", 0, "first")};
  ASSERT_TRUE(applier.Apply(one).ok());
  auto rec = store_->GetPetition("A");
  ASSERT_TRUE(rec.ok() && rec->has_value());
  StoredPetition old = **rec;
  rocksdb::WriteBatch wb;
  wb.Delete(store_->handle(kCfPayloads), PayloadSeqKey(old.payload_seq));
  wb.Put(store_->handle(kCfPayloads), PayloadKey("A", 1), "first");
  old.payload_seq = 0;
  wb.Put(store_->handle(kCfPetitions), "A", EncodePetition(old));
  ASSERT_TRUE(store_->Write(wb).ok());

  Applier again(store_.get());
  std::vector<BatchItem> same = {Make("A", 1, "first")};
  auto stats = again.Apply(same);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->duplicates, 1u);
  std::vector<BatchItem> other = {Make("A", 2, "second")};
  stats = again.Apply(other);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->amended, 1u);
  rec = store_->GetPetition("A");
  EXPECT_EQ(store_->Get(kCfPayloads, PayloadSeqKey((*rec)->payload_seq))->value_or(""), "second");
}

TEST_F(ApplierTest, PartitionsKeepTheirOwnOffsets) {
  Applier applier(store_.get());
  std::vector<BatchItem> batch = {Make("A", 5, "a", 0), Make("B", 9, "b", 3)};
  ASSERT_TRUE(applier.Apply(batch).ok());
  EXPECT_EQ(*store_->NextOffset("pakn.petitions", 0), std::optional<int64_t>(6));
  EXPECT_EQ(*store_->NextOffset("pakn.petitions", 3), std::optional<int64_t>(10));
  EXPECT_EQ(*store_->NextOffset("pakn.petitions", 1), std::optional<int64_t>());
}

TEST_F(ApplierTest, ReaderFollowsTheWriter) {
  Applier applier(store_.get());
  auto reader = Store::OpenReader(dir_.string());
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<BatchItem> batch = {Make("A", 0, "a")};
  ASSERT_TRUE(applier.Apply(batch).ok());
  ASSERT_TRUE((*reader)->CatchUp().ok());
  auto a = (*reader)->GetPetition("A");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->has_value());
}

// A reader opened on a store that lacks a column family (here texts/, as in a store written
// before it existed) sees it once the writer has created it: after an upgrade, an operator
// command that waits for ingest through a reader gets the new records with their text.
TEST_F(ApplierTest, ReaderFindsAFamilyCreatedAfterItOpened) {
  store_.reset();
  {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (int cf = 0; cf < kCfCount; ++cf)
      families.emplace_back(kColumnFamilyNames[cf], rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir_.string(), families, &handles, &db)
                    .ok());
    ASSERT_TRUE(db->DropColumnFamily(handles[kCfTexts]).ok());
    for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
    delete db;
  }
  auto reader = Store::OpenReader(dir_.string());
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->handle(kCfTexts), nullptr);
  ASSERT_TRUE((*reader)->CatchUp().ok());  // nothing new: stays as it is
  EXPECT_EQ((*reader)->handle(kCfTexts), nullptr);

  auto writer = Store::OpenPrimary(dir_.string(), {});  // the upgraded ingest creates texts/
  ASSERT_TRUE(writer.ok()) << writer.status();
  Applier applier(writer->get());
  std::vector<BatchItem> batch = {Make("A", 0, "a")};
  ASSERT_TRUE(applier.Apply(batch).ok());
  ASSERT_TRUE((*reader)->CatchUp().ok());
  EXPECT_NE((*reader)->handle(kCfTexts), nullptr);
  auto a = (*reader)->GetPetition("A");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->petition.title, "Tiêu đề");
  EXPECT_EQ((*a)->text_at, TextAt::kLoaded);
}

TEST_F(ApplierTest, SecondWriterIsRefusedWithAClearMessage) {
  auto second = Store::OpenPrimary(dir_.string(), {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("already running"), std::string::npos);
}

}  // namespace
}  // namespace pakn::store

namespace pakn::store {
namespace {

TEST(StoreReaderTest, OpensWhileTheWriterHasNotCreatedEveryColumnFamily) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("pakn_reader_partial_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    // A store with only the default column family: what a reader can meet while the writer
    // is still creating the others.
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, dir.string(), &raw).ok());
    delete raw;
  }
  auto reader = Store::OpenReader(dir.string());
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto p = (*reader)->GetPetition("X");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->has_value());
  int rows = 0;
  ASSERT_TRUE((*reader)->Scan(kCfOffsets, "", "", [&](std::string_view, std::string_view) {
    ++rows;
    return true;
  }).ok());
  EXPECT_EQ(rows, 0);
  reader->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pakn::store
