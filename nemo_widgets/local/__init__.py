"""The embedded local engine: the NemoVideo API served on 127.0.0.1, doing the work with ffmpeg.

    from nemo_widgets.local import start_in_background, EngineSettings
    with start_in_background(EngineSettings(silent_ratio=0.0)) as engine:
        ...  # point the client at engine.url

Modules: ``settings`` (EngineSettings), ``app`` (create_app), ``server``
(serve_forever, start_in_background), ``store``, ``media``, ``render_args``,
``render``, ``uploads``, ``intents``, ``editor``, ``drafts``, ``sse``,
``faults`` (the fault names tests can force). It imports nothing from the
rest of nemo_widgets but ``nemo_widgets.protocol.constants``.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["EngineSettings", "LocalEngine", "create_app", "serve_forever", "start_in_background"]

_LAZY = {
    "EngineSettings": "nemo_widgets.local.settings",
    "LocalEngine": "nemo_widgets.local.server",
    "create_app": "nemo_widgets.local.app",
    "serve_forever": "nemo_widgets.local.server",
    "start_in_background": "nemo_widgets.local.server",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nemo_widgets.local' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
