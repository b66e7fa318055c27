#include "client/app/ui/workshop.h"

#include <algorithm>
#include <cstdio>

namespace pss::ui {

const char* phase_name(pb::WorkshopPhase phase) {
  switch (phase) {
    case pb::STRATEGY_MAPPING: return "Strategy mapping";
    case pb::RISK_REVIEW: return "Risk review";
    case pb::SERVICE_IMPROVEMENT: return "Service improvement";
    case pb::MEASUREMENT_AND_EVALUATION: return "Measurement and evaluation";
    default: return "No phase set";
  }
}

const char* role_name(pb::Role role) {
  switch (role) {
    case pb::FACILITATOR: return "facilitator";
    case pb::OBSERVER: return "observer";
    case pb::PARTICIPANT: return "participant";
    default: return "";
  }
}

std::string timer_text(const pb::TimerState& timer, std::int64_t now_ms) {
  if (timer.duration_s() == 0) return {};
  const std::int64_t left_ms = timer.running() ? timer.ends_at_ms() - now_ms : timer.remaining_ms();
  // Round up: a timer started for 5 minutes shows 05:00, and 00:00 only when it is over.
  const std::int64_t s = std::max<std::int64_t>(0, (left_ms + 999) / 1000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld%s", static_cast<long long>(s / 60), static_cast<long long>(s % 60),
                timer.running() ? "" : " paused");
  return buf;
}

CardMarks card_marks(const pb::FacilitationState& state, const pb::Element& element) {
  CardMarks m;
  const auto has = [](const auto& list, const std::string& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
  };
  m.locked =
      state.locks().board() || has(state.locks().elements(), element.id()) || has(state.locks().rows(), element.row());
  m.own_private = has(state.own_private(), element.id());
  m.spotlight = !state.spotlight().empty() && state.spotlight() == element.id();
  if (state.has_vote()) {
    m.candidate = has(state.vote().elements(), element.id());
    for (const auto& c : state.vote().mine())
      if (c.element() == element.id()) m.my_votes = c.votes();
    if (state.vote().revealed())
      for (const auto& c : state.vote().results())
        if (c.element() == element.id()) m.result = c.votes();
  }
  return m;
}

std::uint32_t votes_left(const pb::FacilitationState& state) {
  if (!state.has_vote() || state.vote().revealed()) return 0;
  std::uint32_t used = 0;
  for (const auto& c : state.vote().mine()) used += c.votes();
  return state.vote().votes_per_person() > used ? state.vote().votes_per_person() - used : 0;
}

bool Follow::following(const pb::FacilitationState& state, std::uint32_t self) const {
  const std::uint32_t leader = state.follow_session();
  return leader != 0 && leader != self && (!stepped_out_ || state.take_control());
}

std::optional<Rect> Follow::target(const pb::FacilitationState& state, std::uint32_t self,
                                   const std::optional<pb::Presence>& leader_presence) {
  if (state.follow_session() != leader_) {  // a new summons (or the end of one)
    leader_ = state.follow_session();
    stepped_out_ = false;
  }
  if (!following(state, self) || !leader_presence || !leader_presence->has_viewport()) return std::nullopt;
  const pb::Rect& v = leader_presence->viewport();
  if (v.width() <= 0 || v.height() <= 0) return std::nullopt;
  return Rect{V2{v.x(), v.y()}, V2{v.x() + v.width(), v.y() + v.height()}};
}

bool Follow::step_out(const pb::FacilitationState& state) {
  if (state.take_control() && state.follow_session() != 0) return false;
  stepped_out_ = true;
  return true;
}

}  // namespace pss::ui
