// Linked into every fuzz target (an object library, so it is never dropped).
#include <google/protobuf/stubs/logging.h>

// Protobuf logs each string field with invalid UTF-8 it refuses to parse: millions
// of lines in a run, and a slower one. The refusal is what is fuzzed, not the log.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}
