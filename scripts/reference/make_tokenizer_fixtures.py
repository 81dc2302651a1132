# make_tokenizer_fixtures.py — reference encodings from Hugging Face `tokenizers` for the Swift tokenizers
# (Sources/Language/Tokenizers), issue 6.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_tokenizer_fixtures.py
# Check a tokenizer.json that SwiftLearn SAVED (the BPE round-trip test writes one, path printed by the test;
# default $TMPDIR/swiftlearn-tokenizers/bpe-saved-by-swift.json) loads in Python and gives the same ids:
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_tokenizer_fixtures.py --check-swift-saved [PATH]
#
# Writes (replacing) under Tests/Fixtures/language/tokenizers/:
#   bert-uncased-tokenizer.json  all-MiniLM-L6-v2's tokenizer.json (BERT uncased WordPiece vocabulary,
#                                Apache-2.0), copied verbatim so the parity tests need no model cache
#   bert-vocab.txt               the same vocabulary as plain vocab.txt (for the vocab.txt loader)
#   wordpiece_cases.json         >= 1,000 generated lines (accents, CJK, emoji, punctuation runs, words of more
#                                than 100 chars, empty lines, control characters, RTL and Indic scripts, combining
#                                marks, ZWJ, URLs, numbers, contractions) in groups that each set truncation and
#                                padding; per case: text (and pair), ids, type ids, attention and special-tokens
#                                masks (0/1 digit strings), and decode() with and without skip_special_tokens
#   bpe-corpus.txt               a generated training corpus (deterministic)
#   bpe-python-trained.json      the byte-level BPE tokenizer the Python trainer learned from the corpus
#   bpe_cases.json               the trainer settings, encodings of held-out lines and their decodes; and
#                                encodings with bpe-options.json
#   bpe-options.json             the trained model plus lstrip/rstrip/single_word added tokens, a non-special
#                                added token, add_prefix_space and a TemplateProcessing post-processor
#   codepoint_digests.json       every code point (surrogates excepted) through BertNormalizer (uncased defaults
#                                and cased: no lowercase, no accent stripping), BertPreTokenizer and the ByteLevel
#                                regex, hashed per block of 4,096 code points (see codepoint_digests()), so the
#                                Unicode-version quirks of HF's tables are pinned without a 40 MB fixture
#   component_cases.json         BertNormalizer under every option combination (normalize_str), and the splits of
#                                BertPreTokenizer and ByteLevel (GPT-2 regex, with and without prefix space)
# The text generator is seeded; rerunning gives byte-identical files for the same package versions.
import argparse
import json
import os
import random
import shutil
import sys
import tempfile

import tokenizers
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "language", "tokenizers")
MODEL = os.path.join(os.environ.get("SWIFTLEARN_MODEL_CACHE", os.path.expanduser("~/.cache/swiftlearn/models")),
                     "all-MiniLM-L6-v2")
VERSIONS = {"tokenizers": tokenizers.__version__, "python": sys.version.split()[0]}

# ---------------------------------------------------------------------------------------------------------
# Text generator: words from many scripts and shapes, joined with varied separators.

LATIN = ("the quick brown fox jumps over lazy dog tokenization embeddings transformer attention model "
         "Swift Python Rust running unbelievable internationalization hello world machine learning data "
         "science WordPiece BERT GPT encoder decoder vocabulary subword greedy longest match").split()
ACCENTED = "café naïve résumé Ångström Crème brûlée façade jalapeño São Paulo Zürich Ærø Øresund İstanbul straße ǅemal Dvořák Łódź".split()
CJK = ["中文", "日本語", "東京", "汉字测试", "北京欢迎你", "機械学習", "한국어", "ひらがな", "カタカナ", "𠀋𠀌", "㐀㐁", "豈更", "々〆"]
EMOJI = ["😀", "🚀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", "🤖", "✨", "☕", "🧪"]
SCRIPTS = ["مرحبا بالعالم", "العربية", "שלום עולם", "עברית", "Привет мир", "Москва", "नमस्ते दुनिया", "हिन्दी",
           "สวัสดีครับ", "ภาษาไทย", "Γειά σου κόσμε", "Ελληνικά", "Բարեւ", "ქართული", "தமிழ்", "বাংলা"]
