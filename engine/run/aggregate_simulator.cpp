#include "run/aggregate_simulator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>

#include <Eigen/Core>
#include <boost/random/poisson_distribution.hpp>

#include "model/auto_scaler.hpp"
#include "model/capacity_unit.hpp"
#include "model/partition_map.hpp"
#include "run/aggregate_gsi.hpp"
#include "run/aggregate_replication.hpp"
#include "run/calibration.hpp"
#include "run/collection_sizes.hpp"
#include "run/demand_rounding.hpp"
#include "run/eventual_read_share.hpp"
#include "run/item_factory.hpp"
#include "run/key_placement.hpp"
#include "run/operation_runner.hpp"
#include "run/retry_cohorts.hpp"
#include "run/step_outcomes.hpp"
#include "sim/random.hpp"
#include "storage/primary_key.hpp"

namespace ddbsim::run {
namespace {

constexpr sim::TimeUs kMinBucketSteps = 300;  // time buckets the aggregate fidelity takes
constexpr double kEveryWriteNew = 1e15;       // effective items of a time-ordered collection

using Array = Eigen::ArrayXd;

class Aggregate {
  public:
    // `replicated`: a region of a global table (run/aggregate_replication.hpp).
    Aggregate(const SimulationConfig& config, const AggregateOptions& options,
              const RunControl& control, bool replicated = false)
        : config_(config),
          options_(options),
          control_(control),
          unit_(table_capacity_config(config), 0),
          result_(metrics::Recorder(config.duration)),
          outcomes_(config.latency, config.retry, config.seed) {
        result_.fidelity = "aggregate";
        result_.calibration = calibrate(config, options.calibration_samples);
        for (std::size_t g = 0; g < config.table.global_indexes.size(); ++g)
            gsis_.emplace_back(config, g, result_.calibration, options.exact_key_limit);
        for (const auto& s : config.streams) {
            arrivals_rng_.push_back(sim::make_stream(config.seed, "aggregate/arrivals/" + s.name));
        }
        step_end_ = options.step;  // masses for the first step (time-bucketed keys)
        recompute_masses();
        partition_bytes_.assign(
            static_cast<std::size_t>(P()),
            static_cast<double>(config.initial_data_bytes) / static_cast<double>(P()));
        writes_so_far_.assign(config.streams.size(), 0);
        // Per-partition state follows every split, the unit's own included.
        unit_.on_split([this](int p) { follow_split(p); });
        for (const auto& s : config.streams)
            effective_keys_.push_back(effective_items(s, options.exact_key_limit));
        if (replicated) replication_.emplace(config, result_.calibration, options.step);
    }

    RunResult run() {
        for (sim::TimeUs t = 0; t < config_.duration; t += options_.step) {
            if (stopped(t)) break;
            step(t);
        }
        return finish();
    }

    // Reports progress and polls for cancellation before the step at `t`; true when the
    // run must stop.
    bool stopped(sim::TimeUs t) {
        if (t < next_check_ || !control_.poll(t, config_.duration, options_.step, next_check_))
            return false;
        result_.cancelled = true;
        return true;
    }

    // One step, [t, t + step).
    void step(sim::TimeUs t) {
        const sim::TimeUs step = options_.step;
        const double step_s = static_cast<double>(step) / static_cast<double>(sim::kSecond);
        const sim::TimeUs end = t + step;
        follow_time_buckets(t, end);
        // Fresh arrivals per stream; serve_side spreads them over the partitions.
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            const auto& s = config_.streams[i];
            const double lambda = s.traffic.rate_at(t + step / 2) * step_s;
            arrivals_[i] = 0;
            if (lambda <= 0) continue;
            double n = 0;
            if (s.traffic.even) {
                // Exact counts: whole arrivals of the running expected total, summed with
                // Kahan compensation so a month of fractional steps stays exact.
                const double before = std::floor(even_total_[i] + 1e-6);
                const double y = lambda - even_comp_[i];
                const double sum = even_total_[i] + y;
                even_comp_[i] = (sum - even_total_[i]) - y;
                even_total_[i] = sum;
                n = std::floor(even_total_[i] + 1e-6) - before;
            } else {
                boost::random::poisson_distribution<long long, double> poisson(lambda);
                n = static_cast<double>(poisson(arrivals_rng_[i]));
            }
            arrivals_[i] = n;
            if (s.op == Op::kPutItem) grow(i, n - collection_limit(i, n, t, end - t));
        }
        for (int w = 0; w < 2; ++w)
            serve_side(w, t, end);
        retries_.next_step();
        // The capacity units' upkeep at the step's end (model/capacity_unit.hpp): changes
        // due, the second's on-demand peak, at a minute's end the auto scaling decisions.
        if (end % sim::kMinute == 0) {
            outcomes_.flush_latency(result_.metrics);
            result_.metrics.close_minute(end - 1);
        }
        (void)unit_.advance_to(end);
        for (auto& gsi : gsis_)
            gsi.advance_to(end);
        split_for_size(end);
        if (masses_stale_) recompute_masses();
        check_heat(t, end);
        apply_due_splits(end);
        result_.metrics.table_state(t, unit_.capacity().table_rcu(), unit_.capacity().table_wcu(),
                                    unit_.partitions().size());
    }

