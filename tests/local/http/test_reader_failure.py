"""A bug in the agent's reader costs one reply, not the turn: through the toolkit's client against the engine
over real HTTP, a message the reader fails on is answered as not understood, nothing changes, the next
message is read as usual, and the engine's log names the failure without the message's words (issue 21; the
first such bug, an undo of everything beside a number said the message before, answered HTTP 500)."""

from __future__ import annotations

import logging

import pytest
from nemo_widgets.local.agent.intents import parse_message
from nemo_widgets.protocol.client import NemoClient

pytestmark = pytest.mark.usefixtures("isolated")


def test_a_reader_failure_is_a_reply_and_changes_nothing(
    client: NemoClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    read = parse_message

    def failing(text: str, *args: object, **kwargs: object) -> object:
        if "secret words" in text:
            raise TypeError("a bug in a rule")
        return read(text, *args, **kwargs)  # type: ignore[arg-type]  # the real reader's own signature, passed through

    monkeypatch.setattr("nemo_widgets.local.http.api_chat.parse_message", failing)
    with caplog.at_level(logging.ERROR):
        reply = client.ask("cut the secret words please")
    assert "didn't understand" in reply.text, reply.text
    assert client.state().draft.duration_s == pytest.approx(10, abs=0.1)
    assert any("could not read a message" in r.getMessage() for r in caplog.records)
    assert all("secret words" not in r.getMessage() for r in caplog.records)
    client.ask("cut the first 2 seconds")  # the next message is read as usual
    assert client.state().draft.duration_s == pytest.approx(8, abs=0.1)


def test_an_undo_of_everything_after_an_edit_with_numbers_is_read(client: NemoClient) -> None:
    client.ask("cut the last 3 seconds")
    client.ask("mute from 1 to 2 seconds")
    reply = client.ask("全部撤销吧，恢复到原来的样子")
    assert client.state().draft.duration_s == pytest.approx(10, abs=0.1), reply.text
