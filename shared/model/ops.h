// Small builders for the ops a client sends: put, patch (listed fields), remove.
// Shared by the GUI, pss-bot, the server tests and the model tests so nobody
// hand-assembles oneofs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "pss.pb.h"

namespace pss::ops {

namespace pb = ::pss::v1;

inline pb::Op put(const pb::Element& e) {
  pb::Op op;
  *op.mutable_put()->mutable_element() = e;
  return op;
}
inline pb::Op put(const pb::Link& l) {
  pb::Op op;
  *op.mutable_put()->mutable_link() = l;
  return op;
}
inline pb::Op put(const pb::Row& r) {
  pb::Op op;
  *op.mutable_put()->mutable_row() = r;
  return op;
}
inline pb::Op put(const pb::Risk& r) {
  pb::Op op;
  *op.mutable_put()->mutable_risk() = r;
  return op;
}
inline pb::Op put(const pb::Measure& m) {
  pb::Op op;
  *op.mutable_put()->mutable_measure() = m;
  return op;
}

// `value` carries the id and the new values; `fields` are its field numbers to set,
// e.g. {pb::Element::kPositionFieldNumber}.
inline pb::Op patch(const pb::Element& value, std::initializer_list<std::uint32_t> fields) {
  pb::Op op;
  *op.mutable_patch()->mutable_value()->mutable_element() = value;
  for (auto f : fields) op.mutable_patch()->add_fields(f);
  return op;
}
inline pb::Op patch(const pb::Link& value, std::initializer_list<std::uint32_t> fields) {
  pb::Op op;
  *op.mutable_patch()->mutable_value()->mutable_link() = value;
  for (auto f : fields) op.mutable_patch()->add_fields(f);
  return op;
}
inline pb::Op patch(const pb::Row& value, std::initializer_list<std::uint32_t> fields) {
  pb::Op op;
  *op.mutable_patch()->mutable_value()->mutable_row() = value;
  for (auto f : fields) op.mutable_patch()->add_fields(f);
  return op;
}

inline pb::Op patch(const pb::Risk& value, std::initializer_list<std::uint32_t> fields) {
  pb::Op op;
  *op.mutable_patch()->mutable_value()->mutable_risk() = value;
  for (auto f : fields) op.mutable_patch()->add_fields(f);
  return op;
}
inline pb::Op patch(const pb::Measure& value, std::initializer_list<std::uint32_t> fields) {
  pb::Op op;
  *op.mutable_patch()->mutable_value()->mutable_measure() = value;
  for (auto f : fields) op.mutable_patch()->add_fields(f);
  return op;
}

inline pb::Op remove(pb::RecordType type, const std::string& id) {
  pb::Op op;
  op.mutable_remove()->set_type(type);
  op.mutable_remove()->set_id(id);
  return op;
}

// An element's new position only: the op a drag step sends.
inline pb::Op move(const std::string& id, double x, double y) {
  pb::Element e;
  e.set_id(id);
  e.mutable_position()->set_x(x);
  e.mutable_position()->set_y(y);
  return patch(e, {pb::Element::kPositionFieldNumber});
}

}  // namespace pss::ops
