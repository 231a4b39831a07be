"""``POST /run_sse``: one agent turn, streamed in the ADK wire format.

The turn runs as its own task (kept by the engine), so an edit completes even
when the client goes away; the response only relays its frames, with a
``: ping`` heartbeat whenever nothing came for ``settings.heartbeat_s``.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from nemo_widgets.local import drafts
from nemo_widgets.local.agent.editor import FREE_OPS, Outcome, apply_plan
from nemo_widgets.local.agent.intents import Plan, parse_message
from nemo_widgets.local.agent.replies import no_media_text, reply_for
from nemo_widgets.local.engine import Engine
from nemo_widgets.local.http.common import ApiError, Call, enter, fault_error, json_body
from nemo_widgets.local.http.sse import HEARTBEAT, Invocation, error_frame, frame, new_call_id, split_chunks
from nemo_widgets.local.state.records import Session
from nemo_widgets.protocol.constants import PACE_HEADER

__all__ = ["ROUTES", "StreamDropped", "apply_edit", "read_message"]

_END, _DROP = object(), object()


class StreamDropped(ConnectionAbortedError):
    """Raised on purpose (fault ``drop-stream``) to cut a chat stream mid-turn."""


class _QuietDrop(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], StreamDropped))


logging.getLogger("uvicorn.error").addFilter(_QuietDrop())


@dataclass
class Turn:
    call: Call
    session_id: str
    text: str
    plan: Plan
    streaming: bool
    frozen: int
    silent: bool | None
    paced: bool = True  # False: the client asked for no pause between chunks (``PACE_HEADER: off``)

    @property
    def engine(self) -> Engine:
        return self.call.engine


def _message_text(body: dict[str, Any]) -> str:
    message = body.get("new_message") or body.get("newMessage") or {}
    parts = message.get("parts") if isinstance(message, dict) else None
    return " ".join(str(p.get("text", "")) for p in parts or [] if isinstance(p, dict)).strip()


def _paced(request: Request) -> bool:
    return request.headers.get(PACE_HEADER, "").strip().lower() != "off"


def _silent_override(request: Request) -> bool | None:
    value = request.headers.get("x-nemo-silent")
    return None if value is None else value.strip().lower() in ("1", "true", "yes")


async def run_sse(request: Request) -> Response:
    call = await enter(request, "chat")
    body = await json_body(request)
    session = await call.load_session(str(body.get("session_id") or body.get("sessionId") or ""))
    text = _message_text(body)
    if not text:
        raise ApiError(400, "new_message.parts[].text is empty.", 400)
    plan, cost = read_message(call.engine, session, text, request.headers.get("x-skill-source"))
    store = call.engine.store
    if call.fault("2001") or (cost and not await store.run(store.freeze, call.account_id, cost)):
        data = {
            "bind_id": call.account_id,
            "task_id": session.task_id,
            **await store.run(store.balance, call.account_id),
        }
        raise fault_error("2001", data)
    turn = Turn(call, session.id, text, plan, bool(body.get("streaming")), cost, _silent_override(request),
                _paced(request))  # fmt: skip
    queue: asyncio.Queue[Any] = asyncio.Queue()
    task = asyncio.create_task(_run_turn(turn, queue))
    call.engine.keep(task)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        _relay(queue, call.engine.settings.heartbeat_s), media_type="text/event-stream", headers=headers
    )


async def _relay(queue: asyncio.Queue[Any], heartbeat_s: float) -> AsyncIterator[bytes]:
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), timeout=max(0.05, heartbeat_s))
        except asyncio.TimeoutError:
            yield HEARTBEAT
            continue
        if item is _END:
            return
        if item is _DROP:
            raise StreamDropped("chat stream dropped on purpose (fault drop-stream)")
        yield item


def read_message(engine: Engine, session: Session, text: str, skill_source: str | None) -> tuple[Plan, int]:
    """What ``text`` asks of ``session`` (the agent's reading, its last edit remembered) and the credits it costs."""
    try:
        plan = parse_message(
            text,
            skill_source,
            session.language,
            engine.recent_edits.get(session.id),
            undone=session.id in engine.recent_undone,
        )
    except Exception:  # a reader's bug must not cost the turn: nothing is changed and the reply says it wasn't read
        logging.getLogger(__name__).exception("the agent could not read a message (%d characters)", len(text))
        plan = Plan("unknown", reason=text)
    editing = plan.is_edit and not {op.name for op in plan.ops} <= FREE_OPS and drafts.has_content(session.draft)
    return plan, engine.settings.edit_cost if editing else 0


async def apply_edit(engine: Engine, account_id: str, session_id: str, plan: Plan) -> tuple[Outcome, Session]:
    """The plan applied to the session on the store's thread (all or nothing), remembered when it changed:
    (what it did, the session after it)."""

    def edit(session: Session) -> tuple[Outcome, Session]:
        return apply_plan(session, plan), session

    outcome, after = await engine.store.run(engine.store.update_session, account_id, session_id, edit)
    if outcome.changed:  # what "one more second" or "sorry, I meant …" will refer to
        undo = plan.is_undo or plan.is_redo
        engine.remember_edit(
            session_id, None if undo else [op for op in plan.ops if op.name != "undo"], undone=plan.is_undo
        )
    return outcome, after


async def _run_turn(turn: Turn, queue: asyncio.Queue[Any]) -> None:
    spent = 0
    try:
        await _slow_step(turn)
        if turn.call.fault("agent-error"):
            inv = Invocation()
            await queue.put(frame(inv.error("RuntimeError", "backend exploded (injected fault agent-error)")))
            await queue.put(error_frame("RuntimeError", "backend exploded (injected fault agent-error)"))
            return
        spent = await _answer(turn, queue)
    finally:
        if turn.frozen:
            await turn.engine.store.run(turn.engine.store.settle, turn.call.account_id, turn.frozen, spent)
        await queue.put(_END)


async def _slow_step(turn: Turn) -> None:
    fault = turn.call.fault("slow-chat")
    delay = turn.engine.settings.step_delay_s + (fault.seconds() if fault else 0.0)
    if delay > 0:
        await asyncio.sleep(delay)


async def _answer(turn: Turn, queue: asyncio.Queue[Any]) -> int:
    """Send the turn's events; returns the credits the edit used."""
    engine, inv = turn.engine, Invocation()
    store = engine.store
    session = await store.run(store.session, turn.call.account_id, turn.session_id)
    undo = turn.plan.is_undo or turn.plan.is_redo  # going back or forward needs no content now
    if not turn.plan.is_edit or (not drafts.has_content(session.draft) and not undo):
        text = (
            reply_for(turn.plan, session.draft, turn.text, engine.settings.edit_cost)
            if not turn.plan.is_edit
            else (no_media_text(turn.plan.language))
        )
        await (_drop(turn, queue, inv, text) if turn.call.fault("drop-stream") else _say(turn, queue, inv, text))
        return 0

    outcome, _after = await apply_edit(engine, turn.call.account_id, turn.session_id, turn.plan)
    call_ids = [new_call_id() for _ in outcome.calls]
    for call_id, (tool, args, _response) in zip(call_ids, outcome.calls, strict=False):
        await queue.put(frame(inv.function_call(call_id, tool, args)))
    spent = turn.frozen if outcome.changed else 0
    reply = outcome.gui if engine.rng.random() < engine.settings.gui_ratio else outcome.plain
    if turn.call.fault("drop-stream"):
        await _drop(turn, queue, inv, reply)
        return spent
    for i, (call_id, (tool, _args, response)) in enumerate(zip(call_ids, outcome.calls, strict=False)):
        delta = outcome.state_delta if i == len(call_ids) - 1 else {}
        await queue.put(frame(inv.function_response(call_id, tool, response, delta)))
    silent = turn.silent if turn.silent is not None else engine.rng.random() < engine.settings.silent_ratio
    if not (silent and outcome.changed):
        await _say(turn, queue, inv, reply)
    return spent


async def _drop(turn: Turn, queue: asyncio.Queue[Any], inv: Invocation, text: str) -> None:
    """Fault drop-stream: the first partial chunk (streaming only), then the connection is cut."""
    if turn.streaming:
        await queue.put(frame(inv.chunk(split_chunks(text)[0], str(uuid.uuid4()))))
    await queue.put(_DROP)


async def _say(turn: Turn, queue: asyncio.Queue[Any], inv: Invocation, text: str) -> None:
    if not turn.streaming:
        await queue.put(frame(inv.text(text)))
        return
    event_id = str(uuid.uuid4())
    delay = turn.engine.settings.chunk_delay_s if turn.paced else 0.0
    for piece in split_chunks(text):
        await queue.put(frame(inv.chunk(piece, event_id)))
        await asyncio.sleep(delay)
    await queue.put(frame(inv.final(text, event_id)))


ROUTES = [("/run_sse", run_sse, ["POST"])]
