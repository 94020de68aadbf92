"""Whether the document supports what a model wrote, and what stands for a misquote.

PageIndex holds the terms of every page (IDF over the pages) and its sentences. `is_supported` checks a text by
words: enough of its term weight on the pages, every number stated, with its unit, in a sentence that shares
another of its words (in its label's row, for a labelled one), no Japanese compounds the document never writes.
`PageIndex.faithful` replaces a text that misquotes one document sentence — cut short, with a "not" or an
"unless" lost or added, a number changed, or a word for its opposite ("approved" for "rejected") — by that
sentence. Beyond these, a check by words cannot see a contradiction. What a sentence tells of a change of a value
is read by docproc.changes; how a restatement differs from its sentence, by docproc.misquotes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from docproc.changes import (
    DAY_JA, WHEN_WORDS, Change, change_told, changes_told, japanese_date_changes, month_days, names_the_moved_thing,
    on_the_same_side, updates_told,
)
from docproc.model_output import is_title_fragment
from docproc.misquotes import (
    CLAUSE_BREAK, ELLIPTIC_NO, LIMIT_TERMS, TEXT_CLAUSE_BREAK, VALUE_TERM, agents_differ, amounts_of, bound_flipped,
    bounds_differ, bounds_of, columns_differ, conditions_swapped, directions_swapped, header_columns,
    header_conflicts, headers_differ, limit_columns, limits_stated, names_swapped, number_changed, opposed,
    opposites_swapped, pairs_swapped, polarity_of, same_level, sides_differ, unit_differs, values_exchanged,
    without_marks,
)
from docproc.text import (
    BULLET, CJK, CLAUSE_NUMBER, CONDITION, CURRENCIES, MARKDOWN_TABLE_RULE, META_TERMS, MONTHS, MOVER_LABEL, NEGATION,
    NUMBER, PERCENT, STOPWORDS, VOTE_CALL, decides_on, ends_sentence, is_decision, is_exception, join_sentences,
    markdown_cells, mostly_cjk, names_a_group, names_a_group_before, number_units, quotable_length,
    rules_and_exceptions, spelled_numbers, split_sentences, strip_bullets, terms, unwrapped_lines,
)


# Words that say what kind of amount a sum of money is, not what it is the amount of
_GENERIC_MONEY_WORDS = frozenset(terms("fee fees price prices cost costs rate rates charge charges amount amounts "
                                       "budget total sum pay pays paid new now per each annual monthly yearly weekly "
                                       "daily current standard basic"))


def _same_stems(words: set[str], others: set[str]) -> bool:
    """Whether a word of one set is in the other or begins alike (4 letters or more): "price" and "pric"."""
    starts = {w[:4] for w in others if len(w) >= 4}
    return any(w in others or len(w) >= 4 and w[:4] in starts for w in words)


# An instruction in Title Case ("Keep Away From Children.", "Never Use Water On An Oil Fire."): no title
_INSTRUCTION_OPENS = re.compile(r"(?:keep|never|always|do|don't|use|read|turn|switch|check|make|please|avoid|wear|"
                                r"store|remove|press|open|close|clean|unplug|disconnect|no|danger|warning|caution|"
                                r"notice|attention|free|quiet)\b|.*\b(?:off|out|closed|floor|only|please|rises?|falls?|"
                                r"reopens?|opens|closes|starts?|ends|returns?|wins?|in|on|for)\b",  # (signs, headlines:
                                re.IGNORECASE)  # review79 R6, review80 R7)


class PageIndex:
    """Term sets per page (segments of one page merged) with IDF over the pages, for attribution."""

    def __init__(self, pages: dict[int, str], joins: bool = True):
        # joins: whether a statement may join two of the document's sentences (held_by_sentences); off for the
        # output of small models, whose joins were nearly all inventions
        self.joins = joins
        self.page_terms = {number: _page_terms(text) for number, text in pages.items()}
        n = max(1, len(self.page_terms))
        df = Counter(t for ts in self.page_terms.values() for t in ts)
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self.all_terms = set(df)
        self._texts = pages
        # pages that state a percentage once for many numbers ("Share (%)", 割合（％）): there "30%" may be "30"
        self._bare_percent = {number for number, text in pages.items() if _has_bare_percent(text)}
        self._lines: dict[int, list[list[str]]] = {}  # page -> its paragraphs' sentences (lazy)
        self._unjoined: dict[int, list[str]] = {}  # page -> its sentences, in order (lazy)
        self._pieces: dict[int, list[str]] = {}  # the same, each ただし sentence joined to its rule (lazy)
        self._led: dict[int, set[int]] = {}  # page -> pieces that are a list item read with its lead-in (lazy)
        self._rules: dict[int, list[set[str] | None]] = {}  # page -> terms of a joined piece's rule, else None (lazy)
        self._piece_terms: dict[int, list[list[str]]] = {}  # page -> terms() of its pieces, in order (lazy)
        self._sentences: dict[int, list[set[str]]] = {}  # page -> term sets of its pieces, in order (lazy)
        self._headings: dict[str, tuple[str, bool]] | None = None  # its heading lines (is_heading; lazy)
        # every sentence, normalised as is_a_sentence compares -> the pages that hold it (lazy)
        self._sentence_keys: dict[str, list[int]] | None = None
        self._by_term: dict[str, list[tuple[int, int]]] | None = None  # see _postings (lazy)
        self._units: dict[int, list[set[tuple[str, str]]]] = {}  # page -> number_units of its pieces (lazy)
        self._identifiers: set[str] | None = None  # every identifier the pages write, lower case (lazy)
        self._changes: dict[int, list[Change]] = {}  # page -> the change each of its pieces tells (lazy)
        self._bound_sets: dict[int, list[dict]] = {}  # page -> bounds_of of its pieces (lazy)
        self._column_sets: dict[int, list[dict[str, set[str]]]] = {}  # page -> limit_columns of its pieces (lazy)
        self._header_sets: dict[int, list[dict[str, set[str]]]] = {}  # page -> header_columns of its pieces (lazy)
        self._update_list: list[tuple[tuple[int, int], str, str, set[str]]] | None = None  # see _updates (lazy)
        self._clauses: dict[tuple[int, int], list[set[str]]] = {}  # (page, piece) -> its clauses' terms (lazy)

    def numbers_in_context(self, text: str, pages: list[int] | None = None,
                           label: frozenset[str] = frozenset()) -> bool:
        """Whether every number of a text stands in a sentence of the given pages that shares another of the
        text's terms: "sign the contract by 9 December" is not supported by "the minutes of 9 September", however
        many of its words the page has. (One shared term, in the number's own sentence: a point may join two
        sentences, "3,100 rpm and 3,800 impacts per minute"; on review outputs of smollm2, a wider context or two
        shared terms let wrong dates through, or refused good joined points.) A code names a thing, and its
        sentence describes it: there the sentence must hold half of the text's words ("the indoor temperature is
        checked by T2" is not stated by "Supply air temperature T2"). In that sentence the number keeps its unit:
        "wait 40 minutes" is not stated by "wait 20 minutes until it is below 40 degrees". Nor is a number stated
        by a sentence that replaces it ("raised the capacity from 16,000 to 32,000 samples"), unless the text
        tells of a change too, and then on the same side of it. A text that opens with a label ("Albania: full day
        EUR 34") needs the label's terms in that sentence too: in a table every row shares "full day EUR" with
        every other."""
        text_terms = terms(text)
        numbers = {t for t in text_terms if NUMBER.match(t)}
        words = set(text_terms) - numbers
        units = number_units(text_terms)

        def own_units(number: str) -> set[str]:
            return {unit for n, unit in units if n == number}

        amounts = _amounts(text_terms)

        # a number said in words need not be stated ("two modes: heating and cooling"), unless the document counts
        # the same thing with another number ("four ranges" where it says "3 ranges")
        numbers -= {n for n in spelled_numbers(text)
                    if not self._gives_another_number(own_units(n), n, own_units(n), rows_only=False)}
        told = change_told(text)

        words_weight = sum(self.weight(t) for t in words)
        conflicts: dict[str, bool] = {}

        def shares(number: str, sentence: set[str], page: int, i: int) -> bool:
            if not words:
                return True
            if number[0].isalpha():  # a code (E1, T2, RH1)
                return sum(self.weight(t) for t in words & sentence) >= 0.5 * words_weight
            shared = words & sentence - own_units(number)
            # an amount whose thing a sentence beside it names, with an amount of its own, is that sentence's
            # neighbour's: "The sauna fee is EUR 5" is not stated by "The fee for the sauna is EUR 8 per visit. The
            # fee for the gym is EUR 5 per visit." (review68 G7: a price list in short sentences, read as one join)
            # (and names a thing of its own: not "The sauna fee was EUR 6 last year. This year it is EUR 8.")
            if (number in amounts and self.joins and self._priced_beside(words - sentence, number, page, i, amounts)
                    and _content(sentence - words)):
                return False
            if shared - CURRENCIES:
                return True
            # an amount of money linked by its currency alone names what it is the amount of in the sentence
            # before ("The hall fee is under review. It is EUR 60 per evening."): not "The ball levy is EUR 3" from
            # "The captain recommended an increase in the floodlight charge from EUR 3 to EUR 5." under the heading
            # "2. Floodlights"
            # (or in its own words, as stemmed alike: "price" and "Prices" are not one term), by one of the text's
            # words but the generic ones ("bike" or "shed", not "fee": review67 F6); a text with no word but the
            # amount names nothing ("It is EUR 60 per evening.": F14).
            if shared and number in amounts:
                named = words - CURRENCIES - own_units(number)
                own = named - _GENERIC_MONEY_WORDS or named
                return not named or _same_stems(own, self._previous_sentence(page, i) | sentence)
            # the number's own unit alone links them: enough ("runs at 3,100 rpm" on "0 to 3,100 rpm in Mode 3"),
            # unless what the text says it of has another value in that unit elsewhere: "本体質量は 300 kg" is not
            # stated by "定格荷重 300 kg" where "本体質量 14.5 kg" is a row (review12 H3)
            if not words & sentence:
                return False
            if number not in conflicts:  # (once per number: the answer does not depend on the sentence)
                conflicts[number] = self._gives_another_number(words - own_units(number), number, own_units(number),
                                                               rows_only=True)
            return not conflicts[number]

        # ... nor by a table row, told as it stands now, where a sentence changed that value of the row's thing:
        # "The marketing budget is EUR 9,000" from the row "Marketing | 9,000 | ..." where the meeting then decided
        # "The marketing budget was reduced from EUR 9,000 to EUR 5,000" (review46 F7); "was EUR 9,000" stays.
        # The change must be made (not "a motion to cut ... was rejected", review49 R5) and name the row's words the
        # text uses and two of its words besides the currency ("The cleaning budget is EUR 9,000" is another row,
        # "youth swimming" no "youth football": review48 F1, review49 R1); no change of the row may lead back to
        # the value (3,000 -> 3,500 -> 3,000, review48 F2).
        content = words - CURRENCIES
        changes = []
        # (a year of the change's old side dates the value: "Headcount was 48 in 2024"; not another year, "The 2027
        # marketing budget is EUR 9,000")
        if not (told.past or told.marks_old or told.changed):
            changes = [(sentence, change) for page in (self.page_terms if pages is None else pages)
                       for piece, sentence, change in zip(self._page_pieces(page), self._page_sentences(page),
                                                          self._page_changes(page))
                       if (change.old or change.new) and change.made and len(content & sentence) >= 2
                       and not told.years & change.old]

        def row_stale(number: str, page: int, i: int) -> bool:
            if not changes or ends_sentence(self._page_pieces(page)[i]):
                return False
            row_words = self._page_sentences(page)[i] & content  # (the row's label, as the text says it)
            of_row = [change for sentence, change in changes if row_words <= sentence]
            return any(number in change.old for change in of_row) and not any(number in change.new
                                                                               for change in of_row)

        # ... nor by one that bounds it the other way: "at most 22 µF" for "at least 22 µF" (review27 F3)
        text_bounds = bounds_of(text)
        return all(any(self.states(number, sentence, page) and shares(number, sentence, page, i) and label <= sentence
                       and not unit_differs(number, units, bound, sentence)
                       and not (number in amounts and _only_a_day_in(number, self._page_pieces(page)[i]))
                       and on_the_same_side(number, change, told, numbers)
                       and not bound_flipped(number, text_bounds, limits)
                       and not bound_flipped(("per", number), text_bounds, limits)
                       and not bound_flipped(("at", number), text_bounds, limits)
                       and not row_stale(number, page, i)
                       for page in (self.page_terms if pages is None else pages)
                       for i, (sentence, bound, change, limits) in enumerate(zip(
                           self._page_sentences(page), self._page_units(page), self._page_changes(page),
                           self._page_bounds(page))))
                   for number in numbers)

    def _priced_beside(self, missing: set[str], number: str, page: int, i: int, told: set[str]) -> bool:
        """Whether the piece before or after piece i of a page holds the words `missing` (the text's words that
        piece i lacks, but the generic ones) and states an amount of money other than `number`, and not it, nor one
        the text tells too (`told`: "Entry costs EUR 12; students and seniors pay EUR 8." joins both: review72 R7)."""
        missing = _content(missing)
        pieces = self._page_piece_terms(page)
        for j in (i - 1, i + 1):
            if missing and 0 <= j < len(pieces) and missing <= set(pieces[j]):
                amounts = _amounts(pieces[j])
                # (a price of the same order: not "The sauna was renovated for EUR 40,000" beside "Entry now costs
                # EUR 9": review69 R9)
                if amounts and number not in amounts and not amounts & told and any(
                        _same_order(a, number) for a in amounts):
                    return True
        return False

    def _previous_sentence(self, page: int, i: int) -> set[str]:
        """The terms of the piece before piece i of a page (none for the first)."""
        return self._page_sentences(page)[i - 1] if i > 0 else set()

    def _gives_another_number(self, holding: set[str], number: str, its_units: set[str], rows_only: bool) -> bool:
        """Whether a piece holding one of the terms `holding` gives one of `its_units` to another number than
        `number` (rows_only: only a table row or value line, "本体質量 14.5 kg": in prose a subject has many values,
        "the drill runs at 800 rpm in Mode 1", in a table an item has one)."""
        return any((not rows_only or not ends_sentence(self._page_pieces(page)[i]))
                   and any(unit in its_units and n != number for n, unit in self._page_units(page)[i])
                   for page, i in {at for t in holding for at in self._postings().get(t, ())})

    def held_by_sentences(self, text_terms: set[str], pages: list[int] | None = None) -> bool:
        """Whether one sentence of the document holds all the text's terms that the document has; or, where joins
        are allowed, two hold >= 60 % of its term weight. A statement restates one sentence, or joins two; words
        gathered from all over the document make a sentence the document never says (seen in runs: "The product
        does not meet the specified specifications", "... and a final report to be completed"; on the past
        review outputs, the model's sentences under 60 % were such inventions or vague descriptions of the
        document). The joins of a 135M model were nearly all inventions too (15 of the 15 such sentences of six
        runs, on 2026-11-30: "a silencer ... must be installed inside the thermal envelope" from a silencer
        sentence and an installation one, "the walking programme reduced systolic blood pressure by 4.7 mmHg ...,
        and the difference was not statistically significant", whose difference was another), and so were its
        sentences that took one word from another sentence ("The warranty is voided if the capacitor is replaced
        ..." where the seal is meant: review19 F3)."""
        postings = self._postings()
        known = {t for t in text_terms if t in postings}
        # a word the document lacks counts half: the model's own word ("concludes", "recommendation") is a sign of
        # an invention, a paraphrase has some too (coverage weighs them in full); Japanese junction bigrams none
        absent = 0.0 if mostly_cjk(" ".join(text_terms)) else 0.5
        total = sum(self.weight(t) * (1.0 if t in known else absent) for t in text_terms)
        candidates = {at for t in text_terms for at in postings.get(t, ()) if pages is None or at[0] in pages}
        covered: set[str] = set()

        def holds(at: tuple[int, int]) -> set[str]:
            # a row under a Min / Typ / Max header says which its values are ("4.2 mA typical and 8.0 mA maximum";
            # columns_differ checks that each is in its column)
            held = self._page_sentences(at[0])[at[1]]
            # ... and a Markdown table's row the words of the headers of the columns of the text's values ("Staff
            # spent EUR 148,000" under "Spent to 30 Sep (EUR)"; headers_differ checks the columns)
            columns = self._page_header_columns(at[0])[at[1]]
            held = held.union(*(heading for value, heading in columns.items() if value in text_terms))
            return held | LIMIT_TERMS if self._page_limit_columns(at[0])[at[1]] else held

        for round_ in range(2 if self.joins else 1):
            best = max(candidates, key=lambda at: sum(self.weight(t) for t in (text_terms & holds(at)) - covered),
                       default=None)
            if best is None:
                break
            covered |= text_terms & holds(best)
            # one sentence holds all the document's words of it: a paraphrase ("once a week" for "weekly"), whatever
            # words of its own it adds (coverage weighs those); for a small model, words about the document aside
            if round_ == 0 and covered >= (known if self.joins else known - META_TERMS):
                return True
        return self.joins and sum(self.weight(t) for t in covered) >= 0.6 * total

    def knows_identifiers(self, text: str) -> bool:
        """Whether every identifier of the text (a model or part name, a code, an id: "HX-40E", "BUG-4388", "P20")
        is written in the document: "the maximum temperature allowed by the HX-40A" names a model that does not
        exist (seen in a run; terms read it as "hx 40", which the document has)."""
        def keys(text: str) -> set[str]:  # ("HX40" is "HX-40")
            return {m.lower().replace("-", "") for m in _IDENTIFIER.findall(unicodedata.normalize("NFKC", text))}

        if self._identifiers is None:
            self._identifiers = set().union(*map(keys, self._texts.values()))
        return keys(text) <= self._identifiers

    def states(self, number: str, page_terms: set[str], page: int) -> bool:
        """Whether terms of `page` state `number`: as written, or a percentage as the bare number on a page
        that gives the percent sign once (a table's "Share (%)" column)."""
        return number in page_terms or (number.endswith("%") and page in self._bare_percent
                                        and number[:-1] in page_terms)

    def _page_pieces(self, page: int) -> list[str]:
        """The page's sentences as text, in order (a heading or a header line is a piece of its own; a rule and the
        ただし / "However, ..." sentence that qualifies it are one piece)."""
        if page not in self._pieces:
            groups = rules_and_exceptions(self._page_sentences_unjoined(page))
            # a list item under a lead-in that says no or sets a condition ("We will not pay for:" / "a) loss
            # caused by wear and tear;") is read with it: "We will pay for wear and tear" meets its "not"
            lead, led = None, set()
            for k, group in enumerate(groups):
                if lead and len(group) == 1 and BULLET.match(group[0]):
                    group[0] = f"{lead} {BULLET.sub('', group[0])}"
                    led.add(k)
                else:
                    lead = group[0] if (len(group) == 1 and re.search(r"[:：?？]$", group[0]) and len(group[0]) <= 200
                                        and _NEGATIVE_LEAD.search(group[0])) else None
            self._pieces[page] = [join_sentences(group) for group in groups]
            self._led[page] = led  # such pieces are compared with, never quoted: the document has no such sentence
            # the rule of a joined piece alone, as a restatement of the rule is measured against it
            self._rules[page] = [None if len(group) == 1 else set(terms(group[0])) for group in groups]
        return self._pieces[page]

    def quotable_sentences(self, page: int) -> list[str]:
        """The page's sentences as they may be quoted: without their list markers, a rule with its ただし /
        "However, ..." sentence. Under a clause title that limits its clause ("3.6 Accidental damage (Gold plan
        only).") the clause's first sentence is quoted with the title (less its number), its others not at all:
        alone, "We will pay to repair an appliance that suffers accidental damage" tells every holder they are
        covered (review23 F1). The clause is the rest of the title's paragraph, or the paragraph after a title
        that stands alone."""
        lines = [[BULLET.sub("", s) for s in line] for line in self._page_lines(page)]
        numbered = _clause_numbered_lines(lines)
        lines = [[CLAUSE_NUMBER.sub("", s) if k == 0 and i in numbered and not _is_clause_title(s) else s
                  for k, s in enumerate(line)] for i, line in enumerate(lines)]
        line_of = [i for i, line in enumerate(lines) for _ in line]  # the paragraph of each sentence, in order
        quotable, scope = [], None  # scope: [the limiting title, its clause's last paragraph, first one quoted]
        last_line = -1
        k = 0
        for group in rules_and_exceptions([s for line in lines for s in line]):
            sentence, line = join_sentences(group), line_of[k]
            k += len(group)
            if scope and line > scope[1]:
                scope = None
            if _is_clause_title(sentence):
                alone = k == len(line_of) or line_of[k] != line  # the last sentence of its paragraph
                title = CLAUSE_NUMBER.sub("", sentence)
                if not re.search(r"[.:!?。：]$", title):  # a title line: "Accidental damage (Gold plan only): We ..."
                    title += "：" if mostly_cjk(title) else ":"
                scope = [title, line + alone, False] if _limits_its_clause(sentence) else None
            elif scope and not scope[2]:
                quotable.append(join_sentences([scope[0], sentence]))
                scope[2] = True
            elif not scope:
                # In a paragraph, an instruction after a diagnosis under a condition is the condition's: "沸騰前に
                # 電源が切れる場合は、…可能性があります。" + "電源プラグを抜き、…水を入れ直してください。"; and a
                # warning's reason with its ただし goes with the rule before them: "満水目盛を超えて水を入れないで
                # ください。" + "沸騰時に熱湯があふれるおそれがあります。ただし、…" (review24 M1)
                after_condition = (_INSTRUCTION_JA.search(sentence) and _DIAGNOSIS_JA.search(quotable[-1])
                                   and _CONDITION_FIRST_JA.match(quotable[-1])) if quotable else False
                reason_and_exception = len(group) > 1 and _REASON.search(group[0])
                # (a reason with its exception on the line after a rule that stands alone on its line is the
                # rule's too: "Do not immerse the kettle." / "This may cause a shock. However, the lid ...")
                # (not an item or a 【注意】 of its own)
                opens = self._page_lines(page)[line][0]
                rule_line_before = (bool(quotable) and last_line >= 0 and line == last_line + 1
                                    and len(lines[last_line]) == 1 and not BULLET.match(opens)
                                    and not opens.startswith("【"))
                # (a decision told alone goes with what it decides, in its paragraph or the next line: "Ms Okafor
                # proposed raising the youth discount from 20% to 50%. Rejected by 5 votes to 2."; and "Two of them
                # need new oars" with "The club owns 12 boats.": review74 M2)
                # (the outcome only after what it decides, not after a heading: review77 R3; the group in the next
                # line too, one sentence a line as Japanese notices write: G3)
                # ... past who moved and seconded it: "Motion: that ... / Proposed: M. Reid. Seconded: K. Shah. /
                # Carried." (review77 G6)
                near = bool(quotable) and last_line >= 0 and line - last_line <= 1
                # (a vote in parentheses after a full stop, "... GBP 84,000. (Carried 6-1)", would end no sentence)
                # (once: "The motion was carried." after an amendment joined to its own outcome decides the motion,
                # not the amendment: review80 R6)
                movers = 0
                decided = near and is_decision(sentence) and ends_sentence(sentence)
                if decided:
                    while movers < len(quotable) - 1 and (MOVER_LABEL.match(quotable[-1 - movers])
                                                          or VOTE_CALL.match(quotable[-1 - movers])):
                        movers += 1
                    decided = decides_on(quotable[-1 - movers]) and not any(
                        is_decision(s) for s in split_sentences(quotable[-1 - movers])[1:])
                grouped = near and names_a_group_before(sentence) and names_a_group(quotable[-1])
                # (not past a quote's length: each is then quoted as it was, a bare decision not at all: review79 R2)
                if (decided or grouped) and len(join_sentences(quotable[-1 - movers * decided :] + [sentence])) > \
                        quotable_length(sentence):
                    decided = grouped = False
                if (line == last_line and (after_condition or reason_and_exception)
                        or (rule_line_before and reason_and_exception) or decided or grouped):
                    if decided and movers:
                        quotable[-1 - movers :] = [join_sentences(quotable[-1 - movers :])]
                    quotable[-1] = join_sentences([quotable[-1], sentence])
                else:
                    quotable.append(sentence)
                last_line = line  # (the paragraph of the last quotable, when it came right before the next)
                continue
            last_line = -1
        return quotable

    def _page_lines(self, page: int) -> list[list[str]]:
        """The page's paragraphs (unwrapped lines), each as the sentences split_sentences cuts it into."""
        if page not in self._lines:
            self._lines[page] = [split_sentences(line) for line in unwrapped_lines(self._texts.get(page, ""))]
        return self._lines[page]

    def _page_sentences_unjoined(self, page: int) -> list[str]:
        """The page's sentences as split_sentences cuts its lines (a ただし sentence on its own)."""
        if page not in self._unjoined:
            self._unjoined[page] = [s for line in self._page_lines(page) for s in line]
        return self._unjoined[page]

    def _page_sentences(self, page: int) -> list[set[str]]:
        """Term sets of the page's sentences; one that follows a label line (a label over its value in a spec
        sheet: "Rated power" / "1500 W") holds that line's terms too; a longer line (a table's first row under its
        header row, "Code Meaning" / "E1 Temperature sensor fault ...") does not. A table row is no label: it
        holds a number of its own, and the next row must not borrow its words ("通信費補助 月額2,000円" /
        "機器購入補助 上限30,000円")."""
        if page not in self._sentences:
            pieces, piece_terms = self._page_pieces(page), self._page_piece_terms(page)
            sentences = []
            header = None  # the label line rows of numbers borrow from
            for i, ts in enumerate(piece_terms):
                # a value line is short: "1500 W", "12 kg"; a table's row under its header row has words of its own
                value_line = sum(not NUMBER.match(t) for t in ts) <= 3 and not ends_sentence(pieces[i])
                if i > 0 and _is_label_line(pieces[i - 1]) and value_line:
                    header = piece_terms[i - 1]
                elif not (header is not None and value_line and sum(bool(NUMBER.match(t)) for t in ts) >= 2):
                    header = None  # rows of two numbers or more go on under the header ("95.0% to 99.0%  10%")
                sentences.append(set(ts) | set(header or ()))
                if sum(bool(NUMBER.match(t)) for t in ts) < 2:
                    header = None  # ... a single value ("1500 W") has its label to itself
            self._sentences[page] = sentences
        return self._sentences[page]

    def _page_piece_terms(self, page: int) -> list[list[str]]:
        """terms() of the page's pieces, in order (read once: the term sets and the units are made from them)."""
        if page not in self._piece_terms:
            # a Japanese paragraph or item number ("2 特別休暇は…", "（1）本人が結婚するとき 5日") states no number:
            # it "stated" 2日 for a wrong 結婚 2日 (review15 H5); in English "Step 2" may cite a list number
            # a table row's unit cell belongs to its numbers: "| Output voltage | 4.8 | 5.0 | 5.2 | V |" states
            # 5.0 V (review41 F10), "| Line regulation | — | 0.2 | 0.5 | % |" 0.2 % as well as 0.5 %
            self._piece_terms[page] = [
                terms(BULLET.sub("", piece)) if mostly_cjk(piece) else terms(piece) if ends_sentence(piece) else
                _with_percent_cell(piece, terms(_UNIT_CELL.sub(r" \1", piece))) for piece in self._page_pieces(page)]
        return self._piece_terms[page]

    def _page_units(self, page: int) -> list[set[tuple[str, str]]]:
        """(number, unit) pairs of the page's pieces, in the order of _page_pieces."""
        if page not in self._units:
            self._units[page] = [number_units(ts) for ts in self._page_piece_terms(page)]
        return self._units[page]

    def _page_changes(self, page: int) -> list[Change]:
        """The change each of the page's pieces tells: its old and new numbers (see change_sides), and whether it
        was made."""
        if page not in self._changes:
            self._changes[page] = changes_told(self._page_pieces(page))
        return self._changes[page]

    def _page_bounds(self, page: int) -> list[dict]:
        """The bounds each of the page's pieces puts on its numbers (see bounds_of)."""
        if page not in self._bound_sets:
            self._bound_sets[page] = [bounds_of(piece) for piece in self._page_pieces(page)]
        return self._bound_sets[page]

    def _page_limit_columns(self, page: int) -> list[dict[str, set[str]]]:
        """For each of the page's pieces, its numbers' columns when it is a row under a Min / Typ / Max header
        (value -> {"min", "typ", "max"}); empty for the rest."""
        if page not in self._column_sets:
            self._column_sets[page] = limit_columns(self._page_pieces(page))
        return self._column_sets[page]

    def _page_header_columns(self, page: int) -> list[dict[str, set[str]]]:
        """For each of the page's pieces, when it is a row of a Markdown table, value -> the terms of the header
        cells of its columns ("| Staff | 300,000 | 148,000 |" under "| Cost centre | Annual budget (EUR) | Spent
        (EUR) |": 300000 -> annual, budget, eur); empty for the rest."""
        if page not in self._header_sets:
            self._header_sets[page] = header_columns(self._page_pieces(page))
        return self._header_sets[page]

    def _updates(self) -> list[tuple[tuple[int, int], str, str, set[str], str | None]]:
        """((page, index of the piece), new date, its month, the words of what has it, in Japanese what has it)
        of each change of a date the document tells as made (see updates_told): "The move date is postponed to
        15 June 2026" gives ((1, 14), "15", "june", {"move", "date"}, None); 「本番移行日は1月9日に変更」 gives
        (…, "9", "日", {本番, 番移, 移行, 行日}, "本番移行日"). Dates only: other values change with a mode or a
        version ("draws 75 W in boost mode", release notes newest first), and one word in common made a true
        sentence "superseded" (review20 F1-F3). Built once."""
        if self._update_list is None:
            self._update_list = []
            for page in self.page_terms:
                for i, piece in enumerate(self._page_pieces(page)):
                    if mostly_cjk(piece):
                        self._update_list += [((page, i), n, DAY_JA, set(terms(what)), what)
                                              for n, what in japanese_date_changes(piece)]
                        continue
                    for n, words in updates_told(piece):
                        self._update_list += [((page, i), n, unit, words - {unit}, None)
                                              for m, unit in self._page_units(page)[i] | month_days(piece)
                                              if m == n and unit in MONTHS | {"may"}]
        return self._update_list

    def _updates_after(self, page: int, i: int, text: str) -> list[tuple[str, str, bool]]:
        """(new value, unit, whether the text names all of what is moved) of the updates (see _updates) after
        piece i of `page` whose words share one with the text besides the unit: "The move date is postponed to 15
        June 2026" for "we decided to move the office ... on 1 June 2026" (a mail thread, minutes that correct an
        earlier decision). In Japanese the text must name what is moved, as a phrase of its own: 本番移行を…, not
        データ移行 nor 本番移行判定会議 (review36 F1)."""
        text_terms = terms(text)
        words = {t for t in text_terms if not NUMBER.match(t)}
        found = []
        for at, new, unit, its_words, what in self._updates():
            if at <= (page, i) or not (shared := (words - {unit}) & its_words):
                continue
            if what is not None:  # Japanese
                if names_the_moved_thing(what, text):
                    found.append((new, unit, True))
            else:  # (a date, a day or a window is when, not what: "the move date is postponed")
                found.append((new, unit, shared >= its_words - WHEN_WORDS))
        return found

    def _newer_values(self, page: int, i: int, text: str) -> set[str]:
        """The text's numbers that an update after piece i of `page` gives as its new value, in that unit."""
        units = number_units(terms(text))
        return {new for new, unit, _ in self._updates_after(page, i, text) if (new, unit) in units}

    def superseded(self, sentence: str, page: int | None = None) -> bool:
        """Whether a sentence of the document (of `page`, when given) states a value that a later sentence of the
        document changes to another value in the same unit (see _updates_after), or a date that it moves to
        another month ("21-22 November", later "moved to the weekend of 12-13 December": review34 F1) when the
        sentence names all of what is moved ("the office" is not "the office move", "the project steering
        meeting" not "the project review meeting": review36 F1): quoted, it would state what is no longer so."""
        key = " ".join(BULLET.sub("", sentence).split()[:8]).lower()
        if not self._updates() or not key:
            return False
        for number in (self.page_terms if page is None else [page]):
            for i, piece in enumerate(self._page_pieces(number)):
                if key in " ".join(piece.split()).lower():
                    ts = terms(sentence)
                    units = number_units(ts)
                    dated_ja = any(u == "月" for _, u in units)  # a day of a date, not "5日間"
                    units |= month_days(sentence)
                    months = MONTHS | {"may"}
                    return any(new not in ts and any((u == unit or (well_shared and unit in months and u in months))
                                                     and n != new and (unit != DAY_JA or dated_ja) for n, u in units)
                               for new, unit, well_shared in self._updates_after(number, i, sentence))
        return False

    def faithful(self, text: str) -> str | None:
        """What may stand for `text` in the output: the text itself; or the document sentence it misquotes —
        cut short (completed), or with a negation, a condition or a number changed (contradicted_by); or None when
        that sentence is too long to quote, or a table row, or cannot be told, or states a value that a later
        sentence changed (superseded)."""
        if self.is_a_sentence(text):
            # a quote of the document, as the model gave it; not one whose value a later sentence changed
            return None if self.superseded(text) else self._with_its_exception(text)
        whole = self.completed(text)
        if _brackets_unbalanced(text) and whole == text:
            return None  # a fragment that stops inside a bracket: 「この規則は、ミナトテック（介T．」 (review27 F1)
        if whole is None or whole != text:
            return None if whole and self.superseded(whole) else whole
        source = self.contradicted_by(text)
        if source is None:
            return text
        return (source if ends_sentence(source) and len(source) <= quotable_length(source)
                and not self.superseded(source) else None)

    def _with_its_exception(self, sentence: str) -> str:
        """A document sentence, with the ただし / "However, ..." sentence that qualifies it when it has one (and the
        two are short enough to quote): "Overtime is paid at 125 %." copied alone loses "However, managers receive
        no overtime pay."."""
        key = " ".join(strip_bullets(sentence).split()).lower()
        for whole in self._pieces_beginning(key):
            if is_exception(whole[len(key):].lstrip()) and len(whole) <= quotable_length(whole):
                return whole  # not a longer list item that begins alike: that has no exception after the key
        return sentence

    def _pieces_beginning(self, start: str):
        """The pieces (a rule with its ただし sentence), less their list markers, whose lower case begins with
        `start`, in document order."""
        for page in self.page_terms:
            for piece in self._page_pieces(page):
                sentence = BULLET.sub("", piece)
                if sentence.lower().startswith(start):
                    yield sentence
                elif (unnumbered := CLAUSE_NUMBER.sub("", sentence)).lower().startswith(start):
                    yield unnumbered  # a clause copied without its number

    def _pieces_ending(self, end: str):
        """The pieces, less their list markers, whose lower case ends with `end` (less its sentence end) after
        words of their own, in document order."""
        for page in self.page_terms:
            for piece in self._page_pieces(page):
                sentence = BULLET.sub("", piece)
                if sentence.lstrip().startswith(("#", "|")):
                    continue  # a heading ("## 2 Electrical Characteristics") or a table's row, whose cell is whole
                low = _cut_short_key(sentence)
                # (not after a sentence, two run together in one piece, nor a clause after a semicolon: "traffic
                # fines are never reimbursed" stands on its own; nor after a label, 【警告】, "Note:", or a number:
                # review46 F1, F2)
                before = low[: -len(end)].rstrip()
                words_before = {t for t in terms(before) if not NUMBER.match(t)}
                if len(low) > len(end) and low.endswith(end) and (
                        mostly_cjk(end) or not low[-len(end) - 1].isalnum()) and not re.search(
                        r"[.。!?！？;；]$", before) and not words_before <= _GENERIC_LABEL:
                    yield sentence

    def contradicted_by(self, text: str) -> str | None:
        """The document sentence that `text` mostly restates (>= 60 % of its term weight) when one of them says
        "not"/"never"/"unless"/"except"/"only" (ない, 除く, ただし, のみ ...) and the other does not: "Contractors may
        work remotely" against "Contractors must not work remotely unless their contract permits it"; when the
        text gives a unit of the sentence another number: "Tom will fix the bugs by 10 March" against "... by 25
        March"; or when it has a word for the opposite of one of the sentence's (_OPPOSITES: "approved" for
        "rejected"). A check by words cannot see a contradiction; these marks of one it can. None when there is
        no such sentence; "" when the text misquotes a list item read with its lead-in (no sentence to quote)."""
        text_terms = terms(text)
        units = number_units(text_terms)
        wanted = set(text_terms)
        # The words compared on their own (a level, one of two opposites) do not count towards the 60 %: "A C-wire
        # is required" restates "A C-wire is recommended" in all but its level. They do count in the score.
        core = set(terms(without_marks(text)))
        total, core_total = (sum(self.weight(t) for t in ts) for ts in (wanted, core))
        if not core_total:
            return None
        text_bounds, text_limits, text_amounts = bounds_of(text), limits_stated(text), amounts_of(text)
        # Both ways: the sentence holds >= 60 % of the text's weight and the text >= 30 % of the sentence's, so a
        # longer sentence that merely contains the text's words (its exception, its restriction) is not its source.
        # Among equally good matches, one that agrees with the text (its polarity, its numbers with their units)
        # means the text restates that one.
        # Only sentences holding one of the text's heaviest terms can hold 60 % of its weight: those whose weight
        # makes up more than 40 % of the total (the rest cannot reach 60 % without one of them).
        heaviest, weight = [], 0.0
        for t in sorted(core, key=self.weight, reverse=True):
            heaviest.append(t)
            weight += self.weight(t)
            if weight > 0.4 * core_total:
                break
        # a value of a Markdown table's row given the words of another column's header ("The Staff budget is EUR
        # 148,000" where 148,000 is spent): that row is what the text misquotes, however little else it shares
        # (a row the text names: "The repair budget for the church roof is EUR 8,000" is not about the
        # Playground row that has 8,000 under "Spent", review44 N1)
        # (unless a sentence agrees with the text and gives the value those words itself: "a marketing budget of EUR
        # 15,000" granted, in prose, beside a table where Marketing spent 15,000; not "Marketing spent EUR 15,000 of
        # its EUR 20,000 budget" for "The marketing budget was EUR 15,000", review45 S1)
        misquoted_row, conflicts = None, {}
        for page, i in sorted({at for t in wanted if NUMBER.match(t) for at in self._postings().get(t, ())}):
            row = self._page_pieces(page)[i]
            if set(terms((markdown_cells(row) or [""])[0])) & wanted and (
                    conflicts := header_conflicts(text_amounts, self._page_header_columns(page)[i])):
                misquoted_row = row
                break
        candidates = sorted({at for t in heaviest for at in self._postings().get(t, ())})
        scored = []
        for page, i in candidates:
            piece, piece_terms = self._page_pieces(page)[i], self._page_sentences(page)[i]
            if i + 1 < len(self._page_pieces(page)) and MARKDOWN_TABLE_RULE.match(self._page_pieces(page)[i + 1]):
                continue  # a table's header row states nothing ("| Cost centre | Spent to 30 Sep (EUR) |")
            shared = sum(self.weight(t) for t in wanted & piece_terms)
            # a rule with its exception: a text that restates the rule alone restates it (and has lost the
            # exception, which _same_polarity sees); review12 H1, 「屋外では使用できません。」 without its ただし
            rule = self._rules[page][i]
            own_terms = piece_terms if rule is None else rule
            if not ends_sentence(piece):  # a table row: "No-load power consumption: PASS" restates its words,
                own_terms = {t for t in own_terms if not NUMBER.match(t)}  # not its six numbers (review15 H7)
            own = sum(self.weight(t) for t in own_terms)
            # a text restates one clause of a longer sentence ("..., until then the unit must not be sold in the
            # United States" for its "not be sold" clause): that clause is what it must hold 30 % of (the score
            # stays the whole sentence's: a clause's weight made a near-copy of another sentence lose to it,
            # review21 F1)
            must_hold = own
            if rule is None and ends_sentence(piece) and len(clauses := self._clause_terms(page, i)) > 1:
                must_hold = sum(self.weight(t) for t in max(clauses, key=lambda ts: sum(self.weight(t)
                                                                                        for t in core & ts)))
            # ... and a rule whose long exception ends it ("We will not pay for: breakdown caused by limescale,
            # unless the appliance is a dishwasher ... descaler as the manufacturer recommends;") is restated by
            # its rule alone: "We will pay for breakdown caused by limescale" lost its "not" (review23 F7)
            if (m := _TRAILING_CONDITION.search(piece)) and rule is None:
                must_hold = min(must_hold, sum(self.weight(t) for t in set(terms(piece[:m.start()])) & own_terms))
            restated = sum(self.weight(t) for t in core & piece_terms)
            # a table row or a label line ("定格荷重	300 kg") may be what the text restates: then it agrees, or the
            # text misquotes it (another number, an opposite), and is dropped, as a row is no sentence to quote
            if own and restated >= 0.6 * core_total and shared >= 0.3 * must_hold:
                # a value a later sentence changed to (the move "postponed to 15 June" where this piece decided
                # "1 June") is no misquote of this piece's value: the text has the newer one
                newer = self._newer_values(page, i, text)
                same_facts = (not opposed(text, piece) and same_level(text, piece)
                              and not names_swapped(text, piece) and not agents_differ(text, piece)
                              and not pairs_swapped(text, piece) and not values_exchanged(text, piece)
                              and not directions_swapped(text, piece)
                              and not opposites_swapped(text, piece) and not conditions_swapped(text, piece)
                              and not bounds_differ(text_bounds, self._page_bounds(page)[i])
                              and not columns_differ(text_limits, self._page_limit_columns(page)[i])
                              and not headers_differ(text_amounts, self._page_header_columns(page)[i])
                              and not sides_differ(text, piece) and not number_changed(wanted - newer, piece_terms)
                              and not any(unit_differs(number, units, self._page_units(page)[i], piece_terms)
                                          for number, _ in units if number not in newer))
                led = i in self._led[page]  # (a list item read with its lead-in: "We will not pay for: loss ...;")
                if led:  # its "not" is what counts: "Members who cannot attend should name a deputy" restates
                    # "If you cannot attend, please: name a deputy"
                    # (its "not", not a "without" of the item: "theft without signs of forced entry is covered"
                    # says the opposite of "We will not pay for: theft without signs ...", review22 F3)
                    # (and its own "unless": "Breakdown caused by limescale is not covered" for "...: breakdown
                    # caused by limescale, unless the appliance is a dishwasher ...", review23 F7)
                    mine, theirs = polarity_of(text), polarity_of(piece)
                    agrees = same_facts and mine[0] + mine[3] == theirs[0] + theirs[3] and (
                        not _TRAILING_CONDITION.search(piece) or mine[2])
                elif ends_sentence(piece):
                    agrees = same_facts and self._same_polarity(text, page, i)
                elif any(NUMBER.match(t) for t in piece_terms):  # a table row or a value line
                    # it agrees with a text that holds all of it and states no other number (it has no "not" or
                    # "if" to keep: "If availability is below 90.0%, the credit is 50%"); a text that misquotes it
                    # is dropped; any other text is not measured against it ("The rated load is 150 kg" lacks
                    # the "stacked" of its row)
                    agrees = same_facts and set(self._page_piece_terms(page)[i]) <= wanted and all(
                        t in piece_terms for t in wanted if NUMBER.match(t))
                    if same_facts and not agrees:
                        continue
                else:  # a heading: "Covering the heater" is no source of "Cover the heater"
                    continue
                scored.append((shared / total + shared / own, None if led else piece, agrees, same_facts))
        if not scored:
            return misquoted_row
        best = max(score for score, *_ in scored)
        tied = [(piece, agrees, same_facts) for score, piece, agrees, same_facts in scored if score >= best - 1e-9]
        agreeing = [piece for piece, agrees, _ in tied if agrees]
        if agreeing and not (misquoted_row and not any(
                words & amounts_of(piece).get(value, (set(),))[0] for piece in agreeing if piece
                for value, words in conflicts.items())):
            return None
        if misquoted_row:
            return misquoted_row
        source, _, same_facts = tied[0]
        if source is None:
            return ""  # it misquotes a list item read with its lead-in: no sentence of the document to put instead
        if same_facts and self._joins_its_condition(text, wanted, total, source):
            return None
        return CLAUSE_NUMBER.sub("", BULLET.sub("", source))  # "2.5 The heater weighs 4 kg" would read as 2.5 kg

    def _clause_terms(self, page: int, i: int) -> list[set[str]]:
        """Term sets of the clauses of piece i of `page` (split as _same_polarity splits them), read once."""
        if (page, i) not in self._clauses:
            self._clauses[page, i] = [set(terms(c)) for c in CLAUSE_BREAK.split(self._page_pieces(page)[i])]
        return self._clauses[page, i]

    def _same_polarity(self, text: str, page: int, i: int) -> bool:
        """Whether each clause of the text says no, or states a condition, as the clause of piece i of `page` it
        restates does (the one holding most of its weight): "Parking fees are not reimbursed" does not agree with
        "Parking fees are reimbursed; traffic fines are never reimbursed", whose "never" belongs to the other
        clause. Nor when the two clauses have opposite words (_OPPOSITES): "0.5 or more are rounded down; smaller
        fractions are rounded up" swaps the clauses' words of "... rounded up; ... rounded down" (review23 F10)."""
        sentence = self._page_pieces(page)[i]
        theirs = CLAUSE_BREAK.split(sentence)
        if len(theirs) == 1:
            return polarity_of(text) == polarity_of(sentence)
        their_terms = self._clause_terms(page, i)
        # a clause that says no of someone else with the verb left out ("Outcome assessors were blinded;
        # participants were not.") is the clause a text about them restates (review18 H7)
        # (when what the text says of them is mostly what the clause before says: its elided verb; not "version 1
        # is supported until 31 December" for "version 2 supports offline mode; version 1 does not", review21 F6)
        elliptic = [(k, set(terms(m.group("who")))) for k, c in enumerate(theirs) if k and (m := ELLIPTIC_NO.match(c))]
        # (the text's clauses: also at ", and", so "X, and this comparison was randomised" meets "..., but this
        # comparison was not randomised" clause by clause)
        for clause in TEXT_CLAUSE_BREAK.split(text):
            mine = set(terms(clause))
            best = next((k for k, who in elliptic if who and who <= mine
                         and len((said := mine - who) & their_terms[k - 1]) >= 0.5 * len(said)), None)
            if best is None:
                best = max(range(len(theirs)), key=lambda k: sum(self.weight(t) for t in mine & their_terms[k]))
            if polarity_of(clause) != polarity_of(theirs[best]) or opposed(clause, theirs[best]):
                return False
        return True

    def _joins_its_condition(self, text: str, wanted: set[str], total: float, source: str) -> bool:
        """Whether the text has a negation or a condition its source lacks because it joins the source to another
        sentence that has it: "Replace the filter every 6 months, or sooner when the indicator turns red" joins
        "Replace the filter every 6 months." and "Replace it sooner if the indicator turns red." (>= 30 % of the
        text's weight in that other sentence)."""
        mine, theirs = polarity_of(text), polarity_of(source)
        if any(t and not m for m, t in zip(mine, theirs)):
            return False  # the source says something the text left out
        extra = [m and not t for m, t in zip(mine, theirs)]
        # what the text takes from the other sentence, besides its "not" or "if" (review15 H8: "they cannot take
        # stock in the first week" adds nothing of "... cannot take stock before the end of January" but "cannot")
        own = set(terms(source)) | {t for t in wanted if NEGATION.search(t) or CONDITION.search(t)}
        for page, i in sorted({at for t in wanted for at in self._postings().get(t, ())}):
            piece, piece_terms = self._page_pieces(page)[i], self._page_sentences(page)[i]
            if piece != source and any(e and flag for e, flag in zip(extra, polarity_of(piece))) and sum(
                    self.weight(t) for t in wanted & piece_terms) >= 0.3 * total and wanted & piece_terms - own:
                return True
        return False

    def _postings(self) -> dict[str, list[tuple[int, int]]]:
        """term -> (page, index of the sentence in _page_pieces) of every sentence holding it (built once)."""
        if self._by_term is None:
            self._by_term = {}
            for page in self.page_terms:
                for i, piece_terms in enumerate(self._page_sentences(page)):
                    for t in piece_terms:
                        self._by_term.setdefault(t, []).append((page, i))
        return self._by_term

    def is_heading(self, text: str) -> bool:
        """Whether `text` is, but for its number, marks, spaces and case, a heading of the document: a Markdown
        heading line ("## 4. Proposal to purchase a commercial observability platform") or the first line of
        the first page when it ends no sentence (the title: 第12回 システム刷新プロジェクト定例会議議事録). As a key point
        it states nothing; a long one passed as a point (review34 F4, F5). Not a heading that states a fact
        ("## Decision: the contract is renewed for 2 years", 「本番移行日は1月9日に決定」; review36 F4)."""
        if self._headings is None:
            # key -> (the heading's own key, whether it is the document's title). A Markdown heading's bare section
            # number may be copied or not ("2 Electrical Characteristics", review47 M5): both keys lead to it.
            self._headings = {}

            def add(line: str, bare_number: bool = False, title: bool = False) -> None:
                own = _heading_key(line, bare_number)
                for key in (own, _heading_key(line)):
                    was = self._headings.get(key, (own, False))
                    self._headings[key] = (was[0], was[1] or title)

            # bare numbers are section numbers where two Markdown headings or more open with one ("## 1 Overview",
            # "## 2 Electrical Characteristics"); one alone may be a quantity: "## 3 Tablets daily" (review36 F4)
            marked = [line for page in self._texts.values() for line in page.splitlines()
                      if line.lstrip().startswith("#")]
            bare = sum(bool(re.match(r"\s*#+\s*\d{1,2}\s+[^\W\d]{2}", line)) for line in marked) >= 2
            for number, page in sorted(self._texts.items()):
                lines = [line for line in page.splitlines() if line.strip()]
                if number == min(self._texts) and lines and not ends_sentence(lines[0]):
                    # (a name in Title Case, "HX-40 Heat Recovery Ventilator", reads its code as its name; not a
                    # headline, "HX-20 ships with longer warranty", 「HX-20 生産終了」, review49 R3)
                    title_case = all(w[0].isupper() for w in re.findall(r"[^\W\d_]{4,}", lines[0])
                                     if w.lower() not in STOPWORDS)  # ("... Charger with Automatic Shutdown", N4)
                    add(lines[0], bare and lines[0].lstrip().startswith("#"), title=title_case)
                elif (number == min(self._texts) and lines and len(sentences := split_sentences(lines[0])) > 1
                      and is_title_fragment(sentences[0]) and not _INSTRUCTION_OPENS.match(sentences[0])):
                    # (a document whose text opens with its title as a sentence: "Pump Station Report. Page one. The
                    # pump ...", a PDF's text; the model wrote it as the whole summary: review74 M1; not "Keep Away
                    # From Children." nor a headline on a later page: review78 R5)
                    add(sentences[0], title=True)
                for line in lines:
                    if line.lstrip().startswith("#"):
                        add(line, bare_number=bare)
                # a numbered section title of a text file, over its paragraph ("1. Budget summary for the first
                # half of FY2026"; review41 F12): a blank line or two sentences follow it. Not an item of a list
                # nor a step or a decision with its one line of explanation (review44 N4)
                raw = page.splitlines()
                for k, line in enumerate(raw[:-1]):
                    if (_NUMBERED_TITLE.match(line) and not ends_sentence(line) and len(line.split()) <= 12
                            and not re.search(r"\S(?:\t|\s{3,}|\s*\|)", line)  # (a table's row)
                            and (after := next((x for x in raw[k + 1:] if x.strip()), ""))
                            and not _LIST_ITEM.match(after)
                            and (not raw[k + 1].strip() or len(split_sentences(after)) >= 2)):
                        add(line)
            self._headings.pop("", None)
        own, title = self._headings.get(_heading_key(text), ("", False))
        return bool(own) and not _states_something(own, title)

    def is_a_sentence(self, text: str) -> bool:
        """Whether `text` is, but for list markers, spaces and case, one of the document's sentences."""
        return bool(self.pages_holding(text))

    def pages_holding(self, text: str) -> list[int]:
        """The pages (ascending) that hold `text` as one of their sentences, but for list markers, spaces and case."""
        if self._sentence_keys is None:
            self._sentence_keys = {}
            for page in sorted(self.page_terms):
                for s in self._page_sentences_unjoined(page):
                    # each sentence also without its clause number: "Do not extend the power cord." copies "3.3 ..."
                    for key in {BULLET.sub("", s), CLAUSE_NUMBER.sub("", BULLET.sub("", s))}:
                        pages = self._sentence_keys.setdefault(" ".join(key.split()).lower(), [])
                        if not pages or pages[-1] != page:
                            pages.append(page)
        key = " ".join(strip_bullets(text).split()).lower()
        return self._sentence_keys.get(key, []) if key else []

    def sentence_before(self, text: str, across_lines: bool = False) -> str | None:
        """The sentence before `text` in its paragraph, on the first page that holds it (None: it opens its
        paragraph, or is no sentence of the document); with `across_lines`, the last sentence of the line before
        when it opens its own."""
        key = " ".join(strip_bullets(text).split()).lower()
        for page in self.pages_holding(text)[:1]:
            lines = self._page_lines(page)
            for i, line in enumerate(lines):
                for k, sentence in enumerate(line):
                    if " ".join(strip_bullets(sentence).split()).lower() == key:
                        if k:
                            return line[k - 1]
                        if across_lines and i and lines[i - 1]:
                            return lines[i - 1][-1]
        return None

    def completed(self, text: str) -> str | None:
        """`text` itself, or the whole document sentence when `text` is that sentence cut short: "The warranty is
        void." copied from "The warranty is void if the seal is broken." says the opposite of the page, and a
        small model cuts copied sentences short and adds a period. None when no one sentence can stand for it:
        it begins sentences that go on differently, or the sentence is too long to quote."""
        start = _cut_short_key(text)
        if len(terms(start)) < 2:
            return text
        whole: dict[str, str] = {}  # lower case -> the sentences that begin with `start` and go on with words
        for sentence in self._pieces_beginning(start):
            low = sentence.lower()
            if not re.search(r"[^\W_]", low[len(start):]):
                return text  # the text is a whole sentence of the document (also when a longer one begins so)
            whole.setdefault(low, sentence)
        if not whole:
            # ... or cut at its start: "will be held on 9 December 2026." says nothing of what will be, 「12月15日に
            # 開催する。」 nothing of which meeting (review41 F13); when two sentences end so, or the one is too long
            # to quote, the text stays as it is (a cut start loses a subject, not a "not": review42 F5)
            ending = {sentence.lower(): sentence for sentence in self._pieces_ending(start)}
            if len(ending) != 1 or len(sentence := next(iter(ending.values()))) > quotable_length(sentence):
                return text
            return sentence
        if len(whole) > 1 or len(sentence := next(iter(whole.values()))) > quotable_length(sentence):
            return None
        return sentence

    def weight(self, term: str) -> float:
        return self.idf.get(term, math.log(1 + max(1, len(self.page_terms))))  # unseen: as rare as can be

    def coverage(self, text_terms: set[str], pages: list[int] | None = None) -> float:
        """Share of the text's term weight found in the given pages (all pages by default)."""
        if not text_terms:
            return 0.0
        pool = self.all_terms if pages is None else set().union(*(self.page_terms.get(p, set()) for p in pages))
        total = sum(self.weight(t) for t in text_terms)
        return sum(self.weight(t) for t in text_terms if t in pool) / total

    def attribute(self, text: str, within: list[int] | None = None, max_pages: int = 3) -> tuple[list[int], float]:
        """Pages (ascending) that best support `text`, greedily covering its terms, and the coverage reached.

        The best page always comes first; another page is added only when it covers a real share (>= 25%) of
        the weight still uncovered, so a point citing two pages draws on both.
        """
        candidates = [p for p in (within if within is not None else self.page_terms) if p in self.page_terms]
        wanted = set(terms(text))
        if not candidates or not wanted:
            return [], 0.0
        # a sentence of the document (a quote) cites a page that holds it, not one that shares the most of its
        # words: a manual repeats its boilerplate with a word changed (review33 F4)
        holding = [p for p in self.pages_holding(text) if p in candidates]
        if holding:
            return holding[:1], 1.0
        total = sum(self.weight(t) for t in wanted)
        chosen: list[int] = []
        covered: set[str] = set()
        for _ in range(max_pages):
            best, best_gain = None, 0.0
            for page in candidates:
                if page in chosen:
                    continue
                gain = sum(self.weight(t) for t in (wanted - covered) & self.page_terms[page])
                if gain > best_gain + 1e-9:
                    best, best_gain = page, gain
            if best is None or (chosen and best_gain < 0.25 * total):
                break
            chosen.append(best)
            covered |= wanted & self.page_terms[best]
        covered_weight = sum(self.weight(t) for t in covered)
        return sorted(chosen), covered_weight / total


def _heading_key(line: str, bare_number: bool = False) -> str:
    """A heading line as is_heading compares it: no Markdown #, section number, list marker, end colon or case.
    bare_number: a bare leading number is a section number too ("## 2 Electrical Characteristics")."""
    line = re.sub(r"^\s*#+\s*", "", line)
    # (a section number "4." "4)" "1.2" "第3章", not a quantity: "3 Tablets daily for adults", review36 F4)
    line = re.sub(r"^(?:\d+(?:\.\d+)+\.?|\d+[.)]|第[0-9０-９一二三四五六七八九十]+[章節条])\s+", "", strip_bullets(line))
    if bare_number:
        line = re.sub(r"^\d{1,2}\s+(?=[^\W\d]{2})", "", line)  # (not "## 12 V Operation", review48 F6)
    line = line.rstrip(":：.。")  # (a title the model ends with a full stop is still the title, review46 F3)
    return re.sub(r"\s+", "", line) if mostly_cjk(line) else " ".join(line.split()).lower()  # (会議 議事録)


def _states_something(line: str, title: bool = False) -> bool:
    """Whether a heading line states a fact, as a sentence would: a number (but a 第12回, or a code after "of" /
    "for", "Budget summary for FY2026": review41 F12), or a verb ("is renewed", "Contract renewed", "Fixed data loss
    on shutdown"; not the adjective opening a two-word title, "Detailed findings", nor the "Removed" of release
    notes: review42 F4, review44 N5); in Japanese a subject, topic or object (は, が, を)."""
    if mostly_cjk(line):
        return bool(re.search(r"[はがを]", line))
    # (a code after "of" / "for" names what the title is about; "Office closes in Q1" states when, review43 R7.
    # In the document's title (title=True: its first line, in Title Case) its one product code is its name:
    # "TPS-4820 Synchronous Buck Converter" (review46 F3); two relate things ("TPS-4820 replaces TPS-4410"), and a year may be a fact's
    # ("Council approves budget for 2026"; verbs this cannot tell, review47 R1, review48 F4)
    quantities = re.sub(r"\b(?:of|for)\s+(?:the\s+)?[A-Za-z]{1,3}[0-9]{1,4}\b", "", line)
    product_codes = re.findall(r"\b[A-Za-z]{2,}-[0-9][\w-]*", quantities)
    if title and len(product_codes) == 1:
        quantities = quantities.replace(product_codes[0], "")
    return bool(re.search(r"\d", quantities) or re.search(r"\b(?:is|are|was|were|be|been|will|shall|must|should|"
                                                         r"can|may|has|have|had|does|do|did)\b", line)
                or bool(re.search(r"(?<!^)\b\w+ed\b" if len(line.split()) <= 2 else r"\b\w+ed\b", line)))


# A numbered section title of a text file ("1. Budget summary for FY2026"); not a step of a manual, which opens
# with what to do ("3. Never install the filter on the hot water line", review42 F3; "Rinse the filter housing",
# a verb and its object, review43 R6).
_NUMBERED_TITLE = re.compile(
    r"^\s*(?:[0-9]{1,2}(?:\.[0-9]{1,2})*\.?|第[0-9０-９一二三四五六七八九十]+[章節])\s+(?!(?:never|do|don't|always|make|check"
    r"|remove|install|turn|open|close|press|set|use|keep|clean|replace|connect|disconnect|unplug|plug|insert|attach"
    r"|fill|empty|wait|switch|select|enter|click|tighten|loosen|mount|place|store|read|ensure|avoid|contact|call|send"
    r"|submit|release|drain|flush|lift|push|pull|hold|let|put|take|fit|screw|apply|measure|record|report|inform"
    r"|allow|start|stop|run|restart|reset|update|download|log|sign|go|add)\b)(?!\S+\s+(?:the|a|an|all|any|your|its"
    r"|their|this|these|each|every|off|on|up|out|down|away)\b)\S", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[0-9]{1,2}[.)]|[-*•・]|[a-z][.)]|\([0-9a-z]{1,2}\))\s")


_BRACKETS = ("「」", "『』", "［］", "【】")


def _content(words: set[str]) -> set[str]:
    """The words of a set that name a thing: not numbers, currencies or the generic words of prices."""
    return {w for w in words - _GENERIC_MONEY_WORDS - CURRENCIES if not NUMBER.match(w)}


def _same_order(a: str, b: str) -> bool:
    """Whether two amounts are within a factor of 10 of each other."""
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return 0 < x <= 10 * y and 0 < y <= 10 * x


def _amounts(piece_terms: list[str]) -> set[str]:
    """The amounts of money of a term sequence: a number next to a currency ("EUR 3", "3 euros")."""
    return {n for k, n in enumerate(piece_terms)
            if NUMBER.match(n) and CURRENCIES & set(piece_terms[max(0, k - 1) : k + 2])}


# Month names after a day and before one ("may" only before it: not "EUR 5 may be charged")
_MONTHS_AFTER, _MONTHS_BEFORE = "|".join(sorted(MONTHS)), "|".join(sorted(MONTHS | {"may"}))


def _only_a_day_in(number: str, piece: str) -> bool:
    """Whether a piece gives a number only as a day of a month: "EUR 1" is not stated by "to delay the rise to
    1 July 2026" (review68 G6)."""
    if not re.fullmatch(r"[0-9]{1,2}", number):
        return False
    told = re.findall(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)", piece)
    as_days = re.findall(rf"(?<![\d.,]){number}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS_AFTER})\b|"
                         rf"\b(?:{_MONTHS_BEFORE})\s+{number}(?![\d]|[.,]\d)", piece, re.IGNORECASE)
    return bool(told) and len(as_days) >= len(told)


def _brackets_unbalanced(text: str) -> bool:
    """Whether a bracket of the text is opened and not closed, or (「」『』［］【】) closed and not opened. A
    parenthesis of either width closes one of either ("申請書(様式第3号）", review29 F6), and one closed alone is
    a list label: "check a) the filter and b) the fan", "１）本人が結婚するとき"."""
    return (text.count("(") + text.count("（") > text.count(")") + text.count("）")
            or any(text.count(a) != text.count(b) for a, b in _BRACKETS))


def whole_sentence(text: str, index: PageIndex, completed: list[str]) -> str | None:
    """index.faithful(text), noting in `completed` the document sentences that replaced a misquote."""
    whole = index.faithful(text)
    if whole is not None and whole != text:
        completed.append(whole)
    return whole


# A lead-in whose "not", "no", "unless" or "only" its list items share ("We will not pay for:", "What is not
# covered?", "We provide no cover for the following:"); not "included at no extra cost:", "no later than:" (a
# price, a deadline), "With no exceptions, all visitors must:", "There is no need to ...:", "No matter which
# plan ...:", "In no particular order:", "(yes/no):" (review29 F4) nor "Decisions:".
_NEGATIVE_LEAD = re.compile(r"(?:\b(?:not|never|cannot)\b|n't\b)(?!\s+(?:forget|fail|miss)\b)"  # "Never forget to:"
                            r"|(?<![/\w])(?<!with )\bno\b(?![/\w]|\.?\s*\d|\s+particular\b"
                            r"|\s+(?:(?:extra|additional|further)\s+)?(?:cost|charge|fee|payment)s?\b"
                            r"|\s+(?:later|earlier|sooner|more|less|fewer)\s+than\b|\s+(?:need|matter|doubt|exceptions?)\b)"
                            r"|\b(?:unless|except|only)\b|ないで|ません|禁止|除く|除き|以外", re.IGNORECASE)


def _clause_numbered_lines(lines: list[list[str]]) -> set[int]:
    """The paragraphs of a page that a clause number opens ("5.4 An approved engineer must ..."): numbers counting up
    down the page (5.3 before it or 5.5 after it opens another paragraph), before a function word or Japanese. In a
    summary paragraph "... policy year. 5.4 An approved ..." reads as a stray value (review23 F4). Not a value
    (review26 F5): "2.5 Million households", "1.5 m is the minimum distance", "3.2 is the last release", times
    ("09.00 Registration opens"), versions ("3.2 Removed support for ...", "3.0 Added ...": a release counts
    down, or from .0, or opens with what changed)."""
    opening: list[tuple[int, str, bool]] = []  # (paragraph, number, whether a clause's sentence follows), in order
    for i, line in enumerate(lines):
        if line and (m := CLAUSE_NUMBER.match(line[0])):
            rest = line[0][m.end():]
            opening.append((i, m.group().split()[0].rstrip("."), bool(_CLAUSE_OPENER.match(rest))
                            and not _NOT_A_CLAUSE_AFTER.match(rest)))
    if any(number.endswith(".0") for _, number, _ in opening):
        return set()

    def step(number: str, by: int) -> str:
        *head, last = number.split(".")
        return ".".join([*head, str(int(last) + by)])

    numbers = [n for _, n, _ in opening]
    return {i for k, (i, n, clause) in enumerate(opening)
            if clause and (step(n, -1) in numbers[:k] or step(n, 1) in numbers[k + 1:])}


# How the sentence of a numbered clause opens: a function word ("5.4 An approved engineer ...", "5.1 You must
# ..."), or Japanese; a noun or a unit may be what the number counts ("2.4 GHz and 5 GHz bands", "3.1 EUR per
# unit", "1.5 M cable", "2.5 Dark mode is the default" in a version list; review29 F2).
_CLAUSE_OPENER = re.compile(rf"(?:(?:The|A|An|All|Any|Each|Every|No|None|You|Your|We|Our|They|Their|It|Its|This|These"
                            r"|Those|If|When|Where|Unless|Until|Before|After|During|Within|In|On|At|For|Only|Where"
                            rf"|Subject|Notwithstanding)\b|[{CJK}])")
# After a number, what makes it a value, not a clause number: a scale ("2.5 Million households") or, in release
# notes, what changed in that version
_NOT_A_CLAUSE_AFTER = re.compile(r"(?:hundred|thousand|million|billion|trillion|percent|per\s+cent|dozen"
                                 r"|(?:add|fix|remov|chang|deprecat|improv|updat|releas|introduc|drop)(?:ed|es|s)?)\b"
                                 r"|[万億兆千百]", re.IGNORECASE)


# A clause title: a numbered one ("3.6 Accidental damage (Gold plan only).") or a short line that is no sentence
# ("Accidental damage (Gold plan only)"); and the words of one that limits its clause to some cases.
def _is_clause_title(sentence: str) -> bool:
    words = len(re.findall(r"[^\W_]+", sentence))
    title = re.sub(r"^第[0-9０-９]+[条章節]\s*", "", CLAUSE_NUMBER.sub("", sentence))  # "第5条（正社員のみ）"
    return (words <= 8 and not re.search(r"[,;:：、]\s*\S", sentence)  # "3.2 Limits: we pay ..." is a sentence
            and not re.search(r"[0-9０-９]|\t| {2,}|　", title)  # a table row ("Gold plan only  50 EUR") is none
            and (not ends_sentence(sentence) or bool(CLAUSE_NUMBER.match(sentence))
                 and not mostly_cjk(title) and not _VERB.search(title)))  # "3.2 The pool is for members only." is one


_VERB = re.compile(r"\b(?:is|are|was|were|be|been|must|shall|will|may|can|should|has|have|had|do|does|did)\b",
                   re.IGNORECASE)
# A title that limits its clause to some cases, in parentheses or after a clause number: "3.6 Accidental damage
# (Gold plan only)", "（正社員のみ）"; not a page's marking ("Internal use only", 関係者限り: review25 F7).
_LIMITS_SCOPE = re.compile(r"\b(?:only|except|excluding|not\s+(?:for|under|in)|unless)\b|のみ|限る|限り|除く|対象外",
                           re.IGNORECASE)


def _limits_its_clause(title: str) -> bool:
    scoped = re.findall(r"[(（]([^)）]*)[)）]|\s[–—-]\s+(.+)$", title)  # "(Gold plan only)", "– Gold plan only"
    parts = [a or b for a, b in scoped] + ([title] if CLAUSE_NUMBER.match(title) else [])
    return any(_LIMITS_SCOPE.search(part) and not _MARKING.search(part) for part in parts)


_MARKING = re.compile(r"\b(?:internal|confidential|restricted|draft|distribution)\b|社外秘|関係者|社内", re.IGNORECASE)


_TRAILING_CONDITION = re.compile(r",\s*(?:unless|except|provided\s+that|as\s+long\s+as)\b", re.IGNORECASE)
_CONDITION_FIRST_JA = re.compile(r"^[^。]{0,40}?(?:場合|とき|時|際)(?:に?は|に)、")
_DIAGNOSIS_JA = re.compile(r"(?:です|ます|ません)。$")  # polite: "…しています。", "…が空です。"; not a rule "…を得る。"
# The reason a warning gives after its rule: "沸騰時に熱湯があふれるおそれがあります。", "火災の原因になります。"
_REASON = re.compile(r"(?:おそれ|恐れ|原因)(?:が|に|と)?(?:あります|なります)。$"
                     r"|^(?:this|it|that)\s+(?:may|can|could|might|will)\s+(?:cause|damage|result|lead)\b", re.IGNORECASE)
_INSTRUCTION_JA = re.compile(r"(?:ください|こと|しましょう)。$")


def _has_bare_percent(text: str) -> bool:
    """A percent sign (or "percent") with no number before it: "Share (%)", 割合（％）."""
    text = PERCENT.sub("%", unicodedata.normalize("NFKC", text))
    return bool(re.search(r"(?<![0-9])%|\bper\s?cent\b|パーセント", text, re.IGNORECASE))


def _with_percent_cell(row: str, row_terms: list[str]) -> list[str]:
    """A row's terms, each of its values also as a percentage when its unit cell is "%"."""
    if not re.search(r"(?:\||\s{2,}|\t)\s*%\s*\|?\s*$", row):
        return row_terms
    return row_terms + [t + "%" for t in row_terms if VALUE_TERM.match(t) and not t.endswith("%")]


def _page_terms(text: str) -> set[str]:
    """The terms of a page, with the units of its tables' unit cells ("| 5.2 | V |" states volts) and, on a page
    with a Min / Typ / Max table, the words its header abbreviates ("typical", "maximum")."""
    page = set(terms(_UNIT_CELL.sub(r" \1", text)))
    return page | LIMIT_TERMS if any(limit_columns(text.splitlines())) else page


# A table's unit cell of one letter or "%" after its row's last number: "5.2 | V |", "15  W", "0.5 | % |" (a unit
# of more letters, "mA", is a term of its own).
_UNIT_CELL = re.compile(r"(?<=[0-9])(?:[ \t]*\|[ \t]*|\t[ \t]*|[ \t]{2,})([VAWLgm%]|°[ \t]?[CF])"
                        r"(?=[ \t]*\||[ \t]*$|\t|[ \t]{2,})", re.MULTILINE)


def _is_label_line(line: str) -> bool:
    """A short line without a sentence end or a number of its own: a label over the value on the next line."""
    return not ends_sentence(line) and not re.search(r"[0-9０-９]", line) and len(line) <= 60


def _cut_short_key(text: str) -> str:
    """What a copied sentence the model cut short starts with: its text in lower case, less the sentence end the
    model put after it."""
    return re.sub(r"[\s.。．!！]+$", "", " ".join(strip_bullets(text).split())).lower()


# Two kanji or katakana in a row: part of a word. Japanese written by a model that the document never writes is
# an invented or changed word far more often than a paraphrase (hiragana, the grammar, is not checked).
_KANJI_KATAKANA_PAIR = re.compile(r"^[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}$")


# Compounds a faithful Japanese restatement adds of its own ("…する必要がある", "…の場合").
_COMMON_COMPOUNDS = frozenset("必要 場合 以上 以下 以内 以外 実施 可能 対象 確認 使用 利用 必須 全部 一部 毎日 毎月 毎年 "
                              "各自 今後 現在 予定 方法 目的 結果 理由 条件 注意 重要 全て 特定 一定 同様".split())


# Labels that say what kind of statement follows, not what it is about ("Note: ...", "注意：...").
_GENERIC_LABEL = frozenset(terms("note warning caution danger important tip summary key point fact result "
                                 "conclusion example reminder update 注意 警告 重要 備考 要点"))


# An identifier: capitals (or a capital and letters) joined to a number, with a hyphen or not, and what follows it
# ("HX-40E", "BUG-4388", "CR-11", "P20", "IP67", "SW-3.12"); not a unit ("m3", "kWh"), not a version ("v1.2").
_IDENTIFIER = re.compile(r"(?<![\w.-])[A-Z][A-Za-z]{0,4}-?[0-9][0-9A-Za-z]*(?:[-.][0-9A-Za-z]+)*(?![\w-])")


def is_supported(text: str, index: PageIndex, pages: list[int] | None = None, min_coverage: float = 0.5) -> bool:
    """Enough of the text's content is in the document, and every number it states is too, in the context of
    what the text says of it (PageIndex.numbers_in_context: stated in a sentence of the pages, which also
    covers "stated on the pages")."""
    text_terms = set(terms(text))
    if not text_terms:
        return False
    opening = re.match(r"^\s*([^:：.。]{1,40})[:：]\s*\S", text)  # "Albania: full day EUR 44"
    label = frozenset(terms(opening.group(1))) - _GENERIC_LABEL if opening else frozenset()
    label = frozenset(t for t in label if not NUMBER.match(t))
    if not index.numbers_in_context(text, pages, label):
        return False
    if not index.knows_identifiers(text):
        return False
    if mostly_cjk(text):
        # compounds the document never writes: invented words (直森, 発昇) rather than a paraphrase (経費精算 for
        # 経費の精算 makes one: 費精), so two of them, or a fifth of the text's, and common compounds are allowed
        pool = index.all_terms if pages is None else set().union(*(index.page_terms.get(p, set()) for p in pages))
        pairs = [t for t in text_terms if _KANJI_KATAKANA_PAIR.match(t)]
        unknown = [t for t in pairs if t not in pool and t not in META_TERMS and t not in _COMMON_COMPOUNDS]
        if len(unknown) >= 2 or (unknown and len(unknown) >= 0.2 * len(pairs)):
            return False
    if not index.joins:  # a small model's words of its own: "a 60-day return policy" for "registered within 60
        min_coverage = max(min_coverage, 0.7)  # days" (review18 H8)
    return index.coverage(text_terms, pages) >= min_coverage and index.held_by_sentences(text_terms, pages)
