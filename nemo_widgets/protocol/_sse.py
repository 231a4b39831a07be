"""An incremental Server-Sent-Events decoder working on bytes.

Feed it the body's chunks as they arrive; it returns the events completed so
far. It follows the WHATWG event-stream rules where they matter here: lines
end in CRLF, LF or CR (a CR at the end of a chunk waits for the next one);
a leading UTF-8 BOM is dropped; ``data:`` lines of one event are joined with
``\\n``; a blank line dispatches; unknown fields are ignored; the last
``id`` carries over to later events. Three choices of its own: an event with
an empty ``data:`` line (or only an ``event:`` field) is dispatched (the
cloud's heartbeat), a comment line (``: ping``) is returned as an event with
``comment=True`` so callers can count heartbeats, and an event left
unterminated at the end of the stream is still dispatched by :meth:`flush`.

A line (or an event) longer than ``max_line_size`` raises
:class:`~nemo_widgets.protocol.errors.ProtocolError` as soon as it is seen,
without buffering the rest. The hot path splits whole chunks (no per-byte
loop) and keeps ``data`` as bytes, which ``json.loads`` takes directly.
"""

from __future__ import annotations

from typing import NamedTuple

from nemo_widgets.protocol.errors import ProtocolError

__all__ = ["DEFAULT_MAX_LINE_SIZE", "SSEDecoder", "SSEEvent"]

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


class SSEDecoder:
    """Bytes in, :class:`SSEEvent` out. One decoder per stream."""

    __slots__ = ("_cr", "_data", "_event", "_failed", "_head", "_id", "_max", "_pending", "_pending_size", "_retry")

    def __init__(self, max_line_size: int = DEFAULT_MAX_LINE_SIZE) -> None:
        self._max = max_line_size
        self._pending: list[bytes] = []  # pieces of the unfinished last line
        self._pending_size = 0
        self._cr = False  # the previous chunk ended with a CR
        self._head: bytes | None = b""  # bytes held until the BOM question is settled
        self._data: list[bytes] = []
        self._event = ""
        self._id: str | None = None
        self._retry: int | None = None
        self._failed = False

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """The events completed by ``chunk``."""
        return [SSEEvent(item) if isinstance(item, bytes) else item for item in self.feed_raw(chunk)]

    def feed_raw(self, chunk: bytes) -> list[bytes | SSEEvent]:
        """Like :meth:`feed`, but an event that is only data comes back as its ``bytes``.

        The hot path of a stream: it saves building an object per event.
        """
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
        if self._cr:
            chunk = b"\r" + chunk
            self._cr = False
        if b"\r" in chunk:
            if chunk[-1] == 13:
                chunk = chunk[:-1]
                self._cr = True
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        last = chunk.rfind(b"\n")
        if last < 0:
            if chunk:
                self._pending.append(chunk)
                self._pending_size += len(chunk)
                if self._pending_size > self._max:
                    self._fail()
            return []
        whole = last == len(chunk) - 1
        if self._pending:
            self._pending.append(chunk if whole else chunk[: last + 1])
            text = b"".join(self._pending)
            self._pending = []
        else:
            text = chunk if whole else chunk[: last + 1]
        rest = b"" if whole else chunk[last + 1 :]
        if rest:
            self._pending.append(rest)
            self._pending_size = len(rest)
            if self._pending_size > self._max:
                self._fail()
        else:
            self._pending_size = 0
        return self._blocks(text)

    def _blocks(self, text: bytes) -> list[bytes | SSEEvent]:
        """Events from whole lines (``text`` ends with a newline).

        Fast path: an event that is one ``data: `` line becomes an event
        without a per-line loop; anything else goes through :meth:`_lines`.
        """
        if text[:6] == b"data: " and text[-2:] == b"\n\n" and self._id is None and not self._data and not self._event:
            # The common stream: only one-line data events. Every newline is
            # then part of a separator, which one count in C can prove.
            datas = text.split(b"\n\ndata: ")
            if text.count(b"\n") == 2 * len(datas):
                # no slice of the whole text: fix the two ends
                datas[0] = datas[0][6:]
                datas[-1] = datas[-1][:-2]
                if len(text) > self._max and max(map(len, datas)) > self._max - 6:
                    self._fail()
                return datas  # type: ignore[return-value]  # list[bytes] is a list[bytes | SSEEvent] (list is invariant; no copy on the hot path)
        blocks = text.split(b"\n\n")
        if len(text) > self._max:  # only then can a line be too long: look closer
            for block in blocks:
                if len(block) > self._max and max(map(len, block.split(b"\n"))) > self._max:
                    self._fail()
        unterminated = blocks.pop()
        events: list[bytes | SSEEvent] = []
        if blocks and (self._data or self._event):  # finish the event begun in an earlier chunk
            events += self._lines([*blocks[0].split(b"\n"), b""])
            blocks = blocks[1:]
        append = events.append
        for block in blocks:
            if block[:6] == b"data: " and b"\n" not in block and self._id is None:
                append(block[6:])
            else:
                events += self._lines([*block.split(b"\n"), b""])
        if unterminated:
            events += self._lines(unterminated.split(b"\n")[:-1])
        return events

    def flush(self) -> list[SSEEvent]:
        """At the end of the stream: the last line, and the unterminated event if any."""
        if self._failed:
            return []
        lines: list[bytes] = []
        if self._head:
            lines.append(self._head)
        self._head = None
        if self._pending:
            lines.append(b"".join(self._pending))
            self._pending = []
        self._cr = False
        lines.append(b"")  # dispatch whatever is collected
        return self._lines(lines)

    def _fail(self) -> None:
        self._failed = True
        self._pending = []
        self._data = []
        raise ProtocolError(
            f"The chat stream sent a line longer than {self._max // 1_048_576 or 1} MiB, which was refused."
        )

    def _lines(self, lines: list[bytes]) -> list[SSEEvent]:
        events: list[SSEEvent] = []
        data = self._data
        for line in lines:
            if not line:
                if data or self._event:  # an empty "data:" too: the cloud's heartbeat
                    joined = data[0] if len(data) == 1 else b"\n".join(data)
                    events.append(SSEEvent(joined, self._event, self._id, self._retry))
                    data = self._data = []
                    self._event = ""
                self._retry = None  # a retry belongs to its own event block, dispatched or not
                continue
            if line.startswith(b"data: "):
                data.append(line[6:])
            elif line.startswith(b"data:"):
                data.append(line[5:])
            elif line[0] == 58:  # b":" a comment
                events.append(_COMMENT)
            else:
                self._field(line)
        if data and sum(map(len, data)) > self._max:
            self._fail()
        return events

    def _field(self, line: bytes) -> None:
        name, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if name == b"data":  # "data" without a colon
            self._data.append(value)
        elif name == b"event":
            self._event = value.decode("utf-8", "replace")
        elif name == b"id":
            if b"\0" not in value:
                self._id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            self._retry = int(value)
