"""Errors users see. Each one becomes a single line on stderr: `docproc: <file>: <what> — <what to do>`."""

from __future__ import annotations

import unicodedata


class DocprocError(Exception):
    """An expected failure with a message fit for a user (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.hint = hint

    def one_line(self) -> str:
        """Always exactly one line: the message and the hint with their spaces collapsed, the path as it is
        ("Report  final.txt" is another file than "Report final.txt") with its control characters escaped."""
        text = " ".join(self.message.split())
        if self.path:
            text = f"{visible(self.path)}: {text}"
        if self.hint:
            text += f" — {' '.join(self.hint.split())}"
        return text


def visible(name: str) -> str:
    """A file name (or a message) fit for one log line: control characters (a newline in a name) escaped, all
    else kept."""
    return "".join(repr(c)[1:-1] if unicodedata.category(c) == "Cc" else c for c in str(name))


class InputError(DocprocError):
    """The input document cannot be read or has nothing to summarize."""


class ModelError(DocprocError):
    """The model cannot be fetched, loaded or run."""


class OutputError(DocprocError):
    """The output cannot be written."""


class UsageError(DocprocError):
    """The command line is wrong."""

    exit_code = 2


class ModelNameError(UsageError, ModelError):
    """--model names no registered model, Hugging Face id or existing path, or a folder without a loadable
    checkpoint: the command line is wrong (exit 2)."""
