#include "server/wire.hpp"

#include <array>
#include <charconv>

#include <boost/crc.hpp>
#include <nlohmann/json.hpp>

#include "common/json_text.hpp"

namespace ddbsim::server {

namespace {

using json = nlohmann::json;

WireResponse json_response(const service::ServiceResponse& r) {
    WireResponse w;
    w.status = r.status;
    w.body = r.body.dump(-1, ' ', false, json::error_handler_t::replace);
    w.error_name = r.error_name;
    return w;
}

WireResponse coral_error(const char* name, const std::string& message, int status = 400) {
    service::ServiceResponse r;
    r.status = status;
    r.error_name = name;
    r.body = {{"__type", std::string("com.amazon.coral.service#") + name}, {"message", message}};
    return json_response(r);
}

// The SigV4 header's form (AWS General Reference, "Signature Version 4 signing process"):
// `AWS4-HMAC-SHA256 Credential=…/…/…/…/aws4_request, SignedHeaders=…, Signature=…`.
bool well_formed_sigv4(std::string_view h) {
    constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256 ";
    if (h.substr(0, kAlgorithm.size()) != kAlgorithm) return false;
    for (std::string_view part : {"Credential=", "SignedHeaders=", "Signature="})
        if (h.find(part) == std::string_view::npos) return false;
    return true;
}

Result<double> number_field(std::string_view value, const std::string& where) {
    double v = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || !(v == v))
        return Error(ErrorCode::kInvalidInput,
                     "expected a number, got \"" + std::string(value) + "\"", where);
    return v;
}

}  // namespace

std::uint32_t crc32_of(std::string_view bytes) {
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data(), bytes.size());
    return crc.checksum();
}

Result<FaultSpec> parse_faults(std::string_view spec) {
    FaultSpec out;
    std::size_t rule_no = 0;
    while (!spec.empty()) {
        const auto semi = spec.find(';');
        std::string_view rule_text = spec.substr(0, semi);
        spec = semi == std::string_view::npos ? std::string_view() : spec.substr(semi + 1);
        ++rule_no;
        const std::string where = "--faults rule " + std::to_string(rule_no);
        FaultRule rule;
        bool has_rate = false;
        while (!rule_text.empty()) {
            const auto comma = rule_text.find(',');
            std::string_view field = rule_text.substr(0, comma);
            rule_text =
                comma == std::string_view::npos ? std::string_view() : rule_text.substr(comma + 1);
            const auto eq = field.find('=');
            if (eq == std::string_view::npos)
                return Error(ErrorCode::kInvalidInput,
                             "expected name=value, got \"" + std::string(field) + "\"", where);
            const std::string_view name = field.substr(0, eq), value = field.substr(eq + 1);
            const std::string at = where + " " + std::string(name);
            if (name == "rate") {
                auto v = number_field(value, at);
                if (!v) return v.error();
                if (*v <= 0 || *v > 1)
                    return Error(ErrorCode::kInvalidInput, "expected a rate in (0, 1]", at);
                rule.rate = *v;
                has_rate = true;
            } else if (name == "error") {
                if (value == "ServiceUnavailable") {
                    rule.unavailable = true;
                } else if (value != "InternalServerError") {
                    return Error(ErrorCode::kInvalidInput,
                                 "expected InternalServerError or ServiceUnavailable", at);
                }
            } else if (name == "operation") {
                rule.operation = std::string(value);
            } else if (name == "from" || name == "to") {
                auto v = number_field(value, at);
                if (!v) return v.error();
                if (*v < 0) return Error(ErrorCode::kInvalidInput, "expected seconds ≥ 0", at);
                (name == "from" ? rule.from_s : rule.to_s) = *v;
            } else if (name == "seed") {
                auto v = number_field(value, at);
                if (!v) return v.error();
                if (*v < 0 || *v > 1e18)
                    return Error(ErrorCode::kInvalidInput, "expected a seed from 0 to 10^18", at);
                out.seed = static_cast<std::uint64_t>(*v);
            } else {
                return Error(ErrorCode::kInvalidInput,
                             "unknown field \"" + std::string(name) +
                                 "\" (expected rate, error, operation, from, to, seed)",
                             where);
            }
        }
        if (!has_rate) return Error(ErrorCode::kInvalidInput, "expected rate=R", where);
        if (rule.to_s >= 0 && rule.to_s <= rule.from_s)
            return Error(ErrorCode::kInvalidInput, "expected from < to", where);
        out.rules.push_back(std::move(rule));
    }
    if (out.rules.empty())
        return Error(ErrorCode::kInvalidInput, "expected at least one rule", "--faults");
    return out;
}

