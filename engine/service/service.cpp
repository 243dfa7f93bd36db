#include "service/service.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "common/json_text.hpp"
#include "service/service_internal.hpp"

namespace ddbsim::service {

using namespace detail;

namespace {

constexpr std::string_view kDynamoDb = "DynamoDB_20120810";
constexpr std::string_view kStreams = "DynamoDBStreams_20120810";

// What each target prefix answers (DynamoDB API Reference: Actions). The storage core's
// ddbsim: directives are not among them: a wire client sets no clocks.
const std::set<std::string, std::less<>>& dynamodb_operations() {
    static const std::set<std::string, std::less<>> ops = {"CreateTable",
                                                           "DescribeTable",
                                                           "ListTables",
                                                           "DeleteTable",
                                                           "UpdateTable",
                                                           "DescribeLimits",
                                                           "TagResource",
                                                           "UntagResource",
                                                           "ListTagsOfResource",
                                                           "DescribeEndpoints",
                                                           "UpdateTimeToLive",
                                                           "DescribeTimeToLive",
                                                           "GetItem",
                                                           "PutItem",
                                                           "UpdateItem",
                                                           "DeleteItem",
                                                           "Query",
                                                           "Scan",
                                                           "BatchGetItem",
                                                           "BatchWriteItem",
                                                           "TransactGetItems",
                                                           "TransactWriteItems",
                                                           "DescribeContinuousBackups"};
    return ops;
}
const std::set<std::string, std::less<>>& stream_operations() {
    static const std::set<std::string, std::less<>> ops = {"ListStreams", "DescribeStream",
                                                           "GetShardIterator", "GetRecords"};
    return ops;
}

bool is_data_plane(std::string_view op) {
    return op == "GetItem" || op == "PutItem" || op == "UpdateItem" || op == "DeleteItem" ||
           op == "Query" || op == "Scan" || op == "TransactGetItems" || op == "TransactWriteItems";
}

std::string printable(std::string_view text) {
    std::string shown;
    for (const char ch : text.substr(0, 128))
        shown += ch >= 0x20 && ch < 0x7f ? ch : '?';
    return shown;
}

}  // namespace

namespace detail {

std::string table_arn(const std::string& name) {
    return std::string("arn:aws:dynamodb:") + kRegion + ":" + kAccount + ":table/" + name;
}

ServiceResponse error_response(const std::string& name, const std::string& message, int status,
                               const char* prefix) {
    ServiceResponse r;
    r.status = status;
    r.error_name = name;
    r.body = {{"__type", std::string(prefix) + "#" + name}, {"message", to_valid_utf8(message)}};
    return r;
}

ServiceResponse from_error(const Error& error) {
    ServiceResponse r;
    r.status = error.code == ErrorCode::kInternal ? 500 : 400;
    r.error_name = std::string(error_name(error.code));
    r.body = storage::JsonApi::error_body(error);
    return r;
}

ServiceResponse transaction_cancelled(std::vector<json> reasons) {
    std::string codes;
    for (const auto& reason : reasons)
        codes += (codes.empty() ? "" : ", ") + reason["Code"].get<std::string>();
    auto response = error_response("TransactionCanceledException",
                                   "Transaction cancelled, please refer cancellation reasons for "
                                   "specific reasons [" +
                                       codes + "]");
    response.body["CancellationReasons"] = std::move(reasons);
    return response;
}

ServiceResponse from_api(storage::ApiResponse&& response) {
    if (!response.ok) return from_error(response.error);
    ServiceResponse r;
    r.body = std::move(response.body);
    return r;
}

}  // namespace detail

ModelClock scaled_wall_clock(double time_scale) {
    const auto start = std::chrono::steady_clock::now();
    return [start, time_scale] {
        const double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count();
        return static_cast<sim::TimeUs>(us * time_scale);
    };
}

Service::Service(ServiceOptions options, ModelClock clock)
    : options_(options), clock_(std::move(clock)) {}

Service::~Service() = default;

ServiceResponse Service::handle(std::string_view service, std::string_view operation,
                                std::string_view body) {
    return handle(service, operation, body, std::chrono::steady_clock::now());
}

ServiceResponse Service::handle(std::string_view service, std::string_view operation,
                                std::string_view body,
                                std::chrono::steady_clock::time_point arrived) {
    const auto started = std::chrono::steady_clock::now();
    const bool known = service == kDynamoDb  ? dynamodb_operations().count(operation) > 0
                       : service == kStreams ? stream_operations().count(operation) > 0
                                             : false;
    if (!known) {
        return error_response(
            "UnknownOperationException",
            "Unknown operation " + printable(service) + "." + printable(operation), 400,
            "com.amazon.coral.service");
    }
    // The bounded reader every front end uses: depth is checked before the DOM is built.
    auto parsed = parse_json_text(body.empty() ? std::string_view("{}") : body);
    if (!parsed || !parsed->is_object()) {
        return error_response("SerializationException",
                              parsed ? std::string("Expected the request body to be a JSON object")
                                     : parsed.error().message,
                              400, "com.amazon.coral.service");
    }
    Request r;
    r.arrived = std::min(arrived, started);
    r.operation = std::string(operation);
    r.body = std::move(*parsed);

    std::lock_guard lock(mutex_);
    r.now = clock_();
    r.epoch_us = options_.epoch_start_us + r.now;
    advance(r.now);
    ServiceResponse response;
    try {
        response = dispatch(r);
    } catch (const std::exception& e) {
        // A defect, never a crash: the client sees DynamoDB's 500 and may retry.
        response = error_response("InternalServerError",
                                  std::string("Internal server error: ") + e.what(), 500);
    }
    if (ServedTable* t = r.table.empty() ? nullptr : find_table(r.table)) {
        auto& c = t->counters;
        ++c.requests[r.operation];
        // The report's series count the data plane only, as CloudWatch's request metrics
        // do (control-plane and stream calls are not the table's traffic).
        const bool data = is_data_plane(r.operation) || r.operation == "BatchGetItem" ||
                          r.operation == "BatchWriteItem";
        TableSeries* recording = data ? t->series.get() : nullptr;
        metrics::Recorder* series = data ? t->recorder_at(r.now) : nullptr;
        const sim::TimeUs at = t->series_time(r.now);
        if (recording) ++recording->requests;
        const bool throttled = response.error_name == "ProvisionedThroughputExceededException" ||
                               response.error_name == "ThrottlingException";
        if (response.status >= 500) {
            ++c.system_errors;
            if (recording) ++recording->system_errors;
        } else if (response.status >= 400 && !throttled) {
            ++c.user_errors;
            const bool condition = response.error_name == "ConditionalCheckFailedException";
            if (condition) ++c.conditional_check_failed;
            if (series) series->user_error(at, condition);
        } else if (throttled) {
            // CloudWatch's ThrottledRequests: a request (here one HTTP call; a client's
            // retries are requests of their own) refused for throughput.
            if (recording) ++recording->throttled;
            if (series) series->requests_ended(at, 0, 1, 0);
        } else if (response.status == 200) {
            const auto us =
                std::max<sim::TimeUs>(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::steady_clock::now() - started)
                                          .count(),
                                      1);
            c.latency[r.operation].add(us);
            if (series) series->request_ended(at, true, false, us);
        }
    }
    return response;
}

