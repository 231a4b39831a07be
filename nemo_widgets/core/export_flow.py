"""Exporting: :class:`ExportFlow`, the part of the session that renders, polls, downloads and checks.

A render is written in the job book as soon as it is submitted, so a session started after a kernel
restart finishes it (:meth:`ExportFlow.resume`) instead of submitting it again; the downloaded file is
checked against the profile's promise (:mod:`nemo_widgets.core.result_check`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from nemo_widgets.core.jobs import PendingRender
from nemo_widgets.core.outcome import ExportOutcome
from nemo_widgets.core.render_control import RenderControl
from nemo_widgets.core.result_check import check_result
from nemo_widgets.core.result_names import reserve_result_path, result_stem
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, export_format
from nemo_widgets.protocol.draft import Draft
from nemo_widgets.protocol.errors import NothingToExport
from nemo_widgets.protocol.models import RenderJob, RenderResult, RenderStatus, SessionState

__all__ = ["ExportFlow"]


class ExportFlow(RenderControl):
    """Export (submit, poll with progress, download, check) and resume after a restart."""

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

    def _render_progress(self) -> Callable[[RenderStatus], None]:
        started = time.monotonic()

        def on_progress(status: RenderStatus) -> None:
            pct = status.progress
            message = f"Rendering... {time.monotonic() - started:.0f}s" if pct is None else f"Rendering {pct:.0f}%"
            self.events.emit("render_progress", pct, message)
            self.status(message, "busy")

        return on_progress

    async def _deliver(self, result: RenderResult) -> ExportOutcome:
        """Download the result, check it, and tell the views (or say how it broke its promise)."""
        noun = "Audio" if result.format in AUDIO_EXPORT_FORMATS else "Video"
        path = await self._download(result)
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

    async def _download(self, result: RenderResult) -> Path:
        """The result into ``output_dir``, named after its source (never over an earlier result); then the
        render is no longer in flight (nor in the book)."""
        # the timeline that was rendered (a resumed render has only the state read after the restart)
        exported = result.job.draft
        draft = Draft.from_dict(exported) if exported else self.state.draft if self.state is not None else Draft()
        dest = reserve_result_path(self.output_dir, result_stem(draft, result.format), result.format)
        self.events.emit("render_progress", 100.0, "Downloading...")
        try:
            with self.progress_events("download_progress") as progress:
                path = await self.client.download(result, dest, progress=progress)
        except BaseException:
            dest.unlink(missing_ok=True)  # the name was reserved empty: free it again
            raise
        self.book.forget_render(self.api_url)
        self.render_job = None
        return Path(path)

    async def claim_link(self) -> str:
        """The "open in NemoVideo" link (a claim token; never the bearer token)."""
        await self.ensure_connected()
        return str(await self.client.claim_link())


def _draft_format(state: SessionState | None) -> str | None:
    """The format the agent settled on (e.g. after "extract the audio as MP3"), if it said one."""
    if state is None:
        return None
    if state.output_format:
        return state.output_format
    if state.draft.ready_for_export and not state.draft.has_video and state.draft.has_audio:
        return "mp3"
    return None
