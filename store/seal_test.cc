#include "store/seal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/time.h"
#include "rocksdb/db.h"
#include "store/applier.h"
#include "store/store.h"

namespace pakn::store {
namespace {

constexpr const char* kKeyA = "k1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr const char* kKeyB = "k2 ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

KeyRing Ring(std::string_view text) {
  auto r = KeyRing::Parse(text, "test");
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

TEST(KeyRingTest, ParsesLinesCommentsAndSemicolons) {
  KeyRing r = Ring(std::string("# keys\n") + kKeyB + "  # new\n\n" + kKeyA + "\n");
  ASSERT_EQ(r.keys().size(), 2u);
  EXPECT_EQ(r.current().id, "k2");
  EXPECT_EQ(r.current().bytes[0], 0xff);
  ASSERT_NE(r.Find("k1"), nullptr);
  EXPECT_EQ(r.Find("k1")->bytes[31], 0x1f);
  EXPECT_EQ(r.Find("k3"), nullptr);
  EXPECT_EQ(Ring(std::string(kKeyA) + ";" + kKeyB).keys().size(), 2u);
  // A ';' inside a comment is part of the comment (pakn store-key writes such a header).
  EXPECT_EQ(Ring(std::string("# new values; the others\n") + kKeyA).keys().size(), 1u);
  EXPECT_EQ(
      Ring("k1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f").current().id,
      "k1");
}

TEST(KeyRingTest, SaysWhatIsWrongAndWhere) {
  auto error = [](std::string_view text) {
    auto r = KeyRing::Parse(text, "/etc/pakn/store.key");
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_EQ(error(""), "/etc/pakn/store.key: no key in it (expected 'id key' lines)");
  EXPECT_EQ(error("# only a comment\n"),
            "/etc/pakn/store.key: no key in it (expected 'id key' lines)");
  EXPECT_EQ(error("k1"),
            "/etc/pakn/store.key: entry 1: expected 'id key' (a key id, then 64 hex digits)");
  EXPECT_EQ(error("\nk1 00ff"),
            "/etc/pakn/store.key: entry 2: key 'k1': expected 64 hex digits (32 bytes), got 4 "
            "characters");
  EXPECT_EQ(error("k1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g"),
            "/etc/pakn/store.key: entry 1: key 'k1': not a hex digit at column 64");
  EXPECT_EQ(error("k/1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            "/etc/pakn/store.key: entry 1: key id 'k/1': expected letters, digits, '.', '_' or "
            "'-' only");
  EXPECT_EQ(error(std::string(kKeyA) + "\n" + kKeyA),
            "/etc/pakn/store.key: entry 2: key id 'k1' given twice");
}

TEST(SealTest, RoundTripsShortAndCompressibleValues) {
  const KeyRing ring = Ring(kKeyA);
  std::string big;
  for (int i = 0; i < 200; ++i) big += "Đường Nguyễn Trãi bị ngập sâu, xin xử lý. ";
  for (const std::string& plain :
       {std::string(), std::string("x"), std::string("{\"a\":1}"), big}) {
    const std::string sealed = SealValue(ring.current(), "texts", "key1", plain);
    EXPECT_TRUE(IsSealed(sealed));
    EXPECT_EQ(SealedKeyId(sealed), "k1");
    EXPECT_EQ(sealed.find("Nguyễn"), std::string::npos);
    auto opened = OpenValue(&ring, "texts", "key1", sealed);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(*opened, plain);
  }
  // Compressed inside: far smaller than the text.
  EXPECT_LT(SealValue(ring.current(), "texts", "k", big).size(), big.size() / 4);
  // Two seals of the same value differ (random nonces).
  EXPECT_NE(SealValue(ring.current(), "texts", "k", "v"),
            SealValue(ring.current(), "texts", "k", "v"));
}

TEST(SealTest, ValuesInClearReadAsTheyAre) {
  const KeyRing ring = Ring(kKeyA);
  for (std::string_view v : {"", "{\"id\":\"A\"}", "\0\0\0\x05meta", "\xff"}) {
    EXPECT_FALSE(IsSealed(v));
    auto opened = OpenValue(&ring, "texts", "k", v);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(*opened, v);
    EXPECT_TRUE(OpenValue(nullptr, "texts", "k", v).ok());
  }
}

TEST(SealTest, RefusesTamperedMovedAndUnknownKeyValues) {
  const KeyRing ring = Ring(kKeyA);
  const std::string sealed = SealValue(ring.current(), "texts", "key1", "Nguyễn Văn An");
  std::string flipped = sealed;
  flipped[flipped.size() - 20] ^= 1;
  auto tampered = OpenValue(&ring, "texts", "key1", flipped);
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(tampered.status().message().find("does not open with key 'k1'"), std::string::npos);
  // Copied under another key or column family: does not open.
  EXPECT_EQ(OpenValue(&ring, "texts", "key2", sealed).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(OpenValue(&ring, "payloads", "key1", sealed).status().code(), StatusCode::kDataLoss);
  // A key id changed in the header: the header is authenticated too.
  const KeyRing both = Ring(
      std::string(kKeyA) + "\nk3 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  std::string renamed = sealed;
  renamed[5] = '3';
  EXPECT_EQ(OpenValue(&both, "texts", "key1", renamed).status().code(), StatusCode::kDataLoss);
  // Unknown key, no key.
  const KeyRing other = Ring(kKeyB);
  auto unknown = OpenValue(&other, "texts", "key1", sealed);
  EXPECT_EQ(unknown.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(unknown.status().message().find("sealed with key 'k1', which test does not hold"),
            std::string::npos);
  auto none = OpenValue(nullptr, "texts", "key1", sealed);
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("PAKN_STORE_KEY"), std::string::npos);
  // Truncated.
  EXPECT_FALSE(OpenValue(&ring, "texts", "key1", sealed.substr(0, sealed.size() - 1)).ok());
}

TEST(SealTest, NewKeyLinesParseAndDiffer) {
  const std::string a = NewKeyLine("k2026"), b = NewKeyLine("k2026");
  EXPECT_NE(a, b);
  EXPECT_EQ(Ring(a).current().id, "k2026");
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv(kStoreKeyEnv);
    path_ = std::filesystem::temp_directory_path() / ("pakn_key_" + std::to_string(::getpid()));
    std::ofstream(path_) << kKeyA << "\n";
  }
  void TearDown() override {
    ::unsetenv(kStoreKeyEnv);
    std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
};

TEST_F(KeyFileTest, ReadsAPrivateFileRefusesAnOpenOneAndPrefersTheEnvironment) {
  ::chmod(path_.c_str(), 0600);
  auto ring = LoadKeyRing(path_.string());
  ASSERT_TRUE(ring.ok()) << ring.status();
  ASSERT_NE(*ring, nullptr);
  EXPECT_EQ((*ring)->current().id, "k1");

  ::chmod(path_.c_str(), 0644);
  auto open = LoadKeyRing(path_.string());
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("(mode 644); chmod 600 it"), std::string::npos);

  auto none = LoadKeyRing("");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, nullptr);
  EXPECT_FALSE(LoadKeyRing("/nonexistent/store.key").ok());

  ::setenv(kStoreKeyEnv, kKeyB, 1);
  auto env = LoadKeyRing(path_.string());  // the open file is not even read
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ((*env)->current().id, "k2");
  EXPECT_EQ((*env)->origin(), kStoreKeyEnv);
}

// A store written with keys: no value of any column family holds what the citizen wrote, read
// straight from RocksDB; through Store it reads back whole. The same run without keys finds
// the name in clear (the check can fail).
class SealedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pakn_sealed_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(std::shared_ptr<const KeyRing> keys) {
    auto s = Store::OpenPrimary(dir_.string(), {.keys = std::move(keys)});
    ASSERT_TRUE(s.ok()) << s.status();
    Applier applier(s->get());
    IncomingPetition in;
    in.position = {"pakn.petitions", 0, 0};
    in.received_ms = 1'795'600'000'000;
    in.payload = payload_;
    in.petition.id = "A";
    in.petition.channel = "email";
    in.petition.submitted_at = "2026-11-25T08:00:00+07:00";
    in.petition.submitted_at_ms = *ParseRfc3339(in.petition.submitted_at);
    in.petition.title = "Ngập nước";
    in.petition.content = "Tôi là Trần Thị Bích Ngọc, gọi 0912345678";
    in.petition.reporter.name = "Trần Thị Bích Ngọc";
    in.petition.reporter.email = "ngoc.tran@example.vn";
    in.search_key = "ngap nuoc";
    in.route = {"r1", "SO-XD", "giao_thong", "normal", 20, "o ga", "v1"};
    IncomingRejection bad{{"pakn.petitions", 0, 1},
                          "k",
                          1'795'600'000'000,
                          reject_payload_,
                          Rejection{RejectCode::kInvalidJson, "$", "invalid_json: $: x"}};
    std::vector<BatchItem> batch = {in, bad};
    auto stats = applier.Apply(batch);
    ASSERT_TRUE(stats.ok()) << stats.status();
  }

  // Column families whose raw values contain `needle`.
  std::vector<std::string> RawHits(std::string_view needle) {
    std::vector<std::string> names;
    EXPECT_TRUE(rocksdb::DB::ListColumnFamilies({}, dir_.string(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> d;
    for (const auto& n : names) d.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    rocksdb::DBOptions o;
    EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(o, dir_.string(), d, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::vector<std::string> hits;
    for (auto* h : handles) {
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, h));
      for (it->SeekToFirst(); it->Valid(); it->Next())
        if (it->value().ToStringView().find(needle) != std::string_view::npos) {
          hits.push_back(h->GetName());
          break;
        }
    }
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    return hits;
  }

  std::filesystem::path dir_;
  std::string payload_ =
      R"({"id":"A","reporter":{"name":"Trần Thị Bích Ngọc","email":"ngoc.tran@example.vn"}})";
  std::string reject_payload_ = R"({"reporter":{"email":"ngoc.tran@example.vn"})";
};

TEST_F(SealedStoreTest, NoValueHoldsPersonalDataInClear) {
  auto keys = std::make_shared<const KeyRing>(Ring(kKeyA));
  Write(keys);
  EXPECT_EQ(RawHits("ngoc.tran@example.vn"), std::vector<std::string>{});
  EXPECT_EQ(RawHits("Bích Ngọc"), std::vector<std::string>{});
  EXPECT_EQ(RawHits("0912345678"), std::vector<std::string>{});

  auto reader = Store::OpenReader(dir_.string(), keys);
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto rec = (*reader)->GetPetition("A");
  ASSERT_TRUE(rec.ok() && rec->has_value()) << rec.status();
  EXPECT_EQ((*rec)->petition.reporter.email, "ngoc.tran@example.vn");
  EXPECT_EQ((*rec)->petition.content, "Tôi là Trần Thị Bích Ngọc, gọi 0912345678");
  auto payload = (*reader)->Get(kCfPayloads, PayloadSeqKey((*rec)->payload_seq));
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(payload->value_or(""), payload_);
  auto history = (*reader)->History(**rec);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->size(), 2u);
  auto rejection = (*reader)->Get(kCfRejections, RejectionKey("pakn.petitions", 0, 1));
  ASSERT_TRUE(rejection.ok() && rejection->has_value());
  auto decoded = DecodeRejection(**rejection);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->raw, reject_payload_);
}

TEST_F(SealedStoreTest, WithoutKeysTheSameRunLeavesItInClear) {
  Write(nullptr);
  const auto hits = RawHits("ngoc.tran@example.vn");
  EXPECT_NE(std::find(hits.begin(), hits.end(), "texts"), hits.end());
  EXPECT_NE(std::find(hits.begin(), hits.end(), "payloads"), hits.end());
  EXPECT_NE(std::find(hits.begin(), hits.end(), "rejections"), hits.end());
}

TEST_F(SealedStoreTest, OpensOnlyWithItsKey) {
  Write(std::make_shared<const KeyRing>(Ring(kKeyA)));
  auto no_key = Store::OpenReader(dir_.string());
  ASSERT_FALSE(no_key.ok());
  EXPECT_NE(no_key.status().message().find("its personal data is sealed (keys: k1) and this "
                                           "process has no key"),
            std::string::npos)
      << no_key.status();
  EXPECT_FALSE(Store::OpenPrimary(dir_.string(), {}).ok());  // would write in clear
  // Another key under the same id: refused before anything is written with it.
  auto wrong = Store::OpenPrimary(
      dir_.string(), {.keys = std::make_shared<const KeyRing>(Ring(
                          "k1 ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"))});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("is not the key 'k1' this store was sealed with"),
            std::string::npos)
      << wrong.status();
}

TEST_F(SealedStoreTest, ARotatedRingSealsWithTheNewKeyAndOpensTheOld) {
  Write(std::make_shared<const KeyRing>(Ring(kKeyA)));
  auto rotated = std::make_shared<const KeyRing>(Ring(std::string(kKeyB) + "\n" + kKeyA));
  {
    auto s = Store::OpenPrimary(dir_.string(), {.keys = rotated});
    ASSERT_TRUE(s.ok()) << s.status();
    const std::string sealed = (*s)->Seal(kCfTexts, "x", "new");
    EXPECT_EQ(SealedKeyId(sealed), "k2");
    EXPECT_EQ((*s)->Seal(kCfPetitions, "x", "record"), "record");  // records are not sealed
    auto rec = (*s)->GetPetition("A");
    ASSERT_TRUE(rec.ok() && rec->has_value()) << rec.status();
    EXPECT_EQ((*rec)->petition.reporter.name, "Trần Thị Bích Ngọc");
  }
  // The old key alone still opens what it sealed (the new key's check is not its business).
  auto old_only = Store::OpenReader(dir_.string(), std::make_shared<const KeyRing>(Ring(kKeyA)));
  ASSERT_TRUE(old_only.ok()) << old_only.status();
  auto rec = (*old_only)->GetPetition("A");
  ASSERT_TRUE(rec.ok() && rec->has_value()) << rec.status();
}

}  // namespace
}  // namespace pakn::store
