# make_tokenizer_edge_fixtures.py — hand-picked edge-case inputs through Hugging Face `tokenizers`, for
# Tests/LanguageTests/Tokenizers/EdgeCaseParityTests.swift: the inputs real users send that the generated lines of
# make_tokenizer_fixtures.py hit only by chance (Unicode spaces, controls and NUL, Turkish and German casing,
# combining marks in NFD and NFC, CJK, emoji outside the BMP, every ASCII symbol and samples of each Unicode
# punctuation class, words at and over max_input_chars_per_word, empty and whitespace-only text, special tokens
# typed in the text, truncation of pairs at tiny lengths, batches with padding), through all-MiniLM-L6-v2's
# tokenizer.json, the same vocabulary under other BertNormalizer settings, and the byte-level BPE fixture with
# lstrip / rstrip / single_word added tokens.
#
# Rerun (from the repo root, with the reference venv from scripts/setup-reference.sh):
#   "$(bash scripts/setup-reference.sh)" scripts/reference/make_tokenizer_edge_fixtures.py
# Reads Tests/Fixtures/language/tokenizers/{bert-uncased-tokenizer.json,bpe-options.json} (written by
# make_tokenizer_fixtures.py) and writes (replacing) Tests/Fixtures/language/tokenizers/edge_cases.json:
#   extra_added_tokens: the entries appended to the MiniLM file's added_tokens for the "bert+added" tokenizer
#   groups: {name, tokenizer ("bert" | "bert+added" | "bpe"), normalizer (null: the file's, else BertNormalizer settings),
#            truncation (null or {max_length, strategy, direction}), padding (null or {length (null: longest),
#            direction, pad_to_multiple_of}), add_special_tokens, cases}
#   a case: {text, pair?, ids, type_ids, attention_mask, special_tokens_mask (0/1 digit strings), and (in most
#            groups) decoded, decoded_with_special} or, for a batch, {texts, pairs?, encodings: [...]}
# Inputs for which `tokenizers` raises (OnlyFirst / OnlySecond truncation when the other sequence is too long)
# are left out: SwiftLearn documents that it does not raise there.
import json
import os
import sys

import tokenizers
from tokenizers import Tokenizer, normalizers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "Tests", "Fixtures", "language", "tokenizers")
VERSIONS = {"tokenizers": tokenizers.__version__, "python": sys.version.split()[0]}

SPACES = ["", " ", "   ", "\t", "\n", "\r", "\r\n", " \t\r\n\x0b\x0c ", "\u00a0", "\u1680", "\u2000\u2001\u2002",
          "\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\x85",
          "\x1c\x1d\x1e\x1f", "a\u00a0b", "a\u2003b", "a\u3000b", "a\u202fb", "a\x85b", "a\u2028b", "tab\there",
          "new\nline", "cr\rlf", "crlf\r\nend", "  leading and trailing  ", "\t\ttabs\t\t"]
CONTROLS = ["\x00", "a\x00b", "\x00\x00\x00", "\x00 \x00", "\ufffd", "a\ufffdb", "\x01\x02\x03\x07\x08\x1b\x7f",
            "x\x7fy", "\x80\x9f", "\u200b", "a\u200bb", "\u200c\u200d", "join\u200der", "\ufeffbom", "\u2060",
            "soft\u00adhyphen", "\u00ad", "\u061c", "\u200e\u200f", "\u2066x\u2069", "\u202ertl\u202c", "\u034f",
            "\ue000\uf8ff", "\U000F0000", "\U0010FFFD", "\ufff9\ufffa\ufffb", "\U000E0001\U000E0041"]
CASING = ["Ångström", "ångström", "ANGSTRÖM", "A\u030angstro\u0308m", "\u212bngstr\u00f6m", "İstanbul", "istanbul",
          "ISTANBUL", "ıstanbul", "IİıiĞğŞşÇç", "DİYARBAKIR", "straße", "STRASSE", "ẞ", "Straẞe", "Maß", "ǅemal ǈ ǋ",
          "Ǆ ǆ", "ΣΊΣΥΦΟΣ", "ὈΔΥΣΣΕΎΣ", "ΐ ΰ", "\u1fd3", "Ι\u0308\u0301", "\u0345", "ﬁ ﬂ ﬀ ﬃ ﬆ", "ŉ", "ǰ", "Ⅻ ⅻ",
          "Ｆｕｌｌ ｗｉｄｔｈ", "Ⓐⓐ", "🄰", "ʻOkina", "Ꭰꭰ ᏸ", "ЁЖИК ёжик", "Ǉubljana", "Ĳssel", "Øresund", "Łódź",
          "Dvořák", "Ærø", "ÇA VA", "café", "CAFÉ", "cafe\u0301", "CAFE\u0301", "naïve", "na\u0131ve", "résumé",
          "jalapeño", "São Paulo", "Crème Brûlée"]
