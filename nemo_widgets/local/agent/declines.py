"""What the local engine declines, by name, with phrasings close to it that it can do.

The words of each request live in the language modules (``DECLINED``, ``FEATURE_NAMES``); here only the
order the features are tried in (the first match wins) and what to offer instead, which is the same in
every language (a Chinese reply offers Chinese phrasings of its own).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nemo_widgets.local.agent.languages import LANGUAGES
from nemo_widgets.local.agent.types import Clause, Said, said

__all__ = ["BINDS_THE_SOUND", "FEATURES", "SOUND_OPS", "decline_for"]

#: Declined requests that say how the sound must stay ("but keep my voice the same"): beside an edit of the
#: sound, which changes the whole mix, the whole message is declined (done, that edit would break the condition).
BINDS_THE_SOUND = frozenset({"separate", "loudness", "music", "voiceover", "part_volume"})
#: The operations that change the sound of the whole mix.
SOUND_OPS = frozenset({"set_volume", "mute_range", "remove_audio", "restore_audio"})

_CUT_SPAN, _MUTE_SPAN = said("cut_range", a=2000, b=5000), said("mute_range", a=3000, b=5000)
_TITLE, _TRIM_5, _CUT_2 = (
    said("add_title_for", t="My clip", s=3000),
    said("keep_first", s=5000),
    said("cut_first", s=2000),
)
_SILENT, _HALF, _QUIETER = said("remove_audio"), said("volume", p=50), said("quieter", p=30)

#: Feature id → what to offer instead (phrases each language writes), in the order the features are tried.
FEATURES: dict[str, tuple[Said, ...]] = {
    "noise": (_SILENT, said("mute_first", s=2000), _QUIETER),
    "loudness": (_HALF, said("louder", p=50), _QUIETER),
    "silences": (_CUT_SPAN, _CUT_2, said("cut_last", s=1000)),
    "separate": (_SILENT, _HALF, _MUTE_SPAN),
    "split_edit": (_MUTE_SPAN, _CUT_SPAN),
    "speed": (_TRIM_5, _CUT_2),
    "crop": (said("export_at", r="720p"), _TRIM_5),
    "fade": (said("mute_last", s=2000), said("cut_last", s=2000)),
    "format": (said("export_as", f="MP4"), said("extract_audio", f="WAV")),
    "music": (_SILENT, _HALF),
    "subtitles": (_TITLE, _SILENT),
    "rotate": (_TRIM_5,),
    "colour": (_SILENT, _TRIM_5),
    "reverse": (_CUT_2,),
    "blur": (_CUT_2, _TRIM_5),
    "gif": (said("export_as", f="MP4"), _TRIM_5),
    "upscale": (said("export_at", r="1080p"),),
    "voiceover": (_SILENT, _HALF),
    "fillers": (_CUT_SPAN, _MUTE_SPAN),
    "objects": (_CUT_SPAN,),
    "animation": (_TITLE,),
    "cleanup": (_SILENT, _QUIETER),
    "generate": (_SILENT, said("extract_audio", f="MP3")),
    "title_style": (_TITLE,),
    "split": (_CUT_SPAN, _TRIM_5),
    "merge": (said("upload"), said("status")),
    "transition": (_CUT_2,),
    "watermark": (_TITLE,),
    "zoom": (_TRIM_5,),
}  # fmt: skip


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Each feature's patterns from every language, joined (a message may mix them)."""
    said_as: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for feature, pattern in lang.DECLINED:
            said_as.setdefault(feature, []).append(pattern)
    return {f: re.compile("|".join(f"(?:{p})" for p in said_as[f])) for f in FEATURES if f in said_as}


def decline_for(text: str) -> Clause | None:
    """The clause declining what ``text`` asks, by feature id, when this engine can't do it; else None."""
    for feature, pattern in _patterns().items():
        if pattern.search(text):
            return Clause("decline", reason=feature, suggestions=list(FEATURES[feature]))
    return None
