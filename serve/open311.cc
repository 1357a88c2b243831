#include "serve/open311.h"

#include <simdjson.h>
#include <sodium.h>

#include <cctype>
#include <cstdio>

#include "base/json_writer.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "web/http_server.h"

namespace pakn::serve {
namespace {

// Fields GeoReport v2 defines for POST requests.json, and pakn's extensions (docs/http-api.md).
constexpr std::string_view kKnownFields[] = {"api_key", "service_code", "description", "lat",
                                             "long", "address_string", "address_id", "email",
                                             "device_id", "account_id", "first_name", "last_name",
                                             "phone", "media_url", "jurisdiction_id",
                                             // pakn's extensions
                                             "id", "title", "kind", "province", "ward",
                                             "submitted_at", "attribute[title]", "attribute[kind]"};

constexpr size_t kMaxFieldBytes = 1 << 20;

bool Known(std::string_view name) {
  for (std::string_view k : kKnownFields)
    if (k == name) return true;
  return false;
}

Status Add(Fields& out, std::string name, std::string value) {
  if (!Known(name))
    return InvalidArgumentError(StrCat(name.substr(0, 64),
                                       ": unknown field; expected one of "
                                       "the GeoReport v2 fields or pakn's (docs/http-api.md)"));
  if (!simdjson::validate_utf8(value.data(), value.size()))
    return InvalidArgumentError(StrCat(name, ": invalid_utf8: the value is not valid UTF-8"));
  if (value.size() > kMaxFieldBytes) return InvalidArgumentError(StrCat(name, ": too long"));
  if (!out.emplace(name, std::move(value)).second)
    return InvalidArgumentError(StrCat(name, ": given more than once"));
  return OkStatus();
}

Status FromJson(std::string_view body, Fields& out) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::padded_string padded(body);
  if (auto err = parser.parse(padded).get(root); err)
    return InvalidArgumentError(StrCat("body: invalid_json: ", simdjson::error_message(err)));
  simdjson::dom::object object;
  if (root.get(object))
    return InvalidArgumentError("body: wrong_type: expected a JSON object of request fields");
  for (auto [key, value] : object) {
    std::string name(key);
    if (!simdjson::validate_utf8(name.data(), name.size()))
      return InvalidArgumentError("body: invalid_utf8: a member name is not valid UTF-8");
    if (name == "attribute") {
      simdjson::dom::object attrs;
      if (value.get(attrs))
        return InvalidArgumentError("attribute: wrong_type: expected an object");
      for (auto [k, v] : attrs) {
        std::string_view s;
        if (v.get(s))
          return InvalidArgumentError(StrCat("attribute[", std::string(k).substr(0, 64),
                                             "]: wrong_type: expected a string"));
        PAKN_RETURN_IF_ERROR(Add(out, StrCat("attribute[", std::string(k), "]"), std::string(s)));
      }
      continue;
    }
    std::string text;
    switch (value.type()) {
      case simdjson::dom::element_type::STRING:
        text = std::string(std::string_view(value));
        break;
      case simdjson::dom::element_type::INT64:
      case simdjson::dom::element_type::UINT64:
      case simdjson::dom::element_type::DOUBLE:
        text = simdjson::minify(value);
        break;
      case simdjson::dom::element_type::NULL_VALUE:
        continue;  // as absent
      default:
        return InvalidArgumentError(
            StrCat(name.substr(0, 64), ": wrong_type: expected a string or a number"));
    }
    PAKN_RETURN_IF_ERROR(Add(out, std::move(name), std::move(text)));
  }
  return OkStatus();
}

std::string_view Get(const Fields& f, std::string_view name) {
  auto it = f.find(name);
  return it == f.end() ? std::string_view() : std::string_view(it->second);
}

// The first of `names` that is given.
std::string_view GetAny(const Fields& f, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (auto v = Get(f, n); !v.empty()) return v;
  return {};
}

std::string Hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
  return out;
}

