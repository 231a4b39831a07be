"""The SSE decoder: real ADK captures and the edge cases of the event-stream format."""

from __future__ import annotations

import pytest
from nemo_widgets.protocol._sse import LineDecoder, SSEDecoder, SSEEvent
from nemo_widgets.protocol.errors import ProtocolError

from .conftest import capture

CAPTURES = ["plain_text", "streamed_text", "silent_edit", "agent_error"]


def decode(*chunks: bytes, max_line_size: int | None = None) -> list[SSEEvent]:
    decoder = SSEDecoder() if max_line_size is None else SSEDecoder(max_line_size)
    events: list[SSEEvent] = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    return events + decoder.flush()


def datas(events: list[SSEEvent]) -> list[bytes]:
    return [e.data for e in events if not e.comment]


@pytest.mark.parametrize("name", CAPTURES)
def test_captures_one_event_per_data_line(name):
    raw = capture(name)
    expected = [line[6:] for line in raw.split(b"\n") if line.startswith(b"data: ")]
    events = decode(raw)
    assert datas(events) == expected
    assert all(e.event == "" and e.id is None and not e.comment for e in events)


@pytest.mark.parametrize("name", CAPTURES)
def test_captures_split_at_every_byte_offset(name):
    raw = capture(name)
    whole = decode(raw)
    for cut in range(1, len(raw)):
        assert decode(raw[:cut], raw[cut:]) == whole, cut


def test_byte_by_byte():
    raw = capture("streamed_text")
    assert decode(*(raw[i : i + 1] for i in range(len(raw)))) == decode(raw)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r", b"\n"])
def test_line_endings(newline):
    raw = capture("streamed_text").replace(b"\n", newline)
    assert datas(decode(raw)) == datas(decode(capture("streamed_text")))
    for cut in range(1, len(raw), 7):
        assert decode(raw[:cut], raw[cut:]) == decode(raw)


def test_crlf_split_between_cr_and_lf():
    assert datas(decode(b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n")) == [b"a", b"b"]


def test_leading_bom_dropped_even_when_split():
    raw = b"\xef\xbb\xbfdata: x\n\n"
    for cut in range(0, 5):
        assert datas(decode(raw[:cut], raw[cut:])) == [b"x"]
    assert datas(decode(b"data: \xef\xbb\xbfy\n\n")) == [b"\xef\xbb\xbfy"]  # only a leading one


def test_comments_are_heartbeat_markers():
    events = decode(b": ping\n\ndata: a\n: inside\n\n")
    assert [e.comment for e in events] == [True, True, False]
    assert events[2].data == b"a"


def test_multiline_data_joined_with_newline():
    assert datas(decode(b"data: one\ndata:two\ndata\n\n")) == [b"one\ntwo\n"]


def test_fields_event_id_retry_and_unknown():
    events = decode(b"event: heartbeat\nid: 7\nretry: 50\nfoo: bar\ndata: x\n\ndata: y\n\n")
    assert events[0] == SSEEvent(b"x", "heartbeat", "7", 50)
    assert events[1] == SSEEvent(b"y", "", "7", None)  # the id carries over


def test_empty_data_is_dispatched_and_bare_blank_lines_are_not():
    assert datas(decode(b"\n\n\ndata:\n\n\n\n")) == [b""]


def test_unterminated_last_event_dispatched_on_flush():
    assert datas(decode(b"data: a\n\ndata: b")) == [b"a", b"b"]
    assert datas(decode(b"data: a\n\ndata: b\n")) == [b"a", b"b"]


def test_several_events_in_one_chunk_and_one_event_in_many():
    raw = b"".join(b"data: %d\n\n" % i for i in range(100))
    assert datas(decode(raw)) == [b"%d" % i for i in range(100)]
    assert datas(decode(*[raw[i : i + 3] for i in range(0, len(raw), 3)])) == [b"%d" % i for i in range(100)]


def test_huge_line_refused_without_buffering_the_rest():
    decoder = SSEDecoder(max_line_size=1000)
    decoder.feed(b"data: " + b"x" * 600)
    with pytest.raises(ProtocolError) as info:
        decoder.feed(b"x" * 600)
    assert "longer than" in str(info.value)
    with pytest.raises(ProtocolError):
        decoder.feed(b"\n\n")


def test_huge_line_in_one_chunk_refused():
    with pytest.raises(ProtocolError):
        decode(b"data: " + b"x" * 2000 + b"\n\n", max_line_size=1000)


def test_huge_event_of_many_lines_refused():
    with pytest.raises(ProtocolError):
        decode(*[b"data: " + b"x" * 100 + b"\n"] * 20, max_line_size=1000)


def test_default_limit_is_16_mib():
    decoder = SSEDecoder()
    line = b"data: " + b"x" * (16 * 1024 * 1024 - 10) + b"\n\n"
    assert len(decoder.feed(line)) == 1
    with pytest.raises(ProtocolError):
        SSEDecoder().feed(b"data: " + b"x" * (16 * 1024 * 1024 + 1))


def test_line_decoder_splits_every_line_ending_across_chunks():
    lines = LineDecoder()
    assert lines.feed(b"a\r") == [b"a"]
    assert lines.feed(b"\nb\rc") == [b"b"]  # the LF finished the CRLF: no empty line
    assert lines.feed(b"d\n\n") == [b"cd", b""]
    assert lines.feed(b"e") == []
    assert lines.flush() == [b"e"]
    assert lines.flush() == []


def test_line_decoder_refuses_a_long_unfinished_line_as_it_grows():
    lines = LineDecoder(max_line_size=10)
    lines.feed(b"x" * 6)
    with pytest.raises(ProtocolError):
        lines.feed(b"x" * 6)


def test_a_refused_stream_stays_refused():
    decoder = SSEDecoder(max_line_size=10)
    with pytest.raises(ProtocolError):
        decoder.feed(b"data: " + b"x" * 20 + b"\n\n")
    with pytest.raises(ProtocolError):
        decoder.feed(b"data: ok\n\n")
    assert decoder.flush() == []


def test_a_long_line_finished_in_a_short_chunk_is_refused():
    lines = LineDecoder(max_line_size=10)
    lines.feed(b"event: xx")
    with pytest.raises(ProtocolError):
        lines.feed(b"xxxx\n")
