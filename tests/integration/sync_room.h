// SyncRoom: several real SyncClients of one room driven from the test thread, and the
// convergence check every integration test of the sync engine ends with.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "client/core/sync_client.h"
#include "test_tls.h"

namespace pss::client::testing {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline constexpr auto kQuiet = 150ms;

inline ClientOptions options(const std::string& url, const std::string& name) {
  ClientOptions o;
  o.url = url;
  o.display_name = name;
  o.ca_file = pss::test::default_ca_file();  // over wss: trust the test certificate
  o.backoff_min = 20ms;                      // reconnect fast in tests
  o.backoff_max = 200ms;
  return o;
}

// Participants of one test; some on a shared io_context thread, as pss-bot runs them.
class SyncRoom {
 public:
  explicit SyncRoom(std::string url) : url_(std::move(url)) {}
  ~SyncRoom() {
    clients_.clear();  // stops each one while the shared thread still runs
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

  SyncClient& join(const std::string& name, bool shared_io = false) { return join(options(url_, name), shared_io); }
  SyncClient& join(ClientOptions o, bool shared_io = false) {
    if (shared_io && !thread_.joinable()) thread_ = std::thread([this] { io_.run(); });
    clients_.push_back(std::make_unique<SyncClient>(std::move(o), shared_io ? &io_ : nullptr));
    events_.emplace_back();
    clients_.back()->start();
    return *clients_.back();
  }
  SyncClient& operator[](std::size_t i) { return *clients_[i]; }
  std::size_t size() const { return clients_.size(); }
  std::vector<ClientEvent>& events(std::size_t i) { return events_[i]; }

  void poll() {
    for (std::size_t i = 0; i < clients_.size(); ++i)
      for (auto& e : clients_[i]->poll()) events_[i].push_back(std::move(e));
  }
  // Polls everyone until `done` holds or the timeout passes; never sleeps blindly.
  bool until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      poll();
      if (done()) return true;
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(2ms);
    }
  }
  bool all_settled() {
    for (auto& c : clients_)
      if (!c->settled(kQuiet)) return false;
    return true;
  }

 private:
  std::string url_;
  boost::asio::io_context io_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{boost::asio::make_work_guard(io_)};
  std::thread thread_;
  std::vector<std::unique_ptr<SyncClient>> clients_;
  std::vector<std::vector<ClientEvent>> events_;
};

// Waits until everyone is settled, then checks every view and confirmed map against a
// client that joins now. Returns the agreed hash.
inline std::string expect_converged(SyncRoom& room, const std::string& url) {
  EXPECT_TRUE(room.until([&] { return room.all_settled(); })) << "clients did not settle";
  SyncClient joiner(options(url, "Late joiner"));
  joiner.start();
  EXPECT_TRUE(room.until([&] {
    joiner.poll();
    return joiner.settled(kQuiet);
  })) << "the joiner did not settle";
  EXPECT_TRUE(joiner.replica().last_welcome_full());
  const std::string want = joiner.replica().confirmed().state_hash();
  EXPECT_EQ(joiner.view().state_hash(), want);
  for (std::size_t i = 0; i < room.size(); ++i) {
    EXPECT_EQ(room[i].view().state_hash(), want) << "view of client " << i;
    EXPECT_EQ(room[i].replica().confirmed().state_hash(), want) << "confirmed map of client " << i;
  }
  return want;
}

}  // namespace pss::client::testing
