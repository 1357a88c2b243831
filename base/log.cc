#include "base/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "base/json_writer.h"
#include "base/mutex.h"
#include "spdlog/sinks/stdout_color_sinks.h"

namespace pakn {
namespace {
Mutex g_mu;
spdlog::level::level_enum g_level GUARDED_BY(g_mu) = spdlog::level::info;
bool g_json GUARDED_BY(g_mu) = false;

constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ [%n] %v";

// {"time":"2026-12-07T05:15:30.123Z","level":"info","component":"serve","msg":"..."}
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char stamp[80];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    std::string line = "{\"time\":\"";
    line += stamp;
    line += "\",\"level\":\"";
    const auto level = spdlog::level::to_string_view(msg.level);
    line.append(level.data(), level.size());
    line += "\",\"component\":";
    AppendJsonString(std::string_view(msg.logger_name.data(), msg.logger_name.size()), line);
    line += ",\"msg\":";
    AppendJsonString(std::string_view(msg.payload.data(), msg.payload.size()), line);
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

void Format(spdlog::logger& logger, bool json) {
  if (json)
    logger.set_formatter(std::make_unique<JsonFormatter>());
  else
    logger.set_pattern(kTextPattern, spdlog::pattern_time_type::utc);
}

}  // namespace

std::shared_ptr<spdlog::logger> Logger(const std::string& component) {
  MutexLock lock(&g_mu);
  if (auto existing = spdlog::get(component)) return existing;
  auto logger = spdlog::stderr_color_mt(component);
  Format(*logger, g_json);
  logger->set_level(g_level);
  return logger;
}

void SetLogLevel(const std::string& level) {
  MutexLock lock(&g_mu);
  g_level = spdlog::level::from_str(level);
  const spdlog::level::level_enum applied = g_level;
  spdlog::apply_all([applied](const std::shared_ptr<spdlog::logger>& l) { l->set_level(applied); });
}

void SetupLogging(const std::string& level, const std::string& format) {
  SetLogLevel(level);
  MutexLock lock(&g_mu);
  g_json = format == "json";
  const bool json = g_json;
  spdlog::apply_all([json](const std::shared_ptr<spdlog::logger>& l) { Format(*l, json); });
}

}  // namespace pakn
