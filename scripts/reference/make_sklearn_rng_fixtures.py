# make_sklearn_rng_fixtures.py — reference draws of numpy's legacy RandomState (MT19937), the generator
# scikit-learn seeds its tree splitters from, for ClassicML's ScikitLearnRandom.
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_sklearn_rng_fixtures.py
#
# Writes Tests/Fixtures/classicml/sklearn_rng.json. Per seed: the first raw 32-bit outputs
# (RandomState(seed).randint(0, 2**32, dtype=np.uint32) returns them unmasked) and the first draws of
# RandomState(seed).randint(0, 2**31 - 1), which is how a scikit-learn splitter turns random_state into the
# state of its rand_r generator (sklearn/tree/_splitter.pyx: self.random_state.randint(0, RAND_R_MAX)).
# Integer seeds ≥ 2**32 are stored as seeded from the array [low 32 bits, high 32 bits] (init_by_array).
import json
import os
import platform

import numpy as np
import sklearn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "classicml", "sklearn_rng.json")
SEEDS = [0, 1, 5, 42, 12345, 2**31 - 1, 2**32 - 1, 2**32, 2**40 + 7, 2**64 - 1]


def state(seed):
    if seed < 2**32:
        return np.random.RandomState(seed)
    return np.random.RandomState([seed & 0xFFFFFFFF, seed >> 32])


def main():
    out = {"generator": {"script": "scripts/reference/make_sklearn_rng_fixtures.py", "numpy": np.__version__,
                         "sklearn": sklearn.__version__, "python": platform.python_version()},
           "cases": []}
    for seed in SEEDS:
        raw = state(seed).randint(0, 2**32, size=8, dtype=np.uint32)
        rs = state(seed)
        draws = [int(rs.randint(0, np.iinfo(np.int32).max)) for _ in range(8)]
        # Also the 1000th raw output, past the first regeneration of the 624-word state.
        far = state(seed).randint(0, 2**32, size=1000, dtype=np.uint32)[-1]
        out["cases"].append({"seed": str(seed), "raw": [int(v) for v in raw], "raw_1000th": int(far),
                             "randint_int32_max": draws})
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
