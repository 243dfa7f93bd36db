"""boto3 (Debian's python3-boto3) against `ddbsim serve`: a tour of every operation.

Run: /usr/bin/python3 tests/server/test_boto3_tour.py --ddbsim build/release/cli/ddbsim
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from serve_harness import client, only, run_tests, server  # noqa: E402

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": str(v)}  # noqa: E731


def create_music(c, name="music", stream=True):
    args = dict(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "artist", "AttributeType": "S"},
                              {"AttributeName": "song", "AttributeType": "S"},
                              {"AttributeName": "year", "AttributeType": "N"},
                              {"AttributeName": "genre", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"},
                   {"AttributeName": "song", "KeyType": "RANGE"}],
        LocalSecondaryIndexes=[{"IndexName": "by-year",
                                "KeySchema": [{"AttributeName": "artist", "KeyType": "HASH"},
                                              {"AttributeName": "year", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}],
        GlobalSecondaryIndexes=[{"IndexName": "by-genre",
                                 "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"},
                                 "ProvisionedThroughput": {"ReadCapacityUnits": 50,
                                                           "WriteCapacityUnits": 50}}],
        ProvisionedThroughput={"ReadCapacityUnits": 100, "WriteCapacityUnits": 100},
        Tags=[{"Key": "team", "Value": "records"}])
    if stream:
        args["StreamSpecification"] = {"StreamEnabled": True,
                                       "StreamViewType": "NEW_AND_OLD_IMAGES"}
    return c.create_table(**args)


def test_control_plane():
    with server() as url:
        c = client(url)
        created = create_music(c)["TableDescription"]
        assert created["TableStatus"] == "CREATING"
        c.get_waiter("table_exists").wait(TableName="music",
                                          WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        t = c.describe_table(TableName="music")["Table"]
        assert t["TableStatus"] == "ACTIVE"
        assert t["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/music"
        assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 100
        assert t["GlobalSecondaryIndexes"][0]["IndexName"] == "by-genre"
        assert t["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
        assert t["LocalSecondaryIndexes"][0]["IndexName"] == "by-year"
        assert t["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
        for i in range(5):
            c.create_table(TableName="extra-%d" % i,
                           AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                           KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                           BillingMode="PAY_PER_REQUEST")
        names = []
        for page in c.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2}):
            names += page["TableNames"]
        assert names == ["extra-%d" % i for i in range(5)] + ["music"], names
        try:
            create_music(c)
            raise AssertionError("a second CreateTable of the same name succeeded")
        except c.exceptions.ResourceInUseException:
            pass
        u = c.update_table(TableName="music",
                           ProvisionedThroughput={"ReadCapacityUnits": 200,
                                                  "WriteCapacityUnits": 100})
        assert u["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 200
        t = c.describe_table(TableName="music")["Table"]
        assert "LastIncreaseDateTime" in t["ProvisionedThroughput"]
        c.update_table(TableName="music", GlobalSecondaryIndexUpdates=[{"Update": {
            "IndexName": "by-genre",
            "ProvisionedThroughput": {"ReadCapacityUnits": 60, "WriteCapacityUnits": 60}}}])
        t = c.describe_table(TableName="music")["Table"]
        assert t["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["WriteCapacityUnits"] == 60
        c.update_table(TableName="extra-0", BillingMode="PROVISIONED",
                       ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 3})
        assert c.describe_table(TableName="extra-0")["Table"]["BillingModeSummary"][
            "BillingMode"] == "PROVISIONED"
        limits = c.describe_limits()
        assert limits["TableMaxWriteCapacityUnits"] == 40000
        arn = t["TableArn"]
        assert c.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "team",
                                                                      "Value": "records"}]
        c.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}])
        c.untag_resource(ResourceArn=arn, TagKeys=["team"])
        assert c.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env",
                                                                      "Value": "test"}]
        c.update_time_to_live(TableName="music", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        ttl = c.describe_time_to_live(TableName="music")["TimeToLiveDescription"]
        assert ttl["TimeToLiveStatus"] == "ENABLED" and ttl["AttributeName"] == "expires"
        c.delete_table(TableName="extra-4")
        c.get_waiter("table_not_exists").wait(TableName="extra-4",
                                              WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        try:
            c.describe_table(TableName="extra-4")
            raise AssertionError("a deleted table is still described")
        except c.exceptions.ResourceNotFoundException:
            pass


def test_items_and_conditions():
    with server() as url:
        c = client(url)
        create_music(c)
        r = c.put_item(TableName="music", ReturnConsumedCapacity="INDEXES",
                       Item={"artist": S("Blur"), "song": S("Song 2"), "year": N(1997),
                             "genre": S("rock"), "plays": N(1)})
        cc = r["ConsumedCapacity"]
        # 1 WCU for the table, 1 for the LSI and 1 for the GSI (docs/dynamodb-model.md).
        assert cc["CapacityUnits"] == 3.0, cc
        assert cc["GlobalSecondaryIndexes"]["by-genre"]["CapacityUnits"] == 1.0
        got = c.get_item(TableName="music", Key={"artist": S("Blur"), "song": S("Song 2")},
                         ReturnConsumedCapacity="TOTAL")
        assert got["Item"]["plays"] == N(1)
        assert got["ConsumedCapacity"]["CapacityUnits"] == 0.5  # eventually consistent
        up = c.update_item(TableName="music", Key={"artist": S("Blur"), "song": S("Song 2")},
                           UpdateExpression="ADD plays :one SET #t = :t",
                           ExpressionAttributeNames={"#t": "tag"},
                           ExpressionAttributeValues={":one": N(1), ":t": S("hit")},
                           ReturnValues="ALL_NEW")
        assert up["Attributes"]["plays"] == N(2) and up["Attributes"]["tag"] == S("hit")
        try:
            c.put_item(TableName="music", Item={"artist": S("Blur"), "song": S("Song 2")},
                       ConditionExpression="attribute_not_exists(artist)")
            raise AssertionError("a failed condition wrote")
        except c.exceptions.ConditionalCheckFailedException:
            pass
        try:
            c.put_item(TableName="music", Item={"artist": S("Blur")})
            raise AssertionError("an item without its sort key was accepted")
        except c.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "ValidationException"
        old = c.delete_item(TableName="music", Key={"artist": S("Blur"), "song": S("Song 2")},
                            ReturnValues="ALL_OLD")
        assert old["Attributes"]["tag"] == S("hit")
        assert "Item" not in c.get_item(TableName="music",
                                        Key={"artist": S("Blur"), "song": S("Song 2")})


def test_query_scan_paging_and_batches():
    with server() as url:
        c = client(url)
        create_music(c, stream=False)
        items = [{"PutRequest": {"Item": {"artist": S("a%d" % (i % 3)), "song": S("s%03d" % i),
                                          "year": N(1990 + i % 20), "genre": S("g%d" % (i % 4))}}}
                 for i in range(120)]
        for i in range(0, len(items), 25):
            r = c.batch_write_item(RequestItems={"music": items[i:i + 25]})
            assert r["UnprocessedItems"] == {}, r["UnprocessedItems"]
        songs = []
        for page in c.get_paginator("query").paginate(
                TableName="music", KeyConditionExpression="artist = :a",
                ExpressionAttributeValues={":a": S("a1")}, PaginationConfig={"PageSize": 7}):
            songs += [item["song"]["S"] for item in page["Items"]]
        assert songs == ["s%03d" % i for i in range(120) if i % 3 == 1], songs
        newest = c.query(TableName="music", IndexName="by-year",
                         KeyConditionExpression="artist = :a AND #y >= :y",
                         ExpressionAttributeNames={"#y": "year"},
                         ExpressionAttributeValues={":a": S("a0"), ":y": N(2005)},
                         ScanIndexForward=False)
        assert newest["Count"] > 0 and all(int(i["year"]["N"]) >= 2005 for i in newest["Items"])
        seen = set()
        for segment in range(3):
            for page in c.get_paginator("scan").paginate(
                    TableName="music", Segment=segment, TotalSegments=3,
                    PaginationConfig={"PageSize": 10}):
                seen |= {item["song"]["S"] for item in page["Items"]}
        assert len(seen) == 120
        keys = [{"artist": S("a%d" % (i % 3)), "song": S("s%03d" % i)} for i in range(0, 120, 2)]
        got = c.batch_get_item(RequestItems={"music": {"Keys": keys[:60]}},
                               ReturnConsumedCapacity="TOTAL")
        assert len(got["Responses"]["music"]) == 60 and got["UnprocessedKeys"] == {}
        assert got["ConsumedCapacity"][0]["TableName"] == "music"
        by_genre = c.query(TableName="music", IndexName="by-genre",
                           KeyConditionExpression="genre = :g",
                           ExpressionAttributeValues={":g": S("g2")})
        assert by_genre["Count"] == 30


def test_transactions():
    with server() as url:
        c = client(url)
        create_music(c, stream=False)
        put = {"Put": {"TableName": "music", "Item": {"artist": S("x"), "song": S("1"),
                                                      "n": N(0)}}}
        c.transact_write_items(TransactItems=[put], ClientRequestToken="token-1")
        c.transact_write_items(TransactItems=[put], ClientRequestToken="token-1")  # idempotent
        try:
            c.transact_write_items(TransactItems=[
                {"Update": {"TableName": "music", "Key": {"artist": S("x"), "song": S("1")},
                            "UpdateExpression": "SET n = n + :one",
                            "ExpressionAttributeValues": {":one": N(1)}}},
                {"ConditionCheck": {"TableName": "music",
                                    "Key": {"artist": S("x"), "song": S("2")},
                                    "ConditionExpression": "attribute_exists(artist)"}}])
            raise AssertionError("a transaction with a failed check committed")
        except c.exceptions.TransactionCanceledException as e:
            codes = [r["Code"] for r in e.response["CancellationReasons"]]
            assert codes == ["None", "ConditionalCheckFailed"], codes
        got = c.transact_get_items(TransactItems=[
            {"Get": {"TableName": "music", "Key": {"artist": S("x"), "song": S("1")}}}])
        assert got["Responses"][0]["Item"]["n"] == N(0)
        # Across tables: all or nothing.
        create_music(c, name="plays", stream=False)
        bump = {"Update": {"TableName": "music", "Key": {"artist": S("x"), "song": S("1")},
                           "UpdateExpression": "SET n = n + :one",
                           "ExpressionAttributeValues": {":one": N(1)}}}
        play = {"Put": {"TableName": "plays", "Item": {"artist": S("x"), "song": S("p1")},
                        "ConditionExpression": "attribute_not_exists(artist)"}}
        done = c.transact_write_items(TransactItems=[bump, play], ReturnConsumedCapacity="TOTAL")
        assert sorted(x["TableName"] for x in done["ConsumedCapacity"]) == ["music", "plays"]
        try:
            c.transact_write_items(TransactItems=[bump, play])  # the play exists now
            raise AssertionError("a cross-table transaction with a failed check committed")
        except c.exceptions.TransactionCanceledException as e:
            codes = [r["Code"] for r in e.response["CancellationReasons"]]
            assert codes == ["None", "ConditionalCheckFailed"], codes
        got = c.transact_get_items(TransactItems=[
            {"Get": {"TableName": "plays", "Key": {"artist": S("x"), "song": S("p1")}}},
            {"Get": {"TableName": "music", "Key": {"artist": S("x"), "song": S("1")}}}])
        assert "Item" in got["Responses"][0]
        assert got["Responses"][1]["Item"]["n"] == N(1)  # bumped once, not twice


def test_streams_and_ttl():
    # 3,600 model seconds per wall second: an item that expires in 2 model minutes is swept
    # well within the test.
    with server("--time-scale", "3600") as url:
        c = client(url)
        create_music(c)
        c.update_time_to_live(TableName="music", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        c.put_item(TableName="music", Item={"artist": S("s"), "song": S("1"), "v": N(1)})
        c.update_item(TableName="music", Key={"artist": S("s"), "song": S("1")},
                      UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": N(2)})
        c.delete_item(TableName="music", Key={"artist": S("s"), "song": S("1")})
        streams = client(url, service="dynamodbstreams")
        listed = streams.list_streams(TableName="music")["Streams"]
        assert len(listed) == 1
        arn = listed[0]["StreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=it)["Records"]
        assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"], records
        assert records[1]["dynamodb"]["OldImage"]["v"] == N(1)
        assert records[1]["dynamodb"]["NewImage"]["v"] == N(2)
        # TTL: the model's clock (an hour per wall second) passes the expiry in a few
        # milliseconds of wall time; the sweep deletes the item as a service deletion.
        now = int(time.time())
        c.put_item(TableName="music", Item={"artist": S("t"), "song": S("1"),
                                            "expires": N(now + 120)})
        deadline = time.time() + 10
        while time.time() < deadline:
            if "Item" not in c.get_item(TableName="music",
                                        Key={"artist": S("t"), "song": S("1")}):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the expired item was never deleted")
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=it)["Records"]
        assert records[-1]["eventName"] == "REMOVE"
        assert records[-1]["userIdentity"]["PrincipalId"] == "dynamodb.amazonaws.com"


if __name__ == "__main__":
    run_tests(only([test_control_plane, test_items_and_conditions,
                    test_query_scan_paging_and_batches, test_transactions,
                    test_streams_and_ttl]))
