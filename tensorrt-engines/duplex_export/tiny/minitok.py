"""Minimal reader of a Hugging Face byte-level BPE tokenizer.json (the Qwen3 kind).

Only what the tiny-model scripts need: encode a system prompt (with added tokens such as
<|im_start|> matched first), decode ids with or without special tokens, and look up ids.
Debian has neither `tokenizers` nor `regex`, so the Qwen2/Qwen3 pre-tokenizer pattern

    (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*
    |\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+

is matched by hand, alternative by alternative, with the same leftmost-first semantics.
"""
import json
import unicodedata


def _is_letter(c):
    return unicodedata.category(c).startswith("L")


def _is_number(c):
    return unicodedata.category(c).startswith("N")


def _is_space(c):
    return c.isspace()


def _is_other(c):
    return not (_is_space(c) or _is_letter(c) or _is_number(c))


_CONTRACTIONS = ("s", "t", "re", "ve", "m", "ll", "d")


def _match_at(s, i):
    """End index of the pre-token that starts at i (one of the pattern's alternatives)."""
    n = len(s)
    c = s[i]
    # 1. contractions, case-insensitive
    if c == "'":
        low = s[i + 1:i + 3].lower()
        for suffix in _CONTRACTIONS:
            if low.startswith(suffix):
                return i + 1 + len(suffix)
    # 2. [^\r\n\p{L}\p{N}]?\p{L}+
    j = i
    if c not in "\r\n" and not _is_letter(c) and not _is_number(c) and i + 1 < n and _is_letter(s[i + 1]):
        j = i + 1
    if _is_letter(s[j]):
        while j < n and _is_letter(s[j]):
            j += 1
        return j
    # 3. \p{N}
    if _is_number(c):
        return i + 1
    # 4. ' ?[^\s\p{L}\p{N}]+[\r\n]*'
    j = i + 1 if (c == " " and i + 1 < n and _is_other(s[i + 1])) else i
    if j < n and _is_other(s[j]):
        while j < n and _is_other(s[j]):
            j += 1
        while j < n and s[j] in "\r\n":
            j += 1
        return j
    # whitespace alternatives need the run of whitespace that starts at i
    if _is_space(c):
        run_end = i
        while run_end < n and _is_space(s[run_end]):
            run_end += 1
        # 5. \s*[\r\n]+ : greedy \s* backs off to the last newline of the run
        last_nl = max((k for k in range(i, run_end) if s[k] in "\r\n"), default=-1)
        if last_nl >= 0:
            return last_nl + 1
        # 6. \s+(?!\S)
        if run_end == n:
            return run_end
        if run_end - 1 > i:
            return run_end - 1
        # 7. \s+
        return run_end
    return i + 1


def pre_tokenize(text):
    out, i = [], 0
    while i < len(text):
        j = _match_at(text, i)
        out.append(text[i:j])
        i = j
    return out


def _bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) \
        + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs = bs[:]
    extra = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


class MiniTokenizer:
    def __init__(self, tokenizer_json_path):
        with open(tokenizer_json_path, encoding="utf-8") as f:
            data = json.load(f)
        model = data["model"]
        self.vocab = model["vocab"]
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        merges = model["merges"]
        pairs = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in merges]
        self.ranks = {p: r for r, p in enumerate(pairs)}
        self.added = {t["content"]: t for t in data["added_tokens"]}
        self.added_by_id = {t["id"]: t for t in data["added_tokens"]}
        # longest first so that e.g. "</unit>" is not split as "<" + "/unit>"
        self.added_sorted = sorted(self.added, key=len, reverse=True)
        self.byte_enc = _bytes_to_unicode()
        self.byte_dec = {v: k for k, v in self.byte_enc.items()}
        self._cache = {}

    def token_id(self, token):
        if token in self.added:
            return self.added[token]["id"]
        return self.vocab[token]

    def _bpe(self, word):
        if word in self._cache:
            return self._cache[word]
        parts = list(word)
        while len(parts) > 1:
            best = None
            for k in range(len(parts) - 1):
                r = self.ranks.get((parts[k], parts[k + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, k)
            if best is None:
                break
            k = best[1]
            parts = parts[:k] + [parts[k] + parts[k + 1]] + parts[k + 2:]
        self._cache[word] = parts
        return parts

    def _split_added(self, text):
        pieces, i, start = [], 0, 0
        while i < len(text):
            hit = next((a for a in self.added_sorted if text.startswith(a, i)), None)
            if hit is None:
                i += 1
                continue
            if start < i:
                pieces.append((text[start:i], False))
            pieces.append((hit, True))
            i += len(hit)
            start = i
        if start < len(text):
            pieces.append((text[start:], False))
        return pieces

    def encode(self, text):
        ids = []
        for piece, is_added in self._split_added(text):
            if is_added:
                ids.append(self.added[piece]["id"])
                continue
            for word in pre_tokenize(unicodedata.normalize("NFC", piece)):
                mapped = "".join(self.byte_enc[b] for b in word.encode("utf-8"))
                ids.extend(self.vocab[p] for p in self._bpe(mapped))
        return ids

    def decode(self, ids, skip_special_tokens=False):
        out, pending = [], bytearray()
        for i in ids:
            if i in self.added_by_id:
                tok = self.added_by_id[i]
                if skip_special_tokens and tok["special"]:
                    continue
                out.append(pending.decode("utf-8", errors="replace"))
                pending = bytearray()
                out.append(tok["content"])
            else:
                pending.extend(self.byte_dec[c] for c in self.id_to_token[i])
        out.append(pending.decode("utf-8", errors="replace"))
        return "".join(out)

    def is_special(self, token_id):
        tok = self.added_by_id.get(token_id)
        return tok is not None and tok["special"]
