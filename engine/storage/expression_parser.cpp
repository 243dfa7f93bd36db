// Recursive-descent parser for DynamoDB's expression language (see expression.hpp).
#include <algorithm>
#include <cctype>

#include "storage/expression.hpp"
#include "storage/expression_lexer.hpp"
#include "storage/reserved_words.hpp"

namespace ddbsim::storage {
namespace {

std::string_view kind_name(ExpressionKind kind) {
    switch (kind) {
        case ExpressionKind::kCondition:
            return "ConditionExpression";
        case ExpressionKind::kFilter:
            return "FilterExpression";
        case ExpressionKind::kKeyCondition:
            return "KeyConditionExpression";
        case ExpressionKind::kProjection:
            return "ProjectionExpression";
        case ExpressionKind::kUpdate:
            return "UpdateExpression";
    }
    return "Expression";
}

bool keyword_is(const Token& t, std::string_view word) {
    if (t.kind != Token::Kind::kIdentifier || t.text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
    }
    return true;
}

class Parser {
  public:
    Parser(std::string_view text, ExpressionKind kind, ExpressionContext& ctx)
        : text_(text), name_(kind_name(kind)), ctx_(ctx) {}

    Status start() {
        if (text_.size() > kMaxExpressionBytes) {
            return fail("Expression size has exceeded the maximum allowed size; expression size: " +
                            std::to_string(text_.size()),
                        0);
        }
        auto tokens = tokenize(text_, name_);
        if (!tokens) return tokens.take_error();
        tokens_ = std::move(*tokens);
        if (tokens_.size() == 1) {
            return Error::validation("Invalid " + std::string(name_) +
                                     ": The expression can not be empty;");
        }
        return {};
    }

    Result<Condition> condition_expression() {
        auto c = or_condition(0);
        if (!c) return c;
        if (peek().kind != Token::Kind::kEnd) return syntax_error();
        return c;
    }

    Result<UpdateExpression> update_expression() {
        UpdateExpression u;
        bool seen[4] = {false, false, false, false};
        static constexpr std::string_view kSections[4] = {"SET", "REMOVE", "ADD", "DELETE"};
        while (peek().kind != Token::Kind::kEnd) {
            int section = -1;
            for (int s = 0; s < 4; ++s) {
                if (keyword_is(peek(), kSections[s])) section = s;
            }
            if (section < 0) return syntax_error();
            if (seen[section]) {
                return fail("The \"" + std::string(kSections[section]) +
                                "\" section can only be used once in an update expression;",
                            peek().offset);
            }
            seen[section] = true;
            next();
            do {
                DDBSIM_TRY(count_operator());
                auto path = document_path();
                if (!path) return path.take_error();
                if (section == 0) {
                    if (peek().kind != Token::Kind::kEq) return syntax_error();
                    next();
                    auto value = set_value();
                    if (!value) return value.take_error();
                    u.set.push_back(SetAction{std::move(*path), std::move(*value)});
                } else if (section == 1) {
                    u.remove.push_back(std::move(*path));
                } else {
                    if (peek().kind != Token::Kind::kValuePlaceholder) return syntax_error();
                    auto value = value_placeholder();
                    if (!value) return value.take_error();
                    const char* op = section == 2 ? "ADD" : "DELETE";
                    const AttrType t = value->type();
                    const bool ok =
                        section == 2 ? (t == AttrType::kN || value->is_set()) : value->is_set();
                    if (!ok) {
                        return fail("Incorrect operand type for operator or function; operator: " +
                                        std::string(op) +
                                        ", operand type: " + std::string(type_descriptor(t)),
                                    peek().offset);
                    }
                    (section == 2 ? u.add : u.del)
                        .push_back(SetMemberAction{std::move(*path), std::move(*value)});
                }
            } while (accept(Token::Kind::kComma));
        }
        DDBSIM_TRY(check_overlaps(u.targets()));
        return u;
    }

    Result<ProjectionExpression> projection_expression() {
        ProjectionExpression paths;
        do {
            auto path = document_path();
            if (!path) return path.take_error();
            paths.push_back(std::move(*path));
        } while (accept(Token::Kind::kComma));
        if (peek().kind != Token::Kind::kEnd) return syntax_error();
        DDBSIM_TRY(check_overlaps(paths));
        return paths;
    }

  private:
    const Token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
    }
    const Token& next() {
        const Token& t = tokens_[pos_];
        if (pos_ + 1 < tokens_.size()) ++pos_;
        return t;
    }
    bool accept(Token::Kind kind) {
        if (peek().kind != kind) return false;
        next();
        return true;
    }

