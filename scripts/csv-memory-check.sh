#!/usr/bin/env bash
# csv-memory-check.sh — peak memory of the streaming CSV reader (Linux).
#
# Runs the opt-in test CSVStreamingTests/peakMemory alone (the peak RSS is per process, so it must not share
# the process with other tests): it writes a ~60 MB numeric CSV to a temp dir, resets the peak with
# /proc/self/clear_refs, reads the file, and prints the peak RSS growth against the file size and the size of
# the parsed numbers. Pass bar: growth < parsed + 16 MiB and < 3/4 of the file size.
#
# Usage: bash scripts/csv-memory-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFTLEARN_CSV_MEMORY=1 flock /tmp/swiftlearn-build.lock swift test --filter 'CSVStreamingTests/peakMemory' 2>&1 |
    grep -E 'CSV memory|passed|failed|error'
