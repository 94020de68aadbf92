"""Words and sentences of document text, as the summarizer reads them.

Content terms (stemmed words without stopwords, numbers with a percent sign kept, CJK character bigrams, all
read from the NFKC form of the text), sentence splitting and joining for English and Japanese, list markers,
hard-wrapped lines, headings; the words of polarity, conditions, dates and money the support checks share. Plain
functions of strings: docproc.support, docproc.changes, docproc.misquotes and docproc.summarize build on them.
"""

from __future__ import annotations

import re
import unicodedata


CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
# A minus sign is part of a number ("-40 °C", "−40", "–40" as typeset), but not a hyphen in a name ("HX-40") or a
# dash between two numbers ("10-40", "10 – 40").
_MINUS = r"(?:(?<![A-Za-z0-9_.])(?<![0-9] )[-−–])?"
# A code of one or two letters and a number ("E1", "IP67", "CR2032") is one term, and counts as a number: "E1" is
# not "E4", and the letter alone would be dropped as too short.
# Latin words and codes end where Japanese begins ("15A以上", "IP67防水", "USBケーブル"): \b does not see that edge
# (a kanji is a word character too), so the edges are "no Latin letter or digit before / after".
_LATIN = rf"[^\W{CJK}]"  # a word character that is not CJK
_CODE = rf"(?<!{_LATIN})[a-z]{{1,2}}[0-9]{{1,4}}(?!{_LATIN})(?![.,:/-][0-9])"  # not "v1.2", a version
_TERM = re.compile(rf"[{CJK}]+|{_CODE}|{_MINUS}[0-9][0-9.,:/-]*[0-9]%?|{_MINUS}[0-9]%?"
                   rf"|[^\W\d_{CJK}]+(?:['’][^\W\d_{CJK}]+)?")
_MINUS_WORD = re.compile(r"(?:マイナス|零下|氷点下|\bminus)\s*(?=[0-9])", re.IGNORECASE)  # マイナス25℃ is -25 ℃

# A one-letter unit after a number ("24 V", "5A", "40 °C", NFKC of "40℃", "30 g", "15A以上") is a term by its name:
# a single letter is dropped as too short, and "20 mA" must not pass for "20 A", nor "30 mg" for "30 g".
_LETTER_UNIT = re.compile(rf"(?<=[0-9])\s?(?:(?P<letter>[VAWLgm])|°\s?(?P<degrees>[CF]))(?!{_LATIN})")  # not "2 A4"
_LETTER_UNIT_NAMES = {"V": "volt", "A": "amp", "W": "watt", "L": "litre", "C": "celsius", "F": "fahrenheit",
                      "g": "gram", "m": "metre"}
# Number words count as the numbers they are: "three times" is not "twice", "four ranges" not "3 ranges". Not
# "one" (a pronoun as often as a number), and "once" only as a count ("once a year"; "Once the pump stops" is
# no number); in Japanese a kanji numeral before a counter (二回, 三倍, 二つ; not 一, as in 一時, 一般).
_NUMBER_WORDS = {w: str(n)
                 for n, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), 2)}
_NUMBER_WORDS.update(twice="2", thrice="3", once="1")  # (no "times" added: "once a week" says no "times")
_NUMBER_WORD = re.compile(r"\b(?:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twice|thrice)\b"
                          r"|once(?=\s+(?:a|an|per|every|each|daily|weekly|monthly|yearly|annually)\b))", re.IGNORECASE)
