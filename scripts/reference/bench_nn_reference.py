# bench_nn_reference.py — PyTorch CPU reference timings for the Swift NeuralNetworks benchmarks.
# Prints ONE JSON line per case, in the same shape as bench_reference.py:
#   {"name", "value", "unit", "threads", "library", "detail": {...}}
#
# Usage (reference venv from scripts/setup-reference.sh):
#   PY="$(bash scripts/setup-reference.sh)"
#   $PY scripts/reference/bench_nn_reference.py --list
#   $PY scripts/reference/bench_nn_reference.py cnn-step-b64 [--threads best|1|2] [--max-wait S]
#
# Method: the timing helpers are imported from bench_reference.py, so the method is identical:
# wait for a quiet machine, warm-up, inner loop calibrated to ~0.2 s, 5 reps, median seconds per
# call; `best` tries 1 and 2 threads (torch.set_num_threads) and reports the faster. Like its
# conv cases, every case runs in a fresh subprocess once with default glibc malloc and once
# "malloc-tuned" (MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_), both thread settings inside
# it, and the fastest (malloc, threads) is reported. All math is float32; model parameters start
# from torch's default init after torch.manual_seed(0). Gradients are reset with
# optimizer.zero_grad() (set_to_none) before every step.
#
# Cases (mirror these exactly on the Swift side):
#   mlp-digits-epoch   value = seconds per epoch. Data: sklearn load_digits(), first 1437 rows
#       (the size of an 80 % split), X standardised per feature with StandardScaler fitted on
#       those rows (constant pixels stay 0), float32 [1437, 64]; labels int64.
#       Model: Linear(64,128)-ReLU-Linear(128,128)-ReLU-Linear(128,10).
#       One call = one epoch: perm = torch.randperm(1437) (a generator seeded 0 once, so each
#       epoch reshuffles), 45 batches of 32 (last one 29) gathered with X[perm[i:i+32]]; per
#       batch: zero_grad, cross_entropy(model(xb), yb) (mean), backward, Adam(lr=1e-3).step().
#       detail: samples_per_s = 1437 / value.
#   cnn-step-b64   value = seconds per training step on x = randn(64,1,28,28), y = randint(10, (64,)).
#       Model: Conv2d(1,32,3,padding=1)-ReLU-MaxPool2d(2)-Conv2d(32,64,3,padding=1)-ReLU-
#       MaxPool2d(2)-Flatten-Linear(64*7*7,128)-ReLU-Linear(128,10).
#       Step: zero_grad, cross_entropy, backward, Adam(lr=1e-3).step().
#   lstm-fwd-bwd   nn.LSTM(input_size=128, hidden_size=128, num_layers=1, batch_first=True) on
#       x = randn(32, 50, 128) with requires_grad=True (input gradient computed too, as for a
#       layer inside a network); no initial state. Call: grads = None; out, _ = lstm(x);
#       out.sum().backward().
#   transformer-encoder-fwd-bwd   nn.TransformerEncoderLayer(d_model=256, nhead=4,
#       dim_feedforward=1024, dropout=0.0, batch_first=True) (relu, post-norm, train mode) on
#       x = randn(16, 128, 256) with requires_grad=True, no mask. Call: grads = None;
#       layer(x).sum().backward().
#   train-digits-peak-rss   value = peak RSS in bytes (unit "bytes") of a fresh process that
#       imports torch + sklearn and runs a full training job; detail also has test_accuracy and
#       wall times. Data: load_digits(), X / 16 as float32 [N,1,8,8], train_test_split(
#       test_size=0.2, stratify=y, random_state=0) -> 1437 train / 360 test.
#       Model: Conv2d(1,32,3,padding=1)-ReLU-Conv2d(32,64,3,padding=1)-ReLU-MaxPool2d(2)-
#       Flatten-Linear(64*4*4,128)-ReLU-Dropout(0.25)-Linear(128,10).
#       Training: Adam(lr=1e-3), batch 64, 15 epochs, each epoch reshuffled with
#       torch.randperm (generator seeded 0), cross_entropy; then model.eval() and accuracy on
#       the test set under torch.no_grad(). Not a timing loop: one run per thread setting, each
#       in its own process (ru_maxrss is per process); `best` reports the setting with the
#       shorter training wall time.
import time  # noqa: I001  (first, so process_wall_s includes the imports)

PROCESS_START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_reference as br  # noqa: E402  (same timing method; also drops OPENBLAS_CORETYPE)

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402


