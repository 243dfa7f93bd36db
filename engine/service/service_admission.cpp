// Admission, charging and throttling errors of the live service (docs/server.md "How a request
// is served"; docs/dynamodb-model.md "Throttling, errors, retries, metrics").
#include <map>
#include <set>
#include <utility>

#include "service/service_internal.hpp"

namespace ddbsim::service::detail {

namespace {

// DynamoDB's messages (botocore's service model and the DG's throttling pages; see
// docs/server.md "Errors").
constexpr const char* kTableMessage =
    "The level of configured provisioned throughput for the table was exceeded. Consider "
    "increasing your provisioning level with the UpdateTable API.";
constexpr const char* kIndexMessage =
    "The level of configured provisioned throughput for one or more global secondary indexes "
    "of the table was exceeded. Consider increasing your provisioning level for the "
    "under-provisioned global secondary indexes with the UpdateTable API.";
constexpr const char* kOnDemandMessage =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is "
    "automatically scaling your table or index so please try again shortly. If exceptions "
    "persist, check if you have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
constexpr const char* kMaxOnDemandMessage =
    "Throughput exceeds the maximum OnDemandThroughput configured on table or index";

bool is_max_on_demand(const Refusal& r) {
    return r.reason.kind == model::ThrottleKind::kMaxOnDemandThroughputExceeded;
}

int partition_in(const ServedUnit& u, int partition) {
    return partition >= 0 && partition < u.unit.partitions().size() ? partition : 0;
}

// The report's series: a unit's consumption on the partitions its touches were admitted on,
// in proportion to what each was expected to consume (exact in total, never negative);
// consumption no touch foresaw goes to the first partition. GSIs are series of their own.
void record_consumption(metrics::Recorder& series, sim::TimeUs t, const ServedUnit& u,
                        const std::vector<const Admitted*>& on, std::int64_t reserved, bool write,
                        std::int64_t total) {
    if (!u.index.empty()) {
        series.index_consumed(t, u.index, write, total);
        return;
    }
    if (on.empty() || reserved <= 0) {
        series.consumed(t, on.empty() ? 0 : partition_in(u, on.front()->touch.partition), write,
                        total);
        return;
    }
    std::int64_t given = 0;
    for (std::size_t i = 0; i < on.size(); ++i) {
        const std::int64_t share =
            i + 1 == on.size() ? total - given : total * on[i]->touch.expected.halves() / reserved;
        given += share;
        if (share > 0) series.consumed(t, partition_in(u, on[i]->touch.partition), write, share);
    }
}

}  // namespace

model::PartitionsOf partitions_of(const ServedTable& table) {
    return [&table](std::string_view index) -> const model::PartitionMap* {
        const ServedUnit* u = table.unit_of(index);
        return u ? &u->unit.partitions() : nullptr;
    };
}

AdmissionResult admit(ServedTable& table, const model::Footprint& footprint, sim::TimeUs now) {
    AdmissionResult result;
    for (const auto& touch : footprint.touches) {
        ServedUnit* u = table.unit_of(touch.index);
        if (!u) continue;
        const model::Admission a = u->unit.admit(now, touch.partition, touch.write);
        if (a.admitted) {
            result.admitted.push_back({touch, a});
        } else {
            result.refused.push_back({touch.index, a.reason});
        }
    }
    // An admitted request holds its expected consumption at once, so the next entry of the
    // same batch or transaction sees it (charge() settles the difference once it ran).
    if (result.ok())
        for (const auto& a : result.admitted)
            if (ServedUnit* u = table.unit_of(a.touch.index))
                u->unit.charge(now, partition_in(*u, a.touch.partition), a.touch.write, a.admission,
                               a.touch.expected.halves());
    return result;
}

void release(ServedTable& table, const std::vector<Admitted>& admitted, sim::TimeUs now) {
    for (const auto& a : admitted)
        if (ServedUnit* u = table.unit_of(a.touch.index))
            u->unit.charge(now, partition_in(*u, a.touch.partition), a.touch.write, a.admission,
                           -a.touch.expected.halves());
}

void charge(ServedTable& table, const std::vector<Admitted>& admitted,
            const storage::ConsumedCapacity& consumed, sim::TimeUs now) {
    // What each unit and side consumed: the table with its LSIs (they share its throughput,
    // docs/dynamodb-model.md "Secondary indexes"), and each GSI.
    std::map<std::pair<std::string, bool>, std::int64_t> halves;
    halves[{"", false}] = consumed.table_read.halves();
    halves[{"", true}] = consumed.table_write.halves();
    for (const auto& [name, use] : consumed.indexes) {
        const std::string unit = use.global ? name : "";
        halves[{unit, false}] += use.read.halves();
        halves[{unit, true}] += use.write.halves();
    }
    for (const auto& a : admitted)
        halves.try_emplace({a.touch.index, a.touch.write}, 0);
    metrics::Recorder* series = table.recorder_at(now);
    const sim::TimeUs t = table.series_time(now);
    for (const auto& [key, total] : halves) {
        ServedUnit* u = table.unit_of(key.first);
        if (!u) continue;
        if (total > 0)
            (key.second ? u->counters.consumed_write_halves : u->counters.consumed_read_halves) +=
                total;
        std::vector<const Admitted*> on;
        std::int64_t reserved = 0;
        for (const auto& a : admitted) {
            if (a.touch.index == key.first && a.touch.write == key.second) {
                on.push_back(&a);
                reserved += a.touch.expected.halves();
            }
        }
        if (series && total > 0)
            record_consumption(*series, t, *u, on, reserved, key.second, total);
        if (on.empty()) {
            // Consumption the footprint did not foresee (an update that moved an item into a
            // GSI; throttling off): charged to the unit, on its first partition.
            if (total > 0)
                u->unit.charge(now, 0, key.second, model::Admission{true, false, {}}, total);
            continue;
        }
        // Settle: what it consumed minus what admission held, spread over its touches.
        const std::int64_t rest = total - reserved;
        const auto n = static_cast<std::int64_t>(on.size());
        for (std::int64_t i = 0; i < n; ++i) {
            const std::int64_t share = rest / n + (i == 0 ? rest % n : 0);
            const Admitted& a = *on[static_cast<std::size_t>(i)];
            if (share != 0)
                u->unit.charge(now, partition_in(*u, a.touch.partition), key.second, a.admission,
                               share);
        }
    }
}

void count_refusals(ServedTable& table, const std::vector<Refusal>& refused, sim::TimeUs now) {
    metrics::Recorder* series = table.recorder_at(now);
    const sim::TimeUs t = table.series_time(now);
    for (const auto& r : refused) {
        ++table.counters.by_reason[static_cast<std::size_t>(r.reason.index())];
        if (series) series->throttle(t, r.reason);
        if (ServedUnit* u = table.unit_of(r.index))
            ++(r.reason.write ? u->counters.write_throttle_events
                              : u->counters.read_throttle_events);
    }
}

std::string throttle_message(const ServedTable& table, const Refusal& refusal) {
    if (is_max_on_demand(refusal)) return kMaxOnDemandMessage;
    if (table.on_demand) return kOnDemandMessage;
    return refusal.index.empty() ? kTableMessage : kIndexMessage;
}

ServiceResponse throttle_response(const ServedTable& table, const std::vector<Refusal>& refused) {
    bool max_on_demand = false;
    for (const auto& r : refused)
        max_on_demand = max_on_demand || is_max_on_demand(r);
    json reasons = json::array();
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& r : refused) {
        auto entry = std::make_pair(r.reason.code(), table.resource_arn(r.index));
        if (!seen.insert(entry).second) continue;
        reasons.push_back({{"reason", entry.first}, {"resource", entry.second}});
    }
    // An on-demand maximum is a ThrottlingException, whose reasons are spelled
    // `throttlingReasons` (docs/server.md "Errors").
    const Refusal& first = refused.front();
    ServiceResponse response = error_response(
        max_on_demand ? "ThrottlingException" : "ProvisionedThroughputExceededException",
        throttle_message(table, first));
    response.body[max_on_demand ? "throttlingReasons" : "ThrottlingReasons"] = std::move(reasons);
    return response;
}

}  // namespace ddbsim::service::detail
