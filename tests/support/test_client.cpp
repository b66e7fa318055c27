#include "test_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <functional>

#include "test_tls.h"
#include "transport/tls.h"

namespace pss::test {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using transport::FlexStream;
using Clock = std::chrono::steady_clock;

// Runs `ioc` until `done()` or the timeout. A work guard keeps run_one_until blocking.
bool pump(net::io_context& ioc, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    if (ioc.stopped()) ioc.restart();
    ioc.run_one_until(deadline);
  }
  return true;
}

// Turns TLS on for `stream` and returns how to run its handshake, or an error.
std::string start_tls(FlexStream& stream, const ClientTls& tls, const std::string& host,
                      std::unique_ptr<net::ssl::context>& context) {
  std::string error;
  context = transport::client_tls_context(tls.ca_file, &error);
  if (!context || !transport::start_client_tls(stream, *context, host, &error)) return "TLS: " + error;
  return {};
}

std::string tls_failure(const FlexStream& stream, beast::error_code ec) {
  const std::string cert = transport::certificate_error(stream);
  return cert.empty() ? "TLS handshake: " + ec.message() : "TLS certificate refused: " + cert;
}

}  // namespace

ClientTls default_tls() { return tls_by_default() ? ClientTls{true, tls_files().cert} : ClientTls{}; }

struct TestClient::Impl {
  // Waits for an operation whose handler references the caller's stack. On timeout the
  // socket is closed so the handler runs (with an error) before the caller returns.
  bool finish(const bool& done, std::chrono::milliseconds timeout) {
    if (pump(
            ioc, [&] { return done; }, timeout))
      return true;
    beast::get_lowest_layer(ws).close();
    open = false;
    pump(
        ioc, [&] { return done; }, std::chrono::seconds(10));
    return false;
  }

  Impl(std::uint16_t p, std::string h, ClientTls t)
      : port(p), host(std::move(h)), tls(std::move(t)), guard(net::make_work_guard(ioc)), ws(ioc) {}

  std::uint16_t port;
  std::string host;
  ClientTls tls;
  std::unique_ptr<net::ssl::context> tls_context;
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> guard;
  websocket::stream<FlexStream> ws;
  beast::flat_buffer buffer;
  std::deque<pb::ServerMessage> inbox;
  CloseInfo info;
  bool open = false;
  std::size_t frames = 0;
  std::size_t bad_frames = 0;

