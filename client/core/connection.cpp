// The Beast side of SyncClient. Shape after Beast's websocket client examples: one
// async chain per step (resolve, connect, handshake, read loop, write queue with one
// async_write outstanding), all on one strand, so no locks inside.
#include "client/core/connection.h"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <random>

#include "protocol/protocol.h"
#include "transport/tls.h"

namespace pss::client::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using transport::FlexStream;
using Clock = std::chrono::steady_clock;

bool is_final_refusal(std::uint16_t code) {
  return code == static_cast<std::uint16_t>(CloseCode::version_too_old) ||
         code == static_cast<std::uint16_t>(CloseCode::forbidden) ||
         code == static_cast<std::uint16_t>(CloseCode::room_full);
}

namespace {

using Strand = asio::strand<asio::io_context::executor_type>;

// One connection attempt. Each attempt gets fresh I/O objects, so handlers of a dead
// socket complete safely later: they keep their attempt alive and see it is stale.
struct Attempt {
  Attempt(const Strand& strand, std::uint64_t epoch) : ws(strand), resolver(strand), ticker(strand), epoch(epoch) {}
  websocket::stream<FlexStream> ws;  // TLS on for wss://
  tcp::resolver resolver;
  asio::steady_timer ticker;  // pings and silence detection
  beast::flat_buffer buffer;
  websocket::response_type response;  // of the handshake, to explain a refusal
  std::deque<std::string> queue;      // encoded ClientMessages; the front is being written
  bool writing = false;
  bool open = false;
  bool closing = false;
  std::uint64_t epoch;
  Clock::time_point last_heard = Clock::now();
  Clock::time_point last_ping = Clock::now();
  std::uint64_t nonce = 0;
};
using AttemptPtr = std::shared_ptr<Attempt>;

std::string describe_close(const websocket::close_reason& r) {
  std::string text = "server closed the connection (" + std::to_string(r.code);
  if (!r.reason.empty()) text += ": " + std::string(r.reason.data(), r.reason.size());
  return text + ")";
}

class BeastConnection final : public Connection, public std::enable_shared_from_this<BeastConnection> {
 public:
  BeastConnection(asio::io_context& io, ConnectionConfig config, std::shared_ptr<Mailbox> mailbox)
      : strand_(asio::make_strand(io)),
        backoff_(strand_),
        config_(std::move(config)),
        mailbox_(std::move(mailbox)),
        rng_(std::random_device{}()) {}

  void start() override {
    asio::post(strand_, [self = shared_from_this()] {
      self->stopped_ = false;
      if (!self->current_) self->connect();
    });
  }

  void stop(std::function<void()> done) override {
    asio::post(strand_, [self = shared_from_this(), done = std::move(done)] {
      self->stopped_ = true;
      self->backoff_.cancel();
      AttemptPtr a = self->current_;
      if (!a || !a->open || a->closing) {
        if (a) self->fail(a, "stopped");
        done();
        return;
      }
      a->closing = true;
      a->ticker.cancel();
      a->ws.async_close(websocket::close_code::normal, [self, a, done](beast::error_code) {
        self->fail(a, "stopped", static_cast<std::uint16_t>(CloseCode::normal));
        done();
      });
    });
  }

  void send(std::uint64_t epoch, std::vector<std::string> messages) override {
    asio::post(strand_, [self = shared_from_this(), epoch, messages = std::move(messages)]() mutable {
      AttemptPtr a = self->current_;
      if (!a || !a->open || a->closing || a->epoch != epoch) return;  // that connection is gone
      for (auto& m : messages) self->enqueue(a, std::move(m));
    });
  }

  void drop(std::string why) override {
    asio::post(strand_, [self = shared_from_this(), why = std::move(why)] {
      if (self->current_) self->fail(self->current_, why);
    });
  }

 private:
  void connect() {
    if (stopped_) return;
    auto a = std::make_shared<Attempt>(strand_, ++mailbox_->epochs);
    current_ = a;
    a->resolver.async_resolve(config_.url.host, config_.url.port,
                              [self = shared_from_this(), a](beast::error_code ec, tcp::resolver::results_type r) {
                                self->on_resolve(a, ec, r);
                              });
  }

