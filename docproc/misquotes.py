"""How a restatement differs from the document sentence it restates, in ways a check by words cannot see.

Each function compares a text (what a model wrote) with one document sentence, or reads what such a comparison
needs: a bound turned the other way ("at most 22 µF" for "at least 22 µF"), values, conditions or "not"s paired with
other words, a move or a vote turned around, a word for its opposite ("approved" for "rejected"), another
requirement level, name or agent, a number changed or given another unit, a datasheet value in another Min / Typ /
Max column or a table value under another header, the two sides of a change swapped. docproc.support's
`PageIndex.faithful` and `PageIndex.contradicted_by` call them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from docproc.changes import ORIGINALLY_EN, ORIGINALLY_JA, change_sides
from docproc.text import (
    CJK_CHAR, CONDITION, CURRENCIES, LIMIT_COLUMNS, MARKDOWN_TABLE_RULE, NEGATION, NUMBER, OBLIGATION_JA, STOPWORDS,
    WITHOUT, ends_sentence, markdown_cells, mostly_cjk, numbers_in, terms,
)


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


def bounds_of(text: str) -> dict[str | tuple[str, str], set[str]]:
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


def bound_flipped(number: str | tuple[str, str], mine: dict, theirs: dict) -> bool:
    """Whether two texts bound a number the other way: "at most 22 µF" and "at least 22 µF", "no more than 10 kg"
    and "10 kg or more" (each bounding it one way wherever it stands)."""
    a, b = mine.get(number, {""}), theirs.get(number, {""})
    return len(a) == 1 and len(b) == 1 and "" not in a | b and a != b


def bounds_differ(mine: dict, theirs: dict) -> bool:
    """Whether a text (its bounds_of) puts the other bound, rate or condition on a number of a sentence (its bounds_of;
    see bound_flipped)."""
    return any(bound_flipped(number, mine, theirs) for number in mine)


def opposed(text: str, sentence: str) -> bool:
    """Whether the text says the opposite of the sentence in a word of its own: one has one side of a pair of
    opposites (approved, 承認), the other the other side (rejected, 却下), and neither has both."""
    return any((a.search(text) and b.search(sentence) and not b.search(text) and not a.search(sentence))
               or (b.search(text) and a.search(sentence) and not a.search(text) and not b.search(sentence))
               for a, b in _OPPOSITES)


# How binding a requirement is (RFC 2119's SHALL / SHOULD / MAY): in a specification the level is the requirement.
_LEVELS = {
    "must": re.compile(r"\b(?:must|shall|required|requires?|mandatory|compulsory|obligatory)\b"
                       rf"|{OBLIGATION_JA}|必須|義務", re.IGNORECASE),
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


def pairs_swapped(text: str, sentence: str) -> bool:
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


def directions_swapped(text: str, sentence: str) -> bool:
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
VALUE_TERM = re.compile(r"^-?[0-9]")  # a number that is a value, not a code ("q3", "e1") nor a label ("a社")
_RAW_NUMBER = re.compile(r"[0-9](?:[0-9.,:/-]*[0-9])?%?")  # the numbers of a text as terms() cuts them
# what joins the two ends of a range or a change, their units around it: "to", "and" (between ... and), "or", a
# dash, から, まで
_RANGE_JOIN = re.compile(r"[^0-9]{0,12}?(?:\bto\b|\band\b|\bor\b|[-–~〜～]|から|まで)[^0-9]{0,12}", re.IGNORECASE)
_NUMBER_KANJI = re.compile("[円万億千百%年月日時分秒個台名人回件倍割]|[\u3040-\u309f]")


def amounts_of(text: str) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """value -> (the words before it, the words after it, what it counts: its unit or currency, "%"), within its
    clause and up to the values before and after it: "Spend was EUR 412,000 against a budget of EUR 380,000" gives
    412000 the spend before it and the budget after it, 380000 the budget before it. What comes before a value is
    what it is of; what comes after may be ("EUR 412,000 in spend") or may not."""
    amounts: dict[str, tuple[set[str], set[str], set[str]]] = {}
    clauses = [(clause, terms(clause)) for clause in _VALUE_CLAUSE_BREAK.split(text)]
    # a word right after two values or more counts them as a unit does: "3,000 units in 2024 to 4,500 units"
    counted = Counter(ts[j + 1] for _, ts in clauses for j, t in enumerate(ts[:-1])
                      if VALUE_TERM.match(t) and not VALUE_TERM.match(ts[j + 1]))

    def counts(term: str) -> bool:
        return _counts_an_amount(term) or counted[term] > 1

    for clause, ts in clauses:
        at = [j for j, t in enumerate(ts) if VALUE_TERM.match(t)]
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
            kinds.update(t for t in ts[j - 1 : j] if t in CURRENCIES)
            kinds.update(t for t in ts[j + 1 : j + 2] if counts(t))
            if ts[j].endswith("%"):
                kinds.add("%")
    return amounts


def _counts_an_amount(term: str) -> bool:
    """Whether a term says what an amount counts (a unit, a currency, 万円) or is a Japanese particle bigram: such
    words go with every amount and pair a value with nothing."""
    return term in _UNIT_KINDS or term in CURRENCIES or bool(CJK_CHAR.search(term) and _NUMBER_KANJI.search(term))


def _clause_values(text: str) -> list[dict[str, set[str]]]:
    """Per clause (as amounts_of cuts them), value -> what it counts (its unit or currency, "%")."""
    return [{value: kinds for value, (_, _, kinds) in amounts_of(clause).items()}
            for clause in _VALUE_CLAUSE_BREAK.split(text)]


def conditions_swapped(text: str, sentence: str) -> bool:
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


def values_exchanged(text: str, sentence: str) -> bool:
    """Whether the text gives a value of the sentence to what the sentence gives another value of its kind
    (review34 F3): "Total infrastructure spend in Q3 was EUR 380,000" where the spend was EUR 412,000 "against a
    budget of EUR 380,000"; "The heater weighs 2 kg" where the stand does; 第2四半期の執行額は2,000万円 where
    2,000万円 is the 予算. It counts when no word of the text's value is one of the sentence's value (other than
    the words before the other value), one is a word before the other value, and the text either never names what
    the value is of in the sentence (the budget, the stand) or gives that to the other value (two values
    exchanged): "Spend exceeded the budget of EUR 380,000" keeps the budget with its value."""
    mine, theirs = amounts_of(text), amounts_of(sentence)
    text_terms = set(terms(text))
    # (the two sides of a plan changed are one thing: "originally scheduled for 11 November but moved to 18 November")
    plan = [(set(numbers_in(m.group("old"))), set(numbers_in(m.group("new"))))
            for pattern in (ORIGINALLY_EN, ORIGINALLY_JA) for m in pattern.finditer(sentence)]
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
LIMIT_TERMS = frozenset(terms("min minimum typ typical typically nominal max maximum 最小 標準 最大"))


def limit_columns(pieces: list[str]) -> list[dict[str, set[str]]]:
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
    values = [t for t in terms(cell.lstrip("±+")) if VALUE_TERM.match(t)]
    return values + [v + "%" for v in values if unit == "%" and not v.endswith("%")]


def header_columns(pieces: list[str]) -> list[dict[str, set[str]]]:
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
                for value in (t for t in terms(cell) if VALUE_TERM.match(t)) if _NUMERIC_CELL.fullmatch(cell) else ():
                    columns.setdefault(value, set()).update(heading)
        out.append(columns)
    return out


def headers_differ(amounts: dict[str, tuple[set[str], set[str], set[str]]], columns: dict[str, set[str]]) -> bool:
    return bool(header_conflicts(amounts, columns))


def header_conflicts(amounts: dict[str, tuple[set[str], set[str], set[str]]],
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


def limits_stated(text: str) -> dict[str, str]:
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


def columns_differ(stated: dict[str, str], columns: dict[str, set[str]]) -> bool:
    """Whether the text calls a value of a Min / Typ / Max row another limit than the column it stands in: "The
    dropout voltage is typically 2.5 V" where 2.5 V is the Max (review41 F4)."""
    return any(value in columns and label not in columns[value] for value, label in stated.items())


