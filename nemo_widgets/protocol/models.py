"""The wire models: what the API's answers mean, parsed tolerantly.

Every ``from_*`` constructor accepts missing keys and other spellings (the
fields protocol.md marks ASSUMED) and never raises on a dict of the wrong
shape; ``raw`` keeps what was received. The draft lives in
:mod:`nemo_widgets.protocol.draft` and is re-exported here.

What the cloud was seen (or documented) to send beyond protocol.md, and is read here:

* render polls in three shapes (current, ``{"success", "data": {…}}``, ``{"taskId", …}``), their
  error text under ``errorMessage`` / ``error`` (text or ``{"message"}``) / ``message``, and the
  ``cancelled`` status of ``POST /api/render/proxy/lambda/<id>/cancel``: see :class:`RenderStatus`;
* the upload answer's ``file_type``, ``cdn_url``, ``fps`` and ``hash``: see :class:`MediaInfo`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.protocol._redact import short_text
from nemo_widgets.protocol.constants import (
    FINISHED_RENDER_STATES,
    RESULTLESS_RENDER_STATES,
    export_format,
    render_state,
)
from nemo_widgets.protocol.draft import Draft, Segment, Track, diff
from nemo_widgets.protocol.draft import as_number as _num
from nemo_widgets.protocol.errors import NemoError
from nemo_widgets.protocol.events import ChatEvent

__all__ = [
    "Credits",
    "Draft",
    "MediaInfo",
    "RenderJob",
    "RenderResult",
    "RenderStatus",
    "Reply",
    "Segment",
    "SessionInfo",
    "SessionState",
    "Track",
    "diff",
]


def _pick(obj: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


def _as_dict(value: Any) -> Mapping[str, Any]:
    if isinstance(value, str):  # some answers carry JSON documents as strings
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class Credits:
    """The credit balance: ``available`` now, ``frozen`` (held by running work), ``total``."""

    available: float = 0
    frozen: float = 0
    total: float = 0
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Any) -> Credits:
        data = _as_dict(data)
        available = _num(_pick(data, "available", "balance", "credits")) or 0
        frozen = _num(data.get("frozen")) or 0
        total = _num(data.get("total"))
        return cls(available=available, frozen=frozen, total=available + frozen if total is None else total, raw=data)

    def __str__(self) -> str:
        def show(value: float) -> str:
            return str(int(value)) if value == int(value) else f"{value:g}"

        held = f" ({show(self.frozen)} held by running work)" if self.frozen else ""
        return f"{show(self.available)} credits available{held}"


@dataclass(frozen=True)
class SessionInfo:
    """An editing session. ``resumed``: given by the caller, not created now."""

    session_id: str
    task_id: str | None = None
    resumed: bool = False
    #: who the session belongs to (``bind_id``, else ``user_id``/``uid``): the claim link names it
    bind_id: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Any) -> SessionInfo:
        data = _as_dict(data)
        session_id = _pick(data, "session_id", "sessionId", "sid")
        task_id = _pick(data, "task_id", "taskId")
        bind = next((data[key] for key in ("bind_id", "user_id", "uid") if data.get(key)), None)
        return cls(
            session_id=str(session_id) if session_id is not None else "",
            task_id=str(task_id) if task_id is not None else None,
            bind_id=str(bind) if bind is not None else None,
            raw=data,
        )


@dataclass(frozen=True)
class MediaInfo:
    """One uploaded file (from the upload answer or the state's ``video_infos``).

    The cloud's upload answer (``data.files[]``) documents ``file_type``, ``cdn_url``, ``fps`` and
    ``hash`` beside ``duration`` and ``size``: all kept (``fileType``, ``cdnUrl``, ``frame_rate``
    also read). ``fps`` may come as a number or a rate such as ``"30000/1001"``.
    """

    id: str | None = None
    name: str | None = None
    duration_s: float | None = None
    has_video: bool | None = None
    has_audio: bool | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None
    kind: str | None = None
    url: str | None = None
    file_type: str | None = None
    cdn_url: str | None = None
    fps: float | None = None
    hash: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Any) -> MediaInfo:
        data = _as_dict(data)
        ident = _pick(data, "id", "media_id", "file_id", "video_id", "src")
        duration_ms = _num(_pick(data, "duration_ms", "durationMs"))
        duration = _num(data.get("duration"))
        width, height = _num(_pick(data, "width", "w")), _num(_pick(data, "height", "h"))
        size = _num(_pick(data, "size", "bytes"))
        return cls(
            id=str(ident) if ident is not None else None,
            name=_pick(data, "name", "filename", "file_name", "title", "original_name"),
            duration_s=duration_ms / 1000 if duration_ms is not None else duration,
            has_video=_flag(data, "has_video", "hasVideo", True if width is not None else None),
            has_audio=_flag(data, "has_audio", "hasAudio", None),
            width=int(width) if width is not None else None,
            height=int(height) if height is not None else None,
            size=int(size) if size is not None else None,
            kind=_pick(data, "kind", "type", "media_type"),
            url=_pick(data, "url", "source_url", "file_url", "cdn_url", "cdnUrl"),
            file_type=_str_or_none(_pick(data, "file_type", "fileType")),
            cdn_url=_str_or_none(_pick(data, "cdn_url", "cdnUrl")),
            fps=_rate(_pick(data, "fps", "frame_rate", "frameRate")),
            hash=_str_or_none(_pick(data, "hash", "md5", "sha256")),
            raw=data,
        )

    @classmethod
    def list_from(cls, data: Any) -> tuple[MediaInfo, ...]:
        """Media from a list, or from a dict holding one under a usual key, or one dict."""
        if isinstance(data, Mapping):
            for key in ("files", "items", "uploads", "media", "video_infos", "videos", "results"):
                if isinstance(data.get(key), (list, Mapping)):
                    return cls.list_from(data[key])
            if data and all(isinstance(value, Mapping) for value in data.values()):
                data = list(data.values())  # keyed by media id
            else:
                data = [data] if data else []
        if not isinstance(data, Sequence) or isinstance(data, (str, bytes)):
            return ()
        return tuple(cls.from_data(item) for item in data if isinstance(item, Mapping))


def _str_or_none(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _rate(value: Any) -> float | None:
    """Frames per second from ``25``, ``"29.97"`` or ``"30000/1001"``; ``None`` when unreadable or not positive."""
    if isinstance(value, str) and "/" in value:
        top, _, bottom = value.partition("/")
        num, den = _num(top), _num(bottom)
        value = num / den if num is not None and den else None
    rate = _num(value)
    return round(rate, 3) if rate is not None and rate > 0 else None


def _percent(value: Any) -> float | None:
    """Progress in percent from ``45``, ``"45"``, ``"45%"`` or a fraction such as ``0.45``.

    A value strictly between 0 and 1 that is not a whole number is read as a fraction (some render
    services report 0-1); ``1`` stays 1 %, since a whole number is the usual percent.
    """
    if isinstance(value, str):
        value = value.strip().removesuffix("%")
    number = _num(value)
    if number is not None and 0 < number < 1:
        return number * 100
    return number


def _flag(data: Mapping[str, Any], key: str, alt: str, default: bool | None) -> bool | None:
    for name in (key, alt):
        if isinstance(data.get(name), bool):
            return bool(data[name])
    return default


@dataclass(frozen=True)
class SessionState:
    """The session's latest state: the draft and what it is made from."""

    draft: Draft = field(default_factory=Draft)
    video_infos: tuple[MediaInfo, ...] = ()
    canvas_config: Mapping[str, Any] = field(default_factory=dict)
    generated_media: tuple[Any, ...] = ()
    #: the session owner's id when the state names it (the claim link uses it)
    bind_id: str | None = None
    #: the export format the agent settled on (e.g. after "extract the audio as MP3"), lower case
    output_format: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Any) -> SessionState:
        data = _as_dict(data)
        state = _as_dict(data.get("state")) if "state" in data else data
        video_infos = state.get("video_infos")
        generated = state.get("generated_media")
        bind, wanted = data.get("bind_id"), state.get("output_format")
        return cls(
            draft=Draft.from_dict(_as_dict(state.get("draft"))),
            video_infos=MediaInfo.list_from(video_infos if video_infos is not None else []),
            canvas_config=_as_dict(state.get("canvas_config")),
            generated_media=tuple(generated) if isinstance(generated, list) else (),
            bind_id=str(bind) if bind else None,
            output_format=export_format(wanted) if isinstance(wanted, str) and wanted.strip() else None,
            raw=data,
        )


