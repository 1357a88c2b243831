#include "base/log.h"

#include "base/mutex.h"
#include "spdlog/sinks/stdout_color_sinks.h"

namespace pakn {
namespace {
Mutex g_mu;
spdlog::level::level_enum g_level GUARDED_BY(g_mu) = spdlog::level::info;
}  // namespace

std::shared_ptr<spdlog::logger> Logger(const std::string& component) {
  MutexLock lock(&g_mu);
  if (auto existing = spdlog::get(component)) return existing;
  auto logger = spdlog::stderr_color_mt(component);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
  logger->set_level(g_level);
  return logger;
}

void SetLogLevel(const std::string& level) {
  MutexLock lock(&g_mu);
  g_level = spdlog::level::from_str(level);
  const spdlog::level::level_enum applied = g_level;
  spdlog::apply_all([applied](const std::shared_ptr<spdlog::logger>& l) { l->set_level(applied); });
}

}  // namespace pakn
