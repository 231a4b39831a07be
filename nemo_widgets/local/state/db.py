"""The engine's SQLite database: connections, schema, forward migrations, the 0.1.0 import.

One file, ``state.db`` (WAL mode, ``synchronous=NORMAL``), one connection per
thread. Writes go through :meth:`Database.write`: one ``BEGIN IMMEDIATE``
transaction, serialised by a lock, committed or rolled back whole. The schema
version lives in ``PRAGMA user_version``; :data:`MIGRATIONS` takes a database
from any older version to :data:`SCHEMA_VERSION`, one step at a time, each
step in the same transaction as its version bump.

A database that SQLite cannot read is moved aside (``state.db.corrupt-<time>``)
with one error log line and a fresh one is made, so a damaged file never
makes a crash loop. A database written by a newer nemo-widgets is refused
with a clear sentence (nothing is moved: its data stays for that version).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nemo_widgets.local.state.db_import import import_json

__all__ = ["DB_NAME", "DISK_FULL", "SCHEMA_VERSION", "Database", "NewerDatabase", "disk_nearly_full", "is_disk_full"]

log = logging.getLogger("nemo_widgets.local")

DB_NAME = "state.db"
LEGACY_JSON = "state.json"
JSON_BACKUP = "state.json.imported-backup"
BUSY_TIMEOUT_MS = 10_000
WAL_LIMIT_BYTES = 8 * 1024 * 1024  # the WAL file is cut back to this after a checkpoint
#: what a request or render stopped by a full disk says (HTTP 507)
DISK_FULL = (
    "The engine's disk is full, so nothing was saved: free some space (`nemo-widgets clean` removes "
    "old sessions and renders) and try again."
)

_SCHEMA_1 = """
CREATE TABLE accounts (id TEXT PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, credits_total INTEGER NOT NULL,
    credits_used INTEGER NOT NULL DEFAULT 0, frozen INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE tokens (digest TEXT PRIMARY KEY, account TEXT NOT NULL, expires REAL NOT NULL);
CREATE INDEX tokens_expires ON tokens (expires);
CREATE TABLE sessions (id TEXT PRIMARY KEY, task_id TEXT NOT NULL, account TEXT NOT NULL, language TEXT NOT NULL,
    created REAL NOT NULL, used REAL NOT NULL, output_format TEXT, draft TEXT NOT NULL);
CREATE INDEX sessions_used ON sessions (used);
CREATE TABLE history (session TEXT NOT NULL, seq INTEGER NOT NULL, draft TEXT NOT NULL, PRIMARY KEY (session, seq));
CREATE TABLE media (session TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, size INTEGER NOT NULL,
    record TEXT NOT NULL, PRIMARY KEY (session, id));
CREATE TABLE generated (session TEXT NOT NULL, seq INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (session, seq));
CREATE TABLE claims (digest TEXT PRIMARY KEY, session TEXT NOT NULL, account TEXT NOT NULL, expires REAL NOT NULL);
CREATE INDEX claims_expires ON claims (expires);
CREATE TABLE renders (id TEXT PRIMARY KEY, session TEXT NOT NULL, account TEXT NOT NULL, status TEXT NOT NULL,
    created REAL NOT NULL, used REAL NOT NULL, size INTEGER, job TEXT NOT NULL);
CREATE INDEX renders_session ON renders (session);
CREATE INDEX renders_status ON renders (status);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class NewerDatabase(RuntimeError):
    """The database was written by a newer nemo-widgets (its schema version is unknown here)."""


def is_disk_full(exc: BaseException) -> bool:
    """True for 'no space left on device', from the OS or from SQLite."""
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return True
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
        return True
    return "no space left on device" in str(exc).lower()  # e.g. ffmpeg's own message in a render error


def disk_nearly_full(path: Path, margin: int = 1024 * 1024) -> bool:
    """Less than ``margin`` bytes left where ``path`` lives (the reason a write there failed, likely)."""
    try:
        return shutil.disk_usage(path).free < margin
    except OSError:
        return False


def _schema_1(con: sqlite3.Connection, data_dir: Path) -> None:
    for statement in filter(str.strip, _SCHEMA_1.split(";")):
        con.execute(statement)
    legacy = data_dir / LEGACY_JSON
    if legacy.exists():
        import_json(con, legacy)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('json_imported', ?)", (str(time.time()),))


def _schema_2(con: sqlite3.Connection, data_dir: Path) -> None:
    """The drafts an undo took back, for a redo (cleared by the next edit)."""
    con.execute(
        "CREATE TABLE redo (session TEXT NOT NULL, seq INTEGER NOT NULL, draft TEXT NOT NULL, PRIMARY KEY (session, seq))"
    )


#: version -> the step that makes a database of ``version - 1`` into one of ``version``.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection, Path], None]] = {1: _schema_1, 2: _schema_2}
SCHEMA_VERSION = max(MIGRATIONS)


class Database:
    """``<data_dir>/state.db``: thread-local connections, serialised write transactions."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._conns: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._conns_lock = threading.Lock()
        self._closed = False
        self._open()

    # opening -------------------------------------------------------------
    def _open(self) -> None:
        try:
            self._check_and_migrate()
        except NewerDatabase:
            raise
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc):
                raise
            self._close_all()
            aside = self._move_aside(exc)
            log.error(
                "nemo-widgets engine: the state database %s could not be read (%s); it was moved to %s "
                "and a new, empty one was started",
                self.path,
                exc,
                aside,
            )
            self._check_and_migrate()
        self._backup_json()

    def _check_and_migrate(self) -> None:
        con = self.connection()
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerDatabase(
                f"{self.path} was written by a newer nemo-widgets (schema {version}, this one knows "
                f"{SCHEMA_VERSION}): upgrade nemo-widgets, or use another --data-dir"
            )
        if version:
            result = con.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {result}")
        if version == 0:  # before the first table: removed rows give their pages back (see compact)
            con.execute("PRAGMA auto_vacuum=INCREMENTAL")
        con.execute("PRAGMA journal_mode=WAL")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.write() as tx:
                MIGRATIONS[target](tx, self.data_dir)
                tx.execute(f"PRAGMA user_version = {target}")
            log.info("nemo-widgets engine: state database at schema %d", target)

    def _move_aside(self, exc: BaseException) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{DB_NAME}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        return aside

    def _backup_json(self) -> None:
        """Keep the imported 0.1.0 ``state.json`` as a backup (renamed, so it is imported only once)."""
        legacy = self.data_dir / LEGACY_JSON
        if legacy.exists() and self.meta("json_imported") is not None:
            legacy.replace(self.data_dir / JSON_BACKUP)
            log.info(
                "nemo-widgets engine: imported %s into %s; the old file is kept as %s",
                legacy.name,
                DB_NAME,
                JSON_BACKUP,
            )

    # connections ---------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (made on first use)."""
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            if self._closed:
                raise RuntimeError("the engine's database is closed")
            con = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            con.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
            self._local.con = con
            self._track(con)
        return con

    def _track(self, con: sqlite3.Connection) -> None:
        """Remember ``con`` for closing; close those of threads that have ended (render threads)."""
        with self._conns_lock:
            alive = []
            for thread, other in self._conns:
                if thread.is_alive():
                    alive.append((thread, other))
                else:
                    other.close()
            self._conns = [*alive, (threading.current_thread(), con)]

    def _close_all(self) -> None:
        with self._conns_lock:
            for _, con in self._conns:
                con.close()
            self._conns = []
        self._local = threading.local()

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close every connection."""
        if self._closed:
            return
        try:
            with self._write_lock:
                self.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            log.warning("nemo-widgets engine: closing the state database: %s", exc)
        self._closed = True
        self._close_all()

    def compact(self) -> None:
        """Give the pages of removed rows back to the file system and fold the WAL into the main file."""
        with self._write_lock:
            con = self.connection()
            con.execute("PRAGMA incremental_vacuum")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # transactions ----------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back when it raises."""
        con = self.connection()
        with self._write_lock:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read of several statements (one snapshot; writers go on meanwhile)."""
        con = self.connection()
        con.execute("BEGIN")
        try:
            yield con
        finally:
            con.execute("COMMIT")

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.connection().execute(sql, args).fetchone()
        return row

    def meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])