void Service::advance(sim::TimeUs now) {
    for (auto& [name, t] : tables_) {
        for (auto& u : t->units) {
            const auto upkeep = u.unit.advance_to(now);
            if (!upkeep.applied || t->on_demand) continue;
            // Auto scaling changed the throughput: DescribeTable shows it, with its history.
            ThroughputState& s = u.index.empty() ? t->throughput : t->index_throughput[u.index];
            const auto& cap = u.unit.capacity();
            const double at = static_cast<double>(options_.epoch_start_us + now) / 1e6;
            const auto day = static_cast<std::int64_t>(at / 86400.0);
            if (s.decrease_day != day) {
                s.decrease_day = day;
                s.decreases_today = 0;
            }
            if (cap.table_rcu() > s.rcu || cap.table_wcu() > s.wcu) s.last_increase_s = at;
            if (cap.table_rcu() < s.rcu || cap.table_wcu() < s.wcu) {
                s.last_decrease_s = at;
                ++s.decreases_today;
            }
            s.rcu = cap.table_rcu();
            s.wcu = cap.table_wcu();
        }
    }
    if (options_.series_limit > 0)
        for (auto& [name, t] : tables_)
            close_seconds(*t, now);
    // The TTL sweep, at most once a model second (DG howitworks-ttl: expired items are
    // deleted in the background, without consuming capacity).
    if (now - last_sweep_ >= sim::kSecond) {
        last_sweep_ = now;
        for (auto& [name, t] : tables_) {
            if (t->table->ttl_attribute().empty()) continue;
            t->table->set_time_us(options_.epoch_start_us + now);
            t->table->sweep_expired(options_.ttl_delay_seconds);
        }
    }
}

