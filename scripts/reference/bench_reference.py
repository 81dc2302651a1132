# bench_reference.py — the Python side of `swiftlearn-bench`: times one named case with
# numpy (OpenBLAS autodetect) and/or torch (CPU) and prints ONE JSON line on stdout:
#   {"name", "value": median per-call seconds of the fastest library/thread setting,
#    "unit": "s", "threads", "library", "detail": {per-library, per-thread figures, ...}}
#
# Usage (reference venv from scripts/setup-reference.sh):
#   PY="$(bash scripts/setup-reference.sh)"
#   $PY scripts/reference/bench_reference.py --list
#   $PY scripts/reference/bench_reference.py sgemm-1024 [--threads best|1|2]   (default: best)
#
# Method (/work/shared/reference/ANCHOR-FIGURES.md): OPENBLAS_CORETYPE is removed from the
# environment before numpy loads (the script re-executes itself without it), so OpenBLAS picks
# its own kernel (SkylakeX/AVX-512 on Zen 5); threads set through threadpoolctl (numpy's BLAS)
# and torch.set_num_threads; warm-up, an inner loop calibrated to ~0.2 s, 5 repetitions, median
# per-call time. `best` tries 1 and 2 threads and reports the faster. conv2d cases run each
# setting in a fresh subprocess, once with default glibc malloc and once "malloc-tuned"
# (MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456), and report the faster.
# Sizes: "1M" = 2^20 float32 elements, "16M" = 2^24; softmax rows are 1024 wide.
# Elementwise/reduction buffers (numpy's and torch's alike) come from numpy, so on Linux they are
# advised onto transparent huge pages from 4 MiB up, as SwiftLearn's are.
# Before measuring it waits (up to --max-wait s, default 30) until other processes use < 15 %
# of the CPUs; detail["other_cpu_busy_pct"] is the share they used during the measurement
# (above ~15 % the figures are suspect, 2-thread ones most). Logs go to stderr.
import os
import sys

if "OPENBLAS_CORETYPE" in os.environ:  # must be gone before numpy (OpenBLAS) is loaded
    env = dict(os.environ)
    del env["OPENBLAS_CORETYPE"]
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

MALLOC_TUNED = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}
TARGET_S, REPS = 0.2, 5
LONG_CALL_S, LONG_REPS = 1.0, 3  # calls of a second or more: 1 warm-up + 3 timed (as Timing.swift)
M = 1 << 20


# ---------------------------------------------------------------- timing
def per_call_seconds(fn):
    """Warm up, calibrate the inner loop to ~TARGET_S, return (median, all reps, inner n)."""
    t0 = time.perf_counter()
    fn()
    if time.perf_counter() - t0 >= LONG_CALL_S:  # long calls: 1 warm-up + LONG_REPS timed calls
        reps = []
        for _ in range(LONG_REPS):
            t0 = time.perf_counter()
            fn()
            reps.append(time.perf_counter() - t0)
        return statistics.median(reps), reps, 1
    calls = 1
    while time.perf_counter() - t0 < 0.05 or calls < 3:  # warm-up
        fn()
        calls += 1
    one = (time.perf_counter() - t0) / calls
    n = max(1, round(TARGET_S / one))
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    n = max(1, round(n * TARGET_S / (time.perf_counter() - t0)))  # re-calibrate once
    reps = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        reps.append((time.perf_counter() - t0) / n)
    return statistics.median(reps), reps, n


class OtherCPU:
    """CPU time other processes used while we measured, as % of all CPUs (from /proc/stat)."""

    def _read(self):
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        busy = sum(v) - v[3] - v[4]  # minus idle, iowait
        t = os.times()
        own = (t.user + t.system + t.children_user + t.children_system) * os.sysconf("SC_CLK_TCK")
        return busy, sum(v), own

    def __enter__(self):
        self.start = self._read()
        return self

    def __exit__(self, *exc):
        b0, a0, o0 = self.start
        b1, a1, o1 = self._read()
        self.pct = round(100.0 * max(0.0, (b1 - b0) - (o1 - o0)) / max(1, a1 - a0), 1)


