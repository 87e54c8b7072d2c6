#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Checks the CI gate (`upload-bench compare`) on real runs of this machine:
#   1. A/A: PAIRS pairs of back-to-back runs of the same build and scenario,
#      a-i against b-i; the gate should flag a regression at most once in 20.
#      Also a-1 against every b-i: one fixed baseline against runs spread over
#      the whole experiment, as CI compares against a committed baseline.
#   2. Injected regressions: for each REGRESSED scenario (a copy of SCENARIO
#      with an experiment knob set, same name), PAIRS runs compared against
#      a-i; the gate should flag at least 19 of 20.
#
# Usage: Benchmarks/scripts/gate-experiments.sh SCENARIO [REGRESSED_SCENARIO...]
# Environment: PAIRS (default 20), OUT (default results/gate-experiments, raw
#              runs; git-ignored), SUMMARY (default OUT/summary.md),
#              COMPARE_ARGS (extra arguments for compare, e.g. thresholds),
#              REUSE=1 to keep existing runs and only compare again (REUSE=only
#              also skips missing runs instead of making them),
#              BENCH (an upload-bench binary to use instead of building one).
set -euo pipefail

scenario=${1:?usage: Benchmarks/scripts/gate-experiments.sh SCENARIO [REGRESSED_SCENARIO...]}
shift
pairs=${PAIRS:-20}
out=${OUT:-results/gate-experiments}
summary=${SUMMARY:-$out/summary.md}
mkdir -p "$out" "$(dirname "$summary")"

if [ -z "${BENCH:-}" ]; then
    swift build -c release --product upload-bench >/dev/null
fi
bench=${BENCH:-$(swift build -c release --show-bin-path)/upload-bench}

# Returns 1 (skip) when REUSE=only and the run is missing.
run() { # run SCENARIO DIR
    if [ "${REUSE:-0}" != 0 ] && [ -f "$2/run.json" ]; then return; fi
    if [ "${REUSE:-0}" = only ]; then return 1; fi
    rm -rf "$2"
    "$bench" run "$1" --out "$2" >"$2.log" 2>&1 || { echo "run failed: see $2.log" >&2; exit 2; }
}

# Prints the gate's exit status (0, 1 or 2) and keeps its CSV table beside the runs.
gate() { # gate BASELINE CURRENT TABLE
    set +e
    # shellcheck disable=SC2086
    "$bench" compare "$1" "$2" --format csv --out "$3" ${COMPARE_ARGS:-} 2>>"$out/compare.log"
    echo $?
    set -e
}

# The failing rows of a CSV table as "metric (cell) +12.3%", separated by "; "
# (cells shortened: "proxy/stream size=65536" without the common suffix).
failing() { # failing TABLE
    [ -f "$1" ] || return 0
    python3 - "$1" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["verdict"] in ("regression", "changed")]
short = lambda cell: cell.replace(" concurrency=4 link=loopback", "")
print("; ".join(f'{r["metric"]} ({short(r["cell"])}) {float(r["change_percent"]):+.1f}%' for r in rows))
PY
}

# Appends one line to the summary table: label, flagged/total, unusable, what failed.
count() { # count LABEL TABLE_PREFIX STATUS...
    local label=$1 prefix=$2 flagged=0 unusable=0 total=0 index=0 details=""
    shift 2
    for status in "$@"; do
        index=$((index + 1))
        total=$((total + 1))
        [ "$status" = 2 ] && unusable=$((unusable + 1))
        if [ "$status" = 1 ]; then
            flagged=$((flagged + 1))
            details+="#$index: $(failing "$prefix-$index.csv")<br>"
        fi
    done
    echo "| $label | $flagged of $total | $unusable | ${details:-–} |" | tee -a "$summary"
}

{
    echo "# Gate experiments: $(basename "$scenario")"
    echo
    echo "Machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start;"
    echo "git $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u +%Y-%m-%dT%H:%MZ); ${pairs} comparisons each;"
    echo "compare arguments: \`${COMPARE_ARGS:-(defaults)}\`."
    echo
    echo "| experiment | flagged | unusable | failing rows |"
    echo "|---|---|---|---|"
} >"$summary"

aa=()
fixed=()
for i in $(seq 1 "$pairs"); do
    run "$scenario" "$out/a-$i" && run "$scenario" "$out/b-$i" || continue
    aa+=("$(gate "$out/a-$i" "$out/b-$i" "$out/aa-$i.csv")")
done
for i in $(seq 1 "$pairs"); do
    [ -f "$out/b-$i/run.json" ] || continue
    fixed+=("$(gate "$out/a-1" "$out/b-$i" "$out/fixed-$i.csv")")
done
count "A/A, back-to-back pairs (a-i vs b-i)" "$out/aa" "${aa[@]}"
count "A/A, one baseline (a-1 vs b-i)" "$out/fixed" "${fixed[@]}"

for regressed in "$@"; do
    name=$(basename "$regressed" .json)
    injected=()
    for i in $(seq 1 "$pairs"); do
        run "$regressed" "$out/$name-$i" || continue
        injected+=("$(gate "$out/a-$i" "$out/$name-$i" "$out/$name-vs-a-$i.csv")")
    done
    count "injected: $name (a-i vs $name-i)" "$out/$name-vs-a" "${injected[@]}"
done
