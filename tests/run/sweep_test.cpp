// Sweeps in the engine: the grid, the seeds, the thread pool, the statistics.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "run/sweep_summary.hpp"
#include "run/task_pool.hpp"
#include "workload/sweep.hpp"

using namespace ddbsim;
using nlohmann::json;

namespace {

workload::Sweep grid(std::vector<std::size_t> sizes, std::int64_t seeds) {
    workload::Sweep s;
    s.seeds = seeds;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        workload::SweepParameter p;
        p.pointer = "/p" + std::to_string(i);
        for (std::size_t v = 0; v < sizes[i]; ++v)
            p.values.push_back(static_cast<int>(v));
        s.parameters.push_back(p);
    }
    return s;
}

}  // namespace

TEST_CASE("a sweep's grid is the cartesian product, the last parameter fastest", "[sweep]") {
    const auto s = grid({3, 2}, 4);
    CHECK(s.points() == 6);
    CHECK(s.tasks() == 24);
    CHECK(s.coordinates(0) == std::vector<std::size_t>{0, 0});
    CHECK(s.coordinates(1) == std::vector<std::size_t>{0, 1});
    CHECK(s.coordinates(2) == std::vector<std::size_t>{1, 0});
    CHECK(s.coordinates(5) == std::vector<std::size_t>{2, 1});
    CHECK(grid({}, 7).points() == 1);  // seeds only
}

TEST_CASE("sweep seeds depend on the scenario seed and the index alone", "[sweep]") {
    CHECK(workload::sweep_seed(42, 0) == 42);
    CHECK(workload::sweep_seed(42, 1) == workload::sweep_seed(42, 1));
    CHECK(workload::sweep_seed(42, 1) != workload::sweep_seed(42, 2));
    CHECK(workload::sweep_seed(42, 1) != workload::sweep_seed(43, 1));
    for (std::int64_t i = 0; i < 1000; ++i) {
        const auto s = workload::sweep_seed(7, i);
        CHECK(s >= 1);
        CHECK(s <= static_cast<std::uint64_t>(INT64_MAX));
    }
}

TEST_CASE("read_sweep names what is wrong with a sweep section", "[sweep]") {
    const json doc = json::parse(R"({"table": {"ProvisionedThroughput": {"ReadCapacityUnits": 1}},
                                     "workload": [{"name": "w"}]})");
    auto problems_of = [&](const json& sweep) {
        json d = doc;
        d["sweep"] = sweep;
        std::vector<workload::Problem> problems;
        auto s = workload::read_sweep(d, problems);
        CHECK(s.has_value() == problems.empty());
        return problems;
    };
    CHECK(
        problems_of(
            json::parse(
                R"({"parameters": [{"pointer": "/table/ProvisionedThroughput/WriteCapacityUnits", "values": [1, 2]}], "seeds": 3})"))
            .empty());
    CHECK(problems_of(json::parse(R"({"parameters": [], "seeds": 3})")).empty());
    CHECK(problems_of(json::parse(R"([1])")).at(0).pointer == "/sweep");
    CHECK(problems_of(json::parse(R"({"parameters": [], "seeds": 0})")).at(0).pointer ==
          "/sweep/seeds");
    CHECK(problems_of(json::parse(R"({"parameters": [], "seeds": 1.5})")).at(0).pointer ==
          "/sweep/seeds");
    CHECK(problems_of(json::parse(R"({"parameters": [{"pointer": "/nowhere/x", "values": [1]}]})"))
              .at(0)
              .pointer == "/sweep/parameters/0/pointer");
    CHECK(
        problems_of(json::parse(R"({"parameters": [{"pointer": "/sweep/seeds", "values": [1]}]})"))
            .at(0)
            .pointer == "/sweep/parameters/0/pointer");
    CHECK(problems_of(json::parse(R"({"parameters": [{"pointer": "/seed", "values": []}]})"))
              .at(0)
              .pointer == "/sweep/parameters/0");
    CHECK(problems_of(json::parse(R"({"parameters": [], "seed": 2})")).at(0).pointer ==
          "/sweep/seed");
    // 101 × 100 points: over the grid limit.
    json big = {{"parameters", json::array()}};
    for (const char* ptr : {"/seed", "/duration"}) {
        json values = json::array();
        for (int v = 0; v < 101; ++v)
            values.push_back(v);
        big["parameters"].push_back({{"pointer", ptr}, {"values", values}});
    }
    CHECK(problems_of(big).at(0).pointer == "/sweep/parameters/1/values");
}

