// The read side of StrategyMap: snapshots (as messages and as bytes), state hashes,
// catch-up diffs and lookups. Nothing here changes the map.
#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <cstdio>

#include "model/strategy_map.h"

namespace pss {

using google::protobuf::Message;

pb::RecordType record_type(const pb::Record& record) {
  switch (record.value_case()) {
    case pb::Record::kElement: return pb::ELEMENT;
    case pb::Record::kLink: return pb::LINK;
    case pb::Record::kRow: return pb::ROW;
    case pb::Record::kRisk: return pb::RISK;
    case pb::Record::kMeasure: return pb::MEASURE;
    default: return pb::RECORD_TYPE_UNSPECIFIED;
  }
}

const std::string& record_id(const pb::Record& record) {
  switch (record.value_case()) {
    case pb::Record::kElement: return record.element().id();
    case pb::Record::kLink: return record.link().id();
    case pb::Record::kRow: return record.row().id();
    case pb::Record::kRisk: return record.risk().id();
    case pb::Record::kMeasure: return record.measure().id();
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

pb::Snapshot StrategyMap::snapshot() const {
  pb::Snapshot s;
  s.set_clock(clock_);
  s.mutable_rows()->Reserve(static_cast<int>(rows_.size()));
  for (const auto& [id, r] : rows_.map()) *s.add_rows() = r;
  s.mutable_elements()->Reserve(static_cast<int>(elements_.size()));
  for (const auto& [id, e] : elements_.map()) *s.add_elements() = e;
  s.mutable_links()->Reserve(static_cast<int>(links_.size()));
  for (const auto& [id, l] : links_.map()) *s.add_links() = l;
  for (const auto& [id, r] : risks_.map()) *s.add_risks() = r;
  for (const auto& [id, m] : measures_.map()) *s.add_measures() = m;
  return s;
}

namespace {
// Appends `field` (length-delimited) holding `message`, as SerializeToString
// would.
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
  // Equal to snapshot().SerializeToString() (fields in number order) without
  // copying every record into a Snapshot first: joiners of a big room wait on
  // this.
  using google::protobuf::io::CodedOutputStream;
  std::string out;
  out.reserve(64 + elements_.size() * 128 + links_.size() * 48);
  if (clock_ != 0) {
    std::uint8_t buf[16];
    auto* end = CodedOutputStream::WriteVarint32ToArray(pb::Snapshot::kClockFieldNumber << 3, buf);
    end = CodedOutputStream::WriteVarint64ToArray(clock_, end);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(end - buf));
  }
  for (const auto& [id, r] : rows_.map()) append_message_field(pb::Snapshot::kRowsFieldNumber, r, out);
  for (const auto& [id, e] : elements_.map()) append_message_field(pb::Snapshot::kElementsFieldNumber, e, out);
  for (const auto& [id, l] : links_.map()) append_message_field(pb::Snapshot::kLinksFieldNumber, l, out);
  for (const auto& [id, r] : risks_.map()) append_message_field(pb::Snapshot::kRisksFieldNumber, r, out);
  for (const auto& [id, m] : measures_.map()) append_message_field(pb::Snapshot::kMeasuresFieldNumber, m, out);
  return out;
}

std::string StrategyMap::state_hash() const { return to_hex64(fnv1a64(snapshot_bytes())); }

std::optional<std::vector<pb::Op>> StrategyMap::changes_since(std::uint64_t since) const {
  if (since > clock_ || since < tombstone_horizon_) return std::nullopt;
  std::vector<pb::Op> ops;
  auto removals = [&](pb::RecordType type) {
    for (auto& id : tombstones_.removed_after(type, since)) {
      auto* r = ops.emplace_back().mutable_remove();
      r->set_type(type);
      r->set_id(std::move(id));
    }
  };
  // Link, risk and measure removals first (a replaced arrow must go before its
  // successor arrives), then puts parents-first, then element and row removals.
  removals(pb::LINK);
  removals(pb::RISK);
  removals(pb::MEASURE);
  for (const auto& [id, r] : rows_.map())
    if (r.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_row() = r;
  for (const auto& [id, e] : elements_.map())
    if (e.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_element() = e;
  for (const auto& [id, l] : links_.map())
    if (l.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_link() = l;
  for (const auto& [id, r] : risks_.map())
    if (r.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_risk() = r;
  for (const auto& [id, m] : measures_.map())
    if (m.changed_clock() > since) *ops.emplace_back().mutable_put()->mutable_measure() = m;
  removals(pb::ELEMENT);
  removals(pb::ROW);
  return ops;
}

const pb::Element* StrategyMap::element(const std::string& id) const { return elements_.find(id); }
const pb::Link* StrategyMap::link(const std::string& id) const { return links_.find(id); }
const pb::Row* StrategyMap::row(const std::string& id) const { return rows_.find(id); }

std::vector<const pb::Row*> StrategyMap::rows_in_order() const {
  std::vector<const pb::Row*> out;
  for (const auto& [id, r] : rows_.map()) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const pb::Row* a, const pb::Row* b) { return a->order() < b->order(); });
  return out;
}

std::vector<std::string> StrategyMap::links_of(const std::string& element_id) const {
  return link_index_.at(element_id);
}

}  // namespace pss
