#include "history/export.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace pss::history {
namespace {

namespace gp = ::google::protobuf;

// The record an op touches as it was before the op (copied: cheaper than the map).
struct Before {
  std::unique_ptr<gp::Message> record;  // null: the record did not exist
  std::string title;
};

// Called for each op of each change with the record before and the map after the op.
using OpVisitor =
    std::function<void(const pb::RecordedChange&, const pb::Op&, const Before& before, const StrategyMap& after)>;

Before capture(const StrategyMap& map, const pb::Op& op);

[[noreturn]] void damaged(std::uint64_t clock, const std::string& what) {
  throw HistoryError("history damaged at clock " + std::to_string(clock) + ": " + what);
}

// Replays the base and the changes up to `upto`. Without a visitor each change is
// applied whole, exactly as replicas do; with one, op by op (same result when all
// apply, which a recorded change always does) so the visitor sees every step.
StrategyMap replay(const pb::History& history, const Limits& limits, std::uint64_t upto, const OpVisitor& visit) {
  Rejection why;
  auto map = StrategyMap::from_snapshot(history.base(), limits, &why);
  if (!map) damaged(history.base().clock(), "base snapshot invalid: " + why.detail);
  if (upto < map->clock()) {
    throw HistoryError("clock " + std::to_string(upto) + " is before the start of the history (clock " +
                       std::to_string(map->clock()) + ")");
  }
  for (const auto& change : history.changes()) {
    if (change.clock() > upto) break;
    if (change.clock() != map->clock() + 1)
      damaged(change.clock(), "expected clock " + std::to_string(map->clock() + 1));
    const ApplyContext ctx{change.clock(), nullptr};
    if (!visit) {
      if (auto failed = map->apply(change.ops(), ctx)) damaged(change.clock(), failed->detail);
    } else {
      for (const auto& op : change.ops()) {
        const Before before = capture(*map, op);
        if (auto failed = map->apply_one(op, ctx)) damaged(change.clock(), failed->detail);
        visit(change, op, before, *map);
      }
    }
    map->set_clock(change.clock());  // a change without ops still takes its clock
  }
  return std::move(*map);
}

const gp::Message* find(const StrategyMap& map, pb::RecordType type, const std::string& id) {
  switch (type) {
    case pb::ELEMENT: return map.element(id);
    case pb::LINK: return map.link(id);
    case pb::ROW: return map.row(id);
    case pb::RISK: return map.risk(id);
    case pb::MEASURE: return map.measure(id);
    default: return nullptr;
  }
}

const char* type_name(pb::RecordType type) {
  switch (type) {
    case pb::ELEMENT: return "element";
    case pb::LINK: return "link";
    case pb::ROW: return "row";
    case pb::RISK: return "risk";
    case pb::MEASURE: return "measure";
    default: return "unknown";
  }
}

// What a person calls the record: a card's title, a row's label, an arrow's ends.
std::string title_of(const StrategyMap& map, pb::RecordType type, const std::string& id) {
  if (type == pb::ELEMENT) return map.element(id) ? map.element(id)->title() : "";
  if (type == pb::ROW) return map.row(id) ? map.row(id)->label() : "";
  if (type == pb::RISK) return map.risk(id) ? map.risk(id)->description() : "";
  if (type == pb::MEASURE) return map.measure(id) ? map.measure(id)->name() : "";
  if (const auto* link = map.link(id)) {
    return title_of(map, pb::ELEMENT, link->from()) + " -> " + title_of(map, pb::ELEMENT, link->to());
  }
  return "";
}

std::string number(double value) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc{} ? std::string(buf, end) : "?";
}

std::string format_field(const gp::Message& m, const gp::FieldDescriptor* f) {
  const auto* r = m.GetReflection();
  if (f->is_repeated()) {  // a measure's values: "date=value" separated by "; "
    std::string out;
    for (int i = 0; i < r->FieldSize(m, f); ++i) {
      const auto& item = r->GetRepeatedMessage(m, f, i);
      const auto* v = dynamic_cast<const pb::MeasureValue*>(&item);
      out += (i ? "; " : "") + (v ? v->date() + "=" + number(v->value()) : item.ShortDebugString());
    }
    return out;
  }
  switch (f->cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_MESSAGE: {
      const auto& sub = r->GetMessage(m, f);
      if (const auto* v = dynamic_cast<const pb::Vec2*>(&sub)) return number(v->x()) + "," + number(v->y());
      return sub.ShortDebugString();
    }
    case gp::FieldDescriptor::CPPTYPE_ENUM: return r->GetEnum(m, f)->name();
    case gp::FieldDescriptor::CPPTYPE_STRING: return r->GetString(m, f);
    case gp::FieldDescriptor::CPPTYPE_DOUBLE: return number(r->GetDouble(m, f));
    case gp::FieldDescriptor::CPPTYPE_FLOAT: return number(r->GetFloat(m, f));
    case gp::FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(m, f) ? "true" : "false";
    case gp::FieldDescriptor::CPPTYPE_UINT32:
      if (f->name() == "color") {  // 0xRRGGBB, 0 = colour by kind
        const auto c = r->GetUInt32(m, f);
        if (c == 0) return "by kind";
        char buf[8];
        std::snprintf(buf, sizeof buf, "#%06x", c & 0xffffffu);
        return buf;
      }
      return std::to_string(r->GetUInt32(m, f));
    case gp::FieldDescriptor::CPPTYPE_UINT64: return std::to_string(r->GetUInt64(m, f));
    case gp::FieldDescriptor::CPPTYPE_INT32: return std::to_string(r->GetInt32(m, f));
    case gp::FieldDescriptor::CPPTYPE_INT64: return std::to_string(r->GetInt64(m, f));
  }
  return "";
}

