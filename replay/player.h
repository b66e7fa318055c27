// Player: plays a Plan into a replay room at the recorded pace, on its own thread
// (the room's recorded_* methods are thread-safe and post to its strand), so the
// server's I/O threads never sleep.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "plan.h"
#include "room.h"

namespace pss::replay {

class Player {
 public:
  Player(std::shared_ptr<server::Room> room, const Plan& plan) : room_(std::move(room)), plan_(plan) {}
  ~Player() { stop(); }
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Posts the joins of the people present at the start. Call it before announcing the
  // room, so a viewer who joins at once sees them.
  void join_present();
  // Plays every step on a thread, then calls on_end there unless stopped first.
  void start(std::function<void()> on_end);
  // Interrupts the pacing and joins the thread. Idempotent.
  void stop();

 private:
  void run(const std::function<void()>& on_end);
  void play(const Step& step);

  std::shared_ptr<server::Room> room_;
  const Plan& plan_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pss::replay
