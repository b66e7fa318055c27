// `pss-server import` and `pss-server export` on a real data directory, and the real
// server serving the imported room.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/strategy_map.h"
#include "report/formats.h"
#include "ops.h"
#include "server_process.h"
#include "test_client.h"

namespace pss {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class MapFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pss-map-files-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override { fs::remove_all(dir); }

  // Runs pss-server with `args`; returns its exit status, its stdout and stderr in files.
  int run(const std::string& args) {
    const std::string cmd =
        test::server_binary() + " " + args + " >" + (dir / "out.txt").string() + " 2>" + (dir / "err.txt").string();
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string err() { return read(dir / "err.txt"); }

  fs::path dir;
  const std::string sample = std::string(PSS_ASSETS_DIR) + "/stop-smoking-service.json";
};

TEST_F(MapFilesTest, ImportThenExportEveryFormatThenServe) {
  const std::string data = (dir / "data").string();
  ASSERT_EQ(run("import " + sample + " --room demo --data " + data), 0) << err();
  EXPECT_NE(read(dir / "out.txt").find("into room 'demo'"), std::string::npos);
  // A second import into the same room is refused; the room is untouched.
  EXPECT_EQ(run("import " + sample + " --room demo --data " + data), 1);
  EXPECT_NE(err().find("exists already"), std::string::npos) << err();

  ASSERT_EQ(run("export demo --data " + data + " --format json --out " + (dir / "demo.json").string()), 0) << err();
  std::string error;
  auto exported = report::parse_map_json(read(dir / "demo.json"), &error);
  ASSERT_TRUE(exported) << error;
  auto original = report::parse_map_json(read(sample), &error);
  ASSERT_TRUE(original) << error;
  auto want = StrategyMap::from_snapshot(*original, Limits{});
  auto got = StrategyMap::from_snapshot(*exported, Limits{});
  ASSERT_TRUE(want && got);
  EXPECT_EQ(got->state_hash(), want->state_hash());

  ASSERT_EQ(run("export demo --data " + data + " --format png --out " + (dir / "demo.png").string()), 0) << err();
  EXPECT_EQ(read(dir / "demo.png").substr(1, 3), "PNG");
  ASSERT_EQ(run("export demo --data " + data + " --format svg --out " + (dir / "demo.svg").string()), 0) << err();
  EXPECT_NE(read(dir / "demo.svg").find("<svg"), std::string::npos);
  ASSERT_EQ(run("export demo --data " + data + " --format csv"), 0) << err();  // to stdout
  EXPECT_EQ(read(dir / "out.txt").rfind("row,element,measure,", 0), 0u);

  // The real server loads the imported room and a client sees the same map.
  test::ServerProcess server({"--data", data});
  test::TestClient client(server.port());
  auto welcome = client.join("demo", "Reader");
  ASSERT_TRUE(welcome);
  auto served = StrategyMap::from_snapshot(welcome->snapshot(), Limits{});
  ASSERT_TRUE(served);
  EXPECT_EQ(served->state_hash(), want->state_hash());
}

// The issue's promise, end to end: a room edited live over many clocks, exported with
// `pss-server export`, imported with `pss-server import` into a new room, is served
// with the same snapshot (same state hash) and exports to the same bytes.
TEST_F(MapFilesTest, ImportOfAnExportHasTheSameStateHash) {
  const std::string data = (dir / "data").string();
  std::string original_hash;
  {
    test::ServerProcess server({"--data", data});
    test::TestClient client(server.port());
    ASSERT_TRUE(client.join("live", "Ann"));
    pb::Element moved;
    moved.set_id("a");
    moved.mutable_position()->set_x(500);
    pb::Risk risk;
    risk.set_id("k1");
    risk.set_target_type(pb::LINK);
    risk.set_target("ab");
    risk.set_likelihood(4);
    risk.set_impact(2);
    const std::vector<std::vector<pb::Op>> pushes = {
        {test::put_element("a"), test::put_element("b", 300), test::put_element("c", 600)},
        {test::put_link("ab", "a", "b")},
        {ops::put(risk)},
        {test::remove_element("c")},
        {ops::remove(pb::ROW, "culture")},
        {ops::patch(moved, {pb::Element::kPositionFieldNumber})},
    };
    std::uint64_t seq = 0;
    for (const auto& ops : pushes) {
      ASSERT_TRUE(client.send_push(++seq, ops));
      auto result = client.push_result(seq);
      ASSERT_TRUE(result && result->committed()) << (result ? result->detail() : "no answer");
    }
    test::TestClient reader(server.port());
    auto welcome = reader.join("live", "Reader");
    ASSERT_TRUE(welcome);
    EXPECT_EQ(welcome->snapshot().clock(), 6u);
    original_hash = StrategyMap::from_snapshot(welcome->snapshot(), Limits{})->state_hash();
  }
  const std::string first = (dir / "live.json").string(), second = (dir / "copy.json").string();
  ASSERT_EQ(run("export live --data " + data + " --format json --out " + first), 0) << err();
  ASSERT_EQ(run("import " + first + " --room copy --data " + data), 0) << err();
  EXPECT_NE(read(dir / "out.txt").find("at clock 6 (state " + original_hash + ", the export's)"), std::string::npos)
      << read(dir / "out.txt");
  ASSERT_EQ(run("export copy --data " + data + " --format json --out " + second), 0) << err();
  EXPECT_EQ(read(second), read(first));

  // The server loads the imported room (its log replays) and serves the same state.
  test::ServerProcess server({"--data", data});
  test::TestClient client(server.port());
  auto welcome = client.join("copy", "Reader");
  ASSERT_TRUE(welcome);
  EXPECT_EQ(StrategyMap::from_snapshot(welcome->snapshot(), Limits{})->state_hash(), original_hash);
  // And it carries on from there: the next edit is clock 7.
  ASSERT_TRUE(client.send_push(1, {test::put_element("d", 900)}));
  auto result = client.push_result(1);
  ASSERT_TRUE(result && result->committed());
  EXPECT_EQ(result->clock(), 7u);
}

TEST_F(MapFilesTest, RefusesWithAReason) {
  const std::string data = (dir / "data").string();
  std::ofstream(dir / "bad.json")
      << R"({"risks": [{"id": "r", "targetType": "ELEMENT", "target": "nowhere", "likelihood": 2, "impact": 2}]})";
  EXPECT_EQ(run("import " + (dir / "bad.json").string() + " --room bad --data " + data), 1);
  EXPECT_NE(err().find("does not exist"), std::string::npos) << err();
  EXPECT_EQ(run("import " + (dir / "missing.json").string() + " --room bad --data " + data), 1);
  EXPECT_NE(err().find("cannot read"), std::string::npos) << err();
  EXPECT_NE(run("export bad --data " + data + " --format gif"), 0);
  ASSERT_EQ(run("import " + sample + " --room demo --data " + data), 0) << err();
  EXPECT_EQ(run("export nope --data " + data + " --format json"), 1);  // no such room
  EXPECT_NE(err(), "");
}

}  // namespace
}  // namespace pss
