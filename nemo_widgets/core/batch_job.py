"""One batch item's work: upload, edit, render, download, in this process or on an executor's worker.

:func:`run_job` is the whole of it, as a coroutine; :func:`run_job_sync` is
the same for a ``concurrent.futures.Executor`` (a thread pool, a process
pool, a Dask cluster's ``Client.get_executor()``): it takes a picklable
:class:`JobSpec` and returns a :class:`JobResult`, and never touches the
manifest (the driver alone writes it).

A job never submits a render twice. The driver makes the render id and
records it before the job starts; a job told to ``look_first`` (a resumed
item) polls that id and, when the render exists, waits for it and downloads
it instead of rendering again. Only an id the service does not know is
submitted, under that same id.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from nemo_widgets.core.batch_engines import file_key_for, hand_over, worker_engine
from nemo_widgets.core.factory import LOCAL_POLLS, local_client_settings
from nemo_widgets.core.manifest import Outcome, file_checksum
from nemo_widgets.core.session import StudioSession, describe_error
from nemo_widgets.protocol._base import shared_ssl_context
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.constants import PACE_HEADER, export_format
from nemo_widgets.protocol.errors import (
    APIError,
    AuthError,
    DownloadFailed,
    NemoError,
    NothingToExport,
    ProtocolError,
    RateLimited,
    RenderFailed,
    ServerError,
    SessionNotFound,
    TransportError,
)
from nemo_widgets.protocol.models import RenderResult, RenderStatus

__all__ = ["INTERRUPTED", "JobResult", "JobSpec", "is_retryable", "run_job", "run_job_sync", "sentence"]

#: What an item that was stopped half-way says (it is resumed, never redone from scratch when avoidable).
INTERRUPTED = "Interrupted before it finished. Resume the batch to finish it (nothing is rendered twice)."

#: Failures worth another try as they are: the service or the network, not the input.
_RETRYABLE: tuple[type[BaseException], ...] = (
    RateLimited,
    ServerError,
    TransportError,
    RenderFailed,
    DownloadFailed,
    SessionNotFound,
    AuthError,
    ProtocolError,
    asyncio.CancelledError,
    KeyboardInterrupt,
)

Tell = Callable[..., None]


@dataclass(frozen=True)
class JobSpec:
    """What one job needs; picklable (no token, no transport: workers use their own identity)."""

    key: str
    source: str
    instruction: str
    folder: str
    render_id: str
    format: str | None = None
    look_first: bool = False
    session_id: str = ""
    edited: bool = False
    client: Mapping[str, Any] = field(default_factory=dict)
    local_engine: str | None = None
    renders: int = 2  # the batch's concurrency: how many renders a worker's engine may run at once
    name: str = ""  # the result's file name without its extension ("": the render's own name)


@dataclass(kw_only=True)
class JobResult(Outcome):
    """How a job ended (its :class:`Outcome` fields are what the driver writes to the manifest)."""

    key: str
    status: str = "failed"
    error_type: str = ""
    changes: list[str] = field(default_factory=list)
    rate_limited: int = 0


def is_retryable(exc: BaseException) -> bool:
    """Whether trying the same item again may work (the service or the network failed, not the input)."""
    return isinstance(exc, _RETRYABLE)


def sentence(exc: BaseException) -> str:
    """The error as the user reads it: a sentence and its next step (no token, no traceback)."""
    if isinstance(exc, (asyncio.CancelledError, KeyboardInterrupt)):
        return INTERRUPTED
    message, next_step, _link = describe_error(exc)
    return f"{message} {next_step}".strip()


def run_job_sync(spec: JobSpec) -> JobResult:
    """:func:`run_job` in a fresh event loop: what an executor's worker runs."""
    return asyncio.run(run_job(spec))


async def run_job(
    spec: JobSpec,
    *,
    tell: Tell | None = None,
    options: Mapping[str, Any] | None = None,
    on_rate_limited: Callable[[], object] | None = None,
    pool: httpx.AsyncBaseTransport | None = None,
) -> JobResult:
    """Do one item; ``tell(status=, progress=, message=, **fields)`` hears every step (in-process runs).

    ``options``: client options that cannot travel to a worker (``transport``,
    ``sleep``, ``settings`` with a token); ``on_rate_limited``: called at each 429;
    ``pool``: the batch's connections, shared by its jobs (kept open: the batch closes it).
    A cancelled job re-raises after filling its result (the driver records it).
    """
    result = JobResult(key=spec.key, session_id=spec.session_id, edited=spec.edited, render_id=spec.render_id)
    report = tell or _ignore
    extra = options or {}
    shared = extra.get("transport") or pool  # the caller's transport, or the batch's pool: not the job's to close
    watch = _RateWatch(on_rate_limited, shared, owned=shared is None)
    session = _open_session(spec, watch, extra)
    try:
        await _steps(spec, session, result, report)
        result.status = "done"
    except (asyncio.CancelledError, KeyboardInterrupt):
        result.error, result.retryable, result.error_type = INTERRUPTED, True, "Interrupted"
        raise
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the others
        result.error, result.retryable, result.error_type = sentence(exc), is_retryable(exc), type(exc).__name__
    finally:
        result.rate_limited = watch.count
        await session.aclose()
    return result


