# make_safetensors_fixtures.py — writes the safetensors parser fixtures under
# Tests/Fixtures/safetensors/ (RELIABILITY.md S2 hostile files, S3 differential set,
# plus files written by the Python `safetensors` package with their exact values).
#
# Run (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_safetensors_fixtures.py
#
# Output (old contents of these folders are replaced):
#   generator.json           package versions, seed, command that made everything below
#   python_written/*.safetensors + expected.json
#       files written by safetensors.numpy.save_file (BF16: safetensors.torch.save_file);
#       expected.json: {file: {"metadata": {...}, "tensors": {name: {"dtype", "shape", "values",
#       "sha256"}}}}; values are the flat row-major list (F16/BF16 as their exact float32 value,
#       BOOL as true/false; NaN/Inf/-Inf as the strings "NaN", "Infinity", "-Infinity").
#   differential/*.safetensors + verdicts.json
#       200 random valid (valid_NNN) + 200 mutated (mutated_NNN) files; verdicts.json:
#       {file: {"ok", "error", "tensors": {name: {"dtype", "shape", "data_offsets", "sha256"}}}}
#       with the verdict of safetensors.deserialize(bytes) (full validation: header, offsets,
#       sizes, coverage). Mutated files also list their "mutations"; "spec_note" is added where
#       the reference accepts what the format text forbids (duplicate keys, leading whitespace,
#       non-0x20 padding) — none with the current seed.
#   hostile/*.safetensors + expected.json
#       one handcrafted file per error class: {file: {"error": class or null (valid),
#       "python": message or "accepted", "note"?}}.
# Deterministic: a fixed seed; re-running gives the same files, except that the package writes
# __metadata__ in HashMap (random) order (python_written files with several metadata keys), and
# Python's error messages that name a tensor vary when several tensors tie (HashMap order) —
# compare verdicts, not messages.
import hashlib
import json
import os
import random
import shutil
import struct
import sys
import tempfile

import numpy as np
import safetensors
import safetensors.numpy as stnp

SEED = 20261123
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.normpath(os.path.join(ROOT, "Tests", "Fixtures", "safetensors"))

# Every dtype safetensors 0.8.0 accepts, with its size in bits.
DTYPE_BITS = {
    "BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8, "F8_E5M2": 8,
    "F8_E4M3": 8, "F8_E8M0": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8, "I16": 16, "U16": 16,
    "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64,
    "U64": 64,
}
COMMON = ["F32", "F16", "BF16", "F64", "I64", "I32", "I8", "U8", "BOOL"]


def sha(b):
    return hashlib.sha256(bytes(b)).hexdigest()


def pack(header: bytes, data: bytes = b"", n=None) -> bytes:
    return struct.pack("<Q", len(header) if n is None else n) + header + data


def verdict(buf: bytes):
    """Python's verdict: safetensors.deserialize validates the whole file (header JSON,
    dtypes, size overflow, sub-byte alignment, byte length vs shape, contiguous offsets,
    full coverage of the data buffer). safe_open on a file gives the same verdict (checked)."""
    try:
        return True, None, safetensors.deserialize(buf)
    except Exception as e:  # SafetensorError
        return False, str(e), None


def safe_open_ok(buf: bytes) -> bool:
    fd, path = tempfile.mkstemp(suffix=".safetensors")
    try:
        os.write(fd, buf)
        os.close(fd)
        with safetensors.safe_open(path, "np") as f:
            f.keys()
        return True
    except Exception:
        return False
    finally:
        os.unlink(path)


def json_value(x):
    x = float(x)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    return x


