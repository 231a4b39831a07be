"""The engine's memory: accounts and tokens, credits, sessions, media, drafts, render jobs.

Everything lives in an SQLite database (``state.db`` under the data dir, see
:mod:`nemo_widgets.local.state.db`), one row per thing: a change writes only the
rows it touched (an edit: the session's row and one undo-history row), so its
cost does not grow with the number of sessions. Every method commits before it
returns: what a method acknowledged survives a crash of the process. Tokens are
stored only as SHA-256 digests: the database never holds a usable bearer token.

All methods are thread-safe and may block on the disk: the event loop calls
them through :meth:`Store.run` (a small thread pool), the render threads
directly. The long poll's waiters and the progress of running renders live in
memory only.
"""

from __future__ import annotations

import asyncio
import functools
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from nemo_widgets.local.state import rows
from nemo_widgets.local.state.db import Database
from nemo_widgets.local.state.records import (
    FINISHED,
    UNFINISHED,
    Account,
    RenderJob,
    Session,
    SessionNotFound,
    digest,
    dumps,
    job_from_text,
)
from nemo_widgets.protocol.constants import RenderState

__all__ = ["Store"]

T = TypeVar("T")
P = ParamSpec("P")
#: a read refreshes a session's "last used" time at most this often (a write always does)
TOUCH_EVERY_S = 60.0
STORE_THREADS = 4
TOKEN_CACHE = 10_000


