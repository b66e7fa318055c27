#include <gtest/gtest.h>

#include "client/core/sync_client.h"

namespace pss::client {
namespace {

TEST(ParseUrl, SplitsARoomUrl) {
  auto u = parse_url("ws://localhost:8080/rooms/demo");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "localhost");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(u->target, "/rooms/demo");
  EXPECT_EQ(u->room, "demo");
}

TEST(ParseUrl, DefaultsThePortBySchemeAndTakesTheTokenOutOfTheQuery) {
  auto u = parse_url("WS://board.example.org/rooms/team-1.a_b?lang=en&token=x");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, "80");
  EXPECT_EQ(u->target, "/rooms/team-1.a_b");  // the token goes in the Hello, not the request line
  EXPECT_EQ(u->token, "x");
  EXPECT_EQ(u->room, "team-1.a_b");
  auto s = parse_url("wss://board.example.org/rooms/r");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->tls);
  EXPECT_EQ(s->port, "443");
}

TEST(ParseUrl, AcceptsBracketedIpv6) {
  auto u = parse_url("ws://[::1]:9000/rooms/r");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "9000");
}

TEST(ParseUrl, RefusesWhatIsNotARoomUrl) {
  for (const char* bad :
       {"", "localhost:8080/rooms/demo", "http://localhost/rooms/demo", "ws://localhost:8080", "ws://localhost:8080/",
        "ws://localhost:8080/rooms/", "ws://localhost:8080/room/demo", "ws://localhost:8080/rooms/a b",
        "ws://localhost:0/rooms/demo", "ws://localhost:65536/rooms/demo", "ws://localhost:80x/rooms/demo",
        "ws://localhost:/rooms/demo", "ws://:8080/rooms/demo", "ws://user@host/rooms/demo", "ws://::1:9000/rooms/r",
        "ws://[::1/rooms/r", "ws://localhost/rooms/demo/extra"})
    EXPECT_FALSE(parse_url(bad)) << bad;
}

}  // namespace
}  // namespace pss::client
