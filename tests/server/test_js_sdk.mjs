// The AWS SDK for JavaScript v3 (@aws-sdk/client-dynamodb from npm) against `ddbsim serve`:
// items, paging, batches, a transaction, and throttling with and without the SDK's retries.
// Usage: node tests/server/test_js_sdk.mjs path/to/ddbsim
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(new URL("./js/", import.meta.url));
const ddb = require("@aws-sdk/client-dynamodb");
const { DynamoDBClient } = ddb;

const binary = process.argv[2];
// 20× model time: the 1 WCU table below refills 20 units per wall second.
const server = spawn(binary, ["serve", "--port", "0", "--quiet", "--time-scale", "20"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve, reject) => {
  let seen = "";
  server.stdout.on("data", (d) => {
    seen += d;
    const m = seen.match(/listening on (\S+)/);
    if (m) resolve(m[1]);
  });
  server.on("exit", (code) => reject(new Error(`server exited ${code}`)));
});

const credentials = { accessKeyId: "ddbsim", secretAccessKey: "ddbsim" };
const make = (options = {}) => new DynamoDBClient({ endpoint: url, region: "us-east-1", credentials, ...options });
const c = make();
const send = (client, name, input) => client.send(new ddb[`${name}Command`](input));
const S = (v) => ({ S: v });
let passed = 0;
const check = async (name, body) => {
  await body();
  passed += 1;
  console.log(`PASS ${name}`);
};

try {
  await check("tables and items", async () => {
    const created = await send(c, "CreateTable", {
      TableName: "js-test",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 },
    });
    assert.equal(created.TableDescription.TableStatus, "CREATING");
    const put = await send(c, "PutItem", { TableName: "js-test", Item: { pk: S("a"), sk: S("1"), v: { N: "7" } }, ReturnConsumedCapacity: "TOTAL" });
    assert.equal(put.ConsumedCapacity.CapacityUnits, 1);
    const got = await send(c, "GetItem", { TableName: "js-test", Key: { pk: S("a"), sk: S("1") }, ConsistentRead: true });
    assert.deepEqual(got.Item.v, { N: "7" });
    const described = await send(c, "DescribeTable", { TableName: "js-test" });
    assert.equal(described.Table.TableStatus, "ACTIVE");
    assert.equal(described.Table.ProvisionedThroughput.WriteCapacityUnits, 100);
  });

  await check("paging, batches and a transaction", async () => {
    for (let b = 0; b < 4; b++) {
      const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: S("p"), sk: S(String(b * 25 + i).padStart(3, "0")) } } }));
      const r = await send(c, "BatchWriteItem", { RequestItems: { "js-test": items } });
      assert.deepEqual(r.UnprocessedItems, {});
    }
    let key;
    const keys = [];
    do {
      const page = await send(c, "Query", { TableName: "js-test", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": S("p") }, Limit: 9, ExclusiveStartKey: key });
      keys.push(...page.Items.map((i) => i.sk.S));
      key = page.LastEvaluatedKey;
    } while (key);
    assert.equal(keys.length, 100);
    assert.deepEqual(keys, [...keys].sort());
    await send(c, "TransactWriteItems", { TransactItems: [{ Update: { TableName: "js-test", Key: { pk: S("a"), sk: S("1") }, UpdateExpression: "SET v = v + :one", ExpressionAttributeValues: { ":one": { N: "1" } } } }] });
    const got = await send(c, "TransactGetItems", { TransactItems: [{ Get: { TableName: "js-test", Key: { pk: S("a"), sk: S("1") } } }] });
    assert.deepEqual(got.Responses[0].Item.v, { N: "8" });
    await assert.rejects(send(c, "PutItem", { TableName: "js-test", Item: { pk: S("a"), sk: S("1") }, ConditionExpression: "attribute_not_exists(pk)" }), (e) => e.name === "ConditionalCheckFailedException");
  });

  await check("throttling with ThrottlingReasons, then the SDK's retries", async () => {
    await send(c, "CreateTable", {
      TableName: "js-small",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    });
    const bare = make({ maxAttempts: 1 });
    const big = "x".repeat(4000);
    let error;
    let i = 0;
    for (; i < 200 && !error; i++) {
      try {
        await send(bare, "PutItem", { TableName: "js-small", Item: { pk: S(`k${i}`), d: S(big) } });
      } catch (e) {
        error = e;
      }
    }
    assert.ok(error, "no throttle");
    assert.equal(error.name, "ProvisionedThroughputExceededException");
    assert.ok(i > 70 && i < 90, `throttled after ${i} writes; a 1 WCU table banks 300 units = 75 writes of 4 KB`);
    assert.deepEqual(error.ThrottlingReasons, [{ reason: "TableWriteProvisionedThroughputExceeded", resource: "arn:aws:dynamodb:us-east-1:000000000000:table/js-small" }]);
    assert.equal(error.$metadata.attempts, 1);
    // The DynamoDB client's defaults (standard mode, 4 attempts) turn most throttles into
    // successes after retries; a write that still fails has used all 4 attempts.
    let ok = 0;
    let retries = 0;
    for (let k = 0; k < 40; k++) {
      try {
        const r = await send(c, "PutItem", { TableName: "js-small", Item: { pk: S(`r${k}`), d: S(big) } });
        ok += 1;
        retries += r.$metadata.attempts - 1;
      } catch (e) {
        assert.equal(e.name, "ProvisionedThroughputExceededException");
        assert.equal(e.$metadata.attempts, 4);
      }
    }
    assert.ok(retries > 0, "no write needed a retry");
    assert.ok(ok >= 20, `only ${ok} of 40 writes succeeded with retries`);
    console.log(`  with retries: ${ok} of 40 succeeded after ${retries} retries`);
  });
  console.log(`js sdk: ${passed} of 3 passed`);
} finally {
  server.kill("SIGTERM");
}
const code = await new Promise((resolve) => server.on("exit", resolve));
assert.equal(code, 0, `server exited ${code}`);