COMBINING = ["e\u0301", "\u0301", "\u0301abc", "abc\u0301", "a\u0323\u0301", "a\u0301\u0323", "ạ́", "q\u0307\u0323",
             "\u1e9b\u0323", "o\u0302\u0323", "Z\u0335\u0336\u0337", "a\u20dd", "1\u20e3", "e\u0301\u0301\u0301\u0301",
             "\u0915\u094d\u0937", "क्ष", "नमस्ते", "שָׁלוֹם", "مَرْحَبًا", "สวัสดีครับ", "\u0e33", "\u0f73\u0f75\u0f77",
             "한국어", "\u1100\u1161\u11a8", "각", "\u212b\u2126\u212a", "ｶﾞｷﾞ", "が", "か\u3099", "\u3099", "ﾞ"]
CJK = ["中文", "中a文", "ab中cd", "中文English混合", "東京タワー", "日本語のテキスト", "汉字，标点。", "𠀋𠀌", "豈更",
       "\U0002B820\U0002B91F", "\U0002B81F\U0002B920", "\U0002CEAF\U0002CEB0", "\U00030000", "\u3400\u4dbf\u4dc0",
       "\u9fff\ua000", "\uf900\ufaff", "\U0002F800", "ㄱ한", "ｶﾀｶﾅ", "〇々〆", "⺀⼀", "中" * 120]
EMOJI = ["😀", "a😀b", "😀😀😀", "👨‍👩‍👧", "👍🏽", "🇫🇷🇩🇪", "❤️", "#️⃣", "\U0001F9EA\U0001FAE0", "𝐀𝐁𝐂", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
         "𝟘𝟙𝟚", "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "🏳️‍🌈", "☕️", "Ⓜ️",
         "🀄", "\U00010000", "\U0001D11E"]
PUNCT = ["!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "$100", "US$5", "a^b", "x^2", "`code`", "~home", "a|b|c", "x_y", "a~b",
         "€£¥₹₿", "©®™", "+-=<>", "°±×÷", "½¾²³¹", "¡¿«»‹›“”‘’„‚", "—–‐‑‒―", "…‥", "、。，．・", "「」『』【】〔〕",
         "¶§†‡•", "‿⁀⁔", "〜〰", "٪؟،", "।॥", "‽⁂", "﹏＿", "＂＃＄％", "ʼ ˆ ˇ ˘", "¨´¸", "׳״", "፡።", "჻", "᠀᠁",
         "⸮⸺⸻", "\u2e52", "\u2e5d", "\U00016FE2", "\U0001E95E", "\U00011C41", "\u166d", "\U000111c9",
         "don't", "I'm", "ain't", "rock'n'roll", "U.S.A.", "e-mail", "3.14", "1,000,000", "٣٤٥", "१२३",
         "hello...world!!!", "(nested [brackets {and} braces])", "https://example.com/a?b=c&d=e#f", "x@y.z"]
SPECIALS = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[cls]", "[Mask]", "[ CLS ]", "a[MASK]b", "[MASK][MASK]",
            "hello [MASK] world", "[[MASK]]", "[MASK", "MASK]", "[CLS][SEP]", " [SEP] ", "[CLS] hello [SEP] world [SEP]",
            "[MASK]\u0301", "é[MASK]", "[MA\u200bSK]", "[ＭＡＳＫ]", "##", "##ing", "#", "[UNK]?",
            "<|endoftext|>", "<mask>", " <mask>", "\u3000<mask>", "\u00a0<mask>", "<sep>  x", "<sep>\u3000x",
            "<sep>\u00a0x", "swift", "swifty", "Swift", "_swift", "swift_", "éswift", "swiftè", "1swift", "swift2",
            "中swift", "swift\u0301", "\u0301swift", "NEWWORD", "xNEWWORDx", "swift swift", "<mask><mask>", "<sep><sep>"]
LONG = ["x" * 100, "x" * 101, "é" * 100, "é" * 101, "e\u0301" * 50, "e\u0301" * 101, "a" * 99 + "!" + "b" * 101,
        "😀" * 100, "😀" * 101, "supercalifragilisticexpialidocious" * 3, "Ⅻ" * 101, "ß" * 101, "İ" * 60,
        "İ" * 101, "ﬃ" * 40, "ﬃ" * 101, "\x00" * 150 + "word", "a\u200b" * 120, "ab" * 50, "ab" * 51]