// A title from the description: its first line, cut at a word before 120 bytes.
std::string TitleFrom(std::string_view description) {
  while (!description.empty() && std::isspace(static_cast<unsigned char>(description.front())))
    description.remove_prefix(1);
  std::string_view line = description.substr(0, description.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.size() <= 120) return std::string(line);
  size_t cut = 120;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  const size_t space = line.rfind(' ', cut);
  if (space != std::string_view::npos && space > 40) cut = space;
  return StrCat(line.substr(0, cut), "…");
}

Status Number(std::string_view field, std::string_view text, JsonWriter& w,
              std::string_view member) {
  if (text.empty()) return OkStatus();
  char* end = nullptr;
  const std::string s(text);
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || s.find_first_of("nNiIxX") != std::string::npos)
    return InvalidArgumentError(
        StrCat(field, ": wrong_type: expected a number, got '", text.substr(0, 40), "'"));
  w.Key(member);
  w.Double(v);
  return OkStatus();
}

}  // namespace

StatusOr<Fields> ReadFields(std::string_view content_type, std::string_view body) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  std::string lowered(type);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!lowered.empty() && lowered.back() == ' ') lowered.pop_back();
  const std::string_view params = content_type.find(';') == std::string_view::npos
                                      ? ""
                                      : content_type.substr(content_type.find(';'));
  std::string lower_params(params);
  for (char& c : lower_params) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower_params.find("charset=") != std::string::npos &&
      lower_params.find("charset=utf-8") == std::string::npos &&
      lower_params.find("charset=\"utf-8\"") == std::string::npos)
    return InvalidArgumentError("Content-Type: only charset=utf-8 is accepted");
  Fields out;
  if (lowered == "application/json") {
    PAKN_RETURN_IF_ERROR(FromJson(body, out));
  } else if (lowered == "application/x-www-form-urlencoded") {
    std::vector<web::FormField> form;
    std::string bad;
    if (!web::ParseForm(body, form, bad))
      return InvalidArgumentError(StrCat(bad.substr(0, 64), ": a malformed %-escape in the form"));
    for (web::FormField& f : form)
      PAKN_RETURN_IF_ERROR(Add(out, std::move(f.name), std::move(f.value)));
  } else {
    return InvalidArgumentError(StrCat("Content-Type: '", content_type.substr(0, 80),
                                       "': expected application/json or "
                                       "application/x-www-form-urlencoded"));
  }
  return out;
}

std::string_view IdFromName(IdFrom from) {
  switch (from) {
    case IdFrom::kPortal:
      return "portal";
    case IdFrom::kIdempotencyKey:
      return "idempotency_key";
    case IdFrom::kGenerated:
      return "generated";
  }
  return "generated";
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Hex(digest, sizeof digest);
}

std::string NewApiKey() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return StrCat("pakn_", out);
}

StatusOr<BuiltPetition> ChooseId(const Fields& fields, const PortalKey& portal,
                                 std::string_view idempotency_key) {
  BuiltPetition built;
  if (auto id = Get(fields, "id"); !id.empty()) {
    built.id = std::string(id);  // the parser checks it as ingest does
    built.id_from = IdFrom::kPortal;
  } else if (!idempotency_key.empty()) {
    if (idempotency_key.size() > 255)
      return InvalidArgumentError("Idempotency-Key: at most 255 bytes");
    built.id = StrCat("IK-", Sha256Hex(StrCat(portal.portal, "\n", idempotency_key)).substr(0, 32));
    built.id_from = IdFrom::kIdempotencyKey;
  } else {
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    built.id = StrCat("G-", Hex(raw, sizeof raw));
    built.id_from = IdFrom::kGenerated;
  }
  return built;
}

