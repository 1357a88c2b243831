// One defect per malformed line; see petition_defects.h.
//
// Each variant breaks exactly one rule, and nothing that a parser checks earlier: invalid JSON
// is cut or spliced only at ASCII bytes (so it is still valid UTF-8), invalid UTF-8 sits inside
// a string of otherwise valid JSON, and so on down the validation order (size, UTF-8, syntax,
// schema_version, required members, types, values). Variants that need an optional member
// fall back to one on a required member when the petition does not have it.
#include "tools/gen/petition_defects.h"

#include <string>
#include <string_view>
#include <utility>

namespace pakn::gen::gen_internal {
namespace {

using SV = std::string_view;

// Members that are required and never first, so a comma always precedes them and their
// quoted name cannot occur elsewhere (quotes inside strings are escaped).
constexpr SV kSpliceKeys[] = {"title", "content", "submitted_at"};

size_t FindKey(const std::string& json, SV key) {
  return json.find("\"" + std::string(key) + "\":");
}

Json* FindPath(Json& doc, SV object, SV member) {
  Json* parent = doc.Find(object);
  return parent && parent->kind() == Json::Kind::kObject ? parent->Find(member) : nullptr;
}

Json* FirstAttachment(Json& doc) {
  Json* list = doc.Find("attachments");
  if (!list || list->kind() != Json::Kind::kArray || list->items().empty()) return nullptr;
  return &list->items()[0];
}

Defect InvalidJson(Draft& draft, Rng& rng, const JsonStyle& style) {
  Defect d{"", "$"};
  const uint64_t variant = rng.Below(9);
  Json* channel = draft.doc.Find("channel");
  Json* lat = FindPath(draft.doc, "location", "lat");
  if (variant == 0) {
    *channel = Json::Raw("'" + channel->text() + "'");  // single-quoted string
  } else if (variant == 1) {
    *channel = Json::Raw(channel->text());  // bare word
  } else if (variant == 2 && lat) {
    *lat = Json::Raw("NaN");
  }
  WriteJson(draft.doc, style, &d.json);
  std::string& s = d.json;
  const SV key = rng.Pick(kSpliceKeys);
  const size_t at = FindKey(s, key);
  switch (variant) {
    case 3: {  // truncated mid-object, at a character boundary
      size_t cut = s.size() / 3 + rng.Below(s.size() / 2);
      while (cut > 1 && static_cast<unsigned char>(s[cut]) >= 0x80) --cut;
      s.resize(cut);
      break;
    }
    case 4:  // stray character before a member name
      s.insert(at, 1, "#@;%"[rng.Below(4)]);
      break;
    case 5:  // missing comma between members
      s.erase(s.rfind(',', at), 1);
      break;
    case 6:  // trailing comma
      s.insert(s.size() - 1, ",");
      break;
    case 7:  // unquoted member name
      s.erase(at + key.size() + 1, 1);
      s.erase(at, 1);
      break;
    case 8:  // garbage after the object
      s.append(rng.Chance(50) ? "}" : " x");
      break;
    default:
      if (variant == 2 && !lat) s.append("}");
      break;
  }
  return d;
}

std::string InvalidUtf8(Draft& draft, Rng& rng) {
  // Each sequence is invalid in a different way: bad continuation, bytes that never occur,
  // truncated sequence, overlong form, UTF-16 surrogate, lone continuation, above U+10FFFF.
  static constexpr SV kBadBytes[] = {"\xC3\x28", "\xFF",         "\xE1\xBA",         "\xC0\xAF",
                                     "\xED\xA0\x80", "\x80", "\xF4\x90\x80\x80", "\xFE"};
  Json* content = draft.doc.Find("content");
  std::string text = content->text();
  size_t pos = text.find(' ', rng.Below(text.size()));
  if (pos == std::string::npos) pos = text.size();
  text.insert(pos, rng.Pick(kBadBytes));
  *content = Json::String(text);
  return "$";  // the payload is checked as a whole before it is parsed, so no member path
}

std::string WrongType(Draft& draft, Rng& rng) {
  Json& doc = draft.doc;
  switch (rng.Below(10)) {
    case 2:
      doc.Set("schema_version", Json::String("1"));
      return "$.schema_version";
    case 3: {
      Json list = Json::Array();
      list.Push(*doc.Find("title"));
      doc.Set("title", std::move(list));
      return "$.title";
    }
    case 4: {
      Json wrapper = Json::Object();
      wrapper.Set("text", *doc.Find("content"));
      doc.Set("content", std::move(wrapper));
      return "$.content";
    }
    case 5:
      doc.Set("channel", Json::Number(rng.Range(1, 8)));
      return "$.channel";
    case 6:
      if (Json* reporter = doc.Find("reporter")) {
        *reporter = Json::String(reporter->Find("name")->text());
        return "$.reporter";
      }
      break;
    case 7:
      if (Json* lat = FindPath(doc, "location", "lat")) {
        *lat = Json::String(lat->text());
        return "$.location.lat";
      }
      break;
    case 8:
      if (Json* attachments = doc.Find("attachments")) {
        *attachments = Json::Object();
        return "$.attachments";
      }
      break;
    case 9:
      if (Json* kind = doc.Find("kind")) {
        *kind = Json::Raw("true");
        return "$.kind";
      }
      break;
    default:
      break;
  }
  if (rng.Chance(50)) {
    // The serial number a careless client might send instead of the code.
    doc.Set("id", Json::Number(std::stoll(draft.id.substr(draft.id.rfind('-') + 1))));
    return "$.id";
  }
  doc.Set("submitted_at", Json::Number(draft.unix_seconds));
  return "$.submitted_at";
}

std::string BadValue(Draft& draft, Rng& rng) {
  Json& doc = draft.doc;
  switch (rng.Below(12)) {
    case 1: {
      // Day-first local format, as typed into a form.
      const std::string& t = draft.local_time;
      doc.Set("submitted_at", Json::String(t.substr(8, 2) + "/" + t.substr(5, 2) + "/" +
                                           t.substr(0, 4) + " " + t.substr(11, 5)));
      return "$.submitted_at";
    }
    case 2:
      doc.Set("submitted_at", Json::String(draft.local_time));  // no offset
      return "$.submitted_at";
    case 3:
      if (Json* lat = FindPath(doc, "location", "lat")) {
        *lat = Json::Raw(rng.Chance(50) ? "123.4" : "-91.5");
        return "$.location.lat";
      }
      break;
    case 4:
      if (Json* lon = FindPath(doc, "location", "lon")) {
        *lon = Json::Raw(rng.Chance(50) ? "200.5" : "-180.25");
        return "$.location.lon";
      }
      break;
    case 5: {
      std::string spaced = draft.id;
      for (char& c : spaced) c = c == '-' ? ' ' : c;
      doc.Set("id", Json::String(spaced));
      return "$.id";
    }
    case 6:
      doc.Set("id", Json::String(draft.id + "-" + std::string(130, 'X')));  // over 128 chars
      return "$.id";
    case 7:
      doc.Set("kind", Json::String("khieu_nai"));
      return "$.kind";
    case 9:
      if (Json* first = FirstAttachment(doc)) {
        first->Set("sha256", Json::String("not-a-sha256"));
        return "$.attachments[0].sha256";
      }
      break;
    case 10:
      if (Json* first = FirstAttachment(doc)) {
        first->Set("size", Json::Number(-rng.Range(1, 4096)));
        return "$.attachments[0].size";
      }
      break;
    case 11:
      doc.Set("id", Json::String(""));
      return "$.id";
    default:
      break;
  }
  static constexpr SV kNoSuchChannels[] = {"fax", "zalo", "facebook", "Cổng DVC"};
  doc.Set("channel", Json::String(rng.Pick(kNoSuchChannels)));
  return "$.channel";
}

}  // namespace

Defect WriteWithDefect(BadKind kind, Draft& draft, Rng& rng, const JsonStyle& style) {
  if (kind == BadKind::kInvalidJson) return InvalidJson(draft, rng, style);
  Defect d;
  switch (kind) {
    case BadKind::kInvalidUtf8:
      d.field = InvalidUtf8(draft, rng);
      break;
    case BadKind::kMissingId:
      draft.doc.Remove("id");
      d.field = "$.id";
      break;
    case BadKind::kWrongType:
      d.field = WrongType(draft, rng);
      break;
    case BadKind::kBadValue:
      d.field = BadValue(draft, rng);
      break;
    case BadKind::kOversized:
      d.field = "$";
      break;
    case BadKind::kUnknownSchemaVersion: {
      static constexpr int64_t kVersions[] = {99, 99, 99, 2, 100};
      draft.doc.Set("schema_version", Json::Number(rng.Pick(kVersions)));
      d.field = "$.schema_version";
      break;
    }
    case BadKind::kInvalidJson:
      break;
  }
  WriteJson(draft.doc, style, &d.json);
  return d;
}

}  // namespace pakn::gen::gen_internal
