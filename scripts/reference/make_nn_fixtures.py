# make_nn_fixtures.py — PyTorch reference fixtures for the Swift NeuralNetworks tests.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_nn_fixtures.py
# Writes (replacing) Tests/Fixtures/nn/{optimizers,schedules,losses,layers}.json.
#
# Deterministic: every case reseeds torch with a seed derived from its own name (crc32), so
# adding or removing a case does not change the others. All math is float64
# (torch.set_default_dtype) and values are written as plain JSON numbers with Python's
# shortest round-trip repr (exact float64). No NaN/Inf anywhere (json allow_nan=False);
# the one infinite option (norm_type inf) is written as the string "inf".
#
# Conventions shared by every file (the report in the PR/lead notes repeats them):
#   tensor  = {"dtype": "float64"|"int64"|"bool", "shape": [..], "values": [flat, row-major]}
#             (0-d tensors: shape [] and one value)
#   file    = {"versions": {"torch", "numpy", "python"}, "generator", "conventions", ...sections}
import json
import math
import os
import platform
import sys
import warnings
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Fixtures", "nn")
VERSIONS = {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()}
TENSOR_DOC = ('tensor = {"dtype": "float64"|"int64"|"bool", "shape": [...], "values": flat row-major '
              'list}; 0-d tensors have shape [] and one value')


def seed(name):
    """Per-case seed, stable across edits elsewhere in the file."""
    torch.manual_seed(zlib.crc32(name.encode()) & 0x7FFFFFFF)


def q(t):
    """Round to 4 decimals. Used for inputs, initial parameters and R (which may be any values):
    the result is the float64 nearest to a 4-decimal number, so its JSON text is short and
    parses back to exactly the value PyTorch used. Computed results keep full precision."""
    return torch.round(t * 1e4) / 1e4


def T(t):
    """Tensor -> JSON object (values flat, row-major, exact float64 / int / bool)."""
    t = t.detach().contiguous()
    if t.dtype == torch.bool:
        dtype, values = "bool", [bool(v) for v in t.reshape(-1).tolist()]
    elif t.is_floating_point():
        dtype, values = "float64", [float(v) for v in t.to(torch.float64).reshape(-1).tolist()]
    else:
        dtype, values = "int64", [int(v) for v in t.reshape(-1).tolist()]
    return {"dtype": dtype, "shape": list(t.shape), "values": values}


def write(name, doc):
    doc = {"versions": VERSIONS, "generator": "scripts/reference/make_nn_fixtures.py", **doc}
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)  # compact: size budget
        f.write("\n")
    print(f"{name}: {os.path.getsize(path) / 1024:.1f} KB", file=sys.stderr)


