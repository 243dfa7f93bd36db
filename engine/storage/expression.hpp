// DynamoDB expressions: the parsed forms of ConditionExpression, FilterExpression,
// KeyConditionExpression, ProjectionExpression and UpdateExpression.
//
// Parsed by a recursive-descent parser (expression_parser.cpp) with DynamoDB's grammar and
// precedence (DG "Comparison operator and function reference": comparators, IN, BETWEEN,
// functions, parentheses, NOT, AND, OR from tightest to loosest). Placeholders are resolved
// while parsing: `#n` through ExpressionAttributeNames, `:v` through ExpressionAttributeValues
// (values are copied into the tree), and the ExpressionContext records which were used so a
// request can be rejected for unused placeholders as DynamoDB does.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/attribute_value.hpp"

namespace ddbsim::storage {

// Expression limits (DG ServiceQuotas, "Expression parameters"): 4 KB per expression string,
// 300 operators and functions per expression, document paths up to 32 levels deep.
inline constexpr std::size_t kMaxExpressionBytes = 4 * 1024;
inline constexpr int kMaxExpressionOperators = 300;
inline constexpr std::size_t kMaxPathDepth = 32;
inline constexpr std::size_t kMaxInOperands = 100;
// The same page: a placeholder (#name or :value) is at most 255 bytes, and the names and
// values an expression substitutes add up to at most 2 MB (keys, names and the values'
// sizes by DynamoDB's item-size rules).
inline constexpr std::size_t kMaxPlaceholderBytes = 255;
inline constexpr std::size_t kMaxSubstitutionBytes = 2 * 1024 * 1024;

// One step of a document path: a map key / attribute name, or a list index.
struct PathElement {
    std::string name;
    std::int64_t index = -1;  // >= 0 for a list index step
    bool is_index() const { return index >= 0; }
    friend bool operator==(const PathElement&, const PathElement&) = default;
};
using DocumentPath = std::vector<PathElement>;  // first element is always a name

// "a.b[2].c" — for messages.
std::string path_to_string(const DocumentPath& path);

// A value-producing term.
struct Operand {
    enum class Kind { kPath, kConstant, kSize, kIfNotExists, kListAppend, kPlus, kMinus };
    Kind kind = Kind::kConstant;
    DocumentPath path;          // kPath
    AttributeValue constant;    // kConstant
    std::vector<Operand> args;  // functions and arithmetic
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
enum class ConditionFunction {
    kAttributeExists,
    kAttributeNotExists,
    kAttributeType,
    kBeginsWith,
    kContains
};

// A boolean term.
struct Condition {
    enum class Kind { kCompare, kBetween, kIn, kFunction, kAnd, kOr, kNot };
    Kind kind = Kind::kCompare;
    CompareOp op = CompareOp::kEq;
    ConditionFunction function = ConditionFunction::kAttributeExists;
    std::vector<Operand> operands;    // compare: 2; between: 3; in: 1 + list; function: args
    std::vector<Condition> children;  // and/or: 2; not: 1
};

struct SetAction {
    DocumentPath path;
    Operand value;
};
struct SetMemberAction {  // ADD and DELETE: path and a constant
    DocumentPath path;
    AttributeValue value;
};

struct UpdateExpression {
    std::vector<SetAction> set;
    std::vector<DocumentPath> remove;
    std::vector<SetMemberAction> add;
    std::vector<SetMemberAction> del;
    // Every path the expression writes, for overlap checks and UPDATED_* return values.
    std::vector<DocumentPath> targets() const;
};

using ProjectionExpression = std::vector<DocumentPath>;

// Placeholders of one request, shared by all its expressions, and what they used.
class ExpressionContext {
  public:
    ExpressionContext() = default;
    ExpressionContext(const std::map<std::string, std::string>* names, const Item* values)
        : names_(names), values_(values) {}

    const std::map<std::string, std::string>* names() const { return names_; }
    const Item* values() const { return values_; }
    void mark_name(const std::string& placeholder) { used_names_.insert(placeholder); }
    void mark_value(const std::string& placeholder) { used_values_.insert(placeholder); }

    // After every expression of the request is parsed: ValidationException for
    // placeholders that were supplied but never used.
    Status check_all_used() const;

  private:
    const std::map<std::string, std::string>* names_ = nullptr;
    const Item* values_ = nullptr;
    std::set<std::string> used_names_;
    std::set<std::string> used_values_;
};

// Which request field an expression came from; names the expression in error messages
// ("Invalid ConditionExpression: ...").
enum class ExpressionKind { kCondition, kFilter, kKeyCondition, kProjection, kUpdate };

Result<Condition> parse_condition(std::string_view text, ExpressionKind kind,
                                  ExpressionContext& ctx);
Result<UpdateExpression> parse_update(std::string_view text, ExpressionContext& ctx);
Result<ProjectionExpression> parse_projection(std::string_view text, ExpressionContext& ctx);

}  // namespace ddbsim::storage
