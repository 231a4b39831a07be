"""Tokens, sessions, credits, claim links, and the engine's small HTML pages."""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from nemo_widgets.local.drafts import summary
from nemo_widgets.local.http.common import ApiError, absolute, engine_of, enter, fault_error, json_body, ok

__all__ = ["ROUTES"]

CLIENT_ID_MAX = 200


async def anonymous_token(request: Request) -> Response:
    """``POST /api/auth/anonymous-token`` with ``X-Client-Id`` → a new token for that client."""
    call = await enter(request, "token", auth=False)
    call.raise_fault("400")
    client_id = request.headers.get("x-client-id", "").strip()
    if not client_id or len(client_id) > CLIENT_ID_MAX:
        raise fault_error("400")
    store = call.engine.store
    token, account = await store.run(store.issue_token, client_id)
    ttl = call.engine.settings.token_ttl_s
    return ok({"token": token, "credits": account.available, "expires_in": ttl, "bind_id": account.id})


async def create_session(request: Request) -> Response:
    """``POST /api/tasks/me/with-session/nemo_agent`` → ``task_id`` and ``session_id``."""
    call = await enter(request, "session")
    body = await json_body(request) if await request.body() else {}
    language = str(body.get("language") or "en")[:20]
    session = await call.engine.store.run(call.engine.store.create_session, call.account_id, language)
    return ok({"task_id": session.task_id, "session_id": session.id, "bind_id": call.account_id})


async def claim_token(request: Request) -> Response:
    """``POST /api/auth/claim-token`` → a ``clm_…`` token for the browser link."""
    call = await enter(request, "claim")
    body = await json_body(request)
    session = await call.load_session(str(body.get("session_id") or ""))
    if body.get("task_id") and body["task_id"] != session.task_id:
        raise fault_error("1002", msg="The task does not belong to this session.")
    ttl = call.engine.settings.claim_ttl_s
    claim = await call.engine.store.run(call.engine.store.create_claim, call.account_id, session.id, ttl)
    url = absolute(request, f"/workspace/claim?ct={claim}")
    return ok({"claim_token": claim, "expires_in": ttl, "claim_url": url})


async def credits(request: Request) -> Response:
    """``GET /api/credits/balance/simple`` → ``available``, ``frozen``, ``total``."""
    call = await enter(request, "credits")
    return ok(await call.engine.store.run(call.engine.store.balance, call.account_id))


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    text = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body style='font-family:sans-serif;max-width:40em;margin:3em auto'><h1>{html.escape(title)}</h1>"
        f"{body}</body></html>"
    )
    return HTMLResponse(text, status_code=status)


async def claim_page(request: Request) -> Response:
    """``GET /workspace/claim?ct=…``: what the claim link opens, locally."""
    store = engine_of(request).store
    session = await store.run(store.session_for_claim, request.query_params.get("ct", ""))
    if session is None:
        return _page("Link expired", "<p>This claim link is invalid or has expired. Ask for a new one.</p>", 404)
    names = ", ".join(html.escape(m["name"]) for m in session.media.values()) or "none yet"
    body = (
        f"<p>This project lives in the local NemoVideo engine; nothing is sent to the cloud.</p>"
        f"<p>Session <code>{html.escape(session.id)}</code>, task <code>{html.escape(session.task_id)}</code>"
        f"</p><p>Media: {names}</p><p>{html.escape(summary(session.draft))}</p>"
    )
    return _page("Your NemoVideo project", body)


async def home_page(request: Request) -> Response:
    """``GET /`` (and ``/?bind=…``, the registration link of a 2001 answer)."""
    bind = request.query_params.get("bind")
    if bind:
        body = (
            f"<p>Account <code>{html.escape(bind)}</code> is out of credits on this local engine.</p>"
            "<p>Locally there is nothing to register: restart the engine (or give it a higher "
            "<code>credits_per_token</code>) to get fresh credits.</p>"
        )
        return _page("Register to keep editing", body)
    return _page("NemoVideo local engine", "<p>The NemoVideo API, served on this machine by nemo-widgets.</p>")


async def health(request: Request) -> Response:
    return ok({"engine": "nemo-widgets local", "status": "ready"})


async def local_faults(request: Request) -> Response:
    """``GET``/``POST /api/_local/faults``: see or arm faults (``{"429": 1}``) on a running engine."""
    plan = engine_of(request).faults
    if request.method == "POST":
        body = await json_body(request)
        for name, times in body.items():
            if not isinstance(times, int) or times < 0:
                raise ApiError(400, f"bad count for fault {name!r}", 400)
            plan.arm(str(name), times)
    return JSONResponse({"code": 0, "data": {"armed": plan.armed()}})


ROUTES = [
    ("/api/auth/anonymous-token", anonymous_token, ["POST"]),
    ("/api/tasks/me/with-session/nemo_agent", create_session, ["POST"]),
    ("/api/auth/claim-token", claim_token, ["POST"]),
    ("/api/credits/balance/simple", credits, ["GET"]),
    ("/workspace/claim", claim_page, ["GET"]),
    ("/", home_page, ["GET"]),
    ("/api/_local/health", health, ["GET"]),
    ("/api/_local/faults", local_faults, ["GET", "POST"]),
]
