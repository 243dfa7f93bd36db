#include "storage/expression.hpp"
#include "workload/scenario_reader.hpp"

namespace ddbsim::workload::reading {
namespace {

// A size in bytes: "1.5KB" or a whole number of bytes.
std::optional<double> byte_size(Reader& r, const json& j, const std::string& p) {
    if (j.is_number() && j.get<double>() > 0) return j.get<double>();
    if (j.is_string()) {
        if (auto s = parse_size(j.get<std::string>()); s && *s > 0) return static_cast<double>(*s);
    }
    r.expected(p, j, "a size such as \"1KB\" or a number of bytes");
    return std::nullopt;
}

}  // namespace

// itemSize: "1KB" (fixed) or {"distribution": uniform|normal|lognormal|histogram, ...}.
std::optional<SizeDistribution> size_distribution(Reader& r, const json& j, const std::string& p) {
    const std::string limit = "an item size up to DynamoDB's 400KB, such as \"1KB\"";
    if (!j.is_object()) {
        std::optional<std::uint64_t> size;
        if (j.is_string()) {
            if (auto s = parse_size(j.get<std::string>())) size = *s;
        }
        if (j.is_number_integer() && j.get<std::int64_t>() > 0)
            size = static_cast<std::uint64_t>(j.get<std::int64_t>());
        if (!size || *size == 0 || *size > 400 * 1024) {
            r.expected(p, j, limit + " or {\"distribution\": ...}");
            return std::nullopt;
        }
        return SizeDistribution::fixed(static_cast<double>(*size));
    }
    auto kind = r.choice(j, "distribution", p,
                         {"fixed", "uniform", "normal", "lognormal", "histogram"}, std::nullopt);
    if (!kind) return std::nullopt;
    SizeDistribution d;
    const std::size_t before = r.problems.size();
    auto field = [&](const char* name) -> double {
        auto it = j.find(name);
        if (it == j.end()) {
            r.problem(p + "/" + name, "missing, expected a size such as \"2KB\"");
            return 0;
        }
        return byte_size(r, *it, p + "/" + name).value_or(0);
    };
    if (*kind == "fixed") {
        r.only(j, p, {"distribution", "size"});
        d = SizeDistribution::fixed(field("size"));
    } else if (*kind == "uniform") {
        r.only(j, p, {"distribution", "min", "max"});
        d.kind = SizeDistribution::Kind::kUniform;
        d.a = field("min");
        d.b = field("max");
        if (r.problems.size() == before && d.b < d.a) r.problem(p, "expected min ≤ max");
    } else if (*kind == "normal") {
        r.only(j, p, {"distribution", "mean", "stddev"});
        d.kind = SizeDistribution::Kind::kNormal;
        d.a = field("mean");
        d.b = field("stddev");
    } else if (*kind == "lognormal") {
        r.only(j, p, {"distribution", "median", "sigma"});
        d.kind = SizeDistribution::Kind::kLognormal;
        d.a = field("median");
        if (auto s = r.number(j, "sigma", p, 0, 3, std::nullopt)) d.b = *s;
    } else {
        r.only(j, p, {"distribution", "buckets"});
        d.kind = SizeDistribution::Kind::kHistogram;
        auto it = j.find("buckets");
        if (it == j.end() || !it->is_array() || it->empty()) {
            r.problem(p + "/buckets",
                      "expected [[size, weight], ...], e.g. [[\"1KB\", 0.8], [\"20KB\", 0.2]]");
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const json& b = (*it)[i];
                const std::string bp = p + "/buckets/" + std::to_string(i);
                if (!b.is_array() || b.size() != 2 || !b[1].is_number() || b[1].get<double>() < 0) {
                    r.expected(bp, b, "[size, non-negative weight]");
                    continue;
                }
                if (auto size = byte_size(r, b[0], bp + "/0"))
                    d.histogram.emplace_back(*size, b[1].get<double>());
            }
        }
    }
    if (r.problems.size() != before) return std::nullopt;
    if (d.mean() > SizeDistribution::kMaxItemBytes) {
        r.problem(p, "the mean item size is above DynamoDB's 400KB item limit");
        return std::nullopt;
    }
    return d;
}

