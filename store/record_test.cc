#include "store/record.h"

#include <gtest/gtest.h>

#include "store/schema.h"

namespace pakn::store {
namespace {

TEST(RecordTest, PetitionRoundTrips) {
  StoredPetition s;
  s.petition.id = "X-1";
  s.petition.channel = "sms";
  s.petition.title = "Tiêu đề \"trích\"\n";
  s.petition.content = "Nội dung";
  s.petition.location.lat = 10.5;
  s.petition.attachments.push_back({"a.pdf", "application/pdf", 12, "", ""});
  s.route = {"r", "A", "t", "high", 7, "kw", "abc"};
  s.version = 2;
  s.payload_hash = 0xFFFFFFFFFFFFFFFFULL;
  s.event_count = 5;
  auto d = DecodePetition(EncodePetition(s));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->petition.title, s.petition.title);
  EXPECT_EQ(d->petition.location.lat, 10.5);
  EXPECT_EQ(d->petition.attachments.at(0).size, 12);
  EXPECT_EQ(d->route.priority, "high");
  EXPECT_EQ(d->payload_hash, s.payload_hash);
  EXPECT_EQ(d->event_count, 5u);
  EXPECT_EQ(d->corrected_topic, "");
}

// An operator's corrected topic (transfer --topic) is kept beside the route; records written
// before it existed read as uncorrected.
TEST(RecordTest, CorrectedTopicRoundTripsBesideTheRoute) {
  StoredPetition s;
  s.petition.id = "X-1";
  s.route = {"r", "SO-XD", "xay_dung", "normal", 20, "kw", "abc"};
  s.agency = "SO-NNMT";
  s.corrected_topic = "moi_truong";
  const std::string json = EncodePetition(s);
  EXPECT_NE(json.find(R"("corrected_topic":"moi_truong")"), std::string::npos) << json;
  auto d = DecodePetition(json);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->corrected_topic, "moi_truong");
  EXPECT_EQ(d->route.topic, "xay_dung");
  EXPECT_EQ(d->agency, "SO-NNMT");
  s.corrected_topic.clear();
  EXPECT_EQ(EncodePetition(s).find("corrected_topic"), std::string::npos);
}

TEST(RecordTest, SearchKeyIsDerivedNotStored) {
  auto normalizer = classify::Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  StoredPetition s;
  s.petition.id = "X-2";
  s.petition.title = "Ổ gà trên đường";
  s.petition.content = "Đề nghị sửa chữa";
  s.search_key = (*normalizer)->SearchKeyFromCanonical("Ổ gà trên đường Đề nghị sửa chữa");
  const std::string encoded = EncodePetition(s);
  EXPECT_EQ(encoded.find("search_key"), std::string::npos);
  auto d = DecodePetition(encoded);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->search_key.empty());
  EXPECT_EQ(SearchKeyOf(*d, **normalizer), "o ga tren duong de nghi sua chua");
  EXPECT_EQ(SearchKeyOf(*d, **normalizer), s.search_key);
  // A record stored before the key was dropped keeps its own.
  auto old = DecodePetition(R"({"id":"X-3","title":"a","content":"b","search_key":"old key"})");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(SearchKeyOf(*old, **normalizer), "old key");
}

TEST(RecordTest, RejectionKeepsRawBytesExactly) {
  StoredRejection r;
  r.position = {"t", 3, 99};
  r.rejection = {RejectCode::kInvalidUtf8, "$", "invalid_utf8: $: at byte 2"};
  r.raw = std::string("a\xFF\0b", 4);
  auto d = DecodeRejection(EncodeRejection(r));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->raw, r.raw);
  EXPECT_EQ(d->rejection.code, RejectCode::kInvalidUtf8);
  EXPECT_EQ(d->position.offset, 99);
}

TEST(RecordTest, CorruptValuesAreDataLoss) {
  EXPECT_EQ(DecodePetition("{nope").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodeRejection("ab").status().code(), StatusCode::kDataLoss);
}

TEST(SchemaTest, KeysSortNumericallyAndParseBack) {
  EXPECT_LT(EventKey("A", 2), EventKey("A", 10));
  EXPECT_LT(RejectionKey("t", 0, 255), RejectionKey("t", 0, 256));
  auto parts = ParseRejectionKey(RejectionKey("pakn.petitions", 4, 1234567));
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->topic, "pakn.petitions");
  EXPECT_EQ(parts->partition, 4);
  EXPECT_EQ(parts->offset, 1234567);
  EXPECT_EQ(DecodeCount(EncodeCount(-3)), -3);
}

}  // namespace
}  // namespace pakn::store
