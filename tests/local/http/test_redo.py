"""Redo, through the toolkit's client against the engine over real HTTP: an undo's drafts come back, in the
order they went, the reply says what came back, and a new edit clears what could be redone (issue 21)."""

from __future__ import annotations

import pytest
from nemo_widgets.protocol.client import NemoClient

pytestmark = pytest.mark.usefixtures("isolated")


def _length(client: NemoClient) -> float:
    return client.state().draft.duration_s


@pytest.mark.parametrize(
    ("cut", "undo", "redo", "said"),
    [
        ("cut the first 2 seconds", "undo", "redo", "Redone"),
        ("剪掉前2秒", "撤销", "重做", "已重做"),
    ],
)
def test_redo_brings_back_what_undo_took(client: NemoClient, cut: str, undo: str, redo: str, said: str) -> None:
    client.ask(cut)
    assert _length(client) == pytest.approx(8, abs=0.1)
    client.ask(undo)
    assert _length(client) == pytest.approx(10, abs=0.1)
    reply = client.ask(redo)
    assert reply.text.startswith(said) and "8s" in reply.text, reply.text
    if not cut.isascii():  # a Chinese reply is Chinese to its end (the timeline said too, not the English summary)
        assert "Timeline" not in reply.text and "时间线" in reply.text, reply.text
    assert _length(client) == pytest.approx(8, abs=0.1)
    again = client.ask(redo)  # nothing left to redo: said, nothing changed
    assert _length(client) == pytest.approx(8, abs=0.1) and again.text.strip(), again.text


@pytest.mark.parametrize(
    ("edits", "undo", "redo", "cleared"),
    [
        (["cut the first 2 seconds", "mute the first second"], "undo 2", "redo that", "There's nothing to redo."),
        (["剪掉前2秒", "前1秒静音"], "撤销两步", "恢复刚才撤销的", "没有可以重做的操作。"),
    ],
)
def test_steps_come_back_one_at_a_time_and_a_new_edit_clears_them(
    client: NemoClient, edits: list[str], undo: str, redo: str, cleared: str
) -> None:
    for edit in edits:
        client.ask(edit)
    client.ask(undo)
    assert _length(client) == pytest.approx(10, abs=0.1)
    client.ask(redo)  # the first of the two comes back: the cut
    assert _length(client) == pytest.approx(8, abs=0.1) and client.state().draft.has_audio
    client.ask(edits[0].replace("2", "1"))  # a new edit: the mute can no longer be redone
    assert client.ask(redo).text.startswith(cleared)


def test_undo_with_no_edit_since_the_first_clip_leaves_it_on_the_timeline(client: NemoClient) -> None:
    credits = client.credits()
    reply = client.ask("undo")  # the upload is the only step: "undo" never empties the timeline
    assert reply.text.startswith("There's nothing to undo: no edit since the clip came."), reply.text
    assert "Remove" in reply.text and _length(client) == pytest.approx(10, abs=0.1) and client.credits() == credits
    client.ask("cut the first 2 seconds")
    reply = client.ask("undo 2")  # the cut, and not the clip's arrival
    assert reply.text.startswith("There was only one step to undo: undone."), reply.text
    assert _length(client) == pytest.approx(10, abs=0.1)


def test_put_it_back_is_a_redo_after_an_undo_and_an_undo_after_an_edit(client: NemoClient) -> None:
    """The engine remembers whether the last step was an undo (in memory, never reading the store on its event
    loop): "put it back" then brings back what the undo took; after an edit, it takes that edit back."""
    client.ask("cut the first 2 seconds")
    client.ask("undo")
    assert _length(client) == pytest.approx(10, abs=0.1)
    reply = client.ask("nvm put it back")
    assert _length(client) == pytest.approx(8, abs=0.1) and reply.text.startswith("Redone"), reply.text
    client.ask("cut the last 3 seconds")
    reply = client.ask("wait no put that back")
    assert _length(client) == pytest.approx(8, abs=0.1) and reply.text.startswith("Undone"), reply.text
