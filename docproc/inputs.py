"""Turn what the user typed (files, folders, "-") into a sorted list of inputs and their output paths.

Rules (README "Batch and cron" documents them for users):
- Folders are walked recursively in sorted order, following symlinks but never entering the same real
  folder twice (a symlink loop is reported once and skipped). Hidden and temporary files are skipped
  (.*, ~*, *.tmp, *.part, #*#), and in folders only the formats docproc reads (.pdf .txt .md ...) are taken,
  narrowed further by --glob (case-insensitive; `*` stays in one folder, `**/` spans folders). Files named
  directly on the command line are always taken.
- Output paths mirror the input tree: every input keeps its path relative to the common parent folder of
  everything given (one folder given -> relative to that folder), so `a/notes.pdf` and `b/notes.pdf` become
  `a/notes.md` and `b/notes.md` under -o DIR. Two inputs that would still share an output (notes.pdf next to
  notes.txt) keep their full file name instead: notes.pdf.md and notes.txt.md (and an input notes.txt.md next to
  them becomes notes.txt.md.md); names that differ only in case get a number (Notes.txt.md, notes.txt.2.md).
  Except: an input whose output already exists under the short name (its state in -o DIR records it as the
  source) keeps that name, so a new notes.txt does not rename and redo notes.pdf's notes.md.
- `--shard K/N` keeps the inputs whose output path hashes to K-1 modulo N: a pure function of that path, so
  N processes started at different moments still split every file exactly once.
"""

from __future__ import annotations

import errno
import fnmatch
import functools
import hashlib
import json
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from docproc import log
from docproc.errors import UsageError
from docproc.outputs import OutputDir

STDIN = "-"
# What a folder walk picks up; files named explicitly are always passed on (ingest says if it can't read them).
READABLE_SUFFIXES = (".pdf", ".txt", ".text", ".md", ".markdown")
# Editor backups, partial downloads, our own temp files, lock files of office suites.
_SKIP_PATTERNS = (".*", "~*", "*~", "*.tmp", "*.temp", "*.part", "*.crdownload", "#*#")


@dataclass(frozen=True)
class InputItem:
    source: str  # as shown to the user: the path as given (or under the given folder), or "-"
    path: Path | None  # None for stdin
    rel: PurePosixPath  # path relative to the common root, suffix kept ("sub/notes.pdf", "stdin")

    @property
    def is_stdin(self) -> bool:
        return self.path is None


def is_skipped_name(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in _SKIP_PATTERNS)


