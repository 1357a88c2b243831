#include "config/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/strings.h"
#include "base/status_macros.h"
#include "config/toml_file.h"

namespace pakn {
namespace {

std::string Resolve(const std::string& config_path, const std::string& p) {
  if (p.empty() || std::filesystem::path(p).is_absolute()) return p;
  return (std::filesystem::path(config_path).parent_path() / p).lexically_normal().string();
}

Status LoadKafka(const TomlFile& f, const toml::table& t, KafkaConfig& k) {
  constexpr std::string_view p = "kafka";
  PAKN_RETURN_IF_ERROR(f.CheckKeys(t, p, {"brokers", "group", "topics", "dlq_topic",
                                          "events_topic", "properties"}));
  // Empty brokers: no Kafka (operator commands then write to the store directly).
  PAKN_ASSIGN_OR_RETURN(k.brokers, f.GetString(t, p, "brokers", k.brokers));
  PAKN_ASSIGN_OR_RETURN(k.group, f.GetString(t, p, "group", k.group));
  if (k.group.empty()) return f.Error(t.get("group"), "kafka.group", "must not be empty");
  if (t.get("topics")) {
    PAKN_ASSIGN_OR_RETURN(k.topics, f.GetStrings(t, p, "topics"));
    if (k.topics.empty())
      return f.Error(t.get("topics"), "kafka.topics", "expected at least one topic");
  }
  PAKN_ASSIGN_OR_RETURN(k.dlq_topic, f.GetString(t, p, "dlq_topic", k.dlq_topic));
  PAKN_ASSIGN_OR_RETURN(k.events_topic, f.GetString(t, p, "events_topic", k.events_topic));
  for (const std::string& topic : k.topics)
    if (!k.events_topic.empty() && topic == k.events_topic)
      return f.Error(t.get("events_topic"), "kafka.events_topic",
                     StrCat("'", topic, "' is also in kafka.topics; petitions and tracking "
                            "events need topics of their own"));
  PAKN_ASSIGN_OR_RETURN(const toml::table* props, f.GetTable(t, p, "properties"));
  if (!props) return OkStatus();
  for (const auto& [key_node, node] : *props) {
    const std::string key(key_node.str());
    const std::string dotted = StrCat("kafka.properties.", key);
    if (key == "bootstrap.servers" || key == "group.id" || key == "enable.auto.commit" ||
        key == "enable.auto.offset.store")
      return f.Error(&node, dotted,
                     "is set by pakn (use kafka.brokers / kafka.group; offsets live in the store)");
    if (auto s = node.value<std::string>()) {
      k.properties.emplace_back(key, *s);
      if (IsSecretProperty(key)) k.secret_keys.push_back(key);
      continue;
    }
    if (auto i = node.value<int64_t>()) {
      k.properties.emplace_back(key, std::to_string(*i));
      continue;
    }
    if (auto b = node.value<bool>()) {
      k.properties.emplace_back(key, *b ? "true" : "false");
      continue;
    }
    const toml::table* secret = node.as_table();
    if (!secret)
      return f.Error(&node, dotted,
                     "expected a string, number, boolean, { env = \"VAR\" } or { file = \"PATH\" }");
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*secret, dotted, {"env", "file"}));
    PAKN_ASSIGN_OR_RETURN(std::string env, f.GetString(*secret, dotted, "env", ""));
    PAKN_ASSIGN_OR_RETURN(std::string file, f.GetString(*secret, dotted, "file", ""));
    if (env.empty() == file.empty())
      return f.Error(&node, dotted, "expected exactly one of env or file");
    std::string value;
    if (!env.empty()) {
      const char* v = std::getenv(env.c_str());
      if (!v) return f.Error(&node, dotted, StrCat("environment variable ", env, " is not set"));
      value = v;
    } else {
      const std::string resolved = Resolve(f.path(), file);
      std::ifstream in(resolved, std::ios::binary);
      if (!in) return f.Error(&node, dotted, StrCat("cannot read secret file ", resolved));
      std::stringstream buf;
      buf << in.rdbuf();
      value = buf.str();
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    }
    k.properties.emplace_back(key, value);
    k.secret_keys.push_back(key);
  }
  return OkStatus();
}

}  // namespace