    Error fail(std::string message, std::size_t offset) const {
        return Error::validation("Invalid " + std::string(name_) + ": " + std::move(message),
                                 "offset " + std::to_string(offset));
    }

    // DynamoDB's syntax error: the offending token and the text around it.
    Error syntax_error() const {
        const Token& t = peek();
        const std::string token = t.kind == Token::Kind::kEnd ? "<EOF>" : std::string(t.text);
        const std::size_t from = pos_ > 0 ? tokens_[pos_ - 1].offset : t.offset;
        std::size_t to = t.offset + t.text.size();
        if (t.kind != Token::Kind::kEnd && pos_ + 1 < tokens_.size()) {
            const Token& after = tokens_[pos_ + 1];
            to = after.offset + after.text.size();
        }
        return fail("Syntax error; token: \"" + token + "\", near: \"" +
                        std::string(text_.substr(from, to - from)) + "\"",
                    t.offset);
    }

    Status count_operator() {
        if (++operators_ > kMaxExpressionOperators) {
            return fail("The expression contains too many operators; operator count: " +
                            std::to_string(operators_),
                        peek().offset);
        }
        return {};
    }

    Result<std::string> attribute_name() {
        const Token& t = peek();
        if (t.kind == Token::Kind::kNamePlaceholder) {
            const std::string placeholder(t.text);
            const auto* names = ctx_.names();
            auto it = names ? names->find(placeholder) : decltype(names->end()){};
            if (!names || it == names->end()) {
                return fail(
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: " +
                        placeholder,
                    t.offset);
            }
            ctx_.mark_name(placeholder);
            next();
            return it->second;
        }
        if (t.kind == Token::Kind::kIdentifier) {
            if (is_reserved_word(t.text)) {
                return fail("Attribute name is a reserved keyword; reserved keyword: " +
                                std::string(t.text),
                            t.offset);
            }
            next();
            return std::string(t.text);
        }
        return syntax_error();
    }

    Result<DocumentPath> document_path() {
        DocumentPath path;
        auto first = attribute_name();
        if (!first) return first.take_error();
        path.push_back(PathElement{std::move(*first), -1});
        for (;;) {
            if (accept(Token::Kind::kDot)) {
                auto name = attribute_name();
                if (!name) return name.take_error();
                path.push_back(PathElement{std::move(*name), -1});
            } else if (peek().kind == Token::Kind::kLBracket) {
                next();
                const Token& n = peek();
                if (n.kind != Token::Kind::kNumber) return syntax_error();
                if (n.text.size() > 9)
                    return fail("List index is too large; index: " + std::string(n.text), n.offset);
                path.push_back(PathElement{{}, std::stoll(std::string(n.text))});
                next();
                if (!accept(Token::Kind::kRBracket)) return syntax_error();
            } else {
                break;
            }
            if (path.size() > kMaxPathDepth) {
                return fail("The document path has too many nesting levels; nesting levels: " +
                                std::to_string(path.size()),
                            peek().offset);
            }
        }
        return path;
    }

    Result<AttributeValue> value_placeholder() {
        const Token& t = next();
        const std::string placeholder(t.text);
        const Item* values = ctx_.values();
        auto it = values ? values->find(placeholder) : Item::const_iterator{};
        if (!values || it == values->end()) {
            return fail(
                "An expression attribute value used in expression is not defined; attribute "
                "value: " +
                    placeholder,
                t.offset);
        }
        ctx_.mark_value(placeholder);
        return it->second;
    }

    // operand := path | :value | function(args)
    Result<Operand> operand(bool in_update) {
        const Token& t = peek();
        if (t.kind == Token::Kind::kValuePlaceholder) {
            auto v = value_placeholder();
            if (!v) return v.take_error();
            Operand o;
            o.kind = Operand::Kind::kConstant;
            o.constant = std::move(*v);
            return o;
        }
        if (t.kind == Token::Kind::kIdentifier && peek(1).kind == Token::Kind::kLParen) {
            return function_operand(in_update);
        }
        if (t.kind == Token::Kind::kIdentifier || t.kind == Token::Kind::kNamePlaceholder) {
            auto p = document_path();
            if (!p) return p.take_error();
            Operand o;
            o.kind = Operand::Kind::kPath;
            o.path = std::move(*p);
            return o;
        }
        return syntax_error();
    }

