"""Cut a Document into token-budgeted, page-aligned chunks; one chunk = single pass, more = map-reduce.

A chunk holds whole pages, in order, as many as fit in the budget. A page that alone exceeds the budget is
split on paragraph boundaries, then sentence boundaries, then (a last resort for a run-on "sentence") token
boundaries; every part keeps its page number. Nothing is ever dropped: joining the parts of a page gives back
its text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PAGE_SEPARATOR = "\n\n"  # between two segments of one chunk

# Paragraph break: a blank line. Sentence end: . ! ? followed by space, or a CJK full stop (no space after it).
_PARAGRAPH_END = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|(?<=[。！？．])[」』）)]*\s*|\n")


@dataclass
class Segment:
    page: int  # 1-based page number in the source
    text: str  # a whole page, or one part of a page that was too long for the budget
    n_tokens: int
    part: int = 0  # 0 = whole page; 1, 2, ... = parts of a split page


@dataclass
class Chunk:
    pages: list[int]  # page numbers covered, ascending, each once
    text: str  # segment texts joined by PAGE_SEPARATOR: what the model reads
    n_tokens: int  # exact token count of `text`
    segments: list[Segment] = field(default_factory=list)

    @property
    def page_label(self) -> str:
        """"p. 3" or "pp. 3-7" — how notes and warnings name the chunk."""
        return page_label(self.pages)


def page_label(pages: list[int]) -> str:
    if not pages:
        return "no pages"
    if len(pages) == 1:
        return f"p. {pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"pp. {pages[0]}-{pages[-1]}"
    return "pp. " + ", ".join(str(p) for p in pages)


def count_tokens(tokenizer, text: str) -> int:
    """Tokens the model would see for `text` inside a prompt (no BOS/EOS)."""
    if not text:
        return 0
    return len(tokenizer(text, add_special_tokens=False)["input_ids"])


def context_budget(context_length: int, prompt_overhead: int, max_new_tokens: int, margin: int = 16) -> int:
    """Tokens of document text one generation can take: context - prompt around it - generation - margin."""
    return context_length - prompt_overhead - max_new_tokens - margin


# ---- splitting one page ------------------------------------------------------------------------------


def _split_keep(text: str, pattern: re.Pattern) -> list[str]:
    """Split after each match of `pattern`, keeping the separator on the left piece ("".join == text)."""
    pieces, start = [], 0
    for match in pattern.finditer(text):
        if match.end() > start:
            pieces.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return [p for p in pieces if p]


def _split_by_tokens(tokenizer, text: str, budget: int) -> list[str]:
    """Last resort for a run-on piece: cut at token boundaries (character offsets), losslessly."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    offsets = enc.get("offset_mapping") if hasattr(enc, "get") else None
    if not offsets:  # slow tokenizer: cut by characters in proportion
        n_tok = max(1, len(enc["input_ids"]))
        step = max(1, int(len(text) * budget / n_tok * 0.9))
        return [text[i : i + step] for i in range(0, len(text), step)]
    pieces, start = [], 0
    for i in range(budget, len(offsets), budget):
        cut = offsets[i][0]
        if cut > start:
            pieces.append(text[start:cut])
            start = cut
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _atomic_units(tokenizer, text: str, budget: int, level: int = 0) -> list[str]:
    """`text` cut into units of at most `budget` tokens: paragraphs, else sentences/lines, else token runs."""
    if count_tokens(tokenizer, text) <= budget:
        return [text]
    patterns = [_PARAGRAPH_END, _SENTENCE_END]
    for depth in range(level, len(patterns)):
        units = _split_keep(text, patterns[depth])
        if len(units) > 1:
            out: list[str] = []
            for unit in units:
                out.extend(_atomic_units(tokenizer, unit, budget, depth + 1))
            return out
    return _split_by_tokens(tokenizer, text, budget)


