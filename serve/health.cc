#include "serve/health.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "base/json_writer.h"
#include "base/strings.h"

namespace pakn::serve {

int64_t TotalLag(const Offsets& ends, const Offsets& stored) {
  int64_t lag = 0;
  for (const auto& [topic, parts] : ends)
    for (const auto& [partition, end] : parts) {
      int64_t next = 0;
      if (auto t = stored.find(topic); t != stored.end())
        if (auto p = t->second.find(partition); p != t->second.end()) next = p->second;
      lag += std::max<int64_t>(0, end - next);
    }
  return lag;
}

std::string ProblemsJson(const std::vector<std::pair<std::string, std::string>>& problems) {
  if (problems.empty()) return "";
  JsonWriter w;
  w.BeginObject();
  w.Member("status", "not_ready");
  w.Key("problems");
  w.BeginObject();
  for (const auto& [name, why] : problems) w.Member(name, why);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

StatusOr<std::string> TlsPem(const HttpConfig& http) {
  auto read = [](const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::stringstream buf;
    buf << in.rdbuf();
    out = buf.str();
    return true;
  };
  std::string cert, key;
  if (!read(http.tls_cert, cert))
    return InvalidArgumentError(StrCat("http.tls_cert: cannot read '", http.tls_cert, "'"));
  if (http.tls_key.empty()) {
    if (cert.find("PRIVATE KEY-----") == std::string::npos)
      return InvalidArgumentError(
          StrCat("http.tls_cert: '", http.tls_cert, "' holds no private key; set http.tls_key"));
    return http.tls_cert;
  }
  if (!read(http.tls_key, key))
    return InvalidArgumentError(StrCat("http.tls_key: cannot read '", http.tls_key, "'"));
  char path[] = "/tmp/pakn-tls-XXXXXX";
  const int fd = mkstemp(path);  // mode 0600
  if (fd < 0) return UnavailableError("cannot create the TLS key file in /tmp");
  const std::string pem = key + "\n" + cert;
  const bool ok = write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
  close(fd);
  if (!ok) return UnavailableError("cannot write the TLS key file in /tmp");
  return std::string(path);
}

}  // namespace pakn::serve
