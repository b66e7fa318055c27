// What the board shows of the facilitator's controls, decided without a window: the
// phase and timer texts, the marks on a card (lock, private, spotlight, votes), and
// whose viewport this window follows. The state is the server's (FacilitationState);
// nothing here can grant what the server refuses, it only shows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "client/app/ui/geometry.h"
#include "pss.pb.h"

namespace pss::ui {

namespace pb = ::pss::v1;

const char* phase_name(pb::WorkshopPhase phase);
const char* role_name(pb::Role role);

// "04:59" while running (counting down to the shared end time), "04:59 paused", "" with
// no timer; never below 00:00.
std::string timer_text(const pb::TimerState& timer, std::int64_t now_ms);

struct CardMarks {
  bool locked = false;       // by element, by row or the whole board
  bool own_private = false;  // withheld from everyone else for now
  bool spotlight = false;
  bool candidate = false;  // in the running vote
  std::uint32_t my_votes = 0;
  std::optional<std::uint32_t> result;  // once revealed
};
CardMarks card_marks(const pb::FacilitationState& state, const pb::Element& element);

// Votes this person still has in the running vote.
std::uint32_t votes_left(const pb::FacilitationState& state);

// Following the facilitator: the viewport to show, or nullopt when this window shows
// its own (nobody leads, this session leads, the leader's viewport is unknown, or the
// person stepped out, which take_control forbids).
class Follow {
 public:
  std::optional<Rect> target(const pb::FacilitationState& state, std::uint32_t self,
                             const std::optional<pb::Presence>& leader_presence);
  bool following(const pb::FacilitationState& state, std::uint32_t self) const;
  // The person pans or zooms on their own: they step out unless the facilitator took
  // control. Returns whether the step out was allowed.
  bool step_out(const pb::FacilitationState& state);
  void rejoin() { stepped_out_ = false; }
  bool stepped_out() const { return stepped_out_; }

 private:
  bool stepped_out_ = false;
  std::uint32_t leader_ = 0;  // a new summons brings everyone back
};

}  // namespace pss::ui
