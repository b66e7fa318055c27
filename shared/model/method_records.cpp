#include "model/method_records.h"

#include <cmath>
#include <string>
#include <vector>

#include "model/record_fields.h"
#include "model/text_check.h"

namespace pss {
namespace {

Rejection reject(pb::Reason reason, std::string detail) { return Rejection{reason, std::move(detail)}; }

Check check_number(double v, std::string_view what) {
  if (!std::isfinite(v)) return reject(pb::INVALID_VALUE, std::string(what) + " is not a finite number");
  return std::nullopt;
}

Check check_scale(std::uint32_t v, std::string_view what) {
  if (v < 1 || v > 5) return reject(pb::OUT_OF_BOUNDS, std::string(what) + " must be from 1 to 5");
  return std::nullopt;
}

// Sets `fields` of `to` to their values in `from`, whatever their types: these records
// are edited by hand, not dragged, so reflection costs nothing that matters.
template <class T>
void copy_by_reflection(const T& from, T& to, FieldMask fields) {
  T source = from;
  std::vector<const google::protobuf::FieldDescriptor*> listed;
  record_fields::for_each(fields, [&](std::uint32_t f) {
    if (const auto* fd = T::descriptor()->FindFieldByNumber(static_cast<int>(f))) listed.push_back(fd);
  });
  T::GetReflection()->SwapFields(&source, &to, listed);
}

}  // namespace

bool is_valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (d[i] - '0');
    return v;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

Check check_risk(const pb::Risk& r, const Limits& limits, FieldMask fields) {
  using R = pb::Risk;
  auto has = [fields](std::uint32_t field) { return (fields & field_bit(field)) != 0; };
  if (has(R::kIdFieldNumber))
    if (auto c = check_id(r.id(), limits, "risk id")) return c;
  if (has(R::kTargetTypeFieldNumber) && r.target_type() != pb::ELEMENT && r.target_type() != pb::LINK)
    return reject(pb::INVALID_VALUE, "a risk is attached to an element or an arrow");
  if (has(R::kTargetFieldNumber))
    if (auto c = check_id(r.target(), limits, "risk target")) return c;
  if (has(R::kDescriptionFieldNumber))
    if (auto c = check_text(r.description(), limits.max_description_bytes, "risk description")) return c;
  if (has(R::kCategoryFieldNumber) && !pb::RiskCategory_IsValid(r.category()))
    return reject(pb::INVALID_VALUE, "unknown risk category");
  if (has(R::kLikelihoodFieldNumber))
    if (auto c = check_scale(r.likelihood(), "likelihood")) return c;
  if (has(R::kImpactFieldNumber))
    if (auto c = check_scale(r.impact(), "impact")) return c;
  if (has(R::kOwnerFieldNumber))
    if (auto c = check_text(r.owner(), limits.max_label_bytes, "risk owner")) return c;
  if (has(R::kMitigationFieldNumber))
    if (auto c = check_text(r.mitigation(), limits.max_description_bytes, "mitigation")) return c;
  if (has(R::kMitigatedByFieldNumber) && !r.mitigated_by().empty())
    if (auto c = check_id(r.mitigated_by(), limits, "mitigating element")) return c;
  if (has(R::kStatusFieldNumber) && !pb::RiskStatus_IsValid(r.status()))
    return reject(pb::INVALID_VALUE, "unknown risk status");
  if (has(R::kAuthorFieldNumber)) return check_text(r.author(), limits.max_name_bytes, "author");
  return std::nullopt;
}

Check check_measure(const pb::Measure& m, const Limits& limits, FieldMask fields) {
  using M = pb::Measure;
  auto has = [fields](std::uint32_t field) { return (fields & field_bit(field)) != 0; };
  if (has(M::kIdFieldNumber))
    if (auto c = check_id(m.id(), limits, "measure id")) return c;
  if (has(M::kElementFieldNumber))
    if (auto c = check_id(m.element(), limits, "measure element")) return c;
  const std::pair<std::uint32_t, std::pair<const std::string*, std::size_t>> texts[] = {
      {M::kNameFieldNumber, {&m.name(), limits.max_title_bytes}},
      {M::kDefinitionFieldNumber, {&m.definition(), limits.max_description_bytes}},
      {M::kUnitFieldNumber, {&m.unit(), limits.max_label_bytes}},
      {M::kDataSourceFieldNumber, {&m.data_source(), limits.max_label_bytes}},
      {M::kFrequencyFieldNumber, {&m.frequency(), limits.max_label_bytes}},
      {M::kOwnerFieldNumber, {&m.owner(), limits.max_label_bytes}},
      {M::kPerverseEffectsFieldNumber, {&m.perverse_effects(), limits.max_description_bytes}},
      {M::kAuthorFieldNumber, {&m.author(), limits.max_name_bytes}},
  };
  for (const auto& [field, text] : texts)
    if (has(field))
      if (auto c = check_text(*text.first, text.second, M::descriptor()->FindFieldByNumber(int(field))->name()))
        return c;
  const std::pair<std::uint32_t, double> numbers[] = {{M::kBaselineFieldNumber, m.baseline()},
                                                      {M::kTargetFieldNumber, m.target()},
                                                      {M::kGreenFieldNumber, m.green()},
                                                      {M::kAmberFieldNumber, m.amber()}};
  for (const auto& [field, value] : numbers)
    if (has(field))
      if (auto c = check_number(value, M::descriptor()->FindFieldByNumber(int(field))->name())) return c;
  const bool thresholds = has(M::kGreenFieldNumber) || has(M::kAmberFieldNumber) || has(M::kDirectionFieldNumber);
  if (has(M::kDirectionFieldNumber) && !pb::MeasureDirection_IsValid(m.direction()))
    return reject(pb::INVALID_VALUE, "unknown measure direction");
  if (thresholds && m.direction() == pb::HIGHER_IS_BETTER && m.green() < m.amber())
    return reject(pb::INVALID_VALUE, "when higher is better the green threshold must be at least the amber one");
  if (thresholds && m.direction() == pb::LOWER_IS_BETTER && m.green() > m.amber())
    return reject(pb::INVALID_VALUE, "when lower is better the green threshold must be at most the amber one");
  if (has(M::kValuesFieldNumber)) {
    if (static_cast<std::size_t>(m.values_size()) > limits.max_measure_values)
      return reject(pb::TOO_MANY, "a measure holds at most " + std::to_string(limits.max_measure_values) + " values");
    for (const auto& v : m.values()) {
      if (!is_valid_date(v.date())) return reject(pb::INVALID_VALUE, "a value's date must be YYYY-MM-DD");
      if (auto c = check_number(v.value(), "value")) return c;
      if (auto c = check_text(v.comment(), limits.max_rationale_bytes, "value comment")) return c;
    }
  }
  if ((has(M::kProvidesValueFieldNumber) && !pb::Answer_IsValid(m.provides_value())) ||
      (has(M::kCostEffectiveFieldNumber) && !pb::Answer_IsValid(m.cost_effective())))
    return reject(pb::INVALID_VALUE, "unknown answer to a filter question");
  if (has(M::kDecisionFieldNumber) && !pb::MeasureDecision_IsValid(m.decision()))
    return reject(pb::INVALID_VALUE, "unknown measure decision");
  return std::nullopt;
}

namespace record_fields {
void copy(const pb::Risk& from, pb::Risk& to, FieldMask fields) { copy_by_reflection(from, to, fields); }
void copy(const pb::Measure& from, pb::Measure& to, FieldMask fields) { copy_by_reflection(from, to, fields); }
}  // namespace record_fields

}  // namespace pss
