"""Whether the document supports what a model wrote, and what stands for a misquote.

PageIndex holds the terms of every page (IDF over the pages) and its sentences. `is_supported` checks a text by
words: enough of its term weight on the pages, every number stated, with its unit, in a sentence that shares
another of its words (in its label's row, for a labelled one), no Japanese compounds the document never writes.
`PageIndex.faithful` replaces a text that misquotes one document sentence — cut short, with a "not" or an
"unless" lost or added, a number changed, or a word for its opposite ("approved" for "rejected") — by that
sentence. Beyond these, a check by words cannot see a contradiction.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from typing import NamedTuple

from docproc.text import (
    BULLET, CJK, CLAUSE_NUMBER, LIMIT_COLUMNS, MARKDOWN_TABLE_RULE, META_TERMS, NUMBER, PERCENT, STOPWORDS,
    ends_sentence, is_exception, join_sentences, markdown_cells, mostly_cjk, number_units, numbers_in,
    numbers_in_order, quotable_length, rules_and_exceptions, split_sentences, spelled_numbers, strip_bullets, terms,
    unwrapped_lines,
)


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
        self._bound_sets: dict[int, list[dict]] = {}  # page -> _bounds of its pieces (lazy)
        self._column_sets: dict[int, list[dict[str, set[str]]]] = {}  # page -> _limit_columns of its pieces (lazy)
        self._header_sets: dict[int, list[dict[str, set[str]]]] = {}  # page -> _header_columns of its pieces (lazy)
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

        # a number said in words need not be stated ("two modes: heating and cooling"), unless the document counts
        # the same thing with another number ("four ranges" where it says "3 ranges")
        numbers -= {n for n in spelled_numbers(text)
                    if not self._gives_another_number(own_units(n), n, own_units(n), rows_only=False)}
        told = change_told(text)

        words_weight = sum(self.weight(t) for t in words)
        conflicts: dict[str, bool] = {}

        def shares(number: str, sentence: set[str]) -> bool:
            if not words:
                return True
            if number[0].isalpha():  # a code (E1, T2, RH1)
                return sum(self.weight(t) for t in words & sentence) >= 0.5 * words_weight
            if words & sentence - own_units(number):
                return True
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
        content = words - _CURRENCIES
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
        text_bounds = _bounds(text)
        return all(any(self.states(number, sentence, page) and shares(number, sentence) and label <= sentence
                       and not _unit_differs(number, units, bound, sentence)
                       and on_the_same_side(number, change, told, numbers)
                       and not _bound_flipped(number, text_bounds, limits)
                       and not _bound_flipped(("per", number), text_bounds, limits)
                       and not _bound_flipped(("at", number), text_bounds, limits)
                       and not row_stale(number, page, i)
                       for page in (self.page_terms if pages is None else pages)
                       for i, (sentence, bound, change, limits) in enumerate(zip(
                           self._page_sentences(page), self._page_units(page), self._page_changes(page),
                           self._page_bounds(page))))
                   for number in numbers)

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
            # _columns_differ checks that each is in its column)
            held = self._page_sentences(at[0])[at[1]]
            # ... and a Markdown table's row the words of the headers of the columns of the text's values ("Staff
            # spent EUR 148,000" under "Spent to 30 Sep (EUR)"; _headers_differ checks the columns)
            columns = self._page_header_columns(at[0])[at[1]]
            held = held.union(*(heading for value, heading in columns.items() if value in text_terms))
            return held | _LIMIT_TERMS if self._page_limit_columns(at[0])[at[1]] else held

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
                if (line == last_line and (after_condition or reason_and_exception)) or (
                        rule_line_before and reason_and_exception):
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
        """The bounds each of the page's pieces puts on its numbers (see _bounds)."""
        if page not in self._bound_sets:
            self._bound_sets[page] = [_bounds(piece) for piece in self._page_pieces(page)]
        return self._bound_sets[page]

    def _page_limit_columns(self, page: int) -> list[dict[str, set[str]]]:
        """For each of the page's pieces, its numbers' columns when it is a row under a Min / Typ / Max header
        (value -> {"min", "typ", "max"}); empty for the rest."""
        if page not in self._column_sets:
            self._column_sets[page] = _limit_columns(self._page_pieces(page))
        return self._column_sets[page]

    def _page_header_columns(self, page: int) -> list[dict[str, set[str]]]:
        """For each of the page's pieces, when it is a row of a Markdown table, value -> the terms of the header
        cells of its columns ("| Staff | 300,000 | 148,000 |" under "| Cost centre | Annual budget (EUR) | Spent
        (EUR) |": 300000 -> annual, budget, eur); empty for the rest."""
        if page not in self._header_sets:
            self._header_sets[page] = _header_columns(self._page_pieces(page))
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
                        self._update_list += [((page, i), n, _DAY_JA, set(terms(what)), what)
                                              for n, what in _japanese_date_changes(piece)]
                        continue
                    for n, words in updates_told(piece):
                        self._update_list += [((page, i), n, unit, words - {unit}, None)
                                              for m, unit in self._page_units(page)[i] | _month_days(piece)
                                              if m == n and unit in _MONTHS | {"may"}]
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
                if _names_the_moved_thing(what, text):
                    found.append((new, unit, True))
            else:  # (a date, a day or a window is when, not what: "the move date is postponed")
                found.append((new, unit, shared >= its_words - _WHEN_WORDS))
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
                    units |= _month_days(sentence)
                    months = _MONTHS | {"may"}
                    return any(new not in ts and any((u == unit or (well_shared and unit in months and u in months))
                                                     and n != new and (unit != _DAY_JA or dated_ja) for n, u in units)
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
        core = set(terms(_without_marks(text)))
        total, core_total = (sum(self.weight(t) for t in ts) for ts in (wanted, core))
        if not core_total:
            return None
        text_bounds, text_limits, text_amounts = _bounds(text), _limits_stated(text), _amounts(text)
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
                    conflicts := _header_conflicts(text_amounts, self._page_header_columns(page)[i])):
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
                same_facts = (not _opposed(text, piece) and _same_level(text, piece)
                              and not _names_swapped(text, piece) and not _agents_differ(text, piece)
                              and not _pairs_swapped(text, piece) and not _values_exchanged(text, piece)
                              and not _directions_swapped(text, piece)
                              and not _opposites_swapped(text, piece) and not _conditions_swapped(text, piece)
                              and not _bounds_differ(text_bounds, self._page_bounds(page)[i])
                              and not _columns_differ(text_limits, self._page_limit_columns(page)[i])
                              and not _headers_differ(text_amounts, self._page_header_columns(page)[i])
                              and not _sides_differ(text, piece) and not _number_changed(wanted - newer, piece_terms)
                              and not any(_unit_differs(number, units, self._page_units(page)[i], piece_terms)
                                          for number, _ in units if number not in newer))
                led = i in self._led[page]  # (a list item read with its lead-in: "We will not pay for: loss ...;")
                if led:  # its "not" is what counts: "Members who cannot attend should name a deputy" restates
                    # "If you cannot attend, please: name a deputy"
                    # (its "not", not a "without" of the item: "theft without signs of forced entry is covered"
                    # says the opposite of "We will not pay for: theft without signs ...", review22 F3)
                    # (and its own "unless": "Breakdown caused by limescale is not covered" for "...: breakdown
                    # caused by limescale, unless the appliance is a dishwasher ...", review23 F7)
                    mine, theirs = _polarity(text), _polarity(piece)
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
                words & _amounts(piece).get(value, (set(),))[0] for piece in agreeing if piece
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
            self._clauses[page, i] = [set(terms(c)) for c in _CLAUSE_BREAK.split(self._page_pieces(page)[i])]
        return self._clauses[page, i]

    def _same_polarity(self, text: str, page: int, i: int) -> bool:
        """Whether each clause of the text says no, or states a condition, as the clause of piece i of `page` it
        restates does (the one holding most of its weight): "Parking fees are not reimbursed" does not agree with
        "Parking fees are reimbursed; traffic fines are never reimbursed", whose "never" belongs to the other
        clause. Nor when the two clauses have opposite words (_OPPOSITES): "0.5 or more are rounded down; smaller
        fractions are rounded up" swaps the clauses' words of "... rounded up; ... rounded down" (review23 F10)."""
        sentence = self._page_pieces(page)[i]
        theirs = _CLAUSE_BREAK.split(sentence)
        if len(theirs) == 1:
            return _polarity(text) == _polarity(sentence)
        their_terms = self._clause_terms(page, i)
        # a clause that says no of someone else with the verb left out ("Outcome assessors were blinded;
        # participants were not.") is the clause a text about them restates (review18 H7)
        # (when what the text says of them is mostly what the clause before says: its elided verb; not "version 1
        # is supported until 31 December" for "version 2 supports offline mode; version 1 does not", review21 F6)
        elliptic = [(k, set(terms(m.group("who")))) for k, c in enumerate(theirs) if k and (m := _ELLIPTIC_NO.match(c))]
        # (the text's clauses: also at ", and", so "X, and this comparison was randomised" meets "..., but this
        # comparison was not randomised" clause by clause)
        for clause in _TEXT_CLAUSE_BREAK.split(text):
            mine = set(terms(clause))
            best = next((k for k, who in elliptic if who and who <= mine
                         and len((said := mine - who) & their_terms[k - 1]) >= 0.5 * len(said)), None)
            if best is None:
                best = max(range(len(theirs)), key=lambda k: sum(self.weight(t) for t in mine & their_terms[k]))
            if _polarity(clause) != _polarity(theirs[best]) or _opposed(clause, theirs[best]):
                return False
        return True

    def _joins_its_condition(self, text: str, wanted: set[str], total: float, source: str) -> bool:
        """Whether the text has a negation or a condition its source lacks because it joins the source to another
        sentence that has it: "Replace the filter every 6 months, or sooner when the indicator turns red" joins
        "Replace the filter every 6 months." and "Replace it sooner if the indicator turns red." (>= 30 % of the
        text's weight in that other sentence)."""
        mine, theirs = _polarity(text), _polarity(source)
        if any(t and not m for m, t in zip(mine, theirs)):
            return False  # the source says something the text left out
        extra = [m and not t for m, t in zip(mine, theirs)]
        # what the text takes from the other sentence, besides its "not" or "if" (review15 H8: "they cannot take
        # stock in the first week" adds nothing of "... cannot take stock before the end of January" but "cannot")
        own = set(terms(source)) | {t for t in wanted if _NEGATION.search(t) or _CONDITION.search(t)}
        for page, i in sorted({at for t in wanted for at in self._postings().get(t, ())}):
            piece, piece_terms = self._page_pieces(page)[i], self._page_sentences(page)[i]
            if piece != source and any(e and flag for e, flag in zip(extra, _polarity(piece))) and sum(
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

    def sentence_before(self, text: str) -> str | None:
        """The sentence before `text` in its paragraph, on the first page that holds it (None: it opens its
        paragraph, or is no sentence of the document)."""
        key = " ".join(strip_bullets(text).split()).lower()
        for page in self.pages_holding(text)[:1]:
            for line in self._page_lines(page):
                for k, sentence in enumerate(line):
                    if k and " ".join(strip_bullets(sentence).split()).lower() == key:
                        return line[k - 1]
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
_WITHOUT = re.compile(r"\bwithout\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|none|neither|nor|cannot|without)\b|\bno\b(?!\.?\s*\d)|n't\b"
                       r"|(?<![少危汚幼切])ない|ません|(?<!必)ず[、。にも]|禁止|てはならない|不可", re.IGNORECASE)
# "must" in Japanese is built of negations (しなければならない, しなくてはいけません, ならず): no negation itself
_OBLIGATION_JA = r"(?:なければ|なくては)(?:ならな(?:い|かった)|なりません|ならず|いけな(?:い|かった)|いけません)"


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


# ("until then", "until approval": a condition; "until 31 March", "until the end of March" are dates; not
# "until decontamination is complete", review22 F6)
# Month names as terms() writes them: the unit of a date ("15 June" -> "15", "june"; "May" is a stopword there).
_MONTHS = frozenset("january february march april june july august september october november december "
                    "jan feb mar apr jun jul aug sep sept oct nov dec".split())
_DATE_WORD = r"\d|(?:" + "|".join(sorted(_MONTHS | {"may", "year", "month", "week", "quarter", "day"})) + r")\b"
_CONDITION = re.compile(r"\b(?:unless|except|only|if|when|whenever|provided that|as long as|in case)\b"
                        rf"|\b(?:until|till)\b(?!\s*(?:(?:the\s+)?end\s+of\s+(?:the\s+)?)?(?:{_DATE_WORD}))"
                        r"|除く|除き|除いて|ただし|但し|限り|のみ|以外|場合|とき", re.IGNORECASE)


# Words that say the opposite of each other, with no negation word to show it: "the request was approved" for
# "... was rejected". Each pair: (one side, the other side), matched in the text and in the sentence it restates.
_OPPOSITES = [(re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for a, b in (
    (r"\b(?:approv|accept|grant)\w*", r"\b(?:reject|declin|refus|denied|deny)\w*"),
    (r"\b(?:pass(?:ed|es)?|succe(?:ed|ss)\w*)\b", r"\bfail\w*"),
    (r"\b(?:increas\w*|ris(?:e|es|ing|en)|rose|grew|grow\w*|up\s+from)\b",
     r"\b(?:decreas\w*|fell|fall\w*|drop\w*|reduc\w*|lowered|lowers|lowering|down\s+from)\b"),
    (r"\benabl\w*", r"\bdisabl\w*"),
    (r"\b(?:rais|extend|lengthen|upgrad)\w*", r"\b(?:lowered|lowers|lowering|reduc\w*|shorten\w*|downgrad\w*)"),
    (r"有償", r"無償"),
    (r"\b(?:allow|permit)\w*", r"\b(?:prohibit|forbid|ban(?:s|ned)?\b)\w*"),
    (r"\b(?:required|mandatory|compulsory)\b", r"\b(?:optional|voluntary)\b"),
    (r"\binclud\w*", r"\bexclud\w*"),
    (r"\babove\b", r"\bbelow\b"),
    (r"\b(?:upper|higher)\b", r"\blower\b"),
    # a word and its negative prefix (review15 H9: "conclusive" for "inconclusive")
    # ("not safe" is "unsafe": the negation check compares those)
    (r"(?<!not )\bconclusive\b", r"\binconclusive\b"), (r"(?<!not )\bcomplete\b", r"\bincomplete\b"),
    (r"(?<!not )\bvalid\b", r"\binvalid\b"), (r"(?<!not )\bavailable\b", r"\bunavailable\b"),
    (r"(?<!not )\bauthori[sz]ed\b", r"\bunauthori[sz]ed\b"), (r"(?<!not )\bsafe\b", r"\bunsafe\b"),
    (r"\b(?:earlier|sooner)\b", r"\blater\b"),
    (r"\b(?:larger|bigger|greater)\b", r"\bsmaller\b"), (r"\blonger\b", r"\bshorter\b"),
    (r"\b(?:faster|quicker)\b", r"\bslower\b"), (r"\b(?:wider|broader)\b", r"\bnarrower\b"),
    (r"\b(?:thicker)\b", r"\bthinner\b"), (r"\b(?:warmer|hotter)\b", r"\b(?:cooler|colder)\b"),
    (r"\b(?:minimum|min|at least)\b", r"\b(?:maximum|max|at most|up to)\b"),
    (r"\bopen(?:s|ed)?\b", r"\bclos(?:e|es|ed)\b"),
    (r"\b(?:round|turn|scale|step|count)\w*\s+up\b", r"\b(?:round|turn|scale|step|count)\w*\s+down\b"),
    (r"\b(?:on time|early)\b", r"\b(?:late|delayed|overdue)\b"),
    # review41 F8, F7: a budget's over- and underspend, a figure's large and small case; a deprecation, which
    # will remove, told as a removal done
    (r"\bover(?:spen[dt]\w*|run\w*)", r"\bunder(?:spen[dt]\w*|run\w*)"), (r"\b(?:large|big)\b", r"\bsmall\b"),
    # high for low ("spending was high"), 値下げ for 値上げ (review46 F5, F6)
    (r"\bhigh\b", r"\blow\b"), (r"値上げ|値上が", r"値下げ|値下が"),
    # a scale word: "20 minutes per thousand files" for "per million files" (review41 F9)
    (r"\bthousands?\b", r"\bmillions?\b"), (r"\bmillions?\b", r"\bbillions?\b"), (r"\bthousands?\b", r"\bbillions?\b"),
    (r"\b(?:deprecated|will\s+be\s+removed|to\s+be\s+removed)\b",
     r"\b(?:(?:was|were|has\s+been|have\s+been|is\s+now|are\s+now)\s+removed)\b"),
    (r"承認|可決|採用|受理", r"却下|否決|不採用|否認|不承認|不受理"),
    (r"(?<!不)合格", r"不合格"),
    (r"増加|増え|上昇|上回", r"減少|減っ|低下|下回"),
    (r"(?<![無])有効", r"無効"),
    (r"最大|上限", r"最小|下限"),
    (r"以上|超え", r"以下|未満"),
    (r"(?<!不)必要|必須", r"不要|任意"),
    (r"前倒し|早まっ|早め", r"延期|遅れ|遅らせ"),
    (r"非推奨|削除される予定|削除予定", r"削除されました|削除された|削除しました"),
)]


# A bound written with a number: "at least 22 µF", "up to 10 mm", "100 kg or more" (lower, upper). Per number, as
# one sentence may hold both: "at least 22 µF, with a voltage rating of at least 50 V" (review27 F3).
# (a currency may stand between the bound and the number: "up to £200", "at least EUR 5,000", review29 F11; "over"
# not in a phrasal verb: "carry over 5 days" is 5 days, review29 F13)
_CURRENCY_BEFORE = r"(?:[£$€¥]|(?:EUR|USD|GBP|CHF|JPY|CAD|AUD)\s*)?"
_LOWER_BOUND = re.compile(r"\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|minimum(?:\s+of)?|min\.?"
                          r"|(?<!no )(?<!not )(?:more|greater)\s+than|above|exceeding"
                          r"|(?<!carry )(?<!carried )(?<!carries )(?<!hand )(?<!handed )(?<!take )(?<!taken )(?<!turn )"
                          r"(?<!turned )(?<!roll )(?<!rolled )(?<!brought )(?<!bring )over)"
                          r"\s+(?:of\s+)?(?:about\s+)?" + _CURRENCY_BEFORE + "$", re.IGNORECASE)
_UPPER_BOUND = re.compile(r"\b(?:at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|maximum(?:\s+of)?"
                          r"|max\.?|up\s+to|(?<!no )(?<!not )(?:less|fewer)\s+than|under|below|within|not\s+exceeding)"
                          r"\s+(?:of\s+)?(?:about\s+)?" + _CURRENCY_BEFORE + "$", re.IGNORECASE)
_BOUND_AFTER = re.compile(r"^\s*(?:[^\W\d]{1,12}\s+)?or\s+(?:(?P<lower>more|higher|above|greater|longer)"
                          r"|(?P<upper>less|lower|below|fewer|shorter))\b", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?<![\w.-])(\d+(?:[.,]\d+)*)\s*[^\s\d]{0,6}\s+and\s+(\d+(?:[.,]\d+)*)(?![\d])",
                      re.IGNORECASE)
_NUMBER_IN_TEXT = re.compile(r"(?<![\w.-])\d+(?:[.,]\d+)*")  # (not in a code: "REQ-01")
# A rate after a number and up to two words: "40 MB per day", "5 times a week", "10 km/h", "2 litres each hour",
# "2 tablets daily"
_RATE_AFTER = re.compile(r"^\s*(?:[^\W\d][\w.]*\s*){0,2}?(?:(?:/\s*|\b(?:per|a|an|each|every)\s+)"
                         r"(?P<unit>seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|fortnights?"
                         r"|months?|quarters?|years?|yrs?|annum)\b(?!\s+(?:before|after|ago|later|earlier|beforehand"
                         r"|in\s+advance))"
                         r"|\b(?P<adverb>hourly|daily|weekly|fortnightly|monthly|quarterly|yearly|annually)\b)",
                         re.IGNORECASE)
# (not a time before or after something: "2 drops an hour before bedtime", review32)
# The condition a value is given at, after it and up to two words: "3.5 A at 85 °C", "12 mVpp at 5 A"
_AT_AFTER = re.compile(r"^\s*(?:(?!(?:and|or|but|while|whereas|then)\b)[^\W\d][\w.]*\s*){0,2}?\bat\s+"
                       r"(?:about\s+|approximately\s+)?(?P<at>[-+−]?\d+(?:[.,]\d+)*)", re.IGNORECASE)
# (not across "and": "lasts 10 hours and at 0 °C it lasts 6 hours" gives 10 no condition, review36 F3)
_RATE_UNITS = {"sec": "second", "s": "second", "min": "minute", "hr": "hour", "h": "hour", "d": "day", "wk": "week",
               "yr": "year", "annum": "year", "hourly": "hour", "daily": "day", "weekly": "week",
               "fortnightly": "fortnight", "monthly": "month", "quarterly": "quarter", "yearly": "year",
               "annually": "year"}


def _bounds(text: str) -> dict[str | tuple[str, str], set[str]]:
    """number -> the bounds the text puts on it ("lower", "upper"), as written around it; ("per", number) -> the
    time it is counted per ("day" for "40 MB per day"); ("at", number) -> the number of the condition it is given
    at ("85" for "3.5 A at 85 °C"). "" where it has none."""
    bounds: dict[str, set[str]] = {}
    text = unicodedata.normalize("NFKC", text)
    for m in _NUMBER_IN_TEXT.finditer(text):
        before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 40]
        after_bound = _BOUND_AFTER.match(after)
        kinds = {kind for kind, found in (("lower", _LOWER_BOUND.search(before)), ("upper", _UPPER_BOUND.search(before)),
                                          ("lower", after_bound and after_bound.group("lower")),
                                          ("upper", after_bound and after_bound.group("upper"))) if found}
        bounds.setdefault(m.group().replace(",", ""), set()).update(kinds or {""})
        # ... and the time it counts per, under ("per", number): "40 MB per day", "10 km/h" (review27 F3)
        rate = _RATE_AFTER.match(after)
        unit = rate and (rate.group("unit") or rate.group("adverb")).lower()
        unit = unit and (unit if len(unit) == 1 or rate.group("adverb") else unit.rstrip("s"))  # "hours": hour
        bounds.setdefault(("per", m.group().replace(",", "")), set()).add(_RATE_UNITS.get(unit, unit) if rate else "")
        # ... and the value of the condition it is given at, under ("at", number): "3.5 A at 85 °C"
        at = _AT_AFTER.match(after)
        bounds.setdefault(("at", m.group().replace(",", "")), set()).add(at.group("at").replace(",", "") if at else "")
    for low, high in _BETWEEN.findall(text):  # "between 47 µF and 470 µF": 470 is the most, not the least
        for number, kind in ((low, "lower"), (high, "upper")):
            if bounds.get(number := number.replace(",", "")) == {""}:
                bounds[number] = {kind}
    return bounds


