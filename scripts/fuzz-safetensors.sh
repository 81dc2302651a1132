#!/usr/bin/env bash
# fuzz-safetensors.sh — libFuzzer + AddressSanitizer run of the safetensors header parser (RELIABILITY.md S1).
#
# Usage:  FUZZ_SECONDS=60 bash scripts/fuzz-safetensors.sh      (CI: 60 s; nightly: FUZZ_SECONDS=600)
#   Compiles Tests/Fuzz/SafetensorsFuzz/*.swift with the Tensor-free parser sources
#   (Sources/Tensors/Safetensors/{SafetensorsError,SafetensorsDType,SafetensorsJSON,SafetensorsHeader}.swift and
#   Sources/Tensors/Core/UTF8Validation.swift)
#   using `swiftc -sanitize=fuzzer,address -parse-as-library -O` (bounds checks stay on: never -Ounchecked),
#   seeds a scratch corpus with every committed fixture under Tests/Fixtures/safetensors/, and fuzzes for
#   $FUZZ_SECONDS seconds. Build products, the grown corpus and any crash artifacts go to
#   ${FUZZ_WORK:-.build/fuzz-safetensors} (git-ignored); the repo is never written.
#   Prints the exec count; exits non-zero if libFuzzer found a crash, leak or ASan report.
#   FUZZ_JOBS (default 1) runs that many libFuzzer workers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RUN="${FUZZ_SECONDS:-60}"
WORK="${FUZZ_WORK:-$ROOT/.build/fuzz-safetensors}"
SRC="$ROOT/Sources/Tensors/Safetensors"
mkdir -p "$WORK/corpus" "$WORK/artifacts"

echo "building the fuzz target" >&2
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name SafetensorsFuzz \
    "$SRC/SafetensorsError.swift" "$SRC/SafetensorsDType.swift" \
    "$SRC/SafetensorsJSON.swift" "$SRC/SafetensorsHeader.swift" \
    "$ROOT/Sources/Tensors/Core/UTF8Validation.swift" \
    "$ROOT"/Tests/Fuzz/SafetensorsFuzz/*.swift \
    -o "$WORK/safetensors-fuzz"

# Seed: every committed fixture (valid, mutated and hostile files).
find "$ROOT/Tests/Fixtures/safetensors" -name '*.safetensors' -exec cp {} "$WORK/corpus/" \;
echo "seed corpus: $(find "$ROOT/Tests/Fixtures/safetensors" -name '*.safetensors' | wc -l) fixture files" >&2

# Tokens that matter to the parser, so mutations reach the validation logic.
cat > "$WORK/safetensors.dict" <<'DICT'
"{"
"}"
"["
"]"
"\""
"\\u"
"\\ud83d\\ude00"
"__metadata__"
"dtype"
"shape"
"data_offsets"
"F32"
"F4"
"F6_E2M3"
"BOOL"
"I64"
"null"
"18446744073709551615"
"18446744073709551616"
"4194305"
"-1"
"1e400"
DICT

JOBS=()
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then JOBS=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
rm -f "$WORK"/fuzz*.log
set +e
# Run inside $WORK: libFuzzer's worker logs (fuzz-N.log) land in the current directory.
(cd "$WORK" && ./safetensors-fuzz corpus \
    -dict=safetensors.dict \
    -max_total_time="$SECONDS_TO_RUN" \
    -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
    "${JOBS[@]}" \
    -artifact_prefix="$WORK/artifacts/" -print_final_stats=1) 2>&1 | tee "$WORK/fuzz.log"
status=${PIPESTATUS[0]}
set -e

execs=$(cat "$WORK"/fuzz*.log 2>/dev/null | grep 'stat::number_of_executed_units' \
    | awk '{s += $2} END {print s + 0}' || true)
crashes=$(find "$WORK/artifacts" -type f | wc -l)
echo "safetensors fuzz: ${SECONDS_TO_RUN}s, ${execs} executions, ${crashes} crash artifacts (exit ${status})"
[ "$status" -eq 0 ] && [ "$crashes" -eq 0 ]
