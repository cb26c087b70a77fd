"""tei_edition: plain-text archival transcripts to TEI P5 editions, and TEI validation.

The public API::

    result = tei_edition.convert(text, source_name="cable.txt")
    result.tree        # the lxml tree of the TEI document
    result.document    # the document model (tei_edition.model), inspectable without XML
    result.warnings    # Diagnostic values: file, line, col, message
    tei_edition.reading_text(result.tree)  # the document text, brackets regenerated
"""

from ._version import __version__
from .convert import Result, convert, convert_file
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
from .reading import reading_text

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
    "reading_text",
]
