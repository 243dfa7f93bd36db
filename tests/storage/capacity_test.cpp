#include <catch2/catch.hpp>

#include "storage/capacity.hpp"

using namespace ddbsim::storage;

constexpr std::size_t KB = 1024;

TEST_CASE("an 8 KB item costs 2 / 1 / 4 RCU strong / eventual / transactional",
          "[storage][capacity][course]") {
    // course #2: 8 KB = 2 × 4 KB blocks; strong 1 per block, eventual half, transactional double.
    CHECK(read_units(8 * KB, ReadConsistency::kStrong) == CapacityUnits::whole(2));
    CHECK(read_units(8 * KB, ReadConsistency::kEventual) == CapacityUnits::whole(1));
    CHECK(read_units(8 * KB, ReadConsistency::kTransactional) == CapacityUnits::whole(4));
}

TEST_CASE("a 3 KB item costs 3 / 6 WCU standard / transactional", "[storage][capacity][course]") {
    CHECK(write_units(3 * KB, WriteMode::kStandard) == CapacityUnits::whole(3));
    CHECK(write_units(3 * KB, WriteMode::kTransactional) == CapacityUnits::whole(6));
}

TEST_CASE("60 records of 1.5 KB per minute need 2 WCU", "[storage][capacity][course]") {
    // course #5: 60/min = 1 write/s; 1.5 KB rounds up to 2 KB = 2 WCU per write.
    const auto per_write = write_units(1536, WriteMode::kStandard);
    CHECK(per_write == CapacityUnits::whole(2));
    CHECK(per_write * 60 == CapacityUnits::whole(120));  // per minute; / 60 s = 2 WCU
}

TEST_CASE("7 KB at 10 reads/s is 10 RCU eventual and 20 strong", "[storage][capacity][course]") {
    // course #6: 7 KB rounds up to 8 KB = 2 blocks; strong 2 RCU/read, eventual 1.
    CHECK(read_units(7 * KB, ReadConsistency::kEventual) * 10 == CapacityUnits::whole(10));
    CHECK(read_units(7 * KB, ReadConsistency::kStrong) * 10 == CapacityUnits::whole(20));
}

TEST_CASE("reads round up to 4 KB and writes to 1 KB, with a minimum of one unit",
          "[storage][capacity]") {
    CHECK(read_units(0, ReadConsistency::kEventual) ==
          CapacityUnits::from_halves(1));  // a miss still costs 0.5
    CHECK(read_units(0, ReadConsistency::kStrong) == CapacityUnits::whole(1));
    CHECK(read_units(4 * KB, ReadConsistency::kStrong) == CapacityUnits::whole(1));
    CHECK(read_units(4 * KB + 1, ReadConsistency::kStrong) == CapacityUnits::whole(2));
    CHECK(write_units(1, WriteMode::kStandard) == CapacityUnits::whole(1));
    CHECK(write_units(KB, WriteMode::kStandard) == CapacityUnits::whole(1));
    CHECK(write_units(KB + 1, WriteMode::kStandard) == CapacityUnits::whole(2));
    CHECK(write_units(400 * KB, WriteMode::kStandard) == CapacityUnits::whole(400));
}

TEST_CASE("batched items are rounded separately: 1.5 KB + 6.5 KB reads as 12 KB",
          "[storage][capacity]") {
    // docs/dynamodb-model.md BatchGetItem: 1.5 KB → 4 KB, 6.5 KB → 8 KB; 3 strong RCU, not 2.
    const auto separate =
        read_units(1536, ReadConsistency::kStrong) + read_units(6656, ReadConsistency::kStrong);
    CHECK(separate == CapacityUnits::whole(3));
    CHECK(read_units(1536 + 6656, ReadConsistency::kStrong) == CapacityUnits::whole(2));
}

TEST_CASE("writes are billed on the larger of the item before and after", "[storage][capacity]") {
    CHECK(write_billing_bytes(3000, 500) == 3000);
    CHECK(write_billing_bytes(500, 3000) == 3000);
    CHECK(write_billing_bytes(0, 0) == 0);
}

TEST_CASE("capacity units print exactly", "[storage][capacity]") {
    CHECK(CapacityUnits::from_halves(1).to_string() == "0.5");
    CHECK(CapacityUnits::from_halves(257).to_string() == "128.5");
    CHECK(CapacityUnits::whole(3).to_string() == "3");
}

TEST_CASE("consumed capacity sums table and index parts", "[storage][capacity]") {
    ConsumedCapacity a;
    a.table_write = CapacityUnits::whole(2);
    a.indexes["gsi"] = {true, {}, CapacityUnits::whole(1)};
    ConsumedCapacity b;
    b.table_read = CapacityUnits::from_halves(1);
    b.indexes["gsi"] = {true, {}, CapacityUnits::whole(2)};
    a += b;
    CHECK(a.write_total() == CapacityUnits::whole(5));
    CHECK(a.read_total() == CapacityUnits::from_halves(1));
    CHECK(a.total() == CapacityUnits::from_halves(11));
}
