"""Real and deliberately broken PDFs (and text bytes) for tests, generated on the fly.

Good PDFs are drawn with reportlab (a dev/test-only dependency), broken ones are crafted byte by byte. Every
function returns the file's bytes; `write(path, data)` puts them on disk. Used by test_ingest.py and the batch tests.

    text_pdf(pages, header=..., footer=...)    lines of text per page, optional running header/footer
    japanese_pdf(pages)                          the same with a built-in Japanese CID font (no font file needed)
    pdf_with_image_only_pages(pages, blank=[2])  pages listed in `blank` carry only an image (a "scanned" page)
    encrypted_pdf(pdf, password)                 AES-256 (or RC4) encrypted copy of a PDF
    zero_page_pdf(), truncated_pdf(pdf), corrupt_pdf(), fake_pdf_from_text(), fake_pdf_from_png()
    pdf_with_corrupt_page(3, corrupt=2)          one page's content stream is garbage, the others are fine
    flate_bomb_pdf(n_bytes)                      a content stream that inflates to n_bytes (default 1 GiB)
    binary_garbage(), undecodable_bytes()        bytes for bad .txt files
"""

from __future__ import annotations

import functools
import io
import zlib
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4 in points
MARGIN = 72.0


def write(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _canvas(buf: io.BytesIO, title: str | None):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(buf, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    c.setTitle(title or "")
    c.setAuthor("docproc tests")
    return c


def _register_font(font: str) -> str:
    """Built-in Type 1 fonts need nothing; Japanese CID fonts and the bundled Vera TTF are registered once."""
    from reportlab.pdfbase import pdfmetrics

    if font in pdfmetrics.getRegisteredFontNames():
        return font
    if font.startswith(("HeiseiMin", "HeiseiKakuGo")):
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(font))
    elif font == "Vera":  # a TrueType font with the fi/fl ligature glyphs, shipped inside reportlab
        import reportlab
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("Vera", str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))
    return font


def text_pdf(
    pages: list[list[str] | None],
    *,
    header: str | None = None,
    footer: str | None = "Page {n} of {total}",
    font: str = "Helvetica",
    font_size: float = 11,
    title: str | None = None,
    columns: list[float] | None = None,
    title_lines: int = 0,
    title_size: float = 18,
) -> bytes:
    """A PDF with one page per entry; each entry is a list of lines drawn top-down ("" leaves a blank line).

    `header`/`footer` are drawn on every page with {n} (page number) and {total} filled in. An entry of None makes
    a page that carries only an image (no text at all), like a scanned page. A line containing "\\t" is a table
    row: its cells are drawn at the x positions in `columns` (points from the left margin). The first
    `title_lines` lines of page 1 are drawn centred in `title_size` points (a title in large type).
    """
    _register_font(font)
    buf = io.BytesIO()
    c = _canvas(buf, title)
    total = len(pages)
    leading = font_size * 1.45
    for n, lines in enumerate(pages, start=1):
        if header:
            c.setFont(font, 9)
            c.drawString(MARGIN, PAGE_HEIGHT - 40, header.format(n=n, total=total))
        if footer:
            c.setFont(font, 9)
            c.drawCentredString(PAGE_WIDTH / 2, 30, footer.format(n=n, total=total))
        if lines is None:
            _draw_scan(c)
        else:
            y = PAGE_HEIGHT - MARGIN - 20
            for i, line in enumerate(lines):
                big = n == 1 and i < title_lines
                c.setFont(font, title_size if big else font_size)
                if big:
                    y -= title_size * 1.2 - leading
                if "\t" in line:
                    xs = columns or [0, 200, 330]
                    for x, cell in zip(xs, line.split("\t")):
                        c.drawString(MARGIN + x, y, cell)
                elif big and line:
                    c.drawCentredString(PAGE_WIDTH / 2, y, line)
                elif line:
                    c.drawString(MARGIN, y, line)
                y -= leading
        c.showPage()
    c.save()
    return buf.getvalue()


def japanese_pdf(pages: list[list[str]], *, header: str | None = None, footer: str | None = "- {n} -",
                 font: str = "HeiseiMin-W3", title: str | None = None) -> bytes:
    """Japanese text with reportlab's built-in CID fonts (not embedded; pypdf extracts the text exactly)."""
    return text_pdf(pages, header=header, footer=footer, font=font, font_size=10.5, title=title)


