#include "http_session.h"

#include <spdlog/spdlog.h>

#include "access.h"
#include "protocol/protocol.h"
#include "storage/history.h"
#include "ws_session.h"

namespace pss::server {
namespace {

constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
constexpr std::size_t kMaxBodyBytes = 8 * 1024;

http::response<http::string_body> make_response(http::status status, std::string_view content_type, std::string body,
                                                const http::request<http::string_body>& req) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::server, "pss-server");
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http::response<http::string_body> text(http::status status, std::string reason,
                                       const http::request<http::string_body>& req) {
  return make_response(status, "text/plain; charset=utf-8", std::move(reason) + "\n", req);
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, std::min(target.find('?'), target.size()));
}

constexpr std::string_view kHistorySuffix = "/history";

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, std::shared_ptr<ServerContext> ctx, ConnectionLimiter::Slot slot)
    : stream_(std::move(socket)), ctx_(std::move(ctx)), slot_(std::move(slot)) {}

void HttpSession::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->ctx_->tls) return self->do_read();
    // A look at the first bytes tells a TLS ClientHello from plain HTTP, so a ws://
    // client gets an answer it can show instead of a failed handshake.
    beast::get_lowest_layer(self->stream_).expires_after(self->ctx_->options.handshake_timeout);
    beast::async_detect_ssl(self->stream_.next_layer(), self->buffer_,
                            beast::bind_front_handler(&HttpSession::on_detect, self));
  });
}

void HttpSession::on_detect(beast::error_code ec, bool is_tls) {
  if (ec) return;  // timeout or reset before a byte arrived
  if (!is_tls) {
    plain_on_tls_port_ = true;
    return do_read();
  }
  stream_.use_tls(*ctx_->tls);
  stream_.async_tls_handshake(ssl::stream_base::server, buffer_.data(),
                              beast::bind_front_handler(&HttpSession::on_tls_handshake, shared_from_this()));
}

void HttpSession::on_tls_handshake(beast::error_code ec, std::size_t used) {
  if (ec) {
    spdlog::debug("TLS handshake: {}", ec.message());  // e.g. the client refused our certificate
    return;
  }
  buffer_.consume(used);
  do_read();
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->header_limit(kMaxHeaderBytes);
  parser_->body_limit(kMaxBodyBytes);
  beast::get_lowest_layer(stream_).expires_after(ctx_->options.handshake_timeout);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == net::error::eof) {
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec && ec.category() == http::make_error_code(http::error::bad_target).category()) {
    // Unparsable or too large: answer once, then hang up.
    http::request<http::string_body> dummy;
    dummy.keep_alive(false);
    return send(text(http::status::bad_request, "bad request: " + ec.message(), dummy));
  }
  if (ec) return;  // timeout or reset: nothing to answer

  const auto& req = parser_->get();
  if (plain_on_tls_port_) {
    auto res = text(http::status::bad_request,
                    "this server speaks TLS only: connect with wss:// (or https://), not ws:// or http://", req);
    res.keep_alive(false);
    return send(std::move(res));
  }
  if (!slot_) {
    auto res = text(
        http::status::too_many_requests,
        "too many connections from your address (" + std::to_string(ctx_->options.max_connections_per_ip) + ")", req);
    res.keep_alive(false);
    return send(std::move(res));
  }
  if (websocket::is_upgrade(req)) {
    const std::string room = room_from_target(req.target());
    if (room.empty())
      return send(text(http::status::not_found,
                       "not a room: WebSocket path must be /rooms/NAME, NAME 1..64 of [A-Za-z0-9_.-]", req));
    if (auto why = refuse_origin(req); !why.empty()) {
      auto res = text(http::status::forbidden, why, req);
      res.keep_alive(false);
      return send(std::move(res));
    }
    if (ctx_->stopping) return send(text(http::status::service_unavailable, "server shutting down", req));
    beast::get_lowest_layer(stream_).expires_never();  // WebSocket timeouts take over
    std::make_shared<WsSession>(std::move(stream_), ctx_, room, std::move(slot_))->run(parser_->release());
    return;
  }
  send(respond(req));
}

