// RoomState: everything one room knows and decides, with no I/O, no threads and no
// clock: the map, the members, the per-client sequence numbers and what is waiting
// for the next broadcast. Room (room.h) runs it on the room's strand and carries its
// output to the sessions; unit tests drive it directly.
//
// Durable rooms (config.durable): a committed push is held back — neither broadcast
// nor answered — until durable(clock) says the store has it on disk, so no client
// ever sees a change a crash could take back. Rejections queued behind a held commit
// wait with it, so each author gets its results in push order.
//
// Replay rooms (config.read_only): client pushes are refused READ_ONLY; the recording
// arrives through apply_recorded() and the recorded people appear as ghost peers.
//
// Facilitation (facilitation.h): roles come with join(); observers' pushes are refused
// READ_ONLY, locks, others' private cards and other breakout boards refuse the ops that
// touch them, and ops on a record not everyone may see (its Scope) are cut out of the
// Patch for those who may not (one encoding per distinct view), as are their ids from
// presence selections. The facilitation state goes to each member in its own encoding,
// since it carries that member's own votes, private cards and group. Durable rooms hand
// it to the store whenever it changed (facilitation_to_store), so a restart keeps it.
//
// Output is a list of (session id, chunks) per recipient. Order inside one recipient's
// list is the order the client must see: the shared Patch first, then that
// recipient's own PushResults (so an author applies the canonical ops before it drops
// its pending push), then the others' presence (droppable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cursor_stage.h"
#include "facilitation.h"
#include "model/strategy_map.h"
#include "pss.pb.h"
#include "send_queue.h"

namespace pss::server {

struct RoomConfig {
  Limits limits;
  std::size_t max_sessions = 2000;
  std::size_t max_message_bytes = 256 * 1024;  // announced in Welcome.limits
  bool durable = false;                        // hold commits until durable() (see above)
  bool read_only = false;                      // a replay room: only apply_recorded() changes the map
  double max_pushes_per_second = 0;            // all sessions together (Room enforces); 0: off
  double max_ops_per_second = 0;
  std::size_t max_cursors = 50;  // people whose presence is relayed besides facilitators (cursor_stage.h); 0: all
};

// A commit the Room must make durable before it is released: what the log needs.
struct Commit {
  const pb::Change* change = nullptr;  // valid until the next call into RoomState
  const std::string* author = nullptr;
  const std::string* client_id = nullptr;
  std::uint64_t client_seq = 0;
};

class RoomState {
 public:
  using Deliveries = std::vector<std::pair<std::uint32_t, std::vector<Chunk>>>;

  struct JoinResult {
    Check refused;       // set: the session may not join (the room is full)
    Deliveries flushed;  // what was pending, sent to the existing members first
    Chunk welcome;       // for the joiner
    Chunk peer_joined;   // for everyone else
  };

  RoomState(std::string name, RoomConfig config);
  // A room loaded from storage: its map (and clock) and the last client_seq per client.
  RoomState(std::string name, RoomConfig config, StrategyMap map,
            const std::map<std::string, std::uint64_t>& last_client_seq);

  // Adds a session (the Hello is already validated). Anything pending is flushed first,
  // so the Welcome's clock is the clock every member has been sent: a later Patch never
  // repeats a change the snapshot already holds.
  // Durable rooms: call only when durable_clock() == clock().
  JoinResult join(std::uint32_t session_id, const pb::Hello& hello, pb::Role role = pb::PARTICIPANT);
  // Removes a session; returns PeerLeft for the others (empty chunk if unknown).
  Chunk leave(std::uint32_t session_id);

  // Sequence check, apply, queue Change + PushResult (or a rejected PushResult).
  // Unknown sessions (refused joins) are ignored. In a durable room a commit is
  // returned for the log and held until durable().
  std::optional<Commit> push(std::uint32_t session_id, const pb::Push& push);
  // The store has every change up to `clock`: release what waited for it.
  void durable(std::uint64_t clock);
  // The highest clock a client may be shown (the map's clock when nothing is held).
  std::uint64_t durable_clock() const { return durable_clock_; }

