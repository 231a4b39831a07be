"""Bad input, property-based: whatever arrives, the toolkit works or raises its own error, never another.

Hypothesis feeds arbitrary bytes, JSON and text (and inputs shaped like the
real thing, to reach deep paths) to the SSE decoder, the ADK frame decoder
(``decode_adk``, ``decode_data``, ``TurnDecoder``), the draft parser (``Draft.from_dict``, ``summary``,
``diff``), the router (``route``, ``translate``), the answer models and the
error mapping. Each property sets ``max_examples``; the examples actually
run are counted and printed in the summary. A single SSE line over 16 MiB is
refused without reading the rest of the stream.
"""

from __future__ import annotations

import contextlib
import json
import math
import tracemalloc
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from nemo_widgets.protocol._sse import DEFAULT_MAX_LINE_SIZE, SSEDecoder, SSEEvent
from nemo_widgets.protocol.draft import Draft, diff
from nemo_widgets.protocol.errors import NemoError, ProtocolError, error_from_response
from nemo_widgets.protocol.events import ChatEvent, TurnDecoder, decode_adk, decode_data
from nemo_widgets.protocol.intents import Intent, Translation, route, translate
from nemo_widgets.protocol.models import Credits, MediaInfo, RenderStatus, SessionInfo, SessionState

from ._support import record

pytestmark = pytest.mark.slow  # thousands of generated inputs each (hypothesis): minutes on 2 cores

MiB = 1024 * 1024


def examples(n: int) -> Any:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def tried(name: str) -> None:
    record("examples", name, 1)


# -- strategies ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
#: Numbers where parsers break: huge, tiny, signed zero, overflow on * 100, NaN and infinity, numeric strings.
EDGES = [1.7976931348623157e308, -1.7976931348623157e308, 1e307, 5e-324, -0.0, 2**63, -(2**63), 10**400, 0.35]
small_json = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=10)
    | st.dictionaries(
        st.sampled_from(["a", "stateDelta", "error", "partial"]), st.integers() | st.text(max_size=5), max_size=2
    )
)
numbers: st.SearchStrategy[Any] = (
    st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(EDGES)
    | st.sampled_from(["10", "2.5", "1e309", "1e307", "-0", "nan", "inf", "", "x", True, None, [], {}])
)
tricky = st.sampled_from(
    [
        '"partial":true',
        ',"partial":false',
        ',"id":"x"',
        '}],"role":"model"}',
        "}]}",
        '\\"',
        "\\",
        '"error":1',
        '"stateDelta":{"a":1}',
        ',"timestamp":1.5}',
        "I encountered a temporary issue",
        "\n\n",
        "data: ",
        "\r",
        "\u2028",
        "\x00",
        "{",
        "}",
        "[",
        "]",
        '"',
        "\ud7ff",
        "😀",
        "导出",
        "click the Export button",
    ]
)
texts = st.one_of(st.text(max_size=60), st.lists(tricky | st.text(max_size=8), max_size=6).map("".join))


# -- the SSE decoder ----------------------------------------------------------------------------


def decode_all(chunks: list[bytes], max_line_size: int = DEFAULT_MAX_LINE_SIZE) -> list[SSEEvent]:
    decoder = SSEDecoder(max_line_size)
    events: list[SSEEvent] = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    return events + decoder.flush()


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=False)]


sse_lines = st.lists(
    st.tuples(
        st.sampled_from(
            [
                b"data: ",
                b"data:",
                b"data",
                b"event: ",
                b"id: ",
                b"retry: ",
                b": ",
                b"",
                b"\xef\xbb\xbf",
                b"weird: ",
                b"data:  ",
            ]
        ),
        st.binary(max_size=20) | texts.map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"\n", b"\r\n", b"\r", b"\n\n", b"\r\n\r\n", b""]),
    ),
    max_size=12,
).map(lambda parts: b"".join(a + b + c for a, b, c in parts))


@examples(500)
@given(data=st.binary(max_size=400) | sse_lines, cuts=st.lists(st.integers(0, 10**6), max_size=8))
@example(data=b"\x00\nretry:0\n\ndata: \n\n", cuts=[18])  # found: the retry stuck to the next event, or not
def test_sse_any_bytes_any_chunking(data: bytes, cuts: list[int]) -> None:
    tried("SSE decoder: any bytes, any chunking")
    whole = decode_all([data])
    assert decode_all(split(data, cuts)) == whole  # how the bytes are cut never changes the events
    for event in whole:
        assert isinstance(event, SSEEvent) and isinstance(event.data, bytes)


