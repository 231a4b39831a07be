"""The render worker: export jobs run by ffmpeg in the engine, not in a request.

One active job per session, more queued (FIFO); at most
``settings.max_parallel_renders`` at once across sessions. Each job runs in
a daemon thread (off the event loop) that owns its ffmpeg process, so a job
survives its client going away. Progress (0–100) comes from ffmpeg's
``-progress pipe:1`` output. Jobs a previous engine left unfinished are
resumed at start.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from nemo_widgets.local.faults import Fault
from nemo_widgets.local.media import probe as media_mod
from nemo_widgets.local.media.ffmpeg_args import concat_list, render_args, with_faststart
from nemo_widgets.local.media.plan import RenderPlan, plan_render
from nemo_widgets.local.media.threads import KeptThreads
from nemo_widgets.local.settings import EngineSettings
from nemo_widgets.local.state.db import DISK_FULL, disk_nearly_full, is_disk_full
from nemo_widgets.local.state.records import RenderJob
from nemo_widgets.local.state.store import Store
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

__all__ = [
    "RenderError",
    "RenderRefused",
    "RenderWorker",
    "empty_sound",
    "parse_progress_line",
    "refusal",
    "short_result_note",
]

SIMULATED_SHARE = 99  # progress points a simulated delay (slow-render) covers: linear in time, like a real render
#: A result this much shorter than planned (and at least 5 %) means the source was cut short.
SHORT_RESULT_SLACK_MS = 500
FAILED_MESSAGE = "The render failed. Try exporting again; if it fails again, upload the file again."
#: The note for a source cut short whose result still has the planned length (only the very end was lost).
DAMAGED_NOTE = "the source file seems damaged or incomplete: it ends before its own index says it does"
#: ffmpeg's ``out_time_us`` when nothing was written (an audio track that holds no sound).
NOTHING_WRITTEN = "N/A"
logger = logging.getLogger(__name__)


class RenderError(RuntimeError):
    """A render that cannot be done; its message is shown to the user (never ffmpeg text or a path)."""


class RenderRefused(RenderError):
    """A render the same draft would fail again (``code``): answered ``"retryable": false``, never resubmitted."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def refusal(plan: RenderPlan) -> RenderRefused | None:
    """Why ``plan`` cannot be rendered, found before ffmpeg runs (``None``: it can)."""
    fmt = plan.fmt.upper()
    if plan.fmt in AUDIO_EXPORT_FORMATS and not plan.audio:
        if plan.video:
            return RenderRefused(
                "no_audio",
                f"There is no sound to export as {fmt}: the clip on the timeline has "
                "no audio track. Upload a clip with sound, or export the video as MP4.",
            )
        return RenderRefused("empty", "There is nothing to export: the timeline is empty. Upload a clip first.")
    if plan.fmt not in AUDIO_EXPORT_FORMATS and not plan.video:
        if plan.audio:
            return RenderRefused(
                "no_video",
                f"There is no video to export as {fmt}: the timeline holds only audio. "
                "Export it as MP3 instead, or upload a video.",
            )
        return RenderRefused("empty", "There is nothing to export: the timeline is empty. Upload a clip first.")
    if plan.refusal:
        return RenderRefused("original_codec", plan.refusal)
    if plan.total_ms <= 0:
        return RenderRefused("empty", "There is nothing to export: the timeline is empty. Upload a clip first.")
    return None


def empty_sound(fmt: str) -> RenderRefused:
    """The refusal for an audio export whose audio track turned out to hold no sound (found by the render)."""
    return RenderRefused(
        "no_audio",
        f"There is no sound to export as {fmt.upper()}: the audio track of the clip on the timeline is empty. "
        "Upload a clip with sound, or export the video as MP4.",
    )


def short_result_note(planned_ms: int, made_ms: int | None, damaged: bool = False) -> str | None:
    """A note when the result came out clearly shorter than the timeline, or when a source is known to be cut
    short (``damaged``: its end is missing, however little of it)."""
    if made_ms is None or planned_ms <= 0:
        return DAMAGED_NOTE if damaged else None
    missing = planned_ms - made_ms
    if missing <= max(SHORT_RESULT_SLACK_MS, planned_ms * 0.05) and not damaged:
        return None
    if missing <= 0:
        return DAMAGED_NOTE
    return (
        f"the source file seems damaged or incomplete: the result is {made_ms / 1000:.1f} s long, "
        f"not the {planned_ms / 1000:.1f} s its header announced"
    )


def parse_progress_line(line: str, total_ms: int) -> int | None:
    """Progress 0–99 from one ``-progress`` line (``out_time_us=…``), else ``None``."""
    key, _, value = line.strip().partition("=")
    if key not in ("out_time_us", "out_time_ms") or total_ms <= 0:
        return None
    try:
        micros = int(value)
    except ValueError:
        return None
    return max(0, min(99, int(micros / 1000 * 100 / total_ms)))


