"""Keeping secrets out of reprs, log lines, exception texts and URLs.

:class:`Secret` holds a bearer token: its ``str``/``repr``/``format`` print
``[secure]`` (like httpx prints an Authorization header). :func:`redact`
scrubs a text coming from elsewhere (a server message, a URL) of every secret
known to this process and of anything shaped like a token.
"""

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["MASK", "Secret", "redact", "short_text"]

MASK = "[secure]"

# Token-shaped strings: the cloud's tokens (nmv_…), claim tokens (clm_…),
# bearer credentials and JWTs.
_TOKEN_SHAPES = re.compile(
    r"nmv_[A-Za-z0-9_\-.]{4,}"
    r"|clm_[A-Za-z0-9_\-.]{4,}"
    r"|(?i:bearer)\s+[^\s\"',;]+"
    r"|eyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]*"
)
_MIN_SECRET_LEN = 8

_known: set[str] = set()
_known_lock = threading.Lock()


class Secret:
    """A string that never prints itself. ``get()`` returns the real value."""

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value.get()
        if not isinstance(value, str):
            raise TypeError("a secret must be a string")
        self._value = value
        if len(value) >= _MIN_SECRET_LEN:
            with _known_lock:
                _known.add(value)

    def get(self) -> str:
        """The secret value, for the one place that sends it (a request header)."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> Any:  # pickling would write the value out
        raise TypeError("a Secret cannot be pickled")


def redact(text: str) -> str:
    """``text`` with known secrets and token-shaped strings replaced by ``[secure]``."""
    if not text:
        return text
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    return _TOKEN_SHAPES.sub(MASK, text)


def short_text(value: Any, limit: int = 240) -> str | None:
    """A server-provided message made safe to show: plain, redacted, bounded.

    Anything that is not a non-empty string (a dict, a list: raw JSON) gives
    ``None``, so callers fall back to their own wording.
    """
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or text[:1] in "{[":
        return None
    text = redact(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
