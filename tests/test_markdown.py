"""Rendering: YAML front matter that parses back exactly, sections, citations, JSON, and `extract` output."""

import json

import pytest
import yaml  # a dependency of transformers, so always present where docproc is

import docproc
from docproc.document import Document, KeyPoint, Page, Result, RunStats
from docproc.markdown import (
    citation, page_ranges, render_extract, render_json, render_markdown, yaml_lines,
)

NASTY = [
    'He said "yes": #1 — no',
    "yes", "no", "null", "~", "0123", "1e3", "- dash", "[list]", "{map}", "key: value", "@at", "`tick`",
    "multi\nline\ttab", "trailing space ", " leading", "back\\slash", "日本語の取扱説明書：第2版",
    "line\u2028separator", "nel\u0085char", "bom\ufeff", "ctrl\x07bell", "",
    # outside YAML's printable set: noncharacters, a lone surrogate, DEL and C1, the paragraph separator
    "Bad\ufffechar\uffffend", "lone\ud800surrogate", "del\x7fand\x9bcsi", "para\u2029sep", "emoji 😀",
]


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end])


def make_result(**changes) -> Result:
    fields = dict(
        source="manuals/hx40 manual.pdf",
        title="HX-40 Heat Recovery Ventilator: User Manual",
        pages=[1, 2, 3, 5, 6, 7],
        language="en",
        summary="The HX-40 ventilates a home. Filters are changed every six months.",
        key_points=[KeyPoint("Change the filters every six months.", [12]),
                    KeyPoint("Never run the unit without filters.", [5, 3])],
        stats=RunStats(model="smollm2-135m", attention="sparse",
                       sparse_settings={"block_size": 64, "tau": 0.95, "estimator": "sampled", "max_blocks": None},
                       device="cpu", input_tokens=9213, output_tokens=321, seconds=41.5, prefill_seconds=12.25,
                       density=0.31, chunks=3),
        warnings=["page 4 has no extractable text (scanned images?) and was not summarized"],
    )
    fields.update(changes)
    return Result(**fields)


@pytest.mark.parametrize("value", NASTY)
def test_yaml_strings_round_trip(value):
    lines = yaml_lines({"title": value, "nested": {"k": value}, "items": [value, 1, None, 2.5, True]})
    parsed = yaml.safe_load("\n".join(lines))
    assert parsed == {"title": value, "nested": {"k": value}, "items": [value, 1, None, 2.5, True]}


def test_front_matter_parses_and_records_the_run():
    text = render_markdown(make_result(), generated_at="2025-01-02T03:04:05Z")
    fm = front_matter(text)
    assert fm["source"] == "manuals/hx40 manual.pdf"
    assert fm["title"] == "HX-40 Heat Recovery Ventilator: User Manual"
    assert fm["pages"] == "1-3,5-7" and fm["page_count"] == 6
    assert fm["model"] == "smollm2-135m"
    assert fm["attention"] == "sparse"
    assert fm["sparse_settings"] == {"block_size": 64, "tau": 0.95, "estimator": "sampled", "max_blocks": None}
    assert fm["density"] == 0.31
    assert fm["input_tokens"] == 9213 and fm["output_tokens"] == 321
    assert fm["seconds"] == 41.5 and fm["prefill_seconds"] == 12.25
    assert fm["chunks"] == 3 and fm["language"] == "en" and fm["mode"] == "summary"
    assert fm["generated_at"] == "2025-01-02T03:04:05Z"
    assert fm["docproc_version"] == docproc.__version__
    assert fm["warnings"] == [make_result().warnings[0]]


@pytest.mark.parametrize("title", NASTY[:12] + NASTY[17:19])
def test_front_matter_survives_hostile_titles_and_sources(title):
    result = make_result(title=title, source=f"dir/{title}.pdf", warnings=[title])
    fm = front_matter(render_markdown(result, extra={"input_sha256": "ab" * 32}))
    assert fm["source"] == f"dir/{title}.pdf"
    assert fm["warnings"] == [title]
    assert fm["input_sha256"] == "ab" * 32
    if title.strip():
        assert fm["title"] == " ".join(title.split())


def test_front_matter_escapes_every_non_printable_character():
    title = "Bad\ufffechar\uffffend \ud800 \x7f\x85\x9b \u2028\u2029 \ufeff"
    text = render_markdown(make_result(title=title, source=f"dir/{title}.pdf"))
    head = text.split("\n---\n", 1)[0]
    assert not any(ch in head for ch in "\ufffe\uffff\ud800\x7f\x85\x9b\u2028\u2029\ufeff")
    fm = front_matter(text)
    assert fm["title"] == " ".join(title.split()) and fm["source"] == f"dir/{title}.pdf"


