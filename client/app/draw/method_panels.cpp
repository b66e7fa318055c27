// The PSS method on the side panel: a card's (or an arrow's) risks, a card's measures (edited through the
// same undoable ops as everything else), and the map-wide map checks, 5x5 risk matrix
// and scorecard, whose items select what they name.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <ctime>
#include <set>

#include "client/app/draw/board_ui.h"
#include "client/app/draw/widgets.h"
#include "method/map_checks.h"
#include "method/measure.h"
#include "method/risk.h"
#include "model/ops.h"

namespace pss::draw {

namespace {

std::string today() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

const char* trend_arrow(method::Trend t) {
  switch (t) {
    case method::Trend::improving: return "improving";
    case method::Trend::worsening: return "worsening";
    case method::Trend::steady: return "steady";
    default: return "-";
  }
}

}  // namespace

bool BoardUi::text_field(const char* label, const std::string& key, const std::string& current, std::string* out,
                         bool multiline) {
  std::string& buf = field_bufs_.try_emplace(key, current).first->second;
  ImGui::SetNextItemWidth(-1);
  if (multiline)
    ImGui::InputTextMultiline(label, &buf, ImVec2(-1, ImGui::GetTextLineHeight() * 3));
  else
    ImGui::InputText(label, &buf);
  locate(key);
  const bool done = ImGui::IsItemDeactivatedAfterEdit();
  if (done) *out = buf;
  if (!ImGui::IsItemActive() && !done) buf = current;  // follow others' edits
  return done;
}

void BoardUi::locate(const std::string& name) {
  if (!print_widgets_ || !ImGui::IsItemVisible()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const std::pair<int, int> at{int((a.x + b.x) / 2), int((a.y + b.y) / 2)};
  auto [it, added] = located_.try_emplace(name, at);
  if (!added && it->second == at) return;
  it->second = at;
  std::printf("widget %s %d %d\n", name.c_str(), at.first, at.second);
  std::fflush(stdout);
}

void BoardUi::card_method(const pb::Element& e) {
  if (e.kind() == pb::NOTE) return;
  ImGui::Spacing();
  risks_of(pb::ELEMENT, e.id());
  ImGui::Spacing();
  card_measures(e);
}

void BoardUi::risks_of(pb::RecordType type, const std::string& target) {
  const StrategyMap& map = tools_.map();
  ui::Editor& editor = tools_.editor();
  heading(fonts_, "RISKS AND BARRIERS");
  for (const auto& [id, r] : map.risks()) {
    if (r.target_type() != type || r.target() != target) continue;
    ImGui::PushID(id.c_str());
    const int rating = method::risk_rating(int(r.likelihood()), int(r.impact()));
    dot(method::rag_color(method::risk_band(rating)));
    ImGui::Text("%s, rated %d%s", r.category() == pb::RISK_CATEGORY_BARRIER ? "Barrier" : "Risk", rating,
                r.status() == pb::RISK_STATUS_CLOSED ? " (closed)" : "");
    std::string text;
    pb::Risk v;
    v.set_id(id);
    if (text_field("##desc", "risk-desc:" + id, r.description(), &text)) {
      v.set_description(text);
      editor.apply({ops::patch(v, {pb::Risk::kDescriptionFieldNumber})});
    }
    int likelihood = int(r.likelihood()), impact = int(r.impact());
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f - 4);
    if (ImGui::SliderInt("##l", &likelihood, 1, 5, "likelihood %d") && likelihood != int(r.likelihood())) {
      v.set_likelihood(std::uint32_t(likelihood));
      editor.apply({ops::patch(v, {pb::Risk::kLikelihoodFieldNumber})}, true);
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##i", &impact, 1, 5, "impact %d") && impact != int(r.impact())) {
      v.set_impact(std::uint32_t(impact));
      editor.apply({ops::patch(v, {pb::Risk::kImpactFieldNumber})}, true);
    }
    ImGui::TextDisabled("Mitigation");
    if (text_field("##mit", "risk-mit:" + id, r.mitigation(), &text)) {
      v.set_mitigation(text);
      editor.apply({ops::patch(v, {pb::Risk::kMitigationFieldNumber})});
    }
    static const char* statuses[] = {"Open", "Mitigating", "Closed"};
    int status = std::max(0, int(r.status()) - 1);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    if (ImGui::Combo("##status", &status, statuses, 3)) {
      v.set_status(pb::RiskStatus(status + 1));
      editor.apply({ops::patch(v, {pb::Risk::kStatusFieldNumber})});
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove")) editor.apply({ops::remove(pb::RISK, id)});
    ImGui::PopID();
  }
  // New risks start in the middle of the matrix, open, for the group to rate.
  auto add = [&](pb::RiskCategory category, const char* description) {
    pb::Risk r;
    r.set_id(tools_.ids().next('k'));
    r.set_target_type(type);
    r.set_target(target);
    r.set_description(description);
    r.set_category(category);
    r.set_likelihood(3);
    r.set_impact(3);
    r.set_status(pb::RISK_STATUS_OPEN);
    editor.apply({ops::put(r)});
  };
  if (ImGui::Button("Add risk")) add(pb::RISK_CATEGORY_RISK, "New risk");
  locate("add-risk:" + target);
  ImGui::SameLine();
  if (ImGui::Button("Add barrier")) add(pb::RISK_CATEGORY_BARRIER, "New barrier");
  locate("add-barrier:" + target);
}

void BoardUi::card_measures(const pb::Element& e) {
  const StrategyMap& map = tools_.map();
  ui::Editor& editor = tools_.editor();
  heading(fonts_, "MEASURES");
  for (const auto& [id, m] : map.measures()) {
    if (m.element() != e.id()) continue;
    ImGui::PushID(id.c_str());
    const auto status = method::measure_status(m);
    dot(method::rag_color(status));
    ImGui::Text("%s  (%s)", std::string(method::rag_name(status)).c_str(), trend_arrow(method::measure_trend(m)));
    pb::Measure v;
    v.set_id(id);
    std::string text;
    if (text_field("##name", "measure-name:" + id, m.name(), &text)) {
      v.set_name(text);
      editor.apply({ops::patch(v, {pb::Measure::kNameFieldNumber})});
    }
    static const char* decisions[] = {"Candidate", "Accepted", "Rejected"};
    int decision = std::max(0, int(m.decision()) - 1);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f - 4);
    if (ImGui::Combo("##decision", &decision, decisions, 3)) {
      v.set_decision(pb::MeasureDecision(decision + 1));
      editor.apply({ops::patch(v, {pb::Measure::kDecisionFieldNumber})});
    }
    ImGui::SameLine();
    static const char* directions[] = {"No thresholds", "Higher is better", "Lower is better"};
    int direction = int(m.direction());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##direction", &direction, directions, 3)) {
      // Flipping the direction swaps the thresholds so they stay consistent.
      v.set_direction(pb::MeasureDirection(direction));
      v.set_green(m.amber());
      v.set_amber(m.green());
      editor.apply({ops::patch(
          v, {pb::Measure::kDirectionFieldNumber, pb::Measure::kGreenFieldNumber, pb::Measure::kAmberFieldNumber})});
    }
    // The PSS filter a measure passes before it is accepted.
    static const char* answers[] = {"?", "yes", "no"};  // "?": not discussed yet
    auto answer = [&](const char* label, const char* question, pb::Answer current, auto set, std::uint32_t field) {
      int a = int(current);
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.35f);
      if (ImGui::Combo(label, &a, answers, 3)) {
        (v.*set)(pb::Answer(a));
        editor.apply({ops::patch(v, {field})});
      }
      ImGui::SameLine();
      ImGui::TextUnformatted(question);
    };
    answer("##value", "provides value?", m.provides_value(), &pb::Measure::set_provides_value,
           pb::Measure::kProvidesValueFieldNumber);
    answer("##cost", "cost-effective?", m.cost_effective(), &pb::Measure::set_cost_effective,
           pb::Measure::kCostEffectiveFieldNumber);
    ImGui::TextDisabled("Perverse effects it could cause:");
    if (text_field("##perverse", "measure-perverse:" + id, m.perverse_effects(), &text)) {
      v.set_perverse_effects(text);
      editor.apply({ops::patch(v, {pb::Measure::kPerverseEffectsFieldNumber})});
    }
    if (m.direction() != pb::MEASURE_DIRECTION_UNSPECIFIED) {
      double green = m.green(), amber = m.amber();
      ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f - 4);
      ImGui::InputDouble("##green", &green, 0, 0, "green %.6g");
      if (ImGui::IsItemDeactivatedAfterEdit()) {
        v.set_green(green);
        v.set_amber(m.amber());
        if (auto failed = editor.apply({ops::patch(v, {pb::Measure::kGreenFieldNumber})}))
          notify(failed->detail, Tone::bad);
      }
      ImGui::SameLine();
      ImGui::SetNextItemWidth(-1);
      ImGui::InputDouble("##amber", &amber, 0, 0, "amber %.6g");
      if (ImGui::IsItemDeactivatedAfterEdit()) {
        v.set_amber(amber);
        if (auto failed = editor.apply({ops::patch(v, {pb::Measure::kAmberFieldNumber})}))
          notify(failed->detail, Tone::bad);
      }
    }
    const auto values = method::values_by_date(m);
    if (!values.empty()) {
      std::vector<float> points;
      for (const auto& p : values) points.push_back(float(p.value()));
      ImGui::PlotLines("##values", points.data(), int(points.size()), 0,
                       (values.back().date() + ": " + std::to_string(values.back().value())).c_str(), FLT_MAX, FLT_MAX,
                       ImVec2(-1, 48));
    }
    // A new value: today's date unless typed otherwise; the whole list is one field.
    if (value_date_.empty()) value_date_ = today();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    ImGui::InputText("##date", &value_date_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::InputDouble("##value", &value_, 0, 0, "%.6g");
    ImGui::SameLine();
    if (ImGui::SmallButton("Add value")) {
      *v.mutable_values() = m.values();
      auto* added = v.add_values();
      added->set_date(value_date_);
      added->set_value(value_);
      if (auto failed = editor.apply({ops::patch(v, {pb::Measure::kValuesFieldNumber})}))
        notify(failed->detail, Tone::bad);
    }
    if (ImGui::SmallButton("Remove measure")) editor.apply({ops::remove(pb::MEASURE, id)});
    ImGui::Separator();
    ImGui::PopID();
  }
  if (ImGui::Button("Add measure")) {
    pb::Measure m;
    m.set_id(tools_.ids().next('m'));
    m.set_element(e.id());
    m.set_name("New measure");
    m.set_decision(pb::CANDIDATE);
    editor.apply({ops::put(m)});
  }
  locate("add-measure:" + e.id());
}

