# bench_classic_reference.py — scikit-learn timings for the Swift ClassicML benchmarks (issue 4).
# Prints ONE JSON line per case in the shape of bench_reference.py:
#   {"name", "value": median seconds per fit + predict, "unit": "s", "threads", "library", "detail"}
#
# Usage (reference venv from scripts/setup-reference.sh):
#   PY="$(bash scripts/setup-reference.sh)"
#   $PY scripts/reference/bench_classic_reference.py --list
#   $PY scripts/reference/bench_classic_reference.py logistic-digits [--threads best|1|2]
#
# Method: the timing helper of bench_reference.py (warm-up, inner loop calibrated to ~0.2 s, 5 repetitions,
# median); OPENBLAS_CORETYPE is removed before numpy loads (bench_reference re-executes without it); `best`
# measures with 1 and 2 threads (threadpoolctl for BLAS/OpenMP, n_jobs where the model has it) and keeps the
# faster. Data: the bundled digits (sklearn's copy), first 1437 rows to fit, the other 360 to predict,
# standardised with StandardScaler fitted on the first 1437 (float64). Cases (mirror them exactly in Swift):
#   logistic-digits  LogisticRegression(C=1, max_iter=1000) fit + predict
#   kmeans-digits    KMeans(n_clusters=10, n_init=10, random_state=0) fit on all 1797 rows + predict
#   pca-digits       PCA(n_components=16) fit on all rows + transform
#   knn-digits       KNeighborsClassifier(n_neighbors=5) fit + predict (brute force)
#   forest-digits    RandomForestClassifier(n_estimators=100, random_state=0) fit + predict
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_reference as br  # noqa: E402  (same timing method; drops OPENBLAS_CORETYPE)

import argparse  # noqa: E402
import json  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402


def data():
    X, y = load_digits(return_X_y=True)
    X = X.astype(np.float32).astype(np.float64)
    scaler = StandardScaler().fit(X[:1437])
    Xs = scaler.transform(X)
    return Xs, y


def cases(threads):
    X, y = data()
    Xtr, ytr, Xte = X[:1437], y[:1437], X[1437:]
    return {
        "logistic-digits": lambda: LogisticRegression(C=1.0, max_iter=1000).fit(Xtr, ytr).predict(Xte),
        "kmeans-digits": lambda: KMeans(n_clusters=10, n_init=10, random_state=0).fit(X).predict(X),
        "pca-digits": lambda: PCA(n_components=16).fit(X).transform(X),
        "knn-digits": lambda: KNeighborsClassifier(n_neighbors=5, algorithm="brute", n_jobs=threads).fit(Xtr, ytr).predict(Xte),
        "forest-digits": lambda: RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=threads).fit(Xtr, ytr).predict(Xte),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case", nargs="?")
    p.add_argument("--threads", default="best", choices=["best", "1", "2"])
    p.add_argument("--list", action="store_true")
    p.add_argument("--max-wait", type=float, default=30.0)
    args = p.parse_args()
    names = list(cases(1).keys())
    if args.list or not args.case:
        print("\n".join(names))
        return
    if args.case not in names:
        sys.exit(f"unknown case {args.case}; one of {names}")
    waited = br.wait_until_quiet(args.max_wait)
    per_thread = {}
    for t in ([1, 2] if args.threads == "best" else [int(args.threads)]):
        fn = cases(t)[args.case]
        with threadpool_limits(limits=t), br.OtherCPU() as busy:
            median, reps, n = br.per_call_seconds(fn)
        per_thread[t] = {"value": median, "reps": reps, "inner": n, "other_cpu_busy_pct": busy.pct}
    best = min(per_thread, key=lambda t: per_thread[t]["value"])
    print(json.dumps({
        "name": args.case, "value": per_thread[best]["value"], "unit": "s", "threads": best,
        "library": f"scikit-learn {sklearn.__version__}",
        "detail": {"per_thread": {str(k): v for k, v in per_thread.items()}, "waited_s": waited},
    }))


if __name__ == "__main__":
    main()
