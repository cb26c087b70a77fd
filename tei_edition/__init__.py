"""tei_edition: plain-text archival transcripts to TEI P5 editions, and TEI validation."""

__version__ = "0.1.0"
