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
"failed". Words and sentences themselves are read by docproc.text.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from docproc import chunking, log, prompts
from docproc.chunking import Chunk, count_tokens
from docproc.document import Document, KeyPoint, Page, Result, RunStats
from docproc.errors import DocprocError, InputError, UsageError
from docproc.support import PageIndex, is_supported, whole_sentence
from docproc.text import (
    BULLET, CJK, LEADER, LEADER_PAGE, MARKDOWN_TABLE_RULE, META_TERMS, NUMBER, SAFETY_LABELS, STOPWORDS,
    ends_sentence, is_heading_like, join_sentences, markdown_cells, mostly_cjk, quotable_length, split_sentences,
    strip_bullets, terms,
)

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


# ---- cleaning model output ------------------------------------------------------------------------------

_LEAD_CHATTER = re.compile(
    r"^\s*(sure|certainly|of course|okay|ok|absolutely)\b[^\n]*?([.!:]\s*|$)"
    r"|^\s*(here (is|are|'s)|below (is|are)|the following (is|are))\b[^\n]*?:\s*"
    r"|^\s*(\*\*|#+\s*)?(summary|key points|main points|notes|要約|要点|まとめ|ポイント)(\*\*)?\s*[:：]?\s*(\*\*)?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_TAIL_CHATTER = re.compile(
    r"(i hope (this|that) helps|let me know|if you have any (other |further )?questions|feel free to"
    r"|is there anything else|please note that this summary).*$",
    re.IGNORECASE | re.DOTALL,
)
_MODEL_CITATION = re.compile(
    r"\s*[\(\[]\s*(?:pp?\.?|pages?|ページ)\s*[0-9][0-9\s,\-–〜~and]*[\)\]]"
    r"|\s*[\(（]\s*[0-9]+\s*(?:ページ|頁)[^\)）]*[\)）]",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*(?:(?:notes on )?(?:pp?\.|pages?)\s*[0-9][0-9\s,\-–]*[:.]|[0-9]+(?:\.[0-9]+)+[:.)]?|[0-9]{1,2}:(?![0-9])"
                    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten)[.:)])\s*", re.IGNORECASE)


_INLINE_LABEL = re.compile(r"^\s*(?:summary|key points|main points|notes|要約|要点|まとめ)\s*[:：]\s*",
                           re.IGNORECASE | re.MULTILINE)


def strip_chatter(text: str) -> str:
    text = text.replace("**", "").replace("__", "")
    text = _LEAD_CHATTER.sub("", text.strip())
    text = _INLINE_LABEL.sub("", text)
    text = _TAIL_CHATTER.sub("", text)
    return text.strip()


