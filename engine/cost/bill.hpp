// Bill: a Usage priced with a PriceCatalog, line by line, in exact nano-dollars.
//
// Pricing rules (docs/dynamodb-model.md "Prices"; each is tested in tests/cost with its number
// derived in a comment):
// - provisioned: capacity × hours × the class's WCU-hour / RCU-hour price, on the highest
//   capacity in force in each clock hour, less the free tier (25 WCU / 25 RCU in "current");
//   a run's partial last hour is billed for the part it covers (a run is a sample of a longer
//   period; the service itself bills whole hours);
// - on-demand: request units × the price per million (RRU/WRU = consumed RCU/WCU);
// - storage: GB-months (GB = 2^30 bytes) prorated over the run, first 25 GB free for the
//   Standard class; PITR and on-demand backups on the same GB-months;
// - streams: GetRecords calls beyond the free 2.5 M a month (prorated); DAX: node-hours.
#pragma once

#include <string>
#include <vector>

#include "cost/money.hpp"
#include "cost/price_catalog.hpp"
#include "cost/usage.hpp"

namespace ddbsim::cost {

struct BillLine {
    std::string item;        // "Provisioned write capacity"
    double quantity = 0;     // in `unit`
    std::string unit;        // "WCU-hours"
    Money unit_price;        // per `unit` (per million for request units)
    std::string price_unit;  // "per WCU-hour"
    Money amount;
};

struct Bill {
    std::vector<BillLine> lines;
    std::vector<std::string> notes;  // what could not be priced with this catalog, and why
    Money total;
};

Bill price(const Usage& usage, const PriceCatalog& catalog, bool free_tier = true);

// `bill` scaled from the run's length to one catalog month (hours_per_month), every line.
Bill project_to_month(const Bill& bill, std::int64_t run_seconds, const PriceCatalog& catalog);

}  // namespace ddbsim::cost