ServedTable* Service::find_table(const std::string& name) {
    auto it = tables_.find(name);
    return it == tables_.end() ? nullptr : it->second.get();
}

Result<ServedTable*> Service::table_named(const json& request, const char* field) {
    auto it = request.find(field);
    if (it == request.end() || !it->is_string()) {
        return Error::validation(std::string("1 validation error detected: Value null at '") +
                                     (std::string(field) == "TableName" ? "tableName" : field) +
                                     "' failed to satisfy constraint: Member must not be null",
                                 std::string("/") + field);
    }
    std::string name = it->get<std::string>();
    // A table ARN names the table too (DynamoDB accepts either since 2024).
    if (name.rfind(table_arn(""), 0) == 0) name = name.substr(table_arn("").size());
    ServedTable* t = find_table(name);
    if (!t) {
        return Error(ErrorCode::kResourceNotFound,
                     "Requested resource not found: Table: " + name + " not found",
                     std::string("/") + field);
    }
    return t;
}

Result<ServedTable*> Service::table_of_stream(const json& request) {
    auto it = request.find("StreamArn");
    if (it == request.end() || !it->is_string()) {
        // GetRecords names its shard iterator, which begins with the stream's ARN.
        it = request.find("ShardIterator");
        if (it == request.end() || !it->is_string())
            return Error::validation(
                "1 validation error detected: Value null at 'streamArn' "
                "failed to satisfy constraint: Member must not be null");
    }
    const std::string arn = it->get<std::string>();
    const std::string prefix = table_arn("");
    const auto stream = arn.find("/stream/");
    if (arn.rfind(prefix, 0) == 0 && stream != std::string::npos) {
        if (ServedTable* t = find_table(arn.substr(prefix.size(), stream - prefix.size())))
            return t;
    }
    return Error(ErrorCode::kResourceNotFound,
                 "Requested resource not found: Stream: " + printable(arn) + " not found");
}

ServiceResponse Service::dispatch(Request& r) {
    const std::string& op = r.operation;
    if (op == "BatchGetItem") return batch_get(r);
    if (op == "BatchWriteItem") return batch_write(r);
    if (op == "DescribeStream" || op == "GetShardIterator" || op == "GetRecords") {
        auto t = table_of_stream(r.body);
        if (!t) return from_error(t.error());
        r.table = (*t)->table->schema().name;
        (*t)->table->set_time_us(r.epoch_us);
        return from_api(storage::JsonApi(*(*t)->table).handle(op, r.body));
    }
    if (is_data_plane(op)) {
        const json* body = &r.body;
        if (op == "TransactGetItems" || op == "TransactWriteItems") {
            // The first item names the table; every other must name the same one.
            auto items = r.body.find("TransactItems");
            if (items == r.body.end() || !items->is_array() || items->empty() ||
                !(*items)[0].is_object() || (*items)[0].empty()) {
                return from_error(Error::validation(
                    "1 validation error detected: Value null at 'transactItems' failed to "
                    "satisfy constraint: Member must not be null",
                    "/TransactItems"));
            }
            body = &(*items)[0].begin().value();
            std::set<std::string> names;
            for (const auto& item : *items) {
                if (!item.is_object() || item.empty() || !item.begin()->is_object()) continue;
                auto n = item.begin()->find("TableName");
                if (n != item.begin()->end() && n->is_string()) names.insert(n->get<std::string>());
            }
            if (names.size() > 1) return multi_table_transaction(r);
        }
        auto t = table_named(*body);
        if (!t) return from_error(t.error());
        r.table = (*t)->table->schema().name;
        return data_plane(r, **t);
    }
    return control_plane(r);
}

