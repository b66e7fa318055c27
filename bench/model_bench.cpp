// The model's hot paths: the position patch of a drag, a push with a new card, and
// what a joiner costs (snapshot encoding, catch-up diff) on a 10,000-card map.
#include <benchmark/benchmark.h>

#include "model/strategy_map.h"

namespace {

namespace pb = ::pss::v1;

pb::Op put_card(int i) {
  pb::Op op;
  auto* e = op.mutable_put()->mutable_element();
  e->set_id("card-" + std::to_string(i));
  e->set_kind(pb::PROCESS);
  e->set_row("processes");
  e->set_title("Stop-smoking clinic " + std::to_string(i));
  e->mutable_position()->set_x(i % 1000);
  e->mutable_position()->set_y(i / 1000);
  e->mutable_size()->set_x(160);
  e->mutable_size()->set_y(80);
  return op;
}

pb::Op move_card(int i, double x) {
  pb::Op op;
  auto* p = op.mutable_patch();
  auto* e = p->mutable_value()->mutable_element();
  e->set_id("card-" + std::to_string(i));
  e->mutable_position()->set_x(x);
  e->mutable_position()->set_y(x / 2);
  p->add_fields(pb::Element::kPositionFieldNumber);
  return op;
}

pss::StrategyMap map_with(int cards) {
  auto map = pss::StrategyMap::with_default_rows();
  const pss::Identity who{"Bench", pb::STAFF};
  for (int i = 0; i < cards; ++i) map.apply_one(put_card(i), pss::ApplyContext{static_cast<std::uint64_t>(i + 1), &who});
  return map;
}

void BM_ApplyDragPatch(benchmark::State& state) {
  auto map = map_with(static_cast<int>(state.range(0)));
  const pss::Identity who{"Bench", pb::STAFF};
  std::uint64_t clock = map.clock();
  std::vector<pb::Op> applied;
  for (auto _ : state) {
    applied.clear();
    auto op = move_card(static_cast<int>(clock % state.range(0)), double(clock % 5000));
    benchmark::DoNotOptimize(map.apply_one(op, pss::ApplyContext{++clock, &who}, &applied));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApplyDragPatch)->Arg(100)->Arg(10000);

void BM_ApplyPutCard(benchmark::State& state) {
  auto map = map_with(1000);
  const pss::Identity who{"Bench", pb::STAFF};
  std::uint64_t clock = map.clock();
  for (auto _ : state) {
    auto op = put_card(static_cast<int>(clock % 1000));
    benchmark::DoNotOptimize(map.apply_one(op, pss::ApplyContext{++clock, &who}));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApplyPutCard);

void BM_SnapshotBytes(benchmark::State& state) {
  auto map = map_with(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) bytes = map.snapshot_bytes().size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SnapshotBytes)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_ChangesSinceFewEdits(benchmark::State& state) {
  auto map = map_with(10000);
  const pss::Identity who{"Bench", pb::STAFF};
  const auto since = map.clock();
  for (int i = 0; i < 50; ++i) map.apply_one(move_card(i, i), pss::ApplyContext{since + 1 + i, &who});
  for (auto _ : state) benchmark::DoNotOptimize(map.changes_since(since));
}
BENCHMARK(BM_ChangesSinceFewEdits)->Unit(benchmark::kMicrosecond);

void BM_SnapshotLoad(benchmark::State& state) {
  const auto snapshot = map_with(10000).snapshot();
  for (auto _ : state) benchmark::DoNotOptimize(pss::StrategyMap::from_snapshot(snapshot, {}));
}
BENCHMARK(BM_SnapshotLoad)->Unit(benchmark::kMillisecond);

}  // namespace
