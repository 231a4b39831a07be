"""Builders of the ADK Server-Sent-Events frames the chat endpoint streams.

The shapes copy what a real ADK server sends (tests/fixtures/adk/*.sse):
camelCase keys in the same order, ``data: <compact json>`` then a blank
line, no ``event:``/``id:`` fields. ``partial`` is absent when streaming is
off; with streaming, text comes as ``partial: true`` chunks and then whole in
one final event (``partial: false``, ``turnComplete: true``) with the same
``id``. A heartbeat is the SSE comment ``: ping``.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

__all__ = [
    "HEARTBEAT",
    "Invocation",
    "error_frame",
    "frame",
]

HEARTBEAT = b": ping\n\n"
AUTHOR = "nemo_agent"


def frame(event: dict[str, Any]) -> bytes:
    """One SSE frame holding ``event`` as compact JSON."""
    return b"data: " + json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode() + b"\n\n"


def error_frame(error_type: str, message: str) -> bytes:
    """The last frame ADK writes when the agent raised (its own ``json.dumps`` spacing)."""
    body = {
        "error": f"{error_type}: {message}",
        "error_details": {"error_type": error_type, "error_message": message, "timestamp": time.time()},
    }
    return b"data: " + json.dumps(body, ensure_ascii=False).encode() + b"\n\n"


def _actions(state_delta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "stateDelta": state_delta or {},
        "artifactDelta": {},
        "requestedAuthConfigs": {},
        "requestedToolConfirmations": {},
    }


class Invocation:
    """The events of one agent turn (one ``invocationId``)."""

    def __init__(self) -> None:
        self.invocation_id = f"e-{uuid.uuid4()}"

    def _tail(self, state_delta: dict[str, Any] | None = None, event_id: str | None = None) -> dict[str, Any]:
        return {
            "invocationId": self.invocation_id,
            "author": AUTHOR,
            "actions": _actions(state_delta),
            "nodeInfo": {"path": f"{AUTHOR}@1"},
        } | {"id": event_id or str(uuid.uuid4()), "timestamp": time.time()}

    def text(self, text: str) -> dict[str, Any]:
        """A whole reply, streaming off (no ``partial`` key)."""
        head = {"content": {"parts": [{"text": text}], "role": "model"}, "turnComplete": True}
        return head | self._tail()

    def chunk(self, text: str, event_id: str) -> dict[str, Any]:
        """A streamed piece of the reply (``partial: true``)."""
        head = {"content": {"parts": [{"text": text}], "role": "model"}, "partial": True}
        return head | self._tail(event_id=event_id)

    def final(self, text: str, event_id: str) -> dict[str, Any]:
        """The whole reply after its chunks, with their ``id``."""
        head = {"content": {"parts": [{"text": text}], "role": "model"}, "partial": False, "turnComplete": True}
        return head | self._tail(event_id=event_id)

    def function_call(self, call_id: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
        part = {"functionCall": {"id": call_id, "args": args, "name": name}}
        event = {"content": {"parts": [part], "role": "model"}} | self._tail()
        tail_id, stamp = event.pop("id"), event.pop("timestamp")
        return event | {"longRunningToolIds": [], "id": tail_id, "timestamp": stamp}

    def function_response(
        self, call_id: str, name: str, response: dict[str, Any], state_delta: dict[str, Any]
    ) -> dict[str, Any]:
        part = {"functionResponse": {"id": call_id, "name": name, "response": response}}
        return {"content": {"parts": [part], "role": "user"}} | self._tail(state_delta)

    def error(self, code: str, message: str) -> dict[str, Any]:
        return {"errorCode": code, "errorMessage": message} | self._tail()


def new_call_id() -> str:
    return f"adk-{uuid.uuid4()}"


def split_chunks(text: str, pieces: int = 3) -> list[str]:
    """Cut ``text`` at word boundaries into about ``pieces`` chunks that join back to it."""
    words = text.split(" ")
    if len(words) < 2:  # no spaces (e.g. Chinese): cut by characters
        size = max(1, -(-len(text) // pieces))
        return [text[i : i + size] for i in range(0, len(text), size)] or [text]
    size = max(1, -(-len(words) // pieces))
    groups = [words[i : i + size] for i in range(0, len(words), size)]
    chunks = [" ".join(group) for group in groups]
    return [chunk + " " for chunk in chunks[:-1]] + [chunks[-1]]
