"""The instruction box: a chat. The conversation on top (newest at the bottom), the composer under it.

The conversation is HTML rebuilt from a list of messages; the reply being
streamed is the last message and is replaced (never appended twice) when its
final text arrives. It is drawn by :class:`~.chat_view.ChatLog` and typed in
:class:`~.chat_view.Composer` (Enter sends, Stop while a reply streams);
until they report that they were drawn, a plain ipywidgets fallback shows. The agent answers in Markdown: it is rendered by
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
import traitlets

from nemo_widgets.protocol.gui_text import without_offers
from nemo_widgets.widgets.chat_view import ChatLog, Composer

__all__ = ["InstructionBox"]

#: Buttons offered when a reply suggests an action (from the GUI translation).
ACTION_LABELS = {
    "export": ("Export now", "film"),
    "state": ("Show timeline", "list"),
    "chart": ("Show timeline", "list"),
    "credits": ("Check credits", "credit-card"),
}
PLACEHOLDER = "Tell the agent what to do, e.g. \u201c{example}\u201d"
EXAMPLE = "remove all audio from this video"
TYPING = "NemoVideo is replying\u2026"
STILL_WORKING = "\u23f3 Still working\u2026 (a long step: the reply follows)"
_WHO = {"user": "You", "agent": "NemoVideo"}
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
    """The conversation, the reply's offers, the composer and the "try saying" suggestions."""

    def __init__(
        self,
        *,
        on_send: Callable[[str], None],
        on_cancel: Callable[[], None],
        on_action: Callable[[str], None],
        suggestions: Sequence[str] = (),
    ) -> None:
        self._on_send, self._on_cancel, self._on_action = on_send, on_cancel, on_action
        self.conversation = ChatLog()
        self.text = Composer(
            placeholder=PLACEHOLDER.format(example=EXAMPLE), on_send=self._send_text, on_stop=on_cancel
        )
        self.actions = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.offers = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.suggestions = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self._build_fallback()
        self.set_suggestions(suggestions)
        self._messages: list[tuple[str, str]] = []
        self._streaming = False
        self._turn = False  # a chat turn runs (the composer's button is Stop)
        self._empty_text = ""
        self.conversation.observe(self._on_drawn, names="ready")
        self.text.observe(self._on_drawn, names="ready")
        super().__init__(
            [
                widgets.HTML("<b>Conversation</b>"),
                self.conversation,
                self.fallback_log,
                self.actions,
                self.offers,
                self.text,
                self.fallback,
                self.suggestions,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("nemo-chat")
        self._redraw()

    def _build_fallback(self) -> None:
        """ipywidgets' own text box and buttons, shown until the composer says it was drawn."""
        self.fallback_log = widgets.HTML(layout=widgets.Layout(max_height="300px", overflow="auto"))
        self.fallback_text = widgets.Textarea(placeholder=self.text.placeholder, layout=widgets.Layout(width="auto"))
        traitlets.link((self.text, "value"), (self.fallback_text, "value"))
        self.send_button = widgets.Button(description="Send", icon="paper-plane", button_style="primary")
        self.send_button.on_click(self._send_clicked)
        self.cancel_button = widgets.Button(description="Stop reply", icon="stop", disabled=True)
        self.cancel_button.on_click(lambda _b: self._on_cancel())
        self.fallback = widgets.VBox(
            [self.fallback_text, widgets.HBox([self.send_button, self.cancel_button])],
            layout=widgets.Layout(width="100%"),
        )

    def _on_drawn(self, _change: Any = None) -> None:
        drawn = self.conversation.ready and self.text.ready
        self.fallback.layout.display = "none" if drawn else None
        self.fallback_log.layout.display = "none" if self.conversation.ready else None
        if self.conversation.ready:
            self.fallback_log.value = ""  # the log draws it: not sent twice

    # -- input -------------------------------------------------------------
    def set_suggestions(self, suggestions: Sequence[str]) -> None:
        buttons = []
        for phrase in suggestions:
            button = widgets.Button(description=phrase, tooltip=f"Send: {phrase}", layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, p=phrase: self.submit(p))
            buttons.append(button)
        self.suggestions.children = [widgets.Label("Try saying:"), *buttons] if buttons else []

    def set_example(self, example: str) -> None:
        """The composer's placeholder names an example of the current skill (none: the general one)."""
        self.text.placeholder = self.fallback_text.placeholder = PLACEHOLDER.format(example=example or EXAMPLE)

    def set_empty_text(self, text: str) -> None:
        """What the conversation shows before the first message (the skill's greeting)."""
        self._empty_text = text
        if not self._messages:
            self._redraw()

    def submit(self, text: str) -> None:
        """Send ``text`` as if typed."""
        self.text.value = text
        self._send_clicked()

    def _send_clicked(self, _button: Any = None) -> None:
        self._send_text(self.text.value)

    def _send_text(self, text: str) -> None:
        self.text.value = ""
        self._on_send(text.strip())

    def set_busy(self, busy: bool) -> None:
        """While an action runs nothing else is sent; during a chat turn the composer's button is Stop."""
        self.send_button.disabled = busy
        self.cancel_button.disabled = not busy
        if not busy:
            self._turn = False
            self.conversation.typing = ""
        with self.text.hold_sync():
            self.text.busy = busy and self._turn
            self.text.disabled = busy and not self._turn
        # a suggestion or an offered action is a Send too: not while a turn runs
        for button in (*self.suggestions.children, *self.actions.children, *self.offers.children):
            if isinstance(button, widgets.Button):
                button.disabled = busy

    # -- conversation ------------------------------------------------------
    def add_user(self, text: str) -> None:
        self._streaming = False
        self._turn = True
        self._messages = [m for m in self._messages if m[0] != "hint"]  # hints answered the last message
        self.offers.children = []  # the last reply's offers and actions answered that reply, not the next one
        self.actions.children = []
        self.suggestions.layout.display = None
        with self.text.hold_sync():
            self.text.busy, self.text.disabled = True, False
        self.conversation.typing = TYPING
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
            self.conversation.typing = ""

    def still_working(self) -> None:
        """A long quiet step: the typing state says so (and the reply replaces it)."""
        self.conversation.typing = STILL_WORKING

    def add_note(self, text: str, level: str = "info") -> None:
        """A note in the conversation. ``error`` notes go at the next success, ``hint`` notes (what to do
        about the last message) at the next message or hint; others stay."""
        self._streaming = False
        who = level if level in ("error", "hint") else "note"
        if who == "hint":
            self._messages = [m for m in self._messages if m[0] != "hint"]
        self._add(who, text)

    @property
    def messages(self) -> list[tuple[str, str]]:
        """(who, text) pairs as shown: who is ``user``, ``agent``, ``note``, ``error`` or ``hint``."""
        return list(self._messages)

    def clear_errors(self) -> None:
        """Drop the error notes: a later success made them stale."""
        kept = [m for m in self._messages if m[0] != "error"]
        if len(kept) != len(self._messages):
            self._messages = kept
            self._redraw()

    def offer_actions(self, actions: Sequence[str]) -> None:
        """Offer buttons for what a reply suggested (e.g. "Click the Export button" → Export now)."""
        seen: dict[str, widgets.Button] = {}
        for action in actions:
            label = ACTION_LABELS.get(action)
            if label is None or label[0] in seen:
                continue
            button = widgets.Button(description=label[0], icon=label[1], layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, a=action: self._on_action(a))
            seen[label[0]] = button
        self.actions.children = list(seen.values())

    def offer_suggestions(self, phrases: Sequence[str]) -> None:
        """Buttons for the phrasings a reply offered ("Try: “mute the first 2 seconds”"): one click sends it.

        The reply's own "Try: ..." line is then not shown: the buttons say it."""
        buttons = []
        for phrase in phrases:
            button = widgets.Button(
                description=phrase, tooltip=f"Send: {phrase}", icon="reply", layout=widgets.Layout(width="auto")
            )
            button.on_click(lambda _b, p=phrase: self.submit(p))
            buttons.append(button)
        self.offers.children = [widgets.Label("You could say:"), *buttons] if buttons else []
        # the skill's starters give way to what the last reply offered (two sets of buttons say too much)
        self.suggestions.layout.display = "none" if buttons else None
        if buttons:
            self._redraw()

    def _add(self, who: str, text: str) -> None:
        self._messages.append((who, text))
        del self._messages[:-_MAX_MESSAGES]
        self._redraw()

    def _redraw(self) -> None:
        # the last reply's "Try: ..." line is said by the offer buttons under it
        offering = max((i for i, m in enumerate(self._messages) if m[0] == "agent"), default=-1)
        offering = offering if self.offers.children else -1
        rows = []
        for i, (who, text) in enumerate(self._messages):
            if who in _WHO:
                shown = without_offers(text) if i == offering else text
                body = _plain(shown) if who == "user" else render_markdown(shown)
                rows.append(f"<div class='nemo-msg nemo-{who}'><span class='nemo-who'>{_WHO[who]}:</span> {body}</div>")
            else:
                kind = "nemo-note nemo-note-error" if who == "error" else "nemo-note"
                rows.append(f"<div class='nemo-msg {kind}'>{_plain(text)}</div>")
        if not rows and self._empty_text:
            rows.append(f"<div class='nemo-empty'>{_plain(self._empty_text)}</div>")
        page = "".join(rows)
        self.conversation.value = page
        if not self.conversation.ready:
            self.fallback_log.value = page
