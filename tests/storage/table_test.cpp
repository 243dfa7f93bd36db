#include <catch2/catch.hpp>

#include "storage/item_size.hpp"
#include "storage/table.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using ddbsim::test::item;
using ddbsim::test::N;
using ddbsim::test::S;

namespace {

// An item of exactly `bytes` bytes: pk "p" (2+1), sk N (2+2), blob name "b" (1) + padding.
Item sized_item(const std::string& pk, int sk, std::size_t bytes) {
    Item i =
        item(R"({"pk": {"S": ")" + pk + R"("}, "sk": {"N": ")" + std::to_string(sk) + R"("}})");
    const std::size_t base = item_size(i) + 1;
    i.emplace("b", S(std::string(bytes - base, 'x')));
    REQUIRE(item_size(i) == bytes);
    return i;
}

Condition condition(const std::string& text, ExpressionContext& ctx) {
    return parse_condition(text, ExpressionKind::kCondition, ctx).value();
}

}  // namespace

TEST_CASE("PutItem bills the larger of old and new item per 1 KB", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    auto first = t.put_item({sized_item("a", 1, 3000), {}, {}});
    REQUIRE(first.result.ok());
    CHECK(first.consumed.table_write == CapacityUnits::whole(3));  // 3000 B → 3 KB
    auto smaller = t.put_item({sized_item("a", 1, 500), {}, {}});
    CHECK(smaller.consumed.table_write ==
          CapacityUnits::whole(3));  // the replaced 3000 B item decides
    CHECK(t.item_count() == 1);
    CHECK(t.total_item_bytes() == 500);
    CHECK(t.storage_bytes() == 600);
}

TEST_CASE("GetItem bills the whole item per 4 KB, a miss costs the minimum", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    REQUIRE(t.put_item({sized_item("a", 1, 8 * 1024), {}, {}}).result.ok());
    GetItemRequest get{
        item(R"({"pk": {"S": "a"}, "sk": {"N": "1"}})"), ReadConsistency::kStrong, {}};
    auto hit = t.get_item(get);
    REQUIRE(hit.result.ok());
    REQUIRE(hit.result->item.has_value());
    CHECK(hit.consumed.table_read == CapacityUnits::whole(2));
    get.consistency = ReadConsistency::kEventual;
    CHECK(t.get_item(get).consumed.table_read == CapacityUnits::whole(1));
    // Projections do not reduce consumption.
    ExpressionContext ctx;
    get.projection = parse_projection("pk", ctx).value();
    auto projected = t.get_item(get);
    CHECK(projected.result->item->size() == 1);
    CHECK(projected.consumed.table_read == CapacityUnits::whole(1));
    get.key = item(R"({"pk": {"S": "nope"}, "sk": {"N": "1"}})");
    auto miss = t.get_item(get);
    CHECK_FALSE(miss.result->item.has_value());
    CHECK(miss.consumed.table_read == CapacityUnits::from_halves(1));
}

TEST_CASE("a failed condition still consumes write capacity", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    REQUIRE(t.put_item({sized_item("a", 1, 2500), {}, {}}).result.ok());
    ExpressionContext ctx;
    auto put =
        t.put_item({sized_item("a", 1, 100), condition("attribute_not_exists(pk)", ctx), {}});
    REQUIRE_FALSE(put.result.ok());
    CHECK(put.result.error().code == ddbsim::ErrorCode::kConditionalCheckFailed);
    CHECK(put.consumed.table_write == CapacityUnits::whole(3));  // the existing 2500 B item
    CHECK(t.total_item_bytes() == 2500);                         // unchanged
    auto del = t.delete_item({item(R"({"pk": {"S": "a"}, "sk": {"N": "1"}})"),
                              condition("attribute_not_exists(pk)", ctx),
                              {}});
    CHECK(del.result.error().code == ddbsim::ErrorCode::kConditionalCheckFailed);
    CHECK(del.consumed.table_write == CapacityUnits::whole(3));
    CHECK(t.item_count() == 1);
}

TEST_CASE("DeleteItem bills the deleted item, at least 1 WCU", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    REQUIRE(t.put_item({sized_item("a", 1, 4000), {}, {}}).result.ok());
    auto del =
        t.delete_item({item(R"({"pk": {"S": "a"}, "sk": {"N": "1"}})"), {}, ReturnValues::kAllOld});
    REQUIRE(del.result.ok());
    CHECK(del.consumed.table_write == CapacityUnits::whole(4));
    CHECK(del.result->attributes->size() == 3);
    CHECK(t.item_count() == 0);
    auto again = t.delete_item({item(R"({"pk": {"S": "a"}, "sk": {"N": "1"}})"), {}, {}});
    CHECK(again.consumed.table_write == CapacityUnits::whole(1));
}

