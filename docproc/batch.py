"""Run one CLI invocation over many inputs: `run(settings) -> exit code`.

inputs (docproc.inputs) -> for each: lock its output, skip it if up to date, ingest, summarize or extract,
render, write atomically (docproc.outputs) -> summary on stderr, optional JSON report, exit code.

Exit codes: 0 every input done or up to date, 1 some failed, 2 usage error, 130 interrupted (SIGINT/SIGTERM).
One bad input never stops the batch (unless --fail-fast); every failure is one line naming the file.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import json
import os
import re
import signal
import stat
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import docproc
from docproc import inputs as inputs_mod
from docproc import log
from docproc.errors import DocprocError, InputError, ModelError, OutputError, UsageError, visible
from docproc.inputs import InputItem
from docproc.outputs import (OutputDir, atomic_write, describe_os_error, is_special_file, probe_writable, run_key,
                             sha256_bytes, sha256_file)
from docproc.settings import RunSettings

MODEL_COMMANDS = ("summarize", "keypoints")
COMMANDS = MODEL_COMMANDS + ("extract",)
NO_LIMIT_S = 1e9  # a --timeout this long (~31 years) or inf means no limit; setitimer overflows near 9.2e9 s
_PAGES = re.compile(r"^\s*(\d+\s*(-\s*\d*)?|-\s*\d+)(\s*,\s*(\d+\s*(-\s*\d*)?|-\s*\d+))*\s*$")


class DocumentTimeout(BaseException):
    """--timeout fired. A BaseException so that no `except Exception` inside a library swallows it."""


@dataclass
class FileOutcome:
    source: str
    output: str | None  # path written (or that would be written); None = stdout
    status: str = "not_run"  # done | skipped | failed | interrupted | not_run
    reason: str | None = None  # why skipped / failed
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # warnings: OOM fallback, scanned pages, ...


# ---- validation (usage errors, exit 2, before any work) ---------------------------------------------


def validate(settings: RunSettings) -> tuple[int, int] | None:
    """Check the options that do not depend on an input; returns the parsed shard."""
    if settings.command not in COMMANDS:
        raise UsageError(f"unknown command {settings.command!r}")
    if not settings.inputs:
        raise UsageError("no inputs given", hint="name files, folders, or '-' for stdin")
    if any(not str(arg).strip() for arg in settings.inputs):  # `docproc extract "$DIR"` with DIR unset: not "."
        raise UsageError("an empty input path (an unset shell variable?)", hint="name files, folders, or '-'")
    if settings.pages is not None:
        check_pages(settings.pages)
    if settings.timeout is not None and not settings.timeout > 0:
        raise UsageError(f"bad --timeout {settings.timeout}", hint="give seconds > 0")
    if settings.command in MODEL_COMMANDS:
        choices = {"--device": (settings.device, ("auto", "cuda", "cpu")),
                   "--attention": (settings.attention, ("auto", "sparse", "dense")),
                   "--length": (settings.length, ("short", "medium", "long"))}
        for flag, (value, allowed) in choices.items():
            if value not in allowed and not (flag == "--device" and re.fullmatch(r"cuda:\d+|mps", value or "")):
                raise UsageError(f"bad {flag} {value!r}", hint=f"use one of {', '.join(allowed)}")
        check_sparse_options(settings.sparse_tau, settings.sparse_block)
        summarize_options(settings)  # --language: a typo must not cost the first document and the model load
        from docproc import models

        models.resolve_model(settings.model)  # a name that is no model is a usage error (exit 2); nothing loads
    return inputs_mod.parse_shard(settings.shard)


def check_sparse_options(tau: float | None, block: int | None) -> None:
    """--sparse-tau and --sparse-block, as summarize and bench report take them (UsageError if bad)."""
    if tau is not None and not 0 < tau <= 1:
        raise UsageError(f"bad --sparse-tau {tau}", hint="use a number in (0, 1], e.g. 0.95")
    if block is not None and block not in (16, 32, 64, 128, 256):
        raise UsageError(f"bad --sparse-block {block}", hint="use 64 or 128")


def check_pages(spec: str) -> None:
    """Syntax of --pages (ranges past a file's last page are that file's error, found by ingest)."""
    bad = UsageError(f"bad --pages {spec!r}", hint="use page numbers and ranges from 1, e.g. 3-10,12 or 5-")
    if not _PAGES.match(spec):
        raise bad
    for part in spec.replace(" ", "").split(","):
        lo, _, hi = part.partition("-")
        if (lo and int(lo) < 1) or (hi and int(hi) < 1) or (lo and hi and int(hi) < int(lo)):
            raise bad


def prepare_output_dir(path: Path) -> OutputDir:
    """Create -o DIR if needed and prove it is writable (usage error otherwise: nothing could be written)."""
    if path.exists() and not path.is_dir():
        raise UsageError("output is not a folder", path=str(path), hint="give a folder to -o (it is created)")
    probe = path / ".docproc" / f".probe.{os.getpid()}.tmp"
    try:
        for kind in ("locks", "state"):
            (path / ".docproc" / kind).mkdir(parents=True, exist_ok=True)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"output folder is not writable ({exc.strerror or exc})", path=str(path),
                         hint="choose a folder you can write to with -o") from exc
    return OutputDir(path)


def check_report_path(path: Path) -> None:
    """Prove --report can be written before the work starts (usage error otherwise), as -o is checked:
    a nightly run must not find out after hours that its report, which monitoring reads, is lost."""
    if path.is_dir():
        raise UsageError("--report must be a file path, not a folder", path=str(path))
    if is_special_file(path, follow=True):  # /dev/null, a pipe, /dev/stdout: replacing it would break the machine
        raise UsageError("--report must be a regular file, not a device or a pipe", path=str(path),
                         hint="give a file path; the report is also summarized on stderr")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe_writable(path.parent)
    except OSError as exc:
        why = "a folder on its path is a file" if isinstance(exc, (FileExistsError, NotADirectoryError)) \
            else exc.strerror or str(exc)
        raise UsageError(f"--report cannot be written ({why})", path=str(path),
                         hint="give a file in a folder you can write to") from exc


# ---- the model, loaded once and only when a document needs it --------------------------------------


class ModelSlot:
    """Loads the model on first use, so a cron run where everything is up to date never loads it."""

    def __init__(self, settings: RunSettings):
        self.settings = settings
        self.model = None
        self.tokenizer = None
        self.device = None
        self._identity = None

    def identity(self) -> str:
        """The model's identity for up-to-date keys (models.model_identity), looked up once per run."""
        if self._identity is None:
            from docproc import models

            self._identity = models.model_identity(self.settings.model)
        return self._identity

    def get(self):
        if self.model is None:
            self.device = resolve_device(self.settings.device)
            from docproc import models

            log.info(f"loading model {self.settings.model} on {self.device}")
            t0 = time.monotonic()
            try:
                self.model, self.tokenizer = models.load_model(
                    self.settings.model, device=self.device, attention=self.settings.attention,
                    sparse_config=sparse_config(self.settings),
                )
            except Exception:
                # Ctrl-C/SIGTERM that landed inside a library (transformers' lazy imports re-raise it as
                # ModuleNotFoundError) is an interrupt, not a broken model.
                if _stop_requested:
                    raise KeyboardInterrupt from None
                raise
            log.debug(f"model loaded in {time.monotonic() - t0:.1f} s")
            self._identity = None  # a Hugging Face model was "not cached" before this load: look it up again
        return self.model, self.tokenizer


