"""tei_edition: plain-text archival transcripts to TEI P5 editions, and TEI validation.

The public API::

    result = tei_edition.convert(text, source_name="cable.txt")
    result.tree        # the lxml tree of the TEI document
    result.document    # the document model (tei_edition.model), inspectable without XML
    result.warnings    # Diagnostic values: file, line, col, message
    tei_edition.reading_text(result.tree)  # the document text, brackets regenerated
    tei_edition.convert_many(paths, out_dir, executor=None)  # batches, any Executor

The converter is imported on first use, so ``tei-validate`` starts without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    Diagnostic,
    HostileXMLError,
    InputError,
    InvalidTEIError,
    LossError,
    SchemaNotFoundError,
    SourceError,
    TeiEditionError,
)

if TYPE_CHECKING:
    from .batch import convert_many
    from .pipeline import Result, convert, convert_file
    from .reading import reading_text

_LAZY = {
    "Result": "pipeline",
    "convert": "pipeline",
    "convert_file": "pipeline",
    "convert_many": "batch",
    "reading_text": "reading",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Diagnostic",
    "HostileXMLError",
    "InputError",
    "InvalidTEIError",
    "LossError",
    "Result",
    "SchemaNotFoundError",
    "SourceError",
    "TeiEditionError",
    "__version__",
    "convert",
    "convert_file",
    "convert_many",
    "reading_text",
]
