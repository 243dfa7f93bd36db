// HttpServer: HTTP/1.1 with keep-alive on Boost.Beast, in front of the service
// (docs/server.md "Wire protocol", "Connections").
//
// - Bodies over storage::kMaxRequestBytes (16 MB) are refused with 413 before they are read;
//   headers over 64 KB with 431. A request must arrive within the idle timeout of the
//   connection's last activity, so slow or half-open connections are closed, never held.
// - At most `max_connections` connections at once; more are accepted and closed at once.
// - stop() (also on SIGINT / SIGTERM when stop_on_signals() was called) stops accepting,
//   lets every request in flight finish and be answered, closes idle connections, and makes
//   run() return.
//
// Thread safety: run() is called once; stop() from any thread. Requests are handled on
// `threads` I/O threads; the service serialises what must be serialised.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "server/wire.hpp"
#include "service/service.hpp"

namespace ddbsim::server {

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8000;  // 0: any free port (port() tells which)
    int threads = 0;             // 0: the machine's cores, at least 2
    std::size_t max_connections = 10000;
    std::chrono::milliseconds idle_timeout{60000};
    bool log_requests = false;
};

class HttpServer {
  public:
    HttpServer(service::Service& service, FaultInjector* faults, ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and listens; an error names the address (e.g. the port is in use).
    Status listen();
    unsigned short port() const;
    // Stops on SIGINT or SIGTERM; `on_signal` is called (on an I/O thread) first.
    void stop_on_signals(std::function<void(int)> on_signal);
    // Serves until stop(); returns once every connection is closed.
    void run();
    void stop();

    std::uint64_t requests_served() const;

    struct Impl;  // http_server.cpp (public so its connection type can name it)

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace ddbsim::server
