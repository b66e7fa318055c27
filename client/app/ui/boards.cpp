#include "client/app/ui/boards.h"

#include <algorithm>
#include <set>

namespace pss::ui {

std::optional<StrategyMap> board_view(const StrategyMap& full, const std::string& board) {
  const auto& elements = full.elements();
  const bool any_board =
      std::any_of(elements.begin(), elements.end(), [](const auto& e) { return !e.second.board().empty(); });
  if (!any_board && board.empty()) return std::nullopt;
  pb::Snapshot s = full.snapshot();
  std::set<std::string> shown;
  auto* es = s.mutable_elements();
  es->erase(std::remove_if(es->begin(), es->end(), [&](const pb::Element& e) { return e.board() != board; }),
            es->end());
  for (const auto& e : *es) shown.insert(e.id());
  auto* ls = s.mutable_links();
  ls->erase(std::remove_if(ls->begin(), ls->end(),
                           [&](const pb::Link& l) { return !shown.count(l.from()) || !shown.count(l.to()); }),
            ls->end());
  std::set<std::string> shown_links;
  for (const auto& l : *ls) shown_links.insert(l.id());
  auto* rs = s.mutable_risks();
  rs->erase(
      std::remove_if(rs->begin(), rs->end(),
                     [&](const pb::Risk& r) { return !shown.count(r.target()) && !shown_links.count(r.target()); }),
      rs->end());
  // A risk may name a mitigating card on another board: that name is left out.
  for (auto& r : *rs)
    if (!r.mitigated_by().empty() && !shown.count(r.mitigated_by())) r.clear_mitigated_by();
  auto* ms = s.mutable_measures();
  ms->erase(std::remove_if(ms->begin(), ms->end(), [&](const pb::Measure& m) { return !shown.count(m.element()); }),
            ms->end());
  return StrategyMap::from_snapshot(s, full.limits());
}

std::string board_name(const pb::FacilitationState& state, const std::string& board) {
  if (board.empty()) return "Main map";
  for (const auto& g : state.breakouts().groups())
    if (g.id() == board) return g.name().empty() ? g.id() : g.name();
  return board;
}

pb::Facilitate split_into_groups(const std::vector<std::uint32_t>& participants, int groups,
                                 const std::string& prefix) {
  pb::Facilitate f;
  groups = std::max(1, groups);
  for (int i = 0; i < groups; ++i) {
    pb::BreakoutGroup* g = f.mutable_start_breakouts()->add_groups();
    g->set_id(prefix + "-" + std::to_string(i + 1));
    g->set_name("Group " + std::to_string(i + 1));
  }
  for (std::size_t i = 0; i < participants.size(); ++i)
    f.mutable_start_breakouts()
        ->mutable_groups(static_cast<int>(i % static_cast<std::size_t>(groups)))
        ->add_sessions(participants[i]);
  return f;
}

const StrategyMap& BoardDocument::view() const {
  const StrategyMap& full = inner_.view();
  Key key{
      &full,  full.clock(), full.elements().size(), full.links().size(), full.risks().size(), full.measures().size(),
      board_, edits_};
  if (!cached_ || !(key == key_)) {
    filtered_ = board_view(full, board_);
    key_ = std::move(key);
    cached_ = true;
  }
  return filtered_ ? *filtered_ : full;
}

Check BoardDocument::edit(std::vector<pb::Op> ops, bool coalesce) {
  const StrategyMap& full = inner_.view();
  for (pb::Op& op : ops)
    if (op.has_put() && op.put().has_element() && !full.element(op.put().element().id()))
      op.mutable_put()->mutable_element()->set_board(board_);
  ++edits_;
  return inner_.edit(std::move(ops), coalesce);
}

}  // namespace pss::ui
