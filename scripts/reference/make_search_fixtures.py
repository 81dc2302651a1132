# make_search_fixtures.py — scikit-learn's GridSearchCV results for the ClassicML search tests.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   ~/.cache/swiftlearn/ref-venv/bin/python scripts/reference/make_search_fixtures.py
# Writes (replacing) Tests/Fixtures/classicml/search.json.
#
# Data: the bundled datasets as the Swift side sees them (features read as Float32, widened to float64),
# standardised over all rows with StandardScaler (float64), as in make_linear_fixtures.py.
# Cases (folds without shuffling, so they are deterministic and the Swift side can rebuild them):
#   - LogisticRegression(lbfgs, max_iter=10000, tol=1e-10) over C in {0.001, 0.01, 0.1, 1, 10},
#     StratifiedKFold(5), scoring "accuracy", on iris, wine and breast cancer;
#   - Ridge(solver="cholesky") over alpha in {0.01, 1, 100, 1000, 10000}, KFold(5), scoring "r2", on the
#     iris measurements: petal width (column 3) from the other three (standardised).
# Each case stores the test rows of every fold, the per-fold scores of every candidate (in ParameterGrid
# order), mean_test_score, rank_test_score and best_params_.
import json
import os
import platform

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "classicml", "search.json")


def standardised(loader):
    d = loader()
    x = StandardScaler().fit_transform(d.data.astype(np.float32).astype(np.float64))
    return x, d.target.astype(np.float64)


def run(name, estimator, grid, cv, scoring, x, y, parameter):
    search = GridSearchCV(estimator, grid, cv=cv, scoring=scoring, n_jobs=1)
    search.fit(x, y)
    r = search.cv_results_
    folds = [sorted(int(i) for i in test) for _, test in cv.split(x, y)]
    return {
        "name": name,
        "parameter": parameter,
        "values": [float(v) for v in grid[parameter]],
        "folds": folds,
        "split_scores": [[float(r[f"split{f}_test_score"][c]) for f in range(len(folds))] for c in range(len(grid[parameter]))],
        "mean_test_score": [float(v) for v in r["mean_test_score"]],
        "rank_test_score": [int(v) for v in r["rank_test_score"]],
        "best_value": float(search.best_params_[parameter]),
    }


def main():
    cases = []
    for name, loader in [("iris", load_iris), ("wine", load_wine), ("breast_cancer", load_breast_cancer)]:
        x, y = standardised(loader)
        cases.append(run(f"logistic-{name}", LogisticRegression(max_iter=10000, tol=1e-10),
                         {"C": [0.001, 0.01, 0.1, 1.0, 10.0]}, StratifiedKFold(5), "accuracy", x, y, "C"))
    x, _ = standardised(load_iris)
    cases.append(run("ridge-iris-petal-width", Ridge(solver="cholesky"), {"alpha": [0.01, 1.0, 100.0, 1000.0, 10000.0]},
                     KFold(5), "r2", x[:, :3], x[:, 3], "alpha"))
    out = {
        "generator": "scripts/reference/make_search_fixtures.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()},
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
