"""What an upload holds, read from its container's header without starting ffmpeg, when that is certain.

Starting ffmpeg to read a header costs a process (~15 ms of CPU, 50-100 ms of
wall time on a loaded machine) for every upload. The common files are read
here instead: MP4/MOV/M4A with one H.264 (``avc1``) video track and AAC-LC
audio tracks, and PCM WAV. The reader returns the same :class:`MediaInfo`
ffmpeg's probe gives (tests compare the two over generated files), or
``None`` whenever anything is outside what it reads with certainty (another
codec, a second video track, a timecode or subtitle track, a rotation, an
edit list that delays a track, an interlaced or oddly coded H.264, a WAV
that is not plain PCM...), and then :func:`probe_upload` asks ffmpeg.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from nemo_widgets.local.media.h264 import SpsInfo, read_sps
from nemo_widgets.local.media.probe import MediaInfo, default_audio_track, probe_fully
from nemo_widgets.local.media.sniff import cut_short

__all__ = ["probe_upload", "read_header"]

#: ffmpeg's name for the MP4 family's demuxer (``Input #0, mov,mp4,m4a,...``), as the probe keeps it.
MP4_CONTAINER = "mov"
#: AAC sampling-frequency indexes (ISO 14496-3).
_AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)
#: WAV PCM: (format tag, bits) -> ffmpeg's codec name.
_PCM = {(1, 8): "pcm_u8", (1, 16): "pcm_s16le", (1, 24): "pcm_s24le", (1, 32): "pcm_s32le", (3, 32): "pcm_f32le",
        (3, 64): "pcm_f64le"}  # fmt: skip
#: The most a header may take to read: a moov bigger than this (hours of samples) goes to ffmpeg.
MAX_MOOV = 64 << 20


class Unsure(Exception):
    """The header holds something this reader does not read with certainty."""


def probe_upload(ffmpeg: str, path: Path | str, kind: str) -> MediaInfo:
    """What an uploaded file holds: its header read here when certain, else ffmpeg's probe (blocking).

    A file cut short (its boxes run past its end) always goes to ffmpeg's probe, which measures what is
    really there and marks it, so the result can say what was lost."""
    info = None if cut_short(path) else read_header(path)
    return info or probe_fully(ffmpeg, path, kind)


def read_header(path: Path | str) -> MediaInfo | None:
    """The file's :class:`MediaInfo` from its header, or ``None`` when only ffmpeg can tell."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if head[4:8] == b"ftyp":
                return _mp4(fh)
            if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
                return _wav(fh)
    except (Unsure, OSError, struct.error, IndexError, ValueError, UnicodeDecodeError):
        return None
    return None


# -- MP4 boxes ------------------------------------------------------------------------------


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[bytes, bytes]]:
    """(type, payload) of each box in ``data[start:end]``."""
    end = len(data) if end is None else end
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, at + 8)[0], 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise Unsure("a box runs past its parent")
        yield kind, data[at + header : at + size]
        at += size


def _child(data: bytes, kind: bytes) -> bytes:
    found = [payload for name, payload in _boxes(data) if name == kind]
    if len(found) != 1:
        raise Unsure(f"{len(found)} {kind!r} boxes")
    return found[0]


def _path(data: bytes, *kinds: bytes) -> bytes:
    for kind in kinds:
        data = _child(data, kind)
    return data


def _moov(fh: BinaryIO) -> bytes:
    """The ``moov`` box's payload, wherever it is among the top-level boxes (first or last)."""
    fh.seek(0)
    while True:
        head = fh.read(8)
        if len(head) < 8:
            raise Unsure("no moov box")
        size, kind = struct.unpack(">I4s", head)
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", fh.read(8))[0], 16
        elif size == 0:
            raise Unsure("a box to the end of the file before moov")
        if kind == b"moov":
            if size > MAX_MOOV:
                raise Unsure("a very large moov")
            payload = fh.read(size - header)
            if len(payload) != size - header:
                raise Unsure("a cut moov")
            return payload
        if size < header:
            raise Unsure("a bad top-level box")
        fh.seek(size - header, 1)


def _full_box_time(payload: bytes) -> tuple[int, int, int]:
    """(version, timescale, duration) of an ``mvhd`` or ``mdhd``."""
    version = payload[0]
    if version == 1:
        timescale, duration = struct.unpack_from(">IQ", payload, 20)
    else:
        timescale, duration = struct.unpack_from(">II", payload, 12)
    if not timescale:
        raise Unsure("a zero timescale")
    return version, timescale, duration


