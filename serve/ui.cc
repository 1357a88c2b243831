#include "serve/ui.h"

#include <ctemplate/template.h>
#include <simdjson.h>
#include <sodium.h>

#include <chrono>
#include <map>
#include <optional>
#include <random>

#include "base/log.h"
#include "base/mutex.h"
#include "base/pii.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "classify/admin_units.h"
#include "digest/digest_render.h"
#include "fmt/format.h"
#include "model/event.h"
#include "model/json_reader.h"
#include "serve/auth.h"
#include "serve/ui_assets.h"
#include "serve/ui_text.h"
#include "service/readers.h"
#include "service/tracking.h"
#include "store/query.h"
#include "store/schema.h"
#include "track/deadline_calendar.h"
#include "track/state_machine.h"

namespace pakn::serve {
namespace {

using service::MaskReporterIn;

using ctemplate::TemplateDictionary;
using web::Request;
using web::Response;

constexpr size_t kPageRows = 50;
constexpr std::string_view kSessionCookie = "pakn_session";
constexpr std::string_view kLoginCookie = "pakn_login";
constexpr std::string_view kLangCookie = "pakn_lang";
constexpr auto kActionWait = std::chrono::seconds(8);

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Format(std::string_view pattern, const auto&... args) {
  return fmt::format(fmt::runtime(pattern), args...);
}

// "name=value; other=..." → the value of `name`, or "".
std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

bool IsUtf8(std::string_view s) { return !CheckUtf8("", s).has_value(); }

bool SameToken(std::string_view a, std::string_view b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Cookie(std::string_view name, std::string_view value, int64_t max_age_s) {
  // Secure: browsers keep it on https and on http://localhost or 127.0.0.1 only.
  return StrCat(name, "=", value, "; Path=/ui; HttpOnly; Secure; SameSite=Strict",
                max_age_s >= 0 ? StrCat("; Max-Age=", max_age_s) : std::string());
}

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// "20:34 07/12/2026" (Vietnamese order) or "2026-12-07 20:34", Vietnam time.
std::string ShowTime(int64_t ms, std::string_view lang) {
  if (ms == 0) return "—";
  const std::string t = LocalDateTime(ms);  // 2026-12-07T20:34:56+07:00
  if (lang == "en") return StrCat(t.substr(0, 10), " ", t.substr(11, 5));
  return StrCat(t.substr(11, 5), " ", t.substr(8, 2), "/", t.substr(5, 2), "/", t.substr(0, 4));
}

// Members of history entries that matter to the store and the audit, not to an operator
// reading the page (`pakn show --json` has them all).
bool IsTechnicalDetail(std::string_view key) {
  static constexpr std::string_view kHidden[] = {"event_id",
                                                 "source",
                                                 "topic",
                                                 "partition",
                                                 "offset",
                                                 "payload_seq",
                                                 "ruleset_version",
                                                 "also_matched",
                                                 "score",
                                                 "margin",
                                                 "model_version",
                                                 "deadline_days",
                                                 "deadline_policy",
                                                 "action",
                                                 "from",
                                                 "rule_id",
                                                 "method",
                                                 "model_topic",
                                                 "model_probability",
                                                 "on_time",
                                                 "response.answered_by"};
  for (std::string_view h : kHidden)
    if (key == h || (key.size() > h.size() && key.substr(0, h.size()) == h && key[h.size()] == '.'))
      return true;
  return false;
}

// A history entry's JSON object as "key: value · key: value" (nested objects flattened with
// dots), so that a page shows words instead of JSON; the JSON itself when it does not parse.
std::string ShowDetail(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS)
    return std::string(json);
  std::string out;
  std::function<void(const std::string&, simdjson::dom::element)> walk =
      [&](const std::string& prefix, simdjson::dom::element e) {
        if (IsTechnicalDetail(prefix)) return;
        switch (e.type()) {
          case simdjson::dom::element_type::OBJECT: {
            simdjson::dom::object object;
            if (e.get_object().get(object) != simdjson::SUCCESS) return;
            for (auto [key, value] : object)
              walk(prefix.empty() ? std::string(key) : StrCat(prefix, ".", key), value);
            return;
          }
          case simdjson::dom::element_type::ARRAY: {
            std::string items;
            simdjson::dom::array array;
            if (e.get_array().get(array) != simdjson::SUCCESS) return;
            for (simdjson::dom::element v : array) {
              if (!items.empty()) items += ", ";
              std::string_view text;
              items += v.get_string().get(text) == simdjson::SUCCESS ? std::string(text)
                                                                     : simdjson::to_string(v);
            }
            if (!items.empty()) StrAppend(&out, out.empty() ? "" : " · ", prefix, ": ", items);
            return;
          }
          case simdjson::dom::element_type::STRING: {
            std::string_view v;
            if (e.get_string().get(v) == simdjson::SUCCESS && !v.empty())
              StrAppend(&out, out.empty() ? "" : " · ", prefix, ": ", v);
            return;
          }
          default:
            StrAppend(&out, out.empty() ? "" : " · ", prefix, ": ", simdjson::to_string(e));
        }
      };
  walk("", root);
  return out;
}

// A form or query: the last value of each name.
class Fields {
 public:
  bool Parse(std::string_view text, std::string& bad) {
    std::vector<web::FormField> fields;
    if (!web::ParseForm(text, fields, bad)) return false;
    for (web::FormField& f : fields) values_[f.name] = std::move(f.value);
    return true;
  }
  std::string Get(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? "" : it->second;
  }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }

 private:
  std::map<std::string, std::string> values_;
};

struct Page {
  int status = 200;
  std::string title;
  std::string body;  // rendered HTML of the page's own template
  std::vector<std::pair<std::string, std::string>> headers;
};

class WebUiImpl final : public WebUi {
 public:
  WebUiImpl(const PaknConfig& config, const classify::Taxonomy& taxonomy,
            const pipeline::Pipeline& pipeline, StoreReader read, std::function<void()> catch_up)
      : config_(config),
        taxonomy_(taxonomy),
        pipeline_(pipeline),
        read_(std::move(read)),
        catch_up_(std::move(catch_up)),
        sessions_(std::chrono::minutes(config.http.session_idle_minutes),
                  std::chrono::hours(config.http.session_max_hours)) {}

