#include "classify/places.h"

#include <algorithm>
#include <utility>

#include "base/hash.h"
#include "base/strings.h"

namespace pakn::classify {
namespace {

using places_internal::KeyPart;
using places_internal::Level;
using places_internal::UnitType;

// Row types of the generated data (see the comment at the top of the .inc).
struct ProvinceRow {
  const char* code;
  const char* name;
  const char* full_name;
  const char* name_en;
};
struct WardRow {
  const char* code;
  const char* province_code;
  const char* type;
  const char* name;
};
struct OldProvinceRow {
  const char* code;
  const char* full_name;
  const char* new_province_code;
};
struct OldUnitRow {
  const char* code;
  const char* old_province_code;
  const char* full_name;
  const char* new_ward_codes;
};

#include "data/vn-admin-units/admin-units.inc"

// Names citizens use for provinces that are neither a 2025 nor a pre-2025 official name.
// old_code: the pre-2025 province the alias designates when that one no longer exists as such
// (its communes' old names are then tried first).
struct Alias {
  const char* key;
  const char* code;
  const char* old_code;
};
constexpr Alias kAliases[] = {
    {"hcm", "79", ""},     {"tphcm", "79", ""},   {"hcmc", "79", ""},
    {"sai gon", "79", ""}, {"saigon", "79", ""},  {"sg", "79", ""},
    {"hn", "01", ""},      {"tphn", "01", ""},    {"hp", "31", ""},
    {"dac lac", "66", ""},  // common misspelling of Đắk Lắk
    {"thua thien hue", "46", "46"},  // Huế's name until it became a city in January 2025
    {"tth", "46", "46"},   {"brvt", "79", "77"},  {"vung tau", "79", "77"},
    {"bac can", "19", "06"},  // both spellings of Bắc Kạn are in use
    {"dac nong", "68", "67"},
};

constexpr std::uint8_t kNationalScope = 0xff;  // fuzzy scope of province names
constexpr std::uint32_t kRefWard = 0, kRefOld = 1, kRefProvince = 2;
constexpr std::size_t kMaxCandidates = 16;

std::uint32_t Ref(std::uint32_t kind, std::size_t index) {
  return (kind << 24) | static_cast<std::uint32_t>(index);
}

std::string_view MethodName(int method) {
  static constexpr std::string_view kNames[] = {"exact", "alias", "old-name", "fuzzy",
                                                "district-name"};
  return kNames[method];
}

std::string Join(const std::vector<std::string>& tokens) {
  return StrJoin(tokens, " ");
}

void AddUnique(std::vector<std::uint16_t>* v, std::uint16_t x) {
  if (std::find(v->begin(), v->end(), x) == v->end()) v->push_back(x);
}

}  // namespace

StatusOr<std::unique_ptr<PlaceIndex>> PlaceIndex::Create(const Normalizer& normalizer) {
  std::unique_ptr<PlaceIndex> index(new PlaceIndex(normalizer));
  Status built = index->Build();
  if (!built.ok()) return built;
  return index;
}

std::string PlaceIndex::ScopedKey(std::uint8_t scope, std::string_view key) {
  std::string out(1, static_cast<char>(scope));
  out.append(key);
  return out;
}

void PlaceIndex::AddProvinceKey(const std::string& key, const ProvinceHit& hit) {
  if (key.empty()) return;
  // First wins: 2025 names are added before old names and aliases.
  province_by_key_.emplace(key, hit);
}

void PlaceIndex::AddFuzzy(std::uint8_t scope, const std::string& nospace, std::uint32_t ref) {
  for (const std::string& d : places_internal::WithDeletions(nospace)) {
    fuzzy_.emplace(Fnv1a64(ScopedKey(scope, d)), ref);
  }
}

Status PlaceIndex::Build() {
  auto key_of = [this](std::string_view text) {
    return Join(places_internal::PlaceTokens(normalizer_.SearchKey(text)));
  };
  std::unordered_map<std::string, std::uint8_t> province_index, old_province_index;
  std::unordered_map<std::string, std::uint16_t> ward_index;
  std::vector<std::uint8_t> old_province_new;  // old province -> 2025 province

  for (const ProvinceRow& row : kProvinceRows) {
    const auto p = static_cast<std::uint8_t>(provinces_.size());
    provinces_.push_back({row.code, row.full_name});
    province_index.emplace(row.code, p);
    for (const char* text : {row.name, row.full_name, row.name_en}) {
      AddProvinceKey(key_of(text), {p, -1, false, Method::kExact});
    }
  }
  for (const WardRow& row : kWardRows) {
    auto p = province_index.find(row.province_code);
    if (p == province_index.end()) return DataLossError(StrCat("ward ", row.code, ": no province"));
    const std::string full_name = StrCat(row.type, " ", row.name);
    const std::vector<std::string> tokens =
        places_internal::PlaceTokens(normalizer_.SearchKey(full_name));
    const KeyPart typed = places_internal::MakePart(tokens, 0, tokens.size());
    const auto w = static_cast<std::uint16_t>(wards_.size());
    wards_.push_back({row.code, full_name, p->second, typed.type});
    ward_index.emplace(row.code, w);
    // The name as such (never marker-stripped: "Tịnh Khê" keys "tinh khe") and with its type.
    for (const std::string& key : {key_of(row.name), key_of(full_name)}) {
      AddUnique(&ward_by_key_[key], w);
      AddUnique(&ward_by_scoped_key_[ScopedKey(p->second, key)], w);
    }
    ward_nospace_.push_back(places_internal::NoSpace(key_of(row.name)));
    AddFuzzy(p->second, ward_nospace_.back(), Ref(kRefWard, w));
  }

  for (const OldProvinceRow& row : kOldProvinceRows) {
    auto p = province_index.find(row.new_province_code);
    if (p == province_index.end()) return DataLossError(StrCat("old province ", row.code));
    const auto op = static_cast<std::int16_t>(old_province_codes_.size());
    old_province_codes_.push_back(row.code);
    old_province_index.emplace(row.code, static_cast<std::uint8_t>(op));
    old_province_new.push_back(p->second);
    const std::vector<std::string> tokens =
        places_internal::PlaceTokens(normalizer_.SearchKey(row.full_name));
    const KeyPart part = places_internal::MakePart(tokens, 0, tokens.size());
    for (const std::string& key : {part.bare, part.key}) {
      auto existing = province_by_key_.find(key);
      if (existing == province_by_key_.end()) {
        AddProvinceKey(key, {p->second, op, true, Method::kOldName});
      } else if (existing->second.province == p->second && existing->second.old_province < 0) {
        existing->second.old_province = op;  // same name before and after 2025
      }
    }
  }
  for (const OldUnitRow& row : kOldUnitRows) {
    auto op = old_province_index.find(row.old_province_code);
    if (op == old_province_index.end()) return DataLossError(StrCat("old unit ", row.code));
    const std::vector<std::string> tokens =
        places_internal::PlaceTokens(normalizer_.SearchKey(row.full_name));
    const KeyPart part = places_internal::MakePart(tokens, 0, tokens.size());
    OldUnit unit{row.code, op->second, old_province_new[op->second], part.type, {}};
    std::string_view codes = row.new_ward_codes;
    while (!codes.empty()) {
      const std::size_t space = codes.find(' ');
      auto w = ward_index.find(std::string(codes.substr(0, space)));
      if (w == ward_index.end()) return DataLossError(StrCat("old unit ", row.code, ": bad code"));
      unit.wards.push_back(w->second);
      codes = space == std::string_view::npos ? std::string_view() : codes.substr(space + 1);
    }
    const auto u = static_cast<std::uint16_t>(old_units_.size());
    for (const std::string& key : {part.key, part.bare}) {
      AddUnique(&old_by_key_[key], u);
      AddUnique(&old_by_scoped_key_[ScopedKey(unit.province, key)], u);
    }
    old_nospace_.push_back(places_internal::NoSpace(part.bare));
    AddFuzzy(unit.province, old_nospace_.back(), Ref(kRefOld, u));
    old_units_.push_back(std::move(unit));
  }

  for (const Alias& alias : kAliases) {
    auto p = province_index.find(alias.code);
    if (p == province_index.end()) return InternalError(StrCat("alias ", alias.key));
    ProvinceHit hit{p->second, -1, false, Method::kAlias};
    if (*alias.old_code != '\0') {
      hit.old_province = old_province_index.at(alias.old_code);
      hit.old_scheme = true;
    }
    AddProvinceKey(alias.key, hit);
  }
  for (const auto& [key, hit] : province_by_key_) {
    province_keys_list_.push_back(places_internal::NoSpace(key));
    province_hits_list_.push_back(hit);
    AddFuzzy(kNationalScope, province_keys_list_.back(),
             Ref(kRefProvince, province_keys_list_.size() - 1));
  }
  if (provinces_.size() != 34 || wards_.size() != 3321) {
    return DataLossError(StrCat("expected 34 provinces and 3321 wards, have ", provinces_.size(),
                                " and ", wards_.size()));
  }
  return OkStatus();
}

bool PlaceIndex::KnownKey(const KeyPart& part) const {
  for (const std::string* key : {&part.bare, &part.key}) {
    if (province_by_key_.count(*key) || ward_by_key_.count(*key) || old_by_key_.count(*key)) {
      return true;
    }
  }
  return false;
}

std::vector<PlaceIndex::Part> PlaceIndex::Parts(std::string_view text,
                                                bool from_province_text) const {
  std::vector<Part> parts;
  auto add = [&](const std::vector<std::string>& tokens, std::size_t begin, std::size_t end) {
    parts.push_back({places_internal::MakePart(tokens, begin, end), from_province_text, false});
  };
  while (!text.empty()) {
    const std::size_t cut = text.find_first_of(",;|/()\n\r\t");
    const std::string_view piece = text.substr(0, cut);
    text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 1);
    const std::vector<std::string> tokens =
        places_internal::PlaceTokens(normalizer_.SearchKey(piece));
    if (tokens.empty()) continue;
    if (tokens.size() == 1 || KnownKey(places_internal::MakePart(tokens, 0, tokens.size()))) {
      add(tokens, 0, tokens.size());
      continue;
    }
    // No separators and no match as a whole: "phuong ben nghe quan 1 tp hcm". Cut before each
    // marker that follows a name token and precedes one.
    std::size_t begin = 0;
    Level level;
    UnitType type;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      const std::size_t n = places_internal::MarkerAt(tokens, i, &level, &type);
      if (n == 0 || i + n >= tokens.size()) continue;
      if (begin + places_internal::MarkerAt(tokens, begin, &level, &type) >= i) continue;
      add(tokens, begin, i);
      begin = i;
    }
    // Then a trailing province name without a marker: "ben nghe ho chi minh".
    std::size_t end = tokens.size();
    if (!KnownKey(places_internal::MakePart(tokens, begin, end))) {
      for (std::size_t k = std::min<std::size_t>(5, end - begin - 1); k >= 1; --k) {
        std::vector<std::string> tail(tokens.end() - k, tokens.end());
        if (province_by_key_.count(Join(tail))) {
          end -= k;
          break;
        }
      }
    }
    add(tokens, begin, end);
    if (end < tokens.size()) add(tokens, end, tokens.size());
  }
  return parts;
}

