#include "history/timeline.h"

#include <algorithm>
#include <map>

#include "history/summary.h"

namespace pss::history {

namespace {

std::string session_name(std::uint32_t id) { return "Session " + std::to_string(id); }

}  // namespace

std::optional<Timeline> Timeline::build(pb::History h, std::size_t every, std::string* error, Limits limits) {
  auto fail = [&](std::string why) -> std::optional<Timeline> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  // Tombstones serve catch-ups, which a replay never answers; kept, they would be
  // copied into every checkpoint (most of a checkpoint's size in a long session).
  limits.max_tombstones = 0;
  Rejection why;
  auto map = StrategyMap::from_snapshot(h.base(), limits, &why);
  if (!map) return fail("the recording's base map is invalid: " + why.detail);

  Timeline t;
  t.room_ = h.room();
  t.first_clock_ = h.base().clock();
  t.every_ = std::max<std::size_t>(1, every);
  t.index_people(h);
  t.ops_.reserve(static_cast<std::size_t>(h.changes_size()));
  t.times_.reserve(static_cast<std::size_t>(h.changes_size()));
  t.checkpoints_.reserve(static_cast<std::size_t>(h.changes_size()) / t.every_ + 1);
  t.events_.reserve(static_cast<std::size_t>(h.changes_size() + h.sessions_size() + h.events_size()));
  t.checkpoints_.push_back(*map);
  for (pb::RecordedChange& c : *h.mutable_changes()) {
    const std::uint64_t expected = t.first_clock_ + t.ops_.size() + 1;
    if (c.clock() != expected)
      return fail("change " + std::to_string(c.clock()) + " where " + std::to_string(expected) + " was expected");
    TimelineEvent ev{TimelineEvent::Kind::change, c.clock(), c.wall_ms(), c.session_id(), c.author(),
                     summarize(c, *map)};
    // Checked in full once, here: the history comes over the network. Seeks re-apply
    // these same changes without the value checks (state_at).
    if (auto failed = map->apply(c.ops(), ApplyContext{c.clock(), nullptr}))
      return fail("change " + std::to_string(c.clock()) + " does not apply: " + failed->detail);
    t.events_.push_back(std::move(ev));
    pb::RecordedChange ops_only;
    ops_only.mutable_ops()->Swap(c.mutable_ops());
    t.ops_.push_back(ops_only.SerializeAsString());
    t.times_.push_back(c.wall_ms());
    if (t.ops_.size() % t.every_ == 0) t.checkpoints_.push_back(*map);
  }
  t.current_ = std::move(map);

  for (const pb::RecordedSession& s : t.sessions_) {
    const bool join = s.kind() == pb::RecordedSession::JOIN;
    t.events_.push_back({join ? TimelineEvent::Kind::join : TimelineEvent::Kind::leave, s.clock(), s.wall_ms(),
                         s.session_id(), t.name_of(s.session_id()),
                         t.name_of(s.session_id()) + (join ? " joined" : " left")});
  }
  for (const pb::RecordedEvent& e : h.events())
    t.events_.push_back({TimelineEvent::Kind::facilitation, e.clock(), e.wall_ms(), e.session_id(),
                         t.name_of(e.session_id()), t.name_of(e.session_id()) + ": " + e.kind()});
  // Stable: a change and a join in the same millisecond keep clock order.
  std::stable_sort(t.events_.begin(), t.events_.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
    return a.wall_ms != b.wall_ms ? a.wall_ms < b.wall_ms : a.clock < b.clock;
  });

  t.first_time_ = t.events_.empty() ? 0 : t.events_.front().wall_ms;
  t.last_time_ = t.events_.empty() ? 0 : t.events_.back().wall_ms;
  if (!t.presence_.empty()) {
    if (t.events_.empty()) t.first_time_ = t.last_time_ = t.presence_.front().wall_ms();
    t.first_time_ = std::min(t.first_time_, t.presence_.front().wall_ms());
    t.last_time_ = std::max(t.last_time_, t.presence_.back().wall_ms());
  }
  return t;
}

void Timeline::index_people(const pb::History& h) {
  sessions_.assign(h.sessions().begin(), h.sessions().end());
  presence_.assign(h.presence().begin(), h.presence().end());
  // The server writes them by time; sorting again costs little and protects the seek.
  auto by_time = [](const auto& a, const auto& b) { return a.wall_ms() < b.wall_ms(); };
  std::stable_sort(sessions_.begin(), sessions_.end(), by_time);
  std::stable_sort(presence_.begin(), presence_.end(), by_time);
  for (const pb::RecordedChange& c : h.changes())
    if (!c.author().empty()) names_.try_emplace(c.session_id(), c.author());
  for (const pb::RecordedSession& s : sessions_)  // joins name people best
    if (!s.display_name().empty()) names_[s.session_id()] = s.display_name();
}