Status BuildPetition(const Fields& f, const PortalKey& portal,
                     const std::map<std::string, std::string, std::less<>>& services,
                     std::string_view submitted_at, BuiltPetition& built) {
  const std::string_view code = Get(f, "service_code");
  if (code.empty())
    return InvalidArgumentError(
        "service_code: missing_field: required (GET services.json lists them)");
  if (!services.contains(code))
    return InvalidArgumentError(StrCat("service_code: bad_value: unknown service '",
                                       code.substr(0, 64), "' (GET services.json lists them)"));
  const std::string_view description = Get(f, "description");
  if (description.empty())  // as the parser says of an empty $.content (the title is made of it)
    return InvalidArgumentError(
        "description: missing_field: $.content: required, expected a non-empty string");
  std::string title(GetAny(f, {"title", "attribute[title]"}));
  if (title.empty()) title = TitleFrom(description);
  built.submitted_at =
      std::string(Get(f, "submitted_at").empty() ? submitted_at : Get(f, "submitted_at"));
  JsonWriter w;
  w.BeginObject();
  w.MemberInt("schema_version", 1);
  w.Member("id", built.id);
  w.Member("source", portal.portal);
  w.Member("channel", portal.channel);
  w.MemberIfNotEmpty("kind", GetAny(f, {"kind", "attribute[kind]"}));
  w.Member("submitted_at", built.submitted_at);
  w.Member("title", title);
  w.Member("content", description);
  w.Member("topic_hint", code);
  const std::string name = [&] {
    std::string n(Get(f, "last_name"));
    if (auto first = Get(f, "first_name"); !first.empty())
      n = n.empty() ? std::string(first) : StrCat(n, " ", first);
    return n;  // Vietnamese order: family name first
  }();
  if (!name.empty() || !Get(f, "email").empty() || !Get(f, "phone").empty()) {
    w.Key("reporter");
    w.BeginObject();
    w.MemberIfNotEmpty("name", name);
    w.MemberIfNotEmpty("phone", Get(f, "phone"));
    w.MemberIfNotEmpty("email", Get(f, "email"));
    w.EndObject();
  }
  if (!GetAny(f, {"province", "ward", "address_string", "lat", "long"}).empty()) {
    w.Key("location");
    w.BeginObject();
    w.MemberIfNotEmpty("province", Get(f, "province"));
    w.MemberIfNotEmpty("ward", Get(f, "ward"));
    w.MemberIfNotEmpty("address", Get(f, "address_string"));
    PAKN_RETURN_IF_ERROR(Number("lat", Get(f, "lat"), w, "lat"));
    PAKN_RETURN_IF_ERROR(Number("long", Get(f, "long"), w, "lon"));
    w.EndObject();
  }
  if (auto url = Get(f, "media_url"); !url.empty()) {
    w.Key("attachments");
    w.BeginArray();
    w.BeginObject();
    w.Member("url", url);
    w.EndObject();
    w.EndArray();
  }
  // What GeoReport carries that the petition format has no member for: kept with the payload.
  // (Not how the id was chosen: a retry must build the same bytes whichever way it names it.)
  w.Key("open311");
  w.BeginObject();
  for (std::string_view k : {"device_id", "account_id", "address_id", "jurisdiction_id"})
    w.MemberIfNotEmpty(k, Get(f, k));
  w.EndObject();
  w.EndObject();
  built.payload = std::move(w).Take();
  return OkStatus();
}

std::string RequestFieldOf(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kMap[] = {
      {"$.content", "description"},
      {"$.title", "title"},
      {"$.id", "id"},
      {"$.submitted_at", "submitted_at"},
      {"$.kind", "kind"},
      {"$.topic_hint", "service_code"},
      {"$.reporter.name", "last_name"},
      {"$.reporter.phone", "phone"},
      {"$.reporter.email", "email"},
      {"$.location.province", "province"},
      {"$.location.ward", "ward"},
      {"$.location.address", "address_string"},
      {"$.location.lat", "lat"},
      {"$.location.lon", "long"},
      {"$.attachments[0].url", "media_url"},
      {"$.source", "api_key"},
      {"$.channel", "api_key"}};
  for (const auto& [p, field] : kMap)
    if (p == path) return std::string(field);
  return "body";
}

std::string ServicesJson(const classify::Taxonomy& taxonomy) {
  JsonWriter w;
  w.BeginArray();
  for (const classify::Topic& t : taxonomy.topics) {
    if (t.code == taxonomy.unrouted_topic) continue;  // triage, not a service to submit to
    w.BeginObject();
    w.Member("service_code", t.code);
    w.Member("service_name", t.name_vi);
    w.Member("description",
             t.name_en.empty() ? t.name_vi : StrCat(t.name_vi, " (", t.name_en, ")"));
    w.Key("metadata");
    w.Bool(true);
    w.Member("type", "realtime");
    w.Member("keywords", t.code);
    w.Member("group", t.agency);
    w.EndObject();
  }
  w.EndArray();
  return std::move(w).Take();
}

