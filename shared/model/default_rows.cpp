#include "model/default_rows.h"

namespace pss {

std::vector<::pss::v1::Row> default_rows() {
  namespace pb = ::pss::v1;
  struct Spec {
    const char* id;
    pb::ElementKind kind;
    const char* label;
  };
  static constexpr Spec specs[] = {
      {"key-outcomes", pb::OUTCOME, "Key (strategic) outcomes"},
      {"user-outcomes", pb::OUTCOME, "Service user and stakeholder outcomes"},
      {"financial-outcomes", pb::OUTCOME, "Financial / value-for-money outcomes"},
      {"processes", pb::PROCESS, "Processes and service delivery outputs"},
      {"leadership", pb::CAPABILITY, "Leadership"},
      {"people", pb::CAPABILITY, "People and partnerships"},
      {"resources", pb::CAPABILITY, "Resources"},
      {"culture", pb::CAPABILITY, "Culture, innovation and learning"},
  };
  std::vector<pb::Row> rows;
  double order = 1;
  for (const auto& s : specs) {
    pb::Row& r = rows.emplace_back();
    r.set_id(s.id);
    r.set_kind(s.kind);
    r.set_label(s.label);
    r.set_order(order++);
  }
  return rows;
}

}  // namespace pss