  void start_read() {
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      if (ec) {
        open = false;
        info.closed = true;
        info.code = ws.reason().code;
        info.reason = std::string(ws.reason().reason.data(), ws.reason().reason.size());
        info.error = ec.message();
        return;
      }
      ++frames;
      pb::ServerFrame frame;
      const auto data = buffer.cdata();
      if (ws.got_text() || !frame.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
        ++bad_frames;
      } else {
        for (auto& m : *frame.mutable_messages()) inbox.push_back(std::move(m));
      }
      buffer.consume(buffer.size());
      start_read();
    });
  }

  bool write(std::string_view bytes, bool text) {
    if (!open) return false;
    ws.text(text);
    bool done = false;
    beast::error_code result;
    ws.async_write(net::buffer(bytes.data(), bytes.size()), [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    if (!finish(done, kTimeout)) return false;
    ws.binary(true);
    return !result;
  }
};

TestClient::TestClient(std::uint16_t port, std::string host, ClientTls tls)
    : impl_(std::make_unique<Impl>(port, std::move(host), std::move(tls))) {}

TestClient::~TestClient() {
  if (impl_->open) close();
  beast::get_lowest_layer(impl_->ws).close();
  impl_->ioc.stop();
}

std::string TestClient::connect(std::string_view target, int receive_buffer_bytes) {
  Impl& d = *impl_;
  auto& socket = beast::get_lowest_layer(d.ws).socket();
  beast::error_code ec;
  const tcp::endpoint endpoint(net::ip::make_address(d.host, ec), d.port);
  if (ec) return "bad host: " + ec.message();
  if (receive_buffer_bytes > 0) {
    socket.open(tcp::v4(), ec);
    socket.set_option(net::socket_base::receive_buffer_size(receive_buffer_bytes), ec);
  }
  bool done = false;
  beast::get_lowest_layer(d.ws).expires_after(kTimeout);
  beast::get_lowest_layer(d.ws).async_connect(endpoint, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!d.finish(done, kTimeout * 2)) return "connect timed out";
  if (ec) return "connect: " + ec.message();
  socket.set_option(tcp::no_delay(true), ec);  // like real clients: no Nagle delays on small messages
  if (d.tls.on) {
    if (auto error = start_tls(d.ws.next_layer(), d.tls, d.host, d.tls_context); !error.empty()) return error;
    done = false;
    d.ws.next_layer().async_tls_handshake(net::ssl::stream_base::client, [&](beast::error_code e) {
      ec = e;
      done = true;
    });
    if (!d.finish(done, kTimeout * 2)) return "TLS handshake timed out";
    if (ec) return tls_failure(d.ws.next_layer(), ec);
  }

  websocket::response_type response;
  done = false;
  d.ws.async_handshake(response, d.host + ":" + std::to_string(d.port), target, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!d.finish(done, kTimeout * 2)) return "handshake timed out";
  beast::get_lowest_layer(d.ws).expires_never();
  if (ec) {
    if (response.result_int() != 0 && response.result() != http::status::switching_protocols)
      return "HTTP " + std::to_string(response.result_int()) + ": " + response.body();
    return "handshake: " + ec.message();
  }
  d.ws.binary(true);
  d.ws.read_message_max(64 << 20);
  d.open = true;
  d.start_read();
  return {};
}

void TestClient::set_origin(std::string origin) {
  impl_->ws.set_option(websocket::stream_base::decorator(
      [origin = std::move(origin)](websocket::request_type& req) { req.set(http::field::origin, origin); }));
}

std::optional<pb::Welcome> TestClient::join(std::string_view room, std::string display_name, std::string client_id,
                                            std::uint64_t last_clock) {
  if (!connect("/rooms/" + std::string(room)).empty()) return std::nullopt;
  if (!send_hello(std::move(display_name), std::move(client_id), last_clock)) return std::nullopt;
  auto m = next_of(pb::ServerMessage::kWelcome);
  if (!m) return std::nullopt;
  return m->welcome();
}

std::optional<pb::Welcome> TestClient::join_with_token(std::string_view room, std::string display_name,
                                                       std::string token, std::string client_id) {
  if (!connect("/rooms/" + std::string(room)).empty()) return std::nullopt;
  pb::ClientMessage m;
  auto* h = m.mutable_hello();
  h->set_protocol_version(1);
  h->set_display_name(std::move(display_name));
  h->set_client_id(std::move(client_id));
  h->set_token(std::move(token));
  h->set_group(pb::STAFF);
  if (!send(m)) return std::nullopt;
  auto w = next_of(pb::ServerMessage::kWelcome);
  if (!w) return std::nullopt;
  return w->welcome();
}

bool TestClient::send(const pb::ClientMessage& message) { return send_binary(message.SerializeAsString()); }
bool TestClient::send_binary(std::string_view bytes) { return impl_->write(bytes, false); }
bool TestClient::send_text(std::string_view text) { return impl_->write(text, true); }

bool TestClient::send_hello(std::string display_name, std::string client_id, std::uint64_t last_clock,
                            std::uint32_t protocol_version) {
  pb::ClientMessage m;
  auto* h = m.mutable_hello();
  h->set_protocol_version(protocol_version);
  h->set_display_name(std::move(display_name));
  h->set_client_id(std::move(client_id));
  h->set_last_clock(last_clock);
  h->set_group(pb::STAFF);
  return send(m);
}

bool TestClient::send_push(std::uint64_t client_seq, std::vector<pb::Op> ops) {
  pb::ClientMessage m;
  m.mutable_push()->set_client_seq(client_seq);
  for (auto& op : ops) *m.mutable_push()->add_ops() = std::move(op);
  return send(m);
}

bool TestClient::send_presence(const pb::Presence& presence) {
  pb::ClientMessage m;
  *m.mutable_presence() = presence;
  return send(m);
}

bool TestClient::send_ping(std::uint64_t nonce) {
  pb::ClientMessage m;
  m.mutable_ping()->set_nonce(nonce);
  return send(m);
}

std::optional<pb::ServerMessage> TestClient::next(std::chrono::milliseconds timeout) {
  Impl& d = *impl_;
  pump(
      d.ioc, [&] { return !d.inbox.empty() || d.info.closed; }, timeout);
  if (d.inbox.empty()) return std::nullopt;
  pb::ServerMessage m = std::move(d.inbox.front());
  d.inbox.pop_front();
  return m;
}

std::optional<pb::ServerMessage> TestClient::next_of(pb::ServerMessage::BodyCase kind,
                                                     std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto m = next(std::max(left, std::chrono::milliseconds(0)));
    if (!m) return std::nullopt;
    if (m->body_case() == kind) return m;
  }
}

