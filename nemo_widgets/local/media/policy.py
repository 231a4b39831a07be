"""The output rules of a render, in one place (pure functions: tested without ffmpeg).

Every video result plays in a browser: the video stream is copied only when it
already is browser-playable H.264 (8-bit 4:2:0) within the quality's size cap
and its frames' order is known (an AVI stores none: B-frames there are re-encoded,
other AVI copies get their presentation times rebuilt);
anything else (HEVC, VP8/VP9, MPEG-4 part 2, MJPEG, ProRes, 10-bit, 4K, GIF...)
is re-encoded to H.264 yuv420p at a visually lossless setting, at its display
size (rotation and pixel aspect honoured: an anamorphic DV or DVD picture gets
square pixels at its shown width; interlaced fields are woven into frames)
within the cap. MP4s start playing before they are
fully downloaded (``+faststart``). The quality "original" keeps the video
stream untouched whatever plays (when an MP4 can hold it).

Audio: the default-flagged track (or the one asked for); MP3 at the quality's
bitrate, resampled when the source rate would force MPEG-2 layer III (16 kHz
gives at most 160 kbit/s); sound that starts after the picture keeps its place
(silence before it), so the MP3 lines up with the video.
"""

from __future__ import annotations

from typing import Any

from nemo_widgets.protocol.constants import Quality

__all__ = [
    "AUDIO_DELAY_KEPT_MS",
    "BROWSER_AUDIO_IN_MP4",
    "DEINTERLACE",
    "MP4_COPYABLE_VIDEO",
    "VIDEO_ENCODER",
    "copy_video_ok",
    "display_size",
    "fit_size",
    "input_flags",
    "join_key",
    "mp3_sample_rate",
    "playable_h264",
    "refuse_original",
    "reordered_without_times",
    "source_filters",
    "video_codec_args",
]

#: The re-encode: libx264 CRF 18 ("visually lossless"), preset veryfast (bench/bench_reencode.py measures it).
VIDEO_ENCODER: tuple[str, ...] = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p")
#: Pixel formats of H.264 every browser (and VS Code) decodes.
BROWSER_PIX_FMTS = ("yuv420p", "yuvj420p")
#: Audio codecs an MP4 can carry and browsers play.
BROWSER_AUDIO_IN_MP4 = ("aac", "mp3")
#: Video codecs an MP4 can hold unchanged (quality "original"); VP8, ProRes, raw video... cannot.
MP4_COPYABLE_VIDEO = ("h264", "hevc", "mpeg4", "av1", "vp9", "mpeg1video", "mpeg2video", "mjpeg")
#: MPEG-1 layer III rates: any other makes libmp3lame fall back to MPEG-2 (at most 160 kbit/s).
MP3_RATES = (32000, 44100, 48000)
#: Interlaced fields to frames, at the source's frame rate (bwdif; only frames flagged interlaced are touched).
DEINTERLACE = "bwdif=mode=send_frame:deint=interlaced"
#: Sound starting at least this long after the file's start gets that silence before it (an encoder's priming
#: delay, ~23 ms, is not a late start).
AUDIO_DELAY_KEPT_MS = 100
#: A pixel aspect this close to 1 is square (a rounding in the container).
SQUARE_SLACK = 0.01
#: Containers that store no presentation times (AVI: decode order only). A copy gets them rebuilt
#: (``-fflags +genpts``), which is right only for frames stored in display order.
NO_PTS_CONTAINERS = ("avi",)
#: Profiles without B-frames (frames stored in display order); any other may reorder.
IN_ORDER_PROFILES = ("Baseline", "Constrained Baseline", "Simple Profile")


def _even(value: float) -> int:
    whole = round(value)
    return max(2, whole - whole % 2)


def display_size(width: int, height: int, rotation: int = 0, aspect: float = 1.0) -> tuple[int, int]:
    """The picture as shown: the width times the pixel aspect (``aspect``: a DV pixel is 8/9 wide), then
    width and height swapped for a 90 / 270 degree display rotation."""
    if abs(aspect - 1.0) > SQUARE_SLACK:
        width = round(width * aspect)
    return (height, width) if rotation % 180 == 90 else (width, height)


def source_filters(interlaced: bool, aspect: float = 1.0) -> list[str]:
    """The filters a re-encode puts first: fields woven into frames; non-square pixels made square."""
    out = [DEINTERLACE] if interlaced else []
    if abs(aspect - 1.0) > SQUARE_SLACK:
        out.append("scale=trunc(iw*sar/2)*2:ih,setsar=1")
    return out


