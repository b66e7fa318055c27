// Durability of the real pss-server: no acknowledged edit is lost when the server is
// killed (SIGKILL) at random moments while ten participants edit, every client
// reconverges after each restart, a clean shutdown reloads to the same state, damaged
// files stop the server with a clear error, and the recording is served over HTTP.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>

#include "server_process.h"
#include "sync_room.h"
#include "test_cards.h"

namespace pss::client {
namespace {

using namespace std::chrono_literals;
using testing::card;
using testing::Clock;
using testing::expect_converged;
using testing::options;
using testing::SyncRoom;
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string d = (fs::temp_directory_path() / "pss-durability.XXXXXX").string();
    if (!mkdtemp(d.data())) throw std::runtime_error("mkdtemp failed");
    path_ = d;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

std::unique_ptr<pss::test::ServerProcess> start(const TempDir& data, std::uint16_t port = 0) {
  return std::make_unique<pss::test::ServerProcess>(std::vector<std::string>{
      "--data", data.str(), "--port", std::to_string(port), "--tick-ms", "5", "--snapshot-every", "200"});
}

// Runs a command, returns its exit status and (stdout + stderr).
std::pair<int, std::string> run(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return {-1, ""};
  char buf[512];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The map a client joining now is given.
StrategyMap fresh_join(const std::string& url) {
  SyncRoom room(url);
  SyncClient& c = room.join("Checker");
  EXPECT_TRUE(room.until([&] { return c.replica().online(); }, 10s)) << "could not join " << url;
  return c.replica().confirmed();
}

TEST(Durability, SigkillAtRandomMomentsLosesNoAcknowledgedEdit) {
  TempDir data;
  auto server = start(data);
  const std::uint16_t port = server->port();
  const std::string url = server->url("durability");
  constexpr int kClients = 10;
  constexpr int kKills = 22;

  SyncRoom room(url);
  for (int i = 0; i < kClients; ++i) room.join("P" + std::to_string(i), true);
  ASSERT_TRUE(room.until([&] {
    for (std::size_t i = 0; i < room.size(); ++i)
      if (!room[i].replica().online()) return false;
    return true;
  }));

  std::mt19937 rng(20261126);
  std::vector<int> created(kClients, 0);
  std::set<std::string> acknowledged;  // card ids some client had confirmed by the server
  std::uint64_t acknowledged_clock = 0;
  auto edit_for = [&](std::chrono::milliseconds span) {
    const auto end = Clock::now() + span;
    while (Clock::now() < end) {
      for (int i = 0; i < kClients; ++i) {
        const std::string prefix = "p" + std::to_string(i) + "-";
        if (created[i] == 0 || rng() % 3 == 0) {
          const std::string id = prefix + std::to_string(created[i]++);
          (void)room[i].edit({ops::put(card(id, "Card " + id, "processes", rng() % 2000, rng() % 300))});
        } else {  // drag one of its own cards
          const std::string id = prefix + std::to_string(rng() % created[i]);
          (void)room[i].edit({ops::move(id, rng() % 2000, rng() % 300)}, true);
        }
      }
      room.poll();
      std::this_thread::sleep_for(3ms);
    }
  };

  for (int kill = 0; kill < kKills; ++kill) {
    edit_for(std::chrono::milliseconds(60 + rng() % 300));
    // What the clients hold as confirmed came from the server after it was durable.
    room.poll();
    for (std::size_t i = 0; i < room.size(); ++i) {
      const StrategyMap& confirmed = room[i].replica().confirmed();
      acknowledged_clock = std::max(acknowledged_clock, confirmed.clock());
      for (const auto& [id, e] : confirmed.elements())
        if (id.starts_with("p")) acknowledged.insert(id);
    }
    ASSERT_EQ(server->terminate(5s, SIGKILL), 128 + SIGKILL);
    server = start(data, port);

    const StrategyMap after = fresh_join(url);
    ASSERT_GE(after.clock(), acknowledged_clock) << "restart " << kill << " lost acknowledged changes";
    for (const auto& id : acknowledged) ASSERT_NE(after.element(id), nullptr) << id << " lost at restart " << kill;
  }

  // Everyone reconnects, re-sends what was never acknowledged, and agrees.
  const std::string hash = expect_converged(room, url);
  const StrategyMap final_map = fresh_join(url);
  EXPECT_EQ(final_map.state_hash(), hash);
  int cards = 0;
  for (int i = 0; i < kClients; ++i)
    for (int n = 0; n < created[i]; ++n, ++cards) {
      const std::string id = "p" + std::to_string(i) + "-" + std::to_string(n);
      EXPECT_NE(final_map.element(id), nullptr) << id << " never arrived";
    }
  EXPECT_GT(acknowledged.size(), 50u) << "the workload acknowledged too little to prove anything";
  std::printf("%d kills, %d cards, %zu acknowledged before a kill, final clock %llu\n", kKills, cards,
              acknowledged.size(), static_cast<unsigned long long>(final_map.clock()));
}

TEST(Durability, CleanShutdownReloadsTheSameMapAndListsTheRoom) {
  TempDir data;
  auto server = start(data);
  std::string hash;
  {
    SyncRoom room(server->url("workshop-1"));
    SyncClient& ann = room.join("Ann");
    ASSERT_TRUE(room.until([&] { return ann.replica().online(); }));
    for (int i = 0; i < 30; ++i) ASSERT_FALSE(ann.edit({ops::put(card("c" + std::to_string(i)))}));
    ASSERT_TRUE(room.until([&] { return ann.settled(testing::kQuiet); }));
    hash = ann.replica().confirmed().state_hash();
  }
  ASSERT_EQ(server->terminate(5s, SIGTERM), 0);

  auto [status, listing] = run(pss::test::server_binary() + " rooms --data " + data.str());
  EXPECT_EQ(status, 0) << listing;
  EXPECT_NE(listing.find("workshop-1"), std::string::npos) << listing;
  EXPECT_NE(listing.find(" 30 "), std::string::npos) << "30 elements expected:\n" << listing;

  server = start(data);
  EXPECT_EQ(fresh_join(server->url("workshop-1")).state_hash(), hash);
}

TEST(Durability, DamagedRoomFileStopsTheServerWithAClearError) {
  TempDir data;
  {
    auto server = start(data);
    (void)fresh_join(server->url("broken"));
  }
  const fs::path file = data.path() / "rooms" / "broken.sqlite";
  ASSERT_TRUE(fs::exists(file));
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << "this is not a database";
  }
  auto [status, output] = run(pss::test::server_binary() + " --port 0 --data " + data.str());
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("broken.sqlite"), std::string::npos) << output;
  EXPECT_EQ(output.find("listening on"), std::string::npos) << "served a damaged room:\n" << output;

