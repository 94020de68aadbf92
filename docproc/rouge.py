"""ROUGE-1/2/L between two texts, with a tokenizer that also works for Japanese, Chinese and Korean.

Latin-script (and other space-separated) text is split into lower-cased words; CJK text has no spaces, so each
Han / Hiragana / Katakana / Hangul character is its own token (the usual choice for character-level ROUGE on
Japanese). Punctuation and symbols are dropped. Text is NFKC-normalised first, so full-width letters and digits
("ＰＤＦ２") count as the same words as "PDF2", and half-width katakana as the full-width characters.

Scores are dicts {"p": precision, "r": recall, "f": F1}, all in [0, 1]. Identical texts score 1.0 and texts
with no token in common 0.0.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Sequence

# Scripts written without spaces: one token per character. (start, end) inclusive code point ranges.
_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇 (iteration mark, closing mark, ideographic zero)
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana (incl. ー prolonged sound mark)
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended-A
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo extended-B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # half-/full-width forms left after NFKC (e.g. half-width Hangul)
    (0x1B000, 0x1B16F),  # kana supplement / extended
    (0x20000, 0x3134F),  # CJK unified ideographs extensions B-G
)

_APOSTROPHES = "'\u2019"


def is_cjk(char: str) -> bool:
    """True for a character of a script written without spaces between words (Han, kana, Hangul)."""
    code = ord(char)
    return any(start <= code <= end for start, end in _CJK_RANGES)


def _is_word_char(char: str) -> bool:
    # Letters, digits and combining marks (so Devanagari vowel signs or Thai tone marks stay inside words).
    return unicodedata.category(char)[0] in "LNM"


def tokenize(text: str) -> list[str]:
    """Lower-cased words for space-separated scripts, single characters for CJK; punctuation dropped.

    >>> tokenize("The pump's filter, 2 times!")
    ['the', "pump's", 'filter', '2', 'times']
    >>> tokenize("ポンプを点検する。")
    ['ポ', 'ン', 'プ', 'を', '点', '検', 'す', 'る']
    """
    text = unicodedata.normalize("NFKC", text)
    tokens: list[str] = []
    word: list[str] = []

    def flush() -> None:
        if word:
            tokens.append("".join(word).lower())
            word.clear()

    for i, char in enumerate(text):
        if is_cjk(char):
            flush()
            if _is_word_char(char):  # skips the few symbols inside the ranges (e.g. full-width brackets)
                tokens.append(char)
        elif _is_word_char(char):
            word.append(char)
        elif (
            char in _APOSTROPHES and word and i + 1 < len(text)
            and _is_word_char(text[i + 1]) and not is_cjk(text[i + 1])
        ):
            word.append("'")  # "don't", "pump's" stay one word
        else:
            flush()
    flush()
    return tokens


def _tokens(text: str | Sequence[str]) -> list[str]:
    return tokenize(text) if isinstance(text, str) else list(text)


def _prf(overlap: int, n_candidate: int, n_reference: int) -> dict[str, float]:
    p = overlap / n_candidate if n_candidate else 0.0
    r = overlap / n_reference if n_reference else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"p": p, "r": r, "f": f}


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: str | Sequence[str], reference: str | Sequence[str], n: int = 1) -> dict[str, float]:
    """ROUGE-N: overlap of n-gram counts (clipped), as precision, recall and F1.

    Texts may be strings (tokenized with `tokenize`) or token lists. When neither text has an n-gram (both
    shorter than n tokens), the score is 1.0 if their tokens are equal and 0.0 otherwise.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    cand, ref = _tokens(candidate), _tokens(reference)
    cand_grams, ref_grams = _ngrams(cand, n), _ngrams(ref, n)
    if not cand_grams and not ref_grams:
        same = 1.0 if cand == ref else 0.0
        return {"p": same, "r": same, "f": same}
    overlap = sum((cand_grams & ref_grams).values())
    return _prf(overlap, sum(cand_grams.values()), sum(ref_grams.values()))


def lcs_length(a: Sequence, b: Sequence) -> int:
    """Length of the longest common subsequence of two token sequences.

    Bit-parallel (Hyyrö 2004): one Python big-int operation per token of `b`, so a 2,000 x 2,000 character
    comparison takes milliseconds instead of the seconds of the plain O(len(a) * len(b)) table.
    """
    if not a or not b:
        return 0
    m = len(a)
    full = (1 << m) - 1
    match: dict = {}  # token -> bitmask of its positions in a
    for i, token in enumerate(a):
        match[token] = match.get(token, 0) | (1 << i)
    v = full  # bit i == 1: position i of a is not yet used by the LCS of the prefix of b seen so far
    for token in b:
        u = v & match.get(token, 0)
        v = ((v + u) | (v - u)) & full
    return m - bin(v).count("1")


def rouge_l(candidate: str | Sequence[str], reference: str | Sequence[str]) -> dict[str, float]:
    """ROUGE-L: longest common subsequence of the token sequences, as precision, recall and F1."""
    cand, ref = _tokens(candidate), _tokens(reference)
    if not cand and not ref:
        return {"p": 1.0, "r": 1.0, "f": 1.0}
    return _prf(lcs_length(cand, ref), len(cand), len(ref))


def rouge_scores(candidate: str, reference: str) -> dict[str, dict[str, float]]:
    """ROUGE-1, ROUGE-2 and ROUGE-L together (tokenizing each text once)."""
    cand, ref = tokenize(candidate), tokenize(reference)
    return {"rouge1": rouge_n(cand, ref, 1), "rouge2": rouge_n(cand, ref, 2), "rougeL": rouge_l(cand, ref)}
