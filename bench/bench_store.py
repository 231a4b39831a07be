"""Benchmarks #11 and #12: the engine's state store (SQLite, per-row writes).

#11, the cost of one state change as the engine fills up: two stores in the
same run, one holding 100 sessions and one 10,000, each session with a
realistic draft (a video, an audio and a title track), an undo history, an
uploaded media record, a result and its render job. One draft edit
(``update_session`` pushing a changed draft, what a chat edit does) and one
session creation (``create_session``) are timed on each store in turn
(alternating, so a busy moment hits both); the figure is the ratio of the
medians, 10,000 against 100, and the median at 10,000. The calls are timed
where the engine makes them, on the store's thread (the event loop awaits them
through ``Store.run``). Target: ≤ 1.3x and < 5 ms at 10,000.

#12, a reader's latency under load: a ``nemo-widgets serve`` process; 20
editors (one child process, asyncio, each its own account, session and clip)
send chat edits back to back ("set the audio volume to N%"); meanwhile one
more client reads its credits and its session state in turn, one request
every 10 ms. The editors each send an edit about every 0.5 s (20 people typing
that fast: 40 edits/s); the full run also prints the p99 with the editors back
to back (the engine saturated: then every request queues, reads too) and the
p99 on the idle engine. Target: p99 of the reads under the paced load ≤ 20 ms.

Run alone: ``python -m bench.bench_store [--quick]`` (quick: 4-entry histories
and fewer rounds for #11, a 5 s load for #12).
"""

from __future__ import annotations

import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench._common import ATTRIBUTION, Figure, run_alone, temp_dir

__all__ = ["run"]

EDITORS = 20
PAUSE_S = 0.5  # each editor sends an edit about twice a second: far faster than a person types


def realistic_draft(n: int) -> dict[str, Any]:
    """A three-track draft as the engine writes them (~1 KB of JSON)."""
    video = {
        "tt": 0,
        "m": {"name": "Video"},
        "sg": [{"s": 0, "d": 30_000, "m": {"src": "med_0123456789abcdef", "name": f"holiday clip {n}.mp4", "in": 0}}],
    }
    audio = {
        "tt": 1,
        "m": {"name": "Audio"},
        "sg": [
            {
                "s": 0,
                "d": 30_000,
                "m": {
                    "src": "med_0123456789abcdef",
                    "name": f"holiday clip {n}.mp4",
                    "in": 0,
                    "volume": round(random.random(), 2),
                },
            }
        ],
    }
    title = {"tt": 7, "m": {"name": "Title"}, "sg": [{"s": 0, "d": 3000, "m": {"text": "Urban Dreams", "name": "t"}}]}
    return {"t": [video, audio, title], "d": 30_000, "m": {"fps": 25, "width": 1280, "height": 720}}


def _fill(store: Any, sessions: int, history: int) -> tuple[str, list[str]]:
    """``sessions`` sessions written in one transaction, rows exactly as the store writes them."""
    from nemo_widgets.local.state.records import RenderJob, dumps

    _, account = store.issue_token("bench-machine")
    sids, now = [str(uuid.uuid4()) for _ in range(sessions)], time.time()
    with store.db.write() as con:
        for i, sid in enumerate(sids):
            con.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, 'en', ?, ?, NULL, ?)",
                (sid, f"task_{i}", account.id, now, now, dumps(realistic_draft(i))),
            )
            con.executemany(
                "INSERT INTO history VALUES (?, ?, ?)", [(sid, k, dumps(realistic_draft(k))) for k in range(history)]
            )
            record = {
                "id": "med_0123456789abcdef",
                "name": "holiday clip.mp4",
                "kind": "video",
                "size": 20_000_000,
                "path": f"media/{sid}/med_0123456789abcdef.mp4",
                "duration_ms": 30_000,
                "has_video": True,
                "has_audio": True,
                "width": 1280,
                "height": 720,
                "video_codec": "h264",
                "audio_codec": "aac",
            }
            con.execute("INSERT INTO media VALUES (?, ?, 0, ?, ?)", (sid, record["id"], record["size"], dumps(record)))
            job = RenderJob(f"render_{i}", sid, account.id, "mp4", realistic_draft(i), status="completed", size=1000)
            con.execute("INSERT INTO generated VALUES (?, 0, ?)", (sid, dumps({"id": job.id, "format": "mp4"})))
            con.execute(
                "INSERT INTO renders VALUES (?, ?, ?, 'completed', ?, ?, 1000, ?)",
                (job.id, sid, account.id, now, now, dumps(job.__dict__)),
            )
    return account.id, sids


def _edit(store: Any, account: str, sid: str) -> None:
    def change(session: Any) -> None:
        draft = dict(session.draft, t=[dict(t) for t in session.draft["t"]])
        draft["d"] = int(draft["d"]) + 1
        session.push_draft(draft)

    store.update_session(account, sid, change)


