// The pakn configuration file (TOML; reference in docs/configuration.md, default in
// config/pakn.toml). Loaded and validated once at start-up: any error names the file, the line
// and the key, and the caller stops. Relative paths are relative to the config file's folder.
//
// Secrets (SASL passwords, SSL key passwords) are never written in the file in clear if the
// operator does not want to: a librdkafka property may be `{ env = "VAR" }` or
// `{ file = "/run/secrets/x" }`. Secret values are never logged (see Describe()).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace pakn {

struct KafkaConfig {
  // bootstrap.servers; "" = no Kafka: ingest refuses to start and the operator commands
  // apply their events to the store directly.
  std::string brokers = "127.0.0.1:9092";
  std::string group = "pakn-ingest";        // group.id
  std::vector<std::string> topics = {"pakn.petitions"};
  std::string dlq_topic = "pakn.dlq";       // dead-letter topic; "" disables publishing
  // Tracking events (track/event.h): consumed by ingest in the same batches as petitions and
  // produced by the operator commands. "" = ingest reads no events.
  std::string events_topic = "pakn.events";
  // Passed to librdkafka as-is, after pakn's own settings (so they can override them).
  std::vector<std::pair<std::string, std::string>> properties;
  // Names of properties whose value is a secret (given by env/file or named like one).
  std::vector<std::string> secret_keys;
};

struct StoreConfig {
  std::string path = "data";  // RocksDB folder
  // fsync the WAL on every batch. Off by default: a crash of the process loses nothing (the WAL
  // is in the page cache); a power cut may lose the last batches, which Kafka then redelivers
  // because their offsets were lost with them (docs/design.md decision 1).
  bool sync = false;
  int64_t memtable_mb = 128;    // memtables across all column families (most of ingest's RSS)
  int64_t block_cache_mb = 32;  // read cache shared by all column families
  // Free space kept on the store's disk: writers stop with a clear error below it, before
  // RocksDB meets a full disk (store::StoreOptions::min_free_bytes). 0: no check.
  int64_t min_free_mb = 256;
  // The keys that seal personal data in the store ("id hex64" lines, mode 0600; the first seals
  // new values). PAKN_STORE_KEY, when set, is used instead. "": values are written in clear
  // (ingest warns), and a store already sealed does not open (store/seal.h).
  std::string key_file;
  // Personal data of petitions closed this many years ago is erased (texts, payloads, the
  // free text of their history); statistics and the history's shape stay. 0: kept for ever.
  int64_t keep_personal_data_years = 0;
};

struct IngestConfig {
  int workers = 0;                           // parse/normalize/route threads; 0 = one per core
  size_t batch_max_messages = 2000;          // one WriteBatch holds at most this many messages
  size_t batch_max_bytes = 16 << 20;         // ... or this many payload bytes
  int batch_max_wait_ms = 100;               // ... or what arrived within this time
  size_t max_message_bytes = 1 << 20;        // larger messages are rejected as `oversized`
  // `ingest --until-caught-up` fails (exit 1) when no broker has been reachable for this long;
  // without --until-caught-up, ingest keeps retrying (a service outlives a broker outage).
  int64_t give_up_after_ms = 60'000;
};

struct ClassifyConfig {
  std::string rules_path = "routing";  // the routing rule folder (docs/routing.md)
  int rules_line = 0;                  // its line in the config file; 0 = the default
  std::string tone_style = "old";            // "old" (hòa, thủy) or "new" (hoà, thuỷ)
};

struct DeadlineConfig {
  // Official days off (config/holidays.toml): working-day counting and moving a deadline that
  // ends on a day off to the next working day (Civil Code 2015 art. 148).
  std::string holidays_path = "holidays.toml";
  int holidays_line = 0;  // its line in the config file; 0 = the default
  std::string count = "calendar";  // "calendar" | "working": how a rule's deadline_days count
};

// One portal allowed to POST petitions to `pakn serve` (docs/http-api.md "API keys").
struct PortalKey {
  std::string portal;  // recorded as the petition's `source`
  std::string sha256;  // hex SHA-256 of the key; the key itself is never stored
  std::string channel = "provincial_portal";  // the petitions' `channel`
  double rate_per_s = 50;                     // sustained POSTs per second for this key
  double burst = 100;                         // ... and how many may come at once
  int line = 0;                               // where it is set, for messages
};

