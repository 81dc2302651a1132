# make_dataset_fixtures.py — reference numbers for the Datasets module tests, computed with scikit-learn.
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_dataset_fixtures.py
#
# Writes Tests/Fixtures/datasets/reference.json:
#   generator      package versions and the command
#   datasets       per bundled dataset (sklearn.datasets.load_*): shape, class names and counts, feature
#                  names, per-column sums (float64), first row
#   preprocessing  StandardScaler / MinMaxScaler / SimpleImputer / OneHotEncoder / LabelEncoder fitted
#                  attributes and transforms; inputs are float32 values (so Swift sees identical numbers)
#   splits         KFold and StratifiedKFold (no shuffle: sklearn's fold assignment is deterministic then)
# and Tests/Fixtures/datasets/csv_differential.json (RELIABILITY.md C2): 1,000 random RFC 4180 texts written
#   by Python's csv.writer (random fields with delimiters, quotes, LF/CRLF inside fields, non-ASCII; LF or
#   CRLF record ends) and the rows csv.reader reads back from them.
# NaN is written as the string "NaN". Deterministic: a fixed seed for the CSV texts.
import csv
import io
import json
import os
import random
import platform
import sys

import numpy as np
import sklearn
from sklearn import datasets, preprocessing, impute, model_selection

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "datasets", "reference.json")
CSV_OUT = os.path.join(ROOT, "Tests", "Fixtures", "datasets", "csv_differential.json")


def csv_differential(count=1000, seed=20261123):
    """Random CSV texts from csv.writer and the rows csv.reader parses from them."""
    rng = random.Random(seed)
    pieces = ["a", "b", "xyz", "1.5", ",", '"', "\n", "\r\n", " ", "é", "日本", "😀", "\t", ""]
    cases = []
    for _ in range(count):
        columns = rng.randint(1, 5)
        rows = [["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(columns)]
                for _ in range(rng.randint(1, 8))]
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
        text = buffer.getvalue()
        parsed = [row for row in csv.reader(io.StringIO(text, newline="")) if row != []]
        cases.append({"text": text, "rows": parsed})
    return cases


def clean(x):
    """JSON-safe nested lists: NaN → "NaN", numpy scalars → Python numbers."""
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (float, np.floating)):
        return "NaN" if np.isnan(x) else float(x)
    if isinstance(x, np.integer):
        return int(x)
    return x


def f32(a):
    """The float32 values of `a`, as float64 (exactly what a Swift Float tensor holds)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def dataset_entry(bunch):
    X, y = bunch.data, bunch.target
    return {
        "shape": list(X.shape),
        "class_names": [str(n) for n in bunch.target_names],
        "class_counts": np.bincount(y).tolist(),
        "feature_names": [str(n) for n in bunch.feature_names],
        "column_sums": X.sum(axis=0),
        "first_row": X[0],
        "first_targets": y[:10],
    }


def main():
    out = {
        "generator": {
            "script": "scripts/reference/make_dataset_fixtures.py",
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "datasets": {
            "iris": dataset_entry(datasets.load_iris()),
            "wine": dataset_entry(datasets.load_wine()),
            "breast_cancer": dataset_entry(datasets.load_breast_cancer()),
            "digits": dataset_entry(datasets.load_digits()),
        },
    }

    wine = f32(datasets.load_wine().data)
    pre = {}
    s = preprocessing.StandardScaler().fit(wine)
    t = s.transform(wine)
    pre["standard_wine"] = {"mean": s.mean_, "scale": s.scale_, "var": s.var_,
                            "first_rows": t[:10], "column_abs_sums": np.abs(t).sum(axis=0)}
    const = f32([[1, 5, 2], [1, 7, 3], [1, 9, 7], [1, 11, 8]])
    s = preprocessing.StandardScaler().fit(const)
    pre["standard_constant"] = {"input": const, "mean": s.mean_, "scale": s.scale_, "transform": s.transform(const)}
    m = preprocessing.MinMaxScaler(feature_range=(-1, 2)).fit(wine)
    t = m.transform(wine)
    pre["minmax_wine"] = {"feature_range": [-1, 2], "data_min": m.data_min_, "data_max": m.data_max_,
                          "scale": m.scale_, "min": m.min_, "first_rows": t[:10], "column_sums": t.sum(axis=0)}
    m = preprocessing.MinMaxScaler().fit(const)
    pre["minmax_constant"] = {"transform": m.transform(const)}

    # Iris with every 7th value (row-major) set missing, plus an all-missing column.
    iris = f32(datasets.load_iris().data)
    holes = iris.copy().ravel()
    holes[::7] = np.nan
    holes = holes.reshape(iris.shape)
    holes = np.hstack([holes, np.full((holes.shape[0], 1), np.nan)])
    imputers = {}
    for strategy in ["mean", "median", "most_frequent"]:
        im = impute.SimpleImputer(strategy=strategy).fit(holes)
        imputers[strategy] = {"statistics": im.statistics_, "transform": im.transform(holes)}
    im = impute.SimpleImputer(strategy="constant", fill_value=-1.5, keep_empty_features=True).fit(holes)
    imputers["constant"] = {"fill_value": -1.5, "transform": im.transform(holes)}
    im = impute.SimpleImputer(strategy="mean", keep_empty_features=True).fit(holes)
    imputers["mean_keep_empty"] = {"statistics": im.statistics_, "transform": im.transform(holes)}
    pre["imputer"] = {"input": holes, "strategies": imputers}

    cats = np.array([[0, 10], [2, 10], [1, 30], [2, 20], [0, 30]], dtype=np.float64)
    enc = preprocessing.OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(cats)
    unseen = np.array([[1, 20], [3, 10]], dtype=np.float64)
    pre["onehot"] = {"input": cats, "categories": [c.tolist() for c in enc.categories_],
                     "transform": enc.transform(cats), "unseen": unseen, "unseen_transform": enc.transform(unseen),
                     "feature_names": enc.get_feature_names_out(["a", "b"]).tolist()}
    labels = ["virginica", "setosa", "versicolor", "setosa", "virginica"]
    le = preprocessing.LabelEncoder().fit(labels)
    pre["label_encoder"] = {"input": labels, "classes": le.classes_.tolist(), "transform": le.transform(labels)}
    out["preprocessing"] = pre

    splits = {}
    kf = model_selection.KFold(n_splits=5)
    splits["kfold_23_5"] = [test.tolist() for _, test in kf.split(np.zeros(23))]
    y = np.array([0, 0, 1, 1, 1, 2, 2, 2, 2, 0, 1, 2, 2, 0, 1, 1, 2, 0, 2, 2])
    skf = model_selection.StratifiedKFold(n_splits=3)
    splits["stratified_y"] = y
    splits["stratified_3"] = [test.tolist() for _, test in skf.split(np.zeros(len(y)), y)]
    out["splits"] = splits

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(clean(out), f, indent=1)
        f.write("\n")
    with open(CSV_OUT, "w") as f:
        json.dump({"generator": {"script": "scripts/reference/make_dataset_fixtures.py", "python": platform.python_version(),
                                 "note": "csv.writer texts and csv.reader rows; blank lines (csv yields []) left out"},
                   "cases": csv_differential()}, f, indent=0, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)} with scikit-learn {sklearn.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
