// The "what throttled and why" panel of the Throttling tab: the run's throttles by
// ThrottlingReason with what each means in this run and the knob that would fix it, the
// partitions at their hard limit and the keys responsible (run/throttle_explanation.hpp).
#pragma once

#include <QString>

#include "run/outcome.hpp"

namespace ddbsim::gui {

// The panel's content as rich text.
QString throttle_explanation_html(const run::Outcome& outcome);

}  // namespace ddbsim::gui
