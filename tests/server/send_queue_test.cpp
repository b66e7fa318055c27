#include "send_queue.h"

#include <gtest/gtest.h>

namespace pss::server {
namespace {

Chunk bytes(std::size_t n, bool droppable = false, char fill = 'x') {
  return Chunk::whole(std::string(n, fill), droppable);
}

std::string joined(const std::vector<Chunk>& batch) {
  std::string out;
  for (const Chunk& c : batch) out += c.view();
  return out;
}

TEST(SendQueue, BatchesEverythingWaitingIntoOneWrite) {
  SendQueue q(1000, 1000);
  EXPECT_EQ(q.push(bytes(10, false, 'a')), SendQueue::Result::queued);
  EXPECT_EQ(q.push(bytes(20, false, 'b')), SendQueue::Result::queued);
  EXPECT_EQ(q.push(bytes(5, true, 'c')), SendQueue::Result::queued);
  ASSERT_TRUE(q.ready());
  const auto& batch = q.start_batch();
  EXPECT_EQ(batch.size(), 3u);
  EXPECT_EQ(joined(batch), std::string(10, 'a') + std::string(20, 'b') + std::string(5, 'c'));
  EXPECT_FALSE(q.ready());  // one write in flight at a time
  EXPECT_EQ(q.bytes(), 35u);  // in-flight bytes still count
  q.finish_batch();
  EXPECT_EQ(q.bytes(), 0u);
}

TEST(SendQueue, NothingQueuedWhileInFlightIsLost) {
  SendQueue q(1000, 1000);
  q.push(bytes(10, false, 'a'));
  q.start_batch();
  q.push(bytes(10, false, 'b'));
  EXPECT_FALSE(q.ready());
  q.finish_batch();
  ASSERT_TRUE(q.ready());
  EXPECT_EQ(joined(q.start_batch()), std::string(10, 'b'));
}

TEST(SendQueue, BatchStopsAtMaxBatchBytesButTakesAtLeastOne) {
  SendQueue q(10000, 100);
  q.push(bytes(300, false, 'a'));
  q.push(bytes(60, false, 'b'));
  q.push(bytes(60, false, 'c'));
  EXPECT_EQ(joined(q.start_batch()), std::string(300, 'a'));
  q.finish_batch();
  EXPECT_EQ(joined(q.start_batch()), std::string(60, 'b'));
  q.finish_batch();
  EXPECT_EQ(q.start_batch().size(), 1u);
}

TEST(SendQueue, DocumentOverflowIsReportedNotQueued) {
  SendQueue q(100, 100);
  EXPECT_EQ(q.push(bytes(60)), SendQueue::Result::queued);
  EXPECT_EQ(q.push(bytes(40)), SendQueue::Result::queued);  // exactly full
  EXPECT_EQ(q.push(bytes(1)), SendQueue::Result::overflow);
  EXPECT_EQ(q.bytes(), 100u);
}

TEST(SendQueue, EmptyQueueAcceptsOneOversizedChunk) {
  SendQueue q(100, 100);
  EXPECT_EQ(q.push(bytes(500)), SendQueue::Result::queued);  // e.g. a big Welcome
  EXPECT_EQ(q.push(bytes(1)), SendQueue::Result::overflow);
}

TEST(SendQueue, PresenceIsDroppedWhenHalfFull) {
  SendQueue q(100, 100);
  q.push(bytes(45));
  EXPECT_EQ(q.push(bytes(5, true)), SendQueue::Result::queued);   // 50: at half
  EXPECT_EQ(q.push(bytes(1, true)), SendQueue::Result::dropped);  // over half
  EXPECT_EQ(q.dropped_count(), 1u);
  EXPECT_EQ(q.bytes(), 50u);
}

TEST(SendQueue, DocumentsEvictWaitingPresence) {
  SendQueue q(100, 100);
  q.push(bytes(10, false, 'a'));
  q.push(bytes(20, true, 'p'));
  q.push(bytes(20, true, 'q'));
  q.push(bytes(40, false, 'b'));  // 90
  EXPECT_EQ(q.push(bytes(25, false, 'c')), SendQueue::Result::queued);  // evicts 'p' only
  EXPECT_EQ(q.dropped_count(), 1u);
  EXPECT_EQ(joined(q.start_batch()),
            std::string(10, 'a') + std::string(20, 'q') + std::string(40, 'b') + std::string(25, 'c'));
}

TEST(SendQueue, PresenceInFlightIsNotEvicted) {
  SendQueue q(100, 100);
  q.push(bytes(50, true));
  q.start_batch();
  q.push(bytes(40));
  EXPECT_EQ(q.push(bytes(20)), SendQueue::Result::overflow);
}

TEST(SendQueue, ClearWaitingKeepsInFlightAccounting) {
  SendQueue q(100, 100);
  q.push(bytes(30));
  q.start_batch();
  q.push(bytes(30));
  q.clear_waiting();
  EXPECT_EQ(q.bytes(), 30u);
  EXPECT_EQ(q.waiting_count(), 0u);
  q.finish_batch();
  EXPECT_EQ(q.bytes(), 0u);
}

TEST(SendQueue, SlicesAreSentAsSlices) {
  auto shared = std::make_shared<const std::string>("0123456789");
  SendQueue q(100, 100);
  q.push(Chunk{shared, 0, 3, true});
  q.push(Chunk{shared, 7, 3, true});
  EXPECT_EQ(joined(q.start_batch()), "012789");
}

}  // namespace
}  // namespace pss::server
