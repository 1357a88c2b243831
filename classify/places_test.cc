// Tests of PlaceIndex. Expected codes were looked up by hand in the source data
// (units-2026-07-25.json and old-to-new-2025-07-01.json, see data/vn-admin-units/README.md),
// not taken from this implementation's output.
#include "classify/places.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "classify/places_key.h"
#include "gtest/gtest.h"

namespace pakn::classify {
namespace {

using ::testing::TestWithParam;
using ::testing::ValuesIn;

// Built once for the whole suite, as in production.
const PlaceIndex& Index() {
  static const PlaceIndex* const index = [] {
    static StatusOr<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
    if (!normalizer.ok()) std::abort();
    StatusOr<std::unique_ptr<PlaceIndex>> created = PlaceIndex::Create(**normalizer);
    if (!created.ok()) {
      std::fprintf(stderr, "PlaceIndex::Create: %s\n", created.status().ToString().c_str());
      std::abort();  // every test needs it
    }
    return created->release();
  }();
  return *index;
}

TEST(PlaceIndexTest, CountsTheUnitsOf2025) {
  EXPECT_EQ(Index().province_count(), 34u);
  EXPECT_EQ(Index().ward_count(), 3321u);
}

// Every 2025 province by its official full name and by its name without diacritics.
struct ProvinceCase {
  const char* code;
  const char* full_name;
  const char* plain;
};
void PrintTo(const ProvinceCase& c, std::ostream* os) { *os << c.code; }  // not a byte dump
const ProvinceCase kProvinces[] = {
    {"01", "Thành phố Hà Nội", "ha noi"},        {"04", "Tỉnh Cao Bằng", "CAO BANG"},
    {"08", "Tỉnh Tuyên Quang", "Tuyen Quang"},   {"11", "Tỉnh Điện Biên", "dien bien"},
    {"12", "Tỉnh Lai Châu", "Lai Chau"},         {"14", "Tỉnh Sơn La", "son la"},
    {"15", "Tỉnh Lào Cai", "Lao Cai"},           {"19", "Tỉnh Thái Nguyên", "thai nguyen"},
    {"20", "Tỉnh Lạng Sơn", "Lang Son"},         {"22", "Tỉnh Quảng Ninh", "quang ninh"},
    {"24", "Tỉnh Bắc Ninh", "Bac Ninh"},         {"25", "Tỉnh Phú Thọ", "PHU THO"},
    {"31", "Thành phố Hải Phòng", "Hai Phong"},  {"33", "Tỉnh Hưng Yên", "hung yen"},
    {"37", "Tỉnh Ninh Bình", "Ninh Binh"},       {"38", "Tỉnh Thanh Hoá", "thanh hoa"},
    {"40", "Tỉnh Nghệ An", "Nghe An"},           {"42", "Tỉnh Hà Tĩnh", "ha tinh"},
    {"44", "Tỉnh Quảng Trị", "Quang Tri"},       {"46", "Thành phố Huế", "hue"},
    {"48", "Thành phố Đà Nẵng", "Da Nang"},      {"51", "Tỉnh Quảng Ngãi", "quang ngai"},
    {"52", "Tỉnh Gia Lai", "Gia Lai"},           {"56", "Tỉnh Khánh Hoà", "khanh hoa"},
    {"66", "Tỉnh Đắk Lắk", "Dak Lak"},           {"68", "Tỉnh Lâm Đồng", "lam dong"},
    {"75", "Thành phố Đồng Nai", "Dong Nai"},    {"79", "Thành phố Hồ Chí Minh", "ho chi minh"},
    {"80", "Tỉnh Tây Ninh", "TAY NINH"},         {"82", "Tỉnh Đồng Tháp", "dong thap"},
    {"86", "Tỉnh Vĩnh Long", "Vinh Long"},       {"91", "Tỉnh An Giang", "an giang"},
    {"92", "Thành phố Cần Thơ", "Can Tho"},      {"96", "Tỉnh Cà Mau", "ca mau"},
};

class ProvinceNameTest : public TestWithParam<ProvinceCase> {};

TEST_P(ProvinceNameTest, ByFullName) {
  std::optional<PlaceMatch> m = Index().Resolve(GetParam().full_name, "");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_code, GetParam().code);
  EXPECT_EQ(m->province_name, GetParam().full_name);
  EXPECT_EQ(m->method, "exact");
  EXPECT_TRUE(m->ward_code.empty());
}

TEST_P(ProvinceNameTest, WithoutDiacritics) {
  std::optional<PlaceMatch> m = Index().Resolve(GetParam().plain, "");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_code, GetParam().code);
  EXPECT_EQ(m->method, "exact");
}

INSTANTIATE_TEST_SUITE_P(AllProvinces, ProvinceNameTest, ValuesIn(kProvinces),
                         [](const auto& info) { return std::string("P") + info.param.code; });