_KANJI_NUMERAL = re.compile(r"(?<![一二三四五六七八九十百千万])[二三四五六七八九十](?=[回倍つ名人件台個社])")  # not 二十人
_KANJI_DIGITS = {k: str(n) for n, k in enumerate("二三四五六七八九十", 2)}
# "30 %", "30 percent", "30パーセント" -> "30%": a percentage is not the number of "30 days"
PERCENT = re.compile(r"(?<=[0-9])(?:\s*|-)(?:%|per\s?cent\b|パーセント)", re.IGNORECASE)
_CJK_RUN = re.compile(rf"^[{CJK}]+$")
# what a letter labels: a kanji or katakana right after it (a space between, as PDF text may have it), not a
# particle ("プランAの" and "プランAは" are one plan)
_LABELLED = re.compile(r" ?([\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff])")
_HIRAGANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")
# (a code, "e1", counts as a number: "E1" is not "E4"; so does a lettered label, "a社", "b案": A社 is not B社)
NUMBER = re.compile(rf"^-?[0-9][0-9.,:/-]*%?$|^[a-z]{{1,2}}[0-9]{{1,4}}$|^[a-z][{CJK}]$")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either etc few for from further had has have
    having he her here hers him his how i if in into is it its itself just may me might more most must my no nor
    not now of off on once only or other our ours out over own per same shall she should so some such than that
    the their theirs them then there these they this those through to too under until up upon us very via was we
    were what when where which while who whom why will with within without would you your yours document part
    page pages point points section summary notes""".split()
)


# The rule under a Markdown table's header row: "| --- | :---: |", "---|---".
MARKDOWN_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# The words of a datasheet's limit columns ("Min  Typ  Max", 最小 / 標準 / 最大) and the limit each names.
LIMIT_COLUMNS = {"min": "min", "minimum": "min", "最小": "min", "typ": "typ", "typical": "typ", "nom": "typ",
                 "nominal": "typ", "標準": "typ", "max": "max", "maximum": "max", "最大": "max"}


def markdown_cells(line: str) -> list[str]:
    """The cells of a Markdown table's row ("| Staff | 300,000 |" -> ["Staff", "300,000"]); [] for other lines."""
    line = line.strip()
    return [c.strip() for c in line.strip("|").split("|")] if line.startswith("|") else []


# The labels of a safety notice ("WARNING: ...", 【警告】): summarize quotes its sentences first, ingest keeps the
# wrapped text of its box (with NOTE, IMPORTANT and the like).
SAFETY_LABELS = "WARNING|CAUTION|DANGER|警告|注意|危険"
# What a contents list's or an index's dot leader is read as ("4.4 Loading media … 26"; docproc.ingest collapses
# the dots of a PDF to it).
LEADER = "…"
# The page number after a leader: "26", "xi" or "XI", "4-12" (chapter-page), "A-3" (an appendix), "12–13", and
# Japanese "1ページ".
LEADER_PAGE = r"(?:[0-9]{1,4}(?:[-–][0-9]{1,4})?|[A-Z]-[0-9]{1,4}|[ivxlc]{1,6}|[IVXLC]{1,6})(?:\s?(?:ページ|頁))?"


def _stem(word: str) -> str:
    """Crude English stemming so that "replaces"/"replaced"/"replacing" meet; enough for overlap scores."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    if len(word) == 4 and word.endswith("ys"):  # "60 days" is "60-day" ("keys", "ways"; not "less", "news")
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Content terms of a text: stemmed words (no stopwords), numbers (a percentage keeps its sign), and CJK
    character bigrams. Full-width digits and letters count as their ASCII selves (NFKC): "２０２５年" states the
    number 2025, as "2025年" does. A number keeps its minus sign: -40 °C is not 40 °C."""
    out: list[str] = []
    text = _MINUS_WORD.sub("-", PERCENT.sub("%", unicodedata.normalize("NFKC", text)))
    text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group().lower()], text)
    text = _KANJI_NUMERAL.sub(lambda m: _KANJI_DIGITS[m.group()], text)
    text = _LETTER_UNIT.sub(lambda m: " " + _LETTER_UNIT_NAMES[m.group("letter") or m.group("degrees")], text)
    lowered = text.lower().replace("’", "'")
    for match in _TERM.finditer(lowered):
        token = match.group()
        label = _LABELLED.match(lowered, match.end())
        if len(token) == 1 and token.isascii() and token.isalpha() and label:
            out.append(token + label.group(1))  # a label: "A社" and "B社", "A会議室", "A 社" (review25 F4)
            continue
        if token[0] in "−–":  # a minus sign as typeset; an en dash between numbers ("9:00–17:00") is no part of one
            token = "-" + token[1:]
        if _CJK_RUN.match(token):
            if len(token) == 1:
                out.append(token)
            out.extend(b for i in range(len(token) - 1) if not _HIRAGANA_ONLY.match(b := token[i : i + 2]))
        elif NUMBER.match(token):
            out.append(token.replace(",", ""))
        elif len(token) > 1 and token not in STOPWORDS:
            out.append(_stem(token))
    return out


