// The workshop in the side panel: phase, timer, vote and follow state for everyone,
// the facilitator's controls for facilitators only, and the marks facilitation puts on
// cards. Every control only sends a command: the server decides, and the state shown
// is the one it broadcast.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "client/app/draw/board_ui.h"

namespace pss::draw {
namespace {

void section(const Fonts& fonts, const char* text) {
  ImGui::PushFont(fonts.small);
  ImGui::TextDisabled("%s", text);
  ImGui::PopFont();
}

constexpr pb::WorkshopPhase kPhases[] = {pb::STRATEGY_MAPPING, pb::RISK_REVIEW, pb::SERVICE_IMPROVEMENT,
                                         pb::MEASUREMENT_AND_EVALUATION};

}  // namespace

void BoardUi::send(const pb::Facilitate& f) { *commands_.emplace_back().mutable_facilitate() = f; }

void BoardUi::workshop(const SessionInfo& info) {
  room_phase_ = info.workshop ? info.workshop->phase() : pb::WORKSHOP_PHASE_UNSPECIFIED;
  if (!info.workshop) return;
  const pb::FacilitationState& st = *info.workshop;
  section(fonts_, "WORKSHOP");
  ImGui::TextUnformatted(ui::phase_name(st.phase()));
  if (const std::string t = ui::timer_text(st.timer(), info.now_ms); !t.empty()) {
    ImGui::SameLine();
    ImGui::PushFont(fonts_.ui_bold);
    ImGui::Text("  %s", t.c_str());
    ImGui::PopFont();
  }
  if (info.role != pb::ROLE_UNSPECIFIED) ImGui::TextDisabled("You are a %s", ui::role_name(info.role));
  if (st.locks().board()) ImGui::TextColored(ImVec4(0.75f, 0.2f, 0.2f, 1), "The board is locked");
  if (st.private_mode()) {
    ImGui::TextColored(ImVec4(0.45f, 0.3f, 0.7f, 1), "Private mode: your new cards are yours until the reveal");
    if (st.own_private_size() > 0) ImGui::TextDisabled("%d of yours hidden from others", st.own_private_size());
  }
  if (st.follow_session() != 0 && st.follow_session() != info.session_id) {
    if (following_) {
      ImGui::TextColored(ImVec4(0.1f, 0.45f, 0.8f, 1),
                         st.take_control() ? "Following the facilitator (locked)" : "Following the facilitator");
      if (!st.take_control() && ImGui::SmallButton("Step out")) follow_.step_out(st);
    } else if (ImGui::SmallButton("Follow the facilitator")) {
      follow_.rejoin();
    }
  }
  if (!st.spotlight().empty()) {
    const pb::Element* e = tools_.map().element(st.spotlight());
    ImGui::TextDisabled("Spotlight: %s", e ? e->title().c_str() : st.spotlight().c_str());
  }
  if (st.has_vote()) {
    const pb::VoteState& v = st.vote();
    if (v.revealed()) {
      ImGui::TextUnformatted("Vote results");
      int rank = 0;
      for (const auto& r : v.results()) {
        if (++rank > 5) break;
        const pb::Element* e = tools_.map().element(r.element());
        ImGui::Text("%d. %s  (%u)", rank, e ? e->title().c_str() : r.element().c_str(), r.votes());
      }
    } else {
      ImGui::Text("Dot vote: %u of %u votes left", ui::votes_left(st), v.votes_per_person());
      const auto& sel = tools_.selection();
      const pb::Element* e = sel.size() == 1 ? tools_.map().element(*sel.begin()) : nullptr;
      const ui::CardMarks marks = e ? ui::card_marks(st, *e) : ui::CardMarks{};
      if (e && marks.candidate && info.role != pb::OBSERVER) {
        const ImGuiIO& io = ImGui::GetIO();
        const bool key_v = !io.WantTextInput && !io.KeyCtrl && ImGui::IsKeyPressed(kKeyV, false);
        const auto vote = [&](int delta) {
          auto& m = *commands_.emplace_back().mutable_vote();
          m.set_element(e->id());
          m.set_delta(delta);
        };
        if (ImGui::SmallButton("+ vote") || (key_v && !io.KeyShift)) vote(1);
        ImGui::SameLine();
        if (ImGui::SmallButton("- vote") || (key_v && io.KeyShift)) vote(-1);
        ImGui::SameLine();
        ImGui::TextDisabled("yours here: %u", marks.my_votes);
      } else {
        ImGui::TextDisabled("Select a card in the vote to place a dot");
      }
    }
  }
  breakouts(info);
  if (info.role == pb::FACILITATOR) facilitator_controls(info);
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::Separator();
  ImGui::Dummy(ImVec2(0, 4));
}

void BoardUi::facilitator_controls(const SessionInfo& info) {
  const pb::FacilitationState& st = *info.workshop;
  if (!ImGui::CollapsingHeader("Facilitator controls", ImGuiTreeNodeFlags_DefaultOpen)) return;
  pb::Facilitate f;
  int phase = 0;
  for (int i = 0; i < 4; ++i)
    if (kPhases[i] == st.phase()) phase = i + 1;
  const char* names[] = {"(none)", ui::phase_name(kPhases[0]), ui::phase_name(kPhases[1]), ui::phase_name(kPhases[2]),
                         ui::phase_name(kPhases[3])};
  ImGui::SetNextItemWidth(-1);
  if (ImGui::Combo("##phase", &phase, names, 5) && phase > 0) {
    f.set_phase(kPhases[phase - 1]);
    send(f);
  }
  // Timer.
  ImGui::SetNextItemWidth(70);
  ImGui::InputInt("min##timer", &timer_minutes_, 1, 5);
  timer_minutes_ = std::clamp(timer_minutes_, 1, 240);
  const auto timer = [&](pb::TimerCommand::Action a, int seconds) {
    pb::Facilitate t;
    t.mutable_timer()->set_action(a);
    t.mutable_timer()->set_seconds(static_cast<std::uint32_t>(seconds));
    send(t);
  };
  ImGui::SameLine();
  if (ImGui::SmallButton("Start")) timer(pb::TimerCommand::START, timer_minutes_ * 60);
  ImGui::SameLine();
  if (ImGui::SmallButton(st.timer().running() ? "Pause" : "Resume"))
    timer(st.timer().running() ? pb::TimerCommand::PAUSE : pb::TimerCommand::RESUME, 0);
  ImGui::SameLine();
  if (ImGui::SmallButton("+1")) timer(pb::TimerCommand::ADD, 60);
  ImGui::SameLine();
  if (ImGui::SmallButton("Stop")) timer(pb::TimerCommand::STOP, 0);

  // Vote on the selected cards, or on the row of the one selected card.
  const auto& sel = tools_.selection();
  ImGui::SetNextItemWidth(70);
  ImGui::InputInt("votes each", &votes_each_, 1, 1);
  votes_each_ = std::clamp(votes_each_, 1, 100);
  if (!st.has_vote()) {
    if (ImGui::SmallButton("Vote on selection") && !sel.empty()) {
      pb::Facilitate v;
      for (const auto& id : sel)
        if (tools_.map().element(id)) v.mutable_start_vote()->add_elements(id);
      v.mutable_start_vote()->set_votes_per_person(static_cast<std::uint32_t>(votes_each_));
      send(v);
    }
    const pb::Element* one = sel.size() == 1 ? tools_.map().element(*sel.begin()) : nullptr;
    if (one && !one->row().empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Vote on its row")) {
        pb::Facilitate v;
        v.mutable_start_vote()->set_row(one->row());
        v.mutable_start_vote()->set_votes_per_person(static_cast<std::uint32_t>(votes_each_));
        send(v);
      }
    }
  } else {
    ImGui::Text("%u dots cast", st.vote().ballots_cast());
    if (!st.vote().revealed()) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Reveal")) {
        f.set_reveal_vote(true);
        send(f);
      }
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("End vote")) {
      f.set_end_vote(true);
      send(f);
    }
  }

  // Follow me / summon.
  const bool leading = st.follow_session() == info.session_id;
  if (ImGui::SmallButton(leading ? "Release everyone" : "Follow me")) {
    f.mutable_follow()->set_on(!leading);
    send(f);
  }
  ImGui::SameLine();
  if (!leading && ImGui::SmallButton("Summon (take control)")) {
    f.mutable_follow()->set_on(true);
    f.mutable_follow()->set_take_control(true);
    send(f);
  }

  // Spotlight and locks act on the selection.
  const pb::Element* one = sel.size() == 1 ? tools_.map().element(*sel.begin()) : nullptr;
  if (one) {
    if (ImGui::SmallButton(st.spotlight() == one->id() ? "End spotlight" : "Spotlight")) {
      f.set_spotlight(st.spotlight() == one->id() ? "" : one->id());
      send(f);
    }
    ImGui::SameLine();
    const bool card_locked =
        std::find(st.locks().elements().begin(), st.locks().elements().end(), one->id()) != st.locks().elements().end();
    if (ImGui::SmallButton(card_locked ? "Unlock card" : "Lock card")) {
      f.mutable_lock()->set_element(one->id());
      f.mutable_lock()->set_locked(!card_locked);
      send(f);
    }
    const bool row_locked =
        std::find(st.locks().rows().begin(), st.locks().rows().end(), one->row()) != st.locks().rows().end();
    if (!one->row().empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton(row_locked ? "Unlock row" : "Lock row")) {
        f.mutable_lock()->set_row(one->row());
        f.mutable_lock()->set_locked(!row_locked);
        send(f);
      }
    }
  } else if (!st.spotlight().empty() && ImGui::SmallButton("End spotlight")) {
    f.set_spotlight("");
    send(f);
  }
  if (ImGui::SmallButton(st.locks().board() ? "Unlock board" : "Lock board")) {
    f.mutable_lock()->set_board(true);
    f.mutable_lock()->set_locked(!st.locks().board());
    send(f);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(st.private_mode() ? "Reveal private cards" : "Private mode")) {
    f.set_private_mode(!st.private_mode());
    send(f);
  }
  if (st.private_mode() && st.private_withheld() > 0)
    ImGui::TextDisabled("%u private cards and arrows waiting", st.private_withheld());
  breakout_controls(info);
}

