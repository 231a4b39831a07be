"""Decoding ADK frames into chat events, and the turn's memory."""

from __future__ import annotations

import json

import pytest
from nemo_widgets.protocol._sse import SSEDecoder, SSEEvent
from nemo_widgets.protocol.errors import AgentError, ProtocolError
from nemo_widgets.protocol.events import ChatEvent, TurnDecoder, decode_adk, decode_data

from .conftest import capture


def frame(parts, **extra):
    return {"content": {"parts": parts, "role": "model"}, "author": "nemo_agent", "id": "ev1", **extra}


def turn_events(*frames_or_bytes) -> list[ChatEvent]:
    turn = TurnDecoder()
    out = []
    for item in frames_or_bytes:
        data = item if isinstance(item, bytes) else json.dumps(item, separators=(",", ":")).encode()
        out += turn.feed([SSEEvent(data)])
    return out + turn.finish()


def kinds(events):
    return [e.kind for e in events]


def test_text_partial_and_final():
    assert kinds(decode_adk(frame([{"text": "a"}], partial=True))) == ["text_chunk"]
    assert kinds(decode_adk(frame([{"text": "a"}], partial=False))) == ["text"]
    assert kinds(decode_adk(frame([{"text": "a"}]))) == ["text"]  # streaming off: partial absent


def test_thought_parts_dropped():
    events = decode_adk(frame([{"text": "thinking…", "thought": True}, {"text": "answer"}]))
    assert [(e.kind, e.text) for e in events] == [("text", "answer")]


def test_several_parts_in_one_event():
    parts = [
        {"text": "On it."},
        {"functionCall": {"id": "c1", "name": "trim", "args": {"end": 10}}},
        {"functionResponse": {"id": "c1", "name": "trim", "response": {"ok": True}}},
    ]
    events = decode_adk(frame(parts))
    assert kinds(events) == ["text", "tool_call", "tool_result"]
    assert (events[1].name, events[1].args, events[1].id) == ("trim", {"end": 10}, "c1")
    assert events[2].response == {"ok": True}


MULTI = [{"text": "Let me think about the audio.", "thought": True}, {"text": "First part. "}, {"text": "Second part."}]


def test_every_text_part_of_an_event_is_kept_in_order():
    (event,) = decode_adk(frame(MULTI))
    assert (event.kind, event.text, event.id) == ("text", "First part. Second part.", "ev1")
    (chunk,) = decode_adk(frame([{"text": "a"}, {"text": "b", "thought": True}, {"text": "c"}], partial=True))
    assert (chunk.kind, chunk.text) == ("text_chunk", "ac")
    mixed = decode_adk(frame([{"text": "On it. "}, {"functionCall": {"id": "c1", "name": "trim"}}, {"text": "Done."}]))
    assert [(e.kind, e.text) for e in mixed] == [("text", "On it. Done."), ("tool_call", "")]


def test_a_multi_part_final_replaces_its_chunks_once():
    events = turn_events(
        frame([{"text": "thinking", "thought": True}], partial=True),
        frame([{"text": "First part. "}], partial=True),
        frame([{"text": "Second part."}], partial=True),
        frame(MULTI, partial=False),
    )
    assert kinds(events) == ["text_chunk", "text_chunk", "text", "end"]
    assert events[2].replaces and events[2].text == "First part. Second part."


def test_error_frames():
    code_event = {"errorCode": "RuntimeError", "errorMessage": "boom", "id": "x"}
    assert [(e.kind, e.error_code, e.error_message) for e in decode_adk(code_event)] == [
        ("error", "RuntimeError", "boom")
    ]
    tail = {"error": "RuntimeError: boom", "error_details": {"error_type": "RuntimeError", "error_message": "boom"}}
    assert [(e.error_code, e.error_message) for e in decode_adk(tail)] == [("RuntimeError", "boom")]
    assert decode_adk({"error": "plain"})[0].error_message == "plain"


def test_heartbeats():
    assert kinds(decode_adk({"heartbeat": 1})) == ["heartbeat"]
    assert kinds(decode_adk({})) == ["heartbeat"]
    assert kinds(decode_data(b"")) == ["heartbeat"]
    assert kinds(decode_data(b"  ")) == ["heartbeat"]
    delta = decode_adk({"actions": {"stateDelta": {"draft": {"t": []}}}})
    assert kinds(delta) == ["heartbeat"] and delta[0].state_delta == {"draft": {"t": []}}


