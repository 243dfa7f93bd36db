#include "server/http_server.hpp"

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "storage/json_api.hpp"

namespace ddbsim::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = 64 * 1024;

}  // namespace

class Session;

struct HttpServer::Impl {
    Impl(service::Service& s, FaultInjector* f, ServerOptions o)
        : service(s), faults(f), options(std::move(o)), acceptor(io), signals(io) {}

    service::Service& service;
    FaultInjector* faults;
    ServerOptions options;
    asio::io_context io;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> connections{0};
    std::atomic<std::uint64_t> served{0};
    std::mutex sessions_mutex;
    std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> sessions;

    void accept();
    void begin_stop();
};

// One connection: read a request, answer it, and again while the client keeps it alive.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, HttpServer::Impl& server)
        : stream_(std::move(socket)), server_(server) {}
    ~Session() { --server_.connections; }

    void start() { read(); }

    // Closes the connection if it is waiting for a request (a graceful stop); a request in
    // flight finishes and is answered first.
    void close_if_idle() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) self->stream_.socket().close();
        });
    }

  private:
    void read() {
        parser_.emplace();
        parser_->body_limit(storage::kMaxRequestBytes);
        parser_->header_limit(kHeaderLimit);
        busy_ = false;
        stream_.expires_after(server_.options.idle_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        busy_ = true;
        if (ec == http::error::end_of_stream || ec == asio::error::eof ||
            ec == beast::error::timeout || ec == asio::error::operation_aborted ||
            ec == asio::error::connection_reset) {
            return close();
        }
        if (ec == http::error::body_limit) {
            return reply_and_close(413, "RequestEntityTooLarge",
                                   "Request body larger than " +
                                       std::to_string(storage::kMaxRequestBytes) +
                                       " bytes (DynamoDB's 16 MB request limit)");
        }
        if (ec == http::error::header_limit) {
            return reply_and_close(431, "RequestHeaderFieldsTooLarge",
                                   "Request headers larger than 64 KB");
        }
        if (ec)
            return reply_and_close(400, "BadRequest", "Malformed HTTP request: " + ec.message());

        auto& req = parser_->get();
        WireRequest w;
        w.method = std::string(req.method_string());
        w.target = std::string(req.target());
        if (auto it = req.find("X-Amz-Target"); it != req.end())
            w.amz_target = std::string(it->value());
        if (auto it = req.find(http::field::authorization); it != req.end()) {
            w.has_authorization = true;
            w.authorization = std::string(it->value());
        }
        w.body = std::move(req.body());
        const bool keep_alive = req.keep_alive();
        const unsigned version = req.version();
        WireResponse answer = handle_wire(server_.service, w, server_.faults);
        ++server_.served;
        if (server_.options.log_requests) {
            std::fprintf(stderr, "%s %s %d %s\n", w.method.c_str(),
                         answer.operation.empty() ? w.target.c_str() : answer.operation.c_str(),
                         answer.status, answer.error_name.c_str());
        }
        send(std::move(answer), version, keep_alive && !server_.stopping);
    }

    void send(WireResponse answer, unsigned version, bool keep_alive) {
        auto res = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(answer.status), version);
        res->set(http::field::server, "ddbsim");
        res->set(http::field::content_type, answer.content_type);
        res->set("x-amzn-RequestId", new_request_id());
        res->set("x-amz-crc32", std::to_string(crc32_of(answer.body)));
        res->keep_alive(keep_alive);
        res->body() = std::move(answer.body);
        res->prepare_payload();
        http::async_write(
            stream_, *res,
            [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
                if (ec || !keep_alive || self->server_.stopping) return self->close();
                self->read();
            });
    }

    void reply_and_close(int status, const char* name, const std::string& message) {
        WireResponse w;
        w.status = status;
        w.error_name = name;
        nlohmann::json body = {{"__type", std::string("com.amazon.coral.service#") + name},
                               {"message", message}};
        w.body = body.dump();
        send(std::move(w), 11, false);
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.socket().close(ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    HttpServer::Impl& server_;
    bool busy_ = false;  // touched on the session's strand only
};

void HttpServer::Impl::accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (!stopping && ec != asio::error::operation_aborted) accept();
            return;
        }
        if (stopping) return;
        if (connections.load() >= options.max_connections) {
            beast::error_code ignored;
            socket.close(ignored);  // over the limit: refused at once
        } else {
            ++connections;
            // Small request/response exchanges: send each response at once (no Nagle delay).
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            auto session = std::make_shared<Session>(std::move(socket), *this);
            {
                std::lock_guard lock(sessions_mutex);
                // Forget the sessions that ended, then remember this one.
                for (auto it = sessions.begin(); it != sessions.end();)
                    it = it->expired() ? sessions.erase(it) : std::next(it);
                sessions.insert(session);
            }
            session->start();
        }
        accept();
    });
}

void HttpServer::Impl::begin_stop() {
    if (stopping.exchange(true)) return;
    asio::post(io, [this] {
        beast::error_code ignored;
        acceptor.close(ignored);
        signals.cancel(ignored);
        std::lock_guard lock(sessions_mutex);
        for (auto& weak : sessions)
            if (auto s = weak.lock()) s->close_if_idle();
    });
}

HttpServer::HttpServer(service::Service& service, FaultInjector* faults, ServerOptions options)
    : impl_(std::make_unique<Impl>(service, faults, std::move(options))) {}

HttpServer::~HttpServer() = default;

Status HttpServer::listen() {
    // Many clients at once need many descriptors: raise the soft limit to the hard one.
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(impl_->options.host, ec);
    if (ec) {
        return Error(ErrorCode::kInvalidInput,
                     "--host " + impl_->options.host + " is not an IP address: " + ec.message());
    }
    const tcp::endpoint endpoint(address, impl_->options.port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return Error(ErrorCode::kInvalidInput, "cannot listen on " + impl_->options.host + ":" +
                                                   std::to_string(impl_->options.port) + ": " +
                                                   ec.message());
    }
    return {};
}

unsigned short HttpServer::port() const {
    return impl_->acceptor.local_endpoint().port();
}

void HttpServer::stop_on_signals(std::function<void(int)> on_signal) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this, on_signal](beast::error_code ec, int signal) {
        if (ec) return;
        if (on_signal) on_signal(signal);
        stop();
    });
}

void HttpServer::run() {
    impl_->accept();
    int n = impl_->options.threads;
    if (n <= 0) n = std::max(2u, std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    for (int i = 1; i < n; ++i)
        threads.emplace_back([this] { impl_->io.run(); });
    impl_->io.run();
    for (auto& t : threads)
        t.join();
}

void HttpServer::stop() {
    impl_->begin_stop();
}

std::uint64_t HttpServer::requests_served() const {
    return impl_->served.load();
}

}  // namespace ddbsim::server
