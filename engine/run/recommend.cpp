#include "run/recommend.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "run/task_pool.hpp"

namespace ddbsim::run {
namespace {

constexpr std::int64_t kQuota = 40000;  // per-table default quota (docs/dynamodb-model.md)

// Candidate results by the candidate's settings, shared by the speculative searches and the
// sequential one: a simulation is deterministic, so a cached result is the result.
struct CandidateCache {
    using Key =
        std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t, std::int64_t, double>;
    using Entry = CandidateResult;
    std::mutex mutex;
    std::map<Key, Entry> entries;

    static Key key_of(const Candidate& c) {
        return {c.mode, c.rcu, c.wcu, c.min_rcu, c.min_wcu, c.target};
    }
};

class Search {
  public:
    // The searches after the on-demand run: fixed capacity, then auto scaling per target.
    static constexpr double kTargets[] = {50.0, 70.0, 90.0};

    Search(const workload::ScenarioFile& file, const RecommendOptions& options,
           std::shared_ptr<CandidateCache> cache)
        : base_(file.baseline), options_(options), cache_(std::move(cache)) {
        for (const auto& e : file.expect) {
            // Requirements are upper bounds (SLOs, budgets); a lower bound describes the
            // baseline's behaviour (e.g. "the baseline throttles"), not a goal.
            if ((!e.variant.empty() && e.variant != "*") || !e.max) continue;
            criteria_.push_back(e);
            criteria_.back().min.reset();
            criteria_.back().equals.reset();
            criteria_.back().variant = "";  // checked against each candidate as its baseline
        }
        const bool bounds_throttling = std::any_of(
            criteria_.begin(), criteria_.end(),
            [](const workload::Expectation& e) { return e.metric == "throttledRequests"; });
        if (!bounds_throttling) {
            workload::Expectation none;
            none.metric = "throttledRequests";
            none.statistic = "sum";
            none.max = 0;
            none.description = "no throttled requests (default)";
            none.pointer = "(default)";
            criteria_.insert(criteria_.begin(), none);
        }
    }

    Recommendation run() {
        Recommendation rec;
        rec.criteria = criteria_;
        on_demand(rec);
        search_fixed();
        for (double target : kTargets)
            search_scaled(target);
        rec.candidates = std::move(tried_);
        choose_winners(rec);
        return rec;
    }

    // On-demand: its own candidate, and the peak demand the provisioned search starts from.
    void on_demand(Recommendation& rec) {
        workload::Scenario od = base_;
        od.config.capacity.on_demand = true;
        od.config.table.billing_mode = storage::BillingMode::kPayPerRequest;
        od.config.read_scaling.reset();
        od.config.write_scaling.reset();
        Candidate c;
        c.mode = "on-demand";
        const auto peaks = evaluate(od, c);
        peak_r_ = std::max(1.0, peaks.first);
        peak_w_ = std::max(1.0, peaks.second);
        rec.peak_rcu = peak_r_;
        rec.peak_wcu = peak_w_;
    }

    // Search `branch` (0: fixed, 1…3: auto scaling at kTargets[branch − 1]) on its own.
    void search_branch(int branch) {
        if (branch == 0)
            search_fixed();
        else
            search_scaled(kTargets[branch - 1]);
    }

    // Provisioned, fixed: writes first (reads generous), then reads at the writes found.
    void search_fixed() {
        const auto generous_r =
            std::min<std::int64_t>(kQuota, static_cast<std::int64_t>(2 * peak_r_) + 1);
        const std::int64_t wcu = bisect([&](std::int64_t w) { return fixed(generous_r, w).passed; },
                                        static_cast<std::int64_t>(std::ceil(peak_w_)));
        std::int64_t rcu = wcu > 0 ? bisect([&](std::int64_t r) { return fixed(r, wcu).passed; },
                                            static_cast<std::int64_t>(std::ceil(peak_r_)))
                                   : 0;
        if (wcu > 0 && rcu > 0) {
            // The two sides interact little, but confirm the pair and nudge up if needed.
            std::int64_t r = rcu, w = wcu;
            for (int i = 0; i < 4 && !fixed(r, w).passed; ++i) {
                r = std::min(kQuota, r + r / 10 + 1);
                w = std::min(kQuota, w + w / 10 + 1);
            }
        }
    }

