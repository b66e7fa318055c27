#include "client/app/ui/undo.h"

#include <algorithm>

#include "client/app/ui/records.h"

namespace pss::ui {

namespace {

struct Touched {
  pb::RecordType type;
  std::string id;
  std::vector<std::uint32_t> fields;
  std::optional<pb::Record> before;
};

void add_fields(std::vector<std::uint32_t>& into, const std::vector<std::uint32_t>& more) {
  for (auto f : more)
    if (std::find(into.begin(), into.end(), f) == into.end()) into.push_back(f);
}

// What `ops` will touch, with the records as `view` shows them now. Removing an element
// also removes its risks, measures and arrows (and an arrow its risks) and unsets the
// mitigation of risks it mitigated: they are touched too, before the element, as the
// map does, so undo restores them after it.
std::vector<Touched> touched_by(const StrategyMap& view, const std::vector<pb::Op>& ops) {
  std::vector<Touched> out;
  auto touch = [&](pb::RecordType type, const std::string& id, std::vector<std::uint32_t> fields) {
    for (auto& t : out)
      if (t.type == type && t.id == id) return add_fields(t.fields, fields);
    out.push_back({type, id, std::move(fields), find_record(view, type, id)});
  };
  for (const pb::Op& op : ops) {
    if (op.has_put()) {
      const auto type = record_type(op.put());
      touch(type, record_id(op.put()), content_fields(type));
    } else if (op.has_patch()) {
      const auto& value = op.patch().value();
      touch(record_type(value), record_id(value), {op.patch().fields().begin(), op.patch().fields().end()});
    } else if (op.has_remove()) {
      const auto type = op.remove().type();
      const std::string& id = op.remove().id();
      auto risks_on = [&](pb::RecordType target_type, const std::string& target) {
        for (const auto& [risk_id, r] : view.risks())
          if (r.target_type() == target_type && r.target() == target) touch(pb::RISK, risk_id, {});
      };
      if (type == pb::ELEMENT || type == pb::LINK) risks_on(type, id);
      if (type == pb::ELEMENT) {
        for (const auto& [measure_id, m] : view.measures())
          if (m.element() == id) touch(pb::MEASURE, measure_id, {});
        for (const auto& link : view.links_of(id)) {
          risks_on(pb::LINK, link);
          touch(pb::LINK, link, {});
        }
        for (const auto& [risk_id, r] : view.risks())
          if (r.mitigated_by() == id) touch(pb::RISK, risk_id, {pb::Risk::kMitigatedByFieldNumber});
      }
      touch(type, id, {});
    }
  }
  return out;
}

pb::Record without_clock(pb::Record r) {
  if (r.has_element()) r.mutable_element()->clear_changed_clock();
  if (r.has_link()) r.mutable_link()->clear_changed_clock();
  if (r.has_row()) r.mutable_row()->clear_changed_clock();
  if (r.has_risk()) r.mutable_risk()->clear_changed_clock();
  if (r.has_measure()) r.mutable_measure()->clear_changed_clock();
  return r;
}

void replay_one(const RecordChange& c, const StrategyMap& view, bool undo, std::vector<pb::Op>& ops) {
  const auto& from = undo ? c.after : c.before;
  const auto& to = undo ? c.before : c.after;
  const auto current = find_record(view, c.type, c.id);
  if (!from && to) {
    if (!current) ops.push_back(put_op(without_clock(*to)));
  } else if (from && !to) {
    // Whoever changed the record since we made it owns it now: leave it.
    if (current && content_equal(*current, *from)) ops.push_back(remove_op(c.type, c.id));
  } else if (from && to && current) {
    std::vector<std::uint32_t> fields;
    for (auto f : c.fields)
      if (field_equal(*current, *from, f) && !field_equal(*current, *to, f)) fields.push_back(f);
    if (!fields.empty()) ops.push_back(patch_op(*to, fields));
  }
}

}  // namespace

std::vector<pb::Op> replay_ops(const UndoStep& step, const StrategyMap& view, bool undo) {
  std::vector<pb::Op> ops;
  if (undo)
    for (auto it = step.changes.rbegin(); it != step.changes.rend(); ++it) replay_one(*it, view, true, ops);
  else
    for (const auto& c : step.changes) replay_one(c, view, false, ops);
  return ops;
}

Check Editor::apply(std::vector<pb::Op> ops, bool coalesce) {
  if (ops.empty()) return std::nullopt;
  auto touched = touched_by(doc_.view(), ops);
  if (auto failed = doc_.edit(std::move(ops), coalesce)) return failed;

  UndoStep step;
  UndoStep& into = open_ ? *open_ : step;
  for (auto& t : touched) {
    auto after = find_record(doc_.view(), t.type, t.id);
    auto same = std::find_if(into.changes.begin(), into.changes.end(),
                             [&](const RecordChange& c) { return c.type == t.type && c.id == t.id; });
    if (same != into.changes.end()) {
      same->after = std::move(after);
      add_fields(same->fields, t.fields);
    } else {
      into.changes.push_back({t.type, t.id, std::move(t.before), std::move(after), std::move(t.fields)});
    }
  }
  if (!open_) commit(std::move(step));
  return std::nullopt;
}

void Editor::begin_group() {
  if (depth_++ == 0) open_.emplace();
}

void Editor::end_group() {
  if (depth_ == 0 || --depth_ > 0) return;
  UndoStep step = std::move(*open_);
  open_.reset();
  commit(std::move(step));
}

void Editor::commit(UndoStep step) {
  // Records made and removed again within the step, or left as they were, are no change.
  std::erase_if(step.changes, [](const RecordChange& c) {
    if (!c.before && !c.after) return true;
    return c.before && c.after && content_equal(*c.before, *c.after);
  });
  if (step.empty()) return;
  redo_.clear();
  undo_.push_back(std::move(step));
  while (undo_.size() > max_steps_) undo_.pop_front();
}

void Editor::submit(std::vector<pb::Op> ops) {
  if (!doc_.edit(ops, false)) return;
  // Something no longer applies (an arrow whose card is gone): do what still does.
  for (auto& op : ops) doc_.edit({std::move(op)}, false);
}

bool Editor::undo() {
  while (depth_ > 0) end_group();
  while (!undo_.empty()) {
    UndoStep step = std::move(undo_.back());
    undo_.pop_back();
    auto ops = replay_ops(step, doc_.view(), true);
    redo_.push_back(std::move(step));
    if (ops.empty()) continue;  // others changed all of it since: try the step before
    submit(std::move(ops));
    return true;
  }
  return false;
}

bool Editor::redo() {
  while (depth_ > 0) end_group();
  while (!redo_.empty()) {
    UndoStep step = std::move(redo_.back());
    redo_.pop_back();
    auto ops = replay_ops(step, doc_.view(), false);
    undo_.push_back(std::move(step));
    if (ops.empty()) continue;
    submit(std::move(ops));
    return true;
  }
  return false;
}

}  // namespace pss::ui