  struct FacilitateResult {
    Check refused;                 // also queued to the sender as an Error
    std::optional<Commit> commit;  // private mode ended: the reveal, for the log
    std::uint32_t removed = 0;     // a session the facilitator removed (already left)
    Chunk peer_left;               // for everyone, when removed
    Chunk peer_updated;            // a role changed: for everyone
    std::string event_kind;        // accepted: record the command under this kind
  };
  // A facilitator command (or a vote, with a CastVote) from a member, at wall time now_ms.
  FacilitateResult facilitate(std::uint32_t session_id, const pb::Facilitate& cmd, std::int64_t now_ms);
  Check vote(std::uint32_t session_id, const pb::CastVote& cast);
  const Facilitation& facilitation() const { return facilitation_; }
  // A stored facilitation state (StoredFacilitation bytes), before anyone joins; false
  // if it does not decode.
  bool restore_facilitation(const std::string& bytes);
  // Durable rooms: the facilitation state to store when it changed since last asked.
  std::optional<std::string> facilitation_to_store();

  // Replay rooms: a recorded change (change.clock() == clock() + 1), applied as logged.
  Check apply_recorded(const pb::Change& change);
  // Replay rooms: the recorded people, shown as peers (ids must not be live sessions').
  Chunk ghost_join(const pb::Peer& peer);
  Chunk ghost_leave(std::uint32_t session_id);
  void ghost_presence(std::uint32_t session_id, pb::Presence presence);
  // Latest presence of a session (already validated); replaces an unsent older one.
  void presence(std::uint32_t session_id, pb::Presence presence);
  const pb::Peer* peer(std::uint32_t session_id) const;

  bool has_pending() const;
  // Encodes what is pending (one Patch for all, PushResults per author, presence of
  // others) and forgets it.
  Deliveries flush();

  const std::string& name() const { return name_; }
  const RoomConfig& config() const { return config_; }
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
    pb::Role role = pb::PARTICIPANT;
    std::string seq_key;  // client_id, or a per-session key when the client gave none
    std::string results;  // encoded PushResult frames since the last flush
  };

  // A PushResult and, for a commit, the change it answers, waiting for durable().
  struct Held {
    std::uint32_t session_id;
    std::string result;                // encoded PushResult frame
    std::optional<pb::Change> change;  // committed: broadcast once durable
  };

  void queue_result(Member& member, const pb::PushResult& result);
  void queue_frame(Member& member, std::string frame);
  // A change that applied: held until durable (durable rooms) or queued for the Patch.
  std::optional<Commit> commit(std::uint32_t session_id, Member& member, std::vector<pb::Op> applied,
                               std::string result, std::uint64_t client_seq);
  Actor actor(std::uint32_t session_id, const Member& member) const {
    return Actor{session_id, member.role, &member.seq_key};
  }
  Facilitation::Members actors() const;
  void refresh_online();  // breakouts: who of each group is here
  // The pending Patch without the ops `viewer` may not see (keep[i]: op i of the scoped ones).
  std::shared_ptr<const std::string> patch_for(const std::vector<bool>& keep) const;
  void note_scopes(std::vector<Scope> scopes);  // for the change at the map's clock
  const std::string& snapshot_bytes();
  pb::Welcome make_welcome(std::uint32_t session_id, const Member& member, const pb::Hello& hello,
                           const std::string** snapshot);

  std::string name_;
  RoomConfig config_;
  StrategyMap map_;
  std::map<std::uint32_t, Member> members_;
  std::unordered_map<std::string, std::uint64_t> last_seq_;  // client -> highest client_seq processed
  std::map<std::uint32_t, pb::Peer> ghosts_;                 // replay rooms: the recorded people
  std::deque<Held> held_;
  std::uint64_t durable_clock_ = 0;
  pb::Patch pending_patch_;
  std::map<std::uint32_t, pb::Presence> pending_presence_;
  std::size_t pending_results_ = 0;

  Facilitation facilitation_;
  CursorStage stage_;                                   // whose presence is relayed
  std::map<std::uint64_t, std::vector<Scope>> hidden_;  // clock -> per op, who may see it
  std::set<std::string> removed_;                       // client keys the facilitator removed
  bool state_dirty_ = false;                            // facilitation state to send to everyone
  std::uint64_t stored_revision_ = 0;                   // facilitation revision last handed to the store

  std::string snapshot_cache_;
  std::uint64_t snapshot_cache_clock_ = 0;
  bool snapshot_cached_ = false;
  std::size_t snapshot_encodings_ = 0;
};

}  // namespace pss::server
