#include "ingest/petition_parser.h"

#include <cmath>
#include <string>

#include "base/strings.h"
#include "base/time.h"
#include "simdjson.h"

namespace pakn {

std::string_view RejectCodeName(RejectCode code) {
  switch (code) {
    case RejectCode::kInvalidJson: return "invalid_json";
    case RejectCode::kInvalidUtf8: return "invalid_utf8";
    case RejectCode::kMissingField: return "missing_field";
    case RejectCode::kWrongType: return "wrong_type";
    case RejectCode::kBadValue: return "bad_value";
    case RejectCode::kOversized: return "oversized";
    case RejectCode::kUnknownSchemaVersion: return "unknown_schema_version";
  }
  return "unknown";
}

namespace {

namespace od = simdjson::ondemand;

constexpr int kMaxDepth = 32;
constexpr size_t kMaxIdBytes = 128;

Rejection Reject(RejectCode code, std::string field, std::string_view what) {
  std::string reason = StrCat(RejectCodeName(code), ": ", field, ": ", what);
  return Rejection{code, std::move(field), std::move(reason)};
}

std::string_view TypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "array";
    case od::json_type::object: return "object";
    case od::json_type::number: return "number";
    case od::json_type::string: return "string";
    case od::json_type::boolean: return "boolean";
    case od::json_type::null: return "null";
  }
  return "unknown";
}

// Byte offset of the first invalid UTF-8 sequence (the message is known to hold one).
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n;
    if (c < 0x80) n = 1;
    else if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return i;
    if (i + n > s.size()) return i;
    if (!simdjson::validate_utf8(s.data() + i, n)) return i;
    i += n;
  }
  return s.size();
}

// Reads the members of one petition. Each Read* returns false after setting `error`.
class Reader {
 public:
  std::optional<Rejection> error;

  bool Fail(RejectCode code, std::string field, std::string_view what) {
    if (!error) error = Reject(code, std::move(field), what);
    return false;
  }

  bool JsonError(std::string field, simdjson::error_code e) {
    return Fail(RejectCode::kInvalidJson, std::move(field),
                StrCat("malformed JSON (", simdjson::error_message(e), ")"));
  }

  // The value's type, or false (invalid JSON) when even that cannot be read.
  bool TypeOf(od::value& v, const std::string& path, od::json_type& type) {
    auto t = v.type();
    if (t.error()) return JsonError(path, t.error());
    type = t.value_unsafe();
    return true;
  }

  bool WrongType(const std::string& path, std::string_view expected, od::json_type got) {
    return Fail(RejectCode::kWrongType, path,
                StrCat("expected ", expected, ", got ", TypeName(got)));
  }

