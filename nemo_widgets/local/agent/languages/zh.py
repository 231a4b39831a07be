"""Chinese, as data for the agent's one reader (see :mod:`nemo_widgets.local.agent.languages`).

Traditional characters (and Taiwan's words: 影片, 音訊, 匯出) are made simplified by OpenCC before
these patterns apply, and numerals are digits ("两秒半" → "2秒半"), so one set of patterns reads both.
"""

from __future__ import annotations

NAME = "zh"
SCRIPT = r"[\u3400-\u9fff]"
_T = r"(\d+(?:\.\d+)?)"

SIMPLIFICATIONS: tuple[tuple[str, str], ...] = (
    # "不是 X，是 Y": Y is meant
    (r"^不是\s*(.+?)[，,]\s*(?:而)?是\s*(.+)$", r"\2"),
    (r"分贝", " db"),
    (r"(音频|声音)\s*只要", r"只要\1"),
    (r"两(?=\s*(?:步|次))", "2"),
    # "剪掉前三秒，保留后面的": the rest kept is what a cut leaves, said again
    (r"[，,]?\s*(?:保留|留下)(?:后面|剩下|其余|其他)的?(?:部分)?", ""),
    # "只要 cut 前两秒": "only" before a verb is "just", not "keep only"
    (r"(?:只要|只需要|只需)\s*(?=cut|trim|mute|remove|lower|剪|删|去掉|静音|调)", ""), (r"毫秒", "ms"),
    (_T + r"\s*(秒钟?|分钟?)半", r"\1.5\2"),
    (r"(?<![\d.])半\s*秒", "0.5秒"), (r"(?<![\d.])半分钟", "30秒"),
    # "后一半", "后半": the second half of the clip
    (r"(?:后|最后|后面)(?:的)?(?:一半|50%)", "后半段"), (r"(?:前|前面)(?:的)?(?:一半|50%)", "前半段"),
    (r"(?:调|降|关|开|减)(?:到|至)?\s*(?:最小|最低|零|0)(?![\d.%])|静音到底", "调到0%"),
    (r"(?:调|恢复|回)(?:到|至)?\s*(?:原来的?(?:大小|音量)?|正常(?:音量)?|原始音量)", "调到100%"),
    (r"(?:调|降)(?:到|至)?\s*1/3", "调到33%"), (r"(?:调|降)(?:到|至)?\s*1/4", "调到25%"),
    (r"(?:在)?" + _T + r"\s*秒(?:处|的时候|时)", r" at \1秒 "),
    (r"[，,]?\s*显示\s*" + _T + r"\s*秒", r" for \1秒"),
    (r"[，,]?\s*(?:别的|其他的?|其余的?)(?:都)?(?:不用动|不要动|别动|保持不变|不变)", ""),
    (r"(?:给我|要|导出)\s*(mp3|wav|m4a)\s*格式的\s*(?:音频|声音)", r"提取音频为 \1"), (r"(?:放在|放到)(?:最后|结尾|末尾)", "at the end"),
)  # fmt: skip

FILLERS: tuple[str, ...] = (
    r"^(?:嗯+|呃+|那个|就是)[，,\s]*", r"(?<=[，,])\s*(?:嗯+|那个)", r"谢谢(?:你|啦)?[！!。]?", r"麻烦(?:你)?(?:了)?(?=[，,。！!]|$)",
    r"就行了?|就好了?|就可以了?", r"^你好[，,！!]?",
    # "删掉4到6秒这一段": the span just said, pointed at again
    r"(?<=秒)\s*(?:的)?(?:这|那)\s*[1一]?\s*(?:段|部分|块)",
)  # fmt: skip

