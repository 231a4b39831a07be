"""The Studio as a chat, without a browser: the composer's messages, the log's state, the page's theme, feedback.

What only a browser can show (Enter and Shift+Enter, auto-scroll, colours, widths, axe) is in
tests/browser/test_chat_studio.py; here the kernel side of each is driven as the front end would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.chart import ChartTheme, render_timeline
from nemo_widgets.protocol.draft import Draft
from nemo_widgets.protocol.gui_text import without_offers
from nemo_widgets.widgets.chat import InstructionBox
from nemo_widgets.widgets.chat_view import page_theme
from nemo_widgets.widgets.export import AUDIO_QUALITIES, default_quality, qualities_for
from widget_kit import pick_on_disk

DARK_PAGE = {"dark": True, "background": "#111111", "foreground": "#e0e0e0", "subtle": "#9e9e9e",
             "grid": "#424242", "lane": "#2a2a2a", "width": 440, "scale": 2}  # fmt: skip


def _box() -> tuple[InstructionBox, list[str], list[str]]:
    sent: list[str] = []
    stopped: list[str] = []
    box = InstructionBox(on_send=sent.append, on_cancel=lambda: stopped.append("stop"), on_action=lambda _a: None)
    return box, sent, stopped


def test_the_composer_sends_what_the_front_end_says_and_stops_only_a_running_turn() -> None:
    box, sent, stopped = _box()
    box.text._on_message(box.text, {"kind": "send", "text": "  remove all audio \n"})  # Enter in the browser
    assert sent == ["remove all audio"] and box.text.value == ""
    box.text._on_message(box.text, {"kind": "stop"})
    assert stopped == []  # nothing runs: Stop is not even shown

    box.set_busy(True)
    box.add_user("remove all audio")
    assert box.text.busy and not box.text.disabled  # the button is Stop, and it works
    assert box.conversation.typing  # the typing state shows
    box.text._on_message(box.text, {"kind": "send", "text": "again"})
    assert sent == ["remove all audio"]  # no second send while a turn runs
    box.text._on_message(box.text, {"kind": "stop"})
    assert stopped == ["stop"]
    box.show_reply("Done.", final=True)
    assert box.conversation.typing == ""
    box.set_busy(False)
    assert not box.text.busy and not box.text.disabled


def test_another_action_disables_send_without_offering_stop() -> None:
    box, _sent, _stopped = _box()
    box.set_busy(True)  # an export or an upload, not a chat turn
    assert box.text.disabled and not box.text.busy


def test_the_fallback_shows_until_both_parts_are_drawn() -> None:
    box, _sent, _stopped = _box()
    box.add_user("hello")
    assert box.fallback.layout.display is None and "hello" in box.fallback_log.value
    box.conversation.set_state({"ready": True})
    box.text.set_state({"ready": True})
    assert box.fallback.layout.display == "none" and box.fallback_log.layout.display == "none"
    assert box.fallback_log.value == ""  # the conversation is not sent twice
    box.add_user("again")
    assert box.fallback_log.value == "" and "again" in box.conversation.value


def test_notes_that_no_longer_apply_are_cleared() -> None:
    box, _sent, _stopped = _box()
    box.add_note("Type an instruction first.", "hint")
    box.add_note("The engine did not answer.", "error")
    box.add_note("Export cancelled.")
    box.add_user("remove all audio")
    assert [who for who, _ in box.messages] == ["error", "note", "user"]  # the hint answered the last message
    box.clear_errors()
    assert [who for who, _ in box.messages] == ["note", "user"]


def test_a_replys_offer_line_gives_way_to_its_buttons() -> None:
    box, _sent, _stopped = _box()
    reply = "I can't do that here.\nTry: “remove all audio” · “mute the first 2 seconds”"
    box.show_reply(reply, final=True)
    assert "Try:" in box.conversation.value
    box.offer_suggestions(["remove all audio", "mute the first 2 seconds"])
    assert "Try:" not in box.conversation.value and "do that here" in box.conversation.value
    assert box.messages[-1] == ("agent", reply)  # the reply itself is kept whole
    assert box.suggestions.layout.display == "none"  # the skill's starters give way too


@pytest.mark.parametrize(("text", "kept"), [
    ("No.\nTry: “a b”", "No."),
    ("Sorry. Try saying “remove all audio”.", "Sorry."),
    ("做不到。可以试试：“去掉声音”", "做不到。"),
    ("Try this later", "Try this later"),  # no quoted phrasing: not an offer
])  # fmt: skip
def test_without_offers(text: str, kept: str) -> None:
    assert without_offers(text) == kept


def test_a_reported_theme_is_checked() -> None:
    assert page_theme(DARK_PAGE) == DARK_PAGE
    assert page_theme({"dark": "yes"}) is None and page_theme(None) is None
    hostile = {"dark": False, "foreground": "red;background:url(x)", "width": -5, "scale": 7}
    assert page_theme(hostile) == {"dark": False}


def test_the_chart_follows_the_page(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(sample_clip)
    light_png = studio.timeline.png
    studio.chat.conversation.set_state({"theme": DARK_PAGE})  # what the front end reports
    png = studio.timeline.png
    assert png != light_png and studio.timeline.width_px == 440
    import io

    from PIL import Image  # matplotlib's own dependency

    with Image.open(io.BytesIO(png)) as image:
        assert image.size[0] == 880  # drawn for 440 px at 2x
        corner = image.getpixel((1, 1))  # a tuple for RGBA (Pillow 13 types it as any pixel value)
        assert image.mode == "RGBA" and isinstance(corner, tuple) and corner[3] == 0  # transparent: nothing drawn
    assert png == render_timeline(
        studio.session.state.draft, width_px=880, dpi=200, theme=ChartTheme.for_page(page_theme(DARK_PAGE) or {})
    )


def test_an_empty_timeline_says_so_once(make_studio: Any) -> None:
    studio = make_studio("foreground")
    studio.timeline.show(Draft.from_dict({}))
    assert studio.timeline.summary.value == ""  # the chart says "Timeline is empty"
    assert "alt='Timeline chart. Timeline is empty" in studio.timeline.image.value


def test_a_refused_upload_turns_its_row_red_and_a_success_clears_stale_errors(make_studio: Any, tmp_path: Path,
                                                                              sample_clip: Path) -> None:  # fmt: skip
    studio = make_studio("foreground")
    fake = tmp_path / "fake.mp4"
    fake.write_text("a text file with a video's name\n" * 20)
    studio.upload(fake)
    row = studio.uploads._bars["fake.mp4"]
    assert row.bar.bar_style == "danger" and row.label.value == "not uploaded"
    assert "fake.mp4" in row.reason.value and studio.status.level == "error"
    assert studio.upload_notice.value == ""  # said once in the panel: in the row

    pick_on_disk(studio.uploads.disk, sample_clip)
    studio.wait(60)
    assert studio.uploads._bars[sample_clip.name].bar.bar_style == "success"
    assert studio.status.level == "ok" and row.bar.bar_style == "danger"  # the row keeps its record
    assert not [m for m in studio.chat.messages if m[0] == "error"]


def test_export_errors_show_in_the_export_panel(make_studio: Any) -> None:
    studio = make_studio("foreground")
    studio.export()  # nothing uploaded yet
    assert studio.status.level == "error"
    assert studio.export_notice.level == "error" and studio.export_notice.message == studio.status.message


def test_a_new_render_clears_the_last_result(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(sample_clip)
    studio.export("mp4")
    assert studio.exporter.player.how != "none"
    studio.exporter.show_progress(0, "Rendering...")  # the next export starts
    assert studio.exporter.player.how == "none" and studio.exporter.player.link.value == ""


def test_mp3_qualities_are_ordered_with_the_default_chosen() -> None:
    assert AUDIO_QUALITIES == ("320k", "256k", "192k", "128k")
    assert qualities_for("mp3") == AUDIO_QUALITIES and default_quality(AUDIO_QUALITIES) == "192k"


def test_the_cancel_buttons_have_distinct_names(make_studio: Any) -> None:
    studio = make_studio("foreground")
    names = {
        studio.chat.cancel_button.description,
        studio.chat.text.stop_name,
        studio.exporter.cancel_button.description,
    }
    assert names == {"Stop reply", "Cancel export"}  # the fallback's button and the composer's say the same


def test_every_studio_widget_sends_a_view_to_draw(make_studio: Any) -> None:
    """Each widget's state names its front-end view (a property shadowing ipywidgets' ``keys`` once sent none)."""
    from widget_kit import all_widgets

    studio = make_studio("foreground")
    for widget in all_widgets(studio):
        state = widget.get_state()
        assert (
            state.get("_view_module") is not None
            or state.get("_model_name") == "LayoutModel"
            or ("_view_name" not in state and state.get("_model_module") == "@jupyter-widgets/base")
        ), (type(widget).__name__, sorted(state)[:8])
