// Builders for cards, arrows and retitles in client tests (unit and integration).
#pragma once

#include <string>

#include "model/ops.h"
#include "pss.pb.h"

namespace pss::client::testing {

namespace pb = ::pss::v1;

inline pb::Element card(const std::string& id, const std::string& title = "Fewer people smoke",
                        const std::string& row = "processes", double x = 100, double y = 100) {
  pb::Element e;
  e.set_id(id);
  e.set_kind(row == "processes"                          ? pb::PROCESS
             : row.find("outcomes") != std::string::npos ? pb::OUTCOME
                                                         : pb::CAPABILITY);
  e.set_row(row);
  e.set_title(title);
  e.mutable_position()->set_x(x);
  e.mutable_position()->set_y(y);
  e.mutable_size()->set_x(160);
  e.mutable_size()->set_y(80);
  return e;
}

inline pb::Link arrow(const std::string& id, const std::string& from, const std::string& to) {
  pb::Link l;
  l.set_id(id);
  l.set_from(from);
  l.set_to(to);
  return l;
}

inline pb::Op retitle(const std::string& id, const std::string& title) {
  pb::Element e;
  e.set_id(id);
  e.set_title(title);
  return ops::patch(e, {pb::Element::kTitleFieldNumber});
}

}  // namespace pss::client::testing