std::optional<PlaceIndex::ProvinceHit> PlaceIndex::FindProvince(const Part& part) const {
  const KeyPart& k = part.key;
  if (k.level == Level::kWard || k.level == Level::kDistrict) return std::nullopt;
  for (const std::string* key : {&k.bare, &k.key}) {
    auto it = province_by_key_.find(*key);
    if (it != province_by_key_.end()) return it->second;
  }
  // Spelling tolerance only where a province is expected, so a ward is not taken for one.
  if (!part.from_province_text && k.level == Level::kUnknown) return std::nullopt;
  std::optional<ProvinceHit> found;
  for (std::uint32_t ref : FindFuzzy(kNationalScope, k.bare)) {
    const ProvinceHit& hit = province_hits_list_[ref & 0xffffff];
    if (found && found->province != hit.province) return std::nullopt;  // two provinces
    if (!found) found = hit;
  }
  if (found) found->method = Method::kFuzzy;
  return found;
}

std::vector<std::uint32_t> PlaceIndex::FindFuzzy(std::uint8_t scope, std::string_view bare) const {
  const std::string query = places_internal::NoSpace(bare);
  if (query.size() < 4) return {};
  const bool exact_only = query.size() < 5 || places_internal::HasDigit(query);
  std::vector<std::uint32_t> same, one_edit;
  const std::vector<std::string> probes =
      exact_only ? std::vector<std::string>{query} : places_internal::WithDeletions(query);
  for (const std::string& probe : probes) {
    auto [it, end] = fuzzy_.equal_range(Fnv1a64(ScopedKey(scope, probe)));
    for (; it != end; ++it) {
      const std::uint32_t ref = it->second, kind = ref >> 24, i = ref & 0xffffff;
      const std::string& target = kind == kRefWard  ? ward_nospace_[i]
                                  : kind == kRefOld ? old_nospace_[i]
                                                    : province_keys_list_[i];
      if (target == query) {
        same.push_back(ref);
      } else if (!exact_only && target.size() >= 5 && !places_internal::HasDigit(target) &&
                 places_internal::WithinOneEdit(query, target)) {
        one_edit.push_back(ref);
      }
    }
  }
  std::vector<std::uint32_t>& best = same.empty() ? one_edit : same;
  std::sort(best.begin(), best.end());  // new wards before old units, then data order
  best.erase(std::unique(best.begin(), best.end()), best.end());
  return std::move(best);
}