  // Optional string; null counts as absent.
  bool String(od::value& v, const std::string& path, std::string& out) {
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, path, t)) return false;
    if (t == od::json_type::null) return true;
    if (t != od::json_type::string) return WrongType(path, "a string", t);
    std::string_view s;
    if (auto e = v.get_string().get(s)) return JsonError(path, e);
    out.assign(s);
    return true;
  }

  bool Number(od::value& v, const std::string& path, std::optional<double>& out) {
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, path, t)) return false;
    if (t == od::json_type::null) return true;
    if (t != od::json_type::number) return WrongType(path, "a number", t);
    double d;
    if (auto e = v.get_double().get(d)) return JsonError(path, e);
    out = d;
    return true;
  }

  bool Integer(od::value& v, const std::string& path, std::optional<int64_t>& out) {
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, path, t)) return false;
    if (t == od::json_type::null) return true;
    if (t != od::json_type::number) return WrongType(path, "an integer", t);
    int64_t i;
    if (v.get_int64().get(i))
      return Fail(RejectCode::kBadValue, path, "expected an integer, got a fraction or overflow");
    out = i;
    return true;
  }

  // Walks a value we do not interpret, so that malformed JSON anywhere is still caught.
  bool Validate(od::value v, const std::string& path, int depth) {
    if (depth > kMaxDepth)
      return Fail(RejectCode::kBadValue, path, StrCat("nested deeper than ", kMaxDepth));
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, path, t)) return false;
    switch (t) {
      case od::json_type::object: {
        od::object o;
        if (auto e = v.get_object().get(o)) return JsonError(path, e);
        return ForEachMember(o, path, [&](std::string_view, const std::string& member,
                                          od::value& fv) {
          return Validate(fv, member, depth + 1);
        });
      }
      case od::json_type::array: {
        od::array a;
        if (auto e = v.get_array().get(a)) return JsonError(path, e);
        size_t i = 0;
        for (auto element : a) {
          od::value ev;
          if (auto e = element.get(ev)) return JsonError(path, e);
          if (!Validate(ev, StrCat(path, "[", i++, "]"), depth + 1)) return false;
        }
        return true;
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = v.get_string().get(s)) return JsonError(path, e);
        return true;
      }
      case od::json_type::number: {
        double d;
        if (auto e = v.get_double().get(d)) return JsonError(path, e);
        return true;
      }
      case od::json_type::boolean: {
        bool b;
        if (auto e = v.get_bool().get(b)) return JsonError(path, e);
        return true;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = v.is_null().get(is_null); e || !is_null)
          return JsonError(path, e ? e : simdjson::N_ATOM_ERROR);
        return true;
      }
    }
    return true;
  }

  bool Object(od::value& v, const std::string& path, od::object& out) {
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, path, t)) return false;
    if (t != od::json_type::object) return WrongType(path, "an object", t);
    if (auto e = v.get_object().get(out)) return JsonError(path, e);
    return true;
  }

  // Calls fn(key, path, value) for each member of `o` until it returns false.
  template <typename F>
  bool ForEachMember(od::object& o, const std::string& base, F&& fn) {
    for (auto field : o) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return JsonError(base, e);
      const std::string path = StrCat(base, ".", key);
      od::value v;
      if (auto e = field.value().get(v)) return JsonError(path, e);
      if (!fn(key, path, v)) return false;
    }
    return true;
  }

  // An optional object member: null counts as absent.
  template <typename F>
  bool OptionalObject(od::value& v, const std::string& base, F&& fn) {
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, base, t)) return false;
    if (t == od::json_type::null) return true;
    od::object o;
    return Object(v, base, o) && ForEachMember(o, base, fn);
  }

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

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id)
    if (c <= 0x20 || c >= 0x7F) return false;
  return true;
}

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
    return Reject(RejectCode::kOversized, "$",
                  StrCat("message is ", payload.size(), " bytes, the limit is ",
                               impl_->options.max_message_bytes,
                               " (ingest.max_message_bytes)"));
  }
  if (!simdjson::validate_utf8(payload.data(), payload.size())) {
    return Reject(RejectCode::kInvalidUtf8, "$",
                  StrCat("expected UTF-8 text, invalid byte sequence at byte ",
                               FirstInvalidUtf8(payload)));
  }
  std::string& buf = impl_->buffer;
  buf.assign(payload);
  buf.resize(payload.size() + simdjson::SIMDJSON_PADDING);

  Reader r;
  od::document doc;
  if (auto e = impl_->parser.iterate(buf.data(), payload.size(), buf.size()).get(doc))
    return Reject(RejectCode::kInvalidJson, "$",
                  StrCat("malformed JSON (", simdjson::error_message(e), ")"));
  od::object obj;
  {
    od::json_type t = od::json_type::null;
    if (auto e = doc.type().get(t))
      return Reject(RejectCode::kInvalidJson, "$",
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
        return Reject(RejectCode::kInvalidJson, "$",
                      StrCat("malformed JSON (", simdjson::error_message(e), ")"));
      return Reject(RejectCode::kWrongType, "$",
                    StrCat("expected an object, got ", TypeName(t)));
    }
    if (auto e = doc.get_object().get(obj))
      return Reject(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(e), ")"));
  }

  // schema_version decides how every other member is read, so it is looked at first.
  {
    od::value v;
    auto e = obj.find_field_unordered("schema_version").get(v);
    if (e == simdjson::NO_SUCH_FIELD)
      return Reject(RejectCode::kMissingField, "$.schema_version",
                    StrCat("required, expected the integer ", kPetitionSchemaVersion));
    if (e) return Reject(RejectCode::kInvalidJson, "$.schema_version",
                         StrCat("malformed JSON (", simdjson::error_message(e), ")"));
    std::optional<int64_t> version;
    if (!r.Integer(v, "$.schema_version", version)) return *r.error;
    if (!version)
      return Reject(RejectCode::kMissingField, "$.schema_version", "required, got null");
    if (*version != kPetitionSchemaVersion)
      return Reject(RejectCode::kUnknownSchemaVersion, "$.schema_version",
                    StrCat("this pakn reads version ", kPetitionSchemaVersion, ", got ",
                                 *version));
    if (auto re = obj.reset().error())
      return Reject(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(re), ")"));
    // On-demand parsing stops at the object's end; anything but white space after it makes
    // the message malformed.
    std::string_view raw;
    if (auto re = obj.raw_json().get(raw))
      return Reject(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(re), ")"));
    const size_t end = static_cast<size_t>(raw.data() + raw.size() - buf.data());
    if (payload.find_first_not_of(" \t\r\n", end) != std::string_view::npos)
      return Reject(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (content after the object at byte ", end, ")"));
    if (auto re = obj.reset().error())
      return Reject(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(re), ")"));
  }

  Petition p;
  bool seen_id = false, seen_channel = false, seen_submitted = false, seen_title = false,
       seen_content = false;
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key))
      return Reject(RejectCode::kInvalidJson, "$",
                    StrCat("malformed JSON (", simdjson::error_message(e), ")"));
    const std::string path = StrCat("$.", key);
    od::value v;
    if (auto e = field.value().get(v))
      return Reject(RejectCode::kInvalidJson, path,
                    StrCat("malformed JSON (", simdjson::error_message(e), ")"));
    bool ok = true;
    if (key == "schema_version") {
      ok = r.Validate(v, path, 1);
    } else if (key == "id") {
      od::json_type t = od::json_type::null;
      if (!r.TypeOf(v, path, t)) return *r.error;
      if (t == od::json_type::null)
        return Reject(RejectCode::kMissingField, path, "required, got null");
      ok = r.String(v, path, p.id);
      if (ok && !ValidId(p.id))
        return Reject(RejectCode::kBadValue, path,
                      StrCat("expected 1 to ", kMaxIdBytes,
                                   " printable ASCII characters without spaces"));
      seen_id = true;
    } else if (key == "source") {
      ok = r.String(v, path, p.source);
    } else if (key == "channel") {
      ok = r.String(v, path, p.channel);
      if (ok) {
        bool known = false;
        for (auto c : kChannels) known |= (c == p.channel);
        if (!known)
          return Reject(RejectCode::kBadValue, path,
                        StrCat("expected one of national_portal, provincial_portal, email, "
                                     "hotline, sms, mobile_app, in_person, postal; got '",
                                     p.channel.substr(0, 40), "'"));
        seen_channel = true;
      }
    } else if (key == "kind") {
      ok = r.String(v, path, p.kind);
      if (ok && !p.kind.empty() && p.kind != "phan_anh" && p.kind != "kien_nghi")
        return Reject(RejectCode::kBadValue, path,
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
          return Reject(RejectCode::kBadValue, path,
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

  if (!seen_id) return Reject(RejectCode::kMissingField, "$.id", "required, expected a string");
  if (!seen_channel)
    return Reject(RejectCode::kMissingField, "$.channel", "required, expected a channel name");
  if (!seen_submitted)
    return Reject(RejectCode::kMissingField, "$.submitted_at",
                  "required, expected an RFC 3339 date-time with offset");
  if (!seen_title)
    return Reject(RejectCode::kMissingField, "$.title", "required, expected a non-empty string");
  if (!seen_content)
    return Reject(RejectCode::kMissingField, "$.content",
                  "required, expected a non-empty string");
  return p;
}

}  // namespace pakn