namespace {

// Query/Scan Limit, FilterExpression, ProjectionExpression (+ names and values) and the
// number of items of a transaction or batch.
void request_parameters(Reader& r, const json& j, const std::string& p, OperationStream& s,
                        bool& ok) {
    using Op = OperationStream::Op;
    const std::size_t before = r.problems.size();
    if (j.contains("limit")) {
        if (s.op != Op::kQuery && s.op != Op::kScan)
            r.problem(p + "/limit", "Limit applies to Query and Scan");
        else if (auto l = r.integer(j, "limit", p, 1, 1'000'000, std::nullopt))
            s.limit = *l;
    }
    if (j.contains("items")) {
        const std::int64_t max = s.op == Op::kBatchWriteItem ? 25 : 100;
        if (s.op != Op::kTransactWriteItems && s.op != Op::kTransactGetItems &&
            s.op != Op::kBatchWriteItem)
            r.problem(p + "/items",
                      "items applies to TransactWriteItems, TransactGetItems and BatchWriteItem");
        else if (auto n = r.integer(j, "items", p, 1, max, std::nullopt))
            s.group_size = static_cast<int>(*n);
    }
    auto text = [&](const char* name, std::string& out) {
        auto it = j.find(name);
        if (it == j.end()) return;
        if (!it->is_string() || it->get<std::string>().empty())
            r.expected(p + "/" + name, *it, "an expression string");
        else
            out = it->get<std::string>();
    };
    text("filter", s.filter);
    text("projection", s.projection);
    if (!s.filter.empty() && s.op != Op::kQuery && s.op != Op::kScan)
        r.problem(p + "/filter", "a FilterExpression applies to Query and Scan");
    if (auto it = j.find("names"); it != j.end()) {
        if (!it->is_object()) {
            r.expected(p + "/names", *it, "{\"#name\": \"attribute\"}");
        } else {
            for (const auto& [k, v] : it->items()) {
                if (k.size() > storage::kMaxPlaceholderBytes)
                    r.problem(
                        p + "/names/" + storage::json_pointer_escape(k),
                        "a placeholder is at most 255 bytes (DynamoDB's limit); this one is " +
                            std::to_string(k.size()));
                else if (v.is_string())
                    s.expression_names[k] = v.get<std::string>();
                else
                    r.expected(p + "/names/" + storage::json_pointer_escape(k), v,
                               "an attribute name");
            }
        }
    }
    if (auto it = j.find("values"); it != j.end()) {
        auto values = storage::item_from_json(*it, p + "/values");
        if (!values)
            r.problem(values.error().location.empty() ? p + "/values" : values.error().location,
                      values.error().message);
        else
            s.expression_values = std::move(*values);
        for (const auto& [k, v] : s.expression_values) {
            if (k.size() > storage::kMaxPlaceholderBytes)
                r.problem(p + "/values/" + storage::json_pointer_escape(k),
                          "a placeholder is at most 255 bytes (DynamoDB's limit); this one is " +
                              std::to_string(k.size()));
        }
    }
    if (r.problems.size() == before && (!s.filter.empty() || !s.projection.empty())) {
        storage::ExpressionContext ctx(&s.expression_names, &s.expression_values);
        if (!s.filter.empty()) {
            auto f = storage::parse_condition(s.filter, storage::ExpressionKind::kFilter, ctx);
            if (!f) r.problem(p + "/filter", f.error().message);
        }
        if (!s.projection.empty()) {
            auto pr = storage::parse_projection(s.projection, ctx);
            if (!pr) r.problem(p + "/projection", pr.error().message);
        }
        if (r.problems.size() == before) {
            if (auto used = ctx.check_all_used(); !used) r.problem(p, used.error().message);
        }
    }
    if (r.problems.size() != before) ok = false;
}

// `keys.sortKeys`: the item collection under each partition key.
bool sort_keys_section(Reader& r, const json& j, const std::string& p, OperationStream& s) {
    using SortKeys = OperationStream::SortKeys;
    r.only(j, p, {"count", "order", "distribution", "s", "prefix", "every"});
    SortKeys sk;
    bool ok = true;
    if (auto order =
            r.choice(j, "order", p, {"random", "sequential", "time"}, std::string("random")))
        sk.order = *order == "sequential" ? SortKeys::Order::kSequential
                   : *order == "time"     ? SortKeys::Order::kTime
                                          : SortKeys::Order::kRandom;
    else
        ok = false;
    const bool timed = sk.order == SortKeys::Order::kTime;
    if (timed && j.contains("count"))
        r.problem(p + "/count", "a time-ordered collection grows with the clock: give \"every\"");
    auto count = timed ? std::optional<std::int64_t>(1)
                       : r.integer(j, "count", p, 1, 100'000'000, std::nullopt);
    if (sk.order != SortKeys::Order::kRandom && j.contains("distribution"))
        r.problem(p + "/distribution", "a popularity distribution applies to random order only");
    auto dist = r.choice(j, "distribution", p, {"uniform", "zipf"}, std::string("uniform"));
    std::optional<double> zs =
        dist && *dist == "zipf" ? r.number(j, "s", p, 0, 10, 1.0) : std::optional<double>(0);
    if (count && dist && zs) {
        sk.count = static_cast<std::uint64_t>(*count);
        if (*dist == "zipf" && sk.count > 50'000'000)
            r.problem(p + "/count", "expected at most 50000000 sort keys for a Zipf distribution");
        else
            sk.distribution = *dist == "zipf" ? KeyDistribution::zipf(sk.count, *zs)
                                              : KeyDistribution::uniform(sk.count);
    } else {
        ok = false;
    }
    if (auto it = j.find("prefix"); it != j.end()) {
        if (it->is_string())
            sk.prefix = it->get<std::string>();
        else
            r.expected(p + "/prefix", *it, "a string");
    }
    if (auto e = r.duration(j, "every", p, false)) {
        if (!timed)
            r.problem(p + "/every", "\"every\" applies to \"order\": \"time\"");
        else if (*e <= 0)
            r.problem(p + "/every", "expected a positive duration");
        else
            sk.every = *e;
    }
    if (ok) s.sort_keys = sk;
    return ok;
}

// `keys`: how many, in what order, their popularity, their text, the hot ones.
bool keys_section(Reader& r, const json* k, const std::string& kp, OperationStream& s) {
    bool ok = true;
    r.only(
        *k, kp,
        {"count", "distribution", "s", "prefix", "pattern", "hot", "order", "bucket", "sortKeys"});
    if (const json* sk = r.object(*k, "sortKeys", kp, false)) {
        if (!sort_keys_section(r, *sk, kp + "/sortKeys", s)) ok = false;
    }
    if (auto order = r.choice(*k, "order", kp, {"random", "sequential", "timeBucketed"},
                              std::string("random"))) {
        s.key_order = *order == "sequential"     ? OperationStream::KeyOrder::kSequential
                      : *order == "timeBucketed" ? OperationStream::KeyOrder::kTimeBucketed
                                                 : OperationStream::KeyOrder::kRandom;
    }
    if (s.key_order != OperationStream::KeyOrder::kRandom && k->contains("distribution"))
        r.problem(kp + "/distribution",
                  "a popularity distribution applies to random key order only");
    if (auto b = r.duration(*k, "bucket", kp, false)) {
        if (*b <= 0)
            r.problem(kp + "/bucket", "expected a positive duration");
        else
            s.time_bucket = *b;
    }
    if (auto it = k->find("pattern"); it != k->end()) {
        const std::string pattern = it->is_string() ? it->get<std::string>() : "";
        const auto at = pattern.find("{seq}");
        if (!it->is_string() || at == std::string::npos ||
            pattern.find("{seq}", at + 1) != std::string::npos) {
            r.expected(kp + "/pattern", *it, "a key pattern with one {seq}, e.g. \"album#{seq}\"");
            ok = false;
        } else if (k->contains("prefix")) {
            r.problem(kp + "/pattern", "give \"pattern\" or \"prefix\", not both");
            ok = false;
        } else {
            s.key_prefix = pattern.substr(0, at);
            s.key_suffix = pattern.substr(at + 5);
        }
    }
    auto count = r.integer(*k, "count", kp, 1, 1'000'000'000'000, std::nullopt);
    auto dist = r.choice(*k, "distribution", kp, {"uniform", "zipf"}, std::string("uniform"));
    std::optional<double> zs =
        dist && *dist == "zipf" ? r.number(*k, "s", kp, 0, 10, 1.0) : std::optional<double>(0);
    if (count && dist && zs) {
        if (*dist == "zipf" && *count > 50'000'000) {
            r.problem(kp + "/count",
                      "found " + std::to_string(*count) +
                          ", expected at most 50000000 keys for a Zipf distribution");
            ok = false;
        } else {
            s.keys = *dist == "zipf"
                         ? KeyDistribution::zipf(static_cast<std::uint64_t>(*count), *zs)
                         : KeyDistribution::uniform(static_cast<std::uint64_t>(*count));
        }
    } else {
        ok = false;
    }
    if (auto it = k->find("prefix"); it != k->end()) {
        if (it->is_string())
            s.key_prefix = it->get<std::string>();
        else
            r.expected(kp + "/prefix", *it, "a string");
    }
    if (auto it = k->find("hot"); it != k->end()) {
        double total = 0;
        if (!it->is_array()) {
            r.expected(kp + "/hot", *it, "an array of {\"key\": index, \"share\": fraction}");
            ok = false;
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string hp = kp + "/hot/" + std::to_string(i);
                const json& h = (*it)[i];
                if (!h.is_object()) {
                    r.expected(hp, h, "{\"key\": index, \"share\": fraction}");
                    ok = false;
                    continue;
                }
                r.only(h, hp, {"key", "share"});
                auto key = r.integer(h, "key", hp, 0, count ? *count - 1 : 0, std::nullopt);
                auto share = r.number(h, "share", hp, 0, 1, std::nullopt);
                if (key && share) {
                    s.keys.with_hot_key(static_cast<std::uint64_t>(*key), *share);
                    total += *share;
                } else {
                    ok = false;
                }
            }
            if (total > 1) r.problem(kp + "/hot", "expected shares adding up to at most 1");
        }
    }
    return ok;
}

