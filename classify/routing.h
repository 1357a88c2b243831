// Routing one petition from its cleaned text and fields: the steps that ingest, `pakn rules
// test/explain/eval` and `pakn reroute` share, so that they decide alike.
//
//   PetitionFields f{.title = title, .content = content, .channel = "hotline", ...};
//   Routed r = RoutePetition(engine, normalizer, &places, f);
//   // r.search_key, r.place (with r.place->method "text" when found in the text), r.route
//
// Steps: the search key of "title content"; the place from `location` through the PlaceIndex,
// and, where that gives no province, from the title and content (FindPlaceInText: taken only
// when the text names the place plainly); then the rule engine (and its model, when the rule
// folder has one) on the key, the fields and the place codes.
//
// Thread safety: stateless; safe on any number of threads with shared const arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/router.h"
#include "classify/rules.h"

namespace pakn::classify {

// Views into the caller's strings. title and content are canonical (TextCleaner output).
struct PetitionFields {
  std::string_view title, content;
  std::string_view channel, kind, topic_hint;
  std::string_view location_province, location_ward, location_address;
};

struct Routed {
  std::string search_key;
  uint32_t title_bytes = 0;  // RouteInput::title_bytes
  std::optional<PlaceMatch> place;
  RouteDecision route;
};

// The place a petition is about: from location (province and ward as written), else from its
// text. A location that names a province wins; a location with no recognizable province is
// completed from the text (the text's place then must agree with any province it gives).
// `places` may be null: no place.
std::optional<PlaceMatch> ResolvePlace(const PlaceIndex* places, const Normalizer& normalizer,
                                       const PetitionFields& f);

// The place named in a text, conservatively: a unit written after an administrative marker
// ("phường Bến Nghé", "P. Tân Thuận Tây", "xã ...", "huyện Củ Chi", "tỉnh ...", "TP.HCM", "Q7"),
// a province's name, old or new, or a pre-2025 district's ("Hà Nội", "Hải Dương cũ", "Gò
// Vấp"), or, next to a word of place or another mention, a ward's ("ở Linh Trung"); with the
// diacritics written, or in lower case in a text typed without them ("toi o go vap").
// Look-alikes name nothing: "hòa bình" (peace), a person's or a street's name. When several
// provinces are named, the address given with most weight wins (routing.cc). method = "text";
// the ward when the mentions name one in that province. nullopt when the text names no
// province plainly. Linear in the text's length; tens of microseconds for a petition.
// `normalizer` is unused (kept for the callers).
std::optional<PlaceMatch> FindPlaceInText(const PlaceIndex& places, const Normalizer& normalizer,
                                          std::string_view title, std::string_view content);

Routed RoutePetition(const RuleEngine& engine, const Normalizer& normalizer,
                     const PlaceIndex* places, const PetitionFields& f);

// The engine's input for a petition routed by RoutePetition (for Explain on the same petition).
RouteInput RouteInputOf(const Routed& r, const PetitionFields& f);

}  // namespace pakn::classify
