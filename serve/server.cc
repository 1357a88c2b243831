#include "serve/server.h"

#include <unistd.h>

#include <chrono>
#include <deque>
#include <map>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "base/json_writer.h"
#include "base/log.h"
#include "base/mutex.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "classify/rules.h"
#include "model/json_reader.h"
#include "pipeline/pipeline.h"
#include "serve/health.h"
#include "serve/open311.h"
#include "serve/ui.h"
#include "service/intake.h"
#include "service/public_status.h"
#include "service/readers.h"
#include "store/query.h"
#include "web/http_server.h"

namespace pakn::serve {
namespace {

using web::ErrorBody;
using web::Request;
using web::Response;

constexpr std::string_view kPrefix = "/open311/v2/";
constexpr size_t kMaxIdsPerLookup = 100;
constexpr size_t kRememberedIds = 100'000;

Response Json(int status, std::string body) {
  return Response{status, "application/json; charset=utf-8", std::move(body), {}};
}
Response Error(int status, std::string_view description) {
  return Json(status, ErrorBody(status, description));
}

// A token bucket per portal.
class RateLimiter {
 public:
  // 0 when allowed, else the seconds to wait.
  int Take(const PortalKey& portal) {
    const auto now = std::chrono::steady_clock::now();
    MutexLock lock(&mu_);
    Bucket& b = buckets_[portal.sha256];
    if (!b.started) {
      b.tokens = portal.burst;
      b.at = now;
      b.started = true;
    }
    b.tokens = std::min(portal.burst, b.tokens + std::chrono::duration<double>(now - b.at).count() *
                                                     portal.rate_per_s);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return std::max(1, static_cast<int>((1 - b.tokens) / portal.rate_per_s + 0.999));
  }

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
    bool started = false;
  };
  Mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_ GUARDED_BY(mu_);
};

// The submission time given to recent ids, so that a retry builds the same bytes.
class RecentIds {
 public:
  std::string Find(const std::string& id) {
    MutexLock lock(&mu_);
    auto it = times_.find(id);
    return it == times_.end() ? "" : it->second;
  }
  void Remember(const std::string& id, const std::string& submitted_at) {
    MutexLock lock(&mu_);
    if (!times_.emplace(id, submitted_at).second) return;
    order_.push_back(id);
    if (order_.size() > kRememberedIds) {
      times_.erase(order_.front());
      order_.pop_front();
    }
  }

 private:
  Mutex mu_;
  std::unordered_map<std::string, std::string> times_ GUARDED_BY(mu_);
  std::deque<std::string> order_ GUARDED_BY(mu_);
};

// The route label of a path for metrics: a fixed set, never an id.
std::string_view RouteOf(std::string_view path) {
  if (path == "/metrics" || path == "/healthz" || path == "/readyz") return path;
  if (WebUi::Owns(path)) return path.substr(0, 11) == "/ui/static/" ? "/ui/static" : "/ui";
  if (path.substr(0, kPrefix.size()) != kPrefix) return "other";
  std::string_view rest = path.substr(kPrefix.size());
  if (rest == "services.json") return "/open311/v2/services.json";
  if (rest.substr(0, 9) == "services/") return "/open311/v2/services/{code}.json";
  if (rest == "requests.json") return "/open311/v2/requests.json";
  if (rest.substr(0, 9) == "requests/") return "/open311/v2/requests/{id}.json";
  return "other";
}

class ServerImpl final : public Server {
 public:
  explicit ServerImpl(PaknConfig config) : config_(std::move(config)) {}

  ~ServerImpl() override { Stop(); }

  Status Init() {
    PAKN_ASSIGN_OR_RETURN(pipeline_,
                          pipeline::Pipeline::Create(config_, {.places = false, .rules = false}));
    auto taxonomy = classify::LoadTaxonomy(config_.classify.rules_path);
    if (!taxonomy.ok())
      return InvalidArgumentError(RulesProblem(config_, taxonomy.status().message()));
    taxonomy_ = std::move(*taxonomy);
    for (const classify::Topic& t : taxonomy_.topics)
      if (t.code != taxonomy_.unrouted_topic) services_.emplace(t.code, t.name_vi);
    services_json_ = ServicesJson(taxonomy_);
    for (const PortalKey& p : config_.http.portals) portals_.emplace(p.sha256, p);
    PAKN_ASSIGN_OR_RETURN(intake_,
                          service::Intake::Create(config_, *pipeline_,
                                                  {.max_in_flight = config_.http.max_in_flight,
                                                   .timeout_ms = config_.http.produce_timeout_ms}));
    RegisterMetrics();
    OpenStore();
    PAKN_ASSIGN_OR_RETURN(
        ui_, WebUi::Create(
                 config_, taxonomy_, *pipeline_,
                 [this](const std::function<Status(const store::Store&)>& fn) -> Status {
                   std::shared_lock lock(store_mu_);
                   if (!store_) return UnavailableError(StrCat("the store: ", store_problem_));
                   return fn(*store_);
                 },
                 [this] { CatchUpNow(); }));
    return OkStatus();
  }

