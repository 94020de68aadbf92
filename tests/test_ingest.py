"""Ingest: samples and generated PDFs -> Documents with page numbers and clean text; every bad input -> InputError."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pdf_factory as pf
from docproc.errors import InputError, UsageError
from docproc.ingest import decode_text, detect_language, load_document, parse_page_ranges, split_sections

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

# Filler prose for generated manuals: every page gets different sentences so that only the real running
# header/footer recurs.
SENTENCES = [
    "The supply fan draws outdoor air through the filter before it reaches the heat exchanger.",
    "A clogged filter raises the pressure drop and the fans then use more power for the same airflow.",
    "The condensate trap must hold enough water to resist the under-pressure created by the extract fan.",
    "During commissioning the installer measures every valve and balances supply against extract air.",
    "The control board stores the last twenty error codes together with the date and the outdoor temperature.",
    "In summer the bypass damper lets cool night air into the house without passing the heat exchanger.",
    "Frost protection reduces the supply airflow when the exhaust air after the exchanger is near freezing.",
    "Service technicians should clean the impellers with a soft brush and never bend the blades.",
]


def _page_lines(n: int) -> list[str]:
    s = SENTENCES
    return [f"{n}. Chapter about topic {chr(64 + n)}", "", s[n % 8], s[(n + 3) % 8], s[(n + 5) % 8]]


# ---- samples --------------------------------------------------------------------------------------------


def test_english_manual_sample_pages_and_running_lines():
    doc = load_document(SAMPLES / "hx40_manual_en.pdf")
    assert doc.meta["format"] == "pdf" and doc.meta["page_count"] >= 20
    assert doc.page_numbers == list(range(1, doc.meta["page_count"] + 1))
    assert doc.language == "en" and doc.title == "HX-40 Heat Recovery Ventilator"
    assert doc.meta["empty_pages"] == []
    assert doc.meta["sha256"] == hashlib.sha256((SAMPLES / "hx40_manual_en.pdf").read_bytes()).hexdigest()
    # Running header (product + chapter title) and footer ("Page N of M") are gone from every page ...
    assert doc.meta["removed_lines"] >= 2 * (doc.meta["page_count"] - 1)
    for page in doc.pages:
        assert "Page " + str(page.number) + " of" not in page.text
        assert "HCS-HX40-IOM-EN rev. C" not in page.text
        assert "Installation, Operation and Maintenance\n" not in page.text.split("\n", 1)[0]
    # ... while distinct facts stay on their own pages (so that citations can be checked).
    by_fact = {fact: [p.number for p in doc.pages if fact in p.text] for fact in
               ("E9 | Humidity sensor", "401-220", "80 millimetres", "2207")}
    assert by_fact["401-220"] and by_fact["2207"] and by_fact["80 millimetres"]
    error_table = [p for p in doc.pages if "Door switch open" in p.text]
    assert len(error_table) == 1 and "Humidity sensor RH1 faulty" in error_table[0].text
    # Wrapped lines are joined into paragraphs: a whole sentence that spans several PDF lines is on one line.
    assert any("the temperature efficiency reaches 92 percent at 100 m³/h and stays above 85 percent" in p.text
               for p in doc.pages)


def test_japanese_pdf_sample_round_trips_text():
    doc = load_document(SAMPLES / "ks500_manual_ja.pdf")
    assert doc.language == "ja" and doc.meta["page_count"] == 8
    text = doc.text
    assert "最大加湿量は毎時500ミリリットルで" in text  # wrapped CJK lines joined without spaces
    assert "集じんフィルターがKF-501" in text
    assert all("ページ" not in p.text.splitlines()[-1] for p in doc.pages if p.text)  # "N / M ページ" footer gone
    assert all("資料番号 HK-KS500-JA" not in p.text for p in doc.pages)


def test_cp932_text_sample_is_detected_and_paged_by_form_feeds():
    doc = load_document(SAMPLES / "ks500_manual_ja_cp932.txt")
    assert doc.meta["encoding"] == "cp932" and doc.meta["pagination"] == "form-feed"
    assert doc.language == "ja" and doc.meta["page_count"] == 8
    assert "\r" not in doc.text and "給水タンク容量" in doc.pages[-1].text
    pdf = load_document(SAMPLES / "ks500_manual_ja.pdf")
    assert "最大加湿量は毎時500ミリリットルで" in doc.text and pdf.title == doc.title


@pytest.mark.parametrize("name,language,encoding", [
    ("meeting_minutes_en.txt", "en", "utf-8"),
    ("gijiroku_ja_utf8.txt", "ja", "utf-8"),
])
def test_minutes_samples_are_cut_into_citable_sections(name, language, encoding):
    doc = load_document(SAMPLES / name)
    assert doc.meta["format"] == "text" and doc.meta["pagination"] == "sections"
    assert doc.language == language and doc.meta["encoding"] == encoding
    assert doc.meta["page_count"] >= 2 and doc.page_numbers == list(range(1, doc.meta["page_count"] + 1))
    assert all(p.text for p in doc.pages)
    raw = (SAMPLES / name).read_text(encoding="utf-8")
    # Nothing is lost or reordered: the sections put back together are the file's text (blank-line runs aside).
    assert "".join(doc.text.split()) == "".join(raw.split())


# ---- PDF cleaning -----------------------------------------------------------------------------------------


def test_page_numbers_and_running_header_footer_removed():
    pages = [_page_lines(n) for n in range(1, 7)]
    pdf = pf.text_pdf(pages, header="ACME Pump P-7 Service Manual", footer="Page {n} of {total}")
    doc = load_document("pump.pdf", data=pdf)
    assert doc.page_numbers == [1, 2, 3, 4, 5, 6]
    assert doc.meta["removed_lines"] == 12
    for n, page in enumerate(doc.pages, start=1):
        assert "ACME Pump" not in page.text and "of 6" not in page.text
        assert page.text.startswith(f"{n}. Chapter about topic {chr(64 + n)}")  # body text and headings stay
        assert SENTENCES[n % 8] in page.text


def test_body_line_repeated_on_every_page_is_not_a_header():
    # The first body line differs in three numbers per page: not a running header, even though it recurs.
    pages = [[f"Unit {n} draws {n * 10} W at {n * 100} rpm in test {n}.", SENTENCES[n % 8]] for n in range(1, 6)]
    doc = load_document("units.pdf", data=pf.text_pdf(pages, footer=None))
    assert all(p.text.startswith(f"Unit {p.number} draws") for p in doc.pages)


def test_recurring_headings_warnings_and_numbered_lines_are_content_not_headers():
    """Only real running lines go: a line must recur at the page edge on 3/4 of the pages, and may differ only in
    page numbers. "Step N" headings, a warning on every other page, and invoice lines that differ in numbers
    (zero-padded ids, amounts) are content; a page is never emptied by the cleaning."""
    warnings = ["Wear gloves: the edges of the heat exchanger are sharp.", "Keep the removed parts in a clean place."]
    steps = [[f"Step {n}", SENTENCES[n % 8], warnings[n % 2]] for n in range(1, 7)]
    doc = load_document("steps.pdf", data=pf.text_pdf(steps, header="ACME Pump P-7 Service Manual"))
    assert doc.meta["removed_lines"] == 12  # the header and "Page n of 6" on each page, nothing else
    for n, page in enumerate(doc.pages, start=1):
        assert page.text.startswith(f"Step {n}") and warnings[n % 2] in page.text and "ACME" not in page.text
    invoices = [[f"Invoice No. 2024-{16 + n:04d}", f"Customer number {5530 + n * n}", f"Amount due: {n * 37}.50 EUR"]
                for n in range(1, 5)]
    doc = load_document("invoices.pdf", data=pf.text_pdf(invoices, footer=None))
    assert doc.meta["empty_pages"] == [] and doc.meta["removed_lines"] == 0
    assert all(p.text.startswith(f"Invoice No. 2024-{16 + p.number:04d}") for p in doc.pages)


def test_page_number_after_header_text_is_removed_with_it():
    pages = [_page_lines(n) for n in range(1, 6)]
    doc = load_document("m.pdf", data=pf.text_pdf(pages, header="ACME Pump P-7 Service Manual {n}", footer=None))
    assert doc.meta["removed_lines"] == 5
    assert all("ACME" not in p.text for p in doc.pages)
    # with a page selection the header is found on the selected pages and sampled others, numbered as in the file
    long = pf.text_pdf([_page_lines(n % 8 + 1) for n in range(1, 25)], header="ACME Pump P-7 Service Manual {n}",
                       footer=None)
    doc = load_document("m.pdf", data=long, pages="2,9")
    assert [p.number for p in doc.pages] == [2, 9] and all("ACME" not in p.text for p in doc.pages)


def test_line_end_hyphens_join_into_words_unless_the_tail_is_a_word_and_codes_keep_theirs():
    page = ["The installer must read this guide before starting the work on site. For ex-",
            "ample, the unit has several set-",
            "tings that control the airflow in the main off-",
            "ice. Always re-",
            "turn the filter and do not all-",
            "ow dust to build up. The over-",
            "all efficiency depends on the fan top-",
            "ology and on the end-",
            "user routine. The warranty is on-",
            "ly valid for the unit model HX-",
            "90 with the supplied cable and a well-",
            "known service partner."]
    text = load_document("h.pdf", data=pf.text_pdf([page], footer=None)).pages[0].text
    for word in ("For example,", "several settings", "main office.", "Always return", "not allow", "The overall",
                 "fan topology", "end-user routine", "is only valid", "model HX-90 with", "well-known service"):
        assert word in text, word


def test_two_column_pages_are_read_column_by_column():
    left = ["The left column starts the article about", "the new ventilation unit and explains how",
            "the heat exchanger recovers energy from", "the outgoing air in winter and in spring."]
    right = ["The right column continues with the", "maintenance plan: filters are cleaned",
             "every month and replaced once a year", "by a qualified heating technician."]
    page = ["Two-column newsletter", ""] + [f"{a}\t{b}" for a, b in zip(left, right)]
    text = load_document("news.pdf", data=pf.text_pdf([page], footer=None, columns=[0, 250])).pages[0].text
    assert " ".join(left) in text and " ".join(right) in text
    assert text.index("The left column") < text.index("The right column")


def test_a_running_header_over_two_columns_is_removed_like_on_the_other_pages():
    """review18 M2: on the two-column page of a datasheet the running header was cut at the gutter; its right
    half ("Datasheet DS-2410 rev 3") then led the right column's first heading, and neither half was removed."""
    header = "VOLTAMAX PS-2410 Power Supply\tDatasheet DS-2410 rev 3"
    left = ["The left column starts the article about", "the new ventilation unit and explains how",
            "the heat exchanger recovers energy from", "the outgoing air in winter and in spring."]
    right = ["Protection against overload is built in:", "the output switches off at short circuit",
             "and starts again once the fault is gone,", "which takes about two seconds at most."]
    pages = [[header, ""] + [f"{a}\t{b}" for a, b in zip(left, right)]]
    pages += [[header, "", sentence] for sentence in SENTENCES[:3]]
    doc = load_document("ds.pdf", data=pf.text_pdf(pages, footer=None, columns=[0, 250]))
    first = doc.pages[0].text
    assert "Datasheet" not in first and "VOLTAMAX" not in first, first
    assert " ".join(left) in first and " ".join(right) in first
    # review21 F3: a first line that no other page repeats is the columns' own (two headings), split as they are
    page = ["3. Maintenance\t4. Recommendations", ""] + [f"{a}\t{b}" for a, b in zip(left, right)]
    text = load_document("h.pdf", data=pf.text_pdf([page], footer=None, columns=[0, 250])).pages[0].text
    assert text.index("3. Maintenance") < text.index("The left column") < text.index("4. Recommendations") \
        < text.index("Protection against"), text