# ---------------------------------------------------------------- python_written
def python_written(d):
    import torch
    import safetensors.torch as sttorch

    f32 = np.array([0.0, -0.0, 1.0, -2.5, 3.1415927, 1e-45, 1.17549435e-38, 3.4028235e38,
                    np.nan, np.inf, -np.inf, 0.1], dtype=np.float32).reshape(3, 4)
    f64 = np.array([0.1, -1e300, 5e-324, 2.0**53 + 1, np.pi, -0.0], dtype=np.float64).reshape(2, 3)
    f16 = np.array([0.0, 1.0, -2.0, 65504.0, 6.1e-05, 6e-08, 0.333, np.inf, -np.inf, np.nan],
                   dtype=np.float16)
    files = {
        "floats.safetensors": ({"f32": f32, "f64": f64, "f16": f16},
                               {"format": "np", "note": "floats incl. NaN/Inf/-0/subnormal"}),
        "ints.safetensors": ({
            "i64": np.array([0, 1, -1, 2**63 - 1, -2**63, 123456789012345], dtype=np.int64),
            "i32": np.array([[0, -2**31], [2**31 - 1, 42]], dtype=np.int32),
            "i16": np.array([-32768, 32767, 7], dtype=np.int16),
            "i8": np.array([-128, 127, 0, -1], dtype=np.int8),
            "u8": np.arange(0, 256, 51, dtype=np.uint8),
            "u16": np.array([0, 65535], dtype=np.uint16),
            "u32": np.array([0, 4294967295], dtype=np.uint32),
            "u64": np.array([0, 2**64 - 1, 2**63], dtype=np.uint64),
            "bool": np.array([[True, False, True], [False, False, True]]),
        }, {"format": "np"}),
        "rank0_and_empty.safetensors": ({
            "scalar_f32": np.array(-7.25, dtype=np.float32),
            "scalar_i64": np.array(9, dtype=np.int64),
            "empty_0": np.zeros((0,), dtype=np.float32),
            "empty_2x0": np.zeros((2, 0), dtype=np.int32),
            "after_empty": np.arange(5, dtype=np.float32),
        }, None),
        "names.safetensors": ({
            "encoder.layer.0.attention.query.weight": np.arange(6, dtype=np.float32).reshape(2, 3),
            "unicode_é_日本": np.array([1.5], dtype=np.float32),
            "": np.array([1], dtype=np.uint8),
        }, {"format": "pt", "unicode": "Zürich ☃", "empty": ""}),
    }
    expected = {}
    for name, (tensors, meta) in files.items():
        stnp.save_file(tensors, os.path.join(d, name), metadata=meta)
        expected[name] = {"metadata": meta or {}, "tensors": {
            k: {"dtype": None, "shape": list(v.shape), "values": [
                bool(x) if v.dtype == bool else int(x) if v.dtype.kind in "iu" else json_value(x)
                for x in v.reshape(-1)], "sha256": sha(v.astype(v.dtype.newbyteorder("<")).tobytes())}
            for k, v in tensors.items()}}
    bf = torch.tensor([[0.0, 1.0, -1.5, 3.140625], [1e-40, 3.3895e38, float("inf"), float("nan")]],
                      dtype=torch.bfloat16)
    bf_f16 = torch.tensor([0.5, -65504.0], dtype=torch.float16)
    sttorch.save_file({"bf16": bf, "f16": bf_f16, "f32": torch.tensor([2.0])},
                      os.path.join(d, "bf16.safetensors"), metadata={"format": "pt"})
    expected["bf16.safetensors"] = {"metadata": {"format": "pt"}, "tensors": {
        k: {"dtype": None, "shape": list(t.shape),
            "values": [json_value(x) for x in t.float().reshape(-1).tolist()],
            "sha256": sha(t.contiguous().view(torch.uint8).numpy().tobytes())}
        for k, t in {"bf16": bf, "f16": bf_f16, "f32": torch.tensor([2.0])}.items()}}
    # Fill in dtypes from the files themselves and check the package reads back the same bytes.
    for name, exp in expected.items():
        with open(os.path.join(d, name), "rb") as f:
            ok, err, parsed = verdict(f.read())
        assert ok, (name, err)
        for tname, info in parsed:
            e = exp["tensors"][tname]
            e["dtype"] = info["dtype"]
            assert e["shape"] == list(info["shape"]) and e["sha256"] == sha(info["data"]), (name, tname)
    write_json(os.path.join(d, "expected.json"), expected)
    return len(expected)


# ---------------------------------------------------------------- differential
NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789._"


