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

import contextlib
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
LOCK_TIMEOUT = 30.0
"""Seconds to wait for another process's write to finish before giving the cache up."""
COMMIT_EVERY = 500
"""New results written in one transaction: an interrupted run keeps most of its work, and
other processes sharing the cache wait for the write lock only briefly."""

_BATCH = 500
"""Content keys looked up in one query (SQLite allows at least 999 parameters)."""

_SELECT = "SELECT digest, problems FROM results WHERE fingerprint = ? AND digest IN ({marks})"

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
    """Problems per (schema fingerprint, content digest); use :meth:`open`, then :meth:`close`.

    Several processes may share one cache (pre-commit runs hooks in parallel): reads never
    wait for writers, and new results are written in short transactions of
    :data:`COMMIT_EVERY`. After :meth:`open`, no method raises: the first database error is
    kept in :attr:`error` and the cache then does nothing.
    """

    def __init__(self, connection: sqlite3.Connection, directory: Path, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self.error: sqlite3.Error | None = None
        self._db = connection
        self._used: list[str] = []
        self._new: list[tuple[str, str, str, int]] = []
        self._day = int(time.time() // 86400)

    @classmethod
    def open(cls, directory: Path, fingerprint: str) -> ResultCache:
        """Open (creating) the cache in ``directory``; raises :class:`OSError` or
        :class:`sqlite3.Error` if it cannot be used."""
        directory.mkdir(parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by tei-validate: a cache, never to be committed\n*\n")
        database = directory / DATABASE
        connection = sqlite3.connect(database, timeout=LOCK_TIMEOUT, isolation_level=None)
        try:
            with contextlib.suppress(sqlite3.OperationalError):
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
        except sqlite3.Error:
            connection.close()
            raise
        return cls(connection, directory, fingerprint)

    def get(self, wanted: Sequence[tuple[str, str]]) -> list[list[Problem] | None]:
        """For each (content key, file name) of ``wanted``, the problems stored for that
        content, attributed to that file, or None if it is unknown. One query per batch."""
        stored: dict[str, str] = {}
        keys = list(dict.fromkeys(key for key, _ in wanted))
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            query = _SELECT.format(marks=marks)
            stored |= dict(self._rows(query, (self.fingerprint, *batch)))
        found = [self._problems(stored.get(key), file) for key, file in wanted]
        self.hits += sum(problems is not None for problems in found)
        self.misses += sum(problems is None for problems in found)
        self._used.extend(key for key in keys if key in stored)
        return found

    @staticmethod
    def _problems(text: str | None, file: str) -> list[Problem] | None:
        if text is None:
            return None
        return [Problem(**{**fields, "file": file}) for fields in json.loads(text)]

    def put(self, key: str, problems: Sequence[Problem]) -> None:
        """Remember the problems of content ``key`` (the file name is not stored)."""
        stored = [{**dataclasses.asdict(p), "file": ""} for p in problems]
        self._new.append((self.fingerprint, key, json.dumps(stored, ensure_ascii=False), self._day))
        if len(self._new) >= COMMIT_EVERY:
            self._flush()

    def close(self) -> None:
        """Write what is new, mark the entries used today, drop stale ones, and close."""
        self._flush()
        self._write(
            "UPDATE results SET used = ? WHERE fingerprint = ? AND digest = ? AND used < ?",
            [(self._day, self.fingerprint, key, self._day) for key in self._used],
        )
        self._write("DELETE FROM results WHERE used < ?", [(self._day - KEEP_DAYS,)])
        self._db.close()

    def _flush(self) -> None:
        self._write("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", self._new)
        self._new = []

    def _rows(self, sql: str, parameters: tuple[str, ...]) -> list[tuple[str, str]]:
        if self.error is not None:
            return []
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            self.error = error
            return []

    def _write(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        if self.error is not None or not rows:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(sql, rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self.error = error
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