def wait_until_quiet(max_wait_s, threshold_pct=15.0, window_s=2.0):
    """Wait (at most max_wait_s) until other processes used < threshold_pct of the CPUs for
    window_s; returns the seconds waited."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < max_wait_s:
        with OtherCPU() as busy:
            time.sleep(window_s)
        if busy.pct < threshold_pct:
            break
    return round(time.monotonic() - t0, 1)


def numpy_library():
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    b = blas[0] if blas else {}
    return f"numpy {np.__version__} ({b.get('internal_api', '?')} {b.get('version', '?')}, " \
           f"{b.get('architecture', '?')} kernel)"


def torch_library(torch, what):
    m = re.search(r"(MKL-DNN|oneDNN) v([\d.]+)", torch.__config__.show())
    onednn = f"oneDNN {m.group(2)}" if m else "oneDNN"
    return f"torch {torch.__version__} ({onednn if what == 'conv' else 'ATen CPU'})"


# ---------------------------------------------------------------- cases
def gemm_case(m, k, n, batch=None):
    def run(threads):
        rng = np.random.default_rng(0)
        sa, sb, sc = ((m, k), (k, n), (m, n)) if batch is None else \
            ((batch, m, k), (batch, k, n), (batch, m, n))
        a = rng.standard_normal(sa, dtype=np.float32)
        b = rng.standard_normal(sb, dtype=np.float32)
        c = np.empty(sc, dtype=np.float32)
        flops = 2.0 * m * n * k * (batch or 1)
        out = {}
        for t in threads:
            with threadpool_limits(limits=t, user_api="blas"):
                med, reps, inner = per_call_seconds(lambda: np.matmul(a, b, out=c))
            out[("numpy", t)] = {"s": med, "reps": reps, "inner": inner, "gflops": flops / med / 1e9}
        return out, {"numpy": numpy_library()}, {"flops": flops, "op": "np.matmul(a, b, out=c)"}
    return run


def elementwise_case(kind, size):
    def run(threads):
        import torch
        rng = np.random.default_rng(0)
        if kind == "softmax":
            x = rng.standard_normal((size // 1024, 1024), dtype=np.float32)
        else:
            x = rng.standard_normal(size, dtype=np.float32)
        y = np.empty_like(x)
        # Both torch tensors live in NumPy-allocated memory, which NumPy advises onto transparent huge pages
        # from 4 MiB up (torch's own allocator does not unless THP_MEM_ALLOC_ENABLE=1): the reference streams
        # from the same kind of pages as SwiftLearn's tensors (Kernels/LargeBuffers.swift).
        tx, ty = torch.from_numpy(x.copy()), torch.from_numpy(np.empty_like(x))
        a, b = 1.5, 0.5
        if kind == "softmax":
            mx = np.empty((x.shape[0], 1), np.float32)
            sm = np.empty((x.shape[0], 1), np.float32)

            def np_softmax():
                np.max(x, axis=1, keepdims=True, out=mx)
                np.subtract(x, mx, out=y)
                np.exp(y, out=y)
                np.sum(y, axis=1, keepdims=True, out=sm)
                np.divide(y, sm, out=y)
        fns = {
            "axpb": {"numpy": lambda: (np.multiply(x, a, out=y), np.add(y, b, out=y)),
                     "torch": lambda: torch.mul(tx, a, out=ty).add_(b)},
            "exp": {"numpy": lambda: np.exp(x, out=y), "torch": lambda: torch.exp(tx, out=ty)},
            "gelu": {"torch": lambda: torch._C._nn.gelu(tx, out=ty)},  # exact (erf) GELU
            "sum": {"numpy": lambda: np.sum(x), "torch": lambda: torch.sum(tx)},
            "softmax": {"numpy": np_softmax if kind == "softmax" else None,
                        "torch": lambda: torch.softmax(tx, 1, out=ty)},
        }[kind]
        ops = {
            "axpb": {"numpy": "np.multiply(x, a, out=y); np.add(y, b, out=y)",
                     "torch": "torch.mul(x, a, out=y).add_(b)"},
            "exp": {"numpy": "np.exp(x, out=y)", "torch": "torch.exp(x, out=y)"},
            "gelu": {"torch": "gelu exact (erf), out=y"},
            "sum": {"numpy": "np.sum(x) (pairwise)", "torch": "torch.sum(x)"},
            "softmax": {"numpy": "max, subtract, exp, sum, divide (stable), preallocated",
                        "torch": "torch.softmax(x, 1, out=y)"},
        }[kind]
        out = {}
        with torch.inference_mode():
            for lib, fn in fns.items():
                for t in threads:
                    torch.set_num_threads(t)
                    with threadpool_limits(limits=t):
                        med, reps, inner = per_call_seconds(fn)
                    out[(lib, t)] = {"s": med, "reps": reps, "inner": inner,
                                     "gelem_per_s": size / med / 1e9}
        libs = {"numpy": numpy_library() + " (single-threaded ufuncs)", "torch": torch_library(torch, "aten")}
        return out, {k: libs[k] for k in fns}, {"elements": size, "ops": ops}
    return run


def conv_worker(cin, cout, hw, backward, threads):
    """Runs inside a fresh process (so the malloc environment applies from the start)."""
    import torch
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(cin, cout, 3, stride=1, padding=1, bias=True)
    x = torch.randn(64, cin, hw, hw)
    x.requires_grad_(backward and cin > 1)  # layer 1: no input gradient; layer 2: input gradient too
    g = torch.randn(64, cout, hw, hw)

    def fwd():
        with torch.inference_mode():
            conv(x)

    def fwdbwd():
        conv.weight.grad = conv.bias.grad = x.grad = None  # like optimizer.zero_grad()
        conv(x).backward(g)

    out = {}
    for t in threads:
        torch.set_num_threads(t)
        med, reps, inner = per_call_seconds(fwdbwd if backward else fwd)
        out[t] = {"s": med, "reps": reps, "inner": inner}
    return out, torch_library(torch, "conv")


def conv_case(cin, cout, hw, backward):
    def run(threads):
        out, library = {}, None
        for variant in ("default", "malloc-tuned"):
            env = {k: v for k, v in os.environ.items() if k not in MALLOC_TUNED}
            if variant == "malloc-tuned":
                env.update(MALLOC_TUNED)
            cmd = [sys.executable, os.path.abspath(__file__), "--conv-worker",
                   json.dumps([cin, cout, hw, backward, threads])]
            res = json.loads(subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE,
                                            text=True).stdout.strip().splitlines()[-1])
            library = res["library"]
            fwd_flops = 2.0 * 64 * cout * hw * hw * cin * 9
            flops = fwd_flops * ((2 if cin == 1 else 3) if backward else 1)
            for t, r in res["results"].items():
                r["images_per_s"] = 64 / r["s"]
                r["gflops"] = flops / r["s"] / 1e9
                out[(f"torch-{variant}", int(t))] = r
        info = {"batch": 64, "kernel": "3x3 pad 1 stride 1 bias", "flops": flops,
                "flops_rule": "fwd = 2*N*Cout*H*W*Cin*9; fwd+bwd = 2x fwd (layer 1, no input grad) "
                              "or 3x fwd (input grad too)",
                "pass": "forward+backward (grads set to None each call)" if backward
                        else "forward (inference_mode)",
                "malloc_tuned_env": MALLOC_TUNED}
        return out, {"torch-default": library, "torch-malloc-tuned": library + " malloc-tuned"}, info
    return run


CASES = {
    "sgemm-512": gemm_case(512, 512, 512),
    "sgemm-1024": gemm_case(1024, 1024, 1024),
    "sgemm-2048": gemm_case(2048, 2048, 2048),
    "sgemm-64x784x256": gemm_case(64, 784, 256),
    "sgemm-128x384x1536": gemm_case(128, 384, 1536),
    "sgemm-32x128x10": gemm_case(32, 128, 10),
    "bmm-16x128x64x128": gemm_case(128, 64, 128, batch=16),
    "conv2d-1to32-28-fwdbwd": conv_case(1, 32, 28, True),
    "conv2d-32to64-14-fwdbwd": conv_case(32, 64, 14, True),
    "conv2d-1to32-28-fwd": conv_case(1, 32, 28, False),
    "conv2d-32to64-14-fwd": conv_case(32, 64, 14, False),
}
for _kind in ("axpb", "exp", "gelu", "sum"):
    for _label, _n in (("1M", M), ("16M", 16 * M)):
        CASES[f"{_kind}-{_label}"] = elementwise_case(_kind, _n)
CASES["softmax-rows-1M"] = elementwise_case("softmax", M)
CASES["softmax-rows-16M"] = elementwise_case("softmax", 16 * M)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--conv-worker":
        cin, cout, hw, backward, threads = json.loads(sys.argv[2])
        res, library = conv_worker(cin, cout, hw, backward, threads)
        print(json.dumps({"results": res, "library": library}))
        return
    p = argparse.ArgumentParser(description="Python reference timings for swiftlearn-bench")
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
    waited = wait_until_quiet(args.max_wait) if args.max_wait > 0 else 0.0
    with OtherCPU() as busy:
        results, libraries, info = CASES[args.case](threads)
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
        "method": f"warm-up, inner loop ~{TARGET_S}s, {REPS} reps, median per call",
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "unset"),
        "other_cpu_busy_pct": busy.pct,
        "waited_for_quiet_s": waited,
        "cpus": os.cpu_count(),
        **info,
    }
    if lib.startswith("torch-"):
        detail["malloc"] = lib[len("torch-"):]
    print(json.dumps({"name": args.case, "value": best["s"], "unit": "s", "threads": t,
                      "library": libraries[lib], "detail": detail}))


if __name__ == "__main__":
    main()