class Store:
    """All engine state, in ``<data_dir>/state.db``."""

    def __init__(self, data_dir: Path, credits_per_token: int, token_ttl_s: int) -> None:
        self.data_dir = data_dir
        self.credits_per_token = credits_per_token
        self.token_ttl_s = token_ttl_s
        self.db = Database(data_dir)
        self.path = self.db.path
        self._lock = threading.RLock()  # the live jobs and the waiters (never held across a disk wait)
        self._job_lock = threading.RLock()  # one job change at a time (a cancel against the render's own end)
        self._live: dict[str, RenderJob] = {}  # jobs not finished, as this engine runs them (with their progress)
        self._finish_waiters: dict[str, list[Callable[[], None]]] = {}
        self._closing = False
        #: called (from the render thread) when a job has finished: the engine checks its size cap then
        self.on_job_finished: Callable[[], None] = lambda: None
        self._token_cache: dict[str, tuple[str, float]] = {}  # digest -> (account, expires): tokens never change
        self._executor = ThreadPoolExecutor(max_workers=STORE_THREADS, thread_name_prefix="nemo-store")

    # off the event loop ------------------------------------------------------
    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)`` on the store's threads: how the event loop calls the store."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.db.close()

    # accounts and tokens -------------------------------------------------
    def issue_token(self, client_id: str) -> tuple[str, Account]:
        """A new token for ``client_id``'s account (made on first ask; credits are not reset)."""
        token = f"nmv_usr_{secrets.token_urlsafe(32)}"
        now = time.time()
        with self.db.write() as con:
            row = con.execute("SELECT id FROM accounts WHERE client_id = ?", (client_id,)).fetchone()
            account_id = row[0] if row else f"usr_{uuid.uuid4().hex[:16]}"
            if row is None:
                con.execute(
                    "INSERT INTO accounts VALUES (?, ?, ?, 0, 0, ?)",
                    (account_id, client_id, self.credits_per_token, now),
                )
            con.execute("DELETE FROM tokens WHERE expires <= ?", (now,))
            con.execute("INSERT INTO tokens VALUES (?, ?, ?)", (digest(token), account_id, now + self.token_ttl_s))
            self._token_cache[digest(token)] = (account_id, now + self.token_ttl_s)
            account = rows.account(con, account_id)
        assert account is not None
        return token, account

    def account_for_token(self, token: str) -> Account | None:
        con = self.db.connection()
        found = con.execute(
            "SELECT account, expires FROM tokens WHERE digest = ? AND expires > ?", (digest(token), time.time())
        ).fetchone()
        if found is None:
            return None
        if len(self._token_cache) >= TOKEN_CACHE:
            self._token_cache.clear()
        self._token_cache[digest(token)] = (found[0], found[1])
        return rows.account(con, found[0])

    def known_token(self, token: str) -> str | None:
        """The account of a token this engine has checked before, from memory (never the disk); else ``None``.

        Safe to trust: a token row never changes, and is only ever deleted once expired.
        """
        entry = self._token_cache.get(digest(token))
        return entry[0] if entry is not None and entry[1] > time.time() else None

    def balance(self, account_id: str) -> dict[str, int]:
        acc = rows.account(self.db.connection(), account_id)
        if acc is None:
            raise KeyError(account_id)
        return {"available": acc.available, "frozen": acc.frozen, "total": acc.credits_total}

    def freeze(self, account_id: str, amount: int) -> bool:
        """Hold ``amount`` credits for running work; False when not enough are left."""
        with self.db.write() as con:
            acc = rows.account(con, account_id)
            if acc is None:
                raise KeyError(account_id)
            if acc.available < amount:
                return False
            con.execute("UPDATE accounts SET frozen = frozen + ? WHERE id = ?", (amount, account_id))
            return True

    def settle(self, account_id: str, frozen: int, spent: int) -> None:
        """Release ``frozen`` held credits, of which ``spent`` are used up."""
        with self.db.write() as con:
            con.execute(
                "UPDATE accounts SET frozen = MAX(0, frozen - ?), credits_used = credits_used + ? WHERE id = ?",
                (frozen, spent, account_id),
            )

    # sessions --------------------------------------------------------------
    def create_session(self, account_id: str, language: str) -> Session:
        session = Session(str(uuid.uuid4()), f"task_{uuid.uuid4().hex[:16]}", account_id, language, _history=[])
        with self.db.write() as con:
            con.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session.id,
                    session.task_id,
                    account_id,
                    language,
                    session.created,
                    session.used,
                    None,
                    dumps(session.draft),
                ),
            )
        return session

    def session(self, account_id: str, session_id: str) -> Session:
        with self.db.read() as con:
            session = rows.session(con, account_id, session_id)
        if session is None:
            raise SessionNotFound(session_id)
        session._history_loader = functools.partial(self._history, session_id)
        session._redo_loader = lambda: rows.redo(self.db.connection(), session_id)
        if session.used < time.time() - TOUCH_EVERY_S:
            with self.db.write() as con:
                con.execute("UPDATE sessions SET used = ? WHERE id = ?", (time.time(), session_id))
        return session

    def _history(self, session_id: str) -> list[dict[str, Any]]:
        return [d for _, d in rows.history(self.db.connection(), session_id)]

    def update_session(self, account_id: str, session_id: str, change: Callable[[Session], T]) -> T:
        """Run ``change`` on the session, then write what it changed (all or nothing)."""
        with self.db.write() as con:
            return _change_session(con, account_id, session_id, change)

    def snapshot(self, account_id: str, session_id: str) -> dict[str, Any]:
        """The session as plain data (without its undo history), safe to keep."""
        session = self.session(account_id, session_id)
        snap = {f.name: getattr(session, f.name) for f in fields(Session) if not f.name.startswith("_")}
        return snap

    # claims ------------------------------------------------------------------
    def create_claim(self, account_id: str, session_id: str, ttl_s: int) -> str:
        claim = f"clm_{secrets.token_urlsafe(24)}"
        now = time.time()
        with self.db.write() as con:
            if rows.session(con, account_id, session_id, parts=False) is None:
                raise SessionNotFound(session_id)
            con.execute("DELETE FROM claims WHERE expires <= ?", (now,))
            con.execute("INSERT INTO claims VALUES (?, ?, ?, ?)", (digest(claim), session_id, account_id, now + ttl_s))
        return claim

    def session_for_claim(self, claim: str) -> Session | None:
        with self.db.read() as con:
            found = con.execute(
                "SELECT session, account FROM claims WHERE digest = ? AND expires > ?", (digest(claim), time.time())
            ).fetchone()
            return rows.session(con, found[1], found[0]) if found else None

    # render jobs -------------------------------------------------------------
    def add_job(self, job: RenderJob) -> RenderJob:
        with self.db.write() as con:
            con.execute(
                "INSERT INTO renders VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job.id,
                    job.session_id,
                    job.account,
                    job.status,
                    job.created,
                    job.created,
                    job.size,
                    dumps(asdict(job)),
                ),
            )
        if job.status not in FINISHED:
            with self._lock:
                self._live[job.id] = job
        return job

    def job(self, job_id: str) -> RenderJob | None:
        with self._lock:
            live = self._live.get(job_id)
        if live is not None:
            return live
        row = self.db.one("SELECT job FROM renders WHERE id = ?", (job_id,))
        return job_from_text(row[0]) if row else None

    @property
    def jobs(self) -> Mapping[str, RenderJob]:
        """Every job (read whole from the database: for tests and tools, not for request paths)."""
        found = {
            job_id: job_from_text(text)
            for job_id, text in self.db.connection().execute("SELECT id, job FROM renders ORDER BY created")
        }
        with self._lock:
            found.update({k: v for k, v in self._live.items() if k in found})
        return found

    def update_job(
        self, job_id: str, persist: bool = True, *, status: RenderState | None = None, **changes: Any
    ) -> RenderJob:
        """Change a job; ``persist=False`` (progress ticks) keeps the change in memory only.
        (``status`` is named so that mypy checks the word against :data:`RenderState`.)"""
        if status is not None:
            changes["status"] = status
        with self._job_lock:
            job = self.job(job_id)
            if job is None:
                raise KeyError(job_id)
            status_before = job.status
            for key, value in changes.items():
                setattr(job, key, value)
            if persist or job.status != status_before:
                self._write_job(job)
        if job.status in FINISHED:
            self._finished(job_id, announce=job.status != status_before)
        return job

    def complete_job(self, job_id: str, change: Callable[[Session], Any], **changes: Any) -> RenderJob | None:
        """Mark a job ``completed`` with ``changes`` (its output) and run ``change`` on its session (the result
        listed), in one transaction: no reader ever sees the job completed without its result in the session,
        nor the reverse. ``None`` (nothing written) when the job had finished meanwhile (cancelled wins)."""
        with self._job_lock:
            live = self.job(job_id)
            if live is None:
                raise KeyError(job_id)
            if live.status in FINISHED:
                return None
            job = replace(live, status="completed", **changes)
            with self.db.write() as con:  # the live job is left as it was until this is committed
                _change_session(con, job.account, job.session_id, change)
                _write_job_row(con, job)
        self._finished(job_id)
        return job

    def _finished(self, job_id: str, announce: bool = True) -> None:
        """A job's end is on disk: it is no longer live, its waiters are woken, the janitor told (``announce``)."""
        with self._lock:
            self._live.pop(job_id, None)
            waiters = self._finish_waiters.pop(job_id, [])
        self._wake(waiters)
        if announce:
            self.on_job_finished()

    def _write_job(self, job: RenderJob) -> None:
        with self.db.write() as con:
            _write_job_row(con, job)

    def cancel_job(self, job_id: str) -> RenderJob | None:
        """Mark an unfinished job ``cancelled`` (its hold freed, held polls woken); ``None`` if it had ended."""
        with self._job_lock:
            job = self.job(job_id)
            if job is None or job.status in FINISHED:
                return None
            return self.update_job(job_id, status="cancelled", finished=time.time(), progress=job.progress)

    def when_finished(self, job_id: str, wake: Callable[[], None]) -> bool:
        """Call ``wake()`` (from the thread that finishes it) when the job completes, fails or is cancelled.

        ``False`` when there is nothing to wait for: the job has finished already, is unknown,
        or the engine is stopping. Memory only: never waits on the disk.
        """
        with self._lock:
            job = self._live.get(job_id)
            if job is None or job.status in FINISHED or self._closing:
                return False
            self._finish_waiters.setdefault(job_id, []).append(wake)
            return True

    def forget_waiter(self, job_id: str, wake: Callable[[], None]) -> None:
        with self._lock:
            waiters = self._finish_waiters.get(job_id, [])
            if wake in waiters:
                waiters.remove(wake)
            if not waiters:
                self._finish_waiters.pop(job_id, None)

    def waiters(self, job_id: str) -> int:
        """How many held polls wait for the job (a test or a benchmark waits on this, not on a sleep)."""
        with self._lock:
            return len(self._finish_waiters.get(job_id, []))

    def wake_all(self) -> None:
        """Wake every waiter and take no more (the engine is stopping: answer now, hold nothing)."""
        with self._lock:
            self._closing = True
            waiters = [w for ws in self._finish_waiters.values() for w in ws]
            self._finish_waiters.clear()
        self._wake(waiters)

    @staticmethod
    def _wake(waiters: list[Callable[[], None]]) -> None:
        for wake in waiters:
            wake()

    def unfinished_jobs(self) -> list[RenderJob]:
        """Jobs a previous engine left pending or running, oldest first (to resume)."""
        with self.db.write() as con:
            found = [
                job_from_text(text)
                for (text,) in con.execute(
                    "SELECT job FROM renders WHERE status IN (?, ?) ORDER BY created", UNFINISHED
                )
            ]
            for job in found:
                job.status, job.progress, job.started = "pending", 0, None
                con.execute(
                    "UPDATE renders SET status = ?, job = ? WHERE id = ?", (job.status, dumps(asdict(job)), job.id)
                )
        with self._lock:
            self._live.update({job.id: job for job in found})
        return found

    def live_sessions(self) -> set[str]:
        """Sessions with a render this engine has not finished (retention never touches them)."""
        with self._lock:
            return {job.session_id for job in self._live.values()}


def _change_session(con: sqlite3.Connection, account_id: str, session_id: str, change: Callable[[Session], T]) -> T:
    """``change`` run on the session inside the caller's transaction ``con``, and what it changed written."""
    session = rows.session(con, account_id, session_id)
    if session is None:
        raise SessionNotFound(session_id)
    before = rows.Before.of(con, session)
    result = change(session)
    before.write_changes(con, session, time.time())
    return result


def _write_job_row(con: sqlite3.Connection, job: RenderJob) -> None:
    """A job's row, inside the caller's transaction ``con``; a finished job's held credits go back."""
    if job.status in FINISHED and job.frozen:  # export is free: the hold goes back, whatever the end
        con.execute("UPDATE accounts SET frozen = MAX(0, frozen - ?) WHERE id = ?", (job.frozen, job.account))
        job.frozen = 0
    con.execute(
        "UPDATE renders SET status = ?, size = ?, used = ?, job = ? WHERE id = ?",
        (job.status, job.size, job.finished or time.time(), dumps(asdict(job)), job.id),
    )