    Result<Operand> function_operand(bool in_update) {
        const Token& fn = next();
        const std::string name(fn.text);
        DDBSIM_TRY(count_operator());
        Operand o;
        std::size_t arity = 0;
        if (name == "size" && !in_update) {
            o.kind = Operand::Kind::kSize;
            arity = 1;
        } else if (name == "if_not_exists" && in_update) {
            o.kind = Operand::Kind::kIfNotExists;
            arity = 2;
        } else if (name == "list_append" && in_update) {
            o.kind = Operand::Kind::kListAppend;
            arity = 2;
        } else if (is_condition_function(name) || name == "size" || name == "if_not_exists" ||
                   name == "list_append") {
            return fail(
                "The function is not allowed to be used this way in an expression; function: " +
                    name,
                fn.offset);
        } else {
            return fail("Invalid function name; function: " + name, fn.offset);
        }
        next();  // (
        auto args = argument_list(in_update);
        if (!args) return args.take_error();
        if (args->size() != arity) {
            return fail(
                "Incorrect number of operands for operator or function; operator or function: " +
                    name + ", number of operands: " + std::to_string(args->size()),
                fn.offset);
        }
        if ((o.kind == Operand::Kind::kSize || o.kind == Operand::Kind::kIfNotExists) &&
            (*args)[0].kind != Operand::Kind::kPath) {
            return fail(
                "Operator or function requires a document path; operator or function: " + name,
                fn.offset);
        }
        o.args = std::move(*args);
        return o;
    }

    Result<std::vector<Operand>> argument_list(bool in_update) {
        std::vector<Operand> args;
        if (accept(Token::Kind::kRParen)) return args;
        do {
            auto a = in_update ? operand(true) : operand(false);
            if (!a) return a.take_error();
            args.push_back(std::move(*a));
        } while (accept(Token::Kind::kComma));
        if (!accept(Token::Kind::kRParen)) return syntax_error();
        return args;
    }

    // set_value := operand [('+' | '-') operand]
    Result<Operand> set_value() {
        auto left = operand(true);
        if (!left) return left;
        if (peek().kind == Token::Kind::kPlus || peek().kind == Token::Kind::kMinus) {
            const bool plus = next().kind == Token::Kind::kPlus;
            DDBSIM_TRY(count_operator());
            auto right = operand(true);
            if (!right) return right;
            Operand o;
            o.kind = plus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
            o.args.push_back(std::move(*left));
            o.args.push_back(std::move(*right));
            return o;
        }
        return left;
    }

    static bool is_condition_function(const std::string& name) {
        return name == "attribute_exists" || name == "attribute_not_exists" ||
               name == "attribute_type" || name == "begins_with" || name == "contains";
    }

    Result<Condition> or_condition(int depth) {
        auto left = and_condition(depth);
        if (!left) return left;
        while (keyword_is(peek(), "OR")) {
            next();
            DDBSIM_TRY(count_operator());
            auto right = and_condition(depth);
            if (!right) return right;
            Condition c;
            c.kind = Condition::Kind::kOr;
            c.children.push_back(std::move(*left));
            c.children.push_back(std::move(*right));
            left = std::move(c);
        }
        return left;
    }

    Result<Condition> and_condition(int depth) {
        auto left = not_condition(depth);
        if (!left) return left;
        while (keyword_is(peek(), "AND")) {
            next();
            DDBSIM_TRY(count_operator());
            auto right = not_condition(depth);
            if (!right) return right;
            Condition c;
            c.kind = Condition::Kind::kAnd;
            c.children.push_back(std::move(*left));
            c.children.push_back(std::move(*right));
            left = std::move(c);
        }
        return left;
    }

    Result<Condition> not_condition(int depth) {
        if (depth > kMaxExpressionOperators)
            return fail("The expression is nested too deeply", peek().offset);
        if (keyword_is(peek(), "NOT")) {
            next();
            DDBSIM_TRY(count_operator());
            auto inner = not_condition(depth + 1);
            if (!inner) return inner;
            Condition c;
            c.kind = Condition::Kind::kNot;
            c.children.push_back(std::move(*inner));
            return c;
        }
        return primary_condition(depth);
    }

