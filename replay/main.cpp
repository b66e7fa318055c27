// pss-replay: exports a recorded room (--export) or serves it as a read-only room that
// rebuilds the map at the recorded pace (ws://ADDR:PORT/rooms/NAME). Reads the data
// directory read-only, so it runs beside the pss-server that owns it.
//
// Serving prints "listening on ADDR:PORT" like pss-server, then
// "replay finished at clock N hash H" once the last step has played.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <exception>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "history/export.h"
#include "player.h"
#include "server.h"
#include "storage/history.h"
#include "storage/store.h"
#include "time_spec.h"

namespace {

namespace pb = ::pss::v1;
using pss::replay::TimeSpec;

struct Args {
  std::string data, room, exp, at, from, to, out, bind = "127.0.0.1", name, log_level = "warn";
  double speed = 1;
  std::uint16_t port = 8080;
  bool exit_at_end = false;
};

// Recordings must load whatever limits the recording server ran with.
pss::Limits generous_limits() {
  pss::Limits l;
  l.max_elements = l.max_links = l.max_tombstones = SIZE_MAX / 4;
  l.max_rows = 1 << 20;
  return l;
}

int fail(const std::string& message, int code = 1) {
  std::cerr << "pss-replay: " << message << "\n";
  return code;
}

std::optional<pb::History> load(const Args& a, std::string* error) {
  auto store = pss::storage::Store::open({.dir = a.data, .read_only = true, .skip_damaged = true});
  if (!store) return *error = store.error(), std::nullopt;
  auto reader = (*store)->open_reader(a.room);
  if (!reader) return *error = "room '" + a.room + "': " + reader.error(), std::nullopt;
  auto history = pss::storage::read_history(*reader, a.room, generous_limits());
  if (!history) return *error = "room '" + a.room + "': " + history.error(), std::nullopt;
  return std::move(history).value();
}

std::optional<TimeSpec> moment(const std::string& text, const char* flag, std::string* error) {
  if (text.empty()) return std::nullopt;
  auto spec = pss::replay::parse_time_spec(text, error);
  if (!spec) *error = std::string(flag) + ": " + *error;
  return spec;
}

int run_export(const Args& a, const pb::History& history) {
  std::string text;
  try {
    if (a.exp == "jsonl") {
      text = pss::history::changes_jsonl(history);
    } else if (a.exp == "csv") {
      text = pss::history::changes_csv(history, generous_limits());
    } else {
      std::string error;
      auto at = moment(a.at, "--at", &error);
      if (!error.empty()) return fail(error, 2);
      std::uint64_t clock = pss::history::kLastClock;
      if (at) {
        auto resolved = pss::replay::resolve(history, *at, &error);
        if (!resolved) return fail("--at: " + error, 2);
        clock = *resolved;
      }
      text = pss::history::snapshot_json(pss::history::map_at(history, clock, generous_limits()).snapshot()) + "\n";
    }
  } catch (const pss::history::HistoryError& e) {
    return fail("room '" + a.room + "': " + e.what());
  }
  if (a.out.empty()) {
    std::cout << text << std::flush;
    return std::cout ? 0 : fail("cannot write to stdout");
  }
  std::ofstream file(a.out, std::ios::binary);
  file << text;
  file.close();
  return file ? 0 : fail("cannot write " + a.out);
}

int run_server(const Args& a, const pb::History& history) {
  std::string error;
  auto from = moment(a.from, "--from", &error);
  auto to = error.empty() ? moment(a.to, "--to", &error) : std::nullopt;
  if (!error.empty()) return fail(error, 2);
  auto plan = pss::replay::make_plan(history, from, to, a.speed, &error);
  if (!plan) return fail(error, 2);

  pss::server::ServerOptions o;
  o.bind = a.bind;
  o.port = a.port;
  o.data_dir.clear();  // in memory: the replay room is the only room and is never stored
  o.log_level = a.log_level;
  o.max_elements = o.max_links = SIZE_MAX / 4;
  try {
    const auto initial = pss::history::map_at(history, plan->from_clock, generous_limits());
    const auto final_hash = pss::history::map_at(history, plan->to_clock, generous_limits()).state_hash();
    pss::server::Server server(o);
    const std::string name = a.name.empty() ? a.room : a.name;
    auto room = server.registry().create_replay_room(name, initial);
    if (!room) return fail("cannot create the replay room '" + name + "'");
    const auto endpoint = server.endpoint();
    spdlog::info("replaying room '{}' clocks {}..{} ({} steps) at speed {} as ws://{}:{}/rooms/{}", a.room,
                 plan->from_clock, plan->to_clock, plan->steps.size(), a.speed, endpoint.address().to_string(),
                 endpoint.port(), name);

    pss::replay::Player player(room, *plan);
    player.join_present();
    std::cout << "listening on " << endpoint.address().to_string() << ":" << endpoint.port() << std::endl;
    std::optional<std::thread> stopper;
    player.start([&] {
      std::cout << "replay finished at clock " << plan->to_clock << " hash " << final_hash << std::endl;
      if (a.exit_at_end) {
        // Let the last tick reach the viewers before closing (tests read the final state).
        stopper.emplace([&server] {
          std::this_thread::sleep_for(std::chrono::seconds(1));
          server.stop();
        });
      }
    });
    server.run();
    player.stop();
    if (stopper) stopper->join();
  } catch (const pss::history::HistoryError& e) {
    return fail("room '" + a.room + "': " + e.what());
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  CLI::App app{
      "pss-replay: export a recorded PSS Board room, or serve it as a read-only room that rebuilds the map at the "
      "recorded pace with the recorded people and cursors. Reads the data directory read-only (safe beside a "
      "running pss-server). Moments (T): a clock (c1200) or a time from the start of the recording (90s, 1m30s, "
      "0:01:30)."};
  app.add_option("--data", a.data, "pss-server's data directory (its --data)")->required();
  app.add_option("--room", a.room, "Recorded room to read")->required();
  app.add_option("--export", a.exp,
                 "Write the recording instead of serving it: jsonl (one change per line), csv "
                 "(one changed field per line), map-json (the map at --at)")
      ->check(CLI::IsMember({"jsonl", "csv", "map-json"}));
  app.add_option("--at", a.at, "map-json: the moment T to export (default: the end)");
  app.add_option("--out", a.out, "Export file (default: stdout)");
  app.add_option("--speed", a.speed,
                 "Replay speed; gaps between recorded steps are divided by it, and a gap over 2 s (a break) "
                 "counts as 2 s, so an idle room does not stall the replay")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 100.0));
  app.add_option("--from", a.from, "Start at the map of moment T instead of the beginning");
  app.add_option("--to", a.to, "Stop after moment T instead of the end");
  app.add_option("--bind", a.bind, "Address to listen on")->capture_default_str();
  app.add_option("--port", a.port, "TCP port; 0 lets the OS pick (see the 'listening on' line)")->capture_default_str();
  app.add_option("--name", a.name, "Name of the replay room (default: --room)");
  app.add_flag("--exit-at-end", a.exit_at_end,
               "Stop about 1 s after the replay finished (default: serve until "
               "SIGINT/SIGTERM)");
  app.add_option("--log-level", a.log_level, "trace, debug, info, warn, error, critical or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  CLI11_PARSE(app, argc, argv);

  auto logger = spdlog::stderr_color_mt("pss-replay");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  spdlog::set_level(spdlog::level::from_str(a.log_level));

  // Flags of the other mode would be silently ignored: refuse them instead.
  if (!a.exp.empty() && (!a.from.empty() || !a.to.empty()))
    return fail("--from/--to replay a room; exports take --at", 2);
  if (a.exp != "map-json" && !a.at.empty()) return fail("--at goes with --export map-json", 2);

  std::string error;
  auto history = load(a, &error);
  if (!history) return fail(error);
  return a.exp.empty() ? run_server(a, *history) : run_export(a, *history);
}
