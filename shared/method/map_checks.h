// Map checks: what the PSS method says a finished map should not have. Each finding
// names the records it is about, so the board can select them.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "model/strategy_map.h"

namespace pss::method {

enum class CheckKind {
  orphan_outcome,       // an outcome nothing contributes to
  unsupported_process,  // a process no capability contributes to
  unmeasured,           // measurement phase: an element with no accepted measure
  cycle,                // arrows that come back to where they started
  downward_arrow,       // an arrow from a higher row to a lower one
  isolated,             // an element with no arrows at all
};
std::string_view check_name(CheckKind kind);

struct Finding {
  CheckKind kind;
  std::vector<std::string> elements;  // ids, for selection
  std::vector<std::string> links;
  std::string message;  // what a facilitator reads
};

struct CheckOptions {
  bool measurement_phase = false;  // phase three: every element needs an accepted measure
};

// All findings, in a stable order (by kind, then by the ids they name). Notes are not
// part of the strategy and are never checked.
std::vector<Finding> check_map(const StrategyMap& map, const CheckOptions& options = {});
// What clicking a finding selects on the board: the cards and arrows it names.
std::set<std::string> selection_of(const Finding& finding);

}  // namespace pss::method
