"""Greedy, deterministic generation with chat prompts, as docproc.summarize runs it.

`Generator` builds the prompt with the model's chat template, generates greedily with a repetition guard over the
generated tokens only (tokens without letters exempt, so lists may repeat their bullets), stops at the model's end
tokens or the caller's deadline, and counts tokens and times the prefill (`Generation`).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docproc import log
from docproc.errors import DocprocError
from docproc.model_output import LIST_INTRO
from docproc.text import BULLET, CJK

if TYPE_CHECKING:  # (docproc.summarize imports this module)
    from docproc.summarize import SummarizeOptions


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
            line = head + LIST_INTRO.sub("", line[len(head):], count=1)
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
