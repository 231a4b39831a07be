"""What the local engine declines, by name, with phrasings close to it that it can do."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["DECLINES", "decline_for"]

#: (pattern, what it is, Chinese name, suggestions): the first match wins. Checked after negation.
DECLINES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (r"noise|\bhum\b|hiss|buzz|\bwind\b|echo|denois|降噪|噪音|杂音|噪声|回声",
     "removing background noise (it needs audio analysis)", "去除背景噪音",
     ("remove all audio", "mute the first 2 seconds", "reduce the volume by 30%")),
    (r"silent (?:parts|bits|sections|moments)|silences|pauses|\bgaps\b|dead air|静音部分|停顿|空白部分|无声部分",
     "cutting out the silent parts (it needs audio analysis)", "剪掉静音部分",
     ("cut from 0:02 to 0:05", "remove the first 2 seconds", "trim 1 second off the end")),
    (r"(?:\bmusic\b|\bbgm\b|\bsong\b|音乐).*(?:\bvoices?\b|\bvocals?\b|speech|talking|dialogue|人声|说话)"
     r"|(?:\bvoices?\b|\bvocals?\b|speech|talking|dialogue|人声|说话).*(?:\bmusic\b|\bbgm\b|音乐)"
     r"|(?:remove|delete|mute|drop|get rid of|去掉|删除|静音).*(?:\bmusic\b|\bbgm\b|\bsong\b|\bvoices?\b|\bvocals?\b|"
     r"person talking|speech|人声|音乐|说话)",
     "separating music from voices (the clip's sound is one mixed track here)", "分离音乐和人声",
     ("remove all audio", "set the volume to 50%", "mute from 0:03 to 0:05")),
    (r"\bspeed|faster|slower|slow[ -]?mo|slow motion|slow it down|\b\d+(?:\.\d+)?x\b|加速|减速|慢动作|倍速|快进",
     "changing the speed", "变速", ("trim to 5 seconds", "cut the first 2 seconds")),
    (r"\bcrop|square|aspect ratio|vertical|portrait|裁剪画面|画幅",
     "cropping or reframing the picture", "裁剪画面", ("export at 720p", "trim to 5 seconds")),
    (r"\bfade|淡入|淡出", "fades", "淡入淡出", ("mute the last 2 seconds", "cut the last 2 seconds")),
    (r"(?:add|put|insert|加|添加|配).*(?:\bmusic\b|\bbgm\b|\bsong\b|音乐|配乐)|replace (?:the )?(?:audio|sound|music)|替换",
     "adding or replacing music (only your uploads can go on the timeline)", "添加或替换音乐",
     ("remove all audio", "set the volume to 50%")),
    (r"subtitle|captions\b|transcri|字幕(?!「)|生成字幕",
     "generating subtitles", "生成字幕", ('add a title "My clip" for 3 seconds', "remove all audio")),
    (r"\brotat|\bflip\b|mirror|旋转|翻转", "rotating or flipping", "旋转", ("trim to 5 seconds",)),
    (r"black and white|grayscale|greyscale|\bfilter|colou?r|bright|contrast|saturat|滤镜|调色|黑白|亮度",
     "colour filters", "滤镜调色", ("remove all audio", "trim to 5 seconds")),
    (r"\breverse|backwards|倒放", "playing it backwards", "倒放", ("cut the first 2 seconds",)),
    (r"\bgenerate|create a video|make a video of|生成", "generating new footage", "生成新画面",
     ("remove all audio", "extract the audio as MP3")),
    (r"bigger|smaller|\bfont\b|\bbold\b|字体|大一点的标题", "styling titles (font, size, colour)", "标题样式",
     ('add a title "My clip" for 3 seconds',)),
    (r"\bsplit\b|分割|拆分", "splitting the clip", "分割片段", ("cut from 0:02 to 0:05", "keep the first 5 seconds")),
    (r"\bmerge\b|\bjoin\b|combine|concatenat|拼接|合并", "joining clips (every upload is already added at the end)",
     "合并片段", ("upload", "status")),
    (r"transition|转场", "transitions", "转场", ("cut the first 2 seconds",)),
    (r"watermark|\blogo\b|水印", "watermarks or logos", "水印", ('add a title "My clip" for 3 seconds',)),
    (r"\bzoom|stabili[sz]|\bloop\b|循环|防抖", "zooming, stabilising or looping", "缩放、防抖或循环",
     ("trim to 5 seconds",)),
)  # fmt: skip
_RULES = tuple((re.compile(p), en, zh, s) for p, en, zh, s in DECLINES)


def decline_for(text: str, chinese: bool = False) -> dict[str, Any] | None:
    """``{"reason", "suggestions"}`` when ``text`` asks for something this engine can't do, else None."""
    for pattern, english, chinese_name, suggestions in _RULES:
        if pattern.search(text):
            return {"reason": chinese_name if chinese else english, "suggestions": list(suggestions)}
    return None
