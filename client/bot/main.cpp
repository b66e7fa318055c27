// pss-bot: simulated workshop participants for demos, load and convergence checks.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bot.h"

int main(int argc, char** argv) {
  pss::bot::BotOptions o;
  CLI::App app{"pss-bot: simulated participants editing one PSS Board room"};
  app.add_option("--url", o.url, "room URL, ws://HOST:PORT/rooms/ROOM or wss://... (TLS)")->required();
  app.add_option("--ca-file", o.ca_file, "wss://: trust the server certificate signed by this CA (PEM file)")
      ->check(CLI::ExistingFile);
  app.add_option("--clients", o.clients, "number of participants")->check(CLI::Range(1, 1000));
  app.add_option("--ops", o.ops, "edits per participant")->check(CLI::NonNegativeNumber);
  app.add_option("--seed", o.seed, "random seed: same seed, same choices of edits");
  app.add_option("--rate", o.rate, "edits per second per participant (0: as fast as possible)");
  app.add_flag("--verify", o.verify, "after the edits, check every replica against a fresh joiner");
  app.add_flag("--print-map", o.print_map, "print the final map, row by row");
  app.add_option("--name-prefix", o.name_prefix, "display names are PREFIX1, PREFIX2, ...");
  app.add_option("--quiet-ms", o.quiet_ms, "settled = nothing pending and nothing heard for this long")
      ->check(CLI::Range(10, 60000));
  app.add_option("--timeout", o.timeout_s, "seconds allowed to connect, to settle and to verify")
      ->check(CLI::Range(1, 3600));
  CLI11_PARSE(app, argc, argv);
  return pss::bot::run_bot(o, std::cout, std::cerr);
}
