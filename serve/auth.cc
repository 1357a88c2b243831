#include "serve/auth.h"

#include <sodium.h>

#include <algorithm>

#include "serve/open311.h"

namespace pakn::serve {

std::string HashPassword(std::string_view password) {
  if (sodium_init() < 0) return "";
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return "";
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || sodium_init() < 0) return false;
  const std::string h(hash);  // NUL-terminated, as libsodium wants
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  if (sodium_init() < 0) return "";
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string Sessions::KeyOf(std::string_view token) const { return Sha256Hex(token); }

bool Sessions::Expired(const Session& s, int64_t now_ms) const {
  using std::chrono::milliseconds;
  return now_ms - s.used_ms > std::chrono::duration_cast<milliseconds>(idle_).count() ||
         now_ms - s.created_ms > std::chrono::duration_cast<milliseconds>(max_).count();
}

Session Sessions::Create(const std::string& user, int64_t now_ms) {
  Session s{RandomToken(), RandomToken(), user, now_ms, now_ms, ""};
  const std::string key = KeyOf(s.token);
  MutexLock lock(&mu_);
  // Forget expired sessions now and then, so that abandoned ones do not pile up.
  if (sessions_.size() % 64 == 63) {
    for (auto it = sessions_.begin(); it != sessions_.end();)
      it = Expired(it->second, now_ms) ? sessions_.erase(it) : std::next(it);
  }
  sessions_[key] = s;
  return s;
}

std::optional<Session> Sessions::Find(std::string_view token, int64_t now_ms) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string key = KeyOf(token);
  MutexLock lock(&mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  Session& s = it->second;
  if (Expired(s, now_ms)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.used_ms = now_ms;
  return s;
}

void Sessions::End(std::string_view token) {
  const std::string key = KeyOf(token);
  MutexLock lock(&mu_);
  sessions_.erase(key);
}

void Sessions::SetFlash(std::string_view token, std::string message) {
  const std::string key = KeyOf(token);
  MutexLock lock(&mu_);
  if (auto it = sessions_.find(key); it != sessions_.end()) it->second.flash = std::move(message);
}

std::string Sessions::TakeFlash(std::string_view token) {
  const std::string key = KeyOf(token);
  MutexLock lock(&mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return "";
  return std::exchange(it->second.flash, "");
}

size_t Sessions::size() const {
  MutexLock lock(&mu_);
  return sessions_.size();
}

int64_t LoginThrottle::Wait(const Entry* e, int64_t now_ms) const {
  if (!e || e->failures < max_failures_) return 0;
  const int64_t left = e->first_ms + window_ms_ - now_ms;
  return left > 0 ? (left + 999) / 1000 : 0;
}

int64_t LoginThrottle::WaitSeconds(std::string_view user, std::string_view address,
                                   int64_t now_ms) {
  MutexLock lock(&mu_);
  auto u = users_.find(user);
  auto a = addresses_.find(address);
  return std::max(Wait(u == users_.end() ? nullptr : &u->second, now_ms),
                  Wait(a == addresses_.end() ? nullptr : &a->second, now_ms));
}

void LoginThrottle::Failed(std::string_view user, std::string_view address, int64_t now_ms) {
  MutexLock lock(&mu_);
  // Bounded: an attacker cycling names cannot grow the maps without end.
  if (users_.size() > 100'000) users_.clear();
  if (addresses_.size() > 100'000) addresses_.clear();
  for (auto* m : {&users_, &addresses_}) {
    Entry& e = (*m)[std::string(m == &users_ ? user : address)];
    if (e.failures == 0 || now_ms - e.first_ms > window_ms_) e = Entry{0, now_ms};
    ++e.failures;
  }
}

void LoginThrottle::Succeeded(std::string_view user, std::string_view address) {
  MutexLock lock(&mu_);
  if (auto it = users_.find(user); it != users_.end()) users_.erase(it);
  if (auto it = addresses_.find(address); it != addresses_.end()) addresses_.erase(it);
}

bool MaySee(const Account& account, const store::StoredPetition& p) {
  if (account.role == "leader" || account.role == "admin") return true;
  if (account.agency.empty()) return false;
  if (p.agency != account.agency && p.route.agency != account.agency) return false;
  if (account.area.empty()) return true;
  return p.route.agency_area == account.area ||
         (p.place &&
          (p.place->province_code == account.area || p.place->ward_code == account.area));
}

bool RoleMayAct(const Account& account, Action action) {
  if (account.role == "admin") return true;
  if (account.role == "leader") return false;
  // Reopening a closed petition undoes the agency's answer: its lead decides.
  if (action == Action::kReopen) return account.role == "lead";
  return account.role == "operator" || account.role == "lead";
}

}  // namespace pakn::serve
