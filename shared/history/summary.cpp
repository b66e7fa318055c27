#include "history/summary.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <vector>

namespace pss::history {
namespace {

// One op in words: "moved" + "'Reduce smoking'"; `noun` names it when several are summed up.
struct Phrase {
  std::string verb;
  std::string object;
  const char* noun = "card";
};

// Long titles are cut at a UTF-8 character boundary so the list stays one line each.
std::string quoted(const std::string& title) {
  if (title.empty()) return "an untitled card";
  constexpr std::size_t kMax = 40;
  if (title.size() <= kMax) return "'" + title + "'";
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
  return "'" + title.substr(0, cut) + "\xE2\x80\xA6'";
}

const char* kind_noun(pb::ElementKind kind) {
  switch (kind) {
    case pb::OUTCOME: return "outcome";
    case pb::PROCESS: return "process";
    case pb::CAPABILITY: return "capability";
    case pb::NOTE: return "note";
    default: return "card";
  }
}

bool has(const pb::RecordPatch& p, std::uint32_t field) {
  return std::find(p.fields().begin(), p.fields().end(), field) != p.fields().end();
}

class Describer {
 public:
  explicit Describer(const StrategyMap& before) : before_(before) {}

  // Titles of cards created earlier in the same change, which `before` does not know.
  void note(const pb::Op& op) {
    if (op.has_put() && op.put().has_element()) titles_[op.put().element().id()] = op.put().element().title();
  }

  std::string title(const std::string& id) const {
    if (auto it = titles_.find(id); it != titles_.end()) return quoted(it->second);
    if (const pb::Element* e = before_.element(id)) return quoted(e->title());
    return "a card";
  }

  std::string ends(const pb::Link& l) const { return title(l.from()) + " \xE2\x86\x92 " + title(l.to()); }

  Phrase element_patch(const pb::RecordPatch& p) const {
    const pb::Element& v = p.value().element();
    const pb::Element* old = before_.element(v.id());
    const std::string name = title(v.id());
    using E = pb::Element;
    if (has(p, E::kTitleFieldNumber))
      return {"renamed", (old ? quoted(old->title()) : name) + " to " + quoted(v.title())};
    if (has(p, E::kRowFieldNumber) && (!old || old->row() != v.row())) {
      const pb::Row* row = before_.row(v.row());
      return {"moved", name + " to " + (row ? "'" + row->label() + "'" : std::string("no row"))};
    }
    if (has(p, E::kStatusFieldNumber)) return {"marked", name + (v.status() == pb::AGREED ? " agreed" : " draft")};
    if (has(p, E::kPositionFieldNumber)) return {"moved", name};
    if (has(p, E::kSizeFieldNumber)) return {"resized", name};
    if (has(p, E::kColorFieldNumber)) return {"recoloured", name};
    if (has(p, E::kDescriptionFieldNumber)) return {"edited the description of", name};
    return {"edited", name};
  }

  Phrase describe(const pb::Op& op) const {
    if (op.has_put()) {
      const pb::Record& r = op.put();
      if (r.has_element()) {
        const pb::Element& e = r.element();
        if (before_.element(e.id())) return {"edited", quoted(e.title())};
        const std::string kind = kind_noun(e.kind());
        return {"created", e.title().empty() ? "a " + kind + " card" : kind + " " + quoted(e.title())};
      }
      if (r.has_link()) {
        if (before_.link(r.link().id())) return {"edited the arrow", ends(r.link()), "arrow"};
        return {"linked", ends(r.link()), "arrow"};
      }
      if (r.has_risk()) {
        const bool known = before_.risk(r.risk().id()) != nullptr;
        return {known ? "edited the risk" : "added the risk", quoted(r.risk().description()), "risk"};
      }
      if (r.has_measure()) {
        const bool known = before_.measure(r.measure().id()) != nullptr;
        return {known ? "edited the measure" : "added the measure", quoted(r.measure().name()), "measure"};
      }
      const bool known = before_.row(r.row().id()) != nullptr;
      return {known ? "edited row" : "added row", "'" + r.row().label() + "'", "row"};
    }
    if (op.has_patch()) {
      const pb::Record& v = op.patch().value();
      if (v.has_element()) return element_patch(op.patch());
      if (v.has_link()) {
        const pb::Link* l = before_.link(v.link().id());
        return {"edited the arrow", l ? ends(*l) : std::string("an arrow"), "arrow"};
      }
      if (v.has_risk()) {
        const pb::Risk* r = before_.risk(v.risk().id());
        return {"edited the risk", r ? quoted(r->description()) : std::string("a risk"), "risk"};
      }
      if (v.has_measure()) {
        const pb::Measure* m = before_.measure(v.measure().id());
        const bool values = has(op.patch(), pb::Measure::kValuesFieldNumber);
        return {values ? "updated the values of" : "edited the measure", m ? quoted(m->name()) : "a measure",
                "measure"};
      }
      const pb::Row* row = before_.row(v.row().id());
      const std::string label = "'" + (row ? row->label() : v.row().id()) + "'";
      if (has(op.patch(), pb::Row::kLabelFieldNumber))
        return {"renamed row", label + " to '" + v.row().label() + "'", "row"};
      return {"edited row", label, "row"};
    }
    const pb::RecordRef& ref = op.remove();
    if (ref.type() == pb::LINK) {
      const pb::Link* l = before_.link(ref.id());
      return {"removed the arrow", l ? ends(*l) : std::string("an arrow"), "arrow"};
    }
    if (ref.type() == pb::RISK) {
      const pb::Risk* r = before_.risk(ref.id());
      return {"removed the risk", r ? quoted(r->description()) : std::string("a risk"), "risk"};
    }
    if (ref.type() == pb::MEASURE) {
      const pb::Measure* m = before_.measure(ref.id());
      return {"removed the measure", m ? quoted(m->name()) : std::string("a measure"), "measure"};
    }
    if (ref.type() == pb::ROW) {
      const pb::Row* row = before_.row(ref.id());
      return {"removed row", "'" + (row ? row->label() : ref.id()) + "'", "row"};
    }
    return {"deleted", title(ref.id())};
  }