std::optional<pb::PushResult> TestClient::push_result(std::uint64_t client_seq, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto m = next_of(pb::ServerMessage::kPushResult, std::max(left, std::chrono::milliseconds(0)));
    if (!m) return std::nullopt;
    if (m->push_result().client_seq() == client_seq) return m->push_result();
  }
}

std::vector<pb::ServerMessage> TestClient::drain(std::chrono::milliseconds quiet) {
  std::vector<pb::ServerMessage> out;
  while (auto m = next(quiet)) out.push_back(std::move(*m));
  return out;
}

CloseInfo TestClient::wait_closed(std::chrono::milliseconds timeout) {
  Impl& d = *impl_;
  pump(
      d.ioc, [&] { return d.info.closed; }, timeout);
  d.inbox.clear();
  return d.info;
}

bool TestClient::closed() const { return impl_->info.closed; }
const CloseInfo& TestClient::close_info() const { return impl_->info; }
std::size_t TestClient::frames_received() const { return impl_->frames; }
std::size_t TestClient::decode_errors() const { return impl_->bad_frames; }

void TestClient::close() {
  Impl& d = *impl_;
  if (!d.open) return;
  bool done = false;
  d.ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
  d.finish(done, std::chrono::milliseconds(500));
  d.open = false;
}

HttpReply http_get(std::uint16_t port, std::string_view target, std::string host, std::chrono::milliseconds timeout,
                   ClientTls tls) {
  net::io_context ioc;
  FlexStream stream(ioc);
  std::unique_ptr<net::ssl::context> tls_context;
  HttpReply reply;
  beast::error_code ec;
  const tcp::endpoint endpoint(net::ip::make_address(host, ec), port);
  if (ec) return {0, {}, {}, {}, "bad host"};

  http::request<http::empty_body> req{http::verb::get, std::string(target), 11};
  req.set(http::field::host, host + ":" + std::to_string(port));
  req.keep_alive(false);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  bool done = false;
  if (tls.on) {
    if (auto error = start_tls(stream, tls, host, tls_context); !error.empty()) return {0, {}, {}, {}, error};
  }
  auto request = [&] {
    http::async_write(stream, req, [&](beast::error_code e2, std::size_t) {
      if (e2) {
        ec = e2, done = true;
        return;
      }
      http::async_read(stream, buffer, res, [&](beast::error_code e3, std::size_t) { ec = e3, done = true; });
    });
  };
  stream.next_layer().expires_after(timeout);
  stream.next_layer().async_connect(endpoint, [&](beast::error_code e) {
    if (e) {
      ec = e, done = true;
      return;
    }
    if (!stream.tls()) return request();
    stream.async_tls_handshake(net::ssl::stream_base::client, [&](beast::error_code e1) {
      if (e1) {
        reply.error = tls_failure(stream, e1), done = true;
        return;
      }
      request();
    });
  });
  ioc.run();
  if (!reply.error.empty()) return reply;
  if (!done || ec) {
    reply.error = done ? ec.message() : "timed out";
    return reply;
  }
  reply.status = res.result_int();
  reply.content_type = std::string(res[http::field::content_type]);
  reply.upgrade = std::string(res[http::field::upgrade]);
  reply.body = res.body();
  return reply;
}

}  // namespace pss::test
