"""Summarize: output cleaning, page attribution, quotes, budgets, map-reduce plumbing, and end to end on SmolLM2.

What the checker makes of changes of a value is tested in test_changes.py, misquotes in test_misquotes.py."""

import re

import pytest
import torch

from docproc import prompts
from docproc import summarize as summarize_module
from docproc.changes import change_sides
from docproc.chunking import count_tokens
from docproc.document import Document, Page
from docproc.errors import InputError, UsageError
from docproc.generation import GeneratedRepetitionGuard, Generation, Generator
from docproc.model_output import clean_summary, dedupe, is_contents_list, parse_points
from docproc.quotes import _BARE_PRONOUN, in_reading_order, quotes_across, salient_sentences, with_antecedents
from docproc.summarize import SummarizeOptions, attribute_point, summarize_document
from docproc.support import PageIndex, is_supported
from docproc.text import join_sentences, numbers_in, split_sentences, strip_bullets, terms, unwrapped_lines
from tests.test_misquotes import _minutes_index
from tests.tiny_models import make_tiny_model_dir

# ---- a small original manual, one topic per page ----------------------------------------------------------

MANUAL_PAGES = [
    "The Breeze 20 desk fan has three speed settings and a quiet night mode. This manual explains set-up, "
    "cleaning and safety.",
    "Safety. Keep the fan away from water and never insert fingers or objects through the guard. "
    "Unplug the fan before cleaning it.",
    "Cleaning. Wipe the blades with a damp cloth once a month. Do not use solvents or abrasive cleaners on "
    "the plastic housing.",
    "Warranty. The fan has a warranty of 24 months from the date of purchase. The warranty does not cover "
    "damage caused by dropping the fan.",
]


def manual_doc() -> Document:
    return Document(source="breeze20.pdf", title="Breeze 20 Desk Fan",
                    pages=[Page(i + 1, t) for i, t in enumerate(MANUAL_PAGES)], language="en",
                    meta={"empty_pages": []})


JA_PAGES = [
    "本製品は加湿空気清浄機です。運転を始める前に、給水タンクに水を入れてください。",
    "フィルターの交換は六か月ごとに行ってください。交換用フィルターは販売店でお求めください。",
    "本体のお手入れは、乾いた柔らかい布で拭いてください。シンナーやベンジンは使わないでください。",
]


def ja_doc() -> Document:
    return Document(source="ks.txt", title="加湿空気清浄機", language="ja",
                    pages=[Page(i + 1, t) for i, t in enumerate(JA_PAGES)])


# ---- cleaning model output ----------------------------------------------------------------------------------


def test_parse_points_cleans_bullets_chatter_citations_and_repeats():
    raw = ("Sure! Here are the key points:\n\n"
           "- 1. Wipe the blades with a damp cloth once a month (p. 7).\n"
           "* The warranty lasts 24 months from the date of purchase.\n"
           "- 2. Safety instructions\n"  # a copied section title, not a point
           "- The warranty lasts 24 months from the date of purchase!\n"  # a repeat
           "- Unplug the fan before\n  cleaning it.\n"  # wrapped onto two lines
           "\nA: Another answer that is not part of the list\n"
           "- Keep the fan away from water and never")
    points = parse_points(raw, finished=False)
    assert points == ["Wipe the blades with a damp cloth once a month.",
                      "The warranty lasts 24 months from the date of purchase.",
                      "Unplug the fan before cleaning it."]


def test_parse_points_splits_inline_numbered_lists_and_drops_cut_off_last_item():
    raw = "- The 3 facts are: 1. The fan has three speeds. 2. Clean the blades every month. 3. The warranty is 24 months long."
    assert parse_points(raw, finished=True) == ["The fan has three speeds.", "Clean the blades every month.",
                                                "The warranty is 24 months long."]
    cut = "- The fan has three speed settings.\n- The warranty covers twenty four"
    assert parse_points(cut, finished=False) == ["The fan has three speed settings."]


def test_a_lone_cut_off_point_a_repetition_loop_and_half_characters_are_dropped():
    # the token limit cut the only point: nothing is better than half a sentence with a citation
    assert parse_points("- The fan speed is set with the knob and the timer is reset when the filter is clea",
                        finished=False) == []
    loop = "14時から15時では14時から15時では14時から15時では15時から14時では14時から15時では15時から14時では"
    assert parse_points(f"- {loop}14時\ufffd", finished=False) == []
    assert parse_points(f"- {loop}。", finished=True) == []
    assert parse_points("- The unit is quiet and the unit is quiet and the unit is quiet and the unit is quiet.",
                        finished=True) == []
    assert clean_summary("The filter is washed every month. The warranty covers two yea", finished=False) == \
        ["The filter is washed every month."]
    assert clean_summary("The filter is washed every two wee", finished=False) == []
    assert parse_points("- 加湿フィルターは月に一度洗ってください。\ufffd", finished=True) == ["加湿フィルターは月に一度洗ってください。"]


def test_parse_points_drops_the_models_bare_list_numbers_and_keeps_every_item():
    raw = ("- 1 The control panel controls the mode switch,\n- 2 The weekly schedule switches between Away and "
           "Normal,\n- 3 The weekly schedule is set to Summer bypass.\n")
    assert parse_points(raw, finished=True) == ["The control panel controls the mode switch",
                                                "The weekly schedule switches between Away and Normal",
                                                "The weekly schedule is set to Summer bypass."]
    # A number that counts something stays, also inside a numbered list.
    raw = "- 1 The fan has three speeds.\n- 2 Unplug the fan before cleaning it.\n- 3 filters are in the box."
    assert parse_points(raw, finished=True) == ["The fan has three speeds.", "Unplug the fan before cleaning it.",
                                                "3 filters are in the box."]


def test_clean_summary_strips_chatter_and_unfinished_sentence():
    raw = ("Here is a summary of the document:\n\n**Summary:** The Breeze 20 is a desk fan. "
           "It has three speeds. It has three speeds. The warranty is")
    assert clean_summary(raw, finished=False) == ["The Breeze 20 is a desk fan.", "It has three speeds."]
    assert clean_summary("The fan is quiet. I hope this helps! Let me know.", True) == ["The fan is quiet."]


def test_copied_headings_and_label_lines_do_not_lead_the_next_sentence():
    # what smollm2 writes when it copies the top of a document into its summary or under a bullet
    raw = ("Riverside Clinic Facilities Committee - Minutes\nDate: 14 October 2026, 09:30-11:00, Room B2\n"
           "Approval of previous minutes\nThe minutes of 9 September 2026 were approved without changes.")
    assert clean_summary(raw, finished=True) == ["The minutes of 9 September 2026 were approved without changes."]
    assert clean_summary("- 1. The pump is checked every month.", True) == ["The pump is checked every month."]
    raw = "温度ロガー TL-88 仕様書\n第1章 概要\nTL-88は冷蔵倉庫向けの無線温度ロガーである。"
    assert clean_summary(raw, finished=True) == ["TL-88は冷蔵倉庫向けの無線温度ロガーである。"]
    points = parse_points("- Roof repair at the east wing\nL. Okonkwo reported two leaks in the roof.\n"
                          "- The budget for the repair is\n12,000 euros, approved by the committee.\n"
                          "- Cleaning the gutters is\nrequired every spring.", finished=True)
    assert points == ["The budget for the repair is 12,000 euros, approved by the committee.",
                      "Cleaning the gutters is required every spring."]


def test_dedupe_keeps_first_of_near_duplicates():
    items = ["Replace the filter every six months.", "Replace the filters every 6 months.",
             "Every six months, replace the filter.", "Replace the filter every 3 months.",
             "Clean the sensor with a dry cloth."]
    assert dedupe(items) == [items[0], items[3], items[4]]  # "six" is 6; "3 months" is a real difference


def test_terms_use_character_bigrams_for_japanese():
    ts = terms("フィルターの交換は六か月ごと")
    assert "フィ" in ts and "交換" in ts
    assert "の交" in ts and not any(re.fullmatch(r"[\u3040-\u309f]+", t) for t in ts)  # no hiragana-only bigrams
    assert terms("Replacing the filters, 2,000 litres") == ["replac", "filter", "2000", "litr"]


# ---- page attribution ----------------------------------------------------------------------------------------


def test_attribution_picks_the_supporting_page():
    doc = manual_doc()
    index = PageIndex({p.number: p.text for p in doc.pages})
    assert index.attribute("Wipe the blades with a damp cloth every month.")[0] == [3]
    assert index.attribute("The warranty lasts 24 months but not for a dropped fan.")[0] == [4]
    assert index.attribute("Unplug it before you clean it, and keep it away from water.")[0] == [2]


def test_a_quoted_sentence_cites_a_page_that_holds_it():
    """review33 F4: a manual's boilerplate repeats with a word changed; a quote cited p. 6, which shares all its
    words, where the sentence itself is on p. 8."""
    pages = {6: "Qualified staff must verify the alignment of the label stock whenever the printer has been moved. "
                "A new roll is loaded from the rear.",
             8: "Qualified staff must verify the alignment of the label stock when a new roll is loaded.",
             9: "Qualified staff must verify the alignment of the label stock when a new roll is loaded."}
    index = PageIndex(pages)
    quote = "Qualified staff must verify the alignment of the label stock when a new roll is loaded."
    assert index.attribute(quote) == ([8], 1.0)
    assert index.attribute("- " + quote, within=[6, 9]) == ([9], 1.0)
    assert index.attribute("Staff must verify the label alignment when a new roll is loaded.")[0] == [6]  # no quote


def test_attribution_cites_two_pages_when_a_point_draws_on_both():
    index = PageIndex({p.number: p.text for p in manual_doc().pages})
    pages, coverage = index.attribute("Clean the blades with a damp cloth; the warranty lasts 24 months.")
    assert pages == [3, 4] and coverage > 0.7


def test_attribution_stays_within_the_chunk_the_point_came_from():
    index = PageIndex({p.number: p.text for p in manual_doc().pages})
    # Page 4 fits best overall, but the point came from a chunk of pages 1-3.
    assert index.attribute("The warranty does not cover the plastic housing.", within=[1, 2, 3])[0] == [3]


def test_attribution_for_japanese_points():
    index = PageIndex({p.number: p.text for p in ja_doc().pages})
    assert index.attribute("フィルターは六か月ごとに交換する。")[0] == [2]
    assert index.attribute("お手入れには乾いた布を使う。")[0] == [3]
    assert index.attribute("運転前に給水タンクに水を入れる。")[0] == [1]


def test_unsupported_points_and_invented_numbers_are_dropped():
    doc = manual_doc()
    index = PageIndex({p.number: p.text for p in doc.pages})
    chunks = [type("C", (), {"pages": [1, 2, 3, 4]})()]
    kept = attribute_point("The warranty lasts 24 months from purchase.", index, chunks, None)
    assert kept is not None and kept.pages == [4]
    assert attribute_point("The warranty lasts 36 months from purchase.", index, chunks, None) is None
    assert attribute_point("Quantum routers accelerate blockchain synergy.", index, chunks, None) is None


def test_a_number_must_stand_next_to_what_the_point_says_of_it():
    # Every word and number of the wrong claim is on the page, but the date belongs to another sentence.
    page = ("The minutes of 9 September 2026 were approved without changes. A. Moreau chaired the meeting. The roof "
            "of the east wing leaks at two places. The budget for the repair is 12,000 euros. Decision: the repair "
            "is approved. Action: L. Okonkwo to sign the contract by 21 October 2026.")
    index = PageIndex({1: page})
    chunks = [type("C", (), {"pages": [1]})()]
    assert attribute_point("L. Okonkwo to sign the contract by 21 October 2026.", index, chunks, None) is not None
    assert attribute_point("L. Okonkwo to sign the contract by 9 October 2026.", index, chunks, None) is None
    assert attribute_point("The roof repair budget of 12,000 euros is approved.", index, chunks, None) is not None
    assert attribute_point("The repair budget is 9 euros.", index, chunks, None) is None
    # two numbers, each with its own sentence: a point may join them
    index = PageIndex({1: "The no-load speed is 0 to 3,100 rpm in Mode 3. The grip is rubber. The impact rate "
                          "reaches 3,800 impacts per minute."})
    assert attribute_point("The tool runs at 3,100 rpm and 3,800 impacts per minute.", index, chunks, None)
    # a spec sheet: the label stands on the line above its value
    index = PageIndex({1: "Specifications\n\nRated power\n1500 W\n\nWeight\n12 kg\n\nNoise level\n68 dB"})
    assert attribute_point("The rated power is 1500 W.", index, chunks, None)
    assert attribute_point("The rated power is 12 W.", index, chunks, None) is None


def test_salient_sentences_are_real_sentences_from_their_pages():
    doc = manual_doc()
    texts = {p.number: p.text for p in doc.pages}
    picked = salient_sentences(PageIndex(texts), texts, 3)
    assert len(picked) == 3
    assert len({page for _, page in picked}) == 3  # spread over pages first
    for sentence, page in picked:
        assert sentence in texts[page]


def test_sentences_are_not_cut_at_initials_and_titles():
    text = "Minutes approved by the chair: M. Okafor. Dr. Ito and A. B. Smith left early. The meeting closed."
    assert split_sentences(text) == ["Minutes approved by the chair: M. Okafor.",
                                     "Dr. Ito and A. B. Smith left early.", "The meeting closed."]


def test_japanese_sentences_end_at_full_width_periods_and_quotations_stay_whole():
    assert split_sentences("部長は「来週までに確認します。」と述べた。次の議題に移った。") == \
        ["部長は「来週までに確認します。」と述べた。", "次の議題に移った。"]
    assert split_sentences("本装置は100Vで動作する．消費電力は最大380Wである．倍率は１．５倍．本当？！") == \
        ["本装置は100Vで動作する．", "消費電力は最大380Wである．", "倍率は１．５倍．", "本当？！"]
    text = ("KS-700 加湿器 技術資料\n\n"
            "本装置は定格電圧100Vで動作する．消費電力は強運転時に最大380Wである．給水タンクの容量は4.5リットルである．\n"
            "フィルターは2週間に一度，中性洗剤を薄めたぬるま湯で洗浄すること．交換用フィルターの型番はKS-F700である．\n")
    picked = [s for s, _ in salient_sentences(PageIndex({1: text}), {1: text}, 3)]
    assert len(picked) == 3 and all(s.endswith("．") and len(s) < 60 for s in picked)


def test_quoted_sentences_of_hard_wrapped_text_are_whole_sentences():
    import textwrap

    paragraphs = ["The ventilation unit must be inspected by a qualified technician once a year. During the "
                  "inspection the technician cleans the heat exchanger, replaces both filters and checks the "
                  "condensate drain for blockages.",
                  "The warranty covers parts and labour for five years from the date of installation, provided "
                  "that the yearly inspection has been carried out and recorded in the service log."]
    text = "HX-90 service notes\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)
    picked = [s for s, _ in salient_sentences(PageIndex({1: text}), {1: text}, 3)]
    assert picked and all(s[0].isupper() and s in " ".join(paragraphs) for s in picked)
    # review15 H4: a line wrapped before a date or a capital ("... if it is not granted by" / "15 December, the UK
    # variant ...") goes on too, so the sentence keeps its "not" and its "if"
    text = ("Open risks: the certification for the UK plug variant is still pending; if it is not granted by\n"
            "15 December, the UK variant will launch later than the EU variant. Marketing has been told.")
    index = PageIndex({1: text})
    whole = ("Open risks: the certification for the UK plug variant is still pending; if it is not granted by "
             "15 December, the UK variant will launch later than the EU variant.")
    assert index.faithful("The UK variant will launch later than the EU variant.") == whole
    assert index.faithful("If the certification is granted by 15 December, the UK variant will launch later than "
                          "the EU variant.") == whole


def test_quoted_sentences_lose_their_list_markers():
    texts = {1: "- The supply fan draws outdoor air through the filter before the heat exchanger.\n"
                "・ 加湿トレーと加湿フィルターは給水タンクの奥にあり、月に一度洗ってください。\n"
                "2. Service technicians clean the impellers with a soft brush every spring."}
    picked = [s for s, _ in salient_sentences(PageIndex(texts), texts, 3)]
    assert len(picked) == 3
    assert not any(s.startswith(("-", "・", "2.")) for s in picked)


def test_quotes_top_up_even_when_earlier_items_repeat_each_other():
    """review12 M1: a model key point that repeated its own summary sentence left 1 of 5 key points: the top-up
    asked whether dedupe(have + [s]) == have + [s], which never held once two items of `have` repeated each
    other."""
    texts = {1: "The winch lifts loads of up to 300 kg at 4 m per minute. Do not use the winch outdoors. "
                "Check the brake every month before use. The power cord must not be extended beyond 10 m. "
                "Store the winch in a dry room between 0 and 40 degrees."}
    avoid = ["Do not use the winch outdoors.", "Never use the winch outdoors."]
    picked = [s for s, _ in salient_sentences(PageIndex(texts), texts, 3, avoid)]
    assert len(picked) == 3 and "Do not use the winch outdoors." not in picked


def test_sentences_are_joined_by_the_language_of_the_text_not_the_output():
    assert join_sentences(["Two steps down from the main floor.", "Priya confirmed it."]) == \
        "Two steps down from the main floor. Priya confirmed it."
    assert join_sentences(["給水します。", "交換します。", "Then X."]) == "給水します。交換します。 Then X."
    # a Japanese sentence that opens with a number (review74 L3)
    assert join_sentences(["お知らせします。", "2026年11月20日に点検を行います。", "HX-40 is new."]) == \
        "お知らせします。2026年11月20日に点検を行います。 HX-40 is new."


def test_quoted_english_summary_for_japanese_output_keeps_its_spaces(tiny):
    model, tok = tiny  # random weights: the summary quotes the English document
    result = summarize_document(manual_doc(), model, tok, SummarizeOptions(language="ja", length="short",
                                                                           max_new_tokens=8), "t")
    assert result.summary and any("summary quotes" in w for w in result.warnings)
    assert not re.search(r"[.!?][A-Z]", result.summary)


# ---- generation helpers --------------------------------------------------------------------------------------


def test_repetition_guard_only_looks_at_generated_tokens():
    guard = GeneratedRepetitionGuard(prompt_len=4, ngram=3, penalty=1.0, exempt=frozenset({9}))
    scores = torch.zeros(1, 10)
    # Prompt [5, 6, 7, 5] then generated [5, 6, 7, 5, 6]: "5 6" was followed by 7 in the generated part.
    out = guard(torch.tensor([[5, 6, 7, 5, 5, 6, 7, 5, 6]]), scores.clone())
    assert out[0, 7] == -float("inf") and torch.isfinite(out[0, [0, 1, 2, 3, 4, 5, 6, 8, 9]]).all()
    # The same n-gram only in the prompt is free to be copied.
    out = guard(torch.tensor([[5, 6, 7, 5, 5, 6]]), scores.clone())
    assert torch.isfinite(out).all()
    # Exempt (letter-less) tokens may repeat, e.g. "\n- " down a list.
    out = guard(torch.tensor([[0, 0, 0, 0, 5, 6, 9, 5, 6]]), scores.clone())
    assert torch.isfinite(out[0, 9])


def test_options_are_validated():
    with pytest.raises(UsageError):
        SummarizeOptions(length="huge")
    with pytest.raises(UsageError):
        SummarizeOptions(mode="translate")
    with pytest.raises(UsageError):
        SummarizeOptions(language="Japanese please")
    assert SummarizeOptions(length="short", max_new_tokens=20).tokens("summary") == 20
    assert SummarizeOptions(length="long").tokens("summary") > SummarizeOptions(length="short").tokens("summary")


def test_prompt_language_follows_output_language():
    assert prompts.prompt_set("ja") is prompts.JAPANESE
    assert prompts.prompt_set("en") is prompts.ENGLISH
    assert "German" in prompts.prompt_set("de").language_line


# ---- plumbing on tiny random models ------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["llama", "qwen2"])
def tiny(request, tmp_path_factory):
    from docproc.models import load_model

    path = make_tiny_model_dir(tmp_path_factory.mktemp("tiny"), arch=request.param, max_position_embeddings=1024)
    model, tokenizer = load_model(str(path), device="cpu", attention="dense")
    return model, tokenizer


def record_prompts(monkeypatch):
    """Capture every prompt the summarizer sends (token count and text) without changing what it does."""
    seen = []
    original = Generator.__call__

    def spy(self, messages, max_new_tokens, prefill=""):
        gen = original(self, messages, max_new_tokens, prefill)
        seen.append({"messages": messages, "prompt_tokens": gen.prompt_tokens, "max_new_tokens": max_new_tokens})
        return gen

    monkeypatch.setattr(Generator, "__call__", spy)
    return seen


