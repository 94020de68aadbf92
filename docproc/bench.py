"""`docproc bench report`: a proof-of-concept trial on the user's own documents, dense vs sparse attention.

For every document the same model summarizes it with dense attention and with docproc's sparse attention,
`repeats` times each, dense and sparse interleaved (and their order alternated) so that drift of a shared, noisy
machine hits both alike; medians are reported. Out come, in the report folder:

    report.md     the report to read (tables, plots, how everything was measured)
    report.json   the same numbers for scripts
    runs.csv      one row per measured run (the raw data behind every median)
    *.png         latency, speedup, memory and agreement plots
    outputs/      the dense and sparse summaries of every document, to read side by side
    synthetic/    the synthetic documents (with --synthetic), to re-run or inspect

Measurement (the report's "Method" section says the same to its readers):
- time to first token = RunStats.prefill_seconds (first token of the final summary pass); prefill = the summed
  time of every prefill forward of the run (all generation passes, map and reduce included), decode tokens/s =
  decode steps / their summed time, both timed by forward hooks on the model (public torch API, no patching);
  end to end = wall clock around summarize_document (model load excluded).
- peak memory: CUDA: torch.cuda.max_memory_allocated after reset_peak_memory_stats (weights included).
  CPU: the process's peak RSS (VmHWM) after resetting it through /proc/self/clear_refs before every run, so
  each run has its own peak although all runs share one process; freed heap memory is handed back to the OS
  (malloc_trim) first. Where the reset is unavailable, RSS is sampled every 5 ms instead.
- cost = end-to-end seconds / 3600 x hourly price (the GPU price on CUDA, the CPU price otherwise).
- agreement = ROUGE-1/2/L F1 of the sparse output against the dense output (summary and key points),
  characters as tokens for CJK (docproc.rouge); none when both outputs are empty.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from docproc import log, synthetic
from docproc.batch import check_pages, check_sparse_options, critical_section, stop_signals_as_interrupt
from docproc.document import Document, Result
from docproc.errors import DocprocError, InputError, UsageError
from docproc.outputs import probe_writable
from docproc.rouge import rouge_scores
from kernels.heap import release_free_heap

MODES = ("dense", "sparse")
PLOTS = {
    "latency": "latency_vs_tokens.png",
    "speedup": "speedup_vs_tokens.png",
    "memory": "memory_vs_tokens.png",
    "agreement": "agreement.png",
}
CSV_FIELDS = [
    "document", "mode", "repeat", "order", "input_tokens", "pages", "chunks", "attention", "ttft_s", "prefill_s",
    "prefill_passes", "decode_s", "decode_steps", "decode_tokens_per_s", "end_to_end_s", "output_tokens", "peak_memory_bytes", "memory_increase_bytes",
    "density", "cited_pages", "valid_cited_pages", "cost_usd", "key_points", "summary_quoted", "key_points_quoted",
]


@dataclass
class BenchSettings:
    docs: list[str] = field(default_factory=list)  # files and folders
    output_dir: Path = Path("docproc-report")
    references: Path | None = None  # folder of <stem>.md reference summaries
    gpu_hourly_price: float = 2.50  # $ per GPU hour (used on CUDA)
    cpu_hourly_price: float = 0.20  # $ per hour of the CPU machine (used on CPU)
    model: str = "smollm2-135m"
    device: str = "auto"
    repeats: int = 3
    synthetic: str | None = None  # "8k,16k,32k"
    synthetic_language: str = "en"
    synthetic_from: Path | None = None  # folder of non-confidential sources (default: samples/)
    length: str = "medium"
    language: str = "auto"
    pages: str | None = None
    sparse_mode: str = "auto"  # what the sparse arm runs: "auto" (sparse from dense_below keys) or "sparse"
    sparse_tau: float | None = None
    sparse_block: int | None = None
    max_new_tokens: int | None = None  # cap on generated tokens per pass (short trials)
    warmup: bool = True
    command_line: str | None = None


# ---- peak memory of one run -----------------------------------------------------------------------


def _read_status_kib(key: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _rss_bytes() -> int | None:
    kib = _read_status_kib("VmRSS")
    if kib is not None:
        return kib * 1024
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # monotone: last resort
        return peak if sys.platform == "darwin" else peak * 1024
    except Exception:
        return None


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS counter of this process (Linux >= 4.0); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return _read_status_kib("VmHWM") is not None
    except OSError:
        return False


class PeakMemory:
    """Context manager measuring the peak memory of the code inside it: .peak and .increase in bytes."""

    def __init__(self, device: str):
        self.device = device
        self.peak: int | None = None
        self.baseline: int | None = None
        self.method = ""
        self._sampler: threading.Thread | None = None
        self._stop = threading.Event()
        self._sampled = 0

    @property
    def increase(self) -> int | None:
        if self.peak is None or self.baseline is None:
            return None
        return max(0, self.peak - self.baseline)

    def __enter__(self):
        gc.collect()
        if self.device == "cuda":
            import torch

            torch.cuda.synchronize()
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
            self.baseline = torch.cuda.memory_allocated()
            self.method = "torch.cuda.max_memory_allocated after reset_peak_memory_stats (weights included)"
            return self
        release_free_heap()
        self.baseline = _rss_bytes()
        if _reset_peak_rss():
            self.method = ("process peak RSS (VmHWM), reset through /proc/self/clear_refs before every run "
                           "after malloc_trim (weights included)")
        else:
            self.method = "process RSS sampled every 5 ms during the run (weights included)"
            self._sampled = self.baseline or 0
            self._sampler = threading.Thread(target=self._sample, daemon=True)
            self._sampler.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            rss = _rss_bytes()
            if rss is not None:
                self._sampled = max(self._sampled, rss)

    def __exit__(self, *exc):
        if self.device == "cuda":
            import torch

            torch.cuda.synchronize()
            self.peak = torch.cuda.max_memory_allocated()
        elif self._sampler is not None:
            self._stop.set()
            self._sampler.join()
            self.peak = max(self._sampled, _rss_bytes() or 0)
        else:
            kib = _read_status_kib("VmHWM")
            self.peak = kib * 1024 if kib is not None else None
        return False


class ForwardTimer:
    """Times every forward call of a model during the runs inside it, split into prefill and decode steps.

    A forward whose input has more than one token is a prefill (one per generation pass); one token is a
    decode step. Forward pre-/post-hooks are public torch API: nothing in the model is patched, and the hooks
    are removed on exit. On CUDA each timed call is synchronised, so the times are the GPU's.
    """

    def __init__(self, model, device: str):
        self.model, self.cuda = model, device == "cuda"
        self.prefill_s, self.prefill_passes, self.decode_s, self.decode_steps = 0.0, 0, 0.0, 0
        self._handles = []
        self._start = 0.0
        self._tokens = 0

    def _sync(self) -> None:
        if self.cuda:
            import torch

            torch.cuda.synchronize()

    def _pre(self, module, args, kwargs):
        ids = kwargs.get("input_ids")
        if ids is None and args:
            ids = args[0]
        if ids is None:
            ids = kwargs.get("inputs_embeds")
        self._tokens = int(ids.shape[1]) if ids is not None and ids.dim() >= 2 else 1
        self._sync()
        self._start = time.perf_counter()

    def _post(self, module, args, kwargs, output):
        self._sync()
        elapsed = time.perf_counter() - self._start
        if self._tokens > 1:
            self.prefill_s += elapsed
            self.prefill_passes += 1
        else:
            self.decode_s += elapsed
            self.decode_steps += 1

    def __enter__(self):
        self._handles = [self.model.register_forward_pre_hook(self._pre, with_kwargs=True),
                         self.model.register_forward_hook(self._post, with_kwargs=True)]
        return self

    def __exit__(self, *exc):
        for handle in self._handles:
            handle.remove()
        self._handles = []
        return False

    @property
    def decode_tokens_per_s(self) -> float | None:
        return self.decode_steps / self.decode_s if self.decode_steps and self.decode_s > 0 else None


# ---- inputs -----------------------------------------------------------------------------------------


@dataclass
class TrialDocument:
    name: str  # unique short name: the file stem (or "synthetic-8k"); names outputs and references
    doc: Document
    synthetic: bool = False


def _unique_names(stems: list[str]) -> list[str]:
    """One name per stem, unique without regard to case: the first of equal stems keeps it, the others get
    the first free "-2", "-3", ... that is neither taken nor another document's own stem ("a-2", "a", "a" ->
    "a-2", "a", "a-3"). Names that are already unique come back unchanged."""
    reserved = {stem.casefold() for stem in stems}
    used: set[str] = set()
    names = []
    for stem in stems:
        name, n = stem, 2
        while name.casefold() in used or (name != stem and name.casefold() in reserved):
            name = f"{stem}-{n}"
            n += 1
        used.add(name.casefold())
        names.append(name)
    return names


def load_trial_documents(settings: BenchSettings) -> tuple[list[TrialDocument], list[dict]]:
    """The documents to measure (unique names) and the ones that could not be read ({"source", "error"})."""
    from docproc.ingest import load_document
    from docproc.inputs import collect_inputs

    unreadable: list[tuple[str, str]] = []
    skip = tuple(Path(p) for p in (settings.references, settings.synthetic_from) if p is not None)
    items = collect_inputs(list(settings.docs), output_dir=Path(settings.output_dir), unreadable=unreadable,
                           skip_folders=skip) if settings.docs else []
    loaded: list[tuple[str, Document]] = []
    failures = []
    for folder, reason in unreadable:  # its documents are missed: a failure, as in summarize and extract
        line = f"{folder}: {reason}; the documents in it were not measured — check its permissions"
        log.error(line)
        failures.append({"source": folder, "error": line})
    for item in items:
        try:
            doc = load_document(str(item.path), pages=settings.pages)
        except DocprocError as exc:
            log.error(exc.one_line())
            failures.append({"source": item.source, "error": exc.one_line()})
            continue
        if not doc.text.strip():
            failures.append({"source": item.source, "error": "no text to summarize"})
            log.error(f"{item.source}: no text to summarize — skipped")
            continue
        loaded.append((Path(item.source).stem, doc))
    names = _unique_names([stem for stem, _ in loaded])
    return [TrialDocument(name, doc) for name, (_, doc) in zip(names, loaded)], failures


def _read_references(folder: Path, names: list[str], trial: list[TrialDocument]) -> dict[str, str]:
    """{document name: reference text} of the references in folder, with a warning for each one that cannot
    count (empty; in another language than its document) and for files that match no document (a typo in a
    name would otherwise silently drop that reference)."""
    from docproc.ingest import detect_language

    languages = {t.name: t.doc.language for t in trial}
    references = {}
    for name in names:
        ref = read_reference(folder, name)
        if ref is None:
            continue
        path = folder / f"{name}.md"
        if not ref.strip():
            log.warn(f"{path}: the reference is empty; {name} is not scored against a reference")
            continue
        ref_language, doc_language = detect_language(ref), languages.get(name)
        # only a different script is certain: short Latin-script texts can pass for another Latin language
        latin = {"en", "de", "fr", "es", "it", "pt", "nl"}
        if doc_language and ref_language != doc_language and not {ref_language, doc_language} <= latin:
            log.warn(f"{path}: the reference is in '{ref_language}', the document in '{doc_language}': the "
                     "scores compare words of different languages")
        references[name] = ref
    known = {name.casefold() for name in names}
    try:
        unmatched = sorted(p.name for p in folder.glob("*.md") if p.stem.casefold() not in known)
    except OSError:
        unmatched = []
    if not references:
        log.warn(f"{folder}: no <stem>.md reference matches the documents ({', '.join(names)})")
    elif unmatched:
        log.warn(f"{folder}: no document is named like the reference(s) {', '.join(unmatched)} (a reference is "
                 "<document stem>.md, with the same case)")
    return references


def synthetic_sources(settings: BenchSettings) -> tuple[list[int], list[Document]]:
    """The --synthetic lengths and the documents they are built from (read before the model loads)."""
    if not settings.synthetic:
        return [], []
    sources = synthetic.sample_sources(settings.synthetic_language, settings.synthetic_from)
    if not any(page.text.strip() for doc in sources for page in doc.pages):
        raise UsageError("--synthetic: the source documents have no text",
                         hint="pass documents with text to --synthetic-from")
    return synthetic.parse_lengths(settings.synthetic), sources


def read_reference(folder: Path, name: str) -> str | None:
    """<folder>/<name>.md without a YAML front matter; None when there is none."""
    from docproc.ingest import decode_text, strip_front_matter

    path = folder / f"{name}.md"
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the reference ({exc.strerror or exc})", path=str(path),
                         hint="references are Markdown files named <document stem>.md; check its permissions") from exc
    try:  # the encodings documents may have (UTF-8/16, Shift_JIS, EUC-JP, cp1252)
        text = decode_text(raw, str(path))[0] if raw else ""
    except InputError as exc:
        raise InputError(f"cannot read the reference ({exc.message})", path=str(path),
                         hint="references are text or Markdown files named <document stem>.md") from None
    return strip_front_matter(text)[0]  # as for Markdown documents


# ---- one run ----------------------------------------------------------------------------------------


def result_text(result: Result) -> str:
    """What agreement is measured on: the summary and the key points, as a reader sees them."""
    parts = [result.summary or ""] + [kp.text for kp in result.key_points]
    return "\n".join(p for p in parts if p)


def citation_counts(result: Result, doc: Document) -> tuple[int, int]:
    """(cited pages, cited pages that are pages of the summarized document) over all key points."""
    existing = set(doc.page_numbers)
    cited = [page for kp in result.key_points for page in kp.pages]
    return len(cited), sum(1 for page in cited if page in existing)


def _median(values):
    values = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return statistics.median(values) if values else None


def _ratio(a, b):
    return a / b if a is not None and b else None


# ---- aggregation (pure: runs + outputs -> report) ---------------------------------------------------


def summarize_runs(runs: list[dict], outputs: dict[tuple[str, str], list[str]], docs: list[TrialDocument],
                   *, price: float, references: dict[str, str] | None = None) -> dict:
    """Per-document medians, ratios and agreement, and the totals. `outputs[(name, mode)]` = output texts by repeat."""
    references = references or {}
    per_doc = []
    for trial in docs:
        doc_runs = [r for r in runs if r["document"] == trial.name]
        if not doc_runs:
            continue
        entry = {"document": trial.name, "source": trial.doc.source, "synthetic": trial.synthetic,
                 "language": trial.doc.language, "pages": len(trial.doc.pages),
                 "input_tokens": _median([r["input_tokens"] for r in doc_runs])}
        for mode in MODES:
            mr = [r for r in doc_runs if r["mode"] == mode]
            cited = sum(r["cited_pages"] for r in mr)
            valid = sum(r["valid_cited_pages"] for r in mr)
            e2e = _median([r["end_to_end_s"] for r in mr])
            entry[mode] = {
                "runs": len(mr),
                "attention": sorted({r["attention"] for r in mr}),
                "chunks": _median([r["chunks"] for r in mr]),
                "ttft_s": _median([r["ttft_s"] for r in mr]),
                "prefill_s": _median([r["prefill_s"] for r in mr]),
                "prefill_passes": _median([r["prefill_passes"] for r in mr]),
                "decode_tokens_per_s": _median([r["decode_tokens_per_s"] for r in mr]),
                "end_to_end_s": e2e,
                "output_tokens": _median([r["output_tokens"] for r in mr]),
                "peak_memory_bytes": _median([r["peak_memory_bytes"] for r in mr]),
                "memory_increase_bytes": _median([r["memory_increase_bytes"] for r in mr]),
                "density": _median([r["density"] for r in mr]),
                "citation_validity": valid / cited if cited else None,
                "cost_usd": e2e / 3600.0 * price if e2e is not None else None,
                "quotes_only_runs": sum(1 for r in mr if quotes_only(r)),
            }
        d, s = entry["dense"], entry["sparse"]
        entry["speedup_prefill"] = _ratio(d["prefill_s"], s["prefill_s"])
        entry["speedup_ttft"] = _ratio(d["ttft_s"], s["ttft_s"])
        entry["speedup_end_to_end"] = _ratio(d["end_to_end_s"], s["end_to_end_s"])
        sparse_peak_ratio = _ratio(s["peak_memory_bytes"], d["peak_memory_bytes"])
        entry["memory_saving"] = 1.0 - sparse_peak_ratio if sparse_peak_ratio is not None else None
        dense_out, sparse_out = outputs.get((trial.name, "dense"), []), outputs.get((trial.name, "sparse"), [])
        # The lengths stand next to the agreement (report.md too): a short output agrees cheaply. Two empty
        # outputs agree on nothing, so they get no agreement (ROUGE would call them identical, 1.0).
        entry["output_chars"] = {"dense": len(dense_out[0]) if dense_out else None,
                                 "sparse": len(sparse_out[0]) if sparse_out else None}
        both_said_something = dense_out and sparse_out and (dense_out[0].strip() or sparse_out[0].strip())
        entry["agreement"] = _f_scores(sparse_out[0], dense_out[0]) if both_said_something else None
        # Greedy decoding should repeat itself exactly; if not, that noise bounds what agreement can show.
        entry["run_to_run_rougeL"] = {
            mode: min(rouge_scores(o, outs[0])["rougeL"]["f"] for o in outs[1:]) if len(outs) > 1 else None
            for mode, outs in (("dense", dense_out), ("sparse", sparse_out))}
        ref = references.get(trial.name)
        entry["reference"] = None if ref is None else {
            mode: _f_scores(outs[0], ref) if outs else None for mode, outs in (("dense", dense_out),
                                                                                ("sparse", sparse_out))}
        per_doc.append(entry)
    return {"documents": per_doc, "total": _totals(per_doc, price)}


def quotes_only(run: dict) -> bool:
    """Whether a run's output is all docproc's quotes of the document (the model's summary and key points were
    unusable): such an output is the same whatever the attention, so its agreement says nothing about it."""
    return bool(run.get("summary_quoted")) and run.get("key_points_quoted", 0) >= run.get("key_points", 0)


def _f_scores(candidate: str, reference: str) -> dict:
    scores = rouge_scores(candidate, reference)
    return {name: scores[name]["f"] for name in ("rouge1", "rouge2", "rougeL")}


def _sum(values):
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _totals(per_doc: list[dict], price: float) -> dict:
    total = {"documents": len(per_doc), "pages": sum(e["pages"] for e in per_doc),
             "input_tokens": _sum(e["input_tokens"] for e in per_doc),
             "sparse_engaged_documents": sum(1 for e in per_doc if e["sparse"]["density"] is not None),
             "quotes_only_runs": sum(e[mode]["quotes_only_runs"] for e in per_doc for mode in MODES),
             "runs": sum(e[mode]["runs"] for e in per_doc for mode in MODES)}
    for mode in MODES:
        rows = [e[mode] for e in per_doc]
        cost = _mean(r["cost_usd"] for r in rows)
        cited_valid = [r["citation_validity"] for r in rows if r["citation_validity"] is not None]
        total[mode] = {
            "ttft_s": _sum(r["ttft_s"] for r in rows),
            "prefill_s": _sum(r["prefill_s"] for r in rows),
            "end_to_end_s": _sum(r["end_to_end_s"] for r in rows),
            "output_tokens": _sum(r["output_tokens"] for r in rows),
            "peak_memory_bytes": max((r["peak_memory_bytes"] for r in rows if r["peak_memory_bytes"] is not None),
                                     default=None),
            "peak_memory_sum_bytes": _sum(r["peak_memory_bytes"] for r in rows),
            "density": _mean(r["density"] for r in rows),
            "citation_validity": _mean(cited_valid),
            "cost_per_document_usd": cost,
            "cost_per_1000_documents_usd": cost * 1000 if cost is not None else None,
        }
        total[mode]["decode_tokens_per_s"] = _median([r["decode_tokens_per_s"] for r in rows])
    d, s = total["dense"], total["sparse"]
    # Time-weighted over the trial: the total time the documents took, dense / sparse.
    total["speedup_prefill"] = _ratio(d["prefill_s"], s["prefill_s"])
    total["speedup_ttft"] = _ratio(d["ttft_s"], s["ttft_s"])
    total["speedup_end_to_end"] = _ratio(d["end_to_end_s"], s["end_to_end_s"])
    peak_ratio = _ratio(s["peak_memory_sum_bytes"], d["peak_memory_sum_bytes"])
    total["memory_saving"] = 1.0 - peak_ratio if peak_ratio is not None else None
    agreements = [e["agreement"] for e in per_doc if e["agreement"]]
    total["agreement"] = {k: _mean(a[k] for a in agreements) for k in ("rouge1", "rouge2", "rougeL")} \
        if agreements else None
    refs = [e["reference"] for e in per_doc if e["reference"]]
    total["reference"] = {mode: {k: _mean(r[mode][k] for r in refs if r[mode]) for k in ("rouge1", "rouge2", "rougeL")}
                          for mode in MODES} if refs else None
    return total


def headline(total: dict) -> str:
    """'sparse: N× faster prefill, M% less memory, ROUGE-L vs dense X, cost $Y per 1,000 documents'."""
    parts = []
    sp = total.get("speedup_prefill")
    parts.append(f"{sp:.2f}× faster prefill" if sp is not None and sp >= 1 else
                 f"{1 / sp:.2f}× slower prefill" if sp else "prefill speed not measured")
    saving = total.get("memory_saving")
    if saving is None:
        parts.append("memory not measured")
    elif round(abs(saving) * 100, 1) == 0:  # (not "0.0% more memory": the table prints 0.0%)
        parts.append("the same memory")
    else:
        parts.append(f"{abs(saving) * 100:.1f}% {'less' if saving >= 0 else 'more'} memory")
    agreement = total.get("agreement")
    parts.append(f"ROUGE-L vs dense {agreement['rougeL']:.3f}" if agreement else "ROUGE-L vs dense n/a")
    cost = total["sparse"].get("cost_per_1000_documents_usd")
    parts.append(f"cost ${cost:,.2f} per 1,000 documents" if cost is not None else "cost n/a")
    line = "sparse: " + ", ".join(parts)
    engaged, documents = total.get("sparse_engaged_documents"), total.get("documents")
    if engaged == 0 and documents:  # said first: the numbers after it compare the same dense code with itself
        line = ("sparse path engaged on none of the documents (both arms ran dense: differences are noise) — "
                + line)
    elif engaged is not None and documents and engaged < documents:
        # Otherwise a speedup measured where both arms ran the same dense code would pass for a result.
        line += f" (sparse path engaged on {engaged} of {documents} documents; the rest ran dense in both arms)"
    quoted, runs = total.get("quotes_only_runs"), total.get("runs")
    if quoted:
        # docproc's own quotes do not depend on the attention: ROUGE between them measures nothing of it
        line += (f"; {quoted} of {runs} outputs only quote the document (the model's text was unusable), so "
                 "agreement there compares docproc's choice of quotes, not the model's output")
    return line


# ---- formatting -------------------------------------------------------------------------------------


def _fmt(value, spec: str = ".3f", none: str = "–") -> str:
    return none if value is None else format(value, spec)


def _mib(value) -> str:
    return "–" if value is None else f"{value / 2**20:,.0f} MiB"


def _x(value) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _faster(value) -> str:
    if value is None:
        return "–"
    if f"{value:.2f}" == "1.00":  # (not "1.00× slower")
        return "1.00× (the same)"
    return f"{value:.2f}× faster" if value >= 1 else f"{1 / value:.2f}× slower"


def _pct(value) -> str:
    if value is None:
        return "–"
    text = f"{value * 100:+.1f}%"
    return "0.0%" if text in ("+0.0%", "-0.0%") else text  # a change that rounds to nothing has no sign


def _change(before, after) -> float | None:
    """after / before - 1, None when either is missing (or before is 0)."""
    return None if before in (None, 0) or after is None else after / before - 1.0


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    esc = lambda s: str(s).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _both_dense(entry: dict) -> str:
    """A mark for a document whose sparse arm ran dense too: its "speedup" is noise between two dense runs."""
    sparse = entry["sparse"]
    return " (both dense)" if sparse["runs"] and sparse["density"] is None else ""  # (not: no sparse run, review37 F7)


def _doc_rows(report: dict) -> list[list[str]]:
    rows = []
    for e in report["documents"]:
        d, s = e["dense"], e["sparse"]
        rows.append([
            e["document"], _fmt(e["input_tokens"], ",.0f"), str(e["pages"]),
            f"{_fmt(d['ttft_s'], '.2f')} / {_fmt(s['ttft_s'], '.2f')}",
            f"{_fmt(d['prefill_s'], '.2f')} / {_fmt(s['prefill_s'], '.2f')}", _x(e["speedup_prefill"]) + _both_dense(e),
            f"{_fmt(d['decode_tokens_per_s'], '.1f')} / {_fmt(s['decode_tokens_per_s'], '.1f')}",
            f"{_fmt(d['end_to_end_s'], '.1f')} / {_fmt(s['end_to_end_s'], '.1f')}",
            _x(e["speedup_end_to_end"]) + _both_dense(e),
            f"{_mib(d['peak_memory_bytes'])} / {_mib(s['peak_memory_bytes'])}",
            _fmt(s["density"], ".2f"),
            _fmt((e["agreement"] or {}).get("rougeL")),
            f"{_fmt(d['citation_validity'], '.2f')} / {_fmt(s['citation_validity'], '.2f')}",
            f"${_fmt(d['cost_usd'], '.5f')} / ${_fmt(s['cost_usd'], '.5f')}",
        ])
    return rows


DOC_HEADER = ["document", "input tokens", "pages", "first token s (d/s)", "prefill s (d/s)", "prefill speedup", "decode tok/s (d/s)",
              "end-to-end s (d/s)", "e2e speedup", "peak memory (d/s)", "density", "ROUGE-L vs dense",
              "citations valid (d/s)", "cost/doc (d/s)"]


def render_markdown(report: dict) -> str:
    t = report["total"]
    meta = report["meta"]
    d, s = t["dense"], t["sparse"]
    out = io.StringIO()
    w = lambda line="": out.write(line + "\n")  # noqa: E731
    w("# docproc trial report: dense vs sparse attention")
    w()
    w(f"**{report['headline']}**")
    w()
    w(f"- date: {meta['date']}")
    w(f"- command: `{meta['command']}`")
    w(f"- model: `{meta['model']}` on {meta['device']} ({meta['machine']['device_name']})")
    w(f"- machine: {meta['machine']['platform']}, {meta['machine']['cpus']} CPUs, torch {meta['machine']['torch']}, "
      f"transformers {meta['machine']['transformers']}")
    w(f"- attention: dense = SDPA everywhere; sparse = docproc attention mode `{meta['sparse_mode']}` "
      f"with {_settings_line(meta['sparse_settings'])}")
    w(f"- repeats: {meta['repeats']} per document and mode, dense and sparse interleaved, medians reported")
    w(f"- price: ${meta['hourly_price']:.2f} per {'GPU' if meta['device'] == 'cuda' else 'CPU machine'} hour")
    w(f"- summary length: {meta['length']}" + (f", at most {meta['max_new_tokens']} new tokens per pass"
                                                 if meta.get("max_new_tokens") else ""))
    w()
    w("## Totals")
    w()
    w(_md_table(["", "dense", "sparse", "sparse vs dense"], [
        ["documents / pages / input tokens", f"{t['documents']} / {t['pages']} / {_fmt(t['input_tokens'], ',.0f')}",
         "", ""],
        ["time to first token, s, sum", _fmt(d["ttft_s"], ".2f"), _fmt(s["ttft_s"], ".2f"),
         _faster(t["speedup_ttft"])],
        ["prefill (all passes), s, sum", _fmt(d["prefill_s"], ".2f"), _fmt(s["prefill_s"], ".2f"),
         _faster(t["speedup_prefill"])],
        ["end to end, s, sum", _fmt(d["end_to_end_s"], ".1f"), _fmt(s["end_to_end_s"], ".1f"),
         _faster(t["speedup_end_to_end"])],
        ["decode tokens/s (median)", _fmt(d["decode_tokens_per_s"], ".1f"), _fmt(s["decode_tokens_per_s"], ".1f"), ""],
        ["peak memory (largest document)", _mib(d["peak_memory_bytes"]), _mib(s["peak_memory_bytes"]),
         _pct(_change(d["peak_memory_bytes"], s["peak_memory_bytes"]))],
        ["peak memory, summed over documents (the headline's)", _mib(d.get("peak_memory_sum_bytes")),
         _mib(s.get("peak_memory_sum_bytes")), _pct(-t["memory_saving"] if t["memory_saving"] is not None else None)],
        ["attention density (mean)", "1.00 (dense computes every block)", _fmt(s["density"], ".2f"), ""],
        ["key-point citations valid", _fmt(d["citation_validity"], ".3f"), _fmt(s["citation_validity"], ".3f"), ""],
        ["cost per document", f"${_fmt(d['cost_per_document_usd'], '.5f')}",
         f"${_fmt(s['cost_per_document_usd'], '.5f')}", ""],
        ["cost per 1,000 documents", f"${_fmt(d['cost_per_1000_documents_usd'], ',.2f')}",
         f"${_fmt(s['cost_per_1000_documents_usd'], ',.2f')}", ""],
    ]))
    w()
    if t["agreement"]:
        a = t["agreement"]
        w(f"Agreement of the sparse outputs with the dense ones (mean F1): ROUGE-1 {a['rouge1']:.3f}, "
          f"ROUGE-2 {a['rouge2']:.3f}, ROUGE-L {a['rougeL']:.3f}.")
        w()
    if t["reference"]:
        w("Against the references (mean F1):")
        w()
        w(_md_table(["", "ROUGE-1", "ROUGE-2", "ROUGE-L"], [
            [mode] + [_fmt(t["reference"][mode][k]) for k in ("rouge1", "rouge2", "rougeL")] for mode in MODES]))
        w()
    w("## Per document")
    w()
    w("d/s = dense / sparse; times are medians over the repeats.")
    w()
    w(_md_table(DOC_HEADER, _doc_rows(report)))
    w()
    w(_md_table(["document", "ROUGE-1", "ROUGE-2", "ROUGE-L", "output characters (d/s)", "run-to-run ROUGE-L (d/s)",
                 "vs reference ROUGE-L (d/s)", "chunks (d/s)", "attention that ran (sparse arm)"], [
        [e["document"]] + [_fmt((e["agreement"] or {}).get(k)) for k in ("rouge1", "rouge2", "rougeL")]
        + [f"{_fmt(e['output_chars']['dense'], ',.0f')} / {_fmt(e['output_chars']['sparse'], ',.0f')}",
           f"{_fmt(e['run_to_run_rougeL']['dense'])} / {_fmt(e['run_to_run_rougeL']['sparse'])}",
           f"{_fmt(((e['reference'] or {}).get('dense') or {}).get('rougeL'))} / "
           f"{_fmt(((e['reference'] or {}).get('sparse') or {}).get('rougeL'))}" if e["reference"] else "–",
           f"{_fmt(e['dense']['chunks'], '.0f')} / {_fmt(e['sparse']['chunks'], '.0f')}",
           ", ".join(e["sparse"]["attention"])]
        for e in report["documents"]]))
    w()
    if report.get("failures"):
        w("## Documents that could not be measured")
        w()
        for f in report["failures"]:
            w(f"- {f['source']}: {f['error']}")
        w()
    w("## Plots")
    w()
    for key, title in (("latency", "Latency vs input tokens"), ("speedup", "Speedup vs input tokens"),
                       ("memory", "Peak memory vs input tokens"), ("agreement", "Agreement per document")):
        if key in report.get("plots", {}):
            w(f"![{title}]({report['plots'][key]})")
            w()
    w("## Method")
    w()
    for line in report["method"]:
        w(f"- {line}")
    w()
    if report.get("notes"):
        w("## Notes")
        w()
        for line in report["notes"]:
            w(f"- {line}")
        w()
    w("Raw data: `runs.csv` (one row per run), `report.json`; outputs side by side in `outputs/`.")
    return out.getvalue()


def _settings_line(settings: dict) -> str:
    keys = ("block_size", "tau", "estimator", "sink_blocks", "window_blocks", "dense_last_blocks", "dense_below")
    return ", ".join(f"{k}={settings[k]}" for k in keys if k in settings)


def method_lines(memory_method: str, price_kind: str) -> list[str]:
    return [
        "Each document is summarized with dense and with sparse attention by the same loaded model (the attention "
        "is switched in place, greedy decoding, identical settings); per repeat the order dense/sparse alternates.",
        "Time to first token = until the first token of the final summary pass (for map-reduce documents: after "
        "the map passes). Prefill = summed time of every forward over more than one token (each generation pass "
        "reads the document once: summary and key points are two passes), decode tokens/s = one-token forward "
        "steps / their summed time; both timed with forward hooks on the model. End to end = wall clock around "
        "the whole summarization (model load excluded). The headline's prefill speedup is Σ dense prefill / "
        "Σ sparse prefill.",
        f"Peak memory: {memory_method}.",
        "Attention density = fraction of the causal key blocks the sparse attention computed during prefill "
        "(1.0 = dense); it stays empty when no prefill was long enough for the sparse path.",
        "Agreement = ROUGE-1/2/L F1 of the sparse output (summary + key points) against the dense output of the "
        "first repeat; words for Latin script, one token per character for Japanese/Chinese/Korean.",
        "Citation validity = cited pages that are pages of the document / all cited pages, over every key point "
        "(docproc attributes pages from the text, not the model: below 1.0 is a fault of that attribution).",
        "Outputs that only quote the document (the model's summary and key points were unusable, so docproc "
        "quoted the document's own sentences) are the same whatever the attention: their agreement measures "
        "nothing of it; the headline counts them.",
        f"Cost = end-to-end seconds / 3600 × the {price_kind} hourly price; per 1,000 documents = 1,000 × the mean "
        "cost per document of this trial.",
        "Totals: times are sums of the per-document medians, speedups the ratio of those sums (time-weighted); "
        "decode tokens/s the median over documents; memory saving = 1 − Σ sparse peak / Σ dense peak.",
    ]


# ---- plots ------------------------------------------------------------------------------------------


def write_plots(report: dict, out_dir: Path) -> dict[str, str]:
    """PNG plots readable without the table; returns {key: file name}."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from docproc.outputs import atomic_write

    docs = sorted(report["documents"], key=lambda e: e["input_tokens"] or 0)
    meta = report["meta"]
    subtitle = f"{meta['model']} on {meta['device']}, median of {meta['repeats']} run(s)"
    colors = {"dense": "#d62728", "sparse": "#1f77b4"}
    written: dict[str, str] = {}
    tokens = [e["input_tokens"] or 0 for e in docs]

    def save(fig, key):
        buf = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buf, format="png", dpi=110)
        plt.close(fig)
        atomic_write(out_dir / PLOTS[key], buf.getvalue())
        written[key] = PLOTS[key]

    def threshold(ax):
        below = meta["sparse_settings"].get("dense_below")
        if below and meta["sparse_mode"] == "auto" and tokens and max(tokens) >= below * 0.8:
            ax.axvline(below, color="gray", linestyle=":", linewidth=1)
            ax.annotate(f"sparse from {below:,} tokens", (below, 0.98), xycoords=("data", "axes fraction"),
                        fontsize=8, color="gray", ha="right", va="top", rotation=90)

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, key, title in ((axes[0], "prefill_s", "Prefill (all generation passes)"),
                           (axes[1], "end_to_end_s", "End-to-end time per document")):
        for mode in MODES:
            pts = [(x, e[mode][key]) for x, e in zip(tokens, docs) if e[mode][key] is not None]
            if pts:
                ax.plot(*zip(*pts), marker="o", color=colors[mode], label=mode)
        ax.set_title(title)
        ax.set_xlabel("input tokens")
        ax.set_ylabel("seconds")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend()
        threshold(ax)
    fig.suptitle(f"Latency vs input tokens — {subtitle}", fontsize=10)
    save(fig, "latency")

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for key, label, marker in (("speedup_prefill", "prefill", "o"), ("speedup_end_to_end", "end to end", "s")):
        pts = [(x, e[key]) for x, e in zip(tokens, docs) if e[key] is not None]
        if pts:
            line, = ax.plot(*zip(*pts), marker=marker, label=f"{label} (dense time / sparse time)")
            # hollow: the sparse arm ran dense too (input under dense_below), so the ratio is noise
            noise = [(x, e[key]) for x, e in zip(tokens, docs) if e[key] is not None and _both_dense(e)]
            if noise:
                ax.plot(*zip(*noise), linestyle="none", marker=marker, markersize=9, markerfacecolor="white",
                        color=line.get_color(), label=f"{label}, sparse not engaged (both ran dense: noise)")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xlabel("input tokens")
    ax.set_ylabel("speedup of sparse over dense (×)")
    ax.set_title(f"Speedup vs input tokens — {subtitle}", fontsize=10)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend()
    threshold(ax)
    save(fig, "speedup")

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for mode in MODES:
        pts = [(x, e[mode]["peak_memory_bytes"] / 2**20) for x, e in zip(tokens, docs)
               if e[mode]["peak_memory_bytes"] is not None]
        if pts:
            ax.plot(*zip(*pts), marker="o", color=colors[mode], label=mode)
    ax.set_xlabel("input tokens")
    ax.set_ylabel("peak memory (MiB)")
    ax.set_title(f"Peak memory vs input tokens — {subtitle}", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend()
    threshold(ax)
    save(fig, "memory")

    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(docs) + 3), 4.2))
    names = [e["document"] for e in docs]
    width = 0.27
    for i, (key, label) in enumerate((("rouge1", "ROUGE-1"), ("rouge2", "ROUGE-2"), ("rougeL", "ROUGE-L"))):
        values = [(e["agreement"] or {}).get(key) or 0.0 for e in docs]
        ax.bar([j + (i - 1) * width for j in range(len(docs))], values, width, label=label)
    ax.set_xticks(range(len(docs)))
    ax.set_xticklabels(names, rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 1.2)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_ylabel("F1 of sparse output vs dense output")
    ax.set_title(f"Agreement of sparse with dense per document (1.0 = identical) — {meta['model']}", fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper center", ncol=3, fontsize=8)
    save(fig, "agreement")
    return written


# ---- files ------------------------------------------------------------------------------------------


def runs_csv(runs: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for run in runs:
        writer.writerow({k: ("" if run.get(k) is None else run[k]) for k in CSV_FIELDS})
    return buf.getvalue()


def write_report(report: dict, runs: list[dict], out_dir: Path) -> None:
    from docproc.outputs import atomic_write

    report["plots"] = write_plots(report, out_dir)
    atomic_write(out_dir / "runs.csv", runs_csv(runs))
    atomic_write(out_dir / "report.json", json.dumps({**report, "runs": runs}, indent=2, ensure_ascii=False) + "\n")
    atomic_write(out_dir / "report.md", render_markdown(report))


def print_console(report: dict) -> None:
    """A compact table (fits 80 columns) and the headline, on stdout."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 110)  # pipes and logs get the whole table
    table = Table(title=f"docproc bench report — {report['meta']['model']} on {report['meta']['device']} "
                        "(dense → sparse, medians)")
    for name in ("document", "tokens", "prefill s", "e2e s", "peak MiB", "density", "ROUGE-L", "$/1k docs"):
        table.add_column(name, justify="left" if name == "document" else "right")

    def pair(d, s, spec):
        return f"{_fmt(d, spec)}→{_fmt(s, spec)}"

    for e in report["documents"]:
        d, s = e["dense"], e["sparse"]
        mib = lambda v: None if v is None else v / 2**20  # noqa: E731
        table.add_row(
            e["document"], _fmt(e["input_tokens"], ",.0f"),
            pair(d["prefill_s"], s["prefill_s"], ".2f") + f" ({_x(e['speedup_prefill'])}{_both_dense(e)})",
            pair(d["end_to_end_s"], s["end_to_end_s"], ".1f"),
            pair(mib(d["peak_memory_bytes"]), mib(s["peak_memory_bytes"]), ",.0f"),
            _fmt(s["density"], ".2f"), _fmt((e["agreement"] or {}).get("rougeL"), ".3f"),
            pair(None if d["cost_usd"] is None else d["cost_usd"] * 1000,
                 None if s["cost_usd"] is None else s["cost_usd"] * 1000, ".2f"))
    console.print(table)
    console.print(f"[bold]{report['headline']}[/bold]")


# ---- the command ------------------------------------------------------------------------------------


def cpu_name() -> str:
    """The CPU model ("AMD EPYC ...") from /proc/cpuinfo; platform's word for it ("x86_64") elsewhere."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _machine(device: str) -> dict:
    import torch
    import transformers

    info = {"platform": platform.platform(terse=True), "cpus": os.cpu_count(), "torch": torch.__version__,
            "transformers": transformers.__version__, "python": platform.python_version(),
            "device_name": cpu_name()}
    if device == "cuda":
        info["device_name"] = torch.cuda.get_device_name(0)
    return info


def _sparse_config(settings: BenchSettings):
    from kernels.config import SparseConfig

    check_sparse_options(settings.sparse_tau, settings.sparse_block)
    overrides = {}
    if settings.sparse_tau is not None:
        overrides["tau"] = settings.sparse_tau
    if settings.sparse_block is not None:
        overrides["block_size"] = settings.sparse_block
    try:
        return SparseConfig(**overrides)
    except ValueError as exc:
        raise UsageError(f"sparse settings: {exc}", hint="see docproc summarize --help for --sparse-tau/--sparse-block")


def _summarize_options(settings: BenchSettings):
    import dataclasses

    from docproc.summarize import SummarizeOptions

    fields = {f.name for f in dataclasses.fields(SummarizeOptions)}
    kwargs = {"mode": "summarize", "length": settings.length, "language": settings.language}
    if settings.max_new_tokens is not None:
        if "max_new_tokens" not in fields:
            raise UsageError("--max-new-tokens is not supported by this version of the summarizer")
        kwargs["max_new_tokens"] = settings.max_new_tokens
    return SummarizeOptions(**{k: v for k, v in kwargs.items() if k in fields})


# More runs per document and mode than any trial needs: a typo (an extra digit) must not start an endless run.
MAX_REPEATS = 1000

# What a report folder holds (name -> "file" | "folder"); a path of the other kind would stop the report late.
_REPORT_FILES = {"report.md": "file", "report.json": "file", "runs.csv": "file", "outputs": "folder",
                 "synthetic": "folder", **{name: "file" for name in PLOTS.values()}}


def validate(settings: BenchSettings) -> None:
    if not settings.docs and not settings.synthetic:
        raise UsageError("nothing to measure", hint="give documents or folders, and/or --synthetic 8k,16k")
    if not 1 <= settings.repeats <= MAX_REPEATS:
        raise UsageError(f"--repeats must be 1 to {MAX_REPEATS}, got {settings.repeats}",
                         hint="3 to 5 repeats give steady medians on a shared machine")
    for name, price in (("--gpu-hourly-price", settings.gpu_hourly_price),
                        ("--cpu-hourly-price", settings.cpu_hourly_price)):
        if price < 0 or math.isnan(price) or math.isinf(price):
            raise UsageError(f"{name} must be a price >= 0, got {price}")
    if settings.sparse_mode not in ("auto", "sparse"):
        raise UsageError(f"--sparse-mode must be auto or sparse, got {settings.sparse_mode!r}")
    if settings.max_new_tokens is not None and settings.max_new_tokens < 1:
        raise UsageError(f"--max-new-tokens must be at least 1, got {settings.max_new_tokens}")
    if settings.references is not None and not Path(settings.references).is_dir():
        why = "is not a folder" if Path(settings.references).exists() else "does not exist"
        raise UsageError(f"the references folder {why}", path=str(settings.references),
                         hint="--references DIR with DIR/<stem>.md files")
    out = Path(settings.output_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder", hint="give -o a folder for the report")
    if "-" in settings.docs:
        raise UsageError("stdin ('-') cannot be benchmarked: each document is read once per run",
                         hint="save it to a file and pass the file")
    for doc in settings.docs:
        if out.is_dir() and os.path.isdir(doc) and os.path.samefile(doc, out):
            raise UsageError("-o is the documents folder", path=doc,
                             hint="give -o a folder of its own for the report (it may lie inside this one)")
    for name, kind in _REPORT_FILES.items():
        path = out / name
        if path.exists() and (path.is_dir() if kind == "file" else not path.is_dir()):
            raise UsageError(f"{path} is in the way of the report (it should be a {kind})",
                             hint="move it, or give -o another folder")
    if settings.pages is not None:
        check_pages(settings.pages)
    if settings.synthetic:
        synthetic.parse_lengths(settings.synthetic)
    for doc in settings.docs:
        if doc != "-" and not os.path.exists(doc):
            raise UsageError("document not found", path=doc, hint="check the path")


def _check_output_dir(out: Path) -> None:
    """Create the report folder and prove it writable before the model loads: a bad -o must not cost a trial."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe_writable(out)
    except OSError as exc:
        raise UsageError(f"cannot write the report folder ({exc.strerror})", path=str(out),
                         hint="give -o a writable folder") from None


def _warm_up_kernel(model, sparse_config, device: str) -> None:
    """On CUDA, compile the Triton kernels before the first timed run (compilation takes seconds)."""
    if device != "cuda":
        return
    try:
        import torch

        import kernels

        cfg = model.config
        hq = cfg.num_attention_heads
        hkv = getattr(cfg, "num_key_value_heads", None) or hq
        dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // hq
        n = sparse_config.dense_below + 2 * sparse_config.block_size
        dtype = next(model.parameters()).dtype
        q = torch.randn(1, hq, n, dim, device="cuda", dtype=dtype)
        kv = torch.randn(1, hkv, n, dim, device="cuda", dtype=dtype)
        kernels.sparse_attention(q, kv, kv, sparse_config)
        torch.cuda.synchronize()
    except Exception as exc:  # a warm-up failure is not a benchmark failure; the real runs will say
        log.debug(f"kernel warm-up skipped: {exc}")


def run_report(settings: BenchSettings) -> int:
    """Measure, write the report folder, print the console summary. Returns the exit code. SIGTERM stops it
    like Ctrl-C (exit 130)."""
    with stop_signals_as_interrupt():
        return _run_report(settings)


def _run_report(settings: BenchSettings) -> int:
    validate(settings)
    from docproc import models

    out_dir = Path(settings.output_dir)
    sparse_config = _sparse_config(settings)
    options = _summarize_options(settings)
    models.resolve_model(settings.model)  # a name that is no model: said before anything runs (review74 L2)
    device = models.resolve_device(settings.device)
    price = settings.gpu_hourly_price if device == "cuda" else settings.cpu_hourly_price

    # everything that can be checked without the model is checked before it loads
    trial, failures = load_trial_documents(settings) if settings.docs else ([], [])
    lengths, sources = synthetic_sources(settings)
    if not trial and not lengths:
        if failures:
            raise InputError("none of the documents could be read", hint="see the errors above")
        raise InputError("no documents found (PDF, .txt or .md)", path=", ".join(settings.docs),
                         hint="pass documents, or folders that hold them")
    names = _unique_names([t.name for t in trial] + [f"synthetic-{synthetic.label(n)}" for n in lengths])
    references = _read_references(Path(settings.references), names, trial) if settings.references else {}
    # the folders -o creates, deepest first: removed again when nothing was measured (review35 F4)
    created = [p for p in (out_dir, *out_dir.parents) if not p.exists()]
    _check_output_dir(out_dir)
    # The run writes into a staging folder inside -o: the report folder changes only when the report is
    # complete, so an interrupted or failed trial leaves the previous report as it was, and the runs it did
    # measure stay readable in the staging folder's runs.csv.
    staging = Path(tempfile.mkdtemp(prefix=".unfinished-report-", dir=out_dir))
    try:
        finished = _measure_and_report(settings, trial, failures, lengths, sources, names, references, device,
                                       price, sparse_config, options, staging)
    except BaseException as exc:
        if (staging / "runs.csv").is_file():
            log.error(f"the trial did not finish: the runs measured so far are in {staging / 'runs.csv'}; "
                      f"the report in {out_dir} was left as it was")
        else:
            shutil.rmtree(staging, ignore_errors=True)
            for folder in created:  # nothing was measured: leave no empty report folder (nor its parents) behind
                try:
                    folder.rmdir()  # (only when empty)
                except OSError:
                    break
            if isinstance(exc, KeyboardInterrupt):  # (an error says itself)
                log.error("the trial stopped before any run was measured: no report was written"
                          + ("" if created else f"; the report in {out_dir} was left as it was"))
        raise
    with critical_section():  # Ctrl-C / SIGTERM wait until the report folder holds one whole report
        _publish(staging, out_dir)
    print_console_safely(finished.report)
    log.info(f"report written to {out_dir / 'report.md'}")
    return finished.exit_code


@dataclass
class _Finished:
    report: dict
    exit_code: int


def _publish(staging: Path, out_dir: Path) -> None:
    """Move a finished report from the staging folder into out_dir: the summaries and synthetic documents of
    this run replace those of earlier runs (files of ours only: *.dense.md / *.sparse.md in outputs/, *.txt in
    synthetic/), then the plots, runs.csv, report.json and, last, report.md."""
    for sub, patterns in (("outputs", ("*.dense.md", "*.sparse.md")), ("synthetic", ("*.txt",))):
        new = staging / sub
        old = out_dir / sub
        fresh = {p.name for p in new.iterdir()} if new.is_dir() else set()
        if old.is_dir():
            for pattern in patterns:
                for stale in old.glob(pattern):
                    if stale.name not in fresh:
                        stale.unlink()
        if fresh:
            old.mkdir(exist_ok=True)
            for name in sorted(fresh):
                os.replace(new / name, old / name)
    for name in (*PLOTS.values(), "runs.csv", "report.json", "report.md"):
        path = staging / name
        if path.is_file():
            os.replace(path, out_dir / name)
        elif name in PLOTS.values() and (out_dir / name).is_file():
            (out_dir / name).unlink()  # a plot of an earlier run that this report does not show
    shutil.rmtree(staging, ignore_errors=True)


def _measure_and_report(settings, trial, failures, lengths, sources, names, references, device, price,
                        sparse_config, options, out_dir: Path) -> _Finished:
    """Load the model, measure every document in both modes and write the report files into out_dir (the
    staging folder). runs.csv is rewritten after every run, so an interrupted trial keeps what it measured."""
    from docproc import attention, models
    from docproc.summarize import summarize_document

    if settings.sparse_mode == "auto":  # the sparse arm runs as docproc would (dense below 16K)
        sparse_config = attention.auto_config(sparse_config)
    log.info(f"loading {settings.model} on {device}")
    model, tokenizer = models.load_model(settings.model, device=device, attention="dense",
                                         sparse_config=sparse_config)
    for tokens, name in zip(lengths, names[len(trial):]):
        trial.append(TrialDocument(name, synthetic.build_document(tokens, sources, tokenizer), synthetic=True))

    from docproc.outputs import atomic_write

    for t in trial:
        if t.synthetic:
            atomic_write(out_dir / "synthetic" / f"{t.name}.txt", synthetic.to_text(t.doc))

    def set_mode(mode: str) -> None:
        attention.prepare_model(model, "dense" if mode == "dense" else settings.sparse_mode, sparse_config)

    def one_run(t: TrialDocument, mode: str) -> tuple[Result, float, PeakMemory, ForwardTimer]:
        set_mode(mode)
        memory, timer = PeakMemory(device), ForwardTimer(model, device)
        with memory, timer:
            start = time.perf_counter()
            result = summarize_document(t.doc, model, tokenizer, options)
            if device == "cuda":
                import torch

                torch.cuda.synchronize()
            seconds = time.perf_counter() - start
        return result, seconds, memory, timer

    if settings.warmup:
        _warm_up_kernel(model, sparse_config, device)
        # One short pass per mode takes lazy initialisation (allocator, kernels, caches) out of the first
        # measured run; one page is enough and keeps the warm-up cheap on a CPU.
        shortest = min(trial, key=lambda t: len(t.doc.text))
        first_page = next(p for p in shortest.doc.pages if p.text.strip())
        warm = TrialDocument(shortest.name, Document(source=shortest.doc.source, pages=[first_page],
                                                     title=shortest.doc.title, language=shortest.doc.language,
                                                     meta=dict(shortest.doc.meta)))
        log.info(f"warm-up on page {first_page.number} of {shortest.name} (not measured)")
        for mode in MODES:
            try:
                one_run(warm, mode)
            except DocprocError:
                pass  # the measured runs report it

    runs: list[dict] = []
    outputs: dict[tuple[str, str], list[str]] = {}
    memory_method = ""
    measured: list[TrialDocument] = []
    for i, t in enumerate(trial):
        doc_ok = True
        for repeat in range(settings.repeats):
            order = MODES if (repeat + i) % 2 == 0 else MODES[::-1]
            for position, mode in enumerate(order):
                try:
                    result, seconds, memory, timer = one_run(t, mode)
                except (DocprocError, MemoryError, RuntimeError) as exc:
                    if not isinstance(exc, DocprocError) and not _is_out_of_memory(exc):
                        raise  # a bug, not a property of this document: let it be seen
                    line = exc.one_line() if isinstance(exc, DocprocError) else (
                        f"{t.doc.source}: out of {device} memory in the {mode} run — try --pages, a smaller "
                        "model, or --device cpu")
                    log.error(line)
                    failures.append({"source": t.doc.source, "error": f"{mode}: {line}"})
                    doc_ok = False
                    if device == "cuda":
                        import torch

                        torch.cuda.empty_cache()
                    break
                memory_method = memory.method
                stats = result.stats
                cited, valid = citation_counts(result, t.doc)
                runs.append({
                    "document": t.name, "mode": mode, "repeat": repeat + 1, "order": position + 1,
                    "input_tokens": stats.input_tokens, "pages": len(t.doc.pages), "chunks": stats.chunks,
                    "attention": stats.attention, "ttft_s": stats.prefill_seconds,
                    "prefill_s": timer.prefill_s, "prefill_passes": timer.prefill_passes,
                    "decode_s": timer.decode_s, "decode_steps": timer.decode_steps,
                    "decode_tokens_per_s": timer.decode_tokens_per_s,
                    "end_to_end_s": seconds, "output_tokens": stats.output_tokens,
                    "peak_memory_bytes": memory.peak, "memory_increase_bytes": memory.increase,
                    "density": stats.density, "cited_pages": cited, "valid_cited_pages": valid,
                    "cost_usd": seconds / 3600.0 * price, "key_points": len(result.key_points),
                    "summary_quoted": stats.summary_quoted, "key_points_quoted": stats.key_points_quoted,
                })
                outputs.setdefault((t.name, mode), []).append(result_text(result))
                atomic_write(out_dir / "runs.csv", runs_csv(runs))
                if repeat == 0:
                    _save_output(out_dir, t.name, mode, result)
                log.info(f"{t.name} ({i + 1}/{len(trial)}) {mode} run {repeat + 1}/{settings.repeats}: "
                         f"{seconds:.1f} s, prefill {timer.prefill_s:.2f} s in {timer.prefill_passes} pass(es), "
                         f"{stats.input_tokens} tokens, density {_fmt(stats.density, '.2f')}")
            if not doc_ok:
                break
        if doc_ok:
            measured.append(t)
        else:
            runs = [r for r in runs if r["document"] != t.name]
    if not measured:
        raise InputError("no document could be measured", hint="see the errors above")

    report = summarize_runs(runs, outputs, measured, price=price, references=references)
    report["headline"] = headline(report["total"])
    report["failures"] = failures
    report["meta"] = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": settings.command_line or shlex.join(["docproc"] + sys.argv[1:]),
        "model": settings.model, "device": device, "machine": _machine(device),
        "sparse_mode": settings.sparse_mode, "sparse_settings": sparse_config.to_dict(),
        "repeats": settings.repeats, "hourly_price": price, "length": settings.length,
        "max_new_tokens": settings.max_new_tokens, "memory_method": memory_method,
    }
    report["method"] = method_lines(memory_method, "GPU" if device == "cuda" else "CPU")
    report["notes"] = _notes(report, sparse_config, settings)
    write_report(report, runs, out_dir)
    return _Finished(report, 1 if failures else 0)


def print_console_safely(report: dict) -> None:
    """print_console, where a closed, full or vanished stdout (`>&-`, `> /dev/full`, `| head`) costs only the
    table: the report is written by then, so the trial still succeeds."""
    try:
        print_console(report)
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError, SystemExit):  # rich exits on a broken pipe
        log.drop_stream("stdout")
        log.warn("could not print the summary table on standard output; the report files are complete")


def _is_out_of_memory(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    import torch

    return isinstance(exc, torch.OutOfMemoryError) or "out of memory" in str(exc).lower()


def _save_output(out_dir: Path, name: str, mode: str, result: Result) -> None:
    from docproc.outputs import atomic_write

    try:
        from docproc.markdown import render_markdown as render

        text = render(result)
    except ImportError:
        text = result_text(result) + "\n"
    atomic_write(out_dir / "outputs" / f"{name}.{mode}.md", text)


def _notes(report: dict, sparse_config, settings: BenchSettings) -> list[str]:
    notes = []
    below = sparse_config.dense_below
    short = [e["document"] for e in report["documents"] if e["sparse"]["density"] is None]
    if short and settings.sparse_mode == "sparse":
        notes.append(
            f"With --sparse-mode sparse every prefill of at least one block ({sparse_config.block_size} tokens) "
            f"runs the sparse path; {', '.join(short)} had none that long, so both arms computed the same thing "
            "(speedups there are noise).")
    if settings.sparse_mode == "auto":
        if short:
            notes.append(
                f"The sparse arm runs docproc's default attention (auto): dense below {below:,} keys, so for "
                f"{', '.join(short)} no prefill was long enough for the sparse path and both arms computed the same "
                "thing (speedups there are noise, agreement shows determinism). Use longer documents or "
                "--synthetic to see the sparse path, or --sparse-mode sparse to force it at every length.")
    multi = [e["document"] for e in report["documents"] if (e["dense"]["chunks"] or 1) > 1]
    if multi:
        notes.append(
            f"{', '.join(multi)} exceeded the model's context and went through map-reduce: every chunk prefill is "
            "part of the end-to-end time, but time to first token is that of the final (reduce) pass only.")
    return notes