PUNCT = ["...", "!!!", "?!", "—", "–", "«", "»", "“quoted”", "‘single’", "(parens)", "[brackets]", "{braces}",
         "#hashtag", "@user", "$100", "50%", "a&b", "x*y", "1+1=2", "<tag>", "^caret", "`tick`", "a|b", "~tilde",
         "¿Qué?", "¡Hola!", "§", "¶", "†", "•", "…", "、", "。", "，", "・", "©", "®", "™", "€", "£", "¥", "°"]
NUMBERS = ["0", "42", "3.14159", "1,000,000", "2024-06-01", "12:30", "1e-9", "0x1F", "٣٤٥", "१२३", "½", "²", "Ⅻ"]
URLS = ["https://example.com/path?q=1&r=2", "www.swift.org", "user@example.org", "C:\\Users\\me", "/usr/bin/env",
        "foo_bar_baz", "camelCaseWord", "snake_case", "kebab-case-word"]
CONTRACTIONS = ["don't", "can't", "it's", "we're", "they've", "I'm", "you'll", "he'd", "won't", "y'all", "o'clock"]
COMBINING = ["e\u0301", "a\u0308", "n\u0303", "o\u0302\u0323", "Z\u0335\u0336", "\u0915\u094d\u0937",
             "\u1100\u1161\u11a8", "q\u0307\u0323", "ﬁ", "Ⅸ", "ＦＵＬＬ", "ｗｉｄｔｈ"]
ZERO_WIDTH = ["zero\u200bwidth", "join\u200der", "non\u200cjoiner", "soft\u00adhyphen", "word\u2060joiner",
              "bom\ufeffmark", "rtl\u200fmark", "ltr\u200emark"]
CONTROLS = ["a\x00b", "c\x07d", "e\x1bf", "tab\there", "new\nline", "cr\rlf", "vt\x0bff\x0c", "nel\x85x",
            "rep\ufffdlaced", "del\x7fx", "nbsp\u00a0x", "em\u2003space", "ideo\u3000space", "line\u2028sep"]
SEPARATORS = [" ", " ", " ", " ", "  ", "\t", "\n", " \u00a0", ""]


def long_word(rng):
    n = rng.randint(95, 140)
    alphabet = "abcdefghijklmnopqrstuvwxyzé"
    return "".join(rng.choice(alphabet) for _ in range(n))


def piece(rng, vocab_words):
    r = rng.random()
    if r < 0.30:
        return rng.choice(LATIN)
    if r < 0.45:
        return rng.choice(vocab_words)
    if r < 0.50:
        w = rng.choice(LATIN)
        return w.upper() if rng.random() < 0.5 else w.capitalize()
    pools = [ACCENTED, CJK, EMOJI, SCRIPTS, PUNCT, NUMBERS, URLS, CONTRACTIONS, COMBINING, ZERO_WIDTH, CONTROLS]
    return rng.choice(rng.choice(pools))


def line(rng, vocab_words, max_words=20):
    if rng.random() < 0.02:
        return rng.choice(["", " ", "\t\n", "\x00", "\u200b"])
    n = rng.randint(1, max_words)
    parts = []
    for _ in range(n):
        if rng.random() < 0.01:
            parts.append(long_word(rng))
        else:
            parts.append(piece(rng, vocab_words))
        parts.append(rng.choice(SEPARATORS))
    text = "".join(parts[:-1])
    if rng.random() < 0.05:
        text = " " + text + "  "
    if rng.random() < 0.05:
        text = rng.choice(["[MASK]", "[CLS]", "[SEP]", "[PAD]", "[UNK]"]).join([text, rng.choice(LATIN)])
    return text


