// storage_crash_child DIR ROOM SNAPSHOT_EVERY SEED
// Loads the room, then commits workload changes forever, printing for each one the
// store acknowledged: "ACK <clock> <hash of the change> <state hash after it>". The
// parent (crash_test.cpp) SIGKILLs it at a random moment and checks the files.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "storage/store.h"
#include "workload.h"

namespace {

void say(const std::string& line) {
  // One write() per line (< PIPE_BUF): lines never interleave, and a line written
  // before the kill is in the pipe for the parent to read.
  if (::write(1, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(4);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pss::storage;
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s DIR ROOM SNAPSHOT_EVERY SEED\n", argv[0]);
    return 2;
  }
  const std::string room = argv[2];
  StoreOptions options;
  options.dir = argv[1];
  options.snapshot_every = std::stoul(argv[3]);
  auto store = Store::open(options);
  if (!store) {
    say("ERROR " + store.error() + "\n");
    return 2;
  }
  auto loaded = (*store)->load_room(room, pss::Limits{});
  if (!loaded) {
    say("ERROR " + loaded.error() + "\n");
    return 2;
  }
  pss::StrategyMap map = std::move(loaded->map);
  testing::Workload work(std::stoull(argv[4]) + map.clock(), std::move(map));
  work.resume_seqs(loaded->last_client_seq);
  say("START " + std::to_string(work.map().clock()) + "\n");

  std::atomic<std::uint64_t> acked{work.map().clock()};
  for (;;) {
    while (work.map().clock() > acked.load() + 4000) std::this_thread::sleep_for(std::chrono::microseconds(200));
    ChangeRecord rec = work.next();
    const std::uint64_t clock = rec.clock;
    std::string line = "ACK " + std::to_string(clock) + " " + pss::to_hex64(pss::fnv1a64(rec.change.SerializeAsString())) +
                       " " + work.map().state_hash() + "\n";
    const bool due = (*store)->append(room, std::move(rec), [line = std::move(line), clock, &acked](const Status& s) {
      if (!s.ok()) {
        say("FAIL " + s.error() + "\n");
        ::_exit(3);
      }
      say(line);
      acked = clock;
    });
    if (due) (*store)->write_snapshot(room, clock, work.map().snapshot_bytes());
  }
}
