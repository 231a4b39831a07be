"""Uploads (multipart or URL) and the session state."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import Response

from nemo_widgets.local import drafts
from nemo_widgets.local.http.common import UPLOAD_STATUS, ApiError, Call, absolute, enter, fault_error, json_body, ok
from nemo_widgets.local.media.headers import probe_upload
from nemo_widgets.local.media.local_files import REFUSED, key_matches, receive_local
from nemo_widgets.local.media.policy import display_size
from nemo_widgets.local.media.uploads import (
    ReceivedFile,
    UploadRejected,
    fetch_url,
    not_media,
    receive_multipart,
    unreadable,
)
from nemo_widgets.local.state.records import RenderJob, Session, SessionNotFound
from nemo_widgets.local.state.store import Store
from nemo_widgets.protocol.constants import LOCAL_FILES_HEADER

__all__ = ["ROUTES", "parse_render_file_path", "public_media", "register", "render_file_path"]


def public_media(record: dict[str, Any]) -> dict[str, Any]:
    """A media record as answers show it (durations in seconds and ms; the size as displayed: rotation and
    pixel aspect applied)."""
    duration_ms = record.get("duration_ms")
    width, height = record.get("width"), record.get("height")
    if width and height:
        width, height = display_size(width, height, record.get("rotation") or 0, record.get("pixel_aspect") or 1.0)
    return {
        "id": record["id"],
        "name": record["name"],
        "type": record["kind"],
        "duration": round(duration_ms / 1000, 3) if duration_ms else None,
        "duration_ms": duration_ms,
        "has_video": record["has_video"],
        "has_audio": record["has_audio"],
        "width": width,
        "height": height,
        "size": record["size"],
        "video_codec": record.get("video_codec"),
        "audio_codec": record.get("audio_codec"),
        "rotation": record.get("rotation", 0),
        "audio_streams": record.get("audio_streams", []),
    }


RENDER_FILES = "/api/render/files/"


def render_file_path(job_id: str, key: str, name: str) -> str:
    """The result's path, its name percent-encoded (a ``#``, ``?``, quote or space would break the URL)."""
    return f"{RENDER_FILES}{job_id}/{key}/{quote(name, safe='')}"


def parse_render_file_path(path: str) -> tuple[str, str, str] | None:
    """(job id, key, name) of a :func:`render_file_path`, or None when ``path`` is not one."""
    parts = path.removeprefix(RENDER_FILES).split("/") if path.startswith(RENDER_FILES) else []
    return (parts[0], parts[1], unquote(parts[2])) if len(parts) == 3 else None


def _check_probe(received: ReceivedFile, info: dict[str, Any]) -> str:
    """The file's kind as probed; 4001 when ffmpeg finds no usable stream."""
    kind = received.kind
    if kind == "video" and not info["has_video"] and info["has_audio"]:
        kind = "audio"  # e.g. an .mp4 holding only sound
    usable = info["has_video"] if kind in ("video", "image") else info["has_audio"]
    if not usable or (kind != "image" and not info.get("duration_ms")):
        if received.unsure:  # nothing known in its first bytes, and ffmpeg found nothing either
            raise not_media(received.name, received.ext, received.size)
        raise unreadable(received.name, received.kind)
    return kind


async def register(call: Call, session_id: str, files: list[ReceivedFile]) -> tuple[list[dict[str, Any]], Session]:
    """Probe the received files and put them on the session's timeline: (their public records, the session)."""
    engine = call.engine
    records = []
    try:
        for received in files:
            info = (await asyncio.to_thread(probe_upload, engine.ffmpeg, received.path, received.kind)).to_dict()
            kind = _check_probe(received, info)
            media_id = f"med_{uuid.uuid4().hex[:16]}"
            final = received.path.with_name(f"{media_id}.{received.ext}")
            received.path.rename(final)
            received.path = final
            rel = str(final.relative_to(engine.data_dir))
            records.append(dict(info, id=media_id, name=received.name, kind=kind, path=rel, size=received.size))
    except BaseException:
        for received in files:
            received.path.unlink(missing_ok=True)
        raise

    def add(session: Session) -> Session:
        draft = session.draft
        for record in records:
            session.media[record["id"]] = record
            draft = drafts.append_media(draft, record, engine.settings.image_ms)
        session.push_draft(draft)  # one undo step: "undo" right after an upload takes its clips off again
        return session

    try:
        session = await engine.store.run(engine.store.update_session, call.account_id, session_id, add)
    except Exception:  # nothing was written (a disk full, say): the files go too; a cancelled wait may still
        for received in files:  # commit, so it keeps them (stray files are swept after an hour)
            received.path.unlink(missing_ok=True)
        raise
    engine.janitor.poke()  # the size cap, checked soon
    return [public_media(r) for r in records], session


