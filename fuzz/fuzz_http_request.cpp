// libFuzzer target: `ddbsim serve`'s whole request path without the socket. The input is
// the bytes a client sends on a connection: Boost.Beast's parser reads them with the server's
// limits (16 MB bodies, 64 KB headers), and each complete request is answered by
// server::handle_wire on a long-lived service holding a provisioned table with a GSI — so
// throttling, batches, control-plane operations and state carried between inputs are all in
// reach. Whatever the bytes, the answer is a response whose JSON body parses, never a
// crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "server/wire.hpp"
#include "service/service.hpp"
#include "storage/json_api.hpp"

namespace http = boost::beast::http;
using namespace ddbsim;

namespace {

sim::TimeUs model_now = 0;
std::unique_ptr<service::Service> current;
int inputs_served = 0;

// The service lives for 2,000 inputs, then starts again (so state carries between inputs,
// but the tables and items a campaign creates do not grow without bound).
service::Service& shared_service() {
    if (!current || ++inputs_served % 2000 == 0) {
        current.reset();
        auto created =
            std::make_unique<service::Service>(service::ServiceOptions{}, [] { return model_now; });
        created->handle("DynamoDB_20120810", "CreateTable", R"({
            "TableName": "fuzz", "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "g", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [{"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}],
            "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}})");
        current = std::move(created);
    }
    return *current;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    service::Service& service = shared_service();
    model_now += 10'000;  // 10 ms of model time per input: buckets refill, minutes pass
    boost::beast::error_code ec;
    http::request_parser<http::string_body> parser;
    parser.body_limit(storage::kMaxRequestBytes);
    parser.header_limit(64 * 1024);
    parser.eager(true);
    parser.put(boost::asio::buffer(data, size), ec);
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;  // the server answers 400/413/431 and closes
    auto& req = parser.get();
    server::WireRequest w;
    w.method = std::string(req.method_string());
    w.target = std::string(req.target());
    if (auto it = req.find("X-Amz-Target"); it != req.end())
        w.amz_target = std::string(it->value());
    if (auto it = req.find(http::field::authorization); it != req.end()) {
        w.has_authorization = true;
        w.authorization = std::string(it->value());
    }
    w.body = std::move(req.body());
    const server::WireResponse answer = server::handle_wire(service, w, nullptr);
    if (answer.status < 200 || answer.status > 599) std::abort();
    if (answer.content_type == "application/x-amz-json-1.0") {
        const auto parsed = nlohmann::json::parse(answer.body, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) std::abort();
        if (answer.status >= 400 && !parsed.contains("__type")) std::abort();
    }
    return 0;
}
