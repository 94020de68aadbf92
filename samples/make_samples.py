"""Regenerate the sample PDFs (and the cp932 text) from the manuscripts in samples/source/.

    python samples/make_samples.py          # writes samples/*.pdf and samples/ks500_manual_ja_cp932.txt

Needs reportlab (a development tool, not a docproc dependency). The English manual embeds a subset of the Bitstream
Vera TrueType font shipped with reportlab; the Japanese PDF uses reportlab's built-in CID fonts (HeiseiMin-W3 /
HeiseiKakuGo-W5), which are referenced, not embedded: viewers substitute a Japanese font, text extraction is exact.
The output is deterministic (fixed creation date, no random ids), so regenerating gives identical files.

Manuscript markup (one block per blank-line-separated paragraph):
    @title / @subtitle / @header / @footer / @cover a|b|c    document settings
    = Chapter title              starts a new page        == Section title
    ! WARNING: ... / ! CAUTION: ...  boxed safety notice   NOTE: ...  a note paragraph
    | a | b | c                  table row (first row is the header)
    - item                       bullet                   1. item   numbered step
    @toc                         table of contents (chapters and their pages, filled in after a first pass)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
rl_config.invariant = 1  # reproducible files: fixed dates and ids

FONT_DIR = Path(__import__("reportlab").__file__).parent / "fonts"
pdfmetrics.registerFont(TTFont("Vera", str(FONT_DIR / "Vera.ttf")))
pdfmetrics.registerFont(TTFont("VeraBd", str(FONT_DIR / "VeraBd.ttf")))
pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))

FONTS = {
    "en": {"body": "Vera", "bold": "VeraBd", "size": 10.5, "leading": 15, "wrap": None, "bullet": "•"},
    "ja": {"body": "HeiseiMin-W3", "bold": "HeiseiKakuGo-W5", "size": 9.5, "leading": 15.5, "wrap": "CJK",
           "bullet": "・"},
}


# ---- manuscript parsing --------------------------------------------------------------------------------


def read_manuscript(path: Path) -> tuple[dict, list[tuple[str, str]]]:
    """(settings, blocks) where each block is (kind, text): chapter, section, warning, note, table, bullets, ..."""
    settings: dict = {}
    blocks: list[tuple[str, str]] = []
    for raw in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        block = raw.strip("\n")
        if not block.strip():
            continue
        lines = block.split("\n")
        if lines[0].startswith("@") and lines[0] != "@toc":
            for line in lines:
                key, _, value = line[1:].partition(" ")
                settings[key] = value.strip()
            continue
        first = lines[0]
        if first == "@toc":
            blocks.append(("toc", ""))
        elif first.startswith("== "):
            blocks.append(("section", first[3:]))
        elif first.startswith("= "):
            blocks.append(("chapter", first[2:]))
        elif first.startswith("! "):
            blocks.append(("warning", " ".join(line.strip() for line in lines)[2:]))
        elif first.startswith("|"):
            blocks.append(("table", block))
        elif first.startswith(("- ", "・")):
            blocks.append(("bullets", block))
        elif re.match(r"\d+\. ", first):
            blocks.append(("steps", block))
        else:
            blocks.append(("para", " ".join(line.strip() for line in lines) if "ja" not in path.name
                           else "".join(line.strip() for line in lines)))
    return settings, blocks


# ---- PDF ---------------------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Doc(SimpleDocTemplate):
    """Records on which page each chapter starts (for the contents table and the running header)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chapter_pages: dict[str, int] = {}

    def afterFlowable(self, flowable):
        chapter = getattr(flowable, "_chapter", None)
        if chapter:
            self.chapter_pages.setdefault(chapter, self.page)
            self.canv._chapter_title = chapter  # drawn in the running header of this and the following pages


