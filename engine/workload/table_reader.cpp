#include <fstream>
#include <sstream>

#include "common/json_text.hpp"
#include "storage/item_size.hpp"
#include "storage/primary_key.hpp"
#include "workload/scenario_reader.hpp"

namespace ddbsim::workload::reading {
namespace {

std::optional<model::AutoScalingPolicy> scaling_policy(Reader& r, const json& j,
                                                       const std::string& p) {
    if (!j.is_object()) {
        r.expected(p, j, "an Application Auto Scaling target-tracking object");
        return std::nullopt;
    }
    r.only(
        j, p,
        {"MinCapacity", "MaxCapacity", "TargetTrackingScalingPolicyConfiguration", "updateDelay"});
    model::AutoScalingPolicy policy;
    auto min = r.integer(j, "MinCapacity", p, 1, 40'000'000, std::nullopt);
    auto max = r.integer(j, "MaxCapacity", p, 1, 40'000'000, std::nullopt);
    const json* tt = r.object(j, "TargetTrackingScalingPolicyConfiguration", p, true);
    std::optional<double> target;
    if (tt) {
        r.only(*tt, p + "/TargetTrackingScalingPolicyConfiguration",
               {"TargetValue", "ScaleInCooldown", "ScaleOutCooldown", "DisableScaleIn",
                "PredefinedMetricSpecification"});
        target = r.number(*tt, "TargetValue", p + "/TargetTrackingScalingPolicyConfiguration", 20,
                          90, std::nullopt);
    }
    if (auto delay = r.duration(j, "updateDelay", p, false)) policy.update_delay = *delay;
    if (!min || !max || !target) return std::nullopt;
    if (*min > *max) {
        r.problem(p + "/MinCapacity", "found " + std::to_string(*min) +
                                          ", expected at most MaxCapacity (" +
                                          std::to_string(*max) + ")");
        return std::nullopt;
    }
    policy.min_capacity = *min;
    policy.max_capacity = *max;
    policy.target_utilization = *target;
    return policy;
}

// `data.seedItems`: a file of DynamoDB JSON items, one a line, written before the run.
void seed_items(Reader& r, const json& j, SimulationConfig& c) {
    const std::string p = "/data/seedItems";
    if (!j.is_string()) {
        r.expected(p, j, "the path of a DynamoDB JSON lines file");
        return;
    }
    const std::string file = j.get<std::string>();
    const std::string path =
        !file.empty() && file[0] != '/' && !r.base_dir.empty() ? r.base_dir + "/" + file : file;
    std::ifstream in(path);
    if (!in) {
        r.problem(p, "cannot read \"" + file + "\"" +
                         (path != file ? " (relative to the scenario's directory)" : "") +
                         ", expected a DynamoDB JSON lines file");
        return;
    }
    std::string line;
    int n = 0;
    std::uint64_t bytes = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto parsed = parse_json_text(line);
        if (!parsed) {
            r.problem(p, path + ":" + std::to_string(n) + ": " + parsed.error().message);
            return;
        }
        const json& doc = *parsed;
        auto item = storage::item_from_json(doc.contains("Item") ? doc["Item"] : doc, "");
        if (!item) {
            r.problem(p, path + ":" + std::to_string(n) + ": " + item.error().message);
            return;
        }
        if (!c.table.key.partition.name.empty()) {
            if (auto key = storage::item_key(*item, c.table.key); !key) {
                r.problem(p, path + ":" + std::to_string(n) + ": " + key.error().message);
                return;
            }
        }
        bytes += storage::item_size(*item);
        c.seed_items.push_back(std::move(*item));
    }
    c.initial_data_bytes += bytes;
}

}  // namespace

// `table`: a CreateTable request; its billing mode and throughput set the capacity.
const storage::TableSchema* table_section(Reader& r, const json& doc, SimulationConfig& c) {
    const storage::TableSchema* table = nullptr;
    if (const json* t = r.object(doc, "table", "", true)) {
        auto schema = storage::TableSchema::from_create_table_json(*t);
        if (!schema) {
            const auto& e = schema.error();
            r.problem("/table" + (e.location == "/" ? std::string() : e.location), e.message);
        } else {
            c.table = std::move(*schema);
            table = &c.table;
            c.capacity.on_demand = c.table.billing_mode == storage::BillingMode::kPayPerRequest;
            if (c.table.provisioned) {
                c.capacity.rcu = c.table.provisioned->read_capacity_units;
                c.capacity.wcu = c.table.provisioned->write_capacity_units;
            }
        }
    }
    return table;
}

