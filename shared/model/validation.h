// Validation of records and presence: the one place that says what a valid map is.
// Used by the server on every push and by clients before they send.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/limits.h"
#include "pss.pb.h"

namespace pss {

namespace pb = ::pss::v1;

struct Rejection {
  pb::Reason reason = pb::MALFORMED;
  std::string detail;
};

using Check = std::optional<Rejection>;  // nullopt means valid

bool is_valid_utf8(std::string_view s);

// Ids are 1..max_id_bytes of [A-Za-z0-9_.:-]: safe in logs, CSV and file names.
Check check_id(std::string_view id, const Limits& limits, std::string_view what);

// A set of field numbers of one record type: bit f is field f (record fields are all below 32).
using FieldMask = std::uint32_t;
constexpr FieldMask field_bit(std::uint32_t field) { return field < 32 ? FieldMask{1} << field : 0; }
inline constexpr FieldMask kAllFields = ~FieldMask{0};

// Field-level checks of one record in isolation (references are checked by the map).
// `fields` limits the checks to those fields (and the checks that read them), in the
// same order: a patch of a valid record needs only its patched fields checked.
Check check_element(const pb::Element& e, const Limits& limits, FieldMask fields = kAllFields);
Check check_link(const pb::Link& l, const Limits& limits, FieldMask fields = kAllFields);
Check check_row(const pb::Row& r, const Limits& limits, FieldMask fields = kAllFields);

Check check_presence(const pb::Presence& p, const Limits& limits);
Check check_display_name(std::string_view name, const Limits& limits);

}  // namespace pss
