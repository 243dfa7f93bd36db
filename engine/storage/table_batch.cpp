// BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems on the storage core.
//
// Billing (docs/dynamodb-model.md "Capacity units"): batch items are rounded up separately and
// summed; every transactional item costs two underlying operations (prepare + commit), so
// transactional reads are 2 RCU per 4 KB and writes 2 WCU per 1 KB, index writes included.
// Modelling assumptions, named because DynamoDB does not publish them:
//  - a ConditionCheck is billed as a transactional write of the checked item's size;
//  - a cancelled transaction is billed for its prepare phase only: one standard write per
//    item (kCancelledTransactionBillsPreparePhase);
//  - an idempotent repeat of a TransactWriteItems (same ClientRequestToken within 10
//    minutes) is billed as a strongly consistent read of each item, the API reference
//    saying only that repeats "return the number of read capacity units consumed in
//    reading the item".
#include <algorithm>
#include <map>

#include "storage/expression_eval.hpp"
#include "storage/item_size.hpp"
#include "storage/table.hpp"

namespace ddbsim::storage {
namespace {

constexpr bool kCancelledTransactionBillsPreparePhase = true;

bool same_key(const PrimaryKey& a, const PrimaryKey& b) {
    return *a.partition == *b.partition && *a.sort == *b.sort;
}

bool has_duplicate(const std::vector<PrimaryKey>& keys) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        for (std::size_t j = i + 1; j < keys.size(); ++j) {
            if (same_key(keys[i], keys[j])) return true;
        }
    }
    return false;
}

Error count_error(const char* field, std::size_t count, std::size_t max) {
    return Error::validation(
        "1 validation error detected: Value at '" + std::string(field) +
        "' failed to satisfy constraint: Member must have length less than or equal to " +
        std::to_string(max) + " and greater than or equal to 1 (found " + std::to_string(count) +
        ")");
}

}  // namespace

Outcome<BatchGetResponse> Table::batch_get_item(const BatchGetRequest& request) const {
    if (request.keys.empty() || request.keys.size() > kMaxBatchGetKeys) {
        return {count_error("requestItems.member.keys", request.keys.size(), kMaxBatchGetKeys), {}};
    }
    std::vector<PrimaryKey> keys;
    for (const auto& k : request.keys) {
        auto key = request_key(k, schema_.key);
        if (!key) return {key.take_error(), {}};
        keys.push_back(*key);
    }
    if (has_duplicate(keys))
        return {Error::validation("Provided list of item keys contains duplicates"), {}};
    BatchGetResponse response;
    ConsumedCapacity consumed;
    std::size_t response_bytes = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (response_bytes >= kMaxBatchBytes) {
            response.unprocessed_keys.push_back(request.keys[i]);
            continue;
        }
        const auto [item, bytes, entry] = find_sized(keys[i]);
        consumed.table_read +=
            read_units(bytes, request.consistency);  // each item rounded on its own
        if (!item) continue;
        response_bytes += bytes;
        response.items.push_back(projected(*item, request.projection));
    }
    return {std::move(response), consumed};
}

Outcome<BatchWriteResponse> Table::batch_write_item(const BatchWriteRequest& request) {
    if (request.entries.empty() || request.entries.size() > kMaxBatchWriteRequests) {
        return {count_error("requestItems.member", request.entries.size(), kMaxBatchWriteRequests),
                {}};
    }
    // The whole batch is validated before any of it is written.
    std::vector<PrimaryKey> keys;
    std::size_t total_bytes = 0;
    for (const auto& e : request.entries) {
        auto key = e.put ? item_key(e.item, schema_.key) : request_key(e.item, schema_.key);
        if (!key) return {key.take_error(), {}};
        keys.push_back(*key);
        if (e.put) {
            auto size = validate_item(e.item, "Item size has exceeded the maximum allowed size");
            if (!size) return {size.take_error(), {}};
            total_bytes += *size;
        }
    }
    if (has_duplicate(keys))
        return {Error::validation("Provided list of item keys contains duplicates"), {}};
    if (total_bytes > kMaxBatchBytes) {
        return {Error::validation(
                    "Item size has exceeded the maximum allowed size of a BatchWriteItem request"),
                {}};
    }
    ConsumedCapacity consumed;
    for (const auto& e : request.entries) {
        auto outcome = e.put ? put_item({e.item, std::nullopt, ReturnValues::kNone})
                             : delete_item({e.item, std::nullopt, ReturnValues::kNone});
        consumed += outcome.consumed;
        if (!outcome.result) return {outcome.result.take_error(), consumed};
    }
    return {BatchWriteResponse{}, consumed};
}