std::optional<std::string> ServiceDefinitionJson(const classify::Taxonomy& taxonomy,
                                                 std::string_view code) {
  for (const classify::Topic& t : taxonomy.topics) {
    if (t.code != code || t.code == taxonomy.unrouted_topic) continue;
    JsonWriter w;
    w.BeginObject();
    w.Member("service_code", t.code);
    w.Key("attributes");
    w.BeginArray();
    struct Attr {
      const char* code;
      const char* type;
      bool required;
      const char* description;
    };
    static constexpr Attr kAttrs[] = {
        {"title", "string", false, "Tiêu đề (title); absent: the first line of the description"},
        {"kind", "singlevaluelist", false,
         "phan_anh (phản ánh: reports a problem) or kien_nghi (kiến nghị: proposes)"}};
    int order = 1;
    for (const Attr& a : kAttrs) {
      w.BeginObject();
      w.Key("variable");
      w.Bool(true);
      w.Member("code", a.code);
      w.Member("datatype", a.type);
      w.Key("required");
      w.Bool(a.required);
      w.Member("datatype_description", "");
      w.MemberInt("order", order++);
      w.Member("description", a.description);
      if (std::string_view(a.code) == "kind") {
        w.Key("values");
        w.BeginArray();
        for (const char* v : {"phan_anh", "kien_nghi"}) {
          w.BeginObject();
          w.Member("key", v);
          w.Member("name", std::string_view(v) == "phan_anh" ? "Phản ánh" : "Kiến nghị");
          w.EndObject();
        }
        w.EndArray();
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::move(w).Take();
  }
  return std::nullopt;
}

std::string PublicStatusJson(const std::vector<service::PublicStatus>& statuses,
                             const classify::Taxonomy& taxonomy) {
  auto agency_name = [&](const std::string& code) -> std::string {
    for (const classify::Agency& a : taxonomy.agencies)
      if (a.code == code) return a.name_vi;
    return code;
  };
  auto topic_name = [&](const std::string& code) -> std::string {
    for (const classify::Topic& t : taxonomy.topics)
      if (t.code == code) return t.name_vi;
    return code;
  };
  JsonWriter w;
  w.BeginArray();
  for (const service::PublicStatus& s : statuses) {
    w.BeginObject();
    w.Member("service_request_id", s.id);
    w.Member("status", s.open ? "open" : "closed");
    w.Member("pakn_status", s.state);
    std::string notes;
    for (const service::PublicNote& n : s.notes) {
      if (!notes.empty()) notes += "\n\n";
      notes += LocalDateTime(n.at_ms).substr(0, 10);
      notes += n.kind == "answer" ? " — Trả lời" : " — Tiến độ";
      if (!n.doc_number.empty()) StrAppend(&notes, " (", n.doc_number, ")");
      StrAppend(&notes, ": ", n.text);
    }
    if (notes.empty()) {
      w.Key("status_notes");
      w.Null();
    } else {
      w.Member("status_notes", notes);
    }
    w.Key("pakn_notes");
    w.BeginArray();
    for (const service::PublicNote& n : s.notes) {
      w.BeginObject();
      w.Member("at", LocalDateTime(n.at_ms));
      w.Member("kind", n.kind);
      w.Member("text", n.text);
      w.MemberIfNotEmpty("doc_number", n.doc_number);
      w.EndObject();
    }
    w.EndArray();
    w.Member("service_name", topic_name(s.topic));
    w.Member("service_code", s.topic);
    w.Member("agency_responsible", agency_name(s.agency));
    w.Member("agency_code", s.agency);
    w.Key("service_notice");
    w.Null();
    w.Member("requested_datetime", LocalDateTime(s.submitted_ms));
    w.Member("updated_datetime", LocalDateTime(s.updated_ms));
    if (s.due_ms > 0) {
      w.Member("expected_datetime", LocalDateTime(s.due_ms));
    } else {
      w.Key("expected_datetime");
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  return std::move(w).Take();
}

}  // namespace pakn::serve
