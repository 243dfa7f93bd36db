"""Bad input on the wire: every one gets a clear DynamoDB-style error or a closed connection,
and the server keeps serving everyone else. Also /metrics, /healthz, --faults and --data-dir.

Run: /usr/bin/python3 tests/server/test_http_hostile.py --ddbsim build/release/cli/ddbsim
"""
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from serve_harness import client, ddbsim_binary, only, run_tests, server  # noqa: E402

AUTH = ("AWS4-HMAC-SHA256 Credential=ddbsim/20261202/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00")


def host_port(url):
    host, port = url.replace("http://", "").split(":")
    return host, int(port)


def raw_request(url, body, target="DynamoDB_20120810.ListTables", auth=AUTH, extra=b""):
    """Sends one request on a fresh connection; returns (status, headers, parsed body)."""
    headers = ["POST / HTTP/1.1", "Host: 127.0.0.1",
               "Content-Type: application/x-amz-json-1.0",
               "Content-Length: %d" % len(body), "Connection: close"]
    if target is not None:
        headers.append("X-Amz-Target: " + target)
    if auth is not None:
        headers.append("Authorization: " + auth)
    data = ("\r\n".join(headers) + "\r\n\r\n").encode() + extra + body
    with socket.create_connection(host_port(url), timeout=10) as s:
        s.sendall(data)
        reply = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
    head, _, payload = reply.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {k.lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    return status, hdrs, json.loads(payload) if payload else None


def error_type(reply):
    return reply[2]["__type"].split("#")[1]


def test_malformed_requests_get_dynamodb_errors():
    with server() as url:
        cases = [
            (b"{not json", {}, "SerializationException"),
            (b"[" * 200000 + b"]" * 200000, {}, "SerializationException"),
            (b"{}", {"target": "DynamoDB_20120810.DropDatabase"}, "UnknownOperationException"),
            (b"{}", {"target": None}, "UnknownOperationException"),
            (b"{}", {"target": "Nonsense"}, "UnknownOperationException"),
            (b"{}", {"auth": None}, "MissingAuthenticationTokenException"),
            (b"{}", {"auth": "Basic Zm9vOmJhcg=="}, "IncompleteSignatureException"),
            (b'{"TableName": 7, "Key": {}}', {"target": "DynamoDB_20120810.GetItem"},
             "ValidationException"),
            (b'{"TableName": "nope", "Key": {"k": {"S": "v"}}}',
             {"target": "DynamoDB_20120810.GetItem"}, "ResourceNotFoundException"),
            (b'{"TableName": "abc", "KeySchema": []}', {"target": "DynamoDB_20120810.CreateTable"},
             "ValidationException"),
            (b'{"Limit": "ten"}', {}, "ValidationException"),
            ("{\"TableName\": \"\xff\"}".encode("latin-1"), {"target": "DynamoDB_20120810.DescribeTable"},
             "SerializationException"),
        ]
        for body, kw, expected in cases:
            reply = raw_request(url, body, **kw)
            assert reply[0] == 400, (body[:40], reply)
            assert error_type(reply) == expected, (body[:40], reply[2], expected)
            assert "message" in reply[2]
        # The response headers the SDKs rely on.
        status, hdrs, body = raw_request(url, b"{}")
        assert status == 200 and body == {"TableNames": []}
        import zlib
        assert len(hdrs["x-amzn-requestid"]) == 52
        assert int(hdrs["x-amz-crc32"]) == zlib.crc32(b'{"TableNames":[]}')
        assert hdrs["content-type"] == "application/x-amz-json-1.0"
        # Still serving.
        assert client(url).list_tables()["TableNames"] == []


def test_oversized_slow_and_idle_connections():
    with server("--idle-timeout", "1") as url:
        # A body over 16 MB is refused from its Content-Length, before it is read.
        with socket.create_connection(host_port(url), timeout=10) as s:
            s.sendall(("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables"
                       "\r\nAuthorization: %s\r\nContent-Length: %d\r\n\r\n"
                       % (AUTH, 17 * 1024 * 1024)).encode())
            reply = s.recv(65536).decode()
            assert reply.startswith("HTTP/1.1 413"), reply[:80]
        # A slow client that never finishes its headers is closed after the idle timeout.
        with socket.create_connection(host_port(url), timeout=10) as s:
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Tar")
            start = time.time()
            assert s.recv(100) == b""
            assert time.time() - start < 5
        # Half-closed: the client sends a partial request and shuts its side.
        with socket.create_connection(host_port(url), timeout=10) as s:
            s.sendall(b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"a\":")
            s.shutdown(socket.SHUT_WR)
            s.settimeout(10)
            s.recv(100)  # closed or an error; either way not a hang
        # Garbage instead of HTTP.
        with socket.create_connection(host_port(url), timeout=10) as s:
            s.sendall(b"\x00\x01\x02 this is not http\r\n\r\n")
            assert s.recv(100).startswith(b"HTTP/1.1 400")
        assert client(url).list_tables()["TableNames"] == []


def test_ten_thousand_idle_connections():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    # Each connection costs a descriptor here and one in the server; the server's default
    # limit is 10,000 connections, and the SDK client needs one more.
    n = min(9990, hard - 200)
    with server() as url:
        socks = []
        try:
            for _ in range(n):
                socks.append(socket.create_connection(host_port(url), timeout=10))
            # While they idle, a real client is served.
            c = client(url)
            assert c.list_tables()["TableNames"] == []
            assert urllib.request.urlopen(url + "/healthz").read() == b"ok\n"
        finally:
            for s in socks:
                s.close()
        assert client(url).list_tables()["TableNames"] == []
    print("  %d idle connections held" % n)
    # Over --max-connections, a connection is accepted and closed at once; the others stay.
    with server("--max-connections", "50") as url:
        socks = [socket.create_connection(host_port(url), timeout=10) for _ in range(50)]
        extra = socket.create_connection(host_port(url), timeout=10)
        assert extra.recv(100) == b""
        extra.close()
        for s in socks:
            s.close()
        time.sleep(0.2)
        assert client(url).list_tables()["TableNames"] == []


def test_metrics_and_health():
    with server() as url:
        c = client(url)
        c.create_table(TableName="watched", BillingMode="PAY_PER_REQUEST",
                       AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                       KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
        c.put_item(TableName="watched", Item={"k": {"S": "a"}})
        try:
            c.put_item(TableName="watched", Item={"k": {"S": "a"}},
                       ConditionExpression="attribute_not_exists(k)")
        except c.exceptions.ConditionalCheckFailedException:
            pass
        text = urllib.request.urlopen(url + "/metrics").read().decode()
        for line in ['ddbsim_consumed_write_capacity_units_total{table="watched",index=""} 2',
                     'ddbsim_conditional_check_failed_requests_total{table="watched"} 1',
                     'ddbsim_user_errors_total{table="watched"} 1',
                     'ddbsim_item_count{table="watched"} 1',
                     'ddbsim_requests_total{table="watched",operation="PutItem"} 2',
                     '# TYPE ddbsim_successful_request_latency_seconds summary']:
            assert line in text, line
        assert urllib.request.urlopen(url + "/healthz").read() == b"ok\n"


def test_faults_are_injected_and_counted():
    with server("--faults", "rate=1,operation=PutItem") as url:
        c = client(url, retries=2, mode="standard")
        c.create_table(TableName="faulty", BillingMode="PAY_PER_REQUEST",
                       AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                       KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
        try:
            c.put_item(TableName="faulty", Item={"k": {"S": "a"}})
            raise AssertionError("an injected fault did not fail the request")
        except c.exceptions.InternalServerError as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 500
            # botocore's max_attempts counts retries: two, both refused too.
            assert e.response["ResponseMetadata"]["RetryAttempts"] == 2
        assert "Item" not in c.get_item(TableName="faulty", Key={"k": {"S": "a"}})
        text = urllib.request.urlopen(url + "/metrics").read().decode()
        assert 'ddbsim_system_errors_total{table="faulty"} 3' in text
    bad = subprocess.run([ddbsim_binary(), "serve", "--faults", "rate=2"], capture_output=True,
                         text=True, timeout=10)
    assert bad.returncode == 2 and "--faults rule 1 rate" in bad.stderr, bad.stderr


def test_data_dir_survives_a_restart():
    with tempfile.TemporaryDirectory() as d:
        with server("--data-dir", d) as url:
            c = client(url)
            c.create_table(TableName="kept", AttributeDefinitions=[
                {"AttributeName": "k", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 8})
            for i in range(100):
                c.put_item(TableName="kept", Item={"k": {"S": "i%d" % i}, "n": {"N": str(i)}})
            c.update_time_to_live(TableName="kept", TimeToLiveSpecification={
                "Enabled": True, "AttributeName": "exp"})
        snapshot = json.load(open(os.path.join(d, "snapshot.json")))
        assert snapshot["Format"] == "ddbsim-serve-snapshot"
        assert not os.path.exists(os.path.join(d, "snapshot.json.tmp"))
        with server("--data-dir", d) as url:
            c = client(url)
            t = c.describe_table(TableName="kept")["Table"]
            assert t["ItemCount"] == 100
            assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 8
            assert c.get_item(TableName="kept", Key={"k": {"S": "i42"}})["Item"]["n"] == {"N": "42"}
            assert c.describe_time_to_live(TableName="kept")["TimeToLiveDescription"][
                "AttributeName"] == "exp"
        # A torn snapshot (a crash of something else writing it) is refused, not half-read.
        with open(os.path.join(d, "snapshot.json"), "w") as f:
            f.write('{"Format": "ddbsim-serve-snapshot", "Tables": [')
        bad = subprocess.run([ddbsim_binary(), "serve", "--port", "0", "--data-dir", d],
                             capture_output=True, text=True, timeout=10)
        assert bad.returncode == 2 and "snapshot.json" in bad.stderr, bad.stderr


def test_sigint_finishes_and_exits_zero():
    proc = subprocess.Popen([ddbsim_binary(), "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip().split("listening on ")[1]
    client(url).list_tables()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 0
    assert "SIGINT" in proc.stderr.read()


if __name__ == "__main__":
    run_tests(only([test_malformed_requests_get_dynamodb_errors,
                    test_oversized_slow_and_idle_connections,
                    test_ten_thousand_idle_connections,
                    test_metrics_and_health,
                    test_faults_are_injected_and_counted,
                    test_data_dir_survives_a_restart,
                    test_sigint_finishes_and_exits_zero]))