def test_tiny_model_single_pass(tiny, monkeypatch):
    model, tok = tiny
    seen = record_prompts(monkeypatch)
    doc = manual_doc()
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short", max_new_tokens=12), "tiny")
    assert result.stats.chunks == 1 and len(seen) == 2  # summary + key points
    assert result.stats.input_tokens == count_tokens(tok, "\n\n".join(MANUAL_PAGES))
    assert 0 < result.stats.output_tokens <= 24
    assert 0 < result.stats.prefill_seconds <= result.stats.seconds
    assert result.stats.model == "tiny" and result.stats.device == "cpu" and result.stats.attention == "dense"
    assert result.summary is not None and result.pages == [1, 2, 3, 4]
    # Random weights give gibberish: key points come from the text itself, and say so.
    assert result.key_points and all(set(p.pages) <= {1, 2, 3, 4} for p in result.key_points)
    assert any("quoted from the document" in w for w in result.warnings)
    for point in result.key_points:  # each quoted point cites the page it is on
        assert point.text in MANUAL_PAGES[point.pages[0] - 1]
    assert "Breeze 20" in seen[0]["messages"][1]["content"]  # the document is in the prompt
    # ... and so does the summary: the document's own most representative sentences, never gibberish.
    assert any("summary quotes the document" in w for w in result.warnings)
    assert result.summary and all(s in " ".join(MANUAL_PAGES) for s in re.split(r"(?<=\.) ", result.summary))


def test_tiny_model_map_reduce_within_context(tiny, monkeypatch):
    model, tok = tiny
    seen = record_prompts(monkeypatch)
    pages = [Page(i + 1, " ".join(f"Section {i}.{k}: the part number {i * 10 + k} is checked weekly by the "
                                  f"operator on duty." for k in range(12))) for i in range(8)]
    doc = Document("long.txt", pages, language="en", meta={"empty_pages": [9]})
    doc.pages.append(Page(9, ""))
    messages = []
    options = SummarizeOptions(length="short", max_new_tokens=16, progress=messages.append)
    result = summarize_document(doc, model, tok, options, "tiny")
    assert result.stats.chunks > 1
    parts = [m for m in messages if m.startswith("part ")]
    assert len(parts) == result.stats.chunks and "left" not in parts[0]
    assert all(re.search(r", about \d+(\.\d)? (s|min|h) left for the parts$", m) for m in parts[1:])  # an estimate
    assert any("map-reduce" in w for w in result.warnings)
    assert any("page 9" in w for w in result.warnings)
    for call in seen:  # no prompt ever overflows the model's context (1024 tokens)
        assert call["prompt_tokens"] + call["max_new_tokens"] <= 1024
    assert all(set(p.pages) <= set(range(1, 9)) for p in result.key_points)
    assert result.stats.input_tokens > 1024


def test_tiny_model_japanese_prompts_and_keypoints_mode(tiny, monkeypatch):
    model, tok = tiny
    seen = record_prompts(monkeypatch)
    result = summarize_document(ja_doc(), model, tok, SummarizeOptions(mode="keypoints", max_new_tokens=8), "tiny")
    assert result.summary is None and result.language == "ja"
    assert len(seen) == 1 and "箇条書き" in seen[0]["messages"][1]["content"]
    assert seen[0]["messages"][0]["content"] == prompts.JAPANESE.system
    # --language en on a Japanese document: English instructions.
    seen.clear()
    result = summarize_document(ja_doc(), model, tok, SummarizeOptions(language="en", max_new_tokens=8), "tiny")
    assert "Summarize" in seen[0]["messages"][1]["content"]
    # Random weights: the summary and key points are quoted from the Japanese text. Say so (the quotes, not the
    # model, are in Japanese), and record it.
    assert "the summary is not in English: it is quoted from the document, in its language (a multilingual " \
           "model writes its own: --model qwen2.5-1.5b)" in result.warnings
    assert any(w.startswith("the key points are not in English: ") and "of them are quoted from the document" in w
               for w in result.warnings)
    assert result.language == "en->ja"


def test_output_in_the_wrong_language_is_warned_about_and_recorded_both_ways(tiny, monkeypatch):
    model, tok = tiny
    scripted_model(monkeypatch, "フィルターの交換は六か月ごとに行ってください。", "- 本体は乾いた柔らかい布で拭いてください。")
    result = summarize_document(ja_doc(), model, tok, SummarizeOptions(language="en", length="short"), "t")
    assert any("did not write the summary in English" in w for w in result.warnings)
    assert any("did not write the key points in English" in w for w in result.warnings)
    assert result.language == "en->ja"
    scripted_model(monkeypatch, "The fan has three speed settings and a quiet night mode.",
                   "- Unplug the fan before cleaning it.")
    result = summarize_document(manual_doc(), model, tok, SummarizeOptions(language="ja", length="short"), "t")
    assert any("did not write the summary in Japanese" in w for w in result.warnings)
    assert result.language == "ja->en"
    scripted_model(monkeypatch, "The fan has three speed settings and a quiet night mode.",
                   "- Unplug the fan before cleaning it.")
    result = summarize_document(manual_doc(), model, tok, SummarizeOptions(language="en", length="short"), "t")
    assert result.language == "en" and not any("did not write" in w for w in result.warnings)


def scripted_model(monkeypatch, *texts):
    """The Generator answers each call with the next of `texts` (a model that says exactly this)."""
    answers = iter(texts)

    def fake(self, messages, max_new_tokens, prefill=""):
        return Generation(next(answers), 100, 10, 0.1, 0.05, True)

    monkeypatch.setattr(Generator, "__call__", fake)


def test_a_decision_or_part_of_a_group_comes_with_the_sentence_it_leans_on(tiny, monkeypatch):
    """review74 M2: a key point read "Rejected by 5 votes to 2." and a summary sentence "Two of them need new oars
    before 1 March 2027.", with nothing to say what was rejected or what "them" are. Such a sentence is quoted and
    kept only with the sentence before it; with no room for that one in the summary, it is left out."""
    model, tok = tiny
    fee = "The boat storage fee was raised from EUR 40 to EUR 55 per season."
    proposal = "Ms Okafor proposed raising the youth discount from 20% to 50%."
    boats, oars = "The club owns 12 boats.", "Two of them need new oars before 1 March 2027."
    meeting = "The board will meet again on 15 January 2027."
    text = (f"Harbour Rowing Club - Board Meeting, 3 November 2026\n\n{fee} Passed unanimously.\n"
            f"{proposal} Rejected by 5 votes to 2.\n{boats} {oars}\n{meeting}")
    doc = Document("board.txt", [Page(1, text)], language="en", meta={"empty_pages": []})
    scripted_model(monkeypatch, f"{oars} {meeting}", "- Rejected by 5 votes to 2.\n- Passed unanimously.\n- " + meeting)
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short"), "t")
    assert split_sentences(result.summary)[:3] == [boats, oars, meeting], result.summary
    points = [p.text for p in result.key_points]
    assert f"{proposal} Rejected by 5 votes to 2." in points and f"{fee} Passed unanimously." in points, points
    assert not any(p.startswith(("Rejected", "Passed")) for p in points), points
    index = PageIndex({1: text})
    assert f"{boats} {oars}" in index.quotable_sentences(1)
    assert all(not s.startswith(("Rejected", "Passed", "Two of")) for s, _ in salient_sentences(index, {1: text}, 5))
    assert with_antecedents([meeting, "Rejected by 5 votes to 2."], index, 2) == [meeting]
    assert with_antecedents(["Rejected by 5 votes to 2."], index, 2) == [proposal, "Rejected by 5 votes to 2."]
    ja = "理事会議事録\n理事長から、管理費を月額8,000円から9,000円に値上げする議案が提出された。否決された。\n次回は1月15日に開催する。"
    index = PageIndex({1: ja})
    assert "理事長から、管理費を月額8,000円から9,000円に値上げする議案が提出された。否決された。" in index.quotable_sentences(1)


def test_minutes_are_quoted_with_their_decisions_and_without_the_attendance_list():
    """review74 M2: the quoted summary of minutes opened with "Present: Anna Berg (chair), ...", quoted "The request
    was rejected because ..." without the request, and left out the fee rise that "After discussion the committee
    agreed." approved in the next sentence (a proposal is quoted only with its outcome)."""
    proposal = "The treasurer proposed raising the annual plot fee from EUR 35 to EUR 42."
    request = "Members asked for a second compost bay."
    text = ("Riverside Allotment Society - Committee Meeting Minutes\n"
            "Date: 14 October 2026. Present: Anna Berg (chair), Tom Hale (treasurer), Priya Nair (secretary), 6 "
            "members.\n\n"
            f"1. Annual fee. {proposal} After discussion the committee agreed. The new fee applies from 1 January "
            "2027.\n\n"
            "2. Water supply. The main tap near plot 17 leaks. Tom Hale will get two quotes by 30 October.\n\n"
            f"3. Compost area. {request} The request was rejected because the site lease forbids new structures.\n\n"
            "4. Next meeting. The next committee meeting will be held on 9 December 2026 at 19:00 in the clubhouse.")
    index = PageIndex({1: text})
    quotes = [q for q, _ in salient_sentences(index, {1: text}, 5)]
    assert f"{proposal} After discussion the committee agreed." in quotes, quotes
    assert f"{request} The request was rejected because the site lease forbids new structures." in quotes, quotes
    assert not any(q.startswith(("Present", "The request", "After discussion")) for q in quotes), quotes
    ja = "総会議事録\n出席者：山田、佐藤、鈴木\n理事長から、管理費を月額8,000円から9,000円に値上げする議案が提出された。同議案は可決された。"
    index = PageIndex({1: ja})
    assert [q for q, _ in salient_sentences(index, {1: ja}, 3)] == [
        "理事長から、管理費を月額8,000円から9,000円に値上げする議案が提出された。同議案は可決された。"]


def test_a_notice_is_quoted_with_its_limits_before_its_greeting():
    """review74 M3: a water-cut notice's 「なお、点検は雨天でも実施します。ただし、…最大2時間延長されることがあります。」 was
    never quoted (なお was read as leaning on the sentence before) while the greeting 「…お知らせします。」 was."""
    limit = "なお、点検は雨天でも実施します。ただし、機器の故障が見つかった場合は、断水時間が最大2時間延長されることがあります。"
    text = ("お知らせ：マンション給水設備点検について\n\n管理組合より居住者の皆様へお知らせします。\n"
            "2026年11月20日（金）の午前9時から午後3時まで、給水設備の定期点検を行います。\n"
            f"点検中は全戸で断水となります。事前に飲料水をご用意ください。\n{limit}\n"
            "ご不明な点は管理事務所（内線100）までお問い合わせください。")
    quotes = [q for q, _ in salient_sentences(PageIndex({1: text}), {1: text}, 4)]
    assert limit in quotes and "管理組合より居住者の皆様へお知らせします。" not in quotes, quotes


def test_decisions_join_what_they_decide_only_and_notices_keep_their_news():
    """review77: only a vote may follow a bare decision ("The board agreed by 7 votes to 2 to close ..." decides
    itself: R2); it joins what it decides, past who moved and seconded it (G6), never a heading or an unrelated
    sentence (R3); Japanese and English outcomes in their common forms (G1, G2); a group named in the line before
    (G3); a greeting that tells the news is no greeting (R1)."""
    from docproc.text import is_bare_outcome

    for outcome in ("Motion carried.", "Carried 7-0.", "The motion fell.", "It was agreed.", "So agreed.",
                    "Approved as amended.", "全会一致で可決された。", "異議なく承認された。", "継続審議となった。", "見送られた。"):
        assert is_bare_outcome(outcome), outcome
    for sentence in ("The board agreed by 7 votes to 2 to close the Elm Street branch on Sundays.",
                     "Approved by the board on 3 March 2026, this policy applies to all staff.", "予算案は承認された。"):
        assert not is_bare_outcome(sentence), sentence
    text = ("Annual General Meeting, 5 May 2026\n\nItem 2: Water charges\n"
            "Motion: that the annual water charge per plot be raised from GBP 18 to GBP 22.\n"
            "Proposed: M. Reid. Seconded: K. Shah.\nCarried.\n\nItem 5: New Shed\nApproved.\n\n"
            "The chair thanked Jane Cole for ten years as secretary.\nAccepted with thanks.")
    quotable = PageIndex({1: text}).quotable_sentences(1)
    assert ("Motion: that the annual water charge per plot be raised from GBP 18 to GBP 22. Proposed: M. Reid. "
            "Seconded: K. Shah. Carried.") in quotable, quotable
    assert "Item 5: New Shed" in quotable and "The chair thanked Jane Cole for ten years as secretary." in quotable
    quotes = [q for q, _ in salient_sentences(PageIndex({1: text}), {1: text}, 5)]
    assert not any(q in ("Approved.", "Accepted with thanks.") for q in quotes), quotes
    ja = "お知らせ\n当マンションには受水槽が2基あります。\nそのうち1基は今回の点検で清掃します。"
    assert "当マンションには受水槽が2基あります。そのうち1基は今回の点検で清掃します。" in PageIndex({1: ja}).quotable_sentences(1)
    news = "Dear residents, the lift in Block A will be out of service from 3 to 7 June 2026 for replacement."
    notice = f"Lift works\n\n{news}\nPlease use the lift in Block B.\nThank you for your patience."
    assert [q for q, _ in salient_sentences(PageIndex({1: notice}), {1: notice}, 1)] == [news]


def test_a_decision_joins_a_motion_moved_in_its_own_words_and_never_what_someone_said():
    """review78: "Moved by Ms Lee, seconded by Mr Park, that ..." is the motion, not a mover's label (R2); "She said
    it will attract more families." is no proposal a vote decides (R3); "The proposal was approved, and volunteers
    will rebuild the bays on 6 June 2026." says something of its own and stays (R4); a key point "Carried
    unanimously." in one-sentence-a-line minutes takes the motion in the line before (G3)."""
    from docproc.quotes import standing_alone
    from docproc.text import is_bare_outcome

    motion = "Moved by Ms Lee, seconded by Mr Park, that the annual fee be raised from GBP 120 to GBP 135."
    said = "She said it will attract more families to the club."
    text = (f"Minutes\n\nThe treasurer said the club will need a new safety boat engine within two years.\n{motion}\n"
            f"Carried (18-5).\n\nMs Khan proposed a family membership.\n{said}\nRejected by 5 votes to 2.\n\n"
            "Members discussed the compost bays.\nThe proposal was approved, and volunteers will rebuild the bays "
            "on 6 June 2026.")
    index = PageIndex({1: text})
    quotable = index.quotable_sentences(1)
    assert f"{motion} Carried (18-5)." in quotable and said in quotable, quotable
    assert not any("Rejected" in q for q in quotable if q != "Rejected by 5 votes to 2."), quotable
    assert standing_alone("Carried (18-5).", index) == f"{motion} Carried (18-5)."
    assert standing_alone("Rejected by 5 votes to 2.", index) is None
    kept = "The proposal was approved, and volunteers will rebuild the bays on 6 June 2026."
    assert standing_alone(kept, index) == kept
    for outcome in ("提案どおり否決された。", "反対多数で否決された。", "賛成多数により可決された。", "原案のとおり承認された。",
                    "審議の結果、承認された。", "全員了承。", "Agreed by all."):
        assert is_bare_outcome(outcome), outcome


def test_review79_decisions_the_summary_already_leads_to_long_joins_and_signs():
    """review79: the model's "It was rejected." after its own sentence of the proposal stays (R1); a proposal too long
    to quote with its outcome is quoted alone (R2); a request about the vote itself is no motion (R3); 「なお、この…」
    leans on the sentence before (R4); "Two of them" needs a group before it (R5); a sign is no title (R6); a greeting
    is never quoted (G5)."""
    from docproc.quotes import LEANS_BACK

    proposal = "Ms Okafor proposed raising the youth discount from 20% to 50%."
    index = PageIndex({1: f"Minutes\n\n{proposal}\nShe said it would bring in families.\nRejected by 5 votes to 2."})
    assert with_antecedents([proposal, "It was rejected."], index, 2) == [proposal, "It was rejected."]
    assert with_antecedents(["The club will meet in May.", "It was rejected."], index, 3) == [
        "The club will meet in May."]
    long_proposal = "理事長より、" + "給水設備の更新工事を実施すること、" * 8 + "その費用を修繕積立金から支出することが提案された。"
    text = f"議事録\n{long_proposal}\n賛成多数で可決された。"
    assert long_proposal in PageIndex({1: text}).quotable_sentences(1)
    ballot = "Cllr Evans asked for the item to be voted on by secret ballot."
    minutes = f"Minutes\n\nThe play area needs a new climbing frame.\n{ballot}\nCarried."
    quotable = PageIndex({1: minutes}).quotable_sentences(1)
    assert ballot in quotable and not any(q.endswith(" Carried.") for q in quotable), quotable
    assert LEANS_BACK.match("なお、この期間中は階段をご利用ください。")
    roof = "The boathouse roof was repaired in May."
    assert roof in PageIndex({1: f"Report\n\n{roof} Two of them need new sails."}).quotable_sentences(1)
    assert not PageIndex({1: "No Smoking. Smoking is not allowed anywhere in the building."}).is_heading("No Smoking.")
    notice = "お知らせ\nいつも大変お世話になっております。\n6月10日は終日断水となります。"
    assert [q for q, _ in salient_sentences(PageIndex({1: notice}), {1: notice}, 3)] == ["6月10日は終日断水となります。"]


def test_review80_role_labels_counts_of_things_and_one_outcome_a_motion():
    """review80: 「議長：…」 lines of what was said are quoted, a label with a name is not (R1); "Two of them" needs a
    count of things before it, not of votes or money (R2); 「そのうち新しい…」 ("one day") leans on nothing (R3);
    「なお、期間中は…」 leans (R4); "Omar Said proposed ..." is no report of what was said (R5); a second outcome is
    not chained onto a decided amendment (R6); a headline is no title (R7); a greeting is no summary sentence (G2)."""
    from docproc.quotes import LEANS_BACK, _lists_attendance, is_greeting
    from docproc.text import decides_on, is_bare_outcome, names_a_group, names_a_group_before

    assert _lists_attendance("Clerk: Mrs L. Green.") and _lists_attendance("記録：小林")
    assert not _lists_attendance("議長：それでは本議案について採決を行います。")
    assert not _lists_attendance("Chair: the chair announced that the hall fee rises to GBP 30 from May.")
    assert names_a_group("31 people are waiting.") and names_a_group("町内の世帯数は約450世帯です。")
    assert not names_a_group("P. Okoye was elected chair with 22 votes.")
    assert not names_a_group("The boathouse roof was repaired for GBP 3,200.")
    assert not names_a_group_before("そのうち新しい掲示板を設置する予定である。")
    assert names_a_group_before("このうち約2割が高齢者のみの世帯です。")
    assert LEANS_BACK.match("なお、期間中は階段をご利用ください。")
    assert decides_on("Omar Said proposed an entry fee of EUR 15 per crew.")
    assert is_bare_outcome("Deferred to the March meeting.") and is_bare_outcome("Elected unopposed.")
    amendment = "Cllr Bell proposed an amendment that the charge be raised to GBP 1.20 only."
    quotable = PageIndex({1: f"Minutes\n\n{amendment}\nThe amendment was lost.\nThe motion was carried by 6 votes "
                             "to 3."}).quotable_sentences(1)
    assert f"{amendment} The amendment was lost." in quotable, quotable
    assert not PageIndex({1: "Fees Rise In April. The annual fee goes up to GBP 30."}).is_heading("Fees Rise In April.")
    assert is_greeting("会員の皆様へお知らせします。") and is_greeting("ご理解とご協力をお願いいたします。")
    assert is_greeting("工事期間中はご理解とご協力お願いいたします。")  # (review81: without を)


def test_review81_the_chairs_call_to_vote_is_passed_over():
    """review81 R1: 「全会一致で可決された。」 was joined to the chair's call to vote, not to the proposal before it;
    「賛成5、反対2で可決された。」 is a bare decision too."""
    from docproc.text import is_bare_outcome

    proposal = "議長より、植栽剪定の委託先を株式会社みどり園に変更する案が諮られた。"
    text = f"理事会議事録\n\n第1号議案 植栽剪定業者の変更について\n{proposal}\n議長：本議案について採決を行います。\n全会一致で可決された。"
    assert f"{proposal}議長：本議案について採決を行います。全会一致で可決された。" in PageIndex({1: text}).quotable_sentences(1)
    assert is_bare_outcome("賛成5、反対2で可決された。")


def test_a_summary_sentence_that_points_back_brings_the_sentence_it_points_at(tiny, monkeypatch):
    """review34 F9: the summary of a notice was "Badge access is suspended during that time, except for the on-call
    engineer." alone: the date and hours "that time" is were in the sentence before it, left out."""
    model, tok = tiny
    closed = "The server room will be closed on 3 December 2026 from 08:00 to 12:00."
    badge = "Badge access is suspended during that time, except for the on-call engineer."
    text = (f"Facilities notice for the second floor of the Harbour Street office.\n{closed} {badge}\n"
            "The fire doors on the second floor are tested every Monday at 07:30 by the facilities team.\n"
            "Questions about the closure go to the facilities desk on extension 4410 during office hours.")
    doc = Document("notice.txt", [Page(1, text)], language="en", meta={"empty_pages": []})
    for summary, length in ((badge, "short"), (f"{badge} The fire doors on the second floor are tested every "
                                               "Monday at 07:30 by the facilities team.", "short")):
        scripted_model(monkeypatch, summary, "- " + badge)
        result = summarize_document(doc, model, tok, SummarizeOptions(length=length), "t")
        sentences = split_sentences(result.summary)
        assert sentences[:2] == [closed, badge], result.summary
        assert len(sentences) <= 3
    # review42 F6: no sentence of the summary's own is pushed out for one; none is brought that itself points
    # back; "for those days" points inside its own sentence
    index = PageIndex({1: text})
    fire = "The fire doors on the second floor are tested every Monday at 07:30 by the facilities team."
    assert with_antecedents([fire, badge], index, 2) == [fire, badge]
    assert with_antecedents([closed, badge], index, 3) == [closed, badge]
    remote = "Since then, employees may work remotely up to 3 days a week."
    share = "At that time, about 40% of staff already worked partly from home."
    holidays = "Employees who work on public holidays receive double pay for those days."
    index = PageIndex({1: f"Revenue grew by 12% in 2025. {remote} {share}\n"
                          f"The company has 1,200 employees. {holidays}"})
    assert with_antecedents([share], index, 3) == [share]
    assert with_antecedents([holidays], index, 3) == [holidays]


