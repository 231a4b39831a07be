"""Chinese: what the agent writes, as templates (see :mod:`nemo_widgets.local.agent.languages`).

Read through ``zh``: the reply templates, the ways of joining things, the nouns, the examples offered, the
topics of a question and the help reply's abilities.
"""

from __future__ import annotations

LISTS: dict[str, str] = {"list": "；", "and": "、", "names": "、", "or": "、"}
NOUNS: dict[str, str] = {"audio": "音频", "export": "导出", "timeline": "时间线", "volume": "音量"}

EXAMPLES: tuple[str, ...] = (
    "去掉音频", "提取音频", "剪掉前2秒", "保留前5秒", "剪掉最后1秒", "前两秒静音", "音量调到50%", "音量降低30%",
    "加个标题“你好”", "撤销", "导出MP4",
)  # fmt: skip

TOPICS: dict[str, str] = {
    "formats": r"格式",
    "has_audio": r"有(?:没有)?(?:声音|音频)",
    "export": r"导出|下载",
    "hello": r"你好",
}
MISSPELT: dict[str, str] = {}

ABILITIES: dict[str, str] = {
    "remove_audio": "去掉全部音频（无声视频）",
    "extract_audio": "只保留音频，导出为 {audio_formats}",
    "cut": "剪掉一段：开头或结尾几秒、一个时间范围、某个时间之前或之后（秒、分钟、毫秒、“半秒”都可以）",
    "keep": "保留一段，其余剪掉",
    "mute": "某一段静音",
    "volume": "设置或调节音量，用百分比（最高 {max}%）或分贝",
    "title": "添加标题（任何引号都行，不加也行），可以指定时间",
    "remove_title": "删除标题",
    "remove_clip": "把一个上传的片段从时间线移除",
    "undo": "撤销上一条消息的修改、撤销几步，或全部恢复原样",
    "redo": "重做刚才撤销的修改（在下一次修改之前）",
    "export": "导出为 {formats}（导出不消耗积分）",
}

REPLIES: dict[str, str] = {
    "second": "{n}秒", "seconds": "{n}秒", "span": "{a}–{b}",
    "did_you_mean": "这条消息我没有完全看懂：{leftover}不在我理解的意思里，所以没有改动。你是想说：“{reading}”吗？",
    "ask_span": "不确定“{phrase}”指的是哪一段。",
    "how_loud": "音量要调到多少？",
    "out_of": "“{phrase}”可能是去掉视频里的声音，也可能是只保留声音。",
    "already_video": "它已经是视频了。",
    "several_edits": "“{phrase}”可能指好几种改动。",
    "keep_sound_only": "要只保留声音（去掉画面）吗？",
    "silent_audio": "无声的音频文件里什么都没有：你想要无声视频（MP4），还是只要音频（MP3）？",
    "amount_alone": "“{amount}”指的是什么？",
    "both_sound": "你既要去掉声音，又要只保留声音。",
    "two_volumes": "你说了两个音量。",
    "both_audio": "你既要去掉音频，又要保留它。",
    "which_one": "{reason} 你是指哪一个？",
    "step_remove_audio": "删除了音轨（无声视频）",
    "step_extract_audio": "只保留了音频（导出为 {fmt}）",
    "step_cut": "剪掉了 {span}", "step_keep": "保留了 {span}", "step_now": "{step}（现在 {now}）",
    "step_mute": "把 {span} 静音", "step_volume": "音量调到 {levels}",
    "step_title": "添加了标题“{text}”（{span}）", "step_remove_title": "删除了标题",
    "step_restore_audio": "恢复了声音", "step_remove_media": "从时间线移除了 {name}",
    "step_put_back": "把 {name} 放回了时间线", "a_clip": "一个片段", "the_clip": "这个片段",
    "numbered": "{i}. {step}",
    "done": "好的，已完成：{steps}。{left}时间线现在 {total}。",
    "left_alone": "{kept}保持不变。",
    "gui_export": "点击导出按钮即可渲染。",
    "already_so": "已经是这样了，没有改动。",
    "not_done": "{why}这条消息里的修改都没有执行，时间线没有变化。",
    "not_done_rest": "{why}这条消息里的修改都没有执行（{steps}），时间线没有变化。",
    "undo_alone": "撤销要单独说，时间线没有改动。",
    "already_cut": "{span} 已经被这条消息剪掉了。",
    "outside": "这个时间超出了时间线（{total}）。",
    "sound_only_file": "这个文件只有音频，没有画面：去掉音频后什么都不剩。请上传视频，或把音频导出为 MP3。",
    "no_audio_to_remove": "视频已经没有音频了。",
    "no_audio_to_extract": "这个视频没有音频可以提取。",
    "cut_everything": "这样会把内容全部删掉，所以没有改动。",
    "nothing_to_trim": "时间线只有 {total}，不需要剪。",
    "no_sound_there": "那里没有可以静音的声音。",
    "no_volume_track": "没有可以调节音量的音轨。",
    "volume_max": "音量最高可以调到 {max}%。",
    "title_quotes": "请把标题文字放在引号里。",
    "no_title": "没有可以删除的标题。",
    "sound_on": "声音本来就是开着的。",
    "same_name": "时间线上有 {n} 个叫 {name} 的片段：请用那一个旁边的“移除”按钮。",
    "no_clip": "时间线上没有叫 {name} 的片段。",
    "that_clip": "那个片段",
    "nothing_to_undo": "没有可以撤销的操作。",
    "undone": "已撤销。", "undone_what": "已撤销：{what}。",
    "undone_n": "已撤销 {n} 步。",
    "undone_all": "已恢复到最初的样子。",
    "undo_fewer": "只有 {n} 步可以撤销，已全部撤销。",
    "redo_nothing": "没有可以重做的操作。",
    "redone": "已重做。", "redone_what": "已重做：{what}。", "redone_n": "已重做 {n} 步。",
    "redo_fewer": "只有 {n} 步可以重做，已全部重做。",
    "fallback": "本地引擎做不了{declined}，所以按你说的改为：",
    "fallback_nothing": "本地引擎做不了{declined}，所以按你说的改为：没有改动。",
    "decline": "本地引擎做不了：{what}。没有改动。",
    "kept_noop": "好的，{kept}保持不变，没有改动。",
    "hello": "你好！想改什么就告诉我。", "welcome": "不客气！想改什么就告诉我。",
    "how": "直接说“{phrase}”就可以。",
    "formats": "可以导出为：{names}（MP4 是视频，其他只有音频）。",
    "has_audio": "时间线上有音轨。", "no_audio": "时间线上没有音轨。",
    "export_info": "导出不消耗积分，本地几秒钟就好；用导出按钮或说“导出”。",
    "cant_answer": "这个问题我在本地回答不了，我能做的是这些编辑。",
    "mean_export": "是要导出吗？没有改动。",
    "not_understood": "我没看懂“{shown}”，没有改动。",
    "no_media": "请先上传一个视频，然后告诉我要怎么改（例如“去掉音频”）。",
    "try": "\n可以试试：",
    "help_intro": "我是本地 NemoVideo 引擎，处理你在这里上传的文件。我可以：",
    "help_item": "\n- {what}：“{example}”",
    "help_end": "\n一条消息里的多个修改按顺序执行，要么全部完成，要么都不做。",
}  # fmt: skip
