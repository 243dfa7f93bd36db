// `ddbsim size ITEM.json`: an item's size and what one read or write of it costs.
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "input_file.hpp"
#include "storage/capacity.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/item_size.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kUsage = R"(usage: ddbsim size ITEM.json [--json]

Prints the size of one DynamoDB item (DynamoDB JSON, e.g. {"id": {"N": "1"}}, or a
PutItem request with an "Item" field; "-" reads stdin) exactly as DynamoDB computes it,
and the capacity units one read or write of it consumes:
  reads:  per 4 KB, strong 1 RCU, eventual 0.5 RCU, transactional 2 RCU
  writes: per 1 KB, standard 1 WCU, transactional 2 WCU

options:
  --json    print one JSON object instead of text
)";

}  // namespace

int run_size(const std::vector<std::string>& argv) {
    using namespace storage;
    Args args(argv, {}, {"json", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (!args.error().empty())
        return bad_input("size: " + args.error() + " (see ddbsim size --help)");
    if (args.positionals().size() != 1)
        return bad_input("size: expected one ITEM.json file (see ddbsim size --help)");
    const std::string path = args.positionals()[0];
    std::string error;
    auto text = read_text(path, error);
    if (!text) return bad_input(error);
    auto doc = parse_json(*text, path, error);
    if (!doc) return bad_input(error);
    const bool wrapped = doc->is_object() && doc->contains("Item") && (*doc)["Item"].is_object() &&
                         !(*doc)["Item"].contains("S") && !(*doc)["Item"].contains("M");
    auto item = item_from_json(wrapped ? (*doc)["Item"] : *doc, wrapped ? "/Item" : "");
    if (!item) return bad_input(located(path, item.error().message, item.error().location));
    const std::size_t bytes = item_size(*item);
    const auto strong = read_units(bytes, ReadConsistency::kStrong);
    const auto eventual = read_units(bytes, ReadConsistency::kEventual);
    const auto transactional = read_units(bytes, ReadConsistency::kTransactional);
    const auto standard_write = write_units(bytes, WriteMode::kStandard);
    const auto transactional_write = write_units(bytes, WriteMode::kTransactional);
    const bool too_large = bytes > kMaxItemSizeBytes;
    if (args.has("json")) {
        nlohmann::json out = {
            {"size_bytes", bytes},
            {"storage_bytes", item_storage_bytes(*item)},
            {"within_item_limit", !too_large},
            {"read_rcu",
             {{"strong", strong.value()},
              {"eventual", eventual.value()},
              {"transactional", transactional.value()}}},
            {"write_wcu",
             {{"standard", standard_write.value()},
              {"transactional", transactional_write.value()}}},
        };
        std::cout << out.dump() << "\n";
    } else {
        std::cout << "item size: " << bytes << " bytes (" << item->size()
                  << " attributes; billed in storage as " << item_storage_bytes(*item)
                  << " bytes)\n"
                  << "one read:  " << strong.to_string() << " RCU strong, " << eventual.to_string()
                  << " RCU eventual, " << transactional.to_string() << " RCU transactional  ("
                  << billed_blocks(bytes, kReadUnitBytes) << " x 4 KB)\n"
                  << "one write: " << standard_write.to_string() << " WCU standard, "
                  << transactional_write.to_string() << " WCU transactional  ("
                  << billed_blocks(bytes, kWriteUnitBytes) << " x 1 KB)\n";
        if (too_large)
            std::cout << "warning: the item exceeds DynamoDB's 400 KB item size limit; PutItem "
                         "would fail\n";
    }
    return kExitOk;
}

}  // namespace ddbsim::cli
