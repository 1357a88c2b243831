#include "ingest/processor.h"

#include "base/strings.h"
#include "base/time.h"
#include "classify/rules_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

namespace pakn::ingest {
namespace {

class ProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = classify::Normalizer::Create();
    ASSERT_TRUE(n.ok());
    normalizer_ = std::move(*n);
    router_ = Rules("[[rule]]\nid = \"road\"\nany = [\"ổ gà\"]\nagency = \"SO-XD\"\n"
                    "topic = \"giao_thong\"\n");
    ASSERT_NE(router_, nullptr);
    cleaner_ = std::make_unique<classify::TextCleaner>(normalizer_.get(),
                                                       classify::TextCleanerOptions{});
  }
  std::shared_ptr<const classify::RuleEngine> Rules(std::string rules) {
    const std::vector<classify::RuleFileText> files = {
        {"taxonomy.toml", classify::testing_rules::kTaxonomy}, {"rules.toml", std::move(rules)}};
    auto engine = classify::RuleEngine::Compile(files, *normalizer_, nullptr);
    EXPECT_TRUE(engine.ok()) << engine.status();
    return engine.ok() ? std::shared_ptr<const classify::RuleEngine>(std::move(*engine))
                       : nullptr;
  }
  std::unique_ptr<classify::Normalizer> normalizer_;
  std::shared_ptr<const classify::RuleEngine> router_;
  std::unique_ptr<classify::TextCleaner> cleaner_;
};

std::string Petition(std::string_view id, std::string_view content) {
  return "{\"schema_version\":1,\"id\":\"" + std::string(id) +
         "\",\"channel\":\"email\",\"submitted_at\":\"2026-11-25T08:00:00+07:00\","
         "\"title\":\"Ph\xE1\xBA\xA3n \xC3\xA1nh\",\"content\":\"" + std::string(content) + "\"}";
}

TEST_F(ProcessorTest, ParsesNormalizesAndRoutesInInputOrder) {
  MessageProcessor processor(normalizer_.get(), cleaner_.get(), nullptr, router_, {}, 3);
  std::vector<std::string> payloads;
  for (int i = 0; i < 100; ++i)
    payloads.push_back(i % 10 == 0 ? std::string("{broken")
                                   : Petition("P" + std::to_string(i),
                                              i % 2 ? "\xE1\xBB\x94 g\xC3\xA0  tr\xC3\xAAn\\u200b ph\xE1\xBB\x91"
                                                    : "Kh\xC3\xB4ng r\xC3\xB5"));
  std::vector<RawMessage> raws;
  for (int i = 0; i < 100; ++i)
    raws.push_back(RawMessage{{"t", 0, i}, "k", payloads[i], 1000});
  std::vector<store::BatchItem> items;
  processor.Process(raws, items);
  ASSERT_EQ(items.size(), 100u);
  for (int i = 0; i < 100; ++i) {
    if (i % 10 == 0) {
      const auto* r = std::get_if<store::IncomingRejection>(&items[i]);
      ASSERT_NE(r, nullptr) << i;
      EXPECT_EQ(r->position.offset, i);
      EXPECT_EQ(r->rejection.code, RejectCode::kInvalidJson);
      continue;
    }
    const auto* p = std::get_if<store::IncomingPetition>(&items[i]);
    ASSERT_NE(p, nullptr) << i;
    EXPECT_EQ(p->petition.id, "P" + std::to_string(i));
    EXPECT_EQ(p->position.offset, i);
    if (i % 2) {
      EXPECT_EQ(p->route.rule_id, "road") << p->search_key;
      EXPECT_EQ(p->petition.content, "\xE1\xBB\x94 g\xC3\xA0 tr\xC3\xAAn ph\xE1\xBB\x91");
      EXPECT_EQ(p->search_key, "phan anh o ga tren pho");
    } else {
      EXPECT_EQ(p->route.topic, "unrouted");
    }
  }
}