  Status Start() override {
    http_.Route([this](const Request& r) { return Handle(r); });
    http_.Observe([this](const Request& r, int status, double seconds) {
      const std::string_view route = RouteOf(r.path);
      registry_
          .GetCounter("pakn_http_requests_total", "HTTP requests answered, by route and status.",
                      {{"route", std::string(route)},
                       {"method",
                        r.method == "GET" || r.method == "POST" ? std::string(r.method) : "other"},
                       {"code", std::to_string(status)}})
          .Add();
      registry_
          .GetHistogram("pakn_http_request_duration_seconds",
                        "Time from the request's arrival to the end of the answer.",
                        metrics::LatencyBuckets(), {{"route", std::string(route)}})
          .Observe(seconds);
    });
    std::string pem;
    if (!config_.http.tls_cert.empty()) {
      PAKN_ASSIGN_OR_RETURN(pem, TlsPem(config_.http));
    }
    Status started = http_.Start({.listen = config_.http.listen,
                                  .tls_pem = pem,
                                  .threads = config_.http.threads,
                                  .queue = config_.http.queue,
                                  .max_body_bytes = config_.http.max_body_bytes,
                                  .request_timeout_ms = config_.http.request_timeout_ms,
                                  .keep_alive_timeout_ms = config_.http.keep_alive_timeout_ms});
    // civetweb has read the key (or failed to): a copy made for it does not stay on disk.
    if (!pem.empty() && pem != config_.http.tls_cert) unlink(pem.c_str());
    PAKN_RETURN_IF_ERROR(started);
    refresher_ = std::thread([this] { RefreshLoop(); });
    return OkStatus();
  }

  int port() const override { return http_.port(); }
  metrics::Registry& registry() override { return registry_; }

  void Stop() override {
    http_.Stop();  // no new requests; those in progress finish
    {
      MutexLock lock(&stop_mu_);
      stopping_ = true;
    }
    stop_cv_.SignalAll();
    if (refresher_.joinable()) refresher_.join();
    if (intake_) intake_->Flush(config_.http.produce_timeout_ms);
  }

  Status ReloadAccounts() override {
    if (config_.path.empty()) return FailedPreconditionError("no config file to read again");
    auto fresh = LoadConfig(config_.path);
    if (!fresh.ok()) return fresh.status();
    PAKN_RETURN_IF_ERROR(ui_->ReloadAccounts(fresh->http.accounts));
    Logger("serve")->info("accounts reloaded: {} from {}", fresh->http.accounts.size(),
                          fresh->http.accounts_file.empty() ? "(none)" : fresh->http.accounts_file);
    return OkStatus();
  }

  std::string NotReady() override {
    std::vector<std::pair<std::string, std::string>> problems;
    std::map<std::string, std::map<int32_t, int64_t>> stored;
    {
      std::shared_lock lock(store_mu_);
      if (!store_) {
        problems.emplace_back("store", store_problem_);
      } else {
        auto offsets = store::StoredOffsets(*store_);
        if (offsets.ok())
          stored = std::move(*offsets);
        else
          problems.emplace_back("store", offsets.status().message());
      }
    }
    std::string broker;
    if (!intake_->BrokerReachable(&broker)) problems.emplace_back("broker", broker);
    if (problems.empty()) {
      const int64_t lag = TotalLag(intake_->EndOffsets(), stored);
      if (lag > config_.http.max_ready_lag)
        problems.emplace_back("lag", StrCat("ingest is ", lag, " messages behind (at most ",
                                            config_.http.max_ready_lag, " allowed)"));
    }
    return ProblemsJson(problems);
  }

