"""The wire models: what the API's answers mean, parsed tolerantly.

Every ``from_*`` constructor accepts missing keys and other spellings (the
fields protocol.md marks ASSUMED) and never raises on a dict of the wrong
shape; ``raw`` keeps what was received. The draft lives in
:mod:`nemo_widgets.protocol.draft` and is re-exported here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Any) -> SessionInfo:
        data = _as_dict(data)
        session_id = _pick(data, "session_id", "sessionId", "sid")
        task_id = _pick(data, "task_id", "taskId")
        return cls(
            session_id=str(session_id) if session_id is not None else "",
            task_id=str(task_id) if task_id is not None else None,
            raw=data,
        )


@dataclass(frozen=True)
class MediaInfo:
    """One uploaded file (from the upload answer or the state's ``video_infos``)."""

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
            url=_pick(data, "url", "source_url", "file_url"),
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
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Any) -> SessionState:
        data = _as_dict(data)
        state = _as_dict(data.get("state")) if "state" in data else data
        video_infos = state.get("video_infos")
        generated = state.get("generated_media")
        return cls(
            draft=Draft.from_dict(_as_dict(state.get("draft"))),
            video_infos=MediaInfo.list_from(video_infos if video_infos is not None else []),
            canvas_config=_as_dict(state.get("canvas_config")),
            generated_media=tuple(generated) if isinstance(generated, list) else (),
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


@dataclass(frozen=True)
class RenderStatus:
    """One poll of a render: ``status`` is pending, processing, completed or failed."""

    status: str
    progress: float | None = None
    url: str | None = None
    error: str | None = None
    format: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    _ALIASES = {
        "complete": "completed", "done": "completed", "success": "completed", "succeeded": "completed",
        "finished": "completed", "error": "failed", "failure": "failed", "queued": "pending",
        "waiting": "pending", "running": "processing", "rendering": "processing", "in_progress": "processing",
    }  # fmt: skip

    @classmethod
    def from_data(cls, data: Any) -> RenderStatus:
        data = _as_dict(data)
        if "status" not in data and isinstance(data.get("data"), Mapping):  # an envelope after all
            data = data["data"]
        status = str(data.get("status") or "pending").strip().lower()
        output = _as_dict(data.get("output"))
        progress = _num(_pick(data, "progress", "percent"))  # 0-100 (ASSUMED)
        if progress is None:
            progress = _num(output.get("progress"))
        error = _pick(data, "error", "message", "msg", "reason")
        return cls(
            status=cls._ALIASES.get(status, status),
            progress=None if progress is None else max(0.0, min(100.0, progress)),
            url=_pick(output, "url", "download_url") or _pick(data, "url", "download_url"),
            error=error if isinstance(error, str) else None,
            format=_pick(output, "format"),
            raw=data,
        )

    @property
    def done(self) -> bool:
        return self.status == "completed"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def finished(self) -> bool:
        return self.status in ("completed", "failed")


@dataclass(frozen=True)
class RenderResult:
    """A finished export: where to fetch it (``url``, else ``fallback_url``)."""

    job: RenderJob
    url: str | None
    fallback_url: str
    format: str
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
