// Risk rating: likelihood x impact on the usual 5x5 matrix, in bands.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "method/rag.h"
#include "model/strategy_map.h"

namespace pss::method {

// likelihood x impact, 1..25; 0 when either is outside 1..5.
int risk_rating(int likelihood, int impact);
// 1-4 green, 5-12 amber, 15-25 red (13 and 14 are not products of 1..5).
Rag risk_band(int rating);
Rag risk_band(const pb::Risk& risk);
bool is_open(const pb::Risk& risk);  // not closed

// What the board draws on a card or an arrow: how many open risks it has and the band
// of the highest-rated one. Keyed by element or link id.
struct RiskSummary {
  int count = 0;
  int highest = 0;  // rating
  Rag band = Rag::none;
};
std::map<std::string, RiskSummary> risks_by_target(const StrategyMap& map, pb::RecordType type);

// The 5x5 matrix: cell [likelihood-1][impact-1] lists the ids of the open risks there.
using RiskMatrix = std::vector<std::vector<std::vector<std::string>>>;
RiskMatrix risk_matrix(const StrategyMap& map);
// What clicking risks selects on the board: the cards and arrows they are on.
std::set<std::string> risk_targets(const StrategyMap& map, const std::vector<std::string>& risk_ids);

}  // namespace pss::method
