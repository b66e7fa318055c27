#include "client/app/app.h"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "client/app/input_shim.h"
#include "client/app/replay_mode.h"
#include "client/app/ui/boards.h"
#include "client/app/ui/labels.h"
#include "client/app/ui/records.h"

namespace pss::app {

static_assert(draw::kKeyF == GLFW_KEY_F && draw::kKeyF1 == GLFW_KEY_F1 && draw::kKeyH == GLFW_KEY_H &&
                  draw::kKeyMinus == GLFW_KEY_MINUS && draw::kKeyEqual == GLFW_KEY_EQUAL,
              "board key codes are GLFW's");

namespace {

// The board edits the SyncClient's optimistic view.
class SyncDocument : public ui::Document {
 public:
  explicit SyncDocument(client::SyncClient& c) : client_(c) {}
  const StrategyMap& view() const override { return client_.view(); }
  Check edit(std::vector<pb::Op> ops, bool coalesce) override { return client_.edit(std::move(ops), coalesce); }

 private:
  client::SyncClient& client_;
};

draw::Tone tone_of(client::ConnectionStatus s) {
  switch (s) {
    case client::ConnectionStatus::connected: return draw::Tone::ok;
    case client::ConnectionStatus::connecting:
    case client::ConnectionStatus::reconnecting: return draw::Tone::busy;
    default: return draw::Tone::bad;
  }
}

const char* status_text(client::ConnectionStatus s) {
  switch (s) {
    case client::ConnectionStatus::connected: return "Connected";
    case client::ConnectionStatus::connecting: return "Connecting\xE2\x80\xA6";
    case client::ConnectionStatus::reconnecting: return "Reconnecting\xE2\x80\xA6";
    case client::ConnectionStatus::refused: return "Refused";
    case client::ConnectionStatus::stopped: return "Stopped";
  }
  return "?";
}

constexpr pb::StakeholderGroup kGroups[] = {pb::STAFF, pb::SERVICE_USER, pb::PARTNER_ORGANISATION,
                                            pb::OTHER_STAKEHOLDER};

}  // namespace

struct App::Session {
  Session(client::ClientOptions o, const draw::Fonts& fonts)
      : client(std::move(o)),
        doc(client),
        boards(doc),
        editor(boards),
        ids(ui::IdSource::random_tag()),
        tools(editor, ids),
        board(tools, fonts) {}
  client::SyncClient client;
  SyncDocument doc;
  ui::BoardDocument boards;  // the tools see the board shown (breakouts), new cards go there
  ui::Editor editor;
  ui::IdSource ids;
  ui::Tools tools;
  draw::BoardUi board;
  std::string room;
  std::string url;
  std::unique_ptr<ReplayMode> replay;  // shown instead of the live board while set
  std::string last_presence;           // serialized, to send only changes
  std::uint64_t seen_clock = 0;
  std::uint64_t seen_peers = 0;

