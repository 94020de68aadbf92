"""What a sentence tells of a change of a value, and whether the change was made.

`changes_told` reads the sentences of a page in order: for each, a `Change` with the numbers of its old and new
values ("raised the fee from EUR 40 to EUR 50", "postponed from 21 March to 4 April", 「9,000円から10,000円に引き上
げ」), the middle values of a chain of changes, and whether it was made or only proposed, refused or deferred (the
next sentence may approve or refuse what one proposed). `change_told` and `on_the_same_side` tell whether a model's
sentence quotes a number on the side of a change the document gives it. `updates_told` and
`japanese_date_changes` read the dates a sentence moves, for docproc.support's check of values a later sentence
changed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from docproc.text import (
    CJK_CHAR, CONDITION, CURRENCIES, MONTHS, NUMBER, STOPWORDS, mostly_cjk, numbers_in, numbers_in_order, terms,
)


# A date a change to come is due from: "1 April", "the 3rd of May", "May", "2026", "next (year)"; with the words that
# say it is from then on ("from 1 April", "as of next year", "effective May"), and periods to come ("next year")
_A_MONTH = "(?:" + "|".join(sorted(MONTHS | {"may"})) + ")"
# (a year, not a quantity: "from 2000 kWh a year", "from 2000 units"; "next" of a time, not "from the next zone":
# review72 R2)
_DUE_DATE = (rf"(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?:{_A_MONTH}\b|next\s+(?:year|month|season|"
             r"term|week|quarter|spring|summer|autumn|winter|financial|fiscal|school|academic|monday|tuesday|wednesday|"
             r"thursday|friday|saturday|sunday)\b|(?:19|20)\d\d\b(?!\s*(?:[a-z]*[A-Z]\w*|units?|items?|pieces|"
             r"copies|users?|km|kg|litres?|people|members|visitors|words|pages|calls|requests|orders|hours)\b))")
_FROM_THEN = (r"(?:from|as\s+of|effective(?:\s+from)?|starting(?:\s+(?:from|on|in))?|beginning(?:\s+(?:on|in))?|"
              r"with\s+effect\s+from)")
_NEXT_PERIOD = r"\bnext\s+(?:year|month|season|term|week|quarter)\b"


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
# A change to come in the present tense, with the day it is due: "goes up from EUR 18 to EUR 21 on 1 April", "rises
# from EUR 5 to EUR 6 from 1 May" (review67 F11; not a route's climb, "The path rises from 20 m to 60 m")
# (a day, or a time from which: "on 1 April", "from May", "as of 2027", "next year"; not "in 2025" or "in July", a
# past year's report in the present tense: "Total rental income increases from ... in 2025": review69 R1)
# (not "as of", the date of a figure: "Headcount rises from 120 to 135 as of 31 December 2025": review72 R1)
_DUE_DAY = (rf"(?:\b(?!as\s){_FROM_THEN}\s+{_DUE_DATE}|\bon\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"{_A_MONTH}\b|{_NEXT_PERIOD})")
_IN_A_MONTH = rf"\bin\s+{_A_MONTH}\b(?!\s+(?:19|20)\d\d)"  # (not "in May 2025", a report's: review71 R3)
# (of a value, "from" and a number right after the verb or its day: not "The cable car goes up from the valley station
# ... from 1 December", "goes down for maintenance from 3 May to 5 May": review71 R6)
_PRESENT_CHANGE = (rf"(?:rises|falls|drops|climbs|goes\s+(?:up|down)|(?:(?<=is )|(?<=are ))going\s+(?:up|down))"
                   rf"(?=(?:\s+on\s+[^,.;]{{1,30}}?)?\s+from\s+(?:[A-Z]{{3}}\s?|[€$£¥])?\d)"
                   rf"(?=(?:[^.;]|(?<=\d)\.(?=\d))*?\s{_DUE_DAY})(?![^.;]*\b(?:each|every|annually)\b)")
_CHANGE_VERB = (rf"(?:(?:{_CHANGE_STEMS}|cut|brought|bring)\w*|{_CHANGED_PAST}|{_PRESENT_CHANGE}"
                r"|(?:(?<=will )|(?<=going to )|(?<=due to )|(?<=set to )|(?<=expected to )|(?<=is to )|(?<=are to ))"
                r"(?:rise|fall|grow|drop|climb|go\s+(?:up|down))"
                r"|(?<=\ba )(?:rise|drop|fall)(?!\s+from\s+[0-9.,]+\s*(?:m|km|cm|mm|metres?|meters?|feet|ft|°\s?[CF]|"
                r"degrees)\b)|(?<=\bpay )rise)")
# ("a rise in the fee from ... to ...", "a fall from 140 to 110 members"; not "a rise from 20 m to 60 m" along a route
# or in the day: review64 R13, review65 R1)
_CHANGE_WORDS_JA = (r"(?:変更|延期|短縮|延長|引き上げ|引き下げ|引上げ|引下げ|前倒し|増加|減少|移動|改訂|拡大|縮小|増額|減額"
                    r"|値上げ|値下げ|上が|下が|上昇|低下|改定|改め(?!て)|見直|増員|減員|増や|減ら|増え|減っ)")
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
           r"(?:(?!から)[^\s、。はがをにでとのもへや0-9０-９()（）]){0,4}?"
           r"(?:[(（][^)）]{1,3}[)）])?\s*){1,4}")
# (the new side holds no から: in 「2026年4月から1時間500円から600円に」 the date's から is no change: review67 F7)
_CHANGE_JA = re.compile(rf"(?P<old>{_OLD_JA})から、?(?P<new>(?:(?!から)[^、。]){{1,20}}?)(?:に|へと|へ)"  # (、, へと: review62 G6)
                        rf"(?=(?:、[^。]{{0,40}}?から[^、。]{{1,20}}?(?:に|へと|へ))*{_CHANGE_WORDS_JA})")
# ... and a change of an object (を) may have a clause before its verb: "開始時刻を10時から11時に、会場の都合により変更"
# (review26 F12); a period has none: "2026年4月1日から9月30日に、…"
_CHANGE_JA_OBJECT = re.compile(rf"を\s*(?P<old>{_OLD_JA})から(?P<new>[^、。]{{1,20}}?)(?:に|へ)、[^。]{{0,30}}?"
                               rf"{_CHANGE_WORDS_JA}")
# ... or of a value the object (を) of its verb: 「月額300円を400円に改定します」, 「開催日の5月10日を5月17日に延期」 (the
# から of 「令和8年4月から月額300円を400円に」 is the day it is due from: review73 G1); the thing may follow the value
# (「5月10日の総会を5月17日に」), several may share the verb (「大人料金500円を600円に、子ども料金300円を350円に改定」),
# and 「…を400円とします」 sets the new value (review75 G5, R3, G9)
_CHANGE_JA_WO = re.compile(rf"(?<![0-9０-９.,])(?P<old>{_OLD_JA})(?:の[^\s、。をはがにで0-9０-９]{{1,10}})?を\s*"
                           rf"(?P<new>(?:(?!から|を)[^、。]){{1,20}}?)"
                           rf"(?:(?:に|へと|へ)(?=(?:、[^。]{{0,40}}?を[^、。]{{1,20}}?(?:に|へと|へ))*\s*{_CHANGE_WORDS_JA})"
                           r"|と(?=(?:する|します|なる|なります|した|しました|改め)))")
# ... or with the verb right after から and the new value elsewhere: 「8,000円から値上げされ、9,000円となった」,
# 「月額450円で、昨年の390円から値上げされた」 (review42 F9)
# (not a date: 年会費は2026年4月から値上げされ, review44 N2)
_CHANGE_JA_FROM = re.compile(rf"(?P<old>{_OLD_JA})(?<![年月日時分])から(?:値上げ|値下げ|増額|減額|引き上げ|引き下げ|引上げ"
                             r"|引下げ|上昇|低下|増加|減少)(?P<new>[^。]{0,30})")
_JAPANESE_CHANGES = (_CHANGE_JA, _CHANGE_JA_OBJECT, _CHANGE_JA_WO, _CHANGE_JA_FROM)
# ... and a plan changed in one sentence: "was originally scheduled for 11 November 2026 but has been moved to 18
# November 2026", 「当初9月に予定していたが、…11月に延期された」 (review46 F4)
ORIGINALLY_EN = re.compile(rf"\b(?:originally|initially|first)\s+(?:\w+\s+){{0,2}}?(?:for|on|at|in)\s+"
                           rf"(?P<old>{_NO_CLAUSE_END}{{1,30}}?)\s*,?\s+(?:but\s+|and\s+)?(?:\w+\s+){{0,3}}?"
                           rf"{_CHANGE_VERB}\s+(?:\w+\s+){{0,2}}?(?:to|until)\s+(?P<new>{_NO_CLAUSE_END}{{1,40}})",
                           re.IGNORECASE)
ORIGINALLY_JA = re.compile(rf"当初(?:は)?(?P<old>{_OLD_JA})(?:に|から)(?:予定|計画|開始予定|実施予定)[^。]*?"
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
                        r"|当初|旧|から|従来|ではなく|前年|昨年|初期値|初期設定|既定値|工場出荷時|出荷時"  # (review75 R4)
                        r"|(?:変更|改善|導入|改定|改訂|値上げ|値下げ|引き上げ|引き下げ|引上げ|引下げ|短縮|延長|増額|減額)前",
                        re.IGNORECASE)
# ... or the year of the old side ("In 2024, 3,000 units were sold" for "from 3,000 units in 2024 to 4,500 units
# in 2025"; not the year of the change, "raised from EUR 40 to EUR 50 in 2026")
# ("in 2024", "during 2024", "for 2024", "as of 2024", "in the year 2024", "the 2024 numbers", "(2024)", FY2024,
# 2024年の, 2024年度は; review49 M2)
_YEAR_SAID = re.compile(r"(?:\b(?:in|during|for|throughout|as\s+of)\s+(?:(?:the\s+)?(?:fiscal\s+|calendar\s+)?year\s+)?"
                        r"|\bthe\s+|\(|\bFY\s?)((?:19|20)[0-9]{2})\b(?!\s*[-–/])"
                        r"|((?:19|20)[0-9]{2})年度?(?:\s*[0-9]{1,2}\s*月)?(?:末|大会)?(?:の|に|は|中|から)",
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
                       rf"(?:did|was|were)\s+not|not\s+(?:yet\s+)?(?:been\s+)?{_APPROVED})\b|"
                       # (a plan, an aim or an intention: "The plan is to move ... from 7:30 to 7:15; it has not been
                       # approved yet", "The club plans to raise ...": review55 t/prop.txt)
                       rf"\b(?:(?:plan|aim|intention|idea|goal)\s+(?:is|was)|plans?|intends?)\s+to\b"
                       # (before the change it plans: not "... raised from EUR 8 to EUR 10 to pay for the plan to
                       # resurface court 3": review64 R2)
                       rf"(?=[^.]*\b(?:from|to)\s+(?:[A-Z]{{3}}\s?|[€$£¥])?[0-9])(?![^.]*\b{_APPROVED}\b)|"
                       rf"\b(?:propos(?:al|als|ed|es|e)?|suggest(?:ed|s|ion)?)\s+(?:to|that)\b(?![^.]*\b{_APPROVED}\b)|"
                       rf"否決|見送|検討(?:中|する|します|を続け|し)|"
                       # (a plan, aim, request, possibility or condition, not a change made: 「…に増やす方針である」,
                       # 「…減らすよう求める意見」, 「…増えることがある」, 「…増えた場合」, 「…見直しを行う予定はない」:
                       # review62 R6-R8)
                       # (at the change's own verb, after its new value: not 「利用者が増えるように、…変更した」, nor
                       # ようやく: review63 N3)
                       rf"から[^。、]{{0,20}}?(?:に|へと|へ){_CHANGE_WORDS_JA}[^。、]{{0,6}}?(?:方針|計画|目標|よう(?!やく)|"
                       rf"ことがあ|場合|ても|たり|つもり|意見|要望|求め|予定はな|ことはな|ない(?=[。、]|$))|"
                       # ("Motion 6: to raise ...", "Plan B: to move ...": a motion, not made until carried; G-C)
                       r"\b(?:motion|plan|proposal)(?:\s+\d+|\s+[A-Z])?\s*[:：]\s*(?:to|that)\b|"
                       rf"提案(?:した|する|します|された|があった)(?![^。]*{_APPROVED})", re.IGNORECASE)
# What may stand before an approval that approves the proposal: "(the proposal|the board) (was) (unanimously)".
_APPROVAL_SUBJECT = re.compile(r"\s*(?:(?:the|this|that|its|their|our)\s+)?(?:proposal|motion|suggestion|plan|request|"
                               r"change|cut|increase|raise|reduction|amendment|recommendation|it|which|board|members|"
                               r"committee|council|meeting|assembly|directors|trustees|we|they)?\s*(?:(?:was|were|has|"
                               r"have|had|been|is|duly|also|then|finally|unanimously)\s+)*$", re.IGNORECASE)


# A change told as proposed or advised (with no approval in the text): "The board proposed raising ...", "a motion
# to cut", "Motion 2: to cut", 「…する案が出された」; not "the recommended retail price", "the motion sensor", 案内
# (review55 F5). ("recommended an increase of", "A proposal was made to raise": review57 R12; and where the next
# sentence refuses it, a change so told is no change made: review56 N7, not "At the caterer's request", 案内所:
# review57 R4, R5)
_PROPOSAL = re.compile(r"\b(?:proposed|suggested|recommended|requested)\s+(?:to\b|that\b|\w+ing\b|(?:an?|the)\s+"
                       r"(?:increase|decrease|cut|reduction|rise|change|move|raise|extension|transfer)\b)|"
                       # ("The committee asked that the deposit be increased from ...", "Mr Young moved that the hire
                       # charge be raised from ...": review68 G3; not "moved that meeting from 20 March to 27 March":
                       # review73 R3)
                       r"\basked\s+that\b|\bmoved\s+that\b(?=[^.;]*\bbe\b)|"
                       r"\b(?:proposals?|motions?|suggestions?|requests?|recommendations?|plans?)(?:\s+(?:\d+|[A-Z]))?"
                       r"\s*[:：]?\s+(?:was\s+made\s+)?(?:to|that)\b|提案|(?:る|す)案|同案|原案|議案", re.IGNORECASE)
# ... or asked for: "The board was asked to raise ...", "Members asked the committee to cut ...", "asked for an
# increase", "asked for the service charge to be cut" (not "asked to note that the fee rose": review62 R4); a text
# so told does not say the change was not made ("was asked to raise it, and did so": R2)
_ASKED = re.compile(rf"\b(?:(?:was|were|been|is|are)\s+asked|asked\s+(?:the\s+)?[\w.-]+(?:\s+[\w-]+){{0,2}})\s+to\s+"
                    rf"(?:\w+ly\s+)?"
                    # ("was asked to approve an increase of ...": review67 F13)
                    rf"(?:(?:approve|consider|accept|agree\s+to|endorse)\s+(?:an?|the)\s+(?:[\w-]+\s+)?)?"
                    rf"{_CHANGE_VERB}\b|"
                    r"\basked\s+for\s+(?:an?|the)\s+(?:pay\s+)?(?:increase|decrease|cut|reduction|rise|change|move|"
                    r"raise|extension|transfer)\b|"
                    rf"\basked\s+for\s+(?:the\s+)?[\w\s-]{{1,30}}?\s+to\s+be\s+{_CHANGE_VERB}\b", re.IGNORECASE)
_APPROVED_IN = re.compile(rf"\b{_APPROVED}\b", re.IGNORECASE)
# ... told as what happened to it ("... was accepted"; not "to match the accepted quote": review58 N5)
_APPROVAL_TOLD = re.compile(rf"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?{_APPROVED}\b", re.IGNORECASE)


# A change told as to come, at its own verb: "will be raised from", "will rise from", "is to be cut from", "is
# scheduled to move ... from", 「引き上げる予定」, 「引き上げられる見込み」 (not "was cut from ..., which will reduce the
# deficit", 「変更され、予定どおり」, 「増加し、見込みを上回った」: review63 N1, N2)
_PLANNED_BEFORE = re.compile(r"(?:\bwill\s+(?:be\s+)?|\b(?:is|are)\s+(?:(?:due|set|scheduled|planned|going)\s+)?to\s+"
                             r"(?:be\s+)?)(?:\w+ly\s+)?$", re.IGNORECASE)
_PLANNED_JA = re.compile(rf"{_CHANGE_WORDS_JA}(?:(?!た(?!だ|うえで|上で|のち|後|あと))[^。、]){{0,10}}?"
                         r"(?:予定|見込み)(?!表|を上回|を下回|より|どおり|通り)")
# (not 「増やした予定表」, 「増えたものの見込みには」: review65 R2; but 「変更したうえで運営する予定」,
# 「改定したのち実施する予定」 are plans: review66 N5)
# ... or in the plain (non-past) form with the date it is due from: 「令和8年4月より月額800円から1,000円に改定される」,
# 「4月1日から…値上げする」, 「…増やす」, 「来年度から…変更することになった」 (review68 G8, review69 G1; not 「増えている」,
# 「引き上げられた」, nor a manual's step with no date, 「設定温度を20℃から25℃に変更する」)
_NON_PAST_JA = re.compile(rf"{_CHANGE_WORDS_JA}(?:(?![たて])[^。、]){{0,5}}?(?:る|ます|す)(?=[。、]|こと|$)")
_SETS_JA = re.compile(r"を[^、。]{1,20}?と(?:する|します)(?=[。、]|こと|$)")
_DUE_FROM_JA = re.compile(r"(?:[0-9０-９]\s*(?:日|月|年度?)|\d{4}/\d{1,2}/\d{1,2}|来年度?|来月|来期|次回|翌月|翌年度?)(?:分)?"
                          r"(?:から|より|以降|以後)|今後")


def _to_come_ja(part: str, piece: str, at: int | None = None) -> bool:
    """Whether a stretch of a Japanese sentence (`piece`) tells its change as to come: _PLANNED_JA, or _NON_PAST_JA at
    its verb of change (at `at` in `part`, or any; not 「200人から250人に増え、今後もさらに増加が見込まれる」)."""
    if _PLANNED_JA.search(part):
        return True
    non_past = _NON_PAST_JA.search(part) if at is None else _NON_PAST_JA.match(part, at)
    non_past = non_past or (_SETS_JA.search(part) if at is None else None)  # (「…を400円とします」: review75 G9)
    if not non_past or not _due_from_ja(piece):
        return False
    # (decided, and done since: 「値上げすることになり、現在は40円で販売している」, 「改定することとし、同月から実施した」;
    # but 「値上げすることになった」 is a decision of a change to come: review69 R8)
    rest = piece[piece.find(part) + non_past.end() :]
    return bool(_DECIDED_JA.match(rest) or not _DONE_JA.search(rest))


_DECIDED_JA = re.compile(r"\s*こと(?:に|と)(?:なった|した|なりました|しました)(?:[。．]|$)|\s*ことが決(?:まった|定した)|"
                         r"\s*ことを決(?:めた|定した)")
_DONE_JA = re.compile(r"(?:た|ている|ています|ていた|ておる|ております)\s*[。．]?\s*$")


def _due_from_ja(piece: str) -> bool:
    """Whether a Japanese sentence says the day a change is due from (_DUE_FROM_JA): a から that is no change's own
    (not 「8月3日から8月17日に延期する」, where 8月3日 is the old value), or より, 以降, 今後."""
    for due in _DUE_FROM_JA.finditer(piece):
        after = piece[due.end() :].split("から")[0]
        # (the old value of a change is a date or a time before one: a day due from comes before a change of another
        # kind, 「来年度から会費を500円に」, or with its own old value, 「4月から月額300円を400円に」: review73 G1)
        if (not due.group().endswith("から") or not re.search(_CHANGE_WORDS_JA, after)
                or _kind_ja(after) not in ("date", "time") or _CHANGE_JA_WO.search(after)):
            return True
    return False


# Where a sentence's next clause starts: at a ";" or a ", and" / ", but" / ", while" / ", whereas"
_CLAUSES = re.compile(r";|,\s+(?:and|but|while|whereas)\s")


def _planned(piece: str) -> bool:
    """Whether a sentence tells its change as to come (see _PLANNED_BEFORE): the verb of change nearest before each
    "from" has "will" or "is to" before it ("is to be raised, from EUR 40 to EUR 50"; not "was cut from ..., and the
    hours will be extended from ...": review64 P1)."""
    if mostly_cjk(piece):
        # each change's own stretch, from its から: not 「…3,000円から4,000円に引き上げられ、今後は夜間料金も4,000円から
        # 5,000円に引き上げる予定」, where the first change is made
        planned = [to_come for _, _, _, to_come in _changes_from_kara(piece)]
        return all(planned) if planned else _to_come_ja(piece, piece)
    planned = []
    for at in re.finditer(r"\bfrom\b", piece):
        # (in the "from"'s own clause: not "The canteen will be moved ..., and the coffee price went from": review65 R7)
        clause = _CLAUSES.split(piece[: at.start()])[-1]
        # (read in the whole piece: a verb of the present tense needs its date after it, _PRESENT_CHANGE)
        verbs = [verb for verb in re.finditer(rf"\b{_CHANGE_VERB}\b", piece, re.IGNORECASE)
                 if at.start() - len(clause) <= verb.start() and verb.end() <= at.start()]
        # (a "from" with no verb of change in its clause tells no change: review66 N1; not "The plan is to cut ...":
        # a plan, made or not by its approval)
        if verbs:
            before = piece[at.start() - len(clause) : verbs[-1].start()]
            will = (bool(_PLANNED_BEFORE.search(before))
                    and not re.search(r"\b(?:plan|aim|intention|idea|goal)\s+is\s+to\s+$", before, re.I))
            passive = bool(re.search(_DONE_TO_IT, before, re.IGNORECASE))
            if not will and (passive or _present_tense(verbs[-1].group())):
                # a change to come in the present tense: by its due day ("goes up from EUR 18 to EUR 21 on 1 April",
                # review67 F11), read at the change's own "from" (the day's has no "to": "rises from EUR 5 to EUR 6
                # from 1 May")
                # (nor is a day's "from ... to": "from 1 December to save energy": review71 R5)
                if (not re.search(r"\sto\s", _CLAUSES.split(piece[at.end():])[0])
                        or re.match(rf"\s+{_DUE_DATE}", piece[at.end():], re.IGNORECASE)):
                    continue
                # (the day may come before it: "rises on 1 May from ...", "With effect from 1 July, ... is raised
                # from ...": review70 R2, G3)
                # (not in a year's report: "In 2024, the dividend rises ... on 15 May": review71 R3)
                a_report = re.search(r"\b(?:in|during)\s+(?:19|20)\d\d\b|\bfrom\s+(?:19|20)\d\d\s+to\s+(?:19|20)\d\d\b",
                                     piece, re.IGNORECASE)  # (or "from 2024 to 2025": review72 R3)
                day_before = re.search(_due_day(passive), piece[at.start() - len(clause) : at.start()], re.IGNORECASE)
                will = (not _RECURRING.search(piece) and not a_report
                        and (_due_after(piece[at.end():], passive) or bool(day_before)))
            planned.append(will)
    # a value to cost another "instead of" the old one from a day to come: "The laundry token will cost EUR 3 instead
    # of EUR 2 from March." (review67 F11; not "The meeting will be held on 5 May instead of 3 May", moved already)
    # (or "From March, the laundry token will cost ...": review69 G3)
    for at in re.finditer(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\b", piece, re.IGNORECASE):
        before, after = _CLAUSES.split(piece[: at.start()])[-1], _CLAUSES.split(piece[at.end():])[0]
        if re.search(r"\b(?:will|shall)\b|\b(?:is|are)\s+(?:due|set|scheduled|planned|going)\s+to\b", before, re.I):
            planned.append(bool(re.search(_FROM_DUE_DATE, before + " " + after, re.IGNORECASE)))
    return bool(planned) and all(planned)


def _present_tense(verb: str) -> bool:
    """Whether a verb of change is in the present tense: "goes up", "increases" (and see _DONE_TO_IT)."""
    return bool(re.fullmatch(r"(?:rises|falls|drops|climbs|goes\s+(?:up|down)|\w+(?<!ss)e?s)", verb, re.IGNORECASE))


# The present tense of a change done by someone, before its verb: "is raised", a motion's "that the plot rent be
# raised ... from 1 April 2026" (review71); not "asked for it to be raised ..., a request the board granted in May"
_DONE_TO_IT = r"\b(?:is|are|(?<!\bto )be)\s+(?:\w+ly\s+)?$"


def _due_after(after: str, passive: bool = False) -> bool:
    """Whether a change's text after its "from" gives the day it is due, in its clause: " EUR 18 to EUR 21 on 1 April"
    (_DUE_DAY; for a change done by someone, "is raised", a month too: "The library fine is raised from EUR 1 to EUR 2
    in October", not "Attendance climbs from 300 to 450 a day in July"). Not a series of values told with their
    dates: " 5 in 2024 to 6 in 2025"."""
    old_side = re.split(r"\sto\s", after, maxsplit=1)[0]
    return not re.search(_DUE_DATE, old_side, re.IGNORECASE) and bool(
        re.search(_due_day(passive), _CLAUSES.split(after)[0], re.IGNORECASE))


def _due_day(passive: bool) -> str:
    """The pattern of the day a change in the present tense is due (see _due_after)."""
    return rf"{_DUE_DAY}|{_IN_A_MONTH}" if passive else _DUE_DAY


# Days that come back, no day a change is due: "on 24 December each year", "during the festival" (review70 R5)
_RECURRING = re.compile(r"\b(?:each|every|annually|during)\b", re.IGNORECASE)
_SEASONAL_JA = re.compile(r"毎年|毎月|毎週|期間中|夏季|冬季|夏期|冬期|[^。、]の間、")
_SEASONAL = re.compile(rf"{_RECURRING.pattern}|\bin\s+(?:the\s+)?(?:winter|summer|spring|autumn)\b", re.IGNORECASE)


def _changes_from_kara(piece: str) -> list[tuple[str, str, re.Match, bool]]:
    """The changes of a Japanese sentence, each read from its から: (the text before that から, the part from it to the
    next から, the verb of change in that part, whether the part tells the change as to come: _to_come_ja)."""
    parts = re.split(r"(?=から)", piece)
    return [(before, part, verb, _to_come_ja(part, piece, verb.start())) for before, part in zip(parts, parts[1:])
            if (verb := re.search(_CHANGE_WORDS_JA, part))]


def _planned_sides_ja(piece: str) -> tuple[frozenset[str], frozenset[str]]:
    """(old values, new values) of the changes to come of a Japanese sentence that tells a change made besides:
    「年会費は3,000円から4,000円に引き上げられ、今後は駐車場代も月額2,000円から2,500円に引き上げる予定である。」 ->
    ({2000}, {2500}) (review67 F8). Each change is read from its から: the new value after it, the old one before it."""
    if not mostly_cjk(piece):
        return frozenset(), frozenset()
    old: set[str] = set()
    new: set[str] = set()
    for before, part, verb, to_come in _changes_from_kara(piece):
        if to_come:
            new |= set(numbers_in(part[: verb.start()]))
            old |= set(numbers_in_order(re.split(r"[、。はもを]", before)[-1])[-1:])
    return frozenset(old), frozenset(new)


class Change(NamedTuple):
    """What one sentence of a document tells of a change: the numbers of its old and new values, the old values
    that are the middle of a chain of changes, and whether it was made (not refused, withdrawn, deferred, only
    proposed or asked about: _change_not_made), and the old values of a change not made that the next sentence
    changes instead ("The board rejected it, and instead cut the fee from EUR 40 to EUR 35")."""
    old: set[str]
    new: set[str]
    middle: dict[str, set[str]]
    made: bool
    changed_instead: frozenset[str] = frozenset()
    planned: bool = False  # told as to come ("will be raised", 「引き上げる予定」): its old value still stands
    # ... and scheduled: by a decision ("will be raised", "is to be cut"), for a time ("on 1 April", "next year"), or
    # as a plan (予定): its new value is not yet. (Not "Seedlings will grow from 3 cm to 10 cm in four weeks", "At low
    # tide the water will drop from 2 m to 0.5 m": what happens, not a change to come.)
    scheduled: bool = False
    # values that were only proposed and are not made, whatever became of the rest: an amendment lost, or a motion's
    # new value that a carried amendment replaced (see _with_amendment)
    refused_new: frozenset[str] = frozenset()
    due_dates: frozenset[tuple[str, str]] = frozenset()  # (day, month) a scheduled change is due on ("1 April")
    # the old and new values of its changes to come, where it tells a change made besides (Japanese: _planned_sides_ja)
    old_to_come: frozenset[str] = frozenset()
    new_to_come: frozenset[str] = frozenset()


# An approval of the proposal just named, before it ("The board approved the proposal to cut ...") or as the next
# sentence ("Ms Tan proposed to cut ... . The board approved the proposal." 「…を提案した。理事会はこれを承認した。」)
_APPROVED_BEFORE = re.compile(rf"(?<!\bnot )(?<!n't )\b{_APPROVED}\s+(?:(?:the|a|an|this|that|his|her|their|its|our)"
                              r"\s+)?(?:[\w-]+'s\s+)?$", re.IGNORECASE)  # ("the treasurer's proposal to": review57 R6)
_PROPOSAL_NOUN = r"(?:proposal|motion|suggestion|plan|request|change|recommendation|amendment)"
_MOTION_OF_IT = rf"(?:(?:amended|substantive|original|main)\s+)?{_PROPOSAL_NOUN}"  # ("The amended motion": review68 G3)
# How a vote may be told after its outcome: "unanimously", "nem. con.", "by 20 votes to 3", "by a majority (of 20 to
# 3)", "on a show of hands", "20-3", "20 for, 3 against", "with 2 abstentions", "2 abstaining" (review62 G2, G3).
_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|no|nil|none)"
_VOTE_TAIL = (rf"(?:[\s,:;]+(?:unanimously|nem\.?\s*con\.?|by\s+(?:a\s+)?(?:large\s+|clear\s+|narrow\s+|small\s+)?"
              rf"majority(?:\s+of\s+{_COUNT}(?:\s+votes?)?\s+to\s+{_COUNT})?|(?:by|on)\s+a\s+show\s+of\s+hands|"
              rf"(?:by\s+)?{_COUNT}\s+votes?\s+to\s+{_COUNT}|\d+\s*[-–:]\s*\d+|"
              rf"{_COUNT}\s+(?:votes?\s+)?for,?\s+(?:and\s+)?"
              rf"{_COUNT}\s+against|(?:with|and)\s+(?:{_COUNT}|an)\s+abstentions?|{_COUNT}\s+abstaining|"
              r"as\s+(?:proposed|circulated|amended|presented|recommended|tabled)))*")  # (review64 R4)
_APPROVES_IT = re.compile(rf"^\s*(?:[^,.;]{{0,40}},\s*)?(?:(?:(?:the|this|that)\s+{_MOTION_OF_IT}(?:\s+as\s+amended)?"
                          r"|it|this|which)\s+(?:(?:was|were|has\s+been|had\s+been)\s+)?(?:then\s+|also\s+|duly\s+|"
                          rf"\w+ly\s+)?{_APPROVED}\b"
                          # (not "It was then agreed that the next meeting ...", "This was also accepted as a topic":
                          # review63 N4)
                          r"(?!\s+(?:that|to|as\s+(?:a|an|the|one|information))\b)|"
                          r"(?:(?:the\s+)?(?:proposal|motion|suggestion|plan|request|recommendation|change)"
                          r"(?:\s+as\s+amended)?\s+)?"
                          r"(?:seconded\s+and\s+)?(?:unanimously\s+)?"  # (not "Amendment carried.": review65 R12)
                          # ("Agreed.", "Agreed unanimously.", "The members voted in favour (of it).": review56 N6,
                          # review57 R6; "Passed unanimously.", "Agreed by 20 votes to 3, with 2 abstentions.", "The
                          # members voted to accept the proposal.": the nineteenth session's probes)
                          rf"(?:agreed|approved|carried|adopted|passed){_VOTE_TAIL}\s*[.!]?\s*$|"
                          # ("The board agreed.", "The members unanimously approved.")
                          r"(?:the\s+)?(?:board|members|committee|council|meeting|assembly|directors|trustees|we|they)"
                          r"\s+(?:\w+ly\s+)?(?:agreed|approved|accepted|adopted|concurred|consented)"
                          rf"{_VOTE_TAIL}\s*[.!]?\s*$|"
                          r"(?:the\s+)?(?:board|members|committee|council|meeting|assembly|"
                          rf"directors|trustees|we|they)\s+(?:\w+ly\s+)?(?:voted\s+(?:in\s+favou?r(?!\s+of(?!\s+(?:it|"
                          rf"this|that|the\s+{_PROPOSAL_NOUN}\b(?!\s+(?:to|for|of|on|about)\b))))|for\s+it|"
                          rf"to\s+(?:accept|approve|adopt|endorse|ratify)\s+(?:it|this|that|the\s+{_PROPOSAL_NOUN})"
                          r"(?!\s+(?:to|for|of|on|about)\b))|"
                          rf"(?:approved|adopted|accepted|endorsed|ratified|agreed\s+to)\s+(?:it|this|that|the\s+"
                          # (the proposal itself, not "the change to the agenda", "the plan for the party": F4)
                          rf"{_PROPOSAL_NOUN})(?!\s+(?:to|for|of|on|about)\b)))|^[^。]{{0,20}}?(?:これ|同案|本案|提案|"
                          r"この案)(?:を|は)[^。]{0,10}?(?:承認|可決|了承)(?!しな|されな|されず|せず|するか)", re.IGNORECASE)
# ... or grants it, done or in force: "The request was granted.", "The board granted the request.", "The committee
# approved the increase.", "The chair agreed to this.", "Agreed; the new rent applies from 1 June.", "The committee
# agreed, with effect from 1 April.", "The increase took effect on 1 March.", "The council said yes.", "She did so in
# May.", "This was done in April." (review67 F1, F12; not "The board approved the minutes.", "agreed to meet again")
_GRANT_VERB = (r"(?:then\s+|also\s+|duly\s+|\w+ly\s+)?(?:granted|agreed|approved|accepted|adopted|carried|endorsed|"
               r"allowed)")
_ASKED_THING = (r"(?:request|increase|rise|cut|change|reduction|decrease|raise|extension|move|proposal|recommendation|"
                r"motion|suggestion)")
# (the approval ends its clause: not "agreed that the next meeting ...", "approved the change to the agenda", "carried
# over", "passed on to the board": review63 N4, review57, review59 F3)
_GRANT_END = r"(?=\s*(?:[.;:,!]|$)|\s+(?:by|with|unanimously|at|in|and)\b)"
_GRANTS_IT = re.compile(
    rf"^\s*(?:[^,.;]{{0,40}},\s*)?(?:"
    # "The request was granted.", "It was approved." (what was asked; not "The minutes were approved.")
    rf"(?:it|this|that|(?:the|this|that)\s+{_ASKED_THING})\s+(?:was|were|has\s+been|had\s+been)\s+{_GRANT_VERB}|"
    # "The board granted the request.", "The chair agreed to this.", "The committee agreed, with effect from ..."
    r"(?:the\s+)?(?:[\w'-]+\s+){0,3}?(?:board|committee|council|chair|chairman|chairwoman|chairperson|members|meeting|"
    r"assembly|directors?|trustees|treasurer|manager|landlord|owners?|we|they|he|she|everyone|all)\s+"
    rf"{_GRANT_VERB}(?:\s+(?:to\s+)?(?:it|this|them|the\s+{_ASKED_THING})\b)?|"
    rf"(?:granted|agreed|approved)){_GRANT_END}|"
    # "The council said yes.", "The increase took effect on 1 March.", "She did so in May.", "This was done in April."
    r"^\s*(?:[\w'-]+\s+){0,4}?(?:said\s+yes|(?:was|were)\s+happy\s+to\s+do\s+so|took\s+effect|"
    r"came\s+into\s+(?:force|effect)|did\s+(?:so|it|this)|(?:it|this)\s+was\s+done)\b", re.IGNORECASE)
# A next sentence that refuses or defers what the sentence before proposed, asked or advised: "The chair recommended
# an increase ... from EUR 1,200 to EUR 1,500. No decision was taken.", "A proposal was made to raise ... It was
# deferred." (review56 N7)
_REFUSES_IT = re.compile(rf"^\s*(?:[^,.;]{{0,40}},\s*)?(?:(?:the|this|that)\s+{_MOTION_OF_IT}\s+(?:was|were)\s+"
                         rf"postponed\b|(?:(?:the|this|that)\s+{_MOTION_OF_IT}|it|this)\s+"
                         r"(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:rejected|deferred|withdrawn|declined|"
                         r"refused|defeated|turned\s+down|voted\s+down|lost|not\s+(?:approved|adopted|accepted|agreed|"
                         r"carried))|"
                         # ("Rejected by 20 votes to 3.", "Not carried.", "Lost.": the nineteenth session's probes;
                         # "The motion fell.", "The vote was lost.", "The members voted it down.", "The council
                         # declined.": review62 G1, G3; not the amendment's fate, see changes_told)
                         rf"(?:(?:the\s+)?{_PROPOSAL_NOUN}\s+)?(?:unanimously\s+)?(?:rejected|defeated|lost|declined|"
                         r"voted\s+down|not\s+(?:carried|"
                         rf"approved|agreed|adopted|passed)){_VOTE_TAIL}\s*[.!]?\s*$|"
                         r"(?:the\s+)?(?:motion|proposal|resolution|vote|recommendation|request)\s+(?:fell|failed|"
                         r"did\s+"
                         r"not\s+(?:pass|carry)|was\s+lost)\b|"
                         r"(?:the\s+)?(?:board|members|committee|council|meeting)\s+voted\s+it\s+down\b|"
                         # (by those asked: not "Attendance declined.", "The turnout declined.", "The council declined,
                         # however, to fund ...": review63 N5, review64 R5)
                         r"(?:it|they|he|she|members|owners|tenants|residents|the\s+(?!(?:attendance|turnout|"
                         r"membership|number|numbers|sales|income|revenue|demand|usage|prices?|costs?|rates?|interest|"
                         r"participation|enrolment|share|value|temperature|level|quality|weather|arrears|takings|"
                         r"receipts|spending|expenses|debt|deficit|surplus|balance|profits?|losses|figures|bookings|"
                         r"visits|complaints)\b)[\w-]+"
                         r"(?:\s+[\w-]+)?)\s+(?:declined|refused)"
                         r"(?:\s+(?:it|this|the\s+request))?\s*(?:[.;]|,\s+(?:citing|saying|stating|because|as)\b|$)|"
                         # ("No decision was taken.", "... on it.", "... on the proposal.", "..., pending ..."; not "on
                         # the proposal to buy a boat", "on this year's budget", ", however, on ...": review59 F1, F2)
                         r"no\s+decision\s+was\s+(?:taken|made|reached)(?:\s*(?:[.;]|$)|,\s+(?:pending|until|as|"
                         r"because|and\s+(?:the\s+)?(?:item|matter|proposal|motion|question))\b|\s+(?:yet|today)\s*"
                         r"(?:[.;]|$)|\s+on\s+(?:it|(?:this|that)(?:\s+(?:item|matter|point|question))?|"
                         rf"the\s+{_PROPOSAL_NOUN})\b(?!'s|\s+(?:to|for|of|about)\b|\s+[\w-]+'s))|"
                         r"(?:the\s+)?(?:board|members|committee|council|meeting)\s+(?:\w+ly\s+)?(?:rejected|declined|"
                         r"refused|deferred|did\s+not\s+(?:approve|agree|adopt)|voted\s+(?:against|to\s+(?:reject|"
                         r"refuse|defer)))\s+"
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


def _told_as_proposed(piece: str) -> bool:
    """Whether a sentence tells its change as proposed, advised or asked for: in English before the change's "from"
    and in its clause (not "The board cut the locker fee from EUR 40 to EUR 35, and was asked to buy a new trailer":
    review62 R1); in Japanese anywhere (its verb comes last: 「…減額することを提案した」)."""
    if mostly_cjk(piece):
        return bool(_PROPOSAL.search(piece))
    change = re.search(r"\bfrom\b", piece)
    return any(change is None or (m.start() < change.start()
                                  and not re.search(r"[;；]|,\s+(?:and|but)\b", piece[m.end():change.start()]))
               for pattern in (_PROPOSAL, _ASKED) for m in pattern.finditer(piece))


def _change_not_made(piece: str, next_piece: str = "") -> bool:
    """Whether the change a sentence tells was refused, withdrawn, only proposed or asked about (_NOT_MADE), in the
    clause that tells it: "Although the line was not discussed, the budget was cut from ..." is made. A proposal
    is made when approved in the sentence, before it or after it, or by the next sentence (`next_piece`); one the
    next sentence refuses is not."""
    # (not where the sentence tells it approved or done: "... was approved", "..., and did so": review63 N5)
    if (_REFUSES_IT.match(next_piece) and _told_as_proposed(piece) and not _APPROVAL_TOLD.search(piece)
            and not re.search(r"\bdid\s+so\b", piece, re.IGNORECASE)):
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
                        or _approves_next(next_piece))
            proposed = re.match(r"(?:propos|suggest|提案|plan|aim|intend|intention|idea|goal|motion)", m.group(0),
                                re.IGNORECASE)
            if not (proposed and approved):
                return True
    return _only_requested(piece, next_piece)


def _only_requested(piece: str, next_piece: str) -> bool:
    """Whether a sentence tells its change only as asked for, requested or recommended, with no decision on it:
    "The treasurer recommended an increase of the kit deposit from EUR 30 to EUR 40.", "The staff asked for a pay
    rise from ...", "The committee asked that the deposit be increased from ..." (its old value stands). Not when the
    request's own verb is not the change's ("was asked to cut costs and reduced the heating budget from ..."), nor
    when the sentence or the next one tells it approved or done ("..., and did so", "..., which she did in March",
    "..., and the board cut it to EUR 30", "The board agreed."). English only (Japanese requests: _NOT_MADE)."""
    at = re.search(r"\bfrom\b", piece)
    if mostly_cjk(piece) or not at:
        return False
    clause = _CLAUSES.split(piece[: at.start()])[-1]
    verbs = list(re.finditer(rf"\b{_CHANGE_VERB}\b", clause, re.IGNORECASE))
    if not verbs:
        return False
    verb = verbs[-1]
    asked = [m for pattern in (_PROPOSAL, _ASKED) for m in pattern.finditer(clause) if m.start() <= verb.start()
             and not re.search(r"\b(?:and|but|then)\b|[,;]", clause[m.end() : verb.start()])]
    if not asked or any(_APPROVED_BEFORE.search(clause[: m.start()]) for m in asked):
        return False
    rest = piece[at.end() :]
    # ("..., which she did in March", "... and got it", "..., which the board granted": review67 F2)
    done = (_APPROVED_IN.search(rest) or _CHANGED.search(rest)
            or re.search(r"\bdid\s+(?:so|it|this)\b|\bwhich\s+(?:\w+\s+){1,3}did\b|\bgranted\b|"
                         r"\bgot\s+(?:it|this|them)\b", rest, re.IGNORECASE))
    return not (done or _approves_next(next_piece))


def _approves_next(next_piece: str) -> bool:
    """Whether a next sentence approves, grants or tells done what the sentence before proposed or asked for
    (_APPROVES_IT, _GRANTS_IT), not negated or held (_APPROVAL_HELD)."""
    return bool((_APPROVES_IT.match(next_piece) or _GRANTS_IT.match(next_piece)) and not _NOT_MADE.search(next_piece)
                and not _APPROVAL_HELD.search(next_piece))


_CHANGED = re.compile(rf"\b(?:{_CHANGE_STEMS})e?d\b|\b(?:cut|brought|{_CHANGED_PAST})\b"
                      r"|変更|延期|短縮|延長|引き上げ|引き下げ|引上げ|引下げ|前倒し|改訂|改定|増額|減額|値上げ|値下げ|増員|減員",
                      re.IGNORECASE)
# The new value of a change as a text tells it: "postponed to 10 May", "raised to 32,000 from 16,000" (up to a
# "from" or a parenthesis: "moved to 10 May (originally 3 May)"), "is now 40 EUR", "8月17日に延期".
_UP_TO_THE_OLD = r"(?!\bfrom\b|\(|\b(?:originally|previously|formerly|initially|instead|rather)\b)"
_NEW_VALUE_EN = re.compile(rf"(?:\b{_CHANGE_VERB}\b(?:{_UP_TO_THE_OLD}{_NO_CLAUSE_END})*?\b(?:to|until|till)|"
                           rf"\b(?:now|currently)\b)\s+(?P<new>(?:{_UP_TO_THE_OLD}{_NO_CLAUSE_END}){{1,40}})",
                           re.IGNORECASE)
_NEW_VALUE_JA = re.compile(r"(?P<new>[^、。から（(）)]{1,20}?)(?:に|へ)" + _CHANGE_WORDS_JA)  # not "8月17日（当初8月3日）に"


WHEN_WORDS = frozenset(terms("date dates day days time schedule deadline window weekend slot"))
# A day and its month as a date writes them: "28 May", "21st of March", "June 15" ("May" is no term: a stopword).
_MONTH_NAMES = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
               r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_MONTH = re.compile(rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_NAMES})\b"
                        rf"|\b(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)", re.IGNORECASE)


