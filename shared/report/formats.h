// The exports a facilitator hands out: the whole map as JSON (protobuf's JSON mapping
// of the Snapshot, which import reads back), the picture as SVG or PNG, and the
// scorecard as CSV.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/strategy_map.h"

namespace pss::report {

std::string map_json(const StrategyMap& map);
// Parses an export. Fails with the parser's reason on anything but a Snapshot in JSON.
std::optional<pb::Snapshot> parse_map_json(std::string_view json, std::string* error);
// How a new room (StrategyMap::with_default_rows(), clock 0) becomes an export with
// the export's clock and every record's changed_clock, so it has the export's state
// hash: one change per clock 1..clock, as a room's log must be. Change 1 removes the
// default rows the export lacks and puts every record (authors kept); a record last
// changed at clock c > 1 is put again at c; the clocks between are empty changes.
struct ImportPlan {
  std::uint64_t clock = 0;                               // the room's clock afterwards
  std::map<std::uint64_t, std::vector<pb::Op>> changes;  // by clock; absent: empty
  const std::vector<pb::Op>& at(std::uint64_t clock) const;
};
inline constexpr std::uint64_t kMaxImportClock = 10'000'000;  // a bound on the empty changes
// Fails (with `error`) only on a clock above kMaxImportClock; the ops are checked when applied.
std::optional<ImportPlan> import_plan(const StrategyMap& fresh, const pb::Snapshot& snapshot, std::string* error);
// Applies the plan's changes after the map's clock, each at its clock without a stamp,
// handing each one as applied to `on_change`. Returns the first rejection.
Check apply_import(StrategyMap& map, const ImportPlan& plan,
                   const std::function<void(std::uint64_t clock, std::vector<pb::Op>& applied)>& on_change = {});

std::string scorecard_csv(const StrategyMap& map);
std::string map_svg(const StrategyMap& map);
// The picture rasterised at `scale` pixels per canvas unit, as PNG bytes; empty when
// the encoder fails.
std::string map_png(const StrategyMap& map, double scale = 1.0);

}  // namespace pss::report