ServiceResponse Service::data_plane(Request& r, ServedTable& t) {
    const bool transaction =
        r.operation == "TransactGetItems" || r.operation == "TransactWriteItems";
    const auto items = items_of(t, r);
    if (auto rejected = conflict(r, items)) return *rejected;
    std::vector<Admitted> admitted;
    if (options_.throttling) {
        if (!transaction) {
            auto f = model::footprint(*t.table, r.operation, r.body, partitions_of(t));
            if (f) {
                auto a = admit(t, *f, r.now);
                if (!a.ok()) {
                    count_refusals(t, a.refused, r.now);
                    ++t.counters.throttled[r.operation];
                    return throttle_response(t, a.refused);
                }
                admitted = std::move(a.admitted);
            }
            // No footprint: the request is not well formed, and executing it reports why.
        } else {
            // A transaction is admitted item by item, so a throttled one is cancelled with a
            // ThrottlingError reason on the items that were throttled (API Reference:
            // TransactWriteItems, CancellationReason).
            const json& items = r.body["TransactItems"];
            std::vector<json> reasons;
            std::vector<Refusal> refused;
            bool malformed = false;
            for (const auto& item : items) {
                auto f = model::footprint(*t.table, r.operation,
                                          json{{"TransactItems", json::array({item})}},
                                          partitions_of(t));
                if (!f) {
                    malformed = true;
                    break;
                }
                auto a = admit(t, *f, r.now);
                if (a.ok()) {
                    reasons.push_back({{"Code", "None"}});
                    admitted.insert(admitted.end(), a.admitted.begin(), a.admitted.end());
                } else {
                    reasons.push_back({{"Code", "ThrottlingError"},
                                       {"Message", throttle_message(t, a.refused.front())}});
                    refused.insert(refused.end(), a.refused.begin(), a.refused.end());
                }
            }
            if (!malformed && !refused.empty()) {
                release(t, admitted, r.now);
                count_refusals(t, refused, r.now);
                ++t.counters.throttled[r.operation];
                return transaction_cancelled(std::move(reasons));
            }
            if (malformed) {
                release(t, admitted, r.now);
                admitted.clear();
            }
        }
    }
    t.table->set_time_us(r.epoch_us);
    auto response = storage::JsonApi(*t.table).handle(r.operation, r.body);
    charge(t, admitted, response.consumed, r.now);
    if (response.ok) written(r, items);
    if (!response.ok && response.error.code == ErrorCode::kTransactionCanceled) {
        for (const auto& reason : response.error.reasons)
            if (reason.code == "TransactionConflict") ++t.counters.transaction_conflicts;
    }
    return from_api(std::move(response));
}

std::vector<std::string> Service::table_names() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, t] : tables_)
        names.push_back(name);
    return names;
}

void Service::for_each_table(const std::function<void(const ServedTable&)>& visit) {
    std::lock_guard lock(mutex_);
    for (const auto& [name, t] : tables_)
        visit(*t);
}

void Service::count_system_error(std::string_view table_name) {
    std::lock_guard lock(mutex_);
    if (ServedTable* t = find_table(std::string(table_name))) {
        ++t->counters.system_errors;
        if (t->series) ++t->series->system_errors;
    }
}

}  // namespace ddbsim::service
