#include "pipeline/pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/strings.h"
#include "classify/routing.h"
#include "pipeline/pipeline_testing.h"

#ifndef PAKN_SOURCE_DIR
#error "PAKN_SOURCE_DIR must be defined"
#endif

namespace pakn::pipeline {
namespace {

namespace fs = std::filesystem;

// A config file in a fresh folder, pointing at the project's rules and holidays.
PaknConfig WriteConfig(const std::string& name, const std::string& classify_extra) {
  auto config = WriteTestConfig(fs::path(::testing::TempDir()) /
                                    StrCat("pakn_pipeline_", name, ".", ::getpid()),
                                PAKN_SOURCE_DIR, "", classify_extra);
  EXPECT_TRUE(config.ok()) << config.status().message();
  return *config;
}

TEST(PipelineTest, CleansWithTheConfiguredToneStyle) {
  auto old_style = Pipeline::Create(WriteConfig("old", "tone_style = \"old\""), {.places = false});
  auto new_style = Pipeline::Create(WriteConfig("new", "tone_style = \"new\""), {.places = false});
  ASSERT_TRUE(old_style.ok()) << old_style.status().message();
  ASSERT_TRUE(new_style.ok()) << new_style.status().message();
  EXPECT_EQ((*old_style)->cleaner().Clean("hoà bình").canonical, "hòa bình");
  EXPECT_EQ((*new_style)->cleaner().Clean("hòa bình").canonical, "hoà bình");
}

TEST(PipelineTest, ConfigPoliciesOverrideTheRuleSetsByName) {
  PaknConfig config = WriteConfig("policies", "");
  {
    std::ofstream(config.path, std::ios::app)
        << "[[deadlines.policy]]\nname = \"tieu-chuan\"\nlength = 15\ncount = \"working\"\n"
        << "[[deadlines.policy]]\nname = \"dat-dai\"\nlength = 45\n";
  }
  auto reloaded = LoadConfig(config.path);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().message();
  auto p = Pipeline::Create(*reloaded, {.places = false});
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ((*p)->policy_overrides().size(), 2u);
  const std::vector<track::DeadlinePolicy> merged = (*p)->DeadlinePolicies(*(*p)->rules());
  const track::DeadlinePolicy* standard = nullptr;
  const track::DeadlinePolicy* land = nullptr;
  const track::DeadlinePolicy* urgent = nullptr;
  for (const track::DeadlinePolicy& d : merged) {
    if (d.name == "tieu-chuan") standard = &d;
    if (d.name == "dat-dai") land = &d;
    if (d.name == "khan-cap") urgent = &d;
  }
  ASSERT_NE(standard, nullptr);
  EXPECT_EQ(standard->length, 15);
  EXPECT_EQ(standard->count, track::DayCount::kWorking);
  ASSERT_NE(land, nullptr);  // added
  EXPECT_EQ(land->length, 45);
  ASSERT_NE(urgent, nullptr);  // the rule set's, untouched
  EXPECT_EQ(urgent->length, 3);
  ASSERT_NE((*p)->calendar(), nullptr);
}

TEST(PipelineTest, LeavesOutWhatTheCommandDoesNotNeed) {
  auto p = Pipeline::Create(WriteConfig("lean", ""), {.places = false, .deadlines = false});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ((*p)->places(), nullptr);
  EXPECT_EQ((*p)->calendar(), nullptr);
  EXPECT_TRUE((*p)->policy_overrides().empty());
  EXPECT_GT((*p)->rules()->rule_count(), 0u);
}

TEST(PipelineTest, RoutesAsRoutePetitionOnTheCleanedText) {
  auto p = Pipeline::Create(WriteConfig("route", ""));
  ASSERT_TRUE(p.ok()) << p.status().message();
  Petition petition;
  petition.title = "Ổ gà trên đường";
  petition.content = "Đường Nguyễn Trãi ở phường Thanh Xuân, Hà Nội có nhiều ổ gà nguy hiểm.";
  petition.channel = "hotline";
  const auto rules = (*p)->rules();
  const classify::Routed r = (*p)->Route(*rules, petition);
  const std::string title = (*p)->cleaner().Clean(petition.title).canonical;
  const std::string content = (*p)->cleaner().Clean(petition.content).canonical;
  const classify::Routed expected =
      classify::RoutePetition(*rules, (*p)->normalizer(), (*p)->places(),
                              {.title = title, .content = content, .channel = petition.channel});
  EXPECT_EQ(r.search_key, expected.search_key);
  EXPECT_EQ(r.route.topic, expected.route.topic);
  EXPECT_EQ(r.route.agency, expected.route.agency);
  ASSERT_TRUE(r.place.has_value());
  EXPECT_EQ(r.place->province_code, "01");
}

TEST(PipelineTest, ABadRuleFolderNamesTheSetting) {
  PaknConfig config = WriteConfig("bad", "");
  config.classify.rules_path = "/nonexistent/routing";
  auto p = Pipeline::Create(config, {.places = false});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status().message().find("classify.rules"), std::string::npos) << p.status().message();
  auto given = Pipeline::Create(config, {.rules_dir = "/nonexistent/other", .places = false});
  ASSERT_FALSE(given.ok());
  EXPECT_EQ(given.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(given.status().message().find("/nonexistent/other"), std::string::npos)
      << given.status().message();
}

}  // namespace
}  // namespace pakn::pipeline