    // Provisioned with auto scaling at `target`: bisect the minimum as a share of the peak.
    void search_scaled(double target) {
        const auto max_r = std::min<std::int64_t>(
            kQuota, static_cast<std::int64_t>(peak_r_ * 100 / target * 1.5) + 1);
        const auto max_w = std::min<std::int64_t>(
            kQuota, static_cast<std::int64_t>(peak_w_ * 100 / target * 1.5) + 1);
        // share in percent of the peak: 5 … 100
        bisect_share([&](int share) { return scaled(target, share, max_r, max_w).passed; });
    }

    void set_peaks(double r, double w) {
        peak_r_ = r;
        peak_w_ = w;
    }
    double peak_r() const { return peak_r_; }
    double peak_w() const { return peak_w_; }

  private:
    // The smallest capacity in [1, quota] for which `passes` holds, assuming monotonicity:
    // doubling from `start` to find a passing value, then bisecting to within 2 %.
    template <class F>
    std::int64_t bisect(F passes, std::int64_t start) {
        std::int64_t hi = std::clamp<std::int64_t>(start, 1, kQuota), lo = 0;
        while (!passes(hi)) {
            if (hi >= kQuota || budget_left() <= 0) return 0;
            lo = hi;
            hi = std::min(kQuota, hi * 2);
        }
        while (hi - lo > std::max<std::int64_t>(1, hi / 50) && budget_left() > 0) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            if (passes(mid))
                hi = mid;
            else
                lo = mid;
        }
        return hi;
    }

    template <class F>
    void bisect_share(F passes) {
        int lo = 0, hi = 100;
        if (!passes(hi)) return;
        for (int probe : {25, 10}) {
            if (budget_left() <= 0) return;
            if (passes(probe))
                hi = probe;
            else {
                lo = probe;
                break;
            }
        }
        while (hi - lo > 5 && budget_left() > 0) {
            const int mid = (lo + hi) / 2;
            if (passes(mid))
                hi = mid;
            else
                lo = mid;
        }
    }

    int budget_left() const { return options_.max_runs - runs_; }

    // The scenario provisioned at `rcu`/`wcu` (auto scaling off; callers add their own).
    workload::Scenario provisioned(std::int64_t rcu, std::int64_t wcu) const {
        workload::Scenario s = base_;
        s.config.capacity.on_demand = false;
        s.config.table.billing_mode = storage::BillingMode::kProvisioned;
        s.config.capacity.rcu = rcu;
        s.config.capacity.wcu = wcu;
        s.config.table.provisioned = storage::ProvisionedThroughput{rcu, wcu};
        s.config.read_scaling.reset();
        s.config.write_scaling.reset();
        return s;
    }

    Candidate fixed(std::int64_t rcu, std::int64_t wcu) {
        for (const auto& c : tried_)
            if (c.mode == "provisioned-fixed" && c.rcu == rcu && c.wcu == wcu) return c;
        const workload::Scenario s = provisioned(rcu, wcu);
        Candidate c;
        c.mode = "provisioned-fixed";
        c.rcu = rcu;
        c.wcu = wcu;
        evaluate(s, c);
        return tried_.back();
    }

