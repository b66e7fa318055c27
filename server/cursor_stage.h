// CursorStage: whose cursors a big room relays.
//
// Presence is everyone's cursor to everyone: in a room of N people that is N^2
// entries per update round, 10 million a second for 1,000 people at 10 Hz, most of the
// bytes a big room sends. Nobody follows a thousand moving cursors (Miro's users
// switch them off past a hundred or two), so a room relays the cursors of at most
// `capacity` people besides its facilitators: those who edited most recently, then
// those who joined first. Everyone's edits still reach everyone; only presence is cut.
// Someone who edits while off stage takes the place of the least recently active
// person on it, whose cursor the room then hides for everyone (one last presence).
// Pure bookkeeping: no I/O, no clock (activity is an ever-increasing counter).
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace pss::server {

class CursorStage {
 public:
  // capacity 0: everyone's cursor is relayed.
  explicit CursorStage(std::size_t capacity) : capacity_(capacity) {}

  // A new member; `always` (facilitators) is on stage whatever the capacity.
  void join(std::uint32_t id, bool always);
  // A member left. Returns who took its place on stage (0: nobody).
  std::uint32_t leave(std::uint32_t id);
  // A member's edit was accepted: it goes on stage. Returns who had to leave the
  // stage to make room (0: nobody), whose cursor must now be hidden.
  std::uint32_t edited(std::uint32_t id);

  bool on_stage(std::uint32_t id) const;
  std::size_t capacity() const { return capacity_; }
  std::size_t seats_taken() const { return seated_; }  // on stage, facilitators not counted

 private:
  struct Entry {
    std::uint64_t active = 0;  // counter value at the last edit (or the join)
    bool always = false;
    bool on = false;
  };
  // The off-stage member active most recently (0: none).
  std::uint32_t best_off_stage() const;

  std::size_t capacity_;
  std::size_t seated_ = 0;
  std::uint64_t counter_ = 0;
  std::unordered_map<std::uint32_t, Entry> members_;
};

}  // namespace pss::server
