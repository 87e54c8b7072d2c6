#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Counts user-space instructions per request of the mock S3 sinking signed
# 1 KiB PUTs (issue #8): `serve s3 --storage discard --no-md5` under callgrind,
# wrk on 64 keep-alive connections with header-auth SigV4 (UNSIGNED-PAYLOAD).
# Instruction counts repeat to well under 1% even on a loaded machine, unlike
# CPU time; the script also prints CPU-us per request of a plain run as a
# sanity figure (that one moves with machine load).
#
# Callgrind counts from after a warm-up (callgrind_control -z) to the end of
# the measured wrk run, and divides by the requests wrk completed in it.
#
# Usage: Benchmarks/scripts/sink-instructions.sh [BINARY]
# Needs: valgrind, wrk, python3 with botocore. BINARY defaults to
#        .build/release/upload-bench (build it with
#        `swift build -c release --product upload-bench`).
# Environment: PORT (default 19400), SECONDS_MEASURED (default 10),
#              CALLGRIND_OUT (a path to keep the profile at, for callgrind_annotate).
set -euo pipefail

binary=${1:-.build/release/upload-bench}
port=${PORT:-19400}
measured=${SECONDS_MEASURED:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export AWS_ACCESS_KEY_ID=AKIDEXAMPLE
export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'

# Valgrind 3.19 cannot read the DWARF 5 that Swift 6 emits; symbols suffice.
cp "$binary" "$work/upload-bench"
strip -g "$work/upload-bench"

# Signed now: the mock refuses signatures more than 15 minutes from its clock.
python3 - "$port" > "$work/put.lua" <<'PY'
import sys
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

class UnsignedPayload(S3SigV4Auth):
    def _should_sha256_sign_payload(self, request):
        return False

request = AWSRequest(method="PUT", url=f"http://127.0.0.1:{sys.argv[1]}/bench/obj",
                     data=b"x" * 1024, headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
UnsignedPayload(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                "s3", "us-east-1").add_auth(request)
print('wrk.method = "PUT"\nwrk.path = "/bench/obj"\nwrk.body = string.rep("x", 1024)')
for name, value in request.headers.items():
    print(f'wrk.headers["{name}"] = "{value}"')
PY

serve=(serve s3 --port "$port" --storage discard --no-md5 --bucket bench)
url="http://127.0.0.1:$port/"

requests() { awk '/requests in/ { print $1 }' "$1"; }
failures() { awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$1"; }

# 1. Instructions, under callgrind.
valgrind --tool=callgrind --compress-strings=no --compress-pos=no \
    --callgrind-out-file="$work/callgrind.out" "$work/upload-bench" "${serve[@]}" \
    > "$work/serve.log" 2> "$work/valgrind.log" &
server=$!
for _ in $(seq 60); do grep -q listening "$work/serve.log" && break; sleep 1; done
timeout 60 wrk -t1 -c64 -d3s -s "$work/put.lua" "$url" > /dev/null
callgrind_control -z "$server" > /dev/null
timeout $((measured + 30)) wrk -t1 -c64 -d"${measured}s" -s "$work/put.lua" "$url" > "$work/wrk.log"
callgrind_control -d "$server" > /dev/null
kill -INT "$server"
wait "$server" || true
count=$(requests "$work/wrk.log")
instructions=$(awk '/^summary:/ { print $2 }' "$work"/callgrind.out.*)
echo "callgrind: $count requests, $instructions instructions," \
    "$((instructions / count)) per request; non-2xx: $(failures "$work/wrk.log")"
if [ -n "${CALLGRIND_OUT:-}" ]; then cp "$work"/callgrind.out.* "$CALLGRIND_OUT"; fi

# 2. CPU time, plain.
"$binary" "${serve[@]}" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 30); do grep -q listening "$work/serve.log" && break; sleep 0.2; done
timeout 60 wrk -t1 -c64 -d3s -s "$work/put.lua" "$url" > /dev/null
before=$(awk '{ print $14 + $15 }' "/proc/$server/stat")
timeout $((measured + 30)) wrk -t1 -c64 -d"${measured}s" -s "$work/put.lua" "$url" > "$work/wrk.log"
after=$(awk '{ print $14 + $15 }' "/proc/$server/stat")
kill -INT "$server"
wait "$server" || true
count=$(requests "$work/wrk.log")
ticks=$(getconf CLK_TCK)
awk -v t=$((after - before)) -v hz="$ticks" -v n="$count" -v bad="$(failures "$work/wrk.log")" \
    'BEGIN { printf "cpu: %d requests, %.1f CPU-us per request (user+system); non-2xx: %d\n", n, t * 1e6 / hz / n, bad }'
