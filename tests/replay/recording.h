// A recorded workshop in a real data directory (storage::Store, as the server writes
// it), the live state at every clock to compare replays with, and a runner for the
// pss-replay binary.
#pragma once

#include <stdio.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server_process.h"
#include "test_util.h"  // tests/storage: TempDir, open_store, Workload

#ifndef PSS_REPLAY_BINARY
#define PSS_REPLAY_BINARY "pss-replay"
#endif

namespace pss::replay::testing {

using storage::testing::TempDir;

struct Recording {
  std::map<std::uint64_t, std::string> hash_at;  // live state_hash after each clock
  std::uint64_t last_clock = 0;
  const std::string& final_hash() const { return hash_at.at(last_clock); }
};

inline constexpr std::int64_t kStartMs = 1'700'000'000'000;

// Three people join, then `changes` random pushes `gap_ms` apart with a cursor sample
// of each person every ten changes. Snapshots every 50 changes, so reads start from
// stored snapshots as well as from the empty room.
inline Recording record_workshop(const std::filesystem::path& dir, const std::string& room, int changes,
                                 std::int64_t gap_ms, std::uint64_t seed = 7) {
  auto options = storage::testing::options_for(dir);
  options.snapshot_every = 50;
  auto store = storage::testing::open_store(options);
  Recording out;
  if (!store) return out;
  auto loaded = storage::testing::load(*store, room);
  storage::testing::Workload work(seed, std::move(loaded.map));
  out.hash_at[0] = work.map().state_hash();
  for (std::uint32_t id = 1; id <= 3; ++id) {
    store->record_session_event(room, storage::SessionEvent{storage::SessionEventKind::join, kStartMs, 0, id,
                                                            "Participant " + std::to_string(id - 1), pb::STAFF,
                                                            "client-" + std::to_string(id - 1)});
  }
  for (int i = 0; i < changes; ++i) {
    auto rec = work.next();
    rec.wall_ms = kStartMs + static_cast<std::int64_t>(rec.clock) * gap_ms;
    out.hash_at[rec.clock] = work.map().state_hash();
    out.last_clock = rec.clock;
    const auto clock = rec.clock;
    const auto wall = rec.wall_ms;
    if (store->append(room, std::move(rec))) store->write_snapshot(room, clock, work.map().snapshot_bytes());
    if (i % 10 == 5) {
      for (std::uint32_t id = 1; id <= 3; ++id)
        store->record_presence(room, storage::PresenceSample{wall + 1, id, 10.0 * i, 5.0 * id, true, {}});
    }
  }
  store->flush();
  return out;
}

struct RunResult {
  int status = -1;     // exit code
  std::string output;  // stdout and stderr
};

// Runs pss-replay with `args` (single-quoted for the shell) and collects its output.
inline RunResult run_replay(const std::vector<std::string>& args) {
  std::string command = PSS_REPLAY_BINARY;
  for (const auto& a : args) command += " '" + a + "'";
  command += " 2>&1";
  RunResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) r.output.append(buf, n);
  const int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// pss-replay serving, as a ServerProcess (which runs whatever PSS_SERVER_BINARY names,
// with --bind 127.0.0.1 --port 0 --log-level). The variable is restored at once, so
// servers started later in the same test binary are pss-server again.
inline std::unique_ptr<test::ServerProcess> start_replay(std::vector<std::string> args) {
  const char* old = std::getenv("PSS_SERVER_BINARY");
  const std::string saved = old ? old : "";
  struct Restore {
    const char* old;
    const std::string& saved;
    ~Restore() { old ? ::setenv("PSS_SERVER_BINARY", saved.c_str(), 1) : ::unsetenv("PSS_SERVER_BINARY"); }
  } restore{old, saved};
  ::setenv("PSS_SERVER_BINARY", PSS_REPLAY_BINARY, 1);
  return std::make_unique<test::ServerProcess>(std::move(args));
}

}  // namespace pss::replay::testing
