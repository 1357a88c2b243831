// The trained model: its file format, scoring, training, and how the engine combines it with
// the rules (docs/routing.md "The model").
#include "classify/topic_model.h"

#include <cmath>

#include <gtest/gtest.h>

#include "base/hash.h"

#include "classify/rules_test_util.h"

namespace pakn::classify {
namespace {

TEST(TopicModelTest, ParseNamesTheLineAndWhatWasExpected) {
  auto bad = [](std::string_view text) {
    auto m = TopicModel::Parse(text, "model.txt");
    EXPECT_FALSE(m.ok()) << text;
    return m.ok() ? std::string() : std::string(m.status().message());
  };
  EXPECT_EQ(bad(""), "model.txt: empty model file");
  EXPECT_EQ(bad("pakn-topic-model\t2\n"),
            "model.txt:1: expected the header 'pakn-topic-model<TAB>1' (a model written by "
            "`pakn rules train`)");
  EXPECT_EQ(bad("pakn-topic-model\t1\nlabels\ta\n"), "model.txt:2: expected at least two labels");
  EXPECT_EQ(bad("pakn-topic-model\t1\nlabels\ta\tb\nf\tu:x\t1\n"),
            "model.txt:3: expected 2 numbers after feature 'u:x'");
  EXPECT_EQ(bad("pakn-topic-model\t1\nlabels\ta\tb\nf\tu:x\t1\tnan\n"),
            "model.txt:3: expected 2 numbers after feature 'u:x'");
  EXPECT_EQ(bad("pakn-topic-model\t1\nlabels\ta\tb\nf\tu:x\t1\t2\t3\n"),
            "model.txt:3: expected 2 numbers after feature 'u:x'");
  EXPECT_EQ(bad("pakn-topic-model\t1\nlabels\ta\tb\nf\tu:x\t1\t2\nf\tu:x\t1\t2\n"),
            "model.txt:4: feature 'u:x' given twice (or a hash collision)");
  EXPECT_EQ(bad("pakn-topic-model\t1\nf\tu:x\t1\t2\n"), "model.txt:2: a feature before labels");
  EXPECT_EQ(bad("pakn-topic-model\t1\nlabels\ta\tb\nweights\t1\n"),
            "model.txt:3: unknown line 'weights'; expected trained, labels, bias or f");
}

TEST(TopicModelTest, FeaturesAreSyllablesPairsTitleSyllablesAndRules) {
  RouteDecision d;
  d.rule_id = "road";
  d.also_matched = {"the.khan-cap"};
  const auto f = ModelFeatureNames({"o ga sau", 4, &d});
  EXPECT_EQ(f, (std::vector<std::string>{"u:o", "t:o", "u:ga", "t:ga", "b:o ga", "u:sau",
                                         "b:ga sau", "r:road", "m:the.khan-cap"}));
}

TEST(TopicModelTest, HashesAreTheFeatureTextsHashes) {
  RouteDecision d;
  d.rule_id = "road";
  d.also_matched = {"the.khan-cap", "x"};
  for (std::string_view key : {"", "o", "o ga sau", "mat duong hu hong nang o ga"}) {
    const ModelInput in{key, 5, &d};
    std::vector<uint64_t> want;
    for (const std::string& f : ModelFeatureNames(in)) want.push_back(Fnv1a64(f));
    EXPECT_EQ(ModelFeatureHashes(in), want) << key;
  }
}

TEST(TopicModelTest, ScoresAreNormalisedSigmoidsOfTheWeightedFeatures) {
  // Two labels; "u:o" pushes a, "u:x" pushes b. Values are 1/sqrt(feature count).
  auto m = TopicModel::Parse(
      "pakn-topic-model\t1\nlabels\ta\tb\nbias\t0\t0\nf\tu:o\t2\t-2\nf\tu:x\t-1\t1\n", "m");
  ASSERT_TRUE(m.ok()) << m.status();
  const auto s = (*m)->Score({"o", 0, nullptr});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].topic, "a");
  const double pa = 1 / (1 + std::exp(-2.0)), pb = 1 / (1 + std::exp(2.0));
  EXPECT_NEAR(s[0].probability, pa / (pa + pb), 1e-6);
  EXPECT_NEAR(s[0].probability + s[1].probability, 1.0, 1e-9);
  // Unknown syllables count in the normalisation but add no weight.
  const auto u = (*m)->Score({"o zz zz zz", 0, nullptr});
  EXPECT_LT(u[0].probability, s[0].probability);
  const auto e = (*m)->Explain({"x o", 0, nullptr}, "b", 5);
  ASSERT_GE(e.size(), 2u);
  EXPECT_EQ(e[0].feature, "u:o");
  EXPECT_NEAR(e[0].contribution, -2 / std::sqrt(3.0), 1e-6);  // u:x, u:o, b:x o
}

