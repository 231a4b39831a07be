"""A photo's EXIF orientation, read from the JPEG's own bytes (pure; no ffmpeg, no imaging library).

A phone stores a portrait photo as landscape pixels plus an EXIF Orientation
tag. ffmpeg turns the picture upright when it decodes it, but its probe does
not say so, so the engine reads the tag here to know the size as shown.
"""

from __future__ import annotations

import struct
from pathlib import Path

__all__ = ["HEAD_BYTES", "ORIENTATION_ROTATION", "jpeg_orientation", "orientation_rotation"]

#: How much of a JPEG is read: the EXIF segment (APP1) comes first and is at most 64 KiB.
HEAD_BYTES = 65536 + 4
_ORIENTATION_TAG = 0x0112
#: EXIF orientation -> the clockwise turn that shows it upright (2, 4, 5, 7 are mirrored variants).
ORIENTATION_ROTATION = {1: 0, 2: 0, 3: 180, 4: 180, 5: 90, 6: 90, 7: 270, 8: 270}


def _ifd0_orientation(tiff: bytes) -> int | None:
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return None
    order = "<" if tiff[:2] == b"II" else ">"
    (offset,) = struct.unpack(order + "I", tiff[4:8])
    if offset + 2 > len(tiff):
        return None
    (count,) = struct.unpack(order + "H", tiff[offset : offset + 2])
    for i in range(count):
        at = offset + 2 + 12 * i
        if at + 12 > len(tiff):
            return None
        tag, kind = struct.unpack(order + "HH", tiff[at : at + 4])
        if tag == _ORIENTATION_TAG and kind == 3:  # SHORT
            (value,) = struct.unpack(order + "H", tiff[at + 8 : at + 10])
            return int(value)
    return None


def jpeg_orientation(head: bytes) -> int | None:
    """The EXIF Orientation (1-8) of a JPEG from its first bytes, or None (no EXIF, not a JPEG, damaged)."""
    if not head.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 4 <= len(head) and head[at] == 0xFF:
        marker = head[at + 1]
        if marker in (0xD9, 0xDA):  # end of image / start of scan: no EXIF before the picture data
            return None
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        segment = head[at + 4 : at + 2 + length]
        if marker == 0xE1 and segment.startswith(b"Exif\x00\x00"):
            return _ifd0_orientation(segment[6:])
        at += 2 + length
    return None


def orientation_rotation(path: Path | str) -> int:
    """The clockwise display rotation (0, 90, 180, 270) a JPEG's EXIF asks for; 0 when none or unreadable."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return 0
    return ORIENTATION_ROTATION.get(jpeg_orientation(head) or 1, 0)
