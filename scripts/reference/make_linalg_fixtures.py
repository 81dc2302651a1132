# make_linalg_fixtures.py — NumPy / scikit-learn reference values for the Swift linear-algebra tests.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_linalg_fixtures.py
# Writes (replacing) Tests/Fixtures/linalg/{decompositions,optimizers}.json.
#
# Deterministic: each case draws from np.random.default_rng(seed) with its own seed. Values are float64
# written with Python's shortest round-trip repr. Matrices are {"shape": [m, n], "values": [row-major]}.
#   decompositions.json: "eigh" (symmetric A, eigenvalues ascending), "svd" (A, singular values descending),
#                        "lstsq" (A, b, solution, residuals, rank, singular values; rcond=None).
#   optimizers.json:     "logistic" (X, y in {0,1}, LogisticRegression(lbfgs, C) coef/intercept, tightly converged),
#                        "elastic_net" (X, y, alpha, l1_ratio, fit_intercept, coef, intercept; ElasticNet/Lasso).
import json
import os
import platform
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "linalg")


def mat(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": [float(v) for v in a.ravel()]}


def vec(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def with_spectrum(rng, m, n, singular_values):
    u, _ = np.linalg.qr(rng.standard_normal((m, m)))
    v, _ = np.linalg.qr(rng.standard_normal((n, n)))
    s = np.zeros((m, n))
    k = len(singular_values)
    s[:k, :k] = np.diag(singular_values)
    return u @ s @ v.T


def versions():
    return {"numpy": np.__version__, "sklearn": sklearn.__version__, "python": platform.python_version()}


def decompositions():
    eigh = []
    for name, seed, n, kind in [("random5", 1, 5, "random"), ("random12", 2, 12, "random"),
                                ("spd8", 3, 8, "spd"), ("illConditioned6", 4, 6, "ill"),
                                ("repeated4", 5, 4, "repeated")]:
        rng = np.random.default_rng(seed)
        if kind == "random":
            b = rng.standard_normal((n, n)); a = (b + b.T) / 2
        elif kind == "spd":
            b = rng.standard_normal((n, n)); a = b @ b.T + n * np.eye(n)
        elif kind == "ill":
            q, _ = np.linalg.qr(rng.standard_normal((n, n)))
            a = q @ np.diag(np.logspace(-12, 0, n)) @ q.T; a = (a + a.T) / 2
        else:
            q, _ = np.linalg.qr(rng.standard_normal((n, n)))
            a = q @ np.diag([1.0, 2.0, 2.0, 5.0]) @ q.T; a = (a + a.T) / 2
        eigh.append({"name": name, "a": mat(a), "values": vec(np.linalg.eigh(a)[0])})
    svd = []
    for name, seed, m, n, kind in [("square9", 11, 9, 9, "random"), ("tall20x6", 12, 20, 6, "random"),
                                   ("wide5x13", 13, 5, 13, "random"), ("rankDeficient12x8", 14, 12, 8, "rank3"),
                                   ("illConditioned10x7", 15, 10, 7, "ill")]:
        rng = np.random.default_rng(seed)
        if kind == "random":
            a = rng.standard_normal((m, n))
        elif kind == "rank3":
            a = rng.standard_normal((m, 3)) @ rng.standard_normal((3, n))
        else:
            a = with_spectrum(rng, m, n, np.logspace(0, -11, min(m, n)))
        svd.append({"name": name, "a": mat(a), "values": vec(np.linalg.svd(a, compute_uv=False))})
    lstsq = []
    for name, seed, m, n, k, kind in [("overdetermined15x4", 21, 15, 4, 1, "random"),
                                      ("square6", 22, 6, 6, 2, "random"),
                                      ("underdetermined4x9", 23, 4, 9, 1, "random"),
                                      ("rankDeficient10x5", 24, 10, 5, 2, "rank2")]:
        rng = np.random.default_rng(seed)
        a = rng.standard_normal((m, n)) if kind == "random" else rng.standard_normal((m, 2)) @ rng.standard_normal((2, n))
        b = rng.standard_normal((m, k))
        x, res, rank, sv = np.linalg.lstsq(a, b, rcond=None)
        lstsq.append({"name": name, "a": mat(a), "b": mat(b), "solution": mat(x), "residuals": vec(res),
                      "rank": int(rank), "singularValues": vec(sv)})
    return {"versions": versions(), "generator": "scripts/reference/make_linalg_fixtures.py",
            "eigh": eigh, "svd": svd, "lstsq": lstsq}


def optimizers():
    rng = np.random.default_rng(31)
    n, p = 80, 4
    x = rng.standard_normal((n, p))
    logits = x @ np.array([1.5, -2.0, 0.5, 0.0]) + 0.3
    y = (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(np.float64)
    logistic = []
    for c in [1.0, 0.1]:
        model = LogisticRegression(C=c, solver="lbfgs", tol=1e-12, max_iter=10000).fit(x, y)
        logistic.append({"C": c, "coef": vec(model.coef_), "intercept": float(model.intercept_[0])})
    rng = np.random.default_rng(32)
    n, p = 60, 8
    xe = rng.standard_normal((n, p))
    xe[:, 3] = xe[:, 2] + 0.1 * rng.standard_normal(n)  # correlated pair
    ye = xe @ np.array([2.0, 0.0, -1.0, 1.0, 0.0, 0.0, 0.5, 0.0]) + 0.5 + 0.3 * rng.standard_normal(n)
    enet = []
    for alpha, l1, fit_intercept in [(0.1, 0.5, True), (0.05, 1.0, True), (0.2, 0.3, False), (0.01, 1.0, False)]:
        cls = Lasso if l1 == 1.0 else ElasticNet
        kwargs = {} if l1 == 1.0 else {"l1_ratio": l1}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            model = cls(alpha=alpha, fit_intercept=fit_intercept, tol=1e-12, max_iter=100000, **kwargs).fit(xe, ye)
        enet.append({"estimator": cls.__name__, "alpha": alpha, "l1Ratio": l1, "fitIntercept": fit_intercept,
                     "coef": vec(model.coef_), "intercept": float(model.intercept_)})
    return {"versions": versions(), "generator": "scripts/reference/make_linalg_fixtures.py",
            "logisticData": {"x": mat(x), "y": vec(y)}, "logistic": logistic,
            "elasticNetData": {"x": mat(xe), "y": vec(ye)}, "elasticNet": enet}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, content in [("decompositions", decompositions()), ("optimizers", optimizers())]:
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as f:
            json.dump(content, f, allow_nan=False, separators=(",", ":"))
            f.write("\n")
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