TEST_CASE("UpdateItem creates, modifies and bills the larger image", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    Item values =
        item(R"({":big": {"S": ")" + std::string(3000, 'x') + R"("}, ":one": {"N": "1"}})");
    ExpressionContext ctx(nullptr, &values);
    UpdateItemRequest u{item(R"({"pk": {"S": "a"}, "sk": {"N": "1"}})"),
                        parse_update("SET big = :big", ctx).value(),
                        {},
                        ReturnValues::kAllNew};
    auto created = t.update_item(u);
    REQUIRE(created.result.ok());
    CHECK(created.consumed.table_write == CapacityUnits::whole(3));  // 3000 + keys + name ≈ 3012 B
    CHECK(created.result->attributes->size() == 3);
    u.update = parse_update("REMOVE big SET n = :one", ctx).value();
    u.return_values = ReturnValues::kUpdatedOld;
    auto shrunk = t.update_item(u);
    REQUIRE(shrunk.result.ok());
    CHECK(shrunk.consumed.table_write == CapacityUnits::whole(3));  // old image decides
    REQUIRE(shrunk.result->attributes.has_value());
    CHECK(shrunk.result->attributes->count("big") ==
          1);  // UPDATED_OLD: big as it was; n did not exist
    CHECK(shrunk.result->attributes->count("n") == 0);
    u.update = parse_update("SET pk = :one", ctx).value();
    auto key_update = t.update_item(u);
    REQUIRE_FALSE(key_update.result.ok());
    CHECK(key_update.result.error().message.find("This attribute is part of the key") !=
          std::string::npos);
}

TEST_CASE("items over 400 KB are rejected", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    CHECK(t.put_item({sized_item("a", 1, 400 * 1024), {}, {}}).result.ok());
    auto too_big = t.put_item({sized_item("a", 2, 400 * 1024 + 1), {}, {}});
    REQUIRE_FALSE(too_big.result.ok());
    CHECK(too_big.result.error().message == "Item size has exceeded the maximum allowed size");
}

TEST_CASE("key attributes are validated", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    CHECK(t.put_item({item(R"({"pk": {"S": "a"}})"), {}, {}})
              .result.error()
              .message.find("Missing the key sk") != std::string::npos);
    CHECK(t.put_item({item(R"({"pk": {"N": "1"}, "sk": {"N": "1"}})"), {}, {}})
              .result.error()
              .message.find("Type mismatch for key pk") != std::string::npos);
    CHECK(t.put_item({item(R"({"pk": {"S": ""}, "sk": {"N": "1"}})"), {}, {}})
              .result.error()
              .message.find("cannot contain an empty string value") != std::string::npos);
    CHECK_FALSE(
        t.put_item({Item{{"pk", S(std::string(2049, 'k'))}, {"sk", N("1")}}, {}, {}}).result.ok());
    CHECK(
        t.put_item({Item{{"pk", S(std::string(2048, 'k'))}, {"sk", N("1")}}, {}, {}}).result.ok());
    CHECK(t.get_item({item(R"({"pk": {"S": "a"}})"), {}, {}}).result.error().message ==
          "The provided key element does not match the schema");
}

TEST_CASE("Query reads an item collection in sort-key order and bills the page total",
          "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    for (int sk : {10, 2, 33, 1})
        REQUIRE(t.put_item({sized_item("a", sk, 1000), {}, {}}).result.ok());
    REQUIRE(t.put_item({sized_item("b", 1, 1000), {}, {}}).result.ok());
    QueryRequest q;
    q.partition_key = S("a");
    auto r = t.query(q);
    REQUIRE(r.result.ok());
    REQUIRE(r.result->items.size() == 4);
    CHECK(r.result->items[0].at("sk") == N("1"));  // numeric, not text, order
    CHECK(r.result->items[3].at("sk") == N("33"));
    CHECK(r.consumed.table_read ==
          CapacityUnits::from_halves(1));  // 4000 B summed → 1 × 4 KB, eventual 0.5
    CHECK_FALSE(r.result->last_evaluated_key.has_value());
    q.scan_index_forward = false;
    q.limit = 2;
    r = t.query(q);
    REQUIRE(r.result->items.size() == 2);
    CHECK(r.result->items[0].at("sk") == N("33"));
    REQUIRE(r.result->last_evaluated_key.has_value());
    q.exclusive_start_key = *r.result->last_evaluated_key;
    r = t.query(q);
    CHECK(r.result->items[0].at("sk") == N("2"));
    q.partition_key = S("none");
    q.exclusive_start_key.reset();
    r = t.query(q);
    CHECK(r.result->items.empty());
    CHECK(r.consumed.table_read ==
          CapacityUnits::from_halves(1));  // an empty Query costs the minimum
}

