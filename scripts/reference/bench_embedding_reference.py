# bench_embedding_reference.py — PyTorch and onnxruntime reference timings for the swiftlearn-bench
# all-MiniLM-L6-v2 sentence-embedding cases. Prints ONE JSON line per case, in the shape of
# bench_reference.py: {"name", "value": best seconds per call, "unit": "s", "threads", "library",
#                      "detail": {"best_per_library": {...}, "per_call_s": {...}, ...}}
#
# Usage (reference venv from scripts/setup-reference.sh; model from scripts/fetch-models.sh):
#   PY="$(bash scripts/setup-reference.sh)"
#   $PY scripts/reference/bench_embedding_reference.py --list
#   $PY scripts/reference/bench_embedding_reference.py minilm-short [--threads best|1|2]
#
# Cases (the Swift side, Sources/swiftlearn-bench/EmbeddingCases.swift, times the same token ids):
#   minilm-short  32 sentences of ~16 words; token ids from Tests/Fixtures/language/minilm/bench_inputs.json
#                 (written by make_minilm_fixtures.py with the model's tokenizer), right-padded to the
#                 longest (input [32, 19]) with the attention mask, as sentence-transformers batches them.
#   minilm-short-padded  the same work as minilm-short here (the Swift side pads its batch to 19 tokens
#                 too, to show its speed without the gain from packing sequences without padding).
#   minilm-long   32 texts of exactly 128 tokens (input [32, 128], no padding).
# One call = forward of the batch + mean pooling over the attention mask + L2 normalisation
# (sentence-transformers' all-MiniLM-L6-v2 pipeline after tokenization), float32, no gradients.
# Engines: torch (transformers BertModel, default attention = sdpa, torch.inference_mode,
# torch.set_num_threads 1 and 2) and onnxruntime (CPU EP; a wrapper module BERT + mean pooling + L2 norm
# exported with torch.onnx.export(..., dynamo=True) — the legacy exporter fails on BertModel's positional
# arguments in transformers 5.x; intra_op_num_threads 1 and 2, inter_op 1, ORT_ENABLE_ALL). The result is the
# fastest (engine, threads); detail.best_per_library has each engine's best, which swiftlearn-bench prints as
# separate ratios. Timing method and quiet-machine wait: bench_reference.py.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_reference as br  # noqa: E402  (same timing method; also drops OPENBLAS_CORETYPE)

import argparse  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import warnings  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
INPUTS = os.path.join(ROOT, "Tests", "Fixtures", "language", "minilm", "bench_inputs.json")
MODEL = os.path.join(os.environ.get("SWIFTLEARN_MODEL_CACHE", os.path.expanduser("~/.cache/swiftlearn/models")),
                     "all-MiniLM-L6-v2")
CASES = ["minilm-short", "minilm-short-padded", "minilm-long"]


def batch(name):
    import torch
    with open(INPUTS) as f:
        rows = json.load(f)[name.removesuffix("-padded")]
    T = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), T, dtype=torch.int64)
    mask = torch.zeros_like(ids)
    for b, r in enumerate(rows):
        ids[b, :len(r)] = torch.tensor(r)
        mask[b, :len(r)] = 1
    return ids, mask, torch.zeros_like(ids)


def run(name, threads):
    import numpy as np
    import onnxruntime as ort
    import torch
    import transformers

    warnings.filterwarnings("ignore")
    ids, mask, types = batch(name)
    model = transformers.BertModel.from_pretrained(MODEL, add_pooling_layer=False).eval()

    class Embed(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    wrapper = Embed(model).eval()
    results, info = {}, {"input_shape": list(ids.shape), "tokens": int(mask.sum())}
    with torch.inference_mode():
        reference = wrapper(ids, mask, types).numpy()
    for t in threads:
        torch.set_num_threads(t)

        def call():
            with torch.inference_mode():
                wrapper(ids, mask, types)

        s, reps, n = br.per_call_seconds(call)
        results[("torch", t)] = {"s": s, "reps": reps, "inner": n}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "minilm.onnx")
        with torch.no_grad():
            torch.onnx.export(wrapper, (ids, mask, types), path, dynamo=True,
                              input_names=["input_ids", "attention_mask", "token_type_ids"],
                              output_names=["sentence_embedding"])
        feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": types.numpy()}
        for t in threads:
            so = ort.SessionOptions()
            so.intra_op_num_threads = t
            so.inter_op_num_threads = 1
            so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
            out = sess.run(None, feeds)[0]
            info[f"onnxruntime_{t}t_max_abs_diff_vs_torch"] = float(np.abs(out - reference).max())
            s, reps, n = br.per_call_seconds(lambda: sess.run(None, feeds))
            results[("onnxruntime", t)] = {"s": s, "reps": reps, "inner": n}
    libraries = {"torch": f"torch {torch.__version__} (transformers {transformers.__version__} BertModel)",
                 "onnxruntime": f"onnxruntime {ort.__version__} (CPU EP, dynamo export)"}
    return results, libraries, info


def main():
    p = argparse.ArgumentParser(description="PyTorch / onnxruntime MiniLM embedding timings for swiftlearn-bench")
    p.add_argument("case", nargs="?")
    p.add_argument("--threads", default="best", choices=["best", "1", "2"])
    p.add_argument("--list", action="store_true")
    p.add_argument("--max-wait", type=float, default=30.0)
    args = p.parse_args()
    if args.list:
        print("\n".join(CASES))
        return
    if args.case not in CASES:
        p.error(f"unknown case {args.case!r}; use --list")
    threads = [1, 2] if args.threads == "best" else [int(args.threads)]
    waited = br.wait_until_quiet(args.max_wait) if args.max_wait > 0 else 0.0
    with br.OtherCPU() as busy:
        results, libraries, info = run(args.case, threads)
    (lib, t), best = min(results.items(), key=lambda kv: kv[1]["s"])
    per_call, per_lib = {}, {}
    for (l2, t2), r in results.items():
        per_call.setdefault(l2, {})[str(t2)] = r["s"]
        if l2 not in per_lib or r["s"] < per_lib[l2]["value"]:
            per_lib[l2] = {"value": r["s"], "threads": t2}
    detail = {"per_call_s": per_call, "best_per_library": per_lib, "best": {"library": lib, "threads": t},
              "libraries": libraries, "threads_tried": threads,
              "method": f"warm-up, inner loop ~{br.TARGET_S}s, {br.REPS} reps, median per call",
              "other_cpu_busy_pct": busy.pct, "waited_for_quiet_s": waited, **info}
    print(json.dumps({"name": args.case, "value": best["s"], "unit": "s", "threads": t,
                      "library": libraries[lib], "detail": detail}))


if __name__ == "__main__":
    main()