@pytest.mark.parametrize("data", [b"{not json", b'{"content": ', b"\xff\xfe", b"[1, 2]", b"42", b'"text"'])
def test_broken_frames_become_protocol_error_events(data):
    (event,) = decode_data(data)
    assert event.kind == "error"
    assert isinstance(event.to_error(), ProtocolError)


def test_odd_shapes_never_raise():
    odd: list[object] = [None, [], {"content": None}, {"content": {"parts": None}}, {"content": {"parts": [1, None, "x"]}},
                {"content": {"parts": [{"text": 5}]}}, {"content": {"parts": [{"functionCall": "x"}]}},
                {"actions": "x"}, {"errorCode": {"a": 1}}]  # fmt: skip
    for obj in odd:
        decode_adk(obj)


def test_final_replaces_chunks():
    events = turn_events(
        frame([{"text": "Hel"}], partial=True),
        frame([{"text": "lo"}], partial=True),
        frame([{"text": "Hello"}], partial=False),
    )
    assert kinds(events) == ["text_chunk", "text_chunk", "text", "end"]
    assert events[2].replaces and not events[0].replaces


def test_non_streamed_text_does_not_replace():
    (event, _end) = turn_events(frame([{"text": "Hi"}]))
    assert not event.replaces


def test_duplicate_error_frames_merged():
    events = turn_events(capture("agent_error").split(b"\n\n")[0][6:], capture("agent_error").split(b"\n\n")[1][6:])
    assert kinds(events) == ["error", "end"]
    assert isinstance(events[0].to_error(), AgentError)


def test_trailing_temporary_issue_dropped_after_reply():
    events = turn_events(
        frame([{"text": "Done."}]),
        {**frame([{"text": "I encountered a temporary issue. Please try again."}]), "id": "ev2"},
    )
    assert [e.text for e in events if e.kind == "text"] == ["Done."]


def test_trailing_temporary_issue_dropped_when_streamed():
    noise = "I encountered a temporary issue, sorry."
    chunks = [noise[:5], noise[5:20], noise[20:]]
    events = turn_events(
        frame([{"text": "Done."}]),
        *[{**frame([{"text": c}], partial=True), "id": "ev2"} for c in chunks],
        {**frame([{"text": noise}], partial=False), "id": "ev2"},
    )
    assert [e.text for e in events if e.kind in ("text", "text_chunk")] == ["Done."]


def test_text_after_reply_that_only_starts_like_noise_is_kept():
    events = turn_events(
        frame([{"text": "Done."}]),
        {**frame([{"text": "I en"}], partial=True), "id": "ev2"},
        {**frame([{"text": "joyed that!"}], partial=True), "id": "ev2"},
        {**frame([{"text": "I enjoyed that!"}], partial=False), "id": "ev2"},
    )
    assert [e.text for e in events if e.kind == "text_chunk"] == ["I en", "joyed that!"]
    assert events[-2].text == "I enjoyed that!" and events[-2].replaces


def test_temporary_issue_alone_is_kept():
    events = turn_events(frame([{"text": "I encountered a temporary issue."}]))
    assert kinds(events) == ["text", "end"]


def test_comment_and_heartbeat_event_are_heartbeats():
    turn = TurnDecoder()
    assert kinds(turn.feed([SSEEvent(b"", comment=True), SSEEvent(b"{}", "heartbeat")])) == ["heartbeat"] * 2


def test_a_text_holding_key_like_text_and_escapes_is_read_whole():
    data = (
        '{"content":{"parts":[{"text":"a\\",\\"id\\":\\"fake\\"} \\u00e9\\n"}],"role":"model"},'
        '"partial":true,"id":"real","timestamp":1.5}'
    )
    (event,) = decode_data(data.encode())
    assert (event.kind, event.text, event.id) == ("text_chunk", 'a","id":"fake"} \u00e9\n', "real")


def test_decoded_frame_is_kept_as_raw():
    (event,) = decode_data(capture("plain_text").split(b"\n")[0][6:])
    assert event.raw["author"] == "nemo_agent"


def test_repr_is_short():
    event = decode_data(capture("plain_text").split(b"\n")[0][6:])[0]
    assert "invocationId" not in repr(event)


def test_decoder_and_turn_together_on_split_stream():
    raw = capture("streamed_text")
    decoder, turn = SSEDecoder(), TurnDecoder()
    events = []
    for i in range(0, len(raw), 50):
        events += turn.feed(decoder.feed(raw[i : i + 50]))
    events += turn.feed(decoder.flush()) + turn.finish()
    assert kinds(events) == ["text_chunk"] * 3 + ["text", "end"]
