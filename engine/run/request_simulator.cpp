#include "run/request_simulator.hpp"

#include "run/arrival_streams.hpp"
#include "run/dax_front.hpp"
#include "run/gsi_capacity.hpp"
#include "run/heat_splits.hpp"
#include "run/item_factory.hpp"
#include "run/key_hash_cache.hpp"
#include "run/operation_runner.hpp"
#include "run/replica_lag.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "model/capacity_unit.hpp"
#include "model/partition_map.hpp"
#include "sim/event_queue.hpp"
#include "sim/random.hpp"
#include "storage/item_size.hpp"
#include "storage/primary_key.hpp"
#include "storage/table.hpp"

namespace ddbsim::run {
namespace request_detail {

using storage::AttributeValue;
using storage::Item;

enum EventKind : std::uint32_t {
    kArrival,
    kAttempt,
    kTick,
    kApplyScaling,
    kQueuePoll,
    kHeatSplit,
    kAggregate,
    kReplicate,  // a write from another region of a global table (a: its inbox slot)
    kWindowEnd   // run_until's stop: the end of a window of a global table's run
};

// A logical request in flight (waiting for an attempt).
struct Pending {
    int stream = 0;
    std::uint64_t key = 0;
    int shard = -1;  // -1: no sharding
    int attempts = 0;
    sim::TimeUs first_at = 0;
    bool throttled = false;
    bool queued = false;          // delivered by the SQS buffer's consumer
    int op = -1;                  // an operation other than the stream's (aggregation job), or -1
    std::int64_t sort = kNoSort;  // the item's index in its collection (keys.sortKeys)
    // The partition key's hash, from the first attempt on (a retry routes without rebuilding
    // the key).
    std::optional<std::uint64_t> key_hash{};
};

}  // namespace request_detail

using namespace request_detail;

class RegionSimulator::Impl {
  public:
    // `region` < 0: a single-region table (nothing replicated).
    Impl(const SimulationConfig& config, const RunControl& control, int region = -1)
        : config_(config),
          region_(region),
          control_(control),
          table_(config.table, config.item_collection_limit_bytes),
          unit_(table_capacity_config(config), 0),
          result_(metrics::Recorder(config.duration)),
          arrivals_(config),
          keys_rng_(sim::make_stream(config.seed, "keys")),
          shards_rng_(sim::make_stream(config.seed, "shards")),
          retry_rng_(sim::make_stream(config.seed, "retry")),
          faults_rng_(sim::make_stream(config.seed, "faults")),
          sort_rng_(sim::make_stream(config.seed, "sortkeys")),
          latency_rng_(sim::make_stream(config.seed, "latency")) {
        partition_bytes_.assign(
            static_cast<std::size_t>(partitions().size()),
            config.initial_data_bytes / static_cast<std::uint64_t>(partitions().size()));
        // Per-partition state follows every split, the unit's own included.
        unit_.on_split([this](int p) { follow_split(p); });
        result_.streams.resize(config.streams.size());
        for (const auto& g : config.table.global_indexes)
            gsis_.push_back(GsiCapacity::make(config, g));
        if (config.dax) dax_.emplace(*config.dax);
    }

    RunResult run() {
        start();
        (void)run_until(config_.duration);
        return finish();
    }

    void start() {
        preload();
        for (std::size_t i = 0; i < config_.streams.size(); ++i)
            arrivals_.schedule(i, -1, queue_);
        queue_.push(0, kTick);
        if (config_.sqs_buffer && config_.sqs_buffer->consumer_rate > 0) queue_.push(0, kQueuePoll);
        written_keys_.resize(config_.streams.size());
        for (std::size_t i = 0; i < config_.streams.size(); ++i) {
            const auto& s = config_.streams[i];
            if (s.aggregation_interval > 0 && s.write_shards > 0) {
                queue_.push(s.aggregation_interval, kAggregate, static_cast<std::uint64_t>(i));
            }
        }
    }

