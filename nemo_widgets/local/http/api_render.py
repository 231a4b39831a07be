"""Export: submit a render, poll it (answer NOT enveloped), download the result."""

from __future__ import annotations

import asyncio
import math
import re
import secrets
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from nemo_widgets.local import drafts
from nemo_widgets.local.http.api_media import render_file_path
from nemo_widgets.local.http.common import ApiError, Call, absolute, enter, fault_error, json_body, ok
from nemo_widgets.local.media.uploads import stored_name
from nemo_widgets.local.state.records import RenderJob, Session
from nemo_widgets.local.state.store import Store
from nemo_widgets.protocol.constants import (
    AUDIO_EXPORT_FORMATS,
    EXPORT_FORMATS,
    LONG_POLL_HEADER,
    TrackType,
    export_format,
)

__all__ = ["ROUTES", "earlier_job", "job_answer", "queue_render", "render_id", "resolve_format", "until_finished"]

ATTRIBUTION = ("x-skill-source", "x-skill-version", "x-skill-platform")
RENDER_FAULTS = ("slow-render", "render-fail-once", "render-never")
_JOB_ID = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def resolve_format(requested: str | None, draft: dict[str, Any], remembered: str | None) -> str:
    """The format to render: the asked one, else the session's remembered one. An audio-only draft asked for
    as MP4 gives the audio format the agent was told to make (remembered), else M4A when MP4 was only
    remembered; an MP4 asked for explicitly of sound nobody asked to extract stays MP4, and the render refuses
    it before any ffmpeg instead of delivering sound where a video was promised."""
    fmt = export_format(requested or remembered or "")
    has_video = any(t.get("tt") in (TrackType.VIDEO,) and t.get("sg") for t in draft.get("t", []))
    if not fmt:
        fmt = "mp4" if has_video else "mp3"
    if fmt not in EXPORT_FORMATS:
        raise ApiError(400, f"Unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.", 400)
    if fmt == "mp4" and not has_video:
        if remembered in AUDIO_EXPORT_FORMATS:
            fmt = str(remembered)
        elif not requested:
            fmt = "m4a"
    return fmt


def _usable_draft(body_draft: Any, session: Session) -> dict[str, Any]:
    """The client's draft if it points at this session's media, else the session's own."""
    if isinstance(body_draft, dict) and drafts.has_content(body_draft):
        sources = {
            str(seg.get("m", {}).get("src"))
            for t in body_draft.get("t", [])
            for seg in t.get("sg", [])
            if isinstance(seg, dict)
        }
        if sources & set(session.media):
            return body_draft
    return session.draft


def _output_name(session: Session, draft: dict[str, Any], fmt: str) -> str:
    srcs = [seg.get("m", {}).get("src") for t in draft.get("t", []) for seg in t.get("sg", [])]
    first = next((session.media[s]["name"] for s in srcs if s in session.media), "render")
    stem = Path(first).stem if "." in first.strip(".") else first
    return stored_name(stem, f".{fmt}" if fmt in AUDIO_EXPORT_FORMATS else f"_edited.{fmt}")


def job_answer(request: Request, call: Call, job: RenderJob) -> dict[str, Any]:
    done = job.status == "completed"
    url = absolute(request, render_file_path(job.id, job.url_key, job.output_name or "")) if done else None
    output = {
        "url": url,
        "format": job.format,
        "name": job.output_name,
        "size": job.size,
        "duration": round(job.duration_ms / 1000, 3) if job.duration_ms else None,
    }
    return {
        "id": job.id,
        "status": job.status,
        "progress": job.progress,
        "sessionId": job.session_id,
        "output": output,
        "download_url": absolute(request, f"/api/render/proxy/{job.id}/download") if done else None,
        "queue_position": call.engine.worker.queue_position(job.id),
        "error": job.error,
        "error_code": job.error_code,
        "retryable": job.error_code is None if job.status == "failed" else None,
        "note": job.note,
    }


