// JSON tree and writer for the petition generator; see petition_json.h.
#include "tools/gen/petition_json.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

namespace pakn::gen::gen_internal {

Json::Json(Kind kind) : kind_(kind) {}

Json Json::String(std::string_view text) {
  Json j(Kind::kString);
  j.text_.assign(text);
  return j;
}

Json Json::Number(int64_t value) { return Raw(std::to_string(value)); }

Json Json::Raw(std::string text) {
  Json j(Kind::kRaw);
  j.text_ = std::move(text);
  return j;
}

Json Json::Object() { return Json(Kind::kObject); }
Json Json::Array() { return Json(Kind::kArray); }

void Json::Set(std::string_view key, Json value) {
  if (Json* existing = Find(key)) {
    *existing = std::move(value);
    return;
  }
  members_.push_back(Member{std::string(key), std::move(value)});
}

Json* Json::Find(std::string_view key) {
  for (Member& m : members_) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

bool Json::Remove(std::string_view key) {
  const auto it =
      std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.key == key; });
  if (it == members_.end()) return false;
  members_.erase(it);
  return true;
}

void Json::MoveToBack(std::string_view key) {
  const auto it =
      std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.key == key; });
  if (it != members_.end()) std::rotate(it, it + 1, members_.end());
}

void Json::Push(Json value) { items_.push_back(std::move(value)); }

namespace {

// Length of the valid UTF-8 sequence at s[i] and its code point, or 0 if there is none
// (overlong forms, surrogates and values above U+10FFFF are invalid, as in RFC 3629).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  size_t len;
  uint32_t min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (byte(i + k) & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

void AppendU16(uint32_t unit, std::string* out) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(unit));
  out->append(buf);
}

}  // namespace

void WriteJsonString(std::string_view text, bool ascii_only, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out->append("\\\""); ++i; continue;
      case '\\': out->append("\\\\"); ++i; continue;
      case '\n': out->append("\\n"); ++i; continue;
      case '\r': out->append("\\r"); ++i; continue;
      case '\t': out->append("\\t"); ++i; continue;
      case '\b': out->append("\\b"); ++i; continue;
      case '\f': out->append("\\f"); ++i; continue;
      default: break;
    }
    if (c < 0x20) {
      AppendU16(c, out);
      ++i;
    } else if (c < 0x80 || !ascii_only) {
      out->push_back(static_cast<char>(c));
      ++i;
    } else {
      uint32_t cp = 0;
      const size_t len = DecodeUtf8(text, i, &cp);
      if (len == 0) {  // deliberately invalid input stays invalid
        out->push_back(static_cast<char>(c));
        ++i;
        continue;
      }
      if (cp >= 0x10000) {
        AppendU16(0xD800 + ((cp - 0x10000) >> 10), out);
        AppendU16(0xDC00 + ((cp - 0x10000) & 0x3FF), out);
      } else {
        AppendU16(cp, out);
      }
      i += len;
    }
  }
  out->push_back('"');
}

void WriteJson(const Json& value, const JsonStyle& style, std::string* out) {
  const char* comma = style.spaced ? ", " : ",";
  const char* colon = style.spaced ? ": " : ":";
  switch (value.kind()) {
    case Json::Kind::kString:
      WriteJsonString(value.text(), style.ascii_only, out);
      break;
    case Json::Kind::kRaw:
      out->append(value.text());
      break;
    case Json::Kind::kObject: {
      out->push_back('{');
      bool first = true;
      for (const Json::Member& m : value.members()) {
        if (!first) out->append(comma);
        first = false;
        WriteJsonString(m.key, style.ascii_only, out);
        out->append(colon);
        WriteJson(m.value, style, out);
      }
      out->push_back('}');
      break;
    }
    case Json::Kind::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Json& item : value.items()) {
        if (!first) out->append(comma);
        first = false;
        WriteJson(item, style, out);
      }
      out->push_back(']');
      break;
    }
  }
}

}  // namespace pakn::gen::gen_internal