def _ignore(**_fields: Any) -> None:
    pass


async def _steps(spec: JobSpec, session: StudioSession, result: JobResult, tell: Tell) -> None:
    if spec.look_first and await _earlier_render(spec, session, result, tell):
        return
    if not (spec.edited and spec.session_id and await _session_still_edited(session)):
        key = file_key_for(session.client.base_url)
        if key is not None:  # this process's own engine: the whole item in one request
            await _one_request(spec, session, result, tell, key)
            return
        await _edit(spec, session, result, tell)
    await _render(spec, session, result, tell)


class NotEdited(NemoError):
    """The agent did not edit the file (a question, a refusal, something it cannot do): its reply says why."""

    default_next_step = ""


async def _one_request(spec: JobSpec, session: StudioSession, result: JobResult, tell: Tell, key: str) -> None:
    """Hand-off, the agent's turn and the render in one request to an engine this process started (the
    documented calls stay for every other service); then the result is taken as :func:`_download` does."""
    client = session.client
    # from here on something was sent; the batch's other files need not wait for this one's token (the cloud
    # refuses a burst of token requests; this engine is the batch's own)
    tell(status="editing", progress=2, message=spec.instruction, own_engine=True)
    job = await client.local_job(spec.source, spec.instruction, key=key, job_id=result.render_id or spec.render_id,
                                 format=spec.format, progress=_progress(tell))  # fmt: skip
    _TOKENS.keep(client)
    result.session_id, result.edited = job.session.session_id, job.result is not None
    tell(session_id=result.session_id, edited=result.edited)
    if job.result is None:
        raise NotEdited(job.reply or None)
    await _download(spec, session, job.result, result, tell)


async def _earlier_render(spec: JobSpec, session: StudioSession, result: JobResult, tell: Tell) -> bool:
    """Finish the render recorded for this item, if the service has it; False when it must be (re)done."""
    tell(status="rendering", progress=60, message="looking for the render of the earlier run")
    client = session.client
    try:
        status: RenderStatus = await client.poll_render(spec.render_id)
        _TOKENS.keep(client)
    except APIError as exc:
        if exc.http_status == 404:
            return False  # never reached the service: submit it under the same id
        raise
    if status.status == "failed":
        result.render_id = client.new_render_id()  # that render is over: a new one, recorded first
        tell(render_id=result.render_id)
        return False
    rendered = await client.resume_render(spec.render_id, format=spec.format, progress=_progress(tell))
    await _download(spec, session, rendered, result, tell)
    return True


async def _session_still_edited(session: StudioSession) -> bool:
    """Reuse the session of an earlier run whose edit was applied (no second upload, no second edit)."""
    client = session.client
    await client.connect()
    _TOKENS.keep(client)
    try:
        session.state = await client.state()
    except SessionNotFound:
        await client.new_session()
        return False
    return session.state.draft.ready_for_export


async def _edit(spec: JobSpec, session: StudioSession, result: JobResult, tell: Tell) -> None:
    """Upload and edit, with the client's calls only (no credits or state reads a view would want)."""
    client = session.client
    tell(status="uploading", progress=0, message="connecting")
    if not client.session_id:
        await client.connect()
        _TOKENS.keep(client)
    result.session_id, result.edited = str(client.session_id or ""), False
    tell(session_id=result.session_id, edited=False, progress=2, message="uploading")
    key = file_key_for(client.base_url)
    if key is not None:  # this process's own engine: it copies the file itself, no bytes through HTTP
        await client.upload_local(spec.source, key=key)
    else:
        await client.upload(spec.source, progress=lambda sent, total: tell(progress=2 + 30 * sent / max(total, 1)))
    tell(status="editing", progress=35, message=spec.instruction)
    reply = await client.ask(spec.instruction, read_before=not _lean(spec))
    if reply.errors:
        raise reply.errors[0]
    engine_picks = _lean(spec) and (bool(spec.format) or client.engine_picks_format())
    session.state = reply.state or (None if engine_picks else await client.state())
    result.changes = list(reply.changes)
    result.edited = True
    tell(edited=True)


def _lean(spec: JobSpec) -> bool:
    """On the batch's own embedded engine a job makes fewer requests: no state read before the edit (nobody
    reads its diff), none after it (the engine renders the session's own draft, in the format given, else in
    the one the session settled on, when that is the client's own choice too)."""
    return spec.local_engine is not None


