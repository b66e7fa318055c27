// The durable form of a room's facilitation (pb::StoredFacilitation): the Room writes
// it with the change it belongs to (storage: meta 'facilitation'), so a restart keeps
// private cards private, locks locked, the phase, the vote and the breakouts.
#include "facilitation.h"

namespace pss::server {
namespace {

// Per-session keys ('#session-N') name nobody after a restart: session ids start again
// at 1, so a newcomer would inherit them. Their owners become nobody at all.
std::string after_restart(const std::string& key) { return key.starts_with("#") ? "#gone:" + key : key; }

}  // namespace

pb::StoredFacilitation Facilitation::save(const std::set<std::string>& removed) const {
  pb::StoredFacilitation out;
  *out.mutable_state() = state_;
  for (const auto& [key, votes] : ballots_) {
    pb::StoredBallot* b = out.add_ballots();
    b->set_client(key);
    for (const auto& [id, n] : votes) {
      pb::VoteCount* c = b->add_votes();
      c->set_element(id);
      c->set_votes(n);
    }
  }
  for (const auto& [id, scope] : scopes_) {
    pb::StoredScope* s = out.add_scopes();
    s->set_id(id);
    s->set_owner(scope.owner);
    s->set_board(scope.board);
  }
  for (const auto& key : removed) out.add_removed_clients(key);
  for (const auto& [key, group] : groups_) {
    pb::StoredAssignment* a = out.add_assignments();
    a->set_client(key);
    a->set_group(group);
  }
  return out;
}

void Facilitation::restore(const pb::StoredFacilitation& stored, const StrategyMap&, std::set<std::string>* removed) {
  state_ = stored.state();
  // Nobody is connected yet: nobody leads, and nobody is online in a group.
  state_.set_follow_session(0);
  state_.set_take_control(false);
  state_.clear_own_private();
  state_.clear_private_withheld();
  if (state_.has_breakouts()) {
    state_.mutable_breakouts()->clear_mine();
    for (pb::BreakoutGroup& g : *state_.mutable_breakouts()->mutable_groups()) g.clear_sessions();
  }
  locked_elements_ = {state_.locks().elements().begin(), state_.locks().elements().end()};
  locked_rows_ = {state_.locks().rows().begin(), state_.locks().rows().end()};
  ballots_.clear();
  for (const pb::StoredBallot& b : stored.ballots())
    for (const pb::VoteCount& c : b.votes()) ballots_[after_restart(b.client())][c.element()] = c.votes();
  scopes_.clear();
  for (const pb::StoredScope& s : stored.scopes())
    scopes_[s.id()] = Scope{s.owner().empty() ? std::string() : after_restart(s.owner()), s.board()};
  groups_.clear();
  for (const pb::StoredAssignment& a : stored.assignments())
    if (!a.client().starts_with("#")) groups_[a.client()] = a.group();
  removed->clear();
  for (const std::string& key : stored.removed_clients())
    if (!key.starts_with("#")) removed->insert(key);
  revision_ = 0;
}

}  // namespace pss::server
