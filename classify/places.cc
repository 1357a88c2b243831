// PlaceIndex lookups (construction is in places_build.cc). Every lookup is a hash-map probe on
// a cleaned key; candidate lists are short (the units sharing one name), so ranking them costs
// little. Contract, methods and thread safety: places.h.
#include "classify/places.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "base/hash.h"
#include "base/strings.h"

namespace pakn::classify {
namespace {

using places_internal::KeyPart;
using places_internal::Level;
using places_internal::UnitType;

constexpr std::size_t kMaxCandidates = 16;

std::string_view MethodName(int method) {
  static constexpr std::string_view kNames[] = {"exact", "alias", "old-name", "fuzzy",
                                                "district-name"};
  return kNames[method];
}

std::string JoinRange(const std::vector<std::string>& tokens, std::size_t begin,
                      std::size_t end) {
  return StrJoin(std::vector<std::string>(tokens.begin() + begin, tokens.begin() + end), " ");
}

// Not plain ASCII: for Vietnamese, written with diacritics.
bool IsAccented(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

void AddUnique(std::vector<std::uint16_t>* v, std::uint16_t x) {
  if (std::find(v->begin(), v->end(), x) == v->end()) v->push_back(x);
}

}  // namespace

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
  while (!text.empty()) {
    const std::size_t cut = text.find_first_of(",;|/()\n\r\t");
    const std::string_view piece = text.substr(0, cut);
    text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 1);
    const std::string canonical = normalizer_.Canonical(piece);
    const std::vector<std::string> tokens =
        places_internal::PlaceTokens(normalizer_.SearchKeyFromCanonical(canonical));
    const std::size_t n = tokens.size();
    if (n == 0) continue;
    const std::string lower = places_internal::AccentKey(canonical);
    const bool accented = IsAccented(lower);
    auto add = [&](std::size_t begin, std::size_t end) {
      parts.push_back({places_internal::MakePart(tokens, begin, end), lower, accented,
                       from_province_text, false});
    };
    if (n == 1 || KnownKey(places_internal::MakePart(tokens, 0, n))) {
      add(0, n);
      continue;
    }
    // No separators and no match as a whole: "ben nghe ho chi minh", "p ben nghe q 1 tp hcm".
    // First a trailing province name, with a marker left before it ("tp", "tinh").
    std::size_t end = n;
    for (std::size_t k = std::min<std::size_t>(5, n - 1); k >= 1; --k) {
      if (province_by_key_.count(JoinRange(tokens, n - k, n))) {
        end = n - k;
        break;
      }
    }
    Level level = Level::kUnknown;
    UnitType type = UnitType::kNone;
    for (std::size_t m : {2, 1}) {
      if (end < n && end > m && places_internal::MarkerAt(tokens, end - m, &level, &type) == m &&
          (level == Level::kProvince || level == Level::kCity)) {
        end -= m;
        break;
      }
    }
    // Then cut the rest before each marker that follows a name token and precedes one.
    std::size_t begin = 0;
    if (!KnownKey(places_internal::MakePart(tokens, 0, end))) {
      for (std::size_t i = 1; i < end; ++i) {
        const std::size_t m = places_internal::MarkerAt(tokens, i, &level, &type);
        if (m == 0 || i + m >= end) continue;
        if (begin + places_internal::MarkerAt(tokens, begin, &level, &type) >= i) continue;
        add(begin, i);
        begin = i;
      }
    }
    add(begin, end);
    if (end < n) add(end, n);
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
    const ProvinceHit& hit = province_fuzzy_hits_[ref & 0xffffff];
    if (found && found->province != hit.province) return std::nullopt;  // two provinces
    if (!found) found = hit;
  }
  if (found) found->method = Method::kFuzzy;
  return found;
}