    // A global table's region: the items of each stream it acknowledged since the last call
    // (to be replicated), and writes from elsewhere.
    std::vector<double> take_acknowledged() {
        return std::exchange(acknowledged_, std::vector<double>(config_.streams.size(), 0.0));
    }
    AggregateReplication& replication() { return *replication_; }

    RunResult finish() {
        outcomes_.flush_latency(result_.metrics);
        if (config_.duration % sim::kMinute != 0)
            result_.metrics.close_minute(config_.duration - 1);
        result_.partitions = unit_.partitions().size();
        result_.requests = static_cast<std::int64_t>(std::llround(outcomes_.ended()));
        result_.attempts = static_cast<std::int64_t>(std::llround(outcomes_.attempts()));
        result_.throttled_attempts = static_cast<std::int64_t>(std::llround(outcomes_.throttled()));
        result_.gave_up = static_cast<std::int64_t>(std::llround(outcomes_.gave_up()));
        return std::move(result_);
    }

  private:
    using Cohort = RetryCohorts::Cohort;

    // One part of a side's demand: coefficient × a per-partition array — a stream's fresh
    // arrivals (its half units per request × its mass), or a retry cohort's half units. The
    // coefficients are never negative, nor are masses; a cohort's half units may be, by a
    // rounding hair, after service faults took their share (fail_by_service_errors).
    struct Term {
        double coefficient;
        const Array* values;
        bool of_masses;
    };

    int P() const { return unit_.partitions().size(); }

    using Outcomes = StepOutcome;

    // A step in which some partitions were cut: each cohort succeeds in proportion to what
    // its partition served (after what the GSIs admitted); the rest retries later or gives up.
    void settle_cut(int w, const std::vector<std::int64_t>& served,
                    const std::array<const Cohort*, 64>& due, int max_attempts, bool index_blocked,
                    Outcomes& o) {
        double& succeeded = o.succeeded;
        double& ended_after_throttle = o.ended_after_throttle;
        double& gave_up = o.gave_up;
        auto& throttled_by_reason = o.throttled_by_reason;
        Array& fresh = fresh_requests_;
        fresh.setZero(P());
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            if (arrivals_[i] > 0 && (is_write(config_.streams[i].op) ? 1 : 0) == w)
                fresh += arrivals_[i] * masses_[i];
        }
        // Per partition: the share of its requests that succeed — admitted by the GSIs
        // (table writes with GSIs), then served by the table.
        Array& served_fraction = served_fraction_;
        served_fraction.setOnes(P());
        Array& admitted = admitted_by_indexes_;
        admitted.setOnes(P());
        if (index_blocked) {
            admitted.setZero(P());
            for (std::size_t i = 0; i < config_.streams.size(); ++i) {
                if (arrivals_[i] > 0 && is_write(config_.streams[i].op))
                    admitted += (arrivals_[i] * index_admitted_[i]) * masses_[i];
            }
            for (int p = 0; p < P(); ++p)
                admitted[p] = fresh[p] > 0 ? admitted[p] / fresh[p] : retry_index_admitted_;
        }
        Array& want_requests = want_requests_;
        want_requests = fresh;
        for (int a = 2; a <= max_attempts; ++a) {
            if (const Cohort* c = due[static_cast<std::size_t>(a)]) want_requests += c->requests;
        }
        // Whether the client retries each partition's throttles (by their reason).
        const auto retried = [&](int reason) {
            return config_.retry.retries(
                       model::retryable_error(model::ThrottleReason::from_index(reason)))
                       ? 1.0
                       : 0.0;
        };
        retried_.setOnes(P());
        for (int p = 0; p < P(); ++p) {
            const auto i = static_cast<std::size_t>(p);
            const std::int64_t demand = demand_whole_[i];
            if (index_blocked) {
                throttled_by_reason[index_reason_] += want_requests[p] * (1 - admitted[p]);
                if (admitted[p] < 1) retried_[p] = retried(index_reason_);
            }
            if (demand > 0) {
                served_fraction[p] = static_cast<double>(served[i]) / static_cast<double>(demand);
                if (served[i] < demand) {
                    throttled_by_reason[reasons_[i]] +=
                        want_requests[p] * admitted[p] * (1 - served_fraction[p]);
                    retried_[p] = retried(reasons_[i]);
                }
            }
            served_fraction[p] *= admitted[p];
        }
        for (int a = 1; a <= max_attempts; ++a) {
            const Array* requests = a == 1 ? &fresh : nullptr;
            const Array* halves = nullptr;
            if (a >= 2) {
                const Cohort* c = due[static_cast<std::size_t>(a)];
                if (!c) continue;
                requests = &c->requests;
                halves = &c->halves;
            }
            const double ok = (*requests * served_fraction).sum();
            succeeded += ok;
            o.succeeded_by_attempt[static_cast<std::size_t>(a)] += ok;
            if (a >= 2) ended_after_throttle += ok;
            Array again_req = *requests * (1 - served_fraction);
            if ((again_req <= 0).all()) continue;
            if (a == max_attempts) {
                gave_up += again_req.sum();
                continue;
            }
            // Throttles the client does not retry (RequestLimitExceeded under some SDKs).
            if (!retried_.all()) {
                gave_up += (again_req * (1 - retried_)).sum();
                again_req *= retried_;
            }
            // Fresh requests' half units per partition: what they asked for this step.
            const Array again_halves = (a == 1 ? fresh_halves(w) * (1 - served_fraction)
                                               : Array(*halves * (1 - served_fraction))) *
                                       retried_;
            retries_.schedule(w, again_req, again_halves, a, model::RetryableError::kThrottle, P());
        }
    }

