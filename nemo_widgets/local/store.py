"""The engine's memory: accounts and tokens, credits, sessions, media, drafts, render jobs.

Everything lives in one JSON file (``state.json``) under the data dir,
rewritten atomically after each change, so a restarted engine keeps its
sessions and jobs. Tokens are stored only as SHA-256 digests: the file never
holds a usable bearer token. All methods are thread-safe (one re-entrant
lock); they are quick, so the event loop may call them directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from nemo_widgets.local.drafts import empty_draft

__all__ = ["Account", "RenderJob", "Session", "SessionNotFound", "Store"]

T = TypeVar("T")
HISTORY_LIMIT = 50
FINISHED = ("completed", "failed")


class SessionNotFound(LookupError):
    """No such session, or it belongs to another account."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class Account:
    id: str
    client_id: str
    credits_total: int
    credits_used: int = 0
    frozen: int = 0
    created: float = field(default_factory=time.time)

    @property
    def available(self) -> int:
        return max(0, self.credits_total - self.credits_used - self.frozen)


@dataclass
class Session:
    id: str
    task_id: str
    account: str
    language: str = "en"
    created: float = field(default_factory=time.time)
    draft: dict[str, Any] = field(default_factory=empty_draft)
    history: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    generated: list[dict[str, Any]] = field(default_factory=list)
    output_format: str | None = None

    def push_draft(self, draft: dict[str, Any]) -> None:
        """Make ``draft`` current, keeping the old one for undo."""
        self.history = ([*self.history, self.draft])[-HISTORY_LIMIT:]
        self.draft = draft


@dataclass
class RenderJob:
    id: str
    session_id: str
    account: str
    format: str
    draft: dict[str, Any]
    #: the export's ``output.quality`` as asked ("high", "720p", "320k", ...); ``None``: the default
    quality: str | None = None
    status: str = "pending"
    progress: int = 0
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    output_name: str | None = None
    output_path: str | None = None
    size: int | None = None
    duration_ms: int | None = None
    error: str | None = None
    #: set for a deterministic failure (no_audio, no_video, empty, original_codec): never worth a retry
    error_code: str | None = None
    note: str | None = None
    fault: str | None = None
    url_key: str = field(default_factory=lambda: secrets.token_urlsafe(18))


def _load(cls: type[T], raw: dict[str, Any]) -> T:
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in raw.items() if k in names})