def test_a_heading_or_the_title_is_no_key_point(tiny, monkeypatch):
    """review34 F4: "Proposal to purchase a commercial observability platform" (a 7-word Markdown heading of a
    proposal the meeting rejected) was printed as a key point; F5: the title of Japanese minutes too."""
    model, tok = tiny
    text = ("# Infrastructure committee minutes\n\n## 4. Proposal to purchase a commercial observability platform\n\n"
            "The committee did not approve the purchase of the observability platform.\n"
            "The committee approved adding four nodes to the billing cluster.")
    doc = Document("minutes.md", [Page(1, text)], language="en", meta={"empty_pages": []})
    scripted_model(monkeypatch, "- Proposal to purchase a commercial observability platform\n"
                                "- The committee approved adding four nodes to the billing cluster.")
    result = summarize_document(doc, model, tok, SummarizeOptions(mode="keypoints", length="short"), "t")
    texts = [p.text for p in result.key_points]
    assert "Proposal to purchase a commercial observability platform" not in texts, texts
    # a heading that states a fact is one (review36 F4)
    index = PageIndex({1: "## Decision: the Acme support contract is renewed for 2 years\n\n## 3 Tablets daily\n\nText."})
    assert not index.is_heading("Decision: the Acme support contract is renewed for 2 years")
    assert not index.is_heading("3 Tablets daily")
    assert "The committee approved adding four nodes to the billing cluster." in texts
    # review41 F12: a year or a code (FY2026, Q3) states nothing, nor does the "-ed" adjective that opens a title;
    # a text file's numbered section title over its paragraph is a heading, a numbered list's item is not
    index = PageIndex({1: "## 1. Budget summary for FY2026\n\nThe budget is EUR 4,000.\n\n## Results of the Q3 "
                          "survey\n\n## Detailed findings\n\nWe surveyed 40 people.",
                       2: "Finance Committee Minutes\n1. Budget summary for the first half of FY2026\nThe Treasurer "
                          "presented the figures. The budget is EUR 480,000.\n2. Steps\n1. Turn off the power\n"
                          "2. Open the cover\n3. Next meeting\n\nThe next meeting will be held on 9 December 2026."})
    for heading in ("Budget summary for FY2026", "Results of the Q3 survey", "Detailed findings",
                    "Budget summary for the first half of FY2026", "Next meeting"):
        assert index.is_heading(heading), heading
    assert not index.is_heading("Turn off the power") and not index.is_heading("Steps")
    # a manual's steps and a meeting's decisions over their explanation (review42 F3, review43 R6, review44 N4),
    # release notes' "Fixed ..." and headings that state a quarter or a decision (review42 F4, review43 R7,
    # review44 N5) state something; a title has a blank line or a paragraph after it
    index = PageIndex({1: "Water filter manual\n1. Purpose\n\nThis procedure describes how filters are changed.\n"
                          "2. Never install the filter on the hot water line\nHot water damages the membrane.\n"
                          "3. Rejected the proposal to switch suppliers\nThe quotes were too high.\n"
                          "4. Rinse the filter housing with cold water\nDo not use hot water.\n"
                          "5. Wear gloves and goggles\nBlood samples can carry infections.\n"
                          "6. Budget approved\nThe safety budget for 2027 is EUR 18,000.\n"
                          "## Fixed data loss on shutdown\n\nText.\n\n## Support ends 2027\n\nText.\n\n"
                          "## Office closes in Q1\n\nText.\n\n## Requires iOS17\n\nText.\n\n"
                          "## Contract renewed\n\nText."})
    assert index.is_heading("Purpose")
    for point in ("Never install the filter on the hot water line", "Rejected the proposal to switch suppliers",
                  "Rinse the filter housing with cold water", "Wear gloves and goggles", "Budget approved",
                  "Fixed data loss on shutdown", "Support ends 2027", "Office closes in Q1", "Requires iOS17",
                  "Contract renewed"):
        assert not index.is_heading(point), point
    # review46 F3: bare section numbers after Markdown's # (copied or not, review47 M5), a product code or the year
    # the document's title is about, and a title the model ends with a full stop; in a summary such a "sentence"
    # is dropped too. A section heading with a code or a year may state a fact (review47 R1).
    spec = ("# TPS-4820 Synchronous Buck Converter — Datasheet Excerpt\n\n## 1 Overview\n\nText.\n\n"
            "## 2 Electrical Characteristics\n\nThe switching frequency is fixed at 600 kHz. The output current must "
            "be derated to 3.5 A at 60 °C ambient.\n\n## 3 Council approves budget for 2026\n\nText.\n\n"
            "## 4 BX-200 ferry replaces BX-100\n\nText.")
    index = PageIndex({1: spec})
    for heading in ("TPS-4820 Synchronous Buck Converter — Datasheet Excerpt", "Electrical Characteristics",
                    "Electrical characteristics.", "2 Electrical Characteristics", "Overview."):
        assert index.is_heading(heading), heading
    for fact in ("Council approves budget for 2026.", "BX-200 ferry replaces BX-100"):
        assert not index.is_heading(fact), fact
    # the document's title: its one product code is its name; two codes, or a year, may tell a fact (review48 F4);
    # a bare number before a one-letter unit is a quantity, not a section number (review48 F6)
    for first_line in ("Council approves budget for 2026", "TPS-4820 replaces TPS-4410",
                       "HX-20 ships with longer warranty"):  # (a headline, not a name in Title Case: review49 R3)
        assert not PageIndex({1: f"{first_line}\n\nThe report was approved."}).is_heading(first_line), first_line
    assert not PageIndex({1: spec + "\n\n## 5 12 V Operation\n\n## 12 V Operation\n\nText."}).is_heading("V Operation")
    scripted_model(monkeypatch, "Electrical Characteristics. The switching frequency is fixed at 600 kHz. The "
                                "output current must be derated to 3.5 A at 60 °C ambient.",
                   "- The switching frequency is fixed at 600 kHz.")
    result = summarize_document(Document("spec.md", [Page(1, spec)], language="en", meta={"empty_pages": []}),
                                model, tok, SummarizeOptions(mode="summarize", length="short"), "t")
    assert result.summary.startswith("The switching frequency is fixed at 600 kHz."), result.summary
    assert not [w for w in result.warnings if "summary sentence" in w], result.warnings  # no misquote (review48 F10)
    # the title, then a sentence that names it: the sentence stays (the repeat filter kept the title, review49 R4)
    about = "The TPS-4820 is a synchronous buck converter for industrial 24 V rails."
    scripted_model(monkeypatch, f"TPS-4820 Synchronous Buck Converter. {about}",
                   "- The switching frequency is fixed at 600 kHz.")
    titled = spec.replace(" — Datasheet Excerpt", "").replace("Text.", about, 1)
    result = summarize_document(Document("spec.md", [Page(1, titled)], language="en", meta={"empty_pages": []}),
                                model, tok, SummarizeOptions(mode="summarize", length="short"), "t")
    assert result.summary == about, result.summary
    ja = Document("gijiroku.txt", [Page(1, "第12回 システム刷新プロジェクト定例会議 議事録\n\n本番移行日は2027年1月9日とする。\n"
                                           "帳票出力機能の追加開発は否決。")], language="ja", meta={"empty_pages": []})
    scripted_model(monkeypatch, "- 第12回 システム刷新プロジェクト定例会議議事録\n- 本番移行日は2027年1月9日とする。")
    result = summarize_document(ja, model, tok, SummarizeOptions(mode="keypoints", length="short"), "t")
    assert not [p.text for p in result.key_points if "議事録" in p.text], result.key_points


def test_two_misquotes_of_one_sentence_are_said_once(tiny, monkeypatch):
    """review37 F4b: two model sentences that misquoted one document sentence were both replaced by it, and
    the summary printed it twice."""
    model, tok = tiny
    rule = "Only a qualified electrician may connect the pump to a 400 V supply."
    doc = Document("m.txt", [Page(1, f"{rule} The pump moves clean water up to 40 °C.")], language="en",
                   meta={"empty_pages": []})
    scripted_model(monkeypatch, "Only a qualified electrician may connect the pump to a 230 V supply. "
                                "Any electrician may connect the pump to a 400 V supply.", "- " + rule)
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short"), "t")
    assert result.summary.count(rule) == 1, result.summary
    assert not any("does not support" in w for w in result.warnings), result.warnings


def test_keypoints_mode_does_not_report_zero_dropped_summary_sentences(tiny, monkeypatch):
    model, tok = tiny
    scripted_model(monkeypatch, "Wipe the blades with a damp cloth once a month.\n"
                                "- Quantum routers accelerate blockchain synergy for every home owner.")
    result = summarize_document(manual_doc(), model, tok, SummarizeOptions(mode="keypoints", length="short"), "t")
    assert "dropped 1 key point that the document does not support" in result.warnings
    assert not any("summary sentence" in w for w in result.warnings)


def test_very_short_document_is_quoted_whole_when_the_summary_is_unusable(tiny):
    model, tok = tiny  # random weights: the model's summary is never usable
    doc = Document("tiny.txt", [Page(1, "Hello.")], language="en", meta={"empty_pages": []})
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short", max_new_tokens=8), "tiny")
    assert result.summary == "Hello."
    assert any("so short that the summary quotes all of it" in w for w in result.warnings)
    assert not any("representative sentences" in w for w in result.warnings)


def test_a_quoted_summary_is_longer_when_a_long_one_is_asked_for(tiny, monkeypatch):
    """review23 F5: `--length long` gave the same 3 quoted sentences as medium when the model's summary was unusable."""
    model, tok = tiny
    pages = [Page(1, " ".join(f"Pump {n} delivers {10 + n} litres per minute at a pressure of {n} bar in service."
                              for n in range(1, 13)))]
    doc = Document("pumps.txt", pages, language="en", meta={"empty_pages": []})
    sizes = {}
    for length in ("medium", "long"):
        scripted_model(monkeypatch, *["The document describes the document."] * 4)
        result = summarize_document(doc, model, tok, SummarizeOptions(length=length), "t")
        assert any("representative sentences" in w for w in result.warnings)
        sizes[length] = len(split_sentences(result.summary))
        # said in the stats too, for `bench report` (review35 F1): these quotes do not depend on the attention
        assert result.stats.summary_quoted and result.stats.key_points_quoted == len(result.key_points) > 0
    assert sizes == {"medium": 3, "long": 6}


def test_a_lone_model_sentence_on_a_long_japanese_document_is_followed_by_quotes_too(tiny, monkeypatch):
    """review29 F12: the top-up counted characters, so a 4-page Japanese regulation (1,751 characters, as much as
    ~4,400 of English) kept its one sentence."""
    model, tok = tiny
    rule = "出張の申請は、出発の7日前までに所属長へ提出しなければならない。"
    facts = [f"第{n}条 国内出張の日当は、1日につき{1000 + 100 * n}円とし、宿泊を伴う場合は{n}千円を加算する。"
             for n in range(1, 41)]
    pages = [Page(p + 1, rule * (p == 0) + "\n".join(facts[10 * p: 10 * p + 10])) for p in range(4)]
    doc = Document("kitei.txt", pages, language="ja", meta={"empty_pages": []})
    assert 1200 < sum(len(p.text) for p in doc.pages) < 2000
    scripted_model(monkeypatch, *[rule] * 12)
    result = summarize_document(doc, model, tok, SummarizeOptions(length="medium"), "qwen2.5-1.5b")
    assert result.summary.startswith(rule) and len(result.summary) > len(rule), result.summary


def test_a_lone_model_sentence_on_a_long_document_is_followed_by_quotes(tiny, monkeypatch):
    """review27 F7: a 5-page changelog was summed up by the one sentence of the model's that survived, its contact
    address. On a long document the most representative sentences follow a lone sentence, and a warning says so;
    a short document keeps its one sentence."""
    model, tok = tiny
    contact = "Questions about these notes go to the platform team at platform-team@example.org."
    facts = [f"Version 4.{n}.0 raised the default batch size to {100 * n} messages per request." for n in range(1, 9)]
    pages = [Page(1, " ".join(facts[:4]) * 5), Page(2, " ".join(facts[4:]) * 5 + " " + contact)]
    long_doc = Document("notes.txt", pages, language="en", meta={"empty_pages": []})
    short_doc = Document("note.txt", [Page(1, facts[0] + " " + contact)], language="en", meta={"empty_pages": []})
    for doc, topped in ((long_doc, True), (short_doc, False)):
        scripted_model(monkeypatch, *[contact] * 12)
        result = summarize_document(doc, model, tok, SummarizeOptions(length="medium"), "t")
        sentences = split_sentences(result.summary)
        assert sentences[0] == contact
        assert len(sentences) == (3 if topped else 1), result.summary
        assert any("had one usable sentence; 2 sentences of the document's most representative follow it" in w
                   for w in result.warnings) == topped


def test_an_english_model_on_a_japanese_document_says_so(tiny, monkeypatch):
    """review27 F1: the default model (English only) gave a Japanese regulation a fragment for a summary, and no
    warning said the model cannot write Japanese."""
    model, tok = tiny
    # (review34 F6: asked for English, the model still reads the Japanese document)
    for doc, name, language, warned in ((ja_doc(), "smollm2-135m", "auto", True),
                                        (ja_doc(), "smollm2-135m", "en", True),
                                        (manual_doc(), "smollm2-135m", "auto", False),
                                        (ja_doc(), "qwen2.5-1.5b", "en", False)):
        scripted_model(monkeypatch, *["フィルターの交換は六か月ごとに行ってください。"] * 4)
        result = summarize_document(doc, model, tok, SummarizeOptions(length="short", language=language), name)
        said = [w for w in result.warnings if "is not a Japanese model (en only)" in w]
        assert bool(said) == warned, (name, result.warnings)
        assert not said or ("reads this Japanese document poorly" in said[0]) == (language == "en"), said
        # review29 F8, F12: a "+26" list covers more than it names, en-GB is English, and no run is told to use
        # the model it ran
        assert not any("--model " + name in w for w in result.warnings), result.warnings
    german = Document("de.txt", [Page(1, "Der Filter muss alle sechs Monate gewechselt werden.")], language="de",
                      meta={"empty_pages": []})
    for doc, language in ((german, "auto"), (manual_doc(), "en-GB")):
        scripted_model(monkeypatch, *["Der Filter muss alle sechs Monate gewechselt werden."] * 4)
        result = summarize_document(doc, model, tok, SummarizeOptions(length="short", language=language),
                                    "qwen2.5-1.5b" if doc is german else "smollm2-135m")
        assert not any("is not a" in w for w in result.warnings), result.warnings


def test_spec_sheet_without_sentences_gets_no_summary_and_says_so(tiny):
    model, tok = tiny
    rows = "\n".join(f"Model HX{n}  Airflow {40 * n} m3/h  Weight {n + 30} kg" for n in range(1, 20))
    doc = Document("specs.txt", [Page(1, rows)], language="en", meta={"empty_pages": []})
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short", max_new_tokens=8), "tiny")
    assert not result.summary
    assert any("no summary was made" in w for w in result.warnings)
    assert not any("the summary quotes" in w for w in result.warnings)


def test_corrupt_pages_are_reported_as_corrupt_not_as_scans(tiny):
    model, tok = tiny
    pages = [Page(1, "The pump is checked weekly by the operator on duty."), Page(2, ""), Page(3, "")]
    doc = Document("c.pdf", pages, language="en", meta={"empty_pages": [2, 3], "unreadable_pages": [3]})
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short", max_new_tokens=8), "tiny")
    assert "page 2 has no extractable text (scanned images?) and was not summarized" in result.warnings
    assert "page 3 is corrupt, could not be read and was not summarized" in result.warnings
    assert not any("page 3" in w and "scanned" in w for w in result.warnings)


def test_document_without_text_is_an_input_error(tiny):
    model, tok = tiny
    doc = Document("scan.pdf", [Page(1, ""), Page(2, "")], meta={"empty_pages": [1, 2]})
    with pytest.raises(InputError) as info:
        summarize_document(doc, model, tok, SummarizeOptions(), "tiny")
    assert "scan.pdf" in info.value.one_line() and "OCR" in info.value.one_line()


# ---- end to end with the real SmolLM2 weights ----------------------------------------------------------------


@pytest.fixture(scope="module")
def smollm2():
    from docproc.models import load_model

    return load_model("smollm2-135m", device="cpu", attention="dense")


MINUTES = (
    "Minutes of the garden committee, 3 May. Present: Ana, Ben and Chloe. "
    "The committee agreed to buy two new rain barrels for the vegetable beds. "
    "Ben will repair the broken gate before the open day on 18 May. "
    "The water bill rose by 40 percent, so the sprinklers will run only in the early morning. "
    "The next meeting is on 7 June."
)


@pytest.mark.slow
def test_smollm2_short_document_single_pass(smollm2):
    model, tok = smollm2
    doc = Document("garden.txt", [Page(1, MINUTES)], title="Garden committee", language="en")
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short", max_new_tokens=48),
                                "smollm2-135m")
    assert result.stats.chunks == 1 and result.stats.output_tokens > 0
    assert result.summary, result.warnings
    # Faithful: the summary uses the document's words and only its numbers.
    summary_terms = set(terms(result.summary))
    assert len(summary_terms & set(terms(MINUTES))) >= 0.6 * len(summary_terms)
    assert set(re.findall(r"\d+", result.summary)) <= set(re.findall(r"\d+", MINUTES))
    assert result.key_points and all(p.pages == [1] for p in result.key_points)


@pytest.mark.slow
def test_smollm2_map_reduce_cites_real_pages(smollm2):
    model, tok = smollm2
    doc = manual_doc()
    result = summarize_document(doc, model, tok,
                                SummarizeOptions(mode="keypoints", length="short", max_new_tokens=40,
                                                 chunk_tokens=64), "smollm2-135m")
    assert result.stats.chunks >= 2
    assert any("map-reduce" in w for w in result.warnings)
    index = PageIndex({p.number: p.text for p in doc.pages})
    assert result.key_points
    for point in result.key_points:
        assert set(point.pages) <= {1, 2, 3, 4}
        # Each cited page really supports its point.
        assert index.coverage(set(terms(point.text)), point.pages) >= 0.5, point


def test_a_title_written_as_a_sentence_is_no_summary_sentence_nor_key_point():
    """review74 M1: the whole summary of a two-page report was "Pump Station Report.", the title its PDF text opens
    with as a sentence, and no warning said it was unusable. Title Case words without a verb, or 「…のお知らせ。」,
    that open the document's text are its title; a headline or an instruction states something (review77 R4,
    review78 R5)."""
    from docproc.model_output import is_title_fragment

    for text, title in (("Pump Station Report. Page one. The pump P-3 delivers 42 litres per minute at 3.5 bar.",
                         "Pump Station Report."),
                        ("給水設備点検のお知らせ。断水は午前9時から正午までです。", "給水設備点検のお知らせ。")):
        index = PageIndex({1: text, 2: "Club News. Board Approves New Budget. Sarah Lee Elected Chair."})
        assert is_title_fragment(title) and index.is_heading(title), title
        for headline in ("Club News.", "Board Approves New Budget.", "Sarah Lee Elected Chair."):
            assert not index.is_heading(headline), headline
    index = PageIndex({1: "Keep Away From Children. Store the kettle in a dry place."})
    assert not index.is_heading("Keep Away From Children.")
    for sentence in ("The Pump Is New.", "Library opening hours close at 20:00.", "The HX-40 has two fans."):
        assert not is_title_fragment(sentence), sentence


