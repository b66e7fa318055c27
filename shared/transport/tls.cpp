#include "transport/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace pss::transport {
namespace {

// OpenSSL's message for the error Asio reported, without its "error:0A...:" prefix noise.
std::string reason(const boost::system::error_code& ec) {
  const std::string m = ec.message();
  return m.empty() ? "unknown error" : m;
}

}  // namespace

std::unique_ptr<ssl::context> server_tls_context(const std::string& cert_file, const std::string& key_file) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) throw std::runtime_error("cannot use TLS certificate " + cert_file + ": " + reason(ec));
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot use TLS private key " + key_file + ": " + reason(ec));
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    throw std::runtime_error("TLS private key " + key_file + " does not match certificate " + cert_file);
  return ctx;
}

std::unique_ptr<ssl::context> client_tls_context(const std::string& ca_file, std::string* error) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx->set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (ca_file.empty())
    ctx->set_default_verify_paths(ec);
  else
    ctx->load_verify_file(ca_file, ec);
  if (ec) {
    *error = ca_file.empty() ? "cannot load the system's CA certificates: " + reason(ec)
                             : "cannot read CA file " + ca_file + ": " + reason(ec);
    return nullptr;
  }
  return ctx;
}

bool start_client_tls(FlexStream& stream, ssl::context& context, const std::string& host, std::string* error) {
  stream.use_tls(context);
  SSL* ssl = stream.tls_stream().native_handle();
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  const bool ip = !ec;
  // SNI is for names only (RFC 6066); an address is checked against the IP SANs.
  if (!ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    *error = "cannot set TLS server name " + host;
    return false;
  }
  const int ok =
      ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) : SSL_set1_host(ssl, host.c_str());
  if (ok != 1) {
    *error = "cannot verify TLS host name " + host;
    return false;
  }
  return true;
}

std::string certificate_error(const FlexStream& stream) {
  if (!stream.tls()) return {};
  SSL* ssl = const_cast<FlexStream&>(stream).tls_stream().native_handle();
  const long result = SSL_get_verify_result(ssl);
  if (result == X509_V_OK) return {};
  return X509_verify_cert_error_string(result);
}

}  // namespace pss::transport
