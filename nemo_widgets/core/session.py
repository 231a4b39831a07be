"""The session controller: what a user does with the agent, in plain Python.

:class:`StudioSession` drives an :class:`~nemo_widgets.protocol.AsyncNemoClient`
and tells its listeners (an :class:`~nemo_widgets.core.events.EventHub`)
what happened: status lines, streamed reply text (throttled), the state
after each edit, upload / render / download progress, the exported file.
It imports no ipywidgets: the widgets subscribe to its events, and a script
can use it as it is::

    session = StudioSession(AsyncNemoClient(base_url=engine.url))
    session.events.on("reply_text", lambda text, final: print(text) if final else None)
    await session.connect()
    await session.upload(["clip.mp4"])
    await session.handle("remove all audio from this video")
    outcome = await session.export()
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, Union

from nemo_widgets.core.events import EventHub
from nemo_widgets.core.jobs import JobBook, PendingRender
from nemo_widgets.core.render_control import RenderControl
from nemo_widgets.core.result_check import ResultCheck, check_result
from nemo_widgets.core.streams import StreamReport, read_streams
from nemo_widgets.core.throttle import Throttle
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, StatusLevel, export_format
from nemo_widgets.protocol.errors import NemoError, NothingToExport, RenderCancelled, RenderFailed, SessionNotFound
from nemo_widgets.protocol.events import ChatEvent
from nemo_widgets.protocol.intents import route
from nemo_widgets.protocol.models import Credits, MediaInfo, RenderJob, RenderResult, RenderStatus, Reply, SessionState

T = TypeVar("T")

__all__ = ["ExportOutcome", "Handled", "StudioSession", "describe_error"]

log = logging.getLogger("nemo_widgets.core")

UploadSource = str | os.PathLike[str]


@dataclass(frozen=True)
class ExportOutcome:
    """An exported file on the kernel's disk, and what its streams were found to be.

    ``check`` compares the file's streams with the profile's promise (a silent
    MP4 has no audio stream; an MP3 has audio and no video): ``check.found``
    has the counts, ``check.ok`` the verdict (``None``: unreadable),
    ``check.problem`` the sentence shown and ``check.fix`` the instruction the
    one-click fix sends to the agent (:meth:`StudioSession.fix_result`).
    """

    path: Path
    format: str
    job_id: str
    url: str | None = None
    size: int = 0
    check: ResultCheck | None = None

    @property
    def as_promised(self) -> bool:
        """False only when the file was read and breaks the profile's promise."""
        return self.check is None or self.check.ok is not False

    def streams(self) -> StreamReport:
        """The file's video and audio streams, read now (``.has_video``, ``.has_audio``, ``.duration_s``)."""
        return read_streams(self.path)

    @property
    def media_type(self) -> str:
        """``"audio"`` for MP3/WAV/M4A results, else ``"video"``."""
        return "audio" if self.format in AUDIO_EXPORT_FORMATS else "video"

    @property
    def mime(self) -> str:
        return {"mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4"}.get(self.format, "video/mp4")


def describe_error(exc: BaseException) -> tuple[str, str, str | None]:
    """(sentence, next step, link) for any exception, safe to show: no token, no raw JSON."""
    if isinstance(exc, NemoError):
        return exc.user_message, exc.next_step, getattr(exc, "link", None)
    if isinstance(exc, asyncio.CancelledError):
        return "Cancelled.", "Nothing was sent twice; send again when you are ready.", None
    log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
    return "Something unexpected went wrong.", "Try again; if it keeps happening, restart the kernel.", None


#: What :meth:`StudioSession.handle` returns: the export's file, the credits, the state, the agent's reply,
#: or None (nothing to do, or an error already shown as a status line).
Handled = Union["ExportOutcome", Credits, SessionState, Reply, None]


@dataclass
class _Conversation:
    """The text of the agent's turn as it streams: one entry per event id.

    Chunks are appended to a list and joined only when the text is shown
    (at most ``text_rate`` times a second), so a long reply costs linear
    time, not quadratic.
    """

    parts: dict[str, list[str]] = field(default_factory=dict)

    def apply(self, event: ChatEvent) -> bool:
        # events without an id share one entry (as in the client's Reply): chunks join, the final replaces them
        key = event.id or ""
        if event.kind == "text_chunk":
            self.parts.setdefault(key, []).append(event.text)
            return True
        if event.kind == "text":
            self.parts[key] = [event.text]  # the final text replaces its chunks
            return True
        return False

    @property
    def text(self) -> str:
        joined = ("".join(chunks) for chunks in self.parts.values())
        return "\n\n".join(p for p in joined if p)