bool is_bookkeeping(const gp::FieldDescriptor* f) { return f->name() == "changed_clock"; }

std::string json(const gp::Message& message, bool pretty) {
  gp::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  options.always_print_primitive_fields = pretty;
  std::string out;
  if (!gp::util::MessageToJsonString(message, &out, options).ok()) {
    throw HistoryError("cannot convert " + message.GetTypeName() + " to JSON");
  }
  return out;
}

class CsvWriter {
 public:
  CsvWriter() {
    line({"time", "clock", "person", "action", "record_type", "record_id", "title", "field", "old", "new"});
  }

  void row(const pb::RecordedChange& change, const char* action, pb::RecordType type, const std::string& id,
           const std::string& title, const std::string& field, const std::string& old_value,
           const std::string& new_value) {
    line({iso8601_utc(change.wall_ms()), std::to_string(change.clock()), change.author(), action, type_name(type), id,
          title, field, old_value, new_value});
  }
  std::string take() { return std::move(out_); }

 private:
  void line(std::initializer_list<std::string> fields) {
    bool first = true;
    for (const auto& f : fields) {
      if (!first) out_ += ',';
      first = false;
      out_ += csv_field(f);
    }
    out_ += "\r\n";
  }
  std::string out_;
};

std::pair<pb::RecordType, std::string> target(const pb::Op& op) {
  if (op.has_remove()) return {op.remove().type(), op.remove().id()};
  const pb::Record& record = op.has_put() ? op.put() : op.patch().value();
  return {record_type(record), record_id(record)};
}

Before capture(const StrategyMap& map, const pb::Op& op) {
  const auto [type, id] = target(op);
  Before b;
  if (const auto* record = find(map, type, id)) {
    b.record.reset(record->New());
    b.record->CopyFrom(*record);
  }
  b.title = title_of(map, type, id);
  return b;
}

// The CSV lines of one applied op.
void csv_rows(CsvWriter& csv, const pb::RecordedChange& change, const pb::Op& op, const Before& before,
              const StrategyMap& after) {
  // Not a structured binding: the lambda below captures these (clang < 16 cannot).
  const auto targeted = target(op);
  const pb::RecordType type = targeted.first;
  const std::string& id = targeted.second;
  if (op.has_remove()) {
    csv.row(change, "delete", type, id, before.title, "", before.title, "");
    return;
  }
  const auto title = title_of(after, type, id);
  const gp::Message* old_msg = before.record.get();
  const gp::Message* new_msg = find(after, type, id);
  if (!new_msg) return;  // cannot happen after a successful apply
  if (!old_msg) {
    csv.row(change, "create", type, id, title, "", "", title);
    return;
  }
  const auto* desc = new_msg->GetDescriptor();
  auto update = [&](const gp::FieldDescriptor* f) {
    if (!f || is_bookkeeping(f)) return;
    auto old_value = format_field(*old_msg, f), new_value = format_field(*new_msg, f);
    if (op.has_put() && old_value == new_value) return;
    csv.row(change, "update", type, id, title, f->name(), old_value, new_value);
  };
  if (op.has_patch()) {
    for (auto number : op.patch().fields()) update(desc->FindFieldByNumber(static_cast<int>(number)));
  } else {
    for (int i = 0; i < desc->field_count(); ++i) update(desc->field(i));
  }
}

}  // namespace

StrategyMap map_at(const pb::History& history, std::uint64_t clock, const Limits& limits) {
  return replay(history, limits, clock, {});
}

std::string changes_jsonl(const pb::History& history) {
  std::string out;
  for (const auto& change : history.changes()) {
    out += json(change, false);
    out += '\n';
  }
  return out;
}

std::string changes_csv(const pb::History& history, const Limits& limits) {
  CsvWriter csv;
  replay(history, limits, kLastClock,
         [&](const pb::RecordedChange& change, const pb::Op& op, const Before& before, const StrategyMap& after) {
           csv_rows(csv, change, op, before, after);
         });
  return csv.take();
}

std::string snapshot_json(const pb::Snapshot& snapshot) { return json(snapshot, true); }

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string iso8601_utc(std::int64_t wall_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{wall_ms}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buf;
}

}  // namespace pss::history
