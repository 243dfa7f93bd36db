// serve_load: a closed-loop load generator for DynamoDB endpoints (`ddbsim serve`, dynalite,
// anything that speaks the JSON 1.0 protocol). Each connection is kept alive and sends a
// PutItem / GetItem mix, one request at a time, for a fixed time; the result is one JSON line
// with requests per second and latency percentiles (bench/serve-vs-dynalite.sh runs it
// against both servers side by side).
//
// usage: serve_load --port P [--connections 16] [--seconds 5] [--get-share 0.5]
//                   [--keys 10000] [--item-bytes 200] [--table load]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <utility>  // before Boost 1.74's asio, which uses std::exchange
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    unsigned short port = 0;
    int connections = 16;
    double seconds = 5;
    double get_share = 0.5;
    int keys = 10000;
    int item_bytes = 200;
    std::string table = "load";
};

// One keep-alive connection.
class Connection {
  public:
    explicit Connection(asio::io_context& io, unsigned short port) : stream_(io) {
        stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        stream_.socket().set_option(tcp::no_delay(true));
    }
    // Sends one request; returns the HTTP status.
    int call(const std::string& operation, const std::string& body) {
        http::request<http::string_body> req(http::verb::post, "/", 11);
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::content_type, "application/x-amz-json-1.0");
        req.set("X-Amz-Target", "DynamoDB_20120810." + operation);
        req.set("X-Amz-Date", "20261202T000000Z");
        req.set(http::field::authorization,
                "AWS4-HMAC-SHA256 Credential=bench/20261202/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" +
                    std::string(64, '0'));
        req.keep_alive(true);
        req.body() = body;
        req.prepare_payload();
        http::write(stream_, req);
        buffer_.clear();
        http::response<http::string_body> res;
        http::read(stream_, buffer_, res);
        return res.result_int();
    }

  private:
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

std::string item_json(const Options& o, int key) {
    return "{\"TableName\":\"" + o.table + "\",\"Item\":{\"pk\":{\"S\":\"key-" +
           std::to_string(key) + "\"},\"d\":{\"S\":\"" + std::string(o.item_bytes, 'x') + "\"}}}";
}
std::string key_json(const Options& o, int key) {
    return "{\"TableName\":\"" + o.table + "\",\"Key\":{\"pk\":{\"S\":\"key-" +
           std::to_string(key) + "\"}}}";
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--port")
            o.port = static_cast<unsigned short>(std::stoi(v));
        else if (a == "--connections")
            o.connections = std::stoi(v);
        else if (a == "--seconds")
            o.seconds = std::stod(v);
        else if (a == "--get-share")
            o.get_share = std::stod(v);
        else if (a == "--keys")
            o.keys = std::stoi(v);
        else if (a == "--item-bytes")
            o.item_bytes = std::stoi(v);
        else if (a == "--table")
            o.table = v;
        else
            return false;
    }
    return o.port != 0 && o.connections > 0 && o.seconds > 0 && o.keys > 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: serve_load --port P [--connections N] [--seconds S] "
                     "[--get-share F] [--keys K] [--item-bytes B] [--table NAME]\n");
        return 2;
    }
    asio::io_context io;
    {
        // The table, then every key written once (so GetItem finds items).
        Connection setup(io, o.port);
        setup.call("CreateTable",
                   "{\"TableName\":\"" + o.table +
                       "\",\"BillingMode\":\"PAY_PER_REQUEST\",\"AttributeDefinitions\":[{"
                       "\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],\"KeySchema\":[{"
                       "\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
        for (int tries = 0; tries < 100; ++tries) {  // dynalite keeps a new table CREATING
            if (setup.call("PutItem", item_json(o, 0)) == 200) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        for (int k = 0; k < o.keys; ++k)
            setup.call("PutItem", item_json(o, k));
    }
    std::atomic<bool> stop{false};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(o.connections));
    std::vector<long> errors(static_cast<std::size_t>(o.connections), 0);
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int c = 0; c < o.connections; ++c) {
        threads.emplace_back([&, c] {
            asio::io_context own;
            Connection conn(own, o.port);
            std::mt19937_64 random(static_cast<std::uint64_t>(c) + 1);
            std::uniform_int_distribution<int> key(0, o.keys - 1);
            std::uniform_real_distribution<double> u(0, 1);
            auto& mine = latencies[static_cast<std::size_t>(c)];
            while (!stop.load(std::memory_order_relaxed)) {
                const bool get = u(random) < o.get_share;
                const int k = key(random);
                const auto t0 = Clock::now();
                const int status = get ? conn.call("GetItem", key_json(o, k))
                                       : conn.call("PutItem", item_json(o, k));
                mine.push_back(
                    std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
                if (status != 200) ++errors[static_cast<std::size_t>(c)];
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    stop = true;
    for (auto& t : threads)
        t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    long error_count = 0;
    for (std::size_t c = 0; c < latencies.size(); ++c) {
        all.insert(all.end(), latencies[c].begin(), latencies[c].end());
        error_count += errors[c];
    }
    std::sort(all.begin(), all.end());
    auto pct = [&all](double q) {
        return all.empty()
                   ? 0.0
                   : all[std::min(all.size() - 1, static_cast<std::size_t>(q * all.size()))];
    };
    std::printf(
        "{\"requests\": %zu, \"errors\": %ld, \"seconds\": %.3f, \"requests_per_second\": "
        "%.0f, \"p50_us\": %.0f, \"p99_us\": %.0f, \"connections\": %d}\n",
        all.size(), error_count, elapsed, static_cast<double>(all.size()) / elapsed, pct(0.5),
        pct(0.99), o.connections);
    return error_count == 0 ? 0 : 1;
}