def _numbered_canvas(settings: dict, fonts: dict, lang: str):
    """A canvas that draws the running header and the "Page N of M" footer once the page count is known."""
    header, footer = settings.get("header", ""), settings.get("footer", "")

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:  # the cover has no running header or footer
                    self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int):
            width, height = A4
            self.saveState()
            self.setFont(fonts["body"], 7.5)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(20 * mm, height - 12 * mm, header)
            chapter = getattr(self, "_chapter_title", "")
            if chapter:
                self.drawRightString(width - 20 * mm, height - 12 * mm, chapter)
            self.setStrokeColor(colors.HexColor("#999999"))
            self.line(20 * mm, height - 13.5 * mm, width - 20 * mm, height - 13.5 * mm)
            self.line(20 * mm, 14.5 * mm, width - 20 * mm, 14.5 * mm)
            self.drawString(20 * mm, 10 * mm, footer)
            page_label = f"Page {self._pageNumber} of {total}" if lang == "en" else \
                f"{self._pageNumber} / {total} ページ"
            self.drawRightString(width - 20 * mm, 10 * mm, page_label)
            self.restoreState()

    return NumberedCanvas


def build_pdf(manuscript: Path, out: Path, lang: str) -> int:
    """Lay out the manuscript as an A4 manual; returns the number of pages."""
    settings, blocks = read_manuscript(manuscript)
    fonts = FONTS[lang]
    toc: dict[str, int] = {}
    for _ in range(2):  # first pass finds chapter pages for the contents table, the second uses them
        doc = _Doc(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                   bottomMargin=22 * mm, title=settings.get("title", ""), author="Halvorsen Climate Systems"
                   if lang == "en" else "北斗電機株式会社", subject=settings.get("subtitle", ""))
        story = _story(settings, blocks, fonts, toc, lang)
        doc.build(story, canvasmaker=_numbered_canvas(settings, fonts, lang))
        toc = dict(doc.chapter_pages)
    from pypdf import PdfReader

    return len(PdfReader(str(out)).pages)


def _story(settings: dict, blocks, fonts: dict, toc: dict, lang: str) -> list:
    body = ParagraphStyle("body", fontName=fonts["body"], fontSize=fonts["size"], leading=fonts["leading"],
                          alignment=TA_JUSTIFY, spaceAfter=7, wordWrap=fonts["wrap"])
    cell = ParagraphStyle("cell", parent=body, alignment=TA_LEFT, spaceAfter=0, fontSize=fonts["size"] - 0.5,
                          leading=fonts["leading"] - 1)
    head_cell = ParagraphStyle("headcell", parent=cell, fontName=fonts["bold"])
    h1 = ParagraphStyle("h1", fontName=fonts["bold"], fontSize=17, leading=22, spaceAfter=12, wordWrap=fonts["wrap"])
    h2 = ParagraphStyle("h2", fontName=fonts["bold"], fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=5,
                        wordWrap=fonts["wrap"])
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=2, alignment=TA_LEFT,
                            bulletFontName=fonts["body"])
    title = ParagraphStyle("title", fontName=fonts["bold"], fontSize=26, leading=32, spaceAfter=14)
    subtitle = ParagraphStyle("subtitle", fontName=fonts["body"], fontSize=15, leading=20, spaceAfter=30)

    story: list = [Spacer(1, 60 * mm), Paragraph(_esc(settings.get("title", "")), title),
                   Paragraph(_esc(settings.get("subtitle", "")), subtitle)]
    for line in settings.get("cover", "").split("|"):
        story.append(Paragraph(_esc(line), body))
    for kind, text in blocks:
        if kind == "chapter":
            story.append(PageBreak())
            heading = Paragraph(_esc(text), h1)
            heading._chapter = text
            story.append(heading)
        elif kind == "section":
            story.append(Paragraph(_esc(text), h2))
        elif kind == "para":
            m = re.match(r"(NOTE|注記|お知らせ)[:：]\s*", text)
            if m:
                story.append(Paragraph(f"<font name='{fonts['bold']}'>{_esc(m.group(0))}</font>"
                                       f"{_esc(text[m.end():])}", body))
            else:
                story.append(Paragraph(_esc(text), body))
        elif kind == "warning":
            label, _, rest = text.partition(":") if lang == "en" else text.partition("：")
            sep = ":" if lang == "en" else "："
            box = Table([[Paragraph(f"<font name='{fonts['bold']}'>{_esc(label)}{sep}</font> {_esc(rest.strip())}",
                                    cell)]], colWidths=[170 * mm])
            box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                                     ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f3f3f3")),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 5),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
            story += [box, Spacer(1, 6)]
        elif kind == "table":
            rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.split("\n")]
            width = max(len(r) for r in rows)
            data = [[Paragraph(_esc(c), head_cell if i == 0 else cell) for c in r + [""] * (width - len(r))]
                    for i, r in enumerate(rows)]
            table = Table(data, colWidths=_column_widths(rows, width), repeatRows=1, hAlign="LEFT")
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [table, Spacer(1, 8)]
        elif kind in ("bullets", "steps"):
            items = []
            for line in text.split("\n"):
                line = line.strip()
                if kind == "bullets":
                    items.append(Paragraph(_esc(re.sub(r"^(- |・)", "", line)), bullet, bulletText=fonts["bullet"]))
                else:
                    num, _, rest = line.partition(" ")
                    items.append(Paragraph(_esc(rest), bullet, bulletText=num))
            story += items + [Spacer(1, 4)]
        elif kind == "toc":
            rows = [["Chapter", "Page"] if lang == "en" else ["章", "ページ"]]
            rows += [[name, str(page)] for name, page in toc.items()] or [["", ""]]
            data = [[Paragraph(_esc(c), head_cell if i == 0 else cell) for c in r] for i, r in enumerate(rows)]
            table = Table(data, colWidths=[120 * mm, 25 * mm], hAlign="LEFT")
            table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999"))]))
            story += [table, Spacer(1, 8)]
    return story


