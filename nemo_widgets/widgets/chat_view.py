"""The chat's two front-end parts: the conversation log and the composer (anywidgets, ``chat_view.js``).

Why an ES module rather than ``HTML`` + ``Textarea``: a chat needs what
ipywidgets cannot say in every front end (ipywidgets 7 included): Enter sends
and Shift+Enter adds a line, the log keeps the newest message in view unless
the reader scrolled up, and the page's theme colours reach the kernel (the
timeline chart follows them). anywidget loads the module in JupyterLab,
Notebook 7 and 6, Voilà, VS Code and Colab (with its custom widget manager).
Each part sets ``ready`` once drawn; until then the instruction box shows a
plain ipywidgets fallback, so a front end that cannot load the module is
never a dead end.

The log's HTML is built and sanitised in Python (:mod:`.chat`); the module
only places it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

__all__ = ["ChatLog", "Composer", "page_theme"]

_ESM = Path(__file__).with_name("chat_view.js")
_HEX = re.compile(r"^#[0-9a-f]{6}$")
_THEME_COLOURS = ("background", "foreground", "subtle", "grid", "lane")


def page_theme(reported: Any) -> dict[str, Any] | None:
    """The theme a front end reported, checked: ``{"dark": bool, <colour>: "#rrggbb", "width": px, "scale": 1|2}``."""
    if not isinstance(reported, dict) or not isinstance(reported.get("dark"), bool):
        return None
    theme: dict[str, Any] = {"dark": reported["dark"]}
    for name in _THEME_COLOURS:
        value = reported.get(name)
        if isinstance(value, str) and _HEX.match(value):
            theme[name] = value
    width, scale = reported.get("width"), reported.get("scale")
    if isinstance(width, int) and 0 < width < 10_000:
        theme["width"] = width
    if scale in (1, 2):
        theme["scale"] = scale
    return theme


class _ChatPart(anywidget.AnyWidget):
    _esm = traitlets.Unicode(_ESM.read_text(encoding="utf-8")).tag(sync=True)
    part = traitlets.Unicode(help="which part the module draws: log or composer").tag(sync=True)
    ready = traitlets.Bool(False, help="set by the front end once this part is drawn").tag(sync=True)


class ChatLog(_ChatPart):
    """The conversation, newest message at the bottom; it follows new messages unless the reader scrolled up."""

    value = traitlets.Unicode("", help="the conversation as sanitised HTML (built by the instruction box)").tag(
        sync=True
    )
    typing = traitlets.Unicode("", help="the typing state shown under the log ('' hides it)").tag(sync=True)
    height = traitlets.Unicode("300px", help="the log's height (CSS)").tag(sync=True)
    theme = traitlets.Dict(help="the page's theme as the front end reads it (see page_theme)").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(part="log", **kwargs)


class Composer(_ChatPart):
    """A text box and one button: Send, or Stop while a reply streams. Enter sends, Shift+Enter adds a line."""

    value = traitlets.Unicode("", help="the text in the box").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    busy = traitlets.Bool(False, help="a turn runs: the button is Stop").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    send_label = traitlets.Unicode("Send").tag(sync=True)
    stop_label = traitlets.Unicode("Stop").tag(sync=True)
    send_name = traitlets.Unicode("Send message", help="the Send button's accessible name").tag(sync=True)
    stop_name = traitlets.Unicode("Stop reply", help="the Stop button's accessible name").tag(sync=True)

    def __init__(self, *, on_send: Callable[[str], Any], on_stop: Callable[[], Any], **kwargs: Any) -> None:
        super().__init__(part="composer", **kwargs)
        self._on_send, self._on_stop = on_send, on_stop
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        if not isinstance(content, dict):
            return
        if content.get("kind") == "send" and not self.busy:
            self._on_send(str(content.get("text", "")))  # the box was cleared in the browser already
        elif content.get("kind") == "stop" and self.busy:
            self._on_stop()
