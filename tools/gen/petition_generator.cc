// Petition generator: assembles each petition as a small JSON tree, optionally damages it in
// exactly one way, and serializes it as one line. Contract in petition_generator.h.
//
// Every line has its own PRNG derived from (seed, index), so a line does not depend on the
// lines before it and a bad line is the good petition of that index with one defect. A second
// stream PRNG only decides which lines are bad and of which kind.
#include "tools/gen/petition_generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "tools/gen/petition_defects.h"
#include "tools/gen/vn_geography.h"
#include "tools/gen/petition_json.h"
#include "tools/gen/petition_text.h"

namespace pakn::gen {

using gen_internal::Draft;
using gen_internal::Json;
using gen_internal::Rng;

std::string_view BadKindCode(BadKind kind) {
  switch (kind) {
    case BadKind::kInvalidJson: return "invalid_json";
    case BadKind::kInvalidUtf8: return "invalid_utf8";
    case BadKind::kMissingId: return "missing_field";
    case BadKind::kWrongType: return "wrong_type";
    case BadKind::kBadValue: return "bad_value";
    case BadKind::kOversized: return "oversized";
    case BadKind::kUnknownSchemaVersion: return "unknown_schema_version";
  }
  return "unknown";
}

namespace {

using gen_internal::VnProvince;
using gen_internal::VnProvinces;
using gen_internal::VnWard;
using gen_internal::VnWards;

// The generated period when GenOptions::end_ms is 0: the 60 days before this date (local
// time, UTC+7).
constexpr int kEndYear = 2026, kEndMonth = 11, kEndDay = 26;
constexpr int64_t kUtcOffsetSeconds = 7 * 3600;

struct Weighted {
  std::string_view value;
  int weight;  // percent
};
constexpr Weighted kChannels[] = {
    {"national_portal", 25}, {"provincial_portal", 30}, {"email", 10}, {"hotline", 12},
    {"sms", 5},              {"mobile_app", 12},        {"in_person", 4}, {"postal", 2},
};

template <size_t N>
std::string_view PickWeighted(Rng& rng, const Weighted (&items)[N]) {
  int ticket = static_cast<int>(rng.Below(100));
  for (const Weighted& w : items) {
    if ((ticket -= w.weight) < 0) return w.value;
  }
  return items[0].value;
}

const VnProvince& PickProvince(Rng& rng) {
  // Petitions concentrate in the big cities; everything else is uniform.
  static constexpr std::string_view kBusy[] = {"01", "79", "01", "79", "31", "48", "92"};
  if (rng.Chance(30)) {
    const std::string_view code = rng.Pick(kBusy);
    for (const VnProvince& p : VnProvinces()) {
      if (p.code == code) return p;
    }
  }
  return rng.Pick(VnProvinces());
}

// Decimal micro-degrees without floating point, so output is identical everywhere.
std::string MicroDegrees(int64_t micro) {
  std::string s = micro < 0 ? "-" : "";
  const int64_t a = micro < 0 ? -micro : micro;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(a / 1000000),
                static_cast<long long>(a % 1000000));
  return s + buf;
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
  return s;
}

std::string MakeId(uint64_t index, std::string_view channel, const VnProvince& province,
                   int y, int m, int d, Rng& rng) {
  // Uniqueness: every format ends in "-<index+1>", so two indices never share an id.
  char buf[96];
  const unsigned long long serial = index + 1;
  if (channel == "national_portal") {
    std::snprintf(buf, sizeof buf, "PAKN-%04d-%06llu", y, serial);
  } else if (channel == "provincial_portal" || channel == "mobile_app") {
    std::snprintf(buf, sizeof buf, "H%.2s.%02d-%02d%02d%02d-%06llu", province.code.data(),
                  static_cast<int>(rng.Range(1, 30)), y % 100, m, d, serial);
  } else {
    static constexpr std::pair<std::string_view, std::string_view> kPrefix[] = {
        {"email", "EMAIL"}, {"hotline", "1022"}, {"sms", "SMS"}, {"in_person", "TCD"},
        {"postal", "BC"}};
    std::string_view prefix = "X";
    for (const auto& [ch, p] : kPrefix) {
      if (ch == channel) prefix = p;
    }
    std::snprintf(buf, sizeof buf, "%.*s-%02d%02d%02d-%06llu", static_cast<int>(prefix.size()),
                  prefix.data(), y % 100, m, d, serial);
  }
  return buf;
}

std::string SourceFor(std::string_view channel, const VnProvince& province) {
  if (channel == "national_portal") return "dichvucong.gov.vn";
  if (channel == "provincial_portal") return "dichvucong." + province.slug + ".gov.vn";
  if (channel == "hotline") return "1022";
  if (channel == "mobile_app") return "app." + province.slug + ".gov.vn";
  if (channel == "in_person") return "tiep_cong_dan";
  if (channel == "postal") return "buu_chinh";
  return std::string(channel);  // "email", "sms"
}

std::string MakePhone(Rng& rng) {
  static constexpr std::string_view kMobilePrefixes[] = {"09", "03", "08", "07"};
  std::string phone = std::string(rng.Pick(kMobilePrefixes)) + Digits(rng, 8);
  if (rng.Chance(10)) phone = "+84" + phone.substr(1);
  return phone;
}

Json MakeReporter(Rng& rng, const gen_internal::Person& person, const std::string& phone,
                  bool organization, const std::string& organization_name,
                  const std::string& address) {
  Json r = Json::Object();
  r.Set("type", Json::String(organization ? "organization" : "citizen"));
  r.Set("name", Json::String(person.name));
  r.Set("phone", Json::String(phone));
  if (rng.Chance(60)) {
    static constexpr std::string_view kMailHosts[] = {"gmail.com", "yahoo.com", "outlook.com"};
    r.Set("email", Json::String(person.ascii + std::to_string(person.birth_year % 100) + "@" +
                                std::string(rng.Pick(kMailHosts))));
  }
  if (!organization && rng.Chance(70)) {
    // CCCD layout: birth-province code, century/sex digit, year of birth, six serial digits.
    const int century_sex = (person.birth_year >= 2000 ? 2 : 0) + (person.female ? 1 : 0);
    r.Set("national_id", Json::String("0" + std::string(rng.Pick(VnProvinces()).code) +
                                      std::to_string(century_sex) +
                                      std::to_string(person.birth_year % 100 + 100).substr(1) +
                                      Digits(rng, 6)));
  }
  if (organization) r.Set("organization", Json::String(organization_name));
  r.Set("address", Json::String(address));
  return r;
}

Json MakeAttachments(Rng& rng, int n, const std::string& id, int y, int m, int d) {
  Json list = Json::Array();
  // An empty name stands for a phone camera's IMG_<date>_<n>.jpg.
  static constexpr std::pair<std::string_view, std::string_view> kFiles[] = {
      {"anh_hien_truong.jpg", "image/jpeg"},    {"", "image/jpeg"},
      {"don_kien_nghi.pdf", "application/pdf"}, {"Ảnh chụp màn hình.png", "image/png"},
      {"video_hien_truong.mp4", "video/mp4"},   {"hoa_don.pdf", "application/pdf"}};
  for (int i = 0; i < n; ++i) {
    const auto& [fixed_name, media_type] = rng.Pick(kFiles);
    std::string name(fixed_name);
    if (name.empty()) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "IMG_%04d%02d%02d_%04d.jpg", y, m, d,
                    static_cast<int>(rng.Range(0, 9999)));
      name = buf;
    }
    const int64_t size = media_type == "video/mp4"   ? rng.Range(2'000'000, 48'000'000)
                         : media_type == "image/png" ? rng.Range(80'000, 2'500'000)
                                                     : rng.Range(40'000, 4'000'000);
    std::string sha;
    for (int k = 0; k < 64; ++k) sha.push_back("0123456789abcdef"[rng.Below(16)]);
    Json a = Json::Object();
    a.Set("name", Json::String(name));
    a.Set("media_type", Json::String(media_type));
    a.Set("size", Json::Number(size));
    a.Set("sha256", Json::String(sha));
    a.Set("url", Json::String("https://tep.pakn.example/" + id + "/" + std::to_string(i + 1)));
    list.Push(std::move(a));
  }
  return list;
}

// Builds the good petition of line `index`. content_bytes > 0 grows the content to exactly that
// size (oversized lines) with a separate PRNG, so everything else matches the good petition.
Draft BuildPetition(uint64_t index, Rng& rng, size_t content_bytes, uint64_t fill_seed,
                    int64_t end_day) {
  Draft draft;
  const VnProvince& province = PickProvince(rng);
  const VnWard& ward = VnWards()[province.first_ward + rng.Below(province.ward_count)];
  const bool rural = !ward.full_name.starts_with("Phường");
  const std::string_view channel = PickWeighted(rng, kChannels);

  // Submission time: a day in the period, mostly during waking hours.
  const int64_t day = end_day - 1 - rng.Range(0, 59);
  const int64_t second_of_day =
      rng.Chance(80) ? rng.Range(7 * 3600, 22 * 3600 - 1) : rng.Range(0, 86399);
  int y, m, d;
  gen_internal::CivilFromDays(day, &y, &m, &d);
  draft.unix_seconds = day * 86400 + second_of_day - kUtcOffsetSeconds;
  draft.id = MakeId(index, channel, province, y, m, d, rng);

  // Street/village part of the address, the way it is written locally.
  const std::string_view street = gen_internal::PickStreet(rng);
  std::string locality;
  if (rural) {
    locality = province.code >= "75" ? "ấp " + std::to_string(rng.Range(1, 12))
                                     : "thôn " + std::string(gen_internal::PickVillage(rng));
  } else {
    locality = "số " + std::to_string(rng.Range(1, 320));
    if (rng.Chance(30)) locality += " ngõ " + std::to_string(rng.Range(2, 199));
    locality += " đường " + std::string(street);
  }
  const std::string address = locality + ", " + std::string(ward.full_name) + ", " +
                              std::string(province.full_name);

  const bool anonymous = rng.Chance(5);
  const bool organization = !anonymous && rng.Chance(12);
  const gen_internal::Person person = gen_internal::MakePerson(rng);
  const std::string phone = MakePhone(rng);
  const std::string organization_name =
      organization ? gen_internal::MakeOrganizationName(rng) : std::string();
  const std::string source = SourceFor(channel, province);
  // -1: no "attachments" member at all; 0: an empty array (the common case).
  const int attachments =
      rng.Chance(10) ? -1 : rng.Chance(60) ? 0 : static_cast<int>(rng.Range(1, 3));

  gen_internal::TextContext ctx;
  ctx.province = province.full_name;
  ctx.province_short = province.name;
  ctx.province_code = province.code;
  ctx.ward = ward.full_name;
  ctx.ward_short = ward.name;
  ctx.street = street;
  ctx.locality = locality;
  ctx.rural = rural;
  ctx.reporter = anonymous ? std::string_view() : std::string_view(person.name);
  ctx.phone = anonymous ? std::string_view() : std::string_view(phone);
  ctx.organization = organization;
  ctx.organization_name = organization_name;
  ctx.channel = channel;
  ctx.source = source;
  ctx.attachments = std::max(attachments, 0);
  ctx.year = y;
  ctx.month = m;
  ctx.day = d;
  gen_internal::PetitionText text = gen_internal::ComposePetitionText(rng, ctx);
  draft.topic = text.topic;
  draft.agency = text.agency;
  if (content_bytes > 0) {
    Rng fill_rng(fill_seed);
    gen_internal::FillToSize(fill_rng, ctx, content_bytes, &text.content);
  }

  Json& doc = draft.doc = Json::Object();
  doc.Set("schema_version", Json::Number(1));
  doc.Set("id", Json::String(draft.id));
  doc.Set("source", Json::String(source));
  doc.Set("channel", Json::String(channel));
  if (!rng.Chance(20)) doc.Set("kind", Json::String(rng.Chance(55) ? "phan_anh" : "kien_nghi"));

  char stamp[48];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
                static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                static_cast<int>(second_of_day % 60));
  draft.local_time = stamp;
  const bool utc = rng.Chance(15);
  const int64_t shown = utc ? second_of_day - kUtcOffsetSeconds : second_of_day;
  int sy = y, sm = m, sd = d;
  if (shown < 0) gen_internal::CivilFromDays(day - 1, &sy, &sm, &sd);
  const int64_t sod = (shown + 86400) % 86400;
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d", sy, sm, sd,
                static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                static_cast<int>(sod % 60));
  std::string submitted_at = stamp;
  if (rng.Chance(5)) submitted_at += "." + Digits(rng, 3);  // RFC 3339 allows fractions
  submitted_at += utc ? "Z" : "+07:00";
  doc.Set("submitted_at", Json::String(submitted_at));
  doc.Set("title", Json::String(std::move(text.title)));
  doc.Set("content", Json::String(std::move(text.content)));

  if (!anonymous) {
    doc.Set("reporter",
            MakeReporter(rng, person, phone, organization, organization_name, address));
  }
  if (!rng.Chance(10)) {
    Json loc = Json::Object();
    const bool short_names = rng.Chance(15);  // citizens often drop "Tỉnh"/"Phường"
    loc.Set("province", Json::String(short_names ? province.name : province.full_name));
    loc.Set("ward", Json::String(short_names ? ward.name : ward.full_name));
    loc.Set("address", Json::String(locality));
    if (rng.Chance(60)) {
      loc.Set("lat", Json::Raw(MicroDegrees(province.lat_micro + rng.Range(-120000, 120000))));
      loc.Set("lon", Json::Raw(MicroDegrees(province.lon_micro + rng.Range(-120000, 120000))));
    }
    doc.Set("location", std::move(loc));
  }
  if (attachments >= 0) {
    doc.Set("attachments", MakeAttachments(rng, attachments, draft.id, y, m, d));
  }
  if (!text.category.empty() && rng.Chance(35)) {
    doc.Set("topic_hint", Json::String(text.category));
  }
  if (rng.Chance(5)) {
    // Fields this format does not define: must be accepted and kept.
    Json client = Json::Object();
    client.Set("app", Json::String(source));
    client.Set("version", Json::String("3." + std::to_string(rng.Range(0, 9)) + "." +
                                       std::to_string(rng.Range(0, 20))));
    doc.Set("x_client", std::move(client));
  }
  if (rng.Chance(10)) doc.MoveToBack("schema_version");  // member order carries no meaning
  return draft;
}

}  // namespace