def resolve_device(device: str) -> str:
    """auto -> cuda when present; cuda without a GPU -> cpu with a warning (a cron job still finishes)."""
    from docproc import models

    return models.resolve_device(device)


def sparse_config(settings: RunSettings):
    if settings.sparse_tau is None and settings.sparse_block is None:
        return None
    from kernels import SparseConfig

    overrides = {}
    if settings.sparse_tau is not None:
        overrides["tau"] = settings.sparse_tau
    if settings.sparse_block is not None:
        overrides["block_size"] = settings.sparse_block
    return SparseConfig(**overrides)


# ---- one document ---------------------------------------------------------------------------------


def key_fields(settings: RunSettings, model_identity: str | None = None) -> dict:
    """What, besides the input bytes, decides the output; a change in any of these redoes the output.

    Settings are keyed as they take effect, not as typed: a default given explicitly (--sparse-tau 0.96) or the
    same model named another way must not redo every output. `model_identity` (ModelSlot.identity) also
    changes when a local model's weights change."""
    fields = {"docproc": docproc.__version__, "command": settings.command, "json": settings.json,
              "pages": settings.pages}
    if settings.command in MODEL_COMMANDS:
        tau, block = effective_sparse(settings)
        fields.update(model=model_identity or settings.model, attention=settings.attention, sparse_tau=tau,
                      sparse_block=block, language=settings.language, length=settings.length)
    return fields


