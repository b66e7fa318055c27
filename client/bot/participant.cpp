#include "participant.h"

#include <algorithm>
#include <sstream>

#include "model/default_rows.h"
#include "model/ops.h"
#include "phrases.h"
#include "protocol/protocol.h"

namespace pss::bot {
namespace {

constexpr std::size_t kMaxCards = 200;                  // keep rooms of many bots at workshop size
constexpr auto kFrame = std::chrono::milliseconds(16);  // drags step at 60 fps

std::string id_safe(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') out += c;
  return out.substr(0, 24);
}

pb::StakeholderGroup group_of(int index) {
  static constexpr pb::StakeholderGroup groups[] = {pb::STAFF, pb::SERVICE_USER, pb::PARTNER_ORGANISATION,
                                                    pb::OTHER_STAKEHOLDER};
  return groups[index % 4];
}

template <class Map>
const typename Map::mapped_type* pick(const Map& records, std::mt19937_64& rng) {
  if (records.empty()) return nullptr;
  auto it = records.begin();
  std::advance(it, static_cast<long>(rng() % records.size()));
  return &it->second;
}

}  // namespace

Participant::Participant(int index, const BotOptions& options, boost::asio::io_context& io)
    : name_(options.name_prefix + std::to_string(index + 1)),
      id_prefix_(id_safe(name_) + "." + to_hex64(options.seed).substr(8)),
      client_(client_options(options, name_, group_of(index)), &io),
      ops_target_(options.ops),
      period_(options.rate > 0 ? std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / options.rate))
                               : std::chrono::nanoseconds(0)) {
  std::seed_seq seq{options.seed, static_cast<std::uint64_t>(index)};
  rng_.seed(seq);
}

void Participant::tick(Clock::time_point now, bool edit) {
  using Kind = client::ClientEvent::Kind;
  for (const auto& ev : client_.poll()) {
    switch (ev.kind) {
      case Kind::welcomed:
        welcomed_ = true;
        session_ = client_.session_id();
        break;
      case Kind::push_rejected:
        ++tally_.rejected;
        ++tally_.rejected_by_reason[std::string(reason_name(ev.reason))];
        break;
      case Kind::disconnected:
        if (welcomed_) ++tally_.disconnects;
        last_problem_ = ev.text;
        break;
      case Kind::refused: refusal_ = ev.text; break;
      case Kind::error: last_problem_ = ev.text; break;
      default: break;
    }
  }
  if (!edit || !client_.replica().welcomed()) return;
  if (drag_) return drag_step(now);
  if (ops_done_ >= ops_target_ || now < next_due_) return;
  next_due_ = std::max(next_due_, now - period_) + period_;  // steady rate, no burst after a stall
  ++ops_done_;
  next_edit();
}

