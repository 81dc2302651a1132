# make_metric_fixtures.py — reference values for the Evaluation module's metrics, computed with scikit-learn.
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_metric_fixtures.py
#
# Writes Tests/Fixtures/evaluation/metrics.json:
#   generator         package versions and the command
#   labels            label-only cases: accuracy, balanced accuracy, confusion matrix, and
#                     precision_recall_fscore_support for every average / zero_division, with and without
#                     sample weights (binary; 4 classes with one never predicted; predictions holding a label
#                     the truth lacks)
#   binary_ranking    roc_curve (drop_intermediate=True), roc_auc_score, precision_recall_curve (both ways),
#                     average_precision_score and log_loss on scores with many ties, with and without weights
#                     (some weights 0)
#   multiclass_proba  one-vs-rest roc_auc_score and average_precision_score (macro, weighted, micro) and
#                     log_loss on 4-class probability matrices (one true-class probability exactly 0)
#   regression        mean_absolute_error, mean_squared_error, root_mean_squared_error, r2_score
#   clustering        silhouette_samples / silhouette_score (euclidean) on 3 blobs in 2-D (and with a
#                     singleton cluster), rand_score and adjusted_rand_score
# Non-finite numbers are written as the strings "inf" and "nan". Deterministic: fixed seeds.
import json
import math
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn import metrics
from sklearn.datasets import make_blobs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "evaluation", "metrics.json")


