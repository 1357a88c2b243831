#include "web/http_server.h"

#include <civetweb.h>
#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <exception>
#include <filesystem>
#include <string>

#include "base/json_writer.h"
#include "base/log.h"
#include "base/mutex.h"
#include "base/strings.h"

namespace pakn::web {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      const int hi = i + 1 < in.size() ? HexValue(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

int LogMessage(const mg_connection*, const char* message) {
  Logger("http")->warn("civetweb: {}", message);
  return 1;
}

// Loads web/ssl_compat.cc's library before civetweb loads libssl.so (see there). Looked for
// beside the program, in ../lib/pakn from it, then where the build put it. Returns the path
// loaded, or empty when none was found or loaded (a civetweb built for OpenSSL 3 needs none).
std::string LoadSslCompat() {
  std::vector<std::filesystem::path> candidates;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "libpakn_ssl_compat.so");
    candidates.push_back(exe.parent_path() / "../lib/pakn/libpakn_ssl_compat.so");
  }
#ifdef PAKN_SSL_COMPAT_BUILT
  candidates.emplace_back(PAKN_SSL_COMPAT_BUILT);
#endif
  for (const std::filesystem::path& path : candidates) {
    if (::access(path.c_str(), R_OK) != 0) continue;
    if (dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL) != nullptr) return path.string();
    Logger("http")->warn("cannot load {}: {}", path.string(), dlerror());
  }
  return {};
}

}  // namespace

std::string_view Request::Header(const char* name) const {
  const char* v = conn ? mg_get_header(conn, name) : nullptr;
  return v ? std::string_view(v) : std::string_view();
}

bool ParseForm(std::string_view text, std::vector<FormField>& out, std::string& bad) {
  out.clear();
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      FormField f;
      if (!Decode(pair.substr(0, eq), f.name)) {
        bad = std::string(pair.substr(0, std::min<size_t>(eq, 64)));
        return false;
      }
      if (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), f.value)) {
        bad = f.name;
        return false;
      }
      out.push_back(std::move(f));
    }
    start = end + 1;
  }
  return true;
}

std::string ErrorBody(int code, std::string_view description) {
  JsonWriter w;
  w.BeginArray();
  w.BeginObject();
  w.MemberInt("code", code);
  w.Member("description", description);
  w.EndObject();
  w.EndArray();
  return std::move(w).Take();
}