def test_hyphenation_ligatures_and_paragraph_joining():
    page = [
        "Regular inspection and main-",
        "tenance keep the well-known ventilation unit efficient, and the stain-",
        "less casing needs no paint. The ﬁlter and the ﬂow sensor are checked every month.",
        "",
        "A pre-filter catches insects. Every pre-",
        "filter is washable and lasts for about two years under normal use conditions.",
        "",
        "WARNING: switch off the unit before you open it.",
        "Short line.",
    ]
    doc = load_document("h.pdf", data=pf.text_pdf([page], footer=None, font="Vera"))
    text = doc.pages[0].text
    assert "maintenance keep the well-known ventilation unit" in text  # joined, hyphen of a split word dropped
    assert "stainless casing" in text
    assert "The filter and the flow sensor" in text and "ﬁ" not in text and "ﬂ" not in text
    assert "Every pre-filter is washable" in text  # the document writes "pre-filter": keep the hyphen
    assert "\nWARNING: switch off the unit before you open it.\nShort line." in text
    assert "normal use conditions.\n\nWARNING" in text  # blank line between paragraphs kept


def test_a_japanese_label_in_lenticular_brackets_starts_a_paragraph():
    """review24 L2: a 【警告】 paragraph was joined to the one before, whose last line happened to fill the width."""
    page = ["【警告】電源プラグは、定格15A以上・交流100Vのコンセントを単独で使用してください。",
            "延長コードやたこ足配線は使用しないでください。発熱・発火の原因になります。",
            "【警告】8歳未満のお子様には使用させないでください。また、お子様の手の届く所に置かな",
            "いでください。"]
    doc = load_document("k.pdf", data=pf.text_pdf([page], footer=None, font="HeiseiMin-W3"))
    assert doc.pages[0].text.splitlines() == [page[0] + page[1], page[2] + page[3]]
    # a reference a sentence wrapped before is no label: "…所定の寸法は" / "【表2】に示す値以上を…" (review29 F7)
    page = ["本装置の据付けにあたっては、周囲に点検のための空間を設けること。壁からの距離など所定の寸法は",
            "【表2】に示す値以上を確保すること。"]
    doc = load_document("k.pdf", data=pf.text_pdf([page], footer=None, font="HeiseiMin-W3"))
    assert doc.pages[0].text.splitlines() == [page[0] + page[1]]


def test_well_known_compound_keeps_hyphen_at_line_end():
    page = ["The procedure described here is a simple and widely used, well-",
            "known method that every installer of ventilation systems has learned in training."]
    doc = load_document("w.pdf", data=pf.text_pdf([page], footer=None))
    assert "a simple and widely used, well-known method" in doc.pages[0].text


def test_table_rows_are_not_joined():
    page = ["Technical data", "Weight\t38 kg", "Airflow\t40–240 m³/h", "Fuse\t10 A"]
    doc = load_document("t.pdf", data=pf.text_pdf([page], footer=None, font="Vera"))
    lines = doc.pages[0].text.splitlines()
    assert "Weight  38 kg" in lines and "Airflow  40–240 m³/h" in lines and "Fuse  10 A" in lines