  // Something is changing on the board: render at full rate.
  bool busy() {
    std::uint64_t peers = client.peers().size();
    for (const auto& [id, p] : client.peers())
      if (p.presence) peers = peers * 1000003 + std::hash<std::string>{}(p.presence->SerializeAsString());
    // The facilitation state counts as a peer change; a running timer ticks on screen.
    peers = peers * 1000003 + std::hash<std::string>{}(client.facilitation().SerializeAsString());
    const bool changed = client.replica().server_clock() != seen_clock || peers != seen_peers ||
                         client.replica().pending_count() > 0 || client.facilitation().timer().running();
    seen_clock = client.replica().server_clock();
    seen_peers = peers;
    return changed || (replay && replay->busy()) || tools.mode() != ui::Mode::idle || board.motion().animating() ||
           board.has_toasts();
  }
};

App::App(AppOptions options) : options_(std::move(options)) {
  for (int i = 0; i < 4; ++i)
    if (kGroups[i] == options_.group) group_index_ = i;
}

App::~App() {
  if (session_) session_->client.stop();
  session_.reset();
  if (window_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
  }
}

bool App::init_window() {
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "glfw error %d: %s\n", code, text); });
  if (!glfwInit()) return false;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  if (options_.window_pos) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);  // show once placed
  window_ = glfwCreateWindow(options_.width, options_.height, "PSS Board", nullptr, nullptr);
  if (!window_) return false;
  if (options_.window_pos) {
    glfwSetWindowPos(window_, options_.window_pos->first, options_.window_pos->second);
    glfwShowWindow(window_);
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(options_.vsync ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;         // the layout is fixed; nothing to remember
  ImGui::GetIO().MouseDoubleClickTime = 0.45f;  // closer to desktop defaults than ImGui's 0.30
  draw::apply_style();
  fonts_ = draw::load_fonts(options_.font_dir);
  if (!fonts_.dejavu)
    std::fprintf(stderr, "pss-client: DejaVu fonts not found in %s, using the built-in font\n",
                 options_.font_dir.c_str());
  ImGui_ImplGlfw_InitForOpenGL(window_, false);
  install_input_shim(window_);
  ImGui_ImplOpenGL3_Init("#version 150");
  return true;
}

void App::connect(const std::string& url) {
  client::ClientOptions o;
  o.url = url;
  o.ca_file = options_.ca_file;
  o.display_name = options_.name;
  o.token = options_.token;
  o.group = options_.group;
  session_ = std::make_unique<Session>(std::move(o), fonts_);
  session_->board.set_print_widgets(options_.print_layout);
  session_->url = url;
  if (auto parsed = client::parse_url(url)) session_->room = parsed->room;
  if (options_.view_corner) session_->board.set_initial_view(*options_.view_corner, options_.view_zoom);
  session_->client.start();
  update_title();
}

void App::update_title() {
  std::string title = "PSS Board";
  if (session_) title += " \xE2\x80\x94 " + session_->room + " \xE2\x80\x94 " + options_.name;
  if (title != title_) {
    title_ = title;
    glfwSetWindowTitle(window_, title.c_str());
  }
}

void App::poll_session() {
  Session& s = *session_;
  for (const auto& ev : s.client.poll()) {
    using K = client::ClientEvent::Kind;
    switch (ev.kind) {
      case K::peer_joined:
      case K::peer_left: s.board.notify(ev.text, draw::Tone::ok); break;
      case K::push_rejected: s.board.notify("Change refused: " + ev.text, draw::Tone::bad); break;
      case K::disconnected: s.board.notify("Connection lost, reconnecting: " + ev.text, draw::Tone::busy); break;
      case K::refused:
      case K::error: s.board.notify(ev.text, draw::Tone::bad); break;
      case K::role_changed: s.board.notify(ev.text, draw::Tone::busy); break;
      case K::welcomed: break;
    }
  }
}

void App::session_frame(double dt) {
  Session& s = *session_;
  if (s.board.take_replay_request()) s.replay = std::make_unique<ReplayMode>(s.url, options_.ca_file, s.room, fonts_);
  if (s.replay) {
    if (!s.replay->frame(dt)) s.replay.reset();
    return;
  }
  draw::SessionInfo info;
  info.room = s.room;
  info.name = options_.name;
  info.group = options_.group;
  if (s.client.color()) info.color = s.client.color();
  info.status = status_text(s.client.status());
  info.tone = tone_of(s.client.status());
  info.clock = s.client.replica().server_clock();
  info.pending = s.client.replica().pending_count();
  for (const auto& [id, p] : s.client.peers())
    info.peers.push_back({id, p.peer.display_name(), p.peer.color(), p.peer.group(), p.presence, p.peer.role()});
  info.session_id = s.client.session_id();
  info.role = s.client.role();
  info.workshop = &s.client.facilitation();
  info.now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  s.boards.show(s.board.choose_board(info));
  s.board.frame(info, dt);
  for (const auto& m : s.board.take_commands()) {
    if (m.has_facilitate()) s.client.facilitate(m.facilitate());
    if (m.has_vote()) s.client.vote(m.vote().element(), m.vote().delta());
  }
  // Only changes go out: an idle pointer costs the room nothing.
  const pb::Presence presence = s.tools.presence();
  std::string bytes = presence.SerializeAsString();
  if (bytes != s.last_presence) {
    s.client.set_presence(presence);
    s.last_presence = std::move(bytes);
  }

  if (options_.print_layout && !layout_printed_ && !s.tools.rows().empty()) {
    // Where canvas point (0,0) is in window pixels, and the zoom: scripts drive the
    // board with xdotool from this.
    const ui::V2 o = s.tools.view().to_screen(ui::V2{0, 0});
    const ui::Rect c = s.tools.canvas_screen();
    std::printf("layout canvas=%.0f,%.0f,%.0f,%.0f origin=%.3f,%.3f zoom=%.5f\n", c.min.x, c.min.y, c.width(),
                c.height(), o.x, o.y, s.tools.view().zoom());
    std::fflush(stdout);
    layout_printed_ = true;
  }
}

void App::connect_dialog() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), display, draw::rgb(draw::color::background));
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.45f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(460, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28, 24));
  ImGui::Begin("##connect", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts_.ui_bold);
  ImGui::TextUnformatted("Join a PSS workshop");
  ImGui::PopFont();
  ImGui::TextDisabled("Build the strategy map together, live.");
  ImGui::Spacing();
  auto field = [](const char* label, const char* id, std::string* value) {
    ImGui::TextDisabled("%s", label);
    ImGui::SetNextItemWidth(-1);
    return ImGui::InputText(id, value, ImGuiInputTextFlags_EnterReturnsTrue);
  };
  bool go = field("Server", "##server", &server_);
  go |= field("Room", "##room", &room_);
  go |= field("Your name", "##name", &options_.name);
  ImGui::TextDisabled("Stakeholder group");
  ImGui::SetNextItemWidth(-1);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 6));  // the list, not the dialog's
  const bool open = ImGui::BeginCombo("##group", ui::group_label(kGroups[group_index_]));
  ImGui::PopStyleVar();
  if (open) {
    for (int i = 0; i < 4; ++i)
      if (ImGui::Selectable(ui::group_label(kGroups[i]), i == group_index_)) group_index_ = i;
    ImGui::EndCombo();
  }
  ImGui::Spacing();
  if (!dialog_error_.empty()) ImGui::TextColored(ImVec4(0.84f, 0.27f, 0.27f, 1), "%s", dialog_error_.c_str());
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(draw::rgb(draw::color::accent)));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                        ImGui::ColorConvertU32ToFloat4(draw::rgb(draw::darken(draw::color::accent, 0.1))));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive,
                        ImGui::ColorConvertU32ToFloat4(draw::rgb(draw::darken(draw::color::accent, 0.2))));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  go |= ImGui::Button("Join the board", ImVec2(-1, 34));
  ImGui::PopStyleColor(4);
  ImGui::End();
  ImGui::PopStyleVar();
  if (!go) return;
  std::string url = server_;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.find("/rooms/") == std::string::npos) url += "/rooms/" + room_;
  pss::Limits limits;
  if (auto bad = check_display_name(options_.name, limits); bad || options_.name.empty()) {
    dialog_error_ = options_.name.empty() ? "Please enter your name." : bad->detail;
  } else if (!client::parse_url(url)) {
    dialog_error_ = "The server should look like ws://HOST:PORT.";
  } else {
    options_.group = kGroups[group_index_];
    connect(url);
  }
}

