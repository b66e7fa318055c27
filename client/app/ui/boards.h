// Breakout boards on the client: the window shows one board at a time (the main map or
// a group's), so the tools see only that board's cards, arrows, risks and measures, and
// a new card goes on the board shown. The server decides who may see and edit which
// board (it never sends another group's cards to a participant); this only chooses
// among what arrived.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/app/ui/document.h"

namespace pss::ui {

// The cards of `board` ("" : the main map) and what hangs on them; nullopt when every
// card is on the main map and the main map is shown (nothing to leave out).
std::optional<StrategyMap> board_view(const StrategyMap& full, const std::string& board);

// The name of a board for people: "Main map", the group's name, or its id.
std::string board_name(const pb::FacilitationState& state, const std::string& board);

// StartBreakouts that splits `participants` round-robin into `groups` groups named
// "Group 1".., with ids "<prefix>-1"..
pb::Facilitate split_into_groups(const std::vector<std::uint32_t>& participants, int groups, const std::string& prefix);

// A Document showing one board of another Document's map. New cards go on that board.
class BoardDocument : public Document {
 public:
  explicit BoardDocument(Document& inner) : inner_(inner) {}
  const StrategyMap& view() const override;
  Check edit(std::vector<pb::Op> ops, bool coalesce) override;
  void show(std::string board) { board_ = std::move(board); }
  const std::string& shown() const { return board_; }
  const StrategyMap& full() const { return inner_.view(); }

 private:
  struct Key {
    const StrategyMap* map = nullptr;
    std::uint64_t clock = 0;
    std::size_t elements = 0, links = 0, risks = 0, measures = 0;
    std::string board;
    std::uint64_t edits = 0;
    bool operator==(const Key&) const = default;
  };
  Document& inner_;
  std::string board_;
  std::uint64_t edits_ = 0;
  mutable Key key_;
  mutable bool cached_ = false;
  mutable std::optional<StrategyMap> filtered_;
};

}  // namespace pss::ui
