#include "web/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "base/mutex.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace pakn::web {
namespace {

// Sends `raw` to the server and returns all it answers until it closes or 2 s pass.
std::string Exchange(int port, const std::string& raw) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  EXPECT_EQ(send(fd, raw.data(), raw.size(), MSG_NOSIGNAL), static_cast<ssize_t>(raw.size()));
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
    out.append(buf, static_cast<size_t>(n));
    const size_t head = out.find("\r\n\r\n");
    const size_t length = out.find("Content-Length: ");
    if (head != std::string::npos && length != std::string::npos &&
        out.size() >= head + 4 + std::stoul(out.substr(length + 16)))
      break;  // the whole answer
  }
  close(fd);
  return out;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Route([this](const Request& r) {
      MutexLock lock(&mu_);  // written on a server thread, read by the test's
      seen_body_ = r.body;
      return Response{
          200,
          "text/plain",
          std::string(r.method) + " " + std::string(r.path) + "?" + std::string(r.query),
          {}};
    });
    ASSERT_TRUE(server_
                    .Start({.listen = "127.0.0.1:0",
                            .threads = 4,
                            .max_body_bytes = 1024,
                            .request_timeout_ms = 1000})
                    .ok());
  }
  std::string SeenBody() {
    MutexLock lock(&mu_);
    return seen_body_;
  }
  HttpServer server_;
  Mutex mu_;
  std::string seen_body_ GUARDED_BY(mu_);
};

TEST_F(HttpServerTest, RoutesEveryRequestWithDecodedPathAndRawQuery) {
  const std::string out =
      Exchange(server_.port(),
               "GET /a%20b/c.json?x=1&y=%41 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos) << out;
  EXPECT_NE(out.find("GET /a b/c.json?x=1&y=%41"), std::string::npos) << out;
}

TEST_F(HttpServerTest, ReadsTheBodyBeforeRouting) {
  const std::string out = Exchange(
      server_.port(),
      "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos) << out;
  EXPECT_EQ(SeenBody(), "hello");
}

TEST_F(HttpServerTest, ABodyOverTheLimitGets413Unread) {
  const std::string out =
      Exchange(server_.port(), "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\nabc");
  EXPECT_NE(out.find("HTTP/1.1 413"), std::string::npos) << out;
  EXPECT_NE(out.find("at most 1024"), std::string::npos) << out;
  EXPECT_EQ(SeenBody(), "");
}

TEST_F(HttpServerTest, AHeadThatNeverEndsIsCutOffAtTheRequestDeadline) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server_.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string head = "GET / HTTP/1.1\r\nX-Slow: ";
  send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  // One byte every 300 ms: each read is well within any per-read timeout; the 1 s deadline on
  // the whole head is what ends it.
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    usleep(300'000);
    closed = send(fd, "a", 1, MSG_NOSIGNAL) < 0;
  }
  char buf[512];
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const ssize_t n = recv(fd, buf, sizeof buf, 0);
  close(fd);
  EXPECT_TRUE(closed || n >= 0) << "the slow client was still connected after 6 s";
  // And the server still serves others.
  EXPECT_NE(Exchange(server_.port(), "GET /ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                .find("HTTP/1.1 200"),
            std::string::npos);
}

TEST(ParseFormTest, DecodesPlusAndEscapesAndKeepsOrder) {
  std::vector<FormField> f;
  std::string bad;
  ASSERT_TRUE(ParseForm("a=1+2&b=%C4%91%C6%B0%E1%BB%9Dng&empty=&flag", f, bad));
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].value, "1 2");
  EXPECT_EQ(f[1].value, "đường");
  EXPECT_EQ(f[2].value, "");
  EXPECT_EQ(f[3].name, "flag");
  EXPECT_FALSE(ParseForm("a=%zz", f, bad));
  EXPECT_EQ(bad, "a");
  EXPECT_FALSE(ParseForm("a=%4", f, bad));
}

}  // namespace
}  // namespace pakn::web