async def submit(request: Request) -> Response:
    """``POST /api/render/proxy/lambda``: queue a render of the session's draft."""
    call = await enter(request, "export")
    if any(not request.headers.get(name, "").strip() for name in ATTRIBUTION):
        raise fault_error(
            "402",
            msg="Export needs the X-Skill-Source, X-Skill-Version and X-Skill-Platform headers "
            "(free plan limit): register or upgrade to unlock export.",
        )
    body = await json_body(request)
    session = await call.load_session(str(body.get("sessionId") or body.get("session_id") or ""))
    call.raise_fault("402")
    job_id = render_id(body.get("id"))
    existing = await earlier_job(call, job_id, session.id)
    if existing is not None:  # the same submission again (a retry) gets its render
        return _announced(ok(job_answer(request, call, existing)), call)
    draft = _usable_draft(body.get("draft"), session)
    output: dict[str, Any] = body["output"] if isinstance(body.get("output"), dict) else {}
    job = await queue_render(call, session, job_id, draft, output)
    return _announced(ok(job_answer(request, call, job)), call)


async def queue_render(call: Call, session: Session, job_id: str, draft: dict[str, Any], output: dict[str, Any],
                       *, reread: bool = True) -> RenderJob:  # fmt: skip
    """A new render of ``draft`` under ``job_id`` (checked free), queued, or refused at once when it cannot work;
    ``output``: the asked ``format`` and ``quality``; ``reread``: the job as the worker sees it by now (else as
    queued: for a caller that reads it again anyway)."""
    if not drafts.has_content(draft):
        raise ApiError(400, "The draft is empty: upload a clip first.", 400)
    fmt = resolve_format(output.get("format"), draft, session.output_format)
    fault = call.fault(*RENDER_FAULTS)
    quality = output.get("quality")
    job = RenderJob(
        id=job_id,
        session_id=session.id,
        account=call.account_id,
        format=fmt,
        draft=draft,
        quality=str(quality).strip().lower()[:20] if isinstance(quality, str) and quality.strip() else None,
        output_name=_output_name(session, draft, fmt),
        fault=f"{fault.name}:{fault.arg}" if fault and fault.arg else (fault.name if fault else None),
    )
    hold = call.engine.settings.render_hold_credits
    if hold > 0 and await call.engine.store.run(call.engine.store.freeze, call.account_id, hold):
        job.frozen = hold  # short of credits: export is free anyway
    await call.engine.store.run(call.engine.store.add_job, job)
    # a draft that cannot work fails at once, never queued (planning reads the media: off the loop)
    if not await asyncio.to_thread(call.engine.worker.refuse_early, job):
        call.engine.worker.submit(job)
    if not reread:
        return job
    latest = await call.engine.store.run(call.engine.store.job, job.id)  # the worker's view of it
    return latest or job


def render_id(given: Any) -> str:
    """The render's id: the one the client made (checked), else a new one."""
    job_id = str(given or f"render_{int(time.time() * 1000)}_{secrets.token_hex(3)}")
    if not _JOB_ID.match(job_id):
        raise ApiError(400, "A render id may hold letters, digits, '_', '.', '-' (at most 100).", 400)
    return job_id


async def earlier_job(call: Call, job_id: str, session_id: str | None) -> RenderJob | None:
    """The render already under ``job_id`` (a retried submission), None when the id is free; 409 when it is
    another account's or (``session_id`` given) another session's."""
    existing = await call.engine.store.run(call.engine.store.job, job_id)
    if existing is not None and (existing.account != call.account_id or session_id not in (None, existing.session_id)):
        raise ApiError(409, f"The render id {job_id} is taken; use a new one.", 409)
    return existing


async def _owned_job(call: Call, job_id: str) -> RenderJob:
    job = await call.engine.store.run(call.engine.store.job, job_id)
    if job is None or job.account != call.account_id:
        raise ApiError(404, f"Render job not found: {job_id}", 404, headers=None)
    return job


async def poll(request: Request) -> Response:
    """``GET /api/render/proxy/lambda/<id>``: top-level ``status``, ``progress``, ``output.url``.

    ``?wait=S`` (an engine extension, announced by the ``X-Nemo-Long-Poll``
    header of every poll answer) holds the answer until the render finishes
    or ``S`` seconds pass: the client sees the result the moment it is ready,
    with no busy polling that would take CPU from the render.
    """
    call = await enter(request, "poll")
    job_id = request.path_params["job_id"]
    try:
        job = await _owned_job(call, job_id)
    except ApiError as exc:
        body = {"id": job_id, "status": "failed", "error": exc.msg, "code": 404, "msg": exc.msg}
        return JSONResponse(body, status_code=404)
    limit = call.engine.settings.long_poll_max_s
    wait = _wait_s(request, limit)
    if wait > 0:
        await until_finished(call.engine.store, job.id, wait)
        job = await _owned_job(call, job_id)
    return _announced(JSONResponse(job_answer(request, call, job)), call)