  void on_resolve(const AttemptPtr& a, beast::error_code ec, const tcp::resolver::results_type& results) {
    if (a != current_) return;
    if (ec) return fail(a, "cannot resolve " + config_.url.host + ": " + ec.message());
    beast::get_lowest_layer(a->ws).expires_after(config_.connect_timeout);
    beast::get_lowest_layer(a->ws).async_connect(
        results,
        [self = shared_from_this(), a](beast::error_code ec, const tcp::endpoint&) { self->on_connect(a, ec); });
  }

  void on_connect(const AttemptPtr& a, beast::error_code ec) {
    if (a != current_) return;
    if (ec) return fail(a, "cannot connect to " + config_.url.host + ":" + config_.url.port + ": " + ec.message());
    beast::error_code ignored;
    beast::get_lowest_layer(a->ws).socket().set_option(tcp::no_delay(true), ignored);  // small messages, at once
    if (!config_.url.tls) return websocket_handshake(a);
    // wss://: a refused certificate is final, retrying cannot help.
    std::string error;
    if (!transport::start_client_tls(a->ws.next_layer(), *config_.tls, config_.url.host, &error))
      return fail(a, error, 0, true);
    beast::get_lowest_layer(a->ws).expires_after(config_.connect_timeout);
    a->ws.next_layer().async_tls_handshake(
        asio::ssl::stream_base::client,
        [self = shared_from_this(), a](beast::error_code ec) { self->on_tls_handshake(a, ec); });
  }

  void on_tls_handshake(const AttemptPtr& a, beast::error_code ec) {
    if (a != current_) return;
    if (!ec) return websocket_handshake(a);
    const std::string where = config_.url.host + ":" + config_.url.port;
    if (const auto why = transport::certificate_error(a->ws.next_layer()); !why.empty())
      return fail(a,
                  "the TLS certificate of " + where + " was refused: " + why +
                      (config_.ca_file.empty() ? " (trusting the system's CAs; --ca-file FILE trusts another CA)"
                                               : " (trusting only the CA in " + config_.ca_file + ")"),
                  0, true);
    fail(a, "TLS handshake with " + where + " failed: " + ec.message());
  }