POLITE_PREFIX: tuple[str, ...] = (
    r"^(?:请问)?(?:你)?(?:能不能|可不可以|可以不可以|能否|是否可以|可以|能|麻烦)(?:你)?(?:帮我|帮忙|给我)?\s*(?![了吗])",
)  # fmt: skip
#: A request followed by "可以吗？" ("remove background noise 可以吗") is a request.
POLITE_ALONE: tuple[str, ...] = (r"\s*(?:可以吗|行吗|好吗|可以不)\s*[？?]*$",)
POLITE_SUFFIX: tuple[str, ...] = (r"\s*(?:好吗|可以吗|行吗|吗|呢)?\s*[？?]*$",)
HEDGES: tuple[str, ...] = (r"^如果可以的话[，,]?\s*", r"^可以的话[，,]?\s*")

CORRECTIONS: tuple[str, ...] = (
    r"[，,]?\s*哦不[，,是]?", r"[，,]?\s*啊?不是[，,]", r"[，,]?\s*不对[，,]?(?:是)?", r"[，,]\s*算了[，,]", r"……\s*不[，,]\s*(?:还是)?",
    r"[，,]?\s*我是说", r"[，,]?\s*我的意思是", r"[，,]?\s*说错了[，,]?",
)  # fmt: skip

FALLBACKS: tuple[str, ...] = (
    r"^(?:如果|要是|假如)(?:你)?(?:去不掉|做不到|不能|没法|无法)(?P<first>.+?)(?:的话)?[，,]\s*(?:就|那就|那)(?P<then>.+)$",
    r"^(?:不行的话|做不到的话)(?:就)?(?P<then>.+?)[：:，,]\s*(?:先试试|先)(?P<first>.+)$",
    r"^(?P<first>.+?)[，,]\s*(?:如果|要是)?(?:不行|做不到|不可以)(?:的话)?[，,]?\s*(?:就|那就)(?P<then>.+)$",
)  # fmt: skip

UNDO: tuple[tuple[str, str], ...] = (
    (r"(?:撤销|撤回|回退|后退)\s*(?:最后|最近)?\s*(\d+)\s*(?:步|次|个)(?:修改|操作|改动)?", r"undo \1"),
    (r"(?:返回|回到|退回|复原|恢复)(?:到)?上\s*[一1]\s*步", "undo"),
    (r"^(?:复原|复原一下|撤销一下)$", "undo"),
    (r"恢复原样|回到最初的?(?:版本|样子)?|还原成?原始(?:视频|版本)?|全部撤销|撤销全部|撤销所有|从头再来|重新开始", "undo all"),
    (r"^(?:重做|恢复刚才撤销的操作|恢复撤销|取消撤销)$", "redo"),
)  # fmt: skip

#: English words inside a Chinese sentence ("只要 audio 就行", "convert 成 m4a"), read as the Chinese word.
BORROWED: tuple[tuple[str, str], ...] = (
    (r"\b(?:audio|sound)\b", "音频"), (r"\bvideo\b", "视频"), (r"\bvolume\b", "音量"), (r"\bconvert\b", "转换"),
    (r"\bonly\b", "只要"), (r"\btrim\b(?=\s*到)", "剪"), (r"\bmute\b", "静音"), (r"\bremove\b", "去掉"),
    (r"\bextract\b", "提取"), (r"\bif\b\s*", "如果"),
    (r"\bundo\b", "撤销"), (r"\bmusic\b", "音乐"),
)  # fmt: skip

DOWN = r"降低|调低|调小|减小|减少|降|小"
UP = r"提高|调高|调大|增大|增加|加大|大"

NEGATIONS: tuple[str, ...] = (r"不要", r"别", r"不用", r"无需", r"先不要", r"我不想")
EDIT_VERBS: tuple[str, ...] = ("删除", "删掉", "去掉", "剪", "静音", "提取", "导出", "动")

#: A clause read as nothing that starts like this was a request not understood: the message asks.
ACTIONS: tuple[str, ...] = (r"^(?:把|让|弄|变成|改成|加)",)

