// CLI tests: run the real `ddbsim` binary, bad inputs included.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/run_process.hpp"

using ddbsim::test::run_ddbsim;
using ddbsim::test::source_path;
using ddbsim::test::temp_file;
using nlohmann::json;

namespace {

const char* kTable = R"({"TableName": "music",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
  "BillingMode": "PAY_PER_REQUEST"})";

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

}  // namespace

TEST_CASE("ddbsim without a command prints usage and exits 2", "[cli]") {
    auto r = run_ddbsim({});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("usage: ddbsim COMMAND") != std::string::npos);
    r = run_ddbsim({"frobnicate"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "ddbsim: unknown command 'frobnicate' (see ddbsim --help)\n");
}

TEST_CASE("every command has --help", "[cli]") {
    for (const char* cmd : {"size", "capacity", "exec", "sweep", "merge"}) {
        auto r = run_ddbsim({cmd, "--help"});
        INFO(cmd);
        CHECK(r.exit_code == 0);
        CHECK(r.out.rfind("usage: ddbsim ", 0) == 0);
    }
    CHECK(run_ddbsim({"--help"}).exit_code == 0);
}

TEST_CASE("size prints the item's exact size and unit costs", "[cli]") {
    // 8 KB item: name "d" (1) + 8191 bytes of string = 8192 B.
    const std::string item = R"({"d": {"S": ")" + std::string(8191, 'x') + R"("}})";
    auto r = run_ddbsim({"size", "-", "--json"}, item);
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    CHECK(j["size_bytes"] == 8192);
    CHECK(j["read_rcu"]["strong"] == 2.0);
    CHECK(j["read_rcu"]["eventual"] == 1.0);
    CHECK(j["read_rcu"]["transactional"] == 4.0);
    CHECK(j["write_wcu"]["standard"] == 8.0);
    CHECK(j["write_wcu"]["transactional"] == 16.0);
    auto text = run_ddbsim({"size", temp_file("item.json", item)});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("item size: 8192 bytes") != std::string::npos);
}

TEST_CASE("size rejects bad items with the file and JSON pointer", "[cli]") {
    const std::string path =
        temp_file("bad-item.json", R"({"a": {"N": "1"}, "b": {"L": [{"N": "x"}]}})");
    auto r = run_ddbsim({"size", path});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "ddbsim: " + path +
                       ": The parameter cannot be converted to a numeric value: x (at /b/L/0/N)\n");
    const std::string broken = temp_file("broken.json", "{\n  \"a\": {\"S\": \"x\"\n");
    r = run_ddbsim({"size", broken});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(broken + ":3:1: invalid JSON") != std::string::npos);
    r = run_ddbsim({"size", "/nonexistent/item.json"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "ddbsim: /nonexistent/item.json: cannot open file\n");
}

TEST_CASE("capacity: the course's weather app needs 10 RCU eventual, 20 strong", "[cli][course]") {
    auto r = run_ddbsim({"capacity", "--item-size", "7KB", "--reads", "10", "--json"});
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    CHECK(j["rcu"] == 10);
    CHECK(j["read_blocks_4kb"] == 2);
    CHECK(j["steps"].size() == 5);
    r = run_ddbsim(
        {"capacity", "--item-size", "7KB", "--reads", "10", "--consistency", "strong", "--json"});
    CHECK(json::parse(r.out)["rcu"] == 20);
}

TEST_CASE("capacity: 60 records of 1.5 KB per minute need 2 WCU", "[cli][course]") {
    auto r = run_ddbsim({"capacity", "--item-size", "1.5KB", "--writes", "60/min", "--json"});
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out)["wcu"] == 2);
    r = run_ddbsim(
        {"capacity", "--item-size=3KB", "--writes=1", "--write-mode=transactional", "--json"});
    CHECK(json::parse(r.out)["wcu"] == 6);
    r = run_ddbsim({"capacity", "--item-size", "1KB", "--reads", "3", "--json"});
    CHECK(json::parse(r.out)["rcu"] == 2);  // 3 × 0.5 = 1.5 RCU → provision 2
}