def opposites_swapped(text: str, sentence: str) -> bool:
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


def same_level(text: str, sentence: str) -> bool:
    """False when the text states a requirement level the sentence does not, and the sentence states one:
    "The logger SHALL support NFC" for "... SHOULD support NFC", "A C-wire is required" for "... recommended"."""
    text_levels = {level for level, pattern in _LEVELS.items() if pattern.search(text)}
    sentence_levels = {level for level, pattern in _LEVELS.items() if pattern.search(sentence)}
    return not (text_levels and sentence_levels) or text_levels <= sentence_levels


def without_marks(text: str) -> str:
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


def names_swapped(text: str, sentence: str) -> bool:
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


def agents_differ(text: str, sentence: str) -> bool:
    """Whether the text gives a deed of the sentence to someone else: "approved by the CFO" for "approved by the
    department director" (the same verb, agents with no word in common; review10 M6)."""
    theirs = _agents(sentence)
    return any(verb in theirs and not agent & theirs[verb] for verb, agent in _agents(text).items())


# Where one clause of a sentence ends and another, with a polarity of its own, begins.
CLAUSE_BREAK = re.compile(r"\s*[;；]\s*|,\s*(?=(?:but|while|whereas)\s)|(?<=が)、|。?一方(?:で|、)")
TEXT_CLAUSE_BREAK = re.compile(rf"{CLAUSE_BREAK.pattern}|,\s*(?=and\s)")
# "participants were not", "the supplier did not": a clause that says no with its verb left out
ELLIPTIC_NO = re.compile(r"^(?:and\s+)?(?P<who>[^,]{1,60}?)\s+(?:were|was|is|are|did|does|do|has|have|had|will|would|"
                         r"can|could|should|must)\s*(?:not|n't|never)\s*[.!]?$", re.IGNORECASE)


