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

TEST_F(RulesTest, EqualEvidenceIsDecidedByOrderThenFilePosition) {
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

TEST_F(RulesTest, BestEvidenceWinsAndOrderOnlyBreaksTies) {
  auto e = Compile(R"(
[[rule]]
id = "water"
order = 100
any = ["cấp nước"]
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "road"
order = 900
any = ["ổ gà", "mặt đường", "sụt lún"]
agency = "SO-XD"
topic = "giao_thong"
)");
  ASSERT_TRUE(e);
  // Three road terms against one water term: the road rule wins despite its later order.
  const auto d = Route(*e, "mặt đường sụt lún, nhiều ổ gà sau khi thi công đường ống cấp nước");
  EXPECT_EQ(d.rule_id, "road");
  EXPECT_EQ(d.score, 3);
  EXPECT_EQ(d.margin, 2);
  EXPECT_EQ(d.also_matched, (std::vector<std::string>{"water"}));
  // One term each: the order decides.
  EXPECT_EQ(Route(*e, "ổ gà gần trạm cấp nước").rule_id, "water");
}

TEST_F(RulesTest, TitleTermsWeighMore) {
  auto e = Compile(R"(
[[rule]]
id = "school"
order = 900
any = ["phòng học", "học sinh"]
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "damage"
order = 100
any = ["bong tróc", "thấm dột"]
agency = "SO-XD"
topic = "giao_thong"
)");
  ASSERT_TRUE(e);
  const std::string title = "Phòng học xuống cấp";
  const std::string text = title + " tường bong tróc, trần thấm dột";
  key_ = Key(text);
  RouteInput in{.search_key = key_};
  // Without the title known: 2 against 1, damage wins.
  EXPECT_EQ(e->Route(in).rule_id, "damage");
  in.title_bytes = TitleKeyBytes(*normalizer_, title, key_);
  EXPECT_EQ(in.title_bytes, Key(title).size());
  // "phòng học" in the title counts twice ([defaults] title_weight = 2): 2 against 2, and
  // the tie goes to the lower order... so weigh the title 3 times to see it win.
  EXPECT_EQ(e->Route(in).rule_id, "damage");
  auto files = Files(R"(
[[rule]]
id = "school"
order = 900
any = ["phòng học", "học sinh"]
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "damage"
order = 100
any = ["bong tróc", "thấm dột"]
agency = "SO-XD"
topic = "giao_thong"
)");
  files[0].text = std::string(testing_rules::kTaxonomy).replace(std::string(testing_rules::kTaxonomy).find("deadline = \"std\""),
                                                  16, "deadline = \"std\"\ntitle_weight = 3");
  auto e3 = RuleEngine::Compile(files, *normalizer_, nullptr);
  ASSERT_TRUE(e3.ok()) << e3.status();
  const auto d = (*e3)->Route(in);
  EXPECT_EQ(d.rule_id, "school");
  EXPECT_EQ(d.score, 3);
  const auto x = (*e3)->Explain(in);
  ASSERT_EQ(x.rules.size(), 2u);
  EXPECT_EQ(x.rules[0].rule_id, "school");  // ranked, not in evaluation order
  ASSERT_EQ(x.rules[0].terms.size(), 1u);
  EXPECT_TRUE(x.rules[0].terms[0].in_title);
  EXPECT_EQ(x.rules[0].terms[0].contribution, 3);
  EXPECT_EQ(x.rules[1].rank_score, 2);
}

TEST_F(RulesTest, LessLowersTheScoreWhereNoneExcludes) {
  auto e = Compile(R"(
[[rule]]
id = "water"
any = ["nước máy", "mất nước"]
less = ["thoát nước"]
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "drain"
any = ["thoát nước", "cống"]
none = ["nước máy"]
agency = "SO-XD"
topic = "giao_thong"
)");
  ASSERT_TRUE(e);
  // A tap-water complaint that mentions drainage stays with water (2 - 1 = 1 against 1 and
  // the order); `none` would have removed the water rule.
  auto d = Route(*e, "nhà tôi mất nước máy ba ngày, cạnh hệ thống thoát nước");
  EXPECT_EQ(d.rule_id, "water");
  EXPECT_EQ(d.score, 1);
  EXPECT_EQ(d.also_matched.size(), 0u);  // drain is excluded by its `none`
  // With more drainage evidence the drain rule wins.
  d = Route(*e, "cống thoát nước tắc, mất nước");
  EXPECT_EQ(d.rule_id, "drain");
  const auto x = e->Explain({.search_key = Key("mất nước, thoát nước kém")});
  ASSERT_FALSE(x.rules.empty());
  bool less_shown = false;
  for (const MatchedRule& r : x.rules)
    for (const MatchedTerm& t : r.terms)
      if (t.role == "less") {
        less_shown = true;
        EXPECT_EQ(t.contribution, -1);
      }
  EXPECT_TRUE(less_shown);
}

TEST_F(RulesTest, DecisiveRuleBeatsAnyEvidence) {
  auto e = Compile(R"(
[[rule]]
id = "fraud"
decisive = true
any = ["lừa đảo"]
agency = "CONG-AN"
topic = "an_ninh"

[[rule]]
id = "road"
any = ["ổ gà", "mặt đường", "sụt lún"]
agency = "SO-XD"
topic = "giao_thong"
)");
  ASSERT_TRUE(e);
  const auto d = Route(*e, "kẻ lừa đảo nhận sửa ổ gà, mặt đường sụt lún");
  EXPECT_EQ(d.rule_id, "fraud");
  EXPECT_TRUE(d.decisive);
  EXPECT_EQ(d.margin, -2);  // less evidence than the road rule, decisive all the same
}

TEST_F(RulesTest, AddresseeAndAgencyNamesAreNoEvidence) {
  auto files = Files(R"(
[[rule]]
id = "env"
any = ["môi trường"]
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "power"
any = ["mất điện"]
agency = "SO-XD"
topic = "giao_thong"
)");
  files[0].text = std::string(testing_rules::kTaxonomy).replace(
      std::string(testing_rules::kTaxonomy).find("deadline = \"std\""), 16,
      "deadline = \"std\"\nnot_evidence = [\"Sở Nông nghiệp và Môi trường\", \"kính gửi\"]");
  auto e = RuleEngine::Compile(files, *normalizer_, nullptr);
  ASSERT_TRUE(e.ok()) << e.status();
  key_ = Key("Kính gửi Sở Nông nghiệp và Môi trường. Khu phố mất điện từ sáng");
  const auto d = (*e)->Route({.search_key = key_});
  EXPECT_EQ(d.rule_id, "power");
  EXPECT_TRUE(d.also_matched.empty());
  const auto x = (*e)->Explain({.search_key = key_});
  EXPECT_EQ(x.ignored, (std::vector<std::string>{"kính gửi", "Sở Nông nghiệp và Môi trường"}));
  // Outside the agency's name the words are evidence again.
  EXPECT_EQ((*e)->Route({.search_key = Key("ô nhiễm môi trường")}).rule_id, "env");
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