TEST_CASE("capacity rejects bad options with exit code 2", "[cli]") {
    auto r = run_ddbsim({"capacity", "--reads", "10"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--item-size is required") != std::string::npos);
    r = run_ddbsim({"capacity", "--item-size", "7XB"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("expected a size such as") != std::string::npos);
    r = run_ddbsim({"capacity", "--item-size", "500KB"});
    CHECK(r.err.find("400 KB item limit") != std::string::npos);
    r = run_ddbsim({"capacity", "--item-size", "1KB", "--consistency", "sometimes"});
    CHECK(r.exit_code == 2);
    r = run_ddbsim({"capacity", "--item-size", "1KB", "--bogus"});
    CHECK(r.err == "ddbsim: capacity: unknown option --bogus (see ddbsim capacity --help)\n");
}

TEST_CASE("exec prints one response line per request", "[cli]") {
    const std::string table = temp_file("table.json", kTable);
    const std::string requests =
        temp_file("requests.jsonl", R"J(// comment lines and blank lines are skipped

{"op": "PutItem", "request": {"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}, "ReturnConsumedCapacity": "TOTAL"}}
{"op": "PutItem", "request": {"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}, "ConditionExpression": "attribute_not_exists(pk)"}}
{"op": "GetItem", "request": {"TableName": "music", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}, "ReturnConsumedCapacity": "TOTAL"}}
{"op": "Scan", "request": {"TableName": "music"}}
{"op": "Query", "request": {"TableName": "music", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}}}
)J");
    auto r = run_ddbsim({"exec", requests, "--table", table, "--summary"});
    REQUIRE(r.exit_code == 0);
    auto out = lines(r.out);
    REQUIRE(out.size() == 5);
    CHECK(json::parse(out[0]) ==
          json::parse(R"({"ConsumedCapacity": {"CapacityUnits": 1.0, "TableName": "music"}})"));
    CHECK(json::parse(out[1])["__type"] ==
          "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
    CHECK(json::parse(out[2])["ConsumedCapacity"]["CapacityUnits"] == 0.5);
    CHECK(json::parse(out[3])["ScannedCount"] == 1);
    CHECK(json::parse(out[4])["Count"] == 1);
    CHECK(r.err.find("total") != std::string::npos);
}

TEST_CASE("exec checks the whole file first and writes nothing on bad input", "[cli]") {
    const std::string table = temp_file("table2.json", kTable);
    const std::string requests =
        temp_file("bad.jsonl",
                  "{\"op\": \"GetItem\", \"request\": {}}\n{\"op\": \"GetItem\", \"request\": \n");
    auto r = run_ddbsim({"exec", requests, "--table", table});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(requests + ":2:") != std::string::npos);
    const std::string no_op = temp_file("noop.jsonl", "{\"request\": {}}\n");
    r = run_ddbsim({"exec", no_op, "--table", table});
    CHECK(r.err == "ddbsim: " + no_op + ":1: expected an object with a string \"op\" (at /op)\n");
    const std::string bad_table = temp_file("badtable.json", R"({"TableName": "x"})");
    r = run_ddbsim({"exec", requests, "--table", bad_table});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(bad_table + ": 1 validation error detected: Value 'x' at 'tableName'") !=
          std::string::npos);
    r = run_ddbsim({"exec", requests});
    CHECK(r.err.find("--table CREATE_TABLE.json is required") != std::string::npos);
}

TEST_CASE("the bundled demo runs and bills the course's large-attribute lesson", "[cli][demo]") {
    auto r = run_ddbsim({"exec", source_path("scenarios/demo/album-requests.jsonl"), "--table",
                         source_path("scenarios/demo/album-table.json")});
    REQUIRE(r.exit_code == 0);
    auto out = lines(r.out);
    REQUIRE(out.size() == 13);
    // The album with 350 KB of inline art: 358,400 B of blob + attributes → 351 WCU; the
    // same album with an S3 pointer costs 1 WCU.
    CHECK(json::parse(out[0])["ConsumedCapacity"]["CapacityUnits"] == 351.0);
    CHECK(json::parse(out[1])["ConsumedCapacity"]["CapacityUnits"] == 1.0);
}

TEST_CASE("the Pinehead v2 demo: GSI query, item collection, LSI order, transaction, stream",
          "[cli][demo]") {
    auto r = run_ddbsim({"exec", source_path("scenarios/demo/pinehead-v2-requests.jsonl"),
                         "--table", source_path("scenarios/demo/pinehead-v2-table.json")});
    REQUIRE(r.exit_code == 0);
    auto out = lines(r.out);
    REQUIRE(out.size() == 15);
    // Album puts write the table and the GSI (1 + 1 WCU each).
    CHECK(json::parse(out[1])["ConsumedCapacity"]["GlobalSecondaryIndexes"]["artist_id-index"]
                             ["CapacityUnits"] == 1.0);
    // The course's query: artist 192 has two albums; the index answers with title and price only.
    auto by_artist = json::parse(out[7]);
    CHECK(by_artist["Count"] == 2);
    CHECK(by_artist["Items"][0].size() == 2);
    CHECK(by_artist["ConsumedCapacity"]["GlobalSecondaryIndexes"]["artist_id-index"]
                   ["CapacityUnits"] == 0.5);
    CHECK(json::parse(out[8])["Count"] == 4);  // album + 3 tracks in one item collection
    // Transaction: update (2 × 1 KB) + put (2 × 1 KB) = 4 WCU; the retry with its token reads
    // instead.
    CHECK(json::parse(out[10])["ConsumedCapacity"][0]["CapacityUnits"] == 4.0);
    CHECK(json::parse(out[12])["Item"]["stock"] ==
          json::parse(R"({"N": "4"})"));  // decremented once
    auto records = json::parse(out[14])["Records"];
    CHECK(records.size() == 8);  // 6 puts + the update + the order put
    CHECK(records[6]["eventName"] == "MODIFY");
}

TEST_CASE("validate reports every problem of a scenario file and exits 2", "[cli][scenario]") {
    auto ok = run_ddbsim({"validate", source_path("scenarios/month-1000-partitions.json")});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("valid scenario \"month-1000-partitions\"") != std::string::npos);
    const std::string bad = temp_file("bad-scenario.json", R"({"duration": "x", "workload": 3})");
    auto r = run_ddbsim({"validate", bad});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(
        r.err ==
        "ddbsim: " + bad +
            ": /duration: found \"x\", expected a duration such as \"30d\", \"15min\" or \"90s\"\n"
            "ddbsim: " +
            bad +
            ": /table: missing, expected an object\n"
            "ddbsim: " +
            bad +
            ": /workload: found 3, expected a non-empty array of operation streams\n"
            "ddbsim: " +
            bad + ": 3 problems\n");
}

TEST_CASE("run simulates a scenario at either fidelity and they agree", "[cli][scenario]") {
    const std::string path = source_path("scenarios/examples/hot-key.json");
    auto request = run_ddbsim({"run", path, "--json", "--no-reports"});
    auto aggregate = run_ddbsim({"run", path, "--json", "--fidelity", "aggregate", "--no-reports"});
    REQUIRE(request.exit_code == 0);
    REQUIRE(aggregate.exit_code == 0);
    auto a = json::parse(request.out)["runs"][0], b = json::parse(aggregate.out)["runs"][0];
    CHECK(a["fidelity"] == "request");
    CHECK(b["fidelity"] == "aggregate");
    CHECK(b["metrics"]["consumedWCU.sum"].get<double>() ==
          Approx(a["metrics"]["consumedWCU.sum"].get<double>()).epsilon(0.01));
    // ceil((100 + 3 × 10,000) / 3,000) = 11 partitions by the course's formula
    CHECK(a["metrics"]["partitions.max"] == 11);
    auto text = run_ddbsim({"run", path, "--no-reports"});
    CHECK(text.out.find("throttled baseline: TableWriteKeyRangeThroughputExceeded") !=
          std::string::npos);
    CHECK(run_ddbsim({"run", path, "--seed", "abc"}).exit_code == 2);
    CHECK(run_ddbsim({"run", path, "--fidelity", "exact"}).exit_code == 2);
}

TEST_CASE("exercise list prints one exercise a line, its name first", "[cli][course]") {
    auto r = run_ddbsim({"exercise", "list"});
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
        ++n;
        const auto name = line.substr(0, line.find("  "));
        CHECK(name.find(' ') == std::string::npos);
        CHECK(line.size() > name.size() + 2);
    }
    CHECK(n >= 30);
    CHECK(r.out.rfind("c01-read-capacity-units  Course #1", 0) == 0);
}

TEST_CASE("exercise run explains the arithmetic step by step", "[cli][course]") {
    auto r = run_ddbsim({"exercise", "run", "c06-weather-app"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("7,168 B item → ⌈7,168 / 4,096⌉ = 2 read units of 4 KB; eventually "
                     "consistent: × ½ = 1 RCU") != std::string::npos);
    CHECK(r.out.find("capacity needed: 10 requests/s × 1 = 10 RCU") != std::string::npos);
    CHECK(r.out.find("pass  capacityNeeded.eventual reads = 10") != std::string::npos);
    auto cost = run_ddbsim({"exercise", "run", "c15-provisioned-cost"});
    CHECK(cost.exit_code == 0);
    CHECK(cost.out.find("Provisioned write capacity: 18,000 WCU-hours × $0.00065 per WCU-hour = "
                        "$11.7000") != std::string::npos);
    CHECK(cost.out.find("total $14.04 for the run") != std::string::npos);
    auto unknown = run_ddbsim({"exercise", "run", "c99-nope"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err ==
          "ddbsim: exercise: no exercise named \"c99-nope\" (see ddbsim exercise list)\n");
    CHECK(run_ddbsim({"exercise"}).exit_code == 2);
}
