"""The agent's Markdown in the conversation: rendered (lists, links, code, tables), and sanitised."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from nemo_widgets.widgets.chat import InstructionBox, render_markdown


def _box() -> tuple[InstructionBox, list[str]]:
    sent: list[str] = []
    return InstructionBox(on_send=sent.append, on_cancel=lambda: None, on_action=lambda _a: None), sent


def test_markdown_survives() -> None:
    box, _sent = _box()
    box.show_reply(
        "Here you go:\n\n- **bold** item\n- see [the docs](https://example.com/a?b=1)\n\n"
        "Run `export` then:\n\n```\ncode block\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        final=True,
    )
    page = box.conversation.value
    for piece in (
        "<ul>",
        "<li><strong>bold</strong> item</li>",
        '<a href="https://example.com/a?b=1"',
        'rel="noopener noreferrer"',
        "<code>export</code>",
        "<pre><code>code block",
        "<table>",
        "<td>1</td>",
    ):
        assert piece in page, (piece, page)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://x" onclick="alert(1)">x</a>',
        "<iframe src='https://x'></iframe>",
        "<style>body{display:none}</style>",
        '<div style="position:fixed">x</div>',
    ],
)
def test_no_html_from_the_agent_reaches_the_page(hostile: str) -> None:
    page = render_markdown(f"text {hostile} more")
    tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append((tag, attrs))

    Collect().feed(page)
    for tag, attrs in tags:
        assert tag in ("a", "p", "br"), page
        for name, value in attrs:
            assert name in ("href", "rel", "target") and not (value or "").lower().startswith("javascript"), page


def test_the_users_text_is_plain() -> None:
    box, _sent = _box()
    box.add_user("**not bold** <b>x</b>")
    assert "<strong>" not in box.conversation.value and "&lt;b&gt;x&lt;/b&gt;" in box.conversation.value


def test_offered_phrasings_are_buttons_that_send() -> None:
    box, sent = _box()
    box.offer_suggestions(["mute the first 2 seconds", "remove all audio"])
    buttons = [b for b in box.offers.children if isinstance(b, widgets.Button)]
    assert [b.description for b in buttons] == ["mute the first 2 seconds", "remove all audio"]
    box.set_busy(True)
    assert all(b.disabled for b in buttons)
    box.set_busy(False)
    buttons[0].click()
    assert sent == ["mute the first 2 seconds"]
    box.offer_suggestions([])
    assert box.offers.children == ()


def test_importing_the_package_does_not_import_markdown() -> None:
    import subprocess
    import sys

    code = "import sys, nemo_widgets; print('markdown_it' in sys.modules or 'nh3' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_a_studio_offers_the_engines_suggestions_as_buttons(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(sample_clip)
    studio.send("remove the background noise")  # declined by name: nothing changes, phrasings offered
    assert "can't do removing background noise" in studio.chat.messages[-1][1]
    assert studio.status.message.startswith("Replied")  # not "Done": the timeline did not change
    buttons = [b for b in studio.chat.offers.children if isinstance(b, widgets.Button)]
    assert 2 <= len(buttons) <= 3 and buttons[0].description == "remove all audio"
    chats = studio.http.chats
    buttons[0].click()  # one click sends the phrase
    studio.wait(30)
    assert studio.http.chats == chats + 1 and studio.status.message.startswith("Done.")
    assert not studio.session.state.draft.has_audio