TEST_F(ProcessorTest, RepairsAreReportedWithThePetition) {
  MessageProcessor processor(normalizer_.get(), cleaner_.get(), nullptr, router_, {}, 1);
  // "hoà" (new style) becomes "hòa" (the default old style); Icelandic eth becomes Đ.
  const std::string payload = Petition("P1", "Kh\u00f4ng ho\u00e0 \u00d0\u01b0\u1eddng");
  const auto item = processor.ProcessOne(RawMessage{{"t", 0, 0}, "k", payload, 0});
  const auto* p = std::get_if<store::IncomingPetition>(&item);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->petition.content, "Kh\u00f4ng h\u00f2a \u0110\u01b0\u1eddng");
  EXPECT_EQ(p->repairs, (std::vector<std::string>{"tone:style", "lookalike:U+00D0"}));
}

TEST_F(ProcessorTest, DueAtCountsDaysAgainstTheHolidayCalendar) {
  auto calendar = track::HolidayCalendar::Parse(
      "[[holiday]]\ndate = 2026-04-30\nname = \"Ngày Giải phóng miền Nam\"\n"
      "[[holiday]]\ndate = 2026-05-01\nname = \"Quốc tế Lao động\"\n",
      "holidays.toml");
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  // Submitted Tuesday 2026-04-28: working days 29/4 (1), then 30/4 and 1/5 are off, the weekend,
  // 4/5 (2), 5/5 (3): three working days end on Tuesday 5 May at 23:59:59.999 local.
  std::string payload = Petition("P1", "\u1ed4 g\u00e0");
  payload.replace(payload.find("2026-11-25T08:00:00+07:00"), 25, "2026-04-28T10:00:00+07:00");
  // The rule's policy "fast": 5 working days.
  auto router = Rules("[[rule]]\nid = \"r\"\nany = [\"ổ gà\"]\nagency = \"SO-XD\"\n"
                      "topic = \"giao_thong\"\ndeadline = \"fast\"\n");
  ASSERT_NE(router, nullptr);
  MessageProcessor with_rule(normalizer_.get(), cleaner_.get(), nullptr, router, {}, 1, false,
                             &*calendar, track::DayCount::kCalendar);
  const auto item = with_rule.ProcessOne(RawMessage{{"t", 0, 0}, "k", payload, 0});
  const auto* p = std::get_if<store::IncomingPetition>(&item);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(LocalDateTime(p->due_ms), "2026-05-07T23:59:59+07:00");  // 30/4, 1/5 and a weekend skipped
  EXPECT_EQ(p->deadline_policy, "fast");
}

TEST_F(ProcessorTest, InvisibleOnlyTextIsRejected) {
  MessageProcessor processor(normalizer_.get(), cleaner_.get(), nullptr, router_, {}, 1);
  const std::string payload = Petition("P1", "\\u200b\\u00ad ");
  const auto item = processor.ProcessOne(RawMessage{{"t", 0, 0}, "k", payload, 0});
  const auto* r = std::get_if<store::IncomingRejection>(&item);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->rejection.field, "$.content");
}

// The worst shapes of text, at 64 KiB, 256 KiB and 1 MiB of content: the cost must grow
// linearly (a ratio of the best of three runs, not a wall-clock limit; 16x the text may cost
// about 16x, never 256x). A long run of combining marks is refused by the work budget.
TEST_F(ProcessorTest, HostileTextCostsLinearTime) {
  MessageProcessor processor(normalizer_.get(), cleaner_.get(), nullptr, router_, {}, 1);
  struct Shape {
    const char* name;
    std::string unit;  // repeated to the size (JSON-escaped content)
    bool rejected;
  };
  const Shape shapes[] = {
      {"alternating combining marks U+0301 U+0323", "\u0301\u0323", true},
      {"one syllable of accented letters", "á»Æ°", false},  // ờư, no space
      {"ordinary accented words", "TrÆ°á»ng há»""c ", false},
      {"a letter and its marks, repeated", "a\u0301\u0323", false},
  };
  for (const Shape& shape : shapes) {
    auto best = [&](size_t bytes) {
      std::string content;
      while (content.size() < bytes) content += shape.unit;
      const std::string payload = Petition("P1", content);
      double t = 1e9;
      for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const auto item =
            processor.ProcessOne(RawMessage{{"t", 0, 0}, "k", payload, 0});
        t = std::min(t, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        const auto* r = std::get_if<store::IncomingRejection>(&item);
        EXPECT_EQ(r != nullptr, shape.rejected) << shape.name << (r ? ": " + r->rejection.reason : "");
        if (r && shape.rejected) {
          EXPECT_EQ(r->rejection.reason.rfind("bad_value: $.content: a run of ", 0), 0u)
              << r->rejection.reason;
        }
      }
      return t;
    };
    // Content just under the 1 MiB message limit at the large end.
    const double small = best(63 << 10), mid = best(252 << 10), large = best(1008 << 10);
    EXPECT_LT(large, 32 * small + 0.01) << shape.name << ": 63 KiB " << small << " s, 252 KiB "
                                        << mid << " s, 1008 KiB " << large << " s";
  }
}

