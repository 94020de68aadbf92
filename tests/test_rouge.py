"""ROUGE-1/2/L and the tokenizer behind them (Latin words, CJK characters)."""

import random

import pytest

from docproc.rouge import lcs_length, rouge_l, rouge_n, rouge_scores, tokenize


def lcs_table(a, b):
    # Plain O(len(a) * len(b)) dynamic programme: the reference for the bit-parallel version.
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


# ---- tokenize ------------------------------------------------------------------------------------


def test_latin_words_lowercased_punctuation_dropped():
    assert tokenize("The Pump's filter -- clean it, twice (2x)!") == [
        "the", "pump's", "filter", "clean", "it", "twice", "2x",
    ]


def test_japanese_is_one_token_per_character_without_punctuation():
    assert tokenize("ポンプの点検は、毎月行う。") == ["ポ", "ン", "プ", "の", "点", "検", "は", "毎", "月", "行", "う"]


def test_mixed_japanese_and_english():
    assert tokenize("PDFファイルを3ページ読む") == ["pdf", "フ", "ァ", "イ", "ル", "を", "3", "ペ", "ー", "ジ", "読", "む"]


def test_full_width_and_half_width_forms_are_normalised():
    assert tokenize("ＰＤＦ２ ﾎﾟﾝﾌﾟ") == ["pdf2", "ポ", "ン", "プ"]
    assert tokenize("「注意」【重要】") == ["注", "意", "重", "要"]


def test_korean_and_chinese_are_characters():
    assert tokenize("한국어 문서") == ["한", "국", "어", "문", "서"]
    assert tokenize("长文档摘要。") == ["长", "文", "档", "摘", "要"]


def test_accented_words_and_empty_text():
    assert tokenize("Café NAÏVE") == ["café", "naïve"]
    assert tokenize("") == []
    assert tokenize(" ... !!! ") == []


# ---- ROUGE-N -------------------------------------------------------------------------------------


def test_identical_texts_score_one_and_disjoint_zero():
    text = "The pump must be inspected every month by a trained technician."
    for n in (1, 2):
        assert rouge_n(text, text, n) == {"p": 1.0, "r": 1.0, "f": 1.0}
    assert rouge_l(text, text) == {"p": 1.0, "r": 1.0, "f": 1.0}
    other = "Minutes of the quarterly budget meeting"
    assert rouge_n(text, "Completely unrelated words here", 1)["f"] == 0.0
    assert rouge_l("alpha beta", "gamma delta") == {"p": 0.0, "r": 0.0, "f": 0.0}
    assert rouge_n(text, other, 2)["f"] == 0.0


def test_rouge_n_counts_are_clipped_and_hand_computed():
    cand = "the cat the cat sat"  # unigrams: the x2, cat x2, sat
    ref = "the cat sat on the mat"  # the x2, cat, sat, on, mat
    r1 = rouge_n(cand, ref, 1)
    # overlap = min(2,2) the + min(2,1) cat + sat = 4
    assert r1["p"] == pytest.approx(4 / 5)
    assert r1["r"] == pytest.approx(4 / 6)
    assert r1["f"] == pytest.approx(2 * (4 / 5) * (4 / 6) / (4 / 5 + 4 / 6))
    r2 = rouge_n(cand, ref, 2)
    # cand bigrams: the-cat x2, cat-the, cat-sat; ref: the-cat, cat-sat, sat-on, on-the, the-mat -> overlap 2
    assert r2["p"] == pytest.approx(2 / 4)
    assert r2["r"] == pytest.approx(2 / 5)


def test_rouge_is_case_and_punctuation_insensitive():
    assert rouge_n("Check the VALVE.", "check the valve", 2)["f"] == 1.0


def test_short_texts_and_empty_texts():
    assert rouge_n("pump", "pump", 2)["f"] == 1.0  # no bigrams, but identical
    assert rouge_n("pump", "valve", 2)["f"] == 0.0
    assert rouge_n("", "some reference text", 1) == {"p": 0.0, "r": 0.0, "f": 0.0}
    assert rouge_l("some candidate", "") == {"p": 0.0, "r": 0.0, "f": 0.0}
    with pytest.raises(ValueError):
        rouge_n("a", "a", 0)


def test_accepts_token_lists():
    assert rouge_n(["a", "b", "c"], ["a", "b", "d"], 1)["f"] == pytest.approx(2 / 3)


# ---- ROUGE-L -------------------------------------------------------------------------------------


def test_rouge_l_hand_computed():
    # LCS of "police killed the gunman" and "police kill the gunman" = police, the, gunman = 3
    s = rouge_l("police kill the gunman", "police killed the gunman")
    assert s["p"] == pytest.approx(3 / 4) and s["r"] == pytest.approx(3 / 4)
    s = rouge_l("the gunman kill police", "police killed the gunman")  # LCS = the gunman = 2
    assert s["f"] == pytest.approx(2 / 4)


def test_bit_parallel_lcs_matches_dynamic_programme():
    rng = random.Random(0)
    for _ in range(200):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 80))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 80))]
        assert lcs_length(a, b) == lcs_table(a, b)


def test_long_japanese_lcs_matches_dynamic_programme():
    # Summaries of long documents are thousands of characters: big-int masks well past 64 bits.
    rng = random.Random(1)
    alphabet = "ポンプの点検は毎月行う安全装置を確認する"
    a = tokenize("".join(rng.choice(alphabet) for _ in range(700)))
    b = tokenize("".join(rng.choice(alphabet) for _ in range(600)))
    assert lcs_length(a, b) == lcs_table(a, b)


# ---- Japanese agreement --------------------------------------------------------------------------


def test_similar_japanese_summaries_agree_partially():
    dense = "本書は産業用ポンプの設置と保守について説明する。毎月フィルターを点検し、異音があれば運転を停止する。"
    sparse = "本書は産業用ポンプの設置と保守を説明している。フィルターは毎月点検し、異音時は運転を止める。"
    scores = rouge_scores(sparse, dense)
    for name in ("rouge1", "rouge2", "rougeL"):
        assert 0.3 < scores[name]["f"] < 1.0, (name, scores[name])
    unrelated = "会議の議事録：来年度の予算案を承認した。"
    assert rouge_l(unrelated, dense)["f"] < scores["rougeL"]["f"] / 2
    assert rouge_scores(dense, dense)["rougeL"]["f"] == 1.0


def test_japanese_without_cjk_tokenization_would_fail():
    # A word tokenizer would see each sentence as one "word" and score 0; characters give real overlap.
    a, b = "ポンプを毎月点検する", "ポンプを毎週点検する"
    assert rouge_n(a, b, 1)["f"] == pytest.approx(9 / 10)
