// RoomState's output: what is pending, encoded once per distinct view and handed out
// per member (the shared Patch or the member's own cut of it, its PushResults, the
// facilitation state, others' presence).
#include <algorithm>

#include "room_state.h"
#include "wire.h"

namespace pss::server {

std::shared_ptr<const std::string> RoomState::patch_for(const std::vector<bool>& keep) const {
  pb::ServerMessage m;
  pb::Patch& patch = *m.mutable_patch();
  patch = pending_patch_;
  std::size_t j = 0;  // index into keep: the scoped ops of the whole Patch, in order
  for (pb::Change& change : *patch.mutable_changes()) {
    auto it = hidden_.find(change.clock());
    if (it == hidden_.end()) continue;
    // The change keeps its clock (no gaps) but loses what this viewer may not see.
    const std::vector<Scope>& scopes = it->second;
    google::protobuf::RepeatedPtrField<pb::Op> kept;
    for (int i = 0; i < change.ops_size(); ++i) {
      const bool scoped = static_cast<std::size_t>(i) < scopes.size() && !scopes[i].empty();
      if (!scoped || keep[j++]) kept.Add()->Swap(change.mutable_ops(i));
    }
    change.mutable_ops()->Swap(&kept);
  }
  return std::make_shared<const std::string>(encode_frame(m));
}

RoomState::Deliveries RoomState::flush() {
  std::shared_ptr<const std::string> patch;
  std::vector<const Scope*> scoped;  // ops of this Patch not everyone may see, in order
  for (const pb::Change& change : pending_patch_.changes())
    if (auto it = hidden_.find(change.clock()); it != hidden_.end())
      for (std::size_t i = 0; i < it->second.size() && i < static_cast<std::size_t>(change.ops_size()); ++i)
        if (!it->second[i].empty()) scoped.push_back(&it->second[i]);
  // Members who may see the same scoped ops share one encoding.
  std::map<std::uint32_t, std::shared_ptr<const std::string>> own_patch;
  if (pending_patch_.changes_size() > 0 && scoped.empty()) {  // the usual case: one encoding for all
    pb::ServerMessage m;
    m.mutable_patch()->Swap(&pending_patch_);
    patch = std::make_shared<const std::string>(encode_frame(m));
  } else if (pending_patch_.changes_size() > 0) {
    std::map<std::vector<bool>, std::shared_ptr<const std::string>> by_view;
    for (const auto& [id, member] : members_) {
      const Actor viewer = actor(id, member);
      std::vector<bool> keep(scoped.size());
      for (std::size_t j = 0; j < scoped.size(); ++j) keep[j] = facilitation_.visible(*scoped[j], viewer);
      auto& encoded = by_view[keep];
      if (!encoded) encoded = patch_for(keep);
      own_patch[id] = encoded;
    }
    for (const pb::Change& change : pending_patch_.changes()) hidden_.erase(change.clock());
    pending_patch_.Clear();
  }

  // All presence in one buffer, one ServerMessage per sender, so a sender's own
  // update can be cut out by slicing: it gets the bytes before and after its span.
  struct Span {
    std::uint32_t session_id;
    std::size_t begin, end;
  };
  std::vector<Span> spans;
  std::shared_ptr<const std::string> presence;
  // A selection naming records not everyone may see goes to each member filtered.
  std::vector<std::pair<std::uint32_t, pb::Presence>> scoped_presence;
  if (!pending_presence_.empty()) {
    std::string all;
    for (auto& [id, p] : pending_presence_) {
      if (facilitation_.any_scoped(p)) {
        scoped_presence.emplace_back(id, std::move(p));
        continue;
      }
      pb::ServerMessage m;
      pb::PeerPresence* peer = m.mutable_presence()->add_peers();
      peer->set_session_id(id);
      peer->mutable_presence()->Swap(&p);
      const std::size_t begin = all.size();
      append_frame(m, all);
      spans.push_back({id, begin, all.size()});
    }
    pending_presence_.clear();
    if (!all.empty()) presence = std::make_shared<const std::string>(std::move(all));
  }

  Deliveries out;
  out.reserve(members_.size());
  for (auto& [id, member] : members_) {
    std::vector<Chunk> chunks;
    if (patch) chunks.push_back(Chunk::whole(patch));
    if (auto own = own_patch.find(id); own != own_patch.end()) chunks.push_back(Chunk::whole(own->second));
    if (!member.results.empty()) chunks.push_back(Chunk::whole(std::exchange(member.results, {})));
    if (state_dirty_) {
      pb::ServerMessage m;
      *m.mutable_facilitation() = facilitation_.state_for(actor(id, member));
      chunks.push_back(Chunk::whole(encode_frame(m)));
    }
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
    for (const auto& [sender, p] : scoped_presence) {
      if (sender == id) continue;
      pb::ServerMessage m;
      pb::PeerPresence* peer = m.mutable_presence()->add_peers();
      peer->set_session_id(sender);
      *peer->mutable_presence() = p;
      facilitation_.filter(*peer->mutable_presence(), actor(id, member));
      chunks.push_back(Chunk::whole(std::make_shared<const std::string>(encode_frame(m)), true));
    }
    if (!chunks.empty()) out.emplace_back(id, std::move(chunks));
  }
  pending_results_ = 0;
  state_dirty_ = false;
  return out;
}

}  // namespace pss::server
