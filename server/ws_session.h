// WsSession: one WebSocket connection, from the upgrade to the close. Everything runs
// on the connection's strand (the socket's executor); other threads reach it only
// through deliver(), close() and on_room_done(), which post.
//
// Reading: one message at a time, up to --max-message-bytes (checked here, not by
// Beast, so the 1009 close carries a reason). Writing: exactly one async_write in
// flight; everything queued meanwhile goes out as one WebSocket message (SendQueue).
// Backpressure toward the room: at most kMaxRoomBacklog messages handed to the room
// and not yet processed, then reading pauses, so a flooding client is throttled by
// TCP instead of growing the room strand's queue. Rate limits (rate_limit.h) pause
// reading the same way when a client pushes faster than its share.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net.h"
#include "protocol/protocol.h"
#include "pss.pb.h"
#include "rate_limit.h"
#include "send_queue.h"
#include "server_context.h"

namespace pss::server {

class Room;

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  static constexpr int kMaxRoomBacklog = 64;

  WsSession(FlexStream&& stream, std::shared_ptr<ServerContext> ctx, std::string room_name,
            ConnectionLimiter::Slot slot = {});
  ~WsSession();

  // Takes the upgrade request read by HttpSession and completes the handshake.
  void run(http::request<http::string_body> request);

  // Thread-safe. Chunks of one call go out in order, normally in one message.
  void deliver(Chunk chunk);
  void deliver(std::vector<Chunk> chunks);
  // Thread-safe. Sends a close frame with `code` and `reason` after the write in flight.
  void close(CloseCode code, std::string reason);
  // Thread-safe. The room finished one message this session handed it.
  void on_room_done();

 private:
  enum class State { accepting, awaiting_hello, joined, closing, done };

  void on_accept(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void on_message(std::string_view bytes);
  void on_hello(std::shared_ptr<pb::ClientMessage> msg);

  bool enqueue(Chunk chunk);  // false: the session is closing (or just started to)
  void do_write();
  void on_write(beast::error_code ec, std::size_t bytes);

  void start_close(CloseCode code, std::string reason);
  void do_close();
  void on_closed(beast::error_code ec);
  void finish();
  void fail(beast::error_code ec, const char* what);

  websocket::stream<FlexStream> ws_;  // plain or TLS
  std::shared_ptr<ServerContext> ctx_;
  ConnectionLimiter::Slot slot_;  // counts this connection against its address
  const std::string room_name_;
  std::string remote_;  // "ip:port" for logs
  beast::flat_buffer buffer_;
  net::steady_timer hello_timer_;
  net::steady_timer close_timer_;
  net::steady_timer throttle_timer_;
  TokenBucket push_bucket_;
  TokenBucket op_bucket_;
  TokenBucket presence_bucket_;
  TokenBucket::Clock::time_point throttled_until_{};
  bool throttle_armed_ = false;
  std::size_t presence_dropped_ = 0;
  SendQueue queue_;
  std::vector<net::const_buffer> write_buffers_;

  State state_ = State::accepting;
  bool writing_ = false;
  bool read_paused_ = false;
  bool close_pending_ = false;  // close() arrived during the upgrade handshake
  int room_backlog_ = 0;
  CloseCode close_code_ = CloseCode::normal;
  std::string close_reason_;

  std::shared_ptr<Room> room_;
  std::uint32_t session_id_ = 0;
};

}  // namespace pss::server
