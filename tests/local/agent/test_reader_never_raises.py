"""The reader raises on no message of the corpus, after its setup and after an undo (the engine turns a reader's
exception into a "didn't understand" reply, so the engine-level corpus tests alone would count such a bug as a
miss, not find it)."""

from __future__ import annotations

import pytest
from nemo_widgets.local.agent.intents import parse_message

from understanding_corpus import load, uses_chat

AGENT = [entry for entry in load() if uses_chat(entry)]


@pytest.mark.parametrize("undone", [False, True], ids=["after-edits", "after-an-undo"])
def test_no_message_makes_the_reader_raise(undone: bool) -> None:
    failed = []
    for entry in AGENT:
        previous = None
        try:
            for message in entry.get("setup", []):
                plan = parse_message(message, previous=previous)
                previous = plan.ops if plan.is_edit else previous
            parse_message(entry["text"], previous=previous, undone=undone)
        except Exception as error:  # noqa: BLE001 - any exception is the bug looked for; every one is listed at once
            failed.append(f"{entry['text'][:60]!r}: {type(error).__name__}: {error}")
    assert not failed, "\n".join(failed)
