#include "client/app/ui/row_layout.h"

namespace pss::ui {

void RowLayout::rebuild(const StrategyMap& map) {
  const auto rows = map.rows_in_order();
  std::string signature;
  for (const pb::Row* r : rows) {
    signature += r->id();
    signature += '\x1f';
    signature += r->label();
    signature += '\x1f';
    signature += std::to_string(r->kind());
    signature += '\x1e';
  }
  if (signature == signature_ && bands_.size() == rows.size()) return;
  signature_ = std::move(signature);
  bands_.clear();
  bands_.reserve(rows.size());
  double y = 0;
  int index = 0;
  for (const pb::Row* r : rows) {
    bands_.push_back(Band{r->id(), r->kind(), r->label(), y, y + kBandHeight, index++});
    y += kBandHeight;
  }
}

const Band* RowLayout::band_at(double y) const {
  if (bands_.empty() || y < top() || y >= bottom()) return nullptr;
  // Fixed heights: index arithmetic instead of a search.
  auto i = static_cast<std::size_t>((y - top()) / kBandHeight);
  if (i >= bands_.size()) i = bands_.size() - 1;
  return &bands_[i];
}

const Band* RowLayout::nearest_band(double y) const {
  if (bands_.empty()) return nullptr;
  if (y < top()) return &bands_.front();
  if (y >= bottom()) return &bands_.back();
  return band_at(y);
}

const Band* RowLayout::band_of(const std::string& row_id) const {
  for (const Band& b : bands_)
    if (b.row_id == row_id) return &b;
  return nullptr;
}

Placement place_card(const RowLayout& rows, pb::ElementKind current_kind, double center_y) {
  if (current_kind == pb::NOTE) {
    const Band* band = rows.band_at(center_y);
    return {band ? band->row_id : std::string(), pb::NOTE};
  }
  const Band* band = rows.nearest_band(center_y);
  if (!band) return {std::string(), current_kind};
  return {band->row_id, band->kind == pb::NOTE ? current_kind : band->kind};
}

}  // namespace pss::ui