# ---------------------------------------------------------------------------------------------------------
# WordPiece (all-MiniLM-L6-v2's tokenizer.json)

def enc_record(e):
    """ids as a list; the 0/1 arrays as digit strings ("0011"), which keeps the fixture small."""
    digits = lambda xs: "".join(str(x) for x in xs)  # noqa: E731
    return {"ids": e.ids, "type_ids": digits(e.type_ids), "attention_mask": digits(e.attention_mask),
            "special_tokens_mask": digits(e.special_tokens_mask)}


def configure(tok, truncation, padding):
    """truncation: None, a max length, or {"max_length", "strategy", "direction"}; padding: None, "longest", a
    fixed length, or {"length" (null: longest), "direction", "pad_to_multiple_of"}."""
    if truncation is None:
        tok.no_truncation()
    elif isinstance(truncation, dict):
        tok.enable_truncation(truncation["max_length"], strategy=truncation["strategy"], direction=truncation["direction"])
    else:
        tok.enable_truncation(truncation)
    if padding is None:
        tok.no_padding()
    elif padding == "longest":
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
    elif isinstance(padding, dict):
        tok.enable_padding(pad_id=0, pad_token="[PAD]", length=padding["length"], direction=padding["direction"],
                           pad_to_multiple_of=padding["pad_to_multiple_of"])
    else:
        tok.enable_padding(pad_id=0, pad_token="[PAD]", length=padding)