def _mp4(fh: BinaryIO) -> MediaInfo:
    moov = _moov(fh)
    if any(kind == b"mvex" for kind, _payload in _boxes(moov)):
        raise Unsure("a fragmented MP4: its samples are in the fragments")
    _version, movie_scale, _movie_duration = _full_box_time(_child(moov, b"mvhd"))
    info = MediaInfo(container=MP4_CONTAINER, duration_source="header")
    ends: list[float] = []
    for kind, trak in _boxes(moov):
        if kind == b"trak":
            ends.append(_track(trak, movie_scale, info))
    if not ends or not (info.has_video or info.audio_streams):
        raise Unsure("no track")
    info.duration_ms = _centiseconds(max(ends))
    if info.audio_streams:
        info.has_audio = True
        info.audio_track = default_audio_track(info.audio_streams)
        chosen = info.audio_streams[info.audio_track]
        info.audio_codec, info.sample_rate = chosen["codec"], chosen["sample_rate"]
    return info


def _centiseconds(seconds: float) -> int:
    """ffmpeg shows a duration rounded to the centisecond, and the probe reads that."""
    return 10 * round(seconds * 100)


def _track(trak: bytes, movie_scale: int, info: MediaInfo) -> float:
    """Read one track into ``info``; its length in seconds."""
    tkhd = _child(trak, b"tkhd")
    enabled = bool(tkhd[3] & 1)
    matrix = struct.unpack_from(">9i", tkhd, 40 if tkhd[0] == 0 else 52)
    if matrix != (0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000):
        raise Unsure("a rotation or transform")
    mdia = _child(trak, b"mdia")
    handler = _child(mdia, b"hdlr")[8:12]
    _version, scale, media_duration = _full_box_time(_child(mdia, b"mdhd"))
    stbl = _path(mdia, b"minf", b"stbl")
    seconds = _edited_length(trak, movie_scale, media_duration / scale)
    if seconds <= 0:
        raise Unsure("a track of no length")
    if handler == b"vide":
        if info.has_video:
            raise Unsure("a second video track")
        _video(stbl, scale, info)
    elif handler == b"soun":
        language = _language(_child(mdia, b"mdhd"))
        info.audio_streams.append(_audio(stbl, len(info.audio_streams), language, enabled))
    else:
        raise Unsure(f"a {handler!r} track")
    return seconds


def _edited_length(trak: bytes, movie_scale: int, media_seconds: float) -> float:
    """The track's length after its edit list; an edit that delays or cuts a track is left to ffmpeg."""
    edts = [payload for kind, payload in _boxes(trak) if kind == b"edts"]
    if not edts:
        return media_seconds
    elst = _child(edts[0], b"elst")
    version, count = elst[0], struct.unpack_from(">I", elst, 4)[0]
    if count != 1:
        raise Unsure("an edit list of several edits")
    if version == 1:
        segment, media_time = struct.unpack_from(">Qq", elst, 8)
        rate = struct.unpack_from(">i", elst, 24)[0]
    else:
        segment, media_time, rate = struct.unpack_from(">Iii", elst, 8)
    if media_time < 0 or rate != 0x10000:
        raise Unsure("an empty or slowed edit")
    return segment / movie_scale if segment else media_seconds


def _language(mdhd: bytes) -> str | None:
    packed = struct.unpack_from(">H", mdhd, 32 if mdhd[0] == 1 else 20)[0]
    code = "".join(chr(((packed >> shift) & 0x1F) + 0x60) for shift in (10, 5, 0))
    return None if code == "und" or not code.isalpha() else code


def _sample_entry(stbl: bytes) -> tuple[bytes, bytes]:
    stsd = _child(stbl, b"stsd")
    if struct.unpack_from(">I", stsd, 4)[0] != 1:
        raise Unsure("several sample descriptions")
    size, kind = struct.unpack_from(">I4s", stsd, 8)
    return kind, stsd[16 : 8 + size]


def _video(stbl: bytes, scale: int, info: MediaInfo) -> None:
    kind, entry = _sample_entry(stbl)
    if kind != b"avc1":
        raise Unsure(f"video {kind!r}")
    width, height = struct.unpack_from(">HH", entry, 24)
    extra = entry[78:]
    sps: SpsInfo = read_sps(_first_sps(_child(extra, b"avcC")))
    if (sps.width, sps.height) != (width, height) or sps.interlaced or sps.pix_fmt is None:
        raise Unsure("an H.264 stream this reader does not vouch for")
    pasp = [payload for name, payload in _boxes(extra) if name == b"pasp"]
    sar = struct.unpack(">II", pasp[0][:8]) if pasp else sps.sar
    info.has_video, info.video_codec, info.width, info.height = True, "h264", width, height
    info.pix_fmt, info.interlaced, info.video_profile = sps.pix_fmt, False, sps.profile
    if sar[0] and sar[1]:
        info.pixel_aspect = sar[0] / sar[1]
    info.fps = _frame_rate(_child(stbl, b"stts"), scale)


def _first_sps(avcc: bytes) -> bytes:
    if avcc[0] != 1 or avcc[5] & 0x1F != 1:
        raise Unsure("not one SPS")
    length = struct.unpack_from(">H", avcc, 6)[0]
    return avcc[8 : 8 + length]


