#include "method/measure.h"

#include <algorithm>
#include <cmath>

namespace pss::method {

std::string_view trend_name(Trend trend) {
  switch (trend) {
    case Trend::improving: return "improving";
    case Trend::steady: return "steady";
    case Trend::worsening: return "worsening";
    default: return "unknown";
  }
}

std::vector<pb::MeasureValue> values_by_date(const pb::Measure& m) {
  std::vector<pb::MeasureValue> values(m.values().begin(), m.values().end());
  // Dates are YYYY-MM-DD, so text order is time order.
  std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.date() < b.date(); });
  return values;
}

std::optional<pb::MeasureValue> latest_value(const pb::Measure& m) {
  if (m.values().empty()) return std::nullopt;
  return values_by_date(m).back();
}

Rag status_of(const pb::Measure& m, double value) {
  switch (m.direction()) {
    case pb::HIGHER_IS_BETTER: return value >= m.green() ? Rag::green : value >= m.amber() ? Rag::amber : Rag::red;
    case pb::LOWER_IS_BETTER: return value <= m.green() ? Rag::green : value <= m.amber() ? Rag::amber : Rag::red;
    default: return Rag::none;
  }
}

Rag measure_status(const pb::Measure& m) {
  auto latest = latest_value(m);
  return latest ? status_of(m, latest->value()) : Rag::none;
}

Trend measure_trend(const pb::Measure& m) {
  if (m.values_size() < 2 || m.direction() == pb::MEASURE_DIRECTION_UNSPECIFIED) return Trend::unknown;
  const auto values = values_by_date(m);
  const double now = values.back().value(), before = values[values.size() - 2].value();
  const double change = m.direction() == pb::HIGHER_IS_BETTER ? now - before : before - now;
  // Relative tolerance: a value read back from a spreadsheet is not "worse" by 1e-15.
  if (std::fabs(change) <= 1e-9 * std::max({1.0, std::fabs(now), std::fabs(before)})) return Trend::steady;
  return change > 0 ? Trend::improving : Trend::worsening;
}

bool is_accepted(const pb::Measure& m) { return m.decision() == pb::ACCEPTED; }

std::map<std::string, Rag> status_by_element(const StrategyMap& map) {
  std::map<std::string, Rag> out;
  for (const auto& [id, m] : map.measures()) {
    if (!is_accepted(m)) continue;
    auto it = out.try_emplace(m.element(), Rag::none).first;
    it->second = std::max(it->second, measure_status(m));  // Rag orders none < green < amber < red
  }
  return out;
}

std::vector<ScorecardRow> scorecard(const StrategyMap& map) {
  std::map<std::string, std::vector<const pb::Measure*>> accepted;
  for (const auto& [id, m] : map.measures())
    if (is_accepted(m)) accepted[m.element()].push_back(&m);
  std::vector<ScorecardRow> out;
  for (const pb::Row* row : map.rows_in_order()) {
    std::vector<const pb::Element*> cards;
    for (const auto& [id, e] : map.elements())
      if (e.row() == row->id() && accepted.contains(id)) cards.push_back(&e);
    std::stable_sort(cards.begin(), cards.end(),
                     [](const pb::Element* a, const pb::Element* b) { return a->position().x() < b->position().x(); });
    for (const pb::Element* e : cards) {
      auto& measures = accepted[e->id()];
      std::stable_sort(measures.begin(), measures.end(),
                       [](const pb::Measure* a, const pb::Measure* b) { return a->name() < b->name(); });
      for (const pb::Measure* m : measures)
        out.push_back({e, row, m, latest_value(*m), measure_status(*m), measure_trend(*m)});
    }
  }
  return out;
}

}  // namespace pss::method