    // Events up to `until` (within the run); false once the run has stopped early.
    bool run_until(sim::TimeUs until) {
        if (stopped_) return false;
        queue_.push(std::min(until, config_.duration), kWindowEnd);
        while (!queue_.empty()) {
            const sim::Event e = arrivals_.next(queue_, kArrival);
            if (e.kind == kWindowEnd) return true;
            if (e.at >= config_.duration) {
                stopped_ = true;  // the run is over: nothing at or after its end is handled
                return true;
            }
            if (e.at >= next_check_) {
                if (control_.poll(e.at, config_.duration, 1, next_check_)) {
                    result_.cancelled = true;
                    stopped_ = true;
                    return false;
                }
            }
            now_ = e.at;
            ++result_.events;
            switch (e.kind) {
                case kArrival:
                    on_arrival(static_cast<int>(e.a));
                    break;
                case kAttempt:
                    attempt(static_cast<std::size_t>(e.a));
                    break;
                case kTick:
                    on_tick();
                    break;
                case kAggregate:
                    aggregate(static_cast<int>(e.a));
                    break;
                case kHeatSplit:
                    apply_heat_split(e.a, e.b);
                    break;
                case kQueuePoll:
                    poll_queue();
                    break;
                case kApplyScaling:
                    apply_scaling(e.a);
                    break;
                case kReplicate:
                    replicate(static_cast<ReplicationInbox::Slot>(e.a));
                    break;
                default:
                    break;
            }
        }
        return true;
    }

    RunResult finish() {
        result_.metrics.close_minute(config_.duration - 1);
        result_.partitions = partitions().size();
        return std::move(result_);
    }

    // --- a global table's replication (run/replication_inbox.hpp) ---------------------
    std::vector<ReplicatedWrite> take_writes() { return std::exchange(outbox_, {}); }

    void deliver(ReplicatedWrite write, sim::TimeUs arrives) {
        const sim::TimeUs written = write.written_at;
        const auto slot = inbox_.deliver(std::move(write));
        queue_.push(arrives, kReplicate, slot);
        result_.metrics.replication_backlog(std::max(now_, written),
                                            static_cast<std::int64_t>(inbox_.backlog()));
    }

    void end_window(const std::unordered_map<std::uint64_t, sim::TimeUs>& foreign) {
        for (const sim::TimeUs at : inbox_.stale_in_window(foreign))
            result_.metrics.stale_read(at);
    }

  private:
    // A GSI a write will update, where, and its admission.
    struct IndexUse {
        std::size_t gsi;
        int partition;
        model::Admission admission;
    };

    // --- keys and items (run/item_factory.hpp) ---------------------------------------
    Item key_item(const OperationStream& s, std::uint64_t key, int shard,
                  std::int64_t sort = kNoSort) const {
        return run::key_item(config_.table, s, key, shard, sort);
    }
    Item full_item(const OperationStream& s, std::uint64_t key, int shard,
                   std::int64_t sort = kNoSort) const {
        return run::full_item(config_.table, s, key, shard, sort);
    }

    // The item's place in the key space the partitions divide (run/item_factory.hpp).
    std::uint64_t position(const OperationStream& s, const Item& key, std::int64_t sort) const {
        const auto& pk = key.at(config_.table.key.partition.name);
        return key_position(s, storage::partition_key_hash(pk), sort, sort_splits_);
    }

    // Writes every key that read-type streams will touch, unmetered: the table's data.
    void preload() {
        for (const auto& seed : config_.seed_items)  // validated by the loader
            (void)table_.put_item({seed, std::nullopt, storage::ReturnValues::kNone});
        if (!config_.preload_items) return;
        for (const auto& s : config_.streams) {
            if (s.op == Op::kPutItem) continue;
            const int shards = std::max(s.write_shards, 0);
            // A collection's items (keys.sortKeys); a time-ordered one grows as it is written.
            const bool collection =
                s.sort_keys && s.sort_keys->order != OperationStream::SortKeys::Order::kTime;
            const auto sorts = static_cast<std::int64_t>(collection ? s.sort_keys->count : 1);
            for (std::uint64_t k = 0; k < s.keys.key_count(); ++k) {
                for (int sh = shards > 0 ? 0 : -1; sh < shards; ++sh) {
                    for (std::int64_t sort = 0; sort < sorts; ++sort) {
                        Item item = full_item(s, k, sh, collection ? sort : kNoSort);
                        const int p =
                            partitions().route(position(s, item, collection ? sort : kNoSort));
                        const auto before = table_.total_item_bytes();
                        (void)table_.put_item(
                            {std::move(item), std::nullopt, storage::ReturnValues::kNone});
                        partition_bytes_[static_cast<std::size_t>(p)] +=
                            table_.total_item_bytes() - before;
                    }
                }
            }
        }
    }