  fs::remove(file);  // a room the index lists but whose file is gone is no empty room either
  std::tie(status, output) = run(pss::test::server_binary() + " --port 0 --data " + data.str());
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("broken"), std::string::npos) << output;
  EXPECT_EQ(output.find("listening on"), std::string::npos) << output;
}

TEST(Durability, HistoryEndpointServesTheRecording) {
  TempDir data;
  auto server = start(data);
  {
    SyncRoom room(server->url("recorded"));
    SyncClient& ann = room.join("Ann");
    ASSERT_TRUE(room.until([&] { return ann.replica().online(); }));
    for (int i = 0; i < 5; ++i) ASSERT_FALSE(ann.edit({ops::put(card("c" + std::to_string(i)))}));
    ASSERT_TRUE(room.until([&] { return ann.settled(testing::kQuiet); }));
  }
  namespace beast = boost::beast;
  namespace http = beast::http;
  auto get = [&](const std::string& target) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server->port()});
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(stream, buffer, parser);
    return parser.release();
  };
  // The leave is recorded when the server notices the close: wait for it.
  pb::History history;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto res = get("/rooms/recorded/history");
    ASSERT_EQ(res.result(), http::status::ok) << res.body();
    ASSERT_TRUE(history.ParseFromString(res.body()));
    if (history.sessions_size() >= 2) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(history.room(), "recorded");
  EXPECT_EQ(history.base().clock(), 0u);
  ASSERT_EQ(history.changes_size(), 5);
  EXPECT_EQ(history.changes(4).clock(), 5u);
  EXPECT_EQ(history.changes(0).author(), "Ann");
  ASSERT_EQ(history.sessions_size(), 2);
  EXPECT_EQ(history.sessions(0).kind(), pb::RecordedSession::JOIN);
  EXPECT_EQ(history.sessions(1).kind(), pb::RecordedSession::LEAVE);
  EXPECT_EQ(history.sessions(0).display_name(), "Ann");

  auto missing = get("/rooms/never-used/history");
  EXPECT_EQ(missing.result(), http::status::not_found);
  EXPECT_NE(missing.body().find("no recording of room never-used"), std::string::npos) << missing.body();
  EXPECT_EQ(missing.body().find(data.str()), std::string::npos) << "leaks the server's paths";
}

}  // namespace
}  // namespace pss::client
