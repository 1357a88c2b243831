// Test helpers for the rule engine: a small taxonomy and a rule-set builder.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "classify/rules.h"

namespace pakn::classify::testing_rules {

inline constexpr const char* kTaxonomy = R"(
[defaults]
unrouted_agency = "VP-UBND"
unrouted_topic = "unrouted"
deadline = "std"

[[deadline_policy]]
code = "std"
days = 20

[[deadline_policy]]
code = "fast"
days = 5
count = "working"

[[agency]]
code = "BO-XD"
name_vi = "Bộ Xây dựng"
name_en = "Ministry of Construction"
scope = "national"

[[agency]]
code = "SO-XD"
name_vi = "Sở Xây dựng"
name_en = "Department of Construction"
parent = "BO-XD"
scope = "province"

[[agency]]
code = "SO-QHKT"
name_vi = "Sở Quy hoạch - Kiến trúc"
name_en = "Department of Planning and Architecture"
scope = "province"

[[agency]]
code = "CONG-AN"
name_vi = "Công an tỉnh"
name_en = "Provincial Police"
scope = "province"

[[agency]]
code = "UBND-XA"
name_vi = "UBND xã"
name_en = "Commune People's Committee"
scope = "ward"

[[agency]]
code = "VP-UBND"
name_vi = "Văn phòng UBND"
name_en = "Office"
scope = "province"

[[topic]]
code = "giao_thong"
name_vi = "Giao thông"
name_en = "Transport"

[[topic]]
code = "xay_dung"
name_vi = "Xây dựng"
name_en = "Construction"

[[topic]]
code = "an_ninh"
name_vi = "An ninh"
name_en = "Security"

[[topic]]
code = "unrouted"
name_vi = "Chưa phân loại"
name_en = "Unrouted"
)";

class RulesTestBase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    normalizer_ = n->release();
  }
  static void TearDownTestSuite() {
    delete normalizer_;
    normalizer_ = nullptr;
  }
  static std::vector<RuleFileText> Files(const std::string& rules) {
    return {{"taxonomy.toml", kTaxonomy}, {"rules.toml", rules}};
  }
  std::unique_ptr<RuleEngine> Compile(const std::string& rules) {
    auto files = Files(rules);
    auto e = RuleEngine::Compile(files, *normalizer_, nullptr);
    EXPECT_TRUE(e.ok()) << e.status();
    return e.ok() ? std::move(*e) : nullptr;
  }
  std::vector<RuleFinding> Check(const std::string& rules) {
    auto files = Files(rules);
    return CheckRules(files, *normalizer_, nullptr);
  }
  std::string Key(std::string_view text) const { return normalizer_->SearchKey(text); }
  static inline Normalizer* normalizer_ = nullptr;
};

}  // namespace pakn::classify::testing_rules
