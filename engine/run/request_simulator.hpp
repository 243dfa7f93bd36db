// RequestSimulator: the request-level fidelity of ddbsim's model (docs/architecture.md "The two
// fidelities").
//
// Every request is an event: a Poisson arrival (thinned to its stream's traffic shape), a
// key drawn from the stream's popularity, routing to the partition that owns the key's hash,
// admission against the partition's and the table's token buckets (model::CapacityModel),
// execution on the storage core — whose ConsumedCapacity is what the buckets are charged —
// and, when throttled, the client's retries with backoff until it succeeds or gives up.
// Deterministic: a configuration and seed give identical metrics on every run.
#pragma once

#include "run/run_result.hpp"

namespace ddbsim::run {

RunResult run_request_level(const SimulationConfig& config, const RunControl& control = {});

}  // namespace ddbsim::run
