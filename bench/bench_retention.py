"""Benchmark #13: the engine folder after a simulated month of daily quickstart runs.

Each "day" starts an engine on the same folder (as ``Studio.local()`` does),
runs what the quickstart notebook does (a token for the same machine, a new
session, upload the sample clip, "remove all audio from this video", export
MP4, "undo", "extract the audio from this video as an MP3 file", export MP3)
over HTTP, and stops the engine. Then a day passes: every time in the
database moves 24 h into the past (the engine reads ages from there). The
engine keeps its defaults (7 days) except the size cap, set to 3.5 days' worth
of runs so the month exercises both rules in a short run (the default cap is
2 GiB; the rules do not depend on its value).

Baseline (same run): what the folder would hold with nothing removed (the sum
of each day's growth). Target: the folder never exceeds the cap at the end of
a day.

Run alone: ``python -m bench.bench_retention [--quick]`` (quick: 12 days, past
both rules, with a 2 s clip instead of the quickstart's own sample).
"""

from __future__ import annotations

import sqlite3
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench._common import ATTRIBUTION, Figure, run_alone, temp_dir

__all__ = ["run"]

DAYS = 30
QUICK_DAYS = 12  # past the 7-day rule and the cap, in a third of the time
DAY_S = 86400.0
STEPS = (
    ("remove all audio from this video", "mp4"),
    ("undo", None),
    ("extract the audio from this video as an MP3 file", "mp3"),
)


def _quickstart(url: str, clip: Path, machine: str) -> None:
    with httpx.Client(base_url=url, timeout=120, headers=ATTRIBUTION) as http:
        token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": machine}).json()["data"]["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        sid = http.post("/api/tasks/me/with-session/nemo_agent", json={}).json()["data"]["session_id"]
        answer = http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=[("files", (clip.name, clip.read_bytes()))])
        assert answer.status_code == 200, answer.text
        for text, export in STEPS:
            body = {
                "app_name": "nemo_agent",
                "user_id": "me",
                "session_id": sid,
                "new_message": {"role": "user", "parts": [{"text": text}]},
            }
            assert http.post("/run_sse", json=body, headers={"Accept": "text/event-stream"}).status_code == 200
            if export:
                job = f"render_{uuid.uuid4().hex[:12]}"
                http.post("/api/render/proxy/lambda", json={"id": job, "sessionId": sid, "output": {"format": export}})
                polled = http.get(f"/api/render/proxy/lambda/{job}", params={"wait": 20}).json()
                assert polled["status"] == "completed", polled


def _a_day_passes(data_dir: Path) -> None:
    with sqlite3.connect(data_dir / "state.db") as con:
        for table, columns in (
            ("sessions", ("created", "used")),
            ("renders", ("created", "used")),
            ("tokens", ("expires",)),
            ("claims", ("expires",)),
            ("accounts", ("created",)),
        ):
            moved = ", ".join(f"{c} = {c} - {DAY_S}" for c in columns)
            con.execute(f"UPDATE {table} SET {moved}")


def _day(data_dir: Path, clip: Path, cap: int, **settings: Any) -> int:
    from nemo_widgets.local import EngineSettings, start_in_background
    from nemo_widgets.local.state.retention import folder_size

    engine = start_in_background(EngineSettings(max_size_bytes=cap, **settings), data_dir=data_dir)
    try:
        _quickstart(engine.url, clip, "the-same-machine")
    finally:
        engine.stop()
    return folder_size(data_dir)


def run(quick: bool = False) -> list[Figure]:
    from nemo_widgets.apps.samples import ensure_samples

    from bench._media import make_clip

    with temp_dir() as work:
        clip = (
            make_clip(work / "sample_clip.mp4", 2, "320x180")
            if quick
            else next(p for p in ensure_samples(work / "samples") if p.name == "sample_clip.mp4")
        )
        data = work / "engine"
        first = _day(data, clip, 0, keep_days=7)  # day 1: how much one run leaves behind
        cap = int(first * 3.5)
        days = QUICK_DAYS if quick else DAYS
        sizes = [first]
        for _ in range(days - 1):
            _a_day_passes(data)
            sizes.append(_day(data, clip, cap, keep_days=7))
        with sqlite3.connect(data / "state.db") as con:
            sessions = con.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        clip_mb = clip.stat().st_size / 1e6
    peak, unbounded = max(sizes), first * days  # every day's run is the same
    ok = peak <= cap
    detail = (
        f"(clip {clip_mb:.2f} MB; one day's run leaves {first / 1e6:.2f} MB; cap "
        f"{cap / 1e6:.2f} MB (3.5 days' worth); largest end of day {peak / 1e6:.2f} MB, last {sizes[-1] / 1e6:.2f} "
        f"MB, {sessions} sessions kept; nothing removed: {unbounded / 1e6:.1f} MB after {days} days)"
    )
    return [
        Figure(13, f"engine folder after {days} daily quickstart runs", peak / cap, "x cap", "≤ 1x the cap", ok, detail)
    ]


if __name__ == "__main__":
    sys.exit(run_alone(run))