namespace {
// SIGTERM or Ctrl+C closes the window as its close button does: the session says
// goodbye to the server and everything is freed (sanitizer builds check that at exit).
volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) { stop_requested = 1; }
}  // namespace

int App::run() {
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  if (!init_window()) {
    std::fprintf(stderr, "pss-client: cannot open a window (is DISPLAY set? OpenGL 3.3 needed)\n");
    return 1;
  }
  if (!options_.url.empty()) connect(options_.url);
  using clock = std::chrono::steady_clock;
  auto last_frame = clock::now() - std::chrono::seconds(1);
  auto last_busy = clock::now();
  const auto frame_budget = std::chrono::microseconds(16'600);
  bool idle = false;
  while (!glfwWindowShouldClose(window_) && !stop_requested) {
    input_shim_next_frame();
    // Busy: up to 60 frames a second. Idle (nobody pointing or typing, nothing arriving,
    // nothing moving): wake 20 times a second to poll, and draw only twice a second,
    // so that a board left open costs almost nothing. Input wakes it at once.
    if (idle)
      glfwWaitEventsTimeout(0.05);
    else
      glfwPollEvents();
    const auto now = clock::now();
    if (session_) poll_session();
    if (input_shim_take_activity() || (session_ && session_->busy())) last_busy = now;
    idle = now - last_busy > std::chrono::milliseconds(1500);
    if (idle && now - last_frame < std::chrono::milliseconds(500)) continue;
    const double dt = std::min(0.25, std::chrono::duration<double>(now - last_frame).count());
    last_frame = now;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // The 1.86 backend tracks the pointer only while the window has the keyboard focus;
    // peers' windows side by side (and any unfocused window) should still hover.
    if (!glfwGetWindowAttrib(window_, GLFW_FOCUSED) && glfwGetWindowAttrib(window_, GLFW_HOVERED)) {
      double x = 0, y = 0;
      glfwGetCursorPos(window_, &x, &y);
      ImGui::GetIO().MousePos = ImVec2(float(x), float(y));
    }
    ImGui::NewFrame();
    if (session_)
      session_frame(dt);
    else
      connect_dialog();
    update_title();
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.957f, 0.961f, 0.969f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window_);
    // vsync may be unavailable (a virtual display): never spin faster than 60 Hz.
    if (!idle) std::this_thread::sleep_until(now + frame_budget);
  }
  return 0;
}

}  // namespace pss::app
