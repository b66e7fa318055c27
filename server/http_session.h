// HttpSession: reads HTTP requests on one connection until one asks for a WebSocket.
//   GET /healthz          -> 200 {"status":"ok","rooms":N,"sessions":M}
//   /rooms/NAME + upgrade -> WsSession for room NAME
//   /rooms/NAME, no upgrade -> 426 Upgrade Required
//   anything else         -> 404 (unknown path), 405 (method), 400 (unparsable)
//   over --max-connections-per-ip -> 429
// Every refusal is text/plain with a one-line reason.
#pragma once

#include <memory>
#include <optional>

#include "net.h"
#include "server_context.h"

namespace pss::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // A null slot: the address has too many connections; the request gets a 429.
  HttpSession(tcp::socket&& socket, std::shared_ptr<ServerContext> ctx, ConnectionLimiter::Slot slot);
  void run();

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void send(http::response<http::string_body> response);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  http::response<http::string_body> respond(const http::request<http::string_body>& req) const;
  // GET /rooms/NAME/history: the room's recording as one pb::History.
  http::response<http::string_body> history(const std::string& room, const http::request<http::string_body>& req) const;

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> ctx_;
  ConnectionLimiter::Slot slot_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace pss::server
