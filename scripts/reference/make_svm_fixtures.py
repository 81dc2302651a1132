# make_svm_fixtures.py — scikit-learn reference values for ClassicML's support vector machines and isolation
# forest.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_svm_fixtures.py
# Writes (replacing) Tests/Fixtures/classicml/svm.json.
#
# Data: the bundled datasets as the Swift side sees them (features read as Float32, widened to float64),
# standardised over all rows with StandardScaler (as make_linear_fixtures.py); splits are stored as test-row
# indices: train_test_split(test_size=0.25, random_state=0, stratify=y), train = the rest in order.
# Per dataset (iris, wine, breast_cancer, digits):
#   svc_rbf   SVC() (C=1, RBF, gamma="scale", tol=1e-3)
#   svc_poly  SVC(kernel="poly", degree=3, coef0=1)
#     each: test accuracy and predictions, n_support_, support_ (indices into the training rows), dual_coef_,
#     intercept_, decision_function (default ovr shape) on the test rows and the one-vs-one decision values of
#     the first 40 test rows
#   svc_proba SVC(probability=True, random_state=0) (not digits): predict_proba of the test rows
#   linear_svc           LinearSVC() (squared hinge, C=1, dual="auto", tol=1e-4, max_iter=1000): test accuracy
#   linear_svc_exact     LinearSVC(dual=True, tol=1e-10, max_iter=1000000, random_state=0): coef_, intercept_, test accuracy
#   linear_svc_hinge     LinearSVC(loss="hinge", dual=True, tol=1e-10, max_iter=1000000, random_state=0): the same
# svr: make_regression(200, 5, noise=10, random_state=0) rounded to Float32 (the set of make_tree_fixtures.py, whose
#   stored copy the Swift test reads), first 150 rows train, last 50 test; SVR(C=100, epsilon=1) with the RBF and
#   linear kernels: support_, dual_coef_, intercept_, test predictions and R².
# isolation_forest: 400 inliers (two Gaussian blobs, sd 0.5, at ±2) and 40 outliers uniform on [−6, 6]², seed 0
#   (stored); IsolationForest(random_state=s) for s in 0..4: the AUROC of −score_samples against the outlier
#   labels (each, and their mean); contamination=0.1: the fraction of training rows predicted −1.
import json
import os
import platform
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine, make_regression
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR, LinearSVC

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "classicml", "svm.json")
LOADERS = {"iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer, "digits": load_digits}


def floats(a):
    # 10 significant digits: far below every tolerance the tests use, and a third smaller file.
    return [float(f"{v:.10g}") for v in np.asarray(a, dtype=np.float64).ravel()]


def svc_case(model, xtr, ytr, xte, yte):
    model.fit(xtr, ytr)
    p = model.predict(xte)
    ovo = SVC(**{**model.get_params(), "decision_function_shape": "ovo"}).fit(xtr, ytr)
    return {"accuracy": float((p == yte).mean()), "predictions": [int(v) for v in p],
            "n_support": [int(v) for v in model.n_support_], "support": [int(v) for v in model.support_],
            "dual_coef": floats(model.dual_coef_), "intercept": floats(model.intercept_),
            "gamma": float(model._gamma), "decision": floats(model.decision_function(xte)),
            "decision_ovo": floats(ovo.decision_function(xte[:40]))}


def linear_case(model, xtr, ytr, xte, yte):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(xtr, ytr)
    return {"accuracy": float((model.predict(xte) == yte).mean()), "coef": floats(model.coef_),
            "intercept": floats(model.intercept_), "iterations": int(np.max(model.n_iter_))}


def svr_cases():
    x, y = make_regression(n_samples=200, n_features=5, noise=10, random_state=0)
    x, y = x.astype(np.float32).astype(np.float64), y.astype(np.float32).astype(np.float64)
    out = {}
    for kernel in ["rbf", "linear"]:
        m = SVR(C=100, epsilon=1, kernel=kernel).fit(x[:150], y[:150])
        out[kernel] = {"support": [int(v) for v in m.support_], "dual_coef": floats(m.dual_coef_), "intercept": float(m.intercept_[0]),
                       "predictions": floats(m.predict(x[150:])), "r2": float(m.score(x[150:], y[150:]))}
    return out


def isolation_case():
    rng = np.random.RandomState(0)
    inliers = np.concatenate([rng.randn(200, 2) * 0.5 + 2, rng.randn(200, 2) * 0.5 - 2])
    outliers = rng.uniform(-6, 6, size=(40, 2))
    x = np.round(np.concatenate([inliers, outliers]), 6)
    truth = np.r_[np.zeros(400), np.ones(40)]
    aucs = [float(roc_auc_score(truth, -IsolationForest(random_state=s).fit(x).score_samples(x))) for s in range(5)]
    fraction = float((IsolationForest(contamination=0.1, random_state=0).fit(x).predict(x) == -1).mean())
    return {"x": floats(x), "rows": int(x.shape[0]), "outliers": 40, "auroc": aucs, "auroc_mean": float(np.mean(aucs)),
            "contamination_0_1_outlier_fraction": fraction}


def main():
    out = {"generator": {"script": "scripts/reference/make_svm_fixtures.py", "sklearn": sklearn.__version__,
                         "numpy": np.__version__, "scipy": scipy.__version__, "python": platform.python_version()},
           "classification": []}
    for name, loader in LOADERS.items():
        d = loader()
        x = StandardScaler().fit_transform(d.data.astype(np.float32).astype(np.float64))
        y = d.target
        idx = np.arange(len(y))
        _, test = train_test_split(idx, test_size=0.25, random_state=0, stratify=y)
        test = np.sort(test)
        train = np.setdiff1d(idx, test)
        xtr, ytr, xte, yte = x[train], y[train], x[test], y[test]
        case = {"dataset": name, "test": [int(i) for i in test],
                "svc_rbf": svc_case(SVC(), xtr, ytr, xte, yte),
                "svc_poly": svc_case(SVC(kernel="poly", degree=3, coef0=1), xtr, ytr, xte, yte),
                "linear_svc": linear_case(LinearSVC(random_state=0), xtr, ytr, xte, yte),
                "linear_svc_exact": linear_case(LinearSVC(dual=True, tol=1e-10, max_iter=1000000, random_state=0), xtr, ytr, xte, yte),
                "linear_svc_hinge": linear_case(LinearSVC(loss="hinge", dual=True, tol=1e-10, max_iter=1000000, random_state=0), xtr, ytr, xte, yte)}
        if name != "digits":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)  # sklearn 1.9 deprecates probability=True
                case["svc_proba"] = {
                    "probabilities": floats(SVC(probability=True, random_state=0).fit(xtr, ytr).predict_proba(xte))}
        out["classification"].append(case)
    out["svr"] = svr_cases()
    out["isolation_forest"] = isolation_case()
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
