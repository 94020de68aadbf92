"""Summarize: output cleaning, page attribution, budgets, map-reduce plumbing, and end to end on SmolLM2."""

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
from docproc.misquotes import directions_swapped, polarity_of
from docproc.model_output import clean_summary, dedupe, is_contents_list, parse_points
from docproc.quotes import _BARE_PRONOUN, in_reading_order, quotes_across, salient_sentences, with_antecedents
from docproc.summarize import SummarizeOptions, attribute_point, summarize_document
from docproc.support import PageIndex, is_supported, whole_sentence
from docproc.text import join_sentences, numbers_in, split_sentences, strip_bullets, terms, unwrapped_lines
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


def test_a_word_for_the_opposite_gives_way_to_the_document_sentence():
    """"The request was approved" for "... was rejected" has no "not" to show it (review7, minutes): a word for the
    opposite of one of the restated sentence's words is a misquote too."""
    index = PageIndex({
        1: "The request for two additional contractors was rejected. The unit failed the drop test. "
           "The valve opens at 2.5 bar and closes at 1.5 bar. Errors increased after the update.",
        2: "追加予算の申請は却下された。試作品Bは耐久試験に不合格となった。",
    })
    assert index.faithful("The request for two additional contractors was approved.") == (
        "The request for two additional contractors was rejected.")
    assert index.faithful("The unit passed the drop test.") == "The unit failed the drop test."
    assert index.faithful("Errors decreased after the update.") == "Errors increased after the update."
    assert index.faithful("追加予算の申請は承認された。") == "追加予算の申請は却下された。"
    assert index.faithful("試作品Bは耐久試験に合格した。") == "試作品Bは耐久試験に不合格となった。"
    # review15 H9: a negative prefix
    index3 = PageIndex({1: "The hold-up time result of test T5 is inconclusive. The ripple test is complete."})
    assert index3.faithful("The hold-up time result of test T5 is conclusive.") == (
        "The hold-up time result of test T5 is inconclusive.")
    assert index3.faithful("The ripple test is incomplete.") == "The ripple test is complete."
    # review12 M6: the wrong side of a safety limit
    index2 = PageIndex({1: "The upper explosion limit is 12.7 % by volume. The room must be ventilated."})
    assert index2.faithful("The lower explosion limit is 12.7 % by volume.") == (
        "The upper explosion limit is 12.7 % by volume.")
    # one side of a pair where the sentence has both, or a paraphrase without the other side, stays
    for text in ("At 2.5 bar the valve opens.", "The request for two more contractors was turned down."):
        assert index.faithful(text) == text
    # review41 F7, F8: overspend for underspend, small for large, a deprecation told as a removal done
    underspend = "The Treasurer expects a year-end underspend of about EUR 25,000, mainly in Programmes."
    memory = "Memory use during indexing dropped by 40% on large repositories."
    deprecated = "The `--legacy-auth` option is deprecated and will be removed in version 5.0.0."
    ja = "旧API（v1）は非推奨となり、バージョン4.0.0で削除される予定です。"
    migration = ("The database schema version changed from 12 to 14; the migration takes about 20 minutes per "
                 "million files.")
    low = "The Treasurer noted that marketing spending was low because the printed brochure was dropped."
    fee = "外部団体向けの会議室利用料を1時間あたり2,000円から2,500円に値上げすることが承認された。"
    index4 = PageIndex({1: f"{underspend} {memory}", 2: f"{deprecated}\n{ja}", 3: migration, 4: f"{low}\n{fee}"})
    for wrong, source in (("The Treasurer expects a year-end overspend of about EUR 25,000.", underspend),
                          ("Memory use during indexing dropped by 40% on small repositories.", memory),
                          ("The --legacy-auth option was removed in version 5.0.0.", deprecated),
                          ("旧API（v1）はバージョン4.0.0で削除されました。", ja),
                          ("The migration takes about 20 minutes per thousand files.", migration),
                          # review46 F5, F6
                          ("The marketing spending was high because the printed brochure was dropped.", low),
                          ("外部団体向けの会議室利用料を1時間あたり2,000円から2,500円に値下げすることが承認された。", fee)):
        assert index4.faithful(wrong) == source, wrong
    for right in ("The --legacy-auth option will be removed in version 5.0.0.", "旧API（v1）は非推奨です。"):
        assert index4.faithful(right) == right, right
    # review46 F8: a move or a vote turned around
    move = "The committee decided to move EUR 4,000 from the marketing line to the summer festival line."
    vote = "The proposal to buy a second-hand van for EUR 12,500 was rejected by four votes to one."
    battery = "Battery life drops from 10 hours at 20 °C to 6 hours at 0 °C."
    transfer = "夏祭りの予算から広報費へ30万円を移すことが承認された。"
    index6 = PageIndex({1: f"{move} {vote}", 2: battery, 3: transfer})
    for wrong, source in (
            ("The committee decided to move EUR 4,000 from the summer festival line to the marketing line.", move),
            ("The proposal to buy a second-hand van for EUR 12,500 was rejected by one vote to four.", vote),
            ("Battery life drops from 6 hours at 20 °C to 10 hours at 0 °C.", battery),
            ("広報費から夏祭りの予算へ30万円を移すことが承認された。", transfer)):
        assert index6.faithful(wrong) == source, wrong
    for right in ("EUR 4,000 moves from marketing to the summer festival.",
                  "The van proposal was rejected by four votes to one.",
                  "Battery life drops from 10 hours to 6 hours in the cold.",
                  "30万円を夏祭りの予算から広報費へ移すことが承認された。"):
        assert index6.faithful(right) == right, right
    # review47: a move told "to X from Y", one-letter labels, other vote forms, 「AからX円をBに」 and 「…から…まで」
    transfer2 = "The committee transferred EUR 6,000 to the training line from the travel line."
    room = "The workshop was moved from Room A to Room B because of the heating fault."
    votes = "The motion was carried by a vote of 7 to 2. The amendment received four votes in favour and one against."
    reserve = "防犯灯の修繕費として、予備費から1万5千円を修繕費に移動した。"
    bus = "シャトルバスはさくら駅から中央広場まで20分間隔で運行する。"
    vote_ja = "提案は賛成4票、反対1票で可決された。"
    index7 = PageIndex({1: f"{transfer2} {room}", 2: votes, 3: f"{reserve}{bus}{vote_ja}"}, joins=False)
    for wrong in ("The committee transferred EUR 6,000 from the training line to the travel line.",
                  "The workshop was moved from Room B to Room A because of the heating fault.",
                  "The motion was carried by a vote of 2 to 7.",
                  "The amendment received one vote in favour and four against.",
                  "防犯灯の修繕費として、修繕費から1万5千円を予備費に移動した。", "シャトルバスは中央広場からさくら駅まで20分間隔で運行する。",
                  "提案は賛成1票、反対4票で可決された。"):
        assert index7.faithful(wrong) != wrong, wrong
    # ... clock times at the ends (review48 F3)
    pool = "The pool is open from 10.00 to 16.00 on Sundays. Night parking is allowed from 19:30 to 07:30."
    index9 = PageIndex({1: pool}, joins=False)
    for wrong in ("The pool is open from 16.00 to 10.00 on Sundays.", "Night parking is allowed from 07:30 to 19:30."):
        assert index9.faithful(wrong) != wrong, wrong
    # ... and no swap in two from-to phrases in another order, nor in a range (review47 R2)
    hall = "The hall is open from Monday to Friday from 9 am to 5 pm."
    prices = "Room prices range from EUR 15 per hour for members to EUR 25 per hour for non-members."
    index8 = PageIndex({1: f"{hall} {prices}"}, joins=False)
    for right in ("The hall is open from 9 am to 5 pm from Monday to Friday.",
                  "Room prices range from EUR 25 per hour for non-members to EUR 15 per hour for members."):
        assert index8.faithful(right) == right, right
    # a sentence that tells the move both ways round

    assert not directions_swapped("Staff moved from Leeds to York.", "Staff moved from Leeds to York in May and "
                                   "from York to Leeds in June.")
    assert directions_swapped("Staff moved from York to Leeds.", "Staff moved from Leeds to York in May.")
    # ... nor in a move denied ("but not from ..."), and a Japanese far end may hold a particle (review48 F8, F9)
    assert directions_swapped("Members can switch from the annual plan to the monthly plan.",
                               "Members can switch from the monthly plan to the annual plan, but not from the annual "
                               "plan to the monthly plan.")
    for turned, said in (("会場はみなと会館からにしき会館に変更された。", "会場はにしき会館からみなと会館に変更された。"),
                         ("説明会の会場は中央会館から自由が丘会館に変更された。", "説明会の会場は自由が丘会館から中央会館に変更された。")):
        assert directions_swapped(turned, said) and not directions_swapped(said, said), turned
    # review42 F8: two opposite words of one sentence given each other's clause
    effect = "The treatment effect was small in children and large in adults."
    orders = "Small orders ship in 2 days and large orders in 5 days."
    index5 = PageIndex({1: f"{effect} {orders}"})
    assert index5.faithful("The treatment effect was large in children and small in adults.") == effect
    for right in ("The effect was large in adults and small in children.",
                  "Large orders ship in 5 days, small ones in 2."):
        assert index5.faithful(right) == right, right
    # review44 N6: a faithful reordering around a shared noun and a trailing phrase; a swap still is one
    sales = "Sales increased in the north region and decreased in the south region in the third quarter."
    shift = "The night shift starts late and ends early compared with the day shift."
    index6 = PageIndex({1: f"{sales} {shift}"})
    text = "Sales decreased in the south region and increased in the north region in the third quarter."
    assert index6.faithful(text) == text
    for wrong, source in (("Sales increased in the south region and decreased in the north region.", sales),
                          ("The night shift starts early and ends late compared with the day shift.", shift)):
        assert index6.faithful(wrong) == source, wrong


def test_a_lost_when_or_if_and_a_copied_rule_without_its_exception_give_way_to_the_whole():
    """review10 M2: "The product must be installed with the pressure port facing down." lost "when the medium is a
    liquid". M5: a word-for-word copy of a rule kept no "However, ..." / ただし exception, while a paraphrase got it."""
    index = PageIndex({1: "Mount the transmitter with the pressure port facing down when the medium is a liquid. "
                          "Overtime is paid at 125 %. However, managers receive no overtime pay.",
                       2: "保証期間はお買い上げ日から1年間です。ただし、コンプレッサーは3年間です。"})
    assert index.faithful("Mount the transmitter with the pressure port facing down.") == (
        "Mount the transmitter with the pressure port facing down when the medium is a liquid.")
    assert index.faithful("Overtime is paid at 125 %.") == (
        "Overtime is paid at 125 %. However, managers receive no overtime pay.")
    assert index.faithful("保証期間はお買い上げ日から1年間です。") == "保証期間はお買い上げ日から1年間です。ただし、コンプレッサーは3年間です。"
    text = "When the medium is a liquid, mount the transmitter with the pressure port facing down."
    assert index.faithful(text) == text


def test_a_negation_belongs_to_its_clause():
    """review10 M4: "Parking fees are not reimbursed." passed on "Parking fees are reimbursed; traffic fines are
    never reimbursed.": the "never" of the other clause made the whole sentence say no."""
    index = PageIndex({1: "Parking fees are reimbursed; traffic fines are never reimbursed. Windows 10 and 11 are "
                          "supported; Windows 8 is not."})
    whole = "Parking fees are reimbursed; traffic fines are never reimbursed."
    for wrong in ("Parking fees are not reimbursed.", "Traffic fines are reimbursed; parking fees are never reimbursed."):
        assert index.faithful(wrong) == whole, wrong
    for right in ("Traffic fines are never reimbursed.", "Windows 10 is supported."):
        assert index.faithful(right) == right, right


def test_a_changed_requirement_level_gives_way_to_the_document_sentence():
    """In a specification SHALL / SHOULD / MAY is the requirement (review8 H1: "It requires a C-wire" where the FAQ
    recommends one; SHOULD reported as SHALL passed every check)."""
    index = PageIndex({1: "A C-wire is recommended. The logger SHOULD support NFC. The enclosure SHALL meet IP67. "
                          "Loggers SHOULD be shipped in boxes of 50 units.",
                       2: "バックアップは毎日取得することが望ましい。パスワードは12文字以上でなければならない。"})
    assert index.faithful("A C-wire is required.") == "A C-wire is recommended."
    assert index.faithful("The logger SHALL support NFC.") == "The logger SHOULD support NFC."
    assert index.faithful("The logger MAY support NFC.") == "The logger SHOULD support NFC."
    assert index.faithful("The enclosure SHOULD meet IP67.") == "The enclosure SHALL meet IP67."
    assert index.faithful("Loggers shall be shipped in boxes of 50 units.") == (
        "Loggers SHOULD be shipped in boxes of 50 units.")
    assert index.faithful("バックアップは毎日取得しなければならない。") == "バックアップは毎日取得することが望ましい。"
    # the same level in other words stays
    for text in ("The logger should support NFC.", "The enclosure must meet IP67.", "パスワードは12文字以上が必須である。"):
        assert index.faithful(text) == text, text
    # しなければならない is "must", not a negation; してはならない is one
    assert polarity_of("設定しなければならない。") == polarity_of("設定しなくてはならない。") == (False, False, False, 0)
    assert polarity_of("設定してはならない。") == (True, False, False, 0)


