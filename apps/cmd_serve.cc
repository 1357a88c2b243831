// pakn serve (Open311 over HTTP), pakn validate (ingest's checks offline), pakn api-key
// (a new portal key; docs/http-api.md) and pakn store-key (the keys that seal personal data in
// the store; docs/operator-guide.md "Keys for the store").
#include <fcntl.h>
#include <signal.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "apps/cli.h"
#include "apps/commands.h"
#include "base/json_writer.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "config/config.h"
#include "fmt/format.h"
#include "pipeline/pipeline.h"
#include "serve/auth.h"
#include "serve/open311.h"
#include "serve/server.h"
#include "service/intake.h"
#include "store/seal.h"

namespace pakn::apps {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void OnServeStop(int) { g_stop.store(true); }
std::atomic<bool> g_reload{false};
extern "C" void OnServeReload(int) { g_reload.store(true); }

struct ServeCommand {
  std::string config_path;
  std::string listen;  // overrides http.listen
  std::string log_level;
};

int RunServe(const ServeCommand& cmd) {
  auto config = LoadConfig(cmd.config_path);
  if (!config.ok()) return Fail(InvalidArgumentError(config.status().message()));
  SetupLogging(cmd.log_level.empty() ? config->log_level : cmd.log_level, config->log_format);
  if (!cmd.listen.empty()) config->http.listen = cmd.listen;
  if (config->http.portals.empty())
    Logger("serve")->warn("{}: no [[http.portal]] keys: every POST will get 401/403", config->path);
  auto server = serve::Server::Create(*config);
  if (!server.ok()) return Fail(server.status());
  struct sigaction sa = {};
  sa.sa_handler = OnServeStop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
  struct sigaction hup = {};
  hup.sa_handler = OnServeReload;  // the web view's accounts (docs/web.md)
  sigemptyset(&hup.sa_mask);
  sigaction(SIGHUP, &hup, nullptr);
  if (Status s = (*server)->Start(); !s.ok()) return Fail(s);
  Logger("serve")->info(
      "serving Open311 GeoReport v2 on {}://{}:{}/open311/v2/ ({} portals, {} "
      "threads)",
      config->http.tls_cert.empty() ? "http" : "https",
      config->http.listen.substr(0, config->http.listen.rfind(':')), (*server)->port(),
      config->http.portals.size(), config->http.threads);
  // For scripts that started it on port 0: the bound port on stdout.
  fmt::print("listening on {}\n", (*server)->port());
  std::fflush(stdout);
  sd_notify(0, "READY=1\nSTATUS=serving");
  uint64_t watchdog_usec = 0;
  const bool watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0;
  auto last_ping = std::chrono::steady_clock::now();
  while (!g_stop.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (g_reload.exchange(false)) {
      if (Status s = (*server)->ReloadAccounts(); !s.ok())
        Logger("serve")->error("SIGHUP: accounts not reloaded, the old ones stay: {}", s.message());
    }
    if (watchdog && std::chrono::steady_clock::now() - last_ping >
                        std::chrono::microseconds(watchdog_usec / 2)) {
      sd_notify(0, "WATCHDOG=1");
      last_ping = std::chrono::steady_clock::now();
    }
  }
  sd_notify(0, "STOPPING=1");
  Logger("serve")->info("stopping: finishing the requests in progress");
  (*server)->Stop();
  Logger("serve")->info("stopped");
  return 0;
}

struct ValidateCommand {
  std::string config_path;
  std::vector<std::string> files;
  bool lines = false;
  bool json = false;
  std::string now;
};

int RunValidate(const ValidateCommand& cmd) {
  PaknConfig config;
  std::error_code ec;
  if (!cmd.config_path.empty()) {
    auto loaded = LoadConfig(cmd.config_path);
    if (!loaded.ok()) return Fail(InvalidArgumentError(loaded.status().message()));
    config = std::move(*loaded);
  }
  int64_t now_ms = SystemClock().NowMillis();
  if (!cmd.now.empty()) {
    auto t = ParseRfc3339(cmd.now);
    if (!t.ok()) return Fail(InvalidArgumentError(StrCat("--now: ", t.status().message())));
    now_ms = *t;
  }
  auto pipeline =
      pipeline::Pipeline::Create(config, {.places = false, .rules = false, .deadlines = false});
  if (!pipeline.ok()) return Fail(pipeline.status());
  service::PetitionChecker checker(**pipeline, config.ingest.max_message_bytes);
  uint64_t valid = 0, rejected = 0;
  auto check = [&](const std::string& where, std::string_view doc) {
    auto checked = checker.Check(doc, now_ms);
    const Rejection* r = std::get_if<Rejection>(&checked);
    if (!r) {
      ++valid;
      if (cmd.json) {
        JsonWriter w;
        w.BeginObject();
        w.Member("where", where);
        w.Member("id", std::get<pipeline::CheckedPetition>(checked).petition.id);
        w.Key("valid");
        w.Bool(true);
        w.EndObject();
        fmt::print("{}\n", w.str());
      }
      return;
    }
    ++rejected;
    if (cmd.json) {
      JsonWriter w;
      w.BeginObject();
      w.Member("where", where);
      w.Key("valid");
      w.Bool(false);
      w.Member("code", RejectCodeName(r->code));
      w.Member("field", r->field);
      w.Member("reason", r->reason);
      w.EndObject();
      fmt::print("{}\n", w.str());
    } else {
      fmt::print("{}: {}\n", where, r->reason);
    }
  };
  std::vector<std::string> files = cmd.files.empty() ? std::vector<std::string>{"-"} : cmd.files;
  for (const std::string& file : files) {
    std::string text;
    if (file == "-") {
      std::stringstream buf;
      buf << std::cin.rdbuf();
      text = buf.str();
    } else {
      if (std::filesystem::is_directory(file, ec))
        return Fail(InvalidArgumentError(StrCat(file, ": is a folder, expected a file")));
      std::ifstream in(file, std::ios::binary);
      if (!in) return Fail(InvalidArgumentError(StrCat(file, ": cannot open")));
      std::stringstream buf;
      buf << in.rdbuf();
      text = buf.str();
    }
    const bool lines =
        cmd.lines || file == "-" || file.ends_with(".jsonl") || file.ends_with(".ndjson");
    const std::string name = file == "-" ? "<stdin>" : file;
    if (!lines) {
      check(name, text);
      continue;
    }
    size_t start = 0;
    int line = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      ++line;
      std::string_view doc(text.data() + start, end - start);
      if (!doc.empty() && doc.back() == '\r') doc.remove_suffix(1);
      if (doc.find_first_not_of(" \t") != std::string_view::npos)
        check(StrCat(name, ":", line), doc);
      start = end + 1;
    }
  }
  fmt::print(stderr, "pakn validate: {} valid, {} rejected\n", valid, rejected);
  return rejected > 0 ? 1 : 0;
}

