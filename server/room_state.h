// RoomState: everything one room knows and decides, with no I/O, no threads and no
// clock: the map, the members, the per-client sequence numbers and what is waiting
// for the next broadcast. Room (room.h) runs it on the room's strand and carries its
// output to the sessions; unit tests drive it directly.
//
// Output is a list of (session id, chunks) per recipient. Order inside one recipient's
// list is the order the client must see: the shared Patch first, then that
// recipient's own PushResults (so an author applies the canonical ops before it drops
// its pending push), then the others' presence (droppable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"
#include "send_queue.h"

namespace pss::server {

struct RoomConfig {
  Limits limits;
  std::size_t max_sessions = 2000;
  std::size_t max_message_bytes = 256 * 1024;  // announced in Welcome.limits
};

class RoomState {
 public:
  using Deliveries = std::vector<std::pair<std::uint32_t, std::vector<Chunk>>>;

  struct JoinResult {
    Check refused;        // set: the session may not join (the room is full)
    Deliveries flushed;   // what was pending, sent to the existing members first
    Chunk welcome;        // for the joiner
    Chunk peer_joined;    // for everyone else
  };

  RoomState(std::string name, RoomConfig config);

  // Adds a session (the Hello is already validated). Anything pending is flushed first,
  // so the Welcome's clock is the clock every member has been sent: a later Patch never
  // repeats a change the snapshot already holds.
  JoinResult join(std::uint32_t session_id, const pb::Hello& hello);
  // Removes a session; returns PeerLeft for the others (empty chunk if unknown).
  Chunk leave(std::uint32_t session_id);

  // Sequence check, apply, queue Change + PushResult (or a rejected PushResult).
  // Unknown sessions (refused joins) are ignored.
  void push(std::uint32_t session_id, const pb::Push& push);
  // Latest presence of a session (already validated); replaces an unsent older one.
  void presence(std::uint32_t session_id, pb::Presence presence);

  bool has_pending() const;
  // Encodes what is pending (one Patch for all, PushResults per author, presence of
  // others) and forgets it.
  Deliveries flush();

  const std::string& name() const { return name_; }
  std::size_t session_count() const { return members_.size(); }
  bool has_session(std::uint32_t session_id) const { return members_.count(session_id) != 0; }
  std::vector<std::uint32_t> session_ids() const;
  const StrategyMap& map() const { return map_; }
  std::uint64_t clock() const { return map_.clock(); }
  // How often the full snapshot was serialized (joiners at one clock share one).
  std::size_t snapshot_encodings() const { return snapshot_encodings_; }

 private:
  struct Member {
    pb::Peer peer;
    Identity identity;
    std::string seq_key;   // client_id, or a per-session key when the client gave none
    std::string results;   // encoded PushResult frames since the last flush
  };

  const std::string& snapshot_bytes();
  pb::Welcome make_welcome(std::uint32_t session_id, const Member& member, const pb::Hello& hello,
                           const std::string** snapshot);

  std::string name_;
  RoomConfig config_;
  StrategyMap map_;
  std::map<std::uint32_t, Member> members_;
  std::unordered_map<std::string, std::uint64_t> last_seq_;  // client -> highest client_seq processed
  pb::Patch pending_patch_;
  std::map<std::uint32_t, pb::Presence> pending_presence_;
  std::size_t pending_results_ = 0;

  std::string snapshot_cache_;
  std::uint64_t snapshot_cache_clock_ = 0;
  bool snapshot_cached_ = false;
  std::size_t snapshot_encodings_ = 0;
};

}  // namespace pss::server