def _minutes_index() -> PageIndex:
    return PageIndex({
        1: "Coolant\n\nWait at least 20 minutes for the coolant to cool below 40 degrees C. Let the pump rest for "
           "between 20 and 40 seconds before a restart.",
        2: "Actions\n\nTom Baker will fix both bugs by 25 March. Raj Patel will confirm the reassignment with HR by "
           "10 March. Support received 140 tickets in February, up from 35 in January. Below 99.0% availability "
           "the credit is 25%.",
        3: "本社オフィスは2025年4月14日（月）に新宿の新オフィスへ移転します。社内システムは4月12日（土）に停止します。",
    })


def test_a_number_keeps_its_unit_and_a_changed_number_gives_way_to_the_document_sentence():
    """review7 M1: "wait 40 minutes" passed on "wait 20 minutes ... below 40 degrees", and "Tom will fix the bugs by
    10 March" on Raj's "by 10 March": each number was in the document, in a sentence sharing a word. A number
    keeps the word after it (its unit); a text that restates a sentence with another number for that unit gives
    way to the sentence."""
    index = _minutes_index()
    swapped = "Wait at least 40 minutes for the coolant to cool below 20 degrees C."
    assert not is_supported(swapped, index)
    assert index.faithful(swapped) == "Wait at least 20 minutes for the coolant to cool below 40 degrees C."
    assert index.faithful("Tom Baker will fix both bugs by 10 March.") == "Tom Baker will fix both bugs by 25 March."
    assert index.faithful("本社オフィスは2025年4月12日に新宿の新オフィスへ移転します。") == (
        "本社オフィスは2025年4月14日（月）に新宿の新オフィスへ移転します。")
    assert not is_supported("Support received 35 tickets in February.", index)
    # what stays: a number between others of its unit, a unit named before the number, the right numbers
    for text in ("Let the pump rest for 20 seconds before a restart.", "A 25% credit applies below 99.0% availability.",
                 "Raj Patel will confirm the reassignment with HR by 10 March.",
                 "In February, support received 140 tickets.", "社内システムは4月12日に停止します。"):
        assert is_supported(text, index) and index.faithful(text) == text, text


def test_a_number_with_another_unit_of_the_same_kind_is_not_supported():
    """"18 days" for "18 months", "15 feet" for "15 metres" (review8 M2): the unit is the other half of the number.
    Another spelling of the same unit passes."""
    index = PageIndex({1: "The battery SHALL last at least 18 months at +5 °C. The S5 needs Wi-Fi within 15 metres of "
                          "the router. The default alarm delay is 15 minutes.",
                       2: "保存期間は3年とする。"})
    for wrong in ("The battery lasts at least 18 days.", "The S5 needs Wi-Fi within 15 feet of the router.",
                  "The default alarm delay is 15 seconds.", "保存期間は3日とする。"):
        assert not is_supported(wrong, index), wrong
    for right in ("The battery lasts at least 18 months.", "The S5 needs Wi-Fi within 15 meters of the router.",
                  "The default alarm delay is 15 min.", "保存期間は3年である。"):
        assert is_supported(right, index), right
    assert index.faithful("The default alarm delay is 15 seconds.") == "The default alarm delay is 15 minutes."
    # electrical and pressure units (review10 M8)
    index = PageIndex({1: "The input impedance is 250 Ohm. The maximum pressure is 16 bar. The sensor draws 20 mA."})
    for wrong in ("The input impedance is 250 kOhm.", "The maximum pressure is 16 psi.",
                  "The maximum pressure is 16 mbar."):
        assert not is_supported(wrong, index), wrong
    for right in ("The input impedance is 250 ohms.", "The sensor draws 20 milliamps."):
        assert is_supported(right, index), right
    # one-letter units: a letter alone is no term, so the unit is read by its name
    index = PageIndex({1: "The sensor draws 20 mA from a 24 V supply. The heater is rated 500 W. The tank holds 40 L. "
                          "Store the unit below 40 °C. Print 2 A4 pages for each applicant. Check the filter weekly."})
    for wrong in ("The sensor draws 20 A from a 24 V supply.", "The sensor draws 20 mA from a 24 mV supply.",
                  "The heater is rated 500 kW.", "The tank holds 40 mL.", "Store the unit below 40 °F."):
        assert not is_supported(wrong, index), wrong
    for right in ("The sensor draws 20 milliamps from a 24 volt supply.", "The heater is rated 500 watts.",
                  "The tank holds 40 litres.", "Store the unit below 40℃.", "Store the unit below 40 degrees Celsius.",
                  "Print 2 pages on A4 paper for each applicant.", "Check the filter once a week."):  # review14 L1, M3
        assert is_supported(right, index), right


def test_a_unit_written_against_japanese_text_is_still_a_unit():
    """review24 H1: "定格15mA以上" passed for "定格15A以上" (and 100mV for 100V, 0.8mL for 0.8L, 30mg for 30g): terms()
    read a Latin unit and the kana after it as one word ("a以上", "vのコンセント"), so the number had no unit. A
    Latin word now ends where Japanese begins; "g" and "m" are units by name, as "A" and "V" are (30 mg for 30 g
    passed in English too), and kA is a current."""
    warning = "電源プラグは、定格15A以上・交流100Vのコンセントを単独で使用してください。"
    recipe = "水0.8Lにクエン酸約30gを溶かして沸騰させ、1時間放置した後に湯を捨てます。"
    index = PageIndex({1: f"【警告】{warning}\n{recipe}\nIP67防水のUSBケーブルを使用します。",
                       2: "Dissolve 30 g of citric acid in 0.8 L of water. Use a 10 m extension cord at most."})
    for wrong in (warning.replace("15A", "15mA"), warning.replace("15A", "15 mA"), warning.replace("15A", "15kA"),
                  warning.replace("100V", "100mV"), recipe.replace("0.8L", "0.8mL"), recipe.replace("30g", "30mg"),
                  "Dissolve 30 mg of citric acid in 0.8 L of water.", "Use a 10 mm extension cord at most."):
        assert index.faithful(wrong) != wrong, wrong
    for right in (warning, recipe, "IP67防水のUSBケーブルを使用します。", "Dissolve 30 grams of citric acid in 0.8 L of water.",
                  "Use a 10 metre extension cord at most."):
        assert index.faithful(right) == right, right
    assert terms("定格15A以上") == ["定格", "15", "amp", "以上"] and terms("USBケーブル")[0] == "usb"


def test_a_deed_given_to_someone_else_gives_way_to_the_document_sentence():
    """review10 M6: "International trips SHALL be approved by the CFO" passed where the policy says "by the
    department director" (role words are lower case or acronyms: no name swap). The same verb with an agent
    that shares no word is a misquote; a shorter or longer name for the same agent is not."""
    index = PageIndex({1: "International trips SHALL be approved by the department director. Trips with a total "
                          "estimated cost above EUR 5,000 SHALL also be approved by the CFO. The repair must be "
                          "carried out by two qualified technicians."})
    assert (index.faithful("International trips SHALL be approved by the CFO.")
            == "International trips SHALL be approved by the department director.")
    assert (index.faithful("Trips with a total estimated cost above EUR 5,000 SHALL be approved by the line manager.")
            == "Trips with a total estimated cost above EUR 5,000 SHALL also be approved by the CFO.")
    for right in ("International trips must be approved by the director.",
                  "Trips costing above EUR 5,000 also need to be approved by the CFO.",
                  "The repair must be carried out by qualified technicians."):
        assert index.faithful(right) == right, right


def test_number_words_are_numbers():
    """review10 M7: "three times" passed for "twice", "four ranges" for "three". Number words count as their
    digits where a restatement differs from its sentence; "Once the pump stops" and 十分 are no numbers."""
    index = PageIndex({1: "Lost receipts MAY be replaced by a signed statement, but not more than twice per calendar "
                          "year. The transmitter is available in three ranges. Once the pump stops, close valve V2. "
                          "The transmitter has a heating mode and a cooling mode.",
                       2: "再起動は二回まで行う。十分に換気すること。"})
    for wrong, whole in (
            ("Lost receipts may be replaced by a signed statement not more than three times per calendar year.",
             "Lost receipts MAY be replaced by a signed statement, but not more than twice per calendar year."),
            ("Lost receipts may be replaced by a signed statement once per calendar year.",
             "Lost receipts MAY be replaced by a signed statement, but not more than twice per calendar year."),
            ("The transmitter is available in four ranges.", "The transmitter is available in three ranges."),
            ("再起動は三回まで行う。", "再起動は二回まで行う。")):
        assert index.faithful(wrong) == whole, wrong
    for right in ("Lost receipts may be replaced by a signed statement at most two times per calendar year.",
                  "The transmitter is available in 3 ranges.", "Once the pump stops, close valve V2.",
                  "再起動は2回まで行う。", "十分に換気すること。",
                  # review14 M3: a count the reader can make, said in words, need not be stated
                  "The transmitter has two modes: heating and cooling."):
        assert is_supported(right, index) and index.faithful(right) == right, right


def test_the_old_value_of_a_change_is_not_the_current_one():
    """review8 H2: "a maximum storage capacity of 16,000" passed on the change history's "Revision B raised the
    storage capacity from 16,000 to 32,000 samples"; so did 8月3日 for a go-live postponed from 8月3日 to 8月17日.
    A text that tells of the change may state the old value, but not as the new one."""
    index = PageIndex({1: "Revision B raised the storage capacity from 16,000 to 32,000 samples. The office is "
                          "open from 9:00 to 17:00. Release 4.2 is postponed from 21 March to 4 April.",
                       2: "本番移行日は当初予定の8月3日から8月17日に延期する。"})
    for old in ("The logger has a storage capacity of 16,000 samples.", "Release 4.2 ships on 21 March.",
                "本番移行日は8月3日に決定した。", "Release 4.2 was postponed to 21 March.",  # review10 H3: "was" is no change
                "Revision B raised the storage capacity from 32,000 to 16,000 samples.",  # the sides swapped
                "The update set the storage capacity at 16,000 samples.",  # "update" is no change verb here
                "Revision B raised the storage capacity to 16,000 samples.", "本番移行日は8月3日に延期された。"):
        assert not is_supported(old, index), old
    for right in ("The storage capacity is 32,000 samples.", "The capacity was raised from 16,000 samples.",
                  "Release 4.2 was originally planned for 21 March.", "The office opens at 9:00.", "本番移行日は8月17日である。",
                  "本番移行日は当初8月3日の予定だった。",
                  # review11 M1: the change told by its verb, the old value beside it
                  "The storage capacity, which was 16,000 samples, was raised to 32,000.",
                  "Release 4.2, first set for 21 March, was postponed to 4 April.",
                  "Release 4.2 was moved to 4 April; it was planned for 21 March.",
                  "The storage capacity was increased to 32,000 samples from 16,000.",
                  # review14 M4: the old value in parentheses
                  "Release 4.2 was moved to 4 April (originally 21 March).", "本番移行日は8月17日（当初8月3日）に延期された。"):
        assert is_supported(right, index), right
    # review14 H2: a change verb alone does not excuse the old value given as the current one
    for old in ("Revision B raised the storage capacity, which is now 16,000 samples.",
                "Release 4.2 was postponed and now ships on 21 March.",
                "The storage capacity, raised by Revision B, is 16,000 samples."):
        assert not is_supported(old, index), old


def _assert_stated(pages: dict[int, str], stale=(), right=()):
    """Each of `stale` is not stated by the document's pages, each of `right` is (is_supported, joins off)."""
    index = PageIndex(pages, joins=False)
    for text in stale:
        assert not is_supported(text, index), text
    for text in right:
        assert is_supported(text, index), text


