#include "client/app/input_shim.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

namespace pss::app {

namespace {

struct Event {
  enum class Type { key, button, character } type = Type::key;
  int code = 0;  // key, button or code point
  int scancode = 0;
  int action = 0;
  int mods = 0;
};

struct State {
  GLFWwindow* window = nullptr;
  std::uint64_t frame = 2;
  // Events not yet given to ImGui, in arrival order. Only a mouse button can hold the
  // queue back (a second click within one frame); what follows it waits, so that the
  // text typed after a double-click reaches the editor the double-click opens.
  std::deque<Event> queue;
  std::map<int, std::uint64_t> button_changed;  // frame of the last forwarded change
  std::map<int, std::uint64_t> button_pressed;  // frame of the last forwarded press
  // Keys: a release in a frame in which any key went down waits for the next frame, so
  // ImGui sees a tapped key down for one frame, together with the modifiers held with it
  // (xdotool sends Ctrl down, Z down, Z up, Ctrl up all at once).
  bool key_pressed_this_frame = false;
  std::vector<Event> deferred_release;  // in order
  std::map<int, int> swallow;  // taps of a key already held for this frame: dropped
  bool activity = false;
};

State& state() {
  static State s;
  return s;
}

bool button_may_change(const Event& e) {
  State& s = state();
  if (auto c = s.button_changed.find(e.code); c != s.button_changed.end() && c->second >= s.frame) return false;
  // The backend polls the button too: a new press needs a frame seen released before it.
  if (e.action == GLFW_PRESS)
    if (auto p = s.button_pressed.find(e.code); p != s.button_pressed.end() && p->second + 2 > s.frame) return false;
  return true;
}

bool release_pending(int key) {
  for (const Event& r : state().deferred_release)
    if (r.code == key) return true;
  return false;
}

void forward_key(const Event& e) {
  State& s = state();
  if (e.action == GLFW_PRESS) {
    if (release_pending(e.code)) {
      ++s.swallow[e.code];  // a second tap within the frame: dropped (its character still arrives)
      return;
    }
    s.key_pressed_this_frame = true;
  } else if (e.action == GLFW_RELEASE) {
    if (auto w = s.swallow.find(e.code); w != s.swallow.end() && w->second > 0) {
      --w->second;
      return;
    }
    if (s.key_pressed_this_frame || !s.deferred_release.empty()) {
      s.deferred_release.push_back(e);
      return;
    }
  }
  ImGui_ImplGlfw_KeyCallback(s.window, e.code, e.scancode, e.action, e.mods);
}

// Forwards queued events in order until a mouse button must wait for the next frame.
void drain() {
  State& s = state();
  while (!s.queue.empty()) {
    const Event e = s.queue.front();
    if (e.type == Event::Type::button) {
      if (!button_may_change(e)) return;
      s.button_changed[e.code] = s.frame;
      if (e.action == GLFW_PRESS) s.button_pressed[e.code] = s.frame;
      ImGui_ImplGlfw_MouseButtonCallback(s.window, e.code, e.action, e.mods);
    } else if (e.type == Event::Type::character) {
      ImGui_ImplGlfw_CharCallback(s.window, static_cast<unsigned>(e.code));
    } else {
      forward_key(e);
    }
    s.queue.pop_front();
  }
}

void submit(const Event& e) {
  state().activity = true;
  state().queue.push_back(e);
  drain();
}

void on_key(GLFWwindow*, int key, int scancode, int action, int mods) { submit({Event::Type::key, key, scancode, action, mods}); }

void on_button(GLFWwindow* window, int button, int action, int mods) {
  // Click to focus, as a window manager would (there is none on a bare X server).
  if (action == GLFW_PRESS && !glfwGetWindowAttrib(window, GLFW_FOCUSED)) glfwFocusWindow(window);
  submit({Event::Type::button, button, 0, action, mods});
}

void on_char(GLFWwindow*, unsigned int c) { submit({Event::Type::character, static_cast<int>(c), 0, 0, 0}); }

void on_scroll(GLFWwindow* window, double dx, double dy) {
  state().activity = true;
  ImGui_ImplGlfw_ScrollCallback(window, dx, dy);
}

void on_cursor(GLFWwindow*, double, double) { state().activity = true; }  // the backend polls the position

}  // namespace

void install_input_shim(GLFWwindow* window) {
  state().window = window;
  glfwSetWindowFocusCallback(window, ImGui_ImplGlfw_WindowFocusCallback);
  glfwSetCursorEnterCallback(window, ImGui_ImplGlfw_CursorEnterCallback);
  glfwSetMouseButtonCallback(window, on_button);
  glfwSetScrollCallback(window, on_scroll);
  glfwSetKeyCallback(window, on_key);
  glfwSetCharCallback(window, on_char);
  glfwSetCursorPosCallback(window, on_cursor);
  glfwSetMonitorCallback(ImGui_ImplGlfw_MonitorCallback);
}

bool input_shim_take_activity() { return std::exchange(state().activity, false); }

void input_shim_next_frame() {
  State& s = state();
  ++s.frame;
  s.key_pressed_this_frame = false;
  for (const Event& e : std::exchange(s.deferred_release, {}))
    ImGui_ImplGlfw_KeyCallback(s.window, e.code, e.scancode, e.action, e.mods);
  drain();
}

}  // namespace pss::app
