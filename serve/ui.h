// `pakn serve`'s web view for operators, agency leads, leaders and administrators
// (docs/web.md): sign-in, the work list of one's agency, the petition page with its actions,
// and the digest. Server-rendered HTML (ctemplate, auto-escaped) with a little JavaScript; every
// asset is compiled into the program. Vietnamese by default, English on request (?lang=en).
//
// Actions go through the same path as the CLI (service::RecordAction: checked, produced to
// kafka.events_topic, applied by ingest exactly once); the page then shows the outcome the
// store recorded. The actor is the signed-in account, never a form field.
//
//   WebUi ui(config, taxonomy, pipeline, read);   // read: runs a function on the reader store
//   if (WebUi::Owns(request.path)) return ui.Handle(request);
//
// Thread safety: Handle may run on many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "classify/rules.h"
#include "config/config.h"
#include "pipeline/pipeline.h"
#include "store/store.h"
#include "web/http_server.h"

namespace pakn::serve {

// Runs fn on the reader store (under the server's lock); UNAVAILABLE when it is not open.
using StoreReader = std::function<Status(const std::function<Status(const store::Store&)>& fn)>;

class WebUi {
 public:
  // INVALID_ARGUMENT when an account names an agency the taxonomy does not have.
  static StatusOr<std::unique_ptr<WebUi>> Create(const PaknConfig& config,
                                                 const classify::Taxonomy& taxonomy,
                                                 const pipeline::Pipeline& pipeline,
                                                 StoreReader read, std::function<void()> catch_up);
  virtual ~WebUi() = default;
  // "/", "/ui" and everything under "/ui/".
  static bool Owns(std::string_view path);
  virtual web::Response Handle(const web::Request& request) = 0;
  // Reads http.accounts_file again (SIGHUP): new and changed accounts apply to the next request,
  // a removed account's sessions end. On an error the accounts in use stay.
  virtual Status ReloadAccounts(const std::vector<Account>& accounts) = 0;
};

}  // namespace pakn::serve
