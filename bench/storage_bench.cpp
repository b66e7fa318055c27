// Storage: how many changes per second become durable, how long an append waits for
// its ack (p50/p99/max), and how long a room with 100,000 changes takes to load with
// and without snapshots. Real SQLite files in a temporary directory on the build disk.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "storage/store.h"
#include "workload.h"

namespace {

namespace fs = std::filesystem;
using pss::storage::ChangeRecord;
using pss::storage::Status;
using pss::storage::Store;
using pss::storage::StoreOptions;
using Clock = std::chrono::steady_clock;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "pss-bench-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Pre-generated changes, so the benchmark times storage, not the model.
const std::vector<std::vector<ChangeRecord>>& changes_for(int rooms, int per_room) {
  static std::map<std::pair<int, int>, std::vector<std::vector<ChangeRecord>>> cache;
  auto& out = cache[{rooms, per_room}];
  if (out.empty()) {
    for (int r = 0; r < rooms; ++r) {
      pss::storage::testing::Workload work(static_cast<std::uint64_t>(r + 1));
      auto& list = out.emplace_back();
      list.reserve(static_cast<std::size_t>(per_room));
      for (int i = 0; i < per_room; ++i) list.push_back(work.next());
    }
  }
  return out;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Appends `rooms` x `per_room` changes, round robin over the rooms, at `rate` changes
// per second (0: as fast as the store takes them, at most 50,000 unacknowledged).
// Args: rooms, rate, sync_full.
void BM_DurableAppend(benchmark::State& state) {
  const int rooms = static_cast<int>(state.range(0));
  const double rate = static_cast<double>(state.range(1));
  const bool sync_full = state.range(2) != 0;
  const int total = 300'000;
  const int per_room = total / rooms;
  const auto& changes = changes_for(rooms, per_room);
  for (auto _ : state) {
    auto batch = changes;  // moved into the store below; copying is not the store's cost
    TempDir dir;
    StoreOptions options;
    options.dir = dir.path;
    options.sync_full = sync_full;
    auto store = std::move(Store::open(options).value());
    for (int r = 0; r < rooms; ++r) (void)store->load_room("room-" + std::to_string(r), pss::Limits{});  // creates
    std::vector<Clock::time_point> sent(static_cast<std::size_t>(total));
    std::vector<double> latency_ms(static_cast<std::size_t>(total));
    std::atomic<int> acked{0};
    std::atomic<bool> failed{false};
    const auto start = Clock::now();
    for (int i = 0; i < total; ++i) {
      const int room = i % rooms;
      if (rate > 0) {
        const auto due = start + std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * i / rate));
        if (Clock::now() < due) std::this_thread::sleep_until(due);
      } else {
        while (i - acked.load(std::memory_order_relaxed) > 50'000) std::this_thread::yield();
      }
      const auto idx = static_cast<std::size_t>(i);
      ChangeRecord rec = std::move(batch[static_cast<std::size_t>(room)][static_cast<std::size_t>(i / rooms)]);
      sent[idx] = Clock::now();
      store->append("room-" + std::to_string(room), std::move(rec), [&, idx](const Status& s) {
        latency_ms[idx] = std::chrono::duration<double, std::milli>(Clock::now() - sent[idx]).count();
        if (!s.ok()) failed = true;
        acked.fetch_add(1, std::memory_order_relaxed);
      });
    }
    store->flush();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    state.SetIterationTime(seconds);
    if (failed) state.SkipWithError("an append failed");
    const auto stats = store->stats();
    state.counters["ops_per_s"] = total / seconds;
    state.counters["p50_ms"] = percentile(latency_ms, 0.50);
    state.counters["p99_ms"] = percentile(latency_ms, 0.99);
    state.counters["max_ms"] = *std::max_element(latency_ms.begin(), latency_ms.end());
    state.counters["ops_per_txn"] = static_cast<double>(stats.changes) / static_cast<double>(stats.transactions);
    // The writer's CPU per change: what a free core sustains, whatever else runs.
    state.counters["writer_us_per_op"] = static_cast<double>(stats.writer_cpu_us) / total;
    state.counters["writer_busy"] = static_cast<double>(stats.writer_busy_us) / 1e6 / seconds;  // share of the run
    store.reset();
  }
}
BENCHMARK(BM_DurableAppend)
    ->ArgNames({"rooms", "rate", "full"})
    ->Args({1, 0, 0})
    ->Args({10, 0, 0})
    ->Args({1, 100'000, 0})
    ->Args({10, 100'000, 0})
    ->Args({100, 100'000, 0})
    ->Args({10, 100'000, 1})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// A room with 100,000 changes, logged with snapshots every 1,000 or none but the base.
const fs::path& big_room(bool snapshots) {
  static TempDir dirs[2];
  static bool made[2] = {false, false};
  TempDir& dir = dirs[snapshots ? 1 : 0];
  if (!made[snapshots ? 1 : 0]) {
    made[snapshots ? 1 : 0] = true;
    StoreOptions options;
    options.dir = dir.path;
    options.snapshot_every = snapshots ? 1000 : 0;
    auto store = std::move(Store::open(options).value());
    (void)store->load_room("big", pss::Limits{});
    pss::storage::testing::Workload work(42);
    for (int i = 0; i < 100'000; ++i) {
      auto rec = work.next();
      const auto clock = rec.clock;
      if (store->append("big", std::move(rec))) store->write_snapshot("big", clock, work.map().snapshot_bytes());
    }
  }
  return dir.path;
}

// Args: snapshots, quick_check.
void BM_LoadRoom100k(benchmark::State& state) {
  const fs::path& dir = big_room(state.range(0) != 0);
  StoreOptions options;
  options.dir = dir;
  options.quick_check_on_load = state.range(1) != 0;
  std::size_t elements = 0;
  for (auto _ : state) {
    auto store = std::move(Store::open(options).value());
    auto loaded = store->load_room("big", pss::Limits{});
    if (!loaded.ok()) {
      state.SkipWithError(loaded.error().c_str());
      break;
    }
    elements = loaded->map.elements().size();
  }
  std::error_code ec;
  state.counters["elements"] = static_cast<double>(elements);
  state.counters["file_MB"] = static_cast<double>(fs::file_size(dir / "rooms/big.sqlite", ec)) / 1e6;
}
BENCHMARK(BM_LoadRoom100k)
    ->ArgNames({"snapshots", "quick_check"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