std::vector<std::uint32_t> PlaceIndex::FindFuzzy(std::uint8_t scope, std::string_view bare) const {
  const std::string query = places_internal::NoSpace(bare);
  if (query.size() < 4) return {};
  // A name that names a unit somewhere ("Tân Kỳ") is more likely that unit, written with the
  // wrong province, than a misspelling of a neighbour ("Tân Mỹ"): no one-edit match for it.
  const std::string key(bare);
  const bool names_a_unit =
      ward_by_key_.count(key) || old_by_key_.count(key) || province_by_key_.count(key);
  const bool exact_only = query.size() < 5 || places_internal::HasDigit(query) || names_a_unit;
  const bool spaced = bare.find(' ') != std::string_view::npos;
  std::vector<std::uint32_t> same, one_edit;
  const std::vector<std::string> probes =
      exact_only ? std::vector<std::string>{query} : places_internal::WithDeletions(query);
  for (const std::string& probe : probes) {
    auto [it, end] = fuzzy_.equal_range(Fnv1a64(ScopedKey(scope, probe)));
    for (; it != end; ++it) {
      const std::uint32_t ref = it->second, kind = ref >> 24, i = ref & 0xffffff;
      const std::string& target = kind == kRefWard  ? ward_fuzzy_keys_[i]
                                  : kind == kRefOld ? old_fuzzy_keys_[i]
                                                    : province_fuzzy_keys_[i];
      const std::string target_nospace = places_internal::NoSpace(target);
      if (target_nospace == query) {
        same.push_back(ref);
      } else if (!exact_only && target_nospace.size() >= 5 &&
                 !places_internal::HasDigit(target) &&
                 places_internal::WithinOneEdit(query, target_nospace) &&
                 // With the syllables written, the edit must not move a syllable boundary:
                 // "gia van" is not "giao an".
                 (!spaced || places_internal::WithinOneEdit(bare, target))) {
        one_edit.push_back(ref);
      }
    }
  }
  std::vector<std::uint32_t>& best = same.empty() ? one_edit : same;
  std::sort(best.begin(), best.end());  // 2025 wards before old units, then data order
  best.erase(std::unique(best.begin(), best.end()), best.end());
  return std::move(best);
}

