#include "storage/item_size.hpp"

namespace ddbsim::storage {

std::size_t value_size(const AttributeValue& value) {
    switch (value.type()) {
        case AttrType::kS:
            return value.as_string().size();
        case AttrType::kN:
            return value.as_number().size_bytes();
        case AttrType::kB:
            return value.as_binary().size();
        case AttrType::kBool:
        case AttrType::kNull:
            return 1;
        case AttrType::kL: {
            std::size_t size = 3;
            for (const auto& element : value.as_list())
                size += 1 + value_size(element);
            return size;
        }
        case AttrType::kM: {
            std::size_t size = 3;
            for (const auto& [name, element] : value.as_map())
                size += 1 + name.size() + value_size(element);
            return size;
        }
        case AttrType::kSS: {
            std::size_t size = 0;
            for (const auto& m : value.as_string_set())
                size += m.size();
            return size;
        }
        case AttrType::kNS: {
            std::size_t size = 0;
            for (const auto& m : value.as_number_set())
                size += m.size_bytes();
            return size;
        }
        case AttrType::kBS: {
            std::size_t size = 0;
            for (const auto& m : value.as_binary_set())
                size += m.size();
            return size;
        }
    }
    return 0;
}

std::size_t item_size(const Item& item) {
    std::size_t size = 0;
    for (const auto& [name, value] : item)
        size += attribute_size(name, value);
    return size;
}

}  // namespace ddbsim::storage