// One person who may sign in to `pakn serve`'s web view (docs/web.md "Accounts").
struct Account {
  std::string user;      // the sign-in name, also the actor of their actions: [a-z0-9._-]{1,64}
  std::string name;      // shown in the page and the history
  std::string role;      // operator | lead | leader | admin
  std::string agency;    // the agency whose petitions they see and act on (operator, lead)
  std::string area;      // optional: only petitions of this province code (per-province agency)
  std::string password;  // Argon2id hash ($argon2id$...), from `pakn account add`; "" = sign-in
                         // only through http.trusted_user_header
  int line = 0;
};

// `pakn serve` (docs/http-api.md) and the HTTP server of `pakn ingest`'s metrics.
struct HttpConfig {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT
  std::string tls_cert;  // PEM certificate (chain); with tls_key, the server speaks HTTPS only
  std::string tls_key;   // PEM private key ("" = in tls_cert's file)
  int threads = 64;      // worker threads: connections served at once (keep-alive holds one)
  int queue = 256;       // accepted connections waiting for a worker
  int64_t max_body_bytes = 1 << 20;     // a larger body is refused with 413 unread
  int64_t request_timeout_ms = 10'000;  // the whole request (headers and body) must arrive in it
  int64_t keep_alive_timeout_ms = 5'000;
  int max_in_flight = 2000;             // POSTs waiting for the broker; more get 503
  int64_t produce_timeout_ms = 10'000;  // a POST's wait for the broker's acknowledgement
  int64_t refresh_ms = 500;             // how often status reads catch up with ingest's writes
  int64_t max_ready_lag = 10'000;       // /readyz: messages ingest may be behind and be ready
  std::vector<PortalKey> portals;       // [[http.portal]] and http.portals_file's [[portal]]
  // The web view (docs/web.md): accounts from http.accounts_file's [[account]] tables.
  std::string accounts_file;
  std::vector<Account> accounts;
  int64_t session_idle_minutes = 30;  // a session unused this long ends
  int64_t session_max_hours = 12;     // and any session ends this long after sign-in
  // Single sign-on: a reverse proxy that authenticated the user names them in this header
  // ("" = off); believed only from these peer addresses.
  std::string trusted_user_header;
  std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};
  int listen_line = 0;
};

// `pakn ingest`'s metrics server: GET /metrics, /healthz, /readyz.
struct MetricsConfig {
  std::string listen;  // HOST:PORT; "" = none
  int64_t max_ready_lag = 10'000;  // /readyz: messages ingest may be behind and be ready
};

struct PaknConfig {
  std::string path;  // the file it came from
  KafkaConfig kafka;
  StoreConfig store;
  IngestConfig ingest;
  ClassifyConfig classify;
  DeadlineConfig deadlines;
  HttpConfig http;
  MetricsConfig metrics;
  std::string log_level = "info";
  std::string log_format = "text";  // "text" | "json" (one object a line); times in UTC
};

StatusOr<PaknConfig> LoadConfig(const std::string& path);
// The [[account]] tables of an accounts file (http.accounts_file), checked as the config
// checks them; errors read "PATH:LINE: account.KEY: ...".
StatusOr<std::vector<Account>> ParseAccounts(std::string_view text, const std::string& path);
// An account's user name: 1 to 64 of a-z, 0-9, '.', '_', '-'.
bool IsAccountUser(std::string_view user);
StatusOr<PaknConfig> ParseConfig(std::string_view text, const std::string& path);

// The message for a file a setting names that cannot be used, with the setting and its line:
// "pakn.toml:32: classify.rules: <problem>" ("pakn.toml: classify.rules (default): ..." when
// the file does not set it).
std::string RulesProblem(const PaknConfig& config, std::string_view problem);
std::string HolidaysProblem(const PaknConfig& config, std::string_view problem);

// One line per setting for the start-up log; secret values replaced by "***".
std::string Describe(const PaknConfig& config);

// True for librdkafka property names that hold secrets (sasl.password, ssl.key.password, ...).
bool IsSecretProperty(std::string_view name);

}  // namespace pakn