async def _render(spec: JobSpec, session: StudioSession, result: JobResult, tell: Tell) -> None:
    state = session.state
    lean = state is None and _lean(spec)
    if not lean and (state is None or not state.draft.ready_for_export):
        raise NothingToExport()
    # the format given, else the agent's choice (e.g. MP3): read from the state, or left to the engine (lean)
    fmt = export_format(spec.format) if spec.format else None if lean else export_format(session.default_format())
    render_id = result.render_id or spec.render_id
    tell(status="rendering", progress=60, message="starting the render", render_id=render_id)
    client = session.client
    draft = None if state is None else state.draft.to_dict()
    job = await client.export(format=fmt, draft=draft, job_id=render_id, session_draft=lean)
    rendered = await client.wait_for_render(job, progress=_progress(tell))
    await _download(spec, session, rendered, result, tell)


def _progress(tell: Tell) -> Callable[[RenderStatus], None]:
    def on_progress(status: RenderStatus) -> None:
        pct = status.progress or 0.0
        tell(status="rendering", progress=60 + 0.35 * pct, message=f"rendering {pct:.0f}%")

    return on_progress


async def _download(spec: JobSpec, session: StudioSession, rendered: RenderResult, result: JobResult,
                    tell: Tell) -> None:  # fmt: skip
    if rendered.job.id != result.render_id:  # the client resubmitted a failed render once, under a new id
        result.render_id = rendered.job.id
        tell(render_id=result.render_id)
    tell(status="downloading", progress=95, message="downloading")
    folder = Path(spec.folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _result_name(spec, rendered)
    handed = None
    if spec.local_engine is not None:
        handed = await asyncio.to_thread(hand_over, spec.local_engine, spec.renders, rendered.url or "", target)
    path = handed or Path(await session.client.download(rendered, target))
    result.output, result.result_format = str(path), rendered.format
    result.size = path.stat().st_size
    result.checksum = await asyncio.to_thread(file_checksum, path)


def _result_name(spec: JobSpec, rendered: RenderResult) -> str:
    """``<name>.<format>`` when the batch names results after their sources, never the source itself."""
    if not spec.name:
        return rendered.filename
    chosen = f"{spec.name}.{rendered.format}"
    if (Path(spec.folder) / chosen).absolute() == Path(spec.source).absolute():
        chosen = f"{spec.name}-{rendered.job.id[:8]}.{rendered.format}"
    return chosen


# -- the client of one job ----------------------------------------------------------


class _RateWatch(httpx.AsyncBaseTransport):
    """The job's transport: counts the 429s it sees (the client still waits and retries them itself) and asks
    for chat replies without the typing pace (``PACE_HEADER``: nobody watches a batch's replies arrive)."""

    def __init__(self, on_429: Callable[[], object] | None, inner: httpx.AsyncBaseTransport | None = None,
                 *, owned: bool = True) -> None:  # fmt: skip
        self.inner = inner or new_pool()
        self.owned = owned  # a shared pool (or the caller's transport) outlives the job
        self.on_429 = on_429
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/run_sse"):
            request.headers[PACE_HEADER] = "off"
        response = await self.inner.handle_async_request(request)
        if response.status_code == 429:
            self.count += 1
            if self.on_429 is not None:
                self.on_429()
        return response

    async def aclose(self) -> None:
        if self.owned:
            await self.inner.aclose()


def new_pool(connections: int = 20) -> httpx.AsyncHTTPTransport:
    """A connection pool for a job, or one shared by a batch's jobs (``connections`` kept alive)."""
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=connections)
    return httpx.AsyncHTTPTransport(verify=shared_ssl_context(), limits=limits)


def _open_session(spec: JobSpec, watch: _RateWatch, extra: Mapping[str, Any]) -> StudioSession:
    options = {**spec.client, **extra}
    if spec.local_engine is not None:
        engine = worker_engine(spec.local_engine, renders=spec.renders)
        options["settings"] = local_client_settings(engine.url, options.pop("profile", None))
        options.setdefault("poll_schedule", LOCAL_POLLS)
    options["transport"] = watch
    if spec.edited and spec.session_id:
        options["session_id"] = spec.session_id
    client = AsyncNemoClient(**options)
    _TOKENS.lend(client)
    return StudioSession(client, output_dir=spec.folder)  # for its default format; the job calls the client


class _TokenShelf:
    """Anonymous tokens by (API, client id) in this process: a thousand items ask for one, not a thousand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, str], Any] = {}

    def lend(self, client: Any) -> None:
        with self._lock:
            token = self._tokens.get((client.base_url, client.client_id))
        if token is not None:
            client.adopt_token(token)

    def keep(self, client: Any) -> None:
        if client.token is not None:
            with self._lock:
                self._tokens[(client.base_url, client.client_id)] = client.token


_TOKENS = _TokenShelf()