SCRIPTS = ["مرحبا بالعالم", "Привет, мир!", "Ελληνικά", "ქართული", "Բարեւ", "தமிழ்", "বাংলা", "ᚠᛇᚻ", "ⴰⵣⵓⵍ",
           "ܫܠܡܐ", "ދިވެހި", "ꯃꯤꯇꯩ", "𐌰𐌱", "ᐃᓄᒃᑎᑐᑦ", "Ꭰꮳ"]

ALL = SPACES + CONTROLS + CASING + COMBINING + CJK + EMOJI + PUNCT + SPECIALS + LONG + SCRIPTS


def digits(xs):
    return "".join(str(x) for x in xs)


def record(e):
    return {"ids": e.ids, "type_ids": digits(e.type_ids), "attention_mask": digits(e.attention_mask),
            "special_tokens_mask": digits(e.special_tokens_mask)}


# Added to all-MiniLM-L6-v2's added_tokens for the "bert+added" tokenizer (the Swift test patches the file the
# same way): tokens matched after normalization (so against their normalized form), raw ones, lstrip / rstrip
# and single_word.
EXTRA_ADDED = [
    {"id": 30522, "content": "NEWWORD", "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": False},
    {"id": 30523, "content": "Ångström", "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": False},
    {"id": 30524, "content": "[Custom]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
    {"id": 30525, "content": "<tag>", "single_word": False, "lstrip": True, "rstrip": True, "normalized": False, "special": True},
    {"id": 30526, "content": "xyzzy", "single_word": True, "lstrip": False, "rstrip": False, "normalized": True, "special": False},
    {"id": 30527, "content": "中文字", "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": False},
    {"id": 30528, "content": "İzmir", "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": False},
    {"id": 30529, "content": "xyz", "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": False},
]
ADDED_TEXTS = ["NEWWORD", "newword", "NewWord is here", "xNEWWORDx", "new word", "Ångström", "ANGSTRÖM", "angstrom",
               "A\u030angstro\u0308m", "the Ångström unit", "[Custom]", "[custom]", "a[Custom]b", "a <tag> b",
               "a\u3000<tag>\u3000b", "a\u00a0\u00a0<tag>\t\n b", "<tag><tag>", "xyzzy", "XYZZY", "xyzzys", "a xyzzy b",
               "a-xyzzy-b", "xyzzy_", "xyzzy\u0301", "\u0301xyzzy", "2xyzzy", "xyzzy²", "ⅫxyzzyⅫ", "xyzzy\u200d", "xyzzy‿", "ⓐxyzzy", "中文字",
               "我中文字们", "中文", "İzmir", "izmir", "IZMIR", "i\u0307zmir", "[MASK] NEWWORD [SEP] xyzzy",
               "xyz", "axyzb", "xyzzyq", "qxyzzy", "xyzzy xyz", "xyzxyzzy"]


def load(name, normalizer=None):
    if name == "bert+added":
        with open(os.path.join(FIX, "bert-uncased-tokenizer.json"), encoding="utf-8") as f:
            d = json.load(f)
        d["added_tokens"] += EXTRA_ADDED
        tok = Tokenizer.from_str(json.dumps(d))
        # tokenizers re-derives added ids on load: make sure the file's ids are the ones it keeps.
        assert all(tok.token_to_id(t["content"]) == t["id"] for t in EXTRA_ADDED)
        return tok
    tok = Tokenizer.from_file(os.path.join(FIX, "bert-uncased-tokenizer.json" if name == "bert" else "bpe-options.json"))
    if normalizer is not None:
        tok.normalizer = normalizers.BertNormalizer(**normalizer)
    return tok


def configure(tok, truncation, padding):
    if truncation is None:
        tok.no_truncation()
    else:
        tok.enable_truncation(truncation["max_length"], strategy=truncation["strategy"], direction=truncation["direction"])
    if padding is None:
        tok.no_padding()
    else:
        tok.enable_padding(pad_id=0, pad_token="[PAD]", length=padding["length"], direction=padding["direction"],
                           pad_to_multiple_of=padding["pad_to_multiple_of"])


def group(name, tokenizer, items, normalizer=None, truncation=None, padding=None, add_special_tokens=True, batch=False,
          decode=True):
    tok = load(tokenizer, normalizer)
    configure(tok, truncation, padding)
    cases = []
    for item in items:
        if batch:
            texts, pairs = item
            inputs = texts if pairs is None else list(zip(texts, pairs))
            encs = tok.encode_batch(inputs, add_special_tokens=add_special_tokens)
            c = {"texts": texts, "encodings": [record(e) for e in encs]}
            if pairs is not None:
                c["pairs"] = pairs
            cases.append(c)
            continue
        text, pair = item if isinstance(item, tuple) else (item, None)
        try:
            e = tok.encode(text, pair, add_special_tokens=add_special_tokens)
        except Exception:  # noqa: BLE001 — tokenizers raises for OnlyFirst/OnlySecond overflow; see the header
            continue
        c = {"text": text, **record(e)}
        if decode:
            c["decoded"] = tok.decode(e.ids, skip_special_tokens=True)
            c["decoded_with_special"] = tok.decode(e.ids, skip_special_tokens=False)
        if pair is not None:
            c["pair"] = pair
        cases.append(c)
    return {"name": name, "tokenizer": tokenizer, "normalizer": normalizer, "truncation": truncation,
            "padding": padding, "add_special_tokens": add_special_tokens, "cases": cases}


def main():
    groups = [group("MiniLM tokenizer.json", "bert", ALL),
              group("MiniLM without special tokens", "bert", SPECIALS + CASING[:10], add_special_tokens=False)]
    for n in [dict(lowercase=False, strip_accents=None), dict(lowercase=False, strip_accents=True),
              dict(lowercase=True, strip_accents=False), dict(lowercase=False, strip_accents=False),
              dict(clean_text=False), dict(handle_chinese_chars=False)]:
        full = dict(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
        full.update(n)
        groups.append(group(f"BertNormalizer {n}", "bert", ALL, normalizer=full, decode=False))
    pair_texts = ["", " ", "\x00", "[SEP]", "a", "hello world", "Ångström İstanbul straße", "中文😀", "x" * 101,
                  "one two three four five six seven", "[MASK] is [MASK]."]
    pairs = [(a, b) for a in pair_texts for b in pair_texts]
    groups.append(group("MiniLM pairs", "bert", pairs))
    trunc_pairs = [(a, b) for a in ["", "a", "one two three", "one two three four five six seven eight"]
                   for b in ["", "b", "uno dos tres", "uno dos tres cuatro cinco seis siete ocho nueve"]]
    trunc_single = ["", "a", "one two three", "one two three four five six seven eight", "Ångström " * 10]
    for max_length in [0, 1, 2, 3, 4, 5, 6, 7, 10]:
        for strategy in ["longest_first", "only_first", "only_second"]:
            for direction in ["right", "left"]:
                t = {"max_length": max_length, "strategy": strategy, "direction": direction}
                groups.append(group(f"truncation {t}", "bert", trunc_single + trunc_pairs, truncation=t,
                                    decode=max_length in (0, 5)))
                if max_length in (0, 3, 5) and strategy == "longest_first":
                    groups.append(group(f"truncation {t}, no special tokens", "bert", trunc_single + trunc_pairs,
                                        truncation=t, add_special_tokens=False, decode=False))
    batches = [(["", "a", "hello world"], None), ([" ", "\x00"], None), (["[MASK]", "Ångström 中文 😀"], None),
               (["a", "b c"], ["", "d e f"]), (["x" * 101, "é" * 101, ""], None), (["one"], None)]
    for padding in [{"length": None, "direction": "right", "pad_to_multiple_of": None},
                    {"length": None, "direction": "left", "pad_to_multiple_of": None},
                    {"length": None, "direction": "right", "pad_to_multiple_of": 8},
                    {"length": 6, "direction": "right", "pad_to_multiple_of": None},
                    {"length": 6, "direction": "left", "pad_to_multiple_of": 4}]:
        for truncation in [None, {"max_length": 4, "strategy": "longest_first", "direction": "right"}]:
            groups.append(group(f"batch padding {padding} truncation {truncation}", "bert", batches,
                                truncation=truncation, padding=padding, batch=True))
    groups.append(group("MiniLM with added tokens", "bert+added", ADDED_TEXTS + SPECIALS))
    groups.append(group("byte-level BPE", "bpe", ALL))
    groups.append(group("byte-level BPE pairs", "bpe", pairs))
    out = os.path.join(FIX, "edge_cases.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"versions": VERSIONS, "extra_added_tokens": EXTRA_ADDED, "groups": groups}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"edge_cases.json: {sum(len(g['cases']) for g in groups)} cases in {len(groups)} groups, "
          f"{os.path.getsize(out) // 1024} KiB")


if __name__ == "__main__":
    main()