GenStats GeneratePetitions(const GenOptions& opts, std::ostream& out) {
  GenStats stats;
  const double ratio = opts.bad_ratio > 0 ? std::min(opts.bad_ratio, 1.0) : 0.0;  // NaN -> 0
  uint64_t bad_left = std::min<uint64_t>(
      opts.count, static_cast<uint64_t>(std::llround(static_cast<double>(opts.count) * ratio)));

  // Which lines are bad: selection sampling (exactly bad_left of them, uniformly placed);
  // which kind: a fresh shuffle of all kinds per block of kBadKindCount bad lines.
  Rng stream(gen_internal::Mix64(opts.seed ^ 0x626164206C696E65ull));
  BadKind order[kBadKindCount];
  int next_in_block = kBadKindCount;
  const uint64_t line_base = gen_internal::Mix64(opts.seed);
  // The day (UTC+7, days since the epoch) the generated period ends before.
  const int64_t end_day =
      opts.end_ms == 0
          ? gen_internal::DaysFromCivil(kEndYear, kEndMonth, kEndDay)
          : (opts.end_ms / 1000 + kUtcOffsetSeconds) / 86400;  // after 1970: no negatives
  std::string json;

  for (uint64_t index = 0; index < opts.count && out; ++index) {
    const bool bad = bad_left > 0 && stream.Below(opts.count - index) < bad_left;
    BadKind kind = BadKind::kInvalidJson;
    if (bad) {
      --bad_left;
      if (next_in_block == kBadKindCount) {
        for (int k = 0; k < kBadKindCount; ++k) order[k] = static_cast<BadKind>(k);
        for (int k = kBadKindCount - 1; k > 0; --k) std::swap(order[k], order[stream.Below(k + 1)]);
        next_in_block = 0;
      }
      kind = order[next_in_block++];
    }

    const uint64_t line_seed = gen_internal::Mix64(line_base + index);
    Rng rng(line_seed);
    const bool oversized = bad && kind == BadKind::kOversized;
    const size_t content_bytes = oversized ? std::max<size_t>(opts.oversized_bytes, 1) : 0;
    Draft draft =
        BuildPetition(index, rng, content_bytes, line_seed ^ 0x66696C6C66696C6Cull, end_day);
    gen_internal::JsonStyle style;
    style.spaced = rng.Chance(8);
    // \u-escaping 2 MiB of Vietnamese would make a 12 MiB line, more than the broker takes.
    style.ascii_only = rng.Chance(3) && !oversized;

    json.clear();
    std::string field;
    if (bad) {
      Rng damage_rng(line_seed ^ 0x64616D6167656421ull);
      gen_internal::Defect defect = gen_internal::WriteWithDefect(kind, draft, damage_rng, style);
      json = std::move(defect.json);
      field = std::move(defect.field);
      ++stats.bad[static_cast<int>(kind)];
    } else {
      gen_internal::WriteJson(draft.doc, style, &json);
      ++stats.good;
    }

    if (opts.keyed) out << draft.id << '\t';
    out.write(json.data(), static_cast<std::streamsize>(json.size()));
    out.put('\n');
    if (opts.on_line) {
      LineInfo info;
      info.index = index;
      info.key = draft.id;
      info.bad = bad;
      info.kind = kind;
      info.field = field;
      info.json = json;
      info.topic = draft.topic;
      info.agency = draft.agency;
      opts.on_line(info);
    }
  }
  return stats;
}

std::vector<std::string> GeneratePetitionLines(const GenOptions& opts) {
  std::ostringstream out;
  GeneratePetitions(opts, out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
  return lines;
}

}  // namespace pakn::gen
