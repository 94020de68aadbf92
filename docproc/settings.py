"""What one CLI invocation asks for, as plain data (the CLI fills it; batch.run executes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RunSettings:
    command: str  # "summarize" | "keypoints" | "extract"
    inputs: list[str]  # files, folders, or "-" for stdin
    output_dir: Path | None = None  # None = stdout
    json: bool = False
    model: str = "smollm2-135m"
    device: str = "auto"  # auto | cuda | cpu
    attention: str = "auto"  # auto | sparse | dense
    sparse_tau: float | None = None  # None = SparseConfig default
    sparse_block: int | None = None
    pages: str | None = None  # "3-10,12"
    language: str = "auto"  # auto | en | ja | ...
    length: str = "medium"  # short | medium | long
    password: str | None = None
    force: bool = False
    globs: list[str] = field(default_factory=list)
    report: Path | None = None
    fail_fast: bool = False
    timeout: float | None = None  # seconds per document
    shard: str | None = None  # "K/N", 1-based K
    quiet: bool = False
    verbose: bool = False