def test_points_about_the_document_itself_and_copied_section_titles_are_dropped():
    raw = ("- 6.4 Recording the settings\n- 6.5 Setting the airflow to the control panel\n"
           "- 7 Setting the airflow for the control board\n- 3 filters must be replaced every year.\n"
           "- 4 Recording the settings 6.\n- 5: Setting the airflows 6.\n- 6 Setting the airflow to the control board 6.\n"
           "- The document contains important information about the document.\n"
           "- It is written in a clear and concise manner.\n"
           "- The document is intentionally left blank.\n"
           "- The filter must be changed every 3 months.")
    assert parse_points(raw, finished=True) == ["3 filters must be replaced every year.",
                                                "The filter must be changed every 3 months."]
    # short facts that end in a number are no contents lines (review51 F6, review54 P3)
    facts = ["Tickets cost EUR 12.", "Admission is USD 15.", "The club was founded in 1998.",
             "The new library opens in 2027.", "The room seats 40.", "3 members joined in 2024."]
    assert parse_points("".join(f"- {fact}\n" for fact in facts), finished=True) == facts
    assert parse_points("- Troubleshooting 45\n- Costs and fees 12\n- 2.1 Opening hours 7.", finished=True) == []
    # ... while contents entries whose titles hold a verb are still contents lines (review55 F6)
    assert parse_points("- 3 If the unit does not start 9\n- How long the filter lasts 20\n- Where the unit should "
                        "stand 4\n- Parts that are sold separately 18\n", finished=True) == []
    # ... but a comma or a colon makes a sentence of it (review56 N5), in a line that ends with a full stop (review57 R7)
    facts = ["When the centre is full, the overflow room seats 30.",
             "The boathouse, which was rebuilt last year, now holds 24.", "Why it matters: the hall holds 200."]
    assert parse_points("".join(f"- {fact}\n" for fact in facts), finished=True) == facts
    assert parse_points("- How the unit is cleaned, descaled and stored 12\n- If the unit leaks, where the seals are "
                        "18\n- Before you start: what is in the box 3\n", finished=True) == []
    assert parse_points("- The boathouse, which was rebuilt last year, now holds 24\n", True) == [  # (review58 N9)
        "The boathouse, which was rebuilt last year, now holds 24"]
    assert parse_points("- Cleaning, descaling and storage 12.\n- Unpacking: parts and tools 3.\n", True) == []  # (F15)
    # verbs outside the first list, and a main verb after a relative clause with its own (the nineteenth session)
    facts = ["The hut sleeps 42.", "In summer, the ferry serves 12.", "The room where the parish council meets seats 40.",
             "The box contains 3.", "The minibus carries 16.", "The survey received 412."]
    assert parse_points("".join(f"- {fact}\n" for fact in facts), finished=True) == facts
    assert parse_points("- Running costs 22\n- Safety measures 12\n- Before the season starts 8\n- What the box "
                        "contains 3\n- Cleaning the covers 18\n", finished=True) == []
    assert clean_summary("It is written in 2 to 3 sentences. The warranty lasts 24 months.", True) == [
        "The warranty lasts 24 months."]
    # blank-page boilerplate goes; facts that merely use the words stay
    assert clean_summary("このページは白紙です。理事会は合併案を白紙撤回した。新工場の建設計画は白紙に戻された。", True) == [
        "理事会は合併案を白紙撤回した。", "新工場の建設計画は白紙に戻された。"]
    assert parse_points("- This page intentionally left blank.\n- Fields left intentionally blank in the form are "
                        "treated as zero by the system.", True) == [
        "Fields left intentionally blank in the form are treated as zero by the system."]


def test_echoes_of_the_prompt_are_removed():
    messages = prompts.chat(prompts.JAPANESE, prompts.JAPANESE.document.format(text="第12回 新製品開発会議議事録"),
                            prompts.JAPANESE.summary.format(sentences="2〜3"))
    answer = "文書:\n第12回 新製品開発会議議事録\n・新しい事務が文書を正確に要約するアシスタントです"
    assert Generator.drop_prompt_echo(answer, messages) == "第12回 新製品開発会議議事録"
    en = prompts.chat(prompts.ENGLISH, prompts.ENGLISH.document.format(text="The fan has three speeds."),
                      prompts.ENGLISH.summary.format(sentences="2"))
    answer = "The fan has three speeds. You summarize documents faithfully, using only facts. It is quiet."
    assert Generator.drop_prompt_echo(answer, en) == "The fan has three speeds. It is quiet."
    # the full-width period of technical writing ends a sentence too: the echoed one goes, the fact stays
    answer = "ポンプは毎月点検する．文書を正確に要約するアシスタントです．"
    assert Generator.drop_prompt_echo(answer, messages) == "ポンプは毎月点検する．"
    # decimals are no sentence ends, and an answer without an echo is left exactly as it was
    for answer in ("The pump runs at 3.5 bar in mode 2. It is quiet.", "ポンプの圧力は３．５ＭＰａである。点検は毎月行う。",
                   "Replace the seal kit every 1.5 years.  Version 2.1.0 fixed it."):
        assert Generator.drop_prompt_echo(answer, en) == answer
    answer = "The valve opens at 2.5 bar. You summarize documents faithfully, using only facts. It closes at 1.5 bar."
    assert Generator.drop_prompt_echo(answer, en) == "The valve opens at 2.5 bar. It closes at 1.5 bar."


def test_map_reduce_says_which_parts_were_quoted_and_counts_every_quoted_point(tiny):
    # Random weights: no part's notes are usable. Each part is then represented by whole sentences of its own
    # pages, the warnings say which parts, and every quoted key point is counted as quoted.
    model, tok = tiny
    facts = ["The torque of mode {i} is {n} newton metres for lag bolts.", "Replace brush set {i} after {n} hours.",
             "Warning: battery {i} must stay below {n} degrees Celsius."]
    pages = [Page(i + 1, "Contents ........ 3. " + " ".join(
        f.format(i=i, n=i * 10 + k) + " The operator on duty checks the tool weekly." for k, f in
        enumerate(facts * 4))) for i in range(8)]
    result = summarize_document(Document("long.txt", pages, language="en"), model, tok,
                                SummarizeOptions(length="short", max_new_tokens=16), "tiny")
    assert result.stats.chunks > 1
    [notes_warning] = [w for w in result.warnings if "notes on" in w]
    assert re.search(r"the model's notes on pp?\. [0-9, -]+ were unusable", notes_warning), notes_warning
    [quoted] = [w for w in result.warnings if "quoted from the document" in w and "key point" in w]
    assert quoted.startswith(f"{len(result.key_points)} key point"), (quoted, result.key_points)
    for point in result.key_points:  # whole sentences, found on the page they cite
        assert point.text.endswith(".") and point.text in pages[point.pages[0] - 1].text, point
        assert "....." not in point.text


def test_a_reduce_that_cannot_fit_its_budget_still_ends(tiny):
    # One point longer than the budget (a budget far below any real context): the reduce must still end.
    from docproc import summarize

    _, tok = tiny
    long = "The pump " + "really " * 60 + "works."
    notes = [summarize.Notes(pages=[i], chunks=[i], points=[] if i == 1 else [long, long]) for i in range(1, 6)]
    calls = []

    def generate(messages, max_new_tokens, prefill=""):
        calls.append(1)
        return Generation(f"- {long}\n- {long}", 100, 10, 0.1, 0.05, True)

    out = summarize._reduce_notes(notes, generate, SummarizeOptions(length="short"), prompts.ENGLISH, "en", 40, tok)
    assert len(out) == 1 and out[0].points == [long] and out[0].pages == [1, 2, 3, 4, 5] and len(calls) < 10


@pytest.mark.parametrize("raw, points", [
    ("- The pump is made by\nGrundfos in Denmark and runs at 3,100 rpm.", ["The pump is made by Grundfos in Denmark and "
                                                                          "runs at 3,100 rpm."]),
    ("- The budget is\n$45,000 for the year.", ["The budget is $45,000 for the year."]),
    ("- The meeting will be chaired by\nDr. Ito from the board.", ["The meeting will be chaired by Dr. Ito from the board."]),
    ("- The pump must be serviced every\n\"six months\" by staff.", ["The pump must be serviced every \"six months\" by staff."]),
])
def test_a_bullet_wrapped_before_a_capital_or_an_amount_stays_whole(raw, points):
    assert parse_points(raw + "\n- The valve opens at 2 bar.", finished=True) == points + ["The valve opens at 2 bar."]


@pytest.mark.parametrize("raw, sentences", [
    ("The board approved the\nbudget of 45,000 euros for the roof repairs.",
     ["The board approved the budget of 45,000 euros for the roof repairs."]),
    ("Note: the pump must be serviced\nevery six months by the operator.",
     ["Note: the pump must be serviced every six months by the operator."]),
    ("会議は10月14日に\n開催されます。予算は承認された。", ["会議は10月14日に 開催されます。", "予算は承認された。"]),
])
def test_a_summary_sentence_wrapped_over_lines_stays_whole(raw, sentences):
    assert clean_summary(raw, finished=True) == sentences


def test_map_reduce_names_parts_with_nothing_usable_and_nothing_to_quote(tiny):
    model, tok = tiny  # random weights: no part's notes are usable
    prose = [Page(i + 1, " ".join(f"The torque of mode {k} is {i * 10 + k} newton metres for lag bolts on page {i}."
                                  for k in range(40))) for i in range(4)]
    tables = [Page(i + 5, "\n".join(f"Mode {k} | {i * 10 + k} N·m | M{k + 8} lag bolt | page {i}" for k in range(60)))
              for i in range(4)]
    result = summarize_document(Document("spec.txt", prose + tables, language="en"), model, tok,
                                SummarizeOptions(length="short", max_new_tokens=16), "tiny")
    assert result.stats.chunks > 1
    [missing] = [w for w in result.warnings if "no complete sentence to quote" in w]
    assert re.search(r"notes on pp?\. [0-9, -]*8 were unusable", missing), missing


def test_a_summary_sentence_with_a_changed_number_is_replaced_not_dropped(tiny, monkeypatch):
    model, tok = tiny
    scripted_model(monkeypatch, "Tom Baker will fix both bugs by 10 March. Wait at least 40 minutes for the coolant "
                                "to cool below 20 degrees C.",
                   "- Raj Patel will confirm the reassignment with HR by 25 March.")
    doc = Document("minutes.txt", [Page(n, index_text) for n, index_text in _minutes_index()._texts.items()],
                   language="en", meta={"empty_pages": []})
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short"), "t")
    assert result.summary == ("Tom Baker will fix both bugs by 25 March. Wait at least 20 minutes for the coolant to "
                              "cool below 40 degrees C.")
    assert [p.text for p in result.key_points][0] == "Raj Patel will confirm the reassignment with HR by 10 March."
    assert any("3 sentences of the model misquoted the document" in w and "a number" in w
               for w in result.warnings)


def test_a_small_models_sentence_may_not_borrow_a_word_or_bring_several_of_its_own():
    """review19 F3: "The warranty is voided if the capacitor is replaced by anyone other than Kato Service Ltd"
    (the seal is meant; "capacitor" is from another sentence) held >= 80 % of one sentence. review18 H8: "The
    unit also has a 60-day return policy" (registered within 60 days) brought three words of its own."""
    pages = {1: "The warranty lasts 24 months and is void if the seal is replaced by anyone other than Kato Service "
                "Ltd. Before cleaning, disconnect power and wait 10 minutes for the capacitor to discharge.",
             2: "The warranty is extended to 5 years when the unit is registered online within 60 days of purchase."}
    small, large = PageIndex(pages, joins=False), PageIndex(pages)
    for invented in ("The warranty is void if the capacitor is replaced by anyone other than Kato Service Ltd.",
                     "The unit also has a 60-day return policy after purchase."):
        assert not is_supported(invented, small), invented
    for faithful in ("The warranty is void if the seal is replaced by anyone other than Kato Service Ltd.",
                     "The document says to wait 10 minutes for the capacitor to discharge before cleaning.",
                     "The unit gets a 5-year warranty when it is registered online within 60 days of purchase."):
        assert is_supported(faithful, small) and is_supported(faithful, large), faithful
    assert "day" in terms("60 days") and "day" in terms("a 60-day trial")  # (one unit, as "weeks" and "week")


def test_a_small_models_sentence_may_restate_one_document_sentence_not_join_two(tiny, monkeypatch):
    """The README sample's summary (135M model) said a silencer "must be installed inside the thermal envelope of
    a building", joining a silencer sentence and an installation one; all 15 joins of six such runs were
    inventions. A small model's sentence must be held by one sentence; a larger model's may join two."""
    pages = {1: "The unit must be installed inside the thermal envelope of the building. It weighs 42 kg.",
             2: "Fit a silencer of at least 900 millimetres length on the supply duct close to the unit."}
    join = "A silencer of at least 900 millimetres length must be installed inside the thermal envelope."
    paraphrase = "A silencer at least 900 millimetres long is fitted on the supply duct."
    assert is_supported(join, PageIndex(pages)) and not is_supported(join, PageIndex(pages, joins=False))
    assert is_supported(paraphrase, PageIndex(pages, joins=False))
    model, tok = tiny
    doc = Document("manual.txt", [Page(n, text) for n, text in pages.items()], language="en",
                   meta={"empty_pages": []})
    for joins_from, summary in ((10**9, paraphrase), (0, f"{join} {paraphrase}")):
        scripted_model(monkeypatch, f"{join} {paraphrase}", "- The unit weighs 42 kg.")
        monkeypatch.setattr(summarize_module, "JOINS_FROM_PARAMETERS", joins_from)
        assert summarize_document(doc, model, tok, SummarizeOptions(length="short"), "t").summary == summary


def _warranty_doc() -> Document:
    return Document("warranty.txt", [
        Page(1, "Warranty\n\nThe motor warranty is void if the seal on the housing is broken. Keep the receipt."),
        Page(2, "Maintenance\n\nClean the air filter every two weeks. Replace the filter every six months.\n"
                "Clean the air filter before storing the unit for the winter."),
        Page(3, "保証\n\n保証は無効です（モーターの封印が破られている場合）。領収書を保管してください。"),
    ], language="en", meta={"empty_pages": []})


def test_a_sentence_the_model_copied_cut_short_is_given_whole_or_dropped():
    """A copied sentence cut short ("The warranty is void.") can say the opposite of the page: it becomes the
    whole sentence when one sentence begins so, is dropped when several do (the rest is anyone's guess), and a
    text that is itself a whole sentence stays as it is."""
    index = PageIndex({p.number: p.text for p in _warranty_doc().pages})
    whole = "The motor warranty is void if the seal on the housing is broken."
    assert index.completed("The motor warranty is void.") == whole
    assert index.completed("- the motor warranty is void") == whole
    assert index.completed("保証は無効です。") == "保証は無効です（モーターの封印が破られている場合）。"
    assert index.completed("Clean the air filter.") is None  # "every two weeks" or "before storing"?
    assert index.completed("Replace the filter every six months.") == "Replace the filter every six months."
    assert index.completed("Keep the receipt in a safe place.") == "Keep the receipt in a safe place."  # not a prefix
    assert index.completed("Warranty.") == "Warranty."  # too little to tell


def test_a_sentence_the_model_copied_cut_at_its_start_is_given_whole():
    """review41 F13: key points 「11月30日までに配布する。」 and "will be held on 9 December 2026." kept a date and
    lost what it is the date of: a copy cut at its start is given whole, as one cut short is."""
    index = PageIndex({1: "The next meeting will be held on 9 December 2026. The draft budget for 2027 will be "
                          "circulated by 25 November 2026.\n2027年度予算案は11月30日までに配布する。"
                          "次回の委員会は2026年12月15日に開催する。",
                       2: "Options a) and b) are available to all members. 本製品は屋外で使用できません。"}, joins=False)
    for cut, whole in (("will be held on 9 December 2026.", "The next meeting will be held on 9 December 2026."),
                       ("- will be circulated by 25 November 2026",
                        "The draft budget for 2027 will be circulated by 25 November 2026."),
                       ("11月30日までに配布する。", "2027年度予算案は11月30日までに配布する。"),
                       ("2026年12月15日に開催する。", "次回の委員会は2026年12月15日に開催する。")):
        assert index.faithful(cut) == whole, cut
    # a sentence after another that the page runs into it is a whole one
    assert index.faithful("本製品は屋外で使用できません。") == "本製品は屋外で使用できません。"
    # a heading line or a table's row is no sentence to give whole; one of two changes of a sentence is no other
    # change (review46 F1, F2)
    index = PageIndex({1: "## 2 Electrical Characteristics\n\nThe converter runs from 24 V.\n"
                          "| Rev | Date | Change |\n| --- | --- | --- |\n| C | 12 March 2026 | Current limit Typ "
                          "corrected from 6.5 A to 7.0 A. Thermal shutdown raised from 80 °C to 85 °C. |"}, joins=False)
    for text in ("Electrical Characteristics.", "Current limit Typ corrected from 6.5 A to 7.0 A.",
                 "Thermal shutdown raised from 80 °C to 85 °C."):
        assert index.faithful(text) == text, text
    # two sentences end so, or the one is too long to quote: the text stays (review42 F5)
    index = PageIndex({1: "After the vote, the meeting was closed at 17:30. Because of the strike, the meeting was "
                          "closed at 17:30.", 2: "Following the review " + "of the incident reports " * 20 +
                       "all forklift drivers must complete a refresher course by 31 March 2027."}, joins=False)
    for text in ("The meeting was closed at 17:30.",
                 "All forklift drivers must complete a refresher course by 31 March 2027."):
        assert index.faithful(text) == text, text


def test_cut_short_key_points_and_summary_sentences_are_made_whole_and_said_so(tiny, monkeypatch):
    model, tok = tiny
    scripted_model(monkeypatch, "The motor warranty is void.",
                   "- The motor warranty is void.\n- Clean the air filter.\n- Replace the filter every six months.")
    result = summarize_document(_warranty_doc(), model, tok, SummarizeOptions(length="short"), "t")
    whole = "The motor warranty is void if the seal on the housing is broken."
    assert result.summary == whole
    assert [p.text for p in result.key_points][:2] == [whole, "Replace the filter every six months."]
    assert result.key_points[0].pages == [1]
    assert "Clean the air filter." not in [p.text for p in result.key_points]
    assert "dropped 1 key point that the document does not support" in result.warnings
    assert ("1 sentence of the model misquoted the document (cut short, or with a 'not', an 'unless', a number "
            "or a word changed): "
            "the document's own sentence is given instead") in result.warnings


def test_points_and_sentences_that_trail_off_are_dropped():
    """smollm2 ends a point on a comma or an "and" when it loses the thread ("The document is designed to be
    used in indoor environments, (p. 12)" on the HX-40 manual): a fragment, whatever words it has. A point that
    ran on into the number of the next list item loses the number."""
    raw = ("- The document is designed to be used in indoor environments, (p. 12)\n"
           "- The filter must be replaced every six months.\n"
           "- Keep the outdoor air grille clear of snow and\n"
           "- 本機は屋内の乾燥した場所で使用してください、\n"
           "- The warranty covers 2 years of service, 2.\n"
           "- Mode 3 runs the fan at full speed for 30 minutes")
    assert parse_points(raw, True) == ["The filter must be replaced every six months.",
                                       "The warranty covers 2 years of service.",  # the next item's number goes
                                       "Mode 3 runs the fan at full speed for 30 minutes"]
    assert clean_summary("The unit runs quietly at night. The filter must be replaced every six months and",
                         True) == ["The unit runs quietly at night."]
    assert clean_summary("The customer is entitled to a 99.9% availability of. The fee is paid monthly in advance.",
                         True) == ["The fee is paid monthly in advance."]
    # the last of a list of numbers is no stray list number (review6 diff M1)
    assert clean_summary("Allowed package sizes are 1, 2, 4, 8. Committee meetings are held on 3, 10.", True) == [
        "Allowed package sizes are 1, 2, 4, 8.", "Committee meetings are held on 3, 10."]


def test_full_width_numbers_are_numbers_to_the_support_check():
    """Japanese documents write numbers in full-width digits; they were invisible to the support check, so an
    invented "２０２６年" passed against a page that says "２０２５年" (review6). Full-width and ASCII digits are
    now the same number."""
    assert numbers_in("２０２５年４月１日から施行する。圧力は３．５ＭＰａ") == {"2025", "4", "1", "3.5"}
    index = PageIndex({1: "本規程は２０２５年４月１日から施行する。従業員は、極秘情報を社外に持ち出してはならない。"})
    assert is_supported("本規程は２０２５年４月１日から施行する。", index)
    assert is_supported("本規程は2025年4月1日から施行する。", index)
    assert not is_supported("本規程は２０２６年４月１日から施行する。", index)
    assert not is_supported("本規程は、２０２５５５であるためには、その事実だけであっても、それぞれでならない。", index)


def test_an_echoed_list_intro_goes_and_its_inline_list_stays_a_list():
    """"- 3 facts of the text above are: 1. A, 2. B, 3. C": the intro echoes the instruction; removing it took the
    bullet and the "1." along, and the items then kept the next item's number ("..., 2.") or were dropped for it
    (review6). The intro goes, the list is split into its items."""
    messages = [{"role": "user", "content": "Document:\n\nThe warranty covers 2 years.\n\n"
                                            "List the 3 most important facts of the text above."}]
    raw = ("- 3 facts of the text above are: 1. The warranty covers 2 years of service, 2. The warranty does not "
           "cover damage caused by incorrect installation, 3. You can extend the warranty to 5 years.")
    assert parse_points(Generator.drop_prompt_echo(raw, messages), True) == [
        "The warranty covers 2 years of service",
        "The warranty does not cover damage caused by incorrect installation",
        "You can extend the warranty to 5 years."]
    assert parse_points("- The filter is cleaned every month, 2. The fan runs quietly at night, 3. The unit "
                        "needs no tools to open.", True) == [
        "The filter is cleaned every month", "The fan runs quietly at night", "The unit needs no tools to open."]


