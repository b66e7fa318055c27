// Crash safety: a child process appends and prints every acknowledged change; we
// SIGKILL it at random moments, reopen, and check that every acknowledged change is
// there and that the room equals the replay of its log.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <sstream>

#include "storage/room_reader.h"
#include "test_util.h"

namespace pss::storage::testing {
namespace {

struct Ack {
  std::string change_hash, state_hash;
};

struct ChildRun {
  std::map<std::uint64_t, Ack> acks;
  std::string other;  // anything but ACK lines
};

ChildRun run_child_and_kill(const std::filesystem::path& dir, int snapshot_every, int seed,
                            std::chrono::milliseconds kill_after) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    const std::string every = std::to_string(snapshot_every), s = std::to_string(seed);
    ::execl(PSS_CRASH_CHILD, PSS_CRASH_CHILD, dir.c_str(), "room", every.c_str(), s.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[65536];
  const auto deadline = std::chrono::steady_clock::now() + kill_after;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;  // the child died on its own: reported below
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // Lines written before the kill are acknowledged too: read them all.
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);

  ChildRun run;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    if (word == "ACK") {
      std::uint64_t clock = 0;
      Ack ack;
      words >> clock >> ack.change_hash >> ack.state_hash;
      run.acks[clock] = ack;
    } else if (word != "START") {
      run.other += line + "\n";
    }
  }
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child ended by itself:\n" << run.other;
  return run;
}

TEST(Crash, SigkillAtRandomMomentsLosesNothingAcknowledged) {
  TempDir dir;
  const int snapshot_every = 100;
  std::mt19937 rng(20240607);
  std::map<std::uint64_t, Ack> acked;  // every round's acknowledgements
  // The first kills land early: during open, while the room file is being created.
  const int delays[] = {2, 10, 25, 60, 150, 250, 350, 500, 650, 800};
  for (int round = 0; round < 10; ++round) {
    const auto kill_after = std::chrono::milliseconds(delays[round] + static_cast<int>(rng() % 40));
    ChildRun run = run_child_and_kill(dir.path(), snapshot_every, round * 1000, kill_after);
    ASSERT_TRUE(run.other.empty()) << run.other;
    for (auto& [clock, ack] : run.acks) acked[clock] = ack;

    auto options = options_for(dir.path());
    options.snapshot_every = snapshot_every;
    auto store = open_store(options);
    ASSERT_TRUE(store);
    auto loaded = store->load_room("room", pss::Limits{});
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const LoadedRoom& room = *loaded;
    if (room.created) {
      ASSERT_TRUE(acked.empty()) << "round " << round << ": acknowledged changes but no room";
    }
    const std::uint64_t max_acked = acked.empty() ? 0 : acked.rbegin()->first;
    ASSERT_GE(room.map.clock(), max_acked) << "round " << round;

    auto reader = store->open_reader("room");
    ASSERT_TRUE(reader.ok()) << reader.error();
    // Every acknowledged change is in the log, unchanged; the log replays from clock 0
    // to exactly the loaded state; the client sequence numbers match the log.
    auto base = reader->snapshot_bytes(0);
    ASSERT_TRUE(base.ok());
    pss::v1::Snapshot snap;
    ASSERT_TRUE(snap.ParseFromString(*base));
    auto replay = pss::StrategyMap::from_snapshot(snap, pss::Limits{});
    ASSERT_TRUE(replay.has_value());
    std::size_t found = 0;
    std::map<std::string, std::uint64_t> seqs;
    ASSERT_TRUE(reader->changes(1, RoomReader::kEnd, [&](const ChangeRecord& rec) {
      if (auto it = acked.find(rec.clock); it != acked.end()) {
        ++found;
        EXPECT_EQ(pss::to_hex64(pss::fnv1a64(rec.change.SerializeAsString())), it->second.change_hash) << rec.clock;
      }
      EXPECT_FALSE(replay->apply(rec.change.ops(), pss::ApplyContext{rec.clock, nullptr}).has_value());
      auto& seq = seqs[rec.client_id];
      seq = std::max(seq, rec.client_seq);
      return true;
    }).ok());
    EXPECT_EQ(found, acked.size()) << "round " << round;
    EXPECT_EQ(replay->state_hash(), room.map.state_hash()) << "round " << round;
    EXPECT_EQ(seqs, room.last_client_seq) << "round " << round;
    // The state after an acknowledged change is the one the child had then.
    std::vector<std::uint64_t> probes = {max_acked};
    for (int i = 0; i < 5 && !acked.empty(); ++i) probes.push_back(std::next(acked.begin(), rng() % acked.size())->first);
    for (std::uint64_t clock : probes) {
      if (clock == 0) continue;
      auto map = reader->state_at(clock, pss::Limits{});
      ASSERT_TRUE(map.ok()) << map.error();
      EXPECT_EQ(map->state_hash(), acked[clock].state_hash) << "round " << round << " clock " << clock;
    }
    std::printf("round %d: killed after %lld ms, %zu acknowledged this round, room at clock %llu (acked up to %llu)\n",
                round, static_cast<long long>(kill_after.count()), run.acks.size(),
                static_cast<unsigned long long>(room.map.clock()), static_cast<unsigned long long>(max_acked));
  }
  EXPECT_GT(acked.size(), 100u) << "the child hardly ran";
}

}  // namespace
}  // namespace pss::storage::testing
