// PlaceIndex construction: the compiled-in rows of data/vn-admin-units/admin-units.inc become
// the hash maps that classify/places.cc looks names up in. Runs once, in Create().
#include <string>
#include <utility>

#include "base/hash.h"
#include "base/strings.h"
#include "classify/admin_units.h"
#include "classify/places.h"

namespace pakn::classify {
namespace {

using places_internal::KeyPart;

// Names citizens use for provinces that are neither a 2025 nor a pre-2025 official name.
// old_code: the pre-2025 province the alias designates when that one no longer exists as such
// (its communes' old names then rank first).
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

void AddUnique(std::vector<std::uint16_t>* v, std::uint16_t x) {
  for (std::uint16_t y : *v) {
    if (y == x) return;
  }
  v->push_back(x);
}

// The lower-case name without its first `type_words` words: ("phường thạch hạ", 1) -> "thạch hạ".
std::string DropWords(std::string lower, std::size_t type_words) {
  for (; type_words > 0; --type_words) {
    const std::size_t space = lower.find(' ');
    if (space == std::string::npos) break;
    lower.erase(0, space + 1);
  }
  return lower;
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
  // First wins: 2025 names are added before old names and aliases.
  if (!key.empty()) province_by_key_.emplace(key, hit);
}

void PlaceIndex::AddFuzzy(std::uint8_t scope, const std::string& key, std::uint32_t ref) {
  for (const std::string& d : places_internal::WithDeletions(places_internal::NoSpace(key))) {
    fuzzy_.emplace(Fnv1a64(ScopedKey(scope, d)), ref);
  }
}

Status PlaceIndex::Build() {
  // Data names go through the same cleaning as queries, so both key alike.
  auto part_of = [this](std::string_view text) {
    const std::vector<std::string> tokens =
        places_internal::PlaceTokens(normalizer_.SearchKey(text));
    return places_internal::MakePart(tokens, 0, tokens.size());
  };
  auto lower_of = [this](std::string_view text) {
    return places_internal::AccentKey(normalizer_.Canonical(text));
  };
  std::unordered_map<std::string, std::uint8_t> province_index, old_province_index;
  std::unordered_map<std::string, std::uint16_t> ward_index;
  std::vector<std::uint8_t> old_province_new;  // old province -> 2025 province

  for (const ProvinceRow& row : ProvinceRows()) {
    const auto p = static_cast<std::uint8_t>(provinces_.size());
    provinces_.push_back({row.code, row.full_name});
    province_index.emplace(row.code, p);
    for (const char* text : {row.name, row.full_name, row.name_en}) {
      const KeyPart part = part_of(text);
      for (const std::string* key : {&part.key, &part.bare}) {
        AddProvinceKey(*key, {p, -1, false, Method::kExact});
      }
    }
  }
  for (const WardRow& row : WardRows()) {
    auto p = province_index.find(row.province_code);
    if (p == province_index.end()) return DataLossError(StrCat("ward ", row.code, ": province"));
    const std::string full_name = StrCat(row.type, " ", row.name);
    const KeyPart typed = part_of(full_name);
    const auto w = static_cast<std::uint16_t>(wards_.size());
    wards_.push_back({row.code, full_name, lower_of(row.name), p->second, typed.type});
    ward_index.emplace(row.code, w);
    // The name as such (never marker-stripped: Xã Tịnh Khê keys "tinh khe") and with its type.
    const std::string name_key = StrJoin(places_internal::PlaceTokens(
                                             normalizer_.SearchKey(row.name)), " ");
    for (const std::string* key : {&name_key, &typed.key}) {
      AddUnique(&ward_by_key_[*key], w);
      AddUnique(&ward_by_scoped_key_[ScopedKey(p->second, *key)], w);
    }
    ward_fuzzy_keys_.push_back(name_key);
    AddFuzzy(p->second, name_key, (kRefWard << 24) | w);
  }

  for (const OldProvinceRow& row : OldProvinceRows()) {
    auto p = province_index.find(row.new_province_code);
    if (p == province_index.end()) return DataLossError(StrCat("old province ", row.code));
    const auto op = static_cast<std::int16_t>(old_province_codes_.size());
    old_province_codes_.push_back(row.code);
    old_province_index.emplace(row.code, static_cast<std::uint8_t>(op));
    old_province_new.push_back(p->second);
    const KeyPart part = part_of(row.full_name);
    for (const std::string* key : {&part.bare, &part.key}) {
      auto existing = province_by_key_.find(*key);
      if (existing == province_by_key_.end()) {
        AddProvinceKey(*key, {p->second, op, true, Method::kOldName});
      } else if (existing->second.province == p->second && existing->second.old_province < 0) {
        existing->second.old_province = op;  // the same name before and after 2025
      }
    }
  }
  for (const OldUnitRow& row : OldUnitRows()) {
    auto op = old_province_index.find(row.old_province_code);
    if (op == old_province_index.end()) return DataLossError(StrCat("old unit ", row.code));
    const KeyPart part = part_of(row.full_name);
    const std::size_t type_words = places_internal::PlaceTokens(part.key).size() -
                                   places_internal::PlaceTokens(part.bare).size();
    OldUnit unit{row.code, DropWords(lower_of(row.full_name), type_words), op->second,
                 old_province_new[op->second], part.type, {}};
    std::string_view codes = row.new_ward_codes;
    while (!codes.empty()) {
      const std::size_t space = codes.find(' ');
      auto w = ward_index.find(std::string(codes.substr(0, space)));
      if (w == ward_index.end()) return DataLossError(StrCat("old unit ", row.code, ": codes"));
      unit.wards.push_back(w->second);
      codes = space == std::string_view::npos ? std::string_view() : codes.substr(space + 1);
    }
    if (unit.wards.empty()) return DataLossError(StrCat("old unit ", row.code, ": no ward"));
    const auto u = static_cast<std::uint16_t>(old_units_.size());
    for (const std::string* key : {&part.key, &part.bare}) {
      AddUnique(&old_by_key_[*key], u);
      AddUnique(&old_by_scoped_key_[ScopedKey(unit.province, *key)], u);
    }
    old_fuzzy_keys_.push_back(part.bare);
    AddFuzzy(unit.province, part.bare, (kRefOld << 24) | u);
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
    province_fuzzy_keys_.push_back(key);
    province_fuzzy_hits_.push_back(hit);
    AddFuzzy(kNationalScope, key,
             (kRefProvince << 24) | static_cast<std::uint32_t>(province_fuzzy_keys_.size() - 1));
  }
  if (provinces_.size() != 34 || wards_.size() != 3321) {
    return DataLossError(StrCat("expected 34 provinces and 3321 wards, have ", provinces_.size(),
                                " and ", wards_.size()));
  }
  return OkStatus();
}

}  // namespace pakn::classify