def test_a_minus_sign_is_part_of_a_number():
    """"from 40 °C to +85 °C" passed on "-40 °C to +85 °C" (review8 M1): the sign was not part of the number. A
    hyphen in a name or a dash between two numbers is no sign."""
    assert numbers_in("-40 °C to +85 °C, −20 °C, (–10 °C), マイナス25℃") == {"-40", "85", "-20", "-10", "-25"}
    assert numbers_in("HX-40, pages 10-40, 10 – 40 °C") == {"40", "10-40", "10"}
    index = PageIndex({1: "The logger SHALL measure temperature in the range from -40 °C to +85 °C.",
                       2: "冷凍倉庫はマイナス25℃で運用する。"})
    assert not is_supported("The logger measures temperature from 40 °C to +85 °C.", index)
    assert is_supported("The logger measures temperature from −40 °C to 85 °C.", index)
    assert not is_supported("冷凍倉庫は25℃で運用する。", index)
    assert is_supported("冷凍倉庫は-25℃で運用する。", index)


def test_a_code_of_letters_and_digits_is_one_number():
    """review8 M2: "E1 means that the boiler does not respond" passed on an error table where that is E4: the
    letter of a code was dropped, so E1 and E4 were the numbers 1 and 4. A version keeps its number."""
    index = PageIndex({1: "Code\nMeaning\nE1 Temperature sensor fault, restart the S5.\n"
                          "E4 Boiler does not respond, check the boiler wiring.\n"
                          "Version 1.2 of the firmware fixes the display. The case meets IP67."})
    assert not is_supported("E1 means that the boiler does not respond.", index)
    assert is_supported("E4 means that the boiler does not respond.", index)
    assert is_supported("Firmware v1.2 fixes the display.", index)
    assert not is_supported("The case meets IP65.", index) and is_supported("The case meets IP67.", index)
    # a code names a thing its sentence describes: the README sample's "The indoor temperature is checked by T2"
    index = PageIndex({10: "30001 read Outdoor air temperature T1 in 0.1 °C\n30002 read Supply air temperature T2",
                       12: "The display shows the outdoor temperature measured by sensor T1 and the indoor humidity "
                           "from sensor RH1."})
    assert not is_supported("The indoor temperature is checked by T2.", index)
    for right in ("The supply air temperature is measured by T2.", "The outdoor temperature is measured by sensor T1.",
                  "The indoor humidity is checked by sensor RH1."):
        assert is_supported(right, index), right


def test_a_percentage_is_not_the_number_of_something_else():
    """"a 30% credit" was supported by "within 30 days" (review6 H2): a percentage keeps its sign, however the
    document writes it ("10 %", "10 percent", "１０％")."""
    assert numbers_in("a 30% credit, 25 % off, 10 percent, 5パーセント, ３０％") == {"30%", "25%", "10%", "5%"}
    index = PageIndex({1: "Credits must be claimed in writing within 30 days. If availability falls below 99.9 %, "
                          "the Customer is entitled to a credit of 10 percent of the monthly fee."})
    assert not is_supported("The Customer is entitled to a 30% credit.", index)
    assert is_supported("The Customer is entitled to a credit of 10% of the monthly fee.", index)
    assert is_supported("Availability below 99.9% gives the Customer a credit.", index)
    assert is_supported("Credits must be claimed within 30 days.", index)


def test_a_sentence_that_loses_or_gains_a_not_or_an_unless_gives_way_to_the_document_sentence():
    """A check by words cannot see "may" for "must not" (review6 H1: "the warranty covers damage caused by
    incorrect installation", which the warranty excludes). When the text mostly restates one document sentence
    and one of the two has a negation or a condition the other lacks, the document sentence stands instead."""
    index = PageIndex({
        1: "Remote work\n\nContractors must not work remotely unless their contract explicitly permits it. "
           "Personal devices must not be used to access customer data under any circumstances.",
        2: "Warranty\n\nThe warranty does not cover damage caused by incorrect installation. "
           "The warranty covers the motor for 10 years.\n\n保証\n\n"
           "保証期間中の修理は無料です。ただし、消耗品の交換は除きます。",
    })
    assert index.faithful("Contractors may work remotely.") == (
        "Contractors must not work remotely unless their contract explicitly permits it.")
    assert index.faithful("The warranty covers damage caused by incorrect installation.") == (
        "The warranty does not cover damage caused by incorrect installation.")
    assert index.faithful("Personal devices may be used to access customer data.") == (
        "Personal devices must not be used to access customer data under any circumstances.")
    assert index.faithful("The warranty covers the motor for 10 years.") == "The warranty covers the motor for 10 years."
    assert index.faithful("The motor is covered by the warranty for 10 years.") == (
        "The motor is covered by the warranty for 10 years.")  # same polarity: the model's words stay
    assert index.faithful("消耗品の交換は無料です。") == "保証期間中の修理は無料です。ただし、消耗品の交換は除きます。"


def test_key_points_topped_up_from_notes_take_every_part_in_turn():
    """Taken part by part, the first part's notes filled every slot: on a 20-page handbook all key points were
    rows of one table on pp. 12-13 and nothing else of the document reached them (review6 H3)."""
    from docproc.summarize import Notes, _fill_from_notes

    pages = {1: "The office opens at 8 o'clock every weekday morning. Visitors sign in at the front desk downstairs. "
                "Parking spaces are assigned by the facilities team.",
             2: "Holiday requests need approval from the line manager first. Unused holiday expires at the end of "
                "March. Sick leave must be reported before 9 o'clock."}
    index = PageIndex(pages)
    part1 = Notes(pages=[1], chunks=[0], points=["The office opens at 8 o'clock every weekday morning.",
                                                 "Visitors sign in at the front desk downstairs.",
                                                 "Parking spaces are assigned by the facilities team."])
    part2 = Notes(pages=[2], chunks=[1], points=["Holiday requests need approval from the line manager first.",
                                                 "Unused holiday expires at the end of March."])
    points, _ = _fill_from_notes([], [part1, part2], index, 3, [])
    assert [(p.text, p.pages) for p in points] == [  # chosen in turn, listed in reading order
        ("The office opens at 8 o'clock every weekday morning.", [1]),
        ("Visitors sign in at the front desk downstairs.", [1]),
        ("Holiday requests need approval from the line manager first.", [2])]
    # not what the summary says already: the README sample's quoted summary and key points had two in common
    points, _ = _fill_from_notes([], [part1, part2], index, 3, [],
                                 avoid=["Visitors sign in at the front desk downstairs."])
    assert [p.text for p in points] == ["The office opens at 8 o'clock every weekday morning.",
                                        "Holiday requests need approval from the line manager first.",
                                        "Unused holiday expires at the end of March."]


def test_quotes_skip_contents_lists_and_questions():
    """The contents list holds every section's title words, so it scored as the most representative sentence
    (key point 1 of a handbook, review6 M2); a FAQ's question stood for its part. Neither is a fact."""
    pages = {1: "Contents: 1 Working time, 2 Holidays and leave, 3 Sickness, 4 Parental leave, 5 Travel, "
                "6 Expenses, 7 Company cars.\n\nFull-time employees are entitled to 30 working days of paid "
                "holiday per calendar year.",
             2: "Who approves a hotel above the limit for business travel and expenses?\n\nThe head of department "
                "approves a hotel above the limit before the travel is booked."}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 4)]
    assert picked and not [s for s in picked if s.startswith("Contents") or s.endswith("?")]


def test_contents_and_index_entries_with_leaders_are_never_quoted_nor_key_points():
    """review33 F1: a manual's summary began "15 3.2 Installation step 2 . . . . ." and two key points were
    contents lines: their leader dots read as sentence ends. Collapsed to a leader (ingest), they are entries."""
    pages = {2: "Table of Contents\n1 Safety … 6\n3.1.2 Procedure 2 … 15\n3.2 Installation step 2 … 15\n"
                "4.2 Loading media and ribbon step 2 … 23",
             3: "Before opening the cover, switch the printer off and wait 10 minutes for the print head to cool.\n"
                "Clean the print head with isopropyl alcohol every time the ribbon is changed.",
             86: "Index\ncutter … 7\nprint speed … 10   printer settings … 38"}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 6)]
    assert picked and not [s for s in picked if "…" in s], picked
    raw = "- 3.2 Installation step 2 … 15\n- 7.2 Network configuration of the printer fleet from the web server …\n" \
          "- Remote management of several printers in one production hall … 45\n- cutter … 7\n" \
          "- 4.2 Loading media and ribbon from the rear feed slot … 4-12\n- Appendix B: error codes … B-3\n" \
          "- Clean the print head with isopropyl alcohol every time the ribbon is changed."
    assert parse_points(raw, finished=True) == [
        "Clean the print head with isopropyl alcohol every time the ribbon is changed."]


def test_quotes_take_a_manuals_safety_notices_first():
    """review33 F5/F8: every quote of a manual was boilerplate said on every page; none of its WARNING / 警告
    notices (380 V DC for 5 minutes, 70 °C) was quoted, though a manual's warnings are what a reader needs."""
    routine = "The operator must confirm the condition of the media path before the start of each shift. "
    pages = {6: routine * 3 + "\nWARNING  Risk of electric shock. Capacitors on the power board can hold 380 V DC "
                "for up to 5 minutes after the printer is switched off.\n" + routine,
             7: routine * 2 + "The operator must confirm the condition of the ribbon at the end of each shift.",
             8: "警告  運転中は扉を開けないでください。高温の蒸気（約80 ℃）でやけどをするおそれがあります。\n"
                "コースは食器の量と汚れに合わせて選んでください。コースは食器の量に合わせて選んでください。"}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 4)]
    assert ("Capacitors on the power board can hold 380 V DC for up to 5 minutes after the printer is switched off."
            in picked), picked
    assert any(s.startswith("警告") or "やけど" in s for s in picked), picked
    assert len([s for s in picked if "380 V" in s or "やけど" in s or s.startswith(("WARNING", "警告"))]) <= 2


def test_the_rows_of_an_action_table_are_action_items_with_their_owner_and_due_date():
    """review34 F10: minutes with an action table (| # | Action | Owner | Due |) never gave an action item: the
    owner and the date are in their columns, not in the row's words."""
    text = ("## Decisions\n\nThe committee approved adding four nodes to the billing cluster.\n\n## Actions\n\n"
            "| # | Action | Owner | Due |\n| --- | --- | --- | --- |\n"
            "| A1 | Confirm archive-tier saving on one month of real event-log data | Claire Dubois | 6 November 2026 |\n"
            "| A2 | Disable the 17 unused privileged accounts | Marcus Lindqvist | 31 October 2026 |\n\n"
            "| Item | Cost |\n| --- | --- |\n| Billing nodes for the cluster | EUR 6,400 |\n")
    pages = {1: text}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 3, action_items=True)]
    assert ("Confirm archive-tier saving on one month of real event-log data (Owner: Claire Dubois, Due: 6 November "
            "2026)") in picked or "Disable the 17 unused privileged accounts (Owner: Marcus Lindqvist, Due: 31 October " \
            "2026)" in picked, picked
    assert not [s for s in picked if "EUR 6,400" in s]  # a table without an owner or due column is no action list
    assert not [s for s, _ in salient_sentences(PageIndex(pages), pages, 3) if "Owner:" in s]  # a summary: sentences
    ja = {1: "| 宿題事項 | 担当 | 期限 | 備考 |\n|---|---|---|---|\n"
             "| 第3四半期の予算見通しを報告する | 佐藤 | 11月17日 | 見積書の再取得が必要なため、先にA社からの回答を待つこと |\n"}
    assert [s for s, _ in salient_sentences(PageIndex(ja), ja, 2, action_items=True)] == [
        "第3四半期の予算見通しを報告する（担当：佐藤、期限：11月17日）"]  # the task, not the remark (review38 N5)
    # a contact list ("Who") or an agenda ("When") is no action table (review38 N6)
    contacts = {1: "| Role | Who |\n|---|---|\n| Head of facilities management for building B | Anna Berg |\n"}
    assert not [s for s, _ in salient_sentences(PageIndex(contacts), contacts, 2, action_items=True) if "Who" in s]
    # an "Item" number column is no task; "Date" and "Who" head actions too, beside a due or owner column
    numbered = {1: "| Item | Action | Owner | Date |\n|---|---|---|---|\n"
                   "| 1 | Confirm the archive-tier saving with the vendor | Claire Dubois | 6 April 2027 |\n"}
    assert [s for s, _ in salient_sentences(PageIndex(numbered), numbered, 1, action_items=True)] == [
        "Confirm the archive-tier saving with the vendor (Owner: Claire Dubois, Date: 6 April 2027)"]


def test_quotes_of_a_faq_are_answers_without_their_label_and_not_a_bare_yes():
    """review8 M3: key point 1 of a FAQ was "A: Yes, if your heating system runs on 24 V. ...": its question is
    never quoted, so the "Yes" answered nothing the reader could see."""
    pages = {1: "Q: Can I install the S5 myself?\nA: Yes, if your heating system runs on 24 V.\n"
                "Q: Which network does the S5 need?\nA: The S5 needs a 2.4 GHz Wi-Fi network within 15 metres of "
                "the router.",
             2: "A. Moreau chaired the meeting of the installers in the spring of this year.",
             3: "No visitor may enter the plant room without an escort from the facilities team."}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 4)]
    assert "The S5 needs a 2.4 GHz Wi-Fi network within 15 metres of the router." in picked
    assert "A. Moreau chaired the meeting of the installers in the spring of this year." in picked
    assert "No visitor may enter the plant room without an escort from the facilities team." in picked
    assert not [s for s in picked if s.startswith(("A:", "Yes", "Q:"))], picked


def test_a_quote_that_leans_back_in_its_first_clause_is_quoted_less_readily():
    """review10 L2: a quoted key point began "When it is approved, mileage is reimbursed at ...": "it" is in the
    sentence before, which was not quoted."""
    pages = {1: "Use of a private car should be avoided for business trips. When it is approved, mileage is "
                "reimbursed at EUR 0.30 per kilometre for business trips. Parking fees for business trips are "
                "reimbursed at cost against a receipt."}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 1)]
    assert picked and not picked[0].startswith("When it"), picked


def test_quotes_of_minutes_prefer_what_was_decided_to_the_meetings_procedure():
    """review8 M5: the first quote of a summary of minutes was 前回（5月26日）の議事録は、修正なしで承認された。 —
    the meeting's procedure, not a decision."""
    pages = {1: "前回（5月26日）の議事録は、修正なしで承認された。ハンディ端末はB社製を120台購入することを決定した。\n"
                "The minutes of the last board meeting on 26 May were approved without changes. The board decided "
                "to buy 120 handheld scanners from the second supplier."}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 2)]
    assert picked == ["ハンディ端末はB社製を120台購入することを決定した。",
                      "The board decided to buy 120 handheld scanners from the second supplier."], picked


def test_key_points_quoted_from_minutes_may_be_their_action_items():
    """review8 M5: the action items of minutes (owner and deadline, no sentence end) were never quotable, so no
    owner or deadline reached the output. They may now be quoted as key points; a summary still quotes sentences."""
    pages = {1: "アクションアイテム\n・不一致データ312件の修正：物流部 山本、期限 8月10日\n"
                "・B社への発注手続き：佐々木、期限 6月19日\n説明会は各倉庫で2回ずつ、7月中に実施する。"}
    index = PageIndex(pages)
    items = [s for s, _ in salient_sentences(index, pages, 3, action_items=True)]
    assert "不一致データ312件の修正：物流部 山本、期限 8月10日" in items and "B社への発注手続き：佐々木、期限 6月19日" in items
    assert [s for s, _ in salient_sentences(index, pages, 3)] == ["説明会は各倉庫で2回ずつ、7月中に実施する。"]
    assert is_supported("不一致データ312件の修正：物流部 山本、期限 8月10日", index)


def test_quoted_key_points_arein_reading_order(tiny, monkeypatch):
    model, tok = tiny
    scripted_model(monkeypatch, "The office opens at 8 o'clock every weekday morning.", "- Contents")
    doc = Document("handbook.txt", [
        Page(1, "The office opens at 8 o'clock every weekday morning. Visitors sign in at the front desk downstairs."),
        Page(2, "Holiday requests need approval from the line manager first. Unused holiday expires at the end of "
                "March in the following year."),
        Page(3, "Company cars are booked through the facilities team portal. Fuel cards are issued with every car "
                "for business trips only."),
    ], language="en", meta={"empty_pages": []})
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short"), "t")
    pages = [p.pages[0] for p in result.key_points]
    assert len(pages) == 3 and pages == sorted(pages)


def test_a_japanese_sentence_that_opens_with_a_number_is_a_sentence_of_its_own():
    """。 before a date ran two facts into one quote (review6 ja M1); ． in a full-width decimal still does not
    end a sentence."""
    assert split_sentences("売上高は増えた。２０２４年６月に株式を取得した。圧力は３．５ＭＰａである。2025年に出荷した。") == [
        "売上高は増えた。", "２０２４年６月に株式を取得した。", "圧力は３．５ＭＰａである。", "2025年に出荷した。"]


def test_a_quoted_rule_keeps_its_exception_and_a_leaning_sentence_is_not_quoted_alone():
    """Quoted alone, "ただし、…承認を受けた場合を除く。" read as the exception of whatever rule stood above it, a rule
    lost its ただし, "しかし、同事業の…" had no subject, and the paragraph number "２　" led a quote (review6 ja H2,
    L1). A rule and its ただし / "However" sentence are one quote; a sentence leaning on the one before is not
    quoted; paragraph numbers go."""
    rule = "従業員は、私物のパソコン及びスマートフォンを業務に使用してはならない。"
    exception = "ただし、当社の端末管理システムに登録し、情報システム部の承認を受けた場合を除く。"
    pages = {1: f"第７条（私物端末）\n{rule}{exception}\n"
                "２　社外宛てのメールに「社外秘」の情報を添付する場合は、当社が指定するファイル共有サービスを使用する。\n"
                "しかし、同事業の営業利益は前期から大きく減少した。",
             2: "Personal devices must not be used for customer data. However, devices enrolled in device "
                "management may be used after approval by the IT service desk.\n\nBut the office network is "
                "closed to all visitors and guests on weekends."}
    index = PageIndex(pages)
    picked = [s for s, _ in salient_sentences(index, pages, 6)]
    assert rule + exception in picked
    assert "社外宛てのメールに「社外秘」の情報を添付する場合は、当社が指定するファイル共有サービスを使用する。" in picked
    assert ("Personal devices must not be used for customer data. However, devices enrolled in device management "
            "may be used after approval by the IT service desk.") in picked
    assert not [s for s in picked if s.startswith(("ただし", "しかし", "But", "However", "２"))]
    assert index.faithful("従業員は、私物のパソコン及びスマートフォンを業務に使用してよい。") == rule + exception


def test_a_rule_keeps_a_next_sentence_that_narrows_it_in_its_own_words():
    """review23 F3: "Shift workers ... receive 2 additional days of leave." was quoted without the next sentence,
    "This additional leave is not granted to employees who work night shifts only on a voluntary overtime basis.":
    only "However" / "Except" / ただし opened an exception. A sentence that says the rule does not apply, is not
    granted (paid, covered ...) or applies only to some is one piece with the rule now; "It is not a toy." is not."""
    rule = ("Shift workers in the Hamburg and Duisburg warehouses who regularly work night shifts receive 2 additional "
            "days of leave.")
    narrows = "This additional leave is not granted to employees who work night shifts only as voluntary overtime."
    cover = "Repairs are covered for 24 months from the date of purchase."
    excluded = "This does not apply to batteries and filters, which are covered for 6 months."
    toy = "Keep the humidifier and its cord out of the reach of small children at all times. It is not a toy."
    pages = {1: f"{rule} {narrows}\n\nAnnual leave is booked in the HR portal at least two weeks ahead.",
             2: f"{cover} {excluded}\n\n{toy}"}
    index = PageIndex(pages)
    picked = [s for s, _ in salient_sentences(index, pages, 6)]
    assert f"{rule} {narrows}" in picked and f"{cover} {excluded}" in picked
    assert rule not in picked and cover not in picked and not [s for s in picked if s.startswith("This")]
    assert index.faithful(rule) == f"{rule} {narrows}"
    assert index.faithful(cover) == f"{cover} {excluded}"
    assert "Keep the humidifier and its cord out of the reach of small children at all times." in picked


def test_a_clause_under_a_title_that_limits_it_is_quoted_with_the_title():
    """review23 F1: "We will pay to repair an appliance that suffers accidental damage ..." was quoted without its
    clause title "3.6 Accidental damage (Gold plan only).": a Silver holder read that they are covered. The
    clause's first sentence is quoted with the title (less its number), its others not alone; the clause ends
    with its paragraph (or the paragraph after a title on a line of its own), and a title that limits nothing
    changes nothing."""
    covered = ("We will pay to repair an appliance that suffers accidental damage, up to the limit per claim, for no "
               "more than 2 accidental damage claims in any one policy year.")
    second = "Accidental damage must be reported to us within 14 days of the damage happening."
    food = "We will pay up to 150 pounds for food that has spoiled after a breakdown of your fridge or freezer."
    callout = "We aim to send an approved engineer within 3 working days of your claim being accepted by us."
    pages = {1: f"3.5 Food loss. {food}\n\n3.6 Accidental damage (Gold plan only). {covered} {second}\n\n"
                f"3.7 Call-out times. {callout}",
             2: f"Accidental damage (Gold plan only)\n{covered} {second}\n\n{callout.replace('3', '5')}"}
    index = PageIndex(pages)
    for page, title in ((1, "Accidental damage (Gold plan only)."), (2, "Accidental damage (Gold plan only):")):
        quotable = index.quotable_sentences(page)
        assert f"{title} {covered}" in quotable, page
        assert covered not in quotable and second not in quotable
    assert food in index.quotable_sentences(1) and callout in index.quotable_sentences(1)
    assert callout.replace("3", "5") in index.quotable_sentences(2)