def test_changes_told_with_other_verbs_and_japanese_changes_of_values_with_units_have_an_old_side():
    """review41 F1, F2: release notes and revision histories say "corrected", "switched", "tightened", "fell",
    "grew"; a Japanese datasheet writes 9600 bpsから115200 bpsに変更, and minutes 8万円から11万円に上がった. Their
    reversals and old values passed."""
    notes = ["The request rate limit was corrected from 500 to 300 requests per minute.",
             "The default TLS version was switched from 1.2 to 1.3.",
             "The password minimum length was tightened from 8 to 12 characters.",
             "The worker pool size was modified from 16 to 32 threads.", "Average latency fell from 120 ms to 85 ms.",
             "Peak memory grew from 1.5 GB to 2.1 GB."]
    ja = ["ファームウェアの通信速度は9600 bpsから115200 bpsに変更されました。",
          "改訂履歴：第3版で、応答時間の最大値を20 msから10 msに変更しました。",
          "施設費は、清掃委託料が月額8万円から11万円に上がったため、計画を5%上回っている。"]
    index = PageIndex({1: " ".join(notes), 2: "\n".join(ja)}, joins=False)
    for old in ("The request rate limit is 500 requests per minute.", "The default TLS version is 1.2.",
                "The password minimum length is 8 characters.", "The worker pool size is 16 threads.",
                "Average latency is 120 ms.", "Peak memory is 1.5 GB.", "ファームウェアの通信速度は9600 bpsです。",
                "応答時間の最大値は20 msです。"):
        assert not is_supported(old, index), old
    for reversed_, source in (("Average latency fell from 85 ms to 120 ms.", notes[4]),
                              ("The default TLS version was switched from 1.3 to 1.2.", notes[1]),
                              ("ファームウェアの通信速度は115200 bpsから9600 bpsに変更されました。", ja[0]),
                              ("清掃委託料が月額11万円から8万円に下がった。", ja[2])):
        assert index.faithful(reversed_) == source, reversed_
    for right in ("The request rate limit is 300 requests per minute.", "Peak memory grew to 2.1 GB.",
                  "The worker pool size is now 32 threads.", "ファームウェアの通信速度は115200 bpsです。",
                  "応答時間の最大値は10 msです。"):
        assert is_supported(right, index) and index.faithful(right) == right, right
    # review42 F1, F2: a range is no change ("Goods", "switchboard", "Adjust ... from", "Double rooms"), and an
    # earlier figure told with its time ("in 2024", "before the upgrade", 改善前の) is told as the earlier one
    ranges = ["Goods weighing from 5 kg to 30 kg are shipped by parcel service.",
              "The switchboard is staffed from 08:00 to 18:00 on weekdays.",
              "Adjust the flow rate from 2 L/min to 4 L/min using the valve on the left.",
              "Double rooms at the training centre cost from EUR 90 to EUR 120 per night.",
              "Sales grew from 3,000 units in 2024 to 4,500 units in 2025.",
              "Average response time dropped from 240 ms to 180 ms after the cache upgrade.",
              "不良率は改善前の4%から2%に低下した。"]
    ranges += ["Expanded polystyrene boards are available from 20 mm to 100 mm thick.",  # review43 R4: adjectives
               "Relaxed-fit work trousers come in waist sizes from 28 to 40."]
    index = PageIndex({1: " ".join(ranges[:6]), 2: ranges[6], 3: " ".join(ranges[7:])}, joins=False)
    for right in ("Goods weighing 5 kg to 30 kg are shipped by parcel service.",
                  "The switchboard is staffed 08:00 to 18:00 on weekdays.", "Set the flow rate to 2 L/min first.",
                  "Double rooms cost EUR 90 to EUR 120 per night.", "In 2024, 3,000 units were sold.",
                  "Before the cache upgrade, average response time was 240 ms.", "改善前の不良率は4%だった。",
                  "The thinnest expanded polystyrene board is 20 mm thick.",
                  "The smallest waist size of the relaxed-fit trousers is 28."):
        assert is_supported(right, index) and index.faithful(right) == right, right
    assert not is_supported("Average response time is 240 ms.", index)
    # review46 F4: a plan changed in one sentence ("originally scheduled for 11 November but moved to 18 November",
    # 当初9月に予定していたが、…11月に延期)
    index = PageIndex({1: "The next meeting was originally scheduled for 11 November 2026 but has been moved to 18 "
                          "November 2026 because of the festival debrief.",
                       2: "空調設備の更新工事は、当初9月に予定していたが、部品の納期遅延により11月に延期された。"}, joins=False)
    for old in ("The next meeting will be held on 11 November 2026.", "空調設備の更新工事は9月に実施される。"):
        assert not is_supported(old, index), old
    for right in ("The next meeting will be held on 18 November 2026.", "空調設備の更新工事は11月に延期された。"):
        assert is_supported(right, index) and index.faithful(right) == right, right
    # review46 F7: a new value with its old one after it ("at EUR 2,100 per month, up from EUR 2,000 per month")
    rent = ("The gallery rent contract will be renewed for three years at EUR 2,100 per month, up from EUR 2,000 per "
            "month.")
    index = PageIndex({1: f"{rent} The committee thanked the landlord."}, joins=False)
    assert not is_supported("The gallery rent is EUR 2,000 per month.", index)
    assert index.faithful("The gallery rent fell to EUR 2,100 per month.") == rent
    assert is_supported(right := "The gallery rent is EUR 2,100 per month.", index) and index.faithful(right) == right
    # a new value told with the old side's year only (review42/44): "Headcount was 51 in 2024"
    index = PageIndex({1: "Headcount rose from 48 in 2024 to 51 in 2025. Revenue grew from EUR 2.1 million in 2024 to "
                          "EUR 2.6 million in 2025."}, joins=False)
    # (the year said in other ways too: review49 M2)
    for wrong in ("Headcount was 51 in 2024.", "In 2024 revenue was EUR 2.6 million.", "The 2024 headcount was 51.",
                  "In 2024, headcount rose to 51.",  # (the year said as a time: review58 N7)
                  "Headcount was 51 during 2024.", "As of 2024, headcount was 51.", "Headcount was 51 (2024).",
                  "Revenue for 2024 was EUR 2.6 million."):
        assert not is_supported(wrong, index), wrong
    for right in ("Headcount was 48 in 2024.", "Headcount was 51 in 2025.", "Headcount is 51.",
                  "The 2024 headcount was 48.", "Headcount was 48 during 2024.",
                  # (a year of the text's own old side, or of the change, dates no value: review57 R1, R9)
                  "Headcount rose to 51, up from the 2024 figure of 48.",
                  "Headcount, 48 in 2024, rose to 51.",  # (the year of another value's clause: review59 F6)
                  "Headcount reached 51 in 2025, up from 48 in 2024.",
                  "In 2025, headcount rose to 51 from 48 in 2024."):
        assert is_supported(right, index), right
    # review46 F7: a table row's value that a decision then changed, told as it stands now (also "stays at", "will
    # be", 「…となっている」: review48 F7); as it was, it stays
    table = ("| Cost centre | Budget (EUR) | Spent (EUR) |\n|---|---|---|\n| Marketing | 9,000 | 3,400 |\n"
             "| Gallery rent | 24,000 | 18,000 |\n\nThe marketing budget was reduced from EUR 9,000 to EUR 5,000.")
    ja = ("| 費目 | 予算額（千円） |\n|---|---|\n| 修繕費 | 3,000 |\n\n"
          "修繕費の予算を3,000千円から4,500千円に変更することが承認された。")
    _assert_stated({1: table, 2: ja},
                   stale=("The marketing budget is EUR 9,000.", "修繕費の予算は3,000千円である。",
                          "The marketing budget stays at EUR 9,000.", "The marketing budget will be EUR 9,000.",
                          "修繕費の予算は3,000千円となっている。"),
                   right=("The marketing budget was EUR 9,000.", "The marketing budget is EUR 5,000.",
                          "The gallery rent budget is EUR 24,000.", "修繕費の予算は4,500千円である。",
                          "修繕費の予算は3,000千円だった。"))
    # ... not another row that shares only "budget" and the currency, not another column's value of the row, and
    # not a value a later change led back to (review48 F1, F2)
    table2 = ("| Line | Budget (EUR) | Spent (EUR) |\n|---|---|---|\n| Marketing | 9,000 | 7,400 |\n"
              "| Cleaning | 9,000 | 8,100 |\n| Repairs | 6,500 | 6,500 |\n| Training | 3,000 | 2,100 |\n\n"
              "The marketing budget was reduced from EUR 9,000 to EUR 5,000. The repairs budget was raised from EUR "
              "6,500 to EUR 8,000. The training budget was first raised from EUR 3,000 to EUR 3,500 and then lowered "
              "from EUR 3,500 to EUR 3,000 after the trainer cancelled.")
    _assert_stated({1: table2},
                   right=("The cleaning budget is EUR 9,000.", "Repairs spending is EUR 6,500.",
                          "The training budget is EUR 3,000."))
    # ... nor a change refused or only proposed, one of another row with a shared word, or one said to go back in
    # other words (review49 R5, R1, R2)
    table3 = ("| Line | Budget (EUR) |\n|---|---|\n| Marketing | 9,000 |\n| Youth swimming | 5,000 |\n"
              "| Youth football | 5,000 |\n| Training | 3,000 |\n\nA motion to cut the marketing budget from EUR 9,000 "
              "to EUR 5,000 was rejected by 6 votes to 2. The youth football budget was cut from EUR 5,000 to EUR "
              "3,000. The training budget was raised from EUR 3,000 to EUR 3,500 in March and then lowered back to "
              "EUR 3,000 in June.")
    ja3 = ("| 費目 | 予算 |\n|---|---|\n| 研修費 | 80,000円 |\n\n"
           "研修費の予算は80,000円から100,000円に増額された後、80,000円に戻された。")
    _assert_stated({1: table3, 2: ja3},
                   right=("The marketing budget stays at EUR 9,000.", "The youth swimming budget is EUR 5,000.",
                          "The training budget is EUR 3,000 again.", "研修費の予算は80,000円である。"))
    # ... but a value said again for another reason stays old (review50 N1), a change made beside a "motion by",
    # "no other line" or "not safe" counts (N2), and one voted down, withdrawn or asked about does not (N3)
    made = ("| Line | Budget (EUR) |\n|---|---|\n| Marketing | 9,000 |\n| Events | 6,000 |\n| Boats | 12,000 |\n"
            "| Cleaning | 2,000 |\n| Regatta | 7,000 |\n| Youth | 4,000 |\n\n"
            "On a motion by the treasurer, the marketing budget was cut from EUR 9,000 to EUR 5,000. The events budget "
            "was reduced from EUR 6,000 to EUR 4,500; no other line was changed. The boats budget was raised from EUR "
            "12,000 to EUR 15,000 because the old launch is not safe any more. A plan to cut the cleaning budget from "
            "EUR 2,000 to EUR 1,500 was voted down. The request to raise the regatta budget from EUR 7,000 to EUR 8,000 "
            "was withdrawn. The board asked whether the youth budget can be raised from EUR 4,000 to EUR 5,000.\n\n"
            "The help desk was cut from 20 to 15 people, 20 being the level agreed in 2024.")
    _assert_stated({1: made},
                   stale=("The marketing budget is EUR 9,000.", "The events budget is EUR 6,000.",
                          "The boats budget is EUR 12,000.", "The help desk has 20 staff."),
                   right=("The cleaning budget is EUR 2,000.", "The regatta budget is EUR 7,000.",
                          "The youth budget is EUR 4,000.", "The help desk has 15 staff."))
    # ... and a "remains" or "again" of another thing in another clause is no way back (review51 F1); neither is a
    # "not" of another clause a change not made (F3)
    _assert_stated({1: "| Item | Price (EUR) |\n|---|---|\n| Standard ticket | 10 |\n| Legal advice | 2,000 |\n\n"
                       "The standard ticket price rose from EUR 10 to EUR 12 in March; the member rate remains EUR "
                       "10. Although the legal advice line was not discussed, the legal advice budget was cut from "
                       "EUR 2,000 to EUR 1,600."},
                   stale=("The standard ticket price is EUR 10.", "The legal advice budget is EUR 2,000."))
    # ... an approval past the change's clause makes the proposal a change made; "again" and "back to" of another
    # thing are no way back (review52 N1, N3)
    _assert_stated({1: "| Item | EUR |\n|---|---|\n| Festival | 6,000 |\n| Room hire | 40 |\n| Tram fare | 2 |\n\n"
                       "The proposal to raise the festival budget from EUR 6,000 to EUR 7,500, made by Ms Tan, was "
                       "approved. The room hire fee was raised from EUR 40 to EUR 50, as 40 members again asked for "
                       "evening slots. The tram fare rose from EUR 2 to EUR 3, while the trip back to Zone 2 costs "
                       "extra."},
                   stale=("The festival budget is EUR 6,000.", "The room hire fee is EUR 40.",
                          "The tram fare is EUR 2."))
    # ... but not an approval turned by a "but" or a "not", or of another thing; and "again" may follow a unit
    # (review53 R1, R2)
    _assert_stated({1: "| Item | EUR |\n|---|---|\n| Marketing | 9,000 |\n| Coaching | 4,000 |\n| Gym | 30 |\n\n"
                       "Ms Tan proposed to cut the marketing budget from EUR 9,000 to EUR 5,000, but the proposal "
                       "was not approved. A proposal to raise the coaching budget from EUR 4,000 to EUR 5,500 was "
                       "discussed, but the meeting ran out of time and the minutes were approved. The gym fee was "
                       "raised from EUR 30 to EUR 35 in 2025 and cut in 2026, so it is EUR 30 per month again."},
                   right=("The marketing budget is EUR 9,000.", "The coaching budget is EUR 4,000.",
                          "The gym fee is EUR 30."))
    # ... while an objection before the approval does not turn it, nor does "again" of other things (review54)
    _assert_stated({1: "| Item | EUR |\n|---|---|\n| Festival | 6,000 |\n| Tour | 20 |\n\nA proposal to raise "
                       "the festival budget from EUR 6,000 to EUR 7,500 was discussed, and although two members "
                       "objected, the proposal was adopted. The tour fee was raised from EUR 20 to EUR 25 in May, "
                       "and 20 new guides again asked for a bonus."},
                   stale=("The festival budget is EUR 6,000.", "The tour fee is EUR 20."))
    # review43 R5: not a deadline's "before", nor the year the change was made in
    index = PageIndex({1: "The deposit was raised from EUR 200 to EUR 300. The annual fee was raised from EUR 40 to "
                          "EUR 50 in 2026."}, joins=False)
    for old in ("The deposit must be paid before the first day of the lease and is EUR 200.",
                "In 2026 the annual fee was EUR 40."):
        assert not is_supported(old, index), old
    # review42 F9: から and the verb with the new value elsewhere (値上げされ、9,000円となった; 月額450円で、…から値上げ)
    index = PageIndex({1: "クラウド利用料は1ユーザーあたり月額450円で、昨年の390円から値上げされた。"
                          "駐車場の月額料金は8,000円から値上げされ、9,000円となった。"}, joins=False)
    for old in ("クラウド利用料は1ユーザーあたり月額390円である。", "駐車場の月額料金は8,000円である。"):
        assert not is_supported(old, index), old
    for right in ("クラウド利用料は月額450円である。", "駐車場の月額料金は9,000円となった。",
                  "値上げ前の駐車場の月額料金は8,000円だった。"):  # (review44 N3)
        assert is_supported(right, index), right
    # review44 N2: a date before から is when, not an old price
    assert change_sides("年会費は2026年4月から値上げされ、6,000円となった。") == (set(), set())


