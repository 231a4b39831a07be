"""The embedded local engine: the NemoVideo API served on 127.0.0.1, doing the work with ffmpeg.

    from nemo_widgets.local import start_in_background, EngineSettings
    with start_in_background(EngineSettings(silent_ratio=0.0)) as engine:
        ...  # point the client at engine.url

Inside, four wings (imports only downward: ``lint-imports`` checks it):

- ``http``: the Starlette app (``app.create_app``), the envelope and the
  request guard (``common``), one module per API family (``api_account``,
  ``api_media``, ``api_chat``, ``api_render``), the chat stream's frames (``sse``).
- ``agent``: the reader of instructions (``intents.parse_message`` over
  ``clauses`` and ``grammar``; the leaves ``types``, ``spans``, ``words``;
  ``wording`` for typos and number words (each language's own in ``languages/``); ``declines``),
  the ``editor`` that applies a plan to a draft, and the ``replies``.
- ``media``: the probe (``probe``, ``exif``), ``uploads``, the render
  ``plan`` and ``policy``, the ffmpeg argument lists (``ffmpeg_args``) and the
  render ``worker``.
- ``state``: the plain objects (``records``), the SQLite ``store`` with its
  ``rows``, ``db`` and the one-time ``db_import``, and ``retention``.

At the top: ``settings`` (EngineSettings), ``engine`` (what a running engine
holds), ``server`` (serve_forever, start_in_background, clean), ``faults``
(the fault names tests can force) and ``drafts`` (the timeline model). The
engine imports nothing from the rest of nemo_widgets but ``nemo_widgets.protocol``.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["EngineSettings", "LocalEngine", "create_app", "serve_forever", "start_in_background"]

_LAZY = {
    "EngineSettings": "nemo_widgets.local.settings",
    "LocalEngine": "nemo_widgets.local.server",
    "create_app": "nemo_widgets.local.http.app",
    "serve_forever": "nemo_widgets.local.server",
    "start_in_background": "nemo_widgets.local.server",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nemo_widgets.local' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
