"""What a render is made of: a draft turned into a :class:`RenderPlan` (pure: tested without ffmpeg).

Which source, which part of it, where on the timeline, at which size and
bitrate; what may be copied is decided by :mod:`nemo_widgets.local.media.policy`,
the command line by :mod:`nemo_widgets.local.media.ffmpeg_args`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.local.drafts import seg_len, seg_start
from nemo_widgets.local.media import policy
from nemo_widgets.local.media.probe import default_audio_track
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, DEFAULT_AUDIO_BITRATE, Quality, TrackType, quality_of

__all__ = ["DEFAULT_BITRATE", "DEFAULT_SIZE", "Clip", "RenderPlan", "Title", "audio_bitrate", "plan_render"]

UNTRIMMED_SLACK_MS = 40
DEFAULT_SIZE = (1280, 720)
DEFAULT_BITRATE = DEFAULT_AUDIO_BITRATE


@dataclass
class Clip:
    """One segment of a source file placed on the timeline."""

    path: str
    kind: str  # "video", "image" or "audio"
    start_ms: int
    in_ms: int
    dur_ms: int
    source_ms: int | None = None
    volume: float = 1.0
    codec: str | None = None
    #: The audio stream taken (an index among the source's audio streams).
    track: int = 0
    sample_rate: int | None = None
    #: An image: ``-loop 1`` works (not GIF / animated WebP); ``animated``: it has its own length.
    loop: bool = True
    animated: bool = False
    #: A picture: the width of a pixel as shown (anamorphic DV / DVD), and whether it is made of fields.
    aspect: float = 1.0
    interlaced: bool = False
    #: Sound: how long after the file's start its audio stream begins (kept as silence in an audio export).
    delay_ms: int = 0
    #: A picture: the video stream taken (an index among the source's video streams: a cover may come first).
    stream: int = 0
    #: The source file is cut short (it ends before its own structure says): the result says what was lost.
    damaged: bool = False
    #: A picture: what must match another clip's for the two to be joined by copy (None: never copied).
    join_key: tuple[Any, ...] | None = None

    @property
    def still(self) -> bool:
        return self.kind == "image" and not self.animated

    @property
    def whole(self) -> bool:
        """The whole source, wherever it sits on the timeline."""
        return (
            not self.still
            and self.in_ms <= 0
            and self.source_ms is not None
            and abs(self.dur_ms - self.source_ms) <= UNTRIMMED_SLACK_MS
        )

    @property
    def untrimmed(self) -> bool:
        """The whole source, at the timeline's start."""
        return self.start_ms == 0 and self.whole


@dataclass
class Title:
    text: str
    start_ms: int
    dur_ms: int
    textfile: str = ""


@dataclass
class RenderPlan:
    fmt: str
    total_ms: int
    video: list[Clip] = field(default_factory=list)
    audio: list[Clip] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    width: int = DEFAULT_SIZE[0]
    height: int = DEFAULT_SIZE[1]
    fps: float = 25.0
    #: Bitrate of the compressed audio (mp3, m4a, the MP4's AAC).
    bitrate: str = DEFAULT_BITRATE
    #: The first video source's stream may be copied (browser-playable within the cap, or "original").
    copy_video: bool = False
    video_codec: str | None = None
    #: Why the render cannot be done as asked (a sentence for the user), found before running ffmpeg.
    refusal: str | None = None
    #: Input options a copy of the first video source needs (its presentation times rebuilt).
    copy_flags: list[str] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        """Whether a source the result is made of is cut short (the result's note says so)."""
        used = self.audio if self.fmt in AUDIO_EXPORT_FORMATS else self.video + self.audio
        return any(clip.damaged for clip in used)

    #: Several whole clips back to back, of identical stream parameters: joined by copy, not re-encoded.
    joinable: bool = False


def _track_of(meta: dict[str, Any], media: dict[str, Any]) -> int:
    """The audio stream a segment takes: ``m.track`` (an index) or ``m.language``, else the source's default."""
    streams = media.get("audio_streams") or []
    asked = meta.get("track")
    if isinstance(asked, int) and 0 <= asked < max(1, len(streams)):
        return asked
    language = meta.get("language")
    if isinstance(language, str) and streams:
        return default_audio_track(streams, language)
    return int(media.get("audio_track") or 0)