def test_a_refused_change_leaves_its_old_value_and_does_not_give_its_new_one():
    """review43 F3 and the seventeenth session's note: after "The proposal to raise the reserve target from 3 months
    to 6 months ... was rejected; the target remains 3 months", "The reserve target is 6 months" passed and the
    faithful "The reserve target remains 3 months" was dropped (the old side of a change needed a text telling of
    the change, made or not)."""
    reserve = ("The proposal to raise the reserve target from 3 months to 6 months of operating costs was rejected; "
               "the target remains 3 months. A plan to cut the cleaning budget from EUR 2,000 to EUR 1,500 was voted "
               "down. The board asked whether the youth budget can be raised from EUR 4,000 to EUR 5,000.")
    ja = "予備費を100万円から150万円に増額する案は否決された。"
    _assert_stated({1: reserve, 2: ja},
                   stale=("The reserve target is 6 months.", "The reserve target was raised to 6 months.",
                          "The reserve target was raised from 3 months to 6 months.",
                          "The cleaning budget is EUR 1,500.", "The cleaning budget was cut to EUR 1,500.",
                          "The youth budget was raised to EUR 5,000.", "予備費は150万円に増額された。"),
                   right=("The reserve target remains 3 months.", "The reserve target is 3 months.",
                          "The proposal to raise the reserve target to 6 months was rejected.",
                          "The cleaning budget is EUR 2,000.", "The youth budget is EUR 4,000.",
                          "A plan to cut the cleaning budget to EUR 1,500 was voted down.",
                          "予備費を150万円に増額する案は否決された。"))
    # ... but a proposal approved before it or by the next sentence is a change made (the last session's note)
    table = "| Line | Budget (EUR) |\n|---|---|\n| Marketing | 9,000 |\n| Events | 6,000 |\n| Boats | 12,000 |\n\n"
    _assert_stated({1: table + "Ms Tan proposed to cut the marketing budget from EUR 9,000 to EUR 5,000. The board "
                           "approved the proposal unanimously. The board approved the proposal to raise the events "
                           "budget from EUR 6,000 to EUR 7,000. Mr Li proposed to raise the boats budget from EUR "
                           "12,000 to EUR 15,000. After a long discussion, the proposal was adopted by 6 votes to 2.",
                    2: "山田委員は広報費を90万円から50万円に減額することを提案した。理事会はこれを承認した。"},
                   stale=("The marketing budget is EUR 9,000.", "The events budget is EUR 6,000.",
                          "The boats budget is EUR 12,000.", "広報費は90万円である。"),
                   right=("The marketing budget is EUR 5,000.", "The events budget is EUR 7,000.",
                          "The boats budget is EUR 15,000.", "広報費は50万円に減額された。"))
    _assert_stated({1: "山田委員は広報費を90万円から50万円に減額することを提案した。理事会はこれを否決した。"},
                   stale=("広報費は50万円に減額された。",))
    # ... not by a next sentence that approves another thing, or takes its approval back or holds it (review55 F4,
    # F9); and "recommended" or "motion" in a noun does not tell the change as proposed (F5)
    _assert_stated({1: table + "Ms Tan proposed to cut the marketing budget from EUR 9,000 to EUR 5,000. The board "
                           "approved the change to the agenda. Mr Li proposed to raise the events budget from EUR "
                           "6,000 to EUR 7,000. The proposal was approved by the finance committee but rejected by the "
                           "board. Ms Roe proposed to raise the boats budget from EUR 12,000 to EUR 15,000. The "
                           "proposal was approved in principle, subject to a member vote in June. The proposal to "
                           "raise the recommended retail price of the cookbook from EUR 12 to EUR 15 was rejected.",
                    2: "小林理事は、施設利用料を500円から700円に値上げすることを提案した。この提案は承認されず、継続審議となった。"},
                   stale=("The marketing budget is EUR 5,000.", "The events budget is EUR 7,000.",
                          "The boats budget is EUR 15,000.", "The recommended retail price of the cookbook is EUR 15.",
                          "施設利用料は700円に値上げされた。"),
                   right=("The marketing budget is EUR 9,000.", "The events budget is EUR 6,000.",
                          "The boats budget is EUR 12,000.", "The recommended retail price of the cookbook is EUR 12."))
    # ... while "Agreed.", "passed" or "voted in favour" approve it, and a next sentence that defers or refuses a
    # recommendation or "a proposal was made to" undoes it (review56 N6, N7)
    _assert_stated({1: table + "Ms Tan proposed to cut the marketing budget from EUR 9,000 to EUR 5,000. Agreed. Mr "
                           "Li proposed to raise the events budget from EUR 6,000 to EUR 7,000. The proposal passed "
                           "with 30 votes to 12. The board proposed to raise the boats budget from EUR 12,000 to EUR "
                           "15,000. The members voted in favour.",
                    2: "The chair recommended an increase of the trip budget from EUR 1,200 to EUR 1,500. No decision "
                       "was taken. A proposal was made to raise the lunch price from EUR 3.50 to EUR 4.00. It was "
                       "deferred to the May meeting."},
                   stale=("The marketing budget is EUR 9,000.", "The events budget is EUR 6,000.",
                          "The boats budget is EUR 12,000.", "The trip budget is EUR 1,500.",
                          "The lunch price is EUR 4.00."),
                   right=("The marketing budget is EUR 5,000.", "The events budget is EUR 7,000.",
                          "The boats budget is EUR 15,000.", "The trip budget is EUR 1,200.",
                          "The lunch price is EUR 3.50."))
    # ... but not a refusal of another thing after a change made on a recommendation or request, nor a proposal that
    # only "passed its first reading"; and "Agreed unanimously" or "the treasurer's proposal" approve (review57 R4-R6,
    # R11); a text may tell the refused recommendation as such (R12)
    _assert_stated({1: table + "On the auditor's recommendation, the marketing budget was cut from EUR 9,000 to EUR "
                           "5,000. No decision was taken on the new launch. At the caterer's request, the club dinner "
                           "was moved from 6 June to 13 June. It was postponed because the hall was double-booked. Eva "
                           "Holm proposed to cut the events budget from EUR 6,000 to EUR 5,500. The proposal passed its "
                           "first reading. Anna Berg proposed to raise the boats budget from EUR 12,000 to EUR 13,000. "
                           "Agreed unanimously. The members approved the treasurer's proposal to raise the court fee "
                           "from EUR 8 to EUR 9. The chair recommended an increase of the trip budget from EUR 1,200 to "
                           "EUR 1,500. No decision was taken.",
                    2: "観光案内所の開所時間を9時から8時30分に変更した。これは昨年度に見送られていたものである。"},
                   stale=("The marketing budget is EUR 9,000.", "The club dinner is on 6 June.",
                          "The events budget is EUR 5,500.", "The boats budget is EUR 12,000.",
                          "The court fee is EUR 8.", "観光案内所の開所時間は9時である。"),
                   right=("The marketing budget is EUR 5,000.", "The club dinner is on 13 June.",
                          "The events budget is EUR 6,000.", "The boats budget is EUR 13,000.", "The court fee is EUR 9.",
                          "The chair recommended an increase of the trip budget to EUR 1,500.",
                          "観光案内所の開所時間は8時30分である。"))
    # ... "passed on a show of hands" approves, "The proposal was postponed to the June meeting" or "No decision was
    # taken on the proposal" refuses, "the accepted quote" is no approval of the recommendation, and a vote for a
    # motion to refer it approves nothing (review58 N3-N5, N8)
    _assert_stated({1: table + "Eva Holm proposed to cut the marketing budget from EUR 9,000 to EUR 8,000. The "
                           "motion passed on a show of hands. Mr Li proposed to raise the events budget from EUR "
                           "6,000 to EUR 6,500. The proposal was postponed to the June meeting. The chair recommended "
                           "an increase of the boats budget from EUR 12,000 to EUR 13,800 to match the accepted quote. "
                           "No decision was taken on the proposal."},
                   stale=("The marketing budget is EUR 9,000.", "The events budget is EUR 6,500.",
                          "The boats budget is EUR 13,800."),
                   right=("The marketing budget is EUR 8,000.", "The events budget is EUR 6,000.",
                          "The boats budget is EUR 12,000."))
    _assert_stated({1: "Ms Roe proposed to raise the rent from EUR 50 to EUR 55. The members voted in favour of the "
                       "motion to refer the matter to the finance committee. Mr Li proposed to raise the fee from EUR "
                       "20 to EUR 25. The proposal was passed on for legal advice."},
                   stale=("The rent is EUR 55.", "The fee is EUR 25."))  # (review59 F3)
    # ... a refusal after another body's approval, or "no decision" with words after it, still refuses (review60 G2,
    # G4)
    _assert_stated({1: "The committee endorsed the treasurer's proposal to raise the plot rent from EUR 45 to EUR 55. "
                       "The members rejected the proposal. Ms Roe proposed to cut the court fee from EUR 8 to EUR 6. "
                       "No decision was taken on the proposal at this meeting. The committee approved the "
                       "treasurer's proposal to raise the ball levy from EUR 2 to EUR 3. No decision was taken today on "
                       "the floodlight charge."},
                   stale=("The plot rent is EUR 55.", "The court fee is EUR 6.", "The ball levy is EUR 2."),
                   right=("The plot rent is EUR 45.", "The court fee is EUR 8.", "The ball levy is EUR 3."))  # (F2)
    # ... and a refusal of another proposal, or after an approval told in the active voice, undoes nothing (F1, F2)
    _assert_stated({1: "The members approved the treasurer's proposal to raise the annual fee from EUR 40 to EUR 45. "
                       "No decision was taken on the proposal to buy a new safety boat. The chair recommended an "
                       "increase of the boat budget from EUR 900 to EUR 1,000, and the members agreed. No decision was "
                       "taken, however, on the new mooring rules."},
                   stale=("The annual fee is EUR 40.", "The boat budget is EUR 900."),
                   right=("The annual fee is EUR 45.", "The boat budget is EUR 1,000."))
    # ... and a refusal in a reason clause of a change made is not its own (F10)
    _assert_stated({1: "The price of the cleaning contract was increased from EUR 900 to EUR 950 after the supplier "
                       "refused a fixed price."},
                   stale=("The price of the cleaning contract is EUR 900.",),
                   right=("The price of the cleaning contract is EUR 950.",))
    # ... nor is a way back only proposed or refused (「80,000円に戻す案は否決された」)
    _assert_stated({1: "| Item | EUR |\n|---|---|\n| Training | 3,000 |\n\nThe training budget was raised from EUR "
                       "3,000 to EUR 3,500, and a proposal to go back to EUR 3,000 was rejected.",
                    2: "| 費目 | 予算 |\n|---|---|\n| 研修費 | 80,000円 |\n\n研修費の予算は80,000円から100,000円に"
                       "増額されたが、80,000円に戻す案は否決された。"},
                   stale=("The training budget is EUR 3,000.", "研修費の予算は80,000円である。"),
                   right=("The training budget is EUR 3,500.", "研修費の予算は100,000円である。"))
    # ... and a "whether", "not" or 見送 of another thing, in a clause of its own, does not undo a change made
    _assert_stated({1: "| Item | EUR |\n|---|---|\n| Hall fee | 50 |\n| Sauna fee | 8 |\n\nThe hall fee was raised "
                       "from EUR 50 to EUR 60 after the board asked whether the cleaning could be cheaper. The sauna "
                       "fee was cut from EUR 8 to EUR 6 because the members did not use the sauna. The motion to "
                       "raise the boat fee from EUR 30 to EUR 40 when the harbour reopens was voted down.",
                    2: "| 費目 | 金額 |\n|---|---|\n| 会場費 | 5万円 |\n\n会場費は5万円から6万円に値上げされ、備品の購入は"
                       "見送られた。"},
                   stale=("The hall fee is EUR 50.", "The sauna fee is EUR 8.", "The boat fee is EUR 40.",
                          "会場費は5万円である。"),
                   right=("The hall fee is EUR 60.", "The sauna fee is EUR 6.", "会場費は6万円である。"))
    _assert_stated({1: table + "Ms Tan proposed to cut the marketing budget from EUR 9,000 to EUR 5,000. The proposal "
                           "was not approved. The board has not approved the proposal to raise the events budget "
                           "from EUR 6,000 to EUR 7,000. Mr Li proposed to raise the boats budget from EUR 12,000 to "
                           "EUR 15,000. The minutes were approved."},
                   stale=("The marketing budget is EUR 5,000.", "The events budget is EUR 7,000.",
                          "The boats budget is EUR 15,000."),
                   right=("The marketing budget is EUR 9,000.", "The events budget is EUR 6,000.",
                          "The boats budget is EUR 12,000."))


