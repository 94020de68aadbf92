"""Handing freed heap memory back to the operating system between chunks of the CPU path.

The torch path's many short-lived buffers (selection state, per-call SDPA outputs and per-thread tiles) are freed
after each chunk of query blocks, but glibc keeps every heap page they touched resident, and the next chunk's
buffers land partly on other pages: the resident set grows by the union of the chunks' working sets, not by the
largest of them. malloc_trim(0) returns the whole free pages after each chunk, so the peak resident set is the
output plus one chunk's working set (docs/benchmarks.md: 0.2-1.3 MiB lower at 8K-32K, at 1-2 % of the time).
It changes no allocator setting of the process; elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import functools


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None (another C library, or none found)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # glibc's soname
    except (OSError, AttributeError):
        return None


def release_free_heap() -> None:
    """Return the heap's free pages to the operating system (glibc); a no-op where that is not available."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
