// Transaction conflicts (DG transaction-apis, "Transaction conflict handling in DynamoDB"):
//  - a PutItem, UpdateItem or DeleteItem of an item that an ongoing TransactWriteItems
//    includes fails with TransactionConflictException;
//  - a TransactWriteItems with an item that another ongoing TransactWriteItems includes is
//    cancelled, that item's reason TransactionConflict;
//  - a TransactGetItems with an item that an ongoing TransactWriteItems, PutItem,
//    UpdateItem or DeleteItem writes is cancelled the same way.
// Reads (GetItem, Query, Scan) never conflict: they read the last committed image.
//
// Modelling assumption (docs/server.md "Transactions"): the service executes requests one at
// a time, so "ongoing" means overlapping in wall time. A request is in flight from the moment
// the service received it until its execution ended; a request that arrived while a write
// to one of its items was in flight — it waited for the service's lock behind that write —
// and is executed after it, is the one that conflicts. A client that sends its requests one
// after another never conflicts with itself; concurrent clients on one item do, as they do
// on DynamoDB. A rejected request changed nothing and consumes no capacity.
#include "service/service_internal.hpp"

namespace ddbsim::service {

using namespace detail;

namespace {

constexpr const char* kConflictMessage = "Transaction is ongoing for the item";

// What names an item of `table` in a request entry: its key attributes' JSON values.
std::string item_identity(const ServedTable& table, const json& entry, bool put) {
    const auto& schema = table.table->schema();
    const json* attributes = nullptr;
    if (auto it = entry.find(put ? "Item" : "Key"); it != entry.end() && it->is_object())
        attributes = &*it;
    std::string id = schema.name;
    id += '\n';
    for (const auto* key : {&schema.key.partition, schema.key.sort ? &*schema.key.sort : nullptr}) {
        if (!key) continue;
        if (attributes)
            if (auto v = attributes->find(key->name); v != attributes->end()) id += v->dump();
        id += '\n';
    }
    return id;
}

}  // namespace

std::vector<Service::ItemRef> Service::items_of(ServedTable& table, const Request& r) {
    std::vector<ItemRef> items;
    const std::string& op = r.operation;
    if (op == "PutItem" || op == "UpdateItem" || op == "DeleteItem") {
        items.push_back({&table, item_identity(table, r.body, op == "PutItem"), 0});
        return items;
    }
    if (op != "TransactWriteItems" && op != "TransactGetItems") return items;
    auto list = r.body.find("TransactItems");
    if (list == r.body.end() || !list->is_array()) return items;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& item = (*list)[i];
        if (!item.is_object() || item.size() != 1 || !item.begin()->is_object()) continue;
        const json& entry = item.begin().value();
        ServedTable* t = &table;
        if (auto name = entry.find("TableName"); name != entry.end() && name->is_string())
            if (ServedTable* named = find_table(name->get<std::string>())) t = named;
        items.push_back({t, item_identity(*t, entry, item.begin().key() == "Put"), i});
    }
    return items;
}

std::optional<ServiceResponse> Service::conflict(const Request& r,
                                                 const std::vector<ItemRef>& items) {
    const bool transact_write = r.operation == "TransactWriteItems";
    const bool transact_get = r.operation == "TransactGetItems";
    std::vector<std::size_t> conflicted;
    for (const auto& item : items) {
        auto it = in_flight_.find(item.id);
        if (it == in_flight_.end() || it->second.end <= r.arrived) continue;  // not concurrent
        // Single-item writes conflict only with transactional writes; TransactGetItems with
        // any write. CloudWatch's TransactionConflict counts the rejected item-level requests.
        if (it->second.transaction || transact_get) {
            conflicted.push_back(item.index);
            ++item.table->counters.transaction_conflicts;
        }
    }
    if (conflicted.empty()) return std::nullopt;
    if (!transact_write && !transact_get)
        return error_response("TransactionConflictException", kConflictMessage);
    std::vector<json> reasons(r.body["TransactItems"].size(), json{{"Code", "None"}});
    for (const std::size_t i : conflicted)
        reasons[i] = {{"Code", "TransactionConflict"}, {"Message", kConflictMessage}};
    return transaction_cancelled(std::move(reasons));
}

void Service::written(const Request& r, const std::vector<ItemRef>& items) {
    if (r.operation == "TransactGetItems") return;  // reads hold nothing
    const auto now = std::chrono::steady_clock::now();
    const bool transaction = r.operation == "TransactWriteItems";
    // Entries are dropped once older than kInFlightHorizon, oldest first (executions end in
    // order under the lock, so the queue is in end order): a request that waited longer than
    // that for the lock no longer conflicts. O(1) per write, amortised.
    while (!in_flight_order_.empty() && now - in_flight_order_.front().first > kInFlightHorizon) {
        auto it = in_flight_.find(in_flight_order_.front().second);
        if (it != in_flight_.end() && it->second.end == in_flight_order_.front().first)
            in_flight_.erase(it);  // not written again since
        in_flight_order_.pop_front();
    }
    for (const auto& item : items) {
        auto& entry = in_flight_[item.id];
        // A transaction's hold is not shortened by a later single write's.
        if (entry.end > r.arrived && entry.transaction && !transaction) continue;
        entry = {now, transaction};
        in_flight_order_.emplace_back(now, item.id);
    }
}

}  // namespace ddbsim::service
