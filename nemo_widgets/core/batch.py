"""Many files, one instruction each, each with its own render: resumable, adaptive, here or on a cluster.

Every file gets its own editing session (the API keeps one draft per
session, so files never end up in each other's timeline, and each session
has at most one export at a time: the documented one-active-export rule
holds by construction). A manifest next to the outputs
(``<output_dir>/nemo_batch.sqlite3``, see :mod:`nemo_widgets.core.manifest`)
records every item's session, render id, status, output and checksum::

    items = process_many_sync(paths, "remove all audio", output_dir="out", base_url=engine.url)
    items = process_many_sync(paths, "remove all audio", output_dir="out", resume=True)  # after a Ctrl-C

With ``resume=True`` a run skips what finished, finishes renders that were
submitted (by their id: never submitted twice) and retries what failed with
a retryable error (the service or the network, not the input). At most
``concurrency`` items run at once, fewer after a 429 (AIMD, see
:mod:`nemo_widgets.core.limiter`). ``executor=`` runs each item's work on a
``concurrent.futures.Executor`` or a Dask ``Client`` (the driver still
writes the manifest alone); ``local_engine=True`` renders with an embedded
engine in whichever process runs the item.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import hashlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from nemo_widgets.core.batch_engines import local_engine_folder
from nemo_widgets.core.batch_job import (
    INTERRUPTED,
    JobResult,
    JobSpec,
    new_pool,
    run_job,
    run_job_sync,
)
from nemo_widgets.core.factory import refuse_for_local_engine
from nemo_widgets.core.limiter import AdaptiveLimit, Slot
from nemo_widgets.core.manifest import Manifest, Outcome, Record, fingerprint
from nemo_widgets.core.session import ExportOutcome
from nemo_widgets.protocol._upload import check_name
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.constants import export_format
from nemo_widgets.protocol.errors import NemoError, RateLimited

__all__ = ["BatchItem", "BatchItems", "process_many", "process_many_sync"]

Instructions = str | Sequence[str] | Mapping[str, str]
NO_INSTRUCTION = "No instruction for this file."
#: Client options that cannot travel to another process (the rest go in each JobSpec).
_LOCAL_ONLY = ("transport", "sleep", "clock", "settings", "token")


@dataclass
class BatchItem:
    """One file of a batch and how far it got (``status``: see :data:`~nemo_widgets.core.manifest.STATUSES`)."""

    path: Path
    instruction: str
    status: str = "waiting"
    progress: float = 0.0  # 0-100 over the whole item
    message: str = ""
    outcome: ExportOutcome | None = None
    error: str | None = None
    changes: list[str] = field(default_factory=list)
    retryable: bool = False
    session_id: str = ""
    render_id: str = ""
    edited: bool = False
    checksum: str = ""
    attempts: int = 0
    earlier: bool = False  # finished in an earlier run (resume): not redone
    finished_at: float | None = None
    folder: Path = Path()
    result_name: str = ""  # flat batches: the result's name without extension ("": the render's own)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.status == "done"

    @functools.cached_property
    def key(self) -> str:
        """The item's name in the manifest: its absolute path."""
        return str(self.path.expanduser().absolute())


class BatchItems(list[BatchItem]):
    """The items in the order given, with what the run saw: the manifest's path and the limit's history."""

    manifest_path: Path | None = None
    limits: list[tuple[float, int]]
    rate_limited: int = 0
    most_at_once: int = 0

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for item in self:
            found[item.status] = found.get(item.status, 0) + 1
        return found


def _instruction_for(index: int, path: Path, instructions: Instructions) -> str:
    if isinstance(instructions, str):
        return instructions
    if isinstance(instructions, Mapping):
        return instructions.get(str(path)) or instructions.get(path.name) or ""
    return instructions[index] if index < len(instructions) else ""


def _names(paths: Sequence[Path]) -> list[str]:
    """Each file's own name in the output folder: its stem, or stem-<hash> when two files share a stem."""
    stems = [p.stem for p in paths]
    seen = collections.Counter(stems)
    return [s if seen[s] == 1 else f"{s}-{hashlib.sha1(str(p).encode()).hexdigest()[:8]}"
            for p, s in zip(paths, stems, strict=True)]  # fmt: skip


