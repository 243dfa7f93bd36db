#include <catch2/catch.hpp>

#include "storage/expression.hpp"
#include "storage/expression_eval.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using ddbsim::test::item;

namespace {

struct Fixture {
    std::map<std::string, std::string> names{{"#s", "status"}, {"#y", "year"}};
    Item values =
        item(R"({":one": {"N": "1"}, ":five": {"N": "5"}, ":ten": {"N": "10"}, ":a": {"S": "a"},
        ":ab": {"S": "ab"}, ":t": {"S": "S"}, ":list": {"L": [{"N": "9"}]}, ":set": {"SS": ["x", "y"]},
        ":x": {"S": "x"}, ":bool": {"BOOL": true}})");
    ExpressionContext ctx{&names, &values};

    bool eval(const std::string& text, const Item& target) {
        auto c = parse_condition(text, ExpressionKind::kCondition, ctx);
        INFO(text);
        REQUIRE(c.ok());
        return evaluate_condition(*c, target);
    }
    ddbsim::Error condition_error(const std::string& text) {
        auto c = parse_condition(text, ExpressionKind::kCondition, ctx);
        INFO(text);
        REQUIRE_FALSE(c.ok());
        CHECK(c.error().code == ddbsim::ErrorCode::kValidation);
        return c.error();
    }
    Item update(const std::string& text, const Item& original) {
        auto u = parse_update(text, ctx);
        INFO(text);
        REQUIRE(u.ok());
        auto r = apply_update(original, *u);
        REQUIRE(r.ok());
        return *r;
    }
};

const Item kAlbum = item(
    R"({"id": {"N": "7"}, "title": {"S": "abbey"}, "status": {"S": "live"}, "year": {"N": "1969"},
    "tags": {"SS": ["rock", "pop"]}, "tracks": {"L": [{"S": "one"}, {"S": "two"}, {"S": "three"}]},
    "info": {"M": {"label": {"S": "Apple"}, "ratings": {"L": [{"N": "5"}, {"N": "4"}]}}}})");

}  // namespace

TEST_CASE("comparators follow DynamoDB's typing rules", "[storage][expression]") {
    Fixture f;
    CHECK(f.eval("id = :ten", item(R"({"id": {"N": "10"}})")));
    CHECK(f.eval("id <> :ten", item(R"({"id": {"N": "9"}})")));
    CHECK(f.eval("id < :ten", item(R"({"id": {"N": "9.99"}})")));
    CHECK_FALSE(f.eval("id < :ten", item(R"({"id": {"S": "9"}})")));  // different types never order
    CHECK(f.eval("id <> :ten", item(R"({"id": {"S": "10"}})")));      // and are never equal
    CHECK_FALSE(f.eval("nothere = :ten", item("{}")));
    CHECK_FALSE(
        f.eval("nothere <> :ten", item("{}")));  // a missing operand makes any comparison false
    CHECK(f.eval("title >= :a", kAlbum));
    CHECK(f.eval("#y BETWEEN :five AND :ten", item(R"({"year": {"N": "5"}})")));
    CHECK_FALSE(f.eval("#y BETWEEN :five AND :ten", item(R"({"year": {"N": "10.5"}})")));
    CHECK(f.eval("id IN (:one, :five, :ten)", item(R"({"id": {"N": "5"}})")));
    CHECK_FALSE(f.eval("id IN (:one, :ten)", item(R"({"id": {"N": "5"}})")));
}

TEST_CASE("functions", "[storage][expression]") {
    Fixture f;
    CHECK(f.eval("attribute_exists(info.label)", kAlbum));
    CHECK(f.eval("attribute_not_exists(info.nothere)", kAlbum));
    CHECK(f.eval("attribute_exists(tracks[2])", kAlbum));
    CHECK_FALSE(f.eval("attribute_exists(tracks[3])", kAlbum));
    CHECK(f.eval("attribute_type(title, :t)", kAlbum));
    CHECK(f.eval("begins_with(title, :ab)", kAlbum));
    CHECK(f.eval("contains(title, :a)", kAlbum));
    CHECK_FALSE(f.eval("contains(tags, :x)", kAlbum));
    CHECK(f.eval("contains(info.ratings, :five)", kAlbum));
    CHECK(
        f.eval("size(tracks) = :five",
               item(R"({"tracks": {"L": [{"N":"1"},{"N":"1"},{"N":"1"},{"N":"1"},{"N":"1"}]}})")));
    CHECK(f.eval("size(title) = :five", kAlbum));  // "abbey" is 5 bytes
    CHECK(f.eval("size(info) < :five", kAlbum));
}

TEST_CASE("precedence: NOT binds tighter than AND, AND tighter than OR", "[storage][expression]") {
    Fixture f;
    const Item i = item(R"({"a": {"N": "1"}})");
    // true OR (false AND false) = true; with OR first it would be false.
    CHECK(f.eval("a = :one OR a = :five AND a = :ten", i));
    CHECK_FALSE(f.eval("(a = :one OR a = :five) AND a = :ten", i));
    // NOT false AND true = true
    CHECK(f.eval("NOT a = :five AND a = :one", i));
    CHECK_FALSE(f.eval("NOT (a = :one AND a = :one)", i));
    CHECK(f.eval("not a = :five and a = :one", i));  // keywords are case-insensitive
}