  Status Init() {
    if (sodium_init() < 0) return UnavailableError("libsodium did not initialize");
    for (const classify::Agency& a : taxonomy_.agencies) agencies_.emplace(a.code, &a);
    for (const classify::Topic& t : taxonomy_.topics) topics_.emplace(t.code, &t);
    PAKN_RETURN_IF_ERROR(ReloadAccounts(config_.http.accounts));
    for (const classify::ProvinceRow& p : classify::ProvinceRows())
      provinces_.emplace_back(p.code, p.name);
    // ctemplate's cache is the process's: the templates go in once, however many servers.
    static const std::string* problem = [] {
      for (const auto& [name, text] : UiAssets()) {
        if (name.size() > 4 && name.substr(name.size() - 4) == ".tpl" &&
            !ctemplate::StringToTemplateCache(std::string(name), std::string(text),
                                              ctemplate::STRIP_BLANK_LINES))
          return new std::string(StrCat("the web view's template ", name, " does not parse"));
      }
      return new std::string();
    }();
    if (!problem->empty()) return InternalError(*problem);
    return OkStatus();
  }

  Status ReloadAccounts(const std::vector<Account>& accounts) override {
    auto fresh = std::make_shared<AccountMap>();
    for (const Account& a : accounts) {
      if (!a.agency.empty() && !agencies_.count(a.agency))
        return InvalidArgumentError(StrCat(
            config_.http.accounts_file, ":", a.line, ": account.agency: '", a.agency,
            "' is not an agency of the routing taxonomy (", config_.classify.rules_path, ")"));
      fresh->emplace(a.user, a);
    }
    MutexLock lock(&accounts_mu_);
    accounts_ = std::move(fresh);
    return OkStatus();
  }

  Response Handle(const Request& r) override {
    const int64_t now = NowMs();
    Context c;
    {
      MutexLock lock(&accounts_mu_);
      c.accounts = accounts_;  // this request's accounts, even if they are reloaded meanwhile
    }
    c.request = &r;
    c.now = now;
    std::string bad;
    if (!c.query.Parse(r.query, bad)) return Plain(400, "malformed %-escape in the query");
    c.lang = Lang(r, c);
    if (r.path == "/" || r.path == "/ui") return Redirect("/ui/");
    if (r.path.substr(0, 11) == "/ui/static/") return Static(r);
    if (r.path == "/ui/login") return Login(c);

    // Everything else needs a signed-in account.
    Authenticate(c);
    if (!c.account) {
      if (r.method != "GET") return Render(c, Error(c, 401, Tr(c.lang, "login_expired")));
      return Redirect(
          StrCat("/ui/login?next=", UrlEncode(StrCat(r.path, r.query.empty() ? "" : "?", r.query))),
          c);
    }
    if (r.method == "POST") {
      if (r.body.size() > 256 * 1024) return Render(c, Error(c, 413, "the form is too large"));
      if (!c.form.Parse(r.body, bad))
        return Render(c, Error(c, 400, StrCat(bad, ": malformed %-escape in the form")));
      if (!SameToken(c.form.Get("csrf"), c.session.csrf))
        return Render(c, Error(c, 403, Tr(c.lang, "csrf")));
    }
    if (r.path == "/ui/logout") {
      if (r.method != "POST") return Render(c, Error(c, 405, "POST"));
      sessions_.End(c.session.token);
      Response res = Redirect("/ui/login", c);
      res.headers.emplace_back("Set-Cookie", Cookie(kSessionCookie, "", 0));
      return res;
    }
    if (r.path == "/ui/" || r.path == "/ui/list") {
      if (r.method != "GET") return Render(c, Error(c, 405, "GET"));
      return Render(c, WorkList(c));
    }
    if (r.path == "/ui/digest") {
      if (r.method != "GET") return Render(c, Error(c, 405, "GET"));
      return DigestPage(c);
    }
    if (r.path.substr(0, 6) == "/ui/p/") {
      std::string_view id = r.path.substr(6);
      const bool action = id.size() > 7 && id.substr(id.size() - 7) == "/action";
      const bool reveal = id.size() > 7 && id.substr(id.size() - 7) == "/reveal";
      if (action || reveal) id.remove_suffix(7);
      if (!IsValidId(id)) return Render(c, Error(c, 400, StrCat(Tr(c.lang, "id"), ": ", kIdRule)));
      if (action) {
        if (r.method != "POST") return Render(c, Error(c, 405, "POST"));
        return Act(c, std::string(id));
      }
      if (reveal) {
        if (r.method != "POST") return Render(c, Error(c, 405, "POST"));
        return Render(c, Reveal(c, std::string(id)));
      }
      if (r.method != "GET") return Render(c, Error(c, 405, "GET"));
      return Render(c, PetitionPage(c, std::string(id)));
    }
    return Render(c, Error(c, 404, Tr(c.lang, "not_found")));
  }

 private:
  using AccountMap = std::map<std::string, Account>;
  struct Context {
    std::shared_ptr<const AccountMap> accounts;
    const Request* request = nullptr;
    int64_t now = 0;
    std::string lang = "vi";
    bool set_lang = false;
    Fields query, form;
    const Account* account = nullptr;
    Session session;
    std::string new_cookie;  // a session made for a single-sign-on user
  };

  std::string Lang(const Request& r, Context& c) {
    const std::string asked = c.query.Get("lang");
    if (asked == "vi" || asked == "en") {
      c.set_lang = true;
      return asked;
    }
    const std::string_view cookie = CookieValue(r.Header("Cookie"), kLangCookie);
    return cookie == "en" ? "en" : "vi";
  }

