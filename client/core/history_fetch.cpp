// One HTTP/1.1 GET with Beast (resolve, connect, write, read; async so that the timeout
// and cancellation on shutdown work), after Beast's http_client_async example.
#include "client/core/history_fetch.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <thread>

#include "transport/tls.h"

namespace pss::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string history_target(const ParsedUrl& url) {
  return "/rooms/" + url.room + "/history" + (url.token.empty() ? "" : "?token=" + url.token);
}

HistoryResult interpret_history_response(unsigned status, const std::string& content_type, const std::string& body,
                                         const std::string& room) {
  HistoryResult r;
  auto reason = [&] { return body.size() > 200 ? body.substr(0, 200) + "\xE2\x80\xA6" : body; };
  if (status == 404) {
    r.error = "The server has no recording of room '" + room + "'" + (body.empty() ? "" : ": " + reason());
  } else if (status != 200) {
    r.error = "The server could not send the recording (HTTP " + std::to_string(status) + ")" +
              (body.empty() ? "" : ": " + reason());
  } else if (content_type.find("application/x-protobuf") == std::string::npos) {
    r.error = "The server sent " + (content_type.empty() ? std::string("something") : content_type) +
              ", not a recording (is it an older server?)";
  } else if (pb::History h; !h.ParseFromString(body)) {
    r.error = "The recording could not be decoded (" + std::to_string(body.size()) + " bytes)";
  } else if (auto t = history::Timeline::build(std::move(h), history::kCheckpointEvery, &r.error)) {
    r.timeline = std::move(t);
  } else {
    r.error = "The recording is inconsistent: " + r.error;
  }
  return r;
}

struct HistoryFetch::Impl {
  asio::io_context ioc;
  tcp::resolver resolver{ioc};
  transport::FlexStream stream{ioc};  // TLS on for wss:// rooms
  std::unique_ptr<asio::ssl::context> tls;
  beast::flat_buffer buffer;
  http::request<http::empty_body> req;
  http::response_parser<http::string_body> parser;
  std::chrono::milliseconds timeout;
  ParsedUrl url;
  std::thread thread;
  mutable std::mutex mutex;
  std::optional<HistoryResult> result;
  bool finished = false;

  void finish(HistoryResult r) {
    std::lock_guard lock(mutex);
    result = std::move(r);
    finished = true;
  }
  void fail(const std::string& what, beast::error_code ec) {
    const std::string why = ec == beast::error::timeout ? "no answer in time" : ec.message();
    finish({std::nullopt, "Cannot fetch the recording from " + url.host + ":" + url.port + ": " + what + ": " + why});
  }

  void start() {
    req = {http::verb::get, history_target(url), 11};
    const bool v6 = url.host.find(':') != std::string::npos;
    req.set(http::field::host, (v6 ? "[" + url.host + "]" : url.host) + ":" + url.port);
    req.set(http::field::accept, "application/x-protobuf");
    req.set(http::field::user_agent, "pss-client");
    parser.body_limit(1ull << 30);  // a long workshop is many megabytes; Beast's default is 8 MB
    resolver.async_resolve(url.host, url.port, [this](beast::error_code ec, tcp::resolver::results_type found) {
      if (ec) return fail("cannot resolve " + url.host, ec);
      stream.next_layer().expires_after(timeout);
      stream.next_layer().async_connect(found, [this](beast::error_code ec, const tcp::endpoint&) {
        if (ec) return fail("cannot connect", ec);
        if (!url.tls) return request();
        std::string error;
        if (!transport::start_client_tls(stream, *tls, url.host, &error)) return finish({std::nullopt, error});
        stream.async_tls_handshake(asio::ssl::stream_base::client, [this](beast::error_code ec) {
          if (const auto why = transport::certificate_error(stream); !why.empty())
            return finish(
                {std::nullopt, "The TLS certificate of " + url.host + ":" + url.port + " was refused: " + why});
          if (ec) return fail("TLS handshake failed", ec);
          request();
        });
      });
    });
  }

  void request() {
    stream.next_layer().expires_after(timeout);
    http::async_write(stream, req, [this](beast::error_code ec, std::size_t) {
      if (ec) return fail("cannot send the request", ec);
      stream.next_layer().expires_after(timeout);
      http::async_read(stream, buffer, parser, [this](beast::error_code ec, std::size_t) {
        if (ec) return fail("cannot read the answer", ec);
        beast::error_code ignored;
        stream.next_layer().socket().shutdown(tcp::socket::shutdown_both, ignored);
        auto& res = parser.get();
        finish(interpret_history_response(res.result_int(), std::string(res[http::field::content_type]), res.body(),
                                          url.room));
      });
    });
  }
};

HistoryFetch::HistoryFetch(const std::string& room_url, std::chrono::milliseconds timeout, const std::string& ca_file)
    : impl_(std::make_unique<Impl>()) {
  impl_->timeout = timeout;
  auto parsed = parse_url(room_url);
  if (!parsed) {
    impl_->finish({std::nullopt, "Not a room URL: " + room_url});
    return;
  }
  if (parsed->tls) {
    std::string error;
    impl_->tls = transport::client_tls_context(ca_file, &error);
    if (!impl_->tls) {
      impl_->finish({std::nullopt, error});
      return;
    }
  }
  impl_->url = std::move(*parsed);
  impl_->start();
  impl_->thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

HistoryFetch::~HistoryFetch() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::optional<HistoryResult> HistoryFetch::take() {
  std::lock_guard lock(impl_->mutex);
  return std::exchange(impl_->result, std::nullopt);
}

bool HistoryFetch::finished() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->finished;
}

}  // namespace pss::client