std::optional<PlaceIndex::WardHit> PlaceIndex::FindWard(const Part& part, bool whole_key_only,
                                                        const ProvinceHit* province) const {
  const KeyPart& k = part.key;
  std::vector<std::string_view> keys = {k.key};
  if (!whole_key_only && k.bare != k.key) keys.push_back(k.bare);
  // "Phường 5" names a ward in dozens of provinces: meaningless without one.
  if (province == nullptr && places_internal::HasDigit(k.bare)) return std::nullopt;
  auto lookup = [&](const auto& national, const auto& scoped) {
    std::vector<std::uint16_t> found;
    for (std::string_view key : keys) {
      auto it = province ? scoped.find(ScopedKey(province->province, key))
                         : national.find(std::string(key));
      if (it != (province ? scoped.end() : national.end())) return it->second;
    }
    return found;
  };
  std::vector<std::uint16_t> news = lookup(ward_by_key_, ward_by_scoped_key_);
  std::vector<std::uint16_t> olds = lookup(old_by_key_, old_by_scoped_key_);
  if (news.empty() && olds.empty()) {
    if (province == nullptr || whole_key_only) return std::nullopt;
    std::optional<WardHit> hit = FindFuzzyWard(k.bare, province->province);
    // A misspelt marker ("phườgn", "xe") left the part unmarked: retry without it.
    const std::size_t space = k.key.find(' ');
    const std::string_view first = std::string_view(k.key).substr(0, space);
    if (!hit && k.level == Level::kUnknown && space != std::string::npos &&
        (places_internal::WithinOneEdit(first, "phuong") ||
         places_internal::WithinOneEdit(first, "xa"))) {
      hit = FindFuzzyWard(std::string_view(k.key).substr(space + 1), province->province);
    }
    return hit;
  }

  // Rank: the diacritics written; a merged-away province written; the type written; an old
  // province of the same name as the 2025 one ("Tuyên Quang" is both) only breaks ties.
  auto accent = [&](const std::string& lower_name) {
    return part.accented && places_internal::ContainsName(part.lower, lower_name);
  };
  auto new_rank = [&](std::uint16_t w) {
    return (accent(wards_[w].lower_name) ? 0 : 2) + (wards_[w].type == k.type ? 0 : 1);
  };
  auto old_rank = [&](std::uint16_t u) {
    const OldUnit& unit = old_units_[u];
    const bool other_province = province && unit.old_province != province->old_province;
    return (accent(unit.lower_name) ? 0 : 8) + (other_province && province->old_scheme ? 4 : 0) +
           (unit.type == k.type ? 0 : 2) + (other_province ? 1 : 0);
  };
  if (part.accented) {
    // Diacritics written and some candidate has them: the others are not what was written
    // ("Phường Tân An" is not the old "Xã Tân Ân"). Names without any diacritics ("Ba Dinh",
    // official) stay: nothing tells them apart.
    auto miss = [&](const std::string& lower_name) {
      return IsAccented(lower_name) && !accent(lower_name);
    };
    auto new_miss = [&](std::uint16_t w) { return miss(wards_[w].lower_name); };
    auto old_miss = [&](std::uint16_t u) { return miss(old_units_[u].lower_name); };
    if (!std::all_of(news.begin(), news.end(), new_miss) ||
        !std::all_of(olds.begin(), olds.end(), old_miss)) {
      std::erase_if(news, new_miss);
      std::erase_if(olds, old_miss);
    }
  }
  std::stable_sort(news.begin(), news.end(),
                   [&](std::uint16_t a, std::uint16_t b) { return new_rank(a) < new_rank(b); });
  std::stable_sort(olds.begin(), olds.end(),
                   [&](std::uint16_t a, std::uint16_t b) { return old_rank(a) < old_rank(b); });
  bool old_first = !olds.empty() && (news.empty() || (province && province->old_scheme) ||
                                      k.type == UnitType::kThiTran);
  if (!news.empty() && !olds.empty()) {
    // Diacritics, then a type, written that only the old unit (or only the new one) has: the
    // citizen meant that one ("Thạch Hạ" is not "Thạch Hà", "xã Long Bình" not a phường).
    const Ward& w = wards_[news.front()];
    const OldUnit& u = old_units_[olds.front()];
    const bool typed = k.type != UnitType::kNone;
    const int new_fit = 2 * accent(w.lower_name) + (typed && w.type == k.type);
    const int old_fit = 2 * accent(u.lower_name) + (typed && u.type == k.type);
    if (new_fit != old_fit) old_first = old_fit > new_fit;
  }
  WardHit hit;
  auto add_new = [&] {
    for (std::uint16_t w : news) AddUnique(&hit.wards, w);
  };
  auto add_old = [&] {
    for (std::uint16_t u : olds) {
      for (std::uint16_t w : old_units_[u].wards) AddUnique(&hit.wards, w);
    }
  };
  if (old_first) {
    hit.method = Method::kOldName;
    hit.old_code = old_units_[olds.front()].code;
    add_old();
    add_new();
  } else {
    add_new();
    add_old();
  }
  return hit;
}

std::optional<PlaceIndex::WardHit> PlaceIndex::FindFuzzyWard(std::string_view bare,
                                                             std::uint8_t province) const {
  std::vector<std::uint32_t> refs = FindFuzzy(province, bare);
  if (refs.empty()) return std::nullopt;
  WardHit hit;
  hit.method = Method::kFuzzy;
  for (std::uint32_t ref : refs) {  // sorted: 2025 wards before old units
    const std::uint32_t i = ref & 0xffffff;
    if (ref >> 24 == kRefWard) {
      AddUnique(&hit.wards, static_cast<std::uint16_t>(i));
      continue;
    }
    if (hit.wards.empty()) hit.old_code = old_units_[i].code;
    for (std::uint16_t w : old_units_[i].wards) AddUnique(&hit.wards, w);
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
      ward = FindWard(part, tier == 2, scope);
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

const std::string* PlaceIndex::ProvinceNameByCode(std::string_view code) const {
  for (const Province& p : provinces_)
    if (p.code == code) return &p.full_name;
  return nullptr;
}

std::string_view PlaceIndex::WardProvinceCode(std::string_view ward_code) const {
  for (const Ward& w : wards_)
    if (w.code == ward_code) return provinces_[w.province].code;
  return {};
}

}  // namespace pakn::classify
