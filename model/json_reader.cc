#include "model/json_reader.h"

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

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id)
    if (c <= 0x20 || c >= 0x7F) return false;
  return true;
}

Rejection MakeRejection(RejectCode code, std::string field, std::string_view what) {
  std::string reason = StrCat(RejectCodeName(code), ": ", field, ": ", what);
  return Rejection{code, std::move(field), std::move(reason)};
}

std::string_view JsonTypeName(od::json_type t) {
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

std::optional<Rejection> CheckUtf8(std::string field, std::string_view text) {
  if (simdjson::validate_utf8(text.data(), text.size())) return std::nullopt;
  return MakeRejection(RejectCode::kInvalidUtf8, std::move(field),
                       StrCat("expected UTF-8 text, invalid byte sequence at byte ",
                              FirstInvalidUtf8(text)));
}

std::optional<Rejection> CheckJsonText(std::string_view payload) {
  if (payload.substr(0, 3) == "\xEF\xBB\xBF")
    return MakeRejection(RejectCode::kInvalidJson, "$",
                         "starts with a byte order mark (U+FEFF): send the JSON without it");
  if (const size_t nul = payload.find('\0'); nul != std::string_view::npos)
    return MakeRejection(RejectCode::kInvalidJson, "$",
                         StrCat("NUL byte at byte ", nul,
                                " (not allowed in JSON text; inside a string write \\u0000)"));
  if (payload.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return MakeRejection(RejectCode::kInvalidJson, "$",
                         payload.empty() ? "empty message: no JSON value"
                                         : "only whitespace: no JSON value");
  return std::nullopt;
}

Rejection MalformedJson(std::string field, simdjson::error_code e) {
  return MakeRejection(RejectCode::kInvalidJson, std::move(field),
                       StrCat("malformed JSON (", simdjson::error_message(e), ")"));
}

// The value's type, or false (invalid JSON) when even that cannot be read.
bool JsonReader::TypeOf(od::value& v, const std::string& path, od::json_type& type) {
  auto t = v.type();
  if (t.error()) return JsonError(path, t.error());
  type = t.value_unsafe();
  return true;
}

bool JsonReader::WrongType(const std::string& path, std::string_view expected, od::json_type got) {
  return Fail(RejectCode::kWrongType, path,
              StrCat("expected ", expected, ", got ", JsonTypeName(got)));
}

// Optional string; null counts as absent.
bool JsonReader::String(od::value& v, const std::string& path, std::string& out) {
  od::json_type t = od::json_type::null;
  if (!TypeOf(v, path, t)) return false;
  if (t == od::json_type::null) return true;
  if (t != od::json_type::string) return WrongType(path, "a string", t);
  std::string_view s;
  if (auto e = v.get_string().get(s)) return JsonError(path, e);
  out.assign(s);
  return true;
}

bool JsonReader::Number(od::value& v, const std::string& path, std::optional<double>& out) {
  od::json_type t = od::json_type::null;
  if (!TypeOf(v, path, t)) return false;
  if (t == od::json_type::null) return true;
  if (t != od::json_type::number) return WrongType(path, "a number", t);
  double d;
  if (auto e = v.get_double().get(d)) return JsonError(path, e);
  out = d;
  return true;
}

bool JsonReader::Integer(od::value& v, const std::string& path, std::optional<int64_t>& out) {
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
bool JsonReader::Validate(od::value v, const std::string& path, int depth) {
  if (depth > kMaxJsonDepth)
    return Fail(RejectCode::kBadValue, path, StrCat("nested deeper than ", kMaxJsonDepth));
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

bool JsonReader::Object(od::value& v, const std::string& path, od::object& out) {
  od::json_type t = od::json_type::null;
  if (!TypeOf(v, path, t)) return false;
  if (t != od::json_type::object) return WrongType(path, "an object", t);
  if (auto e = v.get_object().get(out)) return JsonError(path, e);
  return true;
}

}  // namespace pakn
