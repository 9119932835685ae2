#!/usr/bin/env bash
# The soak (issue 10): N complete cycles — launch, pause/resume, advance, pull, pull again, report — against the
# sandbox under a seeded mix of faults (429, 503, 500, slow, answers lost after or before applying, partial failures)
# and kills (in process, and real SIGKILLs of `tfz` processes in a share of the cycles), for every platform in the
# adapter registry; after each cycle the sandbox's objects are compared with the files, the store's metrics with the
# sandbox's delivery, and everything tfz wrote is searched for the canary secrets. Not part of `swift test`.
#
#   scripts/soak.sh [--cycles 20] [--seed 1] [--from 0] [--real-kills 0.02] [--verbose]
#
# Builds the release `tfz` and `Benchmarks` products, then runs `Benchmarks --soak` from the package root.
# Exit status: 0 every guarantee held; 1 a check failed (the cycle and the seed that reproduce it are printed).
# docs/soak.md says what each figure means.
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
swift build -c release --product tfz >&2
swift build -c release --product Benchmarks >&2
BIN="$(swift build -c release --show-bin-path)"
exec "$BIN/Benchmarks" --soak --tfz "$BIN/tfz" "$@"
