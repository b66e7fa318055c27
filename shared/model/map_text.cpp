#include "model/map_text.h"

#include <algorithm>
#include <sstream>

namespace pss {
namespace {

const char* kind_name(pb::ElementKind kind) {
  switch (kind) {
    case pb::OUTCOME: return "outcome";
    case pb::PROCESS: return "process";
    case pb::CAPABILITY: return "capability";
    case pb::NOTE: return "note";
    default: return "card";
  }
}

std::string quoted(const std::string& title) { return "\"" + (title.empty() ? std::string("(untitled)") : title) + "\""; }

}  // namespace

std::string describe_map(const StrategyMap& map) {
  std::ostringstream out;
  out << "map at clock " << map.clock() << ": " << map.elements().size() << " cards, " << map.links().size()
      << " arrows, state " << map.state_hash() << "\n";
  auto cards_in = [&](const std::string& row_id) {
    std::vector<const pb::Element*> cards;
    for (const auto& [id, e] : map.elements())
      if (e.row() == row_id) cards.push_back(&e);
    // Left to right, as on the board.
    std::stable_sort(cards.begin(), cards.end(),
                     [](const pb::Element* a, const pb::Element* b) { return a->position().x() < b->position().x(); });
    return cards;
  };
  for (const pb::Row* row : map.rows_in_order()) {
    auto cards = cards_in(row->id());
    out << "  [" << row->label() << "]";
    if (cards.empty()) out << " -";
    out << "\n";
    for (const auto* e : cards)
      out << "    - " << quoted(e->title()) << " (" << kind_name(e->kind()) << ", " << e->id()
          << (e->author().empty() ? "" : ", by " + e->author())
          << (e->status() == pb::AGREED ? ", agreed" : "") << ")\n";
  }
  auto notes = cards_in("");
  if (!notes.empty()) {
    out << "  [Notes]\n";
    for (const auto* e : notes) out << "    - " << quoted(e->title()) << "\n";
  }
  if (!map.links().empty()) out << "  Arrows (contributes to):\n";
  for (const auto& [id, l] : map.links()) {
    const auto* from = map.element(l.from());
    const auto* to = map.element(l.to());
    out << "    " << quoted(from ? from->title() : l.from()) << " -> " << quoted(to ? to->title() : l.to());
    if (!l.rationale().empty()) out << "  (" << l.rationale() << ")";
    out << "\n";
  }
  return out.str();
}

}  // namespace pss
