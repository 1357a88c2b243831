// The semantics of the rule engine (docs/routing.md "Semantics"), one behaviour per test.
#include "classify/rules.h"

#include <gtest/gtest.h>

#include "classify/rules_test_util.h"

namespace pakn::classify {
namespace {

class RulesTest : public testing_rules::RulesTestBase {
 protected:
  RouteDecision Route(const RuleEngine& e, std::string_view text, RouteInput in = {}) {
    key_ = Key(text);
    in.search_key = key_;
    return e.Route(in);
  }
  std::string key_;
};

TEST_F(RulesTest, KeywordsMatchAtSyllableBoundariesWithOrWithoutDiacritics) {
  auto e = Compile(R"(
[[rule]]
id = "xe"
any = ["xe"]
agency = "CONG-AN"
topic = "an_ninh"
)");
  ASSERT_TRUE(e);
  EXPECT_EQ(Route(*e, "Đề nghị xét duyệt hồ sơ").rule_id, "");  // "xe" is not "xét"
  EXPECT_EQ(Route(*e, "xe tải chạy ban đêm").rule_id, "xe");
  EXPECT_EQ(Route(*e, "XE").rule_id, "xe");
  EXPECT_EQ(Route(*e, "ôxe").rule_id, "");
  EXPECT_EQ(Route(*e, "đỗ xe.").matched, "xe");
}

TEST_F(RulesTest, PhrasesMatchWholeAndInOrder) {
  auto e = Compile(R"(
[[rule]]
id = "o-ga"
any = ["ổ gà"]
agency = "SO-XD"
topic = "giao_thong"
)");
  ASSERT_TRUE(e);
  EXPECT_EQ(Route(*e, "Đường có nhiều Ổ GÀ").rule_id, "o-ga");
  EXPECT_EQ(Route(*e, "duong co o ga").rule_id, "o-ga");
  EXPECT_EQ(Route(*e, "gà ổ").rule_id, "");
  EXPECT_EQ(Route(*e, "ổ-gà!").rule_id, "o-ga");  // punctuation is a separator
  EXPECT_EQ(Route(*e, "ổ bánh, gà rán").rule_id, "");
  EXPECT_EQ(Route(*e, "o").rule_id, "");
}

TEST_F(RulesTest, AnyNeedsOneKeywordOrTheWeightedScore) {
  auto e = Compile(R"(
[[rule]]
id = "weighted"
any = ["sụt lún", "nứt", "đường"]
weights = { "sụt lún" = 3, "nứt" = 2 }
min_score = 3
agency = "SO-XD"
topic = "giao_thong"
)");
  ASSERT_TRUE(e);
  EXPECT_EQ(Route(*e, "đường bị sụt lún").rule_id, "weighted");
  EXPECT_EQ(Route(*e, "nứt đường").rule_id, "weighted");       // 2 + 1
  EXPECT_EQ(Route(*e, "nứt tường, nứt nền").rule_id, "");      // a keyword counts once
  EXPECT_EQ(Route(*e, "đường đường đường").rule_id, "");
  auto x = e->Explain({.search_key = Key("nứt đường")});
  ASSERT_EQ(x.rules.size(), 1u);
  EXPECT_EQ(x.rules[0].score, 3);
}

TEST_F(RulesTest, AllNeedsEveryKeywordAndNoneBlocks) {
  auto e = Compile(R"(
[[rule]]
id = "both"
all = ["xe tải", "ban đêm"]
none = ["đã xử lý"]
agency = "CONG-AN"
topic = "an_ninh"
)");
  ASSERT_TRUE(e);
  EXPECT_EQ(Route(*e, "xe tải chạy ban đêm").rule_id, "both");
  EXPECT_EQ(Route(*e, "ban đêm có xe tải").rule_id, "both");  // any order
  EXPECT_EQ(Route(*e, "xe tải chạy ban ngày").rule_id, "");
  EXPECT_EQ(Route(*e, "xe tải ban đêm, công an đã xử lý").rule_id, "");
}

TEST_F(RulesTest, FieldConditionsUseTheInputFields) {
  auto e = Compile(R"(
[[rule]]
id = "hotline-hanoi"
any = ["ồn"]
channel = ["hotline"]
province = ["01"]
agency = "CONG-AN"
topic = "an_ninh"

[[rule]]
id = "hint-only"
topic_hint = ["giao_thong"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "ward-kind"
kind = ["kien_nghi"]
ward = ["00004"]
agency = "UBND-XA"
topic = "xay_dung"
)");
  ASSERT_TRUE(e);
  EXPECT_EQ(Route(*e, "ồn", {.channel = "hotline", .province_code = "01"}).rule_id,
            "hotline-hanoi");
  EXPECT_EQ(Route(*e, "ồn", {.channel = "email", .province_code = "01"}).rule_id, "");
  EXPECT_EQ(Route(*e, "ồn", {.channel = "hotline"}).rule_id, "");  // unknown never matches
  const auto hint = Route(*e, "không liên quan", {.topic_hint = "giao_thong"});
  EXPECT_EQ(hint.rule_id, "hint-only");
  EXPECT_EQ(hint.matched, "topic_hint:giao_thong");
  EXPECT_EQ(Route(*e, "x", {.kind = "kien_nghi", .ward_code = "00004"}).rule_id, "ward-kind");
  EXPECT_EQ(Route(*e, "x", {.kind = "phan_anh", .ward_code = "00004"}).rule_id, "");
}

TEST_F(RulesTest, RegexRunsOnTheSearchKey) {
  auto e = Compile(R"(
[[rule]]
id = "plate"
regex = ['\b\d{2}[a-z]\d? \d{3} ?\d{2}\b']
agency = "CONG-AN"
topic = "an_ninh"
)");
  ASSERT_TRUE(e);
  const auto d = Route(*e, "Xe biển số 29A-123.45 chạy ẩu");
  EXPECT_EQ(d.rule_id, "plate");
  EXPECT_EQ(d.matched, "regex:\\b\\d{2}[a-z]\\d? \\d{3} ?\\d{2}\\b");
  EXPECT_EQ(Route(*e, "không có biển số").rule_id, "");
}

TEST_F(RulesTest, AgencyDependsOnTheArea) {
  auto e = Compile(R"(
[[rule]]
id = "quy-hoach"
any = ["quy hoạch"]
agency = "SO-XD"
agency_by_province = { "01" = "SO-QHKT" }
topic = "xay_dung"

[[rule]]
id = "via-he"
any = ["vỉa hè"]
agency = "UBND-XA"
topic = "xay_dung"

[[rule]]
id = "national"
any = ["bộ"]
agency = "BO-XD"
topic = "xay_dung"
)");
  ASSERT_TRUE(e);
  auto hanoi = Route(*e, "thông tin quy hoạch", {.province_code = "01"});
  EXPECT_EQ(hanoi.agency, "SO-QHKT");
  EXPECT_EQ(hanoi.agency_area, "01");
  auto hue = Route(*e, "thông tin quy hoạch", {.province_code = "46"});
  EXPECT_EQ(hue.agency, "SO-XD");
  EXPECT_EQ(hue.agency_area, "46");  // the Department of Construction of Huế
  EXPECT_EQ(Route(*e, "thông tin quy hoạch").agency_area, "");  // province unknown
  EXPECT_EQ(Route(*e, "lấn chiếm vỉa hè", {.province_code = "01", .ward_code = "00004"})
                .agency_area,
            "00004");
  EXPECT_EQ(Route(*e, "lấn chiếm vỉa hè", {.province_code = "01"}).agency_area, "01");
  EXPECT_EQ(Route(*e, "bộ", {.province_code = "01"}).agency_area, "");
}

TEST_F(RulesTest, FirstMatchInOrderThenFilePositionWins) {
  auto e = Compile(R"(
[[rule]]
id = "late"
order = 2000
any = ["đường"]
agency = "SO-XD"
topic = "giao_thong"
tags = ["duong"]

[[rule]]
id = "first-in-file"
any = ["ổ gà"]
agency = "SO-XD"
topic = "giao_thong"
priority = "high"
deadline = "fast"
tags = ["o-ga", "duong"]

[[rule]]
id = "second-in-file"
any = ["xe máy"]
agency = "CONG-AN"
topic = "an_ninh"
tags = ["xe"]
)");
  ASSERT_TRUE(e);
  // All three match; the keyword's position in the text does not matter.
  const auto d = Route(*e, "xe máy ngã vì ổ gà trên đường");
  EXPECT_EQ(d.rule_id, "first-in-file");
  EXPECT_EQ(d.priority, "high");
  EXPECT_EQ(d.deadline_policy, "fast");
  EXPECT_EQ(d.deadline_days, 5);
  EXPECT_EQ(d.also_matched, (std::vector<std::string>{"second-in-file", "late"}));
  EXPECT_EQ(d.tags, (std::vector<std::string>{"o-ga", "duong", "xe"}));
  EXPECT_EQ(Route(*e, "đường xe máy").rule_id, "second-in-file");
  EXPECT_EQ(Route(*e, "đường").rule_id, "late");
}

TEST_F(RulesTest, TaggingRulesAddTagsAndRaisePriorityButNeverRoute) {
  auto e = Compile(R"(
[[rule]]
id = "urgent"
primary = false
any = ["nguy hiểm"]
tags = ["khan-cap"]
priority = "urgent"

[[rule]]
id = "road"
any = ["ổ gà"]
agency = "SO-XD"
topic = "giao_thong"
priority = "low"
)");
  ASSERT_TRUE(e);
  const auto d = Route(*e, "ổ gà rất nguy hiểm");
  EXPECT_EQ(d.rule_id, "road");
  EXPECT_EQ(d.priority, "urgent");
  EXPECT_EQ(d.tags, (std::vector<std::string>{"khan-cap"}));
  EXPECT_EQ(d.also_matched, (std::vector<std::string>{"urgent"}));
  const auto u = Route(*e, "nguy hiểm");
  EXPECT_EQ(u.rule_id, "");
  EXPECT_EQ(u.topic, "unrouted");
  EXPECT_EQ(u.priority, "urgent");
}

TEST_F(RulesTest, NoMatchGoesToTheExplicitUnroutedTopic) {
  auto e = Compile(R"(
[[rule]]
id = "road"
any = ["ổ gà"]
agency = "SO-XD"
topic = "giao_thong"
)");
  ASSERT_TRUE(e);
  const auto d = Route(*e, "cảm ơn cán bộ phường", {.province_code = "79"});
  EXPECT_EQ(d.rule_id, "");
  EXPECT_EQ(d.topic, "unrouted");
  EXPECT_EQ(d.agency, "VP-UBND");
  EXPECT_EQ(d.agency_area, "79");
  EXPECT_EQ(d.deadline_policy, "std");
  EXPECT_EQ(d.deadline_days, 20);
  EXPECT_EQ(d.priority, "normal");
  EXPECT_EQ(d.ruleset_version, e->version());
  EXPECT_EQ(Route(*e, "").topic, "unrouted");
}

TEST_F(RulesTest, ExplainShowsTermsWithPositionsFieldsAndEveryMatchingRule) {
  auto e = Compile(R"(
[[rule]]
id = "road"
any = ["ổ gà", "mặt đường"]
channel = ["hotline"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "bike"
any = ["xe máy"]
agency = "CONG-AN"
topic = "an_ninh"
)");
  ASSERT_TRUE(e);
  const std::string key = Key("Xe máy sập ổ gà");
  const auto x = e->Explain({.search_key = key, .channel = "hotline"});
  EXPECT_EQ(x.decision.rule_id, "road");
  EXPECT_EQ(x.agency_name_vi, "Sở Xây dựng");
  EXPECT_EQ(x.topic_name_vi, "Giao thông");
  ASSERT_EQ(x.rules.size(), 2u);
  EXPECT_EQ(x.rules[0].rule_id, "road");
  EXPECT_EQ(x.rules[0].fields, (std::vector<std::string>{"channel=hotline"}));
  ASSERT_EQ(x.rules[0].terms.size(), 1u);
  EXPECT_EQ(x.rules[0].terms[0].keyword, "ổ gà");
  EXPECT_EQ(key.substr(x.rules[0].terms[0].begin,
                       x.rules[0].terms[0].end - x.rules[0].terms[0].begin),
            "o ga");
  EXPECT_EQ(x.rules[0].line, 2);
  EXPECT_EQ(x.rules[1].rule_id, "bike");
  EXPECT_EQ(x.rules[1].terms[0].begin, 0u);
}

TEST_F(RulesTest, VersionIsAHashOfTheFiles) {
  auto a = Compile("[[rule]]\nid = \"a\"\nany = [\"x\"]\nagency = \"SO-XD\"\ntopic = \"xay_dung\"\n");
  auto b = Compile("[[rule]]\nid = \"a\"\nany = [\"x\"]\nagency = \"SO-XD\"\ntopic = \"xay_dung\"\n#\n");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->version().size(), 16u);
  EXPECT_NE(a->version(), b->version());
}

TEST_F(RulesTest, CompileFailsWithEveryErrorAsFileLineKey) {
  auto files = Files(R"(
[[rule]]
id = "a"
any = ["?!"]
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "b"
any = ["x"]
agency = "NOPE"
topic = "xay_dung"
)");
  auto e = RuleEngine::Compile(files, *normalizer_, nullptr);
  ASSERT_FALSE(e.ok());
  const std::string& m = e.status().message();
  EXPECT_NE(m.find("rules.toml:4: rule[0].any: keyword '?!' normalizes to nothing"),
            std::string::npos) << m;
  EXPECT_NE(m.find("rules.toml:11: rule[1].agency: unknown agency 'NOPE'"), std::string::npos)
      << m;
}

TEST_F(RulesTest, DefaultRuleSetLoadsWithoutErrorsOrWarnings) {
  auto places = PlaceIndex::Create(*normalizer_);
  ASSERT_TRUE(places.ok());
  auto files = ReadRuleDir(PAKN_SOURCE_DIR "/config/routing");
  ASSERT_TRUE(files.ok()) << files.status();
  for (const RuleFinding& f : CheckRules(*files, *normalizer_, places->get()))
    ADD_FAILURE() << f.ToString();
  auto e = RuleEngine::Compile(*files, *normalizer_, places->get());
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_GE((*e)->keyword_count(), 300u);
}

}  // namespace
}  // namespace pakn::classify