# ====================================================================== optimizers
OPTIMIZER_CASES = [  # (case name, torch.optim class name, options as passed to the constructor)
    ("sgd", "SGD", {"lr": 0.1}),
    ("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd_momentum_dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
    ("sgd_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.01}),
    ("sgd_momentum_weight_decay", "SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_weight_decay", "Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("adam_amsgrad", "Adam", {"lr": 0.01, "amsgrad": True}),
    ("adamw_wd0.01", "AdamW", {"lr": 0.01, "weight_decay": 0.01}),
    ("adamw_wd0.1", "AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("rmsprop", "RMSprop", {"lr": 0.01}),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}),
    ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True}),
    ("adagrad", "Adagrad", {"lr": 0.1}),
    ("adagrad_lr_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("adagrad_weight_decay", "Adagrad", {"lr": 0.1, "weight_decay": 0.1}),
]
# Hyperparameters worth recording after PyTorch fills in its defaults (implementation switches
# such as foreach/fused/capturable/differentiable are left out: they do not change the math).
HYPER_KEYS = ["lr", "momentum", "dampening", "nesterov", "weight_decay", "betas", "eps", "amsgrad",
              "alpha", "centered", "lr_decay", "initial_accumulator_value", "maximize"]
STEPS = 5


def optimizers():
    cases = []
    for name, opt_name, options in OPTIMIZER_CASES:
        seed(name)
        params = [q(torch.randn(3, 4)), q(torch.randn(4))]
        # Gradients are fixed random tensors (not from a loss) so each step's update is isolated;
        # scaled so some entries are small and some large relative to eps.
        grads = [[q(torch.randn(3, 4) * 0.5), q(torch.randn(4) * 0.5)] for _ in range(STEPS)]
        initial = [T(p) for p in params]
        params = [nn.Parameter(p.clone()) for p in params]
        opt = getattr(torch.optim, opt_name)(params, foreach=False, **options)
        hyper = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.defaults.items()
                 if k in HYPER_KEYS}
        steps = []
        for g in grads:
            for p, gi in zip(params, g):
                p.grad = gi.clone()
            opt.step()
            steps.append({"grads": [T(x) for x in g], "params": [T(p) for p in params]})
        cases.append({"name": name, "optimizer": opt_name, "options": options,
                      "hyperparameters": hyper, "initial_params": initial, "steps": steps})
    write("optimizers.json", {
        "conventions": {
            "tensor": TENSOR_DOC,
            "case": "params = initial_params (two tensors, shapes [3,4] and [4]); for each entry of "
                    "steps: set p.grad = grads[i] for each parameter, call optimizer.step(); "
                    "params[i] are the parameter values after that step",
            "options": "keyword arguments given to torch.optim.<optimizer>(params, **options) "
                       "(PyTorch argument names); hyperparameters: every relevant value after "
                       "PyTorch's defaults are applied (betas as a 2-element list)",
            "implementation": "foreach=False (single-tensor reference loop); maximize=False; "
                              "initial params and grads are rounded to 4 decimals (exact as "
                              "written), params after each step are full precision",
        },
        "cases": cases,
    })


# ====================================================================== schedules + clipping
SCHEDULE_STEPS = 30
BASE_LR = 0.1


def make_scheduler(kind, opt, options):
    S = torch.optim.lr_scheduler
    if kind == "SequentialLR":
        subs = [getattr(S, s["scheduler"])(opt, **s["options"]) for s in options["schedulers"]]
        return S.SequentialLR(opt, subs, milestones=options["milestones"])
    return getattr(S, kind)(opt, **options)


SCHEDULE_CASES = [
    ("step_lr", "StepLR", {"step_size": 7, "gamma": 0.5}),
    ("cosine_annealing_tmax30", "CosineAnnealingLR", {"T_max": 30, "eta_min": 0.001}),
    # T_max < steps: PyTorch's recursive form keeps going past T_max (lr rises back up).
    ("cosine_annealing_tmax10", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001}),
    ("one_cycle", "OneCycleLR", {"max_lr": 0.1, "total_steps": 30}),
    ("one_cycle_three_phase", "OneCycleLR", {"max_lr": 0.1, "total_steps": 30, "three_phase": True}),
    ("linear_warmup", "LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 5}),
    ("warmup_then_cosine", "SequentialLR", {
        "schedulers": [
            {"scheduler": "LinearLR", "options": {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 5}},
            {"scheduler": "CosineAnnealingLR", "options": {"T_max": 25, "eta_min": 0.001}}],
        "milestones": [5]}),
]


def schedules():
    warnings.filterwarnings("ignore", category=UserWarning)  # SequentialLR's step(epoch) notice
    cases = []
    for name, kind, options in SCHEDULE_CASES:
        # SGD with momentum so OneCycleLR can cycle momentum (its default cycle_momentum=True).
        opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=BASE_LR, momentum=0.9)
        sched = make_scheduler(kind, opt, options)
        lrs, moms = [], []
        for _ in range(SCHEDULE_STEPS):
            lrs.append(opt.param_groups[0]["lr"])
            moms.append(opt.param_groups[0]["momentum"])
            opt.step()
            sched.step()
        case = {"name": name, "scheduler": kind, "options": options, "base_lr": BASE_LR, "lr": lrs}
        if kind == "OneCycleLR":
            # Record PyTorch's defaults explicitly and the cycled momentum.
            case["defaults"] = {"pct_start": 0.3, "anneal_strategy": "cos", "div_factor": 25.0,
                                "final_div_factor": 1e4, "three_phase": False, "cycle_momentum": True,
                                "base_momentum": 0.85, "max_momentum": 0.95}
            case["momentum"] = moms
        cases.append(case)

    clips = []
    for name, fn, options in [
        ("clip_norm_l2", "clip_grad_norm_", {"max_norm": 1.0, "norm_type": 2.0}),
        ("clip_norm_inf", "clip_grad_norm_", {"max_norm": 0.5, "norm_type": math.inf}),
        ("clip_norm_l2_no_clip", "clip_grad_norm_", {"max_norm": 100.0, "norm_type": 2.0}),
        ("clip_value", "clip_grad_value_", {"clip_value": 0.5}),
    ]:
        seed(name)
        params = [nn.Parameter(torch.zeros(s)) for s in [(3, 4), (4,), (2, 3)]]
        for p in params:
            p.grad = torch.randn(p.shape)
        before = [T(p.grad) for p in params]
        ret = getattr(torch.nn.utils, fn)(params, **options)
        case = {"name": name, "function": fn,
                "options": {k: ("inf" if v == math.inf else v) for k, v in options.items()},
                "grads_in": before, "grads_out": [T(p.grad) for p in params]}
        if ret is not None:
            case["total_norm"] = float(ret)
        clips.append(case)

    write("schedules.json", {
        "conventions": {
            "tensor": TENSOR_DOC,
            "schedules": f"optimizer = SGD(lr=base_lr, momentum=0.9); scheduler built with options; "
                         f"lr[i] = param_groups[0]['lr'] in effect for optimizer step i "
                         f"(i = 0..{SCHEDULE_STEPS - 1}; lr[0] is the value right after construction); "
                         "scheduler.step() is called after every optimizer.step(). momentum[i] "
                         "(OneCycleLR only) likewise. SequentialLR options: sub-schedulers in order, "
                         "each built on the same optimizer, then SequentialLR(milestones).",
            "clipping": "grads_in: the .grad of three parameters (shapes [3,4],[4],[2,3]); "
                        "grads_out: after torch.nn.utils.<function>(params, **options); total_norm: "
                        "the value clip_grad_norm_ returns (norm of all grads together, before "
                        "clipping). clip_grad_norm_ scales by min(1, max_norm / (total_norm + 1e-6)). "
                        'norm_type "inf" = max |g|.',
        },
        "schedules": cases,
        "clipping": clips,
    })


# ====================================================================== losses
def losses():
    warnings.filterwarnings("ignore", category=UserWarning)  # kl_div reduction='mean' notice
    N, C = 6, 4
    cases = []

    def case(name, loss, make, options, reductions=("mean", "sum", "none")):
        """make() -> (input, target, extra tensor kwargs such as weight/pos_weight)."""
        seed(name)
        x, target, extra = make()
        c = {"name": name, "loss": loss, "options": options, "input": T(x), "target": T(target)}
        for k, v in extra.items():
            c[k] = T(v)
        results = {}
        for red in reductions:
            xi = x.clone().requires_grad_(True)
            out = getattr(F, loss)(xi, target, reduction=red, **options, **extra)
            r = {"value": float(out) if out.dim() == 0 else T(out)}
            if out.dim() == 0:  # gradient of the scalar (reduced) loss w.r.t. the input
                out.backward()
                r["grad_input"] = T(xi.grad)
            results[red] = r
        c["results"] = results
        cases.append(c)

    logits = lambda: torch.randn(N, C) * 1.5  # noqa: E731
    classes = lambda: torch.randint(0, C, (N,))  # noqa: E731
    weights = lambda: torch.rand(C) * 1.5 + 0.5  # noqa: E731

    def with_ignored(t, idx):
        t = t.clone()
        t[1], t[4] = idx, idx  # two ignored rows
        return t

    ce = "cross_entropy"
    case("ce_indices", ce, lambda: (logits(), classes(), {}), {})
    case("ce_weight", ce, lambda: (logits(), classes(), {"weight": weights()}), {})
    case("ce_label_smoothing", ce, lambda: (logits(), classes(), {}), {"label_smoothing": 0.1})
    case("ce_ignore_index", ce, lambda: (logits(), with_ignored(classes(), -100), {}),
         {"ignore_index": -100})
    case("ce_ignore_index_custom", ce, lambda: (logits(), with_ignored(classes(), 2), {}),
         {"ignore_index": 2})
    case("ce_weight_label_smoothing", ce, lambda: (logits(), classes(), {"weight": weights()}),
         {"label_smoothing": 0.1})
    case("ce_weight_label_smoothing_ignore", ce,
         lambda: (logits(), with_ignored(classes(), -100), {"weight": weights()}),
         {"label_smoothing": 0.1, "ignore_index": -100})
    case("ce_probabilities", ce, lambda: (logits(), torch.softmax(torch.randn(N, C), 1), {}), {})
    case("ce_probabilities_weight_smoothing", ce,
         lambda: (logits(), torch.softmax(torch.randn(N, C), 1), {"weight": weights()}),
         {"label_smoothing": 0.1})

    logp = lambda: torch.log_softmax(torch.randn(N, C) * 1.5, 1)  # noqa: E731
    case("nll", "nll_loss", lambda: (logp(), classes(), {}), {})
    case("nll_weight", "nll_loss", lambda: (logp(), classes(), {"weight": weights()}), {})
    case("nll_ignore_index", "nll_loss", lambda: (logp(), with_ignored(classes(), -100), {}),
         {"ignore_index": -100})
    case("nll_weight_ignore_index", "nll_loss",
         lambda: (logp(), with_ignored(classes(), 3), {"weight": weights()}), {"ignore_index": 3})

    def bce_target():  # hard 0/1 labels in most places, soft labels in the last row
        t = (torch.rand(N, C) > 0.5).to(torch.float64)
        t[-1] = torch.rand(C)
        return t

    case("bce", "binary_cross_entropy", lambda: (torch.sigmoid(torch.randn(N, C) * 1.5), bce_target(), {}), {})
    case("bce_weight", "binary_cross_entropy",
         lambda: (torch.sigmoid(torch.randn(N, C) * 1.5), bce_target(), {"weight": weights()}), {})
    case("bce_logits", "binary_cross_entropy_with_logits", lambda: (logits(), bce_target(), {}), {})
    case("bce_logits_pos_weight", "binary_cross_entropy_with_logits",
         lambda: (logits(), bce_target(), {"pos_weight": weights()}), {})
    case("bce_logits_weight_pos_weight", "binary_cross_entropy_with_logits",
         lambda: (logits(), bce_target(), {"weight": weights(), "pos_weight": weights()}), {})

    pair = lambda: (torch.randn(N, C), torch.randn(N, C), {})  # noqa: E731 (|diff| spans 0..~4)
    case("mse", "mse_loss", pair, {})
    case("l1", "l1_loss", pair, {})
    case("huber_delta1", "huber_loss", pair, {"delta": 1.0})
    case("huber_delta0.5", "huber_loss", pair, {"delta": 0.5})
    case("smooth_l1_beta1", "smooth_l1_loss", pair, {"beta": 1.0})
    case("smooth_l1_beta0.5", "smooth_l1_loss", pair, {"beta": 0.5})

    kl_red = ("batchmean", "sum", "mean", "none")
    case("kl_div", "kl_div", lambda: (logp(), torch.softmax(torch.randn(N, C), 1), {}),
         {"log_target": False}, kl_red)
    case("kl_div_log_target", "kl_div", lambda: (logp(), torch.log_softmax(torch.randn(N, C), 1), {}),
         {"log_target": True}, kl_red)

    write("losses.json", {
        "conventions": {
            "tensor": TENSOR_DOC,
            "case": "torch.nn.functional.<loss>(input, target, reduction=r, **options, weight=?, "
                    "pos_weight=?) where weight/pos_weight are present only if the case has them. "
                    "results[r].value: a number for scalar reductions, a tensor for 'none'; "
                    "results[r].grad_input: d(value)/d(input) for scalar reductions only.",
            "shapes": "input [6,4]; class-index targets int64 [6]; probability targets [6,4]; "
                      "weight and pos_weight [4] (per class / broadcast over the last dim)",
            "cross_entropy": "input = logits; nll_loss and kl_div input = log-probabilities; "
                             "binary_cross_entropy input = probabilities; kl_div target = "
                             "probabilities (log_target false) or log-probabilities (true). "
                             "'mean' with weights/ignore_index divides by the sum of the weights "
                             "of the non-ignored targets (PyTorch semantics).",
        },
        "cases": cases,
    })


# ====================================================================== layers
def perturb(module):
    """Add N(0, 0.1²) to every floating parameter so that ones/zeros defaults (norm weights,
    zero biases) cannot hide a bug in the forward/backward."""
    with torch.no_grad():
        for p in module.parameters():
            p.add_(torch.randn(p.shape) * 0.1)


def causal_mask(n):
    return torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)  # True = may NOT attend


