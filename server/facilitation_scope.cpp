// Who sees what: private cards and breakout boards (facilitation.h, Scope). Every
// record that not everyone may see has a Scope in scopes_, kept after it is removed so
// that its later ops (and its removal) stay withheld too; arrows, risks and measures
// take the scope of the cards they hang on.
#include <algorithm>

#include "facilitation.h"

namespace pss::server {
namespace {

// An arrow's scope: whichever of its ends is scoped (the checks keep both ends on one
// board, and nobody can reach another person's private card).
Scope joined(const Scope& a, const Scope& b) {
  return Scope{a.owner.empty() ? b.owner : a.owner, a.board.empty() ? b.board : a.board};
}

}  // namespace

bool Facilitation::visible(const Scope& scope, const Actor& viewer) const {
  if (!scope.owner.empty() && scope.owner != *viewer.key) return false;
  // Facilitators and observers look into every group; a participant sees its own.
  if (!scope.board.empty() && breakouts_running() && viewer.role == pb::PARTICIPANT &&
      group_of(*viewer.key) != scope.board)
    return false;
  return true;
}

bool Facilitation::hides_anything_from(const Actor& viewer) const {
  return std::any_of(scopes_.begin(), scopes_.end(), [&](const auto& s) { return !visible(s.second, viewer); });
}

bool Facilitation::hidden_from(const std::string& id, const Actor& viewer) const {
  auto it = scopes_.find(id);
  return it != scopes_.end() && !visible(it->second, viewer);
}

std::vector<Scope> Facilitation::committed(const Actor& actor, const std::vector<pb::Op>& applied,
                                           const std::set<std::string>& fresh) {
  std::vector<Scope> scopes;
  if (scopes_.empty() && fresh.empty() && !breakouts_running()) return scopes;
  scopes.reserve(applied.size());
  auto scope_of = [&](const std::string& id) {
    auto it = scopes_.find(id);
    return it == scopes_.end() ? Scope{} : it->second;
  };
  bool changed = false;
  for (const pb::Op& op : applied) {
    const std::string id = op_id(op);
    if (op.has_put() && !scopes_.count(id)) {
      Scope s;
      const pb::Record& r = op.put();
      if (r.has_element() && breakouts_running() && is_group(r.element().board())) s.board = r.element().board();
      if (r.has_link()) s = joined(scope_of(r.link().from()), scope_of(r.link().to()));
      if (r.has_risk()) s = scope_of(r.risk().target());
      if (r.has_measure()) s = scope_of(r.measure().element());
      if (fresh.count(id)) s.owner = *actor.key;
      if (!s.empty()) {
        scopes_[id] = s;
        changed = true;
      }
    }
    scopes.push_back(scope_of(id));
  }
  if (changed) touch();
  return scopes;
}

std::vector<pb::Op> Facilitation::puts_of(const StrategyMap& map,
                                          const std::function<bool(const std::string&, const Scope&)>& keep) const {
  // Elements before arrows, arrows before the risks on them: each put finds what it names.
  std::vector<pb::Op> puts;
  for (const auto& [id, s] : scopes_)
    if (const pb::Element* e = map.element(id); e && keep(id, s))
      *puts.emplace_back().mutable_put()->mutable_element() = *e;
  for (const auto& [id, s] : scopes_)
    if (const pb::Link* l = map.link(id); l && keep(id, s)) *puts.emplace_back().mutable_put()->mutable_link() = *l;
  for (const auto& [id, s] : scopes_)
    if (const pb::Risk* r = map.risk(id); r && keep(id, s)) *puts.emplace_back().mutable_put()->mutable_risk() = *r;
  for (const auto& [id, s] : scopes_)
    if (const pb::Measure* m = map.measure(id); m && keep(id, s))
      *puts.emplace_back().mutable_put()->mutable_measure() = *m;
  return puts;
}

void Facilitation::end_private_mode(const StrategyMap& map, Effects* effects) {
  effects->reveal = puts_of(map, [](const std::string&, const Scope& s) { return !s.owner.empty(); });
  for (auto it = scopes_.begin(); it != scopes_.end();) {
    it->second.owner.clear();
    it = it->second.empty() ? scopes_.erase(it) : std::next(it);
  }
  // A private card on a group's board stays withheld from the other groups.
  for (const pb::Op& op : effects->reveal) {
    auto it = scopes_.find(op_id(op));
    effects->reveal_scopes.push_back(it == scopes_.end() ? Scope{} : it->second);
  }
}

void Facilitation::filter(pb::Snapshot& snapshot, const Actor& viewer) const {
  auto drop = [&](auto* records) {
    records->erase(
        std::remove_if(records->begin(), records->end(), [&](const auto& r) { return hidden_from(r.id(), viewer); }),
        records->end());
  };
  drop(snapshot.mutable_elements());
  drop(snapshot.mutable_links());
  drop(snapshot.mutable_risks());
  drop(snapshot.mutable_measures());
}

void Facilitation::filter(std::vector<pb::Op>& ops, const Actor& viewer) const {
  ops.erase(std::remove_if(ops.begin(), ops.end(), [&](const pb::Op& op) { return hidden_from(op_id(op), viewer); }),
            ops.end());
}

bool Facilitation::any_scoped(const pb::Presence& p) const {
  if (scopes_.empty()) return false;
  auto scoped = [&](const std::string& id) { return scopes_.count(id) != 0; };
  return std::any_of(p.selection().begin(), p.selection().end(), scoped) ||
         std::any_of(p.dragging().begin(), p.dragging().end(), scoped);
}

bool Facilitation::filter(pb::Presence& p, const Actor& viewer) const {
  bool cut = false;
  auto strip = [&](google::protobuf::RepeatedPtrField<std::string>* ids) {
    const auto end =
        std::remove_if(ids->begin(), ids->end(), [&](const std::string& id) { return hidden_from(id, viewer); });
    if (end == ids->end()) return;
    ids->erase(end, ids->end());
    cut = true;
  };
  strip(p.mutable_selection());
  strip(p.mutable_dragging());
  return cut;
}

pb::FacilitationState Facilitation::state_for(const Actor& viewer) const {
  const std::string& key = *viewer.key;
  pb::FacilitationState s = state_;
  if (s.has_vote()) {
    pb::VoteState& v = *s.mutable_vote();
    if (auto it = ballots_.find(key); it != ballots_.end()) {
      for (const auto& [id, n] : it->second) {
        pb::VoteCount* c = v.add_mine();
        c->set_element(id);
        c->set_votes(n);
      }
    }
    if (v.revealed()) {
      std::map<std::string, std::uint32_t> totals;
      for (const auto& id : v.elements()) totals[id] = 0;
      for (const auto& [k, mine] : ballots_)
        for (const auto& [id, n] : mine) totals[id] += n;
      std::vector<std::pair<std::string, std::uint32_t>> ranked(totals.begin(), totals.end());
      std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      for (const auto& [id, n] : ranked) {
        pb::VoteCount* c = v.add_results();
        c->set_element(id);
        c->set_votes(n);
      }
    }
  }
  std::uint32_t withheld = 0;
  for (const auto& [id, scope] : scopes_) {
    if (scope.owner.empty()) continue;
    if (scope.owner == key)
      s.add_own_private(id);
    else
      ++withheld;
  }
  s.set_private_withheld(withheld);
  if (s.has_breakouts()) s.mutable_breakouts()->set_mine(group_of(key));
  return s;
}

}  // namespace pss::server
