"""Benchmark #2: widget updates while a chat reply streams in.

The real path of a notebook: a :class:`~nemo_widgets.widgets.studio.Studio`
(foreground mode: its work runs on the toolkit's worker loop and the cell
applies the widget updates, as on Colab) over a ``StudioSession`` and an
``AsyncNemoClient`` whose transport serves a paced ADK stream
(:mod:`bench._adk`): one reply of many partial chunks, a frame every
``delay`` seconds (the engine's default chunk delay, 20 ms, and a 2 ms
burst). ``studio.send(text)`` runs the turn. Measured on the widget itself:

* every change of the conversation ``HTML.value`` (what the browser is sent)
  from the first chunk to the end of the turn, per second of stream time
  (first frame received → last frame received). The house rule is "first
  chunk at once, then at most ~20 a second, final flush at the end", so the
  first-chunk update and the final text are not counted in the rate (both
  are printed);
* the latency from the moment the transport handed over the first text
  chunk to the moment the widget's value showed it.

Target: at most 20 updates/s in every pacing, first chunk within 50 ms.
Also printed: the same recorded 100,000-event stream (quick: 20,000) sent
unpaced through ``StudioSession.ask`` vs ``chat()`` alone: the cost of the
controller's reply bookkeeping.

The Studio part runs in a child process (see :func:`_child`).
Run alone: ``python -m bench.bench_updates [--quick]``.
"""

from __future__ import annotations

import asyncio
import html
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

from bench._adk import adk_frames, split_body
from bench._common import Figure, run_alone, temp_dir

__all__ = ["run"]

PACINGS = (("engine chunk delay", 0.02), ("burst", 0.002))
MAX_RATE = 20.0
MAX_FIRST_MS = 50.0


def _ok(data: Any) -> httpx.Response:
    return httpx.Response(200, json={"code": 0, "data": data})


def mock_api(stream: Any) -> httpx.MockTransport:
    """The few endpoints a turn touches; ``stream()`` makes the chat body (an async iterator)."""

    async def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/run_sse":
            return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=stream())
        if path.startswith("/api/state/"):
            return _ok({"state": {"draft": {"t": []}}})
        if path.startswith("/api/credits/"):
            return _ok({"available": 100, "frozen": 0, "total": 100})
        return httpx.Response(404, json={"code": 404, "msg": "not in the bench's mock"})

    return httpx.MockTransport(handler)


def _session(transport: httpx.MockTransport, folder: Path) -> Any:
    from nemo_widgets.core.jobs import JobBook
    from nemo_widgets.core.session import StudioSession
    from nemo_widgets.protocol.async_client import AsyncNemoClient

    client = AsyncNemoClient(base_url="http://bench.invalid", token="t", session_id="s", client_id="c",
                             transport=transport)  # fmt: skip
    return StudioSession(client, output_dir=folder / "out", book=JobBook(folder / "book.json"))


def _paced(frames: list[bytes], delay: float, received: list[tuple[float, bytes]]) -> Any:
    async def stream() -> AsyncIterator[bytes]:
        for frame in frames:
            await asyncio.sleep(delay)
            received.append((time.perf_counter(), frame))
            yield frame

    return stream


def one_pacing(delay: float, seconds: float, folder: Path) -> dict[str, float]:
    """Stream one reply at ``delay`` s per frame for about ``seconds`` through a Studio; the counts."""
    from nemo_widgets.widgets.studio import Studio

    count = max(20, int(seconds / delay))
    frames = adk_frames(count + 2, chunks_per_reply=count)[2:]  # one reply: its chunks, then its final text
    received: list[tuple[float, bytes]] = []
    studio = Studio(_session(mock_api(_paced(frames, delay, received)), folder), mode="foreground")
    changes: list[tuple[float, str]] = []
    studio.chat.conversation.observe(lambda c: changes.append((time.perf_counter(), c["new"])), names="value")
    studio.send("make the titles pop")
    studio.close()
    first_at, first_frame = next((t, f) for t, f in received if b'"partial":true' in f)
    first_text = html.escape(json.loads(first_frame[6:])["content"]["parts"][0]["text"].strip())
    shown = [(t, v) for t, v in changes if "nemo-agent" in v]
    first_shown = next(t for t, v in shown if first_text in v)
    stream_s = received[-1][0] - received[0][0]
    window = max(sum(1 for u, _ in shown if t <= u < t + 1.0) for t, _ in shown)
    return {
        "frames": len(frames),
        "stream_s": stream_s,
        "updates": len(shown),
        "rate": (len(shown) - 2) / stream_s,
        "raw_rate": len(shown) / stream_s,
        "window": window,
        "first_ms": (first_shown - first_at) * 1000,
        "error": bool(studio.last_error),
    }


