"""docproc: faithful summaries of long documents with a local language model.

The library comes first; `docproc.cli` is one thin client of it.
"""

__version__ = "0.1.0"