bool IsSecretProperty(std::string_view name) {
  return StrContains(name, "password") || StrContains(name, "secret") ||
         StrContains(name, "token") || name == "ssl.key.pem" ||
         name == "sasl.oauthbearer.config";
}

namespace {

// HOST:PORT with a port in 1..65535 (0 only for tests: any free port).
Status CheckListen(const TomlFile& f, const toml::node* node, std::string_view key,
                   const std::string& listen) {
  const size_t colon = listen.rfind(':');
  bool ok = colon != std::string::npos && colon > 0 && colon + 1 < listen.size() &&
            colon + 6 >= listen.size();
  for (size_t i = colon + 1; ok && i < listen.size(); ++i)
    ok = listen[i] >= '0' && listen[i] <= '9';
  if (ok && std::stol(listen.substr(colon + 1)) > 65535) ok = false;
  if (!ok)
    return f.Error(node, key, StrCat("'", listen, "': expected HOST:PORT, e.g. 127.0.0.1:8080"));
  return OkStatus();
}

// model/petition.h kChannels (config is below model).
constexpr std::string_view kChannelNames[] = {
    "national_portal", "provincial_portal", "email", "hotline", "sms",
    "mobile_app",      "in_person",         "postal"};

bool IsHexSha256(std::string_view s) {
  if (s.size() != 64) return false;
  for (char ch : s)
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  return true;
}

// [[portal]] tables (in [http] as `portal`, or in the portals file as `portal`).
Status LoadPortals(const TomlFile& f, const toml::node* node, std::string_view prefix,
                   std::vector<PortalKey>& out) {
  const toml::array* list = node->as_array();
  if (!list) return f.Error(node, prefix, "expected [[portal]] tables");
  for (const toml::node& item : *list) {
    const toml::table* t = item.as_table();
    if (!t) return f.Error(&item, prefix, "expected a table (portal, sha256, ...)");
    PAKN_RETURN_IF_ERROR(
        f.CheckKeys(*t, prefix, {"portal", "sha256", "channel", "rate_per_s", "burst"}));
    PortalKey k;
    k.line = static_cast<int>(t->source().begin.line);
    PAKN_ASSIGN_OR_RETURN(k.portal, f.GetString(*t, prefix, "portal", ""));
    if (k.portal.empty() || k.portal.size() > 200)
      return f.Error(
          t->get("portal") ? t->get("portal") : &item, TomlFile::Dotted(prefix, "portal"),
          "required: the portal's name, 1 to 200 bytes (it becomes the petitions' source)");
    PAKN_ASSIGN_OR_RETURN(k.sha256, f.GetString(*t, prefix, "sha256", ""));
    if (!IsHexSha256(k.sha256))
      return f.Error(t->get("sha256") ? t->get("sha256") : &item,
                     TomlFile::Dotted(prefix, "sha256"),
                     "required: the key's SHA-256 as 64 lower-case hex digits "
                     "(`pakn api-key new` prints it; never the key itself)");
    PAKN_ASSIGN_OR_RETURN(k.channel, f.GetString(*t, prefix, "channel", k.channel));
    bool known = false;
    for (std::string_view ch : kChannelNames) known |= ch == k.channel;
    if (!known)
      return f.Error(t->get("channel"), TomlFile::Dotted(prefix, "channel"),
                     "expected one of national_portal, provincial_portal, email, hotline, sms, "
                     "mobile_app, in_person, postal");
    PAKN_ASSIGN_OR_RETURN(int64_t rate, f.GetInt(*t, prefix, "rate_per_s", 50, 1, 1'000'000));
    PAKN_ASSIGN_OR_RETURN(int64_t burst, f.GetInt(*t, prefix, "burst", 2 * rate, 1, 10'000'000));
    k.rate_per_s = static_cast<double>(rate);
    k.burst = static_cast<double>(burst);
    for (const PortalKey& other : out)
      if (other.sha256 == k.sha256)
        return f.Error(t->get("sha256"), TomlFile::Dotted(prefix, "sha256"),
                       StrCat("the same key as the portal '", other.portal, "'"));
    out.push_back(std::move(k));
  }
  return OkStatus();
}

}  // namespace

