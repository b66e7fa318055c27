// Small ImGui pieces the side panels share (panels.cpp, method_panels.cpp).
#pragma once

#include <imgui.h>

#include <cstdint>

#include "client/app/draw/theme.h"

namespace pss::draw {

ImVec4 v4(std::uint32_t c, float a = 1);
// A coloured dot before the next item on the same line.
void dot(std::uint32_t c, float radius = 6);
// A small, muted section title.
void heading(const Fonts& fonts, const char* text);

}  // namespace pss::draw
