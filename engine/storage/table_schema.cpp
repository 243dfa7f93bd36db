#include "storage/table_schema.hpp"

#include "common/json_text.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace ddbsim::storage {
namespace {

using nlohmann::json;

Error invalid(std::string message, std::string pointer) {
    return Error::validation("One or more parameter values were invalid: " + std::move(message),
                             std::move(pointer));
}

Error constraint(const std::string& value, const std::string& field, const std::string& rule,
                 std::string pointer) {
    return Error::validation("1 validation error detected: Value '" + value + "' at '" + field +
                                 "' failed to satisfy constraint: " + rule,
                             std::move(pointer));
}

Result<const json*> member(const json& obj, const char* name, const std::string& pointer,
                           bool required, json::value_t type) {
    auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) {
        if (required) {
            return Error::validation(std::string("1 validation error detected: Value null at '") +
                                         name +
                                         "' failed to satisfy constraint: Member must not be null",
                                     pointer + "/" + name);
        }
        return static_cast<const json*>(nullptr);
    }
    if (type == json::value_t::number_integer && it->is_number_integer() && !json_int64(*it)) {
        return Error::validation(std::string("Expected an integer from -9223372036854775808 to "
                                             "9223372036854775807 for ") +
                                     name,
                                 pointer + "/" + name);
    }
    const bool type_ok =
        type == json::value_t::number_integer ? it->is_number_integer() : it->type() == type;
    if (!type_ok) {
        const char* expected = type == json::value_t::string    ? "a string"
                               : type == json::value_t::array   ? "an array"
                               : type == json::value_t::object  ? "an object"
                               : type == json::value_t::boolean ? "true or false"
                                                                : "an integer";
        return Error::validation(std::string("Expected ") + expected + " for " + name,
                                 pointer + "/" + name);
    }
    return &*it;
}

Result<std::map<std::string, AttrType>> parse_definitions(const json& request) {
    auto defs = member(request, "AttributeDefinitions", "", true, json::value_t::array);
    if (!defs) return defs.take_error();
    std::map<std::string, AttrType> out;
    for (std::size_t i = 0; i < (*defs)->size(); ++i) {
        const std::string p = "/AttributeDefinitions/" + std::to_string(i);
        const json& d = (**defs)[i];
        if (!d.is_object()) return Error::validation("Expected an AttributeDefinition object", p);
        auto name = member(d, "AttributeName", p, true, json::value_t::string);
        if (!name) return name.take_error();
        auto type = member(d, "AttributeType", p, true, json::value_t::string);
        if (!type) return type.take_error();
        const std::string& t = (*type)->get_ref<const std::string&>();
        AttrType at;
        if (!parse_type_descriptor(t, at) ||
            (at != AttrType::kS && at != AttrType::kN && at != AttrType::kB)) {
            return constraint(
                t, "attributeDefinitions." + std::to_string(i + 1) + ".member.attributeType",
                "Member must satisfy enum value set: [B, N, S]", p + "/AttributeType");
        }
        const std::string& n = (*name)->get_ref<const std::string&>();
        if (n.empty() || n.size() > 255) {
            return Error::validation("AttributeName must be 1 to 255 characters long",
                                     p + "/AttributeName");
        }
        if (!out.emplace(n, at).second) {
            return invalid("Cannot have two attributes with the same name", p + "/AttributeName");
        }
    }
    return out;
}

