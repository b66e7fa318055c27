// A workshop room on the real pss-server: the room's join tokens (made by
// `pss-server room create`), clients joined by role, and short builders for the
// facilitator's commands.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "ops.h"
#include "server_process.h"
#include "test_client.h"

namespace pss::test {

inline pb::ClientMessage command(const pb::Facilitate& f) {
  pb::ClientMessage m;
  *m.mutable_facilitate() = f;
  return m;
}

inline pb::Facilitate phase(pb::WorkshopPhase p) {
  pb::Facilitate f;
  f.set_phase(p);
  return f;
}

inline pb::Facilitate timer(pb::TimerCommand::Action action, std::uint32_t seconds = 0) {
  pb::Facilitate f;
  f.mutable_timer()->set_action(action);
  f.mutable_timer()->set_seconds(seconds);
  return f;
}

inline pb::Facilitate vote_on_row(const std::string& row, std::uint32_t votes) {
  pb::Facilitate f;
  f.mutable_start_vote()->set_row(row);
  f.mutable_start_vote()->set_votes_per_person(votes);
  return f;
}

inline pb::Facilitate lock_element(const std::string& id, bool locked = true) {
  pb::Facilitate f;
  f.mutable_lock()->set_element(id);
  f.mutable_lock()->set_locked(locked);
  return f;
}

inline pb::Facilitate private_mode(bool on) {
  pb::Facilitate f;
  f.set_private_mode(on);
  return f;
}

inline pb::ClientMessage cast_vote(const std::string& element, int delta = 1) {
  pb::ClientMessage m;
  m.mutable_vote()->set_element(element);
  m.mutable_vote()->set_delta(delta);
  return m;
}

// Everything the client received until it was quiet, as bytes (re-encoded messages;
// unknown fields included), so a test can look for a secret in them.
inline std::string received_bytes(TestClient& c, std::chrono::milliseconds quiet = std::chrono::milliseconds(200)) {
  std::string bytes;
  for (const auto& m : c.drain(quiet)) bytes += m.SerializeAsString();
  return bytes;
}

class Workshop : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--tick-ms", "5"});
    tokens_ = room_tokens(server_->data_dir(), kRoom);
    ASSERT_EQ(tokens_.size(), 3u) << "pss-server room create failed";
  }

  // Joins kRoom with the token of `role` ("FACILITATOR", "PARTICIPANT", "OBSERVER").
  std::unique_ptr<TestClient> join(const std::string& role, const std::string& name, std::string client_id = {}) {
    auto c = std::make_unique<TestClient>(server_->port());
    auto welcome = c->join_with_token(kRoom, name, tokens_.at(role), client_id.empty() ? name : client_id);
    EXPECT_TRUE(welcome) << name << " could not join as " << role;
    if (welcome) session_ids_[name] = welcome->session_id();
    return c;
  }

  // Sends a command and returns the Error it was answered with, if any.
  std::optional<pb::Error> refusal(TestClient& c, const pb::ClientMessage& m) {
    c.drain(std::chrono::milliseconds(20));
    EXPECT_TRUE(c.send(m));
    for (const auto& msg : c.drain(std::chrono::milliseconds(150)))
      if (msg.has_error()) return msg.error();
    return std::nullopt;
  }

  // Sends a command that must be accepted and returns the state that follows it.
  pb::FacilitationState accepted(TestClient& c, const pb::Facilitate& f) {
    c.drain(std::chrono::milliseconds(20));
    EXPECT_TRUE(c.send(command(f)));
    while (auto m = c.next()) {
      EXPECT_FALSE(m->has_error()) << m->error().detail();
      if (m->has_facilitation()) return m->facilitation();
    }
    ADD_FAILURE() << "no facilitation state after the command";
    return {};
  }

  static constexpr const char* kRoom = "workshop";
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::uint32_t> session_ids_;
};

}  // namespace pss::test
