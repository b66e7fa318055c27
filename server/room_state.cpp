#include "room_state.h"

#include <algorithm>

#include "palette.h"
#include "protocol/protocol.h"
#include "wire.h"

namespace pss::server {
namespace {

std::uint32_t clamp32(std::size_t v) { return static_cast<std::uint32_t>(std::min<std::size_t>(v, UINT32_MAX)); }

}  // namespace

RoomState::RoomState(std::string name, RoomConfig config)
    : name_(std::move(name)), config_(config), map_(StrategyMap::with_default_rows(config.limits)) {}

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

  // last_clock 0 means "nothing": the default rows sit at clock 0, so a diff from 0
  // would miss them. changes_since() says nullopt when it cannot produce a diff.
  std::optional<std::vector<pb::Op>> changes;
  if (hello.last_clock() != 0) changes = map_.changes_since(hello.last_clock());
  if (changes) {
    w.set_full(false);
    for (auto& op : *changes) w.mutable_changes()->Add(std::move(op));
    *snapshot = nullptr;
  } else {
    w.set_full(true);
    *snapshot = &snapshot_bytes();
  }
  return w;
}

RoomState::JoinResult RoomState::join(std::uint32_t session_id, const pb::Hello& hello) {
  JoinResult result;
  if (members_.size() >= config_.max_sessions) {
    result.refused = Rejection{pb::ROOM_FULL, "room " + name_ + " is full (" + std::to_string(config_.max_sessions) +
                                                  " sessions)"};
    return result;
  }
  if (has_pending()) result.flushed = flush();

  Member member;
  member.peer.set_session_id(session_id);
  member.peer.set_display_name(hello.display_name());
  member.peer.set_color(session_color(session_id));
  member.peer.set_group(hello.group());
  member.identity = Identity{hello.display_name(), hello.group()};
  // '#' is not allowed in client ids, so a per-session key never collides with one.
  member.seq_key = hello.client_id().empty() ? "#session-" + std::to_string(session_id) : hello.client_id();

  const std::string* snapshot = nullptr;
  const pb::Welcome welcome = make_welcome(session_id, member, hello, &snapshot);
  result.welcome = Chunk::whole(encode_welcome(welcome, snapshot));

  pb::ServerMessage joined;
  *joined.mutable_peer_joined()->mutable_peer() = member.peer;
  result.peer_joined = Chunk::whole(encode_frame(joined));

  members_.emplace(session_id, std::move(member));
  return result;
}

Chunk RoomState::leave(std::uint32_t session_id) {
  auto it = members_.find(session_id);
  if (it == members_.end()) return {};
  pending_results_ -= it->second.results.empty() ? 0 : 1;
  members_.erase(it);
  pending_presence_.erase(session_id);
  pb::ServerMessage left;
  left.mutable_peer_left()->set_session_id(session_id);
  return Chunk::whole(encode_frame(left));
}

void RoomState::push(std::uint32_t session_id, const pb::Push& push) {
  auto it = members_.find(session_id);
  if (it == members_.end()) return;
  Member& member = it->second;

  pb::PushResult result;
  result.set_client_seq(push.client_seq());
  std::uint64_t& last = last_seq_[member.seq_key];
  if (push.client_seq() <= last) {
    result.set_reason(pb::STALE_SEQUENCE);
    result.set_detail("client_seq " + std::to_string(push.client_seq()) + " is not above " + std::to_string(last));
  } else {
    last = push.client_seq();  // processed, whether it commits or not
    std::vector<pb::Op> applied;
    if (auto failed = map_.apply(push.ops(), ApplyContext{map_.clock() + 1, &member.identity}, &applied)) {
      result.set_reason(failed->reason);
      result.set_detail(std::move(failed->detail));
    } else {
      pb::Change* change = pending_patch_.add_changes();
      change->set_clock(map_.clock());
      change->set_session_id(session_id);
      change->mutable_ops()->Reserve(static_cast<int>(applied.size()));
      for (auto& op : applied) change->mutable_ops()->Add(std::move(op));
      result.set_committed(true);
      result.set_clock(map_.clock());
    }
  }
  if (member.results.empty()) ++pending_results_;
  member.results += encode_push_result(result);
}

void RoomState::presence(std::uint32_t session_id, pb::Presence presence) {
  if (!members_.count(session_id)) return;
  pending_presence_[session_id] = std::move(presence);
}

bool RoomState::has_pending() const {
  return pending_patch_.changes_size() > 0 || pending_results_ > 0 || !pending_presence_.empty();
}

RoomState::Deliveries RoomState::flush() {
  std::shared_ptr<const std::string> patch;
  if (pending_patch_.changes_size() > 0) {
    pb::ServerMessage m;
    m.mutable_patch()->Swap(&pending_patch_);
    patch = std::make_shared<const std::string>(encode_frame(m));
  }

  // All presence in one buffer, one ServerMessage per sender, so a sender's own
  // update can be cut out by slicing: it gets the bytes before and after its span.
  struct Span { std::uint32_t session_id; std::size_t begin, end; };
  std::vector<Span> spans;
  std::shared_ptr<const std::string> presence;
  if (!pending_presence_.empty()) {
    std::string all;
    for (auto& [id, p] : pending_presence_) {
      pb::ServerMessage m;
      pb::PeerPresence* peer = m.mutable_presence()->add_peers();
      peer->set_session_id(id);
      peer->mutable_presence()->Swap(&p);
      const std::size_t begin = all.size();
      append_frame(m, all);
      spans.push_back({id, begin, all.size()});
    }
    pending_presence_.clear();
    presence = std::make_shared<const std::string>(std::move(all));
  }

  Deliveries out;
  out.reserve(members_.size());
  for (auto& [id, member] : members_) {
    std::vector<Chunk> chunks;
    if (patch) chunks.push_back(Chunk::whole(patch));
    if (!member.results.empty()) chunks.push_back(Chunk::whole(std::exchange(member.results, {})));
    if (presence) {
      auto own = std::lower_bound(spans.begin(), spans.end(), id,
                                  [](const Span& s, std::uint32_t v) { return s.session_id < v; });
      if (own == spans.end() || own->session_id != id) {
        chunks.push_back(Chunk::whole(presence, true));
      } else {
        if (own->begin > 0) chunks.push_back(Chunk{presence, 0, own->begin, true});
        if (own->end < presence->size()) chunks.push_back(Chunk{presence, own->end, presence->size() - own->end, true});
      }
    }
    if (!chunks.empty()) out.emplace_back(id, std::move(chunks));
  }
  pending_results_ = 0;
  return out;
}

}  // namespace pss::server
