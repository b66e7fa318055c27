// The replay plan: which part of a recording to play (--from, --to resolved to clocks
// and wall times) and the steps to play at its pace. Pure: no clocks, no I/O.
//
// Pace: each step waits for the recorded gap since the previous one divided by the
// speed, but a gap longer than max_gap (a break, an idle room) counts as max_gap, so
// a replay never stalls on a lunch break.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pss.pb.h"
#include "time_spec.h"

namespace pss::replay {

namespace pb = ::pss::v1;

inline constexpr std::chrono::milliseconds kMaxGap{2000};

struct Step {
  std::chrono::microseconds delay{0};          // after the previous step, paced
  const pb::RecordedChange* change = nullptr;  // exactly one of the three is set
  const pb::RecordedSession* session = nullptr;
  const pb::RecordedPresence* presence = nullptr;
};

struct Plan {
  std::uint64_t from_clock = 0;            // the room starts at the map at this clock
  std::uint64_t to_clock = 0;              // and ends at this one
  std::vector<pb::Peer> present_at_start;  // joined before the start and still there
  std::vector<Step> steps;                 // pointers into the history given to make_plan
};

// The clock a moment names: a clock as is (checked against the history), a time from
// the start as the last change at or before it. nullopt with `error` when out of range.
std::optional<std::uint64_t> resolve(const pb::History& history, const TimeSpec& at, std::string* error);

// nullopt with `error` when a moment is outside the recording or `from` is after `to`.
std::optional<Plan> make_plan(const pb::History& history, const std::optional<TimeSpec>& from,
                              const std::optional<TimeSpec>& to, double speed, std::string* error,
                              std::chrono::milliseconds max_gap = kMaxGap);

// The colour a recorded person gets (the server's palette, by recorded session id).
pb::Peer peer_of(const pb::RecordedSession& session);

}  // namespace pss::replay
