"""Starting the engine: the ``nemo-widgets serve`` command and the in-process start."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from nemo_widgets.local import EngineSettings, start_in_background

from helpers_engine import Api


def test_serve_prints_the_url_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "nemo_widgets.apps.cli", "serve", "--port", "0", "--data-dir", str(tmp_path)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert url, first
        assert httpx.get(f"{url.group(0)}/api/_local/health", timeout=10).json()["code"] == 0
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        assert proc.stderr is not None and "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (tmp_path / "state.db").exists()


def test_ctrl_c_answers_a_held_export_poll_at_once(tmp_path: Path, clip_short: Path) -> None:
    args = [sys.executable, "-m", "nemo_widgets.apps.cli", "serve", "--port", "0", "--data-dir", str(tmp_path)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = re.search(r"http://127\.0\.0\.1:\d+", proc.stdout.readline())
        assert url
        api = Api(url.group(0)).login()
        api.new_session()
        api.upload(clip_short)
        stuck = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
        held: list[Any] = []
        holder = threading.Thread(
            target=lambda: held.append(api.http.get(f"/api/render/proxy/lambda/{stuck}", params={"wait": "20"}))
        )
        holder.start()
        time.sleep(0.5)  # the poll is held now
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        assert time.monotonic() - start < 2.5  # not uvicorn's 3 s grace for open requests, nor the 20 s hold
        holder.join(timeout=5)
        assert held and held[0].status_code == 200 and held[0].json()["status"] == "processing"
        api.close()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_in_process_engine_binds_loopback_and_cleans_its_temp_dir() -> None:
    engine = start_in_background(EngineSettings())
    with engine:
        assert engine.url.startswith("http://127.0.0.1:") and not engine.url.endswith(":0")
        data_dir = engine.data_dir
        assert data_dir.is_dir()
        assert httpx.get(f"{engine.url}/api/_local/health").status_code == 200
    assert not data_dir.exists()


def test_an_engine_left_running_at_exit_stops_without_a_word(tmp_path: Path) -> None:
    """Stopped by ``atexit`` after the interpreter shut its thread pool: no "Application shutdown failed"."""
    script = ("from nemo_widgets.local import EngineSettings, start_in_background\n"
              f"start_in_background(EngineSettings(data_dir={str(tmp_path / 'data')!r}))\n"
              "print('started', flush=True)\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "started"
    assert "Traceback" not in done.stderr and "shutdown failed" not in done.stderr, done.stderr


def test_the_engine_keeps_an_idle_connection_longer_than_the_client_does() -> None:
    """The client (httpx's pool) lets go of an idle connection first, so it never sends a request on one the
    engine is closing at the same moment (seen as "Could not reach the NemoVideo service" under load).

    The idle time is the subject here, not a wait for something: one request, then the connection is left
    idle a second longer than httpx keeps it, then a second request on the same socket must be answered.
    """
    import http.client

    client_idle_limit = httpx.Limits().keepalive_expiry
    assert client_idle_limit is not None
    with start_in_background() as engine:
        host, port = engine.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.request("GET", "/api/health")
            connection.getresponse().read()
            first = connection.sock
            time.sleep(client_idle_limit + 1.0)
            connection.request("GET", "/api/health")
            try:
                connection.getresponse().read()
            except (http.client.RemoteDisconnected, ConnectionError) as exc:
                raise AssertionError(f"the engine closed an idle connection first ({type(exc).__name__})") from exc
            assert connection.sock is first, "the second request did not go on the idle connection"
        finally:
            connection.close()
