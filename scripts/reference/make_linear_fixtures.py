# make_linear_fixtures.py — scikit-learn reference values for the ClassicML linear models.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_linear_fixtures.py
# Writes (replacing) Tests/Fixtures/classicml/linear.json.
#
# Data: the bundled datasets as the Swift side sees them (features read as Float32, then widened to float64),
# standardised over all rows with sklearn's StandardScaler in float64. The Swift test repeats that scaling;
# fixed splits are given as test-row indices (train_test_split, test_size=0.25, random_state=0, stratified).
# The synthetic regression set (make_regression, seed 0, values rounded to 6 decimals) is written out in full.
#
# "regression" cases: LinearRegression, Ridge(alpha=1, solver="cholesky"), Lasso(alpha=0.1) and
#   ElasticNet(alpha=0.1, l1_ratio=0.5) (both tol=1e-10, max_iter=100000) fitted on the training rows:
#   coef_, intercept_ and test R².
# "classification" cases: LogisticRegression(lbfgs, C=1, max_iter=10000, tol=1e-10) on the training rows:
#   coef_ [classes or 1, features], intercept_, test accuracy.
# "l1_classification" cases: LogisticRegression(l1_ratio=1 (the L1 penalty), solver="saga", C, max_iter=100000,
#   tol=1e-10) on the training rows: coef_, intercept_, test accuracy (breast cancer with C=0.1, iris and wine C=1).
# "elastic_net_classification": the same with l1_ratio=0.5 (breast cancer C=0.1, wine C=1).
import json
import os
import platform
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine, make_regression
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "classicml", "linear.json")


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def bundled(loader):
    d = loader()
    x = d.data.astype(np.float32).astype(np.float64)
    x = StandardScaler().fit_transform(x)
    return x, d.target.astype(np.float64)


def split(n, y):
    idx = np.arange(n)
    _, test = train_test_split(idx, test_size=0.25, random_state=0, stratify=y)
    test = np.sort(test)
    train = np.setdiff1d(idx, test)
    return train, test


def regressors():
    return {
        "LinearRegression": LinearRegression(),
        "Ridge": Ridge(alpha=1.0, solver="cholesky"),
        "Lasso": Lasso(alpha=0.1, tol=1e-10, max_iter=100000),
        "ElasticNet": ElasticNet(alpha=0.1, l1_ratio=0.5, tol=1e-10, max_iter=100000),
    }


def regression_case(name, x, y, train, test, data=None):
    case = {"name": name, "test": [int(i) for i in test], "models": {}}
    if data is not None:
        case["x"] = {"shape": list(x.shape), "values": floats(x)}
        case["y"] = floats(y)
    for model_name, model in regressors().items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            model.fit(x[train], y[train])
        case["models"][model_name] = {
            "coefficients": floats(model.coef_),
            "intercept": float(model.intercept_),
            "score": float(model.score(x[test], y[test])),
        }
    return case


def classification_case(name, loader, l1=False, C=1.0, l1_ratio=1.0):
    x, y = bundled(loader)
    train, test = split(len(y), y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if l1:
            model = LogisticRegression(C=C, l1_ratio=l1_ratio, solver="saga", max_iter=100000, tol=1e-10)
        else:
            model = LogisticRegression(C=C, solver="lbfgs", max_iter=10000, tol=1e-10)
        model.fit(x[train], y[train])
    return {
        "name": name, "test": [int(i) for i in test], "C": C, "l1_ratio": l1_ratio if l1 else 0.0,
        "coefficients": {"shape": list(model.coef_.shape), "values": floats(model.coef_)},
        "intercept": floats(model.intercept_),
        "accuracy": float(model.score(x[test], y[test])),
        "iterations": int(model.n_iter_[0]),
    }


def main():
    xs, ys = make_regression(n_samples=200, n_features=10, n_informative=6, noise=5.0, random_state=0)
    xs = np.round(xs, 6)
    ys = np.round(ys, 6)
    train_s, test_s = np.arange(150), np.arange(150, 200)
    xb, yb = bundled(load_breast_cancer)
    train_b, test_b = split(len(yb), yb)
    out = {
        "generator": "scripts/reference/make_linear_fixtures.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__},
        "regression": [
            regression_case("synthetic", xs, ys, train_s, test_s, data=True),
            regression_case("breast_cancer", xb, yb, train_b, test_b),
        ],
        "classification": [
            classification_case("breast_cancer", load_breast_cancer),
            classification_case("iris", load_iris),
            classification_case("wine", load_wine),
            classification_case("digits", load_digits),
        ],
        "l1_classification": [
            classification_case("breast_cancer", load_breast_cancer, l1=True, C=0.1),
            classification_case("iris", load_iris, l1=True),
            classification_case("wine", load_wine, l1=True),
        ],
        "elastic_net_classification": [
            classification_case("breast_cancer", load_breast_cancer, l1=True, C=0.1, l1_ratio=0.5),
            classification_case("wine", load_wine, l1=True, l1_ratio=0.5),
        ],
    }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