def spelled_numbers(text: str) -> set[str]:
    """Numbers a text gives only as words ("two modes", "twice", 二回): they need not be stated in the document
    (a count a reader can make: "two modes: heating and cooling"), but must not contradict the number of the
    sentence a text restates ("three times" for "twice")."""
    text = unicodedata.normalize("NFKC", text)
    spelled = {_NUMBER_WORDS[w.lower()] for w in _NUMBER_WORD.findall(text)}
    spelled |= {_KANJI_DIGITS[k] for k in _KANJI_NUMERAL.findall(text)}
    return spelled - set(re.findall(r"[0-9]+", text))


def numbers_in(text: str) -> set[str]:
    return set(numbers_in_order(text))


def numbers_in_order(text: str) -> list[str]:
    return [t for t in terms(text) if NUMBER.match(t)]


def number_units(text_terms: list[str]) -> set[tuple[str, str]]:
    """(number, unit) pairs of a term sequence: the word that follows each number, past other numbers ("20 and
    40 minutes": both minut), a CJK term by its first character (日に -> 日, as in 14日（月）)."""
    pairs, unit = set(), None
    for t in reversed(text_terms):
        if NUMBER.match(t):
            if unit:
                pairs.add((t, unit))
        else:
            unit = t[0] if _CJK_RUN.match(t) else t
    return pairs


# List markers: bullets ("-" and "*" before a space or a letter: not "**Decision:**", bold in Markdown, nor the sign
# of "-40 °C"), "1." "1)" "a)", ①, "(1)" "（１）" before text (not the area code of "(03) 5555-1234"),
# and the paragraph number of Japanese regulations, a full-width digit and a space ("２　社外宛ての…"), unless a
# counter or unit follows: "２ 名以上", "１ 日８時間" are counts (text extracted from PDFs spaces them so).
# What follows a number as its counter or unit in Japanese ("5 営業日", "3 ヵ月", "10 万円", "2 度目", "5 泊"): such
# a number at the start of a line is a count, not a paragraph number. 時 only when not 時間外 (overtime, a topic)
_JA_COUNTER = (r"[名日人年月回件個台枚割分秒週かヶヵカケ箇歳倍点円泊杯軒級つ]|時(?!間外)|営業日|[万千億]円|度目"
               r"|(?:メートル|キロ|グラム|センチ|ミリ|リットル|パーセント|ポイント|ドル|ユーロ|ページ|バイト|ワット|ボルト)")
# (not a character that starts common words of a paragraph: 本製品, 社外, 通勤, 期限, 部長, 次の, 条件)
BULLET = re.compile(r"^\s*(?:[-*](?=\s)|-(?=[^\W\d_])|\*(?=[^\W\d_])(?![^*\s]*\*)|[•·・●▪‣]|\d{1,2}[.)、](?![\da-z])"
                     r"|[a-z][.)](?=\s)|\((?:[a-z]|[ivx]{1,4})\)(?=\s)|[①-⑳]"
                     r"|[(（][0-9０-９]{1,2}[)）](?=\s*[^\s\d０-９\-‐－])"
                     # a paragraph number before Japanese text ("2 特別休暇は…"), not a count ("2 名", "2 時間")
                     r"|[0-9]{1,2}[ \u3000](?=[\u3040-\u30ff\u4e00-\u9fff])(?!" + _JA_COUNTER + r")"
                     # ... and before a count that opens the paragraph's prose ("2 1件3,000円未満の交通費で…"
                     # read "21件"): prose runs on from the count; a table row has a cell gap after it ("4 12名
                     # 新入社員を含む…", month and count, review29 F3; "1 2名 3名")
                     r"|[0-9０-９]{1,2}[ \u3000](?=[0-9０-９][0-9０-９,，]*(?:" + _JA_COUNTER + r")[^\s]*[\u3040-\u309f])"
                     r"|[０-９]{1,2}[ \u3000](?!" + _JA_COUNTER + r"|[％%\s]))\s*")


# No break after an initial ("chair: M. Okafor") or a title before a name ("Dr. Ito"): the name would be cut off.
_NO_BREAK_AFTER = "".join(rf"(?<!\b{w}\.)" for w in ("[A-Z]", "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Fig", "No", "vs"))

