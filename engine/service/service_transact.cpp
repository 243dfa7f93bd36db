// Transactions that name several tables (TransactWriteItems, TransactGetItems), as DynamoDB
// runs them: all or nothing across the tables (API Reference: TransactWriteItems, "up to 100
// action requests … in different tables").
//
// The storage core executes a transaction on one table; across tables the service runs two
// phases under its lock, which no other request can take in between:
//   1. admission of every item on its own table's capacity unit (a throttled item cancels the
//      transaction with ThrottlingError);
//   2. prepare: each table's part is checked without writing (JsonApi::prepare_transact_write);
//      any cancellation reason or error in any part ends the transaction, with the reasons
//      of every item in request order;
//   3. commit: each part runs as a one-table transaction, which cannot fail its checks now.
// A cancelled transaction bills every part for its prepare phase, as a one-table cancelled
// transaction is billed (storage/table_batch.cpp).
#include <map>

#include "common/json_text.hpp"
#include "service/service_internal.hpp"

namespace ddbsim::service {

using namespace detail;

namespace {

// One table's share of a transaction.
struct Part {
    ServedTable* table = nullptr;
    std::vector<std::size_t> items;  // indices into TransactItems
    json body;                       // the part as a one-table request
    std::vector<Admitted> admitted;
    storage::ApiResponse prepared;
};

}  // namespace

ServiceResponse Service::multi_table_transaction(Request& r) {
    const bool write = r.operation == "TransactWriteItems";
    const json& items = r.body["TransactItems"];  // dispatch checked: a non-empty array
    if (items.size() > storage::kMaxTransactItems) {
        return from_error(Error::validation(
            "1 validation error detected: Value at 'transactItems' failed to satisfy "
            "constraint: Member must have length less than or equal to 100",
            "/TransactItems"));
    }
    // Split by table, in the order tables first appear.
    std::vector<Part> parts;
    std::map<ServedTable*, std::size_t> part_of;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& item = items[i];
        if (!item.is_object() || item.size() != 1 || !item.begin()->is_object()) {
            return from_error(Error::validation(
                write ? "Expected exactly one of ConditionCheck, Put, Update or Delete"
                      : "Expected {\"Get\": {...}}",
                "/TransactItems/" + std::to_string(i)));
        }
        auto t = table_named(item.begin().value());
        if (!t) return from_error(t.error());
        auto [it, added] = part_of.try_emplace(*t, parts.size());
        if (added) {
            Part p;
            p.table = *t;
            p.body = json::object();
            p.body["TransactItems"] = json::array();
            for (const char* field :
                 {"ClientRequestToken", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"})
                if (r.body.contains(field)) p.body[field] = r.body[field];
            parts.push_back(std::move(p));
        }
        Part& p = parts[it->second];
        p.items.push_back(i);
        p.body["TransactItems"].push_back(item);
    }
    r.table = parts.front().table->table->schema().name;
    const auto conflict_items = items_of(*parts.front().table, r);
    if (auto rejected = conflict(r, conflict_items)) return *rejected;
    for (auto& p : parts)
        p.table->table->set_time_us(r.epoch_us);
    auto release_all = [&] {
        for (auto& p : parts)
            release(*p.table, p.admitted, r.now);
    };

    // 1. Admission, item by item.
    if (options_.throttling) {
        std::vector<json> reasons(items.size(), json{{"Code", "None"}});
        bool throttled = false;
        for (auto& p : parts) {
            std::vector<Refusal> refused;
            for (const std::size_t i : p.items) {
                auto f = model::footprint(*p.table->table, r.operation,
                                          json{{"TransactItems", json::array({items[i]})}},
                                          partitions_of(*p.table));
                if (!f) continue;  // malformed: the prepare phase reports why
                auto a = admit(*p.table, *f, r.now);
                if (a.ok()) {
                    p.admitted.insert(p.admitted.end(), a.admitted.begin(), a.admitted.end());
                } else {
                    reasons[i] = {{"Code", "ThrottlingError"},
                                  {"Message", throttle_message(*p.table, a.refused.front())}};
                    refused.insert(refused.end(), a.refused.begin(), a.refused.end());
                }
            }
            if (!refused.empty()) {
                throttled = true;
                count_refusals(*p.table, refused, r.now);
                ++p.table->counters.throttled[r.operation];
            }
        }
        if (throttled) {
            release_all();
            return transaction_cancelled(std::move(reasons));
        }
    }

    // 2. Prepare (writes), or 3. directly the reads.
    if (write) {
        std::vector<json> reasons(items.size(), json{{"Code", "None"}});
        bool any_cancelled = false;
        for (auto& p : parts) {
            p.prepared = storage::JsonApi(*p.table->table).prepare_transact_write(p.body);
            if (p.prepared.ok) continue;
            if (p.prepared.error.code != ErrorCode::kTransactionCanceled) {
                release_all();
                return from_error(p.prepared.error);
            }
            any_cancelled = true;
            for (std::size_t k = 0; k < p.items.size() && k < p.prepared.error.reasons.size();
                 ++k) {
                const auto& reason = p.prepared.error.reasons[k];
                json entry = {{"Code", reason.code}};
                if (!reason.message.empty()) entry["Message"] = to_valid_utf8(reason.message);
                reasons[p.items[k]] = std::move(entry);
            }
        }
        if (any_cancelled) {
            for (auto& p : parts)
                charge(*p.table, p.admitted, p.prepared.consumed, r.now);
            return transaction_cancelled(std::move(reasons));
        }
    }

    // 3. Commit each part (reads: run each part), and answer as one request.
    ServiceResponse response;
    response.body = json::object();
    json consumed = json::array();
    json responses = json::array();
    std::vector<json> read_items(items.size());
    for (auto& p : parts) {
        auto result = storage::JsonApi(*p.table->table).handle(r.operation, p.body);
        charge(*p.table, p.admitted, result.consumed, r.now);
        if (!result.ok) {
            // Only a defect reaches here (every check passed under the lock); the parts
            // committed before it stay committed.
            return error_response("InternalServerError",
                                  "Internal server error: a prepared transaction part failed: " +
                                      result.error.message,
                                  500);
        }
        if (auto c = result.body.find("ConsumedCapacity"); c != result.body.end())
            for (const auto& entry : *c)
                consumed.push_back(entry);
        if (!write) {
            const json& got = result.body["Responses"];
            for (std::size_t k = 0; k < p.items.size() && k < got.size(); ++k)
                read_items[p.items[k]] = got[k];
        }
    }
    if (!write) {
        for (auto& entry : read_items)
            responses.push_back(entry.is_null() ? json::object() : std::move(entry));
        response.body["Responses"] = std::move(responses);
    }
    if (!consumed.empty()) response.body["ConsumedCapacity"] = std::move(consumed);
    written(r, conflict_items);
    return response;
}

}  // namespace ddbsim::service