def test_a_change_asked_for_and_refused_and_one_made_instead():
    """The nineteenth session's probes: "The board was asked to raise the fee from EUR 40 to EUR 50. The board
    rejected it, and instead cut the fee from EUR 40 to EUR 35." gave "The fee is EUR 50." ("asked to" was no
    proposal, and a refusal followed by a change of its own refused nothing); and with the refusal read, the refused
    change's old value stood although the next sentence changed it."""
    _assert_stated({1: "The board was asked to raise the fee from EUR 40 to EUR 50. The board rejected it, and "
                       "instead cut the fee from EUR 40 to EUR 35.",
                    2: "Members asked the committee to raise the hut rent from EUR 300 to EUR 350. It was deferred.",
                    3: "The coach asked for an increase of the kit budget from EUR 900 to EUR 1,200. The proposal was "
                       "rejected."},
                   stale=("The fee is EUR 50.", "The fee is EUR 40.", "The hut rent is EUR 350.",
                          "The kit budget is EUR 1,200."),
                   right=("The fee is EUR 35.", "The fee was cut to EUR 35.", "The hut rent is EUR 300.",
                          "The kit budget is EUR 900."))
    # ... while a change made when asked stays made
    _assert_stated({1: "Asked to save money, the board cut the fee from EUR 40 to EUR 35. The minutes were approved."},
                   stale=("The fee is EUR 40.",), right=("The fee is EUR 35.",))


def test_a_vote_told_in_the_next_sentence_approves_or_refuses_the_proposal():
    """review58/59 probes and the nineteenth session's: "Agreed by 20 votes to 3, with 2 abstentions.", "Passed
    unanimously." and "The members voted to accept the proposal." approved nothing, and "Rejected by 20 votes to 3.",
    "Not carried.", "Lost.", "The motion was defeated.", "The board voted against it." refused nothing."""
    approvals = ("Agreed by 20 votes to 3, with 2 abstentions.", "Passed unanimously.",
                 "The members voted to accept the proposal.", "The board voted to approve it.")
    refusals = ("Rejected by 20 votes to 3.", "Not carried.", "Lost.", "The motion was defeated.",
                "The board voted against it.", "The members voted to reject the proposal.", "Rejected unanimously.")
    for vote in approvals:
        _assert_stated({1: f"Mark Dunn proposed to raise the plot rent from EUR 45 to EUR 50. {vote}"},
                       stale=("The plot rent is EUR 45.",), right=("The plot rent is EUR 50.",))
    for vote in refusals:
        _assert_stated({1: f"The chair recommended an increase of the locker fee from EUR 20 to EUR 25. {vote}"},
                       stale=("The locker fee is EUR 25.",), right=("The locker fee is EUR 20.",))


def test_japanese_changes_from_one_year_to_the_next_and_more_verbs_of_change():
    """review57/59/60 left open: 「会員数は2024年の120人から2025年には95人に減少した」 read 2025 as the new value and
    2024 as no side of the change, so 「2024年の会員数は95人であった」 and 「2024年に会員数は80人から95人に増加した」 were
    printed; and 改定, 増員 or 増えた told no change at all (「職員は8人である」 after 「5人から8人に増員され、その後、8人
    から10人に増員された」)."""
    assert change_sides("会員数は2024年の120人から2025年には95人に減少した。") == ({"2024", "120"}, {"95"})
    assert change_sides("売上は2024年度は3,000万円から2025年度は4,500万円に増加した。") == ({"2024", "3000"}, {"4500"})
    # (not the year of the change, nor a date's own year)
    assert change_sides("会費は2026年に5,000円から6,000円に引き上げた。") == ({"5000"}, {"6000"})
    assert change_sides("2026年4月1日から2026年9月30日に延期した。") == ({"4", "1"}, {"9"})
    assert change_sides("料金を500円から600円に改定した。") == ({"500"}, {"600"})
    assert change_sides("席数を40席から60席に増やした。") == ({"40"}, {"60"})
    _assert_stated({1: "会員数は2024年の120人から2025年には95人に減少した。年会費は2024年の4,000円から2025年に4,500円に値上げさ"
                       "れた。ボランティア数は2024年度の30人から2025年度は42人に増えた。",
                    2: "職員は5人から8人に増員され、その後、8人から10人に増員された。"},
                   stale=("2024年の会員数は95人であった。", "2024年に年会費は4,000円から4,500円に値上げされた。",
                          "2024年度のボランティア数は42人である。", "職員は8人である。"),
                   right=("2024年の会員数は120人であった。", "2025年の会員数は95人である。", "会員数は95人に減少した。",
                          "ボランティア数は2024年度の水準から42人に増えた。", "職員は10人である。"))


def test_the_middle_value_of_a_chain_of_changes_is_an_old_one():
    """review49 M1: "raised from EUR 25 to EUR 30 and then lowered from EUR 30 to EUR 28" and "postponed from 3 May
    2026 to 10 May 2026 and then to 17 May 2026" let "The annual membership fee is EUR 30" and "The new wing opens
    on 10 May 2026" pass: the value one change reached and a later one left counted as new. Two changes of two
    things under one verb (review24 H2) keep theirs."""
    fee = ("The annual membership fee was raised from EUR 25 to EUR 30 and then lowered from EUR 30 to EUR 28 after "
           "complaints.")
    wing = "The opening of the new wing was postponed from 3 May 2026 to 10 May 2026 and then to 17 May 2026."
    room = "会議室の利用料は1時間800円から1,000円に引き上げられた後、1,000円から900円に引き下げられた。"
    assert change_sides(fee) == ({"25", "30"}, {"28"})
    assert change_sides(wing) == ({"3", "10"}, {"17"})
    assert change_sides(room) == ({"800", "1000"}, {"900"})
    assert change_sides("宿泊料の上限額は一般職9,000円から10,000円に、課長職10,000円から11,000円に引き上げた。") == (
        {"9000"}, {"10000", "11000"})
    _assert_stated({1: f"{fee} {wing}", 2: room},
                   stale=("The annual membership fee is EUR 30.", "The new wing opens on 10 May 2026.",
                          "会議室の利用料は1時間1,000円である。"),
                   right=("The new wing opens on 17 May 2026.", "会議室の利用料は1時間900円である。"))
    # ... but not a value left by a change of another thing after a "then", or in a clause with 午後, 今後 or 最後, nor one
    # "then" goes on from to a value of another kind (review55 F1-F3); a count that changed is a value (F12)
    for sentence, sides in (
            ("The ticket price was raised from EUR 10 to EUR 12, and then the parking fee was cut from EUR 12 to EUR 8.",
             ({"10"}, {"12", "8"})),
            ("The VPN session limit was raised from 8 hours to 12 hours; then the idle timeout was cut from 12 hours "
             "to 4 hours.", ({"8"}, {"12", "4"})),
            ("The mailbox quota was raised from 10 GB to 20 GB, and then extended to 5 shared mailboxes per team.",
             ({"10"}, {"20"})),
            ("The upload limit was increased from 100 MB to 200 MB and then to be reviewed in 2027.", ({"100"}, {"200"})),
            ("入館料は500円から600円に値上げされ、午後の駐車料金は600円から400円に値下げされた。", ({"500"}, {"600", "400"})),
            ("受付時間は9時から10時に変更され、最後に閉館時間は10時から21時に延長された。", ({"9"}, {"10", "21"})),
            ("回数券は10枚3,000円から11枚3,000円に変更された。", ({"10"}, {"11"})),
            # and "then" goes on past a verb's words, or in Japanese with その後 (F8, F13)
            ("The works were postponed from 3 May to 10 May and then brought forward to 7 May.", ({"3", "10"}, {"7"})),
            ("The late fee was raised from EUR 1 to EUR 2 and then lowered again to EUR 1.50.", ({"1", "2"}, {"1.50"})),
            ("会議室の利用料は800円から1,000円に引き上げられ、その後900円に引き下げられた。", ({"800", "1000"}, {"900"})),
            # ... with a phrase or the thing again before "then", "later", たが、その後 (review56 N1, N3, N4, N9)
            ("The hall rent was raised from EUR 500 to EUR 600, and then, after protests, lowered from EUR 600 to EUR "
             "550.", ({"500", "600"}, {"550"})),
            ("The storage fee was raised from EUR 40 to EUR 60; it was then lowered from EUR 60 to EUR 50.",
             ({"40", "60"}, {"50"})),
            ("The fee was raised from EUR 25 to EUR 30, and the fee was then cut from EUR 30 to EUR 28.",
             ({"25", "30"}, {"28"})),
            ("The kitchen fee was raised from EUR 30 to EUR 45 but later reduced from EUR 45 to EUR 35.",
             ({"30", "45"}, {"35"})),
            ("The deposit was raised from EUR 150 to EUR 200 and then further to EUR 250.", ({"150", "200"}, {"250"})),
            ("会議室の利用料は800円から1,000円に引き上げられたが、その後、1,000円から900円に引き下げられた。",
             ({"800", "1000"}, {"900"})),
            # ... and "then to" a value of the same kind in another form or month (N2, N8)
            ("The ticket price rose from 10 USD to 12 USD and then to USD 14.", ({"10", "12"}, {"14"})),
            ("The drive limit was raised from 10 GB to 20 GB and then to 1 TB.", ({"10", "20"}, {"1"})),
            ("The open day was postponed from 20 May to 3 June and then to 1 July.", ({"20", "3"}, {"1"})),
            # ... another thing with no article, or named after the verb, is no step; "it" after an agent, or the
            # thing in the plural, is (review57 R2, R3, R13)
            ("The junior fee was raised from EUR 10 to EUR 12, and then guest tickets were cut from EUR 12 to EUR 10.",
             (set(), {"10", "12"})),
            ("The AGM was moved from 3 May to 10 May, and then Peter Lang moved the club dinner from 10 May to 17 May.",
             ({"3"}, {"10", "17"})),
            ("The rent was raised from EUR 500 to EUR 600, and then the members voted to lower it from EUR 600 to "
             "EUR 550.", ({"500", "600"}, {"550"})),
            ("Membership fees were raised from EUR 40 to EUR 45, and then the fee was cut from EUR 45 to EUR 42.",
             ({"40", "45"}, {"42"})),
            # ... and words after the next verb that name no thing, or a time before its subject (review58 N1, N10)
            ("The hall rent was raised from EUR 500 to EUR 600, and then cut back from EUR 600 to EUR 550.",
             ({"500", "600"}, {"550"})),
            ("The hall rent was raised from EUR 500 to EUR 600 and then reduced by the board from EUR 600 to EUR 550.",
             ({"500", "600"}, {"550"})),
            ("The hall rent was raised from EUR 500 to EUR 600, and then in June the rent was lowered from EUR 600 to "
             "EUR 550.", ({"500", "600"}, {"550"})),
            ("The hall rent was raised from EUR 500 to EUR 600; then in June it was lowered from EUR 600 to EUR 550.",
             ({"500", "600"}, {"550"})),
            # ... an object with no article, a pronoun with words after it (review59 F4, F16), another thing's
            # subject with a preposition in it (F9)
            ("Membership fees were raised from EUR 40 to EUR 45, and then the committee cut membership fees from EUR "
             "45 to EUR 42.", ({"40", "45"}, {"42"})),
            ("The hall rent was raised from EUR 500 to EUR 600, and then the board cut it back from EUR 600 to EUR "
             "550.", ({"500", "600"}, {"550"})),
            ("The hire fee for the marquee was raised from EUR 300 to EUR 400, and then the deposit for the marquee "
             "was lowered from EUR 400 to EUR 250.", ({"300"}, {"400", "250"})),
            # ... a phrase before the subject, an adverb after the verb, a group of its own (review60 G1, G5)
            ("The annual fee was raised from EUR 40 to EUR 50, and then at the March meeting the fee was cut from EUR "
             "50 to EUR 45.", ({"40", "50"}, {"45"})),
            ("The locker rent was raised from EUR 30 to EUR 40 and then lowered temporarily from EUR 40 to EUR 35.",
             ({"30", "40"}, {"35"})),
            ("The guest fee was raised from EUR 8 to EUR 12, and then the committee cut it for juniors from EUR 12 to "
             "EUR 6.", ({"8"}, {"12", "6"})),
            # ... but "it for 2026" is the thing again, and "weekly passes" another thing (review61 F4, F5)
            ("The court fee was raised from EUR 12 to EUR 15, and then the board cut it for 2026 from EUR 15 to EUR "
             "13.", ({"12", "15"}, {"13"})),
            ("The day pass was raised from EUR 8 to EUR 10, and then the centre lowered weekly passes from EUR 10 to "
             "EUR 9.", ({"8"}, {"10", "9"}))):
        assert change_sides(sentence) == sides, sentence
    # the middle of a chain told as the new value of its own step, with its date, is stated (F7)
    rent = "The monthly rent will increase from EUR 800 to EUR 850 on 1 April 2026 and then to EUR 900 on 1 October 2026."
    garage = "The garage rent was raised from EUR 60 to EUR 70 in 2025 and then to EUR 80 in 2026."
    _assert_stated({1: rent, 2: garage},
                   stale=("The monthly rent is EUR 850.", "The monthly rent is now EUR 850.",
                          "The monthly rent will increase to EUR 850.",  # (undated: review56 N10)
                          "The garage rent was raised to EUR 70 in 2026."),
                   right=("The monthly rent will increase to EUR 850 on 1 April 2026.",
                          "The garage rent was raised to EUR 70 in 2025."))  # (a step dated by its year: review57 R8)
    # a change told the wrong way round is still a misquote of the chain, which is quoted instead (review48)
    temperature = "The temperature rose from 10 °C to 25 °C and then fell from 25 °C to 12 °C overnight."
    assert PageIndex({1: temperature}, joins=False).faithful("The temperature rose from 25 °C to 10 °C "
                                                             "overnight.") == temperature


