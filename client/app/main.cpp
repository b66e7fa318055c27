// pss-client [ws://HOST:PORT/rooms/ROOM] --name NAME --group staff|service-user|partner|other
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>

#include "client/app/app.h"
#include "client/app/ui/labels.h"

namespace {

// "X,Y" or "XxY" into two numbers.
template <class T>
bool parse_pair(const std::string& text, T* a, T* b) {
  const auto sep = text.find_first_of(",x");
  if (sep == std::string::npos) return false;
  try {
    *a = static_cast<T>(std::stod(text.substr(0, sep)));
    *b = static_cast<T>(std::stod(text.substr(sep + 1)));
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  pss::app::AppOptions o;
  const char* user = std::getenv("USER");
  o.name = user && *user ? user : "Guest";
  std::string group = "staff", pos, size, view;
  bool no_vsync = false;

  CLI::App cli{"PSS Board: the collaborative Public Sector Scorecard whiteboard"};
  cli.add_option("url", o.url, "Room to join, ws[s]://HOST:PORT/rooms/ROOM (without it: a connect dialog)");
  cli.add_option("--ca-file", o.ca_file, "wss://: trust the server certificate signed by this CA (PEM file)")
      ->check(CLI::ExistingFile);
  cli.add_option("--name", o.name, "Your display name");
  cli.add_option("--group", group, "Stakeholder group: staff, service-user, partner or other");
  cli.add_option("--token", o.token, "Access token, if the room needs one");
  cli.add_option("--window-pos", pos, "Window position X,Y");
  cli.add_option("--window-size", size, "Window size W,H (or WxH)");
  cli.add_option("--view", view, "Initial view X,Y,ZOOM: canvas point at the canvas's top-left, and zoom");
  cli.add_flag("--print-layout", o.print_layout, "Print where the canvas is once the board is shown");
  cli.add_option("--font-dir", o.font_dir, "Directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf");
  cli.add_flag("--no-vsync", no_vsync, "Do not wait for vertical sync");
  CLI11_PARSE(cli, argc, argv);

  if (auto g = pss::ui::parse_group(group))
    o.group = *g;
  else
    return std::fprintf(stderr, "pss-client: unknown --group '%s'\n", group.c_str()), 2;
  if (!pos.empty()) {
    std::pair<int, int> p;
    if (!parse_pair(pos, &p.first, &p.second)) return std::fprintf(stderr, "pss-client: bad --window-pos\n"), 2;
    o.window_pos = p;
  }
  if (!size.empty() && !parse_pair(size, &o.width, &o.height))
    return std::fprintf(stderr, "pss-client: bad --window-size\n"), 2;
  if (!view.empty()) {
    double x = 0, y = 0, z = 1;
    if (std::sscanf(view.c_str(), "%lf,%lf,%lf", &x, &y, &z) != 3)
      return std::fprintf(stderr, "pss-client: bad --view, expected X,Y,ZOOM\n"), 2;
    o.view_corner = pss::ui::V2{x, y};
    o.view_zoom = z;
  }
  o.vsync = !no_vsync;
  pss::app::App app(std::move(o));
  return app.run();
}
