"""The chat stream objects: one turn's events, sync and async twins.

The SSE decoding lives apart (:mod:`._sse`, :mod:`.events`); a stream
only sends the message, feeds the body's bytes through :class:`TurnReader`
and always closes its response, however the iteration ends.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from typing import Any, Protocol

import httpx

from nemo_widgets.protocol._base import CHAT_TIMEOUT, Call, Clock
from nemo_widgets.protocol._sse import SSEDecoder
from nemo_widgets.protocol._turn import HeartbeatWatch
from nemo_widgets.protocol.errors import StreamDropped, TurnTimeout
from nemo_widgets.protocol.events import ChatEvent, TurnDecoder

__all__ = ["AsyncChatStream", "ChatStream", "TurnReader"]

#: SSE events decoded per batch. Each decoded frame is a dozen dicts and lists; a small batch keeps few of them
#: alive at once, so the cyclic GC's young generation stays small (256 made a 100,000-frame turn ~1.4x slower).
BATCH = 16


class TurnReader:
    """Body bytes in, batches of chat events out; raises the turn timeout."""

    __slots__ = ("_decoder", "_turn", "_watch")

    def __init__(self, clock: Clock) -> None:
        self._decoder = SSEDecoder()
        self._turn = TurnDecoder()
        self._watch = HeartbeatWatch(clock)

    def batches(self, chunk: bytes) -> Iterator[list[ChatEvent]]:
        items = self._decoder.feed(chunk)
        for start in range(0, len(items), BATCH):
            events = self._turn.feed(items[start : start + BATCH] if len(items) > BATCH else items)
            if events:
                if self._watch.seen(events):
                    raise TurnTimeout()
                yield events

    def finish(self) -> list[ChatEvent]:
        """The events left at the end of the body, then ``end``."""
        return self._turn.feed(self._decoder.flush()) + self._turn.finish()


def _chat_call(body: dict[str, object]) -> Call:
    return Call("POST", "/run_sse", json=body, stream=True, timeout=CHAT_TIMEOUT,
                headers={"Accept": "text/event-stream"})  # fmt: skip


class _Client(Protocol):
    """What a stream uses of :class:`~nemo_widgets.protocol.client.NemoClient` (the client builds its streams)."""

    _clock: Clock

    def _ensure_session(self) -> str: ...
    def _request(self, call: Call) -> Any: ...
    def _chat_body(self, text: str) -> dict[str, Any]: ...


class _AsyncClient(Protocol):
    """What a stream uses of :class:`~nemo_widgets.protocol.async_client.AsyncNemoClient`."""

    _clock: Clock

    async def _ensure_session(self) -> str: ...
    async def _request(self, call: Call) -> Any: ...
    def _chat_body(self, text: str) -> dict[str, Any]: ...


class ChatStream:
    """The events of one chat turn: an iterator and a context manager.

    The request is sent when iteration starts. The response is closed when
    the events run out, on :meth:`close`, or when the ``with`` block ends.
    """

    def __init__(self, client: _Client, text: str) -> None:
        self._client = client
        self._text = text
        self._response: httpx.Response | None = None
        self._events: Generator[ChatEvent, None, None] | None = None

    def __enter__(self) -> ChatStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[ChatEvent]:
        if self._events is None:
            self._events = self._run()
        return self._events

    def __next__(self) -> ChatEvent:
        return next(iter(self))

    def close(self) -> None:
        if self._events is not None:
            self._events.close()
        if self._response is not None:
            self._response.close()

    def _run(self) -> Generator[ChatEvent, None, None]:
        client = self._client
        client._ensure_session()
        response = self._response = client._request(_chat_call(client._chat_body(self._text)))
        reader = TurnReader(client._clock)
        try:
            try:
                for chunk in response.iter_bytes():
                    for batch in reader.batches(chunk):
                        yield from batch
            except httpx.HTTPError as exc:
                raise StreamDropped() from exc
            yield from reader.finish()
        finally:
            response.close()


class AsyncChatStream:
    """The events of one chat turn: an async iterator and an async context manager.

    The request is sent when iteration starts. The response is closed when
    the events run out, on :meth:`aclose`, or when the ``async with`` block
    ends (prefer that form: an abandoned ``async for`` closes late).
    """

    def __init__(self, client: _AsyncClient, text: str) -> None:
        self._client = client
        self._text = text
        self._response: httpx.Response | None = None
        self._events: AsyncGenerator[ChatEvent, None] | None = None

    async def __aenter__(self) -> AsyncChatStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __aiter__(self) -> AsyncIterator[ChatEvent]:
        if self._events is None:
            self._events = self._run()
        return self._events

    async def __anext__(self) -> ChatEvent:
        return await self.__aiter__().__anext__()

    async def aclose(self) -> None:
        if self._events is not None:
            await self._events.aclose()
        if self._response is not None:
            await self._response.aclose()

    async def _run(self) -> AsyncGenerator[ChatEvent, None]:
        client = self._client
        await client._ensure_session()
        response = self._response = await client._request(_chat_call(client._chat_body(self._text)))
        reader = TurnReader(client._clock)
        try:
            try:
                async for chunk in response.aiter_bytes():
                    for batch in reader.batches(chunk):
                        for event in batch:
                            yield event
            except httpx.HTTPError as exc:
                raise StreamDropped() from exc
            for event in reader.finish():
                yield event
        finally:
            await response.aclose()
