# bench_language_reference.py — Hugging Face `tokenizers` (Rust) timings for the Swift tokenizer benchmarks
# (issue 6). Prints ONE JSON line per case in the shape of bench_reference.py:
#   {"name", "value": median seconds per call, "unit": "s", "threads": 1, "library", "detail"}
#
# Usage (reference venv from scripts/setup-reference.sh), from the repository root:
#   "$(bash scripts/setup-reference.sh)" scripts/reference/bench_language_reference.py wordpiece-short
#
# Work (mirrored exactly in Sources/swiftlearn-bench/TokenizerCases.swift): the committed all-MiniLM-L6-v2
# tokenizer.json (Tests/Fixtures/language/tokenizers/bert-uncased-tokenizer.json) with truncation and padding
# off; the words of Tests/Fixtures/language/tokenizers/bpe-corpus.txt (lines split on " ", empty pieces dropped)
# grouped into texts:
#   wordpiece-short  2,000 texts of 16 words
#   wordpiece-long   40 texts of 512 words
#   wordpiece-ascii  2,000 texts of 16 words, ASCII-only words (the corpus has many non-Latin words and emoji)
# One call tokenizes all texts. Two ways are timed and the faster reported: encode_batch (one thread:
# RAYON_NUM_THREADS=1, TOKENIZERS_PARALLELISM=false, set before tokenizers is imported) and a loop of encode.
# Timing: bench_reference's per_call_seconds (warm-up, inner loop ~0.2 s, 5 reps, median).
import os
import sys

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_reference as br  # noqa: E402

import argparse  # noqa: E402
import json  # noqa: E402

import tokenizers  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "Tests", "Fixtures", "language", "tokenizers")
SHAPES = {"wordpiece-short": (2000, 16), "wordpiece-long": (40, 512), "wordpiece-ascii": (2000, 16)}


def texts(count, words_per_text, ascii_only=False):
    with open(os.path.join(FIX, "bpe-corpus.txt"), encoding="utf-8") as f:
        words = [w for line in f.read().split("\n") for w in line.split(" ") if w and (not ascii_only or w.isascii())]
    return [" ".join(words[i * words_per_text:(i + 1) * words_per_text]) for i in range(count)]


def run(case):
    tok = Tokenizer.from_file(os.path.join(FIX, "bert-uncased-tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    batch = texts(*SHAPES[case], ascii_only=case.endswith("ascii"))
    tokens = sum(len(e.ids) for e in tok.encode_batch(batch))
    batch_s, _, _ = br.per_call_seconds(lambda: tok.encode_batch(batch))
    loop_s, _, _ = br.per_call_seconds(lambda: [tok.encode(t) for t in batch])
    best, how = (batch_s, "encode_batch") if batch_s <= loop_s else (loop_s, "encode loop")
    detail = {"encode_batch_s": batch_s, "encode_loop_s": loop_s, "best": how, "texts": len(batch),
              "tokens": tokens, "tokenizers": tokenizers.__version__, "RAYON_NUM_THREADS": 1}
    print(json.dumps({"name": case, "value": best, "unit": "s", "threads": 1,
                      "library": f"HF tokenizers {tokenizers.__version__} ({how})", "detail": detail}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case", nargs="?")
    p.add_argument("--threads", default="1")  # accepted for swiftlearn-bench; always one thread
    p.add_argument("--list", action="store_true")
    args = p.parse_args()
    if args.list or args.case not in SHAPES:
        print("\n".join(SHAPES))
        return
    run(args.case)


if __name__ == "__main__":
    main()
