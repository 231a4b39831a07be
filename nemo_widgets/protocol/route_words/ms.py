"""Malay, as data for the router (see :mod:`nemo_widgets.protocol.route_words`).

Its keywords match as whole words, like English's (it is written with spaces, in Latin letters).
"""

from __future__ import annotations

WHOLE_WORDS = True
#: Latin letters: nothing is borrowed into it.
SCRIPT = ""
BORROWED: tuple[tuple[str, str], ...] = ()

EXPORT: tuple[str, ...] = ("eksport",)
CREDITS: tuple[str, ...] = ("kredit", "baki")
STATE: tuple[str, ...] = ("siap belum", "dah siap ke", "sudah siap ke", "status render")
UPLOAD: tuple[str, ...] = ("muat naik",)
EDIT: tuple[str, ...] = ("potong", "buang", "senyap", "senyapkan", "kuatkan", "perlahankan")
SILENT: tuple[str, ...] = ("tanpa bunyi", "tanpa suara")
AUDIO_ONLY: tuple[str, ...] = ("audio je", "audio sahaja")
FUZZY: dict[str, str] = {}
PATTERNS: dict[str, str] = {
    # "siap belum?", "dah siap ke?": a question
    "question": r"\b(?:belum|ke)\s*\?\s*$|\bsiap\s+belum\b(?:\s+\w+)?\s*\?|\bberapa\b|\bbagaimana\b",
    # "jangan export lagi": not now
    # "dah siap belum render?": how the render is going
    "state_phrase": r"\b(?:dah\s+|sudah\s+)?siap\s+(?:belum|ke)\b",
    "not_export": r"\b(?:jangan|tak payah|belum nak)\s+(?:eksport|export|render)\b",
}
