"""What the Studio shows: the session's events drawn in its panels, and the buttons a reply offers.

:class:`StudioViews` is the half of :class:`~nemo_widgets.widgets.studio.Studio` that reacts: each
``_show_*`` method is called on the UI side (through the runner) with what the session reported, and says
it in the panel where the user acted. The Studio builds the panels, wires the events and holds the
foreground API; this module holds no widget of its own.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal

from nemo_widgets.core.session import ExportOutcome
from nemo_widgets.protocol.constants import StatusLevel, export_format
from nemo_widgets.protocol.errors import NemoError
from nemo_widgets.protocol.intents import suggestions
from nemo_widgets.protocol.models import Credits, Reply, SessionState
from nemo_widgets.widgets.profile_text import profile_text

if TYPE_CHECKING:
    import ipywidgets as widgets

    from nemo_widgets.core.session import StudioSession
    from nemo_widgets.widgets._runner import UiRunner
    from nemo_widgets.widgets.chat import InstructionBox
    from nemo_widgets.widgets.export import ExportPanel
    from nemo_widgets.widgets.status import CreditsBadge, StatusLine
    from nemo_widgets.widgets.timeline import TimelineView
    from nemo_widgets.widgets.upload import UploadPanel

#: Where an action was started, so its errors show there too: the conversation, the upload or the export panel.
Panel = Literal["chat", "upload", "export", "studio"]

__all__ = ["Panel", "StudioViews"]


class StudioViews:
    """The Studio's reactions to its session (a mixin: the Studio provides the panels named below)."""

    session: StudioSession
    runner: UiRunner
    title: widgets.HTML
    credits: CreditsBadge
    status: StatusLine
    upload_notice: StatusLine
    export_notice: StatusLine
    uploads: UploadPanel
    chat: InstructionBox
    timeline: TimelineView
    exporter: ExportPanel
    last_error: str | None
    _acting: Panel
    _said_in_row: str
    _shown_default: str | None

    def _run(self, make: Callable[[], Awaitable[Any]], panel: Panel = "studio") -> Any:
        """Run a session action in this Studio's mode; errors end on the status line (and in ``panel``),
        never as a traceback."""
        self._acting = panel
        return self.runner.start(lambda: self.session.guarded(make()))

    def _show_cancelled(self, job_id: str | None) -> None:
        if job_id:
            self.chat.add_note("Export cancelled.")
        else:
            self.chat.add_note("Cancelled. Nothing was sent twice; the agent may still finish an edit it started.")

    def _show_profile(self) -> None:
        words = profile_text(self.session.profile)
        self.title.value = f"<h3 style='margin:4px 0'>🎬 {html.escape(words.title)}</h3>"
        self.chat.set_empty_text(words.greeting)
        self.chat.set_suggestions(words.try_saying)
        self.chat.set_example(words.try_saying[-1] if words.try_saying else "")
        self._follow_default_format()

    def _follow_default_format(self) -> None:
        """Show the default export format when it changes (profile, agent's choice); keep a format the user picked."""
        wanted = self.session.default_format()
        if wanted != self._shown_default:
            self._shown_default = wanted
            self.exporter.set_format(wanted)

    def _on_profile(self, change: dict[str, Any]) -> None:
        self.session.set_profile(change["new"])
        self._show_profile()
        if self.chat.messages:  # mid-conversation the greeting is a note (an empty one shows it anyway)
            self.chat.add_note(profile_text(self.session.profile).greeting)

    def _show_status(self, message: str, level: StatusLevel, next_step: str = "", link: str | None = None) -> None:
        """The status line is the summary; the panel where the action started says it too, where it happened."""
        self.status.show(message, level, next_step, link)
        text = f"{message} {next_step}".strip()
        if level == "error":
            self.last_error = text
        elif level == "ok":  # a success: errors said earlier no longer apply
            self.chat.clear_errors()
            self.upload_notice.clear()
            self.export_notice.clear()
        panel = self._acting
        if panel == "upload" and level in ("error", "warn", "ok") and text != self._said_in_row:
            self.upload_notice.show(message, level, next_step, link)
        elif panel == "export" and level in ("error", "warn"):
            self.export_notice.show(message, level, next_step, link)
        elif panel == "chat" and level in ("error", "warn", "info"):
            self.chat.add_note(text, "error" if level == "error" else "hint")
        elif panel == "studio" and level == "error":
            self.chat.add_note(text, "error")

    def _show_credits(self, credits: Credits) -> None:
        self.credits.show(credits)

    def _show_state(self, state: SessionState) -> None:
        self.timeline.show(state.draft)
        self._show_media()
        self._follow_default_format()

    def _show_media(self) -> None:
        self.uploads.show_media(self.session.media, self.session.on_timeline_ids())

    def _show_reply(self, reply: Reply) -> None:
        self.chat.offer_actions(reply.actions)
        self.chat.offer_suggestions(suggestions(reply.text))

    def _show_result(self, outcome: ExportOutcome) -> None:
        self.exporter.show_result(str(outcome.path), outcome.media_type, outcome.format)
        check = outcome.check
        self.exporter.offer_fix(
            check.problem if check and check.ok is False else None,
            check.fix_label if check and check.ok is False else None,
        )
        self._run(self._show_claim)

    async def _show_claim(self) -> None:
        try:
            link = await self.session.claim_link()
        except NemoError:
            return  # the claim link is a convenience; the file is already here
        self.runner.ui(self.exporter.show_claim_link, link)

    def _set_busy(self, busy: bool) -> None:
        self.chat.set_busy(busy)
        self.exporter.set_busy(busy)
        self.uploads.set_busy(busy)

    def _on_chat_action(self, action: str) -> None:
        """A button a reply offered: its errors show in the conversation, where it was clicked."""
        self._on_action(action, "chat")

    def _on_action(self, action: str, panel: Panel = "studio") -> None:
        if action == "export":
            self._run(
                lambda: self.session.export(export_format(self.exporter.format.value), self.exporter.quality.value),
                panel,
            )
        elif action in ("state", "chart"):
            self._run(self._show_timeline, panel)
        elif action == "credits":
            self._run(self._show_credits_in_chat, panel)

    async def _show_credits_in_chat(self) -> None:
        """*Check credits*: read them again and say them in the conversation (the badge may not change)."""
        credits = await self.session.refresh_credits()
        self.runner.ui(self.chat.add_note, f"Credits, read again just now: {credits}")

    async def _show_timeline(self) -> None:
        """*Show timeline*: read it again, mark the chart and say in the conversation what it holds."""
        state = await self.session.refresh()
        self.runner.ui(self._point_at_timeline, state)

    def _point_at_timeline(self, state: SessionState) -> None:
        self.timeline.highlight(state.draft)
        self.chat.add_note(f"The timeline, read again just now (marked in the Timeline panel): {state.draft.summary()}")