def layers():
    cases = []

    def layer_case(name, layer, ctor, make_inputs, call=None, mode="train", before_forward=None,
                   outputs_of=None, perturb_params=True):
        """make_inputs() -> (float inputs dict (get grads), other inputs dict (masks/indices)).
        outputs_of(result) -> ordered dict of outputs; the first one is `output` (loss uses it)."""
        seed(name)
        module = getattr(nn, layer)(**ctor)
        if perturb_params:
            perturb(module)
        if before_forward:
            before_forward(module)
        with torch.no_grad():
            for v in module.state_dict().values():
                if v.is_floating_point():
                    v.copy_(q(v))
        module.train(mode == "train")
        state = module.state_dict()
        c = {"name": name, "layer": layer, "args": ctor, "mode": mode,
             "state_dict": {k: T(v) for k, v in state.items()},
             "state_dict_order": list(state.keys())}
        floats, others = make_inputs()
        floats = {k: q(v) for k, v in floats.items()}
        inputs = {k: v.clone().requires_grad_(True) for k, v in floats.items()}
        c["inputs"] = {k: T(v) for k, v in {**floats, **others}.items()}
        if call:
            c["call"] = call
        res = module(*inputs.values(), **others, **(call or {})) if layer != "MultiheadAttention" \
            else module(inputs["query"], inputs["key"], inputs["value"], **others, **(call or {}))
        outs = outputs_of(res) if outputs_of else {"output": res}
        c["outputs"] = {k: T(v) for k, v in outs.items()}
        R = q(torch.randn(outs["output"].shape))
        c["R"] = T(R)
        (outs["output"] * R).sum().backward()
        c["input_grads"] = {k: T(v.grad) for k, v in inputs.items()}
        c["param_grads"] = {k: T(p.grad) for k, p in module.named_parameters()}
        if mode == "train" and any(k.startswith("running_") for k in state):
            c["state_dict_after"] = {k: T(v) for k, v in module.state_dict().items()}
        cases.append(c)

    r = torch.randn
    layer_case("linear", "Linear", {"in_features": 5, "out_features": 3},
               lambda: ({"input": r(2, 4, 5)}, {}))
    layer_case("conv1d_s2_p1", "Conv1d",
               {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1},
               lambda: ({"input": r(2, 3, 9)}, {}))
    layer_case("conv2d_s2_p1_d2_g2", "Conv2d",
               {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 2, "padding": 1,
                "dilation": 2, "groups": 2},
               lambda: ({"input": r(2, 4, 7, 7)}, {}))
    layer_case("conv_transpose2d_s2_p1_op1", "ConvTranspose2d",
               {"in_channels": 4, "out_channels": 3, "kernel_size": 3, "stride": 2, "padding": 1,
                "output_padding": 1},
               lambda: ({"input": r(2, 4, 3, 3)}, {}))

    def random_running_stats(m):  # non-trivial running stats for eval mode / the update check
        m.running_mean.copy_(torch.randn(m.num_features) * 0.5)
        m.running_var.copy_(torch.rand(m.num_features) + 0.5)

    for mode in ("train", "eval"):
        layer_case(f"batchnorm1d_{mode}", "BatchNorm1d", {"num_features": 3, "momentum": 0.1, "eps": 1e-5},
                   lambda: ({"input": r(5, 3) * 2 + 1}, {}), mode=mode, before_forward=random_running_stats)
        layer_case(f"batchnorm1d_3d_{mode}", "BatchNorm1d", {"num_features": 3, "momentum": 0.1, "eps": 1e-5},
                   lambda: ({"input": r(2, 3, 4) * 2 + 1}, {}), mode=mode, before_forward=random_running_stats)
        layer_case(f"batchnorm2d_{mode}", "BatchNorm2d", {"num_features": 3, "momentum": 0.1, "eps": 1e-5},
                   lambda: ({"input": r(2, 3, 3, 4) * 2 + 1}, {}), mode=mode, before_forward=random_running_stats)

    layer_case("layernorm", "LayerNorm", {"normalized_shape": [6], "eps": 1e-5},
               lambda: ({"input": r(2, 3, 6) * 2 + 1}, {}))
    layer_case("layernorm_2d", "LayerNorm", {"normalized_shape": [3, 6], "eps": 1e-5},
               lambda: ({"input": r(2, 3, 6) * 2 + 1}, {}))
    layer_case("rmsnorm", "RMSNorm", {"normalized_shape": [6], "eps": 1e-6},
               lambda: ({"input": r(2, 3, 6) * 2 + 1}, {}))
    # Index 0 (= padding_idx) appears twice and index 3 three times (gradient accumulation).
    layer_case("embedding_padding_idx", "Embedding", {"num_embeddings": 7, "embedding_dim": 4, "padding_idx": 0},
               lambda: ({}, {"input": torch.tensor([[3, 0, 5, 3], [1, 3, 0, 6]])}), perturb_params=False)

    rnn_ctor = {"input_size": 3, "hidden_size": 4, "num_layers": 2, "batch_first": True}
    seq = lambda: ({"input": r(2, 5, 3)}, {})  # noqa: E731
    layer_case("rnn_tanh_2layer", "RNN", {**rnn_ctor, "nonlinearity": "tanh"}, seq,
               outputs_of=lambda res: {"output": res[0], "h_n": res[1]})
    layer_case("lstm_2layer", "LSTM", rnn_ctor, seq,
               outputs_of=lambda res: {"output": res[0], "h_n": res[1][0], "c_n": res[1][1]})
    layer_case("gru_2layer", "GRU", rnn_ctor, seq,
               outputs_of=lambda res: {"output": res[0], "h_n": res[1]})

    mha_ctor = {"embed_dim": 8, "num_heads": 2, "dropout": 0.0, "batch_first": True}
    mha_call = {"need_weights": True, "average_attn_weights": True}
    mha_out = lambda res: {"output": res[0], "attn_weights": res[1]}  # noqa: E731

    def kpm(b, s):  # key padding: the last 2 positions of batch item 1 are padding (True = ignore)
        m = torch.zeros(b, s, dtype=torch.bool)
        m[1, -2:] = True
        return m

    layer_case("mha_key_padding_mask", "MultiheadAttention", mha_ctor,
               lambda: ({"query": r(2, 4, 8), "key": r(2, 5, 8), "value": r(2, 5, 8)},
                        {"key_padding_mask": kpm(2, 5)}),
               call=mha_call, outputs_of=mha_out)

    def self_attn_inputs():  # self-attention: query, key and value hold the same values
        x = r(2, 4, 8)
        return {"query": x, "key": x.clone(), "value": x.clone()}, {"attn_mask": causal_mask(4)}

    layer_case("mha_causal_self_attention", "MultiheadAttention", mha_ctor, self_attn_inputs,
               call=mha_call, outputs_of=mha_out)

    enc_ctor = {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "dropout": 0.0, "batch_first": True}
    for act in ("relu", "gelu"):
        for norm_first in (False, True):
            layer_case(f"encoder_{act}_{'prenorm' if norm_first else 'postnorm'}", "TransformerEncoderLayer",
                       {**enc_ctor, "activation": act, "norm_first": norm_first},
                       lambda: ({"src": r(2, 5, 8)}, {"src_key_padding_mask": kpm(2, 5)}))
    layer_case("decoder_relu_postnorm", "TransformerDecoderLayer", {**enc_ctor, "activation": "relu"},
               lambda: ({"tgt": r(2, 4, 8), "memory": r(2, 5, 8)},
                        {"tgt_mask": causal_mask(4), "memory_key_padding_mask": kpm(2, 5)}))

    write("layers.json", {
        "conventions": {
            "tensor": TENSOR_DOC,
            "case": "module = torch.nn.<layer>(**args) with float64 parameters, loaded with "
                    "state_dict (PyTorch's exact names; num_batches_tracked is int64; "
                    "state_dict_order = PyTorch's key order); module.train() if mode == 'train' "
                    "else module.eval(); result = module(*float inputs in key order, **other "
                    "inputs (masks, indices), **call). outputs.output is the main output; loss = "
                    "(outputs.output * R).sum(); input_grads[name] = d loss / d inputs[name] for "
                    "float inputs; param_grads[state-dict name] = d loss / d parameter. Other "
                    "outputs (h_n, c_n, attn_weights) carry no gradient. state_dict_after (BatchNorm "
                    "in train mode): the state after the one forward (running stats updated with "
                    "momentum 0.1 and the UNBIASED batch variance; num_batches_tracked 1).",
            "parameters": "parameters are PyTorch's default init plus N(0, 0.1^2) noise (so ones/"
                          "zeros defaults cannot hide bugs); Embedding is unperturbed (its "
                          "padding_idx row stays zero). BatchNorm running stats are random. "
                          "Floating state entries, inputs and R are rounded to 4 decimals (the "
                          "JSON values are exactly what PyTorch used); results are full precision.",
            "masks": "bool masks, True = masked out (may not attend / is padding). attn_mask and "
                     "tgt_mask are causal [L, L] (True above the diagonal). key_padding_mask "
                     "[batch, S]: batch item 1's last 2 positions are padding.",
            "multihead_attention": "call order module(query, key, value, key_padding_mask?, "
                                   "attn_mask?, need_weights=True, average_attn_weights=True); "
                                   "attn_weights [batch, L, S] averaged over heads. The causal case "
                                   "passes three separate tensors with equal values.",
            "transformer": "mode train with dropout 0 (the eval fast path would zero padded "
                           "positions); activation 'gelu' is the exact erf GELU; encoder call "
                           "module(src, src_key_padding_mask=...); decoder call module(tgt, memory, "
                           "tgt_mask=..., memory_key_padding_mask=...).",
            "rnn": "batch_first, no initial state (zeros); outputs output [B,T,H], h_n (and c_n) "
                   "[num_layers, B, H]; gradients only through output. Gate order in weights: "
                   "LSTM i,f,g,o; GRU r,z,n (PyTorch layout).",
        },
        "cases": cases,
        "default_init": default_init(),
    })


