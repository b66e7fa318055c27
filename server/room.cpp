#include "room.h"

#include <spdlog/spdlog.h>

#include "protocol/protocol.h"
#include "ws_session.h"

namespace pss::server {

Room::Room(net::io_context& ioc, std::string name, RoomConfig config, std::chrono::milliseconds tick)
    : name_(name), strand_(net::make_strand(ioc)), timer_(strand_), tick_(tick), state_(std::move(name), config) {}

void Room::join(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                std::shared_ptr<const pb::ClientMessage> hello) {
  net::post(strand_, [self = shared_from_this(), session = std::move(session), session_id, hello = std::move(hello)] {
    self->do_join(session, session_id, hello->hello());
    session->on_room_done();
  });
}

void Room::push(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                std::shared_ptr<const pb::ClientMessage> msg) {
  net::post(strand_, [self = shared_from_this(), session = std::move(session), session_id, msg = std::move(msg)] {
    self->state_.push(session_id, msg->push());
    self->schedule_flush();
    session->on_room_done();
  });
}

void Room::presence(std::shared_ptr<WsSession> session, std::uint32_t session_id,
                    std::shared_ptr<pb::ClientMessage> msg) {
  net::post(strand_, [self = shared_from_this(), session = std::move(session), session_id, msg = std::move(msg)] {
    self->state_.presence(session_id, std::move(*msg->mutable_presence()));
    self->schedule_flush();
    session->on_room_done();
  });
}

void Room::leave(std::uint32_t session_id) {
  net::post(strand_, [self = shared_from_this(), session_id] {
    Chunk left = self->state_.leave(session_id);
    if (left.empty()) return;  // never joined (refused) or already gone
    self->sessions_.erase(session_id);
    self->session_count_.store(self->sessions_.size(), std::memory_order_relaxed);
    spdlog::info("room {}: session {} left, {} remain", self->name_, session_id, self->sessions_.size());
    self->broadcast(left, session_id);
  });
}

void Room::do_join(const std::shared_ptr<WsSession>& session, std::uint32_t session_id, const pb::Hello& hello) {
  RoomState::JoinResult joined = state_.join(session_id, hello);
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
  spdlog::info("room {}: {:?} joined as session {} (clock {}, {} sessions)", name_, hello.display_name(), session_id,
               state_.clock(), sessions_.size());
}

void Room::schedule_flush() {
  if (flush_armed_ || !state_.has_pending()) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_flush_ >= tick_) {  // quiet until now: send at once
    flush_now();
    return;
  }
  flush_armed_ = true;
  timer_.expires_at(last_flush_ + tick_);
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
