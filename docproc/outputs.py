"""Writing outputs safely: atomic writes, one lock per output, and "is this output up to date?".

Layout under the output dir DIR (README "Batch and cron"):
  DIR/<rel>.md                       the output (or .json), replaced atomically, never half-written
  DIR/.docproc/state/<h>.json        how that output was made: {output, key, output_sha256, ...}
  DIR/.docproc/locks/<h>.lock        flock'ed while a process works on that output (h = sha256 of <rel>)

An output is up to date when its state file exists, its key (input sha256 + command + model + settings) equals
the key of this run, and the output file still has the bytes recorded (an edited or truncated output is redone).
Locks are fcntl.flock locks: the kernel releases them when the holder exits, even on SIGKILL, so a crashed run
never leaves a stale lock. Lock files stay on disk on purpose (deleting a flock'ed file races with other holders).
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from docproc.errors import OutputError

STATE_DIR = ".docproc"
_TMP_SUFFIX = ".docproc.tmp"  # hidden + .tmp: skipped by every folder walk, recognisable for clean-up


def _write_fully(fd: int, data: bytes) -> None:
    """os.write may write less than asked; loop until done (tests patch this to simulate a full disk)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not support fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def describe_os_error(exc: OSError) -> tuple[str, str | None]:
    if exc.errno == errno.ENOSPC:
        return "disk full while writing", "free some space and run again (nothing was written)"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded while writing", "free some space and run again (nothing was written)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "cannot write (permission denied or read-only)", "choose a writable output folder with -o"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # mkdir of the output's folders (review19 F7)
        return "cannot write: a file is in the way of a folder on its path", "move that file, or use another -o"
    if exc.errno == errno.ENAMETOOLONG:  # review19 F5: the input's name plus ".pdf.md" past 255 bytes
        return "cannot write: the output's name is too long", "rename the input to a shorter name"
    return f"cannot write ({exc.strerror or exc})", None


