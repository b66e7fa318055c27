// A measure's status (from its latest value, thresholds and direction) and trend.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "method/rag.h"
#include "model/strategy_map.h"

namespace pss::method {

enum class Trend { unknown, improving, steady, worsening };
std::string_view trend_name(Trend trend);  // "unknown", "improving", "steady", "worsening"

// The values by date (stable for equal dates: later in the list is later).
std::vector<pb::MeasureValue> values_by_date(const pb::Measure& m);
std::optional<pb::MeasureValue> latest_value(const pb::Measure& m);

// Where `value` falls: with HIGHER_IS_BETTER >= green is green, >= amber amber, else
// red; LOWER_IS_BETTER mirrors it; no direction: none.
Rag status_of(const pb::Measure& m, double value);
Rag measure_status(const pb::Measure& m);  // of the latest value; none without values
// The latest value against the one before, in the direction that is better.
Trend measure_trend(const pb::Measure& m);

bool is_accepted(const pb::Measure& m);

// The worst status of each element's accepted measures (what its status dot shows).
std::map<std::string, Rag> status_by_element(const StrategyMap& map);

// One row of the scorecard: an element and one of its accepted measures.
struct ScorecardRow {
  const pb::Element* element;
  const pb::Row* row;  // the map row the element sits in (nullptr for free notes)
  const pb::Measure* measure;
  std::optional<pb::MeasureValue> latest;
  Rag status;
  Trend trend;
};
// Rows of the map top to bottom, elements left to right, then measures by name.
std::vector<ScorecardRow> scorecard(const StrategyMap& map);

}  // namespace pss::method