Result<KeySchema> parse_key_schema(const json& owner, const std::string& pointer,
                                   const std::map<std::string, AttrType>& defs,
                                   std::set<std::string>& used) {
    auto ks = member(owner, "KeySchema", pointer, true, json::value_t::array);
    if (!ks) return ks.take_error();
    const json& arr = **ks;
    const std::string p = pointer + "/KeySchema";
    if (arr.empty() || arr.size() > 2) {
        return Error::validation(
            "1 validation error detected: Value at 'keySchema' failed to satisfy "
            "constraint: Member must have length less than or equal to 2 and greater "
            "than or equal to 1",
            p);
    }
    KeySchema key;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string ep = p + "/" + std::to_string(i);
        if (!arr[i].is_object()) return Error::validation("Expected a KeySchemaElement object", ep);
        auto name = member(arr[i], "AttributeName", ep, true, json::value_t::string);
        if (!name) return name.take_error();
        auto type = member(arr[i], "KeyType", ep, true, json::value_t::string);
        if (!type) return type.take_error();
        const std::string& kt = (*type)->get_ref<const std::string&>();
        if (kt != "HASH" && kt != "RANGE") {
            return constraint(kt, "keySchema." + std::to_string(i + 1) + ".member.keyType",
                              "Member must satisfy enum value set: [HASH, RANGE]", ep + "/KeyType");
        }
        if (i == 0 && kt != "HASH") {
            return Error::validation(
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type", ep);
        }
        if (i == 1 && kt != "RANGE") {
            return Error::validation(
                "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type", ep);
        }
        const std::string& n = (*name)->get_ref<const std::string&>();
        auto def = defs.find(n);
        if (def == defs.end()) {
            return invalid(
                "Some index key attributes are not defined in AttributeDefinitions. Keys: [" + n +
                    "]",
                ep + "/AttributeName");
        }
        used.insert(n);
        KeyAttribute attr{n, def->second};
        if (i == 0)
            key.partition = attr;
        else
            key.sort = attr;
    }
    if (key.sort && key.sort->name == key.partition.name) {
        return Error::validation(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name", p);
    }
    return key;
}

Result<ProvisionedThroughput> parse_throughput(const json& pt, const std::string& p) {
    if (!pt.is_object()) return Error::validation("Expected a ProvisionedThroughput object", p);
    ProvisionedThroughput out;
    for (const char* field : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
        auto v = member(pt, field, p, true, json::value_t::number_integer);
        if (!v) return v.take_error();
        const std::int64_t units = (*v)->get<std::int64_t>();
        if (units < 1) {
            return constraint(std::to_string(units),
                              std::string("provisionedThroughput.") +
                                  (field[0] == 'R' ? "readCapacityUnits" : "writeCapacityUnits"),
                              "Member must have value greater than or equal to 1", p + "/" + field);
        }
        (field[0] == 'R' ? out.read_capacity_units : out.write_capacity_units) = units;
    }
    return out;
}

Result<Projection> parse_projection(const json& index, const std::string& pointer) {
    auto proj = member(index, "Projection", pointer, true, json::value_t::object);
    if (!proj) return proj.take_error();
    const std::string p = pointer + "/Projection";
    Projection out;
    auto type = member(**proj, "ProjectionType", p, false, json::value_t::string);
    if (!type) return type.take_error();
    const std::string t = *type ? (*type)->get<std::string>() : "ALL";
    if (t == "ALL")
        out.type = ProjectionType::kAll;
    else if (t == "KEYS_ONLY")
        out.type = ProjectionType::kKeysOnly;
    else if (t == "INCLUDE")
        out.type = ProjectionType::kInclude;
    else {
        return constraint(t, "projection.projectionType",
                          "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
                          p + "/ProjectionType");
    }
    auto nka = member(**proj, "NonKeyAttributes", p, false, json::value_t::array);
    if (!nka) return nka.take_error();
    if (*nka) {
        if (out.type != ProjectionType::kInclude) {
            return invalid("ProjectionType is " + t + ", but NonKeyAttributes is specified",
                           p + "/NonKeyAttributes");
        }
        for (std::size_t i = 0; i < (*nka)->size(); ++i) {
            const json& a = (**nka)[i];
            if (!a.is_string())
                return Error::validation("Expected an attribute name",
                                         p + "/NonKeyAttributes/" + std::to_string(i));
            out.non_key_attributes.push_back(a.get<std::string>());
        }
        if (out.non_key_attributes.empty()) {
            return invalid("NonKeyAttributes must not be empty", p + "/NonKeyAttributes");
        }
    } else if (out.type == ProjectionType::kInclude) {
        return invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified", p);
    }
    return out;
}

}  // namespace