// Dates no petition can carry are dead letters naming $.submitted_at: before 2000, from 2100
// (a year-9999 date once rolled over into year 10000 and broke the digest's recount), or more
// than a day after the message reached Kafka.
TEST_F(ProcessorTest, ImplausibleSubmissionTimesAreRejected) {
  MessageProcessor processor(normalizer_.get(), cleaner_.get(), nullptr, router_, {}, 1);
  const int64_t reached = *ParseRfc3339("2026-11-26T10:00:00+07:00");
  auto process = [&](std::string_view at, int64_t message_ms) {
    std::string payload = Petition("P1", "\u1ed4 g\u00e0");
    const std::string usual = "2026-11-25T08:00:00+07:00";
    payload.replace(payload.find(usual), usual.size(), at);
    return processor.ProcessOne(RawMessage{{"t", 0, 0}, "k", payload, message_ms});
  };
  EXPECT_TRUE(std::holds_alternative<store::IncomingPetition>(
      process("2026-11-25T08:00:00+07:00", reached)));
  EXPECT_TRUE(std::holds_alternative<store::IncomingPetition>(
      process("2026-11-27T09:00:00+07:00", reached)));  // within a day: clock skew
  EXPECT_TRUE(std::holds_alternative<store::IncomingPetition>(
      process("2000-01-01T00:00:00+07:00", reached)));
  const std::pair<std::string_view, std::string_view> kRefused[] = {
      {"9999-12-31T23:59:59Z", "'9999-12-31T23:59:59Z' is after 2099"},
      {"1999-12-31T23:59:59+07:00", "'1999-12-31T23:59:59+07:00' is before 2000-01-01"},
      {"0001-01-01T00:00:00Z", "is before 2000-01-01"},
      {"2026-11-27T10:00:01+07:00",
       "is more than a day after the message reached Kafka (2026-11-26T10:00:00+07:00)"},
  };
  for (const auto& [at, why] : kRefused) {
    const auto item = process(at, reached);
    const auto* r = std::get_if<store::IncomingRejection>(&item);
    ASSERT_NE(r, nullptr) << at;
    EXPECT_EQ(r->rejection.code, RejectCode::kBadValue);
    EXPECT_EQ(r->rejection.field, "$.submitted_at");
    EXPECT_NE(r->rejection.reason.find(why), std::string::npos) << r->rejection.reason;
  }
  // Events: an operator may date an act ahead (--now), so only the fixed bounds apply.
  processor.set_events_topic("ev");
  auto event = [&](std::string_view at) {
    const std::string payload = StrCat(
        "{\"schema_version\":1,\"event_id\":\"E1\",\"petition_id\":\"P1\",\"type\":"
        "\"accept\",\"at\":\"", at, "\",\"actor\":\"cb\"}");
    return processor.ProcessOne(RawMessage{{"ev", 0, 0}, "P1", payload, reached});
  };
  EXPECT_TRUE(std::holds_alternative<store::IncomingEvent>(event("2027-03-01T09:00:00+07:00")));
  const auto late = event("9999-12-31T23:59:59Z");
  const auto* r = std::get_if<store::IncomingRejection>(&late);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->rejection.field, "$.at");
  EXPECT_NE(r->rejection.reason.find("is after 2099"), std::string::npos);
  // A message without a usable timestamp: only the fixed bounds apply.
  EXPECT_TRUE(std::holds_alternative<store::IncomingPetition>(
      process("2026-11-27T10:00:01+07:00", 0)));
}

}  // namespace
}  // namespace pakn::ingest
