"""Read a PDF, text or Markdown file into a Document of cleaned, numbered pages.

    load_document(path, pages="3-10,12", password=None, data=None) -> Document

PDFs are read with pypdf page by page; the page numbers of the file are kept (also under --pages), so that a
summary can cite them. Text files have no pages of their own: form feeds split them when present, otherwise the text
is cut into sections of about one printed page (~3000 Latin or ~1200 Japanese characters) at paragraph boundaries,
and those sections are numbered like pages (meta["pagination"] says which).

Cleaning (PDF): running headers/footers (lines recurring at the top/bottom of most pages; page numbers may differ),
words hyphenated at line ends, ligature characters, runs of whitespace, and wrapped lines joined into paragraphs.
Text files keep their line structure (only characters and blank-line runs are normalised; running lines are
removed from form-feed pages). Encodings are detected: BOMs, UTF-8, UTF-16, cp932 (Shift_JIS), EUC-JP, cp1252.

Document.meta: format ("pdf"|"text"|"markdown"), encoding (None for PDF), page_count (pages in the file),
pagination ("pdf"|"form-feed"|"sections"), empty_pages (selected pages without text: scanned or corrupt),
unreadable_pages (PDF pages that are corrupt), removed_lines (running header/footer lines dropped), warnings
(sentences for the user), decode_errors (bytes replaced, if any), sha256 and bytes of the input.

Every failure is an InputError naming the file, the cause and what to do; no pypdf exception escapes. A PDF page
that would inflate beyond pypdf's decompression limits (75 MB per stream) fails the whole file, so a decompression
bomb never costs more memory than that.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import math
import os
import re
import stat
import sys
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

from docproc.document import Document, Page
from docproc.errors import InputError, UsageError
from docproc.text import LEADER, LEADER_PAGE, LIMIT_COLUMNS, MARKDOWN_TABLE_RULE, SAFETY_LABELS

MAX_INPUT_BYTES = 512 * 1024 * 1024  # no document worth summarizing is bigger; refuse before reading it all
TEXT_SECTION_UNITS = 3000  # target size of a text "page": ~3000 Latin chars; a CJK char counts CJK_UNIT_WEIGHT
CJK_UNIT_WEIGHT = 2.5  # a printed page holds ~3000 Latin or ~1200 Japanese characters
HEADER_ZONE_LINES = 3  # lines at the top / bottom of a page where running headers / footers are looked for

MARKDOWN_SUFFIXES = {".md", ".markdown"}


class _PypdfMessages(logging.Handler):
    """pypdf logs the damage it works around instead of raising (e.g. a content stream that does not inflate).
    Those messages would be noise on stderr; we keep them to tell a corrupt page from a scanned one."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < 100:  # a pathological page can log without end; the first ones tell enough
            self.messages.append(record.getMessage())


_PYPDF_LOG = _PypdfMessages()
logging.getLogger("pypdf").addHandler(_PYPDF_LOG)
logging.getLogger("pypdf").propagate = False


# ---- public API ---------------------------------------------------------------------------------------


def load_document(
    path: str | Path,
    *,
    pages: str | None = None,
    password: str | None = None,
    data: bytes | None = None,
) -> Document:
    """Read `path` (or `data`, e.g. stdin with path "-") into a cleaned Document; InputError on any bad input.
    An encrypted PDF is opened with `password`, else with $DOCPROC_PDF_PASSWORD (out of `ps` and shell history,
    and the bench commands, which take no --password, read it too)."""
    source = str(path)
    if password is None:
        password = os.environ.get(PASSWORD_VARIABLE) or None
    raw = _read_input(source, data)
    if not raw:
        raise InputError("empty file (0 bytes)", path=source, hint="check that the file was written completely")
    kind = _sniff_format(source, raw)
    sha256 = hashlib.sha256(raw).hexdigest()
    if kind == "pdf":
        doc = _load_pdf(source, raw, pages, password)
    else:
        doc = _load_text(source, raw, pages, markdown=(kind == "markdown"))
    doc.meta["sha256"] = sha256
    doc.meta["bytes"] = len(raw)
    if not doc.title and source != "-":
        doc.title = Path(source).stem
    return doc