def rand_name(rng):
    r = rng.random()
    if r < 0.05:
        return ""
    if r < 0.12:
        return rng.choice(["é", "日本", "ß", "\u00a0", "a\"b", "tab\t", "ü.weight"]) + str(rng.randrange(99))
    return "".join(rng.choice(NAME_CHARS) for _ in range(rng.randint(1, 12)))


def rand_shape(rng, dtype):
    bits = DTYPE_BITS[dtype]
    while True:
        rank = rng.choice([0, 1, 1, 2, 2, 3, 4])
        shape = [rng.choice([0, 1, 1, 2, 3, 4, 5]) if rng.random() < 0.9 else rng.randint(6, 16)
                 for _ in range(rank)]
        n = int(np.prod(shape)) if shape else 1
        if (n * bits) % 8 == 0 and n * bits // 8 <= 96:
            return shape, n * bits // 8


def rand_valid(rng):
    """Returns (bytes, kind). Tensors laid out contiguously in a random order; JSON entry order,
    spacing, padding and metadata vary; some files come from the package's own serializer."""
    count = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6])
    tensors = {}
    while len(tensors) < count:
        dt = rng.choice(COMMON) if rng.random() < 0.5 else rng.choice(list(DTYPE_BITS))
        shape, nbytes = rand_shape(rng, dt)
        tensors[rand_name(rng)] = (dt, shape, bytes(rng.getrandbits(8) for _ in range(nbytes)))
    meta = None
    if rng.random() < 0.4:
        meta = {rand_name(rng): rng.choice(["pt", "np", "", "1.0", "ünï", "x" * rng.randint(1, 20)])
                for _ in range(rng.randint(0, 3))}
    np_types = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64,
                "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "U16": np.uint16,
                "U32": np.uint32, "U64": np.uint64, "C64": np.complex64}
    if rng.random() < 0.25 and all(dt in np_types for dt, _, _ in tensors.values()):
        if meta and len(meta) > 1:  # the package writes metadata in HashMap (random) order
            meta = dict(list(meta.items())[:1])
        arrays = {k: np.frombuffer(b, dtype=np_types[dt]).reshape(s) for k, (dt, s, b) in tensors.items()}
        return stnp.save(arrays, metadata=meta), "package"
    order = list(tensors)
    rng.shuffle(order)  # data order
    entries, data, off = {}, b"", 0
    for k in order:
        dt, s, b = tensors[k]
        entries[k] = {"dtype": dt, "shape": s, "data_offsets": [off, off + len(b)]}
        data += b
        off += len(b)
    items = list(entries.items())
    rng.shuffle(items)  # JSON order differs from data order
    header = {}
    if meta is not None and rng.random() < 0.5:
        header["__metadata__"] = meta
    for k, v in items:
        fields = list(v.items())
        rng.shuffle(fields)
        header[k] = dict(fields)
    if meta is not None and "__metadata__" not in header:
        header["__metadata__"] = meta
    style = rng.random()
    text = json.dumps(header, ensure_ascii=rng.random() < 0.5,
                      separators=(",", ":") if style < 0.6 else (", ", ": "),
                      indent=1 if style > 0.9 else None).encode()
    if rng.random() < 0.4:
        text += b" " * (rng.choice([(-len(text)) % 8, rng.randint(1, 40)]))
    return pack(text, data), "handwritten"