# ---------------------------------------------------------------------- default-init facts
def default_init():
    """Empirical statistics of PyTorch's default initialisation at realistic sizes, with the
    theoretical distribution, so Swift can check its defaults follow PyTorch's."""
    def uniform(bound, rule):
        return {"distribution": "uniform", "low": -bound, "high": bound, "std": bound / math.sqrt(3), "rule": rule}

    def const(v):
        return {"distribution": "constant", "value": v, "rule": f"constant {v}"}

    ka = lambda fan_in: uniform(1 / math.sqrt(fan_in), f"kaiming_uniform(a=sqrt(5)): bound = 1/sqrt(fan_in), fan_in={fan_in}")  # noqa: E731
    kb = lambda fan_in: uniform(1 / math.sqrt(fan_in), f"uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in={fan_in}")  # noqa: E731

    def mha_theory(E, prefix=""):
        return {prefix + "in_proj_weight": uniform(math.sqrt(6 / (E + 3 * E)), f"xavier_uniform on [{3 * E},{E}]: bound = sqrt(6/(fan_in+fan_out))"),
                prefix + "in_proj_bias": const(0.0),
                prefix + "out_proj.weight": ka(E),
                prefix + "out_proj.bias": const(0.0)}

    H = 128
    specs = [
        ("Linear", {"in_features": 256, "out_features": 128}, {"weight": ka(256), "bias": kb(256)}),
        ("Conv2d", {"in_channels": 64, "out_channels": 128, "kernel_size": 3},
         {"weight": ka(64 * 9), "bias": kb(64 * 9)}),
        ("LSTM", {"input_size": 256, "hidden_size": H, "num_layers": 1},
         {k: uniform(1 / math.sqrt(H), f"uniform(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), hidden_size={H}")
          for k in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")}),
        ("GRU", {"input_size": 256, "hidden_size": H, "num_layers": 1},
         {k: uniform(1 / math.sqrt(H), f"uniform(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), hidden_size={H}")
          for k in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")}),
        ("Embedding", {"num_embeddings": 1000, "embedding_dim": 64},
         {"weight": {"distribution": "normal", "mean": 0.0, "std": 1.0, "rule": "N(0, 1)"}}),
        ("BatchNorm2d", {"num_features": 64},
         {"weight": const(1.0), "bias": const(0.0), "running_mean": const(0.0), "running_var": const(1.0),
          "num_batches_tracked": const(0)}),
        ("LayerNorm", {"normalized_shape": [256]}, {"weight": const(1.0), "bias": const(0.0)}),
        ("MultiheadAttention", {"embed_dim": 256, "num_heads": 8}, mha_theory(256)),
        ("TransformerEncoderLayer", {"d_model": 256, "nhead": 4, "dim_feedforward": 1024, "batch_first": True},
         {**mha_theory(256, "self_attn."), "linear1.weight": ka(256), "linear1.bias": kb(256),
          "linear2.weight": ka(1024), "linear2.bias": kb(1024),
          "norm1.weight": const(1.0), "norm1.bias": const(0.0), "norm2.weight": const(1.0), "norm2.bias": const(0.0)}),
    ]
    out = []
    for layer, ctor, theory in specs:
        seed("default_init/" + layer)
        state = getattr(nn, layer)(**ctor).state_dict()
        assert set(state) == set(theory), (layer, set(state) ^ set(theory))
        params = {}
        for k, v in state.items():
            v = v.to(torch.float64)
            params[k] = {"shape": list(v.shape), "min": float(v.min()), "max": float(v.max()),
                         "mean": float(v.mean()), "std": float(v.std()) if v.numel() > 1 else 0.0,
                         "theory": theory[k]}
        out.append({"layer": layer, "args": ctor, "state_dict_order": list(state.keys()), "params": params})
    return out


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    optimizers()
    schedules()
    losses()
    layers()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"total: {total / 1024:.1f} KB", file=sys.stderr)
