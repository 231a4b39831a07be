"""Chat events: what one turn of the ADK stream means, decoded.

:func:`decode_adk` turns one ADK frame (a decoded JSON object) into
:class:`ChatEvent` s, statelessly:

* the ``text`` parts → one ``text_chunk`` when the frame has ``partial: true``,
  else one ``text`` (``partial`` absent: streaming off; ``partial: false``:
  the whole text after its chunks, same ``id``). A frame with several text
  parts (``[thought, "First part. ", "Second part."]``) gives one event whose
  text is the parts joined in order, as Gemini's own ``response.text`` joins
  them: one event per id, so "the final replaces its chunks" keeps them all.
  ``thought: true`` parts are dropped;
* ``functionCall`` → ``tool_call`` (``id``, ``name``, ``args``);
  ``functionResponse`` → ``tool_result`` (``id``, ``name``, ``response``);
* ``errorCode``/``errorMessage`` and ``{"error": …, "error_details": …}``
  frames → ``error``;
* ``{"heartbeat": …}``, ``{}`` and a frame with only a state change →
  ``heartbeat`` (keep waiting; ``state_delta`` set when there was one).

:class:`TurnDecoder` holds what one turn needs across frames: it decodes SSE
events (empty data, comments, broken JSON), flags a final ``text``
that ``replaces`` the chunks shown before it (never append both), merges the
duplicate error frames ADK writes for one failure, and drops the trailing
"I encountered a temporary issue" that follows a normal reply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from nemo_widgets.protocol._sse import SSEEvent
from nemo_widgets.protocol.constants import EventKind
from nemo_widgets.protocol.errors import AgentError, NemoError, ProtocolError

__all__ = ["ChatEvent", "EventKind", "TurnDecoder", "decode_adk", "decode_data"]

#: The start of the backend's filler message that may trail a normal reply.
NOISE_PREFIX = "I encountered a temporary issue"
#: ``error_code`` of an error event made by the toolkit for an unreadable frame.
BAD_FRAME = "protocol_error"


@dataclass(slots=True, eq=False, repr=False)
class ChatEvent:
    """One thing that happened in a chat turn. ``kind`` says which fields matter.

    ``text`` (text_chunk, text), ``id`` (the ADK event id, or the tool call
    id), ``name``/``args`` (tool_call), ``name``/``response`` (tool_result),
    ``error_code``/``error_message`` (error), ``state_delta`` (the frame's
    ``actions.stateDelta`` when not empty), ``replaces`` (a final ``text``
    that replaces the ``text_chunk`` s shown for its ``id``), ``raw`` (the
    ADK frame, decoded).
    """

    kind: EventKind
    text: str = ""
    id: str | None = None
    raw: Any = None
    name: str | None = None
    args: Any = None
    response: Any = None
    error_code: str | None = None
    error_message: str | None = None
    state_delta: dict[str, Any] | None = None
    author: str | None = None
    replaces: bool = False

    def __repr__(self) -> str:
        shown = [f"kind={self.kind!r}"]
        for key in ("text", "id", "name", "error_code", "error_message"):
            value = getattr(self, key)
            if value:
                shown.append(f"{key}={value!r}")
        return f"ChatEvent({', '.join(shown)})"

    def to_error(self) -> NemoError:
        """The toolkit error an ``error`` event stands for."""
        if self.error_code == BAD_FRAME:
            return ProtocolError()
        return AgentError(self.error_message, code=self.error_code)


_HEARTBEAT = ChatEvent("heartbeat")


def _bad_frame(raw: Any = None) -> ChatEvent:
    return ChatEvent("error", error_code=BAD_FRAME, error_message="an unreadable message from the agent", raw=raw)


def _error_event(obj: dict[str, Any]) -> ChatEvent | None:
    code, message = obj.get("errorCode"), obj.get("errorMessage")
    if code or message:
        return ChatEvent("error", error_code=_text(code), error_message=_text(message), raw=obj)
    if "error" in obj and not obj.get("content"):
        details = obj.get("error_details")
        details = details if isinstance(details, dict) else {}
        message = details.get("error_message") or obj.get("error")
        code = details.get("error_type") or details.get("code")
        return ChatEvent("error", error_code=_text(code), error_message=_text(message), raw=obj)
    return None


def _ident(value: Any) -> str | None:
    """An id as a string (ids are strings on the wire; anything else is made one)."""
    if value is None or type(value) is str:
        return value
    return json.dumps(value, sort_keys=True)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)[:200]


def _state_delta(obj: dict[str, Any]) -> dict[str, Any] | None:
    actions = obj.get("actions")
    if type(actions) is dict:
        delta = actions.get("stateDelta")
        if delta and type(delta) is dict:
            return delta
    return None


def decode_adk(obj: Any) -> list[ChatEvent]:
    """The events of one ADK frame (already JSON-decoded). Never raises."""
    if type(obj) is not dict:
        return [_bad_frame(obj)]
    content = obj.get("content")
    parts = content.get("parts") if type(content) is dict else None
    events = _part_events(obj, parts) if parts and type(parts) is list else []
    if "errorCode" in obj or "errorMessage" in obj or "error" in obj:
        error = _error_event(obj)
        if error is not None:
            events.append(error)
    if not events and (not content or "heartbeat" in obj):
        delta = _state_delta(obj)
        if delta or "heartbeat" in obj or not obj:
            return [ChatEvent("heartbeat", state_delta=delta, raw=obj)] if delta else [_HEARTBEAT]
    return events


def _part_events(obj: dict[str, Any], parts: list[Any]) -> list[ChatEvent]:
    """A frame's content parts as events: its text parts joined in order into one, each tool call and result."""
    events: list[ChatEvent] = []
    author, delta = obj.get("author"), _state_delta(obj)
    said: ChatEvent | None = None
    for part in parts:
        if type(part) is not dict:
            continue
        text = part.get("text")
        if text is not None:
            if type(text) is not str or part.get("thought"):
                continue
            if said is not None:
                said.text += text
                continue
            kind: EventKind = "text_chunk" if obj.get("partial") is True else "text"
            said = ChatEvent(kind, text, _ident(obj.get("id")), obj, author=author, state_delta=delta)
            events.append(said)
        elif type(call := part.get("functionCall")) is dict:
            events.append(ChatEvent("tool_call", "", _ident(call.get("id")), obj, name=call.get("name"),
                                    args=call.get("args"), author=author, state_delta=delta))  # fmt: skip
        elif type(result := part.get("functionResponse")) is dict:
            events.append(ChatEvent("tool_result", "", _ident(result.get("id")), obj, name=result.get("name"),
                                    response=result.get("response"), author=author, state_delta=delta))  # fmt: skip
    return events