def _bound_flipped(number: str | tuple[str, str], mine: dict, theirs: dict) -> bool:
    """Whether two texts bound a number the other way: "at most 22 µF" and "at least 22 µF", "no more than 10 kg"
    and "10 kg or more" (each bounding it one way wherever it stands)."""
    a, b = mine.get(number, {""}), theirs.get(number, {""})
    return len(a) == 1 and len(b) == 1 and "" not in a | b and a != b


def _bounds_differ(mine: dict, theirs: dict) -> bool:
    """Whether a text (its _bounds) puts the other bound, rate or condition on a number of a sentence (its _bounds;
    see _bound_flipped)."""
    return any(_bound_flipped(number, mine, theirs) for number in mine)


def _opposed(text: str, sentence: str) -> bool:
    """Whether the text says the opposite of the sentence in a word of its own: one has one side of a pair of
    opposites (approved, 承認), the other the other side (rejected, 却下), and neither has both."""
    return any((a.search(text) and b.search(sentence) and not b.search(text) and not a.search(sentence))
               or (b.search(text) and a.search(sentence) and not a.search(text) and not b.search(sentence))
               for a, b in _OPPOSITES)


# How binding a requirement is (RFC 2119's SHALL / SHOULD / MAY): in a specification the level is the requirement.
_LEVELS = {
    "must": re.compile(r"\b(?:must|shall|required|requires?|mandatory|compulsory|obligatory)\b"
                       rf"|{_OBLIGATION_JA}|必須|義務", re.IGNORECASE),
    "should": re.compile(r"\b(?:should|recommended|recommends?|advisable)\b|推奨|望ましい|べき", re.IGNORECASE),
    # not the month: "by 15 May"
    "may": re.compile(r"\b(?-i:may|MAY)\b|\boptional\b|任意|てもよい|ても良い|ても差し支えない", re.IGNORECASE),
}


# Where a sentence pairs one value or one "not" with some words and another with others: "£50 ... under the Silver
# plan and £35 ... under the Gold plan", "received, not the day it is sent"; a condition is a clause of its own,
# with or without a comma before it ("is not covered unless the appliance is ...").
_PAIRING_BREAK = re.compile(r"\s*(?:[;,/]|\b(?:and|but|while|whereas|unless|except|if|when|until)\b)\s*",
                            re.IGNORECASE)
# (a contrast: "received, not the day it is sent"; not a verb's "not": "Gift cards do not get the discount" says
# what "The discount applies to orders over £50, not to gift cards" does, review29 F5)
_NEGATOR = re.compile("".join(rf"(?<!\b{verb} )" for verb in (
    "do", "does", "did", "is", "are", "was", "were", "will", "would", "can", "could", "must", "should", "may",
    "might", "has", "have", "had", "shall")) + r"\b(?:not|never)\b|\brather\s+than\b|\binstead\s+of\b", re.IGNORECASE)


def _pairing_keys(text: str) -> tuple[dict[str, set[str]], dict[str, set[bool]]]:
    """term -> the numbers of the clauses it is in (a clause with no number is read with the next one: "Under the
    Silver plan, the excess is £50"), and term -> whether it follows a "not" in its clause."""
    clauses = [c for c in _PAIRING_BREAK.split(text) if c.strip()]
    by_number: dict[str, set[str]] = {}
    pending: list[str] = []
    for clause in clauses:
        pending += terms(clause)
        numbers = {t for t in pending if NUMBER.match(t)}
        if numbers:
            key = next(iter(numbers)) if len(numbers) == 1 else ""  # (two numbers: its words pair with neither)
            for t in pending:
                by_number.setdefault(t, set()).add(key)
            pending = []
    by_negation: dict[str, set[bool]] = {}
    for clause in clauses:
        negator = _NEGATOR.search(clause)
        negated = set(terms(clause[negator.end():])) if negator else set()
        for t in terms(clause):
            by_negation.setdefault(t, set()).add(t in negated)
    return by_number, by_negation