def _frame_rate(stts: bytes, scale: int) -> float:
    """The average frame rate (frames over their total duration) as ffmpeg shows it: to 1/100."""
    count = struct.unpack_from(">I", stts, 4)[0]
    frames = ticks = 0
    for n in range(count):
        samples, delta = struct.unpack_from(">II", stts, 8 + 8 * n)
        frames, ticks = frames + samples, ticks + samples * delta
    if not frames or not ticks:
        raise Unsure("no frames in the sample table")
    return round(frames * scale / ticks, 2)


def _audio(stbl: bytes, index: int, language: str | None, enabled: bool) -> dict[str, object]:
    kind, entry = _sample_entry(stbl)
    version = struct.unpack_from(">H", entry, 8)[0]
    if kind != b"mp4a" or version > 1:  # QuickTime's sound description 2: ffmpeg
        raise Unsure(f"audio {kind!r}")
    children = entry[28 if version == 0 else 44 :]  # version 1 (QuickTime) adds four 32-bit sizes
    wave = [payload for name, payload in _boxes(children) if name == b"wave"]  # QuickTime wraps the esds
    rate, channels = _aac_config(_child(wave[0] if wave else children, b"esds"))
    return {"index": index, "codec": "aac", "sample_rate": rate, "channels": channels, "language": language,
            "default": enabled, "delay_ms": 0}  # fmt: skip


def _aac_config(esds: bytes) -> tuple[int, int]:
    """(sample rate, channels) of AAC-LC from the ES descriptor's AudioSpecificConfig."""
    at = 4
    tag, at, _length = _descriptor(esds, at)
    if tag != 3:
        raise Unsure("no ES descriptor")
    flags = esds[at + 2]
    at += 3 + (2 if flags & 0x80 else 0)
    if flags & 0x60:
        raise Unsure("an ES descriptor with a URL or OCR stream")
    tag, at, _length = _descriptor(esds, at)
    if tag != 4 or esds[at] != 0x40:  # DecoderConfigDescriptor of MPEG-4 audio
        raise Unsure("not MPEG-4 audio")
    tag, at, _length = _descriptor(esds, at + 13)
    if tag != 5:
        raise Unsure("no AudioSpecificConfig")
    bits = int.from_bytes(esds[at : at + 2], "big")
    object_type, rate_index, channel_config = bits >> 11, (bits >> 7) & 0xF, (bits >> 3) & 0xF
    if object_type != 2 or rate_index >= len(_AAC_RATES) or channel_config not in (1, 2):
        raise Unsure("AAC other than LC mono/stereo")
    return _AAC_RATES[rate_index], channel_config


def _descriptor(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, where its payload starts, its length) of an MPEG-4 descriptor."""
    tag, at, length = data[at], at + 1, 0
    for _ in range(4):
        byte = data[at]
        at, length = at + 1, (length << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return tag, at, length


# -- WAV ------------------------------------------------------------------------------------


def _wav(fh: BinaryIO) -> MediaInfo:
    fmt: tuple[int, int, int, int, int] | None = None  # format tag, channels, rate, block size, bits
    data_size: int | None = None
    while data_size is None:
        head = fh.read(8)
        if len(head) < 8:
            raise Unsure("no data chunk")
        kind, size = struct.unpack("<4sI", head)
        if kind == b"fmt ":
            fmt = _wav_format(fh.read(size + (size & 1))[:size])
        elif kind == b"data":
            data_size = size
        else:
            fh.seek(size + (size & 1), 1)
    if fmt is None:
        raise Unsure("no fmt chunk before the data")
    tag, channels, rate, block, bits = fmt
    codec = _PCM.get((tag, bits))
    if codec is None or channels not in (1, 2) or not rate or block != channels * bits // 8:
        raise Unsure("a WAV other than plain PCM mono/stereo")
    stream = {"index": 0, "codec": codec, "sample_rate": rate, "channels": channels, "language": None,
              "default": False, "delay_ms": 0}  # fmt: skip
    return MediaInfo(duration_ms=_centiseconds(data_size // block / rate), has_audio=True, audio_codec=codec,
                     sample_rate=rate, container="wav", audio_streams=[stream], duration_source="header")  # fmt: skip


#: WAVE_FORMAT_EXTENSIBLE's sub-format GUID after its first two bytes (the plain format tag).
_KSDATAFORMAT_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
#: Channel masks ffmpeg names mono and stereo.
_MASKS = {1: 0x4, 2: 0x3}


def _wav_format(chunk: bytes) -> tuple[int, int, int, int, int]:
    """(format tag, channels, rate, block size, bits) of a ``fmt`` chunk; an extensible one by its sub-format."""
    tag, channels, rate, _byte_rate, block, bits = struct.unpack_from("<HHIIHH", chunk)
    if tag == 0xFFFE:
        valid, mask = struct.unpack_from("<HI", chunk, 18)
        guid = chunk[24:40]
        if guid[2:] != _KSDATAFORMAT_TAIL or valid != bits or mask != _MASKS.get(channels):
            raise Unsure("an extensible WAV this reader does not vouch for")
        tag = struct.unpack_from("<H", guid)[0]
    return tag, channels, rate, block, bits
