// pss-replay on the command line: the exports of a recorded room and the errors a
// user sees for a wrong directory, room, moment or a damaged file.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "history/export.h"
#include "recording.h"

namespace pss::replay::testing {
namespace {

class ReplayCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    live_ = new Recording(record_workshop(dir_->path(), "workshop", 120, 10));
  }
  static void TearDownTestSuite() {
    delete live_;
    delete dir_;
  }
  static RunResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", dir_->path().string()});
    return run_replay(args);
  }
  static TempDir* dir_;
  static Recording* live_;
};
TempDir* ReplayCli::dir_ = nullptr;
Recording* ReplayCli::live_ = nullptr;

TEST_F(ReplayCli, MapJsonAtAClockIsTheLiveStateThen) {
  for (const char* at : {"c75", "0.75s"}) {  // changes are 10 ms apart: the same moment
    auto r = run({"--room", "workshop", "--export", "map-json", "--at", at});
    ASSERT_EQ(r.status, 0) << r.output;
    pb::Snapshot snapshot;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.output, &snapshot).ok()) << r.output.substr(0, 200);
    EXPECT_EQ(snapshot.clock(), 75u);
    auto map = StrategyMap::from_snapshot(snapshot, Limits{});
    ASSERT_TRUE(map);
    EXPECT_EQ(map->state_hash(), live_->hash_at.at(75)) << at;
  }
  auto end = run({"--room", "workshop", "--export", "map-json"});
  pb::Snapshot last;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(end.output, &last).ok());
  EXPECT_EQ(last.clock(), live_->last_clock);
}

TEST_F(ReplayCli, JsonLinesAndCsvToAFile) {
  const auto jsonl = dir_->path() / "changes.jsonl";
  auto r = run({"--room", "workshop", "--export", "jsonl", "--out", jsonl.string()});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "") << "nothing on stdout with --out";
  std::ifstream in(jsonl);
  std::string line;
  std::uint64_t clock = 0;
  while (std::getline(in, line)) {
    pb::RecordedChange change;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &change).ok()) << line;
    EXPECT_EQ(change.clock(), ++clock);
  }
  EXPECT_EQ(clock, live_->last_clock);

  auto csv = run({"--room", "workshop", "--export", "csv"});
  ASSERT_EQ(csv.status, 0) << csv.output;
  EXPECT_EQ(csv.output.rfind("time,clock,person,action,record_type,record_id,title,field,old,new\r\n", 0), 0u);
  EXPECT_NE(csv.output.find(",create,element,"), std::string::npos);
  EXPECT_NE(csv.output.find(",update,element,"), std::string::npos);
}

TEST_F(ReplayCli, ErrorsNameTheProblem) {
  auto missing = run_replay({"--data", (dir_->path() / "nope").string(), "--room", "workshop", "--export", "jsonl"});
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.output.find("nope does not exist"), std::string::npos) << missing.output;

  auto unknown = run({"--room", "other", "--export", "jsonl"});
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.output.find("room 'other'"), std::string::npos) << unknown.output;
  EXPECT_NE(unknown.output.find("no such room"), std::string::npos) << unknown.output;

  auto late = run({"--room", "workshop", "--export", "map-json", "--at", "c999"});
  EXPECT_NE(late.status, 0);
  EXPECT_NE(late.output.find("clock 999 is outside the recording (clocks 0..120)"), std::string::npos) << late.output;

  auto bad = run({"--room", "workshop", "--from", "yesterday", "--port", "0"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.output.find("--from: 'yesterday'"), std::string::npos) << bad.output;

  auto fast = run({"--room", "workshop", "--speed", "1000"});
  EXPECT_NE(fast.status, 0);
  EXPECT_NE(fast.output.find("--speed"), std::string::npos) << fast.output;
}

TEST(ReplayCliDamaged, ADamagedRoomFileIsAnErrorNamingTheFile) {
  TempDir dir;
  record_workshop(dir.path(), "broken", 20, 10);
  const auto file = dir.path() / "rooms" / "broken.sqlite";
  ASSERT_TRUE(std::filesystem::exists(file));
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.write("this is not a database, it was overwritten by accident", 54);
  }
  auto r = run_replay({"--data", dir.path().string(), "--room", "broken", "--export", "csv"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("broken.sqlite"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("time,clock"), std::string::npos) << "no partial export";
}

}  // namespace
}  // namespace pss::replay::testing
