#include "model/strategy_map.h"

#include <algorithm>
#include <type_traits>

#include "model/default_rows.h"
#include "model/method_records.h"
#include "model/record_fields.h"

namespace pss {
namespace {

using record_fields::Traits;

Rejection reject(pb::Reason reason, std::string detail) { return Rejection{reason, std::move(detail)}; }

const char* type_name(pb::RecordType type) {
  switch (type) {
    case pb::ELEMENT: return "element";
    case pb::LINK: return "link";
    case pb::ROW: return "row";
    case pb::RISK: return "risk";
    case pb::MEASURE: return "measure";
    default: return "record";
  }
}

// The server stamps a client's record with its creator, kept when the record is
// replaced.
void stamp(pb::Element& e, const pb::Element* existing, const Identity& who) {
  e.set_author(existing ? existing->author() : who.name);
  e.set_group(existing ? existing->group() : who.group);
  if (existing) e.set_board(existing->board());  // a new card's board is checked by the server's rules
}
void stamp(pb::Link& l, const pb::Link* existing, const Identity& who) {
  l.set_author(existing ? existing->author() : who.name);
}
void stamp(pb::Row&, const pb::Row*, const Identity&) {}
void stamp(pb::Risk& r, const pb::Risk* existing, const Identity& who) {
  r.set_author(existing ? existing->author() : who.name);
}
void stamp(pb::Measure& m, const pb::Measure* existing, const Identity& who) {
  m.set_author(existing ? existing->author() : who.name);
}

}  // namespace

template <class T>
RecordTable<T>& StrategyMap::table() {
  if constexpr (std::is_same_v<T, pb::Element>)
    return elements_;
  else if constexpr (std::is_same_v<T, pb::Link>)
    return links_;
  else if constexpr (std::is_same_v<T, pb::Risk>)
    return risks_;
  else if constexpr (std::is_same_v<T, pb::Measure>)
    return measures_;
  else
    return rows_;
}

StrategyMap::StrategyMap(Limits limits) : limits_(limits) {}

StrategyMap StrategyMap::with_default_rows(Limits limits) {
  StrategyMap map(limits);
  for (auto& row : default_rows()) {
    pb::Record r;
    *r.mutable_row() = std::move(row);
    map.store(std::move(r));
  }
  return map;
}

std::optional<StrategyMap> StrategyMap::from_snapshot(const pb::Snapshot& snapshot, Limits limits, Rejection* why) {
  // As apply() of a put per record (rows, elements, links) would, without
  // copying them into ops first or journaling: a failure discards the whole
  // map.
  StrategyMap map(limits);
  const ApplyContext ctx{snapshot.clock(), nullptr};
  auto load = [&](const auto& records) -> Check {
    for (const auto& r : records)
      if (auto bad = map.put_record(r, ctx, nullptr)) return bad;
    return std::nullopt;
  };
  Check failed = load(snapshot.rows());
  if (!failed) failed = load(snapshot.elements());
  if (!failed) failed = load(snapshot.links());
  if (!failed) failed = load(snapshot.risks());
  if (!failed) failed = load(snapshot.measures());
  if (failed) {
    if (why) *why = *failed;
    return std::nullopt;
  }
  map.clock_ = snapshot.clock();
  map.tombstone_horizon_ = snapshot.clock();  // deletes before the snapshot are unknown
  return map;
}

Check StrategyMap::apply(const std::vector<pb::Op>& ops, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  std::vector<const pb::Op*> pointers;
  pointers.reserve(ops.size());
  for (const auto& op : ops) pointers.push_back(&op);
  return apply(std::span<const pb::Op* const>(pointers), ctx, applied);
}

Check StrategyMap::apply(std::span<const pb::Op* const> ops, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  const bool from_client = ctx.stamp != nullptr;
  if (from_client && ops.empty()) return reject(pb::MALFORMED, "push has no ops");
  if (from_client && ops.size() > limits_.max_ops_per_push)
    return reject(pb::TOO_MANY, "push has more than " + std::to_string(limits_.max_ops_per_push) + " ops");
  journal_.clear();
  journaled_.clear();
  journaling_ = ops.size() > 1;
  const std::size_t applied_before = applied ? applied->size() : 0;
  for (const pb::Op* op : ops) {
    Check failed;
    switch (op->kind_case()) {
      case pb::Op::kPut: failed = put(op->put(), ctx, applied); break;
      case pb::Op::kPatch: failed = patch(op->patch(), ctx, applied); break;
      case pb::Op::kRemove: failed = remove(op->remove(), ctx, applied); break;
      default: failed = reject(pb::MALFORMED, "op is not a put, patch or remove"); break;
    }
    if (failed) {
      rollback();
      if (applied) applied->resize(applied_before);
      return failed;
    }
  }
  journal_.clear();
  journaled_.clear();
  clock_ = std::max(clock_, ctx.clock);
  trim_tombstones();
  return std::nullopt;
}

Check StrategyMap::check_references(const pb::Element& e) const {
  if (!e.row().empty() && !rows_.contains(e.row()))
    return reject(pb::NOT_FOUND, "row '" + e.row() + "' does not exist");
  return std::nullopt;
}

Check StrategyMap::check_references(const pb::Link& l) const {
  if (!elements_.contains(l.from())) return reject(pb::NOT_FOUND, "link source '" + l.from() + "' does not exist");
  if (!elements_.contains(l.to())) return reject(pb::NOT_FOUND, "link target '" + l.to() + "' does not exist");
  if (const std::string* same = link_index_.between(l.from(), l.to()); same && *same != l.id())
    return reject(pb::DUPLICATE, "an arrow from '" + l.from() + "' to '" + l.to() + "' exists already");
  return std::nullopt;
}

Check StrategyMap::check_references(const pb::Risk& r) const {
  const bool found = r.target_type() == pb::LINK ? links_.contains(r.target()) : elements_.contains(r.target());
  if (!found)
    return reject(pb::NOT_FOUND,
                  "the risk's " + std::string(type_name(r.target_type())) + " '" + r.target() + "' does not exist");
  if (!r.mitigated_by().empty() && !elements_.contains(r.mitigated_by()))
    return reject(pb::NOT_FOUND, "mitigating element '" + r.mitigated_by() + "' does not exist");
  return std::nullopt;
}

Check StrategyMap::check_references(const pb::Measure& m) const {
  if (!elements_.contains(m.element()))
    return reject(pb::NOT_FOUND, "the measure's element '" + m.element() + "' does not exist");
  return std::nullopt;
}

Check StrategyMap::put(const pb::Record& incoming, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  switch (incoming.value_case()) {
    case pb::Record::kElement: return put_record(incoming.element(), ctx, applied);
    case pb::Record::kLink: return put_record(incoming.link(), ctx, applied);
    case pb::Record::kRow: return put_record(incoming.row(), ctx, applied);
    case pb::Record::kRisk: return put_record(incoming.risk(), ctx, applied);
    case pb::Record::kMeasure: return put_record(incoming.measure(), ctx, applied);
    default: return reject(pb::MALFORMED, "put holds no element, link, row, risk or measure");
  }
}

template <class T>
Check StrategyMap::put_record(const T& incoming, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  constexpr pb::RecordType type = Traits<T>::type;
  if (ctx.check_values)
    if (auto bad = Traits<T>::check(incoming, limits_, kAllFields)) return bad;
  auto& records = table<T>();
  const std::string& id = incoming.id();
  T* existing = records.find(id);
  if (!existing) {
    const std::size_t cap = type == pb::ELEMENT   ? limits_.max_elements
                            : type == pb::LINK    ? limits_.max_links
                            : type == pb::RISK    ? limits_.max_risks
                            : type == pb::MEASURE ? limits_.max_measures
                                                  : limits_.max_rows;
    if (records.size() >= cap)
      return reject(pb::TOO_MANY, std::string("the room holds the most ") + type_name(type) + "s it may (" +
                                      std::to_string(cap) + ")");
  }

  T record = incoming;
  if (ctx.stamp) {
    // A client's record: drop fields this version does not know, stamp who made
    // it.
    record_fields::discard_unknown_fields(record);
    record.set_changed_clock(ctx.clock);
    stamp(record, existing, *ctx.stamp);
  }
  if (auto bad = check_references(record)) return bad;
  journal(type, id);
  const T& stored = place(existing, std::move(record));
  if (applied) *Traits<T>::mutable_in(*applied->emplace_back().mutable_put()) = stored;
  return std::nullopt;
}

Check StrategyMap::patch(const pb::RecordPatch& p, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  const pb::Record& value = p.value();
  switch (value.value_case()) {
    case pb::Record::kElement: return patch_record(value.element(), p.fields(), ctx, applied);
    case pb::Record::kLink: return patch_record(value.link(), p.fields(), ctx, applied);
    case pb::Record::kRow: return patch_record(value.row(), p.fields(), ctx, applied);
    case pb::Record::kRisk: return patch_record(value.risk(), p.fields(), ctx, applied);
    case pb::Record::kMeasure: return patch_record(value.measure(), p.fields(), ctx, applied);
    default: return reject(pb::MALFORMED, "patch holds no element, link, row, risk or measure");
  }
}

template <class T>
Check StrategyMap::patch_record(const T& value, const google::protobuf::RepeatedField<std::uint32_t>& listed,
                                const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  using Fields = Traits<T>;
  const char* name = type_name(Fields::type);
  const std::string& id = value.id();
  T* found = table<T>().find(id);
  if (!found) {
    // Stored ids are valid, so only the id of a missing record can be bad.
    if (auto bad = check_id(id, limits_, std::string(name) + " id")) return bad;
    return reject(pb::NOT_FOUND,
                  std::string("cannot change ") + name + " '" + id + "': it does not exist or was removed");
  }
  if (listed.empty()) return reject(pb::MALFORMED, "patch lists no fields");
  if (static_cast<std::size_t>(listed.size()) > limits_.max_patch_fields)
    return reject(pb::TOO_MANY, "patch lists more than " + std::to_string(limits_.max_patch_fields) + " fields");

  FieldMask fields = 0;  // sorted and without repeats, as the applied patch lists them
  for (std::uint32_t f : listed) {
    if (Fields::patchable & field_bit(f)) {
      fields |= field_bit(f);
      continue;
    }
    if (Fields::read_only & field_bit(f))
      return reject(pb::READ_ONLY_FIELD, "field " + std::to_string(f) + " of a " + name + " is set by the server");
    // A newer server may patch fields this version does not know: skip them.
    if (ctx.stamp) return reject(pb::INVALID_VALUE, "unknown field " + std::to_string(f) + " of a " + name);
  }

  // Every check passes before the record changes: a single op needs no journal.
  T& record = *found;
  if ((fields & Fields::coupled) == 0) {
    // The stored record is valid and these fields' checks read nothing else:
    // checking the new values suffices, and the record is patched in place.
    if (ctx.check_values)
      if (auto bad = Fields::check(value, limits_, fields)) return bad;
    journal(Fields::type, id);
    record_fields::copy(value, record, fields);
  } else {
    T result = record;
    record_fields::copy(value, result, fields);
    if (ctx.check_values)
      if (auto bad = Fields::check(result, limits_, fields)) return bad;
    if (auto bad = check_references(result)) return bad;
    journal(Fields::type, id);
    unindex(record);
    record = std::move(result);
    index(record);
  }
  record.set_changed_clock(ctx.clock);

  if (applied) {
    // The applied patch names only the listed fields, with their values as
    // stored.
    auto* out = applied->emplace_back().mutable_patch();
    T& v = *Fields::mutable_in(*out->mutable_value());
    v.set_id(id);
    record_fields::copy(record, v, fields);
    record_fields::for_each(fields, [out](std::uint32_t f) { out->add_fields(f); });
  }
  return std::nullopt;
}

Check StrategyMap::remove(const pb::RecordRef& ref, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  if (ref.type() != pb::ELEMENT && ref.type() != pb::LINK && ref.type() != pb::ROW && ref.type() != pb::RISK &&
      ref.type() != pb::MEASURE)
    return reject(pb::INVALID_VALUE, "remove names no known record type");
  if (auto bad = check_id(ref.id(), limits_, std::string(type_name(ref.type())) + " id")) return bad;
  if (!contains(ref.type(), ref.id()))
    return reject(pb::NOT_FOUND, std::string("cannot remove ") + type_name(ref.type()) + " '" + ref.id() +
                                     "': it does not exist or was removed");
  if (ref.type() == pb::ROW) {
    auto n = cards_in_row_.find(ref.id());
    if (n != cards_in_row_.end() && n->second > 0)
      return reject(pb::CONFLICT, "row '" + ref.id() + "' still holds " + std::to_string(n->second) + " cards");
  }
  remove_with_dependents(ref.type(), ref.id(), ctx, applied);
  return std::nullopt;
}

void StrategyMap::remove_with_dependents(pb::RecordType type, const std::string& id, const ApplyContext& ctx,
                                         std::vector<pb::Op>* applied) {
  // Copies of the index entries: removing and patching updates the indexes.
  auto ids = [](const auto& index, const auto& key) {
    auto it = index.find(key);
    return it == index.end() ? std::vector<std::string>{}
                             : std::vector<std::string>(it->second.begin(), it->second.end());
  };
  if (type == pb::ELEMENT || type == pb::LINK)
    for (const auto& risk_id : ids(risks_by_target_, std::pair{type, id}))
      remove_with_dependents(pb::RISK, risk_id, ctx, applied);
  if (type == pb::ELEMENT) {
    for (const auto& measure_id : ids(measures_by_element_, id))
      remove_with_dependents(pb::MEASURE, measure_id, ctx, applied);
    for (const auto& link_id : links_of(id)) remove_with_dependents(pb::LINK, link_id, ctx, applied);
    // A risk this card mitigated stays, unmitigated.
    for (const auto& risk_id : ids(risks_by_mitigator_, id)) {
      journal(pb::RISK, risk_id);
      pb::Risk& risk = *risks_.find(risk_id);
      unindex(risk);
      risk.clear_mitigated_by();
      risk.set_changed_clock(ctx.clock);
      index(risk);
      if (applied) {
        auto* out = applied->emplace_back().mutable_patch();
        out->mutable_value()->mutable_risk()->set_id(risk_id);
        out->add_fields(pb::Risk::kMitigatedByFieldNumber);
      }
    }
  }
  erase(type, id, /*keep_for_rollback=*/true);
  bury(type, id, ctx.clock);
  if (applied) {
    auto* r = applied->emplace_back().mutable_remove();
    r->set_type(type);
    r->set_id(id);
  }
}

bool StrategyMap::contains(pb::RecordType type, const std::string& id) const {
  switch (type) {
    case pb::ELEMENT: return elements_.contains(id);
    case pb::LINK: return links_.contains(id);
    case pb::ROW: return rows_.contains(id);
    case pb::RISK: return risks_.contains(id);
    case pb::MEASURE: return measures_.contains(id);
    default: return false;
  }
}

std::optional<pb::Record> StrategyMap::find(pb::RecordType type, const std::string& id) const {
  pb::Record r;
  switch (type) {
    case pb::ELEMENT:
      if (auto* e = elements_.find(id))
        *r.mutable_element() = *e;
      else
        return std::nullopt;
      break;
    case pb::LINK:
      if (auto* l = links_.find(id))
        *r.mutable_link() = *l;
      else
        return std::nullopt;
      break;
    case pb::ROW:
      if (auto* row = rows_.find(id))
        *r.mutable_row() = *row;
      else
        return std::nullopt;
      break;
    case pb::RISK:
      if (auto* risk = risks_.find(id))
        *r.mutable_risk() = *risk;
      else
        return std::nullopt;
      break;
    case pb::MEASURE:
      if (auto* measure = measures_.find(id))
        *r.mutable_measure() = *measure;
      else
        return std::nullopt;
      break;
    default: return std::nullopt;
  }
  return r;
}

void StrategyMap::journal(pb::RecordType type, const std::string& id) {
  if (!journaling_ || !first_touch(type, id)) return;  // the first state is the one to restore
  journal_.push_back(JournalEntry{type, id, find(type, id), tombstones_.find(type, id)});
}

bool StrategyMap::first_touch(pb::RecordType type, const std::string& id) {
  // Most multi-op pushes touch a handful of records: a scan beats a tree until then.
  constexpr std::size_t kScanUpTo = 16;
  if (journal_.size() < kScanUpTo) {
    return std::none_of(journal_.begin(), journal_.end(),
                        [&](const JournalEntry& j) { return j.type == type && j.id == id; });
  }
  if (journaled_.empty())
    for (const auto& j : journal_) journaled_.emplace(j.type, j.id);
  return journaled_.emplace(type, id).second;
}

void StrategyMap::store(pb::Record record) {
  auto store_body = [this](auto&& body) {
    using T = std::decay_t<decltype(body)>;
    place(table<T>().find(body.id()), std::move(body));
  };
  switch (record.value_case()) {
    case pb::Record::kElement: store_body(std::move(*record.mutable_element())); break;
    case pb::Record::kLink: store_body(std::move(*record.mutable_link())); break;
    case pb::Record::kRow: store_body(std::move(*record.mutable_row())); break;
    case pb::Record::kRisk: store_body(std::move(*record.mutable_risk())); break;
    case pb::Record::kMeasure: store_body(std::move(*record.mutable_measure())); break;
    default: break;
  }
}

template <class T>
T& StrategyMap::place(T* existing, T record) {
  if (existing) {
    unindex(*existing);
    *existing = std::move(record);
  } else {
    // Only a missing record can have a tombstone.
    tombstones_.erase(Traits<T>::type, record.id());
    std::string id = record.id();
    existing = &table<T>().insert(std::move(id), std::move(record));
  }
  index(*existing);
  return *existing;
}

void StrategyMap::erase(pb::RecordType type, const std::string& id, bool keep_for_rollback) {
  switch (type) {
    case pb::ELEMENT: erase_record<pb::Element>(id, keep_for_rollback); break;
    case pb::LINK: erase_record<pb::Link>(id, keep_for_rollback); break;
    case pb::ROW: erase_record<pb::Row>(id, keep_for_rollback); break;
    case pb::RISK: erase_record<pb::Risk>(id, keep_for_rollback); break;
    case pb::MEASURE: erase_record<pb::Measure>(id, keep_for_rollback); break;
    default: break;
  }
}

template <class T>
void StrategyMap::erase_record(const std::string& id, bool keep_for_rollback) {
  auto& records = table<T>();
  T* record = records.find(id);
  if (!record) return;
  unindex(*record);
  if (keep_for_rollback && journaling_ && first_touch(Traits<T>::type, id)) {
    // The record goes anyway: move it into the journal rather than copy it.
    auto& entry =
        journal_.emplace_back(JournalEntry{Traits<T>::type, id, pb::Record{}, tombstones_.find(Traits<T>::type, id)});
    T& kept = *Traits<T>::mutable_in(*entry.before);
    kept = std::move(*record);
    records.erase(kept.id());  // not `id`: it may be the moved record's own
    return;
  }
  records.erase(id);
}

void StrategyMap::index(const pb::Element& e) {
  if (!e.row().empty()) ++cards_in_row_[e.row()];
}

void StrategyMap::unindex(const pb::Element& e) {
  if (auto n = cards_in_row_.find(e.row()); n != cards_in_row_.end() && --n->second == 0) cards_in_row_.erase(n);
}

void StrategyMap::index(const pb::Link& l) { link_index_.add(l.id(), l.from(), l.to()); }

void StrategyMap::unindex(const pb::Link& l) { link_index_.remove(l.id(), l.from(), l.to()); }

void StrategyMap::index(const pb::Risk& r) {
  risks_by_target_[{r.target_type(), r.target()}].insert(r.id());
  if (!r.mitigated_by().empty()) risks_by_mitigator_[r.mitigated_by()].insert(r.id());
}

void StrategyMap::unindex(const pb::Risk& r) {
  auto drop = [&r](auto& index, const auto& key) {
    auto s = index.find(key);
    if (s == index.end()) return;
    s->second.erase(r.id());
    if (s->second.empty()) index.erase(s);
  };
  drop(risks_by_target_, std::pair{r.target_type(), r.target()});
  drop(risks_by_mitigator_, r.mitigated_by());
}

void StrategyMap::index(const pb::Measure& m) { measures_by_element_[m.element()].insert(m.id()); }

void StrategyMap::unindex(const pb::Measure& m) {
  auto s = measures_by_element_.find(m.element());
  if (s == measures_by_element_.end()) return;
  s->second.erase(m.id());
  if (s->second.empty()) measures_by_element_.erase(s);
}

void StrategyMap::bury(pb::RecordType type, const std::string& id, std::uint64_t clock) {
  tombstones_.set(type, id, clock);
}

void StrategyMap::rollback() {
  for (auto j = journal_.rbegin(); j != journal_.rend(); ++j) {
    erase(j->type, j->id);
    if (j->before) store(*j->before);
    tombstones_.erase(j->type, j->id);
    if (j->tombstone_before) tombstones_.set(j->type, j->id, *j->tombstone_before);
  }
  journal_.clear();
  journaled_.clear();
}

void StrategyMap::trim_tombstones() {
  if (auto horizon = tombstones_.trim(limits_.max_tombstones))
    tombstone_horizon_ = std::max(tombstone_horizon_, *horizon);
}

}  // namespace pss
