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
PKGS=(numpy scikit-learn safetensors threadpoolctl)

complete() {
    [ -x "$VENV/bin/python" ] &&
        "$VENV/bin/python" -c 'import numpy, torch, sklearn, safetensors, threadpoolctl' >/dev/null 2>&1
}

if complete; then
    echo "reference venv already complete: $VENV" >&2
else
    if [ ! -x "$VENV/bin/python" ]; then
        mkdir -p "$(dirname "$VENV")"
        "$PY_BASE" -m venv "$VENV"
    fi
    PIP=("$VENV/bin/python" -m pip install --no-input --progress-bar off)
    "${PIP[@]}" "${PKGS[@]}"
    if ! "$VENV/bin/python" -c 'import torch' >/dev/null 2>&1; then
        "${PIP[@]}" 'torch==2.13.0+cpu' || "${PIP[@]}" torch
    fi
    complete || { echo "reference venv incomplete: $VENV" >&2; exit 1; }
fi

"$VENV/bin/python" - <<'PY' >&2
import numpy, torch, sklearn, safetensors, threadpoolctl
print("numpy", numpy.__version__, "| torch", torch.__version__, "| scikit-learn", sklearn.__version__,
      "| safetensors", safetensors.__version__, "| threadpoolctl", threadpoolctl.__version__)
PY
echo "$VENV/bin/python"