def parse_page_ranges(spec: str, page_count: int) -> list[int]:
    """'3-10,12' -> [3, ..., 10, 12] (1-based, sorted, unique). Also 'N-' (to the end) and '-N' (from 1).

    UsageError for a malformed spec; InputError (without a path: the caller adds it) for pages the document
    does not have.
    """
    if spec is None or not str(spec).strip():
        raise UsageError(f"empty page selection {spec!r}", hint="use e.g. --pages 3-10,12")
    selected: set[int] = set()
    for part in str(spec).replace(" ", "").split(","):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)?(-)?(\d+)?", part)
        if not m or (m.group(1) is None and m.group(3) is None):
            raise UsageError(f"bad page selection {spec!r} (at {part!r})", hint="use e.g. --pages 3-10,12 or 5-")
        first, dash, last = m.groups()
        if not dash:
            lo = hi = int(first)
        else:
            lo = int(first) if first else 1
            hi = int(last) if last else page_count
        if lo < 1 or hi < 1:
            raise UsageError(f"bad page selection {spec!r}: pages are numbered from 1", hint="use e.g. --pages 1-5")
        if lo > hi:
            raise UsageError(f"bad page selection {spec!r}: {lo}-{hi} is backwards", hint=f"write {hi}-{lo}")
        if hi > page_count:
            noun = "page" if page_count == 1 else "pages"
            raise InputError(
                f"--pages {spec} asks for page {hi}, but the document has {page_count} {noun}",
                hint="it has only page 1" if page_count == 1 else f"choose pages within 1-{page_count}",
            )
        selected.update(range(lo, hi + 1))
    if not selected:
        raise UsageError(f"empty page selection {spec!r}", hint="use e.g. --pages 3-10,12")
    return sorted(selected)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the dominant language, by script ('ja', 'zh', 'ko', 'ru', ...) and for Latin script by
    common function words ('en', 'de', 'fr', 'es', 'it', 'pt', 'nl'). 'en' when there is nothing to go on."""
    counts: Counter = Counter()
    for ch in text[:200_000]:
        counts[_script(ch)] += 1
    letters = sum(v for k, v in counts.items() if k not in ("other",))
    if letters == 0:
        return "en"
    kana, han = counts["kana"], counts["han"]
    # A CJK word takes 2-3 characters where a Latin one takes 5-8: weigh CJK characters 3x, or a Japanese
    # document with a code block or a few English lines reads as English.
    cjk = kana + han + counts["hangul"]
    weighted = letters + 2 * cjk
    if kana >= 0.02 * letters and 3 * (kana + han) >= 0.25 * weighted:
        return "ja"
    if 3 * counts["hangul"] >= 0.25 * weighted:
        return "ko"
    if 3 * han >= 0.25 * weighted:
        return "zh"
    for script, code in (("cyrillic", "ru"), ("greek", "el"), ("arabic", "ar"), ("hebrew", "he"), ("thai", "th")):
        if counts[script] >= 0.25 * weighted:
            return code
    return _latin_language(text)


# ---- reading bytes -------------------------------------------------------------------------------------


def _read_input(source: str, data: bytes | None) -> bytes:
    if data is not None:
        return bytes(data)
    if source == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    path = Path(source)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("file not found", path=source, hint="check the path (it may have been moved or deleted)")
    except PermissionError:
        raise InputError("permission denied", path=source, hint="check the permissions of the file and its folders")
    except OSError as exc:  # e.g. ELOOP on a symlink loop, ENAMETOOLONG
        raise InputError(f"cannot access the file ({exc.strerror or exc})", path=source, hint="check the path")
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a file", path=source, hint="give the files inside it, or the folder "
                         "to `docproc summarize` which walks it")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise InputError("not a regular file (device or socket)", path=source, hint="give a PDF, text or Markdown file")
    if st.st_size > MAX_INPUT_BYTES:
        raise InputError(f"file too large ({st.st_size / 2**20:.0f} MiB; the limit is {MAX_INPUT_BYTES // 2**20} MiB)",
                         path=source, hint="split the document or select a part of it first")
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("file disappeared before it could be read", path=source, hint="check the path")
    except PermissionError:
        raise InputError("permission denied", path=source, hint="check the permissions of the file (chmod +r)")
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=source, hint="give the files inside it")
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path=source, hint="check the disk and path")
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"input too large (over {MAX_INPUT_BYTES // 2**20} MiB)", path=source,
                         hint="split the document or select a part of it first")
    return raw


# Leading bytes of common non-text formats people pass by mistake: (magic, name, hint).
_MAGIC = [
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.pptx/.odt file)", "export it as PDF or plain text first"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls/.ppt)", "export it as PDF or plain text first"),
    (b"{\\rtf", "an RTF document", "export it as PDF or plain text first"),
    (b"\x89PNG", "a PNG image", "run OCR on it first (e.g. ocrmypdf or tesseract)"),
    (b"\xff\xd8\xff", "a JPEG image", "run OCR on it first (e.g. ocrmypdf or tesseract)"),
    (b"GIF8", "a GIF image", "run OCR on it first"),
    (b"II*\x00", "a TIFF image", "run OCR on it first (e.g. ocrmypdf)"),
    (b"MM\x00*", "a TIFF image", "run OCR on it first (e.g. ocrmypdf)"),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first"),
    (b"BZh", "a bzip2-compressed file", "decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it first"),
    (b"\x7fELF", "an executable program", "give a PDF, text or Markdown file"),
]


# An HTML page (or XHTML): a doctype or <html> first, after a byte-order mark, blank space, comments (each ending
# at its first -->) or an XML declaration. (Markdown may hold inline HTML, but does not begin with a whole page's;
# a note that starts "<html> is the root element" is no page: one opened with <html> must also close it.)
_HTML_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*"
                         rb"(?P<open><!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)
_HTML_END = re.compile(rb"</html>\s*$", re.IGNORECASE)


def _sniff_format(source: str, raw: bytes) -> str:
    """'pdf', 'markdown' or 'text' from the content (not trusting the extension); InputError for other formats."""
    suffix = Path(source).suffix.lower() if source != "-" else ""
    # The PDF header may follow some junk bytes; for files not named .pdf it must come first (a text file may
    # well mention "%PDF-").
    if raw.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in raw[:1024]):
        return "pdf"
    for magic, name, hint in _MAGIC:
        if raw.startswith(magic):
            what = f"not a PDF: the file is {name}" if suffix == ".pdf" else f"unsupported file type: {name}"
            raise InputError(what, path=source, hint=hint)
    html = _HTML_START.match(raw[:4096])
    if html and (html.group("open").lower().startswith(b"<!doctype") or _HTML_END.search(raw[-1024:])):
        # read as text, its markup would be quoted and its doctype the title
        what = "not a PDF: the file is" if suffix == ".pdf" else "unsupported file type:"
        raise InputError(f"{what} an HTML page", path=source,
                         hint="save it from the browser as PDF (Print > Save as PDF) or as plain text first")
    if suffix == ".pdf":
        looks = "text" if _looks_textual(raw[:4096]) else "binary data"
        raise InputError(f"not a PDF file (no %PDF header; the content looks like {looks})", path=source,
                         hint="check the file; if it is text, rename it to .txt")
    return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"


def _looks_textual(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= 0.01 * max(1, len(head))


# ---- PDF -----------------------------------------------------------------------------------------------


_PDF_PADDING = re.compile(rb"[\0\t\n\f\r ]*")  # PDF white-space characters
_PDF_STRUCTURE = re.compile(rb"obj|xref|trailer|stream")  # what an (incremental) update is made of


def _load_pdf(source: str, raw: bytes, pages_spec: str | None, password: str | None) -> Document:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    # pypdf would rebuild what it can of a cut-off file and quietly lose the rest: refuse instead. Every
    # (incremental) update ends with %%EOF, so what follows the last one is padding, junk a mailer or download
    # tool appended (readers ignore it), or an update that was cut off, which pypdf would silently read as the
    # older revision: that one holds objects, a cross-reference table or a trailer.
    end = raw.rfind(b"%%EOF")
    tail = raw[end + 5 :] if end >= 0 else b""
    if end < 0 or (not _PDF_PADDING.fullmatch(tail) and _PDF_STRUCTURE.search(tail)):
        raise InputError("truncated PDF: the end of the file is missing", path=source,
                         hint="the download or copy was probably interrupted; get the file again")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
            encrypted = reader.is_encrypted
    except Exception as exc:  # anything pypdf raises on a broken file
        raise _pdf_error(source, exc, "opening it")

    if encrypted:
        _decrypt(source, reader, password, DependencyError)

    try:
        page_count = len(reader.pages)
    except Exception as exc:
        if isinstance(exc, (FileNotDecryptedError,)):
            raise InputError("encrypted PDF", path=source, hint=_PASSWORD_HINT)
        raise _pdf_error(source, exc, "reading its page list")
    if page_count == 0:
        raise InputError("the PDF has no pages (0-page document)", path=source, hint="check how it was produced")

    selected = _select(source, pages_spec, page_count)
    # Running headers are found statistically: with few selected pages, also look at some others.
    context = set(selected)
    if len(selected) < 8:
        step = max(1, page_count // 8)
        context.update(range(1, page_count + 1, step))
    raw_texts: dict[int, str] = {}
    unreadable: dict[int, Exception] = {}
    for number in sorted(context):
        text = _extract_pdf_page(source, reader, number)
        if isinstance(text, Exception):
            unreadable[number] = text
            text = ""
        raw_texts[number] = text
    broken = [n for n in selected if n in unreadable]
    if broken and len(broken) == len(selected):
        raise _pdf_error(source, unreadable[broken[0]], f"reading page {broken[0]}")

    numbers = sorted(raw_texts)
    cleaned, removed = _clean_pdf_pages([raw_texts[n] for n in numbers], numbers)
    by_number = dict(zip(numbers, cleaned))
    doc_pages = [Page(number=n, text=by_number[n]) for n in selected]
    empty = [p.number for p in doc_pages if not _has_content(p.text)]
    for p in doc_pages:
        if p.number in empty:
            p.text = ""
    if len(empty) == len(doc_pages) and broken:
        raise InputError(f"no readable text: {_pages(broken, 'is', 'are')} corrupt, the others have no text",
                         path=source, hint="re-export the PDF or repair it with `qpdf in.pdf fixed.pdf`")
    if len(empty) == len(doc_pages):
        where = f"any of its {page_count} pages" if len(selected) == page_count else \
            f"page{'s' if len(empty) > 1 else ''} {_ranges(empty)}"
        raise InputError(f"no extractable text on {where} (scanned images?)", path=source,
                         hint="run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then summarize the result")
    meta = {
        "format": "pdf",
        "encoding": None,
        "page_count": page_count,
        "pagination": "pdf",
        "empty_pages": empty,
        "removed_lines": sum(count for n, count in zip(numbers, removed) if n in set(selected)),
        "unreadable_pages": broken,  # corrupt pages (also listed in empty_pages)
        "warnings": [],
    }
    scanned = [n for n in empty if n not in broken]
    if scanned:
        verb = "was" if len(scanned) == 1 else "were"
        meta["warnings"].append(f"{_pages(scanned)} no extractable text (scanned images?) and {verb} skipped")
    if broken:
        meta["warnings"].append(f"{_pages(broken, 'is', 'are')} corrupt and could not be read; skipped")
    text = "\n".join(p.text for p in doc_pages)
    # the document's title, from its first page when that was read too (--pages 2-3: not "4. Error codes")
    first = [Page(number=1, text=by_number[1])] if 1 in by_number and by_number[1].strip() else doc_pages
    title = _pdf_title(reader) or (first[0].number == 1 and _title_in_large_type(reader.pages[0], first[0].text)) \
        or _first_heading(first)
    return Document(source=source, pages=doc_pages, title=title, language=detect_language(text), meta=meta)


PASSWORD_VARIABLE = "DOCPROC_PDF_PASSWORD"
_PASSWORD_HINT = f"pass --password, or set {PASSWORD_VARIABLE} (which keeps it out of `ps`)"


def _decrypt(source: str, reader, password: str | None, dependency_error) -> None:
    try:
        # Many PDFs are "encrypted" with an empty user password (only printing/copying restricted).
        if reader.decrypt("") != 0:
            return
        if password is None:
            raise InputError("encrypted PDF: a password is needed to open it", path=source, hint=_PASSWORD_HINT)
        if reader.decrypt(password) == 0:
            raise InputError("wrong password for this encrypted PDF", path=source,
                             hint=f"check the --password value (or ${PASSWORD_VARIABLE})")
    except InputError:
        raise
    except dependency_error:
        raise InputError("encrypted with AES, which needs the 'cryptography' package", path=source,
                         hint="pip install cryptography")
    except NotImplementedError as exc:
        raise InputError(f"unsupported PDF encryption ({exc})", path=source,
                         hint="remove the encryption first, e.g. `qpdf --decrypt --password=... in.pdf out.pdf`")
    except Exception as exc:
        raise _pdf_error(source, exc, "decrypting it")


def _columns_in_reading_order(text: str, running: frozenset[str] = frozenset()) -> str:
    """Layout text of a two-column page -> the left column's lines, then the right column's.

    Layout mode puts text that shares a baseline on one line, so two columns of prose come out as lines that
    splice both. A page is taken as two columns when at least 4 lines (and 60 % of those with text on both sides
    of the gutter) have exactly one gap of 3+ spaces, at the same place, with prose on both sides (median 25+
    characters each, most left parts filling the column). Tables (short or ragged cells, several gaps) do not
    qualify. Lines that cross the gutter (a title over both columns) stay where they are and close the column
    run above them."""
    lines = text.split("\n")
    gaps = []  # (line index, gap start, gap end) of lines with exactly one 3+ space gap inside their text
    for i, line in enumerate(lines):
        inner = [m.span() for m in re.finditer(r" {3,}", line.strip())]
        if len(inner) == 1:
            offset = len(line) - len(line.lstrip())
            gaps.append((i, inner[0][0] + offset, inner[0][1] + offset))
    if len(gaps) < 4:
        return text
    # the gutter: the column inside the most gaps
    counts = Counter(x for _, a, b in gaps for x in range(a, b))
    gutter = counts.most_common(1)[0][0]
    split = [(i, a, b) for i, a, b in gaps if a <= gutter < b]
    both_sides = [line for line in lines if len(line) > gutter and line[:gutter].strip() and line[gutter:].strip()]
    left = sorted(len(lines[i][:a].strip()) for i, a, _ in split)
    right = sorted(len(lines[i][b:].strip()) for i, _, b in split)
    # wrapped prose fills its column: most left parts are nearly as long as the longest (table cells vary)
    filled = sum(1 for n in left if n >= 0.8 * left[-1])
    if (len(split) < 4 or len(split) < 0.6 * len(both_sides) or filled < len(left) / 2
            or left[len(left) // 2] < 25 or right[len(right) // 2] < 25):
        return text
    out: list[str] = []
    left_col: list[str] = []
    right_col: list[str] = []

    def flush():
        out.extend(left_col)
        out.extend(right_col)
        left_col.clear()
        right_col.clear()

    # a running header or footer ("VOLTAMAX PS-2410 ...   Datasheet DS-2410 rev 3"; `running`: the _line_key of
    # the first and last lines that other pages repeat) is not two column cells: kept whole, it is removed as the
    # other pages' is (not two column headings on the first line: review21 F3)
    filled_at = [i for i, line in enumerate(lines) if line.strip()]
    edges = {i for i in filled_at[:1] + filled_at[-1:] if _line_key(lines[i]) in running}
    for k, line in enumerate(lines):
        crosses = len(line) > gutter and line[gutter] != " " and line[:gutter].strip()
        if crosses or k in edges:
            flush()
            out.append(line)
            continue
        if line[:gutter].strip():
            left_col.append(line[:gutter].rstrip())
        if line[gutter:].strip():
            right_col.append(line[gutter:].strip())
        if not line.strip():  # blank lines separate paragraphs within a column
            left_col.append("")
    flush()
    return "\n".join(out)


# An empty cell of a numeric table column is written as this, so that a row still says which column each of
# its values is in: "Output current  0  5  A" under "Min  Typ  Max  Unit" reads as Min 0, Typ 5 (review27 F6).
EMPTY_CELL = "—"
# A number cell: "-0.3", "94.5", "2,000", "±2", "5 V", "12%", or a dash the document wrote for "none".
_NUMBER_CELL = re.compile(r"[-+±−–]?\d[\d.,]*(?:\s?[^\s\d]{1,3})?|[—–-]")
_CELL = re.compile(r"\S+(?: {1,2}\S+)*")  # a cell of a layout line: text with no gap of 3+ spaces inside


def _mark_empty_cells(text: str) -> str:
    """Layout text of a page with EMPTY_CELL written into the empty cells of tables' numeric columns.

    A table is a run of 3+ consecutive lines of 2+ cells; its columns are those of its first widest row (the
    header, "Parameter  Condition  Min  Typ  Max  Unit"). A row's cells are placed in the columns whose
    character span they overlap (or nearly touch), in order; a row that cannot be placed so is left as it
    is. A column is numeric when most cells placed in it are numbers; in a row with a number, each numeric
    column it leaves empty gets EMPTY_CELL at the column's position, unless its first cell is empty too. Prose
    columns (wrapped cells of a troubleshooting table) are never marked: their continuation lines leave cells
    empty too."""
    lines = text.split("\n")
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and len(_CELL.findall(lines[end])) >= 2:
            end += 1
        if end - start >= 3:
            lines[start:end] = _mark_empty_cells_in_table(lines[start:end])
        start = end + 1
    return "\n".join(lines)


# The header of a column of limits: Min / Typ / Max, 最小 / 標準 / 最大 (and 定格, rated).
_LIMIT_HEADER = re.compile(rf"(?i)(?:{'|'.join(LIMIT_COLUMNS)}|定格)\.?")


def _mark_empty_cells_in_table(rows: list[str]) -> list[str]:
    spans = [[m.span() for m in _CELL.finditer(row)] for row in rows]
    width = max(len(s) for s in spans)
    if width < 3:
        return rows
    header = next(k for k, s in enumerate(spans) if len(s) == width)
    columns = spans[header]
    placed = {}  # row -> its cells' columns
    for k, cells in enumerate(spans):
        cols = [_column_of(cell, columns) for cell in cells]
        if k != header and None not in cols and all(a < b for a, b in zip(cols, cols[1:])):
            placed[k] = cols
    numeric = []
    for c in range(width):
        cells = [rows[k][slice(*spans[k][n])] for k, cols in placed.items() for n, col in enumerate(cols) if col == c]
        if len(cells) >= 2 and sum(bool(_NUMBER_CELL.fullmatch(x)) for x in cells) >= 0.6 * len(cells):
            numeric.append(c)
        # a datasheet's Min column may hold one value only (review41 F11): its header says it is numeric
        elif cells and all(_NUMBER_CELL.fullmatch(x) for x in cells) and _LIMIT_HEADER.fullmatch(
                rows[header][slice(*columns[c])]):
            numeric.append(c)
    out = list(rows)
    for k, cols in placed.items():
        missing = [c for c in numeric if c not in cols]
        # (a row with no first cell continues the row above, "115 V  16 A" under "PS-10  230 V  10 A  4.2 kg":
        # its empty cells are that row's, not empty)
        if not missing or cols[0] != 0 or not any(c in numeric for c in cols):
            continue
        row = rows[k].ljust(columns[-1][1])
        for c in missing:
            at = columns[c][0]
            if row[max(0, at - 3) : at + 4].strip():  # too close to a neighbour to stay a cell of its own
                break
            row = row[:at] + EMPTY_CELL + row[at + 1 :]
        else:
            out[k] = row.rstrip()
    return out


def _column_of(cell: tuple[int, int], columns: list[tuple[int, int]]) -> int | None:
    """The header column a cell's span (start, end) lies under: the one it overlaps, else the one within 2
    characters of it; None when that is not exactly one."""
    over = [c for c, (a, b) in enumerate(columns) if cell[0] < b and a < cell[1]]
    if not over:
        over = [c for c, (a, b) in enumerate(columns) if cell[0] < b + 2 and a - 2 < cell[1]]
    return over[0] if len(over) == 1 else None


def _extract_pdf_page(source: str, reader, number: int) -> str | Exception:
    """The raw text of a page, or the exception that made it unreadable; InputError for bombs (never partial)."""
    from pypdf.errors import LimitReachedError

    _PYPDF_LOG.messages.clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            page = reader.pages[number - 1]
            try:
                # Layout mode keeps vertical gaps (paragraph breaks) and table columns apart.
                text = page.extract_text(extraction_mode="layout")
            except LimitReachedError:
                raise
            except Exception:
                text = page.extract_text()
            damage = [m for m in _PYPDF_LOG.messages if "decompress" in m.lower() or "decod" in m.lower()]
            if damage and not text.strip():
                return ValueError(damage[0])  # a broken stream, not a scanned page
            return text
    except LimitReachedError:
        raise InputError(f"page {number} would inflate beyond the safety limit on decompressed data "
                         "(a decompression bomb?)", path=source,
                         hint="do not trust this file; re-export it from its source, or skip it with --pages")
    except MemoryError:
        raise InputError(f"page {number} is too large to read in memory", path=source,
                         hint="skip it with --pages or re-export the PDF")
    except Exception as exc:  # a broken page: the caller decides whether the rest is still worth reading
        return exc


def _pdf_error(source: str, exc: BaseException, doing: str) -> InputError:
    from pypdf.errors import LimitReachedError

    if isinstance(exc, LimitReachedError):
        return InputError(f"exceeds safety limits while {doing} ({exc})", path=source,
                          hint="do not trust this file; re-export it from its source")
    detail = " ".join(str(exc).split())[:160] or type(exc).__name__
    return InputError(f"corrupt or truncated PDF (error while {doing}: {detail})", path=source,
                      hint="re-download or re-export it, or repair it with `qpdf in.pdf fixed.pdf`")


def _pdf_title(reader) -> str | None:
    try:
        title = (reader.metadata or {}).get("/Title")
    except Exception:
        return None
    if not title:
        return None
    title = " ".join(str(title).split())
    if not title or _PLACEHOLDER_TITLE.match(title) or len(title) > 200:
        return None
    return title


# Titles that authoring tools fill in by themselves (ReportLab: "(anonymous)"). Whole titles only: "Title 21 CFR
# Part 11" and "Documentation of the API" are real titles that merely start with a placeholder word.
_PLACEHOLDER_TITLE = re.compile(
    r"\(?(untitled|document|title|none|anonymous|unspecified|unknown)\)?[\s\d_-]*$|microsoft (word|excel|powerpoint) - ",
    re.IGNORECASE,
)


_MAIL_SUBJECT = re.compile(r"^(?:subject|件名)\s*[:：]\s*(?:(?:re|fwd?|aw|wg|tr)\s*[:：]\s*)*", re.IGNORECASE)


def _first_heading(pages: list[Page]) -> str | None:
    """The first line of text, as a title when it looks like one: at most 100 characters, not a sentence and not a
    bare label ("Notes:") (a page that starts with body text has no title line; the file name serves then)."""
    for page in pages:
        for line in page.text.splitlines():
            line = line.strip().lstrip("#").strip()
            if line:
                sentence = re.search(r"[.。．!?！？]$", line) and (len(line.split()) >= 6 or len(line) >= 25)
                label = re.fullmatch(r"\S+\s*[:：]", line)
                return line if len(line) <= 100 and not sentence and not label else None
    return None


def _title_in_large_type(page, page_text: str) -> str | None:
    """The title of a PDF page set in larger type than its body, where the page's text starts with it; else None.
    The page text keeps no font sizes and joins lines: a title that wraps ("Installation, Operation and
    Maintenance Manual for" + "the HX-40 Dehumidifier Series") stays two lines there, and a title directly over a
    body line ("HX-40 Service Manual" + "Revision 3") becomes one. So the page is read once more with pypdf's
    visitor (text runs with their size and baseline): the title is the first run in the page's largest type and
    the runs of its size that follow it down the page, each at most 1.6 type sizes below the last."""
    first_line = next((line.strip().lstrip("#").strip() for line in page_text.splitlines() if line.strip()), "")
    runs = []  # (text, size in points, baseline y), in reading order

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])  # the text and page transforms
            runs.append((text, size * scale, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            page.extract_text(visitor_text=visit)
    except Exception:  # the title is a nicety: the page text was read already
        return None
    if not runs or not first_line:
        return None
    # the title is in the largest type of the page, clearly larger than the most used of the others (the body;
    # on a cover page the subtitle or the date)
    largest = max(size for _, size, _ in runs)
    chars = Counter()
    for text, size, _ in runs:
        if size < largest - 0.5:
            chars[size] += len(text.strip())
    if not chars or largest < 1.15 * chars.most_common(1)[0][0]:
        return None
    want = " ".join(first_line.split())
    for i, (_, size, y) in enumerate(runs):
        if size < largest - 0.5:
            continue
        title = ""
        for text, other, y_other in runs[i:]:
            if abs(other - size) > 0.5 or not -0.2 * size <= y - y_other <= 1.6 * size:
                break
            text = re.sub(r"\s+", " ", text)
            if title.strip() and abs(y - y_other) > 0.2 * size:  # a wrapped line joins as body lines do
                if not _continues_title(title.rstrip(), text.strip()):
                    break
                title = _join_lines(title.rstrip(), text.strip(), Counter())
            else:
                title += text
            y = y_other
        title = " ".join(title.split())
        # the title must hold the page's whole first line (not "HX-40" of "HX-40 Service Manual" set in two
        # sizes), and be one
        starts = title.startswith(want)
        return title if starts and len(title) <= 200 and not re.search(r"[.。!?！？:：]$", title) else None
    return None


def _continues_title(title: str, line: str) -> bool:
    """Whether a line in the title's type below it goes on with the title ("... Manual for" + "the HX-40 Series",
    "Annual Report" + "2025", "Release Notes" + "Version 3.2") rather than being a heading or a figure of its own
    in the same size: a numbered section heading ("1 Safety instructions", "2.3 Wiring"), or a line of three words
    or more with a number in it after a title that looks finished ("Revenue up 12 %" on a slide), or anything but
    a lower-case line after a title that ends in a number ("Annual Report 2025" + "Northwind Trading Ltd")."""
    if not line or re.match(r"[0-9０-９]+(?:\.[0-9]+)*\.?\s+\S", line) and not re.fullmatch(r"[0-9]{4}", line.strip()):
        return False
    last_word = (re.findall(r"[^\W_]+", title.lower()) or [""])[-1]
    unfinished = last_word in _NO_TITLE_END or re.search(r"[:：,、・&(（–-]$|及び$|および$|並びに$", title)
    if re.search(r"[0-9]$", title) and not line[0].islower():
        return False  # "Annual Report 2025" is whole: not "+ Northwind Trading Ltd"
    return bool(unfinished) or not (len(line.split()) >= 3 and re.search(r"[0-9]", line))


_NO_TITLE_END = frozenset("a an the and or of for to in on at by with from as vs".split())


def _select(source: str, pages_spec: str | None, page_count: int) -> list[int]:
    if not pages_spec:
        return list(range(1, page_count + 1))
    try:
        return parse_page_ranges(pages_spec, page_count)
    except InputError as exc:
        exc.path = source
        raise


# ---- text files ----------------------------------------------------------------------------------------


def _load_text(source: str, raw: bytes, pages_spec: str | None, markdown: bool) -> Document:
    text, encoding, decode_errors = decode_text(raw, source)
    text = _normalize_chars(text).replace("\r\n", "\n").replace("\r", "\n")
    front_title = None
    if markdown:
        text, front_title = strip_front_matter(text)
    if not _has_content(text):
        raise InputError("contains no text (only whitespace)", path=source, hint="check the file")
    removed_total = 0
    if "\f" in text:
        pagination = "form-feed"
        parts = text.split("\f")
        if parts and not parts[-1].strip():
            parts = parts[:-1]  # a file that ends with a form feed has no empty last page
        if len(parts) >= 3:
            kept, removed = _remove_running_lines([_tidy_text_lines(p).split("\n") for p in parts])
            parts = ["\n".join(lines) for lines in kept]
            removed_total = sum(removed)
        sections = [_tidy_text_lines(p) for p in parts]
    else:
        pagination = "sections"
        sections = split_sections(_tidy_text_lines(text), markdown=markdown)
    page_count = len(sections)
    selected = _select(source, pages_spec, page_count)
    doc_pages = [Page(number=n, text=sections[n - 1] if _has_content(sections[n - 1]) else "") for n in selected]
    empty = [p.number for p in doc_pages if not p.text]
    if len(empty) == len(doc_pages):
        raise InputError(f"no text on the selected page{'s' if len(empty) > 1 else ''} {_ranges(empty)}",
                         path=source, hint="choose other --pages")
    meta = {
        "format": "markdown" if markdown else "text",
        "encoding": encoding,
        "page_count": page_count,
        "pagination": pagination,
        "empty_pages": empty,
        "removed_lines": removed_total,
        "unreadable_pages": [],
        "warnings": [],
    }
    if decode_errors:
        meta["decode_errors"] = decode_errors
        meta["warnings"].append(f"{decode_errors} undecodable byte(s) replaced with U+FFFD ({encoding})")
    body = "\n".join(p.text for p in doc_pages)
    return Document(source=source, pages=doc_pages, title=front_title or _text_title(sections[0]),
                    language=detect_language(body), meta=meta)


def _tidy_text_lines(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, no blank lines at the ends; indentation is kept."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def strip_front_matter(text: str) -> tuple[str, str | None]:
    """Markdown: (text without a leading YAML front matter block (Jekyll, Hugo, MkDocs, Obsidian), its `title:`).
    The block is metadata, not prose: it would become the title ("---") and reach the summarizer."""
    m = _FRONT_MATTER.match(text)
    if not m or (m.group(1) or "").count("\n") > 200:
        return text, None
    title = re.search(r"^title:[ \t]*(.+?)[ \t]*$", m.group(1) or "", re.M)
    value = title.group(1).strip().strip("\"'").strip() if title else ""
    return text[m.end() :], value or None


def _text_title(first_section: str) -> str | None:
    for line in first_section.split("\n"):
        line = line.strip()
        if not re.search(r"[^\W_]", line):  # blank, or a rule ("---" of front matter never closed, "====")
            continue
        if line.startswith("#"):
            return line.lstrip("#").strip() or None
        line = _MAIL_SUBJECT.sub("", line) or line  # a mail: "Subject: RE: RE: Orion launch" -> "Orion launch"
        return line if len(line) <= 100 else None
    return None


def split_sections(text: str, *, markdown: bool = False, target_units: int = TEXT_SECTION_UNITS) -> list[str]:
    """Cut text into sections of about `target_units` (one printed page) at paragraph boundaries.

    A CJK character counts CJK_UNIT_WEIGHT units. Markdown prefers to start a section at a heading once the current
    one is at least 40% full. Paragraphs longer than a section are cut at line, then sentence boundaries.
    """
    blocks = _markdown_blocks(text) if markdown else [b for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    pieces: list[str] = []
    for block in blocks:
        if _units(block) <= target_units:
            pieces.append(block)
        elif markdown:
            pieces.extend(_split_markdown_block(block, target_units))
        else:
            pieces.extend(_split_long_block(block, target_units))
    sections: list[str] = []
    current: list[str] = []
    size = 0.0
    for piece in pieces:
        u = _units(piece)
        is_heading = markdown and re.match(r"#{1,6}(?:[ \t]|$)", piece.lstrip()) is not None
        if current and (size + u > target_units or (is_heading and size >= 0.4 * target_units)):
            sections.append("\n\n".join(current))
            current, size = [], 0.0
        current.append(piece)
        size += u
    if current:
        sections.append("\n\n".join(current))
    return sections or [""]


# A code fence line: 3+ backticks (and an info string without backticks: "```code``` text" is inline code,
# review39 N5) or 3+ tildes.
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}(?=[^`]*$)|~{3,})")


def _markdown_blocks(text: str) -> list[str]:
    """Paragraphs of Markdown: split at blank lines, except inside a fenced code block (``` or ~~~), which stays
    one block: a blank line or a "# comment" in code must not start a section (the fence would be cut in two)."""
    blocks: list[str] = []
    current: list[str] = []
    fence = None
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if fence is None and marker:
            fence = marker.group(1)
            if current:  # a block of its own: "Run:" / "```sh" with no blank line between (review39 N6)
                blocks.append("\n".join(current))
                current = []
        elif fence is not None and marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
            fence = None
            current.append(line)
            blocks.append("\n".join(current))  # ... and the prose after it another
            current = []
            continue
        if fence is None and not line.strip():
            if current:
                blocks.append("\n".join(current))
            current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return [b for b in blocks if b.strip()]


def _split_markdown_block(block: str, target_units: int) -> list[str]:
    """_split_long_block for Markdown: each piece of a fenced code block is fenced again (opened with the
    block's own fence line, closed with its fence), and each piece of a table starts with the table's header and
    rule, so every section renders on its own: a cut block left "## Page 3" inside page 2's code (review34 F12)."""
    pieces = _split_long_block(block, target_units)
    lines = block.split("\n")
    fence = _FENCE.match(lines[0])
    if len(pieces) < 2:
        return pieces
    if fence:
        last = len(pieces) - 1
        return [("" if i == 0 else lines[0] + "\n") + piece + ("" if i == last else "\n" + fence.group(1))
                for i, piece in enumerate(pieces)]
    if len(lines) > 2 and lines[0].lstrip().startswith("|") and MARKDOWN_TABLE_RULE.match(lines[1]):
        return [piece if i == 0 else f"{lines[0]}\n{lines[1]}\n{piece}" for i, piece in enumerate(pieces)]
    return pieces


def _split_long_block(block: str, target_units: int) -> list[str]:
    # Pieces keep their own separators (newline, or the space after a sentence), so joining them restores the text.
    if "\n" in block:
        units = [line + "\n" for line in block.split("\n")]
        units[-1] = units[-1][:-1]
    else:  # one huge line: cut after sentence ends (Latin and Japanese)
        units = re.findall(r".+?(?:[.!?。！？．]\s*|$)", block, flags=re.S)
    # Sizes are kept as running totals and hard cuts walk forward, so a huge line costs linear time.
    out: list[str] = []
    current: list[str] = []
    size = 0.0
    for unit in units:
        left = _units(unit)
        start = 0
        while left > target_units:  # no boundary at all: hard cut
            cut = _cut_index(unit, target_units, start)
            if current:
                out.append("".join(current))
                current, size = [], 0.0
            out.append(unit[start:cut])
            left -= _units(out[-1])
            start = cut
        if current and size + left > target_units:
            out.append("".join(current))
            current, size = [], 0.0
        current.append(unit[start:])
        size += left
    if current:
        out.append("".join(current))
    return [piece.strip() for piece in out if piece.strip()]


def _cut_index(s: str, target_units: int, start: int = 0) -> int:
    """End of the longest piece s[start:end] of at most `target_units` (at least one character)."""
    total = 0.0
    for i in range(start, len(s)):
        total += CJK_UNIT_WEIGHT if _is_cjk(s[i]) else 1
        if total > target_units:
            return max(start + 1, i)
    return len(s)


def _units(s: str) -> float:
    cjk = sum(1 for ch in s if _is_cjk(ch))
    return (len(s) - cjk) + CJK_UNIT_WEIGHT * cjk


# ---- encoding detection --------------------------------------------------------------------------------

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_MAX_ERROR_RATE = 0.001  # tolerate a stray bad byte per 1000 (replaced, counted, warned), not more


def decode_text(raw: bytes, source: str = "<bytes>") -> tuple[str, str, int]:
    """Decode text bytes: (text, encoding, number of replaced bytes). InputError for binary or undecodable data.

    Order: BOM (UTF-8/16/32); NUL-byte patterns of BOM-less UTF-16; strict UTF-8; then cp932 (Shift_JIS),
    EUC-JP and cp1252, each scored for plausibility (Japanese: kana/kanji vs half-width katakana and private-use
    characters; Latin: long runs of accented symbols mean mojibake). cp932 and EUC-JP rarely both decode real
    Japanese text, and when they do the half-width katakana that EUC-JP bytes become in cp932 give it away.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text, errors = _decode_counting(raw, codec)
            if errors > _MAX_ERROR_RATE * len(raw) + 1:
                raise InputError(f"undecodable text: it starts with a {codec.upper()} byte-order mark but does not "
                                 "decode as such", path=source, hint="convert it to UTF-8 (e.g. with iconv)")
            name = {"utf-16": "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"}.get(codec, codec)
            return _check_binary(text, source), name, errors

    if b"\x00" in raw:
        # UTF-16 without a BOM: ASCII-heavy text shows NULs at every other byte; otherwise score both byte orders.
        guess = _bomless_utf16(raw)
        for codec in ([guess] if guess else []) + ["utf-16-le", "utf-16-be"]:
            text, errors = _decode_counting(raw, codec)
            if errors <= _MAX_ERROR_RATE * len(raw) and (codec == guess or _plausibility(text, codec) > 0.8):
                return _check_binary(text, source), codec, errors
        raise InputError("binary data, not text (contains NUL bytes)", path=source,
                         hint="give a PDF, text or Markdown file")

    try:
        return _check_binary(raw.decode("utf-8"), source), "utf-8", 0
    except UnicodeDecodeError:
        pass

    decoded = {}
    for codec in ("utf-8", "cp932", "euc_jp", "cp1252"):
        text, errors = _decode_counting(raw, codec)
        # (one stray byte in any file: a 300-byte UTF-8 note with one bad byte was refused whole, review19 F14)
        if errors <= _MAX_ERROR_RATE * len(raw) + 1:
            decoded[codec] = (text, errors)
    # Half-width katakana are what EUC-JP (or UTF-8) bytes become when read as cp932, and the other way round.
    # When the other Japanese codec cannot read the bytes, or reads them worse, the kana are the file's own:
    # legacy Shift_JIS files use them a lot, and so do EUC-JP ones ("ｱｲｳｴｵ 半角カナの議事録です。", review34 F13).
    strict = {codec: _plausibility(text, codec) for codec, (text, _) in decoded.items()}
    best: tuple[float, str, str, int] | None = None
    for codec, (text, errors) in decoded.items():
        other = {"cp932": "euc_jp", "euc_jp": "cp932"}.get(codec)
        halfwidth_ok = other is not None and "utf-8" not in decoded and strict[codec] > strict.get(other, -math.inf)
        score = _plausibility(text, codec, halfwidth_ok) - 50.0 * errors / max(1, len(raw))
        if best is None or score > best[0]:
            best = (score, codec, text, errors)
    if best is None or best[0] < 0.5:
        what = ("not valid UTF-8, UTF-16, Shift_JIS (cp932), EUC-JP or Windows-1252" if best is None else
                f"its encoding cannot be told (it reads as garbled text in {', '.join(decoded)})")
        raise InputError(f"undecodable text: {what}", path=source,
                         hint="convert it to UTF-8, e.g. `iconv -f <encoding> -t UTF-8 in.txt > out.txt`")
    _, codec, text, errors = best
    return _check_binary(text, source), codec, errors


def _decode_counting(raw: bytes, codec: str) -> tuple[str, int]:
    """Decode, replacing undecodable bytes with U+FFFD, and count them (surrogateescape marks each one)."""
    try:
        text = raw.decode(codec, errors="surrogateescape")
    except UnicodeDecodeError:  # UTF-16/32 cannot escape: count the replacement characters instead
        text = raw.decode(codec, errors="replace")
        return text, text.count("\ufffd")
    errors = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    if errors:
        text = re.sub("[\udc80-\udcff]+", "\ufffd", text)
    return text, errors


def _bomless_utf16(raw: bytes) -> str | None:
    head = raw[:8192]
    even = head[0::2]
    odd = head[1::2]
    n = max(1, len(odd))
    if odd.count(0) > 0.4 * n and even.count(0) < 0.05 * n:
        return "utf-16-le"
    if even.count(0) > 0.4 * n and odd.count(0) < 0.05 * n:
        return "utf-16-be"
    return None


def _check_binary(text: str, source: str) -> str:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1b")
    if controls > max(2, 0.005 * len(text)):
        raise InputError(f"binary data, not text ({controls} control characters)", path=source,
                         hint="give a PDF, text or Markdown file")
    return text


def _plausibility(text: str, codec: str, halfwidth_ok: bool = False) -> float:
    """~1.0 for text that reads as natural language in the script `codec` is for, low or negative for mojibake.

    Half-width katakana count as mojibake unless `halfwidth_ok` (the caller knows no other codec fits)."""
    n = max(1, len(text))
    if codec != "cp1252":
        good = bad = kana = 0
        for ch in text:
            o = ord(ch)
            if 0x3040 <= o <= 0x30FF or (halfwidth_ok and 0xFF61 <= o <= 0xFF9F):
                kana += 1
                good += 1
            elif 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
                good += 1
            elif o < 0x80:
                good += 1 if (ch.isprintable() or ch in "\t\n\r\f") else 0
            elif 0xFF61 <= o <= 0xFF9F or 0xE000 <= o <= 0xF8FF or o == 0xFFFD:
                bad += 1  # half-width katakana, private use: what the wrong Japanese codec produces
            elif unicodedata.category(ch).startswith(("C", "So", "Sk")):
                bad += 1
            else:
                good += 0.5
        score = (good - 3 * bad) / n
        if codec != "utf-8" and kana < 0.02 * n:  # (byte-order mixups of UTF-16 also give kanji soup)
            score -= 0.3  # real Japanese prose has kana; kanji-only mojibake is suspect
        return score
    # cp1252: long runs of non-ASCII symbols are mojibake; accented letters inside words are fine
    bad = 0
    run = 0
    for ch in text + "\n":
        if ord(ch) >= 0x80 and not ch.isspace():
            run += 1
        else:
            if run >= 2:
                bad += run
            run = 0
    ascii_share = sum(1 for ch in text if ord(ch) < 0x80) / n
    return ascii_share - 3 * bad / n - 0.2  # below the Japanese codecs when both read well


# ---- cleaning ------------------------------------------------------------------------------------------

# Only these compatibility characters are unfolded: NFKC on everything would also turn Japanese full-width
# letters and half-width katakana into other characters.
_LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\ufeff": "", "\u2028": "\n", "\u2029": "\n\n",
}
_LIGATURE_RE = re.compile("|".join(map(re.escape, _LIGATURES)))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# The dot leaders of a contents list or an index ("4.4 Loading media . . . . . 26", "お手入れ ・・・・ 13"): 4+ dots,
# spaced or not. Collapsed to one LEADER, so the reader (and the model) gets "4.4 Loading media … 26", not a
# third of a contents page in dots (review33 F2).
# (6+ dots, each one or two spaces from the next as a PDF's spacing comes out, review40 N4: a four-dot ellipsis
# ends a sentence, and ".." cells of a statistics table, "41.2  ..  ..  43.5", are cells, review37 F1-F3)
# Only before a page number that ends the line or its column: ".. .. .. 4 7 9" cells of a tight statistics table
# and a line of prose that ends in "......" or ・・・・・・ are left as they are (review39 N1, N2).
_LEADER_DOT = "[.．·・‥…]"
_LEADER_RUN = re.compile(rf"[ \t]*(?:{_LEADER_DOT}{{6,}}|(?:{_LEADER_DOT} {{1,2}}){{5,}}{_LEADER_DOT})[ \t]*"
                         rf"(?={LEADER_PAGE}(?:$| {{3,}}(?:[^\W\d]|[0-9]{{1,2}}(?:\.[0-9]+)* [^\W\d])))", re.MULTILINE)
# (another column after it: an entry, "Warranty", or a numbered one, "2 Safety"; review40 N4)
# A contents or index entry after that: its leader, then its page number.
LEADER_ENTRY = re.compile(rf" {LEADER} {LEADER_PAGE}$")


def _collapse_leaders(text: str) -> str:
    return _LEADER_RUN.sub(f" {LEADER} ", text)


def _normalize_chars(text: str) -> str:
    text = _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group(0)], text)
    text = text.replace("\u00ad\n", "").replace("\u00ad", "")  # soft hyphens: invisible unless at a line end
    return _CONTROL_RE.sub("", text).replace("\t", "    ")


def _clean_pdf_pages(raw_pages: list[str], numbers: list[int] | None = None) -> tuple[list[str], list[int]]:
    """Cleaned text of each page and the number of header/footer lines removed from each. numbers: the pages'
    numbers in the file (default 1, 2, ...): page numbers in running lines are matched against them."""
    pages_lines = []
    raw_pages = [raw.replace("\r\n", "\n").replace("\r", "\n") for raw in raw_pages]
    edges: Counter = Counter()  # first and last lines, by _line_key, over the pages: repeated ones are running
    for raw in raw_pages:
        filled = [line for line in raw.split("\n") if line.strip()]
        edges.update({_line_key(filled[0]), _line_key(filled[-1])} if filled else set())
    running = frozenset(key for key, count in edges.items() if count >= 2)
    for raw in raw_pages:
        # columns first, while the layout's character positions are still those pypdf laid out
        text = _collapse_leaders(_normalize_chars(_mark_empty_cells(_columns_in_reading_order(raw, running))))
        pages_lines.append([line.rstrip() for line in text.split("\n")])
    kept, removed = _remove_running_lines(pages_lines, numbers)
    vocab = _vocabulary(kept)
    return [_join_paragraphs(lines, vocab) for lines in kept], removed


def _line_key(line: str) -> str:
    """Header/footer identity of a line: case, spacing and numbers (page numbers!) do not matter."""
    key = line.strip().lower()
    key = re.sub(r"\b[ivxlcdm]+\b$", "#", key) if re.fullmatch(r"(page\s+)?[ivxlcdm]+", key) else key
    key = re.sub(r"\d+", "#", key)
    return re.sub(r"\s+", " ", key)


def _zone_indices(lines: list[str]) -> tuple[list[int], list[int]]:
    # the top and bottom zones never overlap: on a short page each gets at most half of its lines
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    half = len(nonblank) // 2
    return nonblank[: min(HEADER_ZONE_LINES, half)], nonblank[max(len(nonblank) - HEADER_ZONE_LINES, half) :]


def _chunks(line: str) -> list[str]:
    return [c for c in re.split(r"\s{3,}", line.strip()) if c]


def _remove_running_lines(pages_lines: list[list[str]], numbers: list[int] | None = None
                          ) -> tuple[list[list[str]], list[int]]:
    """Drop lines that recur at the top (or bottom) of at least 3/4 of the pages, page numbers allowed to differ.

    Only lines at the very edge are dropped (walking inwards from the top / bottom and stopping at the first line
    that does not recur). A recurring line may differ between pages only in page numbers (`_numbers_are_page_numbers`:
    "Page 3 of 20", "ACME manual 12"), so headings such as "Step 3" or "Invoice No. 2024-0017" that recur with
    other numbers stay. A line with several column chunks (left/right header) is dropped when one chunk recurs.
    A bare page number ("12", "- 12 -") counts as recurring with 2+ pages. A page is never emptied but of bare page
    numbers: if every line of it would go, it keeps them (its text is what it holds, not a header).
    """
    n = len(pages_lines)
    if n < 2:
        return pages_lines, [0] * n
    # 2 pages: only bare page numbers (see `running`). Half the pages was too few: warnings and headings that
    # recur on every other page were taken for headers.
    need = 2 if n == 2 else max(3, -(-3 * n // 4))
    zones = [_zone_indices(lines) for lines in pages_lines]
    page_numbers = numbers or list(range(1, n + 1))
    stats = {}
    for side in (0, 1):
        keys: Counter = Counter()
        chunk_keys: Counter = Counter()
        numbers_in: dict[str, dict] = {}  # key -> {page number: the line's numbers there}
        for page, lines, zone in zip(page_numbers, pages_lines, zones):
            seen = set()
            for i in zone[side]:
                key = _line_key(lines[i])
                if key not in seen:
                    keys[key] += 1
                    seen.add(key)
                numbers_in.setdefault(key, {}).setdefault(page, re.findall(r"\d+", lines[i]))
            chunk_keys.update({_line_key(c) for i in zone[side] for c in _chunks(lines[i])})
        stats[side] = (keys, chunk_keys, numbers_in)

    def running(line: str, side: int) -> bool:
        keys, chunk_keys, numbers_in = stats[side]
        key = _line_key(line)
        if n < 3 and not _PAGE_NUMBER_RE.fullmatch(key):
            return False
        if keys[key] >= need and _numbers_are_page_numbers(line, key, numbers_in[key]):
            return True
        chunks = _chunks(line)
        return len(chunks) >= 2 and any(chunk_keys[_line_key(c)] >= need for c in chunks)

    kept, removed = [], []
    for lines, (top, bottom) in zip(pages_lines, zones):
        drop = set()
        for i in top:
            if not running(lines[i], 0):
                break
            drop.add(i)
        for i in reversed(bottom):
            if not running(lines[i], 1):
                break
            drop.add(i)
        if (drop and all(i in drop or not line.strip() for i, line in enumerate(lines))
                and not all(_PAGE_NUMBER_RE.fullmatch(_line_key(lines[i])) for i in drop)):
            drop = set()  # the page would be left empty (a scanned page may lose its bare page number)
        kept.append([line for i, line in enumerate(lines) if i not in drop])
        removed.append(len(drop))
    return kept, removed


_PAGE_WORD_RE = re.compile(r"(page|p\.|pg\.?|seite|ページ|頁)\s*$", re.IGNORECASE)
_PAGE_TOTAL_RE = re.compile(r"\s*((/|of)\s*\d+|ページ|頁)", re.IGNORECASE)  # after a page number: "/ 8", "of 8"


def _numbers_are_page_numbers(line: str, key: str, by_page: dict) -> bool:
    """Whether the copies of a recurring line differ only in page numbers. by_page: {page number: its numbers}.

    A varying number counts as a page number when the line is a bare page number ("12", "Page 3 of 20", "3/20"),
    when a page word precedes it ("Seite 4") or a total follows it ("... 3 / 8 ページ"), or when it stands at the
    start or end of a line of real text ("ACME Pump Service Manual 12"), is not zero-padded and grows with the
    page number ("Step 3" on page 3 has too little text around it, "Invoice No. 2024-0017" is zero-padded).
    Everything else that varies is content."""
    rows = list(by_page.items())
    if len({len(nums) for _, nums in rows}) != 1:
        return False
    varying = [j for j in range(len(rows[0][1])) if len({nums[j] for _, nums in rows}) > 1]
    if not varying:
        return True
    if len(varying) > 2:
        return False
    if _PAGE_NUMBER_RE.fullmatch(key):
        return True
    spans = [m.span() for m in re.finditer(r"\d+", line)]
    letters = len(re.sub(r"[\W\d_]+", "", re.sub(r"\d+", "", line)))
    for j in varying:
        start, end = spans[j]
        if _PAGE_WORD_RE.search(line[:start]) or _PAGE_TOTAL_RE.match(line[end:]):
            continue
        at_edge = not re.search(r"\w", line[:start]) or not re.search(r"\w", line[end:])
        values = [(page, nums[j]) for page, nums in rows]
        padded = any(len(v) > 1 and v.startswith("0") for _, v in values)
        grows = all(int(v) - page == int(values[0][1]) - values[0][0] for page, v in values)
        if not (at_edge and letters >= 8 and not padded and grows):
            return False
    return True


_PAGE_NUMBER_RE = re.compile(r"(page|p\.)?\s*[-–—]?\s*#\s*[-–—]?\s*((of|/)\s*#)?\s*(ページ|頁)?")


_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# First halves of compounds that keep their hyphen when a line break falls on it ("well-\nknown").
_COMPOUND_FIRST = {
    "well", "self", "non", "ill", "ex", "all", "half", "high", "low", "built", "long", "short", "full", "cross",
    "user", "third", "one", "two", "three", "four", "five", "multi", "anti", "semi", "co", "pre", "post", "re",
    "quasi", "pseudo", "auto", "over", "under", "top", "end", "open", "read", "write", "plug", "stand", "follow",
    "set", "start", "check", "sign", "log", "step", "state", "real", "time", "hands", "left", "right", "on", "off",
}


# Second halves that make a compound with a word of _COMPOUND_FIRST even when the document never uses them alone.
_COMPOUND_TAILS = {"in", "up", "out", "off", "on", "down", "known", "user", "users", "based", "free", "time", "level",
                   "term", "test", "made", "built", "only", "safe", "proof", "type", "side", "point", "hand"}


def _vocabulary(pages_lines: list[list[str]]) -> Counter:
    # Words as the document uses them. The fragments around a line-end hyphen ("ex-" / "ample") are not counted:
    # they are what _join_hyphenated has to decide about.
    vocab: Counter = Counter()
    for lines in pages_lines:
        cut = False
        for line in lines:
            words = _WORD_RE.findall(line[:-1] if line.endswith("-") else line)
            if cut and words and line.lstrip().startswith(words[0]):
                words = words[1:]
            cut = bool(re.search(r"[A-Za-z]-$", line))
            if cut and words:
                words = words[:-1]
            vocab.update(w.lower() for w in words)
    return vocab


def _join_hyphenated(left: str, right: str, vocab: Counter) -> str:
    """'main-' + 'tenance' -> 'maintenance'; 'well-' + 'known' -> 'well-known' (the document's own usage decides
    first, then a list of compound-forming words)."""
    head = re.search(r"([A-Za-z]+)-$", left).group(1).lower()
    tail = re.match(r"[A-Za-z]+", right).group(0).lower()
    joined, hyphened = head + tail, f"{head}-{tail}"
    if vocab[hyphened] and not vocab[joined]:
        keep = True
    elif vocab[joined]:
        keep = False
    else:  # a compound only when the tail is a word of its own: "ex-" + "ample" is "example", "set-tings" no word
        keep = head in _COMPOUND_FIRST and (tail in _COMPOUND_TAILS or (len(tail) >= 4 and vocab[tail] > 0))
    return left + right if keep else left[:-1] + right


_BLOCK_START_RE = re.compile(
    r"^(?:[-*]\s|[•·▪◦●■□◆◇►✓※・]\s?|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s|[①-⑳]|"
    r"(?:WARNING|CAUTION|DANGER|NOTE|IMPORTANT|TIP|Step \d+)\b|第[0-9０-９一二三四五六七八九十]+[章節条]"
    # a Japanese notice label in lenticular brackets: 【警告】, 【注意】, 【重要】 (not a reference a sentence wrapped
    # before: "…所定の寸法は" / "【表2】に示す値以上を…", review29 F7)
    r"|【(?:警告|注意|危険|重要|注|注記|備考|参考|禁止|お願い|ポイント|メモ|補足|例)】)"
)
_SENTENCE_END = tuple(".!?:;。！？．」』）)\"”'")


def _join_paragraphs(lines: list[str], vocab: Counter) -> str:
    """Join lines wrapped by the PDF layout into paragraphs; keep blank lines, list items, headings and table rows.

    A line continues the previous one unless: a blank line separates them; it starts a list item, warning or
    heading; it is indented further (first-line indent); the previous line ended early (short + sentence end,
    or very short) or is a table row (columns split by 3+ spaces); both lines are "Label: value" rows.
    """
    widths = sorted(_display_width(line) for line in lines if line.strip())
    if not widths:
        return ""
    full = widths[int(0.9 * (len(widths) - 1))]  # typical width of a full line on this page
    base_indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    out: list[str] = []
    current: str | None = None
    prev_line = ""
    prev_indent = 0
    hanging = None  # the column of a notice row's text ("WARNING   Risk of electric shock. ..."), or None
    for line in lines:
        if not line.strip():
            if current is not None:
                out.append(current)
                current = None
            if out and out[-1] != "":
                out.append("")
            hanging = None
            continue
        indent = len(line) - len(line.lstrip()) - base_indent
        text = _collapse_spaces(line.strip())
        # a line that starts under the text of a notice row (a WARNING or 警告 box laid out as label and text)
        # and has no cells of its own goes on with that text: "Capacitors" / "on the power board can hold 380 V"
        # read as a row and a paragraph lost the sentence (review33 F5). Only wrapped text: in lower case, or
        # after a line that ended no sentence; not a list item or a step, （1） included. Under other labels
        # the lines are the next items of a two-column table, in lower case or Japanese without 。 too
        # ("Colour  Available in red ..." / "silver only for the Pro model": review37 F4, review39 N3, N4).
        under_the_text = (hanging is not None and abs(len(line) - len(line.lstrip()) - hanging) <= 1
                          and not _is_table_row(line) and not _BLOCK_START_RE.match(text)
                          and not re.match(r"[（(][0-9０-９]{1,2}[）)]|[0-9０-９]{1,2}[．.、]", text)
                          and (text[0].islower() or not prev_line.endswith(_SENTENCE_END)))
        hanging = _hanging_text_column(line) if not under_the_text else hanging
        if current is not None and under_the_text:
            current = _join_lines(current, text, vocab)
            prev_line, prev_indent = line.strip(), indent
            continue
        joinable = (
            current is not None
            and not _BLOCK_START_RE.match(text)
            and not (indent >= prev_indent + 2 and not _BLOCK_START_RE.match(prev_line))
            and (not _ends_paragraph(prev_line, full) or _hyphen_wrapped(prev_line, text))
            and not _is_table_row(prev_line) and not _is_table_row(line)
            # one entry of a contents list a line: "3.1.2 Procedure 2 … 15" + "3.2 Installation … 15" read as
            # "15 3.2 Installation" (review33 F3), 「ご注意 … 3」+「2 各部のなまえ」 as "32" (F6)
            and not LEADER_ENTRY.search(prev_line) and not LEADER_ENTRY.search(line.rstrip())
            and not (_LABEL_ROW.match(prev_line) and _LABEL_ROW.match(text))  # "Albania: full day EUR 44, ..." rows
            # a heading in capitals ("SECTION 9: PHYSICAL AND CHEMICAL PROPERTIES") between sentences
            and not (_is_caps_heading(prev_line) and re.match(r"[A-Z][a-z]|[AI]\s|[0-9\"'“‘(]", text))
            and not (_is_caps_heading(text) and prev_line.rstrip().endswith(_SENTENCE_END))
        )
        if joinable:
            current = _join_lines(current, text, vocab)
        else:
            if current is not None:
                out.append(current)
            current = text
        prev_line, prev_indent = line.strip(), indent
    if current is not None:
        out.append(current)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out).strip()


# A row of a key-value list: a short label that starts with a capital (or CJK) and holds no digit, a colon, a
# value ("Albania: full day EUR 44", "Rated power: 1500 W"; not a time "10:00", nor prose wrapped as
# "...students: one teacher" / "classes: the ratio ...").
_LABEL_ROW = re.compile(r"^[A-Z\u3040-\u30ff\u4e00-\u9fff][^:：\d]{0,40}[:：]\s*\S")


def _is_caps_heading(line: str) -> bool:
    """A heading set in capitals ("SECTION 9: PHYSICAL AND CHEMICAL PROPERTIES"): two or more words of capital
    letters, mostly letters (not a wrapped list of codes, "HX-40, HX-40S AND HX-60", "EN 60335-1:2012, ..."),
    no CJK ("LAN・WAN・VPN に接続"), not stopping on a comma or a joining word."""
    chars = [c for c in line if not c.isspace()]
    letters = [c for c in chars if c.isalpha()]
    return (len(letters) >= 6 and len(line.split()) >= 2 and all(c.isascii() and c.isupper() for c in letters)
            and len(letters) >= 0.75 * len(chars) and not re.search(r"(?:[,;&/–-]|\b(?:AND|OR|OF|THE))\s*$", line))


def _hyphen_wrapped(prev: str, text: str) -> bool:
    return bool(re.search(r"[A-Za-z]-$", prev) and re.match(r"[a-z]", text))


def _ends_paragraph(prev: str, full: float) -> bool:
    width = _display_width(prev)
    if width < 0.5 * full:
        return True
    return width < 0.8 * full and prev.rstrip().endswith(_SENTENCE_END)


_NOTICE_LABEL = re.compile(rf"^(?:{SAFETY_LABELS}|NOTICE|NOTE|IMPORTANT|重要)[!:：！]?$", re.IGNORECASE)


def _hanging_text_column(line: str) -> int | None:
    """The column where the text of a notice row starts: two cells, a notice label ("WARNING", 警告) and text
    that fills the line ("Risk of electric shock. Disconnect ..."); None for other lines."""
    cells = list(_CELL.finditer(line))
    if len(cells) != 2 or not _NOTICE_LABEL.match(cells[0].group()) or _display_width(cells[1].group()) < 40:
        return None
    return cells[1].start()


def _is_table_row(line: str) -> bool:
    return len(_chunks(line)) >= 2


def _join_lines(left: str, right: str, vocab: Counter) -> str:
    if _hyphen_wrapped(left, right) and not left.endswith("--"):
        return _join_hyphenated(left, right, vocab)
    if re.search(r"(?:^|\s)[A-Z0-9][A-Z0-9-]*-$", left) and re.match(r"[A-Z0-9]", right):
        return left + right  # a part number or code broken at its hyphen: "HX-" + "90 with" -> "HX-90 with"
    if _is_cjk(left[-1]) or _is_cjk(right[0]):
        return left + right  # Japanese has no spaces between wrapped lines
    if right[0] in ",.:;)!?%":
        return left + right  # wrapped before punctuation: "from 13" + ":00 to 17:00"
    if sum(map(_is_cjk, left)) > 0.3 * len(left):
        # A Japanese paragraph wraps at any character, inside a Latin word too ("「KintaiPr" + "o」に"): joined
        # without a space unless the page writes both pieces as words and never the two together.
        head = re.search(r"[A-Za-z0-9]+$", left)
        tail = re.match(r"[A-Za-z0-9]+", right)
        if head and tail:
            a, b = head.group(0).lower(), tail.group(0).lower()
            if not (vocab[a] and vocab[b] and not vocab[a + b]):
                return left + right
    return f"{left} {right}"


def _collapse_spaces(line: str) -> str:
    """Runs of 3+ spaces (table columns) become two spaces, smaller runs one."""
    line = re.sub(r" {3,}", "\u0000", line)
    line = re.sub(r" {2}", " ", line)
    return line.replace("\u0000", "  ")


# ---- characters and scripts ----------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF or 0xAC00 <= o <= 0xD7AF)


def _display_width(s: str) -> float:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _has_content(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return "kana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
        return "han"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF:
        return "hangul"
    if 0x0400 <= o <= 0x04FF:
        return "cyrillic"
    if 0x0370 <= o <= 0x03FF:
        return "greek"
    if 0x0600 <= o <= 0x06FF:
        return "arabic"
    if 0x0590 <= o <= 0x05FF:
        return "hebrew"
    if 0x0E00 <= o <= 0x0E7F:
        return "thai"
    if ch.isalpha() and o < 0x250:
        return "latin"
    return "other"


_STOPWORDS = {
    "en": "the and of to in is that for it with as on are be this by or not you your from",
    "de": "der die und das ist nicht mit den von zu ein eine sie auf für dem des sich",
    "fr": "le la les et des est une du pas que pour dans qui sur au avec sont",
    "es": "el la los las y de que en es un una por con para del se no",
    "it": "il la di che e un una per non sono con del della gli le si",
    "pt": "o a os as de que e um uma para com não do da em se por",
    "nl": "de het een en van is dat niet op te met voor zijn er",
}
_STOPWORD_SETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}


def _latin_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", text[:50_000].lower())
    if not words:
        return "en"
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in _STOPWORD_SETS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] > 1.2 * scores["en"] else "en"


def _pages(numbers: list[int], one: str = "has", many: str = "have") -> str:
    """[4] -> 'page 4 has', [4, 9] -> 'pages 4, 9 have'."""
    return f"page {numbers[0]} {one}" if len(numbers) == 1 else f"pages {_ranges(numbers)} {many}"


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    out: list[str] = []
    for n in sorted(numbers):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in out)
