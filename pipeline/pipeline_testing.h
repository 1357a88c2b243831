// For tests that need a real Pipeline: a config file pointing at the project's own rules and
// holiday calendar, and a suite's shared folder, config and Pipeline. Header-only, for test
// binaries (they pass PAKN_SOURCE_DIR and link GoogleTest).
//
//   auto config = WriteTestConfig(dir, PAKN_SOURCE_DIR, "[ingest]\nworkers = 2\n");
//   auto pipeline = Pipeline::Create(*config);
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "config/config.h"
#include "pipeline/pipeline.h"

namespace pakn::pipeline {

// Writes DIR/pakn.toml — [classify] rules = SOURCE_DIR/config/routing plus `classify_extra`
// (keys of that table, e.g. "tone_style = \"new\""), [deadlines] holidays =
// SOURCE_DIR/config/holidays.toml, then `extra` (whole tables) — and loads it.
inline StatusOr<PaknConfig> WriteTestConfig(const std::filesystem::path& dir,
                                            std::string_view source_dir,
                                            std::string_view extra = "",
                                            std::string_view classify_extra = "") {
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "pakn.toml";
  std::ofstream(path) << StrCat("[classify]\nrules = \"", source_dir, "/config/routing\"\n",
                                classify_extra, "\n[deadlines]\nholidays = \"", source_dir,
                                "/config/holidays.toml\"\n", extra);
  return LoadConfig(path.string());
}

// What a test suite shares: a folder of its own (named after the process: CTest runs each test
// in a process of its own, several at a time), a test config in it (WriteTestConfig) and the
// Pipeline built from that config (the PlaceIndex takes a moment: once per suite).
//
//   static void SetUpTestSuite() {
//     auto s = TestSuitePipeline::Create("pakn_my_test", PAKN_SOURCE_DIR, "[kafka]\n...");
//     ASSERT_TRUE(s.ok()) << s.status();
//     suite_ = s->release();
//   }
//   static void TearDownTestSuite() { delete suite_; }  // removes the folder
class TestSuitePipeline {
 public:
  static StatusOr<std::unique_ptr<TestSuitePipeline>> Create(std::string_view name,
                                                             std::string_view source_dir,
                                                             std::string_view extra = "") {
    std::unique_ptr<TestSuitePipeline> s(new TestSuitePipeline());
    s->dir_ = std::filesystem::path(::testing::TempDir()) / StrCat(name, ".", ::getpid());
    std::filesystem::remove_all(s->dir_);
    auto config = WriteTestConfig(s->dir_, source_dir, extra);
    if (!config.ok()) return config.status();
    s->config_ = std::move(*config);
    auto pipeline = Pipeline::Create(s->config_);
    if (!pipeline.ok()) return pipeline.status();
    s->pipeline_ = std::move(*pipeline);
    return s;
  }
  ~TestSuitePipeline() {
    pipeline_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  const std::filesystem::path& dir() const { return dir_; }
  const PaknConfig& config() const { return config_; }
  Pipeline* pipeline() const { return pipeline_.get(); }
  // DIR/<the running test's name>, removed if it was there (not created).
  std::string FreshFolderForTest() const {
    const std::filesystem::path p =
        dir_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(p);
    return p.string();
  }

 private:
  TestSuitePipeline() = default;
  std::filesystem::path dir_;
  PaknConfig config_;
  std::unique_ptr<Pipeline> pipeline_;
};

}  // namespace pakn::pipeline
