// `ddbsim capacity`: the RCU and WCU to provision for a steady read/write rate.
#include <iostream>

#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "storage/capacity.hpp"
#include "workload/human_units.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kUsage =
    R"(usage: ddbsim capacity --item-size SIZE [--reads RATE] [--consistency C]
                        [--writes RATE] [--write-mode M] [--json]

The provisioned capacity a steady load needs (DynamoDB's rules: reads per 4 KB, writes per
1 KB, each item rounded up separately).

options:
  --item-size SIZE     item size: 400B, 7KB, 1.5KB, 2MB (1 KB = 1024 bytes)
  --reads RATE         reads per second: 10, 10/s, 600/min, 3600/h (default 0)
  --consistency C      eventual (default), strong or transactional
  --writes RATE        writes per second, same forms as --reads (default 0)
  --write-mode M       standard (default) or transactional
  --json               one JSON object: rcu, wcu (whole units to provision), the exact
                       amounts and the rounding steps
)";

struct Side {
    std::uint64_t blocks = 0;            // 4 KB (read) or 1 KB (write) blocks per item
    storage::CapacityUnits per_request;  // units one request consumes
    std::uint64_t rate_num = 0, rate_den = 1;
    // Exact units per second as a fraction of half units: per_request.halves * num / den.
    std::int64_t provision() const {
        // No overflow: halves <= 400 (400 KB transactional) and the rate parser caps the
        // numerator near 1e15, so the product stays below 2^63.
        const std::uint64_t halves = static_cast<std::uint64_t>(per_request.halves()) * rate_num;
        const std::uint64_t den = rate_den * 2;
        return static_cast<std::int64_t>((halves + den - 1) / den);
    }
    double exact() const {
        return static_cast<double>(per_request.halves()) * static_cast<double>(rate_num) /
               (2.0 * static_cast<double>(rate_den));
    }
};

std::string number(double v) {
    nlohmann::json j = v;
    std::string s = j.dump();
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

}  // namespace

int run_capacity(const std::vector<std::string>& argv) {
    using namespace storage;
    Args args(argv, {"item-size", "reads", "consistency", "writes", "write-mode"},
              {"json", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (!args.error().empty())
        return bad_input("capacity: " + args.error() + " (see ddbsim capacity --help)");
    if (!args.positionals().empty())
        return bad_input("capacity: unexpected argument " + args.positionals()[0]);
    auto size_text = args.value("item-size");
    if (!size_text) return bad_input("capacity: --item-size is required (e.g. --item-size 7KB)");
    auto size = workload::parse_size(*size_text);
    if (!size) return bad_input("capacity: --item-size: " + size.error().message);
    if (*size > 400 * 1024)
        return bad_input("capacity: --item-size: " + *size_text +
                         " exceeds DynamoDB's 400 KB item limit");
    auto reads = workload::parse_rate(args.value("reads").value_or("0"));
    if (!reads) return bad_input("capacity: --reads: " + reads.error().message);
    auto writes = workload::parse_rate(args.value("writes").value_or("0"));
    if (!writes) return bad_input("capacity: --writes: " + writes.error().message);
    const std::string consistency = args.value("consistency").value_or("eventual");
    ReadConsistency rc;
    if (consistency == "eventual")
        rc = ReadConsistency::kEventual;
    else if (consistency == "strong")
        rc = ReadConsistency::kStrong;
    else if (consistency == "transactional")
        rc = ReadConsistency::kTransactional;
    else
        return bad_input("capacity: --consistency must be eventual, strong or transactional, not " +
                         consistency);
    const std::string mode = args.value("write-mode").value_or("standard");
    WriteMode wm;
    if (mode == "standard")
        wm = WriteMode::kStandard;
    else if (mode == "transactional")
        wm = WriteMode::kTransactional;
    else
        return bad_input("capacity: --write-mode must be standard or transactional, not " + mode);

    Side r{static_cast<std::uint64_t>(billed_blocks(*size, kReadUnitBytes)), read_units(*size, rc),
           reads->numerator, reads->denominator};
    Side w{static_cast<std::uint64_t>(billed_blocks(*size, kWriteUnitBytes)),
           write_units(*size, wm), writes->numerator, writes->denominator};
    const std::string read_rate = number(reads->per_second());
    const std::string write_rate = number(writes->per_second());
    std::vector<std::string> steps = {
        "item size " + std::to_string(*size) + " bytes",
        "read: " + std::to_string(*size) + " B rounds up to " + std::to_string(r.blocks) +
            " x 4 KB; " + consistency + " costs " + r.per_request.to_string() + " RCU per read",
        "read: " + read_rate + " reads/s x " + r.per_request.to_string() + " RCU = " +
            number(r.exact()) + " RCU/s -> provision " + std::to_string(r.provision()) + " RCU",
        "write: " + std::to_string(*size) + " B rounds up to " + std::to_string(w.blocks) +
            " x 1 KB; " + mode + " costs " + w.per_request.to_string() + " WCU per write",
        "write: " + write_rate + " writes/s x " + w.per_request.to_string() + " WCU = " +
            number(w.exact()) + " WCU/s -> provision " + std::to_string(w.provision()) + " WCU",
    };
    if (args.has("json")) {
        nlohmann::json out = {
            {"item_size_bytes", *size},
            {"reads_per_second", reads->per_second()},
            {"consistency", consistency},
            {"read_blocks_4kb", r.blocks},
            {"rcu_per_read", r.per_request.value()},
            {"rcu_exact", r.exact()},
            {"rcu", r.provision()},
            {"writes_per_second", writes->per_second()},
            {"write_mode", mode},
            {"write_blocks_1kb", w.blocks},
            {"wcu_per_write", w.per_request.value()},
            {"wcu_exact", w.exact()},
            {"wcu", w.provision()},
            {"steps", steps},
        };
        std::cout << out.dump() << "\n";
    } else {
        for (const auto& s : steps)
            std::cout << "  " << s << "\n";
        std::cout << "RCU: " << r.provision() << "\nWCU: " << w.provision() << "\n";
    }
    return kExitOk;
}

}  // namespace ddbsim::cli
