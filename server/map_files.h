// `pss-server export` and `pss-server import`: a room's map to a file (JSON, SVG, PNG
// or the scorecard as CSV) and a JSON export back into a new room, both straight on
// the data directory. Export opens it read-only, so it works beside a running server;
// import writes, so the server must not be running on that directory.
#pragma once

#include <string>

namespace pss::server {

struct ExportRequest {
  std::string room;
  std::string data_dir;
  std::string format;  // json, svg, png or csv
  std::string out;     // empty: standard output
};
int export_room(const ExportRequest& request);

struct ImportRequest {
  std::string file;  // a JSON export
  std::string room;
  std::string data_dir;
};
int import_room(const ImportRequest& request);

}  // namespace pss::server