    // --- events -----------------------------------------------------------------------

    std::size_t new_pending(const Pending& p) {
        if (!free_.empty()) {
            const std::size_t id = free_.back();
            free_.pop_back();
            pending_[id] = p;
            return id;
        }
        pending_.push_back(p);
        return pending_.size() - 1;
    }

    void on_arrival(int stream) {
        const auto& s = config_.streams[static_cast<std::size_t>(stream)];
        std::uint64_t key = 0;
        switch (s.key_order) {
            case OperationStream::KeyOrder::kRandom:
                key = s.keys.draw(keys_rng_);
                break;
            case OperationStream::KeyOrder::kSequential:
                key = next_key_[static_cast<std::size_t>(stream)]++ % s.keys.key_count();
                break;
            case OperationStream::KeyOrder::kTimeBucketed:
                key = static_cast<std::uint64_t>(now_ / s.time_bucket) % s.keys.key_count();
                break;
        }
        if (scatter_reads(s)) {
            for (int sh = 0; sh < s.write_shards; ++sh)
                attempt(new_pending({stream, key, sh, 0, now_, false, false, -1}));
        } else {
            const int shard =
                s.write_shards > 0
                    ? static_cast<int>(shards_rng_() % static_cast<std::uint64_t>(s.write_shards))
                    : -1;
            const std::size_t id = new_pending(
                {stream, key, shard, 0, now_, false, false, -1,
                 draw_sort(s, now_, next_sort_[static_cast<std::size_t>(stream)], sort_rng_)});
            if (s.aggregation_interval > 0 && is_write(s.op))
                written_keys_[static_cast<std::size_t>(stream)].insert(key);
            if (config_.sqs_buffer && is_write(s.op)) {
                pending_[id].queued = true;
                ready_.push_back(id);
            } else {
                attempt(id);
            }
        }
        arrivals_.schedule(static_cast<std::size_t>(stream), now_, queue_);
    }

    sim::TimeUs service_time(bool write) {
        // Box–Muller from the portable uniform source.
        const double u1 = 1 - sim::uniform01(latency_rng_), u2 = sim::uniform01(latency_rng_);
        const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.141592653589793 * u2);
        return config_.latency.service_time(write, z);
    }

