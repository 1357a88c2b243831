// What `pakn serve` and `pakn ingest`'s metrics server share to say whether they are ready, and
// the TLS set-up of the HTTP server.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "config/config.h"

namespace pakn::serve {

using Offsets = std::map<std::string, std::map<int32_t, int64_t>>;

// Messages in Kafka not applied yet: the sum over the partitions of `ends` of end − stored
// (a partition the store has no offset for counts whole).
int64_t TotalLag(const Offsets& ends, const Offsets& stored);

// The /readyz body when something is wrong: {"status":"not_ready","problems":{name:why}};
// "" when `problems` is empty.
std::string ProblemsJson(const std::vector<std::pair<std::string, std::string>>& problems);

// The PEM file civetweb reads (key and certificate in one): http.tls_cert itself when it holds
// the key too (http.tls_key empty), else both copied into a file only this user can read.
StatusOr<std::string> TlsPem(const HttpConfig& http);

}  // namespace pakn::serve
