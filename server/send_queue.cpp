#include "send_queue.h"

#include <algorithm>

namespace pss::server {

SendQueue::Result SendQueue::push(Chunk chunk) {
  if (chunk.empty()) return Result::queued;
  const std::size_t n = chunk.size;
  if (bytes_ == 0) {  // an empty queue takes anything, however large
    bytes_ = n;
    waiting_.push_back(std::move(chunk));
    return Result::queued;
  }
  if (chunk.droppable) {
    // Under pressure presence is worthless: a newer one follows within a tick.
    if (bytes_ + n > max_bytes_ / 2) {
      ++dropped_;
      return Result::dropped;
    }
  } else if (bytes_ + n > max_bytes_ && !evict_droppable(bytes_ + n - max_bytes_)) {
    return Result::overflow;
  }
  bytes_ += n;
  waiting_.push_back(std::move(chunk));
  return Result::queued;
}

bool SendQueue::evict_droppable(std::size_t needed) {
  std::size_t droppable = 0;
  for (const Chunk& c : waiting_)
    if (c.droppable) droppable += c.size;
  if (droppable < needed) return false;  // evicting would not help: keep them
  std::size_t freed = 0;
  std::erase_if(waiting_, [&](const Chunk& c) {
    if (!c.droppable || freed >= needed) return false;
    freed += c.size;
    ++dropped_;
    return true;
  });
  bytes_ -= freed;
  return true;
}

const std::vector<Chunk>& SendQueue::start_batch() {
  std::size_t batch = 0;
  while (!waiting_.empty()) {
    const std::size_t n = waiting_.front().size;
    if (!in_flight_.empty() && batch + n > max_batch_bytes_) break;
    batch += n;
    in_flight_.push_back(std::move(waiting_.front()));
    waiting_.pop_front();
  }
  in_flight_bytes_ = batch;
  return in_flight_;
}

void SendQueue::finish_batch() {
  bytes_ -= in_flight_bytes_;
  in_flight_bytes_ = 0;
  in_flight_.clear();
}

void SendQueue::clear_waiting() {
  waiting_.clear();
  bytes_ = in_flight_bytes_;
}

}  // namespace pss::server
