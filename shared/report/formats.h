// The exports a facilitator hands out: the whole map as JSON (protobuf's JSON mapping
// of the Snapshot, which import reads back), the picture as SVG or PNG, and the
// scorecard as CSV.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/strategy_map.h"

namespace pss::report {

std::string map_json(const StrategyMap& map);
// Parses an export. Fails with the parser's reason on anything but a Snapshot in JSON.
std::optional<pb::Snapshot> parse_map_json(std::string_view json, std::string* error);
// An export as a new room starts from it: one change at clock 1 that holds the whole
// map, so every record's changed_clock is 1. Importing the export of an imported room
// gives the same state hash.
pb::Snapshot as_imported(pb::Snapshot snapshot);
// The ops of that first change, to apply to StrategyMap::with_default_rows() at clock 1
// without a stamp (authors are kept): default rows the export lacks are removed, then
// every record of the export is put, parents first.
std::vector<pb::Op> import_ops(const StrategyMap& fresh, const pb::Snapshot& snapshot);

std::string scorecard_csv(const StrategyMap& map);
std::string map_svg(const StrategyMap& map);
// The picture rasterised at `scale` pixels per canvas unit, as PNG bytes; empty when
// the encoder fails.
std::string map_png(const StrategyMap& map, double scale = 1.0);

}  // namespace pss::report
