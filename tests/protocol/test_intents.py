"""The routing table of protocol.md (English and Chinese) and the GUI translation."""

from __future__ import annotations

import pytest
from nemo_widgets.protocol.intents import Intent, Translation, route, suggestions, translate


@pytest.mark.parametrize(
    ("text", "action"),
    [
        # export / 导出 / download / send me the video
        ("export", "export"), ("Export it please", "export"), ("导出", "export"), ("帮我导出视频", "export"),
        ("download", "export"), ("download the result", "export"), ("send me the video", "export"),
        # credits / 积分 / balance / 余额
        ("credits", "credits"), ("how many credits do I have?", "credits"), ("积分", "credits"),
        ("balance", "credits"), ("余额", "credits"), ("查询余额", "credits"),
        # status / 状态 / show tracks
        ("status", "state"), ("状态", "state"), ("show tracks", "state"), ("what's the status?", "state"),
        # upload / 上传
        ("upload", "upload"), ("上传", "upload"), ("I want to upload a clip", "upload"),
        # anything else
        ("remove all audio from this video", "chat"), ("add background music", "chat"),
        ("strip my video clips", "chat"), ("convert my video files", "chat"),
        ("extract the audio from this video", "chat"), ("extract the audio from this video as an MP3 file", "chat"),
        ("make the title bigger", "chat"), ("给视频加字幕", "chat"),
        # an edit that also asks for the result
        ("remove all audio from this video and export it silent", "chat_then_export"),
        ("trim to 10 seconds then download", "chat_then_export"),
        ("去掉音频然后导出", "chat_then_export"),
    ],
)  # fmt: skip
def test_routing_table(text, action):
    assert route(text).action == action


@pytest.mark.parametrize(
    ("text", "fmt", "quality", "resolution"),
    [
        ("export 1080p MP4", "mp4", "1080p", "1080p"),  # the same words as the Studio's 1080p choice
        ("export in 4K", None, "high", "4k"),  # the best the cloud promises (1080x1920)
        ("export it in the original quality", None, "original", None),
        ("export the audio as MP3", "mp3", None, None),
        ("导出MP3", "mp3", None, None),
        ("导出1080p", None, "1080p", "1080p"),
        ("export at 720p", None, "720p", "720p"),
        ("export as WAV", "wav", None, None),
        ("export mp3 320kbps", "mp3", "320k", None),
        ("export", None, None, None),
        ("导出 mp4", "mp4", None, None),
    ],
)
def test_export_options(text, fmt, quality, resolution):
    intent = route(text)
    assert intent.action == "export"
    assert (intent.format, intent.quality, intent.resolution) == (fmt, quality, resolution)


def test_intent_helpers():
    assert route("export 1080p MP4") == Intent("export", "export 1080p MP4", "mp4", "1080p", "1080p")
    assert route("add music").uses_chat and not route("add music").exports
    both = route("remove all audio from this video and export it silent")
    assert both.uses_chat and both.exports
    assert route("anything", has_files=True).action == "upload"
    assert route("  export\n 1080p  mp4 ").text == "export 1080p mp4"


@pytest.mark.parametrize(
    ("backend", "text", "actions"),
    [
        ("Done! I removed the audio track. Click the Export button to render your silent MP4.",
         "Done! I removed the audio track. Run the export to render your silent MP4.", ("export",)),
        ("完成！点击导出按钮即可渲染。", "完成！运行导出即可渲染。", ("export",)),
        ("Drag the clip to the start, then preview in the timeline.",
         "Ask me to move the clip to the start, then check the timeline summary.", ("chart", "chat")),
        ("Open the Audio panel to adjust the volume.", "Check the state to adjust the volume.", ("state",)),
        ("Please check your billing page to top up.", "Please check your credits to top up.", ("credits",)),
        ("Click the Apply button in the top right corner to confirm.", 'Say "Apply" to confirm.', ("chat",)),
        ("打开音频面板调整音量，然后拖拽片段。", "查看状态调整音量，然后告诉我移动片段。", ("chat", "state")),
        ("Your video now has no audio.", "Your video now has no audio.", ()),
        ("Great, export when ready.", "Great, export when ready.", ("export",)),
    ],
)  # fmt: skip
def test_translate(backend, text, actions):
    assert translate(backend) == Translation(text, actions)


