"""Talking to the agent: :class:`ChatFlow`, the part of the session that asks and routes what was typed.

:meth:`ChatFlow.ask` streams the agent's reply as ``reply_text`` events (throttled to ``text_rate`` a
second, the last always shown) and describes a silent edit from the state; :meth:`ChatFlow.handle` runs
the toolkit's own actions (export, credits, status, upload) instead of asking, as
:func:`~nemo_widgets.protocol.intents.route` decides.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nemo_widgets.core.session_base import SessionBase
from nemo_widgets.core.throttle import Throttle
from nemo_widgets.protocol.events import ChatEvent
from nemo_widgets.protocol.gui_text import translate, translate_streaming
from nemo_widgets.protocol.intents import route
from nemo_widgets.protocol.models import Reply, SessionState

if TYPE_CHECKING:
    from nemo_widgets.core.outcome import ExportOutcome, Handled

__all__ = ["ChatFlow"]


@dataclass
class _Conversation:
    """The text of the agent's turn as it streams: one entry per event id.

    Chunks are appended to a list and joined only when the text is shown
    (at most ``text_rate`` times a second), so a long reply costs linear
    time, not quadratic. What is shown is translated as it streams
    (:func:`~nemo_widgets.protocol.gui_text.translate_streaming`) and only
    ever grows: the reader never sees words change under their eyes.
    """

    parts: dict[str, list[str]] = field(default_factory=dict)
    finals: set[str] = field(default_factory=set)
    shown: str = ""

    def apply(self, event: ChatEvent) -> bool:
        # events without an id share one entry (as in the client's Reply): chunks join, the final replaces them
        key = event.id or ""
        if event.kind == "text_chunk":
            self.parts.setdefault(key, []).append(event.text)
            return True
        if event.kind == "text":
            self.parts[key] = [event.text]  # the final text replaces its chunks
            self.finals.add(key)
            return True
        return False

    @property
    def raw(self) -> str:
        joined = ("".join(chunks) for chunks in self.parts.values())
        return "\n\n".join(p for p in joined if p)

    @property
    def text(self) -> str:
        """The streamed text to show now: the last shown, or a longer text that begins with it."""
        finished = self.finals.issuperset(self.parts)
        candidate = translate(self.raw).text if finished else translate_streaming(self.raw)
        if finished or candidate.startswith(self.shown):
            self.shown = candidate
        return self.shown


class ChatFlow(SessionBase):
    """Ask the agent (streamed, silent edits described) and route typed text to the right action."""

    if TYPE_CHECKING:

        async def export(self, format: str | None = None, quality: str | None = None) -> ExportOutcome: ...

    async def ask(self, text: str, *, shown: str | None = None) -> Reply:
        """Send an instruction to the agent; stream its reply; describe a silent edit from the state.

        ``shown``: the words the conversation shows for it, when ``text`` carries details for the agent only.
        """
        await self.ensure_connected()
        self.events.emit("user_message", shown or text)
        self.status("Working on it...", "busy")
        before = self.state
        reply = await self._stream_reply(text)
        await self._after_reply(reply, before)
        return reply

    async def _stream_reply(self, text: str) -> Reply:
        """The client's ``ask``, its text shown as it streams (a chunk held by the throttle shows on a tick)."""
        conversation = _Conversation()
        throttle: Throttle[_Conversation] = Throttle(
            lambda conv: self.events.emit("reply_text", conv.text, False), rate=self.text_rate
        )
        loop = asyncio.get_running_loop()
        tick: list[asyncio.TimerHandle] = []

        def on_event(event: ChatEvent) -> None:
            if conversation.apply(event) and not throttle.push(conversation) and not tick:
                # make sure a held chunk is shown even if the stream pauses
                tick.append(loop.call_later(1.0 / self.text_rate, _tick))

        def _tick() -> None:
            tick.clear()
            throttle.poll()

        def on_still_working(seconds: float | None = None) -> None:
            self.events.emit("still_working", int(float(seconds or 0) // 60))
            self.status("⏳ Still working...", "busy")

        try:
            return await self.client.ask(text, on_event=on_event, on_still_working=on_still_working)
        finally:
            for handle in tick:
                handle.cancel()
            throttle.flush()

    async def _after_reply(self, reply: Reply, before: SessionState | None) -> None:
        """The final text (or what changed), the new state and credits, and a status line that says which."""
        self.events.emit("reply_text", reply.text or _changes_text(reply), True)
        self.events.emit("reply", reply)
        if reply.state is not None:
            self._set_state(reply.state)
            await self.refresh_credits()
        else:
            await self.refresh()
        if reply.errors:
            self.report(reply.errors[0])
        elif _draft_changed(before, self.state):
            self.status("Done. " + (self.state.draft.summary() if self.state else ""), "ok")
        else:  # "Done" only when the draft changed
            self.status("Replied; the timeline did not change.", "ok")

    async def handle(self, text: str) -> Handled:
        """Route what the user typed: the toolkit's own actions, or the agent (or both)."""
        text = (text or "").strip()
        if not text:
            self.status("Type an instruction first, e.g. \u201cremove all audio from this video\u201d.", "info")
            return None
        intent = route(text)
        action = intent.action
        if action == "export":
            return await self.export(format=intent.format, quality=intent.quality)
        if action == "credits":
            await self.ensure_connected()
            credits = await self.refresh_credits()
            self.status(f"Credits: {credits}", "ok")
            return credits
        if action == "state":
            await self.ensure_connected()
            state = await self.refresh()
            self.status(state.draft.summary(), "ok")
            return state
        if action == "upload":
            self.status("Pick a file in the upload panel (or call studio.upload(path)).", "info")
            return None
        reply = await self.ask(text)
        if action == "chat_then_export" and not reply.errors:
            return await self.export(format=intent.format, quality=intent.quality)
        return reply


def _draft_changed(before: SessionState | None, after: SessionState | None) -> bool:
    if after is None:
        return False
    return before is None or before.draft.to_dict() != after.draft.to_dict()


def _changes_text(reply: Reply) -> str:
    if reply.changes:
        return "Done. What changed: " + "; ".join(reply.changes) + "."
    if reply.silent:
        return "Done, though the timeline did not change."
    return ""
