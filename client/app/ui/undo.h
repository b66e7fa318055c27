// Undo and redo of this participant's own edits only. Every edit goes through Editor,
// which records, from the view, what each touched record looked like before and after.
// Undo restores a field only while it still holds the value we set: if someone else
// changed it since, their later change wins and that part of the step is skipped.
// A group (one drag, one palette action) is one step however many edits it makes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "client/app/ui/document.h"

namespace pss::ui {

struct RecordChange {
  pb::RecordType type = pb::RECORD_TYPE_UNSPECIFIED;
  std::string id;
  std::optional<pb::Record> before;  // nullopt: did not exist
  std::optional<pb::Record> after;   // nullopt: removed
  std::vector<std::uint32_t> fields; // both present: the fields the step set
};

struct UndoStep {
  std::vector<RecordChange> changes;  // in the order they were made
  bool empty() const { return changes.empty(); }
};

// The ops that move every change of `step` back (undo) or forward again (redo), for
// the records and fields that the current `view` still shows in the state the step
// left them in. Empty when others have changed everything since.
std::vector<pb::Op> replay_ops(const UndoStep& step, const StrategyMap& view, bool undo);

class Editor {
 public:
  explicit Editor(Document& doc, std::size_t max_steps = 500) : doc_(doc), max_steps_(max_steps) {}

  // Submits ops and records them as one undo step, or into the open group.
  Check apply(std::vector<pb::Op> ops, bool coalesce = false);

  void begin_group();
  void end_group();
  bool in_group() const { return depth_ > 0; }

  // Each returns false when there was nothing (left) to undo or redo.
  bool undo();
  bool redo();
  bool can_undo() const { return !undo_.empty() || (open_ && !open_->empty()); }
  bool can_redo() const { return !redo_.empty(); }
  std::size_t undo_depth() const { return undo_.size(); }
  std::size_t redo_depth() const { return redo_.size(); }

  Document& doc() { return doc_; }
  const StrategyMap& view() const { return doc_.view(); }

 private:
  void commit(UndoStep step);
  void submit(std::vector<pb::Op> ops);  // all at once, else one by one

  Document& doc_;
  std::size_t max_steps_;
  std::deque<UndoStep> undo_;
  std::deque<UndoStep> redo_;
  std::optional<UndoStep> open_;
  int depth_ = 0;
};

}  // namespace pss::ui