class RenderWorker:
    """Queues, runs and tracks render jobs."""

    def __init__(self, store: Store, settings: EngineSettings, ffmpeg: str) -> None:
        self.store, self.settings, self.ffmpeg = store, settings, ffmpeg
        self._lock = threading.Lock()
        self._pending: list[str] = []
        self._active: dict[str, str] = {}  # session id -> job id
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._stop = threading.Event()
        self._threads = KeptThreads("render")  # a render's thread (and its database connection) serves the next

    # queue -----------------------------------------------------------------
    def submit(self, job: RenderJob) -> None:
        with self._lock:
            self._pending.append(job.id)
        self._pump()

    def resume(self) -> None:
        """Queue the jobs a previous engine left pending or running."""
        for job in self.store.unfinished_jobs():
            self.submit(job)

    def queue_position(self, job_id: str) -> int | None:
        """1 for the next job to start, ... ; ``None`` when not waiting."""
        with self._lock:
            return self._pending.index(job_id) + 1 if job_id in self._pending else None

    def _pump(self) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            for job_id in list(self._pending):
                if len(self._active) >= max(1, self.settings.max_parallel_renders):
                    break
                job = self.store.job(job_id)
                if job is None:
                    self._pending.remove(job_id)
                    continue
                if job.session_id in self._active:
                    continue
                self._pending.remove(job_id)
                self._active[job.session_id] = job_id
                self._threads.submit(self._run, job_id)

    def cancel(self, job_id: str) -> None:
        """Stop a job the store has marked ``cancelled``: unqueue it, or kill its ffmpeg."""
        with self._lock:
            if job_id in self._pending:
                self._pending.remove(job_id)
            proc = self._procs.get(job_id)
        if proc is not None and proc.poll() is None:
            proc.kill()

    def _cancelled(self, job_id: str) -> bool:
        job = self.store.job(job_id)
        return job is not None and job.status == "cancelled"

    def stop(self) -> None:
        """Stop starting jobs and kill running ffmpeg processes (their jobs resume on restart)."""
        self._stop.set()
        self._threads.stop()
        with self._lock:
            procs = list(self._procs.values())
        for proc in procs:
            if proc.poll() is None:
                proc.kill()

    # one job ---------------------------------------------------------------
    def _run(self, job_id: str) -> None:
        job = self.store.job(job_id)
        try:
            if job is None or self._cancelled(job_id):  # cancelled between the queue and this thread
                return
            job = self.store.update_job(job_id, status="processing", started=time.time(), progress=0)
            self._render(job)
        except Exception as exc:  # noqa: BLE001 - any failure becomes a failed job
            if not self._stop.is_set() and not self._cancelled(job_id):
                self._fail(job_id, exc)
        finally:
            with self._lock:
                if job is not None:
                    self._active.pop(job.session_id, None)
                self._procs.pop(job_id, None)
            if self._cancelled(job_id):
                self.discard_outputs(job_id)
            self._pump()

    def _fail(self, job_id: str, exc: Exception) -> None:
        code = exc.code if isinstance(exc, RenderRefused) else None
        if code is None:  # a refusal is decided before any output: nothing to discard, the disk is not the cause
            full = is_disk_full(exc) or disk_nearly_full(self.store.data_dir)  # ffmpeg's log may be cut
            self.discard_outputs(job_id)  # no partial file stays (and a full disk gets its space back)
            if full:
                self.store.update_job(job_id, status="failed", error=DISK_FULL, finished=time.time())
                return
        if not isinstance(exc, RenderError):
            logger.warning("render %s failed unexpectedly", job_id, exc_info=exc)
        message = str(exc) if isinstance(exc, RenderError) and str(exc) else FAILED_MESSAGE
        self.store.update_job(job_id, status="failed", error=message, error_code=code, finished=time.time())

    def refuse_early(self, job: RenderJob) -> bool:
        """Fail ``job`` at once, before it is queued, when its draft cannot be rendered; True when refused."""
        try:
            self._plan(job)
        except RenderRefused as exc:
            self._fail(job.id, exc)
            return True
        return False

    def _render(self, job: RenderJob) -> None:
        fault = Fault.parse(job.fault) if job.fault else None
        if fault and fault.name == "render-never":
            self.store.update_job(job.id, progress=5)
            while not self._stop.wait(0.1) and not self._cancelled(job.id):
                pass
            return
        if fault and fault.name == "render-fail-once":
            raise RenderError("the render failed (injected fault render-fail-once); try again with a new id")
        plan = self._plan(job)
        delay = max(self.settings.render_delay_s, fault.seconds() if fault and fault.name == "slow-render" else 0)
        job_dir = self.store.data_dir / "renders" / job.id
        job_dir.mkdir(parents=True, exist_ok=True)
        out = job_dir / (job.output_name or f"render.{job.format}")
        titles = self._prepare_titles(plan, job_dir)
        if delay > 0:
            self._simulate(job.id, delay)
        base = SIMULATED_SHARE if delay > 0 else 0
        join_list = None
        if plan.joinable:  # whole clips of one kind: joined by copy from a list of their files
            join_list = job_dir / "join.txt"
            join_list.write_text(concat_list(plan), encoding="utf-8")
        args = render_args(self.ffmpeg, plan, str(out), titles=titles, join_list=str(join_list) if join_list else None)
        try:
            made_ms = self._ffmpeg(job.id, args, plan.total_ms, base)
        except RenderError:
            fallback = with_faststart(args)  # a copy whose index outgrew the room reserved for it
            if fallback is None or self._stop.is_set() or self._cancelled(job.id):  # killed: no second run
                raise
            made_ms = self._ffmpeg(job.id, fallback, plan.total_ms, base)
        if made_ms == 0 and plan.fmt in AUDIO_EXPORT_FORMATS:  # the track is there but holds no sound
            self.discard_outputs(job.id)
            raise empty_sound(plan.fmt)
        self._finish(job, out, plan, titles, made_ms)

    def _plan(self, job: RenderJob) -> RenderPlan:
        session = self.store.snapshot(job.account, job.session_id)
        records = {mid: dict(m, abs_path=str(self.store.data_dir / m["path"])) for mid, m in session["media"].items()}
        plan = plan_render(job.draft, records, job.format, job.quality)
        refused = refusal(plan)
        if refused is not None:
            raise refused
        return plan

    def _prepare_titles(self, plan: RenderPlan, job_dir: Path) -> bool:
        if not plan.titles or plan.fmt in AUDIO_EXPORT_FORMATS:
            return False
        if not media_mod.drawtext_available(self.ffmpeg):
            return False
        for i, title in enumerate(plan.titles):
            path = job_dir / f"title{i}.txt"
            path.write_text(title.text, "utf-8")
            title.textfile = str(path)
        return True

    def _simulate(self, job_id: str, seconds: float) -> None:
        """A deliberately slow render (setting or fault): progress climbs to 99 over ``seconds``."""
        start = time.monotonic()
        while (elapsed := time.monotonic() - start) < seconds:
            self.store.update_job(job_id, persist=False, progress=int(SIMULATED_SHARE * elapsed / seconds))
            if self._stop.wait(min(0.2, seconds - elapsed)) or self._cancelled(job_id):
                raise RenderError("the engine stopped, or the render was cancelled")

    def _ffmpeg(self, job_id: str, args: list[str], total_ms: int, base: int) -> int | None:
        """Run one render; returns how long the result is (ffmpeg's last ``out_time``), when it said."""
        log_path = self.store.data_dir / "renders" / job_id / "ffmpeg.log"
        made_us: int | None = None
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
            with self._lock:
                self._procs[job_id] = proc
            assert proc.stdout is not None
            for raw in proc.stdout:
                line = raw.decode("ascii", "replace")
                value = line[12:].strip() if line.startswith("out_time_us=") else ""
                if value.isdigit() or (value == NOTHING_WRITTEN and made_us is None):
                    made_us = int(value) if value.isdigit() else 0
                share = parse_progress_line(line, total_ms)
                if share is not None:
                    self.store.update_job(job_id, persist=False, progress=base + share * (100 - base) // 100)
            code = proc.wait()
        if code != 0:  # ffmpeg's words (and our paths) stay in the engine's log, never in the answer
            tail = log_path.read_text("utf-8", "replace").strip().splitlines()[-3:]
            logger.warning("render %s: ffmpeg exited %s: %s", job_id, code, " ".join(tail)[:400])
            raise RenderError(FAILED_MESSAGE)
        log_path.unlink(missing_ok=True)
        return None if made_us is None else made_us // 1000

    def _finish(self, job: RenderJob, out: Path, plan: RenderPlan, titles: bool, made_ms: int | None) -> None:
        if self._cancelled(job.id):  # ffmpeg ended just as it was cancelled: cancelled wins
            return
        # no probe of the result (it would cost a fast stream copy ~10 %): ffmpeg's progress told its length
        note = short_result_note(plan.total_ms, made_ms, plan.damaged)
        if plan.titles and not titles and job.format not in AUDIO_EXPORT_FORMATS:
            note = "titles are not drawn: this ffmpeg has no drawtext filter or font"
        duration = made_ms if note and made_ms else plan.total_ms
        entry: dict[str, Any] = {"id": job.id, "format": job.format, "name": out.name, "duration_ms": duration}
        self.store.complete_job(  # the job's end and the session's result: one transaction
            job.id,
            lambda session: session.generated.append(entry),
            progress=100,
            finished=time.time(),
            size=out.stat().st_size,
            output_path=str(out.relative_to(self.store.data_dir)),
            duration_ms=duration,
            note=note,
        )

    def discard_outputs(self, job_id: str) -> None:
        shutil.rmtree(self.store.data_dir / "renders" / job_id, ignore_errors=True)
