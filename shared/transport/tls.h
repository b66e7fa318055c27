// TLS contexts and errors in words, for pss-server (--tls-cert/--tls-key) and the
// clients (wss:// URLs, --ca-file). OpenSSL through Asio's ssl::context.
#pragma once

#include <memory>
#include <string>

#include "transport/flex_stream.h"

namespace pss::transport {

// TLS 1.2 and later, with this certificate chain and private key (PEM files). Throws
// std::runtime_error naming the file and OpenSSL's reason when they cannot be used.
std::unique_ptr<ssl::context> server_tls_context(const std::string& cert_file, const std::string& key_file);

// Verifies servers against the system's CAs or, when ca_file is given, against that
// PEM file only. Null (and *error says why) if ca_file cannot be read.
std::unique_ptr<ssl::context> client_tls_context(const std::string& ca_file, std::string* error);

// Turns on TLS for a client connection to `host`: SNI, and the certificate must name
// `host` (a DNS name or an IP address). False (and *error) if OpenSSL refuses.
bool start_client_tls(FlexStream& stream, ssl::context& context, const std::string& host, std::string* error);

// After a failed client TLS handshake: the refused certificate's reason, e.g.
// "self-signed certificate" or "hostname mismatch"; empty if the certificate was not
// the problem (then the error is a network one and retrying may help).
std::string certificate_error(const FlexStream& stream);

}  // namespace pss::transport
