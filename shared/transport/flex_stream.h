// FlexStream: one TCP connection that speaks TLS or not, decided per connection before
// any byte of HTTP. The HTTP and WebSocket sessions of the server and the client's
// connection are written once against it and serve ws:// and wss:// alike (the idea
// of Beast's "flex" examples, with one concrete stream type instead of templates).
//
// get_lowest_layer() reaches the beast::tcp_stream (timeouts, the socket); TLS, when
// on, is a beast::ssl_stream layered over that same tcp_stream.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <memory>
#include <utility>

namespace pss::transport {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;

class FlexStream {
 public:
  using next_layer_type = beast::tcp_stream;
  using tls_stream_type = beast::ssl_stream<beast::tcp_stream&>;
  using executor_type = next_layer_type::executor_type;

  explicit FlexStream(asio::ip::tcp::socket&& socket) : tcp_(std::make_unique<beast::tcp_stream>(std::move(socket))) {}
  template <class ExecutionContextOrExecutor>
  explicit FlexStream(ExecutionContextOrExecutor&& ex) requires(
      !std::is_same_v<std::decay_t<ExecutionContextOrExecutor>, asio::ip::tcp::socket> &&
      !std::is_same_v<std::decay_t<ExecutionContextOrExecutor>, FlexStream>)
      : tcp_(std::make_unique<beast::tcp_stream>(std::forward<ExecutionContextOrExecutor>(ex))) {}
  // Movable (both layers live on the heap, so the TLS layer's reference stays valid):
  // the server hands one connection from its HTTP session to its WebSocket session.
  FlexStream(FlexStream&&) = default;
  FlexStream& operator=(FlexStream&&) = default;

  // From now on, bytes go through TLS; call before the TLS handshake.
  void use_tls(ssl::context& context) { tls_ = std::make_unique<tls_stream_type>(*tcp_, context); }
  bool tls() const { return tls_ != nullptr; }
  tls_stream_type& tls_stream() { return *tls_; }
  const tls_stream_type& tls_stream() const { return *tls_; }

  next_layer_type& next_layer() { return *tcp_; }
  const next_layer_type& next_layer() const { return *tcp_; }
  executor_type get_executor() { return tcp_->get_executor(); }

  template <class MutableBufferSequence, class ReadHandler>
  auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
    if (tls_) return tls_->async_read_some(buffers, std::forward<ReadHandler>(handler));
    return tcp_->async_read_some(buffers, std::forward<ReadHandler>(handler));
  }
  template <class ConstBufferSequence, class WriteHandler>
  auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    if (tls_) return tls_->async_write_some(buffers, std::forward<WriteHandler>(handler));
    return tcp_->async_write_some(buffers, std::forward<WriteHandler>(handler));
  }

  // WebSocket close: TLS close_notify first when TLS is on, then the TCP shutdown.
  friend void teardown(beast::role_type role, FlexStream& s, beast::error_code& ec) {
    using beast::websocket::teardown;
    if (s.tls_) return teardown(role, *s.tls_, ec);
    teardown(role, *s.tcp_, ec);
  }
  template <class TeardownHandler>
  friend void async_teardown(beast::role_type role, FlexStream& s, TeardownHandler&& handler) {
    using beast::websocket::async_teardown;
    if (s.tls_) return async_teardown(role, *s.tls_, std::forward<TeardownHandler>(handler));
    async_teardown(role, *s.tcp_, std::forward<TeardownHandler>(handler));
  }

 private:
  std::unique_ptr<beast::tcp_stream> tcp_;
  std::unique_ptr<tls_stream_type> tls_;  // null: plain TCP
};

}  // namespace pss::transport
