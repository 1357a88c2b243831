// Open311 GeoReport v2 on pakn's terms (docs/http-api.md): the request fields of a POST read
// from JSON or a form and mapped to a petition message (docs/input-format.md), the services
// list made from the routing taxonomy, and the public status of a petition as a GeoReport
// service request. Pure functions: no network, no store (tested in open311_test.cc).
//
//   PAKN_ASSIGN_OR_RETURN(Fields f, ReadFields(content_type, body));
//   PAKN_ASSIGN_OR_RETURN(BuiltPetition p, ChooseId(f, portal, idempotency_key));
//   PAKN_RETURN_IF_ERROR(BuildPetition(f, portal, services, submitted_at, p));
//
// Errors are INVALID_ARGUMENT whose message starts with the request field's name
// ("lat: expected a number, got 'abc'"): the 400's description.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "classify/rules.h"
#include "config/config.h"
#include "service/public_status.h"

namespace pakn::serve {

// The request's fields by name: top-level JSON members (strings and numbers) or form fields;
// a JSON `attribute` object or form `attribute[name]` fields become "attribute[name]".
using Fields = std::map<std::string, std::string, std::less<>>;

// `content_type` application/json or application/x-www-form-urlencoded (charset UTF-8 only).
// Every value must be valid UTF-8; a field may appear once.
StatusOr<Fields> ReadFields(std::string_view content_type, std::string_view body);

// How the petition's id was chosen.
enum class IdFrom { kPortal, kIdempotencyKey, kGenerated };
std::string_view IdFromName(IdFrom from);  // "portal", "idempotency_key", "generated"

struct BuiltPetition {
  std::string id;
  IdFrom id_from = IdFrom::kGenerated;
  std::string submitted_at;  // as put in the payload
  std::string payload;       // the petition message (JSON)
};

// The id a request will get: the portal's `id` field, else one derived from the portal and the
// Idempotency-Key header ("IK-" and 32 hex digits of SHA-256), else a random "G-" one.
StatusOr<BuiltPetition> ChooseId(const Fields& fields, const PortalKey& portal,
                                 std::string_view idempotency_key);

// Fills `built` (id chosen) with the petition message. `submitted_at`: the time to put when the
// request has none (RFC 3339; the first attempt's time when this is a retry, else now).
// `services`: the known service codes (taxonomy topics); `service_code` must be one.
Status BuildPetition(const Fields& fields, const PortalKey& portal,
                     const std::map<std::string, std::string, std::less<>>& services,
                     std::string_view submitted_at, BuiltPetition& built);

// The request field a petition member came from ("$.content" → "description"), for 400s.
std::string RequestFieldOf(std::string_view petition_path);

// GET services.json and services/{code}.json.
std::string ServicesJson(const classify::Taxonomy& taxonomy);
std::optional<std::string> ServiceDefinitionJson(const classify::Taxonomy& taxonomy,
                                                 std::string_view code);

// GET requests/{id}.json and requests.json?service_request_id=...: a JSON array.
std::string PublicStatusJson(const std::vector<service::PublicStatus>& statuses,
                             const classify::Taxonomy& taxonomy);

// A random key for a portal (32 bytes, base64url) and the SHA-256 hex the config holds.
std::string NewApiKey();
std::string Sha256Hex(std::string_view data);

}  // namespace pakn::serve
