"""``nemo-widgets --help`` and each command's ``--help``: plain text a person reads, no reStructuredText markup."""

from __future__ import annotations

import re

import pytest
from nemo_widgets.apps.cli import main

COMMANDS = ("run", "mute", "mp3", "serve", "clean", "lab")


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


def test_the_command_list_says_what_the_tool_is_in_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys)
    assert "``" not in text and ":func:" not in text and ":data:" not in text, text
    assert "No account is" in text and "examples:" in text
    for command in COMMANDS:
        assert re.search(rf"^    {command}\s+\S", text, re.M), f"{command} is not listed with its summary"


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_opens_with_what_it_does(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, command)
    assert "``" not in text and ":func:" not in text, text
    usage, description = text.split("\n\n")[:2]
    assert usage.startswith(f"usage: nemo-widgets {command}")
    said = " ".join(description.split())
    listed = " ".join(_help(capsys).split())  # the command list wraps its summaries: compare the words
    assert said.endswith(".") and said[0].isupper(), said
    assert f" {command} {said[0].lower()}{said[1:-1]} " in listed, (said, listed)
    if command in ("run", "mute", "mp3"):  # a script reads the exit code: the batch commands say what it means
        assert "exit status: 0 when every file succeeded" in text
