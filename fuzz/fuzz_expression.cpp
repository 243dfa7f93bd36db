// libFuzzer target: every expression parser, and evaluation of what parses, on arbitrary
// text. Nothing may crash, hang or trip a sanitizer; errors must be ValidationExceptions.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/expression.hpp"
#include "storage/expression_eval.hpp"

using namespace ddbsim::storage;

namespace {

const std::map<std::string, std::string> kNames = {{"#a", "a"}, {"#b", "b"}, {"#s", "status"}};
const Item& values() {
    static const Item v = [] {
        Item i;
        i.emplace(":n", AttributeValue::number(Decimal::from_int(5)));
        i.emplace(":s", AttributeValue::string("x"));
        i.emplace(":l", AttributeValue::list({AttributeValue::boolean(true)}));
        i.emplace(":ss", AttributeValue::string_set({"x", "y"}).value());
        i.emplace(":t", AttributeValue::string("S"));
        return i;
    }();
    return v;
}
const Item& target() {
    static const Item t = [] {
        Item i;
        i.emplace("a", AttributeValue::number(Decimal::from_int(3)));
        i.emplace("b",
                  AttributeValue::list({AttributeValue::string("x"),
                                        AttributeValue::map({{"c", AttributeValue::null()}})}));
        i.emplace("status", AttributeValue::string_set({"x"}).value());
        return i;
    }();
    return t;
}

void check(const ddbsim::Error& e) {
    if (e.code != ddbsim::ErrorCode::kValidation) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    {
        ExpressionContext ctx(&kNames, &values());
        auto c = parse_condition(text, ExpressionKind::kCondition, ctx);
        if (c)
            (void)evaluate_condition(*c, target());
        else
            check(c.error());
    }
    {
        ExpressionContext ctx(&kNames, &values());
        auto u = parse_update(text, ctx);
        if (u) {
            auto r = apply_update(target(), *u);
            if (!r) check(r.error());
        } else {
            check(u.error());
        }
    }
    {
        ExpressionContext ctx(&kNames, &values());
        auto p = parse_projection(text, ctx);
        if (p)
            (void)project(target(), *p);
        else
            check(p.error());
    }
    return 0;
}
