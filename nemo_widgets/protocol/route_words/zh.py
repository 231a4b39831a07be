"""Chinese, as data for the router (see :mod:`nemo_widgets.protocol.route_words`).

Keywords match as substrings; traditional characters are made simplified (OpenCC) before they are read.
"""

from __future__ import annotations

WHOLE_WORDS = False
#: A sentence with a character of this script is a Chinese one (its borrowed words are read as Chinese).
SCRIPT = r"[\u3400-\u9fff]"
#: English words borrowed into a Chinese sentence, as the Chinese word ("render 完了吗?", "export 好了没").
BORROWED: tuple[tuple[str, str], ...] = (
    (r"(?<![A-Za-z])render(?![A-Za-z])\s*", "渲染"),
    (r"(?<![A-Za-z])export(?![A-Za-z])\s*", "导出"),
    (r"(?<![A-Za-z])download(?![A-Za-z])\s*", "下载"),
)

EXPORT: tuple[str, ...] = (
    "导出",
    "下载",
    "保存视频",
    "保存一下",
    "输出",
    "倒出",
    "出片",
    "渲染",
    "出mp4",
    "出mp3",
    "出wav",
    "出m4a",
)
CREDITS: tuple[str, ...] = ("积分", "余额", "点数", "额度")
STATE: tuple[str, ...] = (
    "状态", "时间线上有什么", "查看时间线", "显示时间线", "几条轨道", "有哪些轨道", "轨道", "时间线", "时间轴",
)  # fmt: skip
UPLOAD: tuple[str, ...] = ("上传", "再传", "传一个", "传个")
EDIT: tuple[str, ...] = (
    "删除", "删掉", "去掉", "去除", "移除", "添加", "加上", "剪", "裁", "静音", "提取", "转换", "替换", "修改", "生成",
    "调到", "调成", "调低", "调高", "调小", "调大", "降低", "提高",
)  # fmt: skip
SILENT: tuple[str, ...] = ("无声", "静音", "没有声音", "没声音", "不要声音", "去掉声音", "去掉音频")
AUDIO_ONLY: tuple[str, ...] = ("仅音频", "只要音频", "只导出音频", "只有音频", "只要声音", "只有声音")

FUZZY: dict[str, str] = {}

PATTERNS: dict[str, str] = {
    "question": r"[吗呢？]|没有?[？?]?\s*$|未[呀啊]?[？?]?\s*$|怎么|怎样|如何|什么|哪|多少|多久|为什么|是否|能不能|可不可以|会不会",
    "request": r"帮我|请(?!问)|给我|(?:可以|好|行)吗\s*[？?]?\s*$",
    "audio_object": r"(?:导出|下载)(?:一下)?(?:视频|片子)?(?:里|中)?的?(?:音频|声音|音轨)"
    # 把…导出: the object comes first ("把音频导出来", "把视频里的声音导出"); its last noun is the sound
    r"|把[^，。,.!?！？]{0,8}?(?:音频|声音|音轨)(?:文件)?\s*(?:单独)?(?:导出|下载)",
    "silencing": r"(?:去掉|删除|删掉|去除|移除|关掉)\s*(?:所有的?|全部的?)?(?:声音|音频|音轨)"
    r"|(?:声音|音频|音轨)\s*(?:都|全部)?\s*(?:去掉|删除|删掉|去除|移除|关掉|删了|关了)",
    # a deferral or a negation is never a render now: "之后我会自己导出", "不要 export", "导出失败"
    "not_export": r"(?:之后|等会儿?|待会儿?|一会儿?|过会儿?|稍后|以后|回头|晚点)\s*(?:我)?(?:会|再)?(?:自己)?\s*(?:导出|下载)|我(?:会|自己)(?:再)?(?:导出|下载)"
    r"|(?:先|暂时)?(?:不要|不用|别)\s*(?:export|download|render)"
    r"|(?:导出|输出|渲染|下载)的?\s*(?:进度|状态)|(?:导出|输出|渲染|下载)(?:好了|完了|了)\s*(?:没有?|未)|(?:导出|输出|渲染|下载)\s*(?:没有?|未)\s*[？?]"
    r"|(?:导出|下载|渲染)\s*(?:之后|以后|回头|晚点)再说|(?:导出|下载)\S{0,3}(?:等会|待会|之后|回头|晚点)\S{0,3}(?:自己|再)"
    r"|我\s*(?:later|等会|之后|回头)?\s*(?:会|自己)\s*(?:再)?\s*(?:导出|下载)|(?:查看|看看|看下|查询)\S{0,4}(?:渲染|导出|输出)"
    r"|(?:别|不要|不用|先不|暂时不|还不)\s*(?:要\s*)?(?:导出|下载|渲染)|(?:导出|下载)的(?!时候|时)|(?:导出|下载)(?:失败|不了|出错|报错|有问题)",
    "range": r"前\s*[\d一二两三四五六七八九十半]+\s*秒|最后\s*[\d一二两三四五六七八九十半]+\s*秒",
    "state_phrase": r"(?:导出|渲染|下载|输出|算图)\s*(?:是否|有没有)?已?咗?(?:未|好了|完了|完成了?|结束了?|好未|搞掂未|了没有?|了吗|好没有?|完没有?)|进度点|进度如何|(?:导出|渲染|输出)(?:进度|到哪)|(?:查询|查看|看看|看下)\S{0,6}(?:进度|状态)|(?:搞掂|搞定)(?:咗)?(?:未|了没|没有)|进度到哪|处理(?:好|完)了?(?:没有?|吗|未)|(?:输出|导出)到几|(?:几|多少)\s*(?:个|条)?\s*tracks?\b",
    "state_topic": r"时间线|轨道|时长|多长|几秒|项目里|都有啥|都有什么",
    "audio_only": r"(?:只|仅)(?:要|导出|保留|下载)?(?:音频|声音|音轨)",
    "extract": r"提取",
    "purpose": r"(?:这样|好让|以便|方便)(?:我|我们)(?:可以|能)?[^，,。！？]*",
    "two_exports": r"两个文件|两份|各一个|各导出一个",
    "said_wav": r"无损", "said_m4a": r"(?!)", "said_mp3": r"(?:成|为)\s*(?:一个)?音频(?:文件|档)?|音频(?:文件|档)",
}  # fmt: skip