    void attempt(std::size_t id) {
        Pending& p = pending_[id];
        const auto& s = config_.streams[static_cast<std::size_t>(p.stream)];
        // The aggregation job runs other operations on the stream's keys (eventual reads).
        const Op op = p.op >= 0 ? static_cast<Op>(p.op) : s.op;
        const storage::ReadConsistency consistency =
            p.op >= 0 ? storage::ReadConsistency::kEventual : s.consistency;
        const bool write = is_write(op);
        ++p.attempts;
        ++result_.attempts;
        // Hashed once: where the item sits, and its id for the replicas.
        if (!p.key_hash)
            p.key_hash = key_hashes_[static_cast<std::size_t>(p.stream)].hash(p.key, p.shard);
        const std::uint64_t key_hash = *p.key_hash;
        const std::uint64_t key_at = key_position(s, key_hash, p.sort, sort_splits_);
        const bool through_dax = dax_ && DaxFront::reads_through(op, consistency);
        std::string cache_key;
        if (through_dax) [[unlikely]] {
            cache_key = DaxFront::read_key(s, op, p.key, p.shard, p.sort);
            if (dax_->lookup(op, cache_key, now_)) return dax_hit(id);
            ++result_.dax_misses;
        }
        // A service fault (InternalServerError) fails the attempt before any partition sees it.
        if (config_.service_errors.any()) [[unlikely]] {
            const double rate = config_.service_errors.rate_at(now_, op);
            if (rate > 0 && sim::uniform01(faults_rng_) < rate) {
                result_.metrics.system_errors(now_, 1);
                return retry_or_end(id, model::RetryableError::kServerError);
            }
        }
        // A query on a GSI is admitted by the GSI's capacity; everything else by the table's
        // (LSIs share the table's throughput).
        GsiCapacity* read_gsi = op == Op::kQuery ? find_gsi(s.index_name) : nullptr;
        AttributeValue index_value;
        int partition;
        model::Admission admission;
        if (read_gsi) {
            index_value = index_partition_value(config_.table, s, p.key);
            partition = read_gsi->unit.partitions().route(storage::partition_key_hash(index_value));
            admission = read_gsi->unit.admit(now_, partition, false);
        } else {
            partition = partitions().route(key_at);
            admission = unit_.admit(now_, partition, write);
        }
        if (!admission.admitted) return throttled(id, admission.reason);
        // The key as an item, for what a write does besides the write itself (its indexes, its
        // replicas, a global table's other regions); a read's request builds its own.
        const Item* key = nullptr;
        if (write || region_ >= 0) {
            assign_key_item(key_, config_.table, s, p.key, p.shard, p.sort);
            key = &key_;
        }
        // Back-pressure: a write that would update a GSI without capacity is throttled.
        std::vector<IndexUse> index_uses;
        std::optional<Item> new_item;
        if (op == Op::kPutItem && !gsis_.empty()) new_item = full_item(s, p.key, p.shard, p.sort);
        if (write && !gsis_.empty()) {
            if (auto reason = admit_indexes(*key, new_item ? &*new_item : nullptr,
                                            op == Op::kUpdateItem, index_uses))
                return throttled(id, *reason);
        }
        // A global table's delete replicates with the deleted item's size.
        const Item* deleted = region_ >= 0 && op == Op::kDeleteItem ? table_.peek(*key) : nullptr;
        const std::uint64_t deleted_bytes = deleted ? storage::item_size(*deleted) : 0;
        const std::uint64_t bytes_before = table_.total_item_bytes();
        const OperationOutcome outcome =
            execute(p, op, consistency, key, key_hash, std::move(new_item),
                    read_gsi ? &index_value : nullptr);
        const storage::ConsumedCapacity& consumed = outcome.consumed;
        const bool user_error = outcome.user_error, condition_failed = outcome.condition_failed;
        // The table (and its LSIs) pay for themselves; each GSI pays from its own capacity.
        std::int64_t halves = write ? consumed.table_write.halves() : consumed.table_read.halves();
        for (const auto& [name, use] : consumed.indexes) {
            if (!use.global) halves += (write ? use.write : use.read).halves();
        }
        if (read_gsi) {
            const std::int64_t index_halves = consumed.read_total().halves();
            read_gsi->unit.charge(now_, partition, false, admission, index_halves,
                                  /*eventual=*/true);  // GSI reads are eventually consistent
            result_.metrics.index_consumed(now_, read_gsi->name, false, index_halves);
        } else {
            unit_.charge(now_, partition, write, admission, halves, eventual_read(op, consistency));
            result_.metrics.consumed(now_, partition, write, halves);
            note_heat(partition, key_at, write, halves);
        }
        if (!index_uses.empty()) charge_indexes(index_uses, consumed);
        if (user_error || condition_failed) result_.metrics.user_error(now_, condition_failed);
        if (region_ >= 0 && !user_error && !condition_failed) {
            if (write) replicate_out(p, op, *key, deleted_bytes);
            if (op == Op::kGetItem && inbox_.read(item_id(*key), now_) && !last_read_stale_)
                result_.metrics.stale_read(now_);
        }
        const std::uint64_t bytes_after = table_.total_item_bytes();
        auto& pb = partition_bytes_[static_cast<std::size_t>(partition)];
        pb = bytes_after >= bytes_before
                 ? pb + (bytes_after - bytes_before)
                 : pb - std::min<std::uint64_t>(pb, bytes_before - bytes_after);
        if (dax_ && !user_error) [[unlikely]] {
            if (through_dax)
                dax_->fill(op, cache_key, now_);
            else if (write)
                dax_->wrote(s, op, p.key, p.shard, p.sort, now_);
        }
        if (p.queued) result_.queue_max_age = std::max(result_.queue_max_age, now_ - p.first_at);
        if (p.op < 0) {  // the stream's own operation, not the aggregation job's
            auto& st = result_.streams[static_cast<std::size_t>(p.stream)];
            ++st.requests;
            st.halves += read_gsi ? consumed.read_total().halves() : halves;
        }
        const sim::TimeUs done = now_ + service_time(write);
        result_.metrics.request_ended(now_, true, p.throttled, done - p.first_at);
        ++result_.requests;
        free_.push_back(id);
    }

