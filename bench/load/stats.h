// Latency histogram and what /proc says about the server process.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace pss::load {

// Latencies in microseconds, 10 us buckets up to 10 s (beyond: the last bucket);
// the maximum is kept exactly. Millions of samples in a fixed 4 MB.
class Histogram {
 public:
  Histogram() : buckets_(kBuckets, 0) {}
  void add(std::int64_t us);
  std::uint64_t count() const { return count_; }
  double percentile_ms(double p) const;  // p in [0, 100]; 0 when empty
  double max_ms() const { return static_cast<double>(max_us_) / 1000.0; }
  double mean_ms() const { return count_ ? static_cast<double>(sum_us_) / count_ / 1000.0 : 0; }

 private:
  static constexpr std::size_t kBucketUs = 10, kBuckets = 1'000'000;
  std::vector<std::uint32_t> buckets_;
  std::uint64_t count_ = 0;
  std::int64_t max_us_ = 0;
  std::int64_t sum_us_ = 0;
};

struct ProcSample {
  bool ok = false;
  double cpu_seconds = 0;      // user + system, all threads
  std::uint64_t rss_kib = 0;   // VmRSS
  std::uint64_t peak_kib = 0;  // VmHWM: peak RSS over the process's life
};

// Reads /proc/<pid>/stat and /proc/<pid>/status; ok = false if the process is gone.
ProcSample sample_process(pid_t pid);

// Raises this process's open-file limit to its hard limit; returns the new soft limit.
std::uint64_t raise_open_file_limit();

}  // namespace pss::load
