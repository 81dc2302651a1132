# make_conformal_fixtures.py — reference values for the Evaluation module's conformal prediction, computed with
# MAPIE (and, where MAPIE's definition is not the paper's, with a direct NumPy transcription of the paper).
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh plus MAPIE):
#   ~/.cache/swiftlearn/ref-venv/bin/python -m pip install 'mapie==1.6.0'
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_conformal_fixtures.py
#
# Writes two files under Tests/Fixtures/evaluation/:
#
# conformal.json (parity, small fixed inputs; seeds fixed):
#   generator      package versions and the command
#   quantiles      conformity-score thresholds: MAPIE's _compute_classification_quantile (the ⌈(n+1)(1−α)⌉-th
#                  smallest score) on random score arrays for several n and α, checked here against exact rational
#                  arithmetic (fractions.Fraction); `null` where n < 1/α − 1 (MAPIE raises, the threshold is +∞)
#   classification 5-class probabilities (calibration 60 rows, test 40), α ∈ {0.05, 0.1, 0.2}:
#     lac            MAPIE SplitConformalClassifier(conformity_score="lac", prefit=True): thresholds, test sets
#     aps_mapie      MAPIE "aps" end to end. MAPIE always randomises the calibration score
#                    (cumsum through the true label − U·p_true, U from RandomState(seed)); the U are rebuilt here and
#                    checked against MAPIE's stored scores, so Swift can feed u = 1 − U to the paper's score
#                    Σ_{j<rank} p_(j) + u·p_y. Stored: U (calibration and test), MAPIE's scores and thresholds, and
#                    its sets with include_last_label=True (deterministic rule) and "randomized"
#     aps / raps     deterministic scores Σ_{j≤rank} p_(j) + λ·max(0, rank − k_reg) from MAPIE's own functions
#                    (get_true_label_cumsum_proba, _regularize_conformity_score), thresholds from
#                    _compute_classification_quantile, test sets from _get_last_included_proba(include_last_label=
#                    True) (the gentle introduction's "+1" rule); RAPS for fixed (λ, k_reg), not MAPIE's tuned ones
#     raps_randomized the RAPS paper's randomised score Σ_{j<o}(p_(j) + λ·1[j > k_reg]) + u·(p_y + λ·1[o > k_reg])
#                    in NumPy (MAPIE's randomised RAPS rule differs, see the report) with stored u
#     mondrian       class-conditional LAC: one MAPIE quantile per class, sets in NumPy
#   regression     point predictions and truth (calibration 50, test 20): MAPIE SplitConformalRegressor
#                  ("absolute", prefit) intervals; lower/upper quantile predictions: MAPIE
#                  ConformalizedQuantileRegressor(prefit, symmetric_correction=True) intervals — Romano et al. 2019
#
# conformal_coverage.json (the 200-split coverage test; no MAPIE involved):
#   digits         5-fold out-of-fold predict_proba of StandardScaler + LogisticRegression(max_iter=5000) on
#                  sklearn's digits (StratifiedKFold(5, shuffle=True, random_state=0)), rounded to 7 decimals,
#                  with the labels (the Swift test checks them against BundledDataset "digits")
#   diabetes       sklearn's diabetes: 5-fold out-of-fold predictions of LinearRegression and of
#                  GradientBoostingRegressor(loss="quantile", alpha=q) for q ∈ {0.025, 0.05, 0.95, 0.975}, with y
import json
import os
import platform
from fractions import Fraction
from math import ceil

import mapie
import numpy as np
import scipy
import sklearn
from mapie.classification import SplitConformalClassifier
from mapie.conformity_scores.sets.aps import APSConformityScore
from mapie.conformity_scores.sets.raps import RAPSConformityScore
from mapie.regression import ConformalizedQuantileRegressor, SplitConformalRegressor
from mapie.utils import _compute_classification_quantile
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.datasets import load_diabetes, load_digits
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "Tests", "Fixtures", "evaluation")
ALPHAS = [0.05, 0.1, 0.2]
SEED = 7


class ProbabilityPassthrough(ClassifierMixin, BaseEstimator):
    """A 'fitted' classifier whose features are already the probabilities: MAPIE sees exactly our inputs."""

    def __init__(self, n_classes=5):
        self.n_classes = n_classes
        self.classes_ = np.arange(n_classes)
        self.fitted_ = True

    def fit(self, x, y):
        return self

    def predict_proba(self, x):
        return np.asarray(x, dtype=np.float64)

    def predict(self, x):
        return np.argmax(x, axis=1)


