#include "client/app/ui/motion.h"

#include <algorithm>
#include <cmath>

namespace pss::ui {

void MotionSmoother::update(const StrategyMap& map, double dt, const std::vector<std::string>& local) {
  const auto& elements = map.elements();
  for (const auto& [id, e] : elements) {
    const V2 now{e.position().x(), e.position().y()};
    auto [it, fresh] = last_.try_emplace(id, now);
    if (fresh || it->second == now) continue;
    // Moved since last frame: glide from where it is drawn, unless we move it.
    if (std::find(local.begin(), local.end(), id) == local.end()) {
      auto shown = shown_.find(id);
      shown_[id] = shown != shown_.end() ? shown->second : it->second;
    } else {
      shown_.erase(id);
    }
    it->second = now;
  }
  if (last_.size() != elements.size())
    std::erase_if(last_, [&](const auto& kv) { return !elements.contains(kv.first); });

  const double alpha = 1 - std::exp(-kRate * std::max(0.0, dt));
  for (auto it = shown_.begin(); it != shown_.end();) {
    const auto target = last_.find(it->first);
    if (target == last_.end()) {
      it = shown_.erase(it);
      continue;
    }
    it->second = lerp(it->second, target->second, alpha);
    if (distance(it->second, target->second) < 0.25) it = shown_.erase(it);
    else ++it;
  }
}

V2 MotionSmoother::position(const pss::v1::Element& e) const {
  if (!shown_.empty())
    if (auto it = shown_.find(e.id()); it != shown_.end()) return it->second;
  return {e.position().x(), e.position().y()};
}

}  // namespace pss::ui
