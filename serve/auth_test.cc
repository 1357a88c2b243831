// Passwords, sessions, the sign-in throttle and the agency scope of the web view's roles.
#include "serve/auth.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace pakn::serve {
namespace {

TEST(AuthTest, PasswordsAreArgon2idAndCheckedAgainstTheirHash) {
  const std::string hash = HashPassword("mật khẩu đúng");
  ASSERT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "mật khẩu đúng"));
  EXPECT_FALSE(VerifyPassword(hash, "mật khẩu sai"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
  EXPECT_NE(HashPassword("mật khẩu đúng"), hash);  // salted
}

TEST(AuthTest, SessionsEndWhenIdleOrTooOldAndHoldNoCookieInClear) {
  Sessions sessions(std::chrono::minutes(30), std::chrono::hours(12));
  const int64_t t0 = 1'800'000'000'000;
  Session s = sessions.Create("cb.an", t0);
  EXPECT_EQ(s.token.size(), 43u);
  EXPECT_NE(s.token, s.csrf);
  ASSERT_TRUE(sessions.Find(s.token, t0 + 29 * 60'000));
  // Used at 29 min: idle counts from then.
  ASSERT_TRUE(sessions.Find(s.token, t0 + 58 * 60'000));
  EXPECT_FALSE(sessions.Find(s.token, t0 + 89 * 60'000));  // 31 min idle
  EXPECT_FALSE(sessions.Find(s.token, t0 + 90 * 60'000));  // and forgotten
  // Kept busy, it still ends 12 hours after sign-in.
  Session busy = sessions.Create("cb.an", t0);
  for (int m = 20; m < 12 * 60; m += 20)
    ASSERT_TRUE(sessions.Find(busy.token, t0 + m * 60'000)) << m;
  EXPECT_FALSE(sessions.Find(busy.token, t0 + 12 * 3'600'000 + 1));
  EXPECT_FALSE(sessions.Find("", t0));
  EXPECT_FALSE(sessions.Find(std::string(500, 'a'), t0));
  Session ended = sessions.Create("cb.an", t0);
  sessions.End(ended.token);
  EXPECT_FALSE(sessions.Find(ended.token, t0));
  Session flash = sessions.Create("cb.an", t0);
  sessions.SetFlash(flash.token, "ok|done");
  EXPECT_EQ(sessions.TakeFlash(flash.token), "ok|done");
  EXPECT_EQ(sessions.TakeFlash(flash.token), "");
}

// Handlers run on many threads: sessions and the throttle are shared (run under TSan too).
TEST(AuthTest, SessionsAndTheThrottleServeManyThreadsAtOnce) {
  Sessions sessions(std::chrono::minutes(30), std::chrono::hours(12));
  LoginThrottle throttle(500, std::chrono::minutes(15));
  const int64_t t0 = 1'800'000'000'000;
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Session s = sessions.Create("cb." + std::to_string(t), t0 + i);
        if (sessions.Find(s.token, t0 + i + 1)) ++found;
        sessions.SetFlash(s.token, "ok|x");
        sessions.TakeFlash(s.token);
        if (i % 2) sessions.End(s.token);
        throttle.Failed("cb." + std::to_string(t), "10.0.0.1", t0 + i);
        throttle.WaitSeconds("cb.x", "10.0.0.1", t0 + i);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(found.load(), 800);
  EXPECT_EQ(sessions.size(), 400u);
  EXPECT_EQ(throttle.WaitSeconds("cb.0", "10.0.0.9", t0), 0);
  EXPECT_GT(throttle.WaitSeconds("cb.x", "10.0.0.1", t0 + 300), 0);  // 800 failures from it
}

TEST(AuthTest, FailedSignInsLockTheNameAndTheAddressForTheWindow) {
  LoginThrottle throttle(3, std::chrono::minutes(15));
  const int64_t t0 = 1'800'000'000'000;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.WaitSeconds("cb.an", "10.0.0.1", t0), 0);
    throttle.Failed("cb.an", "10.0.0.1", t0);
  }
  EXPECT_EQ(throttle.WaitSeconds("cb.an", "10.0.0.1", t0), 900);
  EXPECT_EQ(throttle.WaitSeconds("cb.an", "10.0.0.2", t0 + 60'000), 840);  // the name
  EXPECT_EQ(throttle.WaitSeconds("cb.binh", "10.0.0.1", t0), 900);         // the address
  EXPECT_EQ(throttle.WaitSeconds("cb.binh", "10.0.0.2", t0), 0);
  EXPECT_EQ(throttle.WaitSeconds("cb.an", "10.0.0.1", t0 + 15 * 60'000), 0);
  throttle.Failed("cb.chi", "10.0.0.3", t0);
  throttle.Succeeded("cb.chi", "10.0.0.3");
  EXPECT_EQ(throttle.WaitSeconds("cb.chi", "10.0.0.3", t0), 0);
}

TEST(AuthTest, OperatorsSeeTheirAgencysPetitionsAndLeadersSeeAll) {
  Account op{"cb.an", "An", "operator", "SO-XD", "", "", 0};
  Account lead{"ld.binh", "Bình", "lead", "SO-XD", "", "", 0};
  Account leader{"ld.chi", "Chi", "leader", "", "", "", 0};
  Account admin{"qt", "QT", "admin", "", "", "", 0};
  Account area_op{"cb.dung", "Dũng", "operator", "CA-TINH", "01", "", 0};
  store::StoredPetition p;
  p.route.agency = "SO-XD";
  p.agency = "SO-XD";
  EXPECT_TRUE(MaySee(op, p));
  p.agency = "SO-YT";  // transferred away: the routed agency still sees it
  EXPECT_TRUE(MaySee(op, p));
  p.route.agency = "SO-GTVT";
  EXPECT_FALSE(MaySee(op, p));
  EXPECT_TRUE(MaySee(leader, p));
  EXPECT_TRUE(MaySee(admin, p));
  p.agency = "CA-TINH";
  p.route.agency_area = "79";
  EXPECT_FALSE(MaySee(area_op, p));
  p.route.agency_area = "01";
  EXPECT_TRUE(MaySee(area_op, p));
  EXPECT_TRUE(RoleMayAct(op, Action::kAccept));
  EXPECT_TRUE(RoleMayAct(op, Action::kRespond));
  EXPECT_TRUE(RoleMayAct(op, Action::kPublish));
  EXPECT_FALSE(RoleMayAct(op, Action::kReopen));
  EXPECT_TRUE(RoleMayAct(lead, Action::kReopen));
  EXPECT_FALSE(RoleMayAct(leader, Action::kNote));
  EXPECT_TRUE(RoleMayAct(admin, Action::kClose));
}

}  // namespace
}  // namespace pakn::serve