def _timed(fn: Any, *args: Any) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def figure_11(quick: bool) -> Figure:
    from nemo_widgets.local.state.store import Store

    history, rounds = (8, 200) if quick else (20, 600)
    with temp_dir() as small_dir, temp_dir() as big_dir:
        stores = {n: Store(d, 100, 7 * 86400) for n, d in ((100, small_dir), (10_000, big_dir))}
        try:
            filled = {n: _fill(store, n, history) for n, store in stores.items()}
            edit: dict[int, list[float]] = {n: [] for n in stores}
            create: dict[int, list[float]] = {n: [] for n in stores}
            rng = random.Random(11)
            for _ in range(rounds):
                for n, store in stores.items():
                    account, sids = filled[n]
                    edit[n].append(_timed(_edit, store, account, rng.choice(sids)))
                    create[n].append(_timed(store.create_session, account, "en"))
            size_mb = (big_dir / "state.db").stat().st_size / 1e6
        finally:
            for store in stores.values():
                store.close()
    med = {kind: {n: statistics.median(v) for n, v in d.items()} for kind, d in (("edit", edit), ("create", create))}
    ratios = {kind: m[10_000] / m[100] for kind, m in med.items()}
    worst = max(ratios.values())
    at_10k = max(m[10_000] for m in med.values())
    ok = worst <= 1.3 and at_10k < 0.005
    detail = "; ".join(
        f"{kind}: {m[100] * 1e3:.2f} ms at 100, {m[10_000] * 1e3:.2f} ms at 10,000 ({ratios[kind]:.2f}x)"
        for kind, m in med.items()
    )
    return Figure(
        11,
        "one state change, 10,000 vs 100 sessions",
        worst,
        "x",
        "≤ 1.3x and < 5 ms at 10,000",
        ok,
        f"({detail}; medians of {rounds}, histories of {history}, database {size_mb:.0f} MB at 10,000; "
        "the 0.1.0 JSON file took 339 ms at 1,000)",
    )


def _serve(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    args = [sys.executable, "-m", "nemo_widgets.apps.cli", "serve", "--port", "0", "--data-dir", str(data_dir)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:\d+", proc.stdout.readline())
    if not found:
        proc.kill()
        raise RuntimeError("nemo-widgets serve did not start")
    return proc, found.group(0)


def _reader(url: str, clip: Path, stop: threading.Event, latencies: list[float]) -> None:
    with httpx.Client(base_url=url, timeout=30, headers=ATTRIBUTION) as http:
        token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()["data"]
        http.headers["Authorization"] = f"Bearer {token['token']}"
        sid = http.post("/api/tasks/me/with-session/nemo_agent", json={}).json()["data"]["session_id"]
        http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=[("files", (clip.name, clip.read_bytes()))])
        paths = ["/api/credits/balance/simple", f"/api/state/nemo_agent/me/{sid}/latest"]
        i = 0
        while not stop.is_set():
            start = time.perf_counter()
            answer = http.get(paths[i % 2])
            latencies.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
            i += 1
            time.sleep(0.01)


def _p99(latencies: list[float]) -> float:
    reads = sorted(latencies)
    return reads[max(0, int(len(reads) * 0.99) - 1)]


def _read_while(url: str, clip: Path, seconds: float, editors: subprocess.Popen[str] | None) -> list[float]:
    """The reader's latencies over ``seconds`` (after the editors said they are ready)."""
    if editors is not None:
        assert editors.stdout is not None
        if editors.stdout.readline().strip() != "ready":
            raise RuntimeError("the editors did not start")
    stop, latencies = threading.Event(), list[float]()
    reader = threading.Thread(target=_reader, args=(url, clip, stop, latencies), daemon=True)
    reader.start()
    time.sleep(seconds)
    stop.set()
    reader.join(timeout=30)
    return latencies[5:]  # the reader's own first requests (log-in, connection set-up) left out


def _editors(url: str, clip: Path, seconds: float, pause: float) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "bench._editors", url, str(EDITORS), str(seconds), str(clip), str(pause)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, text=True)


def _load(url: str, clip: Path, seconds: float, pause: float) -> tuple[list[float], int]:
    editors = _editors(url, clip, seconds + 1, pause)
    latencies = _read_while(url, clip, seconds, editors)
    edits = int((editors.communicate(timeout=120)[0] or "0").strip().splitlines()[-1])
    return latencies, edits


def figure_12(quick: bool) -> Figure:
    from bench._media import make_clip

    seconds = 5.0 if quick else 20.0
    with temp_dir() as work:
        clip = make_clip(work / "clip.mp4", 2, "320x180")
        proc, url = _serve(work / "engine")
        try:
            idle = _read_while(url, clip, 2.0 if quick else 5.0, None)
            paced, edits = _load(url, clip, seconds, PAUSE_S)
            flat = _load(url, clip, seconds / 2, 0.0) if not quick else None
        finally:
            proc.kill()
            proc.wait()
    p99 = _p99(paced)
    detail = (
        f"({len(paced)} reads over {seconds:g} s while {EDITORS} editors made {edits} edits "
        f"({edits / seconds:.0f}/s, each every ~{PAUSE_S:g} s); median {statistics.median(paced) * 1e3:.1f} ms, "
        f"max {max(paced) * 1e3:.1f} ms; idle engine p99 {_p99(idle) * 1e3:.1f} ms"
    )
    if flat is not None:
        detail += (
            f"; editors back to back (the engine saturated: {flat[1] / (seconds / 2):.0f} edits/s) "
            f"p99 {_p99(flat[0]) * 1e3:.0f} ms"
        )
    return Figure(
        12,
        "p99 read (credits, state) while 20 clients edit",
        p99 * 1e3,
        " ms",
        "≤ 20 ms",
        p99 <= 0.020 and edits > EDITORS,
        detail + ")",
    )


def run(quick: bool = False) -> list[Figure]:
    return [figure_11(quick), figure_12(quick)]


if __name__ == "__main__":
    sys.exit(run_alone(run))
