#!/usr/bin/env bash
# The AWS CLI (Debian's awscli) against `ddbsim serve`: tables, items, paging, batches, a
# transaction, a throttle. Usage: tests/server/test_awscli.sh path/to/ddbsim
set -euo pipefail
DDBSIM=${1:?usage: test_awscli.sh DDBSIM}
AWS=/usr/bin/aws
[[ -x $AWS ]] || AWS=$(command -v aws)
export AWS_ACCESS_KEY_ID=ddbsim AWS_SECRET_ACCESS_KEY=ddbsim AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
unset AWS_PROFILE

out=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$out"' EXIT
# A thousandth of real time: the CLI's second per call refills next to nothing.
"$DDBSIM" serve --port 0 --quiet --time-scale 0.001 >"$out/url" 2>"$out/err" &
pid=$!
for _ in $(seq 100); do grep -q listening "$out/url" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/.*listening on //p' "$out/url")
[[ -n $url ]] || { echo "server did not start"; cat "$out/err"; exit 1; }
ddb() { "$AWS" dynamodb --endpoint-url "$url" --output json "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

ddb create-table --table-name cli-test \
    --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=N \
    --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
    --provisioned-throughput ReadCapacityUnits=5,WriteCapacityUnits=5 >"$out/create.json"
grep -q '"TableStatus": "CREATING"' "$out/create.json" || fail "create-table: $(cat "$out/create.json")"
ddb wait table-exists --table-name cli-test
ddb describe-table --table-name cli-test --query 'Table.ProvisionedThroughput.WriteCapacityUnits' \
    | grep -qx 5 || fail "describe-table"
ddb list-tables --query 'TableNames' --output text | grep -qx cli-test || fail "list-tables"

ddb put-item --table-name cli-test --item '{"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"S": "x"}}' \
    --return-consumed-capacity TOTAL --query 'ConsumedCapacity.CapacityUnits' | grep -qx 1.0 \
    || fail "put-item consumed capacity"
ddb get-item --table-name cli-test --key '{"pk": {"S": "a"}, "sk": {"N": "1"}}' \
    --query 'Item.v.S' --output text | grep -qx x || fail "get-item"
ddb update-item --table-name cli-test --key '{"pk": {"S": "a"}, "sk": {"N": "1"}}' \
    --update-expression 'SET v = :v' --expression-attribute-values '{":v": {"S": "y"}}' \
    --return-values UPDATED_NEW --query 'Attributes.v.S' --output text | grep -qx y || fail "update-item"
if ddb put-item --table-name cli-test --item '{"pk": {"S": "a"}, "sk": {"N": "1"}}' \
    --condition-expression 'attribute_not_exists(pk)' 2>"$out/ccf"; then fail "condition ignored"; fi
grep -q ConditionalCheckFailedException "$out/ccf" || fail "condition error: $(cat "$out/ccf")"

# 30 items in batches, then a paginated query (the CLI follows LastEvaluatedKey itself).
for b in 0 1; do
    entries=""
    for i in $(seq 1 15); do
        n=$((b * 15 + i + 1))
        entries+="${entries:+,}{\"PutRequest\": {\"Item\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"$n\"}}}}"
    done
    ddb batch-write-item --request-items "{\"cli-test\": [$entries]}" \
        --query 'length(UnprocessedItems)' | grep -qx 0 || fail "batch-write-item"
done
count=$(ddb query --table-name cli-test --key-condition-expression 'pk = :p' \
    --expression-attribute-values '{":p": {"S": "a"}}' --page-size 4 --query 'Count')
[[ $count == 31 ]] || fail "query counted $count, expected 31"
ddb scan --table-name cli-test --select COUNT --query 'Count' | grep -qx 31 || fail "scan"
ddb transact-write-items --transact-items '[{"Delete": {"TableName": "cli-test",
    "Key": {"pk": {"S": "a"}, "sk": {"N": "2"}}}}]' >/dev/null || fail "transact-write-items"
ddb get-item --table-name cli-test --key '{"pk": {"S": "a"}, "sk": {"N": "2"}}' | grep -q Item \
    && fail "transaction did not delete"

# A throttle as the CLI shows it: a 1 WCU table banks 300 units; batches of 25 4 KB writes
# (100 units each) use them up, then come back with UnprocessedItems, then throttle whole.
ddb create-table --table-name cli-small \
    --attribute-definitions AttributeName=pk,AttributeType=S \
    --key-schema AttributeName=pk,KeyType=HASH \
    --provisioned-throughput ReadCapacityUnits=1,WriteCapacityUnits=1 >/dev/null
big=$(head -c 4000 /dev/zero | tr '\0' x)
batch() {
    local entries=""
    for i in $(seq 1 25); do
        entries+="${entries:+,}{\"PutRequest\": {\"Item\": {\"pk\": {\"S\": \"$1-$i\"}, \"d\": {\"S\": \"$big\"}}}}"
    done
    printf '{"cli-small": [%s]}' "$entries" >"$out/batch.json"
    AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard ddb batch-write-item \
        --request-items "file://$out/batch.json" --query 'length(UnprocessedItems."cli-small" || `[]`)'
}
for b in 1 2 3; do [[ $(batch $b) == 0 ]] || fail "batch $b was throttled within the burst"; done
left=$(batch 4)
[[ $left -gt 0 && $left -lt 25 ]] || fail "batch 4: expected part of it unprocessed, got $left"
if batch 5 2>"$out/throttle" >/dev/null; then fail "batch 5 was not throttled"; fi
grep -q ProvisionedThroughputExceededException "$out/throttle" \
    || fail "unexpected error: $(cat "$out/throttle")"
throttled=$left
ddb delete-table --table-name cli-test >/dev/null
ddb delete-table --table-name cli-small >/dev/null
ddb list-tables --query 'length(TableNames)' | grep -qx 0 || fail "delete-table"
kill -TERM $pid
wait $pid || fail "server exited $?"
echo "awscli: all checks passed ($throttled of the fourth batch unprocessed, the fifth throttled)"
