// Field-level facts about the three record types, by field number: which fields a
// patch may change, which are the server's, their checks, and copying listed fields
// from one record to another. Plain switches rather than protobuf reflection: a drag patch is the
// hottest op of a room and of every replay.
#pragma once

#include <bit>
#include <cstdint>

#include "model/validation.h"
#include "pss.pb.h"

namespace pss::record_fields {

template <class T>
struct Traits;

// Per type: which fields a patch may change (others are the server's, read_only, or
// unknown to this version), and which fields' checks read other fields or other
// records (an element's kind and row, a link's ends): a patch of those is checked on
// the whole patched record.
template <>
struct Traits<pb::Element> {
  using E = pb::Element;
  static constexpr pb::RecordType type = pb::ELEMENT;
  static constexpr FieldMask patchable = field_bit(E::kKindFieldNumber) | field_bit(E::kRowFieldNumber) |
                                         field_bit(E::kTitleFieldNumber) | field_bit(E::kDescriptionFieldNumber) |
                                         field_bit(E::kPositionFieldNumber) | field_bit(E::kSizeFieldNumber) |
                                         field_bit(E::kColorFieldNumber) | field_bit(E::kStatusFieldNumber);
  static constexpr FieldMask read_only = field_bit(E::kIdFieldNumber) | field_bit(E::kAuthorFieldNumber) |
                                         field_bit(E::kGroupFieldNumber) | field_bit(E::kChangedClockFieldNumber) |
                                         field_bit(E::kBoardFieldNumber);
  static constexpr FieldMask coupled = field_bit(E::kKindFieldNumber) | field_bit(E::kRowFieldNumber);
  static E* mutable_in(pb::Record& r) { return r.mutable_element(); }
  static Check check(const E& e, const Limits& limits, FieldMask fields) { return check_element(e, limits, fields); }
};

template <>
struct Traits<pb::Link> {
  using L = pb::Link;
  static constexpr pb::RecordType type = pb::LINK;
  static constexpr FieldMask patchable =
      field_bit(L::kFromFieldNumber) | field_bit(L::kToFieldNumber) | field_bit(L::kRationaleFieldNumber);
  static constexpr FieldMask read_only =
      field_bit(L::kIdFieldNumber) | field_bit(L::kAuthorFieldNumber) | field_bit(L::kChangedClockFieldNumber);
  static constexpr FieldMask coupled = field_bit(L::kFromFieldNumber) | field_bit(L::kToFieldNumber);
  static L* mutable_in(pb::Record& r) { return r.mutable_link(); }
  static Check check(const L& l, const Limits& limits, FieldMask fields) { return check_link(l, limits, fields); }
};

template <>
struct Traits<pb::Row> {
  using R = pb::Row;
  static constexpr pb::RecordType type = pb::ROW;
  static constexpr FieldMask patchable =
      field_bit(R::kKindFieldNumber) | field_bit(R::kLabelFieldNumber) | field_bit(R::kOrderFieldNumber);
  static constexpr FieldMask read_only = field_bit(R::kIdFieldNumber) | field_bit(R::kChangedClockFieldNumber);
  static constexpr FieldMask coupled = 0;
  static R* mutable_in(pb::Record& r) { return r.mutable_row(); }
  static Check check(const R& r, const Limits& limits, FieldMask fields) { return check_row(r, limits, fields); }
};

// Calls fn(field) for every field number in `fields`, ascending.
template <class Fn>
void for_each(FieldMask fields, Fn&& fn) {
  while (fields != 0) {
    const auto field = static_cast<std::uint32_t>(std::countr_zero(fields));
    fields &= fields - 1;
    fn(field);
  }
}

// What Message::DiscardUnknownFields does, without its walk over every field by
// reflection when, as almost always, there is nothing to discard. An element's only
// message fields are its position and size.
inline bool has_unknown_fields(const google::protobuf::Message& m) {
  return !m.GetReflection()->GetUnknownFields(m).empty();
}
inline void discard_unknown_fields(pb::Element& e) {
  if (has_unknown_fields(e) || has_unknown_fields(e.position()) || has_unknown_fields(e.size()))
    e.DiscardUnknownFields();
}
inline void discard_unknown_fields(pb::Link& l) {
  if (has_unknown_fields(l)) l.DiscardUnknownFields();
}
inline void discard_unknown_fields(pb::Row& r) {
  if (has_unknown_fields(r)) r.DiscardUnknownFields();
}

// A drag is a stream of position patches: two stores, not Vec2::CopyFrom's clear
// and merge (which would also carry unknown fields along).
inline void copy_point(const pb::Vec2& from, pb::Vec2& to) {
  to.set_x(from.x());
  to.set_y(from.y());
}

// Sets the `fields` of `to` to their values in `from`; a message field absent in `from`
// becomes absent in `to`. Fields that are not patchable are ignored.
inline void copy(const pb::Element& from, pb::Element& to, FieldMask fields) {
  for_each(fields, [&](std::uint32_t field) {
    switch (field) {
      case pb::Element::kKindFieldNumber: to.set_kind(from.kind()); break;
      case pb::Element::kRowFieldNumber: to.set_row(from.row()); break;
      case pb::Element::kTitleFieldNumber: to.set_title(from.title()); break;
      case pb::Element::kDescriptionFieldNumber: to.set_description(from.description()); break;
      case pb::Element::kPositionFieldNumber:
        if (from.has_position())
          copy_point(from.position(), *to.mutable_position());
        else
          to.clear_position();
        break;
      case pb::Element::kSizeFieldNumber:
        if (from.has_size())
          copy_point(from.size(), *to.mutable_size());
        else
          to.clear_size();
        break;
      case pb::Element::kColorFieldNumber: to.set_color(from.color()); break;
      case pb::Element::kStatusFieldNumber: to.set_status(from.status()); break;
      default: break;
    }
  });
}

inline void copy(const pb::Link& from, pb::Link& to, FieldMask fields) {
  for_each(fields, [&](std::uint32_t field) {
    switch (field) {
      case pb::Link::kFromFieldNumber: to.set_from(from.from()); break;
      case pb::Link::kToFieldNumber: to.set_to(from.to()); break;
      case pb::Link::kRationaleFieldNumber: to.set_rationale(from.rationale()); break;
      default: break;
    }
  });
}

inline void copy(const pb::Row& from, pb::Row& to, FieldMask fields) {
  for_each(fields, [&](std::uint32_t field) {
    switch (field) {
      case pb::Row::kKindFieldNumber: to.set_kind(from.kind()); break;
      case pb::Row::kLabelFieldNumber: to.set_label(from.label()); break;
      case pb::Row::kOrderFieldNumber: to.set_order(from.order()); break;
      default: break;
    }
  });
}

}  // namespace pss::record_fields
