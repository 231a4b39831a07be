"""Renders through the local engine, timed the way a user waits for them (#4, #5, #6).

A :class:`EngineRenders` holds a ``NemoClient`` on an engine with one
uploaded clip, polling with the schedule ``Studio.local()`` uses
(``LOCAL_POLLS``). :meth:`EngineRenders.export_s` times the whole HTTP path:
``client.export(format, draft)`` (submit) until ``client.wait_for_render``
returns the completed job. The engine holds each poll until the render
finishes (its long poll, ``X-Nemo-Long-Poll``), so the result is seen the
moment it is ready without polling often; polling every 10-20 ms instead
took CPU from the ffmpeg it waited for (10-30 % slower renders on 2 cores).
It also keeps what the engine itself measured (job started → finished), to
show where any overhead lies. :func:`bare_ffmpeg_s` times
the bare command on the same source. Both also record the CPU seconds
ffmpeg used (``RUSAGE_CHILDREN``: both run as children of this process), to
tell a real overhead from the machine's noise. Every output is written to
a new file and deleted after the run, on both sides.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bench._media import ffmpeg

__all__ = ["BARE_MP3", "BARE_REMOVE_AUDIO", "EngineRenders", "bare_ffmpeg_s", "children_cpu_s"]

BARE_REMOVE_AUDIO = ("mp4", ["-an", "-c:v", "copy"])
BARE_MP3 = ("mp3", ["-vn", "-c:a", "libmp3lame", "-b:a", "192k"])


def children_cpu_s() -> float:
    """CPU seconds (user + system) of this process's finished children: ffmpeg runs of both sides."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_ffmpeg_s(source: Path, job: tuple[str, list[str]], folder: Path, cpu: list[float] | None = None) -> float:
    """Seconds of ``ffmpeg -i source <args> <new file>``; the file is deleted afterwards.

    ``cpu`` receives the CPU seconds that ffmpeg used.
    """
    ext, args = job
    out = folder / f"bare-{time.perf_counter_ns()}.{ext}"
    command = [ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(source), *args, str(out)]
    cpu_before, start = children_cpu_s(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=900)
    seconds = time.perf_counter() - start
    if cpu is not None:
        cpu.append(children_cpu_s() - cpu_before)
    out.unlink()
    return seconds


class EngineRenders:
    """A client session on ``engine`` holding ``clip``; times exports of its draft."""

    def __init__(self, engine: Any, clip: Path) -> None:
        from nemo_widgets.core.factory import LOCAL_POLLS
        from nemo_widgets.protocol.client import NemoClient

        self.engine = engine
        self.client = NemoClient(base_url=engine.url, profile="video-audio-remover", poll_schedule=LOCAL_POLLS)
        self.client.connect()
        self.client.upload(clip)
        self.draft = self.client.state().draft
        self.muted: Any = None
        #: seconds the engine itself reported (started → finished) for each timed export
        self.inside: dict[str, list[float]] = {}
        #: CPU seconds its ffmpeg used, per timed export
        self.cpu: dict[str, list[float]] = {}

    def mute(self) -> Any:
        """Ask the agent to remove the audio (a real chat turn); the silent draft."""
        self.client.ask("remove all audio from this video")
        self.muted = self.client.state().draft
        if self.muted.has_audio or not self.muted.has_video:
            raise RuntimeError("the engine did not remove the audio track")
        return self.muted

    def export_s(self, fmt: str, draft: Any) -> float:
        """Seconds from submitting an export of ``draft`` as ``fmt`` to the completed job (HTTP, polled)."""
        cpu_before, start = children_cpu_s(), time.perf_counter()
        job = self.client.export(format=fmt, draft=draft.to_dict())
        self.client.wait_for_render(job)
        seconds = time.perf_counter() - start
        self.cpu.setdefault(fmt, []).append(children_cpu_s() - cpu_before)  # the engine waited for its ffmpeg
        record = self.engine.app.state.engine.store.job(job.id)
        self.inside.setdefault(fmt, []).append(record.finished - record.started)
        shutil.rmtree(self.engine.data_dir / "renders" / job.id, ignore_errors=True)
        return seconds

    def close(self) -> None:
        self.client.close()
