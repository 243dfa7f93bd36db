// `ddbsim exec REQUESTS.jsonl --table CREATE_TABLE.json`: run DynamoDB API requests against
// an in-memory table and print DynamoDB's response (or error) for each, one per line.
#include <iostream>
#include <map>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "input_file.hpp"
#include "storage/json_api.hpp"
#include "storage/table.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kUsage =
    R"(usage: ddbsim exec REQUESTS.jsonl --table CREATE_TABLE.json [--summary]

Executes DynamoDB API requests against an in-memory table created from a CreateTable
request (the JSON of `aws dynamodb create-table --generate-cli-skeleton`). REQUESTS.jsonl
holds one request per line:
  {"op": "PutItem", "request": {"TableName": "t", "Item": {...}, "ReturnConsumedCapacity": "TOTAL"}}
Blank lines and lines starting with // are skipped. For each request one line is printed:
DynamoDB's response JSON (with ConsumedCapacity when ReturnConsumedCapacity is TOTAL or
INDEXES), or DynamoDB's error JSON {"__type": ..., "message": ...}.
Operations: PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem,
BatchWriteItem, TransactGetItems, TransactWriteItems, UpdateTable (GSI create/delete,
streams), UpdateTimeToLive, DescribeTimeToLive, DescribeStream, GetShardIterator,
GetRecords. Two ddbsim directives drive time in a request file:
  {"op": "ddbsim:SetTime", "request": {"EpochSeconds": 1700000000}}   the table's clock
  {"op": "ddbsim:SweepTtl", "request": {"DelaySeconds": 172800}}       run the TTL sweep

The whole file is checked before anything runs: a line that is not a JSON object with
"op" and "request" stops the run with exit code 2 and no output.

options:
  --table FILE   CreateTable request JSON (required)
  --summary      print the consumed capacity per operation to stderr at the end
)";

struct Request {
    std::string op;
    nlohmann::json body;
};

struct Totals {
    std::int64_t count = 0, errors = 0, stream_reads = 0;
    storage::CapacityUnits read, write;
};

}  // namespace

int run_exec(const std::vector<std::string>& argv) {
    Args args(argv, {"table"}, {"summary", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (!args.error().empty())
        return bad_input("exec: " + args.error() + " (see ddbsim exec --help)");
    if (args.positionals().size() != 1)
        return bad_input("exec: expected one REQUESTS.jsonl file (see ddbsim exec --help)");
    auto table_path = args.value("table");
    if (!table_path) return bad_input("exec: --table CREATE_TABLE.json is required");
    std::string error;
    auto table_text = read_text(*table_path, error);
    if (!table_text) return bad_input(error);
    auto table_json = parse_json(*table_text, *table_path, error);
    if (!table_json) return bad_input(error);
    auto schema = storage::TableSchema::from_create_table_json(*table_json);
    if (!schema)
        return bad_input(located(*table_path, schema.error().message, schema.error().location));

    const std::string path = args.positionals()[0];
    auto text = read_text(path, error);
    if (!text) return bad_input(error);
    std::vector<Request> requests;
    std::istringstream lines(*text);
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line.compare(first, 2, "//") == 0) continue;
        const std::string where = path + ":" + std::to_string(number);
        if (line.size() > storage::kMaxRequestBytes)
            return bad_input(where + ": the request is " + std::to_string(line.size()) +
                             " bytes; DynamoDB accepts at most " +
                             std::to_string(storage::kMaxRequestBytes) + " (16 MB)");
        auto doc = parse_json(line, where, error);
        if (!doc) return bad_input(error);
        if (!doc->is_object() || !doc->contains("op") || !(*doc)["op"].is_string()) {
            return bad_input(where + ": expected an object with a string \"op\" (at /op)");
        }
        if (!doc->contains("request") || !(*doc)["request"].is_object()) {
            return bad_input(
                where + ": expected an object \"request\" with the DynamoDB request (at /request)");
        }
        requests.push_back(Request{(*doc)["op"].get<std::string>(), std::move((*doc)["request"])});
    }

    storage::Table table(std::move(*schema));
    storage::JsonApi api(table);
    std::map<std::string, Totals> totals;
    std::ostringstream out;
    for (const auto& r : requests) {
        auto response = api.handle(r.op, r.body);
        // Replace, never throw on, bytes that are not UTF-8 (a response must always print).
        out << response.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        auto& t = totals[r.op];
        ++t.count;
        if (!response.ok) ++t.errors;
        t.read += response.consumed.read_total();
        t.write += response.consumed.write_total();
        t.stream_reads += response.consumed.stream_read_request_units;
    }
    std::cout << out.str() << std::flush;
    if (args.has("summary")) {
        Totals all;
        std::cerr << "operation            requests  errors        RCU        WCU  stream RRU\n";
        char buf[200];
        for (const auto& [op, t] : totals) {
            std::snprintf(buf, sizeof buf, "%-20s %8lld %7lld %10s %10s %11lld\n", op.c_str(),
                          static_cast<long long>(t.count), static_cast<long long>(t.errors),
                          t.read.to_string().c_str(), t.write.to_string().c_str(),
                          static_cast<long long>(t.stream_reads));
            std::cerr << buf;
            all.count += t.count;
            all.errors += t.errors;
            all.read += t.read;
            all.write += t.write;
            all.stream_reads += t.stream_reads;
        }
        std::snprintf(buf, sizeof buf, "%-20s %8lld %7lld %10s %10s %11lld\n", "total",
                      static_cast<long long>(all.count), static_cast<long long>(all.errors),
                      all.read.to_string().c_str(), all.write.to_string().c_str(),
                      static_cast<long long>(all.stream_reads));
        std::cerr << buf << "table " << table.schema().name << ": " << table.item_count()
                  << " items, " << table.total_item_bytes() << " bytes (" << table.storage_bytes()
                  << " billed for storage)\n";
    }
    return kExitOk;
}

}  // namespace ddbsim::cli
