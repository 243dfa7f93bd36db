"""`ddbsim serve --report-dir`: the reports `ddbsim run` writes, of what clients did (boto3).

The figures are exact: the report's consumed capacity is the sum of the ConsumedCapacity the
server returned, its successful and throttled requests are the ones the client saw.

Run: /usr/bin/python3 tests/server/test_boto3_report.py --ddbsim build/release/cli/ddbsim
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from serve_harness import client, ddbsim_binary, only, run_tests, server  # noqa: E402

S = lambda v: {"S": v}  # noqa: E731


def scenario(directory, expect):
    path = os.path.join(directory, "served.json")
    with open(path, "w") as f:
        json.dump({
            "name": "served-report",
            "description": "A 5 WCU table flooded by a client that does not retry.",
            "duration": "1h",
            "table": {
                "TableName": "reported",
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "BillingMode": "PROVISIONED",
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            },
            "workload": [{"name": "w", "operation": "PutItem", "traffic": {"constant": 1},
                          "keys": {"count": 10}, "itemSize": "1KB"}],
            "expect": expect,
        }, f)
    return path


def one_attempt(url):
    import boto3
    import botocore.config
    return boto3.client("dynamodb", endpoint_url=url, config=botocore.config.Config(
        region_name="us-east-1", retries={"total_max_attempts": 1, "mode": "standard"}))


def read_report(directory):
    with open(os.path.join(directory, "report.json")) as f:
        return json.load(f)


def test_report_counts_what_clients_did():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        path = scenario(d, [{"metric": "throttledRequests", "statistic": "sum", "min": 1}])
        written, read, ok, throttled = 0.0, 0.0, 0, 0
        with server("--scenario", path, "--report-dir", out, "--time-scale", "10") as url:
            c = one_attempt(url)
            i = 0
            while throttled < 25:
                i += 1
                assert i < 20000, "no throttles after 20,000 writes"
                try:
                    r = c.put_item(TableName="reported", Item={"pk": S("k%d" % i),
                                                               "d": S("x" * 1500)},
                                   ReturnConsumedCapacity="TOTAL")
                    written += r["ConsumedCapacity"]["CapacityUnits"]
                    ok += 1
                except c.exceptions.ProvisionedThroughputExceededException:
                    throttled += 1
            for k in range(5):
                try:
                    r = c.get_item(TableName="reported", Key={"pk": S("k%d" % (k + 1))},
                                   ReturnConsumedCapacity="TOTAL")
                    read += r["ConsumedCapacity"]["CapacityUnits"]
                    ok += 1
                except c.exceptions.ProvisionedThroughputExceededException:
                    throttled += 1
            # A table a client creates is reported too, under its own name.
            c.create_table(TableName="adhoc", BillingMode="PAY_PER_REQUEST",
                           AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                           KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
            for k in range(10):
                c.put_item(TableName="adhoc", Item={"pk": S("a%d" % k)})
        for name in ("report.html", "timeseries.csv", "report.json", "summary.md", "junit.xml"):
            assert os.path.getsize(os.path.join(out, name)) > 0, name
        report = read_report(out)
        runs = {r["name"]: r for r in report["runs"]}
        assert list(runs) == ["baseline", "adhoc"], list(runs)
        base = runs["baseline"]
        m = base["metrics"]
        assert base["fidelity"] == "served"
        assert m["consumedWCU.sum"] == written, (m["consumedWCU.sum"], written)
        assert m["consumedRCU.sum"] == read, (m["consumedRCU.sum"], read)
        assert m["successfulRequests.sum"] == ok, (m["successfulRequests.sum"], ok)
        assert m["throttledRequests.sum"] == throttled, (m["throttledRequests.sum"], throttled)
        assert m["provisionedWCU.max"] == 5 and m["partitions.end"] == 1, m
        assert sum(base["throttlesByReason"].values()) >= throttled, base["throttlesByReason"]
        assert m["cost.provisioned-fixed"] > 0 and "cost.on-demand" in m, m
        assert m["latencyMs.p50"] > 0, m
        assert runs["adhoc"]["metrics"]["consumedWCU.sum"] == 10
        assert report["passed"] is True and report["expectations"][0]["run"] == "baseline"
        assert report["scenario"]["name"] == "served-report"
        html = open(os.path.join(out, "report.html")).read()
        assert "<svg" in html and "adhoc" in html


def test_a_failed_expectation_exits_1():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        path = scenario(d, [{"metric": "successfulRequests", "statistic": "sum", "max": 0}])
        with server("--scenario", path, "--report-dir", out, expect_exit=1) as url:
            client(url).put_item(TableName="reported", Item={"pk": S("one")})
        report = read_report(out)
        assert report["passed"] is False
        assert report["runs"][0]["metrics"]["successfulRequests.sum"] == 1


def test_no_tables_no_reports():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        with server("--report-dir", out) as url:
            assert client(url).list_tables()["TableNames"] == []
        assert os.listdir(out) == []


def test_a_bad_report_limit_is_refused():
    for bad in ("0s", "400d", "soon"):
        p = subprocess.run([ddbsim_binary(), "serve", "--report-dir", "/tmp/x",
                            "--report-limit", bad], capture_output=True, text=True)
        assert p.returncode == 2 and "--report-limit" in p.stderr, (bad, p.returncode, p.stderr)


if __name__ == "__main__":
    run_tests(only([test_report_counts_what_clients_did, test_a_failed_expectation_exits_1,
                    test_no_tables_no_reports, test_a_bad_report_limit_is_refused]))
