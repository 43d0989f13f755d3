// Sets the TLS server name (SNI) that exchanges and CDNs need to pick a certificate.
// OpenSSL's SSL_set_tlsext_host_name is a macro with a C cast; this is the same call, typed.
#pragma once

#include <openssl/ssl.h>

#include <string>

namespace pricewatch {

inline bool set_server_name(SSL* connection, const std::string& host) {
  return SSL_ctrl(connection, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(host.c_str())) == 1;
}

}  // namespace pricewatch
