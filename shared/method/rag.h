// Red / amber / green: the PSS's traffic light for risks and measures.
#pragma once

#include <cstdint>
#include <string_view>

namespace pss::method {

enum class Rag { none, green, amber, red };  // none: not rated, no value or no thresholds

std::string_view rag_name(Rag rag);  // "none", "green", "amber", "red"
std::uint32_t rag_color(Rag rag);    // 0xRRGGBB used by the board and the exports

}  // namespace pss::method
