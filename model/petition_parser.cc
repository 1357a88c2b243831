#include "model/petition_parser.h"

#include <cmath>
#include <string>

#include "base/strings.h"
#include "base/time.h"
#include "model/json_reader.h"
#include "simdjson.h"

namespace pakn {

namespace {

// Reads the members of one petition. Each Read* returns false after recording the failure.
class Reader : public JsonReader {
 public:
  bool ReadReporter(od::value v, Reporter& r) {
    return OptionalObject(v, "$.reporter", [&](std::string_view key, const std::string& path,
                                               od::value& fv) {
      std::string* target = key == "type"           ? &r.type
                            : key == "name"         ? &r.name
                            : key == "phone"        ? &r.phone
                            : key == "email"        ? &r.email
                            : key == "national_id"  ? &r.national_id
                            : key == "organization" ? &r.organization
                            : key == "address"      ? &r.address
                                                    : nullptr;
      return target ? String(fv, path, *target) : Validate(fv, path, 2);
    });
  }

  bool ReadLocation(od::value v, Location& l) {
    return OptionalObject(v, "$.location", [&](std::string_view key, const std::string& path,
                                               od::value& fv) {
      if (key == "province") return String(fv, path, l.province);
      if (key == "ward") return String(fv, path, l.ward);
      if (key == "address") return String(fv, path, l.address);
      if (key != "lat" && key != "lon") return Validate(fv, path, 2);
      auto& target = key == "lat" ? l.lat : l.lon;
      const double limit = key == "lat" ? 90 : 180;
      if (!Number(fv, path, target)) return false;
      if (target && !(std::fabs(*target) <= limit))
        return Fail(RejectCode::kBadValue, path,
                    StrCat("expected a number from -", limit, " to ", limit, ", got ", *target));
      return true;
    });
  }

  bool ReadAttachment(od::value& v, const std::string& item, Attachment& att) {
    od::object o;
    if (!Object(v, item, o)) return false;
    return ForEachMember(o, item, [&](std::string_view key, const std::string& path,
                                      od::value& fv) {
      if (key == "name") return String(fv, path, att.name);
      if (key == "media_type") return String(fv, path, att.media_type);
      if (key == "url") return String(fv, path, att.url);
      if (key == "size") {
        if (!Integer(fv, path, att.size)) return false;
        if (att.size && *att.size < 0)
          return Fail(RejectCode::kBadValue, path, "expected a size >= 0");
        return true;
      }
      if (key == "sha256") {
        if (!String(fv, path, att.sha256)) return false;
        if (!att.sha256.empty() &&
            (att.sha256.size() != 64 ||
             att.sha256.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos))
          return Fail(RejectCode::kBadValue, path, "expected 64 hexadecimal digits");
        return true;
      }
      return Validate(fv, path, 3);
    });
  }

  bool ReadAttachments(od::value v, std::vector<Attachment>& out) {
    const std::string base = "$.attachments";
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, base, t)) return false;
    if (t == od::json_type::null) return true;
    if (t != od::json_type::array) return WrongType(base, "an array", t);
    od::array a;
    if (auto e = v.get_array().get(a)) return JsonError(base, e);
    size_t index = 0;
    for (auto element : a) {
      const std::string item = StrCat(base, "[", index++, "]");
      od::value ev;
      if (auto e = element.get(ev)) return JsonError(item, e);
      if (!ReadAttachment(ev, item, out.emplace_back())) return false;
    }
    return true;
  }
};

}  // namespace

struct PetitionParser::Impl {
  PetitionParserOptions options;
  od::parser parser;
  std::string buffer;  // the payload copied with simdjson's padding after it
};

