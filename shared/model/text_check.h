// The check every record's text fields share (cards, arrows, rows, risks, measures):
// a byte limit and valid UTF-8, refused with TOO_LONG or INVALID_VALUE and a reason
// naming the field.
#pragma once

#include <cstddef>
#include <string_view>

#include "model/validation.h"

namespace pss {

Check check_text(std::string_view text, std::size_t max_bytes, std::string_view what);

}  // namespace pss
