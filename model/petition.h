// The petition as pakn understands it after parsing (docs/input-format.md), and the rejection a
// message gets when it cannot be one. Plain values: no Kafka or RocksDB types (docs/design.md 8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pakn {

inline constexpr int kPetitionSchemaVersion = 1;

struct Reporter {
  std::string type;  // "citizen" | "organization" | ... (free text, optional)
  std::string name;
  std::string phone;
  std::string email;
  std::string national_id;
  std::string organization;
  std::string address;
};

struct Location {
  std::string province;
  std::string ward;
  std::string address;
  std::optional<double> lat;
  std::optional<double> lon;
};

struct Attachment {
  std::string name;
  std::string media_type;
  std::optional<int64_t> size;
  std::string sha256;
  std::string url;
};

struct Petition {
  int schema_version = kPetitionSchemaVersion;
  std::string id;  // the portal's code; the store's key
  std::string source;
  std::string channel;  // one of kChannels
  std::string kind;     // "phan_anh" | "kien_nghi" | "" (unknown)
  std::string submitted_at;  // as sent
  int64_t submitted_at_ms = 0;
  std::string title;
  std::string content;
  Reporter reporter;
  Location location;
  std::vector<Attachment> attachments;
  std::string topic_hint;
};

inline constexpr std::string_view kChannels[] = {
    "national_portal", "provincial_portal", "email",     "hotline",
    "sms",             "mobile_app",        "in_person", "postal"};

enum class RejectCode {
  kInvalidJson,
  kInvalidUtf8,
  kMissingField,
  kWrongType,
  kBadValue,
  kOversized,
  kUnknownSchemaVersion,
};

// "invalid_json", "invalid_utf8", ... (the codes of docs/input-format.md).
std::string_view RejectCodeName(RejectCode code);

// Why a message is not a petition. `field` is a JSON path ("$.location.lat"), or "$" for the
// whole message; `reason` is the full sentence shown to operators and put in DLQ headers.
struct Rejection {
  RejectCode code;
  std::string field;
  std::string reason;
};

}  // namespace pakn
