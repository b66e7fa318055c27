// Facilitation: the facilitator's side of one room (phase, timer, dot vote, follow,
// spotlight, locks, private mode), and the rules it puts on everyone's edits. Pure: no
// I/O, no clock of its own (callers pass the wall time), no threads; RoomState owns
// one and asks it before and after every push.
//
// People are keyed by their client key (client id, or a per-session key), so votes and
// private cards survive a reconnect. Private cards are withheld by the server: every
// op that touches one (its put, patches, removal, arrows to it) is cut out of what the
// others receive until private mode ends, which puts them all again as a new change.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/strategy_map.h"
#include "model/validation.h"
#include "pss.pb.h"

namespace pss::server {

struct Actor {
  std::uint32_t session_id = 0;
  pb::Role role = pb::PARTICIPANT;
  const std::string* key = nullptr;  // client key
};

class Facilitation {
 public:
  // What an accepted command asks the room to do beyond broadcasting the new state.
  struct Effects {
    std::string event_kind;               // recorded with the command as payload
    std::uint32_t remove_session = 0;     // close this session and keep its client out
    std::optional<pb::SetRole> set_role;  // change a member's role
    std::vector<pb::Op> reveal;           // private mode ended: put these for everyone
  };

  // A facilitator command; `roles` are the room's members now. Refusals: FORBIDDEN (participants), READ_ONLY
  // (observers), or why the command does not fit the room.
  Check command(const Actor& actor, const pb::Facilitate& cmd, const StrategyMap& map, std::int64_t now_ms,
                const std::map<std::uint32_t, pb::Role>& roles, Effects* effects);
  Check vote(const Actor& actor, const pb::CastVote& cast);

  // Locks and private cards, before a push is applied (roles are the caller's).
  Check check_ops(const Actor& actor, const google::protobuf::RepeatedPtrField<pb::Op>& ops,
                  const StrategyMap& map) const;
  // Before a push is applied: the new cards it creates that become private (private
  // mode, a participant's push).
  std::set<std::string> becoming_private(const Actor& actor, const google::protobuf::RepeatedPtrField<pb::Op>& ops,
                                         const StrategyMap& map) const;
  // After the commit: per applied op, the owner key it is withheld for ("": for all).
  std::vector<std::string> committed(const Actor& actor, const std::vector<pb::Op>& applied,
                                     const std::set<std::string>& fresh);

  // The ids `viewer` may not see now (others' private cards and their arrows).
  bool hides_anything_from(const std::string& viewer) const;
  bool hidden_from(const std::string& id, const std::string& viewer) const;
  // Cuts what `viewer` may not see out of a snapshot / a list of catch-up ops.
  void filter(pb::Snapshot& snapshot, const std::string& viewer) const;
  void filter(std::vector<pb::Op>& ops, const std::string& viewer) const;

  pb::FacilitationState state_for(const std::string& viewer) const;
  const pb::FacilitationState& state() const { return state_; }
  void stop_following() {
    state_.set_follow_session(0);
    state_.set_take_control(false);
  }

 private:
  Check start_vote(const pb::StartVote& start, const StrategyMap& map);
  Check lock(const pb::LockCommand& cmd, const StrategyMap& map);
  Check timer(const pb::TimerCommand& cmd, std::int64_t now_ms);
  Check locked(const pb::Op& op, const StrategyMap& map) const;
  bool element_locked(const std::string& id, const StrategyMap& map) const;
  std::vector<pb::Op> end_private_mode(const StrategyMap& map);

  pb::FacilitationState state_;  // shared part; vote.mine and own_private filled per viewer
  std::set<std::string> locked_elements_, locked_rows_;
  std::map<std::string, std::map<std::string, std::uint32_t>> ballots_;  // key -> element -> dots
  std::map<std::string, std::string> private_;                           // record id -> owner key
};

// Op helpers shared with RoomState: which record an op touches, and its arrows' ends.
std::string op_id(const pb::Op& op);

}  // namespace pss::server