def to_bytes(text: str | bytes) -> bytes:
    """UTF-8; a file name that is not valid UTF-8 (a lone surrogate from os.listdir) is written escaped."""
    return text if isinstance(text, bytes) else text.encode("utf-8", "backslashreplace")


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write `text` to `path` so that readers see the old file or the whole new one, never a part.

    A temp file in the same folder is written, fsync'ed and renamed over `path`; any failure removes it.
    Raises OutputError (disk full, permission, ...).
    """
    data = to_bytes(text)
    path = Path(path)
    tmp = path.parent / f"{_tmp_prefix(path.name)}.{os.getpid()}.{time.monotonic_ns()}{_TMP_SUFFIX}"
    if is_special_file(path):  # renaming over /dev/null (as root) or a pipe would replace it for every program
        raise OutputError("not a regular file: nothing was written over it", path=str(path),
                          hint="give the path of a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            _write_fully(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        _unlink_quietly(tmp)
        message, hint = describe_os_error(exc)
        raise OutputError(message, path=str(path), hint=hint) from exc
    except BaseException:  # KeyboardInterrupt, a timeout alarm: still leave nothing behind
        _unlink_quietly(tmp)
        raise
    _fsync_dir(path.parent)


def is_special_file(path: Path, follow: bool = False) -> bool:
    """Whether `path` is a device, a pipe or a socket (not a file, a folder or a symlink, nor missing); with
    `follow`, what a symlink leads to (/dev/stdout, whose realpath "/proc/PID/fd/pipe:[N]" names no file)."""
    try:
        mode = (os.stat if follow else os.lstat)(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode))


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _tmp_prefix(name: str) -> str:
    """Hidden name of an output's temp files: the name itself, or a hash of a long one (a name near the file
    system's 255 bytes, e.g. 80 Japanese characters, would not fit with the temp file's suffix)."""
    if len(name.encode("utf-8", "surrogateescape")) <= 160:
        return f".{name}"
    return "." + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def remove_stale_temps(path: Path, names: list[str] | None = None) -> None:
    """Remove temp files a killed run left next to `path` (call only while holding `path`'s lock). `names`: the
    temp files of its folder, when the caller listed them already."""
    if names is None:
        names = _temp_names(path.parent)
    prefix = f"{_tmp_prefix(path.name)}."
    for name in names:
        if name.startswith(prefix):
            _unlink_quietly(path.parent / name)


def _temp_names(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in os.scandir(folder) if entry.name.endswith(_TMP_SUFFIX)]
    except OSError:
        return []


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_key(input_sha256: str, fields: dict) -> str:
    """The identity of one output: same input bytes + same command, model and settings = same key."""
    blob = json.dumps({"input_sha256": input_sha256, **fields}, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def probe_writable(folder: Path) -> None:
    """Create and drop a temporary file in `folder`; raises OSError when nothing can be written there. For
    checks that refuse an unwritable output path before the work, not after it."""
    with tempfile.TemporaryFile(dir=folder):
        pass


class OutputDir:
    """The -o folder: where outputs, their state and their locks live."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._temps: dict[Path, list[str]] = {}  # folder -> its temp files, listed once (remove_stale_temps)

    def path_of(self, rel: PurePosixPath) -> Path:
        return self.root.joinpath(*rel.parts)

    def _hashed(self, rel: PurePosixPath, kind: str, suffix: str) -> Path:
        h = hashlib.sha256(str(rel).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self.root / STATE_DIR / kind / f"{h}{suffix}"

    def remove_stale_temps(self, rel: PurePosixPath) -> None:
        """Remove the temp files a killed run left beside output `rel` (hold its lock). Each folder is listed once
        per run: a listing per output made a rerun over a folder of 2,000 files quadratic."""
        path = self.path_of(rel)
        if path.parent not in self._temps:
            self._temps[path.parent] = _temp_names(path.parent)
        remove_stale_temps(path, self._temps[path.parent])

    # ---- up-to-date check ----------------------------------------------------------------------

    def is_up_to_date(self, rel: PurePosixPath, key: str) -> bool:
        state = self.state_of(rel)
        if state is None or state.get("key") != key:
            return False
        try:
            return sha256_file(self.path_of(rel)) == state.get("output_sha256")
        except OSError:
            return False  # output deleted or unreadable: make it again

    def state_of(self, rel: PurePosixPath) -> dict | None:
        """The recorded state of output `rel` ({source, input_path, ...}), or None when there is none."""
        try:
            state = json.loads(self._hashed(rel, "state", ".json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) and state.get("output") == str(rel) else None

    def recorded_outputs(self) -> set[str]:
        """The outputs (paths relative to the root) whose state is recorded here; empty for a folder that is no
        docproc output folder (a walk of input folders skips them: outputs are never read back as documents)."""
        try:
            entries = list(os.scandir(self.root / STATE_DIR / "state"))
        except OSError:
            return set()
        made = set()
        for entry in entries:
            try:
                state = json.loads(Path(entry.path).read_text("utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(state, dict) and isinstance(state.get("output"), str):
                made.add(state["output"])
        return made

    def record(self, rel: PurePosixPath, key: str, text: str, info: dict) -> None:
        """Remember how `rel` was made (after the output itself was written)."""
        state = {
            "output": str(rel),
            "key": key,
            "output_sha256": sha256_bytes(to_bytes(text)),
            "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            **info,
        }
        atomic_write(self._hashed(rel, "state", ".json"), json.dumps(state, indent=1, ensure_ascii=False) + "\n")

    # ---- locks ---------------------------------------------------------------------------------

    @contextmanager
    def lock(self, rel: PurePosixPath, input_path: str | None = None):
        """Yield None when this process now owns `rel`, else the pid (or "?") of the process that does.

        Non-blocking: an output another docproc is making is left to it (overlapping cron runs share work).
        `input_path`: the real path of the document this process makes `rel` from, written in the lock for
        others to read (holder_input): one that makes another document's output under that name must take
        another name, not skip its own document.
        """
        lock_path = self._hashed(rel, "locks", ".lock")
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            message, hint = describe_os_error(exc)
            raise OutputError(message.replace("write", "create a lock"), path=str(lock_path), hint=hint) from exc
        try:
            for attempt in range(20):
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    holder = _read_lock(fd)[0]
                    if holder != "?" or attempt == 19:
                        yield holder
                        return
                    # an empty lock file: its holder is between taking the lock and saying who it is, or between
                    # emptying it and letting go (review21 F5: such documents were skipped); ask again
                    time.sleep(0.02)
            try:  # who holds it and for which document, for the other processes
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n{json.dumps(input_path)}\n".encode(), 0)
            except OSError:
                pass
            try:
                yield None
            finally:
                try:  # what the file says is true only while it is held (holder_input reads it without locking)
                    os.ftruncate(fd, 0)
                except OSError:
                    pass
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def holder_input(self, rel: PurePosixPath) -> str | None:
        """The real path of the document another process is making `rel` from now; None when nobody holds its
        lock, or the holder did not say (stdin, an older docproc). Read, not locked: a probe that locked the
        file made a process that tried the lock at that moment skip its document (review20 F7)."""
        try:
            fd = os.open(self._hashed(rel, "locks", ".lock"), os.O_RDONLY)
        except OSError:
            return None
        try:
            pid, input_path = _read_lock(fd)
        finally:
            os.close(fd)
        if input_path is None or not pid.isdigit():
            return None
        try:
            os.kill(int(pid), 0)  # a holder killed before it emptied the file holds nothing
        except ProcessLookupError:
            return None
        except OSError:
            pass  # alive, another user's
        return input_path


def _read_lock(fd: int) -> tuple[str, str | None]:
    """(pid or "?", input path or None) as a lock holder wrote them."""
    try:
        pid, _, rest = os.pread(fd, 1 << 16, 0).decode("utf-8", "replace").partition("\n")
        input_path = json.loads(rest) if rest.strip() else None
    except (OSError, ValueError):
        return "?", None
    return pid.strip() or "?", input_path if isinstance(input_path, str) else None
