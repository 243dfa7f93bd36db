#include "common/error.hpp"

namespace ddbsim {

std::string_view error_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::kValidation:
            return "ValidationException";
        case ErrorCode::kConditionalCheckFailed:
            return "ConditionalCheckFailedException";
        case ErrorCode::kResourceNotFound:
            return "ResourceNotFoundException";
        case ErrorCode::kItemCollectionSizeLimitExceeded:
            return "ItemCollectionSizeLimitExceededException";
        case ErrorCode::kTransactionCanceled:
            return "TransactionCanceledException";
        case ErrorCode::kTransactionConflict:
            return "TransactionConflictException";
        case ErrorCode::kIdempotentParameterMismatch:
            return "IdempotentParameterMismatchException";
        case ErrorCode::kProvisionedThroughputExceeded:
            return "ProvisionedThroughputExceededException";
        case ErrorCode::kThrottling:
            return "ThrottlingException";
        case ErrorCode::kRequestLimitExceeded:
            return "RequestLimitExceeded";
        case ErrorCode::kLimitExceeded:
            return "LimitExceededException";
        case ErrorCode::kTrimmedDataAccess:
            return "TrimmedDataAccessException";
        case ErrorCode::kInvalidInput:
            return "InvalidInput";
        case ErrorCode::kInternal:
            return "InternalServerError";
    }
    return "InternalServerError";
}

std::string error_wire_type(ErrorCode code) {
    // DynamoDB reports validation errors from its request-validation layer (coral) and
    // everything else from the service namespace.
    if (code == ErrorCode::kValidation) return "com.amazon.coral.validate#ValidationException";
    if (code == ErrorCode::kThrottling) return "com.amazon.coral.availability#ThrottlingException";
    if (code == ErrorCode::kTrimmedDataAccess)
        return "com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException";
    return "com.amazonaws.dynamodb.v20120810#" + std::string(error_name(code));
}

std::string Error::describe() const {
    if (location.empty()) return message;
    return message + " (at " + location + ")";
}

}  // namespace ddbsim
