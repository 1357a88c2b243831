// The digest's formats on a random history whose reporters' names, phones, e-mails and ID
// numbers are known (many citizens wrote them into their titles): no format, in either
// language, contains any of them; the JSON parses; the CSV has one column count; the HTML is
// self-contained, opens in headless Chromium without errors and is screenshot (the PNG stays
// in PAKN_DIGEST_OUTPUT_DIR for a person to look at).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "digest/digest_render.h"
#include "base/time.h"
#include "simdjson.h"
#include "store/applier.h"
#include "store/digest.h"
#include "tests/digest/random_history.h"

#ifndef PAKN_DIGEST_OUTPUT_DIR
#define PAKN_DIGEST_OUTPUT_DIR "/tmp"
#endif

namespace pakn::digest {
namespace {

constexpr int64_t kStart = 1'764'522'000'000;  // 2025-12-01T00:00:00+07:00
constexpr uint64_t kPetitions = 3000;
constexpr int kDays = 40;
constexpr int64_t kNow = kStart + (kDays + 10) * kMillisPerDay + 8 * 3'600'000;

class DigestRenderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("pakn_digest_render_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto s = store::Store::OpenPrimary(dir.string(), {});
    ASSERT_TRUE(s.ok()) << s.status();
    {
      store::Applier applier(s->get(),
                             store::TrackingContext{nullptr, digest_testing::HistoryPolicies()});
      digest_testing::RandomHistory history({.petitions = kPetitions, .seed = 11,
                                             .start_ms = kStart, .days = kDays,
                                             .end_ms = kNow});
      ASSERT_TRUE(history.Write(applier).ok());
    }
    for (const char* agency : {"", "SO-XD"}) {
      store::DigestRequest r{.from_day = LocalDate(kNow - kMillisPerDay),
                             .to_day = LocalDate(kNow - kMillisPerDay), .agency = agency,
                             .now_ms = kNow};
      auto d = store::ComputeDigest(**s, r);
      ASSERT_TRUE(d.ok()) << d.status();
      digests_.push_back(std::move(*d));
      r.from_day = LocalDate(kStart);
      auto range = store::ComputeDigest(**s, r);
      ASSERT_TRUE(range.ok()) << range.status();
      digests_.push_back(std::move(*range));
    }
    s->reset();
    std::filesystem::remove_all(dir);
  }
  static void TearDownTestSuite() { digests_.clear(); }

  static std::vector<store::Digest> digests_;
};
std::vector<store::Digest> DigestRenderTest::digests_;

std::vector<std::string> AllOutputs(const std::vector<store::Digest>& digests) {
  std::vector<std::string> out;
  for (const store::Digest& d : digests) {
    for (const char* lang : {"vi", "en"}) {
      DigestView v{&d, lang, {}};
      out.push_back(RenderDigestJson(v));
      out.push_back(RenderDigestCsv(v));
      out.push_back(RenderDigestMarkdown(v));
      out.push_back(RenderDigestHtml(v));
    }
  }
  return out;
}

TEST_F(DigestRenderTest, OldestOverdueTitlesCarryPersonalDataBeforeMasking) {
  // The test below means something only if the listed petitions had personal data to hide.
  size_t with_details = 0, listed = 0;
  for (const store::Digest& d : digests_)
    for (const store::OverduePetition& p : d.oldest_overdue) {
      ++listed;
      if (p.title_masked.find("CCCD") != std::string::npos) ++with_details;
    }
  EXPECT_EQ(listed, 80u);  // 20 for each of the four digests
  EXPECT_GT(with_details, 0u);
}

TEST_F(DigestRenderTest, NoFormatContainsAnyReporterData) {
  const std::vector<std::string> outputs = AllOutputs(digests_);
  ASSERT_EQ(outputs.size(), 32u);  // 4 digests, 2 languages, 4 formats
  for (uint64_t i = 0; i < kPetitions; ++i) {
    const auto r = digest_testing::RandomHistory::ReporterOf(i);
    for (const std::string& value : {r.name, r.phone, r.email, r.national_id})
      for (size_t k = 0; k < outputs.size(); ++k)
        ASSERT_EQ(outputs[k].find(value), std::string::npos)
            << "output " << k << " contains reporter data '" << value << "'";
  }
}

TEST_F(DigestRenderTest, JsonParsesAndCarriesTheKeyFigures) {
  simdjson::dom::parser parser;
  for (const store::Digest& d : digests_) {
    const std::string json = RenderDigestJson(DigestView{&d, "vi", {}});
    simdjson::dom::element root;
    ASSERT_FALSE(parser.parse(json).get(root)) << json.substr(0, 200);
    EXPECT_EQ(int64_t(root["schema_version"]), kDigestSchemaVersion);
    EXPECT_EQ(std::string_view(root["key"]), DigestKey(d));
    EXPECT_EQ(int64_t(root["period"]["received"]), d.period.received);
    EXPECT_EQ(int64_t(root["backlog"]["overdue"]), d.backlog.overdue);
    EXPECT_EQ(simdjson::dom::array(root["trend"]).size(), 30u);
    EXPECT_EQ(simdjson::dom::array(root["oldest_overdue"]).size(), d.oldest_overdue.size());
  }
}

TEST_F(DigestRenderTest, CsvRowsHaveNineColumns) {
  const std::string csv = RenderDigestCsv(DigestView{&digests_[1], "vi", {}});
  std::istringstream in(csv);
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    // Titles are quoted when they hold a comma; count commas outside quotes.
    int commas = 0;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++commas;
    }
    EXPECT_EQ(commas, 8) << line;
    ++rows;
  }
  EXPECT_GT(rows, 50);
}