// `data`: the initial data — a size, or an item count × item size — and seed items.
void data_section(Reader& r, const json& doc, SimulationConfig& c) {
    if (const json* d = r.object(doc, "data", "", false)) {
        r.only(*d, "/data", {"size", "items", "itemSize", "preload", "seedItems"});
        if (d->contains("items")) {
            // An item count: the data size is items × the mean item size.
            auto items = r.integer(*d, "items", "/data", 1, 1'000'000'000'000'000, std::nullopt);
            std::optional<SizeDistribution> size = SizeDistribution::fixed(1024);
            if (d->contains("itemSize"))
                size = size_distribution(r, (*d)["itemSize"], "/data/itemSize");
            if (d->contains("size"))
                r.problem("/data/items", "give \"size\" or \"items\", not both");
            else if (items && size) {
                c.initial_data_bytes =
                    static_cast<std::uint64_t>(static_cast<double>(*items) * size->mean());
                c.initial_items = static_cast<std::uint64_t>(*items);
            }
        } else if (d->contains("itemSize")) {
            r.problem("/data/itemSize", "applies with \"items\" (an item count)");
        }
        if (auto it = d->find("seedItems"); it != d->end()) seed_items(r, *it, c);
        if (auto it = d->find("size"); it != d->end()) {
            auto size = it->is_string() ? parse_size(it->get<std::string>())
                                        : Result<std::uint64_t>(Error::invalid_input(""));
            if (size)
                c.initial_data_bytes = *size;
            else
                r.expected("/data/size", *it, "a size such as \"25GB\" or \"10TB\"");
        }
        if (auto pre = r.boolean(*d, "preload", "/data", true)) c.preload_items = *pre;
    }
}

// `capacity`: adaptive capacity, burst, on-demand levels (docs/dynamodb-model.md).
void capacity_section(Reader& r, const json& doc, SimulationConfig& c) {
    if (const json* cap = r.object(doc, "capacity", "", false)) {
        r.only(*cap, "/capacity",
               {"adaptive", "burstSeconds", "startWithFullBurst", "eventualReadCeiling",
                "splitForHeat", "onDemand"});
        if (const json* h = r.object(*cap, "splitForHeat", "/capacity", false)) {
            const std::string p = "/capacity/splitForHeat";
            r.only(*h, p, {"enabled", "threshold", "window", "delay"});
            auto& hs = c.heat_split;
            if (auto e = r.boolean(*h, "enabled", p, hs.enabled)) hs.enabled = *e;
            if (auto t = r.number(*h, "threshold", p, 0.05, 1, hs.threshold)) hs.threshold = *t;
            if (auto w = r.duration(*h, "window", p, false)) {
                if (*w < sim::kSecond)
                    r.problem(p + "/window", "expected at least one second");
                else
                    hs.sustained = *w;
            }
            if (auto d = r.duration(*h, "delay", p, false)) hs.split_duration = *d;
        }
        if (auto f = r.number(*cap, "eventualReadCeiling", "/capacity", 1, 3,
                              c.capacity.eventual_read_ceiling))
            c.capacity.eventual_read_ceiling = *f;
        if (auto a = r.boolean(*cap, "adaptive", "/capacity", true))
            c.capacity.adaptive_capacity = *a;
        if (auto b = r.integer(*cap, "burstSeconds", "/capacity", 0, 3600, 300))
            c.capacity.burst_seconds = *b;
        if (auto f = r.boolean(*cap, "startWithFullBurst", "/capacity", true))
            c.capacity.start_with_full_burst = *f;
        if (const json* od = r.object(*cap, "onDemand", "/capacity", false)) {
            const std::string p = "/capacity/onDemand";
            r.only(*od, p,
                   {"initialRead", "initialWrite", "warmRead", "warmWrite", "maxRead", "maxWrite",
                    "ramp"});
            if (auto v = r.integer(*od, "initialRead", p, 1, 40'000'000,
                                   c.capacity.on_demand_initial_rcu))
                c.capacity.on_demand_initial_rcu = *v;
            if (auto v = r.integer(*od, "initialWrite", p, 1, 40'000'000,
                                   c.capacity.on_demand_initial_wcu))
                c.capacity.on_demand_initial_wcu = *v;
            if (auto v = r.integer(*od, "warmRead", p, 0, 40'000'000, 0)) c.capacity.warm_rcu = *v;
            if (auto v = r.integer(*od, "warmWrite", p, 0, 40'000'000, 0)) c.capacity.warm_wcu = *v;
            if (od->contains("maxRead"))
                c.capacity.max_on_demand_rcu =
                    r.integer(*od, "maxRead", p, 1, 40'000'000, std::nullopt);
            if (od->contains("maxWrite"))
                c.capacity.max_on_demand_wcu =
                    r.integer(*od, "maxWrite", p, 1, 40'000'000, std::nullopt);
            if (auto ramp = r.duration(*od, "ramp", p, false)) c.capacity.on_demand_ramp = *ramp;
        }
    }
}

// `autoScaling`: Application Auto Scaling policies of the table's sides and of its GSIs.
void auto_scaling_section(Reader& r, const json& doc, SimulationConfig& c,
                          const storage::TableSchema* table) {
    if (const json* as = r.object(doc, "autoScaling", "", false)) {
        r.only(*as, "/autoScaling", {"read", "write", "indexes"});
        if (c.capacity.on_demand)
            r.problem("/autoScaling",
                      "auto scaling applies to PROVISIONED tables; this table is PAY_PER_REQUEST");
        if (auto it = as->find("read"); it != as->end())
            c.read_scaling = scaling_policy(r, *it, "/autoScaling/read");
        if (auto it = as->find("write"); it != as->end())
            c.write_scaling = scaling_policy(r, *it, "/autoScaling/write");
        if (const json* idx = r.object(*as, "indexes", "/autoScaling", false)) {
            for (const auto& [name, policies] : idx->items()) {
                const std::string p = "/autoScaling/indexes/" + storage::json_pointer_escape(name);
                if (table && (!table->find_index(name) || !table->find_index(name)->global)) {
                    r.problem(p,
                              "expected the name of one of the table's global secondary indexes");
                    continue;
                }
                if (!policies.is_object()) {
                    r.expected(p, policies, "{\"read\": policy, \"write\": policy}");
                    continue;
                }
                r.only(policies, p, {"read", "write"});
                if (policies.contains("read")) {
                    if (auto pol = scaling_policy(r, policies["read"], p + "/read"))
                        c.index_read_scaling[name] = *pol;
                }
                if (policies.contains("write")) {
                    if (auto pol = scaling_policy(r, policies["write"], p + "/write"))
                        c.index_write_scaling[name] = *pol;
                }
            }
        }
    }
}

// `client`: the SDK's retry behaviour, a preset or custom.
void client_section(Reader& r, const json& doc, SimulationConfig& c) {
    if (const json* cl = r.object(doc, "client", "", false)) {
        r.only(*cl, "/client", {"retry"});
        if (auto it = cl->find("retry"); it != cl->end()) {
            if (it->is_string()) {
                if (auto preset = model::RetryPolicy::preset(it->get<std::string>())) {
                    c.retry = *preset;
                } else {
                    std::string names;
                    for (const auto& n : model::RetryPolicy::preset_names())
                        names += (names.empty() ? "" : ", ") + n;
                    r.expected("/client/retry", *it,
                               "a preset (" + names +
                                   ") or {\"maxAttempts\", \"baseDelay\", \"throttleBaseDelay\", "
                                   "\"maxBackoff\", ...}");
                }
            } else if (it->is_object()) {
                r.only(*it, "/client/retry",
                       {"maxAttempts", "baseDelay", "throttleBaseDelay", "maxBackoff", "fullJitter",
                        "retryRequestLimit"});
                model::RetryPolicy custom;  // boto3-standard's numbers where not given
                custom.name = "custom";
                if (auto a = r.integer(*it, "maxAttempts", "/client/retry", 1, 50, 3))
                    custom.max_attempts = static_cast<int>(*a);
                if (auto d = r.duration(*it, "baseDelay", "/client/retry", false))
                    custom.base_delay = custom.throttle_base_delay = *d;
                if (auto d = r.duration(*it, "throttleBaseDelay", "/client/retry", false))
                    custom.throttle_base_delay = *d;
                if (auto d = r.duration(*it, "maxBackoff", "/client/retry", false))
                    custom.max_backoff = *d;
                if (auto j = r.boolean(*it, "fullJitter", "/client/retry", true))
                    custom.full_jitter = *j;
                if (auto j = r.boolean(*it, "retryRequestLimit", "/client/retry", true))
                    custom.retries_request_limit = *j;
                c.retry = custom;
            } else {
                r.expected("/client/retry", *it, "a preset name or a retry object");
            }
        }
    }
}

// `serviceErrors`: the share of attempts that fail with InternalServerError, optionally
// only for some operations and with windows of a different rate (an incident).
void service_errors_section(Reader& r, const json& doc, SimulationConfig& c) {
    const json* e = r.object(doc, "serviceErrors", "", false);
    if (!e) return;
    r.only(*e, "/serviceErrors", {"rate", "operations", "windows"});
    auto& out = c.service_errors;
    if (auto rate = r.number(*e, "rate", "/serviceErrors", 0, 1, 0.0)) out.rate = *rate;
    if (auto it = e->find("operations"); it != e->end()) {
        if (!it->is_array()) r.expected("/serviceErrors/operations", *it, "an array of operations");
        for (std::size_t i = 0; it->is_array() && i < it->size(); ++i) {
            const std::string p = "/serviceErrors/operations/" + std::to_string(i);
            bool found = false;
            for (int k = 0; k <= static_cast<int>(OperationStream::Op::kBatchWriteItem); ++k) {
                const auto op = static_cast<OperationStream::Op>(k);
                if ((*it)[i].is_string() && (*it)[i].get<std::string>() == operation_name(op)) {
                    out.operations.push_back(op);
                    found = true;
                }
            }
            if (!found) r.expected(p, (*it)[i], "an operation name such as \"PutItem\"");
        }
    }
    if (auto it = e->find("windows"); it != e->end()) {
        if (!it->is_array()) r.expected("/serviceErrors/windows", *it, "an array of windows");
        for (std::size_t i = 0; it->is_array() && i < it->size(); ++i) {
            const std::string p = "/serviceErrors/windows/" + std::to_string(i);
            const json& w = (*it)[i];
            if (!w.is_object()) {
                r.expected(p, w, "{\"at\", \"length\", \"rate\"}");
                continue;
            }
            r.only(w, p, {"at", "length", "rate"});
            const auto at = r.duration(w, "at", p, true);
            const auto length = r.duration(w, "length", p, true);
            const auto rate = r.number(w, "rate", p, 0, 1, std::nullopt);
            if (at && length && rate) out.windows.push_back({*at, *length, *rate});
        }
    }
}

// `replication`: the lag of the replica that applies a write last, and the share of
// eventually consistent reads that land on it.
void replication_section(Reader& r, const json& doc, SimulationConfig& c) {
    const json* j = r.object(doc, "replication", "", false);
    if (!j) return;
    r.only(*j, "/replication",
           {"enabled", "lagMedian", "lagSigma", "staleReplicaShare", "crossRegion"});
    auto& out = c.replication;
    if (auto e = r.boolean(*j, "enabled", "/replication", true)) out.enabled = *e;
    if (auto d = r.duration(*j, "lagMedian", "/replication", false)) out.lag_median = *d;
    if (auto sg = r.number(*j, "lagSigma", "/replication", 0, 5, out.lag_sigma))
        out.lag_sigma = *sg;
    if (auto sh = r.number(*j, "staleReplicaShare", "/replication", 0, 1, out.stale_replica_share))
        out.stale_replica_share = *sh;
}

// `dax`: a DAX cluster in front of the table, its caches and its size (for the bill).
void dax_section(Reader& r, const json& doc, Scenario& sc) {
    if (const json* d = r.object(doc, "dax", "", false)) {
        r.only(*d, "/dax",
               {"itemTtl", "queryTtl", "itemCapacity", "queryCapacity", "nodes", "nodeType"});
        if (auto n = r.integer(*d, "nodes", "/dax", 1, 11, 3))
            sc.cost.dax_nodes = static_cast<int>(*n);
        if (auto it = d->find("nodeType"); it != d->end()) {
            if (it->is_string())
                sc.cost.dax_node_type = it->get<std::string>();
            else
                r.expected("/dax/nodeType", *it, "a DAX node type such as \"dax.r5.large\"");
        }
        model::DaxConfig dax;
        if (auto v = r.duration(*d, "itemTtl", "/dax", false)) dax.item_ttl = *v;
        if (auto v = r.duration(*d, "queryTtl", "/dax", false)) dax.query_ttl = *v;
        if (auto v = r.integer(*d, "itemCapacity", "/dax", 0, 1'000'000'000,
                               static_cast<std::int64_t>(dax.item_capacity)))
            dax.item_capacity = static_cast<std::size_t>(*v);
        if (auto v = r.integer(*d, "queryCapacity", "/dax", 0, 1'000'000'000,
                               static_cast<std::int64_t>(dax.query_capacity)))
            dax.query_capacity = static_cast<std::size_t>(*v);
        sc.config.dax = dax;
    }
}

// `sqs`: an SQS write buffer with a consumer draining it at a rate.
void sqs_section(Reader& r, const json& doc, SimulationConfig& c) {
    if (const json* q = r.object(doc, "sqs", "", false)) {
        r.only(*q, "/sqs", {"consumerRate", "visibilityTimeout"});
        SimulationConfig::SqsBuffer sqs;
        if (auto it = q->find("consumerRate"); it != q->end()) {
            if (auto v = r.rate(*it, "/sqs/consumerRate"); v && *v > 0)
                sqs.consumer_rate = *v;
            else if (v)
                r.problem("/sqs/consumerRate", "expected a positive rate");
        } else {
            r.problem("/sqs/consumerRate", "missing, expected a rate");
        }
        if (auto v = r.duration(*q, "visibilityTimeout", "/sqs", false))
            sqs.visibility_timeout = *v;
        c.sqs_buffer = sqs;
    }
}

// `cost`: the price catalog (a shipped one by name, or inline) and what the bill includes
// beyond the simulated traffic.
void cost_section(Reader& r, const json& doc, Scenario& sc) {
    const json* c = r.object(doc, "cost", "", false);
    json empty = json::object();
    if (!c) c = &empty;
    r.only(
        *c, "/cost",
        {"catalog", "freeTier", "pointInTimeRecovery", "onDemandBackups", "streamReadsPerSecond"});
    auto it = c->find("catalog");
    bool have_catalog = false;
    if (it == c->end() || it->is_string()) {
        const std::string name = it == c->end() ? "current" : it->get<std::string>();
        if (auto cat = cost::builtin_catalog(name)) {
            sc.catalog = std::move(*cat);
            sc.cost.catalog = name;
            have_catalog = true;
        } else {
            std::string names;
            for (const auto& n : cost::builtin_catalog_names())
                names += (names.empty() ? "" : ", ") + n;
            r.expected("/cost/catalog", *it,
                       "a price catalog (" + names + ") or an inline catalog");
        }
    } else if (it->is_object()) {
        auto cat = cost::parse_catalog(*it, [&](const std::string& p, const std::string& m) {
            r.problem("/cost/catalog" + p, m);
        });
        if (cat) {
            sc.catalog = std::move(*cat);
            sc.cost.catalog = sc.catalog.name.empty() ? "inline" : sc.catalog.name;
            have_catalog = true;
        }
    } else {
        r.expected("/cost/catalog", *it, "a catalog name or an inline catalog object");
    }
    if (auto v = r.boolean(*c, "freeTier", "/cost", true)) sc.cost.free_tier = *v;
    if (auto v = r.boolean(*c, "pointInTimeRecovery", "/cost", false))
        sc.cost.point_in_time_recovery = *v;
    if (auto v = r.integer(*c, "onDemandBackups", "/cost", 0, 1000, 0))
        sc.cost.on_demand_backups = static_cast<int>(*v);
    if (auto s = c->find("streamReadsPerSecond"); s != c->end()) {
        if (auto v = r.rate(*s, "/cost/streamReadsPerSecond")) sc.cost.stream_reads_per_second = *v;
    }
    if (!sc.config.dax) sc.cost.dax_nodes = 0;
    if (sc.config.table.table_class == storage::TableClass::kStandardInfrequentAccess &&
        have_catalog && !sc.catalog.standard_ia) {
        r.problem("/cost/catalog", "catalog \"" + sc.catalog.name +
                                       "\" has no Standard-IA prices, expected a catalog that does "
                                       "(e.g. \"current\") for a STANDARD_INFREQUENT_ACCESS table");
    }
}

}  // namespace ddbsim::workload::reading