TEST_CASE("update actions", "[storage][expression]") {
    Fixture f;
    Item r = f.update(
        "SET #y = #y + :one, title = :a REMOVE tracks[0], tracks[2] ADD tags :set, hits :five",
        kAlbum);
    CHECK(r.at("year") == ddbsim::test::N("1970"));
    CHECK(r.at("title") == ddbsim::test::S("a"));
    REQUIRE(r.at("tracks").as_list().size() == 1);
    CHECK(r.at("tracks").as_list()[0] == ddbsim::test::S("two"));
    CHECK(r.at("hits") == ddbsim::test::N("5"));
    CHECK(r.at("tags").as_string_set() == std::vector<std::string>{"pop", "rock", "x", "y"});
}

TEST_CASE("SET values come from the item before the update", "[storage][expression]") {
    Fixture f;
    Item r = f.update("SET a = b, b = a", item(R"({"a": {"N": "1"}, "b": {"N": "2"}})"));
    CHECK(r.at("a") == ddbsim::test::N("2"));
    CHECK(r.at("b") == ddbsim::test::N("1"));
}

TEST_CASE("atomic counters, if_not_exists and list_append", "[storage][expression]") {
    Fixture f;
    Item r = f.update("SET hits = if_not_exists(hits, :one)", item("{}"));
    CHECK(r.at("hits") == ddbsim::test::N("1"));
    r = f.update("ADD hits :five", r);
    CHECK(r.at("hits") == ddbsim::test::N("6"));
    r = f.update("SET hits = hits - :ten", r);
    CHECK(r.at("hits") == ddbsim::test::N("-4"));
    r = f.update("SET l = list_append(if_not_exists(l, :list), :list)", item("{}"));
    CHECK(r.at("l").as_list().size() == 2);
    r = f.update("SET info.label = :a, tracks[10] = :x", kAlbum);
    CHECK(r.at("info").as_map().at("label") == ddbsim::test::S("a"));
    CHECK(r.at("tracks").as_list().size() == 4);  // an index past the end appends
    CHECK(r.at("tracks").as_list()[3] == ddbsim::test::S("x"));
}

TEST_CASE("DELETE removes set members and the attribute when empty", "[storage][expression]") {
    Fixture f;
    Item r = f.update("DELETE s :set", item(R"({"s": {"SS": ["x", "y", "z"]}})"));
    CHECK(r.at("s").as_string_set() == std::vector<std::string>{"z"});
    r = f.update("DELETE s :set", item(R"({"s": {"SS": ["x", "y"]}})"));
    CHECK(r.count("s") == 0);
}

TEST_CASE("update errors as DynamoDB reports them", "[storage][expression]") {
    Fixture f;
    auto run = [&](const std::string& text, const Item& original) {
        auto u = parse_update(text, f.ctx);
        REQUIRE(u.ok());
        return apply_update(original, *u);
    };
    CHECK(run("SET a = nothere + :one", item("{}")).error().message ==
          "The provided expression refers to an attribute that does not exist in the item");
    CHECK(run("SET a = a + :one", item(R"({"a": {"S": "x"}})")).error().message ==
          "An operand in the update expression has an incorrect data type");
    CHECK(run("SET nope.child = :one", item("{}")).error().message ==
          "The document path provided in the update expression is invalid for update");
    CHECK_FALSE(run("ADD s :one", item(R"({"s": {"SS": ["x"]}})")).ok());
    CHECK_FALSE(run("SET l = list_append(:one, :list)", item("{}")).ok());
}

TEST_CASE("projections build nested results and compact lists", "[storage][expression]") {
    Fixture f;
    auto p = parse_projection("title, info.label, tracks[2], tracks[0], nothere", f.ctx);
    REQUIRE(p.ok());
    Item r = project(kAlbum, *p);
    CHECK(r.size() == 3);
    CHECK(r.at("info").as_map().size() == 1);
    REQUIRE(r.at("tracks").as_list().size() == 2);
    CHECK(r.at("tracks").as_list()[0] == ddbsim::test::S("one"));
    CHECK(r.at("tracks").as_list()[1] == ddbsim::test::S("three"));
}

TEST_CASE("unused placeholders are rejected", "[storage][expression]") {
    std::map<std::string, std::string> names{{"#a", "a"}, {"#unused", "b"}};
    Item values = item(R"({":v": {"N": "1"}, ":w": {"N": "2"}})");
    ExpressionContext ctx(&names, &values);
    REQUIRE(parse_condition("#a = :v", ExpressionKind::kCondition, ctx).ok());
    auto s = ctx.check_all_used();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message ==
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
}

