// The exports of shared/history/export.h: JSON lines, CSV, the map as JSON.
#include "history/export.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <sstream>

#include "model/ops.h"
#include "ops.h"
#include "recorder.h"

namespace pss::replay::testing {
namespace {

using google::protobuf::util::JsonStringToMessage;
using google::protobuf::util::MessageDifferencer;
using Rows = std::vector<std::vector<std::string>>;

// A strict RFC 4180 reader: CRLF line ends, quoted fields may hold anything.
Rows parse_csv(const std::string& text) {
  Rows rows(1);
  std::string field;
  bool quoted = false, in_quotes = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c != '"')
        field += c;
      else if (i + 1 < text.size() && text[i + 1] == '"')
        field += '"', ++i;
      else
        in_quotes = false;
    } else if (c == '"') {
      EXPECT_TRUE(field.empty()) << "quote inside an unquoted field";
      quoted = in_quotes = true;
    } else if (c == ',' || c == '\r') {
      rows.back().push_back(std::move(field));
      field.clear();
      quoted = false;
      if (c == '\r') {
        EXPECT_EQ(text[i + 1], '\n') << "line end must be CRLF";
        ++i;
        rows.emplace_back();
      }
    } else {
      EXPECT_NE(c, '\n') << "bare LF outside quotes";
      field += c;
    }
  }
  EXPECT_TRUE(field.empty() && !quoted && rows.back().empty()) << "CSV must end with CRLF";
  rows.pop_back();
  return rows;
}

// The CSV lines of one clock.
Rows at_clock(const Rows& rows, std::uint64_t clock) {
  Rows out;
  for (const auto& r : rows)
    if (r[1] == std::to_string(clock)) out.push_back(r);
  return out;
}

const std::string kTrickyTitle = "Plan, \"draft\"\nsecond line";

TEST(ExportJsonl, EachLineParsesBackToTheRecordedChange) {
  Recorder rec;
  rec.commit({test::put_element("e1", 10, 20)});
  rec.commit({test::move("e1", 120.5, -340)});
  rec.commit({test::put_element("e2"), test::put_link("l1", "e1", "e2")}, "Bob");
  rec.commit({test::remove_element("e1")});
  const std::string text = history::changes_jsonl(rec.history());

  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ASSERT_LT(n, rec.history().changes_size());
    EXPECT_EQ(line.find('\n'), std::string::npos);
    pb::RecordedChange back;
    ASSERT_TRUE(JsonStringToMessage(line, &back).ok()) << line;
    EXPECT_TRUE(MessageDifferencer::Equals(back, rec.history().changes(n))) << line;
    ++n;
  }
  EXPECT_EQ(n, 4);
  EXPECT_EQ(text.back(), '\n');
}

TEST(ExportCsv, CreatePatchReplaceAndRemoveGiveOldAndNewValues) {
  Recorder rec;
  auto e1 = test::element("e1", 10, 20);
  e1.set_title(kTrickyTitle);
  rec.commit({ops::put(e1)});                                                        // 1 create
  rec.commit({test::move("e1", 120, 340)}, "Bob");                                   // 2 patch position
  rec.commit({test::put_element("e2", 400, 20), test::put_link("l1", "e1", "e2")});  // 3 two creates
  auto replaced = *rec.live().element("e1");
  replaced.set_title("Plan v2");
  replaced.set_status(pb::AGREED);
  rec.commit({ops::put(replaced)});          // 4 put over e1
  rec.commit({test::remove_element("e1")});  // 5 l1 then e1 go
  const Rows rows = parse_csv(history::changes_csv(rec.history()));

  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"time", "clock", "person", "action", "record_type", "record_id", "title",
                                               "field", "old", "new"}));
  for (const auto& r : rows) ASSERT_EQ(r.size(), 10u);

  const auto c1 = at_clock(rows, 1);
  ASSERT_EQ(c1.size(), 1u);
  EXPECT_EQ(c1[0], (std::vector<std::string>{history::iso8601_utc(rec.history().changes(0).wall_ms()), "1", "Alice",
                                             "create", "element", "e1", kTrickyTitle, "", "", kTrickyTitle}));

  const auto c2 = at_clock(rows, 2);
  ASSERT_EQ(c2.size(), 1u);
  EXPECT_EQ(c2[0][2], "Bob");
  EXPECT_EQ(c2[0][3], "update");
  EXPECT_EQ(c2[0][7], "position");
  EXPECT_EQ(c2[0][8], "10,20");
  EXPECT_EQ(c2[0][9], "120,340");

  const auto c3 = at_clock(rows, 3);
  ASSERT_EQ(c3.size(), 2u);
  EXPECT_EQ(c3[0][4], "element");
  EXPECT_EQ(c3[1][3], "create");
  EXPECT_EQ(c3[1][4], "link");
  EXPECT_EQ(c3[1][6], kTrickyTitle + " -> Card e2");

  // A put over an existing record: only the fields that differ, old from before.
  const auto c4 = at_clock(rows, 4);
  ASSERT_EQ(c4.size(), 2u);
  EXPECT_EQ(c4[0][7], "title");
  EXPECT_EQ(c4[0][8], kTrickyTitle);
  EXPECT_EQ(c4[0][9], "Plan v2");
  EXPECT_EQ(c4[1][7], "status");
  EXPECT_EQ(c4[1][8], "REVIEW_STATUS_UNSPECIFIED");
  EXPECT_EQ(c4[1][9], "AGREED");

  // Removing a card removes its arrow first (the ops as applied), each with its title.
  const auto c5 = at_clock(rows, 5);
  ASSERT_EQ(c5.size(), 2u);
  EXPECT_EQ(c5[0][3], "delete");
  EXPECT_EQ(c5[0][4], "link");
  EXPECT_EQ(c5[0][8], "Plan v2 -> Card e2");
  EXPECT_EQ(c5[1][4], "element");
  EXPECT_EQ(c5[1][5], "e1");
  EXPECT_EQ(c5[1][8], "Plan v2");
  EXPECT_EQ(c5[1][9], "");
}

