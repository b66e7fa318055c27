// HistoryFetch against a one-shot HTTP server on a real socket (port 0), and the
// meaning of the server's answers.
#include "client/core/history_fetch.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "recorded_session.h"

namespace pss::client {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// Answers one request with `status`, `type`, `body`; remembers the request's target.
class OneShotServer {
 public:
  OneShotServer(http::status status, std::string type, std::string body) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this, status, type = std::move(type), body = std::move(body)] {
      tcp::socket s(ioc_);
      acceptor_.accept(s);
      boost::beast::flat_buffer buf;
      http::request<http::string_body> req;
      http::read(s, buf, req);
      target_ = std::string(req.target());
      http::response<http::string_body> res{status, 11};
      res.set(http::field::content_type, type);
      res.body() = body;
      res.prepare_payload();
      http::write(s, res);
    });
  }
  ~OneShotServer() {
    if (thread_.joinable()) thread_.join();
  }
  std::string url(const std::string& room) const {
    return "ws://127.0.0.1:" + std::to_string(port_) + "/rooms/" + room;
  }
  // The request's target, once the answer is sent.
  const std::string& target() {
    if (thread_.joinable()) thread_.join();
    return target_;
  }

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  unsigned short port_ = 0;
  std::string target_;
  std::thread thread_;
};

HistoryResult wait(HistoryFetch& f) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    if (auto r = f.take()) return std::move(*r);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "no result";
  return {};
}

TEST(HistoryFetch, FetchesAndBuildsTheTimeline) {
  history::testing::RecordedSession session(3);
  session.record(500);
  std::optional<HistoryResult> r;
  {
    OneShotServer server(http::status::ok, "application/x-protobuf", session.history().SerializeAsString());
    HistoryFetch fetch(server.url("workshop"));
    r = wait(fetch);
    EXPECT_TRUE(fetch.finished());
    EXPECT_FALSE(fetch.take());  // only once
  }
  ASSERT_TRUE(r->timeline) << r->error;
  EXPECT_EQ(r->timeline->last_clock(), 500u);
  EXPECT_EQ(r->timeline->state_at(500).state_hash(), session.map().state_hash());
}

TEST(HistoryFetch, UnknownRoomSaysSo) {
  OneShotServer server(http::status::not_found, "text/plain", "no such room");
  HistoryFetch fetch(server.url("nowhere"));
  const HistoryResult r = wait(fetch);
  EXPECT_FALSE(r.timeline);
  EXPECT_EQ(r.error, "The server has no recording of room 'nowhere': no such room");
  EXPECT_EQ(server.target(), "/rooms/nowhere/history");
}

TEST(HistoryFetch, NoServerIsAnError) {
  unsigned short port = 0;
  {  // a port that was free a moment ago
    asio::io_context ioc;
    tcp::acceptor a(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  HistoryFetch fetch("ws://127.0.0.1:" + std::to_string(port) + "/rooms/x");
  const HistoryResult r = wait(fetch);
  EXPECT_FALSE(r.timeline);
  EXPECT_NE(r.error.find("cannot connect"), std::string::npos) << r.error;
  HistoryFetch bad("http://x/rooms/y");
  EXPECT_TRUE(bad.finished());
  EXPECT_EQ(bad.take()->error, "Not a room URL: http://x/rooms/y");
}

TEST(HistoryFetch, AnswersThatAreNotARecording) {
  EXPECT_EQ(interpret_history_response(500, "text/plain", "disk full", "r").error,
            "The server could not send the recording (HTTP 500): disk full");
  EXPECT_NE(interpret_history_response(200, "text/html", "<html>", "r").error.find("not a recording"),
            std::string::npos);
  EXPECT_NE(interpret_history_response(200, "application/x-protobuf", "\xff\xff", "r").error.find("decoded"),
            std::string::npos);
  pb::History gap;
  gap.add_changes()->set_clock(5);
  EXPECT_NE(interpret_history_response(200, "application/x-protobuf", gap.SerializeAsString(), "r")
                .error.find("inconsistent"),
            std::string::npos);
}

}  // namespace
}  // namespace pss::client
