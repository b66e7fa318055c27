#include "plan.h"

#include <algorithm>
#include <limits>
#include <map>

#include "protocol/palette.h"

namespace pss::replay {
namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

// Wall time of the first thing recorded: what time offsets count from.
std::int64_t start_ms(const pb::History& h) {
  std::int64_t start = kNever;
  if (h.changes_size()) start = std::min(start, h.changes(0).wall_ms());
  if (h.sessions_size()) start = std::min(start, h.sessions(0).wall_ms());
  if (h.presence_size()) start = std::min(start, h.presence(0).wall_ms());
  return start == kNever ? 0 : start;
}

std::uint64_t last_clock(const pb::History& h) {
  return h.changes_size() ? h.changes(h.changes_size() - 1).clock() : h.base().clock();
}

// Wall time of a resolved moment: a time offset as given, a clock as its change's.
std::int64_t wall_of(const pb::History& h, const TimeSpec& at, std::uint64_t clock) {
  if (at.kind == TimeSpec::Kind::offset) return start_ms(h) + at.offset_ms;
  if (clock == h.base().clock()) return start_ms(h);
  return h.changes(static_cast<int>(clock - h.base().clock() - 1)).wall_ms();
}

}  // namespace

std::optional<std::uint64_t> resolve(const pb::History& history, const TimeSpec& at, std::string* error) {
  const std::uint64_t first = history.base().clock(), last = last_clock(history);
  if (at.kind == TimeSpec::Kind::clock) {
    if (at.clock >= first && at.clock <= last) return at.clock;
    *error = "clock " + std::to_string(at.clock) + " is outside the recording (clocks " + std::to_string(first) + ".." +
             std::to_string(last) + ")";
    return std::nullopt;
  }
  const std::int64_t t = start_ms(history) + at.offset_ms;
  std::uint64_t clock = first;
  for (const auto& c : history.changes()) {
    if (c.wall_ms() > t) break;
    clock = c.clock();
  }
  return clock;
}

std::optional<Plan> make_plan(const pb::History& h, const std::optional<TimeSpec>& from,
                              const std::optional<TimeSpec>& to, double speed, std::string* error,
                              std::chrono::milliseconds max_gap) {
  Plan plan;
  plan.from_clock = h.base().clock();
  plan.to_clock = last_clock(h);
  std::int64_t from_ms = std::numeric_limits<std::int64_t>::min(), to_ms = kNever;
  if (from) {
    auto c = resolve(h, *from, error);
    if (!c) return std::nullopt;
    plan.from_clock = *c;
    from_ms = wall_of(h, *from, *c);
  }
  if (to) {
    auto c = resolve(h, *to, error);
    if (!c) return std::nullopt;
    plan.to_clock = *c;
    to_ms = wall_of(h, *to, *c);
  }
  if (plan.from_clock > plan.to_clock || from_ms > to_ms) {
    *error = "--from is after --to";
    return std::nullopt;
  }

  // Who is in the room at the start: joins and leaves before it.
  std::map<std::uint32_t, pb::Peer> present;
  for (const auto& s : h.sessions()) {
    if (s.wall_ms() >= from_ms) break;
    if (s.kind() == pb::RecordedSession::JOIN)
      present[s.session_id()] = peer_of(s);
    else
      present.erase(s.session_id());
  }
  for (auto& [id, peer] : present) plan.present_at_start.push_back(std::move(peer));

  // Merge by wall time; changes keep their clock order even if the wall clock jumped.
  int c = 0, s = 0, p = 0;
  while (c < h.changes_size() && h.changes(c).clock() <= plan.from_clock) ++c;
  while (s < h.sessions_size() && h.sessions(s).wall_ms() < from_ms) ++s;
  while (p < h.presence_size() && h.presence(p).wall_ms() < from_ms) ++p;
  std::int64_t previous = kNever;  // wall time of the previous step
  for (;;) {
    const bool more_c = c < h.changes_size() && h.changes(c).clock() <= plan.to_clock;
    const bool more_s = s < h.sessions_size() && h.sessions(s).wall_ms() <= to_ms;
    const bool more_p = p < h.presence_size() && h.presence(p).wall_ms() <= to_ms;
    if (!more_c && !more_s && !more_p) break;
    const std::int64_t tc = more_c ? h.changes(c).wall_ms() : kNever;
    const std::int64_t ts = more_s ? h.sessions(s).wall_ms() : kNever;
    const std::int64_t tp = more_p ? h.presence(p).wall_ms() : kNever;
    Step step;
    std::int64_t t;
    if (more_s && ts <= tc && ts <= tp) {  // a join goes before its person's first change
      step.session = &h.sessions(s++), t = ts;
    } else if (more_c && tc <= tp) {
      step.change = &h.changes(c++), t = tc;
    } else {
      step.presence = &h.presence(p++), t = tp;
    }
    if (previous != kNever && t > previous) {
      const auto gap = std::min<std::int64_t>(t - previous, max_gap.count());
      step.delay = std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(gap) * 1000.0 / speed));
    }
    previous = previous == kNever ? t : std::max(previous, t);
    plan.steps.push_back(step);
  }
  return plan;
}

pb::Peer peer_of(const pb::RecordedSession& session) {
  pb::Peer peer;
  peer.set_session_id(session.session_id());
  peer.set_display_name(session.display_name());
  peer.set_color(session_color(session.session_id()));
  peer.set_group(session.group());
  return peer;
}

}  // namespace pss::replay