  void Authenticate(Context& c) {
    const std::string_view token = CookieValue(c.request->Header("Cookie"), kSessionCookie);
    if (auto s = sessions_.Find(token, c.now)) {
      auto it = c.accounts->find(s->user);
      if (it != c.accounts->end()) {
        c.session = *s;
        c.account = &it->second;
        return;
      }
      sessions_.End(token);  // the account was removed
    }
    // Single sign-on: a trusted proxy names the user.
    const std::string& header = config_.http.trusted_user_header;
    if (header.empty()) return;
    bool trusted = false;
    for (const std::string& p : config_.http.trusted_proxies) trusted |= p == c.request->remote;
    if (!trusted) return;
    const std::string user(c.request->Header(header.c_str()));
    auto it = c.accounts->find(user);
    if (user.empty() || it == c.accounts->end()) return;
    c.session = sessions_.Create(user, c.now);
    c.account = &it->second;
    c.new_cookie = c.session.token;
  }

  // --- responses --------------------------------------------------------------------------

  static Response Plain(int status, std::string_view text) {
    return Response{status, "text/plain; charset=utf-8", std::string(text), {}};
  }

  static Response Redirect(std::string location, const Context& c) {
    Response res = Redirect(std::move(location));
    if (c.set_lang) res.headers.emplace_back("Set-Cookie", Cookie(kLangCookie, c.lang, 31536000));
    if (!c.new_cookie.empty())
      res.headers.emplace_back("Set-Cookie", Cookie(kSessionCookie, c.new_cookie, -1));
    return res;
  }
  static Response Redirect(std::string location) {
    Response res{303, "text/plain; charset=utf-8", "", {}};
    res.headers.emplace_back("Location", std::move(location));
    res.headers.emplace_back("Cache-Control", "no-store");
    return res;
  }

  Page Error(const Context& c, int status, std::string_view text) {
    TemplateDictionary d("error");
    Words(d, c.lang);
    const char* heading = status == 403   ? "forbidden"
                          : status == 404 ? "not_found"
                          : status == 503 ? "unavailable"
                                          : "bad_request";
    d.SetValue("HEADING", std::string(Tr(c.lang, heading)));
    d.SetValue("TEXT", std::string(text));
    return Page{status, std::string(Tr(c.lang, heading)), Expand("error.tpl", d), {}};
  }

  void Words(TemplateDictionary& d, std::string_view lang) {
    ForEachText(lang, [&](std::string_view key, std::string_view text) {
      d.SetValue(StrCat("t_", key), std::string(text));
    });
  }

  static std::string Expand(const char* name, TemplateDictionary& d) {
    std::string out;
    if (!ctemplate::ExpandTemplate(name, ctemplate::STRIP_BLANK_LINES, &d, &out))
      Logger("serve")->error("template {} did not expand", name);
    return out;
  }

  Response Render(Context& c, Page page) {
    TemplateDictionary d("page");
    Words(d, c.lang);
    d.SetValue("LANG", c.lang);
    d.SetValue("TITLE", page.title);
    const std::string other = c.lang == "en" ? "vi" : "en";
    d.SetValue("OTHER_LANG", other);
    d.SetValue("OTHER_LANG_NAME", other == "en" ? "English" : "Tiếng Việt");
    d.SetValue("LANG_URL", StrCat(c.request->path, "?lang=", other));
    if (c.account) {
      TemplateDictionary* u = d.AddSectionDictionary("USER");
      u->SetValue("NAME", c.account->name);
      u->SetValue("ROLE_NAME", std::string(Tr(c.lang, StrCat("role_", c.account->role))));
      u->SetValue("CSRF", c.session.csrf);
      if (!c.account->agency.empty())
        u->SetValueAndShowSection("AGENCY_NAME", AgencyName(c.account->agency, c.lang), "AGENCY");
      const std::string flash = sessions_.TakeFlash(c.session.token);
      if (!flash.empty()) {
        // "kind|text"
        const size_t bar = flash.find('|');
        TemplateDictionary* f = d.AddSectionDictionary("FLASH");
        f->SetValue("KIND", flash.substr(0, bar));
        f->SetValue("TEXT", flash.substr(bar + 1));
      }
    }
    d.SetValue("BODY", page.body);
    Response res{page.status, "text/html; charset=utf-8", Expand("page.tpl", d),
                 std::move(page.headers)};
    SecurityHeaders(res);
    if (c.set_lang) res.headers.emplace_back("Set-Cookie", Cookie(kLangCookie, c.lang, 31536000));
    if (!c.new_cookie.empty())
      res.headers.emplace_back("Set-Cookie", Cookie(kSessionCookie, c.new_cookie, -1));
    return res;
  }

  static void SecurityHeaders(Response& res) {
    res.headers.emplace_back("Cache-Control", "no-store");
    res.headers.emplace_back("Content-Security-Policy",
                             "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                             "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                             "base-uri 'none'");
    res.headers.emplace_back("X-Frame-Options", "DENY");
    res.headers.emplace_back("Referrer-Policy", "same-origin");
  }

