// The checker's findings (docs/routing.md "The checker"): each names file:line, the key, and
// what was expected.
#include <algorithm>

#include <gtest/gtest.h>

#include "classify/rules.h"
#include "classify/rules_test_util.h"

namespace pakn::classify {
namespace {

class RulesCheckTest : public testing_rules::RulesTestBase {
 protected:
  // The findings as "file:line: key: message" strings.
  std::vector<std::string> Findings(const std::string& rules) {
    std::vector<std::string> out;
    for (const RuleFinding& f : Check(rules)) out.push_back(f.ToString());
    return out;
  }
  // Only the errors, as strings.
  std::vector<std::string> Errors(const std::string& rules) {
    std::vector<std::string> out;
    for (const RuleFinding& f : Check(rules))
      if (f.severity == RuleFinding::Severity::kError) out.push_back(f.ToString());
    return out;
  }
  static bool Has(const std::vector<std::string>& all, std::string_view needle) {
    return std::any_of(all.begin(), all.end(),
                       [&](const std::string& s) { return s.find(needle) != std::string::npos; });
  }
  static std::string Dump(const std::vector<std::string>& all) {
    std::string s;
    for (const auto& f : all) s += f + "\n";
    return s;
  }
};

TEST_F(RulesCheckTest, ValidRulesHaveNoFindings) {
  auto f = Findings("[[rule]]\nid = \"a\"\nany = [\"ổ gà\"]\nagency = \"SO-XD\"\n"
                    "topic = \"giao_thong\"\n");
  EXPECT_TRUE(f.empty()) << Dump(f);
}

TEST_F(RulesCheckTest, FindsDuplicateIds) {
  auto f = Findings("[[rule]]\nid = \"a\"\nany = [\"x\"]\nagency = \"SO-XD\"\ntopic = \"xay_dung\"\n"
                    "[[rule]]\nid = \"a\"\nany = [\"y\"]\nagency = \"SO-XD\"\ntopic = \"xay_dung\"\n");
  EXPECT_TRUE(Has(f, "rules.toml:7: rule[1].id: duplicate rule id 'a'; first used at rules.toml:2"))
      << Dump(f);
}

TEST_F(RulesCheckTest, FindsUnknownAgenciesTopicsPoliciesAndAreaCodes) {
  auto f = Findings(R"([[rule]]
id = "a"
any = ["x"]
agency = "SO-XYZ"
topic = "nope"
deadline = "never"
province = ["1", "01"]
ward = ["123"]
agency_by_province = { "99x" = "SO-NONE" }
)");
  EXPECT_TRUE(Has(f, "rules.toml:4: rule[0].agency: unknown agency 'SO-XYZ'")) << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:5: rule[0].topic: unknown topic 'nope'")) << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:6: rule[0].deadline: unknown deadline policy 'never'"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:7: rule[0].province: unknown province code '1'")) << Dump(f);
  EXPECT_FALSE(Has(f, "province code '01'")) << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:8: rule[0].ward: unknown ward code '123'")) << Dump(f);
  EXPECT_TRUE(Has(f, "rule[0].agency_by_province: unknown province code '99x'")) << Dump(f);
  EXPECT_TRUE(Has(f, "unknown agency 'SO-NONE'")) << Dump(f);
}

TEST_F(RulesCheckTest, ChecksAreaCodesAgainstThePlaceIndex) {
  auto places = PlaceIndex::Create(*normalizer_);
  ASSERT_TRUE(places.ok());
  auto files = Files("[[rule]]\nid = \"a\"\nany = [\"x\"]\nprovince = [\"02\", \"79\"]\n"
                     "agency = \"SO-XD\"\ntopic = \"xay_dung\"\n");
  std::vector<std::string> f;
  for (const auto& x : CheckRules(files, *normalizer_, places->get())) f.push_back(x.ToString());
  // "02" (Hà Giang) no longer exists as a province after 2025.
  EXPECT_TRUE(Has(f, "rules.toml:4: rule[0].province: unknown province code '02'")) << Dump(f);
  EXPECT_FALSE(Has(f, "'79'")) << Dump(f);
}

TEST_F(RulesCheckTest, FindsKeywordsThatNormalizeToNothing) {
  auto f = Findings("[[rule]]\nid = \"a\"\nany = [\"x\", \"…\"]\nnone = [\" - \"]\n"
                    "agency = \"SO-XD\"\ntopic = \"xay_dung\"\n");
  EXPECT_TRUE(Has(f, "rules.toml:3: rule[0].any: keyword '…' normalizes to nothing")) << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:4: rule[0].none: keyword ' - ' normalizes to nothing"))
      << Dump(f);
}

TEST_F(RulesCheckTest, FindsRulesShadowedByADecisiveRule) {
  auto f = Findings(R"([[rule]]
id = "broad"
decisive = true
any = ["đường", "cầu"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "phrase"
any = ["mặt đường hư hỏng"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "narrower-fields"
all = ["cầu", "sập"]
channel = ["hotline"]
agency = "CONG-AN"
topic = "an_ninh"

[[rule]]
id = "not-shadowed"
any = ["ổ gà", "đường"]
agency = "SO-XD"
topic = "giao_thong"
)");
  EXPECT_TRUE(Has(f, "rules.toml:8: rule[1]: rule 'phrase' can never be the primary route: "
                     "rule 'broad' (rules.toml:1) is decisive")) << Dump(f);
  EXPECT_TRUE(Has(f, "rule 'narrower-fields' can never be the primary route")) << Dump(f);
  EXPECT_FALSE(Has(f, "'not-shadowed'")) << Dump(f);
}

TEST_F(RulesCheckTest, RulesThatAreNotDecisiveShadowNothing) {
  auto f = Errors(R"([[rule]]
id = "broad"
any = ["đường", "cầu"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "phrase"
any = ["mặt đường hư hỏng"]
agency = "SO-XD"
topic = "giao_thong"
)");
  EXPECT_TRUE(f.empty()) << Dump(f);  // "phrase" wins where it has more evidence
}

TEST_F(RulesCheckTest, WarnsAboutKeywordsThatTwoTopicsShare) {
  auto f = Findings(R"([[rule]]
id = "water"
any = ["cấp nước", "nước máy"]
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "road"
any = ["ổ gà", "cấp nước"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "water-2"
any = ["nước máy"]
agency = "SO-XD"
topic = "xay_dung"
)");
  EXPECT_TRUE(Has(f, "rules.toml:7: rule[1]: warning: keyword 'cấp nước' of rule 'road' (topic "
                     "giao_thong) is also evidence for rule 'water' (topic xay_dung, rules.toml:1)"))
      << Dump(f);
  EXPECT_FALSE(Has(f, "'water-2'")) << Dump(f);  // the same topic
}

TEST_F(RulesCheckTest, DecisiveNeedsAPrimaryRuleAndLessWeightsAreChecked) {
  auto f = Findings(R"([[rule]]
id = "tag"
primary = false
decisive = true
any = ["nguy hiểm"]
tags = ["x"]

[[rule]]
id = "w"
any = ["nước máy"]
less = ["thoát nước"]
weights = { "thoát nước" = 3, "không có" = 2 }
agency = "SO-XD"
topic = "xay_dung"
)");
  EXPECT_TRUE(Has(f, "rules.toml:4: rule[0].decisive: a tagging rule (primary = false) decides "
                     "nothing")) << Dump(f);
  EXPECT_TRUE(Has(f, "expected one of the rule's `any` or `less` keywords")) << Dump(f);
  EXPECT_FALSE(Has(f, "weights.\"thoát nước\"")) << Dump(f);
}

TEST_F(RulesCheckTest, LaterOrderOrExtraFieldsOrNoneAvoidShadowing) {
  auto f = Errors(R"([[rule]]
id = "broad"
order = 2000
any = ["đường"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "specific"
any = ["đường sắt"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "hotline-only"
any = ["cầu"]
channel = ["hotline"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "bridge"
any = ["cầu"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "excluding"
any = ["đèn"]
none = ["đèn đỏ"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "red-light"
any = ["vượt đèn"]
agency = "CONG-AN"
topic = "an_ninh"
)");
  EXPECT_TRUE(f.empty()) << Dump(f);
}

TEST_F(RulesCheckTest, WeightedAnyShadowsOnlyWhenTheScoreIsGuaranteed) {
  auto f = Findings(R"([[rule]]
id = "scored"
decisive = true
any = ["sụt lún", "nứt"]
weights = { "sụt lún" = 2 }
min_score = 2
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "crack"
any = ["nứt"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "sink"
any = ["đường sụt lún"]
agency = "SO-XD"
topic = "giao_thong"
)");
  EXPECT_FALSE(Has(f, "'crack' can never")) << Dump(f);
  EXPECT_TRUE(Has(f, "'sink' can never be the primary route: rule 'scored'")) << Dump(f);
}

TEST_F(RulesCheckTest, FindsRulesThatCanNeverMatch) {
  auto f = Findings(R"([[rule]]
id = "contradiction"
all = ["xe tải"]
none = ["xe"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "unreachable-score"
any = ["a", "b"]
min_score = 3
agency = "SO-XD"
topic = "giao_thong"
)");
  EXPECT_TRUE(Has(f, "rules.toml:1: rule[0]: rule 'contradiction' can never match")) << Dump(f);
  EXPECT_TRUE(Has(f, "rule 'unreachable-score' can never match")) << Dump(f);
}

TEST_F(RulesCheckTest, ReportsEveryFormatErrorNotOnlyTheFirst) {
  auto f = Findings(R"([[rule]]
id = "a"
keywords = ["x"]
any = "x"
priority = "asap"
order = -1
weights = { "y" = 2 }
regex = ["(unclosed"]
channel = ["fax"]

[[rule]]
description = "no id, no condition"
agency = "SO-XD"
topic = "xay_dung"

[[rule]]
id = "tagger"
primary = false
any = ["x"]
topic = "xay_dung"
)");
  EXPECT_TRUE(Has(f, "rules.toml:3: rule[0].keywords: unknown key; expected one of: id,"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:4: rule[0].any: expected an array of strings")) << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:5: rule[0].priority: expected low, normal, high or urgent"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:6: rule[0].order: expected an integer from 0 to 1000000"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:7: rule[0].weights.\"y\": expected one of the rule's `any`"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:8: rule[0].regex: invalid regular expression '(unclosed'"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:9: rule[0].channel: unknown value 'fax'")) << Dump(f);
  EXPECT_TRUE(Has(f, "rule[0].topic: required")) << Dump(f);
  EXPECT_TRUE(Has(f, "rule[1].id: required")) << Dump(f);
  EXPECT_TRUE(Has(f, "rule[1]: a rule needs a condition")) << Dump(f);
  EXPECT_TRUE(Has(f, "rules.toml:20: rule[2].topic: a rule with primary = false only adds tags"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "rule[2]: a rule with primary = false needs tags or a priority")) << Dump(f);
}

TEST_F(RulesCheckTest, ReportsTomlSyntaxErrorsWithTheirLine) {
  auto f = Findings("[[rule]]\nid = \"a\"\nany = [\"x\"\n");
  ASSERT_FALSE(f.empty());
  EXPECT_TRUE(Has(f, "rules.toml:3: toml: not valid TOML")) << Dump(f);
}

TEST_F(RulesCheckTest, ChecksTheTaxonomy) {
  std::vector<RuleFileText> files = {
      {"taxonomy.toml", std::string(testing_rules::kTaxonomy) + R"(
[[agency]]
code = "SO-XD"
name_vi = "x"
name_en = "x"
scope = "province"

[[agency]]
code = "A"
name_vi = "a"
name_en = "a"
parent = "B"
scope = "region"

[[agency]]
code = "B"
name_vi = "b"
name_en = "b"
parent = "A"
scope = "national"
)"}};
  std::vector<std::string> f;
  for (const auto& x : CheckRules(files, *normalizer_, nullptr)) f.push_back(x.ToString());
  EXPECT_TRUE(Has(f, "agency[6].code: duplicate agency code 'SO-XD'; first defined at taxonomy.toml:"))
      << Dump(f);
  EXPECT_TRUE(Has(f, "agency[7].scope: expected national, province or ward")) << Dump(f);
  EXPECT_TRUE(Has(f, "agency[7].parent: agency 'A' is its own ancestor")) << Dump(f);
}

TEST_F(RulesCheckTest, WarnsAboutOneSyllableAccentedKeywords) {
  auto findings = Check("[[rule]]\nid = \"a\"\nany = [\"đê\"]\nagency = \"SO-XD\"\n"
                        "topic = \"xay_dung\"\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, RuleFinding::Severity::kWarning);
  EXPECT_NE(findings[0].ToString().find("rules.toml:3: rule[0].any: warning: one-syllable keyword"),
            std::string::npos);
  // A warning does not stop the rule set from loading.
  EXPECT_TRUE(Compile("[[rule]]\nid = \"a\"\nany = [\"đê\"]\nagency = \"SO-XD\"\n"
                      "topic = \"xay_dung\"\n"));
}

}  // namespace
}  // namespace pakn::classify
