// Small builders for ops in model tests.
#pragma once

#include <string>
#include <vector>

#include "model/ops.h"
#include "model/strategy_map.h"

namespace pss::testing {

namespace pb = ::pss::v1;

inline pb::Element element(const std::string& id, const std::string& row = "processes", double x = 0, double y = 0) {
  pb::Element e;
  e.set_id(id);
  e.set_kind(row == "processes" ? pb::PROCESS : row.find("outcomes") != std::string::npos ? pb::OUTCOME : pb::CAPABILITY);
  e.set_row(row);
  e.set_title("Card " + id);
  e.mutable_position()->set_x(x);
  e.mutable_position()->set_y(y);
  e.mutable_size()->set_x(160);
  e.mutable_size()->set_y(80);
  return e;
}

using ops::move;
using ops::put;
using ops::remove;

inline pb::Op put_link(const std::string& id, const std::string& from, const std::string& to) {
  pb::Link l;
  l.set_id(id);
  l.set_from(from);
  l.set_to(to);
  return put(l);
}

inline pb::Op retitle(const std::string& id, const std::string& title) {
  pb::Element e;
  e.set_id(id);
  e.set_title(title);
  return ops::patch(e, {pb::Element::kTitleFieldNumber});
}

inline const Identity& alice() {
  static const Identity who{"Alice", pb::SERVICE_USER};
  return who;
}

// Applies ops as the server does for a client push at `clock`.
inline Check push(StrategyMap& map, std::vector<pb::Op> ops, std::uint64_t clock, std::vector<pb::Op>* applied = nullptr) {
  return map.apply(ops, ApplyContext{clock, &alice()}, applied);
}

}  // namespace pss::testing
