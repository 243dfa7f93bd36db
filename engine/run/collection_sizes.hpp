// Item collections past their size limit at the aggregate fidelity. On a table with an LSI,
// a write that would take an item collection past 10 GB fails with
// ItemCollectionSizeLimitExceededException (DG "Item collection size limit";
// docs/dynamodb-model.md), a user error. The request level gets this from the storage core;
// here each PutItem stream with keys.sortKeys tracks the size of its most popular keys'
// collections (the first `exact_key_limit`) as their writes add items:
//   - a time-ordered collection gains an item in each `every` slot that has a write: of n
//     Poisson writes spread over a step of S slots, S × (1 − e^(−n/S)) new items (evenly
//     spaced ones: min(n, S));
//   - one of `count` sort keys holds min(W, count) items after W writes to its key in
//     sequential order, count × (1 − e^(−W/count)) in random order (uniform draws);
// each item adding the bytes one item and its LSI entries take in the collection (measured
// on the storage core). Once a key's collection is full, its writes that would add an item
// fail (those that rewrite an item of the same size succeed): every later write of a
// time-ordered collection (each slot's item was never made), and for a random or
// sequential collection the share (count − items) / count whose sort key has no item. Modelling
// assumption: the failures are counted as the writes arrive (a throttled write that is later served
// fails then).
//
// Not thread-safe; one per simulation.
#pragma once

#include <cstdint>
#include <vector>

#include "run/run_result.hpp"

namespace ddbsim::run {

class CollectionSizes {
  public:
    CollectionSizes(const SimulationConfig& config, std::uint64_t exact_key_limit);

    // Whether any stream's collections are tracked (the table has an LSI and a PutItem
    // stream has sort keys).
    bool any() const { return !tracked_.empty(); }
    // Stream `stream`'s `writes` more PutItem requests over a step of `step` µs: returns how
    // many of them fail because their collection is full, and adds the others' new items.
    double write(std::size_t stream, double writes, sim::TimeUs step);

  private:
    struct Tracked {
        std::size_t stream = 0;
        bool time_ordered = false;
        bool sequential = false;
        bool even = false;          // evenly spaced arrivals (no two in one slot while they fit)
        double count = 1;           // sort keys per collection (random, sequential)
        double every = 1;           // µs per sort key (time-ordered)
        double item_bytes = 0;      // one item and its LSI entries
        double copies = 1;          // write shards: the collections each tracked key stands for
        std::vector<double> p;      // per tracked key: its share of the stream's requests
        std::vector<double> w;      // per tracked key: writes so far (random, sequential)
        std::vector<double> items;  // per tracked key: items in its collection (time-ordered)
    };
    double time_ordered(Tracked& t, std::size_t k, double n, sim::TimeUs step, double full);
    double random_order(Tracked& t, std::size_t k, double n, double full);

    double limit_ = 0;
    std::vector<Tracked> tracked_;
};

}  // namespace ddbsim::run
