// Simulation time: integer microseconds since the start of a run (docs/architecture.md "The two
// fidelities"). Integers keep every run exactly reproducible; there is no wall clock in the engine.
#pragma once

#include <cstdint>

namespace ddbsim::sim {

using TimeUs = std::int64_t;

inline constexpr TimeUs kMicrosecond = 1;
inline constexpr TimeUs kMillisecond = 1'000;
inline constexpr TimeUs kSecond = 1'000'000;
inline constexpr TimeUs kMinute = 60 * kSecond;
inline constexpr TimeUs kHour = 60 * kMinute;
inline constexpr TimeUs kDay = 24 * kHour;

}  // namespace ddbsim::sim
