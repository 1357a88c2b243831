#include "classify/router.h"

#include <gtest/gtest.h>

namespace pakn::classify {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    normalizer_ = std::move(*n);
  }
  StatusOr<RuleSet> Parse(std::string_view text) {
    return ParseRuleSet(text, "rules.toml", *normalizer_);
  }
  std::unique_ptr<Normalizer> normalizer_;
};

constexpr std::string_view kRules = R"(
[defaults]
unrouted_agency = "VP"
deadline_days = 15

[[rule]]
id = "traffic"
keywords = ["ổ gà", "Đèn tín hiệu"]
agency = "SO-XD"
topic = "giao_thong"
priority = "high"
deadline_days = 5

[[rule]]
id = "vehicles"
keywords = ["xe"]
topic_hints = ["xe_co"]
agency = "CA"
topic = "xe"
)";

TEST_F(RouterTest, FirstMatchingRuleWinsWithDiacriticFreeKeywords) {
  auto rules = Parse(kRules);
  ASSERT_TRUE(rules.ok()) << rules.status();
  Router router(std::move(*rules));
  const auto d = router.Route(normalizer_->SearchKey("Đường có nhiều Ổ GÀ, xe đi khó"), "");
  EXPECT_EQ(d.rule_id, "traffic");
  EXPECT_EQ(d.agency, "SO-XD");
  EXPECT_EQ(d.priority, "high");
  EXPECT_EQ(d.deadline_days, 5);
  EXPECT_EQ(d.matched, "ổ gà");
  EXPECT_EQ(d.ruleset_version.size(), 16u);
}

TEST_F(RouterTest, KeywordMatchesWholeWordsOnly) {
  auto rules = Parse(kRules);
  ASSERT_TRUE(rules.ok());
  Router router(std::move(*rules));
  EXPECT_EQ(router.Route(normalizer_->SearchKey("đề nghị xét duyệt hồ sơ"), "").rule_id, "");
  EXPECT_EQ(router.Route(normalizer_->SearchKey("xe tải chạy ban đêm"), "").rule_id, "vehicles");
  EXPECT_EQ(router.Route(normalizer_->SearchKey("xe"), "").rule_id, "vehicles");
}

TEST_F(RouterTest, EarlierRuleWinsWhereverItsKeywordStands) {
  auto rules = Parse(kRules);
  ASSERT_TRUE(rules.ok());
  Router router(std::move(*rules));
  // "xe" (rule 2) comes first in the text, "den tin hieu" (rule 1) last, at the very end.
  const auto d = router.Route("xe cho hang dung truoc den tin hieu", "");
  EXPECT_EQ(d.rule_id, "traffic");
  EXPECT_EQ(d.matched, "Đèn tín hiệu");
  // A multi-word keyword cut off by the end of the text does not match.
  EXPECT_EQ(router.Route("cho o", "").rule_id, "");
}

TEST_F(RouterTest, ReportsTheRulesFirstKeywordThatMatches) {
  auto rules = Parse(kRules);
  ASSERT_TRUE(rules.ok());
  Router router(std::move(*rules));
  EXPECT_EQ(router.Route("den tin hieu hong va o ga", "").matched, "ổ gà");
}

TEST_F(RouterTest, TopicHintMatches) {
  auto rules = Parse(kRules);
  ASSERT_TRUE(rules.ok());
  Router router(std::move(*rules));
  EXPECT_EQ(router.Route("khong lien quan", "xe_co").matched, "topic_hint:xe_co");
}

TEST_F(RouterTest, UnmatchedGoesToExplicitUnroutedTopic) {
  auto rules = Parse(kRules);
  ASSERT_TRUE(rules.ok());
  Router router(std::move(*rules));
  const auto d = router.Route("cam on can bo phuong", "");
  EXPECT_EQ(d.rule_id, "");
  EXPECT_EQ(d.agency, "VP");
  EXPECT_EQ(d.topic, "unrouted");
  EXPECT_EQ(d.deadline_days, 15);
}

TEST_F(RouterTest, RejectsDuplicateIdsWithLine) {
  auto r = Parse("[[rule]]\nid = \"a\"\nkeywords = [\"x\"]\nagency = \"A\"\ntopic = \"t\"\n"
                 "[[rule]]\nid = \"a\"\nkeywords = [\"y\"]\nagency = \"A\"\ntopic = \"t\"\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("rules.toml:7: rule[1].id: duplicate rule id 'a'"),
            std::string::npos)
      << r.status();
}

TEST_F(RouterTest, RejectsKeywordThatNormalizesToNothing) {
  auto r = Parse("[[rule]]\nid = \"a\"\nkeywords = [\"?!\"]\nagency = \"A\"\ntopic = \"t\"\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("normalizes to nothing"), std::string::npos);
}

TEST_F(RouterTest, RejectsUnknownKeyAndBadPriority) {
  auto a = Parse("[[rule]]\nid = \"a\"\nkeyword = [\"x\"]\nagency = \"A\"\ntopic = \"t\"\n");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("rules.toml:3: rule[0].keyword: unknown key"),
            std::string::npos)
      << a.status();
  auto b = Parse("[[rule]]\nid = \"a\"\nkeywords = [\"x\"]\nagency = \"A\"\ntopic = \"t\"\n"
                 "priority = \"asap\"\n");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("rules.toml:6: rule[0].priority"), std::string::npos)
      << b.status();
}

TEST_F(RouterTest, VersionChangesWithTheFile) {
  auto a = Parse(kRules);
  auto b = Parse(std::string(kRules) + "\n# changed\n");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->version, b->version);
}

}  // namespace
}  // namespace pakn::classify