# Japanese: after 。！？ or the full-width period ． of technical writing, but not inside a quotation
# (「…。」と述べた。 is one sentence) and not in ？！; a ． not in a full-width decimal (１．５), while 。 ends a
# sentence before a digit too (Japanese sentences often open with a date: 。２０２４年６月に…). Nor a ． in a
# full-width name (ＣＯ．，ＬＴＤ．は, ＡＢＣ．ｃｏｍ): before a lower-case letter, a comma or a particle, or between
# capitals; a sentence may open with a capital after it (図１に示す．Ｘ線の…).
# A letter after a word that names things by letters is no initial: "listed in Annex B. Site staff ..."; nor is
# a one-letter unit after a number ("below 40 degrees C. Let ...", "runs on 24 V. If ..."; not A, which is as
# often an initial: "Item 3 A. Moreau presented ...").
_LETTERED = "".join(rf"|(?<=\b{w} [A-Z]\.)" for w in ("Annex", "Appendix", "Plan", "Schedule", "Option", "Part",
                                                       "Section", "Table", "Figure", "Class", "Type", "Grade", "Model",
                                                       "Zone", "Level", "Phase", "Group", "Exhibit", "Form", "Building",
                                                       "degrees")) + "|(?<=°[CF]\\.)|(?<=[0-9] [VWLKNJ]\\.)"
# nor after "no." before a number ("the minutes of meeting no. 6 were approved"; "The answer is no. The ..." ends)
_SENTENCE_SPLIT = re.compile(rf"(?:(?<=[.!?]){_NO_BREAK_AFTER}{_LETTERED})(?!(?<=\bno\.)\s+[0-9])\s+(?=[\"'(\[A-Z0-9])"
                             r"|(?<=[。！？])(?![」』）)。！？．])|(?<=．)(?![」』）)。！？．0-9０-９ａ-ｚ，、はがのをにとでもへや])"
                             r"(?!(?<=[Ａ-Ｚ][Ａ-Ｚ]．)[Ａ-Ｚ])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(" ".join(text.split())) if s.strip()]


def join_sentences(sentences: list[str]) -> str:
    """Sentences as prose: a space between them, none between two Japanese/Chinese ones. Decided per pair, from
    the text itself: quoted sentences are in the document's language, whatever output language was asked for."""
    out = ""
    for sentence in sentences:
        # (a Japanese sentence may open with a number: 「…お知らせします。2026年11月20日（金）の…」, review74 L3)
        cjk_pair = re.search(rf"[{CJK}。！？．」』）]$", out) and (re.match(rf"[{CJK}「『（]", sentence)
                                                                 or mostly_cjk(sentence))
        out += ("" if not out or cjk_pair else " ") + sentence
    return out


def ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?。！？．][\"'”」』)）]*$", text.strip()))


# A clause number ("3.3 ", "4.1.2 ") at the start of a sentence. Not a list marker (it is a value as often: "2.5
# million users", "1.5 メートル以上"), but a copy of a numbered clause may leave it out.
CLAUSE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=\S)")


def strip_bullets(line: str) -> str:
    """"- 1. Foo" -> "Foo": every list marker at the start of a line."""
    line = line.strip()
    while (stripped := BULLET.sub("", line, count=1).strip()) != line:
        line = stripped
    return line


# Words a small model uses to talk ABOUT the text instead of stating what it says.
META_WORDS = frozenset("""document text manual report summary notes information important detailed
    detail details contain contains include includes describe describes provide provides overview various
    write written format clear concise easy read understand list key fact facts above following sentence
    sentences bulleted bullet manner 文書 情報 内容 本文 本書 概要 記載 要約""".split())


META_TERMS = frozenset(_stem(w) for w in META_WORDS) | META_WORDS


def is_heading_like(item: str) -> bool:
    """A section title rather than a statement ("2. Installation", "Safety instructions", "3. 採用について")."""
    cjk = len(re.findall(rf"[{CJK}]", item))
    if cjk > len(item) * 0.3:
        return cjk < 12 and not ends_sentence(item)
    words = re.findall(r"[^\W_]+", item)
    return len(terms(item)) < 3 or (len(words) < 6 and not ends_sentence(item))


