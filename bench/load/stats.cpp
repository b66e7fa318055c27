#include "stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace pss::load {

void Histogram::add(std::int64_t us) {
  us = std::max<std::int64_t>(us, 0);
  ++buckets_[std::min<std::size_t>(static_cast<std::size_t>(us) / kBucketUs, kBuckets - 1)];
  ++count_;
  sum_us_ += us;
  max_us_ = std::max(max_us_, us);
}

double Histogram::percentile_ms(double p) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::max(1.0, p / 100.0 * static_cast<double>(count_) + 0.5));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    // The bucket's upper edge, but never above the exact maximum.
    if (seen >= rank) return std::min<double>((i + 1) * kBucketUs, static_cast<double>(max_us_)) / 1000.0;
  }
  return max_ms();
}

ProcSample sample_process(pid_t pid) {
  ProcSample s;
  if (pid <= 0) return s;
  const std::string dir = "/proc/" + std::to_string(pid);
  std::ifstream stat(dir + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return s;
  // The command name may hold spaces: fields are counted after its closing ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return s;
  std::istringstream fields(line.substr(close + 2));
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoull(f);
    if (i == 15) stime = std::stoull(f);
  }
  s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream status(dir + "/status");
  while (std::getline(status, line)) {
    std::istringstream in(line);
    std::string key;
    std::uint64_t kib = 0;
    in >> key >> kib;
    if (key == "VmRSS:") s.rss_kib = kib;
    if (key == "VmHWM:") s.peak_kib = kib;
  }
  s.ok = true;
  return s;
}

std::uint64_t raise_open_file_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return 0;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
    getrlimit(RLIMIT_NOFILE, &r);
  }
  return r.rlim_cur;
}

}  // namespace pss::load
