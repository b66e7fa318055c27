// SyncClient without a server: what it refuses before it ever opens a socket.
#include "client/core/sync_client.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/ops.h"
#include "test_cards.h"

namespace pss::client {
namespace {

ClientOptions options(const std::string& url, const std::string& name = "Ann") {
  ClientOptions o;
  o.url = url;
  o.display_name = name;
  return o;
}

ClientEvent only_event(SyncClient& c) {
  auto events = c.poll();
  EXPECT_EQ(events.size(), 1u);
  return events.empty() ? ClientEvent{ClientEvent::Kind::error, "", pb::REASON_UNSPECIFIED} : events.front();
}

TEST(SyncClient, RefusesWhatIsNotARoomUrl) {
  SyncClient c(options("http://localhost/rooms/x"));
  c.start();
  EXPECT_EQ(c.status(), ConnectionStatus::refused);
  EXPECT_EQ(only_event(c).kind, ClientEvent::Kind::refused);
}

TEST(SyncClient, RefusesAnUnreadableCaFile) {
  ClientOptions o = options("wss://localhost/rooms/x");
  o.ca_file = "/nonexistent/ca.pem";
  SyncClient c(o);
  c.start();
  EXPECT_EQ(c.status(), ConnectionStatus::refused);
  EXPECT_NE(only_event(c).text.find("cannot read CA file /nonexistent/ca.pem"), std::string::npos);
}

TEST(SyncClient, RefusesAnEmptyDisplayName) {
  SyncClient c(options("ws://localhost:1/rooms/x", ""));
  c.start();
  EXPECT_EQ(c.status(), ConnectionStatus::refused);
  EXPECT_EQ(only_event(c).reason, pb::INVALID_VALUE);
}

TEST(SyncClient, RefusesInvalidPresence) {
  SyncClient c(options("ws://localhost:1/rooms/x"));
  pb::Presence p;
  p.mutable_cursor()->set_x(std::nan(""));
  EXPECT_TRUE(c.set_presence(p));
  p.mutable_cursor()->set_x(10);
  EXPECT_FALSE(c.set_presence(p));
}

TEST(SyncClient, StartStopWithoutAServerDoesNotHang) {
  ClientOptions o = options("ws://127.0.0.1:1/rooms/x");
  o.backoff_min = std::chrono::milliseconds(5);
  SyncClient c(o);
  EXPECT_FALSE(c.client_id().empty());
  c.start();
  EXPECT_EQ(c.status(), ConnectionStatus::connecting);
  // Offline edits are kept (nothing to edit yet without a Welcome: no rows).
  EXPECT_TRUE(c.edit({ops::put(testing::card("a"))}));
  c.stop();
  EXPECT_EQ(c.status(), ConnectionStatus::stopped);
  c.start();  // restartable
  c.stop();
  EXPECT_EQ(c.status(), ConnectionStatus::stopped);
}

}  // namespace
}  // namespace pss::client