def test_several_japanese_changes_under_one_verb_each_have_an_old_value():
    """review24 H2: "一般職9,000円から10,000円に、課長職10,000円から11,000円に引き上げた" recorded only its last change, so
    "宿泊料の上限額は一般職9,000円である。" passed for the raised cap; and the old side of a single change took the date
    of the decision before it ("2026年4月1日の改定により一般職9,000円から"): 4 and 1 were "old values"."""
    index = PageIndex({1: "第6条第1項の宿泊料の上限額は、2026年4月1日の改定により一般職9,000円から10,000円に、課長職"
                          "10,000円から11,000円に引き上げた。",
                       2: "日当は、2026年4月1日の改定により一般職2,000円から2,500円に引き上げた。"})
    for old in ("宿泊料の上限額は一般職9,000円である。", "宿泊料の上限額は、2026年4月1日の改定により一般職9,000円に引き上げた。",
                "一般職の日当は2,000円である。"):
        assert not is_supported(old, index), old
    for right in ("宿泊料の上限額は、一般職10,000円、課長職11,000円に引き上げられた。", "日当の改定は2026年4月1日である。"):
        assert PageIndex(index._texts, joins=True).faithful(right) == right, right
    assert change_sides("日当は、2026年4月1日の改定により一般職2,000円から2,500円に引き上げた。") == ({"2000"}, {"2500"})
    # review51 F4: the count of a price per unit is no old value (「1枚15円である」 was dropped for its "1")
    fees = "コピー料金は1枚10円から15円に値上げされた。参加費は1人あたり3,000円から1人あたり3,500円に値上げされた。"
    assert change_sides(fees.split("。")[0]) == ({"10"}, {"15"})
    assert change_sides(fees.split("。")[1]) == ({"3000"}, {"3500"})
    _assert_stated({1: fees}, stale=("コピー料金は1枚10円である。", "参加費は1人あたり3,000円である。"),
                   right=("コピー料金は1枚15円である。", "参加費は1人あたり3,500円である。"))


def test_a_value_a_later_message_changed_is_neither_quoted_nor_put_back():
    """A mail thread decided "move on 1 June", a later mail "The move date is postponed to 15 June": the quotes
    held the superseded decision, and "The office moves ... on 15 June" was replaced by it (its date "changed")."""
    decided = "After the meeting we decided to move the Oslo office to the Lysaker building on 1 June 2026."
    pages = {1: f"{decided} Please book the movers for the last week of May.\n"
                "Flytt & Co can do 28-29 May for 58,000 NOK including packing.\n"
                "Update: the move date is postponed to 15 June 2026 because the landlord needs two more weeks. "
                "IT will move the servers on 13 and 14 June. The old office lease ends on 30 June 2026.\n"
                "The supply airflow is 120 m3/h at commissioning. The supply airflow can be raised to 150 m3/h. "
                "The extract airflow is 110 m3/h. The extract airflow is increased to 140 m3/h when the boost runs. "
                "The lift is booked for 10 June. Please move the lift to 12 June."}
    index = PageIndex(pages)
    assert index.superseded(decided)
    assert decided not in [s for s, _ in salient_sentences(index, pages, 20)]
    assert index.faithful(decided) is None  # the model's verbatim quote of it
    assert index.faithful("The office moves to the Lysaker building on 22 June 2026.") is None  # no date to put back
    for current in ("The office moves to the Lysaker building on 15 June 2026.",
                    "The move to the Lysaker building was postponed to 15 June 2026."):
        assert index.faithful(current) == current
    # not changed: a later sentence of its own, a possibility, a behaviour under a condition, an instruction
    for kept in ("IT will move the servers on 13 and 14 June.", "The supply airflow is 120 m3/h at commissioning.",
                 "The extract airflow is 110 m3/h.", "The lift is booked for 10 June."):
        assert not index.superseded(kept), kept


def test_a_date_moved_to_another_month_or_in_japanese_is_superseded():
    """review34 F1: minutes whose decision "21-22 November" was later "moved to the weekend of 12-13 December"
    printed the cancelled window as the decision (a change was matched in the same month only). F2: Japanese
    minutes had no check at all (本番移行 12月5日 案, later 1月9日に変更)."""
    decided = "Decision: The committee initially approved the production upgrade for the weekend of 21–22 November 2026."
    office = "We decided to move the office on 28 May 2026."
    pages = {1: f"{decided} The office lease was signed on 3 March 2026. {office} The launch is planned for June 2.",
             2: "Decision (revised): The production upgrade is moved to the weekend of 12–13 December 2026. "
                "The office move is postponed to 15 June 2026. The launch was postponed to July 9."}
    index = PageIndex(pages, joins=False)
    for old in (decided, office, "The launch is planned for June 2."):
        assert index.superseded(old) and index.faithful(old) is None, old
    assert decided not in [s for s, _ in salient_sentences(index, pages, 20)]
    # one word of two in common is another thing ("office" lease, not the office move); the updates stand
    for kept in ("The office lease was signed on 3 March 2026.", "The office move is postponed to 15 June 2026."):
        assert not index.superseded(kept), kept
    # review36 F1: another event that shares words with the moved one is not moved
    events = {1: "The project steering meeting is on 10 June in room 4. The Berlin team workshop is on 12 May.",
              2: "The project review meeting was postponed to 15 July. The Paris team workshop was moved to 3 June."}
    index = PageIndex(events, joins=False)
    for kept in ("The project steering meeting is on 10 June in room 4.", "The Berlin team workshop is on 12 May."):
        assert not index.superseded(kept), kept

    proposed = "高橋より、本番移行を2026年12月5日（土）に実施する案が示された。"
    ja = {1: f"{proposed}データ移行は12月3日に完了した。本番移行の準備には5日を要する。"
             "協議の結果、本番移行日は2027年1月9日（土）に変更することとした。",
          2: "研修は4月10日に実施する。研修日を4月17日に変更する案が出されたが、結論は次回とする。"}
    index = PageIndex(ja, joins=False)
    assert index.superseded(proposed) and index.faithful(proposed) is None
    # another thing moved (データ移行, 本番移行判定会議: review36 F1), a duration (5日), the new date itself, a change
    # only proposed (案)
    for other in ("本番移行判定会議は12月3日に開催する。", "本番移行の判定会議は12月3日に開催する。"):  # (review38 N2)
        assert not PageIndex({1: other, 2: "本番移行日は1月9日に変更した。"}).superseded(other), other
    moved = "本番移行の日程は12月5日とする。"  # (its date, with の: review40 N3)
    assert PageIndex({1: moved, 2: "本番移行日は1月9日に変更した。"}).superseded(moved)
    for kept in ("データ移行は12月3日に完了した。", "本番移行の準備には5日を要する。",
                 "協議の結果、本番移行日は2027年1月9日（土）に変更することとした。", "研修は4月10日に実施する。"):
        assert not index.superseded(kept), kept


def test_a_number_without_a_unit_changed_in_a_restatement_gives_way_to_the_document_sentence():
    """review10 H1: a run published "The incident team rolled back to version 7.4.1." where the report says 7.3.2
    (7.4.1 is the fix release, stated elsewhere). A version has no unit after it; a restatement with another
    number of the same shape is a misquote. A change told the other way round is one too."""
    index = PageIndex({1: "At 15:10 UTC the team rolled back to version 7.3.2. The fix will ship in version 7.4.1. "
                          "The incident was classified as severity 2.",
                       2: "The hotel limit for Germany was raised from EUR 150 to EUR 180."})
    assert index.faithful("The team rolled back to version 7.4.1.") == (
        "At 15:10 UTC the team rolled back to version 7.3.2.")
    assert index.faithful("The incident was classified as severity 3.") == "The incident was classified as severity 2."
    assert index.faithful("The hotel limit for Germany was lowered from EUR 150 to EUR 180.") == (
        "The hotel limit for Germany was raised from EUR 150 to EUR 180.")
    assert index.faithful("The fix ships in version 7.4.1.") == "The fix ships in version 7.4.1."


def test_a_name_put_in_place_of_another_gives_way_to_the_document_sentence():
    """review7 M1: "Aiko Sato will fix both bugs by 25 March" passed on "Tom Baker will fix both bugs by 25 March"
    (another owner on minutes): every other word is the sentence's."""
    index = _minutes_index()
    assert index.faithful("Aiko Sato will fix both bugs by 25 March.") == "Tom Baker will fix both bugs by 25 March."
    assert index.faithful("Maria Chen will confirm the reassignment with HR by 10 March.") == (
        "Raj Patel will confirm the reassignment with HR by 10 March.")
    assert index.faithful("By 25 March, Tom Baker will fix both bugs.") == "By 25 March, Tom Baker will fix both bugs."


def test_faithful_restatements_pass_the_new_rules_unchanged():
    """review9 (a review of this session's own rules): each of these correct restatements was refused or
    replaced by a first version: an en-dash range read as one number, a different first word or a possessive
    read as another name, the month May read as the level MAY, polite and plain Japanese "must" read as a
    negation, "after" and "before" read as opposites, "minus 25" not read as -25."""
    index = PageIndex({
        1: "Office hours are 9:00–17:00 on weekdays. The pipe must withstand pressures of 2–6 bar. Employees "
           "receive the annual bonus after 12 months of service. Tom Baker leads the mobile team. The vendor "
           "proposal from Acme was rejected because of its price. The annual report is due on 15 May. The audit "
           "takes place before the report is due. Temperatures can drop to minus 25 °C in January.",
        2: "社員は入館時にIDカードを提示しなければなりません。交通費の精算には領収書を添付しなくてはいけない。",
    })
    for text in ("Office hours are 9:00 to 17:00 on weekdays.", "The pipe must withstand 2 to 6 bar.",
                 "Staff receive the annual bonus after 12 months of service.", "Mr. Baker leads the mobile team.",
                 "Acme's vendor proposal was rejected because of its price.",
                 "The annual report must be submitted by 15 May.", "The report is due after the audit takes place.",
                 "Temperatures can drop to -25 °C in January.", "社員は入館時にIDカードを提示しなければならない。",
                 "交通費の精算には領収書を添付しなければならない。"):
        assert is_supported(text, index) and index.faithful(text) == text, text
    assert split_sentences("Item 3 A. Moreau presented the budget.") == ["Item 3 A. Moreau presented the budget."]