// One resolution: the input and what it must give.
struct Case {
  const char* name;
  const char* province_text;
  const char* ward_text;
  const char* province_code;
  const char* ward_code;  // "" when only the province is known
  const char* method;
  bool ambiguous;
  const char* old_code;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }
const Case kCases[] = {
    // Hồ Chí Minh City and Hà Nội as citizens write them.
    {"TpDotHcm", "TP.HCM", "", "79", "", "alias", false, ""},
    {"TpSpaceHcm", "TP HCM", "", "79", "", "alias", false, ""},
    {"Tphcm", "tphcm", "", "79", "", "alias", false, ""},
    {"Hcm", "HCM", "", "79", "", "alias", false, ""},
    {"TpHoChiMinh", "Tp. Hồ Chí Minh", "", "79", "", "exact", false, ""},
    {"HoChiMinhCity", "Ho Chi Minh City", "", "79", "", "exact", false, ""},
    {"SaiGon", "Sài Gòn", "", "79", "", "alias", false, ""},
    {"SaiGonPlain", "sai gon", "", "79", "", "alias", false, ""},
    {"HoChiMinhRunTogether", "Tp.HồChíMinh", "", "79", "", "fuzzy", false, ""},
    {"Hn", "HN", "", "01", "", "alias", false, ""},
    {"TpDotHaNoi", "Tp. Hà Nội", "", "01", "", "exact", false, ""},
    {"TpHn", "TP HN", "", "01", "", "alias", false, ""},
    {"Hanoi", "Hanoi", "", "01", "", "exact", false, ""},
    {"HaNoiMisspelt", "Ha Nol", "", "01", "", "fuzzy", false, ""},
    // Pre-2025 provinces merged in 2025.
    {"OldHaGiang", "Tỉnh Hà Giang", "", "08", "", "old-name", false, "02"},
    {"OldBinhDuong", "binh duong", "", "79", "", "old-name", false, "74"},
    {"OldQuangNam", "Quảng Nam", "", "48", "", "old-name", false, "49"},
    {"OldBaRiaVungTau", "Bà Rịa - Vũng Tàu", "", "79", "", "old-name", false, "77"},
    {"OldBrvt", "BRVT", "", "79", "", "alias", false, "77"},
    {"OldHaiDuong", "TỈNH HẢI DƯƠNG", "", "31", "", "old-name", false, "30"},
    {"OldKonTum", "Kon Tum", "", "51", "", "old-name", false, "62"},
    {"OldBacLieu", "Bạc Liêu", "", "96", "", "old-name", false, "95"},
    {"OldYenBai", "Yên Bái", "", "15", "", "old-name", false, "15"},
    {"OldThuaThienHue", "Thừa Thiên Huế", "", "46", "", "alias", false, "46"},
    {"OldProvinceInWardText", "", "Tỉnh Bình Dương", "79", "", "old-name", false, "74"},
    // Wards of 2025 within their province.
    {"Ward", "Hà Nội", "Phường Hoàn Kiếm", "01", "00070", "exact", false, ""},
    {"WardPlain", "ha noi", "hoan kiem", "01", "00070", "exact", false, ""},
    {"WardWithoutProvince", "", "Hoàn Kiếm", "01", "00070", "exact", false, ""},
    {"WardEnglish", "Ho Chi Minh City", "Ben Thanh Ward", "79", "26743", "exact", false, ""},
    {"WardNameIsOldNameToo", "TP.HCM", "P. Bến Thành", "79", "26743", "exact", false, ""},
    {"WardNewNumbered", "Tuyên Quang", "P. Hà Giang 01", "08", "00694", "exact", false, ""},
    {"WardSpecialZone", "TP.HCM", "Đặc khu Côn Đảo", "79", "26732", "exact", false, ""},
    {"WardStartsWithMarkerWord", "Quảng Ngãi", "Tịnh Khê", "51", "21211", "exact", false, ""},
    {"WardStartsWithMarkerWord2", "Thanh Hóa", "Quan Sơn", "38", "15016", "exact", false, ""},
    // A name in several provinces, resolved by the province.
    {"BaDinhHaNoi", "Hà Nội", "ba dinh", "01", "00004", "exact", false, ""},
    {"BaDinhThanhHoa", "Thanh Hóa", "Xã Ba Đình", "38", "16171", "exact", false, ""},
    {"BaDinhQuangNgai", "Quảng Ngãi", "Ba Dinh", "51", "21499", "exact", false, ""},
    {"BaDinhNoProvince", "", "Ba Đình", "01", "00004", "exact", true, ""},
    {"QuanSonLangSon", "Lạng Sơn", "xã Quan Sơn", "20", "06517", "exact", false, ""},
    // Pre-2025 communes and wards mapped to 2025 wards.
    {"OldWard", "Hà Nội", "Phường Phúc Xá", "01", "00097", "old-name", false, "00001"},
    {"OldWardHcm", "TP.HCM", "P. Bến Nghé", "79", "26740", "old-name", false, "26740"},
    {"OldWardAllInOne", "", "P. Bến Nghé, Q.1, TP.HCM", "79", "26740", "old-name", false,
     "26740"},
    {"OldWardNoCommas", "", "Phường Bến Nghé Quận 1 TP HCM", "79", "26740", "old-name", false,
     "26740"},
    {"OldWardNoMarkers", "", "ben nghe ho chi minh", "79", "26740", "old-name", false, "26740"},
    {"OldWardInProvinceText", "P. Bến Nghé, TP.HCM", "", "79", "26740", "old-name", false,
     "26740"},
    {"OldWardOldProvince", "Bình Dương", "Phú Cường", "79", "25747", "old-name", false, "25747"},
    {"OldTownship", "Hà Giang", "Thị trấn Phó Bảng", "08", "00745", "old-name", false, "00712"},
    {"OldIslandDistrict", "Bà Rịa - Vũng Tàu", "Huyện Côn Đảo", "79", "26732", "old-name", false,
     "755"},
    // Several candidates: the first is the best guess.
    {"OldWardSplit", "Hà Nội", "Phường Cống Vị", "01", "00008", "old-name", true, "00007"},
    {"NewNameAlsoOldNameElsewhere", "Hà Nội", "Ngọc Hà", "01", "00008", "exact", true, ""},
    {"OldNumberedByOldProvince", "Bạc Liêu", "P.02", "96", "31825", "old-name", true, "31813"},
    {"OldNumberedSameNameProvince", "Tỉnh Cà Mau", "Phường 2", "96", "32002", "old-name", true,
     "32002"},
    {"OldCommuneByOldProvince", "Sóc Trăng", "xã Long Bình", "92", "31741", "old-name", true,
     "31744"},
    {"OldTownshipBeforeNewCommune", "Tuyên Quang", "TT. Yên Phú", "08", "00991", "old-name", true,
     "00991"},
    {"NoDiacriticsMyTho", "Dong Thap", "My Tho", "82", "28261", "exact", true, ""},
    {"TanAnTayNinhPlain", "Tay Ninh", "Tan An", "80", "27712", "exact", true, ""},
    {"TanAnCanTho", "Cần Thơ", "P. Tân An", "92", "31147", "exact", true, ""},
    // Diacritics written tell same-key names apart: Phường Mỹ Tho / Xã Mỹ Thọ (whose two old
    // units, Thị trấn and Xã Mỹ Thọ, both went into it), Phường Tân An / old Xã Tân Ân.
    {"DiacriticsPickMyTho", "Đồng Tháp", "Mỹ Tho", "82", "28261", "exact", false, ""},
    {"DiacriticsPickMyTho2", "Đồng Tháp", "Mỹ Thọ", "82", "30076", "exact", false, ""},
    {"DiacriticsPickTanAn", "Tây Ninh", "Phường Tân An", "80", "27712", "exact", false, ""},
    {"ProvinceOtherTonePlacement", "Khánh Hòa", "", "56", "", "exact", false, ""},
    {"OldDistrictNamedLikeWard", "TP.HCM", "Quận Gò Vấp", "79", "26884", "district-name", true,
     ""},
    // Spelling.
    {"FuzzyOneEdit", "Hà Nội", "Hoan Kiemm", "01", "00070", "fuzzy", false, ""},
    {"FuzzyRunTogether", "Hà Nội", "hoankiem", "01", "00070", "fuzzy", false, ""},
    {"FuzzyMarker", "Hà Nội", "phườgn Hoàn Kiếm", "01", "00070", "fuzzy", false, ""},
    // A ward of another province: the province only.
    {"WardOfAnotherProvince", "Hà Nội", "Phường Bến Thành", "01", "", "exact", false, ""},
};

