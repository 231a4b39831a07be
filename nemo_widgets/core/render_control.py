"""Stopping and mending exports: :class:`RenderControl`, the part of the session that cancels and fixes.

:class:`~nemo_widgets.core.session.StudioSession` inherits it (through
:class:`~nemo_widgets.core.export_flow.ExportFlow`); it lives apart to keep the session's modules small.
Besides :class:`~nemo_widgets.core.session_base.SessionBase`, it uses the session's ``ask`` and ``export``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from nemo_widgets.core.jobs import PendingRender
from nemo_widgets.core.session_base import SessionBase
from nemo_widgets.protocol.errors import NemoError
from nemo_widgets.protocol.models import RenderJob, Reply

if TYPE_CHECKING:
    from nemo_widgets.core.outcome import ExportOutcome

__all__ = ["RenderControl"]

log = logging.getLogger("nemo_widgets.core")


class RenderControl(SessionBase):
    """Cancel (the turn, the render at the server, the job book) and the one-click fix of a result."""

    if TYPE_CHECKING:

        async def ask(self, text: str) -> Reply: ...

        async def export(self, format: str | None = None, quality: str | None = None) -> ExportOutcome: ...

    async def cancel(self) -> bool:
        """Stop what is running; true when an export was cancelled.

        The actions started through :meth:`guarded` (as the Studio starts them)
        are cancelled: a chat turn's stream is closed and never re-sent (an edit
        the agent already began may still land). A render in flight is cancelled
        at the server (``cancel_render``; a cloud without the endpoint lets it
        run, and nothing is downloaded), forgotten by the job book so the next
        session does not resume it, and "Export cancelled." is said.
        """
        job = self.render_job
        await self._stop_actions()
        job = job or self.render_job  # an export stopped just after it submitted its render
        if job is None:
            self.events.emit("cancelled", None)
            self.status("Cancelled.", "info", "Nothing was sent twice; the agent may still finish an edit it started.")
            return False
        self.render_job = None
        self.book.forget_render(self.api_url, job.id)
        self.events.emit("render_progress", 0.0, "Export cancelled")
        self.events.emit("cancelled", job.id)
        try:
            answer = await self.client.cancel_render(job)
        except NemoError as exc:
            log.info("cancelling render %s at the server failed: %s", job.id, type(exc).__name__)
            answer = None
        if answer is None:
            next_step = "The service may still finish it on its side; nothing will be downloaded."
        elif answer.done:
            next_step = "It had just finished on the server; export again to download it."
        elif answer.failed:
            next_step = "It had already failed on the server; export again when you are ready."
        else:
            next_step = "Export again when you are ready; the timeline is unchanged."
        self.status("Export cancelled.", "info", next_step)
        return True

    def _follow_render(self, job: RenderJob) -> None:
        """The client resubmitted a failed render under a new id: that one is cancelled or resumed now."""
        self.render_job = job
        self.book.remember_render(
            self.api_url, PendingRender(job.id, job.session_id or "", job.format, job.quality, job.submitted_at)
        )

    async def _stop_actions(self) -> None:
        """Cancel the running guarded actions (not the caller) and wait for them to end."""
        me = asyncio.current_task()
        running = [task for task in self._actions if task is not me and not task.done()]
        if not running:
            return
        self._cancelling = True
        try:
            for task in running:
                task.cancel()
            await asyncio.wait(running, timeout=10)
        finally:
            self._cancelling = False

    async def fix_result(self) -> ExportOutcome | None:
        """The one-click fix of a result that broke its promise: ask the agent, then export again.

        e.g. a "silent" MP4 with an audio stream: "remove all audio from this
        video", then the same export. The earlier file is kept.
        """
        outcome = self.last_outcome
        fix = outcome.check.fix if outcome is not None and outcome.check is not None else None
        if outcome is None or not fix:
            self.status("The last export needs no fix.", "info")
            return None
        reply = await self.ask(fix)
        if reply.errors:
            return None
        return await self.export(format=outcome.format)

    def _told_mismatch(self, outcome: ExportOutcome, noun: str) -> bool:
        """Say so when the file breaks the profile's promise (it is kept; the fix is offered)."""
        check = outcome.check
        if check is None or check.ok is not False:
            return False
        self.events.emit("render_progress", 100.0, f"{noun} saved, not as promised")
        self.events.emit("result", outcome)
        fix = f"Click \u201c{check.fix_label}\u201d to fix it." if check.fix_label else ""
        self.status(check.problem or f"{noun} saved to {outcome.path}.", "warn", fix)
        return True
