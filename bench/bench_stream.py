"""Benchmark #1: decoding a 100,000-event chat stream, ``NemoClient.chat()`` vs httpx-sse.

The stream is one generated ADK turn (:mod:`bench._adk`: ~95 % partial text
chunks in the shape of ``tests/fixtures/adk/streamed_text.sse``, ~3 % final
texts, ~2 % tool call / tool result frames; 43 MB), cut into 64 KiB pieces
as a socket would deliver it and served by ``httpx.MockTransport``, so both
sides read the very same bytes through the same httpx response machinery:

* ours: ``with client.chat(text) as stream: for event in stream`` — the
  real client method (request building, SSE decoding, ADK frame decoding
  into ``ChatEvent`` s, the turn bookkeeping);
* the baseline: ``EventSource(response).iter_sse()`` with ``json.loads`` of
  each event's data — what one writes with httpx-sse to get the same
  information (decoded frames). The ratio against bare ``iter_sse`` (no
  JSON) is printed too, for information.

The ratio is the median of N paired rounds (the sides run interleaved, so a
busy moment of the machine hits both alike). Target: at most 1.5x the baseline's time.
Run alone: ``python -m bench.bench_stream [--quick]``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable

import httpx
from httpx_sse import EventSource

from bench._adk import adk_frames, frame_mix, split_body
from bench._common import Figure, median, run_alone, timed

__all__ = ["EVENTS", "run", "sse_transport"]

EVENTS = 100_000
PIECE = 64 * 1024
MAX_RATIO = 1.5


def sse_transport(pieces: list[bytes]) -> httpx.MockTransport:
    """A transport answering every request with the stream ``pieces`` (sync or async)."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=iter(pieces))

    async def async_handler(request: httpx.Request) -> httpx.Response:
        async def body():
            for piece in pieces:
                yield piece

        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body())

    class Both(httpx.MockTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return await async_handler(request)

    return Both(handler)


def _client_run(transport: httpx.MockTransport) -> Callable[[], int]:
    from nemo_widgets.protocol.client import NemoClient

    def run() -> int:
        with (
            NemoClient(
                base_url="http://bench.invalid", token="t", session_id="s", client_id="c", transport=transport
            ) as client,
            client.chat("make it pop") as stream,
        ):
            return sum(1 for _ in stream)

    return run


def _async_client_run(transport: httpx.MockTransport) -> Callable[[], int]:
    from nemo_widgets.protocol.async_client import AsyncNemoClient

    async def count() -> int:
        async with (
            AsyncNemoClient(
                base_url="http://bench.invalid", token="t", session_id="s", client_id="c", transport=transport
            ) as client,
            client.chat("make it pop") as stream,
        ):
            return sum([1 async for _ in stream])

    return lambda: asyncio.run(count())


def _baseline_run(transport: httpx.MockTransport, decode_json: bool) -> Callable[[], int]:
    def run() -> int:
        count = 0
        with httpx.Client(transport=transport) as http, http.stream("POST", "http://bench.invalid/run_sse") as response:
            for sse in EventSource(response).iter_sse():
                if decode_json:
                    json.loads(sse.data)
                count += 1
        return count

    return run


def run(quick: bool = False) -> list[Figure]:
    """Time the client and the baselines on the same 100,000-event stream (same size in quick mode)."""
    frames = adk_frames(EVENTS)
    body = b"".join(frames)
    transport = sse_transport(split_body(body, PIECE))
    sides = {
        "chat": _client_run(transport),
        "iter_sse+json": _baseline_run(transport, True),
        "iter_sse": _baseline_run(transport, False),
        "async chat": _async_client_run(transport),
    }
    counts = {name: fn() for name, fn in sides.items()}  # warm up, and check both see every event
    rounds = 3 if quick else 9
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):  # interleaved, so a busy moment of the machine hits both sides alike
        for name, fn in sides.items():
            times[name].append(timed(fn))
    ratio = median([a / b for a, b in zip(times["chat"], times["iter_sse+json"], strict=False)])
    bare = median([a / b for a, b in zip(times["chat"], times["iter_sse"], strict=False)])
    best = {name: min(values) for name, values in times.items()}
    detail = (
        f"{EVENTS:,} events, {len(body) / 1e6:.1f} MB ({frame_mix(frames)}), 64 KiB pieces via MockTransport; "
        f"median of {rounds} paired rounds; best: chat() {best['chat'] * 1000:.0f} ms ({counts['chat']:,} events "
        f"out), iter_sse+json.loads {best['iter_sse+json'] * 1000:.0f} ms, bare iter_sse "
        f"{best['iter_sse'] * 1000:.0f} ms (chat() = {bare:.2f}x bare iter_sse), "
        f"async chat() {best['async chat'] * 1000:.0f} ms"
    )
    ok = ratio <= MAX_RATIO and counts["iter_sse"] == EVENTS and counts["chat"] >= EVENTS
    return [
        Figure(
            1,
            "chat() decoding a 100,000-event ADK stream vs httpx-sse iter_sse + json.loads",
            ratio,
            "x",
            f"<= {MAX_RATIO:g}x",
            ok,
            detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())