TEST_CASE("a Query page stops at 1 MB including the item that crosses it", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    // 1100 items of 1000 B: the page holds 1049 items (1,049,000 B ≥ 1,048,576 B).
    for (int i = 0; i < 1100; ++i)
        REQUIRE(t.put_item({sized_item("p", i, 1000), {}, {}}).result.ok());
    QueryRequest q;
    q.partition_key = S("p");
    auto r = t.query(q);
    REQUIRE(r.result.ok());
    CHECK(r.result->scanned_count == 1049);
    // ceil(1,049,000 / 4096) = 257 blocks → 128.5 RCU eventual (the dbi-services measurement's
    // shape).
    CHECK(r.consumed.table_read == CapacityUnits::from_halves(257));
    REQUIRE(r.result->last_evaluated_key.has_value());
}

TEST_CASE("a GetItem that does not return the item bills the same read", "[storage][table]") {
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    REQUIRE(t.put_item({sized_item("a", 1, 9 * 1024), {}, {}}).result.ok());
    GetItemRequest full{
        item(R"({"pk": {"S": "a"}, "sk": {"N": "1"}})"), ReadConsistency::kStrong, {}};
    GetItemRequest bill_only = full;
    bill_only.return_item = false;
    const auto a = t.get_item(full);
    const auto b = t.get_item(bill_only);
    REQUIRE(a.result.ok());
    REQUIRE(b.result.ok());
    CHECK(a.result->item.has_value());
    CHECK_FALSE(b.result->item.has_value());
    CHECK(a.consumed.table_read == CapacityUnits::whole(3));  // 9 KB, strongly consistent
    CHECK(b.consumed.table_read == a.consumed.table_read);
}

TEST_CASE("a GetItem given its key's partition hash reads what one without it reads",
          "[storage][table]") {
    // The request level passes the hash it keeps for each key (GetItemRequest::partition_hash);
    // the table must then find exactly the items a lookup that hashes the key finds.
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    for (int i = 0; i < 50; ++i)
        REQUIRE(
            t.put_item({sized_item("p" + std::to_string(i % 7), i, 100 + i), {}, {}}).result.ok());
    for (int i = 0; i < 60; ++i) {  // 50 stored, 10 absent
        const std::string pk = "p" + std::to_string(i % 7);
        GetItemRequest plain{
            item(R"({"pk": {"S": ")" + pk + R"("}, "sk": {"N": ")" + std::to_string(i) + R"("}})"),
            ReadConsistency::kStrong,
            {}};
        GetItemRequest hinted = plain;
        hinted.partition_hash = partition_key_hash(S(pk));
        const auto a = t.get_item(plain);
        const auto b = t.get_item(hinted);
        REQUIRE(a.result.ok());
        REQUIRE(b.result.ok());
        CHECK(a.result->item.has_value() == (i < 50));
        CHECK(b.result->item == a.result->item);
        CHECK(b.consumed.table_read == a.consumed.table_read);
    }
}