def wordpiece_cases():
    src = os.path.join(MODEL, "tokenizer.json")
    os.makedirs(OUT, exist_ok=True)
    shutil.copyfile(src, os.path.join(OUT, "bert-uncased-tokenizer.json"))
    shutil.copyfile(os.path.join(MODEL, "vocab.txt"), os.path.join(OUT, "bert-vocab.txt"))
    tok = Tokenizer.from_file(src)
    vocab = tok.get_vocab()
    vocab_words = sorted(w for w in vocab if w.isalpha() and not w.startswith("##") and len(w) > 2)
    rng = random.Random(20240606)
    groups = []

    def group(name, truncation, padding, items, batch=False, decode=True):
        configure(tok, truncation, padding)
        cases = []
        if batch:
            for chunk in items:
                encs = tok.encode_batch(chunk)
                cases.append({"texts": chunk, "encodings": [enc_record(e) for e in encs]})
        else:
            for i, item in enumerate(items):
                text, pair = item if isinstance(item, tuple) else (item, None)
                e = tok.encode(text, pair)
                c = {"text": text}
                if pair is not None:
                    c["pair"] = pair
                c.update(enc_record(e))
                if decode:
                    c["decoded"] = tok.decode(e.ids, skip_special_tokens=True)
                    if i % 5 == 0:  # every fifth case, to keep the file small
                        c["decoded_with_special"] = tok.decode(e.ids, skip_special_tokens=False)
                cases.append(c)
        groups.append({"name": name, "truncation": truncation, "padding": padding, "batch": batch, "cases": cases})

    singles = [line(rng, vocab_words) for _ in range(900)]
    singles += ["", " ", "[MASK]", "a[MASK]b", "[mask]", "[CLS] [SEP]", long_word(rng), "x" * 100, "y" * 101,
                "é" * 100, "é" * 101, "hello" + "😀" * 99]
    group("single-truncate-128", 128, None, singles)
    pairs = [(line(rng, vocab_words, 12), line(rng, vocab_words, 12)) for _ in range(150)]
    group("pair-truncate-128", 128, None, pairs)
    short = [line(rng, vocab_words, 20) for _ in range(60)]
    short_pairs = [(line(rng, vocab_words, 15), line(rng, vocab_words, 6)) for _ in range(60)]
    short_pairs += [(line(rng, vocab_words, 4), line(rng, vocab_words, 20)) for _ in range(30)]
    group("truncate-16", 16, None, short + short_pairs)
    group("truncate-2", 2, None, short[:10] + short_pairs[:10])
    group("no-truncation", None, None, [line(rng, vocab_words, 40) for _ in range(20)] + [" ".join(["word"] * 200)])
    group("pad-fixed-24", 16, 24, [line(rng, vocab_words, 8) for _ in range(20)] + short_pairs[60:70])
    group("batch-pad-longest", 32, "longest",
          [[line(rng, vocab_words, rng.randint(1, 20)) for _ in range(4)] for _ in range(15)], batch=True)
    group("left-truncate-left-pad", {"max_length": 12, "strategy": "longest_first", "direction": "left"},
          {"length": 16, "direction": "left", "pad_to_multiple_of": None}, short[:10] + short_pairs[:10])
    group("only-second-multiple-of-8", {"max_length": 20, "strategy": "only_second", "direction": "right"},
          {"length": None, "direction": "right", "pad_to_multiple_of": 8}, short_pairs[60:75])
    group("only-first", {"max_length": 24, "strategy": "only_first", "direction": "right"}, None,
          [(a, "short pair") for a, _ in short_pairs[:15]])
    # The file's own settings (truncation 128, padding Fixed 128) on a few lines.
    tok2 = Tokenizer.from_file(src)
    file_cases = []
    for text in [line(rng, vocab_words) for _ in range(4)]:
        e = tok2.encode(text)
        file_cases.append({"text": text, **enc_record(e)})
    groups.append({"name": "file-settings", "truncation": "file", "padding": "file", "batch": False,
                   "cases": file_cases})
    # Decode of arbitrary ids (including unknown ids, which decode drops).
    decode_ids = [[rng.randrange(0, 30522) for _ in range(rng.randint(1, 12))] for _ in range(40)]
    decode_ids += [[101, 2023, 2003, 1037, 3231, 1012, 102], [1005, 1055, 2079, 2025], [3000, 99999, 3001], []]
    decodes = [{"ids": ids, "decoded": tok.decode(ids, skip_special_tokens=True),
                "decoded_with_special": tok.decode(ids, skip_special_tokens=False)} for ids in decode_ids]
    out = {"versions": VERSIONS, "tokenizer": "bert-uncased-tokenizer.json", "groups": groups, "decodes": decodes}
    n = sum(len(g["cases"]) for g in groups)
    write("wordpiece_cases.json", out)
    print(f"wordpiece_cases.json: {n} cases in {len(groups)} groups")


# ---------------------------------------------------------------------------------------------------------
# Byte-level BPE: a generated corpus, the Python trainer, held-out encodings.

BPE_SETTINGS = {"vocab_size": 1200, "min_frequency": 2, "special_tokens": ["<|endoftext|>", "<pad>"],
                "add_prefix_space": False}


def bpe_corpus(rng):
    words = LATIN + ACCENTED + CONTRACTIONS
    lines = []
    for _ in range(3000):
        n = rng.randint(3, 18)
        parts = []
        for _ in range(n):
            r = rng.random()
            if r < 0.8:
                parts.append(rng.choice(words))
            elif r < 0.9:
                parts.append(rng.choice(NUMBERS + PUNCT))
            else:
                parts.append(rng.choice(EMOJI + CJK + SCRIPTS))
            parts.append(rng.choice([" ", " ", " ", ", ", ". ", "  ", "\n"]))
        lines.append("".join(parts).strip().replace("\n", " "))
    return lines


