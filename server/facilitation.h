// Facilitation: the facilitator's side of one room (phase, timer, dot vote, follow,
// spotlight, locks, private mode, breakout groups), and the rules it puts on everyone's edits. Pure: no
// I/O, no clock of its own (callers pass the wall time), no threads; RoomState owns
// one and asks it before and after every push.
//
// People are keyed by their client key (client id, or a per-session key), so votes and
// private cards survive a reconnect. Private cards are withheld by the server: every
// op that touches one (its put, patches, removal, arrows to it) is cut out of what the
// others receive until private mode ends, which puts them all again as a new change.
// Breakout boards (breakouts.cpp) are withheld the same way, per group: a record's
// Scope says who may see it, and every filter goes through visible().
#pragma once

#include <cstdint>
#include <functional>
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

// Who may see a record beyond everyone: its private owner (a client key) and/or the
// breakout board it is on. An empty scope: everyone.
struct Scope {
  std::string owner;  // private mode: only this client key sees it
  std::string board;  // breakouts: only that group (and facilitators, observers) see it while they run
  bool empty() const { return owner.empty() && board.empty(); }
  bool operator==(const Scope&) const = default;
};

class Facilitation {
 public:
  // What an accepted command asks the room to do beyond broadcasting the new state.
  struct Effects {
    std::string event_kind;               // recorded with the command as payload
    std::uint32_t remove_session = 0;     // close this session and keep its client out
    std::optional<pb::SetRole> set_role;  // change a member's role
    std::vector<pb::Op> reveal;           // put these as one change (private mode or breakouts ended, merge)
    std::vector<Scope> reveal_scopes;     // per reveal op, who sees it (empty: all of them for everyone)
  };
  // A member as a command sees it: session, role, client key.
  using Members = std::map<std::uint32_t, Actor>;

  // A facilitator command; `members` are the room's members now. Refusals: FORBIDDEN (participants), READ_ONLY
  // (observers), or why the command does not fit the room.
  Check command(const Actor& actor, const pb::Facilitate& cmd, const StrategyMap& map, std::int64_t now_ms,
                const Members& members, Effects* effects);
  Check vote(const Actor& actor, const pb::CastVote& cast);

  // Locks, private cards and breakout boards, before a push is applied.
  Check check_ops(const Actor& actor, const google::protobuf::RepeatedPtrField<pb::Op>& ops,
                  const StrategyMap& map) const;
  // Before a push is applied: the new cards it creates that become private (private
  // mode, a participant's push).
  std::set<std::string> becoming_private(const Actor& actor, const google::protobuf::RepeatedPtrField<pb::Op>& ops,
                                         const StrategyMap& map) const;
  // After the commit: per applied op, who may see it (empty scope: everyone).
  std::vector<Scope> committed(const Actor& actor, const std::vector<pb::Op>& applied,
                               const std::set<std::string>& fresh);

  // Visibility for one viewer (its role and client key; session_id unused).
  bool visible(const Scope& scope, const Actor& viewer) const;
  bool hides_anything_from(const Actor& viewer) const;
  bool hidden_from(const std::string& id, const Actor& viewer) const;
  // Cuts what `viewer` may not see out of a snapshot / a list of catch-up ops / a presence.
  void filter(pb::Snapshot& snapshot, const Actor& viewer) const;
  void filter(std::vector<pb::Op>& ops, const Actor& viewer) const;
  // True if it removed something from the presence's selection or dragging.
  bool filter(pb::Presence& presence, const Actor& viewer) const;
  bool any_scoped(const pb::Presence& presence) const;

  pb::FacilitationState state_for(const Actor& viewer) const;
  const pb::FacilitationState& state() const { return state_; }
  void stop_following() {
    state_.set_follow_session(0);
    state_.set_take_control(false);
  }
  // The group of a client key while breakouts run ("" : none, or no breakouts).
  std::string group_of(const std::string& key) const;
  // Online members per group, refreshed by the room on joins and leaves.
  void set_online(const Members& members);

  // Durable form (facilitation_store.cpp). revision() grows with every change worth
  // storing; restore() takes a stored state back against the loaded map.
  pb::StoredFacilitation save(const std::set<std::string>& removed) const;
  void restore(const pb::StoredFacilitation& stored, const StrategyMap& map, std::set<std::string>* removed);
  std::uint64_t revision() const { return revision_; }
  void touch() { ++revision_; }

 private:
  Check start_vote(const pb::StartVote& start, const StrategyMap& map);
  Check lock(const pb::LockCommand& cmd, const StrategyMap& map);
  Check timer(const pb::TimerCommand& cmd, std::int64_t now_ms);
  Check locked(const pb::Op& op, const StrategyMap& map) const;
  bool element_locked(const std::string& id, const StrategyMap& map) const;
  void end_private_mode(const StrategyMap& map, Effects* effects);
  // breakouts.cpp
  Check start_breakouts(const pb::StartBreakouts& start, const Members& members, const StrategyMap& map);
  Check end_breakouts(const StrategyMap& map, Effects* effects);
  Check merge(const pb::MergeCards& merge, const StrategyMap& map, Effects* effects);
  Check assign(const pb::AssignBreakout& assign, const Members& members, const StrategyMap& map, Effects* effects);
  Check check_board(const Actor& actor, const pb::Op& op, const StrategyMap& map) const;
  bool breakouts_running() const { return state_.has_breakouts() && state_.breakouts().running(); }
  bool is_group(const std::string& id) const;
  std::string board_of(const std::string& element_id, const StrategyMap& map) const;
  // Puts of every record `keep(scope)` selects, elements first, then arrows, risks, measures.
  std::vector<pb::Op> puts_of(const StrategyMap& map,
                              const std::function<bool(const std::string&, const Scope&)>& keep) const;
  std::size_t count_private_for(const std::string& key, bool own) const;

  pb::FacilitationState state_;  // shared part; vote.mine, own_private, breakouts.mine filled per viewer
  std::set<std::string> locked_elements_, locked_rows_;
  std::map<std::string, std::map<std::string, std::uint32_t>> ballots_;  // key -> element -> dots
  std::map<std::string, Scope> scopes_;                                  // record id -> who sees it
  std::map<std::string, std::string> groups_;                            // client key -> breakout group
  std::uint64_t revision_ = 0;
};

// Op helpers shared with RoomState: which record an op touches (any type), and the records it carries.
std::string op_id(const pb::Op& op);
// The element / arrow a put or patch carries (null for others).
const pb::Element* record_element(const pb::Op& op);
const pb::Link* record_link(const pb::Op& op);

}  // namespace pss::server
