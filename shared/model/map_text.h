// A plain-text rendering of a map, row by row, for terminals and logs
// (scripts/demo prints it; tests compare maps through it when a hash says "differs").
#pragma once

#include <string>

#include "model/strategy_map.h"

namespace pss {

std::string describe_map(const StrategyMap& map);

}  // namespace pss
