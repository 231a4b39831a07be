"""Pure builders of the ffmpeg command lines a render runs.

A draft is first turned into a :class:`RenderPlan` (:mod:`nemo_widgets.local.media.plan`:
which source, which part of it, where on the timeline), then into one argument
list here. What may be copied and what is re-encoded is decided by
:mod:`nemo_widgets.local.media.policy`:

* silent MP4 of an untrimmed, browser-playable H.264 clip within the size cap:
  ``-map 0:v:0 -an -c:v copy -movflags +faststart``;
* the same clip in any other codec / size (HEVC, VP8, ProRes, 4K, an animated
  GIF...): one transcode, ``-c:v libx264 -crf 18 -preset veryfast -pix_fmt yuv420p``
  at the display size within the cap (timestamps kept: VFR stays VFR);
* audio-only export of an untrimmed clip: ``-vn`` + the chosen audio track,
  libmp3lame at the quality's bitrate (mp3, resampled where the rate needs it),
  pcm_s16le (wav), aac or a copy of an AAC source (m4a);
* several whole clips back to back with identical stream parameters (the plan's ``joinable``): joined by
  copy with ffmpeg's concat demuxer (a list file the worker writes: :func:`concat_list`);
* anything cut, mixed, re-volumed, titled or made of several clips or stills:
  accurate input seeking (``-ss``/``-t`` per input) and a re-encode.

The quality means what ``protocol.constants.QUALITIES`` says (one vocabulary
for the router, the Studio, the client and this engine). Never scaled up.
"""

from __future__ import annotations

import re

from nemo_widgets.local.media import policy
from nemo_widgets.local.media.plan import DEFAULT_BITRATE, Clip, RenderPlan, Title, audio_bitrate, plan_render
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

__all__ = [
    "DEFAULT_BITRATE",
    "Clip",
    "RenderPlan",
    "Title",
    "audio_bitrate",
    "audio_codec_args",
    "concat_list",
    "extract_audio_args",
    "plan_render",
    "remove_audio_args",
    "render_args",
    "transcode_args",
    "with_faststart",
]

COMMON = ["-hide_banner", "-nostdin", "-y", "-v", "error", "-nostats", "-progress", "pipe:1"]
#: The index (moov) first, so the MP4 plays while it downloads: a second pass over the file (fine after an encode).
FASTSTART = ["-movflags", "+faststart"]
#: A stream copy reserves room for the index at the start instead (no second pass: a copy costs about a bare
#: copy): bytes per packet (measured ~10; 3x kept) and packets per second assumed beyond the source's fps.
INDEX_BYTES_PER_PACKET = 32
INDEX_BASE_BYTES = 65536
AUDIO_PACKETS_PER_S = 50


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
    ffmpeg: str,
    src: str,
    out: str,
    codec: str | None = None,
    index: list[str] | None = None,
    stream: int = 0,
    flags: list[str] | None = None,
) -> list[str]:
    """Silent copy of a video: no re-encode (only for a stream that plays as it is, or "original");
    ``stream``: the video stream taken, ``flags``: input options (presentation times rebuilt)."""
    copy = policy.video_codec_args(True, codec)
    source = [*(flags or []), "-i", src]
    return [ffmpeg, *COMMON, *source, "-map", f"0:v:{stream}", "-an", *copy, *(index or FASTSTART), out]


def extract_audio_args(
    ffmpeg: str,
    src: str,
    out: str,
    fmt: str,
    source_codec: str | None = None,
    bitrate: str = DEFAULT_BITRATE,
    track: int = 0,
    sample_rate: int | None = None,
    delay_ms: int = 0,
) -> list[str]:
    """One audio stream of ``src`` (``track``: its index among the audio streams) alone, as ``fmt``; sound
    starting ``delay_ms`` after the file's start keeps that silence before it (it stays in step with the video)."""
    late = delay_ms >= policy.AUDIO_DELAY_KEPT_MS
    codec = audio_codec_args(fmt, source_codec, copy_ok=not late, bitrate=bitrate)
    rate = policy.mp3_sample_rate(sample_rate) if fmt == "mp3" else None
    resample = ["-ar", str(rate)] if rate else []
    pad = ["-af", "aresample=async=1:first_pts=0"] if late else []
    return [ffmpeg, *COMMON, "-i", src, "-map", f"0:a:{track}", "-vn", *codec, *pad, *resample, out]


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
    interlaced: bool = False,
    stream: int = 0,
    flags: list[str] | None = None,
) -> list[str]:
    """One whole clip to a browser-playable MP4: H.264 at ``size`` (display orientation: ffmpeg applies the
    rotation; square pixels; ``interlaced`` fields woven into frames), or the video copied; ``audio``: the
    audio codec arguments (``None``: no audio); ``stream``: the video stream taken; ``flags``: input options.
    The source's timestamps are kept (a VFR clip stays in sync)."""
    maps = ["-map", f"0:v:{stream}", *(["-map", f"0:a:{track}"] if audio is not None else [])]
    video = policy.video_codec_args(copy_video, codec)
    if not copy_video:
        scale = [*policy.source_filters(interlaced), f"scale={size[0]}:{size[1]}:out_range=tv,setsar=1"]
        video = ["-vf", ",".join(scale), *video, "-fps_mode", "passthrough"]
    sound = audio if audio is not None else ["-an"]
    return [ffmpeg, *COMMON, *(flags or []), "-i", src, *maps, *video, *sound, *FASTSTART, out]