TEST(TopicModelTest, TrainingLearnsSeparableTopicsDeterministically) {
  std::vector<TrainingRow> rows;
  const char* roads[] = {"o ga mat duong", "duong hu hong o ga", "mat duong sut lun", "o ga lon"};
  const char* power[] = {"mat dien ca ngay", "cup dien lien tuc", "dien yeu mat dien", "cup dien"};
  for (int rep = 0; rep < 3; ++rep)
    for (int i = 0; i < 4; ++i) {
      rows.push_back({ModelFeatureNames({roads[i], 0, nullptr}), "giao_thong"});
      rows.push_back({ModelFeatureNames({power[i], 0, nullptr}), "dien"});
    }
  TrainOptions o;
  o.trained_line = "test";
  auto a = TrainTopicModel(rows, o);
  auto b = TrainTopicModel(rows, o);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  auto m = TopicModel::Parse(*a, "m");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)->labels(), (std::vector<std::string>{"dien", "giao_thong"}));
  EXPECT_EQ((*m)->Score({"duong co o ga", 0, nullptr})[0].topic, "giao_thong");
  EXPECT_EQ((*m)->Score({"nha toi mat dien", 0, nullptr})[0].topic, "dien");
  EXPECT_FALSE(TrainTopicModel({}, o).ok());
  EXPECT_FALSE(TrainTopicModel({rows[0]}, o).ok());  // one topic
}

// The engine with a hand-written model: which way each case goes.
class RouterTest : public testing_rules::RulesTestBase {
 protected:
  // Rules: road (giao_thong) and fraud (an_ninh, decisive). Model: "ngap" means xay_dung,
  // "o" (of "ổ gà") means giao_thong, "lua" an_ninh; weights big enough to be confident.
  std::unique_ptr<RuleEngine> Engine(const std::string& router) {
    auto files = Files(R"(
[[rule]]
id = "road"
any = ["ổ gà", "mặt đường"]
agency = "SO-XD"
topic = "giao_thong"

[[rule]]
id = "fraud"
decisive = true
any = ["lừa đảo"]
agency = "CONG-AN"
topic = "an_ninh"
)");
    std::string tax = testing_rules::kTaxonomy;
    tax.replace(tax.find("[[agency]]"), 0, router + "\n");
    tax += "\n[[topic]]\ncode = \"khac\"\nname_vi = \"Khác\"\nname_en = \"Other\"\nagency = \"SO-XD\"\n";
    files[0].text = tax;
    files.push_back({"rules/model.txt",
                     "pakn-topic-model\t1\nlabels\tgiao_thong\txay_dung\tan_ninh\tkhac\n"
                     "bias\t-3\t-3\t-3\t-3\n"
                     "f\tu:o\t12\t-3\t-3\t-3\n"
                     "f\tu:ngap\t-3\t12\t-3\t-3\n"
                     "f\tu:lua\t-3\t-3\t12\t-3\n"
                     "f\tu:khac\t-3\t-3\t-3\t12\n"
                     "f\tu:mo\t4\t4\t-3\t-3\n"});
    auto e = RuleEngine::Compile(files, *normalizer_, nullptr);
    EXPECT_TRUE(e.ok()) << e.status();
    return e.ok() ? std::move(*e) : nullptr;
  }
  RouteDecision Route(const RuleEngine& e, std::string_view text) {
    key_ = Key(text);
    return e.Route({.search_key = key_, .province_code = "79"});
  }
  std::string key_;
  const std::string kRouter =
      "[router]\nmodel_alone = 0.6\nmodel_overrides = 0.85\nrules_hold_margin = 3\nagree_min = 0.5\n";
};

