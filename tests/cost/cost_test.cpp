// Cost model: one test per pricing rule, each number derived in a comment.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cost/bill.hpp"
#include "cost/comparison.hpp"
#include "cost/price_catalog.hpp"

using namespace ddbsim::cost;

namespace {

PriceCatalog catalog(const std::string& name) {
    auto c = builtin_catalog(name);
    REQUIRE(c);
    return *c;
}

constexpr std::uint64_t kGiB = 1ULL << 30;
constexpr std::int64_t kDay = 86400;

Usage provisioned(std::int64_t seconds, std::int64_t rcu, std::int64_t wcu) {
    Usage u;
    u.seconds = seconds;
    u.hourly_rcu.assign(static_cast<std::size_t>((seconds + 3599) / 3600), rcu);
    u.hourly_wcu.assign(static_cast<std::size_t>((seconds + 3599) / 3600), wcu);
    return u;
}

Money line(const Bill& b, const std::string& item) {
    for (const auto& l : b.lines)
        if (l.item == item) return l.amount;
    FAIL("no line " << item);
    return {};
}

Money dollars(const char* text) {
    return *parse_dollars(text);
}

}  // namespace

TEST_CASE("money parses exact decimal dollars and formats cents", "[cost]") {
    CHECK(parse_dollars("0.00065")->nanos == 650'000);
    CHECK(parse_dollars("150")->nanos == 150'000'000'000);
    CHECK(parse_dollars("0.78125")->nanos == 781'250'000);
    CHECK_FALSE(parse_dollars("0.0000000001"));  // ten decimals
    CHECK_FALSE(parse_dollars("-1"));
    CHECK_FALSE(parse_dollars("1.2.3"));
    CHECK_FALSE(parse_dollars(""));
    CHECK_FALSE(parse_dollars("."));
    CHECK(format_dollars(Money{14'040'000'000}) == "$14.04");
    CHECK(format_dollars(Money{1'234'565'000'000}) == "$1,234.57");  // half up
    CHECK(format_dollars(Money{-5'000'000}) == "-$0.01");
    CHECK(format_dollars(Money{650'000}, 5) == "$0.00065");
    CHECK(scale(Money{3}, std::int64_t{1}, std::int64_t{2}).nanos == 2);  // 1.5 rounds up
}

TEST_CASE("both shipped catalogs parse, with their documented prices", "[cost]") {
    auto names = builtin_catalog_names();
    CHECK(names == std::vector<std::string>{"course-2019", "current"});
    auto course = catalog("course-2019");
    CHECK(course.hours_per_month == 720);
    CHECK(course.standard.write_per_million == dollars("1.25"));
    CHECK_FALSE(course.standard_ia);
    CHECK(course.reserved.empty());
    auto current = catalog("current");
    CHECK(current.hours_per_month == 730);
    CHECK(current.standard.write_per_million == dollars("0.625"));
    CHECK(current.standard.read_per_million == dollars("0.125"));
    REQUIRE(current.standard_ia);
    CHECK(current.standard_ia->storage_gb_month == dollars("0.10"));
    CHECK(current.reserved_term(1));
    CHECK(current.reserved_term(3));
    CHECK_FALSE(builtin_catalog("nope"));
}

TEST_CASE("catalog problems name the field and what was expected", "[cost]") {
    std::vector<std::string> problems;
    auto sink = [&](const std::string& p, const std::string& m) {
        problems.push_back(p + ": " + m);
    };
    auto j = nlohmann::json::parse(R"({"standard": {"provisionedWcuHour": "abc",
        "provisionedRcuHour": "0.1", "onDemandWritePerMillion": 1, "onDemandReadPerMillion": -2},
        "hoursPerMonth": 10, "colour": "blue"})");
    CHECK_FALSE(parse_catalog(j, sink));
    CHECK(
        problems ==
        std::vector<std::string>{
            "/colour: unknown field \"colour\", expected one of: backupGbMonth, "
            "crossRegionTransferGb, date, daxNodeHour, description, freeTier, hoursPerMonth, name, "
            "pitrGbMonth, region, reserved, source, standard, "
            "standardInfrequentAccess, streamsReadPerMillion",
            "/hoursPerMonth: found 10, expected 672 to 745 hours",
            "/standard/provisionedWcuHour: found \"abc\", expected a non-negative "
            "price in dollars with at most nine decimals (e.g. \"0.00065\")",
            "/standard/onDemandReadPerMillion: found -2, expected a non-negative "
            "price in dollars with at most nine decimals (e.g. \"0.00065\")",
            "/standard/storageGbMonth: missing, expected a price in dollars such "
            "as \"0.00065\""});
}

TEST_CASE("course example 15: 25 WCU + 25 RCU + 25 GB for 30 days is $14.04", "[cost][course]") {
    // 25 × 0.00065 × 24 × 30 = 11.70; 25 × 0.00013 × 720 = 2.34; 25 GB within the free 25 GB.
    Usage u = provisioned(30 * kDay, 25, 25);
    u.storage_bytes = 25 * kGiB;
    Bill b = price(u, catalog("course-2019"));
    CHECK(line(b, "Provisioned write capacity") == dollars("11.70"));
    CHECK(line(b, "Provisioned read capacity") == dollars("2.34"));
    CHECK(line(b, "Storage") == Money{});
    CHECK(b.total == dollars("14.04"));
    CHECK(format_dollars(b.total) == "$14.04");
}

TEST_CASE("course example 16: on-demand 4M writes, 8M reads, 30 GB is $8.25", "[cost][course]") {
    // 4 × 1.25 = 5.00; 8 × 0.25 = 2.00; (30 − 25 free) GB × 0.25 = 1.25 (the course's text
    // says 10 GB × 0.25 = 2.50 and $9.50; see scenarios/course/ #16).
    Usage u;
    u.seconds = 30 * kDay;
    u.on_demand = true;
    u.write_halves = 2 * 4'000'000;
    u.read_halves = 2 * 8'000'000;
    u.storage_bytes = 30 * kGiB;
    Bill b = price(u, catalog("course-2019"));
    CHECK(line(b, "On-demand write request units") == dollars("5.00"));
    CHECK(line(b, "On-demand read request units") == dollars("2.00"));
    CHECK(line(b, "Storage") == dollars("1.25"));
    CHECK(b.total == dollars("8.25"));
}

TEST_CASE("the capacity free tier covers 25 WCU and 25 RCU in the current catalog", "[cost]") {
    Usage u = provisioned(730 * 3600, 25, 25);
    CHECK(price(u, catalog("current")).total == Money{});
    // Without it: 25 × 730 × 0.00065 = 11.8625; 25 × 730 × 0.00013 = 2.3725.
    Bill b = price(u, catalog("current"), /*free_tier=*/false);
    CHECK(line(b, "Provisioned write capacity") == dollars("11.8625"));
    CHECK(line(b, "Provisioned read capacity") == dollars("2.3725"));
    // 100 WCU: (100 − 25) × 730 × 0.00065 = 35.5875.
    CHECK(line(price(provisioned(730 * 3600, 1, 100), catalog("current")),
               "Provisioned write capacity") == dollars("35.5875"));
}

TEST_CASE("provisioned capacity is billed on the highest capacity in each hour", "[cost]") {
    Usage u = provisioned(2 * 3600, 0, 0);
    u.hourly_wcu = {100, 200};  // 300 WCU-hours × 0.00065 = 0.195
    Bill b = price(u, catalog("course-2019"));
    CHECK(line(b, "Provisioned write capacity") == dollars("0.195"));
    CHECK(b.lines[0].quantity == 300);
}

TEST_CASE("a partial last hour is billed for the part the run covers", "[cost]") {
    // 90 minutes at 100 WCU = 150 WCU-hours × 0.00065 = 0.0975.
    Bill b = price(provisioned(90 * 60, 0, 100), catalog("course-2019"));
    CHECK(line(b, "Provisioned write capacity") == dollars("0.0975"));
}

TEST_CASE("Standard-IA: its own throughput prices and no storage free tier", "[cost]") {
    Usage u;
    u.seconds = 730 * 3600;
    u.on_demand = true;
    u.table_class = TableClass::kStandardInfrequentAccess;
    u.write_halves = 2'000'000;    // 1 M WRU × 0.78125 per million
    u.read_halves = 4'000'000;     // 2 M RRU × 0.15625 = 0.3125
    u.storage_bytes = 100 * kGiB;  // 100 GB × 0.10, nothing free for IA
    Bill b = price(u, catalog("current"));
    CHECK(line(b, "On-demand write request units") == dollars("0.78125"));
    CHECK(line(b, "On-demand read request units") == dollars("0.3125"));
    CHECK(line(b, "Storage") == dollars("10"));
    // The course catalog has no IA prices: priced as Standard, and the bill says so.
    Bill course = price(u, catalog("course-2019"));
    REQUIRE(course.notes.size() == 1);
    CHECK(course.notes[0].find("no Standard-IA prices") != std::string::npos);
}

TEST_CASE("storage is prorated over the run in GB-months", "[cost]") {
    // 125 GB for 15 days of a 30-day course month: (125 − 25) × 0.25 × 0.5 = 12.50.
    Usage u = provisioned(15 * kDay, 0, 0);
    u.storage_bytes = 125 * kGiB;
    CHECK(line(price(u, catalog("course-2019")), "Storage") == dollars("12.50"));
}

TEST_CASE("streams: GetRecords beyond the free 2.5 million a month", "[cost]") {
    // 3.5 M calls in a 30-day (720 h) course month: 1 M billable × 0.02 per 100,000 = 0.20.
    Usage u = provisioned(30 * kDay, 0, 0);
    u.stream_read_requests = 3'500'000;
    CHECK(line(price(u, catalog("course-2019")), "Streams read request units") == dollars("0.20"));
}

TEST_CASE("point-in-time recovery, backups and DAX nodes", "[cost]") {
    Usage u = provisioned(730 * 3600, 0, 0);
    u.storage_bytes = 100 * kGiB;
    u.point_in_time_recovery = true;  // 100 GB × 0.20 = 20
    u.on_demand_backups = 2;          // 2 × 100 GB × 0.10 = 20
    u.dax_nodes = 3;                  // 3 × 730 × 0.04 = 87.60
    u.dax_node_type = "dax.t3.small";
    Bill b = price(u, catalog("current"));
    CHECK(line(b, "Point-in-time recovery") == dollars("20"));
    CHECK(line(b, "On-demand backups") == dollars("20"));
    CHECK(line(b, "DAX nodes (dax.t3.small)") == dollars("87.60"));
    u.dax_node_type = "dax.z9.huge";
    CHECK(price(u, catalog("current")).notes.back().find("dax.z9.huge") != std::string::npos);
    // The course catalog has none of these prices: each is a note, never a guess.
    CHECK(price(u, catalog("course-2019")).notes.size() == 3);
}

TEST_CASE("a run's bill projects linearly to a catalog month", "[cost]") {
    // One hour at 100 WCU, course prices: 0.065 → × 720 = 46.80.
    Bill hour = price(provisioned(3600, 0, 100), catalog("course-2019"));
    CHECK(hour.total == dollars("0.065"));
    CHECK(project_to_month(hour, 3600, catalog("course-2019")).total == dollars("46.80"));
}

TEST_CASE("reserved capacity: blocks of 100, upfront amortised, the rest at standard", "[cost]") {
    // Fixed plan 250 WCU / 120 RCU for 730 h, current catalog, no free tier.
    // WCU: 2 blocks: upfront 2 × 150 × 730 / 8760 = 25.00; hourly 2 × 0.0128 × 730 = 18.688;
    //      the other 50 WCU × 730 × 0.00065 = 23.725.
    // RCU: 1 block: 30 × 730 / 8760 = 2.50; 0.0025 × 730 = 1.825; 20 × 730 × 0.00013 = 1.898.
    ComparisonInput in;
    in.as_run = provisioned(730 * 3600, 120, 250);
    in.traffic.read_halves = {240};
    in.traffic.write_halves = {500};
    auto c = compare_modes(in, catalog("current"), /*free_tier=*/false);
    const Alternative* r1 = nullptr;
    for (const auto& a : c.alternatives)
        if (a.key == "reserved-1y") r1 = &a;
    REQUIRE(r1);
    REQUIRE(r1->available);
    CHECK(line(r1->run, "Reserved write capacity (upfront, amortised)") == dollars("25"));
    CHECK(line(r1->run, "Reserved write capacity (reserved hourly)") == dollars("18.688"));
    CHECK(line(r1->run, "Provisioned write capacity") == dollars("23.725"));
    CHECK(line(r1->run, "Reserved read capacity (upfront, amortised)") == dollars("2.50"));
    CHECK(line(r1->run, "Reserved read capacity (reserved hourly)") == dollars("1.825"));
    CHECK(line(r1->run, "Provisioned read capacity") == dollars("1.898"));
    CHECK(r1->run.total == dollars("73.636"));
    // The course catalog has no reserved prices.
    auto course = compare_modes(in, catalog("course-2019"));
    for (const auto& a : course.alternatives)
        if (a.key == "reserved-1y") CHECK_FALSE(a.available);
}

TEST_CASE("break-even utilisation between provisioned and on-demand", "[cost]") {
    // Course: 0.00065 / (1.25e-6 × 3600) = 0.1444…; current: 0.00065 / (0.625e-6 × 3600).
    ComparisonInput in;
    in.as_run = provisioned(3600, 10, 10);
    in.traffic.read_halves.assign(3600, 10);
    in.traffic.write_halves.assign(3600, 10);
    CHECK(compare_modes(in, catalog("course-2019")).breakeven_write_utilisation ==
          Approx(0.144444).epsilon(1e-5));
    CHECK(compare_modes(in, catalog("course-2019")).breakeven_read_utilisation ==
          Approx(0.144444).epsilon(1e-5));
    CHECK(compare_modes(in, catalog("current")).breakeven_write_utilisation ==
          Approx(0.288889).epsilon(1e-5));
}

TEST_CASE("mode comparison: fixed at the peak second, on-demand on consumed units", "[cost]") {
    // Two hours: 100 WCU/s steady with one second at 400 WCU; reads 20 RCU/s.
    ComparisonInput in;
    in.as_run = provisioned(7200, 50, 500);
    in.traffic.write_halves.assign(7200, 200);
    in.traffic.write_halves[100] = 800;
    in.traffic.read_halves.assign(7200, 40);
    for (auto h : in.traffic.write_halves)
        in.as_run.write_halves += h;
    for (auto h : in.traffic.read_halves)
        in.as_run.read_halves += h;
    auto c = compare_modes(in, catalog("course-2019"));
    REQUIRE(c.alternatives.size() == 6);
    const auto& fixed = c.alternatives[1];
    CHECK(fixed.key == "provisioned-fixed");
    CHECK(fixed.wcu == 400);
    CHECK(fixed.rcu == 20);
    // 400 WCU × 2 h × 0.00065 = 0.52; 20 RCU × 2 h × 0.00013 = 0.0052.
    CHECK(fixed.run.total == dollars("0.5252"));
    const auto& tracked = c.alternatives[2];
    CHECK(tracked.key == "provisioned-autoscaling");
    // Minute 1 averages (59 × 100 + 400) / 60 = 105 WCU/s → 150 at 70 %; the other minutes
    // 100 / 0.7 → 143. Hours: 150 and 143 WCU; reads 20 / 0.7 → 29 RCU.
    CHECK(tracked.wcu == 150);
    CHECK(tracked.rcu == 29);
    CHECK(tracked.run.total ==
          scale(dollars("0.00065"), std::int64_t{150 + 143}, std::int64_t{1}) +
              scale(dollars("0.00013"), std::int64_t{29 * 2}, std::int64_t{1}));
    const auto& od = c.alternatives[3];
    CHECK(od.key == "on-demand");
    // (7199 × 100 + 400) = 720,300 WRU × 1.25e-6 = 0.900375; 144,000 RRU × 0.25e-6 = 0.036.
    CHECK(od.run.total == dollars("0.936375"));
    CHECK(c.cheapest == "provisioned-autoscaling");
    CHECK(c.fixed_write_utilisation == Approx(720300.0 / (400.0 * 7200)));
}
