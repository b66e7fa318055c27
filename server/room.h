// Room: one live room. Owns its RoomState and runs it on its own strand, so rooms never
// contend with each other and nothing on the hot path takes a lock. Sessions talk to
// it only through the thread-safe methods below, which post to the strand; the room
// answers by posting chunks to the sessions' strands (WsSession::deliver).
//
// Broadcast timing: the first thing to send after a quiet period goes out at once;
// whatever arrives within the next tick is batched into one Patch per tick.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "net.h"
#include "pss.pb.h"
#include "room_state.h"

namespace pss::server {

class WsSession;

class Room : public std::enable_shared_from_this<Room> {
 public:
  Room(net::io_context& ioc, std::string name, RoomConfig config, std::chrono::milliseconds tick);

  const std::string& name() const { return name_; }
  // Ids are handed out before the join reaches the strand, so a session can forward
  // messages pipelined behind its Hello; ids of refused joins are simply never used.
  std::uint32_t allocate_session_id() { return next_session_id_.fetch_add(1, std::memory_order_relaxed); }
  std::size_t session_count() const { return session_count_.load(std::memory_order_relaxed); }

  // Thread-safe. Every call that names a session ends by calling
  // session->on_room_done(), which the session uses to bound its backlog here.
  void join(std::shared_ptr<WsSession> session, std::uint32_t session_id, std::shared_ptr<const pb::ClientMessage> hello);
  void push(std::shared_ptr<WsSession> session, std::uint32_t session_id, std::shared_ptr<const pb::ClientMessage> msg);
  void presence(std::shared_ptr<WsSession> session, std::uint32_t session_id, std::shared_ptr<pb::ClientMessage> msg);
  void leave(std::uint32_t session_id);

 private:
  void do_join(const std::shared_ptr<WsSession>& session, std::uint32_t session_id, const pb::Hello& hello);
  void schedule_flush();
  void flush_now();
  void deliver(RoomState::Deliveries deliveries);
  void broadcast(const Chunk& chunk, std::uint32_t except);

  const std::string name_;
  Strand strand_;
  net::steady_timer timer_;
  const std::chrono::milliseconds tick_;
  std::chrono::steady_clock::time_point last_flush_{};
  bool flush_armed_ = false;
  RoomState state_;
  std::unordered_map<std::uint32_t, std::weak_ptr<WsSession>> sessions_;  // strand only
  std::atomic<std::uint32_t> next_session_id_{1};
  std::atomic<std::size_t> session_count_{0};  // mirror for /healthz and logs
};

}  // namespace pss::server