    // An attempt answered from DAX's cache: no capacity, DAX's latency.
    void dax_hit(std::size_t id) {
        const Pending& p = pending_[id];
        ++result_.dax_hits;
        result_.metrics.cache_hit(now_);
        result_.metrics.request_ended(now_, true, p.throttled,
                                      now_ + dax_->hit_latency() - p.first_at);
        if (p.op < 0) ++result_.streams[static_cast<std::size_t>(p.stream)].requests;
        ++result_.requests;
        free_.push_back(id);
    }

    // Runs the attempt on the storage core. An eventually consistent GetItem that lands on a
    // replica behind a recent write reads the previous version there (run/replica_lag.hpp);
    // a single-item write tells the lagging replicas what they still hold.
    OperationOutcome execute(const Pending& p, Op op, storage::ReadConsistency consistency,
                             const Item* key, std::uint64_t key_hash, std::optional<Item> new_item,
                             const AttributeValue* index_value) {
        OperationTarget target(static_cast<std::size_t>(p.stream), p.key, p.shard, p.sort);
        target.primary_key = key;
        target.new_item = std::move(new_item);
        target.index_value = index_value;
        target.partition_hash = key_hash;  // the stream's key hash (run/key_hash_cache.hpp)
        auto run_on = [&](storage::Table& table) {
            return runner_.run(table, op, consistency, std::move(target));
        };
        last_read_stale_ = false;
        if (!track_replicas_ || (op != Op::kGetItem && op != Op::kPutItem &&
                                 op != Op::kUpdateItem && op != Op::kDeleteItem))
            return run_on(table_);
        // The item's id: its partition key's hash mixed with its collection index.
        const ReplicaLag::ItemId item =
            key_hash ^ (static_cast<std::uint64_t>(p.sort + 1) * 0x9E3779B97F4A7C15ULL);
        const auto run = op == Op::kGetItem
                             ? lagging_.read(consistency == storage::ReadConsistency::kEventual,
                                             item, now_, table_, run_on)
                             : lagging_.write(*key, item, now_, table_, run_on);
        if (run.stale) result_.metrics.stale_read(now_);
        last_read_stale_ = run.stale;
        return run.outcome;
    }

    // The GSIs a write of `key` updates, each admitted on the index partition its image
    // lands on (`after`: the new image when the write gives one; `update`: the item keeps
    // its indexes), into `uses`; or the reason one of them throttles the write.
    std::optional<model::ThrottleReason> admit_indexes(const Item& key, const Item* after,
                                                       bool update, std::vector<IndexUse>& uses) {
        const Item* existing = table_.peek(key);
        for (std::size_t g = 0; g < gsis_.size(); ++g) {
            const storage::SecondaryIndex* index = table_.find_index(gsis_[g].name);
            const bool old_in = existing && index->in_index(*existing);
            const bool new_in = after ? index->in_index(*after) : (update && old_in);
            if (!old_in && !new_in) continue;
            const Item& placed = new_in && after ? *after : *existing;
            const int gp = gsis_[g].unit.partitions().route(
                storage::partition_key_hash(placed.at(index->schema().key.partition.name)));
            const model::Admission ga = gsis_[g].unit.admit(now_, gp, true);
            if (!ga.admitted) return ga.reason;
            uses.push_back({g, gp, ga});
        }
        return std::nullopt;
    }

    void charge_indexes(const std::vector<IndexUse>& uses,
                        const storage::ConsumedCapacity& consumed) {
        for (const auto& use : uses) {
            auto& gsi = gsis_[use.gsi];
            auto it = consumed.indexes.find(gsi.name);
            const std::int64_t units = it == consumed.indexes.end() ? 0 : it->second.write.halves();
            gsi.unit.charge(now_, use.partition, true, use.admission, units);
            result_.metrics.index_consumed(now_, gsi.name, true, units);
        }
    }

    // --- a global table's writes to and from other regions ----------------------------
    std::uint64_t item_id(const Item& key) const { return run::item_id(config_.table, key); }

    // A write acknowledged here: every other region applies the images it left (one per item
    // of a batch or transaction, each a standard write there).
    void replicate_out(const Pending& p, Op op, const Item& key, std::uint64_t deleted_bytes) {
        const bool group = op == Op::kTransactWriteItems || op == Op::kBatchWriteItem;
        std::vector<Item> keys;
        if (group)
            keys = runner_.group_items(static_cast<std::size_t>(p.stream), p.key, p.shard, true);
        else
            keys.push_back(key);
        for (auto& k : keys) {
            const std::uint64_t item = item_id(k);
            inbox_.holds(item, now_, region_);
            outbox_.push_back(replicated_write(table_, std::move(k), item, now_, region_, p.stream,
                                               group ? kNoSort : p.sort, deleted_bytes));
        }
    }