def fit_size(width: int, height: int, quality: Quality) -> tuple[int, int]:
    """``width`` x ``height`` scaled down (never up, aspect kept, even sides) to fit the quality's caps."""
    short, long = min(width, height), max(width, height)
    scale = 1.0
    if quality.short_side and short > quality.short_side:
        scale = quality.short_side / short
    if quality.long_side and long * scale > quality.long_side:
        scale = quality.long_side / long
    if scale >= 1.0:
        return _even(width), _even(height)
    return _even(width * scale), _even(height * scale)


def playable_h264(record: dict[str, Any]) -> bool:
    """Whether a source's video stream plays in every browser as it is (H.264, 8-bit 4:2:0)."""
    return record.get("video_codec") == "h264" and record.get("pix_fmt") in BROWSER_PIX_FMTS


def reordered_without_times(record: dict[str, Any]) -> bool:
    """Whether the source's frames may be stored out of display order (B-frames) in a container without
    presentation times: a copy into an MP4 would play them in the stored order; a re-encode puts them right."""
    return record.get("container") in NO_PTS_CONTAINERS and record.get("video_profile") not in IN_ORDER_PROFILES


def input_flags(record: dict[str, Any]) -> list[str]:
    """Input options a copy of this source needs: presentation times rebuilt where the container has none."""
    return ["-fflags", "+genpts"] if record.get("container") in NO_PTS_CONTAINERS else []


def copy_video_ok(record: dict[str, Any], quality: Quality) -> bool:
    """Whether a render may copy this source's video stream (else it re-encodes to H.264)."""
    if record.get("kind") == "image" or reordered_without_times(record):
        return False
    if quality.original:
        return record.get("video_codec") in MP4_COPYABLE_VIDEO
    width, height = record.get("width"), record.get("height")
    if not (playable_h264(record) and width and height):
        return False
    shown = display_size(int(width), int(height), int(record.get("rotation") or 0))
    return fit_size(*shown, quality) == shown and shown[0] % 2 == 0 and shown[1] % 2 == 0


def join_key(record: dict[str, Any], track: int, quality: Quality) -> tuple[Any, ...] | None:
    """What must be identical for whole clips of several sources to be joined by copy (ffmpeg's concat
    demuxer: one stream layout, one codec setup), or None when this source's video may not be copied."""
    if not copy_video_ok(record, quality) or record.get("interlaced"):
        return None
    # the concat demuxer takes every stream as it is stored: not a source whose film is not its first video
    # stream (a cover first), whose times must be rebuilt, or that is cut short (its render says what was lost)
    if record.get("video_track") or input_flags(record) or record.get("cut_short"):
        return None
    streams = record.get("audio_streams") or []
    sound = streams[track] if track < len(streams) else {}
    fields = ("video_codec", "width", "height", "pix_fmt", "fps", "rotation", "pixel_aspect")
    return (*(record.get(name) for name in fields), len(streams), track,
            sound.get("codec"), sound.get("sample_rate"), sound.get("channels"))  # fmt: skip


def refuse_original(record: dict[str, Any]) -> str | None:
    """Why quality "original" cannot keep this source's stream in an MP4 (None: it can)."""
    codec = record.get("video_codec")
    if record.get("kind") != "image" and codec in MP4_COPYABLE_VIDEO and reordered_without_times(record):
        return (
            f"The original {str(codec).upper()} video of '{record.get('name', 'the clip')}' cannot be copied into "
            "an MP4: its AVI file does not say in which order its frames are shown, so they would play out of "
            'order. Export with quality "high" to get H.264 that plays in order.'
        )
    if record.get("kind") == "image" or codec in MP4_COPYABLE_VIDEO:
        return None
    return (
        f"The original {str(codec).upper()} video of '{record.get('name', 'the clip')}' cannot go into an MP4 "
        'unchanged. Export with quality "high" to get H.264 that plays everywhere.'
    )


def video_codec_args(copy: bool, codec: str | None = None) -> list[str]:
    """The video stream's codec arguments: a copy (HEVC tagged hvc1, as Safari wants) or the H.264 encode."""
    if not copy:
        return list(VIDEO_ENCODER)
    return ["-c:v", "copy", *(["-tag:v", "hvc1"] if codec == "hevc" else [])]


def mp3_sample_rate(rate: int | None) -> int | None:
    """The rate to resample an MP3 to (``-ar``), or None to keep the source's."""
    if not rate or rate in MP3_RATES:
        return None
    return 44100 if 44100 % rate == 0 or rate % 11025 == 0 else 48000
