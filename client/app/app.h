// pss-client's window: GLFW + OpenGL 3.3 + Dear ImGui around one SyncClient. Shows the
// connect dialog until a room is chosen, then the board. Never blocks on the network:
// SyncClient::poll() runs once per frame.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "client/app/draw/board_ui.h"
#include "client/core/sync_client.h"

struct GLFWwindow;

namespace pss::app {

struct AppOptions {
  std::string url;      // ws[s]://HOST:PORT/rooms/ROOM; empty: ask in the connect dialog
  std::string ca_file;  // wss://: trust only this CA (PEM); empty: the system's CAs
  std::string name;
  std::string token;
  pb::StakeholderGroup group = pb::STAFF;
  std::optional<std::pair<int, int>> window_pos;
  int width = 1440;
  int height = 900;
  std::optional<ui::V2> view_corner;  // canvas point at the canvas's top-left ...
  double view_zoom = 1;               // ... at this zoom, instead of zoom-to-fit
  bool print_layout = false;          // print where the canvas is, for scripted tests
  bool vsync = true;
  std::string font_dir = "/usr/share/fonts/truetype/dejavu";
};

class App {
 public:
  explicit App(AppOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  int run();  // until the window closes; returns the process exit code

 private:
  struct Session;
  bool init_window();
  void connect(const std::string& url);
  void connect_dialog();
  void poll_session();  // SyncClient::poll, events become toasts
  void session_frame(double dt);
  void update_title();

  AppOptions options_;
  GLFWwindow* window_ = nullptr;
  draw::Fonts fonts_;
  std::unique_ptr<Session> session_;
  std::string title_;
  bool layout_printed_ = false;
  // Connect dialog fields.
  std::string server_ = "ws://127.0.0.1:8080";
  std::string room_ = "workshop";
  std::string dialog_error_;
  int group_index_ = 0;
};

}  // namespace pss::app
