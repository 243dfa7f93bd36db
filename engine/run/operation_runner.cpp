#include "run/operation_runner.hpp"

#include "run/item_factory.hpp"

namespace ddbsim::run {

bool is_group(Op op) {
    return op == Op::kTransactWriteItems || op == Op::kTransactGetItems ||
           op == Op::kBatchWriteItem;
}

namespace {

storage::UpdateExpression counter_update() {
    storage::Item values{{":one", storage::AttributeValue::number(storage::Decimal::from_int(1))}};
    storage::ExpressionContext ctx(nullptr, &values);
    return storage::parse_update("ADD n :one", ctx).value();
}

}  // namespace

OperationRunner::OperationRunner(const SimulationConfig& config) : config_(config) {
    get_.return_item = false;  // billed the same; the simulator never reads the item
    update_.update = counter_update();
    for (const auto& s : config.streams) {
        Parsed p;
        storage::ExpressionContext ctx(&s.expression_names, &s.expression_values);
        if (!s.filter.empty()) {
            if (auto f = storage::parse_condition(s.filter, storage::ExpressionKind::kFilter, ctx))
                p.filter = std::move(*f);
        }
        if (!s.projection.empty()) {
            if (auto pr = storage::parse_projection(s.projection, ctx))
                p.projection = std::move(*pr);
        }
        parsed_.push_back(std::move(p));
    }
    puts_.resize(config.streams.size());
}

std::vector<storage::Item> OperationRunner::group_items(std::size_t stream, std::uint64_t key,
                                                        int shard, bool keys_only) const {
    const auto& s = config_.streams[stream];
    const auto& table = config_.table;
    std::vector<storage::Item> items;
    const int n = std::max(1, s.group_size);
    for (int i = 0; i < n; ++i) {
        storage::Item item;
        if (table.key.sort) {
            item = keys_only ? key_item(table, s, key, shard) : full_item(table, s, key, shard);
            const auto& sk = *table.key.sort;
            item[sk.name] = sk.type == storage::AttrType::kN
                                ? storage::AttributeValue::number(storage::Decimal::from_int(i))
                                : storage::AttributeValue::string(std::to_string(i));
        } else {
            const std::uint64_t k = (key + static_cast<std::uint64_t>(i)) % s.keys.key_count();
            item = keys_only ? key_item(table, s, k, shard) : full_item(table, s, k, shard);
        }
        items.push_back(std::move(item));
    }
    return items;
}

OperationOutcome OperationRunner::run(storage::Table& table, Op op,
                                      storage::ReadConsistency consistency,
                                      OperationTarget target) {
    const std::size_t stream = target.stream;
    const std::uint64_t key = target.key;
    const int shard = target.shard;
    const std::int64_t sort = target.sort;
    const auto& s = config_.streams[stream];
    const auto& parsed = parsed_[stream];
    // A single-item operation's key, written over the reused request's: the caller's copy,
    // or built here.
    auto set_key = [&](storage::Item& request_key) {
        if (target.primary_key)
            request_key = *target.primary_key;
        else
            assign_key_item(request_key, config_.table, s, key, shard, sort);
    };
    OperationOutcome out;
    auto take = [&](auto&& o) {
        out.consumed = std::move(o.consumed);
        if (!o.result.ok()) {
            out.condition_failed = o.result.error().code == ErrorCode::kConditionalCheckFailed;
            out.user_error = !out.condition_failed;
        }
    };
    switch (op) {
        case Op::kGetItem:
            set_key(get_.key);
            get_.consistency = consistency;
            get_.partition_hash = target.partition_hash;
            get_.projection = parsed.projection;
            take(table.get_item(get_));
            break;
        case Op::kPutItem:
            if (target.new_item) {
                take(table.put_item(
                    {std::move(*target.new_item), std::nullopt, storage::ReturnValues::kNone}));
                break;
            }
            // The stream's item, written over its last one and copied over the stored one:
            // same-shaped items reuse every buffer (attribute_map.hpp).
            assign_full_item(puts_[stream].item, config_.table, s, key, shard, sort);
            take(table.put_item(puts_[stream]));
            break;
        case Op::kUpdateItem:
            set_key(update_.key);
            take(table.update_item(update_));
            break;
        case Op::kDeleteItem:
            set_key(delete_.key);
            take(table.delete_item(delete_));
            break;
        case Op::kQuery: {
            storage::QueryRequest q;
            q.index_name = s.index_name;
            q.partition_key = target.index_value
                                  ? *target.index_value
                                  : partition_key_value(config_.table, s, key, shard);
            q.consistency = consistency;
            q.limit = s.limit;
            q.scan_index_forward = s.scan_index_forward;
            q.filter = parsed.filter;
            q.projection = parsed.projection;
            take(table.query(q));
            break;
        }
        case Op::kScan: {
            // One page per request, starting at the key drawn (a reader paging through).
            storage::ScanRequest q;
            q.consistency = consistency;
            q.limit = s.limit.value_or(100);
            q.filter = parsed.filter;
            q.projection = parsed.projection;
            q.exclusive_start_key = key_item(config_.table, s, key, shard);
            take(table.scan(q));
            break;
        }
        case Op::kTransactWriteItems: {
            storage::TransactWriteRequest t;
            for (auto& item : group_items(stream, key, shard, false))
                t.actions.push_back({storage::TransactWriteAction::Kind::kPut, std::move(item),
                                     std::nullopt, std::nullopt});
            take(table.transact_write_items(t));
            break;
        }
        case Op::kTransactGetItems: {
            storage::TransactGetRequest t;
            for (auto& item : group_items(stream, key, shard, true))
                t.gets.push_back(
                    {std::move(item), storage::ReadConsistency::kStrong, parsed.projection});
            take(table.transact_get_items(t));
            break;
        }
        case Op::kBatchWriteItem: {
            storage::BatchWriteRequest b;
            for (auto& item : group_items(stream, key, shard, false))
                b.entries.push_back({true, std::move(item)});
            take(table.batch_write_item(b));
            break;
        }
    }
    return out;
}

}  // namespace ddbsim::run