std::string Timeline::name_of(std::uint32_t session_id) const {
  auto it = names_.find(session_id);
  return it != names_.end() ? it->second : session_name(session_id);
}

const StrategyMap& Timeline::state_at(std::uint64_t clock) {
  clock = std::clamp(clock, first_clock(), last_clock());
  const std::size_t target = clock - first_clock_;  // changes applied
  const std::size_t base = target / every_;         // nearest checkpoint at or below
  const std::size_t have = current_ ? current_->clock() - first_clock_ : 0;
  // Carry on from the last answer when it is on the way: playing forward is then one
  // apply per change instead of a copy per frame.
  if (!current_ || have > target || have < base * every_) {
    current_ = checkpoints_[base];
  }
  for (std::size_t i = current_->clock() - first_clock_; i < target; ++i) {
    // Encoded by build() from ops that applied there, values checked: decoding and
    // applying succeed.
    if (!scratch_.ParseFromString(ops_[i])) break;
    current_->apply(scratch_.ops(), ApplyContext::recorded(first_clock_ + i + 1));
  }
  return *current_;
}

std::vector<std::string> Timeline::touched(std::uint64_t clock) const {
  std::vector<std::string> ids;
  pb::RecordedChange c;
  if (clock <= first_clock_ || clock > last_clock() || !c.ParseFromString(ops_[clock - first_clock_ - 1])) return ids;
  for (const pb::Op& op : c.ops()) {
    if (op.has_put())
      ids.push_back(record_id(op.put()));
    else if (op.has_patch())
      ids.push_back(record_id(op.patch().value()));
    else
      ids.push_back(op.remove().id());
  }
  return ids;
}

std::uint64_t Timeline::clock_at(std::int64_t wall_ms) const {
  auto it = std::upper_bound(times_.begin(), times_.end(), wall_ms);
  return first_clock_ + static_cast<std::uint64_t>(it - times_.begin());
}

std::int64_t Timeline::time_of(std::uint64_t clock) const {
  if (clock <= first_clock_ || times_.empty()) return first_time_;
  return times_[std::min<std::uint64_t>(clock - first_clock_, times_.size()) - 1];
}

std::optional<std::size_t> Timeline::event_at(std::int64_t wall_ms, std::uint64_t clock) const {
  auto it = std::upper_bound(events_.begin(), events_.end(), std::pair{wall_ms, clock},
                             [](const std::pair<std::int64_t, std::uint64_t>& at, const TimelineEvent& e) {
                               return at.first != e.wall_ms ? at.first < e.wall_ms : at.second < e.clock;
                             });
  if (it == events_.begin()) return std::nullopt;
  return static_cast<std::size_t>(it - events_.begin()) - 1;
}

std::vector<RecordedCursor> Timeline::cursors_at(std::int64_t wall_ms, std::int64_t window_ms) const {
  // Who has left by `wall_ms`, and when they last joined.
  std::map<std::uint32_t, std::int64_t> left;
  for (const pb::RecordedSession& s : sessions_) {
    if (s.wall_ms() > wall_ms) break;
    if (s.kind() == pb::RecordedSession::LEAVE)
      left[s.session_id()] = s.wall_ms();
    else
      left.erase(s.session_id());
  }
  auto lo = std::lower_bound(presence_.begin(), presence_.end(), wall_ms - window_ms,
                             [](const pb::RecordedPresence& p, std::int64_t t) { return p.wall_ms() < t; });
  auto hi = std::upper_bound(lo, presence_.end(), wall_ms,
                             [](std::int64_t t, const pb::RecordedPresence& p) { return t < p.wall_ms(); });
  std::map<std::uint32_t, const pb::RecordedPresence*> latest;  // later samples overwrite
  for (auto it = lo; it != hi; ++it) latest[it->session_id()] = &*it;
  std::vector<RecordedCursor> out;
  for (const auto& [id, p] : latest) {
    if (!p->cursor_visible() || left.contains(id)) continue;
    out.push_back({id,
                   name_of(id),
                   p->cursor().x(),
                   p->cursor().y(),
                   {p->selection().begin(), p->selection().end()},
                   p->wall_ms()});
  }
  return out;
}

}  // namespace pss::history