    Candidate scaled(double target, int share, std::int64_t max_r, std::int64_t max_w) {
        const auto min_r =
            std::clamp<std::int64_t>(static_cast<std::int64_t>(peak_r_ * share / 100), 1, max_r);
        const auto min_w =
            std::clamp<std::int64_t>(static_cast<std::int64_t>(peak_w_ * share / 100), 1, max_w);
        workload::Scenario s = provisioned(min_r, min_w);
        model::AutoScalingPolicy r = base_.config.read_scaling.value_or(model::AutoScalingPolicy{});
        model::AutoScalingPolicy w =
            base_.config.write_scaling.value_or(model::AutoScalingPolicy{});
        r.min_capacity = min_r;
        r.max_capacity = max_r;
        r.target_utilization = target;
        w.min_capacity = min_w;
        w.max_capacity = max_w;
        w.target_utilization = target;
        s.config.read_scaling = r;
        s.config.write_scaling = w;
        Candidate c;
        c.mode = "provisioned-autoscaling";
        c.target = target;
        c.min_rcu = min_r;
        c.min_wcu = min_w;
        c.rcu = max_r;
        c.wcu = max_w;
        evaluate(s, c);
        return tried_.back();
    }

    // Runs (or finds in the cache) candidate `c` on scenario `s`; returns the run's
    // unthrottled one-second peaks (consumedRCU.max, consumedWCU.max).
    std::pair<double, double> evaluate(const workload::Scenario& s, Candidate c) {
        ++runs_;
        const auto key = CandidateCache::key_of(c);
        {
            std::lock_guard lock(cache_->mutex);
            if (auto it = cache_->entries.find(key); it != cache_->entries.end()) {
                tried_.push_back(it->second.candidate);
                if (options_.on_candidate) options_.on_candidate(tried_.back(), runs_);
                return {it->second.peak_rcu, it->second.peak_wcu};
            }
        }
        std::vector<Outcome> current;
        current.push_back(
            make_outcome("baseline", "", s, run_simulation(s.config, options_.fidelity)));
        const Outcome& o = current.front();
        c.passed = true;
        for (const auto& r : check_expectations(criteria_, current)) {
            if (!r.passed && c.failure.empty()) c.failure = r.message;
            c.passed = c.passed && r.passed;
        }
        c.throttled = o.metrics.at("throttledRequests.sum");
        auto money = [&](const char* key) {
            auto it = o.metrics.find(key);
            return it == o.metrics.end() ? 0.0 : it->second;
        };
        c.monthly = money("monthlyCost.as-run");
        c.reserved_1y = money("monthlyCost.reserved-1y");
        c.reserved_3y = money("monthlyCost.reserved-3y");
        const double peak_rcu = o.metrics.at("consumedRCU.max");
        const double peak_wcu = o.metrics.at("consumedWCU.max");
        {
            std::lock_guard lock(cache_->mutex);
            cache_->entries.emplace(key, CandidateCache::Entry{c, peak_rcu, peak_wcu});
        }
        tried_.push_back(c);
        if (options_.on_candidate) options_.on_candidate(tried_.back(), runs_);
        return {peak_rcu, peak_wcu};
    }

    void choose_winners(Recommendation& rec) {
        auto best_of = [&](const std::string& mode) -> const Candidate* {
            const Candidate* best = nullptr;
            for (const auto& c : rec.candidates)
                if (c.mode == mode && c.passed && (!best || c.monthly < best->monthly)) best = &c;
            return best;
        };
        const char* labels[][2] = {{"provisioned-fixed", "Provisioned, fixed"},
                                   {"provisioned-autoscaling", "Provisioned, auto scaling"},
                                   {"on-demand", "On-demand"}};
        for (const auto& [mode, label] : labels) {
            if (const Candidate* c = best_of(mode))
                rec.winners.push_back({mode, label, c, c->monthly});
        }
        // Reserved capacity: the fixed winner's capacity priced with reserved blocks.
        if (const Candidate* fixed = best_of("provisioned-fixed")) {
            if (fixed->reserved_1y > 0)
                rec.winners.push_back({"reserved-1y",
                                       "Reserved capacity, 1-year term (fixed capacity)", fixed,
                                       fixed->reserved_1y});
            if (fixed->reserved_3y > 0)
                rec.winners.push_back({"reserved-3y",
                                       "Reserved capacity, 3-year term (fixed capacity)", fixed,
                                       fixed->reserved_3y});
        }
        std::stable_sort(rec.winners.begin(), rec.winners.end(),
                         [](const Winner& a, const Winner& b) { return a.monthly < b.monthly; });
    }