std::string HttpSession::refuse_origin(const http::request<http::string_body>& req) const {
  const auto& allowed = ctx_->options.allowed_origins;
  const auto it = req.find(http::field::origin);
  if (it == req.end() || allowed.empty()) return {};
  const std::string_view origin = it->value();
  for (const auto& a : allowed)
    if (beast::iequals(a, origin)) return {};
  const std::string shown(origin.substr(0, 200));
  return "origin not allowed: " + shown + " may not open rooms on this server (see --allow-origin)";
}

http::response<http::string_body> HttpSession::respond(const http::request<http::string_body>& req) const {
  const std::string_view path = path_of(req.target());
  const bool get = req.method() == http::verb::get;
  if (path == "/healthz") {
    if (!get) return text(http::status::method_not_allowed, "method not allowed: use GET /healthz", req);
    auto res = make_response(http::status::ok, "application/json",
                             "{\"status\":\"" + std::string(ctx_->stopping ? "stopping" : "ok") +
                                 "\",\"rooms\":" + std::to_string(ctx_->registry.room_count()) +
                                 ",\"sessions\":" + std::to_string(ctx_->sessions.size()) + "}\n",
                             req);
    return res;
  }
  if (path.starts_with(kRoomPathPrefix) && path.ends_with(kHistorySuffix)) {
    const std::string room = room_from_target(path.substr(0, path.size() - kHistorySuffix.size()));
    if (room.empty())
      return text(http::status::not_found, "not a room: NAME in /rooms/NAME/history must be 1..64 of [A-Za-z0-9_.-]",
                  req);
    if (!get) return text(http::status::method_not_allowed, "method not allowed: use GET /rooms/NAME/history", req);
    return history(room, req);
  }
  if (path.starts_with(kRoomPathPrefix)) {
    if (room_from_target(req.target()).empty())
      return text(http::status::not_found, "not a room: NAME in /rooms/NAME must be 1..64 of [A-Za-z0-9_.-]", req);
    auto res =
        text(http::status::upgrade_required, "this is a WebSocket endpoint: connect with a WebSocket client", req);
    res.set(http::field::upgrade, "websocket");
    return res;
  }
  return text(http::status::not_found, "not found: use /rooms/NAME (WebSocket) or /healthz", req);
}

http::response<http::string_body> HttpSession::history(const std::string& room,
                                                       const http::request<http::string_body>& req) const {
  if (!ctx_->store) return text(http::status::not_found, "this server keeps no recordings (--in-memory)", req);
  // The recording holds everything, private cards included: a room with tokens shows it
  // to its facilitators only (?token=T).
  std::string token;
  if (const auto q = req.target().find("?token="); q != std::string_view::npos)
    token = std::string(req.target().substr(q + 7, req.target().find('&', q + 7) - q - 7));
  const Admission admission = admit(ctx_->options.data_dir, room, token, ctx_->options.open_join);
  if (admission.refused) return text(http::status::forbidden, admission.refused->detail, req);
  if (!token.empty() && admission.role != pb::FACILITATOR)
    return text(http::status::forbidden, "the recording of room " + room + " is for its facilitators", req);
  // Its own read connection: sees what is durable now, never blocks the writer.
  auto reader = ctx_->store->open_reader(room);
  if (!reader) {
    spdlog::debug("history of {}: {}", room, reader.error());
    return text(http::status::not_found, "no recording of room " + room, req);
  }
  auto history = storage::read_history(*reader, room, ctx_->limits);
  if (!history)
    return text(http::status::internal_server_error, "cannot read room " + room + ": " + history.error(), req);
  return make_response(http::status::ok, "application/x-protobuf", history->SerializeAsString(), req);
}

void HttpSession::send(http::response<http::string_body> response) {
  const bool keep_alive = response.keep_alive();
  auto res = std::make_shared<http::response<http::string_body>>(std::move(response));
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t bytes) {
                      self->on_write(keep_alive, ec, bytes);
                    });
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec) return;
  if (!keep_alive) {
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  do_read();
}

}  // namespace pss::server
