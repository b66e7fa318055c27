// HttpSession: reads HTTP requests on one connection until one asks for a WebSocket.
//   GET /healthz          -> 200 {"status":"ok","rooms":N,"sessions":M}
//   /rooms/NAME + upgrade -> WsSession for room NAME
//   /rooms/NAME, no upgrade -> 426 Upgrade Required
//   anything else         -> 404 (unknown path), 405 (method), 400 (unparsable)
//   over --max-connections-per-ip -> 429
//   upgrade with an Origin not in --allow-origin -> 403
// With --tls-cert the connection starts with a TLS handshake; a client speaking plain
// HTTP to it gets one 400 "use wss://" in plain text and is hung up on.
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
  void on_detect(beast::error_code ec, bool is_tls);
  void on_tls_handshake(beast::error_code ec, std::size_t used);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void send(http::response<http::string_body> response);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  http::response<http::string_body> respond(const http::request<http::string_body>& req) const;
  // GET /rooms/NAME/history: the room's recording as one pb::History.
  http::response<http::string_body> history(const std::string& room, const http::request<http::string_body>& req) const;

  // Empty when the Origin of this upgrade may connect; else the 403's reason.
  std::string refuse_origin(const http::request<http::string_body>& req) const;

  FlexStream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> ctx_;
  ConnectionLimiter::Slot slot_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool plain_on_tls_port_ = false;  // answer the first request with 400, then hang up
};

}  // namespace pss::server
