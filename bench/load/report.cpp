// Run::report: the human summary on stderr and the one-line JSON result on stdout
// (scripts/bench reads the JSON).
#include <sys/resource.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "run.h"

namespace pss::load {
namespace {

double cpu_of_self() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
    out += ch;
  }
  return out + "\"";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

void Run::report() {
  const Results& r = results_;
  const Config& c = config_;
  const std::uint64_t lost = r.expected > r.delivered ? r.expected - r.delivered : 0;
  const double per_s = r.load_seconds > 0 ? static_cast<double>(r.delivered) / r.load_seconds : 0;
  const double per_cpu = r.server_cpu_s > 0 ? static_cast<double>(r.delivered) / r.server_cpu_s : 0;
  const bool rss = r.server_before.ok && r.server_after.ok;
  const double rss_per_conn =
      rss && r.connected > 0
          ? (static_cast<double>(r.server_after.rss_kib) - static_cast<double>(r.server_before.rss_kib)) * 1024 /
                r.connected
          : 0;
  const double ms_per_join = r.server_cpu_s > 0 && r.join.count() ? r.server_cpu_s * 1000 / r.join.count() : 0;

  std::ostringstream j;
  j << "{\"scenario\":" << json_string(c.scenario) << ",\"target\":" << json_string(target_name(c.target))
    << ",\"clients\":" << c.clients << ",\"rooms\":" << c.rooms << ",\"draggers_per_room\":" << c.draggers_per_room
    << ",\"drag_hz\":" << num(c.drag_hz) << ",\"presence_hz\":" << num(c.presence_hz)
    << ",\"duration_s\":" << num(c.duration_s) << ",\"connected\":" << r.connected
    << ",\"connection_errors\":" << r.connection_errors << ",\"drags_sent\":" << r.drags_sent
    << ",\"expected_deliveries\":" << r.expected << ",\"deliveries\":" << r.delivered << ",\"lost\":" << lost
    << ",\"unknown_deliveries\":" << r.unknown << ",\"rejected_pushes\":" << r.rejected_pushes
    << ",\"server_errors\":" << r.server_errors << ",\"decode_errors\":" << r.decode_errors
    << ",\"presence_sent\":" << r.presence_sent << ",\"presence_received\":" << r.presence_received
    << ",\"p50_ms\":" << num(r.latency.percentile_ms(50)) << ",\"p95_ms\":" << num(r.latency.percentile_ms(95))
    << ",\"p99_ms\":" << num(r.latency.percentile_ms(99)) << ",\"max_ms\":" << num(r.latency.max_ms())
    << ",\"deliveries_per_s\":" << num(per_s) << ",\"server_cpu_s\":" << num(r.server_cpu_s)
    << ",\"deliveries_per_cpu_s\":" << num(per_cpu) << ",\"server_rss_kib\":" << r.server_after.rss_kib
    << ",\"server_peak_rss_kib\":" << r.server_after.peak_kib << ",\"rss_per_connection_bytes\":" << num(rss_per_conn)
    << ",\"joins\":" << r.join.count() << ",\"join_p50_ms\":" << num(r.join.percentile_ms(50))
    << ",\"join_p99_ms\":" << num(r.join.percentile_ms(99)) << ",\"server_ms_per_join\":" << num(ms_per_join)
    << ",\"generator_cpu_s\":" << num(cpu_of_self()) << "}";
  std::cout << j.str() << std::endl;

  std::cerr << "pss-load " << c.scenario << " against " << target_name(c.target) << " at " << c.host << ":" << c.port
            << "\n  clients " << r.connected << "/" << c.clients << " joined in " << c.rooms << " room(s), "
            << r.connection_errors << " connection error(s)\n";
  for (const auto& e : r.error_samples) std::cerr << "    " << e << "\n";
  if (r.drags_sent > 0)
    std::cerr << "  drags sent " << r.drags_sent << ", deliveries " << r.delivered << " of " << r.expected
              << " expected (lost " << lost << "), " << num(per_s) << "/s\n"
              << "  edit-to-peer latency ms: p50 " << num(r.latency.percentile_ms(50)) << "  p95 "
              << num(r.latency.percentile_ms(95)) << "  p99 " << num(r.latency.percentile_ms(99)) << "  max "
              << num(r.latency.max_ms()) << "\n";
  if (r.presence_sent > 0)
    std::cerr << "  presence sent " << r.presence_sent << ", received " << r.presence_received << "\n";
  if (r.rejected_pushes || r.server_errors || r.decode_errors)
    std::cerr << "  rejected pushes " << r.rejected_pushes << ", server errors " << r.server_errors
              << ", undecodable messages " << r.decode_errors << "\n";
  if (r.join.count())
    std::cerr << "  joins " << r.join.count() << ": connect to Welcome p50 " << num(r.join.percentile_ms(50))
              << " ms, p99 " << num(r.join.percentile_ms(99)) << " ms; server CPU per join " << num(ms_per_join)
              << " ms\n";
  if (rss)
    std::cerr << "  server: " << num(r.server_cpu_s) << " CPU s (" << num(per_cpu) << " deliveries per CPU s), RSS "
              << r.server_after.rss_kib << " KiB, peak " << r.server_after.peak_kib << " KiB, " << num(rss_per_conn)
              << " bytes per connection\n";
  std::cerr << "  generator: " << num(cpu_of_self()) << " CPU s\n";
}

}  // namespace pss::load