def test_a_list_item_a_joined_condition_and_a_plain_range_are_not_taken_for_misquotes():
    """review11: a copied list item "Free parking" became the next, longer item ("... for visitors with a
    permit"), as if it were its exception; a point joining a rule and its conditional sibling was cut to the rule;
    "changed ... and now run from 8:00 to 18:00" read a plain range as the old and new value of a change."""
    index = PageIndex({1: "Benefits\n- Free parking\n- Free parking for visitors with a permit\n- Gym membership",
                       2: "福利厚生\n・通勤手当\n・通勤手当（上限月額3万円）\n・住宅手当",
                       3: "Replace the filter every 6 months. Replace it sooner if the indicator turns red.",
                       4: "Office hours changed on 1 April. The office is now open from 8:00 to 18:00."})
    for text in ("Free parking", "通勤手当", "Replace the filter every 6 months, or sooner when the indicator turns red.",
                 "Office hours changed on 1 April and now run from 8:00 to 18:00."):
        assert is_supported(text, index) and index.faithful(text) == text, text
    assert index.faithful("Replace the filter every 6 months if the unit is new.") == "Replace the filter every 6 months."
    # review15 H8: an added "not" is no join when it takes nothing else from the other sentence
    index = PageIndex({1: "The launch moves to 2 February because the distributor cannot take stock before the end "
                          "of January. The distributor confirmed they can take stock in the first week of January."})
    assert index.faithful("The distributor confirmed they cannot take stock in the first week of January.") == (
        "The distributor confirmed they can take stock in the first week of January.")


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


def test_lost_negations_behind_without_an_and_or_a_verb_left_out_are_seen():
    """review18 H7/H8: restatements of one sentence that lost its "not" or its "until then", or swapped "reduces"
    for "increases", were printed as they were."""
    pages = {1: "Outcome assessors were blinded to group allocation; participants were not. Participants with high "
                "adherence had a larger fall in pressure than those with low adherence, but this comparison was not "
                "randomised. Without the module, parallel operation is not allowed. Horizontal mounting reduces the "
                "maximum output current to 7.5 A.",
             2: "UL 61010 approval is pending and expected in the first quarter of 2027; until then the unit must not "
                "be sold in the United States. The offer is valid until 31 March 2027. The launch is postponed until "
                "15 June. The car park on Nordstrasse is reserved for visitors through the end of March."}
    index = PageIndex(pages, joins=False)
    for text, source in (
            ("Participants were blinded to group allocation.",
             "Outcome assessors were blinded to group allocation; participants were not."),
            ("Participants with high adherence had a larger fall in pressure than those with low adherence, and this "
             "comparison was randomised.",
             "Participants with high adherence had a larger fall in pressure than those with low adherence, but this "
             "comparison was not randomised."),
            ("Parallel operation is allowed without the module.",
             "Without the module, parallel operation is not allowed."),
            ("Horizontal mounting increases the maximum output current to 7.5 A.",
             "Horizontal mounting reduces the maximum output current to 7.5 A."),
            ("The unit must not be sold in the United States.",  # (a clause of a longer sentence: it is the source)
             "UL 61010 approval is pending and expected in the first quarter of 2027; until then the unit must not "
             "be sold in the United States.")):
        assert index.faithful(text) == source, text
    for same in ("The offer is valid until 31 March 2027.", "Parallel operation is not allowed without the module.",
                 "The car park is reserved for visitors until the end of March."):
        assert index.faithful(same) == same, same
    assert index._updates()  # "postponed until 15 June": a date, no condition


def test_a_near_copy_of_one_sentence_is_not_replaced_by_another_sentence_with_its_clauses():
    """review21 F1/F2/F6: measuring a text against one clause of a longer source raised that source's score, so
    a near-copy of one sentence was "misquoted" and replaced by another (the pre-filter's 4 weeks for the
    filter's 2 weeks); a list item's "without" under "We will not pay for:" was read apart from its "no"; and a
    clause about version 1 met "version 1 does not" though it said something else of it."""
    pages = {1: "The filter must be replaced every 6 months and cleaned every 2 weeks. Use a dry cloth.\n\n"
                "Service plan: the filter must be replaced every 6 months; the pre-filter must be cleaned every "
                "4 weeks.\n\nWe will not pay for:\n- theft with no signs of forced entry;\n"
                "- cash left without supervision in a car.\n\n"
                "Version 2 of the app supports offline mode; version 1 does not. Version 1 is supported until "
                "31 December 2026."}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        for near_copy in ("Filters must be replaced every 6 months and cleaned every 2 weeks.",
                          "Cash left without supervision in a car is not covered."):
            whole = whole_sentence(near_copy, index, [])
            assert whole == near_copy and (is_supported(whole, index) or not joins), (joins, near_copy, whole)
        assert index.faithful("Version 2 supports offline mode, and version 1 is supported until 31 December "
                              "2026.") != "Version 2 of the app supports offline mode; version 1 does not."
        assert index.faithful("Version 1 of the app supports offline mode.") == (
            "Version 2 of the app supports offline mode; version 1 does not.")


def test_review22_a_long_first_clause_an_item_without_and_a_condition_named_like_a_month():
    """review22 F4: "Staff approved the plan." met the long first clause of "Managers ... approved the plan ...;
    staff did not." (the elided verb was asked of the clause before, not of the text); F3: "Theft without signs of
    forced entry is covered." agreed with "We will not pay for: theft without signs ..."; F6: "until
    decontamination ..." read as a date (a month's letters)."""
    pages = {1: "Managers of all three sites approved the relocation plan for the warehouse in March; staff did "
                "not.\n\nWe will not pay for:\n- theft without signs of forced entry;\n- loss of cash.\n\n"
                "The lift must not be used until decontamination of the shaft is complete."}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        assert index.faithful("Staff approved the relocation plan.") != "Staff approved the relocation plan."
        assert not (index.faithful(text := "Theft without signs of forced entry is covered.") == text
                    and is_supported(text, index))
        assert index.faithful("The lift must not be used.") == (
            "The lift must not be used until decontamination of the shaft is complete.")
        assert index.faithful(text := "Theft without signs of forced entry is not covered.") == text


def test_two_values_or_a_not_given_to_each_others_words_are_a_misquote():
    """review23 F6: the excesses of two plans swapped ("£35 ... Silver ... £50 ... Gold") and "sent, not received"
    for "received, not sent" passed: every word and number is the document's, only paired the other way."""
    excess = "The excess is £50 for each claim under the Silver plan and £35 for each claim under the Gold plan."
    notice = "The notice period starts on the day the letter is received, not the day it is sent."
    pages = {1: f"{excess} Claims are made online or by phone.", 2: f"Either side may end the contract. {notice}"}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        assert index.faithful("The excess is £35 for each claim under the Silver plan and £50 for each claim "
                              "under the Gold plan.") == excess
        assert index.faithful("The notice period starts on the day the letter is sent, not the day it is "
                              "received.") == notice
        # (review29 F5: a restatement that moves the "not" onto the verb is no swap)
        discount = PageIndex({1: "The discount applies to orders over £50, not to gift cards. Contractors, not "
                                 "employees, must sign the visitor register."}, joins=joins)
        for restated in ("Gift cards do not get the discount, which applies to orders over £50.",
                         "Employees do not sign the visitor register; contractors must."):
            assert discount.faithful(restated) == restated, restated
        assert discount.faithful("The discount applies to gift cards, not to orders over £50.") == (
            "The discount applies to orders over £50, not to gift cards.")
        for restated in ("Under the Silver plan, the excess is £50 per claim, and under the Gold plan it is £35.",
                         "For the Gold plan the excess is £35 per claim; Silver plan members pay £50.",
                         "The notice period does not start on the day the letter is sent but on the day it is "
                         "received."):
            assert index.faithful(restated) == restated


def test_a_value_given_to_what_another_value_of_its_sentence_is_of_is_a_misquote():
    """review34 F3: "Total infrastructure spend in Q3 was EUR 380,000" passed where the spend was EUR 412,000
    "against a budget of EUR 380,000", and its Japanese twin (執行額 and 予算 exchanged): each number is the
    sentence's, only given to the other amount's words."""
    spend = ("Total infrastructure spend in Q3 was EUR 412,000 against a budget of EUR 380,000, an overrun of 8.4 "
             "percent.")
    weights = "The heater weighs 4 kg, while the stand weighs 2 kg."
    lease = "The lease runs for 36 months with a 6-month notice period."
    ja = "第2四半期の執行額は1,840万円で、予算2,000万円に対して92%であった。"
    # review41 F3, F5: a rejected change's value as the decision; 耐圧 (proof) and 破壊圧力 (burst) exchanged
    reserve = ("The proposal to raise the reserve target from 3 months to 6 months of operating costs was rejected; "
               "the target remains 3 months.")
    marketing = "Marketing spent USD 12,000 of its USD 15,000 allocation."
    pressure = "耐圧は2 MPaで、破壊圧力は5 MPaです。"
    revised = "改訂履歴：第3版で、応答時間の最大値を20 msから10 msに変更しました。"
    energy = "Energy use was 1,200 MWh, of which 800 MWh came from renewable sources."
    sales = "Sales grew from 3,000 units in 2024 to 4,500 units in 2025."
    pages = {1: f"Rajesh Menon presented the Q3 figures. {spend} Storage grew by 23 percent.",
             2: f"{weights} {lease}", 3: f"財務報告。{ja}リスクは低い。",
             4: f"{reserve} {marketing}", 5: f"{pressure}\n{revised}", 6: f"{energy} {sales}"}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        for wrong, source in (("Total infrastructure spend in Q3 was EUR 380,000.", spend),
                              ("The heater weighs 2 kg.", weights), ("The lease runs for 6 months.", lease),
                              ("第2四半期の執行額は2,000万円であった。", ja),
                              ("第2四半期の執行額は2,000万円で、予算1,840万円に対して92%であった。", ja),
                              ("The reserve target remains 6 months.", reserve),
                              ("Marketing spent USD 15,000.", marketing), ("耐圧は5 MPaです。", pressure),
                              # review42 F7: the other way round, the budget given the spend's value
                              ("The budget was EUR 412,000.", spend),
                              ("Energy use was 800 MWh.", energy)):
            assert index.faithful(wrong) == source, wrong
        # restatements that keep each value with its words, however they fall
        for restated in ("Against a budget of EUR 380,000, infrastructure spend in Q3 was EUR 412,000.",
                         "Infrastructure spend in Q3 exceeded the budget of EUR 380,000.",
                         "Infrastructure spend in Q3 overran its budget by 8.4 percent.",
                         "The stand weighs 2 kg and the heater 4 kg.", "The notice period is 6 months.",
                         "予算2,000万円に対し、第2四半期の執行額は1,840万円であった。",
                         # (the two ends of a change are of one thing: the response time)
                         "応答時間は最大10 msです。", "The reserve target remains 3 months.",
                         # (a word after two values counts them, as a unit does: "units")
                         "In 2024, 3,000 units were sold."):
            assert index.faithful(restated) == restated, restated


def test_a_value_given_the_condition_of_another_value_is_a_misquote():
    """review36 F3, review41: "The battery lasts 10 hours at 0 °C" passed where the sentence gives 10 hours at 20 °C
    and 6 hours at 0 °C; 精度は周囲温度25 °Cで±1.0% where ±1.0% is the accuracy over -10 °C to 60 °C."""
    battery = "The battery lasts 10 hours at 20 °C and 6 hours at 0 °C."
    accuracy = "精度は周囲温度25 °Cで±0.5%、-10 °Cから60 °Cの範囲で±1.0%です。"
    index = PageIndex({1: f"{battery} Charge it before first use.", 2: accuracy})
    for wrong, source in (("The battery lasts 10 hours at 0 °C.", battery),
                          ("The battery lasts 6 hours at 20 °C.", battery), ("精度は周囲温度25 °Cで±1.0%です。", accuracy)):
        assert index.faithful(wrong) == source, wrong
    for right in ("At 0 °C the battery lasts 6 hours.", "At 20 °C, the battery lasts 10 hours.",
                  "精度は周囲温度25 °Cで±0.5%です。",
                  "Battery life drops from 10 hours at 20 °C to 6 hours at 0 °C."):  # (review45 R1)
        assert index.faithful(right) == right, right


def test_a_datasheet_rows_values_keep_their_min_typ_max_columns():
    """review41 F4: "The quiescent current is typically 8.0 mA" passed where 8.0 mA is the Max of its row (4.2 the
    Typ), as did "at most 15 mV" for a Typ; F10: faithful statements of a row whose unit is a cell of its own
    ("| 5.2 | V |") or that say "typical" and "maximum" (the header's words) were dropped."""
    markdown = ("Electrical characteristics\n| Parameter | Min | Typ | Max | Unit |\n| --- | --- | --- | --- | --- |\n"
                "| Output voltage | 4.8 | 5.0 | 5.2 | V |\n| Load regulation | — | 15 | 100 | mV |\n"
                "| Quiescent current | — | 4.2 | 8.0 | mA |\n| Dropout voltage | — | 2.0 | 2.5 | V |\n"
                "The regulator delivers up to 1.5 A of output current with a heat sink.")
    pdf = ("Electrical Characteristics (VDD = 3.3 V, TA = 25 °C)\nParameter  Min  Typ  Max  Unit\n"
           "Supply current (active)  —  135  220  µA\nConversion time  —  15.5  17.5  ms\n"
           "The sensor converts continuously in active mode.")
    index = PageIndex({1: markdown, 2: pdf}, joins=False)
    for right in ("The output voltage is 5.0 V typical, with a minimum of 4.8 V and a maximum of 5.2 V.",
                  "The quiescent current is 4.2 mA typical and 8.0 mA maximum.",
                  "The dropout voltage is typically 2.0 V.",
                  "The typical active supply current is 135 µA."):
        assert index.faithful(right) == right and is_supported(right, index), right
    for wrong in ("The quiescent current is typically 8.0 mA.", "The load regulation is at most 15 mV.",
                  "The dropout voltage is 2.5 V typical.", "The maximum active supply current is 135 µA.",
                  "The conversion time is typically 17.5 ms."):
        assert not (index.faithful(wrong) == wrong and is_supported(wrong, index)), wrong
    # review43 R1-R3, R8: a limit word after °C or %, a "%" unit cell, a Condition column, and a table after the
    # limits table with columns of its own
    more = ("| Parameter | Condition | Min | Typ | Max | Unit |\n| --- | --- | --- | --- | --- | --- |\n"
            "| Line regulation | VIN = 6 V to 28 V | — | 0.2 | 0.5 | % |\n"
            "| Case temperature | — | -20 | — | 70 | °C |\n"
            "Prices\n| Item | Unit price | Pack price |\n| --- | --- | --- |\n| Cable | 9.80 | 45.00 |")
    index = PageIndex({1: more}, joins=False)
    for wrong in ("The case temperature is 70 °C minimum.", "The line regulation is typically 0.5 %."):
        assert not (index.faithful(wrong) == wrong and is_supported(wrong, index)), wrong
    assert index._page_limit_columns(1)[-1] == {}  # the price row is no limits row