async def cancel(request: Request) -> Response:
    """``POST /api/render/proxy/lambda/<id>/cancel``: stop a render (enveloped answer: the job).

    A queued job leaves the queue; a running one has its ffmpeg killed and its partial file
    removed; either is marked ``cancelled``, the credits it held are freed and a held long
    poll answers at once. A job that had ended is answered as it is.
    """
    call = await enter(request, "cancel")
    job = await _owned_job(call, request.path_params["job_id"])
    if await call.engine.store.run(call.engine.store.cancel_job, job.id) is not None:
        call.engine.worker.cancel(job.id)
    return ok(job_answer(request, call, await _owned_job(call, job.id)))


def _announced(response: Response, call: Call) -> Response:
    """``response`` naming the long poll (submit and poll answers), unless it is off."""
    limit = call.engine.settings.long_poll_max_s
    if limit > 0:
        response.headers[LONG_POLL_HEADER] = f"{limit:g}"
    return response


def _wait_s(request: Request, limit: float) -> float:
    """The poll's ``?wait=`` in seconds, at most ``limit``; 0 when absent, bad or off."""
    try:
        wait = float(request.query_params.get("wait", "0"))
    except ValueError:
        return 0.0
    return min(wait, limit) if math.isfinite(wait) and wait > 0 else 0.0


async def until_finished(store: Store, job_id: str, seconds: float) -> None:
    """Hold until the job completes or fails (the render thread wakes us), or ``seconds`` pass."""
    loop, finished = asyncio.get_running_loop(), asyncio.Event()

    def wake() -> None:
        try:
            loop.call_soon_threadsafe(finished.set)
        except RuntimeError:  # the loop has closed: nobody is waiting any more
            pass

    if not store.when_finished(job_id, wake):
        return
    try:
        await asyncio.wait_for(finished.wait(), seconds)
    except asyncio.TimeoutError:
        pass
    finally:
        store.forget_waiter(job_id, wake)


class _ResultFile(FileResponse):
    """A render's file, read in 1 MiB pieces (each piece is one trip to a worker thread; 64 KiB is the default)."""

    chunk_size = 1024 * 1024


def _file(call_or_engine_dir: Path, job: RenderJob, inline: bool) -> Response:
    if job.status != "completed" or not job.output_path:
        raise ApiError(409, f"The render {job.id} is {job.status}, not completed.", 409)
    path = call_or_engine_dir / job.output_path
    if not path.is_file():
        raise ApiError(404, "The rendered file is gone.", 404)
    disposition = "inline" if inline else "attachment"
    return _ResultFile(path, filename=job.output_name, content_disposition_type=disposition)


async def download(request: Request) -> Response:
    """``GET /api/render/proxy/<id>/download`` (bearer token): the fallback download."""
    call = await enter(request, "poll")
    return _file(call.engine.data_dir, await _owned_job(call, request.path_params["job_id"]), inline=False)


async def signed_file(request: Request) -> Response:
    """``GET /api/render/files/<id>/<key>/<name>``: ``output.url``; the per-job key replaces the token."""
    engine = request.state.engine
    job = await engine.store.run(engine.store.job, request.path_params["job_id"])
    key, name = request.path_params["key"], request.path_params["name"]
    if job is None or not secrets.compare_digest(key, job.url_key) or name != job.output_name:
        raise ApiError(404, "Not found.", 404)
    return _file(engine.data_dir, job, inline=True)


ROUTES = [
    ("/api/render/proxy/lambda", submit, ["POST"]),
    ("/api/render/proxy/lambda/{job_id}", poll, ["GET"]),
    ("/api/render/proxy/lambda/{job_id}/cancel", cancel, ["POST"]),
    ("/api/render/proxy/{job_id}/download", download, ["GET"]),
    ("/api/render/files/{job_id}/{key}/{name}", signed_file, ["GET"]),
]
