// StrategyMap: one room's map (rows, elements, links) and the one function that
// changes it, apply(). Free of I/O and threads; the server owns one per room, each
// client one for the confirmed server state and one for its optimistic view.
//
// Determinism: applying the same ops in the same order yields byte-identical
// snapshots on every replica (records are kept sorted by id, clocks come from the
// caller, never from a clock on the wall).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "model/limits.h"
#include "model/link_index.h"
#include "model/record_table.h"
#include "model/tombstones.h"
#include "model/validation.h"
#include "pss.pb.h"

namespace pss {

// Who is applying a client's ops. The server stamps new elements and links with it;
// replicas applying ops that came from the server pass no identity and keep what the
// ops say.
struct Identity {
  std::string name;
  pb::StakeholderGroup group = pb::STAKEHOLDER_GROUP_UNSPECIFIED;
};

struct ApplyContext {
  std::uint64_t clock = 0;          // becomes changed_clock of every touched record
  const Identity* stamp = nullptr;  // non-null: ops come from a client (validate, stamp)
  // False only for ops whose values were checked before (a timeline seek re-applying
  // the changes it checked when it was built): skips the checks of field values, never
  // those of references.
  bool check_values = true;

  // Re-applying, at `clock`, a recorded change this process has checked before.
  static ApplyContext recorded(std::uint64_t clock) { return ApplyContext{clock, nullptr, false}; }
};

class StrategyMap {
 public:
  explicit StrategyMap(Limits limits = {});

  // A new map holding the eight PSS rows (see default_rows.h).
  static StrategyMap with_default_rows(Limits limits = {});

  // Rebuilds a map from a snapshot, validating every record. Fails on an invalid one.
  static std::optional<StrategyMap> from_snapshot(const pb::Snapshot& snapshot, Limits limits,
                                                  Rejection* why = nullptr);

  // Applies ops atomically, in order: either all succeed or the map is unchanged and the
  // first failure is returned. On success, `applied` (if given) receives the ops as
  // applied: author stamped, element removals preceded by the removals of their links,
  // patches reduced to the fields they list. Replicas that apply `applied` at the same
  // clock reach the same state.
  Check apply(std::span<const pb::Op* const> ops, const ApplyContext& ctx, std::vector<pb::Op>* applied = nullptr);
  Check apply(const google::protobuf::RepeatedPtrField<pb::Op>& ops, const ApplyContext& ctx,
              std::vector<pb::Op>* applied = nullptr) {
    return apply(std::span<const pb::Op* const>(ops.data(), static_cast<std::size_t>(ops.size())), ctx, applied);
  }
  Check apply(const std::vector<pb::Op>& ops, const ApplyContext& ctx, std::vector<pb::Op>* applied = nullptr);
  Check apply_one(const pb::Op& op, const ApplyContext& ctx, std::vector<pb::Op>* applied = nullptr) {
    const pb::Op* one = &op;
    return apply(std::span<const pb::Op* const>(&one, 1), ctx, applied);
  }

  // The whole map, records sorted by id: equal maps give equal bytes.
  pb::Snapshot snapshot() const;
  std::string snapshot_bytes() const;
  // FNV-1a 64 of snapshot_bytes(), as 16 hex digits: a short name for a state.
  std::string state_hash() const;

  // Puts of every record changed after `since` and removes of every record deleted
  // after it, in an order that applies cleanly (rows, elements, links, then removals).
  // nullopt when `since` is older than the oldest tombstone kept or newer than the map:
  // the caller must send a full snapshot instead.
  std::optional<std::vector<pb::Op>> changes_since(std::uint64_t since) const;

  // Applies changes_since() output from the server at `clock`, one op at a time:
  // removals of records this replica never had are skipped. Returns the first other failure.
  template <class Ops>
  Check apply_catch_up(const Ops& ops, std::uint64_t clock) {
    const ApplyContext ctx{clock, nullptr};
    for (const pb::Op& op : ops) {
      if (op.has_remove() && !contains(op.remove().type(), op.remove().id())) continue;
      if (auto failed = apply_one(op, ctx)) return failed;
    }
    clock_ = std::max(clock_, clock);
    return std::nullopt;
  }

  std::uint64_t clock() const { return clock_; }
  void set_clock(std::uint64_t clock) { clock_ = clock; }

  const pb::Element* element(const std::string& id) const;
  const pb::Link* link(const std::string& id) const;
  const pb::Row* row(const std::string& id) const;
  const pb::Risk* risk(const std::string& id) const { return risks_.find(id); }
  const pb::Measure* measure(const std::string& id) const { return measures_.find(id); }
  const std::map<std::string, pb::Element>& elements() const { return elements_.map(); }
  const std::map<std::string, pb::Link>& links() const { return links_.map(); }
  const std::map<std::string, pb::Row>& rows() const { return rows_.map(); }
  const std::map<std::string, pb::Risk>& risks() const { return risks_.map(); }
  const std::map<std::string, pb::Measure>& measures() const { return measures_.map(); }
  // Rows in drawing order (ascending order, then id).
  std::vector<const pb::Row*> rows_in_order() const;
  // Ids of the links that start or end at an element.
  std::vector<std::string> links_of(const std::string& element_id) const;

