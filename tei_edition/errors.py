"""The one exception tree of tei_edition, and diagnostics as data.

Every error that concerns a place in a file carries that place and prints as
``file:line:col: message``. Warnings are :class:`Diagnostic` values, never exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning or error about one place in a source file (1-based line and column)."""

    file: str
    line: int
    col: int
    message: str
    code: str = "warning"
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class TeiEditionError(Exception):
    """Root of every error raised by tei_edition."""


class SourceError(TeiEditionError):
    """An error at a place in an input file."""

    def __init__(self, file: str, line: int, col: int, message: str) -> None:
        self.file, self.line, self.col, self.message = file, line, col, message
        super().__init__(f"{file}:{line}:{col}: {message}")


class InputError(SourceError):
    """The input cannot be read as a transcript (empty, binary, undecodable, only noise)."""


class LossError(SourceError):
    """The TEI would lose or add words of the document text."""


class HostileXMLError(SourceError):
    """XML input that uses DTDs, entities, or exceeds size or depth limits."""


class SchemaNotFoundError(TeiEditionError):
    """A schema named by the user or needed by default cannot be found."""


class InvalidTEIError(TeiEditionError):
    """A document is not valid; ``problems`` holds every validation problem as data."""

    def __init__(self, message: str, problems: tuple[object, ...] = ()) -> None:
        self.problems = problems
        super().__init__(message)
