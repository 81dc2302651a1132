# make_calibrated_classifier_fixtures.py — scikit-learn's CalibratedClassifierCV outputs for the Swift
# CalibratedClassifier tests: Tests/Fixtures/classicml/calibrated.json.
#
# Usage: PY="$(bash scripts/setup-reference.sh)"; $PY scripts/reference/make_calibrated_classifier_fixtures.py
# Cases: GaussianNB wrapped with method sigmoid / isotonic, cv=5 (unshuffled StratifiedKFold, ensemble=True), on
# breast cancer (binary) and wine (3 classes, standardised); rows split by the stored test indices. Stores the
# training rows in the order scikit-learn saw them (the unshuffled folds depend on it), the
# test-row probabilities of the calibrated model and of the plain GaussianNB fitted on all training rows.
import json
import os

import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "classicml", "calibrated.json")


def case(name, X, y, method):
    idx = np.arange(len(y))
    train, test = train_test_split(idx, test_size=0.3, random_state=0, stratify=y)
    Xtr, Xte = X[train], X[test]
    if name == "wine":
        scaler = StandardScaler().fit(Xtr)
        Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
    model = CalibratedClassifierCV(GaussianNB(), method=method, cv=5).fit(Xtr, y[train])
    plain = GaussianNB().fit(Xtr, y[train])
    return {
        "dataset": name, "method": method, "train": train.tolist(), "test": test.tolist(),
        "probabilities": model.predict_proba(Xte).ravel().tolist(),
        "plain_probabilities": plain.predict_proba(Xte).ravel().tolist(),
        "accuracy": float((model.predict(Xte) == y[test]).mean()),
    }


def main():
    cases = []
    for name, loader in [("breast_cancer", load_breast_cancer), ("wine", load_wine)]:
        X, y = loader(return_X_y=True)
        X = X.astype(np.float32).astype(np.float64)  # the bundled copies are Float32
        for method in ["sigmoid", "isotonic"]:
            cases.append(case(name, X, y, method))
    doc = {"versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__}, "cases": cases}
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
