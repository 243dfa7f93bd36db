// Tokens of DynamoDB's expression language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace ddbsim::storage {

struct Token {
    enum class Kind {
        kIdentifier,        // bare name, keyword or function name
        kNamePlaceholder,   // #name
        kValuePlaceholder,  // :value
        kNumber,            // digits, only valid as a list index
        kLParen,
        kRParen,
        kLBracket,
        kRBracket,
        kComma,
        kDot,
        kEq,
        kNe,
        kLt,
        kLe,
        kGt,
        kGe,
        kPlus,
        kMinus,
        kEnd,
    };
    Kind kind = Kind::kEnd;
    std::string_view text;
    std::size_t offset = 0;
};

// Splits `text` into tokens (the last is kEnd). Fails on a character that cannot start a
// token, with DynamoDB's "Invalid character encountered" message and its offset.
Result<std::vector<Token>> tokenize(std::string_view text, std::string_view expression_name);

}  // namespace ddbsim::storage