 private:
  void OpenStore() {
    auto store =
        service::OpenReader({.store_dir = config_.store.path, .key_file = config_.store.key_file});
    std::unique_lock lock(store_mu_);
    if (store.ok()) {
      store_ = std::move(*store);
      store_problem_.clear();
    } else {
      store_problem_ = store.status().message();
    }
  }

  // After an operator's action: the page that follows shows it.
  void CatchUpNow() {
    if (Status s = CatchUp(); !s.ok()) Logger("serve")->warn("store catch-up: {}", s.message());
  }

  // Readers go on reading while the store catches up (measured: with the exclusive lock every
  // refresh, a work list's p99 was 420 ms to 1.15 s on 1,000,000 petitions with ingest at full
  // speed). Only a catch-up that reopens the store needs them out.
  Status CatchUp() {
    MutexLock one(&catch_up_mu_);
    {
      std::shared_lock lock(store_mu_);
      if (!store_) return OkStatus();
      if (!store_->CatchUpMayReopen()) return store_->CatchUp();
    }
    std::unique_lock lock(store_mu_);
    return store_ ? store_->CatchUp() : OkStatus();
  }

  void RefreshLoop() {
    while (true) {
      {
        MutexLock lock(&stop_mu_);
        if (stopping_) return;
        stop_cv_.WaitFor(&stop_mu_, std::chrono::milliseconds(config_.http.refresh_ms));
        if (stopping_) return;
      }
      bool open;
      {
        std::shared_lock lock(store_mu_);
        open = store_ != nullptr;
      }
      if (!open) {
        OpenStore();
        continue;
      }
      if (Status s = CatchUp(); !s.ok()) {
        Logger("serve")->warn("store catch-up: {}", s.message());
        std::unique_lock lock(store_mu_);
        store_problem_ = s.message();
        store_.reset();
      }
    }
  }

  void RegisterMetrics() {
    registry_.Describe("pakn_intake_in_flight",
                       "Petitions waiting for the broker's acknowledgement.", "gauge");
    registry_.Describe("pakn_kafka_reachable", "1 when a broker answered the last probe.", "gauge");
    registry_.Describe("pakn_consumer_lag_messages",
                       "Messages in Kafka that the store has not applied yet, per partition.",
                       "gauge");
    registry_.Describe("pakn_store_sst_bytes", "Size of the store's table files.", "gauge");
    registry_.Describe("pakn_store_pending_compaction_bytes",
                       "Bytes RocksDB estimates compaction still has to rewrite.", "gauge");
    registry_.AddCollector([this](std::vector<metrics::Sample>& out) {
      out.push_back({"pakn_intake_in_flight", {}, static_cast<double>(intake_->InFlight())});
      out.push_back({"pakn_kafka_reachable", {}, intake_->BrokerReachable() ? 1.0 : 0.0});
      std::shared_lock lock(store_mu_);
      if (!store_) return;
      out.push_back({"pakn_store_sst_bytes",
                     {},
                     static_cast<double>(store_->IntProperty("rocksdb.total-sst-files-size"))});
      out.push_back(
          {"pakn_store_pending_compaction_bytes",
           {},
           static_cast<double>(store_->IntProperty("rocksdb.estimate-pending-compaction-bytes"))});
      auto stored = store::StoredOffsets(*store_);
      if (!stored.ok()) return;
      for (const auto& [topic, parts] : intake_->EndOffsets())
        for (const auto& [partition, end] : parts) {
          int64_t next = 0;
          if (auto t = stored->find(topic); t != stored->end())
            if (auto p = t->second.find(partition); p != t->second.end()) next = p->second;
          out.push_back({"pakn_consumer_lag_messages",
                         {{"topic", topic}, {"partition", std::to_string(partition)}},
                         static_cast<double>(std::max<int64_t>(0, end - next))});
        }
    });
    produce_seconds_ =
        &registry_.GetHistogram("pakn_produce_duration_seconds",
                                "From producing a POSTed petition to the broker's acknowledgement.",
                                metrics::LatencyBuckets());
  }

  void CountSubmission(service::Outcome outcome, std::string_view portal) {
    registry_
        .GetCounter("pakn_intake_submissions_total",
                    "POSTed petitions by outcome (stored = acknowledged by the broker).",
                    {{"outcome", std::string(service::OutcomeName(outcome))},
                     {"portal", std::string(portal)}})
        .Add();
  }

