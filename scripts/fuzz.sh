#!/usr/bin/env bash
# Fuzzes tfz's parsers of untrusted bytes with libFuzzer and prints, per target: inputs run, crashes, hangs, peak memory.
#
#   scripts/fuzz.sh [--runs N] [--timeout S] [--rss-limit MB] [--parallel J] [--max-seconds S] [--no-build] [target…]
#
# Targets (all when none is named): zone template creative keywords config google-stream google-mutate microsoft-json
# microsoft-report microsoft-zip microsoft-locations oauth-token. See docs/fuzzing.md.
#
# Builds Sources/TFZFuzz with -sanitize=fuzzer in its own scratch path (.build-fuzz), then runs
# each target for N inputs (-runs=N, seeds included) from the seed corpus (scripts/fuzz/corpus/<target>/, or the
# sample library for the campaign-file targets) plus a working corpus kept in the scratch path between runs.
# A crash or hang leaves its input in <scratch>/artifacts/<target>/ and makes the script exit 1; copy it to
# Tests/FuzzRegressions/<target>/ (FuzzRegressionTests replays every file there) once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

runs=100000
timeout=10
rss_limit=2048
parallel=1
max_seconds=3600
build=1
targets=()
all_targets=(zone template creative keywords config google-stream google-mutate microsoft-json microsoft-report microsoft-zip
             microsoft-locations oauth-token)

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --rss-limit) rss_limit=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --max-seconds) max_seconds=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "unknown target '$t' (targets: ${all_targets[*]})" >&2; exit 2; }
done

scratch=.build-fuzz
flags=(-Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DFUZZING)
build_cmd=(swift build -c release --product TFZFuzz --scratch-path "$scratch" "${flags[@]}")
if [ $build = 1 ]; then
  echo "+ ${build_cmd[*]}"
  "${build_cmd[@]}" 2>&1 | grep -v '^\[' || true
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "the fuzz build failed" >&2; exit 1; }
fi
bin=$("${build_cmd[@]}" --show-bin-path)/TFZFuzz
[ -x "$bin" ] || { echo "no fuzzer at $bin (run without --no-build)" >&2; exit 1; }

# Seeds: the sample library for campaign files (tfz.yaml's seeds are copies of it and of the docs' examples) (libFuzzer reads corpus folders recursively), committed answers otherwise.
seeds() {
  case "$1" in
    zone) echo "$root/Campaigns/zones" ;;
    template) echo "$root/Campaigns/templates" ;;
    creative) echo "$root/Creative" ;;
    keywords) echo "$root/Campaigns/keywords" ;;
    *) echo "$root/scripts/fuzz/corpus/$1" ;;
  esac
}

max_len() {
  case "$1" in
    microsoft-zip) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

logs="$scratch/logs"
mkdir -p "$logs"

run_target() {
  local t=$1
  local work="$scratch/corpus/$t" artifacts="$scratch/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  # libFuzzer's timeout handler can deadlock in malloc (it allocates inside the signal handler) and leave the process
  # stuck after "ALARM: working on the last Unit": a wall-clock limit per target ends it; the summary counts a hang.
  local cmd=(timeout -s KILL "$max_seconds" env SWIFT_BACKTRACE=enable=no TFZ_FUZZ_TARGET="$t" TFZ_FUZZ_WORKSPACE="$root" "$bin" -runs="$runs" -timeout="$timeout" -rss_limit_mb="$rss_limit"
             -malloc_limit_mb="$rss_limit" -max_len="$(max_len "$t")" -print_final_stats=1 -detect_leaks=0
             -artifact_prefix="$artifacts" "$work" "$(seeds "$t")")
  echo "${cmd[*]}" > "$logs/$t.cmd"
  local start=$SECONDS status=0
  "${cmd[@]}" > "$logs/$t.log" 2>&1 || status=$?
  echo "$status $((SECONDS - start))" > "$logs/$t.status"
}

export -f run_target seeds max_len
export scratch root bin runs timeout rss_limit logs max_seconds

echo "fuzzing ${#targets[@]} target(s), $runs inputs each, $parallel at a time; logs in $logs/"
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_target {}'

failed=0
printf '%-20s %12s %8s %6s %14s %8s  %s\n' target inputs crashes hangs "peak memory" seconds notes
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  read -r status seconds < "$logs/$t.status"
  inputs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  peak=$(grep -o 'stat::peak_rss_mb: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  if [ -z "$peak" ]; then peak=$(grep -o 'rss: [0-9]*Mb' "$log" | tail -1 | grep -o '[0-9]*'); fi
  crashes=0 hangs=0 notes=""
  if grep -q 'ERROR: libFuzzer: timeout\|^ALARM: working on the last Unit' "$log"; then hangs=1; notes="hang"
  elif grep -q 'ERROR: libFuzzer: out-of-memory\|ERROR: libFuzzer: malloc' "$log"; then crashes=1; notes="out of memory"
  elif [ "$status" != 0 ]; then crashes=1; notes=$(grep -m1 -o 'Fatal error: .*\|ERROR: AddressSanitizer: [a-z-]*\|ERROR: libFuzzer: [a-z -]*' "$log" || echo "exit $status")
  fi
  if [ $crashes != 0 ] || [ $hangs != 0 ]; then
    failed=1
    artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')
    notes="$notes; input: ${artifact:-see $log}"
  fi
  if [ -n "$inputs" ] && [ "$inputs" -lt "$runs" ] && [ $crashes = 0 ] && [ $hangs = 0 ]; then notes="stopped early (see $log)"; failed=1; fi
  printf '%-20s %12s %8s %6s %11s MB %8s  %s\n' "$t" "${inputs:-?}" "$crashes" "$hangs" "${peak:-?}" "$seconds" "$notes"
done
exit $failed