Status validate_resource_name(const std::string& name, const std::string& what,
                              const std::string& pointer) {
    if (name.size() < 3) {
        return constraint(name, what, "Member must have length greater than or equal to 3",
                          pointer);
    }
    if (name.size() > 255) {
        return constraint(name, what, "Member must have length less than or equal to 255", pointer);
    }
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!ok)
            return constraint(name, what,
                              "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
                              pointer);
    }
    return {};
}

Result<IndexSchema> TableSchema::parse_new_global_index(const json& index, const json& definitions,
                                                        const std::string& pointer) const {
    auto defs = parse_definitions(json{{"AttributeDefinitions", definitions}});
    if (!defs) return defs.take_error();
    if (!index.is_object())
        return Error::validation("Expected an index definition object", pointer);
    IndexSchema idx;
    idx.global = true;
    auto name = member(index, "IndexName", pointer, true, json::value_t::string);
    if (!name) return name.take_error();
    idx.name = (*name)->get<std::string>();
    DDBSIM_TRY(validate_resource_name(idx.name, "indexName", pointer + "/IndexName"));
    std::set<std::string> used;
    auto key = parse_key_schema(index, pointer, *defs, used);
    if (!key) return key.take_error();
    idx.key = *key;
    for (const KeyAttribute* attr : {&idx.key.partition, idx.key.sort ? &*idx.key.sort : nullptr}) {
        if (!attr) continue;
        if (auto existing = key_attribute_type(attr->name); existing && *existing != attr->type) {
            return invalid(
                "Type of attribute " + attr->name + " does not match its existing definition",
                pointer);
        }
    }
    auto proj = parse_projection(index, pointer);
    if (!proj) return proj.take_error();
    idx.projection = std::move(*proj);
    auto pt = member(index, "ProvisionedThroughput", pointer, false, json::value_t::object);
    if (!pt) return pt.take_error();
    if (billing_mode == BillingMode::kProvisioned) {
        if (!*pt)
            return invalid("ProvisionedThroughput must be specified for index: " + idx.name,
                           pointer);
        auto t = parse_throughput(**pt, pointer + "/ProvisionedThroughput");
        if (!t) return t.take_error();
        idx.provisioned = *t;
    } else if (*pt) {
        return invalid("ProvisionedThroughput should not be specified for index: " + idx.name +
                           " when BillingMode is PAY_PER_REQUEST",
                       pointer + "/ProvisionedThroughput");
    }
    return idx;
}

const IndexSchema* TableSchema::find_index(std::string_view index_name) const {
    for (const auto* list : {&local_indexes, &global_indexes}) {
        for (const auto& idx : *list) {
            if (idx.name == index_name) return &idx;
        }
    }
    return nullptr;
}

std::optional<AttrType> TableSchema::key_attribute_type(std::string_view attr) const {
    auto check = [&](const KeySchema& k) -> std::optional<AttrType> {
        if (k.partition.name == attr) return k.partition.type;
        if (k.sort && k.sort->name == attr) return k.sort->type;
        return std::nullopt;
    };
    if (auto t = check(key)) return t;
    for (const auto* list : {&local_indexes, &global_indexes}) {
        for (const auto& idx : *list) {
            if (auto t = check(idx.key)) return t;
        }
    }
    return std::nullopt;
}

