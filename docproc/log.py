"""Messages on stderr: rich on a terminal, plain timestamped lines under cron or in a pipe."""

from __future__ import annotations

import os
import sys
import time

from docproc.errors import visible

_level = 1  # 0 = errors only (-q), 1 = normal, 2 = verbose (-v)


def set_verbosity(quiet: bool = False, verbose: bool = False) -> None:
    global _level
    _level = 0 if quiet else 2 if verbose else 1


def verbosity() -> int:
    return _level


def is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # stderr closed (`2>&-` makes it None)
        return False


def _emit(prefix: str, message: str, keep_lines: bool = False) -> None:
    # one line, its spaces kept ("Report  final.txt" is a file of its own, and a newline in a file name is shown
    # as \n); only a traceback (-v) keeps its lines
    line = str(message) if keep_lines else visible(str(message))
    stamp = "" if is_tty() else time.strftime("%Y-%m-%dT%H:%M:%S ")
    try:
        sys.stderr.write(f"{stamp}{prefix}{line}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # EPIPE (`2>&1 | head`), ENOSPC (`2>> full-disk.log`), closed
        # The log is gone; a batch must not stop or change its exit code for that: drop all later messages.
        drop_stream("stderr")


_dead_streams = []  # streams that failed, kept referenced: if collected, their close would try the flush again


def drop_stream(name: str) -> None:
    """Swap sys.stdout or sys.stderr, after a write to it failed, for /dev/null: its unwritable buffer would
    otherwise fail again in every later write (ours, rich, warnings) and in Python's final flush, which turns
    the exit code into 120."""
    _dead_streams.append(getattr(sys, name))
    setattr(sys, name, open(os.devnull, "w"))


def error(message: str) -> None:
    _emit("docproc: error: ", message)


def warn(message: str) -> None:
    if _level >= 1:
        _emit("docproc: warning: ", message)


def info(message: str) -> None:
    if _level >= 1:
        _emit("docproc: ", message)


def debug(message: str, keep_lines: bool = False) -> None:
    if _level >= 2:
        _emit("docproc: debug: ", message, keep_lines)