_DECODER = json.JSONDecoder()


def decode_data(data: bytes | str) -> list[ChatEvent]:
    """The events of one SSE ``data`` payload: empty → heartbeat, broken JSON → an error event."""
    try:
        frame = data.decode() if isinstance(data, bytes) else data
        if not frame or frame.isspace():
            return [_HEARTBEAT]
        if frame[0] <= " ":
            frame = frame.lstrip(" \t\n\r")
        obj, end = _DECODER.raw_decode(frame)  # json.loads without its two whitespace scans
        if end != len(frame) and not frame[end:].isspace():
            return [_bad_frame()]  # something after the JSON value
    except (ValueError, RecursionError):  # JSONDecodeError and bad UTF-8 are ValueErrors
        return [_bad_frame()]
    return decode_adk(obj)


class TurnDecoder:
    """Decodes the SSE events of one chat turn into chat events, with the turn's memory."""

    __slots__ = ("_chunked", "_clean", "_errors", "_held", "_noise_ids", "_replied")

    def __init__(self) -> None:
        self._chunked: set[Any] = set()  # ids that had text_chunks
        self._replied = False  # a normal final text was seen
        self._held: dict[Any, list[ChatEvent]] = {}  # chunks that may be the trailing noise
        self._noise_ids: set[Any] = set()  # ids found to be the noise
        self._clean: set[Any] = set()  # ids found not to be the noise
        self._errors: set[tuple[str | None, str | None]] = set()

    def feed(self, events: list[SSEEvent]) -> list[ChatEvent]:
        """The chat events of some SSE events."""
        out: list[ChatEvent] = []
        for sse in events:
            if sse.comment or sse.event == "heartbeat":
                out.append(_HEARTBEAT)
                continue
            for event in decode_data(sse.data):
                out += self._one(event)
        return out

    def finish(self) -> list[ChatEvent]:
        """At the end of the turn (held chunks that never grew past the noise are dropped)."""
        self._held.clear()
        return [ChatEvent("end")]

    def _one(self, event: ChatEvent) -> list[ChatEvent]:
        kind = event.kind
        if kind == "text_chunk":
            return self._chunk(event)
        if kind == "text":
            return self._final(event)
        if kind == "error":
            key = (event.error_code, (event.error_message or "").split(": ")[-1])
            message_key = (None, key[1])
            if key in self._errors or message_key in self._errors:
                return []
            self._errors.update({key, message_key})
        return [event]

    def _chunk(self, event: ChatEvent) -> list[ChatEvent]:
        self._chunked.add(event.id)
        if not self._replied or event.id in self._clean:
            return [event]
        if event.id in self._noise_ids:
            return []
        held = self._held.setdefault(event.id, [])
        held.append(event)
        so_far = "".join(chunk.text for chunk in held).lstrip()
        if so_far.startswith(NOISE_PREFIX):
            self._noise_ids.add(event.id)
            del self._held[event.id]
            return []
        if NOISE_PREFIX.startswith(so_far):
            return []  # could still be the noise: wait
        self._clean.add(event.id)
        del self._held[event.id]
        return held

    def _final(self, event: ChatEvent) -> list[ChatEvent]:
        self._held.pop(event.id, None)
        if self._replied and (event.id in self._noise_ids or event.text.lstrip().startswith(NOISE_PREFIX)):
            return []
        if event.text.strip():
            self._replied = True
        event.replaces = event.id in self._chunked
        return [event]