# A sentence that qualifies the one before it (ただし、… / "However, ..."): quoted alone it reads as a rule of its
# own, or as the exception of whatever rule is quoted above it. Also one that narrows the rule in its own words
# (review23 F3): "This additional leave is not granted to ...", "This does not apply to ...", "This applies only
# to ...", "Exception: ...".
_NARROWS = (r"(?:this|these|that|it|they|such|the\s+(?:above|foregoing|preceding))\b(?:\s+[\w-]+){0,3}?\s+"
            r"(?:(?:(?:is|are|will|shall|may|can)\s+not|isn't|aren't|won't|cannot)\s+(?:be\s+)?(?:granted|available|"
            r"paid|payable|covered|valid|eligible|included|given|allowed|permitted|counted|applicable|refunded|"
            r"reimbursed)|(?:(?:does|do|will|shall)\s+not|doesn't|don't|won't)\s+apply|(?:applies|apply|is|are)\s+only)\b"
            r"|exceptions?\s*[:：]|excluded\s+(?:are|is)\b")
_EXCEPTION = re.compile(rf"^(?:ただし|但し|(?:however|except)\b|{_NARROWS})", re.IGNORECASE)


def is_exception(sentence: str) -> bool:
    """Whether a sentence qualifies the one before it (ただし、… / "However, ...")."""
    return bool(_EXCEPTION.match(sentence))


# A decision told without what it decides, after the sentence that does: "Rejected by 5 votes to 2.", "Passed
# unanimously.", "Carried nem. con.", "Motion carried.", "So agreed.", 「全会一致で可決された。」 (quoted alone it says
# nothing: review74 M2); only a vote may follow it ("The board agreed by 7 votes to 2 to close ..." decides itself:
# review77 R2)
_DECIDED_VERB = (r"(?:\w+ly\s+)?(?:rejected|approved|carried|accepted|adopted|declined|deferred|refused|withdrawn|"
                 r"agreed|passed|lost|defeated|endorsed|granted|fell|noted|elected)\b(?:\s+as\s+amended)?")
_VOTE = (r"(?:,?\s+(?:unanimously|unopposed|\(unanimous(?:ly)?\)|to\s+the\s+(?:next\s+|\w+\s+)?meeting|nem\.?\s*con\.?|"
         r"without\s+(?:objection|dissent|a\s+vote)|on\s+a\s+show\s+of\s+hands|"
         r"by\s+(?:a\s+)?(?:large\s+|clear\s+|narrow\s+|simple\s+|two-thirds\s+)?"
         r"(?:majority|consensus|show\s+of\s+hands)|"
         r"by\s+\w+\s+votes?\s+to\s+\w+|by\s+all|with\s+\w+\s+abstentions?|"
         r"\(?\d+\s*[-–:]\s*\d+(?:\s*[-–:]\s*\d+)?\)?))*"
         r"\s*[.!]?\)?\s*[.!]?\s*$")
# "The request was approved ...": a decision on the proposal the sentence before made
_PROPOSAL_DECIDED = (r"(?:the|this|that|its|their)\s+(?:request|proposal|motion|suggestion|amendment|"
                     rf"recommendation)\s+(?:was|were|has\s+been|had\s+been|is)\s+{_DECIDED_VERB}")
_BARE_OUTCOME = re.compile(
    rf"^\(?(?:(?:the\s+)?(?:motion|amendment|resolution)\s+|it\s+was\s+|so\s+|all\s+|duly\s+)?{_DECIDED_VERB}{_VOTE}"
    # ... or on what the sentence before proposed, named by a word that points back: "The request was rejected because
    # the site lease forbids new structures.", "After discussion the committee agreed.", 「同議案は可決された。」
    rf"|^(?:(?:after|following)\s+[^,.]{{1,40}}?,?\s+|審議の結果、)?(?:{_PROPOSAL_DECIDED}"
    # (a reason may follow: "... was rejected because the lease forbids new structures"; not "..., and volunteers
    # will rebuild the bays on 6 June", which says something of its own: review78 R4)
    rf"(?:\s+(?:because|as|since|due\s+to|owing\s+to)\b[^.;:!?]*)?{_VOTE}"
    rf"|(?:the\s+)?(?:committee|board|council|meeting|members|assembly|trustees|directors)\s+{_DECIDED_VERB}"
    rf"(?:\s+(?:it|this|them|the\s+(?:request|proposal|motion|suggestion)))?{_VOTE})"
    r"|^(?:審議の結果、)?(?:本件は|本議案は|いずれも|全員|(?:この|その|同|本|当該)(?:提案|議案|要望|案|申請|動議)(?:は|が))?"
    r"(?:(?:全会一致|賛成多数|反対多数|満場一致|全員賛成|原案どおり|原案通り|原案のとおり|提案どおり|提案通り)(?:で|により)?"
    r"|異議なく|拍手をもって|賛成[0-9０-９]+[、,]\s*反対[0-9０-９]+(?:[、,]\s*棄権[0-9０-９]+)?で)?"
    r"(?:否決|可決|承認|了承|却下|保留|継続審議|見送り?)(?:された|されました|した|しました|となった|となりました|られた|"
    r"られました)?[。．]?\s*$", re.IGNORECASE)