def _copy_both_args(ffmpeg: str, src: str, out: str, plan: RenderPlan, track: int, index: list[str]) -> list[str]:
    copy = policy.video_codec_args(True, plan.video_codec)
    source = [*plan.copy_flags, "-i", src]
    maps = ["-map", f"0:v:{plan.video[0].stream}", "-map", f"0:a:{track}"]
    return [ffmpeg, *COMMON, *source, *maps, *copy, "-c:a", "copy", *index, out]


def _audio_fast_path(ffmpeg: str, plan: RenderPlan, out: str) -> list[str] | None:
    if len(plan.audio) == 1 and plan.audio[0].untrimmed and plan.audio[0].volume == 1.0:
        clip = plan.audio[0]
        return extract_audio_args(
            ffmpeg, clip.path, out, plan.fmt, clip.codec, plan.bitrate, clip.track, clip.sample_rate, clip.delay_ms
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
            return remove_audio_args(ffmpeg, video.path, out, plan.video_codec, index, video.stream, plan.copy_flags)
        return transcode_args(ffmpeg, video.path, out, size, interlaced=video.interlaced, stream=video.stream)
    audio = plan.audio[0]
    same = len(plan.audio) == 1 and audio.path == video.path and audio.untrimmed and audio.volume == 1.0
    if not same:
        return None
    playable = audio.codec in policy.BROWSER_AUDIO_IN_MP4 and plan.bitrate == DEFAULT_BITRATE
    if plan.copy_video and playable:
        index = index_first_args(plan.total_ms, plan.fps, audio=True)
        return _copy_both_args(ffmpeg, video.path, out, plan, audio.track, index)
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
        interlaced=video.interlaced,
        stream=video.stream,
        flags=plan.copy_flags if plan.copy_video else None,
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
        first = "".join(f"{step}," for step in policy.source_filters(clip.interlaced, clip.aspect))
        chains.append(
            f"[{first_input + i}:v:{clip.stream}]{first}scale={w}:{h}:force_original_aspect_ratio=decrease:out_range=tv,"
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


def concat_list(plan: RenderPlan) -> str:
    """The concat demuxer's list of a joinable plan's sources (each path quoted as its syntax wants)."""
    return "".join("file '" + clip.path.replace("'", "'\\''") + "'\n" for clip in plan.video)


def join_args(ffmpeg: str, plan: RenderPlan, listing: str, out: str) -> list[str]:
    """Whole clips of identical stream parameters joined by copy (ffmpeg's concat demuxer), index first."""
    track = plan.audio[0].track if plan.audio else 0
    sound = ["-map", f"0:a:{track}", "-c:a", "copy"] if plan.audio else ["-an"]
    index = index_first_args(plan.total_ms, plan.fps, audio=bool(plan.audio))
    copy = policy.video_codec_args(True, plan.video_codec)
    return [ffmpeg, *COMMON, "-f", "concat", "-safe", "0", "-i", listing, "-map", "0:v:0", *sound, *copy, *index, out]


def render_args(
    ffmpeg: str, plan: RenderPlan, out: str, titles: bool = True, join_list: str | None = None
) -> list[str]:
    """The whole ffmpeg command for ``plan``; ``titles=False`` leaves titles out; ``join_list``: where the
    worker wrote :func:`concat_list` for a joinable plan."""
    if plan.joinable and join_list is not None:
        return join_args(ffmpeg, plan, join_list, out)
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