// pakn store-key new | rotate: writes the key file (mode 0600) through a temporary file in the
// same folder and a rename, so that a reader never sees half a file.
int WriteStoreKeyFile(const std::string& file, const std::string& id, bool rotate) {
  std::string clean_id = id;
  if (id.empty()) {  // k20261207
    clean_id = "k";
    for (char c : LocalDate(SystemClock().NowMillis()))
      if (c != '-') clean_id.push_back(c);
  }
  if (Status s = store::CheckKeyId(clean_id); !s.ok())
    return Fail(InvalidArgumentError(StrCat("--id: ", s.message())));
  std::string old;
  if (rotate) {
    auto ring = store::LoadKeyRing(file);  // the file must be one pakn reads
    if (::getenv(store::kStoreKeyEnv))
      return Fail(InvalidArgumentError(
          StrCat("unset ", store::kStoreKeyEnv, ": rotate changes the file --file names")));
    if (!ring.ok()) return Fail(InvalidArgumentError(ring.status().message()));
    if (!*ring) return Fail(InvalidArgumentError("--file: required"));
    if ((*ring)->Find(clean_id))
      return Fail(
          InvalidArgumentError(StrCat("--id: ", file, " already has a key '", clean_id, "'")));
    for (const store::StoreKey& k : (*ring)->keys()) StrAppend(&old, store::KeyLine(k), "\n");
  } else if (std::error_code ec; std::filesystem::exists(file, ec)) {
    return Fail(InvalidArgumentError(
        StrCat("--file: ", file, " exists; `pakn store-key rotate` adds a key to it")));
  }
  const std::string text = StrCat(
      "# pakn store keys (docs/operator-guide.md \"Keys for the store\"). The first key seals new\n"
      "# values; the others open the values they sealed. Keep a copy apart from the store's\n"
      "# backups: without it the personal data in the store cannot be read.\n",
      store::NewKeyLine(clean_id), "\n", old);
  const std::string tmp = file + ".new";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(UnavailableError(StrCat(tmp, ": cannot create: ", std::strerror(errno))));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(tmp.c_str(), file.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Fail(UnavailableError(StrCat(file, ": cannot write: ", why)));
  }
  fmt::print(stderr, "{} {}: key '{}' now seals new values{}\n", file,
             rotate ? "rotated" : "written", clean_id,
             rotate ? "; restart ingest and serve (the old keys still open what they sealed)"
                    : "; set store.key_file to it");
  return 0;
}

}  // namespace

