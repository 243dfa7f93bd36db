#include "storage/capacity.hpp"

namespace ddbsim::storage {

std::string CapacityUnits::to_string() const {
    std::string s = std::to_string(halves_ / 2);
    if (halves_ % 2 != 0) s += ".5";
    return s;
}

CapacityUnits ConsumedCapacity::read_total() const {
    CapacityUnits sum = table_read;
    for (const auto& [name, use] : indexes)
        sum += use.read;
    return sum;
}

CapacityUnits ConsumedCapacity::write_total() const {
    CapacityUnits sum = table_write;
    for (const auto& [name, use] : indexes)
        sum += use.write;
    return sum;
}

ConsumedCapacity& ConsumedCapacity::operator+=(const ConsumedCapacity& other) {
    table_read += other.table_read;
    table_write += other.table_write;
    stream_read_request_units += other.stream_read_request_units;
    for (const auto& [name, use] : other.indexes) {
        auto& mine = indexes[name];
        mine.global = use.global;
        mine.read += use.read;
        mine.write += use.write;
    }
    return *this;
}

}  // namespace ddbsim::storage