@functools.lru_cache(maxsize=None)  # the walk matches every file against every pattern: compile each once
def glob_regex(pattern: str) -> re.Pattern:
    """A --glob pattern as a regex: `*` and `?` stay within one folder, `**/` is any number of folders,
    `[...]` a character class; case is ignored, as the walk ignores the case of suffixes (Doc.PDF)."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        end = pattern.find("]", i + 2) if c == "[" else -1
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif end != -1:
            body = pattern[i + 1:end]
            body = body.replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else "\\" + body if body.startswith("^")
                              else body) + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _matches_globs(rel: PurePosixPath, globs: list[str]) -> bool:
    # --glob narrows the formats docproc reads, never widens them (a .png would only fail).
    if rel.suffix.lower() not in READABLE_SUFFIXES:
        return False
    # A pattern with a "/" is matched against the relative path, otherwise against the file name.
    return not globs or any(glob_regex(g).fullmatch(str(rel) if "/" in g else rel.name) for g in globs)


def _walk(folder: Path, globs: list[str], skip_dirs: set[tuple[int, int]],
          unreadable: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files under `folder`, sorted, symlinks followed but every real folder entered once.

    Folders that cannot be read are appended to `unreadable` as (folder, reason): their documents are missed,
    so the caller reports them as failures; without the list they are only a warning.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    not_documents: set[str] = set()  # outputs of other docproc runs met on the way (OutputDir.recorded_outputs)
    other_types: Counter = Counter()  # files docproc does not read, by suffix

    def cannot_read(shown: Path, reason: str) -> None:
        if unreadable is None:
            log.warn(f"{shown}: {reason}; skipped")
        else:
            unreadable.append((str(shown), reason))

    def enter(directory: Path, shown: Path) -> list[os.DirEntry] | None:
        """The sorted entries of a folder to walk, or None when it is skipped (said so where it matters)."""
        try:
            st = directory.stat()
        except OSError as exc:
            cannot_read(shown, f"cannot read folder ({exc.strerror or exc})")
            return None
        ident = (st.st_dev, st.st_ino)
        if ident in skip_dirs:
            return None  # the output folder inside an input folder: never read our own outputs back
        if ident in seen:
            log.warn(f"{shown}: a folder already walked (through another path or a symlink loop); skipped")
            return None
        seen.add(ident)
        if shown != folder and _is_bench_report(directory):
            # an earlier `docproc bench report -o` inside the documents: its report and outputs/*.md would be
            # measured (or summarized) as documents, summaries of summaries (review35 F7)
            log.warn(f"{shown}: a docproc bench report folder; its files are not read as documents")
            return None
        if shown != folder and (made := OutputDir(directory).recorded_outputs()):  # (a folder given: read whole)
            # another run's -o folder (two cron jobs writing into one inbox): its outputs would be summaries of
            # summaries, nested one level deeper every night; documents beside them are still documents
            not_documents.update(os.path.normpath(os.path.join(directory, rel)) for rel in made)
            log.warn(f"{shown}: holds {len(made)} output{'s' if len(made) != 1 else ''} of another docproc run; "
                     "they are not read as documents")
        try:
            return sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            cannot_read(shown, f"cannot list folder ({exc.strerror or exc})")
            return None

    # depth first, in name order; a stack of folders being walked, not recursion (a tree 1,000 folders deep)
    stack = [(iter(enter(folder, folder) or ()), folder)]
    while stack:
        entries, shown = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if is_skipped_name(entry.name):
            continue
        child = shown / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
            is_file = entry.is_file(follow_symlinks=True)
        except OSError:  # e.g. ELOOP on a self-referencing symlink
            is_dir = is_file = False
        if is_dir:
            if (sub := enter(Path(entry.path), child)) is not None:
                stack.append((iter(sub), child))
        elif is_file and os.path.normpath(entry.path) not in not_documents:
            rel = PurePosixPath(child.relative_to(folder).as_posix())
            if _matches_globs(rel, globs):
                found.append(child)
            elif rel.suffix.lower() not in READABLE_SUFFIXES:
                other_types[rel.suffix.lower() or "without an extension"] += 1
        elif entry.is_symlink():
            log.warn(f"{child}: {_symlink_problem(entry.path)}; skipped")
    if other_types:
        # said once: a .docx dropped into a cron inbox would otherwise never be summarized nor reported
        # (review34 F8); files that --glob leaves out are the user's choice and not counted
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(other_types.items(), key=lambda kv: (-kv[1], kv[0])))
        total = sum(other_types.values())
        log.info(f"{folder}: {total} file{'s' if total != 1 else ''} of other types not read ({kinds}); docproc reads "
                 f"{', '.join(READABLE_SUFFIXES)} files")
    return found


def _symlink_problem(path: str) -> str:
    """Why a symlink in a folder is no document: "broken symlink", "symlink loop", "symlink to a device ..."."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "broken symlink (its target does not exist)"
    except PermissionError:
        return "symlink to a place that cannot be reached (permission denied)"
    except OSError as exc:
        return "symlink loop" if exc.errno == errno.ELOOP else f"symlink that cannot be followed ({exc.strerror})"
    return "symlink to a device, a pipe or a socket, not a document" if not stat.S_ISDIR(st.st_mode) else \
        "symlink to a folder that cannot be read"


def collect_inputs(
    inputs: list[str], globs: list[str] | None = None, output_dir: Path | None = None,
    unreadable: list[tuple[str, str]] | None = None, skip_folders: tuple[Path, ...] = (),
) -> list[InputItem]:
    """Expand the command-line inputs into InputItems (sorted, de-duplicated, output names unique).

    Paths that do not exist are kept (they fail later as that file's error, so one typo does not stop a batch).
    Folders that cannot be listed go to `unreadable` (folder, reason) when given, else are a warning. The output
    folder and `skip_folders` (e.g. a folder of reference summaries) are never searched for inputs.
    """
    globs = list(globs or [])
    if inputs.count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    skip_dirs: set[tuple[int, int]] = set()
    for folder in (output_dir, *skip_folders):
        if folder is not None and _is_dir(folder):
            st = folder.stat()
            skip_dirs.add((st.st_dev, st.st_ino))

    # (absolute path used for the common root, path to show/open)
    files: list[tuple[str, Path]] = []
    roots: list[str] = []
    has_stdin = False
    for arg in inputs:
        if arg == STDIN:
            has_stdin = True
            continue
        path = Path(arg)
        if _is_dir(path):  # (one that cannot be looked at fails later as that file's error, the batch goes on)
            roots.append(os.path.abspath(path))
            for f in _walk(path, globs, skip_dirs, unreadable):
                files.append((os.path.abspath(f), f))
        else:
            absolute = os.path.abspath(path)
            roots.append(os.path.dirname(absolute))
            files.append((absolute, path))

    root = os.path.commonpath(roots) if roots else os.getcwd()
    items: list[InputItem] = []
    seen_real: set[str] = set()
    for absolute, shown in files:
        real = os.path.realpath(absolute)
        if real in seen_real:
            continue  # same file reached twice (overlapping folders, a symlink to a file)
        seen_real.add(real)
        items.append(InputItem(str(shown), shown, PurePosixPath(Path(os.path.relpath(absolute, root)).as_posix())))
    items.sort(key=lambda it: str(it.rel))
    if has_stdin:
        items.insert(0, InputItem(STDIN, None, PurePosixPath("stdin")))
    return items


