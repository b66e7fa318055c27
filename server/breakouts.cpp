// Breakout groups: the facilitator splits participants into groups, each working on a
// board of its own (Element.board = the group's id). While they run, a participant sees
// the main map (read-only) and its own group's board, and edits only that board; the
// other groups' boards are withheld exactly like private cards (Scope.board), so no
// content leaves the server. Facilitators and observers see every board. Ending the
// breakouts shows every board to everyone; a merge moves chosen cards to the main map.
#include <algorithm>

#include "facilitation.h"
#include "model/text_check.h"

namespace pss::server {
namespace {

constexpr int kMaxGroups = 20;
constexpr std::size_t kMaxGroupNameBytes = 200;
constexpr int kMaxMerge = 1000;

Rejection refuse(pb::Reason reason, std::string detail) { return Rejection{reason, std::move(detail)}; }

// The arrow an op leaves behind (for a patch: the existing one with the listed ends).
std::optional<pb::Link> link_after(const pb::Op& op, const StrategyMap& map) {
  const pb::Link* existing = map.link(op_id(op));
  if (op.has_remove()) return existing ? std::optional<pb::Link>(*existing) : std::nullopt;
  const pb::Link* incoming = record_link(op);
  if (!incoming) return std::nullopt;
  if (op.has_put() || !existing) return *incoming;
  pb::Link l = *existing;
  for (std::uint32_t f : op.patch().fields()) {
    if (f == pb::Link::kFromFieldNumber) l.set_from(incoming->from());
    if (f == pb::Link::kToFieldNumber) l.set_to(incoming->to());
  }
  return l;
}

}  // namespace

bool Facilitation::is_group(const std::string& id) const {
  if (id.empty() || !state_.has_breakouts()) return false;
  const auto& groups = state_.breakouts().groups();
  return std::any_of(groups.begin(), groups.end(), [&](const pb::BreakoutGroup& g) { return g.id() == id; });
}

std::string Facilitation::group_of(const std::string& key) const {
  if (!breakouts_running()) return {};
  auto it = groups_.find(key);
  return it == groups_.end() ? std::string() : it->second;
}

std::string Facilitation::board_of(const std::string& element_id, const StrategyMap& map) const {
  const pb::Element* e = map.element(element_id);
  return e ? e->board() : std::string();
}

void Facilitation::set_online(const Members& members) {
  if (!state_.has_breakouts()) return;
  for (pb::BreakoutGroup& g : *state_.mutable_breakouts()->mutable_groups()) {
    g.clear_sessions();
    for (const auto& [id, m] : members)
      if (group_of(*m.key) == g.id()) g.add_sessions(id);
  }
}

Check Facilitation::start_breakouts(const pb::StartBreakouts& start, const Members& members, const StrategyMap& map) {
  if (breakouts_running()) return refuse(pb::CONFLICT, "breakouts are running; end them first");
  if (start.groups().empty() || start.groups_size() > kMaxGroups)
    return refuse(pb::OUT_OF_BOUNDS, "breakouts need 1.." + std::to_string(kMaxGroups) + " groups");
  std::set<std::string> ids;
  std::map<std::string, std::string> groups;  // client key -> group
  for (const pb::BreakoutGroup& g : start.groups()) {
    if (auto bad = check_id(g.id(), map.limits(), "group id")) return bad;
    if (!ids.insert(g.id()).second) return refuse(pb::INVALID_VALUE, "two groups are called " + g.id());
    if (auto bad = check_text(g.name(), kMaxGroupNameBytes, "group name")) return bad;
    for (std::uint32_t session : g.sessions()) {
      auto it = members.find(session);
      if (it == members.end()) return refuse(pb::NOT_FOUND, "no session " + std::to_string(session));
      if (it->second.role != pb::PARTICIPANT)
        return refuse(pb::INVALID_VALUE, "only participants go into breakout groups");
      auto [at, added] = groups.emplace(*it->second.key, g.id());
      if (!added && at->second != g.id())
        return refuse(pb::INVALID_VALUE, "session " + std::to_string(session) + " is in two groups");
    }
  }
  // An old board is visible to everyone now: a new group needs a board of its own.
  for (const auto& [id, e] : map.elements())
    if (ids.count(e.board())) return refuse(pb::CONFLICT, "board " + e.board() + " holds cards of earlier breakouts");
  pb::BreakoutState& b = *state_.mutable_breakouts();
  b.Clear();
  b.set_running(true);
  for (const pb::BreakoutGroup& g : start.groups()) {
    pb::BreakoutGroup* out = b.add_groups();
    out->set_id(g.id());
    out->set_name(g.name());
  }
  groups_ = std::move(groups);
  set_online(members);
  return std::nullopt;
}

Check Facilitation::end_breakouts(const StrategyMap& map, Effects* effects) {
  if (!breakouts_running()) return refuse(pb::CONFLICT, "no breakouts are running");
  // Every group's cards, put again for everyone (private ones stay with their owners).
  effects->reveal =
      puts_of(map, [](const std::string&, const Scope& s) { return !s.board.empty() && s.owner.empty(); });
  for (auto it = scopes_.begin(); it != scopes_.end();) {
    it->second.board.clear();
    it = it->second.empty() ? scopes_.erase(it) : std::next(it);
  }
  state_.mutable_breakouts()->set_running(false);
  for (pb::BreakoutGroup& g : *state_.mutable_breakouts()->mutable_groups()) g.clear_sessions();
  groups_.clear();
  return std::nullopt;
}

Check Facilitation::merge(const pb::MergeCards& cmd, const StrategyMap& map, Effects* effects) {
  if (cmd.elements().empty() || cmd.elements_size() > kMaxMerge)
    return refuse(pb::OUT_OF_BOUNDS, "merge 1.." + std::to_string(kMaxMerge) + " cards");
  std::set<std::string> chosen;
  for (const std::string& id : cmd.elements()) {
    const pb::Element* e = map.element(id);
    if (!e) return refuse(pb::NOT_FOUND, "no element " + id);
    if (e->board().empty()) return refuse(pb::INVALID_VALUE, "card " + id + " is on the main map already");
    if (auto it = scopes_.find(id); it != scopes_.end() && !it->second.owner.empty())
      return refuse(pb::PRIVATE, "card " + id + " is still private");
    chosen.insert(id);
  }
  // The cards without their board, then what hangs on them once it is wholly on the
  // main map: arrows between merged (or main) cards, their risks and measures.
  std::set<std::string> moved = chosen;
  for (const std::string& id : chosen) {
    pb::Element e = *map.element(id);
    e.clear_board();
    *effects->reveal.emplace_back().mutable_put()->mutable_element() = std::move(e);
  }
  auto on_main = [&](const std::string& id) { return chosen.count(id) || board_of(id, map).empty(); };
  for (const std::string& id : chosen) {
    for (const std::string& link_id : map.links_of(id)) {
      const pb::Link* l = map.link(link_id);
      if (!l || !on_main(l->from()) || !on_main(l->to()) || !moved.insert(link_id).second) continue;
      *effects->reveal.emplace_back().mutable_put()->mutable_link() = *l;
    }
  }
  for (const auto& [id, r] : map.risks())
    if (moved.count(r.target())) *effects->reveal.emplace_back().mutable_put()->mutable_risk() = r;
  for (const auto& [id, m] : map.measures())
    if (chosen.count(m.element())) *effects->reveal.emplace_back().mutable_put()->mutable_measure() = m;
  for (const pb::Op& op : effects->reveal) {
    auto it = scopes_.find(op_id(op));
    if (it == scopes_.end()) continue;
    it->second.board.clear();
    if (it->second.empty()) scopes_.erase(it);
  }
  return std::nullopt;
}

Check Facilitation::assign(const pb::AssignBreakout& cmd, const Members& members, const StrategyMap& map,
                           Effects* effects) {
  if (!breakouts_running()) return refuse(pb::CONFLICT, "no breakouts are running");
  auto it = members.find(cmd.session_id());
  if (it == members.end()) return refuse(pb::NOT_FOUND, "no session " + std::to_string(cmd.session_id()));
  if (it->second.role != pb::PARTICIPANT) return refuse(pb::INVALID_VALUE, "only participants go into breakout groups");
  if (!cmd.group().empty() && !is_group(cmd.group())) return refuse(pb::NOT_FOUND, "no group " + cmd.group());
  const std::string& key = *it->second.key;
  if (group_of(key) == cmd.group()) return std::nullopt;
  if (cmd.group().empty())
    groups_.erase(key);
  else
    groups_[key] = cmd.group();
  // The newcomer was never sent its new board: put its cards again, for it alone.
  if (!cmd.group().empty()) {
    effects->reveal =
        puts_of(map, [&](const std::string&, const Scope& s) { return s.board == cmd.group() && s.owner.empty(); });
    effects->reveal_scopes.assign(effects->reveal.size(), Scope{key, {}});
  }
  set_online(members);
  return std::nullopt;
}

Check Facilitation::check_board(const Actor& actor, const pb::Op& op, const StrategyMap& map) const {
  const pb::Element* e = record_element(op);
  const bool new_card = e && op.has_put() && !map.element(e->id());
  if (new_card && !e->board().empty() && !is_group(e->board()))
    return refuse(pb::NOT_FOUND, "no breakout board " + e->board());
  if (!state_.has_breakouts()) return std::nullopt;
  const std::optional<pb::Link> link = link_after(op, map);
  if (link && board_of(link->from(), map) != board_of(link->to(), map))
    return refuse(pb::OTHER_BOARD, "an arrow joins two cards on the same board");
  if (!breakouts_running() || actor.role != pb::PARTICIPANT) return std::nullopt;

  const std::string mine = group_of(*actor.key);
  const pb::Record* r = op.has_put() ? &op.put() : op.has_patch() ? &op.patch().value() : nullptr;
  const pb::RecordType type = op.has_remove() ? op.remove().type() : r ? record_type(*r) : pb::RECORD_TYPE_UNSPECIFIED;
  const std::string id = op_id(op);
  std::string board;
  switch (type) {
    case pb::ELEMENT: board = new_card ? e->board() : board_of(id, map); break;
    case pb::LINK: board = link ? board_of(link->from(), map) : std::string(); break;
    case pb::RISK: {
      const pb::Risk* risk = map.risk(id);
      if (!risk && r && r->has_risk()) risk = &r->risk();
      if (risk && risk->target_type() == pb::LINK) {
        const pb::Link* l = map.link(risk->target());
        board = l ? board_of(l->from(), map) : std::string();
      } else if (risk) {
        board = board_of(risk->target(), map);
      }
      break;
    }
    case pb::MEASURE: {
      const pb::Measure* m = map.measure(id);
      if (!m && r && r->has_measure()) m = &r->measure();
      if (m) board = board_of(m->element(), map);
      break;
    }
    case pb::ROW:
      if (!mine.empty())
        return refuse(pb::OTHER_BOARD, "rows belong to the main map, which is read-only during breakouts");
      return std::nullopt;
    default: return std::nullopt;
  }
  if (board == mine) return std::nullopt;
  if (new_card)
    return refuse(pb::OTHER_BOARD,
                  mine.empty() ? "new cards go on the main map" : "new cards go on your group's board");
  if (board.empty()) return refuse(pb::OTHER_BOARD, "the main map is read-only during breakouts");
  return refuse(pb::OTHER_BOARD, "that card is on another group's board");
}

}  // namespace pss::server
