#include "room_state.h"

#include <algorithm>
#include <set>

#include "protocol/palette.h"
#include "protocol/protocol.h"
#include "wire.h"

namespace pss::server {
namespace {

std::uint32_t clamp32(std::size_t v) { return static_cast<std::uint32_t>(std::min<std::size_t>(v, UINT32_MAX)); }

}  // namespace

RoomState::RoomState(std::string name, RoomConfig config)
    : name_(std::move(name)),
      config_(config),
      map_(StrategyMap::with_default_rows(config.limits)),
      stage_(config.max_cursors) {}

RoomState::RoomState(std::string name, RoomConfig config, StrategyMap map,
                     const std::map<std::string, std::uint64_t>& last_client_seq)
    : name_(std::move(name)),
      config_(config),
      map_(std::move(map)),
      durable_clock_(map_.clock()),
      stage_(config.max_cursors) {
  last_seq_.insert(last_client_seq.begin(), last_client_seq.end());
}

std::vector<std::uint32_t> RoomState::session_ids() const {
  std::vector<std::uint32_t> ids;
  ids.reserve(members_.size());
  for (const auto& [id, member] : members_) ids.push_back(id);
  return ids;
}

const std::string& RoomState::snapshot_bytes() {
  // The map changes only through committed pushes, each of which advances the clock.
  if (!snapshot_cached_ || snapshot_cache_clock_ != map_.clock()) {
    snapshot_cache_ = map_.snapshot_bytes();
    snapshot_cache_clock_ = map_.clock();
    snapshot_cached_ = true;
    ++snapshot_encodings_;
  }
  return snapshot_cache_;
}

pb::Welcome RoomState::make_welcome(std::uint32_t session_id, const Member& member, const pb::Hello& hello,
                                    const std::string** snapshot) {
  pb::Welcome w;
  w.set_session_id(session_id);
  w.set_color(member.peer.color());
  w.set_clock(map_.clock());
  w.set_room(name_);
  auto* limits = w.mutable_limits();
  limits->set_max_message_bytes(clamp32(config_.max_message_bytes));
  limits->set_max_ops_per_push(clamp32(config_.limits.max_ops_per_push));
  limits->set_max_elements(clamp32(config_.limits.max_elements));
  limits->set_max_links(clamp32(config_.limits.max_links));
  if (auto it = last_seq_.find(member.seq_key); it != last_seq_.end()) w.set_last_client_seq(it->second);
  for (const auto& [id, other] : members_) *w.add_peers() = other.peer;
  for (const auto& [id, ghost] : ghosts_) *w.add_peers() = ghost;
  w.set_role(member.role);
  const Actor viewer = actor(session_id, member);
  *w.mutable_facilitation() = facilitation_.state_for(viewer);
  const bool filtered = facilitation_.hides_anything_from(viewer);

  // last_clock 0 means "nothing": the default rows sit at clock 0, so a diff from 0
  // would miss them. changes_since() says nullopt when it cannot produce a diff.
  std::optional<std::vector<pb::Op>> changes;
  if (hello.last_clock() != 0) changes = map_.changes_since(hello.last_clock());
  if (changes) {
    w.set_full(false);
    if (filtered) facilitation_.filter(*changes, viewer);
    for (auto& op : *changes) w.mutable_changes()->Add(std::move(op));
    *snapshot = nullptr;
  } else if (filtered) {  // others' private cards: this joiner gets a snapshot of its own
    w.set_full(true);
    *w.mutable_snapshot() = map_.snapshot();
    facilitation_.filter(*w.mutable_snapshot(), viewer);
    *snapshot = nullptr;
  } else {
    w.set_full(true);
    *snapshot = &snapshot_bytes();
  }
  return w;
}

RoomState::JoinResult RoomState::join(std::uint32_t session_id, const pb::Hello& hello, pb::Role role) {
  JoinResult result;
  if (members_.size() >= config_.max_sessions) {
    result.refused =
        Rejection{pb::ROOM_FULL, "room " + name_ + " is full (" + std::to_string(config_.max_sessions) + " sessions)"};
    return result;
  }
  // '#' is not allowed in client ids, so a per-session key never collides with one.
  const std::string seq_key = hello.client_id().empty() ? "#session-" + std::to_string(session_id) : hello.client_id();
  if (removed_.count(seq_key)) {
    result.refused = Rejection{pb::REMOVED, "the facilitator removed you from room " + name_};
    return result;
  }
  // The Room holds joins back while a commit is not durable (the snapshot below must
  // not show it yet).
  if (has_pending()) result.flushed = flush();

  Member member;
  member.peer.set_session_id(session_id);
  member.peer.set_display_name(hello.display_name());
  member.peer.set_color(session_color(session_id));
  member.peer.set_group(hello.group());
  member.peer.set_role(role);
  member.role = role;
  member.identity = Identity{hello.display_name(), hello.group()};
  member.seq_key = seq_key;

  const std::string* snapshot = nullptr;
  const pb::Welcome welcome = make_welcome(session_id, member, hello, &snapshot);
  result.welcome = Chunk::whole(encode_welcome(welcome, snapshot));

  pb::ServerMessage joined;
  *joined.mutable_peer_joined()->mutable_peer() = member.peer;
  result.peer_joined = Chunk::whole(encode_frame(joined));

  members_.emplace(session_id, std::move(member));
  stage_.join(session_id, role == pb::FACILITATOR);
  refresh_online();
  return result;
}

Facilitation::Members RoomState::actors() const {
  Facilitation::Members all;
  for (const auto& [id, m] : members_) all.emplace(id, actor(id, m));
  return all;
}

void RoomState::refresh_online() {
  if (!facilitation_.state().has_breakouts() || !facilitation_.state().breakouts().running()) return;
  facilitation_.set_online(actors());
  state_dirty_ = true;
}

void RoomState::note_scopes(std::vector<Scope> scopes) {
  if (std::any_of(scopes.begin(), scopes.end(), [](const Scope& s) { return !s.empty(); }))
    hidden_[map_.clock()] = std::move(scopes);
}

bool RoomState::restore_facilitation(const std::string& bytes) {
  pb::StoredFacilitation stored;
  if (!stored.ParseFromString(bytes)) return false;
  facilitation_.restore(stored, map_, &removed_);
  stored_revision_ = facilitation_.revision();
  return true;
}

std::optional<std::string> RoomState::facilitation_to_store() {
  if (!config_.durable || facilitation_.revision() == stored_revision_) return std::nullopt;
  stored_revision_ = facilitation_.revision();
  return facilitation_.save(removed_).SerializeAsString();
}

Chunk RoomState::leave(std::uint32_t session_id) {
  auto it = members_.find(session_id);
  if (it == members_.end()) return {};
  pending_results_ -= it->second.results.empty() ? 0 : 1;
  members_.erase(it);
  pending_presence_.erase(session_id);
  stage_.leave(session_id);                                    // whoever takes the seat shows with their next presence
  if (facilitation_.state().follow_session() == session_id) {  // the leader left: nobody follows
    facilitation_.stop_following();
    state_dirty_ = true;
  }
  refresh_online();
  pb::ServerMessage left;
  left.mutable_peer_left()->set_session_id(session_id);
  return Chunk::whole(encode_frame(left));
}

std::optional<Commit> RoomState::push(std::uint32_t session_id, const pb::Push& push) {
  auto it = members_.find(session_id);
  if (it == members_.end()) return std::nullopt;
  Member& member = it->second;

  pb::PushResult result;
  result.set_client_seq(push.client_seq());
  std::uint64_t& last = last_seq_[member.seq_key];
  if (config_.read_only) {
    result.set_reason(pb::READ_ONLY);
    result.set_detail("room " + name_ + " is a read-only replay");
  } else if (member.role == pb::OBSERVER) {
    result.set_reason(pb::READ_ONLY);
    result.set_detail("observers cannot edit");
  } else if (push.client_seq() <= last) {
    result.set_reason(pb::STALE_SEQUENCE);
    result.set_detail("client_seq " + std::to_string(push.client_seq()) + " is not above " + std::to_string(last));
  } else {
    last = push.client_seq();  // processed, whether it commits or not
    std::vector<pb::Op> applied;
    const Actor who = actor(session_id, member);
    Check failed = facilitation_.check_ops(who, push.ops(), map_);
    const std::set<std::string> fresh =
        failed ? std::set<std::string>{} : facilitation_.becoming_private(who, push.ops(), map_);
    if (!failed) failed = map_.apply(push.ops(), ApplyContext{map_.clock() + 1, &member.identity}, &applied);
    if (failed) {
      result.set_reason(failed->reason);
      result.set_detail(std::move(failed->detail));
    } else {
      note_scopes(facilitation_.committed(who, applied, fresh));
      result.set_committed(true);
      result.set_clock(map_.clock());
      if (auto c = commit(session_id, member, std::move(applied), encode_push_result(result), push.client_seq()))
        return c;
      queue_result(member, result);
      return std::nullopt;
    }
  }
  if (!held_.empty()) {  // behind a commit that is not durable yet: keep the order
    held_.push_back(Held{session_id, encode_push_result(result), std::nullopt});
  } else {
    queue_result(member, result);
  }
  return std::nullopt;
}

std::optional<Commit> RoomState::commit(std::uint32_t session_id, Member& member, std::vector<pb::Op> applied,
                                        std::string result, std::uint64_t client_seq) {
  pb::Change change;
  change.set_clock(map_.clock());
  change.set_session_id(session_id);
  if (const std::uint32_t off = stage_.edited(session_id)) {
    pb::Presence hide;  // its cursor leaves everyone's screen
    hide.set_cursor_visible(false);
    pending_presence_[off] = std::move(hide);
  }
  change.mutable_ops()->Reserve(static_cast<int>(applied.size()));
  for (auto& op : applied) change.mutable_ops()->Add(std::move(op));
  if (config_.durable) {
    held_.push_back(Held{session_id, std::move(result), std::move(change)});
    return Commit{&*held_.back().change, &member.identity.name, &member.seq_key, client_seq};
  }
  pending_patch_.add_changes()->Swap(&change);
  durable_clock_ = map_.clock();
  return std::nullopt;
}

void RoomState::queue_result(Member& member, const pb::PushResult& result) {
  queue_frame(member, encode_push_result(result));
}

void RoomState::queue_frame(Member& member, std::string frame) {
  if (member.results.empty()) ++pending_results_;
  member.results += frame;
}

RoomState::FacilitateResult RoomState::facilitate(std::uint32_t session_id, const pb::Facilitate& cmd,
                                                  std::int64_t now_ms) {
  FacilitateResult out;
  auto it = members_.find(session_id);
  if (it == members_.end()) return out;
  Member& member = it->second;
  Facilitation::Effects effects;
  out.refused = facilitation_.command(actor(session_id, member), cmd, map_, now_ms, actors(), &effects);
  if (out.refused) {
    queue_frame(member, encode_error(out.refused->reason, out.refused->detail));
    return out;
  }
  state_dirty_ = true;
  facilitation_.touch();
  out.event_kind = effects.event_kind;
  if (!effects.reveal.empty()) {  // private or group cards put again for those who now see them, as one change
    std::vector<pb::Op> applied;
    if (auto failed = map_.apply(effects.reveal, ApplyContext{map_.clock() + 1, nullptr}, &applied)) {
      // Cannot happen (the records are the map's own); keep the room consistent anyway.
      queue_frame(member, encode_error(failed->reason, "reveal: " + failed->detail));
    } else {
      note_scopes(std::move(effects.reveal_scopes));
      out.commit = commit(session_id, member, std::move(applied), {}, last_seq_[member.seq_key]);
    }
  }
  if (effects.set_role) {
    Member& target = members_.at(effects.set_role->session_id());
    target.role = effects.set_role->role();
    target.peer.set_role(target.role);
    refresh_online();
    pb::ServerMessage updated;
    *updated.mutable_peer_updated()->mutable_peer() = target.peer;
    out.peer_updated = Chunk::whole(encode_frame(updated));
  }
  if (effects.remove_session) {
    removed_.insert(members_.at(effects.remove_session).seq_key);
    out.removed = effects.remove_session;
    out.peer_left = leave(effects.remove_session);
  }
  return out;
}

Check RoomState::vote(std::uint32_t session_id, const pb::CastVote& cast) {
  auto it = members_.find(session_id);
  if (it == members_.end()) return std::nullopt;
  Check refused = facilitation_.vote(actor(session_id, it->second), cast);
  if (refused) {
    queue_frame(it->second, encode_error(refused->reason, refused->detail));
  } else {
    state_dirty_ = true;
    facilitation_.touch();
  }
  return refused;
}

void RoomState::durable(std::uint64_t clock) {
  durable_clock_ = std::max(durable_clock_, clock);
  while (!held_.empty()) {
    Held& front = held_.front();
    if (front.change && front.change->clock() > durable_clock_) break;
    if (front.change) pending_patch_.add_changes()->Swap(&*front.change);
    // The author may have left meanwhile; its result then has nobody to go to.
    if (auto m = members_.find(front.session_id); m != members_.end() && !front.result.empty()) {
      if (m->second.results.empty()) ++pending_results_;
      m->second.results += front.result;
    }
    held_.pop_front();
  }
}

Check RoomState::apply_recorded(const pb::Change& change) {
  if (change.clock() != map_.clock() + 1)
    return Rejection{pb::INVALID_VALUE, "recorded change at clock " + std::to_string(change.clock()) +
                                            " does not follow clock " + std::to_string(map_.clock())};
  if (auto failed = map_.apply(change.ops(), ApplyContext{change.clock(), nullptr})) return failed;
  *pending_patch_.add_changes() = change;
  durable_clock_ = map_.clock();
  return std::nullopt;
}

Chunk RoomState::ghost_join(const pb::Peer& peer) {
  ghosts_[peer.session_id()] = peer;
  pb::ServerMessage joined;
  *joined.mutable_peer_joined()->mutable_peer() = peer;
  return Chunk::whole(encode_frame(joined));
}

Chunk RoomState::ghost_leave(std::uint32_t session_id) {
  if (!ghosts_.erase(session_id)) return {};
  pending_presence_.erase(session_id);
  pb::ServerMessage left;
  left.mutable_peer_left()->set_session_id(session_id);
  return Chunk::whole(encode_frame(left));
}

void RoomState::ghost_presence(std::uint32_t session_id, pb::Presence presence) {
  if (!ghosts_.count(session_id)) return;
  pending_presence_[session_id] = std::move(presence);
}

const pb::Peer* RoomState::peer(std::uint32_t session_id) const {
  auto it = members_.find(session_id);
  return it == members_.end() ? nullptr : &it->second.peer;
}

void RoomState::presence(std::uint32_t session_id, pb::Presence presence) {
  if (!members_.count(session_id) || !stage_.on_stage(session_id)) return;
  pending_presence_[session_id] = std::move(presence);
}

bool RoomState::has_pending() const {
  return pending_patch_.changes_size() > 0 || pending_results_ > 0 || !pending_presence_.empty() || state_dirty_;
}

}  // namespace pss::server
