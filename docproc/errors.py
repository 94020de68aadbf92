"""Errors users see. Each one becomes a single line on stderr: `docproc: <file>: <what> — <what to do>`."""

from __future__ import annotations


class DocprocError(Exception):
    """An expected failure with a message fit for a user (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.hint = hint

    def one_line(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text += f" — {self.hint}"
        return " ".join(text.split())  # always exactly one line


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
    """--model names no registered model, Hugging Face id or existing path: the command line is wrong (exit 2)."""
