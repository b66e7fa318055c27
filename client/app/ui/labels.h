// Human-readable names of protocol enums, and parsing of the --group flag.
#pragma once

#include <optional>
#include <string_view>

#include "pss.pb.h"

namespace pss::ui {

const char* kind_label(pss::v1::ElementKind kind);        // "Outcome"
const char* group_label(pss::v1::StakeholderGroup group);  // "Service user"
const char* status_label(pss::v1::ReviewStatus status);   // "Draft"
// staff | service-user | partner | other
std::optional<pss::v1::StakeholderGroup> parse_group(std::string_view text);

}  // namespace pss::ui
