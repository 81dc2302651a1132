# make_boosting_fixtures.py — reference values for ClassicML's histogram gradient boosting, computed with
# scikit-learn's HistGradientBoostingClassifier / HistGradientBoostingRegressor.
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_boosting_fixtures.py
#
# Writes Tests/Fixtures/classicml/boosting.json. Features are sklearn's bundled datasets cast to Float32 and back
# (SwiftLearn's BundledDataset loads Float32). Splits as make_tree_fixtures.py: test-index lists (train = the
# rest, in order) from train_test_split(test_size=0.25, random_state=0, stratify=y).
#   classification  iris, wine, breast_cancer, digits: HistGradientBoostingClassifier(early_stopping=False,
#                   random_state=0), otherwise default: test accuracy, n_iter_, and the first 5 test rows'
#                   predict_proba; digits also with early_stopping=True: accuracy and n_iter_ over random_state 0..4
#                   (the validation split is random, so a range).
#   missing         breast_cancer with 15% of the feature cells set to NaN (numpy default_rng(0), stored as the
#                   list of flat indices into the row-major matrix), same split and classifier: test accuracy.
#   regression      load_diabetes (stored: it is not bundled), rounded to Float32, test rows from
#                   train_test_split(test_size=0.25, random_state=0); HistGradientBoostingRegressor(early_stopping=
#                   False) with loss squared_error / absolute_error (test R²) and quantile 0.9 / 0.1 (test coverage:
#                   the fraction of test targets ≤ the prediction, and the mean prediction).
import json
import os
import platform

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.model_selection import train_test_split

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "classicml", "boosting.json")
LOADERS = {"iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer, "digits": load_digits}


def stratified_split(y):
    idx = np.arange(len(y))
    _, test = train_test_split(idx, test_size=0.25, random_state=0, stratify=y)
    test = np.sort(test)
    train = np.array([i for i in idx if i not in set(test)])
    return train, test


def main():
    out = {"generator": {"script": "scripts/reference/make_boosting_fixtures.py", "sklearn": sklearn.__version__,
                         "numpy": np.__version__, "scipy": scipy.__version__, "python": platform.python_version()},
           "classification": []}
    for name, loader in LOADERS.items():
        d = loader()
        x, y = d.data.astype(np.float32).astype(np.float64), d.target
        train, test = stratified_split(y)
        m = HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(x[train], y[train])
        case = {"dataset": name, "test": [int(i) for i in test],
                "accuracy": float((m.predict(x[test]) == y[test]).mean()), "n_iter": int(m.n_iter_),
                "probabilities": [float(v) for v in m.predict_proba(x[test[:5]]).ravel()]}
        if name == "digits":
            runs = [HistGradientBoostingClassifier(early_stopping=True, random_state=s).fit(x[train], y[train])
                    for s in range(5)]
            accs = [float((r.predict(x[test]) == y[test]).mean()) for r in runs]
            case["early_stopping"] = {"accuracy_range": [min(accs), max(accs)],
                                      "n_iter_range": [min(r.n_iter_ for r in runs), max(r.n_iter_ for r in runs)]}
        out["classification"].append(case)

    d = load_breast_cancer()
    x, y = d.data.astype(np.float32).astype(np.float64), d.target
    rng = np.random.default_rng(0)
    holes = np.sort(rng.choice(x.size, size=int(0.15 * x.size), replace=False))
    xm = x.copy().ravel()
    xm[holes] = np.nan
    xm = xm.reshape(x.shape)
    train, test = stratified_split(y)
    m = HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(xm[train], y[train])
    out["missing"] = {"dataset": "breast_cancer", "nan_indices": [int(i) for i in holes], "test": [int(i) for i in test],
                      "accuracy": float((m.predict(xm[test]) == y[test]).mean())}

    x, y = load_diabetes(return_X_y=True)
    x, y = x.astype(np.float32).astype(np.float64), y.astype(np.float32).astype(np.float64)
    idx = np.arange(len(y))
    _, test = train_test_split(idx, test_size=0.25, random_state=0)
    test = np.sort(test)
    train = np.array([i for i in idx if i not in set(test)])
    reg = {"x": [float(v) for v in x.ravel()], "y": [float(v) for v in y], "rows": x.shape[0], "columns": x.shape[1],
           "test": [int(i) for i in test]}
    for loss in ["squared_error", "absolute_error"]:
        m = HistGradientBoostingRegressor(loss=loss, early_stopping=False, random_state=0).fit(x[train], y[train])
        reg[loss] = {"r2": float(m.score(x[test], y[test])), "n_iter": int(m.n_iter_)}
    for q in [0.9, 0.1]:
        m = HistGradientBoostingRegressor(loss="quantile", quantile=q, early_stopping=False, random_state=0)
        p = m.fit(x[train], y[train]).predict(x[test])
        reg[f"quantile_{q}"] = {"coverage": float((y[test] <= p).mean()), "mean_prediction": float(p.mean())}
    out["regression"] = reg
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
