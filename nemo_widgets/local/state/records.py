"""What the engine remembers, as plain objects: accounts, sessions, render jobs, and the JSON form of a row.

A leaf of the state wing: :mod:`~nemo_widgets.local.state.rows` (the rows of the
database) and :mod:`~nemo_widgets.local.state.store` (the store) both build on
it, and the other wings read these objects.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from nemo_widgets.local.drafts import empty_draft
from nemo_widgets.protocol.constants import FINISHED_RENDER_STATES, UNFINISHED_RENDER_STATES, RenderState

__all__ = [
    "FINISHED",
    "HISTORY_LIMIT",
    "UNFINISHED",
    "Account",
    "RenderJob",
    "Session",
    "SessionNotFound",
    "digest",
    "dumps",
    "job_from_text",
]

HISTORY_LIMIT = 50
#: render states after which nothing more happens to a job
FINISHED = FINISHED_RENDER_STATES
UNFINISHED = UNFINISHED_RENDER_STATES


class SessionNotFound(LookupError):
    """No such session, or it belongs to another account."""


def digest(secret: str) -> str:
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
    """A session as read from the store: a detached copy; change it through :meth:`Store.update_session`."""

    id: str
    task_id: str
    account: str
    language: str = "en"
    created: float = field(default_factory=time.time)
    draft: dict[str, Any] = field(default_factory=empty_draft)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    generated: list[dict[str, Any]] = field(default_factory=list)
    output_format: str | None = None
    used: float = field(default_factory=time.time)
    #: the undo history, read from the store on first use (most reads never need it)
    _history: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    _history_loader: Callable[[], list[dict[str, Any]]] | None = field(default=None, repr=False, compare=False)
    #: drafts pushed while the history was not read (an edit needs only to add one row)
    _pushed: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)
    #: the redo stack, read from the store on first use (an undo or a redo); ``[]`` once an edit cleared it
    _redo: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    _redo_loader: Callable[[], list[dict[str, Any]]] | None = field(default=None, repr=False, compare=False)

    @property
    def history(self) -> list[dict[str, Any]]:
        if self._history is None:
            loaded = self._history_loader() if self._history_loader else []
            self._history, self._pushed = ([*loaded, *self._pushed])[-HISTORY_LIMIT:], []
        return self._history

    @history.setter
    def history(self, value: list[dict[str, Any]]) -> None:
        self._history = value

    @property
    def redo(self) -> list[dict[str, Any]]:
        """The drafts undone since the last edit, the most recently undone last."""
        if self._redo is None:
            self._redo = self._redo_loader() if self._redo_loader else []
        return self._redo

    def push_draft(self, draft: dict[str, Any]) -> None:
        """Make ``draft`` current after an edit: the old one kept for undo, nothing left to redo."""
        self._keep(self.draft)
        self._redo = []
        self.draft = draft

    def undone(self, earlier: dict[str, Any]) -> None:
        """Go back to ``earlier`` (just taken off the history): the current draft can be redone."""
        self.redo.append(self.draft)
        self.draft = earlier

    def redone(self, later: dict[str, Any]) -> None:
        """Go forward to ``later`` (just taken off the redo stack): the current draft can be undone again."""
        self._keep(self.draft)
        self.draft = later

    def _keep(self, draft: dict[str, Any]) -> None:
        """Keep ``draft`` for undo (without reading the history)."""
        if self._history is None:
            self._pushed.append(draft)
        else:
            self.history = ([*self.history, draft])[-HISTORY_LIMIT:]


@dataclass
class RenderJob:
    id: str
    session_id: str
    account: str
    format: str
    draft: dict[str, Any]
    #: the export's ``output.quality`` as asked ("high", "720p", "320k", ...); ``None``: the default
    quality: str | None = None
    status: RenderState = "pending"
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
    #: credits held while the render runs (``render_hold_credits``), given back when it ends
    frozen: int = 0


def job_from_text(text: str) -> RenderJob:
    raw = json.loads(text)
    names = {f.name for f in fields(RenderJob)}
    return RenderJob(**{k: v for k, v in raw.items() if k in names})


def dumps(value: Any) -> str:
    """JSON text as the database keeps it (compact, Unicode as is)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