def _similar(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def dedupe(items: list[str], threshold: float = 0.7) -> list[str]:
    """Drop items whose term set mostly repeats an earlier one (small models love to repeat themselves), or
    mostly holds or is held by one (>= 80 % of the smaller set)."""
    kept: list[str] = []
    seen: list[set[str]] = []
    for item in items:
        ts = set(terms(item))
        if not _repeats(ts, seen, threshold):
            kept.append(item)
            seen.append(ts)
    return kept


def repeats(item: str, earlier: list[str]) -> bool:
    """Whether dedupe would drop `item` after the `earlier` items (whether or not they repeat each other)."""
    return _repeats(set(terms(item)), [set(terms(e)) for e in earlier])


def _repeats(ts: set[str], seen: list[set[str]], threshold: float = 0.7) -> bool:
    # mostly the same words, or most of its words said before (a quote that restates an earlier point)
    return not ts or any(_similar(ts, s) >= threshold or _restates(ts, s) for s in seen)


def _restates(a: set[str], b: set[str]) -> bool:
    """Whether one of two term sets says what the other says: >= 80 % of the smaller one is in the larger (75 %
    when they share a number or a code: "The outdoor air is measured by T1" after "The outdoor temperature is
    measured by sensor T1"), and every number of the smaller one too ("6 months" is no restatement of "six
    months")."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    numbers = {t for t in small if NUMBER.match(t)}
    if len(a) == len(b):
        numbers |= {t for t in large if NUMBER.match(t)}
    share = 0.75 if numbers and numbers <= (a & b) else 0.8
    return len(a & b) >= share * len(small) and numbers <= (a & b)


def clean_summary(text: str, finished: bool) -> list[str]:
    """Model output -> list of clean, distinct, complete sentences (no repetition loops, no U+FFFD)."""
    return _clean_sentences(written_sentences(text, finished))


def _clean_sentences(sentences: list[str]) -> list[str]:
    return dedupe([s for s in sentences if _says_something(s) and not _is_loop(s)])


def _says_something(sentence: str) -> bool:
    """A sentence of the model's that is neither too short, nor about the document itself, nor cut short."""
    return (len(terms(sentence)) >= 2 and not is_meta(sentence) and not _trails_off(sentence)
            and bool(_DESCRIBES.match(sentence) or not _DOCUMENT_SUBJECT.match(sentence)))


def written_sentences(text: str, finished: bool) -> list[str]:
    """The sentences of a model's summary before clean_summary's filters (chatter, headings and the sentence the
    token limit cut off already gone)."""
    text = _MODEL_CITATION.sub("", strip_chatter(text.replace("\ufffd", "")))
    lines = [line for line in (strip_bullets(line) for line in text.splitlines()) if line]
    # A heading, a label line ("Date: 14 October 2026, Room B2") or a header line ("Hokuto Systems Inc., effective
    # 1 October 2025") the model copied is no part of the sentence after it: joined, it would lead that sentence
    # ("Approval of previous minutes The minutes of ..."). A line without a sentence end that does not go on in
    # the next line is such a line, whatever its length.
    lines = [line for k, line in enumerate(lines)
             if k + 1 == len(lines) or ends_sentence(line) or _continues(line, lines[k + 1])]
    sentences = split_sentences(" ".join(lines))
    sentences = [_without_stray_list_number(_LABEL.sub("", s).strip()) for s in sentences]
    if not finished and sentences and not ends_sentence(sentences[-1]):
        sentences = sentences[:-1]  # cut off by the token limit mid-sentence (also when it is the only one)
    return sentences


# Japanese particles a wrapped line stops on ("会議は10月14日に" / "開催されます。"); a heading does not.
_CONTINUING_PARTICLES = "はがをにでとのもへやより、"


def _continues(line: str, next_line: str) -> bool:
    """Whether a line without a sentence end goes on in the next one (a wrapped sentence, not a heading over
    text): the next line starts in lower case, or the line stops on a function word ("made by" / "Grundfos ...",
    "The budget is" / "$45,000 ...") or a Japanese particle."""
    if ends_sentence(line):
        return False
    if re.match(r"[a-z(\[]", next_line):
        return True
    last = line.split()[-1].lower() if line.split() else ""
    return last in STOPWORDS or last in ("every", "per", "than", "via") or line[-1] in _CONTINUING_PARTICLES


# Printed boilerplate of blank pages: quoted or paraphrased, it would read as a statement about the document.
# Only as (nearly) the whole item: "fields left intentionally blank are treated as zero" and 計画は白紙に戻された
# ("the plan was scrapped") are facts.
_BLANK_PAGE = re.compile(r"(?:this\s+)?(?:page|document|sheet)?\s*(?:is\s+)?(?:intentionally\s+(?:left\s+)?blank|left\s+"
                         r"blank\s+intentionally)|以下余白|(?:この)?(?:ページ|頁)は(?:白紙|空白)", re.IGNORECASE)


def is_meta(item: str) -> bool:
    """"The document contains important information about the document." — says nothing; drop it (and "This
    page intentionally left blank")."""
    content = [t for t in terms(item) if t not in META_TERMS]
    words = [t for t in content if not NUMBER.match(t)]
    if not words or len(content) < 2:  # "It has 3 speeds." says something; "Page 3 of 12" does not
        return True
    rest = _BLANK_PAGE.sub(" ", item)  # what the item says besides blank-page boilerplate
    return rest != item and len([t for t in terms(rest) if t not in META_TERMS and not NUMBER.match(t)]) < 2


_INLINE_NUMBER = re.compile(r"(?:^|\s)(?:\d{1,2}[.)]|[①-⑳])\s+(?=\S)")
_LIST_INTRO = re.compile(r"^[^:：]{0,80}\b(?:facts?|points?|things?)\b[^:：]{0,40}[:：]\s*|^[^:：]{0,40}(?:事実|要点|ポイント)[^:：]{0,20}[:：]\s*",
                         re.IGNORECASE)


def _split_inline_list(item: str) -> list[str]:
    """"The 3 facts are: 1. A. 2. B. 3. C." -> ["A.", "B.", "C."]; anything else unchanged."""
    item = _LIST_INTRO.sub("", item)
    marks = list(_INLINE_NUMBER.finditer(item))
    if len(marks) < 2:
        return [item] if item.strip() else []
    # the text before the first number is the first item when the model left "1." out ("A, 2. B, 3. C")
    pieces = [item[: marks[0].start()]]
    pieces += [item[m.end() : (marks[k + 1].start() if k + 1 < len(marks) else len(item))] for k, m in enumerate(marks)]
    return [p.strip().rstrip(",;、，").strip() for p in pieces if p.strip().rstrip(",;、，").strip()]


def parse_points(text: str, finished: bool) -> list[str]:
    """Model output -> clean, distinct points: the first run of bullet/numbered lines (else the sentences).

    Section titles the model copied instead of stating a fact are dropped (small models do this a lot), and so
    are repetition loops and half characters (U+FFFD) where the token limit cut a character in two.
    """
    text = _MODEL_CITATION.sub("", strip_chatter(text.replace("\ufffd", "")))
    lines = [line.strip() for line in text.splitlines()]
    items: list[str] = []
    in_list = fresh_bullet = False  # fresh: the last bullet has had no line after it yet
    for line in lines:
        if BULLET.match(line):
            items.append(strip_bullets(line))
            in_list = fresh_bullet = True
        elif in_list and line and items:
            if re.match(r"^[A-Za-z]{1,3}:", line):  # the model starts a new "turn" ("A: ..."): the list is over
                break
            # a bullet wrapped onto the next line (see _continues; CJK text has no case to tell); else the line
            # is text the model copied under the bullet, not part of it
            if _continues(items[-1], line) or (re.match(rf"[0-9{CJK}]", line) and not ends_sentence(items[-1])):
                items[-1] += " " + line
            elif fresh_bullet and not ends_sentence(items[-1]):
                items.pop()  # no sentence, over copied text of its own: a section title ("- Roof repair")
            fresh_bullet = False
        elif in_list and not line:  # a blank line ends the bullet; after two or more, the list is over
            in_list = False
            if len(items) >= 2:
                break
    items = _strip_list_numbers(items)
    # A bullet that is a numbered section title ("6.4 Recording the settings", "6 Setting the airflow") was
    # copied from a contents list or a heading: a number, words, and no sentence end.
    items = [i for i in items if not (re.match(r"^\d+(?:\.\d+)*\.?\s", i) and not ends_sentence(i))]

    items = [piece for item in items for piece in _split_inline_list(item)]
    if not items:
        items = [piece for sentence in clean_summary(text, finished) for piece in _split_inline_list(sentence)]
    elif not finished and not ends_sentence(items[-1]):
        items = items[:-1]  # the last bullet was cut off by the token limit (also when it is the only one)
    items = [_without_stray_list_number(_LABEL.sub("", i).strip().rstrip(":：").strip()) for i in items]
    items = [i for i in items if i and not is_heading_like(i) and not is_meta(i) and not _is_contents_line(i)
             and not _is_loop(i) and not _trails_off(i) and not _DOCUMENT_SUBJECT.match(i)]
    return dedupe(items)


# "The document must be installed in rooms ...", "The document requires a double-pole switch": smollm2 makes the
# document the subject of the facts it reads. A key point so made is not a fact of the subject matter; a summary
# sentence may still say what the document describes.
_DOCUMENT_SUBJECT = re.compile(r"^(?:the|this)\s+(?:document|text)\b", re.IGNORECASE)
_DESCRIBES = re.compile(r"^(?:the|this)\s+(?:document|text)\s+(?:also\s+)?(?:describes|explains|covers|contains|"
                        r"includes|provides|gives|lists|outlines|presents|discusses|details|summari[sz]es|sets out|"
                        r"shows|concludes|introduces|deals with|is about)\b", re.IGNORECASE)


def _trails_off(item: str) -> bool:
    """A fragment that stops where a sentence goes on: after a comma, a semicolon or a dash, or on "and"/"or"
    ("The unit is designed to be used indoors," — smollm2 ends points so when it loses the thread), also when
    the model put a period after an article or a preposition ("... entitled to a 99.9% availability of.")."""
    return bool(re.search(r"(?:[,;、，；\-–—]|\b(?:and|or|but)\b)\s*$|\b(?:the|a|an|of|and|or|with|from|by)\s*\.$",
                          item.strip(), re.IGNORECASE))


# The number of the next item of an inline list the model ran on into: "The warranty covers 2 years, 2." (not the
# last of a list of numbers: "sizes 1, 2, 4, 8.", "on 3, 10.")
_STRAY_LIST_NUMBER = re.compile(r"(?<![0-9０-９])(?:,\s+|[，、]\s*)[0-9０-９]{1,2}([.。．]?)\s*$")


def _without_stray_list_number(item: str) -> str:
    return _STRAY_LIST_NUMBER.sub(lambda m: m.group(1), item)


_IDIOMATIC_DOUBLES = frozenset("more again over round through less better worse further farther faster bigger "
                               "higher louder longer closer".split())


def _is_loop(item: str) -> bool:
    """A small model's repetition loop ("14時から15時では14時から15時では…"): most of its 3-word (Latin) or
    4-character (CJK) shingles are repeats, or most items of its list repeat earlier ones. Or a short one that says a thing is itself ("2025年4月14日は2025年4月
    14日です。", "The CP-7 pump is the CP-7 pump.") or moves it to where it is ("from the mobile team to the mobile
    team")."""
    cjk = mostly_cjk(item)
    units = list(re.sub(r"\s+", "", item)) if cjk else item.lower().split()
    size = 4 if cjk else 3
    shingles = [tuple(units[i : i + size]) for i in range(len(units) - size + 1)]
    if len(shingles) >= 12 and len(set(shingles)) < 0.5 * len(shingles):
        return True
    # an enumeration that goes round in circles: "maximum and minimum time, maximum time, minimum time, ..." — half
    # of its items say nothing the items before them did not
    parts = [set(ts) for p in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|[、・]", item) if (ts := terms(p))]
    if len(parts) >= 6 and sum(p <= set().union(*parts[:k]) for k, p in enumerate(parts) if k) >= 0.5 * len(parts):
        return True
    # "the maximum and maximum temperature": a word joined to itself (not "more and more", "again and again")
    doubled = re.search(r"\b([^\W\d_]{3,})\s+(?:and|or)\s+\1\b", item, re.IGNORECASE)
    if doubled and doubled.group(1).lower() not in _IDIOMATIC_DOUBLES:
        return True
    same = re.match(r"^(.+?)\s+(?:is|are|was|were|equals)\s+(.+?)[.!]?$", item.strip(), re.IGNORECASE) \
        or re.match(r"^(.+?)は(.+?)(?:です|である|だ)?[。.]?$", item.strip())
    if same and terms(same.group(1)) and set(terms(same.group(1))) == set(terms(same.group(2))):
        return True
    return bool(re.search(r"\bfrom\s+(?:the\s+)?(\w+(?:\s+\w+){0,3})\s+to\s+(?:the\s+)?\1\b", item, re.IGNORECASE))


_LIST_NUMBER = re.compile(r"^(\d{1,2})\s+(?=[^\W\d_])(?![a-z])")  # "2 The panel...", not "3 filters must..."


def _strip_list_numbers(items: list[str]) -> list[str]:
    """"- 1 The panel ...", "- 2 The schedule ...": the model numbered its bullets without a dot. Numbers that count
    up by one from bullet to bullet are that numbering (copied section titles rarely do), so they go."""
    numbered = [(k, m) for k, item in enumerate(items) if (m := _LIST_NUMBER.match(item))]
    values = [int(m.group(1)) for _, m in numbered]
    if len(values) < 2 or any(b != a + 1 for a, b in zip(values, values[1:])):
        return items
    items = list(items)
    for k, m in numbered:
        items[k] = items[k][m.end():].rstrip(",;、")  # a dangling comma: the model broke off the sentence
    return items


# A sentence that goes on from the one before it: not quotable alone.
_LEANS_BACK = re.compile(r"^(?:ただし|但し|なお|しかし|一方で|一方、|その結果|その後(?!の)|そのため|このため|同社|同事業|前項|当該"
                         r"|(?:however|except|but|in addition|as a result|therefore)\b)", re.IGNORECASE)
# A sentence that opens with a pronoun: often about the one before it ("It also covers ..."), but "This policy
# applies to ..." stands alone, so such a sentence is only quoted less readily.
_PRONOUN_START = re.compile(r"^(?:(?:when|if|once|after|before|because|since|although|while|unless)\s+)?"
                            r"(?:this|these|it|its|they|their|such)\b", re.IGNORECASE)  # "When it is approved, ..."
# A sentence that names a time or a day by pointing back at the one before it: "Badge access is suspended during
# that time" (review34 F9), 「その間は入室できません」. Quoted, it brings that sentence with it.
# (not "those": "double pay for those days" points at the public holidays of its own sentence, review42 F6)
_POINTS_BACK = re.compile(r"\b(?:during|at|by|until|after|before|from|on|for|over|throughout|within|since)\s+(?:that|"
                          r"the\s+same)\s+(?:time|times|date|dates|day|days|period|hours?|window|moment|stage|weeks?"
                          r"|weekend|months?)\b|\bsince\s+then\b|その間|同日|その日|その時|その期間|同期間", re.IGNORECASE)
# "It contains no configuration changes ...", "They must be ...": a pronoun for the whole subject points back
# (review27 F8); not the "it" of "It is forbidden to smoke ..." / "It was decided that ...".
_BARE_PRONOUN = re.compile(r"^(?:it|they)\b(?!\s+(?:is|was|will\s+be|may\s+be|must\s+be)\s+\w+\s+(?:to|that)\b)",
                           re.IGNORECASE)
# "Its efficiency reaches 95.2 %": whose? A possessive always points back; such a sentence is not quoted at all.
_POSSESSIVE_START = re.compile(r"^(?:its|their|his|her)\b", re.IGNORECASE)
# A FAQ: "Q: Can I install it myself?" / "A: Yes, if ...": the label goes, and a yes or a no means nothing without
# its question (which is not quoted).
_ANSWER_LABEL = re.compile(r"^(?:A|Answer|回答|答え?)\s*[:：]\s*", re.IGNORECASE)  # not "A. Moreau chaired ..."
# The meeting's own procedure, not what it decided: "The minutes of the last meeting were approved", 議事録…承認,
# "The meeting opened at 10:00", 閉会.
_PROCEDURAL = re.compile(r"\bminutes\b.*\b(?:approved|accepted|adopted|signed)\b|議事録.*承認"
                         r"|\bmeeting\s+(?:was\s+)?(?:opened|closed|adjourned)\b|開会|閉会", re.IGNORECASE)
# An action item of minutes: who does it, and by when ("…：佐々木、期限 6月19日", "Owner: R. Patel, due 20 March").
_ACTION_ITEM = re.compile(r"(?:期限|締切|締め切り|担当|\b(?:owner|due|deadline)\b).*[0-9０-９]", re.IGNORECASE)
# A sentence that points to what follows it ("shown below", "as follows", 次の各号) or speaks as "I" (in a mail,
# the writer is not quoted with it): a quote of it alone misleads (review15 M2).
_POINTS_ELSEWHERE = re.compile(r"\b(?:(?:shown|listed|set out|described|given) below|(?:list|table) below|as follows)\b"
                               r"|\bthe following\s*[:：]|[:：]\s*$|^I\s|次の各号|次のとおり|以下のとおり|下記|下表",
                               re.IGNORECASE)
# What a reader of a manual, a contract, a data sheet or release notes looks for: rules, warnings, limits,
# changes (a quote that states one is worth more than one that describes).
_KEY_FACT = re.compile(r"\b(?:must|shall|required|do not|never|prohibited|forbidden|warning|danger|caution|"
                       r"at least|at most|no later than|default|deprecated|removed|changed|flash point|"
                       r"does not meet|(?:not )?qualified|failed|verdict|conclusion|"
                       r"decision|decided|(?:was|were|is|are|been)\s+(?:not\s+)?(?:approved|rejected|deferred|carried|"
                       r"adopted|declined))\b"  # minutes: what was decided (not "an approved engineer")
                       r"|警告|危険|注意|禁止|必ず|ないでください|てはいけません|しないこと|以内|以上|以下|未満|変更|廃止"
                       r"|決定|可決|否決|却下|保留", re.IGNORECASE)
# A proposal is no outcome: in minutes that turn proposals down, quoted alone it reads as what was decided ("The
# Chief Executive proposed selling the house at 12 Alder Grove", which the board rejected 2-5: review23 F2). Quoted
# there only with its outcome in it ("..., which the board approved", "the motion passed"); elsewhere as any
# sentence ("The results suggested that ...", "the proposed route": review25 F5).
_PROPOSED = re.compile(r"(?<!\bthe )(?<!\ba )(?<!\ban )\b(?:proposed|suggested|put forward|moved that)\b"
                       r"|提案し|提案が|提案され", re.IGNORECASE)
_OUTCOME = re.compile(r"\b(?:approv|agree|passed|accept|carried|adopt|reject|declin|defer|withdr|decision|decided)\w*"
                      r"|決定|承認|可決|否決|却下|保留|見送", re.IGNORECASE)
_TURNED_DOWN = re.compile(r"\b(?:rejected|declined|deferred|withdrawn|refused|voted\s+down|turned\s+(?:\w+\s+)?down|"
                          r"(?:motion|proposal|amendment|resolution)\s+(?:failed|fell|was\s+lost)|"
                          r"not\s+(?:carried|approved|adopted|accepted|agreed))\b|否決|却下|保留|見送|不採用", re.IGNORECASE)
_ANSWERS_A_QUESTION = re.compile(r"^(?:yes|no)\s*[,.!:;]|^(?:はい|いいえ)[、。]", re.IGNORECASE)  # not "No smoking ..."


def _is_contents_list(sentence: str) -> bool:
    """"Contents: 1 Working time, 2 Holidays and leave, 3 Sickness, ..." — every section's title words, no fact."""
    if re.match(r"^\W*(?:table of )?contents\b|^\W*目次", sentence, re.IGNORECASE):
        return True
    # section numbers counting up, each before a title: "1 Working time, 2 Holidays, 3 Sickness" (not the dates
    # "3 March, 10 April and 15 May")
    numbers = [int(n) for n in re.findall(r"(?:^|[\s,;:])(\d{1,2})(?:\.\d+)*\s+[A-Z]", sentence)]
    return any(numbers[i + 1] == numbers[i] + 1 and numbers[i + 2] == numbers[i] + 2 for i in range(len(numbers) - 2))


def _is_contents_line(item: str) -> bool:
    """'4 Recording the settings 6.': a section number, a title and a page number, copied from a contents list;
    or any line with a contents list's or an index's leader ("3.2 Installation step 2 … 15", see text.LEADER)."""
    item = item.strip()
    # (its leader before a page number that ends the item, or before another column: "print speed … 10  printer
    # settings … 38"; not a prose ellipsis: "… I waited", "Acme … LLC", review37 F3)
    if re.search(rf"\s{LEADER}(?:\s+{LEADER_PAGE})?\s*$|\s{LEADER}\s+{LEADER_PAGE}\s{{2,}}\S", item):
        return True
    title_and_page = re.match(r"^(\d+(?:\.\d+)*[.:)]?\s+)?([^\d.!?。]+?)\s+(\d+)\.?$", item)
    if not title_and_page or len(item.split()) > 10:
        return False
    # A short fact ends in a number too: "The club was founded in 1998.", "Tickets cost EUR 12.", "The room
    # seats 40." (review51 F6, review54 P3). A title has no sentence verb but after a section number, a question
    # word or in a relative clause ("3 If the unit does not start 9", "How long the filter lasts 20", "Parts that
    # are sold separately 18": review55 F6), and a page number is no year and follows no currency or preposition.
    section, title, number = title_and_page.groups()
    # (a comma or a colon: the clause after it tells, or a full stop ends the line: "When the season opens, the club
    # offers 16."; review56 N5, review57 R7, review58 N9)
    clauses = bool(re.search(r"[,:]", title)) and (item.endswith(".") and bool(_SENTENCE_VERB.search(title))
                                                   or _main_verb(re.split(r"[,:]", title)[-1]))  # (review59 F15)
    told = not section and (_main_verb(title) or clauses)
    return not (told or _BEFORE_A_VALUE.search(title) or 1800 <= int(number) <= 2199)


def _main_verb(clause: str) -> bool:
    """Whether a clause has a sentence verb that no question word, "if" or relative pronoun before it makes a
    title's: "the overflow room seats", "now holds"; not "How long the filter lasts", "Parts that are sold
    separately", "where the seals are"."""
    verbs = list(_SENTENCE_VERB.finditer(clause))
    return bool(verbs) and not _TITLE_OPENER.match(clause.strip()) and not all(
        re.search(r"\b(?:that|which|who|what|where|when|how|why|if|whether)\b", clause[: verb.start()], re.IGNORECASE)
        for verb in verbs)


# The verbs that make a line a sentence rather than a section title (not "Setting the airflow"), and the words a
# value follows rather than a page number ("... in", "... EUR", "... seats").
_SENTENCE_VERB = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|must|should|may|"
                            r"does|do|did|seats|opens|opened|closes|closed|lasts|takes|holds|remains|totals|"
                            r"reached|rose|fell|grew|dropped)\b", re.IGNORECASE)
_TITLE_OPENER = re.compile(r"(?:what|where|when|how|why|which|who|if|whether)\b", re.IGNORECASE)
_BEFORE_A_VALUE = re.compile(r"(?:\b(?:in|on|at|since|by|from|to|until|of|for|than|about|over|under|per|after|"
                             r"before|within|around|approximately|only|EUR|USD|GBP|CHF|JPY|CAD|AUD)|[£$€¥])\s*$")


# A safety notice: a paragraph under a WARNING / CAUTION / DANGER label (警告, 注意, 危険; also 【警告】).
_WARNING_PARAGRAPH = re.compile(rf"^\W{{0,3}}(?:{SAFETY_LABELS})(?:\W|$)|^【(?:警告|注意|危険)】")


def _warning_sentences(pages: dict[int, str]) -> set[str]:
    """The sentences (spaces normalised) of the pages' safety notices: every sentence of the paragraph, not only
    the one that carries the label ("WARNING  Risk of electric shock. Disconnect the power cord before opening
    the rear service cover. Capacitors ... can hold 380 V DC for up to 5 minutes ..."). A manual's quotes are
    its warnings first (README): on term frequency alone, boilerplate said on every page won (review33 F5, F8).
    salient_sentences takes them before the others, up to half of its quotes."""
    return {" ".join(strip_bullets(sentence).split()) for text in pages.values() for line in text.splitlines()
            if _WARNING_PARAGRAPH.match(line) for sentence in split_sentences(line)}


# The columns of a table of actions: who does it, by when, and what (not its status or a remark). A table needs
# both who and by when: "Who" alone heads contact lists too (review38 N6, review40 N2).
_OWNER_COLUMN = re.compile(r"^(?:owners?|responsible|assignee|assigned to|action owner|who|担当|担当者)$",
                           re.IGNORECASE)
_DUE_COLUMN = re.compile(r"^(?:due|due date|deadline|by when|by|target|target date|date|date due|期限|期日|日付|締切|"
                         r"締め切り)$", re.IGNORECASE)
_TASK_COLUMN = re.compile(r"^(?:actions?|action items?|tasks?|to ?do|what|description|宿題事項|宿題|対応事項|対応内容|"
                          r"作業|作業内容|内容|タスク|アクション)$", re.IGNORECASE)
_REMARK_COLUMN = re.compile(r"^(?:status|state|progress|notes?|remarks?|comments?|#|no\.?|id|備考|状況|進捗|ステータス|"
                            r"メモ|番号)$", re.IGNORECASE)


def _action_rows(text: str) -> list[str]:
    """The rows of a Markdown table of actions (a header with an Owner and a Due column) as items that say
    their task with its owner and due date in the table's own words: "Confirm archive-tier saving on one month
    of real event-log data (Owner: Claire Dubois, Due: 6 November 2026)". An owner or a due date sits in its
    column, not in the row's words, so no row was an action item for the quotes (review34 F10)."""
    lines = text.splitlines()
    items = []
    for i in range(len(lines) - 2):
        header = markdown_cells(lines[i])
        if len(header) < 2 or not MARKDOWN_TABLE_RULE.match(lines[i + 1]):
            continue
        owner = [k for k, h in enumerate(header) if _OWNER_COLUMN.match(h)]
        due = [k for k, h in enumerate(header) if _DUE_COLUMN.match(h)]
        if not owner or not due:  # an action table says who and by when
            continue
        labels = owner[:1] + due[:1]
        named = [k for k, h in enumerate(header) if _TASK_COLUMN.match(h)]
        others = [k for k, h in enumerate(header) if k not in labels and not _REMARK_COLUMN.match(h)]
        for line in lines[i + 2:]:
            row = markdown_cells(line)
            if len(row) != len(header):
                break
            # the task: its column by name, else the longest cell that is no status or remark (review38 N5; an
            # "Item" column may hold a number or a category: review40 N2)
            task = row[named[0]] if named else max((row[k] for k in others), key=len, default="")
            ja = mostly_cjk(task)
            given = [f"{header[k]}{'：' if ja else ': '}{row[k]}" for k in labels if row[k]]
            if given and (len(task.split()) >= 3 or ja and len(task) >= 6):
                items.append(f"{task}（{'、'.join(given)}）" if ja else f"{task} ({', '.join(given)})")
    return items


def salient_sentences(index: PageIndex, pages: dict[int, str], n: int, avoid: list[str] = (),
                      action_items: bool = False) -> list[tuple[str, int]]:
    """The n sentences that best represent the given pages (IDF-weighted term frequency), one per page first.
    `pages`: page -> text, some of the pages `index` was built from. With `action_items`, a line that gives an
    owner or a deadline ("B社への発注手続き：佐々木、期限 6月19日") counts as a sentence too, and so does a row of a
    Markdown table of actions (_action_rows): what minutes are read for (key points; a summary needs sentences).

    Used to top up key points when the model gives too few usable ones: faithful by construction.
    """
    tf = Counter(t for text in pages.values() for t in terms(text))
    warned = _warning_sentences(pages)
    turns_down = any(_TURNED_DOWN.search(text) for text in pages.values())  # minutes that turn proposals down
    candidates = []
    for number in pages:
        # A quoted sentence stands alone: the list marker it had on its page ("- ", "・", "1.") goes, a rule keeps
        # its ただし sentence, and a sentence that leans on the one before ("However, ...", しかし、...) is not quoted.
        for sentence in index.quotable_sentences(number):
            sentence = _ANSWER_LABEL.sub("", sentence)  # a FAQ's "A: ...": the answer is the fact
            if _LEANS_BACK.match(sentence) or _ANSWERS_A_QUESTION.match(sentence):
                continue
            if _POINTS_ELSEWHERE.search(sentence) or _POSSESSIVE_START.match(sentence):  # "shown below", "Its ..."
                continue
            if sentence.startswith("|") or sentence.count(" | ") >= 2:  # a Markdown table row is no sentence
                continue
            if index.superseded(sentence, number):  # "decided to move on 1 June", later "postponed to 15 June"
                continue
            if turns_down and _PROPOSED.search(sentence) and not _OUTCOME.search(sentence):
                continue
            if re.match(r"[a-z][a-z'’-]*(?![A-Za-z])", sentence):  # a first word in lower case (not "pH", "iPhone")
                continue  # the rest of a sentence from the page before, or a list item that needs its lead-in
            ts = terms(sentence)
            words = len(re.findall(r"[^\W_]+", sentence))
            cjk = len(re.findall(rf"[{CJK}]", sentence))
            too_long = len(sentence) > quotable_length(sentence)
            item = action_items and not ends_sentence(sentence) and _ACTION_ITEM.search(sentence) and len(ts) >= 4
            if not item and (is_heading_like(sentence) or not ends_sentence(sentence)) or too_long or is_meta(sentence):
                continue
            if re.search(r"[?？]\W*$", sentence) or _is_contents_list(sentence) or _is_contents_line(sentence):
                continue  # a FAQ's question; "Contents: ..."; "3.2 Installation step 2 … 15"
            key_fact = _KEY_FACT.search(sentence)
            if cjk < 10 and not (4 if key_fact else 6) <= words <= 40:  # "Do not induce vomiting." is one
                continue
            score = sum(tf[t] * index.weight(t) for t in set(ts)) / math.sqrt(len(set(ts)) + 1)
            score *= 0.2 if _BARE_PRONOUN.match(sentence) else 0.5 if _PRONOUN_START.match(sentence) else 1.0
            score *= 0.3 if _PROCEDURAL.search(sentence) else 1.0
            score *= 1.5 if key_fact else 1.0
            warns = " ".join(strip_bullets(sentence).split()) in warned
            candidates.append((score, number, sentence, set(ts), warns))
        for item in _action_rows(pages[number]) if action_items else ():  # "Confirm ... (Owner: C. Dubois, Due: ...)"
            ts = terms(item)
            score = 1.5 * sum(tf[t] * index.weight(t) for t in set(ts)) / math.sqrt(len(set(ts)) + 1)
            candidates.append((score, number, item, set(ts), True))
    candidates.sort(key=lambda c: -c[0])
    chosen: list[tuple[str, int]] = []
    have = [set(terms(a)) for a in avoid]  # term sets of what is said already (read once, not per candidate)
    # a safety notice's sentences (or a minutes' action items) first, up to half of the quotes (one per page),
    # then the best of all
    warnings_left = max(1, n // 2)
    for warnings_only, one_per_page in ((True, True), (False, True), (False, False)):
        for score, number, sentence, sentence_terms, warns in candidates:
            if len(chosen) >= n:
                return chosen
            if warnings_only and (not warns or not warnings_left):
                continue
            if one_per_page and any(p == number for _, p in chosen):
                continue
            if _repeats(sentence_terms, have):  # (not dedupe(have + ...): two items of `have` may repeat each other)
                continue
            chosen.append((sentence, number))
            have.append(sentence_terms)
            warnings_left -= warnings_only
    return chosen


# ---- generation -------------------------------------------------------------------------------------------


@dataclass
class Generation:
    text: str
    prompt_tokens: int
    output_tokens: int
    seconds: float
    prefill_seconds: float  # time to the first new token
    finished: bool  # stopped at an end token (not at the token limit)


_STRUCTURAL_CACHE: dict[int, frozenset] = {}


def structural_token_ids(tokenizer) -> frozenset:
    """Ids of tokens without letters (spaces, newlines, bullets, digits, punctuation): lists repeat them."""
    key = id(tokenizer)
    if key not in _STRUCTURAL_CACHE:
        pieces = tokenizer.batch_decode([[i] for i in range(len(tokenizer))])
        letter = re.compile(r"[^\W\d_]")
        _STRUCTURAL_CACHE[key] = frozenset(i for i, piece in enumerate(pieces) if not letter.search(piece))
    return _STRUCTURAL_CACHE[key]


class GeneratedRepetitionGuard:
    """No-repeat-n-gram and repetition penalty over the generated tokens only (the prompt is free to copy).

    Tokens without letters are exempt, so "\n- " and numbering may repeat down a list.
    A transformers LogitsProcessor: __call__(input_ids (B, T), scores (B, V)) -> scores, B = 1 here.
    """

    def __init__(self, prompt_len: int, ngram: int, penalty: float, exempt: frozenset = frozenset()):
        self.prompt_len, self.ngram, self.penalty, self.exempt = prompt_len, ngram, penalty, exempt

    def __call__(self, input_ids, scores):
        generated = input_ids[0, self.prompt_len:].tolist()
        if self.penalty != 1.0 and generated:
            ids = sorted(set(generated))
            picked = scores[0, ids]
            scores[0, ids] = picked.where(picked < 0, picked / self.penalty).where(picked >= 0, picked * self.penalty)
        n = self.ngram
        if n and len(generated) >= n - 1:
            prefix = tuple(generated[len(generated) - (n - 1):]) if n > 1 else ()
            banned = [generated[i + n - 1] for i in range(len(generated) - n + 1)
                      if tuple(generated[i : i + n - 1]) == prefix and generated[i + n - 1] not in self.exempt]
            if banned:
                scores[0, banned] = -float("inf")
        return scores


class FirstTokenClock:
    """Records when the first next-token scores exist, i.e. when the prefill is done (LogitsProcessor)."""

    def __init__(self):
        self.at: float | None = None

    def __call__(self, input_ids, scores):
        if self.at is None:
            self.at = time.perf_counter()
        return scores


class Generator:
    """Greedy, deterministic generation with chat prompts; counts tokens and times the prefill."""

    def __init__(self, model, tokenizer, options: SummarizeOptions, source: str):
        self.model, self.tokenizer, self.options, self.source = model, tokenizer, options, source
        self.output_tokens = 0
        self.calls = 0
        self.stop_ids = self._stop_ids()

    def _stop_ids(self) -> list[int]:
        ids = set()
        for value in (getattr(self.model.generation_config, "eos_token_id", None), self.tokenizer.eos_token_id):
            ids.update(value if isinstance(value, (list, tuple)) else [value] if value is not None else [])
        vocab = self.tokenizer.get_vocab()
        for token in ("<|im_end|>", "<|eot_id|>", "<|endoftext|>", "<end_of_turn>", "<|im_start|>"):
            if token in vocab:
                ids.add(vocab[token])
        return sorted(i for i in ids if isinstance(i, int) and i >= 0)

    def prompt_ids(self, messages: list[dict], prefill: str = "") -> list[int]:
        """Token ids of the chat prompt, ending with the assistant turn opened (and `prefill` already in it)."""
        if getattr(self.tokenizer, "chat_template", None):
            text = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
            # The template already wrote any BOS it wants; don't let the tokenizer add another.
            return list(self.tokenizer(text + prefill, add_special_tokens=False)["input_ids"])
        text = "\n\n".join(m["content"] for m in messages) + "\n\n" + prefill
        return list(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def prompt_overhead(self, messages: list[dict]) -> int:
        """Tokens of the prompt around an empty document."""
        return len(self.prompt_ids(messages, "- "))

    def check_deadline(self) -> None:
        if self.options.deadline is not None and time.monotonic() > self.options.deadline:
            raise DocprocError("timed out while summarizing", path=self.source,
                               hint="raise --timeout, use --pages, or a faster device")

    @staticmethod
    def drop_prompt_echo(text: str, messages: list[dict]) -> str:
        """Remove lines a small model copied from the instructions (not from the document) into its answer."""
        user = messages[-1]["content"]
        body, _, instruction = user.rpartition("\n\n")  # prompts.chat puts the instruction last
        label, _, document = body.partition("\n\n")
        scaffold = " ".join(m["content"] for m in messages if m["role"] == "system") + " " + instruction + " " + label
        def echoes(bare: str) -> bool:
            words = bare.split()
            pieces = [" ".join(words[i:i + 4]) for i in range(len(words) - 3)]
            pieces += [bare[i:i + 6] for i in range(len(bare) - 5) if re.search(rf"[{CJK}]{{4}}", bare[i:i + 6])]
            return any(p in scaffold and p not in document for p in pieces)

        kept = []
        for line in text.splitlines():
            # "- 3 facts of the text above are: 1. A, 2. B": the intro echoes the instruction, the list is the
            # answer: the intro goes, the bullet and the list numbers stay for parse_points
            bullet = BULLET.match(line)
            head = bullet.group(0) if bullet else ""
            line = head + _LIST_INTRO.sub("", line[len(head):], count=1)
            # Sentence by sentence, so that one echoed sentence does not take a whole paragraph with it. A period
            # ends a sentence before a space (not in "1.5"), a CJK one before anything but a digit (not in "３．５");
            # the line is rebuilt, separators kept, only when a sentence goes.
            pieces = re.split(r"((?<=[.!?])\s+|(?<=[。！？])\s*|(?<=．)(?![0-9０-９])\s*)", line)
            sentences, separators = pieces[0::2], pieces[1::2] + [""]
            if sum(1 for x in sentences if x.strip()) > 1 and any(echoes(BULLET.sub("", x).strip()) for x in sentences):
                line = "".join(x + sep for x, sep in zip(sentences, separators)
                               if not echoes(BULLET.sub("", x).strip())).strip()
            bare = BULLET.sub("", line).strip()
            if bare and echoes(bare):  # Latin: a run of 4 words, CJK: 6 characters, from the instructions
                continue
            if re.fullmatch(r"(?:document|文書|notes on a document[^:]*|文書の部分ごとのメモ)\s*[:：]?", bare, re.I):
                continue
            kept.append(line)
        return "\n".join(kept)

    def __call__(self, messages: list[dict], max_new_tokens: int, prefill: str = "") -> Generation:
        """Generate the assistant's answer; `prefill` starts it (e.g. "- " for a list) and is part of the text."""
        import torch
        from transformers import LogitsProcessorList, StoppingCriteria, StoppingCriteriaList

        self.check_deadline()
        ids = self.prompt_ids(messages, prefill)
        device = next(self.model.parameters()).device
        input_ids = torch.tensor([ids], dtype=torch.long, device=device)  # (1, T)
        clock = FirstTokenClock()
        deadline = self.options.deadline

        class Deadline(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                late = deadline is not None and time.monotonic() > deadline
                return torch.full((input_ids.shape[0],), late, dtype=torch.bool, device=input_ids.device)

        guard = GeneratedRepetitionGuard(len(ids), self.options.no_repeat_ngram_size,
                                         self.options.repetition_penalty, structural_token_ids(self.tokenizer))
        processors = [clock, guard]
        pad_id = self.tokenizer.pad_token_id
        if pad_id is None and self.stop_ids:
            pad_id = self.stop_ids[0]
        started = time.perf_counter()
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=input_ids,
                attention_mask=torch.ones_like(input_ids),
                max_new_tokens=max_new_tokens,
                do_sample=False,
                temperature=None, top_p=None, top_k=None,  # greedy: silence the checkpoint's sampling defaults
                eos_token_id=self.stop_ids or None,
                pad_token_id=pad_id,
                logits_processor=LogitsProcessorList(processors),
                stopping_criteria=StoppingCriteriaList([Deadline()]),
            )
        seconds = time.perf_counter() - started
        self.check_deadline()
        new = out[0, len(ids):].tolist()
        n_new = len(new)
        finished = bool(new) and new[-1] in self.stop_ids
        while new and new[-1] in self.stop_ids:
            new.pop()
        self.output_tokens += n_new
        self.calls += 1
        text = self.drop_prompt_echo(prefill + self.tokenizer.decode(new, skip_special_tokens=True), messages)
        prefill_seconds = (clock.at - started) if clock.at is not None else seconds
        log.debug(f"generated {n_new} tokens from {len(ids)} in {seconds:.1f} s "
                  f"(prefill {prefill_seconds:.1f} s): {text!r}")
        return Generation(text, len(ids), n_new, seconds, prefill_seconds, finished)


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
        written = [s for s in written_sentences(gen.text, gen.finished) if not index.is_heading(s)]
        sentences = _clean_sentences(written)
        repeated = len([s for s in written if _says_something(s)]) - len(sentences)  # (loops and repeats only)
        supported = [w for s in sentences if (w := whole_sentence(s, index, completed)) and is_supported(w, index)]
        titles = [w for w in supported if index.is_heading(w)]  # (completed into one)
        supported = [w for w in supported if w not in titles]
        # two misquotes of one sentence are both replaced by it: said once (review37 F4b printed it twice), the
        # other counted as a repeat, not as unsupported
        twice = len(supported) - len(supported := list(dict.fromkeys(supported)))
        repeated += twice
        # "It also covers ..." first, its antecedent dropped: it would lean on nothing
        while supported and supported[0] not in sentences[:1] and (_LEANS_BACK.match(supported[0])
                                                                   or _PRONOUN_START.match(supported[0])):
            supported.pop(0)
        dropped_sentences = len(sentences) - len(supported) - twice - len(titles)
        supported = supported[: LENGTHS[options.length]["max_sentences"]]
        summary_quoted = not supported  # what follows quotes the document
        if not supported:
            # Nothing usable (a small model on a long input often talks about "the document" and nothing else):
            # an extractive summary of the most representative sentences, in document order, and say so.
            picked = _quotes_across(chunks, index, texts, QUOTED_SENTENCES[options.length])
            supported = [s for s, _ in _in_reading_order(picked, texts)]
            whole = None if supported else _short_whole_text(pages_with_text)
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
        supported = _with_antecedents(supported, index, LENGTHS[options.length]["max_sentences"])
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
        extra = _in_reading_order(salient_sentences(index, texts, n_points - len(key_points), avoid,
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


def _with_antecedents(sentences: list[str], index: PageIndex, limit: int) -> list[str]:
    """The summary's sentences, each that points back at the sentence before it in the document ("during that
    time") after that sentence (its date and hours), while `limit` leaves room: the summary's own sentences are
    never pushed out for one (review42 F6). One whose sentence before is no longer true (a later sentence changed
    it) is left out; a sentence before that itself points back or leans on another is not brought."""
    room = limit - len(sentences)
    out: list[str] = []
    for sentence in sentences:
        before = index.sentence_before(sentence) if _POINTS_BACK.search(sentence) else None
        if before and before not in out and before not in sentences:
            if index.superseded(before):
                continue
            if room > 0 and not (_POINTS_BACK.search(before) or _LEANS_BACK.match(before)
                                 or _PRONOUN_START.match(before)):
                out.append(before)
                room -= 1
        out.append(sentence)
    return out[:limit]


def _quotes_across(chunks: list[Chunk], index: PageIndex, texts: dict[int, str], n: int) -> list[tuple[str, int]]:
    """The n most representative sentences of the document, spread over its parts: the best of each of n parts
    evenly apart (all parts when there are fewer), then the best of the rest. One part: salient_sentences."""
    if len(chunks) < 2:
        return salient_sentences(index, texts, n)
    step = max(1, len(chunks) / n)
    picked: list[tuple[str, int]] = []
    for k in dict.fromkeys(int(i * step) for i in range(min(n, len(chunks)))):
        part = {p: texts[p] for p in chunks[k].pages if p in texts}
        picked += salient_sentences(index, part, 1, [s for s, _ in picked])
    return picked + salient_sentences(index, texts, n - len(picked), [s for s, _ in picked])


def _quotes_after_a_lone_sentence(sentence: str, chunks: list[Chunk], index: PageIndex, texts: dict[int, str],
                                  length: str) -> list[str]:
    """The document's most representative sentences to follow the one sentence of the model's that survived, in
    reading order: one sentence is a poor summary of a long document (review27 F7: a changelog summed up by its
    contact address). None for a short one (CJK text says as much in fewer characters: counted at the rate
    quotable_length allows, review29 F12)."""
    if sum(len(t) * 400 / quotable_length(t) for t in texts.values()) < TOP_UP_FROM_CHARS:
        return []
    picked = _quotes_across(chunks, index, texts, QUOTED_SENTENCES[length])
    return [q for q, _ in _in_reading_order(picked, texts) if not repeats(q, [sentence])][: QUOTED_SENTENCES[length] - 1]


def _in_reading_order(quotes: list[tuple[str, int]], texts: dict[int, str]) -> list[tuple[str, int]]:
    """(sentence, page) quotes sorted by page, then by where the sentence starts on it (`texts`: page -> text,
    in document order). Quotes are whitespace-normalised (CJK lines joined without a space), so both sides are
    compared without any whitespace."""
    order = {page: i for i, page in enumerate(texts)}

    def position(quote: tuple[str, int]) -> tuple[int, int]:
        sentence, page = quote
        text = re.sub(r"\s+", "", texts[page])
        where = text.find(re.sub(r"\s+", "", sentence)[:24])
        if where < 0 and re.search(r"[:：]\s*", sentence):  # a quote after its clause title: "Theft (Gold ...): ..."
            where = text.find(re.sub(r"\s+", "", re.split(r"[:：]\s*", sentence, maxsplit=1)[1])[:24])
        return order[page], where if where >= 0 else len(texts[page])

    return sorted(quotes, key=position)


def _short_whole_text(pages: list[Page]) -> str | None:
    """All the text of a document about as short as a summary (the limits of a quotable sentence), else None."""
    text = " ".join(" ".join(p.text.split()) for p in pages)
    return text if len(text) <= quotable_length(text) else None


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
        scored = sorted(((_similar(point_terms, set(terms(" ".join(n.points)))) +
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
