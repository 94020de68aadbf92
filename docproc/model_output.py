"""What a model wrote, made into sentences and list items docproc can check.

Chat-style chatter, labels and model-written page citations stripped; a summary cut into whole sentences (an
unfinished last one dropped); key points parsed from bullets, numbered or inline lists; repeats, loops, sentences
about the document instead of from it, and lines copied from a contents list dropped. Plain functions of strings:
docproc.summarize then checks what is left against the document (docproc.support).
"""

from __future__ import annotations

import re

from docproc.text import (
    BULLET, CJK, LEADER, LEADER_PAGE, META_TERMS, NUMBER, STOPWORDS, ends_sentence, is_heading_like, mostly_cjk,
    split_sentences, strip_bullets, terms,
)


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


def term_overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def dedupe(items: list[str], threshold: float = 0.7) -> list[str]:
    """Drop items whose term set mostly repeats an earlier one (small models love to repeat themselves), or
    mostly holds or is held by one (>= 80 % of the smaller set)."""
    kept: list[str] = []
    seen: list[set[str]] = []
    for item in items:
        ts = set(terms(item))
        if not terms_repeat(ts, seen, threshold):
            kept.append(item)
            seen.append(ts)
    return kept


def repeats(item: str, earlier: list[str]) -> bool:
    """Whether dedupe would drop `item` after the `earlier` items (whether or not they repeat each other)."""
    return terms_repeat(set(terms(item)), [set(terms(e)) for e in earlier])


def terms_repeat(ts: set[str], seen: list[set[str]], threshold: float = 0.7) -> bool:
    # mostly the same words, or most of its words said before (a quote that restates an earlier point)
    return not ts or any(term_overlap(ts, s) >= threshold or _restates(ts, s) for s in seen)


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
    return clean_sentences(written_sentences(text, finished))


def clean_sentences(sentences: list[str]) -> list[str]:
    return dedupe([s for s in sentences if says_something(s) and not _is_loop(s)])


def says_something(sentence: str) -> bool:
    """A sentence of the model's that is neither too short, nor about the document itself, nor cut short."""
    return (len(terms(sentence)) >= 2 and not is_meta(sentence) and not _trails_off(sentence)
            and bool(_DESCRIBES.match(sentence) or not _DOCUMENT_SUBJECT.match(sentence)))


# Words a title in Title Case leaves in lower case
_TITLE_SMALL_WORDS = frozenset("a an the and or of for to in on at by with from & - – —".split())
_TITLE_JA = re.compile(r"(?:のお知らせ|についてのお知らせ|について|に関するお知らせ|のご案内|議事録|報告書?|の概要)[。．]?$")


def is_title_fragment(sentence: str) -> bool:
    """Whether a sentence has a title's shape: words in Title Case and no verb ("Pump Station Report.", "Annual
    Report of the Harbour Rowing Club."), 「給水設備点検のお知らせ。」. Headlines have it too ("Board Approves New
    Budget."): PageIndex.is_heading takes it only where the first page's text opens with it, and not a sign or an
    instruction (review74 M1, review77 R4, review78 R5)."""
    text = sentence.strip()
    if mostly_cjk(text):
        return len(text) <= 40 and "。" not in text.rstrip("。．") and bool(_TITLE_JA.search(text))
    words = text.rstrip(".!").split()
    return (1 <= len(words) <= 8 and not re.search(r"\d", text) and not _main_verb(text.rstrip(".!"))
            and all(w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words))


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
LIST_INTRO = re.compile(r"^[^:：]{0,80}\b(?:facts?|points?|things?)\b[^:：]{0,40}[:：]\s*|^[^:：]{0,40}(?:事実|要点|ポイント)[^:：]{0,20}[:：]\s*",
                        re.IGNORECASE)


def _split_inline_list(item: str) -> list[str]:
    """"The 3 facts are: 1. A. 2. B. 3. C." -> ["A.", "B.", "C."]; anything else unchanged."""
    item = LIST_INTRO.sub("", item)
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
    items = [i for i in items if i and not is_heading_like(i) and not is_meta(i) and not is_contents_line(i)
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


def is_contents_list(sentence: str) -> bool:
    """"Contents: 1 Working time, 2 Holidays and leave, 3 Sickness, ..." — every section's title words, no fact."""
    if re.match(r"^\W*(?:table of )?contents\b|^\W*目次", sentence, re.IGNORECASE):
        return True
    # section numbers counting up, each before a title: "1 Working time, 2 Holidays, 3 Sickness" (not the dates
    # "3 March, 10 April and 15 May")
    numbers = [int(n) for n in re.findall(r"(?:^|[\s,;:])(\d{1,2})(?:\.\d+)*\s+[A-Z]", sentence)]
    return any(numbers[i + 1] == numbers[i] + 1 and numbers[i + 2] == numbers[i] + 2 for i in range(len(numbers) - 2))


def is_contents_line(item: str) -> bool:
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
    # (a verb after a relative clause that has a verb of its own is the main one: "The room where the council meets
    # seats 40."; not an auxiliary of the same verb: "Parts that can be replaced 22": review63 N9)
    return bool(verbs) and not _TITLE_OPENER.match(clause.strip()) and not all(
        (relative := list(_RELATIVE.finditer(clause, 0, verb.start())))
        and not any(relative[-1].end() <= other.start() and other.end() < verb.start()
                    # ("would have to be", "may have been": review64 P4)
                    and not (other.group(0).lower() in _AUXILIARIES
                             and re.fullmatch(r"(?:\s+(?:to|not|have|has|had|be|been|being))*\s+",
                                              clause[other.end() : verb.start()]))
                    for other in verbs)
        for verb in verbs)


# The verbs that make a line a sentence rather than a section title (not "Setting the airflow"), and the words a
# value follows rather than a page number ("... in", "... EUR", "... seats").
_AUXILIARIES = frozenset("is are was were be been has have had will would can could must should may does do did"
                         .split())
_SENTENCE_VERB = re.compile(rf"\b(?:{'|'.join(sorted(_AUXILIARIES))}|"
                            r"seats|opens|opened|closes|closed|lasts|takes|holds|remains|totals|"
                            r"reached|rose|fell|grew|dropped)\b"
                            # (and verbs seldom a title's noun, after a word that is no article: "The hut sleeps 42",
                            # "the council meets"; not "costs", "uses" or "measures": "Running costs 22", "Safety
                            # measures 12")
                            r"|(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\btheir )(?<!\bits )(?<=\w )(?:sleeps|slept|meets|met|"
                            r"weighs|employs|serves|contains|includes|reaches|exceeds|equals|provides|accepts|allows|"
                            r"earns|requires|seated|carries|comprises|received)\b",
                            re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:that|which|who|what|where|when|how|why|if|whether)\b", re.IGNORECASE)
_TITLE_OPENER = re.compile(r"(?:what|where|when|how|why|which|who|if|whether)\b", re.IGNORECASE)
_BEFORE_A_VALUE = re.compile(r"(?:\b(?:in|on|at|since|by|from|to|until|of|for|than|about|over|under|per|after|"
                             r"before|within|around|approximately|only|EUR|USD|GBP|CHF|JPY|CAD|AUD)|[£$€¥])\s*$")