std::optional<PlaceIndex::WardHit> PlaceIndex::FindNewWard(
    const std::vector<std::string_view>& keys, const KeyPart& part,
    const ProvinceHit* province) const {
  for (std::string_view key : keys) {
    const auto& map = province ? ward_by_scoped_key_ : ward_by_key_;
    auto it = map.find(province ? ScopedKey(province->province, key) : std::string(key));
    if (it == map.end()) continue;
    WardHit hit{it->second, "", Method::kExact};
    // The type written ("xã", "phường") breaks ties between same-named units.
    std::stable_partition(hit.wards.begin(), hit.wards.end(),
                          [&](std::uint16_t w) { return wards_[w].type == part.type; });
    return hit;
  }
  return std::nullopt;
}

std::optional<PlaceIndex::WardHit> PlaceIndex::FindOldUnit(
    const std::vector<std::string_view>& keys, const KeyPart& part,
    const ProvinceHit* province) const {
  for (std::string_view key : keys) {
    const auto& map = province ? old_by_scoped_key_ : old_by_key_;
    auto it = map.find(province ? ScopedKey(province->province, key) : std::string(key));
    if (it == map.end()) continue;
    std::vector<std::uint16_t> units = it->second;
    // Units of the old province written, then of the type written, come first.
    auto rank = [&](std::uint16_t u) {
      const OldUnit& unit = old_units_[u];
      return (province && unit.old_province != province->old_province ? 2 : 0) +
             (unit.type != part.type ? 1 : 0);
    };
    std::stable_sort(units.begin(), units.end(),
                     [&](std::uint16_t a, std::uint16_t b) { return rank(a) < rank(b); });
    WardHit hit{{}, old_units_[units.front()].code, Method::kOldName};
    for (std::uint16_t u : units) {
      for (std::uint16_t w : old_units_[u].wards) AddUnique(&hit.wards, w);
    }
    return hit;
  }
  return std::nullopt;
}