def mutate(rng, buf):
    """One random mutation; returns (bytes, description)."""
    if len(buf) < 8:
        return buf + bytes([rng.getrandbits(8)]), "append"
    n = struct.unpack("<Q", buf[:8])[0]
    header, data = buf[8:8 + n], buf[8 + n:]
    try:
        h = json.loads(header)
    except ValueError:
        h = None
    def editable(v):
        return (isinstance(v, dict) and isinstance(v.get("shape"), list)
                and all(type(x) is int for x in v["shape"]) and isinstance(v.get("data_offsets"), list)
                and len(v["data_offsets"]) == 2 and all(type(x) is int for x in v["data_offsets"]))
    tensors = [k for k, v in h.items() if k != "__metadata__" and editable(v)] if isinstance(h, dict) else []
    kinds = ["insert_header", "insert_data", "truncate", "length_field", "append"]  # always possible
    kinds += ["flip_header", "delete_header"] if len(header) > 1 else []
    kinds += ["flip_data", "delete_data"] if data else []
    kinds += ["swap_bytes"] if len(buf) > 9 else []
    kinds += ["metadata", "padding"] if isinstance(h, dict) else []
    kinds += ["offsets", "duplicate_key", "dtype", "shape", "drop_entry"] if tensors else []
    kind = rng.choice(kinds)
    if kind == "flip_header" and header:
        i = rng.randrange(len(header))
        return pack(header[:i] + bytes([header[i] ^ (1 << rng.randrange(8))]) + header[i + 1:], data), kind
    if kind == "flip_data" and data:
        i = rng.randrange(len(data))
        return pack(header, data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:]), kind
    if kind == "insert_header":
        i = rng.randrange(len(header) + 1)
        b = rng.choice([b" ", b"\x00", b",", b"}", b"\"", b"9", bytes([rng.getrandbits(8)])])
        return pack(header[:i] + b + header[i:], data), kind
    if kind == "delete_header" and len(header) > 1:
        i = rng.randrange(len(header))
        return pack(header[:i] + header[i + 1:], data), kind
    if kind == "insert_data":
        i = rng.randrange(len(data) + 1)
        return pack(header, data[:i] + bytes([rng.getrandbits(8)]) + data[i:]), kind
    if kind == "delete_data" and data:
        i = rng.randrange(len(data))
        return pack(header, data[:i] + data[i + 1:]), kind
    if kind == "truncate":
        return buf[:rng.randrange(len(buf))], kind
    if kind == "length_field":
        new = rng.choice([n + 1, n - 1, n + 8, max(0, n - 8), 0, len(buf), len(buf) - 8,
                          100_000_000, 100_000_001, 2**64 - 1, 2**63, rng.getrandbits(32)])
        return struct.pack("<Q", max(0, new) % 2**64) + buf[8:], f"{kind}={new}"
    if kind == "append":
        return buf + bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 9))), kind
    if kind == "swap_bytes" and len(buf) > 9:
        i, j = sorted(rng.sample(range(8, len(buf)), 2))
        b = bytearray(buf)
        b[i], b[j] = b[j], b[i]
        return bytes(b), kind
    # Structured mutations: edit the JSON, re-encode, recompute the length field.
    k = rng.choice(tensors) if tensors else None
    text = None
    if kind == "offsets":
        b, e = h[k]["data_offsets"]
        h[k]["data_offsets"] = rng.choice([[b, e + 1], [b + 1, e], [e, b], [b, e - 1], [b - 1, e],
                                           [0, e - b], [b, b], [b + 4, e + 4], [b, 2**40],
                                           [b, e + len(data)]])
    elif kind == "duplicate_key":
        other = json.dumps({k: rng.choice([h[k], {**h[k], "data_offsets": [0, 0]},
                                           {**h[k], "dtype": "U8"}])})[1:-1]
        text = header.rstrip(b" ")[:-1] + b"," + other.encode() + b"}"
    elif kind == "dtype":
        h[k]["dtype"] = rng.choice(list(DTYPE_BITS) + ["F128", "f32", "Q4", "", 7, None])
    elif kind == "shape":
        s = list(h[k]["shape"])
        choice = rng.randrange(6)
        if choice == 0:
            s.append(rng.choice([1, 2, 0]))
        elif choice == 1 and s:
            s.pop()
        elif choice == 2 and s:
            s[rng.randrange(len(s))] += rng.choice([-1, 1, 2])
        elif choice == 3 and s:
            s[rng.randrange(len(s))] = -1
        elif choice == 4:
            s = [4194305, 4194305, 211106198978564]
        else:
            s = list(reversed(s)) + [1]
        h[k]["shape"] = s
    elif kind == "drop_entry":
        del h[k]
    elif kind == "metadata":
        h["__metadata__"] = rng.choice([{"a": 1}, {"a": None}, ["a"], "x", {"a": {"b": "c"}},
                                        {"dtype": "F32"}, None, {}])
    elif kind == "padding":
        text = header.rstrip(b" ") + rng.choice([b"\x00" * 3, b"\t", b"x", b"  \x01", b"\xff"])
    if text is None:
        text = json.dumps(h, separators=(",", ":")).encode()
    return pack(text, data), kind