  Response Handle(const Request& r) {
    if (r.path == "/healthz") {
      if (r.method != "GET") return MethodNotAllowed("GET");
      return Json(200, R"({"status":"ok"})");
    }
    if (r.path == "/readyz") {
      if (r.method != "GET") return MethodNotAllowed("GET");
      std::string problems = NotReady();
      return problems.empty() ? Json(200, R"({"status":"ready"})") : Json(503, problems);
    }
    if (r.path == "/metrics") {
      if (r.method != "GET") return MethodNotAllowed("GET");
      return Response{200, "text/plain; version=0.0.4; charset=utf-8", registry_.Render(), {}};
    }
    if (WebUi::Owns(r.path)) return ui_->Handle(r);
    if (r.path.substr(0, kPrefix.size()) != kPrefix)
      return Error(404, "no such route; the API is under /open311/v2/ (docs/http-api.md)");
    std::string_view rest = r.path.substr(kPrefix.size());
    if (rest.size() < 5 || rest.substr(rest.size() - 5) != ".json") {
      if (rest.size() > 4 && rest.substr(rest.size() - 4) == ".xml")
        return Error(400, "format: only JSON is served; use .json");
      return Error(404, "no such route; the API is under /open311/v2/ (docs/http-api.md)");
    }
    rest.remove_suffix(5);
    if (rest == "services") {
      if (r.method != "GET") return MethodNotAllowed("GET");
      return Json(200, services_json_);
    }
    if (rest.substr(0, 9) == "services/") {
      if (r.method != "GET") return MethodNotAllowed("GET");
      auto definition = ServiceDefinitionJson(taxonomy_, rest.substr(9));
      if (!definition)
        return Error(404, "service_code: no such service (GET services.json lists them)");
      return Json(200, std::move(*definition));
    }
    if (rest == "requests") {
      if (r.method == "POST") return Post(r);
      if (r.method == "GET") return Lookup(r);
      return MethodNotAllowed("GET, POST");
    }
    if (rest.substr(0, 9) == "requests/") {
      if (r.method != "GET") return MethodNotAllowed("GET");
      const std::string_view id = rest.substr(9);
      if (!IsValidId(id)) return Error(400, StrCat("service_request_id: expected ", kIdRule));
      return LookupIds({std::string(id)}, /*single=*/true);
    }
    return Error(404, "no such route; the API is under /open311/v2/ (docs/http-api.md)");
  }

  static Response MethodNotAllowed(std::string_view allow) {
    Response res = Error(405, StrCat("method not allowed; use ", allow));
    res.headers.emplace_back("Allow", std::string(allow));
    return res;
  }

  Response Lookup(const Request& r) {
    std::vector<web::FormField> query;
    std::string bad;
    if (!web::ParseForm(r.query, query, bad))
      return Error(400, StrCat(bad.substr(0, 64), ": a malformed %-escape in the query"));
    std::vector<std::string> ids;
    for (const web::FormField& f : query) {
      if (f.name == "jurisdiction_id" || f.name == "api_key") continue;  // one jurisdiction
      if (f.name != "service_request_id")
        return Error(400, StrCat(f.name.substr(0, 64),
                                 ": not supported; look petitions up by service_request_id=a,b"));
      size_t start = 0;
      while (start <= f.value.size()) {
        size_t end = f.value.find(',', start);
        if (end == std::string::npos) end = f.value.size();
        std::string id = f.value.substr(start, end - start);
        if (!IsValidId(id))
          return Error(400,
                       StrCat("service_request_id: '", id.substr(0, 64), "': expected ", kIdRule));
        ids.push_back(std::move(id));
        start = end + 1;
      }
    }
    if (ids.empty())
      return Error(400, "service_request_id: required (a search of all petitions is not public)");
    if (ids.size() > kMaxIdsPerLookup)
      return Error(400, StrCat("service_request_id: at most ", kMaxIdsPerLookup, " ids at once"));
    return LookupIds(ids, /*single=*/false);
  }

