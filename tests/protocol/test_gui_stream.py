"""A reply translated while it streams is never rewritten: what was shown stays, the final text only adds."""

from __future__ import annotations

import pytest
from nemo_widgets.protocol.gui_text import translate, translate_streaming

#: GUI talk as the cloud and the local engine write it (English and Chinese), and plain replies.
REPLIES = (
    "Done! I removed the audio track. Click the Export button to render your silent MP4.",
    "Done! I removed the audio track (the video is now silent). The timeline is now 4s long. "
    "Click the Export button to render your MP4.",
    "好的，已完成：删除了音轨（无声视频）。时间线现在 4s。点击导出按钮即可渲染。",
    "完成！点击导出按钮即可渲染。",
    "Drag the clip to the start, then preview in the timeline.",
    "Open the Audio panel to adjust the volume. Then press the download button.",
    "Please check your billing page to top up.",
    "Click the Apply button in the top right corner to confirm.",
    "Confirm it in the top right corner. Then export.",
    "打开音频面板调整音量，然后拖拽片段。",
    "Done! The volume is now 50%. Drag the volume slider in the timeline to fine-tune it.",
    "Your video now has no audio.\n\nAnything else? Try: “mute the first 2 seconds” · “undo”",
    "Great, export when ready.  Two spaces  inside.",
    "Hello there, all is well",
)


@pytest.mark.parametrize("reply", REPLIES)
def test_whatever_is_shown_while_streaming_begins_the_final_text(reply: str) -> None:
    """After every character (the worst chunking there is), what may be shown is where the final text starts."""
    final = translate(reply).text
    for end in range(1, len(reply) + 1):
        shown = translate_streaming(reply[:end])
        assert final.startswith(shown), (reply[:end], shown, final)


@pytest.mark.parametrize(
    ("reply", "first"),
    [
        ("Done! I removed the audio track. Click the Export button to render your silent MP4.", "Done!"),
        ("好的，已完成：删除了音轨（无声视频）。时间线现在 4s。点击导出按钮即可渲染。", "好的，已完成：删除了音轨（无声视频）。"),
        ("Open the Audio panel to adjust the volume. Then press the download button.", "Check the state"),
        ("Your video now has no audio.\n\nAnything else? Try: “undo”", "Your video now has no audio."),
    ],
)  # fmt: skip
def test_a_finished_sentence_shows_while_the_next_one_streams(reply: str, first: str) -> None:
    """Not held to the end: a sentence is on screen, translated, once the next one has begun."""
    assert translate_streaming(reply[: len(reply) - 3]).startswith(first)


def test_plain_words_show_as_they_come() -> None:
    assert translate_streaming("Your video now has no au") == "Your video now has no"