    // Serves one side (reads or writes) for one step: fresh demand plus every retry cohort
    // due now, partition by partition, by the capacity model's own rules. Returns the half
    // units served.
    std::int64_t serve_side(int w, sim::TimeUs t, sim::TimeUs end) {
        const bool write = w == 1;
        // Cohorts by attempt number: 1 = fresh, a >= 2 = retries due now (63 tracked).
        const int max_attempts = retries_.max_attempts();
        std::array<const Cohort*, 64> due{};
        for (int a = 2; a <= max_attempts; ++a)
            due[static_cast<std::size_t>(a)] = retries_.due(w, a, P());
        Outcomes o;
        if (config_.service_errors.any()) fail_by_service_errors(w, t, max_attempts, o);
        // Writes that a GSI cannot take are throttled before they reach the table: only
        // the admitted share of each stream asks the table for capacity.
        const bool index_blocked = write && serve_indexes(t, end, due, max_attempts);
        // Demand in whole half units (demand_rounding.hpp), from the streams' fresh arrivals
        // and the retry cohorts due now.
        terms_.clear();
        double fresh_total = 0;  // fresh requests, all partitions
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            if (arrivals_[i] <= 0 || (is_write(config_.streams[i].op) ? 1 : 0) != w) continue;
            terms_.push_back({arrivals_[i] * result_.calibration[i].mean_halves *
                                  (index_blocked ? index_admitted_[i] : 1.0),
                              &masses_[i], true});
            fresh_total += arrivals_[i] * mass_totals_[i];
        }
        for (int a = 2; a <= max_attempts; ++a) {
            if (const Cohort* c = due[static_cast<std::size_t>(a)])
                terms_.push_back({index_blocked ? retry_index_admitted_ : 1.0, &c->halves, false});
        }
        // A global table's writes from other regions compete for the same partitions.
        const bool replicating = write && replication_ && replication_->any_waiting(t);
        for (std::size_t i = 0; replicating && i < config_.streams.size(); ++i) {
            const double items = replication_->waiting(i, t);
            if (items > 0)
                terms_.push_back({items * replication_->halves_per_item(i), &masses_[i], true});
        }
        demand_whole_.resize(static_cast<std::size_t>(P()));
        std::int64_t* demand = demand_whole_.data();
        const int n = P();
        // The common step: one stream on this side, no retries.
        if (terms_.size() == 1 && terms_[0].of_masses) {
            const double k = terms_[0].coefficient;
            const double* values = terms_[0].values->data();
            carry_[w] = round_demand(
                n, carry_[w], [&](int p) { return k * values[p]; }, demand);
        } else {
            Array& want = want_halves_;
            want.setZero(n);
            for (const Term& term : terms_)
                want += term.coefficient * *term.values;
            want = want.max(0.0);  // a negative want counts as none
            carry_[w] = round_demand(
                n, carry_[w], [&](int p) { return want[p]; }, demand);
        }
        const model::CapacityModel::BulkService bulk = unit_.serve_all(
            t, end, write, demand_whole_, served_halves_, reasons_,
            write ? nullptr
                  : eventual_reads_.of_step(t, P(), arrivals_, result_.calibration, masses_));
        served_bound_[w] = bulk.most_served_bound;
        result_.metrics.consumed_partitions(t, write, served_halves_, bulk.served,
                                            bulk.most_served_bound);
        served_by_side_[w].swap(served_halves_);  // for the heat check; serve_all refills
        const std::vector<std::int64_t>& served = served_by_side_[w];