  Response LookupIds(const std::vector<std::string>& ids, bool single) {
    std::vector<service::PublicStatus> found;
    {
      std::shared_lock lock(store_mu_);
      if (!store_) {
        Response res = Error(503, StrCat("the store is not open yet: ", store_problem_));
        res.headers.emplace_back("Retry-After", "5");
        return res;
      }
      for (const std::string& id : ids) {
        auto status = service::GetPublicStatus(*store_, id);
        if (!status.ok()) {
          Logger("serve")->error("reading {}: {}", id, status.status().message());
          Response res = Error(503, "the store could not be read; try again");
          res.headers.emplace_back("Retry-After", "5");
          return res;
        }
        if (*status) found.push_back(std::move(**status));
      }
    }
    if (single && found.empty())
      return Error(404, "service_request_id: no such petition (or not stored yet)");
    return Json(200, PublicStatusJson(found, taxonomy_));
  }

  const PortalKey* Authenticate(const Request& r, const Fields* fields) {
    std::string_view key = r.Header("X-Api-Key");
    if (key.empty() && fields) {
      if (auto it = fields->find("api_key"); it != fields->end()) key = it->second;
    }
    if (key.empty()) return nullptr;
    auto it = portals_.find(Sha256Hex(key));
    return it == portals_.end() ? nullptr : &it->second;
  }

  Response Post(const Request& r) {
    auto fields = ReadFields(r.Header("Content-Type"), r.body);
    // The key first: an unknown client learns nothing about the body's problems.
    const bool has_key =
        !r.Header("X-Api-Key").empty() || (fields.ok() && fields->contains("api_key"));
    const PortalKey* portal = Authenticate(r, fields.ok() ? &*fields : nullptr);
    if (!portal) {
      registry_.GetCounter("pakn_http_auth_failures_total", "POSTs without a known API key.").Add();
      if (has_key) return Error(403, "api_key: not a key of any portal");
      Response res = Error(401, "api_key: required (the X-Api-Key header or the api_key field)");
      res.headers.emplace_back("WWW-Authenticate", "ApiKey header=\"X-Api-Key\"");
      return res;
    }
    if (int wait = limiter_.Take(*portal); wait > 0) {
      registry_
          .GetCounter("pakn_http_rate_limited_total", "POSTs refused with 429, by portal.",
                      {{"portal", portal->portal}})
          .Add();
      Response res = Error(
          429, StrCat("api_key: over the portal's rate of ", portal->rate_per_s, " requests/s"));
      res.headers.emplace_back("Retry-After", std::to_string(wait));
      return res;
    }
    if (!fields.ok()) return Rejected400(fields.status().message(), "", "");
    auto built = ChooseId(*fields, *portal, r.Header("Idempotency-Key"));
    if (!built.ok()) return Rejected400(built.status().message(), "", "");
    const int64_t now_ms = SystemClock().NowMillis();
    std::string submitted_at = recent_.Find(built->id);
    if (built->id_from != IdFrom::kGenerated) {
      const StoredFacts stored = Stored(built->id);
      if (!stored.source.empty() && stored.source != portal->portal) {
        registry_
            .GetCounter("pakn_http_id_conflicts_total",
                        "POSTs naming a petition another portal submitted.")
            .Add();
        return Error(409, StrCat("id: '", built->id,
                                 "' is a petition of another portal; choose ids unique to your "
                                 "portal"));
      }
      if (submitted_at.empty()) submitted_at = stored.submitted_at;
    }
    if (submitted_at.empty()) submitted_at = LocalDateTime(now_ms);
    if (Status s = BuildPetition(*fields, *portal, services_, submitted_at, *built); !s.ok())
      return Rejected400(s.message(), "", "");
    service::Submission sub = intake_->Submit(built->id, built->payload, now_ms);
    CountSubmission(sub.outcome, portal->portal);
    JsonWriter w;
    switch (sub.outcome) {
      case service::Outcome::kStored: {
        recent_.Remember(built->id, built->submitted_at);
        produce_seconds_->Observe(sub.produce_seconds);
        w.BeginArray();
        w.BeginObject();
        w.Member("service_request_id", built->id);
        w.Key("service_notice");
        w.Null();
        w.Key("account_id");
        w.Null();
        w.Member("pakn_id_from", IdFromName(built->id_from));
        w.EndObject();
        w.EndArray();
        return Json(201, std::move(w).Take());
      }
      case service::Outcome::kRejected: {
        registry_
            .GetCounter(
                "pakn_rejections_total", "Messages rejected, by code.",
                {{"code", std::string(RejectCodeName(sub.rejection.code))}, {"via", "http"}})
            .Add();
        const std::string field = RequestFieldOf(sub.rejection.field);
        return Rejected400(StrCat(field, ": ", sub.rejection.reason), sub.rejection.field,
                           RejectCodeName(sub.rejection.code));
      }
      case service::Outcome::kBusy:
      case service::Outcome::kNotSent:
      case service::Outcome::kUnknown: {
        const bool unknown = sub.outcome == service::Outcome::kUnknown;
        if (unknown) recent_.Remember(built->id, built->submitted_at);
        Logger("serve")->warn("POST {} from {}: {}", built->id, portal->portal, sub.problem);
        w.BeginArray();
        w.BeginObject();
        w.MemberInt("code", 503);
        w.Member("description", sub.problem);
        w.Member("outcome", unknown ? "unknown" : "not_stored");
        w.Member("service_request_id", built->id);
        const bool safe = !unknown || built->id_from != IdFrom::kGenerated;
        w.Member("retry", !unknown ? "safe: nothing was stored"
                          : safe
                              ? "safe: send the same request again (same id or Idempotency-Key); "
                                "if the first was stored, the retry changes nothing"
                              : StrCat("send it again with \"id\": \"", built->id,
                                       "\" so that it cannot be stored twice"));
        w.EndObject();
        w.EndArray();
        Response res = Json(503, std::move(w).Take());
        res.headers.emplace_back("Retry-After", sub.outcome == service::Outcome::kBusy ? "1" : "5");
        return res;
      }
    }
    return Error(500, "unexpected outcome");
  }

