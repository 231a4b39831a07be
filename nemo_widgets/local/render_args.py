"""Pure builders of the ffmpeg command lines a render runs.

A draft is first turned into a :class:`RenderPlan` (which source, which part
of it, where on the timeline), then into one argument list. What may be copied
and what is re-encoded is decided by :mod:`nemo_widgets.local.render_policy`:

* silent MP4 of an untrimmed, browser-playable H.264 clip within the size cap:
  ``-map 0:v:0 -an -c:v copy -movflags +faststart``;
* the same clip in any other codec / size (HEVC, VP8, ProRes, 4K, an animated
  GIF...): one transcode, ``-c:v libx264 -crf 18 -preset veryfast -pix_fmt yuv420p``
  at the display size within the cap (timestamps kept: VFR stays VFR);
* audio-only export of an untrimmed clip: ``-vn`` + the chosen audio track,
  libmp3lame at the quality's bitrate (mp3, resampled where the rate needs it),
  pcm_s16le (wav), aac or a copy of an AAC source (m4a);
* anything cut, mixed, re-volumed, titled or made of several clips or stills:
  accurate input seeking (``-ss``/``-t`` per input) and a re-encode.

The quality means what ``protocol.constants.QUALITIES`` says (one vocabulary
for the router, the Studio, the client and this engine). Never scaled up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.local import render_policy as policy
from nemo_widgets.local.drafts import seg_len, seg_start
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, DEFAULT_AUDIO_BITRATE, TrackType, quality_of

__all__ = [
    "DEFAULT_BITRATE",
    "Clip",
    "RenderPlan",
    "Title",
    "audio_bitrate",
    "audio_codec_args",
    "extract_audio_args",
    "plan_render",
    "remove_audio_args",
    "render_args",
    "transcode_args",
    "with_faststart",
]

COMMON = ["-hide_banner", "-nostdin", "-y", "-v", "error", "-nostats", "-progress", "pipe:1"]
UNTRIMMED_SLACK_MS = 40
DEFAULT_SIZE = (1280, 720)
DEFAULT_BITRATE = DEFAULT_AUDIO_BITRATE
#: The index (moov) first, so the MP4 plays while it downloads: a second pass over the file (fine after an encode).
FASTSTART = ["-movflags", "+faststart"]
#: A stream copy reserves room for the index at the start instead (no second pass: a copy costs about a bare
#: copy): bytes per packet (measured ~10; 3x kept) and packets per second assumed beyond the source's fps.
INDEX_BYTES_PER_PACKET = 32
INDEX_BASE_BYTES = 65536
AUDIO_PACKETS_PER_S = 50


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

    @property
    def still(self) -> bool:
        return self.kind == "image" and not self.animated

    @property
    def untrimmed(self) -> bool:
        return (
            not self.still
            and self.start_ms == 0
            and self.in_ms <= 0
            and self.source_ms is not None
            and abs(self.dur_ms - self.source_ms) <= UNTRIMMED_SLACK_MS
        )


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


def _track_of(meta: dict[str, Any], media: dict[str, Any]) -> int:
    """The audio stream a segment takes: ``m.track`` (an index) or ``m.language``, else the source's default."""
    streams = media.get("audio_streams") or []
    asked = meta.get("track")
    if isinstance(asked, int) and 0 <= asked < max(1, len(streams)):
        return asked
    language = meta.get("language")
    if isinstance(language, str) and streams:
        from nemo_widgets.local.media import default_audio_track

        return default_audio_track(streams, language)
    return int(media.get("audio_track") or 0)


def _clip(seg: dict[str, Any], media: dict[str, Any], audio: bool) -> Clip:
    meta = seg.get("m", {})
    volume = meta.get("volume", 1.0) if audio else 1.0
    volume = 0.0 if audio and meta.get("muted") else volume  # a muted range (local/drafts.mute_range)
    track = _track_of(meta, media) if audio else 0
    streams = media.get("audio_streams") or []
    rate = streams[track].get("sample_rate") if audio and track < len(streams) else media.get("sample_rate")
    return Clip(
        path=media["abs_path"],
        kind="audio" if audio else media["kind"],
        start_ms=seg_start(seg),
        in_ms=int(meta.get("in", 0) or 0),
        dur_ms=seg_len(seg),
        source_ms=media.get("duration_ms"),
        volume=float(volume) if isinstance(volume, (int, float)) else 1.0,
        codec=(streams[track].get("codec") if track < len(streams) else media.get("audio_codec"))
        if audio
        else media.get("video_codec"),
        track=track,
        sample_rate=rate,
        loop=media.get("container") not in ("gif", "webp_anim"),
        animated=bool(media.get("animated")),
    )


