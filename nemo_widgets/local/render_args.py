"""Pure builders of the ffmpeg command lines a render runs.

A draft is first turned into a :class:`RenderPlan` (which source, which part
of it, where on the timeline), then into one argument list. Stream copy
whenever the edit allows it, so the common jobs cost about a bare ffmpeg:

* silent MP4 of an untrimmed clip: ``-map 0:v:0 -an -c:v copy``;
* audio-only export of an untrimmed clip: ``-vn`` + libmp3lame 192k (mp3),
  pcm_s16le (wav), aac 192k or a copy of an AAC source (m4a);
* anything cut, mixed, re-volumed, titled or scaled down: accurate input
  seeking (``-ss``/``-t`` per input) and a re-encode (libx264 veryfast + aac).

The export's quality is honoured: a bitrate ("128k" to "320k", else 192k)
for MP3 / M4A / the MP4's audio; a height cap for video ("1080p", "720p" or
"medium", "480p" or "low"; "high" keeps the source's size). Never scaled up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.local.drafts import seg_len, seg_start
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, TrackType

__all__ = [
    "DEFAULT_BITRATE",
    "Clip",
    "RenderPlan",
    "Title",
    "audio_bitrate",
    "audio_codec_args",
    "extract_audio_args",
    "height_cap",
    "plan_render",
    "remove_audio_args",
    "render_args",
]

COMMON = ["-hide_banner", "-nostdin", "-y", "-v", "error", "-nostats", "-progress", "pipe:1"]
UNTRIMMED_SLACK_MS = 40
DEFAULT_SIZE = (1280, 720)
DEFAULT_BITRATE = "192k"
#: Video qualities that cap the height (the source is never scaled up).
HEIGHT_CAPS = {"1080p": 1080, "720p": 720, "medium": 720, "480p": 480, "low": 480}


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

    @property
    def untrimmed(self) -> bool:
        return (
            self.kind != "image"
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
    #: The quality asked for a smaller picture than the source's: no stream copy.
    scaled: bool = False


def _clip(seg: dict[str, Any], media: dict[str, Any], audio: bool) -> Clip:
    meta = seg.get("m", {})
    volume = meta.get("volume", 1.0) if audio else 1.0
    volume = 0.0 if audio and meta.get("muted") else volume  # a muted range (local/drafts.mute_range)
    return Clip(
        path=media["abs_path"],
        kind="audio" if audio else media["kind"],
        start_ms=seg_start(seg),
        in_ms=int(meta.get("in", 0) or 0),
        dur_ms=seg_len(seg),
        source_ms=media.get("duration_ms"),
        volume=float(volume) if isinstance(volume, (int, float)) else 1.0,
        codec=media.get("audio_codec") if audio else media.get("video_codec"),
    )


def _even(value: int) -> int:
    return max(2, value - value % 2)


def audio_bitrate(quality: str | None) -> str:
    """The bitrate a quality asks for ("128k" ... "320k"); the default for anything else ("high", ...)."""
    found = re.fullmatch(r"(\d{2,3})k(?:bps)?", (quality or "").strip().lower())
    kbit = int(found[1]) if found else 0
    return f"{kbit}k" if 32 <= kbit <= 320 else DEFAULT_BITRATE


def height_cap(quality: str | None) -> int | None:
    """The largest picture height a quality allows; ``None``: the source's size."""
    return HEIGHT_CAPS.get((quality or "").strip().lower())


def plan_render(
    draft: dict[str, Any], media: dict[str, dict[str, Any]], fmt: str, quality: str | None = None
) -> RenderPlan:
    """What to render: the draft's usable segments (``media`` maps ids to records with ``abs_path``)."""
    plan = RenderPlan(fmt=fmt, total_ms=0, bitrate=audio_bitrate(quality))
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
    used = plan.video + plan.audio if fmt not in AUDIO_EXPORT_FORMATS else plan.audio
    plan.total_ms = max((c.start_ms + c.dur_ms for c in used), default=0)
    if first_video and first_video.get("width") and first_video.get("height"):
        plan.width, plan.height = _even(first_video["width"]), _even(first_video["height"])
    if first_video and first_video.get("fps"):
        plan.fps = min(60.0, float(first_video["fps"]))
    cap = height_cap(quality)
    if cap and plan.video and plan.height > cap:
        plan.width, plan.height, plan.scaled = _even(round(plan.width * cap / plan.height)), _even(cap), True
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


def remove_audio_args(ffmpeg: str, src: str, out: str) -> list[str]:
    """Silent copy of a video: no re-encode."""
    return [ffmpeg, *COMMON, "-i", src, "-map", "0:v:0", "-an", "-c:v", "copy", out]


def extract_audio_args(
    ffmpeg: str, src: str, out: str, fmt: str, source_codec: str | None = None, bitrate: str = DEFAULT_BITRATE
) -> list[str]:
    """The first audio stream of ``src`` alone, as ``fmt`` (mp3, wav or m4a)."""
    codec = audio_codec_args(fmt, source_codec, copy_ok=True, bitrate=bitrate)
    return [ffmpeg, *COMMON, "-i", src, "-map", "0:a:0", "-vn", *codec, out]


def _copy_both_args(ffmpeg: str, src: str, out: str) -> list[str]:
    return [ffmpeg, *COMMON, "-i", src, "-map", "0:v:0", "-map", "0:a:0", "-c", "copy", out]


def _fast_path(ffmpeg: str, plan: RenderPlan, out: str) -> list[str] | None:
    if plan.fmt in AUDIO_EXPORT_FORMATS:
        if len(plan.audio) == 1 and plan.audio[0].untrimmed and plan.audio[0].volume == 1.0:
            return extract_audio_args(ffmpeg, plan.audio[0].path, out, plan.fmt, plan.audio[0].codec, plan.bitrate)
        return None
    if len(plan.video) != 1 or not plan.video[0].untrimmed or plan.titles or plan.scaled:
        return None
    video = plan.video[0]
    if not plan.audio:
        return remove_audio_args(ffmpeg, video.path, out)
    audio = plan.audio[0]
    same = len(plan.audio) == 1 and audio.path == video.path and audio.untrimmed and audio.volume == 1.0
    if same and plan.bitrate == DEFAULT_BITRATE:
        return _copy_both_args(ffmpeg, video.path, out)
    return None


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _input_args(clip: Clip, fps: float) -> list[str]:
    if clip.kind == "image":
        return ["-loop", "1", "-framerate", f"{fps:g}", "-t", _seconds(clip.dur_ms), "-i", clip.path]
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
        chains.append(
            f"[{first_input + i}:v:0]scale={w}:{h}:force_original_aspect_ratio=decrease,"
            f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={fps:g},format=yuv420p,setpts=PTS-STARTPTS{pad}[v{i}]"
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
            f"[{first_input + j}:a:0]aresample=48000,volume={clip.volume:g},"
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
        maps += ["-map", f"[{last}]", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"]
    if plan.audio:
        filters += _audio_filters(plan, len(video))
        maps += ["-map", "[am]", *audio_codec_args(plan.fmt if audio_only else "m4a", bitrate=plan.bitrate)]
    if not video:
        maps += ["-vn"]
    elif not plan.audio:
        maps += ["-an"]
    tail = ["-movflags", "+faststart"] if not audio_only else []
    return [*args, "-filter_complex", ";".join(filters), *maps, *tail, "-t", _seconds(plan.total_ms), out]
