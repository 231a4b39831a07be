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
events (bytes, empty data, comments, broken JSON), flags a final ``text``
that ``replaces`` the chunks shown before it (never append both), merges the
duplicate error frames ADK writes for one failure, and drops the trailing
"I encountered a temporary issue" that follows a normal reply.
"""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]  # public in CPython, absent from typeshed
from typing import Any, Literal

from nemo_widgets.protocol._frames import TEXT_AT, TEXT_HEAD, TEXT_HEAD_BYTES, frame_info
from nemo_widgets.protocol._sse import SSEEvent
from nemo_widgets.protocol.errors import AgentError, NemoError, ProtocolError

__all__ = ["ChatEvent", "EventKind", "TurnDecoder", "decode_adk", "decode_data"]

EventKind = Literal["text_chunk", "text", "tool_call", "tool_result", "heartbeat", "error", "end"]

#: The start of the backend's filler message that may trail a normal reply.
NOISE_PREFIX = "I encountered a temporary issue"
#: ``error_code`` of an error event made by the toolkit for an unreadable frame.
BAD_FRAME = "protocol_error"


class ChatEvent:
    """One thing that happened in a chat turn. ``kind`` says which fields matter.

    ``text`` (text_chunk, text), ``id`` (the ADK event id, or the tool call
    id), ``name``/``args`` (tool_call), ``name``/``response`` (tool_result),
    ``error_code``/``error_message`` (error), ``state_delta`` (the frame's
    ``actions.stateDelta`` when not empty), ``replaces`` (a final ``text``
    that replaces the ``text_chunk`` s shown for its ``id``), ``raw`` (the
    ADK frame: a dict, or its JSON text when the fast path decoded it).

    Built once per streamed chunk, so it is lean: the common fields are
    slots and the rare ones fall back to class defaults.
    """

    __slots__ = ("__dict__", "id", "kind", "raw", "replaces", "text")

    name: str | None = None
    args: Any = None
    response: Any = None
    error_code: str | None = None
    error_message: str | None = None
    state_delta: dict[str, Any] | None = None
    author: str | None = None

    def __init__(
        self,
        kind: EventKind,
        text: str = "",
        id: str | None = None,
        raw: Any = None,
        **fields: Any,
    ) -> None:
        self.kind = kind
        self.text = text
        self.id = id
        self.raw = raw
        self.replaces = False
        if fields:
            for key, value in fields.items():
                if key not in _EXTRA_FIELDS:
                    raise TypeError(f"ChatEvent has no field {key!r}")
                setattr(self, key, value)

    def __repr__(self) -> str:
        shown = [f"kind={self.kind!r}"]
        for key in ("text", "id", "name", "error_code", "error_message"):
            value = getattr(self, key)
            if value:
                shown.append(f"{key}={value!r}")
        return f"ChatEvent({', '.join(shown)})"

    def raw_dict(self) -> Any:
        """The frame as decoded JSON (``raw`` may still be its text: see :func:`decode_data`)."""
        if isinstance(self.raw, str):
            try:
                return json.loads(self.raw)
            except ValueError:
                return None
        return self.raw

    def to_error(self) -> NemoError:
        """The toolkit error an ``error`` event stands for."""
        if self.error_code == BAD_FRAME:
            return ProtocolError()
        return AgentError(self.error_message, code=self.error_code)


_EXTRA_FIELDS = frozenset(
    {"name", "args", "response", "error_code", "error_message", "state_delta", "author", "replaces"}
)
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
    events: list[ChatEvent] = []
    content = obj.get("content")
    parts = content.get("parts") if type(content) is dict else None
    if parts and type(parts) is list:
        partial = obj.get("partial") is True
        eid = _ident(obj.get("id"))
        author = obj.get("author")
        delta = _state_delta(obj)
        said: ChatEvent | None = None  # the frame's one text event: its text parts joined in order
        for part in parts:
            if type(part) is not dict:
                continue
            text = part.get("text")
            if text is not None:
                if type(text) is str and not part.get("thought"):
                    if said is None:
                        kind: EventKind = "text_chunk" if partial else "text"
                        said = ChatEvent(kind, text, eid, author=author, state_delta=delta, raw=obj)
                        events.append(said)
                    else:
                        said.text += text
                continue
            call = part.get("functionCall")
            if type(call) is dict:
                name, args = call.get("name"), call.get("args")
                events.append(
                    ChatEvent(
                        "tool_call",
                        "",
                        _ident(call.get("id")),
                        obj,
                        name=name,
                        args=args,
                        author=author,
                        state_delta=delta,
                    )
                )
                continue
            result = part.get("functionResponse")
            if type(result) is dict:
                events.append(
                    ChatEvent("tool_result", "", _ident(result.get("id")), obj, name=result.get("name"),
                              response=result.get("response"), author=author, state_delta=delta)
                )  # fmt: skip
    error = _error_event(obj)
    if error is not None:
        events.append(error)
    if not events and (not content or "heartbeat" in obj):
        delta = _state_delta(obj)
        if delta or "heartbeat" in obj or not obj:
            return [ChatEvent("heartbeat", state_delta=delta, raw=obj)] if delta else [_HEARTBEAT]
    return events


def _fast_text(frame: str, memo: list[tuple[str, Any]] | None = None) -> ChatEvent | None:
    """A one-text-part ADK frame decoded without parsing its whole JSON, or ``None``.

    Most of a streamed turn is frames of one shape: a text part, then
    metadata that repeats from frame to frame but for the timestamp. Only
    the text, ``partial`` and the top-level ``id`` matter: the text is read
    with the C string scanner, the metadata by :func:`._frames.frame_info`. Any
    doubt answers ``None``: the caller parses the frame fully.
    """
    text, end = scanstring(frame, TEXT_AT)
    info = frame_info(frame, end, memo)
    if info is None:
        return None
    return ChatEvent(info[0], text, info[1], raw=frame)  # type: ignore[arg-type]  # frame_info returns only ChatEvent kinds, typed as str


def decode_data(data: bytes | str, _memo: list[tuple[str, Any]] | None = None) -> list[ChatEvent]:
    """The events of one SSE ``data`` payload: empty → heartbeat, broken JSON → an error event.

    One-text-part ADK frames take a fast path (:func:`_fast_text`); in that
    case the event's ``raw`` is the frame's JSON text, not a dict.
    """
    try:
        frame = data.decode() if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        return [_bad_frame()]
    if frame.startswith(TEXT_HEAD):
        try:
            event = _fast_text(frame, _memo)
        except ValueError:  # an unterminated string: the full parser will say so
            event = None
        if event is not None:
            return [event]
    elif not frame or frame.isspace():
        return [_HEARTBEAT]
    try:
        obj = json.loads(frame)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return [_bad_frame()]
    return decode_adk(obj)


class TurnDecoder:
    """Decodes the SSE events of one chat turn into chat events, with the turn's memory."""

    __slots__ = ("_chunked", "_clean", "_errors", "_held", "_noise_ids", "_replied", "_tails")

    def __init__(self) -> None:
        self._chunked: set[Any] = set()  # ids that had text_chunks
        self._replied = False  # a normal final text was seen
        self._held: dict[Any, list[ChatEvent]] = {}  # chunks that may be the trailing noise
        self._noise_ids: set[Any] = set()  # ids found to be the noise
        self._clean: set[Any] = set()  # ids found not to be the noise
        self._errors: set[tuple[str | None, str | None]] = set()
        self._tails: list[tuple[str, Any]] = [("", None)]  # the fast path's memo, latest first

    def feed(self, items: list[bytes | SSEEvent]) -> list[ChatEvent]:
        """The chat events of some SSE events (``bytes``: an event that is only data).

        The hot path of a stream: one-text-part frames are decoded inline,
        and their chunks pass straight through unless they might be the
        trailing noise.
        """
        out: list[ChatEvent] = []
        append = out.append
        memo, chunked, clean = self._tails, self._chunked, self._clean
        head, at, scan, event_class = TEXT_HEAD_BYTES, TEXT_AT, scanstring, ChatEvent  # locals: faster
        last_chunked = None
        for item in items:
            if isinstance(item, bytes):
                data = item
            elif item.comment or item.event == "heartbeat":
                append(_HEARTBEAT)
                continue
            else:
                data = item.data
            if data.startswith(head):
                try:
                    frame = data.decode()
                    text, end = scan(frame, at)
                except ValueError:  # bad UTF-8, an unterminated string: the full parser decides
                    frame = None
                if frame is not None:
                    tail, info = memo[0]
                    stop = end + len(tail)
                    if info is None or not (  # _same_tail inlined: the common case
                        frame.startswith(tail, end)
                        and (
                            stop == len(frame)
                            or (frame.startswith(',"timestamp":', stop) and frame.find('"', stop + 13) < 0)
                        )
                    ):
                        info = frame_info(frame, end, memo, 1)
                    if info is not None:
                        kind, event_id = info
                        if kind == "text_chunk" and (not self._replied or event_id in clean):
                            if event_id is not last_chunked:
                                chunked.add(event_id)
                                last_chunked = event_id
                            append(event_class(kind, text, event_id, frame))
                        else:
                            out += self._one(event_class(kind, text, event_id, frame))
                        continue
            for event in decode_data(data):
                kind = event.kind
                if kind == "heartbeat" or kind == "tool_call" or kind == "tool_result":
                    append(event)
                else:
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
