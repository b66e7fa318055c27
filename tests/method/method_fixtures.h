// Builders for risks, measures and small maps in method and report tests.
#pragma once

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>

#include "../model/test_ops.h"

namespace pss::testing {

inline pb::Risk risk(const std::string& id, const std::string& target, int likelihood, int impact,
                     pb::RecordType target_type = pb::ELEMENT) {
  pb::Risk r;
  r.set_id(id);
  r.set_target_type(target_type);
  r.set_target(target);
  r.set_description("Risk " + id);
  r.set_category(pb::RISK_CATEGORY_RISK);
  r.set_likelihood(static_cast<std::uint32_t>(likelihood));
  r.set_impact(static_cast<std::uint32_t>(impact));
  r.set_status(pb::RISK_STATUS_OPEN);
  return r;
}

inline pb::Measure measure(const std::string& id, const std::string& element, pb::MeasureDirection direction,
                           double green, double amber,
                           std::initializer_list<std::pair<const char*, double>> values = {}) {
  pb::Measure m;
  m.set_id(id);
  m.set_element(element);
  m.set_name("Measure " + id);
  m.set_direction(direction);
  m.set_green(green);
  m.set_amber(amber);
  m.set_decision(pb::ACCEPTED);
  for (const auto& [date, value] : values) {
    auto* v = m.add_values();
    v->set_date(date);
    v->set_value(value);
  }
  return m;
}

// A map built by applying ops as one client push at clock 1; throws if refused.
inline StrategyMap map_of(std::vector<pb::Op> ops) {
  Limits limits;
  limits.max_ops_per_push = ops.size() + 1;
  auto map = StrategyMap::with_default_rows(limits);
  if (auto failed = push(map, std::move(ops), 1)) throw std::runtime_error(failed->detail);
  return map;
}

}  // namespace pss::testing
