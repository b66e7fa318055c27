#include "model/strategy_map.h"

#include <algorithm>
#include <cstdio>

#include <google/protobuf/io/coded_stream.h>

#include "model/default_rows.h"

namespace pss {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

Rejection reject(pb::Reason reason, std::string detail) { return Rejection{reason, std::move(detail)}; }

const char* type_name(pb::RecordType type) {
  switch (type) {
    case pb::ELEMENT: return "element";
    case pb::LINK: return "link";
    case pb::ROW: return "row";
    default: return "record";
  }
}

Message* mutable_body(pb::Record& r) {
  switch (r.value_case()) {
    case pb::Record::kElement: return r.mutable_element();
    case pb::Record::kLink: return r.mutable_link();
    case pb::Record::kRow: return r.mutable_row();
    default: return nullptr;
  }
}

// Fields a patch may change, per record type. Everything else is either read-only
// (id, author, group, changed_clock) or unknown to this version.
bool patchable(pb::RecordType type, std::uint32_t field) {
  switch (type) {
    case pb::ELEMENT:
      return field == pb::Element::kKindFieldNumber || field == pb::Element::kRowFieldNumber ||
             field == pb::Element::kTitleFieldNumber || field == pb::Element::kDescriptionFieldNumber ||
             field == pb::Element::kPositionFieldNumber || field == pb::Element::kSizeFieldNumber ||
             field == pb::Element::kColorFieldNumber || field == pb::Element::kStatusFieldNumber;
    case pb::LINK:
      return field == pb::Link::kFromFieldNumber || field == pb::Link::kToFieldNumber ||
             field == pb::Link::kRationaleFieldNumber;
    case pb::ROW:
      return field == pb::Row::kKindFieldNumber || field == pb::Row::kLabelFieldNumber ||
             field == pb::Row::kOrderFieldNumber;
    default: return false;
  }
}

void set_changed_clock(pb::Record& r, std::uint64_t clock) {
  switch (r.value_case()) {
    case pb::Record::kElement: r.mutable_element()->set_changed_clock(clock); break;
    case pb::Record::kLink: r.mutable_link()->set_changed_clock(clock); break;
    case pb::Record::kRow: r.mutable_row()->set_changed_clock(clock); break;
    default: break;
  }
}

// Copies field `fd` of `from` into `to` (absent in `from` means cleared in `to`).
void copy_field(const Message& from, Message& to, const FieldDescriptor* fd) {
  auto scratch = std::unique_ptr<Message>(from.New());
  scratch->CopyFrom(from);
  to.GetReflection()->SwapFields(&to, scratch.get(), {fd});
}

}  // namespace

pb::RecordType record_type(const pb::Record& record) {
  switch (record.value_case()) {
    case pb::Record::kElement: return pb::ELEMENT;
    case pb::Record::kLink: return pb::LINK;
    case pb::Record::kRow: return pb::ROW;
    default: return pb::RECORD_TYPE_UNSPECIFIED;
  }
}