def _pairs_swapped(text: str, sentence: str) -> bool:
    """Whether the text gives two values, or a "not", to each other's words (review23 F6): "£35 ... under the
    Silver plan and £50 ... under the Gold plan" for "£50 ... Silver ... £35 ... Gold"; "starts on the day it is
    sent, not the day it is received" for the reverse. Only a swap counts, words moving both ways between two
    clauses: a faithful restatement moves words one way at most ("For the Gold plan the excess is £35 ...")."""
    if mostly_cjk(text) or mostly_cjk(sentence):
        return False
    for mine, theirs in zip(_pairing_keys(text), _pairing_keys(sentence)):
        moves = set()
        for t in mine.keys() & theirs.keys():
            if NUMBER.match(t) or len(mine[t]) != 1 or len(theirs[t]) != 1 or "" in mine[t] | theirs[t]:
                continue
            (a,), (b,) = theirs[t], mine[t]
            if a != b:
                moves.add((a, b))
        if any((b, a) in moves for a, b in moves):
            return True
    return False


# The two ends of a move ("move EUR 4,000 from the marketing line to the festival line", "to the training line
# from the travel line", 「夏祭りの予算から広報費へ」, 「予備費から1万5千円を修繕費に」, 「A駅から中央広場まで」) and of a vote
# ("four votes to one", "a vote of 7 to 2", "four in favour and one against", 「賛成4票、反対1票」): the words at each
# end, to see a text turn them around. An English end stops at a clause break, at the next "from" or "to" ("from
# Monday to Friday from 9 am to 5 pm" is two moves, review47 R2), or at a preposition that starts what follows
# ("to 6 hours at 0 °C"). A range has no direction: "prices range from EUR 25 to EUR 15".
_END_EN = (r"(?:(?!\b(?:from|to)\b)[^,;:.]|(?<=\d)[.,:](?=\d)){1,60}?(?=\s*(?:[,;:.](?!\d)|$)|\s+(?:and|but|because|after|"
           r"before|when|while|since|so|for|in|on|at|by|with|until|from|to)\b)")
_FROM_TO_EN = re.compile(rf"\bfrom\s+(?P<a>{_END_EN})\s+to\s+(?P<b>{_END_EN})", re.IGNORECASE)
_TO_FROM_EN = re.compile(rf"\bto\s+(?P<b>{_END_EN})\s+from\s+(?P<a>{_END_EN})", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\b(?:range[sd]?|ranging|var(?:y|ies|ied|ying)|anywhere)\s*$", re.IGNORECASE)
_VOTE_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|none|nil|zero|no)"
_VOTES_EN = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"\b(?P<a>{_VOTE_COUNT})\s+votes?\s+to\s+(?P<b>{_VOTE_COUNT})\b",
    rf"\bvotes?\s+of\s+(?P<a>{_VOTE_COUNT})\s+(?:to|-|–)\s+(?P<b>{_VOTE_COUNT})\b",
    rf"\b(?P<a>{_VOTE_COUNT})\s+(?:votes?\s+)?(?:in\s+favou?r|for)\b[^.;]{{0,20}}?\band\s+(?P<b>{_VOTE_COUNT})\s+"
    r"(?:votes?\s+)?against\b"))
_JA_END = r"(?:(?!から|まで)[^、。へにはがを]){1,15}"  # (a word may hold か or ら: さくら駅)
# (the far end may hold particles inside a name: 「みなと会館からにしき会館に」, 「中央会館から自由が丘会館に」; review48 F8)
_FROM_TO_JA = re.compile(rf"(?P<a>{_JA_END})から(?:(?:(?!から)[^、。へにはが]){{1,12}}?を)?(?P<b>(?:(?!から|まで)[^、。])"
                         r"{1,15}?)(?:へ|に|まで)")
_VOTES_JA = re.compile(r"賛成\s*(?P<a>[0-9０-９一二三四五六七八九十]+)\s*票?\s*[、,，・]?\s*反対\s*(?P<b>[0-9０-９一二三四五六七八九十]+)")


def _end_terms(text: str) -> set[str]:
    # an end's terms, with its one-letter or one-digit labels: "Room A" is no "Room B" (review47 M2)
    return set(terms(text)) | {w.lower() for w in re.findall(r"\b[A-Za-z0-9]\b", text)}


def _move_ends(text: str) -> list[tuple[set[str], set[str]]]:
    """(terms only at the start end, terms only at the far end) of each move or vote the text tells."""
    ends = []
    patterns = (_FROM_TO_JA, _VOTES_JA) if mostly_cjk(text) else (_FROM_TO_EN, _TO_FROM_EN, *_VOTES_EN)
    for pattern in patterns:
        for m in pattern.finditer(text):
            if pattern is _FROM_TO_EN and _RANGE_BEFORE.search(text[:m.start()]):
                continue
            # (a move denied is none: "..., but not from the annual plan to the monthly plan", review48 F9)
            if re.search(r"\b(?:not|never)\s+$", text[:m.start()], re.IGNORECASE):
                continue
            a, b = _end_terms(m["a"]), _end_terms(m["b"])
            if a - b and b - a:
                ends.append((a - b, b - a))
    return ends


def _directions_swapped(text: str, sentence: str) -> bool:
    """Whether the text turns a move or a vote of the sentence around (review46 F8): "from the festival line to
    the marketing line" for "from the marketing line to the festival line", "one vote to four" for "four votes
    to one". A move the sentence also tells the text's way round is no swap ("rose from 10 to 12, and fell from
    12 to 10")."""
    theirs = _move_ends(sentence)
    for a, b in _move_ends(text):
        turned = any(a & their_b and b & their_a for their_a, their_b in theirs)
        if turned and not any(a & their_a and b & their_b for their_a, their_b in theirs):
            return True
    return False


# Where a value's words end: a clause break, as _PAIRING_BREAK, but not the comma of "412,000" nor the slash of
# "L/min"; and a Japanese 、.
_VALUE_CLAUSE_BREAK = re.compile(r"\s*(?:;|(?<![0-9]),|,(?![0-9])|、|，|\b(?:and|but|while|whereas|unless|except|if|"
                                 r"when|until)\b)\s*", re.IGNORECASE)
_VALUE = re.compile(r"^-?[0-9]")  # a number that is a value, not a code ("q3", "e1") nor a label ("a社")
# Words that go with every amount and so pair a value with nothing: currencies, units, and Japanese bigrams of
# number words or particles (万円, 円で).
_CURRENCIES = frozenset(terms("eur euro euros usd dollar dollars gbp jpy yen chf cny rmb aud cad inr krw"))
_CJK_CHAR = re.compile(rf"[{CJK}]")
_RAW_NUMBER = re.compile(r"[0-9](?:[0-9.,:/-]*[0-9])?%?")  # the numbers of a text as terms() cuts them
# what joins the two ends of a range or a change, their units around it: "to", "and" (between ... and), "or", a
# dash, から, まで
_RANGE_JOIN = re.compile(r"[^0-9]{0,12}?(?:\bto\b|\band\b|\bor\b|[-–~〜～]|から|まで)[^0-9]{0,12}", re.IGNORECASE)
_NUMBER_KANJI = re.compile("[円万億千百%年月日時分秒個台名人回件倍割]|[\u3040-\u309f]")


def _amounts(text: str) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """value -> (the words before it, the words after it, what it counts: its unit or currency, "%"), within its
    clause and up to the values before and after it: "Spend was EUR 412,000 against a budget of EUR 380,000" gives
    412000 the spend before it and the budget after it, 380000 the budget before it. What comes before a value is
    what it is of; what comes after may be ("EUR 412,000 in spend") or may not."""
    amounts: dict[str, tuple[set[str], set[str], set[str]]] = {}
    clauses = [(clause, terms(clause)) for clause in _VALUE_CLAUSE_BREAK.split(text)]
    # a word right after two values or more counts them as a unit does: "3,000 units in 2024 to 4,500 units"
    counted = Counter(ts[j + 1] for _, ts in clauses for j, t in enumerate(ts[:-1])
                      if _VALUE.match(t) and not _VALUE.match(ts[j + 1]))

    def counts(term: str) -> bool:
        return _counts_an_amount(term) or counted[term] > 1

    for clause, ts in clauses:
        at = [j for j, t in enumerate(ts) if _VALUE.match(t)]
        # the two ends of a range or a change ("from 20 ms to 10 ms", 20 msから10 msに) are of one thing; not "USD
        # 12,000 of its USD 15,000 allocation"
        gaps = _RAW_NUMBER.split(unicodedata.normalize("NFKC", clause))[1:-1]  # (the text between its numbers)
        ends = [bool(_RANGE_JOIN.fullmatch(gap)) for gap in gaps] if len(gaps) == len(at) - 1 else [True] * len(at)
        words_before: set[str] = set()
        for n, j in enumerate(at):
            before, after, kinds = amounts.setdefault(ts[j], (set(), set(), set()))
            between = {t for t in ts[at[n - 1] + 1 if n else 0 : j] if not counts(t)}
            words_before = words_before if not between and n and ends[n - 1] else between
            before.update(words_before)
            after.update(t for t in ts[j + 1 : at[n + 1] if n + 1 < len(at) else len(ts)] if not counts(t))
            kinds.update(t for t in ts[j - 1 : j] if t in _CURRENCIES)
            kinds.update(t for t in ts[j + 1 : j + 2] if counts(t))
            if ts[j].endswith("%"):
                kinds.add("%")
    return amounts


def _counts_an_amount(term: str) -> bool:
    """Whether a term says what an amount counts (a unit, a currency, 万円) or is a Japanese particle bigram: such
    words go with every amount and pair a value with nothing."""
    return term in _UNIT_KINDS or term in _CURRENCIES or bool(_CJK_CHAR.search(term) and _NUMBER_KANJI.search(term))


def _clause_values(text: str) -> list[dict[str, set[str]]]:
    """Per clause (as _amounts cuts them), value -> what it counts (its unit or currency, "%")."""
    return [{value: kinds for value, (_, _, kinds) in _amounts(clause).items()}
            for clause in _VALUE_CLAUSE_BREAK.split(text)]


def _conditions_swapped(text: str, sentence: str) -> bool:
    """Whether the text puts together two values of the sentence that it gives each with another value of the
    other's kind: "The battery lasts 10 hours at 0 °C" where it lasts "10 hours at 20 °C and 6 hours at 0 °C"
    (review36 F3)."""
    theirs = _clause_values(sentence)
    where: dict[str, list[int]] = {}
    for k, clause in enumerate(theirs):
        for value in clause:
            where.setdefault(value, []).append(k)
    for clause in _clause_values(text):
        if len(clause) != 2:  # (a comparison, "from 10 hours at 20 °C to 6 hours at 0 °C", pairs nothing: review45 R1)
            continue
        for a, b in ((a, b) for a in clause for b in clause if a < b and clause[a] and clause[b]
                     and clause[a] != clause[b]):
            if len(where.get(a, ())) != 1 or len(where.get(b, ())) != 1 or where[a] == where[b]:
                continue
            with_a, with_b = theirs[where[a][0]], theirs[where[b][0]]
            if any(kinds == clause[b] for value, kinds in with_a.items() if value != a) and any(
                    kinds == clause[a] for value, kinds in with_b.items() if value != b):
                return True
    return False


def _values_exchanged(text: str, sentence: str) -> bool:
    """Whether the text gives a value of the sentence to what the sentence gives another value of its kind
    (review34 F3): "Total infrastructure spend in Q3 was EUR 380,000" where the spend was EUR 412,000 "against a
    budget of EUR 380,000"; "The heater weighs 2 kg" where the stand does; 第2四半期の執行額は2,000万円 where
    2,000万円 is the 予算. It counts when no word of the text's value is one of the sentence's value (other than
    the words before the other value), one is a word before the other value, and the text either never names what
    the value is of in the sentence (the budget, the stand) or gives that to the other value (two values
    exchanged): "Spend exceeded the budget of EUR 380,000" keeps the budget with its value."""
    mine, theirs = _amounts(text), _amounts(sentence)
    text_terms = set(terms(text))
    # (the two sides of a plan changed are one thing: "originally scheduled for 11 November but moved to 18 November")
    plan = [(set(numbers_in(m.group("old"))), set(numbers_in(m.group("new"))))
            for pattern in (_ORIGINALLY_EN, _ORIGINALLY_JA) for m in pattern.finditer(sentence)]
    old, new = set().union(*(o for o, _ in plan)), set().union(*(n for _, n in plan))
    for value, (before, after, _) in mine.items():
        words = before | after
        if value not in theirs or not words:
            continue
        own_before, own_after, kind = theirs[value]
        own = own_before | own_after
        for other, (their_before, _, their_kind) in theirs.items():
            if other == value or their_kind != kind or {value, other} & old and {value, other} & new:
                continue
            what_of = own - their_before  # what the value is of in the sentence, and the other value is not
            # (what the other value is of may follow this one: "EUR 412,000 against a budget of EUR 380,000" gives
            # the budget, not 412,000, to "The budget was EUR 412,000", review42 F7)
            if not what_of or words & what_of or not words & (their_before - own_before):
                continue
            other_words = set().union(*mine.get(other, (set(), set()))[:2])
            if not what_of & text_terms or (other_words & what_of and not other_words & their_before):
                return True
    return False


# Which limit a text says a number is ("5.0 V typical", "at most 15 mV", 最大10 ms); text.LIMIT_COLUMNS names the
# limit a table's column gives.
_LIMIT_SAID = (("typ", r"typical(?:ly)?|typ\b\.?|nominal(?:ly)?|標準"),
               ("max", r"max(?:imum)?\b|at\s+most|up\s+to|no\s+more\s+than|not\s+(?:to\s+)?exceed|最大"),
               ("min", r"min(?:imum)?\b|at\s+least|no\s+less\s+than|最小"))