struct HttpServer::Pool {
  struct Task {
    const Request* request;
    Response response;
    std::exception_ptr error;
    bool done = false;  // guarded by Pool::mu
    CondVar done_cv;    // signalled under Pool::mu: the task lives until its waiter sees done
  };
  Mutex mu;
  CondVar work_cv;
  std::deque<Task*> queue GUARDED_BY(mu);
  bool stopping GUARDED_BY(mu) = false;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer() : pool_(std::make_unique<Pool>()) { mg_init_library(0); }

HttpServer::~HttpServer() {
  Stop();
  mg_exit_library();
}

Response HttpServer::RunHandler(const Request& request) {
  Pool::Task task{&request, {}, nullptr, false, {}};
  MutexLock lock(&pool_->mu);
  pool_->queue.push_back(&task);
  pool_->work_cv.Signal();
  while (!task.done) task.done_cv.Wait(&pool_->mu);
  if (task.error) std::rethrow_exception(task.error);
  return std::move(task.response);
}

Status HttpServer::Start(const ServerOptions& options) {
  options_ = options;
  std::string ports = options.listen;
  if (!options.tls_pem.empty()) ports += "s";
  const std::string threads = std::to_string(options.threads);
  const std::string queue = std::to_string(options.queue);
  const std::string request_timeout = std::to_string(options.request_timeout_ms);
  const std::string keep_alive = std::to_string(options.keep_alive_timeout_ms);
  std::vector<const char*> opts = {"listening_ports", ports.c_str(), "num_threads", threads.c_str(),
                                   "connection_queue", queue.c_str(), "listen_backlog", "1024",
                                   "request_timeout_ms", request_timeout.c_str(),
                                   "keep_alive_timeout_ms", keep_alive.c_str(), "enable_keep_alive",
                                   "yes", "max_request_size", "16384", "decode_url", "yes",
                                   // Headers and body go out in two writes: without this,
                                   // Nagle holds the body until the client's delayed ACK
                                   // (40 ms a request; measured: 1,300 requests/s on 64
                                   // connections, p50 48 ms).
                                   "tcp_nodelay", "1"};
  if (!options.tls_pem.empty()) {
    opts.push_back("ssl_certificate");
    opts.push_back(options.tls_pem.c_str());
    opts.push_back("ssl_protocol_version");
    opts.push_back("4");  // TLS 1.2 and newer
  }
  opts.push_back(nullptr);
  mg_callbacks callbacks{};
  callbacks.begin_request = &HttpServer::BeginRequest;
  callbacks.log_message = &LogMessage;
  char error_text[256] = {};
  mg_error_data error{};
  error.text = error_text;
  error.text_buffer_size = sizeof error_text;
  mg_init_data init{};
  init.callbacks = &callbacks;
  init.user_data = this;
  init.configuration_options = opts.data();
  for (int i = 0; i < options.threads; ++i) {
    pool_->threads.emplace_back([this] {
      Pool& p = *pool_;
      while (true) {
        Pool::Task* task = nullptr;
        {
          MutexLock lock(&p.mu);
          while (p.queue.empty() && !p.stopping) p.work_cv.Wait(&p.mu);
          if (p.queue.empty()) return;
          task = p.queue.front();
          p.queue.pop_front();
        }
        try {
          task->response = handler_(*task->request);
        } catch (...) {
          task->error = std::current_exception();
        }
        MutexLock lock(&p.mu);
        task->done = true;
        task->done_cv.Signal();  // under the lock: the waiter cannot free the task before
      }
    });
  }
  std::string compat;
  if (!options.tls_pem.empty()) compat = LoadSslCompat();
  ctx_ = mg_start2(&init, &error);
  if (!ctx_ && !options.tls_pem.empty() &&
      std::string_view(error_text).find("SSL") != std::string_view::npos)
    return InvalidArgumentError(StrCat(
        "cannot serve HTTPS on ", options.listen, ": ", error_text,
        compat.empty()
            ? ". Debian 12's civetweb 1.15 needs libpakn_ssl_compat.so (built beside pakn) to "
              "use OpenSSL 3, and none was found beside the program or in ../lib/pakn"
            : StrCat(" (with ", compat, ")"),
        ". Install it beside pakn, or terminate TLS in a reverse proxy in front of pakn serve "
        "(docs/http-api.md \"TLS\") and leave http.tls_cert empty"));
  if (!ctx_)
    return UnavailableError(StrCat("cannot serve HTTP on ", options.listen, ": ",
                                   error_text[0] ? error_text : "civetweb did not start"));
  mg_server_port bound[4] = {};
  if (mg_get_server_ports(ctx_, 4, bound) > 0) port_ = bound[0].port;
  return OkStatus();
}

void HttpServer::Stop() {
  if (ctx_) {
    mg_stop(ctx_);  // waits for the requests in progress, hence for their tasks
    ctx_ = nullptr;
  }
  {
    MutexLock lock(&pool_->mu);
    pool_->stopping = true;
  }
  pool_->work_cv.SignalAll();
  for (std::thread& t : pool_->threads) t.join();
  pool_->threads.clear();
}

int HttpServer::BeginRequest(mg_connection* conn) {
  auto* self = static_cast<HttpServer*>(mg_get_user_data(mg_get_context(conn)));
  return self->Serve(conn);
}

void HttpServer::Send(mg_connection* conn, const Response& r) {
  mg_response_header_start(conn, r.status);
  mg_response_header_add(conn, "Content-Type", r.content_type.c_str(), -1);
  mg_response_header_add(conn, "Content-Length", std::to_string(r.body.size()).c_str(), -1);
  mg_response_header_add(conn, "X-Content-Type-Options", "nosniff", -1);
  for (const auto& [k, v] : r.headers) mg_response_header_add(conn, k.c_str(), v.c_str(), -1);
  mg_response_header_send(conn);
  if (!r.body.empty()) mg_write(conn, r.body.data(), r.body.size());
}

int HttpServer::Serve(mg_connection* conn) {
  const auto start = std::chrono::steady_clock::now();
  const mg_request_info* info = mg_get_request_info(conn);
  Request req;
  req.conn = conn;
  req.method = info->request_method ? info->request_method : "";
  req.path = info->local_uri ? info->local_uri : "";
  req.query = info->query_string ? info->query_string : "";
  req.remote = info->remote_addr;
  Response res;
  bool answered = false;
  auto fail = [&](int status, std::string_view text) {
    res = Response{status, "application/json; charset=utf-8", ErrorBody(status, text), {}};
    answered = true;
  };
  const long long length = info->content_length;
  if (length > options_.max_body_bytes) {
    fail(413, StrCat("the body is ", length, " bytes; at most ", options_.max_body_bytes,
                     " are accepted"));
  }
  if (!answered && (length > 0 || (length < 0 && req.method == "POST"))) {
    // Read the body within the request deadline: civetweb's timeout is per read.
    const auto deadline = start + std::chrono::milliseconds(options_.request_timeout_ms);
    char buf[16384];
    while (true) {
      if (std::chrono::steady_clock::now() > deadline) {
        fail(408, StrCat("the body did not arrive within ", options_.request_timeout_ms, " ms"));
        break;
      }
      const int n = mg_read(conn, buf, sizeof buf);
      if (n < 0) {
        fail(408, "the body could not be read (the client stopped sending)");
        break;
      }
      if (n == 0) break;
      req.body.append(buf, static_cast<size_t>(n));
      if (static_cast<int64_t>(req.body.size()) > options_.max_body_bytes) {
        fail(413, StrCat("the body is over ", options_.max_body_bytes, " bytes"));
        break;
      }
    }
  }
  if (!answered) {
    try {
      res = handler_ ? RunHandler(req)
                     : Response{404, "application/json; charset=utf-8",
                                ErrorBody(404, "no such route"), {}};
    } catch (const std::exception& e) {
      Logger("http")->error("{} {}: {}", req.method, req.path, e.what());
      res = Response{500,
                     "application/json; charset=utf-8",
                     ErrorBody(500, "internal error; see the server's log"),
                     {}};
    }
  }
  if (res.status == 408 || res.status == 413) {
    // The rest of the request was not read: the connection cannot be reused.
    res.headers.emplace_back("Connection", "close");
  }
  Send(conn, res);
  if (observer_)
    observer_(req, res.status,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return res.status;
}

}  // namespace pakn::web
