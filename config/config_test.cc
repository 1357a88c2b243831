#include "config/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pakn {
namespace {

TEST(ConfigTest, DefaultsWhenEmpty) {
  auto c = ParseConfig("", "/etc/pakn/pakn.toml");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->kafka.brokers, "127.0.0.1:9092");
  EXPECT_EQ(c->kafka.topics, std::vector<std::string>{"pakn.petitions"});
  EXPECT_EQ(c->store.path, "/etc/pakn/data");  // relative to the config file
  EXPECT_EQ(c->classify.rules_path, "/etc/pakn/routing");
  EXPECT_GE(c->ingest.workers, 1);
  EXPECT_EQ(c->ingest.max_message_bytes, 1u << 20);
}

TEST(ConfigTest, UnknownKeyNamesFileLineAndKey) {
  auto c = ParseConfig("[kafka]\nbrokers = \"b:1\"\n\n[ingest]\nbatch_size = 10\n", "x.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("x.toml:5: ingest.batch_size: unknown key"),
            std::string::npos)
      << c.status();
}

TEST(ConfigTest, WrongTypeAndRangeAreErrors) {
  auto a = ParseConfig("[ingest]\nworkers = \"two\"\n", "c.toml");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("c.toml:2: ingest.workers: expected an integer"),
            std::string::npos)
      << a.status();
  auto b = ParseConfig("[ingest]\nmax_message_bytes = 10\n", "c.toml");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("expected an integer from 256"), std::string::npos);
}

TEST(ConfigTest, SyntaxErrorNamesLine) {
  auto c = ParseConfig("[kafka\nbrokers = 1\n", "bad.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind("bad.toml:1:", 0), 0u) << c.status();
}

TEST(ConfigTest, SecretFromEnvironmentIsUsedButNeverDescribed) {
  setenv("PAKN_TEST_SECRET", "s3cr3t-value", 1);
  auto c = ParseConfig(
      "[kafka.properties]\n\"sasl.password\" = { env = \"PAKN_TEST_SECRET\" }\n"
      "\"sasl.username\" = \"pakn\"\n\"ssl.key.password\" = \"inline-secret\"\n",
      "s.toml");
  ASSERT_TRUE(c.ok()) << c.status();
  bool found = false;
  for (const auto& [k, v] : c->kafka.properties)
    if (k == "sasl.password") found = (v == "s3cr3t-value");
  EXPECT_TRUE(found);
  const std::string d = Describe(*c);
  EXPECT_EQ(d.find("s3cr3t-value"), std::string::npos) << d;
  EXPECT_EQ(d.find("inline-secret"), std::string::npos) << d;
  EXPECT_NE(d.find("sasl.username=pakn"), std::string::npos) << d;
}

TEST(ConfigTest, MissingSecretEnvironmentIsAnError) {
  unsetenv("PAKN_TEST_MISSING");
  auto c = ParseConfig("[kafka.properties]\n\"sasl.password\" = { env = \"PAKN_TEST_MISSING\" }\n",
                       "s.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(
                "s.toml:2: kafka.properties.sasl.password: environment variable "
                "PAKN_TEST_MISSING is not set"),
            std::string::npos)
      << c.status();
}

TEST(ConfigTest, SecretFromFileIsTrimmed) {
  const auto dir = std::filesystem::temp_directory_path() / "pakn_config_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "pw") << "from-file\n";
  auto c = ParseConfig("[kafka.properties]\n\"sasl.password\" = { file = \"pw\" }\n",
                       (dir / "p.toml").string());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->kafka.properties.at(0).second, "from-file");
  std::filesystem::remove_all(dir);
}

TEST(ConfigTest, PaknOwnedPropertiesCannotBeOverridden) {
  auto c = ParseConfig("[kafka.properties]\n\"enable.auto.commit\" = true\n", "o.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("o.toml:2: kafka.properties.enable.auto.commit"),
            std::string::npos)
      << c.status();
}

