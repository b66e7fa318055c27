#include "method/risk.h"

namespace pss::method {

int risk_rating(int likelihood, int impact) {
  if (likelihood < 1 || likelihood > 5 || impact < 1 || impact > 5) return 0;
  return likelihood * impact;
}

Rag risk_band(int rating) {
  if (rating <= 0) return Rag::none;
  if (rating <= 4) return Rag::green;
  if (rating <= 12) return Rag::amber;
  return Rag::red;
}

Rag risk_band(const pb::Risk& risk) {
  return risk_band(risk_rating(static_cast<int>(risk.likelihood()), static_cast<int>(risk.impact())));
}

bool is_open(const pb::Risk& risk) { return risk.status() != pb::RISK_STATUS_CLOSED; }

std::map<std::string, RiskSummary> risks_by_target(const StrategyMap& map, pb::RecordType type) {
  std::map<std::string, RiskSummary> out;
  for (const auto& [id, risk] : map.risks()) {
    if (risk.target_type() != type || !is_open(risk)) continue;
    auto& s = out[risk.target()];
    ++s.count;
    const int rating = risk_rating(static_cast<int>(risk.likelihood()), static_cast<int>(risk.impact()));
    if (rating > s.highest) {
      s.highest = rating;
      s.band = risk_band(rating);
    }
  }
  return out;
}

RiskMatrix risk_matrix(const StrategyMap& map) {
  RiskMatrix cells(5, std::vector<std::vector<std::string>>(5));
  for (const auto& [id, risk] : map.risks()) {
    if (!is_open(risk) || risk_rating(static_cast<int>(risk.likelihood()), static_cast<int>(risk.impact())) == 0)
      continue;
    cells[risk.likelihood() - 1][risk.impact() - 1].push_back(id);
  }
  return cells;
}

std::set<std::string> risk_targets(const StrategyMap& map, const std::vector<std::string>& risk_ids) {
  std::set<std::string> out;
  for (const auto& id : risk_ids)
    if (const pb::Risk* r = map.risk(id)) out.insert(r->target());
  return out;
}

}  // namespace pss::method