std::optional<PlaceIndex::WardHit> PlaceIndex::FindWard(const KeyPart& part, bool whole_key_only,
                                                        const ProvinceHit* province) const {
  std::vector<std::string_view> keys = {part.key};
  if (!whole_key_only && part.bare != part.key) keys.push_back(part.bare);
  // "Phường 5" names a ward in dozens of provinces: meaningless without one.
  if (province == nullptr && places_internal::HasDigit(part.bare)) return std::nullopt;
  const bool old_first =
      (province && province->old_scheme) || part.type == UnitType::kThiTran;
  std::optional<WardHit> hit = old_first ? FindOldUnit(keys, part, province)
                                         : FindNewWard(keys, part, province);
  if (!hit) {
    hit = old_first ? FindNewWard(keys, part, province) : FindOldUnit(keys, part, province);
  }
  if (hit || province == nullptr || whole_key_only) return hit;
  std::vector<std::uint32_t> refs = FindFuzzy(province->province, part.bare);
  if (refs.empty()) return std::nullopt;
  hit.emplace();
  hit->method = Method::kFuzzy;
  for (std::uint32_t ref : refs) {
    const std::uint32_t i = ref & 0xffffff;
    if (ref >> 24 == kRefWard) {
      AddUnique(&hit->wards, static_cast<std::uint16_t>(i));
      continue;
    }
    if (hit->wards.empty()) hit->old_code = old_units_[i].code;
    for (std::uint16_t w : old_units_[i].wards) AddUnique(&hit->wards, w);
  }
  return hit;
}

