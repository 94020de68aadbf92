"""Messages on stderr: rich on a terminal, plain timestamped lines under cron or in a pipe."""

from __future__ import annotations

import sys
import time

_level = 1  # 0 = errors only (-q), 1 = normal, 2 = verbose (-v)


def set_verbosity(quiet: bool = False, verbose: bool = False) -> None:
    global _level
    _level = 0 if quiet else 2 if verbose else 1


def verbosity() -> int:
    return _level


def is_tty() -> bool:
    return sys.stderr.isatty()


def _emit(prefix: str, message: str) -> None:
    line = " ".join(str(message).split()) if "\n" not in str(message) else str(message)
    if is_tty():
        sys.stderr.write(f"{prefix}{line}\n")
    else:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        sys.stderr.write(f"{stamp} {prefix}{line}\n")
    sys.stderr.flush()


def error(message: str) -> None:
    _emit("docproc: error: ", message)


def warn(message: str) -> None:
    if _level >= 1:
        _emit("docproc: warning: ", message)


def info(message: str) -> None:
    if _level >= 1:
        _emit("docproc: ", message)


def debug(message: str) -> None:
    if _level >= 2:
        _emit("docproc: debug: ", message)