std::vector<Command> AddServeCommands(CLI::App& app) {
  std::vector<Command> out;
  {
    auto held = std::make_shared<ServeCommand>();
    held->config_path = DefaultConfig();
    auto* s = app.add_subcommand(
        "serve",
        "Open311 GeoReport v2 over HTTP: portals submit, citizens follow (docs/http-api.md)");
    s->add_option("--config", held->config_path, "config file (TOML); [http] sets the server");
    s->add_option("--listen", held->listen, "HOST:PORT, instead of http.listen");
    s->add_option("--log-level", held->log_level, "trace, debug, info, warn, error, critical, off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
    out.push_back({s, [held] { return RunServe(*held); }});
  }
  {
    auto held = std::make_shared<ValidateCommand>();
    auto* s = app.add_subcommand(
        "validate", "check petition JSON as ingest will, offline (exit 1 if any is rejected)");
    s->add_option("files", held->files,
                  "files: one document each, or JSON lines (.jsonl, .ndjson, --lines); - = stdin "
                  "(JSON lines)");
    s->add_option("--config", held->config_path,
                  "config file for ingest.max_message_bytes and classify.tone_style");
    s->add_flag("--lines", held->lines, "read every file as JSON lines");
    s->add_flag("--json", held->json, "one JSON result a document");
    s->add_option("--now", held->now, "the time a message reaches Kafka (RFC 3339; default now)");
    out.push_back({s, [held] { return RunValidate(*held); }});
  }
  {
    struct StoreKeyCommand {
      std::string file, id;
    };
    auto held = std::make_shared<StoreKeyCommand>();
    auto* s = app.add_subcommand("store-key", "the keys that seal personal data in the store");
    auto* s_new = s->add_subcommand("new", "write a new key file (mode 0600) with one key");
    auto* s_rotate = s->add_subcommand(
        "rotate",
        "put a new key first in a key file: it seals new values, the old ones still open");
    for (CLI::App* sub : {s_new, s_rotate}) {
      sub->add_option("--file", held->file, "the key file (store.key_file)")->required();
      sub->add_option("--id", held->id,
                      "the new key's id: [A-Za-z0-9._-], 1 to 32 (default kYYYYMMDD)");
    }
    s->require_subcommand(1);
    out.push_back({s_new, [held] { return WriteStoreKeyFile(held->file, held->id, false); }});
    out.push_back({s_rotate, [held] { return WriteStoreKeyFile(held->file, held->id, true); }});
  }
  {
    auto portal = std::make_shared<std::string>();
    auto* s = app.add_subcommand("api-key", "make a new API key for a portal (pakn serve)");
    auto* s_new = s->add_subcommand("new", "print a new key and the [[http.portal]] lines");
    s_new->add_option("--portal", *portal, "the portal's name (the petitions' source)")->required();
    s->require_subcommand(1);
    out.push_back({s_new, [portal] {
                     // The name becomes a TOML string and the petitions' source: the config's
                     // rule (1 to 200 bytes), and no control characters.
                     if (portal->size() > 200)
                       return Fail(InvalidArgumentError("--portal: at most 200 bytes"));
                     for (unsigned char c : *portal)
                       if (c < 0x20 || c == 0x7f)
                         return Fail(InvalidArgumentError(
                             "--portal: no control characters (tabs, line breaks)"));
                     std::string quoted;
                     AppendJsonString(*portal, quoted);  // a valid TOML basic string too
                     const std::string key = serve::NewApiKey();
                     fmt::print(stderr,
                                "Give the portal this key (it is shown once; pakn keeps only its "
                                "SHA-256):\n");
                     fmt::print("{}\n", key);
                     fmt::print(stderr, "\nAdd to the config:\n");
                     fmt::print("\n[[http.portal]]\nportal = {}\nsha256 = \"{}\"\n", quoted,
                                serve::Sha256Hex(key));
                     return 0;
                   }});
  }
  {
    // pakn account add | hash: the web view's accounts file (docs/web.md "Accounts").
    struct AccountCommand {
      std::string file, user, name, role, agency, area;
      bool generate = false;
    };
    auto held = std::make_shared<AccountCommand>();
    auto* s = app.add_subcommand("account", "accounts of the web view (pakn serve)");
    auto* s_add = s->add_subcommand(
        "add", "add an account to an accounts file (the password from stdin, or --generate)");
    s_add->add_option("--file", held->file, "the accounts file (http.accounts_file)")->required();
    s_add->add_option("--user", held->user, "the sign-in name: [a-z0-9._-], 1 to 64")->required();
    s_add->add_option("--name", held->name, "the person's name, as pages show it");
    s_add->add_option("--role", held->role, "operator, lead, leader or admin")
        ->required()
        ->check(CLI::IsMember({"operator", "lead", "leader", "admin"}));
    s_add->add_option("--agency", held->agency, "the agency code (operator and lead)");
    s_add->add_option("--area", held->area, "a province code: only that area's petitions");
    s_add->add_flag("--generate", held->generate, "make a password and print it once");
    auto* s_hash = s->add_subcommand("hash", "print the Argon2id hash of the password on stdin");
    s->require_subcommand(1);
    out.push_back({s_hash, [] {
                     std::string password;
                     if (!std::getline(std::cin, password) || password.empty())
                       return Fail(InvalidArgumentError("stdin: expected a password line"));
                     const std::string hash = serve::HashPassword(password);
                     if (hash.empty()) return Fail(UnavailableError("Argon2id failed (memory?)"));
                     fmt::print("{}\n", hash);
                     return 0;
                   }});
    out.push_back(
        {s_add, [held] {
           const AccountCommand& a = *held;
           if (!IsAccountUser(a.user))
             return Fail(InvalidArgumentError(
                 "--user: 1 to 64 lower-case letters, digits, '.', '_' or '-'"));
           if ((a.role == "operator" || a.role == "lead") && a.agency.empty())
             return Fail(
                 InvalidArgumentError(fmt::format("--agency: required for the role {}", a.role)));
           for (const std::string* v : {&a.name, &a.agency, &a.area})
             for (unsigned char c : *v)
               if (c < 0x20 || c == 0x7f)
                 return Fail(InvalidArgumentError("--name/--agency/--area: no control characters"));
           std::string password;
           if (a.generate) {
             password = serve::RandomToken().substr(0, 20);
           } else if (!std::getline(std::cin, password) || password.size() < 10) {
             return Fail(InvalidArgumentError(
                 "stdin: expected a password of at least 10 characters (or --generate)"));
           }
           // The file must still parse with the new account: check before writing.
           std::string existing;
           {
             std::ifstream in(a.file, std::ios::binary);
             if (in) existing.assign(std::istreambuf_iterator<char>(in), {});
           }
           auto quoted = [](const std::string& v) {
             std::string out;
             AppendJsonString(v, out);
             return out;
           };
           std::string block =
               fmt::format("{}[[account]]\nuser = {}\nname = {}\nrole = {}\n",
                           existing.empty() || existing.back() == '\n' ? "" : "\n", quoted(a.user),
                           quoted(a.name.empty() ? a.user : a.name), quoted(a.role));
           if (!a.agency.empty()) block += fmt::format("agency = {}\n", quoted(a.agency));
           if (!a.area.empty()) block += fmt::format("area = {}\n", quoted(a.area));
           const std::string hash = serve::HashPassword(password);
           if (hash.empty()) return Fail(UnavailableError("Argon2id failed (memory?)"));
           block += fmt::format("password = {}\n", quoted(hash));
           if (auto parsed = ParseAccounts(existing + block, a.file); !parsed.ok())
             return Fail(InvalidArgumentError(parsed.status().message()));
           // 0600: the hashes are nobody else's business.
           const int fd = ::open(a.file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
           if (fd < 0 ||
               ::write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size()))
             return Fail(UnavailableError(
                 fmt::format("--file: cannot write '{}': {}", a.file, std::strerror(errno))));
           ::close(fd);
           fmt::print(stderr, "added {} ({}) to {}\n", a.user, a.role, a.file);
           if (a.generate) fmt::print("{}\n", password);
           return 0;
         }});
  }
  return out;
}

}  // namespace pakn::apps
