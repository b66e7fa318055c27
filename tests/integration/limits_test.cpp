// Per-connection limits of the real pss-server: a client pushing faster than its rate
// is slowed down (none of its edits is lost, others are not held up), and one address
// cannot open more than --max-connections-per-ip connections.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "ops.h"
#include "server_process.h"
#include "test_client.h"

namespace pss::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(Limits, PushFloodIsSlowedToItsRateWithoutLosingEdits) {
  // 100 pushes/s with a burst of 200: 400 pushes cannot all commit in under 2 s.
  ServerProcess server({"--max-pushes-per-second", "100", "--tick-ms", "5"});
  TestClient flooder(server.port());
  TestClient other(server.port());
  ASSERT_TRUE(flooder.join("flood", "Flooder"));
  ASSERT_TRUE(other.join("flood", "Other"));

  constexpr int kPushes = 400;
  const auto start = Clock::now();
  for (int i = 1; i <= kPushes; ++i) ASSERT_TRUE(flooder.send_push(i, {put_element("f" + std::to_string(i))}));

  // Meanwhile another participant's edit goes through promptly.
  ASSERT_TRUE(other.send_push(1, {put_element("other")}));
  const auto other_result = other.push_result(1, 3s);
  ASSERT_TRUE(other_result);
  EXPECT_TRUE(other_result->committed());

  for (int i = 1; i <= kPushes; ++i) {
    const auto result = flooder.push_result(i, 5s);
    ASSERT_TRUE(result) << "push " << i << " got no result";
    ASSERT_TRUE(result->committed()) << "push " << i << ": " << result->detail();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GE(seconds, 1.8) << "400 pushes at 100/s (burst 200) were not slowed down";
  EXPECT_FALSE(flooder.closed());
}

TEST(Limits, RoomRateHoldsForManyConnectionsTogether) {
  // Each of three clients stays under its own limit (200/s, burst 400); together they
  // exceed the room's 100/s (burst 200): 450 pushes cannot all commit in under 2 s.
  ServerProcess server({"--max-room-pushes-per-second", "100", "--tick-ms", "5"});
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<TestClient>(server.port()));
    ASSERT_TRUE(clients.back()->join("busy", "P" + std::to_string(i)));
  }
  constexpr int kEach = 150;
  const auto start = Clock::now();
  for (int i = 1; i <= kEach; ++i)
    for (int c = 0; c < 3; ++c)
      ASSERT_TRUE(clients[c]->send_push(i, {put_element("c" + std::to_string(c) + "-" + std::to_string(i))}));
  for (int c = 0; c < 3; ++c)
    for (int i = 1; i <= kEach; ++i) {
      const auto result = clients[c]->push_result(i, 10s);
      ASSERT_TRUE(result) << "client " << c << " push " << i << " got no result";
      ASSERT_TRUE(result->committed()) << result->detail();
    }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GE(seconds, 1.8) << "450 pushes at a room rate of 100/s (burst 200) were not slowed down";
}

TEST(Limits, ConnectionsPerAddressAreCapped) {
  ServerProcess server({"--max-connections-per-ip", "3"});
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<TestClient>(server.port()));
    ASSERT_TRUE(clients.back()->join("capped", "P" + std::to_string(i)));
  }
  TestClient fourth(server.port());
  const std::string refused = fourth.connect("/rooms/capped");
  EXPECT_NE(refused.find("429"), std::string::npos) << refused;
  EXPECT_NE(refused.find("too many connections"), std::string::npos) << refused;

  clients.pop_back();  // one leaves: its slot is free again
  bool joined = false;
  for (int attempt = 0; attempt < 50 && !joined; ++attempt) {
    TestClient again(server.port());
    joined = again.join("capped", "Again").has_value();
    if (!joined) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(joined);
}

}  // namespace
}  // namespace pss::test