def clean(x):
    """JSON-safe: numpy to Python, inf/nan as strings."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    return x


def weights_for(rng, n):
    w = rng.uniform(0.5, 2.0, n).round(3)
    w[rng.choice(n, 3, replace=False)] = 0.0
    return w


def label_case(name, truth, predicted, weights, averages):
    results = []
    for average, pos_label in averages:
        for zero_division in (0.0, 1.0, np.nan):
            for weighted in (False, True):
                p, r, f, _ = metrics.precision_recall_fscore_support(
                    truth, predicted, average=average, pos_label=pos_label, zero_division=zero_division,
                    sample_weight=weights if weighted else None)
                results.append({"average": average, "pos_label": pos_label, "zero_division": zero_division,
                                "weighted": weighted, "precision": p, "recall": r, "f1": f})
    return {"name": name, "truth": truth, "predicted": predicted, "weights": weights,
            "accuracy": metrics.accuracy_score(truth, predicted),
            "balanced_accuracy": metrics.balanced_accuracy_score(truth, predicted),
            "confusion_matrix": metrics.confusion_matrix(truth, predicted),
            "prf": results}


def labels_cases():
    rng = np.random.default_rng(1)
    cases = []
    t = rng.integers(0, 2, 50)
    p = np.where(rng.random(50) < 0.7, t, 1 - t)
    multi = [("macro", 1), ("micro", 1), ("weighted", 1)]
    cases.append(label_case("binary", t, p, weights_for(rng, 50), [("binary", 1), ("binary", 0)] + multi))
    t = rng.integers(0, 4, 80)
    p = np.where(rng.random(80) < 0.6, t, rng.integers(0, 4, 80))
    p[p == 3] = 2  # class 3 is never predicted: precision divides by zero
    cases.append(label_case("multiclass-4", t, p, weights_for(rng, 80), multi))
    t = rng.integers(0, 3, 40)
    p = rng.integers(0, 4, 40)  # label 3 only in the predictions: recall divides by zero
    cases.append(label_case("extra-predicted-label", t, p, weights_for(rng, 40), multi))
    return cases


def curves(truth, scores, weights):
    out = {}
    for suffix, w in (("", None), ("_weighted", weights)):
        fpr, tpr, thr = metrics.roc_curve(truth, scores, sample_weight=w)
        prec, rec, pthr = metrics.precision_recall_curve(truth, scores, sample_weight=w)
        out["roc_curve" + suffix] = {"fpr": fpr, "tpr": tpr, "thresholds": thr}
        out["roc_auc" + suffix] = metrics.roc_auc_score(truth, scores, sample_weight=w)
        out["pr_curve" + suffix] = {"precision": prec, "recall": rec, "thresholds": pthr}
        prec, rec, pthr = metrics.precision_recall_curve(truth, scores, sample_weight=w, drop_intermediate=True)
        out["pr_curve_dropped" + suffix] = {"precision": prec, "recall": rec, "thresholds": pthr}
        out["average_precision" + suffix] = metrics.average_precision_score(truth, scores, sample_weight=w)
        if scores.min() >= 0 and scores.max() <= 1:
            out["log_loss" + suffix] = metrics.log_loss(truth, scores, sample_weight=w)
    return out


def binary_ranking_cases():
    rng = np.random.default_rng(2)
    cases = []
    t = rng.integers(0, 2, 60)
    s = np.clip(0.5 * rng.random(60) + 0.4 * t, 0, 1).round(1)  # probabilities with many ties, some 0 and 1
    s[:2] = [0.0, 1.0]
    w = weights_for(rng, 60)
    cases.append({"name": "probabilities-with-ties", "truth": t, "scores": s, "weights": w, **curves(t, s, w)})
    t = rng.integers(0, 2, 45)
    s = (rng.normal(size=45) + 1.2 * t).round(1)  # decision-function scores, negative too
    w = weights_for(rng, 45)
    cases.append({"name": "decision-scores", "truth": t, "scores": s, "weights": w, **curves(t, s, w)})
    t = rng.integers(0, 2, 30)
    s = rng.random(30)  # no ties
    w = weights_for(rng, 30)
    cases.append({"name": "distinct-scores", "truth": t, "scores": s, "weights": w, **curves(t, s, w)})
    return cases


def multiclass_cases():
    rng = np.random.default_rng(4)
    cases = []
    for name, n, ties in (("softmax", 80, False), ("rounded-with-ties", 60, True)):
        t = rng.integers(0, 4, n)
        logits = rng.normal(size=(n, 4)) + 1.5 * np.eye(4)[t]
        proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        if ties:
            proba = proba.round(1)
            proba[:, 3] = 1 - proba[:, :3].sum(axis=1)
            proba = np.clip(proba, 0, 1)
            proba /= proba.sum(axis=1, keepdims=True)
        t[0] = 0
        proba[0] = [0.0, 1.0, 0.0, 0.0]  # a true-class probability of exactly 0: log loss clips it
        w = weights_for(rng, n)
        case = {"name": name, "truth": t, "proba": proba, "weights": w}
        for suffix, sw in (("", None), ("_weighted", w)):
            case["roc_auc" + suffix] = {a: metrics.roc_auc_score(t, proba, multi_class="ovr", average=a, sample_weight=sw)
                                        for a in ("macro", "weighted", "micro")}
            case["average_precision" + suffix] = {a: metrics.average_precision_score(t, proba, average=a, sample_weight=sw)
                                                  for a in ("macro", "weighted", "micro")}
            case["log_loss" + suffix] = metrics.log_loss(t, proba, sample_weight=sw)
        cases.append(case)
    return cases


def regression_cases():
    rng = np.random.default_rng(5)
    t = rng.normal(3, 2, 50)
    p = t + rng.normal(0, 0.8, 50)
    return [{"name": "noisy-linear", "truth": t, "predicted": p,
             "mae": metrics.mean_absolute_error(t, p), "mse": metrics.mean_squared_error(t, p),
             "rmse": metrics.root_mean_squared_error(t, p), "r2": metrics.r2_score(t, p)}]


def clustering_cases():
    x, y = make_blobs(n_samples=45, centers=3, n_features=2, cluster_std=1.5, random_state=6)
    rng = np.random.default_rng(6)
    noisy = np.where(rng.random(45) < 0.8, y, rng.integers(0, 3, 45))
    singleton = noisy.copy()
    singleton[0] = 7  # a cluster of one sample: its silhouette is 0
    cases = []
    for name, labels in (("blobs-true", y), ("blobs-noisy", noisy), ("singleton-cluster", singleton)):
        cases.append({"name": name, "points": x, "labels": labels, "reference": y,
                      "silhouette": metrics.silhouette_score(x, labels),
                      "silhouette_samples": metrics.silhouette_samples(x, labels),
                      "rand": metrics.rand_score(y, labels),
                      "adjusted_rand": metrics.adjusted_rand_score(y, labels)})
    return cases


def main():
    data = {
        "generator": {"script": "scripts/reference/make_metric_fixtures.py", "python": platform.python_version(),
                      "numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
                      "command": " ".join([os.path.basename(sys.executable)] + sys.argv)},
        "labels": labels_cases(),
        "binary_ranking": binary_ranking_cases(),
        "multiclass_proba": multiclass_cases(),
        "regression": regression_cases(),
        "clustering": clustering_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(clean(data), f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