bool IsAccountUser(std::string_view u) {
  if (u.empty() || u.size() > 64) return false;
  for (char c : u)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return false;
  return true;
}

namespace {

Status LoadAccounts(const TomlFile& f, const toml::node* node, std::vector<Account>& out) {
  constexpr std::string_view prefix = "account";
  const toml::array* list = node->as_array();
  if (!list) return f.Error(node, prefix, "expected [[account]] tables");
  for (const toml::node& item : *list) {
    const toml::table* t = item.as_table();
    if (!t) return f.Error(&item, prefix, "expected a table (user, name, role, ...)");
    PAKN_RETURN_IF_ERROR(
        f.CheckKeys(*t, prefix, {"user", "name", "role", "agency", "area", "password"}));
    Account a;
    a.line = static_cast<int>(t->source().begin.line);
    auto at = [&](const char* key) { return t->get(key) ? t->get(key) : &item; };
    PAKN_ASSIGN_OR_RETURN(a.user, f.GetString(*t, prefix, "user", ""));
    if (!IsAccountUser(a.user))
      return f.Error(at("user"), "account.user",
                     "required: 1 to 64 lower-case letters, digits, '.', '_' or '-'");
    for (const Account& other : out)
      if (other.user == a.user)
        return f.Error(at("user"), "account.user",
                       StrCat("'", a.user, "' is already an account (line ", other.line, ")"));
    PAKN_ASSIGN_OR_RETURN(a.name, f.GetString(*t, prefix, "name", a.user));
    PAKN_ASSIGN_OR_RETURN(a.role, f.GetString(*t, prefix, "role", ""));
    if (a.role != "operator" && a.role != "lead" && a.role != "leader" && a.role != "admin")
      return f.Error(at("role"), "account.role",
                     "required: operator, lead (an agency's head), leader (reads lists and the "
                     "digest of every agency) or admin");
    PAKN_ASSIGN_OR_RETURN(a.agency, f.GetString(*t, prefix, "agency", ""));
    if (a.agency.empty() && (a.role == "operator" || a.role == "lead"))
      return f.Error(at("agency"), "account.agency",
                     StrCat("required for the role ", a.role,
                            ": the agency code whose "
                            "petitions they handle (the routing taxonomy's [[agency]])"));
    PAKN_ASSIGN_OR_RETURN(a.area, f.GetString(*t, prefix, "area", ""));
    PAKN_ASSIGN_OR_RETURN(a.password, f.GetString(*t, prefix, "password", ""));
    if (!a.password.empty() && a.password.rfind("$argon2id$", 0) != 0)
      return f.Error(at("password"), "account.password",
                     "expected an Argon2id hash ($argon2id$...) from `pakn account add` or "
                     "`pakn account hash`, never a password");
    out.push_back(std::move(a));
  }
  return OkStatus();
}

}  // namespace

StatusOr<std::vector<Account>> ParseAccounts(std::string_view text, const std::string& path) {
  PAKN_ASSIGN_OR_RETURN(TomlFile af, TomlFile::FromString(text, path));
  PAKN_RETURN_IF_ERROR(af.CheckKeys(af.root(), "", {"account"}));
  std::vector<Account> accounts;
  if (const toml::node* n = af.root().get("account"))
    PAKN_RETURN_IF_ERROR(LoadAccounts(af, n, accounts));
  return accounts;
}