class ResolveTest : public TestWithParam<Case> {};

TEST_P(ResolveTest, Resolves) {
  const Case& c = GetParam();
  std::optional<PlaceMatch> m = Index().Resolve(c.province_text, c.ward_text);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_code, c.province_code);
  EXPECT_EQ(m->ward_code, c.ward_code);
  EXPECT_EQ(m->method, c.method);
  EXPECT_EQ(m->ambiguous, c.ambiguous);
  EXPECT_EQ(m->old_code, c.old_code);
  EXPECT_EQ(m->province_text, c.province_text);  // what was written is kept
  EXPECT_EQ(m->ward_text, c.ward_text);
  if (!m->ward_code.empty()) {
    ASSERT_FALSE(m->ward_candidates.empty());
    EXPECT_EQ(m->ward_candidates.front(), m->ward_code);
    EXPECT_EQ(m->ambiguous, m->ward_candidates.size() > 1 || m->method == "district-name");
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ResolveTest, ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(PlaceIndexTest, ReportsNamesAndCandidates) {
  std::optional<PlaceMatch> m = Index().Resolve("Hà Nội", "Phường Cống Vị");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_name, "Thành phố Hà Nội");
  EXPECT_EQ(m->ward_name, "Phường Ngọc Hà");
  EXPECT_EQ(m->ward_candidates, (std::vector<std::string>{"00008", "00025"}));
  EXPECT_EQ(m->province_method, "exact");

  // 2025 wards of Hà Nội, Thanh Hoá and Quảng Ngãi, then where Thanh Hoá's two old
  // "Phường Ba Đình" (14776, 14812) went.
  m = Index().Resolve("", "Ba Đình");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->ward_candidates,
            (std::vector<std::string>{"00004", "16171", "21499", "14797", "14812"}));
  EXPECT_EQ(m->province_method, "from-ward");

  // "Xã" written: only the commune, not the old wards of the same name.
  m = Index().Resolve("Thanh Hoá", "Xã Ba Đình");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->ward_candidates, (std::vector<std::string>{"16171"}));
  // "Phường" written: the two old wards first, then the commune (the type may be wrong).
  m = Index().Resolve("Thanh Hoá", "Phường Ba Đình");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->ward_candidates, (std::vector<std::string>{"14797", "14812", "16171"}));
  EXPECT_EQ(m->method, "old-name");
  EXPECT_EQ(m->old_code, "14776");
}

