#include "room.h"

#include <spdlog/spdlog.h>

#include "protocol/protocol.h"
#include "ws_session.h"

namespace pss::server {
namespace {

// Replay rooms show recorded people under their recorded ids; viewers count from here.
constexpr std::uint32_t kFirstReplayViewerId = 1'000'000;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Room::Room(net::io_context& ioc, RoomState state, std::chrono::milliseconds tick, RoomStorage storage,
           OnFailed on_failed)
    : name_(state.name()),
      strand_(net::make_strand(ioc)),
      timer_(strand_),
      tick_(tick),
      state_(std::move(state)),
      storage_(storage),
      on_failed_(std::move(on_failed)),
      rate_timer_(strand_),
      push_bucket_(state_.config().max_pushes_per_second, 2 * state_.config().max_pushes_per_second),
      op_bucket_(state_.config().max_ops_per_second, 2 * state_.config().max_ops_per_second),
      next_session_id_(state_.config().read_only ? kFirstReplayViewerId : 1) {}

void Room::join(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                std::shared_ptr<const pb::ClientMessage> hello, pb::Role role) {
  net::post(strand_, [self = shared_from_this(), session = std::move(session), session_id, hello = std::move(hello),
                      role] { self->run_or_park(session, session_id, hello, role); });
}

void Room::push(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                std::shared_ptr<const pb::ClientMessage> msg) {
  net::post(strand_, [self = shared_from_this(), session = std::move(session), session_id, msg = std::move(msg)] {
    self->run_or_park(session, session_id, msg);
  });
}

void Room::run_or_park(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                       std::shared_ptr<const pb::ClientMessage> msg, pb::Role role) {
  if (failed_) {  // the sessions are being closed; nothing more is accepted
    session->on_room_done();
    return;
  }
  const bool is_join = msg->has_hello();
  if (msg->has_push()) charge(msg->push());
  // Once something waits, everything behind it waits too, so order is kept.
  if (!parked_.empty() || (is_join && state_.durable_clock() < state_.clock()) ||
      (!is_join && TokenBucket::Clock::now() < rate_wait_until_)) {
    parked_.push_back(Parked{std::move(session), session_id, std::move(msg), role});
    if (parked_.size() == 1) arm_rate_timer();
    return;
  }
  if (is_join) {
    do_join(session, session_id, msg->hello(), role);
  } else if (msg->has_push()) {
    do_push(session_id, msg->push());
  } else {
    do_facilitate(session_id, *msg);
  }
  session->on_room_done();
}

void Room::charge(const pb::Push& push) {
  const auto now = TokenBucket::Clock::now();
  const auto wait = std::max(push_bucket_.take(1, now), op_bucket_.take(push.ops_size(), now));
  if (wait > TokenBucket::Clock::duration::zero()) rate_wait_until_ = std::max(rate_wait_until_, now + wait);
}

void Room::arm_rate_timer() {
  if (rate_timer_armed_ || TokenBucket::Clock::now() >= rate_wait_until_) return;
  rate_timer_armed_ = true;
  rate_timer_.expires_at(rate_wait_until_);
  rate_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    self->rate_timer_armed_ = false;
    if (!ec) self->run_parked();
  });
}

void Room::run_parked() {
  while (!parked_.empty() && !failed_) {
    Parked& next = parked_.front();
    if (next.msg->has_hello() && state_.durable_clock() < state_.clock()) return;
    // Pushes were charged when they arrived; they wait out the room's debt in order.
    if (!next.msg->has_hello() && TokenBucket::Clock::now() < rate_wait_until_) return arm_rate_timer();
    Parked p = std::move(next);
    parked_.pop_front();
    if (p.msg->has_hello()) {
      do_join(p.session, p.session_id, p.msg->hello(), p.role);
    } else if (p.msg->has_push()) {
      do_push(p.session_id, p.msg->push());
    } else {
      do_facilitate(p.session_id, *p.msg);
    }
    p.session->on_room_done();
  }
}

void Room::do_push(std::uint32_t session_id, const pb::Push& push) {
  if (auto commit = state_.push(session_id, push)) log_commit(*commit);
  schedule_flush();
}

void Room::log_commit(const Commit& commit) {
  if (storage_.store) {
    const std::uint64_t clock = commit.change->clock();
    storage::ChangeRecord record{clock,
                                 wall_ms(),
                                 commit.change->session_id(),
                                 *commit.author,
                                 *commit.client_id,
                                 commit.client_seq,
                                 *commit.change,
                                 state_.facilitation_to_store()};
    const bool snapshot_due = storage_.store->append(
        name_, std::move(record), [self = shared_from_this(), clock](const storage::Status& status) {
          net::post(self->strand_, [self, clock, status] { self->on_durable(clock, status); });
        });
    if (snapshot_due) {
      storage_.store->write_snapshot(name_, clock, state_.map().snapshot_bytes());
      storage_.snapshot_clock = clock;
    }
  }
}

