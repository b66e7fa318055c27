// Field-level facts about the PSS method's records, risks and measures: their
// checks and the record_fields traits that put, patch and remove them through
// StrategyMap like cards (per-field last-writer-wins).
#pragma once

#include <cstdint>

#include "model/validation.h"
#include "pss.pb.h"

namespace pss {

// Field checks of one record in isolation; references are checked by the map.
Check check_risk(const pb::Risk& r, const Limits& limits, FieldMask fields = kAllFields);
Check check_measure(const pb::Measure& m, const Limits& limits, FieldMask fields = kAllFields);
// A date of a measure's value: YYYY-MM-DD, a real day.
bool is_valid_date(std::string_view date);

namespace record_fields {

template <class T>
struct Traits;

template <>
struct Traits<pb::Risk> {
  using R = pb::Risk;
  static constexpr pb::RecordType type = pb::RISK;
  static constexpr FieldMask patchable = field_bit(R::kTargetTypeFieldNumber) | field_bit(R::kTargetFieldNumber) |
                                         field_bit(R::kDescriptionFieldNumber) | field_bit(R::kCategoryFieldNumber) |
                                         field_bit(R::kLikelihoodFieldNumber) | field_bit(R::kImpactFieldNumber) |
                                         field_bit(R::kOwnerFieldNumber) | field_bit(R::kMitigationFieldNumber) |
                                         field_bit(R::kMitigatedByFieldNumber) | field_bit(R::kStatusFieldNumber);
  static constexpr FieldMask read_only =
      field_bit(R::kIdFieldNumber) | field_bit(R::kAuthorFieldNumber) | field_bit(R::kChangedClockFieldNumber);
  // The target is one reference in two fields; the mitigating card is another.
  static constexpr FieldMask coupled =
      field_bit(R::kTargetTypeFieldNumber) | field_bit(R::kTargetFieldNumber) | field_bit(R::kMitigatedByFieldNumber);
  static R* mutable_in(pb::Record& r) { return r.mutable_risk(); }
  static Check check(const R& r, const Limits& limits, FieldMask fields) { return check_risk(r, limits, fields); }
};

template <>
struct Traits<pb::Measure> {
  using M = pb::Measure;
  static constexpr pb::RecordType type = pb::MEASURE;
  static constexpr FieldMask read_only =
      field_bit(M::kIdFieldNumber) | field_bit(M::kAuthorFieldNumber) | field_bit(M::kChangedClockFieldNumber);
  static constexpr FieldMask patchable = ~read_only & (field_bit(M::kChangedClockFieldNumber + 1) - 2);
  // The thresholds are checked against each other and the direction; the element is a reference.
  static constexpr FieldMask coupled = field_bit(M::kElementFieldNumber) | field_bit(M::kGreenFieldNumber) |
                                       field_bit(M::kAmberFieldNumber) | field_bit(M::kDirectionFieldNumber);
  static M* mutable_in(pb::Record& r) { return r.mutable_measure(); }
  static Check check(const M& m, const Limits& limits, FieldMask fields) { return check_measure(m, limits, fields); }
};

inline void discard_unknown_fields(pb::Risk& r) { r.DiscardUnknownFields(); }
inline void discard_unknown_fields(pb::Measure& m) { m.DiscardUnknownFields(); }

void copy(const pb::Risk& from, pb::Risk& to, FieldMask fields);
void copy(const pb::Measure& from, pb::Measure& to, FieldMask fields);

}  // namespace record_fields
}  // namespace pss