async def upload(request: Request) -> Response:
    """``POST /api/upload-video/nemo_agent/me/<sid>``: multipart ``files`` or JSON ``{"urls": [...]}``."""
    call = await enter(request, "upload")
    session = await call.load_session(request.path_params["sid"])
    call.raise_fault("4001")
    call.raise_fault("4002")
    dest = call.engine.data_dir / "media" / session.id
    limit = call.engine.settings.max_upload_bytes
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("multipart/"):
            files = await receive_multipart(request.stream(), content_type, dest, limit)
        elif content_type.startswith("application/json"):
            files = await _from_json(request, call, dest, limit)
        else:
            raise UploadRejected(400, 'Send multipart/form-data (field "files") or JSON {"urls": [...]}.')
        media, _session = await register(call, session.id, files)
    except UploadRejected as exc:
        raise ApiError(int(exc.code), exc.message, UPLOAD_STATUS.get(exc.code, 400)) from None
    return ok({"media": media})


async def _from_json(request: Request, call: Call, dest: Any, limit: int) -> list[ReceivedFile]:
    """URLs to fetch, or (for the process that started the engine) files on this machine to copy."""
    body = await json_body(request)
    if "local_files" not in body:
        return await _fetch_urls(body, dest, limit)
    if not key_matches(request.headers.get(LOCAL_FILES_HEADER), call.engine.file_key):
        raise ApiError(403, REFUSED, 403)
    return await asyncio.to_thread(receive_local, body["local_files"], dest, limit)


async def _fetch_urls(body: dict[str, Any], dest: Any, limit: int) -> list[ReceivedFile]:
    urls = body.get("urls")
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise UploadRejected(400, 'JSON uploads need {"urls": ["https://..."], "source_type": "url"}.')
    files: list[ReceivedFile] = []
    try:
        for url in urls:
            files.append(await fetch_url(url, dest, limit))
    except BaseException:
        for received in files:
            received.path.unlink(missing_ok=True)
        raise
    return files


def generated_entry(request: Request, job: Any) -> dict[str, Any]:
    url = absolute(request, render_file_path(job.id, job.url_key, job.output_name or ""))
    return {
        "id": job.id,
        "format": job.format,
        "name": job.output_name,
        "url": url,
        "duration": round(job.duration_ms / 1000, 3) if job.duration_ms else None,
        "size": job.size,
    }


def _state_of(store: Store, account_id: str, session_id: str) -> tuple[dict[str, Any], list[RenderJob | None]]:
    """The session's snapshot and the jobs of its results, in one trip to the store's threads."""
    snap = store.snapshot(account_id, session_id)
    return snap, [store.job(entry["id"]) for entry in snap["generated"]]


async def state(request: Request) -> Response:
    """``GET /api/state/nemo_agent/me/<sid>/latest`` → ``data.state.{draft, video_infos, …}``."""
    call = await enter(request, "state")
    call.raise_fault("1002")
    store = call.engine.store
    try:
        snap, jobs = await store.run(_state_of, store, call.account_id, request.path_params["sid"])
    except SessionNotFound:
        raise fault_error("1002", msg=f"Session not found: {request.path_params['sid']}") from None
    infos = [public_media(m) for m in snap["media"].values()]
    first = next((m for m in infos if m["width"]), None)
    canvas = {"width": first["width"], "height": first["height"]} if first else {"width": 1280, "height": 720}
    generated = []
    for job in jobs:
        if job is not None and job.status == "completed":
            generated.append(generated_entry(request, job))
    body = {
        "draft": snap["draft"],
        "video_infos": infos,
        "canvas_config": canvas,
        "generated_media": generated,
        "output_format": snap["output_format"],
    }
    return ok(
        {
            "state": body,
            "session_id": snap["id"],
            "task_id": snap["task_id"],
            "bind_id": call.account_id,
            "summary": drafts.summary(snap["draft"]),
        }
    )


ROUTES = [
    ("/api/upload-video/nemo_agent/me/{sid}", upload, ["POST"]),
    ("/api/state/nemo_agent/me/{sid}/latest", state, ["GET"]),
]