@examples(400)
@given(
    data=st.binary(max_size=300) | sse_lines, cuts=st.lists(st.integers(0, 10**6), max_size=6), limit=st.integers(1, 48)
)
def test_sse_small_limits_raise_only_protocol_error(data: bytes, cuts: list[int], limit: int) -> None:
    tried("SSE decoder: small line limits")
    decoder = SSEDecoder(limit)
    try:
        for chunk in split(data, cuts):
            decoder.feed(chunk)
        decoder.flush()
    except ProtocolError:
        with pytest.raises(ProtocolError):  # and it stays refused
            decoder.feed(b"data: more\n\n")


class LongLine:
    """``data: `` then one line of ``total`` bytes in ``piece`` s, never ending before that; counts pieces taken."""

    def __init__(self, total: int, piece: int = MiB) -> None:
        self.total, self.piece, self.taken = total, piece, 0

    def __iter__(self) -> Iterator[bytes]:
        yield b"data: "
        for _ in range(self.total // self.piece):
            self.taken += 1
            yield b"x" * self.piece  # a new object each time, as from a socket (a shared one would hide copies)
        yield b"\n\n"


def test_a_line_over_16_mib_is_refused_without_reading_on() -> None:
    decoder = SSEDecoder()  # the default limit: 16 MiB
    line = LongLine(256 * MiB)
    stream = iter(line)
    tracemalloc.start()
    try:
        with pytest.raises(ProtocolError) as caught:
            for chunk in stream:
                decoder.feed(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    taken = line.taken
    assert taken <= DEFAULT_MAX_LINE_SIZE // MiB + 1  # stopped at the limit, not at the end (256)
    assert next(stream, None) is not None  # the rest was never read
    assert peak < 24 * MiB, f"held {peak / MiB:.0f} MiB"  # the limit's worth and a piece, not the stream
    assert "16 MiB" in str(caught.value)
    record("notes", "SSE: a 256 MiB line", f"refused after {taken} MiB read, peak {peak / MiB:.1f} MiB held")


def test_a_line_over_16_mib_in_one_chunk_is_refused() -> None:
    with pytest.raises(ProtocolError):
        SSEDecoder().feed(b"data: " + b"y" * (DEFAULT_MAX_LINE_SIZE + 1) + b"\n\ndata: {}\n\n")
    events = SSEDecoder().feed(b"data: " + b"y" * (DEFAULT_MAX_LINE_SIZE - 16) + b"\n\n")
    assert len(events) == 1  # just under the limit is fine


class EndlessLine(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A chat answer that is one endless SSE line; counts the MiB handed out."""

    def __init__(self) -> None:
        self.taken = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield b"data: "
        while self.taken < 1024:
            self.taken += 1
            yield b"z" * MiB

    async def __aiter__(self) -> Any:
        for chunk in self.__iter__():
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_clients_refuse_an_endless_line(kind: str) -> None:
    from nemo_widgets.protocol.async_client import AsyncNemoClient
    from nemo_widgets.protocol.client import NemoClient

    body = EndlessLine()

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/run_sse"
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=body)

    options: dict[str, Any] = {
        "base_url": "https://api.example",
        "token": "nmv_usr_endless-line-test",
        "session_id": "s1",
        "transport": httpx.MockTransport(answer),
    }
    with pytest.raises(ProtocolError):
        if kind == "sync":
            with NemoClient(**options) as client, client.chat("hello") as stream:
                for _ in stream:
                    pass
        else:
            async with AsyncNemoClient(**options) as aclient, aclient.chat("hello") as astream:
                async for _ in astream:
                    pass
    assert body.taken <= 17 and body.closed  # stopped at the limit and closed the response


# -- ADK frames ---------------------------------------------------------------------------------------

parts = st.one_of(
    st.fixed_dictionaries({"text": texts}, optional={"thought": st.booleans() | json_values}),
    st.fixed_dictionaries(
        {
            "functionCall": st.fixed_dictionaries(
                {}, optional={"id": json_values, "name": json_values, "args": json_values}
            )
        }
    ),
    st.fixed_dictionaries(
        {
            "functionResponse": st.fixed_dictionaries(
                {}, optional={"id": json_values, "name": json_values, "response": json_values}
            )
        }
    ),
    json_values,
)
adk_frames = st.fixed_dictionaries(
    {},
    optional={
        "content": st.fixed_dictionaries(
            {},
            optional={
                "parts": st.lists(parts, max_size=3) | json_values,
                "role": st.sampled_from(["model", "user"]) | json_values,
            },
        )
        | json_values,
        "partial": st.booleans() | json_values,
        "id": texts | json_values,
        "author": json_values,
        "invocationId": texts,
        "actions": st.fixed_dictionaries({}, optional={"stateDelta": json_values}) | json_values,
        "errorCode": json_values,
        "errorMessage": json_values,
        "error": json_values,
        "error_details": json_values,
        "heartbeat": json_values,
        "turnComplete": json_values,
        "timestamp": numbers.filter(lambda n: not (isinstance(n, float) and not math.isfinite(n))),
    },
)


@examples(400)
@given(obj=adk_frames | json_values)
def test_decode_adk_never_raises(obj: Any) -> None:
    tried("ADK: decode_adk on any JSON")
    events = decode_adk(obj)
    assert isinstance(events, list) and all(isinstance(e, ChatEvent) for e in events)
    for event in events:
        repr(event)
        if event.kind == "error":
            assert isinstance(event.to_error(), NemoError)


@examples(500)
@given(
    data=st.binary(max_size=300)
    | adk_frames.map(lambda o: json.dumps(o).encode())
    | texts.map(lambda s: s.encode("utf-8", "surrogatepass"))
)
def test_decode_data_never_raises(data: bytes) -> None:
    tried("ADK: decode_data on any bytes")
    for event in decode_data(data):
        assert isinstance(event, ChatEvent)


def text_frame(
    text: str, partial: Any, event_id: Any, extra: list[tuple[str, Any]], role: bool, ascii_only: bool, stamp: Any
) -> bytes:
    """A one-text-part frame laid out as ADK writes it (content first), with generated metadata."""
    content: dict[str, Any] = {"parts": [{"text": text}]}
    if role:
        content["role"] = "model"
    frame: dict[str, Any] = {"content": content}
    if partial is not None:
        frame["partial"] = partial
    for key, value in extra:
        frame.setdefault(key, value)
    if event_id is not None:
        frame["id"] = event_id
    if stamp is not None:
        frame["timestamp"] = stamp
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


fast_frames = st.builds(
    text_frame,
    text=texts,
    partial=st.sampled_from([None, True, False, 1, "true"]),
    event_id=st.none() | texts | st.integers(),
    extra=st.lists(
        st.tuples(
            st.sampled_from(
                ["invocationId", "author", "partial", "actions", "turnComplete", "id", "errorCode", "x", "timestamp"]
            ),
            small_json | texts,
        ),
        max_size=3,
    ),
    role=st.booleans(),
    ascii_only=st.booleans(),
    stamp=st.none() | st.integers(0, 2**40) | st.floats(0, 1e10) | texts,
)


def _shape(events: list[ChatEvent]) -> list[tuple[Any, ...]]:
    return [(e.kind, e.text, e.id, e.replaces, e.error_code) for e in events]


@examples(300)
@given(frames=st.lists(fast_frames | adk_frames.map(lambda o: json.dumps(o).encode()), max_size=5))
def test_turn_decoder_on_generated_text_frames(frames: list[bytes]) -> None:
    tried("ADK: TurnDecoder on generated text frames")
    turn = TurnDecoder()
    got = turn.feed([SSEEvent(f) for f in frames]) + turn.finish()
    assert got[-1].kind == "end"
    single = [e for f in frames for e in decode_data(f)]
    assert _shape(single) == _shape([e for f in frames for e in decode_adk(json.loads(f))])
    shown = [e for e in got if e.kind in ("text", "text_chunk")]
    assert all(e.text in [s.text for s in single] for e in shown)  # the turn drops or flags, never rewrites


@examples(300)
@given(
    items=st.lists(
        st.binary(max_size=80).map(SSEEvent)
        | st.builds(
            SSEEvent,
            st.binary(max_size=60),
            st.sampled_from(["", "heartbeat", "message", "x"]),
            st.none() | st.text(max_size=5),
            st.none(),
            st.booleans(),
        ),
        max_size=10,
    )
)
def test_turn_decoder_on_any_sse_events(items: list[Any]) -> None:
    tried("ADK: TurnDecoder on any SSE events")
    decoder = TurnDecoder()
    events = decoder.feed(items) + decoder.finish()
    assert events[-1].kind == "end"
    for event in events:
        if event.kind == "error":
            assert isinstance(event.to_error(), NemoError)


# -- drafts ----------------------------------------------------------------------------------------

metas = st.fixed_dictionaries(
    {},
    optional={
        "name": texts | json_values,
        "text": texts | json_values,
        "volume": numbers,
        "src": json_values,
        "in": numbers,
    },
)
shaped_segments = st.fixed_dictionaries(
    {"s": numbers, "d": numbers, "m": metas}, optional={"st": numbers, "start": numbers, "e": numbers, "end": numbers}
)
segments = st.one_of(shaped_segments, shaped_segments, shaped_segments, json_values)
shaped_tracks = st.fixed_dictionaries(
    {"tt": st.sampled_from([0, 1, 7, 2, -1, 1.0, "1", 10**30]) | numbers, "sg": st.lists(segments, max_size=4)},
    optional={
        "m": st.fixed_dictionaries({}, optional={"name": texts | json_values, "muted": json_values}) | json_values
    },
)
tracks = st.one_of(shaped_tracks, shaped_tracks, shaped_tracks, json_values)
drafts = st.one_of(
    st.fixed_dictionaries({"t": st.lists(tracks, max_size=4)}, optional={"d": numbers}),
    st.fixed_dictionaries({"t": st.lists(tracks, max_size=4)}, optional={"d": numbers}),
    st.fixed_dictionaries({}, optional={"t": json_values, "d": numbers}),
    json_values,
)


def _use(draft: Draft) -> None:
    assert isinstance(draft.summary(), str) and isinstance(str(draft), str)
    draft.duration_ms, draft.duration_s, draft.ready_for_export, draft.has_video, draft.has_audio  # noqa: B018
    assert isinstance(draft.to_dict(), dict)


@examples(600)
@given(obj=drafts)
@example(obj={"t": [{"tt": 1, "sg": [{"s": 0, "d": 10, "m": {"volume": 1e307}}]}]})  # found: OverflowError
def test_draft_from_any_json(obj: Any) -> None:
    tried("draft: from_dict + summary")
    with contextlib.suppress(NemoError):
        _use(Draft.from_dict(obj))


@examples(400)
@given(old=drafts, new=drafts)
@example(
    old={},
    new={
        "t": [{"tt": 7, "sg": [{"s": 0, "d": 1000, "m": {"text": "Hi"}}, {"s": 2000, "d": 1000, "m": {"text": "Hi"}}]}]
    },
)  # found: phantom "moved"
@example(old={"t": [{"tt": 0, "sg": [{"s": 0, "d": 10, "m": {"volume": -1.7976931348623157e308}}]}]}, new={})
def test_diff_of_any_two_drafts(old: Any, new: Any) -> None:
    tried("draft: diff")
    try:
        changes = diff(old, new)
        assert all(isinstance(c, str) and c for c in changes)
        assert diff(new, new) == []
    except NemoError:
        pass


# -- routing and translation ------------------------------------------------------------------------


@examples(600)
@given(text=texts | st.text(), has_files=st.booleans())
def test_route_any_text(text: str, has_files: bool) -> None:
    tried("router: route")
    intent = route(text, has_files=has_files)
    assert isinstance(intent, Intent)
    assert intent.action in ("export", "credits", "state", "upload", "chat", "chat_then_export")


@examples(600)
@given(text=texts | st.text())
def test_translate_any_text(text: str) -> None:
    tried("router: translate")
    result = translate(text)
    assert isinstance(result, Translation) and isinstance(result.text, str)
    assert set(result.actions) <= {"export", "credits", "state", "chart", "chat"}


# -- answers from the API ----------------------------------------------------------------------------


@examples(400)
@given(body=json_values | adk_frames, status=st.sampled_from([200, 400, 401, 402, 403, 404, 413, 415, 429, 500, 503]))
def test_answers_of_any_shape(body: Any, status: int) -> None:
    tried("answers: models and error mapping")
    for parse in (
        SessionState.from_data,
        RenderStatus.from_data,
        MediaInfo.list_from,
        Credits.from_data,
        SessionInfo.from_data,
    ):
        try:
            parse(body)
            parse({"data": body, "state": body, "code": 0})
        except NemoError:
            pass
    error = error_from_response(status, body, web_url="https://web.example", bind_id="usr_1")
    if error is not None:
        assert isinstance(error, NemoError) and error.user_message and error.next_step