TEST_CASE("the size a table keeps with each item follows every kind of write", "[storage][table]") {
    // Reads bill the size kept with the stored item (Table::StoredItem); after each kind of
    // write it must equal the item's size computed afresh, or reads, deletes and the next
    // writes would bill the wrong size.
    Table t(ddbsim::test::schema(ddbsim::test::kCompositeTable));
    Item values =
        item(R"({":big": {"S": ")" + std::string(5000, 'x') + R"("}, ":one": {"N": "1"}})");
    ExpressionContext ctx(nullptr, &values);
    auto key = [](int sk) {
        return item(R"({"pk": {"S": "a"}, "sk": {"N": ")" + std::to_string(sk) + R"("}})");
    };
    auto check_sizes = [&](const char* after) {
        INFO("after " << after);
        std::size_t total = 0;
        t.for_each_item([&](const Item& stored) {
            const std::size_t bytes = item_size(stored);
            total += bytes;
            const auto get =
                t.get_item({key_item(stored, t.schema().key), ReadConsistency::kStrong, {}});
            CHECK(get.consumed.table_read == read_units(bytes, ReadConsistency::kStrong));
        });
        CHECK(t.total_item_bytes() == total);
        QueryRequest q;
        q.partition_key = S("a");
        q.consistency = ReadConsistency::kStrong;
        CHECK(t.query(q).consumed.table_read == read_units(total, ReadConsistency::kStrong));
    };
    REQUIRE(t.put_item({sized_item("a", 1, 300), {}, {}}).result.ok());
    REQUIRE(t.put_item({sized_item("a", 2, 9000), {}, {}}).result.ok());
    check_sizes("two puts");
    REQUIRE(t.put_item({sized_item("a", 1, 4500), {}, {}}).result.ok());  // same shape
    Item reshaped = key(2);
    reshaped.emplace("other", S("y"));
    REQUIRE(t.put_item({reshaped, {}, {}}).result.ok());  // new shape
    check_sizes("replacing puts");
    REQUIRE(
        t.update_item({key(1), parse_update("SET big = :big", ctx).value(), {}, {}}).result.ok());
    REQUIRE(t.update_item({key(3), parse_update("SET n = :one", ctx).value(), {}, {}})
                .result.ok());  // creates
    check_sizes("updates");
    BatchWriteRequest batch;
    batch.entries.push_back({true, sized_item("a", 4, 12000)});
    batch.entries.push_back({false, key(3)});
    batch.entries.push_back({true, sized_item("a", 2, 700)});
    REQUIRE(t.batch_write_item(batch).result.ok());
    check_sizes("a batch write");
    TransactWriteRequest tx;
    tx.actions.push_back({TransactWriteAction::Kind::kUpdate, key(4), std::nullopt,
                          parse_update("REMOVE b", ctx).value()});
    tx.actions.push_back(
        {TransactWriteAction::Kind::kPut, sized_item("a", 5, 2500), std::nullopt, std::nullopt});
    REQUIRE(t.transact_write_items(tx).result.ok());
    check_sizes("a transaction");
    REQUIRE(t.delete_item({key(1), {}, {}}).result.ok());
    check_sizes("a delete");
    CHECK(t.item_count() == 3);
}

TEST_CASE("point lookups find every item when keys share their index hash", "[storage][table]") {
    // With one bit of hash every key shares it with about half the others: one item per
    // hash is indexed, the rest are found in the trees; deletes and re-puts keep both right.
    for (const int bits : {1, 64}) {
        INFO("hash bits " << bits);
        Table t(ddbsim::test::schema(ddbsim::test::kSimpleTable), Table::kItemCollectionLimitBytes,
                bits);
        auto key = [](int id) { return Item{{"id", N(std::to_string(id))}}; };
        auto with_payload = [&](int id, const std::string& v) {
            Item i = key(id);
            i.emplace("v", S(v));
            return i;
        };
        for (int id = 0; id < 40; ++id)
            REQUIRE(t.put_item({with_payload(id, "first"), {}, {}}).result.ok());
        for (int id = 0; id < 40; id += 2)
            REQUIRE(t.delete_item({key(id), {}, {}}).result.ok());
        for (int id = 1; id < 40; id += 4)
            REQUIRE(t.put_item({with_payload(id, "second"), {}, {}}).result.ok());
        CHECK(t.item_count() == 20);
        for (int id = 0; id < 44; ++id) {
            INFO("id " << id);
            auto r = t.get_item({key(id), ReadConsistency::kStrong, {}});
            REQUIRE(r.result.ok());
            if (id % 2 == 0 || id >= 40) {
                CHECK_FALSE(r.result->item.has_value());
                continue;
            }
            REQUIRE(r.result->item.has_value());
            CHECK(*r.result->item == with_payload(id, id % 4 == 1 ? "second" : "first"));
        }
        for (int id = 0; id < 40; ++id)
            REQUIRE(t.delete_item({key(id), {}, {}}).result.ok());
        CHECK(t.item_count() == 0);
        CHECK(t.total_item_bytes() == 0);
        REQUIRE(t.put_item({with_payload(7, "again"), {}, {}}).result.ok());
        CHECK(t.get_item({key(7), ReadConsistency::kStrong, {}}).result->item ==
              with_payload(7, "again"));
    }
}