TEST(ConfigTest, MissingFileIsNotFound) {
  auto c = LoadConfig("/nonexistent/pakn.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace pakn

namespace pakn {
namespace {

TEST(ConfigTest, DeadlinesNameTheHolidaysFileAndHowDaysCount) {
  auto ok = ParseConfig("[deadlines]\ncount = \"working\"\n", "/etc/pakn/p.toml");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->deadlines.count, "working");
  EXPECT_EQ(ok->deadlines.holidays_path, "/etc/pakn/holidays.toml");
  auto bad = ParseConfig("[deadlines]\ncount = \"business\"\n", "p.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("p.toml:2: deadlines.count"), std::string::npos);
}

TEST(ConfigTest, ToneStyleIsOldOrNew) {
  auto ok = ParseConfig("[classify]\ntone_style = \"new\"\n", "t.toml");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->classify.tone_style, "new");
  auto bad = ParseConfig("[classify]\ntone_style = \"modern\"\n", "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("t.toml:2: classify.tone_style"), std::string::npos);
}

}  // namespace
}  // namespace pakn

namespace pakn {
namespace {

constexpr const char* kSha = "d71efc86c9d2ea0d2b9bdba15a50052318dea8a0f95faa4487787e763b519e1d";

TEST(ConfigHttpTest, PortalsAndLimitsAreRead) {
  auto c = ParseConfig(std::string("[http]\nlisten = \"0.0.0.0:8443\"\nthreads = 8\n"
                                   "[[http.portal]]\nportal = \"hanoi\"\nsha256 = \"") +
                           kSha + "\"\nrate_per_s = 10\n[metrics]\nlisten = \"127.0.0.1:9100\"\n",
                       "/etc/pakn/pakn.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->http.listen, "0.0.0.0:8443");
  EXPECT_EQ(c->http.threads, 8);
  ASSERT_EQ(c->http.portals.size(), 1u);
  EXPECT_EQ(c->http.portals[0].portal, "hanoi");
  EXPECT_EQ(c->http.portals[0].burst, 20);  // twice the rate by default
  EXPECT_EQ(c->http.portals[0].line, 4);
  EXPECT_EQ(c->metrics.listen, "127.0.0.1:9100");
}

TEST(ConfigHttpTest, BadSettingsNameFileLineKeyAndWhatWasExpected) {
  const std::pair<std::string, std::string> cases[] = {
      {"[http]\nlisten = \"8080\"\n", "h.toml:2: http.listen: '8080': expected HOST:PORT"},
      {"[http]\nlisten = \"x:99999\"\n", "h.toml:2: http.listen: 'x:99999': expected HOST:PORT"},
      {"[[http.portal]]\nportal = \"a\"\nsha256 = \"abc\"\n",
       "h.toml:3: http.portal.sha256: required: the key's SHA-256 as 64 lower-case hex digits"},
      {"[[http.portal]]\nsha256 = \"" + std::string(kSha) + "\"\n",
       "h.toml:1: http.portal.portal: required"},
      {"[[http.portal]]\nportal = \"a\"\nsha256 = \"" + std::string(kSha) +
           "\"\n[[http.portal]]\nportal = \"b\"\nsha256 = \"" + kSha + "\"\n",
       "h.toml:6: http.portal.sha256: the same key as the portal 'a'"},
      {"[[http.portal]]\nportal = \"a\"\nsha256 = \"" + std::string(kSha) +
           "\"\nchannel = \"fax\"\n",
       "h.toml:4: http.portal.channel: expected one of national_portal"},
      {"[http]\ntls_key = \"k.pem\"\n", "h.toml:2: http.tls_key: set without http.tls_cert"},
      {"[http]\nportals_file = \"nope.toml\"\n", "h.toml:2: http.portals_file: cannot open"},
      {"[log]\nformat = \"xml\"\n", "h.toml:2: log.format: expected \"text\" or \"json\""},
  };
  for (const auto& [text, expected] : cases) {
    auto c = ParseConfig(text, "h.toml");
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.status().message().rfind(expected, 0), 0u)
        << c.status().message() << "\nexpected: " << expected;
  }
}

TEST(ConfigHttpTest, AccountsFileIsReadAndCheckedWithItsLines) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("pakn_accounts_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& text) { std::ofstream(dir / "accounts.toml") << text; };
  const std::string hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  write(
      "[[account]]\nuser = \"cb.an\"\nname = \"Nguyễn An\"\nrole = \"operator\"\n"
      "agency = \"SO-XD\"\npassword = \"" +
      hash +
      "\"\n"
      "[[account]]\nuser = \"ld.binh\"\nrole = \"leader\"\n");
  auto c = ParseConfig("[http]\naccounts_file = \"accounts.toml\"\n", (dir / "pakn.toml").string());
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->http.accounts.size(), 2u);
  EXPECT_EQ(c->http.accounts[0].name, "Nguyễn An");
  EXPECT_EQ(c->http.accounts[0].agency, "SO-XD");
  EXPECT_EQ(c->http.accounts[0].password, hash);
  EXPECT_EQ(c->http.accounts[1].name, "ld.binh");  // the user when no name
  EXPECT_EQ(c->http.accounts[1].line, 7);
  EXPECT_EQ(c->http.session_idle_minutes, 30);
  const std::pair<std::string, std::string> bad[] = {
      {"[[account]]\nuser = \"Cb An\"\nrole = \"admin\"\n",
       "accounts.toml:2: account.user: required: 1 to 64 lower-case letters"},
      {"[[account]]\nuser = \"a\"\nrole = \"boss\"\n",
       "accounts.toml:3: account.role: required: operator, lead"},
      {"[[account]]\nuser = \"a\"\nrole = \"operator\"\n",
       "accounts.toml:1: account.agency: required for the role operator"},
      {"[[account]]\nuser = \"a\"\nrole = \"admin\"\npassword = \"secret\"\n",
       "accounts.toml:4: account.password: expected an Argon2id hash"},
      {"[[account]]\nuser = \"a\"\nrole = \"admin\"\n[[account]]\nuser = \"a\"\n"
       "role = \"admin\"\n",
       "accounts.toml:5: account.user: 'a' is already an account (line 1)"},
      {"[[account]]\nuser = \"a\"\nrole = \"admin\"\npasword = \"x\"\n",
       "accounts.toml:4: account.pasword: unknown"},
  };
  for (const auto& [text, expected] : bad) {
    write(text);
    auto r =
        ParseConfig("[http]\naccounts_file = \"accounts.toml\"\n", (dir / "pakn.toml").string());
    ASSERT_FALSE(r.ok()) << text;
    const std::string& m = r.status().message();
    EXPECT_NE(m.find(expected), std::string::npos) << m << "\nexpected: " << expected;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pakn

namespace pakn {
namespace {

TEST(ConfigStoreTest, KeyFileAndRetentionAreRead) {
  auto c = ParseConfig("[store]\nkey_file = \"store.key\"\nkeep_personal_data_years = 5\n",
                       "/etc/pakn/pakn.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->store.key_file, "/etc/pakn/store.key");  // relative to the config's folder
  EXPECT_EQ(c->store.keep_personal_data_years, 5);
  auto none = ParseConfig("", "/etc/pakn/pakn.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->store.key_file, "");
  EXPECT_EQ(none->store.keep_personal_data_years, 0);
}

TEST(ConfigStoreTest, BadKeyFileOrRetentionNamesTheLine) {
  auto empty = ParseConfig("[store]\nkey_file = \"\"\n", "s.toml");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(),
            "s.toml:2: store.key_file: must not be empty (leave it out for no key)");
  auto years = ParseConfig("[store]\nkeep_personal_data_years = -1\n", "s.toml");
  ASSERT_FALSE(years.ok());
  EXPECT_NE(years.status().message().find("s.toml:2: store.keep_personal_data_years"),
            std::string::npos)
      << years.status().message();
}

}  // namespace
}  // namespace pakn
