#include "listener.h"

#include <spdlog/spdlog.h>

#include "http_session.h"

namespace pss::server {

Listener::Listener(net::io_context& ioc, tcp::endpoint endpoint, std::shared_ptr<ServerContext> ctx)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), ctx_(std::move(ctx)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

void Listener::run() { do_accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
  });
}

void Listener::do_accept() {
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;  // stopped
  if (ec) {
    // Typically EMFILE: keep serving the connections we have and try again.
    spdlog::warn("accept: {}", ec.message());
  } else {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const auto remote = socket.remote_endpoint(ignored);
    auto slot = ctx_->connections->acquire(ignored ? std::string("?") : remote.address().to_string());
    std::make_shared<HttpSession>(std::move(socket), ctx_, std::move(slot))->run();
  }
  do_accept();
}

}  // namespace pss::server
