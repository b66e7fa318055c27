#include "server.h"

#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>
#include <vector>

#include "ws_session.h"

namespace pss::server {

Server::Server(ServerOptions options)
    : ioc_(static_cast<int>(options.threads)),
      ctx_(std::make_shared<ServerContext>(ioc_, std::move(options))),
      control_(net::make_strand(ioc_)),
      signals_(control_, SIGINT, SIGTERM),
      shutdown_timer_(control_) {
  const auto address = net::ip::make_address(ctx_->options.bind);
  listener_ = std::make_shared<Listener>(ioc_, tcp::endpoint{address, ctx_->options.port}, ctx_);
}

Server::~Server() {
  // Handlers still queued hold sessions, rooms and ctx_; they die with ioc_ (declared
  // first, destroyed last). Sessions see ctx_->stopping and post nothing while it does.
  listener_.reset();
}

void Server::run() {
  listener_->run();
  wait_for_signal();
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < ctx_->options.threads; ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads) t.join();
  if (ctx_->store) {
    ctx_->registry.for_each([](Room& room) { room.snapshot_at_shutdown(); });
    ctx_->store->flush_and_stop();
  }
  spdlog::info("stopped");
}

void Server::stop() {
  net::post(control_, [this] { begin_shutdown(); });
}

void Server::wait_for_signal() {
  signals_.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", signal);
    begin_shutdown();
  });
}

void Server::begin_shutdown() {
  if (ctx_->stopping.exchange(true)) return;
  listener_->stop();
  const auto sessions = ctx_->sessions.live();
  spdlog::info("closing {} sessions in {} rooms", sessions.size(), ctx_->registry.room_count());
  for (const auto& s : sessions) s->close(CloseCode::going_away, "server shutting down");
  poll_shutdown(std::chrono::steady_clock::now() + kShutdownGrace);
}

void Server::poll_shutdown(std::chrono::steady_clock::time_point deadline) {
  if (ctx_->sessions.size() == 0 || std::chrono::steady_clock::now() >= deadline) {
    signals_.cancel();
    ioc_.stop();
    return;
  }
  shutdown_timer_.expires_after(std::chrono::milliseconds(10));
  shutdown_timer_.async_wait([this, deadline](beast::error_code ec) {
    if (!ec) poll_shutdown(deadline);
  });
}

}  // namespace pss::server
