"""The document's own sentences, quoted where a model's output is unusable or too thin.

`salient_sentences` picks them: a manual's safety notices and action-table rows first, then the sentences that
state what a reader looks for (rules, limits, decisions; a proposal only with its outcome), by term weight, never
one that leans on the sentence before it or points elsewhere. `quotes_across` spreads them over a long document's
chunks, `in_reading_order` puts them back in the document's order, and `with_antecedents` brings along the sentence
a quoted one points back at ("during that time").
"""

from __future__ import annotations

import math
import re
from collections import Counter

from docproc.chunking import Chunk
from docproc.document import Page
from docproc.model_output import is_contents_line, is_contents_list, is_meta, terms_repeat
from docproc.support import PageIndex
from docproc.text import (
    CJK, MARKDOWN_TABLE_RULE, SAFETY_LABELS, decides_on, ends_sentence, is_bare_outcome, is_decision, is_heading_like,
    join_sentences, markdown_cells, mostly_cjk, names_a_group, names_a_group_before, quotable_length,
    refers_to_a_proposal, split_sentences, strip_bullets, terms,
)


# A sentence that goes on from the one before it: not quotable alone.
LEANS_BACK = re.compile(r"^(?:ただし|但し|しかし|一方で|一方、|その結果|その後(?!の)|そのため|このため|同社|同事業|前項|当該"
                        r"|なお、?(?=[^。]{0,15}(?:同日|当日|上記|その日|同期間|その間|この|その|それ|これ|期間中|翌日|前日|同時刻))"
                        r"|(?:however|except|but|in addition|as a result|therefore)\b)", re.IGNORECASE)
