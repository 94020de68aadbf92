"""Document -> Result: summary and key points with page citations, single pass or map-reduce.

    result = summarize_document(doc, model, tokenizer, SummarizeOptions(length="short"), "smollm2-135m")

Flow: plan page-aligned chunks that fit the model context (docproc.chunking). One chunk: the summary and the
key points are generated from the document text itself. Several chunks (map-reduce): each chunk gets notes (a
short list of its main facts); the notes, labelled with their pages, are combined (recursively, in batches,
while they still exceed the budget) and the final summary and key points are generated from them.

Small models are unreliable narrators, so nothing they say about pages is trusted: every key point is attributed
afterwards to the page(s) whose text supports it best (IDF-weighted overlap of content words; character bigrams
for Japanese), within the chunk it came from. Points and summary sentences with no support in the text — or with
a number the text does not state in a sentence sharing another of their words — are dropped, and the Result says
how many. A text that misquotes one document sentence — cut short, or with a "not" or an "unless" lost or
added — is replaced by that sentence. The check (docproc.support) is by words: it cannot tell "passed" from
"failed". Words and sentences themselves are read by docproc.text; the model runs in docproc.generation, what it
wrote is cut into sentences and items by docproc.model_output, and quotes of the document come from docproc.quotes.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from docproc import chunking, log, prompts
from docproc.chunking import Chunk, count_tokens
from docproc.document import Document, KeyPoint, Result, RunStats
from docproc.errors import DocprocError, InputError, UsageError
from docproc.generation import Generator
from docproc.model_output import clean_sentences, parse_points, repeats, says_something, term_overlap, written_sentences
from docproc.quotes import (
    LEANS_BACK, PRONOUN_START, in_reading_order, is_greeting, quotes_across, salient_sentences, short_whole_text,
    standing_alone, with_antecedents,
)
from docproc.support import PageIndex, is_supported, whole_sentence
from docproc.text import CJK, join_sentences, quotable_length, split_sentences, terms

MODES = ("summarize", "keypoints")

# Per length: sentences in the summary, key points, tokens for the summary / the key points / one chunk's notes.
LENGTHS = {
    "short": {"sentences": "2 to 3", "max_sentences": 3, "points": 3, "summary_tokens": 112, "points_tokens": 128, "notes_tokens": 128},
    "medium": {"sentences": "4 to 5", "max_sentences": 5, "points": 5, "summary_tokens": 200, "points_tokens": 200, "notes_tokens": 160},
    "long": {"sentences": "8 to 10", "max_sentences": 10, "points": 8, "summary_tokens": 400, "points_tokens": 320, "notes_tokens": 224},
}
# Sentences a quoted summary (the model's was unusable) takes: few, as quotes out of their context read less
# smoothly than a summary; but `--length long` asks for more than a short one (review23 F5).
QUOTED_SENTENCES = {"short": 3, "medium": 3, "long": 6}
# A document this long (characters of text) is not summed up by one sentence: quotes follow a lone one.
TOP_UP_FROM_CHARS = 2000  # (English; CJK counts 2.5 times per character)


@dataclass
class SummarizeOptions:
    mode: str = "summarize"  # "summarize" (summary + key points) | "keypoints" (key points only)
    length: str = "medium"  # short | medium | long
    language: str = "auto"  # output language: auto (the document's) | en | ja | ...
    max_new_tokens: int | None = None  # per generation; None = from `length`
    chunk_tokens: int | None = None  # cap on document tokens per pass (None = what the context allows)
    # Both act on the GENERATED tokens only: transformers' own versions also penalise every prompt token, which
    # keeps a small model from copying names and numbers from the document (measured: "AquaPure 300" became
    # "AquaPurify 307" with repetition_penalty=1.2).
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 4  # 0 = off
    deadline: float | None = None  # time.monotonic() after which the run stops with an error
    progress: object = field(default=None, repr=False, compare=False)  # callable(str) for "chunk 3/9" lines

    def __post_init__(self):
        if self.mode not in MODES:
            raise UsageError(f"unknown mode {self.mode!r}", hint="use summarize or keypoints")
        if self.length not in LENGTHS:
            raise UsageError(f"unknown --length {self.length!r}", hint="use short, medium or long")
        if not self.language or not re.fullmatch(r"auto|[a-z]{2,3}(-[A-Za-z0-9]+)?", self.language) or (
                self.language != "auto" and not prompts.is_language_code(self.language)):
            raise UsageError(f"unknown --language {self.language!r}", hint="use auto or a code such as en, ja, de")
        if self.max_new_tokens is not None and self.max_new_tokens < 1:
            raise UsageError(f"max_new_tokens must be at least 1, got {self.max_new_tokens}")
        if self.chunk_tokens is not None and self.chunk_tokens < 64:
            raise UsageError(f"chunk budget must be at least 64 tokens, got {self.chunk_tokens}")

    def tokens(self, kind: str) -> int:
        """Generation budget for one kind of output: summary | points | notes."""
        default = LENGTHS[self.length][f"{kind}_tokens"]
        return min(default, self.max_new_tokens) if self.max_new_tokens else default


# ---- map-reduce ---------------------------------------------------------------------------------------------


@dataclass
class Notes:
    pages: list[int]  # pages these notes cover
    chunks: list[int]  # indices of the chunks they come from
    points: list[str]  # the facts, one per item
    quoted: frozenset[str] = frozenset()  # the points that are sentences of the document, not the model's

    def text(self, prompt_set: prompts.PromptSet, language: str) -> str:
        header = prompt_set.notes_header.format(pages=prompts.pages_phrase(self.pages, language))
        return header + "\n" + "\n".join(f"- {p}" for p in self.points)


def _notes_body(notes: list[Notes], prompt_set: prompts.PromptSet, language: str) -> str:
    return prompt_set.notes_document.format(text="\n\n".join(n.text(prompt_set, language) for n in notes))


# ---- the entry point ----------------------------------------------------------------------------------------


def document_language(doc: Document) -> str:
    if doc.language:
        return doc.language
    try:
        from docproc.ingest import detect_language

        return detect_language(doc.text) or "en"
    except ImportError:
        cjk = len(re.findall(rf"[{CJK}]", doc.text))
        return "ja" if cjk > 0.2 * max(1, len(doc.text.strip())) else "en"


def _attention_info(model) -> tuple[str, dict]:
    try:
        from docproc import attention

        described = attention.describe(model)
    except Exception:  # not prepared by docproc (plain HF model) or attention module missing
        return getattr(model.config, "_attn_implementation", None) or "dense", {}
    mode = described.get("mode", "dense")
    settings = {k: v for k, v in described.items() if k != "mode"}
    return mode, settings


def _reset_attention_stats(model) -> None:
    try:
        from docproc import attention

        attention.reset_stats(model)
    except Exception:
        pass


def _attention_stats(model) -> dict:
    try:
        from docproc import attention

        return attention.read_stats(model) or {}
    except Exception:
        return {}


def _attention_ran(mode: str, stats: dict) -> str:
    """What actually ran: "sparse", "dense", or for auto "auto->sparse" / "auto->dense"."""
    if mode != "auto":
        return mode
    return "auto->sparse" if stats.get("sparse_calls") else "auto->dense"


def context_length(model, tokenizer) -> int:
    try:
        from docproc.models import model_context_length

        return int(model_context_length(model))
    except ImportError:
        value = getattr(model.config, "max_position_embeddings", None) or getattr(tokenizer, "model_max_length", 0)
        return int(value) if value and value < 10**7 else 2048


# Models from this size on may join two document sentences in one of theirs; a 135M model's joins were nearly all
# inventions (support.PageIndex.held_by_sentences).
JOINS_FROM_PARAMETERS = 1_000_000_000


def summarize_document(doc: Document, model, tokenizer, options: SummarizeOptions | None = None,
                       model_name: str | None = None) -> Result:
    """Summarize `doc` with a loaded causal LM; see the module docstring for the flow."""
    options = options or SummarizeOptions()
    started = time.perf_counter()
    model_name = model_name or getattr(model, "docproc_name", None) or getattr(model.config, "_name_or_path", "model")
    pages_with_text = [p for p in doc.pages if p.text.strip()]
    if not pages_with_text:
        empty = ", ".join(str(p.number) for p in doc.pages) or "none"
        raise InputError(f"no extractable text to summarize (pages without text: {empty}; scanned images?)",
                         path=doc.source, hint="run OCR on it first (e.g. ocrmypdf), then docproc")

    doc_language = document_language(doc)
    language = doc_language if options.language == "auto" else options.language
    prompt_set = prompts.prompt_set(language)
    generate = Generator(model, tokenizer, options, doc.source)
    warnings: list[str] = []
    empty_pages = (doc.meta or {}).get("empty_pages") or [p.number for p in doc.pages if not p.text.strip()]
    corrupt = set((doc.meta or {}).get("unreadable_pages") or [])  # also in empty_pages, but not scans
    scanned = [n for n in empty_pages if n not in corrupt]
    if scanned:
        why = "" if (doc.meta or {}).get("format") in ("text", "markdown") else " (scanned images?)"  # form feeds
        warnings.append(f"{_pages_words(scanned)} no extractable text{why} and "
                        f"{'was' if len(scanned) == 1 else 'were'} not summarized")
    from docproc.models import REGISTRY

    spec = REGISTRY.get(model_name)
    # (a list with "+26" names its main languages only; "en-GB" is English, review29 F8)
    foreign = [lang for lang in dict.fromkeys((language, doc_language)) if spec and "+" not in spec.languages
               and lang.split("-")[0].lower() not in re.findall(r"[a-z]{2}", spec.languages)]
    if foreign:
        # said first: the model reads and writes this language poorly, whatever survives the checks (review27 F1);
        # reading it is enough (a Japanese document summarized in English, review34 F6)
        name = prompts.LANGUAGE_NAMES.get(foreign[0], foreign[0])
        reads = "" if foreign[0] == language else f": it reads this {name} document poorly"
        warnings.append(f"{model_name} is not a {name} model ({spec.languages} only){reads}: expect few sentences "
                        f"of its own; a multilingual model does better (--model qwen2.5-1.5b)")
    if corrupt:
        broken = sorted(corrupt)
        warnings.append(f"{_pages_words(broken, 'is', 'are')} corrupt, could not be read and "
                        f"{'was' if len(broken) == 1 else 'were'} not summarized")

    # Budget: context - prompt around the document - the longest generation of this run - margin.
    context = context_length(model, tokenizer)
    overhead = max(generate.prompt_overhead(prompts.chat(prompt_set, prompt_set.document.format(text=""), instr))
                   for instr in (prompt_set.summary, prompt_set.keypoints, prompt_set.chunk_notes,
                                 prompt_set.merge_notes)) + 16  # + room for the filled-in numbers / pages
    longest = max(options.tokens(k) for k in ("summary", "points", "notes"))
    budget = chunking.context_budget(context, overhead, longest)
    if options.chunk_tokens:
        budget = min(budget, options.chunk_tokens)
    if budget < 64:
        raise DocprocError(f"the model's context ({context} tokens) leaves no room for document text",
                           path=doc.source, hint="use a model with a longer context or a smaller --length")
    chunks = chunking.plan_chunks(doc, tokenizer, budget)
    texts = {p.number: p.text for p in pages_with_text}  # page -> text, the pages that have some
    # a small model's sentences may restate one document sentence, not join two (see held_by_sentences)
    index = PageIndex(texts, joins=sum(p.numel() for p in model.parameters()) >= JOINS_FROM_PARAMETERS)
    _reset_attention_stats(model)

    if len(chunks) == 1:
        body = prompt_set.document.format(text=chunks[0].text)
        note_sets: list[Notes] | None = None
    else:
        warnings.append(f"the document ({sum(c.n_tokens for c in chunks)} tokens) is longer than one pass "
                        f"({budget} tokens): summarized in {len(chunks)} parts, then combined (map-reduce)")
        note_sets = _map_chunks(chunks, generate, options, prompt_set, language, index, texts, warnings)
        note_sets = _reduce_notes(note_sets, generate, options, prompt_set, language, budget, tokenizer)
        body = _notes_body(note_sets, prompt_set, language)

    summary: str | None = None
    summary_sentences: list[str] = []  # as quoted or written, a rule and its ただし sentence as one
    completed: list[str] = []  # document sentences that replaced the model's misquotes of them
    prefill_seconds = None
    dropped_sentences = dropped_points = repeated = 0
    written_in = None  # the language the output is in, when it is not the one asked for
    summary_quoted = False
    if options.mode == "summarize":
        n_sentences = LENGTHS[options.length]["sentences"]
        sentences_word = n_sentences.replace(" to ", "〜") if language == "ja" else n_sentences
        gen = generate(prompts.chat(prompt_set, body, prompt_set.summary.format(sentences=sentences_word)),
                       options.tokens("summary"))
        prefill_seconds = gen.prefill_seconds
        # a section title, even with a full stop, states nothing (review46 F3), nor is it a misquote (review48
        # F10); out before the repeat filter, which kept it over the sentence after it that names it (review49 R4)
        written = [s for s in written_sentences(gen.text, gen.finished)
                   if not index.is_heading(s) and not is_greeting(s)]
        sentences = clean_sentences(written)
        repeated = len([s for s in written if says_something(s)]) - len(sentences)  # (loops and repeats only)
        supported = [w for s in sentences if (w := whole_sentence(s, index, completed)) and is_supported(w, index)]
        titles = [w for w in supported if index.is_heading(w)]  # (completed into one)
        supported = [w for w in supported if w not in titles]
        # two misquotes of one sentence are both replaced by it: said once (review37 F4b printed it twice), the
        # other counted as a repeat, not as unsupported
        twice = len(supported) - len(supported := list(dict.fromkeys(supported)))
        repeated += twice
        # "It also covers ..." first, its antecedent dropped: it would lean on nothing
        while supported and supported[0] not in sentences[:1] and (LEANS_BACK.match(supported[0])
                                                                   or PRONOUN_START.match(supported[0])):
            supported.pop(0)
        dropped_sentences = len(sentences) - len(supported) - twice - len(titles)
        supported = supported[: LENGTHS[options.length]["max_sentences"]]
        summary_quoted = not supported  # what follows quotes the document
        if not supported:
            # Nothing usable (a small model on a long input often talks about "the document" and nothing else):
            # an extractive summary of the most representative sentences, in document order, and say so.
            picked = quotes_across(chunks, index, texts, QUOTED_SENTENCES[options.length])
            supported = [s for s, _ in in_reading_order(picked, texts)]
            whole = None if supported else short_whole_text(pages_with_text)
            if supported:
                warnings.append("the model's summary was unusable; the summary quotes the document's most "
                                "representative sentences instead (a larger model does better: --model qwen2.5-1.5b)")
            elif whole:  # a note or a one-liner has no "representative sentences": it is its own summary
                supported = [whole]
                warnings.append("the model's summary was unusable; the document is so short that the summary "
                                "quotes all of it")
            else:  # lists and spec sheets: no complete sentences to quote
                warnings.append("the model's summary was unusable and the document has no complete sentences to "
                                "quote, so no summary was made (a larger model does better: --model qwen2.5-1.5b)")
        own = None  # the model's part of a summary topped up with quotes
        if len(supported) == 1 and not summary_quoted:
            added = _quotes_after_a_lone_sentence(supported[0], chunks, index, texts, options.length)
            if added:
                own = supported[0]
                supported = supported + added
                warnings.append(f"the model's summary had one usable sentence; {_count(len(added), 'sentence')} "
                                "of the document's most representative follow it, quoted (a larger model does "
                                "better: --model qwen2.5-1.5b)")
        supported = with_antecedents(supported, index, LENGTHS[options.length]["max_sentences"])
        summary, summary_sentences = join_sentences(supported), supported
        quoted = ("it is" if summary_quoted and supported else
                  f"{len(supported) - 1} of its sentences are" if own else None)
        written_in = _check_language(summary, language, warnings, "summary", quoted, own)

    n_points = LENGTHS[options.length]["points"]
    gen = generate(prompts.chat(prompt_set, body, prompt_set.keypoints.format(n=n_points)), options.tokens("points"),
                   prefill="- ")
    if prefill_seconds is None:
        prefill_seconds = gen.prefill_seconds
    key_points: list[KeyPoint] = []
    for text in parse_points(gen.text, gen.finished):
        text = whole_sentence(text, index, completed)
        if text and (text := standing_alone(text, index)) is None:
            continue  # "Rejected by 5 votes to 2." with nothing to say what was rejected
        point = text and attribute_point(text, index, chunks, note_sets)
        if point is None:
            dropped_points += 1
        elif not repeats(text, [p.text for p in key_points]):
            key_points.append(point)
    key_points = key_points[:n_points]
    quoted: list[str] = []  # key points that are sentences of the document, not the model's
    if note_sets is not None and len(key_points) < n_points:
        key_points, quoted = _fill_from_notes(key_points, note_sets, index, n_points, completed, summary_sentences)
    if len(key_points) < n_points:
        # Still too few: take the most representative sentences of the text itself, and say so.
        # not the summary's quotes again either; in reading order, as in the summary
        avoid = [p.text for p in key_points] + summary_sentences
        extra = in_reading_order(salient_sentences(index, texts, n_points - len(key_points), avoid,
                                                   action_items=True), texts)
        key_points += [KeyPoint(text=sentence, pages=[page]) for sentence, page in extra]
        quoted += [sentence for sentence, _ in extra]
    if quoted:
        warnings.append(f"{_count(len(quoted), 'key point')} quoted from the document (the model gave too few "
                        "usable ones)")
    if not key_points:
        warnings.append("the model produced no key points supported by the text; try a larger model")
    elif len(key_points) < n_points:  # said, so that a short list is not taken for all there is to say
        warnings.append(f"only {len(key_points)} of {n_points} key points: the model gave no more supported ones "
                        "and the document has no more distinct sentences to quote")
    made_whole = [t for t in dict.fromkeys(completed) if t in [p.text for p in key_points] or (summary and t in summary)]
    if made_whole:
        warnings.append(f"{_count(len(made_whole), 'sentence')} of the model misquoted the document (cut short, "
                        f"or with a 'not', an 'unless', a number or a word changed): the document's own "
                        f"{'sentence is' if len(made_whole) == 1 else 'sentences are'} given instead")
    own = " ".join(p.text for p in key_points if p.text not in quoted)
    written_in = _check_language(" ".join(p.text for p in key_points), language, warnings, "key points",
                                 f"{len(quoted)} of them are" if quoted else None, own) or written_in
    # Name only what was dropped: "0 summary sentences" in keypoints mode reads as if a summary had been made.
    dropped = [_count(n, noun) for n, noun in ((dropped_sentences, "summary sentence"), (dropped_points, "key point"))
               if n]
    if dropped:
        warnings.append(f"dropped {' and '.join(dropped)} that the document does not support")
    if repeated > 0:  # said apart: these are the model's, not the document's, fault
        warnings.append(f"dropped {_count(repeated, 'summary sentence')} that repeated another or went round in "
                        "circles")

    attention_mode, attention_settings = _attention_info(model)
    attention_stats = _attention_stats(model)
    stats = RunStats(
        model=model_name,
        attention=_attention_ran(attention_mode, attention_stats),
        sparse_settings=attention_settings,
        device=next(model.parameters()).device.type,
        input_tokens=sum(c.n_tokens for c in chunks),
        output_tokens=generate.output_tokens,
        seconds=time.perf_counter() - started,
        prefill_seconds=prefill_seconds or 0.0,
        density=attention_stats.get("density"),
        chunks=len(chunks),
        model_revision=getattr(model, "docproc_revision", None),
        summary_quoted=summary_quoted,
        key_points_quoted=len([p for p in key_points if p.text in quoted]),
    )
    return Result(
        source=doc.source,
        title=doc.title,
        pages=doc.page_numbers,
        # "asked->written" (like attention's "auto->dense") when the output is not in the language asked for.
        language=f"{language}->{written_in}" if written_in and written_in != language else language,
        summary=summary,
        key_points=key_points,
        stats=stats,
        warnings=_advice_past(model_name, warnings),
    )


def _quotes_after_a_lone_sentence(sentence: str, chunks: list[Chunk], index: PageIndex, texts: dict[int, str],
                                  length: str) -> list[str]:
    """The document's most representative sentences to follow the one sentence of the model's that survived, in
    reading order: one sentence is a poor summary of a long document (review27 F7: a changelog summed up by its
    contact address). None for a short one (CJK text says as much in fewer characters: counted at the rate
    quotable_length allows, review29 F12)."""
    if sum(len(t) * 400 / quotable_length(t) for t in texts.values()) < TOP_UP_FROM_CHARS:
        return []
    picked = quotes_across(chunks, index, texts, QUOTED_SENTENCES[length])
    return [q for q, _ in in_reading_order(picked, texts) if not repeats(q, [sentence])][: QUOTED_SENTENCES[length] - 1]


# The warnings advise qwen2.5-1.5b; past it, the next one up (review29 F12: a run of qwen2.5-1.5b was told to use
# qwen2.5-1.5b).
_ADVICE_PAST = {"qwen2.5-1.5b": "--model qwen2.5-3b", "qwen2.5-3b": "-m ORG/NAME, a 7B model or larger from the hub"}


def _advice_past(model_name: str, warnings: list[str]) -> list[str]:
    """The warnings, their advice naming a model past the one that ran."""
    better = _ADVICE_PAST.get(model_name)
    return [w.replace("--model qwen2.5-1.5b", better) for w in warnings] if better else warnings


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _pages_words(pages: list[int], one: str = "has", many: str = "have") -> str:
    from docproc.markdown import page_ranges

    return f"page {pages[0]} {one}" if len(pages) == 1 else f"pages {page_ranges(pages)} {many}"


def _check_language(text: str, language: str, warnings: list[str], what: str, quoted: str | None = None,
                    own: str | None = None) -> str | None:
    """Warn when the text is plainly not in `language` (the wrong script: CJK or not); return what it is in.
    quoted: what of the text docproc quoted ("it is", "3 of them are"), own: the model's part of it. When the
    model's own part is in `language` (or there is none), the warning says the quotes are in the document's
    language rather than blame the model."""
    if not text or _in_language(text, language):
        return None
    from docproc.ingest import detect_language

    name = prompts.LANGUAGE_NAMES.get(language, language)
    if quoted and (not own or _in_language(own, language)):
        verb = "is" if what == "summary" else "are"
        warnings.append(f"the {what} {verb} not in {name}: {quoted} quoted from the document, in its language "
                        "(a multilingual model writes its own: --model qwen2.5-1.5b)")
    else:
        warnings.append(f"the model did not write the {what} in {name}; a multilingual model does better "
                        "(--model qwen2.5-1.5b)")
    return detect_language(text)


def _in_language(text: str, language: str) -> bool:
    """Whether the text's script fits the language: CJK for ja/zh/ko, else not (all this check can tell)."""
    cjk = len(re.findall(rf"[{CJK}\uac00-\ud7af]", text))
    letters = len(re.findall(r"\w", text))
    return (cjk >= 0.3 * max(1, letters)) == (language in ("ja", "zh", "ko"))