void Participant::next_edit() {
  const StrategyMap& view = client_.view();
  const std::size_t cards = view.elements().size();
  const auto roll = rng_() % 100;
  const pb::Element* e = random_element();
  if (!e || cards < 4 || (roll < 25 && cards < kMaxCards)) {
    const auto rows = default_rows();
    const std::size_t r = rng_() % rows.size();
    pb::Element card;
    card.set_id(new_id("e"));
    card.set_kind(rows[r].kind());
    card.set_row(rows[r].id());
    card.set_title(pick_title(rows[r].id(), rng_));
    card.mutable_position()->set_x(40.0 + double(rng_() % 2400));
    card.mutable_position()->set_y(double(r) * 160 + 20 + double(rng_() % 40));
    card.mutable_size()->set_x(180);
    card.mutable_size()->set_y(80);
    card.set_status(pb::DRAFT);
    if (apply({ops::put(card)})) ++tally_.created;
  } else if (roll < 40) {
    pb::Element value;
    value.set_id(e->id());
    value.set_title(pick_title(e->row(), rng_) + (rng_() % 2 ? "" : " (revised)"));
    if (apply({ops::patch(value, {pb::Element::kTitleFieldNumber})})) ++tally_.retitled;
  } else if (roll < 62) {
    const double dx = double(int(rng_() % 61) - 30), dy = double(int(rng_() % 21) - 10);
    ++tally_.moved;
    if (rng_() % 2) {  // a drag: many small coalesced steps, as the GUI sends them
      ++tally_.drags;
      drag_ = Drag{e->id(), e->position().x(), e->position().y(), dx / 4, dy / 4, 4 + int(rng_() % 8), Clock::now()};
    } else {
      apply({ops::move(e->id(), e->position().x() + dx, e->position().y() + dy)});
    }
  } else if (roll < 80) {
    const pb::Element* other = random_element();
    const pb::Row* ra = view.row(e->row());
    const pb::Row* rb = other ? view.row(other->row()) : nullptr;
    if (!other || !ra || !rb || ra->order() == rb->order()) return;  // arrows run between rows
    // Arrows run upward: capabilities enable processes, processes deliver outcomes.
    const pb::Element* from = ra->order() > rb->order() ? e : other;
    const pb::Element* to = from == e ? other : e;
    for (const auto& id : view.links_of(from->id())) {
      const pb::Link* l = view.link(id);
      if (l && (l->to() == to->id() || l->from() == to->id())) return;  // linked already
    }
    pb::Link link;
    link.set_id(new_id("l"));
    link.set_from(from->id());
    link.set_to(to->id());
    link.set_rationale(pick_rationale(rng_));
    if (apply({ops::put(link)})) ++tally_.linked;
  } else if (roll < 87) {
    pb::Element value;
    value.set_id(e->id());
    value.set_status(e->status() == pb::AGREED ? pb::DRAFT : pb::AGREED);
    if (apply({ops::patch(value, {pb::Element::kStatusFieldNumber})})) ++tally_.agreed;
  } else if (roll < 95 || view.links().empty()) {
    if (apply({ops::remove(pb::ELEMENT, e->id())})) ++tally_.removed;
  } else {
    const pb::Link* l = pick(view.links(), rng_);
    if (apply({ops::remove(pb::LINK, l->id())})) ++tally_.unlinked;
  }
}

void Participant::drag_step(Clock::time_point now) {
  if (now < drag_->next_step) return;
  drag_->x += drag_->dx;
  drag_->y += drag_->dy;
  const bool ok = apply({ops::move(drag_->id, drag_->x, drag_->y)}, true);
  // 60 fps like a hand, or faster when the bot runs faster than a hand.
  drag_->next_step = now + std::min<Clock::duration>(kFrame, period_);
  if (!ok || --drag_->steps_left <= 0) drag_.reset();  // done, or the card was removed under us
}

bool Participant::apply(std::vector<pb::Op> ops, bool coalesce) {
  if (client_.edit(std::move(ops), coalesce)) {
    ++tally_.refused_locally;
    return false;
  }
  return true;
}

const pb::Element* Participant::random_element() { return pick(client_.view().elements(), rng_); }

std::string Participant::new_id(const char* kind) { return id_prefix_ + "." + kind + std::to_string(++ids_); }

std::string Participant::summary() const {
  std::ostringstream s;
  const Tally& t = tally_;
  s << name_ << " (session " << session_ << "): created " << t.created << ", retitled " << t.retitled << ", moved "
    << t.moved << " (" << t.drags << (t.drags == 1 ? " drag" : " drags") << "), linked " << t.linked << ", unlinked "
    << t.unlinked << ", agreed " << t.agreed << ", removed " << t.removed << "; rejected " << t.rejected;
  if (!t.rejected_by_reason.empty()) {
    s << " (";
    bool first = true;
    for (const auto& [reason, n] : t.rejected_by_reason) s << (first ? "" : ", ") << reason << " " << n, first = false;
    s << ")";
  }
  if (t.refused_locally) s << ", stale choices " << t.refused_locally;
  if (t.disconnects) s << ", reconnects " << t.disconnects;
  return s.str();
}

}  // namespace pss::bot
