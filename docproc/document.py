"""Plain data passed between the steps: ingest -> Document -> summarize -> Result -> render."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Page:
    number: int  # 1-based page number in the source file (kept when --pages selects a subset)
    text: str  # cleaned text of the page; "" when the page has no extractable text


@dataclass
class Document:
    source: str  # path as given by the user, or "-" for stdin
    pages: list[Page]
    title: str | None = None
    language: str | None = None  # "en", "ja", ... detected from the text
    # format ("pdf"|"text"|"markdown"), encoding, page_count (pages in the file),
    # empty_pages (numbers of pages with no extractable text), sha256 of the input bytes, ...
    meta: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages if p.text)

    @property
    def page_numbers(self) -> list[int]:
        return [p.number for p in self.pages]


@dataclass
class KeyPoint:
    text: str
    pages: list[int]  # pages the point comes from; every number is a page of the document


@dataclass
class RunStats:
    model: str  # registered name, Hugging Face id, or absolute path
    attention: str  # "dense" | "sparse" | "auto->dense" ...; what actually ran
    sparse_settings: dict = field(default_factory=dict)
    device: str = "cpu"
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0  # end to end, model load excluded
    prefill_seconds: float = 0.0
    density: float | None = None  # fraction of causal blocks computed, when sparse ran
    chunks: int = 1  # 1 = single pass, >1 = map-reduce
    model_revision: str | None = None  # 12 hex digits that change with the weights (models.load_model)
    # docproc's own quotes of the document where the model's text was unusable: the summary, the key points
    summary_quoted: bool = False
    key_points_quoted: int = 0


@dataclass
class Result:
    source: str
    title: str | None
    pages: list[int]  # page numbers that were summarized
    language: str
    summary: str | None  # None for `keypoints`
    key_points: list[KeyPoint]
    stats: RunStats
    warnings: list[str] = field(default_factory=list)  # e.g. "pages 4, 9 have no text (scanned?)"

    def to_dict(self) -> dict:
        return asdict(self)