def bpe_cases():
    rng = random.Random(777)
    corpus = bpe_corpus(rng)
    with open(os.path.join(OUT, "bpe-corpus.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(corpus) + "\n")
    tok = train_bpe(corpus)
    tok.save(os.path.join(OUT, "bpe-python-trained.json"))
    held_out = [line(rng, LATIN) for _ in range(300)]
    held_out += ["", " ", "  leading", "trailing  ", "a\n\nb", "<|endoftext|>", "x<|endoftext|>y", "\x00\x01\x7f",
                 "".join(chr(c) for c in range(32, 127)), "emoji 😀🚀👨‍👩‍👧 mix", "tabs\tand\nnewlines\r\n"]
    cases = []
    for text in held_out:
        e = tok.encode(text)
        cases.append({"text": text, "ids": e.ids, "decoded": tok.decode(e.ids)})
    # The same model with options the trained file does not use: added tokens with lstrip / rstrip /
    # single_word and a non-special one, a prefix space, and a template post-processor.
    from tokenizers import AddedToken, processors
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=False), AddedToken("<sep>", rstrip=True)])
    tok.add_tokens([AddedToken("swift", single_word=True), "NEWWORD"])
    tok.post_processor = processors.TemplateProcessing(
        single="<|endoftext|> $A <sep>", pair="<|endoftext|> $A <sep> $B:1 <sep>:1",
        special_tokens=[("<|endoftext|>", tok.token_to_id("<|endoftext|>")), ("<sep>", tok.token_to_id("<sep>"))])
    tok.save(os.path.join(OUT, "bpe-options.json"))
    option_texts = [line(rng, LATIN, 10) for _ in range(40)] + [
        "a <mask> b", "a   <mask>b", "<sep>   x", "swift swiftly Swift _swift swift!", "NEWWORD inNEWWORDside",
        "x<mask>y<sep>z", "  <mask>  "]
    option_cases = []
    for i, text in enumerate(option_texts):
        pair = option_texts[-1 - i] if i % 3 == 0 else None
        e = tok.encode(text, pair)
        option_cases.append({"text": text, "pair": pair, "ids": e.ids, "type_ids": e.type_ids,
                             "special_tokens_mask": e.special_tokens_mask,
                             "decoded": tok.decode(e.ids), "decoded_with_special": tok.decode(e.ids, skip_special_tokens=False)})
    write("bpe_cases.json", {"versions": VERSIONS, "trainer": BPE_SETTINGS, "corpus": "bpe-corpus.txt",
                             "tokenizer": "bpe-python-trained.json", "cases": cases,
                             "options_tokenizer": "bpe-options.json", "options_cases": option_cases})
    print(f"bpe_cases.json: {len(cases)} held-out lines; vocab {tok.get_vocab_size()}")


def train_bpe(corpus):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=BPE_SETTINGS["add_prefix_space"])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=BPE_SETTINGS["vocab_size"], min_frequency=BPE_SETTINGS["min_frequency"],
                                  special_tokens=BPE_SETTINGS["special_tokens"], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(corpus, trainer)
    return tok


def component_cases():
    rng = random.Random(99)
    texts = [line(rng, LATIN, 10) for _ in range(150)] + [
        "Héllo Wörld", "İstanbul ǅ straße ﬁ", "e\u0301 a\u0308", "中文 a中b", "\tTab\n\r", "null\x00x\ufffd\x07",
        "豈 更 𠀋", "ÀÉÎÕÜ ÇÑ", "I'm here  now!!  ", "  leading", "trailing  ", "a\n\nb", "don't 've 'll 'RE",
        "x²y ½ ٣٤٥ १२३", "😀 👨\u200d👩 🇫🇷", "\u3000ideo\u2028sep", "snake_case-kebab.dot", "''s ''", "\u00a0nbsp"]
    configs = [(True, True, None, True), (True, True, None, False), (False, False, True, False),
               (True, False, False, True), (False, True, True, True)]
    norm = []
    for clean, chinese, strip, lower in configs:
        n = normalizers.BertNormalizer(clean_text=clean, handle_chinese_chars=chinese, strip_accents=strip, lowercase=lower)
        norm.append({"clean_text": clean, "handle_chinese_chars": chinese, "strip_accents": strip, "lowercase": lower,
                     "outputs": [n.normalize_str(t) for t in texts]})
    bert = pre_tokenizers.BertPreTokenizer()
    splits = {"bert": [[w for w, _ in bert.pre_tokenize_str(t)] for t in texts]}
    for prefix in (False, True):
        bl = pre_tokenizers.ByteLevel(add_prefix_space=prefix, use_regex=True)
        splits[f"byte_level_prefix_{str(prefix).lower()}"] = [[w for w, _ in bl.pre_tokenize_str(t)] for t in texts]
    write("component_cases.json", {"versions": VERSIONS, "texts": texts, "normalizers": norm, "pre_tokenizers": splits})
    print(f"component_cases.json: {len(texts)} texts")