TEST_CASE("malformed expressions fail with a clear ValidationException and never crash",
          "[storage][expression]") {
    Fixture f;
    CHECK(f.condition_error("status = :one").message ==
          "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
          "status");
    CHECK(f.condition_error("a = :nope").message ==
          "Invalid ConditionExpression: An expression attribute value used in expression is not "
          "defined; attribute value: :nope");
    CHECK(f.condition_error("#nope = :one").message.find("attribute name: #nope") !=
          std::string::npos);
    auto e = f.condition_error("a = = :one");
    CHECK(e.message ==
          "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :one\"");
    CHECK(e.location == "offset 4");
    CHECK(f.condition_error("").message.find("can not be empty") != std::string::npos);
    CHECK(f.condition_error("a = :one AND").message.find("token: \"<EOF>\"") != std::string::npos);
    CHECK(f.condition_error("a @ :one")
              .message.find("Invalid character encountered; character: \"@\"") !=
          std::string::npos);
    CHECK(f.condition_error("bogus(a)").message.find("Invalid function name; function: bogus") !=
          std::string::npos);
    CHECK(f.condition_error("attribute_exists(a, b)").message.find("number of operands: 2") !=
          std::string::npos);
    CHECK(f.condition_error("attribute_exists(:one)").message.find("requires a document path") !=
          std::string::npos);
    CHECK(f.condition_error("size(a)").message.find("not allowed to be used this way") !=
          std::string::npos);
    CHECK(f.condition_error("a < :bool").message.find("operand type: BOOL") != std::string::npos);
    CHECK(f.condition_error("a BETWEEN :ten AND :one").message.find("upper bound") !=
          std::string::npos);
    CHECK(f.condition_error(std::string(5000, 'a')).message.find("Expression size has exceeded") !=
          std::string::npos);

    // A corpus of broken inputs: every one must fail cleanly.
    const char* broken[] = {
        "(",
        ")",
        "((a = :one)",
        "(a = :one))",
        "a",
        "a =",
        "= :one",
        "a = :one OR",
        "OR a = :one",
        "NOT",
        "NOT NOT",
        "a BETWEEN :one",
        "a BETWEEN :one :ten",
        "a BETWEEN AND :one",
        "a IN ()",
        "a IN (:one",
        "a IN :one",
        "a IN (:one,)",
        "a.b. = :one",
        "a[ = :one",
        "a[x] = :one",
        "a[1 = :one",
        "a] = :one",
        "a..b = :one",
        ".a = :one",
        "#",
        ":",
        "# = :one",
        "a = :",
        "attribute_exists",
        "attribute_exists(",
        "attribute_exists()",
        "begins_with(a)",
        "contains(a, b, c)",
        "attribute_type(a, :one)",
        "attribute_type(a, :a)",
        "a = :one AND AND a = :one",
        "a = :one a = :one",
        "a == :one",
        "a => :one",
        "a =< :one",
        "a <> ",
        "size(a) = ",
        "size() = :one",
        "size(a, b) = :one",
        "if_not_exists(a, :one) = :one",
        "list_append(a, b) = :one",
        "a = :one;",
        "a = 'x'",
        "a = \"x\"",
        "a = 1",
        "1 = :one",
        "a[99999999999] = :one",
        "a = :one )",
        "NOT (a)",
        "(a) = :one",
        "a + :one = :ten",
        "a = :one + :one",
        "a - :one = :ten",
        "SET a = :one",
        "a = :one OR OR",
        "a IN (:one :ten)",
        "a = :one, b = :one",
        "a.#nope = :one",
        "a.:one = :one",
        "a[-1] = :one",
        "a[1.5] = :one",
        "begins_with(a, :bool)",
        "a BETWEEN :a AND :ten",
        "a = :one AND (",
        "AND",
        "OR",
        "BETWEEN",
        "IN",
        "a IN",
        "a NOT = :one",
        "\t\n",
        "a\x01 = :one",
        "é = :one",
        "a = :one\x7f",
    };
    for (const char* text : broken)
        f.condition_error(text);

    const char* broken_updates[] = {
        "",
        "SET",
        "SET a",
        "SET a =",
        "SET = :one",
        "REMOVE",
        "ADD a",
        "ADD a :list",
        "DELETE a :one",
        "SET a = :one SET b = :one",
        "SET a = :one, a = :ten",
        "SET a = :one REMOVE a",
        "SET a.b = :one REMOVE a",
        "SET a[0] = :one, a.b = :one",
        "SET a = b + c + d",
        "SET a = size(b)",
        "SET a = if_not_exists(:one, :one)",
        "SET a = if_not_exists(a)",
        "SET a = list_append(a)",
        "UPDATE a = :one",
        "SET a = :one,",
        "REMOVE a,",
        "ADD a :one,",
        "SET a + :one",
        "SET a = (:one)",
        "SET status = :one",
        "REMOVE #nope",
        "SET a = :nope",
        "SET a = :one DELETE",
        "set",
    };
    for (const char* text : broken_updates) {
        INFO(text);
        auto u = parse_update(text, f.ctx);
        CHECK_FALSE(u.ok());
    }
    const char* broken_projections[] = {"",       ",",         "a,",    ",a",   "a b",   "a, a",
                                        "a.b, a", "a[0], a.b", "a = b", ":one", "status"};
    for (const char* text : broken_projections) {
        INFO(text);
        CHECK_FALSE(parse_projection(text, f.ctx).ok());
    }
}
