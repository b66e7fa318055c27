// Room: one live room. Owns its RoomState and runs it on its own strand, so rooms never
// contend with each other and nothing on the hot path takes a lock. Sessions talk to
// it only through the thread-safe methods below, which post to the strand; the room
// answers by posting chunks to the sessions' strands (WsSession::deliver).
//
// Broadcast timing: the first thing to send after a quiet period goes out at once;
// whatever arrives within the next tick is batched into one Patch per tick (twice
// the tick in a room of more than 100 people, see period()).
//
// Durability (a Store is given): each commit is appended to the store; RoomState holds
// its broadcast and PushResult until the store's callback (posted back to this strand)
// says it is on disk. A join that arrives while a commit is in flight waits, and so
// does everything behind it, until the room is durable again: the Welcome's snapshot
// never shows what a crash could take back. If the store fails, the room closes every
// session (4500) and asks the registry to forget it; the next join reloads it.
//
// Pushes beyond the room's rate (all sessions together) wait in the same queue.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "net.h"
#include "pss.pb.h"
#include "rate_limit.h"
#include "room_state.h"
#include "storage/store.h"

namespace pss::server {

class WsSession;

struct RoomStorage {
  storage::Store* store = nullptr;                 // null: an in-memory room
  std::chrono::milliseconds presence_sample{250};  // recorded cursor rate per person
  std::uint64_t snapshot_clock = 0;                // clock of the latest stored snapshot
};

class Room : public std::enable_shared_from_this<Room> {
 public:
  using OnFailed = std::function<void(const std::shared_ptr<Room>&)>;

  Room(net::io_context& ioc, RoomState state, std::chrono::milliseconds tick, RoomStorage storage = {},
       OnFailed on_failed = {});

  const std::string& name() const { return name_; }
  // Ids are handed out before the join reaches the strand, so a session can forward
  // messages pipelined behind its Hello; ids of refused joins are simply never used.
  std::uint32_t allocate_session_id() { return next_session_id_.fetch_add(1, std::memory_order_relaxed); }
  std::size_t session_count() const { return session_count_.load(std::memory_order_relaxed); }

  // Thread-safe. Every call that names a session ends by calling
  // session->on_room_done(), which the session uses to bound its backlog here.
  void join(std::shared_ptr<WsSession> session, std::uint32_t session_id,
            std::shared_ptr<const pb::ClientMessage> hello, pb::Role role = pb::PARTICIPANT);
  void push(std::shared_ptr<WsSession> session, std::uint32_t session_id, std::shared_ptr<const pb::ClientMessage> msg);
  void presence(std::shared_ptr<WsSession> session, std::uint32_t session_id, std::shared_ptr<pb::ClientMessage> msg);
  void leave(std::uint32_t session_id);
  // A Facilitate command or a CastVote: answered with an Error or the new state for all,
  // and recorded (storage: events) when accepted.
  void facilitate(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                  std::shared_ptr<const pb::ClientMessage> msg);

  // Replay rooms, thread-safe: the recording's changes and people (see RoomState).
  void apply_recorded(pb::Change change);
  void recorded_join(pb::Peer peer);
  void recorded_leave(std::uint32_t session_id);
  void recorded_presence(std::uint32_t session_id, pb::Presence presence);

  // After the I/O threads stopped (no strand needed): snapshots the map if it moved
  // since the last stored snapshot, so the next start loads without replaying.
  void snapshot_at_shutdown();

 private:
  struct Parked {  // a join or push waiting for the room to be durable again
    std::shared_ptr<WsSession> session;
    std::uint32_t session_id;
    std::shared_ptr<const pb::ClientMessage> msg;
    pb::Role role = pb::PARTICIPANT;  // of a join
  };

  void do_join(const std::shared_ptr<WsSession>& session, std::uint32_t session_id, const pb::Hello& hello,
               pb::Role role);
  void do_facilitate(std::uint32_t session_id, const pb::ClientMessage& msg);
  void log_commit(const Commit& commit);  // with the facilitation state, if it changed
  void store_facilitation();
  void do_push(std::uint32_t session_id, const pb::Push& push);
  void run_or_park(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                   std::shared_ptr<const pb::ClientMessage> msg, pb::Role role = pb::PARTICIPANT);
  void run_parked();
  void charge(const pb::Push& push);  // the room's rate limit
  void arm_rate_timer();
  void on_durable(std::uint64_t clock, const storage::Status& status);
  void fail(const std::string& error);
  void record_presence(std::uint32_t session_id, const pb::Presence& presence);
  void schedule_flush();
  void flush_now();
  void deliver(RoomState::Deliveries deliveries);
  void broadcast(const Chunk& chunk, std::uint32_t except);

  const std::string name_;
  Strand strand_;
  net::steady_timer timer_;
  const std::chrono::milliseconds tick_;
  std::chrono::milliseconds period() const;  // tick_, or twice it in a large room
  std::chrono::steady_clock::time_point last_flush_{};
  bool flush_armed_ = false;
  RoomState state_;
  RoomStorage storage_;
  OnFailed on_failed_;
  bool failed_ = false;
  std::deque<Parked> parked_;
  // Room-wide rate limit: pushes over it wait in parked_ (their sessions then stop
  // being read once 64 wait), so many connections together cannot swamp a room.
  net::steady_timer rate_timer_;
  bool rate_timer_armed_ = false;
  TokenBucket push_bucket_;
  TokenBucket op_bucket_;
  TokenBucket::Clock::time_point rate_wait_until_{};
  std::unordered_map<std::uint32_t, std::chrono::steady_clock::time_point> last_presence_sample_;
  std::unordered_map<std::uint32_t, std::weak_ptr<WsSession>> sessions_;  // strand only
  std::atomic<std::uint32_t> next_session_id_;
  std::atomic<std::size_t> session_count_{0};  // mirror for /healthz and logs
};

}  // namespace pss::server
