// The PSS method on a large map: map checks (run every frame while their panel is
// open), the scorecard, and the report exports. A map of 2,000 cards in the eight
// rows, 4,000 arrows, 500 risks and 1,000 measures with 12 monthly values each.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "method/map_checks.h"
#include "method/measure.h"
#include "model/ops.h"
#include "report/formats.h"

namespace {

using namespace pss;

const StrategyMap& big_map() {
  static const StrategyMap map = [] {
    Limits limits;
    limits.max_ops_per_push = 1 << 20;
    auto m = StrategyMap::with_default_rows(limits);
    const auto rows = m.rows_in_order();
    std::vector<pb::Op> ops;
    const int cards = 2000;
    for (int i = 0; i < cards; ++i) {
      const pb::Row& row = *rows[static_cast<std::size_t>(i) % rows.size()];
      pb::Element e;
      e.set_id("e" + std::to_string(i));
      e.set_kind(row.kind());
      e.set_row(row.id());
      e.set_title("Card number " + std::to_string(i) + " with a title long enough to wrap twice");
      e.mutable_position()->set_x((i / 8) * 220.0);
      e.mutable_position()->set_y(static_cast<double>(i % 8) * 220 + 60);
      e.mutable_size()->set_x(160);
      e.mutable_size()->set_y(90);
      ops.push_back(ops::put(e));
    }
    for (int i = 0; i < 2 * cards; ++i) {
      // From a lower row to the row above, mostly (some run down, for the checks).
      const int from = (i * 7919) % cards, to = (from + 7 + i % 3) % cards;
      pb::Link l;
      l.set_id("l" + std::to_string(i));
      l.set_from("e" + std::to_string(from));
      l.set_to("e" + std::to_string(to));
      if (from != to) ops.push_back(ops::put(l));
    }
    for (int i = 0; i < 500; ++i) {
      pb::Risk r;
      r.set_id("r" + std::to_string(i));
      r.set_target_type(pb::ELEMENT);
      r.set_target("e" + std::to_string(i * 3));
      r.set_likelihood(static_cast<std::uint32_t>(1 + i % 5));
      r.set_impact(static_cast<std::uint32_t>(1 + (i / 5) % 5));
      ops.push_back(ops::put(r));
    }
    for (int i = 0; i < 1000; ++i) {
      pb::Measure ms;
      ms.set_id("m" + std::to_string(i));
      ms.set_element("e" + std::to_string(i * 2));
      ms.set_name("Measure " + std::to_string(i));
      ms.set_direction(pb::HIGHER_IS_BETTER);
      ms.set_green(80);
      ms.set_amber(60);
      ms.set_decision(pb::ACCEPTED);
      for (int month = 1; month <= 12; ++month) {
        auto* v = ms.add_values();
        v->set_date("2025-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-28");
        v->set_value((i * 13 + month * 7) % 100);
      }
      ops.push_back(ops::put(ms));
    }
    const Identity who{"bench", pb::STAFF};
    // One op at a time: the few arrows that repeat a pair of ends are refused and left out.
    for (auto& op : ops)
      if (m.apply_one(op, ApplyContext{1, &who}) && !op.put().has_link()) std::abort();
    return m;
  }();
  return map;
}

void BM_MapChecks(benchmark::State& state) {
  const auto& map = big_map();
  for (auto _ : state) benchmark::DoNotOptimize(method::check_map(map, {.measurement_phase = true}));
}
BENCHMARK(BM_MapChecks)->Unit(benchmark::kMillisecond);

void BM_Scorecard(benchmark::State& state) {
  const auto& map = big_map();
  for (auto _ : state) benchmark::DoNotOptimize(method::scorecard(map));
}
BENCHMARK(BM_Scorecard)->Unit(benchmark::kMillisecond);

void BM_ExportJson(benchmark::State& state) {
  const auto& map = big_map();
  for (auto _ : state) benchmark::DoNotOptimize(report::map_json(map));
}
BENCHMARK(BM_ExportJson)->Unit(benchmark::kMillisecond);

void BM_ExportSvg(benchmark::State& state) {
  const auto& map = big_map();
  for (auto _ : state) benchmark::DoNotOptimize(report::map_svg(map));
}
BENCHMARK(BM_ExportSvg)->Unit(benchmark::kMillisecond);

void BM_ExportPng(benchmark::State& state) {
  const auto& map = big_map();
  for (auto _ : state) benchmark::DoNotOptimize(report::map_png(map, 0.25));
}
BENCHMARK(BM_ExportPng)->Unit(benchmark::kMillisecond);

}  // namespace