namespace {

// One secondary index of a CreateTable request (`p` its pointer): name, key schema, projection
// and, for a GSI of a provisioned table, its own throughput (DG CreateTable, LSI.html,
// GSI.html).
Result<IndexSchema> parse_index(const json& ij, const std::string& p, bool global, bool provisioned,
                                const TableSchema& schema,
                                const std::map<std::string, AttrType>& defs,
                                std::set<std::string>& used, std::set<std::string>& index_names,
                                std::set<std::string>& projected) {
    IndexSchema idx;
    idx.global = global;
    auto iname = member(ij, "IndexName", p, true, json::value_t::string);
    if (!iname) return iname.take_error();
    idx.name = (*iname)->get<std::string>();
    DDBSIM_TRY(validate_resource_name(idx.name, "indexName", p + "/IndexName"));
    if (!index_names.insert(idx.name).second) {
        return invalid("Duplicate index name: " + idx.name, p + "/IndexName");
    }
    auto ikey = parse_key_schema(ij, p, defs, used);
    if (!ikey) return ikey.take_error();
    idx.key = *ikey;
    if (!global) {
        if (!schema.key.sort) {
            return invalid(
                "Table KeySchema does not have a range key, which is required when "
                "specifying "
                "a LocalSecondaryIndex",
                p);
        }
        if (idx.key.partition.name != schema.key.partition.name || !idx.key.sort) {
            return invalid(
                "Index KeySchema does not have the same leading hash key as table "
                "KeySchema for "
                "index: " +
                    idx.name,
                p + "/KeySchema");
        }
    }
    auto proj = parse_projection(ij, p);
    if (!proj) return proj.take_error();
    idx.projection = std::move(*proj);
    for (const auto& a : idx.projection.non_key_attributes)
        projected.insert(a);
    auto ipt = member(ij, "ProvisionedThroughput", p, false, json::value_t::object);
    if (!ipt) return ipt.take_error();
    if (global && provisioned) {
        if (!*ipt) {
            return invalid("ProvisionedThroughput must be specified for index: " + idx.name,
                           p + "/ProvisionedThroughput");
        }
        auto t = parse_throughput(**ipt, p + "/ProvisionedThroughput");
        if (!t) return t.take_error();
        idx.provisioned = *t;
    } else if (*ipt) {
        return invalid(
            global ? "ProvisionedThroughput should not be specified for index: " + idx.name +
                         " when BillingMode is PAY_PER_REQUEST"
                   : "LocalSecondaryIndex cannot have ProvisionedThroughput: " + idx.name,
            p + "/ProvisionedThroughput");
    }
    return idx;
}

// StreamSpecification: whether the table has a stream and what its records hold.
Status parse_stream(const json& request, TableSchema& schema) {
    auto stream = member(request, "StreamSpecification", "", false, json::value_t::object);
    if (!stream) return stream.take_error();
    if (*stream) {
        auto enabled =
            member(**stream, "StreamEnabled", "/StreamSpecification", true, json::value_t::boolean);
        if (!enabled) return enabled.take_error();
        schema.stream.enabled = (*enabled)->get<bool>();
        auto view = member(**stream, "StreamViewType", "/StreamSpecification", false,
                           json::value_t::string);
        if (!view) return view.take_error();
        if (*view) {
            const std::string& v = (*view)->get_ref<const std::string&>();
            if (v == "KEYS_ONLY")
                schema.stream.view_type = StreamViewType::kKeysOnly;
            else if (v == "NEW_IMAGE")
                schema.stream.view_type = StreamViewType::kNewImage;
            else if (v == "OLD_IMAGE")
                schema.stream.view_type = StreamViewType::kOldImage;
            else if (v == "NEW_AND_OLD_IMAGES")
                schema.stream.view_type = StreamViewType::kNewAndOldImages;
            else {
                return constraint(v, "streamSpecification.streamViewType",
                                  "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, "
                                  "NEW_AND_OLD_IMAGES, "
                                  "KEYS_ONLY]",
                                  "/StreamSpecification/StreamViewType");
            }
        } else if (schema.stream.enabled) {
            return invalid("StreamViewType is required when StreamEnabled is true",
                           "/StreamSpecification");
        }
    }
    return {};
}

}  // namespace

