"""An incremental Server-Sent-Events decoder working on bytes.

Two small parts, split as httpx-sse splits them:

* :class:`LineDecoder`: body chunks in, whole lines out. Lines end in CRLF,
  LF or CR; a CR at the end of a chunk may be the first half of a CRLF, so
  an LF at the start of the next chunk is skipped. A line longer than
  ``max_line_size`` raises :class:`~nemo_widgets.protocol.errors.ProtocolError`
  as soon as it is seen, without buffering the rest.
* :class:`SSEDecoder`: lines in, events out, by the WHATWG event-stream
  rules: a leading UTF-8 BOM is dropped; ``data:`` lines of one event are
  joined with ``\\n``; a blank line dispatches; unknown fields are ignored;
  the last ``id`` carries over to later events. Three choices of its own:
  an event with an empty ``data:`` line (or only an ``event:`` field) is
  dispatched (the cloud's heartbeat); a comment line (``: ping``) is
  returned as an event with ``comment=True`` so callers can count
  heartbeats; an event left unterminated at the end of the stream is still
  dispatched by :meth:`SSEDecoder.flush`. An event whose data add up to
  more than ``max_line_size`` is refused like a long line.

``data`` stays bytes, which ``json.loads`` takes directly.
"""

from __future__ import annotations

from typing import NamedTuple

from nemo_widgets.protocol.errors import ProtocolError

__all__ = ["DEFAULT_MAX_LINE_SIZE", "LineDecoder", "SSEDecoder", "SSEEvent"]

DEFAULT_MAX_LINE_SIZE = 16 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


class SSEEvent(NamedTuple):
    """One dispatched event (or one comment line, ``comment=True``)."""

    data: bytes
    event: str = ""
    id: str | None = None
    retry: int | None = None
    comment: bool = False


_COMMENT = SSEEvent(b"", comment=True)


def _too_long(limit: int) -> ProtocolError:
    return ProtocolError(f"The chat stream sent a line longer than {limit // 1_048_576 or 1} MiB, which was refused.")


class LineDecoder:
    """Bytes in, whole lines (without their line ending) out."""

    __slots__ = ("_max", "_pending", "_pending_size", "_trailing_cr")

    def __init__(self, max_line_size: int = DEFAULT_MAX_LINE_SIZE) -> None:
        self._max = max_line_size
        self._pending: list[bytes] = []  # pieces of the unfinished last line
        self._pending_size = 0
        self._trailing_cr = False

    def feed(self, chunk: bytes) -> list[bytes]:
        """The lines completed by ``chunk``."""
        if self._trailing_cr:
            self._trailing_cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if not chunk:
            return []
        lines = chunk.splitlines()  # splits on \r\n, \n and \r only (bytes)
        last = chunk[-1]
        if last == 13:  # a CR: its LF may come in the next chunk
            self._trailing_cr = True
        rest = b"" if last in (10, 13) else lines.pop()  # the unfinished last line
        if self._pending and lines:
            lines[0] = b"".join([*self._pending, lines[0]])
            self._pending, self._pending_size = [], 0
            if len(lines[0]) > self._max:
                raise _too_long(self._max)
        if len(chunk) > self._max and lines and max(map(len, lines)) > self._max:
            raise _too_long(self._max)
        if rest:
            self._pending.append(rest)
            self._pending_size += len(rest)
            if self._pending_size > self._max:
                raise _too_long(self._max)
        return lines

    def flush(self) -> list[bytes]:
        """The unterminated last line, if any."""
        line = b"".join(self._pending)
        self._pending, self._pending_size, self._trailing_cr = [], 0, False
        return [line] if line else []


class SSEDecoder:
    """Bytes in, :class:`SSEEvent` out. One decoder per stream; after a refusal it stays refused."""

    __slots__ = ("_data", "_data_size", "_event", "_failed", "_head", "_id", "_lines", "_max", "_retry")

    def __init__(self, max_line_size: int = DEFAULT_MAX_LINE_SIZE) -> None:
        self._max = max_line_size
        self._lines = LineDecoder(max_line_size)
        self._head: bytes | None = b""  # bytes held until the BOM question is settled
        self._data: list[bytes] = []
        self._data_size = 0
        self._event = ""
        self._id: str | None = None
        self._retry: int | None = None
        self._failed = False

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """The events completed by ``chunk``."""
        if self._failed:
            raise ProtocolError()
        if self._head is not None:
            chunk = self._head + chunk
            if len(chunk) < 3 and _BOM.startswith(chunk):
                self._head = chunk
                return []
            self._head = None
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        try:
            return self._events(self._lines.feed(chunk))
        except ProtocolError:
            self._fail()
            raise

    def flush(self) -> list[SSEEvent]:
        """At the end of the stream: the last line, and the unterminated event if any."""
        if self._failed:
            return []
        head, self._head = self._head or b"", None
        try:
            lines = self._lines.feed(head) if head else []
            return self._events([*lines, *self._lines.flush(), b""])  # the blank line dispatches what is left
        except ProtocolError:
            self._fail()
            raise

    def _fail(self) -> None:
        self._failed = True
        self._data, self._data_size = [], 0

    def _events(self, lines: list[bytes]) -> list[SSEEvent]:
        events: list[SSEEvent] = []
        for line in lines:
            if not line:  # a blank line dispatches
                if self._data or self._event:  # an empty "data:" too: the cloud's heartbeat
                    events.append(self._dispatch())
                self._retry = None  # a retry belongs to its own event block, dispatched or not
            elif line.startswith(b"data: "):  # the common line, ahead of the general rule
                self._add_data(line[6:])
            elif line[0] == 58:  # b":" a comment
                events.append(_COMMENT)
            else:
                self._field(line)
        return events

    def _dispatch(self) -> SSEEvent:
        data = self._data
        event = SSEEvent(data[0] if len(data) == 1 else b"\n".join(data), self._event, self._id, self._retry)
        self._data, self._data_size, self._event = [], 0, ""
        return event

    def _add_data(self, value: bytes) -> None:
        self._data.append(value)
        self._data_size += len(value)
        if self._data_size > self._max:
            raise _too_long(self._max)

    def _field(self, line: bytes) -> None:
        name, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._add_data(value)
        elif name == b"event":
            self._event = value.decode("utf-8", "replace")
        elif name == b"id":
            if b"\0" not in value:
                self._id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            self._retry = int(value)
