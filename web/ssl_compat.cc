// Lets Debian 12's civetweb 1.15 serve HTTPS with Debian 12's OpenSSL 3.
//
// civetweb loads TLS at run time: dlopen("libssl.so") and dlsym of the OpenSSL 1.1 API's
// functions. OpenSSL 3 keeps all of them but one: SSL_get_peer_certificate became a macro for
// SSL_get1_peer_certificate, so civetweb refuses to start ("cannot find
// SSL_get_peer_certificate"). This library's SONAME is "libssl.so": once pakn has loaded it by
// its full path (web/http_server.cc), the dynamic loader answers civetweb's dlopen("libssl.so")
// with it, and dlsym on it finds the one function defined here and every other one in its
// dependency, the real libssl.so.3.
#include <openssl/ssl.h>

#undef SSL_get_peer_certificate

extern "C" {
__attribute__((visibility("default"))) X509* SSL_get_peer_certificate(const SSL* s);
X509* SSL_get_peer_certificate(const SSL* s) { return SSL_get1_peer_certificate(s); }
}