def test_empty_cells_of_numeric_table_columns_are_marked():
    """A value's column must survive extraction: "0  5  A" under "Min  Typ  Max  Unit" read as Min 0, Typ 5
    (review27 F6). Empty prose cells, and rows that continue the row above, stay as they are."""
    cols = [0, 120, 230, 270, 310, 350]
    page = ["Recommended operating conditions",
            "Parameter\tCondition\tMin\tTyp\tMax\tUnit",
            "Input voltage\t\t9\t24\t36\tV",
            "Output current\tTA = 25 °C\t0\t\t5\tA",
            "Efficiency\tIOUT = 2 A\t92\t94.5\t\t%",
            "\tIOUT = 4 A\t90\t\t\t%",
            "Shutdown current\tEN low\t\t4\t10\tµA"]
    doc = load_document("spec.pdf", data=pf.text_pdf([page], footer=None, columns=cols))
    lines = doc.pages[0].text.splitlines()
    assert "Output current  TA = 25 °C  0  —  5  A" in lines
    assert "Efficiency  IOUT = 2 A  92  94.5  —  %" in lines
    assert "Shutdown current  EN low  —  4  10  µA" in lines
    assert "Input voltage  9  24  36  V" in lines  # the empty Condition is prose: not marked
    assert "IOUT = 4 A  90  %" in lines  # continues "Efficiency": its empty cells are that row's
    # review41 F11: a Min column with one value only ("135  220  µA" read as Min 135, Typ 220)
    page = ["Parameter\tMin\tTyp\tMax\tUnit", "Supply voltage\t1.8\t3.3\t5.5\tV",
            "Supply current (active)\t\t135\t220\tµA", "Resolution\t\t0.0078\t\t°C"]
    doc = load_document("ds.pdf", data=pf.text_pdf([page], footer=None, columns=[0, 150, 200, 250, 300]))
    lines = doc.pages[0].text.splitlines()
    assert "Supply current (active)  —  135  220  µA" in lines and "Resolution  —  0.0078  —  °C" in lines, lines


def test_wrapped_prose_table_cells_get_no_empty_cell_marks():
    cols = [0, 150, 300]
    page = ["Troubleshooting",
            "Symptom\tCause\tRemedy",
            "Printer does not\tPower cable\tConnect the cable",
            "start\t\tfirmly.",
            "Label jams\tWrong media\tLoad 40 mm labels",
            "Blank labels\tHead is dirty\tClean the head"]
    doc = load_document("t.pdf", data=pf.text_pdf([page], footer=None, columns=cols))
    assert "—" not in doc.pages[0].text and "start  firmly." in doc.pages[0].text.splitlines()


def test_contents_leaders_are_collapsed_and_entries_stay_one_a_line():
    """review33 F2/F3/F6: a 4-page contents list was 40 % dots, and entries were joined ("… 15 3.2 Installation",
    「ご注意 ・・・ 3」+「2 各部」 as "32")."""
    toc = ["Table of Contents", "1 Safety " + ". " * 60 + "6", "1.1 Intended use " + ". " * 58 + "6",
           "3.1.2 Procedure 2 " + "." * 120 + " 15", "3.2 Installation step 2 " + "." * 110 + " 15",
           "5 Operation " + ". " * 40]
    doc = load_document("toc.pdf", data=pf.text_pdf([toc], footer=None, font_size=8))
    lines = doc.pages[0].text.splitlines()
    assert ["1 Safety … 6", "1.1 Intended use … 6", "3.1.2 Procedure 2 … 15", "3.2 Installation step 2 … 15",
            "5 Operation " + ". " * 39 + "."] == [x for x in lines if x and x != "Table of Contents"]  # (no page)
    ja = pf.japanese_pdf([["目次", "1 安全上のご注意 " + "・" * 30 + " 3", "2 各部のなまえ " + "・" * 30 + " 5"]], footer=None)
    assert load_document("ja.pdf", data=ja).pages[0].text.splitlines()[1:] == ["1 安全上のご注意 … 3", "2 各部のなまえ … 5"]
    prose = ["The test ran... and stopped. Values were 1.5, 2.5 and 3.5 in the log.",
             "We waited.... Then the inspector arrived and the meeting went on."]
    assert load_document("p.pdf", data=pf.text_pdf([prose], footer=None)).pages[0].text == " ".join(prose)
    # review37 F1: ".." cells of a statistics table ("not available") are cells, not a leader
    cols = [0, 100, 160, 220, 280]
    stats = ["Country\t2018\t2019\t2020\t2021", "Canada\t41.2\t..\t..\t43.5", "Chile\t12.0\t12.4\t..\t13.1"]
    text = load_document("s.pdf", data=pf.text_pdf([stats], footer=None, columns=cols)).pages[0].text
    assert "Canada  41.2  ..  ..  43.5" in text.splitlines(), text
    # review39 N1, N2: six "not available" cells of a tight table, and prose ending in six dots, are no leaders
    tight = ["Region\t2018\t2019\t2020\t2021\t2022\t2023\t2024", "North\t.\t.\t.\t.\t.\t.\t4 7 9"]
    text = load_document("t.pdf", data=pf.text_pdf([tight], footer=None, columns=[0, 60, 75, 90, 105, 120, 135, 150],
                                                   font_size=9)).pages[0].text
    assert "…" not in text and "4 7 9" in text, text
    # review40 N4: page numbers such as "XI", "4-12", "A-3", "12–13", 「1ページ」, and a numbered entry in the next
    # column
    pages = ["Preface " + ". " * 30 + "XI", "4.2 Loading media " + ". " * 30 + "4-12", "Index " + ". " * 30 + "A-3",
             "Warranty " + ". " * 30 + "12–13"]
    text = load_document("r.pdf", data=pf.text_pdf([pages], footer=None, font_size=8)).pages[0].text
    assert text.splitlines() == ["Preface … XI", "4.2 Loading media … 4-12", "Index … A-3", "Warranty … 12–13"], text
    from docproc.ingest import _collapse_leaders

    assert _collapse_leaders("第1章 概要・・・・・・・・・・1ページ") == "第1章 概要 … 1ページ"
    assert _collapse_leaders("1 Introduction ........ 3      2 Safety ........ 5") == (
        "1 Introduction … 3      2 Safety … 5")
    chat = ["He paused and then said that the figures were not quite what he had hoped for......",
            "but the board accepted them anyway."]
    text = load_document("c.pdf", data=pf.text_pdf([chat], footer=None)).pages[0].text
    assert "…" not in text and "for...... but the board" in text, text


def test_a_warning_box_wrapped_under_its_text_stays_one_paragraph():
    """review33 F5: "WARNING   Risk of electric shock. ... Capacitors" / "on the power board can hold 380 V DC ..."
    read as a table row and a paragraph: the sentence lost its subject and was never quoted."""
    cols = [0, 80]
    page = ["1.2 Electrical safety", "",
            "WARNING\tRisk of electric shock. Disconnect the power cord before opening the cover. Capacitors",
            "\ton the power board can hold 380 V DC for up to 5 minutes after the printer is switched off.", "",
            "Weight\t14.5 kg", "Rated voltage\t230 V"]
    doc = load_document("w.pdf", data=pf.text_pdf([page], footer=None, columns=cols, font_size=9))
    lines = doc.pages[0].text.splitlines()
    assert ("WARNING  Risk of electric shock. Disconnect the power cord before opening the cover. Capacitors on the "
            "power board can hold 380 V DC for up to 5 minutes after the printer is switched off.") in lines
    assert "Weight  14.5 kg" in lines and "Rated voltage  230 V" in lines
    # review37 F4: the next item of a two-column table, a list item or a step under the text is no continuation
    page = ["Colour\tAvailable in red, blue and graphite grey from 1 May 2025 for every model we sell",
            "\tSilver only for the Pro model, from 1 September 2025",
            "Step 3\tRemove the four screws that hold the rear cover in place with a screwdriver.",
            "\t- Keep the screws: they are needed again in step 7."]
    lines = load_document("t.pdf", data=pf.text_pdf([page], footer=None, columns=cols, font_size=9)).pages[0].text.splitlines()
    assert "Silver only for the Pro model, from 1 September 2025" in lines, lines
    assert "- Keep the screws: they are needed again in step 7." in lines, lines
    # review39 N4: items in lower case, under another label than a notice's, are items too
    page = ["--mode\tone of fast, balanced or thorough; the default is balanced on all hosts we know of",
            "\tthorough needs at least 16 GB of memory and 4 CPU cores"]
    lines = load_document("t.pdf", data=pf.text_pdf([page], footer=None, columns=cols, font_size=9)).pages[0].text.splitlines()
    assert "thorough needs at least 16 GB of memory and 4 CPU cores" in lines, lines


