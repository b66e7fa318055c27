// A small map that exercises every part of the exports: three rows' worth of cards,
// arrows, a red risk on a card and an amber one on an arrow, accepted and candidate
// measures with values, and text that needs escaping, quoting and wrapping.
#pragma once

#include "../method/method_fixtures.h"

namespace pss::testing {

inline StrategyMap sample_map() {
  auto out = element("out", "user-outcomes", 0, 260);
  out.set_title("Fewer people smoke & stay quit <12 months>");
  auto proc = element("proc", "processes", 40, 700);
  proc.set_title("Stop-smoking clinics in every GP practice, with evening and weekend sessions for shift workers");
  auto cap = element("cap", "people", 300, 1140);
  cap.set_title("Trained advisers");
  auto r1 = risk("r1", "proc", 4, 4);
  r1.set_owner("Service manager");
  auto r2 = risk("r2", "l2", 2, 3, pb::LINK);
  r2.set_category(pb::RISK_CATEGORY_BARRIER);
  auto m1 = measure("m1", "out", pb::HIGHER_IS_BETTER, 50, 35, {{"2025-01-31", 38}, {"2025-02-28", 44.5}});
  m1.set_name("4-week quit rate");
  m1.set_unit("%");
  m1.set_owner("Public health, \"smoking\" lead");
  m1.set_frequency("monthly");
  m1.set_data_source("Clinic records");
  m1.set_has_target(true);
  m1.set_target(55);
  auto m2 = measure("m2", "proc", pb::LOWER_IS_BETTER, 5, 10, {{"2025-02-28", 12}});
  m2.set_name("Days to first appointment");
  auto m3 = measure("m3", "cap", pb::HIGHER_IS_BETTER, 2, 1);
  m3.set_decision(pb::CANDIDATE);
  pb::Row people;
  people.set_id("people");
  people.set_kind(pb::CAPABILITY);
  people.set_label("People, partners and \"volunteers\"");
  people.set_order(6);
  return map_of({put(people), put(out), put(proc), put(cap), put_link("l1", "cap", "proc"),
                 put_link("l2", "proc", "out"), put(r1), put(r2), put(m1), put(m2), put(m3)});
}

}  // namespace pss::testing
