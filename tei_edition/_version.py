"""The version of tei_edition (one place, read by the package and its TEI output)."""

__version__ = "0.1.0"
