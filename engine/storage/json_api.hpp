// JsonApi: DynamoDB's data-plane API in its own JSON shapes, executed on a Table.
//
// Takes an operation name and its request JSON exactly as the AWS CLI or an SDK would send
// it (`--cli-input-json`), validates every parameter as the service does, runs the typed
// operation on the storage core, and returns the service's response JSON — with
// ConsumedCapacity when ReturnConsumedCapacity is TOTAL or INDEXES — or its error
// (`__type` + `message`). This is how users hold ddbsim's costs against DynamoDB's.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "storage/capacity.hpp"
#include "storage/table.hpp"

namespace ddbsim::storage {

struct ApiResponse {
    bool ok = false;
    nlohmann::json body;        // the response, or {"__type": ..., "message": ...}
    ConsumedCapacity consumed;  // what was billed, also for failed conditional writes
    Error error;                // when !ok
};

// The largest request body accepted (DG Constraints.html, "API-specific constraints": a
// BatchWriteItem or BatchGetItem request is at most 16 MB; no request may be larger). Front
// ends refuse bigger bodies before reading them as JSON (the server with HTTP 413).
inline constexpr std::size_t kMaxRequestBytes = 16 * 1024 * 1024;

class JsonApi {
  public:
    explicit JsonApi(Table& table) : table_(table) {}

    // `operation` is DynamoDB's action name: PutItem, GetItem, UpdateItem, DeleteItem, Query.
    ApiResponse handle(std::string_view operation, const nlohmann::json& request);
    // TransactWriteItems checked but not written (TransactWriteRequest::prepare_only): the
    // first phase of a transaction that names several tables. Ok, or the error the
    // transaction would give (a cancellation with its reasons, and what it bills).
    ApiResponse prepare_transact_write(const nlohmann::json& request);

    // The error JSON DynamoDB returns for `error`.
    static nlohmann::json error_body(const Error& error);

  private:
    Table& table_;
};

// DynamoDB's ConsumedCapacity object for `consumed` in `table_name`; `indexes` selects the
// INDEXES breakdown (Table, GlobalSecondaryIndexes, LocalSecondaryIndexes).
nlohmann::json consumed_capacity_json(const ConsumedCapacity& consumed,
                                      const std::string& table_name, bool indexes);

}  // namespace ddbsim::storage
