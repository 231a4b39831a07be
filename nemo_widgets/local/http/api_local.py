"""``POST /api/local/job``: one file, one instruction, one render, in one request (an engine extension).

Only the process that started the engine may call it: it carries the
engine's ``file_key`` (:data:`~nemo_widgets.protocol.constants.LOCAL_FILES_HEADER`),
like the upload by path, and the file is taken under the same rules
(:mod:`~nemo_widgets.local.media.local_files`). The engine then does what a
batch item otherwise asks in five requests: a new session, the hand-off, the
agent's turn (:func:`~nemo_widgets.local.http.api_chat.read_message` and
:func:`~nemo_widgets.local.http.api_chat.apply_edit`, the chat endpoint's own
reading and editing), the render, and a hold until it finishes (at most the
long-poll limit). When the agent does not edit (a question, a refusal,
something it cannot do) nothing is rendered and its reply is the answer.
The cloud has no such call; its clients keep the documented ones.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from nemo_widgets.local.agent.replies import reply_for
from nemo_widgets.local.agent.types import Outcome
from nemo_widgets.local.http.api_chat import apply_edit, read_message
from nemo_widgets.local.http.api_media import register
from nemo_widgets.local.http.api_render import earlier_job, job_answer, queue_render, render_id, until_finished
from nemo_widgets.local.http.common import UPLOAD_STATUS, ApiError, Call, enter, fault_error, json_body, ok
from nemo_widgets.local.media.local_files import key_matches, receive_local
from nemo_widgets.local.media.uploads import UploadRejected
from nemo_widgets.local.state.records import RenderJob, Session
from nemo_widgets.protocol.constants import LOCAL_FILES_HEADER, LOCAL_JOB_PATH

__all__ = ["REFUSED", "ROUTES"]

#: The answer to a job request without the engine's key (status 403).
REFUSED = (
    "Only the program that started this engine can hand it a file and an instruction in one request. "
    "Use the documented calls instead: upload the file, send the instruction, then export."
)


def _fields(body: dict[str, Any]) -> tuple[str, str, dict[str, Any], float]:
    """(source, instruction, output, wait) from the body, else a 400 with a sentence."""
    source, instruction = body.get("source"), body.get("instruction")
    if not isinstance(source, str) or not source:
        raise ApiError(400, 'A local job needs "source": the absolute path of a file on this machine.', 400)
    if not isinstance(instruction, str) or not instruction.strip():
        raise ApiError(400, 'A local job needs "instruction": what to do to the file.', 400)
    output: dict[str, Any] = body["output"] if isinstance(body.get("output"), dict) else {}
    wait = body.get("wait")
    return source, instruction.strip(), output, float(wait) if isinstance(wait, (int, float)) and wait > 0 else 0.0


async def run_job(request: Request) -> Response:
    """Hand-off, turn, render and hold; ``data``: ``session_id``, ``task_id``, ``reply``, ``render`` (a poll
    answer, or null when the agent made no edit)."""
    call = await enter(request, "local-job")
    if not key_matches(request.headers.get(LOCAL_FILES_HEADER), call.engine.file_key):
        raise ApiError(403, REFUSED, 403)
    body = await json_body(request)
    source, instruction, output, wait = _fields(body)
    job_id = render_id(body.get("id"))
    job = await earlier_job(call, job_id, None)  # the same job sent again (a retry): its render, not a second
    if job is None:
        session = await _session_with(call, source, str(body.get("language") or "en")[:20])
        reply, edited = await _turn(call, session, instruction, request.headers.get("x-skill-source"))
        if edited is None:
            return ok({"session_id": session.id, "task_id": session.task_id, "reply": reply, "render": None})
        job = await queue_render(call, edited, job_id, edited.draft, output, reread=False)  # read after the hold
        task_id = session.task_id
    else:
        reply, task_id = "", (await call.load_session(job.session_id)).task_id
    job = await _held(call, job, min(wait, call.engine.settings.long_poll_max_s))
    return ok({"session_id": job.session_id, "task_id": task_id, "reply": reply,
               "render": job_answer(request, call, job)})  # fmt: skip


async def _session_with(call: Call, source: str, language: str) -> Session:
    """A new session holding the file at ``source`` (copied by the engine under the upload's rules)."""
    engine = call.engine
    session = await engine.store.run(engine.store.create_session, call.account_id, language)
    dest = engine.data_dir / "media" / session.id
    try:
        files = await asyncio.to_thread(receive_local, [source], dest, engine.settings.max_upload_bytes)
        _media, session = await register(call, session.id, files)
    except UploadRejected as exc:
        raise ApiError(int(exc.code), exc.message, UPLOAD_STATUS.get(exc.code, 400)) from None
    return session


async def _turn(call: Call, session: Session, text: str, skill_source: str | None) -> tuple[str, Session | None]:
    """The agent's turn on ``session``: its reply, and the session to render (None: nothing to render)."""
    engine = call.engine
    store = engine.store
    plan, cost = read_message(engine, session, text, skill_source)
    if not plan.is_edit:
        return reply_for(
            plan, session.draft, text, engine.settings.edit_cost
        ), session if plan.kind == "noop" else None  # noop: already so
    if cost and not await store.run(store.freeze, call.account_id, cost):
        raise fault_error("2001", {"bind_id": call.account_id, **await store.run(store.balance, call.account_id)})
    spent = 0
    try:
        outcome, after = await apply_edit(engine, call.account_id, session.id, plan)
        spent = cost if outcome.changed else 0
    finally:
        if cost:
            await store.run(store.settle, call.account_id, cost, spent)
    return outcome.plain, after if outcome.changed or _already_so(outcome) else None


def _already_so(outcome: Outcome) -> bool:
    """An edit that changed nothing because the draft already is as asked (every tool call ok) is rendered;
    one the agent refused (a call in error, an undo with nothing to undo) is not."""
    return bool(outcome.calls) and all(response.get("status") == "ok" for _name, _args, response in outcome.calls)


async def _held(call: Call, job: RenderJob, wait: float) -> RenderJob:
    """The job once it finished, or as it is after ``wait`` seconds."""
    store = call.engine.store
    if wait > 0 and job.status not in ("completed", "failed", "cancelled"):
        await until_finished(store, job.id, wait)
    latest: RenderJob | None = await store.run(store.job, job.id)
    return latest or job


ROUTES = [(LOCAL_JOB_PATH, run_job, ["POST"])]
