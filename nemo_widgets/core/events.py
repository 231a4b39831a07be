"""A tiny event hub: the session controller emits, views subscribe.

Listeners never break the work: an exception in one is logged and the
others still run (the same rule ipywidgets applies to its callbacks).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

__all__ = ["EVENT_KINDS", "EventHub"]

log = logging.getLogger("nemo_widgets.core")

#: Every event the session controller emits, with its arguments.
EVENT_KINDS: dict[str, str] = {
    "status": "(message: str, level: StatusLevel, next_step: str, link: str|None)",  # protocol.constants
    "connected": "(session: SessionInfo)",
    "credits": "(credits: Credits)",
    "state": "(state: SessionState)",
    "media": "(media: tuple[MediaInfo, ...])",
    "upload_progress": "(name: str, sent: int, total: int)",
    "duplicate": "(held: HeldUpload)  # a file already on the timeline, held until the user chooses",
    "duplicate_resolved": "(key: str)  # the user chose: the held file is added or left out",
    "user_message": "(text: str)",
    "reply_text": "(text: str, final: bool)",
    "still_working": "(minutes: int)",
    "reply": "(reply: Reply)",
    "render_progress": "(percent: float|None, message: str)",
    "download_progress": "(done: int, total: int|None)",
    "result": "(outcome: ExportOutcome)",
    "cancelled": "(job_id: str|None)  # the render cancelled, or None: only the running turn was stopped",
    "busy": "(busy: bool)",
}


class EventHub:
    """``on(kind, fn)`` to listen, ``emit(kind, *args)`` to tell."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Callable[..., Any]]] = defaultdict(list)

    def on(self, kind: str, fn: Callable[..., Any]) -> Callable[[], None]:
        """Listen to ``kind``; returns a function that stops listening."""
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event {kind!r}; known: {', '.join(EVENT_KINDS)}")
        self._listeners[kind].append(fn)
        return lambda: self._listeners[kind].remove(fn) if fn in self._listeners[kind] else None

    def emit(self, kind: str, *args: Any) -> None:
        for fn in list(self._listeners.get(kind, ())):
            try:
                fn(*args)
            except Exception:
                log.exception("listener for %r failed", kind)