TEST(ExportCsv, FieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(history::csv_field("plain title"), "plain title");
  EXPECT_EQ(history::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(history::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(history::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(history::csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(history::csv_field(""), "");
}

TEST(ExportCsv, TimesAreIsoUtcWithMilliseconds) {
  EXPECT_EQ(history::iso8601_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(history::iso8601_utc(Recorder::kStartMs + 123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(history::iso8601_utc(951'782'400'007), "2000-02-29T00:00:00.007Z");
}

TEST(ExportMapJson, ParsesBackToAnEqualSnapshot) {
  Recorder rec;
  auto e = test::element("e1", 0, 35.25);  // a zero coordinate must survive too
  e.set_title(kTrickyTitle);
  e.set_color(0x4E79A7);
  rec.commit({ops::put(e), test::put_element("e2", 300, 0), test::put_link("l1", "e1", "e2")});
  const std::string text = history::snapshot_json(rec.live().snapshot());
  EXPECT_NE(text.find("\n"), std::string::npos) << "pretty printed";

  pb::Snapshot back;
  ASSERT_TRUE(JsonStringToMessage(text, &back).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(back, rec.live().snapshot()));
  auto map = StrategyMap::from_snapshot(back, Limits{});
  ASSERT_TRUE(map);
  EXPECT_EQ(map->state_hash(), rec.live().state_hash());
}

TEST(ExportMapAt, EveryClockGivesTheLiveStateOfThatClock) {
  Recorder rec;
  for (int i = 0; i < 20; ++i) rec.commit({test::put_element("e" + std::to_string(i), i * 10.0, 0)});
  for (int i = 0; i < 20; i += 3) rec.commit({test::move("e" + std::to_string(i), 5, 500)});
  rec.commit({test::remove_element("e4")});
  for (std::uint64_t c = 0; c <= rec.live().clock(); ++c) {
    EXPECT_EQ(history::map_at(rec.history(), c).state_hash(), rec.hash_at(c)) << "clock " << c;
  }
  EXPECT_EQ(history::map_at(rec.history()).state_hash(), rec.live().state_hash());
}

TEST(ExportMapAt, ADamagedHistoryNamesTheClock) {
  Recorder rec;
  rec.commit({test::put_element("e1")});
  rec.commit({test::move("e1", 1, 2)});
  pb::History gap = rec.history();
  gap.mutable_changes(1)->set_clock(5);
  try {
    history::changes_csv(gap);
    FAIL() << "no error";
  } catch (const history::HistoryError& e) {
    EXPECT_NE(std::string(e.what()).find("clock 5"), std::string::npos) << e.what();
  }
  pb::History refused = rec.history();
  refused.mutable_changes(0)->mutable_ops(0)->mutable_put()->mutable_element()->set_row("no-such-row");
  EXPECT_THROW(history::map_at(refused), history::HistoryError);
}

}  // namespace
}  // namespace pss::replay::testing
