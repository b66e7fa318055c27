// Dear ImGui 1.86 samples keys once per frame (io.KeysDown), so a key pressed and
// released between two frames is never seen (Enter, Delete, Ctrl+Z from a fast hand, a
// script or a slow frame), and a second click within one frame is lost. This shim sits
// between GLFW and the ImGui GLFW backend: a key tapped within one frame is held down
// for that frame, and a mouse button changes at most once a frame, the events after it
// waiting their turn so that their order is kept.
#pragma once

struct GLFWwindow;

namespace pss::app {

// Installs GLFW callbacks that forward to ImGui's backend (initialised with
// install_callbacks = false).
void install_input_shim(GLFWwindow* window);
// Call once per frame before glfwPollEvents(): forwards what was deferred.
void input_shim_next_frame();
// True if any input arrived (pointer moved, key, button, wheel) since the last call.
bool input_shim_take_activity();

}  // namespace pss::app