def test_heading_line_has_no_control_characters():
    title = "nul\x00byte\x01ctl\x1b[31m red\x9b end"
    for text in (render_markdown(make_result(title=title)), render_extract(Document(
            source="t.pdf", title=title, language="en", pages=[Page(1, "Text.")]))):
        line = next(line for line in text.splitlines() if line.startswith("# "))
        assert line == "# nul byte ctl [31m red end"
        assert front_matter(text)["title"] == title  # the front matter keeps the title as it is, escaped


def test_sections_and_citations():
    text = render_markdown(make_result())
    body = text.split("\n---\n", 1)[1]
    assert "\n# HX-40 Heat Recovery Ventilator: User Manual\n" in body
    assert body.index("## Summary") < body.index("## Key points") < body.index("## Warnings")
    assert "- Change the filters every six months. (p. 12)\n" in body
    assert "- Never run the unit without filters. (pp. 3, 5)\n" in body
    assert "The HX-40 ventilates a home." in body


def test_keypoints_mode_has_no_summary_and_title_falls_back_to_file_stem():
    text = render_markdown(make_result(summary=None, title=None, warnings=[]))
    fm = front_matter(text)
    assert fm["mode"] == "keypoints" and "warnings" not in fm
    assert "## Summary" not in text and "## Warnings" not in text
    assert "\n# hx40 manual\n" in text
    assert "## Key points" in text


def test_empty_results_say_so():
    text = render_markdown(make_result(summary="", key_points=[]))
    assert "_(no summary produced)_" in text and "_(no key points produced)_" in text


def test_json_has_stable_keys_and_round_trips():
    data = json.loads(render_json(make_result(), generated_at="2025-01-02T03:04:05Z"))
    assert list(data) == ["source", "title", "pages", "language", "summary", "key_points", "warnings", "stats",
                          "generated_at", "docproc_version"]
    assert list(data["stats"]) == ["model", "model_revision", "attention", "sparse_settings", "density", "device", "input_tokens",
                                   "output_tokens", "chunks", "seconds", "prefill_seconds"]
    assert data["key_points"][1] == {"text": "Never run the unit without filters.", "pages": [3, 5],
                                     "citation": "(pp. 3, 5)"}
    assert data["pages"] == [1, 2, 3, 5, 6, 7]
    # Same result, same JSON (apart from the time stamp we pinned).
    assert render_json(make_result(), generated_at="x") == render_json(make_result(), generated_at="x")


def test_japanese_result_renders_unescaped():
    result = make_result(title="KS-500 取扱説明書", language="ja", summary="フィルターは半年ごとに交換します。",
                         key_points=[KeyPoint("電源を入れる前に水タンクを確認する。", [2])])
    text = render_markdown(result)
    assert "フィルターは半年ごとに交換します。" in text
    assert "- 電源を入れる前に水タンクを確認する。 (p. 2)" in text
    assert front_matter(text)["title"] == "KS-500 取扱説明書"
    assert json.loads(render_json(result))["summary"] == "フィルターは半年ごとに交換します。"
    assert "\\u30d5" not in render_json(result)


def test_helpers():
    assert page_ranges([7, 1, 2, 3, 5, 9, 8]) == "1-3,5,7-9"
    assert page_ranges([]) == ""
    assert citation([12]) == "(p. 12)"
    assert citation([5, 3, 5]) == "(pp. 3, 5)"
    assert citation([]) == ""


def make_doc() -> Document:
    return Document(source="scan: mixed.pdf", title=None, language="en",
                    pages=[Page(1, "First page text."), Page(2, ""), Page(3, "Third page\n\nwith two paragraphs.")],
                    meta={"format": "pdf", "page_count": 3, "empty_pages": [2], "sha256": "00" * 32})


def test_extract_markdown_has_every_page():
    text = render_extract(make_doc())
    fm = front_matter(text)
    assert fm["source"] == "scan: mixed.pdf" and fm["pages"] == "1-3" and fm["empty_pages"] == [2]
    assert fm["format"] == "pdf"
    assert "\n# scan: mixed\n" in text
    assert text.index("## Page 1") < text.index("## Page 2") < text.index("## Page 3")
    assert "First page text." in text
    assert "_(no extractable text on this page)_" in text.split("## Page 2")[1].split("## Page 3")[0]
    assert "Third page\n\nwith two paragraphs." in text


def test_extract_json():
    data = json.loads(render_extract(make_doc(), as_json=True))
    assert [p["number"] for p in data["pages"]] == [1, 2, 3]
    assert data["pages"][2]["text"] == "Third page\n\nwith two paragraphs."
    assert data["empty_pages"] == [2] and data["page_count"] == 3
    assert data["meta"]["sha256"] == "00" * 32