    workload::Scenario base_;
    const RecommendOptions& options_;
    std::shared_ptr<CandidateCache> cache_;
    std::vector<workload::Expectation> criteria_;
    std::vector<Candidate> tried_;
    double peak_r_ = 1, peak_w_ = 1;
    int runs_ = 0;
};

}  // namespace

Recommendation recommend(const workload::ScenarioFile& file, const RecommendOptions& options,
                         const std::vector<CandidateResult>& known) {
    auto cache = std::make_shared<CandidateCache>();
    for (const auto& k : known)
        cache->entries.emplace(CandidateCache::key_of(k.candidate), k);
    if (resolve_jobs(options.jobs) > 1 && known.empty()) {
        // Speculation: the on-demand run, then the four searches side by side, each with the
        // whole budget (no progress reports), filling the cache. When the sequential search
        // below has budget left everywhere it asks for exactly these candidates.
        RecommendOptions speculative = options;
        speculative.on_candidate = nullptr;
        Search first(file, speculative, cache);
        Recommendation ignored;
        first.on_demand(ignored);
        run_tasks(4, options.jobs, [&](std::size_t branch) {
            Search s(file, speculative, cache);
            s.set_peaks(first.peak_r(), first.peak_w());
            s.search_branch(static_cast<int>(branch));
        });
    }
    return Search(file, options, cache).run();
}

std::vector<CandidateResult> recommend_branch(const workload::ScenarioFile& file,
                                              const RecommendOptions& options, int branch) {
    auto cache = std::make_shared<CandidateCache>();
    RecommendOptions speculative = options;
    speculative.on_candidate = nullptr;
    Search s(file, speculative, cache);
    Recommendation ignored;
    s.on_demand(ignored);
    if (branch >= 0 && branch < kRecommendBranches) s.search_branch(branch);
    std::vector<CandidateResult> results;
    for (auto& [key, entry] : cache->entries)
        results.push_back(std::move(entry));
    return results;
}

nlohmann::json candidate_result_json(const CandidateResult& r) {
    const Candidate& c = r.candidate;
    return {{"mode", c.mode},
            {"rcu", c.rcu},
            {"wcu", c.wcu},
            {"minRcu", c.min_rcu},
            {"minWcu", c.min_wcu},
            {"target", c.target},
            {"passed", c.passed},
            {"failure", c.failure},
            {"throttled", c.throttled},
            {"monthly", c.monthly},
            {"reserved1y", c.reserved_1y},
            {"reserved3y", c.reserved_3y},
            {"peakRcu", r.peak_rcu},
            {"peakWcu", r.peak_wcu}};
}

std::optional<CandidateResult> candidate_result_from_json(const nlohmann::json& j) {
    try {
        CandidateResult r;
        Candidate& c = r.candidate;
        j.at("mode").get_to(c.mode);
        j.at("rcu").get_to(c.rcu);
        j.at("wcu").get_to(c.wcu);
        j.at("minRcu").get_to(c.min_rcu);
        j.at("minWcu").get_to(c.min_wcu);
        j.at("target").get_to(c.target);
        j.at("passed").get_to(c.passed);
        j.at("failure").get_to(c.failure);
        j.at("throttled").get_to(c.throttled);
        j.at("monthly").get_to(c.monthly);
        j.at("reserved1y").get_to(c.reserved_1y);
        j.at("reserved3y").get_to(c.reserved_3y);
        j.at("peakRcu").get_to(r.peak_rcu);
        j.at("peakWcu").get_to(r.peak_wcu);
        return r;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

}  // namespace ddbsim::run