    // A write from another region arrives (or is retried): admitted by this replica's
    // capacity and its GSIs' like any write, then applied unless the item holds a newer
    // version (last writer wins; the write was still replicated and consumed its units).
    void replicate(ReplicationInbox::Slot slot) {
        const ReplicatedWrite& w = inbox_.write(slot);
        const auto& s = config_.streams[static_cast<std::size_t>(w.stream)];
        const std::uint64_t key_at = position(s, *w.key, w.sort);
        const int partition = partitions().route(key_at);
        const model::Admission admission = unit_.admit(now_, partition, true);
        std::vector<IndexUse> index_uses;
        const bool admitted =
            admission.admitted &&
            (gsis_.empty() || !admit_indexes(*w.key, w.image.get(), false, index_uses));
        if (!admitted) {
            result_.metrics.replication_throttle(now_);
            queue_.push(now_ + inbox_.retry_delay(slot, replication_rng_), kReplicate, slot);
            return;
        }
        std::int64_t halves = 0;
        storage::ConsumedCapacity consumed;
        const auto version = inbox_.compare(w.item, w.written_at, w.source);
        if (version != ReplicationInbox::Version::kOlder) {
            if (version == ReplicationInbox::Version::kConflict)
                result_.metrics.replication_conflict(now_);
            halves = storage::write_units(w.bytes, storage::WriteMode::kStandard).halves();
            index_uses.clear();  // the indexes do not change
        } else {
            const std::uint64_t before = table_.total_item_bytes();
            consumed =
                w.image ? table_.put_item({*w.image, std::nullopt, storage::ReturnValues::kNone})
                              .consumed
                        : table_.delete_item({*w.key, std::nullopt, storage::ReturnValues::kNone})
                              .consumed;
            halves = consumed.table_write.halves();
            for (const auto& [name, use] : consumed.indexes)
                if (!use.global) halves += use.write.halves();
            inbox_.holds(w.item, w.written_at, w.source);
            const std::uint64_t after = table_.total_item_bytes();
            auto& pb = partition_bytes_[static_cast<std::size_t>(partition)];
            pb = after >= before ? pb + (after - before)
                                 : pb - std::min<std::uint64_t>(pb, before - after);
        }
        unit_.charge(now_, partition, true, admission, halves);
        result_.metrics.consumed(now_, partition, true, halves);
        note_heat(partition, key_at, true, halves);
        if (!index_uses.empty()) charge_indexes(index_uses, consumed);
        result_.metrics.replicated(now_, halves, now_ - w.written_at);
        inbox_.done(slot);
    }

    // --- split for consumption (run/heat_splits.hpp) -------------------------------------
    void note_heat(int partition, std::uint64_t hash, bool write, std::int64_t halves) {
        heat_.note(partition, hash, write, halves);
    }

    void check_heat() {
        for (const auto& split : heat_.check(now_, partitions()))
            queue_.push(now_ + config_.heat_split.split_duration, kHeatSplit, split.start,
                        split.at);
    }

    void apply_heat_split(std::uint64_t start, std::uint64_t at) {
        const int p = partitions().route(start);
        if (partitions().start(p) != start) return;  // the partition changed meanwhile
        const std::uint64_t w = partitions().width(p);
        if (at <= start || (w != 0 && at - start >= w)) return;
        unit_.split(p, at, now_);
    }

    // The aggregation job of a sharded stream: read every shard of each key written since
    // the last run, then write the key's total.
    void aggregate(int stream) {
        const auto& s = config_.streams[static_cast<std::size_t>(stream)];
        auto keys = std::move(written_keys_[static_cast<std::size_t>(stream)]);
        written_keys_[static_cast<std::size_t>(stream)].clear();
        for (std::uint64_t key : keys) {
            for (int sh = 0; sh < s.write_shards; ++sh) {
                attempt(new_pending(
                    {stream, key, sh, 0, now_, false, false, static_cast<int>(Op::kGetItem)}));
            }
            attempt(new_pending(
                {stream, key, kTotalShard, 0, now_, false, false, static_cast<int>(Op::kPutItem)}));
        }
        queue_.push(now_ + s.aggregation_interval, kAggregate, static_cast<std::uint64_t>(stream));
    }