std::optional<FaultRule> FaultInjector::draw(std::string_view operation, double model_s) {
    std::lock_guard lock(mutex_);
    for (const auto& rule : rules_) {
        if (!rule.operation.empty() && rule.operation != operation) continue;
        if (model_s < rule.from_s || (rule.to_s >= 0 && model_s >= rule.to_s)) continue;
        if (std::uniform_real_distribution<double>(0, 1)(random_) < rule.rate) return rule;
    }
    return std::nullopt;
}

std::string new_request_id() {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::string id(52, 'A');
    for (auto& ch : id)
        ch = kAlphabet[random() % 36];
    return id;
}

WireResponse handle_wire(service::Service& service, const WireRequest& request,
                         FaultInjector* faults) {
    if (request.method == "GET" || request.method == "HEAD") {
        WireResponse w;
        w.content_type = "text/plain; charset=utf-8";
        if (request.target == "/metrics") {
            w.content_type = "text/plain; version=0.0.4; charset=utf-8";
            w.body = service.metrics_text();
        } else if (request.target == "/healthz") {
            w.body = "ok\n";
        } else if (request.target == "/" || request.target.empty()) {
            w.body = "healthy: ddbsim serve (DynamoDB API on POST /)\n";
        } else {
            w.status = 404;
            w.body = "not found: GET /, /healthz and /metrics are served; the API is POST /\n";
        }
        return w;
    }
    if (request.method != "POST") {
        WireResponse w = coral_error("UnknownOperationException",
                                     "Only POST / carries DynamoDB API requests", 405);
        return w;
    }
    if (!request.has_authorization) {
        return coral_error("MissingAuthenticationTokenException",
                           "Request is missing Authentication Token");
    }
    if (!well_formed_sigv4(request.authorization)) {
        return coral_error("IncompleteSignatureException",
                           "Authorization header requires 'Credential', 'Signature' and "
                           "'SignedHeaders' parameters (AWS4-HMAC-SHA256)");
    }
    const auto dot = request.amz_target.find('.');
    const std::string prefix = request.amz_target.substr(0, dot);
    const std::string operation =
        dot == std::string::npos ? std::string() : request.amz_target.substr(dot + 1);
    if (faults && !faults->empty()) {
        const double model_s = static_cast<double>(service.now()) / 1e6;
        if (auto fault = faults->draw(operation, model_s)) {
            // Counted as the table's SystemErrors when the body names a table.
            // (The bounded reader: a fault must not be a way around the depth limit.)
            const auto parsed = parse_json_text(request.body);
            if (parsed && parsed->is_object() && parsed->value("TableName", json()).is_string())
                service.count_system_error((*parsed)["TableName"].get<std::string>());
            WireResponse w =
                fault->unavailable
                    ? json_response(service::ServiceResponse{
                          503,
                          {{"__type", "com.amazon.coral.availability#ServiceUnavailableException"},
                           {"message", "Service Unavailable (injected by --faults)"}},
                          "ServiceUnavailable"})
                    : json_response(service::ServiceResponse{
                          500,
                          {{"__type", "com.amazonaws.dynamodb.v20120810#InternalServerError"},
                           {"message", "Internal server error (injected by --faults)"}},
                          "InternalServerError"});
            w.operation = operation;
            return w;
        }
    }
    WireResponse w = json_response(service.handle(prefix, operation, request.body));
    w.operation = operation;
    return w;
}

}  // namespace ddbsim::server
