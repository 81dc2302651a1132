"""scikit-learn side of Sources/swiftlearn-bench/TreeProfileCases.swift: the forest and histogram boosting cases of
bench_classic_reference.py on the first 20,000 fit rows of the synthetic set (all 20,000 test rows predicted).

Run with the reference venv: python bench_tree_profile_reference.py forest-synthetic-20k --threads best
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_classic_reference as classic  # noqa: E402
import bench_reference as br  # noqa: E402
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

ROWS = 20_000


def cases(threads):
    Xf, yf, Xp, yp = classic.synthetic()
    Xf, yf = Xf[:ROWS], yf[:ROWS]
    return {
        "forest-synthetic-20k": (lambda: RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=threads).fit(Xf, yf).predict(Xp), yp),
        "hgb-synthetic-20k": (lambda: HistGradientBoostingClassifier(random_state=0).fit(Xf, yf).predict(Xp), yp),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--threads", default="best", choices=["best", "1", "2"])
    p.add_argument("--max-wait", type=float, default=30.0)
    args = p.parse_args()
    if args.case not in cases(1):
        sys.exit(f"unknown case {args.case}; one of {list(cases(1))}")
    waited = br.wait_until_quiet(args.max_wait)
    per_thread = {}
    for t in ([1, 2] if args.threads == "best" else [int(args.threads)]):
        fn, _ = cases(t)[args.case]
        with threadpool_limits(limits=t), br.OtherCPU() as busy:
            median, reps, n = br.per_call_seconds(fn)
        per_thread[t] = {"value": median, "reps": reps, "inner": n, "other_cpu_busy_pct": busy.pct}
    best = min(per_thread, key=lambda t: per_thread[t]["value"])
    fn, truth = cases(best)[args.case]
    with threadpool_limits(limits=best):
        quality = "accuracy %.4f" % float(np.mean(fn() == truth))
    print(json.dumps({
        "name": args.case, "value": per_thread[best]["value"], "unit": "s", "threads": best,
        "library": f"scikit-learn {sklearn.__version__}",
        "detail": {"per_thread": {str(k): v for k, v in per_thread.items()}, "waited_s": waited, "quality": quality},
    }))


if __name__ == "__main__":
    main()