std::optional<PlaceMatch> PlaceIndex::Resolve(std::string_view province_text,
                                              std::string_view ward_text) const {
  std::vector<Part> parts = Parts(ward_text, false);
  const std::size_t ward_text_parts = parts.size();
  for (Part& part : Parts(province_text, true)) parts.push_back(std::move(part));

  // Province: the last naming part of province_text, else of ward_text.
  std::optional<ProvinceHit> province;
  auto try_province = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = end; i > begin && !province; --i) {
      province = FindProvince(parts[i - 1]);
      parts[i - 1].used = province.has_value();
    }
  };
  try_province(ward_text_parts, parts.size());
  try_province(0, ward_text_parts);

  // Ward: explicit ward parts, then unmarked parts, then marked others read as plain names
  // ("Quan Sơn" is a commune, not "quận Sơn").
  std::optional<WardHit> ward;
  const ProvinceHit* scope = province ? &*province : nullptr;
  for (int tier = 0; tier < 3 && !ward; ++tier) {
    for (const Part& part : parts) {
      const Level level = part.key.level;
      const int part_tier = level == Level::kWard ? 0 : level == Level::kUnknown ? 1 : 2;
      if (part.used || part_tier != tier) continue;
      ward = FindWard(part.key, tier == 2, scope);
      if (ward) break;
    }
  }
  // Last resort: a pre-2025 district or town whose name a 2025 ward now bears.
  if (!ward && province) {
    for (const Part& part : parts) {
      if (part.used || (part.key.level != Level::kDistrict && part.key.level != Level::kCity)) {
        continue;
      }
      auto it = ward_by_scoped_key_.find(ScopedKey(province->province, part.key.bare));
      if (it == ward_by_scoped_key_.end()) continue;
      ward = WardHit{it->second, "", Method::kDistrictName};
      break;
    }
  }
  if (!ward && !province) return std::nullopt;

  PlaceMatch match;
  match.province_text = std::string(province_text);
  match.ward_text = std::string(ward_text);
  std::uint8_t p = province ? province->province : 0;
  if (ward) {
    const Ward& best = wards_[ward->wards.front()];
    match.ward_code = best.code;
    match.ward_name = best.full_name;
    match.method = MethodName(static_cast<int>(ward->method));
    match.old_code = ward->old_code;
    match.ambiguous = ward->wards.size() > 1 || ward->method == Method::kDistrictName;
    for (std::uint16_t w : ward->wards) {
      if (match.ward_candidates.size() == kMaxCandidates) break;
      match.ward_candidates.push_back(wards_[w].code);
    }
    p = best.province;
  }
  if (province && province->province == p) {
    match.province_method = MethodName(static_cast<int>(province->method));
    if (match.old_code.empty() && province->old_scheme) {
      match.old_code = old_province_codes_[province->old_province];
    }
  } else {
    match.province_method = "from-ward";
  }
  if (match.method.empty()) match.method = match.province_method;
  match.province_code = provinces_[p].code;
  match.province_name = provinces_[p].full_name;
  return match;
}

}  // namespace pakn::classify
