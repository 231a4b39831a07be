"""A recorded-looking ADK chat stream of any length, for the stream benchmarks (#1, #2).

The frames copy the shapes of ``tests/fixtures/adk/streamed_text.sse`` and
``silent_edit.sse`` byte for byte (compact JSON, camelCase keys in ADK's
order, non-ASCII kept as UTF-8): one turn made of replies, each streamed as
``partial: true`` chunks and then repeated whole (``partial: false``, same
``id``), with a ``functionCall`` + ``functionResponse`` pair (carrying a
``stateDelta``) before every few replies. Seeded: the same arguments give
the same bytes.

    frames = adk_frames(100_000)       # list of b"data: {...}\\n\\n"
    body = b"".join(frames)
    chunks = split_body(body, 65_536)  # as a socket would deliver it
"""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

__all__ = ["adk_frames", "frame_mix", "split_body"]

AUTHOR = "nemo_agent"
CHUNKS_PER_REPLY = 30
REPLIES_PER_TOOL_CALL = 4
_WORDS = [
    "the",
    "clip",
    "audio",
    "track",
    "removed",
    "timeline",
    "export",
    "silent",
    "video",
    "segment",
    "music",
    "voice",
    "title",
    "fade",
    "render",
    "MP4",
    "MP3",
    "quality",
    "1080p",
    "frame",
    "second",
    "minute",
    "draft",
    "edit",
    "done",
    "ready",
    "here",
    "your",
    "new",
    "音频",
    "视频",
    "导出",
    "已完成",
]


def _actions(delta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "stateDelta": delta or {},
        "artifactDelta": {},
        "requestedAuthConfigs": {},
        "requestedToolConfirmations": {},
    }


def _frame(event: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode() + b"\n\n"


class _Turn:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.invocation = f"e-{self._uuid()}"
        self.clock = 1795345112.0

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _tail(self, event_id: str | None = None, delta: dict[str, Any] | None = None) -> dict[str, Any]:
        self.clock += self.rng.uniform(0.0005, 0.004)
        return {
            "invocationId": self.invocation,
            "author": AUTHOR,
            "actions": _actions(delta),
            "nodeInfo": {"path": f"{AUTHOR}@1"},
            "id": event_id or self._uuid(),
            "timestamp": self.clock,
        }

    def text(self, words: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(words)) + self.rng.choice((" ", ". ", ", ", "! "))

    def chunk(self, text: str, event_id: str) -> bytes:
        head = {"content": {"parts": [{"text": text}], "role": "model"}, "partial": True}
        return _frame(head | self._tail(event_id))

    def final(self, text: str, event_id: str) -> bytes:
        head = {"content": {"parts": [{"text": text}], "role": "model"}, "partial": False, "turnComplete": True}
        return _frame(head | self._tail(event_id))

    def tool_pair(self, step: int) -> list[bytes]:
        call_id = f"adk-{self._uuid()}"
        name = self.rng.choice(("remove_audio", "trim_clip", "add_title", "set_volume"))
        call = {
            "content": {
                "parts": [{"functionCall": {"id": call_id, "args": {"step": step}, "name": name}}],
                "role": "model",
            }
        }
        tail = self._tail()
        ident, stamp = tail.pop("id"), tail.pop("timestamp")
        call |= tail | {"longRunningToolIds": [], "id": ident, "timestamp": stamp}
        delta = {"draft": {"t": [{"tt": 0, "sg": [{"d": 10000 + step}]}], "d": 10000 + step}}
        result = {
            "content": {
                "parts": [
                    {"functionResponse": {"id": call_id, "name": name, "response": {"status": "ok", "step": step}}}
                ],
                "role": "user",
            }
        } | self._tail(delta=delta)
        return [_frame(call), _frame(result)]


def adk_frames(count: int, seed: int = 6, chunks_per_reply: int = CHUNKS_PER_REPLY) -> list[bytes]:
    """``count`` SSE frames of one streamed ADK turn (replies in chunks, tool calls between them)."""
    turn = _Turn(random.Random(seed))
    frames: list[bytes] = []
    reply = 0
    while len(frames) < count:
        if reply % REPLIES_PER_TOOL_CALL == 0:
            frames += turn.tool_pair(reply)
        event_id = turn._uuid()
        pieces = [turn.text(turn.rng.randint(2, 9)) for _ in range(chunks_per_reply)]
        frames += [turn.chunk(piece, event_id) for piece in pieces]
        frames.append(turn.final("".join(pieces), event_id))
        reply += 1
    return frames[:count]


def frame_mix(frames: list[bytes]) -> str:
    """How the frames split by kind, e.g. ``96.4% chunks, 3.2% finals, 0.4% tool frames``."""
    chunks = sum(b'"partial":true' in f for f in frames)
    finals = sum(b'"partial":false' in f for f in frames)
    tools = len(frames) - chunks - finals
    n = len(frames) or 1
    return f"{100 * chunks / n:.1f}% chunks, {100 * finals / n:.1f}% finals, {100 * tools / n:.1f}% tool frames"


def split_body(body: bytes, size: int) -> list[bytes]:
    """The body cut into ``size``-byte pieces (frames straddle the cuts, as on a socket)."""
    return [body[i : i + size] for i in range(0, len(body), size)]