namespace {

// The text of a file an [http] setting names (`key`, already resolved to `path`).
StatusOr<std::string> ReadSideFile(const TomlFile& f, const toml::table& t, const char* key,
                                   const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return f.Error(t.get(key), StrCat("http.", key), StrCat("cannot open '", path, "'"));
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Status LoadHttp(const TomlFile& f, const toml::table& t, HttpConfig& h) {
  constexpr std::string_view p = "http";
  PAKN_RETURN_IF_ERROR(f.CheckKeys(
      t, p,
      {"listen", "tls_cert", "tls_key", "threads", "queue", "max_body_bytes", "request_timeout_ms",
       "keep_alive_timeout_ms", "max_in_flight", "produce_timeout_ms", "refresh_ms",
       "max_ready_lag", "portal", "portals_file", "accounts_file", "session_idle_minutes",
       "session_max_hours", "trusted_user_header", "trusted_proxies"}));
  PAKN_ASSIGN_OR_RETURN(h.listen, f.GetString(t, p, "listen", h.listen));
  if (const toml::node* n = t.get("listen"))
    h.listen_line = static_cast<int>(n->source().begin.line);
  PAKN_RETURN_IF_ERROR(CheckListen(f, t.get("listen"), "http.listen", h.listen));
  PAKN_ASSIGN_OR_RETURN(h.tls_cert, f.GetString(t, p, "tls_cert", h.tls_cert));
  PAKN_ASSIGN_OR_RETURN(h.tls_key, f.GetString(t, p, "tls_key", h.tls_key));
  if (h.tls_cert.empty() && !h.tls_key.empty())
    return f.Error(t.get("tls_key"), "http.tls_key", "set without http.tls_cert");
  PAKN_ASSIGN_OR_RETURN(int64_t threads, f.GetInt(t, p, "threads", h.threads, 1, 4096));
  PAKN_ASSIGN_OR_RETURN(int64_t queue, f.GetInt(t, p, "queue", h.queue, 1, 65536));
  h.threads = static_cast<int>(threads);
  h.queue = static_cast<int>(queue);
  PAKN_ASSIGN_OR_RETURN(h.max_body_bytes,
                        f.GetInt(t, p, "max_body_bytes", h.max_body_bytes, 1024, 64 << 20));
  PAKN_ASSIGN_OR_RETURN(h.request_timeout_ms,
                        f.GetInt(t, p, "request_timeout_ms", h.request_timeout_ms, 100, 600'000));
  PAKN_ASSIGN_OR_RETURN(h.keep_alive_timeout_ms, f.GetInt(t, p, "keep_alive_timeout_ms",
                                                          h.keep_alive_timeout_ms, 0, 600'000));
  PAKN_ASSIGN_OR_RETURN(int64_t in_flight,
                        f.GetInt(t, p, "max_in_flight", h.max_in_flight, 1, 1'000'000));
  h.max_in_flight = static_cast<int>(in_flight);
  PAKN_ASSIGN_OR_RETURN(h.produce_timeout_ms,
                        f.GetInt(t, p, "produce_timeout_ms", h.produce_timeout_ms, 100, 600'000));
  PAKN_ASSIGN_OR_RETURN(h.refresh_ms, f.GetInt(t, p, "refresh_ms", h.refresh_ms, 10, 600'000));
  PAKN_ASSIGN_OR_RETURN(h.max_ready_lag,
                        f.GetInt(t, p, "max_ready_lag", h.max_ready_lag, 0, 1LL << 50));
  if (const toml::node* n = t.get("portal"))
    PAKN_RETURN_IF_ERROR(LoadPortals(f, n, "http.portal", h.portals));
  PAKN_ASSIGN_OR_RETURN(std::string file, f.GetString(t, p, "portals_file", ""));
  if (!file.empty()) {
    const std::string resolved = Resolve(f.path(), file);
    PAKN_ASSIGN_OR_RETURN(std::string text, ReadSideFile(f, t, "portals_file", resolved));
    PAKN_ASSIGN_OR_RETURN(TomlFile pf, TomlFile::FromString(text, resolved));
    PAKN_RETURN_IF_ERROR(pf.CheckKeys(pf.root(), "", {"portal"}));
    if (const toml::node* n = pf.root().get("portal"))
      PAKN_RETURN_IF_ERROR(LoadPortals(pf, n, "portal", h.portals));
  }
  PAKN_ASSIGN_OR_RETURN(h.accounts_file, f.GetString(t, p, "accounts_file", ""));
  if (!h.accounts_file.empty()) {
    h.accounts_file = Resolve(f.path(), h.accounts_file);
    PAKN_ASSIGN_OR_RETURN(std::string text, ReadSideFile(f, t, "accounts_file", h.accounts_file));
    PAKN_ASSIGN_OR_RETURN(h.accounts, ParseAccounts(text, h.accounts_file));
  }
  PAKN_ASSIGN_OR_RETURN(h.session_idle_minutes,
                        f.GetInt(t, p, "session_idle_minutes", h.session_idle_minutes, 1, 24 * 60));
  PAKN_ASSIGN_OR_RETURN(h.session_max_hours,
                        f.GetInt(t, p, "session_max_hours", h.session_max_hours, 1, 24 * 7));
  PAKN_ASSIGN_OR_RETURN(h.trusted_user_header,
                        f.GetString(t, p, "trusted_user_header", h.trusted_user_header));
  if (t.get("trusted_proxies")) {
    PAKN_ASSIGN_OR_RETURN(h.trusted_proxies, f.GetStrings(t, p, "trusted_proxies"));
  }
  return OkStatus();
}

}  // namespace

StatusOr<PaknConfig> ParseConfig(std::string_view text, const std::string& path) {
  PAKN_ASSIGN_OR_RETURN(TomlFile f, TomlFile::FromString(text, path));
  const toml::table& root = f.root();
  PaknConfig c;
  c.path = path;
  PAKN_RETURN_IF_ERROR(f.CheckKeys(
      root, "", {"kafka", "store", "ingest", "classify", "deadlines", "log", "http", "metrics"}));

  PAKN_ASSIGN_OR_RETURN(const toml::table* kafka, f.GetTable(root, "", "kafka"));
  if (kafka) PAKN_RETURN_IF_ERROR(LoadKafka(f, *kafka, c.kafka));

  PAKN_ASSIGN_OR_RETURN(const toml::table* store, f.GetTable(root, "", "store"));
  if (store) {
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*store, "store",
                                     {"path", "sync", "memtable_mb", "block_cache_mb",
                                      "min_free_mb", "key_file", "keep_personal_data_years"}));
    PAKN_ASSIGN_OR_RETURN(c.store.key_file,
                          f.GetString(*store, "store", "key_file", c.store.key_file));
    if (auto node = store->get("key_file"); node && c.store.key_file.empty())
      return f.Error(node, "store.key_file", "must not be empty (leave it out for no key)");
    PAKN_ASSIGN_OR_RETURN(c.store.keep_personal_data_years,
                          f.GetInt(*store, "store", "keep_personal_data_years",
                                   c.store.keep_personal_data_years, 0, 100));
    PAKN_ASSIGN_OR_RETURN(c.store.memtable_mb,
                          f.GetInt(*store, "store", "memtable_mb", c.store.memtable_mb, 8, 65536));
    PAKN_ASSIGN_OR_RETURN(c.store.block_cache_mb, f.GetInt(*store, "store", "block_cache_mb",
                                                           c.store.block_cache_mb, 1, 65536));
    PAKN_ASSIGN_OR_RETURN(c.store.min_free_mb, f.GetInt(*store, "store", "min_free_mb",
                                                        c.store.min_free_mb, 0, 1 << 20));
    PAKN_ASSIGN_OR_RETURN(c.store.path, f.GetString(*store, "store", "path", c.store.path));
    if (c.store.path.empty()) return f.Error(store->get("path"), "store.path", "must not be empty");
    PAKN_ASSIGN_OR_RETURN(c.store.sync, f.GetBool(*store, "store", "sync", c.store.sync));
  }
  c.store.path = Resolve(path, c.store.path);
  if (!c.store.key_file.empty()) c.store.key_file = Resolve(path, c.store.key_file);

  PAKN_ASSIGN_OR_RETURN(const toml::table* ingest, f.GetTable(root, "", "ingest"));
  if (ingest) {
    constexpr std::string_view p = "ingest";
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*ingest, p, {"workers", "batch_max_messages",
                                                  "batch_max_bytes", "batch_max_wait_ms",
                                                  "max_message_bytes", "give_up_after_ms"}));
    PAKN_ASSIGN_OR_RETURN(int64_t workers, f.GetInt(*ingest, p, "workers", 0, 0, 256));
    PAKN_ASSIGN_OR_RETURN(int64_t msgs, f.GetInt(*ingest, p, "batch_max_messages",
                                                 c.ingest.batch_max_messages, 1, 1'000'000));
    PAKN_ASSIGN_OR_RETURN(int64_t bytes, f.GetInt(*ingest, p, "batch_max_bytes",
                                                  c.ingest.batch_max_bytes, 1024, 1LL << 32));
    PAKN_ASSIGN_OR_RETURN(int64_t wait, f.GetInt(*ingest, p, "batch_max_wait_ms",
                                                 c.ingest.batch_max_wait_ms, 1, 60'000));
    PAKN_ASSIGN_OR_RETURN(int64_t max_msg, f.GetInt(*ingest, p, "max_message_bytes",
                                                    c.ingest.max_message_bytes, 256, 64 << 20));
    PAKN_ASSIGN_OR_RETURN(c.ingest.give_up_after_ms,
                          f.GetInt(*ingest, p, "give_up_after_ms", c.ingest.give_up_after_ms,
                                   1'000, 86'400'000));
    c.ingest.workers = static_cast<int>(workers);
    c.ingest.batch_max_messages = static_cast<size_t>(msgs);
    c.ingest.batch_max_bytes = static_cast<size_t>(bytes);
    c.ingest.batch_max_wait_ms = static_cast<int>(wait);
    c.ingest.max_message_bytes = static_cast<size_t>(max_msg);
  }
  if (c.ingest.workers == 0)
    c.ingest.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  PAKN_ASSIGN_OR_RETURN(const toml::table* classify, f.GetTable(root, "", "classify"));
  if (classify) {
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*classify, "classify", {"rules", "tone_style"}));
    PAKN_ASSIGN_OR_RETURN(c.classify.rules_path,
                          f.GetString(*classify, "classify", "rules", c.classify.rules_path));
    if (const toml::node* n = classify->get("rules"))
      c.classify.rules_line = static_cast<int>(n->source().begin.line);
    PAKN_ASSIGN_OR_RETURN(c.classify.tone_style, f.GetString(*classify, "classify", "tone_style",
                                                             c.classify.tone_style));
    if (c.classify.tone_style != "old" && c.classify.tone_style != "new")
      return f.Error(classify->get("tone_style"), "classify.tone_style",
                     "expected \"old\" (hòa, thủy) or \"new\" (hoà, thuỷ)");
  }
  c.classify.rules_path = Resolve(path, c.classify.rules_path);

  PAKN_ASSIGN_OR_RETURN(const toml::table* deadlines, f.GetTable(root, "", "deadlines"));
  if (deadlines) {
    constexpr std::string_view p = "deadlines";
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*deadlines, p, {"holidays", "count", "policy"}));
    PAKN_ASSIGN_OR_RETURN(c.deadlines.holidays_path,
                          f.GetString(*deadlines, p, "holidays", c.deadlines.holidays_path));
    if (const toml::node* n = deadlines->get("holidays"))
      c.deadlines.holidays_line = static_cast<int>(n->source().begin.line);
    PAKN_ASSIGN_OR_RETURN(c.deadlines.count, f.GetString(*deadlines, p, "count", c.deadlines.count));
    if (c.deadlines.count != "calendar" && c.deadlines.count != "working")
      return f.Error(deadlines->get("count"), "deadlines.count",
                     "expected \"calendar\" or \"working\"");
  }
  c.deadlines.holidays_path = Resolve(path, c.deadlines.holidays_path);

  PAKN_ASSIGN_OR_RETURN(const toml::table* http, f.GetTable(root, "", "http"));
  if (http) PAKN_RETURN_IF_ERROR(LoadHttp(f, *http, c.http));
  c.http.tls_cert = c.http.tls_cert.empty() ? "" : Resolve(path, c.http.tls_cert);
  c.http.tls_key = c.http.tls_key.empty() ? "" : Resolve(path, c.http.tls_key);

  PAKN_ASSIGN_OR_RETURN(const toml::table* metrics, f.GetTable(root, "", "metrics"));
  if (metrics) {
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*metrics, "metrics", {"listen", "max_ready_lag"}));
    PAKN_ASSIGN_OR_RETURN(c.metrics.max_ready_lag, f.GetInt(*metrics, "metrics", "max_ready_lag",
                                                            c.metrics.max_ready_lag, 0, 1LL << 50));
    PAKN_ASSIGN_OR_RETURN(c.metrics.listen,
                          f.GetString(*metrics, "metrics", "listen", c.metrics.listen));
    if (!c.metrics.listen.empty())
      PAKN_RETURN_IF_ERROR(
          CheckListen(f, metrics->get("listen"), "metrics.listen", c.metrics.listen));
  }

  PAKN_ASSIGN_OR_RETURN(const toml::table* log, f.GetTable(root, "", "log"));
  if (log) {
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*log, "log", {"level", "format"}));
    PAKN_ASSIGN_OR_RETURN(c.log_format, f.GetString(*log, "log", "format", c.log_format));
    if (c.log_format != "text" && c.log_format != "json")
      return f.Error(log->get("format"), "log.format", "expected \"text\" or \"json\"");
    PAKN_ASSIGN_OR_RETURN(c.log_level, f.GetString(*log, "log", "level", c.log_level));
    static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn",
                                                   "error", "critical", "off"};
    bool known = false;
    for (auto l : kLevels) known |= (l == c.log_level);
    if (!known)
      return f.Error(log->get("level"), "log.level",
                     "expected trace, debug, info, warn, error, critical or off");
  }
  return c;
}

