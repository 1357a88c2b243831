// Tests of FindPlaceInText: the place a petition's title and content name, and the look-alikes
// that must name none. Expected codes were looked up by hand in the source data (units of 2025,
// old-to-new mapping, pre-2025 districts; see data/vn-admin-units/README.md and the comment on
// kPreviousNames in routing.cc), not taken from this implementation's output.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "classify/places.h"
#include "classify/routing.h"
#include "gtest/gtest.h"

namespace pakn::classify {
namespace {

using ::testing::TestWithParam;
using ::testing::ValuesIn;

const Normalizer& TheNormalizer() {
  static const Normalizer* const normalizer = [] {
    StatusOr<std::unique_ptr<Normalizer>> created = Normalizer::Create();
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *normalizer;
}

// Built once for the whole suite, as in production.
const PlaceIndex& Index() {
  static const PlaceIndex* const index = [] {
    StatusOr<std::unique_ptr<PlaceIndex>> created = PlaceIndex::Create(TheNormalizer());
    if (!created.ok()) {
      std::fprintf(stderr, "PlaceIndex::Create: %s\n", created.status().ToString().c_str());
      std::abort();  // every test needs it
    }
    return created->release();
  }();
  return *index;
}

std::optional<PlaceMatch> Find(std::string_view title, std::string_view content) {
  return FindPlaceInText(Index(), TheNormalizer(), title, content);
}

struct TextCase {
  const char* name;
  const char* title;
  const char* content;
  const char* province;  // "" when the text names no province
  const char* ward;      // the 2025 ward expected, or nullptr when not checked
};
void PrintTo(const TextCase& c, std::ostream* os) { *os << c.name; }

// Places written in the text, in the shapes citizens use.
const TextCase kNamed[] = {
    // Markers and their abbreviations.
    {"WardThenOldDistrict", "Trộm xe", "Khu trọ ở phường Linh Trung (Thủ Đức cũ) mất xe.", "79",
     "26800"},
    {"AbbreviatedWardAndNumberedDistrict", "Ngập",
     "Tôi ở hẻm 45 Huỳnh Tấn Phát, P. Tân Thuận Tây, Q7 (cũ). Cứ triều cường là ngập.", "79",
     "27478"},
    {"GluedAbbreviations", "Ngập", "nhà ở P.Tân Thuận Tây, Q.7 ngập", "79", "27478"},
    {"DistrictAbbreviationGluedToName", "Rác", "Rác ở Q.Bình Thạnh không ai thu.", "79", nullptr},
    {"NumberedDistrictAlone", "Điện", "Khu tôi ở Q3 cúp điện cả ngày.", "79", nullptr},
    {"NumberedDistrictWithMarker", "Ồn", "karaoke ở phường 3 quận 8 hát tới khuya", "79", nullptr},
    {"SaigonShorthandF", "Ồn", "nhà em ở F.5 Gò Vấp, đêm nào cũng ồn", "79", nullptr},
    {"TpDotHcm", "Hỏi thủ tục", "Tôi đang tạm trú tại TP.HCM, muốn hỏi thủ tục.", "79", nullptr},
    {"TphcmOneWord", "hoi", "toi o tphcm, xin hoi thu tuc", "79", nullptr},
    {"SaiGonAlias", "Hỏi", "Tôi làm ở Sài Gòn đã 5 năm.", "79", nullptr},
    {"ProvinceMarkerAndOldName", "Khám bệnh", "Bệnh viện Đa khoa tỉnh Thái Bình (cũ) bắt chờ lâu.",
     "33", nullptr},
    {"CommuneDistrictProvince", "Lúa",
     "Tôi ở xã Vũ Lăng, huyện Tiền Hải, tỉnh Thái Bình. Giống lúa kém.", "33", "12970"},
    {"CommuneDistrictProvincePlainLowerCase", "lua",
     "toi o xa vu lang huyen tien hai tinh thai binh giong lua kem", "33", "12970"},
    {"CommuneDistrictProvincePlainCapitals", "giong lua kem",
     "Toi o xa Vu Lang, Tien Hai, Thai Binh. Vu xuan nay lua kem.", "33", "12970"},
    {"ProvinceWithColon", "Đơn", "Địa chỉ: Tỉnh: Thanh Hóa", "38", nullptr},
    {"CityMarkerAndDistrictLevelCity", "Ô tô cũ",
     "Tôi mua xe tại một salon trên đại lộ Lê Nin, TP Vinh.", "40", nullptr},
    {"CityMarkerAndFormerCity", "Hồ sơ", "Tôi nộp hồ sơ ở thành phố Thủ Đức từ tháng 5.", "79",
     nullptr},
    {"AllCapitals", "ĐƠN KIẾN NGHỊ", "Kính gửi: UBND TỈNH THANH HÓA", "38", nullptr},
    // Villages before their commune.
    {"VillageThenCommuneOldAndNew", "Cấp sổ",
     "Tôi thường trú tại thôn Cổ Dương, xã Tiên Dương cũ (nay thuộc xã Phúc Thịnh), Hà Nội.", "01",
     "00466"},
    {"NumberedHamletThenCommune", "Nước sạch",
     "Alo, em ở ấp 3 Hiệp Phước, Nhà Bè. Khu em chưa có nước máy.", "79", nullptr},
    {"NumberedBlockThenWardThenDistrict", "Karaoke",
     "Em ở tổ 20 phường An Hải, Sơn Trà, gần đường Ngô Quyền.", "48", "20275"},
    {"VillageNameThenDistrict", "mat mang", "cap quang khu Phuoc Kien Nha Be bi dut", "79",
     nullptr},
    // Unmarked names.
    {"DistrictAfterPlaceWord", "Phát nhầm thuốc", "Mẹ tôi ở Sóc Sơn, đi khám hay phải chờ.", "01",
     nullptr},
    {"DistrictEndingAnInstitutionName", "Phát nhầm thuốc",
     "Mẹ tôi đi khám tại Trung tâm y tế Sóc Sơn, được kê đơn thuốc huyết áp.", "01", nullptr},
    {"DistrictInParentheses", "Ngập", "Phố Hoàng Cầu đoạn trước hồ Hoàng Cầu (Đống Đa) ngập sâu.",
     "01", nullptr},
    {"DistrictAfterStreetAndComma", "Hộ kinh doanh",
     "Em mở quán cà phê ở đường Võ Văn Ngân, Thủ Đức.", "79", nullptr},
    {"StreetThenDistrictWithoutComma", "massage", "tiem massage tren duong Nguyen Oanh Go Vap",
     "79", nullptr},
    {"WardThenDistrictWithoutComma", "mam non", "nhom tre o Tam Phuoc Bien Hoa nhan 30 chau", "75",
     "26374"},
    {"PlainLowerCaseDistrictAfterPlaceWord", "nuoc", "nuoc may o go vap vang duc", "79", nullptr},
    {"OneWordDistrictAfterMarket", "Cân điêu", "Tôi mua tôm ở chợ Vinh bị cân điêu.", "40",
     nullptr},
    {"MarketNamedAfterDistrict", "Đánh bạc", "Khu nhà trọ gần chợ Dĩ An có người đánh bạc.", "79",
     nullptr},
    {"HospitalNamedAfterProvince", "Chờ khám",
     "Em ở Bệnh viện Nhi Thanh Hóa đây, chờ khám từ sáng.", "38", nullptr},
    {"IndustrialParkNamedAfterDistrict", "Nhà ở xã hội",
     "Vợ chồng em là công nhân ở KCN Yên Phong, đang thuê trọ.", "24", nullptr},
    {"DistrictBeginningWithAMarkerWord", "Ổ gà", "Quốc lộ 14 đoạn qua Buôn Ma Thuột có nhiều ổ gà.",
     "66", nullptr},
    {"DistrictMergedBefore2025", "Ki ốt", "Dọc bãi biển Cửa Lò có ki ốt xây kiên cố.", "40",
     nullptr},
    {"ProvinceMergedIn2008", "gas", "dai ly gas o Thach That Ha Tay giao thieu", "01", nullptr},
    {"OldProvinceWithCu", "BHYT", "alo, toi o Phu Ly, Ha Nam cu. Truong bat mua BHYT.", "37",
     nullptr},
    {"TitleOnly", "Mất nước ở Long Điền", "Công ty cấp nước không thông báo trước.", "79", nullptr},
    {"IslandDistrict", "cup dien Con Dao", "cup dien lien tuc 3 ngay nay", "79", nullptr},
    {"CurrentWardOverOldUnitsElsewhere", "Cán bộ hách dịch",
     "Tôi phản ánh cán bộ bộ phận một cửa phường Hà Đông. Sáng nay tôi đến nộp hồ sơ.", "01",
     "09556"},
    {"WardNameWithADash", "Nước sạch",
     "Kính gửi: Ủy ban nhân dân Phường Văn Miếu - Quốc Tử Giám. Tôi thường trú tại Phường Văn "
     "Miếu - Quốc Tử Giám, Thành phố Hà Nội.",
     "01", "00226"},
    {"WardNameEndingInANumber", "Xe quá tải",
     "Tôi ở số 201 đường Nguyễn Văn Cừ, Phường Long Phú 1, Thành phố Cần Thơ.", "92", "31480"},
    // Lines run together (the cleaner turns line breaks into spaces).
    {"AddresseeFollowedBySentence", "Thu tiền",
     "Kính gửi: Sở Y tế tỉnh Hà Tĩnh Mẹ tôi điều trị tại khoa Ngoại.", "42", nullptr},
    {"SentenceEndWithoutSpace", "Hỏi", "Tôi ở Hà Nội.Tôi muốn hỏi thủ tục.", "01", nullptr},
    {"ProvinceFollowedBySentence", "Đất",
     "Kính gửi: Ủy ban nhân dân thành phố Hà Nội Đồng kính gửi: Văn phòng đăng ký đất đai", "01",
     nullptr},
    {"TitleCase", "Phản Ánh Tình Trạng Ngập Tại Quận 7", "Nước ngập tới đầu gối.", "79", nullptr},
    {"DishNamedAfterACity", "Thực phẩm bẩn",
     "Quán bún bò Huế trên đường Lê Văn Sỹ ở quận 3 bán thịt ôi.", "79", nullptr},
    // Several places named.
    {"CurrentPlaceOverHomeTown", "Hỏi", "Tôi quê Nghệ An, hiện ở Q7.", "79", nullptr},
    {"LargestUnitOfTheAddressDecides", "Cháy rừng",
     "Cháy ở đồi thông thôn Cổ Hiền, xã Hiền Ninh, Quảng Ninh, Quảng Bình cũ đó.", "44", "19237"},
    {"AddresseeOverPlaceOfBirth", "Khai sinh",
     "Kính gửi: UBND xã Quảng Xương, tỉnh Thanh Hóa. Con tôi sinh năm 2023 tại TP.HCM.", "38",
     nullptr},
    {"AddresseeLineEndsBeforeTheText", "Lương hưu",
     "Kính gửi Bảo hiểm xã hội, Tôi nghỉ hưu tại Hà Nội. Nay tôi sống với con ở phường Cái "
     "Khế, Cần Thơ, muốn chuyển lương hưu về Cần Thơ.",
     "92", "31120"},
    {"WhereOneGoesBackTo", "Lương hưu",
     "Chú hưởng lương hưu ở Hà Nội, nay chú về quê ở Đồng Hới, Quảng Bình cũ sống với con.", "44",
     "18880"},
    {"MarketNamedAfterAnotherProvinceInAnAddress", "Thuế",
     "Ông Thịnh, chủ hộ kinh doanh tại chợ Điện Biên, phường Hạc Thành, Thanh Hóa, trình bày.",
     "38", nullptr},
    {"StatedPlaceOverPlaceMentionedTwice", "Khai tử",
     "Em ở xã Thiệu Hóa, Thanh Hóa. Ba em mất ở bệnh viện ngoài Hà Nội, tức là ngoài Hà Nội.", "38",
     nullptr},
};

class NamedPlaceTest : public TestWithParam<TextCase> {};

TEST_P(NamedPlaceTest, FindsTheProvince) {
  const TextCase& c = GetParam();
  std::optional<PlaceMatch> m = Find(c.title, c.content);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_code, c.province);
  EXPECT_EQ(m->method, "text");
  if (c.ward != nullptr) {
    EXPECT_EQ(m->ward_code, c.ward) << m->ward_name;
  }
}

INSTANTIATE_TEST_SUITE_P(Places, NamedPlaceTest, ValuesIn(kNamed),
                         [](const auto& info) { return std::string(info.param.name); });

// Words and names that look like places and are not.
const TextCase kNotNamed[] = {
    {"PeaceLowerCase", "Kiến nghị", "Chúng tôi mong muốn được sống trong hòa bình, yên ổn.", "",
     nullptr},
    {"PeacePlain", "kien nghi", "chung toi mong hoa binh, xin giai quyet", "", nullptr},
    {"CourseOfEvents", "Dịch bệnh", "Dịch bệnh diễn biến phức tạp, đề nghị phun thuốc.", "",
     nullptr},
    {"CourseOfEventsPlain", "dich", "dich benh dien bien phuc tap", "", nullptr},
    {"AsHighAs", "Ngập", "Nước ngập cao bằng đầu gối, xe chết máy.", "", nullptr},
    {"AsHighAsPlain", "ngap", "nuoc ngap cao bang dau goi", "", nullptr},
    {"NationalRoad", "Ổ gà", "Quốc lộ 1A đoạn qua cầu có nhiều ổ gà, QL5 cũng vậy.", "", nullptr},
    {"AmountsAndDates", "Nợ lương",
     "Công ty nợ 12.500.000 đồng từ ngày 15/7/2026, hẹn trả vào 30/8.", "", nullptr},
    {"QuarterOfAYear", "Thuế", "Kê khai thuế Q1/2026 bị lỗi, Q2 2026 cũng vậy.", "", nullptr},
    {"CircularNumber", "Hỏi", "Theo TT 01/2024 thì phải nộp gì?", "", nullptr},
    {"SignatureThatEndsLikeAProvince", "Lương hưu",
     "Đề nghị giải quyết sớm. Trân trọng, Bùi Thị Thanh Hoa", "", nullptr},
    {"PersonNamedLikeADistrict", "Cảm ơn", "Xin cảm ơn chị Thanh Xuân và anh Vinh đã giúp.", "",
     nullptr},
    {"PersonWithSurnameNamedLikeADistrict", "Đơn", "Người làm đơn: Lê Chân, sinh năm 1970.", "",
     nullptr},
    {"StreetNamedAfterAProvince", "Ngập", "Đường Điện Biên Phủ đoạn gần ngã tư ngập sâu.", "",
     nullptr},
    {"RiverNamedAfterAProvince", "Cống", "Cống ra sông Điện Biên bị đóng.", "", nullptr},
    {"BattleNamedLikeACity", "Tham quan", "Đoàn đi tham quan di tích chiến thắng Điện Biên Phủ.",
     "", nullptr},
    {"SchoolNamedLikeADistrict", "Lạm thu",
     "Trường Mầm non Hai Bà Trưng thu nhiều khoản ngoài quy định.", "", nullptr},
    {"Ocean", "Bão", "Áp thấp trên Thái Bình Dương mạnh lên thành bão.", "", nullptr},
    {"DiacriticsThatAreNotTheName", "Cảm ơn", "Ông Vĩnh đã giúp đỡ gia đình tôi.", "", nullptr},
    {"DischargeNotCommune", "nuoi heo xa thai",
     "nha hang xom nuoi heo, nuoc thai xa thang ra muong", "", nullptr},
    {"SocietyManagementProvinceWordsAlone", "Bảo hiểm xã hội",
     "Cán bộ phường quản lý tỉnh táo, thành phố đông đúc, địa phương có phương án.", "", nullptr},
    {"PlainCommonWords", "bhxh", "xa hoi, quan ly, tinh toan, dia phuong co phuong an", "",
     nullptr},
    {"BareMarkers", "Hỏi", "Tôi hỏi xã, xã bảo lên huyện, huyện bảo lên tỉnh.", "", nullptr},
    {"HotelNamedAfterACity", "Phòng", "Tôi ở khách sạn Sài Gòn Kim Liên hai đêm.", "", nullptr},
    {"WardNameWithoutPlaceWord", "Hồ sơ", "Anh Nguyễn Văn Cừ nộp hồ sơ từ tháng 5.", "", nullptr},
    {"CommuneNameOfSeveralProvinces", "Cải chính",
     "Kính gửi: Ủy ban nhân dân xã Tân Kỳ Tôi là Phan Văn Cường.", "", nullptr},
    {"NumberedWardNameAlone", "Xe quá tải", "Đường liên thôn bị lún ở Phường Long Phú 1.", "",
     nullptr},
};

class NotNamedPlaceTest : public TestWithParam<TextCase> {};

TEST_P(NotNamedPlaceTest, FindsNone) {
  const TextCase& c = GetParam();
  std::optional<PlaceMatch> m = Find(c.title, c.content);
  EXPECT_FALSE(m.has_value()) << m->province_code << " " << m->ward_name;
}

INSTANTIATE_TEST_SUITE_P(LookAlikes, NotNamedPlaceTest, ValuesIn(kNotNamed),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(FindPlaceInTextTest, EmptyTextNamesNothing) {
  EXPECT_FALSE(Find("", "").has_value());
  EXPECT_FALSE(Find("   ", ". , ; ( )").has_value());
}

TEST(FindPlaceInTextTest, MalformedUtf8IsNotAName) {
  EXPECT_FALSE(Find("\xff\xfe", "H\xe0 N\xf4i \xc3").has_value());
  std::optional<PlaceMatch> m = Find("", "Tôi ở Hà Nội \xff\xfe.");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_code, "01");
}

// A long text is read in one pass: a megabyte of petitions run together still gives the
// province the text names, quickly.
TEST(FindPlaceInTextTest, LongTextInLinearTime) {
  const std::string paragraph =
      "Chúng tôi là các hộ dân sinh sống tại ấp 3, xã Vĩnh Lộc A (huyện Bình Chánh cũ). Khu đất "
      "của chúng tôi nằm trong quy hoạch từ năm 2008, ông Nguyễn Văn An và bà Trần Thị Bình đã "
      "nhiều lần kiến nghị, đường Điện Biên Phủ ngập, chợ Bến Thành đông. ";
  // Seconds for the best of three runs on `bytes` of text, and the place found.
  auto run = [&](size_t bytes) {
    std::string text;
    while (text.size() < bytes) text += paragraph;
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
      const auto start = std::chrono::steady_clock::now();
      std::optional<PlaceMatch> m = Find("Quy hoạch treo", text);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      EXPECT_TRUE(m.has_value() && m->province_code == "79");
    }
    return best;
  };
  // A ratio, not a wall-clock limit: 4x the text may cost about 4x (linear), never 16x
  // (quadratic); 8x leaves room for a noisy machine.
  const double small = run(size_t{1} << 18), large = run(size_t{1} << 20);
  EXPECT_LT(large, 8 * small + 0.01) << "256 KiB: " << small << " s, 1 MiB: " << large << " s";
}

// The place of a petition: its location when that names a province, else its text.
TEST(ResolvePlaceTest, LocationWinsOverText) {
  PetitionFields f{
      .title = "Ngập", .content = "Tôi ở Hà Nội", .location_province = "Thành phố Hồ Chí Minh"};
  std::optional<PlaceMatch> m = ResolvePlace(&Index(), TheNormalizer(), f);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_code, "79");
  EXPECT_NE(m->method, "text");
}

TEST(ResolvePlaceTest, TextWhenNoLocation) {
  PetitionFields f{.title = "Ngập", .content = "Tôi ở Gò Vấp, hẻm ngập"};
  std::optional<PlaceMatch> m = ResolvePlace(&Index(), TheNormalizer(), f);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->province_code, "79");
  EXPECT_EQ(m->method, "text");
}

}  // namespace
}  // namespace pakn::classify
