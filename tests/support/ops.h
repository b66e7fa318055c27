// Builders for the ops tests send: cards, links, moves, removals. Valid by default
// (a 160x80 card in the "processes" row), so a test changes only what it is about.
#pragma once

#include <string>

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

inline pb::Op put(const pb::Element& e) {
  pb::Op op;
  *op.mutable_put()->mutable_element() = e;
  return op;
}

inline pb::Op put_element(const std::string& id, double x = 0, double y = 0) { return put(element(id, x, y)); }

inline pb::Op put_link(const std::string& id, const std::string& from, const std::string& to) {
  pb::Op op;
  pb::Link* l = op.mutable_put()->mutable_link();
  l->set_id(id);
  l->set_from(from);
  l->set_to(to);
  return op;
}

// Patch of an element's position.
inline pb::Op move(const std::string& id, double x, double y) {
  pb::Op op;
  pb::RecordPatch* p = op.mutable_patch();
  pb::Element* e = p->mutable_value()->mutable_element();
  e->set_id(id);
  e->mutable_position()->set_x(x);
  e->mutable_position()->set_y(y);
  p->add_fields(pb::Element::kPositionFieldNumber);
  return op;
}

inline pb::Op remove_element(const std::string& id) {
  pb::Op op;
  op.mutable_remove()->set_type(pb::ELEMENT);
  op.mutable_remove()->set_id(id);
  return op;
}

inline pb::Presence cursor_at(double x, double y) {
  pb::Presence p;
  p.mutable_cursor()->set_x(x);
  p.mutable_cursor()->set_y(y);
  p.set_cursor_visible(true);
  return p;
}

}  // namespace pss::test
