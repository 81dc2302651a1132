# make_calibration_fixtures.py — reference values for Evaluation's calibration metrics and recalibrators,
# computed with netcal and scikit-learn on fixed inputs stored in the fixture.
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh plus netcal):
#   PY="$(bash scripts/setup-reference.sh)"; "$PY" -m pip install netcal==1.4.0
#   "$PY" scripts/reference/make_calibration_fixtures.py
#
# Writes Tests/Fixtures/evaluation/calibration.json:
#   generator     package versions and the command
#   multiclass    held-out logits/labels of a seeded 4-class logistic regression (logits scaled by 2.5 so the
#                 model is over-confident), split into a calibration half and a test half; with
#                 netcal ECE (equal width, 10 and 15 bins) and MCE (10 bins) of the test probabilities;
#                 netcal TemperatureScaling (its "temperature" is the logit multiplier 1/T) and scikit-learn's
#                 _TemperatureScaling (beta_ = 1/T) fitted on the calibration half;
#                 brier_score_loss and log_loss of the test probabilities;
#                 CalibratedClassifierCV(FrozenEstimator, method sigmoid / isotonic) test probabilities from the
#                 model's decision values
#   binary        positive-class probabilities (a seeded binary model plus hand-made values lying on bin edges):
#                 calibration_curve for strategy uniform/quantile and several n_bins, with the bin edges and
#                 counts scikit-learn's binning gives (np.searchsorted(edges[1:-1], p), as calibration_curve)
#                 and the ECE of those bins; brier_score_loss (1-D and 2-column with scale_by_half=False)
#   platt         _sigmoid_calibration (a, b) on binary decision values, also scaled past |f| = 30
#   isotonic      IsotonicRegression fits with tied x, weights (some 0), decreasing, y bounds; thresholds and
#                 predictions on a grid reaching outside the fitted range (out_of_bounds nan and clip)
#   binary_ccv    CalibratedClassifierCV sigmoid/isotonic on a binary model's 1-D decision values
#   uncertainty   a seeded T x N x C probability stack with scipy.stats.entropy of the mean and the mean
#                 entropy; torch GaussianNLLLoss(full=True, eps=1e-12) and scipy.stats.norm.ppf interval
#                 coverage of Gaussian predictions; Mahalanobis distances as Lee et al.'s code computes them
#                 (sklearn EmpiricalCovariance on class-centred features); roc_auc_score and the FPR at 95% TPR
#                 from roc_curve(drop_intermediate=False); AURC as Geifman et al.'s loop over the sorted samples
import json
import os
import platform

import netcal
import numpy as np
import scipy
import sklearn
import torch
from netcal.metrics import ECE, MCE
from netcal.scaling import TemperatureScaling
from sklearn.calibration import CalibratedClassifierCV, _sigmoid_calibration, _TemperatureScaling, calibration_curve
from sklearn.datasets import make_classification
from sklearn.frozen import FrozenEstimator
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from scipy.stats import entropy, norm
from sklearn.covariance import EmpiricalCovariance
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score, roc_curve

from make_metric_fixtures import clean  # numpy → JSON-safe values (inf/nan as strings)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "evaluation", "calibration.json")


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def multiclass():
    x, y = make_classification(n_samples=1000, n_features=10, n_informative=6, n_redundant=2, n_classes=4,
                               n_clusters_per_class=1, class_sep=0.8, flip_y=0.05, random_state=0)
    model = LogisticRegression(max_iter=1000).fit(x[:400], y[:400])
    logits = 2.5 * model.decision_function(x[400:])
    labels = y[400:]
    cal, test = slice(0, 300), slice(300, 600)
    p_test = softmax(logits[test])
    netcal_ts = TemperatureScaling().fit(softmax(logits[cal]), labels[cal])
    sk_ts = _TemperatureScaling().fit(logits[cal], labels[cal])
    out = {"logits_cal": logits[cal], "labels_cal": labels[cal], "logits_test": logits[test],
           "labels_test": labels[test], "proba_test": p_test,
           "netcal_ece_10": ECE(bins=10).measure(p_test, labels[test]),
           "netcal_ece_15": ECE(bins=15).measure(p_test, labels[test]),
           "netcal_mce_10": MCE(bins=10).measure(p_test, labels[test]),
           "netcal_temperature_multiplier": float(np.asarray(netcal_ts.temperature).ravel()[0]),
           "netcal_ts_proba_test": netcal_ts.transform(p_test),
           "sklearn_temperature_beta": float(sk_ts.beta_),
           "brier": brier_score_loss(labels[test], p_test),
           "log_loss": log_loss(labels[test], p_test)}
    # Recalibration of the unscaled model's decision values, as CalibratedClassifierCV does it.
    xc, yc, xt = x[400:700], y[400:700], x[700:1000]
    out["decision_cal"] = model.decision_function(xc)
    out["decision_test"] = model.decision_function(xt)
    for method in ("sigmoid", "isotonic"):
        ccv = CalibratedClassifierCV(FrozenEstimator(model), method=method).fit(xc, yc)
        out[f"ccv_{method}_proba_test"] = ccv.predict_proba(xt)
    return out


