# make_sequence_fixtures.py — extra PyTorch reference cases for the sequence layers, beyond layers.json:
# bidirectional and sequence-first recurrent layers with initial states, attention with a float mask and
# per-head weights, a pre-norm GELU decoder layer with every mask, and a two-layer encoder stack with a
# final norm.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_sequence_fixtures.py
# Writes (replacing) Tests/Fixtures/nn/sequence_layers.json, in the schema of layers.json (same helpers:
# per-case seeds, float64, 4-decimal inputs and parameters, default init plus N(0, 0.1²) noise).
# Differences from layers.json: `call` describes how the module was called (see "conventions"), and initial
# states are float inputs with gradients.
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_nn_fixtures import OUT, VERSIONS, T, causal_mask, perturb, q, seed  # noqa: E402


def sequence_layers():
    cases = []
    r = torch.randn

    def case(name, layer, ctor, make_inputs, forward, build=None, call=None):
        """make_inputs() -> (float inputs (get grads), other inputs); forward(module, inputs) -> outputs dict."""
        seed(name)
        module = build() if build else getattr(nn, layer)(**ctor)
        perturb(module)
        with torch.no_grad():
            for v in module.state_dict().values():
                v.copy_(q(v))
        module.train()
        state = module.state_dict()
        floats, others = make_inputs()
        floats = {k: q(v) for k, v in floats.items()}
        inputs = {k: v.clone().requires_grad_(True) for k, v in floats.items()}
        outs = forward(module, {**inputs, **others})
        R = q(torch.randn(outs["output"].shape))
        (outs["output"] * R).sum().backward()
        cases.append({
            "name": name, "layer": layer, "args": ctor, "mode": "train", **({"call": call} if call else {}),
            "state_dict": {k: T(v) for k, v in state.items()}, "state_dict_order": list(state.keys()),
            "inputs": {k: T(v) for k, v in {**floats, **others}.items()},
            "outputs": {k: T(v) for k, v in outs.items()}, "R": T(R),
            "input_grads": {k: T(v.grad) for k, v in inputs.items()},
            "param_grads": {k: T(p.grad) for k, p in module.named_parameters()},
        })

    def kpm(b, s):  # the last 2 positions of batch item 1 are padding
        m = torch.zeros(b, s, dtype=torch.bool)
        m[1, -2:] = True
        return m

    # Recurrent: module(input, h_0) or module(input, (h_0, c_0)).
    case("lstm_bidirectional_2layer_initial_state", "LSTM",
         {"input_size": 3, "hidden_size": 4, "num_layers": 2, "batch_first": True, "bidirectional": True},
         lambda: ({"input": r(2, 5, 3), "h_0": r(4, 2, 4), "c_0": r(4, 2, 4)}, {}),
         lambda m, i: dict(zip(["output", "h_n", "c_n"], (lambda o: (o[0], *o[1]))(m(i["input"], (i["h_0"], i["c_0"]))))))
    case("gru_sequence_first_initial_state", "GRU",
         {"input_size": 3, "hidden_size": 5, "num_layers": 1, "batch_first": False},
         lambda: ({"input": r(6, 3, 3), "h_0": r(1, 3, 5)}, {}),
         lambda m, i: dict(zip(["output", "h_n"], m(i["input"], i["h_0"]))))
    case("gru_bidirectional_2layer", "GRU",
         {"input_size": 3, "hidden_size": 4, "num_layers": 2, "batch_first": True, "bidirectional": True},
         lambda: ({"input": r(2, 5, 3)}, {}),
         lambda m, i: dict(zip(["output", "h_n"], m(i["input"]))))
    case("rnn_relu_bidirectional_no_bias", "RNN",
         {"input_size": 3, "hidden_size": 4, "num_layers": 1, "batch_first": True, "bidirectional": True,
          "nonlinearity": "relu", "bias": False},
         lambda: ({"input": r(2, 5, 3)}, {}),
         lambda m, i: dict(zip(["output", "h_n"], m(i["input"]))))

    # Attention: sequence-first, float additive mask plus key padding, per-head weights.
    def float_mask():
        m = torch.zeros(4, 5)
        m[0, 3:] = float("-inf")
        m[2, 1] = -1.5
        return q(m + torch.randn(4, 5) * 0.3).nan_to_num(neginf=float("-inf"))

    case("mha_float_mask_per_head_sequence_first", "MultiheadAttention",
         {"embed_dim": 8, "num_heads": 2, "dropout": 0.0, "batch_first": False},
         lambda: ({"query": r(4, 2, 8), "key": r(5, 2, 8), "value": r(5, 2, 8)},
                  {"attn_mask": float_mask(), "key_padding_mask": kpm(2, 5)}),
         lambda m, i: dict(zip(["output", "attn_weights"], m(
             i["query"], i["key"], i["value"], key_padding_mask=i["key_padding_mask"], attn_mask=i["attn_mask"],
             need_weights=True, average_attn_weights=False))),
         call={"need_weights": True, "average_attn_weights": False})

    ctor = {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "dropout": 0.0, "batch_first": True}
    case("decoder_gelu_prenorm_all_masks", "TransformerDecoderLayer", {**ctor, "activation": "gelu", "norm_first": True},
         lambda: ({"tgt": r(2, 4, 8), "memory": r(2, 5, 8)},
                  {"tgt_mask": causal_mask(4), "tgt_key_padding_mask": kpm(2, 4),
                   "memory_mask": torch.tensor([[False, False, False, False, True]] * 4),
                   "memory_key_padding_mask": torch.tensor([[False] * 5, [False, False, True, False, False]])}),
         lambda m, i: {"output": m(i["tgt"], i["memory"], tgt_mask=i["tgt_mask"], memory_mask=i["memory_mask"],
                                   tgt_key_padding_mask=i["tgt_key_padding_mask"],
                                   memory_key_padding_mask=i["memory_key_padding_mask"])})

    def encoder_stack():
        layer = nn.TransformerEncoderLayer(**ctor, activation="relu", norm_first=False)
        return nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(8), enable_nested_tensor=False)

    case("encoder_stack_2layer_final_norm_causal", "TransformerEncoder",
         {**ctor, "activation": "relu", "norm_first": False, "num_layers": 2, "final_norm": True},
         lambda: ({"src": r(2, 5, 8)}, {"mask": causal_mask(5), "src_key_padding_mask": kpm(2, 5)}),
         lambda m, i: {"output": m(i["src"], mask=i["mask"], src_key_padding_mask=i["src_key_padding_mask"])},
         build=encoder_stack)

    doc = {
        "conventions": {
            "schema": "as layers.json (tensor, case, parameters); this file's generator is "
                      "scripts/reference/make_sequence_fixtures.py",
            "rnn": "inputs h_0 (and c_0) are the initial state, called module(input, h_0) / module(input, "
                   "(h_0, c_0)); they are float inputs with gradients. Outputs output, h_n (, c_n).",
            "multihead_attention": "called module(query, key, value, key_padding_mask=, attn_mask=, "
                                   "need_weights=True, average_attn_weights=False): attn_weights are "
                                   "[batch, heads, L, S]; attn_mask is float, added to the scores. PyTorch "
                                   "ran with -inf at blocked entries; JSON has no infinity, so they are "
                                   "written as -1e300 (the same result: exp underflows to exactly 0).",
            "transformer": "decoder called with every mask; TransformerEncoder(layer, 2, norm=LayerNorm) "
                           "with enable_nested_tensor=False, called module(src, mask=, src_key_padding_mask=).",
        },
        "cases": cases,
    }
    write_sequence(doc)


def write_sequence(doc):
    """write() of make_nn_fixtures, with this script as the generator and -inf (no JSON spelling) replaced by
    -1e300: after the softmax's max subtraction exp underflows to exactly 0 in float64, as -inf does."""
    for c in doc["cases"]:
        for t in c["inputs"].values():
            t["values"] = [-1e300 if v == float("-inf") else v for v in t["values"]]
    doc = {"versions": VERSIONS, "generator": "scripts/reference/make_sequence_fixtures.py", **doc}
    path = os.path.join(OUT, "sequence_layers.json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"sequence_layers.json: {os.path.getsize(path) / 1024:.1f} KB", file=sys.stderr)


if __name__ == "__main__":
    sequence_layers()
