"""Chinese, as data for the agent's one reader (see :mod:`nemo_widgets.local.agent.languages`).

Traditional characters (and Taiwan's words: 影片, 音訊, 匯出) are made simplified by OpenCC before
these patterns apply, and numerals are digits ("两秒半" → "2秒半"), so one set of patterns reads both.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nemo_widgets.local.agent.languages import zh_replies as _replies
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

NAME = "zh"
#: What the language writes (replies, the help, examples offered), kept in its own module.
REPLIES, ABILITIES, EXAMPLES = _replies.REPLIES, _replies.ABILITIES, _replies.EXAMPLES
LISTS, NOUNS, TOPICS, MISSPELT = _replies.LISTS, _replies.NOUNS, _replies.TOPICS, _replies.MISSPELT
PHRASES, FEATURE_NAMES = _replies.PHRASES, _replies.FEATURE_NAMES
SCRIPT = r"[\u3400-\u9fff]"
#: Whether its words are written with spaces between them.
SPACED = False
_T = r"(\d+(?:\.\d+)?)"
#: The audio formats an export can be ("mp3|wav|m4a").
_FMT = "|".join(AUDIO_EXPORT_FORMATS)

SIMPLIFICATIONS: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    # "改成 3 到 6 秒显示" (after a title): the times a title shows, said without naming it
    (r"^(?:改成|改到|换成)\s*(\d+(?:\.\d+)?\s*秒?\s*(?:到|至)\s*\d+(?:\.\d+)?\s*秒)\s*(?:显示|出现)$", r"标题改到\1"),
    # "声音太小了，调到200%吧": the level of the sound it complains of
    (r"(?:^|(?<=[，,。]))(?:声音|音量)(?:还是)?太(?:小|大|响|轻|吵)了\s*[，,]\s*(?=(?:改成|调到|调成)\s*\d)", "音量"),
    # "再mute一段，6-7s": a part, then its times
    (r"(?:一段|一部分)\s*[，,：:]\s*(?=(?:从)?\s*(?:第\s*)?\d)", " "),
    # "…，最后再加个淡出": finally, then (not "the last" part of the clip, when no cut or time follows)
    (r"(^|[，,。；;\s])最后\s*(?=再(?!\s*(?:剪|删|去|静音|cut|mute|\d)))", r"\1"),
    # a numbered list ("一、剪掉最后一秒钟；二、…"): its numbers are not amounts
    (r"(?:^|(?<=[；;\n]))\s*\d{1,2}\s*[、．]\s*", ""), (r"秒钟", "秒"),
    # Cantonese: 嘅 (of), 同埋 (and), 熄咗佢 (turn it off), "到尾" (to the end)
    (r"嘅", "的"), (r"同埋", "和"), (r"(?:熄|閂|关)(?:咗|掉|埋)?佢", "静音"), (r"的声(?!音)", "的声音"),
    (r"到尾(?![巴])", "到结尾"),
    # "开头那2s不要了": the first 2 seconds
    (r"开头那\s*(?=\d)", "开头"),
    # "太拖了" (it drags) after a cut asked for: why, not what; "醬就好" (Taiwanese "that's all")
    (r"(?<=了)\s*(?:太|好|很)拖(?:了|啦|沓)?[\U0001F300-\U0001FAFF\u2600-\u27BF]*", ""), (r"[，,]?\s*(?:醬|酱|这样)就(?:好|行|可以)(?:了|ㄌ|啦|喔)?", ""),
    # a title's place said first ("片头打上「…」", "由第5秒到第9秒显示「…」", "第3秒开始出字「…」，出两秒就够")
    (r"(?:^|(?<=然后)|(?<=[，,]))\s*(片头|片尾|开头|结尾)\s*(打上|放上?|加上?|显示)(?=\s*⟦)", r"在\1\2"),
    (r"^(?:由|从)(\s*第?\s*\d[^，,。⟦]{0,12}?)(?:显示|出现|打上|放上?)(?=\s*⟦)", r"从\1加标题"),
    (r"^(第?\s*\d+(?:\.\d+)?\s*秒)\s*开始出字(?=\s*⟦)", r"从\1开始显示标题"),
    (r"(?<=[，,])\s*出\s*(\d+(?:\.\d+)?)\s*秒(?:就够|就好|就行)?了?", r"显示\1秒"),
    # "最后在片头加个标题": "finally", not "at the end", when the place is said right after it
    (r"最后(?=\s*(?:再|请|帮我?)?\s*在\s*(?:片头|开头|开始|前面|第))", "然后"),
    # "再加一个标题「Bye」" said first: one more title (再 inside a message is "then")
    (r"^\s*再(加|添加|放)(?:一个|个|一)?(?:新的)?(标题|文字)", r"\1另一个\2"),
    # "再调回100%": the volume back to that level
    (r"调回\s*(?=\d+(?:\.\d+)?\s*%)", "音量调到"),
    # "keep up to 4s，后面的 cut 掉": the first 4 s kept; "那一小段" (that little part) points at the span said
    (r"保留\s*(?:up to|until|till|到)\s*(\d+(?:\.\d+)?)\s*(?:s|秒)\s*[，,]\s*后面的?(?:部分)?\s*(?:剪掉|剪|cut|去掉|删掉|不要)\s*(?:掉|了)?",
     r"保留前\1秒"),
    (r"\s*那(?:1|一)?小段", ""),
    # "把字改成「…」，时间不变": the title's words (its time stays anyway)
    (r"^把(?:那行|这行|那个|这个)?字改成", "把标题改成"), (r"[，,]\s*时间不变\s*$", ""),
    # "不要标题了": the title taken off; "再小一半": half as loud again
    (r"^(?:我)?不要(?:这个|那个)?标题了?$", "去掉标题"), (r"^再(小|大)(?=\s*(?:一半|一倍|50%|\d+(?:\.\d+)?\s*(?:%|倍)))", r"再调\1"),
    # "降低到原来的四成": to that share of it
    (r"(?<=到|为|成)\s*原来的\s*(?=\d|[一二两三四五六七八九十半])", ""),
    # "第3秒左右加个文字": about the 3rd second, a title put there (at 3 s, as "第3秒加个文字")
    (r"(第\s*\d+(?:\.\d+)?\s*秒)\s*(?:左右|前后|上下)(?=\s*(?:的时候|时)?\s*(?:加|放|显示|出现))", r"\1"),
    # "结尾也剪2秒", "开头再删1秒": the same verb at an end, with its length after
    (r"(?:结尾|末尾|最后|后面)\s*(?:也|再)\s*(?:剪|cut|删|去)(?:掉)?\s*(?=\d)", "剪掉最后"),
    (r"(?:开头|前面|片头)\s*(?:也|再)\s*(?:剪|cut|删|去)(?:掉)?\s*(?=\d)", "剪掉前"),
    # "只要audio，format用wav": the format said as a setting ("格式用/要/选 wav")
    (r"(?:format|格式)\s*(?:用|要|选|是|为|改成)\s*(?=mp3|wav|m4a|aac|mp4)", "格式为"),
    # "从第2秒开始静音5秒": from a time, for a length; "从第2秒静音到第5秒": from a time to another
    (r"从\s*第?\s*(\d+(?:\.\d+)?)\s*秒\s*(?:开始)?\s*(静音|剪掉|删掉|去掉)\s*(\d+(?:\.\d+)?)\s*秒",
     lambda m: f"把{m.group(1)}到{float(m.group(1)) + float(m.group(3)):g}秒{m.group(2)}"),
    (r"从\s*第?\s*(\d+(?:\.\d+)?)\s*秒\s*(静音|剪掉|删掉|去掉)\s*到\s*第?\s*(\d+(?:\.\d+)?)\s*秒", r"把\1到\3秒\2"),
    # "开头和结尾各剪掉一秒", "头尾各 mute 1 秒": the same length at both ends
    (r"(?:开头|头)\s*(?:和|跟|与|同)?\s*(?:结尾|尾)\s*各\s*(剪掉|剪|删掉|去掉|静音|mute)\s*(\d+(?:\.\d+)?)\s*秒",
     r"\1前\2秒和最后\2秒"),
    # "调回60%": set back to a level
    (r"调回(?=\s*\d+(?:\.\d+)?\s*%)", "调到"),
    # Cantonese 喺 (at): "喺尾" is at the end
    (r"喺\s*(?:最)?尾(?:度|处)?", "在结尾"), (r"喺", "在"),
    # "不要全部静音": the negation said before the whole, the verb after it (read as "don't 静音全部")
    (r"(不要|别|不用|先不要)\s*(全部|整段|所有的?|整个)\s*(静音|删掉|删除|剪掉|去掉)", r"\1\3\2"),
    # a time said the way a stopwatch shows it: "2秒500ms", "2秒5" (2.5 s)
    (r"(\d+)\s*秒\s*(\d{3})\s*(?:ms|毫秒)?", r"\1.\2秒"), (r"(\d+)\s*秒\s*(\d)(?![\d.]|\s*(?:秒|分|ms|毫|%|倍|步|次))", r"\1.\2秒"),
    # homophones typed by a voice or pinyin input: 见掉 (剪掉), 净音 (静音), 标提 (标题), 倒出 (导出)
    (r"见掉|建掉", "剪掉"), (r"净音|禁音", "静音"), (r"标提|标体", "标题"), (r"倒出", "导出"),
    # "1分05秒": a time past a minute, as a timecode
    (r"(\d+)\s*分\s*(\d{1,2})\s*秒", r"\1:\2"),
    # a verb done, then the next thing said without a stop (dictation): "最后两秒剪了声音小一点"
    (r"(剪了|删了|剪掉了|删掉了|去掉了|静音了)(?=\s*(?:声音|音量|然后|再|标题))", r"\1，"),
    # "最后三秒是多余的": a part said to be unneeded goes
    (r"^(.+?)\s*(?:是|都是)?(?:多余的|不需要的|没用的)$", r"剪掉\1"),
    # Japanese words written in Chinese (動画, 音声, 削除): the video, its sound, deleted
    (r"削除", "删除"), (r"音声", "音频"), (r"动画(?=\s*(?:的|里|中|就好|太长|is\b|$))", "视频"),
    # Cantonese: 声细 (quieter), 唔要声 (no sound), 跟住 (then), 出 mp4 (export it)
    (r"声细", "声音小"), (r"(?<=[不唔]要)声(?!音)", "声音"), (r"跟住", "然后"), (r"(?<![a-z导输])出\s*(?=mp4|mp3|wav|m4a)", "导出"),
    # more verbs of cutting: 砍掉, 抹掉
    (r"砍掉|砍了|抹掉", "剪掉"),
    # a range said to include its ends: "（含3秒和5秒）"
    (r"[（(]\s*(?:含|包括|包含)[^）)]*[）)]", ""),
    # northern and Shanghai colloquial: 咔嚓 (cut), 声儿, 忒 (too), 点儿, 整没 (gone), 覅 (don't), 一眼眼 (a bit), 声音轻 (quieter)
    (r"咔嚓(?:掉|了)?", "剪掉"), (r"声儿", "声音"), (r"忒", "太"), (r"点儿", "点"), (r"(?:整|弄|搞)没了?", "去掉"),
    (r"覅", "不要"), (r"一眼眼", "一点"), (r"(?<=声音)轻", "小"), (r"往下压|压低", "降低"),
    (r"(?<=音量)\s*(?:直接)?砍(?=\s*(?:\d|一半))", "降低"),
    # "三件事:": a count of the requests before them
    (r"^(?:ok\s*)?\d+\s*件事\s*[:：]", ""),
    # Cantonese: 冇 (没有), 条片 (the video)
    (r"冇", "没有"), (r"(?<=没有)声(?!音)", "声音"), (r"条片", "视频"),
    # 掐头去尾 ("cut the head, cut the tail"): both ends, by the length said with it ("各一秒"), or by the lengths
    # said after it ("掐头去尾，前面一秒半、后面半秒"); said alone, which lengths is asked
    (r"(?:掐|去|剪|砍|切)\s*头\s*(?:去|剪|掐|砍|切)\s*尾\s*(?:各|每边|两边各|两头各|头尾各|each)\s*(\d+(?:\.\d+)?\s*(?:秒|s|sec)?)",
     r"剪掉前\1和最后\1"),
    (r"(?:掐|去|剪|砍|切)\s*头\s*(?:去|剪|掐|砍|切)\s*尾\s*[，,:：]?\s*(?=\S*?\d)", "剪掉，"),
    (r"尾巴", "结尾"),
    (r"头尾\s*(?:各|each|两边各)\s*(?:剪|剪掉|去掉|切|砍)?\s*(\d+(?:\.\d+)?\s*(?:秒|s|sec)?)", r"剪掉前\1和最后\1"),
    # "mute 到 4 秒为止": until that time
    (r"(?<![\d.])到\s*(\d+(?:\.\d+)?)\s*秒\s*为止", r"\1秒之前"),
    # an end, then its verb, then its length ("头去掉2秒", "结尾剪掉1秒"): the verb first
    (r"(?<![\u4e00-\u9fff])(头|开头|前面|结尾|后面|最后)\s*(去掉|剪掉|删掉|砍掉|剪|去|砍)\s*(\d+(?:\.\d+)?\s*秒)", r"\2\1\3"),
    # "first 2s 跟 last 2s": 跟 is "and" before a part
    (r"\s*跟\s*(?=(?:the\s+)?(?:first|last|final|前|后|最后|开头|结尾))", "和"),
    # an editor's in and out points: what is between them is kept (in point 设在1秒，out point 设在9秒)
    (r"in\s*[- ]?\s*point\s*(?:设在|设为|设到|放在|在|=)?\s*(\d+(?:\.\d+)?)\s*(?:秒|s)?\s*[，,]?\s*(?:然后)?\s*out\s*[- ]?\s*point"
     r"\s*(?:设在|设为|设到|放在|在|=)?\s*(\d+(?:\.\d+)?)\s*(?:秒|s)?", r"保留\1秒到\2秒"),
    # Cantonese: 净系 (only), 唔要 (don't want), 把声 (the sound), 消咗 (took away), 校细/校大 (turn down/up),
    # 还原返上一步 (back one step)
    (r"净(?:系|係)", "只"), (r"唔要", "不要"), (r"(?:佢|嘅|啲)?把声(?!音)", "声音"), (r"消咗", "消掉"),
    (r"校细|收细", "调小"), (r"校大|校高", "调大"), (r"(?<=要)啲(?=画面|声)", ""),
    (r"(?:还原|退)返?上\s*[一1]\s*步|返回上\s*[一1]\s*步", "撤销"),
    # "redo 回来 lah": redo
    (r"还是\s*(?:redo|重做)\s*(?:回来|返)?\s*吧?$", "重做"), (r"(?:redo|重做)\s*(?:回来|返)", "重做"),
    # a part said with its times, then "mute it" ("这个 part from 4 to 7 seconds 我朋友讲 bad word, mute it")
    (r"(?:这个|那个)?\s*(?:part|部分|段)?\s*from\s+(\d+(?:\.\d+)?)\s*(?:s|秒)?\s*(?:to|到)\s+(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|s|秒)?"
     r"[^，,。]*[，,]\s*(?:静音|mute)\s*(?:it|它|一下)?", r"静音\1秒到\2秒"),
    # "前面 50% 不要, 后面 keep": the other side kept is what the cut leaves
    (r"[，,]\s*(?:后面|前面)\s*(?:keep|保留|留着)\s*$", ""),
    # a sound nobody should hear is muted (别让人听见)
    (r"(?:别|不要|不想|不能)让(?:人|别人|大家|观众|他们|人家)听(?:见|到)", "静音"),
    # the format of an extraction said after it ("把声音提取出来，要wav格式的", "只保留音频，要wav格式的")
    (r"((?:提取|只保留音频|只要音频|保留音频|只要声音)[^，,。]*?)[，,]\s*(?:要\s*)?(mp3|wav|m4a)\s*(?:格式)?(?:的)?", r"\1为\2"),
    # "开头那两秒半": the end, then "that" length
    (r"(开头|结尾|最后|前面|后面)\s*那\s*(?=\d)", r"\1"),
    # "声音再大一点": 再 here is "more", not "then"
    (r"(声音|音量)\s*再\s*(?=大|小|响|轻|高|低)", r"\1"),
    # "1分05秒那里开始静音": from that point on
    (r"(\d+(?::\d+)?(?:\.\d+)?\s*秒?)\s*(?:那里|那儿|这里|的地方|处)\s*开始", r"从\1开始"),
    # "第3秒的时候加一行字": at that second
    (r"第\s*(\d+(?:\.\d+)?)\s*秒\s*(?:的时候|时)", r"在\1秒"),
    # "算了，还是要视频" after taking the sound out: the extraction taken back; "要 m4a 的": the sound in that format
    (r"^(?:算了|不了)[，,]?\s*(?:还是)?要(?:视频|画面|影片)(?:吧|的)?$", "撤销提取"),
    (r"^(?:我)?(?:还是)?要\s*(mp3|wav|m4a)\s*(?:的|格式)?(?:吧)?$", r"提取音频为\1"),
    # "开头黑屏两秒不要": what is in that part, said between its end and its length
    (r"(开头|结尾|最后)(?:的)?(?:黑屏|黑画面|空白|晃动的?|模糊的?)\s*(?=\d)", r"\1"),
    # "開頭三秒狗在叫，幫我靜音": that part, then what to do with it
    (r"^(?:开头|前面)\s*(?:的)?\s*(\d+(?:\.\d+)?)\s*秒[^，,。]{1,12}[，,]\s*(?:帮我|请|麻烦|直接|就)*\s*静音(?:掉|一下)?(?:吧)?$", r"静音前\1秒"),
    (r"^(?:结尾|最后)\s*(?:的)?\s*(\d+(?:\.\d+)?)\s*秒[^，,。]{1,12}[，,]\s*(?:帮我|请|麻烦|直接|就)*\s*静音(?:掉|一下)?(?:吧)?$", r"静音最后\1秒"),
    # "volume 小 20%": that much quieter (or louder), not to that level
    (r"(音量|声音)\s*小\s*(\d+(?:\.\d+)?)\s*%", r"\1降低\2%"), (r"(音量|声音)\s*大\s*(\d+(?:\.\d+)?)\s*%", r"\1提高\2%"),
    # "加个 title：X，放在最后两秒": where that title goes, said after its words
    (r"(⟧)\s*[，,]\s*(?=(?:放在|放到|显示在|出现在|加在)\s*(?:最后|结尾|开头|前面|片头|片尾|第?\s*\d))", r"\1 "),
    # "标题改成「X」，显示到第5秒": how long that title shows, said after its words
    (r"([」”\"'》⟧])\s*[，,]\s*(?:显示|停留|持续)\s*(到|至)\s*第?", r"\1，标题显示\2"),
    # "太小了，改成80%": the complaint before a correction says nothing more
    (r"(?:^|(?<=我是说))\s*(?:还是)?(?:声音|音量)?(?:还是)?太(?:小|大|响|轻|吵|长|短)了\s*[，,]\s*(?=(?:改成|调到|调成)\s*\d)", ""),
    # "算了，redo 吧": redo; "最后一次改：": the last request, said as such; "２～４秒": from 2 to 4
    (r"^算了[，,]?\s*(?:redo|重做)\s*(?:吧)?$", "重做"), (r"^(?:ok\s*)?最后\s*[1一]\s*次(?:改|修改)?\s*[:：]?", ""),
    (r"(?<=\d)\s*[～〜~]\s*(?=\d)", "到"),
    # "actually 改成 2 秒": the English word before the Chinese correction says nothing more
    (r"(?<![a-z])actually\s*[,，]?\s*(?=(?:就)?改成)", ""),
    # "再小一点" after a volume change: that change again
    (r"^再\s*(?=(?:大|小|响|轻|高|低)\s*(?:一)?点)", "声音"),
    # "结尾再剪1秒": 再 here is "more", at that end, not "then"
    (r"(?:结尾|最后|后面|尾巴?)\s*再\s*(?:多)?\s*(?:剪|删|去|切|砍)(?:掉)?\s*(?=\d)", "剪掉最后"),
    (r"(?:开头|前面|片头)\s*再\s*(?:多)?\s*(?:剪|删|去|切|砍)(?:掉)?\s*(?=\d)", "剪掉前"),
    # "标题再往后挪到5秒": 再 here is "further", not "then"
    (r"标题\s*再\s*(?=往|挪|移|放)", "标题"),
    # voice input's homophones: 减掉 for 剪掉 before a part, 钱 for 前 before a length
    (r"减掉(?=\s*(?:前|后|最后|开头|结尾|\d))", "剪掉"), (r"钱(?=\s*\d+(?:\.\d+)?\s*秒)", "前"),
    # what is not wanted, then the request without a stop ("不要去掉声音 只要把最后两秒剪掉")
    (r"((?:不要|别|不用)[^，,。]*?)\s*(只要把|只把|就把|只要|就)(?=\s*\S)", r"\1，\2"),
    # cancelling the mute just made ("刚才那个静音的地方取消掉"): undone
    (r"(?:刚才|刚刚)?(?:那个|的)?\s*静音的(?:地方|部分|那段)?\s*取消(?:掉)?|取消(?:掉)?(?:刚才|刚刚)(?:的|那个)?\s*静音", "撤销"),
    # "中间 mute 掉，就 4s 到 6s": the middle said, then which part it is
    (r"中间\s*(mute|静音|剪掉|删掉|去掉|cut)\s*掉?\s*[，,]\s*就(?:是)?\s*(?=(?:从\s*)?\d)", r"\1 "),
    # "再往前多剪一秒": one more second at the same end
    (r"往(?:前|后)\s*多剪", "多剪"),
    # "加一行字": a line of text is a title (its "一" is not an amount)
    (r"[1一]\s*(?:行|句)\s*字", "文字"),
    # "第4秒到第6秒": from 4 s to 6 s
    (r"第\s*(\d+(?:\.\d+)?)\s*秒\s*(到|至)\s*第\s*(\d+(?:\.\d+)?)\s*秒", r"\1秒\2\3秒"),
    # Cantonese words (after OpenCC): 唔好剪嘢，净系将音量较到七成 → 不要剪东西，只把音量调到七成
    (r"唔(?:系|係|是)", "不是"), (r"唔好", "不要"), (r"唔", "不"), (r"啱啱", "刚刚"), (r"(?<=[改转])做(?=\s*(?:\d|mp3|wav|m4a|mp4))", "成"), (r"嘅", "的"), (r"最尾", "最后"), (r"[嗰𠮶]", "那"),
    (r"(剪|删|去|拿|消)(?:咗|了)?佢", r"\1掉"), (r"(?:攞|拎)走", "剪掉"), (r"佢", "它"), (r"咗", "了"), (r"啲(?=\s*声)", "的"), (r"(?<=的)声(?!音)", "声音"),
    (r"消掉", "去掉"), (r"啲", "点"), (r"嘢", "东西"), (r"净系|净係", "只"),
    (r"将(?=\S)", "把"), (r"较(?=\s*(?:到|大|细|小|高|低))", "调"), (r"(?<=调)细", "小"), (r"(剪|删|拎|攞)走", r"\1掉"), (r"细声", "小声"),
    (r"少少", "一点"), (r"(?<![开镜片])头(?=\s*\d+(?:\.\d+)?\s*秒)", "前"), (r"喺", "在"),
    # colloquial verbs of taking away ("给我整掉", "搞掉", "弄掉"): removed
    (r"(?:整|搞|弄|干)掉", "去掉"),
    # "开头那三秒": the side, then the length pointed at
    (r"(开头|前面|最后|结尾|后面|中间)(?:的)?\s*(?:那|这)\s*(?=\d)", r"\1"),
    # the audio formats said by another name: lossless is WAV; "格式为WAV": the format of what is kept
    (r"无损(?:的)?(?:音频|音讯|声音)?(?:文件|档|档案|格式)?", " wav "),
    # the loudest level: "开到最大", "最大音量"
    (r"(?:调|开|加|放|拉)(?:到|至)?\s*(?:最大|最响)(?:声)?|(?:音量|声音)\s*(?:调)?(?:到)?最大|最大音量", "音量调到200%"),
    (r"(?:大|响)\s*(\d+)\s*倍", r"音量\1倍"),
    (r"[，,]?\s*(?:文件)?格式\s*(?:为|是|用|选)\s*(?=mp3|wav|m4a|aac)", " 为 "),
    (r"(音频|声音|视频|画面)部分", r"\1"),
    # "七成": seventy per cent
    (r"(?<![\d.])(\d)\s*成(?![功为了])", r"\g<1>0%"),
    # "把音频擷取出来" (Taiwan's word): extracted
    (r"(?:截取|撷取)出来", "提取"),
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
    (r"(?:调|降|关|开|减|拉)(?:到|至)?\s*(?:最小|最低|零|0)(?![\d.%])|静音到底", "调到0%"),
    # a fraction of the level as it was ("音量调到原来的三分之一"): that share
    (r"(?:调|降|减|变)(?:到|至|成)\s*原来的?\s*1/3", "调到33%"), (r"(?:调|降|减|变)(?:到|至|成)\s*原来的?\s*2/3", "调到67%"),
    (r"(?:调|降|减|变)(?:到|至|成)\s*原来的?\s*1/4", "调到25%"), (r"(?:调|降|减|变)(?:到|至|成)\s*原来的?\s*3/4", "调到75%"),
    (r"(?:调|降|减|变)(?:到|至|成)\s*原来的?\s*1/2", "调到50%"),
    (r"(?:(?<=音量)|(?<=声音))\S{0,2}?(?:调|恢复|回)(?:到|至)?\s*原来的?(?!样子|版本|状态)|(?:调|恢复|回)(?:到|至)?\s*(?:原来的?(?:大小|音量)|正常(?:音量)?|原始音量)", "音量调到100%"),
    # "声音 double 一下": the volume doubled
    (r"(?:声音|音量|音频|volume|sound)\s*(?:double|x\s*2)", "音量翻倍"),
    (r"(?:调|降)(?:到|至)?\s*1/3", "调到33%"), (r"(?:调|降)(?:到|至)?\s*1/4", "调到25%"),
    (r"(?:在)?\s*(?:第\s*)?" + _T + r"\s*秒(?:处|的时候|时)", r" at \1秒 "),
    (r"[，,]?\s*显示\s*" + _T + r"\s*秒", r" for \1秒"),
    (r"[，,]?\s*(?:别的|其他的?|其余的?)(?:都)?(?:不用动|不要动|别动|保持不变|不变)", ""),
    (r"(?:给我|要|导出)\s*(mp3|wav|m4a)\s*格式的\s*(?:音频|声音)", r"提取音频为 \1"), (r"(?:放在|放到)(?:最后|结尾|末尾)(?!\s*的?\s*\d)", "at the end"), (r"(?:放在|放到)\s*(?=(?:最后|结尾|末尾|开头|前)\s*的?\s*\d)", ""),
)  # fmt: skip


def SPELLING(text: str) -> str:
    """No spelling fixes: a slip in Chinese is another character, not a letter off."""
    return text


_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]")


#: Words written with 一 that are not numbers (cn2an would make "一样" "1样").
_NOT_NUMBERS = (
    "另一",
    "一下",
    "一样",
    "一起",
    "一直",
    "一共",
    "一定",
    "一边",
    "一切",
    "统一",
    "一般",
    "万一",
    "一旦",
    "一致",
)


_DIGIT_OF = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
#: Two numerals in a row, one more than the other, before a unit: a guess between them ("两三秒", "五六秒").
_ONE_OR_NEXT = re.compile(
    r"(?<![\d十百千零一二两三四五六七八九])([一二两三四五六七八])([二三四五六七八九])(?=\s*(?:秒|分|个|次|倍|成|步|s(?:ec(?:ond)?s?)?\b))"
)


def _or_next(found: re.Match[str]) -> str:
    a, b = _DIGIT_OF[found.group(1)], _DIGIT_OF[found.group(2)]
    return f"{a}或{b}" if b == a + 1 else found.group(0)


def NUMBERS(text: str) -> str:
    """Chinese numerals as digits ("三秒" → "3秒", "两秒半" → "2.5秒", "百分之三十" → "30%")."""
    text = (
        text.replace("一丢丢", "点").replace("一眼眼", "点").replace("亿点点", "很多")
    )  # "a tiny bit"; internet slang for "a lot"
    for word in ("一下", "一点", "一些", "一个"):  # "a bit", "one (thing)": not a number
        text = text.replace(word, {"一点": "点", "一些": "些", "一个": "个"}.get(word, " "))  # "mute一下2到4秒": apart
    text = (
        text.replace("一半", "50%")
        .replace("一倍", "2倍")
        .replace("两倍", "2倍")
        .replace("仨", "三")
        .replace("俩", "两")
    )
    text = _ONE_OR_NEXT.sub(_or_next, text)  # "三四秒": three or four seconds, not thirty-four
    held = {word: f"⟪{i}⟫" for i, word in enumerate(_NOT_NUMBERS)}  # "一样", "一起": words, not numbers
    for word, mark in held.items():
        text = text.replace(word, mark)
    text = re.sub(r"(?<!第)一段", "⟪seg⟫", text)  # "再mute一段": a part, not an amount ("第一段": the first clip)
    if _NUMERAL.search(text):
        import cn2an  # lazy: slow to import (it loads its tables); most messages never need it

        text = cn2an.transform(text, "cn2an")
    for word, mark in held.items():
        text = text.replace(mark, word)
    text = text.replace("⟪seg⟫", "一段")
    text = re.sub(r"(\d+)\s*(秒钟?|分钟?)半", r"\1.5\2", text)  # "两秒半" → 2.5秒
    return re.sub(r"百分之\s*(\d+(?:\.\d+)?)", r"\1%", text)


def _share(found: re.Match[str]) -> str:
    """ "前1/3": the first third of the clip, as a percentage."""
    part, whole = int(found.group(2)), int(found.group(3))
    if not 0 < part < whole:
        return found.group(0)
    return f"{found.group(1)}{part / whole * 100:.4g}%"


def _nth_second(found: re.Match[str]) -> str:
    """ "第3秒" alone: the third second, from 2 s to 3 s."""
    return f"{int(found.group(1)) - 1}秒到{found.group(1)}秒"


#: Set phrasings of a span (see ``en.SPAN_REWRITES``).
SPAN_REWRITES: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"(?<![删去移清消排剪])除了?\s*(.+?)\s*(?:以外|之外|外)?[，,]?\s*(?:其他的?|别的|其余的?)?(?:内容|部分)?(?:都|全部?|均)?"
     r"(?:须|需|要)?\s*(?:删掉|剪掉|去掉|删除|删了|删|剪|不要|delete|cut|remove)了?",
     r"保留 \1"),
    # the verb said first: "静音除了3到5秒以外的部分" (mute all but 3-5 s), "删掉除了2到6秒以外的" (keep 2-6 s)
    (r"(?:静音|消音)\s*除了?\s*(?:第\s*)?⟨T⟩\s*(?:到|至|-|~)\s*(?:第\s*)?⟨T⟩\s*(?:以外|之外|外)?的?(?:部分|内容|地方|其他)?",
     r"\1\2之前静音，\3\4之后静音"),
    (r"(?:删掉|剪掉|去掉|删除|删|剪)\s*除了?\s*(.+?)\s*(?:以外|之外)的?(?:部分|内容|地方|其他)?", r"保留 \1"),
    # "把声音关掉，但保留最后一秒的声音": the sound kept there, muted elsewhere
    (r"(?:把)?(?:声音|音频)(?:关掉|去掉|删掉|删除|静音)[，,]?\s*(?:但是?|不过|but)?\s*(?:保留|留着|留下|keep)\s*(.+?)\s*的?\s*(?:声音|音频)",
     r"除了\1以外都静音"),
    # "除了最后两秒都静音": all of the clip before its last part is muted
    # "除了2到5秒都静音": the clip muted on both sides of the part kept
    (r"(?<![删去移清消排剪])除了?\s*(?:第\s*)?⟨T⟩\s*(?:到|至|-|~)\s*(?:第\s*)?⟨T⟩\s*(?:以外|之外|外)?(?:的)?[，,]?\s*"
     r"(?:其他的?|别的|其余的?)?(?:内容|部分)?(?:都|全部?|均)?(?:须|需|要)?\s*(?:静音|消音)", r"\1\2之前静音，\3\4之后静音"),
    (r"(?<![删去移清消排剪])除了?\s*(?:最后|后面|结尾|最后面)的?\s*⟨T⟩\s*(?:以外|之外|外)?[，,]?\s*(?:其他的?|别的|其余的?)?"
     r"(?:内容|部分)?(?:都|全部?|均)?(?:须|需|要)?\s*(?:静音|消音)", r"最后\1\2之前静音"),
    # "keep 2s~6s，其他delete": the rest goes with the part kept
    (r"((?:保留|只要|留下|只留|keep)\s*[^，,]+?)[，,]\s*(?:其他的?|别的|其余的?|前后)(?:内容|部分)?(?:都|全部?|均)?\s*"
     r"(?:删掉|剪掉|去掉|删除|删了|删|剪|不要|delete|cut|remove)了?", r"\1"),
    # a keep, then the other side said to go ("只留前一半，后面不要了"): the keep says it
    (r"((?:保留|只要|留下|只留|keep)\s*(?:前|前面|开头)[^，,]*?)[，,]\s*后面(?:的)?(?:都)?(?:不要了?|删掉|剪掉|去掉|删了|剪了)", r"\1"),
    (r"((?:保留|只要|留下|只留|keep)\s*(?:后|后面|最后|结尾)[^，,]*?)[，,]\s*前面(?:的)?(?:都)?(?:不要了?|删掉|剪掉|去掉|删了|剪了)", r"\1"),
    # a part said with its times, then pointed back at: "新人交换戒指在4到7秒，只留这段"
    (r"(?:在|是)\s*⟨T⟩\s*(?:到|至|-)\s*⟨T⟩\s*[，,]\s*(只留|保留|留下|静音|剪掉|删掉|去掉|mute|cut)\s*(?:掉)?(?:这|那)\s*[1一]?\s*(?:段|部分|块|里)",
     r"\5\1\2到\3\4"),
    # "4秒到结尾": open-ended spans said with both ends
    (r"(?:从\s*)?⟨T⟩\s*(?:到|至)\s*(?:结尾|最后|末尾|结束)", r"\1\2之后"),
    # "第3秒" alone: the third second (2-3 s); "第2秒到第4秒", "从第5秒开始" are times
    (r"(?<![到至在从\d])第\s*(\d+)\s*秒(?!\s*(?:到|至|-|开始|之后|以后|后|起|之前|以前|前|加|放|出现|出|打|写|弹|显示|的时候|处|时))", _nth_second),
    (r"(?:(?:首尾|头尾|两头|两端|2头|2端)各?|前后各)\s*⟨T⟩", r"前\1\2 和 最后\1\2"),
    (r"(?:(?:首尾|头尾|两头|两端|2头|2端)各?|前后各)\s*(剪掉|剪去|剪|删掉|删|去掉|裁掉|cut)\s*⟨T⟩", r"剪掉 前\2\3 和 最后\2\3"),
    # "前1/3", "后1/4" (a fraction said in words is digits by then): a share of the clip
    (r"(前面?|后面?|最后)的?\s*(\d)\s*/\s*(\d)(?![\d/])", _share),
    # "前面剪2秒": the verb said between the side and the length
    (r"(前面|开头|后面|最后面|最后|结尾)\s*(剪掉|剪去|剪|删掉|删|去掉|裁掉)\s*(?=\d)", r"\2\1"),
    # "除了前两秒都静音": the rest of the clip is muted
    (r"(?<![删去移清消排剪])除了?\s*(?:前|前面|开头)的?\s*⟨T⟩\s*(?:以外|之外|外)?[，,]?\s*(?:其他的?|别的|其余的?)?"
     r"(?:内容|部分)?(?:都|全部?|均)?(?:须|需|要)?\s*(?:静音|消音)", r"\1\2之后静音"),
)  # fmt: skip

FILLERS: tuple[str, ...] = (
    r"^(?:嗯+|呃+|那个|就是)[，,\s]*", r"(?<=[，,])\s*(?:嗯+|那个)", r"谢谢(?:你|啦)?[！!。]?", r"麻烦(?:你)?(?:了)?(?=[，,。！!]|$)",
    r"就行了?|就好了?|就可以了?", r"^你好[，,！!]?", r"唔该", r"[，,]?\s*(?:谨此致谢|此致敬礼|此致|谢谢亲)[。！!]?",
    r"^(?:欸|诶|哎|唉)\s*", r"(?:啦|喔|噢|喇|咯|啰|囉|嘛)(?=\s*(?:[，,。！!？?]|$))",
    # "一会儿": a moment, not an amount
    r"[1一]会儿?",
    # what the result is for, said last ("，这样静音播放也能看懂"): not a request
    r"[，,]\s*(?:这样|好让|以便|方便)[^，。！？]*(?:能|可以|会)[^，。！？]*[。！]?$",
    # "删掉4到6秒这一段": the span just said, pointed at again
    r"(?<=秒)\s*(?:的)?(?:这|那)\s*[1一]?\s*(?:段|部分|块)",
)  # fmt: skip

POLITE_PREFIX: tuple[str, ...] = (
    # at the start, or after a space that ends a sentence written without a stop ("这是我家猫的视频😺 可以帮我…")
    r"(?:^|(?<=\s))(?:烦请|敬请|劳驾|请问)?(?:你|您)?(?:这边|那边)?(?:能不能|可不可以|可以不可以|能否|是否可以|可以|能|麻烦|can\s*(?=帮|给))(?:你)?(?:帮我|帮忙|给我)?\s*(?![了吗])",
    # the thing first, then the polite "can": 声音可以小声一点吗
    r"(?<=^声音)\s*(?:可以|能)(?!\s*[了吗])|(?<=^音量)\s*(?:可以|能)(?!\s*[了吗])",
)  # fmt: skip
#: A request followed by "可以吗？" ("remove background noise 可以吗") is a request.
POLITE_ALONE: tuple[str, ...] = (r"\s*(?:可以吗|行吗|好吗|可以不)\s*[？?]*$",)
POLITE_SUFFIX: tuple[str, ...] = (r"\s*(?:好吗|可以吗|行吗|吗|呢)?\s*[？?]*$",)
HEDGES: tuple[str, ...] = (r"^如果可以的话[，,]?\s*", r"^可以的话[，,]?\s*")

CORRECTIONS: tuple[str, ...] = (
    r"^(?:那)?(?:就)?改成(?=\s*(?:剪|切|删)?\s*(?:前|后|最后|第)?\s*\d)", r"^(?:剪|切|删)多了[，,]?\s*(?:只|就)?(?=\s*(?:剪|切|删)?\s*\d)", r"[，,]\s*(?:那)?(?:就)?改成(?=\s*(?:前|后|最后|第)?\s*\d)", r"^(?:actually|其实)\s*(?:就)?改成(?=\s*\d)",
r"[，,]\s*(?:不对[，,]?\s*)?还是(?=\s*(?:前|后|最后)?\s*\d)", r"[，,]?\s*哦不对?[，,是]?", r"[，,]?\s*啊?不是[，,]", r"[，,]?\s*不对[，,]?(?:是)?", r"[，,]\s*算了[，,]", r"……\s*不[，,]\s*(?:还是)?",
    r"[，,]?\s*(?:其实)?我是想(?:要|说)?", r"[，,]?\s*我是说", r"[，,]?\s*我的意思是", r"[，,]?\s*说错了[，,]?", r"[，,]?\s*(?:更正|纠正)(?:一下)?[，,：:]?\s*(?:是)?",
    # "搞反了，是最后两秒": the edit before had it the wrong way round
    r"(?:^|[，,]\s*)(?:搞反了|弄反了|反了|搞错了|弄错了)[，,]?\s*(?:是)?",
)  # fmt: skip

FALLBACKS: tuple[str, ...] = (
    r"^(?:如果|要是|假如)(?:你)?(?:去不掉|去不了|做不到|做不了|弄不了|不能做?|不可以|不行|没法|没有?办法|无法)(?P<first>.+?)(?:的话)?[，,]?\s*(?:就|那就|那)(?P<then>.+)$",
    r"^(?:如果|要是)能(?P<first>.+?)就\S{0,4}[，,]\s*(?:不能|不行|做不到)的话[，,]?\s*(?:就)?(?P<then>.+)$",
    r"^(?:没有?办法|没法|不能|做不到|无法|去不掉|去不了)(?P<first>.+?)的话[，,]?\s*(?:就|那就|那)(?P<then>.+?)(?:好了|吧)?$",
    r"^(?:不行的话|做不到的话)(?:就)?(?P<then>.+?)[：:，,]\s*(?:先试试|先)(?P<first>.+)$",
    r"^(?P<first>.+?)[，,？?。;；]\s*(?:如果|要是)?(?:(?:不行|做不到|不可以)的话[，,]?\s*(?:就|那就)?|(?:不行|做不到|不可以)[，,]?\s*(?:就|那就))"
    r"(?P<then>.+?)(?:也行|也可以|也好)?$",
)  # fmt: skip

UNDO: tuple[tuple[str, str], ...] = (
    # "取消最后两个动作", "上一步唔要", "搞返原本嗰条片", "只撤一步" (one step is what an undo takes anyway)
    (r"(?:取消|撤销|撤回)\s*(?:最后|最近)的?\s*(\d+)\s*个?\s*(?:动作|操作|修改|改动|步骤?)", r"undo \1"),
    (r"^上\s*(?:一|1)\s*步\s*(?:唔要|不要)(?:了|喇|啦|咗)?$", "undo"),
    (r"^(?:搞|整|变|还)返?(?:回)?原本(?:嗰|那|的)?(?:条|个)?(?:片|视频)?$", "全部撤销"),
    (r"[，,]?\s*(?:但是?)?只(?:撤|撤销|撤回)\s*(?:一|1)\s*步", ""),
    # "两个都 undo 掉": both of the last two steps
    (r"(?:(?:两|2)\s*(?:个|步|次)|俩)(?:修改|操作|改动)?都\s*(?:撤销|撤回|取消)掉?", "undo 2"),
    (r"(?:撤销|撤回|回退|后退|退回|倒退|返回|go\s*back|复原|还原)\s*(?:最后|最近)?\s*(\d+)\s*(?:步|次|个)(?:修改|操作|改动)?", r"undo \1"),
    (r"^(?:刚刚|刚才)?(?:\S{0,3}的)?(?:那个|这个)?\s*(?:复原|还原)(?:一下)?$", "undo"),
    (r"(?:最后|后面|最近)(?:的)?\s*(\d+)\s*步\s*(?:不要了|撤回去?|撤销)(?:[，,]\s*撤回去?)?", r"undo \1"),
    (r"(?:刚才|刚刚)(?:那个|的)?\s*\S{1,8}?\s*不要了", " undo "),
    (r"(?:返回|回到|退回|复原|恢复)(?:到)?上\s*[一1]\s*步", "undo"),
    (r"^(?:退返|退回|返回)\s*[一1]\s*步(?:吧|啦)?$", "undo"),
    (r"^(?:回)?上\s*[一1]\s*步(?:吧)?$", "undo"),
    (r"上\s*[一1]\s*步\s*(?:的)?(?:操作|修改)?\s*(?:撤销|撤回|取消)(?:掉)?", " undo "),
    (r"^(?:回到|恢复到?|变回|还原成?)原来的?(?:吧|样子)?$", "undo all"),
    (r"往回(?:撤|退)\s*(\d+)\s*步", r"undo \1"),
    # "把那个静音去掉": that mute taken back
    (r"^(?:把)?(?:那个|刚才的?|刚刚的?)?\s*静音\s*(?:去掉|取消|删掉|拿掉|撤销)(?:吧)?(?=\s*(?:[，,]|$))", "撤销静音"),
    # "前面那个静音也撤了吧": an edit named, then taken back
    (r"^(?:前面|刚才|之前|刚刚)?(?:那个|的)?\s*(?:静音|剪|裁|标题|音量|提取)\S{0,4}?\s*也?\s*撤(?:销|回)?(?:了|掉)\s*(?:吧)?$", "undo"),
    (r"^(?:复原|复原一下|撤销一下)$", "undo"), (r"(?:撤销|撤回)\s*上\s*[一1]\s*步(?:的)?(?:操作|修改|改动)?", " undo "),
    (r"^再\s*(?:撤销|撤回|undo)\s*(?:[1一]\s*次|一下|[1一]\s*步)?(?:吧)?$", "undo"),
    (r"恢复原样|恢复原状|(?:恢复|回到|变回|还原)(?:到|成)?原来的?(?:样子|版本|状态)|回到最初的?(?:版本|样子)?|(?:还原|恢复|回|变回|改回)(?:到|成)?\s*(?:最)?(?:原始|初始|原本|最初)的?\s*(?:视频|影片|版本|样子|状态)?|全部撤销|撤销全部(?:的)?(?:操作|修改|改动)?|撤销所有(?:的)?(?:操作|修改|改动)?|全部复原|复原全部|全部还原|从头再来|重新开始", " undo all "),
    (r"(?:重做|恢复)\s*(\d+)\s*(?:步|次)", r"redo \1"),
    (r"^(?:还是\S{0,3}吧[，,]\s*)?(?:请|帮我)?(?:再)?(?:重做(?:回来|一下|刚才的(?:操作|修改)?)?|(?:恢复|还原|找回)(?:刚才|刚刚)?(?:被)?撤销(?:掉)?的(?:操作|修改|改动|内容|那一?步)?"
     r"|恢复撤销|取消撤销|取消复原|撤销(?:刚才的)?撤销|把撤销的(?:操作|修改)?(?:恢复|找回)(?:来)?)\s*(?:(?:刚才|刚刚)(?:那个|的|那一?步)?)?(?:吧|一下)?(?=\s*(?:[，,。!！]|$))", "redo"),
)  # fmt: skip

#: English words inside a Chinese sentence ("只要 audio 就行", "convert 成 m4a"), read as the Chinese word.
BORROWED: tuple[tuple[str, str], ...] = (
    (r"\b(?:the\s+)?(?:whole|entire)\s+(?:video|clip)\b", "整个视频"), (r"\btimeline\b", "时间线"),
    (r"\b(?:the\s+)?other\s+(?:end|side)\b", "另一头"),
    (r"(?<=撤销)\s*undo\b|\bundo\s*(?=撤销)", ""),  # "撤销 undo 最后两步": the verb said in both languages, once
    (r"\b(?:audio|sound)\b", "音频"), (r"\bvideo\b", "视频"), (r"\bvolume\b", "音量"), (r"\bconvert\b", "转换"),
    (r"\bonly\b", "只要"), (r"\btrim\b(?=\s*到)", "剪"), (r"\bmute\b", "静音"), (r"\bremove\b", "去掉"),
(r"\bchange\s*(?=成|为)", "改"), (r"\bextract\b", "提取"), (r"\bif\b\s*", "如果"), (r"\bredo\b", "重做"), (r"\bdelete\b", "删除"),
    (r"\bfirst\b(?=\s*\d)", "前"), (r"\blast\b(?=\s*\d)", "最后"), (r"(?<=不是)\s*(?:the\s+)?last\b", "最后"),
    (r"(?<=不是)\s*(?:the\s+)?first\b", "开头"), (r"\bshow\b", "显示"), (r"\bkeep\b", "保留"), (r"\bend\b", "结尾"), (r"\b(?:start|beginning)\b", "开头"), (r"\bmax(?:imum)?\b", "最大"), (r"(?<!the way )\bdown\b", "调小"), (r"\bup\b(?!\s+(?:to|until|till)\b)", "调大"),
    (r"(?<!first )(?<!second )(?<!last )(?<!the )(?<!a )\bhalf\b", "一半"), (r"\bundo\s+(?:all|everything)\b", "全部撤销"), (r"\bundo\b", "撤销"), (r"\btitle\b", "标题"), (r"\badd\b", "加"), (r"\bsame for\b\s*", "同样处理"), (r"\brestore\b", "恢复"), (r"\bmusic\b", "音乐"), (r"\bexport\b", "导出"), (r"\bthe\s*(?=结尾|开头)", ""),
)  # fmt: skip

DOWN = r"降低|调低|调小|减小|减少|降|小|减(?=\s*\d)"
UP = r"提高|调高|调大|增大|增加|加大|大|加(?=\s*\d)"

#: 别 is "don't" on its own, not inside a word (识别, 区别, 特别, 分别, 告别, 级别 …)
_BIE = r"(?<![识区特分告类级个差性鉴辨派组])别"
NEGATIONS: tuple[str, ...] = (r"不要", _BIE, r"不用", r"无需", r"先不要", r"我不想")
EDIT_VERBS: tuple[str, ...] = ("删除", "删掉", "去掉", "剪", "静音", "提取", "导出", "动")

#: A clause read as nothing that starts like this was a request not understood: the message asks.
ACTIONS: tuple[str, ...] = (r"^(?:把|让|弄|变成|改成|加)",)

MEANINGFUL: tuple[str, ...] = (
    r"(?<![前后减一])半(?!段|部分)", r"如果", r"(?<=\d)\s*或\s*(?=\d)", r"要是", r"除了", r"(?<![删去移清消排剪])除", r"否则", r"的话", r"分贝",
    # the writer is not sure, or offers another reading ("2到3秒，还是3到4秒？不确定")
    r"不确定|不知道|拿不准|说不好|还是(?=[^，,。]*[？?])",
    # another clip than the one on the timeline ("第二个视频的前两秒"): the reader edits the timeline as a whole
    r"第\s*\d+\s*(?:个|段)\s*(?:片段|视频|文件|素材|clip)", r"另(?:一|外一?)?\s*个?\s*(?:片段|视频|文件|素材|clip)",
    r"(?:上|下)一个\s*(?:片段|视频|文件|素材)",
    # which channel, each one, a part named by its content, frames: none is read here
    r"声道", r"每(?!\s*(?:端|头|边))", r"帧", r"(?<=\d)\s*格(?!式)",
    # a length kept from an edit before ("位置错了，从6秒开始，长度不变"): not read here
    r"长度不变|一样长|同样长|时长不变",
    # a comma between two digits ("前面 2,5 秒"): a decimal comma or two lengths; asked
    r"(?<![\d,])\d,\d(?![\d,])",
)  # fmt: skip
#: Words that change an edit only in a clause that asks for one (see ``en.MEANINGFUL_IN_REQUEST``).
MEANINGFUL_IN_REQUEST: tuple[str, ...] = (r"副歌|对白|说话的?部分|唱歌的?部分|掌声|笑声",)

#: A clause that names only the other end ("剪掉最后一秒，开头也是"): see ``en.ELLIPSES``.
ELLIPSES: tuple[tuple[str, str], ...] = (
    ("first", r"^(?:前面|开头|开始|片头)(?:的)?(?:也是?|也一样|一样)?(?:的)?$"),
    ("last", r"^(?:后面|最后|结尾|末尾|片尾)(?:的)?(?:也是?|也一样|一样)?(?:的)?$"),
    ("last", r"^(?:请)?(?:将|把)?(?:后面|最后|结尾|末尾|片尾)(?:的部分)?也?(?:做)?(?:同样|一样)的?(?:处理)?$"),
    ("first", r"^(?:请)?(?:将|把)?(?:前面|开头|开始|片头)(?:的部分)?也?(?:做)?(?:同样|一样)的?(?:处理)?$"),
    ("first", r"^(?:同样|一样)(?:处理)?\s*(?:前面|开头|开始|片头)$"),
    ("last", r"^(?:同样|一样)(?:处理)?\s*(?:后面|最后|结尾|末尾|片尾)$"),
    # "再剪一秒" (再 splits the clause off): the same end, this length
    ("same", r"^多?\s*(?:剪掉?|删掉?|去掉|静音)?\s*多?\s*\d+(?:\.\d+)?\s*(?:秒钟?|ms)(?:\s*please)?$"),
    ("other", r"^(?:那)?(?:另一头|另一端|另一边|另外一头|另外一边)(?:也是?|也一样|也要)?$"),
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
    # the user's own plan ("我要自己配旁白"): said, not asked for
    r"^我(?:后期|之后|以后|回头|等下|等会儿?)?(?:要|会|打算|准备|想)?自己",
    r"^(?!把|帮|请|给|让|去|删|剪|消|降|减|弄|加|能|可以)\S*?(?:太|很|有点|有些|好)\S{0,4}?(?:了|啊|呀)?$",
    r"^(?!把|帮|请|给|让|去|删|剪|消|降|减|弄|加|能|可以)\S*?有\S{0,6}(?:噪音|杂音|风声|嗡嗡声|回声)",
)

#: A clause about someone (see ``en.CONTEXT``): 这是我在海边拍的, 我儿子5岁.
CONTEXT: tuple[str, ...] = (r"^(?:这是|我|我们|他|她|他们|我的|孩子|儿子|女儿)",)

#: Quoted words after one of these verbs are a title (see ``en.TITLE_VERBS``).
TITLE_VERBS: tuple[str, ...] = (
    r"^(?:请|帮我)?(?:在\S{0,6}|at\s*\d+(?:\.\d+)?\s*秒|(?:开头|结尾|最后|最前面|前|后)\s*(?:\d+(?:\.\d+)?\s*秒)?)?\s*"
    r"(?:放上?|写上?|显示|打上|加上?|上个?|出)",
)
#: The word a title is said with in the canonical form ``标题 “…”``.
EDIT_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"音量|大声|小声", ("set_volume",)),
    (r"静音|消音", ("mute_range", "remove_audio")),
    (r"剪|裁|删掉|切", ("trim",)),
    (r"标题|文字", ("add_title", "change_title", "remove_title")),
    (r"提取|mp3|wav|m4a", ("extract_audio",)),
)
TITLE_SAID = "标题"
TITLE_CHANGE_SAID = "标题改成"
TITLE_WORD = "标题"
TITLES: tuple[str, ...] = (
    r"(?:标题|标提|标体|文字|字幕|title)(?:上|里)?\s*(?:吗|呢)?\s*[，,]?\s*(?:叫做|叫|写上|写成|写着|写的是|写|是|为|用|改成|改为|换成)\s*"
    r"(?!stay|停留|显示|持续|留|从|在|到|\d|着|整个|整段|整支|全程|全片|从头|一直)"  # (写着「…」: the words are the quote)
    r"(?P<x>[^，。,.!?！？\s“”「」《》‘’\"']+(?:\s+[A-Za-z0-9][^，。,.!?！？\s“”「」《》‘’\"']*)*)",
    r"(?:标题|文字|字幕|字卡|title|(?:[1一]\s*(?:行|句)|几个)字(?!幕))\s*[:：]\s*(?P<x>[^，。,.!?！？\s“”「」《》‘’\"']+(?:\s+[A-Za-z0-9#][^，。,.!?！？\s“”「」《》‘’\"']*)*)",
    # "在3秒加个title，内容是 Good Morning": its words said after it
    r"(?:标题|文字|字卡|title)[，,]\s*(?:内容|文字|写的)(?:是|为)\s*(?P<x>[^，。,.!?！？\s“”「」《》‘’\"']+(?:\s+[A-Za-z0-9#][^，。,.!?！？\s“”「」《》‘’\"']*)*)",
    r"(?:加上?|添加)(?:一个|个)?(?:文字|标题)\s+(?P<x>[^，。,.!?！？\s“”「」《》‘’\"']+)",
    # "在结尾加标题谢谢观看", "整个视频都显示标题生日快乐": the words right after the title word, the clause's last
    r"(?:加上?|添加|显示|打上?)(?:一个|个|一行|上)?(?:标题|title)\s*"
    r"(?![在从到于放显持的是为叫写用改换移挪，,。:：]|\d|时间|位置|at\b|for\b)"
    r"(?!(?:吗|呢|吧|啊|呀|嘛|么)(?:\s*[？?，。！!,.]|\s*$))(?P<x>[^，。,.!?！？\s“”「」《》『』«»‘’\"'⟦\d]+)(?=\s*$|\s*[，。,.!?！？])",
    # "title放在end 写the end", "title就写 Happy New Year": where it goes between, then 写 and its words
    r"(?:标题|title)(?P<keep>[^，。,.!?！？“”「」《》⟦\n写]{1,15}?)\s*[，,]?\s*(?:写上|写着|写成|写的是|写|内容是)\s*"
    r"(?![“”「」《》『』«»‘’\"'\d]|stay|停留|显示|持续)(?P<x>[^，。,.!?！？“”「」《》『』«»‘’\"'\n]+?)(?=\s*[，。,.!?！？\n]|\s*$)",
)  # fmt: skip


DECLINED: tuple[tuple[str, str], ...] = (
    ("noise", r"降噪|去噪|消噪|噪音|杂音|噪声|回声|风声"),
    ("loudness", r"标准化|响度|归一化|normali[sz]|duck|闪避|避让|自动(?:调节|平衡)音量|音量(?:均衡|平衡)"),
    ("silences", r"静音部分|停顿|空白部分|无声部分|(?<![\d秒])静音片段|没(?:有)?声音的\s*(?:部分|地方|段|片段|part)"),
    ("separate", r"音乐.*(?:人声|说话)|(?:人声|说话).*音乐|(?:去掉|删除|静音).*(?:人声|音乐|说话)|人声|伴奏"
     r"|(?:游戏|背景|环境|街上)(?:的)?(?:声|音).*(?:保留|留着|不变|别动|不要动).*(?:我的声音|说话|解说)"
     r"|(?:我的声音|说话的声音|解说)(?:要)?(?:保持不变|不变|别动|不要动|保留)"),
    ("split_edit", r"[jlJL]\s*-?\s*cut"),
    ("speed", r"加速|减速|慢动作|倍速|快进|慢放|调速|变速|调慢|调快|放慢|播慢|播快|慢(?:一)?点|(?<!速度)速度(?!速度)(?=\S{0,3}(?:快|慢|调|改|变|加|减))"),
    ("crop", r"裁剪画面|画幅|竖屏|竖版|横屏|9:16|裁剪成|直式|横式|竖的|直的影片|竖过来"),
    ("fade", r"淡入|淡出"),
    ("format", r"\bprores\b|\bhevc\b|\bwebm\b|\bflac\b|\bmkv\b"),
    ("music", r"(?:加|添加|配).*(?:音乐|配乐|bgm)|替换"),
    ("subtitles", r"字幕(?!「)|生成字幕"),
    ("rotate", r"旋转|翻转"),
    ("colour", r"滤镜|调色|调个色|调一下色|色调|色温|黑白|亮度|调亮|调暗|亮一点|暗一点|暖一点|冷一点|暖色|冷色"),
    ("reverse", r"倒放|倒过来放|倒着放"),
    ("blur", r"模糊|打个?码|马赛克"), ("gif", r"动图"), ("upscale", r"画质|清晰度|超分"),
    ("voiceover", r"配音|旁白"), ("objects", r"(?:去掉|删掉|抠掉)(?:背景里?的)?(?:人|路人|物体)"),
    ("animation", r"动画"),
    ("generate", r"生成"),
    ("title_style", r"字体|大一点的标题|(?<![a-z])font(?![a-z])"),
    ("split", r"分割|拆分"),
    ("merge", r"拼接|合并"),
    ("transition", r"转场"),
    ("watermark", r"水印"),
    ("zoom", r"循环|防抖|防手震|稳定画面|缩放"),
)  # fmt: skip


#: Its punctuation that ends or separates clauses (beside ASCII's), stripped around them.
PUNCTUATION = "，。！？"
#: A time unit's first letters → its length in ms (seconds are the default).
UNIT_MS: dict[str, int] = {"分": 60000, "小时": 3600000}
#: Units that count (a percentage, steps, times) rather than measure time.
COUNT_UNITS: tuple[str, ...] = ("步", "次", "倍")
#: Taking one uploaded clip off the timeline (``⟨CLIP⟩``: its file name and/or its media id).
REMOVE_CLIP: tuple[str, ...] = (
    r"^(?:请)?(?:从时间(?:线|轴)上?)?(?:删除|删掉|去掉|移除|拿掉)\s*⟨CLIP⟩$",
    r"^(?:请|帮我|麻烦)?把\s*(?:这段|这个|那段|那个)?\s*(?:影片|视频|片段|片子|素材|clip|video)?\s*⟨CLIP⟩\s*从\s*(?:时间(?:线|轴)|timeline)\s*上?\s*(?:删除|删掉|去掉|移除|拿掉|remove|delete)\s*掉?"
    r"\s*(?:吧|啦|了)?(?:[，,]\s*(?:不要了|不用了))?$",
)
#: A written form of its own: (how to tell a message is in it, how to write replies in it, the locale tags that
#: choose it). Chinese: traditional characters, told by OpenCC's t2s changing the text, written through s2twp.
VARIANT: tuple[str, str, tuple[str, ...]] = ("t2s", "s2twp", ("tw", "hk", "mo", "hant"))
#: Punctuation said aloud (dictation), as the mark.
SPOKEN_MARKS: tuple[tuple[str, str], ...] = ((r"句号", "。"), (r"逗号", "，"), (r"问号", "？"), (r"换行", "\n"))
#: How a correction is said, when the reader says one for the user ("…, i meant cut 3").
CORRECTION_SAID = "我是说"
#: Its marks that end a sentence (beside ASCII's ".", "!" and "?").
SENTENCE_ENDS = "。！？"
#: What marks a numbered list item after its number, beside ASCII's "." and ")".
LIST_MARKS = "、"
WORDS: dict[str, str] = {
    "audio": r"音频|声音|音轨|原声|原音|声轨",
    "video": r"视频|画面",
    "neg": _BIE + r"|不要(?=\s*(?:删|去|剪|静|提|动|改|碰|导|把|mute))|不用|无需|先不",
    "want_neg": r"不(?:要|需要|想要)(?:有|带)?(?=\s*(?:声音|音频|视频|画面))",
    "cut": r"剪掉|剪|删除|删掉|删|去掉|去除|裁掉|拿掉|cut\s*掉",
    "keep": r"保留|只要|只留|留下|截取|截",
    "keep_said": r"保留|只留|留下|截取|keep",
    "mute": r"静音|消音|无声",
    "remove": r"去掉|删除|去除|移除|删掉|删了|关掉|关闭|拿掉|消除|清除|除去|抹掉|remove",
    "export": r"导出|下载|输出",
    "undo": r"撤销|撤回|还原",
    "restore": r"恢复(?:原声|原音)|恢复(?:声音|音频)|取消静音|(?:声音|音频)\s*(?:恢复|还原|找回来|加回来|放回来)",
    "volume": r"音量|大声|小声",
    "up": r"加(?=\s*\d+(?:\.\d+)?\s*%)|大声点|大声一点|大声些|提高|增加|调大|大点|加大|大些|增大|调高|高点|升高|太小",
    "down": r"减(?=\s*\d+(?:\.\d+)?\s*%)|小声点|小声一点|小声些|降低|减少|调小|小点|减小|小些|减弱|调低|低点|减半|降|太大|太响|太吵",
    "complaint": r"太(?:大|小|响|吵)",
    "part": r"中间|开头|结尾|部分",
    "absolute": r"(?:到|至|为|成)\s*\d|设置|设",
    "level_after": r"(?:到|至|为|成)\s*",
    "time_unit": r"秒|分",
    "silent_result": r"无声|静音|没有声音|没声音|不要声音",
    "audio_result": r"只(?:要|保留|导出)?\s*(?:音频|声音)|仅音频",
    "extract": r"只有\s*(?:声音|音频)|提取|(?:转成|转为|转换成|转换为|变成|弄成|做成|改成|换成)\s*(?:一个)?\s*(?:"
    + _FMT
    + r"|aac|音频)"
    r"|(?:音频|声音)\s*(?:单独)?(?:抽出来|抽出|抽取|拿出来)|(?:抽出|抽取)\s*(?:音频|声音)"
    r"|只(?:想要|需要|想|要|保留|留下?|导出)*\s*(?:音频|声音|音轨)|仅(?:要|保留)?\s*(?:音频|声音|音轨)"
    r"|^(?:(?:我要|我想要|给我|要|只要)\s*)?(?:"
    + _FMT
    + r")(?:\s*(?:文件|格式))?$|(?:保存|存)(?:为|成)\s*(?:"
    + _FMT
    + r")|(?:导出|下载)\s*(?:为|成)?\s*(?:一个)?\s*(?:"
    + _FMT
    + r")",
    "whole_remove": r"静音|消音|无声|不要声音|不要音频|把视频变成无声|(?:关掉|关闭|关上)\s*(?:声音|音频)|没有声音"
    r"|(?:声音|音频)\s*(?:关了|关掉|关闭|关上|去了|删了|不要了)",
    "keep_audio": r"保留(?:声音|音频)|(?:声音|音频)\s*(?:要)?(?:保留|留着|留下)",
    "amount_before": r"调到|调成|改成|设为|设成|到|大概|大约|就",
    "amount_after": r"吧|左右|就行",
    "keep_volume": r"音量不变|保持音量|音量保持",
    "convert": r"转换",
    "title_noun": r"标题|文字|字卡|(?:[1一]行|[1一]句|几个|个)字(?!幕)",
    "music": r"音乐",
    "music_target": r"音乐|背景音",
    "volume_said": r"(?:声音|音量|音乐).*(?:大点|小点|调大|调小|调高|调低|关小|开大|太大|太小|太响|太吵)",
    "volume_alone": r"^(?:再)?(?:调小|调大|调低|调高|关小|开大)(?:点|些)?$",
    "halve": r"减半|(?:降低|减少|减小|调小|小)(?:了)?一半",
    "to_half": r"(?:降|调|减|变|弄|设|开)(?:到|成|为)\s*一半|一半(?:的)?(?:音量|声音)|(?:音量|声音)(?:调|设|开)?(?:成|到|为)?\s*一半",
    "half_said": r"一半",
    "times_louder": r"(\d+(?:\.\d+)?)\s*倍",
    "double": r"加倍|2\s*倍|翻倍",
    "keep_to": r"剪到|缩短到|剪成|缩短成|缩成",
    "to_mp4": r"转(?:成|为|换成)\s*mp4",
    "picture": r"画面|图像",
    "keep_verb": r"保留|只要",
    "span_edge": r"前|最后|后|开头",
    "short_unit": r"秒钟?|毫秒",
    "sec_unit": r"秒",
    "range_to": r"到|至",
    "amount_unit": r"秒钟?|毫秒",
    "clip_end": r"开头|结尾",
    "cancel": r"(?:不要了?|算了|不用了?|别了?|取消)",
    "pause": r"哦|啊|呃|嗯",
    "lead": r"是|还是|改成|调到(?=\d)|哦|啊|呃|嗯|其实|(?:剪掉|剪|删掉|删|去掉|静音)(?=\s*\d)",
    "tail": r"吧",
    "then_words": r"[，；。]|然后|再",
    "time_units": r"秒钟|秒|分钟|分|小时",
    "not_a_time": r"[倍个段条次遍帧拍张]",
    "half1": r"前半(?:段|部分)?",
    "half2": r"后半(?:段|部分)?",
    "range_word": r"到|至|~",
    "ordinal": r"第\s*",
    "middle": r"中间的?",
    "after_word": r"之后|以后|后的|开始",
    "from_nth": r"从\s*(?:第\s*)?",
    "start_word": r"开始",
    "before_word": r"之前|以前|前(?=的|都|全)",
    "length_or": r"到|至|~|-|或",
    "first_word": r"前面的?|前|开头的?|开始的?|(?<!镜)头|首",
    "last_word": r"最后面的?|最后的?|结尾的?|末尾的?|后面的?|倒数(?:的)?|后",
    # all of the clip but its last part ("最后2秒之前静音")
    "anything": r"任何|什么都|全都|都不",
    # another value said only to be set aside ("剪掉最后一秒，不是两秒"): the edit before is what it corrects
    "instead_of_value": r"[，,]?\s*(?:而)?不是\s*(?:前|最后|后)?\s*(?:\d|[一二两三四五六七八九十半]|mp3|wav|m4a|mp4)[^，,。]*"
    r"|[，,]?\s*(?:而)?不是\s*(?:最后|后面|结尾|开头|前面)(?:的)?\s*(?=[，,。!！]|$)",
    "whole_object": r"(?:全部|整个视频|整段|所有)",
    "edit_verb": r"静音|剪掉|删掉|去掉|保留",
    "verb_swap": r"(?:改成|换成)?(剪掉|删掉|静音|保留)(?:它们?)?",
    "instead_of_edit": r"[，,]?\s*而不是(?:把它们?)?(?:剪掉?|删掉?|去掉|静音|调低|调小)(?:它们?)?"
    r"|[，,]\s*(?:而)?不是\s*(?:要)?\s*(?:剪掉?|删掉?|去掉|静音|调低|调小|mute|cut|trim|remove|delete)\s*(?:掉|它们?)?\s*(?=[，,。！!]|$)",
    "but_last": r"最后\s*(?=\d+(?:\.\d+)?\s*(?:秒钟?|分钟?|ms)\s*之前)",
    "trim_to": r"剪到|缩短到|剪成|缩短成|缩成",
    "title_word": r"标题|字幕|文字|字卡|(?:[1一]行|[1一]句|几个|个)字(?!幕)",
    "title_for": r"持续|显示|放",
    "title_at": r"(?:在|从)\s*(?:第\s*)?|^第\s*",
    "title_from": r"(?:从|在)\s*(?:第\s*)?",
    "title_to": r"(?:显示|持续|出现|停留)?\s*(?:到|至)\s*(?:第\s*)?",
    "at_end": r"结尾|最后|片尾",
    "clause_break": r"[，。；！？、]+|然后|并且|而且|再|还有|同时|但是|但|和|以及",
    "correction": r"(?:，\s*no，?)(?=\s*\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|ms)?\s*$)|不对|我是说|我的意思是|说错了",
    "count_units": r"秒钟?|分钟|分|小时|步|次|倍",
    # "一段视频", "一个标题": things counted ("a video"), not an amount
    "counted": r"[段个条张部只]",
    "social": r"^(?:你好|谢谢|多谢|好的|不错|很好)",
    "help": r"你能做什么|能做什么|帮助|怎么用",
    "question": r"(?:吗|呢)[？?]?$|(?:怎么|如何|点)\s*(?:算|计算|计|扣|收)[^，,。]{0,4}$|(?:对吧|是吧|没错吧|对不对|是不是)[？?]*$|(?:什么|区别|差别|哪个|哪些|为什么|多少|多大|多长|多久|几)[^，,。]*[啊呀]?[？?]\s*$|^(?:请问|想问一下|我想知道)?\s*(?:怎么|如何|怎样|为什么|可以|能)|(?:会不会|是不是|有没有|对不对|好不好)[^，,。]*[？?]$",
    "part_said": r"前|后|最后|开头|结尾|秒|那段|这段|那部分|这部分",
    "again": r"^(?:同样)?再(?:来|做|弄|搞|剪)\s*(?:[一1]\s*(?:次|遍))?$|^重复\s*[一1]\s*(?:次|遍)$",
    "points_back": r"^(?:然后|再|就)?(?:把|将)?(?:它们?|那段|这段|那部分|这部分)?\s*(?:静音|消音)(?:掉|吧|一下)?$",
    "title_change": r"(?:把)?标题\s*(?:的)?\s*(?:字|文字|内容|词)?\s*(?:改成|改为|换成|更改为|修改为)",
    "title_stay": r"标题\s*(?:改成|改为)?\s*(?:stay|停留|显示|持续|留|for)(?=\s*(?:到|至|\d))"
    # "让标题整个视频都显示": the title there, shown from start to end
    r"|标题\s*(?:改成|改为|要|就)?\s*(?:持续|显示|停留|show)?\s*(?=(?:全程|从头到尾|一直|(?:整个|整段|整支|整条|全部|成个)\s*(?:视频|影片|片子|片)|全片))",
    "title_until": r"(?:到|至)\s*第?",
    "title_shift": r"(?:把)?标题\s*(?:再)?\s*(?=(?:往前|往后|提前|延后|推迟|推后|前移|后移)\s*(?:挪|移)?\s*\d)",
    "title_to_start": r"\s*(?:开头|片头|最前面)(?!\s*\d)",
    "title_to_end": r"\s*(?:结尾|片尾|最后)(?!\s*\d)",
    "title_pronoun": r"它",
    "title_should": r"^\s*(?:打错了?|写错了?)?[，,\s]*(?:应该是|应该叫|应该写)\s*[:：]?",
    "undo_keeps": r"[，,]?\s*(?:但是?|不过)\s*(?:要)?(?:保留|留着|keep)|[，,]\s*(?:\S{1,4})(?:保留|留着)$",
    "replaces_previous": r"^\s*(?:算了|其实|不对)[，,]?\s*(?:只|就只)(?!要)|^\s*不要[^，,。]{1,12}[，,]\s*(?:只要|只)",
    # "不对，是 down 20%": the edit before, said again otherwise (only of the same kind: see intents)
    "overdone": r"(?:剪|删|切|去|cut)\s*(?:得)?(?:多了|太多)",
    "wrong_then": r"^\s*(?:不对|不是|错了|搞反了|弄反了|反了|搞错了|弄错了)\s*[，,]",
    "change_named": r"^\s*(?:把)?(?:那个|刚才的?|刚刚的?)?\s*(?:静音|剪|cut|trim|mute)\S{0,2}?\s*(?:的)?(?:位置|时间|范围)?\s*"
    r"(?:改成|改为|换成|改到|挪到|移到|(?:延长|缩短|扩大|延伸|加长)\s*(?:到|至))",  # "把 mute 延长到 5 秒"
    "put_back": r"(?!)",
    "second_thought": r"^\s*(?:嗯|呃|啊)?[，,]?\s*(?:算了|其实|还是|不对|想了想)",
    # which clock a time is on after an earlier cut (see en.WORDS)
    "clock_source": r"[（(]?\s*(?:按|以|照|根据)\s*(?:原视频|原片|原始视频|原来的视频|原素材|原本的视频|上传的视频)的?\s*(?:时间线|时间轴|时间|秒数)?"
    r"\s*(?:算|来算|为准|计算)?\s*[）)]?\s*[，,]?|(?:原视频|原片|原始视频|原来的视频)的(?=\s*(?:第|前|后|最后|从|\d|[一二两三四五六七八九十]))",
    "clock_timeline": r"剩下(?:部分)?的?(?=\s*(?:第|前|后|最后|\d|[一二两三四五六七八九十]))|[（(]?\s*(?:按|以|照|根据)\s*(?:现在|当前|剪完后|剪过之后|剪完)的?\s*(?:(?:视频|时间线|时间轴|时间|timeline)\s*(?:算|来算|为准|计算)?"
    r"|(?:算|来算|为准|计算))\s*[）)]?\s*[，,]?|(?:现在|当前|剪完后)的?(?:视频|时间线)的(?=\s*(?:第|前|后|最后|从|\d|[一二两三四五六七八九十]))",
    "undo_earlier": r"(?:撤销|撤回|undo)\s*(?:第一|最早|最开始)(?:个|次|步)",
    "another_title": r"再(?:加|添加|放|来)(?:一个|个|一)?(?:新的)?(?:标题|文字)|另(?:一|外)(?:一)?个(?:新的)?标题|第二个标题|多加(?:一)?个标题",
    "describes": r"有|很|太|晃|糊|抖|吵|难看|不好|不清楚|才是重点|是重点|最重要",
    "title_kept": r"(?:保留|留着|留下|不要动|别动)\s*(?:那个|这个)?标题|标题\s*(?:保留|留着|不要动|别动|不动)",
    "title_time_verb": r"显示|停留|持续|出现|消失|开始",
    "title_earlier": r"往前|提前|前移",
    "title_later": r"往后|延后|推迟|推后|后移",
    "timeline": r"时间(?:线|轴)|timeline",
    "that_part": r"(?:那|这|嗰)\s*(?:段|部分|里|块)",
    # a part named by what happens in it ("狗叫的那段"), which only someone who sees or hears the clip can find
    "described_part": r"[^\d\s，。,.!?：:把将帮给请剪删去掉静音那这就嗯是个]{1,5}?(?:叫|说话|讲话|聊天|咳嗽|咳|笑|哭|喊|唱歌|唱|出现|打喷嚏|吵|骂|进来"
    r"|出来|走过|鼓掌|拍手)(?:声)?(?:的)?\s*(?:那|这)?(?:一|个)?(?:段|部分|地方|片段|时候|镜头|处)",
    # more of an edit with no amount and no part ("再多静音一点")
    "bare_value": r"^(?:不对|不是|算了|哦不|呃)?[，,]?\s*(?:改成|换成|还是|那就|就)?\s*(\d+(?:\.\d+)?\s*(?:%|秒)?)\s*"
    r"(?:吧|好了|就行|就好)?[。!！]*$",
    "all_of_it": r"全部|所有|整个|整段|全都|完全",
    "reason_said": r"因为|由于",
    "more_of_it": r"再多|多一点|多一些|多点|更多|^多\s*(?=静音|剪|删|cut|mute)|(?:静音|剪|删)(?:掉)?\s*(?:多)?(?:一)?点(?:儿)?$",
    "title_whole": r"全程|从头到(?:结)?尾|一直(?:显示|挂着|都在)|(?:整个|整段|整支|整条|全部|成个)\s*(?:视频|影片|片子|片)\s*(?:都|全部)?"
    r"(?=\s*(?:要|会)?\s*(?:显示|出现|有|挂着|在|都在|标题)|\s*[啊呀吧哦喔啦]?\s*$)|全片",
    "keeps_a_voice": r"(?:保留|留着)[^。！？]{0,6}(?:我的声音|人声|说话的声音|解说)|(?:我的声音|说话的声音|人声|解说)(?:要)?(?:保持不变|不变|别动|不要动|保留|留着)",
    "or_only": r"还是只(?:能|可以|会)",
    # "可以export成m4a吗？": may it be exported so (no one named, nothing to change): a question, answered
    "export_asked": r"^(?:请问)?\s*(?:可以|能|能不能|可不可以)\s*(?:导出|汇出|输出|export)\s*(?:成|为|到|做)?\s*(?:mp3|wav|m4a|mp4)\s*(?:吗|嘛|么|不)?\s*[？?]*$",
    "no_guess": r"^\d*\s*(?:格(?!式)|帧)|^\d,\d$",
    "inverts": r"^(?:除了|除|以外|之外|不要|别|其他|其余|剩下)",
    "two_files": r"(?:两|2)\s*(?:个|种|份)\s*(?:格式|文件|版本|file|档案?)|各(?:导出)?(?:一个|一份)|(?:两|2)\s*(?:个|种)(?:格式)?\s*都要",
    # (放到最后 is said "at the end" by this language's own rewrite: "标题放到最后" moves the title to the end)
    "title_move": r"(?:把)?标题\s*(?=at the end\b)|(?:把)?标题\s*(?=(?:最后|开头|前)\s*的?\s*\d+(?:\.\d+)?\s*秒\s*$)|(?:把)?标题(?:的)?(?:时间|位置)\s*(?:改成|改为|改到|换成|调到)|标题\s*(?:改成|改为)?\s*(?:从|在)\s*(?=(?:第\s*)?\d[^，。]*(?:开始|出现|出来))|(?:把)?标题\s*(?:再)?\s*(?:往后|往前)?\s*(?:挪到|移到|放到|改到)|(?:把)?标题\s*(?:放到|移到|挪到|放在|改到|移动到)",
    "more_again": r"^再?(?:多|来)\s*点(?:吧)?$",
    "restating": r"[，,]\s*就是(?=\s*(?:从\s*)?\d)|[，,]\s*就(?=\s*(?:从\s*)?\d+(?:\.\d+)?\s*(?:秒|s\b|到|至|-|~))",
    "drop_part": r"^(?:不要|别|不用)\s*(.+?)(?:了|吧)?$",
    "start_side": r"开头|片头|前面",
    "end_side": r"结尾|片尾|后面|最后",
    "same_other_end": r"(?:后面|结尾|最后|尾巴|片尾|前面|开头|片头)\s*也\s*(?:一样|同样|照样|这样)(?:处理|剪)?(?:吧)?",
    "other_end": r"^(?:不对|不是|错了)[，,]?\s*(?:是)?(?:另一头|另一端|另一边|另外一头|后面|前面)(?:的|那头)?$",
    "much_more": r"(?:大|小|响|轻)(?:很多|好多|得多|超多)",
    "swap_again": r"^(?:撤销|撤回)?(?:一下)?[，,]?\s*(?:改成|换成|改为)((?:剪掉|删掉|静音|保留)(?:它们?)?)(?:吧)?$",
}
#: "音频不要了": the thing, then "don't want": read as removing it.
CLAUSE_REWRITES: tuple[tuple[str, str], ...] = ((r"^(.+?)\s*(?:不要|不想要|不需要)了?$", r"去掉 \1"),)
