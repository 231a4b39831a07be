"""nemo-widgets: the NemoVideo AI video agent inside Jupyter notebooks.

Heavy modules (ipywidgets, matplotlib, the local engine's Starlette/uvicorn)
are imported lazily, on first use of the name that needs them, so that
``import nemo_widgets`` stays cheap.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

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

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nemo_widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