def split_text(tokenizer, text: str, budget: int) -> list[str]:
    """Pieces of `text`, each at most `budget` tokens, as few as fit and of even size, cut at paragraph or
    sentence ends.

    "".join(result) == text. A run-on piece with no boundary at all is cut at token boundaries.
    """
    if count_tokens(tokenizer, text) <= budget:
        return [text]
    units = _atomic_units(tokenizer, text, budget)
    # Sizes are counted per unit (linear time on long pages): their sum runs ~10 % above the joined text's.
    sizes = [count_tokens(tokenizer, unit) for unit in units]
    groups = _evened(lambda target: _fill(sizes, target), sum(sizes), budget)
    pieces: list[str] = []
    queue = [units[a:b] for a, b in groups]
    while queue:  # each piece counted exactly: in the rare case that joining went past the budget, halve it
        group = queue.pop(0)
        joined = "".join(group)
        if len(group) > 1 and count_tokens(tokenizer, joined) > budget:
            queue[:0] = [group[: len(group) // 2], group[len(group) // 2 :]]
            continue
        pieces.append(joined)
    return pieces


def _evened(fill, total: int, budget: int, floor: int = 1) -> list:
    """fill(target) -> groups, greedy up to `target` tokens each, evened out: the groups of the smallest target
    that needs no more groups than filling each up to the budget (binary search; `total`: the tokens of all)."""
    groups = fill(budget)
    if len(groups) < 2:
        return groups
    lo, hi = max(floor, total // len(groups)), budget
    while lo < hi:
        mid = (lo + hi) // 2
        trial = fill(mid)
        if len(trial) <= len(groups):
            groups, hi = trial, mid
        else:
            lo = mid + 1
    return groups


def _fill(sizes: list[int], target: int) -> list[tuple[int, int]]:
    """Consecutive units [a, b) grouped greedily up to `target` summed tokens (a unit larger than it alone)."""
    groups: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, n in enumerate(sizes):
        if i > start and total + n > target:
            groups.append((start, i))
            start, total = i, 0
        total += n
    groups.append((start, len(sizes)))
    return groups


# ---- planning chunks ---------------------------------------------------------------------------------


def page_segments(doc, tokenizer, budget_tokens: int) -> list[Segment]:
    """One segment per non-empty page, or several for a page larger than the budget."""
    segments: list[Segment] = []
    for page in doc.pages:
        text = page.text.strip()
        if not text:
            continue  # empty pages are reported by the caller (doc.meta["empty_pages"]), not summarized
        n = count_tokens(tokenizer, text)
        if n <= budget_tokens:
            segments.append(Segment(page.number, text, n))
            continue
        parts = split_text(tokenizer, text, budget_tokens)
        for i, part in enumerate(parts, start=1):
            segments.append(Segment(page.number, part, count_tokens(tokenizer, part), part=i))
    return segments


def _make_chunk(tokenizer, segments: list[Segment]) -> Chunk:
    text = PAGE_SEPARATOR.join(s.text.strip() for s in segments)
    pages = sorted({s.page for s in segments})
    return Chunk(pages=pages, text=text, n_tokens=count_tokens(tokenizer, text), segments=list(segments))


def plan_chunks(doc, tokenizer, budget_tokens: int) -> list[Chunk]:
    """Page-aligned chunks of at most `budget_tokens` tokens each, covering every non-empty page in order.

    A page starts a new chunk when it does not fit in the current one; a page larger than the budget is
    split into parts of even size (each keeps the page number). One chunk means the
    document fits in a single pass. With several chunks, their sizes are evened out (same count, no
    small leftover chunk at the end) so every part of the document gets a comparable share of the notes.
    """
    if budget_tokens < 32:
        raise ValueError(f"chunk budget of {budget_tokens} tokens is too small to hold any text")
    segments = page_segments(doc, tokenizer, budget_tokens)
    sep_tokens = count_tokens(tokenizer, PAGE_SEPARATOR)
    total = sum(s.n_tokens + sep_tokens for s in segments)
    groups = _evened(lambda target: _group_segments(segments, target, sep_tokens), total, budget_tokens, floor=32)
    chunks = [_make_chunk(tokenizer, g) for g in groups]
    return _enforce_budget(tokenizer, chunks, budget_tokens)


def _group_segments(segments: list[Segment], target: int, sep_tokens: int) -> list[list[Segment]]:
    """Greedy packing at `target` tokens per chunk; a single segment may exceed target (never the budget).

    Chunk boundaries fall between pages except inside a page that is too large on its own; the first part of
    such a page joins the pages before it when it fits (a title page must not be a model pass of its own).
    """
    groups: list[list[Segment]] = []
    current: list[Segment] = []
    current_tokens = 0
    for seg in segments:
        cost = seg.n_tokens + (sep_tokens if current else 0)
        if current and current_tokens + cost > target:
            groups.append(current)
            current, current_tokens, cost = [], 0, seg.n_tokens
        current.append(seg)
        current_tokens += cost
    if current:
        groups.append(current)
    return groups


def _enforce_budget(tokenizer, chunks: list[Chunk], budget_tokens: int) -> list[Chunk]:
    """Token counts of joined text can differ from the sum of parts; move trailing segments on until exact."""
    out: list[Chunk] = []
    queue = list(chunks)
    while queue:
        chunk = queue.pop(0)
        segs = chunk.segments
        while chunk.n_tokens > budget_tokens and len(segs) > 1:
            moved = segs[-1]
            segs = segs[:-1]
            chunk = _make_chunk(tokenizer, segs)
            if queue:
                queue[0] = _make_chunk(tokenizer, [moved] + queue[0].segments)
            else:
                queue.append(_make_chunk(tokenizer, [moved]))
        out.append(chunk)
    return out
