# check_swift_safetensors.py — loads safetensors files written by SwiftLearn with the Python `safetensors`
# package and checks them against the expected.json the Swift test wrote beside them.
#
# Usage (after `swift test --filter SafetensorsInteropTests`, which writes the files to
# ${SWIFTLEARN_SWIFT_WRITTEN_DIR:-$TMPDIR/swiftlearn-safetensors-swift-written}, default /tmp/...):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/check_swift_safetensors.py [DIR]
# For each file: safetensors.deserialize(bytes) must accept it (full validation), the tensor names, dtypes,
# shapes, sha256 of the bytes and __metadata__ must equal expected.json, and safetensors.safe_open must
# open it too. Prints "OK <file>" per file and "OK" at the end; exits 1 on any mismatch.
import hashlib
import json
import os
import sys
import tempfile

import safetensors

DIR = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "SWIFTLEARN_SWIFT_WRITTEN_DIR", os.path.join(tempfile.gettempdir(), "swiftlearn-safetensors-swift-written"))


def main():
    with open(os.path.join(DIR, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    failures = 0
    for name, exp in sorted(expected.items()):
        path = os.path.join(DIR, name)
        with open(path, "rb") as f:
            buf = f.read()
        problems = []
        try:
            parsed = dict(safetensors.deserialize(buf))
        except Exception as e:  # SafetensorError
            print(f"FAIL {name}: rejected by safetensors {safetensors.__version__}: {e}")
            failures += 1
            continue
        if set(parsed) != set(exp["tensors"]):
            problems.append(f"names {sorted(parsed)} != {sorted(exp['tensors'])}")
        for tname, t in exp["tensors"].items():
            got = parsed.get(tname)
            if got is None:
                continue
            if got["dtype"] != t["dtype"] or list(got["shape"]) != t["shape"]:
                problems.append(f"{tname!r}: {got['dtype']} {list(got['shape'])} != {t['dtype']} {t['shape']}")
            if hashlib.sha256(bytes(got["data"])).hexdigest() != t["sha256"]:
                problems.append(f"{tname!r}: bytes differ")
        with safetensors.safe_open(path, "np") as f:
            metadata = f.metadata()
            keys = set(f.keys())
        if (metadata or None) != (exp["metadata"] or None) and not (metadata == {} and exp["metadata"] == {}):
            problems.append(f"metadata {metadata} != {exp['metadata']}")
        if keys != set(exp["tensors"]):
            problems.append("safe_open keys differ")
        if problems:
            failures += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            print(f"OK {name} ({len(parsed)} tensors)")
    if failures:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