int RunShell(const std::string& command) {
  const int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST_F(DigestRenderTest, HtmlIsSelfContainedAndChromiumScreenshotsIt) {
  const std::filesystem::path out = PAKN_DIGEST_OUTPUT_DIR;
  std::filesystem::create_directories(out);
  for (const char* lang : {"vi", "en"}) {
    const std::string html = RenderDigestHtml(DigestView{&digests_[1], lang, {}});
    for (const char* external : {"http:", "https:", "//", "src=", "<link", "<script", "url(",
                                 "@import"}) {
      const size_t at = html.find(external);
      EXPECT_EQ(at, std::string::npos)
          << lang << ": external reference '" << external << "' near: "
          << html.substr(at == std::string::npos ? 0 : (at > 60 ? at - 60 : 0), 120);
    }
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
    const auto page = out / (std::string("digest-") + lang + ".html");
    std::ofstream(page) << html;
  }
  ASSERT_EQ(RunShell("command -v chromium >/dev/null 2>&1"), 0)
      << "chromium is not installed: the digest's HTML must be checked in a real browser. "
         "Install it with scripts/setup (Debian package `chromium`).";
  for (const char* lang : {"vi", "en"}) {
    const auto page = out / (std::string("digest-") + lang + ".html");
    const auto png = out / (std::string("digest-") + lang + ".png");
    const auto log = out / (std::string("chromium-") + lang + ".log");
    std::filesystem::remove(png);
    // A4 at 150 dpi is 1240 x 1754 px. A fresh profile folder: no state from elsewhere.
    const std::string profile = (out / "chromium-profile").string();
    const std::string command =
        "timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
        "--no-first-run --user-data-dir='" + profile + "' --window-size=1240,1754 "
        "--screenshot='" + png.string() + "' 'file://" + page.string() + "' >'" + log.string() +
        "' 2>&1";
    ASSERT_EQ(RunShell(command), 0) << command << "\nsee " << log;
    ASSERT_TRUE(std::filesystem::exists(png)) << "no screenshot; see " << log;
    EXPECT_GT(std::filesystem::file_size(png), 20'000u) << "screenshot too small to be the page";
    std::ifstream in(png, std::ios::binary);
    char magic[8] = {};
    in.read(magic, 8);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
    std::ifstream logf(log);
    std::stringstream text;
    text << logf.rdbuf();
    // Chromium reports page errors (a failed load, a blocked resource) on stderr.
    EXPECT_EQ(text.str().find("ERR_"), std::string::npos) << text.str();
    EXPECT_EQ(text.str().find("Uncaught"), std::string::npos) << text.str();
  }
}

}  // namespace
}  // namespace pakn::digest
