"""Reading one-text-part ADK frames without a JSON parse: the chat stream's fast path.

Most of a streamed turn is frames of one shape: a text part, then metadata
that repeats from frame to frame but for the timestamp. Only the text,
``partial`` and the top-level ``id`` matter. The text is read with the C
string scanner (by the caller); the metadata after it (the "tail") is
checked here with substring searches, once per distinct tail, and later
frames compare their tail in place. Any doubt answers ``None`` and the
caller parses the frame fully, so the fast path never changes a result
(the tests compare both paths on captured, tricky and generated frames).

A key pattern such as ``"partial":true`` can only match structurally, never
inside a string value, because quotes inside JSON strings are escaped.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MEMO_SIZE", "TEXT_AT", "TEXT_HEAD", "TEXT_HEAD_BYTES", "frame_info", "same_tail", "tail_info"]

TEXT_HEAD = '{"content":{"parts":[{"text":"'
TEXT_AT = len(TEXT_HEAD)
TEXT_HEAD_BYTES = TEXT_HEAD.encode()
#: How many distinct tails a stream remembers.
MEMO_SIZE = 4


def tail_info(tail: str) -> tuple[str, str] | None:
    """``(kind, id)`` from what follows a frame's text, or ``None`` when in doubt.

    ``tail`` starts right after the text string; when the frame ended with a
    top-level ``,"timestamp":<number>}`` that part was cut off. Key patterns
    such as ``"partial":true`` can only match structurally, never inside a
    string value, because quotes inside JSON strings are escaped.
    """
    if tail.startswith('}],"role":"model"}'):
        start = 18
    elif tail.startswith("}]}"):
        start = 3
    else:
        return None  # another part, a thought flag, another role
    if '"error' in tail or '"stateDelta":{"' in tail:
        return None
    at = tail.rfind(',"id":"', start)
    if at < 0:
        return None
    close = tail.find('"', at + 7)
    if tail[close + 1 :] not in ("", "}"):  # the id is top-level only if the frame ends right after it
        return None
    event_id = tail[at + 7 : close]
    if "\\" in event_id:
        return None
    # ADK writes "partial" first after the content; anywhere else it is a doubt.
    for value, kind in ((',"partial":true', "text_chunk"), (',"partial":false', "text")):
        if tail.startswith(value, start):
            return (kind, event_id) if tail.find('"partial"', start + len(value)) < 0 else None
    return None if '"partial"' in tail else ("text", event_id)


def frame_info(frame: str, end: int, memo: list[tuple[str, Any]] | None, start: int = 0) -> tuple[str, str] | None:
    """``(kind, id)`` of a frame whose text ends at ``end``, or ``None`` when in doubt.

    The metadata is checked by :func:`tail_info` once per distinct tail;
    ``memo`` keeps the last few ``(tail, info)``, latest first, so the next
    frames compare their tail in place.
    """
    for index in range(start, len(memo) if memo else 0):
        tail, known = memo[index]  # type: ignore[index]  # the range is empty when memo is None
        if same_tail(frame, end, tail):
            if index and memo is not None:
                memo.insert(0, memo.pop(index))
            return known  # type: ignore[no-any-return]  # the memo holds what tail_info returned
    # Cut the timestamp off only when it provably closes the frame.
    stamp_at = frame.rfind(',"timestamp":', end)
    if stamp_at < 0 or frame[-1] != "}" or not frame[stamp_at + 13 : -1].replace(".", "", 1).isdigit():
        stamp_at = len(frame)
    tail = frame[end:stamp_at]
    info = tail_info(tail)
    if memo is not None:
        memo.insert(0, (tail, info))
        del memo[MEMO_SIZE:]
    return info


def same_tail(frame: str, end: int, tail: str) -> bool:
    """Whether ``frame`` continues at ``end`` with a checked ``tail`` and then only its timestamp.

    A checked tail ends at the top level of its frame, so what follows is
    top-level too; with no quote after ``"timestamp":`` no key can follow.
    """
    if not frame.startswith(tail, end):
        return False
    stop = end + len(tail)
    return stop == len(frame) or (frame.startswith(',"timestamp":', stop) and frame.find('"', stop + 13) < 0)