void BoardUi::person_controls(const SessionInfo& info, const PeerView& p) {
  ImGui::PushID(static_cast<int>(p.session_id));
  ImGui::Indent(20);
  pb::Facilitate f;
  const bool observer = p.role == pb::OBSERVER;
  if (ImGui::SmallButton(observer ? "Make participant" : "Make observer")) {
    f.mutable_set_role()->set_session_id(p.session_id);
    f.mutable_set_role()->set_role(observer ? pb::PARTICIPANT : pb::OBSERVER);
    send(f);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Remove")) {
    f.set_remove_session(p.session_id);
    send(f);
  }
  assign_control(info, p);
  ImGui::Unindent(20);
  ImGui::PopID();
}

void BoardUi::follow_view(const SessionInfo& info, const ui::ViewTransform& before) {
  following_ = false;
  if (!info.workshop) return;
  const pb::FacilitationState& st = *info.workshop;
  // Panning or zooming while following steps out, unless the facilitator took control.
  const bool moved = !(before.pan() == tools_.view().pan()) || before.zoom() != tools_.view().zoom();
  if (moved && follow_.following(st, info.session_id)) follow_.step_out(st);
  std::optional<pb::Presence> leader;
  for (const PeerView& p : info.peers)
    if (p.session_id == st.follow_session()) leader = p.presence;
  if (auto target = follow_.target(st, info.session_id, leader)) {
    tools_.view().fit(*target, layout_.canvas, 0);
    following_ = true;
  }
}