class StudioSession(RenderControl):
    """Connect, upload, ask, export: the user's actions, with events for every view.

    ``book`` persists the render in flight (next to the notebook by default)
    so that after a kernel restart a new session finishes it and shows it:
    see :meth:`resume`. Pass ``JobBook(path)`` to move it.
    """

    def __init__(
        self,
        client: AsyncNemoClient,
        *,
        output_dir: str | os.PathLike[str] = "nemo_exports",
        book: JobBook | None = None,
        book_key: str | None = None,
        text_rate: float = 20.0,
    ) -> None:
        self.client = client
        self._book_key = book_key
        self.events = EventHub()
        self.output_dir = Path(output_dir)
        self.book = book if book is not None else JobBook()
        self.text_rate = text_rate
        self.state: SessionState | None = None
        self.credits_info: Credits | None = None
        self.media: tuple[MediaInfo, ...] = ()
        self.last_outcome: ExportOutcome | None = None
        self.connected = False
        #: the render in flight (submitted or resumed, not yet downloaded): what :meth:`cancel` stops
        self.render_job: RenderJob | None = None
        self._actions: set[asyncio.Task[Any]] = set()
        self._cancelling = False
        self._busy = 0
        self._told_token_refused = False
        self._connecting = asyncio.Lock()

    # -- helpers -----------------------------------------------------------
    @property
    def profile(self) -> Any:
        return self.client.settings.profile

    @property
    def api_url(self) -> str:
        """The key the book files this session under: the API URL unless given (a local engine's port changes)."""
        return self._book_key or str(self.client.settings.api_url)

    def set_profile(self, profile: Any) -> None:
        """Speak as another skill profile (attribution headers, default export format); same session."""
        from nemo_widgets.protocol.settings import PROFILES

        chosen = PROFILES[profile] if isinstance(profile, str) else profile
        self.client.settings = self.client.settings.with_changes(profile=chosen)

    def status(self, message: str, level: StatusLevel = "info", next_step: str = "", link: str | None = None) -> None:
        self.events.emit("status", message, level, next_step, link)

    def report(self, exc: BaseException) -> None:
        """Show an error as a sentence with its next step."""
        message, next_step, link = describe_error(exc)
        self.status(message, "error", next_step, link)

    async def guarded(self, work: Awaitable[T]) -> T | None:
        """Await ``work``; on error show it as a status line and return None (the handler edge).

        ``busy`` is emitted when the first of overlapping actions starts and
        when the last one ends.
        """
        self._busy += 1
        if self._busy == 1:
            self.events.emit("busy", True)
        task = asyncio.current_task()
        if task is not None:
            self._actions.add(task)
        try:
            return await work
        except asyncio.CancelledError:
            if not self._cancelling:  # cancel() says what it stopped
                message, next_step, _link = describe_error(asyncio.CancelledError())
                self.status(message, "info", next_step)
            return None
        except RenderCancelled as exc:  # cancelled at the server (by cancel(), or by someone else)
            self.render_job = None
            self.book.forget_render(self.api_url)
            self.events.emit("render_progress", 0.0, exc.user_message)
            self.status(exc.user_message, "info", exc.next_step)
            return None
        except SessionNotFound as exc:
            await self._start_over(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost
            if isinstance(exc, RenderFailed):
                self.render_job = None  # nothing left running to cancel
            self.report(exc)
            return None
        finally:
            if task is not None:
                self._actions.discard(task)
            self._busy -= 1
            self._tell_if_token_refused()
            if self._busy == 0:
                self.events.emit("busy", False)

    def _tell_if_token_refused(self) -> bool:
        """Once: the user's token was refused and the client went on in a new anonymous account."""
        if self._told_token_refused or not self.client.user_token_refused:
            return False
        self._told_token_refused = True
        self.status(
            "Your NemoVideo token (NEMO_TOKEN) was refused, expired or revoked, so this session now uses a new "
            "anonymous account.",
            "warn",
            "Its credits and projects are separate from yours: set a fresh NEMO_TOKEN and restart the kernel "
            "to use your account.",
        )
        return True

    async def _start_over(self, lost: SessionNotFound) -> None:
        """1002 (protocol.md): the session is gone with its uploads; open a new one and say so."""
        try:
            await self.client.new_session()
            self.media = ()
            self.events.emit("media", self.media)
            await self.refresh()
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost
            self.report(exc)
            return
        self.status(lost.user_message, "error", "A new session was started: upload your files again.")

    # -- connect -----------------------------------------------------------
    async def connect(self) -> None:
        """Get a token and a session (a new one unless the client was given ``session_id``), then read credits and state."""
        async with self._connecting:  # a second caller (e.g. the next cell while the Studio connects) waits
            if self.connected:
                return
            self.status("Setting things up...", "busy")
            info = await self.client.connect()
            self.connected = True
            self.events.emit("connected", info)
            await self.refresh()
            if not self._tell_if_token_refused():
                self.status("Ready!", "ok")

    async def ensure_connected(self) -> None:
        if not self.connected:
            await self.connect()

    async def refresh(self) -> SessionState:
        """Read the state and the credits and tell the views."""
        state = await self.client.state()
        self._set_state(state)
        await self.refresh_credits()
        return state

    async def refresh_credits(self) -> Credits:
        credits = await self.client.credits()
        self.credits_info = credits
        self.events.emit("credits", credits)
        return credits

    def _set_state(self, state: SessionState) -> None:
        self.state = state
        if state.video_infos:
            self.media = tuple(state.video_infos)
            self.events.emit("media", self.media)
        self.events.emit("state", state)

    # -- upload ------------------------------------------------------------
    async def upload(self, sources: Sequence[UploadSource] | UploadSource) -> tuple[MediaInfo, ...]:
        """Upload local files (streamed from disk) and show their progress, then the new state."""
        await self.ensure_connected()
        paths = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
        added: list[MediaInfo] = []
        for path in paths:
            name = Path(path).name
            self.status(f"Uploading {name}...", "busy")
            result = await self.client.upload(path, progress=functools.partial(self._upload_progress, name))
            added.extend(_media_list(result))
        return await self._after_upload(added)

    def _upload_progress(self, name: str, sent: int, total: int) -> None:
        self.events.emit("upload_progress", name, sent, total)

    async def upload_bytes(self, data: bytes, filename: str) -> tuple[MediaInfo, ...]:
        """Upload in-memory bytes (a browser FileUpload)."""
        await self.ensure_connected()
        self.status(f"Uploading {filename}...", "busy")
        result = await self.client.upload_bytes(
            data, filename, progress=lambda sent, total: self.events.emit("upload_progress", filename, sent, total)
        )
        return await self._after_upload(_media_list(result))

    async def upload_url(self, url: str) -> tuple[MediaInfo, ...]:
        """Ask the API to fetch a file from a URL."""
        await self.ensure_connected()
        self.status("Fetching the file from the link...", "busy")
        result = await self.client.upload_url(url)
        return await self._after_upload(_media_list(result))

    async def _after_upload(self, added: list[MediaInfo]) -> tuple[MediaInfo, ...]:
        await self.refresh()
        names = ", ".join(m.name or "file" for m in added) or "the file"
        self.status(f"Uploaded {names}. Tell me what to do with it.", "ok")
        return tuple(added)

    # -- ask ---------------------------------------------------------------
    async def ask(self, text: str) -> Reply:
        """Send an instruction to the agent; stream its reply; describe a silent edit from the state."""
        await self.ensure_connected()
        self.events.emit("user_message", text)
        self.status("Working on it...", "busy")
        before = self.state
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

        def on_still_working(seconds: Any = None) -> None:
            self.events.emit("still_working", int(float(seconds or 0) // 60))
            self.status("⏳ Still working...", "busy")

        try:
            reply: Reply = await self.client.ask(text, on_event=on_event, on_still_working=on_still_working)
        finally:
            for handle in tick:
                handle.cancel()
            throttle.flush()
        final_text = reply.text or _changes_text(reply)
        self.events.emit("reply_text", final_text, True)
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
        return reply

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

    # -- export ------------------------------------------------------------
    def default_format(self) -> str:
        wanted = _draft_format(self.state)
        return wanted or self.profile.default_format

    async def export(self, format: str | None = None, quality: str | None = None) -> ExportOutcome:
        """Render the timeline, poll with progress, download, and tell the views about the file."""
        await self.ensure_connected()
        self.status("Checking the timeline...", "busy")
        state = await self.client.state()
        self._set_state(state)
        if not state.draft.ready_for_export:
            raise NothingToExport()
        fmt = export_format(format or self.default_format())
        self.events.emit("render_progress", 0.0, "Starting the render...")
        job: RenderJob = await self.client.export(format=fmt, quality=quality, draft=state.draft.to_dict())
        self.render_job = job
        self.book.remember_render(
            self.api_url, PendingRender(job.id, job.session_id or "", job.format, job.quality, time.time())
        )
        return await self._finish_render(job)

    async def resume(self) -> ExportOutcome | None:
        """Resume the render that was running before a kernel restart, if the book has one."""
        pending = self.book.pending(self.api_url)
        if pending is None:
            return None
        await self.ensure_connected()
        self.status("Resuming the export that was running...", "busy")
        self.render_job = RenderJob(
            pending.job_id, pending.session_id, pending.format, pending.quality, pending.submitted_at
        )
        result = await self.client.resume_render(
            pending.job_id, format=pending.format, progress=self._render_progress(), resubmitted=self._follow_render
        )
        return await self._deliver(result)

    async def _finish_render(self, job: RenderJob) -> ExportOutcome:
        self.status("Rendering...", "busy")
        result = await self.client.wait_for_render(
            job, progress=self._render_progress(), resubmitted=self._follow_render
        )
        return await self._deliver(result)

    def _render_progress(self) -> Any:
        started = time.monotonic()

        def on_progress(status: RenderStatus) -> None:
            pct = status.progress
            message = f"Rendering... {time.monotonic() - started:.0f}s" if pct is None else f"Rendering {pct:.0f}%"
            self.events.emit("render_progress", pct, message)
            self.status(message, "busy")

        return on_progress

    async def _deliver(self, result: RenderResult) -> ExportOutcome:
        noun = "Audio" if result.format in AUDIO_EXPORT_FORMATS else "Video"
        self.output_dir.mkdir(parents=True, exist_ok=True)
        dest = self.output_dir / result.filename
        self.events.emit("render_progress", 100.0, "Downloading...")
        path = await self.client.download(
            result, dest, progress=lambda done, total: self.events.emit("download_progress", done, total)
        )
        self.book.forget_render(self.api_url)
        self.render_job = None
        path = Path(path)
        check = await asyncio.to_thread(check_result, path, result.format, self.profile.name)
        outcome = ExportOutcome(
            path=path, format=result.format, job_id=result.job.id, url=result.url, size=path.stat().st_size, check=check
        )
        self.last_outcome = outcome
        if self._told_mismatch(outcome, noun):
            return outcome
        self.events.emit("render_progress", 100.0, f"{noun} ready!")
        self.events.emit("result", outcome)
        note = f". Note: {result.note.rstrip('.')}." if result.note else ""  # e.g. a damaged source, delivered short
        self.status(f"{noun} ready! Saved to {path}{note}", "warn" if note else "ok")
        return outcome

    async def claim_link(self) -> str:
        """The "open in NemoVideo" link (a claim token; never the bearer token)."""
        await self.ensure_connected()
        return str(await self.client.claim_link())

    async def aclose(self) -> None:
        await self.client.aclose()


def _media_list(result: Any) -> list[MediaInfo]:
    if isinstance(result, MediaInfo):
        return [result]
    if isinstance(result, (list, tuple)):
        return [m for m in result if isinstance(m, MediaInfo)]
    media = getattr(result, "media", None)
    return list(media) if media else []


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


def _draft_format(state: SessionState | None) -> str | None:
    """The format the agent settled on (e.g. after "extract the audio as MP3"), if it said one."""
    if state is None:
        return None
    if state.output_format:
        return state.output_format
    if state.draft.ready_for_export and not state.draft.has_video and state.draft.has_audio:
        return "mp3"
    return None
