"""Validation results remembered between runs, keyed by file content and schema.

This module owns ``tei-validate``'s result cache: one SQLite file in a cache directory
(default ``.tei_edition_cache`` in the working directory, or ``$TEI_EDITION_CACHE_DIR``). A
file whose bytes were already checked against the same schema fingerprint (schema files,
validator module, tool and engine versions: :attr:`Validator.fingerprint
<tei_edition.validate.Validator.fingerprint>`) gets the problems stored then, without being
parsed. Entries unused for :data:`KEEP_DAYS` days are dropped. A cache that cannot be opened or
written is a warning, never a failure: validation then runs uncached.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from tei_edition.validate import Problem

DEFAULT_DIR = ".tei_edition_cache"
ENV_DIR = "TEI_EDITION_CACHE_DIR"
DATABASE = "validate.sqlite3"
KEEP_DAYS = 30
COMMIT_EVERY = 1000
"""Results written before a commit, so that an interrupted run keeps most of its work."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    fingerprint TEXT NOT NULL,
    digest TEXT NOT NULL,
    problems TEXT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (fingerprint, digest)
) WITHOUT ROWID
"""


def digest(data: bytes) -> str:
    """The content key of a file's bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def default_dir() -> Path:
    return Path(os.environ.get(ENV_DIR) or DEFAULT_DIR)


class ResultCache:
    """Problems per (schema fingerprint, content digest); use :meth:`open`, then :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection, directory: Path, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self._db = connection
        self._used: list[str] = []
        self._pending = 0
        self._day = int(time.time() // 86400)

    @classmethod
    def open(cls, directory: Path, fingerprint: str) -> ResultCache:
        """Open (creating) the cache in ``directory``; raises :class:`OSError` or
        :class:`sqlite3.Error` if it cannot be used."""
        directory.mkdir(parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by tei-validate: a cache, never to be committed\n*\n")
        connection = sqlite3.connect(directory / DATABASE, timeout=10, isolation_level=None)
        try:
            connection.execute(_SCHEMA)
            connection.execute("BEGIN")
        except sqlite3.Error:
            connection.close()
            raise
        return cls(connection, directory, fingerprint)

    def get(self, key: str, file: str) -> list[Problem] | None:
        """The problems stored for content ``key``, attributed to ``file``; None if unknown."""
        row = self._db.execute(
            "SELECT problems FROM results WHERE fingerprint = ? AND digest = ?",
            (self.fingerprint, key),
        ).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.append(key)
        return [Problem(**{**fields, "file": file}) for fields in json.loads(row[0])]

    def put(self, key: str, problems: Sequence[Problem]) -> None:
        """Remember the problems of content ``key`` (the file name is not stored)."""
        stored = [{**dataclasses.asdict(p), "file": ""} for p in problems]
        self._db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
            (self.fingerprint, key, json.dumps(stored, ensure_ascii=False), self._day),
        )
        self._pending += 1
        if self._pending >= COMMIT_EVERY:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._pending = 0

    def close(self) -> None:
        """Mark the entries used today, drop stale ones, commit and close."""
        try:
            self._db.executemany(
                "UPDATE results SET used = ? WHERE fingerprint = ? AND digest = ? AND used < ?",
                ((self._day, self.fingerprint, key, self._day) for key in self._used),
            )
            self._db.execute("DELETE FROM results WHERE used < ?", (self._day - KEEP_DAYS,))
            self._db.execute("COMMIT")
        finally:
            self._db.close()
