"""The first floor: the NemoVideo agent API in Python, knowing nothing of Jupyter.

=================  ==========================================================
module             what it holds
=================  ==========================================================
``constants``      shared facts of the wire (file types, limits, codes)
``settings``       :class:`Settings`, :class:`Profile`, :data:`PROFILES`
``errors``         the error tree (drawn in its docstring)
``draft``          :class:`Draft` / :class:`Track` / :class:`Segment`, ``diff``
``models``         credits, session, media, state, render job/status/result, reply
``events``         :class:`ChatEvent` and the ADK frame decoder
``intents``        :func:`route` and :func:`translate`
``schedule``       render poll schedules
``client``         :class:`NemoClient` (sync)
``async_client``   :class:`AsyncNemoClient` (async)
=================  ==========================================================

Names are loaded on first use (``from nemo_widgets.protocol import NemoClient``).
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "NemoClient": "client",
    "ChatStream": "client",
    "AsyncNemoClient": "async_client",
    "AsyncChatStream": "async_client",
    "Settings": "settings",
    "Profile": "settings",
    "PROFILES": "settings",
    "NemoError": "errors",
    "Draft": "draft",
    "Track": "draft",
    "Segment": "draft",
    "diff": "draft",
    "Credits": "models",
    "MediaInfo": "models",
    "RenderJob": "models",
    "RenderResult": "models",
    "RenderStatus": "models",
    "Reply": "models",
    "SessionInfo": "models",
    "SessionState": "models",
    "ChatEvent": "events",
    "Intent": "intents",
    "Translation": "intents",
    "route": "intents",
    "translate": "intents",
    "AdaptiveSchedule": "schedule",
    "FixedSchedule": "schedule",
    "PollSchedule": "schedule",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nemo_widgets.protocol' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