  const Limits& limits() const { return limits_; }

 private:
  // What a record looked like before the current apply() touched it, to roll back.
  struct JournalEntry {
    pb::RecordType type;
    std::string id;
    std::optional<pb::Record> before;
    std::optional<std::uint64_t> tombstone_before;  // clock of an earlier delete
  };

  Check put(const pb::Record& record, const ApplyContext& ctx, std::vector<pb::Op>* applied);
  Check patch(const pb::RecordPatch& patch, const ApplyContext& ctx, std::vector<pb::Op>* applied);
  Check remove(const pb::RecordRef& ref, const ApplyContext& ctx, std::vector<pb::Op>* applied);
  // The same for one record type T (pb::Element, pb::Link or pb::Row).
  template <class T>
  Check put_record(const T& incoming, const ApplyContext& ctx, std::vector<pb::Op>* applied);
  template <class T>
  Check patch_record(const T& value, const google::protobuf::RepeatedField<std::uint32_t>& listed,
                     const ApplyContext& ctx, std::vector<pb::Op>* applied);
  Check check_references(const pb::Element& e) const;
  Check check_references(const pb::Link& l) const;
  Check check_references(const pb::Row&) const { return std::nullopt; }
  Check check_references(const pb::Risk& r) const;
  Check check_references(const pb::Measure& m) const;
  // Removes a record and what hangs on it (an element's risks, measures and arrows, an
  // arrow's risks) and unsets the mitigation of risks a removed card mitigated, each as
  // an explicit op in `applied`.
  void remove_with_dependents(pb::RecordType type, const std::string& id, const ApplyContext& ctx,
                              std::vector<pb::Op>* applied);

  template <class T>
  RecordTable<T>& table();
  bool contains(pb::RecordType type, const std::string& id) const;
  std::optional<pb::Record> find(pb::RecordType type, const std::string& id) const;  // a copy
  // Remembers the record's state before this apply() first touched it.
  void journal(pb::RecordType type, const std::string& id);
  bool first_touch(pb::RecordType type, const std::string& id);
  void store(pb::Record record);  // keeps indexes true
  // Stores `record` over `existing`, or as a new record when that is null.
  template <class T>
  T& place(T* existing, T record);
  // With keep_for_rollback, a journaling apply() moves the record into the journal.
  void erase(pb::RecordType type, const std::string& id, bool keep_for_rollback = false);
  template <class T>
  void erase_record(const std::string& id, bool keep_for_rollback);
  // The secondary indexes (cards per row, links per element and per pair of ends).
  void index(const pb::Element& e);
  void unindex(const pb::Element& e);
  void index(const pb::Link& l);
  void unindex(const pb::Link& l);
  void index(const pb::Row&) {}
  void unindex(const pb::Row&) {}
  void index(const pb::Risk& r);
  void unindex(const pb::Risk& r);
  void index(const pb::Measure& m);
  void unindex(const pb::Measure& m);
  void bury(pb::RecordType type, const std::string& id, std::uint64_t clock);
  void rollback();
  void trim_tombstones();

  Limits limits_;
  std::uint64_t clock_ = 0;
  RecordTable<pb::Row> rows_;
  RecordTable<pb::Element> elements_;
  RecordTable<pb::Link> links_;
  RecordTable<pb::Risk> risks_;
  RecordTable<pb::Measure> measures_;
  LinkIndex link_index_;
  std::map<std::pair<pb::RecordType, std::string>, std::set<std::string>> risks_by_target_;  // -> risk ids
  std::map<std::string, std::set<std::string>> risks_by_mitigator_;                          // element -> risk ids
  std::map<std::string, std::set<std::string>> measures_by_element_;                         // element -> measure ids
  std::map<std::string, std::size_t> cards_in_row_;
  Tombstones tombstones_;
  std::uint64_t tombstone_horizon_ = 0;  // deletes at or before this clock are forgotten
  std::vector<JournalEntry> journal_;
  std::set<std::pair<pb::RecordType, std::string>> journaled_;  // what a long journal_ holds
  // Only multi-op pushes need a journal: every op checks before it mutates, so a
  // single failing op leaves the map untouched.
  bool journaling_ = false;
};

pb::RecordType record_type(const pb::Record& record);
const std::string& record_id(const pb::Record& record);
std::string to_hex64(std::uint64_t value);
std::uint64_t fnv1a64(std::string_view bytes);

}  // namespace pss
