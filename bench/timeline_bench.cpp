// The replay timeline on a 100,000-change session (tests/history/recorded_session.h:
// mostly drags, some creates, retitles, arrows, group moves and deletes; ~400 cards):
// building it from a History, and seeking anywhere, forward and backward. The argument
// is the checkpoint interval K; the target is under 100 ms per seek.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <map>
#include <memory>
#include <random>

#include "history/timeline.h"
#include "recorded_session.h"

namespace {

using pss::history::Timeline;
constexpr std::size_t kChanges = 100'000;

const pss::v1::History& session() {
  static const pss::v1::History h = [] {
    pss::history::testing::RecordedSession s(42);
    s.record(kChanges);
    return s.history();
  }();
  return h;
}

Timeline& timeline(std::size_t every) {
  static std::map<std::size_t, std::unique_ptr<Timeline>> built;
  auto& t = built[every];
  if (!t) t = std::make_unique<Timeline>(*Timeline::build(session(), every));
  return *t;
}

// Heap in use, MB (glibc): what a built timeline keeps is the growth over one build.
double heap_mb() {
  const struct mallinfo2 m = mallinfo2();
  return static_cast<double>(m.uordblks + m.hblkhd) / 1e6;
}

void BM_Timeline_Build(benchmark::State& state) {
  const auto& h = session();
  double kept = 0;
  for (auto _ : state) {
    const double before = heap_mb();
    auto t = Timeline::build(h, static_cast<std::size_t>(state.range(0)));
    benchmark::DoNotOptimize(t);
    kept = heap_mb() - before;
  }
  state.counters["changes"] = static_cast<double>(h.changes_size());
  state.counters["kept_MB"] = kept;
}
BENCHMARK(BM_Timeline_Build)->Arg(250)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond)->Iterations(2);

// What the client does first with the HTTP body.
void BM_History_Decode(benchmark::State& state) {
  const std::string bytes = session().SerializeAsString();
  for (auto _ : state) {
    pss::v1::History h;
    benchmark::DoNotOptimize(h.ParseFromString(bytes));
  }
  state.counters["MB"] = static_cast<double>(bytes.size()) / 1e6;
}
BENCHMARK(BM_History_Decode)->Unit(benchmark::kMillisecond)->Iterations(3);

// Uniformly random clocks: every other seek goes backward.
void BM_Timeline_SeekRandom(benchmark::State& state) {
  Timeline& t = timeline(static_cast<std::size_t>(state.range(0)));
  std::mt19937_64 rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(t.state_at(rng() % (t.last_clock() + 1)).clock());
  state.counters["checkpoints"] = static_cast<double>(t.checkpoint_count());
}
BENCHMARK(BM_Timeline_SeekRandom)->Arg(250)->Arg(1000)->Arg(4000)->Unit(benchmark::kMicrosecond);

// The worst seek: back from the end to just before a checkpoint (K - 1 applies).
void BM_Timeline_SeekWorstBackward(benchmark::State& state) {
  const std::size_t every = static_cast<std::size_t>(state.range(0));
  Timeline& t = timeline(every);
  std::mt19937_64 rng(2);
  for (auto _ : state) {
    state.PauseTiming();
    t.state_at(t.last_clock());
    const std::uint64_t target = (rng() % (kChanges / every - 1)) * every + every - 1;
    state.ResumeTiming();
    benchmark::DoNotOptimize(t.state_at(target).clock());
  }
}
BENCHMARK(BM_Timeline_SeekWorstBackward)->Arg(250)->Arg(1000)->Arg(4000)->Unit(benchmark::kMicrosecond);

// Playing: one change forward per step; and dragging the scrubber back one at a time.
void BM_Timeline_StepForward(benchmark::State& state) {
  Timeline& t = timeline(1000);
  std::uint64_t c = 0;
  for (auto _ : state) {
    c = c >= t.last_clock() ? 0 : c + 1;
    benchmark::DoNotOptimize(t.state_at(c).clock());
  }
}
BENCHMARK(BM_Timeline_StepForward)->Unit(benchmark::kMicrosecond);

void BM_Timeline_StepBackward(benchmark::State& state) {
  Timeline& t = timeline(1000);
  std::uint64_t c = t.last_clock();
  for (auto _ : state) {
    c = c == 0 ? t.last_clock() : c - 1;
    benchmark::DoNotOptimize(t.state_at(c).clock());
  }
}
BENCHMARK(BM_Timeline_StepBackward)->Unit(benchmark::kMicrosecond);

}  // namespace
