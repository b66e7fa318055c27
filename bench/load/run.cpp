#include "run.h"

#include <sys/resource.h>

#include <iostream>

namespace pss::load {

namespace asio = boost::asio;

Run::Run(Config config) : config_(std::move(config)), timer_(io_), ramp_timer_(io_) {
  endpoint_ = asio::ip::tcp::endpoint(asio::ip::make_address(config_.host), config_.port);
}

std::string Run::target_path(int room) const {
  const std::string name = config_.room_prefix + "-" + std::to_string(room);
  return config_.target == Target::pss ? "/rooms/" + name : "/" + name;  // the peers: rooms by path
}

namespace {
Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}
}  // namespace

std::int64_t Run::now_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - epoch_).count();
}

int Run::execute() {
  epoch_ = Clock::now();
  results_.server_before = sample_process(config_.server_pid);
  room_members_.assign(static_cast<std::size_t>(config_.rooms), 0);
  // Clients are dealt to rooms in turn; the first draggers_per_room of each room drag.
  int draggers = 0;
  for (int i = 0; i < config_.clients; ++i) {
    const int room = i % config_.rooms;
    const int dragger = i / config_.rooms < config_.draggers_per_room ? draggers++ : -1;
    connections_.push_back(std::make_shared<Connection>(*this, i, room, dragger, Role::participant));
  }
  sent_us_.resize(static_cast<std::size_t>(draggers));
  if (config_.map_elements > 0) {
    seeder_ = std::make_shared<Connection>(*this, config_.clients, 0, -1, Role::seeder);
    seeder_->start();
  } else {
    open_connections(connections_, config_.ramp_s);
  }
  io_.run();
  report();
  return results_.connected > 0 ? 0 : 1;
}

void Run::open_connections(std::vector<std::shared_ptr<Connection>> batch, double ramp_s) {
  // Even spacing over the ramp, a few per timer tick.
  const auto start = Clock::now();
  const double n = static_cast<double>(batch.size());
  auto next = std::make_shared<std::size_t>(0);
  auto step = std::make_shared<std::function<void()>>();
  *step = [this, batch = std::move(batch), start, n, ramp_s, next, step] {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const auto due =
        ramp_s <= 0 ? batch.size() : std::min(batch.size(), static_cast<std::size_t>(n * elapsed / ramp_s) + 1);
    while (*next < due) batch[(*next)++]->start();
    if (*next < batch.size()) {
      ramp_timer_.expires_after(std::chrono::milliseconds(1));
      ramp_timer_.async_wait([step](boost::system::error_code ec) {
        if (!ec) (*step)();
      });
    } else {
      *step = nullptr;  // break the self-reference
    }
  };
  (*step)();
}

void Run::on_ready(Connection& c) {
  if (c.role() == Role::seeder) {  // the map is in: the storm begins
    results_.server_before = sample_process(config_.server_pid);
    open_connections(connections_, config_.ramp_s);
    return;
  }
  ++results_.connected;
  ++room_members_[static_cast<std::size_t>(c.room())];
  if (config_.map_elements > 0)
    results_.join.add(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.started_at()).count());
  if (++settled_ == config_.clients) all_ready();
}

void Run::on_failed(Connection& c, const std::string& what) {
  ++results_.connection_errors;
  if (results_.error_samples.size() < 5)
    results_.error_samples.push_back("client " + std::to_string(c.index()) + ": " + what);
  if (c.role() == Role::seeder) {
    std::cerr << "pss-load: the seeding connection failed: " << what << "\n";
    return finish();
  }
  if (++settled_ == config_.clients && !loading_) all_ready();
}

void Run::all_ready() {
  if (results_.connected == 0) return finish();  // nobody to load, nobody to measure
  if (config_.map_elements > 0) {                // join storm: the joins were the load
    load_start_ = epoch_;
    return finish();
  }
  if (config_.draggers_per_room == 0 && config_.presence_hz == 0) {  // idle: let the server settle
    timer_.expires_after(seconds(config_.duration_s));
    timer_.async_wait([this](boost::system::error_code) { finish(); });
    return;
  }
  begin_load();
}

void Run::begin_load() {
  loading_ = true;
  results_.server_before = sample_process(config_.server_pid);
  load_start_ = last_delivery_ = Clock::now();
  for (auto& c : connections_) c->start_load();
  timer_.expires_after(seconds(config_.duration_s));
  timer_.async_wait([this](boost::system::error_code) { end_load(); });
}

void Run::end_load() {
  for (auto& c : connections_) c->stop_load();
  const auto deadline = Clock::now() + seconds(config_.drain_s);
  wait_drain(deadline);
}

void Run::wait_drain(Clock::time_point deadline) {
  if (results_.delivered + results_.unknown >= results_.expected || Clock::now() >= deadline) return finish();
  timer_.expires_after(std::chrono::milliseconds(20));
  timer_.async_wait([this, deadline](boost::system::error_code) { wait_drain(deadline); });
}

void Run::finish() {
  if (stopping_) return;
  stopping_ = true;
  results_.server_after = sample_process(config_.server_pid);
  if (results_.server_before.ok && results_.server_after.ok)
    results_.server_cpu_s = results_.server_after.cpu_seconds - results_.server_before.cpu_seconds;
  results_.load_seconds = std::chrono::duration<double>(last_delivery_ - load_start_).count();
  io_.stop();  // sockets close when the connections go: the server sees the clients leave
}

DragKey Run::next_drag(Connection& c, std::uint64_t seq) {
  auto& table = sent_us_[static_cast<std::size_t>(c.dragger())];
  table.push_back(now_us());  // table index == seq: drags of one client are numbered 0, 1, ...
  ++results_.drags_sent;
  results_.expected += static_cast<std::uint64_t>(std::max(0, room_members_[static_cast<std::size_t>(c.room())] - 1));
  return DragKey{static_cast<std::uint32_t>(c.dragger()), seq};
}

void Run::on_message(Connection& c, std::string_view bytes) {
  Received got;
  // One clock read per message, not per drag in it (it was 8% of the generator's CPU).
  const auto arrived = Clock::now();
  const auto arrived_us = std::chrono::duration_cast<std::chrono::microseconds>(arrived - epoch_).count();
  const auto on_drag = [&](DragKey key) {
    if (static_cast<int>(key.dragger) == c.dragger()) return;  // its own echo: not a peer delivery
    if (key.dragger >= sent_us_.size() || key.seq >= sent_us_[key.dragger].size()) {
      ++results_.unknown;
      return;
    }
    ++results_.delivered;
    last_delivery_ = arrived;
    results_.latency.add(arrived_us - sent_us_[key.dragger][key.seq]);
  };
  bool ok = true;
  switch (config_.target) {
    case Target::pss: ok = scan_server_frame(bytes, got, on_drag); break;
    case Target::relay: ok = scan_client_message(bytes, got, on_drag); break;
    case Target::yjs: ok = scan_yjs_message(bytes, got, on_drag); break;
  }
  results_.decode_errors += !ok;
  results_.presence_received += static_cast<std::uint64_t>(got.presence);
  results_.rejected_pushes += static_cast<std::uint64_t>(got.rejected_pushes);
  results_.server_errors += static_cast<std::uint64_t>(got.errors);
  if (got.welcome) c.on_welcome();
  for (int i = 0; i < got.committed_pushes; ++i) c.on_committed();
}

}  // namespace pss::load