# What a decision may be on: a proposal, a request, a motion, or a change ("raised the fee ...": "Passed unanimously.")
_DECIDABLE = re.compile(r"\b(?:propos|suggest|moved|motion|request|recommend|asked\s+(?:for|to)|wanted|put\s+forward|"
                        r"resolution|resolved|"
                        r"amendment|rais|increas|reduc|cut|chang|postpon|extend|replac|introduc|purchas|buy|hire|sell|"
                        r"spend|fund|approv|adopt|elect|appoint)\w*|\binstead\s+of\b|提案|議案|要望|要請|動議|申請|案|"
                        r"変更|改定|改訂|値上げ|値下げ|増設|新設|移設|廃止|導入|購入|延期|選任|引き上げ|引き下げ", re.IGNORECASE)
# A sentence about what someone said: no decision's object ("She said it will attract more families.": review78 R3)
_REPORTED = re.compile(r"^(?i:he|she|they|it|this|that|these|we|i)\b|\b(?:said|says|explained|noted|thanked|reported|"
                       r"added|felt|thought|argued)\b")  # (lower case: "Omar Said proposed ...": review80 R5)


def is_bare_outcome(sentence: str) -> bool:
    """Whether a sentence is a decision without what it decides ("Rejected by 5 votes to 2.", 「可決された。」), or on
    what the sentence before proposed ("The request was rejected because ...", "The committee agreed.")."""
    return bool(_BARE_OUTCOME.match(sentence.strip()))


# Who moved and seconded a motion, between it and its outcome: "Proposed: M. Reid. Seconded: K. Shah.", 「提案者：…」
# (only the names: not "Moved by A. Diaz, seconded by B. Park, that the club buy a new engine.", the motion itself:
# review78 R2)
MOVER_LABEL = re.compile(r"^(?:(?i:proposed|seconded|moved|proposer|seconder)(?:\s+by)?\s*[:：]?\s*(?:the\s+)?"
                         r"(?:[A-Z][\w.'’-]*\s*){1,4}[.,;]?\s*)+$"
                         r"|^(?:提案者|賛成者|発議者)\s*[:：][^。]{0,20}。?$")


# The chair's call to vote, between a motion and its outcome: 「議長：本議案について採決を行います。」, "The motion was put to
# the vote." (review81 R1)
VOTE_CALL = re.compile(r"^(?:議長[:：]\s*)?[^。]{0,20}採決(?:を行|に入|をと)[^。]*。?$|^(?:the\s+)?(?:motion|proposal|amendment)\s+"
                       r"was\s+(?:then\s+)?put\s+to\s+(?:the\s+)?vote\.?$", re.IGNORECASE)


def refers_to_a_proposal(sentence: str) -> bool:
    """Whether a sentence opens with a decision on a proposal the sentence before made ("The request was approved
    and the survey will take place in May 2026."): it says something of its own, but not what was requested."""
    return bool(re.match(_PROPOSAL_DECIDED, sentence.strip(), re.IGNORECASE))


def is_decision(sentence: str) -> bool:
    """Whether a sentence decides what the sentence before proposed: a bare outcome ("Carried.") or a decision on "the
    proposal" ("The request was approved and ...")."""
    return is_bare_outcome(sentence) or refers_to_a_proposal(sentence)


# Asked of the meeting's procedure, or instead of the motion: no decision's object ("asked for the item to be voted
# on by secret ballot", "suggested asking members to do the work instead": review79 R3)
_NOT_THE_MOTION = re.compile(r"\b(?:secret\s+ballot|voted\s+on|vote\s+on|adjourn\w*|point\s+of\s+order|put\s+to\s+"
                             r"(?:the\s+)?vote)\b|\bsuggest\w*\b[^.]*\binstead\b"
                             r"|採決(?:を行|に入|をと)|お?諮り(?:します|いたします)", re.IGNORECASE)  # (the call to vote: review81 R1)