def _bad_input(item: BatchItem, check_exists: bool) -> str | None:
    """The sentence for input that cannot work (checked before any request), else None."""
    if not item.instruction.strip():
        return NO_INSTRUCTION
    if check_exists and not item.path.is_file():  # the words fit a notebook's batch and the command line alike
        where = "" if item.path.is_absolute() else f" (looked for {Path.cwd() / item.path})"  # a relative path
        return f"There is no file {str(item.path)!r}{where}."
    try:
        check_name(item.path.name)
    except NemoError as exc:
        return f"{exc.user_message} {exc.next_step}".strip()
    return None


def _plan(item: BatchItem, record: Record | None, fmt: str, resume: bool) -> str:
    """What to do with an item: ``fresh``, ``same`` (its recorded start), ``look`` (resume its render by id),
    ``done`` or ``failed`` (keep as it is)."""
    if not resume or record is None or (record.instruction, record.format) != (item.instruction, fmt):
        return "fresh"
    if record.status == "done":
        return "done" if record.output_intact() else ("look" if record.render_id else "fresh")
    if record.status == "failed" and not record.retryable:
        return "failed" if record.fingerprint == fingerprint(item.path) else "fresh"
    if record.status == "waiting":
        return "same"  # never started: nothing was sent for it (a job says "uploading" before its first request)
    return "look"