Result<TableSchema> TableSchema::from_create_table_json(const json& request) {
    if (!request.is_object())
        return Error::validation("Expected a CreateTable request (a JSON object)", "/");
    TableSchema schema;
    auto name = member(request, "TableName", "", true, json::value_t::string);
    if (!name) return name.take_error();
    schema.name = (*name)->get<std::string>();
    DDBSIM_TRY(validate_resource_name(schema.name, "tableName", "/TableName"));

    auto defs = parse_definitions(request);
    if (!defs) return defs.take_error();
    std::set<std::string> used;
    auto key = parse_key_schema(request, "", *defs, used);
    if (!key) return key.take_error();
    schema.key = *key;

    auto billing = member(request, "BillingMode", "", false, json::value_t::string);
    if (!billing) return billing.take_error();
    if (*billing) {
        const std::string& b = (*billing)->get_ref<const std::string&>();
        if (b == "PROVISIONED")
            schema.billing_mode = BillingMode::kProvisioned;
        else if (b == "PAY_PER_REQUEST")
            schema.billing_mode = BillingMode::kPayPerRequest;
        else {
            return constraint(b, "billingMode",
                              "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
                              "/BillingMode");
        }
    }
    const bool provisioned = schema.billing_mode == BillingMode::kProvisioned;
    auto pt = member(request, "ProvisionedThroughput", "", false, json::value_t::object);
    if (!pt) return pt.take_error();
    if (*pt) {
        if (!provisioned) {
            return invalid(
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when "
                "BillingMode is "
                "PAY_PER_REQUEST",
                "/ProvisionedThroughput");
        }
        auto t = parse_throughput(**pt, "/ProvisionedThroughput");
        if (!t) return t.take_error();
        schema.provisioned = *t;
    } else if (provisioned) {
        return invalid(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
            "PROVISIONED",
            "/ProvisionedThroughput");
    }

    std::set<std::string> index_names;
    std::set<std::string> projected;
    for (const bool global : {false, true}) {
        const char* field = global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
        auto list = member(request, field, "", false, json::value_t::array);
        if (!list) return list.take_error();
        if (!*list) continue;
        const std::size_t limit = global ? kMaxGlobalSecondaryIndexes : kMaxLocalSecondaryIndexes;
        if ((*list)->empty())
            return invalid(std::string("List of ") + field + " is empty", std::string("/") + field);
        if ((*list)->size() > limit) {
            return invalid(std::string("Number of ") + field + " exceeds per-table limit of " +
                               std::to_string(limit),
                           std::string("/") + field);
        }
        for (std::size_t i = 0; i < (*list)->size(); ++i) {
            const std::string p = std::string("/") + field + "/" + std::to_string(i);
            const json& ij = (**list)[i];
            if (!ij.is_object()) return Error::validation("Expected an index definition object", p);
            auto idx = parse_index(ij, p, global, provisioned, schema, *defs, used, index_names,
                                   projected);
            if (!idx) return idx.take_error();
            (global ? schema.global_indexes : schema.local_indexes).push_back(std::move(*idx));
        }
    }
    if (projected.size() > kMaxProjectedNonKeyAttributes) {
        return invalid("The number of projected attributes in all indexes exceeds the limit of 100",
                       "/");
    }
    if (used.size() != defs->size()) {
        return invalid(
            "Number of attributes in KeySchema does not exactly match number of attributes defined "
            "in "
            "AttributeDefinitions",
            "/AttributeDefinitions");
    }

    DDBSIM_TRY(parse_stream(request, schema));
    auto table_class = member(request, "TableClass", "", false, json::value_t::string);
    if (!table_class) return table_class.take_error();
    if (*table_class) {
        const std::string& c = (*table_class)->get_ref<const std::string&>();
        if (c == "STANDARD")
            schema.table_class = TableClass::kStandard;
        else if (c == "STANDARD_INFREQUENT_ACCESS")
            schema.table_class = TableClass::kStandardInfrequentAccess;
        else {
            return constraint(
                c, "tableClass",
                "Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]",
                "/TableClass");
        }
    }
    return schema;
}

}  // namespace ddbsim::storage
