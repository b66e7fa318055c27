// Listener: accepts TCP connections and hands each, on its own strand and with
// TCP_NODELAY (small Patches must not wait for Nagle), to an HttpSession.
#pragma once

#include <memory>

#include "net.h"
#include "server_context.h"

namespace pss::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws boost::system::system_error if that fails.
  Listener(net::io_context& ioc, tcp::endpoint endpoint, std::shared_ptr<ServerContext> ctx);

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void run();
  void stop();  // thread-safe: stops accepting

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<ServerContext> ctx_;
};

}  // namespace pss::server