def test_a_long_code_block_or_table_cut_across_sections_renders_in_each():
    """review34 F12: a 120-line code block cut across pages left "## Page 3" inside page 2's code fence, and the
    rows of a cut table lost their header."""
    code = "```yaml\n" + "\n".join(f"key_{i:03}: {i * 10}  # worker {i} setting" for i in range(120)) + "\n```"
    table = "| Key | Default |\n| --- | --- |\n" + "\n".join(f"| key_{i:03} | {i * 10} ms for worker {i} |"
                                                           for i in range(150))
    sections = split_sections(f"# Settings\n\n{code}\n\n{table}\n", markdown=True, target_units=1500)
    assert len(sections) >= 4
    for section in sections:
        fences = [line for line in section.splitlines() if line.startswith("```")]
        assert len(fences) % 2 == 0, section[:80]
        rows = [line for line in section.splitlines() if line.startswith("| key_")]
        if rows:
            assert "| Key | Default |\n| --- | --- |" in section
    assert "\n".join(sections).count("key_119: 1190") == 1
    # review39 N5: "```make deploy``` pushes ..." is inline code, no fence to copy into later sections; N6: a
    # fence right after a line of prose, and prose right after a fence, are blocks of their own
    inline = "```make deploy``` pushes release 4.2 to the 3 production hosts.\n" + "\n".join(
        f"Host {i} runs the release after a check of {i} minutes." for i in range(150))
    sections = split_sections(inline, markdown=True, target_units=1500)
    assert "\n".join(sections).count("make deploy") == 1 and not any(s.rstrip().endswith("```") for s in sections)
    edge = "Apply this:\n" + code + "\n" + "\n".join(f"Restart {i}: host {i} must come back." for i in range(60))
    sections = split_sections(edge, markdown=True, target_units=1500)
    assert not [s for s in sections if "Restart 59" in s and "```" in s], sections[-1][:200]


# ---- scanned pages ----------------------------------------------------------------------------------------


def test_scanned_pages_are_detected_and_kept_empty():
    pdf = pf.pdf_with_image_only_pages(5, blank=[2, 4], footer="Page {n} of {total}")
    doc = load_document("scan.pdf", data=pdf)
    assert doc.meta["empty_pages"] == [2, 4]
    assert [p.text == "" for p in doc.pages] == [False, True, False, True, False]
    assert "pages 2, 4 have no extractable text" in doc.meta["warnings"][0]
    assert "300 rpm" in doc.pages[2].text


def test_one_scanned_page_warning_is_singular():
    doc = load_document("scan.pdf", data=pf.pdf_with_image_only_pages(3, blank=[2]))
    assert doc.meta["warnings"] == ["page 2 has no extractable text (scanned images?) and was skipped"]
    doc = load_document("scan.pdf", data=pf.pdf_with_image_only_pages(3, blank=[1, 2]))
    assert doc.meta["warnings"] == ["pages 1-2 have no extractable text (scanned images?) and were skipped"]


def test_fully_scanned_pdf_is_an_error_listing_pages(tmp_path):
    path = pf.write(tmp_path / "scanned.pdf", pf.pdf_with_image_only_pages(3, blank=[1, 2, 3]))
    with pytest.raises(InputError) as err:
        load_document(path)
    line = err.value.one_line()
    assert str(path) in line and "no extractable text" in line and "3 pages" in line and "OCR" in line


def test_selected_pages_all_scanned_lists_them():
    pdf = pf.pdf_with_image_only_pages(5, blank=[2, 3])
    with pytest.raises(InputError, match=r"pages 2-3"):
        load_document("s.pdf", data=pdf, pages="2-3")


# ---- encryption -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    return pf.text_pdf([_page_lines(n) for n in range(1, 4)], header="Secret Manual")


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_encrypted_pdf_opens_with_password(plain_pdf, algorithm):
    data = pf.encrypted_pdf(plain_pdf, "s3cret", algorithm=algorithm)
    doc = load_document("enc.pdf", data=data, password="s3cret")
    assert doc.page_numbers == [1, 2, 3] and SENTENCES[1] in doc.pages[0].text


def test_encrypted_pdf_without_password(plain_pdf, monkeypatch):
    monkeypatch.delenv("DOCPROC_PDF_PASSWORD", raising=False)
    with pytest.raises(InputError) as err:
        load_document("enc.pdf", data=pf.encrypted_pdf(plain_pdf, "s3cret"))
    assert err.value.one_line() == ("enc.pdf: encrypted PDF: a password is needed to open it — pass --password, or "
                                    "set DOCPROC_PDF_PASSWORD (which keeps it out of `ps`)")


def test_encrypted_pdf_opens_with_the_password_from_the_environment(plain_pdf, monkeypatch):
    """review8 cli L8/L4: --password shows in `ps`, the shell history and the crontab, and the bench commands
    have no --password; $DOCPROC_PDF_PASSWORD serves both. A --password given wins."""
    data = pf.encrypted_pdf(plain_pdf, "s3cret")
    monkeypatch.setenv("DOCPROC_PDF_PASSWORD", "s3cret")
    assert load_document("enc.pdf", data=data).page_numbers == [1, 2, 3]
    with pytest.raises(InputError, match="wrong password"):
        load_document("enc.pdf", data=data, password="guess")


def test_encrypted_pdf_with_wrong_password(plain_pdf):
    with pytest.raises(InputError, match="wrong password") as err:
        load_document("enc.pdf", data=pf.encrypted_pdf(plain_pdf, "s3cret"), password="guess")
    assert err.value.path == "enc.pdf" and "--password" in err.value.hint


def test_pdf_with_empty_user_password_needs_no_password(plain_pdf):
    doc = load_document("restricted.pdf", data=pf.encrypted_pdf(plain_pdf, "", owner_password="owner"))
    assert len(doc.pages) == 3


# ---- page ranges ------------------------------------------------------------------------------------------


def test_parse_page_ranges():
    assert parse_page_ranges("3-5,12", 20) == [3, 4, 5, 12]
    assert parse_page_ranges(" 2 , 1-2 ,7", 9) == [1, 2, 7]
    assert parse_page_ranges("18-", 20) == [18, 19, 20]
    assert parse_page_ranges("-2", 20) == [1, 2]
    for bad in ("", "a-b", "3--4", "0", "5-3", ",", "1-2-3"):
        with pytest.raises(UsageError):
            parse_page_ranges(bad, 20)
    with pytest.raises(InputError, match="asks for page 21, but the document has 20 pages"):
        parse_page_ranges("19-21", 20)


def test_pages_option_keeps_original_numbers():
    pdf = pf.text_pdf([_page_lines(n) for n in range(1, 13)], header="Manual X", footer="- {n} -")
    doc = load_document("m.pdf", data=pdf, pages="3-5,12")
    assert doc.page_numbers == [3, 4, 5, 12]
    assert doc.pages[0].text.startswith("3. Chapter about topic C")
    # Running lines are still recognised with only a few pages selected (other pages are sampled for that).
    assert all("Manual X" not in p.text and "- " + str(p.number) + " -" not in p.text for p in doc.pages)
    assert doc.meta["page_count"] == 12