def test_a_fragment_that_stops_inside_a_bracket_is_dropped():
    """review27 F1: 「この規則は、ミナトテック（介T．」 (株式会社 lost, 介T invented, cut off in its parenthesis) was
    printed as a whole summary: its character pairs are all the document's."""
    source = ("この規則は、株式会社ミナトテック（以下「会社」という。）の従業員の労働条件、服務規律その他の就業に関する事項を"
              "定めるものである。")
    index = PageIndex({1: source + "\nThe unit (model HX-40) is checked a) weekly and b) after each storm."})
    for joins in (True, False):
        index = PageIndex(index._texts, joins=joins)
        assert index.faithful("この規則は、ミナトテック（介T．") is None
        assert index.faithful("The unit (model HX-40 is checked weekly.") is None
        assert index.faithful(source) == source
        assert index.faithful(source[:30]) == source  # cut short inside its parenthesis: the whole sentence
        assert index.faithful(text := "The unit is checked a) weekly and b) after each storm.") == text
    # review29 F6: a parenthesis may close with the other width: "申請書(様式第3号）"
    source = "出張の申請は、所定の申請書(様式第3号）により、出発の7日前までに所属長へ提出しなければならない。"
    index = PageIndex({1: source}, joins=False)
    assert index.faithful(text := "出張の申請は、申請書(様式第3号）により、出発の7日前までに所属長へ提出する。") == text


def test_a_japanese_warning_keeps_its_rule_reason_and_exception_and_an_instruction_its_condition():
    """review24 M1: "沸騰時に熱湯があふれるおそれがあります。ただし、…" was quoted without the rule it explains (満水目盛を
    超えて水を入れないでください), as ただし joined the sentence right before it (the reason); and "電源プラグを抜き、…
    水を入れ直してください。" was quoted without its condition (沸騰前に電源が切れる場合は、…). Quotes only, within a
    paragraph: a copy of the reason still comes back with its ただし (review25 F3)."""
    rule = "【注意】満水目盛（1.2L）を超えて水を入れないでください。"
    reason = "沸騰時に熱湯があふれるおそれがあります。"
    exception = "ただし、最小目盛（0.3L）未満で使用すると空だき防止装置が働き、電源が自動的に切れます。"
    diagnosis = "沸騰前に電源が切れる場合は、空だき防止装置が働いた可能性があります。"
    instruction = "電源プラグを抜き、10分以上冷ましてから水を入れ直してください。"
    index = PageIndex({1: f"{rule}{reason}{exception}\n{diagnosis}{instruction}\n本体は丸洗いできません。水につけないでください。"})
    quotable = index.quotable_sentences(1)
    assert quotable == [rule + reason + exception, diagnosis + instruction, "本体は丸洗いできません。", "水につけないでください。"]
    # (review25 F3) not after a statement that is no reason ("…ことがあります。"), nor across paragraphs but for a
    # reason on the line after a rule that stands alone there; not one labelled or listed on its own
    index = PageIndex({1: f"{rule}\n{reason}{exception}\n電源コードを束ねたまま使用しないでください。お手入れ中に本体が熱くなること"
                          "があります。ただし、使用直後の場合は30分以上待ってからお手入れしてください。"})
    assert index.quotable_sentences(1)[:2] == [rule + reason + exception, "電源コードを束ねたまま使用しないでください。"]
    assert index.faithful("お手入れ中に本体が熱くなることがあります。") == ("お手入れ中に本体が熱くなることがあります。ただし、使用直後の"
                                                                     "場合は30分以上待ってからお手入れしてください。")
    for label in ("【注意】", "・"):
        index = PageIndex({1: f"{rule}\n{label}{reason}{exception}"})
        assert index.quotable_sentences(1) == [rule, label.strip("・") + reason + exception], label
    index = PageIndex({1: f"{rule}本体を傾けないでください。\n{reason}{exception}"})
    assert index.quotable_sentences(1)[-1] == reason + exception  # two rules before it: which one's reason?
    # review29 F1: a page that opens with a reason and its exception, and ends on a one-sentence line, crashed
    index = PageIndex({1: "This may damage the coating. However, a soft cloth may be used on the glass panel.\n"
                          "Wipe the outside of the kettle with a dry cloth after each use.\n"
                          "Never fill the kettle above the MAX mark of 1.7 litres."})
    assert len(index.quotable_sentences(1)) == 3
    # the same in English, each sentence on its own line (a text file)
    index = PageIndex({1: "Do not immerse the kettle in water.\nThis may cause an electric shock.\n"
                          "However, the lid may be rinsed under the tap.\n"})
    assert index.quotable_sentences(1) == ["Do not immerse the kettle in water. This may cause an electric shock. "
                                           "However, the lid may be rinsed under the tap."]


def test_quotes_leave_out_clause_numbers_that_count_up_and_keep_values_times_and_versions():
    """review23 F4: "... in any one policy year. 5.4 An approved engineer must be given access ..." read as a stray
    value in a summary paragraph. The first fix cut values, times and versions too (review26 F5): a number goes
    only when the clause numbers count up down the page and a sentence in capitals follows it."""
    index = PageIndex({1: "5.3 You must keep the appliance in good working order and use it as the maker says.\n"
                          "5.4 An approved engineer must be given access to the appliance at the agreed time.\n"
                          "2.5 Million households are expected to switch by 2030.\n"
                          "1.5 m is the minimum distance to any window or door.\n",
                       2: "09.00 Registration opens in the main hall of the Kongresshaus.\n"
                          "09.30 The Mayor of Zurich gives the welcome address.\n",
                       3: "3.2 Removed support for Windows 7 and the HX-20 control panel.\n"
                          "3.1 Fixed the timer bug reported in March 2026.\n",
                       4: "3.0 The HX Cloud app gives remote monitoring.\n3.1 The HX-20 panel is no longer sold.\n"
                          "•\n"})  # (a bare bullet line is an empty sentence: no crash)
    assert index.quotable_sentences(1) == [
        "You must keep the appliance in good working order and use it as the maker says.",
        "An approved engineer must be given access to the appliance at the agreed time.",
        "2.5 Million households are expected to switch by 2030.",
        "1.5 m is the minimum distance to any window or door."]
    for page in (2, 3, 4):
        assert all(q[0].isdigit() for q in index.quotable_sentences(page)), index.quotable_sentences(page)
    # review29 F2: a value before a unit, a currency or a noun it counts, in a run of values, stays
    index = PageIndex({1: "2.4 GHz and 5 GHz bands are supported for Wi-Fi 6 clients.\n"
                          "2.5 Gbps Ethernet port is provided for the WAN uplink.\n",
                       2: "3.1 EUR per unit is the agreed price for the first batch.\n"
                          "3.2 EUR per unit applies to all later batches.\n",
                       3: "2.4 Single sign-on is available on all plans.\n2.5 Dark mode is the default theme.\n"})
    for page in (1, 2, 3):
        assert all(q[0].isdigit() for q in index.quotable_sentences(page)), index.quotable_sentences(page)


def test_a_restatement_that_keeps_one_of_two_nots_has_lost_the_other():
    """review23 F8: "A request that has not been answered within 5 working days is treated as approved." passed for
    "... has not been answered within 5 working days is not treated as approved": it still said "not" once. In
    English the noes are counted; a restatement with both, or with its own single one, is fine."""
    source = "A request that has not been answered within 5 working days is not treated as approved; please call HR."
    index = PageIndex({1: source + " Leave is booked in the HR portal by the employee."})
    assert index.faithful("A request that has not been answered within 5 working days is treated as approved.") == source
    for right in ("A request that has not been answered within 5 working days is not treated as approved.",
                  "Leave is booked in the HR portal by the employee."):
        assert index.faithful(right) in (right, source)  # (a copy cut short comes back whole)
    # a "without" counts as the "no" it can be: under "We will not pay for:", "theft without signs of forced entry"
    # is restated by "with no signs ... is not covered", and not by "with signs ... is not covered"
    index = PageIndex({1: "What is not covered. We will not pay for:\n- theft without signs of forced entry;\n"
                          "- bicycles stored outside with no lock;\n- wear and tear.\n\nThe excess is 150 EUR per claim."})
    for right in ("Theft with no signs of forced entry is not covered.", "Bicycles stored outside without a lock are not covered."):
        assert index.faithful(right) == right, right
    for wrong in ("Theft with signs of forced entry is not covered.", "Bicycles stored outside with a lock are not covered."):
        assert not index.faithful(wrong), wrong


def test_a_clause_restated_with_the_opposite_word_of_its_own_clause_gives_way():
    """review23 F10: "0.5 or more are rounded down; smaller fractions are rounded up" passed for "... rounded up;
    ... rounded down": both words were in both sentences, so no word for the opposite was seen. Clause by clause
    they are: and so "The fee reduces by 3 % each year" for "The fee increases by 3 % each year; support hours
    are reduced to 20 hours a month" (review21's candidates)."""
    rounding = "Fractions of a day of 0.5 or more are rounded up; smaller fractions are rounded down."
    fee = "The fee increases by 3 % each year; support hours are reduced to 20 hours a month in the second year."
    index = PageIndex({1: f"{rounding} Leave is booked in the HR portal.", 2: fee})
    for wrong, source in (("Fractions of a day of 0.5 or more are rounded down; smaller fractions are rounded up.",
                           rounding), ("Smaller fractions are rounded up.", rounding),
                          ("The fee reduces by 3 % each year.", fee),
                          ("Support hours are increased to 20 hours a month in the second year.", fee)):
        assert index.faithful(wrong) == source, wrong
    assert index.faithful("The fee increases by 3 % each year.") in ("The fee increases by 3 % each year.", fee)


def test_an_exclusion_with_its_own_unless_is_not_read_as_cover():
    """review23 F7: "We will pay for breakdown caused by limescale." passed on "We will not pay for: ... b)
    breakdown caused by limescale, unless the appliance is a dishwasher or washing machine and you have used a
    water softener or descaler as the manufacturer recommends;": the item's long "unless" kept the text under 30 %
    of it, so it was not measured against it. The rule before the "unless" is what a restatement must hold; and a
    restatement of an item that loses the item's own "unless" misquotes it too."""
    index = PageIndex({1: "PART 4. WHAT IS NOT COVERED\nWe will not pay for:\na) cosmetic damage such as dents or "
                          "scratches that does not affect how the appliance works;\nb) breakdown caused by limescale, "
                          "unless the appliance is a dishwasher or washing machine and you have used a water softener "
                          "or descaler as the manufacturer recommends;\nc) wear and tear of door seals.\n\n"
                          "The excess is 50 pounds for each claim."})
    for wrong in ("We will pay for breakdown caused by limescale.", "Breakdown caused by limescale is covered.",
                  "Breakdown caused by limescale is not covered."):
        assert not index.faithful(wrong), wrong
    right = ("Breakdown caused by limescale is not covered unless the appliance is a dishwasher or washing machine "
             "and you have used a water softener.")
    assert index.faithful(right) == right


def test_review25_regressions_of_the_quote_and_restatement_rules():
    """review25 (a regression check of this session's changes): each case was right before them and wrong after."""
    # F1: two "without"s are no "not" + "without"
    index = PageIndex({1: "Without written approval from HR, staff may not work from abroad.\n"
                          "Report any data breach to the security team without delay."})
    assert index.faithful("Without written approval from HR, staff may work from abroad without restriction.") == \
        "Without written approval from HR, staff may not work from abroad."
    # F2, F10: the old side of a change takes a date with its weekday and time; a period is no change
    assert change_sides("日程を4月1日(水) 10:00から4月8日(水) 14:00に変更しました。") == ({"1", "10:00"}, {"8"})
    assert change_sides("日程を4月1日 午前10時から4月8日 午後2時に変更") == ({"1", "10"}, {"8"})
    assert change_sides("2026年4月1日から9月30日に、本店の営業時間を変更します。") == (set(), set())
    # F4: a lettered label is a term of its own: A社 is not B社
    index = PageIndex({1: "見積もりはA社とB社から取得した。\n契約はA社と締結した。\n研修はB会議室で行います。"})
    assert index.faithful("契約はB社と締結した。") == "契約はA社と締結した。"
    assert index.faithful("研修はA会議室で行います。") == "研修はB会議室で行います。"
    assert index.faithful("見積もりはA社とC社から取得した。") in ("見積もりはA社とB社から取得した。", None, "")
    # F5, F6: proposals are skipped only in minutes that turn some down, and not with their outcome
    study = {1: "The results suggested that 64% of participants walked more than 5,000 steps a day after the trial.\n"
                "The proposed route runs 4.2 km along the river and needs two new bridges."}
    assert len(salient_sentences(PageIndex(study), study, 2)) == 2
    minutes = {1: "Mr Lee proposed a 3% pay rise for all staff from 1 July 2026, which the board approved unanimously.\n"
                  "Ms Novak moved that the annual membership fee be raised to 40 EUR; the motion passed 4-1.\n"
                  "The proposal to close the cafe on Sundays was rejected by 5 votes to 2."}
    picked = [s for s, _ in salient_sentences(PageIndex(minutes), minutes, 3)]
    assert any(s.startswith("Mr Lee proposed") for s in picked) and any(s.startswith("Ms Novak") for s in picked)
    # F7, F8: a page marking limits no clause; a short numbered rule is no title
    index = PageIndex({1: "関係者限り\n本書は2026年4月1日から適用する。\n",
                       2: "3.2 The pool is for members only.\n3.3 Children under 14 must be accompanied by an adult at "
                          "all times. Lifeguards are on duty from 8:00 to 20:00.\n"})
    assert index.quotable_sentences(1) == ["本書は2026年4月1日から適用する。"]
    assert index.quotable_sentences(2)[0] == "The pool is for members only."  # (3.2, 3.3: clause numbers go)
    assert "Lifeguards are on duty from 8:00 to 20:00." in index.quotable_sentences(2)
    # F9: an instruction after a rule under a condition is not that rule's
    index = PageIndex({1: "宿泊費が上限を超える場合は、事前に所属長の承認を得る。出張報告書は帰着後5日以内に提出してください。"})
    assert len(index.quotable_sentences(1)) == 2
    # F12: "*Item" is a list item
    assert strip_bullets("*Keep the lid closed.") == "Keep the lid closed."


def test_review26_regressions_of_the_mended_rules():
    """review26 (a regression check of the review25 mends): each case was right before them and wrong after."""
    # F1: an English reason with its "However" goes with the rule before it, in one paragraph
    index = PageIndex({1: "Do not fill the kettle above the MAX mark. This may cause boiling water to spill out. However, "
                          "this does not apply when the supplied measuring cup is used.\nKeep the cord away from the hob."})
    assert index.quotable_sentences(1)[0].startswith("Do not fill the kettle above the MAX mark. This may cause")
    # F2: minutes that vote proposals down in other words
    minutes = {1: "Ms Novak proposed selling the minibus to fund the new kitchen.\n"
                  "After discussion the proposal was voted down 2-5.\nThe 2026 budget of 3.4 million GBP was approved."}
    assert not [s for s, _ in salient_sentences(PageIndex(minutes), minutes, 3) if "proposed selling" in s]
    # F3: a letter before a particle labels nothing; "A 社" (PDF spacing) is "A社"
    assert terms("プランAの月額") == terms("プランAは月額")[:2] + ["の月", "月額"] and terms("A 社と")[0] == "a社"
    index = PageIndex({1: "見積もりはA 社から取得した。プランAの月額は980円です。"})
    assert index.faithful("プランAは月額980円です。") and index.faithful("見積もりはA社から取得した。")
    # F9: a limit after a dash is a limit; a marking after a dash is not
    index = PageIndex({1: "Accidental damage – Gold plan only\nWe will pay up to 500 GBP to repair an appliance that "
                          "suffers accidental damage.\n\nService manual - internal use only\nThe unit weighs 14.5 kg."})
    assert index.quotable_sentences(1) == [
        "Accidental damage – Gold plan only: We will pay up to 500 GBP to repair an appliance that suffers accidental "
        "damage.", "The unit weighs 14.5 kg."]
    # F10: a polite diagnosis under a condition takes the instruction after it
    index = PageIndex({1: "エラーE4が表示されたときは、給水タンクが空です。給水タンクに水を補充してください。"})
    assert index.quotable_sentences(1) == ["エラーE4が表示されたときは、給水タンクが空です。給水タンクに水を補充してください。"]
    # F12: a change of an object with a clause before its verb
    assert change_sides("定例会の開始時刻を10時から11時に、会場の都合により変更します。") == ({"10"}, {"11"})
    # F8: Markdown emphasis at the start of a line is no list marker
    assert strip_bullets("*Important*: do not stack the units.") == "*Important*: do not stack the units."


def test_japanese_with_a_compound_the_document_never_writes_is_not_supported():
    """smollm2's Japanese passed with invented words (直森, 発昇) because half the kanji bigrams sufficed
    (review6 ja H1). Two kanji/katakana pairs the document never writes (or a fifth of the text's) now fail the
    check; the document's own compounds, common ones and meta words such as 本文書 pass."""
    index = PageIndex({1: "令和７年１１月１４日、データベースサーバーでディスク障害が発生し、受注システムが停止した。"
                          "情報システム部の森田が原因を調査した。この設定の誤りは、定期点検では発見されなかった。"})
    assert not is_supported("直森システム部がデータベースサーバーできなくなった。", index)
    assert not is_supported("データベルコロディスク障害が発昇しまがくっとよい。", index)
    assert is_supported("データベースサーバーでディスク障害が発生し、受注システムが停止した。", index)
    assert is_supported("本文書は、情報システム部の森田が原因を調査したと記載している。", index)
    # a paraphrase makes a compound or two of its own (費精 of 経費精算, 必要): one among many, or a common one,
    # is no invented word (review6 diff M2)
    index = PageIndex({1: "経費の精算は、経理部の担当者が毎月末に確認する。出張の申請は、上長の承認を得てから行う。"})
    assert is_supported("経費精算は経理部の担当者が毎月末に確認する。", index)
    assert is_supported("出張の申請は、上長の承認を得てから行う必要がある。", index)


def test_quoted_key_points_do_not_repeat_the_quoted_summary_and_keep_reading_order(tiny, monkeypatch):
    """Both fallbacks quoted the same top sentences, so the key points repeated the summary word for word, and a
    sentence whose line had a full-width space was sorted first (find() = -1 on the normalised quote) (review6
    ja L5, L2)."""
    model, tok = tiny
    scripted_model(monkeypatch, "The document.", "- Contents")
    doc = Document("guide.txt", [
        Page(1, "09:12\u3000The monitoring system detected the failure of the order database server first. "
                "The order system stopped for all customers in the western region at once."),
        Page(2, "The disk controller of the database server was replaced on the same evening by the vendor. "
                "Orders were entered again by hand from the paper forms of that afternoon."),
        Page(3, "Backups of the order database are now checked every morning by the operations team. "
                "The vendor visits the data centre every month to test the disk controllers."),
    ], language="en", meta={"empty_pages": []})
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short"), "t")
    summary_sentences = split_sentences(result.summary)
    assert len(summary_sentences) == 3
    assert not [p.text for p in result.key_points if p.text in summary_sentences]
    pages = [p.pages[0] for p in result.key_points]
    assert pages == sorted(pages)
    whole = " ".join(" ".join(p.text.split()) for p in doc.pages)
    starts = [whole.find(s) for s in summary_sentences]
    assert -1 not in starts and starts == sorted(starts)


def test_a_table_row_is_no_label_of_the_next_row():
    """A row without a sentence end counted as the label of the row below, so "在宅勤務手当は、月額30,000円" passed
    on the next row's figure (review6 ja M2). Only a label line without a number of its own lends its words."""
    index = PageIndex({1: "手当\n在宅勤務手当　月額3,000円\n通信費補助　月額2,000円\n機器購入補助　上限30,000円\n"
                          "Rated power\n1500 W"})
    assert not is_supported("在宅勤務手当は、月額30,000円である。", index)
    assert is_supported("在宅勤務手当は、月額3,000円である。", index)
    assert is_supported("機器購入補助は、上限30,000円である。", index)
    assert is_supported("The rated power is 1500 W.", index)


def test_a_full_width_period_inside_a_name_ends_no_sentence():
    """ＣＯ．，ＬＴＤ．は… and ＡＢＣ．ｃｏｍ were cut into pieces (review6 ja L4)."""
    assert split_sentences("ＭＩＮＡＴＯ ＶＩＥＴＮＡＭ ＣＯ．，ＬＴＤ．は、ハノイ市にある。株式会社ＡＢＣ．ｃｏｍと提携した。"
                           "圧力は３．５ＭＰａである．次に進む。") == [
        "ＭＩＮＡＴＯ ＶＩＥＴＮＡＭ ＣＯ．，ＬＴＤ．は、ハノイ市にある。", "株式会社ＡＢＣ．ｃｏｍと提携した。",
        "圧力は３．５ＭＰａである．", "次に進む。"]