CODEPOINT_FIELDS = ["bert_uncased", "bert_cased", "bert_split", "byte_level_letter", "byte_level_number",
                    "byte_level_space"]


def codepoint_results(c, n, nc, bert, bl):
    """The six per-code-point results, in CODEPOINT_FIELDS order (mirrored in the Swift test)."""
    return [n.normalize_str(c), nc.normalize_str(c), str(len(bert.pre_tokenize_str("a" + c + "b"))),
            str(len(bl.pre_tokenize_str("a" + c + "a"))), str(len(bl.pre_tokenize_str("1" + c + "1"))),
            str(len(bl.pre_tokenize_str("a" + c + " a")))]


def codepoint_digests():
    """Per field and per block of 4,096 code points: the first 16 hex digits of SHA-256 over the block's results
    (surrogates skipped), each result's UTF-8 followed by a 0x01 byte."""
    import hashlib
    n = normalizers.BertNormalizer()
    nc = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    bert = pre_tokenizers.BertPreTokenizer()
    bl = pre_tokenizers.ByteLevel(add_prefix_space=False)
    digests = {f: [] for f in CODEPOINT_FIELDS}
    for block in range(0x110000 // 4096):
        hashes = [hashlib.sha256() for _ in CODEPOINT_FIELDS]
        for cp in range(block * 4096, (block + 1) * 4096):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            for h, r in zip(hashes, codepoint_results(chr(cp), n, nc, bert, bl)):
                h.update(r.encode("utf-8") + b"\x01")
        for f, h in zip(CODEPOINT_FIELDS, hashes):
            digests[f].append(h.hexdigest()[:16])
    write("codepoint_digests.json", {"versions": VERSIONS, "block_size": 4096, "digests": digests})
    print("codepoint_digests.json: 272 blocks x", len(CODEPOINT_FIELDS), "fields")


def check_swift_saved(path):
    """Loads the tokenizer.json SwiftLearn saved and checks it encodes the held-out lines as the fixture says."""
    fixture = json.load(open(os.path.join(OUT, "bpe_cases.json"), encoding="utf-8"))
    tok = Tokenizer.from_file(path)
    bad = 0
    for c in fixture["cases"]:
        e = tok.encode(c["text"])
        if e.ids != c["ids"] or tok.decode(e.ids) != c["decoded"]:
            bad += 1
            print("MISMATCH", repr(c["text"]), e.ids, c["ids"])
    print(f"{path}: {len(fixture['cases']) - bad} of {len(fixture['cases'])} held-out lines identical")
    return bad == 0


def write(name, obj):
    """Compact JSON, written atomically."""
    fd, tmp = tempfile.mkstemp(dir=OUT)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, os.path.join(OUT, name))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--check-swift-saved", nargs="?", const=os.path.join(tempfile.gettempdir(), "swiftlearn-tokenizers",
                                                                        "bpe-saved-by-swift.json"))
    args = p.parse_args()
    if args.check_swift_saved:
        sys.exit(0 if check_swift_saved(args.check_swift_saved) else 1)
    os.makedirs(OUT, exist_ok=True)
    wordpiece_cases()
    bpe_cases()
    component_cases()
    codepoint_digests()


if __name__ == "__main__":
    main()
