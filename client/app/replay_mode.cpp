#include "client/app/replay_mode.h"

namespace pss::app {

ReplayMode::ReplayMode(const std::string& room_url, const std::string& ca_file, std::string room,
                       const draw::Fonts& fonts)
    : room_(std::move(room)),
      fonts_(fonts),
      fetch_(std::make_unique<client::HistoryFetch>(room_url, std::chrono::seconds(30), ca_file)) {}

bool ReplayMode::frame(double dt) {
  if (fetch_) {
    if (auto result = fetch_->take()) {
      fetch_.reset();
      if (result->timeline) {
        replay_ = std::make_unique<ui::Replay>(std::move(*result->timeline));
        ui_ = std::make_unique<draw::ReplayUi>(*replay_, fonts_);
      } else {
        error_ = std::move(result->error);
      }
    }
  }
  if (ui_) return ui_->frame(dt);
  return !draw::replay_waiting(fonts_, room_, error_);
}

}  // namespace pss::app
