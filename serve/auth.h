// Who may use `pakn serve`'s web view, and what each may do (docs/web.md "Accounts"):
// passwords (Argon2id, libsodium), sessions with their CSRF token, the failed-sign-in throttle,
// and the agency scope of each role.
//
//   std::string hash = HashPassword("correct horse");         // "$argon2id$v=19$..."
//   VerifyPassword(hash, "correct horse");                    // true
//   Sessions sessions(idle, max);
//   Session s = sessions.Create("cb.an", now);                // s.token for the cookie
//   std::optional<Session> again = sessions.Find(s.token, later);
//
// Roles: operator and lead work on their agency's petitions (only a lead reopens a closed one);
// leader reads every agency's lists, petitions and the digest, and acts on none; admin reads and
// acts on all.
//
// Thread safety: Sessions and LoginThrottle are internally synchronized; the functions are pure
// (HashPassword and VerifyPassword use libsodium, thread-safe once sodium_init ran).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/mutex.h"
#include "config/config.h"
#include "model/lifecycle.h"
#include "store/record.h"

namespace pakn::serve {

// Argon2id with libsodium's "interactive" limits (64 MiB, 2 passes): about 0.1 s a check here.
// Empty on failure (out of memory).
std::string HashPassword(std::string_view password);
// Constant-time in the password; false for an empty or malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// 32 random bytes as URL-safe base64 without padding (43 characters).
std::string RandomToken();

struct Session {
  std::string token;  // the cookie's value
  std::string csrf;   // every form of this session carries it
  std::string user;
  int64_t created_ms = 0;
  int64_t used_ms = 0;
  std::string flash;  // a message for the next page (the outcome of an action), then cleared
};

class Sessions {
 public:
  Sessions(std::chrono::minutes idle, std::chrono::hours max) : idle_(idle), max_(max) {}
  Session Create(const std::string& user, int64_t now_ms);
  // The session of this cookie value, its last use moved to now; nullopt when unknown or
  // expired (idle too long, or older than the maximum), which also forgets it.
  std::optional<Session> Find(std::string_view token, int64_t now_ms);
  void End(std::string_view token);
  void SetFlash(std::string_view token, std::string message);
  std::string TakeFlash(std::string_view token);
  size_t size() const;

 private:
  std::string KeyOf(std::string_view token) const;  // SHA-256: the map holds no cookie
  bool Expired(const Session& s, int64_t now_ms) const;  // idle too long, or older than max
  const std::chrono::minutes idle_;
  const std::chrono::hours max_;
  mutable Mutex mu_;
  std::unordered_map<std::string, Session> sessions_ GUARDED_BY(mu_);
};

// Failed sign-ins: after `max_failures` for one user name or from one address within the
// window, that name or address waits out the window (429) before it may try again.
class LoginThrottle {
 public:
  explicit LoginThrottle(int max_failures = 5,
                         std::chrono::seconds window = std::chrono::minutes(15))
      : max_failures_(max_failures), window_ms_(window.count() * 1000) {}
  // Seconds to wait before another try of this user from this address; 0 = may try.
  int64_t WaitSeconds(std::string_view user, std::string_view address, int64_t now_ms);
  void Failed(std::string_view user, std::string_view address, int64_t now_ms);
  void Succeeded(std::string_view user, std::string_view address);

 private:
  struct Entry {
    int failures = 0;
    int64_t first_ms = 0;
  };
  int64_t Wait(const Entry* e, int64_t now_ms) const;
  const int max_failures_;
  const int64_t window_ms_;
  Mutex mu_;
  std::map<std::string, Entry, std::less<>> users_ GUARDED_BY(mu_);
  std::map<std::string, Entry, std::less<>> addresses_ GUARDED_BY(mu_);
};

// True when the account may read this petition: operators and leads of the agency it is routed
// to or held by now (and of the account's area, when it has one); leaders and admins always.
bool MaySee(const Account& account, const store::StoredPetition& p);
// True when the role may take the action at all (MaySee decides on which petitions).
bool RoleMayAct(const Account& account, Action action);

}  // namespace pakn::serve
