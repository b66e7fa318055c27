// SyncClient against the real pss-server: concurrent edits of the same cards converge
// (every view and confirmed map equal to a fresh joiner's), reconnects catch up with a
// diff and re-send offline edits, refusals are final, and pss-bot --verify passes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>

#include "client/core/sync_client.h"
#include "server_process.h"
#include "sync_room.h"
#include "test_cards.h"
#include "test_tls.h"

namespace pss::client {
namespace {

using namespace std::chrono_literals;
using testing::arrow;
using testing::card;
using testing::retitle;
using Clock = std::chrono::steady_clock;
using testing::expect_converged;
using testing::kQuiet;
using testing::options;
using Room = testing::SyncRoom;

bool sees(SyncClient& c, const std::string& id) { return c.view().element(id) != nullptr; }
std::string title(SyncClient& c, const std::string& id) {
  const auto* e = c.view().element(id);
  return e ? e->title() : "<missing>";
}

class Convergence : public ::testing::Test {
 protected:
  pss::test::ServerProcess server{{"--tick-ms", "5"}};
  std::string url = server.url("convergence");
};

TEST_F(Convergence, TwoClientsEditingTheSameCardsConverge) {
  Room room(url);
  SyncClient& ann = room.join("Ann");
  SyncClient& bob = room.join("Bob");
  ASSERT_TRUE(room.until([&] { return ann.replica().online() && bob.replica().online(); }));
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(ann.edit({ops::put(card("c" + std::to_string(i), "Fewer people smoke"))}));
  ASSERT_TRUE(room.until([&] { return sees(bob, "c3"); }));
  // Both write the same fields of the same cards at once, drags included.
  for (int step = 0; step < 30; ++step) {
    const std::string id = "c" + std::to_string(step % 4);
    ASSERT_FALSE(ann.edit({retitle(id, "Ann " + std::to_string(step))}));
    ASSERT_FALSE(bob.edit({retitle(id, "Bob " + std::to_string(step))}));
    (void)ann.edit({ops::move(id, step * 3.0, 10)}, true);
    (void)bob.edit({ops::move(id, 10, step * 3.0)}, true);
    room.poll();
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_FALSE(bob.edit({ops::put(arrow("l1", "c0", "c1"))}));
  ASSERT_FALSE(ann.edit({ops::remove(pb::ELEMENT, "c3")}));
  expect_converged(room, url);
  EXPECT_EQ(ann.view().link("l1") != nullptr, true);
  EXPECT_FALSE(sees(bob, "c3"));
}

TEST_F(Convergence, TenClientsOnASharedThreadConverge) {
  Room room(url);
  for (int i = 0; i < 10; ++i) room.join("P" + std::to_string(i), /*shared_io=*/true);
  ASSERT_TRUE(room.until([&] {
    for (std::size_t i = 0; i < room.size(); ++i)
      if (!room[i].replica().online()) return false;
    return true;
  }));
  ASSERT_FALSE(
      room[0].edit({ops::put(card("a", "Stop-smoking clinics")), ops::put(card("b", "Trained advisers", "people")),
                    ops::put(card("c", "Fewer people smoke", "key-outcomes"))}));
  ASSERT_TRUE(room.until([&] {
    for (std::size_t i = 0; i < room.size(); ++i)
      if (!sees(room[i], "c")) return false;
    return true;
  }));
  for (int round = 0; round < 20; ++round) {
    for (std::size_t i = 0; i < room.size(); ++i) {
      const std::string id = std::string(1, char('a' + (round + i) % 3));
      (void)room[i].edit({retitle(id, "P" + std::to_string(i) + " round " + std::to_string(round))});
      (void)room[i].edit({ops::move(id, double(i * 10 + round), double(round))}, true);
      if (round == 10 && i == 3) (void)room[i].edit({ops::put(arrow("l-b-a", "b", "a"))});
      if (round == 10 && i == 4) (void)room[i].edit({ops::put(arrow("l-b-a-2", "b", "a"))});  // a duplicate: one loses
    }
    room.poll();
    std::this_thread::sleep_for(2ms);
  }
  expect_converged(room, url);
  EXPECT_EQ(room[0].view().links().size(), 1u);
}

TEST_F(Convergence, ReconnectCatchesUpWithADiffAndSendsOfflineEdits) {
  Room room(url);
  SyncClient& ann = room.join("Ann");
  SyncClient& bob = room.join("Bob");
  ASSERT_TRUE(room.until([&] { return ann.replica().online() && bob.replica().online(); }));
  ASSERT_FALSE(
      ann.edit({ops::put(card("c1")), ops::put(card("c2")), ops::put(card("c3", "Trained advisers", "people"))}));
  ASSERT_TRUE(room.until([&] { return sees(bob, "c3") && room.all_settled(); }));

  bob.stop();
  EXPECT_EQ(bob.status(), ConnectionStatus::stopped);
  ASSERT_FALSE(ann.edit({retitle("c1", "Changed while Bob was away")}));
  ASSERT_FALSE(ann.edit({ops::remove(pb::ELEMENT, "c2")}));
  ASSERT_FALSE(ann.edit({ops::put(card("c4", "Single point of referral"))}));
  ASSERT_FALSE(bob.edit({retitle("c3", "Edited offline")}));  // edits go on while offline
  ASSERT_FALSE(bob.edit({ops::put(card("c5", "Outreach in GP surgeries"))}));
  ASSERT_TRUE(room.until([&] { return ann.settled(kQuiet); }));
  EXPECT_FALSE(sees(ann, "c5"));

  bob.start();
  ASSERT_TRUE(room.until([&] { return bob.settled(kQuiet) && sees(ann, "c5"); }));
  EXPECT_FALSE(bob.replica().last_welcome_full()) << "a reconnect within the tombstone window gets a diff";
  EXPECT_GT(bob.replica().last_welcome_changes(), 0u);
  EXPECT_EQ(title(bob, "c1"), "Changed while Bob was away");
  EXPECT_FALSE(sees(bob, "c2"));
  EXPECT_EQ(title(ann, "c3"), "Edited offline");
  expect_converged(room, url);
}

TEST_F(Convergence, DroppedSocketReconnectsByItself) {
  Room room(url);
  SyncClient& ann = room.join("Ann");
  SyncClient& bob = room.join("Bob", /*shared_io=*/true);
  ASSERT_TRUE(room.until([&] { return ann.replica().online() && bob.replica().online(); }));
  const auto first_session = bob.session_id();
  bob.drop_connection();
  ASSERT_FALSE(bob.edit({ops::put(card("b1", "Peer support groups"))}));  // pending across the drop
  ASSERT_FALSE(ann.edit({ops::put(card("a1", "Clear shared vision", "leadership"))}));
  ASSERT_TRUE(room.until([&] { return bob.session_id() != first_session && bob.settled(kQuiet); }));
  bool saw_disconnect = false;
  for (const auto& e : room.events(1)) saw_disconnect = saw_disconnect || e.kind == ClientEvent::Kind::disconnected;
  EXPECT_TRUE(saw_disconnect);
  expect_converged(room, url);
  EXPECT_TRUE(sees(ann, "b1"));
  EXPECT_TRUE(sees(bob, "a1"));
}

TEST_F(Convergence, SilentServerCountsAsDeadAndIsReconnected) {
  Room room(url);
  ClientOptions o = options(url, "Ann");
  o.ping_interval = 50ms;
  o.silence_timeout = 300ms;
  o.connect_timeout = 500ms;
  SyncClient& ann = room.join(o);
  ASSERT_TRUE(room.until([&] { return ann.replica().online(); }));
  ::kill(server.pid(), SIGSTOP);  // the socket stays open, the server just says nothing
  const bool noticed = room.until([&] { return ann.status() == ConnectionStatus::reconnecting; }, 5s);
  ::kill(server.pid(), SIGCONT);
  ASSERT_TRUE(noticed) << "silence was not treated as a dead connection";
  ASSERT_FALSE(ann.edit({ops::put(card("after", "Quicker help in a crisis", "user-outcomes"))}));
  ASSERT_TRUE(room.until([&] { return ann.settled(kQuiet); }));
  expect_converged(room, url);
}

TEST_F(Convergence, PresenceAndPeersReachOthers) {
  Room room(url);
  SyncClient& ann = room.join("Ann");
  SyncClient& bob = room.join("Bob");
  ASSERT_TRUE(room.until([&] { return ann.replica().online() && bob.replica().online(); }));
  pb::Presence p;
  p.mutable_cursor()->set_x(120);
  p.mutable_cursor()->set_y(80);
  p.set_cursor_visible(true);
  ASSERT_FALSE(ann.set_presence(p));
  ASSERT_TRUE(room.until([&] {
    auto it = bob.peers().find(ann.session_id());
    return it != bob.peers().end() && it->second.presence && it->second.presence->cursor().x() == 120;
  }));
  EXPECT_EQ(bob.peers().at(ann.session_id()).peer.display_name(), "Ann");
  bob.stop();
  ASSERT_TRUE(room.until([&] { return ann.peers().empty(); }));
}

TEST(Refusal, RoomFullIsFinal) {
  pss::test::ServerProcess server({"--max-sessions-per-room", "1"});
  Room room(server.url("full"));
  SyncClient& ann = room.join("Ann");
  ASSERT_TRUE(room.until([&] { return ann.replica().online(); }));
  SyncClient& bob = room.join("Bob");
  ASSERT_TRUE(room.until([&] { return bob.status() == ConnectionStatus::refused; }));
  ASSERT_FALSE(room.events(1).empty());
  EXPECT_EQ(room.events(1).back().reason, pb::ROOM_FULL);
  // No reconnect loop: still refused after several backoff periods.
  room.until([] { return false; }, 300ms);
  EXPECT_EQ(bob.status(), ConnectionStatus::refused);
}

// pss-bot --verify as users run it: exit 0 and "converged <hash>" last.
TEST(BotBinary, TenClientsVerify) {
  pss::test::ServerProcess server;
  const std::string ca = pss::test::default_ca_file();
  const std::string cmd = std::string(PSS_BOT_BINARY) + " --url " + server.url("bots") +
                          (ca.empty() ? "" : " --ca-file " + ca) +
                          " --clients 10 --ops 200 --rate 400 --seed 7 --verify --quiet-ms 200 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  std::string last = output.substr(0, output.find_last_not_of('\n') + 1);
  last = last.substr(last.rfind('\n') + 1);
  EXPECT_TRUE(last.starts_with("converged ")) << output;
}

TEST(BotBinary, CannotConnectExitsNonZero) {
  const std::string cmd = std::string(PSS_BOT_BINARY) + " --url ws://127.0.0.1:1/rooms/none --timeout 1 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[1024];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << output;
  EXPECT_NE(output.find("cannot connect"), std::string::npos) << output;
}

}  // namespace
}  // namespace pss::client
