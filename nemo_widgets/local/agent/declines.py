"""What the local engine declines, by name, with phrasings close to it that it can do.

The words of each request live in the language modules (``DECLINED``, ``FEATURE_NAMES``); here only the
order the features are tried in (the first match wins) and what to offer instead, which is the same in
every language (a Chinese reply offers Chinese phrasings of its own).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from nemo_widgets.local.agent.languages import LANGUAGES, en, zh

__all__ = ["FEATURES", "decline_for", "feature_name"]

#: Feature id → what to offer instead, in the order the features are tried.
FEATURES: dict[str, tuple[str, ...]] = {
    "noise": ("remove all audio", "mute the first 2 seconds", "reduce the volume by 30%"),
    "silences": ("cut from 0:02 to 0:05", "remove the first 2 seconds", "trim 1 second off the end"),
    "separate": ("remove all audio", "set the volume to 50%", "mute from 0:03 to 0:05"),
    "speed": ("trim to 5 seconds", "cut the first 2 seconds"),
    "crop": ("export at 720p", "trim to 5 seconds"),
    "fade": ("mute the last 2 seconds", "cut the last 2 seconds"),
    "music": ("remove all audio", "set the volume to 50%"),
    "subtitles": ('add a title "My clip" for 3 seconds', "remove all audio"),
    "rotate": ("trim to 5 seconds",),
    "colour": ("remove all audio", "trim to 5 seconds"),
    "reverse": ("cut the first 2 seconds",),
    "blur": ("cut the first 2 seconds", "trim to 5 seconds"),
    "gif": ("export as MP4", "trim to 5 seconds"),
    "upscale": ("export at 1080p",),
    "voiceover": ("remove all audio", "set the volume to 50%"),
    "fillers": ("cut from 0:02 to 0:05", "mute from 0:03 to 0:05"),
    "objects": ("cut from 0:02 to 0:05",),
    "animation": ('add a title "My clip" for 3 seconds',),
    "cleanup": ("remove all audio", "reduce the volume by 30%"),
    "generate": ("remove all audio", "extract the audio as MP3"),
    "title_style": ('add a title "My clip" for 3 seconds',),
    "split": ("cut from 0:02 to 0:05", "keep the first 5 seconds"),
    "merge": ("upload", "status"),
    "transition": ("cut the first 2 seconds",),
    "watermark": ('add a title "My clip" for 3 seconds',),
    "zoom": ("trim to 5 seconds",),
}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Each feature's patterns from every language, joined (a message may mix them)."""
    said: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for feature, pattern in lang.DECLINED:
            said.setdefault(feature, []).append(pattern)
    return {f: re.compile("|".join(f"(?:{p})" for p in said[f])) for f in FEATURES if f in said}


def feature_name(feature: str, chinese: bool) -> str:
    return str((zh if chinese else en).FEATURE_NAMES[feature])


def decline_for(text: str, chinese: bool = False) -> dict[str, Any] | None:
    """``{"reason", "suggestions"}`` when ``text`` asks for something this engine can't do, else None."""
    for feature, pattern in _patterns().items():
        if pattern.search(text):
            return {"reason": feature_name(feature, chinese), "suggestions": list(FEATURES[feature])}
    return None
