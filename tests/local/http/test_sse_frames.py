"""The chat stream's SSE frames: the captured key order, the error frame, reply chunks."""

from __future__ import annotations

import json

from nemo_widgets.local.http.sse import Invocation, error_frame, frame, split_chunks

from helpers_engine import FIXTURES


def _capture(name: str) -> list[dict]:
    text = (FIXTURES / name).read_text()
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def test_frames_have_the_captured_key_order() -> None:
    inv = Invocation()
    plain, silent, streamed, failed = (
        _capture(n) for n in ("plain_text.sse", "silent_edit.sse", "streamed_text.sse", "agent_error.sse")
    )
    assert list(inv.text("hi")) == list(plain[0])
    assert list(inv.function_call("c", "remove_audio", {})) == list(silent[0])
    assert list(inv.function_response("c", "remove_audio", {}, {"draft": {}})) == list(silent[1])
    assert list(inv.chunk("a", "x")) == list(streamed[0]) and list(inv.final("a", "x")) == list(streamed[-1])
    assert list(inv.error("RuntimeError", "boom")) == list(failed[0])
    last = json.loads(error_frame("RuntimeError", "boom")[6:])
    assert list(last) == list(failed[1]) and list(last["error_details"]) == list(failed[1]["error_details"])
    assert frame({"a": 1}) == b'data: {"a":1}\n\n'
    assert "".join(split_chunks("Done! I removed the audio track.")) == "Done! I removed the audio track."