class Store:
    """All engine state, persisted to ``<data_dir>/state.json``."""

    def __init__(self, data_dir: Path, credits_per_token: int, token_ttl_s: int) -> None:
        self.data_dir = data_dir
        self.path = data_dir / "state.json"
        self.credits_per_token = credits_per_token
        self.token_ttl_s = token_ttl_s
        self._lock = threading.RLock()
        self.accounts: dict[str, Account] = {}
        self.clients: dict[str, str] = {}  # client id -> account id
        self.tokens: dict[str, dict[str, Any]] = {}  # sha256(token) -> {account, expires}
        self.sessions: dict[str, Session] = {}
        self.claims: dict[str, dict[str, Any]] = {}  # sha256(claim) -> {session, account, expires}
        self.jobs: dict[str, RenderJob] = {}
        self._finish_waiters: dict[str, list[Callable[[], None]]] = {}
        self._closing = False
        self._read()

    # persistence ---------------------------------------------------------
    def _read(self) -> None:
        if not self.path.exists():
            return
        raw = json.loads(self.path.read_text("utf-8"))
        self.accounts = {k: _load(Account, v) for k, v in raw.get("accounts", {}).items()}
        self.clients = dict(raw.get("clients", {}))
        self.tokens = dict(raw.get("tokens", {}))
        self.sessions = {k: _load(Session, v) for k, v in raw.get("sessions", {}).items()}
        self.claims = dict(raw.get("claims", {}))
        self.jobs = {k: _load(RenderJob, v) for k, v in raw.get("jobs", {}).items()}

    def save(self) -> None:
        with self._lock:
            raw = {
                "accounts": {k: asdict(v) for k, v in self.accounts.items()},
                "clients": self.clients,
                "tokens": self.tokens,
                "sessions": {k: asdict(v) for k, v in self.sessions.items()},
                "claims": self.claims,
                "jobs": {k: asdict(v) for k, v in self.jobs.items()},
            }
            tmp = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
            os.replace(tmp, self.path)

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Hold the lock for a change, then persist it."""
        with self._lock:
            yield
            self.save()

    # accounts and tokens -------------------------------------------------
    def issue_token(self, client_id: str) -> tuple[str, Account]:
        """A new token for ``client_id``'s account (made on first ask; credits are not reset)."""
        with self.changing():
            account_id = self.clients.get(client_id)
            if account_id is None:
                account_id = f"usr_{uuid.uuid4().hex[:16]}"
                self.accounts[account_id] = Account(account_id, client_id, self.credits_per_token)
                self.clients[client_id] = account_id
            token = f"nmv_usr_{secrets.token_urlsafe(32)}"
            now = time.time()
            self.tokens = {k: v for k, v in self.tokens.items() if v["expires"] > now}
            self.tokens[_digest(token)] = {"account": account_id, "expires": now + self.token_ttl_s}
            return token, self.accounts[account_id]

    def account_for_token(self, token: str) -> Account | None:
        with self._lock:
            entry = self.tokens.get(_digest(token))
            if entry is None or entry["expires"] <= time.time():
                return None
            return self.accounts.get(entry["account"])

    def balance(self, account_id: str) -> dict[str, int]:
        with self._lock:
            acc = self.accounts[account_id]
            return {"available": acc.available, "frozen": acc.frozen, "total": acc.credits_total}

    def freeze(self, account_id: str, amount: int) -> bool:
        """Hold ``amount`` credits for running work; False when not enough are left."""
        with self.changing():
            acc = self.accounts[account_id]
            if acc.available < amount:
                return False
            acc.frozen += amount
            return True

    def settle(self, account_id: str, frozen: int, spent: int) -> None:
        """Release ``frozen`` held credits, of which ``spent`` are used up."""
        with self.changing():
            acc = self.accounts[account_id]
            acc.frozen = max(0, acc.frozen - frozen)
            acc.credits_used += spent

    # sessions --------------------------------------------------------------
    def create_session(self, account_id: str, language: str) -> Session:
        with self.changing():
            session = Session(str(uuid.uuid4()), f"task_{uuid.uuid4().hex[:16]}", account_id, language)
            self.sessions[session.id] = session
            return session

    def session(self, account_id: str, session_id: str) -> Session:
        with self._lock:
            session = self.sessions.get(session_id)
            if session is None or session.account != account_id:
                raise SessionNotFound(session_id)
            return session

    def update_session(self, account_id: str, session_id: str, change: Callable[[Session], T]) -> T:
        """Run ``change`` on the session under the lock, then persist."""
        with self.changing():
            return change(self.session(account_id, session_id))

    def snapshot(self, account_id: str, session_id: str) -> dict[str, Any]:
        """A deep copy of the session, safe to read outside the lock."""
        with self._lock:
            copied: dict[str, Any] = json.loads(json.dumps(asdict(self.session(account_id, session_id))))
            return copied

    # claims ------------------------------------------------------------------
    def create_claim(self, account_id: str, session_id: str, ttl_s: int) -> str:
        with self.changing():
            self.session(account_id, session_id)
            claim = f"clm_{secrets.token_urlsafe(24)}"
            now = time.time()
            self.claims = {k: v for k, v in self.claims.items() if v["expires"] > now}
            self.claims[_digest(claim)] = {"session": session_id, "account": account_id, "expires": now + ttl_s}
            return claim

    def session_for_claim(self, claim: str) -> Session | None:
        with self._lock:
            entry = self.claims.get(_digest(claim))
            if entry is None or entry["expires"] <= time.time():
                return None
            return self.sessions.get(entry["session"])

    # render jobs -------------------------------------------------------------
    def add_job(self, job: RenderJob) -> RenderJob:
        with self.changing():
            self.jobs[job.id] = job
            return job

    def job(self, job_id: str) -> RenderJob | None:
        with self._lock:
            return self.jobs.get(job_id)

    def update_job(self, job_id: str, persist: bool = True, **changes: Any) -> RenderJob:
        with self._lock:
            job = self.jobs[job_id]
            for key, value in changes.items():
                setattr(job, key, value)
            if persist:
                self.save()
            if job.status in FINISHED:
                self._wake(self._finish_waiters.pop(job_id, []))
            return job

    def when_finished(self, job_id: str, wake: Callable[[], None]) -> bool:
        """Call ``wake()`` (from the thread that finishes it) when the job completes or fails.

        ``False`` when there is nothing to wait for: the job has finished already, is unknown,
        or the engine is stopping.
        """
        with self._lock:
            job = self.jobs.get(job_id)
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
        with self.changing():
            jobs = [j for j in self.jobs.values() if j.status in ("pending", "processing")]
            for job in jobs:
                job.status, job.progress, job.started = "pending", 0, None
            return sorted(jobs, key=lambda j: j.created)
