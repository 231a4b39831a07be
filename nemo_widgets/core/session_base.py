"""The session's ground floor: its state, the handler edge (:meth:`SessionBase.guarded`), connect and progress.

:class:`~nemo_widgets.core.session.StudioSession` is this plus its flows, each in its own module:
:class:`~nemo_widgets.core.media_flow.MediaFlow` (upload, duplicates, off the timeline),
:class:`~nemo_widgets.core.chat_flow.ChatFlow` (ask, handle),
:class:`~nemo_widgets.core.export_flow.ExportFlow` (export, resume, download) and
:class:`~nemo_widgets.core.render_control.RenderControl` (cancel, the one-click fix).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from nemo_widgets.core.events import EventHub
from nemo_widgets.core.held import HeldUpload
from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.throttle import Throttle
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.constants import StatusLevel
from nemo_widgets.protocol.errors import NemoError, RenderCancelled, RenderFailed, SessionNotFound
from nemo_widgets.protocol.models import Credits, MediaInfo, RenderJob, SessionState
from nemo_widgets.protocol.settings import PROFILES, Profile

if TYPE_CHECKING:
    from nemo_widgets.core.outcome import ExportOutcome

T = TypeVar("T")

__all__ = ["PROGRESS_EVENT_RATE", "SessionBase", "UploadSource", "describe_error"]

log = logging.getLogger("nemo_widgets.core")

UploadSource = str | os.PathLike[str]
#: Progress events (upload, download) a second, at most (see :meth:`SessionBase.progress_events`).
PROGRESS_EVENT_RATE = 10.0


def describe_error(exc: BaseException) -> tuple[str, str, str | None]:
    """(sentence, next step, link) for any exception, safe to show: no token, no raw JSON."""
    if isinstance(exc, NemoError):
        return exc.user_message, exc.next_step, getattr(exc, "link", None)
    if isinstance(exc, asyncio.CancelledError):
        return "Cancelled.", "Nothing was sent twice; send again when you are ready.", None
    log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
    return "Something unexpected went wrong.", "Try again; if it keeps happening, restart the kernel.", None


class SessionBase:
    """What every flow of the session shares: the client, the events, the last state, the busy count."""

    def __init__(
        self,
        client: AsyncNemoClient,
        *,
        output_dir: str | os.PathLike[str] = "nemo_exports",
        book: JobBook | None = None,
        book_key: str | None = None,
        text_rate: float = 20.0,
    ) -> None:
        _check_client(client, text_rate)
        self.client = client
        self._book_key = book_key
        self.events = EventHub()
        self.output_dir = Path(output_dir)
        self.book = book if book is not None else JobBook()
        self.text_rate = text_rate
        self.state: SessionState | None = None
        self.credits_info: Credits | None = None
        self.media: tuple[MediaInfo, ...] = ()
        #: uploads of a file already on the timeline, held until the user chooses (``MediaFlow``), by key
        self.held: dict[str, HeldUpload] = {}
        self.last_outcome: ExportOutcome | None = None
        self.connected = False
        #: the render in flight (submitted or resumed, not yet downloaded): what ``cancel`` stops
        self.render_job: RenderJob | None = None
        self._actions: set[asyncio.Task[Any]] = set()
        self._cancelling = False
        self._busy = 0
        self._told_token_refused = False
        self._connecting = asyncio.Lock()

    # -- helpers -----------------------------------------------------------
    @property
    def profile(self) -> Profile:
        return self.client.settings.profile

    @property
    def api_url(self) -> str:
        """The key the book files this session under: the API URL unless given (a local engine's port changes)."""
        return self._book_key or str(self.client.settings.api_url)

    def set_profile(self, profile: Profile | str) -> None:
        """Speak as another skill profile (attribution headers, default export format); same session."""
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
        except RenderCancelled as exc:  # cancelled at the server (by cancel(), or by someone else)
            self._render_cancelled(exc)
        except SessionNotFound as exc:
            await self._start_over(exc)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost
            if isinstance(exc, RenderFailed):
                self.render_job = None  # nothing left running to cancel
            self.report(exc)
        finally:
            if task is not None:
                self._actions.discard(task)
            self._busy -= 1
            self._tell_if_token_refused()
            if self._busy == 0:
                self.events.emit("busy", False)
        return None

    def _render_cancelled(self, exc: RenderCancelled) -> None:
        self.render_job = None
        self.book.forget_render(self.api_url)
        self.events.emit("render_progress", 0.0, exc.user_message)
        self.status(exc.user_message, "info", exc.next_step)

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

    # -- progress ----------------------------------------------------------
    @contextlib.contextmanager
    def progress_events(self, event: str, *first: Any) -> Iterator[Callable[[int, int | None], None]]:
        """A ``progress(done, total)`` that emits ``event(*first, done, total)`` at most
        :data:`PROGRESS_EVENT_RATE` times a second: the first report at once, the last when the block ends.

        httpx reports every 64 KiB it reads or writes; to the engine on 127.0.0.1 that is thousands of
        reports a second, and each becomes widget messages. Jupyter Server stops forwarding a kernel's
        messages above 1,000 a second (averaged over 3 s) and drops them, the final ones included: the page
        showed a 150 MB upload stuck at 80 % and "Uploading..." for ever although it had finished.
        """
        throttle: Throttle[tuple[int, int | None]] = Throttle(
            lambda done: self.events.emit(event, *first, *done), rate=PROGRESS_EVENT_RATE
        )

        def report(done: int, total: int | None) -> None:
            throttle.push((done, total))

        try:
            yield report
        finally:
            throttle.flush()

    async def aclose(self) -> None:
        await self.client.aclose()


def _check_client(client: object, text_rate: float) -> None:
    """A clear error for a session that could not work: a sync client (every call is awaited), no rate."""
    if isinstance(client, NemoClient):
        raise TypeError(
            "StudioSession(client): the session awaits every call, so it needs an AsyncNemoClient; "
            "build one with the same options (AsyncNemoClient(base_url=..., ...))."
        )
    if not text_rate > 0:
        raise ValueError(f"text_rate must be above 0 (updates a second), not {text_rate!r}")