def decides_on(before: str) -> bool:
    """Whether `before` is what a bare outcome after it decides: a sentence (not a heading, a title or a "Seconded: ..."
    label) that proposes, asks for or changes something (review77 R3), not what someone said (review78 R3) nor a
    question of procedure or a suggestion to do otherwise (review79 R3)."""
    if not ends_sentence(before) or MOVER_LABEL.match(before) or _REPORTED.search(before):
        return False
    return bool(_DECIDABLE.search(before)) and not _NOT_THE_MOTION.search(before)


# A group the sentence before named: "Two of them need new oars", "Most of these are ...", 「そのうち2艇は」
_OF_A_GROUP_BEFORE = re.compile(r"^(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|some|many|most|all|both|none|"
                                r"each|several|half|a\s+few|\d+)\s+of\s+(?:them|these|those)\b"
                                r"|of\s+(?:these|them|those),|"
                                r"(?:そのうち|このうち|うち)、?(?:約|およそ)?[0-9０-９一二三四五六七八九十半])",  # (「そのうち新しい…」: R3)
                                re.IGNORECASE)


def names_a_group(sentence: str) -> bool:
    """Whether a sentence names a group, with a number or a count word ("The club owns 12 boats.", 「受水槽が2基」), that
    "Two of them" may be part of (not "The boathouse roof was repaired.": review79 R5)."""
    # (a count of things, not of votes, money or time: "elected chair with 22 votes", "GBP 3,200": review80 R2)
    counts = re.finditer(r"\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|several|"
                         r"many|some|dozens\s+of|hundreds\s+of)\s+(?:[a-z-]+\s+){0,2}?"
                         r"([a-z-]+s|people|children|men|women|staff)\b", sentence, re.IGNORECASE)
    return (any(not re.fullmatch(r"votes|years|months|weeks|days|hours|minutes|pounds|euros|dollars|pence|percent|"
                                 r"members'|times", m.group(1), re.IGNORECASE) for m in counts)
            or bool(re.search(r"[0-9０-９一二三四五六七八九十]+\s*(?:基|台|人|名|件|つ|個|艇|隻|本|棟|室|区画|か所|箇所|社|校|店|世帯|戸|軒)",
                              sentence))
            or bool(re.search(r"\b\w+\s+and\s+(?:a|an|the|two|\d+)\s+\w+", sentence)))  # (or "a laptop and a monitor")


def names_a_group_before(sentence: str) -> bool:
    """Whether a sentence opens with part of a group the sentence before named ("Two of them ...", 「そのうち…」)."""
    return bool(_OF_A_GROUP_BEFORE.match(sentence.strip()))


def rules_and_exceptions(sentences: list[str]) -> list[list[str]]:
    """Sentences in order, grouped: a rule with the ただし / "However, ..." sentences after it, any other sentence
    alone."""
    groups: list[list[str]] = []
    for sentence in sentences:
        if groups and is_exception(sentence) and ends_sentence(groups[-1][-1]):
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    return groups


# Words a sentence does not end on: a line that stops on one goes on in the next, whatever that starts with.
_NO_SENTENCE_END = frozenset("""a an the and or nor but if unless by of to in on at for from with than as not no is
    are was were be been will shall must may can could should would that which who whose its their our your""".split())


# A line that goes on with a list: a capitalised word, then a comma or "and"/"or" ("Deprecated, Removed, ...")
_LIST_GOES_ON = re.compile(r"[A-Z][\w'’-]*(?:,|\s+(?:and|or)\s)")


def _prose_goes_on(line: str, widest: int) -> bool:
    """Whether a line after a comma in a wrapped paragraph goes on with its prose: a long line or the paragraph's
    last (a sentence end); not a labelled entry ("Tenant: ..."), a heading, a table row, or a short line of its
    own ("Yours sincerely,", a name in a list; review31 F1-F3)."""
    return ((len(line) >= 0.6 * widest or ends_sentence(line)) and not re.search(r"\t| {2,}", line)
            and not re.match(r"[#|]|[^\s:：]{1,30}(?:\s[^\s:：]{1,30}){0,2}[:：]\s", line))


