#include "player.h"

#include <chrono>

namespace pss::replay {

void Player::join_present() {
  for (const auto& peer : plan_.present_at_start) room_->recorded_join(peer);
}

void Player::start(std::function<void()> on_end) {
  thread_ = std::thread([this, on_end = std::move(on_end)] { run(on_end); });
}

void Player::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Player::run(const std::function<void()>& on_end) {
  // Deadlines add up from one start, so the time spent playing a step does not drift the pace.
  auto due = std::chrono::steady_clock::now();
  for (const auto& step : plan_.steps) {
    due += step.delay;
    std::unique_lock lock(mutex_);
    if (wake_.wait_until(lock, due, [this] { return stopping_; })) return;
    lock.unlock();
    play(step);
  }
  if (on_end) on_end();
}

void Player::play(const Step& step) {
  if (const auto* c = step.change) {
    pb::Change change;
    change.set_clock(c->clock());
    change.set_session_id(c->session_id());
    *change.mutable_ops() = c->ops();
    room_->apply_recorded(std::move(change));
  } else if (const auto* s = step.session) {
    if (s->kind() == pb::RecordedSession::JOIN)
      room_->recorded_join(peer_of(*s));
    else
      room_->recorded_leave(s->session_id());
  } else if (const auto* p = step.presence) {
    pb::Presence presence;
    *presence.mutable_cursor() = p->cursor();
    presence.set_cursor_visible(p->cursor_visible());
    *presence.mutable_selection() = p->selection();
    room_->recorded_presence(p->session_id(), std::move(presence));
  }
}

}  // namespace pss::replay
