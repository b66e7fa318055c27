// The one place where FlexStream's TLS and TCP operations are instantiated.
#include "transport/flex_stream.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/teardown.hpp>

namespace pss::transport {

FlexStream::FlexStream(asio::ip::tcp::socket&& socket) : tcp_(std::make_unique<beast::tcp_stream>(std::move(socket))) {}
FlexStream::FlexStream(FlexStream&&) noexcept = default;
FlexStream& FlexStream::operator=(FlexStream&&) noexcept = default;
FlexStream::~FlexStream() = default;

void FlexStream::use_tls(ssl::context& context) { tls_ = std::make_unique<tls_stream_type>(*tcp_, context); }

void FlexStream::start_read_some(const MutableBuffers& buffers, IoHandler handler) {
  if (tls_) return tls_->async_read_some(buffers, std::move(handler));
  tcp_->async_read_some(buffers, std::move(handler));
}

void FlexStream::start_write_some(const ConstBuffers& buffers, IoHandler handler) {
  if (tls_) return tls_->async_write_some(buffers, std::move(handler));
  tcp_->async_write_some(buffers, std::move(handler));
}

void FlexStream::start_tls_handshake(ssl::stream_base::handshake_type type, DoneHandler handler) {
  tls_->async_handshake(type, std::move(handler));
}

void FlexStream::start_tls_handshake(ssl::stream_base::handshake_type type, asio::const_buffer already_read,
                                     IoHandler handler) {
  // Beast 1.81 checks this handler against the unbuffered signature: a lambda with a
  // declared return type passes that check without being instantiated for it.
  tls_->async_handshake(type, already_read,
                        [h = std::move(handler)](auto... args) mutable -> void { h(std::move(args)...); });
}

void teardown(beast::role_type role, FlexStream& s, beast::error_code& ec) {
  using beast::websocket::teardown;
  if (s.tls_) return teardown(role, *s.tls_, ec);
  teardown(role, *s.tcp_, ec);
}

void FlexStream::start_teardown(beast::role_type role, DoneHandler handler) {
  using beast::websocket::async_teardown;
  if (tls_) return async_teardown(role, *tls_, std::move(handler));
  async_teardown(role, *tcp_, std::move(handler));
}

}  // namespace pss::transport
