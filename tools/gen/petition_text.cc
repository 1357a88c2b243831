// Text model of the petition generator: PRNG, calendar helpers, Vietnamese names and streets,
// and the composition of a petition body from the topic templates (petition_topics.cc).
// Contract in petition_text.h. All names and organizations are fictitious combinations.
#include "tools/gen/petition_text.h"

#include <algorithm>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

namespace pakn::gen::gen_internal {

uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

Rng::Rng(uint64_t seed) {
  for (uint64_t& s : s_) {
    seed += 0x9E3779B97F4A7C15ull;
    s = Mix64(seed);
  }
}

uint64_t Rng::Next() {
  auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int MonthDays(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

int64_t DaysFromCivil(int year, int month, int day) {
  int64_t days = 0;
  for (int y = 1970; y < year; ++y) days += IsLeap(y) ? 366 : 365;
  for (int m = 1; m < month; ++m) days += MonthDays(year, m);
  return days + day - 1;
}

void CivilFromDays(int64_t days, int* year, int* month, int* day) {
  int y = 1970;
  while (days >= (IsLeap(y) ? 366 : 365)) days -= IsLeap(y++) ? 366 : 365;
  int m = 1;
  while (days >= MonthDays(y, m)) days -= MonthDays(y, m++);
  *year = y;
  *month = m;
  *day = static_cast<int>(days) + 1;
}

void AppendGrouped(uint64_t value, std::string* out) {
  const std::string digits = std::to_string(value);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out->push_back('.');
    out->push_back(digits[i]);
  }
}

namespace {

using SV = std::string_view;

struct NamePart {
  SV text;
  SV ascii;
};
struct Surname {
  NamePart part;
  int weight;  // roughly per mille of the population
};

constexpr Surname kSurnames[] = {
    {{"Nguyễn", "nguyen"}, 380}, {{"Trần", "tran"}, 110}, {{"Lê", "le"}, 95},
    {{"Phạm", "pham"}, 70},      {{"Hoàng", "hoang"}, 30}, {{"Huỳnh", "huynh"}, 21},
    {{"Phan", "phan"}, 45},      {{"Vũ", "vu"}, 22},       {{"Võ", "vo"}, 17},
    {{"Đặng", "dang"}, 21},      {{"Bùi", "bui"}, 20},     {{"Đỗ", "do"}, 14},
    {{"Hồ", "ho"}, 13},          {{"Ngô", "ngo"}, 13},     {{"Dương", "duong"}, 10},
    {{"Lý", "ly"}, 5},           {{"Đinh", "dinh"}, 8},    {{"Trương", "truong"}, 8},
};
constexpr NamePart kMaleMiddle[] = {
    {"Văn", "van"},   {"Đức", "duc"},   {"Minh", "minh"}, {"Quang", "quang"}, {"Hữu", "huu"},
    {"Công", "cong"}, {"Thanh", "thanh"}, {"Xuân", "xuan"}, {"Quốc", "quoc"}, {"Đình", "dinh"},
};
constexpr NamePart kFemaleMiddle[] = {
    {"Thị", "thi"},   {"Ngọc", "ngoc"}, {"Thu", "thu"}, {"Thanh", "thanh"}, {"Phương", "phuong"},
    {"Hồng", "hong"}, {"Thùy", "thuy"}, {"Kim", "kim"}, {"Bảo", "bao"},     {"Minh", "minh"},
};
constexpr NamePart kMaleGiven[] = {
    {"Anh", "anh"},     {"Bình", "binh"}, {"Cường", "cuong"}, {"Dũng", "dung"}, {"Hải", "hai"},
    {"Hiếu", "hieu"},   {"Hùng", "hung"}, {"Huy", "huy"},     {"Khánh", "khanh"}, {"Long", "long"},
    {"Nam", "nam"},     {"Phong", "phong"}, {"Phúc", "phuc"}, {"Quân", "quan"}, {"Sơn", "son"},
    {"Thắng", "thang"}, {"Thành", "thanh"}, {"Trung", "trung"}, {"Tuấn", "tuan"}, {"Việt", "viet"},
};
constexpr NamePart kFemaleGiven[] = {
    {"Anh", "anh"},   {"Chi", "chi"},   {"Dung", "dung"}, {"Giang", "giang"}, {"Hà", "ha"},
    {"Hằng", "hang"}, {"Hạnh", "hanh"}, {"Hoa", "hoa"},   {"Hương", "huong"}, {"Huyền", "huyen"},
    {"Lan", "lan"},   {"Linh", "linh"}, {"Mai", "mai"},   {"Nga", "nga"},     {"Nhung", "nhung"},
    {"Oanh", "oanh"}, {"Phương", "phuong"}, {"Quỳnh", "quynh"}, {"Thảo", "thao"}, {"Yến", "yen"},
};

// Street names found in most Vietnamese towns (historical figures and dates).
constexpr SV kStreets[] = {
    "Lê Lợi",        "Trần Hưng Đạo",  "Nguyễn Huệ",     "Hai Bà Trưng",   "Lý Thường Kiệt",
    "Quang Trung",   "Lê Duẩn",        "Hùng Vương",     "Nguyễn Trãi",    "Phan Chu Trinh",
    "Điện Biên Phủ", "Võ Thị Sáu",     "30 Tháng 4",     "Cách Mạng Tháng Tám", "Trần Phú",
    "Lê Lai",        "Nguyễn Văn Cừ",  "Phan Đình Phùng", "Hoàng Hoa Thám", "Ngô Quyền",
    "Bà Triệu",      "Lý Tự Trọng",    "Nguyễn Du",      "Tôn Đức Thắng",  "Nguyễn Thị Minh Khai",
    "Trường Chinh",  "Lê Thánh Tông",  "Phạm Văn Đồng",  "Võ Nguyên Giáp", "Nguyễn Chí Thanh",
};
constexpr SV kVillages[] = {"Đông", "Đoài", "Thượng", "Hạ", "Trung", "Tân Lập", "Yên Bình",
                            "Phú Mỹ", "Bình An", "Hòa Thuận", "Thành Công", "Tiền Phong"};
constexpr SV kTrades[] = {"Thương mại", "May mặc", "Xây lắp", "Vận tải", "Chế biến thực phẩm",
                          "Điện tử", "Dịch vụ", "Giày da"};
constexpr SV kBrandNames[] = {"Minh Phát", "Hưng Thịnh", "Phú Thành", "An Khang", "Thành Đạt",
                              "Hoàng Long", "Việt Tiến", "Sao Mai", "Trường Sơn", "Bình Minh"};
constexpr SV kMarkets[] = {"chợ đầu mối", "chợ trung tâm", "chợ đêm", "khu chợ tạm"};
constexpr SV kApartments[] = {"An Phú", "Bình Minh", "Hòa Bình", "Thăng Long", "Sao Mai",
                              "Hoa Sen", "Sông Hồng", "Phú Gia"};

void AppendName(NamePart part, Person* p) {
  if (!p->name.empty()) p->name.push_back(' ');
  p->name.append(part.text);
  p->ascii.append(part.ascii);
}

}  // namespace

Person MakePerson(Rng& rng) {
  Person p;
  p.female = rng.Chance(50);
  p.birth_year = static_cast<int>(rng.Range(1950, 2006));
  int ticket = static_cast<int>(rng.Below(1000));
  const Surname* surname = &kSurnames[0];
  for (const Surname& s : kSurnames) {
    surname = &s;
    if ((ticket -= s.weight) < 0) break;
  }
  AppendName(surname->part, &p);
  const NamePart middle = p.female ? rng.Pick(kFemaleMiddle) : rng.Pick(kMaleMiddle);
  AppendName(middle, &p);
  // A second middle name ("Nguyễn Ngọc Bảo Anh") is common among younger people, but not
  // after the traditional "Văn"/"Thị".
  if (p.birth_year > 1975 && middle.ascii != "van" && middle.ascii != "thi" && rng.Chance(25)) {
    const NamePart second = p.female ? rng.Pick(kFemaleMiddle) : rng.Pick(kMaleMiddle);
    if (second.ascii != middle.ascii && second.ascii != "van" && second.ascii != "thi") {
      AppendName(second, &p);
    }
  }
  AppendName(p.female ? rng.Pick(kFemaleGiven) : rng.Pick(kMaleGiven), &p);
  return p;
}

std::string MakeOrganizationName(Rng& rng) {
  std::string name;
  switch (rng.Below(4)) {
    case 0:
      name = "Công ty TNHH ";
      break;
    case 1:
      name = "Công ty cổ phần ";
      break;
    case 2:
      return std::string("Ban quản trị tòa nhà ").append(rng.Pick(kApartments));
    default:
      return std::string("Hợp tác xã ").append(rng.Pick(kBrandNames));
  }
  return name.append(rng.Pick(kTrades)).append(" ").append(rng.Pick(kBrandNames));
}

std::string_view PickStreet(Rng& rng) { return rng.Pick(kStreets); }
std::string_view PickVillage(Rng& rng) { return rng.Pick(kVillages); }

namespace {

void AppendDate(int64_t days, std::string* out) {
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
  out->append(buf);
}

void AppendInt(int64_t v, std::string* out) { out->append(std::to_string(v)); }

// The petition's context plus the named things it mentions, drawn once so that the title and
// the body speak of the same school, hospital, company or building.
struct Scene {
  Scene(Rng& rng, const TextContext& context) : ctx(context) {
    static constexpr SV kHospitals[] = {"Bệnh viện Đa khoa ", "Bệnh viện Nhi ", "Trung tâm Y tế "};
    static constexpr SV kLevels[] = {"Trường Tiểu học ", "Trường THCS ", "Trường THPT ",
                                     "Trường Mầm non "};
    hospital.append(rng.Pick(kHospitals)).append(ctx.province_short);
    school.append(rng.Pick(kLevels)).append(PickStreet(rng));
    company.append("Công ty TNHH ").append(rng.Pick(kTrades)).append(" ");
    company.append(rng.Pick(kBrandNames));
    market.append(rng.Pick(kMarkets)).append(" ").append(ctx.ward_short);
    apartment = rng.Pick(kApartments);
    size_t i = rng.Below(std::size(kStreets));
    if (kStreets[i] == ctx.street) i = (i + 1) % std::size(kStreets);  // a real crossing
    street2 = kStreets[i];
  }
  const TextContext& ctx;
  std::string hospital, school, company, market;
  SV apartment, street2;
};

void ExpandSlot(SV slot, Rng& rng, const Scene& scene, std::string* out) {
  const TextContext& ctx = scene.ctx;
  const int64_t today = DaysFromCivil(ctx.year, ctx.month, ctx.day);
  if (slot == "street") {
    out->append(ctx.street);
  } else if (slot == "street2") {
    out->append(scene.street2);
  } else if (slot == "ward") {
    out->append(ctx.ward);
  } else if (slot == "province") {
    out->append(ctx.province);
  } else if (slot == "province_short") {
    out->append(ctx.province_short);
  } else if (slot == "place") {
    out->append(ctx.locality).append(", ").append(ctx.ward);
  } else if (slot == "village") {
    if (ctx.rural && ctx.province_code >= "75") {  // the south says "ấp"
      out->append("ấp ");
      AppendInt(rng.Range(1, 12), out);
    } else if (ctx.rural) {
      out->append("thôn ").append(PickVillage(rng));
    } else {
      out->append("tổ dân phố số ");
      AppendInt(rng.Range(1, 40), out);
    }
  } else if (slot == "hn") {
    AppendInt(rng.Range(1, 320), out);
    if (rng.Chance(15)) out->push_back("ABC"[rng.Below(3)]);
  } else if (slot == "n") {
    AppendInt(rng.Range(2, 9), out);
  } else if (slot == "n2") {
    AppendInt(rng.Range(10, 30), out);
  } else if (slot == "nn") {
    AppendInt(rng.Range(10, 99), out);
  } else if (slot == "cm") {
    AppendInt(rng.Range(2, 12) * 5, out);
  } else if (slot == "area") {
    AppendInt(rng.Range(60, 500), out);
  } else if (slot == "money") {
    AppendGrouped(static_cast<uint64_t>(rng.Range(15, 5000)) * 10000, out);
  } else if (slot == "price") {  // a cubic metre of water
    AppendGrouped(static_cast<uint64_t>(rng.Range(3, 30)) * 10000, out);
  } else if (slot == "bill") {  // a household's monthly electricity bill
    AppendGrouped(static_cast<uint64_t>(rng.Range(80, 900)) * 10000, out);
  } else if (slot == "fee") {  // school fees collected per pupil
    AppendGrouped(static_cast<uint64_t>(rng.Range(50, 500)) * 10000, out);
  } else if (slot == "date") {
    AppendDate(today - rng.Range(3, 75), out);
  } else if (slot == "month_prev") {
    AppendInt(ctx.month == 1 ? 12 : ctx.month - 1, out);
  } else if (slot == "year") {
    AppendInt(ctx.year, out);
  } else if (slot == "year_old") {
    AppendInt(rng.Range(1985, 2018), out);
  } else if (slot == "months") {
    AppendInt(rng.Range(2, 12), out);
  } else if (slot == "hour") {
    AppendInt(rng.Range(22, 23), out);
  } else if (slot == "hospital") {
    out->append(scene.hospital);
  } else if (slot == "school") {
    out->append(scene.school);
  } else if (slot == "grade") {
    AppendInt(rng.Range(1, 12), out);
  } else if (slot == "company") {
    out->append(scene.company);
  } else if (slot == "market") {
    out->append(scene.market);
  } else if (slot == "apartment") {
    out->append(scene.apartment);
  } else if (slot == "workers") {
    AppendInt(rng.Range(2, 40) * 10, out);
  } else if (slot == "case_no") {
    // Shaped like the national portal's case numbers: 000.00.07.H29-261018-0042.
    char buf[48];
    int y, m, d;
    CivilFromDays(today - rng.Range(5, 40), &y, &m, &d);
    std::snprintf(buf, sizeof buf, "000.00.%02d.H%.2s-%02d%02d%02d-%04d",
                  static_cast<int>(rng.Range(1, 30)), ctx.province_code.data(), y % 100, m, d,
                  static_cast<int>(rng.Range(1, 9999)));
    out->append(buf);
  } else {
    out->append("{").append(slot).append("}");  // unknown slot: visible, never silent
  }
}

void Expand(SV tmpl, Rng& rng, const Scene& scene, std::string* out) {
  size_t pos = 0;
  while (pos < tmpl.size()) {
    const size_t open = tmpl.find('{', pos);
    const size_t close = open == SV::npos ? SV::npos : tmpl.find('}', open);
    if (close == SV::npos) {
      out->append(tmpl.substr(pos));
      return;
    }
    out->append(tmpl.substr(pos, open - pos));
    ExpandSlot(tmpl.substr(open + 1, close - open - 1), rng, scene, out);
    pos = close + 1;
  }
}

// The filled prefix of a fixed-size template array.
template <size_t N>
std::span<const SV> Filled(const SV (&items)[N]) {
  size_t n = 0;
  while (n < N && !items[n].empty()) ++n;
  return std::span<const SV>(items, n);
}

const Topic& PickTopic(Rng& rng) {
  const std::span<const Topic> place = PlaceTopics(), social = SocialTopics();
  const size_t i = rng.Below(place.size() + social.size());
  return i < place.size() ? place[i] : social[i - place.size()];
}

// Appends `k` distinct sentences of `pool`, space-separated, in pool order. With keep_first
// the first sentence is always among them (an issue's first sentence states it).
void AppendSome(std::span<const SV> pool, size_t k, bool keep_first, Rng& rng,
                const Scene& scene, std::string* out) {
  k = std::min(k, pool.size());
  size_t needed = k;
  for (size_t i = 0; i < pool.size() && needed > 0; ++i) {
    // Selection sampling: take i with probability needed / remaining.
    if (!(keep_first && i == 0) && rng.Below(pool.size() - i) >= needed) continue;
    if (!out->empty() && out->back() != '\n' && out->back() != ' ') out->push_back(' ');
    Expand(pool[i], rng, scene, out);
    --needed;
  }
}

PetitionText ComposeUnrouted(Rng& rng, const Scene& scene) {
  PetitionText text;
  text.topic = kUnroutedTopic;
  text.agency = kUnroutedAgency;
  text.title = rng.Pick(UnroutedTitles());
  // No name or address either: a name like "Lê Công Anh" contains "công an".
  AppendSome(UnroutedSentences(), 2 + rng.Below(3), false, rng, scene, &text.content);
  return text;
}

void AppendIntro(Rng& rng, const TextContext& ctx, std::string* body) {
  if (ctx.organization) {
    body->append("Chúng tôi là đại diện ").append(ctx.organization_name);
    if (!ctx.reporter.empty()) body->append(", người đại diện là ông/bà ").append(ctx.reporter);
    body->append(", địa chỉ tại ");
  } else if (ctx.reporter.empty()) {
    body->append("Tôi là người dân sinh sống tại ");
  } else {
    body->append(rng.Chance(50) ? "Tôi là " : "Tôi tên là ").append(ctx.reporter);
    body->append(rng.Chance(50) ? ", hiện sinh sống tại " : ", thường trú tại ");
  }
  body->append(ctx.locality).append(", ").append(ctx.ward).append(", ").append(ctx.province);
  body->append(".");
}

}  // namespace

PetitionText ComposePetitionText(Rng& rng, const TextContext& ctx) {
  const Scene scene(rng, ctx);
  if (rng.Chance(5)) return ComposeUnrouted(rng, scene);
  const Topic& topic = PickTopic(rng);
  const Issue& issue = rng.Pick(topic.issues);
  const std::span<const SV> problems = Filled(issue.problems);
  const std::span<const SV> requests = Filled(issue.requests);
  PetitionText text;
  text.category = topic.code;
  text.topic = issue.topic;
  text.agency = issue.agency;
  Expand(rng.Pick(Filled(issue.titles)), rng, scene, &text.title);
  std::string& body = text.content;
  if (ctx.channel == "sms") {  // one short message, as typed on a phone
    AppendSome(problems, 1, true, rng, scene, &body);
    return text;
  }
  // Some portals keep the citizen's paragraph breaks, which must survive JSON escaping.
  const char* paragraph = rng.Chance(30) ? "\n" : " ";
  if (ctx.channel == "hotline") {  // transcribed by the operator, the caller's words quoted
    body.append(ctx.reporter.empty() ? std::string("Công dân không cung cấp họ tên")
                                     : std::string("Công dân ").append(ctx.reporter));
    body.append(" gọi đến đường dây nóng ").append(ctx.source).append(" phản ánh: \"");
    AppendSome(problems, 2, true, rng, scene, &body);
    body.append("\"").append(paragraph);
    AppendSome(requests, 1, false, rng, scene, &body);
    return text;
  }
  if (rng.Chance(70)) {
    body.append("Kính gửi: ");
    Expand(rng.Pick(topic.agencies), rng, scene, &body);
    body.append(".").append(paragraph);
  }
  AppendIntro(rng, ctx, &body);
  if (rng.Chance(50)) {
    static constexpr SV kLeadIns[] = {" Tôi xin phản ánh sự việc như sau:",
                                      " Nay tôi làm đơn này kính trình bày sự việc như sau:",
                                      " Tôi xin trình bày sự việc cụ thể như sau:"};
    body.append(rng.Pick(kLeadIns)).append(paragraph);
  }
  AppendSome(problems, rng.Chance(65) ? 3 : 2, true, rng, scene, &body);
  body.append(paragraph);
  if (rng.Chance(85)) {
    AppendSome(ImpactSentences(), rng.Chance(50) ? 2 : 1, false, rng, scene, &body);
  }
  AppendSome(requests, 1 + rng.Below(2), false, rng, scene, &body);
  body.append(paragraph);
  if (ctx.attachments > 0 && rng.Chance(60)) {
    body.append("Tôi xin gửi kèm ").append(std::to_string(ctx.attachments));
    body.append(" tệp hình ảnh, tài liệu liên quan để cơ quan chức năng tiện xem xét. ");
  }
  if (rng.Chance(35)) {
    body.append("Tôi xin cam đoan những nội dung trình bày trên là đúng sự thật và chịu trách "
                "nhiệm trước pháp luật. ");
  }
  // Citizens often repeat their phone number in the text (the pipeline masks it).
  if (!ctx.phone.empty() && rng.Chance(40)) {
    body.append("Liên hệ: ").append(ctx.phone).append(". ");
  }
  body.append(rng.Pick(ClosingSentences()));
  return text;
}

void FillToSize(Rng& rng, const TextContext& ctx, size_t bytes, std::string* out) {
  const Scene scene(rng, ctx);
  while (out->size() < bytes) {
    if (!out->empty()) out->push_back(' ');
    Expand(rng.Pick(Filled(rng.Pick(PickTopic(rng).issues).problems)), rng, scene, out);
  }
  // Cut before the character that straddles `bytes` (operator[] at size() yields '\0').
  size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>((*out)[cut]) & 0xC0) == 0x80) --cut;
  out->resize(cut);
  out->append(bytes - cut, '.');
}

}  // namespace pakn::gen::gen_internal
