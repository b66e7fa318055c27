#include "connection.h"

#include <random>

#include "run.h"
#include "wire.h"

namespace pss::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

Connection::Connection(Run& run, int index, int room, int dragger, Role role)
    : run_(run),
      index_(index),
      room_(room),
      dragger_(dragger),
      role_(role),
      ws_(run.io()),
      drag_timer_(run.io()),
      presence_timer_(run.io()) {}

void Connection::start() {
  started_ = Clock::now();
  auto self = shared_from_this();
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(ws_).async_connect(run_.endpoint(), [this, self](beast::error_code ec) {
    if (ec) return fail("connect", ec);
    beast::get_lowest_layer(ws_).socket().set_option(asio::ip::tcp::no_delay(true));
    ws_.binary(true);
    ws_.read_message_max(64u << 20);  // a Welcome with a 20,000-card snapshot
    ws_.async_handshake(run_.config().host, run_.target_path(room_), [this, self](beast::error_code ec) {
      if (ec) return fail("upgrade", ec);
      beast::get_lowest_layer(ws_).expires_never();
      ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      read();
      if (run_.config().target != Target::pss) return on_welcome();  // the peers have no join message
      const std::string id = "load-" + std::to_string(run_.config().seed) + "-" + std::to_string(index_);
      send(std::make_shared<const std::string>(pss_hello(id, "load " + std::to_string(index_))));
    });
  });
}

void Connection::on_welcome() {
  if (ready_ || awaited_commits_ > 0) return;
  const Config& c = run_.config();
  if (c.target == Target::pss && role_ == Role::seeder) {
    // The join storm's map, in pushes of at most 1,000 ops (the default limit).
    for (int first = 0; first < c.map_elements; first += 1000) {
      const int n = std::min(1000, c.map_elements - first);
      send(std::make_shared<const std::string>(pss_put_cards(first, n, ++client_seq_)));
      ++awaited_commits_;
    }
  } else if (c.target == Target::pss && dragger_ >= 0) {
    send(std::make_shared<const std::string>(pss_put_card(dragger_, ++client_seq_)));  // the card it drags
    ++awaited_commits_;
  }
  if (awaited_commits_ == 0) {
    ready_ = true;
    run_.on_ready(*this);
  }
}

void Connection::on_committed() {
  if (ready_ || awaited_commits_ == 0 || --awaited_commits_ > 0) return;
  ready_ = true;
  run_.on_ready(*this);
}

void Connection::fail(const std::string& what, beast::error_code ec) {
  if (run_.stopping() || failed_) return;
  failed_ = true;
  stop_load();
  std::string text = what + ": " + ec.message();
  if (ec == websocket::error::closed)
    text += " (" + std::to_string(ws_.reason().code) + " " +
            std::string(ws_.reason().reason.data(), ws_.reason().reason.size()) + ")";
  run_.on_failed(*this, text);
}

void Connection::read() {
  auto self = shared_from_this();
  ws_.async_read(buffer_, [this, self](beast::error_code ec, std::size_t) {
    if (ec) return fail("read", ec);
    const auto data = buffer_.cdata();
    run_.on_message(*this, std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.clear();
    read();
  });
}

void Connection::send(std::shared_ptr<const std::string> bytes) {
  out_.push_back(std::move(bytes));
  if (!writing_) write_next();
}

void Connection::write_next() {
  if (out_.empty() || run_.stopping()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  auto self = shared_from_this();
  ws_.async_write(asio::buffer(*out_.front()), [this, self](beast::error_code ec, std::size_t) {
    out_.pop_front();
    if (ec) {
      writing_ = false;
      return fail("write", ec);
    }
    write_next();
  });
}

void Connection::start_load() {
  if (!ready_ || failed_) return;
  loading_ = true;
  const Config& c = run_.config();
  if (dragger_ >= 0) schedule(drag_timer_, c.drag_hz, true, &Connection::drag);
  if (c.presence_hz > 0) schedule(presence_timer_, c.presence_hz, true, &Connection::presence);
}

void Connection::stop_load() {
  loading_ = false;
  drag_timer_.cancel();
  presence_timer_.cancel();
}

void Connection::schedule(asio::steady_timer& timer, double hz, bool first, void (Connection::*fire)()) {
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / hz));
  if (first) {  // a random phase, so that clients do not send in lockstep
    std::mt19937_64 rng(run_.config().seed * 1000003u + static_cast<unsigned>(index_) * 2u +
                        (fire == &Connection::drag));
    timer.expires_after(
        std::chrono::duration_cast<Clock::duration>(period * std::uniform_real_distribution<>(0, 1)(rng)));
  } else {
    timer.expires_at(timer.expiry() + period);  // fixed rate: no drift
  }
  auto self = shared_from_this();
  timer.async_wait([this, self, &timer, hz, fire](beast::error_code ec) {
    if (ec || !loading_) return;
    (this->*fire)();
    schedule(timer, hz, false, fire);
  });
}

void Connection::drag() {
  const DragKey key = run_.next_drag(*this, drag_seq_++);
  switch (run_.config().target) {
    case Target::pss: send(std::make_shared<const std::string>(pss_drag(key, ++client_seq_))); break;
    case Target::relay: send(std::make_shared<const std::string>(pss_drag(key, key.seq + 1))); break;
    case Target::yjs: send(std::make_shared<const std::string>(yjs_drag(key, dragger_ % 1000))); break;
  }
}

void Connection::presence() {
  const double x = (index_ % 100) * 10.0 + static_cast<double>(presence_clock_ % 50);
  const double y = (index_ / 100) * 10.0;
  ++presence_clock_;
  if (run_.config().target == Target::yjs)
    send(std::make_shared<const std::string>(
        yjs_awareness(static_cast<std::uint32_t>(index_) + 1, presence_clock_, x, y)));
  else
    send(std::make_shared<const std::string>(pss_presence(x, y)));
  run_.count_presence_sent();
}

}  // namespace pss::load