def binary():
    x, y = make_classification(n_samples=600, n_features=6, n_informative=3, flip_y=0.1, random_state=1)
    model = LogisticRegression().fit(x[:300], y[:300])
    p = model.predict_proba(x[300:])[:, 1]
    truth = y[300:]
    # Values exactly on equal-width edges and repeated values, to pin the (a, b] convention.
    edge_p = np.array([0.0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.4, 0.4, 0.5, 0.6, 0.7, 0.8, 0.8, 0.9, 1.0, 1.0, 0.25, 0.75])
    edge_t = np.array([0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1])
    cases = []
    for name, pp, tt in (("model", p, truth), ("edges", edge_p, edge_t)):
        curves = []
        for strategy in ("uniform", "quantile"):
            for n_bins in (1, 3, 5, 10, 15):
                prob_true, prob_pred = calibration_curve(tt, pp, n_bins=n_bins, strategy=strategy)
                edges = (np.percentile(pp, np.linspace(0, 1, n_bins + 1) * 100) if strategy == "quantile"
                         else np.linspace(0.0, 1.0, n_bins + 1))
                counts = np.bincount(np.searchsorted(edges[1:-1], pp), minlength=n_bins)
                nonzero = counts[counts > 0]
                ece = float(np.sum(nonzero / len(pp) * np.abs(prob_true - prob_pred)))
                curves.append({"strategy": strategy, "n_bins": n_bins, "prob_true": prob_true,
                               "prob_pred": prob_pred, "edges": edges, "counts": counts, "ece": ece})
        cases.append({"name": name, "proba": pp, "truth": tt, "curves": curves,
                      "brier": brier_score_loss(tt, pp),
                      "brier_two_column_unscaled": brier_score_loss(tt, np.column_stack([1 - pp, pp]),
                                                                    scale_by_half=False)})
    return cases


def platt():
    x, y = make_classification(n_samples=400, n_features=5, n_informative=3, flip_y=0.1, random_state=2)
    f = LogisticRegression().fit(x[:200], y[:200]).decision_function(x[200:])
    cases = []
    for name, scores in (("decision", f), ("scaled_past_30", 20 * f)):
        a, b = _sigmoid_calibration(scores, y[200:])
        cases.append({"name": name, "scores": scores, "truth": y[200:], "a": a, "b": b})
    return cases


def isotonic():
    rng = np.random.default_rng(3)
    x = np.round(rng.uniform(0, 10, 60), 1)  # many ties
    y = 0.4 * x + rng.normal(0, 1.5, 60)
    w = np.round(rng.uniform(0.2, 2.0, 60), 2)
    w[[3, 17, 40]] = 0.0
    grid = np.linspace(-1, 11, 49)
    cases = []
    for name, kw, weights, target in (
            ("plain", {}, None, y),
            ("weighted", {}, w, y),
            ("decreasing", {"increasing": False}, None, -y),
            ("bounded", {"y_min": 0.5, "y_max": 3.0}, w, y)):
        out = {"name": name, "x": x, "y": target, "weights": weights, "increasing": kw.get("increasing", True),
               "y_min": kw.get("y_min"), "y_max": kw.get("y_max"), "grid": grid}
        for oob in ("nan", "clip"):
            iso = IsotonicRegression(out_of_bounds=oob, **kw).fit(x, target, sample_weight=weights)
            out[f"predict_{oob}"] = iso.predict(grid)
            out["x_thresholds"] = iso.X_thresholds_
            out["y_thresholds"] = iso.y_thresholds_
        cases.append(out)
    return cases


