// The pss-bot driver: connect everyone, run the edits at the chosen rate, wait until
// every replica is settled, then (with verify) compare them all with a fresh joiner.
#include "bot.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "model/map_text.h"
#include "participant.h"
#include "verify.h"

namespace pss::bot {
namespace {

namespace asio = boost::asio;

constexpr auto kTick = std::chrono::milliseconds(1);  // driver loop period

// The io_context thread all participants' sockets share.
class NetworkThread {
 public:
  NetworkThread() : work_(asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}
  ~NetworkThread() {
    work_.reset();
    io_.stop();
    thread_.join();
  }
  asio::io_context& io() { return io_; }

 private:
  asio::io_context io_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
};

// Ticks everyone until `done()` or the deadline; false on timeout.
template <class Done>
bool drive(std::vector<std::unique_ptr<Participant>>& people, bool edit, std::chrono::seconds timeout, Done done) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto now = Clock::now();
    for (auto& p : people) p->tick(now, edit);
    if (done()) return true;
    if (now > deadline) return false;
    std::this_thread::sleep_for(kTick);
  }
}

}  // namespace

int run_bot(const BotOptions& options, std::ostream& out, std::ostream& err) {
  if (!client::parse_url(options.url)) {
    err << "pss-bot: '" << options.url << "' is not a room URL (ws[s]://HOST:PORT/rooms/ROOM)\n";
    return 2;
  }
  NetworkThread net;
  const auto timeout = std::chrono::seconds(options.timeout_s);
  const auto quiet = std::chrono::milliseconds(options.quiet_ms);
  std::vector<std::unique_ptr<Participant>> people;
  for (int i = 0; i < options.clients; ++i) people.push_back(std::make_unique<Participant>(i, options, net.io()));
  for (auto& p : people) p->start();

  auto all = [&](auto pred) { return std::all_of(people.begin(), people.end(), [&](auto& p) { return pred(*p); }); };
  auto refused = [&] { return !all([](Participant& p) { return !p.refusal(); }); };
  const bool joined =
      drive(people, false, timeout, [&] { return refused() || all([](Participant& p) { return p.welcomed(); }); });
  if (!joined || refused()) {
    for (auto& p : people) {
      if (p->welcomed()) continue;
      const std::string why = p->refusal()                ? *p->refusal()
                              : p->last_problem().empty() ? "no answer"
                                                          : p->last_problem();
      err << "pss-bot: cannot connect to " << options.url << ": " << why << "\n";
      break;
    }
    for (auto& p : people) p->stop();
    return 2;
  }
  out << options.clients << " participants joined " << people.front()->client().room() << "\n";

  drive(people, true, std::chrono::hours(24), [&] { return all([](Participant& p) { return p.done(); }); });
  const bool settled =
      drive(people, false, timeout, [&] { return all([&](Participant& p) { return p.client().settled(quiet); }); });
  for (auto& p : people) out << p->summary() << "\n";
  int code = 0;
  if (!settled) {
    for (auto& p : people)
      if (!p->client().settled(quiet))
        err << "pss-bot: " << p->name() << " did not settle: " << to_string(p->client().status()) << ", "
            << p->client().replica().pending_count() << " pending\n";
    code = 1;
  } else if (options.verify) {
    code = verify(people, options, net.io(), out, err);
  } else {
    if (options.print_map) out << describe_map(people.front()->client().view());
    out << "done: state " << people.front()->client().view().state_hash() << "\n";
  }
  for (auto& p : people) p->stop();
  return code;
}

}  // namespace pss::bot