TEST_CASE("sweep_point_document sets each parameter's value", "[sweep]") {
    const json doc = json::parse(R"({"a": {"b": 1}, "list": [10, 20], "whatIf": [], "expect": [],
                                     "sweep": {}})");
    workload::Sweep s;
    s.parameters = {{"/a/b", {json(5), json(6)}}, {"/list/1", {json("x"), json("y")}}};
    std::vector<workload::Problem> problems;
    auto d = workload::sweep_point_document(doc, s, 3, problems);
    REQUIRE(d);
    CHECK(*d == json::parse(R"({"a": {"b": 6}, "list": [10, "y"]})"));
    s.parameters = {{"/list/7", {json(1)}}};
    CHECK_FALSE(workload::sweep_point_document(doc, s, 0, problems));
    CHECK(problems.at(0).pointer == "/sweep/parameters/0/pointer");
}

TEST_CASE("run_tasks gives the same results for any number of threads", "[sweep]") {
    for (int jobs : {1, 2, 3, 8}) {
        std::vector<std::uint64_t> out(1000, 0);
        const auto ran = run::run_tasks(out.size(), jobs, [&](std::size_t i) {
            out[i] = workload::sweep_seed(1, static_cast<std::int64_t>(i));
        });
        CHECK(ran == 1000);
        for (std::size_t i = 0; i < out.size(); ++i)
            REQUIRE(out[i] == workload::sweep_seed(1, static_cast<std::int64_t>(i)));
    }
    // A task's exception reaches the caller once every thread has stopped.
    CHECK_THROWS_AS(run::run_tasks(100, 4,
                                   [](std::size_t i) {
                                       if (i == 37) throw std::runtime_error("task 37");
                                   }),
                    std::runtime_error);
    std::atomic<bool> cancel{true};
    CHECK(run::run_tasks(
              100, 2, [](std::size_t) {}, &cancel) == 0);
    CHECK(run::resolve_jobs(0) >= 1);
}

TEST_CASE("the confidence interval is Student's t on a case with a known answer", "[sweep]") {
    // 1..5: mean 3, sample sd √2.5 = 1.58114; t(0.975, 4) = 2.776445 (tables);
    // half-width 2.776445 · 1.58114 / √5 = 1.96324.
    const auto s = run::statistic_of({1, 2, 3, 4, 5});
    CHECK(s.n == 5);
    CHECK(s.mean == 3.0);
    CHECK(s.sd == Approx(1.5811388).epsilon(1e-7));
    CHECK(s.ci95 == Approx(1.9632432).epsilon(1e-6));
    CHECK(s.min == 1.0);
    CHECK(s.max == 5.0);
    const auto one = run::statistic_of({7});
    CHECK(one.mean == 7.0);
    CHECK(one.ci95 == 0.0);
    // Coverage: of 2,000 samples of 10 draws of a known mean, about 95 % of the intervals
    // hold it (binomial: 95 % ± 1.5 % at three standard errors).
    sim::Rng rng(5);
    int covered = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<double> v;
        for (int i = 0; i < 10; ++i)
            v.push_back(sim::uniform01(rng) * 10);  // mean 5
        const auto st = run::statistic_of(v);
        covered += std::abs(st.mean - 5.0) <= st.ci95 ? 1 : 0;
    }
    CHECK(covered / 2000.0 == Approx(0.95).margin(0.015));
}

TEST_CASE("summarize_sweep averages each point and finds the parameter that matters", "[sweep]") {
    const auto s = grid({2, 3}, 2);
    std::vector<run::SweepRow> rows;
    for (std::size_t t = 0; t < s.tasks(); ++t) {
        run::SweepRow r;
        r.task = t;
        r.point = t / 2;
        const auto c = s.coordinates(r.point);
        // m = 100 · first + second + seed index: the first parameter moves it by 100.
        r.metrics["m.sum"] = 100.0 * static_cast<double>(c[0]) + static_cast<double>(c[1]) +
                             static_cast<double>(t % 2);
        rows.push_back(r);
    }
    const auto summary = run::summarize_sweep(s, rows);
    REQUIRE(summary.points.size() == 6);
    CHECK(summary.points[4].metrics.at("m.sum").mean == 101.5);  // (1, 1): 101 and 102
    REQUIRE(summary.effects.size() == 1);
    CHECK(summary.effects[0].strongest == 0);
    CHECK(summary.effects[0].spread[0] == 100.0);
    CHECK(summary.effects[0].spread[1] == 2.0);
}