def test_pages_out_of_range_names_the_file():
    pdf = pf.text_pdf([_page_lines(n) for n in range(1, 4)])
    with pytest.raises(InputError) as err:
        load_document("three.pdf", data=pdf, pages="2-5")
    assert err.value.one_line().startswith("three.pdf: --pages 2-5 asks for page 5, but the document has 3 pages")


def test_pages_on_text_sections():
    doc = load_document(SAMPLES / "meeting_minutes_en.txt", pages="2")
    assert doc.page_numbers == [2] and doc.meta["page_count"] >= 3


# ---- encodings --------------------------------------------------------------------------------------------

JA_MINUTES = (SAMPLES / "gijiroku_ja_utf8.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("codec,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16-le"), ("utf-16-be-bom", "utf-16-be"),
    ("utf-16-le", "utf-16-le"), ("cp932", "cp932"), ("shift_jis", "cp932"), ("euc_jp", "euc_jp"),
])
def test_japanese_encodings_detected(codec, expected):
    if codec == "utf-16-be-bom":
        raw = b"\xfe\xff" + JA_MINUTES.encode("utf-16-be")
    else:
        raw = JA_MINUTES.encode(codec)
    text, encoding, errors = decode_text(raw)
    assert encoding == expected and errors == 0
    # cp932 maps the byte pair of 〜 (WAVE DASH) to ～ (FULLWIDTH TILDE), as Windows does; nothing else differs.
    assert text.lstrip("\ufeff") == (JA_MINUTES.replace("〜", "～") if expected == "cp932" else JA_MINUTES)


def test_cp932_vs_euc_jp_on_short_texts():
    # Short real sentences: both codecs could decode some of these byte strings; the right one must win.
    for sentence in ("会議は予定どおり終了した。", "次回は6月18日（火）に開催する。", "担当：山本、期限：6月7日",
                     "フィルターを交換してください。"):
        for codec in ("cp932", "euc_jp"):
            text, encoding, _ = decode_text(sentence.encode(codec))
            assert (encoding, text) == (codec, sentence)


def test_a_short_euc_jp_note_with_half_width_katakana_is_read():
    """review34 F13: a one-line EUC-JP note with half-width katakana was refused as "not valid ... EUC-JP": its
    kana counted as mojibake although cp932 reads the bytes far worse."""
    for note in ("ｱｲｳｴｵ 半角カナの議事録です。", "ｼｽﾃﾑ更新は12月に行う。"):
        assert decode_text(note.encode("euc_jp")) == (note, "euc_jp", 0)


def test_shift_jis_with_half_width_katakana(tmp_path):
    # Legacy Shift_JIS files (old business systems) write katakana half-width; EUC-JP cannot read these bytes.
    text = ("ﾒﾝﾃﾅﾝｽ ﾏﾆｭｱﾙ\n\n1. ﾌｨﾙﾀｰの清掃\nﾌｨﾙﾀｰは毎月清掃してください。ﾎﾟﾝﾌﾟの異常音がある場合は"
            "ｻｰﾋﾞｽｾﾝﾀｰへ連絡してください。\n2. ﾊﾞｯﾃﾘｰの交換\nﾊﾞｯﾃﾘｰは二年ごとに交換します。\n")
    assert decode_text(text.encode("cp932")) == (text, "cp932", 0)
    doc = load_document(pf.write(tmp_path / "legacy.txt", ("ﾌｨﾙﾀｰ交換 毎月\nﾎﾟﾝﾌﾟ点検 毎年\n").encode("cp932")))
    assert doc.meta["encoding"] == "cp932" and doc.text == "ﾌｨﾙﾀｰ交換 毎月\nﾎﾟﾝﾌﾟ点検 毎年"


def test_windows_1252_text():
    text = "Café notes: naïve “quoted” words, 10 € — déjà vu.\n" * 3
    decoded, encoding, _ = decode_text(text.encode("cp1252"))
    assert encoding == "cp1252" and decoded == text


def test_few_bad_bytes_are_replaced_and_counted(tmp_path):
    raw = ("The filter must be changed every three months. " * 60).encode() + b"\xff" + b" End.\n"
    doc = load_document(pf.write(tmp_path / "notes.txt", raw))
    assert doc.meta["encoding"] == "utf-8" and doc.meta["decode_errors"] == 1
    assert "\ufffd End." in doc.text and "undecodable" in doc.meta["warnings"][0]
    # review19 F14: in a short note (300 bytes), one stray byte refused the whole file
    short = "Meeting notes: the pump is checked every month by the facilities team in building 4. ".encode() * 3
    doc = load_document(pf.write(tmp_path / "short.txt", short[:120] + b"\x81" + short[120:]))
    assert doc.meta["encoding"] == "utf-8" and doc.meta["decode_errors"] == 1


def test_a_rule_line_is_no_title():
    """review19 F14: a Markdown file whose front matter was never closed got the title "---"."""
    doc = load_document("notes.md", data=b"---\nPump manual\n\nThe pump is checked every month by the team.\n")
    assert doc.title == "Pump manual"
    assert load_document("n.txt", data=b"=====\nSite log\n\nThe gate opens at 7:00.\n").title == "Site log"


def test_markdown_title_and_sections():
    md = "# Release notes\n\n" + "\n\n".join(f"## Version 1.{i}\n\n" + "Fixed the fan speed display. " * 40
                                                for i in range(6))
    doc = load_document("notes.md", data=md.encode())
    assert doc.meta["format"] == "markdown" and doc.title == "Release notes" and len(doc.pages) >= 3
    assert all(p.text.lstrip().startswith("#") for p in doc.pages[1:])  # sections start at headings


def test_markdown_front_matter_is_metadata_not_text():
    md = ('---\ntitle: "Release notes for HX-90 firmware 2.4"\nauthor: Jane Doe\ntags: [firmware]\n---\n\n'
          "# HX-90 firmware 2.4\n\nThis release fixes the filter timer and adds a boost mode.\n")
    doc = load_document("notes.md", data=md.encode())
    assert doc.title == "Release notes for HX-90 firmware 2.4"
    assert "author" not in doc.text and "---" not in doc.text and doc.text.startswith("# HX-90 firmware 2.4")
    untitled = load_document("n.md", data=b"---\nauthor: Jane\n---\n# Notes\n\nThe fan was cleaned today.\n")
    assert untitled.title == "Notes"
    plain = load_document("n.txt", data=b"---\nauthor: Jane\n---\nThe fan was cleaned today.\n")
    assert "author: Jane" in plain.text  # only Markdown has front matter


def test_markdown_code_fences_are_never_split_and_their_comments_are_not_headings():
    body = "\n\n".join(f"Note {i}: check the supply voltage, the cable and the port before you flash the unit."
                        for i in range(40))
    code = "```bash\n# download the image first\ncurl -O https://example.com/hx90.bin\n\n# then flash it\nflash hx90.bin\n```"
    md = "# Firmware guide\n\n" + body + "\n\n" + code + "\n\n## After flashing\n\nThe unit restarts.\n"
    sections = split_sections(md, markdown=True, target_units=300)
    assert len(sections) >= 3
    holding = [s for s in sections if "```" in s]
    assert len(holding) == 1 and holding[0].count("```") == 2 and "# then flash it" in holding[0]
    assert not any(s.startswith("# then") or s.startswith("# download") for s in sections)


