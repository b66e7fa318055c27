// How long pss-client takes to build one frame's draw data (ImGui draw lists for the
// canvas and every panel; no GL submission) for a map of 2,000 cards and 2,000 arrows.
// Budget: 8 ms of CPU per frame. The ImGui context has no backend: a 1600x1000 display,
// the real fonts built into an atlas in memory.
#include <benchmark/benchmark.h>
#include <imgui.h>

#include <random>

#include "client/app/draw/board_ui.h"
#include "client/app/ui/document.h"
#include "client/app/ui/records.h"

namespace {

namespace pb = ::pss::v1;
using pss::ui::V2;

enum class Layout { rows, dense };

// 2,000 cards in the PSS rows (two lines of cards per row, as workshops fill them), or
// packed densely so that all of them are on screen at once with their titles.
pss::StrategyMap make_map(Layout layout, int cards, int links) {
  auto map = pss::StrategyMap::with_default_rows();
  const auto rows = map.rows_in_order();
  static const char* words[] = {"Reduce", "waiting", "times", "for", "first", "appointments", "trained",
                                "staff", "families", "get", "help", "sooner", "shared", "records", "across",
                                "partners", "value", "for", "money", "safer", "discharge", "home"};
  std::mt19937 rng(42);
  std::vector<pb::Op> ops;
  for (int i = 0; i < cards; ++i) {
    pb::Element e;
    char id[16];
    std::snprintf(id, sizeof id, "e%05d", i);
    e.set_id(id);
    int band;
    V2 pos;
    if (layout == Layout::rows) {
      band = i % 8;
      const int slot = i / 8;  // 250 slots per row: two lines of 125
      pos = {(slot / 2) * 230.0, band * 220.0 + 10 + (slot % 2) * 104};
    } else {
      pos = {(i % 50) * 86.0, (i / 50) * 44.0};  // 50 x 40 grid, overlapping, ~4300 x 1760
      band = std::min(7, int((pos.y + 48) / 220));
    }
    e.set_row(rows[band]->id());
    e.set_kind(rows[band]->kind());
    std::string title;
    const int n = 3 + int(rng() % 6);
    for (int w = 0; w < n; ++w) title += std::string(w ? " " : "") + words[rng() % std::size(words)];
    e.set_title(title);
    e.mutable_position()->set_x(pos.x);
    e.mutable_position()->set_y(pos.y);
    e.mutable_size()->set_x(200);
    e.mutable_size()->set_y(96);
    if (i % 5 == 0) e.set_status(pb::AGREED);
    ops.push_back(pss::ui::put_op(e));
  }
  // Arrows from each card to a card of the row above, mostly nearby.
  for (int i = 0; i < links; ++i) {
    pb::Link l;
    char id[16];
    std::snprintf(id, sizeof id, "l%05d", i);
    l.set_id(id);
    const int from = i % cards;
    const int to = (from + 7 + 8 * int(rng() % 3)) % cards;  // different, varied
    char f[16], t[16];
    std::snprintf(f, sizeof f, "e%05d", from);
    std::snprintf(t, sizeof t, "e%05d", to);
    l.set_from(f);
    l.set_to(t);
    ops.push_back(pss::ui::put_op(l));
  }
  for (auto& op : ops) map.apply_one(op, {1, nullptr});  // a duplicate arrow is refused: fine
  return map;
}

struct Headless {
  Headless() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 1000);
    io.DeltaTime = 1.0f / 60;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // >64k vertices per list
    pss::draw::apply_style();
    fonts = pss::draw::load_fonts();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(1));
  }
  ~Headless() { ImGui::DestroyContext(); }
  pss::draw::Fonts fonts;
};

void run(benchmark::State& state, Layout layout, double zoom, bool fit) {
  Headless imgui;
  pss::ui::LocalDocument doc(make_map(layout, 2000, 2000));
  pss::ui::Editor editor(doc);
  pss::ui::IdSource ids("bench");
  pss::ui::Tools tools(editor, ids);
  pss::draw::BoardUi board(tools, imgui.fonts);
  pss::draw::SessionInfo info;
  info.room = "bench";
  info.name = "Bench";
  info.status = "Connected";
  info.tone = pss::draw::Tone::ok;
  for (int i = 0; i < 3; ++i) {
    pb::Presence p;
    p.mutable_cursor()->set_x(400 + 100 * i);
    p.mutable_cursor()->set_y(700);
    p.set_cursor_visible(true);
    p.add_selection("e0000" + std::to_string(i));
    info.peers.push_back({std::uint32_t(i + 2), "Peer " + std::to_string(i), 0xE07A5Fu, pb::STAFF, p});
  }
  if (!fit) board.set_initial_view({0, 0}, zoom);
  tools.set_selection({"e00010", "e00011", "e00012"});

  auto frame = [&] {
    ImGui::NewFrame();
    board.frame(info, 1.0 / 60);
    ImGui::Render();
  };
  frame();  // first frame: view set, titles wrapped and cached
  frame();
  std::size_t vertices = 0;
  for (auto _ : state) {
    frame();
    vertices = std::size_t(ImGui::GetDrawData()->TotalVtxCount);
  }
  state.counters["zoom"] = tools.view().zoom();
  state.counters["cards_drawn"] = double(board.painter().cards_drawn());
  state.counters["arrows_drawn"] = double(board.painter().links_drawn());
  state.counters["vertices"] = double(vertices);
}

// A workshop-sized view: zoom 1, a few dozen cards with titles.
void BM_Frame_Rows_Zoom100(benchmark::State& s) { run(s, Layout::rows, 1.0, false); }
// Zoomed out as far as titles are still drawn (0.3): about 300 titled cards.
void BM_Frame_Rows_Zoom30(benchmark::State& s) { run(s, Layout::rows, 0.3, false); }
// Zoom-to-fit, clamped at the minimum zoom (0.1): ~900 cards as title bars.
void BM_Frame_Rows_Fit(benchmark::State& s) { run(s, Layout::rows, 0, true); }
// The worst case: all 2,000 cards with titles and all 2,000 arrows on screen at once.
void BM_Frame_AllVisible_Titled(benchmark::State& s) { run(s, Layout::dense, 0.3, false); }

BENCHMARK(BM_Frame_Rows_Zoom100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frame_Rows_Zoom30)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frame_Rows_Fit)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frame_AllVisible_Titled)->Unit(benchmark::kMillisecond);

}  // namespace