def test_a_summary_does_not_open_with_a_pronoun_whose_sentence_was_dropped(tiny, monkeypatch):
    """Once the model's first (meta, unsupported) sentence was dropped, the summary opened with "It also
    covers ..." (review6 M3): such a sentence goes too; the model's own first sentence may open so."""
    model, tok = tiny
    scripted_model(monkeypatch, "Quantum routers accelerate blockchain synergy for every home owner. It also says "
                                "to wipe the blades with a damp cloth once a month. The fan has three speed "
                                "settings and a quiet night mode.", "- Unplug the fan before cleaning it.")
    result = summarize_document(manual_doc(), model, tok, SummarizeOptions(length="short"), "t")
    assert result.summary == "The fan has three speed settings and a quiet night mode."


def test_a_labelled_number_must_stand_in_its_labels_row():
    """In a table every row shares "full day EUR" with every other, so "Albania: full day Euro 34" passed on
    Hungary's row (review6 H2). A text that opens with a label needs the label in the number's sentence; a
    generic label ("Note:") does not count."""
    index = PageIndex({1: "Daily rates\nAlbania: full day EUR 44, partial day EUR 29, hotel limit EUR 125\n"
                          "Hungary: full day EUR 34, partial day EUR 23, hotel limit EUR 185\n"
                          "Warning: Do not open the housing, 230 V inside."})
    assert not is_supported("Albania: full day Euro 34.", index)
    assert is_supported("Albania: full day EUR 44.", index)
    assert is_supported("Note: the housing carries 230 V inside.", index)


def test_a_quoted_summary_of_a_long_document_draws_on_every_part():
    """The quoted summary of a 12-page report came from pp. 1-3 only (review6 ja L5): with several parts the
    quotes are the best sentence of each part, spread over the document."""
    from docproc.chunking import Chunk
    texts = {1: "The office opens at 8 o'clock every weekday morning for all staff. Visitors sign in at the front "
                "desk downstairs before their meeting.",
             2: "The office canteen serves lunch from noon until two o'clock for all staff. Visitors may eat in "
                "the canteen with their host.",
             3: "Company cars are booked through the facilities portal one week ahead. Fuel cards are issued with "
                "every car for business trips only.",
             4: "Expense claims are approved by the line manager within ten working days. Receipts must be "
                "scanned and attached to every claim."}
    chunks = [Chunk(pages=[1, 2], text="", n_tokens=0), Chunk(pages=[3], text="", n_tokens=0),
              Chunk(pages=[4], text="", n_tokens=0)]
    picked = quotes_across(chunks, PageIndex(texts), texts, 3)
    assert sorted(page for _, page in picked)[0] in (1, 2) and {3, 4} <= {page for _, page in picked}
    assert len(picked) == 3


def test_a_copied_header_line_of_any_length_does_not_lead_the_next_sentence():
    """"Hokuto Systems Inc., effective 1 October 2025" (six words, no sentence end) was glued to the summary's
    first sentence (review6 ja L6): a line that neither ends a sentence nor goes on in the next is no part of it."""
    assert clean_summary("Hokuto Systems Inc., effective 1 October 2025\nEvery business trip must be approved "
                         "in advance by the employee's manager.", True) == [
        "Every business trip must be approved in advance by the employee's manager."]


def test_a_quote_or_a_paraphrase_of_the_right_sentence_is_not_swapped_for_a_neighbour():
    """The misquote rule took the later, longer sentence that contained all of a text's words: the model's exact
    quote "Pets are not allowed in the building." became "Pets are allowed ... only on weekends ...", and an
    exact quote followed by a long "However" sentence was dropped (review6 diff H1, M5). A sentence of the document
    stays itself; a paraphrase is compared with sentences it also covers well, and stays when one of them has its
    polarity; "少ない", "必ず、" and "Form No. 5" are no negations."""
    index = PageIndex({1: "Pets are not allowed in the building. Pets are allowed in the building only on weekends "
                          "when the manager agrees. Employees may work remotely. Employees may not work remotely "
                          "during their probation period.",
                       2: "The office opens at 9 am on weekdays. However, during the summer months the office opens "
                          "at 8 am on weekdays and closes early on Fridays for all staff in every building of the "
                          "company campus and its branch offices across the region, which the facilities team "
                          "announces by e-mail each spring before the season starts and again in the staff bulletin "
                          "that goes to every employee, contractor and visitor badge holder on the first working day "
                          "of each month.",  # rule and exception too long to quote together
                       3: "Form No. 5 must be submitted to the finance office by the end of each quarter. "
                          "当社の年間休日は少ないが、有給休暇の取得率は高い。書類は必ず、上長に提出する。"})
    for text in ("Pets are not allowed in the building.", "Employees may work remotely.",
                 "The office opens at 9 am on weekdays.", "Pets are never allowed inside the building.",
                 "Form 5 must be submitted to the finance office by the end of each quarter.",
                 "当社の有給休暇の取得率は高い。", "書類は上長に提出する。"):
        assert index.faithful(text) == text, text


@pytest.mark.parametrize("line, quoted", [
    ("(03) 5555-1234 is the number of the support line.", "(03) 5555-1234 is the number of the support line."),
    ("２ 名以上の担当者で対応し、記録を残すこと。", "２ 名以上の担当者で対応し、記録を残すこと。"),
    ("１ 日８時間を超えて労働させてはならない。", "１ 日８時間を超えて労働させてはならない。"),
    ("２　社外宛てのメールには共有サービスを使用する。", "社外宛てのメールには共有サービスを使用する。"),
    ("（１）本社は東京都港区にある。", "本社は東京都港区にある。"),
    # a paragraph number before a count was kept and read with it as "21件" (review24 L1); a row of counts stays
    ("2 1件3,000円未満の交通費については、記載をもって領収書に代えることができる。",
     "1件3,000円未満の交通費については、記載をもって領収書に代えることができる。"),
    ("1 2名 3名 4名", "1 2名 3名 4名"),
    ("4 12名 新入社員を含む全員が参加した。", "4 12名 新入社員を含む全員が参加した。"),  # a month and a count (review29 F3)
])
def test_list_markers_are_not_area_codes_or_counts(line, quoted):
    """The new markers ate an area code and counts from quotes (review6 diff H2)."""
    from docproc.text import BULLET

    assert BULLET.sub("", line) == quoted


def test_a_quote_after_its_clause_title_keeps_its_placein_reading_order():
    """review31 F5: "Theft (Gold plan only): We pay ..." was looked for by its title, not found, and sorted last."""
    pages = {1: "Home insurance policy\nTheft (Gold plan only)\nWe pay up to GBP 20,000 for theft after a forced "
                "entry.\nStorm damage\nWe pay up to GBP 50,000 for storm damage to the building.\n"
                "The excess is GBP 250 for every claim.\n"}
    quotes = [(q, 1) for q in PageIndex(pages).quotable_sentences(1)]
    assert quotes[0][0].startswith("Theft (Gold plan only): ")
    assert in_reading_order(quotes[::-1], pages) == quotes


def test_a_quote_does_not_open_on_words_that_point_back():
    """review27 F8: key points quoted 「その後は勤続年数に応じて…」 (after what?) and "It contains no configuration
    changes ..." (what does?): such openings point to a sentence the reader does not see."""
    pages = {1: "その後は勤続年数に応じて付与日数を加算し、勤続6年6か月以上で年20日を上限とする。\n"
                "年次有給休暇は、入社日から6か月間継続勤務した従業員に10日付与する。\n"}
    assert salient_sentences(PageIndex(pages), pages, 1) == [
        ("年次有給休暇は、入社日から6か月間継続勤務した従業員に10日付与する。", 1)]
    # (「その後の手続きについては…」 stands alone: review30 F8)
    pages = {1: "その後の手続きについては、総務部（内線2401）が窓口となる。\n"}
    assert salient_sentences(PageIndex(pages), pages, 1) == [("その後の手続きについては、総務部（内線2401）が窓口となる。", 1)]
    assert _BARE_PRONOUN.match("It contains no configuration changes.")
    assert _BARE_PRONOUN.match("They must be returned within 14 days.")
    assert not _BARE_PRONOUN.match("It is forbidden to smoke in the building.")
    assert not _BARE_PRONOUN.match("It was decided that the office moves in June.")


def test_a_page_written_with_pronouns_still_has_sentences_to_quote():
    """Skipping every sentence that opened with This/It/They (and any word starting with 一方, as 一方通行) left such
    pages nothing to quote (review6 diff M3): they are only quoted less readily now."""
    pages = {1: "This policy applies to all employees of the company in every country.\n"
                "It sets out the rules for travel, expenses and reimbursement of costs.",
             2: "一方通行の道路では、自転車も逆方向に走行してはならないと定められている。"}
    picked = {page for _, page in salient_sentences(PageIndex(pages), pages, 3)}
    assert picked == {1, 2}


def test_dates_are_no_contents_list_and_a_full_width_period_before_a_capital_ends_a_sentence():
    """Three "3 March, 10 April, 15 May" dates made a sentence a contents list, never quoted; "図１に示す．Ｘ線…"
    stayed one sentence; a CJK quote across a line wrap sorted last on its page (review6 diff M4, L1, L2)."""
    assert not is_contents_list("The works council meets on 3 March, 10 April and 15 May to discuss the survey.")
    assert is_contents_list("Contents: 1 Working time, 2 Holidays and leave, 3 Sickness.")
    assert is_contents_list("Chapters 4 Safety, 5 Setup, 6 Use and 7 Care follow.")
    assert split_sentences("これを図１に示す．Ｘ線の強度は距離とともに減少する．本研究ではＣＰＵ．次にメモリを評価した．") == [
        "これを図１に示す．", "Ｘ線の強度は距離とともに減少する．", "本研究ではＣＰＵ．", "次にメモリを評価した．"]
    page = ("本社の移転について説明する。移転先は東京都港区の新しいオフィスビ\nルであり、来年の春に完成する予定で\nある。\n"
            "移転に伴い、代表電話の番号が変わる。")
    first = "移転先は東京都港区の新しいオフィスビルであり、来年の春に完成する予定である。"
    assert in_reading_order([("移転に伴い、代表電話の番号が変わる。", 1), (first, 1)], {1: page})[0][0] == first


def test_a_percentage_may_stand_as_a_bare_number_under_a_percent_header():
    """The percent rule refused "30%" where a table states the sign once ("Share (%)", 割合（％）) and "5 percent"
    against "5-percent" (review6 diff M6); "30%" against "within 30 days" stays refused."""
    assert is_supported("Europe has a 30% market share.", PageIndex({1: "Market share by region (%)\nRegion    Share\n"
                                                                      "Europe    30\nAsia    45\n\nEurope is the "
                                                                      "largest market for the company."}))
    assert is_supported("東京の割合は30％である。", PageIndex({1: "割合（％）\n東京 30\n大阪 25\n東京の割合が最も高い。"}))
    assert is_supported("The loan carries a 5 percent interest rate in the first year.",
                      PageIndex({1: "The loan carries a 5-percent interest rate for the first year."}))
    assert not is_supported("The Customer is entitled to a 30% credit.",
                          PageIndex({1: "Credits must be claimed in writing within 30 days. The Customer is entitled "
                                        "to a credit of 10 percent of the monthly fee."}))


def test_quoted_key_points_do_not_repeat_a_quoted_rule_with_its_exception(tiny, monkeypatch):
    """The summary's quotes were split into sentences to be avoided, so a quoted rule with its ただし sentence (one
    quote) came back as a key point (review6 e2e on the ja security policy)."""
    model, tok = tiny
    scripted_model(monkeypatch, "文書。", "- 文書")
    doc = Document("rules.txt", [Page(1, (
        "従業員は、「極秘」に分類された情報を社外に持ち出してはならない。ただし、情報セキュリティ委員長が書面で許可した場合は"
        "この限りでない。\n社外宛てのメールに「社外秘」の情報を添付する場合は、当社が指定するファイル共有サービスを使用する。\n"
        "従業員は、私物のパソコンを業務に使用してはならない。ただし、情報システム部の承認を受けた場合を除く。\n"
        "情報セキュリティ事故を発見した者は、直ちに情報システム部に報告しなければならない。\n"
        "報告を受けた情報システム部は、２４時間以内に情報セキュリティ委員長へ第一報を提出する。\n"
        "パスワードは１２文字以上とし、他のサービスと同じものを使用してはならない。"))],
        language="ja", meta={"empty_pages": []})
    result = summarize_document(doc, model, tok, SummarizeOptions(length="short"), "t")
    points = [p.text for p in result.key_points]
    assert points and not [p for p in points if p in result.summary]


def test_the_document_is_not_the_subject_of_a_fact():
    """On the README's own sample smollm2 wrote "The document must be installed in rooms where ..." and "The
    document requires a double-pole isolating switch": the document made the subject of what it says. Such a key
    point is dropped; a summary sentence may still say what the document describes."""
    raw = ("- The document must be installed in rooms where the ambient temperature stays above 5 °C.\n"
           "- The document includes a filter symbol for indoor humidity.\n"
           "- The unit must be installed in rooms where the ambient temperature stays above 5 °C.")
    assert parse_points(raw, True) == ["The unit must be installed in rooms where the ambient temperature stays "
                                       "above 5 °C."]
    assert clean_summary("The document describes the installation and maintenance of the HX-40 ventilator. The "
                         "document requires a double-pole isolating switch with a contact gap of 3 mm.", True) == [
        "The document describes the installation and maintenance of the HX-40 ventilator."]


def test_a_lettered_name_ends_a_sentence_but_an_initial_does_not():
    """"... listed in Annex B. Site-essential staff ..." stayed one sentence, the "B." read as an initial
    (review6 en L2)."""
    assert split_sentences("Use Plan A. The backup plan is Plan B. Staff are listed in Annex B. Site staff may work "
                           "remotely. The chair was M. Okafor.") == [
        "Use Plan A.", "The backup plan is Plan B.", "Staff are listed in Annex B.", "Site staff may work remotely.",
        "The chair was M. Okafor."]
    # nor is a one-letter unit after a number (review8 L1)
    assert split_sentences("Cool it below 40 degrees C. Let it rest. Store it at 5 °C. Then seal it. It runs on "
                           "24 V. If not, call.") == [
        "Cool it below 40 degrees C.", "Let it rest.", "Store it at 5 °C.", "Then seal it.", "It runs on 24 V.",
        "If not, call."]


def test_an_enumeration_that_goes_round_in_circles_is_a_loop():
    """review8 M4: a third of a specification's summary was "... the maximum and minimum temperature, maximum and
    minimum time, maximum and maximum time, maximum time, minimum time, ..." (no such times exist). A real list
    of different things stays."""
    circles = ("The logger records the temperature and humidity. It also includes a list with the maximum and "
               "minimum temperature, maximum and minimum time, maximum and maximum time, maximum time, minimum "
               "time, minimum temperature, minimum time, and minimum time.")
    assert clean_summary(circles, True) == ["The logger records the temperature and humidity."]
    # a shorter one, seen after the first fix: a word joined to itself
    assert clean_summary("It also contains a list of requirements, including the maximum and maximum temperature, "
                         "maximum time, and maximum time.", True) == []
    assert clean_summary("Prices rose more and more over the year.", True) == ["Prices rose more and more over the year."]
    for real in ("The kit includes a pump, two hoses, four clamps, a filter, a wrench and a manual.",
                 "Readings are taken at 5, 10, 15, 20, 25 and 30 minutes.",
                 "Check the filter, the fan, the filter housing, the fan guard, the filter seal and the fan motor.",
                 "出席者は山田、佐藤、鈴木、田中、高橋、伊藤の6名である。"):
        assert clean_summary(real, True) == [real]


def test_points_about_the_same_code_that_say_the_same_are_said_once():
    """The README sample's key points were "The outdoor temperature is measured by sensor T1" and "The outdoor air
    is measured by T1" (and the same twice for RH1): 75 % of the smaller one's words, the code included."""
    points = ["The outdoor temperature is measured by sensor T1.", "The indoor humidity is checked by sensor RH1.",
              "The outdoor air is measured by T1.", "The indoor air is checked by RH1.",
              "Filter F1 is cleaned every month.", "Filter F1 is replaced every year.",
              "Clean the outdoor air filter.", "Clean the extract air filter."]
    assert dedupe(points) == [points[0], points[1], *points[4:]]


def test_a_thing_said_to_be_itself_is_no_point_and_a_restated_point_is_said_once():
    """smollm2 wrote "2025年4月14日は2025年4月14日です。" as a key point and "reassign one engineer from the mobile
    team to the mobile team" in a summary; and a quote that restated the model's point was kept beside it
    (review7)."""
    raw = ("- 2025年4月14日は2025年4月14日です。\n- The CP-7 coolant pump is the CP-7 coolant pump.\n"
           "- The board will reassign one engineer from the mobile team to the mobile team.\n"
           "- The pump is rated at 40 W for continuous duty.")
    assert parse_points(raw, True) == ["The pump is rated at 40 W for continuous duty."]
    assert dedupe(["Release 4.2 is postponed to 4 April.",
                   "Release 4.2 is moved from 21 March to 4 April because the payment tests failed.",
                   "Albania: full day EUR 44, partial day EUR 29.", "Algeria: full day EUR 49, partial day EUR 33."]) == [
        "Release 4.2 is postponed to 4 April.", "Albania: full day EUR 44, partial day EUR 29.",
        "Algeria: full day EUR 49, partial day EUR 33."]


def test_fewer_key_points_than_asked_are_announced(tiny):
    """review12 M7: a run left 1 of 5 key points and no warning said so; a reader took it for all there was."""
    model, tok = tiny
    doc = manual_doc()
    result = summarize_document(doc, model, tok, SummarizeOptions(length="long", max_new_tokens=12), "tiny")
    assert 0 < len(result.key_points) < 8  # the manual has fewer distinct sentences than 8 besides the summary's
    assert f"only {len(result.key_points)} of 8 key points" in " ".join(result.warnings)


def test_a_rule_restated_without_its_exception_gives_way_to_the_whole():
    """review12 H1 (seen in a run): 「屋外では使用できません。」 passed without its ただし exception (outdoor use with
    cover WC-3): the rule and its exception are one piece, and a restatement of the rule alone held too little of
    that piece to count as restating it. H2: a copy of a numbered clause without its number ("3.3") did not find
    its clause either."""
    index = PageIndex({1: "本製品は屋外では使用できません。ただし、防水カバー WC-3（別売）を取り付けた場合は、雨天時を除き屋外で"
                          "使用できます。\n3.3 電源コードは延長しないでください。ただし、断面積 2.0 mm² 以上の延長コードを使用する"
                          "場合は、長さ 10 m まで延長できます。",
                       2: "Do not use the winch outdoors. However, it may be used outdoors with the WC-3 rain cover "
                          "fitted, except in rain.\n3.3 Do not extend the power cord. However, an extension cord of at "
                          "least 2.0 mm2 may be used up to a length of 10 m.\n(c) suspension of the Service for unpaid "
                          "invoices."})
    for text, whole in (
            ("屋外では使用できません。", "本製品は屋外では使用できません。ただし、防水カバー WC-3（別売）を取り付けた場合は、"
                                       "雨天時を除き屋外で使用できます。"),
            ("電源コードは延長しないでください。", "電源コードは延長しないでください。ただし、断面積 2.0 mm² 以上の延長コードを"
                                                 "使用する場合は、長さ 10 m まで延長できます。"),
            ("The winch must not be used outdoors.", "Do not use the winch outdoors. However, it may be used outdoors "
                                                    "with the WC-3 rain cover fitted, except in rain."),
            ("Do not extend the power cord.", "Do not extend the power cord. However, an extension cord of at least "
                                              "2.0 mm2 may be used up to a length of 10 m.")):
        assert index.faithful(text) == whole, text
    # "(c)" is a list marker; a clause number stays (it is a value as often: review14 H4)
    assert strip_bullets("(c) suspension of the Service") == "suspension of the Service"
    for value in ("4.1.2 The Provider SHALL pay.", "2.5 Million users signed up.", "1.5 メートル以上離して設置する。"):
        assert strip_bullets(value) == value


def test_a_spec_table_value_keeps_its_row():
    """review12 H3: 「本体質量は 300 kg です。」 passed (300 kg is the rated load; the mass is 14.5 kg): the number's
    own unit was the one word it shared with the 300 kg sentence. A text that restates a table row with another
    number is dropped (a row is no sentence to put in its place), and one that agrees with its row is not
    replaced by a warning sentence that shares its words."""
    index = PageIndex({1: "本製品は、最大 300 kg までの荷物を巻き上げる電動ウインチです。\n仕様\n定格荷重\t300 kg\n"
                          "本体質量\t14.5 kg\n定格電流\t6.5 A\nヒューズ\t8 A\n"
                          "警告：定格荷重 300 kg を超える荷物を吊り上げないでください。"})
    for wrong in ("本体質量は 300 kg です。", "ヒューズは 6.5 A です。"):
        assert not is_supported(wrong, index), wrong
    for misquote in ("本体質量は 15.4 kg です。", "定格電流は 5.6 A です。"):
        assert index.faithful(misquote) is None, misquote
    for right in ("本体質量は 14.5 kg です。", "定格荷重は 300 kg です。", "ヒューズは 8 A です。"):
        assert is_supported(right, index) and index.faithful(right) == right, right
    # in prose a subject has many values: only a table row ties an item to its value (review14 M2)
    index = PageIndex({1: "The no-load speed is 0 to 3,100 rpm in Mode 3. In Mode 1 the drill runs at 800 rpm."})
    assert is_supported("The drill runs at up to 3,100 rpm.", index)


