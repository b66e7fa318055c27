// Timeline: a room's recording (pb::History) made seekable. Pure logic, no I/O: the
// desktop client's replay mode, tests and benchmarks use it alike.
//
// Seek: construction applies every change once, in order, keeping a copy of the map
// every `checkpoint_every` changes. state_at(clock) then starts from the nearest
// checkpoint at or below `clock` (or from the state it returned last, when that is
// closer and not past `clock`) and applies at most checkpoint_every - 1 changes, so a
// seek costs one map copy plus a bounded number of applies, backward or forward.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::history {

namespace pb = ::pss::v1;

// Measured (bench/timeline_bench.cpp, docs/performance.md) on a 100,000-change session:
// 101 checkpoints (~0.35 MB each at ~400 cards), a random seek ~2.5 ms, the worst
// backward seek ~5 ms; 250 a third of that for 2.5 times the memory, 4,000 2-3 times.
inline constexpr std::size_t kCheckpointEvery = 1000;

// One line of the event list beside the timeline.
struct TimelineEvent {
  enum class Kind { change, join, leave, facilitation };
  Kind kind = Kind::change;
  std::uint64_t clock = 0;  // the map to show for this event: after the change, or at the moment
  std::int64_t wall_ms = 0;
  std::uint32_t session_id = 0;
  std::string who;   // display name
  std::string text;  // "Ann moved 'Reduce smoking'"
};

// A recorded pointer as it was at some moment.
struct RecordedCursor {
  std::uint32_t session_id = 0;
  std::string name;
  double x = 0, y = 0;  // canvas
  std::vector<std::string> selection;
  std::int64_t wall_ms = 0;  // of the sample
};

class Timeline {
 public:
  // Fails (nullopt, with `error`) when the base snapshot is invalid, the changes are
  // not consecutive from base.clock + 1, or a change does not apply.
  static std::optional<Timeline> build(pb::History history, std::size_t checkpoint_every = kCheckpointEvery,
                                       std::string* error = nullptr, Limits limits = {});

  const std::string& room() const { return room_; }
  std::uint64_t first_clock() const { return first_clock_; }
  std::uint64_t last_clock() const { return first_clock_ + ops_.size(); }
  std::size_t change_count() const { return ops_.size(); }
  // The span the recording covers, ms since the epoch (changes, joins, leaves, events, cursors).
  std::int64_t first_time() const { return first_time_; }
  std::int64_t last_time() const { return last_time_; }

  // The map after change `clock` (clamped to [first_clock, last_clock]). The reference
  // stays valid until the next call.
  const StrategyMap& state_at(std::uint64_t clock);
  // The clock of the last change committed at or before `wall_ms` (first_clock if none).
  std::uint64_t clock_at(std::int64_t wall_ms) const;
  // When change `clock` committed; first_time() for first_clock and earlier.
  std::int64_t time_of(std::uint64_t clock) const;

  // Ids of the records change `clock` put, patched or removed (empty outside the span).
  std::vector<std::string> touched(std::uint64_t clock) const;

  // Changes, joins, leaves and facilitation events by time (then clock).
  const std::vector<TimelineEvent>& events() const { return events_; }
  // Index of the last event at or before (wall_ms, clock); nullopt before the first.
  std::optional<std::size_t> event_at(std::int64_t wall_ms, std::uint64_t clock) const;

  // The latest visible cursor sample of everyone present, taken within `window_ms`
  // before `wall_ms`; sorted by session id.
  std::vector<RecordedCursor> cursors_at(std::int64_t wall_ms, std::int64_t window_ms = 3000) const;
  // Display name of a session as recorded ("Session 7" if it never said).
  std::string name_of(std::uint32_t session_id) const;

  std::size_t checkpoint_every() const { return every_; }
  std::size_t checkpoint_count() const { return checkpoints_.size(); }

 private:
  Timeline() = default;
  void index_people(const pb::History& h);

  std::string room_;
  std::uint64_t first_clock_ = 0;
  std::int64_t first_time_ = 0;
  std::int64_t last_time_ = 0;
  std::size_t every_ = kCheckpointEvery;
  // Change i has clock first_clock_ + 1 + i. Its ops are kept encoded: as protobuf
  // objects a 100,000-change session held 60 MB more; decoding costs ~2 µs a change,
  // a few milliseconds for the longest seek.
  std::vector<std::string> ops_;          // a RecordedChange holding only the ops
  std::vector<std::int64_t> times_;       // wall_ms of each change
  pb::RecordedChange scratch_;            // decoded ops of the change being applied
  std::vector<StrategyMap> checkpoints_;  // checkpoints_[j]: after j * every_ changes
  std::optional<StrategyMap> current_;    // what state_at returned last
  std::vector<TimelineEvent> events_;
  std::vector<pb::RecordedPresence> presence_;  // by wall_ms
  std::vector<pb::RecordedSession> sessions_;   // by wall_ms
  std::unordered_map<std::uint32_t, std::string> names_;
};

}  // namespace pss::history
