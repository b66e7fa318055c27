// One simulated participant: a SyncClient plus a seeded choice of realistic edits
// (create cards in the PSS rows, retitle, move and drag, link, agree, remove).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>

#include "bot.h"
#include "client/core/sync_client.h"

namespace pss::bot {

using Clock = std::chrono::steady_clock;

struct Tally {
  int created = 0, retitled = 0, moved = 0, drags = 0, linked = 0, unlinked = 0, agreed = 0, removed = 0;
  int refused_locally = 0;  // edits the replica itself refused (a stale choice)
  int rejected = 0;         // pushes the server refused (races with others are expected)
  int disconnects = 0;
  std::map<std::string, int> rejected_by_reason;
};

inline client::ClientOptions client_options(const BotOptions& options, const std::string& name,
                                            pb::StakeholderGroup group) {
  client::ClientOptions o;
  o.url = options.url;
  o.ca_file = options.ca_file;
  o.display_name = name;
  o.group = group;
  return o;
}

class Participant {
 public:
  Participant(int index, const BotOptions& options, boost::asio::io_context& io);

  void start() { client_.start(); }
  void stop() { client_.stop(); }
  // Applies what arrived (poll) and makes the next edit if one is due.
  void tick(Clock::time_point now, bool edit);
  bool done() const { return ops_done_ >= ops_target_ && !drag_; }
  bool welcomed() const { return welcomed_; }
  const std::optional<std::string>& refusal() const { return refusal_; }
  const std::string& last_problem() const { return last_problem_; }
  const std::string& name() const { return name_; }
  client::SyncClient& client() { return client_; }
  std::string summary() const;

 private:
  struct Drag {
    std::string id;
    double x, y, dx, dy;
    int steps_left;
    Clock::time_point next_step;
  };
  void next_edit();
  void drag_step(Clock::time_point now);
  bool apply(std::vector<pb::Op> ops, bool coalesce = false);
  const pb::Element* random_element();
  std::string new_id(const char* kind);

  std::string name_;
  std::string id_prefix_;
  client::SyncClient client_;
  std::mt19937_64 rng_;
  int ops_target_;
  int ops_done_ = 0;
  int ids_ = 0;
  std::chrono::nanoseconds period_;
  Clock::time_point next_due_{};
  std::optional<Drag> drag_;
  bool welcomed_ = false;
  std::uint32_t session_ = 0;
  std::optional<std::string> refusal_;
  std::string last_problem_;
  Tally tally_;
};

}  // namespace pss::bot