def _clip(seg: dict[str, Any], media: dict[str, Any], audio: bool, quality: Quality | None = None) -> Clip:
    meta = seg.get("m", {})
    volume = meta.get("volume", 1.0) if audio else 1.0
    volume = 0.0 if audio and meta.get("muted") else volume  # a muted range (local/drafts.mute_range)
    track = _track_of(meta, media) if audio else 0
    streams = media.get("audio_streams") or []
    stream: dict[str, Any] = streams[track] if audio and track < len(streams) else {}
    return Clip(
        path=media["abs_path"],
        kind="audio" if audio else media["kind"],
        start_ms=seg_start(seg),
        in_ms=int(meta.get("in", 0) or 0),
        dur_ms=seg_len(seg),
        source_ms=media.get("duration_ms"),
        volume=float(volume) if isinstance(volume, (int, float)) else 1.0,
        codec=stream.get("codec", media.get("audio_codec")) if audio else media.get("video_codec"),
        track=track,
        sample_rate=stream.get("sample_rate", media.get("sample_rate")),
        loop=media.get("container") not in ("gif", "webp_anim"),
        animated=bool(media.get("animated")),
        aspect=1.0 if audio else float(media.get("pixel_aspect") or 1.0),
        interlaced=not audio and bool(media.get("interlaced")),
        delay_ms=int(stream.get("delay_ms") or 0),
        stream=0 if audio else int(media.get("video_track") or 0),
        damaged=bool(media.get("cut_short")),
        join_key=None if audio or quality is None else policy.join_key(media, _track_of(meta, media), quality),
    )


def audio_bitrate(quality: str | None) -> str:
    """The bitrate a quality asks for ("128k" ... "320k"); the default for anything else ("high", ...)."""
    return quality_of(quality).audio_bitrate


def _collect(plan: RenderPlan, draft: dict[str, Any], media: dict[str, dict[str, Any]],
             quality: Quality) -> dict[str, Any] | None:  # fmt: skip
    """Fill the plan's clips and titles from the draft; returns the first video source's record."""
    first_video: dict[str, Any] | None = None
    for track in draft.get("t", []):
        kind, muted = track.get("tt"), track.get("m", {}).get("muted", False)
        for seg in track.get("sg", []):
            source = media.get(str(seg.get("m", {}).get("src")))
            if seg_len(seg) <= 0:
                continue
            if kind == TrackType.TEXT and seg.get("m", {}).get("text"):
                plan.titles.append(Title(str(seg["m"]["text"]), seg_start(seg), seg_len(seg)))
            elif kind == TrackType.VIDEO and source and (source.get("has_video") or source["kind"] == "image"):
                plan.video.append(_clip(seg, source, audio=False, quality=quality))
                first_video = first_video or source
            elif kind == TrackType.AUDIO and source and source.get("has_audio") and not muted:
                plan.audio.append(_clip(seg, source, audio=True))
    plan.video.sort(key=lambda c: c.start_ms)
    plan.audio.sort(key=lambda c: c.start_ms)
    return first_video


def plan_render(
    draft: dict[str, Any], media: dict[str, dict[str, Any]], fmt: str, quality: str | None = None
) -> RenderPlan:
    """What to render: the draft's usable segments (``media`` maps ids to records with ``abs_path``)."""
    wanted = quality_of(quality)
    plan = RenderPlan(fmt=fmt, total_ms=0, bitrate=wanted.audio_bitrate)
    first_video = _collect(plan, draft, media, wanted)
    used = plan.video + plan.audio if fmt not in AUDIO_EXPORT_FORMATS else plan.audio
    plan.total_ms = max((c.start_ms + c.dur_ms for c in used), default=0)
    if first_video and first_video.get("width") and first_video.get("height"):
        rotation, aspect = first_video.get("rotation") or 0, float(first_video.get("pixel_aspect") or 1.0)
        shown = policy.display_size(first_video["width"], first_video["height"], rotation, aspect)
        plan.width, plan.height = policy.fit_size(*shown, wanted)
        plan.copy_video = policy.copy_video_ok(first_video, wanted)
        plan.copy_flags = policy.input_flags(first_video)
        plan.video_codec = first_video.get("video_codec")
        if wanted.original and fmt not in AUDIO_EXPORT_FORMATS:
            plan.refusal = policy.refuse_original(first_video)
    if first_video and first_video.get("fps"):
        plan.fps = min(60.0, float(first_video["fps"]))
    plan.joinable = _joinable(plan)
    return plan


def _joinable(plan: RenderPlan) -> bool:
    """Several whole clips back to back, each copyable with the same stream parameters, each with its own
    whole sound (or none at all), nothing else on the timeline: the concat demuxer joins them by copy."""
    video = plan.video
    if plan.fmt in AUDIO_EXPORT_FORMATS or len(video) < 2 or plan.titles or plan.bitrate != DEFAULT_BITRATE:
        return False
    keys = {clip.join_key for clip in video}
    if None in keys or len(keys) != 1 or not all(clip.whole for clip in video):
        return False
    at = 0
    for clip in video:
        if abs(clip.start_ms - at) > UNTRIMMED_SLACK_MS:
            return False
        at = clip.start_ms + clip.dur_ms
    if not plan.audio:
        return True
    pairs = zip(video, plan.audio, strict=False)
    return len(plan.audio) == len(video) and all(
        a.path == v.path and abs(a.start_ms - v.start_ms) <= UNTRIMMED_SLACK_MS and a.whole
        and a.volume == 1.0 and a.codec in policy.BROWSER_AUDIO_IN_MP4 and a.delay_ms == 0 for v, a in pairs
    )  # fmt: skip
