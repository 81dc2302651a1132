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
#   tree_full / tree_depth5   DecisionTreeClassifier(max_depth=None / 5, random_state=0)
#   tree_entropy              DecisionTreeClassifier(criterion="entropy", random_state=0)
#   tree_seed3                DecisionTreeClassifier(random_state=3)
#   tree_sqrt_seed7           DecisionTreeClassifier(max_features="sqrt", random_state=7)
#     each: test predictions and accuracy, depth, leaves, the nodes (tree_.n_node_samples, tree_.impurity,
#     children, tree_.feature, tree_.threshold), and accuracy_range: min and max test accuracy over random_state
#     0..19 (how far tie-breaking alone moves it)
#   forest                    RandomForestClassifier(100, random_state=0): test accuracy, and (not on digits) its
#                             accuracy_range over random_state 0..4
# regression: make_regression(200, 5, noise=10, random_state=0) rounded to Float32 (stored: it is not bundled),
# first 150 rows train, last 50 test; DecisionTreeRegressor(None / 5, random_state=0) and RandomForestRegressor(100)
# test R²; trees also their nodes and test predictions and r2_range over random_state 0..19, the forest over 0..4.
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


def structure(m):
    # Node sizes and impurities in scikit-learn's node order (depth first, left child first): equal arrays mean the
    # same tree up to which of several equally good features a split uses.
    t = m.tree_
    return {"depth": int(m.get_depth()), "leaves": int(m.get_n_leaves()),
            "node_samples": [int(v) for v in t.n_node_samples], "impurity": [float(v) for v in t.impurity],
            "left": [int(v) for v in t.children_left], "right": [int(v) for v in t.children_right],
            "feature": [int(v) for v in t.feature], "threshold": [float(v) for v in t.threshold]}


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
                           ("tree_seed3", DecisionTreeClassifier(random_state=3)),
                           ("tree_sqrt_seed7", DecisionTreeClassifier(max_features="sqrt", random_state=7)),
                           ("forest", RandomForestClassifier(n_estimators=100, random_state=0))]:
            m = model.fit(x[train], y[train])
            p = m.predict(x[test])
            case[key] = {"accuracy": float((p == y[test]).mean())}
            if key.startswith("tree"):
                case[key].update(structure(m))
                case[key]["predictions"] = [int(v) for v in p]
                # sklearn breaks ties between equally good splits by a random feature order: the spread of test
                # accuracy over random_state 0..19 is the range a different (valid) tie rule may land in.
                spread = [float((model.set_params(random_state=s).fit(x[train], y[train]).predict(x[test]) == y[test]).mean())
                          for s in range(20)]
                case[key]["accuracy_range"] = [min(spread), max(spread)]
            elif name != "digits":
                spread = [float((model.set_params(random_state=s).fit(x[train], y[train]).predict(x[test]) == y[test]).mean())
                          for s in range(5)]
                case[key]["accuracy_range"] = [min(spread), max(spread)]
        out["classification"].append(case)

    x, y = make_regression(n_samples=200, n_features=5, noise=10, random_state=0)
    x, y = x.astype(np.float32).astype(np.float64), y.astype(np.float32).astype(np.float64)
    reg = {"x": [float(v) for v in x.ravel()], "y": [float(v) for v in y], "rows": 200, "columns": 5, "train": 150}
    for key, model in [("tree_full", DecisionTreeRegressor(random_state=0)),
                       ("tree_depth5", DecisionTreeRegressor(max_depth=5, random_state=0)),
                       ("forest", RandomForestRegressor(n_estimators=100, random_state=0))]:
        m = model.fit(x[:150], y[:150])
        reg[key] = {"r2": float(m.score(x[150:], y[150:]))}
        if key.startswith("tree"):
            reg[key].update(structure(m))
            reg[key]["predictions"] = [float(v) for v in m.predict(x[150:])]
            spread = [float(model.set_params(random_state=s).fit(x[:150], y[:150]).score(x[150:], y[150:])) for s in range(20)]
        else:
            spread = [float(model.set_params(random_state=s).fit(x[:150], y[:150]).score(x[150:], y[150:])) for s in range(5)]
        reg[key]["r2_range"] = [min(spread), max(spread)]
    out["regression"] = reg
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
