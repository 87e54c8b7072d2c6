#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Checks the CI gate (`upload-bench compare`) on real runs of this machine:
#   1. A/A: N pairs of runs of the same build and scenario; the gate should flag
#      a regression at most once in 20.
#   2. Injected regression: the same baselines against runs of a scenario with a
#      known knob turned (for example 20% more app CPU per upload or added S3
#      latency); the gate should flag at least 19 of 20.
#
# Usage: scripts/gate-experiments.sh [SCENARIO] [REGRESSED_SCENARIO]
#   SCENARIO            default scenarios/quick.json
#   REGRESSED_SCENARIO  a copy of SCENARIO with the regression knob set; phase 2
#                       is skipped when it is not given
# Environment: PAIRS (default 20), OUT (default results/gate-experiments),
#              COMPARE_ARGS (extra arguments for compare, e.g. thresholds).
set -euo pipefail

scenario=${1:-scenarios/quick.json}
regressed=${2:-}
pairs=${PAIRS:-20}
out=${OUT:-results/gate-experiments}
mkdir -p "$out"

swift build -c release --product upload-bench >/dev/null
bench=$(swift build -c release --show-bin-path)/upload-bench

run() { # run SCENARIO DIR
    "$bench" run "$1" --out "$2" >"$2.log" 2>&1 || { echo "run failed: see $2.log" >&2; exit 2; }
}

# Prints 0, 1 or 2 (the gate's exit status) and keeps its table beside the runs.
gate() { # gate BASELINE CURRENT TABLE
    set +e
    # shellcheck disable=SC2086
    "$bench" compare "$1" "$2" --out "$3" ${COMPARE_ARGS:-} 2>>"$out/compare.log"
    echo $?
    set -e
}

count() { # count LABEL STATUS...
    local label=$1 flagged=0 unusable=0 total=0
    shift
    for status in "$@"; do
        total=$((total + 1))
        [ "$status" = 1 ] && flagged=$((flagged + 1))
        [ "$status" = 2 ] && unusable=$((unusable + 1))
    done
    echo "$label: flagged $flagged of $total comparisons ($unusable unusable)" | tee -a "$out/summary.txt"
}

: >"$out/summary.txt"
aa=()
for i in $(seq 1 "$pairs"); do
    run "$scenario" "$out/a-$i"
    run "$scenario" "$out/b-$i"
    aa+=("$(gate "$out/a-$i" "$out/b-$i" "$out/aa-$i.md")")
done
count "A/A ($scenario)" "${aa[@]}"

if [ -n "$regressed" ]; then
    injected=()
    for i in $(seq 1 "$pairs"); do
        run "$regressed" "$out/r-$i"
        injected+=("$(gate "$out/a-$i" "$out/r-$i" "$out/regression-$i.md")")
    done
    count "injected regression ($regressed)" "${injected[@]}"
fi
