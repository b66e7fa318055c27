// Chunk: a slice of an immutable, shared, already-encoded ServerFrame.
// SendQueue: one session's outgoing chunks, bounded in bytes.
//
// Every chunk holds whole ServerMessages, so any sequence of chunks concatenated is a
// valid ServerFrame: the session sends all waiting chunks as ONE WebSocket message (a
// gather write, no copy). A broadcast is encoded once and shared by every recipient.
//
// Bound: queued + in-flight bytes never exceed max_bytes, except that one chunk is
// always accepted by an empty queue (else a large Welcome could never be sent).
// Droppable chunks (presence) are refused once the queue is half full and are evicted
// to make room for document chunks; a document chunk that still does not fit means
// the client is too slow and must be disconnected (it catches up on reconnect).
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pss::server {

struct Chunk {
  std::shared_ptr<const std::string> data;
  std::size_t offset = 0;
  std::size_t size = 0;
  bool droppable = false;

  static Chunk whole(std::shared_ptr<const std::string> bytes, bool droppable = false) {
    const std::size_t n = bytes ? bytes->size() : 0;
    return Chunk{std::move(bytes), 0, n, droppable};
  }
  static Chunk whole(std::string bytes, bool droppable = false) {
    return whole(std::make_shared<const std::string>(std::move(bytes)), droppable);
  }
  std::string_view view() const { return data ? std::string_view(*data).substr(offset, size) : std::string_view(); }
  bool empty() const { return size == 0; }
};

class SendQueue {
 public:
  enum class Result { queued, dropped, overflow };

  SendQueue(std::size_t max_bytes, std::size_t max_batch_bytes)
      : max_bytes_(max_bytes), max_batch_bytes_(max_batch_bytes) {}

  // Adds a chunk (empty chunks are ignored and reported queued).
  Result push(Chunk chunk);

  // True when chunks wait and no batch is in flight.
  bool ready() const { return in_flight_.empty() && !waiting_.empty(); }
  // Moves waiting chunks, at least one and up to max_batch_bytes, into the in-flight
  // batch and returns it. The caller writes them as one message, then calls finish_batch().
  const std::vector<Chunk>& start_batch();
  void finish_batch();

  // Drops everything not in flight (the session is closing).
  void clear_waiting();

  std::size_t bytes() const { return bytes_; }  // waiting + in flight
  std::size_t waiting_count() const { return waiting_.size(); }
  std::size_t dropped_count() const { return dropped_; }
  bool in_flight() const { return !in_flight_.empty(); }

 private:
  bool evict_droppable(std::size_t needed);

  std::size_t max_bytes_;
  std::size_t max_batch_bytes_;
  std::deque<Chunk> waiting_;
  std::vector<Chunk> in_flight_;
  std::size_t bytes_ = 0;
  std::size_t in_flight_bytes_ = 0;
  std::size_t dropped_ = 0;
};

}  // namespace pss::server
