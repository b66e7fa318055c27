// Breakout groups in the side panel: which group you are in and a board switcher for
// everyone; for the facilitator, splitting the participants into groups, looking into
// any group's board, merging selected cards into the main map, moving a person to
// another group, and ending the breakouts. Controls only send commands: the server
// decides, and it never sends a participant another group's cards.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "client/app/draw/board_ui.h"
#include "client/app/ui/boards.h"

namespace pss::draw {
namespace {

bool is_group(const pb::BreakoutState& b, const std::string& id) {
  return std::any_of(b.groups().begin(), b.groups().end(), [&](const pb::BreakoutGroup& g) { return g.id() == id; });
}

}  // namespace

const std::string& BoardUi::choose_board(const SessionInfo& info) {
  if (!info.workshop || !info.workshop->has_breakouts()) {
    shown_board_.clear();
    return shown_board_;
  }
  const pb::BreakoutState& b = info.workshop->breakouts();
  if (b.mine() != last_mine_ || b.running() != last_running_) {  // put in a group (or out): go there
    shown_board_ = b.mine();
    last_mine_ = b.mine();
    last_running_ = b.running();
  }
  if (!shown_board_.empty() && !is_group(b, shown_board_)) shown_board_.clear();
  // During breakouts a participant has its own board and the main map, nothing else.
  if (b.running() && info.role == pb::PARTICIPANT && !shown_board_.empty() && shown_board_ != b.mine())
    shown_board_ = b.mine();
  return shown_board_;
}

void BoardUi::breakouts(const SessionInfo& info) {
  const pb::FacilitationState& st = *info.workshop;
  if (!st.has_breakouts()) return;
  const pb::BreakoutState& b = st.breakouts();
  const bool confined = b.running() && info.role == pb::PARTICIPANT;
  if (confined)
    ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.35f, 1),
                       b.mine().empty() ? "Breakouts: you are on the main map" : "Breakouts: you are in %s",
                       ui::board_name(st, b.mine()).c_str());
  else if (b.running())
    ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.35f, 1), "Breakouts running (%d groups)", b.groups_size());
  // The board switcher: the boards this person may look at.
  std::vector<std::string> boards{""};
  for (const pb::BreakoutGroup& g : b.groups())
    if (!confined || g.id() == b.mine()) boards.push_back(g.id());
  if (boards.size() < 2) return;
  ImGui::SetNextItemWidth(-1);
  const std::string current =
      ui::board_name(st, shown_board_) + (confined && shown_board_.empty() && !b.mine().empty() ? " (read-only)" : "");
  if (ImGui::BeginCombo("##board", current.c_str())) {
    for (const std::string& id : boards)
      if (ImGui::Selectable(ui::board_name(st, id).c_str(), id == shown_board_)) shown_board_ = id;
    ImGui::EndCombo();
  }
}

void BoardUi::breakout_controls(const SessionInfo& info) {
  const pb::FacilitationState& st = *info.workshop;
  const bool running = st.has_breakouts() && st.breakouts().running();
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::TextDisabled("Breakout groups");
  if (!running) {
    ImGui::SetNextItemWidth(70);
    ImGui::InputInt("groups", &breakout_groups_, 1, 1);
    breakout_groups_ = std::clamp(breakout_groups_, 1, 20);
    ImGui::SameLine();
    if (ImGui::SmallButton("Start breakouts")) {
      std::vector<std::uint32_t> participants;
      for (const PeerView& p : info.peers)
        if (p.role == pb::PARTICIPANT) participants.push_back(p.session_id);
      // New ids every time: boards of earlier breakouts stay as they are.
      send(ui::split_into_groups(participants, breakout_groups_, "b" + std::to_string(info.now_ms / 1000)));
    }
  } else {
    for (const pb::BreakoutGroup& g : st.breakouts().groups()) {
      ImGui::PushID(g.id().c_str());
      ImGui::Text("%s: %d here", ui::board_name(st, g.id()).c_str(), g.sessions_size());
      ImGui::SameLine();
      if (ImGui::SmallButton(shown_board_ == g.id() ? "Back to main" : "Look into"))
        shown_board_ = shown_board_ == g.id() ? std::string() : g.id();
      ImGui::PopID();
    }
    if (ImGui::SmallButton("End breakouts")) {
      pb::Facilitate f;
      f.set_end_breakouts(true);
      send(f);
    }
  }
  // Merge: the selected cards of the group board shown move to the main map.
  const auto& sel = tools_.selection();
  if (!shown_board_.empty() && !sel.empty()) {
    if (ImGui::SmallButton("Merge selection into the main map")) {
      pb::Facilitate f;
      for (const auto& id : sel)
        if (tools_.map().element(id)) f.mutable_merge()->add_elements(id);
      if (f.merge().elements_size() > 0) send(f);
    }
  }
}

void BoardUi::assign_control(const SessionInfo& info, const PeerView& p) {
  if (!info.workshop) return;
  const pb::FacilitationState& st = *info.workshop;
  if (!st.has_breakouts() || !st.breakouts().running() || p.role != pb::PARTICIPANT) return;
  std::string now;
  for (const pb::BreakoutGroup& g : st.breakouts().groups())
    if (std::find(g.sessions().begin(), g.sessions().end(), p.session_id) != g.sessions().end()) now = g.id();
  ImGui::SetNextItemWidth(140);
  if (ImGui::BeginCombo("##group", ui::board_name(st, now).c_str())) {
    std::vector<std::string> boards{""};
    for (const pb::BreakoutGroup& g : st.breakouts().groups()) boards.push_back(g.id());
    for (const std::string& id : boards) {
      if (ImGui::Selectable(ui::board_name(st, id).c_str(), id == now) && id != now) {
        pb::Facilitate f;
        f.mutable_assign()->set_session_id(p.session_id);
        f.mutable_assign()->set_group(id);
        send(f);
      }
    }
    ImGui::EndCombo();
  }
}

}  // namespace pss::draw
