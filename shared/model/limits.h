// Limits that keep one room's state bounded. Server flags override the defaults;
// clients receive the server's values in Welcome.limits.
#pragma once

#include <cstddef>

namespace pss {

struct Limits {
  std::size_t max_ops_per_push = 1000;
  std::size_t max_patch_fields = 16;
  std::size_t max_elements = 20000;
  std::size_t max_links = 50000;
  std::size_t max_rows = 32;
  std::size_t max_risks = 20000;
  std::size_t max_measures = 20000;
  std::size_t max_measure_values = 500;  // values of one measure
  std::size_t max_tombstones = 100000;  // older deletes force a full snapshot on reconnect
  std::size_t max_id_bytes = 64;
  std::size_t max_title_bytes = 500;
  std::size_t max_description_bytes = 10000;
  std::size_t max_rationale_bytes = 2000;
  std::size_t max_label_bytes = 200;
  std::size_t max_name_bytes = 64;
  std::size_t max_selection = 1000;
  double max_coordinate = 1e6;  // |x|, |y| of positions, cursors and viewports
  double min_size = 8;
  double max_size = 4000;
};

}  // namespace pss
