#include "client/app/ui/records.h"

#include <chrono>
#include <random>

namespace pss::ui {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const Message* body(const pb::Record& r) {
  switch (r.value_case()) {
    case pb::Record::kElement: return &r.element();
    case pb::Record::kLink: return &r.link();
    case pb::Record::kRow: return &r.row();
    case pb::Record::kRisk: return &r.risk();
    case pb::Record::kMeasure: return &r.measure();
    default: return nullptr;
  }
}

std::string base36(std::uint64_t v, std::size_t width) {
  static constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), digits[v % 36]);
    v /= 36;
  } while (v);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

}  // namespace

pb::Op put_op(const pb::Element& e) {
  pb::Op op;
  *op.mutable_put()->mutable_element() = e;
  return op;
}

pb::Op put_op(const pb::Link& l) {
  pb::Op op;
  *op.mutable_put()->mutable_link() = l;
  return op;
}

pb::Op put_op(const pb::Record& r) {
  pb::Op op;
  *op.mutable_put() = r;
  return op;
}

pb::Op remove_op(pb::RecordType type, const std::string& id) {
  pb::Op op;
  op.mutable_remove()->set_type(type);
  op.mutable_remove()->set_id(id);
  return op;
}

pb::Op patch_op(const pb::Record& value, const std::vector<std::uint32_t>& fields) {
  pb::Op op;
  *op.mutable_patch()->mutable_value() = value;
  for (auto f : fields) op.mutable_patch()->add_fields(f);
  return op;
}

pb::Op patch_op(const pb::Element& value, std::initializer_list<std::uint32_t> fields) {
  pb::Record r;
  *r.mutable_element() = value;
  return patch_op(r, std::vector<std::uint32_t>(fields));
}

std::optional<pb::Record> find_record(const StrategyMap& map, pb::RecordType type, const std::string& id) {
  pb::Record r;
  switch (type) {
    case pb::ELEMENT:
      if (const auto* e = map.element(id)) *r.mutable_element() = *e;
      else return std::nullopt;
      return r;
    case pb::LINK:
      if (const auto* l = map.link(id)) *r.mutable_link() = *l;
      else return std::nullopt;
      return r;
    case pb::ROW:
      if (const auto* w = map.row(id)) *r.mutable_row() = *w;
      else return std::nullopt;
      return r;
    case pb::RISK:
      if (const auto* k = map.risk(id)) *r.mutable_risk() = *k;
      else return std::nullopt;
      return r;
    case pb::MEASURE:
      if (const auto* m = map.measure(id)) *r.mutable_measure() = *m;
      else return std::nullopt;
      return r;
    default: return std::nullopt;
  }
}

std::vector<std::uint32_t> content_fields(pb::RecordType type) {
  switch (type) {
    case pb::ELEMENT: return {2, 3, 4, 5, 6, 7, 8, 11};
    case pb::LINK: return {2, 3, 4};
    case pb::ROW: return {2, 3, 4};
    case pb::RISK: return {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    case pb::MEASURE: return {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    default: return {};
  }
}

bool field_equal(const pb::Record& a, const pb::Record& b, std::uint32_t field) {
  const Message* ma = body(a);
  const Message* mb = body(b);
  if (!ma || !mb || a.value_case() != b.value_case()) return false;
  const FieldDescriptor* fd = ma->GetDescriptor()->FindFieldByNumber(static_cast<int>(field));
  if (!fd) return false;
  if (fd->is_repeated()) {  // a measure's values: equal when every entry is
    if (fd->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return false;
    const int n = ma->GetReflection()->FieldSize(*ma, fd);
    if (n != mb->GetReflection()->FieldSize(*mb, fd)) return false;
    for (int i = 0; i < n; ++i)
      if (ma->GetReflection()->GetRepeatedMessage(*ma, fd, i).SerializeAsString() !=
          mb->GetReflection()->GetRepeatedMessage(*mb, fd, i).SerializeAsString())
        return false;
    return true;
  }
  const auto* ra = ma->GetReflection();
  const auto* rb = mb->GetReflection();
  switch (fd->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return ra->GetInt32(*ma, fd) == rb->GetInt32(*mb, fd);
    case FieldDescriptor::CPPTYPE_INT64: return ra->GetInt64(*ma, fd) == rb->GetInt64(*mb, fd);
    case FieldDescriptor::CPPTYPE_UINT32: return ra->GetUInt32(*ma, fd) == rb->GetUInt32(*mb, fd);
    case FieldDescriptor::CPPTYPE_UINT64: return ra->GetUInt64(*ma, fd) == rb->GetUInt64(*mb, fd);
    case FieldDescriptor::CPPTYPE_DOUBLE: return ra->GetDouble(*ma, fd) == rb->GetDouble(*mb, fd);
    case FieldDescriptor::CPPTYPE_FLOAT: return ra->GetFloat(*ma, fd) == rb->GetFloat(*mb, fd);
    case FieldDescriptor::CPPTYPE_BOOL: return ra->GetBool(*ma, fd) == rb->GetBool(*mb, fd);
    case FieldDescriptor::CPPTYPE_ENUM: return ra->GetEnumValue(*ma, fd) == rb->GetEnumValue(*mb, fd);
    case FieldDescriptor::CPPTYPE_STRING: return ra->GetString(*ma, fd) == rb->GetString(*mb, fd);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return ra->GetMessage(*ma, fd).SerializeAsString() == rb->GetMessage(*mb, fd).SerializeAsString();
  }
  return false;
}

bool content_equal(const pb::Record& a, const pb::Record& b) {
  if (a.value_case() != b.value_case()) return false;
  const auto type = record_type(a);
  for (auto f : content_fields(type))
    if (!field_equal(a, b, f)) return false;
  return true;
}

IdSource::IdSource(std::string client_tag, Clock now_ms) : tag_(std::move(client_tag)), now_ms_(std::move(now_ms)) {
  if (!now_ms_)
    now_ms_ = [] {
      using namespace std::chrono;
      return static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
    };
}

std::string IdSource::next(char kind) {
  return std::string(1, kind) + base36(now_ms_(), 9) + "-" + tag_ + "-" + base36(counter_++, 1);
}

std::string IdSource::random_tag() {
  std::random_device rd;
  std::mt19937_64 rng((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  return base36(rng() % (36ULL * 36 * 36 * 36 * 36), 5);
}

}  // namespace pss::ui
