// How often PlaceIndex finds the right ward in a messy set of place strings written the way
// citizens write them (tests/data/messy-places.tsv, made by scripts/gen-messy-places.py from
// the administrative-unit data): abbreviations, any case, no diacritics, pre-2025 names, the
// province inside the ward text, typos, and strings that name no ward at all.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "classify/places.h"

#ifndef PAKN_SOURCE_DIR
#error "PAKN_SOURCE_DIR must be defined"
#endif

namespace pakn::classify {
namespace {

struct Row {
  std::string province, ward, category;
  std::vector<std::string> codes;  // empty: no ward must be found
};

std::vector<Row> LoadRows() {
  std::ifstream in(std::string(PAKN_SOURCE_DIR) + "/tests/data/messy-places.tsv");
  std::vector<Row> rows;
  for (std::string line; std::getline(in, line);) {
    std::stringstream ss(line);
    Row r;
    std::string codes;
    std::getline(ss, r.province, '\t');
    std::getline(ss, r.ward, '\t');
    std::getline(ss, codes, '\t');
    std::getline(ss, r.category, '\t');
    std::stringstream cs(codes);
    for (std::string c; cs >> c;)
      if (c != "-") r.codes.push_back(c);
    rows.push_back(std::move(r));
  }
  return rows;
}

TEST(PlacesAccuracyTest, ResolvesMessyPlaceStringsToTheRightWard) {
  const std::vector<Row> rows = LoadRows();
  ASSERT_EQ(rows.size(), 5600u);
  auto normalizer = Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  auto index = PlaceIndex::Create(**normalizer);
  ASSERT_TRUE(index.ok()) << index.status();
  struct Tally {
    int n = 0, right = 0;
  };
  std::map<std::string, Tally> by_category;
  Tally positive, negative;
  for (const Row& r : rows) {
    const auto m = (*index)->Resolve(r.province, r.ward);
    const std::string got = m ? m->ward_code : "";
    bool right;
    if (r.codes.empty()) {
      right = got.empty();
    } else {
      // An old commune that split: any of its new wards is right.
      right = false;
      for (const auto& c : r.codes) right |= (c == got);
    }
    for (Tally* t : {&by_category[r.category], r.codes.empty() ? &negative : &positive}) {
      t->n += 1;
      t->right += right ? 1 : 0;
    }
  }
  for (const auto& [category, t] : by_category)
    std::printf("  %-22s %5d strings, %5.1f%% right\n", category.c_str(), t.n,
                100.0 * t.right / t.n);
  const double share = 100.0 * positive.right / positive.n;
  const double clean = 100.0 * negative.right / negative.n;
  std::printf("  resolved to the right ward: %.1f%% of %d; no ward invented: %.1f%% of %d\n", share,
              positive.n, clean, negative.n);
  EXPECT_GE(share, 95.0);
  EXPECT_GE(clean, 99.0);
}

}  // namespace
}  // namespace pakn::classify