# ---------------------------------------------------------------- data and models
def digits_mlp_data():
    import torch
    from sklearn.datasets import load_digits
    from sklearn.preprocessing import StandardScaler
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X[:1437])
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y[:1437], dtype=torch.int64)


def mlp():
    from torch import nn
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn28():
    from torch import nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn8():
    from torch import nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 4 * 4, 128), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(128, 10))


def train_epoch(model, opt, X, y, batch, gen):
    """One epoch of shuffled mini-batches; returns the last batch loss."""
    import torch
    import torch.nn.functional as F
    perm = torch.randperm(X.shape[0], generator=gen)
    for i in range(0, X.shape[0], batch):
        idx = perm[i:i + batch]
        opt.zero_grad()
        loss = F.cross_entropy(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
    return loss.item()  # only the last batch: one scalar read per epoch


# ---------------------------------------------------------------- timing cases (run in a worker)
def case_fn(name):
    """Build the case; returns (fn to time, info dict, per-call unit count for throughput)."""
    import torch
    import torch.nn.functional as F
    torch.manual_seed(0)
    if name == "mlp-digits-epoch":
        X, y = digits_mlp_data()
        model = mlp()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        gen = torch.Generator().manual_seed(0)
        return (lambda: train_epoch(model, opt, X, y, 32, gen)), \
            {"samples": 1437, "batch": 32, "batches": 45}, ("samples_per_s", 1437)
    if name == "cnn-step-b64":
        model = cnn28()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x, y = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))

        def step():
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
        return step, {"batch": 64, "input": [64, 1, 28, 28]}, ("images_per_s", 64)
    if name == "lstm-fwd-bwd":
        lstm = torch.nn.LSTM(128, 128, num_layers=1, batch_first=True)
        x = torch.randn(32, 50, 128, requires_grad=True)

        def fwdbwd():
            for p in lstm.parameters():
                p.grad = None
            x.grad = None
            lstm(x)[0].sum().backward()
        return fwdbwd, {"input": [32, 50, 128], "hidden": 128}, ("sequences_per_s", 32)
    if name == "transformer-encoder-fwd-bwd":
        layer = torch.nn.TransformerEncoderLayer(256, 4, dim_feedforward=1024, dropout=0.0, batch_first=True)
        x = torch.randn(16, 128, 256, requires_grad=True)

        def fwdbwd():
            for p in layer.parameters():
                p.grad = None
            x.grad = None
            layer(x).sum().backward()
        return fwdbwd, {"input": [16, 128, 256], "d_model": 256, "nhead": 4, "dim_feedforward": 1024}, \
            ("sequences_per_s", 16)
    raise KeyError(name)


def timing_worker(name, threads):
    import torch
    fn, info, (rate_key, units) = case_fn(name)
    out = {}
    for t in threads:
        torch.set_num_threads(t)
        med, reps, inner = br.per_call_seconds(fn)
        out[t] = {"s": med, "reps": reps, "inner": inner, rate_key: units / med}
    what = "conv" if name == "cnn-step-b64" else "aten"
    return {"results": out, "library": br.torch_library(torch, what), "info": info}


def run_timing(name, threads):
    """Fresh subprocess per malloc variant (as bench_reference.py's conv cases)."""
    out, library, info = {}, None, {}
    for variant in ("default", "malloc-tuned"):
        env = {k: v for k, v in os.environ.items() if k not in br.MALLOC_TUNED}
        if variant == "malloc-tuned":
            env.update(br.MALLOC_TUNED)
        res = worker_subprocess(["--worker", json.dumps([name, threads])], env)
        library, info = res["library"], res["info"]
        for t, r in res["results"].items():
            out[(f"torch-{variant}", int(t))] = r
    info["malloc_tuned_env"] = br.MALLOC_TUNED
    return out, {"torch-default": library, "torch-malloc-tuned": library + " malloc-tuned"}, info


def worker_subprocess(args, env=None):
    cmd = [sys.executable, os.path.abspath(__file__)] + args
    stdout = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- peak-RSS training job
