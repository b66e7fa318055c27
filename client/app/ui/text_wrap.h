// The board's names for the shared word wrapper (text/text_wrap.h), which the map
// exports use too.
#pragma once

#include "text/text_wrap.h"

namespace pss::ui {

using text::kEllipsis;
using text::MeasureText;
using text::utf8_length;
using text::wrap_text;

}  // namespace pss::ui