void BoardUi::method_panels() {
  const StrategyMap& map = tools_.map();
  ImGui::Spacing();
  const bool checks_open = ImGui::CollapsingHeader("Map checks");
  locate("map-checks");
  if (checks_open) {
    // The room's phase decides when the facilitator has set it; otherwise the reader.
    const bool room_measuring = room_phase_ == pb::MEASUREMENT_AND_EVALUATION;
    if (room_measuring)
      ImGui::TextDisabled("Measurement and evaluation phase");
    else
      ImGui::Checkbox("Measurement phase", &measurement_phase_);
    // The checks walk the whole map (24 ms at 2,000 cards): only when it changed.
    const bool measuring = room_measuring || measurement_phase_;
    const CheckKey key{map.clock(), map.elements().size(), map.links().size(), map.measures().size(), measuring};
    if (!(key == checks_key_)) {
      checks_ = method::check_map(map, {.measurement_phase = measuring});
      checks_key_ = key;
    }
    const auto& findings = checks_;
    if (findings.empty()) ImGui::TextDisabled("Nothing to flag.");
    int n = 0;
    for (const auto& f : findings) {
      ImGui::PushID(n++);
      ImGui::PushTextWrapPos(0);
      const auto names = method::selection_of(f);
      if (ImGui::Selectable(f.message.c_str())) tools_.set_selection(names);
      ImGui::PopTextWrapPos();
      if (print_widgets_) {
        std::string name = "check";
        for (const auto& id : names) name += (name.size() == 5 ? ":" : ",") + id;
        locate(name);
      }
      ImGui::PopID();
    }
  }
  if (ImGui::CollapsingHeader("Risk matrix")) {
    // Likelihood up the side (5 at the top), impact along the bottom, as on paper.
    const auto matrix = method::risk_matrix(map);
    const float side = std::min(40.0f, (ImGui::GetContentRegionAvail().x - 30) / 5 - 4);
    for (int l = 5; l >= 1; --l) {
      ImGui::Text("%d", l);
      for (int i = 1; i <= 5; ++i) {
        ImGui::SameLine();
        const auto& cell = matrix[l - 1][i - 1];
        const auto band = method::risk_band(method::risk_rating(l, i));
        ImGui::PushStyleColor(ImGuiCol_Button, v4(method::rag_color(band), cell.empty() ? 0.25f : 1.0f));
        const std::string label =
            (cell.empty() ? std::string() : std::to_string(cell.size())) + "##" + std::to_string(l) + std::to_string(i);
        if (ImGui::Button(label.c_str(), ImVec2(side, side)) && !cell.empty())
          tools_.set_selection(method::risk_targets(map, cell));
        if (!cell.empty() && ImGui::IsItemHovered()) {
          std::string tip;
          for (const auto& id : cell) tip += map.risk(id)->description() + "\n";
          ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::PopStyleColor();
      }
    }
    ImGui::TextDisabled("  impact 1 to 5 ->");
  }
  if (ImGui::CollapsingHeader("Scorecard")) {
    const auto rows = method::scorecard(map);
    if (rows.empty()) ImGui::TextDisabled("No accepted measures yet.");
    if (!rows.empty() &&
        ImGui::BeginTable("##scorecard", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
      int n = 0;
      for (const auto& r : rows) {
        ImGui::PushID(n++);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        dot(method::rag_color(r.status), 5);
        if (ImGui::Selectable(r.measure->name().c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
          tools_.set_selection({r.element->id()});
        ImGui::TableNextColumn();
        if (r.latest)
          ImGui::Text("%.6g", r.latest->value());
        else
          ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", trend_arrow(r.trend));
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }
}

}  // namespace pss::draw
