"""Running the engine: ``serve_forever`` for the CLI, ``start_in_background`` for notebooks and tests.

Both bind 127.0.0.1 unless told otherwise. Data dir: the one given, else
``$NEMO_ENGINE_DIR``, else a fresh temporary directory removed when the
engine stops (so nothing is kept between runs; give ``--data-dir`` to keep
sessions and renders across restarts).
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from nemo_widgets.local.http.api_media import parse_render_file_path
from nemo_widgets.local.http.app import create_app
from nemo_widgets.local.settings import EngineSettings
from nemo_widgets.local.state.retention import sweep
from nemo_widgets.local.state.store import Store

__all__ = ["LocalEngine", "serve_forever", "start_in_background"]

READY_TIMEOUT_S = 20.0
DEFAULT_ENGINE_DIR = "~/.cache/nemo-widgets/engine"  # Studio.local()'s (see core.factory)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only for sockets
    # it recognises as TCP, and without it every request after the first on a connection waits ~40 ms
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def _settings_with_dir(settings: EngineSettings | None, data_dir: Path | str | None) -> EngineSettings:
    settings = settings or EngineSettings()
    chosen = data_dir or settings.data_dir or os.environ.get("NEMO_ENGINE_DIR") or None
    settings.data_dir = Path(chosen).expanduser() if chosen else None
    return settings


def _wake_held_polls(app: object) -> None:
    """Answer the export polls the engine is holding (its long poll) now, so stopping does not wait for them."""
    engine = getattr(getattr(app, "state", None), "engine", None)
    if engine is not None:
        engine.store.wake_all()


class _Server(uvicorn.Server):
    """uvicorn's server, answering held export polls at once when Ctrl-C or SIGTERM stops it."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        _wake_held_polls(self.config.app)
        super().handle_exit(sig, frame)


#: How long the engine keeps an idle connection open: well past the client's own idle limit (httpx drops a
#: pooled connection after 5 s), so the client always lets go first. With both at 5 s (uvicorn's default) a
#: request sent on a connection idle for about 5 s could meet the engine closing it: "Could not reach the
#: NemoVideo service" on an upload picked a few seconds after the last request, on a loaded machine.
KEEP_ALIVE_S = 75


def _config(app: ASGIApp, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        log_level=log_level,
        lifespan="on",
        timeout_graceful_shutdown=3,
        timeout_keep_alive=KEEP_ALIVE_S,
        access_log=log_level == "info",
    )


def serve_forever(host: str = "127.0.0.1", port: int = 8765, data_dir: Path | str | None = None, **tuning: Any) -> int:
    """Serve until Ctrl-C (SIGINT) or SIGTERM; prints the base URL first. Returns the exit code.

    ``tuning``: further :class:`EngineSettings` fields (``keep_days``, ``max_size_bytes``).
    """
    settings = _settings_with_dir(EngineSettings(**tuning), data_dir)
    temporary = settings.data_dir is None
    try:
        sock = _bind(host, port)
    except OSError as exc:
        print(f"nemo-widgets serve: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 1
    if temporary:
        settings.data_dir = Path(tempfile.mkdtemp(prefix="nemo-engine-"))
    server = _Server(_config(create_app(settings), "warning"))
    print(f"NemoVideo local engine: {_url(host, sock)}", flush=True)
    kept = "temporary, removed at exit" if temporary else "kept"
    print(
        f"Data: {settings.data_dir} ({kept}). Set NEMO_API_URL (and NEMO_WEB_URL) to the URL above. Ctrl-C stops.",
        flush=True,
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the SIGINT it handled, after a clean shutdown
    finally:
        sock.close()
        if temporary and settings.data_dir is not None:
            shutil.rmtree(settings.data_dir, ignore_errors=True)
    print("NemoVideo local engine stopped.", flush=True)
    return 0 if server.started else 1


def clean(data_dir: Path | str | None = None, **tuning: Any) -> int:
    """``nemo-widgets clean``: apply the retention rules to an engine folder once and say what went."""
    settings = EngineSettings(**tuning)
    chosen = data_dir or os.environ.get("NEMO_ENGINE_DIR") or DEFAULT_ENGINE_DIR
    folder = Path(chosen).expanduser()
    if not (folder / "state.db").exists() and not (folder / "state.json").exists():
        print(f"nemo-widgets clean: no engine data in {folder}; nothing to do.")
        return 0
    store = Store(folder, settings.credits_per_token, settings.token_ttl_s)
    try:
        report = sweep(store, settings.keep_days, settings.max_size_bytes)
    finally:
        store.close()
    print(f"nemo-widgets clean: {folder}: {report.sentence()}.")
    return 0


class LocalEngine:
    """An engine served by uvicorn in a daemon thread; stopped by :meth:`stop`, ``with`` or at exit."""

    def __init__(self, settings: EngineSettings, host: str = "127.0.0.1", port: int = 0) -> None:
        self.settings = settings
        self.app = create_app(settings)
        self._sock = _bind(host, port)
        self.url = _url(host, self._sock)
        self._server = _Server(_config(self.app, "warning"))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name=f"nemo-engine-{self.url}", daemon=True
        )
        self._stopped = False

    def start(self) -> LocalEngine:
        self._thread.start()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the local engine did not start")
            time.sleep(0.01)
        atexit.register(self.stop)
        return self

    @property
    def data_dir(self) -> Path:
        """Where this engine keeps its state, uploads and renders."""
        folder: Path = self.app.state.engine.data_dir  # Starlette's state is untyped
        return folder

    @property
    def file_key(self) -> str:
        """The capability to hand this engine files by path (``upload_local``); for this process only: never
        pass it on, print it or write it down."""
        key: str = self.app.state.engine.file_key
        return key

    def result_file(self, url: str) -> Path | None:
        """The finished render behind one of this engine's result URLs (``output.url``, signed with the job's
        key), for a caller in this process that copies it instead of downloading it; None when it is not one."""
        found = parse_render_file_path(url.removeprefix(self.url)) if url.startswith(self.url + "/") else None
        if found is None:
            return None
        job_id, key, name = found
        engine = self.app.state.engine
        job = engine.store.job(job_id)
        if job is None or job.status != "completed" or not job.output_path or name != job.output_name:
            return None
        path = Path(engine.data_dir) / job.output_path
        return path if secrets.compare_digest(key, job.url_key) and path.is_file() else None

    def inject(self, fault: str, times: int = 1) -> None:
        """Arm a fault for the next ``times`` matching requests (see :mod:`nemo_widgets.local.faults`)."""
        self.app.state.engine.faults.arm(fault, times)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        _wake_held_polls(self.app)
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._sock.close()
        atexit.unregister(self.stop)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"LocalEngine(url={self.url!r})"


def start_in_background(
    settings: EngineSettings | None = None,
    port: int = 0,
    host: str = "127.0.0.1",
    data_dir: Path | str | None = None,
) -> LocalEngine:
    """Start an engine in this process (port 0: a free one) and wait until it answers."""
    return LocalEngine(_settings_with_dir(settings, data_dir), host, port).start()