 private:
  const StrategyMap& before_;
  std::unordered_map<std::string, std::string> titles_;
};

// The arrows, risks and measures a card removal takes with it (and the mitigations it
// unsets) are listed before it as ops of their own; they are part of "deleted 'X'",
// not news.
bool cascaded(const pb::Op& op, const std::set<std::string>& removed_cards, const StrategyMap& before) {
  if (op.has_patch() && op.patch().value().has_risk()) {
    const pb::Risk* r = before.risk(op.patch().value().risk().id());
    return r && removed_cards.contains(r->mitigated_by()) && op.patch().fields_size() == 1 &&
           op.patch().fields(0) == pb::Risk::kMitigatedByFieldNumber;
  }
  if (!op.has_remove()) return false;
  const std::string& id = op.remove().id();
  auto on_removed = [&](const std::string& element) { return removed_cards.contains(element); };
  switch (op.remove().type()) {
    case pb::LINK: {
      const pb::Link* l = before.link(id);
      return l && (on_removed(l->from()) || on_removed(l->to()));
    }
    case pb::MEASURE: {
      const pb::Measure* m = before.measure(id);
      return m && on_removed(m->element());
    }
    case pb::RISK: {
      const pb::Risk* r = before.risk(id);
      if (!r) return false;
      if (r->target_type() == pb::ELEMENT) return on_removed(r->target());
      const pb::Link* l = before.link(r->target());
      return l && (on_removed(l->from()) || on_removed(l->to()));
    }
    default: return false;
  }
}

}  // namespace

std::string summarize(const pb::RecordedChange& change, const StrategyMap& before) {
  const std::string who = change.author().empty() ? "Someone" : change.author();
  std::set<std::string> removed_cards;
  for (const pb::Op& op : change.ops())
    if (op.has_remove() && op.remove().type() == pb::ELEMENT) removed_cards.insert(op.remove().id());
  Describer d(before);
  std::vector<Phrase> phrases;
  for (const pb::Op& op : change.ops()) {
    if (cascaded(op, removed_cards, before)) continue;
    phrases.push_back(d.describe(op));
    d.note(op);
  }
  if (phrases.empty()) return who + " made no change";
  if (phrases.size() == 1) return who + " " + phrases[0].verb + " " + phrases[0].object;
  const bool alike = std::all_of(phrases.begin(), phrases.end(), [&](const Phrase& p) {
    return p.verb == phrases[0].verb && std::string_view(p.noun) == phrases[0].noun;
  });
  if (alike && (phrases[0].verb == "moved" || phrases[0].verb == "deleted" || phrases[0].verb == "created"))
    return who + " " + phrases[0].verb + " " + std::to_string(phrases.size()) + " " + phrases[0].noun + "s";
  const std::size_t more = phrases.size() - 1;
  return who + " " + phrases[0].verb + " " + phrases[0].object + " and " + std::to_string(more) + " more change" +
         (more == 1 ? "" : "s");
}

}  // namespace pss::history