    // The SQS consumer: one message per poll, at `consumer_rate` polls per second.
    void poll_queue() {
        while (!invisible_.empty() && invisible_.front().first <= now_) {
            ready_.push_back(invisible_.front().second);
            invisible_.pop_front();
        }
        if (!ready_.empty()) {
            const std::size_t id = ready_.front();
            ready_.pop_front();
            attempt(id);
        }
        const auto gap = static_cast<sim::TimeUs>(1e6 / config_.sqs_buffer->consumer_rate);
        queue_.push(now_ + std::max<sim::TimeUs>(gap, 1), kQueuePoll);
    }

    GsiCapacity* find_gsi(const std::string& name) {
        for (auto& g : gsis_) {
            if (g.name == name) return &g;
        }
        return nullptr;
    }

    void throttled(std::size_t id, const model::ThrottleReason& reason) {
        Pending& p = pending_[id];
        ++result_.throttled_attempts;
        result_.metrics.throttle(now_, reason);
        p.throttled = true;
        retry_or_end(id, model::retryable_error(reason));
    }

    // After a failed attempt: the SQS message shows again, the SDK retries after its backoff,
    // or the request fails (attempts spent, or an error this SDK does not retry).
    void retry_or_end(std::size_t id, model::RetryableError error) {
        Pending& p = pending_[id];
        if (p.queued) {
            // The consumer does not delete the message: SQS shows it again later.
            invisible_.emplace_back(now_ + config_.sqs_buffer->visibility_timeout, id);
            return;
        }
        if (p.attempts < config_.retry.max_attempts && config_.retry.retries(error)) {
            queue_.push(now_ + config_.retry.backoff(p.attempts, error, retry_rng_), kAttempt, id);
        } else {
            end(id, false);
        }
    }

    void end(std::size_t id, bool succeeded) {
        const Pending& p = pending_[id];
        result_.metrics.request_ended(now_, succeeded, p.throttled, now_ - p.first_at);
        ++result_.requests;
        if (!succeeded) ++result_.gave_up;
        free_.push_back(id);
    }

    void on_tick() {
        if (now_ > 0 && now_ % sim::kMinute == 0) result_.metrics.close_minute(now_ - 1);
        lagging_.expire(now_);
        if (region_ >= 0)
            result_.metrics.replication_backlog(now_, static_cast<std::int64_t>(inbox_.backlog()));
        // The capacity units' upkeep (model/capacity_unit.hpp): the second that ended, at a
        // minute's end the auto scaling decisions, each woken at its time by kApplyScaling.
        wake_at(0, unit_.advance_to(now_));
        for (std::size_t g = 0; g < gsis_.size(); ++g)
            wake_at(g + 1, gsis_[g].unit.advance_to(now_));
        split_for_size();
        check_heat();
        if (config_.sqs_buffer) {
            const auto depth = static_cast<std::int64_t>(ready_.size() + invisible_.size());
            result_.metrics.queue_depth(now_, depth);
            result_.queue_max_depth = std::max(result_.queue_max_depth, depth);
        }
        if (!config_.capacity.on_demand) {
            std::int64_t read = 0, write = 0;
            for (int p = 0; p < partitions().size(); ++p) {
                read += unit_.capacity().share_balance_halves(p, false, now_);
                write += unit_.capacity().share_balance_halves(p, true, now_);
            }
            result_.metrics.burst_balance(now_, read, write);
        }
        result_.metrics.table_state(now_, unit_.capacity().table_rcu(),
                                    unit_.capacity().table_wcu(), partitions().size());
        queue_.push(now_ + sim::kSecond, kTick);
    }

    // `unit`: 0 the table, g + 1 the table's GSI g.
    void wake_at(std::size_t unit, const model::CapacityUnit::Upkeep& upkeep) {
        for (const sim::TimeUs at : upkeep.decided)
            queue_.push(at, kApplyScaling, static_cast<std::uint64_t>(unit));
    }

    void apply_scaling(std::uint64_t unit) {
        if (unit == 0) {
            unit_.apply_changes(now_);  // with the partitions the throughput needs
            split_for_size();
            return;
        }
        gsis_[static_cast<std::size_t>(unit - 1)].unit.apply_changes(now_);
    }