Outcome<TransactGetResponse> Table::transact_get_items(const TransactGetRequest& request) const {
    if (request.gets.empty() || request.gets.size() > kMaxTransactItems) {
        return {count_error("transactItems", request.gets.size(), kMaxTransactItems), {}};
    }
    std::vector<PrimaryKey> keys;
    for (const auto& g : request.gets) {
        auto key = request_key(g.key, schema_.key);
        if (!key) return {key.take_error(), {}};
        keys.push_back(*key);
    }
    if (has_duplicate(keys)) {
        return {
            Error::validation("Transaction request cannot include multiple operations on one item"),
            {}};
    }
    TransactGetResponse response;
    ConsumedCapacity consumed;
    std::size_t bytes_total = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto [item, bytes, entry] = find_sized(keys[i]);
        bytes_total += bytes;
        consumed.table_read += read_units(bytes, ReadConsistency::kTransactional);
        if (item && request.gets[i].projection)
            response.items.push_back(project(*item, *request.gets[i].projection));
        else if (item)
            response.items.push_back(*item);
        else
            response.items.push_back(std::nullopt);
    }
    if (bytes_total > kMaxTransactBytes) {
        return {Error::validation("Transaction size has exceeded the maximum allowed size of 4 MB"),
                {}};
    }
    return {std::move(response), consumed};
}

