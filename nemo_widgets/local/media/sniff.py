"""What a file really is, from its first kilobytes (pure: tested without ffmpeg).

A name can lie, so an upload is judged by its content: the kinds (video,
audio, image) its bytes can be; else the type the API does not take that they
are (an AVIF photo named ``.jpg``, a FLAC named ``.mp3``), so the refusal can
say what the file is and what to save it as; else whether it is not media at all
(text, an archive, a document, a program: refused at once) or binary that only
ffmpeg can judge (the probe has the last word).

An MPEG audio or ADTS stream is found anywhere in the head, not only at byte
0: a radio or stream capture starts inside a frame or after some noise. Two
frames in a row must agree (each header's length leads to the next), so a
chance 0xFF byte in other data is not taken for sound.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SNIFF_BYTES", "Other", "Sniffed", "cut_short", "sniff", "sniff_kinds"]

#: How much of a file is read before judging it (a few MP3 frames at the highest bitrate).
SNIFF_BYTES = 4096

#: MPEG audio bitrates (kbit/s) for bitrate index 1-14, by (MPEG-1?, layer).
_MPEG2_LOW = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_BITRATES: dict[tuple[bool, int], tuple[int, ...]] = {
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): _MPEG2_LOW,
    (False, 3): _MPEG2_LOW,
}
#: Sample rates by the header's version bits (3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5; 1 is reserved).
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True)
class Other:
    """A type the API does not take: ``label`` as said after an article ("an AVIF"), ``noun`` ("image" or
    "file"), ``save_as`` the formats to save it as (``None``: as the name's own kind says)."""

    label: str
    noun: str = "file"
    save_as: str | None = None


@dataclass(frozen=True)
class Sniffed:
    """``kinds`` the bytes can be; else ``other`` (a known type the API does not take); ``not_media``: text, an
    archive, a document or a program (neither: only ffmpeg can tell)."""

    kinds: frozenset[str] = frozenset()
    other: Other | None = None
    not_media: bool = False


PICTURE = "JPG or PNG"
SOUND = "MP3 or WAV"
#: ISO BMFF brands of still pictures (the box layout of an MP4, the content of a photo).
_BRANDS = {
    **dict.fromkeys((b"avif", b"avis"), Other("an AVIF", "image", PICTURE)),
    **dict.fromkeys((b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"),
                    Other("a HEIC", "image", PICTURE)),
    b"jxl ": Other("a JPEG XL", "image", PICTURE),
}  # fmt: skip
#: Magic numbers at byte 0 of types the API does not take.
_MAGIC: tuple[tuple[bytes, Other], ...] = (
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", Other("a JPEG XL", "image", PICTURE)),
    (b"\xff\x0a", Other("a JPEG XL", "image", PICTURE)),
    (b"II*\x00", Other("a TIFF", "image", PICTURE)),
    (b"MM\x00*", Other("a TIFF", "image", PICTURE)),
    (b"8BPS", Other("a Photoshop", "image", PICTURE)),
    (b"fLaC", Other("a FLAC", "file", SOUND)),
    (b"OggS", Other("an OGG")),
    (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", Other("a Windows Media")),
    (b"FLV\x01", Other("an FLV", "file", "MP4")),
    (b"\x00\x00\x01\xba", Other("an MPEG-PS", "file", "MP4")),
    (b"#!AMR", Other("an AMR", "file", SOUND)),
    (b"caff", Other("a CAF", "file", SOUND)),
)
_TS_PACKET = 188
#: Magic numbers of files that are never media: archives (zip, docx...), PDF, programs, compressed data.
_NOT_MEDIA = (b"PK\x03\x04", b"%PDF", b"\x7fELF", b"MZ", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"\xfd7zXZ")
#: The boxes an ISO BMFF / QuickTime file (mp4, mov, m4a) starts with.
ISO_FIRST_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def _mpeg_frame_length(head: bytes, at: int) -> int | None:
    """The length of the MPEG audio frame whose header starts at ``at``; None when none starts there."""
    if at + 4 > len(head) or head[at] != 0xFF or head[at + 1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (head[at + 1] >> 3) & 3, (head[at + 1] >> 1) & 3
    index, rate_index, pad = head[at + 2] >> 4, (head[at + 2] >> 2) & 3, (head[at + 2] >> 1) & 1
    if version == 1 or layer_bits == 0 or index in (0, 15) or rate_index == 3:
        return None
    layer, mpeg1 = 4 - layer_bits, version == 3
    bitrate, rate = _BITRATES[(mpeg1, layer)][index - 1] * 1000, _RATES[version][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + pad) * 4
    return (144 if mpeg1 or layer == 2 else 72) * bitrate // rate + pad


def _adts_frame_length(head: bytes, at: int) -> int | None:
    """The length of the ADTS (AAC) frame whose header starts at ``at``; None when none starts there."""
    if at + 7 > len(head) or head[at] != 0xFF or head[at + 1] & 0xF6 != 0xF0 or (head[at + 2] >> 2) & 0xF > 12:
        return None
    length = ((head[at + 3] & 3) << 11) | (head[at + 4] << 3) | (head[at + 5] >> 5)
    return length if length >= 7 else None


def _frames_from(head: bytes, at: int) -> bool:
    """Whether a run of MPEG audio or ADTS frames starts at ``at``: two in a row, or one that fills the head."""
    for length_at in (_mpeg_frame_length, _adts_frame_length):
        length = length_at(head, at)
        if length is not None:
            after = at + length
            if after >= len(head) - 4 or length_at(head, after) is not None:
                return True
    return False


def _sound_stream(head: bytes) -> bool:
    """Whether MPEG audio (MP3) or ADTS (AAC) frames start anywhere in ``head``."""
    at = head.find(b"\xff")
    while 0 <= at < len(head) - 4:
        if _frames_from(head, at):
            return True
        at = head.find(b"\xff", at + 1)
    return False


def _container_kinds(head: bytes) -> frozenset[str] | None:
    """The kinds a container's magic number says (None: no container the API takes starts ``head``)."""
    if len(head) >= 12 and head[4:8] in ISO_FIRST_BOXES:
        return frozenset({"video", "audio"})  # ISO BMFF / QuickTime: mp4, mov, m4a
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return frozenset({"video", "audio"})  # EBML: mkv, webm
    if head.startswith((b"RIFF", b"RF64", b"BW64")) and len(head) >= 12:  # RF64/BW64: a recorder's long WAV
        return frozenset({b"AVI ": {"video"}, b"WAVE": {"audio"}, b"WEBP": {"image"}}.get(head[8:12], set()))
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")):
        return frozenset({"image"})
    if head.startswith(b"ID3"):
        return frozenset({"audio"})
    return None


def _other(head: bytes) -> Other | None:
    """The type the API does not take that ``head`` starts, if it is one this module knows."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _BRANDS:
        return _BRANDS[head[8:12]]
    for magic, other in _MAGIC:
        if head.startswith(magic):
            return other
    if head.startswith(b"BM") and len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00":
        return Other("a BMP", "image", PICTURE)
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return Other("an AIFF", "file", SOUND)
    if len(head) > 2 * _TS_PACKET and head[0] == head[_TS_PACKET] == head[2 * _TS_PACKET] == 0x47:
        return Other("an MPEG-TS", "file", "MP4")
    return None


def _is_text(head: bytes) -> bool:
    """Words, not media: valid UTF-8 (a character cut at the end is fine) with no control bytes but spacing."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\t\r\n\f" for ch in text)


def sniff(head: bytes) -> Sniffed:
    """What the first bytes of a file are (see the module's docstring)."""
    other = _other(head)  # first: an AVIF's box layout is an MP4's
    if other is not None:
        return Sniffed(other=other)
    kinds = _container_kinds(head)
    if kinds is not None:
        return Sniffed(kinds)
    if _sound_stream(head):
        return Sniffed(frozenset({"audio"}))
    return Sniffed(not_media=head.startswith(_NOT_MEDIA) or _is_text(head))


def sniff_kinds(head: bytes) -> set[str]:
    """The kinds (video/audio/image) the first bytes of a file can be; empty: not media this API takes."""
    return set(sniff(head).kinds)


#: Top-level boxes walked at most (a real MP4 has a handful; a damaged one could claim thousands).
MAX_BOXES = 64


def cut_short(path: Path | str) -> bool:
    """Whether an MP4/MOV/M4A ends before its own boxes say it does (a download or copy cut short): a top-level
    box's declared size runs past the end of the file. Reads only box headers; False for any other file."""
    try:
        with open(path, "rb") as handle:
            size, offset = handle.seek(0, 2), 0
            for _ in range(MAX_BOXES):
                handle.seek(offset)
                header = handle.read(16)
                if len(header) < 8:
                    return False
                length, kind = struct.unpack(">I4s", header[:8])
                if (offset == 0 and kind not in ISO_FIRST_BOXES) or not kind.strip(b" ").isalnum():
                    return False  # not ISO BMFF (or not a box here): nothing to say
                if length == 1 and len(header) == 16:
                    length = struct.unpack(">Q", header[8:16])[0]
                if length == 0:  # "to the end of the file"
                    return False
                if length < 8:
                    return False
                if offset + length > size:
                    return True
                offset += length
                if offset == size:
                    return False
    except OSError:
        return False
    return False
