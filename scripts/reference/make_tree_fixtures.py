# make_tree_fixtures.py — reference values for ClassicML's decision trees and random forests, computed with
# scikit-learn.
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_tree_fixtures.py
#
# Writes Tests/Fixtures/classicml/trees.json. Features are sklearn's bundled datasets cast to Float32 and back
# (SwiftLearn's BundledDataset loads Float32). Splits are stored as test-index lists (train = the rest, in
# order): train_test_split(test_size=0.25, random_state=0, stratify=y). Per dataset (iris, wine, breast_cancer,
# digits):
#   tree_full / tree_depth5   DecisionTreeClassifier(max_depth=None / 5, random_state=0): test predictions, accuracy
#   tree_entropy              DecisionTreeClassifier(criterion="entropy", random_state=0): test accuracy
#   forest                    RandomForestClassifier(100, random_state=0): test accuracy
# regression: make_regression(200, 5, noise=10, random_state=0) rounded to Float32 (stored: it is not bundled),
# first 150 rows train, last 50 test; DecisionTreeRegressor(None / 5) and RandomForestRegressor(100) test R².
import json
import os
import platform

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine, make_regression
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "classicml", "trees.json")
LOADERS = {"iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer, "digits": load_digits}


def main():
    out = {"generator": {"script": "scripts/reference/make_tree_fixtures.py", "sklearn": sklearn.__version__,
                         "numpy": np.__version__, "scipy": scipy.__version__, "python": platform.python_version()},
           "classification": []}
    for name, loader in LOADERS.items():
        d = loader()
        x, y = d.data.astype(np.float32).astype(np.float64), d.target
        idx = np.arange(len(y))
        train, test = train_test_split(idx, test_size=0.25, random_state=0, stratify=y)
        test = np.sort(test)
        train = np.array([i for i in idx if i not in set(test)])
        case = {"dataset": name, "test": [int(i) for i in test]}
        for key, model in [("tree_full", DecisionTreeClassifier(random_state=0)),
                           ("tree_depth5", DecisionTreeClassifier(max_depth=5, random_state=0)),
                           ("tree_entropy", DecisionTreeClassifier(criterion="entropy", random_state=0)),
                           ("forest", RandomForestClassifier(n_estimators=100, random_state=0))]:
            m = model.fit(x[train], y[train])
            p = m.predict(x[test])
            case[key] = {"accuracy": float((p == y[test]).mean())}
            if key.startswith("tree"):
                case[key]["predictions"] = [int(v) for v in p]
                case[key]["depth"] = int(m.get_depth())
                case[key]["leaves"] = int(m.get_n_leaves())
        out["classification"].append(case)

    x, y = make_regression(n_samples=200, n_features=5, noise=10, random_state=0)
    x, y = x.astype(np.float32).astype(np.float64), y.astype(np.float32).astype(np.float64)
    reg = {"x": [float(v) for v in x.ravel()], "y": [float(v) for v in y], "rows": 200, "columns": 5, "train": 150}
    for key, model in [("tree_full", DecisionTreeRegressor(random_state=0)),
                       ("tree_depth5", DecisionTreeRegressor(max_depth=5, random_state=0)),
                       ("forest", RandomForestRegressor(n_estimators=100, random_state=0))]:
        reg[key] = {"r2": float(model.fit(x[:150], y[:150]).score(x[150:], y[150:]))}
    out["regression"] = reg
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
