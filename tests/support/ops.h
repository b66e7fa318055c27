// Builders for the ops tests send: cards, links, moves, removals. Valid by default
// (a 160x80 card in the "processes" row), so a test changes only what it is about.
#pragma once

#include <string>

#include "model/ops.h"
#include "pss.pb.h"

namespace pss::test {

namespace pb = ::pss::v1;

inline pb::Element element(const std::string& id, double x = 0, double y = 0, const std::string& row = "processes") {
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

inline pb::Op put_element(const std::string& id, double x = 0, double y = 0) { return put(element(id, x, y)); }

inline pb::Op put_link(const std::string& id, const std::string& from, const std::string& to) {
  pb::Link l;
  l.set_id(id);
  l.set_from(from);
  l.set_to(to);
  return put(l);
}

inline pb::Op remove_element(const std::string& id) { return ops::remove(pb::ELEMENT, id); }

inline pb::Presence cursor_at(double x, double y) {
  pb::Presence p;
  p.mutable_cursor()->set_x(x);
  p.mutable_cursor()->set_y(y);
  p.set_cursor_visible(true);
  return p;
}

}  // namespace pss::test