const std::string& record_id(const pb::Record& record) {
  switch (record.value_case()) {
    case pb::Record::kElement: return record.element().id();
    case pb::Record::kLink: return record.link().id();
    case pb::Record::kRow: return record.row().id();
    default: return google::protobuf::internal::GetEmptyString();
  }
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string to_hex64(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
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
  StrategyMap map(limits);
  std::vector<pb::Op> ops;
  ops.reserve(snapshot.rows_size() + snapshot.elements_size() + snapshot.links_size());
  for (const auto& r : snapshot.rows()) *ops.emplace_back().mutable_put()->mutable_row() = r;
  for (const auto& e : snapshot.elements()) *ops.emplace_back().mutable_put()->mutable_element() = e;
  for (const auto& l : snapshot.links()) *ops.emplace_back().mutable_put()->mutable_link() = l;
  if (auto failed = map.apply(ops, ApplyContext{snapshot.clock(), nullptr})) {
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

Check StrategyMap::check_references(const pb::Record& record) const {
  switch (record.value_case()) {
    case pb::Record::kElement: {
      const auto& e = record.element();
      if (!e.row().empty() && !rows_.contains(e.row()))
        return reject(pb::NOT_FOUND, "row '" + e.row() + "' does not exist");
      return std::nullopt;
    }
    case pb::Record::kLink: {
      const auto& l = record.link();
      if (!elements_.contains(l.from())) return reject(pb::NOT_FOUND, "link source '" + l.from() + "' does not exist");
      if (!elements_.contains(l.to())) return reject(pb::NOT_FOUND, "link target '" + l.to() + "' does not exist");
      auto same = link_by_ends_.find({l.from(), l.to()});
      if (same != link_by_ends_.end() && same->second != l.id())
        return reject(pb::DUPLICATE, "an arrow from '" + l.from() + "' to '" + l.to() + "' exists already");
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

namespace {
Check check_record(const pb::Record& record, const Limits& limits) {
  switch (record.value_case()) {
    case pb::Record::kElement: return check_element(record.element(), limits);
    case pb::Record::kLink: return check_link(record.link(), limits);
    case pb::Record::kRow: return check_row(record.row(), limits);
    default: return reject(pb::MALFORMED, "put holds no element, link or row");
  }
}
}  // namespace

Check StrategyMap::put(const pb::Record& incoming, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  const pb::RecordType type = record_type(incoming);
  if (auto bad = check_record(incoming, limits_)) return bad;
  const std::string& id = record_id(incoming);
  const auto existing = find(type, id);

  if (!existing) {
    const std::size_t count = type == pb::ELEMENT ? elements_.size() : type == pb::LINK ? links_.size() : rows_.size();
    const std::size_t cap =
        type == pb::ELEMENT ? limits_.max_elements : type == pb::LINK ? limits_.max_links : limits_.max_rows;
    if (count >= cap)
      return reject(pb::TOO_MANY, std::string("the room holds the most ") + type_name(type) + "s it may (" +
                                      std::to_string(cap) + ")");
  }

  pb::Record record = incoming;
  if (ctx.stamp) {
    // A client's record: drop fields this version does not know, stamp who made it.
    mutable_body(record)->DiscardUnknownFields();
    set_changed_clock(record, ctx.clock);
    if (type == pb::ELEMENT) {
      auto* e = record.mutable_element();
      e->set_author(existing ? existing->element().author() : ctx.stamp->name);
      e->set_group(existing ? existing->element().group() : ctx.stamp->group);
    } else if (type == pb::LINK) {
      record.mutable_link()->set_author(existing ? existing->link().author() : ctx.stamp->name);
    }
  }
  if (auto bad = check_references(record)) return bad;
  journal(type, id);
  store(record);
  if (applied) *applied->emplace_back().mutable_put() = std::move(record);
  return std::nullopt;
}

Check StrategyMap::patch(const pb::RecordPatch& p, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  const pb::RecordType type = record_type(p.value());
  if (type == pb::RECORD_TYPE_UNSPECIFIED) return reject(pb::MALFORMED, "patch holds no element, link or row");
  const std::string& id = record_id(p.value());
  if (auto bad = check_id(id, limits_, std::string(type_name(type)) + " id")) return bad;
  auto current = find(type, id);
  if (!current)
    return reject(pb::NOT_FOUND, std::string("cannot change ") + type_name(type) + " '" + id +
                                     "': it does not exist or was removed");
  if (p.fields().empty()) return reject(pb::MALFORMED, "patch lists no fields");
  if (static_cast<std::size_t>(p.fields_size()) > limits_.max_patch_fields)
    return reject(pb::TOO_MANY, "patch lists more than " + std::to_string(limits_.max_patch_fields) + " fields");

  std::vector<std::uint32_t> fields;
  for (std::uint32_t f : p.fields()) {
    if (patchable(type, f)) {
      fields.push_back(f);
      continue;
    }
    const bool read_only = f == 1 || (type == pb::ELEMENT && (f == 9 || f == 10 || f == 12)) ||
                           (type == pb::LINK && (f == 5 || f == 6)) || (type == pb::ROW && f == 5);
    if (read_only)
      return reject(pb::READ_ONLY_FIELD, "field " + std::to_string(f) + " of a " + type_name(type) +
                                             " is set by the server");
    // A newer server may patch fields this version does not know: skip them.
    if (ctx.stamp) return reject(pb::INVALID_VALUE, "unknown field " + std::to_string(f) + " of a " + type_name(type));
  }
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());

  pb::Record result = *current;
  Message* target = mutable_body(result);
  const Message& source = *mutable_body(const_cast<pb::Record&>(p.value()));  // read only
  const auto* desc = target->GetDescriptor();
  for (std::uint32_t f : fields) copy_field(source, *target, desc->FindFieldByNumber(static_cast<int>(f)));
  set_changed_clock(result, ctx.clock);
  if (auto bad = check_record(result, limits_)) return bad;
  if (auto bad = check_references(result)) return bad;

  journal(type, id);
  store(result);
  if (applied) {
    // The applied patch names only the listed fields, with their values as stored.
    auto* out = applied->emplace_back().mutable_patch();
    pb::Record& value = *out->mutable_value();
    switch (type) {
      case pb::ELEMENT: value.mutable_element()->set_id(id); break;
      case pb::LINK: value.mutable_link()->set_id(id); break;
      default: value.mutable_row()->set_id(id); break;
    }
    Message* v = mutable_body(value);
    for (std::uint32_t f : fields) {
      copy_field(*target, *v, desc->FindFieldByNumber(static_cast<int>(f)));
      out->add_fields(f);
    }
  }
  return std::nullopt;
}

Check StrategyMap::remove(const pb::RecordRef& ref, const ApplyContext& ctx, std::vector<pb::Op>* applied) {
  if (ref.type() != pb::ELEMENT && ref.type() != pb::LINK && ref.type() != pb::ROW)
    return reject(pb::INVALID_VALUE, "remove names no known record type");
  if (auto bad = check_id(ref.id(), limits_, std::string(type_name(ref.type())) + " id")) return bad;
  if (!find(ref.type(), ref.id()))
    return reject(pb::NOT_FOUND, std::string("cannot remove ") + type_name(ref.type()) + " '" + ref.id() +
                                     "': it does not exist or was removed");
  if (ref.type() == pb::ROW) {
    auto n = cards_in_row_.find(ref.id());
    if (n != cards_in_row_.end() && n->second > 0)
      return reject(pb::CONFLICT, "row '" + ref.id() + "' still holds " + std::to_string(n->second) + " cards");
  }
  auto remove_one = [&](pb::RecordType type, const std::string& id) {
    journal(type, id);
    erase(type, id);
    bury(type, id, ctx.clock);
    if (applied) {
      auto* r = applied->emplace_back().mutable_remove();
      r->set_type(type);
      r->set_id(id);
    }
  };
  if (ref.type() == pb::ELEMENT)
    for (const auto& link_id : links_of(ref.id())) remove_one(pb::LINK, link_id);
  remove_one(ref.type(), ref.id());
  return std::nullopt;
}

std::optional<pb::Record> StrategyMap::find(pb::RecordType type, const std::string& id) const {
  pb::Record r;
  switch (type) {
    case pb::ELEMENT:
      if (auto it = elements_.find(id); it != elements_.end()) *r.mutable_element() = it->second;
      else return std::nullopt;
      break;
    case pb::LINK:
      if (auto it = links_.find(id); it != links_.end()) *r.mutable_link() = it->second;
      else return std::nullopt;
      break;
    case pb::ROW:
      if (auto it = rows_.find(id); it != rows_.end()) *r.mutable_row() = it->second;
      else return std::nullopt;
      break;
    default: return std::nullopt;
  }
  return r;
}

void StrategyMap::journal(pb::RecordType type, const std::string& id) {
  if (!journaling_ || !journaled_.emplace(type, id).second) return;  // the first state is the one to restore
  JournalEntry entry{type, id, find(type, id), std::nullopt};
  if (auto t = tombstones_.find({type, id}); t != tombstones_.end()) entry.tombstone_before = t->second;
  journal_.push_back(std::move(entry));
}

void StrategyMap::store(pb::Record record) {
  const pb::RecordType type = record_type(record);
  const std::string id = record_id(record);
  erase(type, id);
  tombstones_.erase({type, id});
  switch (type) {
    case pb::ELEMENT: {
      auto& e = elements_[id] = std::move(*record.mutable_element());
      if (!e.row().empty()) ++cards_in_row_[e.row()];
      break;
    }
    case pb::LINK: {
      auto& l = links_[id] = std::move(*record.mutable_link());
      links_by_element_[l.from()].insert(id);
      links_by_element_[l.to()].insert(id);
      link_by_ends_[{l.from(), l.to()}] = id;
      break;
    }
    case pb::ROW: rows_[id] = std::move(*record.mutable_row()); break;
    default: break;
  }
}

void StrategyMap::erase(pb::RecordType type, const std::string& id) {
  switch (type) {
    case pb::ELEMENT: {
      auto it = elements_.find(id);
      if (it == elements_.end()) return;
      if (auto n = cards_in_row_.find(it->second.row()); n != cards_in_row_.end() && --n->second == 0)
        cards_in_row_.erase(n);
      elements_.erase(it);
      break;
    }
    case pb::LINK: {
      auto it = links_.find(id);
      if (it == links_.end()) return;
      for (const auto* end : {&it->second.from(), &it->second.to()}) {
        auto s = links_by_element_.find(*end);
        if (s == links_by_element_.end()) continue;
        s->second.erase(id);
        if (s->second.empty()) links_by_element_.erase(s);
      }
      if (auto e = link_by_ends_.find({it->second.from(), it->second.to()}); e != link_by_ends_.end() && e->second == id)
        link_by_ends_.erase(e);
      links_.erase(it);
      break;
    }
    case pb::ROW: rows_.erase(id); break;
    default: break;
  }
}

void StrategyMap::bury(pb::RecordType type, const std::string& id, std::uint64_t clock) {
  tombstones_[{type, id}] = clock;
}

void StrategyMap::rollback() {
  for (auto j = journal_.rbegin(); j != journal_.rend(); ++j) {
    erase(j->type, j->id);
    if (j->before) store(*j->before);
    tombstones_.erase({j->type, j->id});
    if (j->tombstone_before) tombstones_[{j->type, j->id}] = *j->tombstone_before;
  }
  journal_.clear();
  journaled_.clear();
}

void StrategyMap::trim_tombstones() {
  if (tombstones_.size() <= limits_.max_tombstones) return;
  // Forget the oldest tenth at once so trimming stays rare.
  std::vector<std::uint64_t> clocks;
  clocks.reserve(tombstones_.size());
  for (const auto& [key, clock] : tombstones_) clocks.push_back(clock);
  const std::size_t drop = std::max<std::size_t>(1, tombstones_.size() / 10);
  std::nth_element(clocks.begin(), clocks.begin() + static_cast<std::ptrdiff_t>(drop - 1), clocks.end());
  tombstone_horizon_ = std::max(tombstone_horizon_, clocks[drop - 1]);
  std::erase_if(tombstones_, [&](const auto& kv) { return kv.second <= tombstone_horizon_; });
}

pb::Snapshot StrategyMap::snapshot() const {
  pb::Snapshot s;
  s.set_clock(clock_);
  s.mutable_rows()->Reserve(static_cast<int>(rows_.size()));
  for (const auto& [id, r] : rows_) *s.add_rows() = r;
  s.mutable_elements()->Reserve(static_cast<int>(elements_.size()));
  for (const auto& [id, e] : elements_) *s.add_elements() = e;
  s.mutable_links()->Reserve(static_cast<int>(links_.size()));
  for (const auto& [id, l] : links_) *s.add_links() = l;
  return s;
}

namespace {
// Appends `field` (length-delimited) holding `message`, as SerializeToString would.
void append_message_field(std::uint32_t field, const Message& message, std::string& out) {
  using google::protobuf::io::CodedOutputStream;
  const std::size_t size = message.ByteSizeLong();
  const std::uint32_t tag = (field << 3) | 2;
  const std::size_t start = out.size();
  out.resize(start + CodedOutputStream::VarintSize32(tag) + CodedOutputStream::VarintSize64(size) + size);
  auto* p = reinterpret_cast<std::uint8_t*>(out.data() + start);
  p = CodedOutputStream::WriteVarint32ToArray(tag, p);
  p = CodedOutputStream::WriteVarint64ToArray(size, p);
  message.SerializeWithCachedSizesToArray(p);
}
}  // namespace

std::string StrategyMap::snapshot_bytes() const {
  // Equal to snapshot().SerializeToString() (fields in number order) without copying
  // every record into a Snapshot first: joiners of a big room wait on this.
  using google::protobuf::io::CodedOutputStream;
  std::string out;
  out.reserve(64 + elements_.size() * 128 + links_.size() * 48);
  if (clock_ != 0) {
    std::uint8_t buf[16];
    auto* end = CodedOutputStream::WriteVarint32ToArray(pb::Snapshot::kClockFieldNumber << 3, buf);
    end = CodedOutputStream::WriteVarint64ToArray(clock_, end);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(end - buf));
  }
  for (const auto& [id, r] : rows_) append_message_field(pb::Snapshot::kRowsFieldNumber, r, out);
  for (const auto& [id, e] : elements_) append_message_field(pb::Snapshot::kElementsFieldNumber, e, out);
  for (const auto& [id, l] : links_) append_message_field(pb::Snapshot::kLinksFieldNumber, l, out);
  return out;
}

std::string StrategyMap::state_hash() const { return to_hex64(fnv1a64(snapshot_bytes())); }

std::optional<std::vector<pb::Op>> StrategyMap::changes_since(std::uint64_t since) const {
  if (since > clock_ || since < tombstone_horizon_) return std::nullopt;
  std::vector<pb::Op> ops;
  auto removals = [&](pb::RecordType type) {
    for (const auto& [key, clock] : tombstones_)
      if (key.first == type && clock > since) {
        auto* r = ops.emplace_back().mutable_remove();
        r->set_type(type);
        r->set_id(key.second);
      }
  };
  // Link removals first (a replaced arrow must go before its successor arrives),
  // then puts parents-first, then element and row removals.
  removals(pb::LINK);
  for (const auto& [id, r] : rows_)
    if (r.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_row() = r;
  for (const auto& [id, e] : elements_)
    if (e.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_element() = e;
  for (const auto& [id, l] : links_)
    if (l.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_link() = l;
  removals(pb::ELEMENT);
  removals(pb::ROW);
  return ops;
}

const pb::Element* StrategyMap::element(const std::string& id) const {
  auto it = elements_.find(id);
  return it == elements_.end() ? nullptr : &it->second;
}
const pb::Link* StrategyMap::link(const std::string& id) const {
  auto it = links_.find(id);
  return it == links_.end() ? nullptr : &it->second;
}
const pb::Row* StrategyMap::row(const std::string& id) const {
  auto it = rows_.find(id);
  return it == rows_.end() ? nullptr : &it->second;
}

std::vector<const pb::Row*> StrategyMap::rows_in_order() const {
  std::vector<const pb::Row*> out;
  for (const auto& [id, r] : rows_) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const pb::Row* a, const pb::Row* b) { return a->order() < b->order(); });
  return out;
}

std::vector<std::string> StrategyMap::links_of(const std::string& element_id) const {
  auto it = links_by_element_.find(element_id);
  if (it == links_by_element_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

}  // namespace pss