def effective_sparse(settings: RunSettings) -> tuple[float | None, int | None]:
    """(tau, block) with SparseConfig's defaults as None; both None under dense attention, which ignores them."""
    if settings.attention == "dense" or (settings.sparse_tau is None and settings.sparse_block is None):
        return None, None  # no kernels import (torch) on a plain run
    from kernels.config import SparseConfig

    default = SparseConfig()
    return (None if settings.sparse_tau in (None, default.tau) else settings.sparse_tau,
            None if settings.sparse_block in (None, default.block_size) else settings.sparse_block)


def read_input(item: InputItem, stdin_data: bytes | None, need_hash: bool = True) -> tuple[str, bytes | None]:
    """(sha256 of the input bytes, bytes for stdin). Missing, unreadable or special files are InputErrors.

    Without `need_hash` (one input to stdout) the digest is "" and a FIFO (`<(cmd)`) is fine: ingest reads it.
    """
    if item.is_stdin:
        return sha256_bytes(stdin_data or b"") if need_hash else "", stdin_data or b""
    try:
        mode = os.stat(item.path).st_mode  # follows symlinks
        if stat.S_ISFIFO(mode) and not need_hash:
            return "", None
        if stat.S_ISFIFO(mode):  # hashing it for the up-to-date check would consume it before ingest reads it
            raise InputError("a pipe (FIFO) cannot be used with -o", path=item.source,
                             hint="save it to a file first, or leave out -o to print to stdout")
        if not stat.S_ISREG(mode):  # a device would never end hashing
            raise InputError("not a regular file", path=item.source, hint="give PDF, text or Markdown files")
        return (sha256_file(item.path) if need_hash else ""), None
    except FileNotFoundError:
        raise InputError("file not found (deleted or moved?)", path=item.source) from None
    except PermissionError:
        raise InputError("cannot read the file (permission denied)", path=item.source,
                         hint="check its permissions") from None
    except OSError as exc:  # ELOOP (a symlink loop), ENAMETOOLONG, EIO: not "not found"
        hint = "a symlink on the path leads back to itself; fix it" if exc.errno == errno.ELOOP else "check the path"
        raise InputError(f"cannot access the file ({exc.strerror or exc})", path=item.source, hint=hint) from None