PetitionParser::PetitionParser(PetitionParserOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

PetitionParser::~PetitionParser() = default;

ParseResult PetitionParser::Parse(std::string_view payload) {
  if (payload.size() > impl_->options.max_message_bytes) {
    return MakeRejection(RejectCode::kOversized, "$",
                  StrCat("message is ", payload.size(), " bytes, the limit is ",
                               impl_->options.max_message_bytes,
                               " (ingest.max_message_bytes)"));
  }
  if (std::optional<Rejection> bad = CheckUtf8("$", payload)) return *std::move(bad);
  if (std::optional<Rejection> bad = CheckJsonText(payload)) return *std::move(bad);
  // The whole text's syntax first: a malformed document must be invalid_json with its byte,
  // never a field rule's complaint about what on-demand parsing happened to reach.
  if (std::optional<Rejection> bad = ValidateJsonSyntax(payload)) return *std::move(bad);
  std::string& buf = impl_->buffer;
  buf.assign(payload);
  buf.resize(payload.size() + simdjson::SIMDJSON_PADDING);

  Reader r;
  od::document doc;
  if (auto e = impl_->parser.iterate(buf.data(), payload.size(), buf.size()).get(doc))
    return MakeRejection(RejectCode::kInvalidJson, "$",
                  StrCat("malformed JSON (", simdjson::error_message(e), ")"));
  od::object obj;
  {
    od::json_type t = od::json_type::null;
    if (auto e = doc.type().get(t))
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(e), ")"));
    if (t != od::json_type::object) {
      // On-demand only peeked at the first byte: "nonsense" looks like a null. Read the scalar
      // to tell malformed JSON from a well-formed value of the wrong type.
      simdjson::error_code e = simdjson::SUCCESS;
      if (t == od::json_type::null) {
        bool is_null = false;
        e = doc.is_null().get(is_null);
        if (!e && !is_null) e = simdjson::N_ATOM_ERROR;
      } else if (t == od::json_type::boolean) {
        e = doc.get_bool().error();
      } else if (t == od::json_type::number) {
        e = doc.get_double().error();
      } else if (t == od::json_type::string) {
        e = doc.get_string().error();
      }
      if (e)
        return MakeRejection(RejectCode::kInvalidJson, "$",
                      StrCat("malformed JSON (", simdjson::error_message(e), ")"));
      return MakeRejection(RejectCode::kWrongType, "$",
                    StrCat("expected an object, got ", JsonTypeName(t)));
    }
    if (auto e = doc.get_object().get(obj))
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(e), ")"));
  }

  // schema_version decides how every other member is read, so it is looked at first.
  {
    od::value v;
    auto e = obj.find_field_unordered("schema_version").get(v);
    if (e == simdjson::NO_SUCH_FIELD)
      return MakeRejection(RejectCode::kMissingField, "$.schema_version",
                    StrCat("required, expected the integer ", kPetitionSchemaVersion));
    if (e) return MakeRejection(RejectCode::kInvalidJson, "$.schema_version",
                         StrCat("malformed JSON (", simdjson::error_message(e), ")"));
    std::optional<int64_t> version;
    if (!r.Integer(v, "$.schema_version", version)) return *r.error;
    if (!version)
      return MakeRejection(RejectCode::kMissingField, "$.schema_version", "required, got null");
    if (*version != kPetitionSchemaVersion)
      return MakeRejection(RejectCode::kUnknownSchemaVersion, "$.schema_version",
                    StrCat("this pakn reads version ", kPetitionSchemaVersion, ", got ",
                                 *version));
    if (auto re = obj.reset().error())
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(re), ")"));
    // On-demand parsing stops at the object's end; anything but white space after it makes
    // the message malformed.
    std::string_view raw;
    if (auto re = obj.raw_json().get(raw))
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(re), ")"));
    const size_t end = static_cast<size_t>(raw.data() + raw.size() - buf.data());
    if (payload.find_first_not_of(" \t\r\n", end) != std::string_view::npos)
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (content after the object at byte ", end, ")"));
    if (auto re = obj.reset().error())
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(re), ")"));
  }

  Petition p;
  bool seen_id = false, seen_channel = false, seen_submitted = false, seen_title = false,
       seen_content = false;
  JsonReader::SeenKeys seen_keys;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key))
      return MakeRejection(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(e), ")"));
    const std::string path = StrCat("$.", key);
    if (!r.FirstTime(seen_keys, key, path)) return *r.error;
    od::value v;
    if (auto e = field.value().get(v))
      return MakeRejection(RejectCode::kInvalidJson, path,
                    StrCat("malformed JSON (", simdjson::error_message(e), ")"));
    bool ok = true;
    if (key == "schema_version") {
      ok = r.Validate(v, path, 1);
    } else if (key == "id") {
      od::json_type t = od::json_type::null;
      if (!r.TypeOf(v, path, t)) return *r.error;
      if (t == od::json_type::null)
        return MakeRejection(RejectCode::kMissingField, path, "required, got null");
      ok = r.String(v, path, p.id);
      if (ok && !IsValidId(p.id))
        return MakeRejection(RejectCode::kBadValue, path, StrCat("expected ", kIdRule));
      seen_id = true;
    } else if (key == "source") {
      ok = r.String(v, path, p.source);
    } else if (key == "channel") {
      ok = r.String(v, path, p.channel);
      if (ok) {
        bool known = false;
        for (auto c : kChannels) known |= (c == p.channel);
        if (!known)
          return MakeRejection(RejectCode::kBadValue, path,
                        StrCat("expected one of national_portal, provincial_portal, email, "
                                     "hotline, sms, mobile_app, in_person, postal; got '",
                                     p.channel.substr(0, 40), "'"));
        seen_channel = true;
      }
    } else if (key == "kind") {
      ok = r.String(v, path, p.kind);
      if (ok && !p.kind.empty() && p.kind != "phan_anh" && p.kind != "kien_nghi")
        return MakeRejection(RejectCode::kBadValue, path,
                      StrCat("expected phan_anh or kien_nghi, got '",
                                   p.kind.substr(0, 40), "'"));
    } else if (key == "submitted_at") {
      od::json_type t = od::json_type::null;
      if (!r.TypeOf(v, path, t)) return *r.error;
      if (t != od::json_type::string && t != od::json_type::null)
      {
        r.WrongType(path, "a string (RFC 3339 date-time with offset)", t);
        return *r.error;
      }
      ok = r.String(v, path, p.submitted_at);
      if (ok && !p.submitted_at.empty()) {
        auto ms = ParseRfc3339(p.submitted_at);
        if (!ms.ok())
          return MakeRejection(RejectCode::kBadValue, path,
                        StrCat(ms.status().message(), ", got '",
                                     p.submitted_at.substr(0, 40), "'"));
        p.submitted_at_ms = *ms;
        seen_submitted = true;
      }
    } else if (key == "title") {
      ok = r.String(v, path, p.title);
      seen_title = ok && !p.title.empty();
    } else if (key == "content") {
      ok = r.String(v, path, p.content);
      seen_content = ok && !p.content.empty();
    } else if (key == "reporter") {
      ok = r.ReadReporter(v, p.reporter);
    } else if (key == "location") {
      ok = r.ReadLocation(v, p.location);
    } else if (key == "attachments") {
      ok = r.ReadAttachments(v, p.attachments);
    } else if (key == "topic_hint") {
      ok = r.String(v, path, p.topic_hint);
    } else {
      ok = r.Validate(v, path, 1);  // unknown: kept in the raw payload
    }
    if (!ok) return *r.error;
  }

  if (!seen_id) return MakeRejection(RejectCode::kMissingField, "$.id", "required, expected a string");
  if (!seen_channel)
    return MakeRejection(RejectCode::kMissingField, "$.channel", "required, expected a channel name");
  if (!seen_submitted)
    return MakeRejection(RejectCode::kMissingField, "$.submitted_at",
                  "required, expected an RFC 3339 date-time with offset");
  if (!seen_title)
    return MakeRejection(RejectCode::kMissingField, "$.title", "required, expected a non-empty string");
  if (!seen_content)
    return MakeRejection(RejectCode::kMissingField, "$.content",
                  "required, expected a non-empty string");
  return p;
}

}  // namespace pakn
