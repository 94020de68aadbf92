"""Result -> Markdown (YAML front matter + sections) or JSON; Document -> per-page text for `docproc extract`.

The front matter is written by hand (no YAML dependency) in a deliberately small subset of YAML: every string
is a double-quoted scalar with JSON-style escapes (valid YAML), numbers and booleans are plain, lists of numbers
use flow style, nested settings are block mappings. Any YAML parser reads it back to the same values.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

import docproc
from docproc.document import Document, KeyPoint, Result, RunStats

# json.dumps leaves these raw: everything outside YAML 1.2's c-printable set (DEL, C1, surrogates, U+FFFE/FFFF),
# plus the printable characters YAML reads as line breaks (NEL, U+2028/2029) or as a byte order mark.
_YAML_UNSAFE = re.compile(
    "[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u0085\u2028\u2029\ufeff]"
)


def yaml_string(text: str) -> str:
    quoted = json.dumps(str(text), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "null"  # NaN/inf are not worth a YAML special form here
        return repr(round(value, 4))
    return yaml_string(value)


def yaml_lines(data: dict, indent: int = 0) -> list[str]:
    """A dict as block-style YAML lines (nested dicts indented, lists of scalars in flow style)."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        key_text = key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(key)) else yaml_string(key)
        if isinstance(value, dict):
            if value:
                lines.append(f"{pad}{key_text}:")
                lines.extend(yaml_lines(value, indent + 2))
            else:
                lines.append(f"{pad}{key_text}: {{}}")
        elif isinstance(value, (list, tuple)):
            if any(isinstance(v, (dict, list, tuple)) for v in value):
                raise TypeError(f"front matter field {key!r}: only lists of scalars are supported")
            lines.append(f"{pad}{key_text}: [" + ", ".join(yaml_scalar(v) for v in value) + "]")
        else:
            lines.append(f"{pad}{key_text}: {yaml_scalar(value)}")
    return lines


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> "1-3,5,7-8" (the --pages syntax)."""
    pages = sorted(set(pages))
    parts, i = [], 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        parts.append(str(pages[i]) if i == j else f"{pages[i]}-{pages[j]}")
        i = j + 1
    return ",".join(parts)


def citation(pages: list[int]) -> str:
    """"(p. 12)" or "(pp. 3, 5)"."""
    pages = sorted(set(pages))
    if not pages:
        return ""
    if len(pages) == 1:
        return f"(p. {pages[0]})"
    return "(pp. " + ", ".join(str(p) for p in pages) + ")"


def document_title(result_or_doc) -> str:
    title = (result_or_doc.title or "").strip()
    if title:
        return " ".join(title.split())
    source = result_or_doc.source
    return "stdin" if source in ("-", "") else Path(source).stem


def heading(title: str) -> str:
    """The `# ` line: control characters (NUL, ESC sequences from a PDF /Title) would corrupt the file or the
    terminal it is printed on; the front matter keeps them, escaped."""
    return "# " + " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in title).split())


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def stats_fields(stats: RunStats) -> dict:
    """How the result was made, in the order both the front matter and the JSON show it."""
    return {
        "model": stats.model,
        "model_revision": stats.model_revision,
        "attention": stats.attention,
        "sparse_settings": dict(stats.sparse_settings or {}),
        "density": stats.density,
        "device": stats.device,
        "input_tokens": stats.input_tokens,
        "output_tokens": stats.output_tokens,
        "chunks": stats.chunks,
        "seconds": stats.seconds,
        "prefill_seconds": stats.prefill_seconds,
    }


def front_matter(result: Result, extra: dict | None = None, generated_at: str | None = None) -> dict:
    stats = result.stats
    data = {
        "source": result.source,
        "title": document_title(result),
        "pages": page_ranges(result.pages),
        "page_count": len(result.pages),
        "language": result.language,
        "mode": "summary" if result.summary is not None else "keypoints",
        **stats_fields(stats),
        "seconds": round(stats.seconds, 2),
        "prefill_seconds": round(stats.prefill_seconds, 3),
        "generated_at": generated_at or _now(),
        "docproc_version": docproc.__version__,
    }
    if result.warnings:
        data["warnings"] = list(result.warnings)
    data.update(extra or {})
    return data


def format_key_point(point: KeyPoint) -> str:
    cite = citation(point.pages)
    return f"{point.text} {cite}" if cite else point.text


def render_markdown(result: Result, extra: dict | None = None, generated_at: str | None = None) -> str:
    """The output file: front matter, title, ## Summary, ## Key points (with page citations), ## Warnings.

    `extra` adds front matter fields (e.g. the input hash batch uses to skip up-to-date outputs).
    """
    lines = ["---", *yaml_lines(front_matter(result, extra, generated_at)), "---", ""]
    lines += [heading(document_title(result)), ""]
    if result.summary is not None:
        lines += ["## Summary", "", result.summary.strip() or "_(no summary produced)_", ""]
    lines += ["## Key points", ""]
    if result.key_points:
        lines += [f"- {format_key_point(p)}" for p in result.key_points]
    else:
        lines += ["_(no key points produced)_"]
    lines.append("")
    if result.warnings:
        lines += ["## Warnings", ""] + [f"- {w}" for w in result.warnings] + [""]
    return "\n".join(lines)


def result_dict(result: Result, generated_at: str | None = None) -> dict:
    """The result as plain data with a fixed set of keys, in a fixed order."""
    stats = result.stats
    return {
        "source": result.source,
        "title": document_title(result),
        "pages": list(result.pages),
        "language": result.language,
        "summary": result.summary,
        "key_points": [
            {"text": p.text, "pages": sorted(set(p.pages)), "citation": citation(p.pages)} for p in result.key_points
        ],
        "warnings": list(result.warnings),
        "stats": stats_fields(stats),
        "generated_at": generated_at or _now(),
        "docproc_version": docproc.__version__,
    }


def render_json(result: Result, generated_at: str | None = None) -> str:
    return json.dumps(result_dict(result, generated_at), ensure_ascii=False, indent=2) + "\n"


def render_extract(doc: Document, as_json: bool = False, generated_at: str | None = None) -> str:
    """The cleaned text of each page (`docproc extract`): Markdown with one `## Page N` per page, or JSON."""
    meta = doc.meta or {}
    empty = sorted(set(meta.get("empty_pages") or [p.number for p in doc.pages if not p.text.strip()]))
    corrupt = meta.get("unreadable_pages") or []
    if as_json:
        data = {
            "source": doc.source,
            "title": document_title(doc),
            "language": doc.language,
            "page_count": meta.get("page_count", len(doc.pages)),
            "empty_pages": empty,
            "meta": {k: v for k, v in meta.items() if isinstance(v, (str, int, float, bool, list, type(None)))},
            "pages": [{"number": p.number, "text": p.text} for p in doc.pages],
            "generated_at": generated_at or _now(),
            "docproc_version": docproc.__version__,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    fm = {
        "source": doc.source,
        "title": document_title(doc),
        "pages": page_ranges(doc.page_numbers),
        "page_count": meta.get("page_count", len(doc.pages)),
        "language": doc.language,
        "format": meta.get("format"),
        "encoding": meta.get("encoding"),
        "empty_pages": empty,
        **({"unreadable_pages": corrupt} if corrupt else {}),  # corrupt, not scanned: listed apart
        "generated_at": generated_at or _now(),
        "docproc_version": docproc.__version__,
    }
    lines = ["---", *yaml_lines(fm), "---", "", heading(document_title(doc)), ""]
    for page in doc.pages:
        lines += [f"## Page {page.number}", ""]
        if page.text.strip():
            lines += [page.text.strip(), ""]
        elif page.number in corrupt:  # not a scan: OCR would not help
            lines += ["_(this page is corrupt and could not be read)_", ""]
        else:
            lines += ["_(no extractable text on this page)_", ""]
    return "\n".join(lines)