def attribute_point(text: str, index: PageIndex, chunks: list[Chunk], note_sets: list[Notes] | None) -> KeyPoint | None:
    """A KeyPoint citing the pages that support `text` best, within the chunk(s) it came from; None if none do.

    Single pass: the chunk is the whole document. Map-reduce: the point came from the notes; the notes that
    share most with it say which chunk(s) to look in, and the pages are then chosen from those chunks' text.
    """
    within: list[int] | None
    if index.is_heading(text):  # a section title or the document's title states nothing
        return None
    if note_sets is None:
        within = sorted({p for c in chunks for p in c.pages})
    else:
        point_terms = set(terms(text))
        scored = sorted(((term_overlap(point_terms, set(terms(" ".join(n.points)))) +
                          len(point_terms & set(terms(" ".join(n.points)))) * 1e-3, i)
                         for i, n in enumerate(note_sets)), reverse=True)
        best_notes = note_sets[scored[0][1]] if scored and scored[0][0] > 0 else None
        within = best_notes.pages if best_notes else None
    if not is_supported(text, index, within):
        if within is not None and is_supported(text, index, None):
            within = None  # the notes mislabelled it: look in the whole document
        else:
            return None
    pages, coverage = index.attribute(text, within)
    if not pages:
        return None
    return KeyPoint(text=text, pages=pages)


