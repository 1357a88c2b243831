#include "store/schema.h"

#include <cstring>

namespace pakn::store {

void AppendU32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xFF));
}

void AppendU64(std::string& out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xFF));
}

uint32_t ReadU32(std::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

uint64_t ReadU64(std::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

namespace {
void Join(std::string& out, std::string_view part) {
  out.append(part);
  out.push_back('\0');
}
}  // namespace

std::vector<std::string_view> SplitNul(std::string_view key) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '\0') {
      parts.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string PayloadSeqKey(uint64_t seq) {
  std::string k;
  AppendU64(k, seq);
  return k;
}

std::string PayloadKey(std::string_view id, uint32_t version) {
  std::string k;
  Join(k, id);
  AppendU32(k, version);
  return k;
}

std::string EventPrefix(std::string_view id) {
  std::string k;
  Join(k, id);
  return k;
}

std::string EventKey(std::string_view id, uint64_t seq) {
  std::string k = EventPrefix(id);
  AppendU64(k, seq);
  return k;
}

std::string DayIndexKey(std::string_view day, std::string_view id) {
  std::string k;
  Join(k, day);
  k.append(id);
  return k;
}

std::string AgencyStatusKey(std::string_view agency, std::string_view status,
                            std::string_view id) {
  std::string k;
  Join(k, agency);
  Join(k, status);
  k.append(id);
  return k;
}

std::string PetitionCounterKey(std::string_view day, std::string_view agency,
                               std::string_view topic, std::string_view status,
                               std::string_view channel, std::string_view province) {
  std::string k = "P";
  Join(k, day);
  Join(k, agency);
  Join(k, topic);
  Join(k, status);
  Join(k, channel);
  k.append(province);
  return k;
}

std::string PendingEventKey(std::string_view petition_id, int64_t at_ms,
                            std::string_view event_id) {
  std::string k;
  Join(k, petition_id);
  AppendU64(k, static_cast<uint64_t>(at_ms));
  k.push_back('\0');
  k.append(event_id);
  return k;
}

namespace {
std::string DueKey(char kind, std::string_view owner, int64_t due_ms, std::string_view id) {
  std::string k(1, kind);
  Join(k, owner);
  AppendU64(k, static_cast<uint64_t>(due_ms));
  k.push_back('\0');
  k.append(id);
  return k;
}
}  // namespace

std::string AgencyDueKey(std::string_view agency, int64_t due_ms, std::string_view id) {
  return DueKey('D', agency, due_ms, id);
}

std::string AssigneeDueKey(std::string_view assignee, int64_t due_ms, std::string_view id) {
  return DueKey('A', assignee, due_ms, id);
}

std::optional<DueKeyParts> ParseDueKey(std::string_view key, size_t owner_len) {
  if (key.size() < owner_len + 9 || key[owner_len + 8] != '\0') return std::nullopt;
  return DueKeyParts{static_cast<int64_t>(ReadU64(key.substr(owner_len))),
                     key.substr(owner_len + 9)};
}

std::string DueCounterKey(std::string_view due_day, std::string_view agency,
                          std::string_view topic) {
  std::string k = "U";
  Join(k, due_day);
  Join(k, agency);
  k.append(topic);
  return k;
}

std::string EventCounterKey(std::string_view day, std::string_view agency,
                            std::string_view topic, std::string_view what) {
  std::string k = "E";
  Join(k, day);
  Join(k, agency);
  Join(k, topic);
  k.append(what);
  return k;
}

std::string RejectionCounterKey(std::string_view day, std::string_view code) {
  std::string k = "R";
  Join(k, day);
  k.append(code);
  return k;
}

std::string OffsetKey(std::string_view topic, int32_t partition) {
  std::string k;
  Join(k, topic);
  AppendU32(k, static_cast<uint32_t>(partition));
  return k;
}

std::string RejectionKey(std::string_view topic, int32_t partition, int64_t offset) {
  std::string k = OffsetKey(topic, partition);
  k.push_back('\0');
  AppendU64(k, static_cast<uint64_t>(offset));
  return k;
}

std::optional<OffsetKeyParts> ParseOffsetKey(std::string_view key) {
  const size_t nul = key.find('\0');
  if (nul == std::string_view::npos || key.size() != nul + 5) return std::nullopt;
  return OffsetKeyParts{std::string(key.substr(0, nul)),
                        static_cast<int32_t>(ReadU32(key.substr(nul + 1)))};
}

std::optional<RejectionKeyParts> ParseRejectionKey(std::string_view key) {
  const size_t nul = key.find('\0');
  if (nul == std::string_view::npos || key.size() != nul + 14) return std::nullopt;
  return RejectionKeyParts{std::string(key.substr(0, nul)),
                           static_cast<int32_t>(ReadU32(key.substr(nul + 1))),
                           static_cast<int64_t>(ReadU64(key.substr(nul + 6)))};
}

std::string EncodeCount(int64_t v) {
  std::string out(8, '\0');
  uint64_t u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((u >> (8 * i)) & 0xFF);
  return out;
}

int64_t DecodeCount(std::string_view v) {
  if (v.size() != 8) return 0;
  uint64_t u = 0;
  for (int i = 7; i >= 0; --i) u = (u << 8) | static_cast<unsigned char>(v[i]);
  return static_cast<int64_t>(u);
}

}  // namespace pakn::store
