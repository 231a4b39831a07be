"""The session controller: what a user does with the agent, in plain Python.

:class:`StudioSession` drives an :class:`~nemo_widgets.protocol.AsyncNemoClient`
and tells its listeners (an :class:`~nemo_widgets.core.events.EventHub`)
what happened: status lines, streamed reply text (throttled), the state
after each edit, upload / render / download progress, the exported file.
It imports no ipywidgets: the widgets subscribe to its events, and a script
can use it as it is::

    session = StudioSession(AsyncNemoClient(base_url=engine.url))
    session.events.on("reply_text", lambda text, final: print(text) if final else None)
    await session.connect()
    await session.upload(["clip.mp4"])
    await session.handle("remove all audio from this video")
    outcome = await session.export()

Its parts, one module each: :mod:`~nemo_widgets.core.session_base` (state, the handler edge, connect),
:mod:`~nemo_widgets.core.media_flow` (upload, a duplicate held for the user, a clip off the timeline),
:mod:`~nemo_widgets.core.chat_flow` (ask, handle), :mod:`~nemo_widgets.core.export_flow`
(export, resume, download), :mod:`~nemo_widgets.core.render_control` (cancel, the one-click fix) and
:mod:`~nemo_widgets.core.outcome` (what export and handle return).
"""

from __future__ import annotations

from nemo_widgets.core.export_flow import ExportFlow
from nemo_widgets.core.media_flow import DuplicateChoice, HeldUpload, MediaFlow
from nemo_widgets.core.outcome import ExportOutcome, Handled
from nemo_widgets.core.session_base import describe_error

__all__ = ["DuplicateChoice", "ExportOutcome", "Handled", "HeldUpload", "StudioSession", "describe_error"]


class StudioSession(MediaFlow, ExportFlow):
    """Connect, upload, ask, export: the user's actions, with events for every view.

    ``StudioSession(client, *, output_dir="nemo_exports", book=None, book_key=None, text_rate=20.0)``.
    ``book`` persists the render in flight (next to the notebook by default)
    so that after a kernel restart a new session finishes it and shows it:
    see :meth:`resume`. Pass ``JobBook(path)`` to move it.
    """
