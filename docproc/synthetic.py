"""Long synthetic documents of a chosen token length, built from non-confidential text (the samples/ folder).

A trial of docproc should not need confidential documents to show how speed and memory grow with length:
`docproc bench report --synthetic 8k,16k,32k` concatenates pages of the sample manuals and minutes (shuffled,
deterministically) until the text has the asked number of tokens of the model's tokenizer, then cuts the last
page to the exact length. Pages keep their text, so a summary still has something sensible to say and key points
still cite real page numbers. Short sources repeat: the documents measure speed, memory and dense-vs-sparse
agreement, not summary quality.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from docproc.document import Document, Page
from docproc.errors import DocprocError, UsageError
from docproc.inputs import is_skipped_name

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")


# The longest synthetic document: 16 times a 128K context, beyond what any trial of a summarizer needs (a typo
# such as "8m" for "8k" would otherwise start a run that cannot finish)
MAX_TOKENS = 2 * 1024 * 1024


def parse_lengths(spec: str) -> list[int]:
    """"8k,16k,32k" -> [8192, 16384, 32768]; plain numbers are tokens ("6000"). k = 1024, as in "8K context"."""
    lengths = []
    for part in spec.split(","):
        if not part.strip():
            continue
        match = _LENGTH.match(part)
        if not match:
            raise UsageError(f"--synthetic: cannot read the length {part.strip()!r}",
                             hint="give token counts like 8k,16k,32k or 6000")
        value, unit = float(match.group(1)), match.group(2).lower()
        tokens = int(round(value * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]))
        if tokens < 64:
            raise UsageError(f"--synthetic: {part.strip()} is too short", hint="use at least 64 tokens, e.g. 4k")
        if tokens > MAX_TOKENS:
            raise UsageError(f"--synthetic: {part.strip()} is more than {label(MAX_TOKENS)} tokens",
                             hint="give token counts like 8k,16k,32k (k = 1,024; m = 1,048,576)")
        lengths.append(tokens)
    if not lengths:
        raise UsageError("--synthetic: no length given", hint="e.g. --synthetic 8k,16k,32k")
    return lengths


def label(tokens: int) -> str:
    """8192 -> "8k", 6000 -> "6000"."""
    return f"{tokens // 1024}k" if tokens % 1024 == 0 else str(tokens)


def _count(tokenizer, text: str) -> int:
    return len(tokenizer(text, add_special_tokens=False)["input_ids"])


def build_document(tokens: int, sources: list[Document], tokenizer, *, seed: int = 0,
                   name: str | None = None) -> Document:
    """A Document whose text has `tokens` tokens (within a few, where re-tokenizing a cut changes a merge).

    Pages of `sources` are taken in a shuffled order (seeded by `seed` and the length, so the same command
    builds the same document), cycling when the sources are shorter than asked.
    """
    pool, seen = [], set()
    for doc in sources:
        for page in doc.pages:
            key = " ".join(page.text.split())
            if key and key not in seen:  # the same page from a PDF and its text export counts once
                seen.add(key)
                pool.append(page.text.strip())
    if not pool:
        raise UsageError("--synthetic: the source documents have no text",
                         hint="pass documents with text, or run from a checkout that has samples/")
    rng = random.Random(seed * 1_000_003 + tokens)
    order: list[str] = []
    pages: list[Page] = []
    # Page texts are joined with a blank line (Document.text); count those separators too.
    sep = _count(tokenizer, "\n\n")
    total = 0
    while total < tokens:
        if not order:
            order = pool[:]
            rng.shuffle(order)
        text = order.pop()
        n = _count(tokenizer, text)
        room = tokens - total - (sep if pages else 0)
        if room <= 0:
            break
        if n > room:  # cut the last page to the exact remaining number of tokens
            ids = tokenizer(text, add_special_tokens=False)["input_ids"][:room]
            text = tokenizer.decode(ids, skip_special_tokens=True).strip()
            n = _count(tokenizer, text)
            if not text:
                break
        total += n + (sep if pages else 0)
        pages.append(Page(number=len(pages) + 1, text=text))
    # Separators merge with neighbouring text in BPE, so the joined count can be a little over: trim the end.
    for _ in range(3):
        excess = _count(tokenizer, "\n\n".join(p.text for p in pages)) - tokens
        if excess <= 0 or not pages:
            break
        ids = tokenizer(pages[-1].text, add_special_tokens=False)["input_ids"]
        keep = len(ids) - excess
        if keep <= 0:
            pages.pop()
            continue
        pages[-1].text = tokenizer.decode(ids[:keep], skip_special_tokens=True).strip()
    languages = {doc.language for doc in sources if doc.language}
    return Document(
        source=name or f"synthetic-{label(tokens)}",
        pages=pages,
        title=f"Synthetic document of {label(tokens)} tokens",
        language=languages.pop() if len(languages) == 1 else None,
        meta={"format": "synthetic", "page_count": len(pages), "empty_pages": [], "target_tokens": tokens,
              "tokens": _count(tokenizer, "\n\n".join(p.text for p in pages)),
              "sources": sorted({doc.source for doc in sources})},
    )


def sample_sources(language: str = "en", folder: Path | None = None) -> list[Document]:
    """The sample documents of one language ("en", "ja", or "all"), read with docproc.ingest."""
    from docproc.ingest import load_document

    folder = Path(folder) if folder else SAMPLES_DIR
    files = _source_files(folder) if folder.is_dir() else []
    docs = []
    for path in files:
        try:
            docs.append(load_document(str(path)))
        except DocprocError as exc:
            raise UsageError(f"--synthetic: cannot use a source document: {exc.one_line()}",
                             hint="remove it from the sources folder, or pass another --synthetic-from") from None
    if language != "all":
        docs = [d for d in docs if (d.language or "en") == language]
    if not docs:
        raise UsageError(f"--synthetic: no {language!r} sample documents in {folder}",
                         hint="run from a docproc checkout (samples/), or pass --synthetic-from with your own "
                              "non-confidential documents")
    return docs


def _source_files(folder: Path) -> list[Path]:
    """The PDF, .txt and .md files under folder, except READMEs, what the input walker skips (hidden, backup and
    temporary files and folders: docproc.inputs.is_skipped_name), and docproc report folders (report.json beside
    runs.csv: their summaries would feed later synthetic documents)."""
    reports = {p.parent for p in folder.glob("**/report.json") if (p.parent / "runs.csv").is_file()}
    files = []
    for path in sorted(folder.glob("**/*")):
        rel = path.relative_to(folder)
        if any(is_skipped_name(part) for part in rel.parts) or any(r in path.parents for r in reports):
            continue
        if path.suffix.lower() in (".pdf", ".txt", ".md") and path.is_file() \
                and not path.name.lower().startswith("readme"):
            files.append(path)
    return files


def to_text(doc: Document) -> str:
    """The synthetic document as a text file with form feeds between pages (docproc reads it back as pages)."""
    return "\f".join(page.text for page in doc.pages) + "\n"
