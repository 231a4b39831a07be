"""Retention: what the engine forgets, so its folder stays bounded.

Rules, applied by :func:`sweep` (at engine start, then every
``retention_every_s``, after uploads, and by ``nemo-widgets clean``):

1. expired tokens and claim links are deleted;
2. a session not used for ``keep_days`` days is removed with its uploaded media
   and its renders; a finished render is removed when neither it nor its
   session was used for ``keep_days`` days;
3. while the folder is larger than ``max_bytes``, the least recently used
   finished render or session goes first (a session's renders before it);
4. files no row knows (an upload or render cut by a crash) are removed once
   they are an hour old.

Never touched: a session with a render still running in this engine, and any
session used in the last hour (the one a notebook is working with). Rows go
first, then files: a crash in between leaves only files, which rule 4 removes.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from nemo_widgets.local.state.records import FINISHED
from nemo_widgets.local.state.store import Store
from nemo_widgets.protocol.constants import RESULTLESS_RENDER_STATES

__all__ = ["Janitor", "Report", "folder_size", "sweep"]

log = logging.getLogger("nemo_widgets.local")

DAY_S = 86400.0
ACTIVE_S = 3600.0  # a session used this recently is "running": never removed
GRACE_S = 3600.0  # an unknown file younger than this may be an upload or render in progress
MIN_GAP_S = 5.0


@dataclass
class Report:
    sessions: int = 0
    renders: int = 0
    orphans: int = 0
    freed: int = 0
    size_after: int = 0
    over_cap: bool = False
    removed: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        text = (
            f"removed {self.sessions} sessions, {self.renders} renders and {self.orphans} stray files, "
            f"freed {self.freed / 1e6:.1f} MB; the engine folder is now {self.size_after / 1e6:.1f} MB"
        )
        return text + (" (still over the size cap: what is left is in use)" if self.over_cap else "")


def folder_size(path: Path) -> int:
    total = 0
    for item in path.rglob("*"):
        try:
            if item.is_file() and not item.is_symlink():
                total += item.stat().st_size
        except OSError:
            continue
    return total


def _tree_size(path: Path) -> int:
    return folder_size(path) if path.is_dir() else 0


def _remove_tree(path: Path) -> int:
    size = _tree_size(path)
    shutil.rmtree(path, ignore_errors=True)
    return size


class _Sweep:
    def __init__(self, store: Store, now: float) -> None:
        self.store, self.now, self.report = store, now, Report()
        self.data = store.data_dir
        self.protected = store.live_sessions() | {
            sid
            for (sid,) in store.db.connection().execute("SELECT id FROM sessions WHERE used >= ?", (now - ACTIVE_S,))
        }

    def remove_session(self, sid: str) -> None:
        with self.store.db.write() as con:
            # looked at again in the transaction that removes it: a session made or used since this sweep began
            # (after ``protected`` was read) is the one a notebook is working with, and stays
            used = con.execute("SELECT used FROM sessions WHERE id = ?", (sid,)).fetchone()
            if used is not None and used[0] >= self.now - ACTIVE_S:
                return
            jobs = [j for (j,) in con.execute("SELECT id FROM renders WHERE session = ?", (sid,))]
            for table in ("sessions", "history", "redo", "media", "generated", "claims", "renders"):
                column = "id" if table == "sessions" else "session"
                con.execute(f"DELETE FROM {table} WHERE {column} = ?", (sid,))
        self.report.freed += _remove_tree(self.data / "media" / sid)
        for job_id in jobs:
            self.report.freed += _remove_tree(self.data / "renders" / job_id)
        self.report.sessions += 1
        self.report.removed.append(sid)

    def remove_render(self, job_id: str, sid: str) -> None:
        with self.store.db.write() as con:
            con.execute("DELETE FROM renders WHERE id = ?", (job_id,))
            con.execute("DELETE FROM generated WHERE session = ? AND json_extract(entry, '$.id') = ?", (sid, job_id))
        self.report.freed += _remove_tree(self.data / "renders" / job_id)
        self.report.renders += 1
        self.report.removed.append(job_id)

    def expired(self) -> None:
        with self.store.db.write() as con:
            con.execute("DELETE FROM tokens WHERE expires <= ?", (self.now,))
            con.execute("DELETE FROM claims WHERE expires <= ?", (self.now,))

    def by_age(self, keep_days: float) -> None:
        cutoff = self.now - keep_days * DAY_S
        con = self.store.db.connection()
        for (sid,) in con.execute("SELECT id FROM sessions WHERE used < ?", (cutoff,)).fetchall():
            if sid not in self.protected:
                self.remove_session(sid)
        finished = ",".join("?" * len(FINISHED))
        old = con.execute(
            f"SELECT r.id, r.session FROM renders r LEFT JOIN sessions s ON s.id = r.session "
            f"WHERE r.status IN ({finished}) AND MAX(r.used, COALESCE(s.used, 0)) < ?",
            (*FINISHED, cutoff),
        ).fetchall()
        for job_id, sid in old:
            if sid not in self.protected:
                self.remove_render(job_id, sid)

    def by_size(self, max_bytes: int) -> None:
        self.store.db.compact()
        size = folder_size(self.data)
        if size <= max_bytes:
            self.report.size_after = size
            return
        for kind, key, sid in self._least_recently_used():
            if size <= max_bytes:
                break
            before = self.report.freed
            if kind == "render":
                self.remove_render(key, sid)
            else:
                self.remove_session(key)
            size -= self.report.freed - before
        self.store.db.compact()
        self.report.size_after = folder_size(self.data)
        self.report.over_cap = self.report.size_after > max_bytes

    def _least_recently_used(self) -> list[tuple[str, str, str]]:
        con = self.store.db.connection()
        finished = ",".join("?" * len(FINISHED))
        units: list[tuple[float, int, str, str, str]] = []
        for job_id, sid, used in con.execute(
            f"SELECT r.id, r.session, MAX(r.used, COALESCE(s.used, 0)) FROM renders r "
            f"LEFT JOIN sessions s ON s.id = r.session WHERE r.status IN ({finished})",
            FINISHED,
        ).fetchall():
            units.append((used, 0, "render", job_id, sid))
        for sid, used in con.execute("SELECT id, used FROM sessions").fetchall():
            units.append((used, 1, "session", sid, sid))
        units.sort()
        return [(kind, key, sid) for _, _, kind, key, sid in units if sid not in self.protected]

    def orphans(self) -> None:
        con = self.store.db.connection()
        sessions = {sid for (sid,) in con.execute("SELECT id FROM sessions")}
        known = {(sid, rec_id) for sid, rec_id in con.execute("SELECT session, id FROM media")}
        jobs = dict(con.execute("SELECT id, status FROM renders").fetchall())
        media = self.data / "media"
        old_folders = set(self._old_entries(media))
        for folder in media.iterdir() if media.is_dir() else []:
            if folder.name not in sessions:
                if folder in old_folders:
                    self._orphan(folder)
                continue
            for item in self._old_entries(folder):
                if (folder.name, item.name.split(".")[0]) not in known:
                    self._orphan(item)
        for folder in self._old_entries(self.data / "renders"):
            if folder.name not in jobs or jobs[folder.name] in RESULTLESS_RENDER_STATES:
                self._orphan(folder)

    def _old_entries(self, folder: Path) -> list[Path]:
        if not folder.is_dir():
            return []
        found = []
        for item in folder.iterdir():
            try:
                if item.lstat().st_mtime < self.now - GRACE_S:
                    found.append(item)
            except OSError:
                continue
        return found

    def _orphan(self, path: Path) -> None:
        if path.is_dir():
            self.report.freed += _remove_tree(path)
        else:
            self.report.freed += path.stat().st_size
            path.unlink(missing_ok=True)
        self.report.orphans += 1


_SWEEPING = threading.Lock()


def sweep(store: Store, keep_days: float, max_bytes: int, now: float | None = None) -> Report:
    """Apply the retention rules once; ``keep_days <= 0`` / ``max_bytes <= 0`` turn a rule off."""
    with _SWEEPING:
        run = _Sweep(store, time.time() if now is None else now)
        run.expired()
        if keep_days > 0:
            run.by_age(keep_days)
        run.orphans()
        if max_bytes > 0:
            run.by_size(max_bytes)
        else:
            run.report.size_after = folder_size(store.data_dir)
        return run.report


class Janitor:
    """Runs :func:`sweep` in a daemon thread: at start, every ``every_s`` seconds, and soon after :meth:`poke`."""

    def __init__(self, store: Store, keep_days: float, max_bytes: int, every_s: float) -> None:
        self.store, self.keep_days, self.max_bytes, self.every_s = store, keep_days, max_bytes, every_s
        self._wake, self._stop = threading.Event(), threading.Event()
        self._poked = False
        self._thread = threading.Thread(target=self._loop, name="nemo-retention", daemon=True)

    def start(self) -> None:
        if self.keep_days > 0 or self.max_bytes > 0:
            self._thread.start()

    def poke(self) -> None:
        self._poked = True
        self._wake.set()

    def stop(self) -> None:
        """Stop the thread; a sweep asked for (poked) and not yet run is run now, so the engine stops under its cap."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
            if self._poked:
                self._sweep()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sweep()
            self._wake.wait(max(1.0, self.every_s))
            self._wake.clear()
            self._stop.wait(MIN_GAP_S)  # pokes in a burst (a batch's uploads) make one sweep

    def _sweep(self) -> None:
        self._poked = False
        try:
            report = sweep(self.store, self.keep_days, self.max_bytes)
            if report.sessions or report.renders or report.orphans:
                log.info("nemo-widgets engine retention: %s", report.sentence())
        except Exception:  # a failed sweep is retried at the next round, never fatal
            log.warning("nemo-widgets engine retention: the sweep failed", exc_info=True)