@dataclass(frozen=True)
class RenderJob:
    """A submitted export. ``draft`` is kept to resubmit it once if it fails."""

    id: str
    session_id: str | None
    format: str
    quality: str
    submitted_at: float
    draft: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)


#: Where the three documented poll shapes (and their neighbours) put the file's URL, first match wins.
_OUTPUT_URL_KEYS = ("url", "outputUrl", "output_url", "downloadUrl", "download_url", "resultUrl", "result_url")
#: Keys that hold an error text (a string, or an object with one of these inside).
_ERROR_KEYS = ("errorMessage", "error_message", "error", "failReason", "fail_reason")
_MESSAGE_KEYS = ("message", "msg", "detail", "reason")


def _error_text(data: Mapping[str, Any], failed: bool) -> str | None:
    """The server's error text: ``errorMessage``, ``error`` as a string or ``{"message": …}``; on a
    failure also ``message``/``msg``/``detail``/``reason`` (elsewhere those are often "ok")."""
    for key in (*_ERROR_KEYS, *(_MESSAGE_KEYS if failed else ())):
        value = data.get(key)
        if isinstance(value, Mapping):
            value = _pick(value, *_ERROR_KEYS[:2], *_MESSAGE_KEYS)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@dataclass(frozen=True)
class RenderStatus:
    """One poll of a render: ``status`` is pending, processing, completed, failed or cancelled.

    Three poll answers have been documented over time, and all three are read
    (:meth:`from_data`; ``raw`` keeps the answer):

    1. **current** (protocol.md): ``{"id", "status", "progress", "output": {"url", …}}`` at the top
       level, not enveloped; an error under ``error``;
    2. **envelope**: ``{"success": true, "data": {"status", "progress", "outputUrl", "createdAt",
       "completedAt"}}``; ``"success": false`` without a status is a failure with its ``message``;
    3. **task**: ``{"taskId", "status", "progress", "output": {"url", "duration", "size"}, "error"}``
       with ``error`` a string or an object ``{"message", "code"}``.

    What each gives: ``url`` (``output.url``, else ``outputUrl`` and the neighbours in
    ``_OUTPUT_URL_KEYS``; ``output`` may also be the URL itself), ``progress`` (0–100, clamped),
    ``error`` (``errorMessage``, ``error`` as text or ``{"message"}``; on a failure also ``message``
    / ``msg`` / ``detail``), ``duration_s`` and ``size`` (``output.duration`` in seconds,
    ``output.size`` in bytes; shape 3 and our engine), ``created_at`` / ``completed_at`` (as sent:
    shape 2) and ``job_id`` (``id`` or ``taskId``). Status words are case-folded and mapped
    (``succeeded`` → completed, ``canceled`` → cancelled, …). A missing status reads ``pending``.

    ``cancelled`` comes from ``POST /api/render/proxy/lambda/<id>/cancel`` (the embedded engine
    implements it; a cloud without it answers 404 and its render runs on): see
    :meth:`NemoClient.cancel_render`.
    """

    status: str
    progress: float | None = None
    url: str | None = None
    error: str | None = None
    format: str | None = None
    duration_s: float | None = None
    size: int | None = None
    job_id: str | None = None
    created_at: Any = None
    completed_at: Any = None
    #: ``False`` when the server says the same draft would fail again (the embedded engine's
    #: ``"retryable": false`` beside an ``error_code``: no audio to extract, nothing to export…);
    #: ``None`` when it does not say (the cloud), and such a failure is resubmitted once.
    retryable: bool | None = None
    #: the server's remark on a result (the engine's ``note``: e.g. the source was damaged, so it is shorter)
    note: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Any) -> RenderStatus:
        outer = _as_dict(data)
        inner = outer.get("data")
        data = inner if "status" not in outer and isinstance(inner, Mapping) else outer  # an envelope (shape 2)
        word = str(data.get("status") or "").strip().lower()
        if not word and outer.get("success") is False:
            word = "failed"
        status = render_state(word)
        given = data.get("output")
        output = _as_dict(given)
        progress = _percent(_pick(data, "progress", "percent"))  # 0-100 (ASSUMED)
        if progress is None:
            progress = _percent(output.get("progress"))
        url = _pick(output, *_OUTPUT_URL_KEYS) or _pick(data, *_OUTPUT_URL_KEYS)
        if url is None and isinstance(given, str) and given.startswith(("http://", "https://", "/")):
            url = given
        duration = _num(_pick(output, "duration")) or _num(_pick(data, "duration"))
        size = _num(_pick(output, "size", "fileSize", "file_size")) or _num(_pick(data, "size", "fileSize"))
        failed = status in RESULTLESS_RENDER_STATES
        error = _error_text(data, failed) or (_error_text(outer, failed) if outer is not data else None)
        ident = _pick(data, "id", "taskId", "task_id", "renderId") or _pick(outer, "id", "taskId", "task_id")
        return cls(
            status=status,
            progress=None if progress is None else max(0.0, min(100.0, progress)),
            url=url if isinstance(url, str) else None,
            error=error,
            format=_pick(output, "format"),
            duration_s=duration,
            size=int(size) if size is not None and size >= 0 else None,
            job_id=str(ident) if ident is not None else None,
            created_at=_pick(data, "createdAt", "created_at"),
            completed_at=_pick(data, "completedAt", "completed_at", "finishedAt"),
            retryable=data.get("retryable") if isinstance(data.get("retryable"), bool) else None,
            note=short_text(data.get("note")),
            raw=outer,
        )

    @property
    def done(self) -> bool:
        return self.status == "completed"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_RENDER_STATES


