#include "test_tls.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace pss::test {
namespace {

struct TempTls {
  TlsFiles files;
  std::string dir;
  TempTls() {
    dir = (std::filesystem::temp_directory_path() / "pss-test-tls.XXXXXX").string();
    if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp failed");
    files = make_certificate(dir, "server", "DNS:localhost,IP:127.0.0.1");
  }
  ~TempTls() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

TlsFiles make_certificate(const std::string& dir, const std::string& name, const std::string& subject_alt_names) {
  TlsFiles files{dir + "/" + name + "-cert.pem", dir + "/" + name + "-key.pem"};
  // EC keys: generated in milliseconds. One day is plenty for a test run.
  const std::string log = dir + "/" + name + "-openssl.log";
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
      " -subj /CN=pss-test -addext subjectAltName=" +
      subject_alt_names + " -keyout " + files.key + " -out " + files.cert + " 2>" + log;
  const int status = std::system(cmd.c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("cannot make a test certificate with openssl (see " + log + ")");
  return files;
}

const TlsFiles& tls_files() {
  static const TempTls tls;
  return tls.files;
}

bool tls_by_default() {
  const char* v = std::getenv("PSS_TEST_TLS");
  return v && *v && std::string(v) != "0";
}

std::string default_ca_file() { return tls_by_default() ? tls_files().cert : std::string(); }

}  // namespace pss::test