def _draw_scan(c) -> None:
    """An image of 'printed' stripes and a shape: what a scanned page looks like to a text extractor (no text)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (300, 420), 255)
    draw = ImageDraw.Draw(img)
    for row in range(30, 400, 14):
        draw.rectangle([20, row, 280 - (row * 7) % 60, row + 6], fill=40)
    c.drawImage(ImageReader(img), MARGIN, 200, width=300, height=420)
    c.rect(MARGIN, 150, 200, 30, fill=1)


def pdf_with_image_only_pages(n_pages: int, blank: list[int], *, footer: str | None = None) -> bytes:
    """`n_pages` pages of distinct text, except those in `blank` (1-based), which carry only an image."""
    pages: list[list[str] | None] = []
    for n in range(1, n_pages + 1):
        pages.append(None if n in blank else [f"This is page {n}. The pump on page {n} runs at {n * 100} rpm."])
    return text_pdf(pages, footer=footer)


def encrypted_pdf(pdf: bytes, password: str, *, algorithm: str = "AES-256", owner_password: str | None = None) -> bytes:
    """An encrypted copy of `pdf`; an empty `password` gives a PDF anyone can open (restrictions only)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(password, owner_password or "owner-" + password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    import pypdf

    out = io.BytesIO()
    pypdf.PdfWriter().write(out)
    return out.getvalue()


def truncated_pdf(pdf: bytes, keep: float = 0.4) -> bytes:
    """The first `keep` fraction of a PDF, as left by an interrupted download."""
    return pdf[: max(16, int(len(pdf) * keep))]


def incremental_update(pdf: bytes, lines: list[str]) -> bytes:
    """`pdf` with one page of `lines` appended as an incremental update (as annotating or signing tools save)."""
    import pypdf

    writer = pypdf.PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_page(pypdf.PdfReader(io.BytesIO(text_pdf([lines]))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf() -> bytes:
    """A %PDF header followed by garbage: no objects, no xref, no trailer."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes((i * 37 + 11) % 256 for i in range(3000)) + b"\n%%EOF\n"


def fake_pdf_from_text() -> bytes:
    """Plain text that someone renamed to .pdf."""
    return b"Quarterly notes\n\nThis file was saved as text and renamed to .pdf by mistake.\n"


def fake_pdf_from_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def flate_bomb_pdf(decompressed_bytes: int = 1 << 30) -> bytes:
    """A one-page PDF whose content stream inflates to `decompressed_bytes` (1 GiB by default, ~1 MB on disk).

    The stream is valid: a text object followed by spaces, so a reader without limits would happily inflate it all.
    """
    # Built from one compressed 16 MiB block of spaces repeated: after a full flush a deflate block does not depend
    # on what came before, so the copies concatenate into one valid zlib stream (in well under a second).
    prefix = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n"
    chunk = b" " * (16 << 20)
    n_chunks = max(1, (decompressed_bytes - len(prefix)) // len(chunk))
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.flush(zlib.Z_FINISH)
    checksum = zlib.adler32(prefix)
    for _ in range(n_chunks):
        checksum = zlib.adler32(chunk, checksum)
    stream = b"\x78\xda" + head + block * n_chunks + tail + checksum.to_bytes(4, "big")
    return _assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


_DISTINCT = [
    "Drain the tank before the first frost of the winter.",
    "The pump number 1 is serviced every spring by the technician.",
    "Check the valve seals when the pressure drops below two bar.",
    "Replace the pump number 3 if the bearings are noisy.",
    "Clean the intake grille with a soft brush and warm water.",
]


def pdf_with_corrupt_page(n_pages: int = 3, corrupt: int = 2) -> bytes:
    """`n_pages` text pages built by hand; page `corrupt` has a FlateDecode content stream of garbage bytes."""
    n_objects = 3 + 2 * n_pages  # catalog, pages, font, then (page, content) per page
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n_pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for n in range(1, n_pages + 1):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (len(objects) + 2))
        if n == corrupt:
            body = bytes((i * 89 + 13) % 256 for i in range(400))
            objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream")
        else:
            sentence = _DISTINCT[n % len(_DISTINCT)].encode()
            text = b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % sentence
            objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    assert len(objects) == n_objects
    return _assemble_pdf(objects)


def _assemble_pdf(objects: list[bytes]) -> bytes:
    """Objects 1..n with a correct xref table and trailer (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---- text bytes -----------------------------------------------------------------------------------------


def binary_garbage(n: int = 4096) -> bytes:
    """Bytes with NULs and control characters, like an executable or a database file saved as .txt."""
    return bytes((i * 131 + 7) % 256 for i in range(n))


def undecodable_bytes(n: int = 4096) -> bytes:
    """High bytes without NULs that form no valid UTF-8, Shift_JIS, EUC-JP or plausible Windows-1252 text."""
    pattern = bytes([0x81, 0xFF, 0xC3, 0x28, 0xA0, 0xFE, 0x8D, 0xE9, 0x90, 0xFD])
    return (pattern * (n // len(pattern) + 1))[:n]
