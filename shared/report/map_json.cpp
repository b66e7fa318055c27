#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <type_traits>

#include "model/ops.h"
#include "report/formats.h"

namespace pss::report {

std::string map_json(const StrategyMap& map) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string out;
  // A Snapshot holds no Any or map fields: printing cannot fail.
  (void)google::protobuf::util::MessageToJsonString(map.snapshot(), &out, options);
  return out;
}

std::optional<pb::Snapshot> parse_map_json(std::string_view json, std::string* error) {
  pb::Snapshot snapshot;
  const auto status =
      google::protobuf::util::JsonStringToMessage(google::protobuf::StringPiece(json.data(), json.size()), &snapshot);
  if (!status.ok()) {
    if (error) *error = "not a map export: " + std::string(status.message());
    return std::nullopt;
  }
  return snapshot;
}

pb::Snapshot as_imported(pb::Snapshot s) {
  s.set_clock(1);
  for (auto& r : *s.mutable_rows()) r.set_changed_clock(1);
  for (auto& e : *s.mutable_elements()) e.set_changed_clock(1);
  for (auto& l : *s.mutable_links()) l.set_changed_clock(1);
  for (auto& r : *s.mutable_risks()) r.set_changed_clock(1);
  for (auto& m : *s.mutable_measures()) m.set_changed_clock(1);
  return s;
}

std::vector<pb::Op> import_ops(const StrategyMap& fresh, const pb::Snapshot& snapshot) {
  const pb::Snapshot s = as_imported(snapshot);
  std::vector<pb::Op> ops;
  for (const auto& entry : fresh.rows()) {
    const std::string& id = entry.first;  // not a structured binding: clang 14 cannot capture one
    const bool kept = std::any_of(s.rows().begin(), s.rows().end(), [&](const pb::Row& r) { return r.id() == id; });
    if (!kept) ops.push_back(ops::remove(pb::ROW, id));
  }
  auto put_all = [&](const auto& records) {
    for (const auto& r : records) {
      pb::Op& op = ops.emplace_back();
      using T = std::decay_t<decltype(r)>;
      if constexpr (std::is_same_v<T, pb::Row>) *op.mutable_put()->mutable_row() = r;
      if constexpr (std::is_same_v<T, pb::Element>) *op.mutable_put()->mutable_element() = r;
      if constexpr (std::is_same_v<T, pb::Link>) *op.mutable_put()->mutable_link() = r;
      if constexpr (std::is_same_v<T, pb::Risk>) *op.mutable_put()->mutable_risk() = r;
      if constexpr (std::is_same_v<T, pb::Measure>) *op.mutable_put()->mutable_measure() = r;
    }
  };
  put_all(s.rows());
  put_all(s.elements());
  put_all(s.links());
  put_all(s.risks());
  put_all(s.measures());
  return ops;
}

}  // namespace pss::report