MEANINGFUL: tuple[str, ...] = (
    r"(?<![前后减一])半(?!段|部分)", r"如果", r"要是", r"除了", r"否则", r"的话", r"分贝",
    # another clip than the one on the timeline ("第二个视频的前两秒"): the reader edits the timeline as a whole
    r"第\s*\d+\s*(?:个|段)\s*(?:片段|视频|文件|素材|clip)", r"另(?:一|外一?)\s*个?\s*(?:片段|视频|文件|素材)",
    r"(?:上|下)一个\s*(?:片段|视频|文件|素材)",
    # which channel, each one, a part named by its content, frames: none is read here
    r"声道", r"每(?!\s*(?:端|头|边))", r"副歌|对白|说话的?部分|唱歌的?部分|掌声|笑声|帧",
)  # fmt: skip

#: A clause that names only the other end ("剪掉最后一秒，开头也是"): see ``en.ELLIPSES``.
ELLIPSES: tuple[tuple[str, str], ...] = (
    ("first", r"^(?:前面|开头|开始|片头)(?:的)?(?:也是?|也一样|一样)?(?:的)?$"),
    ("last", r"^(?:后面|最后|结尾|末尾|片尾)(?:的)?(?:也是?|也一样|一样)?(?:的)?$"),
)

#: A clause that is only a thing ("去掉音频和标题"): see ``en.OBJECTS``.
OBJECTS: tuple[str, ...] = (r"(?:音频|声音|音轨|原声|标题|字幕|文字|视频|画面)(?:也是?|也要)?",)

#: Words that name a part of the clip (see ``en.PART_WORDS``).
PART_WORDS: tuple[str, ...] = (
    r"中间", r"部分", r"一段", r"那段", r"片段", r"开头", r"结尾", r"片头", r"片尾", r"期间", r"之间",
    # a time word names a part, unless it orders the steps ("导出之前", "导出的时候", "之后我会自己导出")
    r"(?<!导出)(?<!下载)(?<!渲染)(?<!保存)(?<!上传)(?<!完成)(?<!这)(?<!那)(?:的时候|之前|之后|以后|以前)(?![我再你])",
)  # fmt: skip

#: A clause that states a problem rather than asks for something (see ``en.STATEMENTS``): 风声太大了, 有杂音.
STATEMENTS: tuple[str, ...] = (
    r"^(?!把|帮|请|给|让|去|删|剪|消|降|减|弄|加|能|可以)\S*?(?:太|很|有点|有些|好)\S{0,4}?(?:了|啊|呀)?$",
    r"^(?!把|帮|请|给|让|去|删|剪|消|降|减|弄|加|能|可以)\S*?有\S{0,6}(?:噪音|杂音|风声|嗡嗡声|回声)",
)

#: Quoted words after one of these verbs are a title (see ``en.TITLE_VERBS``).
TITLE_VERBS: tuple[str, ...] = (r"^(?:请|帮我)?(?:在\S{0,6})?(?:放上?|写上?|显示|打上|加上?)",)
#: The word a title is said with in the canonical form ``标题 “…”``.
TITLE_WORD = "标题"
TITLES: tuple[str, ...] = (
    r"(?:标题|文字|字幕)(?:上|里)?\s*(?:叫做|叫|写上|写成|写着|写的是|写|是|为|用)\s*(?P<x>[^，。,.!?！？\s“”「」《》‘’\"']+)",
    r"(?:标题|文字|字幕)\s*[:：]\s*(?P<x>[^，。,.!?！？\s“”「」《》‘’\"']+)",
    r"(?:加上?|添加)(?:一个|个)?(?:文字|标题)\s+(?P<x>[^，。,.!?！？\s“”「」《》‘’\"']+)",
)  # fmt: skip

