// TestClient: a tiny synchronous WebSocket client for tests against a real server.
// Every call returns within its timeout; nothing throws.
//
//   pss::test::TestClient a(server.port());
//   auto welcome = a.join("room1", "Alice");           // connect + Hello + Welcome
//   ASSERT_TRUE(welcome);
//   a.send_push(1, {pss::test::put(pss::test::element("e1"))});
//   auto patch = a.next_of(pb::ServerMessage::kPatch);  // skips other messages
//   auto closed = a.wait_closed();                      // closed.code, closed.reason
//
// How it works: the client has its own io_context and keeps one read permanently
// pending; calls run that io_context until what they wait for has arrived or the
// timeout passes. Between calls nothing runs, so a client that is not called does
// not read (its TCP window fills: useful to simulate a slow client). Received frames
// are split into their ServerMessages and queued in order; next() pops that queue.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pss.pb.h"

namespace pss::test {

namespace pb = ::pss::v1;

inline constexpr std::chrono::milliseconds kTimeout{3000};

struct CloseInfo {
  bool closed = false;  // the connection has ended (gracefully or not)
  int code = 0;         // WebSocket close code from the server's close frame; 0 if none
  std::string reason;   // its reason text
  std::string error;    // how the read ended (e.g. "The WebSocket stream was gracefully closed")
};

// Whether a test connection speaks TLS, and whom it trusts.
struct ClientTls {
  bool on = false;
  std::string ca_file;  // PEM; empty: the system's CAs
};
// Over wss (PSS_TEST_TLS, see test_tls.h): on, trusting the test certificate; else off.
ClientTls default_tls();

class TestClient {
 public:
  explicit TestClient(std::uint16_t port, std::string host = "127.0.0.1", ClientTls tls = default_tls());
  ~TestClient();  // polite close (short timeout), then drops the socket
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  // Opens ws://HOST:PORT + target (wss:// with TLS on). Returns "" on success, otherwise
  // what failed; a refused upgrade reads "HTTP <status>: <body>", a refused certificate
  // "TLS certificate refused: <reason>". A small receive_buffer_bytes makes
  // the kernel buffer little, so a client that does not read backs up quickly.
  std::string connect(std::string_view target, int receive_buffer_bytes = 0);
  // The Origin header of the next upgrade request, as a browser page would send it.
  void set_origin(std::string origin);
  // connect("/rooms/" + room), send Hello, wait for Welcome. nullopt on any failure.
  std::optional<pb::Welcome> join(std::string_view room, std::string display_name = "tester",
                                  std::string client_id = {}, std::uint64_t last_clock = 0);
  // The same with an access token in the Hello (the role comes from it).
  std::optional<pb::Welcome> join_with_token(std::string_view room, std::string display_name, std::string token,
                                             std::string client_id = {});

  bool send(const pb::ClientMessage& message);
  bool send_binary(std::string_view bytes);
  bool send_text(std::string_view text);
  bool send_hello(std::string display_name, std::string client_id = {}, std::uint64_t last_clock = 0,
                  std::uint32_t protocol_version = 1);
  bool send_push(std::uint64_t client_seq, std::vector<pb::Op> ops);
  bool send_presence(const pb::Presence& presence);
  bool send_ping(std::uint64_t nonce);

  // The next message, if one arrives in time.
  std::optional<pb::ServerMessage> next(std::chrono::milliseconds timeout = kTimeout);
  // The next message of one kind; messages of other kinds before it are discarded.
  std::optional<pb::ServerMessage> next_of(pb::ServerMessage::BodyCase kind,
                                           std::chrono::milliseconds timeout = kTimeout);
  // The PushResult for client_seq (other messages before it are discarded).
  std::optional<pb::PushResult> push_result(std::uint64_t client_seq, std::chrono::milliseconds timeout = kTimeout);
  // Everything that arrives until nothing has come for `quiet`.
  std::vector<pb::ServerMessage> drain(std::chrono::milliseconds quiet = std::chrono::milliseconds(100));
  // Runs until the connection ends (discarding messages) or the timeout passes.
  CloseInfo wait_closed(std::chrono::milliseconds timeout = kTimeout);

  bool closed() const;
  const CloseInfo& close_info() const;
  std::size_t frames_received() const;  // WebSocket messages, not ServerMessages
  std::size_t decode_errors() const;    // frames that were not a valid ServerFrame
  void close();                         // polite 1000 close

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct HttpReply {
  int status = 0;  // 0: no response (see error)
  std::string content_type;
  std::string upgrade;  // the Upgrade header, if any
  std::string body;
  std::string error;
};

// One HTTP/1.1 GET (no WebSocket upgrade headers; https with TLS on), with a timeout.
HttpReply http_get(std::uint16_t port, std::string_view target, std::string host = "127.0.0.1",
                   std::chrono::milliseconds timeout = kTimeout, ClientTls tls = default_tls());

}  // namespace pss::test
