// Token buckets for per-connection rate limits. A bucket refills at `rate` tokens per
// second up to `burst`. take() may run into debt instead of refusing: the caller has
// already accepted the message and pauses reading for the returned time, so a flooding
// client is slowed down by TCP backpressure and none of its edits is lost.
#pragma once

#include <algorithm>
#include <chrono>

namespace pss::server {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // rate <= 0 disables the bucket (take() never waits, try_take() always succeeds).
  TokenBucket(double rate, double burst, Clock::time_point now = Clock::now())
      : rate_(rate), burst_(std::max(burst, 1.0)), tokens_(burst_), last_(now) {}

  // Takes n tokens, going into debt if needed; returns how long until the debt is paid.
  Clock::duration take(double n, Clock::time_point now) {
    if (rate_ <= 0) return Clock::duration::zero();
    refill(now);
    tokens_ -= n;
    if (tokens_ >= 0) return Clock::duration::zero();
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(-tokens_ / rate_));
  }
  // Takes one token if there is one (for what may be dropped: presence).
  bool try_take(Clock::time_point now) {
    if (rate_ <= 0) return true;
    refill(now);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  void refill(Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    if (elapsed > 0) {
      tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
      last_ = now;
    }
  }

  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace pss::server
