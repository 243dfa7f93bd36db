// The DynamoDB wire protocol around the service (docs/server.md "Wire protocol"): JSON 1.0
// over HTTP/1.1, `POST /` with `X-Amz-Target: DynamoDB_20120810.<Operation>`, a SigV4
// `Authorization` header (its form is checked, its signature is not), and responses with
// `x-amzn-RequestId` and `x-amz-crc32` (botocore verifies the CRC32 of the body and retries
// on a mismatch).
//
// Everything here is a pure function of the request, so it is tested without a socket
// (tests/server/wire_test.cpp) and fuzzed (fuzz/fuzz_http_request.cpp).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "service/service.hpp"

namespace ddbsim::server {

// A request as the HTTP layer read it.
struct WireRequest {
    std::string method;  // "POST", "GET", ...
    std::string target;  // the path
    std::string amz_target;
    std::string authorization;
    bool has_authorization = false;
    std::string body;
};

struct WireResponse {
    int status = 200;
    std::string content_type = "application/x-amz-json-1.0";
    std::string body;
    std::string error_name;  // "" on success
    std::string operation;   // the X-Amz-Target action, for logs
};

// CRC32 (IEEE 802.3, as zlib and botocore compute it) of `bytes`.
std::uint32_t crc32_of(std::string_view bytes);

// `--faults SPEC`: injected InternalServerError (500) and ServiceUnavailable (503).
// SPEC is one or more rules separated by ';', each a comma-separated list of
//   rate=R (0 < R ≤ 1, required), error=InternalServerError|ServiceUnavailable (default
//   InternalServerError), operation=NAME (default any), from=T, to=T (model seconds since
//   start; default always), seed=N (the first rule's seed seeds the draw; default 1).
// e.g. "rate=0.05,operation=PutItem;rate=1,error=ServiceUnavailable,from=60,to=70".
struct FaultRule {
    double rate = 0;
    bool unavailable = false;
    std::string operation;
    double from_s = 0;
    double to_s = -1;  // < 0: no end
};

struct FaultSpec {
    std::vector<FaultRule> rules;
    std::uint64_t seed = 1;
};
// Errors name the rule and the field.
Result<FaultSpec> parse_faults(std::string_view spec);

class FaultInjector {
  public:
    explicit FaultInjector(FaultSpec spec) : rules_(std::move(spec.rules)), random_(spec.seed) {}
    bool empty() const { return rules_.empty(); }
    // The fault to inject for this request, if any. Thread-safe.
    std::optional<FaultRule> draw(std::string_view operation, double model_s);

  private:
    std::vector<FaultRule> rules_;
    std::mutex mutex_;
    std::mt19937_64 random_{1};
};

// Answers one HTTP request: /healthz, /metrics, and the DynamoDB API on POST /.
WireResponse handle_wire(service::Service& service, const WireRequest& request,
                         FaultInjector* faults);

// The `x-amzn-RequestId` of a response: 52 characters of [A-Z0-9], as DynamoDB's.
std::string new_request_id();

}  // namespace ddbsim::server
