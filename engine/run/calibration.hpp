// Cost calibration for the aggregate fidelity (issue 5, docs/architecture.md "The two fidelities"):
// measures the capacity one request of each stream consumes by executing a sample of the workload
// on a scratch storage core (docs/dynamodb-model.md: costs come from real item sizes, not typed-in
// numbers). The streams run interleaved in proportion to their request rates on one table,
// so one stream's items are what another stream reads or overwrites, as at the request
// level; the result records each stream's sample size, mean and 95 % confidence half-width.
#pragma once

#include <cstddef>
#include <vector>

#include "run/run_result.hpp"

namespace ddbsim::run {

// `samples` operations per stream (at least 200 each), measured after a first pass that
// brings the sampled items to the state the mix keeps them in; index writes are also
// measured on the first pass, where a PutItem stream's writes create their items.
std::vector<RunResult::Calibration> calibrate(const SimulationConfig& config, std::size_t samples);

// The number of equally popular keys that would be rewritten as often: 1 / Σ p_k², the long
// tail beyond the first `exact_key_limit` keys counted as uniform.
double effective_key_count(const OperationStream& s, std::uint64_t exact_key_limit);

}  // namespace ddbsim::run
