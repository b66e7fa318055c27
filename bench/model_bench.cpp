// The model's hot paths: applying a drag patch on the server (validated, stamped,
// `applied` built) and on a replica (trusted); replaying a recording of 1,000,000
// logged ops; the wire encoding of a push and of a patch frame; and what a joiner
// costs (snapshot encoding and loading, catch-up diff) on a 10,000-card map.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <utility>

#include "model/ops.h"
#include "model/strategy_map.h"
#include "protocol/protocol.h"

namespace {

namespace pb = ::pss::v1;

const pss::Identity& bench_user() {
  static const pss::Identity who{"Bench", pb::STAFF};
  return who;
}

std::string card_id(int i) { return "card-" + std::to_string(i); }

pb::Element card(const std::string& id, int i) {
  pb::Element e;
  e.set_id(id);
  e.set_kind(pb::PROCESS);
  e.set_row("processes");
  e.set_title("Stop-smoking clinic " + std::to_string(i));
  e.mutable_position()->set_x(i % 1000);
  e.mutable_position()->set_y(i / 1000);
  e.mutable_size()->set_x(160);
  e.mutable_size()->set_y(80);
  return e;
}

pb::Op put_card(int i) { return pss::ops::put(card(card_id(i), i)); }

pss::StrategyMap map_with(int cards) {
  auto map = pss::StrategyMap::with_default_rows();
  for (int i = 0; i < cards; ++i) map.apply_one(put_card(i), pss::ApplyContext{map.clock() + 1, &bench_user()});
  return map;
}

// One drag step per card, built before timing: the benchmark measures apply, not op building.
std::vector<pb::Op> drag_steps(int cards) {
  std::vector<pb::Op> ops;
  for (int i = 0; i < cards; ++i) ops.push_back(pss::ops::move(card_id(i), double(i % 5000), double(i % 5000) / 2));
  return ops;
}

// The server's path (RoomState::push): validate, stamp, build the applied ops for the patch frame.
void BM_ApplyDragPatch_Validated(benchmark::State& state) {
  const int cards = static_cast<int>(state.range(0));
  auto map = map_with(cards);
  const auto ops = drag_steps(cards);
  std::vector<pb::Op> applied;
  std::size_t i = 0;
  for (auto _ : state) {
    applied.clear();
    benchmark::DoNotOptimize(map.apply_one(ops[i], pss::ApplyContext{map.clock() + 1, &bench_user()}, &applied));
    if (++i == ops.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApplyDragPatch_Validated)->Arg(100)->Arg(10000);

// A replica's path (client confirmed state, replay): the op comes from the server.
void BM_ApplyDragPatch_Trusted(benchmark::State& state) {
  const int cards = static_cast<int>(state.range(0));
  auto map = map_with(cards);
  const auto ops = drag_steps(cards);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(map.apply_one(ops[i], pss::ApplyContext{map.clock() + 1, nullptr}));
    if (++i == ops.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApplyDragPatch_Trusted)->Arg(100)->Arg(10000);

void BM_ApplyPutCard_Validated(benchmark::State& state) {
  auto map = map_with(1000);
  std::vector<pb::Op> ops;
  for (int i = 0; i < 1000; ++i) ops.push_back(put_card(i));
  std::vector<pb::Op> applied;
  std::size_t i = 0;
  for (auto _ : state) {
    applied.clear();
    benchmark::DoNotOptimize(map.apply_one(ops[i], pss::ApplyContext{map.clock() + 1, &bench_user()}, &applied));
    if (++i == ops.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApplyPutCard_Validated);

// A recording as the server logs it: the map at base.clock, then every committed push
// as applied. 90% drags (position patches); 2% each of new cards, replaced cards, new
// arrows, arrow removals and card removals (with their arrows), so the room keeps
// about its starting size. Made once by the server's own path.
struct Recording {
  std::unique_ptr<google::protobuf::Arena> arena = std::make_unique<google::protobuf::Arena>();
  pb::History* history = google::protobuf::Arena::CreateMessage<pb::History>(arena.get());
  std::size_t ops = 0;
  std::size_t cards_at_end = 0, arrows_at_end = 0;
};

const Recording& recording(std::size_t ops_wanted, int start_cards) {
  static std::unique_ptr<Recording> cached;  // one at a time: 1,000,000 ops take ~0.5 GB
  static std::pair<std::size_t, int> cached_key;
  if (cached && cached_key == std::pair(ops_wanted, start_cards)) return *cached;
  cached.reset();
  cached = std::make_unique<Recording>();
  cached_key = {ops_wanted, start_cards};
  Recording& rec = *cached;
  auto map = map_with(start_cards);
  std::mt19937_64 rng(7);
  std::vector<std::string> cards;
  for (int i = 0; i < start_cards; ++i) cards.push_back(card_id(i));
  std::vector<std::string> links;
  auto random_card = [&]() -> const std::string& { return cards[rng() % cards.size()]; };
  auto push = [&](std::vector<pb::Op> ops) {
    std::vector<pb::Op> applied;
    if (map.apply(ops, pss::ApplyContext{map.clock() + 1, &bench_user()}, &applied)) return false;
    auto* change = rec.history->add_changes();
    change->set_clock(map.clock());
    for (auto& op : applied) *change->add_ops() = op;
    rec.ops += applied.size();
    return true;
  };
  for (int i = 0; i < start_cards / 2; ++i) {
    const auto& a = random_card();
    const auto& b = random_card();
    pb::Link l;
    l.set_id("link-" + a + "-" + b);
    l.set_from(a);
    l.set_to(b);
    if (!map.apply_one(pss::ops::put(l), pss::ApplyContext{map.clock() + 1, &bench_user()})) links.push_back(l.id());
  }
  *rec.history->mutable_base() = map.snapshot();
  int next_card = start_cards;
  while (rec.ops < ops_wanted) {
    const auto dice = rng() % 1000;
    if (dice < 900) {
      push({pss::ops::move(random_card(), double(rng() % 4000), double(rng() % 2000))});
    } else if (dice < 920 || cards.size() < 100) {
      const int i = next_card++;
      if (push({put_card(i)})) cards.push_back(card_id(i));
    } else if (dice < 940) {
      const auto& id = random_card();
      push({pss::ops::put(card(id, static_cast<int>(rng() % 100000)))});
    } else if (dice < 960) {
      pb::Link l;
      l.set_from(random_card());
      l.set_to(random_card());
      l.set_id("link-" + l.from() + "-" + l.to());
      if (push({pss::ops::put(l)})) links.push_back(l.id());
    } else if (dice < 980) {
      if (links.empty()) continue;
      const auto k = rng() % links.size();
      std::swap(links[k], links.back());
      if (map.link(links.back())) push({pss::ops::remove(pb::LINK, links.back())});
      links.pop_back();  // removed now, or earlier with one of its cards
    } else {
      const auto k = rng() % cards.size();
      std::swap(cards[k], cards.back());
      push({pss::ops::remove(pb::ELEMENT, cards.back())});
      cards.pop_back();
    }
  }
  rec.cards_at_end = map.elements().size();
  rec.arrows_at_end = map.links().size();
  return rec;
}

// Replaying a recording as the client's timeline seeks do: every change applied as
// logged, at its clock, without the value checks (the timeline checked them once when
// it was built). Target: 2,000,000 ops/s.
// Arguments: ops, cards in the room (2,000: a big workshop; 20,000: the room limit).
void BM_ReplayRecording(benchmark::State& state) {
  const Recording& rec = recording(static_cast<std::size_t>(state.range(0)), static_cast<int>(state.range(1)));
  const auto base = pss::StrategyMap::from_snapshot(rec.history->base(), {});
  if (!base) return state.SkipWithError("base snapshot does not load");
  for (auto _ : state) {
    state.PauseTiming();
    auto map = std::make_unique<pss::StrategyMap>(*base);
    state.ResumeTiming();
    for (const auto& change : rec.history->changes())
      if (auto failed = map->apply(change.ops(), pss::ApplyContext::recorded(change.clock())))
        return state.SkipWithError(("replay failed: " + failed->detail).c_str());
    state.PauseTiming();
    map.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rec.ops));
  state.counters["changes"] = rec.history->changes_size();
  state.counters["cards"] = static_cast<double>(rec.cards_at_end);
  state.counters["arrows"] = static_cast<double>(rec.arrows_at_end);
}
BENCHMARK(BM_ReplayRecording)->Args({1000000, 2000})->Args({1000000, 20000})->Unit(benchmark::kMillisecond);

// Wire formats of the two messages a drag produces: the client's push of one move and
// the server's patch frame, here batching 8 peers' drag steps.
pb::ClientMessage drag_push() {
  pb::ClientMessage m;
  m.mutable_push()->set_client_seq(123456);
  *m.mutable_push()->add_ops() = pss::ops::move("card-1234", 1520.5, 733.25);
  return m;
}

pb::ServerMessage drag_patch() {
  pb::ServerMessage m;
  for (int i = 0; i < 8; ++i) {
    auto* c = m.mutable_patch()->add_changes();
    c->set_clock(100000 + i);
    c->set_session_id(static_cast<std::uint32_t>(i + 1));
    *c->add_ops() = pss::ops::move(card_id(1000 + i), 1520.5 + i, 733.25);
  }
  return m;
}

void BM_EncodeClientPush(benchmark::State& state) {
  const auto m = drag_push();
  for (auto _ : state) benchmark::DoNotOptimize(pss::encode(m));
  state.counters["bytes"] = static_cast<double>(pss::encode(m).size());
}
BENCHMARK(BM_EncodeClientPush);

void BM_DecodeClientPush(benchmark::State& state) {
  const auto bytes = pss::encode(drag_push());
  pb::ClientMessage m;  // reused, as the server's session does
  for (auto _ : state) benchmark::DoNotOptimize(m.ParseFromString(bytes));
}
BENCHMARK(BM_DecodeClientPush);

void BM_EncodePatchFrame(benchmark::State& state) {
  const auto m = drag_patch();
  for (auto _ : state) benchmark::DoNotOptimize(pss::encode_frame(m));
  state.counters["bytes"] = static_cast<double>(pss::encode_frame(m).size());
}
BENCHMARK(BM_EncodePatchFrame);

void BM_DecodePatchFrame(benchmark::State& state) {
  const auto bytes = pss::encode_frame(drag_patch());
  pb::ServerFrame frame;
  for (auto _ : state) benchmark::DoNotOptimize(frame.ParseFromString(bytes));
}
BENCHMARK(BM_DecodePatchFrame);

void BM_SnapshotBytes(benchmark::State& state) {
  auto map = map_with(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) bytes = map.snapshot_bytes().size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SnapshotBytes)->Arg(10000)->Unit(benchmark::kMillisecond);

// A joiner's cost: decode the snapshot, then load it (from_snapshot validates every record).
void BM_SnapshotDecode(benchmark::State& state) {
  const auto bytes = map_with(10000).snapshot_bytes();
  for (auto _ : state) {
    pb::Snapshot s;
    benchmark::DoNotOptimize(s.ParseFromString(bytes));
  }
}
BENCHMARK(BM_SnapshotDecode)->Unit(benchmark::kMillisecond);

void BM_SnapshotLoad(benchmark::State& state) {
  const auto snapshot = map_with(10000).snapshot();
  for (auto _ : state) benchmark::DoNotOptimize(pss::StrategyMap::from_snapshot(snapshot, {}));
}
BENCHMARK(BM_SnapshotLoad)->Unit(benchmark::kMillisecond);

void BM_ChangesSinceFewEdits(benchmark::State& state) {
  auto map = map_with(10000);
  const auto since = map.clock();
  const auto ops = drag_steps(50);
  for (const auto& op : ops) map.apply_one(op, pss::ApplyContext{map.clock() + 1, &bench_user()});
  for (auto _ : state) benchmark::DoNotOptimize(map.changes_since(since));
}
BENCHMARK(BM_ChangesSinceFewEdits)->Unit(benchmark::kMicrosecond);

}  // namespace
