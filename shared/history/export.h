// Exports of a room's recording (pb::History, proto/pss.proto "recordings") for people
// and other tools: the changes as JSON lines or CSV, the map at a clock as JSON.
// Pure functions, no I/O: pss-replay reads the history and writes what these return.
//
// A history whose changes do not apply to its base (a gap, a change the model
// refuses) is damaged: the functions that replay it throw HistoryError naming the clock.
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "model/limits.h"
#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::history {

namespace pb = ::pss::v1;

inline constexpr std::uint64_t kLastClock = std::numeric_limits<std::uint64_t>::max();

struct HistoryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The map at `clock`: the base, then every change up to and including `clock`, each
// applied as replicas do (trusted ops at the change's clock). A clock before the base
// is an error; one past the last change gives the final map.
StrategyMap map_at(const pb::History& history, std::uint64_t clock = kLastClock, const Limits& limits = {});

// One RecordedChange per line in protobuf's JSON mapping (compact), each ending in '\n'.
std::string changes_jsonl(const pb::History& history);

// The changes as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line
// break quoted), a header line first, one line per changed field:
//   time,clock,person,action,record_type,record_id,title,field,old,new
// create (new = title or label), update (one line per field a patch lists or a put
// changes; old from the map before the change), delete (old = title or label).
std::string changes_csv(const pb::History& history, const Limits& limits = {});

// A snapshot in protobuf's JSON mapping, pretty printed, zero values included so
// every card has its full position and size.
std::string snapshot_json(const pb::Snapshot& snapshot);

// Helpers of the CSV, exposed for tests.
std::string csv_field(const std::string& value);
std::string iso8601_utc(std::int64_t wall_ms);  // 2026-11-26T16:39:28.123Z

}  // namespace pss::history
