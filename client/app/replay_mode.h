// Replay mode of pss-client: fetches the room's recording in the background, then
// shows it on the timeline until the user goes back to the live room. The live
// connection stays open meanwhile, so going back is instant.
#pragma once

#include <memory>
#include <string>

#include "client/app/draw/replay_ui.h"
#include "client/core/history_fetch.h"

namespace pss::app {

class ReplayMode {
 public:
  ReplayMode(const std::string& room_url, const std::string& ca_file, std::string room, const draw::Fonts& fonts);

  // One frame; false once the user asked to leave.
  bool frame(double dt);
  bool busy() const { return !ui_ || ui_->busy(); }

 private:
  std::string room_;
  const draw::Fonts& fonts_;
  std::unique_ptr<client::HistoryFetch> fetch_;
  std::string error_;
  std::unique_ptr<ui::Replay> replay_;  // ui_ points into it
  std::unique_ptr<draw::ReplayUi> ui_;
};

}  // namespace pss::app