PHRASES: dict[str, str] = {
    "quieter": "音量降低{p}%",
    "louder": "音量提高{p}%",
    "cut_first": "剪掉前{s}",
    "cut_last": "剪掉最后{s}",
    "cut_range": "剪掉{a}到{b}",
    "cut_middle": "剪掉中间的{s}",
    "keep_middle": "保留中间的{s}",
    "mute_middle": "中间的{s}静音",
    "cut_after": "剪掉{a}之后的部分",
    "cut_before": "剪掉{a}之前的部分",
    "keep_first": "保留前{s}",
    "keep_last": "保留最后{s}",
    "keep_range": "保留{a}到{b}",
    "keep_after": "保留{a}之后的部分",
    "keep_before": "保留{a}之前的部分",
    "mute_first": "前{s}静音",
    "mute_last": "最后{s}静音",
    "mute_range": "{a}到{b}静音",
    "mute_after": "{a}之后静音",
    "mute_before": "{a}之前静音",
    "volume": "音量调到{p}%",
    "remove_audio": "去掉音频",
    "extract_audio": "提取音频为{f}",
    "add_title": "加个标题「{t}」",
    "undo": "撤销",
    "restore_audio": "恢复声音",
    "remove_title": "删除标题",
    "join": "，然后",
}

DECLINED: tuple[tuple[str, str], ...] = (
    ("noise", r"降噪|噪音|杂音|噪声|回声|风声"),
    ("silences", r"静音部分|停顿|空白部分|无声部分"),
    ("separate", r"音乐.*(?:人声|说话)|(?:人声|说话).*音乐|(?:去掉|删除|静音).*(?:人声|音乐|说话)|人声|伴奏"),
    ("speed", r"加速|减速|慢动作|倍速|快进|慢放"),
    ("crop", r"裁剪画面|画幅|竖屏|竖版|横屏|9:16|裁剪成"),
    ("fade", r"淡入|淡出"),
    ("music", r"(?:加|添加|配).*(?:音乐|配乐)|替换"),
    ("subtitles", r"字幕(?!「)|生成字幕"),
    ("rotate", r"旋转|翻转"),
    ("colour", r"滤镜|调色|黑白|亮度|调亮|调暗|亮一点|暗一点"),
    ("reverse", r"倒放|倒过来放|倒着放"),
    ("blur", r"模糊|打码|马赛克"), ("gif", r"动图"), ("upscale", r"画质|清晰度|超分"),
    ("voiceover", r"配音|旁白"), ("objects", r"(?:去掉|删掉|抠掉)(?:背景里?的)?(?:人|路人|物体)"),
    ("animation", r"动画"),
    ("generate", r"生成"),
    ("title_style", r"字体|大一点的标题"),
    ("split", r"分割|拆分"),
    ("merge", r"拼接|合并"),
    ("transition", r"转场"),
    ("watermark", r"水印"),
    ("zoom", r"循环|防抖|缩放"),
)  # fmt: skip

FEATURE_NAMES: dict[str, str] = {
    "noise": "去除背景噪音或回声", "silences": "剪掉静音部分", "separate": "分离音乐和人声", "speed": "变速（加速、慢动作）",
    "crop": "裁剪画面或改成竖屏", "fade": "淡入淡出", "music": "添加或替换音乐", "subtitles": "生成字幕",
    "rotate": "旋转或翻转", "colour": "调色、黑白、亮度或滤镜", "reverse": "倒放", "blur": "给画面打码或模糊",
    "gif": "导出动图（GIF）", "upscale": "提高画质或分辨率", "voiceover": "录制或添加配音",
    "fillers": "剪掉口头禅（需要语音识别）", "objects": "从画面里去掉人或物体", "animation": "添加动画",
    "cleanup": "清理声音（需要音频分析）", "generate": "生成新画面", "title_style": "标题样式",
    "split": "分割片段", "merge": "合并片段", "transition": "转场", "watermark": "水印", "zoom": "缩放、防抖或循环",
}  # fmt: skip

REPLIES: dict[str, str] = {
    "did_you_mean": "这条消息我没有完全看懂：{leftover}不在我理解的意思里，所以没有改动。你是想说：“{reading}”吗？",
    "fallback": "本地引擎做不了{declined}，所以按你说的改为：",
    "redo_nothing": "没有可以重做的操作。",
    "redone": "已重做。",
    "undone_n": "已撤销 {n} 步。",
    "undone_all": "已恢复到最初的样子。",
    "undo_fewer": "只有 {n} 步可以撤销，已全部撤销。",
}
