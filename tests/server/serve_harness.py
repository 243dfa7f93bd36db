"""Starts `ddbsim serve` on a free loopback port for a test and stops it (SIGTERM) after.

Used by the server tests (tests/server/test_*.py). Nothing here talks to any address but
127.0.0.1; the AWS credentials are dummies (the server checks the SigV4 header's form only).
"""
import contextlib
import os
import signal
import subprocess
import sys
import time

os.environ.setdefault("AWS_ACCESS_KEY_ID", "ddbsim")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "ddbsim")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.pop("AWS_PROFILE", None)
os.environ["AWS_CONFIG_FILE"] = "/dev/null"
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"

DDBSIM = None


def ddbsim_binary():
    global DDBSIM
    if DDBSIM is None:
        for i, arg in enumerate(sys.argv):
            if arg == "--ddbsim":
                DDBSIM = sys.argv[i + 1]
        DDBSIM = DDBSIM or os.environ.get("DDBSIM", "build/release/cli/ddbsim")
    return DDBSIM


@contextlib.contextmanager
def server(*args, expect_exit=0):
    """Yields the endpoint URL of a server started with `args` (e.g. "--time-scale", "10")."""
    proc = subprocess.Popen([ddbsim_binary(), "serve", "--port", "0", "--quiet", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "listening on " not in line:
        proc.kill()
        raise AssertionError("server did not start: %r %s" % (line, proc.stderr.read()))
    url = line.strip().split("listening on ")[1]
    try:
        yield url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("server did not stop within 30 s of SIGTERM")
        err = proc.stderr.read()
        if code != expect_exit:
            raise AssertionError("server exited %d (expected %d): %s" % (code, expect_exit, err))


def client(url, retries=None, mode="legacy", service="dynamodb"):
    import boto3
    import botocore.config
    cfg = {"region_name": "us-east-1"}
    if retries is not None:
        cfg["retries"] = {"max_attempts": retries, "mode": mode}
    elif mode != "legacy":
        cfg["retries"] = {"mode": mode}
    return boto3.client(service, endpoint_url=url, config=botocore.config.Config(**cfg))


def capture_raw_errors(c):
    """Returns a list that collects the raw JSON body of every error response `c` receives."""
    import json
    bodies = []

    def keep(response_dict=None, **_):
        if response_dict and response_dict["status_code"] >= 400:
            try:
                bodies.append(json.loads(response_dict["body"]))
            except ValueError:
                bodies.append({"raw": response_dict["body"]})
    c.meta.events.register("response-received.dynamodb.*", keep)
    return bodies


def run_tests(tests):
    """Runs each test function, prints one line per test, exits 1 if any failed."""
    failed = 0
    for test in tests:
        start = time.time()
        try:
            test()
            print("PASS %s (%.1f s)" % (test.__name__, time.time() - start), flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            failed += 1
            import traceback
            traceback.print_exc()
            print("FAIL %s: %s" % (test.__name__, e), flush=True)
    print("%d of %d passed" % (len(tests) - failed, len(tests)))
    sys.exit(1 if failed else 0)


def only(tests):
    """The tests named after --only NAME (all without it)."""
    if "--only" in sys.argv:
        names = set(sys.argv[sys.argv.index("--only") + 1].split(","))
        return [t for t in tests if t.__name__ in names]
    return tests
