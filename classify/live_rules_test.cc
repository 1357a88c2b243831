// Hot reload: an invalid rule set never replaces the running one, and under load every
// decision comes entirely from one valid rule set.
#include "classify/live_rules.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "classify/rules_test_util.h"

namespace pakn::classify {
namespace {

namespace fs = std::filesystem;

class LiveRulesTest : public testing_rules::RulesTestBase {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pakn-live-rules-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "rules");
    Write("taxonomy.toml", testing_rules::kTaxonomy);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    // Write then rename, as an editor or deployment tool would: readers never see half a file.
    const fs::path tmp = dir_ / (name + ".tmp");
    std::ofstream(tmp, std::ios::binary | std::ios::trunc) << text;
    fs::rename(tmp, dir_ / name);
  }
  // A valid rule set in which "ổ gà" routes to `topic`/`agency`; `n` varies the bytes.
  static std::string Rules(const std::string& topic, const std::string& agency, int n) {
    return "# generation " + std::to_string(n) +
           "\n[[rule]]\nid = \"road\"\nany = [\"ổ gà\"]\nagency = \"" + agency +
           "\"\ntopic = \"" + topic + "\"\n";
  }
  fs::path dir_;
};

TEST_F(LiveRulesTest, InvalidRulesKeepTheRunningSetAndSayWhy) {
  Write("rules/r.toml", Rules("giao_thong", "SO-XD", 0));
  auto live = LiveRules::Open(dir_.string(), *normalizer_, nullptr);
  ASSERT_TRUE(live.ok()) << live.status();
  const std::string v1 = (*live)->Current()->version();

  Write("rules/r.toml", "[[rule]]\nid = \"road\"\nany = [\"ổ gà\"]\nagency = \"NOPE\"\n"
                        "topic = \"giao_thong\"\n");
  EXPECT_TRUE((*live)->FilesChanged());
  auto bad = (*live)->Reload();
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("r.toml:4: rule[0].agency: unknown agency 'NOPE'"),
            std::string::npos) << bad.status();
  EXPECT_EQ((*live)->Current()->version(), v1);
  EXPECT_FALSE((*live)->FilesChanged());  // seen; not retried until edited again

  Write("rules/r.toml", Rules("xay_dung", "UBND-XA", 1));
  auto good = (*live)->Reload();
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_NE(*good, v1);
  const std::string key = Key("ổ gà");
  EXPECT_EQ((*live)->Current()->Route({.search_key = key}).topic, "xay_dung");
}

TEST_F(LiveRulesTest, OpenFailsOnInvalidRules) {
  Write("rules/r.toml", "[[rule]]\nid = 1\n");
  auto live = LiveRules::Open(dir_.string(), *normalizer_, nullptr);
  ASSERT_FALSE(live.ok());
  EXPECT_NE(live.status().message().find("r.toml:2: rule[0].id: expected a string"),
            std::string::npos) << live.status();
}

TEST_F(LiveRulesTest, NewAndRemovedFilesCountAsChanges) {
  Write("rules/r.toml", Rules("giao_thong", "SO-XD", 0));
  auto live = LiveRules::Open(dir_.string(), *normalizer_, nullptr);
  ASSERT_TRUE(live.ok());
  EXPECT_FALSE((*live)->FilesChanged());
  Write("rules/s.toml", "");
  EXPECT_TRUE((*live)->FilesChanged());
  ASSERT_TRUE((*live)->Reload().ok());
  EXPECT_FALSE((*live)->FilesChanged());
  fs::remove(dir_ / "rules/s.toml");
  EXPECT_TRUE((*live)->FilesChanged());
}

