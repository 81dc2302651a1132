# bench_retrieval_reference.py — the Python side of `swiftlearn-bench hnsw-100k`: hnswlib (the C++ HNSW of the
# paper's authors) and NumPy exact search on the same vectors and queries, in the same run.
#
# Usage (called by swiftlearn-bench; the reference venv needs `pip install hnswlib`):
#   $PY scripts/reference/bench_retrieval_reference.py DATA.f32 QUERIES.f32 DIM --m 16 --ef-construction 100 \
#       --ef 10,16,24,32,48,64,128 --k 10 --threads 2
# DATA/QUERIES: raw little-endian float32 rows (unit length, written by the benchmark). Prints ONE JSON line:
#   {"library", "build_seconds", "exact_seconds_per_query_batch", "by_ef_search": [{ef_search, recall_at_10,
#    seconds_per_query_batch}], "versions"}
# Recall is against NumPy's exact top-k (cosine = inner product of the unit vectors). Timing: median of 3.
import argparse
import json
import platform
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

try:
    import hnswlib
except ImportError:
    hnswlib = None

p = argparse.ArgumentParser()
p.add_argument("data")
p.add_argument("queries")
p.add_argument("dim", type=int)
p.add_argument("--m", type=int, default=16)
p.add_argument("--ef-construction", type=int, default=100)
p.add_argument("--ef", default="10,16,24,32,48,64,128")
p.add_argument("--k", type=int, default=10)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()

data = np.fromfile(a.data, dtype="<f4").reshape(-1, a.dim)
queries = np.fromfile(a.queries, dtype="<f4").reshape(-1, a.dim)
k = a.k


def median_seconds(f, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def exact():
    out = np.empty((len(queries), k), dtype=np.int64)
    for s in range(0, len(queries), 256):
        scores = queries[s:s + 256] @ data.T
        part = np.argpartition(-scores, k, axis=1)[:, :k]
        order = np.take_along_axis(scores, part, 1).argsort(axis=1)[:, ::-1]
        out[s:s + 256] = np.take_along_axis(part, order, 1)
    return out


with threadpool_limits(a.threads):
    truth = exact()
    exact_s = median_seconds(exact) / len(queries)

result = {"library": "numpy (exact)", "exact_seconds_per_query_batch": exact_s, "threads": a.threads,
          "versions": {"python": platform.python_version(), "numpy": np.__version__}}
if hnswlib is not None:
    index = hnswlib.Index(space="ip", dim=a.dim)
    index.init_index(max_elements=len(data), M=a.m, ef_construction=a.ef_construction, random_seed=42)
    index.set_num_threads(a.threads)
    t = time.perf_counter()
    index.add_items(data, np.arange(len(data)))
    result["build_seconds"] = time.perf_counter() - t
    rows = []
    for ef in [int(x) for x in a.ef.split(",")]:
        index.set_ef(ef)
        holder = {}

        def run():
            holder["labels"] = index.knn_query(queries, k=k, num_threads=a.threads)[0]

        s = median_seconds(run) / len(queries)
        found = holder["labels"]
        recall = float(np.mean([len(set(f) & set(t)) / k for f, t in zip(found, truth)]))
        rows.append({"ef_search": ef, "recall_at_10": recall, "seconds_per_query_batch": s})
    result["library"] = "hnswlib"
    result["by_ef_search"] = rows
    result["versions"]["hnswlib"] = getattr(hnswlib, "__version__", "0.8.0")
print(json.dumps(result))
