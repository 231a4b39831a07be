"""Batch test helpers: an engine that counts the renders submitted to it, small clips, a manifest reader.

The count is taken on the wire (an ASGI middleware in front of the engine's
app), so it does not depend on how the engine stores its jobs.
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path
from typing import Any

from helpers_media import make_clip

__all__ = ["RenderCounter", "make_clips", "read_manifest", "start_counted_engine"]

RENDER_PATH = "/api/render/proxy/lambda"


class RenderCounter:
    """Pure ASGI middleware: counts ``POST /api/render/proxy/lambda`` (export submissions) answered < 400."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.submitted = 0
        self.refused = 0

    @property
    def state(self) -> Any:  # the server reads the engine from ``app.state`` when it stops
        return self.app.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "POST" or scope.get("path") != RENDER_PATH:
            await self.app(scope, receive, send)
            return

        async def counting_send(message: Any) -> None:
            if message.get("type") == "http.response.start":
                if message.get("status", 500) < 400:
                    self.submitted += 1
                else:
                    self.refused += 1
            await send(message)

        await self.app(scope, receive, counting_send)


def interruptible() -> None:
    """Run in a child before it starts (``preexec_fn``): Ctrl-C back to its default, as in a terminal. A job
    started in the background of a non-interactive shell has SIGINT ignored, every child inherits that, and
    Python then never raises KeyboardInterrupt: a Ctrl-C test would see the batch run to its end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_counted_engine(data_dir: Path, **fields: Any) -> tuple[Any, RenderCounter]:
    """A local engine on 127.0.0.1 whose export submissions are counted; stop it with ``engine.stop()``."""
    from nemo_widgets.local import EngineSettings
    from nemo_widgets.local.server import LocalEngine

    fields.setdefault("silent_ratio", 0.0)
    fields.setdefault("gui_ratio", 0.0)
    fields.setdefault("chunk_delay_s", 0.0)
    fields.setdefault("seed", 7)
    fields.setdefault("credits_per_token", 100_000)
    engine = LocalEngine(EngineSettings(data_dir=data_dir, **fields))
    counter = RenderCounter(engine.app)
    engine._server.config.app = counter  # the server was configured with the bare app: serve it counted
    return engine.start(), counter


def make_clips(folder: Path, count: int, seconds: float = 1.0, size: str = "160x90") -> list[Path]:
    """``count`` short H.264+AAC clips ``clip_000.mp4``... (one encode, then copies: fast)."""
    folder.mkdir(parents=True, exist_ok=True)
    first = make_clip(folder / "clip_000.mp4", seconds=seconds, size=size)
    data = first.read_bytes()
    clips = [first]
    for n in range(1, count):
        path = folder / f"clip_{n:03d}.mp4"
        path.write_bytes(data)
        clips.append(path)
    return clips


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """The manifest's rows as dicts, read with plain sqlite3 (a second opinion on the Manifest class)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM items ORDER BY position")]
    finally:
        db.close()