  Response Rejected400(std::string_view description, std::string_view petition_field,
                       std::string_view code) {
    JsonWriter w;
    w.BeginArray();
    w.BeginObject();
    w.MemberInt("code", 400);
    w.Member("description", description);
    const std::string_view field = description.substr(0, description.find(':'));
    w.Member("field", field);
    w.MemberIfNotEmpty("petition_field", petition_field);
    if (code.empty()) {  // "lat: wrong_type: ..." from the request's own checks
      std::string_view rest = description.substr(std::min(description.size(), field.size() + 2));
      rest = rest.substr(0, rest.find(':'));
      for (RejectCode c :
           {RejectCode::kInvalidJson, RejectCode::kInvalidUtf8, RejectCode::kMissingField,
            RejectCode::kWrongType, RejectCode::kBadValue, RejectCode::kOversized})
        if (RejectCodeName(c) == rest) code = rest;
    }
    w.MemberIfNotEmpty("reject_code", code);
    w.EndObject();
    w.EndArray();
    return Json(400, std::move(w).Take());
  }

  // What the store has of `id`: its portal, and its submission time (a retry after serve
  // restarted builds the same bytes with it). Empty when not stored (yet).
  struct StoredFacts {
    std::string source, submitted_at;
  };
  StoredFacts Stored(const std::string& id) {
    std::shared_lock lock(store_mu_);
    if (!store_) return {};
    auto rec = store_->GetRecord(id);
    if (!rec.ok() || !*rec) return {};
    return {(*rec)->petition.source, (*rec)->petition.submitted_at};
  }

  PaknConfig config_;
  std::unique_ptr<pipeline::Pipeline> pipeline_;
  classify::Taxonomy taxonomy_;
  std::map<std::string, std::string, std::less<>> services_;
  std::string services_json_;
  std::unordered_map<std::string, PortalKey> portals_;  // by the key's SHA-256
  std::unique_ptr<service::Intake> intake_;
  std::unique_ptr<WebUi> ui_;
  metrics::Registry registry_;
  metrics::Histogram* produce_seconds_ = nullptr;
  RateLimiter limiter_;
  RecentIds recent_;
  web::HttpServer http_;

  Mutex catch_up_mu_;           // one catch-up at a time
  std::shared_mutex store_mu_;  // shared: reads; exclusive: CatchUp and reopening
  std::unique_ptr<store::Store> store_;
  std::string store_problem_ = "not opened yet";

  Mutex stop_mu_;
  CondVar stop_cv_;
  bool stopping_ GUARDED_BY(stop_mu_) = false;
  std::thread refresher_;
};

}  // namespace

StatusOr<std::unique_ptr<Server>> Server::Create(const PaknConfig& config) {
  auto server = std::make_unique<ServerImpl>(config);
  PAKN_RETURN_IF_ERROR(server->Init());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace pakn::serve