def test_every_row_of_a_numeric_table_keeps_its_header():
    """review12 M5: the correct second row of a service-credit table ("If availability is 95.0% to below 99.0%,
    the service credit is 10%") was refused: only the first row under the header borrowed its words. Rows of
    numbers go on under the header; a row's "if" is no condition it lost; a wrong row is dropped."""
    index = PageIndex({1: "4.1 If monthly availability falls below 99.9%, the Customer is entitled to a service "
                          "credit according to the following table:\nMonthly availability    Service credit\n"
                          "99.0% to below 99.9%    5%\n95.0% to below 99.0%    10%\n90.0% to below 95.0%    25%\n"
                          "below 90.0%             50%\n4.2 Service credits SHALL NOT exceed 50% of the monthly fee."})
    for right in ("If availability is 95.0% to below 99.0%, the service credit is 10%.",
                  "If availability is 90.0% to below 95.0%, the service credit is 25%."):
        assert is_supported(right, index) and index.faithful(right) == right, right
    assert index.faithful("If availability is 95.0% to below 99.0%, the service credit is 25%.") is None
    # a single value keeps its label: "1500 W" borrows "Rated power", "12 kg" borrows "Weight"
    index = PageIndex({1: "Specifications\nRated power\n1500 W\nWeight\n12 kg"})
    assert is_supported("The rated power is 1500 W.", index) and is_supported("The weight is 12 kg.", index)
    assert index.faithful("The weight is 15 kg.") is None
    # review14 H5, H1: a row agrees only with a text that holds all of it and no other number; a heading is no
    # row and agrees with nothing ("Covering the heater" made "Cover the heater while it is on" pass)
    index = PageIndex({1: "Monthly availability  Credit\n99.0% to 99.9%  10%\n95.0% to 99.0%  25%\nBelow 95.0%  50%\n"
                          "The rated load is 300 kg.\nRated load (stacked)\t150 kg",
                       2: "Covering the heater\nNever cover the heater while it is switched on, because it can "
                          "overheat and cause a fire."})
    assert index.faithful("An availability between 95.0% and 99.0% earns a 50% credit.") is None
    assert index.faithful("The rated load is 150 kg.") == "The rated load is 300 kg."
    assert index.faithful("Cover the heater while it is switched on.") == (
        "Never cover the heater while it is switched on, because it can overheat and cause a fire.")
    for right in ("An availability between 95.0% and 99.0% earns a 25% credit.", "The stacked rated load is 150 kg."):
        assert is_supported(right, index) and index.faithful(right) == right, right
    # review15 H7: a row's verdict restated with its label alone is compared with the row, not its six numbers
    index = PageIndex({1: "| Test | Parameter | Min | Typ | Max | Limit | Unit | Verdict |\n"
                          "| T2 | Ripple and noise | 38 | 52 | 71 | 120 max | mV p-p | PASS |\n"
                          "| T4 | No-load power consumption | 0.21 | 0.27 | 0.34 | 0.30 max | W | FAIL |"})
    for wrong in ("No-load power consumption: PASS.", "Ripple and noise: FAIL."):
        assert index.faithful(wrong) is None, wrong
    for right in ("No-load power consumption: FAIL.", "Ripple and noise: PASS."):
        assert is_supported(right, index) and index.faithful(right) == right, right


def test_minutes_are_quoted_by_their_decisions_not_by_proposals():
    """review23 F2: board minutes were summarized by "The Chief Executive proposed selling the vacant house at 12
    Alder Grove ...", a sale the board rejected 2-5, and no decision was quoted. A proposal is quoted only with
    its outcome in it, and decisions rank as the facts of minutes do. F9: "**Decision:**" (Markdown bold) lost
    one asterisk as if it were a list marker; and "meeting no. 6" cut a sentence in two."""
    pages = {1: "The minutes of meeting no. 6 (13 February 2024) were approved without changes.\n\n"
                "The Chief Executive proposed selling the vacant four-bedroom house at 12 Alder Grove, which needs "
                "repairs estimated at 87,000 pounds, and using the proceeds for new homes.\n\n"
                "Daniel Achebe spoke against the sale: the waiting list has 212 households needing four bedrooms.\n\n"
                "**Decision:** The proposal to sell 12 Alder Grove was REJECTED. Vote: 2 in favour, 5 against.",
             2: "Helen Wu proposed that the inspection time should be 5 working days.\n\n"
                "The amendment proposing 5 working days was NOT carried (3 in favour, 4 against).\n\n"
                "The damp and mould policy commits the association to inspect every report within 10 working days."}
    index = PageIndex(pages)
    picked = [s for s, _ in salient_sentences(index, pages, 4)]
    assert "**Decision:** The proposal to sell 12 Alder Grove was REJECTED." in picked
    assert "The amendment proposing 5 working days was NOT carried (3 in favour, 4 against)." in picked
    assert not [s for s in picked if " proposed " in s or s.startswith(("*D", "6 ("))]
    assert split_sentences(pages[1])[0] == "The minutes of meeting no. 6 (13 February 2024) were approved without changes."
    assert strip_bullets("-40 °C is the lowest storage temperature.") == "-40 °C is the lowest storage temperature."
    assert strip_bullets("- Store the unit dry.") == strip_bullets("-Store the unit dry.") == "Store the unit dry."


def test_quotes_prefer_rules_limits_and_changes_and_skip_fragments():
    """review12 M4: the quotes of release notes held no changed default and no deprecation, those of a safety data
    sheet no "Do not induce vomiting" (under 6 words, never a candidate). M3: a list item without its lead-in
    ("(c) suspension of the Service ...", an exclusion) and the rest of a sentence from the page before were
    quoted as facts."""
    pages = {1: "Version 4.2 of the sync agent brings faster snapshots of large volumes for the sync agent. "
                "The sync agent now shows the snapshot progress of large volumes in the sync agent status view. "
                "The default connection timeout of the sync agent changed from 30 s to 60 s. "
                "Ingestion: Do not induce vomiting.\n"
                "The availability commitment does not apply to unavailability caused by:\n"
                "(c) suspension of the sync agent service because of large unpaid snapshot volumes.",
             2: "volumes of the sync agent are stored for 14 days after the snapshot of large volumes is taken. "
                "The sync agent status view shows the snapshot state."}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 3)]
    assert "The default connection timeout of the sync agent changed from 30 s to 60 s." in picked
    assert not any(s[0].islower() for s in picked), picked
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 10)]  # every candidate
    assert "Ingestion: Do not induce vomiting." in picked
    # review15 M3: a report's verdict is what it is read for
    pages = {1: "The sync agent was tested on five units at 25 degrees in the sync agent test lab of the sync agent "
                "team. The sync agent is therefore not qualified in this revision. The sync agent test lab is in "
                "building 4 of the sync agent campus."}
    assert [s for s, _ in salient_sentences(PageIndex(pages), pages, 1)] == [
        "The sync agent is therefore not qualified in this revision."]
    # review15 M2: a sentence that points to what follows, or speaks as "I", is not quoted alone
    pages = {1: "You must pay the first part of each sync agent claim (the deductible) shown below. I need the final "
                "sync agent launch date before I confirm the booking. The sync agent stores snapshots for 14 days."}
    assert [s for s, _ in salient_sentences(PageIndex(pages), pages, 3)] == [
        "The sync agent stores snapshots for 14 days."]
    pages = {1: "pH values below 6 damage the sync agent sensor membrane quickly.\n"
                "iPhone users open the sync agent app."}
    assert len(salient_sentences(PageIndex(pages), pages, 2)) == 2  # review14 L2: no fragments, these
    assert not any(s[0].islower() for s in picked), picked


def test_quotes_skip_possessive_openings_and_markdown_table_rows():
    """review18 L1/L3: "| 13:58 | The TLS client certificate expires." (a Markdown table row, pipes and all) and
    "Its efficiency reaches 95.2 % at full load." (whose?) were quoted as key points."""
    pages = {1: "The PS-2410 power supply delivers 10 A at 24 V. Its efficiency reaches 95.2 % at full load.\n"
                "| 13:58 | The TLS client certificate for the PayNorth connection expires. |\n"
                "The PS-2410 power supply must be mounted vertically with the input terminals at the bottom."}
    picked = [s for s, _ in salient_sentences(PageIndex(pages), pages, 10)]
    assert picked and not any(s.startswith(("Its", "|")) or " | " in s for s in picked), picked


def test_a_japanese_paragraph_number_is_no_number_of_its_paragraph():
    """review15 H5: in 就業規則 paragraphs numbered "2 ", "２　" the number counted as stated by its paragraph, so
    「本人が結婚するときは、2日の特別休暇を与える。」 passed (the document gives 5日; "2 特別休暇は…" shares 特別休暇).
    M1: quotes kept the number ("2 始業時刻は…")."""
    pages = {1: "第20条（特別休暇）\n1 従業員が次の各号に該当する場合には、有給の特別休暇を与える。\n（1）本人が結婚するとき　5日\n"
                "2 特別休暇は、事由発生の日から1か月以内に取得しなければならない。\n２　時間外労働は、1か月45時間を超えてはならない。"}
    index = PageIndex(pages)
    assert not is_supported("本人が結婚するときは、2日の特別休暇を与える。", index)
    assert is_supported("特別休暇は、事由発生の日から1か月以内に取得しなければならない。", index)
    quotes = [s for s, _ in salient_sentences(index, pages, 3)]
    assert quotes and not any(s[0].isdigit() or s[0] in "０１２３４５６７８９" for s in quotes), quotes


def test_a_list_item_is_read_with_a_lead_in_that_says_no():
    """review15 H3: every exclusion of a policy restated as cover passed ("We will pay for loss or damage caused
    by wear and tear"): the item "a) loss or damage caused by wear and tear, moth or vermin;" had no "not" of its
    own; its lead-in "We will not pay for:" has. Items under such a lead-in are read with it."""
    index = PageIndex({1: "Section 2. What is not covered\nWe will not pay for:\n"
                          "a) loss or damage caused by wear and tear, moth or vermin;\n"
                          "b) mechanical or electrical breakdown of any appliance;\n"
                          "c) loss or damage to property used for business purposes.\n"
                          "Decisions:\n- No additional contractors will be hired this quarter."})
    for wrong in ("We will pay for loss or damage caused by wear and tear, moth or vermin.",
                  "The policy covers mechanical or electrical breakdown of any appliance."):
        assert index.faithful(wrong) is None, wrong
    # dropped, not replaced: "lead-in + item" is no sentence of the document to quote (review16 M1)
    assert index.faithful("We will pay for loss or damage to property used for business purposes.") is None
    for right in ("Wear and tear is not covered.",
                  "Mechanical or electrical breakdown of any appliance is not covered.",
                  "We will not pay for loss or damage caused by wear and tear, moth or vermin."):
        assert is_supported(right, index) and index.faithful(right) == right, right
    # a lead-in that says neither no nor if lends nothing, nor does "no extra cost" (review16 M1)
    assert index.faithful("Additional contractors will be hired this quarter.") == (
        "No additional contractors will be hired this quarter.")
    index = PageIndex({1: "The following are included at no extra cost:\n- breakfast;\n- parking.\n"
                          "Exceptions:\n- damage caused by misuse;\n- damage caused by fire."})
    for right in ("Breakfast is included.", "Damage caused by misuse is not covered."):
        assert index.faithful(right) == right, right
    # a lead-in that says no with "no" (review26): its items are no cover either
    index = PageIndex({1: "We provide no cover for the following:\n- loss of cash or vouchers;\n- damage caused by "
                          "pets.\nNo refunds are given for:\n- missed sessions."}, joins=False)
    for wrong in ("Damage caused by pets is covered.", "Refunds are given for missed sessions."):
        assert not index.faithful(wrong), wrong
    # ... but not one whose "no" negates nothing of its items (review29 F4)
    index2 = PageIndex({1: "With no exceptions, all visitors must:\n- sign in at reception on arrival;\n"
                           "- wear a visitor badge at all times.\nThere is no need to register for these sessions:\n"
                           "- the fire safety briefing on 3 May."}, joins=False)
    for right in ("All visitors must sign in at reception on arrival.", "The fire safety briefing is on 3 May."):
        assert index2.faithful(right) == right and is_supported(right, index2), right
    # ... while "In no case may employees:" says no (review30 F10)
    index3 = PageIndex({1: "In no case may employees:\n- share their password with a colleague;\n"
                           "- install software from unknown sources."}, joins=False)
    assert not index3.faithful("Employees may share their password with a colleague.")
    for right in ("Damage caused by pets is not covered.", "Missed sessions are not refunded."):
        assert index.faithful(right) == right, right


def test_repeated_summary_sentences_are_counted_in_the_warnings(tiny, monkeypatch):
    """review15 M5 (and review10 L4): the model wrote 8 sentences, 2 were kept, and nothing said that the others
    were dropped as repeats or loops."""
    model, tok = tiny
    scripted_model(monkeypatch, "Wipe the blades with a damp cloth once a month. Wipe the blades with a damp cloth "
                                "once a month. Unplug the fan before cleaning it. Unplug the fan before cleaning it.",
                   "- Unplug the fan before cleaning it.")
    result = summarize_document(manual_doc(), model, tok, SummarizeOptions(length="short"), "t")
    assert result.summary == "Wipe the blades with a damp cloth once a month. Unplug the fan before cleaning it."
    assert "dropped 2 summary sentences that repeated another or went round in circles" in result.warnings


def test_a_line_that_stops_on_a_comma_or_a_version_wildcard_goes_on():
    """review27 F2: "... grouped as Added, Changed," / "Deprecated, Removed, Fixed and Security." were two sentences,
    and the tail was quoted as the most representative one; F3: a line opening with "4.x series" was read as list
    item 4, so "A rolling upgrade is not supported ... However, upgrades within the" lost its exception."""
    text = ("Each section names the version, the date it was published, and the changes grouped as Added, Changed,\n"
            "Deprecated, Removed, Fixed and Security. Questions go to the platform team.\n"
            "A rolling upgrade is not supported across major versions. However, upgrades within the\n"
            "4.x series can be rolled one instance at a time.\n"
            "Acme Ltd,\nMain Street 5\n"
            "Landlord: Northwind Property Management Ltd, 12 High Street, Leeds LS1 4AB, telephone 0113 555 100,\n"
            "Tenant: Jane Smith, 4 Park Road, York YO1 7HH, telephone 01904 555 123, from 1 May 2026 onwards.")
    assert unwrapped_lines(text) == [
        "Each section names the version, the date it was published, and the changes grouped as Added, Changed, "
        "Deprecated, Removed, Fixed and Security. Questions go to the platform team.",
        "A rolling upgrade is not supported across major versions. However, upgrades within the 4.x series can be "
        "rolled one instance at a time.", "Acme Ltd,", "Main Street 5",
        "Landlord: Northwind Property Management Ltd, 12 High Street, Leeds LS1 4AB, telephone 0113 555 100,",
        "Tenant: Jane Smith, 4 Park Road, York YO1 7HH, telephone 01904 555 123, from 1 May 2026 onwards."]
    # ... and inside a wrapped paragraph, whatever the next line opens with (review30 F5)
    wrapped = ("Claims received after the deadline of 30 days will be paid only if they are approved by the\n"
               "Head of Finance in writing within 5 days of the deadline and in any case only once a year,\n"
               "Monday to Friday, within 10 working days of receiving the claim.\nTenant: Jane Smith.")
    assert len(unwrapped_lines(wrapped)) == 2
    # ... but not onto a labelled entry, a heading, a table row or a short line of its own (review31 F1-F3)
    for after in ("Tenant: Jane Smith, 4 Park Road, York YO1 7HH, telephone 01904 555 123, from 1 May 2026 on.",
                  "## Exceptions", "Parking  GBP 40", "Yours sincerely,", "Anna Berg, Chair,"):
        lines = unwrapped_lines("Landlord: Northwind Property Management Ltd, registered office 12 High Street, "
                                "Leeds LS1 4AB, acting\nthrough its managing director Mr Peter Holt, telephone 0113 "
                                "555 100, email holt@northwind.example,\n" + after)
        assert lines[-1] == after and len(lines) == 2, lines
    index = PageIndex({1: text}, joins=False)
    assert index.faithful("A rolling upgrade is supported across major versions.") == (
        "A rolling upgrade is not supported across major versions. However, upgrades within the 4.x series can be "
        "rolled one instance at a time.")
    assert strip_bullets("4. Install the unit.") == "Install the unit."


def test_regressions_review16_found_stay_mended():
    """review16: a count at the start of a Japanese line ("5 営業日以内に…") read as a paragraph number; an old value
    after "rather than the originally planned" passed; list items under a heading without "not" ("Exceptions:")
    were compared as sentences; a table row ending on "No" was joined to the next row."""
    assert strip_bullets("5 営業日以内に返金します。") == "5 営業日以内に返金します。"
    index = PageIndex({1: "5 営業日以内に返金します。\nThe launch is on 10 May rather than the originally planned 3 May.",
                       2: "Exceptions:\n- damage caused by misuse;\n- damage caused by fire.\n"
                          "Parking fee        No\nBreakfast          Yes"})
    assert is_supported("5 営業日以内に返金します。", index)
    assert not is_supported("The launch is on 3 May.", index)
    assert index.faithful("Damage caused by misuse is not covered.") == "Damage caused by misuse is not covered."
    assert unwrapped_lines("Parking fee        No\nBreakfast          Yes") == ["Parking fee        No",
                                                                           "Breakfast          Yes"]
    # review17: more counters; nothing replaces the "3-hour exam"; the "not" of "Never forget to:" is its own
    assert strip_bullets("5 泊以上の予約は前払いとする。") == "5 泊以上の予約は前払いとする。"
    index = PageIndex({1: "Students may submit an essay rather than sitting the usual written 3-hour exam.\n"
                          "Never forget to:\n- lock the door;\n- bring your passport."})
    for right in ("The written exam lasts 3 hours.", "Always lock the door.", "Bring your passport."):
        assert is_supported(right, index) and index.faithful(right) == right, right


def test_an_identifier_the_document_never_writes_is_not_supported():
    """Seen in a run of the README sample: "... the maximum temperature allowed by the HX-40A" (the manual covers the
    HX-40 and HX-40E; terms read "HX-40A" as "hx 40", which the manual has). A model or part name, a code or an id
    must be written in the document."""
    index = PageIndex({1: "The HX-40E has a pre-heater; the HX-40 has none. Surfaces near the heater can exceed 120 °C. "
                          "Set the boost duration with parameter P20."})
    for wrong in ("The HX-40A has a pre-heater.", "Set the boost duration with parameter P21."):
        assert not is_supported(wrong, index), wrong
    for right in ("The HX-40E has a pre-heater.", "The HX-40 has no pre-heater.", "Parameter P20 sets the boost duration."):
        assert is_supported(right, index), right


def test_words_gathered_from_all_over_the_document_are_not_supported():
    """Seen in runs (review10 H2, review15 H2): "The product does not meet the specified specifications", "This
    policy covers a wide range of topics, including fire, smoke, explosion, theft ..." (theft only if entry was
    forced) passed: each word is in the document, in no sentence near the others. Two sentences must hold most of
    what a text says; one sentence holding all its document words is a paraphrase."""
    index = PageIndex({1: "We will pay for loss or damage caused by fire, smoke, lightning or explosion. "
                          "We will pay for theft of your contents, but only if entry was gained by force. "
                          "We will pay for damage caused by escape of water from a fixed installation. "
                          "Keep your home protected: lock all doors. The policy year starts on 1 April.",
                       2: "Check the filter weekly. Replace the filter every six months."})
    assert not is_supported("This policy covers a wide range of topics, including fire, smoke, explosion, theft, "
                            "and escape of water, and it is designed to protect your belongings.", index)
    for right in ("We pay for damage caused by fire, smoke or explosion.", "Check the filter once a week.",
                  "We will pay for theft of your contents if entry was gained by force."):
        assert is_supported(right, index), right


def test_a_contents_title_with_a_verb_chain_in_its_relative_clause_stays_a_contents_line():
    """review63 N9: "Parts that can be replaced 22" was kept as a fact ("can" counted as the relative clause's own
    verb, so "be" as the main one); a passive relative clause still leaves the main verb ("... are kept holds 24")."""
    assert parse_points("- Parts that can be replaced 22\n- Items that have to be returned 14\n- Rooms where meetings "
                        "can be held 30\n", finished=True) == []
    assert parse_points("- The store where the stage blocks are kept holds 24.\n", finished=True) == [
        "The store where the stage blocks are kept holds 24."]


def test_a_contents_title_with_two_auxiliaries_stays_a_contents_line():
    """review64 P4: "Costs that would have to be met 8" and "Items that may have been lost 7" were kept as facts."""
    assert parse_points("- Costs that would have to be met 8\n- Items that may have been lost 7\n", finished=True) == []