def test_translate_keeps_content_of_empty_and_plain_text():
    assert translate("") == Translation("", ())
    assert translate("The clip is 10s long; music at 35%.").text == "The clip is 10s long; music at 35%."


@pytest.mark.parametrize(
    ("text", "action", "fmt"),
    [
        ("export a silent version", "chat_then_export", "mp4"),
        ("send me the video without the sound", "chat_then_export", "mp4"),
        ("导出无声视频", "chat_then_export", "mp4"),
        ("export audio only MP3", "chat_then_export", "mp3"),
        ("export it silent as mp3", "chat", None),  # a contradiction: the agent asks, nothing renders
        ("导出无声的mp3", "chat", None),
        ("remove the audio then export it", "chat_then_export", "mp4"),
        ("mute the first 2 seconds and export as mp3", "chat_then_export", "mp3"),  # a part muted: still MP3
        ("把音频导出来", "export", "mp3"),  # 把…导出 with the sound as its object
        ("帮我把视频里的声音导出", "export", "mp3"),
        ("把视频导出来", "export", None),
        ("导出ＭＰ４", "export", "mp4"),  # full-width letters and digits
        ("show me the tracks", "state", None),
        ("do I have enough credits to export?", "credits", None),
        ("which formats can I export to?", "chat", None),
        ("how do I export?", "chat", None),
        ("don't export yet", "chat", None),
        ("the export still has sound", "chat", None),
        ("what's on the timeline", "state", None),
        ("list the tracks", "state", None),
        ("时间线上有什么", "state", None),
        ('add a title "Export" at the start', "chat", None),
        ("can you export it as mp3", "export", "mp3"),
    ],
)  # fmt: skip
def test_questions_never_render_and_changes_edit_first(text, action, fmt):
    intent = route(text)
    assert intent.action == action
    if intent.exports:
        assert intent.format == fmt


def test_suggestions_are_read_from_the_reply():
    assert suggestions("Nope.\nTry: “remove all audio” · “mute the first 2 seconds”") == (
        "remove all audio",
        "mute the first 2 seconds",
    )
    assert suggestions('You could say "cut the first 2 seconds" or "undo".') == ("cut the first 2 seconds", "undo")
    assert suggestions("可以试试：“去掉音频” · “撤销”") == ("去掉音频", "撤销")
    assert suggestions('Done! I added the title "Hello".') == ()


@pytest.mark.parametrize(
    "backend",
    [
        "Done! The volume is now 50%. Drag the volume slider in the timeline to fine-tune it.",
        "Use the slider to adjust the volume.",
        "拖动音量滑块微调。",
        "Open the text panel to change its font and colour.",
    ],
)
def test_translate_never_advertises_a_control_the_studio_lacks(backend):
    text = translate(backend).text.lower()
    assert not any(word in text for word in ("slider", "滑块", "panel", "knob")), text


@pytest.mark.parametrize(
    ("text", "action", "fmt"),
    [
        # what the result is for is not a request of its own ("put" would read as an edit)
        (
            "Could you now please export the finished video as an MP4 so that I can put it on a USB stick?",
            "export",
            "mp4",
        ),
        ("@nemo is the export done yet? need to drop the link in #marketing", "state", None),  # the question asked
        ("mp3", "export", "mp3"),  # a format alone: that file
        ("export mp3 可以吗?", "export", "mp3"),  # a request with 可以吗 is not a question
        ("导出没有声音的视频", "chat_then_export", "mp4"),  # 没有 here is "without", not "not yet"
        ("导出好了没", "state", None),
        ("redo pls and then export as m4a", "chat_then_export", "m4a"),
    ],
)
def test_purpose_mentions_and_sentences_are_read_for_what_they_are(text: str, action: str, fmt: str | None) -> None:
    intent = route(text)
    assert (intent.action, intent.format) == (action, fmt)
