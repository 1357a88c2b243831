// Propagation helpers for Status / StatusOr (docs/style.md 2).
//
//   PAKN_RETURN_IF_ERROR(store->Write(batch));
//   PAKN_ASSIGN_OR_RETURN(auto config, LoadConfig(path));
#pragma once

#include "base/status.h"

#define PAKN_STATUS_CONCAT_INNER(a, b) a##b
#define PAKN_STATUS_CONCAT(a, b) PAKN_STATUS_CONCAT_INNER(a, b)

#define PAKN_RETURN_IF_ERROR(expr)                   \
  do {                                               \
    if (::pakn::Status pakn_status_ = (expr); !pakn_status_.ok()) \
      return pakn_status_;                           \
  } while (0)

#define PAKN_ASSIGN_OR_RETURN(lhs, expr) \
  PAKN_ASSIGN_OR_RETURN_IMPL(PAKN_STATUS_CONCAT(pakn_statusor_, __LINE__), lhs, expr)

#define PAKN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
