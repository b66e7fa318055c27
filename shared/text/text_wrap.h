// Word wrapping for card titles on the board and in exported pictures, independent of
// the font: the caller passes a function that measures a string's width
// (ImGui::CalcTextSize in the app, a fixed advance in exports and tests). Breaks at spaces, splits words longer than a line at UTF-8 boundaries, and
// ends with an ellipsis when the text needs more than `max_lines`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pss::text {

using MeasureText = std::function<double(std::string_view)>;

inline constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

std::vector<std::string> wrap_text(std::string_view text, double max_width, int max_lines,
                                   const MeasureText& measure);

// Byte length of the UTF-8 sequence that starts with `lead` (1 for stray bytes).
std::size_t utf8_length(unsigned char lead);

}  // namespace pss::text