@contextmanager
def deadline(seconds: float | None, source: str):
    """Abandon a document after `seconds`: SIGALRM raises DocumentTimeout in the main thread.

    Generation is a Python loop over forward passes, so the alarm lands within one model step; a pure C call
    (one huge matmul) finishes first. Without a main thread (library use) the alarm is not available and only
    the cooperative deadline passed to the summarizer (if it supports one) applies.
    """
    usable = seconds is not None and threading.current_thread() is threading.main_thread() \
        and hasattr(signal, "setitimer")
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise DocumentTimeout(f"{source}: timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load(item: InputItem, data: bytes | None, settings: RunSettings):
    from docproc import ingest

    path = item.source if item.is_stdin else str(item.path)
    doc = ingest.load_document(path, pages=settings.pages, password=settings.password, data=data)
    if not doc.text.strip():
        empty = doc.meta.get("empty_pages") or [p.number for p in doc.pages]
        pages = ", ".join(str(n) for n in empty) if empty else "none"
        raise InputError(f"no extractable text (pages without text: {pages}; scanned images?)",
                         path=item.source, hint="run OCR on it first (e.g. ocrmypdf), then docproc")
    return doc


def is_out_of_memory(exc: BaseException) -> bool:
    try:
        import torch

        if isinstance(exc, torch.cuda.OutOfMemoryError):
            return True
    except Exception:  # pragma: no cover - torch always importable where models run
        pass
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def model_device(model) -> str:
    device = getattr(model, "device", None)
    if device is None:
        try:
            device = next(model.parameters()).device
        except Exception:
            return "cpu"
    return getattr(device, "type", str(device))


def _options_class():
    from docproc.summarize import SummarizeOptions

    return SummarizeOptions


def summarize_options(settings: RunSettings, **extra):
    """SummarizeOptions for this run; extra fields (deadline, chunk budget) only where the summarizer has them."""
    cls = _options_class()
    names = {f.name for f in dataclasses.fields(cls)}
    values = {"mode": "keypoints" if settings.command == "keypoints" else "summarize",
              "length": settings.length, "language": settings.language}
    values.update(extra)
    return cls(**{k: v for k, v in values.items() if k in names})


CHUNK_FIELDS = ("chunk_tokens", "max_chunk_tokens", "budget_tokens")


def _chunk_field() -> str | None:
    names = {f.name for f in dataclasses.fields(_options_class())}
    return next((n for n in CHUNK_FIELDS if n in names), None)


def summarize_resilient(doc, slot: ModelSlot, settings: RunSettings, outcome: FileOutcome, deadline_at):
    """summarize_document with the CUDA-OOM ladder: as is -> smaller chunks -> on CPU. Each step is logged."""
    from docproc.summarize import summarize_document

    model, tokenizer = slot.get()
    extra = {"progress": lambda message: log.info(f"{doc.source}: {message}")}
    if deadline_at is not None:
        extra["deadline"] = deadline_at
    try:
        return summarize_document(doc, model, tokenizer, summarize_options(settings, **extra))
    except Exception as exc:
        if not is_out_of_memory(exc):
            raise
        first = exc
    device = model_device(model)
    if not device.startswith("cuda"):
        raise ModelError(f"out of memory on {device} ({first})".strip(), path=doc.source,
                         hint="use a smaller model, --pages, or a machine with more memory")
    _free_cuda()
    chunk_field = _chunk_field()
    if chunk_field is not None:
        budget = _smaller_budget(model, tokenizer)
        note = f"CUDA out of memory; retried with smaller chunks ({budget} tokens)"
        log.warn(f"{doc.source}: {note}")
        outcome.notes.append(note)
        try:
            return summarize_document(doc, model, tokenizer,
                                      summarize_options(settings, **extra, **{chunk_field: budget}))
        except Exception as exc:
            if not is_out_of_memory(exc):
                raise
        _free_cuda()
    note = "CUDA out of memory; retried on CPU (slower)"
    log.warn(f"{doc.source}: {note}")
    outcome.notes.append(note)
    model.to("cpu")
    try:
        return summarize_document(doc, model, tokenizer, summarize_options(settings, **extra))
    finally:
        model.to(device)  # the next document gets the GPU again


def _smaller_budget(model, tokenizer) -> int:
    """A quarter of the model's context (at least 512 tokens): the chunk budget after a CUDA OOM."""
    try:
        from docproc.models import model_context_length

        context = model_context_length(model)
    except Exception:
        context = getattr(getattr(model, "config", None), "max_position_embeddings", 4096) or 4096
    return max(512, int(context) // 4)


def _free_cuda() -> None:
    try:
        import gc

        import torch

        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except Exception:
        pass


def render(item: InputItem, data: bytes | None, settings: RunSettings, slot: ModelSlot,
           outcome: FileOutcome) -> str:
    """Ingest + (summarize) + render one input within --timeout. Returns the output text.

    The timeout is per document: loading the model (once, for the first document that needs it) does not count.
    The summarizer stops itself cleanly at its deadline; a SIGALRM a little later is the backstop (and the only
    stop for ingest, which has no deadline of its own).
    """
    started = time.monotonic()
    with deadline(settings.timeout, item.source):
        doc = load(item, data, settings)
    corrupt = doc.meta.get("unreadable_pages") or []  # also in empty_pages, but OCR would not help them
    empty = [n for n in doc.meta.get("empty_pages") or [] if n not in corrupt]
    if corrupt:
        outcome.notes.append(f"corrupt pages, could not be read: {', '.join(map(str, corrupt))}")
    if empty:  # (a text file's page is what its form feeds cut: blank, never scanned)
        why = "blank between page breaks" if doc.meta.get("format") in ("text", "markdown") else "scanned?"
        outcome.notes.append(f"pages without text ({why}): {', '.join(map(str, empty))}")
    from docproc import markdown

    if settings.command == "extract":
        text = markdown.render_extract(doc, as_json=settings.json)
    else:
        load_started = time.monotonic()
        slot.get()
        deadline_at = None
        alarm = None
        if settings.timeout:
            deadline_at = started + (time.monotonic() - load_started) + settings.timeout
            alarm = max(0.001, deadline_at - time.monotonic()) + max(1.0, 0.1 * settings.timeout)
        with deadline(alarm, item.source):
            result = summarize_resilient(doc, slot, settings, outcome, deadline_at)
        text = markdown.render_json(result) if settings.json else markdown.render_markdown(result)
    return text if text.endswith("\n") else text + "\n"


class OutputNameTaken(Exception):
    """Another process is making another document's output under the name chosen for this one (one file per
    call in parallel: a/notes.txt and b/notes.txt both chose notes.md): choose again."""


def process(item: InputItem, out_rel: PurePosixPath | None, out_dir: OutputDir | None,
            settings: RunSettings, slot: ModelSlot, stdin_data: bytes | None, outcome: FileOutcome) -> None:
    """Do one input; sets outcome.status/reason. Raises only DocprocError and interrupts."""
    if out_dir is None:  # one input -> stdout
        _, data = read_input(item, stdin_data, need_hash=False)
        text = render(item, data, settings, slot, outcome)
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `docproc ... | head`: the reader is gone, that is fine
            log.drop_stream("stdout")
        except (OSError, ValueError, AttributeError) as exc:  # `> /dev/full`, `>&-` (stdout is None)
            log.drop_stream("stdout")
            why = "disk full" if getattr(exc, "errno", None) == errno.ENOSPC else \
                getattr(exc, "strerror", None) or "it is closed"
            raise OutputError(f"cannot write to standard output ({why})", path=item.source,
                              hint="redirect it to a writable place, or write to a folder with -o DIR") from None
        outcome.status = "done"
        return

    out_path = out_dir.path_of(out_rel)
    real = os.path.realpath(item.path) if item.path is not None else None  # see output_owner
    with out_dir.lock(out_rel, real) as holder:
        if holder is not None:
            other = out_dir.holder_input(out_rel)
            if real is not None and other is not None and other != real:
                raise OutputNameTaken(other)  # another document's output, under the name we chose for ours
            outcome.status, outcome.reason = "skipped", f"being made by another docproc (pid {holder})"
            return
        digest, data = read_input(item, stdin_data)
        def keyed() -> tuple[dict, str]:
            fields = key_fields(settings, slot.identity() if settings.command in MODEL_COMMANDS else None)
            return fields, run_key(digest, fields)

        fields, key = keyed()
        # the name was chosen before the lock was ours: another process may have made another document's output
        # under it since (two parallel calls both wrote notes.txt.5.md, review20 F4)
        state = out_dir.state_of(out_rel)
        made_from = (state or {}).get("input_path")
        if real is not None and isinstance(made_from, str) and made_from != real and os.path.isfile(made_from):
            raise OutputNameTaken(made_from)
        out_dir.remove_stale_temps(out_rel)  # left by a killed run; we hold the lock, so nobody is writing them
        if not settings.force and out_dir.is_up_to_date(out_rel, key):
            outcome.status, outcome.reason = "skipped", "up to date"
            return
        try:
            exists = out_path.exists()
        except OSError as exc:  # a name past the file system's limit (review19 F5), a folder in the way
            message, hint = describe_os_error(exc)
            raise OutputError(message, path=str(out_path), hint=hint) from exc
        if exists and not out_path.is_file():
            raise OutputError("output path exists and is not a file", path=str(out_path),
                              hint="rename or remove it")
        if item.path is not None and exists and os.path.samefile(item.path, out_path):  # before --force is advised
            raise OutputError("the output would overwrite this input", path=item.source,
                              hint="choose another output folder with -o")
        state = state if exists else None
        if not settings.force and exists and state is None and not made_by_docproc(out_path):
            raise OutputError(f"a file that docproc did not make is in the way of the output of {item.source}",
                              path=str(out_path), hint="move it, or pass --force to replace it")
        made_with = state.get("settings") if state is not None else None
        made_by = made_with.get("command") if isinstance(made_with, dict) else None
        if not settings.force and isinstance(made_by, str) and made_by != settings.command:
            # `docproc extract` and `docproc summarize` into one -o name their outputs alike: each run replaced
            # the other's, and a summary of minutes was redone every night (review19 F8)
            raise OutputError(f"is the output of `docproc {made_by}` for {item.source}, not of `docproc "
                              f"{settings.command}`", path=str(out_path),
                              hint="give each command its own -o folder, or pass --force to replace it")
        text = render(item, data, settings, slot, outcome)
        fields, key = keyed()  # a model is loaded now: key on what it is once cached (its identity is looked up again)
        with critical_section():
            atomic_write(out_path, text)
            out_dir.record(out_rel, key, text, {"source": item.source, "input_path": real,
                                                "input_sha256": digest, "settings": fields})
            outcome.status = "done"


def made_by_docproc(path: Path) -> bool:
    """Whether a file with no state holds docproc's own output (its front matter or JSON names docproc_version):
    a user's notes of the same name are not replaced without --force, while outputs whose .docproc state was
    removed still are."""
    try:
        with open(path, "rb") as f:
            head = f.read(64 << 20)  # an extract to JSON names it after the text
    except OSError:
        return True  # unreadable: the write says what is wrong
    return b"docproc_version" in head or not head.strip()


# ---- the batch --------------------------------------------------------------------------------------


_critical_depth = 0  # > 0 while an output and its state are being written
_pending_interrupt = False
_stop_requested = False  # a stop signal arrived in this run, even if a library turned it into another error


def _on_stop_signal(signum, frame):
    global _pending_interrupt, _stop_requested
    _stop_requested = True
    if _critical_depth:
        _pending_interrupt = True  # finish writing this output and its state first
        return
    raise KeyboardInterrupt


@contextmanager
def critical_section():
    """Ctrl-C / SIGTERM wait until the block is done, so an output and its state are recorded together."""
    global _critical_depth, _pending_interrupt
    _critical_depth += 1
    try:
        yield
    finally:
        _critical_depth -= 1
        if not _critical_depth and _pending_interrupt:
            _pending_interrupt = False
            raise KeyboardInterrupt


@contextmanager
def stop_signals_as_interrupt():
    """SIGINT and SIGTERM (systemd, kill, Slurm time limit) stop the run: clean up, release locks, exit 130."""
    global _stop_requested
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _stop_requested = False
    previous = {sig: signal.signal(sig, _on_stop_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(settings: RunSettings) -> int:
    """Execute one CLI invocation; returns the exit code. Usage errors raise UsageError (exit 2)."""
    started = time.time()
    shard = validate(settings)
    if settings.timeout is not None and settings.timeout >= NO_LIMIT_S:
        settings = dataclasses.replace(settings, timeout=None)
    out_root = Path(settings.output_dir) if settings.output_dir is not None else None
    for arg in settings.inputs:  # the walk never reads the output folder back: say so instead of "no inputs"
        if out_root is not None and arg != "-" and out_root.is_dir() and Path(arg).is_dir() \
                and os.path.samefile(arg, out_root):
            raise UsageError("the output folder is an input folder (outputs are never read back as inputs)",
                             path=arg, hint="choose another folder for -o, e.g. -o summaries")
    unreadable: list[tuple[str, str]] = []  # folders whose documents would be missed: each a failure
    items = inputs_mod.collect_inputs(settings.inputs, settings.globs, out_root, unreadable)
    items = drop_report(items, settings)
    if not items and not unreadable:
        where = ", ".join(settings.inputs)
        matching = f" matching {' '.join(settings.globs)}" if settings.globs else ""
        globs = f" ({' '.join(inputs_mod.READABLE_SUFFIXES)}{matching})"
        raise UsageError(f"no input files found in {where}{globs}", hint="check the paths and --glob")
    if out_root is None and any(Path(a).is_dir() for a in settings.inputs if a != "-"):
        raise UsageError("a folder was given but no output folder", hint="add -o DIR (one file prints to stdout)")
    if out_root is None and len(items) > 1:
        raise UsageError(f"{len(items)} inputs but no output folder", hint="add -o DIR (one file prints to stdout)")
    suffix = ".json" if settings.json else ".md"
    owner = output_owner(OutputDir(out_root), items) if out_root is not None and out_root.is_dir() else None
    names = inputs_mod.output_names(items, suffix, owner)
    if settings.report is not None and out_root is not None:  # before sharding: every shard must refuse it
        report, planned = os.path.realpath(settings.report), OutputDir(out_root)
        for it in items:
            if os.path.realpath(planned.path_of(names[it])) == report:
                raise UsageError(f"--report is the output of {it.source}", path=str(settings.report),
                                 hint="give the report another name, e.g. --report DIR/last-run.report.json")
    total_found = len(items) + len(unreadable)
    if shard is not None:
        k, n = shard
        items = [it for it in items if inputs_mod.shard_of(names[it], n) == k - 1]
        # one shard reports each unreadable folder, so N shards still cover everything exactly once
        unreadable = [u for u in unreadable if inputs_mod.shard_of(PurePosixPath(u[0]), n) == k - 1]
        log.info(f"shard {k}/{n}: {len(items)} of {total_found} inputs")
    out_dir = prepare_output_dir(out_root) if out_root is not None else None
    if settings.report is not None:  # after -o: the report may go inside the output folder
        check_report_path(Path(settings.report))

    outcomes = [FileOutcome(it.source, str(out_dir.path_of(names[it])) if out_dir else None) for it in items]
    folders_failed = [FileOutcome(folder, None, status="failed", reason=reason) for folder, reason in unreadable]
    for o in folders_failed:  # an error, not a warning: under -q (cron) it must still be seen
        log.error(f"{o.source}: {o.reason}; the documents in it were not processed — check its permissions")
    slot = ModelSlot(settings)
    interrupted = False

    def rename(item: InputItem) -> PurePosixPath:  # the names again, with the outputs made or being made now
        return inputs_mod.output_names(items, suffix, output_owner(out_dir, items))[item]

    with stop_signals_as_interrupt():
        try:
            # a pipe may keep us waiting: a stop while reading it is an interrupted run, with its report
            stdin_data = sys.stdin.buffer.read() if any(it.is_stdin for it in items) else None
            with _progress(len(items)) as advance:
                for i, (item, outcome) in enumerate(zip(items, outcomes)):
                    if settings.fail_fast and folders_failed:
                        break
                    if not process_logged(i, item, outcome, outcomes, names, out_dir, settings, slot, stdin_data,
                                          rename):
                        break
                    advance()
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM, wherever it landed: outputs stay whole, locks are freed
            interrupted = True
            for outcome in outcomes:
                if outcome.status == "not_run":
                    outcome.status, outcome.reason = "interrupted", "interrupted"
                    break
    outcomes += folders_failed

    code = 130 if interrupted else 1 if any(o.status == "failed" for o in outcomes) else 0
    if interrupted:
        log.error("interrupted: finished outputs are kept, nothing half-written; run again to resume")
    elif settings.fail_fast and code == 1 and any(o.status == "not_run" for o in outcomes):
        log.error("stopped at the first failure (--fail-fast)")
    print_summary(outcomes)
    if settings.report is not None:
        if not write_report(Path(settings.report), settings, outcomes, code, started, shard, total_found):
            code = code or 1  # monitoring reads the report: a run without one did not fully succeed
    return code


def drop_report(items: list[InputItem], settings: RunSettings) -> list[InputItem]:
    """The report of an earlier run (e.g. --report inbox/last-run.txt) is not a document: a folder walk skips it.
    Naming it as an input, or naming a document of an input folder, is a usage error: the run would overwrite a
    file it reads, or the user's document with the report."""
    if settings.report is None:
        return items
    report = os.path.realpath(settings.report)
    if any(arg != inputs_mod.STDIN and os.path.realpath(arg) == report for arg in settings.inputs):
        raise UsageError("--report is also an input", path=str(settings.report),
                         hint="give the report another name")
    walked = [it for it in items if it.path is not None and os.path.realpath(it.path) == report]
    if walked and not is_report(Path(report)):
        raise UsageError(f"--report is a document of the input folder ({walked[0].source})",
                         path=str(settings.report), hint="give the report another name, outside the input folders")
    return [it for it in items if it.path is None or os.path.realpath(it.path) != report]


def is_report(path: Path) -> bool:
    """Whether `path` holds a report docproc wrote (JSON with its "docproc" and "files" keys)."""
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read(4 << 20))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "docproc" in data and "files" in data


def output_owner(out_dir: OutputDir, items: list[InputItem]):
    """owner(name) -> the input that the existing output `name` was made from (by its recorded real path, or,
    for state written before input_path was recorded, its shown path), inputs.FOREIGN when that is a file of
    another run that still exists, or None; an output not made yet that another process is making now is
    owned by its document the same way. Lets output_names keep an existing output's name when a same-stem file
    appears, instead of renaming and redoing it, and parallel calls give each document a name of its own."""
    by_path = {os.path.realpath(it.path): it for it in items if it.path is not None}
    by_source = {it.source: it for it in items}

    @functools.cache  # output_names asks again for a name on each round: read each state file once
    def owner(name: PurePosixPath) -> InputItem | None:
        state = out_dir.state_of(name)
        if state is None:
            # not made yet, but maybe being made now by another process (one file per call, in parallel)
            making = out_dir.holder_input(name)
            return None if making is None else by_path.get(making, inputs_mod.FOREIGN)
        mine = by_path.get(state.get("input_path")) or by_source.get(state.get("source"))
        if mine is None and isinstance(state.get("input_path"), str) and os.path.isfile(state["input_path"]):
            return inputs_mod.FOREIGN  # made from a file of another run that is still there: not ours to replace
        return mine
    return owner


def process_logged(i, item, outcome, outcomes, names, out_dir, settings, slot, stdin_data, rename) -> bool:
    """process() one input, turning every failure into that file's outcome; False = stop the batch.
    `rename(item)`: the item's output name chosen again, when another process took it (OutputNameTaken)."""
    t0 = time.monotonic()
    try:
        for _ in range(8):
            try:
                process(item, names[item] if out_dir else None, out_dir, settings, slot, stdin_data, outcome)
                break
            except OutputNameTaken:
                names[item] = rename(item)
                outcome.output = str(out_dir.path_of(names[item]))
        else:
            raise OutputError("every output name tried is being made from other documents by other docproc runs",
                              path=item.source, hint="run it again when they are done")
    except KeyboardInterrupt:  # the run's handler marks it interrupted; the time it ran is its own (review35 F6)
        outcome.seconds = round(time.monotonic() - t0, 3)
        raise
    except DocumentTimeout:
        # the hint in the reason too: the report's reasons are what a cron job's owner reads (review19 F14)
        outcome.status = "failed"
        outcome.reason = f"timed out after {settings.timeout:g} s — raise --timeout, use --pages, or a faster device"
        log.error(f"{item.source}: {outcome.reason}")
    except UsageError:
        raise  # e.g. --device cuda:3 with one GPU: the command line is wrong for every file
    except ModelError as exc:
        outcome.status, outcome.reason = "failed", _reason(exc, item.source)
        log.error(exc.one_line() if exc.path else f"{item.source}: {exc.one_line()}")
        if slot.model is None:  # the model cannot be loaded: no later file can succeed either
            for rest in outcomes[i + 1:]:
                rest.status, rest.reason = "failed", "model not available (see above)"
            outcome.seconds = round(time.monotonic() - t0, 3)
            return False
    except DocprocError as exc:
        outcome.status, outcome.reason = "failed", _reason(exc, item.source)
        log.error(exc.one_line() if exc.path else f"{item.source}: {exc.one_line()}")
    except Exception as exc:  # a bug somewhere below: report it for this file, keep the batch going
        outcome.status = "failed"
        outcome.reason = f"internal error: {type(exc).__name__}: {exc}"
        log.error(f"{item.source}: {outcome.reason} (please report; -v shows the traceback)")
        log.debug(traceback.format_exc(), keep_lines=True)
    outcome.seconds = round(time.monotonic() - t0, 3)
    _log_outcome(i, len(outcomes), outcome)
    return not (settings.fail_fast and outcome.status == "failed")


def _reason(exc: DocprocError, source: str) -> str:
    line = exc.one_line()
    prefix = f"{visible(exc.path)}: " if exc.path else ""
    return line[len(prefix):] if prefix and line.startswith(prefix) else line


def _log_outcome(i: int, n: int, o: FileOutcome) -> None:
    where = f" -> {o.output}" if o.output and o.status == "done" else ""
    detail = f" ({o.reason})" if o.reason and o.status != "failed" else ""
    notes = f"; {'; '.join(o.notes)}" if o.notes and o.status == "done" else ""
    if o.status != "failed":  # failures were already logged as errors
        log.info(f"[{i + 1}/{n}] {o.source}: {o.status}{detail}{where} in {o.seconds:.1f} s{notes}")


@contextmanager
def _progress(total: int):
    """A rich progress bar on a terminal (stderr); nothing under cron, in pipes or with -q."""
    if not (log.is_tty() and log.verbosity() >= 1 and total > 1):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("docproc"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("files", total=total)
        yield lambda: progress.advance(task)


def print_summary(outcomes: list[FileOutcome]) -> None:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("done", "skipped", "failed", "interrupted",
                                                               "not_run")}
    if len(outcomes) <= 1 and not counts["skipped"]:
        return  # one file: its own line said everything
    parts = [f"{counts['done']} done", f"{counts['skipped']} skipped", f"{counts['failed']} failed"]
    if counts["interrupted"] or counts["not_run"]:
        parts.append(f"{counts['interrupted'] + counts['not_run']} not processed")
    log.info("summary: " + ", ".join(parts))
    width = max((len(o.source) for o in outcomes), default=0)
    for o in outcomes:
        if o.status in ("failed", "skipped") and (o.status == "failed" or o.reason != "up to date"):
            log.info(f"  {o.status:<8} {o.source:<{width}}  {o.reason or ''}")


def write_report(path: Path, settings: RunSettings, outcomes: list[FileOutcome], code: int, started: float,
                 shard, total_found: int) -> bool:
    report = {
        "docproc": docproc.__version__,
        "command": settings.command,
        "model": settings.model if settings.command in MODEL_COMMANDS else None,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 3),
        "exit_code": code,
        "shard": f"{shard[0]}/{shard[1]}" if shard else None,
        "inputs_found": total_found,
        "counts": {s: sum(o.status == s for o in outcomes)
                   for s in ("done", "skipped", "failed", "interrupted", "not_run")},
        # "output" only where a file is there (done, up to date, or made by another docproc that is done):
        # monitoring reads it as "this exists"
        "files": [dict(dataclasses.asdict(o), output=o.output if o.status == "done" or (
            o.status == "skipped" and o.output and os.path.isfile(o.output)) else None) for o in outcomes],
    }
    try:
        # through a symlink the user made (a status page's file): replacing the link would leave its target stale
        atomic_write(Path(os.path.realpath(path)), json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    except OutputError as exc:
        log.error(f"report not written: {exc.one_line()}")
        return False
    return True