def unwrapped_lines(text: str) -> list[str]:
    """The non-blank lines of a page, a hard-wrapped paragraph (text files wrapped at a fixed width) joined back
    into one line: a line continues the one before when that one is long (>= 60 % of the page's longest), does
    not end a sentence, and the line starts in lower case (not a list marker), or both are CJK and the one
    before spans >= 85 % of the widest. Short lines (headings, header blocks) stay lines of their own."""
    raw = [line.strip() for line in text.splitlines()]
    widest = max((len(line) for line in raw), default=0)
    out: list[str] = []
    open_line, last = False, ""
    wrapped = False  # whether out[-1] is already a paragraph of several lines
    for line in raw:
        if not line:
            open_line = False
            continue
        cjk = bool(out) and re.search(rf"[{CJK}]", out[-1]) and re.match(rf"[{CJK}]", line)
        # CJK has no case to tell a heading from a continued line: only lines of nearly the full width continue
        continues = (re.match("[a-z]", line) or (cjk and len(last) >= 0.85 * widest and not BULLET.match(last))
                     # a line of prose that stops on a word no sentence ends on: "... if it is not granted by" /
                     # "15 December"; or on a comma, before a list going on ("... grouped as Added, Changed," /
                     # "Deprecated, Removed ...") or inside a wrapped paragraph ("... approves them in writing," /
                     # "Monday to Friday, ...", review30 F5); not after a line of its own ("Landlord: ..., Leeds," /
                     # "Tenant: ...", review29 F9); not a table row ("Parking  No"), nor before Japanese
                     or (not cjk and ((last.split() or [""])[-1] in _NO_SENTENCE_END
                                      or (last.endswith(",") and (_LIST_GOES_ON.match(line)
                                                                  or wrapped and _prose_goes_on(line, widest))))
                         and not re.search(r"\t| {2,}", last) and not re.match(rf"[{CJK}]", line)))
        if open_line and not BULLET.match(line) and continues:
            out[-1] += ("" if cjk else " ") + line
            wrapped = True
        else:
            out.append(line)
            wrapped = False
        last = line
        open_line = len(line) >= 0.6 * widest and not ends_sentence(line) and not is_heading_like(line)
    return out


def quotable_length(text: str) -> int:
    """The most characters a quoted sentence may have: 160 for CJK text (denser), 400 for the rest."""
    return 160 if mostly_cjk(text) else 400


def mostly_cjk(text: str) -> bool:
    """Whether more than 30 % of the characters are CJK (the share is_heading_like goes by too)."""
    return len(re.findall(rf"[{CJK}]", text)) > len(text) * 0.3


# Words of polarity, conditions, dates and money that docproc.support, docproc.changes and docproc.misquotes share.
WITHOUT = re.compile(r"\bwithout\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|never|none|neither|nor|cannot|without)\b|\bno\b(?!\.?\s*\d)|n't\b"
                      r"|(?<![少危汚幼切])ない|ません|(?<!必)ず[、。にも]|禁止|てはならない|不可", re.IGNORECASE)
# "must" in Japanese is built of negations (しなければならない, しなくてはいけません, ならず): no negation itself
OBLIGATION_JA = r"(?:なければ|なくては)(?:ならな(?:い|かった)|なりません|ならず|いけな(?:い|かった)|いけません)"


# ("until then", "until approval": a condition; "until 31 March", "until the end of March" are dates; not
# "until decontamination is complete", review22 F6)
# Month names as terms() writes them: the unit of a date ("15 June" -> "15", "june"; "May" is a stopword there).
MONTHS = frozenset("january february march april june july august september october november december "
                   "jan feb mar apr jun jul aug sep sept oct nov dec".split())
_DATE_WORD = r"\d|(?:" + "|".join(sorted(MONTHS | {"may", "year", "month", "week", "quarter", "day"})) + r")\b"
CONDITION = re.compile(r"\b(?:unless|except|only|if|when|whenever|provided that|as long as|in case)\b"
                       rf"|\b(?:until|till)\b(?!\s*(?:(?:the\s+)?end\s+of\s+(?:the\s+)?)?(?:{_DATE_WORD}))"
                       r"|除く|除き|除いて|ただし|但し|限り|のみ|以外|場合|とき", re.IGNORECASE)
# Words that go with every amount and so pair a value with nothing: currencies, units, and Japanese bigrams of
# number words or particles (万円, 円で).
CURRENCIES = frozenset(terms("eur euro euros usd dollar dollars gbp jpy yen chf cny rmb aud cad inr krw"))
CJK_CHAR = re.compile(rf"[{CJK}]")