def test_a_markdown_tables_values_keep_their_columns():
    """review41 F10: faithful statements of a budget table ("Programmes spent 18,300 EUR") were all dropped, the
    header's words and its "(EUR)" being no words of the row; a value given another column's words ("The Staff
    budget is EUR 148,000", where 148,000 was spent) must not pass instead."""
    table = ("Budget summary\n| Cost centre | Annual budget (EUR) | Spent to 30 Sep (EUR) | Remaining (EUR) |\n"
             "| --- | --- | --- | --- |\n| Staff | 300,000 | 148,000 | 152,000 |\n"
             "| Programmes | 70,000 | 18,300 | 51,700 |\nThe committee noted the figures.")
    index = PageIndex({1: table}, joins=False)
    for right in ("Programmes spent 18,300 EUR.", "Staff: remaining EUR 152,000.",
                  "The Staff budget is EUR 300,000, of which EUR 148,000 has been spent."):
        assert index.faithful(right) == right and is_supported(right, index), right
    for wrong in ("The Staff budget is EUR 148,000.", "Programmes spent 51,700 EUR.",
                  "Staff: 148,000 EUR budget, 300,000 EUR spent, 152,000 EUR remaining."):
        assert not (index.faithful(wrong) == wrong and is_supported(wrong, index)), wrong
    # review44 N1: a sentence beside the table that says it, a row the text does not name, a word of two headers
    index = PageIndex({1: "The council granted a marketing budget of EUR 15,000, which was approved on 3 February.\n"
                          "| Area | Budget 2026 (EUR) | Budget 2027 (EUR) | Spent (EUR) |\n| --- | --- | --- | --- |\n"
                          "| Marketing | 12,000 | 20,000 | 15,000 |\n| Playground | 9,000 | 9,500 | 8,000 |\n"
                          "The repair budget for the church roof is EUR 8,000."}, joins=False)
    for right in ("The marketing budget of EUR 15,000 was approved on 3 February.",
                  "The repair budget for the church roof is EUR 8,000."):
        assert index.faithful(right) == right, right
    # review45 S1: a sentence that agrees only by its words, giving the budget to the other value, is no such
    index = PageIndex({1: "Marketing spent EUR 15,000 of its EUR 20,000 budget.\n"
                          "| Area | Budget (EUR) | Spent (EUR) |\n| --- | --- | --- |\n"
                          "| Marketing | 20,000 | 15,000 |"},
                      joins=False)
    wrong = "The marketing budget was EUR 15,000."
    assert not (index.faithful(wrong) == wrong and is_supported(wrong, index))


def test_a_number_bound_the_other_way_or_a_comparative_turned_round_is_a_misquote():
    """review27 F3: "an input capacitor of at most 22 µF" passed for "at least 22 µF" (the sentence also says "at
    least 50 V", so the word pair was on both sides), as did "no more than 22 µF" and "Smaller capacitance may
    prevent start-up" for "Larger ..."."""
    req = ("REQ-01: The host shall provide an input capacitor of at least 22 µF, with a voltage rating of at least "
           "50 V, placed within 10 mm of the VIN pin.")
    larger = "Larger capacitance may prevent start-up within the specified start-up time."
    pages = {1: f"{req}\nREQ-03: The output capacitance shall be between 47 µF and 470 µF. {larger}\n"
                "The module weighs 12 g."}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        assert index.faithful("The host shall provide an input capacitor of at most 22 µF, with a voltage rating of "
                              "at least 50 V, placed within 10 mm of the VIN pin.") == req
        assert index.faithful("Smaller capacitance may prevent start-up within the specified start-up time.") == larger
        for wrong in ("The input capacitor must be no more than 22 µF.", "The voltage rating must be at most 50 V.",
                      "The module weighs no more than 12 g.", "The output capacitance shall be at least 470 µF."):
            assert not (index.faithful(wrong) == wrong and is_supported(wrong, index)), wrong
        # review29 F11, F13: a currency between the bound and its number; "carry over 5 days" bounds nothing
        money = PageIndex({1: "The store manager approves refunds of up to £200. Loans are available for amounts of "
                              "€5,000 or more. Employees may carry over 5 days of leave to the next year."},
                          joins=joins)
        for wrong in ("The store manager approves refunds of at least £200.",
                      "Loans are available for amounts of up to €5,000."):
            assert not (money.faithful(wrong) == wrong and is_supported(wrong, money)), wrong
        assert money.faithful(right := "Employees may carry up to 5 days of leave over to the next year.") == right
        for right in ("The input capacitor must be 22 µF or more.", "The input capacitor must be no less than 22 µF.",
                      "The voltage rating must be 50 V.", "The module weighs 12 g.",
                      "The output capacitance shall be at most 470 µF."):
            assert index.faithful(right) == right and is_supported(right, index), right


def test_a_rate_counted_per_another_time_is_a_misquote():
    """review27 F3: "The memory leak grew by about 40 MB per hour." passed for "... 40 MB per day": the number and
    its unit were stated, the time they are counted per was not compared."""
    leak = ("Fixed a memory leak in the AMQP connector that grew by about 40 MB per day on gateways with more than "
            "2,000 idle connections.")
    pages = {1: f"{leak} The supply fan moves 90 m3/h in normal mode. Filters are checked 2 times a month."}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        for wrong in ("The memory leak grew by about 40 MB per hour.", "The supply fan moves 90 m3 per minute.",
                      "Filters are checked 2 times a week."):
            assert not (index.faithful(wrong) == wrong and is_supported(wrong, index)), (joins, wrong)
        drops = PageIndex({1: "Apply 2 drops an hour before bedtime, once a day. The scanner reads 40 pages/s."},
                          joins=joins)
        assert drops.faithful(right := "Apply 2 drops once a day, an hour before bedtime.") == right  # (review32)
        assert not (drops.faithful(wrong := "The scanner reads 40 pages a minute.") == wrong
                    and is_supported(wrong, drops))
        for right in ("The memory leak in the AMQP connector grew by about 40 MB a day.",
                      "The supply fan moves 90 m3 per hour in normal mode.", "Filters are checked 2 times per month."):
            assert index.faithful(right) == right and is_supported(right, index), (joins, right)
        # rates in a word, and quarters (the closing note's open item): "daily" is per day
        doses = PageIndex({1: "Adults take 2 tablets daily with water. The service fee is EUR 40 per quarter."},
                          joins=joins)
        for wrong in ("Adults take 2 tablets weekly with water.", "Adults take 2 tablets per hour with water.",
                      "The service fee is EUR 40 per month.", "The service fee is EUR 40 monthly."):
            assert not (doses.faithful(wrong) == wrong and is_supported(wrong, doses)), (joins, wrong)
        for right in ("Adults take 2 tablets a day with water.", "The service fee is EUR 40 quarterly."):
            assert doses.faithful(right) == right and is_supported(right, doses), (joins, right)


def test_a_value_given_at_another_condition_is_a_misquote():
    """The closing note's open item: "derated down to 3.5 A at 60 °C" passed where one sentence says "Above 60 °C
    ... down to 3.5 A at 85 °C": every number was in the sentence, the condition of the value was not compared."""
    pages = {1: "Above an ambient temperature of 60 °C the output current shall be derated linearly by 0.06 A per "
                "degree Celsius, down to 3.5 A at 85 °C. The output ripple is 12 mVpp at 5 A and 20 mVpp at 0 A."}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        for wrong in ("The output current is derated down to 3.5 A at 60 °C.",
                      "The output ripple is 20 mVpp at 5 A and 12 mVpp at 0 A."):
            assert not (index.faithful(wrong) == wrong and is_supported(wrong, index)), (joins, wrong)
        # (not across "and": review36 F3)
        battery = PageIndex({1: "At 20 °C the battery lasts 10 hours and at 0 °C it lasts 6 hours."}, joins=joins)
        assert battery.faithful(right := "The battery lasts 10 hours at 20 °C.") == right
        for right in ("The output current is derated down to 3.5 A at 85 °C.",
                      "The output ripple is 12 mVpp at 5 A and 20 mVpp at 0 A.",
                      "Above 60 °C the output current is derated by 0.06 A per degree Celsius."):
            assert index.faithful(right) == right and is_supported(right, index), (joins, right)


def test_micro_and_milli_units_are_units_of_their_kind():
    """review27 F4: "The quiescent current is 1.8 µA." passed for a row "1.8 3 mA", and "switches off for 16
    seconds" for "16 ms": µA, ms and their kin were no units of a kind, so another of that kind was no change."""
    pages = {1: "Parameter  Condition  Min  Typ  Max  Unit\nQuiescent current  EN high, no load  1.8  3  mA\n"
                "Shutdown current  EN low  4  10  µA\n",
             2: "After an over-current event the module switches off for 16 ms and then attempts a restart. "
                "The input capacitor is 22 µF."}
    for joins in (True, False):
        index = PageIndex(pages, joins=joins)
        for wrong in ("The quiescent current is 1.8 µA.", "The shutdown current is 4 mA.",
                      "After an over-current event the module switches off for 16 seconds and then attempts a restart.",
                      "The input capacitor is 22 nF."):
            assert not (index.faithful(wrong) == wrong and is_supported(wrong, index)), (joins, wrong)
        for right in ("The quiescent current is 1.8 mA.", "The input capacitor is 22 µF.",
                      "After an over-current event the module switches off for 16 ms and then attempts a restart."):
            assert index.faithful(right) == right and is_supported(right, index), (joins, right)


def test_names_that_differ_by_a_final_letter_are_other_people():
    """review36 F2, review38 N1, review40 N1: attempts to meet "upgrade" with "Upgrading" (review34 F11, still
    open) made "Justine" Justin, "Justin" Justine and "Louie" Louis. A wrong owner must not pass."""
    pages = {1: "Justin will sign the contract by 20 November 2026.",
             2: "Justine will update the supplier register by 5 May.",
             3: "Louis will order the spare fans by 2 June. Louie will book the venue for the workshop."}
    index = PageIndex(pages, joins=False)
    for wrong in ("Justine will sign the contract by 20 November 2026.",
                  "Justin will update the supplier register by 5 May.", "Louie will order the spare fans by 2 June."):
        assert not is_supported(wrong, index), wrong
    other = PageIndex({1: "Invoices must be approved by the head of department."}, joins=False)
    assert is_supported("Each invoice must be approved by the head of department.", other)  # (review38 N4)


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


def test_a_value_instead_of_another_keeps_its_side():
    """review12 H4: "keeps 7 files by default instead of 14" passed for "... 14 files by default instead of 7":
    "instead of" told no change, so the old value passed as the new one."""
    index = PageIndex({1: "Log rotation now keeps 14 files by default instead of 7. The export runs nightly.",
                       2: "保存件数は7件ではなく14件とする。"})
    assert index.faithful("Log rotation now keeps 7 files by default instead of 14.") == (
        "Log rotation now keeps 14 files by default instead of 7.")
    for wrong in ("Log rotation keeps 7 files by default.", "保存件数は7件とする。"):
        assert not is_supported(wrong, index), wrong
    for right in ("Log rotation keeps 14 files by default.", "Log rotation now keeps 14 files instead of 7.",
                  "保存件数は14件とする。"):
        assert is_supported(right, index) and index.faithful(right) == right, right
    # review14 H3: the other value follows "instead of" at once; later numbers of the sentence are no old values
    index = PageIndex({1: "Report faults to the helpdesk rather than to your manager within 2 hours of noticing them.",
                       2: "経費の申請は紙ではなく毎月15日までにシステムで行う。"})
    for right in ("Report faults to the helpdesk within 2 hours.", "経費の申請は毎月15日までにシステムで行う。"):
        assert is_supported(right, index), right


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