    // A partition past 10 GB splits in half. Modelling assumption: a split takes effect at
    // once and divides the partition's data evenly.
    void split_for_size() {
        for (int p = 0; p < partitions().size(); ++p) {
            if (partition_bytes_[static_cast<std::size_t>(p)] > model::kPartitionMaxBytes)
                unit_.split(p--, std::nullopt, now_);
        }
    }

    // Partition `p` split into `p` and `p + 1`: its data and heat follow.
    void follow_split(int p) {
        const auto i = static_cast<std::size_t>(p);
        const std::uint64_t half = partition_bytes_[i] / 2;
        partition_bytes_[i] -= half;
        partition_bytes_.insert(partition_bytes_.begin() + p + 1, half);
        heat_.follow_split(p);
    }

    const model::PartitionMap& partitions() const { return unit_.partitions(); }

    const SimulationConfig& config_;
    const int region_;  // a global table's region (its index), or -1
    const RunControl& control_;
    bool stopped_ = false;
    ReplicationInbox inbox_;  // writes from other regions
    sim::Rng replication_rng_ = sim::make_stream(config_.seed, "replication/retry");
    std::vector<ReplicatedWrite> outbox_;  // writes acknowledged here, to replicate
    bool last_read_stale_ = false;         // the last GetItem read a lagging replica
    storage::Table table_;
    model::CapacityUnit unit_;  // the table's partitions, capacity and auto scaling
    RunResult result_;
    sim::TimeUs next_check_ = 0;
    sim::EventQueue queue_;
    ArrivalStreams arrivals_;
    sim::Rng keys_rng_, shards_rng_, retry_rng_, faults_rng_, sort_rng_, latency_rng_;
    std::vector<Pending> pending_;
    std::vector<std::size_t> free_;
    std::vector<std::uint64_t> partition_bytes_;
    OperationRunner runner_{config_};
    Item key_;  // the attempt's primary key, rewritten in place (assign_key_item)
    // A collection may split between its sort keys unless an LSI keeps it on one partition.
    bool sort_splits_ = config_.table.local_indexes.empty();
    // Eventual consistency (workload/scenario.hpp Replication): tracked only when a stream
    // makes eventually consistent GetItem requests, which are what can see a stale version.
    bool track_replicas_ =
        config_.replication.enabled &&
        std::any_of(config_.streams.begin(), config_.streams.end(), [](const OperationStream& s) {
            return s.op == Op::kGetItem && s.consistency == storage::ReadConsistency::kEventual;
        });
    LaggingReplica lagging_{config_};
    std::vector<std::uint64_t> next_key_ = std::vector<std::uint64_t>(config_.streams.size(), 0);
    std::vector<std::uint64_t> next_sort_ = std::vector<std::uint64_t>(config_.streams.size(), 0);
    std::vector<KeyHashCache> key_hashes_ = [this] {
        std::vector<KeyHashCache> caches;
        for (const auto& s : config_.streams)
            caches.emplace_back(config_.table, s);
        return caches;
    }();
    sim::TimeUs now_ = 0;
    std::vector<GsiCapacity> gsis_;
    std::optional<DaxFront> dax_;
    HeatSplits heat_{config_};
    std::vector<std::set<std::uint64_t>> written_keys_;  // per stream, for the aggregation job
    std::deque<std::size_t> ready_;                      // SQS messages, in order
    std::deque<std::pair<sim::TimeUs, std::size_t>> invisible_;  // (visible again at, message)
};

RunResult run_request_level(const SimulationConfig& config, const RunControl& control) {
    return RegionSimulator::Impl(config, control).run();
}

RegionSimulator::RegionSimulator(const SimulationConfig& config, const RunControl& control,
                                 int region)
    : impl_(std::make_unique<Impl>(config, control, region)) {
    impl_->start();
}
RegionSimulator::~RegionSimulator() = default;
bool RegionSimulator::run_until(sim::TimeUs until) {
    return impl_->run_until(until);
}
std::vector<ReplicatedWrite> RegionSimulator::take_writes() {
    return impl_->take_writes();
}
void RegionSimulator::deliver(ReplicatedWrite write, sim::TimeUs arrives) {
    impl_->deliver(std::move(write), arrives);
}
void RegionSimulator::end_window(const std::unordered_map<std::uint64_t, sim::TimeUs>& foreign) {
    impl_->end_window(foreign);
}
RunResult RegionSimulator::finish() {
    return impl_->finish();
}

}  // namespace ddbsim::run
