#!/usr/bin/env bash
# fuzz-csv.sh — libFuzzer + AddressSanitizer runs of the CSV tokenizer and reader (RELIABILITY.md C3).
#
# Usage:  FUZZ_SECONDS=60 bash scripts/fuzz-csv.sh      (CI: 60 s; nightly: FUZZ_SECONDS=600)
#   Two targets, both built with `-sanitize=fuzzer,address -O` (bounds checks stay on: never -Ounchecked):
#   1. csv-fuzz, $FUZZ_SECONDS s — the lowest standalone layer, where all raw file bytes are handled: the
#      byte tokenizer (chunked refills, CRLF/bare CR, quotes, BOM, the record limit), strict UTF-8 validation
#      and the number parser. Sources/Datasets/CSV/{CSVTokenizer,CSVOptions,NumberParsing}.swift and
#      Sources/Datasets/DatasetError.swift are compiled into the binary with Tests/Fuzz/CSVFuzz/*.swift by
#      plain swiftc, so the target can use the tokenizer's internal API (field ranges, record offsets) and
#      cross-check three passes (whole input / 1–7-byte chunks / small record limit) against positions
#      computed from the raw bytes. The tokenizer's one use of Tensors (firstInvalidUTF8) is met by a
#      one-file `Tensors` module built from Sources/Tensors/Core/UTF8Validation.swift. Builds in seconds.
#   2. csv-reader-fuzz, $FUZZ_READER_SECONDS s (default FUZZ_SECONDS/2; 0 skips it) — the full CSVReader through its public API
#      (layout, kind inference, both passes, vocabularies, task inference, Tensor filling). CSVReader needs
#      the whole Tensors/Kernels/CKernels/swift-numerics stack, so instead of listing sources here the
#      package's own modules are compiled by SwiftPM with --sanitize=fuzzer --sanitize=address into a scratch
#      directory ($FUZZ_WORK/spm, ~45 s cold on 2 cores, incremental after; never the main .build), and the
#      target (same files, -D CSV_FUZZ_READER) is linked against their objects.
#   Seeds: Tests/Fixtures/csv-fuzz-seeds/* (quoted fields, CRLF, bare CR, BOM, ragged rows, unterminated
#   quote, Latin-1 bytes, empty, header-only, numbers — the C1 corpus, also read by CSVCorpusTests). Build
#   products, grown corpora and crash artifacts go to ${FUZZ_WORK:-.build/fuzz-csv} (git-ignored); the repo
#   is never written. Artifacts of an earlier run are moved to artifacts-previous/.
#   Memory bound: inputs are at most 64 KiB (-max_len); the small-limit passes use maxRecordBytes = 64 bytes
#   (tokenizer) and 256 bytes (reader), so the short inputs libFuzzer starts with already hit
#   recordTooLarge, and a limited pass keeps at most maxRecordBytes + one chunk buffered. ASan's quarantine
#   is capped at 32 MB, so -rss_limit_mb=384 is the libFuzzer/ASan baseline (~50 MB, peak ~125 MB seen)
#   plus headroom, and -malloc_limit_mb=16 makes any single allocation over 16 MB a crash (a record buffer
#   growing past its limit would be one).
#   Prints exec counts and peak RSS; exits non-zero if either run found a crash, leak, OOM or ASan report.
#   FUZZ_JOBS (default 1) runs that many libFuzzer workers per target.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RUN="${FUZZ_SECONDS:-60}"
READER_SECONDS="${FUZZ_READER_SECONDS:-$((SECONDS_TO_RUN / 2))}"
WORK="${FUZZ_WORK:-$ROOT/.build/fuzz-csv}"
SRC="$ROOT/Sources/Datasets/CSV"
SEEDS="$ROOT/Tests/Fixtures/csv-fuzz-seeds"
mkdir -p "$WORK/artifacts" "$WORK/modules"
# Crash artifacts of an earlier run move aside (kept for replay), so this run's verdict is its own.
if [ -n "$(ls -A "$WORK/artifacts")" ]; then
    mkdir -p "$WORK/artifacts-previous" && mv "$WORK"/artifacts/* "$WORK/artifacts-previous/"
fi

echo "building the tokenizer fuzz target" >&2
# The one-file Tensors module (firstInvalidUTF8 only), instrumented like the rest.
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name Tensors -emit-module -emit-module-path "$WORK/modules/Tensors.swiftmodule" \
    -emit-library -static "$ROOT/Sources/Tensors/Core/UTF8Validation.swift" -o "$WORK/modules/libTensors.a"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name CSVFuzz -I "$WORK/modules" \
    "$SRC/CSVTokenizer.swift" "$SRC/CSVOptions.swift" "$SRC/NumberParsing.swift" \
    "$ROOT/Sources/Datasets/DatasetError.swift" \
    "$ROOT"/Tests/Fuzz/CSVFuzz/*.swift \
    "$WORK/modules/libTensors.a" \
    -o "$WORK/csv-fuzz"

if [ "$READER_SECONDS" -gt 0 ]; then
    echo "building the package modules with fuzzer + address sanitizers, then the reader fuzz target" >&2
    SPM="$WORK/spm"
    (cd "$ROOT" && swift build --scratch-path "$SPM" --sanitize=fuzzer --sanitize=address --target Datasets)
    BIN="$SPM/debug"
    SHIMS="$(find "$SPM/checkouts/swift-numerics/Sources/_NumericsShims/include" -name module.modulemap)"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -D CSV_FUZZ_READER \
        -module-name CSVReaderFuzz -I "$BIN/Modules" \
        -Xcc -fmodule-map-file="$BIN/CKernels.build/module.modulemap" -Xcc -fmodule-map-file="$SHIMS" \
        "$ROOT"/Tests/Fuzz/CSVFuzz/*.swift \
        "$BIN"/Modules/*.o "$BIN"/{Datasets,Tensors,Kernels,CKernels,RealModule,_NumericsShims}.build/*.o \
        -o "$WORK/csv-reader-fuzz"
fi
echo "seed corpus: $(find "$SEEDS" -type f | wc -l) files" >&2

# Tokens that matter to the tokenizer and the number parser, so mutations reach them.
cat > "$WORK/csv.dict" <<'DICT'
"\""
"\"\""
","
"\x0d\x0a"
"\x0d"
"\x0a"
"\x09"
"\xef\xbb\xbf"
"\xe9"
"\xc3\xa9"
"\xf0\x9f\x98\x80"
"\xed\xa0\x80"
"\xc0\xaf"
"NA"
"inf"
"-Infinity"
"nan"
"1e39"
"1e-45"
"3.4028235e38"
"0.000001234"
"12345678901234567890123"
"e+"
DICT

JOBS=()
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then JOBS=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi

# run NAME SECONDS: fuzzes $WORK/NAME with corpus $WORK/NAME-corpus; logs to $WORK/NAME-logs/.
failed=0
run() {
    local name="$1" seconds="$2"
    mkdir -p "$WORK/$name-corpus" "$WORK/$name-logs"
    find "$SEEDS" -type f -exec cp {} "$WORK/$name-corpus/" \;
    rm -f "$WORK/$name-logs"/*.log
    set +e
    # Run inside the log folder: libFuzzer's worker logs (fuzz-N.log) land in the current directory.
    # No Swift backtracer: under ASan it reports its own memory reads; libFuzzer prints the stack.
    (cd "$WORK/$name-logs" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32}" \
        "$WORK/$name" "$WORK/$name-corpus" \
        -dict="$WORK/csv.dict" \
        -max_total_time="$seconds" \
        -max_len=65536 -rss_limit_mb=384 -malloc_limit_mb=16 -timeout=10 \
        "${JOBS[@]}" \
        -artifact_prefix="$WORK/artifacts/$name-" -print_final_stats=1) 2>&1 | tee "$WORK/$name-logs/fuzz.log"
    local status=${PIPESTATUS[0]}
    set -e
    local execs peak crashes
    execs=$(cat "$WORK/$name-logs"/*.log 2>/dev/null | grep 'stat::number_of_executed_units' \
        | awk '{s += $2} END {print s + 0}' || true)
    peak=$(cat "$WORK/$name-logs"/*.log 2>/dev/null | grep 'stat::peak_rss_mb' \
        | awk '{if ($2 > m) m = $2} END {print m + 0}' || true)
    crashes=$(find "$WORK/artifacts" -type f -name "$name-*" | wc -l)
    SUMMARY+="$name: ${seconds}s, ${execs} executions, peak RSS ${peak} MB, ${crashes} crash artifacts (exit ${status})"$'\n'
    if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then failed=1; fi
}
SUMMARY=""
run csv-fuzz "$SECONDS_TO_RUN"
if [ "$READER_SECONDS" -gt 0 ]; then run csv-reader-fuzz "$READER_SECONDS"; fi
printf 'csv fuzz:\n%s' "$SUMMARY"
[ "$failed" -eq 0 ]
