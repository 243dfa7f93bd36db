#include <catch2/catch.hpp>

#include "storage/item_size.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using ddbsim::test::item;

TEST_CASE("an attribute counts its name's and its value's bytes", "[storage][size]") {
    CHECK(item_size(item(R"({"title": {"S": "Abbey Road"}})")) == 5 + 10);
    CHECK(item_size(item(R"({"id": {"N": "1969"}})")) == 2 + 3);  // d=4, e=3 → 1 + 2
    CHECK(item_size(item(R"({"ok": {"BOOL": true}, "n": {"NULL": true}})")) == (2 + 1) + (1 + 1));
}

TEST_CASE("strings count UTF-8 bytes, not characters", "[storage][size]") {
    // "é" is 2 bytes in UTF-8, "€" 3, "😀" 4.
    CHECK(item_size(item(R"({"s": {"S": "é€😀"}})")) == 1 + 9);
    CHECK(item_size(item(R"({"ñ": {"S": "x"}})")) == 2 + 1);
}

TEST_CASE("binary values count raw bytes, not base64 characters", "[storage][size]") {
    // "AAECAw==" decodes to 4 bytes.
    CHECK(item_size(item(R"({"b": {"B": "AAECAw=="}})")) == 1 + 4);
}

TEST_CASE("lists and maps add 3 bytes plus 1 byte per element", "[storage][size]") {
    CHECK(item_size(item(R"({"l": {"L": []}})")) == 1 + 3);
    CHECK(item_size(item(R"({"m": {"M": {}}})")) == 1 + 3);
    // L: 3 + (1 + 1 ["a"]) + (1 + 2 [N 5])
    CHECK(item_size(item(R"({"l": {"L": [{"S": "a"}, {"N": "5"}]}})")) == 1 + 3 + 2 + 3);
    // M: 3 + (1 + 3 ["key"] + 2 ["vv"])
    CHECK(item_size(item(R"({"m": {"M": {"key": {"S": "vv"}}}})")) == 1 + 3 + 6);
    // nested: outer M 3 + (1 + 5 "inner" + inner L (3 + 1 + 1)) = 14
    CHECK(item_size(item(R"({"m": {"M": {"inner": {"L": [{"BOOL": false}]}}}})")) == 1 + 14);
}

TEST_CASE("sets count the sum of their members without overhead", "[storage][size]") {
    CHECK(item_size(item(R"({"ss": {"SS": ["ab", "cde"]}})")) == 2 + 5);
    CHECK(item_size(item(R"({"ns": {"NS": ["5", "-5", "1.234"]}})")) == 2 + (2 + 3 + 4));
    CHECK(item_size(item(R"({"bs": {"BS": ["AA==", "AAE="]}})")) == 2 + (1 + 2));
}

TEST_CASE("storage is billed with 100 bytes of overhead per item", "[storage][size]") {
    const Item i = item(R"({"id": {"N": "5"}})");
    CHECK(item_size(i) == 4);
    CHECK(item_storage_bytes(i) == 104);
}