def binary_ccv():
    x, y = make_classification(n_samples=600, n_features=6, n_informative=3, flip_y=0.1, random_state=4)
    model = LogisticRegression().fit(x[:200], y[:200])
    out = {"decision_cal": model.decision_function(x[200:400]), "labels_cal": y[200:400],
           "decision_test": model.decision_function(x[400:])}
    for method in ("sigmoid", "isotonic"):
        ccv = CalibratedClassifierCV(FrozenEstimator(model), method=method).fit(x[200:400], y[200:400])
        out[f"ccv_{method}_proba_test"] = ccv.predict_proba(x[400:])
    return out


def uncertainty():
    rng = np.random.default_rng(5)
    stack = softmax(rng.normal(0, 2, (7 * 40, 5))).reshape(7, 40, 5)
    mean = stack.mean(axis=0)
    out = {"stack": stack, "predictive_entropy": entropy(mean, axis=1),
           "expected_entropy": entropy(stack, axis=2).mean(axis=0)}
    y = rng.normal(0, 1, 80)
    mu = y + rng.normal(0, 0.8, 80)
    var = rng.uniform(0.2, 1.5, 80)
    levels = np.linspace(0.05, 0.95, 19)
    z = norm.ppf((1 + levels) / 2)
    out.update({"y": y, "mu": mu, "var": var, "levels": levels,
                "gaussian_nll": torch.nn.GaussianNLLLoss(full=True, eps=1e-12)(
                    torch.tensor(mu), torch.tensor(y), torch.tensor(var)).item(),
                "observed_coverage": [(np.abs(y - mu) <= zi * np.sqrt(var)).mean() for zi in z]})
    # Mahalanobis: 3 classes in 4-D, tied covariance from class-centred features.
    feats = rng.normal(0, 1, (90, 4)) @ rng.normal(0, 1, (4, 4))
    labels = np.repeat([0, 1, 2], 30)
    feats += np.array([[0, 0, 0, 0], [3, 0, 1, 0], [0, -2, 0, 3]])[labels]
    means = np.stack([feats[labels == c].mean(axis=0) for c in range(3)])
    cov = EmpiricalCovariance(assume_centered=False).fit(feats - means[labels])
    queries = rng.normal(0, 3, (12, 4))
    out.update({"features": feats, "feature_labels": labels, "queries": queries, "class_means": means,
                "mahalanobis": np.stack([cov.mahalanobis(queries - means[c]) for c in range(3)], axis=1)})
    # OOD detection of scores with ties.
    ind = np.round(rng.normal(1, 1, 200), 1)
    ood = np.round(rng.normal(-0.5, 1, 150), 1)
    t = np.r_[np.ones(200), np.zeros(150)]
    fpr, tpr, _ = roc_curve(t, np.r_[ind, ood], drop_intermediate=False)
    out.update({"ind": ind, "ood": ood, "auroc": roc_auc_score(t, np.r_[ind, ood]),
                "fpr95": float(fpr[np.argmax(tpr >= 0.95)])})
    # AURC (no ties in confidence): mean over k of the error rate of the k most confident.
    conf = rng.uniform(0, 1, 100)
    errors = (rng.uniform(0, 1, 100) > conf).astype(float)
    order = np.argsort(-conf, kind="stable")
    risks = np.cumsum(errors[order]) / np.arange(1, 101)
    out.update({"confidence": conf, "errors": errors, "aurc": risks.mean()})
    return out


def main():
    data = {
        "generator": {"script": "scripts/reference/make_calibration_fixtures.py", "python": platform.python_version(),
                      "numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
                      "netcal": netcal.__version__, "torch": torch.__version__},
        "multiclass": multiclass(), "binary": binary(), "platt": platt(), "isotonic": isotonic(),
        "binary_ccv": binary_ccv(), "uncertainty": uncertainty(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(clean(data), f, separators=(",", ":"), allow_nan=False)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