def test_split_sections_sizes():
    english = "\n\n".join(SENTENCES * 20)
    sections = split_sections(english)
    assert len(sections) >= 4 and all(len(s) <= 3000 for s in sections)
    japanese = "\n\n".join(["会議では新製品の発売日と部品調達の状況について議論した。"] * 200)
    ja_sections = split_sections(japanese)
    assert all(len(s.replace("\n", "")) <= 1200 for s in ja_sections) and len(ja_sections) >= 5
    one_long_line = "これは改行のない長い文です。" * 400
    assert "".join(split_sections(one_long_line)) == one_long_line


def test_long_line_without_sentence_ends_is_cut_in_linear_time(monkeypatch):
    # Count the characters looked at (every size and cut walks them through _is_cjk): a 60,000-character line
    # must cost a few passes, not one pass over the rest of the line per 3,000-unit cut.
    import docproc.ingest as ingest

    line = "".join("abcdefgh ijk"[(i * 7) % 12] for i in range(60_000)) + " 日本語のテキスト" * 50
    looked = []
    real = ingest._is_cjk
    monkeypatch.setattr(ingest, "_is_cjk", lambda ch: looked.append(1) or real(ch))
    sections = split_sections(line)
    assert len(looked) < 6 * len(line)
    assert "".join(sections).replace(" ", "") == line.replace(" ", "")  # pieces are stripped, nothing else lost
    assert all(ingest._units(s) <= 3000 for s in sections)


def test_form_feed_pages_with_running_footer():
    pages = [f"{SENTENCES[n]}\n{SENTENCES[n + 1]}\n\nQuarterly report — page {n + 1}" for n in range(4)]
    doc = load_document("report.txt", data="\f".join(pages).encode() + b"\f\n")
    assert doc.meta["pagination"] == "form-feed" and doc.meta["page_count"] == 4
    assert doc.meta["removed_lines"] == 4 and all("Quarterly report" not in p.text for p in doc.pages)


def test_detect_language():
    assert detect_language("The unit must be installed inside the thermal envelope of the building.") == "en"
    assert detect_language(JA_MINUTES) == "ja"
    assert detect_language("会议决定把发布日期改为九月二十四日，并继续评估新的传感器。") == "zh"
    assert detect_language("Das Gerät ist für die Lüftung von Wohnungen bestimmt und darf nicht mit dem Filter "
                           "betrieben werden, der nicht für die Anlage zugelassen ist.") == "de"
    assert detect_language("회의는 예정대로 끝났습니다") == "ko"
    assert detect_language("12345 ---") == "en"
    # a Japanese README with a code block: CJK characters weigh like the words they are
    readme = ("# hx-flash ファームウェア書き込みツール\n\nHX-90 のファームウェアを USB 経由で更新するためのツールです。\n\n"
              "```\npip install hx-flash\nhx-flash --port /dev/ttyUSB0 --baud 115200 --verify firmware/hx90-2.4.bin\n"
              "hx-flash --port COM3 --baud 115200 --dry-run firmware/hx90-2.4.bin\n```\n\n"
              "書き込み中は電源を切らないでください。`--verify` option compares the written image with the file.\n"
              "Supported boards: HX-90 rev.A, HX-90 rev.B, HX-120 (bootloader >= 1.3), KS-700 controller board.\n")
    assert detect_language(readme) == "ja"
    assert detect_language("The fan has three speeds; 取扱説明書 is the Japanese word for a manual, and the filter "
                           "is changed every year by the installer.") == "en"


def test_text_mentioning_the_pdf_header_stays_text():
    doc = load_document("notes.txt", data=b"A PDF file starts with %PDF-1.7 and ends with %%EOF.\n")
    assert doc.meta["format"] == "text" and "%PDF-1.7" in doc.text


def test_pdf_without_pdf_extension_is_read_as_pdf():
    doc = load_document("download", data=pf.text_pdf([_page_lines(1)], footer=None))
    assert doc.meta["format"] == "pdf" and doc.pages[0].text.startswith("1. Chapter about topic A")


def test_stdin_data():
    doc = load_document("-", data="Hello from a pipe.\n".encode())
    assert doc.source == "-" and doc.pages[0].text == "Hello from a pipe." and doc.title == "Hello from a pipe."


# ---- bad inputs -------------------------------------------------------------------------------------------


def _error_line(path, **kwargs) -> str:
    with pytest.raises(InputError) as err:
        load_document(path, **kwargs)
    line = err.value.one_line()
    assert "\n" not in line and line.startswith(str(path) + ": ") and " — " in line  # file, cause, what to do
    return line


@pytest.mark.parametrize("name,make,expect", [
    ("empty.pdf", lambda: b"", "empty file"),
    ("empty.txt", lambda: b"", "empty file"),
    ("blank.txt", lambda: b"  \n\n \t\n", "no text"),
    ("zero.pdf", pf.zero_page_pdf, "no pages"),
    ("truncated.pdf", lambda: pf.truncated_pdf(pf.text_pdf([_page_lines(n) for n in range(1, 5)])),
     "truncated PDF"),
    ("corrupt.pdf", pf.corrupt_pdf, "corrupt or truncated PDF"),
    ("renamed.pdf", pf.fake_pdf_from_text, "not a PDF file"),
    ("image.pdf", pf.fake_pdf_from_png, "not a PDF: the file is a PNG image"),
    ("binary.txt", pf.binary_garbage, "binary data"),
    ("control.txt", lambda: b"abc\x01\x02\x03\x04\x05def\x06\x07\x08" * 50, "binary data"),
    ("garbled.txt", pf.undecodable_bytes, "undecodable text"),
    ("report.docx", lambda: b"PK\x03\x04" + b"\x00" * 100, "ZIP archive"),
    # read as text, an HTML page's markup was quoted and its doctype became the title (review34 F7)
    ("page.html", lambda: b"<!DOCTYPE html>\n<html><body><p>The limit is 5 MB.</p></body></html>", "an HTML page"),
    ("saved.txt", lambda: "\ufeff<!-- saved -->\n<HTML lang=en><p>x</p></HTML>\n".encode(), "an HTML page"),
])
def test_bad_inputs_give_one_line_errors(tmp_path, name, make, expect):
    path = pf.write(tmp_path / name, make())
    assert expect in _error_line(path)


def test_markdown_with_inline_html_is_still_read(tmp_path):
    path = pf.write(tmp_path / "note.md", b"<div class=\"note\">Draft</div>\n\n# Release plan\n\nThe release is on 3 May.\n")
    assert "The release is on 3 May." in load_document(str(path)).pages[0].text
    # review37 F6: a comment first and an HTML example further down; a note about the <html> element
    guide = b"<!-- generated -->\n# Web guide\n\nThe page starts so:\n\n```html\n<html>\n<body></body>\n</html>\n```\n"
    assert "The page starts so:" in load_document(str(pf.write(tmp_path / "guide.md", guide))).pages[0].text
    note = b"<html> is the root element of a page. Every page has exactly one.\n"
    assert "root element" in load_document(str(pf.write(tmp_path / "note.txt", note))).pages[0].text


def test_missing_file_directory_and_unreadable(tmp_path):
    assert "file not found" in _error_line(tmp_path / "nope.pdf")
    assert "is a directory" in _error_line(tmp_path)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert "cannot access" in _error_line(loop)
    locked = pf.write(tmp_path / "locked.txt", b"secret minutes\n")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # running as root: permissions do not apply
            pytest.skip("root can read any file")
        assert "permission denied" in _error_line(locked)
    finally:
        locked.chmod(0o600)


