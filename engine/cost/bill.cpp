#include "cost/bill.hpp"

#include <algorithm>

namespace ddbsim::cost {
namespace {

constexpr std::int64_t kGiB = 1LL << 30;

// Capacity-seconds above the free allowance, hour by hour; the last hour may be partial.
Int128 capacity_seconds(const std::vector<std::int64_t>& hourly, std::int64_t run_seconds,
                        std::int64_t free_units) {
    Int128 total = 0;
    for (std::size_t h = 0; h < hourly.size(); ++h) {
        const std::int64_t start = static_cast<std::int64_t>(h) * 3600;
        const std::int64_t covered = std::clamp<std::int64_t>(run_seconds - start, 0, 3600);
        total += static_cast<Int128>(std::max<std::int64_t>(0, hourly[h] - free_units)) * covered;
    }
    return total;
}

void add(Bill& bill, std::string item, double quantity, std::string unit, Money unit_price,
         std::string price_unit, Money amount) {
    bill.lines.push_back(
        {std::move(item), quantity, std::move(unit), unit_price, std::move(price_unit), amount});
    bill.total += amount;
}

}  // namespace

Bill price(const Usage& u, const PriceCatalog& catalog, bool free_tier) {
    Bill bill;
    const bool ia = u.table_class == TableClass::kStandardInfrequentAccess;
    const ClassPrices* prices = &catalog.standard;
    if (ia) {
        if (catalog.standard_ia) {
            prices = &*catalog.standard_ia;
        } else {
            bill.notes.push_back("catalog \"" + catalog.name +
                                 "\" has no Standard-IA prices; priced as Standard");
        }
    }
    const FreeTier none;
    const FreeTier& free = free_tier ? catalog.free_tier : none;
    const Int128 month_seconds = static_cast<Int128>(catalog.hours_per_month) * 3600;

    // A global table's own writes are replicated write units; a catalog without their prices
    // bills them as standard writes, and says so.
    const bool replicated_prices =
        prices->replicated_wcu_hour.has_value() && prices->replicated_write_per_million.has_value();
    if (u.global_table && !replicated_prices)
        bill.notes.push_back("catalog \"" + catalog.name +
                             "\" has no replicated write prices; a global table's writes are "
                             "priced as standard writes");
    const bool split_writes = u.global_table && replicated_prices;
    if (!u.on_demand) {
        std::vector<std::int64_t> table_wcu = u.hourly_wcu;
        if (split_writes) {
            // The GSIs' part keeps the standard price (and the free tier); the table's is rWCU.
            for (std::size_t h = 0; h < table_wcu.size() && h < u.hourly_index_wcu.size(); ++h)
                table_wcu[h] = std::max<std::int64_t>(0, table_wcu[h] - u.hourly_index_wcu[h]);
            const Int128 rwcu_s = capacity_seconds(table_wcu, u.seconds, 0);
            add(bill, "Replicated write capacity", static_cast<double>(rwcu_s) / 3600, "rWCU-hours",
                *prices->replicated_wcu_hour, "per rWCU-hour",
                scale(*prices->replicated_wcu_hour, rwcu_s, Int128{3600}));
        }
        const Int128 wcu_s =
            capacity_seconds(split_writes ? u.hourly_index_wcu : u.hourly_wcu, u.seconds, free.wcu);
        const Int128 rcu_s = capacity_seconds(u.hourly_rcu, u.seconds, free.rcu);
        if (!split_writes || wcu_s > 0)
            add(bill, "Provisioned write capacity", static_cast<double>(wcu_s) / 3600, "WCU-hours",
                prices->wcu_hour, "per WCU-hour", scale(prices->wcu_hour, wcu_s, Int128{3600}));
        add(bill, "Provisioned read capacity", static_cast<double>(rcu_s) / 3600, "RCU-hours",
            prices->rcu_hour, "per RCU-hour", scale(prices->rcu_hour, rcu_s, Int128{3600}));
    } else {
        std::int64_t write_halves = u.write_halves;
        if (split_writes) {
            const std::int64_t table_halves =
                std::max<std::int64_t>(0, u.write_halves - u.index_write_halves);
            write_halves = u.write_halves - table_halves;
            add(bill, "Replicated write request units", static_cast<double>(table_halves) / 2,
                "rWRU", *prices->replicated_write_per_million, "per million rWRU",
                scale(*prices->replicated_write_per_million, Int128{table_halves},
                      Int128{2'000'000}));
        }
        if (!split_writes || write_halves > 0)
            add(bill, "On-demand write request units", static_cast<double>(write_halves) / 2, "WRU",
                prices->write_per_million, "per million WRU",
                scale(prices->write_per_million, Int128{write_halves}, Int128{2'000'000}));
        add(bill, "On-demand read request units", static_cast<double>(u.read_halves) / 2, "RRU",
            prices->read_per_million, "per million RRU",
            scale(prices->read_per_million, Int128{u.read_halves}, Int128{2'000'000}));
    }

    // Storage in byte-seconds; the free tier (Standard class only) is GB held all month.
    const std::uint64_t free_bytes =
        ia ? 0 : static_cast<std::uint64_t>(free.storage_gb) * static_cast<std::uint64_t>(kGiB);
    const std::uint64_t stored_bytes =
        u.storage_bytes + (u.global_table ? u.items * kGlobalTableOverheadBytesPerItem : 0);
    const std::uint64_t billable_bytes = stored_bytes > free_bytes ? stored_bytes - free_bytes : 0;
    const Int128 byte_seconds = static_cast<Int128>(billable_bytes) * u.seconds;
    const double gb_months = static_cast<double>(byte_seconds) /
                             static_cast<double>(static_cast<Int128>(kGiB) * month_seconds);
    add(bill, "Storage", gb_months, "GB-months", prices->storage_gb_month, "per GB-month",
        scale(prices->storage_gb_month, byte_seconds, static_cast<Int128>(kGiB) * month_seconds));

    const Int128 all_byte_seconds = static_cast<Int128>(u.storage_bytes) * u.seconds;
    const double all_gb_months = static_cast<double>(all_byte_seconds) /
                                 static_cast<double>(static_cast<Int128>(kGiB) * month_seconds);
    auto backup_line = [&](const char* item, const std::optional<Money>& p, int copies) {
        if (!p) {
            bill.notes.push_back(std::string(item) + ": not in catalog \"" + catalog.name + "\"");
            return;
        }
        add(bill, item, all_gb_months * copies, "GB-months", *p, "per GB-month",
            scale(*p, all_byte_seconds * copies, static_cast<Int128>(kGiB) * month_seconds));
    };
    if (u.point_in_time_recovery) backup_line("Point-in-time recovery", catalog.pitr_gb_month, 1);
    if (u.on_demand_backups > 0)
        backup_line("On-demand backups", catalog.backup_gb_month, u.on_demand_backups);

    if (u.global_table && u.replicated_out_bytes > 0) {
        if (!catalog.cross_region_transfer_gb) {
            bill.notes.push_back("Cross-Region data transfer: not in catalog \"" + catalog.name +
                                 "\"");
        } else {
            const Int128 bytes = static_cast<Int128>(u.replicated_out_bytes);
            add(bill, "Cross-Region data transfer out", static_cast<double>(bytes) / kGiB, "GB",
                *catalog.cross_region_transfer_gb, "per GB",
                scale(*catalog.cross_region_transfer_gb, bytes, Int128{kGiB}));
        }
    }
    if (u.stream_read_requests > 0) {
        if (!catalog.streams_read_per_million) {
            bill.notes.push_back("Streams reads: not in catalog \"" + catalog.name + "\"");
        } else {
            // The monthly free allowance, prorated over the run.
            const Int128 free_reads =
                static_cast<Int128>(free.stream_read_requests) * u.seconds / month_seconds;
            const Int128 billable =
                std::max<Int128>(0, static_cast<Int128>(u.stream_read_requests) - free_reads);
            add(bill, "Streams read request units", static_cast<double>(billable), "requests",
                *catalog.streams_read_per_million, "per million",
                scale(*catalog.streams_read_per_million, billable, Int128{1'000'000}));
        }
    }
    if (u.dax_nodes > 0) {
        auto it = catalog.dax_node_hour.find(u.dax_node_type);
        if (it == catalog.dax_node_hour.end()) {
            bill.notes.push_back("DAX node type \"" + u.dax_node_type + "\": not in catalog \"" +
                                 catalog.name + "\"");
        } else {
            const Int128 node_seconds = static_cast<Int128>(u.dax_nodes) * u.seconds;
            add(bill, "DAX nodes (" + u.dax_node_type + ")",
                static_cast<double>(node_seconds) / 3600, "node-hours", it->second, "per node-hour",
                scale(it->second, node_seconds, Int128{3600}));
        }
    }
    return bill;
}

Bill project_to_month(const Bill& bill, std::int64_t run_seconds, const PriceCatalog& catalog) {
    Bill out = bill;
    out.total = {};
    if (run_seconds <= 0) return out;
    const std::int64_t month = static_cast<std::int64_t>(catalog.hours_per_month) * 3600;
    for (auto& line : out.lines) {
        line.quantity =
            line.quantity * static_cast<double>(month) / static_cast<double>(run_seconds);
        line.amount = scale(line.amount, month, run_seconds);
        out.total += line.amount;
    }
    return out;
}

}  // namespace ddbsim::cost
