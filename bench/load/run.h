// A pss-load run: opens the connections, waits until all have joined, offers the load
// for the configured time, waits for the outstanding deliveries, and reports.
//
// Edit-to-peer latency uses a send table: the time each drag (dragger, seq) was
// handed to its socket, looked up when any other client receives it. The generator
// is the clock of both ends. Expected deliveries of a drag = the room's joined
// clients minus its sender; lost = expected - received after the drain.
#pragma once

#include <boost/asio.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "connection.h"
#include "stats.h"
#include "wire.h"

namespace pss::load {

struct Results {
  int connected = 0;
  int connection_errors = 0;
  std::vector<std::string> error_samples;  // the first few, for the summary
  std::uint64_t drags_sent = 0, presence_sent = 0, presence_received = 0;
  std::uint64_t expected = 0, delivered = 0, unknown = 0;
  std::uint64_t rejected_pushes = 0, server_errors = 0, decode_errors = 0;
  Histogram latency;
  Histogram join;  // connect to Welcome
  double load_seconds = 0;
  double server_cpu_s = -1;
  ProcSample server_before, server_after;
  double generator_cpu_s = 0;
};

class Run {
 public:
  explicit Run(Config config);
  int execute();  // runs to the end, prints the summary (stderr) and the JSON line (stdout)

  // For connections.
  boost::asio::io_context& io() { return io_; }
  const Config& config() const { return config_; }
  const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }
  std::string target_path(int room) const;
  bool stopping() const { return stopping_; }
  void on_ready(Connection& c);
  void on_failed(Connection& c, const std::string& what);
  void on_message(Connection& c, std::string_view bytes);
  DragKey next_drag(Connection& c, std::uint64_t seq);
  void count_presence_sent() { ++results_.presence_sent; }

 private:
  void open_connections(std::vector<std::shared_ptr<Connection>> batch, double ramp_s);
  void all_ready();
  void begin_load();
  void end_load();
  void wait_drain(Clock::time_point deadline);
  void finish();
  void report();
  std::int64_t now_us() const;

  Config config_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::endpoint endpoint_;
  boost::asio::steady_timer timer_, ramp_timer_;
  std::vector<std::shared_ptr<Connection>> connections_;
  std::shared_ptr<Connection> seeder_;
  std::vector<int> room_members_;
  std::vector<std::vector<std::int64_t>> sent_us_;  // [dragger][seq]
  int settled_ = 0;                                 // ready or failed
  bool loading_ = false, stopping_ = false;
  Clock::time_point epoch_, load_start_, last_delivery_;
  Results results_;
};

}  // namespace pss::load