def _fill_from_notes(points: list[KeyPoint], note_sets: list[Notes], index: PageIndex, n_points: int,
                     completed: list[str], avoid: list[str] = ()) -> tuple[list[KeyPoint], list[str]]:
    """Top up the final key points from the per-part notes (already checked) when the final pass gave too few,
    with none that repeats a point or what `avoid` says (the summary: quoted notes were quoted there too).
    Returns (points, the added ones that are quoted sentences of the document)."""
    have = [p.text for p in points] + list(avoid)
    given = len(points)
    quoted = []
    # Round robin over the parts (the first point of every part, then the second ...): taken part by part, the
    # first part's notes filled every slot and the rest of a long document was missing from the key points.
    longest = max((len(n.points) for n in note_sets), default=0)
    for notes, text in ((n, n.points[i]) for i in range(longest) for n in note_sets if i < len(n.points)):
        if len(points) >= n_points:
            break
        whole = whole_sentence(text, index, completed)  # a merged note can misquote too
        if whole is None or repeats(whole, have) or index.is_heading(whole):
            continue
        pages, _ = index.attribute(whole, notes.pages)
        if pages and is_supported(whole, index, notes.pages):
            points.append(KeyPoint(text=whole, pages=pages))
            have.append(whole)
            if whole in notes.quoted:
                quoted.append(whole)
    points[given:] = sorted(points[given:], key=lambda p: p.pages[0])  # in reading order, as quotes are
    return points, quoted


