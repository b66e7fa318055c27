// Smooth motion of cards moved by others. Remote drags arrive as coalesced position
// patches a few times a second; instead of jumping, a card glides from where it is
// shown to its new position. Cards this user drags follow the pointer exactly.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "client/app/ui/geometry.h"
#include "model/strategy_map.h"

namespace pss::ui {

class MotionSmoother {
 public:
  // Once a frame, after the map was updated. `local` are the cards this user moves.
  void update(const StrategyMap& map, double dt_seconds, const std::vector<std::string>& local);
  // Where to draw a card's top-left corner now.
  V2 position(const pss::v1::Element& e) const;
  bool animating() const { return !shown_.empty(); }

  static constexpr double kRate = 16;  // 1/s: about 95% of the way in 0.19 s

 private:
  std::unordered_map<std::string, V2> shown_;  // only cards in motion
  std::unordered_map<std::string, V2> last_;   // every card's position last frame
};

}  // namespace pss::ui