void Room::facilitate(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                      std::shared_ptr<const pb::ClientMessage> msg) {
  // Through the same queue as pushes, so a command never overtakes an earlier edit.
  net::post(strand_, [self = shared_from_this(), session = std::move(session), session_id, msg = std::move(msg)] {
    self->run_or_park(session, session_id, msg);
  });
}

void Room::do_facilitate(std::uint32_t session_id, const pb::ClientMessage& msg) {
  if (msg.has_vote()) {
    // Votes are recorded as counts only when revealed (the state), never who voted what.
    state_.vote(session_id, msg.vote());
    store_facilitation();
    schedule_flush();
    return;
  }
  RoomState::FacilitateResult r = state_.facilitate(session_id, msg.facilitate(), wall_ms());
  if (r.commit) log_commit(*r.commit);
  store_facilitation();
  if (!r.event_kind.empty()) {
    spdlog::info("room {}: session {} facilitates: {}", name_, session_id, r.event_kind);
    if (storage_.store)
      storage_.store->record_event(name_,
                                   storage::FacilitationEvent{wall_ms(), state_.clock(), session_id, r.event_kind,
                                                              msg.facilitate().SerializeAsString()});
  }
  if (!r.peer_updated.empty()) broadcast(r.peer_updated, 0);
  if (r.removed) {
    if (auto it = sessions_.find(r.removed); it != sessions_.end()) {
      if (auto removed = it->second.lock()) removed->close(CloseCode::forbidden, "removed by the facilitator");
      sessions_.erase(it);
      session_count_.store(sessions_.size(), std::memory_order_relaxed);
    }
    broadcast(r.peer_left, r.removed);
  }
  schedule_flush();
}

void Room::store_facilitation() {
  // Queued behind the room's changes: any edit acknowledged later finds it on disk.
  if (!storage_.store) return;
  if (auto bytes = state_.facilitation_to_store()) storage_.store->write_facilitation(name_, std::move(*bytes));
}

void Room::on_durable(std::uint64_t clock, const storage::Status& status) {
  if (failed_) return;
  if (!status.ok()) return fail(status.error());
  state_.durable(clock);
  schedule_flush();
  run_parked();
}

void Room::fail(const std::string& error) {
  failed_ = true;
  spdlog::error("room {}: storage failed, closing its {} sessions: {}", name_, sessions_.size(), error);
  // Nothing held was acknowledged: clients keep those pushes and re-send them to the
  // reloaded room, whose log says which made it to disk.
  const std::string reason = "room storage failed; reconnect to reload the room";
  for (auto& [id, weak] : sessions_)
    if (auto session = weak.lock()) session->close(CloseCode::server_error, reason);
  for (auto& p : parked_) {
    p.session->close(CloseCode::server_error, reason);
    p.session->on_room_done();
  }
  parked_.clear();
  if (on_failed_) on_failed_(shared_from_this());
}

void Room::presence(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                    std::shared_ptr<pb::ClientMessage> msg) {
  net::post(strand_, [self = shared_from_this(), session = std::move(session), session_id, msg = std::move(msg)] {
    if (self->state_.has_session(session_id)) {
      self->record_presence(session_id, msg->presence());
      self->state_.presence(session_id, std::move(*msg->mutable_presence()));
      self->schedule_flush();
    }
    session->on_room_done();
  });
}

void Room::record_presence(std::uint32_t session_id, const pb::Presence& p) {
  if (!storage_.store) return;
  const auto now = std::chrono::steady_clock::now();
  auto& last = last_presence_sample_[session_id];
  if (now - last < storage_.presence_sample) return;
  last = now;
  storage::PresenceSample sample{wall_ms(), session_id, p.cursor().x(), p.cursor().y(), p.cursor_visible(), {}};
  sample.selection.assign(p.selection().begin(), p.selection().end());
  storage_.store->record_presence(name_, std::move(sample));
}

void Room::leave(std::uint32_t session_id) {
  net::post(strand_, [self = shared_from_this(), session_id] {
    const pb::Peer* peer = self->state_.peer(session_id);
    if (peer && self->storage_.store) {
      self->storage_.store->record_session_event(self->name_, storage::SessionEvent{storage::SessionEventKind::leave,
                                                                                    wall_ms(),
                                                                                    self->state_.clock(),
                                                                                    session_id,
                                                                                    peer->display_name(),
                                                                                    peer->group(),
                                                                                    {}});
    }
    Chunk left = self->state_.leave(session_id);
    if (left.empty()) return;  // never joined (refused) or already gone
    self->sessions_.erase(session_id);
    self->last_presence_sample_.erase(session_id);
    self->session_count_.store(self->sessions_.size(), std::memory_order_relaxed);
    spdlog::info("room {}: session {} left, {} remain", self->name_, session_id, self->sessions_.size());
    self->broadcast(left, session_id);
  });
}

