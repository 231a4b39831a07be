"""The status line ("Setting things up..." → "Ready!", errors as sentences) and the credits badge."""

from __future__ import annotations

import html

import ipywidgets as widgets
from traitlets import Unicode

from nemo_widgets.protocol.constants import STATUS_LEVELS, StatusLevel
from nemo_widgets.protocol.models import Credits

__all__ = ["CreditsBadge", "StatusLine"]

_ICONS: dict[StatusLevel, str] = {"info": "ℹ️", "busy": "⏳", "ok": "✅", "warn": "⚠️", "error": "⚠️"}


class StatusLine(widgets.HTML):
    """One line saying what the toolkit is doing, or what went wrong and what to do next.

    Its colours come from the Studio's stylesheet (:mod:`.theme`): the text in the theme's own colour, the
    level as an icon and a coloured edge, so it reads in light, dark and high-contrast themes alike.
    """

    message = Unicode("", help="the last status message, as plain text (no markup)").tag(sync=False)
    level = Unicode("info", help="one of protocol.constants.STATUS_LEVELS: info, busy, ok, warn or error").tag(
        sync=False
    )

    def show(self, message: str, level: str = "info", next_step: str = "", link: str | None = None) -> None:
        level = level if level in STATUS_LEVELS else "info"
        text = message if not next_step else f"{message} {next_step}"
        self.message, self.level = text, level
        body = html.escape(message)
        if next_step:
            body += f" <span style='opacity:.85'>{html.escape(next_step)}</span>"
        if link:
            safe = html.escape(link, quote=True)
            body += f' <a href="{safe}" target="_blank" rel="noopener">{safe}</a>'
        icon = "" if message.startswith(_ICONS[level]) else f"{_ICONS[level]} "  # "⏳ Still working..." has its own
        self.value = f"<div class='nemo-status nemo-{level}' role='{'alert' if level == 'error' else 'status'}'>{icon}{body}</div>"

    def clear(self) -> None:
        """Say nothing (a panel's own line, once what it said no longer applies)."""
        self.message, self.level = "", "info"
        self.value = ""


class CreditsBadge(widgets.HTML):
    """Credits: available / frozen (held by running work) / total."""

    def show(self, credits: Credits) -> None:
        def n(x: float) -> str:
            return f"{x:g}"

        self.value = (
            "<span class='nemo-credits'"
            f" title='available / frozen by running work / total'>💳 {n(credits.available)} available"
            f" · {n(credits.frozen)} frozen · {n(credits.total)} total</span>"
        )
