#include "client/app/ui/replay.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

// The server's session colours: recorded cursors wear the colour their owner had live.
// (Header-only; it belongs in shared/protocol, see docs/architecture.md.)
#include "protocol/palette.h"

namespace pss::ui {

void PlayHead::reset(std::int64_t first_ms, std::int64_t last_ms) {
  first_ = first_ms;
  last_ = std::max(first_ms, last_ms);
  time_ = first_;
  carry_ = 0;
  playing_ = false;
  pinned_.reset();
}

void PlayHead::play() {
  if (time_ >= last_) scrub(first_);
  playing_ = true;
}

void PlayHead::set_speed(int index) { speed_index_ = std::clamp(index, 0, kReplaySpeedCount - 1); }

void PlayHead::advance(double dt) {
  if (!playing_ || dt <= 0) return;
  const double ms = dt * 1000 * speed() + carry_;
  const double whole = std::floor(ms);
  carry_ = ms - whole;
  if (whole < 1) return;
  pinned_.reset();
  time_ = std::min(last_, time_ + static_cast<std::int64_t>(whole));
  if (time_ >= last_) playing_ = false;
}

void PlayHead::scrub(std::int64_t wall_ms) {
  time_ = std::clamp(wall_ms, first_, last_);
  carry_ = 0;
  pinned_.reset();
}

void PlayHead::jump(std::int64_t wall_ms, std::uint64_t clock) {
  scrub(wall_ms);
  pinned_ = clock;
}

Replay::Replay(history::Timeline timeline) : timeline_(std::move(timeline)) {
  head_.reset(timeline_.first_time(), timeline_.last_time());
}

std::uint64_t Replay::clock() const {
  if (auto pinned = head_.pinned()) return *pinned;
  return timeline_.clock_at(head_.time());
}

bool Replay::advance(double dt) {
  const std::uint64_t before = clock();
  const std::int64_t was = head_.time();
  head_.advance(dt);
  if (head_.playing()) {
    const auto& events = timeline_.events();
    auto next = std::upper_bound(events.begin(), events.end(), head_.time(),
                                 [](std::int64_t t, const history::TimelineEvent& e) { return t < e.wall_ms; });
    if (next != events.end() && next->wall_ms - head_.time() > kQuietGapMs) {
      head_.scrub(next->wall_ms - kLeadInMs);
      head_.play();
    }
  }
  return clock() != before || head_.time() != was;
}

void Replay::select_event(std::size_t index) {
  const auto& events = timeline_.events();
  if (index >= events.size()) return;
  head_.jump(events[index].wall_ms, events[index].clock);
}

void Replay::step(int direction) {
  const auto& events = timeline_.events();
  const auto at = current_event();
  head_.pause();
  if (direction > 0) {
    const std::size_t from = at ? *at + 1 : 0;
    for (std::size_t i = from; i < events.size(); ++i)
      if (events[i].kind == history::TimelineEvent::Kind::change) return select_event(i);
  } else if (at) {
    for (std::size_t i = *at; i-- > 0;)
      if (events[i].kind == history::TimelineEvent::Kind::change) return select_event(i);
    head_.jump(head_.first(), timeline_.first_clock());  // before the first change
  }
}

std::vector<ReplayCursor> Replay::cursors() const {
  std::vector<ReplayCursor> out;
  for (const history::RecordedCursor& c : timeline_.cursors_at(head_.time())) {
    ReplayCursor& r = out.emplace_back();
    r.session_id = c.session_id;
    r.name = c.name;
    r.color = person_color(c.session_id);
    r.presence.mutable_cursor()->set_x(c.x);
    r.presence.mutable_cursor()->set_y(c.y);
    r.presence.set_cursor_visible(true);
    for (const auto& id : c.selection) r.presence.add_selection(id);
  }
  return out;
}

std::vector<std::string> Replay::highlighted() const {
  const auto at = current_event();
  if (!at) return {};
  const history::TimelineEvent& e = timeline_.events()[*at];
  if (e.kind != history::TimelineEvent::Kind::change) return {};
  return timeline_.touched(e.clock);
}

std::string Replay::banner() const {
  return "Replay \xE2\x80\x94 read-only, clock " + std::to_string(clock()) + " of " +
         std::to_string(timeline_.last_clock()) + ", time " + time_of_day(head_.time());
}

std::uint32_t person_color(std::uint32_t session_id) { return session_color(session_id); }

std::string time_of_day(std::int64_t wall_ms) {
  const std::time_t secs = static_cast<std::time_t>(wall_ms / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string duration_text(std::int64_t ms) {
  const std::int64_t s = std::max<std::int64_t>(0, ms) / 1000;
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

}  // namespace pss::ui
