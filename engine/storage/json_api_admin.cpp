// Table-level and stream operations in DynamoDB's JSON: UpdateTable (GSI create/delete,
// stream settings), UpdateTimeToLive, DescribeTimeToLive, DescribeStream, GetShardIterator,
// GetRecords — and two ddbsim directives for request files: `ddbsim:SetTime` (the table's
// clock, which dates stream records and drives TTL) and `ddbsim:SweepTtl` (run the TTL sweep).
#include <charconv>
#include <limits>

#include "common/json_text.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/json_api_params.hpp"

namespace ddbsim::storage {

using namespace api;

namespace {

// A decimal number of at most 20 digits that fits in uint64_t (std::from_chars: no
// exception, overflow reported), or nullopt.
std::optional<std::uint64_t> decimal_u64(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty() || text.size() > 20 ||
        text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// The TTL sweep's delay: any more would overflow microseconds of table time.
constexpr std::int64_t kMaxSweepDelaySeconds = 100LL * 366 * 86400;

constexpr const char* kShardId = "shardId-00000000000000000001-00000001";

std::string stream_arn(const Table& table) {
    return "arn:aws:dynamodb:us-east-1:000000000000:table/" + table.schema().name +
           "/stream/1970-01-01T00:00:00.000";
}

const char* view_name(StreamViewType v) {
    switch (v) {
        case StreamViewType::kKeysOnly:
            return "KEYS_ONLY";
        case StreamViewType::kNewImage:
            return "NEW_IMAGE";
        case StreamViewType::kOldImage:
            return "OLD_IMAGE";
        case StreamViewType::kNewAndOldImages:
            return "NEW_AND_OLD_IMAGES";
    }
    return "";
}

std::string sequence_text(std::uint64_t sequence) {
    std::string s = std::to_string(sequence);
    return std::string(21 - std::min<std::size_t>(21, s.size()), '0') + s;
}

ApiResponse ok(json body) {
    ApiResponse r;
    r.ok = true;
    r.body = std::move(body);
    return r;
}

Result<const Stream*> stream_of(const Table& table, const json& request) {
    auto arn = optional_string(request, "StreamArn");
    if (!arn) return arn.take_error();
    if (!table.stream() || *arn != stream_arn(table)) {
        return Error(ErrorCode::kResourceNotFound,
                     "Requested resource not found: Stream: " + *arn + " not found", "/StreamArn");
    }
    return table.stream();
}

json record_json(const StreamRecord& r, StreamViewType view) {
    static const char* kEvents[] = {"INSERT", "MODIFY", "REMOVE"};
    json dynamodb = {{"ApproximateCreationDateTime", r.created_us / 1'000'000},
                     {"Keys", to_json(r.keys)},
                     {"SequenceNumber", sequence_text(r.sequence)},
                     {"SizeBytes", r.size_bytes},
                     {"StreamViewType", view_name(view)}};
    if (r.new_image) dynamodb["NewImage"] = to_json(*r.new_image);
    if (r.old_image) dynamodb["OldImage"] = to_json(*r.old_image);
    json out = {{"eventID", std::to_string(r.sequence)},
                {"eventName", kEvents[static_cast<int>(r.event)]},
                {"eventVersion", "1.1"},
                {"eventSource", "aws:dynamodb"},
                {"awsRegion", "us-east-1"},
                {"dynamodb", std::move(dynamodb)}};
    if (r.service_delete)
        // The API Reference's Identity shape (PrincipalId, Type), as GetRecords returns it.
        out["userIdentity"] = {{"Type", "Service"}, {"PrincipalId", "dynamodb.amazonaws.com"}};
    return out;
}

}  // namespace

ApiResponse handle_update_table(Table& table, const json& request) {
    if (auto s = check_members(
            request, {"AttributeDefinitions", "GlobalSecondaryIndexUpdates", "StreamSpecification",
                      "BillingMode", "ProvisionedThroughput", "TableClass"});
        !s) {
        return failure(s.take_error());
    }
    if (auto c = parse_common(request, table); !c) return failure(c.take_error());
    const json definitions = request.value("AttributeDefinitions", json::array());
    if (auto updates = request.find("GlobalSecondaryIndexUpdates"); updates != request.end()) {
        if (!updates->is_array())
            return failure(Error::validation("Expected an array", "/GlobalSecondaryIndexUpdates"));
        for (std::size_t i = 0; i < updates->size(); ++i) {
            const std::string p = "/GlobalSecondaryIndexUpdates/" + std::to_string(i);
            const json& u = (*updates)[i];
            if (u.is_object() && u.contains("Create")) {
                auto index =
                    table.schema().parse_new_global_index(u["Create"], definitions, p + "/Create");
                if (!index) return failure(index.take_error());
                if (auto s = table.add_global_index(std::move(*index)); !s)
                    return failure(at(s.take_error(), p));
            } else if (u.is_object() && u.contains("Delete") && u["Delete"].contains("IndexName")) {
                const json& name = u["Delete"]["IndexName"];
                if (!name.is_string())
                    return failure(
                        Error::validation("Expected an index name", p + "/Delete/IndexName"));
                if (auto s = table.remove_global_index(name.get<std::string>()); !s)
                    return failure(at(s.take_error(), p));
            } else {
                return failure(Error::validation(
                    "Expected Create or Delete (Update changes only throughput, which the "
                    "storage core does not model)",
                    p));
            }
        }
    }
    if (auto spec = request.find("StreamSpecification"); spec != request.end()) {
        json create = {{"TableName", table.schema().name},
                       {"AttributeDefinitions",
                        json::array({{{"AttributeName", "k"}, {"AttributeType", "S"}}})},
                       {"KeySchema", json::array({{{"AttributeName", "k"}, {"KeyType", "HASH"}}})},
                       {"BillingMode", "PAY_PER_REQUEST"},
                       {"StreamSpecification", *spec}};
        auto parsed = TableSchema::from_create_table_json(create);
        if (!parsed) return failure(parsed.take_error());
        table.set_stream(parsed->stream);
    }
    json description = {{"TableName", table.schema().name}, {"TableStatus", "ACTIVE"}};
    json gsis = json::array();
    for (const auto& g : table.schema().global_indexes)
        gsis.push_back({{"IndexName", g.name}, {"IndexStatus", "ACTIVE"}});
    if (!gsis.empty()) description["GlobalSecondaryIndexes"] = std::move(gsis);
    if (table.stream()) {
        description["LatestStreamArn"] = stream_arn(table);
        description["StreamSpecification"] = {
            {"StreamEnabled", true}, {"StreamViewType", view_name(table.stream()->view_type())}};
    }
    return ok({{"TableDescription", std::move(description)}});
}

ApiResponse handle_update_ttl(Table& table, const json& request) {
    if (auto s = check_members(request, {"TimeToLiveSpecification"}); !s)
        return failure(s.take_error());
    if (auto c = parse_common(request, table); !c) return failure(c.take_error());
    auto spec = request.find("TimeToLiveSpecification");
    if (spec == request.end() || !spec->is_object() || !(*spec)["Enabled"].is_boolean() ||
        !spec->value("AttributeName", json()).is_string()) {
        return failure(
            Error::validation("Expected {\"Enabled\": true|false, \"AttributeName\": \"...\"}",
                              "/TimeToLiveSpecification"));
    }
    const bool enabled = (*spec)["Enabled"].get<bool>();
    const std::string name = (*spec)["AttributeName"].get<std::string>();
    if (name.empty() || name.size() > 255) {
        return failure(
            Error::validation("TimeToLiveSpecification.AttributeName must be 1 to 255 characters",
                              "/TimeToLiveSpecification/AttributeName"));
    }
    if (enabled && !table.ttl_attribute().empty()) {
        return failure(
            Error::validation("TimeToLive is already enabled", "/TimeToLiveSpecification/Enabled"));
    }
    if (!enabled && table.ttl_attribute().empty()) {
        return failure(Error::validation("TimeToLive is already disabled",
                                         "/TimeToLiveSpecification/Enabled"));
    }
    table.set_ttl_attribute(enabled ? name : std::string());
    return ok({{"TimeToLiveSpecification", *spec}});
}

ApiResponse handle_describe_ttl(Table& table, const json& request) {
    if (auto s = check_members(request, {}); !s) return failure(s.take_error());
    if (auto c = parse_common(request, table); !c) return failure(c.take_error());
    json d = {{"TimeToLiveStatus", table.ttl_attribute().empty() ? "DISABLED" : "ENABLED"}};
    if (!table.ttl_attribute().empty()) d["AttributeName"] = table.ttl_attribute();
    return ok({{"TimeToLiveDescription", std::move(d)}});
}

ApiResponse handle_describe_stream(Table& table, const json& request) {
    auto stream = stream_of(table, request);
    if (!stream) return failure(stream.take_error());
    json key_schema =
        json::array({{{"AttributeName", table.schema().key.partition.name}, {"KeyType", "HASH"}}});
    if (table.schema().key.sort)
        key_schema.push_back(
            {{"AttributeName", table.schema().key.sort->name}, {"KeyType", "RANGE"}});
    return ok({{"StreamDescription",
                {{"StreamArn", stream_arn(table)},
                 {"StreamStatus", "ENABLED"},
                 {"StreamViewType", view_name((*stream)->view_type())},
                 {"TableName", table.schema().name},
                 {"KeySchema", std::move(key_schema)},
                 {"Shards", json::array({{{"ShardId", kShardId},
                                          {"SequenceNumberRange",
                                           {{"StartingSequenceNumber",
                                             sequence_text((*stream)->first_sequence())}}}}})}}}});
}

ApiResponse handle_get_shard_iterator(Table& table, const json& request) {
    auto stream = stream_of(table, request);
    if (!stream) return failure(stream.take_error());
    auto shard = optional_string(request, "ShardId");
    if (!shard) return failure(shard.take_error());
    if (*shard != kShardId)
        return failure(
            Error(ErrorCode::kResourceNotFound, "Requested resource not found: Shard", "/ShardId"));
    auto type = optional_string(request, "ShardIteratorType");
    if (!type) return failure(type.take_error());
    std::uint64_t position;
    if (*type == "TRIM_HORIZON") {
        position = (*stream)->first_sequence();
    } else if (*type == "LATEST") {
        position = (*stream)->next_sequence();
    } else if (*type == "AT_SEQUENCE_NUMBER" || *type == "AFTER_SEQUENCE_NUMBER") {
        auto seq = optional_string(request, "SequenceNumber");
        if (!seq) return failure(seq.take_error());
        const auto parsed = decimal_u64(*seq);
        if (!parsed || *parsed == std::numeric_limits<std::uint64_t>::max())
            return failure(Error::validation("Invalid SequenceNumber", "/SequenceNumber"));
        position = *parsed + (*type == "AFTER_SEQUENCE_NUMBER" ? 1 : 0);
    } else {
        return failure(Error::validation(
            "ShardIteratorType must be TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER or "
            "AFTER_SEQUENCE_NUMBER",
            "/ShardIteratorType"));
    }
    return ok(
        {{"ShardIterator", stream_arn(table) + "|" + kShardId + "|" + std::to_string(position)}});
}

ApiResponse handle_get_records(Table& table, const json& request) {
    auto iterator = optional_string(request, "ShardIterator");
    if (!iterator) return failure(iterator.take_error());
    const std::string prefix = stream_arn(table) + "|" + kShardId + "|";
    const auto parsed = iterator->rfind(prefix, 0) == 0
                            ? decimal_u64(std::string_view(*iterator).substr(prefix.size()))
                            : std::nullopt;
    if (!table.stream() || !parsed)
        return failure(Error::validation("Invalid ShardIterator", "/ShardIterator"));
    const std::uint64_t position = *parsed;
    std::size_t limit = kGetRecordsMaxRecords;
    if (auto it = request.find("Limit"); it != request.end()) {
        const auto l = json_int64(*it);
        if (!l || *l < 1 || *l > 1000)
            return failure(Error::validation("Limit must be between 1 and 1000", "/Limit"));
        limit = static_cast<std::size_t>(*l);
    }
    const Stream& stream = *table.stream();
    if (position < stream.first_sequence()) {
        return failure(
            Error(ErrorCode::kTrimmedDataAccess,
                  "The operation attempted to read past the oldest stream record in a shard."));
    }
    auto records = stream.read(position, limit);
    json out = json::array();
    for (const auto* r : records)
        out.push_back(record_json(*r, stream.view_type()));
    const std::uint64_t next = records.empty() ? position : records.back()->sequence + 1;
    ApiResponse r =
        ok({{"Records", std::move(out)}, {"NextShardIterator", prefix + std::to_string(next)}});
    r.consumed.stream_read_request_units =
        1;  // every GetRecords call is one streams read request unit
    return r;
}

ApiResponse handle_directive(Table& table, std::string_view operation, const json& request) {
    if (operation == "ddbsim:SetTime") {
        auto it = request.find("EpochSeconds");
        const auto seconds = it == request.end() ? std::nullopt : json_int64(*it);
        if (!seconds || *seconds < 0 || *seconds > 253402300799) {
            return failure(Error::validation(
                "Expected EpochSeconds, an integer number of seconds since 1970", "/EpochSeconds"));
        }
        table.set_time_us(*seconds * 1'000'000);
        return ok(json::object());
    }
    std::int64_t delay = 0;
    if (auto it = request.find("DelaySeconds"); it != request.end()) {
        const auto d = json_int64(*it);
        if (!d || *d < 0 || *d > kMaxSweepDelaySeconds) {
            return failure(Error::validation("DelaySeconds must be an integer from 0 to " +
                                                 std::to_string(kMaxSweepDelaySeconds) +
                                                 " (100 years)",
                                             "/DelaySeconds"));
        }
        delay = *d;
    }
    return ok({{"DeletedItems", table.sweep_expired(delay)}});
}

}  // namespace ddbsim::storage