// `attributes`: generated non-key attributes, each with a cardinality and a type.
bool attributes_section(Reader& r, const json& j, const std::string& p, OperationStream& s) {
    bool ok = true;
    if (auto it = j.find("attributes"); it != j.end()) {
        if (!it->is_array()) {
            r.expected(p + "/attributes", *it, "an array of {\"name\", \"cardinality\", \"type\"}");
            ok = false;
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string ap = p + "/attributes/" + std::to_string(i);
                const json& a = (*it)[i];
                if (!a.is_object() || !a.contains("name") || !a["name"].is_string()) {
                    r.expected(
                        ap, a,
                        "{\"name\": string, \"cardinality\": integer, \"type\": \"S\" or \"N\"}");
                    ok = false;
                    continue;
                }
                r.only(a, ap, {"name", "cardinality", "type"});
                auto card = r.integer(a, "cardinality", ap, 1, 1'000'000'000'000, 10);
                auto type = r.choice(a, "type", ap, {"S", "N"}, std::string("S"));
                if (card && type) {
                    s.attributes.push_back({a["name"].get<std::string>(),
                                            static_cast<std::uint64_t>(*card), *type == "N"});
                } else {
                    ok = false;
                }
            }
        }
    }
    return ok;
}

}  // namespace

std::optional<OperationStream> operation(Reader& r, const json& j, const std::string& p,
                                         const storage::TableSchema* table) {
    if (!j.is_object()) {
        r.expected(p, j, "an operation stream object");
        return std::nullopt;
    }
    r.only(j, p,
           {"name", "operation", "consistency", "traffic", "keys", "itemSize", "attributes",
            "index", "sharding", "limit", "scanIndexForward", "filter", "projection", "names",
            "values", "items", "region"});
    OperationStream s;
    bool ok = true;
    if (auto it = j.find("name");
        it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
        r.expected(p + "/name", it == j.end() ? json() : *it, "a non-empty name");
        ok = false;
    } else {
        s.name = it->get<std::string>();
    }
    if (auto op = r.choice(j, "operation", p,
                           {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
                            "TransactWriteItems", "TransactGetItems", "BatchWriteItem"},
                           std::nullopt)) {
        for (int i = 0; i <= static_cast<int>(OperationStream::Op::kBatchWriteItem); ++i) {
            const auto candidate = static_cast<OperationStream::Op>(i);
            if (*op == operation_name(candidate)) s.op = candidate;
        }
    } else {
        ok = false;
    }
    // Where the stream's requests are made (a global table's region; checked against the
    // table's regions by global_table_section).
    if (auto it = j.find("region"); it != j.end()) {
        if (it->is_string() && !it->get<std::string>().empty())
            s.region = it->get<std::string>();
        else
            r.expected(p + "/region", *it, "a region name such as \"eu-west-1\"");
    }
    if (auto c = r.choice(j, "consistency", p, {"eventual", "strong"}, std::string("eventual"))) {
        s.consistency = *c == "strong" ? storage::ReadConsistency::kStrong
                                       : storage::ReadConsistency::kEventual;
    } else {
        ok = false;
    }
    if (const json* t = r.object(j, "traffic", p, true)) {
        if (auto shape = traffic(r, *t, p + "/traffic"))
            s.traffic = *shape;
        else
            ok = false;
    } else {
        ok = false;
    }
    if (const json* k = r.object(j, "keys", p, true)) {
        if (!keys_section(r, k, p + "/keys", s)) ok = false;
    } else {
        ok = false;
    }
    if (auto it = j.find("itemSize"); it != j.end()) {
        if (auto d = size_distribution(r, *it, p + "/itemSize")) {
            s.item_size = *d;
            s.item_bytes = static_cast<std::size_t>(std::llround(d->mean()));
        } else {
            ok = false;
        }
    }
    request_parameters(r, j, p, s, ok);
    if (j.contains("scanIndexForward")) {
        if (s.op != OperationStream::Op::kQuery)
            r.problem(p + "/scanIndexForward", "ScanIndexForward applies to Query");
        else if (auto f = r.boolean(j, "scanIndexForward", p, true))
            s.scan_index_forward = *f;
    }
    if (s.sort_keys && table && !table->key.sort) {
        r.problem(p + "/keys/sortKeys", "the table has no sort key (KeySchema has no RANGE key)");
        ok = false;
    }
    if (s.sort_keys &&
        static_cast<double>(s.keys.key_count()) * static_cast<double>(s.sort_keys->count) > 1e9) {
        r.problem(p + "/keys/sortKeys/count", "keys × sort keys is " +
                                                  std::to_string(s.keys.key_count()) + " × " +
                                                  std::to_string(s.sort_keys->count) +
                                                  ", expected at most 1,000,000,000 items in all");
        ok = false;
    }
    if (!attributes_section(r, j, p, s)) ok = false;
    if (auto it = j.find("index"); it != j.end()) {
        if (!it->is_string() || (table && !table->find_index(it->get<std::string>()))) {
            r.expected(p + "/index", *it, "the name of one of the table's indexes");
            ok = false;
        } else {
            s.index_name = it->get<std::string>();
        }
    }
    if (const json* sh = r.object(j, "sharding", p, false)) {
        const std::string sp = p + "/sharding";
        r.only(*sh, sp, {"shards", "suffix", "aggregateEvery"});
        auto shards = r.integer(*sh, "shards", sp, 1, 10000, std::nullopt);
        auto suffix = r.choice(*sh, "suffix", sp, {"random", "calculated"}, std::string("random"));
        auto every = r.duration(*sh, "aggregateEvery", sp, false);
        if (shards && suffix) {
            s.write_shards = static_cast<int>(*shards);
            s.suffix = *suffix == "calculated" ? OperationStream::Suffix::kCalculated
                                               : OperationStream::Suffix::kRandom;
            if (every) s.aggregation_interval = *every;
        } else {
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    return s;
}

}  // namespace ddbsim::workload::reading
