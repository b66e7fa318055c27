#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
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

namespace {

// A record the new room holds already as the export has it (a default row nobody
// changed, changed_clock 0): putting it again would only restamp it.
template <class T>
bool unchanged_default(const StrategyMap& fresh, const T& r) {
  if constexpr (std::is_same_v<T, pb::Row>) {
    const pb::Row* had = fresh.row(r.id());
    return r.changed_clock() == 0 && had && had->SerializeAsString() == r.SerializeAsString();
  }
  return false;
}

template <class T>
pb::Op put_op(const T& r) {
  pb::Op op;
  pb::Record& rec = *op.mutable_put();
  if constexpr (std::is_same_v<T, pb::Row>) *rec.mutable_row() = r;
  if constexpr (std::is_same_v<T, pb::Element>) *rec.mutable_element() = r;
  if constexpr (std::is_same_v<T, pb::Link>) *rec.mutable_link() = r;
  if constexpr (std::is_same_v<T, pb::Risk>) *rec.mutable_risk() = r;
  if constexpr (std::is_same_v<T, pb::Measure>) *rec.mutable_measure() = r;
  return op;
}

}  // namespace

const std::vector<pb::Op>& ImportPlan::at(std::uint64_t c) const {
  static const std::vector<pb::Op> none;
  auto it = changes.find(c);
  return it == changes.end() ? none : it->second;
}

std::optional<ImportPlan> import_plan(const StrategyMap& fresh, const pb::Snapshot& s, std::string* error) {
  ImportPlan plan;
  std::vector<pb::Op>& first = plan.changes[1];
  for (const auto& entry : fresh.rows()) {
    const std::string& id = entry.first;  // not a structured binding: clang 14 cannot capture one
    const bool kept = std::any_of(s.rows().begin(), s.rows().end(), [&](const pb::Row& r) { return r.id() == id; });
    if (!kept) first.push_back(ops::remove(pb::ROW, id));
  }
  std::uint64_t last = s.clock();
  // Change 1 puts every record, parents first, so any later change can restamp any
  // record whatever it refers to; a record last changed at clock c > 1 is put again,
  // unchanged, at c. Applying a put stamps the change's clock, so every changed_clock
  // and the map's clock come back as exported.
  auto put_all = [&](const auto& records) {
    for (const auto& r : records) {
      if (unchanged_default(fresh, r)) continue;
      first.push_back(put_op(r));
      if (r.changed_clock() > 1) plan.changes[r.changed_clock()].push_back(put_op(r));
      last = std::max<std::uint64_t>(last, r.changed_clock());
    }
  };
  put_all(s.rows());
  put_all(s.elements());
  put_all(s.links());
  put_all(s.risks());
  put_all(s.measures());
  if (first.empty()) plan.changes.erase(1);
  plan.clock = plan.changes.empty() ? last : std::max<std::uint64_t>(last, 1);
  if (plan.clock > kMaxImportClock) {
    if (error)
      *error = "clock " + std::to_string(plan.clock) + " is beyond what an import replays (" +
               std::to_string(kMaxImportClock) + " changes)";
    return std::nullopt;
  }
  return plan;
}

Check apply_import(StrategyMap& map, const ImportPlan& plan,
                   const std::function<void(std::uint64_t clock, std::vector<pb::Op>& applied)>& on_change) {
  std::vector<pb::Op> applied;
  for (std::uint64_t c = map.clock() + 1; c <= plan.clock; ++c) {
    applied.clear();
    if (auto failed = map.apply(plan.at(c), ApplyContext{c, nullptr}, &applied)) {
      failed->detail = "at clock " + std::to_string(c) + ": " + failed->detail;
      return failed;
    }
    if (on_change) on_change(c, applied);
  }
  return std::nullopt;
}

}  // namespace pss::report
