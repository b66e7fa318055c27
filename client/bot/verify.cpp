#include "verify.h"

#include <set>
#include <sstream>
#include <thread>

#include "model/map_text.h"

namespace pss::bot {
namespace {

// Ids present in only one of two sorted record maps, or different in them.
template <class Map>
void diff_records(const char* what, const Map& a, const Map& b, std::vector<std::string>& out, std::size_t max) {
  std::set<std::string> ids;
  for (const auto& [id, r] : a) ids.insert(id);
  for (const auto& [id, r] : b) ids.insert(id);
  for (const auto& id : ids) {
    if (out.size() >= max) return;
    auto ia = a.find(id);
    auto ib = b.find(id);
    if (ia == a.end())
      out.push_back(std::string(what) + " " + id + " (only in the joiner)");
    else if (ib == b.end())
      out.push_back(std::string(what) + " " + id + " (missing in the joiner)");
    else if (ia->second.SerializeAsString() != ib->second.SerializeAsString())
      out.push_back(std::string(what) + " " + id + " (different)");
  }
}

}  // namespace

std::string describe(const StrategyMap& map) {
  std::ostringstream s;
  s << map.state_hash() << " (" << map.elements().size() << " elements, " << map.links().size() << " links, "
    << map.rows().size() << " rows, clock " << map.clock() << ")";
  return s.str();
}

std::string first_differences(const StrategyMap& a, const StrategyMap& b, std::size_t max) {
  std::vector<std::string> diffs;
  diff_records("element", a.elements(), b.elements(), diffs, max);
  diff_records("link", a.links(), b.links(), diffs, max);
  diff_records("row", a.rows(), b.rows(), diffs, max);
  if (diffs.empty() && a.clock() != b.clock())
    diffs.push_back("clock " + std::to_string(a.clock()) + " vs " + std::to_string(b.clock()));
  std::string out;
  for (const auto& d : diffs) out += (out.empty() ? "" : "; ") + d;
  return out;
}

int verify(std::vector<std::unique_ptr<Participant>>& people, const BotOptions& options, boost::asio::io_context& io,
           std::ostream& out, std::ostream& err) {
  const auto quiet = std::chrono::milliseconds(options.quiet_ms);
  client::SyncClient joiner(client_options(options, options.name_prefix + "-verifier", pb::OTHER_STAKEHOLDER), &io);
  joiner.start();
  auto tick_all = [&] {
    joiner.poll();
    for (auto& p : people) p->tick(Clock::now(), false);
  };
  const auto deadline = Clock::now() + std::chrono::seconds(options.timeout_s);
  while (!joiner.settled(quiet)) {
    tick_all();
    if (joiner.status() == client::ConnectionStatus::refused || Clock::now() > deadline) {
      err << "pss-bot: the verifying joiner could not join (" << to_string(joiner.status()) << ")\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  // Everyone is settled, so any difference is real; still allow a moment for a late frame.
  const auto compare_deadline = Clock::now() + std::max(quiet * 4, std::chrono::milliseconds(1000));
  while (true) {
    const StrategyMap& want = joiner.replica().confirmed();
    const std::string hash = want.state_hash();
    std::vector<std::string> problems;
    if (joiner.view().state_hash() != hash) problems.push_back("the joiner's view differs from its confirmed map");
    for (auto& p : people) {
      const auto& r = p->client().replica();
      if (r.view().state_hash() != hash)
        problems.push_back(p->name() + " view " + describe(r.view()) + " vs joiner " + describe(want) + ": " +
                           first_differences(r.view(), want));
      else if (r.confirmed().state_hash() != hash)
        problems.push_back(p->name() + " confirmed " + describe(r.confirmed()) + " vs joiner " + describe(want) + ": " +
                           first_differences(r.confirmed(), want));
    }
    if (problems.empty()) {
      if (options.print_map) out << describe_map(want);
      out << "joiner sees " << describe(want) << "\n";
      out << "converged " << hash << "\n";
      joiner.stop();
      return 0;
    }
    if (Clock::now() > compare_deadline) {
      for (const auto& p : problems) out << "DIFFERS: " << p << "\n";
      err << "pss-bot: " << problems.size() << " replicas differ from a fresh joiner\n";
      joiner.stop();
      return 1;
    }
    tick_all();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace pss::bot
