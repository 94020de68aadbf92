"""Chat prompts for summaries, key points and map-reduce notes, in English and Japanese.

Written for small instruct models (SmolLM2-135M): one short system line, the document FIRST and a single plain
instruction after it (small models follow the last thing they read), a concrete count of sentences or points,
and no request for page numbers (pages are attributed afterwards from the text, never trusted from the model).
The document comes before the instruction so that every prompt over one text shares a token prefix.
"""

from __future__ import annotations

import locale
import re
from dataclasses import dataclass

LANGUAGE_NAMES = {
    "en": "English", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "de": "German", "fr": "French",
    "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "pl": "Polish",
    "sv": "Swedish", "vi": "Vietnamese", "th": "Thai", "id": "Indonesian", "tr": "Turkish", "ar": "Arabic",
}



def is_language_code(code: str) -> bool:
    """Whether `code` ("en", "ja", "pt-BR") names a language: one of LANGUAGE_NAMES or of the C library's locale
    names (about 200), so "xx" or "english" is refused before a model is loaded."""
    base = code.split("-")[0].lower()
    return base in LANGUAGE_NAMES or base in _LOCALE_LANGUAGES


_LOCALE_LANGUAGES = frozenset(re.split(r"[_.@]", name)[0] for name in locale.locale_alias)


@dataclass(frozen=True)
class PromptSet:
    system: str
    document: str  # wraps the text: {text}
    summary: str  # {sentences}
    keypoints: str  # {n}
    chunk_notes: str  # {n}: notes on one chunk of a long document (pages are not named: small models parrot them)
    notes_header: str  # {pages}: label of one chunk's notes in the reduce prompt
    notes_document: str  # wraps the joined notes: {text}
    merge_notes: str  # {n}: shorten a batch of notes (recursive reduce)
    language_line: str = ""  # appended to every instruction when the output language is not the prompt's


ENGLISH = PromptSet(
    system="You are a careful assistant. You summarize documents faithfully, using only facts stated in them.",
    document="Document:\n\n{text}",
    summary="Summarize the document above in {sentences} sentences. State only facts from the document.",
    keypoints="List the {n} most important points of the document above as a bulleted list, one short sentence per point.",
    chunk_notes="List the {n} most important facts of the text above as a bulleted list, one short sentence per fact.",
    notes_header="Notes on {pages}:",
    notes_document="Notes on a document, part by part:\n\n{text}",
    merge_notes="Combine the notes above into a bulleted list of the {n} most important facts, one short sentence per fact.",
)

JAPANESE = PromptSet(
    system="あなたは文書を正確に要約するアシスタントです。文書に書かれている事実だけを使ってください。",
    document="文書:\n\n{text}",
    summary="上の文書を日本語で{sentences}文に要約してください。文書に書かれている事実だけを書いてください。",
    keypoints="上の文書の重要な点を{n}個、日本語の箇条書きで書いてください。1項目は短い1文にしてください。",
    chunk_notes="上の文章の重要な事実を{n}個、日本語の箇条書きで書いてください。1項目は短い1文にしてください。",
    notes_header="{pages}のメモ:",
    notes_document="文書の部分ごとのメモ:\n\n{text}",
    merge_notes="上のメモをまとめて、最も重要な事実を{n}個、日本語の箇条書きで書いてください。",
)


def prompt_set(language: str) -> PromptSet:
    """Japanese prompts for Japanese output; English prompts (plus "Write in X.") for everything else."""
    if language == "ja":
        return JAPANESE
    if language in ("en", "", None):
        return ENGLISH
    name = LANGUAGE_NAMES.get(language, language)
    return PromptSet(**{**ENGLISH.__dict__, "language_line": f" Write your answer in {name}."})


def pages_phrase(pages: list[int], language: str) -> str:
    """How a prompt names a chunk's pages: "pages 3-7" / "3〜7ページ"."""
    if not pages:
        return ""
    first, last = pages[0], pages[-1]
    if language == "ja":
        return f"{first}ページ" if first == last else f"{first}〜{last}ページ"
    return f"page {first}" if first == last else f"pages {first}-{last}"


def chat(prompts: PromptSet, body: str, instruction: str) -> list[dict]:
    """System + one user turn: the (wrapped) text first, the instruction last."""
    return [
        {"role": "system", "content": prompts.system},
        {"role": "user", "content": f"{body}\n\n{instruction}{prompts.language_line}"},
    ]
