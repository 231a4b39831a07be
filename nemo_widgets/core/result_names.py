"""What an exported file is called: after its source (``clip.mp4`` -> ``clip (no audio).mp4``, ``clip.mp3``).

:func:`result_stem` reads the timeline (the first clip's name, and how many other sources it holds) and the
format; :func:`reserve_result_path` makes that name safe for any file system and claims a free one in the
output folder (``clip (no audio) 2.mp4`` after ``clip (no audio).mp4``), so a result never overwrites an
earlier one, even when two exports finish at the same moment.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS
from nemo_widgets.protocol.draft import Draft

__all__ = ["reserve_result_path", "result_stem", "safe_stem"]

#: Characters no file system takes everywhere (Windows' reserved ones, the separators, controls).
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: Names Windows keeps for devices, whatever the extension.
_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
#: Bytes kept for the stem: room for " (no audio) 99.mp4" under the usual 255-byte name limit.
MAX_STEM_BYTES = 180
FALLBACK = "result"


def safe_stem(text: str) -> str:
    """``text`` as a file name stem every file system accepts: no separator, reserved or control character,
    no leading dot or trailing dot/space, not a device name, at most :data:`MAX_STEM_BYTES` bytes of UTF-8."""
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", text))
    stem = re.sub(r"\s+", " ", stem).strip().lstrip(".").rstrip(". ")
    encoded = stem.encode("utf-8")[:MAX_STEM_BYTES]
    stem = encoded.decode("utf-8", "ignore").rstrip(". ")  # never half a character
    if not stem or stem.split(".")[0].lower() in _DEVICES:
        stem = f"{stem}_" if stem else FALLBACK
    return stem


def _sources(draft: Draft) -> list[str]:
    """The names of the clips on the timeline, the picture's first, in order (a clip cut in two counts once)."""
    seen: dict[str, str] = {}
    for track in sorted(draft.tracks, key=lambda t: t.kind != "video"):
        if track.kind in ("video", "audio"):
            for seg in sorted(track.segments, key=lambda s: s.start_ms):
                if seg.name:
                    seen.setdefault(seg.src or seg.name, seg.name)
    return list(seen.values())


def result_stem(draft: Draft, fmt: str) -> str:
    """The result's name without its extension: the source's stem, then what the export made of it."""
    sources = _sources(draft)
    stem = Path(sources[0]).stem if sources else FALLBACK
    if len(sources) > 1:
        stem += f" and {len(sources) - 1} more"
    if fmt.lower() in AUDIO_EXPORT_FORMATS:
        return stem
    return f"{stem} (no audio)" if not draft.has_audio else f"{stem} (edited)"


def reserve_result_path(folder: Path, stem: str, fmt: str) -> Path:
    """A new file ``folder/<stem>.<fmt>`` (``<stem> 2.<fmt>``, ``3``... when taken), created empty so a second
    export cannot pick it too; the download then replaces it."""
    folder.mkdir(parents=True, exist_ok=True)
    base, ext = safe_stem(stem), safe_stem(fmt.lower()) or "bin"
    number = 1
    while True:
        path = folder / (f"{base}.{ext}" if number == 1 else f"{base} {number}.{ext}")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            number += 1
            continue
        return path
