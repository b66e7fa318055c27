// FlexStream: one TCP connection that speaks TLS or not, decided per connection before
// any byte of HTTP. The HTTP and WebSocket sessions of the server and the client's
// connection are written once against it and serve ws:// and wss:// alike (the idea
// of Beast's "flex" examples, with one concrete stream type instead of templates).
//
// get_lowest_layer() reaches the beast::tcp_stream (timeouts, the socket); TLS, when
// on, is a beast::ssl_stream layered over that same tcp_stream.
//
// Every asynchronous operation goes through a type-erased handler into flex_stream.cpp,
// so the TLS and TCP operations are compiled once there, not again for each of Beast's
// WebSocket and HTTP operations in every file that uses the stream (the sanitizer build
// in CI compiles all of them). The cost is one small allocation per read or write.
#pragma once

#include <array>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <utility>

namespace pss::transport {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;

// The first buffers of a sequence (as many as one read_some or write_some uses): a
// plain buffer sequence of one type whatever the caller's was.
template <class Buffer>
struct BufferList {
  static constexpr std::size_t kMax = 16;
  std::array<Buffer, kMax> items{};
  std::size_t count = 0;

  template <class Sequence>
  static BufferList from(const Sequence& sequence) {
    BufferList list;
    for (auto it = asio::buffer_sequence_begin(sequence), end = asio::buffer_sequence_end(sequence);
         it != end && list.count < kMax; ++it)
      list.items[list.count++] = Buffer(*it);
    return list;
  }
  const Buffer* begin() const { return items.data(); }
  const Buffer* end() const { return items.data() + count; }
};
using MutableBuffers = BufferList<asio::mutable_buffer>;
using ConstBuffers = BufferList<asio::const_buffer>;

// A move-only completion handler of one signature. Unlike asio::any_completion_handler
// (whose executor Boost 1.81 cannot post to) it drops the handler's associated executor
// and allocator: the operations complete on the stream's executor, which is where the
// caller's handler runs anyway (every FlexStream lives on a strand or on an io_context
// run by one thread), and Beast's operations dispatch their final handler themselves.
template <class... Args>
class ErasedHandler {
 public:
  template <class Handler>
  explicit ErasedHandler(Handler&& handler)
      : impl_(std::make_unique<Impl<std::decay_t<Handler>>>(std::forward<Handler>(handler))) {}
  void operator()(Args... args) {
    const std::unique_ptr<Base> impl = std::move(impl_);
    impl->call(std::move(args)...);
  }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual void call(Args... args) = 0;
  };
  template <class Handler>
  struct Impl final : Base {
    explicit Impl(Handler&& h) : handler(std::move(h)) {}
    explicit Impl(const Handler& h) : handler(h) {}
    void call(Args... args) override { std::move(handler)(std::move(args)...); }
    Handler handler;
  };
  std::unique_ptr<Base> impl_;
};

class FlexStream {
 public:
  using next_layer_type = beast::tcp_stream;
  using tls_stream_type = beast::ssl_stream<beast::tcp_stream&>;
  using executor_type = next_layer_type::executor_type;
  using IoHandler = ErasedHandler<beast::error_code, std::size_t>;
  using DoneHandler = ErasedHandler<beast::error_code>;

  explicit FlexStream(asio::ip::tcp::socket&& socket);
  template <class ExecutionContextOrExecutor>
  explicit FlexStream(ExecutionContextOrExecutor&& ex) requires(
      !std::is_same_v<std::decay_t<ExecutionContextOrExecutor>, asio::ip::tcp::socket> &&
      !std::is_same_v<std::decay_t<ExecutionContextOrExecutor>, FlexStream>)
      : tcp_(std::make_unique<beast::tcp_stream>(std::forward<ExecutionContextOrExecutor>(ex))) {}
  // Movable (both layers live on the heap, so the TLS layer's reference stays valid):
  // the server hands one connection from its HTTP session to its WebSocket session.
  FlexStream(FlexStream&&) noexcept;
  FlexStream& operator=(FlexStream&&) noexcept;
  ~FlexStream();

  // From now on, bytes go through TLS; call before the TLS handshake.
  void use_tls(ssl::context& context);
  bool tls() const { return tls_ != nullptr; }
  tls_stream_type& tls_stream() { return *tls_; }
  const tls_stream_type& tls_stream() const { return *tls_; }

  next_layer_type& next_layer() { return *tcp_; }
  const next_layer_type& next_layer() const { return *tcp_; }
  executor_type get_executor() { return tcp_->get_executor(); }

  template <class MutableBufferSequence, class Token>
  auto async_read_some(const MutableBufferSequence& buffers, Token&& token) {
    return asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& b) { start_read_some(b, IoHandler(std::move(handler))); }, token,
        MutableBuffers::from(buffers));
  }
  template <class ConstBufferSequence, class Token>
  auto async_write_some(const ConstBufferSequence& buffers, Token&& token) {
    return asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& b) { start_write_some(b, IoHandler(std::move(handler))); }, token,
        ConstBuffers::from(buffers));
  }

  // TLS handshake (after use_tls). The server's form takes the bytes it already read
  // while detecting TLS and reports how many of them the handshake used.
  template <class Token>
  auto async_tls_handshake(ssl::stream_base::handshake_type type, Token&& token) {
    return asio::async_initiate<Token, void(beast::error_code)>(
        [this, type](auto handler) { start_tls_handshake(type, DoneHandler(std::move(handler))); }, token);
  }
  template <class Token>
  auto async_tls_handshake(ssl::stream_base::handshake_type type, asio::const_buffer already_read, Token&& token) {
    return asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
        [this, type, already_read](auto handler) {
          start_tls_handshake(type, already_read, IoHandler(std::move(handler)));
        },
        token);
  }

  // WebSocket close: TLS close_notify first when TLS is on, then the TCP shutdown.
  friend void teardown(beast::role_type role, FlexStream& s, beast::error_code& ec);
  template <class TeardownHandler>
  friend void async_teardown(beast::role_type role, FlexStream& s, TeardownHandler&& handler) {
    s.start_teardown(role, DoneHandler(std::forward<TeardownHandler>(handler)));
  }

 private:
  void start_read_some(const MutableBuffers& buffers, IoHandler handler);
  void start_write_some(const ConstBuffers& buffers, IoHandler handler);
  void start_tls_handshake(ssl::stream_base::handshake_type type, DoneHandler handler);
  void start_tls_handshake(ssl::stream_base::handshake_type type, asio::const_buffer already_read, IoHandler handler);
  void start_teardown(beast::role_type role, DoneHandler handler);

  std::unique_ptr<beast::tcp_stream> tcp_;
  std::unique_ptr<tls_stream_type> tls_;  // null: plain TCP
};

}  // namespace pss::transport