Outcome<TransactWriteResponse> Table::transact_write_items(const TransactWriteRequest& request) {
    using Kind = TransactWriteAction::Kind;
    const auto& actions = request.actions;
    if (actions.empty() || actions.size() > kMaxTransactItems) {
        return {count_error("transactItems", actions.size(), kMaxTransactItems), {}};
    }
    std::vector<PrimaryKey> keys;
    for (const auto& a : actions) {
        auto key =
            a.kind == Kind::kPut ? item_key(a.item, schema_.key) : request_key(a.item, schema_.key);
        if (!key) return {key.take_error(), {}};
        if (a.kind == Kind::kUpdate && a.update) {
            if (auto s = check_updatable(*a.update); !s) return {s.take_error(), {}};
        }
        keys.push_back(*key);
    }
    if (has_duplicate(keys)) {
        return {
            Error::validation("Transaction request cannot include multiple operations on one item"),
            {}};
    }

    // Idempotency window (DG: 10 minutes from the first use of a token).
    for (auto it = tokens_.begin(); it != tokens_.end();) {
        it = now_us_ - it->second.at_us >= kIdempotencyWindowUs ? tokens_.erase(it) : std::next(it);
    }
    if (!request.client_request_token.empty()) {
        if (auto t = tokens_.find(request.client_request_token); t != tokens_.end()) {
            if (t->second.fingerprint != request.fingerprint) {
                return {
                    Error(ErrorCode::kIdempotentParameterMismatch,
                          "Request with the same client token was used with different parameters"),
                    {}};
            }
            ConsumedCapacity consumed;
            for (const auto& key : keys) {
                consumed.table_read += read_units(find_sized(key).bytes, ReadConsistency::kStrong);
            }
            return {TransactWriteResponse{true}, consumed};
        }
    }

    // Prepare: every condition and every new image, before anything is written.
    std::vector<const Item*> existing(actions.size());
    std::vector<std::optional<Item>> after(actions.size());
    std::vector<std::size_t> old_sizes(actions.size()), new_sizes(actions.size());
    std::vector<Error::Reason> reasons(actions.size(), Error::Reason{"None", ""});
    bool cancelled = false;
    std::size_t total_bytes = 0;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const auto& a = actions[i];
        const Found found = find_sized(keys[i]);
        existing[i] = found.item;
        old_sizes[i] = found.bytes;
        if (a.condition && !evaluate_condition(*a.condition, existing[i] ? *existing[i] : Item{})) {
            reasons[i] = {"ConditionalCheckFailed", "The conditional request failed"};
            cancelled = true;
            continue;
        }
        if (a.kind == Kind::kPut) {
            after[i] = a.item;
        } else if (a.kind == Kind::kUpdate) {
            Item base = existing[i] ? *existing[i] : a.item;
            if (a.update) {
                auto applied = apply_update(base, *a.update);
                if (!applied) {
                    reasons[i] = {"ValidationError", applied.error().message};
                    cancelled = true;
                    continue;
                }
                after[i] = std::move(*applied);
            } else {
                after[i] = std::move(base);
            }
        }
        if (after[i]) {
            auto size = validate_item(*after[i],
                                      "Item size to update has exceeded the maximum allowed size");
            if (!size) {
                reasons[i] = {"ValidationError", size.error().message};
                cancelled = true;
                continue;
            }
            new_sizes[i] = *size;
            total_bytes += *size;
        }
    }
    if (total_bytes > kMaxTransactBytes) {
        return {Error::validation("Transaction size has exceeded the maximum allowed size of 4 MB"),
                {}};
    }
    // The LSI item-collection limit, checked here for the whole transaction (its writes to
    // one collection add up), so the commit below cannot fail part-way.
    if (!schema_.local_indexes.empty() && !cancelled) {
        std::map<AttributeValue, std::int64_t, KeyValueLess> delta;
        for (std::size_t i = 0; i < actions.size(); ++i) {
            if (actions[i].kind == Kind::kConditionCheck) continue;
            delta[*keys[i].partition] += collection_delta(
                existing[i], old_sizes[i], after[i] ? &*after[i] : nullptr, new_sizes[i]);
        }
        for (std::size_t i = 0; i < actions.size(); ++i) {
            if (!after[i]) continue;
            const auto bytes = static_cast<std::int64_t>(collection_bytes(*keys[i].partition)) +
                               delta[*keys[i].partition];
            if (bytes > static_cast<std::int64_t>(item_collection_limit_bytes_)) {
                reasons[i] = {"ItemCollectionSizeLimitExceeded", collection_limit_error().message};
                cancelled = true;
            }
        }
    }
    if (cancelled) {
        ConsumedCapacity consumed;
        if (kCancelledTransactionBillsPreparePhase) {
            for (std::size_t i = 0; i < actions.size(); ++i) {
                consumed.table_write +=
                    write_units(std::max(old_sizes[i], new_sizes[i]), WriteMode::kStandard);
            }
        }
        std::string codes;
        for (const auto& r : reasons)
            codes += (codes.empty() ? "" : ", ") + r.code;
        Error e(ErrorCode::kTransactionCanceled,
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                    codes + "]");
        e.reasons = std::move(reasons);
        return {std::move(e), consumed};
    }
    if (request.prepare_only) {
        // What this part is billed if another table's part cancels the transaction: the
        // prepare phase, as a cancelled transaction's items are billed above.
        ConsumedCapacity consumed;
        if (kCancelledTransactionBillsPreparePhase) {
            for (std::size_t i = 0; i < actions.size(); ++i)
                consumed.table_write +=
                    write_units(std::max(old_sizes[i], new_sizes[i]), WriteMode::kStandard);
        }
        return {TransactWriteResponse{false}, consumed};
    }

    // Commit.
    ConsumedCapacity consumed;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const auto& a = actions[i];
        if (a.kind == Kind::kConditionCheck) {
            consumed.table_write += write_units(old_sizes[i], WriteMode::kTransactional);
            continue;
        }
        const Found current = find_sized(keys[i]);  // as at prepare: keys are distinct
        consumed.table_write +=
            write_units(write_billing_bytes(old_sizes[i], after[i] ? new_sizes[i] : 0),
                        WriteMode::kTransactional);
        Item* next = after[i] ? &*after[i] : nullptr;
        if (auto s = commit_write(keys[i], current, next, new_sizes[i], WriteMode::kTransactional,
                                  consumed);
            !s) {
            return {s.take_error(), consumed};
        }
    }
    if (!request.client_request_token.empty()) {
        tokens_.emplace(request.client_request_token, TokenRecord{request.fingerprint, now_us_});
    }
    return {TransactWriteResponse{false}, consumed};
}

}  // namespace ddbsim::storage
