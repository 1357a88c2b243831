// HttpServer: the HTTP/1.1 server of `pakn serve` and of `pakn ingest`'s metrics, over civetweb
// (Debian's libcivetweb 1.15). civetweb was chosen over cpp-httplib 0.11.4 because it bounds
// what a client can hold: a fixed worker pool with a bounded queue of accepted connections
// (cpp-httplib's queue is unbounded), and a deadline on the whole request head
// (`request_timeout_ms`: a slowloris client that sends a byte every second is cut off; in
// cpp-httplib only each read has a timeout), plus TLS through OpenSSL.
//
//   HttpServer server;
//   server.Route([&](const Request& r) { return Response{200, "text/plain", "ok"}; });
//   PAKN_RETURN_IF_ERROR(server.Start({.listen = "127.0.0.1:8080"}));
//   ... server.Stop();  // stops accepting, lets requests in progress finish
//
// Every request goes to the one routing function (it sees the method, the decoded path and
// the raw query). The server reads the body before calling it: a body over max_body_bytes is
// answered 413 unread, one that does not arrive within the request deadline 408.
//
// Thread safety: the routing function is called from the worker threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

struct mg_connection;
struct mg_context;

namespace pakn::web {

struct Request {
  std::string_view method;  // "GET", "POST", ...
  std::string_view path;    // percent-decoded, dot segments removed
  std::string_view query;   // raw, without '?'
  std::string_view remote;  // the client's address
  std::string body;
  mg_connection* conn = nullptr;
  // A request header's value, "" when absent (names are case-insensitive).
  std::string_view Header(const char* name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Response(const Request&)>;
// Called once per answered request (also the server's own 408/413): for metrics.
using Observer = std::function<void(const Request&, int status, double seconds)>;

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 = any free port
  std::string tls_pem;                    // a PEM file holding key and certificate; "" = plain HTTP
  int threads = 64;
  int queue = 256;
  int64_t max_body_bytes = 1 << 20;
  int64_t request_timeout_ms = 10'000;
  int64_t keep_alive_timeout_ms = 5'000;
};

class HttpServer {
 public:
  HttpServer();
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void Route(Handler handler) { handler_ = std::move(handler); }
  void Observe(Observer observer) { observer_ = std::move(observer); }

  // Binds and starts the workers. UNAVAILABLE naming the address when it cannot bind.
  Status Start(const ServerOptions& options);
  int port() const { return port_; }  // the bound port
  // Stops accepting and waits for the requests in progress. Idempotent.
  void Stop();

 private:
  static int BeginRequest(mg_connection* conn);
  int Serve(mg_connection* conn);
  void Send(mg_connection* conn, const Response& response);

  // Runs the routing function on a thread of the pool and waits for it.
  Response RunHandler(const Request& request);

  Handler handler_;
  Observer observer_;
  ServerOptions options_;
  mg_context* ctx_ = nullptr;
  int port_ = 0;
  // Threads with the system's stack size (8 MiB) for the routing function: Debian's civetweb
  // gives its own workers 100 KiB stacks (USE_STACK_SIZE=102400), which parsing a petition
  // overflowed under ASan. As many as civetweb's workers, so neither bounds the other.
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

// One field of an application/x-www-form-urlencoded string or a URL query, decoded ('+' is a
// space).
struct FormField {
  std::string name, value;
};
// All fields in order; false when a %-escape is malformed (`bad` names the field).
bool ParseForm(std::string_view text, std::vector<FormField>& out, std::string& bad);

// The JSON error body of Open311's form: [{"code":..,"description":..}].
std::string ErrorBody(int code, std::string_view description);

}  // namespace pakn::web