    Result<Condition> primary_condition(int depth) {
        const Token& t = peek();
        if (t.kind == Token::Kind::kLParen) {
            next();
            auto inner = or_condition(depth + 1);
            if (!inner) return inner;
            if (!accept(Token::Kind::kRParen)) return syntax_error();
            return inner;
        }
        if (t.kind == Token::Kind::kIdentifier && peek(1).kind == Token::Kind::kLParen &&
            is_condition_function(std::string(t.text))) {
            return function_condition();
        }
        auto left = operand(false);
        if (!left) return left.take_error();
        const Token& op = peek();
        Condition c;
        if (keyword_is(op, "BETWEEN")) {
            next();
            DDBSIM_TRY(count_operator());
            auto low = operand(false);
            if (!low) return low.take_error();
            if (!keyword_is(peek(), "AND")) return syntax_error();
            next();
            auto high = operand(false);
            if (!high) return high.take_error();
            if (low->kind == Operand::Kind::kConstant && high->kind == Operand::Kind::kConstant) {
                DDBSIM_TRY(check_between_bounds(low->constant, high->constant, op.offset));
            }
            c.kind = Condition::Kind::kBetween;
            c.operands = {std::move(*left), std::move(*low), std::move(*high)};
            return c;
        }
        if (keyword_is(op, "IN")) {
            next();
            DDBSIM_TRY(count_operator());
            if (!accept(Token::Kind::kLParen)) return syntax_error();
            c.kind = Condition::Kind::kIn;
            c.operands.push_back(std::move(*left));
            do {
                auto o = operand(false);
                if (!o) return o.take_error();
                c.operands.push_back(std::move(*o));
            } while (accept(Token::Kind::kComma));
            if (!accept(Token::Kind::kRParen)) return syntax_error();
            if (c.operands.size() - 1 > kMaxInOperands) {
                return fail(
                    "The IN operator is provided with too many operands; number of operands: " +
                        std::to_string(c.operands.size() - 1),
                    op.offset);
            }
            return c;
        }
        CompareOp cmp;
        switch (op.kind) {
            case Token::Kind::kEq:
                cmp = CompareOp::kEq;
                break;
            case Token::Kind::kNe:
                cmp = CompareOp::kNe;
                break;
            case Token::Kind::kLt:
                cmp = CompareOp::kLt;
                break;
            case Token::Kind::kLe:
                cmp = CompareOp::kLe;
                break;
            case Token::Kind::kGt:
                cmp = CompareOp::kGt;
                break;
            case Token::Kind::kGe:
                cmp = CompareOp::kGe;
                break;
            default:
                if (left->kind == Operand::Kind::kSize) {
                    return fail(
                        "The function is not allowed to be used this way in an expression; "
                        "function: size",
                        t.offset);
                }
                return syntax_error();
        }
        next();
        DDBSIM_TRY(count_operator());
        auto right = operand(false);
        if (!right) return right.take_error();
        if (cmp != CompareOp::kEq && cmp != CompareOp::kNe) {
            for (const Operand* o : {&*left, &*right}) {
                if (o->kind == Operand::Kind::kConstant) {
                    const AttrType ty = o->constant.type();
                    if (ty != AttrType::kN && ty != AttrType::kS && ty != AttrType::kB) {
                        return fail(
                            "Incorrect operand type for operator or function; operator or "
                            "function: " +
                                std::string(op.text) +
                                ", operand type: " + std::string(type_descriptor(ty)),
                            op.offset);
                    }
                }
            }
        }
        c.kind = Condition::Kind::kCompare;
        c.op = cmp;
        c.operands = {std::move(*left), std::move(*right)};
        return c;
    }

    Result<Condition> function_condition() {
        const Token& fn = next();
        const std::string name(fn.text);
        DDBSIM_TRY(count_operator());
        next();  // (
        auto args = argument_list(false);
        if (!args) return args.take_error();
        Condition c;
        c.kind = Condition::Kind::kFunction;
        std::size_t arity = 2;
        if (name == "attribute_exists") {
            c.function = ConditionFunction::kAttributeExists;
            arity = 1;
        } else if (name == "attribute_not_exists") {
            c.function = ConditionFunction::kAttributeNotExists;
            arity = 1;
        } else if (name == "attribute_type") {
            c.function = ConditionFunction::kAttributeType;
        } else if (name == "begins_with") {
            c.function = ConditionFunction::kBeginsWith;
        } else {
            c.function = ConditionFunction::kContains;
        }
        if (args->size() != arity) {
            return fail(
                "Incorrect number of operands for operator or function; operator or function: " +
                    name + ", number of operands: " + std::to_string(args->size()),
                fn.offset);
        }
        if ((arity == 1 || c.function == ConditionFunction::kAttributeType) &&
            (*args)[0].kind != Operand::Kind::kPath) {
            return fail(
                "Operator or function requires a document path; operator or function: " + name,
                fn.offset);
        }
        if (c.function == ConditionFunction::kAttributeType) {
            const Operand& t = (*args)[1];
            AttrType parsed;
            if (t.kind != Operand::Kind::kConstant || !t.constant.is(AttrType::kS)) {
                return fail(
                    "Incorrect operand type for operator or function; operator or function: "
                    "attribute_type, "
                    "operand type: " +
                        std::string(t.kind == Operand::Kind::kConstant
                                        ? type_descriptor(t.constant.type())
                                        : "path"),
                    fn.offset);
            }
            if (!parse_type_descriptor(t.constant.as_string(), parsed)) {
                return fail("Invalid attribute type name found; type: " + t.constant.as_string() +
                                ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }",
                            fn.offset);
            }
        }
        if (c.function == ConditionFunction::kBeginsWith) {
            for (const Operand& o : *args) {
                if (o.kind == Operand::Kind::kConstant && !o.constant.is(AttrType::kS) &&
                    !o.constant.is(AttrType::kB)) {
                    return fail(
                        "Incorrect operand type for operator or function; operator or function: "
                        "begins_with, "
                        "operand type: " +
                            std::string(type_descriptor(o.constant.type())),
                        fn.offset);
                }
            }
        }
        c.operands = std::move(*args);
        return c;
    }

