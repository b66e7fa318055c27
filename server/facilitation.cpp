#include "facilitation.h"

#include <algorithm>

namespace pss::server {
namespace {

constexpr std::uint32_t kMaxTimerSeconds = 86'400;
constexpr std::uint32_t kMaxVotesPerPerson = 100;
constexpr std::size_t kMaxCandidates = 1000;

Rejection refuse(pb::Reason reason, std::string detail) { return Rejection{reason, std::move(detail)}; }

bool lists_field(const pb::Op& op, std::uint32_t field) {
  const auto& f = op.patch().fields();
  return std::find(f.begin(), f.end(), field) != f.end();
}

}  // namespace

const pb::Element* record_element(const pb::Op& op) {
  if (op.has_put() && op.put().has_element()) return &op.put().element();
  if (op.has_patch() && op.patch().value().has_element()) return &op.patch().value().element();
  return nullptr;
}

const pb::Link* record_link(const pb::Op& op) {
  if (op.has_put() && op.put().has_link()) return &op.put().link();
  if (op.has_patch() && op.patch().value().has_link()) return &op.patch().value().link();
  return nullptr;
}

std::string op_id(const pb::Op& op) {
  if (op.has_remove()) return op.remove().id();
  const pb::Record* r = op.has_put() ? &op.put() : op.has_patch() ? &op.patch().value() : nullptr;
  if (!r) return {};
  if (r->has_element()) return r->element().id();
  if (r->has_link()) return r->link().id();
  if (r->has_row()) return r->row().id();
  if (r->has_risk()) return r->risk().id();
  if (r->has_measure()) return r->measure().id();
  return {};
}

Check Facilitation::command(const Actor& actor, const pb::Facilitate& cmd, const StrategyMap& map, std::int64_t now_ms,
                            const Members& members, Effects* effects) {
  if (actor.role == pb::OBSERVER) return refuse(pb::READ_ONLY, "observers cannot run the workshop");
  if (actor.role != pb::FACILITATOR) return refuse(pb::FORBIDDEN, "only the facilitator can do that");
  switch (cmd.command_case()) {
    case pb::Facilitate::kPhase:
      if (!pb::WorkshopPhase_IsValid(cmd.phase()) || cmd.phase() == pb::WORKSHOP_PHASE_UNSPECIFIED)
        return refuse(pb::INVALID_VALUE, "unknown workshop phase");
      state_.set_phase(cmd.phase());
      effects->event_kind = "phase";
      return std::nullopt;
    case pb::Facilitate::kTimer: effects->event_kind = "timer"; return timer(cmd.timer(), now_ms);
    case pb::Facilitate::kStartVote: effects->event_kind = "vote.start"; return start_vote(cmd.start_vote(), map);
    case pb::Facilitate::kRevealVote:
      if (!state_.has_vote()) return refuse(pb::NO_VOTE, "no vote is running");
      state_.mutable_vote()->set_revealed(true);
      effects->event_kind = "vote.reveal";
      return std::nullopt;
    case pb::Facilitate::kEndVote:
      if (!state_.has_vote()) return refuse(pb::NO_VOTE, "no vote is running");
      state_.clear_vote();
      ballots_.clear();
      effects->event_kind = "vote.end";
      return std::nullopt;
    case pb::Facilitate::kFollow:
      state_.set_follow_session(cmd.follow().on() ? actor.session_id : 0);
      state_.set_take_control(cmd.follow().on() && cmd.follow().take_control());
      effects->event_kind = "follow";
      return std::nullopt;
    case pb::Facilitate::kSpotlight:
      if (!cmd.spotlight().empty()) {
        if (hidden_from(cmd.spotlight(), actor)) return refuse(pb::PRIVATE, "that card is still private");
        if (!map.element(cmd.spotlight())) return refuse(pb::NOT_FOUND, "no element " + cmd.spotlight());
      }
      state_.set_spotlight(cmd.spotlight());
      effects->event_kind = "spotlight";
      return std::nullopt;
    case pb::Facilitate::kLock: effects->event_kind = "lock"; return lock(cmd.lock(), map);
    case pb::Facilitate::kPrivateMode:
      if (cmd.private_mode() == state_.private_mode())
        return refuse(pb::CONFLICT, cmd.private_mode() ? "private mode is already on" : "private mode is not on");
      if (!cmd.private_mode()) end_private_mode(map, effects);
      state_.set_private_mode(cmd.private_mode());
      effects->event_kind = cmd.private_mode() ? "private.on" : "private.reveal";
      return std::nullopt;
    case pb::Facilitate::kRemoveSession: {
      auto it = members.find(cmd.remove_session());
      if (it == members.end()) return refuse(pb::NOT_FOUND, "no session " + std::to_string(cmd.remove_session()));
      if (it->second.role == pb::FACILITATOR) return refuse(pb::FORBIDDEN, "a facilitator cannot be removed");
      effects->remove_session = cmd.remove_session();
      effects->event_kind = "remove";
      return std::nullopt;
    }
    case pb::Facilitate::kSetRole: {
      const pb::SetRole& set = cmd.set_role();
      auto it = members.find(set.session_id());
      if (it == members.end()) return refuse(pb::NOT_FOUND, "no session " + std::to_string(set.session_id()));
      if (it->second.role == pb::FACILITATOR) return refuse(pb::FORBIDDEN, "a facilitator's role cannot be changed");
      if (set.role() != pb::PARTICIPANT && set.role() != pb::OBSERVER)
        return refuse(pb::INVALID_VALUE, "a session can be made a participant or an observer");
      effects->set_role = set;
      effects->event_kind = "role";
      return std::nullopt;
    }
    case pb::Facilitate::kStartBreakouts:
      effects->event_kind = "breakout.start";
      return start_breakouts(cmd.start_breakouts(), members, map);
    case pb::Facilitate::kEndBreakouts: effects->event_kind = "breakout.end"; return end_breakouts(map, effects);
    case pb::Facilitate::kMerge: effects->event_kind = "breakout.merge"; return merge(cmd.merge(), map, effects);
    case pb::Facilitate::kAssign:
      effects->event_kind = "breakout.assign";
      return assign(cmd.assign(), members, map, effects);
    case pb::Facilitate::COMMAND_NOT_SET: break;
  }
  return refuse(pb::MALFORMED, "Facilitate has no command");
}

Check Facilitation::timer(const pb::TimerCommand& cmd, std::int64_t now_ms) {
  pb::TimerState& t = *state_.mutable_timer();
  const bool needs_seconds = cmd.action() == pb::TimerCommand::START || cmd.action() == pb::TimerCommand::ADD;
  if (needs_seconds && (cmd.seconds() == 0 || cmd.seconds() > kMaxTimerSeconds))
    return refuse(pb::OUT_OF_BOUNDS, "timer seconds must be 1.." + std::to_string(kMaxTimerSeconds));
  const std::int64_t add_ms = std::int64_t{cmd.seconds()} * 1000;
  switch (cmd.action()) {
    case pb::TimerCommand::START:
      t.Clear();
      t.set_running(true);
      t.set_ends_at_ms(now_ms + add_ms);
      t.set_duration_s(cmd.seconds());
      return std::nullopt;
    case pb::TimerCommand::PAUSE:
      if (!t.running()) return refuse(pb::CONFLICT, "the timer is not running");
      t.set_running(false);
      t.set_remaining_ms(std::max<std::int64_t>(0, t.ends_at_ms() - now_ms));
      t.set_ends_at_ms(0);
      return std::nullopt;
    case pb::TimerCommand::RESUME:
      if (t.running() || t.duration_s() == 0) return refuse(pb::CONFLICT, "the timer is not paused");
      t.set_running(true);
      t.set_ends_at_ms(now_ms + t.remaining_ms());
      t.set_remaining_ms(0);
      return std::nullopt;
    case pb::TimerCommand::ADD:
      if (t.duration_s() == 0) return refuse(pb::CONFLICT, "no timer to add to");
      if (t.duration_s() + cmd.seconds() > kMaxTimerSeconds) return refuse(pb::OUT_OF_BOUNDS, "timer too long");
      t.set_duration_s(t.duration_s() + cmd.seconds());
      if (t.running())
        t.set_ends_at_ms(std::max(t.ends_at_ms(), now_ms) + add_ms);
      else
        t.set_remaining_ms(t.remaining_ms() + add_ms);
      return std::nullopt;
    case pb::TimerCommand::STOP: t.Clear(); return std::nullopt;
    default: return refuse(pb::INVALID_VALUE, "unknown timer action");
  }
}

Check Facilitation::start_vote(const pb::StartVote& start, const StrategyMap& map) {
  if (start.votes_per_person() == 0 || start.votes_per_person() > kMaxVotesPerPerson)
    return refuse(pb::OUT_OF_BOUNDS, "votes per person must be 1.." + std::to_string(kMaxVotesPerPerson));
  std::vector<std::string> candidates(start.elements().begin(), start.elements().end());
  if (!start.row().empty()) {
    if (!map.row(start.row())) return refuse(pb::NOT_FOUND, "no row " + start.row());
    for (const auto& [id, e] : map.elements())
      if (e.row() == start.row() && !scopes_.count(id)) candidates.push_back(id);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  if (candidates.empty()) return refuse(pb::INVALID_VALUE, "a vote needs at least one element");
  if (candidates.size() > kMaxCandidates) return refuse(pb::TOO_MANY, "too many elements for one vote");
  for (const auto& id : candidates) {
    if (scopes_.count(id)) return refuse(pb::PRIVATE, "card " + id + " is still private or on a group's board");
    if (!map.element(id)) return refuse(pb::NOT_FOUND, "no element " + id);
  }
  const std::uint64_t id = state_.has_vote() ? state_.vote().id() + 1 : 1;
  pb::VoteState& v = *state_.mutable_vote();
  v.Clear();
  v.set_id(id);
  for (auto& c : candidates) v.add_elements(std::move(c));
  v.set_votes_per_person(start.votes_per_person());
  ballots_.clear();
  return std::nullopt;
}

Check Facilitation::vote(const Actor& actor, const pb::CastVote& cast) {
  if (actor.role == pb::OBSERVER) return refuse(pb::READ_ONLY, "observers do not vote");
  if (!state_.has_vote()) return refuse(pb::NO_VOTE, "no vote is running");
  const pb::VoteState& v = state_.vote();
  if (v.revealed()) return refuse(pb::NO_VOTE, "the vote is revealed; votes are closed");
  if (!std::binary_search(v.elements().begin(), v.elements().end(), cast.element()))
    return refuse(pb::NO_VOTE, "element " + cast.element() + " is not in this vote");
  if (cast.delta() != 1 && cast.delta() != -1) return refuse(pb::INVALID_VALUE, "a vote's delta is +1 or -1");
  auto& mine = ballots_[*actor.key];
  std::uint32_t used = 0;
  for (const auto& [id, n] : mine) used += n;
  std::uint32_t& here = mine[cast.element()];
  if (cast.delta() > 0) {
    if (used >= v.votes_per_person())
      return refuse(pb::NO_VOTE, "no votes left (" + std::to_string(v.votes_per_person()) + " each)");
    ++here;
    state_.mutable_vote()->set_ballots_cast(v.ballots_cast() + 1);
  } else {
    if (here == 0) {
      mine.erase(cast.element());
      return refuse(pb::NO_VOTE, "no vote of yours on " + cast.element());
    }
    if (--here == 0) mine.erase(cast.element());
    state_.mutable_vote()->set_ballots_cast(v.ballots_cast() - 1);
  }
  return std::nullopt;
}

Check Facilitation::lock(const pb::LockCommand& cmd, const StrategyMap& map) {
  switch (cmd.target_case()) {
    case pb::LockCommand::kElement:
      if (cmd.locked() && !map.element(cmd.element())) return refuse(pb::NOT_FOUND, "no element " + cmd.element());
      if (cmd.locked())
        locked_elements_.insert(cmd.element());
      else
        locked_elements_.erase(cmd.element());
      break;
    case pb::LockCommand::kRow:
      if (cmd.locked() && !map.row(cmd.row())) return refuse(pb::NOT_FOUND, "no row " + cmd.row());
      if (cmd.locked())
        locked_rows_.insert(cmd.row());
      else
        locked_rows_.erase(cmd.row());
      break;
    case pb::LockCommand::kBoard: state_.mutable_locks()->set_board(cmd.locked()); break;
    case pb::LockCommand::TARGET_NOT_SET: return refuse(pb::MALFORMED, "lock names no element, row or board");
  }
  pb::Locks& locks = *state_.mutable_locks();
  locks.mutable_elements()->Assign(locked_elements_.begin(), locked_elements_.end());
  locks.mutable_rows()->Assign(locked_rows_.begin(), locked_rows_.end());
  return std::nullopt;
}

bool Facilitation::element_locked(const std::string& id, const StrategyMap& map) const {
  if (locked_elements_.count(id)) return true;
  const pb::Element* e = map.element(id);
  return e && locked_rows_.count(e->row());
}

Check Facilitation::locked(const pb::Op& op, const StrategyMap& map) const {
  const std::string id = op_id(op);
  const bool is_row = (op.has_remove() && op.remove().type() == pb::ROW) || (op.has_put() && op.put().has_row()) ||
                      (op.has_patch() && op.patch().value().has_row());
  const bool is_link = (op.has_remove() && op.remove().type() == pb::LINK) || record_link(op);
  if (is_row) {
    if (locked_rows_.count(id)) return refuse(pb::LOCKED, "row " + id + " is locked by the facilitator");
    return std::nullopt;
  }
  if (is_link) {
    const pb::Link* existing = map.link(id);
    const pb::Link* incoming = record_link(op);
    for (const pb::Link* l : {existing, incoming}) {
      if (!l) continue;
      for (const std::string* end : {&l->from(), &l->to()})
        if (!end->empty() && element_locked(*end, map))
          return refuse(pb::LOCKED, "card " + *end + " is locked by the facilitator");
    }
    return std::nullopt;
  }
  if (element_locked(id, map)) return refuse(pb::LOCKED, "card " + id + " is locked by the facilitator");
  // A card may not move into a locked row either.
  if (const pb::Element* e = record_element(op);
      e && (op.has_put() || lists_field(op, 3)) && locked_rows_.count(e->row()))
    return refuse(pb::LOCKED, "row " + e->row() + " is locked by the facilitator");
  return std::nullopt;
}

Check Facilitation::check_ops(const Actor& actor, const google::protobuf::RepeatedPtrField<pb::Op>& ops,
                              const StrategyMap& map) const {
  if (state_.locks().board() && !ops.empty()) return refuse(pb::LOCKED, "the board is locked by the facilitator");
  for (const pb::Op& op : ops) {
    if (auto bad = locked(op, map)) return bad;
    if (auto bad = check_board(actor, op, map)) return bad;
    // Others' private cards do not exist for this person: no edit, no arrow to them.
    if (hidden_from(op_id(op), actor)) return refuse(pb::PRIVATE, "that id belongs to a private card");
    if (const pb::Link* l = record_link(op); l && (hidden_from(l->from(), actor) || hidden_from(l->to(), actor)))
      return refuse(pb::PRIVATE, "an arrow cannot reach another participant's private card");
    const pb::Record* r = op.has_put() ? &op.put() : op.has_patch() ? &op.patch().value() : nullptr;
    if (r && r->has_risk() && hidden_from(r->risk().target(), actor))
      return refuse(pb::PRIVATE, "a risk cannot name another participant's private card");
    if (r && r->has_measure() && hidden_from(r->measure().element(), actor))
      return refuse(pb::PRIVATE, "a measure cannot name another participant's private card");
  }
  return std::nullopt;
}

std::set<std::string> Facilitation::becoming_private(const Actor& actor,
                                                     const google::protobuf::RepeatedPtrField<pb::Op>& ops,
                                                     const StrategyMap& map) const {
  std::set<std::string> fresh;
  if (!state_.private_mode() || actor.role != pb::PARTICIPANT) return fresh;
  for (const pb::Op& op : ops)
    if (op.has_put() && op.put().has_element() && !map.element(op.put().element().id()))
      fresh.insert(op.put().element().id());
  return fresh;
}

}  // namespace pss::server