_LIMIT_WORD = re.compile("|".join(f"(?P<{label}>{words})" for label, words in _LIMIT_SAID), re.IGNORECASE)
_CELL_VALUE = re.compile(r"[±+]?-?[0-9][0-9.,]*|[—–-]")
# A table cell that is one amount: "300,000", "EUR 1,200", "¥5,000", "12.5 %", "700万円".
_NUMERIC_CELL = re.compile(r"(?:[A-Z]{3}\s?|[€$£¥])?[±+]?-?[0-9][0-9.,]*\s?(?:%|[^\W\d]{1,4})?")
_LIMIT_TERMS = frozenset(terms("min minimum typ typical typically nominal max maximum 最小 標準 最大"))


def _limit_columns(pieces: list[str]) -> list[dict[str, set[str]]]:
    """Per piece, value -> the columns it stands in, for the rows of a table whose header names two or more of
    Min / Typ / Max (最小 / 標準 / 最大): "Dropout voltage  —  2.0  2.5  V" under "Parameter  Min  Typ  Max  Unit"
    gives 2.0 typ and 2.5 max (an empty cell is "—", as ingest writes it; a "%" unit cell makes them 2.0% and
    2.5%). A Markdown row's cells stand under the header's; a plain row's last values are the limit columns, in
    order, when the header has at most a unit column after them and only the unit follows them. The table ends
    at a piece that is no such row (review43 R3, R8)."""
    out: list[dict[str, set[str]]] = []
    labels: list[tuple[int, str]] | None = None  # (cell or token index in the header, label)
    piped, after_limits = False, 0
    for piece in pieces:
        piped_piece = piece.lstrip().startswith("|")
        cells = markdown_cells(piece) if piped_piece else [t for t in re.split(r"\s+", piece) if t]
        said = [(k, LIMIT_COLUMNS[c.lower().rstrip(".")]) for k, c in enumerate(cells)
                if c.lower().rstrip(".") in LIMIT_COLUMNS]
        columns: dict[str, set[str]] = {}
        if len(said) >= 2 and len({label for _, label in said}) == len(said) and not ends_sentence(piece):
            labels, piped, after_limits = said, piped_piece, len(cells) - 1 - said[-1][0]
        elif labels and piped and piped_piece and MARKDOWN_TABLE_RULE.match(piece):
            pass
        elif labels and piped and piped_piece:
            unit = cells[-1] if cells else ""
            for k, label in labels:
                if k < len(cells) and _CELL_VALUE.fullmatch(cells[k]):
                    columns.update({v: columns.get(v, set()) | {label} for v in _cell_values(cells[k], unit)})
        elif labels and not piped and not ends_sentence(piece) and after_limits <= 1:
            at = [k for k, t in enumerate(cells) if _CELL_VALUE.fullmatch(t)]
            # (not a row with a condition after its values: "Output ripple — 8 15 mV IOUT = 2 A")
            if len(at) >= len(labels) and len(cells) - 1 - at[-1] <= 1 and "=" not in cells[at[-len(labels)]:]:
                unit = cells[-1] if at[-1] < len(cells) - 1 else ""
                for k, (_, label) in zip(at[-len(labels):], labels):
                    columns.update({v: columns.get(v, set()) | {label} for v in _cell_values(cells[k], unit)})
        if not columns and not said and not (piped and MARKDOWN_TABLE_RULE.match(piece)):
            labels = None
        out.append(columns)
    return out


def _cell_values(cell: str, unit: str) -> list[str]:
    """The value of a limit cell as terms() writes it in a text: "0.5" under a "%" unit is 0.5%."""
    values = [t for t in terms(cell.lstrip("±+")) if _VALUE.match(t)]
    return values + [v + "%" for v in values if unit == "%" and not v.endswith("%")]


def _header_columns(pieces: list[str]) -> list[dict[str, set[str]]]:
    """Per piece, for the rows of a Markdown table (its header row, then a rule "| --- |"), value -> the terms of
    the header cells of the columns it stands in."""
    out: list[dict[str, set[str]]] = []
    header: list[set[str]] | None = None
    for k, piece in enumerate(pieces):
        cells = markdown_cells(piece) or None
        columns: dict[str, set[str]] = {}
        if cells and k + 1 < len(pieces) and MARKDOWN_TABLE_RULE.match(pieces[k + 1]):
            header = [set(terms(c)) for c in cells]
        elif not cells:
            header = None
        elif header and len(cells) == len(header) and not MARKDOWN_TABLE_RULE.match(piece):
            for cell, heading in zip(cells, header):
                for value in (t for t in terms(cell) if _VALUE.match(t)) if _NUMERIC_CELL.fullmatch(cell) else ():
                    columns.setdefault(value, set()).update(heading)
        out.append(columns)
    return out


def _headers_differ(amounts: dict[str, tuple[set[str], set[str], set[str]]], columns: dict[str, set[str]]) -> bool:
    return bool(_header_conflicts(amounts, columns))


def _header_conflicts(amounts: dict[str, tuple[set[str], set[str], set[str]]],
                      columns: dict[str, set[str]]) -> dict[str, set[str]]:
    """value -> the words of another column's header the text gives a value of a table row, with none of its own:
    "The Staff budget is EUR 148,000" where 148,000 stands under "Spent to 30 Sep (EUR)", not under "Annual budget
    (EUR)" (review41 F10). Only words of one other column's header count ("budget" under "Budget 2026" and
    "Budget 2027" tells no column, review44 N1)."""
    conflicts = {}
    for value, (before, after, _) in amounts.items():
        if value not in columns:
            continue
        words = before | after
        own = columns[value]
        headings = [heading - own for other, heading in columns.items() if other != value]
        alone = {t for heading in headings for t in heading if sum(t in h for h in headings) == 1}
        if not words & own and words & alone:
            conflicts[value] = words & alone
    return conflicts


def _limits_stated(text: str) -> dict[str, str]:
    """value -> the limit the text says it is: a limit word right after it and its unit ("5.0 V typical", "17.5 ms
    maximum"), else the last one before it in its clause, not taken by the value before ("at most 15 mV",
    "typically 2.0 V", 最大10 ms)."""
    stated: dict[str, str] = {}
    numbers = list(re.finditer(r"(?<![0-9A-Za-z.])-?[0-9][0-9.,]*[0-9]|(?<![0-9A-Za-z.])[0-9]", text))
    taken = 0  # where the limit word the value before took ends
    for k, m in enumerate(numbers):
        value = next(iter(terms(m.group())), None)
        if value is None:
            continue
        after = text[m.end() : numbers[k + 1].start() if k + 1 < len(numbers) else len(text)]
        if limit := re.match(rf"\s*(?:(?:°\s?[CF]|%|[^\W\d]{{1,5}})\.?\s*)?(?:{_LIMIT_WORD.pattern})", after,
                             re.IGNORECASE):
            stated[value] = next(label for label, word in limit.groupdict().items() if word)
            taken = m.end() + limit.end()
            continue
        window = re.split(r"[,;、]", text[max(taken, numbers[k - 1].end() if k else 0) : m.start()])[-1]
        if said := list(_LIMIT_WORD.finditer(window)):
            stated[value] = next(label for label, word in said[-1].groupdict().items() if word)
    return stated


def _columns_differ(stated: dict[str, str], columns: dict[str, set[str]]) -> bool:
    """Whether the text calls a value of a Min / Typ / Max row another limit than the column it stands in: "The
    dropout voltage is typically 2.5 V" where 2.5 V is the Max (review41 F4)."""
    return any(value in columns and label not in columns[value] for value, label in stated.items())


def _opposites_swapped(text: str, sentence: str) -> bool:
    """Whether the text gives two opposite words of a sentence each other's words (review42 F8): "The effect was
    large in children and small in adults" for "... small in children and large in adults", "starts early and ends
    late" for "starts late and ends early". What an opposite word says of is the two words after it in its clause
    (the two before it when it ends the clause), less those it shares with the other one ("region" of "in the
    south region" and "in the north region"); only a swap both ways counts: "Sales decreased in the south region
    and increased in the north region" restates "Sales increased in the north region and decreased in the south
    region in the third quarter" (review44 N6)."""
    for a, b in _OPPOSITES:
        if not (a.search(text) and b.search(text) and a.search(sentence) and b.search(sentence)):
            continue
        sides = []
        for whole in (text, sentence):
            near = {"a": set(), "b": set()}
            for clause in _PAIRING_BREAK.split(whole):
                found = [(m, label) for label, word in (("a", a), ("b", b)) for m in [word.search(clause)] if m]
                if len(found) == 1:
                    m, label = found[0]
                    near[label] |= set(terms(clause[m.end():])[:2] or terms(clause[: m.start()])[-2:])
            sides.append({"a": near["a"] - near["b"], "b": near["b"] - near["a"]})
        mine, theirs = sides
        if all(mine[x] & theirs[y] and not mine[x] & theirs[x] for x, y in (("a", "b"), ("b", "a"))):
            return True
    return False


def _same_level(text: str, sentence: str) -> bool:
    """False when the text states a requirement level the sentence does not, and the sentence states one:
    "The logger SHALL support NFC" for "... SHOULD support NFC", "A C-wire is required" for "... recommended"."""
    text_levels = {level for level, pattern in _LEVELS.items() if pattern.search(text)}
    sentence_levels = {level for level, pattern in _LEVELS.items() if pattern.search(sentence)}
    return not (text_levels and sentence_levels) or text_levels <= sentence_levels


def _without_marks(text: str) -> str:
    """The text less its requirement levels and its words of the _OPPOSITES pairs."""
    for pattern in [*_LEVELS.values(), *(p for pair in _OPPOSITES for p in pair)]:
        text = pattern.sub(" ", text)
    return text


def _words(text: str) -> list[str]:
    """Words as written, a possessive's "'s" cut off ("Acme's" is Acme)."""
    return [re.sub(r"['’]s$", "", w) for w in re.findall(r"[^\W\d_][\w'’-]*", text)]


_TITLES = frozenset("mr mrs ms dr prof sir madam".split())


def _names(text: str) -> set[str]:
    """Capitalised words after the first (names, months, acronyms), in lower case; not a title or a capitalised
    stopword (SHALL). The first word is capitalised anyway: "Staff receive ..." for "Employees receive ..." is
    no other name."""
    return {w.lower() for w in _words(text)[1:]
            if w[0].isupper() and w.lower() not in STOPWORDS and w.lower() not in _TITLES}


def _names_swapped(text: str, sentence: str) -> bool:
    """Whether the text puts a name where the sentence has another: "Aiko Sato will fix both bugs" for "Tom Baker
    will fix both bugs" (each has a name the other lacks)."""
    text_words = {w.lower() for w in _words(text)}
    sentence_words = {w.lower() for w in _words(sentence)}
    return bool(_names(text) - sentence_words) and bool(_names(sentence) - text_words)


# Who does what a passive verb tells: "approved by the department director", "paid by the customer", "carried
# out by two technicians" (the verb, then the words up to the first stopword, past a leading determiner).
_BY_AGENT = re.compile(r"\b([^\W\d_]+(?:\s+out)?)\s+by\s+(?:(?:the|a|an|their|its|his|her|our|your)\s+)?"
                       r"([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})", re.IGNORECASE)


def _agents(text: str) -> dict[str, set[str]]:
    """verb term -> terms of its agent ("approved by the CFO" -> {"approv": {"cfo"}}), for agents named by words."""
    agents: dict[str, set[str]] = {}
    for verb, phrase in _BY_AGENT.findall(text):
        words = []
        for word in phrase.split():
            if word.lower() in STOPWORDS:
                break
            words.append(word)
        verb_terms, agent_terms = terms(verb), set(terms(" ".join(words)))
        if verb_terms and agent_terms:
            agents.setdefault(verb_terms[0], set()).update(agent_terms)
    return agents


def _agents_differ(text: str, sentence: str) -> bool:
    """Whether the text gives a deed of the sentence to someone else: "approved by the CFO" for "approved by the
    department director" (the same verb, agents with no word in common; review10 M6)."""
    theirs = _agents(sentence)
    return any(verb in theirs and not agent & theirs[verb] for verb, agent in _agents(text).items())


# Where one clause of a sentence ends and another, with a polarity of its own, begins.
_CLAUSE_BREAK = re.compile(r"\s*[;；]\s*|,\s*(?=(?:but|while|whereas)\s)|(?<=が)、|。?一方(?:で|、)")
_TEXT_CLAUSE_BREAK = re.compile(rf"{_CLAUSE_BREAK.pattern}|,\s*(?=and\s)")
# "participants were not", "the supplier did not": a clause that says no with its verb left out
_ELLIPTIC_NO = re.compile(r"^(?:and\s+)?(?P<who>[^,]{1,60}?)\s+(?:were|was|is|are|did|does|do|has|have|had|will|would|"
                          r"can|could|should|must)\s*(?:not|n't|never)\s*[.!]?$", re.IGNORECASE)


