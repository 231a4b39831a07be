"""The Studio: upload, instruction box, timeline and export in one layout.

``Studio()`` talks to the NemoVideo cloud (settings from the environment);
``Studio.local()`` starts the embedded engine in this kernel first, so
nothing needs an account. Every action runs off the kernel's main thread
(see :mod:`nemo_widgets.widgets._runner`); the methods ``upload``, ``send``
and ``export`` are the foreground path: they block the cell and show
progress, for scripts, notebooks run headless, and Colab.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import ipywidgets as widgets

from nemo_widgets.core.factory import open_local_session, open_session, refuse_for_local_engine
from nemo_widgets.core.session import DuplicateChoice, ExportOutcome, Handled, StudioSession
from nemo_widgets.core.session_base import describe_error
from nemo_widgets.protocol.errors import NemoError
from nemo_widgets.protocol.models import MediaInfo, SessionState
from nemo_widgets.protocol.settings import PROFILES, Profile
from nemo_widgets.widgets._runner import Mode, UiRunner
from nemo_widgets.widgets.accessible_names import AccessibleNames
from nemo_widgets.widgets.chat import InstructionBox
from nemo_widgets.widgets.chat_view import page_theme
from nemo_widgets.widgets.chunked import remove_received
from nemo_widgets.widgets.export import ExportPanel
from nemo_widgets.widgets.profile_text import profile_text
from nemo_widgets.widgets.status import CreditsBadge, StatusLine
from nemo_widgets.widgets.studio_views import Panel, StudioViews
from nemo_widgets.widgets.theme import STUDIO_CSS
from nemo_widgets.widgets.timeline import TimelineView
from nemo_widgets.widgets.upload import UploadPanel, colab_files_upload, on_colab

if TYPE_CHECKING:  # types only: Studio.local() starts the engine through core.factory.start_engine
    from nemo_widgets.local.server import LocalEngine
    from nemo_widgets.local.settings import EngineSettings

T = TypeVar("T")

__all__ = ["Studio"]


class Studio(StudioViews, widgets.VBox):
    """The NemoVideo agent in a notebook: ``Studio()`` (cloud) or ``Studio.local()`` (offline)."""

    def __init__(
        self,
        session: StudioSession | None = None,
        *,
        profile: str | Profile | None = None,
        mode: Mode = "auto",
        output_dir: str | os.PathLike[str] | None = None,
        connect: bool = True,
        embed_limit: int | None = None,
        engine: LocalEngine | None = None,
        **client_options: Any,
    ) -> None:
        if session is None:
            session = open_session(profile=profile, output_dir=output_dir or "nemo_exports", **client_options)
        elif client_options or output_dir is not None:
            given = sorted([*client_options, *(["output_dir"] if output_dir is not None else [])])
            raise TypeError(
                f"Studio(session, {', '.join(f'{name}=...' for name in given)}): a given session already has its "
                "client and output folder; pass these to open_session(...) or to Studio(...) without a session."
            )
        elif profile is not None:
            session.set_profile(profile)
        self.session = session
        self.engine = engine
        self.runner = UiRunner(mode)
        self._closed = False  # close() runs once (ipywidgets calls it again from __del__)
        self._shown_default: str | None = None  # the default export format last put in the dropdown
        self.last_error: str | None = None
        self._acting: Panel = "studio"  # the panel of the last action started
        self._said_in_row = ""  # an upload's refusal its file's row already says (not repeated under the panel)
        self._build(embed_limit)
        self._wire()
        self._show_profile()
        if connect:
            self._run(self._connect_and_resume)

    # -- construction ------------------------------------------------------
    @classmethod
    def local(
        cls,
        profile: str | Profile | None = None,
        *,
        data_dir: str | os.PathLike[str] | None = None,
        engine_settings: EngineSettings | None = None,
        output_dir: str | os.PathLike[str] = "nemo_exports",
        mode: Mode = "auto",
        connect: bool = True,
        embed_limit: int | None = None,
        client_options: Mapping[str, Any] | None = None,
        **more_client_options: Any,
    ) -> Studio:
        """A Studio on the embedded engine, started in this kernel on 127.0.0.1 (no account needed).

        Client options (``language=``, ``client_id=``, a ``token=`` the engine issued...) go as keywords or
        in ``client_options``; ``base_url=``, ``web_url=`` and ``settings=`` cannot apply (the engine has its
        own address): a :class:`TypeError` before any engine starts.
        """
        options = {**(client_options or {}), **more_client_options}
        refuse_for_local_engine("Studio.local", options)
        session, engine = open_local_session(
            profile=profile, data_dir=data_dir, engine_settings=engine_settings, output_dir=output_dir, **options
        )
        try:
            return cls(session, mode=mode, connect=connect, embed_limit=embed_limit, engine=engine)
        except BaseException:
            engine.stop()
            raise

    def _build(self, embed_limit: int | None) -> None:
        profile = self.session.profile
        self.title = widgets.HTML()
        self.profile_picker = widgets.Dropdown(
            options=[(profile_text(name).title, name) for name in PROFILES],
            value=profile.name,
            description="Skill",
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.credits = CreditsBadge()
        self.status = StatusLine()
        self.upload_notice, self.export_notice = StatusLine(), StatusLine()  # each panel's own line
        self.uploads = UploadPanel(
            on_files=lambda paths: self._run(lambda: self._upload(paths, self.session.upload(paths)), "upload"),
            on_bytes=lambda name, data: self._run(
                lambda: self._upload([name], self.session.upload_bytes(data, name)), "upload"
            ),
            on_url=lambda url: self._run(lambda: self.session.upload_url(url), "upload"),
            on_refused=self._upload_refused,
            on_received=lambda path: self._run(lambda: self._upload_received(path), "upload"),
            on_remove=lambda media_id: self._run(lambda: self.session.remove_media(media_id), "upload"),
            on_duplicate=lambda key, add: self._run(lambda: self._answer_duplicate(key, add), "upload"),
        )
        self.chat = InstructionBox(
            on_send=lambda text: self._run(lambda: self.session.handle(text), "chat"),
            on_cancel=self.cancel,
            on_action=self._on_chat_action,
            suggestions=profile_text(profile).try_saying,
        )
        self.timeline = TimelineView(on_refresh=lambda: self._run(self.session.refresh))
        self.exporter = ExportPanel(
            on_export=lambda fmt, quality: self._run(lambda: self.session.export(fmt, quality), "export"),
            default_format=profile.default_format,
            embed_limit=embed_limit,
            on_cancel=self.cancel,
            on_fix=lambda: self._run(self.session.fix_result, "export"),
        )
        self._lay_out()

    def _lay_out(self) -> None:
        """Header and status on top; the conversation beside the media, timeline and export (stacked when narrow)."""
        self.credits.layout = widgets.Layout(flex="0 1 auto", min_width="0")
        header = widgets.HBox(
            [self.title, self.profile_picker, self.credits],
            layout=widgets.Layout(justify_content="space-between", align_items="center", flex_flow="row wrap"),
        )
        column = widgets.Layout(flex="1 1 340px", min_width="0", width="auto")
        chat = widgets.VBox([self.chat], layout=column)
        work = widgets.VBox(
            [self.uploads, self.upload_notice, self.timeline, self.exporter, self.export_notice], layout=column
        )
        for box, name in ((chat, "nemo-chat-column"), (work, "nemo-work-column")):
            box.add_class("nemo-column")
            box.add_class(name)
        for panel in (self.timeline, self.exporter):
            panel.add_class("nemo-panel")
        body = widgets.HBox(
            [chat, work], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start", width="100%")
        )
        body.add_class("nemo-columns")
        super().__init__(
            [
                widgets.HTML(STUDIO_CSS, layout=widgets.Layout(display="none")),
                AccessibleNames(),
                header,
                self.status,
                body,
            ],
            layout=widgets.Layout(padding="8px 10px", width="100%", max_width="1280px"),
        )
        self.add_class("nemo-studio")

    def _wire(self) -> None:
        ui, on = self.runner.ui, self.session.events.on
        on("status", lambda *a: ui(self._show_status, *a))
        on("credits", lambda c: ui(self._show_credits, c))
        on("state", lambda s: ui(self._show_state, s))
        on("media", lambda _m: ui(self._show_media))
        on("upload_progress", lambda *a: ui(self.uploads.show_progress, *a))
        on("duplicate", lambda held: ui(self.uploads.questions.ask, held))
        on("duplicate_resolved", lambda key: ui(self.uploads.questions.settle, key))
        on("user_message", lambda t: ui(self.chat.add_user, t))
        on("reply_text", lambda t, final: ui(self.chat.show_reply, t, final))
        on("still_working", lambda _m: ui(self.chat.still_working))
        on("reply", lambda r: ui(self._show_reply, r))
        on("render_progress", lambda *a: ui(self.exporter.show_progress, *a))
        on("result", lambda o: ui(self._show_result, o))
        on("cancelled", lambda job_id: ui(self._show_cancelled, job_id))
        on("busy", lambda b: ui(self._set_busy, b))
        self.profile_picker.observe(self._on_profile, names="value")
        self.chat.conversation.observe(lambda c: self.timeline.follow_page(page_theme(c["new"])), names="theme")

    # -- running -----------------------------------------------------------
    def _foreground(self, make: Callable[[], Awaitable[T]], panel: Panel = "studio") -> T | None:
        self._acting = panel
        return self.runner.run_foreground(lambda: self.session.guarded(make()))

    async def _connect_and_resume(self) -> None:
        await self.session.connect()
        await self.session.resume()

    def cancel(self) -> None:
        """Stop the running action (``StudioSession.cancel``): a chat turn's stream is closed and never
        re-sent (an edit the agent already started may still land); an export is cancelled at the server
        and forgotten, so the next Studio does not resume it."""
        self._run(self.session.cancel)

    # -- the foreground path (blocks the cell, shows progress) -------------
    def upload(
        self, *paths: str | os.PathLike[str], if_duplicate: DuplicateChoice = "ask"
    ) -> tuple[MediaInfo, ...] | None:
        """Upload files from the kernel's disk; returns what was uploaded (None on error, shown above).

        A file already on the timeline waits for a choice in the upload panel (``if_duplicate="ask"``), or is
        uploaded again (``"add"``) or left out (``"skip"``).
        """
        files = list(paths)
        return self._foreground(
            lambda: self._upload(files, self.session.upload(files, if_duplicate=if_duplicate)), "upload"
        )

    def upload_from_computer(self) -> tuple[MediaInfo, ...] | None:
        """On Colab: Colab's own upload dialog in this cell, then the upload. Elsewhere: the drop zone says how."""
        if not on_colab():
            self.status.show('Use the drop zone in the upload panel\'s "Your computer" tab.', "info")
            return None
        paths = colab_files_upload()
        return self._foreground(lambda: self._upload(paths, self.session.upload(paths)), "upload") if paths else None

    async def _upload_received(self, path: Path) -> tuple[MediaInfo, ...]:
        """A file the chunked uploader received: the normal upload path, then its temporary copy is removed
        (unless it is held as a duplicate: then when the user has chosen)."""
        try:
            return await self._upload([path], self.session.upload([path]))
        finally:
            if not any(held.path == path for held in self.session.held.values()):
                remove_received(path)

    async def _answer_duplicate(self, key: str, add: bool) -> None:
        """The user's answer to a duplicate: upload it again, or leave it out; a received copy goes after."""
        held = self.session.held.get(key)
        try:
            await (self.session.add_held(key) if add else self.session.drop_held(key))
        finally:
            if held is not None and held.path is not None:
                remove_received(held.path)  # only the chunked uploader's temporary copies are removed

    async def _upload(self, sources: list[Any], work: Awaitable[T]) -> T:
        """An upload whose refusal also turns its files' progress rows to an error, with the reason."""
        try:
            return await work
        except NemoError as exc:
            message, next_step, _link = describe_error(exc)
            reason = self._said_in_row = f"{message} {next_step}".strip()
            for source in sources:
                self.runner.ui(self.uploads.show_failed, Path(str(source)).name, reason)
            raise

    def _upload_refused(self, name: str, why: str) -> None:
        """A file the upload panel refused before sending it: said in the panel (its row) and on the status line."""
        self.status.show(why, "error")
        self.upload_notice.show(why, "error")
        if name:
            self.uploads.show_failed(name, why)

    def send(self, text: str) -> Handled:
        """Type ``text`` into the instruction box and run it (routed like typed text)."""
        return self._foreground(lambda: self.session.handle(text), "chat")

    def export(self, format: str | None = None, quality: str | None = None) -> ExportOutcome | None:
        """Render, download and show the result; returns the file (None on error, shown above)."""
        return self._foreground(lambda: self.session.export(format, quality), "export")

    def refresh(self) -> SessionState | None:
        """Read the timeline and credits again."""
        return self._foreground(self.session.refresh)

    def wait(self, timeout: float | None = None) -> None:
        """Block until background actions (button clicks) are done, showing their progress."""
        self.runner.wait(timeout)

    def close(self) -> None:
        """Close the widgets, the HTTP client and the embedded engine (if this Studio started one)."""
        # ipywidgets calls close() again from __del__, also while the interpreter shuts down,
        # when no worker thread can start any more: only the first call, never at shutdown. A Studio whose
        # __init__ stopped early (a TypeError) has nothing to close: it counts as closed.
        if not getattr(self, "_closed", True) and not sys.is_finalizing():
            self._closed = True
            self.runner.cancel_all()
            for held in self.session.held.values():  # received copies held for a choice nobody made
                if held.path is not None:
                    remove_received(held.path)
            try:
                self.runner.run_foreground(self.session.aclose)
            except Exception:  # noqa: BLE001 - closing after a failure is fine
                pass
            if self.engine is not None:
                self.engine.stop()
        super().close()

    def __repr__(self) -> str:
        return f"Studio(profile={self.session.profile.name!r}, mode={self.runner.mode!r})"
