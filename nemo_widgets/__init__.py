"""nemo-widgets: the NemoVideo AI video agent inside Jupyter notebooks.

Heavy modules (ipywidgets, matplotlib, the local engine's Starlette/uvicorn)
are imported lazily, on first use of the name that needs them, so that
``import nemo_widgets`` stays cheap.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what a type checker sees for the lazy names below (kept equal to _LAZY by a test)
    from nemo_widgets.apps.samples import ensure_samples
    from nemo_widgets.core.batch import BatchItem, process_many, process_many_sync
    from nemo_widgets.core.chart import render_timeline
    from nemo_widgets.core.manifest import Manifest
    from nemo_widgets.core.session import ExportOutcome, StudioSession
    from nemo_widgets.protocol.async_client import AsyncNemoClient
    from nemo_widgets.protocol.client import NemoClient
    from nemo_widgets.protocol.draft import Draft
    from nemo_widgets.protocol.errors import NemoError
    from nemo_widgets.protocol.events import ChatEvent
    from nemo_widgets.protocol.intents import route, translate
    from nemo_widgets.protocol.models import Credits, MediaInfo, RenderJob, RenderResult, Reply, SessionState
    from nemo_widgets.protocol.settings import PROFILES, Profile, Settings
    from nemo_widgets.widgets.batch import BatchPanel
    from nemo_widgets.widgets.studio import Studio

__version__ = "0.1.0"

# A library adds no handler but this one: its warnings reach whatever logging the user set up, and
# nothing is printed to stderr otherwise (from a background thread that would land in a random cell;
# the widgets say what matters on their status line).
logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it
_LAZY: dict[str, str] = {
    "NemoClient": "nemo_widgets.protocol.client",
    "AsyncNemoClient": "nemo_widgets.protocol.async_client",
    "Settings": "nemo_widgets.protocol.settings",
    "Profile": "nemo_widgets.protocol.settings",
    "PROFILES": "nemo_widgets.protocol.settings",
    "NemoError": "nemo_widgets.protocol.errors",
    "Draft": "nemo_widgets.protocol.draft",
    "Reply": "nemo_widgets.protocol.models",
    "SessionState": "nemo_widgets.protocol.models",
    "RenderJob": "nemo_widgets.protocol.models",
    "RenderResult": "nemo_widgets.protocol.models",
    "Credits": "nemo_widgets.protocol.models",
    "MediaInfo": "nemo_widgets.protocol.models",
    "ChatEvent": "nemo_widgets.protocol.events",
    "route": "nemo_widgets.protocol.intents",
    "translate": "nemo_widgets.protocol.intents",
    "StudioSession": "nemo_widgets.core.session",
    "ExportOutcome": "nemo_widgets.core.session",
    "process_many": "nemo_widgets.core.batch",
    "process_many_sync": "nemo_widgets.core.batch",
    "BatchItem": "nemo_widgets.core.batch",
    "Manifest": "nemo_widgets.core.manifest",
    "render_timeline": "nemo_widgets.core.chart",
    "Studio": "nemo_widgets.widgets.studio",
    "BatchPanel": "nemo_widgets.widgets.batch",
    "ensure_samples": "nemo_widgets.apps.samples",
}

#: written out (not built from _LAZY) so linters and type checkers read it; a test keeps the two equal
__all__ = [
    "PROFILES",
    "AsyncNemoClient",
    "BatchItem",
    "BatchPanel",
    "ChatEvent",
    "Credits",
    "Draft",
    "ExportOutcome",
    "Manifest",
    "MediaInfo",
    "NemoClient",
    "NemoError",
    "Profile",
    "RenderJob",
    "RenderResult",
    "Reply",
    "SessionState",
    "Settings",
    "Studio",
    "StudioSession",
    "__version__",
    "ensure_samples",
    "process_many",
    "process_many_sync",
    "render_timeline",
    "route",
    "translate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nemo_widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
