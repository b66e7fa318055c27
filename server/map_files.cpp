#include "map_files.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>

#include "report/formats.h"
#include "storage/store.h"

namespace pss::server {
namespace {

// A stored room is already valid: load it whatever the counts the server allowed.
pss::Limits loading_limits() {
  pss::Limits l;
  l.max_elements = l.max_links = l.max_risks = l.max_measures = std::numeric_limits<std::size_t>::max();
  return l;
}

int fail(const std::string& what, const std::string& message) {
  std::cerr << "pss-server " << what << ": " << message << "\n";
  return 1;
}

}  // namespace

int export_room(const ExportRequest& r) {
  storage::StoreOptions options;
  options.dir = r.data_dir;
  options.read_only = true;
  auto store = storage::Store::open(options);
  if (!store) return fail("export", store.error());
  auto loaded = store.value()->load_room(r.room, loading_limits());
  if (!loaded) return fail("export", loaded.error());
  const StrategyMap& map = loaded->map;
  std::string bytes;
  if (r.format == "json")
    bytes = report::map_json(map);
  else if (r.format == "csv")
    bytes = report::scorecard_csv(map);
  else if (r.format == "svg")
    bytes = report::map_svg(map);
  else if (r.format == "png")
    bytes = report::map_png(map);
  else
    return fail("export", "unknown format '" + r.format + "' (json, svg, png or csv)");
  if (bytes.empty()) return fail("export", "could not encode the " + r.format);
  if (r.out.empty()) {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return std::cout.flush() ? 0 : fail("export", "could not write to standard output");
  }
  std::ofstream file(r.out, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) return fail("export", "could not write " + r.out);
  return 0;
}

int import_room(const ImportRequest& r) {
  std::ifstream in(r.file, std::ios::binary);
  if (!in) return fail("import", "cannot read " + r.file);
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  auto snapshot = report::parse_map_json(text.str(), &error);
  if (!snapshot) return fail("import", r.file + ": " + error);

  // Check the whole map before anything is created, so a bad file leaves no room behind.
  const pss::Limits limits{};
  std::optional<report::ImportPlan> plan;
  std::string same_as_file;
  {
    StrategyMap trial = StrategyMap::with_default_rows(limits);
    plan = report::import_plan(trial, *snapshot, &error);
    if (!plan) return fail("import", r.file + ": " + error);
    if (auto failed = report::apply_import(trial, *plan)) return fail("import", r.file + ": " + failed->detail);
    auto file_map = StrategyMap::from_snapshot(*snapshot, limits);
    same_as_file = file_map && file_map->state_hash() == trial.state_hash() ? ", the export's" : ", not the file's";
  }

  storage::StoreOptions options;
  options.dir = r.data_dir;
  auto store = storage::Store::open(options);
  if (!store) return fail("import", store.error());
  auto loaded = store.value()->load_room(r.room, limits);
  if (!loaded) return fail("import", loaded.error());
  if (!loaded->created) return fail("import", "room '" + r.room + "' exists already; import creates a new room");

  // One logged change per clock, as a room's log must be; a snapshot where the store
  // asks for one and at the end, so loading the room replays little.
  StrategyMap& map = loaded->map;
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  storage::Status written;
  std::uint64_t snapshot_clock = 0;
  auto log = [&](std::uint64_t clock, std::vector<pb::Op>& applied) {
    storage::ChangeRecord rec;
    rec.clock = clock;
    rec.wall_ms = now_ms;
    rec.author = "import";
    rec.client_id = "import";
    rec.change.set_clock(clock);
    for (auto& op : applied) *rec.change.add_ops() = std::move(op);
    const bool snapshot_due = store.value()->append(r.room, std::move(rec), [&written](const storage::Status& s) {
      if (written && !s) written = s;  // the writer thread; the first failure counts
    });
    if (snapshot_due) store.value()->write_snapshot(r.room, snapshot_clock = clock, map.snapshot_bytes());
  };
  if (auto failed = report::apply_import(map, *plan, log)) return fail("import", r.file + ": " + failed->detail);
  if (map.clock() > snapshot_clock) store.value()->write_snapshot(r.room, map.clock(), map.snapshot_bytes());
  store.value()->flush_and_stop();  // every callback has run once this returns
  if (!written) return fail("import", written.error());
  std::cout << "imported " << map.elements().size() << " elements, " << map.links().size() << " links, "
            << map.risks().size() << " risks and " << map.measures().size() << " measures into room '" << r.room
            << "' at clock " << map.clock() << " (state " << map.state_hash() << same_as_file << ")\n";
  return 0;
}

}  // namespace pss::server