class ColumnPassthrough(RegressorMixin, BaseEstimator):
    """A 'fitted' regressor that returns one column of its input (stored predictions)."""

    def __init__(self, column=0):
        self.column = column
        self.fitted_ = True

    def fit(self, x, y):
        return self

    def predict(self, x):
        return np.asarray(x, dtype=np.float64)[:, self.column]


def exact_threshold(scores, alpha):
    """The ⌈(n+1)(1−α)⌉-th smallest score in exact rational arithmetic; None when that rank exceeds n."""
    n = len(scores)
    a = Fraction(str(alpha))
    k = ceil((n + 1) * (1 - a))
    return None if k > n else float(np.sort(scores)[k - 1])


def mapie_threshold(scores, alpha):
    n = len(scores)
    if ceil((n + 1) * (1 - Fraction(str(alpha)))) > n:
        return None
    return float(_compute_classification_quantile(np.asarray(scores).reshape(-1, 1), np.array([alpha]))[0])


def quantile_cases(rng):
    cases = []
    for n in [9, 19, 20, 60, 99, 100, 300]:
        scores = rng.uniform(0, 1, n)
        scores[: n // 5] = np.round(scores[: n // 5], 1)  # some ties
        alphas = [0.01, 0.05, 0.1, 0.2, 0.5, 0.9]
        thresholds = [mapie_threshold(scores, alpha) for alpha in alphas]
        assert thresholds == [exact_threshold(scores, alpha) for alpha in alphas], n
        cases.append({"scores": scores.tolist(), "alphas": alphas, "thresholds": thresholds})
    return cases


def sorted_cumsum(p):
    order = np.argsort(-p, axis=1, kind="stable")
    return order, np.cumsum(np.take_along_axis(p, order, axis=1), axis=1)


def ranks_of(p, labels):
    """1-based rank of each label in decreasing probability."""
    order, _ = sorted_cumsum(p)
    return np.array([int(np.where(order[i] == labels[i])[0][0]) + 1 for i in range(len(labels))])


def paper_randomized_raps(p, labels, u, lam, k_reg):
    """Angelopoulos et al. 2021: Σ_{j<o}(p_(j) + λ·1[j > k_reg]) + u·(p_y + λ·1[o > k_reg])."""
    order, cs = sorted_cumsum(p)
    out = []
    for i, y in enumerate(labels):
        o = int(np.where(order[i] == y)[0][0]) + 1
        before = (cs[i, o - 2] if o > 1 else 0.0) + lam * max(0, o - 1 - k_reg)
        out.append(before + u[i] * (p[i, y] + lam * (1 if o > k_reg else 0)))
    return np.array(out)


def paper_randomized_raps_sets(p, threshold, u, lam, k_reg):
    n, c = p.shape
    sets = np.zeros((n, c), dtype=bool)
    for label in range(c):
        s = paper_randomized_raps(p, np.full(n, label), u, lam, k_reg)
        sets[:, label] = s <= threshold
    return sets


def mapie_deterministic_sets(score_obj, p, threshold, lam=None, k_reg=None):
    """MAPIE's include_last_label=True sets at one threshold (all labels at least as likely as the last one)."""
    if lam is not None:
        score_obj.lambda_star, score_obj.k_star = lam, np.array([k_reg])
    p3 = np.repeat(p[:, :, np.newaxis], 1, axis=2)
    _, _, last = score_obj._get_last_included_proba(p3, np.array([threshold]), True, prediction_phase=True)
    return np.greater_equal(p3 - last, -1e-8)[:, :, 0]


def classification_section(rng):
    c, n_cal, n_test = 5, 60, 40
    def draw(n):
        logits = rng.normal(0, 1.5, (n, c))
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        y = np.array([rng.choice(c, p=row) for row in p])
        return p, y
    p_cal, y_cal = draw(n_cal)
    p_test, y_test = draw(n_test)
    out = {"classes": c, "alphas": ALPHAS, "calibration_probabilities": p_cal.tolist(),
           "calibration_labels": y_cal.tolist(), "test_probabilities": p_test.tolist(), "test_labels": y_test.tolist()}
    confidence = [1 - a for a in ALPHAS]

    # LAC end to end.
    lac = SplitConformalClassifier(ProbabilityPassthrough(c), confidence_level=confidence, conformity_score="lac",
                                   prefit=True)
    lac.conformalize(p_cal, y_cal)
    _, sets = lac.predict_set(p_test)
    out["lac"] = {"thresholds": lac._mapie_classifier.conformity_score_function_.quantiles_.tolist(),
                  "sets": [sets[:, :, j].astype(int).tolist() for j in range(len(ALPHAS))]}

    # APS end to end in MAPIE (randomised calibration score), U rebuilt from RandomState(SEED).
    aps = SplitConformalClassifier(ProbabilityPassthrough(c), confidence_level=confidence, conformity_score="aps",
                                   prefit=True, random_state=SEED)
    aps.conformalize(p_cal, y_cal)
    fn = aps._mapie_classifier.conformity_score_function_
    mapie_scores = aps._mapie_classifier.conformity_scores_.ravel()
    u_cal = np.random.RandomState(SEED).uniform(size=n_cal)
    cumsum_true, _ = APSConformityScore.get_true_label_cumsum_proba(y_cal, p_cal, np.arange(c))
    rebuilt = cumsum_true.ravel() - u_cal * p_cal[np.arange(n_cal), y_cal]
    assert np.allclose(rebuilt, mapie_scores, rtol=0, atol=1e-15)
    _, det_sets = aps.predict_set(p_test, conformity_score_params={"include_last_label": True})
    _, rnd_sets = aps.predict_set(p_test, conformity_score_params={"include_last_label": "randomized"})
    u_test = np.random.RandomState(SEED).uniform(size=(n_test, 1)).ravel()
    out["aps_mapie"] = {"seed": SEED, "calibration_uniforms": u_cal.tolist(), "test_uniforms": u_test.tolist(),
                        "calibration_scores": mapie_scores.tolist(), "thresholds": fn.quantiles_.tolist(),
                        "sets": [det_sets[:, :, j].astype(int).tolist() for j in range(len(ALPHAS))],
                        "randomized_sets": [rnd_sets[:, :, j].astype(int).tolist() for j in range(len(ALPHAS))]}

    # Deterministic APS and RAPS from MAPIE's functions at fixed (λ, k_reg).
    ranks = ranks_of(p_cal, y_cal)
    assert np.array_equal(ranks, APSConformityScore.get_true_label_cumsum_proba(y_cal, p_cal, np.arange(c))[1])
    variants = [("aps", None, None)] + [("raps", lam, k) for lam in (0.01, 0.2) for k in (1, 2)]
    for name, lam, k in variants:
        if lam is None:
            scores, obj = cumsum_true.ravel(), APSConformityScore()
        else:
            scores = RAPSConformityScore._regularize_conformity_score(
                np.array([k]), lam, cumsum_true.copy(), ranks)[:, 0, 0]
            obj = RAPSConformityScore()
        case = {"lambda": lam, "k_reg": k, "calibration_scores": scores.tolist(), "thresholds": [], "sets": []}
        for a in ALPHAS:
            t = mapie_threshold(scores, a)
            case["thresholds"].append(t)
            case["sets"].append(mapie_deterministic_sets(obj, p_test, t, lam, k).astype(int).tolist())
        out.setdefault("deterministic", []).append({"score": name, **case})

    # Randomised RAPS: the paper's formula in NumPy with stored uniforms.
    u_cal_r, u_test_r = rng.uniform(size=n_cal), rng.uniform(size=n_test)
    out["raps_randomized"] = []
    for lam, k in [(0.01, 1), (0.2, 2)]:
        scores = paper_randomized_raps(p_cal, y_cal, u_cal_r, lam, k)
        thresholds = [mapie_threshold(scores, a) for a in ALPHAS]
        out["raps_randomized"].append({
            "lambda": lam, "k_reg": k, "calibration_uniforms": u_cal_r.tolist(), "test_uniforms": u_test_r.tolist(),
            "calibration_scores": scores.tolist(), "thresholds": thresholds,
            "sets": [paper_randomized_raps_sets(p_test, t, u_test_r, lam, k).astype(int).tolist() for t in thresholds]})

    # Mondrian LAC: a quantile per class on that class's calibration rows.
    lac_scores = 1 - p_cal[np.arange(n_cal), y_cal]
    mondrian = {"thresholds": [], "sets": []}
    for a in [0.1, 0.2]:
        per_class = []
        for label in range(c):
            t = mapie_threshold(lac_scores[y_cal == label], a)
            per_class.append(t if t is not None else "inf")
        mondrian["thresholds"].append(per_class)
        th = np.array([np.inf if t == "inf" else t for t in per_class])
        mondrian["sets"].append(((1 - p_test) <= th[np.newaxis, :]).astype(int).tolist())
    mondrian["alphas"] = [0.1, 0.2]
    mondrian["class_counts"] = np.bincount(y_cal, minlength=c).tolist()
    out["mondrian"] = mondrian
    return out


def regression_section(rng):
    n_cal, n_test = 50, 20
    def draw(n):
        x = rng.uniform(-2, 2, n)
        y = np.sin(x) * 3 + rng.normal(0, 0.3 + 0.4 * np.abs(x), n)
        pred = np.sin(x) * 3 + rng.normal(0, 0.1, n)
        spread = 0.3 + 0.5 * np.abs(x) + rng.uniform(0, 0.2, n)
        lo = pred - spread * rng.uniform(0.6, 1.2, n)
        hi = pred + spread * rng.uniform(0.6, 1.2, n)
        return y, pred, lo, hi
    y_cal, f_cal, lo_cal, hi_cal = draw(n_cal)
    y_test, f_test, lo_test, hi_test = draw(n_test)
    out = {"alphas": ALPHAS, "calibration_truth": y_cal.tolist(), "calibration_predictions": f_cal.tolist(),
           "calibration_lower": lo_cal.tolist(), "calibration_upper": hi_cal.tolist(), "test_truth": y_test.tolist(),
           "test_predictions": f_test.tolist(), "test_lower": lo_test.tolist(), "test_upper": hi_test.tolist()}
    split = SplitConformalRegressor(ColumnPassthrough(0), confidence_level=[1 - a for a in ALPHAS],
                                    conformity_score="absolute", prefit=True)
    split.conformalize(f_cal.reshape(-1, 1), y_cal)
    _, intervals = split.predict_interval(f_test.reshape(-1, 1))
    out["split"] = {"lower": [intervals[:, 0, j].tolist() for j in range(len(ALPHAS))],
                    "upper": [intervals[:, 1, j].tolist() for j in range(len(ALPHAS))],
                    "thresholds": [exact_threshold(np.abs(y_cal - f_cal), a) for a in ALPHAS]}
    cqr = {"lower": [], "upper": [], "thresholds": []}
    x_cal = np.column_stack([lo_cal, hi_cal, f_cal])
    x_test = np.column_stack([lo_test, hi_test, f_test])
    for a in ALPHAS:
        model = ConformalizedQuantileRegressor([ColumnPassthrough(0), ColumnPassthrough(1), ColumnPassthrough(2)],
                                               confidence_level=1 - a, prefit=True)
        model.conformalize(x_cal, y_cal)
        _, iv = model.predict_interval(x_test, symmetric_correction=True)
        cqr["lower"].append(iv[:, 0, 0].tolist())
        cqr["upper"].append(iv[:, 1, 0].tolist())
        cqr["thresholds"].append(exact_threshold(np.maximum(lo_cal - y_cal, y_cal - hi_cal), a))
    out["cqr"] = cqr
    return out


def coverage_data():
    d = load_digits()
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
    proba = cross_val_predict(model, d.data, d.target, method="predict_proba",
                              cv=StratifiedKFold(5, shuffle=True, random_state=0))
    proba = np.round(proba, 7)
    digits = {"labels": d.target.tolist(), "probabilities": proba.tolist(),
              "accuracy": float((proba.argmax(axis=1) == d.target).mean())}
    r = load_diabetes()
    cv = KFold(5, shuffle=True, random_state=0)
    diabetes = {"truth": r.target.tolist(),
                "predictions": cross_val_predict(LinearRegression(), r.data, r.target, cv=cv).tolist()}
    for q in [0.025, 0.05, 0.95, 0.975]:
        gbr = GradientBoostingRegressor(loss="quantile", alpha=q, n_estimators=100, max_depth=2, random_state=0)
        diabetes[f"quantile_{q}"] = cross_val_predict(gbr, r.data, r.target, cv=cv).tolist()
    return {"digits": digits, "diabetes": diabetes}


def main():
    generator = {"script": "scripts/reference/make_conformal_fixtures.py", "mapie": mapie.__version__,
                 "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
                 "python": platform.python_version()}
    rng = np.random.default_rng(0)
    parity = {"generator": generator, "quantiles": quantile_cases(rng),
              "classification": classification_section(rng), "regression": regression_section(rng)}
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "conformal.json"), "w") as f:
        json.dump(parity, f, separators=(",", ":"))
    with open(os.path.join(OUT_DIR, "conformal_coverage.json"), "w") as f:
        json.dump({"generator": generator, **coverage_data()}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
