"""The engine's ASGI app: :func:`create_app` builds it from :class:`EngineSettings`.

The lifespan owns the engine (store, render worker, fault plan) and hands it
to requests as ``request.state.engine``; nothing lives in module globals, so
several engines can run in one process. Every JSON answer is the envelope
``{"code": 0, "data": ...}`` / ``{"code": ..., "msg": ...}``, except the
render poll (top-level ``status``). See shared/protocol.md.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nemo_widgets.local.engine import Engine
from nemo_widgets.local.http import api_account, api_chat, api_local, api_media, api_render
from nemo_widgets.local.http.common import ApiError
from nemo_widgets.local.settings import EngineSettings
from nemo_widgets.local.state.db import DISK_FULL, is_disk_full

__all__ = ["create_app"]

log = logging.getLogger("nemo_widgets.local")


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"code": exc.status_code, "msg": exc.detail}, status_code=exc.status_code)


async def _database_error(request: Request, exc: Exception) -> Response:
    if not is_disk_full(exc):
        raise exc  # a real crash: _crash answers it
    log.error("engine: disk full on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"code": 507, "msg": DISK_FULL}, status_code=507)  # the change was rolled back whole


async def _crash(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, api_chat.StreamDropped):  # a drop on purpose is no error
        log.exception("engine error on %s %s", request.method, request.url.path)
    return JSONResponse({"code": 500, "msg": f"Internal server error: {type(exc).__name__}"}, status_code=500)


async def _client_gone(request: Request, exc: Exception) -> Response:
    """The client went away mid-request (an upload stopped by Ctrl-C): nobody reads this answer, nothing to log."""
    return Response(status_code=499)


def create_app(settings: EngineSettings | None = None) -> Starlette:
    """A new engine app; its state lives under ``settings.data_dir`` (a temp dir when ``None``)."""
    settings = settings or EngineSettings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        engine = Engine.open(settings)
        app.state.engine = engine  # for in-process helpers (LocalEngine); requests use the lifespan state
        engine.start()
        try:
            yield {"engine": engine}
        finally:
            await engine.close()

    routes = [
        Route(path, endpoint, methods=methods)
        for module in (api_account, api_media, api_chat, api_render, api_local)
        for path, endpoint, methods in module.ROUTES
    ]
    handlers = {
        ApiError: _api_error,
        HTTPException: _http_error,
        ClientDisconnect: _client_gone,
        sqlite3.OperationalError: _database_error,
        Exception: _crash,
    }
    return Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
