"""The render worker: export jobs run by ffmpeg in the engine, not in a request.

One active job per session, more queued (FIFO); at most
``settings.max_parallel_renders`` at once across sessions. Each job runs in
a daemon thread (off the event loop) that owns its ffmpeg process, so a job
survives its client going away. Progress (0–100) comes from ffmpeg's
``-progress pipe:1`` output. Jobs a previous engine left unfinished are
resumed at start.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from nemo_widgets.local import media as media_mod
from nemo_widgets.local.db import DISK_FULL, disk_nearly_full, is_disk_full
from nemo_widgets.local.faults import Fault
from nemo_widgets.local.render_args import RenderPlan, plan_render, render_args
from nemo_widgets.local.settings import EngineSettings
from nemo_widgets.local.store import RenderJob, Store
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

__all__ = ["RenderError", "RenderWorker", "parse_progress_line"]

SIMULATED_SHARE = 99  # progress points a simulated delay (slow-render) covers: linear in time, like a real render


class RenderError(RuntimeError):
    """A render that cannot be done; its message is shown to the user."""


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
                threading.Thread(target=self._run, args=(job_id,), name=f"render-{job_id}", daemon=True).start()

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
                full = is_disk_full(exc) or disk_nearly_full(self.store.data_dir)  # ffmpeg's log may be cut
                self.discard_outputs(job_id)  # no partial file stays (and a full disk gets its space back)
                error = DISK_FULL if full else str(exc) or type(exc).__name__
                self.store.update_job(job_id, status="failed", error=error, finished=time.time())
        finally:
            with self._lock:
                if job is not None:
                    self._active.pop(job.session_id, None)
                self._procs.pop(job_id, None)
            if self._cancelled(job_id):
                self.discard_outputs(job_id)
            self._pump()

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
        self._ffmpeg(job.id, render_args(self.ffmpeg, plan, str(out), titles=titles), plan.total_ms, base)
        self._finish(job, out, plan, titles)

    def _plan(self, job: RenderJob) -> RenderPlan:
        session = self.store.snapshot(job.account, job.session_id)
        records = {mid: dict(m, abs_path=str(self.store.data_dir / m["path"])) for mid, m in session["media"].items()}
        plan = plan_render(job.draft, records, job.format, job.quality)
        if job.format in AUDIO_EXPORT_FORMATS and not plan.audio:
            raise RenderError("the draft has no audio to export")
        if job.format not in AUDIO_EXPORT_FORMATS and not plan.video:
            raise RenderError("the draft has no video to export")
        if plan.total_ms <= 0:
            raise RenderError("the draft is empty")
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

    def _ffmpeg(self, job_id: str, args: list[str], total_ms: int, base: int) -> None:
        log_path = self.store.data_dir / "renders" / job_id / "ffmpeg.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
            with self._lock:
                self._procs[job_id] = proc
            assert proc.stdout is not None
            for raw in proc.stdout:
                share = parse_progress_line(raw.decode("ascii", "replace"), total_ms)
                if share is not None:
                    self.store.update_job(job_id, persist=False, progress=base + share * (100 - base) // 100)
            code = proc.wait()
        if code != 0:
            tail = log_path.read_text("utf-8", "replace").strip().splitlines()[-3:]
            raise RenderError(f"ffmpeg failed ({code}): {' '.join(tail)[:400]}")
        log_path.unlink(missing_ok=True)

    def _finish(self, job: RenderJob, out: Path, plan: RenderPlan, titles: bool) -> None:
        if self._cancelled(job.id):  # ffmpeg ended just as it was cancelled: cancelled wins
            return
        note = None  # no probe of the result: it would cost a fast stream copy ~10 %
        if plan.titles and not titles and job.format not in AUDIO_EXPORT_FORMATS:
            note = "titles are not drawn: this ffmpeg has no drawtext filter or font"
        self.store.update_job(
            job.id, status="completed", progress=100, finished=time.time(), size=out.stat().st_size,
            output_path=str(out.relative_to(self.store.data_dir)), duration_ms=plan.total_ms, note=note,
        )
        entry: dict[str, Any] = {"id": job.id, "format": job.format, "name": out.name, "duration_ms": plan.total_ms}
        self.store.update_session(job.account, job.session_id, lambda s: s.generated.append(entry))

    def discard_outputs(self, job_id: str) -> None:
        shutil.rmtree(self.store.data_dir / "renders" / job_id, ignore_errors=True)