TEST_F(RouterTest, AgreementRoutesAndRecordsBothVersions) {
  auto e = Engine(kRouter);
  ASSERT_TRUE(e);
  const auto d = Route(*e, "ổ gà to");
  EXPECT_EQ(d.method, "rule+model");
  EXPECT_EQ(d.topic, "giao_thong");
  EXPECT_EQ(d.rule_id, "road");
  EXPECT_EQ(d.model_topic, "giao_thong");
  EXPECT_GT(d.model_probability, 0.85);
  EXPECT_EQ(d.model_version, e->model_version());
  EXPECT_EQ(d.model_version.size(), 16u);
  EXPECT_EQ(d.ruleset_version, e->version());
}

TEST_F(RouterTest, DecisiveRuleWinsOverTheModel) {
  auto e = Engine(kRouter);
  ASSERT_TRUE(e);
  const auto d = Route(*e, "ngap ngap lừa đảo");
  EXPECT_EQ(d.method, "decisive");
  EXPECT_EQ(d.topic, "an_ninh");
}

TEST_F(RouterTest, NoRuleRoutesByAConfidentModelElseTriage) {
  auto e = Engine(kRouter);
  ASSERT_TRUE(e);
  auto d = Route(*e, "ngap nuoc");
  EXPECT_EQ(d.method, "model");
  EXPECT_EQ(d.topic, "xay_dung");
  EXPECT_EQ(d.rule_id, "");
  EXPECT_EQ(d.agency, "VP-UBND");  // xay_dung names no agency in this taxonomy
  d = Route(*e, "khac");
  EXPECT_EQ(d.method, "model");
  EXPECT_EQ(d.agency, "SO-XD");  // the topic's agency
  EXPECT_EQ(d.agency_area, "79");
  d = Route(*e, "mo");  // giao_thong and xay_dung equally likely: below model_alone
  EXPECT_EQ(d.method, "triage");
  EXPECT_EQ(d.topic, "unrouted");
  EXPECT_EQ(d.agency, "VP-UBND");
  ASSERT_GE(d.candidates.size(), 3u);
  EXPECT_EQ(d.candidates[0].source, "model");
}

TEST_F(RouterTest, DisagreementGoesToTriageUnlessOneSideIsStrong) {
  auto e = Engine(kRouter);
  ASSERT_TRUE(e);
  // The rules say road (score 1), the model says xay_dung confidently: the model routes.
  auto d = Route(*e, "mặt đường ngap ngap ngap");
  EXPECT_EQ(d.method, "model");
  EXPECT_EQ(d.topic, "xay_dung");
  // The model leans to xay_dung but is unsure (below model_overrides): triage, with both
  // sides' candidates.
  d = Route(*e, "mặt đường ngap mo mo mo mo mo");
  EXPECT_EQ(d.model_topic, "xay_dung");
  EXPECT_LT(d.model_probability, 0.85);
  EXPECT_EQ(d.method, "triage");
  bool rules_candidate = false;
  for (const auto& c : d.candidates)
    rules_candidate |= c.source == "rules" && c.topic == "giao_thong" && c.agency == "SO-XD";
  EXPECT_TRUE(rules_candidate);
  // Strong rules (margin 4 >= 3, both keywords in the title) hold against the model.
  key_ = Key("ổ gà mặt đường ngap ngap ngap");
  d = e->Route({.search_key = key_, .title_bytes = static_cast<uint32_t>(Key("ổ gà mặt đường").size())});
  EXPECT_EQ(d.method, "rule-margin");
  EXPECT_EQ(d.topic, "giao_thong");
  // Never overriding: model_overrides above 1.
  auto strict = Engine("[router]\nmodel_overrides = 1.01\nrules_hold_margin = 100\n");
  ASSERT_TRUE(strict);
  EXPECT_EQ(Route(*strict, "mặt đường ngap ngap ngap").method, "triage");
}

TEST_F(RouterTest, AModelWithAnUnknownTopicIsRefused) {
  auto files = Files("[[rule]]\nid = \"a\"\nany = [\"x\"]\nagency = \"SO-XD\"\ntopic = \"xay_dung\"\n");
  files.push_back({"dir/model.txt", "pakn-topic-model\t1\nlabels\txay_dung\tnope\n"});
  auto e = RuleEngine::Compile(files, *normalizer_, nullptr);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("dir/model.txt:0: labels: the model's topic 'nope' is not"),
            std::string::npos)
      << e.status();
}

}  // namespace
}  // namespace pakn::classify