        double& succeeded = o.succeeded;
        double& ended_after_throttle = o.ended_after_throttle;
        outcomes_.add_attempts(fresh_total);
        const bool all_served = bulk.all_served && !index_blocked;
        for (int a = 2; a <= max_attempts; ++a) {
            if (const Cohort* c = due[static_cast<std::size_t>(a)]) {
                const double total = c->requests.sum();
                outcomes_.add_attempts(total);
                if (all_served) {
                    ended_after_throttle += total;
                    o.succeeded_by_attempt[static_cast<std::size_t>(a)] = total;
                }
            }
        }
        if (all_served) {
            succeeded = fresh_total + ended_after_throttle;
            o.succeeded_by_attempt[1] = fresh_total;
        } else {
            settle_cut(w, served, due, max_attempts, index_blocked, o);
        }
        retries_.clear_due(w);  // the retry cohorts due now have been served
        outcomes_.record(w, t, o, result_.metrics);
        if (write && replication_) replicate(t, all_served, o.succeeded);
        return bulk.served;
    }

    // Service faults (workload/scenario.hpp ServiceErrors): each stream's share of this
    // step's fresh attempts, and the side's share of the retries due, fail before reaching a
    // partition; they retry after the client's non-throttling backoff, or give up.
    void fail_by_service_errors(int w, sim::TimeUs t, int max_attempts, Outcomes& o) {
        double weight = 0, weighted_rate = 0;  // the side's rate, for retries of mixed streams
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            const auto& s = config_.streams[i];
            if ((is_write(s.op) ? 1 : 0) != w) continue;
            const double rate = config_.service_errors.rate_at(t, s.op);
            weight += s.traffic.rate_at(t);
            weighted_rate += s.traffic.rate_at(t) * rate;
            if (arrivals_[i] <= 0 || rate <= 0) continue;
            const double failed = arrivals_[i] * rate;
            arrivals_[i] -= failed;
            fail_attempts(w, 1, failed * masses_[i],
                          (failed * result_.calibration[i].mean_halves) * masses_[i], max_attempts,
                          o);
        }
        const double rate = weight > 0 ? weighted_rate / weight : 0;
        for (int a = 2; rate > 0 && a <= max_attempts; ++a) {
            Cohort* due_now = retries_.due(w, a, P());
            if (!due_now) continue;
            Cohort& c = *due_now;
            const Array requests = c.requests * rate, halves = c.halves * rate;
            c.requests -= requests;
            c.halves -= halves;
            fail_attempts(w, a, requests, halves, max_attempts, o);
        }
    }

    // Attempts number `attempt` that failed with a service fault: retried, or given up.
    void fail_attempts(int w, int attempt, const Array& requests, const Array& halves,
                       int max_attempts, Outcomes& o) {
        const double n = requests.sum();
        o.system_errors += n;
        outcomes_.add_attempts(n);
        if (attempt >= max_attempts) {
            o.failed_by_errors += n;
            return;
        }
        retries_.schedule(w, requests, halves, attempt, model::RetryableError::kServerError, P());
    }

    // A global table's region after its write side's step: what it served of the writes
    // from elsewhere (each stream at its partitions' served share), and the items its own
    // successful writes replicate — the step's successes split over the write streams by
    // their fresh arrivals (retries taken at the same mix).
    void replicate(sim::TimeUs t, bool all_served, double succeeded) {
        const std::size_t n = config_.streams.size();
        std::vector<double> share(n, 1.0);
        for (std::size_t i = 0; !all_served && i < n; ++i) {
            if (mass_totals_[i] > 0)
                share[i] = (masses_[i] * served_fraction_).sum() / mass_totals_[i];
        }
        replication_->served(share, t, result_.metrics);
        double fresh = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (is_write(config_.streams[i].op)) fresh += arrivals_[i];
        // Without fresh writes, retries succeeding now are of the last mix seen.
        for (std::size_t i = 0; fresh > 0 && i < n; ++i)
            write_mix_[i] = is_write(config_.streams[i].op) ? arrivals_[i] / fresh : 0;
        for (std::size_t i = 0; i < n; ++i)
            acknowledged_[i] += succeeded * write_mix_[i] * replication_->items_per_request(i);
    }

    // The GSIs' step (aggregate_gsi.hpp): serves the index writes of this step's write
    // requests — fresh, and retries due now taken at the fresh mix of streams — and leaves in
    // index_admitted_ each stream's share of requests every GSI admitted. Returns whether any
    // GSI throttled.
    bool serve_indexes(sim::TimeUs t, sim::TimeUs end, const std::array<const Cohort*, 64>& due,
                       int max_attempts) {
        if (gsis_.empty()) return false;
        const std::size_t n = config_.streams.size();
        double fresh = 0, retries = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (is_write(config_.streams[i].op)) fresh += arrivals_[i];
        }
        for (int a = 2; a <= max_attempts; ++a) {
            if (const Cohort* c = due[static_cast<std::size_t>(a)]) retries += c->requests.sum();
        }
        stream_requests_.assign(n, 0.0);
        if (fresh + retries <= 0) return false;
        double rates = 0;  // no fresh writes: retries at the streams' current rates
        for (std::size_t i = 0; fresh <= 0 && i < n; ++i) {
            if (is_write(config_.streams[i].op)) rates += config_.streams[i].traffic.rate_at(t);
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (!is_write(config_.streams[i].op)) continue;
            stream_requests_[i] = fresh > 0 ? arrivals_[i] * (1 + retries / fresh)
                                  : rates > 0
                                      ? retries * config_.streams[i].traffic.rate_at(t) / rates
                                      : 0;
        }
        index_admitted_.assign(n, 1.0);
        bool blocked = false;
        for (auto& gsi : gsis_) {
            if (!gsi.serve(t, end, stream_requests_, gsi_admitted_, result_.metrics)) continue;
            if (!blocked) index_reason_ = gsi.reason();  // the first GSI that throttled
            blocked = true;
            for (std::size_t i = 0; i < n; ++i)
                index_admitted_[i] *= gsi_admitted_[i];
        }
        if (!blocked) return false;
        double total = 0, admitted_total = 0;
        for (std::size_t i = 0; i < n; ++i) {
            total += stream_requests_[i];
            admitted_total += stream_requests_[i] * index_admitted_[i];
        }
        retry_index_admitted_ = total > 0 ? admitted_total / total : 1.0;
        return true;
    }

    // Half units the fresh arrivals of side `w` ask for this step, per partition.
    Array fresh_halves(int w) const {
        Array h = Array::Zero(P());
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            if (arrivals_[i] > 0 && (is_write(config_.streams[i].op) ? 1 : 0) == w)
                h += (arrivals_[i] * result_.calibration[i].mean_halves) * masses_[i];
        }
        return h;
    }

    // The distinct items a stream's writes spread over: its effective key count, times its
    // collection's sort keys (a time-ordered collection: every write is a new item).
    static double effective_items(const OperationStream& s, std::uint64_t exact_key_limit) {
        const double keys = effective_key_count(s, exact_key_limit);
        if (!s.sort_keys) return keys;
        if (s.sort_keys->order == OperationStream::SortKeys::Order::kTime) return kEveryWriteNew;
        return keys * static_cast<double>(s.sort_keys->count);
    }

    // Of `n` PutItem arrivals of stream `i`, those whose item collection is full: user
    // errors (whole ones recorded, the fraction carried), and they add no data.
    double collection_limit(std::size_t i, double n, sim::TimeUs t, sim::TimeUs step) {
        if (!collections_.any()) return 0;
        const double failed = collections_.write(i, n, step);
        user_error_carry_ += failed;
        const double whole = std::floor(user_error_carry_);
        if (whole > 0) result_.metrics.user_errors(t, static_cast<std::int64_t>(whole));
        user_error_carry_ -= whole;
        return failed;
    }

    // Data growth from `n` more PutItem requests of stream `i` (modelling assumption: new
    // items appear as the distinct keys written grow, K(1 − e^(−W/K)) with K the effective
    // key count; each new item is the stream's item size; deletes and updates do not grow).
    void grow(std::size_t i, double n) {
        const double k = effective_keys_[i];
        const bool unbounded = k >= kEveryWriteNew;  // every write a new item
        const double before =
            unbounded ? writes_so_far_[i] : k * (1 - std::exp(-writes_so_far_[i] / k));
        writes_so_far_[i] += n;
        const double after =
            unbounded ? writes_so_far_[i] : k * (1 - std::exp(-writes_so_far_[i] / k));
        const double bytes = (after - before) * static_cast<double>(config_.streams[i].item_bytes);
        if (bytes <= 0) return;
        data_grew_ = true;
        for (int p = 0; p < P(); ++p)
            partition_bytes_[static_cast<std::size_t>(p)] += bytes * masses_[i][p];
    }

    // Key-popularity mass per partition, per stream (requests per arrival).
    void recompute_masses() {
        masses_stale_ = false;
        masses_.clear();
        mass_totals_.clear();
        for (const auto& s : config_.streams) {
            masses_.push_back(stream_masses(s));
            mass_totals_.push_back(masses_.back().sum());
        }
    }

    // One stream's requests per arrival on each partition (run/key_placement.hpp).
    Array stream_masses(const OperationStream& s) const {
        return run::stream_masses(config_.table, unit_.partitions(), s, options_.exact_key_limit,
                                  sort_splits_, step_start_, step_end_);
    }

    // Before each step: time-bucketed streams' masses follow the clock (the others' stay).
    void follow_time_buckets(sim::TimeUs t, sim::TimeUs end) {
        const sim::TimeUs last_start = step_start_, last_end = step_end_;
        step_start_ = t;
        step_end_ = end;
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            const auto& s = config_.streams[i];
            if (s.key_order != OperationStream::KeyOrder::kTimeBucketed) continue;
            const sim::TimeUs b = s.time_bucket;
            // Unchanged when both steps lie within one and the same bucket.
            if (t / b == last_start / b && (end - 1) / b == t / b && (last_end - 1) / b == t / b)
                continue;
            masses_[i] = stream_masses(s);
            mass_totals_[i] = masses_[i].sum();
        }
    }

    std::uint64_t pk_hash(const OperationStream& s, std::uint64_t key, int shard) const {
        return stream_key_hash(config_.table, s, key, shard);
    }

    // For size: a partition past 10 GB splits in half (its data divided evenly).
    void split_for_size(sim::TimeUs now) {
        for (int p = 0; data_grew_ && p < P(); ++p) {
            if (partition_bytes_[static_cast<std::size_t>(p)] >
                static_cast<double>(model::kPartitionMaxBytes))
                unit_.split(p--, std::nullopt, now);
        }
        data_grew_ = false;
    }

    // Partition `best` split into `best` and `best + 1`: pending retries (half to each
    // child), heat and data follow; masses are recomputed once the step's splits are done.
    void follow_split(int best) {
        if (heat_.size() > static_cast<std::size_t>(best)) {
            heat_[static_cast<std::size_t>(best)] = Heat{};
            heat_.insert(heat_.begin() + best + 1, Heat{});
        }
        const auto b = static_cast<std::size_t>(best);
        partition_bytes_[b] /= 2;
        partition_bytes_.insert(partition_bytes_.begin() + best + 1, partition_bytes_[b]);
        // A split partition's pending retries go half to each child.
        retries_.for_each([&](Array& a) { a = split_entry(a, best); });
        masses_stale_ = true;
    }

    // `a` (one entry per partition before partition `best` split) with `best`'s entry
    // halved between the two children.
    Array split_entry(const Array& a, int best) const {
        Array r(P());
        r.head(best + 1) = a.head(best + 1);
        r[best] /= 2;
        r[best + 1] = r[best];
        r.tail(P() - best - 2) = a.tail(P() - best - 2);
        return r;
    }

    // --- split for consumption, as the request level: a partition above `threshold` of its
    // hard limit for `sustained` splits, `split_duration` later, at the key that balances its
    // traffic — here from the keys' popularity mass rather than a sample of requests.
    struct Heat {
        sim::TimeUs hot_since = -1;
        bool pending = false;
    };

    void check_heat(sim::TimeUs t, sim::TimeUs end) {
        const auto& hs = config_.heat_split;
        if (!hs.enabled) return;
        heat_.resize(static_cast<std::size_t>(P()));
        // Hot: served above `threshold` of the hard limit on either side (in half units).
        const double hot_reads =
            hs.threshold * 2.0 * static_cast<double>(config_.capacity.partition_max_rcu);
        const double hot_writes =
            hs.threshold * 2.0 * static_cast<double>(config_.capacity.partition_max_wcu);
        // Served half units are whole: compare with the thresholds rounded up.
        const auto hot_r = static_cast<std::int64_t>(std::ceil(hot_reads));
        const auto hot_w = static_cast<std::int64_t>(std::ceil(hot_writes));
        // A split earlier in this step leaves the served counts one partition short.
        const std::int64_t* reads = served_by_side_[0].data();
        const std::int64_t* writes = served_by_side_[1].data();
        const int nr = std::min(P(), static_cast<int>(served_by_side_[0].size()));
        const int nw = std::min(P(), static_cast<int>(served_by_side_[1].size()));
        // Nothing to look at when no partition was hot last step and none is now: the served
        // bound tells at once, else a branch-free scan (the compiler vectorises it).
        auto any_at_least = [](const std::int64_t* served, int n, std::int64_t hot) {
            std::int64_t signs = 0;  // a sign bit when some served[p] ≥ hot
            for (int p = 0; p < n; ++p)
                signs |= hot - 1 - served[p];
            return signs < 0;
        };
        if (heat_clear_ && (served_bound_[0] < hot_r || !any_at_least(reads, nr, hot_r)) &&
            (served_bound_[1] < hot_w || !any_at_least(writes, nw, hot_w)))
            return;
        heat_clear_ = true;
        Heat* heat = heat_.data();
        for (int p = 0; p < P(); ++p) {
            Heat& h = heat[p];
            const bool hot = (p < nr && reads[p] >= hot_r) || (p < nw && writes[p] >= hot_w);
            if (!hot) {
                h.hot_since = -1;
                continue;
            }
            heat_clear_ = false;
            if (h.hot_since < 0) h.hot_since = t;
            if (h.pending || end - h.hot_since < hs.sustained) continue;
            h.hot_since = end;  // look again after another sustained period
            if (auto at = balancing_key(p, t)) {
                h.pending = true;
                pending_splits_.push_back(
                    {end + hs.split_duration, unit_.partitions().start(p), *at});
            }
        }
    }

    // The hash that splits partition `p`'s traffic in two halves; nullopt if one key holds it.
    std::optional<std::uint64_t> balancing_key(int p, sim::TimeUs t) const {
        std::map<std::uint64_t, double> by_hash;
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            const auto& s = config_.streams[i];
            const double weight = s.traffic.rate_at(t) * result_.calibration[i].mean_halves;
            if (weight <= 0) continue;
            const int shards = std::max(s.write_shards, 0);
            auto consider = [&](std::uint64_t k, double pk) {
                // One pass with no shard, or one per shard.
                for (int sh = shards > 0 ? 0 : kNoShard; sh < (shards > 0 ? shards : 0); ++sh)
                    add_key_positions(unit_.partitions(), s, pk_hash(s, k, sh), sort_splits_,
                                      shards > 0 ? pk / shards : pk, p, by_hash);
            };
            if (s.key_order == OperationStream::KeyOrder::kTimeBucketed) {
                for (const auto& [key, share] : time_bucket_keys(s, step_start_, step_end_))
                    consider(key, share * weight);
                continue;
            }
            const std::uint64_t exact = std::min(s.keys.key_count(), options_.exact_key_limit);
            for (std::uint64_t k = 0; k < exact; ++k)
                consider(k, s.keys.probability(k) * weight);
        }
        return model::PartitionMap::balancing_hash(by_hash, unit_.partitions().start(p));
    }

    void apply_due_splits(sim::TimeUs now) {
        bool changed = false;
        for (auto it = pending_splits_.begin(); it != pending_splits_.end();) {
            if (it->at > now) {
                ++it;
                continue;
            }
            const int p = unit_.partitions().route(it->start);
            const std::uint64_t w = unit_.partitions().width(p);
            if (unit_.partitions().start(p) == it->start && it->hash > it->start &&
                (w == 0 || it->hash - it->start < w)) {
                unit_.split(p, it->hash, now);
                changed = true;
            } else if (heat_.size() > static_cast<std::size_t>(p)) {
                heat_[static_cast<std::size_t>(p)].pending = false;
            }
            it = pending_splits_.erase(it);
        }
        if (changed) recompute_masses();
    }

    struct PendingSplit {
        sim::TimeUs at;
        std::uint64_t start;  // the partition, by the first hash it owns
        std::uint64_t hash;   // where the new partition starts
    };

    const SimulationConfig& config_;
    AggregateOptions options_;
    const RunControl& control_;
    std::vector<double> even_total_ = std::vector<double>(config_.streams.size(), 0.0);
    std::vector<double> even_comp_ = std::vector<double>(config_.streams.size(), 0.0);
    model::CapacityUnit unit_;  // the table's partitions, capacity and auto scaling
    // A collection may split between its sort keys unless an LSI keeps it on one partition.
    bool sort_splits_ = config_.table.local_indexes.empty();
    bool masses_stale_ = false;  // a split since the masses were computed
    RunResult result_;
    std::vector<sim::Rng> arrivals_rng_;
    std::vector<Array> masses_;
    std::vector<std::int64_t> served_halves_;  // per partition, this step and side
    std::vector<std::int64_t> served_by_side_[2];
    std::vector<Heat> heat_;
    bool heat_clear_ = true;                 // no partition's hot_since is set
    std::int64_t served_bound_[2] = {0, 0};  // half units, BulkService::most_served_bound
    std::vector<PendingSplit> pending_splits_;
    // Data growth, for splits at 10 GB: bytes per partition, and per stream the writes so far
    // and the effective number of keys they spread over.
    std::vector<double> partition_bytes_;
    bool data_grew_ = true;  // since the last check for splits at 10 GB
    std::vector<double> writes_so_far_;
    std::vector<double> effective_keys_;
    std::vector<std::int64_t> demand_whole_;
    std::vector<double> arrivals_ = std::vector<double>(config_.streams.size(), 0.0);
    std::vector<double> mass_totals_;            // per stream: Σ of masses_[i]
    sim::TimeUs step_start_ = 0, step_end_ = 0;  // the step masses_ hold time buckets for
    std::vector<Term> terms_;
    Array want_halves_, fresh_requests_, want_requests_, served_fraction_, admitted_by_indexes_;
    Array retried_;  // per partition: 1 if the client retries its throttles, else 0
    EventualReadShare eventual_reads_{config_};
    // GSI back-pressure: the indexes, per stream this step's write requests and the share
    // every GSI admitted, the share for retries, and the reason of the throttles.
    std::vector<AggregateGsi> gsis_;
    std::vector<double> stream_requests_, index_admitted_, gsi_admitted_;
    double retry_index_admitted_ = 1.0;
    std::uint8_t index_reason_ = 0;
    std::vector<std::uint8_t> reasons_;
    RetryCohorts retries_{config_.retry, options_.step};
    double carry_[2] = {0, 0};  // per side: the fraction of a half unit not yet served
    StepOutcomes outcomes_;
    CollectionSizes collections_{config_, options_.exact_key_limit};
    double user_error_carry_ = 0;
    sim::TimeUs next_check_ = 0;  // when to report progress and poll for cancellation next
    // A global table's region: writes from elsewhere, and its own acknowledged items.
    std::optional<AggregateReplication> replication_;
    std::vector<double> acknowledged_ = std::vector<double>(config_.streams.size(), 0.0);
    std::vector<double> write_mix_ = std::vector<double>(config_.streams.size(), 0.0);
};

}  // namespace