def _polarity(text: str) -> tuple[int, bool, bool, int]:
    """(says "not": how often, in English; whether, in Japanese; says "without"; states an exception or
    condition; says "no" or "without": how often): what a restatement must keep of its source sentence. "without"
    apart: "Parallel operation is allowed without the module" lost the "not" of "Without the module, parallel
    operation is not allowed" (review18 H7). Counted in English: "A request that has not been answered ... is
    treated as approved" lost one of the two of "... has not been answered ... is not treated as approved" (review23
    F8); a "no" and a "without" are one count, as either says the other ("theft with no signs of forced entry is not
    covered" restates "not ...: theft without signs of forced entry"), a "not" another ("staff may work from abroad
    without restriction" is no "without ..., staff may not work from abroad", review25 F1). Japanese says no in
    more ways than can be counted."""
    text = re.sub(_OBLIGATION_JA, "", text)
    without, condition = bool(_WITHOUT.search(text)), bool(_CONDITION.search(text))
    if mostly_cjk(text):
        return bool(_NEGATION.search(_WITHOUT.sub(" ", text))), without, condition, 0
    noes = [m.lower() for m in _NEGATION.findall(text)]
    absent = sum(m in ("no", "without") for m in noes)
    return len(noes) - absent, without, condition, absent


# A change of a value: "raised the capacity from 16,000 to 32,000", "postponed from 21 March to 4 April",
# "当初予定の8月3日から8月17日に延期".
_CHANGE_STEMS = (r"rais|lower|increas|decreas|reduc|chang|mov|postpon|delay|extend|shorten|updat|revis|reschedul|push|"
                 r"defer|replac|upgrad|downgrad|bump|advanc")
# Release notes and revision histories also say "corrected", "switched", "tightened", "fell", "grew" (review41 F1):
# done, so in the past tense only ("Adjust the flow rate from 2 to 4 L/min", "prices can go from", "Goods
# weighing from 5 kg to 30 kg" are ranges, review42 F1).
# (not the adjective that opens a sentence or a compound: "Expanded polystyrene boards are available from 20 mm to
# 100 mm", "Relaxed-fit trousers", review43 R4)
_CHANGED_PAST = (r"(?<!^)(?:(?:correct|adjust|switch|tighten|amend|relax|narrow|widen|lengthen|expand)ed|modified)(?!-)"
                 r"|halved|doubled|fell|grew|rose|dropped|shrank")
_CHANGE_VERB = rf"(?:(?:{_CHANGE_STEMS}|cut|brought|bring)\w*|{_CHANGED_PAST})"
_CHANGE_WORDS_JA = (r"(?:変更|延期|短縮|延長|引き上げ|引き下げ|引上げ|引下げ|前倒し|増加|減少|移動|改訂|拡大|縮小|増額|減額"
                    r"|値上げ|値下げ|上が|下が|上昇|低下)")
_NO_CLAUSE_END = r"(?:[^,;.]|(?<=\d)[,.](?=\d))"  # a comma or a point inside a number ("16,000", "4.2") goes on
_CHANGE_EN = re.compile(rf"\b{_CHANGE_VERB}\b.*?\bfrom\s+(?P<old>{_NO_CLAUSE_END}{{1,40}}?)\s+to\s+"
                        # (the new side ends before a next change: "raised from 3,000 to 3,500 and then lowered
                        # from 3,500 to 3,000", review48 F2)
                        rf"(?P<new>(?:(?!\s(?:and\s+then|then|later|subsequently|afterwards|from)\b){_NO_CLAUSE_END})"
                        r"{1,40})", re.IGNORECASE)
# The old value is what stands right before から: one to four numbers with their counters ("9,000円", "6月1日",
# "4月1日(水) 10:00", "4月1日 午前10時"), not the date of the decision before it ("2026年4月1日の改定により一般職
# 9,000円から"). Several changes may share one verb: "一般職9,000円から10,000円に、課長職10,000円から11,000円に引き上げた"
# (review24 H2), but a period is no change: "2026年4月1日から9月30日に、営業時間を変更します" (review25 F10).
_OLD_JA = (r"(?:(?:午前|午後)?[0-9０-９][0-9０-９.,:：]*(?:\s?[A-Za-zµμΩ°℃%/]{1,6}(?![A-Za-z]))?"
           r"[^\s、。はがをにでとのもへや0-9０-９()（）]{0,4}?"
           r"(?:[(（][^)）]{1,3}[)）])?\s*){1,4}")
_CHANGE_JA = re.compile(rf"(?P<old>{_OLD_JA})から(?P<new>[^、。]{{1,20}}?)(?:に|へ)"
                        rf"(?=(?:、[^。]{{0,40}}?から[^、。]{{1,20}}?(?:に|へ))*{_CHANGE_WORDS_JA})")
# ... and a change of an object (を) may have a clause before its verb: "開始時刻を10時から11時に、会場の都合により変更"
# (review26 F12); a period has none: "2026年4月1日から9月30日に、…"
_CHANGE_JA_OBJECT = re.compile(rf"を\s*(?P<old>{_OLD_JA})から(?P<new>[^、。]{{1,20}}?)(?:に|へ)、[^。]{{0,30}}?"
                               rf"{_CHANGE_WORDS_JA}")
# ... or with the verb right after から and the new value elsewhere: 「8,000円から値上げされ、9,000円となった」,
# 「月額450円で、昨年の390円から値上げされた」 (review42 F9)
# (not a date: 年会費は2026年4月から値上げされ, review44 N2)
_CHANGE_JA_FROM = re.compile(rf"(?P<old>{_OLD_JA})(?<![年月日時分])から(?:値上げ|値下げ|増額|減額|引き上げ|引き下げ|引上げ"
                             r"|引下げ|上昇|低下|増加|減少)(?P<new>[^。]{0,30})")
# ... and a plan changed in one sentence: "was originally scheduled for 11 November 2026 but has been moved to 18
# November 2026", 「当初9月に予定していたが、…11月に延期された」 (review46 F4)
_ORIGINALLY_EN = re.compile(rf"\b(?:originally|initially|first)\s+(?:\w+\s+){{0,2}}?(?:for|on|at|in)\s+"
                            rf"(?P<old>{_NO_CLAUSE_END}{{1,30}}?)\s*,?\s+(?:but\s+|and\s+)?(?:\w+\s+){{0,3}}?"
                            rf"{_CHANGE_VERB}\s+(?:\w+\s+){{0,2}}?(?:to|until)\s+(?P<new>{_NO_CLAUSE_END}{{1,40}})",
                            re.IGNORECASE)
_ORIGINALLY_JA = re.compile(rf"当初(?:は)?(?P<old>{_OLD_JA})(?:に|から)(?:予定|計画|開始予定|実施予定)[^。]*?"
                            rf"(?P<new>[0-9０-９][^、。]{{0,15}}?)(?:に|へ){_CHANGE_WORDS_JA}")
# ... and a new value with its old one after it: "at EUR 2,100 per month, up from EUR 2,000 per month" (review46 F7)
_UP_FROM_EN = re.compile(r"(?P<new>(?:[A-Z]{3}\s?|[€$£¥])?[0-9][0-9.,]*[^,;]{0,20}?),?\s+(?:up|down)\s+from\s+"
                         r"(?P<old>(?:[A-Z]{3}\s?|[€$£¥])?[0-9][0-9.,]*[^,;]{0,20}?)(?=[,;.]|$)")
# A text may state the old value of a change when it marks it as old ("originally 3 May", 当初), or tells the
# change with a verb ("was raised", "postponed"; not the noun "update": "the update set the capacity at 16,000")
# beside the new value.
# (or when it was: "in the second quarter", "before the upgrade", 改善前の; review42 F2; not a deadline, "before
# the first day of the lease", review43 R5)
_MARKS_OLD = re.compile(r"\b(?:from|previously|originally|initially|formerly|old|earlier|instead\s+of|rather\s+than"
                        r"|original|last\s+(?:year|quarter|month|week)|in\s+q[1-4]|in\s+(?:the\s+)?(?:first|second"
                        r"|third|fourth|last|previous|prior)\s+(?:quarter|half|year|month)|before\s+(?:\S+\s+){0,3}?"
                        r"(?:upgrades?|updates?|changes?|revisions?|releases?|firmware|versions?|migrations?|redesigns?"
                        r"|improvements?|increases?|reductions?|cuts?))\b"
                        r"|当初|旧|から|従来|ではなく|前年|昨年"
                        r"|(?:変更|改善|導入|改定|改訂|値上げ|値下げ|引き上げ|引き下げ|引上げ|引下げ|短縮|延長|増額|減額)前",
                        re.IGNORECASE)
# ... or the year of the old side ("In 2024, 3,000 units were sold" for "from 3,000 units in 2024 to 4,500 units
# in 2025"; not the year of the change, "raised from EUR 40 to EUR 50 in 2026")
# ("in 2024", "during 2024", "for 2024", "as of 2024", "in the year 2024", "the 2024 numbers", "(2024)", FY2024,
# 2024年の, 2024年度は; review49 M2)
_YEAR_SAID = re.compile(r"(?:\b(?:in|during|for|throughout|as\s+of)\s+(?:(?:the\s+)?(?:fiscal\s+|calendar\s+)?year\s+)?"
                        r"|\bthe\s+|\(|\bFY\s?)((?:19|20)[0-9]{2})\b(?!\s*[-–/])|((?:19|20)[0-9]{2})年度?(?:の|に|は|中)",
                        re.IGNORECASE)
# A value told as it was ("was EUR 9,000", 「…だった」), not as it stands now ("is", "stays at", "will be", a label
# "Marketing: EUR 9,000", 「…である」「…となっている」; review48 F7).
_PAST = re.compile(r"\b(?:was|were|had|used\s+to)\b|だった|でした|であった|ていた", re.IGNORECASE)
# Where a sentence goes back to a value after a change, in the change's clause: "back to EUR 3,000", "3,000
# again", 「80,000円に戻」.
_BACK_TO = re.compile(r"\bback\s+to\s+(?:[A-Z]{3}\s?|[€$£¥])?\d[\d.,:]*|"
                      # (the value, a unit-like word or none, "again": "EUR 30 per month again", "50 km/h again",
                      # "EUR 8 for adults again"; not "20 new guides again", review54 N2)
                      r"\d[\d.,:]*\s*(?:%\s*|[A-Za-zµ°/]{1,4}\s+|(?:per|for|a|an)\s+\w+\s+)?again\b|"
                      r"[0-9０-９][0-9０-９,.]*[^0-9０-９、。]{0,4}に戻", re.IGNORECASE)
# A change refused, withdrawn, only proposed or asked about is no change made (review49 R5, review50 N3); not a
# "motion by", "no other line", "would cover" beside a change made, nor a proposal approved (review50 N2), nor a
# "Deferred maintenance" line or "As proposed by" (review51 F2). Read in the change's own clause (F3).
# (not "passed its first reading", "passed to the committee": review57 R11)
_APPROVED = (r"(?:approved|adopted|accepted|agreed(?!\s+to\b)|carried(?!\s+over\b)|"
             r"passed(?!\s+(?:to\b|on\s+(?:to|for)\b|on\s*(?:[.;,]|$)|(?:its|a|the)\s+(?:first|second)\s+reading))|"
             r"ratified|endorsed|承認|可決)")  # (nor "passed on for legal advice", "passed on.": review59 F3)
_NOT_MADE = re.compile(rf"\b(?:reject\w*|refus\w*|voted\s+down|withdr[ae]wn?|(?:was|were|been|is)\s+deferred|whether|"
                       rf"(?:did|was|were)\s+not|not\s+{_APPROVED})\b|\b(?:propos(?:al|als|ed|es|e)?|suggest(?:ed|s|ion)?)"
                       rf"\s+(?:to|that)\b(?![^.]*\b{_APPROVED}\b)|否決|見送|検討(?:中|する|します|を続け)|"
                       rf"提案(?:した|する|します|された|があった)(?![^。]*{_APPROVED})", re.IGNORECASE)
# What may stand before an approval that approves the proposal: "(the proposal|the board) (was) (unanimously)".
_APPROVAL_SUBJECT = re.compile(r"\s*(?:(?:the|this|that|its|their|our)\s+)?(?:proposal|motion|suggestion|plan|request|"
                               r"change|cut|increase|raise|reduction|amendment|recommendation|it|which|board|members|"
                               r"committee|council|meeting|assembly|directors|trustees|we|they)?\s*(?:(?:was|were|has|"
                               r"have|had|been|is|duly|also|then|finally|unanimously)\s+)*$", re.IGNORECASE)


# A change told as proposed, asked for or advised (with no approval in the text): "The board proposed raising ...",
# "a motion to cut", 「…する案が出された」; not "the recommended retail price", "the motion sensor", 案内 (review55 F5).
# ("recommended an increase of", "A proposal was made to raise": review57 R12; and where the next sentence refuses
# it, a change so told is no change made: review56 N7, not "At the caterer's request", 案内所: review57 R4, R5)
_PROPOSAL = re.compile(r"\b(?:proposed|suggested|recommended|requested)\s+(?:to\b|that\b|\w+ing\b|(?:an?|the)\s+"
                       r"(?:increase|decrease|cut|reduction|rise|change|move|raise|extension|transfer)\b)|"
                       r"\b(?:proposals?|motions?|suggestions?|requests?|recommendations?|plans?)\s+(?:was\s+made\s+)?"
                       r"(?:to|that)\b|提案|(?:る|す)案|"
                       r"同案|原案|議案", re.IGNORECASE)
_APPROVED_IN = re.compile(rf"\b{_APPROVED}\b", re.IGNORECASE)
# ... told as what happened to it ("... was accepted"; not "to match the accepted quote": review58 N5)
_APPROVAL_TOLD = re.compile(rf"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?{_APPROVED}\b", re.IGNORECASE)