def _map_chunks(chunks: list[Chunk], generate: Generator, options: SummarizeOptions,
                prompt_set: prompts.PromptSet, language: str, index: PageIndex, texts: dict[int, str],
                warnings: list[str]) -> list[Notes]:
    """Notes (main facts) for every chunk; facts the chunk's pages do not support are dropped. A chunk whose
    notes are all unusable is represented by its most representative sentences (`texts`: page -> text), and
    a warning says which parts."""
    n_facts = {"short": 3, "medium": 4, "long": 6}[options.length]
    notes: list[Notes] = []
    quoted_pages: set[int] = set()
    unquotable_pages: set[int] = set()  # unusable notes and no sentence to quote (tables, lists)
    started = time.monotonic()
    for i, chunk in enumerate(chunks):
        # from the second part on, how long the rest will take at the pace so far (a long PDF on a CPU: hours)
        left = (time.monotonic() - started) / i * (len(chunks) - i) if i else None
        eta = f", about {_duration(left)} left for the parts" if left is not None else ""
        _progress(options, f"part {i + 1}/{len(chunks)} ({chunk.page_label}){eta}")
        instruction = prompt_set.chunk_notes.format(n=n_facts, pages=prompts.pages_phrase(chunk.pages, language))
        gen = generate(prompts.chat(prompt_set, prompt_set.document.format(text=chunk.text), instruction),
                       options.tokens("notes"), prefill="- ")
        facts = [w for f in parse_points(gen.text, gen.finished)
                 if is_supported(f, index, chunk.pages) and (w := index.faithful(f))]
        quoted = frozenset()
        if not facts:  # nothing usable: the part's most representative sentences stand in for its notes
            part = {p: texts[p] for p in chunk.pages if p in texts}
            facts = [s for s, _ in salient_sentences(index, part, n_facts)] or _lead_sentences(chunk.text, n=2)
            quoted = frozenset(facts)
            (quoted_pages if facts else unquotable_pages).update(chunk.pages)
        notes.append(Notes(pages=list(chunk.pages), chunks=[i], points=facts, quoted=quoted))
    if quoted_pages:
        warnings.append(f"the model's notes on {_pp(quoted_pages)} were unusable; the final pass read those parts' "
                        "most representative sentences instead (a larger model does better: --model qwen2.5-1.5b)")
    if unquotable_pages:
        warnings.append(f"the model's notes on {_pp(unquotable_pages)} were unusable and those parts have no "
                        "complete sentence to quote: they are missing from the summary (a larger model does better: "
                        "--model qwen2.5-1.5b)")
    return notes