RunResult run_aggregate(const SimulationConfig& config, const AggregateOptions& options,
                        const RunControl& control) {
    return Aggregate(config, options, control).run();
}

struct AggregateRegion::Impl {
    Aggregate sim;
};

AggregateRegion::AggregateRegion(const SimulationConfig& config, const AggregateOptions& options,
                                 const RunControl& control)
    : impl_(new Impl{Aggregate(config, options, control, true)}) {}
AggregateRegion::~AggregateRegion() = default;
bool AggregateRegion::step(sim::TimeUs t) {
    if (impl_->sim.stopped(t)) return false;
    impl_->sim.step(t);
    return true;
}
std::vector<double> AggregateRegion::take_acknowledged() {
    return impl_->sim.take_acknowledged();
}
void AggregateRegion::deliver(std::size_t stream, double items, sim::TimeUs made) {
    impl_->sim.replication().deliver(stream, items, made);
}
RunResult AggregateRegion::finish() {
    return impl_->sim.finish();
}

bool aggregate_supports(const SimulationConfig& config, std::string* why) {
    auto no = [&](const char* reason) {
        if (why) *why = reason;
        return false;
    };
    if (config.dax) return no("DAX is modelled at the request level only");
    if (config.sqs_buffer) return no("SQS buffers are modelled at the request level only");
    for (const auto& s : config.streams) {
        if (s.aggregation_interval > 0)
            return no("aggregation jobs are modelled at the request level only");
        if (!s.index_name.empty())
            return no("index queries are modelled at the request level only");
        // A bucket's change carries up to a step of retries to the old partition, and a
        // bucket that straddles steps is smeared over them: buckets must span many steps.
        if (s.key_order == OperationStream::KeyOrder::kTimeBucketed &&
            s.time_bucket < kMinBucketSteps * AggregateOptions{}.step)
            return no("time buckets shorter than 300 steps are modelled at the request level only");
    }
    return true;
}

}  // namespace ddbsim::run