StatusOr<PaknConfig> LoadConfig(const std::string& path) {
  // An ifstream opens a folder and reads nothing from it: it would pass for an empty config.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return InvalidArgumentError(StrCat(path, ": is a folder, expected a TOML config file"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(StrCat(path, ": cannot open the config file"));
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseConfig(buf.str(), path);
}

namespace {
std::string SettingProblem(const PaknConfig& config, int line, std::string_view key,
                           std::string_view problem) {
  if (line > 0) return StrCat(config.path, ":", line, ": ", key, ": ", problem);
  return StrCat(config.path, ": ", key, " (default): ", problem);
}
}  // namespace

std::string RulesProblem(const PaknConfig& config, std::string_view problem) {
  return SettingProblem(config, config.classify.rules_line, "classify.rules", problem);
}

std::string HolidaysProblem(const PaknConfig& config, std::string_view problem) {
  return SettingProblem(config, config.deadlines.holidays_line, "deadlines.holidays", problem);
}

std::string Describe(const PaknConfig& c) {
  std::string out = StrCat("config ", c.path, ": brokers=", c.kafka.brokers,
                                 " group=", c.kafka.group, " topics=");
  for (size_t i = 0; i < c.kafka.topics.size(); ++i)
    StrAppend(&out, i ? "," : "", c.kafka.topics[i]);
  StrAppend(&out, " dlq=", c.kafka.dlq_topic, " store=", c.store.path,
            " sync=", c.store.sync ? "true" : "false", " memtable_mb=", c.store.memtable_mb,
            " block_cache_mb=", c.store.block_cache_mb, " min_free_mb=", c.store.min_free_mb,
            " key_file=", c.store.key_file.empty() ? "(none)" : c.store.key_file,
            " workers=", c.ingest.workers, " batch=", c.ingest.batch_max_messages, "/",
            c.ingest.batch_max_bytes, "B/", c.ingest.batch_max_wait_ms,
            "ms max_message_bytes=", c.ingest.max_message_bytes, " rules=", c.classify.rules_path);
  for (const auto& [k, v] : c.kafka.properties) {
    bool secret = false;
    for (const auto& s : c.kafka.secret_keys) secret |= (s == k);
    StrAppend(&out, " ", k, "=", secret ? "***" : v);
  }
  return out;
}

}  // namespace pakn