void Room::do_join(const std::shared_ptr<WsSession>& session, std::uint32_t session_id, const pb::Hello& hello,
                   pb::Role role) {
  RoomState::JoinResult joined = state_.join(session_id, hello, role);
  if (joined.refused) {
    spdlog::info("room {}: refused {:?}: {}", name_, hello.display_name(), joined.refused->detail);
    session->close(close_code_for(joined.refused->reason), joined.refused->detail);
    return;
  }
  // Pending changes went out first, so everyone else is at the Welcome's clock.
  deliver(std::move(joined.flushed));
  last_flush_ = std::chrono::steady_clock::now();
  session->deliver(joined.welcome);
  broadcast(joined.peer_joined, session_id);
  sessions_.emplace(session_id, session);
  session_count_.store(sessions_.size(), std::memory_order_relaxed);
  if (storage_.store) {
    storage_.store->record_session_event(
        name_, storage::SessionEvent{storage::SessionEventKind::join, wall_ms(), state_.clock(), session_id,
                                     hello.display_name(), hello.group(), hello.client_id()});
  }
  spdlog::info("room {}: {:?} joined as session {}, {} (clock {}, {} sessions)", name_, hello.display_name(),
               session_id, pb::Role_Name(role), state_.clock(), sessions_.size());
}

void Room::apply_recorded(pb::Change change) {
  net::post(strand_, [self = shared_from_this(), change = std::move(change)] {
    if (auto failed = self->state_.apply_recorded(change)) {
      spdlog::warn("room {}: recorded change {} not applied: {}", self->name_, change.clock(), failed->detail);
      return;
    }
    self->schedule_flush();
  });
}

void Room::recorded_join(pb::Peer peer) {
  net::post(strand_,
            [self = shared_from_this(), peer = std::move(peer)] { self->broadcast(self->state_.ghost_join(peer), 0); });
}

void Room::recorded_leave(std::uint32_t session_id) {
  net::post(strand_, [self = shared_from_this(), session_id] {
    Chunk left = self->state_.ghost_leave(session_id);
    if (!left.empty()) self->broadcast(left, 0);
  });
}

void Room::recorded_presence(std::uint32_t session_id, pb::Presence presence) {
  net::post(strand_, [self = shared_from_this(), session_id, presence = std::move(presence)]() mutable {
    self->state_.ghost_presence(session_id, std::move(presence));
    self->schedule_flush();
  });
}

void Room::snapshot_at_shutdown() {
  if (!storage_.store || failed_ || state_.clock() <= storage_.snapshot_clock) return;
  // Every append is queued before this, and the store writes a snapshot after them.
  storage_.store->write_snapshot(name_, state_.clock(), state_.map().snapshot_bytes());
  storage_.snapshot_clock = state_.clock();
}

std::chrono::milliseconds Room::period() const {
  // Past 100 people a flush is 100+ writes: a room that big batches twice as long
  // (33 ms: drags still reach everyone at 30 Hz), halving the writes of the server and
  // the reads of every client. In the 1,000-person benchmark that cut the server's CPU
  // by a fifth and the p50 latency from 71 to 40 ms (docs/performance.md).
  constexpr std::size_t kLargeRoom = 100;
  return state_.session_count() > kLargeRoom ? tick_ * 2 : tick_;
}

void Room::schedule_flush() {
  if (flush_armed_ || !state_.has_pending()) return;
  const auto now = std::chrono::steady_clock::now();
  const auto tick = period();
  if (now - last_flush_ >= tick) {  // quiet until now: send at once
    flush_now();
    return;
  }
  flush_armed_ = true;
  timer_.expires_at(last_flush_ + tick);
  timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    self->flush_armed_ = false;
    if (!ec) self->flush_now();
  });
}

void Room::flush_now() {
  if (!state_.has_pending()) return;
  last_flush_ = std::chrono::steady_clock::now();
  deliver(state_.flush());
}

void Room::deliver(RoomState::Deliveries deliveries) {
  for (auto& [id, chunks] : deliveries) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) continue;
    if (auto session = it->second.lock()) session->deliver(std::move(chunks));
  }
}

void Room::broadcast(const Chunk& chunk, std::uint32_t except) {
  for (const auto& [id, weak] : sessions_) {
    if (id == except) continue;
    if (auto session = weak.lock()) session->deliver(chunk);
  }
}

}  // namespace pss::server