def month_days(text: str) -> set[tuple[str, str]]:
    """(day, month) of the dates a text writes, as number_units pairs them ("28 May" -> ("28", "may"))."""
    return {(m.group("d1") or m.group("d2"), (m.group("m1") or m.group("m2")).lower())
            for m in _DAY_MONTH.finditer(text)}


# A date changed in Japanese, as made or decided: "本番移行日は2027年1月9日（土）に変更することとした", "本番移行は12月19日
# に延期された". What is moved is the phrase before は/を (本番移行日): its bigrams must nearly all be in an earlier
# sentence (bigrams of two sentences meet too easily otherwise). Not a proposal, a possibility, a condition or a
# request after the verb (変更する案, 変更できる, 延期する場合, 変更してください).
DAY_JA = "日"
_UPDATE_JA = re.compile(r"(?P<what>[^、。はをがにで（(「」]{2,20})[はを]\s*(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月"
                        r"(?P<day>[0-9０-９]{1,2})日(?:\s*[（(][月火水木金土日][）)])?\s*(?:に|へ)"
                        rf"{_CHANGE_WORDS_JA}(?P<after>[^。]{{0,12}})")
_NOT_MADE_JA = re.compile(r"でき|可能|場合|ことがあ|ください|案|検討|かどうか|べきか|たら|れば")