def strictness_notes(buf):
    """Where the reference is laxer than the format text, say how (for files it accepts)."""
    notes = []
    n = struct.unpack("<Q", buf[:8])[0]
    header = buf[8:8 + n]
    if header[:1] != b"{":
        notes.append("header does not start with '{' (leading JSON whitespace)")
    pairs = []
    json.loads(header, object_pairs_hook=lambda p: pairs.append([k for k, _ in p]) or dict(p))
    if any(len(keys) != len(set(keys)) for keys in pairs):
        notes.append("duplicate JSON key (last one wins in the reference)")
    tail = header[len(header.rstrip()):]
    if tail.strip(b" "):
        notes.append("header padded with JSON whitespace other than 0x20")
    return "; ".join(notes) or None


def differential(d, rng):
    verdicts, counts = {}, {"valid_ok": 0, "valid_rejected": 0, "mutated_ok": 0, "mutated_rejected": 0}
    valids = []
    for i in range(200):
        buf, _ = rand_valid(rng)
        valids.append(buf)
        verdicts[f"valid_{i:03d}.safetensors"] = buf
    for i in range(200):
        buf = rng.choice(valids)
        descr = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            buf, what = mutate(rng, buf)
            descr.append(what)
        verdicts[f"mutated_{i:03d}.safetensors"] = (buf, descr)
    out, notes = {}, 0
    for name, item in verdicts.items():
        buf, descr = item if isinstance(item, tuple) else (item, None)
        with open(os.path.join(d, name), "wb") as f:
            f.write(buf)
        ok, err, parsed = verdict(buf)
        assert ok == safe_open_ok(buf), f"deserialize and safe_open disagree on {name}"
        entry = {"ok": ok, "error": err, "tensors": {}}
        if descr is not None:
            entry["mutations"] = descr
        if ok:
            n = struct.unpack("<Q", buf[:8])[0]
            header = json.loads(buf[8:8 + n])
            for tname, info in parsed:
                b, e = header[tname]["data_offsets"]
                assert sha(info["data"]) == sha(buf[8 + n + b:8 + n + e])
                entry["tensors"][tname] = {"dtype": info["dtype"], "shape": list(info["shape"]),
                                           "data_offsets": [b, e], "sha256": sha(info["data"])}
            note = strictness_notes(buf)
            if note:
                entry["spec_note"] = note
                notes += 1
        elif name.startswith("valid_"):
            raise AssertionError(f"generated valid file rejected: {name}: {err}")
        kind = "valid" if name.startswith("valid_") else "mutated"
        counts[f"{kind}_{'ok' if ok else 'rejected'}"] += 1
        out[name] = entry
    write_json(os.path.join(d, "verdicts.json"), out)
    counts["accepted_with_spec_note"] = notes
    return counts


