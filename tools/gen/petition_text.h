// Internals of the petition generator (apps/petition_generator.cc): the portable PRNG and the
// Vietnamese text model (names, streets, topic templates with slot filling).
//
// Not a public API. Everything here is deterministic given the Rng state: no locale, no
// floating point, no unordered containers. All text is UTF-8 in NFC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace pakn::gen::gen_internal {

// xoshiro256** seeded through splitmix64: small, fast, and its output is fully specified, unlike
// the std:: distributions whose results differ between standard libraries.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  // Uniform in [0, n); n > 0. The modulo bias (< n / 2^64) is irrelevant here.
  uint64_t Below(uint64_t n) { return Next() % n; }
  // Uniform in [lo, hi], inclusive.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // True with probability percent/100.
  bool Chance(unsigned percent) { return Below(100) < percent; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  uint64_t s_[4];
};

// splitmix64 finalizer; also used to derive independent per-line seeds.
uint64_t Mix64(uint64_t x);

// Proleptic Gregorian calendar <-> days since 1970-01-01, for years 1970..2099.
int64_t DaysFromCivil(int year, int month, int day);
void CivilFromDays(int64_t days, int* year, int* month, int* day);

// Appends `value` with '.' as the thousands separator, the Vietnamese way: 1.250.000.
void AppendGrouped(uint64_t value, std::string* out);

struct Person {
  std::string name;   // "Nguyễn Thị Thu Hằng"
  std::string ascii;  // "nguyenthithuhang", for e-mail addresses
  bool female = false;
  int birth_year = 1980;
};
Person MakePerson(Rng& rng);

// "Công ty TNHH Thương mại Minh Phát", "Hợp tác xã ...", "Ban quản trị chung cư ...".
std::string MakeOrganizationName(Rng& rng);
std::string_view PickStreet(Rng& rng);
std::string_view PickVillage(Rng& rng);  // "Yên Bình", for "thôn Yên Bình"

// Where and when the petition is about; fills the {slots} of the templates.
struct TextContext {
  std::string_view province;        // "Thành phố Hà Nội"
  std::string_view province_short;  // "Hà Nội"
  std::string_view province_code;   // "01"
  std::string_view ward;            // "Phường Ngọc Hà"
  std::string_view ward_short;      // "Ngọc Hà"
  std::string_view street;          // "Hoàng Hoa Thám"
  std::string_view locality;        // house/village part of the address: "số 12 đường X", "thôn Y"
  bool rural = false;               // ward is a xã or đặc khu
  std::string_view reporter;        // reporter's name, empty if anonymous
  std::string_view phone;           // reporter's phone, quoted in some bodies (PII masking)
  bool organization = false;        // written on behalf of an organization
  std::string_view organization_name;
  std::string_view channel;         // "hotline", "sms", ... (changes the register)
  std::string_view source;
  int attachments = 0;              // files sent along, mentioned by some bodies
  int year = 2026, month = 11, day = 25;  // submission date (local)
};

// Template tables (apps/petition_topics*.cc). Templates contain {slot} names expanded by
// ComposePetitionText; see ExpandSlot in petition_text.cc for the list.
// One concrete grievance: its sentences are written to go together in one petition. Unused
// array slots are empty.
//
// `topic` and `agency` are the route the petition is meant to get: a [[topic]] code and an
// [[agency]] code of config/routing/taxonomy.toml, chosen by reading what the issue is about
// (the policy of docs/routing.md, as in tests/data/routing-labelled.tsv), never by running the
// router. They go to `pakn-gen --manifest`, so the router can be measured against them. A
// sentence that names another field in passing ("đơn vị cấp nước đào đường" in a pothole
// complaint) does not change them.
struct Issue {
  std::string_view topic;   // intended topic, e.g. "giao_thong"
  std::string_view agency;  // intended agency, e.g. "SO-XD"
  std::string_view titles[2];
  std::string_view problems[3];  // what happened, first person
  std::string_view requests[2];  // what the petitioner asks for
};
// A group of issues a citizen would file under one portal category.
struct Topic {
  std::string_view code;  // the portal category, written as topic_hint (a taxonomy topic code)
  std::span<const Issue> issues;
  std::span<const std::string_view> agencies;  // "Kính gửi: ..." addressees
};
// The intended route of the vague style (UnroutedTitles/UnroutedSentences): the [defaults]
// unrouted_topic and unrouted_agency of config/routing/taxonomy.toml.
inline constexpr std::string_view kUnroutedTopic = "unrouted";
inline constexpr std::string_view kUnroutedAgency = "VP-UBND";
// Land, construction, transport, environment, water, electricity, telecommunications
// (petition_topics.cc).
std::span<const Topic> PlaceTopics();
// Health, education, social insurance, labour, public order, procedures
// (petition_topics_social.cc).
std::span<const Topic> SocialTopics();
// Shared, topic-neutral sentences about duration and earlier attempts.
std::span<const std::string_view> ImpactSentences();
std::span<const std::string_view> ClosingSentences();
// The vague style: deliberately free of every topic's keywords (and of place names).
std::span<const std::string_view> UnroutedTitles();
std::span<const std::string_view> UnroutedSentences();

struct PetitionText {
  std::string title;
  std::string content;
  std::string_view category;  // Topic::code, for topic_hint; empty for the unrouted style
  std::string_view topic;     // Issue::topic; kUnroutedTopic for the unrouted style
  std::string_view agency;    // Issue::agency; kUnroutedAgency for the unrouted style
};

// Composes a title and a body on a random topic (about 1 KB together on average), or, for a
// few petitions, in a vague style with no topic keywords at all (topic empty).
PetitionText ComposePetitionText(Rng& rng, const TextContext& ctx);

// Makes *out exactly `bytes` long: appends topic prose, then cuts at a character boundary and
// pads with '.', so the result stays valid UTF-8. Used for oversized petitions.
void FillToSize(Rng& rng, const TextContext& ctx, size_t bytes, std::string* out);

}  // namespace pakn::gen::gen_internal

