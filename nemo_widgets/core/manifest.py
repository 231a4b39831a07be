"""The batch manifest: one SQLite file next to a batch's outputs, the single record of what happened.

Why SQLite rather than JSON lines: each item's record changes five or six
times as it moves from upload to download, and every change must survive a
Ctrl-C or a killed kernel at any instant. SQLite gives that per change (one
small transaction, WAL journal: a process killed mid-write leaves the
previous state, never a torn record) and updates a row in place, so the file
stays one row per item at 1,000 items without compaction; it is in the
standard library, and the manifest can be read while a batch runs
(``sqlite3 nemo_batch.sqlite3 'select status, count(*) from items group by 1'``).
Only the driver (the process that called ``process_many``) writes it, even when
the work runs on a Dask cluster, so SQLite's file locking is never shared
across machines.

It never holds a token: an item's session and render are found again by id
with the client's identity (its client id, or ``NEMO_TOKEN``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = [
    "MANIFEST_NAME",
    "OUTCOME_FIELDS",
    "STATUSES",
    "Manifest",
    "Outcome",
    "Record",
    "file_checksum",
    "fingerprint",
]

MANIFEST_NAME = "nemo_batch.sqlite3"
RESULTS_ZIP = "nemo_batch_results.zip"
SCHEMA_VERSION = 1

#: An item's status, in the order it moves through them; ``done`` and ``failed`` end it.
STATUSES = ("waiting", "running", "uploading", "editing", "rendering", "downloading", "done", "failed")


@dataclass
class Outcome:
    """How far an item got: what a job reports (``JobResult``) and what the manifest keeps of it (``Record``)."""

    status: str = "waiting"
    session_id: str = ""
    edited: bool = False
    render_id: str = ""
    output: str = ""
    result_format: str = ""
    checksum: str = ""
    size: int = 0
    error: str = ""
    retryable: bool = False

    def outcome(self) -> dict[str, Any]:
        """The :class:`Outcome` fields and their values (what a finished job writes to the manifest)."""
        return {name: getattr(self, name) for name in OUTCOME_FIELDS}


OUTCOME_FIELDS = tuple(f.name for f in fields(Outcome))


@dataclass(kw_only=True)
class Record(Outcome):
    """One item of a batch as the manifest keeps it (``key`` is the source's absolute path)."""

    key: str
    position: int
    source: str
    instruction: str
    format: str = ""
    fingerprint: str = ""
    folder: str = ""
    attempts: int = 0
    updated: float = 0.0

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def output_intact(self) -> bool:
        """The recorded result is still on disk with its recorded size (a cheap check; see ``checksum``)."""
        if not self.output:
            return False
        try:
            return Path(self.output).stat().st_size == self.size
        except OSError:
            return False


_FIELDS = tuple(f.name for f in fields(Record))
_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "bool": "INTEGER", "float": "REAL"}
#: The table's columns, from ``Record`` (``key`` the primary key); rows are written and read by column name.
_COLUMNS = ", ".join(
    f"{f.name} {_SQL_TYPES[str(f.type)]}{' PRIMARY KEY' if f.name == 'key' else ''}" for f in fields(Record)
)
_INSERT = f"INSERT OR REPLACE INTO items ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})"


def fingerprint(path: str | os.PathLike[str]) -> str:
    """Size and modification time of a source ("" when it is not there): a changed file is redone."""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def file_checksum(path: str | os.PathLike[str]) -> str:
    """``sha256:<hex>`` of a file, read in 1 MiB pieces."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


class Manifest:
    """The items of one batch folder in ``<folder>/nemo_batch.sqlite3``.

    ``put`` writes a whole record, ``update(key, **changes)`` some fields;
    each is its own committed transaction. Safe to call from several threads
    (one connection behind a lock), though the batch driver calls it from its
    event loop only.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / MANIFEST_NAME
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process; one fsync per checkpoint
        self._db.execute(f"CREATE TABLE IF NOT EXISTS items ({_COLUMNS})")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)

    # -- reading -----------------------------------------------------------
    def get(self, key: str) -> Record | None:
        with self._lock:
            row = self._db.execute(f"SELECT {', '.join(_FIELDS)} FROM items WHERE key = ?", (key,)).fetchone()
        return _record(row) if row else None

    def records(self) -> list[Record]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_FIELDS)} FROM items ORDER BY position").fetchall()
        return [_record(row) for row in rows]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM items").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """How many items have each status."""
        with self._lock:
            rows = self._db.execute("SELECT status, count(*) FROM items GROUP BY status").fetchall()
        return {str(status): int(n) for status, n in rows}

    # -- writing -----------------------------------------------------------
    def put(self, record: Record) -> None:
        record.updated = time.time()
        values = _row(record)
        with self._lock:
            self._db.execute(_INSERT, values)

    def put_many(self, records: Iterable[Record]) -> None:
        """Write several records in one transaction (a batch's first write)."""
        now = time.time()
        rows = []
        for record in records:
            record.updated = now
            rows.append(_row(record))
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(_INSERT, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def update(self, key: str, **changes: Any) -> None:
        unknown = set(changes) - set(_FIELDS)
        if unknown:
            raise ValueError(f"not a manifest field: {', '.join(sorted(unknown))}")
        changes["updated"] = time.time()
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self._lock:
            self._db.execute(f"UPDATE items SET {assignments} WHERE key = ?", [*map(_stored, changes.values()), key])

    def zip_results(self, dest: str | os.PathLike[str] | None = None) -> tuple[Path, int]:
        """Every finished item's result in one zip (stored, not recompressed: media is compressed already).

        Each file goes in as ``<item folder>/<file name>``. Returns the zip's path and how many files it holds.
        """
        target = Path(dest) if dest is not None else self.folder / RESULTS_ZIP
        done = [r for r in self.records() if r.status == "done" and r.output_intact()]
        partial = target.with_name(f".{target.name}.partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
            for record in done:
                output = Path(record.output)
                archive.write(output, f"{Path(record.folder).name or output.parent.name}/{output.name}")
        os.replace(partial, target)
        return target, len(done)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Manifest({str(self.path)!r})"


def _row(record: Record) -> list[Any]:
    return [_stored(getattr(record, name)) for name in _FIELDS]


def _stored(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _record(row: tuple[Any, ...]) -> Record:
    data = dict(zip(_FIELDS, row, strict=True))
    for name in ("edited", "retryable"):
        data[name] = bool(data[name])
    for name, value in list(data.items()):
        if value is None:
            data[name] = Record.__dataclass_fields__[name].default
    return Record(**data)
