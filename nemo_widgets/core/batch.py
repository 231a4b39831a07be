"""Many files, one instruction each, each with its own render.

Every file gets its own editing session (the API keeps one draft per
session, so files never end up in each other's timeline), and at most
``concurrency`` files are worked on at once::

    items = process_many_sync(["a.mp4", "b.mp4"], "remove all audio", base_url=engine.url)
    for item in items:
        print(item.name, item.status, item.outcome and item.outcome.path)
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nemo_widgets.core.session import ExportOutcome, StudioSession, describe_error
from nemo_widgets.protocol.draft import diff as draft_diff

__all__ = ["BatchItem", "process_many", "process_many_sync"]

Instructions = str | Sequence[str] | Mapping[str, str]


@dataclass
class BatchItem:
    """One file of a batch and how far it got."""

    path: Path
    instruction: str
    status: str = "waiting"  # waiting, uploading, editing, rendering, done, failed
    progress: float = 0.0  # 0-100 over the whole item
    message: str = ""
    outcome: ExportOutcome | None = None
    error: str | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.status == "done"


def _instruction_for(index: int, path: Path, instructions: Instructions) -> str:
    if isinstance(instructions, str):
        return instructions
    if isinstance(instructions, Mapping):
        return instructions.get(str(path)) or instructions.get(path.name) or ""
    return instructions[index] if index < len(instructions) else ""


async def _process_one(item: BatchItem, session: StudioSession, fmt: str | None, tell: Callable[[BatchItem], None]) -> None:
    def step(status: str, progress: float, message: str) -> None:
        item.status, item.progress, item.message = status, progress, message
        tell(item)

    session.events.on("upload_progress", lambda _n, sent, total: step("uploading", 30 * sent / max(total, 1), "uploading"))
    session.events.on("render_progress", lambda pct, msg: step("rendering", 60 + 0.4 * (pct or 0), msg))
    try:
        step("uploading", 0, "connecting")
        await session.connect()
        await session.upload([item.path])
        step("editing", 35, item.instruction)
        before = session.state.draft if session.state is not None else None
        reply = await session.ask(item.instruction)
        if reply.errors:
            raise reply.errors[0]
        after = session.state.draft if session.state is not None else None
        # what changed, whether the agent said it in words or not
        item.changes = list(reply.changes) or draft_diff(before, after)
        step("rendering", 60, "starting the render")
        item.outcome = await session.export(format=fmt)
        step("done", 100, f"saved to {item.outcome.path}")
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the others
        message, next_step, _link = describe_error(exc)
        item.error = f"{message} {next_step}".strip()
        step("failed", item.progress, item.error)
    finally:
        await session.aclose()


async def process_many(
    paths: Sequence[str | os.PathLike[str]],
    instructions: Instructions,
    *,
    concurrency: int = 2,
    format: str | None = None,
    output_dir: str | os.PathLike[str] = "nemo_exports",
    on_update: Callable[[BatchItem], None] | None = None,
    session_factory: Callable[[], StudioSession] | None = None,
    **client_options: Any,
) -> list[BatchItem]:
    """Upload, edit and export every file; ``instructions`` is one for all, a list, or a {name: text} map."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    items = [BatchItem(Path(p), _instruction_for(i, Path(p), instructions)) for i, p in enumerate(paths)]
    tell = on_update or (lambda _item: None)

    def make_session(item: BatchItem) -> StudioSession:
        if session_factory is not None:
            return session_factory()
        from nemo_widgets.core.factory import open_session
        from nemo_widgets.core.jobs import JobBook

        # each file has its own session: a private book keeps them from overwriting each other
        book = JobBook(Path(output_dir) / ".batch" / f"{item.path.stem}.json")
        return open_session(output_dir=Path(output_dir) / item.path.stem, book=book, **client_options)

    gate = asyncio.Semaphore(concurrency)

    async def run(item: BatchItem) -> None:
        if not item.instruction.strip():
            item.status, item.error = "failed", "No instruction for this file."
            tell(item)
            return
        async with gate:
            await _process_one(item, make_session(item), format, tell)

    for item in items:
        tell(item)
    await asyncio.gather(*(run(item) for item in items))
    return items


def process_many_sync(paths: Sequence[str | os.PathLike[str]], instructions: Instructions, **options: Any) -> list[BatchItem]:
    """:func:`process_many` for scripts (not inside a running event loop: use ``await process_many`` there)."""
    return asyncio.run(process_many(paths, instructions, **options))
