#include "model/throttle_reason.hpp"

namespace ddbsim::model {

ThrottleReason ThrottleReason::from_index(int i) {
    return ThrottleReason{i >= 8 ? ThrottleScope::kIndex : ThrottleScope::kTable, (i & 4) != 0,
                          static_cast<ThrottleKind>(i & 3)};
}

std::string ThrottleReason::code() const {
    static const char* kKinds[] = {"ProvisionedThroughputExceeded", "AccountLimitExceeded",
                                   "KeyRangeThroughputExceeded", "MaxOnDemandThroughputExceeded"};
    return std::string(scope == ThrottleScope::kIndex ? "Index" : "Table") +
           (write ? "Write" : "Read") + kKinds[static_cast<int>(kind)];
}

}  // namespace ddbsim::model