def _even(value: int) -> int:
    return max(2, value - value % 2)


def audio_bitrate(quality: str | None) -> str:
    """The bitrate a quality asks for ("128k" ... "320k"); the default for anything else ("high", ...)."""
    return quality_of(quality).audio_bitrate


def _collect(plan: RenderPlan, draft: dict[str, Any], media: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
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
                plan.video.append(_clip(seg, source, audio=False))
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
    first_video = _collect(plan, draft, media)
    used = plan.video + plan.audio if fmt not in AUDIO_EXPORT_FORMATS else plan.audio
    plan.total_ms = max((c.start_ms + c.dur_ms for c in used), default=0)
    if first_video and first_video.get("width") and first_video.get("height"):
        shown = policy.display_size(first_video["width"], first_video["height"], first_video.get("rotation") or 0)
        plan.width, plan.height = policy.fit_size(*shown, wanted)
        plan.copy_video = policy.copy_video_ok(first_video, wanted)
        plan.video_codec = first_video.get("video_codec")
        if wanted.original and fmt not in AUDIO_EXPORT_FORMATS:
            plan.refusal = policy.refuse_original(first_video)
    if first_video and first_video.get("fps"):
        plan.fps = min(60.0, float(first_video["fps"]))
    return plan


def audio_codec_args(
    fmt: str, source_codec: str | None = None, copy_ok: bool = False, bitrate: str = DEFAULT_BITRATE
) -> list[str]:
    """Encoder arguments for an audio export format (``bitrate`` where lossy).

    An AAC source goes to M4A by copy when allowed and no other bitrate was asked.
    """
    if fmt == "mp3":
        return ["-c:a", "libmp3lame", "-b:a", bitrate]
    if fmt == "wav":
        return ["-c:a", "pcm_s16le"]
    if copy_ok and source_codec == "aac" and bitrate == DEFAULT_BITRATE:
        return ["-c:a", "copy"]
    return ["-c:a", "aac", "-b:a", bitrate]


def index_first_args(duration_ms: int, fps: float, audio: bool) -> list[str]:
    """``-moov_size``: room at the file's start for the index of a copy of ``duration_ms`` (generous)."""
    per_s = max(30.0, fps) * 1.5 + (AUDIO_PACKETS_PER_S if audio else 0)
    return ["-moov_size", str(INDEX_BASE_BYTES + int(duration_ms / 1000 * per_s * INDEX_BYTES_PER_PACKET))]


def with_faststart(args: list[str]) -> list[str] | None:
    """``args`` with the reserved index replaced by ``+faststart`` (when the room was too small); None: none."""
    if "-moov_size" not in args:
        return None
    at = args.index("-moov_size")
    return [*args[:at], *FASTSTART, *args[at + 2 :]]


def remove_audio_args(
    ffmpeg: str, src: str, out: str, codec: str | None = None, index: list[str] | None = None
) -> list[str]:
    """Silent copy of a video: no re-encode (only for a stream that plays as it is, or "original")."""
    copy = policy.video_codec_args(True, codec)
    return [ffmpeg, *COMMON, "-i", src, "-map", "0:v:0", "-an", *copy, *(index or FASTSTART), out]


def extract_audio_args(
    ffmpeg: str,
    src: str,
    out: str,
    fmt: str,
    source_codec: str | None = None,
    bitrate: str = DEFAULT_BITRATE,
    track: int = 0,
    sample_rate: int | None = None,
) -> list[str]:
    """One audio stream of ``src`` (``track``: its index among the audio streams) alone, as ``fmt``."""
    codec = audio_codec_args(fmt, source_codec, copy_ok=True, bitrate=bitrate)
    rate = policy.mp3_sample_rate(sample_rate) if fmt == "mp3" else None
    resample = ["-ar", str(rate)] if rate else []
    return [ffmpeg, *COMMON, "-i", src, "-map", f"0:a:{track}", "-vn", *codec, *resample, out]


def transcode_args(
    ffmpeg: str,
    src: str,
    out: str,
    size: tuple[int, int],
    *,
    audio: list[str] | None = None,
    track: int = 0,
    copy_video: bool = False,
    codec: str | None = None,
) -> list[str]:
    """One whole clip to a browser-playable MP4: H.264 at ``size`` (display orientation: ffmpeg applies the
    rotation), or the video copied; ``audio``: the audio codec arguments (``None``: no audio). The source's
    timestamps are kept (a VFR phone clip stays in sync)."""
    maps = ["-map", "0:v:0", *(["-map", f"0:a:{track}"] if audio is not None else [])]
    video = policy.video_codec_args(copy_video, codec)
    if not copy_video:
        video = ["-vf", f"scale={size[0]}:{size[1]}:out_range=tv,setsar=1", *video, "-fps_mode", "passthrough"]
    sound = audio if audio is not None else ["-an"]
    return [ffmpeg, *COMMON, "-i", src, *maps, *video, *sound, *FASTSTART, out]


def _copy_both_args(
    ffmpeg: str, src: str, out: str, track: int = 0, codec: str | None = None, index: list[str] | None = None
) -> list[str]:
    copy = policy.video_codec_args(True, codec)
    return [
        ffmpeg,
        *COMMON,
        "-i",
        src,
        "-map",
        "0:v:0",
        "-map",
        f"0:a:{track}",
        *copy,
        "-c:a",
        "copy",
        *(index or FASTSTART),
        out,
    ]


def _audio_fast_path(ffmpeg: str, plan: RenderPlan, out: str) -> list[str] | None:
    if len(plan.audio) == 1 and plan.audio[0].untrimmed and plan.audio[0].volume == 1.0:
        clip = plan.audio[0]
        return extract_audio_args(
            ffmpeg, clip.path, out, plan.fmt, clip.codec, plan.bitrate, clip.track, clip.sample_rate
        )
    return None


def _fast_path(ffmpeg: str, plan: RenderPlan, out: str) -> list[str] | None:
    """One whole clip (no cut, mix or title): a copy where the policy allows, else one plain transcode."""
    if plan.fmt in AUDIO_EXPORT_FORMATS:
        return _audio_fast_path(ffmpeg, plan, out)
    if len(plan.video) != 1 or not plan.video[0].untrimmed or plan.titles:
        return None
    video, size = plan.video[0], (plan.width, plan.height)
    if not plan.audio:
        if plan.copy_video:
            index = index_first_args(plan.total_ms, plan.fps, audio=False)
            return remove_audio_args(ffmpeg, video.path, out, plan.video_codec, index)
        return transcode_args(ffmpeg, video.path, out, size)
    audio = plan.audio[0]
    same = len(plan.audio) == 1 and audio.path == video.path and audio.untrimmed and audio.volume == 1.0
    if not same:
        return None
    playable = audio.codec in policy.BROWSER_AUDIO_IN_MP4 and plan.bitrate == DEFAULT_BITRATE
    if plan.copy_video and playable:
        index = index_first_args(plan.total_ms, plan.fps, audio=True)
        return _copy_both_args(ffmpeg, video.path, out, audio.track, plan.video_codec, index)
    sound = ["-c:a", "copy"] if playable else audio_codec_args("m4a", bitrate=plan.bitrate)
    return transcode_args(
        ffmpeg,
        video.path,
        out,
        size,
        audio=sound,
        track=audio.track,
        copy_video=plan.copy_video,
        codec=plan.video_codec,
    )


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _input_args(clip: Clip, fps: float) -> list[str]:
    if clip.still and clip.loop:
        return ["-loop", "1", "-framerate", f"{fps:g}", "-t", _seconds(clip.dur_ms), "-i", clip.path]
    if clip.still:  # a one-frame GIF: read once, held by tpad in the graph
        return ["-i", clip.path]
    return ["-ss", _seconds(max(0, clip.in_ms)), "-t", _seconds(clip.dur_ms), "-i", clip.path]


def _filter_value(text: str) -> str:
    """Escape a filter option value (first level of ffmpeg's filtergraph escaping)."""
    return re.sub(r"([\\':\[\],;])", r"\\\1", text)


def _video_filters(plan: RenderPlan, first_input: int, titles: bool) -> tuple[list[str], str]:
    w, h, fps = plan.width, plan.height, plan.fps
    chains, labels, cursor = [], [], 0
    for i, clip in enumerate(plan.video):
        gap = max(0, clip.start_ms - cursor)
        pad = f",tpad=start_duration={_seconds(gap)}" if gap else ""
        hold = (
            ""
            if clip.loop or not clip.still
            else (f",tpad=stop_mode=clone:stop_duration={_seconds(clip.dur_ms)},trim=duration={_seconds(clip.dur_ms)}")
        )
        chains.append(
            f"[{first_input + i}:v:0]scale={w}:{h}:force_original_aspect_ratio=decrease:out_range=tv,"
            f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={fps:g},format=yuv420p,setpts=PTS-STARTPTS{hold}{pad}"
            f"[v{i}]"
        )
        labels.append(f"[v{i}]")
        cursor = max(cursor, clip.start_ms) + clip.dur_ms
    chains.append("".join(labels) + f"concat=n={len(labels)}:v=1:a=0[vc]")
    last = "vc"
    for j, title in enumerate(plan.titles if titles else []):
        end = title.start_ms + title.dur_ms
        chains.append(
            f"[{last}]drawtext=textfile={_filter_value(title.textfile)}:fontsize=h/12:fontcolor=white:"
            f"box=1:boxcolor=black@0.5:boxborderw=12:x=(w-text_w)/2:y=(h-text_h)/2:"
            f"enable='between(t,{_seconds(title.start_ms)},{_seconds(end)})'[vt{j}]"
        )
        last = f"vt{j}"
    return chains, last


def _audio_filters(plan: RenderPlan, first_input: int) -> list[str]:
    chains = []
    for j, clip in enumerate(plan.audio):
        chains.append(
            f"[{first_input + j}:a:{clip.track}]aresample=48000,volume={clip.volume:g},"
            f"adelay={clip.start_ms}:all=1[a{j}]"
        )
    inputs = "".join(f"[a{j}]" for j in range(len(plan.audio)))
    if len(plan.audio) == 1:
        chains.append("[a0]anull[am]")
    else:
        chains.append(f"{inputs}amix=inputs={len(plan.audio)}:normalize=0:duration=longest[am]")
    return chains


def render_args(ffmpeg: str, plan: RenderPlan, out: str, titles: bool = True) -> list[str]:
    """The whole ffmpeg command for ``plan``; ``titles=False`` leaves titles out."""
    fast = None if (titles and plan.titles and plan.fmt not in AUDIO_EXPORT_FORMATS) else _fast_path(ffmpeg, plan, out)
    if fast is not None:
        return fast
    audio_only = plan.fmt in AUDIO_EXPORT_FORMATS
    video = [] if audio_only else plan.video
    args, filters = [ffmpeg, *COMMON], []
    for clip in video + plan.audio:
        args += _input_args(clip, plan.fps)
    maps: list[str] = []
    if video:
        chains, last = _video_filters(plan, 0, titles and bool(plan.titles))
        filters += chains
        maps += ["-map", f"[{last}]", *policy.VIDEO_ENCODER]
    if plan.audio:
        filters += _audio_filters(plan, len(video))
        maps += ["-map", "[am]", *audio_codec_args(plan.fmt if audio_only else "m4a", bitrate=plan.bitrate)]
    if not video:
        maps += ["-vn"]
    elif not plan.audio:
        maps += ["-an"]
    tail = FASTSTART if not audio_only else []
    return [*args, "-filter_complex", ";".join(filters), *maps, *tail, "-t", _seconds(plan.total_ms), out]