class Change(NamedTuple):
    """What one sentence of a document tells of a change: the numbers of its old and new values, the old values
    that are the middle of a chain of changes, and whether it was made (not refused, withdrawn, deferred, only
    proposed or asked about: _change_not_made)."""
    old: set[str]
    new: set[str]
    middle: dict[str, set[str]]
    made: bool


# An approval of the proposal just named, before it ("The board approved the proposal to cut ...") or as the next
# sentence ("Ms Tan proposed to cut ... . The board approved the proposal." 「…を提案した。理事会はこれを承認した。」)
_APPROVED_BEFORE = re.compile(rf"(?<!\bnot )(?<!n't )\b{_APPROVED}\s+(?:(?:the|a|an|this|that|his|her|their|its|our)"
                              r"\s+)?(?:[\w-]+'s\s+)?$", re.IGNORECASE)  # ("the treasurer's proposal to": review57 R6)
_PROPOSAL_NOUN = r"(?:proposal|motion|suggestion|plan|request|change|recommendation|amendment)"
_APPROVES_IT = re.compile(rf"^\s*(?:[^,.;]{{0,40}},\s*)?(?:(?:(?:the|this|that)\s+{_PROPOSAL_NOUN}|it|this|which)\s+"
                          rf"(?:(?:was|were|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?{_APPROVED}\b|(?:unanimously\s+)?"
                          # ("Agreed.", "Agreed unanimously.", "The members voted in favour (of it).": review56 N6,
                          # review57 R6)
                          r"(?:agreed|approved|carried|adopted)(?:\s+unanimously|\s+by\s+(?:a\s+majority|\d+\s+votes?"
                          r"\s+to\s+\d+))?\s*[.!]?\s*$|(?:the\s+)?(?:board|members|committee|council|meeting|assembly|"
                          rf"directors|trustees|we|they)\s+(?:\w+ly\s+)?(?:voted\s+(?:in\s+favou?r(?!\s+of(?!\s+(?:it|"
                          rf"this|that|the\s+{_PROPOSAL_NOUN}\b(?!\s+(?:to|for|of|on|about)\b))))|for\s+it)|"
                          rf"(?:approved|adopted|accepted|endorsed|ratified|agreed\s+to)\s+(?:it|this|that|the\s+"
                          # (the proposal itself, not "the change to the agenda", "the plan for the party": F4)
                          rf"{_PROPOSAL_NOUN})(?!\s+(?:to|for|of|on|about)\b)))|^[^。]{{0,20}}?(?:これ|同案|本案|提案|"
                          r"この案)(?:を|は)[^。]{0,10}?(?:承認|可決|了承)(?!しな|されな|されず|せず|するか)", re.IGNORECASE)
# A next sentence that refuses or defers what the sentence before proposed, asked or advised: "The chair recommended
# an increase ... from EUR 1,200 to EUR 1,500. No decision was taken.", "A proposal was made to raise ... It was
# deferred." (review56 N7)
_REFUSES_IT = re.compile(rf"^\s*(?:[^,.;]{{0,40}},\s*)?(?:(?:the|this|that)\s+{_PROPOSAL_NOUN}\s+(?:was|were)\s+"
                         rf"postponed\b|(?:(?:the|this|that)\s+{_PROPOSAL_NOUN}|it|this)\s+"
                         r"(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:rejected|deferred|withdrawn|declined|"
                         r"refused|turned\s+down|voted\s+down|lost|not\s+(?:approved|adopted|accepted|agreed|carried))|"
                         # ("No decision was taken.", "... on it.", "... on the proposal.", "..., pending ..."; not "on
                         # the proposal to buy a boat", "on this year's budget", ", however, on ...": review59 F1, F2)
                         r"no\s+decision\s+was\s+(?:taken|made|reached)(?:\s*(?:[.;]|$)|,\s+(?:pending|until|as|"
                         r"because|and\s+(?:the\s+)?(?:item|matter|proposal|motion|question))\b|\s+(?:yet|today)\s*"
                         r"(?:[.;]|$)|\s+on\s+(?:it|(?:this|that)(?:\s+(?:item|matter|point|question))?|"
                         rf"the\s+{_PROPOSAL_NOUN})\b(?!'s|\s+(?:to|for|of|about)\b|\s+[\w-]+'s))|"
                         r"(?:the\s+)?(?:board|members|committee|council|meeting)\s+(?:\w+ly\s+)?(?:rejected|declined|"
                         r"refused|deferred|did\s+not\s+(?:approve|agree|adopt))\s+"
                         rf"(?:it|this|that|the\s+{_PROPOSAL_NOUN})"
                         r"(?!\s+(?:to|for|of|on|about)\b))"
                         r"|^[^。]{0,20}?(?:これ|同案|本案|この提案|この案)(?:を|は)[^。]{0,10}?(?:否決|見送|保留|却下)"
                         r"(?![^。]*ていた)",
                         re.IGNORECASE)
# ... unless that sentence takes it back or holds it: "approved by the finance committee but rejected by the board",
# "approved in principle, subject to a member vote" (review55 F9)
_APPROVAL_HELD = re.compile(r"\b(?:in\s+principle|subject\s+to|provisionally|conditionally|pending)\b|かどうか|条件",
                            re.IGNORECASE)


# Where the clause of a change ends: a reason or a time clause after its new value ("raised from EUR 50 to EUR 60
# after the board asked whether ...", "... because the members did not use it"), a Japanese verb of change that
# goes on to another clause (「…6万円に値上げし、備品の購入は見送られた」, 「…増額されたが、」; not 「…減額する案は、否決された」).
_REASON_OR_TIME = re.compile(r"\s+(?:because|since|after|as|while|when|although|though|whereas|if|until)\s",
                             re.IGNORECASE)
_CHANGE_DONE_JA = re.compile(rf"から[^。]*?{_CHANGE_WORDS_JA}(?:され|られ|し)(?:たが)?、")


def _change_clause(clause: str) -> str:
    """The part of a clause that tells its change (see _REASON_OR_TIME)."""
    if done := _CHANGE_DONE_JA.search(clause):
        return clause[: done.end()]
    change = _CHANGE_EN.search(clause)
    # (only after a change told as done, "was raised", "cut"; not one named: "The motion to raise ... from EUR 50 to
    # EUR 60 when the hall reopens was voted down")
    done = change and not re.search(r"\bto\s+$", clause[: change.start()]) and not re.match(r"\w+ing\b", change[0])
    if done and (other := _REASON_OR_TIME.search(clause, change.start("new"))):
        return clause[: other.start()]
    return clause


def _change_not_made(piece: str, next_piece: str = "") -> bool:
    """Whether the change a sentence tells was refused, withdrawn, only proposed or asked about (_NOT_MADE), in the
    clause that tells it: "Although the line was not discussed, the budget was cut from ..." is made. A proposal
    is made when approved in the sentence, before it or after it, or by the next sentence (`next_piece`); one the
    next sentence refuses is not."""
    if (_REFUSES_IT.match(next_piece) and _PROPOSAL.search(piece) and not _APPROVAL_TOLD.search(piece)
            and not any(change_sides(next_piece))):
        return True
    for clause in [c for c in re.split(r";|；|,\s+", piece) if re.search(r"\bfrom\b|から", c)] or [piece]:
        clause = _change_clause(clause)
        for m in _NOT_MADE.finditer(clause):
            # a proposal approved later in the sentence, past the clause ("..., made by Ms Tan, was approved",
            # review52 N1), said of the proposal or by those who decide and not negated: not "..., but the proposal
            # was not approved", "... and the minutes were approved" (review53 R1), but "..., and although two
            # members objected, the proposal was adopted" (review54 N1)
            after = re.split(r"[;；]", piece[piece.find(clause) + m.end():], maxsplit=1)[0]
            approval = _APPROVED_IN.search(after)
            subject = approval and re.split(r"(?:,\s*|\s+)(?:and|but|although|though|so|as|since)\s+|,\s+",
                                            after[:approval.start()])[-1]
            approved = ((approval and _APPROVAL_SUBJECT.match(subject)) or _APPROVED_BEFORE.search(clause[:m.start()])
                        or (_APPROVES_IT.match(next_piece) and not _NOT_MADE.search(next_piece)
                            and not _APPROVAL_HELD.search(next_piece)))
            if not (re.match(r"(?:propos|suggest|提案)", m.group(0), re.IGNORECASE) and approved):
                return True
    return False


_CHANGED = re.compile(rf"\b(?:{_CHANGE_STEMS})e?d\b|\b(?:cut|brought|{_CHANGED_PAST})\b"
                      r"|変更|延期|短縮|延長|引き上げ|引き下げ|引上げ|引下げ|前倒し|改訂|増額|減額|値上げ|値下げ", re.IGNORECASE)
# The new value of a change as a text tells it: "postponed to 10 May", "raised to 32,000 from 16,000" (up to a
# "from" or a parenthesis: "moved to 10 May (originally 3 May)"), "is now 40 EUR", "8月17日に延期".
_UP_TO_THE_OLD = r"(?!\bfrom\b|\(|\b(?:originally|previously|formerly|initially|instead|rather)\b)"
_NEW_VALUE_EN = re.compile(rf"(?:\b{_CHANGE_VERB}\b(?:{_UP_TO_THE_OLD}{_NO_CLAUSE_END})*?\b(?:to|until|till)|"
                           rf"\b(?:now|currently)\b)\s+(?P<new>(?:{_UP_TO_THE_OLD}{_NO_CLAUSE_END}){{1,40}})",
                           re.IGNORECASE)
_NEW_VALUE_JA = re.compile(r"(?P<new>[^、。から（(）)]{1,20}?)(?:に|へ)" + _CHANGE_WORDS_JA)  # not "8月17日（当初8月3日）に"


_WHEN_WORDS = frozenset(terms("date dates day days time schedule deadline window weekend slot"))
# A day and its month as a date writes them: "28 May", "21st of March", "June 15" ("May" is no term: a stopword).
_MONTH_NAMES = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
               r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_MONTH = re.compile(rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_NAMES})\b"
                        rf"|\b(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)", re.IGNORECASE)


def _month_days(text: str) -> set[tuple[str, str]]:
    """(day, month) of the dates a text writes, as number_units pairs them ("28 May" -> ("28", "may"))."""
    return {(m.group("d1") or m.group("d2"), (m.group("m1") or m.group("m2")).lower())
            for m in _DAY_MONTH.finditer(text)}


# A date changed in Japanese, as made or decided: "本番移行日は2027年1月9日（土）に変更することとした", "本番移行は12月19日
# に延期された". What is moved is the phrase before は/を (本番移行日): its bigrams must nearly all be in an earlier
# sentence (bigrams of two sentences meet too easily otherwise). Not a proposal, a possibility, a condition or a
# request after the verb (変更する案, 変更できる, 延期する場合, 変更してください).
_DAY_JA = "日"
_UPDATE_JA = re.compile(r"(?P<what>[^、。はをがにで（(「」]{2,20})[はを]\s*(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月"
                        r"(?P<day>[0-9０-９]{1,2})日(?:\s*[（(][月火水木金土日][）)])?\s*(?:に|へ)"
                        rf"{_CHANGE_WORDS_JA}(?P<after>[^。]{{0,12}})")
_NOT_MADE_JA = re.compile(r"でき|可能|場合|ことがあ|ください|案|検討|かどうか|べきか|たら|れば")


def _japanese_date_changes(sentence: str) -> list[tuple[str, str]]:
    """(the new day, what has it: 本番移行日) of each date change a Japanese sentence tells as made (_UPDATE_JA)."""
    return [(unicodedata.normalize("NFKC", m.group("day")), m.group("what").strip())
            for m in _UPDATE_JA.finditer(sentence) if not _NOT_MADE_JA.search(m.group("after"))]


def _names_the_moved_thing(what: str, text: str) -> bool:
    """Whether a Japanese text names what a date change moved (本番移行日, or 本番移行 without its 日) as a phrase of
    its own, followed by a particle: 「本番移行を12月5日に実施」, not 「本番移行判定会議は12月3日」."""
    core = re.sub(r"(?:日|日程|予定日|期日|時期|実施日)$", "", what)
    # (の only before its date: 本番移行の日程は…, not 本番移行の判定会議, 本番移行のリハーサル: review38 N2, review40 N3)
    when = r"(?:日|日程|予定日|期日|時期|実施日|実施)"
    return len(core) >= 2 and re.search(re.escape(core) + rf"(?:{when}?[をはがも]|の{when})", text) is not None


def updates_told(sentence: str) -> list[tuple[str, set[str]]]:
    """(new value, the words of what has it) for each change a sentence tells as made or announced, in a
    statement of its own: "The move date is postponed to 15 June 2026" gives ("15", {"move", "date"}), "We
    postponed the move to 15 June" ("15", {"move"}): the words before the new value, less the change verb.
    None for a possibility, an instruction or a behaviour under a condition ("can be raised to 21 °C", "please
    move the booking to 12 June", "is increased to 150 m3/h when boost is on"), nor for "now" alone ("The
    maximum upload size is now 200 MB" in release notes listed newest first). In Japanese only a date moved,
    told strictly (see _UPDATE_JA): the words of two sentences meet too easily (bigrams; 発売日を変更したうえで6月7日
    までに is no new release date)."""
    if mostly_cjk(sentence):
        return [(n, set(terms(what))) for n, what in _japanese_date_changes(sentence)]
    if _CONDITION.search(sentence) or re.search(
            r"\b(?:can|could|(?-i:may)|might|must|should|shall)\b", sentence, re.IGNORECASE):
        return []
    told = []
    for m in _NEW_VALUE_EN.finditer(sentence):
        # the change made: a past form ("postponed", "moved"; not the noun of "The move date is ...")
        verbs = list(_CHANGED.finditer(sentence, m.start(), m.start("new")))
        if not verbs:
            continue
        verb = verbs[-1]
        # what is moved: the words of the clause before the verb, not a label before it ("Decision (revised):")
        subject = re.split(r"[:;)(,—–]", sentence[:verb.start()])[-1]
        words = {t for t in terms(subject + " " + sentence[verb.end():m.start("new")]) if not NUMBER.match(t)}
        told += [(n, words) for n in numbers_in(m.group("new"))]
    return told


