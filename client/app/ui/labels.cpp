#include "client/app/ui/labels.h"

namespace pss::ui {

namespace pb = ::pss::v1;

const char* kind_label(pb::ElementKind kind) {
  switch (kind) {
    case pb::OUTCOME: return "Outcome";
    case pb::PROCESS: return "Process";
    case pb::CAPABILITY: return "Capability";
    case pb::NOTE: return "Note";
    default: return "Card";
  }
}

const char* group_label(pb::StakeholderGroup group) {
  switch (group) {
    case pb::STAFF: return "Staff";
    case pb::SERVICE_USER: return "Service user";
    case pb::PARTNER_ORGANISATION: return "Partner organisation";
    case pb::OTHER_STAKEHOLDER: return "Other stakeholder";
    default: return "Unspecified";
  }
}

const char* status_label(pb::ReviewStatus status) { return status == pb::AGREED ? "Agreed" : "Draft"; }

std::optional<pb::StakeholderGroup> parse_group(std::string_view text) {
  if (text == "staff") return pb::STAFF;
  if (text == "service-user" || text == "service_user") return pb::SERVICE_USER;
  if (text == "partner" || text == "partner-organisation") return pb::PARTNER_ORGANISATION;
  if (text == "other") return pb::OTHER_STAKEHOLDER;
  return std::nullopt;
}

}  // namespace pss::ui
