// What the replay timeline decides without a window: the play head (play, pause,
// speed, scrub, jump to an event, step), which map, event and cursors it shows, and a
// read-only Document over the timeline so the board's canvas code can draw it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/app/ui/document.h"
#include "history/timeline.h"

namespace pss::ui {

inline constexpr double kReplaySpeeds[] = {0.5, 1, 2, 5, 10, 100};
inline constexpr int kReplaySpeedCount = 6;
// While playing, a quiet stretch longer than this (recording time) is skipped to just
// before the next event: an hour's lunch break should not take an hour to watch.
inline constexpr std::int64_t kQuietGapMs = 8000;
inline constexpr std::int64_t kLeadInMs = 1000;

// The play head over [first, last] ms. A jump pins an exact clock (several changes can
// share a millisecond); playing or scrubbing unpins it.
class PlayHead {
 public:
  void reset(std::int64_t first_ms, std::int64_t last_ms);
  void play();  // from the start again when at the end
  void pause() { playing_ = false; }
  void toggle() { playing_ ? pause() : play(); }
  void set_speed(int index);
  void faster() { set_speed(speed_index_ + 1); }
  void slower() { set_speed(speed_index_ - 1); }
  // Moves by dt × speed while playing; pauses at the end.
  void advance(double dt_seconds);
  void scrub(std::int64_t wall_ms);
  void jump(std::int64_t wall_ms, std::uint64_t clock);

  bool playing() const { return playing_; }
  int speed_index() const { return speed_index_; }
  double speed() const { return kReplaySpeeds[speed_index_]; }
  std::int64_t time() const { return time_; }
  std::optional<std::uint64_t> pinned() const { return pinned_; }
  std::int64_t first() const { return first_; }
  std::int64_t last() const { return last_; }

 private:
  std::int64_t first_ = 0, last_ = 0, time_ = 0;
  double carry_ = 0;  // sub-millisecond remainder, so 0.5x at 60 fps still moves
  bool playing_ = false;
  int speed_index_ = 1;
  std::optional<std::uint64_t> pinned_;
};

// A recorded cursor as the canvas draws peers: name and colour as the live room gave them.
struct ReplayCursor {
  std::uint32_t session_id = 0;
  std::string name;
  std::uint32_t color = 0;  // 0xRRGGBB
  pb::Presence presence;
};

class Replay {
 public:
  explicit Replay(history::Timeline timeline);

  // One frame: plays, skipping quiet stretches. True when the map shown changed.
  bool advance(double dt_seconds);
  void scrub(std::int64_t wall_ms) { head_.scrub(wall_ms); }
  // Jumps to event `index` of timeline().events(), exactly at its clock.
  void select_event(std::size_t index);
  // To the next or previous change (arrow keys).
  void step(int direction);

  std::uint64_t clock() const;
  const StrategyMap& map() { return timeline_.state_at(clock()); }
  std::optional<std::size_t> current_event() const { return timeline_.event_at(head_.time(), clock()); }
  std::vector<ReplayCursor> cursors() const;
  // What the current event changed (cards and arrows), to outline on the map.
  std::vector<std::string> highlighted() const;
  // "Replay — read-only, clock 120 of 5000, time 14:03:22"
  std::string banner() const;

  PlayHead& head() { return head_; }
  const PlayHead& head() const { return head_; }
  history::Timeline& timeline() { return timeline_; }
  const history::Timeline& timeline() const { return timeline_; }

 private:
  history::Timeline timeline_;
  PlayHead head_;
};

// The colour the server gave a session live (cursors, the event list's dots).
std::uint32_t person_color(std::uint32_t session_id);
// hh:mm:ss of a wall-clock time, in the local time zone.
std::string time_of_day(std::int64_t wall_ms);
// m:ss or h:mm:ss of a duration.
std::string duration_text(std::int64_t ms);

// The board's Document for replay: the map at the play head; every edit is refused.
class ReplayDocument : public Document {
 public:
  explicit ReplayDocument(Replay& replay) : replay_(replay) {}
  const StrategyMap& view() const override { return replay_.map(); }
  Check edit(std::vector<pb::Op>, bool) override {
    return Rejection{pb::READ_ONLY, "a replay is read-only; leave it to edit the live map"};
  }

 private:
  Replay& replay_;
};

}  // namespace pss::ui
