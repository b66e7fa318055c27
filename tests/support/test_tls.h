// TLS for tests: a certificate made at test time, and whether this run is over wss.
//
// Set PSS_TEST_TLS=1 and the same suites run over wss://: ServerProcess starts the
// server with --tls-cert/--tls-key, ServerProcess::url() says wss://, and TestClient,
// http_get and ca_file() trust the test certificate. ctest registers the chosen suites
// a second time that way (their names end in ".wss").
#pragma once

#include <string>

namespace pss::test {

struct TlsFiles {
  std::string cert;  // PEM, self-signed for localhost and 127.0.0.1; also the CA to trust
  std::string key;   // PEM private key
};

// Made once per process with the openssl CLI in a temporary directory (removed at
// exit). Throws std::runtime_error if openssl fails.
const TlsFiles& tls_files();

// A self-signed certificate for `subject_alt_names` (openssl syntax, e.g.
// "DNS:board.example"), written as DIR/NAME-cert.pem and DIR/NAME-key.pem.
TlsFiles make_certificate(const std::string& dir, const std::string& name, const std::string& subject_alt_names);

// True when PSS_TEST_TLS is set and not "0".
bool tls_by_default();

// The CA file clients of this run should trust: tls_files().cert over wss, else "".
std::string default_ca_file();

}  // namespace pss::test