def _column_widths(rows: list[list[str]], width: int) -> list[float]:
    """Share 170 mm between columns by their longest content (clamped so no column is squeezed out)."""
    longest = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(width)]
    weights = [min(max(n, 8), 60) for n in longest]
    total = sum(weights)
    return [170 * mm * w / total for w in weights]


# ---- text renderings ----------------------------------------------------------------------------------------


def render_text(manuscript: Path) -> str:
    """The manuscript as plain text, one form feed between chapters (as printed text exports have)."""
    settings, blocks = read_manuscript(manuscript)
    out = [settings.get("title", ""), settings.get("subtitle", ""), ""]
    out += settings.get("cover", "").split("|")
    for i, (kind, text) in enumerate(blocks):
        if kind == "chapter":
            out += ["\f" + text, ""]
        elif kind == "section" and i + 1 < len(blocks) and blocks[i + 1][0] == "toc":
            continue  # a text file has no page numbers to list
        elif kind == "section":
            out += ["", "■ " + text if "ja" in manuscript.name else text, ""]
        elif kind == "table":
            out += ["  ".join(c.strip() for c in line.strip().strip("|").split("|")) for line in text.split("\n")]
            out.append("")
        elif kind == "toc":
            continue
        else:
            out += [text, ""]
    return "\n".join(line.rstrip() for line in out).strip() + "\n"


def main() -> int:
    targets = [
        (SOURCE / "hx40_manual_en.ms", HERE / "hx40_manual_en.pdf", "en"),
        (SOURCE / "ks500_manual_ja.ms", HERE / "ks500_manual_ja.pdf", "ja"),
    ]
    for manuscript, out, lang in targets:
        pages = build_pdf(manuscript, out, lang)
        print(f"{out.relative_to(HERE.parent)}: {pages} pages, {out.stat().st_size // 1024} KiB")
    text = render_text(SOURCE / "ks500_manual_ja.ms")
    cp932 = HERE / "ks500_manual_ja_cp932.txt"
    cp932.write_bytes(text.replace("\n", "\r\n").encode("cp932"))  # as saved by Windows Notepad (ANSI)
    print(f"{cp932.relative_to(HERE.parent)}: {len(text)} characters, cp932 with CRLF line ends")
    return 0


if __name__ == "__main__":
    sys.exit(main())
