// The PSS rows drawn as horizontal bands stacked from y = 0 downward in
// StrategyMap::rows_in_order() order: outcomes on top, capabilities at the bottom.
// Bands are unbounded left and right; a card belongs to the band its centre is in.
#pragma once

#include <string>
#include <vector>

#include "client/app/ui/geometry.h"
#include "model/strategy_map.h"

namespace pss::ui {

namespace pb = ::pss::v1;

struct Band {
  std::string row_id;
  pb::ElementKind kind = pb::ELEMENT_KIND_UNSPECIFIED;
  std::string label;
  double top = 0;
  double bottom = 0;
  int index = 0;  // 0 = top band
  double center_y() const { return (top + bottom) * 0.5; }
};

class RowLayout {
 public:
  static constexpr double kBandHeight = 220;
  static constexpr double kDefaultWidth = 1800;  // the area zoom-to-fit shows on an empty map
  // Screen pixels at the canvas's left edge that the sticky row labels take (the board
  // wraps them to fit): zoom-to-fit puts no card there.
  static constexpr double kLabelStrip = 240;

  RowLayout() = default;
  explicit RowLayout(const StrategyMap& map) { rebuild(map); }

  // Cheap to call every frame: rebuilds only when the rows changed.
  void rebuild(const StrategyMap& map);

  const std::vector<Band>& bands() const { return bands_; }
  bool empty() const { return bands_.empty(); }
  double top() const { return bands_.empty() ? 0 : bands_.front().top; }
  double bottom() const { return bands_.empty() ? 0 : bands_.back().bottom; }

  // The band holding canvas y, or null above the first and below the last band.
  const Band* band_at(double y) const;
  // Like band_at, but outside the stack the nearest band (null only without rows).
  const Band* nearest_band(double y) const;
  const Band* band_of(const std::string& row_id) const;

 private:
  std::vector<Band> bands_;
  std::string signature_;  // ids, labels and kinds the bands were built from
};

// Where a card whose centre is at canvas y goes: its row and kind. A note keeps its
// kind and becomes free (no row) outside the bands; other cards take the kind of the
// nearest row.
struct Placement {
  std::string row;
  pb::ElementKind kind = pb::ELEMENT_KIND_UNSPECIFIED;
};
Placement place_card(const RowLayout& rows, pb::ElementKind current_kind, double center_y);

}  // namespace pss::ui
