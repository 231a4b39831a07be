"""The instruction box: type, send, watch the agent's reply stream in.

The conversation is an HTML view rebuilt from a list of messages; the reply
being streamed is the last message and is replaced (never appended twice)
when its final text arrives. The agent answers in Markdown: it is rendered by
markdown-it-py with raw HTML off, then cleaned by nh3 (an allow-list of tags
and attributes, http/https/mailto links only), so no HTML from the agent
reaches the page; both are imported at the first reply, not with the package.
Phrasings a reply offers become buttons that send them. The widget makes no
HTTP call: ``on_send`` gets the text, the Studio routes it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import ipywidgets as widgets

__all__ = ["InstructionBox"]

#: Buttons offered when a reply suggests an action (from the GUI translation).
ACTION_LABELS = {
    "export": ("Export now", "film"),
    "state": ("Show timeline", "list"),
    "chart": ("Show timeline", "list"),
    "credits": ("Check credits", "credit-card"),
}
_MAX_MESSAGES = 50


#: What the agent's Markdown may become on the page (nh3's allow-list).
_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def _plain(text: str) -> str:
    """The user's own words (and notes): escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
        ["table", "strikethrough"]
    )


@lru_cache(maxsize=256)
def render_markdown(text: str) -> str:
    """The agent's Markdown as sanitised HTML (raw HTML in it is shown as text, never run)."""
    import nh3

    rendered = _markdown().render(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]  # one paragraph: inline, after the speaker's name
    return str(
        nh3.clean(
            rendered,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            set_tag_attribute_values={"a": {"target": "_blank"}},
        )
    )


class InstructionBox(widgets.VBox):
    """A text area, Send / Cancel, "try saying" suggestions, and the conversation."""

    def __init__(
        self,
        *,
        on_send: Callable[[str], None],
        on_cancel: Callable[[], None],
        on_action: Callable[[str], None],
        suggestions: Sequence[str] = (),
    ) -> None:
        self._on_send, self._on_cancel, self._on_action = on_send, on_cancel, on_action
        self.text = widgets.Textarea(
            placeholder="Tell the agent what to do, e.g. \u201cremove all audio from this video\u201d",
            # width auto: the box stretches it to its width, margins included (100% + margins overflowed 4 px)
            layout=widgets.Layout(width="auto", height="60px"),
        )
        self.send_button = widgets.Button(description="Send", icon="paper-plane", button_style="primary")
        self.send_button.on_click(self._send_clicked)
        self.cancel_button = widgets.Button(description="Cancel", icon="stop", disabled=True)
        self.cancel_button.on_click(lambda _b: self._on_cancel())
        self.suggestions = widgets.HBox()
        self.set_suggestions(suggestions)
        self.conversation = widgets.HTML(layout=widgets.Layout(max_height="320px", overflow="auto"))
        self.actions = widgets.HBox()
        self.offers = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self._messages: list[tuple[str, str]] = []
        self._streaming = False
        super().__init__(
            [
                widgets.HTML("<b>2 · Tell the agent</b>"),
                self.text,
                widgets.HBox([self.send_button, self.cancel_button]),
                self.suggestions,
                self.conversation,
                self.actions,
                self.offers,
            ]
        )

    # -- input -------------------------------------------------------------
    def set_suggestions(self, suggestions: Sequence[str]) -> None:
        buttons = []
        for phrase in suggestions:
            button = widgets.Button(description=phrase, tooltip=f"Try: {phrase}", layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, p=phrase: self.submit(p))
            buttons.append(button)
        self.suggestions.children = [widgets.Label("Try saying:"), *buttons] if buttons else []

    def submit(self, text: str) -> None:
        """Send ``text`` as if typed."""
        self.text.value = text
        self._send_clicked()

    def _send_clicked(self, _button: Any = None) -> None:
        text = self.text.value.strip()
        self.text.value = ""
        self._on_send(text)

    def set_busy(self, busy: bool) -> None:
        self.send_button.disabled = busy
        self.cancel_button.disabled = not busy
        # a suggestion or an offered action is a Send too: not while a turn runs
        for button in (*self.suggestions.children, *self.actions.children, *self.offers.children):
            if isinstance(button, widgets.Button):
                button.disabled = busy

    # -- conversation ------------------------------------------------------
    def add_user(self, text: str) -> None:
        self._streaming = False
        self.offers.children = []  # the last reply's offers answered that reply, not the next one
        self._add("user", text)

    def show_reply(self, text: str, final: bool) -> None:
        """Show the reply as it streams; the final text replaces the streamed one."""
        if self._streaming and self._messages and self._messages[-1][0] == "agent":
            self._messages[-1] = ("agent", text)
            self._redraw()
        elif text:
            self._add("agent", text)
            self._streaming = True
        if final:
            self._streaming = False

    def add_note(self, text: str) -> None:
        self._streaming = False
        self._add("note", text)

    @property
    def messages(self) -> list[tuple[str, str]]:
        """(who, text) pairs as shown: who is ``user``, ``agent`` or ``note``."""
        return list(self._messages)

    def offer_actions(self, actions: Sequence[str]) -> None:
        """Offer buttons for what a reply suggested (e.g. "Click the Export button" → Export now)."""
        seen: dict[str, widgets.Button] = {}
        for action in actions:
            label = ACTION_LABELS.get(action)
            if label is None or label[0] in seen:
                continue
            button = widgets.Button(description=label[0], icon=label[1], button_style="info")
            button.on_click(lambda _b, a=action: self._on_action(a))
            seen[label[0]] = button
        self.actions.children = list(seen.values())

    def offer_suggestions(self, phrases: Sequence[str]) -> None:
        """Buttons for the phrasings a reply offered ("Try: “mute the first 2 seconds”"): one click sends it."""
        buttons = []
        for phrase in phrases:
            button = widgets.Button(
                description=phrase, tooltip=f"Send: {phrase}", icon="reply", layout=widgets.Layout(width="auto")
            )
            button.on_click(lambda _b, p=phrase: self.submit(p))
            buttons.append(button)
        self.offers.children = [widgets.Label("You could say:"), *buttons] if buttons else []

    def _add(self, who: str, text: str) -> None:
        self._messages.append((who, text))
        del self._messages[:-_MAX_MESSAGES]
        self._redraw()

    def _redraw(self) -> None:
        rows = []
        for who, text in self._messages:
            if who == "user":
                rows.append(f"<div class='nemo-msg nemo-user' style='margin:4px 0'><b>You:</b> {_plain(text)}</div>")
            elif who == "agent":
                rows.append(
                    f"<div class='nemo-msg nemo-agent' style='margin:4px 0;background:#f3f6fb;padding:4px 6px;"
                    f"border-radius:6px'><b>NemoVideo:</b> {render_markdown(text)}</div>"
                )
            else:
                rows.append(
                    f"<div class='nemo-msg nemo-note' style='margin:4px 0;color:#555'><i>{_plain(text)}</i></div>"
                )
        self.conversation.value = "".join(rows)