def new_values(text: str) -> set[str]:
    """Numbers a text gives as the new value of a change."""
    return {n for pattern in (_NEW_VALUE_EN, _NEW_VALUE_JA) for m in pattern.finditer(text)
            for n in numbers_in(m.group("new"))}


# A value given in place of another: "keeps 14 files by default instead of 7", "7件ではなく14件". The other value
# follows at once ("rather than the originally planned 3 May": a number within four words, none of them a
# preposition: not "rather than to your manager within 2 hours").
_INSTEAD_EN = re.compile(rf"(?P<new>{_NO_CLAUSE_END}{{1,40}}?)\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+"
                         r"(?P<old>(?:(?!(?:within|by|in|at|on|for|after|before|during|until)\s)[^\W\d_]+\s+){0,4}"
                         r"[-−]?\d[\d.,:/]*(?:\s*%|\s+[^\W\d_]+)?)", re.IGNORECASE)
_INSTEAD_JA = re.compile(r"(?P<old>[0-9０-９][0-9０-９.,]*[^\s、。はがをにでとのもへや0-9０-９]{0,4})"
                         r"(?:ではなく|に代わり|に代えて|の代わりに)(?P<new>[^、。]{1,20})")


# The count a Japanese price is given per, before the price: 「1枚15円」, 「1時間900円」, 「1人あたり3,000円」.
_PER_UNIT_JA = re.compile(r"(?<![0-9０-９.,])[0-9０-９]+(?=\s*(?:枚|時間|人|名|回|個|台|件|冊|本|部|杯|泊|口|箱|袋|食|席|室|"
                          r"区画|ページ|セット|ユーザー|ライセンス|アカウント)(?:あたり|当たり)?\s*[0-9０-９])")


# What stands between two changes of one thing in a chain: a "then" and no subject of another thing ("... to EUR 30
# and then lowered from EUR 30 ...", "..., and then, after protests, lowered ...", "; it was then lowered", ", and the
# fee was then cut", 「…1,000円に引き上げられた後、1,000円から…」, 「…引き上げられたが、その後、…」; not "..., and then the
# parking fee was cut from EUR 12 ...", 「…値上げされ、午後の駐車料金は600円から…」: review55 F1, F3, review56 N1, N4, N9)
_THEN_EN = re.compile(r"\b(?:then|later|subsequently|afterwards|after\s+that)\b", re.IGNORECASE)
_THEN_JA = re.compile(r"(?:た後|たのち|その後|のちに)")
# (a subject: the words before "was", "were", ... or before the next change's verb, back to a comma, a then-word,
# "and" or "but", less words of time: "and then guest tickets were cut" (review57 R2), "the deposit for the marquee
# was" (review59 F9), "and then in June the rent was lowered" (review58 N10))
_AUXILIARY = re.compile(r"\b(?:was|were|is|are|has|have|had|will)\b|$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[,;:]|\b(?:then|later|subsequently|afterwards|and|but)\b", re.IGNORECASE)
_TIME_WORDS = frozenset(_MONTHS | {"may", "year", "years", "month", "months", "week", "weeks", "day", "days", "spring",
                                   "summer", "autumn", "winter", "morning", "evening", "today"})
# Words between a change's verb and what it changes: "cut it back", "brought down the fee" (review59 F16); a
# preposition first means no object ("lowered in June from", "reduced by the board from": review58 N1).
_PARTICLES = frozenset("back forward down up again further sharply slightly once twice later then also".split())
_ARTICLES = frozenset("the a an its their our this these those".split())
_PREPOSITIONS = frozenset("in on at by after before during for with over to under".split())


def _subjects(gap: str) -> list[str]:
    """The subjects of a text between two changes (see _AUXILIARY): from the clause's last article that no
    preposition stands before ("at the March meeting the fee", "on the advice of the treasurer the fee": review60
    G1; "the deposit for the marquee"), less words of time and numbers."""
    subjects = []
    for aux in _AUXILIARY.finditer(gap):
        words = re.findall(r"[\w'-]+", _CLAUSE_START.split(gap[: aux.start()])[-1])
        if words and words[-1].lower() in ("it", "they"):  # ("; then in June it was lowered")
            subjects.append("it")
            continue
        starts = [i for i, w in enumerate(words) if w.lower() in _ARTICLES
                  and (i == 0 or words[i - 1].lower() not in _PREPOSITIONS | {"of", "from"})]
        words = [w for w in words[starts[-1] if starts else 0:] if w.lower() not in _TIME_WORDS
                 and not re.fullmatch(r"\d+", w)]
        if words:
            subjects.append(" ".join(words))
    return subjects


def _stems(text: str) -> set[str]:
    """The terms of a text, a plural's s dropped ("fees" is "fee": review57 R13)."""
    return {t[:-1] if len(t) > 3 and t.endswith("s") else t for t in terms(text)}


def _chain_gap(gap: str, thing: str, told: str) -> bool:
    """Whether `gap`, the text between two changes, joins them as steps of one chain of changes of `thing` (the
    first change's words before its old value); `told` is the next change's own words, its verb to its old value
    ("lowered it ", "moved the club dinner ")."""
    if then := _THEN_JA.search(gap):
        return not re.search(r"[はが]", gap[then.end():])
    if not _THEN_EN.search(gap) or "。" in gap:
        return False
    # what the next change changes, the noun phrase after its verb: "it" or the thing again whoever acts ("the
    # board lowered it", "the board cut the fee"), "the club dinner" another thing (not "cut back", "lowered in
    # June", "reduced by the board": review58 N1); with none, its subject tells ("guest tickets were")
    of_it = re.split(r"\bfrom\b", told)[0].split()[1:]
    # (an adverb in -ly before "from" or a preposition: "lowered temporarily from"; not "weekly passes": review61 F5)
    while of_it and (of_it[0].lower() in _PARTICLES or of_it[0].lower().endswith("ly") and (
            len(of_it) == 1 or of_it[1].lower() in _PREPOSITIONS)):
        of_it = of_it[1:]
    if of_it and of_it[0].lower() not in _PREPOSITIONS:
        if of_it[0].lower() in ("it", "them") or of_it in (["this"], ["that"]):
            # (but not for a group of its own: "cut it for juniors", review60 G5; "cut it for 2026" is a time)
            return not (len(of_it) > 2 and of_it[1].lower() == "for" and of_it[2].lower() not in _TIME_WORDS
                        and not of_it[2][:1].isdigit())
        return _stems(re.split(r"\s(?:in|on|at|by|after|during)\s", " ".join(of_it))[0]) <= _stems(thing)
    return all(subject == "it" or _stems(subject) <= _stems(thing) for subject in _subjects(gap))


# ... and a next step with no old side: "and then to 17 May", "and then brought forward to 7 May", "then lowered
# again to EUR 1.50" (review55 F8), 「…引き上げられ、その後900円に引き下げられた」 (F13)
_THEN_TO = re.compile(rf"\s*,?\s*(?:and\s+|but\s+)?(?:then|later|subsequently)\s+(?:(?:again|further)\s+)?"
                      rf"(?:{_CHANGE_VERB}\s+(?:\w+\s+){{0,2}}?)?(?:back\s+)?(?:to|until)\s+"
                      rf"(?P<new>{_NO_CLAUSE_END}{{1,40}}?)(?=\s*(?:[,;.](?!\d)|$)|\s+(?:and|but|after|because)\b)",
                      re.IGNORECASE)
_THEN_TO_JA = re.compile(rf"{_CHANGE_WORDS_JA}[^、。はが]{{0,6}}?(?:、その後|、のちに|た後|たのち)、?(?P<new>[^、。はが]{{1,20}}?)"
                         rf"(?:に|へ){_CHANGE_WORDS_JA}")


# Units of one family count one kind of value: "USD 14" after "12 USD", "1 TB" after "20 GB", "1 July" after
# "3 June", "2 months" after "6 weeks" (review56 N2, N8).
# (_CURRENCIES and _MONTHS are terms, plurals and "may" aside)
_KIND_FAMILIES = {**dict.fromkeys(_CURRENCIES | {"euros", "dollars", "pound", "pounds", "円", "万"}, "money"),
                  **dict.fromkeys(_MONTHS | {"may", "月"}, "date"),
                  **dict.fromkeys("kb mb gb tb pb kib mib gib tib".split(), "bytes"),
                  **dict.fromkeys("second seconds minute minutes hour hours day days week weeks month months year "
                                  "years min mins h hrs sec secs 時間 分 秒 日 週間 か月 ヶ月 年".split(), "time")}


def _value_kind(text: str) -> str | None:
    """What the first value of a text is counted in: its unit's family (money, date, bytes, time), else the word or
    kanji after it ("円", "shared"; "" for a bare number)."""
    m = re.search(r"(?:([A-Z]{3}|[€$£¥])\s?)?[0-9０-９][0-9０-９.,:]*\s*([^\W\d_]+|%)?", text)
    if not m:
        return None
    unit = (m.group(2) or "").lower()
    if m.group(1) and (m.group(1).lower() in _KIND_FAMILIES or not m.group(1).isalpha()):
        return "money"
    if _CJK_CHAR.match(unit):
        unit = next((u for u in ("週間", "か月", "ヶ月", "時間") if unit.startswith(u)), unit[:1])
    return _KIND_FAMILIES.get(unit, "" if unit in STOPWORDS else unit.rstrip("s"))


def _per_unit_counts(old_side: str, new_side: str) -> set[str]:
    """The counts a Japanese price is given per on the two sides of a change, when they are the same or on one
    side only (「1枚10円から15円に」); a count that changed is a value (「10枚3,000円から11枚3,000円に」, review55 F12)."""
    old_counts, new_counts = ({n for count in _PER_UNIT_JA.findall(side) for n in numbers_in(count)}
                              for side in (old_side, new_side))
    return old_counts | new_counts if not old_counts or not new_counts or old_counts == new_counts else set()


def _way_back_refused(rest: str, back: re.Match) -> bool:
    """Whether the way back `back` (a _BACK_TO match in `rest`) is only proposed, asked about or refused."""
    lead = re.split(r",\s+|、", rest[: back.start()])[-1]  # its own clause: "and a proposal to go"
    return bool(_NOT_MADE.search(lead + rest[back.start():]) or re.search(r"^す(?:案|提案|ことを提案)", rest[back.end():]))


def change_sides(sentence: str) -> tuple[set[str], set[str]]:
    """(old, new): the numbers a sentence gives as the old value of a change (those of the "from" side not on the
    "to" side) or as what a value stands instead of, and those it gives as the new value."""
    return _change_sides(sentence)[:2]


def _step_numbers(told: str, value: str) -> set[str]:
    """The numbers a step of a chain gives with its value, its year only when it has no day: {"1"} for "EUR 850 on
    1 April 2026", {"2025"} for "EUR 70 in 2025" (review57 R8)."""
    numbers = {n for n in numbers_in(told) if n != value}
    return {n for n in numbers if not re.fullmatch(r"(?:19|20)[0-9]{2}", n)} or numbers


def _years_told_with(number: str, text: str, years: set[str]) -> set[str]:
    """The years of `years` (those a text says) that date `number`: not those of the text's own old side ("rose
    to 42, up from the 2024 figure of 30"), and where the text tells the number as a change's new value, only those
    said with it ("fell to 95 in 2024"; not "The 2025 AGM raised the fee to EUR 45": review57 R1, R9)."""
    years = {y for y in years if not re.search(rf"\bfrom\b[^.;]*\b{y}", text, re.IGNORECASE)}
    told = [m["new"] for pattern in (_NEW_VALUE_EN, _NEW_VALUE_JA) for m in pattern.finditer(text)
            if number in numbers_in(m["new"])]
    # (a year said as a time dates it wherever it stands, "In 2024, the fee was raised to EUR 45" (review58 N7), but
    # not in a clause of another value: "The day ticket, which cost EUR 8 in 2024, was raised to EUR 10" (review59 F6))
    timed = {y for y in years for clause in re.split(r"[,;()（）、]", text)
             if re.search(rf"\b(?:in|during|throughout)\s+{y}\b|{y}年", clause, re.IGNORECASE)
             and not set(numbers_in(clause)) - {y, number}}
    return {y for y in years if y in timed or any(y in new for new in told)} if told else years


