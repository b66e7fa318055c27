// The eight rows of a PSS strategy map, top to bottom (see docs/architecture.md).
#pragma once

#include <vector>

#include "pss.pb.h"

namespace pss {

std::vector<::pss::v1::Row> default_rows();

}  // namespace pss
