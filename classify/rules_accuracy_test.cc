// A regression check of the default rules alone (config/routing/ without its model) on the
// petitions they were first tuned on (tests/data/routing-labelled.tsv, written by the rules'
// author): a rule change that loses what the rules once got right must be looked at. It is NOT
// a measure of accuracy: that is `pakn rules eval` on the held-out part of
// tests/data/routing/ (the CTest test routing_holdout_floor; docs/routing.md "Measuring").
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/strings.h"
#include "classify/rules.h"

namespace pakn::classify {
namespace {

struct Labelled {
  std::string topic, agency, province, channel, topic_hint, title, content;
};

std::vector<Labelled> ReadLabelled(const std::string& path) {
  std::vector<Labelled> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      f.push_back(line.substr(start, tab - start));
    f.push_back(line.substr(start));
    if (f.size() != 7) {
      ADD_FAILURE() << path << ": expected 7 tab-separated columns: " << line;
      continue;
    }
    out.push_back(Labelled{f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  return out;
}

TEST(RulesAccuracyTest, DefaultRulesStillRouteThePetitionsTheyWereTunedOn) {
  auto normalizer = Normalizer::Create();
  ASSERT_TRUE(normalizer.ok()) << normalizer.status();
  auto places = PlaceIndex::Create(**normalizer);
  ASSERT_TRUE(places.ok()) << places.status();
  auto files = ReadRuleDir(PAKN_SOURCE_DIR "/config/routing");
  ASSERT_TRUE(files.ok()) << files.status();
  std::erase_if(*files, [](const RuleFileText& f) { return f.name.ends_with(kModelFileName); });
  auto engine = RuleEngine::Compile(*files, **normalizer, places->get());
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::vector<Labelled> set = ReadLabelled(PAKN_SOURCE_DIR "/tests/data/routing-labelled.tsv");
  ASSERT_GE(set.size(), 200u);

  size_t topic_ok = 0, agency_ok = 0, both_ok = 0;
  for (const Labelled& p : set) {
    const std::string key = (*normalizer)->SearchKey(StrCat(p.title, " ", p.content));
    const uint32_t title_bytes = TitleKeyBytes(**normalizer, p.title, key);
    std::string province;
    if (auto m = (*places)->Resolve(p.province, "")) province = m->province_code;
    const RouteDecision d = (*engine)->Route(
        {.search_key = key, .title_bytes = title_bytes, .channel = p.channel,
         .topic_hint = p.topic_hint,
         .province_code = province});
    const bool t = d.topic == p.topic, a = d.agency == p.agency;
    topic_ok += t;
    agency_ok += a;
    both_ok += t && a;
    if (!t || !a)
      std::cout << "  miss: expected " << p.topic << "/" << p.agency << ", got " << d.topic << "/"
                << d.agency << " (rule '" << d.rule_id << "', matched '" << d.matched
                << "'): " << p.title << "\n";
  }
  const double n = static_cast<double>(set.size());
  std::cout << "routing accuracy on " << set.size() << " labelled petitions: topic "
            << 100.0 * topic_ok / n << "%, agency " << 100.0 * agency_ok / n
            << "%, both " << 100.0 * both_ok / n << "% (rule set " << (*engine)->version()
            << ")\n";
  // Floors below the measured values (docs/routing.md): a rule change that loses accuracy
  // must be looked at.
  EXPECT_GE(both_ok / n, 0.95);
  EXPECT_GE(agency_ok / n, 0.95);
}

}  // namespace
}  // namespace pakn::classify