  void websocket_handshake(const AttemptPtr& a) {
    auto& tcp_stream = beast::get_lowest_layer(a->ws);
    tcp_stream.expires_never();  // the websocket timeouts below take over
    a->ws.set_option(websocket::stream_base::timeout{config_.connect_timeout, websocket::stream_base::none(), false});
    a->ws.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& req) { req.set(http::field::user_agent, "pss-client"); }));
    a->ws.binary(true);
    a->ws.read_message_max(std::size_t{256} << 20);  // a full snapshot of a big room
    const std::string& h = config_.url.host;
    const std::string host = (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + config_.url.port;
    a->ws.async_handshake(a->response, host, config_.url.target,
                          [self = shared_from_this(), a](beast::error_code ec) { self->on_handshake(a, ec); });
  }

  void on_handshake(const AttemptPtr& a, beast::error_code ec) {
    if (a != current_) return;
    if (ec) {
      const unsigned status = a->response.result_int();
      if (status >= 400 && status < 500 && status != 408 && status != 429) {  // e.g. no such room path
        std::string why = a->response.body().substr(0, 300);
        while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
        return fail(a,
                    "the server refused the WebSocket upgrade (HTTP " + std::to_string(status) + ")" +
                        (why.empty() ? "" : ": " + why),
                    0, true);
      }
      return fail(a, "WebSocket handshake failed: " + ec.message());
    }
    a->open = true;
    a->last_heard = a->last_ping = Clock::now();
    mailbox_->post(InboxItem{InboxItem::Kind::opened, a->epoch, {}, 0, false, false, {}});
    pb::ClientMessage hello;
    *hello.mutable_hello() = config_.hello;
    hello.mutable_hello()->set_last_clock(mailbox_->hello_clock.load());
    enqueue(a, encode(hello));
    read(a);
    tick(a);
  }

  void read(const AttemptPtr& a) {
    a->ws.async_read(a->buffer,
                     [self = shared_from_this(), a](beast::error_code ec, std::size_t) { self->on_read(a, ec); });
  }

  void on_read(const AttemptPtr& a, beast::error_code ec) {
    if (a != current_) return;
    if (a->closing) return fail(a, "stopped", static_cast<std::uint16_t>(CloseCode::normal));
    if (ec == websocket::error::closed) return fail(a, describe_close(a->ws.reason()), a->ws.reason().code);
    if (ec) return fail(a, "connection lost: " + ec.message());
    a->last_heard = Clock::now();
    InboxItem item{InboxItem::Kind::frame, a->epoch, {}, 0, false, false, {}};
    const auto data = a->buffer.cdata();
    const bool ok = item.frame.ParseFromArray(data.data(), static_cast<int>(data.size()));
    a->buffer.consume(a->buffer.size());
    if (!ok) return fail(a, "the server sent an undecodable frame");
    bool activity = false;
    for (const auto& m : item.frame.messages()) {
      if (m.has_welcome()) failures_ = 0;  // a good connection: the next failure retries fast
      activity = activity || m.has_welcome() || m.has_patch() || m.has_push_result();
    }
    if (activity) mailbox_->last_activity_ns = Clock::now().time_since_epoch().count();
    mailbox_->post(std::move(item));
    read(a);
  }

  void enqueue(const AttemptPtr& a, std::string message) {
    a->queue.push_back(std::move(message));
    if (!a->writing) write_next(a);
  }

  void write_next(const AttemptPtr& a) {
    a->writing = true;
    a->ws.async_write(asio::buffer(a->queue.front()),
                      [self = shared_from_this(), a](beast::error_code ec, std::size_t) {
                        a->writing = false;
                        if (a != self->current_) return;
                        if (ec) return self->fail(a, "send failed: " + ec.message());
                        a->queue.pop_front();
                        if (!a->queue.empty()) self->write_next(a);
                      });
  }

  // Pings keep the server (and NATs) from timing us out; silence means a dead peer.
  void tick(const AttemptPtr& a) {
    const auto period =
        std::max(std::chrono::milliseconds(10), std::min(config_.ping_interval, config_.silence_timeout / 4));
    a->ticker.expires_after(period);
    a->ticker.async_wait([self = shared_from_this(), a](beast::error_code ec) {
      if (ec || a != self->current_ || a->closing) return;
      const auto now = Clock::now();
      if (now - a->last_heard > self->config_.silence_timeout)
        return self->fail(a,
                          "the server was silent for " + std::to_string(self->config_.silence_timeout.count()) + " ms");
      if (now - a->last_ping >= self->config_.ping_interval) {
        a->last_ping = now;
        pb::ClientMessage ping;
        ping.mutable_ping()->set_nonce(++a->nonce);
        self->enqueue(a, encode(ping));
      }
      self->tick(a);
    });
  }

  // Ends attempt `a` (once) and tells the owner; reconnects unless told not to.
  // `a` by value: callers may pass current_ itself, which this resets.
  void fail(AttemptPtr a, std::string why, std::uint16_t close_code = 0, bool refused_upgrade = false) {
    if (a != current_) return;
    current_.reset();
    a->resolver.cancel();
    a->ticker.cancel();
    beast::get_lowest_layer(a->ws).close();  // pending operations complete, stale
    const bool refused = refused_upgrade || is_final_refusal(close_code);
    const bool again = !stopped_ && !refused && config_.reconnect;
    mailbox_->post(InboxItem{InboxItem::Kind::closed, a->epoch, {}, close_code, refused, again, std::move(why)});
    if (again) schedule_reconnect();
  }

  void schedule_reconnect() {
    // Exponential backoff with jitter, so a restarted server is not hit by everyone at once.
    const int doublings = std::min(failures_++, 16);
    const std::int64_t base =
        std::min<std::int64_t>(config_.backoff_max.count(), config_.backoff_min.count() << doublings);
    std::uniform_int_distribution<std::int64_t> jitter(base / 2, std::max<std::int64_t>(base, 1));
    backoff_.expires_after(std::chrono::milliseconds(jitter(rng_)));
    backoff_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && !self->stopped_ && !self->current_) self->connect();
    });
  }

  Strand strand_;
  asio::steady_timer backoff_;
  ConnectionConfig config_;
  std::shared_ptr<Mailbox> mailbox_;
  std::mt19937 rng_;
  AttemptPtr current_;  // the live attempt, if any
  bool stopped_ = true;
  int failures_ = 0;  // since the last Welcome
};

}  // namespace

std::shared_ptr<Connection> make_connection(asio::io_context& io, ConnectionConfig config,
                                            std::shared_ptr<Mailbox> mailbox) {
  return std::make_shared<BeastConnection>(io, std::move(config), std::move(mailbox));
}

}  // namespace pss::client::detail