TEST(PlaceIndexTest, GarbageGivesNothing) {
  for (const auto& [province, ward] : std::vector<std::pair<const char*, const char*>>{
           {"", ""}, {"asdkjh qwe", ""}, {"", "zzzz xxxx"}, {"12345", "!!!"},
           {"Việt Nam", ""}, {"", "Phường 5"}, {"\xff\xfe", "\xc3"}, {"p.", "q."}}) {
    EXPECT_FALSE(Index().Resolve(province, ward).has_value()) << province << " | " << ward;
  }
}

TEST(PlaceIndexTest, ConcurrentResolveAgrees) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&wrong, t] {
      for (int i = 0; i < 200; ++i) {
        for (const Case& c : kCases) {
          std::optional<PlaceMatch> m = Index().Resolve(c.province_text, c.ward_text);
          if (!m || m->ward_code != c.ward_code) ++wrong[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

namespace pi = places_internal;

TEST(PlaceKeyTest, CleansNumbersAndSplitsMarkers) {
  EXPECT_EQ(pi::PlaceTokens("p05 q10 phuong 007 f0"),
            (std::vector<std::string>{"p", "5", "q", "10", "phuong", "7", "f", "0"}));
  const std::vector<std::string> tokens = pi::PlaceTokens("thi tran pho bang");
  const pi::KeyPart part = pi::MakePart(tokens, 0, tokens.size());
  EXPECT_EQ(part.bare, "pho bang");
  EXPECT_EQ(part.key, "thi tran pho bang");
  EXPECT_EQ(part.type, pi::UnitType::kThiTran);
  const std::vector<std::string> alone = pi::PlaceTokens("xa");
  EXPECT_EQ(pi::MakePart(alone, 0, 1).bare, "xa");  // a marker alone is a name
  const std::vector<std::string> english = pi::PlaceTokens("ba dinh ward");
  EXPECT_EQ(pi::MakePart(english, 0, english.size()).bare, "ba dinh");
}

TEST(PlaceKeyTest, EditDistanceAndNames) {
  EXPECT_TRUE(pi::WithinOneEdit("hoankiem", "hoankiem"));
  EXPECT_TRUE(pi::WithinOneEdit("hoankiem", "hoankiemm"));
  EXPECT_TRUE(pi::WithinOneEdit("hoankiem", "hoakniem"));
  EXPECT_TRUE(pi::WithinOneEdit("hoankiem", "hoankiam"));
  EXPECT_FALSE(pi::WithinOneEdit("hoankiem", "hoankm"));
  EXPECT_FALSE(pi::WithinOneEdit("gia van", "giao an"));
  EXPECT_TRUE(pi::ContainsName("x. mỹ thọ, đồng tháp", "mỹ thọ"));
  EXPECT_FALSE(pi::ContainsName("x. mỹ thọ", "mỹ tho"));
  EXPECT_EQ(pi::AccentKey("PHƯỜNG Mỹ Thọ"), "phường mỹ thọ");
  EXPECT_EQ(pi::AccentKey("Khánh Hòa, Thanh Hoá, Thụy, Hoè"), "khánh hoà, thanh hoá, thuỵ, hoè");
}

}  // namespace
}  // namespace pakn::classify
