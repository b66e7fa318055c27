#include "method/map_checks.h"

#include <algorithm>
#include <map>
#include <set>

namespace pss::method {
namespace {

std::string quoted(const pb::Element& e) { return "'" + (e.title().empty() ? e.id() : e.title()) + "'"; }

// Strongly connected components of more than one card, each sorted, found without
// recursion (Tarjan's algorithm with an explicit stack) so a long chain cannot
// overflow the stack.
std::vector<std::vector<std::string>> cycles(const StrategyMap& map) {
  std::map<std::string, std::vector<std::string>> next;
  for (const auto& [id, l] : map.links()) next[l.from()].push_back(l.to());
  std::map<std::string, int> index, low;
  std::set<std::string> on_stack;
  std::vector<std::string> stack;
  std::vector<std::vector<std::string>> out;
  int counter = 0;
  for (const auto& [root, unused] : map.elements()) {
    if (index.contains(root)) continue;
    std::vector<std::pair<std::string, std::size_t>> work{{root, 0}};  // node, next edge to try
    while (!work.empty()) {
      auto& [node, edge] = work.back();
      if (edge == 0 && !index.contains(node)) {
        index[node] = low[node] = counter++;
        stack.push_back(node);
        on_stack.insert(node);
      }
      const auto& targets = next[node];
      if (edge < targets.size()) {
        const std::string to = targets[edge++];
        if (!index.contains(to))
          work.emplace_back(to, 0);
        else if (on_stack.contains(to))
          low[node] = std::min(low[node], index[to]);
        continue;
      }
      const std::string done = node;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
      if (low[done] != index[done]) continue;
      std::vector<std::string> component;
      std::string popped;
      do {
        popped = stack.back();
        stack.pop_back();
        on_stack.erase(popped);
        component.push_back(popped);
      } while (popped != done);
      if (component.size() > 1) {
        std::sort(component.begin(), component.end());
        out.push_back(std::move(component));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string_view check_name(CheckKind kind) {
  switch (kind) {
    case CheckKind::orphan_outcome: return "orphan-outcome";
    case CheckKind::unsupported_process: return "unsupported-process";
    case CheckKind::unmeasured: return "unmeasured";
    case CheckKind::cycle: return "cycle";
    case CheckKind::downward_arrow: return "downward-arrow";
    case CheckKind::isolated: return "isolated";
  }
  return "?";
}

std::set<std::string> selection_of(const Finding& f) {
  std::set<std::string> ids(f.elements.begin(), f.elements.end());
  ids.insert(f.links.begin(), f.links.end());
  return ids;
}

std::vector<Finding> check_map(const StrategyMap& map, const CheckOptions& options) {
  std::vector<Finding> out;
  std::set<std::string> has_input, capability_input, linked, measured;
  for (const auto& [id, l] : map.links()) {
    has_input.insert(l.to());
    linked.insert(l.from());
    linked.insert(l.to());
    const pb::Element* from = map.element(l.from());
    if (from && from->kind() == pb::CAPABILITY) capability_input.insert(l.to());
  }
  for (const auto& [id, m] : map.measures())
    if (m.decision() == pb::ACCEPTED) measured.insert(m.element());

  auto each_card = [&](auto&& fn) {
    for (const auto& [id, e] : map.elements())
      if (e.kind() != pb::NOTE) fn(e);
  };
  each_card([&](const pb::Element& e) {
    if (e.kind() == pb::OUTCOME && !has_input.contains(e.id()))
      out.push_back({CheckKind::orphan_outcome, {e.id()}, {}, "Nothing contributes to the outcome " + quoted(e)});
  });
  each_card([&](const pb::Element& e) {
    if (e.kind() == pb::PROCESS && !capability_input.contains(e.id()))
      out.push_back({CheckKind::unsupported_process, {e.id()}, {}, "No capability supports the process " + quoted(e)});
  });
  if (options.measurement_phase)
    each_card([&](const pb::Element& e) {
      if (!measured.contains(e.id()))
        out.push_back({CheckKind::unmeasured, {e.id()}, {}, quoted(e) + " has no accepted measure"});
    });
  for (auto& component : cycles(map)) {
    const std::set<std::string> members(component.begin(), component.end());
    Finding f{CheckKind::cycle, component, {}, "These cards form a cycle:"};
    for (const auto& [id, l] : map.links())
      if (members.contains(l.from()) && members.contains(l.to())) f.links.push_back(id);
    for (const auto& id : component) f.message += " " + quoted(*map.element(id));
    out.push_back(std::move(f));
  }
  for (const auto& [id, l] : map.links()) {
    const pb::Element* from = map.element(l.from());
    const pb::Element* to = map.element(l.to());
    const pb::Row* from_row = from ? map.row(from->row()) : nullptr;
    const pb::Row* to_row = to ? map.row(to->row()) : nullptr;
    if (from_row && to_row && to_row->order() > from_row->order())
      out.push_back({CheckKind::downward_arrow,
                     {from->id(), to->id()},
                     {id},
                     "The arrow from " + quoted(*from) + " to " + quoted(*to) + " runs down the map"});
  }
  each_card([&](const pb::Element& e) {
    if (!linked.contains(e.id())) out.push_back({CheckKind::isolated, {e.id()}, {}, quoted(e) + " has no arrows"});
  });
  return out;
}

}  // namespace pss::method
