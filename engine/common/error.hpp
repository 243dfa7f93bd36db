// Typed errors returned by every engine function that can fail.
//
// The engine never throws across its API, prints or exits: a failure is a value carrying
// the DynamoDB exception name where DynamoDB would raise one (so front ends can print
// `{"__type": ..., "message": ...}` exactly as the service does), a human message, and a
// location (a JSON pointer such as `/Item/tags/SS/1`, or an expression offset) that front
// ends combine with a file name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ddbsim {

// The kind of failure. The first group are DynamoDB's own exception names.
enum class ErrorCode {
    kValidation,              // ValidationException
    kConditionalCheckFailed,  // ConditionalCheckFailedException
    kResourceNotFound,        // ResourceNotFoundException
    kItemCollectionSizeLimitExceeded,
    kTransactionCanceled,  // TransactionCanceledException
    kTransactionConflict,
    kIdempotentParameterMismatch,
    kProvisionedThroughputExceeded,
    kThrottling,
    kRequestLimitExceeded,
    kLimitExceeded,      // LimitExceededException (control-plane quotas)
    kTrimmedDataAccess,  // TrimmedDataAccessException (DynamoDB Streams)
    kInvalidInput,       // a malformed input file (not a DynamoDB error)
    kInternal,           // a bug: should never reach a user
};

// DynamoDB's exception name for the code, e.g. "ValidationException".
std::string_view error_name(ErrorCode code);

// DynamoDB's wire `__type` for the code, e.g.
// "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException".
std::string error_wire_type(ErrorCode code);

// A failure: what kind, what happened, and where (may be empty).
struct Error {
    Error() = default;
    Error(ErrorCode c, std::string m, std::string l = {})
        : code(c), message(std::move(m)), location(std::move(l)) {}

    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string location;  // JSON pointer or "offset N" in an expression; empty if none
    // Per-item reasons of a TransactionCanceledException (DynamoDB's CancellationReasons, in
    // request order): code "None", "ConditionalCheckFailed", "ValidationError", ...
    struct Reason {
        std::string code;
        std::string message;
    };
    std::vector<Reason> reasons;

    static Error validation(std::string message, std::string location = {}) {
        return Error{ErrorCode::kValidation, std::move(message), std::move(location)};
    }
    static Error invalid_input(std::string message, std::string location = {}) {
        return Error{ErrorCode::kInvalidInput, std::move(message), std::move(location)};
    }

    // "message (at location)" — the one-line form front ends print.
    std::string describe() const;
};

}  // namespace ddbsim