def _change_sides(sentence: str) -> tuple[set[str], set[str], dict[str, set[str]]]:
    """change_sides, and the old values that are the middle of a chain of changes, each with the other numbers its
    step gives (see below)."""
    old, new = set(), set()
    # per change: (start, where its old side starts, end, old side, value reached, the text of its new side)
    reached: list[tuple[int, int, int, set[str], set[str], str]] = []
    middle: dict[str, set[str]] = {}  # value a change reached and a later one left -> its step's other numbers
    for pattern in (_CHANGE_EN, _CHANGE_JA, _CHANGE_JA_OBJECT, _INSTEAD_EN, _INSTEAD_JA, _CHANGE_JA_FROM,
                    _ORIGINALLY_EN, _ORIGINALLY_JA, _UP_FROM_EN):
        for m in pattern.finditer(sentence):
            # (the count of a price per unit is neither: 「1枚10円から15円に」, 「1時間800円から」; review51 F4)
            per_unit = _per_unit_counts(m.group("old"), m.group("new"))
            before = set(numbers_in(m.group("old"))) - per_unit
            after = [n for n in numbers_in_order(m.group("new")) if n not in per_unit]
            # a value the sentence goes back to later: "... to 3,500 and then lowered back to 3,000", "is 3,000
            # again", 「…80,000円に戻された」 (review49 R2); not one said again for another reason, "20 being the 2024
            # level", "the 1 June slot goes to ..." (review50 N1)
            # (before a ";": "; 10 volunteers again" is another thing, review51 F1; "..., so it is 3,000 again" not)
            rest = re.split(r"[;；。]", sentence[m.end():], maxsplit=1)[0]
            # (not one only proposed or refused: 「80,000円に戻す案は否決された」, "a proposal to go back to ...")
            before -= {n for back in _BACK_TO.finditer(rest) if not _way_back_refused(rest, back)
                       for n in numbers_in(back.group(0))}
            if pattern is _CHANGE_JA_FROM and not after:  # 月額450円で、昨年の390円から値上げされた: the value before
                after = numbers_in_order(sentence[: m.start()])[-1:]
            if not after:  # nothing replaces it: "an essay rather than the usual written 3-hour exam"
                continue
            old |= before - set(after)
            # the value itself: "to 55 EUR in 2025" is 55, "8月3日から8月17日に" is 17
            value = set([n for n in after if n not in before][:1])
            new |= value
            reached.append((m.start(), m.start("old"), m.end(), before, value, m.group("new")))
            # ... and a change on from it with no "from", to a value of the same kind: "postponed from 3 May to 10 May
            # and then to 17 May"; not "... to 20 GB, and then extended to 5 shared mailboxes" (review55 F2)
            then = _THEN_TO.match(sentence, m.end()) or _THEN_TO_JA.match(sentence, m.end())
            onward = then and _value_kind(then.group("new")) == _value_kind(m.group("new")) and [
                n for n in numbers_in_order(then.group("new")) if n not in per_unit | value][:1]
            if onward:
                new |= set(onward)
                middle.update({n: _step_numbers(m.group("new"), n) for n in value})
    # A value one change leaves and another reaches is no old one (10,000円 in H2's example: two things) unless the
    # change that leaves it comes after ("raised from 25 to 30 and then lowered from 30 to 28", 「800円から1,000円に
    # 引き上げられた後、1,000円から900円に」): the middle of a chain is old.
    thing = sentence[: min((old_at for _, old_at, *_ in reached), default=0)]  # ("The then chairman raised the fee ")
    for _, _, end, _, value, told in reached:
        for later, its_old, _, left, _, _ in reached:
            if later >= end and _chain_gap(sentence[end:later], thing, sentence[later:its_old]):
                middle.update({n: _step_numbers(told, n) for n in value & left})
    return (old | set(middle)) - (new - set(middle)), new - set(middle), middle


class ChangeTold(NamedTuple):
    """What a text (a model's sentence) tells of a change, to compare its numbers with a document's Change."""
    text: str
    replaced: set[str]  # the numbers it gives as a change's old value (replaced_numbers)
    new: set[str]  # ... as a new value (new_values)
    marks_old: bool  # a word for the old state: "originally 3 May", 当初
    changed: bool  # a verb of change: "was raised", "postponed"
    past: bool  # a value told as it was: "was EUR 9,000"
    years: set[str]  # the years it says, in any of the ways _YEAR_SAID reads
    not_made: bool  # the change told as refused or only proposed: "The proposal to raise ... was rejected"


def change_told(text: str) -> ChangeTold:
    return ChangeTold(text, replaced_numbers(text), new_values(text), bool(_MARKS_OLD.search(text)),
                      bool(_CHANGED.search(text)), bool(_PAST.search(text)),
                      {a or b for a, b in _YEAR_SAID.findall(text)},
                      _change_not_made(text) or bool(_PROPOSAL.search(text) and not _APPROVED_IN.search(text)))


def on_the_same_side(number: str, change: Change, told: ChangeTold, numbers: set[str]) -> bool:
    """Whether a number of a text (`told`; `numbers`: all the numbers it states) may be read from a document
    sentence that tells `change`: on the same side of the change, or with its old value marked as old."""
    replaced, new, middle, made = change
    # a change refused or only proposed leaves its old value standing ("the target remains 3 months") and
    # gives its new value only to a text that tells it so ("The reserve target is 6 months" is wrong)
    if not made and number in new and not told.not_made:
        return False
    # "raised from 0.35 to 0.30" on "raised from 0.30 to 0.35": each number on the other side of the change
    if told.replaced and replaced:
        return (number in told.replaced) == (number in replaced)
    if not made:
        return True
    # the middle of a chain told as a change's new value with its step's date ("will increase to EUR 850 on
    # 1 April 2026", the first of two steps; not "is now EUR 850", "has been moved to 10 May": review55 F7,
    # review56 N10)
    if number in middle and number in told.new and numbers & middle[number]:
        return True
    if number not in replaced:
        # a new value told with the old side's year only: "Headcount was 51 in 2024" where it "rose from
        # 48 in 2024 to 51 in 2025"
        # (the years are read only for a new value: this runs for every sentence stating the number)
        return not (number in new and told.years and (years := _years_told_with(number, told.text, told.years))
                    and years <= replaced)
    # an old value needs a text that tells of the change, and not as its new value ("was postponed to
    # 3 May", "is now 40 EUR"): a word for the old state ("originally 3 May"), or a change verb beside the
    # new value ("first set for 3 May, was postponed to 10 May"; not "was increased and is 40 EUR")
    return number not in told.new and (told.marks_old or bool(told.years & replaced)
                                       or (told.changed and bool(numbers & new)))


def changes_told(pieces: list[str]) -> list[Change]:
    """The change each of a page's pieces (its sentences, in order) tells; the next piece may refuse or approve
    what one proposed."""
    return [Change(*sides, made=not (any(sides) and _change_not_made(piece, following)))
            for piece, following in zip(pieces, pieces[1:] + [""]) for sides in [_change_sides(piece)]]


def replaced_numbers(sentence: str) -> set[str]:
    """The old values of the changes a sentence tells (see change_sides)."""
    return change_sides(sentence)[0]


def _sides_differ(text: str, sentence: str) -> bool:
    """Whether both tell a change, or a value instead of another, and the text gives an old value the sentence
    does not: "keeps 7 files instead of 14" for "keeps 14 files instead of 7" (one of two changes of a sentence
    is no other: review46 F1), or as the new value one the sentence gives only as old ("rose from 25 °C to 10 °C"
    for "rose from 10 °C to 25 °C and then fell from 25 °C to 12 °C")."""
    (text_old, text_new), (sentence_old, sentence_new) = change_sides(text), change_sides(sentence)
    return bool(text_old and sentence_old) and not (text_old <= sentence_old and
                                                    text_new.isdisjoint(sentence_old - sentence_new))


def _number_changed(text_terms: set[str], sentence_terms: set[str]) -> bool:
    """Whether the text has a number the sentence lacks where the sentence has one of the same shape the text
    lacks: "rolled back to version 7.4.1" for "... version 7.3.2", "severity 2" for "severity 3" (a number with
    no unit after it, which _unit_differs cannot see)."""
    def shapes(numbers: set[str]) -> set[str]:
        return {re.sub(r"[0-9]", "9", n) for n in numbers if NUMBER.match(n)}
    return bool(shapes(text_terms - sentence_terms) & shapes(sentence_terms - text_terms))


def _unit_differs(number: str, text_units: set[tuple[str, str]], sentence_units: set[tuple[str, str]],
                  sentence_terms: set[str]) -> bool:
    """Whether the text gives `number` another unit than the sentence does: one the sentence gives only to other
    numbers ("40 minutes" where it says "20 minutes ... 40 degrees", "by 10 March" where it says "by 25 March"), or
    another of the same kind ("18 days" for "18 months", "15 feet" for "15 metres"). A sentence that states the
    number with no word after it may name its unit before it ("the credit is 25%"): that cannot be told.
    (A percentage may stand bare in the sentence, under a "%" header.)"""
    as_stated = (number, number.rstrip("%"))
    own = {unit for n, unit in sentence_units if n in as_stated}
    if not own and any(n in sentence_terms for n in as_stated):
        return False
    taken = {unit for n, unit in sentence_units if n not in as_stated}
    for n, unit in text_units:
        if n != number or unit in own:
            continue
        if unit in taken:
            return True
        kind, name = _UNIT_KINDS.get(unit, (None, None))
        if kind and any(_UNIT_KINDS.get(u, (None, None))[0] == kind and _UNIT_KINDS[u][1] != name for u in own):
            return True
    return False


def _unit_table(*kinds: tuple[str, list[list[str]]]) -> dict[str, tuple[str, str]]:
    """term of a unit word -> (its kind, the unit): words of one unit ("metres", "meters", "m") share the unit."""
    table = {}
    for kind, units in kinds:
        for words in units:
            for word in words:
                for term in terms(word):
                    table[term] = (kind, words[0])
    return table


# Units a number is easily given the wrong one of: "18 days" for "18 months" (terms as number_units gives them).
_UNIT_KINDS = _unit_table(
    # (μ: NFKC makes the micro sign µ the Greek letter μ, as terms() reads it)
    ("time", [["ns", "nanosecond", "nanoseconds"], ["μs", "microsecond", "microseconds"],
              ["ms", "msec", "millisecond", "milliseconds"],
              ["second", "seconds", "sec", "secs", "秒"], ["minute", "minutes", "min", "mins", "分"],
              ["hour", "hours", "hr", "hrs", "時"], ["day", "days", "日"], ["week", "weeks", "週"],
              ["month", "months"], ["year", "years", "yr", "yrs", "年"]]),
    ("length", [["nm", "nanometre", "nanometres", "nanometer", "nanometers"],
                ["μm", "micrometre", "micrometres", "micrometer", "micrometers", "micron", "microns"],
                ["mm", "millimetre", "millimetres", "millimeter", "millimeters"],
                ["cm", "centimetre", "centimetres", "centimeter", "centimeters"],
                ["metre", "metres", "meter", "meters"], ["km", "kilometre", "kilometres", "kilometer", "kilometers"],
                ["inch", "inches", "in"], ["foot", "feet", "ft"], ["mile", "miles"]]),
    ("mass", [["μg", "microgram", "micrograms"], ["mg", "milligram", "milligrams"], ["gram", "grams"],
              ["kg", "kilogram", "kilograms", "kilo", "kilos"],
              ["tonne", "tonnes", "ton", "tons"], ["lb", "lbs", "pound", "pounds"], ["oz", "ounce", "ounces"]]),
    ("volume", [["ml", "millilitre", "millilitres", "milliliter", "milliliters"],
                ["litre", "litres", "liter", "liters"], ["gallon", "gallons"]]),
    ("data", [["kb", "kilobyte", "kilobytes"], ["mb", "megabyte", "megabytes"], ["gb", "gigabyte", "gigabytes"],
              ["tb", "terabyte", "terabytes"]]),
    ("frequency", [["hz", "hertz"], ["khz"], ["mhz"], ["ghz"]]),
    ("temperature", [["celsius"], ["fahrenheit"], ["kelvin"]]),
    ("pressure", [["bar", "bars"], ["mbar", "millibar"], ["psi"], ["pa", "pascal"], ["hpa"], ["kpa"], ["mpa"]]),
    ("resistance", [["ohm", "ohms", "Ω"], ["kohm", "kohms", "kΩ", "kiloohm"], ["mohm", "megohm", "MΩ"]]),
    ("voltage", [["μv", "microvolt", "microvolts"], ["volt", "volts"], ["mv", "millivolt", "millivolts"],
                 ["kv", "kilovolt", "kilovolts"]]),
    ("current", [["μa", "microamp", "microamps", "microampere"], ["amp", "amps", "ampere", "amperes"],
                 ["ma", "milliamp", "milliamps", "milliampere"],
                 ["ka", "kiloamp", "kiloamps", "kiloampere"]]),
    ("capacitance", [["pf", "picofarad", "picofarads"], ["nf", "nanofarad", "nanofarads"],
                     ["μf", "microfarad", "microfarads"]]),
    ("power", [["watt", "watts"], ["mw", "milliwatt", "milliwatts"], ["kw", "kilowatt", "kilowatts"]]),
)


def _has_bare_percent(text: str) -> bool:
    """A percent sign (or "percent") with no number before it: "Share (%)", 割合（％）."""
    text = PERCENT.sub("%", unicodedata.normalize("NFKC", text))
    return bool(re.search(r"(?<![0-9])%|\bper\s?cent\b|パーセント", text, re.IGNORECASE))


def _with_percent_cell(row: str, row_terms: list[str]) -> list[str]:
    """A row's terms, each of its values also as a percentage when its unit cell is "%"."""
    if not re.search(r"(?:\||\s{2,}|\t)\s*%\s*\|?\s*$", row):
        return row_terms
    return row_terms + [t + "%" for t in row_terms if _VALUE.match(t) and not t.endswith("%")]


def _page_terms(text: str) -> set[str]:
    """The terms of a page, with the units of its tables' unit cells ("| 5.2 | V |" states volts) and, on a page
    with a Min / Typ / Max table, the words its header abbreviates ("typical", "maximum")."""
    page = set(terms(_UNIT_CELL.sub(r" \1", text)))
    return page | _LIMIT_TERMS if any(_limit_columns(text.splitlines())) else page


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