def _pp(pages: set[int]) -> str:
    """"p. 3" or "pp. 1-4,7"."""
    from docproc.markdown import page_ranges

    return f"p{'p' if len(pages) > 1 else ''}. {page_ranges(sorted(pages))}"


def _lead_sentences(text: str, n: int) -> list[str]:
    """The first n whole sentences of a text (with some content, short enough to quote)."""
    sentences = [s for s in split_sentences(text) if len(terms(s)) >= 3 and len(s) <= quotable_length(s)]
    return sentences[:n]


def _reduce_notes(notes: list[Notes], generate: Generator, options: SummarizeOptions,
                  prompt_set: prompts.PromptSet, language: str, budget: int, tokenizer) -> list[Notes]:
    """Merge notes in batches that fit the budget until all of them fit in one pass (recursive reduce)."""
    n_facts = {"short": 3, "medium": 4, "long": 6}[options.length]
    rounds = 0
    while count_tokens(tokenizer, _notes_body(notes, prompt_set, language)) > budget:
        rounds += 1
        batches: list[list[Notes]] = [[]]
        for note in notes:
            trial = batches[-1] + [note]
            if batches[-1] and count_tokens(tokenizer, _notes_body(trial, prompt_set, language)) > budget:
                batches.append([note])
            else:
                batches[-1] = trial
        if len(batches) == len(notes) and rounds > 1:
            # Nothing can be merged any more (each note alone fills the budget): shorten them instead, and when
            # every note is down to one point, keep the first point of each pair of notes.
            if all(len(note.points) <= 1 for note in notes):
                if len(notes) == 1:
                    break  # one point larger than the budget (only with a budget far below a real context)
                notes = [_first_point_of(notes[k : k + 2]) for k in range(0, len(notes), 2)]
            for note in notes:
                note.points = note.points[: max(1, len(note.points) // 2)]
            continue
        merged: list[Notes] = []
        for j, batch in enumerate(batches):
            pages = sorted({p for n in batch for p in n.pages})
            chunk_ids = sorted({c for n in batch for c in n.chunks})
            if len(batch) == 1:
                merged.append(batch[0])
                continue
            _progress(options, f"combining notes {j + 1}/{len(batches)} (round {rounds})")
            gen = generate(prompts.chat(prompt_set, _notes_body(batch, prompt_set, language),
                                        prompt_set.merge_notes.format(n=n_facts)), options.tokens("notes"),
                           prefill="- ")
            facts = parse_points(gen.text, gen.finished)
            if not facts:
                facts = [n.points[0] for n in batch if n.points]
            quoted = frozenset(f for f in facts if any(f in n.quoted for n in batch))
            merged.append(Notes(pages=pages, chunks=chunk_ids, points=facts, quoted=quoted))
        notes = merged
    return notes


def _first_point_of(pair: list[Notes]) -> Notes:
    """Two neighbouring notes as one, with the points of the first that has any (what a stuck reduce can still
    drop)."""
    first = next((n for n in pair if n.points), pair[0])
    return Notes(pages=sorted({p for n in pair for p in n.pages}), chunks=sorted({c for n in pair for c in n.chunks}),
                 points=first.points, quoted=first.quoted)


def _duration(seconds: float) -> str:
    """'40 s', '12 min', '2.5 h'."""
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _progress(options: SummarizeOptions, message: str) -> None:
    if callable(options.progress):
        options.progress(message)
    else:
        log.debug(message)