@dataclass
class _Batch:
    """One run: the items, the manifest, the limit, and how jobs are run."""

    items: list[BatchItem]
    manifest: Manifest
    limiter: AdaptiveLimit
    fmt: str
    client: dict[str, Any]
    extra: dict[str, Any]
    local_engine: str | None
    executor: Executor | None
    retries: int
    tell: Callable[[BatchItem], None]
    specs: dict[str, JobSpec] = field(default_factory=dict)
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    connections: httpx.AsyncBaseTransport | None = None  # the pool the in-process jobs share

    # -- preparing ---------------------------------------------------------
    def prepare(self, resume: bool) -> list[BatchItem]:
        """Decide each item's fate from the manifest, write every record, return the items to run."""
        to_run, records = [], []
        for position, item in enumerate(self.items):
            known = self.manifest.get(item.key)
            bad = _bad_input(item, check_exists=self.executor is None)
            plan = "bad" if bad else _plan(item, known, self.fmt, resume)
            if known is not None and known.folder and plan != "fresh":
                item.folder = Path(known.folder)
            record = self._record(position, item, known if plan != "fresh" else None, plan, bad)
            records.append(record)
            if plan in ("fresh", "same", "look"):
                to_run.append(item)
                self.specs[item.key] = self._spec(item, record, look=plan == "look")
        self.manifest.put_many(records)
        return to_run

    def _record(self, position: int, item: BatchItem, known: Record | None, plan: str, bad: str | None) -> Record:
        record = known or Record(key=item.key, position=position, source=str(item.path), instruction=item.instruction,
                                 format=self.fmt, render_id=AsyncNemoClient.new_render_id())  # fmt: skip
        record = replace(record, position=position, fingerprint=fingerprint(item.path), folder=str(item.folder))
        if bad is not None:
            record = replace(record, status="failed", error=bad, retryable=False)
        _show(item, record)
        if plan == "done":
            item.earlier, item.progress, item.message = True, 100.0, "done in an earlier run"
        return record

    def _spec(self, item: BatchItem, record: Record, look: bool) -> JobSpec:
        return JobSpec(key=item.key, source=str(item.path), instruction=item.instruction, folder=str(item.folder),
                       render_id=record.render_id, format=self.fmt or None, look_first=look,
                       session_id=record.session_id, edited=record.edited, client=self.client,
                       local_engine=self.local_engine, renders=self.limiter.bound, name=item.result_name)  # fmt: skip

    # -- running -----------------------------------------------------------
    async def run(self, to_run: list[BatchItem]) -> None:
        tasks: list[asyncio.Task[None]] = []
        try:
            for n, item in enumerate(to_run):
                slot = await self.limiter.acquire()
                tasks.append(asyncio.create_task(self._item(item, slot)))
                if n == 0 and self.executor is None:
                    await self._until_connected(tasks[0])
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _until_connected(self, first: asyncio.Task[None]) -> None:
        """Wait until the first item has its session (so its token): the others then borrow that token instead
        of asking for one each at once (the cloud gives one per client id and refuses a burst)."""
        connected = asyncio.ensure_future(self.connected.wait())
        try:
            await asyncio.wait([first, connected], return_when=asyncio.FIRST_COMPLETED)
        finally:
            connected.cancel()

    async def _item(self, item: BatchItem, slot: Slot) -> None:
        while True:
            item.attempts += 1
            try:
                result = await self._attempt(item, slot)
            except asyncio.CancelledError:
                self._interrupted(item)
                await self.limiter.release(slot, ok=False)
                raise
            self._finish(item, result)
            await self.limiter.release(slot, ok=result.rate_limited == 0)
            if not (result.error_type == RateLimited.__name__ and item.attempts <= self.retries):
                return
            slot = await self.limiter.acquire()  # too many requests even after the client's wait: queue again

    async def _attempt(self, item: BatchItem, slot: Slot) -> JobResult:
        spec = self.specs[item.key]
        self.specs[item.key] = replace(spec, look_first=True)  # a second attempt looks before it renders
        if self.executor is None:
            return await run_job(spec, tell=lambda **kw: self._step(item, **kw), options=self.extra,
                                 on_rate_limited=lambda: self.limiter.rate_limited(slot), pool=self.connections)  # fmt: skip
        self._step(item, status="running", progress=1, message="sent to a worker")
        future = self.executor.submit(run_job_sync, spec)
        try:
            result = await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:  # noqa: BLE001 - a lost worker fails this item, not the batch
            result = JobResult(
                key=item.key,
                render_id=spec.render_id,
                session_id=spec.session_id,
                retryable=True,
                error=f"The worker could not run it ({type(exc).__name__}). Run the batch again.",
            )
        if result.rate_limited:
            self.limiter.rate_limited(slot)
        return result

    def _step(self, item: BatchItem, status: str | None = None, progress: float | None = None,
              message: str | None = None, *, own_engine: bool = False, **fields: Any) -> None:  # fmt: skip
        """A job's news: shown at once; written to the manifest when the status or an id changes.
        ``own_engine``: the job talks to an engine this process started (no token burst to fear there)."""
        changes = dict(fields)
        if status is not None and status != item.status:
            item.status = changes["status"] = status
        if progress is not None:
            item.progress = max(item.progress, progress)
        if message is not None:
            item.message = message
        for name in ("session_id", "render_id", "edited"):
            if name in fields:
                setattr(item, name, fields[name])
                self.specs[item.key] = replace(self.specs[item.key], **{name: fields[name]})
        if own_engine or fields.get("session_id"):
            self.connected.set()
        if changes:
            self.manifest.update(item.key, **changes)
        self.tell(item)

    def _finish(self, item: BatchItem, result: JobResult) -> None:
        fields = result.outcome()
        self.manifest.update(item.key, attempts=item.attempts, **fields)
        for name in ("session_id", "render_id", "edited"):
            self.specs[item.key] = replace(self.specs[item.key], **{name: fields[name]})
        _show(item, result)
        item.changes, item.finished_at = result.changes, time.monotonic()
        item.message = f"saved to {result.output}" if result.status == "done" else result.error
        self.tell(item)

    def _interrupted(self, item: BatchItem) -> None:
        item.status, item.error, item.retryable, item.message = "failed", INTERRUPTED, True, INTERRUPTED
        self.manifest.update(item.key, status="failed", error=INTERRUPTED, retryable=True, attempts=item.attempts)
        self.tell(item)


