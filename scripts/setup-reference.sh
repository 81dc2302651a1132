#!/usr/bin/env bash
# setup-reference.sh — create the Python reference environment for SwiftLearn's
# benchmarks (swiftlearn-bench) and fixture scripts (scripts/reference/*.py).
#
# Usage:  bash scripts/setup-reference.sh
#   The venv lives OUTSIDE the repo, at $SWIFTLEARN_REF_VENV
#   (default: $HOME/.cache/swiftlearn/ref-venv). PyPI packages only.
#   torch: the CPU-only wheel 2.13.0+cpu is preferred (pip's find-links, e.g.
#   /opt/wheels, may provide it); otherwise plain `torch` from PyPI.
#   Idempotent: does nothing if every package already imports.
#   Prints the venv's python path as the last line.
#   Not needed by `swift test` / .ci/run (tests use committed fixtures).
set -euo pipefail

VENV="${SWIFTLEARN_REF_VENV:-$HOME/.cache/swiftlearn/ref-venv}"
PY_BASE="${PYTHON:-python3}"
# Versions the committed fixtures were made with (each fixture JSON records its own); pinned where a
# fixture's numbers depend on the package's definitions.
PKGS=(numpy scikit-learn scipy safetensors threadpoolctl
      netcal==1.4.0 mapie==1.6.0
      tokenizers==0.23.3 transformers sentence-transformers==6.2.0
      onnx onnxscript onnxruntime==1.32.0
      rank_bm25==0.2.2 hnswlib==0.8.0)

complete() {
    [ -x "$VENV/bin/python" ] &&
        "$VENV/bin/python" -c 'import numpy, torch, sklearn, scipy, safetensors, threadpoolctl, netcal, mapie, tokenizers, transformers, sentence_transformers, onnx, onnxscript, onnxruntime, rank_bm25, hnswlib' >/dev/null 2>&1
}

if complete; then
    echo "reference venv already complete: $VENV" >&2
else
    if [ ! -x "$VENV/bin/python" ]; then
        mkdir -p "$(dirname "$VENV")"
        "$PY_BASE" -m venv "$VENV"
    fi
    PIP=("$VENV/bin/python" -m pip install --no-input --progress-bar off)
    # torch first, so that sentence-transformers does not pull the multi-GB CUDA build.
    if ! "$VENV/bin/python" -c 'import torch' >/dev/null 2>&1; then
        "${PIP[@]}" 'torch==2.13.0+cpu' || "${PIP[@]}" torch
    fi
    "${PIP[@]}" "${PKGS[@]}"
    complete || { echo "reference venv incomplete: $VENV" >&2; exit 1; }
fi

"$VENV/bin/python" - <<'PY' >&2
import importlib.metadata as md
names = ["numpy", "torch", "scikit-learn", "scipy", "safetensors", "netcal", "mapie", "tokenizers", "transformers",
         "sentence-transformers", "onnx", "onnxruntime", "rank-bm25", "hnswlib"]
print(" | ".join(f"{n} {md.version(n)}" for n in names))
PY
echo "$VENV/bin/python"
