// Fetches a room's recording for the replay timeline: GET /rooms/NAME/history on the
// server of a ws:// (http) or wss:// (https) room URL, then decodes it and builds the Timeline, all on a thread
// of its own so the UI never waits (a 100,000-change room is megabytes and a few
// hundred milliseconds of applying). The owner polls for the result once per frame.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "client/core/sync_client.h"
#include "history/timeline.h"

namespace pss::client {

struct HistoryResult {
  std::optional<history::Timeline> timeline;
  std::string error;  // why there is no timeline, for the user
};

// The HTTP target of a room's history: "/rooms/NAME/history".
std::string history_target(const ParsedUrl& url);

// What an HTTP answer means: 200 with a History body builds the Timeline; anything
// else becomes an error that says what happened ("no room 'x' on the server: ...").
HistoryResult interpret_history_response(unsigned status, const std::string& content_type, const std::string& body,
                                         const std::string& room);

class HistoryFetch {
 public:
  // Starts at once. `room_url` is the ws[s]://HOST:PORT/rooms/NAME the client is in;
  // for wss:// the certificate is verified as SyncClient does (ca_file: see ClientOptions).
  explicit HistoryFetch(const std::string& room_url, std::chrono::milliseconds timeout = std::chrono::seconds(30),
                        const std::string& ca_file = {});
  ~HistoryFetch();  // cancels the request and waits for the thread
  HistoryFetch(const HistoryFetch&) = delete;
  HistoryFetch& operator=(const HistoryFetch&) = delete;

  // The result, once, when it is ready; nullopt while the request is on its way.
  std::optional<HistoryResult> take();
  bool finished() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pss::client
