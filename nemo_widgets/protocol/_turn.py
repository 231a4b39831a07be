"""What ``ask`` keeps track of during a chat turn, shared by both clients."""

from __future__ import annotations

from typing import Any

from nemo_widgets.protocol._base import STILL_WORKING_EVERY, TURN_TIMEOUT, Clock
from nemo_widgets.protocol.draft import diff
from nemo_widgets.protocol.errors import NemoError
from nemo_widgets.protocol.events import ChatEvent
from nemo_widgets.protocol.intents import translate
from nemo_widgets.protocol.models import Reply, SessionState

__all__ = ["HeartbeatWatch", "TurnNotes", "state_changed"]


class TurnNotes:
    """What ``ask`` collects while a turn streams; then :meth:`reply` builds the :class:`Reply`."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.texts: dict[Any, str] = {}  # id -> text (final replaces chunks)
        self.finals: set[Any] = set()
        self.tool_calls: list[ChatEvent] = []
        self.errors: list[NemoError] = []
        self.started = clock()
        self.last_activity = self.started
        self.notices = 0

    def add(self, event: ChatEvent) -> bool:
        """Record ``event``; true when a "still working" notice is due."""
        kind = event.kind
        if kind == "heartbeat":
            quiet = self._clock() - self.last_activity
            if quiet >= STILL_WORKING_EVERY * (self.notices + 1):
                self.notices += 1
                return True
            return False
        self.last_activity = self._clock()
        self.notices = 0
        if kind == "text_chunk":
            if event.id not in self.finals:
                self.texts[event.id] = self.texts.get(event.id, "") + event.text
        elif kind == "text":
            self.texts[event.id] = event.text
            self.finals.add(event.id)
        elif kind == "tool_call":
            self.tool_calls.append(event)
        elif kind == "error":
            self.errors.append(event.to_error())
        return False

    @property
    def elapsed(self) -> float:
        return self._clock() - self.started

    @property
    def text(self) -> str:
        return "\n\n".join(text.strip() for text in self.texts.values() if text.strip())

    def needs_state(self) -> bool:
        """A silent turn: no text (an edit may have happened without a word)."""
        return not self.text and (bool(self.tool_calls) or not self.errors)

    def reply(self, before: SessionState | None, after: SessionState | None) -> Reply:
        translation = translate(self.text) if self.text else None
        changes: tuple[str, ...] = ()
        if after is not None:
            changes = tuple(diff(before.draft if before else None, after.draft))
        actions = translation.actions if translation else (("state",) if changes else ())
        return Reply(
            text=translation.text if translation else "",
            tool_calls=tuple(self.tool_calls),
            silent=not self.text,
            changes=changes,
            actions=actions,
            errors=tuple(self.errors),
            state=after,
        )


def state_changed(before: SessionState | None, after: SessionState | None) -> bool:
    """Whether the session's content differs (draft, media), ignoring the rest."""
    if after is None:
        return False
    if before is None:
        return after.draft.ready_for_export or bool(after.video_infos)
    return (
        dict(before.draft.raw) != dict(after.draft.raw)
        or [m.raw for m in before.video_infos] != [m.raw for m in after.video_infos]
        or list(before.generated_media) != list(after.generated_media)
    )


class HeartbeatWatch:
    """Raises the turn timeout when only heartbeats came for :data:`TURN_TIMEOUT` s."""

    __slots__ = ("_clock", "_last", "limit")

    def __init__(self, clock: Clock, limit: float = TURN_TIMEOUT) -> None:
        self._clock = clock
        self._last = clock()
        self.limit = limit

    def seen(self, events: list[ChatEvent]) -> bool:
        """Note a batch of events; true when the turn has timed out."""
        now = self._clock()
        for event in events:
            if event.kind != "heartbeat":
                self._last = now
                return False
        return now - self._last >= self.limit
