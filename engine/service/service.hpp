// Service: DynamoDB as one account in one region sees it — many tables, each a storage-core
// Table with its capacity units (model/capacity_unit.hpp) — answering DynamoDB API requests
// in DynamoDB's JSON, in real (or scaled) time, throttling each request by its footprint
// before it runs (docs/server.md "How a request is served").
//
// This is the core of `ddbsim serve`; the HTTP front end (server/) only moves bytes: it reads
// the operation from X-Amz-Target and the body, and writes the status, error type and body
// this returns.
//
// Request path (docs/server.md):
//   parse (bounded depth) → advance every capacity unit to now → footprint → admit each touch
//   (a throttled request changes nothing) → execute on the storage core → charge each
//   touched partition what the request consumed → count it for /metrics.
//
// Thread safety: handle(), metrics_text(), snapshot() and every other public member may be
// called from any number of threads at once. Requests are serialised by one lock around
// execution (parsing and serialising the JSON happen outside it): that lock is what makes a
// conditional write, an UpdateItem and a transaction atomic with respect to every other
// request, as DynamoDB's are.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "run/outcome.hpp"
#include "service/served_table.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::service {

// What a response is on the wire: HTTP status, and the body (DynamoDB's JSON).
struct ServiceResponse {
    int status = 200;
    nlohmann::json body;
    std::string error_name;  // "" on success, else e.g. "ProvisionedThroughputExceededException"
};

// The model's clock: microseconds of model time since the service started. The default runs
// `time_scale` times as fast as the steady wall clock; tests pass a manual clock.
using ModelClock = std::function<sim::TimeUs()>;
ModelClock scaled_wall_clock(double time_scale);

struct ServiceOptions {
    bool throttling = true;  // off: execute everything, report consumption, throttle nothing
    // Unix time (µs) of model time 0: stream records and TTL read epoch time from it.
    std::int64_t epoch_start_us = 0;
    // Seconds of model time a TTL-expired item stays readable (DynamoDB deletes "within a few
    // days"; DG howitworks-ttl): 0 deletes at the first sweep after expiry.
    std::int64_t ttl_delay_seconds = 0;
    // Model time of per-second series each table keeps for a report (`--report-dir`): 0
    // keeps none. A table's series cover its first `series_limit` of model time.
    sim::TimeUs series_limit = 0;
};

struct BatchShape;  // service_batch.cpp

class Service {
  public:
    Service(ServiceOptions options, ModelClock clock);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Answers one request. `service` is the X-Amz-Target prefix ("DynamoDB_20120810" or
    // "DynamoDBStreams_20120810"), `operation` the action, `body` the request bytes.
    // Never throws for any input.
    ServiceResponse handle(std::string_view service, std::string_view operation,
                           std::string_view body);
    // The same, for a request that arrived at `arrived` (a front end that queued it; tests
    // of concurrency): requests that arrived while a write to their item was in flight
    // conflict with it (service_conflicts.cpp).
    ServiceResponse handle(std::string_view service, std::string_view operation,
                           std::string_view body, std::chrono::steady_clock::time_point arrived);

    // Creates the scenario's table (schema, capacity mode and throughput, capacity options,
    // auto scaling, initial data size for the partition count) as it is at model time now.
    Status add_scenario_table(const workload::SimulationConfig& config);

    // Counts a system error the front end injected (--faults) against the request's table.
    void count_system_error(std::string_view table_name);

    // Prometheus text exposition of every table's and index's metrics (docs/server.md).
    std::string metrics_text();

    // The tables (schema, items, capacity settings, TTL, tags) as one JSON document, and back.
    nlohmann::json snapshot();
    Status restore(const nlohmann::json& snapshot);

    // The names of the tables, sorted (for reports and tests).
    std::vector<std::string> table_names();
    // Runs `visit` on each table under the service lock (reports at shutdown).
    void for_each_table(const std::function<void(const ServedTable&)>& visit);

    // The run each table's series describe, as `ddbsim run` reports one (service_report.cpp):
    // one outcome per table, named after it — the scenario's own table "baseline", first —
    // priced with `scenario`'s catalog and cost options (the defaults without one). Empty
    // unless series_limit > 0.
    std::vector<run::Outcome> report_outcomes(const workload::Scenario* scenario);

    sim::TimeUs now() const { return clock_(); }

  private:
    struct Request;  // one request in flight (service.cpp)
    ServiceResponse dispatch(Request& r);
    ServiceResponse control_plane(Request& r);
    ServiceResponse data_plane(Request& r, ServedTable& table);
    ServiceResponse batch_get(Request& r);
    ServiceResponse batch_write(Request& r);
    ServiceResponse batch(Request& r, const BatchShape& shape);
    ServiceResponse multi_table_transaction(Request& r);  // service_transact.cpp
    // Transaction conflicts (service_conflicts.cpp): the items a write or transaction names,
    // the conflict answer if a write to one of them was in flight when it arrived, and the
    // record of what a request wrote.
    struct ItemRef {
        ServedTable* table = nullptr;
        std::string id;         // table name and key values
        std::size_t index = 0;  // position in TransactItems
    };
    std::vector<ItemRef> items_of(ServedTable& table, const Request& r);
    std::optional<ServiceResponse> conflict(const Request& r, const std::vector<ItemRef>& items);
    void written(const Request& r, const std::vector<ItemRef>& items);
    ServiceResponse create_table(Request& r);
    ServiceResponse update_table(Request& r, ServedTable& table);
    std::unique_ptr<ServedTable> make_table(storage::TableSchema schema, nlohmann::json definition,
                                            const model::CapacityUnitConfig& table_unit,
                                            std::vector<model::CapacityUnitConfig> gsi_units,
                                            const Request& r);
    void advance(sim::TimeUs now);
    void close_seconds(ServedTable& table, sim::TimeUs now);
    ServedTable* find_table(const std::string& name);
    Result<ServedTable*> table_named(const nlohmann::json& request,
                                     const char* field = "TableName");
    Result<ServedTable*> table_of_stream(const nlohmann::json& request);

    ServiceOptions options_;
    ModelClock clock_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<ServedTable>> tables_;
    sim::TimeUs last_sweep_ = 0;
    struct InFlightWrite {
        std::chrono::steady_clock::time_point end;  // when its execution ended
        bool transaction = false;
    };
    std::unordered_map<std::string, InFlightWrite> in_flight_;  // by ItemRef::id
    // (end, id) of every write recorded, oldest first, for dropping expired entries.
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> in_flight_order_;
    static constexpr std::chrono::seconds kInFlightHorizon{2};
    std::uint64_t next_table_id_ = 1;
};

}  // namespace ddbsim::service
