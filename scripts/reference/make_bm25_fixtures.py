# make_bm25_fixtures.py — reference BM25 scores for Language's BM25Index, computed twice: with an independent
# NumPy implementation of the formula, and with the PyPI package rank_bm25 (BM25Okapi) whose idf table is
# replaced by Lucene's idf (BM25Okapi's own idf is log((N − df + 0.5)/(df + 0.5)) with an epsilon floor, which
# differs). The script fails if the two disagree.
#
# Run (from the repo root, with the reference venv; rank_bm25 is `pip install rank_bm25`):
#   ~/.cache/swiftlearn/ref-venv/bin/python scripts/reference/make_bm25_fixtures.py
#
# Writes Tests/Fixtures/language/retrieval/bm25.json:
#   score(q, d) = Σ_{t∈q} idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl)),  idf = ln(1 + (N − df + 0.5)/(df + 0.5))
# The analyzer is TextAnalyzer's: lowercase, terms = re.findall(r"[^\W_]+"), optional Lucene English stopwords.
import json
import platform
import re

import numpy as np
import rank_bm25
from rank_bm25 import BM25Okapi

STOP = {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with"}

CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "A quick brown dog outpaces a quick red fox!",
    "Foxes are wild animals; dogs are domesticated animals.",
    "Le café naïve: Ünïcode words, ÉCOLE and straße are terms too.",
    "The dog, the dog, the dog barks at the mail carrier every morning.",
    "Search engines rank documents with BM25, a bag-of-words model from 1994.",
    "Brown bears and brown foxes live in northern forests.",
    "Congress shall make no law respecting an establishment of religion.",
    "",
    "42 is the answer; 3.14 is pi; x_y splits on underscores.",
]
QUERIES = [
    "quick brown fox",
    "the dog",
    "café école",
    "bm25 ranking of documents",
    "brown brown",
    "law religion congress",
    "unknownterm",
    "42 pi y",
]


def analyze(text, stop):
    terms = re.findall(r"[^\W_]+", text.lower())
    return [t for t in terms if t not in stop] if stop else terms


def numpy_scores(docs, query, k1, b):
    n = len(docs)
    lengths = np.array([len(d) for d in docs], dtype=np.float64)
    avg = lengths.mean()
    scores = np.zeros(n)
    for t in query:
        tf = np.array([d.count(t) for d in docs], dtype=np.float64)
        df = float((tf > 0).sum())
        if df == 0:
            continue
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        with np.errstate(invalid="ignore"):  # 0/0 for an empty document when b = 1: the term is absent, adds 0
            scores += np.where(tf > 0, idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths / avg)), 0.0)
    return scores


def rank_bm25_scores(docs, query, k1, b):
    model = BM25Okapi(docs, k1=k1, b=b)
    n = len(docs)
    model.idf = {t: float(np.log(1.0 + (n - f + 0.5) / (f + 0.5))) for t, f in
                 ((t, sum(1 for d in docs if t in d)) for t in set(w for d in docs for w in d))}
    with np.errstate(invalid="ignore"):
        # rank_bm25 evaluates absent terms too, which is 0/0 for an empty document when b = 1.
        return np.nan_to_num(np.array(model.get_scores(query)), nan=0.0)


cases = []
for stopwords in (True, False):
    stop = STOP if stopwords else set()
    docs = [analyze(t, stop) for t in CORPUS]
    for k1, b in ((1.2, 0.75), (1.5, 0.75), (1.2, 0.0), (2.0, 1.0)):
        for q in QUERIES:
            terms = analyze(q, stop)
            ours = numpy_scores(docs, terms, k1, b)
            ref = rank_bm25_scores(docs, terms, k1, b)
            assert np.allclose(ours, ref, rtol=1e-12, atol=1e-12), (q, ours, ref)
            cases.append({"stopwords": stopwords, "k1": k1, "b": b, "query": q, "scores": ours.tolist()})

out = {
    "generator": "scripts/reference/make_bm25_fixtures.py",
    "versions": {"python": platform.python_version(), "numpy": np.__version__,
                 "rank_bm25": getattr(rank_bm25, "__version__", "0.2.2")},
    "corpus": CORPUS,
    "terms": {"stopwords": [analyze(t, STOP) for t in CORPUS], "all": [analyze(t, set()) for t in CORPUS]},
    "cases": cases,
}
with open("Tests/Fixtures/language/retrieval/bm25.json", "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
print(f"wrote {len(cases)} cases")