# A sentence that opens with a pronoun: often about the one before it ("It also covers ..."), but "This policy
# applies to ..." stands alone, so such a sentence is only quoted less readily.
PRONOUN_START = re.compile(r"^(?:(?:when|if|once|after|before|because|since|although|while|unless)\s+)?"
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
# A greeting or a courtesy alone says no fact, and is not quoted: 「管理組合より居住者の皆様へお知らせします。」, 「ご不便
# をおかけしますが、よろしくお願いいたします。」, "Thank you for your patience." (review74 M3: it was quoted before the
# notice's limits; review79 G5: even last); not one
# that tells the notice's news or an instruction with it, 「明日は…終日断水となりますのでお知らせします。」, 「…蛇口を閉め
# ておくようご協力をお願いします。」, "Dear residents, the lift ...", "Thank you for not smoking ..." (review77 R1, review78
# R1, G5)
_GREETING = re.compile(r"^(?:[^、。]{0,30}(?:皆様|皆さま|みなさま|各位)(?:へ|に)(?:お知らせ|ご案内)(?:いた)?します"
                       r"|(?:ご不便|ご迷惑)をおかけ(?:いた)?しますが、(?:ご理解(?:と|、)?ご協力(?:のほど)?)?(?:よろしく)?お願い"
                       r"(?:いた|申し上げ)?(?:します|ます)|(?:ご理解(?:と|、)?ご協力(?:のほど)?、?)?(?:何卒)?よろしくお願い(?:いた|申し上げ)?"
                       r"(?:します|ます)|(?:ご協力|ご理解)?(?:いただき)?ありがとうございま(?:す|した)"
                       r"|(?:いつも)?(?:大変)?お世話になって(?:おります|います)|(?:[^、。]{0,12}は、?)?ご理解とご協力(?:を|のほど)?お願い(?:いた)?します"
                       r"|[^、。]{0,20}ご協力いただき(?:まして)?(?:誠に)?ありがとうございま(?:す|した))[。．]?$"
                       r"|^(?:dear\s+[\w\s]{1,30}[,!]?|thank\s+you(?:\s+(?:very\s+much|all|for\s+your\s+(?:patience|"
                       r"cooperation|co-operation|understanding|attention|support)))?[.!]?)$", re.IGNORECASE)
def is_greeting(sentence: str) -> bool:
    """Whether a sentence is only a greeting or a courtesy (_GREETING): no summary sentence either (review80 G2)."""
    return bool(_GREETING.search(sentence.strip()))


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
# Who attended: a list of names, no fact ("Present: Anna Berg (chair), Tom Hale (treasurer), 6 members.", 出席者：…;
# review74 M2: it opened a quoted summary)
# (a role's label only with a name after it: "Chair: Peter Lowe", 「記録：小林」; not 「議長：それでは採決します。」 nor
# "Chair: the chair announced that ...", what was said in the meeting: review80 R1)
_ATTENDANCE = re.compile(r"^(?:present|attendees|attending|in attendance|also present|apologies(?: for absence)?|"
                         r"absent|出席者?|欠席者?)\s*[:：]", re.IGNORECASE)
_ROLE_LABEL = re.compile(r"^(?:chair(?:ed by)?|minutes(?: taken)? by|secretary|clerk|司会|記録|議長|書記)\s*[:：]\s*(.*)$",
                         re.IGNORECASE)


def _lists_attendance(sentence: str) -> bool:
    """Whether a sentence lists who attended or held a role ("Present: ...", "Chair: Mrs L. Green.", 「記録：小林」),
    not what was said under a role's label (「議長：それでは採決を行います。」, "Chair: the chair announced that ...")."""
    if _ATTENDANCE.match(sentence):
        return True
    role = _ROLE_LABEL.match(sentence.strip())
    if not role:
        return False
    name = re.sub(r"[(（][^)）]*[)）]", "", role.group(1)).rstrip(".。 ")
    if mostly_cjk(name):
        return len(name) <= 12 and not re.search(r"(?:ます|です|した|する|った)$", name)
    return 0 < len(name.split()) <= 5 and not re.search(r"\b[a-z]{3,}\b", name)
_ANSWERS_A_QUESTION = re.compile(r"^(?:yes|no)\s*[,.!:;]|^(?:はい|いいえ)[、。]", re.IGNORECASE)  # not "No smoking ..."


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
            if LEANS_BACK.match(sentence) or _ANSWERS_A_QUESTION.match(sentence):
                continue
            if _POINTS_ELSEWHERE.search(sentence) or _POSSESSIVE_START.match(sentence):  # "shown below", "Its ..."
                continue
            # (attendance lists; greetings alone, even where a notice has few sentences: review79 G5; a sentence not
            # joined to what it leans on)
            if _lists_attendance(sentence) or is_greeting(sentence) or _says_nothing_alone(sentence):
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
            if re.search(r"[?？]\W*$", sentence) or is_contents_list(sentence) or is_contents_line(sentence):
                continue  # a FAQ's question; "Contents: ..."; "3.2 Installation step 2 … 15"
            key_fact = _KEY_FACT.search(sentence)
            if cjk < 10 and not (4 if key_fact else 6) <= words <= 40:  # "Do not induce vomiting." is one
                continue
            score = sum(tf[t] * index.weight(t) for t in set(ts)) / math.sqrt(len(set(ts)) + 1)
            score *= 0.2 if _BARE_PRONOUN.match(sentence) else 0.5 if PRONOUN_START.match(sentence) else 1.0
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
            if terms_repeat(sentence_terms, have):  # (not dedupe(have + ...): two items of `have` may repeat each other)
                continue
            chosen.append((sentence, number))
            have.append(sentence_terms)
            warnings_left -= warnings_only
    return chosen


def _says_nothing_alone(sentence: str) -> bool:
    """Whether a sentence means nothing without the one before it: a decision without what it decides ("Rejected by
    5 votes to 2."), part of a group named before ("Two of them need new oars"; review74 M2)."""
    return is_bare_outcome(sentence) or names_a_group_before(sentence)


def _antecedent(sentence: str, index: PageIndex) -> str | None:
    """The sentence before `sentence` in the document when it may be brought with it: not one that itself points
    back or leans on another, and for a decision, what it decides (decides_on)."""
    decision = is_decision(sentence)
    before = index.sentence_before(sentence)
    if before is None and (decision or names_a_group_before(sentence)):  # (one sentence a line: review78 G3)
        before = index.sentence_before(sentence, across_lines=True)
    if before and not (_POINTS_BACK.search(before) or LEANS_BACK.match(before) or PRONOUN_START.match(before)
                       or _says_nothing_alone(before) or decision and not decides_on(before)):
        return before
    return None


def with_antecedents(sentences: list[str], index: PageIndex, limit: int) -> list[str]:
    """The summary's sentences, each that points back at the sentence before it in the document ("during that
    time") after that sentence (its date and hours), while `limit` leaves room: the summary's own sentences are
    never pushed out for one (review42 F6). One whose sentence before is no longer true (a later sentence changed
    it) is left out; a sentence before that itself points back or leans on another is not brought. One that says
    nothing alone ("Rejected by 5 votes to 2.") is left out when its sentence before cannot come."""
    room = limit - len(sentences)
    out: list[str] = []
    for sentence in sentences:
        alone = _says_nothing_alone(sentence)
        leans = alone or refers_to_a_proposal(sentence)
        # (the summary's own sentence before may be what it decides: "Ms Okafor proposed raising the youth discount
        # ... It was rejected.", in the model's words: review79 R1)
        if leans and out and (
                decides_on(out[-1]) if not names_a_group_before(sentence) else names_a_group(out[-1])):
            out.append(sentence)
            continue
        # (a decision on the proposal before, "The request was approved and ...", brings it where it can: review78 R4;
        # a sentence that points back at a time brings the sentence before when that one may come)
        points_back = not leans and _POINTS_BACK.search(sentence)
        may_come = _antecedent(sentence, index) if leans or points_back else None
        before = index.sentence_before(sentence) if points_back else may_come
        if before and (before in out or before in sentences):
            out.append(sentence)
            continue
        if before and index.superseded(before):
            continue
        if before and room > 0 and may_come:
            out.append(before)
            room -= 1
        elif alone:
            continue
        out.append(sentence)
    return out[:limit]


def standing_alone(text: str, index: PageIndex) -> str | None:
    """A key point as it may stand alone: itself, or with the sentence before it in the document when it says
    nothing without it ("Ms Okafor proposed raising the youth discount from 20% to 50%. Rejected by 5 votes to 2.";
    review74 M2); None when that sentence cannot come."""
    alone = _says_nothing_alone(text)
    if not alone and not is_decision(text):
        return text
    before = _antecedent(text, index)
    if before and not index.superseded(before):
        return join_sentences([before, text])
    return None if alone else text


def quotes_across(chunks: list[Chunk], index: PageIndex, texts: dict[int, str], n: int) -> list[tuple[str, int]]:
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


def in_reading_order(quotes: list[tuple[str, int]], texts: dict[int, str]) -> list[tuple[str, int]]:
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


def short_whole_text(pages: list[Page]) -> str | None:
    """All the text of a document about as short as a summary (the limits of a quotable sentence), else None."""
    text = " ".join(" ".join(p.text.split()) for p in pages)
    return text if len(text) <= quotable_length(text) else None
