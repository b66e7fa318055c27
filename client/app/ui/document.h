// What the board edits: a view of the map and a way to submit ops. The app wraps its
// SyncClient; tests and the benchmark use LocalDocument, which applies ops at once.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::ui {

namespace pb = ::pss::v1;

class Document {
 public:
  virtual ~Document() = default;
  virtual const StrategyMap& view() const = 0;
  // See Replica::edit: applied to the view at once; `coalesce` merges drag steps.
  virtual Check edit(std::vector<pb::Op> ops, bool coalesce) = 0;
};

// A map edited in memory, as the server would: each edit is one clock tick.
class LocalDocument : public Document {
 public:
  explicit LocalDocument(StrategyMap map = StrategyMap::with_default_rows(), Identity self = {"me", pb::STAFF})
      : map_(std::move(map)), self_(std::move(self)) {}

  const StrategyMap& view() const override { return map_; }
  Check edit(std::vector<pb::Op> ops, bool /*coalesce*/) override {
    ++edits_;
    return map_.apply(ops, ApplyContext{map_.clock() + 1, &self_});
  }
  // Someone else's edit, for tests of concurrent changes.
  Check remote_edit(const std::vector<pb::Op>& ops, const Identity& who) {
    return map_.apply(ops, ApplyContext{map_.clock() + 1, &who});
  }
  StrategyMap& map() { return map_; }
  std::size_t edit_count() const { return edits_; }

 private:
  StrategyMap map_;
  Identity self_;
  std::size_t edits_ = 0;
};

}  // namespace pss::ui