def _is_bench_report(folder: Path) -> bool:
    """Whether a folder holds what `docproc bench report` writes: report.md, runs.csv and a report.json that
    docproc wrote (its headline, documents and the command "docproc bench report ..."). Files that are merely
    named so are documents (review37 F5)."""
    try:
        if not all((folder / name).is_file() for name in ("report.md", "report.json", "runs.csv")):
            return False
        with open(folder / "report.json", encoding="utf-8") as f:
            report = json.load(f)
        return (isinstance(report, dict) and {"headline", "documents", "total", "meta"} <= report.keys()
                and str((report.get("meta") or {}).get("command", "")).startswith("docproc bench"))
    except (OSError, ValueError, AttributeError):
        return False


def _is_dir(path: Path) -> bool:
    """path.is_dir(), False also where the path cannot be looked at (a folder on its way without search
    permission, a name over 255 bytes), which Path.is_dir() raises for."""
    try:
        return path.is_dir()
    except OSError:
        return False


FOREIGN = InputItem("(a file outside this run)", None, PurePosixPath("."))  # see output_names


def output_names(items: list[InputItem], suffix: str,
                 owner: Callable[[PurePosixPath], InputItem | None] | None = None) -> dict[InputItem, PurePosixPath]:
    """Output path (relative to -o DIR) of each input: `sub/notes.pdf` -> `sub/notes.md`, unique.

    Inputs whose names clash keep their full file name (notes.pdf.md, notes.txt.md). That is repeated until no two
    names clash, because a full name can equal another input's short name (a.txt -> a.txt.md next to the input
    a.txt.md, which then becomes a.txt.md.md). `owner(name)` says which input an existing output at `name` was
    made from (None: no such output): that input keeps its short name and only the newcomers move to full names,
    so adding a file never renames (and redoes) an existing output. An output made from a file that is not an
    input of this run but still exists (owner gives FOREIGN) is taken too: one file per call (a shell loop,
    `find -exec`) must not write docs/b/notes.txt over the notes.md of docs/a/notes.txt. Without owners (a fresh
    -o DIR) names depend only on the set of inputs.
    """
    def short(it: InputItem) -> PurePosixPath:
        return it.rel.with_suffix(suffix) if it.rel.suffix else full(it)

    def full(it: InputItem) -> PurePosixPath:
        return PurePosixPath(str(it.rel) + suffix)

    def key(name: PurePosixPath) -> str:
        return str(name).casefold()  # case-insensitive file systems (macOS, Windows shares) collide too

    def foreign(name: PurePosixPath) -> bool:
        return owner is not None and owner(name) is FOREIGN

    ordered = sorted(items, key=lambda it: str(it.rel))
    names = {it: short(it) for it in ordered}
    while True:
        holders: dict[str, list[InputItem]] = {}
        for it in ordered:
            holders.setdefault(key(names[it]), []).append(it)
        # a folder of outputs is no file's name: x.txt beside the folder x.md/ becomes x.txt.md
        folders = {key(parent) for name in names.values() for parent in name.parents}
        clashing = [it for it in ordered if key(names[it]) in folders and names[it] != full(it)]
        for group in holders.values():
            movable = [it for it in group if names[it] != full(it)]
            if movable and foreign(names[group[0]]):
                clashing += movable
                continue
            if len(group) < 2 or not movable:
                continue
            keeper = None
            if owner is not None and len(movable) == len(group):  # else someone can no longer move: old rule
                keeper = next((it for it in group if owner(names[it]) == it), None)
            clashing += [it for it in movable if it != keeper]
        if not clashing:
            break
        for it in set(clashing):
            names[it] = full(it)
    # Full names can still clash when they differ only in case (Notes.txt, notes.txt): number all but the first.
    taken = {key(name) for name in names.values()} | folders
    seen: set[str] = set()
    for it in ordered:
        if key(names[it]) in seen or key(names[it]) in folders or foreign(names[it]):
            n = 2
            while key(numbered := PurePosixPath(f"{it.rel}.{n}{suffix}")) in taken or foreign(numbered):
                n += 1
            names[it] = PurePosixPath(f"{it.rel}.{n}{suffix}")
            taken.add(key(names[it]))
        seen.add(key(names[it]))
    return {it: names[it] for it in items}


_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(spec: str | None) -> tuple[int, int] | None:
    """"K/N" (1 <= K <= N) -> (K, N); None -> None; anything else is a usage error."""
    if spec is None:
        return None
    m = _SHARD.match(spec)
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise UsageError(f"bad --shard {spec!r}", hint="use K/N with 1 <= K <= N, e.g. --shard 1/4")
    return int(m.group(1)), int(m.group(2))


def shard_of(name: PurePosixPath, count: int) -> int:
    """0-based shard of an output path: stable across runs, machines and Python versions."""
    digest = hashlib.sha256(str(name).encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count
