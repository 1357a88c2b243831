#include "tools/gen/vn_geography.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "classify/admin_units.h"

namespace pakn::gen::gen_internal {
namespace {

constexpr int kMaxWards = 30;

// Hand-entered approximations of each province's administrative centre (not in the data set):
// only meant to place synthetic petitions roughly in the right province (the generator adds
// jitter).
struct Centre {
  std::string_view code;
  int lat_micro, lon_micro;
};
constexpr Centre kCentres[] = {
    {"01", 21028500, 105854200}, {"04", 22665700, 106257700}, {"08", 21823600, 105214200},
    {"11", 21386000, 103023000}, {"12", 22396400, 103458200}, {"14", 21325600, 103918800},
    {"15", 21722900, 104911300}, {"19", 21594200, 105848200}, {"20", 21853700, 106761500},
    {"22", 20951700, 107080000}, {"24", 21273100, 106194600}, {"25", 21322700, 105402000},
    {"31", 20844900, 106688100}, {"33", 20646400, 106051100}, {"37", 20250600, 105974500},
    {"38", 19806700, 105785200}, {"40", 18679600, 105681300}, {"42", 18342800, 105905700},
    {"44", 17468900, 106622300}, {"46", 16463700, 107590900}, {"48", 16054400, 108202200},
    {"51", 15121400, 108804400}, {"52", 13783000, 109219700}, {"56", 12238800, 109196700},
    {"66", 12666700, 108050000}, {"68", 11940400, 108458300}, {"75", 10957400, 106842700},
    {"79", 10776900, 106700900}, {"80", 10535900, 106413700}, {"82", 10360000, 106360000},
    {"86", 10253700, 105972200}, {"91", 10012500, 105080900}, {"92", 10045200, 105746900},
    {"96", 9176900, 105152400},
};

struct Geography {
  std::vector<VnProvince> provinces;
  std::vector<VnWard> wards;
};

Geography Build() {
  Geography g;
  std::vector<const classify::WardRow*> of_province;
  for (const classify::ProvinceRow& p : classify::ProvinceRows()) {
    const Centre* centre = nullptr;
    for (const Centre& c : kCentres)
      if (c.code == p.code) centre = &c;
    if (!centre) std::abort();  // a province without a centre: kCentres is out of date
    std::string slug;
    for (const char* s = p.name_en; *s; ++s)
      if (*s != ' ')
        slug.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*s))));
    of_province.clear();
    for (const classify::WardRow& w : classify::WardRows())
      if (std::string_view(w.province_code) == p.code) of_province.push_back(&w);
    std::sort(of_province.begin(), of_province.end(),
              [](const auto* a, const auto* b) { return std::string_view(a->code) < b->code; });
    const int n = static_cast<int>(of_province.size());
    const int kept = n <= kMaxWards ? n : kMaxWards;
    g.provinces.push_back({p.code, p.full_name, p.name, std::move(slug), centre->lat_micro,
                           centre->lon_micro, static_cast<int>(g.wards.size()), kept});
    for (int i = 0; i < kept; ++i) {
      const classify::WardRow& w = *of_province[n <= kMaxWards ? i : i * (n - 1) / (kMaxWards - 1)];
      VnWard ward{w.code, w.name, std::string(w.type) + " " + w.name};
      g.wards.push_back(std::move(ward));
    }
  }
  return g;
}

const Geography& TheGeography() {
  static const Geography g = Build();
  return g;
}

}  // namespace

std::span<const VnProvince> VnProvinces() { return TheGeography().provinces; }
std::span<const VnWard> VnWards() { return TheGeography().wards; }

}  // namespace pakn::gen::gen_internal
