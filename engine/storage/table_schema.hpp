// TableSchema: a table's definition, read from a CreateTable request and validated as
// DynamoDB validates it.
//
// Accepts the JSON of `aws dynamodb create-table --generate-cli-skeleton` (fields it does not
// model, such as Tags or SSESpecification, are accepted and ignored). Rules (DG: CreateTable,
// ServiceQuotas, docs/dynamodb-model.md "Key attributes"): names of 3–255 characters from
// a-z A-Z 0-9 _ - .; key attributes typed S, N or B and declared in AttributeDefinitions,
// every definition used by some key; HASH then optional RANGE; up to 5 LSIs (table must
// have a sort key, same partition key) and 20 GSIs; projections ALL, KEYS_ONLY or INCLUDE
// (INCLUDE needs NonKeyAttributes; at most 100 projected non-key attributes in total);
// PROVISIONED needs ProvisionedThroughput ≥ 1 for the table and each GSI, PAY_PER_REQUEST
// forbids it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "storage/attribute_value.hpp"

namespace ddbsim::storage {

// One key attribute: its name and scalar type (S, N or B).
struct KeyAttribute {
    std::string name;
    AttrType type = AttrType::kS;
    friend bool operator==(const KeyAttribute&, const KeyAttribute&) = default;
};

// A primary key shape: a partition (HASH) key and an optional sort (RANGE) key.
struct KeySchema {
    KeyAttribute partition;
    std::optional<KeyAttribute> sort;
    bool has(std::string_view name) const {
        return partition.name == name || (sort && sort->name == name);
    }
};

enum class ProjectionType { kAll, kKeysOnly, kInclude };

struct Projection {
    ProjectionType type = ProjectionType::kAll;
    std::vector<std::string> non_key_attributes;  // INCLUDE only
};

struct ProvisionedThroughput {
    std::int64_t read_capacity_units = 0;
    std::int64_t write_capacity_units = 0;
};

// A local or global secondary index.
struct IndexSchema {
    std::string name;
    bool global = false;
    KeySchema key;
    Projection projection;
    std::optional<ProvisionedThroughput> provisioned;  // GSIs in PROVISIONED mode
};

enum class BillingMode { kProvisioned, kPayPerRequest };
enum class TableClass { kStandard, kStandardInfrequentAccess };
enum class StreamViewType { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };

struct StreamSpecification {
    bool enabled = false;
    StreamViewType view_type = StreamViewType::kNewAndOldImages;
};

inline constexpr std::size_t kMaxLocalSecondaryIndexes = 5;    // DG: ServiceQuotas
inline constexpr std::size_t kMaxGlobalSecondaryIndexes = 20;  // DG: ServiceQuotas (default)
inline constexpr std::size_t kMaxProjectedNonKeyAttributes = 100;

struct TableSchema {
    std::string name;
    KeySchema key;
    std::vector<IndexSchema> local_indexes;
    std::vector<IndexSchema> global_indexes;
    BillingMode billing_mode = BillingMode::kProvisioned;
    std::optional<ProvisionedThroughput> provisioned;
    StreamSpecification stream;
    TableClass table_class = TableClass::kStandard;

    // Finds an index by name (local or global); nullptr if none.
    const IndexSchema* find_index(std::string_view index_name) const;
    // The declared type of a key attribute of the table or any index; nullopt if `attr` is
    // not a key attribute anywhere.
    std::optional<AttrType> key_attribute_type(std::string_view attr) const;

    // Validates a CreateTable request. Errors are ValidationExceptions with the JSON pointer
    // of the offending field.
    static Result<TableSchema> from_create_table_json(const nlohmann::json& request);

    // Validates the `Create` member of an UpdateTable GlobalSecondaryIndexUpdates entry
    // (`index` at `pointer`) against the request's AttributeDefinitions.
    Result<IndexSchema> parse_new_global_index(const nlohmann::json& index,
                                               const nlohmann::json& definitions,
                                               const std::string& pointer) const;
};

// Validates a table or index name (3–255 chars of a-z A-Z 0-9 _ - .). `what` names the field
// in the message (DynamoDB's "tableName" / "indexName").
Status validate_resource_name(const std::string& name, const std::string& what,
                              const std::string& pointer);

}  // namespace ddbsim::storage
