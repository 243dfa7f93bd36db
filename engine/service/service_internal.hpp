// Internal to the service room: the pieces service*.cpp share (a request in flight, error
// responses, admission and charging, DescribeTable's shape). Not a public API.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/footprint.hpp"
#include "service/service.hpp"
#include "storage/json_api.hpp"

namespace ddbsim::service {

using json = nlohmann::json;

// The region and account every ARN names (a local endpoint has one of each).
inline constexpr const char* kRegion = "us-east-1";
inline constexpr const char* kAccount = "000000000000";

struct Service::Request {
    std::string operation;
    json body;
    sim::TimeUs now = 0;        // model time
    std::int64_t epoch_us = 0;  // the same instant as Unix time
    double epoch_s() const { return static_cast<double>(epoch_us) / 1e6; }
    std::string table;  // the table the request was counted against ("" none)
    // When the service received it (before its parse and its wait for the lock): what
    // "concurrent" means for transaction conflicts (service_conflicts.cpp).
    std::chrono::steady_clock::time_point arrived;
};

namespace detail {

std::string table_arn(const std::string& name);

// HTTP 400 (or `status`) with DynamoDB's error JSON: `{"__type": "<prefix>#<name>",
// "message": …}`. The prefix is DynamoDB's own namespace unless given.
ServiceResponse error_response(const std::string& name, const std::string& message,
                               int status = 400,
                               const char* prefix = "com.amazonaws.dynamodb.v20120810");
// A storage-core error, as JsonApi writes it (ValidationException keeps its coral type).
ServiceResponse from_error(const Error& error);
// TransactionCanceledException with one {"Code", "Message"} reason per item, in request order,
// and DynamoDB's message listing the codes.
ServiceResponse transaction_cancelled(std::vector<json> reasons);
ServiceResponse from_api(storage::ApiResponse&& response);

// --- Admission (service_admission.cpp) -----------------------------------------------------

// One touch admitted, with the unit it was admitted on.
struct Admitted {
    model::Touch touch;
    model::Admission admission;
};
// One touch refused, and why.
struct Refusal {
    std::string index;  // "" the table
    model::ThrottleReason reason;
};
struct AdmissionResult {
    std::vector<Admitted> admitted;
    std::vector<Refusal> refused;
    bool ok() const { return refused.empty(); }
};

model::PartitionsOf partitions_of(const ServedTable& table);
// Asks every touch of `footprint` (docs/dynamodb-model.md "Modelling assumptions": admitted when
// each bucket it draws from has a positive balance). When every touch is admitted, each holds
// its expected consumption at once, so later entries of a batch or transaction see it.
AdmissionResult admit(ServedTable& table, const model::Footprint& footprint, sim::TimeUs now);
// Gives back what admit() held, for admitted entries that will not run (a cancelled
// transaction).
void release(ServedTable& table, const std::vector<Admitted>& admitted, sim::TimeUs now);
// Settles what the request consumed against what admission held, on the partitions it was
// admitted on, split evenly over the touches of each unit and side (docs/server.md
// "Charging"); counts the consumption.
void charge(ServedTable& table, const std::vector<Admitted>& admitted,
            const storage::ConsumedCapacity& consumed, sim::TimeUs now);
// Counts throttle events (per touch) for CloudWatch's ReadThrottleEvents / WriteThrottleEvents
// and the ThrottlingReason counters.
void count_refusals(ServedTable& table, const std::vector<Refusal>& refused, sim::TimeUs now);
// The throttling error DynamoDB answers for these refusals, ThrottlingReasons included.
ServiceResponse throttle_response(const ServedTable& table, const std::vector<Refusal>& refused);
// The message of a ThrottlingError cancellation reason of a transaction.
std::string throttle_message(const ServedTable& table, const Refusal& refusal);

// --- Control plane (service_control.cpp) ----------------------------------------------------

json table_description(const ServedTable& table, const char* status);

}  // namespace detail
}  // namespace ddbsim::service