# ---------------------------------------------------------------- hostile
def hostile(d):
    def t(b, e, dtype="F32", shape=None):
        return {"dtype": dtype, "shape": [(e - b) // 4] if shape is None else shape, "data_offsets": [b, e]}

    def j(obj):
        return json.dumps(obj, separators=(",", ":")).encode()

    one = j({"a": t(0, 4)})
    cases = [
        # (file stem, expected class or None if valid, bytes, note)
        ("header_too_small", "headerTooSmall", b"\x05\x00\x00\x00\x00", "file shorter than 8 bytes"),
        ("header_too_large", "headerTooLarge", pack(b"{}", n=100_000_001), "N > 100,000,000"),
        ("header_length_u64_max", "headerTooLarge", pack(b"{}", n=2**64 - 1), "N + 8 overflows u64"),
        ("header_length_beyond_file", "invalidHeaderLength", pack(one, b"\0" * 4, n=1000), None),
        ("header_claims_100MB", "invalidHeaderLength", pack(b"{}", n=100_000_000),
         "N = 100,000,000 exactly (allowed size) but the file is 10 bytes"),
        ("header_length_zero", "invalidHeaderJSON", pack(b""), "N = 0: empty header"),
        ("header_not_utf8", "invalidHeaderUTF8", pack(b'{"a\xff":' + j(t(0, 4)) + b"}", b"\0" * 4), None),
        ("header_not_json", "invalidHeaderJSON", pack(b"{abc", b""), None),
        ("header_trailing_json", "invalidHeaderJSON", pack(b"{}{}"), None),
        ("header_start_array", "invalidHeaderStart", pack(b"[]"),
         "reference reports it as a JSON type error"),
        ("header_start_whitespace", "invalidHeaderStart", pack(b" " + one, b"\0" * 4),
         "format text says the header MUST start with '{'; safetensors 0.8.0 accepts leading JSON whitespace"),
        ("header_padding_nul", "invalidHeaderJSON", pack(one + b"\0\0\0", b"\0" * 4),
         "padding must be 0x20; reference: trailing characters"),
        ("header_padding_tab_newline_valid", None, pack(one + b"\t\n\r ", b"\0" * 4),
         "reference accepts any JSON whitespace as padding, not only 0x20"),
        ("header_padding_spaces_valid", None, pack(one + b" " * 6, b"\0" * 4), None),
        ("offset_overlap", "invalidOffset", pack(j({"a": t(0, 8), "b": t(4, 12)}), b"\0" * 12), None),
        ("offset_hole", "invalidOffset", pack(j({"a": t(0, 4), "b": t(8, 12)}), b"\0" * 12),
         "4 unindexed bytes between tensors (polyglot-file guard)"),
        ("offset_hole_at_start", "invalidOffset", pack(j({"a": t(4, 8)}), b"\0" * 8), None),
        ("offset_end_before_begin", "invalidOffset",
         pack(j({"a": t(0, 4), "b": t(8, 4, shape=[1])}), b"\0" * 8), None),
        ("offset_beyond_data", "metadataIncompleteBuffer", pack(j({"a": t(0, 16)}), b"\0" * 8),
         "reference reports a last end past the buffer as an incomplete buffer, not an invalid offset"),
        ("offsets_listed_out_of_order_valid", None,
         pack(j({"b": t(4, 8), "a": t(0, 4)}), b"\0" * 8),
         "JSON order is irrelevant: offsets are sorted before the contiguity check"),
        ("offset_negative", "invalidTensorEntry", pack(j({"a": t(-4, 4, shape=[2])}), b"\0" * 8),
         "reference: JSON error 'expected usize'"),
        ("offset_float", "invalidTensorEntry",
         pack(b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}}', b"\0" * 4), None),
        ("offset_u64_overflow", "invalidTensorEntry",
         pack(b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[18446744073709551615,18446744073709551619]}}',
              b"\0" * 4), "number larger than u64"),
        ("offsets_three_elements", "invalidTensorEntry",
         pack(j({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 4]}}), b"\0" * 4), None),
        ("tensor_invalid_info", "tensorInvalidInfo", pack(j({"a": t(0, 8, shape=[3])}), b"\0" * 8),
         "8 bytes for a [3] F32 tensor"),
        ("shape_product_overflow", "validationOverflow",
         pack(j({"a": t(0, 16, shape=[4194305, 4194305, 211106198978564])}), b"\0" * 16),
         "safetensors-cpp PoC shape"),
        ("shape_bits_overflow", "validationOverflow", pack(j({"a": t(0, 0, "F64", [2**61 + 1])})),
         "element count fits u64, element count x 64 bits does not"),
        ("shape_negative_dim", "invalidTensorEntry", pack(j({"a": t(0, 4, shape=[-1])}), b"\0" * 4), None),
        ("shape_not_array", "invalidTensorEntry",
         pack(j({"a": {"dtype": "F32", "shape": "1", "data_offsets": [0, 4]}}), b"\0" * 4), None),
        ("dtype_unknown", "unknownDType", pack(j({"a": t(0, 4, "Q8", [4])}), b"\0" * 4), None),
        ("dtype_lowercase", "unknownDType", pack(j({"a": t(0, 4, "f32")}), b"\0" * 4), None),
        ("dtype_f4_misaligned", "misalignedSlice", pack(j({"a": t(0, 2, "F4", [3])}), b"\0" * 2),
         "extra class (reference MisalignedSlice): 3 x 4 bits is not whole bytes; "
         "a loader without F4 may report unknownDType"),
        ("duplicate_key_identical", "duplicateKey",
         pack(b'{"a":' + j(t(0, 4)) + b',"a":' + j(t(0, 4)) + b"}", b"\0" * 4),
         "format text disallows duplicate keys; safetensors 0.8.0 accepts (last one wins)"),
        ("duplicate_key_conflicting", "duplicateKey",
         pack(b'{"a":' + j(t(0, 4)) + b',"a":' + j(t(4, 8)) + b"}", b"\0" * 8),
         "reference keeps the last entry and then reports an invalid offset"),
        ("duplicate_field_in_entry", "duplicateKey",
         pack(b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"dtype":"I32"}}', b"\0" * 4),
         "reference: JSON error 'duplicate field'"),
        ("missing_data_offsets", "invalidTensorEntry",
         pack(j({"a": {"dtype": "F32", "shape": [1]}}), b"\0" * 4), None),
        ("tensor_entry_null", "invalidTensorEntry", pack(b'{"a":null}'), None),
        ("metadata_non_string_value", "invalidMetadata",
         pack(j({"__metadata__": {"x": 1}, "a": t(0, 4)}), b"\0" * 4), None),
        ("metadata_nested_object", "invalidMetadata",
         pack(j({"__metadata__": {"x": {"y": "z"}}, "a": t(0, 4)}), b"\0" * 4), None),
        ("metadata_incomplete_buffer", "metadataIncompleteBuffer", pack(one, b"\0" * 8),
         "4 trailing bytes after the last tensor"),
        ("metadata_only_with_data", "metadataIncompleteBuffer",
         pack(j({"__metadata__": {"a": "b"}}), b"\0" * 4), "no tensors but a non-empty data buffer"),
        ("json_attack_10_tensors_one_range", "invalidOffset",
         pack(j({f"t{i}": t(0, 4) for i in range(10)}), b"\0" * 4),
         "reference test_json_attack; the tensor named in the message varies (HashMap order)"),
        ("zero_size_shared_offset_valid", None,
         pack(j({"e1": t(0, 0, shape=[0]), "e2": t(0, 0, shape=[2, 0]), "a": t(0, 4)}), b"\0" * 4),
         "zero-size tensors may share an offset (huntr F002 residual edge)"),
    ]
    expected, accepted_but_error = {}, []
    for stem, cls, buf, note in cases:
        name = stem + ".safetensors"
        with open(os.path.join(d, name), "wb") as f:
            f.write(buf)
        ok, err, _ = verdict(buf)
        assert ok == safe_open_ok(buf), name
        entry = {"error": cls, "python": "accepted" if ok else err}
        if note:
            entry["note"] = note
        if ok and cls is not None:
            accepted_but_error.append(stem)
        assert ok or cls is not None, f"{name} expected valid but python says {err}"
        expected[name] = entry
    write_json(os.path.join(d, "expected.json"), expected)
    return len(cases), accepted_but_error


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")


def main():
    import torch
    rng = random.Random(SEED)
    dirs = {k: os.path.join(OUT, k) for k in ("python_written", "differential", "hostile")}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    write_json(os.path.join(OUT, "generator.json"), {
        "script": "scripts/reference/make_safetensors_fixtures.py",
        "command": '"$(bash scripts/setup-reference.sh)" scripts/reference/make_safetensors_fixtures.py',
        "seed": SEED,
        "python": sys.version.split()[0],
        "packages": {"safetensors": safetensors.__version__, "numpy": np.__version__,
                     "torch": torch.__version__},
        "verdict_function": "safetensors.deserialize(bytes) (same verdicts as safetensors.safe_open)",
    })
    print("python_written files:", python_written(dirs["python_written"]))
    print("differential:", differential(dirs["differential"], rng))
    n, lax = hostile(dirs["hostile"])
    print("hostile files:", n, "| python accepts although the class says error:", lax)


if __name__ == "__main__":
    main()
