# make_uncertainty_nn_fixtures.py — PyTorch reference values for the uncertainty losses of the Swift
# NeuralNetworks module (Losses.gaussianNLL with a variance or a log-variance, Losses.quantile).
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_uncertainty_nn_fixtures.py
# Writes (replacing) Tests/Fixtures/nn/uncertainty_losses.json.
#
# gaussian_nll:  torch.nn.functional.gaussian_nll_loss(input, target, var, full, eps, reduction), i.e.
#                torch.nn.GaussianNLLLoss; gradients by autograd (its eps clamp is done under no_grad, so the
#                gradient reaches var as if unclamped).
# gaussian_nll_log_variance: gaussian_nll_loss(input, target, exp(log_var), full, eps=0); gradients by
#                autograd through exp.
# quantile:      the pinball loss by formula, max(tau * (y - yhat), (tau - 1) * (y - yhat)) with tau the
#                quantile level of each column of yhat [N, Q] and y [N] broadcast over the columns; the
#                mean is over all N*Q elements. Gradients by autograd.
# Deterministic (each case seeds torch with crc32 of its name); float64 throughout; values are plain JSON
# numbers with Python's shortest round-trip repr (exact float64). Helpers and file format: make_nn_fixtures.py.
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_nn_fixtures import T, q, seed, write  # noqa: E402  (float64 default, shared tensor format)

REDUCTIONS = ("mean", "sum", "none")


def run(name, loss, options, tensors, compute):
    """tensors: ordered dict of named inputs (the first two are input and target); compute(dict, reduction)."""
    case = {"name": name, "loss": loss, "options": options, "tensors": {k: T(v) for k, v in tensors.items()},
            "results": {}}
    for red in REDUCTIONS:
        leaves = {k: v.clone().requires_grad_(k != "target") for k, v in tensors.items()}
        out = compute(leaves, red)
        r = {"value": float(out.detach()) if out.dim() == 0 else T(out)}
        if out.dim() == 0:
            out.backward()
            r["grads"] = {k: T(v.grad) for k, v in leaves.items() if v.grad is not None}
        case["results"][red] = r
    return case


def pinball(pred, target, taus, reduction):
    tau = torch.tensor(taus).reshape(1, -1)
    r = target.reshape(-1, 1) - pred
    loss = torch.maximum(tau * r, (tau - 1) * r)
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]


def main():
    cases = []
    N, D = 6, 3

    def gaussian(name, var_shape, full, eps, var_make=None):
        seed(name)
        x, y = q(torch.randn(N, D)), q(torch.randn(N, D))
        var = var_make() if var_make else q(torch.rand(*var_shape) * 2 + 0.05)
        opts = {"full": full, "eps": eps}
        cases.append(run(name, "gaussian_nll", opts, {"input": x, "target": y, "var": var},
                         lambda t, r: F.gaussian_nll_loss(t["input"], t["target"], t["var"], full=full, eps=eps,
                                                          reduction=r)))

    gaussian("gaussian_nll", (N, D), False, 1e-6)
    gaussian("gaussian_nll_full", (N, D), True, 1e-6)
    gaussian("gaussian_nll_var_one_axis_fewer", (N,), False, 1e-6)
    gaussian("gaussian_nll_var_last_axis_1", (N, 1), True, 1e-6)

    def tiny_variances():  # some variances at or below eps: the clamp changes the value, not the gradient
        v = q(torch.rand(N, D) * 2 + 0.05)
        v[0, 0], v[2, 1], v[4, 2] = 0.0, 1e-8, 0.05
        return v

    gaussian("gaussian_nll_clamped", (N, D), False, 1e-6, tiny_variances)
    gaussian("gaussian_nll_clamped_eps0.1", (N, D), True, 0.1, tiny_variances)

    def gaussian_log(name, full):
        seed(name)
        x, y, s = q(torch.randn(N, D)), q(torch.randn(N, D)), q(torch.randn(N, D) * 1.5)
        cases.append(run(name, "gaussian_nll_log_variance", {"full": full},
                         {"input": x, "target": y, "log_var": s},
                         lambda t, r: F.gaussian_nll_loss(t["input"], t["target"], t["log_var"].exp(), full=full,
                                                          eps=0.0, reduction=r)))

    gaussian_log("gaussian_nll_log_variance", False)
    gaussian_log("gaussian_nll_log_variance_full", True)

    def quantile(name, taus, target_shape):
        seed(name)
        n = 8
        pred, y = q(torch.randn(n, len(taus))), q(torch.randn(*target_shape) * 1.5)
        cases.append(run(name, "quantile", {"quantiles": taus}, {"input": pred, "target": y},
                         lambda t, r: pinball(t["input"], t["target"], taus, r)))

    quantile("quantile_three_levels", [0.1, 0.5, 0.9], (8,))
    quantile("quantile_one_level_column_target", [0.75], (8, 1))
    quantile("quantile_cqr_pair", [0.05, 0.95], (8,))

    write("uncertainty_losses.json", {
        "generator": "scripts/reference/make_uncertainty_nn_fixtures.py",
        "conventions": {
            "tensor": 'tensor = {"dtype": "float64", "shape": [...], "values": flat row-major list}',
            "case": "tensors: named inputs (input, target, and var or log_var). results[r].value: a number for "
                    "'mean'/'sum', a tensor for 'none'; results[r].grads[name]: d(value)/d(tensor) for every "
                    "input except the target, for scalar reductions only.",
            "gaussian_nll": "F.gaussian_nll_loss(input, target, var, full, eps, reduction)",
            "gaussian_nll_log_variance": "F.gaussian_nll_loss(input, target, exp(log_var), full, eps=0, reduction)",
            "quantile": "max(tau*(y - yhat), (tau - 1)*(y - yhat)), tau per column of input [N, Q], "
                        "y = target broadcast over columns; mean over N*Q",
        },
        "cases": cases,
    })


if __name__ == "__main__":
    main()
