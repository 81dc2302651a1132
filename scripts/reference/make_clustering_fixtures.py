# make_clustering_fixtures.py — reference values for ClassicML's k-means, k-nearest neighbours, naive Bayes and
# PCA, computed with scikit-learn.
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_clustering_fixtures.py
#
# Writes Tests/Fixtures/classicml/other.json. Features are sklearn's bundled datasets cast to Float32 and back
# (SwiftLearn's BundledDataset loads Float32), so both sides see identical numbers. Splits are stored as
# test-index lists (train = the rest, in order): train_test_split(test_size=0.25, random_state=0, stratify=y).
#   kmeans       KMeans(n_clusters, n_init=10, random_state=0).inertia_ on iris (3), wine standardised (3),
#                digits (10)
#   knn          KNeighborsClassifier(k, weights) test predictions and accuracy on iris, wine standardised,
#                digits; KNeighborsRegressor on iris (petal width from the other three columns), predictions, R²
#   gaussian_nb  GaussianNB() fitted on all of iris, predict_proba on all of iris
#   multinomial_nb  MultinomialNB(alpha=1) fitted on the digits train split, predict_proba on its first 100 test rows
#   pca          PCA(16) on all of digits: components_, explained_variance_, explained_variance_ratio_,
#                singular_values_, mean_
#   dbscan       DBSCAN(eps, min_samples) labels_ and core_sample_indices_ on iris standardised (eps 0.8, 0.5)
#   agglomerative AgglomerativeClustering(n_clusters, linkage) labels_ on iris standardised and wine standardised
#   truncated_svd  TruncatedSVD(16, algorithm="arpack", tol=0) on all of digits: components_, explained_variance_,
#                explained_variance_ratio_, singular_values_
import json
import os
import platform

import numpy as np
import scipy
import sklearn
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "classicml", "other.json")


def load(name):
    d = {"iris": load_iris, "wine": load_wine, "digits": load_digits}[name]()
    return d.data.astype(np.float32).astype(np.float64), d.target


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def main():
    out = {"generator": {"script": "scripts/reference/make_clustering_fixtures.py", "sklearn": sklearn.__version__,
                         "numpy": np.__version__, "scipy": scipy.__version__, "python": platform.python_version()}}
    data = {n: load(n) for n in ["iris", "wine", "digits"]}
    wine_std = StandardScaler().fit_transform(data["wine"][0])

    out["kmeans"] = []
    for name, x, k in [("iris", data["iris"][0], 3), ("wine_standardised", wine_std, 3), ("digits", data["digits"][0], 10)]:
        km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(x)
        out["kmeans"].append({"dataset": name, "clusters": k, "inertia": float(km.inertia_), "iterations": int(km.n_iter_)})

    out["splits"] = {}
    for name in ["iris", "wine", "digits"]:
        x, y = data[name]
        idx = np.arange(len(y))
        _, test = train_test_split(idx, test_size=0.25, random_state=0, stratify=y)
        out["splits"][name] = [int(i) for i in sorted(test)]

    def split(name, x, y):
        test = np.array(out["splits"][name])
        train = np.setdiff1d(np.arange(len(y)), test)
        return x[train], y[train], x[test], y[test]

    out["knn"] = []
    for name, x in [("iris", data["iris"][0]), ("wine_standardised", wine_std), ("digits", data["digits"][0])]:
        y = data[name.split("_")[0]][1]
        xtr, ytr, xte, yte = split(name.split("_")[0], x, y)
        for k, weights in [(5, "uniform"), (5, "distance"), (1, "uniform"), (10, "uniform")]:
            m = KNeighborsClassifier(n_neighbors=k, weights=weights, algorithm="brute").fit(xtr, ytr)
            p = m.predict(xte)
            out["knn"].append({"dataset": name, "k": k, "weights": weights, "predictions": [int(v) for v in p],
                               "accuracy": float((p == yte).mean())})
    x, _ = data["iris"]
    xtr, ytr, xte, yte = split("iris", x[:, :3], x[:, 3])
    out["knn_regression"] = []
    for k, weights in [(5, "uniform"), (5, "distance")]:
        m = KNeighborsRegressor(n_neighbors=k, weights=weights, algorithm="brute").fit(xtr, ytr)
        out["knn_regression"].append({"dataset": "iris_petal_width", "k": k, "weights": weights,
                                      "predictions": floats(m.predict(xte)), "r2": float(m.score(xte, yte))})

    x, y = data["iris"]
    g = GaussianNB().fit(x, y)
    out["gaussian_nb"] = {"dataset": "iris", "var_smoothing": 1e-9, "probabilities": floats(g.predict_proba(x)),
                          "epsilon": float(g.epsilon_)}
    xtr, ytr, xte, yte = split("digits", *data["digits"])
    mnb = MultinomialNB(alpha=1.0).fit(xtr, ytr)
    out["multinomial_nb"] = {"dataset": "digits", "alpha": 1.0, "rows": 100,
                             "probabilities": floats(mnb.predict_proba(xte[:100])),
                             "accuracy": float(mnb.score(xte, yte))}

    p = PCA(n_components=16).fit(data["digits"][0])
    out["pca"] = {"dataset": "digits", "components": floats(p.components_), "explained_variance": floats(p.explained_variance_),
                  "explained_variance_ratio": floats(p.explained_variance_ratio_),
                  "singular_values": floats(p.singular_values_), "mean": floats(p.mean_)}

    t = TruncatedSVD(n_components=16, algorithm="arpack", tol=0, random_state=0).fit(data["digits"][0])
    out["truncated_svd"] = {"dataset": "digits", "components": floats(t.components_), "explained_variance": floats(t.explained_variance_),
                            "explained_variance_ratio": floats(t.explained_variance_ratio_), "singular_values": floats(t.singular_values_)}

    iris_std = StandardScaler().fit_transform(data["iris"][0])
    out["dbscan"] = []
    for eps, min_samples in [(0.8, 5), (0.5, 4)]:
        m = DBSCAN(eps=eps, min_samples=min_samples).fit(iris_std)
        out["dbscan"].append({"dataset": "iris_standardised", "eps": eps, "min_samples": min_samples,
                              "labels": [int(v) for v in m.labels_], "core": [int(v) for v in m.core_sample_indices_]})

    out["agglomerative"] = []
    for name, x in [("iris_standardised", iris_std), ("wine_standardised", wine_std)]:
        for linkage in ["ward", "complete", "average", "single"]:
            m = AgglomerativeClustering(n_clusters=3, linkage=linkage).fit(x)
            out["agglomerative"].append({"dataset": name, "clusters": 3, "linkage": linkage, "labels": [int(v) for v in m.labels_]})

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
