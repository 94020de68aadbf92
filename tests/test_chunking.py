"""Chunk planning: page-aligned, within budget, nothing dropped, oversized pages split at sentence ends."""

import re

import pytest

from docproc.chunking import (
    PAGE_SEPARATOR, context_budget, count_tokens, page_label, plan_chunks, split_text,
)
from docproc.document import Document, Page
from tests.tiny_models import make_tiny_tokenizer


@pytest.fixture(scope="module")
def tok():
    return make_tiny_tokenizer()


def sentence(i: int) -> str:
    return f"Sentence number {i} explains how the filter {i % 7} is cleaned and replaced every {i} months."


def page_text(first: int, n: int) -> str:
    # Three paragraphs of sentences, like a page of a manual.
    sentences = [sentence(i) for i in range(first, first + n)]
    third = max(1, n // 3)
    return "\n\n".join(" ".join(sentences[k:k + third]) for k in range(0, n, third))


def make_doc(sizes: list[int], empty: tuple[int, ...] = ()) -> Document:
    pages, first = [], 0
    for number, n in enumerate(sizes, start=1):
        pages.append(Page(number, "" if number in empty else page_text(first, n)))
        first += n
    return Document(source="doc.pdf", pages=pages)


def check_invariants(doc: Document, chunks, tok, budget: int) -> None:
    # Budget: the exact token count of every chunk's text.
    for chunk in chunks:
        assert chunk.n_tokens == count_tokens(tok, chunk.text)
        assert chunk.n_tokens <= budget
        assert chunk.pages == sorted(set(chunk.pages))
        assert chunk.text == PAGE_SEPARATOR.join(s.text.strip() for s in chunk.segments)
    # Order and page alignment: segments run through the pages in order; a page continues across a chunk
    # boundary only when it was split into parts.
    order = [(s.page, s.part) for c in chunks for s in c.segments]
    assert order == sorted(order)
    for a, b in zip(chunks, chunks[1:]):
        if a.segments[-1].page == b.segments[0].page:
            assert b.segments[0].part > 1
    # Nothing dropped: the parts of each page give back its text exactly.
    for page in doc.pages:
        parts = [s for c in chunks for s in c.segments if s.page == page.number]
        if not page.text.strip():
            assert parts == []
            continue
        assert "".join(s.text for s in parts).strip() == page.text.strip()


def test_short_document_is_one_chunk(tok):
    doc = make_doc([3, 4, 2])
    chunks = plan_chunks(doc, tok, 4000)
    assert len(chunks) == 1
    assert chunks[0].pages == [1, 2, 3]
    check_invariants(doc, chunks, tok, 4000)


@pytest.mark.parametrize("budget", [120, 300, 700])
def test_chunks_respect_budget_and_cover_every_page(tok, budget):
    doc = make_doc([5, 9, 2, 14, 3, 3, 6], empty=(3,))
    chunks = plan_chunks(doc, tok, budget)
    assert len(chunks) > 1
    check_invariants(doc, chunks, tok, budget)
    assert 3 not in {p for c in chunks for p in c.pages}  # the empty page is not summarized


def test_whole_pages_stay_together_when_they_fit(tok):
    doc = make_doc([4, 4, 4, 4, 4, 4])
    per_page = count_tokens(tok, doc.pages[0].text)
    chunks = plan_chunks(doc, tok, per_page * 2 + 40)
    check_invariants(doc, chunks, tok, per_page * 2 + 40)
    assert all(s.part == 0 for c in chunks for s in c.segments)  # no page was cut
    assert [len(c.pages) for c in chunks] == [2, 2, 2]


def test_oversized_page_is_split_at_sentence_ends_and_keeps_its_number(tok):
    doc = make_doc([2, 40, 2])
    budget = 150
    chunks = plan_chunks(doc, tok, budget)
    check_invariants(doc, chunks, tok, budget)
    parts = [s for c in chunks for s in c.segments if s.page == 2]
    assert len(parts) >= 3
    assert [s.part for s in parts] == list(range(1, len(parts) + 1))
    for s in parts[:-1]:  # every cut falls after a sentence or a paragraph
        assert re.search(r"[.!?]\s*$", s.text), s.text[-40:]
    sizes = [s.n_tokens for s in parts]
    assert min(sizes) > 0.6 * max(sizes), sizes  # even parts, no sliver at the end


def test_a_page_of_two_budgets_is_two_parts_and_a_title_page_joins_the_first(tok):
    """A title page before a page too large for one pass goes with the first part of it (a pass of its own
    would make the model write notes on a title), and a page that fits in two passes is cut in two, not in
    two and a sliver (summed per-sentence counts run ~10 % above the joined text's)."""
    big = Page(2, page_text(0, 60))
    n = count_tokens(tok, big.text)
    doc = Document(source="report.txt", pages=[Page(1, "2026 Harrow Bridge Inspection"), big])
    budget = int(n / 1.9)
    for whole_paragraphs in (True, False):
        if not whole_paragraphs:  # sentences as the units: one paragraph
            big.text = " ".join(big.text.split())
            budget = int(count_tokens(tok, big.text) / 1.9)
        chunks = plan_chunks(doc, tok, budget)
        check_invariants(doc, chunks, tok, budget)
        assert [[(s.page, s.part) for s in c.segments] for c in chunks][0][0] == (1, 0)
        assert len(chunks) == (3 if whole_paragraphs else 2)  # three paragraphs of ~0.65 budget each: 3
        assert chunks[0].pages == [1, 2]


def test_chunks_are_balanced(tok):
    doc = make_doc([6] * 10)
    total = count_tokens(tok, doc.text)
    budget = int(total / 2.2)  # needs 3 chunks; greedy filling would leave a small last one
    chunks = plan_chunks(doc, tok, budget)
    check_invariants(doc, chunks, tok, budget)
    sizes = [c.n_tokens for c in chunks]
    assert len(sizes) == 3
    assert min(sizes) > 0.6 * max(sizes), sizes


def test_japanese_page_without_spaces_splits_at_full_stops(tok):
    text = "".join(f"第{i}項では、本製品のフィルターを{i}か月ごとに交換することを説明します。" for i in range(60))
    doc = Document("ja.txt", [Page(1, text)], language="ja")
    chunks = plan_chunks(doc, tok, 200)
    check_invariants(doc, chunks, tok, 200)
    assert len(chunks) > 1
    for c in chunks[:-1]:
        assert c.text.endswith("。")


def test_run_on_text_is_cut_at_token_boundaries_without_loss(tok):
    text = "x" * 3000 + "yz" * 500  # no paragraph, sentence or line break anywhere
    pieces = split_text(tok, text, 100)
    assert "".join(pieces) == text
    assert all(count_tokens(tok, p) <= 100 for p in pieces)
    doc = Document("junk.txt", [Page(1, text)])
    check_invariants(doc, plan_chunks(doc, tok, 100), tok, 100)


def test_budget_helpers(tok):
    assert context_budget(8192, 100, 200, margin=16) == 8192 - 316
    with pytest.raises(ValueError):
        plan_chunks(make_doc([2]), tok, 10)
    assert page_label([3]) == "p. 3"
    assert page_label([3, 4, 5]) == "pp. 3-5"
    assert page_label([3, 5]) == "pp. 3, 5"


def test_document_with_no_text_gives_no_chunks(tok):
    doc = Document("scan.pdf", [Page(1, ""), Page(2, "  \n")])
    assert plan_chunks(doc, tok, 500) == []