TEST_F(LiveRulesTest, TheModelReloadsWithTheRules) {
  Write("rules/r.toml", Rules("giao_thong", "SO-XD", 0));
  auto live = LiveRules::Open(dir_.string(), *normalizer_, nullptr);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ((*live)->Current()->model_version(), "");
  // A model appears: a change; the reload installs rules and model as one snapshot.
  Write("model.txt", "pakn-topic-model\t1\nlabels\tgiao_thong\txay_dung\nf\tu:o\t3\t-3\n");
  EXPECT_TRUE((*live)->FilesChanged());
  ASSERT_TRUE((*live)->Reload().ok());
  const std::string v1 = (*live)->Current()->model_version();
  EXPECT_EQ(v1.size(), 16u);
  const std::string key = normalizer_->SearchKey("ổ gà");
  RouteDecision d = (*live)->Current()->Route({.search_key = key});
  EXPECT_EQ(d.model_version, v1);
  EXPECT_EQ(d.method, "rule+model");
  // A broken model is refused with its line, and the running pair stays.
  Write("model.txt", "pakn-topic-model\t1\nlabels\tgiao_thong\txay_dung\nf\tu:o\t3\n");
  EXPECT_TRUE((*live)->FilesChanged());
  auto r = (*live)->Reload();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("model.txt:3: expected 2 numbers after feature 'u:o'"),
            std::string::npos) << r.status();
  EXPECT_EQ((*live)->Current()->model_version(), v1);
  // Removed: the rules alone again.
  fs::remove(dir_ / "model.txt");
  EXPECT_TRUE((*live)->FilesChanged());
  ASSERT_TRUE((*live)->Reload().ok());
  EXPECT_EQ((*live)->Current()->model_version(), "");
  EXPECT_EQ((*live)->Current()->Route({.search_key = key}).method, "rule");
}

TEST_F(LiveRulesTest, RoutingUnderReloadUsesOneWholeValidRuleSet) {
  Write("rules/r.toml", Rules("giao_thong", "SO-XD", 0));
  auto opened = LiveRules::Open(dir_.string(), *normalizer_, nullptr);
  ASSERT_TRUE(opened.ok()) << opened.status();
  LiveRules& live = **opened;

  std::mutex mu;
  std::map<std::string, std::pair<std::string, std::string>> valid;  // version -> topic, agency
  valid[live.Current()->version()] = {"giao_thong", "SO-XD"};

  std::atomic<bool> stop{false};
  constexpr int kRouters = 3;
  std::vector<std::vector<RouteDecision>> decisions(kRouters);
  std::vector<std::thread> routers;
  const std::string key = Key("Đường có ổ gà lớn");
  for (int t = 0; t < kRouters; ++t) {
    routers.emplace_back([&, t] {
      while (!stop.load(std::memory_order_relaxed)) {
        std::shared_ptr<const RuleEngine> batch = live.Current();  // one snapshot per batch
        for (int i = 0; i < 50; ++i) decisions[t].push_back(batch->Route({.search_key = key}));
      }
    });
  }
  int valid_reloads = 0, rejected = 0;
  for (int n = 1; n <= 60; ++n) {
    const bool invalid = n % 3 == 0;
    const bool second = n % 2 == 0;
    const std::string topic = second ? "xay_dung" : "giao_thong";
    const std::string agency = second ? "UBND-XA" : "SO-XD";
    Write("rules/r.toml", invalid ? Rules(topic, "NOPE", n) : Rules(topic, agency, n));
    if (invalid) {
      // Also a syntax error in another file now and then.
      if (n % 6 == 0) Write("rules/z.toml", "[[rule]\n");
    } else {
      Write("rules/z.toml", "");
    }
    auto v = live.Reload();
    if (invalid) {
      EXPECT_FALSE(v.ok());
      ++rejected;
    } else {
      ASSERT_TRUE(v.ok()) << v.status();
      std::lock_guard lock(mu);
      valid[*v] = {topic, agency};
      ++valid_reloads;
    }
  }
  stop = true;
  for (auto& r : routers) r.join();

  size_t total = 0;
  for (const auto& list : decisions) {
    for (const RouteDecision& d : list) {
      ++total;
      auto it = valid.find(d.ruleset_version);
      ASSERT_NE(it, valid.end()) << "decision from an unknown rule set " << d.ruleset_version;
      EXPECT_EQ(d.rule_id, "road");
      EXPECT_EQ(d.topic, it->second.first) << d.ruleset_version;
      EXPECT_EQ(d.agency, it->second.second) << d.ruleset_version;
    }
  }
  EXPECT_EQ(valid_reloads, 40);
  EXPECT_EQ(rejected, 20);
  EXPECT_GT(total, 0u);
  std::cout << "routed " << total << " petitions across " << valid.size()
            << " rule-set versions while reloading\n";
}

}  // namespace
}  // namespace pakn::classify