def _show(item: BatchItem, record: Outcome) -> None:
    """Copy a record's (or a job's) outcome onto its item."""
    item.status, item.session_id, item.render_id, item.edited = record.status, record.session_id, \
        record.render_id, record.edited  # fmt: skip
    item.retryable, item.checksum = record.retryable, record.checksum
    item.error = record.error or None if record.status == "failed" else None
    if record.status == "failed":
        item.message = record.error
    if record.status == "done" and record.output:
        path = Path(record.output)
        fmt = record.result_format or path.suffix.lstrip(".")
        item.outcome, item.progress = ExportOutcome(path, fmt, record.render_id, size=record.size), 100.0


async def process_many(
    paths: Sequence[str | os.PathLike[str]],
    instructions: Instructions,
    *,
    concurrency: int = 2,
    format: str | None = None,
    output_dir: str | os.PathLike[str] = "nemo_exports",
    on_update: Callable[[BatchItem], None] | None = None,
    resume: bool = False,
    executor: Any = None,
    local_engine: bool | str | os.PathLike[str] = False,
    retries: int = 2,
    flat: bool = False,
    **client_options: Any,
) -> BatchItems:
    """Upload, edit and export every file; ``instructions`` is one for all, a list, or a {name: text} map.

    ``resume``: use the manifest in ``output_dir`` (skip what finished, resume
    submitted renders by id, retry retryable failures); otherwise every item
    starts afresh. ``concurrency``: the most items at once (lowered on 429,
    raised again slowly). ``executor``: a ``concurrent.futures.Executor`` or a
    ``dask.distributed.Client`` to run the items on. ``local_engine``: True (or
    a folder) to render with an embedded engine where each item runs.
    ``retries``: how many times an item refused with 429 twice is queued again
    in this run. ``flat``: results straight in ``output_dir`` named after their sources (``a.mp4`` gives
    ``a.mp3``), instead of a folder per file. The rest are client options (``base_url=``, ``profile=``...).
    """
    if local_engine:
        refuse_for_local_engine("process_many(local_engine=...)", client_options)
    limiter = AdaptiveLimit(concurrency)
    out = Path(output_dir)
    items = BatchItems(BatchItem(Path(p), _instruction_for(i, Path(p), instructions)) for i, p in enumerate(paths))
    for item, name in zip(items, _names([i.path for i in items]), strict=True):
        item.folder, item.result_name = (out, name) if flat else (out / name, "")
    # a Dask Client: its executor, with no result reuse between identical-looking tasks (each item is its own)
    pool = executor.get_executor(pure=False) if hasattr(executor, "get_executor") else executor
    if pool is not None and any(client_options.get(name) is not None for name in _LOCAL_ONLY):
        raise ValueError(
            "with an executor, pass only plain client options (base_url=, profile=...); a token "
            "reaches the workers as NEMO_TOKEN in their environment, never through the task"
        )
    shared = {k: v for k, v in client_options.items() if k not in _LOCAL_ONLY}
    engine = local_engine_folder(local_engine) if local_engine else None
    manifest = Manifest(out)
    batch = _Batch(list(items), manifest, limiter, export_format(format or ""), shared,
                   {k: v for k, v in client_options.items() if k in _LOCAL_ONLY}, engine, pool, retries,
                   on_update or (lambda _item: None))  # fmt: skip
    if pool is None:  # jobs in this loop: one pool of connections for all (a worker's job has its own)
        batch.connections = new_pool(connections=2 * concurrency)
    try:
        to_run = batch.prepare(resume)
        for item in items:
            batch.tell(item)
        await batch.run(to_run)
    finally:
        manifest.close()
        if batch.connections is not None:
            await batch.connections.aclose()
        items.manifest_path, items.limits = manifest.path, list(limiter.history)
        items.rate_limited, items.most_at_once = limiter.rate_limited_count, limiter.most_active
    return items


def process_many_sync(
    paths: Sequence[str | os.PathLike[str]], instructions: Instructions, **options: Any
) -> BatchItems:
    """:func:`process_many` for scripts (not inside a running event loop: use ``await process_many`` there).

    Ctrl-C stops it with the manifest consistent; run it again with ``resume=True`` to finish.
    """
    return asyncio.run(process_many(paths, instructions, **options))
