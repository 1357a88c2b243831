// `pakn serve`: Open311 GeoReport v2 intake and status over HTTP, and the service's metrics and
// health (docs/http-api.md). Handlers parse, call the service's use cases (service/intake.h,
// service/public_status.h) and format; nothing here decides what a petition is.
//
//   PAKN_ASSIGN_OR_RETURN(auto server, Server::Create(config));
//   PAKN_RETURN_IF_ERROR(server->Start());  // binds; serves on the worker threads
//   ... wait for SIGTERM ...
//   server->Stop();                         // drains requests, flushes the producer
//
// Thread safety: handlers run on the HTTP worker threads at once; Start/Stop from one thread.
#pragma once

#include <memory>
#include <string>

#include "base/metrics.h"
#include "base/status.h"
#include "config/config.h"

namespace pakn::serve {

class Server {
 public:
  static StatusOr<std::unique_ptr<Server>> Create(const PaknConfig& config);
  virtual ~Server() = default;
  virtual Status Start() = 0;
  virtual int port() const = 0;
  // A JSON object saying what is not ready ("" when ready): store, broker, lag.
  virtual std::string NotReady() = 0;
  virtual void Stop() = 0;
  // The web view's accounts again from http.accounts_file of the config file (SIGHUP). The
  // error names the file and line; the accounts in use then stay.
  virtual Status ReloadAccounts() = 0;
  virtual metrics::Registry& registry() = 0;
};

}  // namespace pakn::serve