def rss_worker(threads):
    """The whole job in this (fresh) process; ru_maxrss is this process's peak RSS."""
    import resource
    import numpy as np
    import torch
    import torch.nn.functional as F
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    torch.set_num_threads(threads)
    X, y = load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
    as_img = lambda a: torch.tensor((a / 16.0).reshape(-1, 1, 8, 8), dtype=torch.float32)  # noqa: E731
    Xtr, Xte = as_img(Xtr), as_img(Xte)
    ytr, yte = torch.tensor(ytr, dtype=torch.int64), torch.tensor(yte, dtype=torch.int64)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KB
    torch.manual_seed(0)
    model = cnn8()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(0)
    t0 = time.perf_counter()
    model.train()
    for _ in range(15):
        last_loss = train_epoch(model, opt, Xtr, ytr, 64, gen)
    t_train = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        correct = int((model(Xte).argmax(1) == yte).sum())
    t_all = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"peak_rss_bytes": peak, "peak_rss_after_imports_and_data_bytes": rss_before,
            "test_accuracy": correct / int(Xte.shape[0]), "test_correct": correct,
            "final_batch_loss": last_loss, "train_wall_s": t_train,
            "train_and_eval_wall_s": t_all, "process_wall_s": time.perf_counter() - PROCESS_START,
            "train_samples": int(Xtr.shape[0]), "test_samples": int(Xte.shape[0]),
            "library": br.torch_library(torch, "conv"), "numpy": np.__version__}


def run_rss(threads, max_wait):
    waited = br.wait_until_quiet(max_wait) if max_wait > 0 else 0.0
    runs = {}
    with br.OtherCPU() as busy:
        for t in threads:
            runs[t] = worker_subprocess(["--rss-worker", str(t)])
    t, best = min(runs.items(), key=lambda kv: kv[1]["train_wall_s"])
    detail = {**{k: v for k, v in best.items() if k != "library"},
              "runs": {f"{t2}t": r for t2, r in runs.items()}, "threads_tried": threads,
              "epochs": 15, "batch": 64, "optimizer": "Adam lr=1e-3",
              "other_cpu_busy_pct": busy.pct, "waited_for_quiet_s": waited, "cpus": os.cpu_count(),
              "note": "peak RSS includes the Python interpreter, torch and sklearn imports"}
    return {"name": "train-digits-peak-rss", "value": best["peak_rss_bytes"], "unit": "bytes",
            "threads": t, "library": best["library"], "detail": detail}


TIMING_CASES = ["mlp-digits-epoch", "cnn-step-b64", "lstm-fwd-bwd", "transformer-encoder-fwd-bwd"]
CASES = TIMING_CASES + ["train-digits-peak-rss"]


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(timing_worker(*json.loads(sys.argv[2]))))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--rss-worker":
        print(json.dumps(rss_worker(int(sys.argv[2]))))
        return
    p = argparse.ArgumentParser(description="PyTorch reference timings for the NeuralNetworks benchmarks")
    p.add_argument("case", nargs="?", help="case name (see --list)")
    p.add_argument("--threads", default="best", choices=["best", "1", "2"])
    p.add_argument("--list", action="store_true", help="print the case names, one per line")
    p.add_argument("--max-wait", type=float, default=30.0,
                   help="wait up to this many seconds for a quiet machine first (0: don't)")
    args = p.parse_args()
    if args.list:
        print("\n".join(CASES))
        return
    if args.case not in CASES:
        p.error(f"unknown case {args.case!r}; use --list")
    threads = [1, 2] if args.threads == "best" else [int(args.threads)]
    if args.case == "train-digits-peak-rss":
        print(json.dumps(run_rss(threads, args.max_wait)))
        return
    waited = br.wait_until_quiet(args.max_wait) if args.max_wait > 0 else 0.0
    with br.OtherCPU() as busy:
        results, libraries, info = run_timing(args.case, threads)
    (lib, t), best = min(results.items(), key=lambda kv: kv[1]["s"])
    per_call, per_lib = {}, {}
    for (l2, t2), r in results.items():
        per_call.setdefault(l2, {})[str(t2)] = r["s"]
        if l2 not in per_lib or r["s"] < per_lib[l2]["value"]:
            per_lib[l2] = {"value": r["s"], "threads": t2}
    detail = {
        "per_call_s": per_call,
        "best_per_library": per_lib,
        "best": {"library": lib, "threads": t},
        "runs": {f"{l2}/{t2}t": {k: v for k, v in r.items() if k != "s"} for (l2, t2), r in results.items()},
        "libraries": libraries,
        "threads_tried": threads,
        "method": f"warm-up, inner loop ~{br.TARGET_S}s, {br.REPS} reps, median per call",
        "other_cpu_busy_pct": busy.pct,
        "waited_for_quiet_s": waited,
        "cpus": os.cpu_count(),
        "malloc": lib[len("torch-"):],
        **{k: v for k, v in best.items() if k.endswith("_per_s")},  # throughput of the best run
        **info,
    }
    print(json.dumps({"name": args.case, "value": best["s"], "unit": "s", "threads": t,
                      "library": libraries[lib], "detail": detail}))


if __name__ == "__main__":
    main()