def unpaced(events: int, folder: Path) -> tuple[float, float]:
    """Seconds for ``StudioSession.ask`` and for ``chat()`` alone on the same unpaced stream."""
    pieces = split_body(b"".join(adk_frames(events)), 64 * 1024)

    def stream() -> AsyncIterator[bytes]:
        async def body() -> AsyncIterator[bytes]:
            for piece in pieces:
                yield piece

        return body()

    async def both() -> tuple[float, float]:
        session = _session(mock_api(stream), folder)
        start = time.perf_counter()
        async with session.client.chat("go") as chat:
            async for _ in chat:
                pass
        chat_s = time.perf_counter() - start
        start = time.perf_counter()
        await session.ask("go")
        ask_s = time.perf_counter() - start
        await session.aclose()
        return ask_s, chat_s

    return asyncio.run(both())


def _pacings_in_child(quick: bool) -> list[tuple[str, float, dict[str, float]]]:
    """Run the Studio measurements in a fresh process (see :func:`_child`)."""
    args = [sys.executable, "-m", "bench.bench_updates", "--child", *(["--quick"] if quick else [])]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the Studio child failed ({done.returncode}): {done.stderr.strip()[-600:]}")
    return [(name, delay, result) for name, delay, result in json.loads(lines[-1])["results"]]


def _child(quick: bool) -> None:
    """The Studio part, printed as JSON.

    In a process of its own, like a kernel: the widgets, their registry and
    the toolkit's worker thread start fresh and end with it, apart from the
    other figures.
    """
    seconds = 2.5 if quick else 10.0
    with temp_dir() as folder:
        results = [(name, delay, one_pacing(delay, seconds, folder)) for name, delay in PACINGS]
    print(json.dumps({"results": results}), flush=True)


def run(quick: bool = False) -> list[Figure]:
    events = 20_000 if quick else 100_000
    results = _pacings_in_child(quick)
    with temp_dir() as folder:
        ask_s, chat_s = unpaced(events, folder)
    worst = max(r["rate"] for _, _, r in results)
    first = max(r["first_ms"] for _, _, r in results)
    parts = [
        f"{name} {delay * 1000:g} ms ({r['frames']} frames in {r['stream_s']:.1f} s): {r['updates']} updates = "
        f"{r['rate']:.1f}/s without the first and final ({r['raw_rate']:.1f}/s all; most in 1 s: "
        f"{r['window']}), first chunk shown {r['first_ms']:.1f} ms after receipt"
        for name, delay, r in results
    ]
    parts.append(
        f"{events:,} events unpaced: StudioSession.ask {ask_s:.2f} s vs chat() {chat_s:.2f} s ({ask_s / chat_s:.0f}x)"
    )
    ok = worst <= MAX_RATE and first <= MAX_FIRST_MS and not any(r["error"] for _, _, r in results)
    return [
        Figure(
            2,
            "conversation widget updates while a reply streams (Studio, foreground)",
            worst,
            "/s",
            f"<= {MAX_RATE:g}/s, first chunk <= {MAX_FIRST_MS:g} ms; first chunk {first:.1f} ms",
            ok,
            "; ".join(parts),
        )
    ]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--child" in args:
        _child("--quick" in args)
        return 0
    return run_alone(run, args)


if __name__ == "__main__":
    sys.exit(main())
