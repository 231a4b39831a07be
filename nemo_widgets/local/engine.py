"""The running engine's parts, owned by the app's lifespan (no module globals)."""

from __future__ import annotations

import asyncio
import random
import secrets
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nemo_widgets.local.faults import FaultPlan
from nemo_widgets.local.media.probe import ffmpeg_exe
from nemo_widgets.local.media.worker import RenderWorker
from nemo_widgets.local.settings import EngineSettings
from nemo_widgets.local.state.retention import Janitor
from nemo_widgets.local.state.store import Store

__all__ = ["Engine"]

_RECENT_EDITS = 1000


@dataclass
class Engine:
    """Settings, store, fault plan, render worker and the chat turns still running."""

    settings: EngineSettings
    data_dir: Path
    store: Store
    faults: FaultPlan
    worker: RenderWorker
    ffmpeg: str
    rng: random.Random
    janitor: Janitor
    owns_data_dir: bool = False
    turns: set[asyncio.Task[Any]] = field(default_factory=set)
    #: Each session's last edit as read (its operations), for a message that refers to it ("one more second",
    #: "sorry, I meant 3 to 5"); kept in memory only, for the most recent sessions.
    recent_edits: OrderedDict[str, list[Any]] = field(default_factory=OrderedDict, repr=False)
    #: The sessions whose last step was an undo ("put it back" is then a redo), kept beside ``recent_edits`` so the
    #: event loop never reads the store for it (the redo stack is loaded from the database on first use)
    recent_undone: set[str] = field(default_factory=set, repr=False)
    #: The capability to hand files over by path (:mod:`~nemo_widgets.local.media.local_files`): only the
    #: process that started the engine reads it; kept in memory, never written or shown.
    file_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @classmethod
    def open(cls, settings: EngineSettings) -> Engine:
        """Make the data dir (a temporary one when none is set) and load the state."""
        owns = settings.data_dir is None
        chosen = settings.data_dir or tempfile.mkdtemp(prefix="nemo-engine-")
        data_dir = Path(chosen).expanduser()
        data_dir.mkdir(parents=True, exist_ok=True)
        store = Store(data_dir, settings.credits_per_token, settings.token_ttl_s)
        ffmpeg = ffmpeg_exe(settings.ffmpeg)
        worker = RenderWorker(store, settings, ffmpeg)
        rng = random.Random(settings.seed)
        janitor = Janitor(store, settings.keep_days, settings.max_size_bytes, settings.retention_every_s)
        store.on_job_finished = janitor.poke
        return cls(settings, data_dir, store, FaultPlan(settings.faults), worker, ffmpeg, rng, janitor, owns)

    def start(self) -> None:
        self.worker.resume()
        self.janitor.start()

    def remember_edit(self, session_id: str, ops: list[Any] | None, undone: bool = False) -> None:
        """Keep (or, with None, forget) the session's last edit, and whether that last step was an undo; the oldest
        of more than 1,000 is forgotten."""
        self.recent_edits.pop(session_id, None)
        if undone:
            self.recent_undone.add(session_id)
            while len(self.recent_undone) > _RECENT_EDITS:  # as bounded as the edits kept
                self.recent_undone.pop()
        else:
            self.recent_undone.discard(session_id)
        if ops:
            self.recent_edits[session_id] = ops
            while len(self.recent_edits) > _RECENT_EDITS:
                self.recent_undone.discard(self.recent_edits.popitem(last=False)[0])

    def keep(self, task: asyncio.Task[Any]) -> None:
        """Hold a chat turn until it ends, even when its client has gone."""
        self.turns.add(task)
        task.add_done_callback(self.turns.discard)

    async def close(self) -> None:
        for task in list(self.turns):
            task.cancel()
        self.worker.stop()
        await _off_loop(self.janitor.stop)
        await _off_loop(self.store.close)
        if self.owns_data_dir:
            await _off_loop(shutil.rmtree, self.data_dir, True)


async def _off_loop(fn: Callable[..., Any], *args: Any) -> None:
    """``fn(*args)`` in a thread; in place when the loop's executor is gone (an engine stopped at
    interpreter exit: ``asyncio.to_thread`` then raises "cannot schedule new futures after interpreter shutdown")."""
    try:
        await asyncio.to_thread(fn, *args)
    except RuntimeError as exc:
        if "shutdown" not in str(exc):
            raise
        fn(*args)