def polarity_of(text: str) -> tuple[int, bool, bool, int]:
    """(says "not": how often, in English; whether, in Japanese; says "without"; states an exception or
    condition; says "no" or "without": how often): what a restatement must keep of its source sentence. "without"
    apart: "Parallel operation is allowed without the module" lost the "not" of "Without the module, parallel
    operation is not allowed" (review18 H7). Counted in English: "A request that has not been answered ... is
    treated as approved" lost one of the two of "... has not been answered ... is not treated as approved" (review23
    F8); a "no" and a "without" are one count, as either says the other ("theft with no signs of forced entry is not
    covered" restates "not ...: theft without signs of forced entry"), a "not" another ("staff may work from abroad
    without restriction" is no "without ..., staff may not work from abroad", review25 F1). Japanese says no in
    more ways than can be counted."""
    text = re.sub(OBLIGATION_JA, "", text)
    without, condition = bool(WITHOUT.search(text)), bool(CONDITION.search(text))
    if mostly_cjk(text):
        return bool(NEGATION.search(WITHOUT.sub(" ", text))), without, condition, 0
    noes = [m.lower() for m in NEGATION.findall(text)]
    absent = sum(m in ("no", "without") for m in noes)
    return len(noes) - absent, without, condition, absent


def sides_differ(text: str, sentence: str) -> bool:
    """Whether both tell a change, or a value instead of another, and the text gives an old value the sentence
    does not: "keeps 7 files instead of 14" for "keeps 14 files instead of 7" (one of two changes of a sentence
    is no other: review46 F1), or as the new value one the sentence gives only as old ("rose from 25 °C to 10 °C"
    for "rose from 10 °C to 25 °C and then fell from 25 °C to 12 °C")."""
    (text_old, text_new), (sentence_old, sentence_new) = change_sides(text), change_sides(sentence)
    return bool(text_old and sentence_old) and not (text_old <= sentence_old and
                                                    text_new.isdisjoint(sentence_old - sentence_new))


def number_changed(text_terms: set[str], sentence_terms: set[str]) -> bool:
    """Whether the text has a number the sentence lacks where the sentence has one of the same shape the text
    lacks: "rolled back to version 7.4.1" for "... version 7.3.2", "severity 2" for "severity 3" (a number with
    no unit after it, which unit_differs cannot see)."""
    def shapes(numbers: set[str]) -> set[str]:
        return {re.sub(r"[0-9]", "9", n) for n in numbers if NUMBER.match(n)}
    return bool(shapes(text_terms - sentence_terms) & shapes(sentence_terms - text_terms))


def unit_differs(number: str, text_units: set[tuple[str, str]], sentence_units: set[tuple[str, str]],
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
        # ... or a unit of another kind: "30 km/h" is not stated by "cut from 30 kg to 20 kg" (review68 G2)
        if (kind and unit not in _UNIT_WORDS_TOO
                and any(_UNIT_KINDS.get(u, (kind, None))[0] != kind for u in own - _UNIT_WORDS_TOO)):
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


# Unit terms that are common words or name two kinds: "5 in the box", "pounds" (money or mass), "min" (minimum)
_UNIT_WORDS_TOO = frozenset({"in", "pound", "pounds", "min", "mins", "sec", "secs"})
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
    ("speed", [["mph"], ["kph", "kmh"], ["knot", "knots"]]),  # (km/h is read as "km": review69 G4)
)