void CanvasPainter::card_marks(ImDrawList* dl, const CanvasScene& s, const pb::Element& e, ImVec2 a, ImVec2 b) {
  if (!s.workshop) return;
  const ui::CardMarks m = ui::card_marks(*s.workshop, e);
  if (m.spotlight) dl->AddRect(ImVec2(a.x - 6, a.y - 6), ImVec2(b.x + 6, b.y + 6), rgb(0xF5B400), 12, 0, 4.0f);
  if (m.own_private) {
    dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), rgb(0x7A4FB5), 9, 0, 2.0f);
    dl->AddText(s.fonts.small, 12, ImVec2(a.x + 6, b.y - 16), rgb(0x7A4FB5), "private");
  }
  if (m.locked) {  // a small padlock in the top-right corner
    const ImVec2 c(b.x - 14, a.y + 16);
    dl->AddRectFilled(ImVec2(c.x - 6, c.y - 2), ImVec2(c.x + 6, c.y + 7), rgb(0x52606D), 2);
    dl->AddCircle(ImVec2(c.x, c.y - 3), 4, rgb(0x52606D), 12, 2);
  }
  const std::uint32_t dots = m.result ? *m.result : m.my_votes;
  if (m.candidate && (dots > 0 || m.result)) {
    char text[16];
    std::snprintf(text, sizeof text, "%u", dots);
    const ImVec2 c(b.x - 4, b.y - 4);
    dl->AddCircleFilled(c, 11, rgb(m.result ? 0xD64545 : 0x2F80ED));
    const ImVec2 size = s.fonts.small->CalcTextSizeA(12, FLT_MAX, 0, text);
    dl->AddText(s.fonts.small, 12, ImVec2(c.x - size.x * 0.5f, c.y - size.y * 0.5f), IM_COL32(255, 255, 255, 255),
                text);
  } else if (m.candidate) {
    dl->AddCircle(ImVec2(b.x - 4, b.y - 4), 9, rgb(0x2F80ED), 16, 2);
  }
}

}  // namespace pss::draw