def japanese_date_changes(sentence: str) -> list[tuple[str, str]]:
    """(the new day, what has it: 本番移行日) of each date change a Japanese sentence tells as made (_UPDATE_JA)."""
    return [(unicodedata.normalize("NFKC", m.group("day")), m.group("what").strip())
            for m in _UPDATE_JA.finditer(sentence) if not _NOT_MADE_JA.search(m.group("after"))]


def names_the_moved_thing(what: str, text: str) -> bool:
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
        return [(n, set(terms(what))) for n, what in japanese_date_changes(sentence)]
    if CONDITION.search(sentence) or re.search(
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
_THEN_JA = re.compile(r"(?:た後|たのち|その後|のちに|、さらに)")
# (a subject: the words before "was", "were", ... or before the next change's verb, back to a comma, a then-word,
# "and" or "but", less words of time: "and then guest tickets were cut" (review57 R2), "the deposit for the marquee
# was" (review59 F9), "and then in June the rent was lowered" (review58 N10))
_AUXILIARY = re.compile(r"\b(?:was|were|is|are|has|have|had|will)\b|$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[,;:]|\b(?:then|later|subsequently|afterwards|and|but)\b", re.IGNORECASE)
_TIME_WORDS = frozenset(MONTHS | {"may", "year", "years", "month", "months", "week", "weeks", "day", "days", "spring",
                                  "summer", "autumn", "winter", "morning", "evening", "today"})
# Words between a change's verb and what it changes: "cut it back", "brought down the fee" (review59 F16); a
# preposition first means no object ("lowered in June from", "reduced by the board from": review58 N1).
_PARTICLES = frozenset("back forward down up again further sharply slightly once twice later then also".split())
_ARTICLES = frozenset("the a an its their our this these those".split())
_PREPOSITIONS = frozenset("in on at by after before during for with over to under".split())


_NOT_A_GROUP = frozenset("reasons reason purposes purpose one two three safety budget budgetary legal technical "
                         "seasons season years months weeks days times hours".split())


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
        start = starts[-1] if starts else 0
        # (with the group the change is for before it: "and then for visiting boats the charge was lowered" is
        # another charge; not "for 2026", "for the second time": review61 F1)
        # (a group in the plural: not "for budget reasons", "for one season": review64 R1)
        start = max([i + 1 for i in range(start) if words[i].lower() in ("for", "among") and i + 1 < start
                     and words[start - 1].lower().endswith("s") and all(
                         w.lower() not in _ARTICLES | _TIME_WORDS | _NOT_A_GROUP and not w[:1].isdigit()
                         for w in words[i + 1 : start])], default=start)
        words = [w for w in words[start:] if w.lower() not in _TIME_WORDS and not re.fullmatch(r"\d+", w)]
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


# A clause that opens a sentence before its change: "At the request of the junior section, ", "Guests had complained,
# so " (not the thing's own: "The fee, which members pay yearly, was raised")
_OPENING_CLAUSE = re.compile(r"^\s*(?:(?:at|in|on|after|following|because|as|since|when|although|upon|due|with|for|"
                             r"to)\b[^,;:]*|[^,;:]*\b(?:had|has|have|was|were|is|are|did)\b[^,;:]*)[,;:]\s*(?:so\s+)?",
                             re.IGNORECASE)
_STEP_WORDS = frozenset(terms("it them forward down up again further back once more"))
# ... and a next step with no old side: "and then to 17 May", "and then brought forward to 7 May", "then lowered
# again to EUR 1.50" (review55 F8), 「…引き上げられ、その後900円に引き下げられた」 (F13)
_THEN_TO = re.compile(rf"\s*,?\s*(?:and\s+|but\s+)?(?:then|later|subsequently)\s+(?:(?:again|further)\s+)?"
                      # (its verb's words may only be particles, not another thing: "and later cut the float to
                      # EUR 150": review64 R12)
                      rf"(?:{_CHANGE_VERB}\s+(?P<words>(?:[\w-]+\s+){{0,3}}?))?"
                      r"(?:back\s+)?(?:to|until)\s+"
                      rf"(?P<new>{_NO_CLAUSE_END}{{1,40}}?)(?=\s*(?:[,;.](?!\d)|$)|\s+(?:and|but|after|because)\b)",
                      re.IGNORECASE)
_THEN_TO_JA = re.compile(rf"{_CHANGE_WORDS_JA}[^、。はが]{{0,6}}?(?:、その後も?|、のちに|、さらに|た後|たのち)、?(?:さらに)?"
                         # (not 「さらに入会金も…」: review64 R11; but 「物価高を理由に」: review65 R13)
                         rf"(?P<new>(?:[^、。はがもを]|を(?:理由|受け|踏まえ)){{1,20}}?)"
                         # (or 「…280円とした」: review70 G7)
                         rf"(?:(?:に|へ){_CHANGE_WORDS_JA}|と(?:した|なった|され))")


# Units of one family count one kind of value: "USD 14" after "12 USD", "1 TB" after "20 GB", "1 July" after
# "3 June", "2 months" after "6 weeks" (review56 N2, N8).
# (CURRENCIES and MONTHS are terms, plurals and "may" aside)
_KIND_FAMILIES = {**dict.fromkeys(CURRENCIES | {"euros", "dollars", "pound", "pounds", "円", "万"}, "money"),
                  **dict.fromkeys(MONTHS | {"may", "月"}, "date"),
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
    if CJK_CHAR.match(unit):
        unit = next((u for u in ("週間", "か月", "ヶ月", "時間") if unit.startswith(u)), unit[:1])
    return _KIND_FAMILIES.get(unit, "" if unit in STOPWORDS else unit.rstrip("s"))


# The count a price is given per: 「1時間500円」, 「1日800円」, 「1か月3,000円」 (not a date's day: 「4月1日10時」)
_PER_ONE_JA = re.compile(r"(?<![月年0-9０-９.,])[1１]\s*(?:日|か月|ヶ月|カ月|週間|年)(?:あたり|当たり)?(?=\s*[0-9０-９])")


def _without_counts(side: str) -> str:
    """A Japanese value without the count its price is given per: 「1時間500円」 -> 「時間500円」, 「1日800円」 -> 「日800円」."""
    return _PER_UNIT_JA.sub("", _PER_ONE_JA.sub("", side))


def _kind_ja(side: str) -> str | None:
    """_value_kind of a side of a Japanese change, the count of a price per unit aside: 「1時間500円」 is money; a
    date with its year is a date (「令和8年5月10日」)."""
    if re.match(r"\s*[0-9０-９]{1,4}\s*年度?\s*[0-9０-９]{1,2}\s*月", side):
        return "date"
    return _value_kind(_without_counts(side))


def _a_date_from_which(old_side: str, new_side: str, rest: str) -> bool:
    """Whether a Japanese change's old side, before its から (`rest` starts there), is the day it is due from: a date
    before 「から、」, or before a value of another kind than a date or a time (「4月から400円に」)."""
    if not re.search(r"[年月日]|\d/\d", old_side):
        return False
    if rest.startswith("から、"):
        return True
    # (the date's last counter: not 「1時間500円から」, a price per hour; 「4月分から」: review75 G3)
    # (a date with slashes has its year: 「1/2から2/3に」 is a fraction: review76 R2)
    date_last = re.search(r"(?:[年月日]|年度|\d{4}/\d{1,2}/\d{1,2})\s*(?:[(（][^)）]{1,3}[)）])?\s*分?\s*$", old_side)
    return bool(date_last) and _kind_ja(new_side) not in ("date", "time")


def _per_unit_counts(old_side: str, new_side: str) -> set[str]:
    """The counts a Japanese price is given per on the two sides of a change, when they are the same or on one
    side only (「1枚10円から15円に」); a count that changed is a value (「10枚3,000円から11枚3,000円に」, review55 F12)."""
    # (「1日800円」 too: review75 G2)
    old_counts, new_counts = ({n for count in _PER_UNIT_JA.findall(side) + _PER_ONE_JA.findall(side)
                               for n in numbers_in(count)} for side in (old_side, new_side))
    return old_counts | new_counts if not old_counts or not new_counts or old_counts == new_counts else set()


def _way_back_refused(rest: str, back: re.Match) -> bool:
    """Whether the way back `back` (a _BACK_TO match in `rest`) is only proposed, asked about or refused."""
    lead = re.split(r",\s+|、", rest[: back.start()])[-1]  # its own clause: "and a proposal to go"
    return bool(_NOT_MADE.search(lead + rest[back.start():]) or re.search(r"^す(?:案|提案|ことを提案)", rest[back.end():]))


def change_sides(sentence: str) -> tuple[set[str], set[str]]:
    """(old, new): the numbers a sentence gives as the old value of a change (those of the "from" side not on the
    "to" side) or as what a value stands instead of, and those it gives as the new value."""
    old, new, _ = _change_sides(sentence)
    return {n for n in old if "年" not in n}, new  # (less the marks of an old side's month: _old_side_years)


def _step_numbers(told: str, value: str) -> set[str]:
    """The numbers a step of a chain gives with its value, its year only when it has no day: {"1"} for "EUR 850 on
    1 April 2026", {"2025"} for "EUR 70 in 2025" (review57 R8)."""
    numbers = {n for n in numbers_in(told) if n != value}
    return {n for n in numbers if not re.fullmatch(r"(?:19|20)[0-9]{2}", n)} or numbers


def _years_told_with(number: str, text: str, years: set[str]) -> set[str]:
    """The years of `years` (those a text says) that date `number`: not those of the text's own old side ("rose
    to 42, up from the 2024 figure of 30", 「2024年度の水準から42人に」), and where the text tells the number as a
    change's new value, only those said with it ("fell to 95 in 2024"; not "The 2025 AGM raised the fee to EUR 45":
    review57 R1, R9)."""
    years = {y for y in years if not re.search(rf"\bfrom\b[^.;]*\b{y}|{y}年度?の[^、。]{{1,12}}から", text, re.IGNORECASE)}
    told = [m["new"] for pattern in (_NEW_VALUE_EN, _NEW_VALUE_JA) for m in pattern.finditer(text)
            if number in numbers_in(m["new"])]
    # (a year said as a time dates it wherever it stands, "In 2024, the fee was raised to EUR 45" (review58 N7), but
    # not in a clause of another value: "The day ticket, which cost EUR 8 in 2024, was raised to EUR 10" (review59 F6))
    timed = {y for y in years for clause in re.split(r"[,;()（）、]", text)
             if re.search(rf"\b(?:in|during|throughout)\s+{y}\b|{y}年", clause, re.IGNORECASE)
             and not set(numbers_in(clause)) - {y, number}}
    return {y for y in years if y in timed or any(y in new for new in told)} if told else years


# (a year with its month, end or event: 「2024年4月の12人から2025年4月には15人に」, 「2024年度末の」, 「2024年大会の」;
# review62 G6)
_JA_YEAR = r"((?:19|20)[0-9]{2})\s*年度?(?:\s*([0-9]{1,2})\s*月)?(?:末|大会)?"  # (year, month)
_YEAR_BEFORE_JA = re.compile(rf"{_JA_YEAR}(には|は|に|の)\s*$")
_YEAR_FIRST_JA = re.compile(rf"\s*{_JA_YEAR}(?:には|は|に|の|では|で)")
_MONTH_FIRST_JA = re.compile(r"\s*(?:同年)?\s*([0-9]{1,2})\s*月(?:末)?(?:には|は|に|の|では|で)")


def _change_sides(sentence: str) -> tuple[set[str], set[str], dict[str, set[str]]]:
    """change_sides, and the old values that are the middle of a chain of changes, each with the other numbers its
    step gives (see below)."""
    old, new = set(), set()
    # per change: (start, where its old side starts, end, old side, value reached, the text of its new side)
    reached: list[tuple[int, int, int, set[str], set[str], str]] = []
    middle: dict[str, set[str]] = {}  # value a change reached and a later one left -> its step's other numbers
    for pattern in (_CHANGE_EN, _CHANGE_JA, _CHANGE_JA_OBJECT, _CHANGE_JA_WO, _INSTEAD_EN, _INSTEAD_JA,
                    _CHANGE_JA_FROM, ORIGINALLY_EN, ORIGINALLY_JA, _UP_FROM_EN):
        for m in pattern.finditer(sentence):
            # (a present tense of a season or of days that come back tells a scale, no change: "During the festival,
            # the parking charge rises from EUR 3 to EUR 5 on 14 August", "In winter, ...": review71 R4)
            if pattern is _CHANGE_EN and re.match(_PRESENT_CHANGE, m.group(0)) and _SEASONAL.search(sentence):
                continue
            # (in Japanese too: 「毎年7月から8月の間、…500円から800円に引き上げる」, 「毎月1日から5日まで、…増やす」: review73 R4)
            if pattern in _JAPANESE_CHANGES and _SEASONAL_JA.search(sentence):
                continue
            # (「2025年4月から、会費を…」: a date from which, not an old value: review63; nor before a value of another
            # kind: 「4月から400円に改定される」 has a new value only, and 「令和8年4月から月額300円を400円に」 its own old
            # one, _CHANGE_JA_WO: review73 G1; 「1時間500円から700円に」 is a change of 500円)
            date_from = pattern in (_CHANGE_JA, _CHANGE_JA_OBJECT) and _a_date_from_which(
                m.group("old"), m.group("new"), sentence[m.end("old"):])
            if date_from and (sentence.startswith("から、", m.end("old")) or "を" in m.group("new")):
                continue
            if pattern is _CHANGE_JA_WO and _kind_ja(m.group("old")) != _kind_ja(m.group("new")):
                continue
            # (the count of a price per unit is neither: 「1枚10円から15円に」, 「1時間800円から」; review51 F4)
            per_unit = _per_unit_counts(m.group("old"), m.group("new"))
            before = set() if date_from else set(numbers_in(m.group("old"))) - per_unit
            after = [n for n in numbers_in_order(m.group("new")) if n not in per_unit]
            # (Japanese may date each side by a year said before it: 「2024年の120人から2025年には95人に」 is "from 120
            # in 2024 to 95 in 2025"; not 「2026年に5,000円から6,000円に」, the year of the change, nor a date's year)
            # (nor the year of a date or a time, 「2025年の4月10日から5月8日に」, 「2025年度の9時から8時に」: review62 R5)
            # (a month alone dates the new side within the old side's year: 「2025年3月の45基から9月には60基に」 is 60
            # in September 2025: review63 G-E; the old side keeps its year then, so that 「2025年4月の…16台であった」 is
            # no old value told as its year's: review64 R7, R8)
            year = _YEAR_FIRST_JA.match(m.group("new")) or _MONTH_FIRST_JA.match(m.group("new"))
            dated = 0
            if year and len(after) > (said := len(numbers_in_order(year.group(0)))) and after[0] == year.group(1):
                dated = said  # (the numbers of the year, and of its month)
            its_year = _YEAR_BEFORE_JA.search(sentence, 0, m.start("old"))
            if (its_year and before and (dated or its_year.group(3) == "の")
                    and not re.search(r"[月日時]|\d[/:]\d", m.group("old"))):
                before.add(its_year.group(1))
                if dated and year.re is _MONTH_FIRST_JA and its_year.group(2):
                    # (and its month, as a mark no number equals, against a text's month: _old_side_years)
                    before.add(f"{its_year.group(1)}年{its_year.group(2)}月")
            # (a month of the new side's date is no value of the change: 「4月の10台から10月には16台に」 keeps 10)
            after_months = {n for n in after[:dated] if not re.fullmatch(r"(?:19|20)[0-9]{2}", n)}
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
            old |= before - (set(after) - after_months)
            # the value itself: "to 55 EUR in 2025" is 55, "8月3日から8月17日に" is 17
            value = set([n for n in after[dated:] if n not in before][:1])
            new |= value
            reached.append((m.start(), m.start("old"), m.end(), before, value, m.group("new")))
            # ... and a change on from it with no "from", to a value of the same kind: "postponed from 3 May to 10 May
            # and then to 17 May"; not "... to 20 GB, and then extended to 5 shared mailboxes" (review55 F2)
            # (step by step: "..., then to EUR 50 in 2025 and then to EUR 55 in 2026")
            step, told, at = value, m.group("new"), m.end()
            while then := _THEN_TO.match(sentence, at) or _THEN_TO_JA.match(sentence, at):
                # (the words after the step's verb name the same thing or none: "then cut the fee to", "then lowered
                # slightly to", "then raised in 2025 to"; not "and later cut the float to": review64 R12, review65 R8)
                # (the same thing: the words of the change's own clause up to its old value, not of an opening
                # clause, "At the request of the junior section, the board raised the adult fee from ... and then cut
                # the junior fee to"; an adverb is no thing, but "monthly" is: review66 N3)
                said = {w for w in _stems(then.groupdict().get("words") or "")  # (_THEN_TO_JA has no words)
                        if not re.fullmatch(r"(?!(?:month|week|dai|year|quarter|hour|ear)ly)\w+ly|(?:19|20)\d\d", w)}
                if said - _STEP_WORDS - _stems(_OPENING_CLAUSE.sub("", sentence[: m.start("old")])):
                    break
                # (the value after a reason: 「その後も2024年の物価高を理由に450円に」 is 450円: review66 G1)
                its_new = re.split(r"を(?:理由|受け|踏まえ)[てに]?", then.group("new"))[-1]
                onward = _value_kind(its_new) == _value_kind(m.group("new")) and [
                    n for n in numbers_in_order(its_new) if n not in per_unit | step][:1]
                if not onward:
                    break
                new |= set(onward)
                middle.update({n: _step_numbers(told, n) for n in step})
                step, told, at = set(onward), then.group("new"), then.end("new")
    # A value one change leaves and another reaches is no old one (10,000円 in H2's example: two things) unless the
    # change that leaves it comes after ("raised from 25 to 30 and then lowered from 30 to 28", 「800円から1,000円に
    # 引き上げられた後、1,000円から900円に」): the middle of a chain is old.
    thing = sentence[: min((old_at for _, old_at, *_ in reached), default=0)]  # ("The then chairman raised the fee ")
    for _, _, end, _, value, told in reached:
        for later, its_old, _, left, _, _ in reached:
            if later >= end and _chain_gap(sentence[end:later], thing, sentence[later:its_old]):
                middle.update({n: _step_numbers(told, n) for n in value & left})
    return (old | set(middle)) - (new - set(middle)), new - set(middle), middle


_FROM_DUE_DATE = rf"\b{_FROM_THEN}\s+{_DUE_DATE}|{_NEXT_PERIOD}"  # "from 1 April", "as of next year", "next year"
# A change to come that was decided or has its time ("will be raised", "is to be cut", "on 1 April", "in 2026",
# "next year", 予定): see Change.scheduled
_SCHEDULED = re.compile(rf"\b(?:{_FROM_THEN}|on|in|by)\s+{_DUE_DATE}|{_NEXT_PERIOD}|"
                        r"\bwill\s+be\s+(?:\w+(?:ed|en)|cut|set)\b|"
                        r"\b(?:is|are)\s+(?:(?:due|set|scheduled|planned|going)\s+)?to\s+be\b|"
                        r"\b(?:due|set|scheduled|planned)\s+to\b|予定|見込み|来年|来月|来期", re.IGNORECASE)
# A value measured, not set: "10 cm", "12 °C", "0.8 m", "0.5 bar", "80 %" after a verb of nature (a process with a date
# is no change to come: "Seedlings will grow from 3 cm to 10 cm by May", "The tide will fall from 4.2 m to 0.8 m on 3
# June", "The pressure will be reduced from 2.0 bar to 0.5 bar when the valve opens": review67 F3)
_MEASURED = re.compile(r"[0-9][0-9.,]*\s*(?:°\s?[CF]?|degrees?\b|(?:k|c|m)?m\b|metres?\b|meters?\b|feet\b|ft\b|"
                       r"inch(?:es)?\b|(?:k|h|m)?pa\b|bar\b|psi\b|(?:m|k)?g\b|tonnes?\b|(?:m)?l\b|"
                       r"(?:milli)?lit(?:re|er)s?\b|"
                       r"(?:m|k)?[vaw]\b|(?:k|m|g)?hz\b|rpm\b|lux\b|db\b)|"
                       r"\b(?:grow|fall|drop|sink|shrink|climb|rise|decline)\s+from\s+[0-9][0-9.,]*\s*%", re.IGNORECASE)
# A change done to a thing by someone, on a day: "will be reduced ... on 1 May 2026", "is to be cut ... in June"
_DONE_ON_A_DAY = re.compile(rf"\b(?:will\s+be|(?:is|are)\s+(?:(?:due|set|scheduled|planned|going)\s+)?to\s+be)\s+"
                            rf"(?:\w+(?:ed|en)|cut|set)\b.*\b(?:on|in|by)\s+{_DUE_DATE}", re.IGNORECASE)


def _measured_process(piece: str) -> bool:
    """Whether a change to come is a measured value that a process reaches (_MEASURED), not one decided from a date
    ("will be lowered from 40 tonnes to 7.5 tonnes from 1 March 2026", "cut from 30 kg to 20 kg next year": review68
    G1; "will be reduced from 50 km/h to 30 km/h on 1 May 2026": G2; but "The tide will fall from 4.2 m to 0.8 m on
    3 June" is a process)."""
    return bool(_MEASURED.search(piece)) and (bool(_OF_ITSELF.search(piece)) or not re.search(
        _FROM_DUE_DATE, piece, re.IGNORECASE) and not _DONE_ON_A_DAY.search(piece))


# A verb of a value changing of itself: "The reservoir level rises from 61 m to 64 m from 1 February, as the snow
# melts" (review71 R6) is a process, whatever its date
_OF_ITSELF = re.compile(r"\b(?:rises|falls|drops|climbs|grows|sinks|(?:goes|go)\s+(?:up|down)|(?:will|to)\s+"
                        r"(?:rise|fall|drop|climb|grow|sink))\b", re.IGNORECASE)


# A text that tells a value as to come: "will be EUR 50", "is to be", "is due to", "from 1 April", "as of next year",
# 「4月から」, 「引き上げる予定」 (the new value of a change to come is not yet: "The fee is EUR 50" is wrong; "in May"
# is not enough: "was raised to EUR 50 in May")
# (and as the document may: "is raised to EUR 3 in October", "goes up to EUR 21 on 1 April", 「…3600円に改定される」,
# 「…値上げすることになった」: review70 R3, R4)
_TO_COME = re.compile(rf"{_FROM_DUE_DATE}|\b(?:will|shall)\b|\b(?:is|are)\s+(?:(?:due|set|"
                      r"scheduled|planned|going|expected)\s+)?to\s+(?:be\b|rise|fall|go|increase|decrease|change|move|"
                      r"drop)|"
                      rf"\b(?:(?:is|are)\s+(?:\w+ed|cut|set)|rises|falls|drops|goes\s+(?:up|down))\b"
                      rf"(?=[^.;]*?(?:{_DUE_DAY}|{_IN_A_MONTH}))|"
                      r"予定|見込み|方針|計画|以降|(?:日|月|年度?)(?:から|より|には)|(?:なる|される|られる)(?:見通し|方向)|"
                      r"(?<=[0-9０-９円人台件%])(?:に|と)(?:なる|なります)(?=[。、]|$)|"  # 「…400円になる」: review76 G4
                      rf"{_NON_PAST_JA.pattern}|ことに(?:なった|した)", re.IGNORECASE)


# A value told to stay as it is: "will remain EUR 40", "will stay at EUR 8", "is unchanged", 「据え置き」
_STAYS = re.compile(r"\b(?:will|shall)\s+(?:remain|stay|continue|still\s+be|be\s+kept|be\s+held)\b|\bunchanged\b|"
                    r"据え置|変わらな|変更しな|維持", re.IGNORECASE)


def _told_to_come(number: str, text: str) -> bool:
    """Whether a text tells `number` as to come (_TO_COME) in the clause that states it (not past a ";" or a ", and"
    that starts another)."""
    clauses = _CLAUSES.split(text)
    return any(_TO_COME.search(clause) for clause in clauses if len(clauses) == 1 or number in numbers_in(clause))


class ChangeTold(NamedTuple):
    """What a text (a model's sentence) tells of a change, to compare its numbers with a document's Change."""
    text: str
    replaced: set[str]  # the numbers it gives as a change's old value (change_sides)
    new: set[str]  # ... as a new value (new_values)
    marks_old: bool  # a word for the old state: "originally 3 May", 当初
    changed: bool  # a verb of change: "was raised", "postponed"
    past: bool  # a value told as it was: "was EUR 9,000"
    years: set[str]  # the years it says, in any of the ways _YEAR_SAID reads
    months: dict[str, set[str]]  # year -> the months said with it (「2025年9月」)
    not_made: bool  # the change told as refused or only proposed: "The proposal to raise ... was rejected"
    reached: set[str]  # the numbers it gives as the new side of a change (change_sides; not "now EUR 40")


# A value a Japanese text tells as what a thing becomes: 「4月から300円になる」, 「…2台となります」 (review75 G1)
_BECOMES_JA = re.compile(r"(?P<new>[0-9０-９](?:(?!から)[^、。をはが]){0,12}?)(?:に|と)(?:なる|なります|なった|なりました|変わる|変わります|"
                         r"変わった|変わりました)")
# ... or as the value a change reaches, right before its verb: 「来年度から理事の定員は5人に増員される」
_REACHES_JA = re.compile(rf"(?P<new>[0-9０-９][0-9０-９.,]*\s*[^\W\d_]{{0,4}}?)(?:に|へ){_CHANGE_WORDS_JA}")


def change_told(text: str) -> ChangeTold:
    replaced, reached = change_sides(text)
    reached |= {n for pattern in (_BECOMES_JA, _REACHES_JA) for m in pattern.finditer(text)
                for n in numbers_in(_without_counts(m.group("new")))}
    # ... and in English, what a verb of change goes to ("will rise to EUR 40"; not "is now EUR 40": review76 G1)
    reached |= {n for m in _NEW_VALUE_EN.finditer(text) if not re.match(r"(?:now|currently)\b", m.group(0), re.I)
                for n in numbers_in(m.group("new"))}
    return ChangeTold(text, replaced, new_values(text), bool(_MARKS_OLD.search(text)),
                      bool(_CHANGED.search(text)), bool(_PAST.search(text)),
                      {a or b for a, b in _YEAR_SAID.findall(text)}, _months_said(text),
                      _change_not_made(text) or bool(_PROPOSAL.search(text) and not _APPROVED_IN.search(text))
                      or _only_asked(text), reached)


def _months_said(text: str) -> dict[str, set[str]]:
    months: dict[str, set[str]] = {}
    for year, month in re.findall(r"((?:19|20)[0-9]{2})\s*年度?\s*([0-9]{1,2})\s*月", text):
        months.setdefault(year, set()).add(month)
    return months


def _old_side_years(told: ChangeTold, replaced: set[str]) -> set[str]:
    """The years a text says that are a change's old side's, with their month where the text says one: 「2025年9月」 is
    not the old side of 「2025年3月の45基から9月には60基に」 (review64)."""
    dated = {y: {r for r in replaced if r.startswith(f"{y}年")} for y in told.years & replaced}
    return {y for y, marks in dated.items()
            if not marks or not told.months.get(y) or {f"{y}年{m}月" for m in told.months[y]} & marks}


def _only_asked(text: str) -> bool:
    """Whether a text tells a change as asked for and not as made besides: "The staff asked for a pay rise from EUR 14
    to EUR 15 an hour." (not "... was asked to raise ..., and did so", "... was raised to EUR 60 after the treasurer was
    asked to raise it": review62 R2)."""
    asked = list(_ASKED.finditer(text))
    if not asked or _APPROVED_IN.search(text) or re.search(r"\bdid\s+so\b", text, re.IGNORECASE):
        return False
    return not any(all(not (m.start() <= done.start() < m.end()) for m in asked) for done in _CHANGED.finditer(text))


def on_the_same_side(number: str, change: Change, told: ChangeTold, numbers: set[str]) -> bool:
    """Whether a number of a text (`told`; `numbers`: all the numbers it states) may be read from a document
    sentence that tells `change`: on the same side of the change, or with its old value marked as old."""
    replaced, new, middle, made = change[:4]
    # a change refused or only proposed leaves its old value standing ("the target remains 3 months") and
    # gives its new value only to a text that tells it so ("The reserve target is 6 months" is wrong)
    if (not made and number in new or number in change.refused_new) and not told.not_made:
        return False
    # the new value of a change to come is not yet: a text gives it only as to come ("will be EUR 50 from 1 April";
    # not "The annual fee is EUR 50" or "was raised to EUR 50" where it "will be raised from EUR 40 to EUR 50")
    # (or dated with a year of its own side: 「2025年の会費は4,500円である」 where it 「2025年には4,500円に値上げする予定」)
    # (in the number's own clause: not "The annual fee is EUR 50, and members will be billed in March": review67 F10;
    # or with the day it is due: "was raised to EUR 50 on 1 April 2026", F4)
    if (made and (change.scheduled and number in new or number in change.new_to_come)
            and not _told_to_come(number, told.text) and not month_days(told.text) & change.due_dates
            and not (told.years and not told.years <= _old_side_years(told, replaced))):
        return False
    # ... nor is its old value to stay: "The annual fee will remain EUR 40." (F9; but "will stay at EUR 90 in 2026"
    # before a rise in 2027: review68 G9)
    if ((change.scheduled and number in replaced or number in change.old_to_come) and _STAYS.search(told.text)
            and not told.years):
        return False
    # "raised from 0.35 to 0.30" on "raised from 0.30 to 0.35": each number on the other side of the change
    if told.replaced and replaced:
        return (number in told.replaced) == (number in replaced)
    if not made:  # (its old value stands, unless the next sentence changed it instead)
        return number not in change.changed_instead
    # (not changed yet: "The fee is EUR 40" where it "will be raised"; not the middle of a chain to come, which is not
    # yet either; nor told as the new side of a change, 「4月から月額300円に改定される」 where it goes from 300円 to
    # 400円: review73 G1; but "is currently EUR 40 and will be raised to EUR 50" is right: review75 R1)
    if ((change.planned or number in change.old_to_come) and number in replaced and number not in middle
            and number not in told.reached):
        return True
    # the middle of a chain told as a change's new value with its step's date ("will increase to EUR 850 on
    # 1 April 2026", the first of two steps; not "is now EUR 850", "has been moved to 10 May": review55 F7,
    # review56 N10)
    # (of a chain to come, told with its step's date however: "The mooring fee will be EUR 450 in 2026")
    # (or told as it was then: "The fee was EUR 50 in 2025")
    if number in middle and (number in told.new or change.planned or told.past) and numbers & middle[number]:
        return True
    if number not in replaced:
        # a new value told with the old side's year only: "Headcount was 51 in 2024" where it "rose from
        # 48 in 2024 to 51 in 2025"
        # (the years are read only for a new value: this runs for every sentence stating the number)
        return not (number in new and told.years and (years := _years_told_with(number, told.text, told.years))
                    and years <= _old_side_years(told, replaced))
    # an old value needs a text that tells of the change, and not as its new value ("was postponed to
    # 3 May", "is now 40 EUR"): a word for the old state ("originally 3 May"), or a change verb beside the
    # new value ("first set for 3 May, was postponed to 10 May"; not "was increased and is 40 EUR")
    # (a year the text dates with another month than the old side's is the new side's: 「2025年9月の…60基」 after
    # 「2025年3月の45基から9月には60基に」)
    if told.months.get(number) and number in replaced and number not in _old_side_years(told, replaced):
        return True
    return number not in told.new | told.reached and (told.marks_old or bool(_old_side_years(told, replaced))
                                       or (told.changed and bool(numbers & new)))


# The fate of an amendment, told by the next sentence: "The amendment was carried.", "Amendment lost.", "On a show of
# hands, the amendment was carried by 14 votes to 6." (review68 G4), "After a long debate the amendment was carried."
# (review69 R7)
# ("The amendment, seconded by Cllr Black, was carried.", "... was put to the vote and carried.", "... was seconded by
# Cllr Black and carried.", "Cllr Black seconded the amendment, which was carried.": review70 R1, G5)
_AMENDMENT_FATE = re.compile(r"\s*(?:[^,.;]{0,40}?(?:,\s*|\s))?(?:(?:the|this)\s+)?amendment(?:,\s*(?:which\s+)?|\s+)"
                             r"(?:[^,.;]{0,40},\s*)?"
                             r"(?:(?:was|were|has\s+been|had\s+been)\s+)?(?:then\s+|also\s+|\w+ly\s+)?"
                             r"(?:seconded\s+by\s+[^,.;]{1,40}?\s+and\s+|put\s+to\s+the\s+vote\s+and\s+)?"
                             r"(?:(?P<carried>carried|agreed|approved|adopted|passed|accepted)|(?P<lost>lost|defeated|"
                             r"rejected|withdrawn|declined|not\s+(?:carried|agreed|approved|adopted|passed)|fell|"
                             r"failed|voted\s+down))\b", re.IGNORECASE)


class Amendment(NamedTuple):
    """An amendment moved to a motion, as the minutes tell it (see _amendment)."""
    values: frozenset[str]  # the values it gives the motion's thing: "to raise it to EUR 45 only" -> {"45"}
    sizes: frozenset[str]  # the size of the change it makes: "to limit the increase to EUR 5" -> {"5"}
    due_dates: frozenset[tuple[str, str]]  # the days it puts the change off to: "to delay the rise to 1 July 2026"
    dated: bool  # it names a day or a year for the change: "to delay the rise to 2027"
    fate: str | None  # "carried" | "lost" | None (not told)
    told_in: int  # how many of the pieces after the motion's tell of it (its own sentence, seconding, its fate)
    lost: frozenset[str] = frozenset()  # the values of amendments lost before it ("a further amendment": review69 R5)


# A piece that moves an amendment to the motion before it: "Ms Ortiz moved an amendment to raise it to EUR 6." (review68
# G3); one that only seconds a motion or an amendment: "Mr Grant seconded the amendment.", "Seconded by K. Lee." (G5)
_AN_AMENDMENT = r"(?:an|a\s+(?:further|second|third|new|revised|fresh)|another)\s+amendment"
_MOVES_AMENDMENT = re.compile(rf"\b(?:moved|proposed|tabled|put\s+forward)\s+{_AN_AMENDMENT}\b|"
                              rf"\b{_AN_AMENDMENT}\s+(?:was\s+)?(?:moved|proposed|tabled)\b", re.IGNORECASE)
# (and "The amendment was seconded by Mr Grant.", "Mr Grant seconded.": review69 R3, R4; not "The motion was seconded
# by Ms Lee and carried.", a decision)
_SECONDING = re.compile(r"\s*(?:(?:proposed|moved|seconded)\s+by\b|[^,.;]{0,60}?\bseconded(?:\s+(?:it|this|the\s+"
                        r"(?:motion|amendment|proposal)))?(?:\s+by\s+(?:(?!\b(?:and|carried|agreed|approved|passed|"
                        r"adopted|lost|defeated|rejected)\b)[^,;]){1,40}?)?\s*[.;]?\s*$)", re.IGNORECASE)
# ... and the seconding told with the decision: "The motion was seconded by Ms Lee and carried unanimously."
_SECONDED_AND = re.compile(r"\bseconded\s+by\s+[^,.;]{1,40}?\s+and\s+(?=(?:\w+ly\s+)?(?:carried|agreed|approved|"
                           r"adopted|passed|accepted|lost|defeated|rejected)\b)", re.IGNORECASE)
# ... an amendment's number that is no value of the thing: the size of a change ("to limit the increase to EUR 5",
# "to cap the rise at EUR 5", "to raise it by EUR 2 only": review68 G6)
_AMENDED_SIZE = re.compile(r"\b(?:increase|rise|raise|cut|reduction|decrease|change)\s+(?:to|at)\b|\bby\s+(?:[A-Z]{3}"
                           r"\s?|[€$£¥])?\d", re.IGNORECASE)


def _amendment(piece: str, after: list[str]) -> Amendment | None:
    """The amendment moved to the motion of a piece, in it or in the next piece, with the fate the piece after it
    tells (past any seconding): "Ms Lee proposed to raise the locker fee from EUR 40 to EUR 50, and Mr Dunn moved an
    amendment to raise it to EUR 45 only. The amendment was carried." -> values {"45"}, "carried"; None for a piece
    that moves none. Further amendments may follow each fate; the one carried stands. `after`: the pieces after
    `piece`."""
    at, told_in = re.search(r"\bamendment\b", piece, re.IGNORECASE), 0
    seconded = 0  # (past a seconding of the motion: "Mr Young seconded. Mr Price moved an amendment ...": review72 R8)
    while seconded < len(after) and _SECONDING.match(after[seconded]):
        seconded += 1
    if not at and seconded < len(after) and _MOVES_AMENDMENT.search(after[seconded]) and _told_as_proposed(piece):
        at, piece = re.search(r"\bamendment\b", after[seconded], re.IGNORECASE), after[seconded]
        told_in = seconded + 1
    if not at:
        return None
    carried, last, lost = None, None, frozenset()
    while True:
        while told_in < len(after) and _SECONDING.match(after[told_in]):
            told_in += 1
        fate = _AMENDMENT_FATE.match(after[told_in]) if told_in < len(after) else None
        told_in += bool(fate)
        last = _amended(piece[at.end():], None if not fate else "carried" if fate.group("carried") else "lost", told_in)
        if last.fate == "lost":
            lost |= last.values | last.sizes
        elif last.fate == "carried":
            carried = last
        if not (fate and told_in < len(after) and _MOVES_AMENDMENT.search(after[told_in])):
            break
        piece, told_in = after[told_in], told_in + 1
        at = re.search(r"\bamendment\b", piece, re.IGNORECASE)
    return (carried or last)._replace(told_in=told_in, lost=lost - (carried or last).values)


def _amended(text: str, fate: str | None, told_in: int) -> Amendment:
    """What an amendment's text (after its word "amendment") gives: its values, sizes and days (see Amendment)."""
    text = _CLAUSES.split(text)[0]
    due_dates = frozenset(month_days(text))
    # (a year is no amount: "to delay the rise to 2027", not "to raise it to EUR 2000")
    dates = {n for day, month in due_dates for n in numbers_in(f"{day} {month}")} | set(
        re.findall(r"(?<![€$£¥])(?<![A-Z]{3} )(?<![A-Z]{3})\b((?:19|20)\d\d)\b(?![.,]\d)", text))
    # (a value is an amount or what the thing is set to: not "members under 18 in rule 9", "holders over 70":
    # review71 R2)
    numbers = frozenset(n for value in _AMENDED_VALUE.finditer(text) for n in numbers_in(value.group())) - dates
    # (nor one that adds another thing: "to add a concession rate of GBP 15 per hour for pensioners": review72 R4)
    if _ADDS_ANOTHER.search(text):
        numbers = frozenset()
    sizes = numbers if _AMENDED_SIZE.search(text) else frozenset()
    # (a day puts the change off only when the amendment says so: not "to change the payment deadline to 30 April",
    # "that the committee review the fee again in 2027": review71 R1)
    dated = bool(dates) and bool(_PUTS_OFF.search(text))
    return Amendment(numbers - sizes, sizes, due_dates if dated else frozenset(), dated, fate, told_in)


_AMENDED_VALUE = re.compile(r"(?:[A-Z]{3}\s?|[€$£¥])\d[\d.,]*|\d[\d.,]*\s*(?:euros?|pounds?|dollars?|円|%)|"
                            r"\b(?:to|at|be|by)\s+\d[\d.,]*")
_ADDS_ANOTHER = re.compile(r"\b(?:add|introduc|creat|insert|includ)\w*\b|\b(?:separate|additional|concession(?:ary)?|"
                           r"extra)\s+\w+", re.IGNORECASE)
_PUTS_OFF = re.compile(r"\b(?:delay|defer|postpon|put\s+off|put\s+back|appl(?:y|ies)|take\s+effect|start|begin|"
                       r"implement|introduc|effective|from)\w*", re.IGNORECASE)


def changes_told(pieces: list[str]) -> list[Change]:
    """The change each of a page's pieces (its sentences, in order) tells; the next piece may refuse or approve
    what one proposed."""
    # (the decision on a motion follows the fate of its amendment: "..., and Ms Park moved an amendment to keep it at
    # EUR 80. The amendment was defeated. The motion was then carried ...": review62 G5)
    # (nor notes of who moved it: "Proposed by J. Smith, seconded by K. Lee. Carried.", "Proposed by J. Smith.
    # Seconded by K. Lee. Carried.": review64 G3)
    decisions, amendments = [], []
    for i, piece in enumerate(pieces):
        amendment = _amendment(piece, pieces[i + 1 :])
        after = pieces[i + 1 + (amendment.told_in if amendment else 0) :] + [""]
        while len(after) > 1 and _SECONDING.match(after[0]):
            after = after[1:]
        decisions.append(_SECONDED_AND.sub("", after[0]))
        amendments.append(amendment)
    changes = [_with_amendment(_change_of(piece, decision), amendment)
               for piece, decision, amendment in zip(pieces, decisions, amendments)]
    changes = [change._replace(planned=False, scheduled=False)
               if change.scheduled and (_in_force_later(pieces, i, change) or _history_told(pieces, i))
               else change._replace(planned=True, scheduled=True) if _dated_next_ja(pieces, i, change) else change
               for i, change in enumerate(changes)]
    # (the sentences that moved, seconded and decided an amendment refuse what the motion's change refuses: "Mr Bell
    # moved an amendment that the junior fee be GBP 55." does not state GBP 55 where it was lost: review70 G6)
    for i, amendment in enumerate(amendments):
        for k in range(i + 1, i + 1 + (amendment.told_in if amendment and any(changes[i][:2]) else 0)):
            changes[k] = changes[k]._replace(refused_new=changes[k].refused_new | changes[i].refused_new)
    return [change._replace(made=False, changed_instead=frozenset(change.old & after.old))
            if after.made and change.old & after.old and _changes_it_instead(piece, following, change.made)
            else change
            for change, after, piece, following in zip(changes, changes[1:] + [Change(set(), set(), {}, True)], pieces,
                                                       pieces[1:] + [""])]


# A Japanese sentence that gives the day a change of the sentence before comes into effect: 「改定は2026年4月1日から実施
# します。」, 「2026/4/1から適用します。」
_TAKES_EFFECT_JA = re.compile(r"(?:実施|適用|施行|開始|改定|変更|値上げ|値下げ)(?:いた)?(?:します|する|される|されます|となります|"
                              r"となる|の予定)")


def _dated_next_ja(pieces: list[str], i: int, change: Change) -> bool:
    """Whether piece i tells a change, in the plain non-past or as decided, with no day, whose day to come the next
    piece gives: 「…500円を600円に改定することを決定しました。改定は2026年4月1日から実施します。」 (review76 R3)."""
    if change.planned or not (change.old or change.new) or i + 1 >= len(pieces) or not mostly_cjk(pieces[i]):
        return False
    piece, after = pieces[i], pieces[i + 1]
    told = (_NON_PAST_JA.search(piece) or _SETS_JA.search(piece)
            or re.search(rf"{_CHANGE_WORDS_JA}[^。、]{{0,5}}?こと(?:を|に|と)(?:決定|決め|し|なり)", piece))
    return bool(told and not _DUE_FROM_JA.search(piece) and _DUE_FROM_JA.search(after)
                and _TAKES_EFFECT_JA.search(after) and not _DONE_JA.search(after))


_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NOT_DONE_YET = re.compile(r"\b(?:will|shall|is\s+to|are\s+to|due|scheduled|planned|expected|until|till|forecast\w*|"
                           r"target\w*|plan\w*|vision|goals?|aims?|projected|budget\w*|expir\w*|runs?)\b", re.I)
# A year something was so in, told as a time: "By 1990", "in 1988", "during 2001" (not "targets for 2030")
_DONE_IN_YEAR = re.compile(r"\b(?:in|by|during)\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def _history_told(pieces: list[str], i: int) -> bool:
    """Whether piece i, a change in the present tense with the day it is due, is told in a history: every year it
    names is before one a later sentence of the page tells of as done ("The subscription goes up from GBP 2 to GBP 3
    on 1 January 1975. ... By 1990 the subscription was GBP 10.": review73 R1). A change with "will" stays to come,
    and neither targets, forecasts nor expiry years are done ("Growth was forecast ... for 2027", "The 2027 targets
    were set": review76 R1)."""
    years = [int(y) for y in _A_YEAR.findall(pieces[i])]
    if not years or _NOT_DONE_YET.search(pieces[i]) or mostly_cjk(pieces[i]):
        return False
    done = [int(y) for piece in pieces[i + 1 :] if _PAST.search(piece) and not _NOT_DONE_YET.search(piece)
            for y in _DONE_IN_YEAR.findall(piece)]
    return bool(done) and max(years) < max(done)


# A text that tells a change as in force: "has been in force since 1 April", "took effect", "now applies"
# (not in force from a day to come: "The new rent is in force from that date until 31 March 2029": review72 R6)
_IN_FORCE = re.compile(r"\b(?:(?:has|have|had)\s+been|is|are|was|were)\s+(?:now\s+)?in\s+(?:force|effect)\b"
                       r"(?!\s+(?:from|as\s+of|until|between|on)\b)|"
                       r"\b(?:took|has\s+taken|have\s+taken|came\s+into)\s+(?:effect|force)\b|"
                       r"\bnow\s+(?:applies|apply)\b|\b(?:has|have)\s+applied\s+since\b", re.IGNORECASE)


def _in_force_later(pieces: list[str], i: int, change: Change) -> bool:
    """Whether a piece after piece i (a change to come) tells the new state of the same thing as in force: "The court
    fee will be raised from EUR 40 to EUR 50 on 1 April 2026." ... "The higher court fee has been in force since 1
    April." (review67 F4). The thing told new ("higher", "new") or with the new value, and not with the old one: not
    "The service charge of EUR 45 has been in force since 2019", "The garden levy has been in effect since 2015", "The
    service charge agreement has been in force ..." (review69 R2)."""
    verb = re.search(rf"\b{_CHANGE_VERB}\b", pieces[i], re.IGNORECASE)
    things = _subjects(pieces[i][: verb.start()]) if verb else []
    if not things or things[-1] == "it":
        return False
    thing = _stems(things[-1])
    for j, later in enumerate(pieces[i + 1 :], start=i + 1):
        told = _IN_FORCE.search(later)
        subjects = _subjects(later[: told.start()]) if told else []
        if not subjects or set(numbers_in(later)) & change.old:
            continue
        # (not since a year before the change's: "The reduced parking charge has been in force since 2019" beside a
        # rise on 1 May 2027: review72 R5)
        since = [int(y) for y in re.findall(r"\bsince\s+(?:[\w.]+\s+){0,2}?((?:19|20)\d\d)\b", later)]
        years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", pieces[i])]
        if since and years and max(since) < max(years):
            continue
        # (the thing by a shorter name: "The higher court fee" for "The court fee for small claims"; or the change
        # itself right after it: "The increase took effect on 1 March": review70 G4)
        told_of = _stems(subjects[-1]) - CURRENCIES
        core = told_of - _NEW_STATE
        if j == i + 1 and core and core <= _CHANGE_NOUNS:
            return True
        if not (thing <= told_of or len(core) >= 2 and core <= thing):
            continue
        others = told_of - thing
        if others <= _NEW_STATE and (others or set(numbers_in(later)) & change.new):
            return True
    return False


_NEW_STATE = _stems("new higher lower increased reduced revised raised updated amended adjusted cut")
_CHANGE_NOUNS = _stems("increase rise cut reduction decrease change raise")


def _change_of(piece: str, decision: str) -> Change:
    """The change a piece tells, with `decision` the piece that decides it (see changes_told)."""
    sides = _change_sides(piece)
    if not any(sides):
        return Change(*sides, made=True)
    planned = _planned(piece)
    old_to_come, new_to_come = (frozenset(), frozenset()) if planned else _planned_sides_ja(piece)
    return Change(*sides, made=not _change_not_made(piece, decision), planned=planned,
                  scheduled=(planned and bool(_SCHEDULED.search(piece) or _due_from_ja(piece))
                             and not _measured_process(piece)),
                  due_dates=frozenset(month_days(piece)), old_to_come=old_to_come, new_to_come=new_to_come)


def _with_amendment(change: Change, amendment: Amendment | None) -> Change:
    """A motion's change as its amendment leaves it. The amendment stands only when it and then the motion were
    carried, and the motion's own new value then not (review65, the nineteenth session's "Amendment lost." probes):
    "raise the locker fee from EUR 40 to EUR 50, and ... an amendment to raise it to EUR 45 only. The amendment was
    carried. The motion as amended was carried." -> 45 (not 50; not 40). One that puts the change off keeps its value
    to come from that day ("to delay the rise to 1 July 2026"); one that sizes it leaves the new value untold ("to
    limit the increase to EUR 5": review68 G6)."""
    if not amendment or not any(change[:2]):
        return change
    values = amendment.values - change.old - change.new
    change = change._replace(refused_new=change.refused_new | amendment.lost)
    if amendment.fate != "carried" or not change.made:  # lost, pending or the motion refused: not made
        return change._replace(refused_new=change.refused_new | values | amendment.sizes)
    if amendment.values and not values:  # (one that keeps the old value, "to keep it at EUR 40": not made)
        return change._replace(made=False, refused_new=change.refused_new | change.new)
    if amendment.dated:
        change = change._replace(planned=True, scheduled=True, due_dates=change.due_dates | amendment.due_dates)
    if values or amendment.sizes:  # (a size leaves the new value untold)
        return change._replace(new=set(values), refused_new=change.refused_new | change.new | amendment.sizes)
    return change  # (none of its own: "to add a family rate", or a day only)


def _changes_it_instead(piece: str, next_piece: str, made: bool) -> bool:
    """Whether a next sentence refuses what `piece` proposed (not `made`) and changes the same thing itself: "The
    board rejected it, and the printing budget was instead cut from ..." (not "..., and the relay entry was raised
    from ..." after a proposal about the gala entry, nor a change with no refusal: review62 R3, G9); or changes it
    "instead" of what `piece` proposed or asked for: "The treasurer raised the reserve from EUR 5,000 to EUR 6,000
    instead." (G1). English only."""
    refusal, change = _REFUSES_IT.match(next_piece), re.search(r"\bfrom\b", next_piece)
    instead = (re.match(r"", next_piece) if re.search(r"\binstead\b", next_piece, re.IGNORECASE)
               and _told_as_proposed(piece) else None)
    refusal = instead if made else refusal or instead  # (a request with no decision is not made: _only_requested)
    if not refusal or not change or change.start() < refusal.end():
        return False
    thing = {t for t in terms(next_piece[refusal.end() : change.start()])
             if not re.fullmatch(_CHANGE_VERB, t, re.IGNORECASE)} - set(terms("instead"))
    return bool(thing) and thing <= set(terms(piece))