    Status check_between_bounds(const AttributeValue& low, const AttributeValue& high,
                                std::size_t offset) const {
        const bool comparable =
            low.type() == high.type() &&
            (low.is(AttrType::kN) || low.is(AttrType::kS) || low.is(AttrType::kB));
        if (!comparable) {
            return fail(
                "Incorrect operand type for operator or function; operator or function: BETWEEN, "
                "operand type: " +
                    std::string(type_descriptor(comparable ? high.type() : low.type())),
                offset);
        }
        if (compare_key_values(low, high) > 0) {
            return fail(
                "The BETWEEN operator requires upper bound to be greater than or equal to lower "
                "bound",
                offset);
        }
        return {};
    }

    Status check_overlaps(const std::vector<DocumentPath>& paths) const {
        for (std::size_t i = 0; i < paths.size(); ++i) {
            for (std::size_t j = i + 1; j < paths.size(); ++j) {
                const auto& a = paths[i];
                const auto& b = paths[j];
                const std::size_t n = std::min(a.size(), b.size());
                std::size_t k = 0;
                while (k < n && a[k] == b[k])
                    ++k;
                if (k == n) {
                    return fail(
                        "Two document paths overlap with each other; must remove or rewrite one of "
                        "these paths; "
                        "path one: [" +
                            path_to_string(a) + "], path two: [" + path_to_string(b) + "]",
                        0);
                }
                if (a[k].is_index() != b[k].is_index()) {
                    return fail(
                        "Two document paths conflict with each other; must remove or rewrite one "
                        "of these "
                        "paths; path one: [" +
                            path_to_string(a) + "], path two: [" + path_to_string(b) + "]",
                        0);
                }
            }
        }
        return {};
    }

    std::string_view text_;

    std::string_view name_;
    ExpressionContext& ctx_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int operators_ = 0;
};

}  // namespace

std::string path_to_string(const DocumentPath& path) {
    std::string out;
    for (const auto& e : path) {
        if (e.is_index()) {
            out += "[" + std::to_string(e.index) + "]";
        } else {
            if (!out.empty()) out += ".";
            out += e.name;
        }
    }
    return out;
}

std::vector<DocumentPath> UpdateExpression::targets() const {
    std::vector<DocumentPath> out;
    for (const auto& s : set)
        out.push_back(s.path);
    for (const auto& r : remove)
        out.push_back(r);
    for (const auto& a : add)
        out.push_back(a.path);
    for (const auto& d : del)
        out.push_back(d.path);
    return out;
}

Status ExpressionContext::check_all_used() const {
    auto unused = [](const auto& supplied, const std::set<std::string>& used) {
        std::string keys;
        for (const auto& [k, v] : supplied) {
            if (!used.count(k)) keys += (keys.empty() ? "" : ", ") + k;
        }
        return keys;
    };
    if (names_) {
        const std::string keys = unused(*names_, used_names_);
        if (!keys.empty()) {
            return Error::validation(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + keys +
                "}");
        }
    }
    if (values_) {
        const std::string keys = unused(*values_, used_values_);
        if (!keys.empty()) {
            return Error::validation(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {" +
                keys + "}");
        }
    }
    return {};
}

Result<Condition> parse_condition(std::string_view text, ExpressionKind kind,
                                  ExpressionContext& ctx) {
    Parser p(text, kind, ctx);
    DDBSIM_TRY(p.start());
    return p.condition_expression();
}

Result<UpdateExpression> parse_update(std::string_view text, ExpressionContext& ctx) {
    Parser p(text, ExpressionKind::kUpdate, ctx);
    DDBSIM_TRY(p.start());
    return p.update_expression();
}

Result<ProjectionExpression> parse_projection(std::string_view text, ExpressionContext& ctx) {
    Parser p(text, ExpressionKind::kProjection, ctx);
    DDBSIM_TRY(p.start());
    return p.projection_expression();
}

}  // namespace ddbsim::storage
