"""What every endpoint shares: the envelope, API errors, auth, sessions and injected faults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from nemo_widgets.local.engine import Engine
from nemo_widgets.local.faults import Fault
from nemo_widgets.local.state.records import Account, Session, SessionNotFound
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, HTTP_STATUS, MAX_UPLOAD_LABEL, Code

__all__ = ["ApiError", "Call", "begin", "enter", "fault_error", "ok"]


class ApiError(Exception):
    """An error answer: ``{"code": code, "msg": msg[, "data": data]}`` with an HTTP status."""

    def __init__(self, code: int, msg: str, status: int, data: Any = None, headers: dict[str, str] | None = None):
        super().__init__(msg)
        self.code, self.msg, self.status, self.data, self.headers = code, msg, status, data, headers

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {"code": self.code, "msg": self.msg}
        if self.data is not None:
            body["data"] = self.data
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def ok(data: Any) -> JSONResponse:
    return JSONResponse({"code": int(Code.OK), "data": data})


#: code, HTTP status and message of each error a fault (or the real condition) gives.
ERRORS: dict[str, tuple[int, int, str]] = {
    "400": (400, 400, "The X-Client-Id header is required."),
    "1001": (Code.BAD_TOKEN, HTTP_STATUS[Code.BAD_TOKEN], "The token is missing, invalid or expired."),
    "1002": (Code.SESSION_NOT_FOUND, HTTP_STATUS[Code.SESSION_NOT_FOUND], "Session not found."),
    "2001": (Code.NO_CREDITS, HTTP_STATUS[Code.NO_CREDITS], "Not enough credits for this edit."),
    "4001": (
        Code.UNSUPPORTED_FILE,
        HTTP_STATUS[Code.UNSUPPORTED_FILE],
        f"Unsupported file. Supported formats: {', '.join(ACCEPTED_EXTENSIONS)}.",
    ),
    "4002": (Code.FILE_TOO_LARGE, HTTP_STATUS[Code.FILE_TOO_LARGE], f"The file is larger than {MAX_UPLOAD_LABEL}."),
    "402": (402, 402, "The free plan cannot export: register or upgrade to unlock export."),
    "429": (429, 429, "Too many requests: wait 30 seconds and try again."),
    "500": (500, 500, "Internal server error."),
}
UPLOAD_STATUS: dict[int, int] = {**{int(code): status for code, status in HTTP_STATUS.items()}, 400: 400, 507: 507}


def fault_error(name: str, data: Any = None, msg: str | None = None) -> ApiError:
    code, status, message = ERRORS[name]
    headers = {"Retry-After": "30"} if name == "429" else None
    return ApiError(int(code), msg or message, status, data, headers)


@dataclass
class Call:
    """One request after its faults were drawn and its token checked."""

    engine: Engine
    request: Request
    faults: list[Fault]
    account: Account | None
    #: the caller's account when only its id is known (a token this engine checked before)
    known_account: str | None = None

    def fault(self, *names: str) -> Fault | None:
        return next((f for f in self.faults if f.name in names), None)

    def raise_fault(self, name: str, data: Any = None) -> None:
        if self.fault(name):
            raise fault_error(name, data)

    def session(self, session_id: str) -> Session:
        """The caller's session, else 1002 (also for another account's session)."""
        self.raise_fault("1002")
        try:
            return self.engine.store.session(self.account_id, session_id)
        except SessionNotFound:
            raise fault_error("1002", msg=f"Session not found: {session_id}") from None

    async def load_session(self, session_id: str) -> Session:
        """:meth:`session`, read off the event loop."""
        self.raise_fault("1002")
        try:
            return await self.engine.store.run(self.engine.store.session, self.account_id, session_id)
        except SessionNotFound:
            raise fault_error("1002", msg=f"Session not found: {session_id}") from None

    @property
    def account_id(self) -> str:
        if self.known_account is not None:
            return self.known_account
        assert self.account is not None
        return self.account.id


def engine_of(request: Request) -> Engine:
    engine: Engine = request.state.engine  # Starlette's state is untyped: the app factory set it
    return engine


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _drawn(request: Request, scope: str, auth: bool) -> tuple[Call, str | None]:
    """The call with its faults drawn (429/500 answered, an armed 1001 raised) and the bearer token."""
    engine = engine_of(request)
    call = Call(engine, request, engine.faults.take(scope, request.headers), None)
    for name in ("429", "500"):
        call.raise_fault(name)
    if not auth:
        return call, None
    call.raise_fault("1001")
    token = bearer(request)
    if not token:
        raise fault_error("1001")
    return call, token


async def enter(request: Request, scope: str, auth: bool = True) -> Call:
    """Draw the request's faults, answer 429/500 ones, then check the token (1001), off the event loop."""
    call, token = _drawn(request, scope, auth)
    if token is not None:
        store = call.engine.store
        call.known_account = store.known_token(token)
        if call.known_account is None:
            call.account = await store.run(store.account_for_token, token)
            if call.account is None:
                raise fault_error("1001")
    return call


def begin(request: Request, scope: str, auth: bool = True) -> Call:
    """:func:`enter` for a plain (non-async) caller: the token is looked up on the calling thread."""
    call, token = _drawn(request, scope, auth)
    if token is not None:
        call.account = call.engine.store.account_for_token(token)
        if call.account is None:
            raise fault_error("1001")
    return call


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "The body must be JSON.", 400) from None
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.", 400)
    return body


def absolute(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path