@dataclass(frozen=True)
class RenderResult:
    """A finished export: where to fetch it (``url``, else ``fallback_url``)."""

    job: RenderJob
    url: str | None
    fallback_url: str
    format: str
    #: the poll that said "completed" (its ``duration_s`` / ``size`` when the server gave them)
    status: RenderStatus | None = field(default=None, repr=False, compare=False)
    #: What the server says about the result (e.g. the source was damaged and the result is shorter).
    note: str | None = None

    @property
    def filename(self) -> str:
        return f"{self.job.id}.{self.format}"


@dataclass(frozen=True)
class Reply:
    """The outcome of :meth:`NemoClient.ask`.

    ``text`` is the agent's reply with GUI wording translated; ``silent`` is
    true when it said nothing (then ``changes`` come from the state diff);
    ``actions`` are what the reply suggests doing next ("export", "state",
    "credits", "chart", "chat"); ``errors`` hold in-stream agent errors and
    a dropped or timed-out stream; ``state`` is the state read after a
    silent edit or a recovery, when one was read.
    """

    text: str = ""
    tool_calls: tuple[ChatEvent, ...] = ()
    silent: bool = False
    changes: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    errors: tuple[NemoError, ...] = ()
    state: SessionState | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error(self) -> NemoError | None:
        return self.errors[0] if self.errors else None

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.changes:
            return "Changes: " + "; ".join(self.changes) + "."
        if self.errors:
            return str(self.errors[0])
        return "Done (no visible change on the timeline)." if self.silent else ""
