// One simulated participant: a WebSocket connection that joins a room and, once the
// run says so, streams drags and presence at fixed rates (own timers, random phase).
// Everything runs on the run's single io_context: no locks.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>

namespace pss::load {

class Run;
using Clock = std::chrono::steady_clock;

enum class Role { participant, seeder };  // a seeder fills the room's map first (join storm)

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Run& run, int index, int room, int dragger, Role role);

  void start();       // connect, upgrade, join; tells the run when ready or failed
  void start_load();  // begin the drag and presence timers
  void stop_load();
  void send(std::shared_ptr<const std::string> bytes);

  int index() const { return index_; }
  int room() const { return room_; }
  int dragger() const { return dragger_; }  // -1 unless this client drags
  Role role() const { return role_; }
  Clock::time_point started_at() const { return started_; }

  // Called by the run when a message says the join or its setup is complete.
  void on_welcome();
  void on_committed();

 private:
  void fail(const std::string& what, boost::beast::error_code ec);
  void read();
  void write_next();
  void schedule(boost::asio::steady_timer& timer, double hz, bool first, void (Connection::*fire)());
  void drag();
  void presence();

  Run& run_;
  int index_, room_, dragger_;
  Role role_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> out_;
  bool writing_ = false;
  bool loading_ = false;
  bool ready_ = false;
  bool failed_ = false;  // counted once; a failed client offers no load
  boost::asio::steady_timer drag_timer_, presence_timer_;
  std::uint64_t client_seq_ = 0;
  std::uint64_t drag_seq_ = 0;
  std::uint64_t presence_clock_ = 0;
  int awaited_commits_ = 0;
  Clock::time_point started_;
};

}  // namespace pss::load