  Response Static(const Request& r) {
    if (r.method != "GET") return Plain(405, "GET");
    const std::string_view name = r.path.substr(11);
    for (const auto& [asset, text] : UiAssets()) {
      if (asset != name || asset.ends_with(".tpl")) continue;
      Response res{
          200,
          asset.ends_with(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
          std::string(text),
          {{"Cache-Control", "public, max-age=3600"}}};
      return res;
    }
    return Plain(404, "no such file");
  }

  // --- sign-in ----------------------------------------------------------------------------

  Response Login(Context& c) {
    const Request& r = *c.request;
    std::string error, user;
    if (r.method == "POST") {
      std::string bad;
      if (!c.form.Parse(r.body, bad)) return Plain(400, "malformed %-escape in the form");
      user = c.form.Get("user");
      const std::string_view cookie = CookieValue(r.Header("Cookie"), kLoginCookie);
      if (!SameToken(c.form.Get("csrf"), cookie)) {
        error = std::string(Tr(c.lang, "csrf"));
      } else if (const int64_t wait = throttle_.WaitSeconds(user, r.remote, c.now); wait > 0) {
        Page p = LoginForm(c, user, Format(Tr(c.lang, "login_wait"), wait), 429);
        p.headers.emplace_back("Retry-After", std::to_string(wait));
        return Render(c, std::move(p));
      } else {
        auto it = c.accounts->find(user);
        // Without an account the check still costs a hash, so timing does not tell names.
        const bool ok = it != c.accounts->end() && !it->second.password.empty()
                            ? VerifyPassword(it->second.password, c.form.Get("password"))
                            : (VerifyPassword(DummyHash(), c.form.Get("password")), false);
        if (ok) {
          throttle_.Succeeded(user, r.remote);
          Session s = sessions_.Create(user, c.now);
          Logger("serve")->info("sign-in: {} from {}", user, r.remote);
          std::string next = c.form.Get("next");
          if (next.substr(0, 4) != "/ui/" || next.find("//") != std::string::npos ||
              next.find('\\') != std::string::npos)
            next = "/ui/";
          Response res = Redirect(next, c);
          res.headers.emplace_back("Set-Cookie", Cookie(kSessionCookie, s.token, -1));
          res.headers.emplace_back("Set-Cookie", Cookie(kLoginCookie, "", 0));
          return res;
        }
        throttle_.Failed(user, r.remote, c.now);
        Logger("serve")->warn("failed sign-in for '{}' from {}", Ellipsize(user, 64), r.remote);
        error = std::string(Tr(c.lang, "login_failed"));
      }
    } else if (r.method != "GET") {
      return Plain(405, "GET, POST");
    }
    return Render(c, LoginForm(c, user, error, error.empty() ? 200 : 401));
  }

  Page LoginForm(Context& c, const std::string& user, const std::string& error, int status) {
    const std::string token = RandomToken();
    TemplateDictionary d("login");
    Words(d, c.lang);
    d.SetValue("CSRF", token);
    d.SetValue("USER", user.substr(0, 64));
    std::string next = c.query.Get("next");
    if (c.request->method == "POST") next = c.form.Get("next");
    d.SetValue("NEXT", next.substr(0, 2000));
    if (!error.empty()) d.SetValueAndShowSection("TEXT", error, "ERROR");
    Page p{status, std::string(Tr(c.lang, "signin")), Expand("login.tpl", d), {}};
    p.headers.emplace_back("Set-Cookie", Cookie(kLoginCookie, token, 3600));
    return p;
  }

  static const std::string& DummyHash() {
    static const std::string* hash = new std::string(HashPassword(RandomToken()));
    return *hash;
  }

  // --- names ------------------------------------------------------------------------------

  // An agency's or a topic's name in the page's language (Vietnamese when the taxonomy has no
  // English one), or the code itself when the taxonomy does not know it.
  template <typename Entry>
  static std::string NameIn(const std::map<std::string, const Entry*>& taxonomy,
                            const std::string& code, std::string_view lang) {
    auto it = taxonomy.find(code);
    if (it == taxonomy.end()) return code;
    const std::string& name =
        lang == "en" && !it->second->name_en.empty() ? it->second->name_en : it->second->name_vi;
    return name.empty() ? code : name;
  }
  std::string AgencyName(const std::string& code, std::string_view lang) const {
    return NameIn(agencies_, code, lang);
  }
  std::string TopicName(const std::string& code, std::string_view lang) const {
    return NameIn(topics_, code, lang);
  }
  static std::string PersonName(const Context& c, const std::string& user) {
    auto it = c.accounts->find(user);
    return it == c.accounts->end() ? user : StrCat(it->second.name, " (", user, ")");
  }

  std::string Deadline(const store::StoredPetition& p, int64_t now, std::string_view lang,
                       std::string* css) const {
    const std::string due = ShowTime(p.due_ms, lang);
    if (!track::IsOpen(p.status)) {
      if (p.answered_ms) return Format(Tr(lang, "answered_on"), ShowTime(p.answered_ms, lang));
      return std::string(Tr(lang, "closed_state"));
    }
    if (p.due_ms == 0) return "—";
    const track::HolidayCalendar* cal = pipeline_.calendar();
    const track::HolidayCalendar weekends;
    const int64_t left = track::WorkingDaysLeft(p.due_ms, now, cal ? *cal : weekends);
    if (now > p.due_ms) {
      if (css) *css = "overdue";
      return Format(Tr(lang, "days_late"), track::DaysOverdue(p.due_ms, now), due);
    }
    if (css && left <= 3) *css = "soon";
    if (left == 0) return Format(Tr(lang, "due_today"), due);
    return Format(Tr(lang, "days_left"), left, due);
  }

  // --- the work list ----------------------------------------------------------------------

  Page WorkList(Context& c) {
    const Account& a = *c.account;
    const Fields& f = c.query;
    const bool scoped = a.role == "operator" || a.role == "lead";
    static constexpr const char* kTabs[] = {"accept",  "new",    "mine", "soon",
                                            "overdue", "update", "all"};
    std::string tab = f.Get("tab");
    if (tab.empty()) tab = scoped ? "accept" : "overdue";
    bool known = false;
    for (const char* t : kTabs) known |= tab == t;
    if (!known)
      return Error(c, 400,
                   StrCat("tab: expected one of accept, new, mine, soon, "
                          "overdue, update, all; got '",
                          Ellipsize(tab, 40), "'"));
    service::QueryRequest q;
    q.now_ms = c.now;
    q.state = f.Get("status");
    q.topic = f.Get("topic");
    q.from = f.Get("from");
    q.to = f.Get("to");
    q.text = f.Get("q");
    q.with_text = true;
    const std::string area = scoped && !a.area.empty() ? a.area : f.Get("area");
    if (scoped) {
      q.agency = a.agency;
    } else {
      q.agency = f.Get("agency");  // leaders and admins may narrow to one agency
      if (!q.agency.empty() && !agencies_.count(q.agency))
        return Error(c, 400,
                     StrCat(Tr(c.lang, "agency"), ": '", Ellipsize(q.agency, 64),
                            "' is not an agency of the taxonomy"));
    }
    if (tab == "accept" && q.state.empty()) q.state = "received";
    if (tab == "mine") q.assignee = a.user;
    if (tab == "soon") q.due_before = LocalDateTime(c.now + 3 * kMillisPerDay);
    if (tab == "overdue") q.overdue = true;
    if (tab == "update") q.progress_update_due = true;
    if (tab == "new" && q.from.empty()) q.from = LocalDate(c.now - 2 * kMillisPerDay);
    std::string sort = f.Get("sort");
    if (sort != "due" && sort != "day") sort = (tab == "new" || tab == "all") ? "day" : "due";
    // Checks with the form's own names.
    if (!q.topic.empty() && !topics_.count(q.topic))
      return Error(c, 400,
                   StrCat(Tr(c.lang, "topic"), ": '", Ellipsize(q.topic, 64),
                          "' is not a topic of the taxonomy"));
    if (!area.empty()) {
      bool found = false;
      for (const auto& [code, name] : provinces_) found |= code == area;
      if (!found)
        return Error(
            c, 400,
            StrCat(Tr(c.lang, "area"), ": '", Ellipsize(area, 16), "' is not a province code"));
    }
    if (q.text.size() > 200 || !IsUtf8(q.text))
      return Error(c, 400, StrCat(Tr(c.lang, "search"), ": at most 200 bytes of UTF-8 text"));
    const auto namer = [&](std::string_view field) -> std::string {
      if (field == "from") return std::string(Tr(c.lang, "from"));
      if (field == "to") return std::string(Tr(c.lang, "to"));
      if (field == "state") return std::string(Tr(c.lang, "status"));
      return std::string(field);
    };
    auto prepared = service::PrepareQuery(q, namer);
    if (!prepared.ok()) return Error(c, 400, prepared.status().message());
    store::PetitionQuery& pq = prepared->query;
    pq.area = area;
    if (sort == "due" && !store::UsesDueIndex(pq)) pq.due_before_ms = INT64_MAX;
    if (sort == "day" && !store::UsesDueIndex(pq) && pq.from_day.empty() && pq.to_day.empty())
      pq.from_day = "0000-00-00";
    const bool by_due = store::UsesDueIndex(pq);
    pq.after = f.Get("after");
    if (pq.after.size() > 2000) return Error(c, 400, "after: too long");
    pq.limit = kPageRows + 1;

    TemplateDictionary d("worklist");
    Words(d, c.lang);
    d.SetValue("SCOPE",
               scoped ? AgencyName(a.agency, c.lang) : std::string(Tr(c.lang, "all_agencies")));
    d.SetValue("TAB_KEY", tab);
    for (const char* t : kTabs) {
      TemplateDictionary* s = d.AddSectionDictionary("TAB");
      s->SetValue("KEY", t);
      s->SetValue("LABEL", std::string(Tr(c.lang, StrCat("tab_", t))));
      if (tab == t) s->ShowSection("CURRENT");
    }
    d.SetValue("Q", q.text);
    d.SetValue("FROM", f.Get("from"));
    d.SetValue("TO", f.Get("to"));
    d.ShowSection(by_due ? "SORT_DUE" : "SORT_DAY");
    for (State st : kAllStates) {
      TemplateDictionary* s = d.AddSectionDictionary("STATUS_OPT");
      s->SetValue("VALUE", std::string(StateName(st)));
      s->SetValue("LABEL", std::string(StateLabel(c.lang, StateName(st))));
      if (f.Get("status") == StateName(st)) s->ShowSection("SEL");
    }
    for (const classify::Topic& t : taxonomy_.topics) {
      TemplateDictionary* s = d.AddSectionDictionary("TOPIC_OPT");
      s->SetValue("VALUE", t.code);
      s->SetValue("LABEL", TopicName(t.code, c.lang));
      if (q.topic == t.code) s->ShowSection("SEL");
    }
    if (!scoped) {
      TemplateDictionary* filter = d.AddSectionDictionary("AGENCY_FILTER");
      for (const classify::Agency& ag : taxonomy_.agencies) {
        TemplateDictionary* o = filter->AddSectionDictionary("AGENCY_OPT");
        o->SetValue("VALUE", ag.code);
        o->SetValue("LABEL", AgencyName(ag.code, c.lang));
        if (q.agency == ag.code) o->ShowSection("SEL");
      }
    }
    for (const auto& [code, name] : provinces_) {
      if (scoped && !a.area.empty() && code != a.area) continue;
      TemplateDictionary* s = d.AddSectionDictionary("AREA_OPT");
      s->SetValue("VALUE", code);
      s->SetValue("LABEL", name);
      if (area == code) s->ShowSection("SEL");
    }

    size_t rows = 0;
    std::string last_cursor;
    bool more = false;
    Status s = read_([&](const store::Store& store) -> Status {
      auto r = store::RunQueryPage(
          store, pq, [&](const store::StoredPetition& p, const std::string& cursor) {
            if (rows == kPageRows) {
              more = true;
              return false;
            }
            if (!MaySee(a, p)) return true;  // (scoped queries hold only the agency's)
            ++rows;
            last_cursor = cursor;
            TemplateDictionary* row = d.AddSectionDictionary("ROW");
            row->SetValue("ID", p.petition.id);
            row->SetValue("TITLE",
                          Ellipsize(MaskReporterIn(p.petition.title, p.petition.reporter), 120));
            row->SetValue("STATUS", std::string(StateLabel(c.lang, p.status)));
            row->SetValue(
                "TOPIC",
                TopicName(p.corrected_topic.empty() ? p.route.topic : p.corrected_topic, c.lang));
            row->SetValue("AGENCY", AgencyName(p.agency, c.lang));
            std::string css;
            row->SetValue("DUE", Deadline(p, c.now, c.lang, &css));
            row->SetValue("CLASS", css);
            return true;
          });
      return r.ok() ? OkStatus() : r.status();
    });
    if (!s.ok()) return Error(c, s.code() == StatusCode::kInvalidArgument ? 400 : 503, s.message());
    if (rows == 0) d.ShowSection("EMPTY");
    d.SetValue("CAPTION", StrCat(Format(Tr(c.lang, "caption_page"), rows),
                                 by_due ? Tr(c.lang, "caption_open") : ""));
    std::string base = StrCat("/ui/?tab=", tab);
    for (const char* k : {"q", "status", "topic", "area", "agency", "from", "to", "sort"})
      if (!f.Get(k).empty()) StrAppend(&base, "&", k, "=", UrlEncode(f.Get(k)));
    if (more) d.SetValueAndShowSection("URL", StrCat(base, "&after=", last_cursor), "NEXT");
    if (!pq.after.empty()) d.SetValueAndShowSection("URL", base, "FIRST");
    return Page{200, std::string(Tr(c.lang, "worklist")), Expand("worklist.tpl", d), {}};
  }

  // --- the petition page ------------------------------------------------------------------

  // POST /ui/p/{id}/reveal: the page with the personal data in clear, once the reveal (who, why)
  // is recorded in the petition's history: the broker has acknowledged the event. The answer
  // is this POST's (no-store), never a page that a link or the history could open again.
  Page Reveal(Context& c, const std::string& id) {
    const Account& a = *c.account;
    if (!RoleMayAct(a, Action::kReveal)) return Error(c, 403, Tr(c.lang, "role_cannot"));
    const std::string reason = c.form.Get("reason");
    if (!IsUtf8(reason)) return Error(c, 400, "the form holds text that is not UTF-8");
    if (IsBlankText(reason))
      return Error(c, 400, StrCat(Tr(c.lang, "reveal_reason"), ": ", Tr(c.lang, "required")));
    if (std::optional<Page> refused = MayRecordOn(c, id)) return std::move(*refused);
    const auto namer = [&](std::string_view field) -> std::string {
      return field == "$.note" ? std::string(Tr(c.lang, "reveal_reason")) : std::string(field);
    };
    Status recorded =
        service::RecordReveals(config_, config_.store.path, {id}, a.user, reason, c.now, namer);
    if (!recorded.ok())
      return Error(c, recorded.code() == StatusCode::kInvalidArgument ? 400 : 503,
                   recorded.message());
    Logger("serve")->info("reveal by {} on {}", a.user, id);  // the reason stays in the history
    return PetitionPage(c, id, reason);
  }

  // `revealed_for`: the reason given when the personal data is shown in clear; "" = masked.
  Page PetitionPage(Context& c, const std::string& id, const std::string& revealed_for = "") {
    const bool clear = !revealed_for.empty();
    std::optional<service::PetitionView> view;
    std::string original;
    Status s = read_([&](const store::Store& store) -> Status {
      PAKN_ASSIGN_OR_RETURN(view, service::ShowPetition(store, id));
      if (view) {
        const store::StoredPetition& rec = view->record;
        auto raw =
            store.Get(store::kCfPayloads, rec.payload_seq ? store::PayloadSeqKey(rec.payload_seq)
                                                          : store::PayloadKey(id, rec.version));
        if (raw.ok() && *raw) original = std::move(**raw);
      }
      return OkStatus();
    });
    if (!s.ok()) return Error(c, 503, s.message());
    if (!view) return Error(c, 404, Tr(c.lang, "no_such_petition"));
    const Account& a = *c.account;
    const store::StoredPetition& p = view->record;
    if (!MaySee(a, p)) return Error(c, 403, Tr(c.lang, "not_your_agency"));
    const Petition& pet = p.petition;
    const std::string& lang = c.lang;

    TemplateDictionary d("petition");
    Words(d, lang);
    d.SetValue("ID", pet.id);
    d.SetValue("STATUS", std::string(StateLabel(lang, p.status)));
    d.SetValue("STATE_CLASS", p.status);
    d.SetValue("TITLE", clear ? pet.title : MaskReporterIn(pet.title, pet.reporter));
    std::string css;
    d.SetValue("DEADLINE", Deadline(p, c.now, lang, &css));
    d.SetValue("DEADLINE_CLASS", css);
    d.SetValue("AGENCY", AgencyName(p.agency, lang));
    if (!p.assignee.empty())
      d.SetValueAndShowSection("NAME", PersonName(c, p.assignee), "ASSIGNEE");
    d.SetValue("TOPIC", TopicName(p.route.topic, lang));
    if (!p.corrected_topic.empty())
      d.SetValueAndShowSection("NAME", TopicName(p.corrected_topic, lang), "CORRECTED");
    d.SetValue("SUBMITTED", ShowTime(pet.submitted_at_ms, lang));
    d.SetValue("CHANNEL", pet.channel);
    if (!pet.source.empty()) d.SetValueAndShowSection("NAME", pet.source, "SOURCE");
    if (p.place) {
      d.SetValue("PLACE", StrCat(p.place->ward_name, p.place->ward_name.empty() ? "" : ", ",
                                 p.place->province_name));
    } else {
      d.SetValue("PLACE", StrCat(pet.location.ward, pet.location.ward.empty() ? "" : ", ",
                                 pet.location.province, " (", Tr(lang, "not_resolved"), ")"));
    }
    const Reporter& rep = pet.reporter;
    std::string reporter = clear ? rep.name : MaskName(rep.name);
    using Mask = std::string (*)(std::string_view);
    const std::pair<const std::string*, Mask> shown[] = {{&rep.phone, &MaskDigits},
                                                         {&rep.email, &MaskEmail},
                                                         {&rep.national_id, &MaskDigits},
                                                         {&rep.address, &MaskFreeText}};
    for (const auto& [value, mask] : shown)
      if (!value->empty())
        StrAppend(&reporter, reporter.empty() ? "" : " · ", clear ? *value : mask(*value));
    d.SetValue("REPORTER", reporter.empty() ? "—" : reporter);
    if (p.pii_erased_ms) {
      d.SetValueAndShowSection("AT", ShowTime(p.pii_erased_ms, lang), "ERASED");
    } else if (clear) {
      d.SetValueAndShowSection("REASON", revealed_for, "REVEALED");
    } else if (RoleMayAct(a, Action::kReveal) && !reporter.empty()) {
      d.SetValueAndShowSection("CSRF", c.session.csrf, "REVEAL");
    } else {
      d.ShowSection("MASKED");
    }
    if (p.next_update_ms) {
      TemplateDictionary* pr = d.AddSectionDictionary("PROGRESS");
      const bool owed = p.next_update_ms <= c.now;
      pr->SetValue("TEXT", Format(Tr(lang, owed ? "update_owed" : "update_due"),
                                  ShowTime(p.next_update_ms, lang)));
      pr->SetValue("CLASS", owed ? "overdue" : "");
    }
    const classify::RouteDecision& route = p.route;
    std::string why = StrCat(AgencyName(route.agency, lang), " · ", TopicName(route.topic, lang),
                             " · ", route.priority);
    if (!route.rule_id.empty()) StrAppend(&why, " · rule ", route.rule_id);
    if (!route.matched.empty()) StrAppend(&why, " (\"", route.matched, "\")");
    if (!route.method.empty()) StrAppend(&why, " · ", route.method);
    if (!route.model_version.empty())
      StrAppend(&why, fmt::format(" · model {} {:.0f}%", TopicName(route.model_topic, lang),
                                  100 * route.model_probability));
    d.SetValue("ROUTE", why);
    if (!route.candidates.empty()) {
      std::string cand;
      for (const auto& x : route.candidates)
        StrAppend(&cand, cand.empty() ? "" : "; ", TopicName(x.topic, lang), " → ",
                  AgencyName(x.agency, lang), fmt::format(" ({} {:.2g})", x.source, x.score));
      d.SetValueAndShowSection("TEXT", cand, "CANDIDATE");
    }
    d.SetValue("CONTENT", clear ? pet.content : MaskReporterIn(pet.content, rep));
    if (!p.repairs.empty()) d.SetValueAndShowSection("TEXT", StrJoin(p.repairs, ", "), "REPAIRS");
    d.SetValue("ORIGINAL", original.empty() ? "—"
                           : clear          ? original
                                            : MaskReporterIn(original, rep));

    // Actions the state allows and the role may take.
    std::vector<Action> allowed;
    if (auto st = ParseState(p.status))
      for (Action act : track::AllowedActions(*st))
        if (RoleMayAct(a, act)) allowed.push_back(act);
    if (!allowed.empty()) {
      TemplateDictionary* act = d.AddSectionDictionary("ACTIONS");
      act->SetValue("CSRF", c.session.csrf);
      act->SetValue("EVENT_ID", StrCat("web-", c.now, "-", RandomToken().substr(0, 16)));
      for (Action x : allowed) {
        TemplateDictionary* o = act->AddSectionDictionary("ACTION");
        o->SetValue("VALUE", std::string(ActionName(x)));
        o->SetValue("LABEL", std::string(ActionLabel(lang, ActionName(x))));
      }
      for (const classify::Agency& ag : taxonomy_.agencies) {
        TemplateDictionary* o = act->AddSectionDictionary("AGENCY_OPT");
        o->SetValue("VALUE", ag.code);
        o->SetValue("LABEL", AgencyName(ag.code, lang));
        if (ag.code == p.agency) o->ShowSection("SEL");
      }
      for (const classify::Topic& t : taxonomy_.topics) {
        TemplateDictionary* o = act->AddSectionDictionary("TOPIC_OPT");
        o->SetValue("VALUE", t.code);
        o->SetValue("LABEL", TopicName(t.code, lang));
      }
      for (const auto& [user, acc] : *c.accounts) {
        if (acc.agency != p.agency) continue;
        TemplateDictionary* o = act->AddSectionDictionary("COLLEAGUE");
        o->SetValue("USER", user);
        o->SetValue("NAME", acc.name);
      }
    }
    for (const store::StoredEvent& e : view->history) {
      TemplateDictionary* row = d.AddSectionDictionary("EVENT");
      row->SetValue("SEQ", std::to_string(e.seq));
      row->SetValue("AT", ShowTime(e.at_ms, lang));
      row->SetValue("TYPE", std::string(EventLabel(lang, e.type)));
      row->SetValue("ACTOR", e.actor == "pakn-ingest" ? "pakn" : PersonName(c, e.actor));
      const std::string detail = ShowDetail(e.detail_json);
      row->SetValue("DETAIL", Ellipsize(clear ? detail : MaskReporterIn(detail, rep), 600));
      row->SetValue("CLASS", e.type == "refused" ? "refused" : "");
    }
    return Page{200, pet.id, Expand("petition.tpl", d), {}};
  }

  // --- actions ----------------------------------------------------------------------------

  // The error page when the signed-in account may not record an event on petition `id` (an
  // action, a reveal): none such (404), not the account's agency (403), no events topic to
  // record it on (503), or the store failing (503); nullopt when it may.
  std::optional<Page> MayRecordOn(const Context& c, const std::string& id) {
    std::optional<store::StoredPetition> rec;
    Status s = read_([&](const store::Store& store) -> Status {
      PAKN_ASSIGN_OR_RETURN(rec, store.GetRecord(id));
      return OkStatus();
    });
    if (!s.ok()) return Error(c, 503, s.message());
    if (!rec) return Error(c, 404, Tr(c.lang, "no_such_petition"));
    if (!MaySee(*c.account, *rec)) return Error(c, 403, Tr(c.lang, "not_your_agency"));
    if (config_.kafka.events_topic.empty() || config_.kafka.brokers.empty())
      return Error(c, 503, Tr(c.lang, "no_events_topic"));
    return std::nullopt;
  }

  Response Act(Context& c, const std::string& id) {
    const Account& a = *c.account;
    const Fields& f = c.form;
    const std::string back = StrCat("/ui/p/", UrlEncode(id));
    auto action = ParseAction(f.Get("action"));
    if (!action)
      return Render(c, Error(c, 400,
                             StrCat(Tr(c.lang, "action"), ": '", Ellipsize(f.Get("action"), 40),
                                    "' is no action")));
    if (!RoleMayAct(a, *action)) return Render(c, Error(c, 403, Tr(c.lang, "role_cannot")));
    if (std::optional<Page> refused = MayRecordOn(c, id)) return Render(c, std::move(*refused));

    TrackingEvent e;
    e.event_id = f.Get("event_id");
    if (e.event_id.rfind("web-", 0) != 0 || !IsValidId(e.event_id))
      e.event_id = StrCat("web-", c.now, "-", RandomToken().substr(0, 16));
    e.petition_id = id;
    e.type = *action;
    e.at = LocalDateTime(c.now);
    e.at_ms = *ParseRfc3339(e.at);
    e.actor = a.user;  // never a form field
    e.agency = f.Get("agency");
    e.assignee = f.Get("assignee");
    e.note = f.Get("note");
    e.visibility = f.Get("public") == "1" ? "public" : "internal";
    e.of = f.Get("of");
    e.topic = *action == Action::kTransfer ? f.Get("topic") : "";
    if (*action == Action::kRespond) {
      e.has_response = true;
      e.response.text = f.Get("response");
      const std::string file = f.Get("file_ref");
      if (!file.empty() && !IsBlankText(e.response.text))
        StrAppend(&e.response.text, "\n\n", Tr(c.lang, "file_ref"), ": ", file);
      e.response.doc_number = f.Get("doc_number");
      e.response.answered_by = a.name;
    }
    for (const std::string* text : {&e.note, &e.response.text, &e.agency, &e.assignee, &e.of})
      if (!IsUtf8(*text)) return Render(c, Error(c, 400, "the form holds text that is not UTF-8"));
    const auto namer = [&](std::string_view field) -> std::string {
      if (field == "$.agency") return std::string(Tr(c.lang, "to_agency"));
      if (field == "$.assignee") return std::string(Tr(c.lang, "to_colleague"));
      if (field == "$.note") return std::string(Tr(c.lang, "note"));
      if (field == "$.of") return std::string(Tr(c.lang, "duplicate_of"));
      if (field == "$.response.text") return std::string(Tr(c.lang, "response"));
      if (field == "$.topic") return std::string(Tr(c.lang, "new_topic"));
      return std::string(field);
    };
    auto transport = service::NewKafkaEventTransport(
        config_, config_.store.path,
        std::chrono::duration_cast<std::chrono::milliseconds>(kActionWait));
    auto done = service::RecordAction(e, c.now, config_, pipeline_, *transport, namer);
    std::string flash;
    if (done.ok()) {
      const std::string label(ActionLabel(c.lang, ActionName(e.type)));
      if (done->repeated) {
        flash = StrCat("ok|", Tr(c.lang, "repeated"));
      } else if (done->outcome.outcome == "applied") {
        flash = StrCat(
            "ok|", Format(Tr(c.lang, "applied"), label, StateLabel(c.lang, done->outcome.state)));
      } else if (done->outcome.outcome == "refused") {
        flash = StrCat("refused|", Format(Tr(c.lang, "refused"), done->outcome.reason));
      } else {
        flash = StrCat("pending|", Tr(c.lang, "pending"));
      }
      Logger("serve")->info("{} by {} on {}: {}", ActionName(e.type), a.user, id,
                            done->outcome.outcome);
    } else if (done.status().code() == StatusCode::kDeadlineExceeded) {
      flash = StrCat("pending|", Format(Tr(c.lang, "sent_not_applied"), kActionWait.count()));
    } else if (done.status().code() == StatusCode::kInvalidArgument) {
      flash = StrCat("error|", Format(Tr(c.lang, "refused"), done.status().message()));
    } else {
      return Render(c, Error(c, 503, done.status().message()));
    }
    sessions_.SetFlash(c.session.token, std::move(flash));
    if (done.ok() && catch_up_) catch_up_();
    return Redirect(back, c);
  }

  // --- the digest -------------------------------------------------------------------------

  Response DigestPage(Context& c) {
    const Account& a = *c.account;
    std::string day = c.query.Get("day");
    if (day.empty()) day = LocalDate(c.now);
    if (!ParseLocalDate(day).ok())
      return Render(
          c, Error(c, 400, StrCat("day: expected YYYY-MM-DD, got '", Ellipsize(day, 20), "'")));
    store::DigestRequest request;
    request.from_day = day;
    request.to_day = day;
    request.now_ms = c.now;
    if (a.role == "operator" || a.role == "lead") request.agency = a.agency;
    std::string html;
    Status s = read_([&](const store::Store& store) -> Status {
      PAKN_ASSIGN_OR_RETURN(
          service::DigestReport report,
          service::MakeDigest(store, request, c.lang, config_.classify.rules_path));
      digest::DigestView view{&report.digest, c.lang, report.names};
      html = digest::RenderDigestHtml(view);
      return OkStatus();
    });
    if (!s.ok()) return Render(c, Error(c, 503, s.message()));
    Response res{200, "text/html; charset=utf-8", std::move(html), {}};
    res.headers.emplace_back("Cache-Control", "no-store");
    // The digest page carries its own inline style and SVG charts, and no script.
    res.headers.emplace_back("Content-Security-Policy",
                             "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                             "frame-ancestors 'none'");
    res.headers.emplace_back("X-Frame-Options", "DENY");
    if (c.set_lang) res.headers.emplace_back("Set-Cookie", Cookie(kLangCookie, c.lang, 31536000));
    return res;
  }

  const PaknConfig& config_;
  const classify::Taxonomy& taxonomy_;
  const pipeline::Pipeline& pipeline_;
  StoreReader read_;
  std::function<void()> catch_up_;
  Sessions sessions_;
  LoginThrottle throttle_;
  Mutex accounts_mu_;
  std::shared_ptr<const AccountMap> accounts_ GUARDED_BY(accounts_mu_);
  std::map<std::string, const classify::Agency*> agencies_;
  std::map<std::string, const classify::Topic*> topics_;
  std::vector<std::pair<std::string, std::string>> provinces_;
};

}  // namespace

bool WebUi::Owns(std::string_view path) {
  return path == "/" || path == "/ui" || path.substr(0, 4) == "/ui/";
}

StatusOr<std::unique_ptr<WebUi>> WebUi::Create(const PaknConfig& config,
                                               const classify::Taxonomy& taxonomy,
                                               const pipeline::Pipeline& pipeline, StoreReader read,
                                               std::function<void()> catch_up) {
  auto ui =
      std::make_unique<WebUiImpl>(config, taxonomy, pipeline, std::move(read), std::move(catch_up));
  PAKN_RETURN_IF_ERROR(ui->Init());
  return std::unique_ptr<WebUi>(std::move(ui));
}

}  // namespace pakn::serve
