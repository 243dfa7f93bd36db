"""Throttling, retries, auto scaling and concurrency seen through boto3 (python3-boto3).

Run: /usr/bin/python3 tests/server/test_boto3_throttling.py --ddbsim build/release/cli/ddbsim
"""
import os
import re
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from serve_harness import capture_raw_errors, client, only, run_tests, server  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": str(v)}  # noqa: E731
ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/"


def create(c, name, rcu, wcu, on_demand=False):
    args = dict(TableName=name,
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    if on_demand:
        args["BillingMode"] = "PAY_PER_REQUEST"
    else:
        args["ProvisionedThroughput"] = {"ReadCapacityUnits": rcu, "WriteCapacityUnits": wcu}
    c.create_table(**args)


def metric(url, name, **labels):
    text = urllib.request.urlopen(url + "/metrics").read().decode()
    want = ",".join('%s="%s"' % kv for kv in labels.items())
    total = 0.0
    for line in text.splitlines():
        m = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if m and m.group(1) == name and all(p in (m.group(2) or "").split(",")
                                            for p in want.split(",") if p):
            total += float(m.group(3))
    return total


def _one_attempt(url):
    """A client that never retries (standard mode, one attempt in total)."""
    import boto3
    import botocore.config
    return boto3.client("dynamodb", endpoint_url=url, config=botocore.config.Config(
        region_name="us-east-1", retries={"total_max_attempts": 1, "mode": "standard"}))


def flood_until_throttled(c, table, item_bytes=4000, limit=5000):
    """Writes distinct 4 KB items until the first throttle; returns (writes, the error)."""
    for i in range(limit):
        try:
            c.put_item(TableName=table, Item={"pk": S("k%06d" % i), "d": S("x" * item_bytes)})
        except c.exceptions.ProvisionedThroughputExceededException as e:
            return i, e
    raise AssertionError("no throttle after %d writes" % limit)


def test_flood_without_retries_gets_throttling_reasons():
    # 10× model time: the partition's 1,000 WCU-per-second hard limit refills faster than any
    # Python loop writes, so the table's own burst is what runs out (at 1× a fast client
    # meets the hard limit first, with the KeyRange reason).
    with server("--time-scale", "10") as url:
        c = _one_attempt(url)
        raw = capture_raw_errors(c)
        create(c, "flood", 5, 5)
        t0 = metric(url, "ddbsim_model_time_seconds")
        written, error = flood_until_throttled(c, "flood")
        elapsed = metric(url, "ddbsim_model_time_seconds") - t0
        # 300 s of 5 WCU banked (1,500 units) at 4 WCU a write, plus the 5 WCU/s refill over
        # the model time the flood took.
        assert 375 <= written <= 375 + 5 * elapsed / 4 + 1, (written, elapsed)
        assert error.response["Error"]["Message"].startswith(
            "The level of configured provisioned throughput for the table was exceeded")
        assert raw[-1]["ThrottlingReasons"] == [{
            "reason": "TableWriteProvisionedThroughputExceeded", "resource": ARN + "flood"}], raw
        assert error.response["ResponseMetadata"]["RetryAttempts"] == 0
        assert metric(url, "ddbsim_throttled_requests_total", table="flood") == 1
        assert metric(url, "ddbsim_throttle_events_by_reason_total", table="flood",
                      reason="TableWriteProvisionedThroughputExceeded") == 1


def test_sdk_retries_turn_throttles_into_successes():
    # 20× model time: the 5 WCU refill is 100 units per wall second.
    with server("--time-scale", "20") as url:
        bare = _one_attempt(url)
        create(bare, "retried", 5, 5)
        flooded, _ = flood_until_throttled(bare, "retried")
        before = metric(url, "ddbsim_throttled_requests_total", table="retried")
        legacy = client(url)  # botocore's default: legacy mode, 10 attempts for DynamoDB
        retries = 0
        for i in range(30):
            r = legacy.put_item(TableName="retried", Item={"pk": S("r%d" % i), "d": S("x" * 4000)})
            retries += r["ResponseMetadata"]["RetryAttempts"]
        assert retries > 0, "no write needed a retry"
        assert metric(url, "ddbsim_throttled_requests_total", table="retried") - before == retries
        standard = client(url, mode="standard")  # 3 attempts
        failures = 0
        for i in range(30):
            try:
                r = standard.put_item(TableName="retried",
                                      Item={"pk": S("s%d" % i), "d": S("x" * 4000)})
                assert r["ResponseMetadata"]["RetryAttempts"] <= 2
            except standard.exceptions.ProvisionedThroughputExceededException as e:
                assert e.response["ResponseMetadata"]["RetryAttempts"] == 2
                failures += 1
        items = legacy.describe_table(TableName="retried")["Table"]["ItemCount"]
        # Every acknowledged write is there; a throttled one changed nothing.
        assert items == flooded + 30 + (30 - failures), (items, flooded, failures)


def test_hot_key_throttles_below_table_capacity():
    # A hundredth of real time: a thousand writes take a few model milliseconds.
    with server("--time-scale", "0.01") as url:
        c = _one_attempt(url)
        raw = capture_raw_errors(c)
        create(c, "hotkey", 100, 4000)  # ceil(100/3000 + 4000/1000) = 5 partitions
        t0 = metric(url, "ddbsim_model_time_seconds")
        ok = 0
        for i in range(1200):
            try:
                c.put_item(TableName="hotkey", Item={"pk": S("the-hot-key"), "n": N(i)})
                ok += 1
            except c.exceptions.ProvisionedThroughputExceededException:
                break
        # The partition's 1,000 WCU per second, plus what it refilled in the model time the
        # writes took (a hundredth of their wall time).
        elapsed = metric(url, "ddbsim_model_time_seconds") - t0
        assert 1000 <= ok <= 1000 + 1000 * elapsed + 1, (ok, elapsed)
        assert raw[-1]["ThrottlingReasons"][0]["reason"] == "TableWriteKeyRangeThroughputExceeded"
        assert metric(url, "ddbsim_partitions", table="hotkey", index="") == 5


def test_on_demand_beyond_double_its_peak():
    with server("--time-scale", "0.01") as url:
        c = _one_attempt(url)
        create(c, "ondemand", 0, 0, on_demand=True)
        t0 = metric(url, "ddbsim_model_time_seconds")
        processed = 0
        unprocessed = 0
        for b in range(400):
            batch = [{"PutRequest": {"Item": {"pk": S("b%d-%d" % (b, i))}}} for i in range(25)]
            try:
                r = c.batch_write_item(RequestItems={"ondemand": batch})
            except c.exceptions.ProvisionedThroughputExceededException as e:
                assert "automatically scaling your table" in e.response["Error"]["Message"]
                break
            left = len(r["UnprocessedItems"].get("ondemand", []))
            processed += 25 - left
            unprocessed += left
            if left:
                break
        # A new on-demand table serves 4,000 write request units a second at once (DG
        # on-demand mode), plus what that rate refilled in the model time the batches took.
        elapsed = metric(url, "ddbsim_model_time_seconds") - t0
        assert 4000 <= processed <= 4000 + 4000 * elapsed + 25, (processed, elapsed)
        assert unprocessed > 0


def test_auto_scaling_raises_throughput_in_model_minutes():
    # 60×: a model minute per wall second.
    scenario = os.path.join(HERE, "autoscaling-table.json")
    with server("--time-scale", "60", "--scenario", scenario) as url:
        c = _one_attempt(url)
        t0 = metric(url, "ddbsim_model_time_seconds")
        assert c.describe_table(TableName="scaled")["Table"]["ProvisionedThroughput"][
            "WriteCapacityUnits"] == 10
        stop = threading.Event()

        def load():
            w = _one_attempt(url)
            i = 0
            while not stop.is_set():
                try:
                    w.put_item(TableName="scaled", Item={"pk": S("k%d" % (i % 500))})
                except w.exceptions.ProvisionedThroughputExceededException:
                    pass
                i += 1
        threads = [threading.Thread(target=load) for _ in range(2)]
        for t in threads:
            t.start()
        raised_at = None
        try:
            deadline = time.time() + 25
            while time.time() < deadline:
                wcu = c.describe_table(TableName="scaled")["Table"]["ProvisionedThroughput"][
                    "WriteCapacityUnits"]
                if wcu > 10:
                    raised_at = (metric(url, "ddbsim_model_time_seconds") - t0) / 60
                    break
                time.sleep(0.25)
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert raised_at is not None, "auto scaling never raised the throughput"
        # Two whole minutes above the target, then the 2-minute table update: the change
        # lands in model minute 4 or 5 (the first minute may be partial), with polling slack.
        assert 3.5 <= raised_at <= 6.5, raised_at
        t = c.describe_table(TableName="scaled")["Table"]["ProvisionedThroughput"]
        assert "LastIncreaseDateTime" in t


def test_concurrent_conditional_increments_are_exact():
    with server() as url:
        c = client(url)
        create(c, "counter", 1000, 1000)
        c.put_item(TableName="counter", Item={"pk": S("n"), "count": N(0)})

        def bump():
            w = client(url)
            for _ in range(50):
                w.update_item(TableName="counter", Key={"pk": S("n")},
                              UpdateExpression="SET #c = #c + :one",
                              ConditionExpression="attribute_exists(pk)",
                              ExpressionAttributeNames={"#c": "count"},
                              ExpressionAttributeValues={":one": N(1)})
        threads = [threading.Thread(target=bump) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        got = c.get_item(TableName="counter", Key={"pk": S("n")}, ConsistentRead=True)
        assert got["Item"]["count"] == N(400), got["Item"]


def test_concurrent_transactions_conflict_and_stay_exact():
    # Transactions on one item from 6 threads: those that arrive while another is in flight
    # are cancelled with TransactionConflict (DG: transaction conflict handling), the rest
    # commit, and the counter is exactly the number that committed.
    with server() as url:
        c = client(url)
        create(c, "txcount", 1000, 1000)
        c.put_item(TableName="txcount", Item={"pk": S("n"), "count": N(0)})
        committed, conflicts, other, lock = [0], [0], [], threading.Lock()

        def bump():
            w = client(url, retries=1, mode="standard")
            for _ in range(120):
                try:
                    w.transact_write_items(TransactItems=[{"Update": {
                        "TableName": "txcount", "Key": {"pk": S("n")},
                        "UpdateExpression": "SET #c = #c + :one",
                        "ExpressionAttributeNames": {"#c": "count"},
                        "ExpressionAttributeValues": {":one": N(1)}}}])
                    with lock:
                        committed[0] += 1
                except w.exceptions.TransactionCanceledException as e:
                    codes = [r["Code"] for r in e.response["CancellationReasons"]]
                    with lock:
                        if codes == ["TransactionConflict"]:
                            conflicts[0] += 1
                        else:
                            other.append(codes)
        threads = [threading.Thread(target=bump) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not other, other
        assert committed[0] + conflicts[0] == 720
        assert conflicts[0] > 0, "no conflicts among 720 concurrent transactions on one item"
        print("conflicts", conflicts[0], "of 720")
        got = c.get_item(TableName="txcount", Key={"pk": S("n")}, ConsistentRead=True)
        assert got["Item"]["count"] == N(committed[0]), (got["Item"], committed[0])
        assert metric(url, "ddbsim_transaction_conflicts_total", table="txcount") == conflicts[0]


def test_no_acknowledged_write_lost_under_throttling():
    with server() as url:
        c = client(url)
        create(c, "acked", 1000, 5)
        acked, lock = set(), threading.Lock()

        def write(worker):
            w = _one_attempt(url)
            for i in range(150):
                key = "w%d-%d" % (worker, i)
                try:
                    w.put_item(TableName="acked", Item={"pk": S(key), "d": S("x" * 3000)})
                    with lock:
                        acked.add(key)
                except w.exceptions.ProvisionedThroughputExceededException:
                    pass
        threads = [threading.Thread(target=write, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stored = set()
        for page in c.get_paginator("scan").paginate(TableName="acked", ConsistentRead=True):
            stored |= {item["pk"]["S"] for item in page["Items"]}
        assert 0 < len(acked) < 1200, len(acked)  # some were throttled
        assert stored == acked, (len(stored), len(acked))


if __name__ == "__main__":
    run_tests(only([test_flood_without_retries_gets_throttling_reasons,
                    test_sdk_retries_turn_throttles_into_successes,
                    test_hot_key_throttles_below_table_capacity,
                    test_on_demand_beyond_double_its_peak,
                    test_auto_scaling_raises_throughput_in_model_minutes,
                    test_concurrent_conditional_increments_are_exact,
                    test_concurrent_transactions_conflict_and_stay_exact,
                    test_no_acknowledged_write_lost_under_throttling]))