def test_truncated_pdf_is_refused(tmp_path):
    pdf = pf.text_pdf([_page_lines(n) for n in range(1, 4)])
    line = _error_line(pf.write(tmp_path / "cut.pdf", pf.truncated_pdf(pdf, 0.97)))
    assert "truncated PDF" in line and "get the file again" in line


def test_padding_after_the_end_of_a_pdf_is_fine():
    pdf = pf.text_pdf([_page_lines(n) for n in range(1, 4)])
    for padding in (b"\0" * 5000, b"\r\n" * 3000, b" \t\f" * 2000):  # more than the last 4 KB
        assert len(load_document("padded.pdf", data=pdf + padding).pages) == 3
    # junk that a mailer or download tool appended after the end: readers ignore it, so do we
    assert len(load_document("junk.pdf", data=pdf + b"\r\n-- Sent from the scanner room --\r\n").pages) == 3


def test_pdf_cut_inside_its_last_incremental_update_is_refused(tmp_path):
    pdf = pf.text_pdf([_page_lines(n) for n in range(1, 4)])
    updated = pf.incremental_update(pdf, ["The appended page describes the new bypass valve."])
    assert updated.startswith(pdf) and len(load_document("u.pdf", data=updated).pages) == 4
    # Cut anywhere in the update, pypdf would silently read the older revision (3 pages).
    for keep in (len(pdf) + 40, (len(pdf) + len(updated)) // 2, len(updated) - 3):
        line = _error_line(pf.write(tmp_path / f"u{keep}.pdf", updated[:keep]))
        assert "truncated PDF" in line and "get the file again" in line


def test_corrupt_page_is_skipped_with_a_warning_not_taken_for_a_scan():
    doc = load_document("c.pdf", data=pf.pdf_with_corrupt_page(4, corrupt=2))
    assert doc.meta["unreadable_pages"] == [2] and doc.meta["empty_pages"] == [2]
    assert doc.meta["warnings"] == ["page 2 is corrupt and could not be read; skipped"]
    assert "Replace the pump number 3" in doc.pages[2].text
    with pytest.raises(InputError, match=r"corrupt or truncated PDF \(error while reading page 2"):
        load_document("c.pdf", data=pf.pdf_with_corrupt_page(4, corrupt=2), pages="2")


def test_truncated_pdf_never_leaks_a_pypdf_exception(tmp_path):
    pdf = pf.text_pdf([_page_lines(n) for n in range(1, 6)], header="Cut")
    for keep in (0.05, 0.2, 0.5, 0.8, 0.95, 0.99):
        path = pf.write(tmp_path / f"cut{keep}.pdf", pf.truncated_pdf(pdf, keep))
        try:
            doc = load_document(path)  # pypdf can recover some truncations; then the pages must be real
            assert doc.pages and all(isinstance(p.text, str) for p in doc.pages)
        except InputError as exc:
            assert exc.path == str(path)


def test_decompression_bomb_is_refused_with_bounded_memory(tmp_path):
    """A 1 GiB content stream (1 MB on disk) fails with a clear error; a fresh process stays far below 1 GiB."""
    path = pf.write(tmp_path / "bomb.pdf", pf.flate_bomb_pdf(1 << 30))
    assert path.stat().st_size < 3 << 20
    script = (
        "import sys\n"
        "from docproc.ingest import load_document\n"
        "from docproc.errors import InputError\n"
        "try:\n"
        "    load_document(sys.argv[1])\n"
        "    print('LOADED')\n"
        "except InputError as e:\n"
        "    print(e.one_line())\n"
        # VmHWM belongs to this process's own memory map; ru_maxrss would carry over the
        # forking parent's peak across exec (a large pytest process would then fail this).
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
        "print(int(hwm.split()[1]) // 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120,
                            cwd=REPO)
    assert result.returncode == 0, result.stderr
    message, peak_mib = result.stdout.strip().splitlines()
    assert message.startswith(f"{path}: page 1 would inflate beyond the safety limit"), message
    assert "decompression bomb" in message
    assert int(peak_mib) < 400, f"peak RSS {peak_mib} MiB"


def test_mutated_pdfs_only_ever_raise_input_errors():
    """Flip bytes all over a valid PDF: whatever pypdf makes of it, the caller sees a Document or an InputError."""
    import random

    pdf = pf.text_pdf([_page_lines(n) for n in range(1, 4)], header="Fuzz")
    rng = random.Random(1234)
    for trial in range(40):
        data = bytearray(pdf)
        for _ in range(rng.choice((1, 5, 50))):
            data[rng.randrange(16, len(data))] = rng.randrange(256)
        try:
            load_document(f"fuzz{trial}.pdf", data=bytes(data))
        except InputError as exc:
            assert exc.path == f"fuzz{trial}.pdf" and exc.hint


@pytest.mark.parametrize("title, kept", [
    ("Title 21 CFR Part 11 Compliance Guide", True),
    ("Documentation of the HX-40 Controller API", True),
    ("Nonetheless: A Novel", True),
    ("Untitled", False), ("Document1", False), ("title", False), ("None", False), ("Untitled-3", False),
    ("Microsoft Word - manual_v2.docx", False), ("(anonymous)", False), ("(unspecified)", False),
    ("Anonymous Reporting Policy", True),
])
def test_pdf_title_placeholders_match_whole_titles_only(tmp_path, title, kept):
    path = pf.write(tmp_path / "t.pdf", pf.text_pdf([["Real First Heading", "", SENTENCES[0]]], title=title))
    assert load_document(path).title == (title if kept else "Real First Heading")


@pytest.mark.parametrize("first_line, title", [
    ("HX-40 Service Manual", "HX-40 Service Manual"),
    ("Step 1", "Step 1"),
    ("Before you start, read the whole guide and keep it near the unit.", "t"),  # the file name then
    ("本製品をご使用になる前に、この説明書をよくお読みください。電源コードを傷つけないでください。", "t"),
    ("Notes:", "t"),  # a bare label is no title
])
def test_a_pdf_without_a_title_takes_its_first_line_unless_that_is_a_sentence(first_line, title):
    doc = load_document("t.pdf", data=pf.text_pdf([[first_line, "", SENTENCES[0]]], footer=None, font="HeiseiMin-W3"
                                                  if not first_line.isascii() else "Helvetica"))
    assert doc.title == title


def test_a_page_selection_keeps_the_documents_title():
    """review18 L4: `--pages 2-3` of a PDF without /Title was titled by the first heading of page 2 ("4. Error
    codes"); the title is the first page's."""
    data = pf.text_pdf([["NetHaven AX3000 Router Guide", "", SENTENCES[0]], ["4. Error codes", "", SENTENCES[1]],
                        ["5. Recovery", "", SENTENCES[2]]], footer=None)
    assert load_document("g.pdf", data=data, pages="2-3").title == "NetHaven AX3000 Router Guide"


@pytest.mark.parametrize("lines, title_lines, title", [
    # a title in large type wrapped over two lines is one title (before: its first line only)
    (["Installation, Operation and Maintenance Manual for", "the HX-40 Industrial Dehumidifier Series", "",
      SENTENCES[0]], 2, "Installation, Operation and Maintenance Manual for the HX-40 Industrial Dehumidifier Series"),
    (["HX-40 Service Manual", "", SENTENCES[0]], 1, "HX-40 Service Manual"),  # one line: as before
    # a heading in the same large type further down is not part of the title
    (["HX-40 Service Manual", "", "", "", "Safety", SENTENCES[0]], 1, "HX-40 Service Manual"),
    (["HX-40 Service Manual", "Revision 3, March 2026", "", SENTENCES[0]], 1, "HX-40 Service Manual"),  # in body type
    (["加湿器 HX-40 取扱説明書（設置・運転・", "保守編）", "", "本製品は家庭用の加湿器です。"], 2,
     "加湿器 HX-40 取扱説明書（設置・運転・保守編）"),  # Japanese wraps without a space
])
def test_a_pdf_title_in_large_type_keeps_its_wrapped_lines(lines, title_lines, title):
    font = "Helvetica" if lines[0].isascii() else "HeiseiMin-W3"
    data = pf.text_pdf([lines, ["Second page.", SENTENCES[1]]], footer=None, font=font, title_lines=title_lines)
    assert load_document("t.pdf", data=data).title == title
    assert load_document("t.pdf", data=data, pages="2").title == title  # read from page 1 with --pages too


def test_a_heading_in_the_titles_type_below_it_is_not_part_of_the_title():
    """review25 F11: a line in the title's size right below it that is a heading of its own ("1 Safety
    instructions", "Revenue up 12 %", a company name under "Annual Report 2025") was glued to the title; a line
    goes on with the title when the title stops on a word no title ends on, the line starts in lower case, or it
    is one or two words without numbers ("Guide")."""
    for lines, title in ((["Quarterly results", "Revenue up 12 %", "", SENTENCES[0]], "Quarterly results"),
                         (["HX-40 Service Manual", "1 Safety instructions", "", SENTENCES[0]], "HX-40 Service Manual"),
                         (["Annual Report 2025", "Northwind Trading Ltd", "", SENTENCES[0]], "Annual Report 2025"),
                         (["NetHaven AX3000 Wi-Fi Router: Troubleshooting", "Guide", "", SENTENCES[0]],
                          "NetHaven AX3000 Wi-Fi Router: Troubleshooting Guide")):
        data = pf.text_pdf([lines], footer=None, title_lines=2)
        assert load_document("t.pdf", data=data).title == title


def test_the_pdf_metadata_title_wins_over_the_large_type():
    data = pf.text_pdf([["Draft for review", "of the HX-40 manual", "", SENTENCES[0]]], title="HX-40 Manual",
                       footer=None, title_lines=2)
    assert load_document("t.pdf", data=data).title == "HX-40 Manual"


def test_a_run_of_label_value_rows_stays_one_row_per_line():
    """A per-diem table printed as "Country: full day EUR n, ..." rows was joined into one paragraph, so
    "hotel limit EUR 125 Algeria" read as Algeria's and the whole table was one sentence for the support check
    (review6 M4). Rows that each start with a label stay lines; wrapped prose is still joined."""
    rows = ["Albania: full day EUR 44, partial day EUR 29, hotel limit EUR 125",
            "Algeria: full day EUR 49, partial day EUR 33, hotel limit EUR 95",
            "Argentina: full day EUR 35, partial day EUR 23, hotel limit EUR 230"]
    prose = ["The daily allowance covers meals and small expenses on business trips abroad, and it is paid",
             "with the salary of the following month once the travel expense claim has been approved."]
    doc = load_document("rates.pdf", data=pf.text_pdf([prose + [""] + rows], footer=None))
    text = doc.pages[0].text
    assert rows[0] in text.splitlines() and rows[1] in text.splitlines() and rows[2] in text.splitlines()
    assert " ".join(prose) in text


def test_wrapped_lines_join_without_a_space_before_punctuation_and_inside_latin_words_of_japanese():
    """A Japanese layout wraps at any character, also inside a Latin name ("「KintaiPr" / "o」に"), and an English
    line may wrap before ":00" (review6 ja L3): joined with a space they read "KintaiPr o", "13 :00". Latin words
    the page writes apart stay apart."""
    from collections import Counter

    from docproc.ingest import _join_lines

    assert _join_lines("出勤時は勤怠システム「KintaiPr", "o」に打刻してください。", Counter()) == (
        "出勤時は勤怠システム「KintaiPro」に打刻してください。")
    assert _join_lines("Core hours run from 13", ":00 to 17:00.", Counter()) == "Core hours run from 13:00 to 17:00."
    vocab = Counter({"microsoft": 3, "teams": 2})
    assert _join_lines("会議は原則としてMicrosoft", "Teamsで行う。", vocab) == "会議は原則としてMicrosoft Teamsで行う。"
    assert _join_lines("The supply fan draws outdoor air", "through the filter.", Counter()) == (
        "The supply fan draws outdoor air through the filter.")


def test_wrapped_prose_with_early_colons_is_still_joined():
    """The "Label: value" row rule stopped joining prose whose wrapped lines each had an early colon (review6
    diff L3)."""
    prose = ["Ratio of staff to students: one teacher for every twelve pupils in the primary school",
             "classes: the ratio is lower in secondary school where subject teachers share groups."]
    doc = load_document("r.pdf", data=pf.text_pdf([prose], footer=None))
    assert " ".join(prose) in doc.pages[0].text


def test_a_heading_set_in_capitals_is_not_joined_to_the_line_after_it():
    """review12 M2: "SECTION 9: PHYSICAL AND CHEMICAL PROPERTIES" (over half a line wide, no sentence end) was
    joined to "Appearance: clear, colourless liquid ...", and the joined line was quoted as a key point. Capitals
    wrapped onto a second line of capitals still join."""
    lines = ["The product is a highly flammable liquid and vapour that must be kept away from heat and sparks.",
             "SECTION 9: PHYSICAL AND CHEMICAL PROPERTIES OF THE MIXTURE",
             "Appearance: clear, colourless liquid with a citrus odour.",
             "",
             "WARNING: DO NOT STORE THE CONTAINERS ABOVE 40 DEGREES OR NEAR OPEN FLAMES, SPARKS OR HOT",
             "SURFACES OF ANY KIND."]
    text = load_document("sds.pdf", data=pf.text_pdf([lines], footer=None)).pages[0].text
    assert "SECTION 9: PHYSICAL AND CHEMICAL PROPERTIES OF THE MIXTURE" in text.splitlines()
    # review14 M5: a wrapped list of codes in capitals is no heading
    codes = ["The two-year warranty covers the following models sold in the European Union:",
             "HX-40, HX-40S, HX-40P, HX-40XL, HX-50 AND HX-60",
             "when they were bought from an authorised dealer after 1 March 2024."]
    legal = ["The Customer shall notify the Supplier of any defect within 14 days of delivery",
             "of the goods. WARNING: THIS PRODUCT CONTAINS CHEMICALS KNOWN TO THE STATE OF",
             "California to cause cancer and birth defects or other reproductive harm."]
    joined = load_document("w.pdf", data=pf.text_pdf([codes + [""] + legal], footer=None)).pages[0].text
    assert " ".join(codes) in joined and " ".join(legal) in joined
    # review16: nor is it joined to a sentence that starts with "A", "I", a digit or a quote
    storage = ["SECTION 7: HANDLING AND STORAGE OF THE PRODUCT", "A closed container must be kept in a cool place."]
    assert storage[0] in load_document("s.pdf", data=pf.text_pdf([storage], footer=None)).pages[0].text.splitlines()
    assert "Appearance: clear, colourless liquid with a citrus odour." in text.splitlines()
    assert "HOT SURFACES OF ANY KIND." in text


def test_a_mail_subject_line_is_a_title_without_its_reply_prefixes():
    """review15 L1: a saved mail thread was titled "Subject: RE: RE: Orion launch – decisions ..."."""
    data = "Subject: RE: Fwd: RE: Orion launch decisions\n\nFrom: Hannah\n\nHi all.".encode()
    doc = load_document("thread.txt", data=data)
    assert doc.title == "Orion launch decisions"
    doc = load_document("mail.txt", data="件名：Re: 定例会議の議事録\n\n各位\n".encode())
    assert doc.title == "定例会議の議事録"
